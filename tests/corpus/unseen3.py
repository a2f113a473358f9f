"""Third group of unseen layout families: drawn for measuring generalisation, never for tuning.

Never look at these families' misses to tune ``docproc/extract.py`` or its label lists; they
stand for real documents from issuers nobody on the team has seen (the first and second
groups, in :mod:`unseen` and :mod:`unseen2`, have been looked at). Each family prints the
same truth as the other families of its document type (the builders of :mod:`documents`),
but with its own structure and its own label wordings (synonyms real issuers use), all
chosen here in :func:`unseen3_style` and stored in the document's style.

- ``contract_proforma_sc``: a seller's "Sales Confirmation / Proforma": the seller's
  letterhead centred, a "Messrs." box beside an "S/C No. / Date / Place" box, a goods table
  (Art. No., Commodity & Specification, Quantity, Unit Price, Amount) with its total and the
  amount in words, the terms as a lettered list ((a) Packing, (b) Shipment, (c) Payment ...)
  and the two signature blocks side by side ("THE SELLERS" / "THE BUYERS").
- ``invoice_us_customs``: a US-customs-style commercial invoice form: numbered boxes in a
  two-column grid ("1. Exporter", "2. Invoice No. & Date", "5. Ultimate Consignee", "8.
  Country of Origin", "11. Terms of Sale" ...), a line table (Marks & Nos., No. of Pkgs, Full
  Description of Goods, Qty, Unit Value, Total Value), a declaration with signature at the
  bottom left and a totals box at the bottom right.
- ``pl_landscape_weights``: a packing list on a landscape page with many columns under a
  two-level heading (Carton No. From / To, Item, Description, Pcs/Ctn, Ctns, Total Pcs, the
  per-carton and total net / gross weights, Meas.), a "TOTAL:" line and the summary sentence
  in words ("SAY TOTAL ... CARTONS ONLY").
- ``bl_multimodal``: a combined transport / multimodal transport bill of lading: shipper,
  consignee and notify at left, the B/L number, references and a carrier logo block at right,
  a strip of routing boxes (pre-carriage, place of receipt, vessel, port of loading, port of
  discharge, place of delivery), the particulars furnished by the shipper with a (not
  rotated) "Container No./Seal No./Marks" column, a freight & charges box and the "Number of
  original B(s)/L", issue and on-board boxes.
- ``cert_stamp_table``: a Chinese pre-shipment inspection certificate (some English in the
  bilingual variant) drawn as one big ruled table of label | value cells (labels shaded,
  two pairs a row where they are short), the goods as a sub-table nested in the grid, the
  validity as a sentence "本证书有效期：自…至…", and the red seal stamped over the issuing
  agency's row.
"""

from __future__ import annotations

import random
import re
from typing import Any

from reportlab.lib.colors import HexColor, white

from . import fmt
from .render import Ctx
from .sheet import Col, Sheet, fit_size, weighted_cols
from .shipment import Shipment

# --------------------------------------------------------------------------- label wordings

_SC = {
    "title": ["SALES CONFIRMATION", "PROFORMA INVOICE / SALES CONFIRMATION",
              "SALES CONFIRMATION / PROFORMA", "PROFORMA SALES CONFIRMATION",
              "SALES CONFIRMATION (PROFORMA)"],
    "messrs": ["Messrs.", "To Messrs.", "Messrs. (Buyers)", "The Buyers", "To"],
    "no": ["S/C No.", "Confirmation No.", "S/C No. / P.I. No.", "Our Ref. No.", "Proforma No."],
    "date": ["Date", "Dated", "Date of Issue", "S/C Date"],
    "place": ["Place", "Signed at", "Place of Signing", "Made out at"],
    "intro": ["We hereby confirm having sold to you the following goods on the terms and "
              "conditions set forth below:",
              "The undersigned Sellers and Buyers have agreed to close the following "
              "transaction according to the terms and conditions stipulated below:",
              "We confirm the sale of the undermentioned goods to you on the following "
              "terms and conditions:"],
    "art": ["Art. No.", "Article No.", "Art. No. / Model", "Item No.", "Ref. No."],
    "commodity": ["Commodity & Specification", "Name of Commodity and Specifications",
                  "Commodity, Specifications", "Description & Specification",
                  "Goods & Specification"],
    "qty": ["Quantity", "Qty.", "Q'ty", "Quantity (Units)"],
    "price": ["Unit Price", "Price per Unit", "Unit Price (Net)"],
    "amount": ["Amount", "Total Value", "Total Amount", "Value"],
    "brand": ["Make", "Brand", "Manufacturer", "Maker"],
    "origin_col": ["Origin", "Made in", "Country of Origin"],
    "year": ["Year of Make", "Year", "Mfg. Year", "Built"],
    "hs": ["H.S. Code", "HS Code", "Customs Tariff No."],
    "total": ["TOTAL", "TOTAL:", "Total Value", "TOTAL AMOUNT"],
    "letter": ["({a})", "{a})", "{A}.", "({A})"],
    "packing": ["Packing", "Packing & Marking", "Packaging"],
    "packing_text": ["Export standard packing, suitable for long-distance ocean transport.",
                     "Seaworthy export packing; machines fixed on skids, loose parts in "
                     "wooden cases.",
                     "Nude / on skids, loose parts in wooden cases, at Sellers' option."],
    "shipment": ["Shipment", "Time of Shipment", "Shipment Date", "Delivery"],
    "shipment_text": ["From {pol} to {pod} not later than {date}, partial shipments and "
                      "transhipment allowed.",
                      "Latest date of shipment {date}; port of loading {pol}, port of "
                      "destination {pod}.",
                      "On or before {date} from {pol} to {pod}, transhipment not allowed.",
                      "To be effected from {pol} to {pod} by {date} at the latest."],
    "payment": ["Payment", "Terms of Payment", "Payment Terms"],
    "terms": ["Price Terms", "Terms of Delivery", "Price Basis", "Trade Terms"],
    "insurance": ["Insurance", "Insurance Coverage"],
    "origin": ["Country of Origin", "Origin", "Origin of Goods"],
    "inspection": ["Inspection", "Pre-shipment Inspection", "Quality / Inspection"],
    "marks": ["Shipping Marks", "Marks", "Marking"],
    "arbitration": ["Arbitration", "Disputes", "Governing Law & Arbitration"],
    "sellers": ["THE SELLERS", "THE SELLERS:", "SELLERS", "For and on behalf of THE SELLERS"],
    "buyers": ["THE BUYERS", "THE BUYERS:", "BUYERS", "For and on behalf of THE BUYERS"],
    "confirm": ["Please sign and return one copy for our file.",
                "Kindly sign and return the duplicate to us.",
                "Buyers' confirmation: please countersign and return one copy within 3 days."],
}
_USC = {
    "title": ["COMMERCIAL INVOICE", "COMMERCIAL INVOICE (FOR CUSTOMS PURPOSES)",
              "EXPORT COMMERCIAL INVOICE", "COMMERCIAL / CUSTOMS INVOICE", "INVOICE"],
    "num_fmt": ["{n}. {label}", "{n} {label}", "({n}) {label}", "{n}) {label}"],
    "upper": [True, False, False],
    "exporter": ["Exporter", "Exporter (Name and Address)", "Shipper / Exporter",
                 "Seller / Exporter", "Exporter of Record"],
    "inv": ["Invoice No. & Date", "Invoice Number and Date", "Commercial Invoice No. / Date",
            "Invoice No. / Date"],
    "inv_join": ["\n", "\n", " / ", "   dd. "],
    "ref": ["Customer PO No.", "Purchase Order / Contract No.", "Buyer's Reference",
            "Sales Contract No.", "Order Reference"],
    "sold_to": ["Sold To", "Sold To (Buyer)", "Consignee / Sold To", "Purchaser",
                "Buyer (Sold To)"],
    "ult": ["Ultimate Consignee", "Ship To / Ultimate Consignee", "Ultimate Consignee (Ship To)",
            "Delivered To"],
    "ult_same": [True, False, False],
    "same_text": ["SAME AS SOLD TO", "SAME AS BUYER", "SAME AS BOX 4"],
    "inter": ["Intermediate Consignee", "Notify Party", "Notify / Intermediate Consignee"],
    "inter_val": ["N/A", "NONE", "SAME AS ULTIMATE CONSIGNEE"],
    "fwd": ["Forwarding Agent", "Freight Forwarder", "Forwarder / Agent"],
    "coo": ["Country of Origin", "Country of Manufacture", "Country of Origin of Goods",
            "Origin"],
    "coo_items": ["SEE LINE ITEMS", "AS PER COLUMN \"ORIGIN\"", "VARIOUS - SEE BELOW"],
    "dest": ["Country of Ultimate Destination", "Country of Final Destination",
             "Destination Country"],
    "pol": ["Port of Export", "Port of Export / Loading", "Port of Lading", "Export Port"],
    "terms": ["Terms of Sale", "Terms of Sale (Incoterms)", "Incoterms", "Delivery Terms"],
    "payment": ["Terms of Payment", "Payment Terms", "Method of Payment"],
    "currency": ["Currency", "Currency of Sale", "Invoice Currency"],
    "pod": ["Port of Entry", "Port of Entry / Discharge", "Port of Discharge",
            "Port of Unlading"],
    "carrier": ["Exporting Carrier", "Vessel / Carrier", "Carrier / Vessel Name",
                "Method of Shipment (Vessel)"],
    "marks": ["Marks & Nos.", "Marks and Numbers", "Shipping Marks", "Marks / Nos."],
    "pkgs": ["No. of Pkgs", "No. of Packages", "Pkgs", "Number of Pkgs"],
    "desc": ["Full Description of Goods", "Description of Goods", "Complete Description",
             "Detailed Description of Merchandise"],
    "model": ["Part / Model No.", "Model No.", "Model", "Part No."],
    "hs": ["HTS No.", "Schedule B / HTS No.", "HS Tariff No.", "Harmonized Code"],
    "origin_col": ["Country of Origin", "C/O", "Origin", "Ctry of Origin"],
    "brand": ["Manufacturer", "Make", "Brand"],
    "serial": ["Serial No.", "S/N", "Serial Number"],
    "year": ["Year", "Model Year", "Year of Mfg."],
    "qty": ["Qty", "Quantity", "Qty."],
    "uom": ["Unit of Measure", "U/M", "Unit", "UOM"],
    "unit_value": ["Unit Value", "Unit Price", "Price per Unit"],
    "total_value": ["Total Value", "Extended Value", "Total Amount", "Line Value"],
    "subtotal": ["Subtotal", "Invoice Line Total", "Goods Total", "Sub-Total"],
    "packing": ["Packing Costs", "Packing", "Packing & Handling"],
    "freight": ["Freight", "Freight Charges", "Ocean Freight"],
    "insurance": ["Insurance", "Insurance Costs"],
    "other": ["Other Charges", "Other", "Misc. Charges"],
    "total": ["TOTAL INVOICE VALUE", "Total Invoice Value", "INVOICE TOTAL", "TOTAL VALUE"],
    "declare": ["I declare that all the information contained in this invoice is true and "
                "correct.",
                "We hereby certify that this invoice shows the actual price of the goods "
                "described, that all particulars are true and correct.",
                "It is hereby certified that this invoice is true and correct and that the "
                "goods are of the origin stated."],
    "sign": ["Signature of Exporter", "Authorized Signature", "Signed by (Exporter)",
             "Signature / Title / Date"],
}
_PLW = {
    "title": ["PACKING LIST", "PACKING LIST & WEIGHT MEMO", "PACKING AND WEIGHT LIST",
              "WEIGHT & MEASUREMENT LIST", "DETAILED PACKING LIST"],
    "seller": ["Exporter", "Shipper", "Manufacturer / Exporter", "Seller", "From"],
    "buyer": ["Messrs.", "Consignee", "To", "Buyer / Consignee", "Sold to"],
    "no": ["P/L No.", "Packing List No.", "Ref. No.", "Document No.", "List No."],
    "date": ["Date", "Date of Issue", "Issue Date", "Dated"],
    "invoice": ["Invoice No.", "Inv. No.", "Commercial Invoice", "Invoice Ref."],
    "contract": ["Contract No.", "S/C No.", "Order No.", "P.O. No."],
    "ctn_no": ["Carton No.", "C/No.", "Ctn. No.", "Case No.", "Package No."],
    "from": ["From", "Fr."],
    "to": ["To", "Thru"],
    "item": ["Item", "Item No.", "Art. No.", "Model", "Style / Model"],
    "desc": ["Description", "Description of Goods", "Commodity", "Goods Description"],
    "serial": ["Serial No.", "S/N", "Machine No."],
    "pcs_ctn": ["Pcs/Ctn", "Qty/Ctn", "Units/Pkg", "Pcs per Ctn"],
    "ctns": ["Ctns", "No. of Ctns", "Cartons", "Pkgs"],
    "total_pcs": ["Total Pcs", "Total Qty", "Quantity", "Total Quantity"],
    "weights": ["Weight (kg)", "Weights in KGS", "Weight (KGS)", "Net / Gross Weight (kg)"],
    "nw_ctn": ["N.W./Ctn", "N.W. per Ctn", "Net Wt./Pkg"],
    "gw_ctn": ["G.W./Ctn", "G.W. per Ctn", "Gross Wt./Pkg"],
    "t_nw": ["Total N.W.", "Ttl N.W.", "Net Weight"],
    "t_gw": ["Total G.W.", "Ttl G.W.", "Gross Weight"],
    "meas": ["Meas. (CBM)", "Measurement (m³)", "CBM", "Volume (CBM)"],
    "total": ["TOTAL:", "TOTAL", "TTL:", "GRAND TOTAL:"],
    "pkg_word": ["CARTONS", "PACKAGES", "CASES", "CTNS"],
    "say": ["SAY TOTAL {words} ({n}) {word} ONLY.", "SAY {words} ({n}) {word} ONLY",
            "TOTAL: {words} {word} ONLY", "SAY TOTAL: {words} ({n}) {word} ONLY."],
    "sum_pkgs": ["Total Packages", "Total Number of Packages", "Packages", "Total Cartons"],
    "sum_nw": ["Total Net Weight", "Total N.W.", "Net Weight"],
    "sum_gw": ["Total Gross Weight", "Total G.W.", "Gross Weight"],
    "sum_vol": ["Total Measurement", "Total Meas.", "Total Volume", "Measurement"],
    "marks": ["Shipping Marks", "Marks & Nos.", "Marks"],
    "remark": ["Remarks", "Note", "N.B."],
    "split": ["{q} {u} packed in {p} {word}", "{q} {u} in {p} {word}",
              "{q} {u} dismantled into {p} {word}"],
    "sign": ["For and on behalf of", "For", "Signed for"],
}
_MTB = {
    "title": ["COMBINED TRANSPORT BILL OF LADING", "MULTIMODAL TRANSPORT BILL OF LADING",
              "BILL OF LADING FOR COMBINED TRANSPORT OR PORT TO PORT SHIPMENT",
              "COMBINED TRANSPORT B/L", "MULTIMODAL TRANSPORT DOCUMENT"],
    "shipper": ["Shipper", "Shipper / Exporter", "Consignor",
                "Shipper (complete name and address)"],
    "consignee": ["Consignee", "Consignee (or order)", "Consigned to",
                  "Consignee (complete name and address)"],
    "notify": ["Notify Party", "Notify address", "Also notify",
               "Notify Party (no claim shall attach for failure to notify)"],
    "no": ["B/L No.", "Bill of Lading No.", "MTD No.", "B/L Number", "Document No."],
    "booking": ["Booking No.", "Booking Ref.", "Carrier's Ref."],
    "export_ref": ["Export References", "Shipper's Reference", "Exporter's Ref."],
    "precarriage": ["Pre-carriage by", "Pre-Carriage", "Pre-carrier"],
    "precarriage_val": ["TRUCK", "", "RAIL", "BY TRUCK", ""],
    "receipt": ["Place of Receipt", "Place of Receipt by Pre-carrier", "Receipt"],
    "vessel": ["Ocean Vessel", "Vessel", "Intended Vessel", "Name of Vessel"],
    "voyage": ["Voy. No.", "Voyage No.", "Voyage"],
    "vessel_voy": ["Ocean Vessel / Voy. No.", "Vessel & Voyage", "Ocean Vessel  Voy. No."],
    "joined": [True, False, False],
    "pol": ["Port of Loading", "Port of Lading", "Loading Port"],
    "pod": ["Port of Discharge", "Discharge Port", "Port of Unloading"],
    "delivery": ["Place of Delivery", "Final Place of Delivery",
                 "Place of Delivery by On-carrier"],
    "particulars": ["PARTICULARS FURNISHED BY SHIPPER",
                    "PARTICULARS DECLARED BY SHIPPER BUT NOT ACKNOWLEDGED BY THE CARRIER",
                    "ABOVE PARTICULARS AS DECLARED BY SHIPPER"],
    "marks": ["Container No./Seal No./Marks & Nos.", "Container No. / Seal No. / Marks",
              "Cntr. Nos. w/ Seal Nos.; Marks & Nos.", "Marks & Numbers; Container and Seal No."],
    "cs_fmt": ["{c}/{s}", "{c} / SEAL {s}", "{c}\nSEAL NO. {s}", "{c} {t} / {s}"],
    "pkgs": ["No. of Containers or Pkgs", "Number of Packages", "No. of Cont. or other Pkgs",
             "Quantity and Kind of Packages"],
    "desc": ["Kind of Packages; Description of Goods", "Description of Goods",
             "Description of Packages and Goods", "Said to Contain"],
    "stc": ["SHIPPER'S LOAD, COUNT & SEAL", "SAID TO CONTAIN:", "", "SLAC"],
    "gw": ["Gross Weight", "Gross Weight (KGS)", "Gross Wt.", "Cargo Weight"],
    "meas": ["Measurement", "Measurement (CBM)", "Meas.", "Volume"],
    "words": ["Total Number of Containers or Packages (in words)",
              "Total No. of Packages (in words)", "Say"],
    "freight": ["Freight & Charges", "Freight and Charges", "Freight Details, Charges etc."],
    "revenue": ["Revenue Tons", "Rev. Tons", "Quantity"],
    "rate": ["Rate", "Rate / Per"],
    "prepaid": ["Prepaid", "Prepaid"],
    "collect": ["Collect", "Collect"],
    "payable": ["Freight Payable at", "Payable at", "Prepaid at / Payable at"],
    "originals": ["Number of Original B(s)/L", "No. of Original B/L",
                  "Number of Original MTDs", "No. of Original Bills of Lading"],
    "issue": ["Place and Date of Issue", "Place / Date of Issue", "Issued at / on"],
    "onboard": ["Shipped on Board Date", "Laden on Board", "On Board Date",
                "Date Laden on Board"],
    "signed": ["Signed for the Carrier", "As Carrier", "As Agent for the Carrier",
               "Signed on behalf of the Carrier"],
}
_CST = {
    "title": ["装运前检验证书", "进口旧机电产品装运前检验证书", "装运前检验证书（旧机电产品）",
              "进口旧机电产品装运前检验证明书"],
    "title_en": ["PRE-SHIPMENT INSPECTION CERTIFICATE", "CERTIFICATE OF PRE-SHIPMENT INSPECTION",
                 "PRE-SHIPMENT INSPECTION CERTIFICATE FOR USED M&E PRODUCTS"],
    "no": [("证书编号", "Certificate No."), ("证书号", "Cert. No."), ("编号", "No.")],
    "issue": [("签发日期", "Date of Issue"), ("发证日期", "Issue Date"), ("签证日期", "Issued on")],
    "applicant": [("申请人", "Applicant"), ("收货人（申请人）", "Consignee / Applicant"),
                  ("委托人", "Client"), ("进口商", "Importer")],
    "consignor": [("发货人", "Consignor"), ("出口商", "Exporter"), ("供货商", "Supplier")],
    "contract": [("合同号", "Contract No."), ("合同编号", "Contract No."),
                 ("贸易合同号", "Sales Contract No.")],
    "invoice": [("发票号", "Invoice No."), ("发票编号", "Invoice No."),
                ("商业发票号", "Commercial Invoice No.")],
    "bl": [("提单号", "B/L No."), ("提/运单号", "B/L No.")],
    "place": [("检验地点", "Place of Inspection"), ("检验场所", "Inspection Site"),
              ("装运前检验地点", "Place of PSI")],
    "date": [("检验日期", "Date of Inspection"), ("检验时间", "Inspection Date"),
             ("实施检验日期", "Inspected on")],
    "basis": [("检验依据", "Inspection Basis"), ("检验依据标准", "Standards Applied"),
              ("依据", "Basis")],
    "goods": [("货物明细", "Details of Goods"), ("检验货物", "Goods Inspected"),
              ("货物清单", "List of Goods")],
    "conclusion": [("检验结论", "Conclusion"), ("检验结果", "Result"),
                   ("结论", "Inspection Result")],
    "agency": [("检验机构", "Inspection Body"), ("签证机构", "Issuing Body"),
               ("发证机构", "Issuing Agency"), ("装运前检验机构", "PSI Agency")],
    "signatory": [("授权签字人", "Authorized Signatory"), ("签字", "Signature"),
                  ("签发人", "Signed by")],
    "valid": ["本证书有效期：自{a}至{b}", "本证书有效期：自{a}起至{b}止",
              "本证书有效期：自签发之日（{a}）起至{b}止"],
    "seal_caption": ["（盖章）", "（检验专用章）", "（签章）", ""],
    "note": ["注：本证书涂改无效。", "本证书仅对所检货物有效，涂改无效。",
             "注：本证书须与合同、发票同时使用。"],
    "heads": [{"no": "序号", "description": "货物名称", "hs_code": "商品编码", "brand": "品牌",
               "model": "型号", "quantity": "数量", "unit": "单位", "origin": "原产地",
               "manufacture_year": "制造年份", "serial_number": "出厂编号",
               "hours_used": "已使用小时"},
              {"no": "No.", "description": "品名", "hs_code": "HS编码", "brand": "制造商/品牌",
               "model": "规格型号", "quantity": "数量", "unit": "单位",
               "origin": "原产国（地区）", "manufacture_year": "出厂年份",
               "serial_number": "序列号", "hours_used": "使用时间(h)"},
              {"no": "项", "description": "货物名称", "hs_code": "HS编码", "brand": "品牌",
               "model": "型号/规格", "quantity": "数/重量", "unit": "单位", "origin": "产地",
               "manufacture_year": "生产年份", "serial_number": "机身编号",
               "hours_used": "工作小时"}],
}


def _pick(rng: random.Random, pool: dict[str, list[Any]]) -> dict[str, Any]:
    return {k: rng.choice(v) for k, v in pool.items()}


def _city(address: str) -> str:
    """The town of an address ("Am Hafen 7, 20457 Hamburg, Germany" -> "Hamburg")."""
    parts = [p.strip() for p in address.split(",")]
    town = parts[-2] if len(parts) > 1 else parts[0]
    return re.sub(r"[\d\-]+", "", town).strip() or town


_FORWARDERS = ["Pacific Bridge Logistics Ltd.", "Oceanlink Freight Services", "Atlas Cargo "
               "Forwarding GmbH", "Blue Anchor Shipping Agency", "Seaway Global Logistics Inc."]


def unseen3_style(s: Shipment, family: str, fields: dict[str, Any],
                  items: list[dict[str, Any]], style: dict[str, Any],
                  extra: dict[str, Any]) -> None:
    """Settle the family's own label wordings and formatting choices in ``style``/``extra``."""
    rng = random.Random(f"unseen3-{family}-{style['render_seed']}")
    if family == "contract_proforma_sc":
        style["u3_labels"] = _pick(rng, _SC)
        style["u3_sellers_left"] = rng.random() < 0.5
        style["u3_price_terms"] = rng.random() < 0.5
        extra["place"] = _city(s.seller.address)
        extra["tel"] = (f"Tel: +{rng.randint(30, 89)} {rng.randint(10, 99)} "
                        f"{rng.randint(1000, 9999)} {rng.randint(1000, 9999)}   "
                        f"Fax: +{rng.randint(30, 89)} {rng.randint(10, 99)} "
                        f"{rng.randint(1000, 9999)} {rng.randint(1000, 9999)}")
        extra["insurance"] = ("To be covered by the Sellers for 110 % of the invoice value "
                              "against All Risks." if s.incoterm == "CIF" else
                              "To be covered by the Buyers.")
    elif family == "invoice_us_customs":
        style["u3_labels"] = _pick(rng, _USC)
        extra["dest_country"] = s.discharge_country
        extra["forwarder"] = rng.choice(_FORWARDERS)
        extra["pkgs"] = [g.packages for g in s.goods]
        extra["signer"] = rng.choice(["Export Manager", "Sales Director", "Shipping Dept.",
                                      "Managing Director"])
    elif family == "pl_landscape_weights":
        style["u3_labels"] = _pick(rng, _PLW)
        style["orientation"] = "landscape"
        if style["numfmt"] == "space":  # a ten-column table of "1 250,00" runs together
            style["numfmt"] = "eu"
        whole = all(float(it[k]).is_integer() for it in items
                    for k in ("net_weight_kg", "gross_weight_kg"))
        style["u3_kg_dec"] = 0 if whole and style["numfmt"] in ("en", "plain") and \
            rng.random() < 0.5 else 2
        style["u3_header_fill"] = rng.random() < 0.6
    elif family == "bl_multimodal":
        style["u3_labels"] = _pick(rng, _MTB)
        if style["numfmt"] in ("eu", "space"):  # carriers print "63.440 CBM", never "63,440"
            style["numfmt"] = "en"
        style["u3_gw_dec"] = rng.choice([2, 3, 0])
        if not float(fields["gross_weight_kg"]).is_integer() and style["u3_gw_dec"] == 0:
            style["u3_gw_dec"] = 2
        extra["booking_no"] = f"{rng.randint(100, 999)}{rng.randint(100000, 999999)}"
        extra["delivery"] = rng.choice([s.port_of_discharge, s.port_of_discharge, "", "CY"])
        extra["payable"] = (s.port_of_loading if s.incoterm in ("CIF", "CFR")
                            else s.port_of_discharge)
    elif family == "cert_stamp_table":
        style["u3_labels"] = _pick(rng, _CST)
        style["u3_label_w"] = rng.choice([0.15, 0.17, 0.19])
        style["u3_goods_side"] = rng.random() < 0.5
        style["u3_agency_head"] = rng.random() < 0.6


# --------------------------------------------------------------------------- helpers


def _num(cx: Ctx, v: float, dec: int) -> str:
    return fmt.fmt_number(v, dec, cx.st["numfmt"])


_W = {"no": 0.45, "art": 1.2, "model": 1.25, "description": 2.6, "brand": 1.05,
      "hs_code": 1.2, "origin": 0.95, "manufacture_year": 0.7, "serial_number": 1.4,
      "hours_used": 0.8, "quantity": 0.85, "unit": 0.6, "unit_price": 1.25, "amount": 1.35,
      "marks": 1.0, "pkgs": 0.6, "from": 0.45, "to": 0.45, "pcs_ctn": 0.55, "ctns": 0.5,
      "nw_ctn": 0.85, "gw_ctn": 0.85, "t_nw": 0.95, "t_gw": 0.95, "meas": 0.75}
_RIGHT = {"unit_price", "amount", "nw_ctn", "gw_ctn", "t_nw", "t_gw", "meas", "hours_used"}
_CENTER = {"no", "quantity", "unit", "manufacture_year", "pkgs", "from", "to", "pcs_ctn",
           "ctns"}


def _cols(sh: Sheet, keys: list[str], heads: dict[str, str], rows: list[dict[str, str]],
          width: float, size: float, flex: str = "description") -> list[Col]:
    return weighted_cols(sh, keys, heads, rows, width, size, _W, _RIGHT, _CENTER, flex)


def _box_h(sh: Sheet, width: float, lines: list[str], label: str = "", size: float = 8.5
           ) -> float:
    """Height a :meth:`Sheet.box` needs to show every line of its content."""
    n = sum(len(sh.wrap(ln, width - 8, size)) for ln in lines)
    return 6.5 * max(1, len(label.split("\n"))) + 6 + n * size * 1.18 + 5


def _label(sh: Sheet, label: str, width: float, size: float = 6.5) -> str:
    """A box label wrapped to the box (the small print of a form breaks over lines)."""
    return "\n".join(sh.wrap(label, width - 6, size))


def _words(n: int) -> str:
    """A count in words ("TWENTY-THREE")."""
    return fmt.amount_in_words(n, "X").removeprefix("SAY X ").removesuffix(" ONLY")


def _grid(sh: Sheet, x: float, cols: list[Col], rows: list[dict[str, str]], size: float, *,
          fill: Any = None, bold_last: bool = False, draw: bool = True) -> float:
    """A small ruled table (header + rows) that never breaks; returns its height."""
    pad, lead = 2.5, size * 1.22
    heads = [sh.wrap(c.header, c.width - 2 * pad, size, True) for c in cols]
    h_head = max(len(h) for h in heads) * lead + 2 * pad
    body = [[sh.wrap(r.get(c.key, ""), c.width - 2 * pad, size, bold_last and i == len(rows) - 1)
             for c in cols] for i, r in enumerate(rows)]
    heights = [max(len(cl) for cl in cells) * lead + 2 * pad for cells in body]
    total = h_head + sum(heights)
    if not draw:
        return total
    width = sum(c.width for c in cols)
    y = sh.y
    sh.rect(x, y, width, h_head, lw=0.6, fill=fill)
    lines_of = [(heads, h_head, True)] + [
        (cells, h, bold_last and i == len(body) - 1)
        for i, (cells, h) in enumerate(zip(body, heights, strict=True))]
    for cells, hh, bold in lines_of:
        xx = x
        for c, lines in zip(cols, cells, strict=True):
            for i, ln in enumerate(lines):
                yy = y + pad + (i + 1) * lead - 1.5
                if c.align == "right":
                    sh.text(xx + c.width - pad, yy, ln, size, bold=bold, align="right")
                elif c.align == "center":
                    sh.text(xx + c.width / 2, yy, ln, size, bold=bold, align="center")
                else:
                    sh.text(xx + pad, yy, ln, size, bold=bold)
            sh.vline(xx, y, y + hh)
            xx += c.width
        sh.vline(xx, y, y + hh)
        sh.hline(x, x + width, y + hh)
        y += hh
    return total


# --------------------------------------------------------------------------- contract


def contract_proforma_sc(sh: Sheet, cx: Ctx) -> None:
    """Sales confirmation: letterhead centred, Messrs. | S/C box, goods, lettered terms."""
    f, L, x = cx.f, cx.st["u3_labels"], cx.x
    w = sh.right - sh.left
    cur = f["currency"]
    dec = fmt.money_decimals(cur)
    # The seller's letterhead, centred, with a double rule under it.
    sh.y += 22
    sh.text(sh.W / 2, sh.y, f["seller"], 15, bold=True, align="center", color=sh.accent)
    for ln in sh.wrap(f["seller_address"], w - 60, 8.5):
        sh.y += 11
        sh.text(sh.W / 2, sh.y, ln, 8.5, align="center")
    sh.y += 10
    sh.text(sh.W / 2, sh.y, x["tel"], 7.5, align="center")
    sh.y += 7
    sh.hline(sh.left, sh.right, sh.y, 1.3, color=sh.accent)
    sh.hline(sh.left, sh.right, sh.y + 2.5, 0.4, color=sh.accent)
    sh.y += 24
    sh.text(sh.W / 2, sh.y, L["title"], 14, bold=True, align="center")
    tw = sh.width(L["title"], 14, True)
    sh.hline(sh.W / 2 - tw / 2, sh.W / 2 + tw / 2, sh.y + 3, 0.7)
    sh.y += 12
    # Two boxes: Messrs. (the buyer) | S/C No., Date, Place.
    lw = w * 0.58
    gap = 8
    buyer = [f["buyer"], f["buyer_address"]]
    refs = [(L["no"], f["document_number"]), (L["date"], cx.date("document_date")),
            (L["place"], x["place"])]
    kw = max(sh.width(lab + ":", 8.5) for lab, _ in refs) + 6
    rh = 3 * 14 + 10
    h = max(_box_h(sh, lw, buyer, size=9) + 4, rh)
    y0 = sh.y
    sh.rect(sh.left, y0, lw, h, lw=0.8)
    sh.text(sh.left + 5, y0 + 11, L["messrs"] + ("" if L["messrs"].endswith(".") else ":"),
            8.5, bold=True)
    yy = y0 + 12
    for i, raw in enumerate(buyer):
        for ln in sh.wrap(raw, lw - 12, 9, i == 0):
            yy += 11
            sh.text(sh.left + 8, yy, ln, 9, bold=i == 0)
    rx = sh.left + lw + gap
    sh.rect(rx, y0, w - lw - gap, h, lw=0.8)
    ry = y0 + 6
    for i, (lab, val) in enumerate(refs):
        ry += 14
        sh.text(rx + 5, ry, lab + ":", 8.5)
        sh.text(rx + 5 + kw, ry, val, 9, bold=i == 0)
    sh.y = y0 + h + 4
    sh.para(sh.left, L["intro"], w, 8.8)
    sh.y += 6
    # Goods table.
    opt = [c for c in cx.st["columns"] if c in ("brand", "origin", "manufacture_year",
                                                "hs_code")]
    keys = ["art", "description", *opt, "quantity", "unit_price", "amount"]
    price_head = L["price"] + (f"\n{f['trade_terms']}" if cx.st["u3_price_terms"] else "")
    heads = {"art": L["art"], "description": L["commodity"], "brand": L["brand"],
             "origin": L["origin_col"], "manufacture_year": L["year"], "hs_code": L["hs"],
             "quantity": L["qty"], "unit_price": f"{price_head} ({cur})",
             "amount": f"{L['amount']} ({cur})"}
    rows = []
    for i, it in enumerate(cx.items):
        r = {k: cx.cell(k, it, i) for k in opt}
        r.update({"art": it.get("model", ""), "description": it.get("description", ""),
                  "quantity": cx.qty(it), "unit_price": _num(cx, it["unit_price"], dec),
                  "amount": _num(cx, it["amount"], dec)})
        rows.append(r)
    total = {"description": L["total"], "amount": f"{cur} {_num(cx, f['total_amount'], dec)}"}
    units = {it["unit"] for it in cx.items}
    if len(units) == 1:
        total["quantity"] = cx.qty({"quantity": sum(it["quantity"] for it in cx.items),
                                    "unit": units.pop()})
    size = fit_size(sh, keys, rows + [total], w, 8.2 if len(keys) <= 6 else 7.4)
    cols = _cols(sh, keys, heads, rows + [total], w, size)
    sh.table(sh.left, cols, rows, ruled=True, size=size, header_fill=cx.st["header_fill"],
             total_row=total)
    if cx.st["numfmt"] != "space":
        sh.para(sh.left, fmt.amount_in_words(f["total_amount"], cur), w, 8.5, bold=True)
    sh.y += 8
    # The terms, a lettered list with hanging values.
    lsd = cx.date("latest_shipment_date")
    terms = [(L["packing"], L["packing_text"]),
             (L["shipment"], L["shipment_text"].format(pol=f["port_of_loading"],
                                                       pod=f["port_of_discharge"], date=lsd)),
             (L["payment"], x.get("payment_terms", "")),
             (L["terms"], f"{f['trade_terms']} (Incoterms 2020)"),
             (L["insurance"], x["insurance"])]
    if cx.has("country_of_origin"):
        terms.append((L["origin"], cx.country(f["country_of_origin"])))
    terms += [(L["marks"], "At Sellers' option."),
              (L["inspection"], "Pre-shipment inspection of the used goods by an agency "
                                "recognised by the GACC, at the Sellers' cost; the "
                                "certificate is part of the shipping documents."),
              (L["arbitration"], "Any dispute shall be settled amicably by negotiation, "
                                 "failing which it shall be submitted to CIETAC for "
                                 "arbitration; the award is final and binding on both "
                                 "parties.")]
    letters = "abcdefghijklmnop"
    labs = [f"{L['letter'].format(a=letters[i], A=letters[i].upper())} {lab}"
            for i, (lab, _) in enumerate(terms)]
    kw = min(max(sh.width(lb + ":", 8.8) for lb in labs) + 8, w * 0.36)
    for lb, (_, val) in zip(labs, terms, strict=True):
        sh.kv(sh.left, lb, val, label_w=kw, width=w, size=8.8)
    # The two signature blocks side by side.
    sh.ensure(110)
    sh.y += 22
    y0 = sh.y
    blocks = [("sellers", f["seller"]), ("buyers", f["buyer"])]
    if not cx.st["u3_sellers_left"]:
        blocks.reverse()
    half = w / 2
    for i, (who, name) in enumerate(blocks):
        bx = sh.left + i * half
        sh.text(bx, y0, L[who], 9.5, bold=True)
        if who == "sellers":
            if f.get("has_signature"):
                sh.signature(bx + 12, y0 + 40, 100, 24)
            if f.get("has_seal"):
                sh.seal(bx + 150, y0 + 30, 80, f["seller"].upper()[:26], "")
        elif f.get("has_signature") and sh.rng.random() < 0.5:
            sh.signature(bx + 12, y0 + 40, 100, 24)
        sh.hline(bx, bx + half - 36, y0 + 52, 0.5)
        for j, ln in enumerate(sh.wrap(name, half - 36, 8)):
            sh.text(bx, y0 + 63 + j * 10, ln, 8)
    sh.y = y0 + 90
    sh.para(sh.left, L["confirm"], w, 8)


# --------------------------------------------------------------------------- invoice


def invoice_us_customs(sh: Sheet, cx: Ctx) -> None:
    """US-customs-style invoice: numbered boxes in two columns, line table, totals box."""
    f, L, x = cx.f, cx.st["u3_labels"], cx.x
    w = sh.right - sh.left
    cur = f["currency"]
    dec = fmt.money_decimals(cur)

    def lab(n: int, key: str) -> str:
        s = L["num_fmt"].format(n=n, label=L[key])
        return s.upper() if L["upper"] else s

    sh.y += 20
    sh.text(sh.W / 2, sh.y, L["title"], 15, bold=True, align="center", color=sh.accent)
    sh.y += 8
    half = w / 2
    inv_val = L["inv_join"].join([f["document_number"], cx.date("document_date")])
    if cx.has("country_of_origin"):
        coo = cx.country(f["country_of_origin"])
    else:
        coo = L["coo_items"]
    ult = [L["same_text"]] if L["ult_same"] else [f["buyer"], f["buyer_address"]]
    grid: list[tuple[tuple[int, str, list[str]], tuple[int, str, list[str]]]] = [
        ((1, "exporter", [f["seller"], f["seller_address"]]),
         (2, "inv", inv_val.split("\n"))),
        ((4, "sold_to", [f["buyer"], f["buyer_address"]]), (5, "ult", ult)),
        ((6, "inter", [L["inter_val"]]), (7, "fwd", [x["forwarder"]])),
        ((8, "coo", [coo]), (9, "dest", [cx.country(x["dest_country"])])),
        ((10, "pol", [f["port_of_loading"]]), (11, "terms", [f["trade_terms"]])),
        ((12, "payment", [x.get("payment_terms", "")]), (13, "currency", [cur])),
        ((14, "pod", [f["port_of_discharge"]]), (15, "carrier", [x.get("vessel", "")])),
    ]
    y = sh.y
    for row_i, (left, right) in enumerate(grid):
        hl = _box_h(sh, half, left[2], lab(left[0], left[1]))
        hr = _box_h(sh, half, right[2], lab(right[0], right[1]))
        if row_i == 0:  # box 3 (the buyer's order) stacks under box 2
            r3 = [f.get("contract_number", "")]
            h3 = _box_h(sh, half, r3, lab(3, "ref"))
            h = max(hl, hr + h3, 64)
            sh.box(sh.left, y, half, h, lab(1, "exporter"), left[2], label_size=6.3)
            sh.box(sh.left + half, y, half, h - h3, lab(2, "inv"), right[2], label_size=6.3,
                   bold=True)
            sh.box(sh.left + half, y + h - h3, half, h3, lab(3, "ref"), r3, label_size=6.3)
        else:
            h = max(hl, hr, 48 if row_i == 1 else 26)
            sh.box(sh.left, y, half, h, lab(*left[:2]), left[2], label_size=6.3)
            sh.box(sh.left + half, y, half, h, lab(*right[:2]), right[2], label_size=6.3)
        y += h
    sh.y = y + 8
    # The line table.
    opt = [c for c in cx.st["columns"] if c in ("hs_code", "origin", "brand", "serial_number",
                                                "manufacture_year")]
    keys = ["marks", "pkgs", "description", "model", *opt, "quantity", "unit", "unit_price",
            "amount"]
    heads = {"marks": L["marks"], "pkgs": L["pkgs"], "description": L["desc"],
             "model": L["model"], "hs_code": L["hs"], "origin": L["origin_col"],
             "brand": L["brand"], "serial_number": L["serial"], "manufacture_year": L["year"],
             "quantity": L["qty"], "unit": L["uom"],
             "unit_price": f"{L['unit_value']} ({cur})", "amount": f"{L['total_value']} ({cur})"}
    rows = []
    pkgs = x.get("pkgs", [])
    for i, it in enumerate(cx.items):
        r = {k: cx.cell(k, it, i) for k in opt}
        r.update({"marks": x.get("marks", "N/M") if i == 0 else "",
                  "pkgs": str(pkgs[i]) if i < len(pkgs) else "",
                  "description": it.get("description", ""), "model": it.get("model", ""),
                  "quantity": str(it["quantity"]), "unit": cx.unit(it["unit"], it["quantity"]),
                  "unit_price": _num(cx, it["unit_price"], dec),
                  "amount": _num(cx, it["amount"], dec)})
        rows.append(r)
    size = fit_size(sh, keys, rows, w, 7.6 if len(keys) <= 9 else 7.0)
    cols = _cols(sh, keys, heads, rows, w, size)
    sh.table(sh.left, cols, rows, ruled=True, size=size, header_fill=cx.st["header_fill"])
    # Declaration (left) and the totals box (right).
    sh.ensure(120)
    y0 = sh.y + 6
    tw = w * 0.42
    tx = sh.right - tw
    cif = f["trade_terms"][:3] in ("CIF", "CFR", "CIP", "CPT", "DAP", "DDP")
    incl = "INCLUDED" if cif else "N/A"
    lines = [(L["subtotal"], _num(cx, f["total_amount"], dec)), (L["packing"], "INCLUDED"),
             (L["freight"], incl), (L["insurance"], incl if f["trade_terms"][:3] != "CFR"
                                     else "N/A"), (L["other"], "—"),
             (f"{L['total']} ({cur})", f"{cur} {_num(cx, f['total_amount'], dec)}")]
    yy = y0
    for i, (lb, val) in enumerate(lines):
        last = i == len(lines) - 1
        hh = 18 if last else 14
        sh.rect(tx, yy, tw, hh, lw=1.0 if last else 0.5,
                fill=HexColor("#eeeeee") if last else None)
        sh.text(tx + 4, yy + hh - 4.5, lb, 8.5 if last else 7.8, bold=last)
        sh.text(sh.right - 4, yy + hh - 4.5, val, 9 if last else 7.8, bold=last,
                align="right")
        yy += hh
    dw = w - tw - 16
    sh.y = y0
    sh.para(sh.left, L["declare"], dw, 7.6)
    if x.get("signature"):
        sh.signature(sh.left + 10, sh.y + 32, 100, 22)
    sh.y += 38
    sh.hline(sh.left, sh.left + dw * 0.8, sh.y, 0.5)
    sh.y += 9
    sh.text(sh.left, sh.y, L["sign"], 7)
    sh.y += 10
    sh.text(sh.left, sh.y, f"{x['signer']}, {f['seller']}"[:70], 7.5)
    sh.y = max(sh.y, yy) + 10


# --------------------------------------------------------------------------- packing list


def _landscape_table(sh: Sheet, cols: list[Col], groups: dict[str, tuple[str, list[str]]],
                     rows: list[dict[str, str]], total: dict[str, str], size: float,
                     fill: Any) -> None:
    """A ruled table with a two-level heading: ``groups`` maps a first key to (group
    label, keys it spans); the header repeats when the table breaks across pages."""
    pad, lead = 2.5, size * 1.22
    width = sum(c.width for c in cols)
    x0 = sh.left
    pos, acc = {}, x0
    for c in cols:
        pos[c.key] = acc
        acc += c.width
    spanned = {k for _, ks in groups.values() for k in ks}

    def header() -> None:
        g_lines = {g: sh.wrap(lbl, sum(c.width for c in cols if c.key in ks) - 2 * pad, size,
                              True) for g, (lbl, ks) in groups.items()}
        h1 = max([len(v) for v in g_lines.values()] or [1]) * lead + 2 * pad
        sub = {c.key: sh.wrap(c.header, c.width - 2 * pad, size, True) for c in cols}
        h2 = max(len(v) for v in sub.values()) * lead + 2 * pad
        sh.ensure(h1 + h2 + 4 * lead)
        top = sh.y
        sh.rect(x0, top, width, h1 + h2, lw=0.7, fill=fill)
        for g, (_, ks) in groups.items():
            gx = pos[ks[0]]
            gw = sum(c.width for c in cols if c.key in ks)
            for i, ln in enumerate(g_lines[g]):
                sh.text(gx + gw / 2, top + pad + (i + 1) * lead - 1.5, ln, size, bold=True,
                        align="center")
            sh.hline(gx, gx + gw, top + h1, 0.5)
        for c in cols:
            t0 = top + h1 if c.key in spanned else top
            hh = top + h1 + h2 - t0
            lines = sub[c.key]
            ty = t0 + (hh - len(lines) * lead) / 2 - 1.5
            for i, ln in enumerate(lines):
                sh.text(pos[c.key] + c.width / 2, ty + (i + 1) * lead, ln, size, bold=True,
                        align="center")
            starts_group = any(ks[0] == c.key for _, ks in groups.values())
            sh.vline(pos[c.key], top if (c.key not in spanned or starts_group) else top + h1,
                     top + h1 + h2)
        sh.vline(x0 + width, top, top + h1 + h2)
        sh.y = top + h1 + h2

    header()
    body = [*rows, total]
    for r_i, row in enumerate(body):
        last = r_i == len(body) - 1
        cells = [sh.wrap(row.get(c.key, ""), c.width - 2 * pad, size, last) for c in cols]
        h = max(len(cl) for cl in cells) * lead + 2 * pad
        if sh.y + h > sh.bottom:
            sh.new_page()
            header()
        top = sh.y
        if last:
            sh.hline(x0, x0 + width, top, 1.2)
        for c, lines in zip(cols, cells, strict=True):
            for i, ln in enumerate(lines):
                yy = top + pad + (i + 1) * lead - 1.5
                if c.align == "right":
                    sh.text(pos[c.key] + c.width - pad, yy, ln, size, bold=last, align="right")
                elif c.align == "center":
                    sh.text(pos[c.key] + c.width / 2, yy, ln, size, bold=last, align="center")
                else:
                    sh.text(pos[c.key] + pad, yy, ln, size, bold=last)
            sh.vline(pos[c.key], top, top + h)
        sh.vline(x0 + width, top, top + h)
        sh.hline(x0, x0 + width, top + h)
        sh.y = top + h
    sh.y += 4


def pl_landscape_weights(sh: Sheet, cx: Ctx) -> None:
    """Landscape packing list: many weight columns under a two-level heading, TOTAL, SAY."""
    f, L, x = cx.f, cx.st["u3_labels"], cx.x
    w = sh.right - sh.left
    kd = cx.st["u3_kg_dec"]
    word = L["pkg_word"]
    # Seller at left, title at right.
    sh.y += 20
    sh.text(sh.left, sh.y, f["seller"], 14, bold=True, color=sh.accent)
    sh.text(sh.right, sh.y, L["title"], 16, bold=True, align="right")
    for ln in sh.wrap(f["seller_address"], w * 0.55, 8.2):
        sh.y += 10
        sh.text(sh.left, sh.y, ln, 8.2)
    sh.y += 6
    sh.hline(sh.left, sh.right, sh.y, 1.0, color=sh.accent)
    sh.y += 6
    # Consignee | references | marks.
    bw = [w * 0.42, w * 0.33, w * 0.25]
    buyer = [f["buyer"], f["buyer_address"]]
    refs = [(L["no"], f["document_number"]), (L["date"], cx.date("document_date")),
            (L["invoice"], f["invoice_number"])]
    if cx.has("contract_number"):
        refs.append((L["contract"], f["contract_number"]))
    marks = [x.get("marks", "N/M")]
    if x.get("containers"):
        marks.append("Container: " + ", ".join(x["containers"]))
    h = max(_box_h(sh, bw[0], buyer, L["buyer"], 8.8), 10 + 12 * len(refs) + 6,
            _box_h(sh, bw[2], marks, L["marks"]))
    y0 = sh.y
    sh.box(sh.left, y0, bw[0], h, L["buyer"], buyer, size=8.8)
    rx = sh.left + bw[0]
    sh.rect(rx, y0, bw[1], h, lw=0.7)
    kw = max(sh.width(lab + ":", 8.3) for lab, _ in refs) + 8
    for i, (lab, val) in enumerate(refs):
        yy = y0 + 14 + i * 12
        sh.text(rx + 5, yy, lab + ":", 8.3)
        sh.text(rx + 5 + kw, yy, val, 8.8, bold=i == 0)
    sh.box(rx + bw[1], y0, bw[2], h, L["marks"], marks)
    sh.y = y0 + h + 8
    # The table.
    has_serial = "serial_number" in cx.st["columns"]
    has_vol = "volume_cbm" in cx.st["columns"]
    keys = ["from", "to", "model", "description", *(["serial_number"] if has_serial else []),
            "pcs_ctn", "ctns", "quantity", "nw_ctn", "gw_ctn", "t_nw", "t_gw",
            *(["meas"] if has_vol else [])]
    heads = {"from": L["from"], "to": L["to"], "model": L["item"], "description": L["desc"],
             "serial_number": L["serial"], "pcs_ctn": L["pcs_ctn"], "ctns": L["ctns"],
             "quantity": L["total_pcs"], "nw_ctn": L["nw_ctn"], "gw_ctn": L["gw_ctn"],
             "t_nw": L["t_nw"], "t_gw": L["t_gw"], "meas": L["meas"]}
    rows: list[dict[str, str]] = []
    notes = []
    k = 1
    for it in cx.items:
        p = max(int(it["packages"]), 1)
        q = it["quantity"]
        r = {"from": str(k), "to": str(k + p - 1), "model": it.get("model", ""),
             "description": it.get("description", ""), "ctns": str(p), "quantity": cx.qty(it),
             "nw_ctn": _num(cx, it["net_weight_kg"] / p, kd if p == 1 else 2),
             "gw_ctn": _num(cx, it["gross_weight_kg"] / p, kd if p == 1 else 2),
             "t_nw": _num(cx, it["net_weight_kg"], kd),
             "t_gw": _num(cx, it["gross_weight_kg"], kd)}
        if q % p == 0:
            r["pcs_ctn"] = str(q // p)
        else:
            r["pcs_ctn"] = "—"
            notes.append(f"{it.get('model', '')}: " + L["split"].format(
                q=q, u=cx.unit(it["unit"], q), p=p, word=word.lower()))
        if has_serial:
            r["serial_number"] = it.get("serial_number", "")
        if has_vol:
            r["meas"] = _num(cx, it.get("volume_cbm", 0.0), 3)
        rows.append(r)
        k += p
    pk = f["total_packages"]
    total = {"description": L["total"], "ctns": str(pk),
             "t_nw": _num(cx, f["net_weight_kg"], kd), "t_gw": _num(cx, f["gross_weight_kg"], kd)}
    units = {it["unit"] for it in cx.items}
    if len(units) == 1:
        total["quantity"] = cx.qty({"quantity": sum(it["quantity"] for it in cx.items),
                                    "unit": units.pop()})
    if has_vol:
        total["meas"] = _num(cx, f["volume_cbm"], 3)
    groups = {"ctn": (L["ctn_no"], ["from", "to"]),
              "wt": (L["weights"], ["nw_ctn", "gw_ctn", "t_nw", "t_gw"])}
    size = fit_size(sh, keys, [*rows, total], w, 8.0)
    cols = _cols(sh, keys, heads, [*rows, total], w, size)
    fill = HexColor("#e4e8ee") if cx.st["u3_header_fill"] else None
    _landscape_table(sh, cols, groups, rows, total, size, fill)
    for n in notes:
        sh.para(sh.left, f"{L['remark']}: {n}", w, 7.8)
    sh.y += 2
    say = L["say"].format(words=_words(pk), n=pk, word=word)
    sh.para(sh.left, say, w, 9, bold=True)
    sh.y += 4
    summary = [(L["sum_pkgs"], f"{pk} {word}"),
               (L["sum_nw"], f"{_num(cx, f['net_weight_kg'], kd)} KGS"),
               (L["sum_gw"], f"{_num(cx, f['gross_weight_kg'], kd)} KGS"),
               (L["sum_vol"], f"{_num(cx, f['volume_cbm'], 3)} CBM")]
    sh.ensure(20)
    sh.y += 11
    q = w / 4
    for i, (lab, val) in enumerate(summary):
        sh.text(sh.left + i * q, sh.y, f"{lab}: ", 8.5)
        sh.text(sh.left + i * q + sh.width(f"{lab}: ", 8.5), sh.y, val, 8.5, bold=True)
    if x.get("packing"):
        sh.y += 12
        sh.text(sh.left, sh.y, f"Packing: {x['packing']}", 8.5)
    sh.ensure(60)
    sh.y += 18
    xr = sh.right - 240
    for i, ln in enumerate(sh.wrap(f"{L['sign']} {f['seller']}", 238, 8.5)[:2]):
        sh.text(xr, sh.y + i * 10, ln, 8.5)
    if sh.rng.random() < 0.6:
        sh.signature(xr + 20, sh.y + 30, 100, 20)
    sh.y += 36
    sh.hline(xr, sh.right, sh.y, 0.5)
    sh.y += 10


# --------------------------------------------------------------------------- bill of lading


def bl_multimodal(sh: Sheet, cx: Ctx) -> None:
    """Combined transport B/L: parties left, carrier block right, routing strip, particulars."""
    from .render import _container_fmt

    f, L, x = cx.f, cx.st["u3_labels"], cx.x
    w = sh.right - sh.left
    half = w * 0.52
    rx, rw = sh.left + half, w - half
    y0 = sh.y + 4

    def kg(v: float) -> str:
        return f"{_num(cx, v, cx.st['u3_gw_dec'])} KGS"

    # Left: the parties.
    py = y0
    parties = (("shipper", [f["shipper"], x["shipper_address"]]),
               ("consignee", [f["consignee"], x["consignee_address"]]),
               ("notify", [f["notify_party"]]))
    heights = [max(_box_h(sh, half, lines, _label(sh, L[key], half)), 50)
               for key, lines in parties]
    notify_y = y0 + sum(heights[:2])
    # Right: number, booking, references, then the carrier's logo block and the title.
    nw, nsize = rw * 0.56, 10.0
    while sh.width(f["document_number"], nsize, True) > nw - 10 and nsize > 7:
        nsize -= 0.5
    sh.box(rx, y0, nw, 30, L["no"], [f["document_number"]], bold=True, size=nsize)
    sh.box(rx + nw, y0, rw - nw, 30, L["booking"], [x["booking_no"]])
    refs = [x["invoice_no"]] if x.get("invoice_no") else [""]
    sh.box(rx, y0 + 30, rw, 24, L["export_ref"], refs)
    ly = y0 + 62
    logo_w = min(sh.width(x["carrier_short"], 16, True) + 24, rw - 12)
    sh.rect(rx + 8, ly, logo_w, 26, lw=0, fill=sh.accent)
    sh.text(rx + 8 + logo_w / 2, ly + 18.5, x["carrier_short"], 16, bold=True, align="center",
            color=white)
    name_w = rx + rw - (rx + logo_w + 16) - 4
    name_lines = sh.wrap(x["carrier"], name_w, 7, True)[:2]
    for i, ln in enumerate(name_lines):
        sh.text(rx + logo_w + 16, ly + 9 + i * 8, ln, 7, bold=True)
    sh.text(rx + logo_w + 16, ly + 11 + len(name_lines) * 8,
            "www." + re.sub(r"[^a-z]", "", x["carrier_short"].lower()) + ".com", 6.3)
    ty = ly + 42
    for ln in sh.wrap(L["title"], rw - 14, 11, True):
        sh.text(rx + 8, ty, ln, 11, bold=True)
        ty += 13
    clause = ("RECEIVED in external apparent good order and condition, except as otherwise "
              "noted, the total number of containers or other packages or units stated below "
              "for carriage from the place of receipt or the port of loading to the port of "
              "discharge or the place of delivery, subject to the terms and conditions hereof.")
    for ln in sh.wrap(clause, rw - 14, 5.8)[:7]:
        sh.text(rx + 8, ty, ln, 5.8)
        ty += 6.8
    bottom = max(y0 + sum(heights), ty + 4)
    heights[2] = bottom - notify_y  # the notify box runs down to the routing strip
    for (key, lines), h in zip(parties, heights, strict=True):
        sh.box(sh.left, py, half, h, _label(sh, L[key], half), lines)
        py += h
    sh.rect(rx, y0 + 54, rw, bottom - y0 - 54, lw=0.7)
    # The routing strip.
    strip: list[tuple[str, str]] = [(L["precarriage"], L["precarriage_val"]),
                                    (L["receipt"], x.get("place_of_receipt") or "")]
    if L["joined"]:
        strip.append((L["vessel_voy"], f"{f['vessel']} / {f['voyage']}"))
    else:
        strip += [(L["vessel"], f["vessel"]), (L["voyage"], f["voyage"])]
    strip += [(L["pol"], f["port_of_loading"]), (L["pod"], f["port_of_discharge"]),
              (L["delivery"], x["delivery"])]
    n = len(strip)
    bw = w / n
    strip = [(_label(sh, lb, bw), val) for lb, val in strip]
    h = max(max(_box_h(sh, bw, [v], lb, 8) for lb, v in strip), 30)
    ys = bottom
    for i, (lb, val) in enumerate(strip):
        sh.box(sh.left + i * bw, ys, bw, h, lb, [val], size=8)
    sh.y = ys + h + 3
    # The particulars furnished by the shipper.
    sh.rect(sh.left, sh.y, w, 12, lw=0.5, fill=HexColor("#e9e9e9"))
    sh.text(sh.W / 2, sh.y + 8.8, L["particulars"], 7, bold=True, align="center")
    sh.y += 12
    pk = f["total_packages"]
    many = cx.st.get("pkg_word", "PACKAGES")
    marks = "\n".join(L["cs_fmt"].format(c=_container_fmt(sh, cx, c), s=s,
                                         t=x["container_type"])
                      for c, s in zip(f["container_numbers"], f["seal_numbers"], strict=False))
    marks += "\nN/M" if "{t}" in L["cs_fmt"] else f"\n{x['container_type']}\nN/M"
    desc = "\n".join(x["goods_lines"])
    if L["stc"]:
        desc = f"{L['stc']}\n{desc}"
    cols = [Col("marks", L["marks"], w * 0.26), Col("pkgs", L["pkgs"], w * 0.13, "center"),
            Col("desc", L["desc"], w * 0.35), Col("gw", L["gw"], w * 0.13, "right"),
            Col("meas", L["meas"], w * 0.13, "right")]
    n_cont = len(f["container_numbers"])
    ctype = x["container_type"]
    conts = ctype if re.match(r"\d+X", ctype) else f"{n_cont} X {ctype}"
    row = {"marks": marks, "pkgs": f"{conts}\n{pk} {many}",
           "desc": desc, "gw": kg(f["gross_weight_kg"]),
           "meas": f"{_num(cx, f['volume_cbm'], 3)} CBM"}
    sh.table(sh.left, cols, [row], ruled=True, size=7.8)
    sh.para(sh.left, f"{L['words']}: {_words(pk)} ({pk}) {many} ONLY", w, 7.8, bold=True)
    sh.y += 5
    # Freight & charges | originals, payable, issue, on board; the signature.
    sh.ensure(130)
    y2 = sh.y
    fw = w * 0.56
    sh.rect(sh.left, y2, fw, 70, lw=0.7)
    fcols = [(L["freight"], 0.36), (L["revenue"], 0.16), (L["rate"], 0.16),
             (L["prepaid"], 0.16), (L["collect"], 0.16)]
    xx = sh.left
    for i, (lb, frac) in enumerate(fcols):
        sh.text(xx + 3, y2 + 8, sh.wrap(lb, fw * frac - 5, 6.3)[0], 6.3, color=sh.accent)
        if i:
            sh.vline(xx, y2, y2 + 30)
        xx += fw * frac
    sh.hline(sh.left, sh.left + fw, y2 + 11, 0.4)
    sh.hline(sh.left, sh.left + fw, y2 + 30, 0.4)
    prepaid = "PREPAID" in x["freight"]
    sh.text(sh.left + 4, y2 + 22, "OCEAN FREIGHT", 7.5)
    sh.text(sh.left + fw * 0.52 + 3, y2 + 22, "AS ARRANGED", 6.3)
    sh.text(sh.left + fw * (0.68 if prepaid else 0.84) + 3, y2 + 22, "X", 8, bold=True)
    sh.text(sh.left + 4, y2 + 44, x["freight"], 9, bold=True)
    sh.text(sh.left + 4, y2 + 60, f"{L['payable']}: {x['payable']}", 7.5)
    ox = sh.left + fw
    ow = w - fw
    sh.box(ox, y2, ow * 0.5, 35, L["originals"], [x["originals"]], label_size=6)
    sh.box(ox + ow * 0.5, y2, ow * 0.5, 35, L["onboard"], [cx.date("on_board_date")],
           label_size=6)
    sh.box(ox, y2 + 35, ow, 35, L["issue"],
           [f"{f['port_of_loading']}, {cx.date('document_date')}"], label_size=6)
    sh.y = y2 + 76
    sh.ensure(70)
    xr = sh.right - 230
    for i, ln in enumerate(sh.wrap(f"{L['signed']}: {x['carrier']}", 228, 7.5)[:2]):
        sh.text(xr, sh.y + 8 + i * 9, ln, 7.5)
    sh.signature(xr + 20, sh.y + 44, 110, 22)
    sh.y += 50
    sh.hline(xr, sh.right, sh.y, 0.5)
    sh.y += 10
    sh.text(xr, sh.y, "Authorised signatory", 7.5)
    sh.y += 6


# --------------------------------------------------------------------------- certificate


def cert_stamp_table(sh: Sheet, cx: Ctx) -> None:
    """Certificate as one big ruled table; goods nested in it; the seal over the agency row."""
    from .render import _CONCLUSION

    f, L = cx.f, cx.st["u3_labels"]
    w = sh.right - sh.left
    bi = cx.lang == "bi"
    shade = HexColor("#e8e8e8")

    def lab(key: str) -> str:
        zh, en = L[key]
        return f"{zh}\n{en}" if bi else zh

    # Head: agency (optional), title, English title, number at right.
    sh.y += 14
    if cx.st["u3_agency_head"]:
        sh.y += 6
        sh.text(sh.W / 2, sh.y, f["issuing_agency"], 12, bold=True, align="center",
                color=sh.accent)
        sh.y += 8
    sh.y += 20
    sh.text(sh.W / 2, sh.y, L["title"], 18, bold=True, align="center")
    if bi:
        sh.y += 14
        sh.text(sh.W / 2, sh.y, L["title_en"], 9.5, bold=True, align="center")
    sh.y += 14
    lw = w * cx.st["u3_label_w"]
    size = 9.2

    def cell_lines(text: str, width: float, sz: float) -> list[str]:
        return [ln for part in text.split("\n") for ln in sh.wrap(part, width - 8, sz)]

    def row(pairs: list[tuple[str, str]], min_h: float = 0) -> float:
        """One table row of (label, value) pairs; with two pairs the value cells halve."""
        vw = (w - lw * len(pairs)) / len(pairs)
        lab_l = [cell_lines(lb, lw, 8.2) for lb, _ in pairs]
        val_l = [cell_lines(v, vw, size) for _, v in pairs]
        h = max([len(ll) * 9.8 for ll in lab_l] + [len(v) * size * 1.3 for v in val_l]) + 9
        h = max(h, min_h)
        sh.ensure(h)
        y = sh.y
        xx = sh.left
        for ll, vl in zip(lab_l, val_l, strict=True):
            sh.rect(xx, y, lw, h, lw=0.6, fill=shade)
            for i, ln in enumerate(ll):
                sh.text(xx + 4, y + 11.5 + i * 9.8, ln, 8.2 if i == 0 or not bi else 7)
            sh.rect(xx + lw, y, vw, h, lw=0.6)
            for i, ln in enumerate(vl):
                sh.text(xx + lw + 5, y + 12 + i * size * 1.3, ln, size)
            xx += lw + vw
        sh.y = y + h
        return y

    def wide(text: str, bold: bool = False) -> None:
        lines = cell_lines(text, w, size)
        h = len(lines) * size * 1.35 + 9
        sh.ensure(h)
        sh.rect(sh.left, sh.y, w, h, lw=0.6)
        for i, ln in enumerate(lines):
            sh.text(sh.left + 5, sh.y + 12 + i * size * 1.35, ln, size, bold=bold)
        sh.y += h

    # The outer frame is drawn by the cells themselves: a heavier rule above and below.
    top = sh.y
    row([(lab("no"), f["document_number"]), (lab("issue"), cx.date("document_date"))])
    row([(lab("applicant"), f["applicant"])])
    row([(lab("consignor"), cx.x["consignor"])])
    row([(lab("contract"), f["contract_number"]), (lab("invoice"), f["invoice_number"])])
    if cx.has("bl_number"):
        row([(lab("bl"), f["bl_number"]), (lab("date"), cx.date("inspection_date"))])
        row([(lab("place"), f["inspection_place"])])
    else:
        row([(lab("place"), f["inspection_place"]), (lab("date"), cx.date("inspection_date"))])
    row([(lab("basis"), f["inspection_basis"])])
    # The goods, a sub-table nested in the grid (beside its label cell, or under a caption).
    heads = dict(L["heads"])
    keys = ["no"]
    for c in cx.st["columns"]:
        keys.append(c)
        if c == "quantity" and cx.st.get("qty_mode") == "separate":
            keys.append("unit")
    rows = [{k: cx.cell(k, it, i) for k in keys} for i, it in enumerate(cx.items)]
    side = cx.st["u3_goods_side"]
    gx = sh.left + (lw if side else 0)
    gw = w - (lw if side else 0)
    gsize = fit_size(sh, keys, rows, gw, 7.2)
    cols = _cols(sh, keys, heads, rows, gw, gsize)
    gh = _grid(sh, gx, cols, rows, gsize, draw=False)
    if not side:
        cap = lab("goods").replace("\n", "  ")
        sh.ensure(16 + gh)
        sh.rect(sh.left, sh.y, w, 15, lw=0.6, fill=shade)
        sh.text(sh.left + 4, sh.y + 10.8, cap, 8.2)
        sh.y += 15
    else:
        sh.ensure(gh)
        sh.rect(sh.left, sh.y, lw, gh, lw=0.6, fill=shade)
        for i, ln in enumerate(cell_lines(lab("goods"), lw, 8.2)):
            sh.text(sh.left + 4, sh.y + 11.5 + i * 9.8, ln, 8.2)
    _grid(sh, gx, cols, rows, gsize, fill=HexColor("#f4f4f4"))
    sh.y += gh
    concl = sh.rng.choice(_CONCLUSION[f["conclusion"]])
    if bi:
        concl += (" The goods conform to the mandatory requirements of the national technical "
                  "regulations of China." if f["conclusion"] == "conforming" else
                  " The goods do not conform to the mandatory requirements.")
    row([(lab("conclusion"), concl)], min_h=40)
    validity = L["valid"].format(a=cx.date("document_date"), b=cx.date("valid_until"))
    if bi:
        validity += (f"  This certificate is valid from {cx.date('document_date')} to "
                     f"{cx.date('valid_until')}.")
    wide(validity, bold=True)
    sh.ensure(60)
    agency_y = row([(lab("agency"), f["issuing_agency"] + L["seal_caption"]),
                    (lab("signatory"), f["authorized_signatory"])], min_h=46)
    vw = (w - 2 * lw) / 2
    if f.get("has_signature"):
        sh.signature(sh.left + 2 * lw + vw + sh.width(f["authorized_signatory"], size) + 14,
                     agency_y + 30, 70, 18)
    sh.hline(sh.left, sh.right, top, 1.4)
    sh.hline(sh.left, sh.right, sh.y, 1.4)
    if f.get("has_seal"):  # the stamp over the agency's name, overlapping the rules
        sh.seal(sh.left + lw + vw * 0.62, agency_y + 28, 86, f["issuing_agency"], "检验专用章")
    sh.y += 14
    sh.para(sh.left, L["note"], w, 8)


RENDERERS = {
    "contract_proforma_sc": contract_proforma_sc,
    "invoice_us_customs": invoice_us_customs,
    "pl_landscape_weights": pl_landscape_weights,
    "bl_multimodal": bl_multimodal,
    "cert_stamp_table": cert_stamp_table,
}
