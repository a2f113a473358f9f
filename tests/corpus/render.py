"""Render a :class:`GeneratedDoc` as a text-layer PDF in its layout family.

Every printed value comes from ``doc.truth`` through the formatters of :mod:`fmt` with the
document's ``style``; ``doc.extra`` only adds context that is not a field of this document
type (bank details, carrier clauses, marks). Pages are drawn twice so that "Page n of m"
footers know m.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportlab.lib.colors import HexColor

from . import fmt
from .documents import GeneratedDoc
from .sheet import Col, Sheet

_TITLES = {
    "contract": ["SALES CONTRACT", "CONTRACT", "PURCHASE CONTRACT", "SALES AGREEMENT"],
    "contract_zh": ["销售合同", "购销合同", "进口合同", "买卖合同"],
    "invoice": ["COMMERCIAL INVOICE", "INVOICE", "Commercial Invoice"],
    "invoice_zh": ["商业发票", "发票"],
    "packing_list": ["PACKING LIST", "PACKING / WEIGHT LIST", "Packing List",
                     "PACKING SPECIFICATION"],
    "packing_list_zh": ["装箱单", "装箱单/重量单"],
}


_MASS_UNITS = {"kg": {"en": "KGS", "zh": "千克"}, "tonne": {"en": "MT", "zh": "吨"}}


class Ctx:
    """Formatting shortcuts bound to one document's truth and style."""

    def __init__(self, doc: GeneratedDoc):
        self.doc = doc
        self.st = doc.style
        self.f = doc.truth["fields"]
        self.items = doc.truth["line_items"]
        self.x = doc.extra
        self.lang = doc.lang

    def has(self, key: str) -> bool:
        """Whether the truth holds this field (only then is it printed)."""
        return key in self.f

    def date(self, key: str) -> str:
        """A date field in the document's date format."""
        return fmt.fmt_date(self.f[key], self.st["date_format"])

    def money(self, v: float, style: str | None = None) -> str:
        """Amount in the document currency."""
        cur = self.f.get("currency") or self.x.get("currency", "USD")
        return fmt.fmt_money(v, cur, style or self.st["money_style"], self.st["numfmt"])

    def money_total(self, v: float) -> str:
        """Totals always name the currency (code or symbol), even with bare columns."""
        ms = self.st["money_style"]
        return self.money(v, "code" if ms == "bare" else ms)

    def cur_label(self) -> str:
        """Currency as named in headers."""
        return fmt.currency_label(self.f.get("currency", "USD"), self.st["money_style"])

    def weight(self, kg: float, style: str | None = None) -> str:
        """Weight with unit."""
        return fmt.fmt_weight(kg, style or self.st["weight_style"], self.st["numfmt"])

    def volume(self, cbm: float, style: str | None = None) -> str:
        """Volume with unit."""
        return fmt.fmt_volume(cbm, style or self.st["volume_style"], self.st["numfmt"])

    def country(self, cc: str, style: str | None = None) -> str:
        """Country name."""
        return fmt.fmt_country(cc, style or self.st["country_style"])

    def label(self, key: str) -> str:
        """Header label text for a field."""
        return self.st["labels"][key]

    def col(self, key: str) -> str:
        """Column header text."""
        return self.st["columns_labels"][key]

    def unit(self, unit: str, q: float) -> str:
        """A unit word: the count units of fmt, and mass units (a seeded unit mismatch)."""
        if unit in _MASS_UNITS:
            return _MASS_UNITS[unit]["zh" if self.st["unit_style"] == "zh" else "en"]
        return fmt.fmt_unit(unit, q, self.st["unit_style"])

    def qty(self, it: dict[str, Any]) -> str:
        """Quantity with its unit word."""
        q = it["quantity"]
        return f"{q} {self.unit(it['unit'], q)}"

    def cell(self, key: str, it: dict[str, Any], idx: int) -> str:
        """Printed text of one table cell."""
        st = self.st
        if key == "no":
            return str(idx + 1)
        if key == "quantity":
            return self.qty(it) if st.get("qty_mode", "combined") == "combined" else str(
                it["quantity"])
        if key == "unit":
            return self.unit(it["unit"], it["quantity"])
        if key not in it:
            return "/" if key == "hours_used" else ""
        v = it[key]
        if key in ("unit_price", "amount"):
            return self.money(v)
        if key == "hs_code":
            return fmt.fmt_hs(v, st["hs_style"])
        if key == "origin":
            cs = st["country_style"]
            return self.country(v, "title" if cs == "made_in" else cs)
        if key in ("net_weight_kg", "gross_weight_kg"):
            return fmt.fmt_weight(v, "bare", st["numfmt"])
        if key == "volume_cbm":
            return fmt.fmt_number(v, 2, st["numfmt"])
        if key == "condition":
            return "旧" if self.lang == "zh" else ("USED" if st["casing"] == "upper" else "Used")
        return str(v)

    def header_for(self, key: str) -> str:
        """Column header, with the unit or currency where the cells are bare numbers."""
        h = self.col(key)
        if key in ("unit_price", "amount") and self.st["money_style"] == "bare":
            h += f" ({self.cur_label()})"
        if key in ("net_weight_kg", "gross_weight_kg"):
            h += " (千克)" if self.lang == "zh" else " (KGS)"
        if key == "volume_cbm" and "CBM" not in h:
            h += " (立方米)" if self.lang == "zh" else " (CBM)"
        if key == "hours_used" and self.lang != "zh" and "Hrs" not in h:
            h += " (h)"
        return h


_WEIGHTS = {"no": 0.45, "description": 2.6, "model": 1.3, "brand": 1.1, "quantity": 1.0,
            "unit": 0.6, "unit_price": 1.4, "amount": 1.5, "hs_code": 1.3, "origin": 1.0,
            "manufacture_year": 0.75, "serial_number": 1.45, "hours_used": 0.85,
            "condition": 0.7, "packages": 0.7, "net_weight_kg": 1.05, "gross_weight_kg": 1.05,
            "volume_cbm": 0.95}
_RIGHT = {"unit_price", "amount", "net_weight_kg", "gross_weight_kg", "volume_cbm", "packages",
          "hours_used"}


def _columns(sh: Sheet, cx: Ctx, keys: list[str], width: float,
             rows: list[dict[str, str]] | None = None, size: float = 8) -> list[Col]:
    total = sum(_WEIGHTS[k] for k in keys)
    widths = {k: width * _WEIGHTS[k] / total for k in keys}
    # Codes (VIN, model, serial) must not break: widen their columns, narrow the description.
    need = {k: max([sh.width(tok, size, True) + 8 for r in rows or [] for tok in
                    r.get(k, "").split()] or [0]) for k in keys if k != "description"}
    deficit = sum(max(0.0, need[k] - widths[k]) for k in need)
    for k in need:
        widths[k] = max(widths[k], need[k])
    if "description" in widths:
        widths["description"] = max(widths["description"] - deficit, width * 0.14)
    scale = width / sum(widths.values())
    return [Col(k, cx.header_for(k), widths[k] * scale,
                "right" if k in _RIGHT else ("center" if k in ("quantity", "no", "unit",
                                                                "manufacture_year") else "left"))
            for k in keys]


def _table_keys(cx: Ctx, order: str = "std") -> list[str]:
    cols = list(cx.st["columns"])
    keys: list[str] = []
    if cx.st.get("numbered", True):
        keys.append("no")
    if order == "qty_first" and "quantity" in cols:
        cols.remove("quantity")
        cols.insert(0, "quantity")
    for c in cols:
        keys.append(c)
        if c == "quantity" and cx.st.get("qty_mode") == "separate":
            keys.append("unit")
    return keys


def _items_table(sh: Sheet, cx: Ctx, *, order: str = "std", totals: bool = True,
                 size: float = 8) -> None:
    keys = _table_keys(cx, order)
    size = min(size, {8: 7.6, 9: 7.2, 10: 6.8}.get(len(keys), 6.5 if len(keys) > 10 else size))
    rows = [{k: cx.cell(k, it, i) for k in keys} for i, it in enumerate(cx.items)]
    cols = _columns(sh, cx, keys, sh.right - sh.left, rows, size)
    total: dict[str, str] | None = None
    if totals:
        total = {keys[1] if keys[0] == "no" else keys[0]: "总计" if cx.lang == "zh" else "TOTAL"}
        if "amount" in keys and cx.has("total_amount"):
            total["amount"] = cx.money_total(cx.f["total_amount"])
        units = {it.get("unit") for it in cx.items}
        if "quantity" in keys and len(units) == 1:
            q = sum(it["quantity"] for it in cx.items)
            total["quantity"] = cx.qty({"quantity": q, "unit": units.pop()})
            if cx.st.get("qty_mode") == "separate":
                total["quantity"] = str(q)
        for k, fk in (("packages", "total_packages"), ("net_weight_kg", "net_weight_kg"),
                      ("gross_weight_kg", "gross_weight_kg"), ("volume_cbm", "volume_cbm")):
            if k in keys and cx.has(fk):
                total[k] = cx.cell(k, {k: cx.f[fk]}, 0)
    sh.table(sh.left, cols, rows, ruled=cx.st["ruled"], size=size,
             header_fill=cx.st["header_fill"], total_row=total)


def _title(sh: Sheet, text: str, size: float = 16, *, underline: bool = False) -> None:
    sh.y += size + 6
    sh.text(sh.W / 2, sh.y, text, size, bold=True, align="center", color=sh.accent)
    if underline:
        w = sh.width(text, size, True)
        sh.hline(sh.W / 2 - w / 2, sh.W / 2 + w / 2, sh.y + 3, 0.8)
    sh.y += 8


def _letterhead(sh: Sheet, cx: Ctx, name: str, address: str, *, align: str = "center") -> None:
    sh.y += 20
    x = sh.W / 2 if align == "center" else sh.left
    sh.text(x, sh.y, name, 15, bold=True, align=align, color=sh.accent)
    for ln in sh.wrap(address, sh.right - sh.left - 40, 8.5):
        sh.y += 11
        sh.text(x, sh.y, ln, 8.5, align=align)
    sh.y += 6
    sh.hline(sh.left, sh.right, sh.y, 1.4, color=sh.accent)
    sh.y += 4


def _party(sh: Sheet, cx: Ctx, x: float, width: float, label: str, name: str, address: str,
           size: float = 9) -> None:
    """Label on its own line, then name (bold) and address lines."""
    sh.y += size * 1.4
    sh.text(x, sh.y, label.replace("\n", " ") + ("" if label.endswith(":") else ":"), size,
            bold=True)
    for ln in sh.wrap(name, width, size + 0.5, True):
        sh.y += size * 1.35
        sh.text(x, sh.y, ln, size + 0.5, bold=True)
    for ln in sh.wrap(address, width, size):
        sh.y += size * 1.3
        sh.text(x, sh.y, ln, size)


def _twocol(sh: Sheet, left: Callable[[float, float], None], right: Callable[[float, float], None],
            split: float = 0.5) -> None:
    """Draw two blocks side by side starting at the same y; continue below the longer one."""
    y0 = sh.y
    mid = sh.left + (sh.right - sh.left) * split
    left(sh.left, mid - sh.left - 12)
    y1 = sh.y
    sh.y = y0
    right(mid, sh.right - mid)
    sh.y = max(sh.y, y1) + 6


def _kvs(sh: Sheet, cx: Ctx, x: float, width: float, pairs: list[tuple[str, str]],
         size: float = 9, sep: str = ":") -> None:
    lw = max((sh.width(lab.split("\n")[0] + sep, size) for lab, _ in pairs), default=60) + 8
    lw = min(lw, width * 0.55)
    for lab, val in pairs:
        sh.kv(x, lab, val, label_w=lw, width=width, size=size, sep=sep)


def _meta_pairs(cx: Ctx, keys: list[str]) -> list[tuple[str, str]]:
    out = []
    for k in keys:
        if not cx.has(k):
            continue
        v = cx.f[k]
        if k in ("document_date", "latest_shipment_date", "on_board_date"):
            v = cx.date(k)
        elif k == "country_of_origin":
            v = cx.country(v)
        elif k == "total_amount":
            v = cx.money_total(v)
        elif k == "currency":
            v = cx.cur_label() if cx.lang == "zh" else v
        elif k in ("net_weight_kg", "gross_weight_kg"):
            v = cx.weight(v)
        elif k == "volume_cbm":
            v = cx.volume(v)
        elif k == "total_packages":
            v = f"{v} {'件' if cx.lang == 'zh' else cx.st.get('pkg_word', 'PACKAGES')}"
        out.append((cx.label(k), str(v)))
    return out


def _signature_block(sh: Sheet, cx: Ctx, x: float, caption: str, name: str, *, sign: bool,
                     seal: bool, seal_text: str = "", width: float = 180) -> None:
    sh.ensure(90)
    sh.y += 14
    sh.text(x, sh.y, caption, 9, bold=True)
    top = sh.y
    if sign:
        sh.signature(x + 10, top + 38, w=width * 0.55, h=24)
    if seal:
        sh.seal(x + width * 0.55, top + 34, 78, seal_text or name.upper()[:24],
                "合同专用章" if any(ord(c) > 0x2E80 for c in seal_text) else "")
    sh.y = top + 52
    sh.hline(x, x + width, sh.y, 0.5)
    sh.y += 11
    sh.text(x, sh.y, name, 8)


def _words_line(sh: Sheet, cx: Ctx) -> None:
    if cx.has("total_amount") and cx.lang != "zh" and cx.st["numfmt"] != "space":
        sh.para(sh.left, fmt.amount_in_words(cx.f["total_amount"], cx.f["currency"]),
                sh.right - sh.left, 8.5, bold=True)


# --------------------------------------------------------------------------- contract


def _contract(sh: Sheet, cx: Ctx) -> None:
    fam = cx.doc.layout
    f = cx.f
    w = sh.right - sh.left
    rng = sh.rng
    zh = cx.lang == "zh"
    if fam == "contract_agreement_prose":
        _title(sh, rng.choice(["PURCHASE AGREEMENT", "SALE AND PURCHASE AGREEMENT"]), 17)
        sh.text(sh.right, sh.y + 10, f"{cx.label('document_number')} {f['document_number']}", 9,
                align="right")
        sh.y += 22
        sh.para(sh.left, (
            f"This Agreement is entered into on {cx.date('document_date')} by and between "
            f"{f['seller']}, having its registered office at {f['seller_address']} (hereinafter "
            f"the \"Seller\"), and {f['buyer']}, having its registered office at "
            f"{f['buyer_address']} (hereinafter the \"Buyer\")."), w, 9.5)
        sh.y += 6
        sh.para(sh.left, "The Seller agrees to sell and the Buyer agrees to buy the following "
                "used equipment on the terms set out below.", w, 9.5)
        sh.y += 4
        sh.para(sh.left, "Article 1 - Goods", w, 10, bold=True)
        cx.st["ruled"] = False
        _items_table(sh, cx)
        arts = [("Article 2 - Price",
                 f"The total price is {cx.money_total(f['total_amount'])} "
                 f"({f['trade_terms']}, Incoterms 2020), currency {f['currency']}.")]
        dl = f"Shipment from {f['port_of_loading']} to {f['port_of_discharge']}, not later than " \
             f"{cx.date('latest_shipment_date')}."
        arts.append(("Article 3 - Delivery", dl))
        if cx.has("country_of_origin"):
            arts.append(("Article 4 - Origin",
                         f"Country of origin of the goods: {cx.country(f['country_of_origin'])}."))
        arts.append(("Article 5 - Payment", cx.x.get("payment_terms", "")))
        arts.append(("Article 6 - Inspection", "The goods are subject to pre-shipment inspection "
                     "by an inspection body recognised by the General Administration of "
                     "Customs of China. The Seller shall provide free access to the goods."))
        for head, body in arts:
            sh.y += 4
            sh.para(sh.left, head, w, 10, bold=True)
            sh.para(sh.left, body, w, 9.5)
        _contract_extra_page(sh, cx)
        _contract_signatures(sh, cx, "For and on behalf of the Seller",
                             "For and on behalf of the Buyer")
        return

    if fam == "contract_cn" or zh:
        _title(sh, rng.choice(_TITLES["contract_zh"]), 18)
        pairs = _meta_pairs(cx, ["document_number", "document_date"])
        sh.y += 4
        _kvs(sh, cx, sh.right - 220, 220, pairs, 9.5, "：")
        _party(sh, cx, sh.left, w, cx.label("seller"), f["seller"], f["seller_address"])
        _party(sh, cx, sh.left, w, cx.label("buyer"), f["buyer"], f["buyer_address"])
        sh.y += 8
        sh.para(sh.left, "买卖双方经友好协商，同意按下列条款签订本合同：", w, 9.5)
        sh.para(sh.left, "一、货物名称、规格、数量及价格：", w, 10, bold=True)
        _items_table(sh, cx)
        clauses = [("二、", "trade_terms", f["trade_terms"]),
                   ("三、", "port_of_loading", f["port_of_loading"]),
                   ("四、", "port_of_discharge", f["port_of_discharge"]),
                   ("五、", "latest_shipment_date", cx.date("latest_shipment_date"))]
        if cx.has("country_of_origin"):
            clauses.append(("六、", "country_of_origin", cx.country(f["country_of_origin"])))
        for num, k, v in clauses:
            sh.kv(sh.left, num + cx.label(k), v, label_w=110, width=w, size=9.5, sep="：")
        sh.kv(sh.left, "七、" + cx.label("currency"), cx.cur_label(), label_w=110, width=w,
              size=9.5, sep="：")
        sh.para(sh.left, "八、检验：货物装运前须经海关总署认可的检验机构实施装运前检验，"
                "卖方应予配合。", w,
                9.5)
        sh.para(sh.left, "九、本合同一式两份，买卖双方各执一份，自双方签字盖章之日起生效。", w, 9.5)
        _contract_extra_page(sh, cx)
        _contract_signatures(sh, cx, "卖方（签章）：", "买方（签章）：")
        return

    if fam == "contract_grid_bilingual":
        _title(sh, rng.choice(["销售合同 SALES CONTRACT", "合同 CONTRACT",
                               "购货合同 PURCHASE CONTRACT"]),
               16)
        bw = w / 2
        y0 = sh.y + 4
        cells = [
            (cx.label("seller"), [f["seller"], f["seller_address"]], 58),
            (cx.label("document_number"), [f["document_number"]], 29),
            (cx.label("buyer"), [f["buyer"], f["buyer_address"]], 58),
            (cx.label("document_date"), [cx.date("document_date")], 29),
        ]
        # Left column: parties; right column: number and date stacked.
        sh.box(sh.left, y0, bw, 62, cells[0][0], cells[0][1])
        sh.box(sh.left + bw, y0, bw, 31, cells[1][0], cells[1][1], bold=True)
        sh.box(sh.left + bw, y0 + 31, bw, 31, cells[3][0], cells[3][1])
        sh.box(sh.left, y0 + 62, bw, 62, cells[2][0], cells[2][1])
        right_pairs = [(k, v) for k, v in _meta_pairs(cx, ["trade_terms", "currency"])]
        sh.box(sh.left + bw, y0 + 62, bw / 2, 31, right_pairs[0][0], [right_pairs[0][1]])
        sh.box(sh.left + 1.5 * bw, y0 + 62, bw / 2, 31, right_pairs[1][0], [right_pairs[1][1]])
        sh.box(sh.left + bw, y0 + 93, bw / 2, 31, cx.label("port_of_loading"),
               [f["port_of_loading"]])
        sh.box(sh.left + 1.5 * bw, y0 + 93, bw / 2, 31, cx.label("port_of_discharge"),
               [f["port_of_discharge"]])
        sh.y = y0 + 130
        _items_table(sh, cx)
        _words_line(sh, cx)
        sh.y += 4
        _kvs(sh, cx, sh.left, w, _meta_pairs(cx, ["latest_shipment_date", "country_of_origin"])
             + [(cx.label("payment"), cx.x.get("payment_terms", ""))], 9)
        sh.para(sh.left, "检验 Inspection: 装运前检验由中国海关认可的检验机构实施 / Pre-shipment "
                "inspection by a body recognised by China Customs.", w, 8.5)
        _contract_extra_page(sh, cx)
        _contract_signatures(sh, cx, "卖方 THE SELLER", "买方 THE BUYER")
        return

    # contract_clauses
    _title(sh, rng.choice(_TITLES["contract"]), 17, underline=True)
    sh.y += 2
    _kvs(sh, cx, sh.right - 230, 230, _meta_pairs(cx, ["document_number", "document_date"]), 9.5)
    _party(sh, cx, sh.left, w, cx.label("seller"), f["seller"], f["seller_address"])
    _party(sh, cx, sh.left, w, cx.label("buyer"), f["buyer"], f["buyer_address"])
    sh.y += 8
    sh.para(sh.left, "This Contract is made by and between the Buyer and the Seller, whereby the "
            "Buyer agrees to buy and the Seller agrees to sell the under-mentioned goods on "
            "the terms and conditions stipulated below:", w, 9)
    sh.y += 4
    sh.para(sh.left, "1. COMMODITY, SPECIFICATION, QUANTITY AND PRICE", w, 9.5, bold=True)
    _items_table(sh, cx)
    _words_line(sh, cx)
    n = 2
    for k in ["trade_terms", "country_of_origin", "port_of_loading", "port_of_discharge",
              "latest_shipment_date"]:
        if not cx.has(k):
            continue
        v = _meta_pairs(cx, [k])[0][1]
        sh.kv(sh.left, f"{n}. {cx.label(k).upper()}", v, label_w=200, width=w, size=9)
        n += 1
    sh.kv(sh.left, f"{n}. {cx.label('payment').upper()}", cx.x.get("payment_terms", ""),
          label_w=200, width=w, size=9)
    sh.para(sh.left, f"{n + 1}. INSPECTION: Pre-shipment inspection shall be carried out by "
            "CCIC or another body recognised by GACC before loading.", w, 9)
    _contract_extra_page(sh, cx)
    _contract_signatures(sh, cx, "THE SELLER", "THE BUYER")


def _contract_extra_page(sh: Sheet, cx: Ctx) -> None:
    if cx.x.get("pages_hint", 1) < 2:
        return
    sh.new_page()
    w = sh.right - sh.left
    zh = cx.lang == "zh"
    sh.para(sh.left, "一般条款" if zh else "GENERAL TERMS AND CONDITIONS", w, 11, bold=True)
    clauses_en = [
        "Force Majeure: The Seller shall not be held responsible for late delivery or non-delivery "
        "owing to generally recognised force majeure causes.",
        "Claims: Any claim concerning quality shall be lodged within 30 days after arrival of the "
        "goods at the port of destination, supported by an inspection report.",
        "Arbitration: All disputes shall be settled amicably; failing which, they shall be "
        "submitted to arbitration under the rules of the arbitration body agreed by both parties.",
        "Documents: Full set of clean on board ocean bills of lading, commercial invoice, "
        "packing list and pre-shipment inspection certificate.",
        "This Contract is made in two originals, one for each party, and enters into force "
        "upon signature.",
    ]
    clauses_zh = ["不可抗力：因不可抗力导致延迟交货或不能交货，卖方不承担责任。",
                  "索赔：品质异议须于货到目的港之日起三十日内提出，并附检验机构出具的检验报告。",
                  "仲裁：凡因本合同引起的争议，双方应友好协商解决；协商不成的，提交仲裁。",
                  "单据：全套清洁已装船提单、商业发票、装箱单及装运前检验证书。"]
    for i, cl in enumerate(clauses_zh if zh else clauses_en, 1):
        sh.y += 3
        sh.para(sh.left, f"{i}. {cl}", w, 9)


def _contract_signatures(sh: Sheet, cx: Ctx, left_cap: str, right_cap: str) -> None:
    sh.ensure(110)
    sh.y += 16
    y0 = sh.y
    seal_text = cx.f["seller"].upper() if cx.lang != "zh" else cx.f["seller"].upper()
    _signature_block(sh, cx, sh.left, left_cap, cx.f["seller"],
                     sign=cx.f.get("has_signature", False), seal=cx.f.get("has_seal", False),
                     seal_text=seal_text[:26])
    sh.y = y0
    _signature_block(sh, cx, sh.W / 2 + 20, right_cap, cx.f["buyer"],
                     sign=cx.f.get("has_signature", False) and sh.rng.random() < 0.5, seal=False)


# --------------------------------------------------------------------------- invoice / PL


def _inv_pl(sh: Sheet, cx: Ctx) -> None:
    fam = cx.doc.layout
    f = cx.f
    w = sh.right - sh.left
    rng = sh.rng
    is_pl = cx.doc.doc_type == "packing_list"
    kind = "packing_list" if is_pl else "invoice"
    title_en = rng.choice(_TITLES[kind])
    title_zh = rng.choice(_TITLES[kind + "_zh"])
    meta_keys = ["document_number", "document_date", "contract_number", "invoice_number"]
    if not is_pl:
        meta_keys += ["trade_terms"]
    route_keys = ["port_of_loading", "port_of_discharge"]
    if cx.has("country_of_origin"):
        route_keys.append("country_of_origin")
    cx.st.setdefault("qty_mode", rng.choice(["combined", "combined", "separate"]))
    cx.st.setdefault("pkg_word", rng.choice(["PACKAGES", "PKGS", "UNITS", "CASES"]))

    if fam in ("invoice_letterhead", "pl_letterhead"):
        _letterhead(sh, cx, f["seller"], f["seller_address"],
                    align=rng.choice(["center", "left"]))
        _title(sh, title_en, 15, underline=True)

        def left(x: float, width: float) -> None:
            _party(sh, cx, x, width, cx.label("buyer"), f["buyer"], f["buyer_address"])

        def right(x: float, width: float) -> None:
            sh.y += 4
            _kvs(sh, cx, x, width, _meta_pairs(cx, meta_keys), 9)

        _twocol(sh, left, right, 0.52)
        _kvs(sh, cx, sh.left, w, _meta_pairs(cx, route_keys), 9)
        sh.y += 4
        _items_table(sh, cx)
        _inv_pl_tail(sh, cx)
        return

    if fam in ("invoice_boxed", "pl_boxed"):
        _title(sh, f"{title_zh} {title_en.upper()}" if cx.lang == "bi" else title_en.upper(), 15)
        bw = w / 2
        y0 = sh.y + 2
        sh.box(sh.left, y0, bw, 64, cx.label("seller"), [f["seller"], f["seller_address"]])
        sh.box(sh.left, y0 + 64, bw, 64, cx.label("buyer"), [f["buyer"], f["buyer_address"]])
        right = [(cx.label(k), v) for k, v in
                 [(k, p[1]) for k, p in zip([k for k in meta_keys if cx.has(k)],
                                            _meta_pairs(cx, meta_keys), strict=True)]]
        right += _meta_pairs(cx, route_keys)
        n = len(right)
        rows = (n + 1) // 2
        h = 128 / max(rows, 1)
        for i, (lab, val) in enumerate(right):
            col, row = i % 2, i // 2
            sh.box(sh.left + bw + col * bw / 2, y0 + row * h, bw / 2, h, lab, [val],
                   bold=i == 0)
        sh.y = y0 + 128 + 8
        _items_table(sh, cx, size=7.8)
        _inv_pl_tail(sh, cx)
        return

    if fam in ("invoice_bilingual", "pl_bilingual"):
        _letterhead(sh, cx, f["seller"], f["seller_address"], align="center")
        _title(sh, f"{title_zh}  {title_en.upper()}", 15)

        def left(x: float, width: float) -> None:
            _kvs(sh, cx, x, width, [(cx.label("buyer"), f["buyer"]),
                                    ("地址 Address", f["buyer_address"])], 8.8)

        def right(x: float, width: float) -> None:
            _kvs(sh, cx, x, width, _meta_pairs(cx, meta_keys), 8.8)

        _twocol(sh, left, right, 0.5)
        _kvs(sh, cx, sh.left, w, _meta_pairs(cx, route_keys), 8.8)
        sh.y += 4
        _items_table(sh, cx)
        _inv_pl_tail(sh, cx)
        return

    if fam == "pl_weight_list":
        _title(sh, rng.choice(["PACKING LIST / WEIGHT LIST", "WEIGHT AND MEASUREMENT LIST"]), 15)

        def left(x: float, width: float) -> None:
            _party(sh, cx, x, width, cx.label("seller"), f["seller"], f["seller_address"])
            _party(sh, cx, x, width, cx.label("buyer"), f["buyer"], f["buyer_address"])

        def right(x: float, width: float) -> None:
            sh.y += 4
            _kvs(sh, cx, x, width, _meta_pairs(cx, meta_keys), 9)

        _twocol(sh, left, right, 0.55)
        sh.hline(sh.left, sh.right, sh.y, 1.0)
        sh.y += 4
        for i, it in enumerate(cx.items):
            sh.ensure(70)
            sh.y += 14
            sh.text(sh.left, sh.y, f"{rng.choice(['CASE', 'PACKAGE', 'ITEM'])} NO. {i + 1}", 9.5,
                    bold=True)
            bits = [f"{cx.col('description')}: {it['description']}",
                    f"{cx.col('model')}: {it['model']}", f"{cx.col('quantity')}: {cx.qty(it)}"]
            if "serial_number" in it:
                bits.append(f"{cx.col('serial_number')}: {it['serial_number']}")
            sh.para(sh.left + 14, "    ".join(bits), w - 14, 9)
            wb = [f"{cx.col('packages')}: {it['packages']}",
                  f"{cx.col('net_weight_kg')}: {cx.weight(it['net_weight_kg'], 'kgs')}",
                  f"{cx.col('gross_weight_kg')}: {cx.weight(it['gross_weight_kg'], 'kgs')}"]
            if "volume_cbm" in it:
                wb.append(f"{cx.col('volume_cbm')}: {cx.volume(it['volume_cbm'], 'cbm')}")
            sh.para(sh.left + 14, "    ".join(wb), w - 14, 9)
            sh.hline(sh.left, sh.right, sh.y + 5, 0.3)
        sh.y += 8
        _inv_pl_tail(sh, cx)
        return

    # invoice_two_column (holdout): seller block left, meta right; Bill to / Ship to.
    def left_hdr(x: float, width: float) -> None:
        for ln in sh.wrap(f["seller"], width, 13, True):
            sh.y += 16
            sh.text(x, sh.y, ln, 13, bold=True, color=sh.accent)
        for ln in sh.wrap(f["seller_address"], width, 8.5):
            sh.y += 11
            sh.text(x, sh.y, ln, 8.5)

    def right_hdr(x: float, width: float) -> None:
        sh.y += 18
        sh.text(sh.right, sh.y, title_en.upper(), 18, bold=True, align="right", color=sh.accent)
        sh.y += 6
        _kvs(sh, cx, x + 20, width - 20, _meta_pairs(cx, meta_keys), 8.8)

    _twocol(sh, left_hdr, right_hdr, 0.5)
    sh.hline(sh.left, sh.right, sh.y, 0.4)

    def bill(x: float, width: float) -> None:
        _party(sh, cx, x, width, cx.label("buyer"), f["buyer"], f["buyer_address"], 8.8)

    def ship(x: float, width: float) -> None:
        sh.y += 12
        sh.text(x, sh.y, "Shipping details:", 8.8, bold=True)
        _kvs(sh, cx, x, width, _meta_pairs(cx, route_keys), 8.8)

    _twocol(sh, bill, ship, 0.5)
    cx.st["ruled"] = False
    _items_table(sh, cx, order="qty_first")
    _inv_pl_tail(sh, cx)


def _inv_pl_tail(sh: Sheet, cx: Ctx) -> None:
    f = cx.f
    w = sh.right - sh.left
    is_pl = cx.doc.doc_type == "packing_list"
    if not is_pl:
        _words_line(sh, cx)
        if cx.has("total_amount") and sh.rng.random() < 0.5:
            sh.kv(sh.right - 240, cx.label("total_amount"), cx.money_total(f["total_amount"]),
                  label_w=110, width=240, size=10, bold_value=True, bold_label=True)
    else:
        sh.y += 4
        _kvs(sh, cx, sh.left, w * 0.6, _meta_pairs(cx, ["total_packages", "net_weight_kg",
                                                         "gross_weight_kg", "volume_cbm"]), 9)
        if cx.x.get("packing"):
            sh.kv(sh.left, "Packing" if cx.lang != "zh" else "包装", cx.x["packing"],
                  label_w=110, width=w, size=9)
        if cx.x.get("containers") and sh.rng.random() < 0.5:
            sh.kv(sh.left, "Container(s)", ", ".join(cx.x["containers"]), label_w=110,
                  width=w, size=9)
    if cx.x.get("payment_terms") and not is_pl:
        sh.kv(sh.left, cx.label("payment"), cx.x["payment_terms"], label_w=110, width=w, size=9)
    if cx.x.get("marks"):
        sh.kv(sh.left, "Shipping Marks", cx.x["marks"], label_w=110, width=w, size=9)
    if cx.x.get("pages_hint", 1) > 1:
        sh.new_page()
        sh.para(sh.left, "REMARKS", w, 10, bold=True)
        sh.para(sh.left, "We hereby certify that the above particulars are true and correct and "
                "that the goods are of the origin stated. All machines are sold in used "
                "condition, as is where is, inspected and approved by the Buyer.", w, 9)
    sh.ensure(80)
    sh.y += 20
    x = sh.right - 200
    sh.text(x, sh.y, "For and on behalf of", 8.5)
    sh.y += 11
    sh.text(x, sh.y, f.get("seller", "")[:40], 8.5, bold=True)
    if cx.x.get("signature"):
        sh.signature(x + 10, sh.y + 32, 100, 22)
    sh.y += 40
    sh.hline(x, sh.right, sh.y, 0.5)
    sh.y += 10
    sh.text(x, sh.y, "Authorized Signature", 8)


# --------------------------------------------------------------------------- bill of lading


def _container_fmt(sh: Sheet, cx: Ctx, c: str) -> str:
    mode = cx.st.setdefault("container_fmt", sh.rng.choice(["plain", "plain", "space", "dash"]))
    if mode == "space":
        return f"{c[:4]} {c[4:]}"
    if mode == "dash":
        return f"{c[:4]} {c[4:10]}-{c[10]}"
    return c


def _bl(sh: Sheet, cx: Ctx) -> None:
    fam = cx.doc.layout
    f = cx.f
    x = cx.x
    w = sh.right - sh.left
    rng = sh.rng
    conts = [f"{_container_fmt(sh, cx, c)} / {s}" for c, s in
             zip(f["container_numbers"], f["seal_numbers"], strict=False)]
    pk = f"{f['total_packages']} {rng.choice(['PACKAGES', 'PKGS', 'UNITS', 'PACKAGE(S)'])}"
    gw = cx.weight(f["gross_weight_kg"])
    vol = cx.volume(f["volume_cbm"])
    shipper = [f["shipper"], x["shipper_address"]]
    consignee = [f["consignee"], x["consignee_address"]]
    notify = [f["notify_party"]]
    ob_date = cx.date("on_board_date")
    issue = cx.date("document_date")

    if fam == "bl_compact":
        _title(sh, "BILL OF LADING", 16)
        sh.text(sh.W / 2, sh.y + 4, f"{x['carrier']}", 9, align="center")
        sh.y += 14
        pairs = [("B/L No.", f["document_number"]), ("Shipper", "\n".join(shipper)),
                 ("Consignee", "\n".join(consignee)), ("Notify Party", f["notify_party"]),
                 ("Vessel / Voyage", f"{f['vessel']} / {f['voyage']}"),
                 ("Port of Loading", f["port_of_loading"]),
                 ("Port of Discharge", f["port_of_discharge"])]
        _kvs(sh, cx, sh.left, w, pairs, 9)
        sh.hline(sh.left, sh.right, sh.y + 2, 0.8)
        sh.y += 6
        sh.para(sh.left, "CONTAINER / SEAL / TYPE", w, 9, bold=True)
        for ln in conts:
            sh.para(sh.left + 10, f"{ln} / {x['container_type']}", w, 9)
        sh.y += 4
        sh.para(sh.left, "DESCRIPTION OF GOODS (SHIPPER'S LOAD, STOW, COUNT AND SEAL)", w, 9,
                bold=True)
        for ln in x["goods_lines"]:
            sh.para(sh.left + 10, ln, w - 10, 9)
        sh.y += 4
        _kvs(sh, cx, sh.left, w, [("Number of Packages", pk), ("Gross Weight", gw),
                                  ("Measurement", vol), ("Freight", x["freight"]),
                                  ("Shipped on Board", ob_date),
                                  ("Place and Date of Issue", f"{f['port_of_loading']}, {issue}"),
                                  ("Number of Original B/L", x["originals"])], 9)
        _bl_sign(sh, cx)
        return

    top_title = {"bl_carrier_grid": "BILL OF LADING", "bl_seawaybill": "SEA WAYBILL",
                 "bl_house": rng.choice(["HOUSE BILL OF LADING", "FIATA MULTIMODAL TRANSPORT "
                                         "BILL OF LADING"])}[fam]
    numbered = fam == "bl_house"
    L = ["1. Consignor" if numbered else "Shipper",
         "2. Consignee" if numbered else rng.choice(["Consignee", "Consignee (or Order)"]),
         "3. Notify Address" if numbered else "Notify Party"]
    bw = w * 0.55
    y0 = sh.y + 6
    sh.box(sh.left, y0, bw, 70, L[0], shipper)
    sh.box(sh.left, y0 + 70, bw, 70, L[1], consignee)
    sh.box(sh.left, y0 + 140, bw, 44, L[2], notify)
    rx = sh.left + bw
    rw = w - bw
    sh.box(rx, y0, rw, 30, "B/L No." if fam != "bl_seawaybill" else "Waybill No.",
           [f["document_number"]], bold=True, size=10)
    sh.text(rx + rw / 2, y0 + 60, top_title, 14, bold=True, align="center", color=sh.accent)
    sh.text(rx + rw / 2, y0 + 78, x["carrier"], 8, align="center")
    if fam == "bl_seawaybill":
        sh.text(rx + rw / 2, y0 + 92, "NON-NEGOTIABLE", 9, bold=True, align="center")
    terms = ("RECEIVED by the Carrier from the Shipper in apparent good order and condition "
             "unless otherwise noted herein the total number or quantity of containers or other "
             "packages or units indicated, for carriage subject to all the terms hereof.")
    yy = y0 + 104
    for ln in sh.wrap(terms, rw - 10, 6)[:8]:
        yy += 7
        sh.text(rx + 5, yy, ln, 6)
    y1 = y0 + 184
    q = w / 4
    vessel_label = "6. Ocean Vessel / Voy. No." if numbered else "Ocean Vessel / Voyage No."
    if fam == "bl_seawaybill":
        sh.box(sh.left, y1, q, 30, "Vessel", [f["vessel"]])
        sh.box(sh.left + q, y1, q, 30, "Voyage No.", [f["voyage"]])
    else:
        sh.box(sh.left, y1, 2 * q, 30, vessel_label, [f"{f['vessel']} {f['voyage']}"
                                                      if rng.random() < 0.5 else
                                                      f"{f['vessel']} V.{f['voyage']}"])
    sh.box(sh.left + 2 * q, y1, q, 30, "7. Port of Loading" if numbered else "Port of Loading",
           [f["port_of_loading"]])
    sh.box(sh.left + 3 * q, y1, q, 30, "8. Port of Discharge" if numbered else
           "Port of Discharge", [f["port_of_discharge"]])
    sh.y = y1 + 36
    cols = [Col("marks", "Container No. / Seal No.\nMarks & Numbers", w * 0.27),
            Col("pkgs", "No. of Pkgs", w * 0.12, "center"),
            Col("desc", "Description of Goods", w * 0.37),
            Col("gw", "Gross Weight", w * 0.12, "right"),
            Col("meas", "Measurement", w * 0.12, "right")]
    desc = "\n".join(x["goods_lines"]) + "\nSHIPPER'S LOAD, STOW, COUNT AND SEAL\nSAID TO CONTAIN"
    if x.get("invoice_no"):
        desc += f"\nINVOICE NO. {x['invoice_no']}"
    sh.table(sh.left, cols, [{"marks": "\n".join(conts) + f"\n{x['container_type']}",
                              "pkgs": pk, "desc": desc, "gw": gw, "meas": vol}],
             ruled=True, size=8)
    sh.y += 4
    sh.ensure(120)
    y2 = sh.y
    sh.box(sh.left, y2, q, 30, "Freight & Charges", [x["freight"]])
    sh.box(sh.left + q, y2, q, 30, "No. of Original B(s)/L", [x["originals"]])
    sh.box(sh.left + 2 * q, y2, 2 * q, 30, "Place and Date of Issue",
           [f"{f['port_of_loading']}  {issue}"])
    if fam == "bl_house":
        sh.y = y2 + 44
        sh.para(sh.left, f"SHIPPED ON BOARD THE VESSEL {f['vessel']} V.{f['voyage']} AT "
                f"{f['port_of_loading']} ON {ob_date}", w * 0.6, 9, bold=True)
    else:
        sh.box(sh.left, y2 + 30, 2 * q, 44, "LADEN ON BOARD THE VESSEL" if fam == "bl_seawaybill"
               else "SHIPPED ON BOARD", [f"Date: {ob_date}", f"{f['vessel']}"])
        sh.y = y2 + 80
    _bl_sign(sh, cx)


def _bl_sign(sh: Sheet, cx: Ctx) -> None:
    x = sh.right - 200
    sh.ensure(60)
    sh.y += 6
    sh.signature(x + 20, sh.y + 30, 110, 22)
    sh.y += 38
    sh.hline(x, sh.right, sh.y, 0.5)
    sh.y += 10
    sh.text(x, sh.y, f"As Agent for the Carrier {cx.x['carrier_short']}", 8)


# --------------------------------------------------------------------------- certificate


_CERT_TITLES = ["进口旧机电产品装运前检验证书", "装运前检验证书",
                "进口旧机电产品装运前检验证书及检验报告"]
_CERT_EN = ["CERTIFICATE OF PRE-SHIPMENT INSPECTION FOR IMPORTED USED MECHANICAL AND "
            "ELECTRICAL PRODUCTS", "PRE-SHIPMENT INSPECTION CERTIFICATE"]


def _cert_labels(cx: Ctx) -> dict[str, str]:
    bi = cx.lang == "bi"
    rng_pick = cx.st["render_seed"] % 2
    zh = {
        "document_number": ["证书编号", "证书号"][rng_pick],
        "document_date": ["签发日期", "发证日期"][rng_pick],
        "applicant": ["申请人", "收货人"][rng_pick],
        "consignor": "发货人",
        "contract_number": "合同号",
        "invoice_number": "发票号",
        "bl_number": "提单号",
        "inspection_place": "检验地点",
        "inspection_date": "检验日期",
        "inspection_basis": "检验依据",
        "conclusion": "检验结论",
        "valid_until": ["有效期至", "证书有效期"][rng_pick],
        "authorized_signatory": "授权签字人",
        "issuing_agency": "检验机构",
    }
    en = {"document_number": "Certificate No.", "document_date": "Date of Issue",
          "applicant": "Applicant", "consignor": "Consignor", "contract_number": "Contract No.",
          "invoice_number": "Invoice No.", "bl_number": "B/L No.",
          "inspection_place": "Place of Inspection", "inspection_date": "Date of Inspection",
          "inspection_basis": "Inspection Basis", "conclusion": "Conclusion",
          "valid_until": "Valid Until", "authorized_signatory": "Authorized Signatory",
          "issuing_agency": "Inspection Body"}
    if cx.lang == "en":  # a certificate without Chinese (seeded certificate.not_chinese)
        return en
    if not bi:
        return zh
    mode = cx.st["bilingual_mode"]
    return {k: (f"{zh[k]}\n{en[k]}" if mode == "stacked" else f"{zh[k]} {en[k]}") for k in zh}


_CONCLUSION = {
    "conforming": ["经检验，上述货物符合中华人民共和国国家技术规范的强制性要求，检验合格。",
                   "检验合格。所检旧机电产品符合我国有关安全、卫生、环境保护等国家技术规范强制性要求。",
                   "符合要求，准予装运。"],
    "non_conforming": ["经检验，上述货物不符合中华人民共和国国家技术规范的强制性要求，检验不合格。",
                       "检验不合格，不准装运。"],
}


def _cert(sh: Sheet, cx: Ctx) -> None:
    fam = cx.doc.layout
    f = cx.f
    w = sh.right - sh.left
    rng = sh.rng
    lab = _cert_labels(cx)
    bi = cx.lang == "bi"
    en = cx.lang == "en"
    d = {k: cx.date(k) for k in ("document_date", "inspection_date", "valid_until")}
    concl = rng.choice(_CONCLUSION[f["conclusion"]])
    if en:
        concl = ("The goods conform to the mandatory requirements of the national technical "
                 "regulations of the importing country." if f["conclusion"] == "conforming"
                 else "The goods do not conform to the mandatory requirements.")
    elif bi and rng.random() < 0.6:
        concl += (" The goods conform to the mandatory requirements of the national technical "
                  "regulations of China." if f["conclusion"] == "conforming" else
                  " The goods do not conform to the mandatory requirements.")
    # Letterhead: the agency.
    sh.y += 18
    if cx.has("issuing_agency"):  # a seeded certificate.missing_field may remove it
        sh.text(sh.W / 2, sh.y, f["issuing_agency"], 13, bold=True, align="center",
                color=sh.accent)
    sh.y += 4
    sh.hline(sh.left, sh.right, sh.y + 3, 1.2, color=sh.accent)
    sh.y += 8
    title = rng.choice(_CERT_TITLES)
    _title(sh, _CERT_EN[1] if en else title, 17)
    if bi:
        sh.para(sh.left, rng.choice(_CERT_EN), w, 9, bold=True, align="center")
    sh.y += 10
    ref_pairs: list[tuple[str, str]] = [(lab["applicant"], f["applicant"]),
                                        (lab["consignor"], cx.x["consignor"])]
    for k in ("contract_number", "invoice_number", "bl_number"):
        if cx.has(k):
            ref_pairs.append((lab[k], f[k]))
    # place, date, basis: only those the truth holds (certificate.missing_field)
    insp_pairs = [(lab[k], d[k] if k == "inspection_date" else f[k])
                  for k in ("inspection_place", "inspection_date", "inspection_basis")
                  if k == "inspection_date" or cx.has(k)]
    basis = [(lab["inspection_basis"], f["inspection_basis"])] \
        if cx.has("inspection_basis") else []
    short_insp = insp_pairs[:len(insp_pairs) - len(basis)]
    sep = "：" if not (bi or en) else ":"

    def sig_block() -> None:
        sh.ensure(120)
        sh.y += 8
        _kvs(sh, cx, sh.left, w * 0.55, [(lab["valid_until"], d["valid_until"]),
                                         (lab["document_date"], d["document_date"])], 9.5, sep)
        y0 = sh.y
        sx = sh.right - 200
        sh.y += 8
        if cx.has("authorized_signatory"):
            sh.text(sx, sh.y, f"{lab['authorized_signatory'].split(chr(10))[0]}{sep}"
                    f"{f['authorized_signatory']}", 10)
        if f.get("has_signature"):
            sh.signature(sx + 30, sh.y + 34, 90, 22)
        if f.get("has_seal"):
            sh.seal(sx + 120, y0 + 36, 104, f.get("issuing_agency", ""),
                    "INSPECTION" if en else "检验专用章")
        sh.y += 44
        sh.hline(sx, sh.right, sh.y, 0.5)
        sh.y += 12
        sh.text(sx, sh.y, "(Seal of the inspection body)" if en else
                f"（{lab['issuing_agency'].split(chr(10))[0]}盖章）", 8)
        sh.y = max(sh.y, y0 + 70)

    if fam == "cert_bilingual":
        bw = w / 2
        y0 = sh.y + 2
        sh.box(sh.left, y0, bw, 34, lab["document_number"], [f["document_number"]], bold=True)
        sh.box(sh.left + bw, y0, bw, 34, lab["applicant"], [f["applicant"]])
        refs = [p for p in ref_pairs[1:]]
        yy = y0 + 34
        for i in range(0, len(refs), 2):
            for j, (lb, v) in enumerate(refs[i:i + 2]):
                sh.box(sh.left + j * bw, yy, bw, 34, lb, [v])
            yy += 34
        for j, (lb, v) in enumerate(short_insp):
            sh.box(sh.left + j * bw, yy, bw, 34, lb, [v])
        for lb, v in basis:
            sh.box(sh.left, yy + 34, w, 42, lb, [v])
        sh.y = yy + 84
        _items_table(sh, cx, totals=False, size=7.6)
        sh.y += 4
        sh.box(sh.left, sh.y, w, 48, lab["conclusion"], [concl])
        sh.y += 52
        sig_block()
    elif fam == "cert_item_blocks":
        sh.text(sh.right, sh.y + 4, f"{lab['document_number']}{sep}{f['document_number']}", 9.5,
                align="right", bold=True)
        sh.y += 10
        _kvs(sh, cx, sh.left, w, ref_pairs + insp_pairs, 9.5, sep)
        sh.y += 4
        sh.para(sh.left, "Goods:" if en else "货物信息：", w, 10, bold=True)
        for i, it in enumerate(cx.items):
            sh.ensure(60)
            sh.y += 6
            parts = [f"{cx.col(k)}{sep}{cx.cell(k, it, i)}" for k in cx.st["columns"]
                     if k in it or k == "quantity"]
            sh.para(sh.left + 10, f"{i + 1}. " + ("; " if en else "；").join(parts), w - 10,
                    9.2)
        sh.y += 6
        sh.kv(sh.left, lab["conclusion"], concl, label_w=70, width=w, size=9.5, sep=sep)
        sig_block()
    elif fam == "cert_report":
        sh.text(sh.right, sh.y + 4, f"{lab['document_number']}{sep}{f['document_number']}", 9.5,
                align="right")
        sh.y += 10
        sh.para(sh.left, "1. General Information" if en else "一、基本信息" if not bi
                else "一、基本信息 General Information", w, 10.5, bold=True)
        _kvs(sh, cx, sh.left + 10, w - 10, ref_pairs, 9.3, sep)
        sh.para(sh.left, "2. Inspection" if en else "二、检验情况" if not bi
                else "二、检验情况 Inspection", w, 10.5, bold=True)
        _kvs(sh, cx, sh.left + 10, w - 10, insp_pairs, 9.3, sep)
        sh.para(sh.left + 10, "Scope: safety, health, environmental protection, energy saving "
                "and conformity; goods as listed in the attached report." if en else
                "检验内容：安全项目、卫生项目、环境保护项目、节能项目及一致性核查；"
                "货物详见所附检验报告。", w - 10, 9.3)
        sh.para(sh.left, ("3. " if en else "三、") + lab["conclusion"].split("\n")[0], w, 10.5,
                bold=True)
        sh.para(sh.left + 10, concl, w - 10, 9.3)
        sig_block()
        sh.new_page()
        _title(sh, "INSPECTION REPORT" if en else "检验报告" if not bi
               else "检验报告 INSPECTION REPORT", 15)
        sh.text(sh.right, sh.y + 2, f"{lab['document_number'].split(chr(10))[0]}{sep}"
                f"{f['document_number']}", 8.5, align="right")
        sh.y += 10
        _items_table(sh, cx, totals=False, size=7.6)
        sh.para(sh.left, "Note: hours as read on the hour meter." if en
                else "注：使用时间为设备计时表读数。", w, 8)
    else:  # cert_table
        sh.text(sh.right, sh.y + 4, f"{lab['document_number'].split(chr(10))[0]}{sep}"
                f"{f['document_number']}", 9.5, align="right", bold=True)
        sh.y += 12
        half = w / 2

        def left(x: float, width: float) -> None:
            _kvs(sh, cx, x, width, ref_pairs, 9.2, sep)

        def right(x: float, width: float) -> None:
            _kvs(sh, cx, x, width, short_insp, 9.2, sep)

        _twocol(sh, left, right, 0.55)
        _ = half
        for lb, v in basis:
            sh.kv(sh.left, lb, v, label_w=80, width=w, size=9.2, sep=sep)
        sh.y += 4
        _items_table(sh, cx, totals=False, size=7.6)
        sh.kv(sh.left, lab["conclusion"], concl, label_w=80, width=w, size=9.5, sep=sep)
        if cx.x.get("pages_hint", 1) > 1 and not en:
            sh.new_page()
            _title(sh, "检验情况说明", 13)
            sh.para(sh.left, "1. 一致性核查：货物名称、品牌、型号、数量、序列号与申报单证"
                    "一致。", w, 9.3)
            sh.para(sh.left, "2. 安全项目：安全防护装置齐全有效，电气安全符合要求。", w, 9.3)
            sh.para(sh.left, "3. 环保项目：无漏油、漏液；排放符合相关标准要求。", w, 9.3)
            sh.para(sh.left, "4. 卫生项目：未发现土壤、动植物残留及其他污染物。", w, 9.3)
        sig_block()


# --------------------------------------------------------------------------- used car docs


def _zh_country(cc: str) -> str:
    return fmt.fmt_country(cc, "zh")


def _vehicle_registration(sh: Sheet, cx: Ctx) -> None:
    f = cx.f
    x = cx.x
    w = sh.right - sh.left
    _title(sh, "机动车登记证书", 20)
    sh.text(sh.right, sh.y + 4, f"编号：{f['document_number']}", 9.5, align="right")
    sh.y += 12
    reg = cx.date("registration_date")
    tr = cx.date("transfer_registration_date")
    if cx.doc.layout == "vr_booklet":
        sh.para(sh.left, "Ⅰ 注册登记摘要信息栏", w, 10.5, bold=True)
        rows = [("1.机动车所有人/身份证明名称/号码",
                 f"{x['previous_owner']}/居民身份证/**********"),
                ("2.登记机关", x["authority"]), ("3.登记日期", reg),
                ("4.机动车登记编号", "粤A" + f["document_number"][-5:])]
        _grid_rows(sh, rows, w)
        sh.para(sh.left, "Ⅱ 转移登记摘要信息栏", w, 10.5, bold=True)
        _grid_rows(sh, [("机动车所有人/身份证明名称/号码", f"{f['owner']}/统一社会信用代码"),
                        ("登记机关", x["authority"]), ("转移登记日期", tr)], w)
        sh.para(sh.left, "Ⅲ 注册登记机动车信息栏", w, 10.5, bold=True)
        _grid_rows(sh, [("5.车辆类型", "小型普通客车"), ("6.车辆品牌", f["brand"]),
                        ("7.车辆型号", f["model"]), ("8.车身颜色", x["colour"]),
                        ("9.车辆识别代号/车架号", f["vin"]), ("10.国产/进口", "国产"),
                        ("11.发动机号", x["engine_no"]), ("12.发证日期", cx.date("document_date"))],
                   w)
    else:
        rows = [("机动车所有人", f["owner"]), ("车辆识别代号", f["vin"]),
                ("车辆品牌", f["brand"]), ("车辆型号", f["model"]),
                ("注册登记日期", reg), ("转移登记日期", tr),
                ("发动机号码", x["engine_no"]), ("车身颜色", x["colour"]),
                ("登记机关", x["authority"]), ("发证日期", cx.date("document_date"))]
        _grid_rows(sh, rows, w, cols=2)
    sh.y += 10
    sh.text(sh.right - 150, sh.y + 30, "登记机关（章）", 9)
    sh.seal(sh.right - 90, sh.y + 30, 96, x["authority"][:14], "车辆管理专用章")
    sh.y += 70


def _grid_rows(sh: Sheet, rows: list[tuple[str, str]], w: float, cols: int = 1) -> None:
    cw = w / cols
    lw = cw * 0.42
    h = 22
    for i in range(0, len(rows), cols):
        sh.ensure(h)
        y = sh.y
        for j, (lab, val) in enumerate(rows[i:i + cols]):
            x = sh.left + j * cw
            sh.rect(x, y, lw, h, lw=0.6, fill=HexColor("#f2f2f2"))
            sh.rect(x + lw, y, cw - lw, h, lw=0.6)
            lab_lines = sh.wrap(lab, lw - 6, 8.2)
            for k, ln in enumerate(lab_lines[:2]):
                sh.text(x + 3, y + 9 + k * 9 + (4 if len(lab_lines) == 1 else 0), ln, 8.2)
            sh.text(x + lw + 4, y + 14, val, 9)
        sh.y = y + h
    sh.y += 6


def _after_sales_letter(sh: Sheet, cx: Ctx) -> None:
    f = cx.f
    w = sh.right - sh.left
    zh = cx.lang == "zh"
    notice = cx.doc.layout == "asl_notice"
    _title(sh, "售后维修服务确认函" if zh else
           "After-sales Maintenance Service Confirmation Letter",
           17 if zh else 14)
    sh.text(sh.right, sh.y + 4, ("编号：" if zh else "Ref. No.: ") + f["document_number"], 9.5,
            align="right")
    sh.y += 14
    # a seeded vehicle.after_sales_letter_incomplete may remove the country or the outlets
    country = "" if not cx.has("export_country") else _zh_country(f["export_country"]) if zh \
        else fmt.fmt_country(f["export_country"], "title")
    if zh:
        sh.para(sh.left, f"致：{cx.x['exporter']}", w, 10)
        body = (f"兹确认，我公司生产的下列车辆{f'出口至{country}' if country else '出口'}后，"
                "我公司将提供维修保养服务、技术支持和零配件供应，特此确认。")
    else:
        sh.para(sh.left, f"To: {cx.x['exporter']}", w, 10)
        body = ("We hereby confirm that, for the vehicle below exported"
                f"{f' to {country}' if country else ''}, we will provide maintenance service, "
                "technical support and spare parts.")
    sh.y += 4
    sh.para(sh.left, body, w, 10)
    sh.y += 6
    rows = ([("品牌", f["brand"]), ("车辆型号", f["model"]), ("车辆识别代号（VIN）", f["vin"]),
             ("出口国家", country)] if zh else
            [("Brand", f["brand"]), ("Model", f["model"]), ("VIN", f["vin"]),
             ("Export Country", country)])
    rows = [r for r in rows if r[1]]
    if notice:
        _grid_rows(sh, rows, w, cols=2)
    else:
        _kvs(sh, cx, sh.left + 10, w - 10, rows, 10, "：" if zh else ":")
    sh.y += 4
    if cx.has("service_outlets"):
        sh.para(sh.left, "售后服务网点：" if zh else "After-sales service outlets:", w, 10,
                bold=True)
        for i, o in enumerate(f["service_outlets"], 1):
            sh.para(sh.left + 12, f"{i}. {o}", w - 12, 9.5)
    sh.y += 20
    x = sh.right - 230
    sh.text(x, sh.y, ("生产企业：" if zh else "Manufacturer: ") + f["manufacturer"], 10)
    sh.y += 16
    sh.text(x, sh.y, ("日期：" if zh else "Date: ") + cx.date("document_date"), 10)
    if f.get("has_seal"):
        sh.seal(x + 150, sh.y - 10, 100, cx.x["seal_name"], "")
    sh.y += 40


def _export_license_application(sh: Sheet, cx: Ctx) -> None:
    f = cx.f
    x = cx.x
    w = sh.right - sh.left
    _title(sh, "中华人民共和国出口许可证申请表", 16)
    sh.text(sh.right, sh.y + 4, f"申请表编号：{f['document_number']}", 9.5, align="right")
    sh.y += 14
    country = _zh_country(f["export_country"])
    rows = [("1.出口商", f["applicant"]), ("2.发货人", f["applicant"]),
            ("3.出口许可证号", ""), ("4.出口许可证有效截止日期", ""),
            ("5.贸易方式", "一般贸易"), ("6.合同号", x["contract_no"]),
            ("7.报关口岸", fmt.fmt_case(x["port"], "upper")), ("8.进口国（地区）", country),
            ("9.付款方式", "电汇"), ("10.运输方式", "海上运输"),
            ("11.商品名称", "二手乘用车"),
            ("12.总值", fmt.fmt_money(x["amount"], x["currency"], "code", "en"))]
    if cx.doc.layout == "ela_form":
        _grid_rows(sh, rows, w, cols=2)
    else:
        _kvs(sh, cx, sh.left, w, [r for r in rows if r[1]], 9.5, "：")
    sh.kv(sh.left, "申请日期", cx.date("document_date"), label_w=80, width=w, size=9.5, sep="：")
    sh.y += 8
    sh.para(sh.left, "附表：二手车出口车辆信息表", w, 11, bold=True)
    sh.y += 6
    keys = (["no", "vin", "brand", "model", "reg", "tr"] if cx.doc.layout == "ela_form"
            else ["no", "brand", "model", "vin", "tr", "reg"])
    heads = {"no": "序号", "vin": "车辆识别代号（VIN）", "brand": "品牌", "model": "车辆型号",
             "reg": "注册登记日期", "tr": "转移登记日期"}
    wts = {"no": 0.5, "vin": 2.1, "brand": 1.0, "model": 1.6, "reg": 1.3, "tr": 1.3}
    tot = sum(wts[k] for k in keys)
    cols = [Col(k, heads[k], w * wts[k] / tot, "center") for k in keys]
    row = {"no": "1", "vin": f["vin"], "brand": f["brand"], "model": f["model"],
           "reg": cx.date("registration_date"), "tr": cx.date("transfer_registration_date")}
    sh.table(sh.left, cols, [row], ruled=True, size=8.5)
    sh.y += 10
    sh.para(sh.left, "申请单位承诺：以上填报内容真实、准确，与《机动车登记证书》记载一致。", w, 9.5)
    sh.y += 20
    sh.text(sh.right - 220, sh.y, "申请单位（盖章）：", 10)
    if f.get("has_seal"):
        sh.seal(sh.right - 80, sh.y, 96, f["applicant"], "")
    sh.y += 50


_RENDERERS: dict[str, Callable[[Sheet, Ctx], None]] = {
    "contract": _contract,
    "invoice": _inv_pl,
    "packing_list": _inv_pl,
    "bill_of_lading": _bl,
    "inspection_certificate": _cert,
    "vehicle_registration": _vehicle_registration,
    "after_sales_letter": _after_sales_letter,
    "export_license_application": _export_license_application,
}


def _draw(doc: GeneratedDoc, target: Any, total_pages: int | None) -> int:
    work = doc.copy()  # renderers may settle lazy style choices; keep the caller's doc intact
    work.style["title"] = f"{doc.doc_type} {doc.truth['fields'].get('document_number', '')}"
    sh = Sheet(target, work.style, total_pages=total_pages)
    from .unseen import RENDERERS as unseen  # unseen.py imports this module: import late
    from .unseen2 import RENDERERS as unseen2
    from .unseen3 import RENDERERS as unseen3
    from .unseen4 import RENDERERS as unseen4
    from .unseen5 import RENDERERS as unseen5
    from .unseen6 import RENDERERS as unseen6
    from .unseen7 import RENDERERS as unseen7

    draw = (unseen.get(doc.layout) or unseen2.get(doc.layout) or unseen3.get(doc.layout)
            or unseen4.get(doc.layout) or unseen5.get(doc.layout) or unseen6.get(doc.layout)
            or unseen7.get(doc.layout) or _RENDERERS[doc.doc_type])
    draw(sh, Ctx(work))
    return sh.finish()


def render_pdf(doc: GeneratedDoc, path: str | Path) -> None:
    """Draw ``doc`` as a text-layer PDF at ``path``."""
    render_pdf_pages(doc, path)


def render_pdf_pages(doc: GeneratedDoc, path: str | Path) -> int:
    """Like :func:`render_pdf`, returning the number of pages drawn."""
    pages = _draw(doc, io.BytesIO(), None)
    _draw(doc, str(path), pages)
    return pages
