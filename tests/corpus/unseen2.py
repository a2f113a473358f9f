"""Second group of unseen layout families: drawn for measuring generalisation, never for tuning.

Never look at these families' misses to tune ``docproc/extract.py`` or its label lists; they
stand for real documents from issuers nobody on the team has seen (the first group, in
:mod:`unseen`, has been looked at). Each family prints the same truth as the other families
of its document type (the builders of :mod:`documents`), but with its own structure and its
own label wordings (synonyms real issuers use), all chosen here in :func:`unseen2_style` and
stored in the document's style.

- ``contract_purchase_order``: a buyer-issued purchase order: the buyer's letterhead, PO
  number / date box, vendor | ship to | bill to, a terms strip, a line table (item, part no.,
  description, qty, UoM, unit price, extended amount) and numbered terms below.
- ``invoice_din_letter``: a DIN-5008-like European letter invoice: sender line above the
  address window, the recipient block at left, an info block at right, "Pos." table with
  decimal-comma numbers, totals at the end and a letter footer with bank details.
- ``pl_case_grid``: packing list as one ruled grid with a row per case (case no., contents,
  qty, N.W., G.W., dimensions), a sub-total row for goods packed in several cases, a totals
  row; weights in kg.
- ``bl_numbered_boxes``: bill of lading whose boxes are numbered ("1. Shipper", "2.
  Consignee", ...), the label in each box's top-left small print, the value below.
- ``cert_official_letter``: Chinese inspection certificate written as an official letter
  (red-headed agency name, 编号, addressed to the applicant, body prose naming the goods and
  quantities, a small goods table, 有效期, seal over the agency's name).
"""

from __future__ import annotations

import random
from typing import Any

from reportlab.lib.colors import HexColor

from . import fmt
from .render import Ctx
from .sheet import Col, Sheet, fit_size, weighted_cols
from .shipment import Shipment

# --------------------------------------------------------------------------- label wordings

_PO = {
    "title": ["PURCHASE ORDER", "Purchase Order", "PURCHASE ORDER / CONTRACT", "ORDER",
              "IMPORT PURCHASE ORDER"],
    "no": ["PO No.", "P.O. Number", "Purchase Order No.", "Order Number", "PO #", "Order No."],
    "date": ["Order Date", "PO Date", "Date of Order", "Date Issued", "Date"],
    "vendor": ["Vendor", "Supplier", "Vendor / Supplier", "To (Supplier)", "Seller / Vendor"],
    "ship_to": ["Ship To", "Deliver To", "Consignee / Ship To", "Delivery Address"],
    "bill_to": ["Bill To", "Invoice To", "Invoice Address", "Billing Address"],
    "item": ["Item", "Line", "Ln", "Itm"],
    "part": ["Part No.", "Item No.", "Material No.", "Part Number", "Mfr. Part No."],
    "desc": ["Description", "Item Description", "Material Description", "Description of Goods"],
    "qty": ["Qty", "Quantity", "Order Qty", "Qty Ordered"],
    "uom": ["UoM", "UOM", "Unit", "U/M"],
    "price": ["Unit Price", "Price / Unit", "Unit Cost", "Net Price"],
    "ext": ["Extended Amount", "Ext. Amount", "Extended Price", "Line Total", "Net Value"],
    "brand": ["Manufacturer", "Mfr.", "Make", "Brand"],
    "hs": ["HTS Code", "HS Code", "Tariff No.", "Commodity Code"],
    "year": ["Year", "Year of Mfg.", "Mfg. Year", "Built"],
    "coo": ["COO", "Origin", "Country of Origin", "Ctry. of Origin"],
    "subtotal": ["Subtotal", "Sub-Total", "Total Net Value", "Merchandise Total"],
    "total": ["Total", "PO Total", "Order Total", "Total Order Value", "Grand Total"],
    "incoterms": ["Incoterms", "Delivery Terms", "Terms of Delivery", "Price Basis",
                  "Shipping Terms"],
    "ship_by": ["Ship By", "Required Ship Date", "Latest Ship Date", "Ship No Later Than",
                "Need By"],
    "payment": ["Payment Terms", "Terms of Payment", "Terms"],
    "ship_via": ["Ship Via", "Mode of Transport", "Shipping Method", "Carrier"],
    "pol": ["Port of Loading", "Ship From Port", "Loading Port", "Origin Port"],
    "pod": ["Port of Discharge", "Destination Port", "Port of Entry", "Discharge Port"],
    "origin": ["Country of Origin", "Origin of Goods", "Goods to be of origin"],
    "buyer_sign": ["Authorized by", "Approved by (Buyer)", "Authorised Signature",
                   "Purchasing Manager"],
    "vendor_sign": ["Accepted by Vendor", "Supplier Acknowledgement", "Accepted (Supplier)",
                    "Vendor Acceptance"],
}
_DIN = {
    "inv_no": ["Rechnungsnr. / Invoice no.", "Rechnungs-Nr.", "Invoice no.",
               "Rechnungsnummer / Invoice number", "Beleg-Nr. / Document no."],
    "date": ["Datum / Date", "Rechnungsdatum / Invoice date", "Datum", "Date",
             "Rechnungsdatum"],
    "cust": ["Kundennr. / Customer no.", "Kunden-Nr.", "Customer no.", "Ihre Kundennummer"],
    "order": ["Ihre Bestellung / Your order", "Ihre Bestellung", "Your order no.",
              "Auftrag / Order ref.", "Ihr Zeichen / Your ref.", "Ihre Bestell-Nr."],
    "contact": ["Ansprechpartner / Contact", "Ansprechpartner", "Bearbeiter", "Contact"],
    "subject": ["Rechnung Nr. {no}", "Rechnung {no}", "RECHNUNG / INVOICE Nr. {no}",
                "Handelsrechnung / Commercial invoice {no}", "Invoice {no}"],
    "greeting": ["Sehr geehrte Damen und Herren,", "Dear Sir or Madam,",
                 "Sehr geehrte Damen und Herren, / Dear Sirs,"],
    "intro": ["für die folgende Lieferung berechnen wir Ihnen:",
              "we invoice you for the following delivery:",
              "wir erlauben uns, Ihnen folgende Lieferung in Rechnung zu stellen:"],
    "pos": ["Pos.", "Pos", "Position", "Pos.-Nr."],
    "art": ["Art.-Nr.", "Artikelnr. / Article no.", "Typ / Model", "Modell", "Typ"],
    "desc": ["Bezeichnung / Description", "Bezeichnung", "Artikelbezeichnung", "Description",
             "Benennung"],
    "brand": ["Hersteller", "Fabrikat", "Marke / Make"],
    "hs": ["Zolltarifnr.", "Warennummer", "HS-Code", "Zolltarif-Nr. / HS code"],
    "origin_col": ["Ursprung", "Ursprungsland", "Origin"],
    "serial": ["Masch.-Nr.", "Seriennummer", "Fabrik-Nr. / Serial no."],
    "year": ["Baujahr", "Bj.", "Year"],
    "qty": ["Menge / Qty", "Menge", "Anzahl", "Qty"],
    "unit": ["Einheit", "ME", "Unit"],
    "price": ["Einzelpreis", "E-Preis", "Preis/Einheit", "Unit price"],
    "amount": ["Gesamtpreis", "Gesamt", "Betrag", "Amount"],
    "net": ["Summe netto / Net total", "Nettobetrag", "Warenwert netto", "Zwischensumme"],
    "vat": ["zzgl. 0 % USt. (steuerfreie Ausfuhrlieferung)",
            "USt. 0 % – steuerfreie Ausfuhrlieferung gem. § 4 Nr. 1a UStG",
            "VAT 0 % (export delivery, tax-exempt)"],
    "total": ["Rechnungsbetrag / Invoice total", "Gesamtbetrag", "Endbetrag",
              "Zu zahlender Betrag / Amount due", "Rechnungsbetrag"],
    "terms": ["Lieferbedingung / Terms of delivery", "Lieferbedingungen", "Incoterms 2020",
              "Lieferung"],
    "payment": ["Zahlungsbedingung / Terms of payment", "Zahlungsbedingungen", "Zahlung"],
    "origin": ["Ursprungsland / Country of origin", "Warenursprung", "Ursprungsland",
               "Ursprung der Ware"],
    "pol": ["Verladehafen / Port of loading", "Verschiffungshafen", "Ladehafen",
            "Versand ab Hafen"],
    "pod": ["Bestimmungshafen / Port of discharge", "Zielhafen", "Löschhafen",
            "Bestimmungshafen"],
    "closing": ["Mit freundlichen Grüßen", "Kind regards", "Mit freundlichen Grüßen / Yours "
                "faithfully"],
}
_PLC = {
    "title": ["PACKING LIST", "CASE PACKING LIST", "PACKING LIST / CASE LIST",
              "DETAILED CASE LIST", "Packing List"],
    "seller": ["Exporter", "Shipper", "Seller", "Consignor", "Packed by"],
    "buyer": ["Consignee", "Importer", "Buyer", "Deliver to", "Sold to"],
    "no": ["Packing List No.", "P/L No.", "List No.", "Document No.", "Ref."],
    "date": ["Date", "Date of Issue", "Packing Date", "Dated"],
    "invoice": ["Invoice No.", "Commercial Invoice No.", "Inv. No.", "Ref. Invoice"],
    "contract": ["Contract No.", "Order No.", "Purchase Order No.", "Sales Contract"],
    "case": ["Case No.", "C/No.", "Case", "Box No.", "Crate No."],
    "contents": ["Contents", "Description of Contents", "Goods", "Packed Goods"],
    "model": ["Model", "Type", "Model / Type", "Spec."],
    "serial": ["Serial No.", "Machine No.", "S/N"],
    "qty": ["Qty", "Quantity", "Pcs/Units"],
    "nw": ["N.W. (kg)", "Net Wt. kg", "Net Weight (kg)", "N.W. kgs"],
    "gw": ["G.W. (kg)", "Gross Wt. kg", "Gross Weight (kg)", "G.W. kgs"],
    "dims": ["Dimensions (cm)", "L × W × H (cm)", "Size (cm)", "Case Dimensions cm"],
    "vol": ["Meas. (m³)", "Volume (m³)", "CBM"],
    "ditto": ["do.", '"', "ditto", "— do —"],
    "subtotal": ["Sub-total", "Item total", "Subtotal"],
    "total": ["TOTAL", "Grand Total", "Totals", "TOTAL SHIPMENT"],
    "t_pkgs": ["Total Cases", "Total Packages", "Number of Cases", "Total No. of Cases"],
    "t_nw": ["Total Net Weight", "Net Weight", "Total N.W."],
    "t_gw": ["Total Gross Weight", "Gross Weight", "Total G.W."],
    "t_vol": ["Total Measurement", "Total Volume", "Total CBM"],
    "case_word": ["CASES", "PACKAGES", "CRATES", "CASES/SKIDS"],
}
_BLN = {
    "title": ["BILL OF LADING", "OCEAN BILL OF LADING", "BILL OF LADING (NON-NEGOTIABLE COPY)",
              "PORT TO PORT BILL OF LADING", "MARINE BILL OF LADING"],
    "shipper": ["Shipper", "Shipper/Exporter", "Shipper (Name and Address)", "Consignor"],
    "consignee": ["Consignee", "Consignee (Name and Address)", "Consigned to Order of",
                  "Consignee / Importer"],
    "notify": ["Notify Party", "Notify Address", "Notify Party (Name and Address)", "Notify"],
    "vessel": ["Vessel", "Ocean Vessel", "Vessel Name", "Name of Ship"],
    "voyage": ["Voyage No.", "Voy.", "Voyage", "Voyage Number"],
    "pol": ["Port of Loading", "Loading Port", "Port of Shipment", "Port of Lading"],
    "pod": ["Port of Discharge", "Discharge Port", "Port of Destination", "Port of Unloading"],
    "delivery": ["Place of Delivery", "Final Destination", "Place of Delivery by On-Carrier"],
    "no": ["B/L No.", "Bill of Lading No.", "B/L Number", "Document No."],
    "marks": ["Marks and Numbers / Container No. / Seal No.", "Container / Seal Nos.",
              "Marks & Nos.; Container & Seal"],
    "pkgs": ["Number and Kind of Packages", "No. of Packages", "Packages", "Number of Pkgs"],
    "desc": ["Description of Goods", "Description of Packages and Goods", "Said to Contain"],
    "gw": ["Gross Weight (kg)", "Gross Weight", "Gross Mass (kg)", "Weight (KGS)"],
    "meas": ["Measurement (m³)", "Measurement", "Volume (CBM)", "Cubic Metres"],
    "freight": ["Freight and Charges", "Freight Payable", "Freight Terms"],
    "onboard": ["Shipped on Board Date", "On Board Date", "Date Shipped on Board",
                "Laden on Board the Vessel"],
    "issue": ["Place and Date of Issue", "Place / Date of Issue", "Issued at"],
    "originals": ["Number of Original B(s)/L", "No. of Originals", "Originals Issued"],
    "number_fmt": ["{n}. {label}", "({n}) {label}", "{n} {label}", "{n}) {label}"],
}
_LETTER = {
    "title": ["装运前检验证书", "进口旧机电产品装运前检验证书",
              "关于进口旧机电产品装运前检验结果的函", "装运前检验结果通知书", "装运前检验证明"],
    "no": ["编号", "文号", "证书编号", "检验证书编号"],
    "to": ["致：{a}", "{a}：", "致 {a}："],
    "contract": ["合同号", "合同编号", "贸易合同"],
    "invoice": ["发票号", "发票编号", "商业发票"],
    "bl": ["提单号", "提运单号"],
    "valid": ["本证书有效期至{d}，逾期无效。", "有效期：自签发之日起至{d}止。",
              "本证书有效期至{d}。", "有效期至{d}，过期须重新申请检验。"],
    "signatory": ["授权签字人", "签字人", "签发人"],
    "closing": ["特此证明。", "特此函告。", "特此通知。"],
    "seal_caption": ["（盖章）", "（检验专用章）", "（公章）"],
}


def _pick(rng: random.Random, pool: dict[str, list[Any]]) -> dict[str, Any]:
    return {k: rng.choice(v) for k, v in pool.items()}


def unseen2_style(s: Shipment, family: str, fields: dict[str, Any],
                  items: list[dict[str, Any]], style: dict[str, Any],
                  extra: dict[str, Any]) -> None:
    """Settle the family's own label wordings and formatting choices in ``style``/``extra``."""
    rng = random.Random(f"unseen2-{family}-{style['render_seed']}")
    if family == "contract_purchase_order":
        style["u2_labels"] = _pick(rng, _PO)
        style["u2_item_step"] = rng.choice([1, 10])
        extra["vendor_no"] = f"V{rng.randint(10000, 99999)}"
        extra["requisitioner"] = rng.choice(["J. Chen", "L. Wang", "M. Zhou", "Purchasing Dept."])
        extra["ship_via"] = rng.choice(["Ocean", "Sea Freight", "FCL Ocean", "Vessel"])
    elif family == "invoice_din_letter":
        style["u2_labels"] = _pick(rng, _DIN)
        style["numfmt"] = "eu"  # decimal comma, point for thousands: 1.234,56
        if rng.random() < 0.7:
            style["date_format"] = "dmy_dot"
        extra["customer_no"] = str(rng.randint(10000, 99999))
        extra["contact"] = rng.choice(["Hr. Berger", "Fr. Keller", "Hr. Janssen", "Fr. Novak"])
        extra["iban"] = "DE" + "".join(str(rng.randint(0, 9)) for _ in range(20))
        extra["vat_id"] = "DE" + "".join(str(rng.randint(0, 9)) for _ in range(9))
        extra["md"] = rng.choice(["Dr. Thomas Weber", "Anna Schulz", "Peter Hoffmann"])
    elif family == "pl_case_grid":
        style["u2_labels"] = _pick(rng, _PLC)
        style["u2_case_fmt"] = rng.choice(["{k}", "C/No. {k}", "{k:03d}", "Case {k}"])
        whole = all(float(it[k]).is_integer() for it in items
                    for k in ("net_weight_kg", "gross_weight_kg"))
        style["u2_kg_dec"] = 0 if whole and style["numfmt"] in ("en", "plain") and \
            rng.random() < 0.5 else 2
    elif family == "bl_numbered_boxes":
        style["u2_labels"] = _pick(rng, _BLN)
        if style["numfmt"] in ("eu", "space"):  # carriers print "63.440 CBM", never "63,440"
            style["numfmt"] = "en"
        style["u2_gw_dec"] = rng.choice([2, 3])
        style["u2_slc"] = rng.random() < 0.6
    elif family == "cert_official_letter":
        style["u2_labels"] = _pick(rng, _LETTER)


# --------------------------------------------------------------------------- helpers


def _num(cx: Ctx, v: float, dec: int) -> str:
    return fmt.fmt_number(v, dec, cx.st["numfmt"])


_W = {"no": 0.5, "item": 0.5, "part": 1.3, "model": 1.3, "description": 2.6, "brand": 1.1,
      "hs_code": 1.25, "origin": 1.0, "manufacture_year": 0.7, "serial_number": 1.45,
      "hours_used": 0.85, "quantity": 0.7, "unit": 0.6, "unit_price": 1.3, "amount": 1.45,
      "case": 0.8, "contents": 2.4, "nw": 1.0, "gw": 1.0, "dims": 1.25, "vol": 0.85}
_RIGHT = {"unit_price", "amount", "nw", "gw", "vol", "hours_used"}
_CENTER = {"no", "item", "quantity", "unit", "manufacture_year", "case", "dims"}


def _cols(sh: Sheet, keys: list[str], heads: dict[str, str], rows: list[dict[str, str]],
          width: float, size: float, flex: str = "description") -> list[Col]:
    return weighted_cols(sh, keys, heads, rows, width, size, _W, _RIGHT, _CENTER, flex)


def _split(total: float, parts: int, dec: int) -> list[float]:
    """``total`` in ``parts`` near-even shares that add up exactly (``dec`` decimals)."""
    unit = 10 ** -dec
    base = round(total / parts / unit) * unit
    out = [round(base, dec) for _ in range(parts - 1)]
    out.append(round(total - sum(out), dec))
    return out


def _box_h(sh: Sheet, width: float, lines: list[str], size: float = 8.5) -> float:
    n = sum(len(sh.wrap(ln, width - 8, size)) for ln in lines)
    return 6.5 + 6 + n * size * 1.18 + 5


# --------------------------------------------------------------------------- contract


def contract_purchase_order(sh: Sheet, cx: Ctx) -> None:
    """Buyer-issued purchase order: buyer letterhead, vendor / ship to / bill to, line table."""
    f, L, x = cx.f, cx.st["u2_labels"], cx.x
    w = sh.right - sh.left
    cur = f["currency"]
    dec = fmt.money_decimals(cur)
    # The buyer's letterhead at left, the title and the PO box at right.
    sh.y += 18
    sh.text(sh.left, sh.y, f["buyer"], 13, bold=True, color=sh.accent)
    for ln in sh.wrap(f["buyer_address"], w * 0.55, 8):
        sh.y += 10
        sh.text(sh.left, sh.y, ln, 8)
    bw = w * 0.38
    bx = sh.right - bw
    top = sh.margin - 6 + 4
    sh.text(sh.right, top + 16, L["title"], 16, bold=True, align="right")
    sh.box(bx, top + 24, bw * 0.5, 28, L["no"], [f["document_number"]], bold=True, size=9.5)
    sh.box(bx + bw * 0.5, top + 24, bw * 0.5, 28, L["date"], [cx.date("document_date")])
    sh.box(bx, top + 52, bw * 0.5, 24, "Vendor No.", [x["vendor_no"]])
    sh.box(bx + bw * 0.5, top + 52, bw * 0.5, 24, "Requisitioner", [x["requisitioner"]])
    sh.y = max(sh.y, top + 76) + 12
    # Vendor | Ship to | Bill to.
    third = w / 3
    vendor = [f["seller"], f["seller_address"]]
    ship_to = [f["buyer"], f"Port of entry: {f['port_of_discharge']}"]
    bill_to = [f["buyer"], f["buyer_address"]]
    h = max(_box_h(sh, third, vendor), _box_h(sh, third, bill_to), 60)
    y0 = sh.y
    sh.box(sh.left, y0, third, h, L["vendor"], vendor)
    sh.box(sh.left + third, y0, third, h, L["ship_to"], ship_to)
    sh.box(sh.left + 2 * third, y0, third, h, L["bill_to"], bill_to)
    # Terms strip: two rows of boxes.
    y1 = y0 + h + 6
    q = w / 4
    sh.box(sh.left, y1, q, 26, L["incoterms"], [f["trade_terms"]])
    sh.box(sh.left + q, y1, q, 26, L["ship_by"], [cx.date("latest_shipment_date")])
    sh.box(sh.left + 2 * q, y1, q, 26, L["ship_via"], [x["ship_via"]])
    sh.box(sh.left + 3 * q, y1, q, 26, "Currency", [cur])
    sh.box(sh.left, y1 + 26, q, 26, L["pol"], [f["port_of_loading"]])
    sh.box(sh.left + q, y1 + 26, q, 26, L["pod"], [f["port_of_discharge"]])
    sh.box(sh.left + 2 * q, y1 + 26, 2 * q, 26, L["payment"], [x.get("payment_terms", "")])
    sh.y = y1 + 60
    # Line table: item, part no., description, (optional), qty, UoM, unit price, extended.
    opt = [c for c in cx.st["columns"] if c in ("brand", "hs_code", "origin",
                                                "manufacture_year")]
    keys = ["item", "part", "description", *opt, "quantity", "unit", "unit_price", "amount"]
    heads = {"item": L["item"], "part": L["part"], "description": L["desc"],
             "brand": L["brand"], "hs_code": L["hs"], "origin": L["coo"],
             "manufacture_year": L["year"], "quantity": L["qty"], "unit": L["uom"],
             "unit_price": f"{L['price']} ({cur})", "amount": f"{L['ext']} ({cur})"}
    step = cx.st["u2_item_step"]
    rows = []
    for i, it in enumerate(cx.items):
        r = {k: cx.cell(k, it, i) for k in opt}
        r.update({"item": str((i + 1) * step), "part": it.get("model", ""),
                  "description": it.get("description", ""), "quantity": str(it["quantity"]),
                  "unit": cx.unit(it["unit"], it["quantity"]),
                  "unit_price": _num(cx, it["unit_price"], dec),
                  "amount": _num(cx, it["amount"], dec)})
        rows.append(r)
    size = fit_size(sh, keys, rows, w, 7.6 if len(keys) <= 9 else 7.0)
    cols = _cols(sh, keys, heads, rows, w, size)
    sh.table(sh.left, cols, rows, ruled=True, size=size, header_fill=cx.st["header_fill"])
    # Totals, right.
    sh.ensure(70)
    tw = 220
    tx = sh.right - tw
    lines = [(L["subtotal"], _num(cx, f["total_amount"], dec)), ("Freight", "Included"
             if f["trade_terms"][:3] in ("CIF", "CFR") else "—"),
             (f"{L['total']} {cur}", _num(cx, f["total_amount"], dec))]
    y = sh.y + 2
    for i, (lab, val) in enumerate(lines):
        last = i == len(lines) - 1
        sh.rect(tx, y, tw, 15, lw=0.9 if last else 0.5)
        sh.text(tx + 5, y + 10.5, lab, 8.5, bold=last)
        sh.text(sh.right - 5, y + 10.5, val, 9 if last else 8.5, bold=last, align="right")
        y += 15
    sh.y = y + 6
    # Terms and conditions below.
    sh.text(sh.left, sh.y + 8, "TERMS AND CONDITIONS", 8.5, bold=True)
    sh.y += 8
    terms = [f"This order is placed on {f['trade_terms']} terms (Incoterms 2020); the price "
             "includes export packing suitable for ocean transport.",
             f"Goods shall be shipped from {f['port_of_loading']} to {f['port_of_discharge']} "
             f"not later than {cx.date('latest_shipment_date')}; partial shipments allowed.",
             f"{L['payment']}: {x.get('payment_terms', '')}."]
    if cx.has("country_of_origin"):
        terms.append(f"{L['origin']}: {cx.country(f['country_of_origin'])}.")
    terms += ["The goods are subject to pre-shipment inspection by an agency recognised by "
              "the GACC at the Vendor's cost.",
              "Please quote the PO number on all invoices, packing lists and shipping "
              "documents and return a signed copy of this order as acknowledgement."]
    for i, t in enumerate(terms, 1):
        sh.para(sh.left, f"{i}. {t}", w, 7.8)
    # Signatures: buyer left (authorised), vendor acceptance right.
    sh.ensure(90)
    sh.y += 20
    y0 = sh.y
    for i, (cap, name) in enumerate(((L["buyer_sign"], f["buyer"]),
                                     (L["vendor_sign"], f["seller"]))):
        bx2 = sh.left + i * w / 2
        sh.text(bx2, y0, cap, 8.5, bold=True)
        if i == 0 and f.get("has_signature"):
            sh.signature(bx2 + 10, y0 + 34, 100, 22)
        if i == 1 and f.get("has_seal"):
            sh.seal(bx2 + 150, y0 + 30, 76, f["seller"].upper()[:26], "")
        sh.hline(bx2, bx2 + w / 2 - 30, y0 + 46, 0.5)
        sh.text(bx2, y0 + 56, name[:50], 8)
    sh.y = y0 + 64


# --------------------------------------------------------------------------- invoice


def invoice_din_letter(sh: Sheet, cx: Ctx) -> None:
    """DIN-5008-like letter invoice: address window, info block, Pos. table, decimal comma."""
    f, L, x = cx.f, cx.st["u2_labels"], cx.x
    w = sh.right - sh.left
    cur = f["currency"]
    dec = fmt.money_decimals(cur)
    # Letterhead right, the sender line above the address window.
    sh.text(sh.right, sh.y + 22, f["seller"], 15, bold=True, align="right", color=sh.accent)
    addr_parts = [p.strip() for p in f["seller_address"].split(",")]
    yy = sh.y + 34
    for p in addr_parts:
        sh.text(sh.right, yy, p, 7.5, align="right")
        yy += 9
    win_top = max(yy + 14, 130)
    sender = f"{f['seller']} · " + " · ".join(addr_parts)
    sender = sh.wrap(sender, w * 0.5, 6.2)[0] if sh.width(sender, 6.2) > w * 0.5 else sender
    sh.text(sh.left, win_top, sender, 6.2)
    sh.hline(sh.left, sh.left + min(sh.width(sender, 6.2), w * 0.5), win_top + 1.5, 0.3)
    # Full sender address also in the footer; the window holds the recipient.
    ry = win_top + 16
    sh.text(sh.left, ry, f["buyer"], 9.5, bold=True)
    for p in [q.strip() for q in f["buyer_address"].split(",")]:
        for ln in sh.wrap(p, w * 0.5, 9):
            ry += 11.5
            sh.text(sh.left, ry, ln, 9)
    # Info block at right.
    ix = sh.left + w * 0.58
    lw = w * 0.24
    info = [(L["inv_no"], f["document_number"]), (L["date"], cx.date("document_date")),
            (L["cust"], x["customer_no"]), (L["order"], f.get("contract_number", "")),
            (L["contact"], x["contact"])]
    iy = win_top - 4
    for lab, val in info:
        iy += 11.5
        sh.text(ix, iy, lab, 7.5)
        sh.text(ix + lw, iy, val, 8.5, bold=lab == L["inv_no"])
    sh.y = max(ry, iy) + 28
    sh.text(sh.left, sh.y, L["subject"].format(no=f["document_number"]), 11.5, bold=True)
    sh.y += 8
    sh.para(sh.left, L["greeting"], w, 9)
    sh.para(sh.left, L["intro"], w, 9)
    sh.y += 4
    # Pos. table, decimal comma numbers.
    opt = [c for c in cx.st["columns"] if c in ("brand", "hs_code", "origin", "serial_number",
                                                "manufacture_year")]
    keys = ["no", "model", "description", *opt, "quantity", "unit", "unit_price", "amount"]
    heads = {"no": L["pos"], "model": L["art"], "description": L["desc"], "brand": L["brand"],
             "hs_code": L["hs"], "origin": L["origin_col"], "serial_number": L["serial"],
             "manufacture_year": L["year"], "quantity": L["qty"], "unit": L["unit"],
             "unit_price": f"{L['price']} {cur}", "amount": f"{L['amount']} {cur}"}
    rows = []
    for i, it in enumerate(cx.items):
        r = {k: cx.cell(k, it, i) for k in opt}
        r.update({"no": str(i + 1), "model": it.get("model", ""),
                  "description": it.get("description", ""), "quantity": str(it["quantity"]),
                  "unit": cx.unit(it["unit"], it["quantity"]),
                  "unit_price": _num(cx, it["unit_price"], dec),
                  "amount": _num(cx, it["amount"], dec)})
        rows.append(r)
    size = fit_size(sh, keys, rows, w, 7.8 if len(keys) <= 9 else 7.1)
    cols = _cols(sh, keys, heads, rows, w, size)
    sh.table(sh.left, cols, rows, ruled=False, size=size)
    # Totals at the end, right-aligned.
    sh.ensure(60)
    tx = sh.left + w * 0.45
    for i, (lab, val) in enumerate(((L["net"], _num(cx, f["total_amount"], dec)),
                                    (L["vat"], _num(cx, 0.0, dec)),
                                    (f"{L['total']} {cur}", _num(cx, f["total_amount"], dec)))):
        last = i == 2
        sz = 9.5 if last else 8.5
        sh.y += 13
        if last:
            sh.hline(tx, sh.right, sh.y - 10, 0.8)
        sh.text(sh.right, sh.y, val, sz, bold=last, align="right")
        for j, ln in enumerate(sh.wrap(lab, sh.right - tx - 80, sz, last)):
            sh.y += 11 if j else 0
            sh.text(tx, sh.y, ln, sz, bold=last)
    sh.hline(tx, sh.right, sh.y + 3, 0.8)
    sh.hline(tx, sh.right, sh.y + 5, 0.8)
    sh.y += 14
    kv = [(L["terms"], f"{f['trade_terms']} (Incoterms 2020)"),
          (L["pol"], f["port_of_loading"]), (L["pod"], f["port_of_discharge"]),
          (L["payment"], x.get("payment_terms", ""))]
    if cx.has("country_of_origin"):
        kv.append((L["origin"], cx.country(f["country_of_origin"])))
    kw = max(sh.width(lab + ":", 8.5) for lab, _ in kv) + 12
    for lab, val in kv:
        sh.kv(sh.left, lab, val, label_w=kw, width=w, size=8.5)
    sh.ensure(80)
    sh.y += 10
    sh.para(sh.left, L["closing"], w, 9)
    if x.get("signature"):
        sh.signature(sh.left + 6, sh.y + 30, 100, 22)
    sh.y += 36
    sh.text(sh.left, sh.y, f["seller"], 8.5)
    # Letter footer: address | management and VAT id | bank.
    sh.ensure(50)
    fy = max(sh.y + 24, sh.bottom - 34)
    sh.hline(sh.left, sh.right, fy - 9, 0.4)
    third = w / 3
    blocks = [[f["seller"], *addr_parts],
              [f"Geschäftsführer: {x['md']}", f"USt-IdNr.: {x['vat_id']}"],
              ["Bankverbindung", f"IBAN {x['iban']}"]]
    for i, blk in enumerate(blocks):
        by = fy
        for ln in blk:
            for piece in sh.wrap(ln, third - 6, 6.3):
                sh.text(sh.left + i * third, by, piece, 6.3, color=HexColor("#444444"))
                by += 7.5
    sh.y = fy + 30


# --------------------------------------------------------------------------- packing list


def _case_dims(vol_cbm: float, gw_kg: float) -> str:
    """L x W x H of one case in cm, close to its volume (or its weight when none is printed)."""
    cm3 = max(vol_cbm if vol_cbm > 0 else gw_kg / 1000 * 2.8, 0.05) * 1e6
    base = cm3 ** (1 / 3)
    length, width = round(base * 1.5), round(base * 0.9)
    height = max(20, round(cm3 / (length * width)))
    return f"{length} × {width} × {height}"


def pl_case_grid(sh: Sheet, cx: Ctx) -> None:
    """Packing list as a ruled grid, one row per case, sub-totals, totals; weights in kg."""
    f, L, x = cx.f, cx.st["u2_labels"], cx.x
    w = sh.right - sh.left
    kd = cx.st["u2_kg_dec"]
    sh.y += 20
    sh.text(sh.W / 2, sh.y, L["title"], 15, bold=True, align="center", color=sh.accent)
    sh.y += 10
    half = w / 2
    seller = [f["seller"], f["seller_address"]]
    buyer = [f["buyer"], f["buyer_address"]]
    h1 = max(_box_h(sh, half, seller), 56)
    h2 = max(_box_h(sh, half, buyer), 56)
    y0 = sh.y
    sh.box(sh.left, y0, half, h1, L["seller"], seller)
    sh.box(sh.left, y0 + h1, half, h2, L["buyer"], buyer)
    refs = [(L["no"], f["document_number"]), (L["date"], cx.date("document_date")),
            (L["invoice"], f["invoice_number"])]
    if cx.has("contract_number"):
        refs.append((L["contract"], f["contract_number"]))
    rh = (h1 + h2) / (len(refs) + 1)
    for i, (lab, val) in enumerate(refs):
        sh.box(sh.left + half, y0 + i * rh, half, rh, lab, [val], bold=i == 0)
    sh.box(sh.left + half, y0 + len(refs) * rh, half, rh, "Shipping Marks",
           [x.get("marks", "N/M")])
    sh.y = y0 + h1 + h2 + 8
    # The grid: one row per case.
    has_serial = "serial_number" in cx.st["columns"]
    has_vol = "volume_cbm" in cx.st["columns"]
    keys = ["case", "contents", "model", *(["serial_number"] if has_serial else []),
            "quantity", "nw", "gw", "dims", *(["vol"] if has_vol else [])]
    heads = {"case": L["case"], "contents": L["contents"], "model": L["model"],
             "serial_number": L["serial"], "quantity": L["qty"], "nw": L["nw"], "gw": L["gw"],
             "dims": L["dims"], "vol": L["vol"]}
    rows: list[dict[str, str]] = []
    k = 1
    for i, it in enumerate(cx.items):
        p = max(int(it["packages"]), 1)
        nws = _split(it["net_weight_kg"], p, kd)
        gws = _split(it["gross_weight_kg"], p, kd)
        vols = _split(it.get("volume_cbm", 0.0), p, 3) if has_vol else [0.0] * p
        for j in range(p):
            r = {"case": cx.st["u2_case_fmt"].format(k=k), "nw": _num(cx, nws[j], kd),
                 "gw": _num(cx, gws[j], kd), "dims": _case_dims(vols[j] if has_vol else 0.0,
                                                                gws[j])}
            if has_vol:
                r["vol"] = _num(cx, vols[j], 3)
            if j == 0:
                r["contents"] = it.get("description", "")
                r["model"] = it.get("model", "")
                if has_serial:
                    r["serial_number"] = it.get("serial_number", "")
                r["quantity"] = cx.qty(it)
            else:
                r["contents"] = f"{L['ditto']} (part {j + 1}/{p})"
            rows.append(r)
            k += 1
        if p > 1:
            sub = {"case": f"{p} {x.get('case_word', L['case_word'])}",
                   "contents": f"{L['subtotal']} {i + 1}",
                   "nw": _num(cx, it["net_weight_kg"], kd),
                   "gw": _num(cx, it["gross_weight_kg"], kd)}
            if has_vol:
                sub["vol"] = _num(cx, it.get("volume_cbm", 0.0), 3)
            rows.append(sub)
    pk = f["total_packages"]
    total = {"case": f"{pk} {L['case_word']}", "contents": L["total"],
             "nw": _num(cx, f["net_weight_kg"], kd), "gw": _num(cx, f["gross_weight_kg"], kd)}
    if has_vol:
        total["vol"] = _num(cx, f["volume_cbm"], 3)
    size = fit_size(sh, keys, rows + [total], w, 7.4 if len(keys) <= 9 else 6.9, "contents")
    cols = _cols(sh, keys, heads, rows + [total], w, size, flex="contents")
    sh.table(sh.left, cols, rows, ruled=True, size=size, header_fill=cx.st["header_fill"],
             total_row=total)
    # Summary in kg.
    sh.y += 6
    lw = 140
    summary = [(L["t_pkgs"], f"{pk} {L['case_word']}"),
               (L["t_nw"], f"{_num(cx, f['net_weight_kg'], kd)} kg"),
               (L["t_gw"], f"{_num(cx, f['gross_weight_kg'], kd)} kg"),
               (L["t_vol"], f"{_num(cx, f['volume_cbm'], 3)} m³")]
    for lab, val in summary:
        sh.kv(sh.left, lab, val, label_w=lw, width=w, size=9, bold_value=True)
    if x.get("packing"):
        sh.kv(sh.left, "Packing", x["packing"], label_w=lw, width=w, size=9)
    if x.get("containers"):
        sh.kv(sh.left, "Container(s)", ", ".join(x["containers"]), label_w=lw, width=w, size=9)
    sh.ensure(70)
    sh.y += 20
    xr = sh.right - 200
    sh.text(xr, sh.y, f"For {f['seller']}"[:50], 8.5)
    if sh.rng.random() < 0.5:
        sh.signature(xr + 10, sh.y + 30, 100, 22)
    sh.y += 36
    sh.hline(xr, sh.right, sh.y, 0.5)
    sh.y += 10
    sh.text(xr, sh.y, "Signature / Stamp", 8)


# --------------------------------------------------------------------------- bill of lading


def bl_numbered_boxes(sh: Sheet, cx: Ctx) -> None:
    """B/L with numbered boxes: small "n. Label" top-left in each box, the value below."""
    f, L, x = cx.f, cx.st["u2_labels"], cx.x
    w = sh.right - sh.left
    counter = [0]

    def lab(key: str) -> str:
        counter[0] += 1
        return L["number_fmt"].format(n=counter[0], label=L[key])

    def kg(v: float) -> str:
        return f"{_num(cx, v, cx.st['u2_gw_dec'])} KGS"

    half = w * 0.55
    rx = sh.left + half
    rw = w - half
    y0 = sh.y + 4
    parties = [("shipper", [f["shipper"], x["shipper_address"]]),
               ("consignee", [f["consignee"], x["consignee_address"]]),
               ("notify", [f["notify_party"]])]
    py = y0
    for key, lines in parties:
        h = max(_box_h(sh, half, lines), 46)
        sh.box(sh.left, py, half, h, lab(key), lines)
        py += h
    # Right: B/L number box, carrier, title, short terms.
    sh.box(rx, y0, rw, 30, lab("no"), [f["document_number"]], bold=True, size=10.5)
    sh.text(rx + 6, y0 + 52, x["carrier_short"], 18, bold=True, color=sh.accent)
    sh.text(rx + 6, y0 + 64, x["carrier"][:48], 7.5)
    ty = y0 + 80
    for ln in sh.wrap(L["title"], rw - 10, 11, True):
        sh.text(rx + 6, ty, ln, 11, bold=True)
        ty += 13
    terms = ("RECEIVED by the Carrier from the Shipper in apparent good order and condition "
             "unless otherwise noted herein the total number of containers or packages "
             "stated to comprise the goods, for carriage subject to all the terms hereof.")
    for ln in sh.wrap(terms, rw - 10, 6)[:6]:
        sh.text(rx + 6, ty, ln, 6)
        ty += 7
    sh.rect(rx, y0 + 30, rw, py - y0 - 30, lw=0.7)
    # Route boxes.
    y1 = max(py, ty) + 2
    q = w / 5
    route = [("vessel", f["vessel"]), ("voyage", f["voyage"]), ("pol", f["port_of_loading"]),
             ("pod", f["port_of_discharge"]), ("delivery", x.get("place_of_receipt") and
                                                f["port_of_discharge"] or "")]
    for i, (key, val) in enumerate(route):
        sh.box(sh.left + i * q, y1, q, 28, lab(key), [val])
    sh.y = y1 + 32
    # Particulars: numbered column headings.
    cols = [Col("marks", lab("marks"), w * 0.25), Col("pkgs", lab("pkgs"), w * 0.14, "center"),
            Col("desc", lab("desc"), w * 0.35), Col("gw", lab("gw"), w * 0.13, "right"),
            Col("meas", lab("meas"), w * 0.13, "right")]
    pk = f["total_packages"]
    many = cx.st.get("pkg_word", "PACKAGES")
    marks = "\n".join(f"{c}\nSEAL: {s}" for c, s in zip(f["container_numbers"],
                                                        f["seal_numbers"], strict=False))
    desc = "\n".join(x["goods_lines"])
    if cx.st["u2_slc"]:
        desc = "SHIPPER'S LOAD, STOW AND COUNT\n" + desc
    row = {"marks": f"{marks}\n{x['container_type']}", "pkgs": f"{pk} {many}", "desc": desc,
           "gw": kg(f["gross_weight_kg"]), "meas": f"{_num(cx, f['volume_cbm'], 3)} CBM"}
    sh.table(sh.left, cols, [row], ruled=True, size=7.8)
    say = fmt.amount_in_words(pk, "X").removeprefix("SAY X ").removesuffix(" ONLY")
    sh.para(sh.left, f"TOTAL NUMBER OF PACKAGES (IN WORDS): {say} {many} ONLY", w, 7.8,
            bold=True)
    sh.y += 6
    sh.ensure(100)
    y2 = sh.y
    t = w / 4
    sh.box(sh.left, y2, t, 30, lab("freight"), [x["freight"]])
    sh.box(sh.left + t, y2, t, 30, lab("onboard"), [cx.date("on_board_date")])
    sh.box(sh.left + 2 * t, y2, t, 30, lab("issue"),
           [f"{f['port_of_loading']}, {cx.date('document_date')}"])
    sh.box(sh.left + 3 * t, y2, t, 30, lab("originals"), [x["originals"]])
    sh.y = y2 + 36
    xr = sh.right - 220
    sh.ensure(60)
    sh.text(xr, sh.y + 6, f"Signed for and on behalf of {x['carrier']}"[:62], 7.5)
    sh.signature(xr + 20, sh.y + 38, 110, 22)
    sh.y += 44
    sh.hline(xr, sh.right, sh.y, 0.5)
    sh.y += 10
    sh.text(xr, sh.y, "As Carrier", 8)


# --------------------------------------------------------------------------- certificate


def cert_official_letter(sh: Sheet, cx: Ctx) -> None:
    """Certificate as an official letter: red head, 编号, addressee, prose, small table, seal."""
    from .render import _CONCLUSION

    f, L, x = cx.f, cx.st["u2_labels"], cx.x
    w = sh.right - sh.left
    red = HexColor("#c8102e")
    # Red head: the agency's name, a double red rule, the number.
    sh.y += 30
    sh.text(sh.W / 2, sh.y, f["issuing_agency"], 20, bold=True, align="center", color=red)
    sh.y += 14
    sh.hline(sh.left, sh.right, sh.y, 2.2, color=red)
    sh.hline(sh.left, sh.right, sh.y + 3.5, 0.6, color=red)
    sh.y += 18
    sh.text(sh.right, sh.y, f"{L['no']}：{f['document_number']}", 10, align="right")
    sh.y += 26
    sh.text(sh.W / 2, sh.y, L["title"], 15, bold=True, align="center")
    sh.y += 16
    sh.para(sh.left, L["to"].format(a=f["applicant"]), w, 10.5)
    sh.y += 2
    n = len(cx.items)
    units = sorted({cx.unit(it["unit"], it["quantity"]) for it in cx.items})
    qty = sum(it["quantity"] for it in cx.items)
    refs = f"（{L['contract']}：{f['contract_number']}；{L['invoice']}：{f['invoice_number']}"
    if cx.has("bl_number"):
        refs += f"；{L['bl']}：{f['bl_number']}"
    refs += "）"
    p1 = (f"受贵单位委托，我机构依据{f['inspection_basis']}，于{cx.date('inspection_date')}在"
          f"{f['inspection_place']}，对贵单位与{x['consignor']}签订的贸易合同{refs}项下的"
          f"进口旧机电产品实施了装运前检验。")
    p2 = f"本批货物共{n}项，合计{qty}{'/'.join(units)}，明细如下："
    indent = "\u3000\u3000"
    sh.para(sh.left, indent + p1, w, 10.5, leading=17)
    sh.para(sh.left, indent + p2, w, 10.5, leading=17)
    sh.y += 4
    heads = {"no": "序号", "description": "货物名称", "hs_code": "商品编码", "brand": "品牌",
             "model": "型号", "quantity": "数量", "unit": "单位", "origin": "原产地",
             "manufacture_year": "制造年份", "serial_number": "出厂编号",
             "hours_used": "已使用小时"}
    keys = ["no"]
    for c in cx.st["columns"]:
        keys.append(c)
        if c == "quantity" and cx.st.get("qty_mode") == "separate":
            keys.append("unit")
    rows = [{k: cx.cell(k, it, i) for k in keys} for i, it in enumerate(cx.items)]
    size = fit_size(sh, keys, rows, w, 7.2)
    cols = _cols(sh, keys, heads, rows, w, size)
    sh.table(sh.left, cols, rows, ruled=True, size=size)
    sh.y += 2
    concl = sh.rng.choice(_CONCLUSION[f["conclusion"]])
    sh.para(sh.left, indent + f"检验结论：{concl}", w, 10.5, leading=17)
    sh.para(sh.left, indent + L["valid"].format(d=cx.date("valid_until")), w, 10.5, leading=17)
    sh.para(sh.left, indent + L["closing"], w, 10.5, leading=17)
    # Signature block at right: agency, signatory, date, the seal over them.
    sh.ensure(120)
    sh.y += 26
    xr = sh.right - 230
    sh.text(xr, sh.y, f"{L['signatory']}：{f['authorized_signatory']}", 10.5)
    if f.get("has_signature"):
        sh.signature(xr + 90, sh.y + 4, 80, 20)
    sh.y += 22
    sh.text(xr, sh.y, f"{f['issuing_agency']}{L['seal_caption']}", 10.5)
    if f.get("has_seal"):
        sh.seal(xr + 120, sh.y - 6, 100, f["issuing_agency"], "检验专用章")
    sh.y += 20
    sh.text(xr, sh.y, cx.date("document_date"), 10.5)
    sh.y += 40
    sh.hline(sh.left, sh.right, sh.y, 0.5)
    sh.y += 12
    sh.text(sh.left, sh.y, f"抄送：{x['consignor']}", 8.5)
    sh.y += 12


RENDERERS = {
    "contract_purchase_order": contract_purchase_order,
    "invoice_din_letter": invoice_din_letter,
    "pl_case_grid": pl_case_grid,
    "bl_numbered_boxes": bl_numbered_boxes,
    "cert_official_letter": cert_official_letter,
}
