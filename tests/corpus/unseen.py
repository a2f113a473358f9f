"""Unseen layout families: drawn for measuring generalisation, never for tuning extraction.

Never look at these families' misses to tune ``docproc/extract.py`` or its label lists; they
stand for real documents from issuers nobody on the team has seen. Each family prints the
same truth as the other families of its document type (the builders of :mod:`documents`),
but with its own structure and its own label wordings (the synonyms real issuers use), all
chosen here in :func:`unseen_style` and stored in the document's style.

- ``invoice_tax_grid``: export tax invoice; parties and references in a 2x2 grid of boxes,
  a route strip, a "Marks & Nos." column, the currency symbol in every amount cell and a
  subtotal / freight / insurance / total block at the bottom right.
- ``pl_package_rows``: packing list with three header columns (shipper, consignee,
  references), one row per package run ("1-3"), L x W x H in cm, weights in metric tonnes
  (US sellers add pounds) and a totals row.
- ``contract_parallel_zh_en``: Chinese left, English right, numbered clauses side by side,
  goods as a small bilingual table inside clause 1.
- ``cert_ruled_grid``: certificate as one ruled label | value grid, the goods on an attached
  list "附件：货物清单" on its own page.
- ``bl_parties_right``: carrier and references on the left, shipper / consignee / notify on
  the right, particulars as a five-column ruled grid with one row per container and a
  totals row.
"""

from __future__ import annotations

import random
import re
from typing import Any

from reportlab.lib.colors import HexColor, white

from . import fmt
from .render import Ctx
from .sheet import Col, Sheet
from .shipment import Shipment

# --------------------------------------------------------------------------- label wordings

_INV = {
    "title": ["TAX INVOICE", "EXPORT INVOICE", "COMMERCIAL / TAX INVOICE", "INVOICE"],
    "seller": ["Exporter", "Exporter / Shipper", "Supplier", "Vendor", "Sold by",
               "Beneficiary"],
    "buyer": ["Consignee", "Importer", "Buyer / Importer", "Sold to", "Invoice to",
              "Customer (Bill to)"],
    "inv_no": ["Invoice No.", "Inv. No.", "Invoice #", "Document No.", "Our Invoice No."],
    "inv_date": ["Dated", "Invoice Date", "Date of Invoice", "Inv. Date", "Dt."],
    "inv_no_date": ["Invoice No. & Date", "Invoice No. / Date", "Inv. No. and Date"],
    "contract": ["Buyer's Order No. & Date", "P.O. No.", "Your Order Ref.", "S/C No.",
                 "Sales Confirmation No.", "Contract Ref."],
    "other_ref": ["Other Reference(s)", "Terms of Payment", "Payment"],
    "terms": ["Terms of Delivery", "Delivery Terms", "Price Basis", "Shipping Terms",
              "Incoterms 2020"],
    "origin": ["Country of Origin of Goods", "Origin of Goods", "Goods of Origin",
               "Made in"],
    "dest": ["Country of Final Destination", "Final Destination"],
    "vessel": ["Vessel / Flight No.", "Carriage by", "Per S.S."],
    "pol": ["Port of Loading", "Loading Port", "Port of Lading", "From"],
    "pod": ["Port of Discharge", "Destination Port", "Port of Unloading", "To"],
    "marks": ["Marks & Nos.", "Marks & Nos. / Container No.", "Shipping Marks"],
    "subtotal": ["Sub-Total", "Subtotal", "Goods Value", "Total Goods Value"],
    "freight": ["Freight", "Ocean Freight", "Sea Freight"],
    "insurance": ["Insurance", "Marine Insurance"],
    "total": ["TOTAL", "Grand Total", "Invoice Total", "Amount Due", "Total Invoice Value"],
    "words": ["Amount chargeable (in words)", "In words", "Total value in words"],
}
_PL = {
    "title": ["PACKING LIST", "PACKING SPECIFICATION", "DETAILED PACKING LIST",
              "PACKING & WEIGHT NOTE"],
    "seller": ["Shipper", "Consignor", "Exporter", "Packed by", "From"],
    "buyer": ["Consignee", "Ship to", "Deliver to", "Receiver", "Importer"],
    "no": ["P/L No.", "Packing List No.", "Ref. No.", "Packing Note No.", "Document No."],
    "date": ["Date", "Date of Issue", "Issued", "Dated"],
    "invoice": ["Invoice No.", "Inv. Ref.", "Against Invoice", "Commercial Invoice No."],
    "contract": ["Contract No.", "Order No.", "S/C No.", "P.O. Ref."],
    "pkg_no": ["Pkg. No.", "Case No.", "C/No.", "Package Nos."],
    "pkgs": ["No. of Pkgs", "Pkgs", "Qty of Pkgs", "Number of Packages"],
    "desc": ["Description of Goods", "Goods", "Item Description", "Contents"],
    "model": ["Model", "Type / Model", "Model No.", "Spec."],
    "qty": ["Qty", "Quantity", "Q'ty"],
    "serial": ["Serial No.", "S/N", "Machine No.", "Frame / Serial No."],
    "dims": ["Dimensions L x W x H (cm)", "Measurement per Pkg (cm)", "Size LxWxH cm"],
    "nw": ["N.W. (MT)", "Net Wt. (MT)", "Nett Weight (M/T)", "Net (tonnes)"],
    "gw": ["G.W. (MT)", "Gross Wt. (MT)", "Gross Weight (M/T)", "Gross (tonnes)"],
    "vol": ["Meas. (m³)", "Volume (M3)", "CBM", "Cubic Meas."],
    "t_pkgs": ["Total No. of Packages", "Total Packages", "Number of Packages",
               "Packed in"],
    "t_nw": ["Total Net Weight", "Total Nett Weight", "Total N.W.", "Net Weight (total)"],
    "t_gw": ["Total Gross Weight", "Total G.W.", "Gross Weight (total)", "Shipping Weight"],
    "t_vol": ["Total Measurement", "Total Volume", "Total CBM", "Cubic Measurement"],
}
_CT = {
    "title": [("销售合同", "SALES CONTRACT"), ("购销合同", "SALE AND PURCHASE CONTRACT"),
              ("货物买卖合同", "CONTRACT FOR THE SALE OF GOODS"), ("合同", "CONTRACT")],
    "no": [("合同编号", "Contract No."), ("合同号", "Contract Number"), ("编号", "Ref. No.")],
    "date": [("签订日期", "Date"), ("签约日期", "Date of Signing"), ("日期", "Dated")],
    "seller": [("卖方", "The Seller"), ("卖方", "The Vendor"), ("出卖人", "Seller"),
               ("供方", "The Supplier")],
    "buyer": [("买方", "The Buyer"), ("买方", "The Purchaser"), ("买受人", "Buyer"),
              ("需方", "The Purchaser")],
    "addr": [("地址", "Address"), ("住所", "Registered Address"), ("地址", "Add.")],
}
_CERT = {
    "title": ["进口旧机电产品装运前检验证书", "装运前检验证书", "旧机电产品装运前检验证书"],
    "no": ["证书编号", "证书号码", "编号", "证书号"],
    "applicant": ["申请人", "申请单位", "收货人（申请人）", "申请人名称"],
    "consignor": ["发货人", "出口商", "发货单位"],
    "contract": ["合同号", "合同编号", "贸易合同号"],
    "invoice": ["发票号", "发票编号", "商业发票号"],
    "bl": ["提单号", "提运单号", "运单号"],
    "place": ["检验地点", "装运前检验地点", "施检地点"],
    "insp_date": ["检验日期", "施检日期", "检验时间"],
    "basis": ["检验依据", "依据标准", "检验依据的标准及规定"],
    "conclusion": ["检验结论", "评定结论", "检验结果"],
    "issue": ["签证日期", "出证日期", "签发日期", "发证日期"],
    "valid": ["证书有效期至", "有效期至", "有效期限"],
    "agency": ["签证机构", "检验机构", "出证机构"],
    "signatory": ["授权签字人", "签字人", "授权签字"],
}
_CERT_EN = {"no": "Certificate No.", "applicant": "Applicant", "consignor": "Consignor",
            "contract": "Contract No.", "invoice": "Invoice No.", "bl": "B/L No.",
            "place": "Place of Inspection", "insp_date": "Date of Inspection",
            "basis": "Basis of Inspection", "conclusion": "Result",
            "issue": "Date of Issue", "valid": "Valid till", "agency": "Issued by",
            "signatory": "Signed by"}
_BL = {
    "title": ["BILL OF LADING FOR OCEAN TRANSPORT OR MULTIMODAL TRANSPORT",
              "COMBINED TRANSPORT BILL OF LADING", "OCEAN BILL OF LADING",
              "NEGOTIABLE BILL OF LADING"],
    "no": ["B/L No.", "Bill of Lading No.", "B/L Number", "Document No."],
    "shipper": ["Shipper / Exporter (complete name and address)", "Shipper",
                "Shipper (Name and Full Address)", "Exporter"],
    "consignee": ["Consignee (complete name and address)", "Consigned to",
                  "Consignee (if To Order so indicate)", "Consignee"],
    "notify": ["Notify Party (complete name and address)", "Notify", "Also Notify",
               "Notify Party (carrier not responsible for failure to notify)"],
    "vessel": ["Ocean Vessel", "Exporting Carrier", "Vessel", "Name of Vessel"],
    "voyage": ["Voy. No.", "Voyage", "Voyage No."],
    "pol": ["Port of Loading", "Port of Lading", "Loading Port"],
    "pod": ["Port of Discharge", "Foreign Port of Unloading", "Discharge Port",
            "Port of Unlading"],
    "marks": ["Container No. / Seal No. / Marks", "Marks & Nos. / Container & Seal",
              "Cntr. Nos. w/Seal Nos."],
    "pkgs": ["No. & Kind of Pkgs", "Quantity", "Number of Packages"],
    "desc": ["Description of Packages and Goods", "Kind of Packages; Description of Goods",
             "Particulars furnished by Shipper"],
    "gw": ["Gross Weight", "Gross Wt.", "Weight"],
    "meas": ["Measurement", "Meas.", "Volume"],
    "onboard": ["Shipped on Board Date", "Laden on Board", "Date Laden on Board",
                "On Board Date"],
    "issue": ["Place and Date of Issue", "Dated at", "Issued at / on"],
}


def _pick(rng: random.Random, pool: dict[str, list[Any]]) -> dict[str, Any]:
    return {k: rng.choice(v) for k, v in pool.items()}


def unseen_style(s: Shipment, family: str, fields: dict[str, Any], items: list[dict[str, Any]],
                 style: dict[str, Any], extra: dict[str, Any]) -> None:
    """Settle the family's own label wordings and formatting choices in ``style``/``extra``."""
    rng = random.Random(f"unseen-{family}-{style['render_seed']}")
    if family == "invoice_tax_grid":
        style["u_labels"] = _pick(rng, _INV)
        style["u_combined_no_date"] = rng.random() < 0.4
        style["u_symbol"] = {"USD": "$" if s.seller.country == "US" and rng.random() < 0.5
                             else rng.choice(["US$", "USD"]),
                             "EUR": "€", "JPY": "¥"}[fields["currency"]]
        extra["contract_date"] = s.contract_date.isoformat()
        extra["incoterm"] = s.incoterm
        extra["dest_country"] = s.discharge_country
    elif family == "pl_package_rows":
        style["u_labels"] = _pick(rng, _PL)
        if style["numfmt"] in ("eu", "space"):  # "12,500 MT" would read as twelve thousand
            style["numfmt"] = "en"
        style["u_lbs"] = s.seller.country in ("US", "GB")
    elif family == "contract_parallel_zh_en":
        style["u_labels"] = _pick(rng, _CT)
        style["u_zh_dates"] = rng.random() < 0.6
        parts = s.buyer.address.split(",")
        extra["signed_at"] = re.sub(r"\s*\d+$", "", parts[-2].strip()) if len(parts) > 1 else ""
    elif family == "cert_ruled_grid":
        style["u_labels"] = _pick(rng, _CERT)
        style["u_label_w"] = rng.choice([0.26, 0.3, 0.34])
    elif family == "bl_parties_right":
        style["u_labels"] = _pick(rng, _BL)
        if style["numfmt"] in ("eu", "space"):  # carriers print "63.440 CBM", never "63,440"
            style["numfmt"] = "en"
        style["u_weight"] = rng.choice(["kgs3", "kgs", "kgs_lbs" if s.seller.country == "US"
                                        else "kgs"])
        extra["booking_no"] = f"{rng.randint(10, 99)}{rng.randint(1000000, 9999999)}"
        extra["place_of_delivery"] = s.port_of_discharge if rng.random() < 0.5 else ""


# --------------------------------------------------------------------------- helpers


def _box_h(sh: Sheet, width: float, lines: list[str], label: str, size: float = 8.5) -> float:
    """Height a :meth:`Sheet.box` needs to show every line of its content."""
    n = sum(len(sh.wrap(ln, width - 8, size)) for ln in lines)
    return 6.5 * len(label.split("\n")) + 6 + n * size * 1.18 + 5


_W = {"no": 0.45, "description": 2.6, "model": 1.3, "brand": 1.1, "quantity": 1.0,
      "unit": 0.6, "unit_price": 1.4, "amount": 1.5, "hs_code": 1.3, "origin": 1.0,
      "manufacture_year": 0.75, "serial_number": 1.45, "hours_used": 0.85, "condition": 0.7,
      "packages": 0.7, "net_weight_kg": 0.95, "gross_weight_kg": 0.95, "volume_cbm": 0.85,
      "marks": 1.2, "pkg_no": 0.7, "dims": 1.3}
_RIGHT = {"unit_price", "amount", "net_weight_kg", "gross_weight_kg", "volume_cbm", "hours_used"}
_CENTER = {"no", "quantity", "unit", "manufacture_year", "packages", "pkg_no", "dims"}


def _cols(sh: Sheet, keys: list[str], heads: dict[str, str], rows: list[dict[str, str]],
          width: float, size: float) -> list[Col]:
    """Column widths by weight, widened so that codes never break inside a word."""
    total = sum(_W[k] for k in keys)
    widths = {k: width * _W[k] / total for k in keys}
    need = {k: max([sh.width(t, size, True) + 8 for r in rows for t in r.get(k, "").split()]
                   or [0]) for k in keys if k != "description"}
    deficit = sum(max(0.0, need[k] - widths[k]) for k in need)
    for k in need:
        widths[k] = max(widths[k], need[k])
    if "description" in widths:
        widths["description"] = max(widths["description"] - deficit, width * 0.14)
    scale = width / sum(widths.values())
    return [Col(k, heads[k], widths[k] * scale,
                "right" if k in _RIGHT else ("center" if k in _CENTER else "left"))
            for k in keys]


def _num(cx: Ctx, v: float, dec: int) -> str:
    return fmt.fmt_number(v, dec, cx.st["numfmt"])


def _item_keys(cx: Ctx, skip: tuple[str, ...] = ()) -> list[str]:
    keys = []
    for c in cx.st["columns"]:
        if c in skip:
            continue
        keys.append(c)
        if c == "quantity" and cx.st.get("qty_mode") == "separate":
            keys.append("unit")
    return keys


def _sign(sh: Sheet, cx: Ctx, caption: str, name: str, *, sign: bool) -> None:
    sh.ensure(80)
    sh.y += 18
    x = sh.right - 210
    sh.text(x, sh.y, caption, 8.5)
    sh.y += 11
    sh.text(x, sh.y, name[:44], 8.5, bold=True)
    if sign:
        sh.signature(x + 12, sh.y + 30, 100, 22)
    sh.y += 38
    sh.hline(x, sh.right, sh.y, 0.5)
    sh.y += 10
    sh.text(x, sh.y, "Authorised Signatory", 8)


def _words(total: float, currency: str) -> str:
    """'US Dollars One Hundred ... Only' (title case, no 'SAY')."""
    w = fmt.amount_in_words(total, currency).removeprefix("SAY ")
    return " ".join(p.capitalize() if p not in ("US",) else p for p in w.split())


# --------------------------------------------------------------------------- invoice


def invoice_tax_grid(sh: Sheet, cx: Ctx) -> None:
    """Export tax invoice: 2x2 party/reference grid, marks column, totals block bottom right."""
    f, L, x = cx.f, cx.st["u_labels"], cx.x
    w = sh.right - sh.left
    half = w / 2
    sym = cx.st["u_symbol"]
    cur = f["currency"]

    def money(v: float) -> str:
        n = _num(cx, v, fmt.money_decimals(cur))
        return f"{sym}{n}" if sym == "$" else f"{sym} {n}"

    sh.y += 22
    sh.text(sh.W / 2, sh.y, L["title"], 16, bold=True, align="center", color=sh.accent)
    sh.y += 12
    sh.text(sh.W / 2, sh.y, "(Supply meant for export under bond / LUT without payment of "
            "integrated tax)" if sh.rng.random() < 0.3 else "ORIGINAL FOR BUYER", 7,
            align="center")
    y0 = sh.y + 6
    seller_lines = [f["seller"], f["seller_address"]]
    buyer_lines = [f["buyer"], f["buyer_address"]]
    hp = max(_box_h(sh, half, seller_lines, L["seller"]),
             _box_h(sh, half, buyer_lines, L["buyer"]), 78)
    sh.box(sh.left, y0, half, hp, L["seller"], seller_lines)
    # Top right: the invoice's own number and date, the order reference, payment.
    rx = sh.left + half
    date = cx.date("document_date")
    rh = hp / 3
    if cx.st["u_combined_no_date"]:
        sh.box(rx, y0, half, rh, L["inv_no_date"], [f"{f['document_number']}  dt. {date}"],
               bold=True)
    else:
        sh.box(rx, y0, half * 0.55, rh, L["inv_no"], [f["document_number"]], bold=True)
        sh.box(rx + half * 0.55, y0, half * 0.45, rh, L["inv_date"], [date])
    ref = f.get("contract_number", "")
    if ref and "Date" in L["contract"]:
        ref += "  dt. " + fmt.fmt_date(x["contract_date"], cx.st["date_format"])
    sh.box(rx, y0 + rh, half, rh, L["contract"], [ref])
    sh.box(rx, y0 + 2 * rh, half, rh, L["other_ref"], [x.get("payment_terms", "")])
    # Bottom row: consignee, and the terms with origin / destination.
    y1 = y0 + hp
    sh.box(sh.left, y1, half, hp, L["buyer"], buyer_lines)
    th = hp / 2
    sh.box(rx, y1, half, th, L["terms"], [f["trade_terms"]])
    if cx.has("country_of_origin"):
        sh.box(rx, y1 + th, half / 2, th, L["origin"], [cx.country(f["country_of_origin"])])
    else:
        sh.box(rx, y1 + th, half / 2, th, "Remarks", ["Origin as per line items"])
    sh.box(rx + half / 2, y1 + th, half / 2, th, L["dest"],
           [cx.country(x.get("dest_country", "CN"),
                       "title" if cx.st["country_style"] == "made_in" else None)])
    # Route strip.
    y2 = y1 + hp
    q = w / 4
    sh.box(sh.left, y2, q, 28, L["vessel"], [x.get("vessel", "")])
    sh.box(sh.left + q, y2, q, 28, L["pol"], [f["port_of_loading"]])
    sh.box(sh.left + 2 * q, y2, q, 28, L["pod"], [f["port_of_discharge"]])
    sh.box(sh.left + 3 * q, y2, q, 28, "Place of Delivery", [f["port_of_discharge"]])
    sh.y = y2 + 34
    # Items with a marks column; the currency symbol in every amount cell.
    keys = ["marks", *_item_keys(cx)]
    heads = {"marks": L["marks"], "description": "Description of Goods", "model": "Model / Type",
             "brand": "Make", "quantity": "Quantity", "unit": "Unit",
             "unit_price": "Rate per Unit", "amount": "Amount", "hs_code": "HS Code",
             "origin": "Origin", "serial_number": "Serial Nos.", "manufacture_year": "Year"}
    rows = []
    for i, it in enumerate(cx.items):
        r = {k: cx.cell(k, it, i) for k in keys if k != "marks"}
        r["unit_price"] = money(it["unit_price"])
        r["amount"] = money(it["amount"])
        r["marks"] = (f"{x.get('marks', 'N/M')}\nC/No. 1-{len(cx.items)}" if i == 0
                      else "-do-")
        rows.append(r)
    size = 7.6 if len(keys) <= 8 else 7.0
    cols = _cols(sh, keys, heads, rows, w, size)
    sh.table(sh.left, cols, rows, ruled=True, size=size, header_fill=cx.st["header_fill"])
    # Totals block, bottom right: subtotal, freight, insurance, total.
    sh.ensure(110)
    bw = 230
    bx = sh.right - bw
    freight = {"CIF": "Included", "CFR": "Included"}.get(cx.x.get("incoterm", ""), "Nil")
    insurance = "Included" if cx.x.get("incoterm") == "CIF" else "Nil"
    lines = [(L["subtotal"], money(f["total_amount"])), (L["freight"], freight),
             (L["insurance"], insurance),
             (f"{L['total']} ({cur})", money(f["total_amount"]))]
    y = sh.y + 4
    for i, (lab, val) in enumerate(lines):
        last = i == len(lines) - 1
        sh.rect(bx, y, bw, 16, lw=0.9 if last else 0.5)
        sh.text(bx + 5, y + 11, lab, 8.5, bold=last)
        sh.text(sh.right - 5, y + 11, val, 9 if last else 8.5, bold=last, align="right")
        y += 16
    sh.y = y + 4
    if cx.st["numfmt"] != "space":
        sh.para(sh.left, f"{L['words']}: {_words(f['total_amount'], cur)}", w, 8.5)
    sh.para(sh.left, "Declaration: We declare that this invoice shows the actual price of the "
            "goods described and that all particulars are true and correct.", w * 0.6, 7.5)
    _sign(sh, cx, f"for {f['seller']}", "", sign=bool(x.get("signature")))


# --------------------------------------------------------------------------- packing list


def _dims(volume: float, packages: int) -> str:
    """L x W x H of one package in cm, close to the stated volume."""
    cm3 = max(volume / max(packages, 1), 0.05) * 1e6
    base = cm3 ** (1 / 3)
    length, width = round(base * 1.6), round(base * 0.85)
    height = max(20, round(cm3 / (length * width)))
    return f"{length}×{width}×{height}"


def pl_package_rows(sh: Sheet, cx: Ctx) -> None:
    """Packing list: shipper | consignee | references, one row per package run, MT."""
    f, L = cx.f, cx.st["u_labels"]
    w = sh.right - sh.left
    sh.y += 8
    sh.rect(sh.left, sh.y, w, 24, lw=0, fill=sh.accent)
    sh.text(sh.W / 2, sh.y + 17, L["title"], 14, bold=True, align="center",
            color=white)
    sh.y += 30
    third = w / 3
    y0 = sh.y

    def block(x: float, label: str, lines: list[str]) -> float:
        sh.y = y0
        sh.text(x, sh.y + 9, label.upper(), 7.5, bold=True, color=sh.accent)
        sh.y += 10
        for i, raw in enumerate(lines):
            for ln in sh.wrap(raw, third - 12, 8.5, i == 0):
                sh.y += 10.5
                sh.text(x, sh.y, ln, 8.5, bold=i == 0)
        return sh.y

    ends = [block(sh.left, L["seller"], [f["seller"], f["seller_address"]]),
            block(sh.left + third, L["buyer"], [f["buyer"], f["buyer_address"]])]
    sh.y = y0 + 4
    refs = [(L["no"], f["document_number"]), (L["date"], cx.date("document_date")),
            (L["invoice"], f["invoice_number"])]
    if cx.has("contract_number"):
        refs.append((L["contract"], f["contract_number"]))
    for lab, val in refs:
        sh.kv(sh.left + 2 * third, lab, val, label_w=third * 0.45, width=third, size=8.5)
    sh.y = max([*ends, sh.y]) + 10
    sh.hline(sh.left, sh.right, sh.y, 1.0, color=sh.accent)
    sh.y += 6
    # One row per run of packages: "1-3", dimensions in cm, weights in tonnes.
    keys = ["pkg_no", "packages", "description", "model", "quantity"]
    if cx.st.get("qty_mode") == "separate":
        keys.append("unit")
    if "serial_number" in cx.st["columns"]:
        keys.append("serial_number")
    keys += ["dims", "net_weight_kg", "gross_weight_kg"]
    if "volume_cbm" in cx.st["columns"]:
        keys.append("volume_cbm")
    heads = {"pkg_no": L["pkg_no"], "packages": L["pkgs"], "description": L["desc"],
             "model": L["model"], "quantity": L["qty"], "unit": "Unit",
             "serial_number": L["serial"], "dims": L["dims"], "net_weight_kg": L["nw"],
             "gross_weight_kg": L["gw"], "volume_cbm": L["vol"]}
    rows = []
    start = 1
    for i, it in enumerate(cx.items):
        p = it["packages"]
        r = {k: cx.cell(k, it, i) for k in keys if k in it or k in ("quantity", "unit")}
        r["pkg_no"] = f"{start}-{start + p - 1}" if p > 1 else str(start)
        r["packages"] = str(p)
        r["dims"] = _dims(it.get("volume_cbm", 0.0) or 1.0, p) if "volume_cbm" in it else \
            _dims(it["gross_weight_kg"] / 1000 * 2.8, p)
        r["net_weight_kg"] = _num(cx, it["net_weight_kg"] / 1000, 3)
        r["gross_weight_kg"] = _num(cx, it["gross_weight_kg"] / 1000, 3)
        if "volume_cbm" in it:
            r["volume_cbm"] = _num(cx, it["volume_cbm"], 3)
        start += p
        rows.append(r)
    total = {"pkg_no": "TOTAL", "packages": str(f["total_packages"]),
             "net_weight_kg": _num(cx, f["net_weight_kg"] / 1000, 3),
             "gross_weight_kg": _num(cx, f["gross_weight_kg"] / 1000, 3)}
    if "volume_cbm" in keys:
        total["volume_cbm"] = _num(cx, f["volume_cbm"], 3)
    size = 7.4 if len(keys) <= 10 else 6.8
    cols = _cols(sh, keys, heads, rows + [total], w, size)
    sh.table(sh.left, cols, rows, ruled=cx.st["ruled"], size=size,
             header_fill=cx.st["header_fill"], total_row=total)
    # Summary, in words and figures; US / UK sellers add pounds.
    sh.y += 6
    pk = f["total_packages"]
    word = fmt.amount_in_words(pk, "X").removeprefix("SAY X ").removesuffix(" ONLY")
    lw = 150

    def wt(kg: float) -> str:
        t = f"{_num(cx, kg / 1000, 3)} MT"
        if cx.st.get("u_lbs"):
            t += f" ({_num(cx, round(kg * 2.20462), 0)} LBS)"
        return t

    summary = [(L["t_pkgs"], f"{word} ({pk}) {cx.st.get('pkg_word', 'PACKAGES')} ONLY"),
               (L["t_nw"], wt(f["net_weight_kg"])), (L["t_gw"], wt(f["gross_weight_kg"])),
               (L["t_vol"], f"{_num(cx, f['volume_cbm'], 3)} m³")]
    for lab, val in summary:
        sh.kv(sh.left, lab, val, label_w=lw, width=w, size=9, bold_value=True)
    if cx.x.get("packing"):
        sh.kv(sh.left, "Kind of packing", cx.x["packing"], label_w=lw, width=w, size=9)
    if cx.x.get("containers"):
        sh.kv(sh.left, "Stuffed in", ", ".join(cx.x["containers"]), label_w=lw, width=w,
              size=9)
    _sign(sh, cx, "For and on behalf of", f["seller"], sign=sh.rng.random() < 0.5)


# --------------------------------------------------------------------------- contract


def _parallel(sh: Sheet, zh: str, en: str, size: float = 9, *, bold: bool = False) -> None:
    """One clause: Chinese in the left column, English in the right, lines side by side."""
    w = sh.right - sh.left
    cw = w / 2 - 10
    left = sh.wrap(zh, cw, size, bold)
    right = sh.wrap(en, cw, size, bold)
    lead = size * 1.35
    for i in range(max(len(left), len(right))):
        sh.ensure(lead)
        sh.y += lead
        if i < len(left):
            sh.text(sh.left, sh.y, left[i], size, bold=bold)
        if i < len(right):
            sh.text(sh.left + w / 2 + 10, sh.y, right[i], size, bold=bold)
    sh.y += 3


def contract_parallel_zh_en(sh: Sheet, cx: Ctx) -> None:
    """Chinese-English parallel contract with numbered clauses; goods table in clause 1."""
    f, L, x = cx.f, cx.st["u_labels"], cx.x
    w = sh.right - sh.left
    zh_dates = cx.st["u_zh_dates"]

    def d_zh(key: str) -> str:
        return fmt.fmt_date(f[key], "zh") if zh_dates else cx.date(key)

    tz, te = L["title"]
    sh.y += 20
    sh.text(sh.W / 2, sh.y, tz, 18, bold=True, align="center", color=sh.accent)
    sh.y += 18
    sh.text(sh.W / 2, sh.y, te, 13, bold=True, align="center", color=sh.accent)
    sh.y += 8
    (nz, ne), (dz, de), (az, ae) = L["no"], L["date"], L["addr"]
    _parallel(sh, f"{nz}：{f['document_number']}", f"{ne}: {f['document_number']}", 9.5)
    _parallel(sh, f"{dz}：{d_zh('document_date')}", f"{de}: {cx.date('document_date')}", 9.5)
    if x.get("signed_at"):
        _parallel(sh, f"签订地点：{x['signed_at']}", f"Place of Signing: {x['signed_at']}", 9)
    sh.hline(sh.left, sh.right, sh.y + 4, 0.6)
    sh.y += 6
    top = sh.y
    (sz, se), (bz, be) = L["seller"], L["buyer"]
    _parallel(sh, f"{sz}：{f['seller']}", f"{se}: {f['seller']}", 9.5, bold=True)
    _parallel(sh, f"{az}：{f['seller_address']}", f"{ae}: {f['seller_address']}", 9)
    _parallel(sh, f"{bz}：{f['buyer']}", f"{be}: {f['buyer']}", 9.5, bold=True)
    _parallel(sh, f"{az}：{f['buyer_address']}", f"{ae}: {f['buyer_address']}", 9)
    _parallel(sh, "经买卖双方协商一致，买方同意购买、卖方同意出售下列货物，并订立本合同条款如下：",
              "The Buyer agrees to buy and the Seller agrees to sell the following goods "
              "on the terms and conditions set forth below:", 9)
    sh.vline(sh.left + w / 2, top, sh.y)
    # Clause 1 with the goods table.
    _parallel(sh, "第一条 货物名称、规格、数量及金额",
              "Article 1. Name of Commodity, Specification, Quantity and Amount", 9.5,
              bold=True)
    heads = {"description": "品名 Description", "model": "型号 Model",
             "brand": "品牌 Brand", "quantity": "数量 Qty", "unit": "单位 Unit",
             "unit_price": f"单价 Unit Price ({cx.cur_label()})",
             "amount": f"金额 Amount ({cx.cur_label()})", "hs_code": "商品编码 HS Code",
             "origin": "原产地 Origin", "manufacture_year": "出厂年份 Year"}
    keys = _item_keys(cx)
    rows = []
    for i, it in enumerate(cx.items):
        r = {k: cx.cell(k, it, i) for k in keys}
        r["unit_price"] = _num(cx, it["unit_price"], fmt.money_decimals(f["currency"]))
        r["amount"] = _num(cx, it["amount"], fmt.money_decimals(f["currency"]))
        rows.append(r)
    total = {keys[0]: "合计 Total",
             "amount": _num(cx, f["total_amount"], fmt.money_decimals(f["currency"]))}
    cols = _cols(sh, keys, heads, rows, w, 7.4)
    sh.table(sh.left, cols, rows, ruled=True, size=7.4, total_row=total)
    top = sh.y
    money = cx.money_total(f["total_amount"])
    words = fmt.amount_in_words(f["total_amount"], f["currency"])
    n = 2
    clauses = [(f"第{_zh_num(n)}条 合同总值：{money}", f"Article {n}. Total Contract Value: "
                f"{money} ({words})")]
    n += 1
    clauses.append((f"第{_zh_num(n)}条 价格条款：{f['trade_terms']}"
                    "（《2020年国际贸易术语解释通则》）",
                    f"Article {n}. Price Terms: {f['trade_terms']} (Incoterms 2020)"))
    n += 1
    if cx.has("country_of_origin"):
        c = f["country_of_origin"]
        clauses.append((f"第{_zh_num(n)}条 原产国：{cx.country(c, 'zh')}",
                        f"Article {n}. Country of Origin: {cx.country(c, 'title')}"))
        n += 1
    clauses.append((f"第{_zh_num(n)}条 装运：自{f['port_of_loading']}港装运至"
                    f"{f['port_of_discharge']}港，最迟装运日期为{d_zh('latest_shipment_date')}，允许分批装运和转运。",
                    f"Article {n}. Shipment: from {f['port_of_loading']} to "
                    f"{f['port_of_discharge']}, latest date of shipment "
                    f"{cx.date('latest_shipment_date')}; partial shipment and transhipment "
                    "allowed."))
    n += 1
    clauses.append((f"第{_zh_num(n)}条 付款方式：{x.get('payment_terms', '')}",
                    f"Article {n}. Terms of Payment: {x.get('payment_terms', '')}"))
    n += 1
    clauses.append((f"第{_zh_num(n)}条 检验：货物装运前由海关总署认可的检验机构实施装运前检验，"
                    "检验费用由卖方承担。",
                    f"Article {n}. Inspection: the goods shall be inspected before shipment "
                    "by an inspection body recognised by the GACC at the Seller's cost."))
    n += 1
    clauses.append((f"第{_zh_num(n)}条 争议解决：因本合同引起的争议，双方应友好协商；协商不成的，"
                    "提交中国国际经济贸易仲裁委员会仲裁。",
                    f"Article {n}. Disputes: disputes arising from this Contract shall be "
                    "settled amicably, failing which they shall be submitted to CIETAC for "
                    "arbitration."))
    n += 1
    clauses.append((f"第{_zh_num(n)}条 本合同以中英文书就，两种文本具有同等效力。",
                    f"Article {n}. This Contract is made in Chinese and English, both texts "
                    "being equally authentic."))
    for zh, en in clauses:
        _parallel(sh, zh, en, 9)
    sh.vline(sh.left + w / 2, top, sh.y)
    # Signatures: seller left, buyer right.
    sh.ensure(110)
    sh.y += 16
    y0 = sh.y
    for i, (cap, name) in enumerate(((f"{sz} {se}（签字盖章）:", f["seller"]),
                                     (f"{bz} {be}（签字盖章）:", f["buyer"]))):
        bx = sh.left + i * w / 2
        sh.text(bx, y0, cap, 9, bold=True)
        if i == 0 and f.get("has_signature"):
            sh.signature(bx + 10, y0 + 36, 100, 22)
        if i == 0 and f.get("has_seal"):
            sh.seal(bx + 150, y0 + 32, 78, f["seller"].upper()[:26], "")
        if i == 1 and f.get("has_signature") and sh.rng.random() < 0.5:
            sh.signature(bx + 10, y0 + 36, 100, 22)
        sh.hline(bx, bx + w / 2 - 30, y0 + 50, 0.5)
        sh.text(bx, y0 + 61, name[:50], 8)
    sh.y = y0 + 70


_ZH_DIGITS = "零一二三四五六七八九十"


def _zh_num(n: int) -> str:
    if n <= 10:
        return _ZH_DIGITS[n]
    return "十" + (_ZH_DIGITS[n - 10] if n > 10 else "")


# --------------------------------------------------------------------------- certificate


def _ruled_rows(sh: Sheet, rows: list[tuple[str, str]], label_w: float, size: float = 9.2
                ) -> None:
    """Label | value rows in a ruled grid; labels shaded, values wrap inside their cell."""
    w = sh.right - sh.left
    for lab, val in rows:
        lab_lines = [ln for part in lab.split("\n") for ln in sh.wrap(part, label_w - 8, 8.5)]
        val_lines = sh.wrap(val, w - label_w - 10, size)
        h = max(len(lab_lines) * 10.5, len(val_lines) * size * 1.3) + 9
        sh.ensure(h)
        y = sh.y
        sh.rect(sh.left, y, label_w, h, lw=0.7, fill=HexColor("#eeeeee"))
        sh.rect(sh.left + label_w, y, w - label_w, h, lw=0.7)
        for i, ln in enumerate(lab_lines):
            sh.text(sh.left + 4, y + 12 + i * 10.5, ln, 8.5)
        for i, ln in enumerate(val_lines):
            sh.text(sh.left + label_w + 5, y + 12 + i * size * 1.3, ln, size)
        sh.y = y + h


def cert_ruled_grid(sh: Sheet, cx: Ctx) -> None:
    """Certificate as one ruled label | value grid, goods on the attached list."""
    from .render import _CONCLUSION

    f, L = cx.f, cx.st["u_labels"]
    w = sh.right - sh.left
    bi = cx.lang == "bi"

    def lab(key: str) -> str:
        return f"{L[key]}\n{_CERT_EN[key]}" if bi else L[key]

    sh.y += 16
    sh.text(sh.right, sh.y, f"No. {f['document_number']}", 9, align="right")
    sh.y += 10
    sh.text(sh.W / 2, sh.y + 8, "中华人民共和国海关总署认可检验机构", 9, align="center")
    sh.y += 14
    sh.text(sh.W / 2, sh.y + 16, sh.rng.choice(_CERT["title"]), 18, bold=True, align="center",
            color=sh.accent)
    sh.y += 24
    if bi:
        sh.text(sh.W / 2, sh.y + 10, "PRE-SHIPMENT INSPECTION CERTIFICATE", 10, bold=True,
                align="center")
        sh.y += 14
    sh.y += 8
    concl = sh.rng.choice(_CONCLUSION[f["conclusion"]])
    rows = [(lab("no"), f["document_number"]), (lab("applicant"), f["applicant"]),
            (lab("consignor"), cx.x["consignor"]), (lab("contract"), f["contract_number"]),
            (lab("invoice"), f["invoice_number"])]
    if cx.has("bl_number"):
        rows.append((lab("bl"), f["bl_number"]))
    rows += [(lab("place"), f["inspection_place"]), (lab("insp_date"), cx.date("inspection_date")),
             (lab("basis"), f["inspection_basis"]),
             ("货物" + ("\nGoods" if bi else ""), "详见附件：货物清单（共 "
              f"{len(cx.items)} 项）"),
             (lab("conclusion"), concl), (lab("agency"), f["issuing_agency"]),
             (lab("issue"), cx.date("document_date")), (lab("valid"), cx.date("valid_until"))]
    _ruled_rows(sh, rows, w * cx.st["u_label_w"])
    sh.ensure(110)
    sh.y += 16
    x = sh.right - 230
    sh.text(x, sh.y, f"{L['signatory']}：{f['authorized_signatory']}", 10)
    if f.get("has_signature"):
        sh.signature(x + 40, sh.y + 34, 90, 22)
    if f.get("has_seal"):
        sh.seal(x + 160, sh.y + 26, 100, f["issuing_agency"], "检验专用章")
    sh.y += 70
    sh.para(sh.left, "注：本证书涂改无效；本证书须与附件同时使用。", w, 8)
    # The attached goods list, on its own page.
    sh.new_page()
    sh.y += 18
    sh.text(sh.left, sh.y, "附件：货物清单" + ("  Annex: List of Goods" if bi else ""), 13,
            bold=True)
    sh.y += 16
    sh.text(sh.left, sh.y, f"（{L['no']}：{f['document_number']}）", 9)
    sh.y += 8
    heads = {"no": "序号", "description": "货物名称", "hs_code": "商品编码",
             "brand": "品牌（制造商）", "model": "型号/规格", "quantity": "数量",
             "unit": "单位", "origin": "原产国（地区）", "manufacture_year": "制造年份",
             "serial_number": "出厂编号/序列号", "hours_used": "已使用时间（小时）"}
    keys = ["no", *_item_keys(cx)]
    rows2 = [{k: cx.cell(k, it, i) for k in keys} for i, it in enumerate(cx.items)]
    cols = _cols(sh, keys, heads, rows2, w, 7.4)
    sh.table(sh.left, cols, rows2, ruled=True, size=7.4)
    sh.y += 10
    sh.text(sh.right - 200, sh.y + 10, f"{f['issuing_agency'][:20]}（盖章）", 8.5)
    sh.y += 20


# --------------------------------------------------------------------------- bill of lading


def _split(total: float, parts: int, dec: int) -> list[float]:
    """``total`` in ``parts`` near-even shares that add up exactly (``dec`` decimals)."""
    unit = 10 ** -dec
    base = round(total / parts / unit) * unit
    out = [round(base, dec) for _ in range(parts - 1)]
    out.append(round(total - sum(out), dec))
    return out


def bl_parties_right(sh: Sheet, cx: Ctx) -> None:
    """B/L with the carrier on the left, the parties on the right, a 5-column grid."""
    f, L, x = cx.f, cx.st["u_labels"], cx.x
    w = sh.right - sh.left
    lw = w * 0.42
    rx = sh.left + lw
    rw = w - lw
    y0 = sh.y + 6
    wstyle = cx.st["u_weight"]

    def weight(kg: float) -> str:
        if wstyle == "kgs3":
            return f"{_num(cx, kg, 3)} KGS"
        t = f"{_num(cx, kg, 0 if kg == int(kg) else 2)} KGS"
        if wstyle == "kgs_lbs":
            t += f"\n{_num(cx, round(kg * 2.20462), 0)} LBS"
        return t

    def meas(cbm: float) -> str:
        return f"{_num(cx, cbm, 3)} CBM"

    # Left: carrier, title, numbers.
    sh.text(sh.left + 4, y0 + 16, x["carrier_short"], 20, bold=True, color=sh.accent)
    sh.text(sh.left + 4, y0 + 28, x["carrier"], 7.5)
    yy = y0 + 40
    for ln in sh.wrap(L["title"], lw - 10, 10.5, True):
        yy += 13
        sh.text(sh.left + 4, yy, ln, 10.5, bold=True)
    yy += 8
    sh.box(sh.left, yy, lw, 28, L["no"], [f["document_number"]], bold=True, size=10)
    sh.box(sh.left, yy + 28, lw / 2, 28, "Booking No.", [x["booking_no"]])
    sh.box(sh.left + lw / 2, yy + 28, lw / 2, 28, "Export References",
           [f"INV {x['invoice_no']}" if x.get("invoice_no") else ""])
    terms = ("Received by the Carrier in apparent good order and condition, unless otherwise "
             "stated, the goods or packages said to contain goods specified herein, to be "
             "carried subject to the terms and conditions on the reverse hereof.")
    ty = yy + 62
    for ln in sh.wrap(terms, lw - 8, 6)[:7]:
        ty += 7
        sh.text(sh.left + 4, ty, ln, 6)
    left_bottom = ty + 6
    # Right: the parties.
    shipper = [f["shipper"], x["shipper_address"]]
    consignee = [f["consignee"], x["consignee_address"]]
    notify = [f["notify_party"]]
    py = y0
    for label, lines in ((L["shipper"], shipper), (L["consignee"], consignee),
                         (L["notify"], notify)):
        h = max(_box_h(sh, rw, lines, label), 40)
        sh.box(rx, py, rw, h, label, lines)
        py += h
    y1 = max(py, left_bottom) + 4
    # Route: two rows of boxes.
    q = w / 4
    place_receipt = x.get("place_of_receipt") or ""
    sh.box(sh.left, y1, q, 28, "Pre-carriage by", [""])
    sh.box(sh.left + q, y1, q, 28, "Place of Receipt", [place_receipt])
    sh.box(sh.left + 2 * q, y1, q, 28, L["vessel"], [f["vessel"]])
    sh.box(sh.left + 3 * q, y1, q, 28, L["voyage"], [f["voyage"]])
    sh.box(sh.left, y1 + 28, q, 28, L["pol"], [f["port_of_loading"]])
    sh.box(sh.left + q, y1 + 28, q, 28, L["pod"], [f["port_of_discharge"]])
    sh.box(sh.left + 2 * q, y1 + 28, q, 28, "Place of Delivery", [x["place_of_delivery"]])
    sh.box(sh.left + 3 * q, y1 + 28, q, 28, "Freight payable at",
           [f["port_of_loading"] if "PREPAID" in x["freight"] else "DESTINATION"])
    sh.y = y1 + 62
    sh.text(sh.W / 2, sh.y, "PARTICULARS FURNISHED BY SHIPPER - CARRIER NOT RESPONSIBLE", 7,
            bold=True, align="center")
    sh.y += 4
    # Five-column ruled grid: one row per container, then the totals.
    cols = [Col("marks", L["marks"], w * 0.25), Col("pkgs", L["pkgs"], w * 0.13, "center"),
            Col("desc", L["desc"], w * 0.36), Col("gw", L["gw"], w * 0.13, "right"),
            Col("meas", L["meas"], w * 0.13, "right")]
    conts = list(zip(f["container_numbers"], f["seal_numbers"], strict=False))
    n = len(conts)
    desc = "\n".join(x["goods_lines"]) + "\nSHIPPER'S LOAD, STOW AND COUNT\nSAID TO CONTAIN"
    pk = f["total_packages"]
    many = cx.st.get("pkg_word", "PACKAGES")

    def pkgs(k: int) -> str:
        return f"{k} {many if k != 1 else many.removesuffix('S')}"

    rows: list[dict[str, str]] = []
    split = n > 1 and pk >= n
    if split:
        pks = [int(v) for v in _split(pk, n, 0)]
        gws = _split(f["gross_weight_kg"], n, 0)
        vols = _split(f["volume_cbm"], n, 2)
        for i, (c, s) in enumerate(conts):
            rows.append({"marks": f"{c}\nSEAL {s}\n{x['container_type']}",
                         "pkgs": pkgs(pks[i]), "desc": desc if i == 0 else "",
                         "gw": weight(gws[i]), "meas": meas(vols[i])})
        total = {"marks": "TOTAL", "pkgs": pkgs(pk), "gw": weight(f["gross_weight_kg"]),
                 "meas": meas(f["volume_cbm"])}
    else:
        rows.append({"marks": "\n".join(f"{c} / {s}" for c, s in conts)
                     + f"\n{x['container_type']}", "pkgs": pkgs(pk), "desc": desc,
                     "gw": weight(f["gross_weight_kg"]), "meas": meas(f["volume_cbm"])})
        total = {"marks": "TOTAL", "pkgs": pkgs(pk)}
    sh.table(sh.left, cols, rows, ruled=True, size=7.8, total_row=total)
    say = fmt.amount_in_words(pk, "X").removeprefix("SAY X ").removesuffix(" ONLY")
    sh.para(sh.left, f"SAY: {say} ({pk}) {pkgs(pk).split(' ', 1)[1]} ONLY", w, 8, bold=True)
    sh.y += 4
    sh.ensure(120)
    y2 = sh.y
    h2 = w / 3
    sh.box(sh.left, y2, h2, 30, L["onboard"], [cx.date("on_board_date")])
    sh.box(sh.left + h2, y2, h2, 30, "Number of Original B/L", [x["originals"]])
    sh.box(sh.left + 2 * h2, y2, h2, 30, L["issue"],
           [f"{f['port_of_loading']}, {cx.date('document_date')}"])
    sh.box(sh.left, y2 + 30, 2 * h2, 26, "Freight and Charges", [x["freight"]])
    sh.y = y2 + 60
    _bl_signature(sh, cx)


def _bl_signature(sh: Sheet, cx: Ctx) -> None:
    x = sh.right - 210
    sh.ensure(60)
    sh.y += 6
    sh.text(x, sh.y, f"Signed for the Carrier {cx.x['carrier']}"[:60], 7.5)
    sh.signature(x + 20, sh.y + 32, 110, 22)
    sh.y += 40
    sh.hline(x, sh.right, sh.y, 0.5)
    sh.y += 10
    sh.text(x, sh.y, "as Carrier", 8)


RENDERERS = {
    "invoice_tax_grid": invoice_tax_grid,
    "pl_package_rows": pl_package_rows,
    "contract_parallel_zh_en": contract_parallel_zh_en,
    "cert_ruled_grid": cert_ruled_grid,
    "bl_parties_right": bl_parties_right,
}
