"""Seventh group of unseen layout families: drawn for measuring generalisation, never for tuning.

Never look at these families' misses to tune ``docproc/extract.py`` or its label lists; they
stand for real documents from issuers nobody on the team has seen (the first six groups, in
:mod:`unseen` ... :mod:`unseen6`, have been looked at). They were written without reading
the extractor. Each family prints the same truth as the other families of its document type
(the builders of :mod:`documents`), but with its own structure and its own label wordings
(synonyms real issuers use), all chosen here in :func:`unseen7_style` and stored in the
document's style.

- ``contract_deed_schedule``: a common-law style sale agreement: the agreement number in the
  page head, "DATED 8th December 2026", the parties as numbered recitals "(1) … of …
  ("the Seller")", background (A)/(B), numbered clauses (price, delivery with the ports and
  the latest shipment date as defined terms, origin, payment, inspection, title and risk,
  law); in the bilingual variant each clause as English left / Chinese right; initials boxes
  at the foot of page 1, and on page 2 "SCHEDULE 1 – THE EQUIPMENT" (the goods table and
  total) followed by the "SIGNED by … for and on behalf of …" execution blocks.
- ``invoice_twoline_eu``: a continental European exporter's invoice with European numbers
  (1.250,00 or 1 250,00): letterhead at left, a framed data panel at right (Inv. Ref., date,
  customer no., "Your order" = the contract, delivery terms, payment, currency), "Sold to" /
  "Ship to" boxes, a shipment line, then an unruled goods list whose every position takes
  two lines (the description, and under it in small print "Model … · S/N … · HS … · Origin
  …"), amounts right-aligned, a net value / freight / VAT 0 % / total block, the amount in
  words and the export declaration.
- ``pl_marks_diamond``: a Japanese trading-house packing list: the shipper's letterhead
  centred, "PACKING LIST" double-underlined, "Messrs." / "Sold to" with the buyer at left,
  No. / date / invoice / contract at right, a "Shipped per … From … To …" line, a table whose
  first column holds the shipping marks (a drawn diamond with the buyer's initials, the
  contract, the port of discharge, "C/No. 1-N", "MADE IN …") beside the per-line rows
  (case numbers, goods with model and serials, quantity, net / gross weight, measurement),
  and a framed totals box at the bottom right with the packages in words.
- ``bl_rider_sheet``: an ocean bill of lading whose particulars continue on an attached
  rider: page 1 the classic form ("Shipper/Exporter", "Consignee", "Notify Party" at left;
  B/L no., booking no., export references, forwarding agent at right; pre-carriage / receipt
  / "Ocean Vessel / Voy. No." / ports / delivery boxes), the particulars with the totals and
  "AS PER ATTACHED RIDER", the packages in words, a freight grid, originals, place and date
  of issue and the "Laden on board" box; page 2 "RIDER TO BILL OF LADING NO. …" with one row
  per container (container, seal, type, packages, weight, measurement), a totals row and the
  description of goods.
- ``cert_ciq_results_box``: a pre-shipment inspection certificate in the CIQ certificate
  layout: agency and title centred, "编号 No." at right, a box grid with the labels in a
  shaded left column (发货人 Consignor, 收货人 Consignee, 合同号, 发票号, 品名, 报检数量,
  检验地点, 检验日期, 检验依据, 运输工具, 标记及号码), one large "检验结果 RESULTS OF
  INSPECTION" box holding everything else as prose (the items as numbered sentences, the
  conclusion, the validity), a bottom strip 印章 / 签证地点 / 签证日期 / 授权签字人 / 签名
  with the seal, and the classic disclaimer.
- ``asl_fax_memo``: a vehicle maker's after-sales confirmation sent by fax: the fax
  machine's header line (time, sender, page), the maker's letterhead, "传真 FAX" with a
  To / From / Attn / Fax / Date / Pages / Ref. / Re grid, the confirmation as prose with the
  vehicle as a key list, the outlets as a ruled table (no., outlet, country), the maker's
  signature and seal, and the "if you do not receive all pages" note.
"""

from __future__ import annotations

import random
import re
from typing import Any

from reportlab.lib.colors import HexColor

from . import fmt
from .render import Ctx, _container_fmt
from .sheet import Col, Sheet, fit_size
from .shipment import Shipment, pools
from .unseen3 import _FORWARDERS, _box_h, _num, _pick, _words
from .unseen4 import _tel
from .unseen5 import _DIAL, _GREY, _cols, _pkg_word
from .unseen6 import _need, _stack

# --------------------------------------------------------------------------- label wordings

_DEED = {
    "no": ["Agreement No.", "Agreement Ref.", "Our Ref.", "Sales Agreement No.", "Ref. No."],
    "dated": ["DATED {d}", "THIS AGREEMENT is dated {d}", "Date of this Agreement: {d}"],
    "title": ["AGREEMENT FOR THE SALE AND PURCHASE OF USED EQUIPMENT",
              "EQUIPMENT SALE AGREEMENT", "MACHINERY SALE AND PURCHASE AGREEMENT",
              "SALE AGREEMENT (USED PLANT AND MACHINERY)"],
    "title_zh": ["设备买卖协议", "二手设备买卖协议", "机器设备销售协议"],
    "between": ["PARTIES", "BETWEEN", "THIS AGREEMENT IS MADE BETWEEN"],
    "of": ["of", "whose registered office is at", "having its principal place of business at"],
    "seller": ["Seller", "Vendor", "Seller"],
    "buyer": ["Buyer", "Purchaser", "Buyer"],
    "background": ["BACKGROUND", "RECITALS", "WHEREAS"],
    "agreed": ["AGREED TERMS", "IT IS AGREED as follows:", "NOW IT IS HEREBY AGREED"],
    "price_v": ["The price for the Equipment is {p} (the \"Price\"), payable in {c}.",
                "The total consideration for the Equipment is {p} (the \"Price\"); all "
                "payments shall be made in {c}."],
    "schedule": ["SCHEDULE 1 – THE EQUIPMENT", "SCHEDULE 1: DESCRIPTION OF THE EQUIPMENT",
                 "SCHEDULE 1 – EQUIPMENT AND PRICES"],
    "schedule_zh": ["附件一：设备清单", "附表一 设备明细"],
    "heads": [{"no": "Item", "description": "Equipment", "model": "Model", "brand": "Make",
               "origin": "Origin", "manufacture_year": "Year", "hs_code": "HS Code",
               "quantity": "Qty", "unit": "Unit", "unit_price": "Unit Price",
               "amount": "Price"},
              {"no": "No.", "description": "Description", "model": "Type / Model",
               "brand": "Manufacturer", "origin": "Country of Manufacture",
               "manufacture_year": "Year of Build", "hs_code": "Tariff Heading",
               "quantity": "Number", "unit": "Unit", "unit_price": "Price each",
               "amount": "Total"}],
    "total": ["TOTAL PRICE", "Total", "AGGREGATE PRICE"],
    "signed": ["SIGNED by {n}", "Signed by {n}", "EXECUTED by {n}"],
    "behalf": ["for and on behalf of", "duly authorised for and on behalf of"],
    "initials": ["Initials", "Initialled"],
}
_DEED_ZH = {
    "seller": "卖方", "buyer": "买方",
    "price": "第三条 价格：本协议设备总价为{p}，以{c}支付。",
    "delivery": "第四条 交货：{t}（2020年国际贸易术语解释通则）。装运港：{a}；"
                "目的港：{b}；卖方应不迟于{d}装运（“最迟装运日”）。",
    "origin": "第五条 原产地：设备原产于{o}。",
    "payment": "第六条 付款：{p}。",
    "inspection": "第七条 检验：装运前由海关总署认可的检验机构实施装运前检验。",
    "title_risk": "第八条 所有权与风险：风险按所选贸易术语转移；所有权于全额付款后转移。",
    "law": "第九条 适用法律：本协议适用中华人民共和国法律，"
           "争议提交中国国际经济贸易仲裁委员会仲裁。",
    "sale": "第二条 买卖：卖方同意出售、买方同意购买附件一所列设备（“设备”）。",
    "interp": "第一条 定义：本协议中的术语具有下列条款所赋予的含义。",
}
_TWO = {
    "title": ["COMMERCIAL INVOICE", "EXPORT INVOICE", "INVOICE", "Invoice"],
    "no": ["Inv. Ref.", "Invoice No.", "Document No.", "Invoice Number"],
    "date": ["Date", "Invoice date", "Date of issue"],
    "cust": ["Customer No.", "Customer Account", "Cust. No."],
    "order": ["Your order", "Your ref.", "Contract", "Order ref."],
    "terms": ["Delivery terms", "Incoterms 2020", "Terms of delivery"],
    "pay": ["Payment", "Terms of payment", "Payment conditions"],
    "cur": ["Currency", "Invoice currency"],
    "sold": ["Sold to", "Bill to", "Invoice to"],
    "ship": ["Ship to", "Deliver to", "Consignee"],
    "ship_note": ["Delivery {t}, port of discharge {p}", "Delivery point: {p} ({t})",
                  "Destination: {p}"],
    "route": ["Shipment from {a} to {b}", "Port of loading {a} – port of discharge {b}",
              "Shipped {a} -> {b}"],
    "vessel": ["per m/v {v}", "vessel {v}", "by sea, {v}"],
    "origin": ["Country of origin", "Origin of goods", "Goods of"],
    "heads": [("Pos.", "Description", "Quantity", "Unit price", "Amount"),
              ("Item", "Article / Description", "Qty", "Price", "Value"),
              ("No.", "Goods", "Quantity", "Price per unit", "Total")],
    "sub": [{"model": "Model", "serial_number": "S/N", "hs_code": "HS", "origin": "Origin",
             "manufacture_year": "Year", "brand": "Make"},
            {"model": "Type", "serial_number": "Serial no.", "hs_code": "Customs tariff no.",
             "origin": "Country of origin", "manufacture_year": "Built", "brand": "Brand"},
            {"model": "Model no.", "serial_number": "Machine no.", "hs_code": "Tariff code",
             "origin": "Made in", "manufacture_year": "YOM", "brand": "Manufacturer"}],
    "net": ["Net value", "Goods value", "Subtotal"],
    "freight": ["Packing and freight", "Freight", "Freight & insurance"],
    "incl": ["included", "incl.", "included in price"],
    "vat": ["VAT 0 % (tax-exempt export delivery)", "VAT 0% – intra-Community rules do not "
            "apply (export)", "Tax-free export delivery, VAT 0 %"],
    "total": ["Invoice total", "Total amount due", "TOTAL"],
    "words": ["In words", "Amount in words", "Say"],
    "decl": ["We hereby declare that the goods are of the origin stated and that this invoice "
             "is true and correct.",
             "The exporter of the products covered by this document declares that, except "
             "where otherwise clearly indicated, the particulars given are true."],
    "sign": ["Authorised signature", "Signature", "For the exporter"],
}
_JPL = {
    "title": ["PACKING LIST", "PACKING LIST", "PACKING & WEIGHT LIST"],
    "messrs": ["Messrs.", "Sold to", "Consignee", "To Messrs."],
    "no": ["No.", "P/L No.", "Our Ref. No.", "Packing List No."],
    "date": ["Date", "Dated", "Issued"],
    "invoice": ["Invoice No.", "Inv. No.", "Commercial Invoice No."],
    "contract": ["Contract No.", "Order No.", "S/C No."],
    "per": ["Shipped per", "Per", "Vessel"],
    "route": ["From {a} To {b}", "from {a} to {b}", "{a} to {b}"],
    "heads": [("Marks & Nos.", "Case No.", "Description of Goods", "Quantity", "Net Weight",
               "Gross Weight", "Measurement"),
              ("Shipping Marks", "C/No.", "Description", "Q'ty", "N/W", "G/W", "Meas."),
              ("Marks & Numbers", "Pkg No.", "Commodity", "Quantity", "Net Wt.", "Gross Wt.",
               "Measurement")],
    "sn": ["S/N", "Serial No.", "Machine No."],
    "per_pkg": ["@ {w} kg / pkg", "({w} kg each)", "each {w} kg"],
    "total": ["TOTAL", "Total", "G. TOTAL"],
    "box": ["TOTAL", "SUMMARY", "TOTAL SHIPMENT"],
    "b_pkgs": ["Packages", "No. of packages", "Total cases"],
    "b_nw": ["Net weight", "Total N/W", "N.W."],
    "b_gw": ["Gross weight", "Total G/W", "G.W."],
    "b_vol": ["Measurement", "Total meas.", "Volume"],
    "say": ["SAY TOTAL {w} ({n}) {p} ONLY.", "TOTAL {w} {p} ONLY", "({w} {p} ONLY)"],
    "made": ["MADE IN {c}", "{c}"],
    "sign": ["E. & O.E.", "Errors and omissions excepted", ""],
}
_RID = {
    "title": ["BILL OF LADING", "OCEAN BILL OF LADING", "BILL OF LADING FOR OCEAN TRANSPORT"],
    "no": ["B/L No.", "Bill of Lading No.", "B/L Number"],
    "bkg": ["Booking No.", "Booking Number", "Bkg. Ref."],
    "exp": ["Export References", "Shipper's Ref.", "Export Ref. / Invoice"],
    "fwd": ["Forwarding Agent - References", "Forwarding Agent", "Freight Forwarder"],
    "point": ["Point and Country of Origin", "Origin of Goods", "Point of Origin"],
    "shipper": ["Shipper/Exporter (complete name and address)", "Shipper/Exporter",
                "Shipper (Name and Full Address)"],
    "consignee": ["Consignee (complete name and address)", "Consignee",
                  "Consignee (if \"To Order\" so indicate)"],
    "notify": ["Notify Party (complete name and address)", "Notify Party",
               "Notify Party / Intermediate Consignee"],
    "pre": ["Pre-Carriage by", "Pre-carriage by"],
    "receipt": ["Place of Receipt by Pre-Carrier", "Place of Receipt"],
    "vessel": ["Ocean Vessel / Voy. No.", "Exporting Carrier / Voyage", "Vessel / Voyage No."],
    "pol": ["Port of Loading", "Port of Loading"],
    "pod": ["Port of Discharge", "Foreign Port of Unloading"],
    "delivery": ["Place of Delivery by On-Carrier", "Place of Delivery", "Final Destination"],
    "part": ["PARTICULARS FURNISHED BY SHIPPER", "PARTICULARS FURNISHED BY SHIPPER - CARRIER "
             "NOT RESPONSIBLE", "PARTICULARS DECLARED BY SHIPPER BUT NOT ACKNOWLEDGED BY THE "
             "CARRIER"],
    "c_marks": ["Container No./Seal No.\nMarks & Nos.", "Marks & Nos. /\nContainer No.",
                "Container / Seal / Marks"],
    "c_pkgs": ["Quantity and Kind\nof Packages", "No. of Pkgs.", "Number & Kind of Pkgs"],
    "c_desc": ["Description of Goods", "Description of Packages and Goods",
               "Kind of Packages; Description of Goods"],
    "c_gw": ["Gross Weight", "Gross Weight (KGS)", "Gross Wt."],
    "c_meas": ["Measurement", "Measurement (CBM)", "Meas. (M3)"],
    "rider_ref": ["AS PER ATTACHED RIDER", "SEE ATTACHED RIDER", "DETAILS AS PER RIDER "
                  "ATTACHED"],
    "stc": ["SHIPPER'S LOAD, STOW AND COUNT", "SAID TO CONTAIN", "S.T.C."],
    "in_words": ["Total Number of Containers or Packages (in words)",
                 "Total No. of Packages (in words)", "Say"],
    "freight": ["Freight & Charges", "Freight and Charges", "Freight"],
    "orig": ["Number of Original B(s)/L", "No. of Original B/L", "Originals issued"],
    "issue": ["Place and Date of Issue", "Place / Date of Issue", "Issued at / on"],
    "laden": ["LADEN ON BOARD THE VESSEL", "SHIPPED ON BOARD", "ON BOARD"],
    "by": ["As Carrier", "As agent for the Carrier", "For the Carrier"],
    "rider": ["RIDER TO BILL OF LADING NO. {no}", "ATTACHED SHEET TO B/L NO. {no}",
              "B/L RIDER - {no}"],
    "r_heads": [("Container No.", "Seal No.", "Type", "Packages", "Gross Weight (KGS)",
                 "Meas. (CBM)"),
                ("Container", "Seal", "Size/Type", "Pkgs", "G.W. (KGS)", "CBM")],
    "r_goods": ["DESCRIPTION OF GOODS (CONTINUED)", "GOODS", "CARGO DESCRIPTION"],
    "received": ["RECEIVED by the Carrier from the Shipper in apparent good order and condition "
                 "(unless otherwise noted herein) the total number or quantity of Containers or "
                 "other packages or units indicated, for carriage subject to all the terms "
                 "hereof.",
                 "SHIPPED on board in apparent good order and condition, weight, measure, marks, "
                 "numbers, quality, contents and value unknown, for carriage to the Port of "
                 "Discharge, subject to the terms and conditions hereof."],
}
_CIQ = {
    "title": [("检验证书", "INSPECTION CERTIFICATE"),
              ("装运前检验证书", "PRE-SHIPMENT INSPECTION CERTIFICATE"),
              ("旧机电产品装运前检验证书", "CERTIFICATE OF PRE-SHIPMENT INSPECTION")],
    "no": [("编号", "No."), ("证书编号", "Certificate No.")],
    "consignor": [("发货人", "Consignor"), ("发货人", "Shipper")],
    "consignee": [("收货人", "Consignee"), ("申请人", "Applicant"),
                  ("收货人/申请人", "Consignee / Applicant")],
    "contract": [("合同号", "Contract No."), ("合同号码", "Contract No.")],
    "invoice": [("发票号", "Invoice No."), ("发票号码", "Invoice No.")],
    "bl": [("提/运单号", "B/L No."), ("提单号", "B/L No.")],
    "goods": [("品名", "Description of Goods"), ("货物名称", "Commodity")],
    "qty": [("报检数量/重量", "Quantity/Weight Declared"), ("报检数量", "Quantity Declared")],
    "place": [("检验地点", "Place of Inspection"), ("检验地点", "Inspection Site")],
    "date": [("检验日期", "Date of Inspection"), ("实施检验日期", "Inspected on")],
    "basis": [("检验依据", "Inspection Basis"), ("检验依据", "Standards and Regulations")],
    "conv": [("运输工具", "Means of Conveyance"), ("运输方式", "Means of Transport")],
    "conv_v": [("海运", "By sea"), ("海运集装箱", "By sea (container)")],
    "marks": [("标记及号码", "Mark & No."), ("唛头", "Shipping Marks")],
    "results": [("检验结果", "RESULTS OF INSPECTION"), ("检验结果", "INSPECTION RESULTS")],
    "intro": ["根据{basis}，本机构于{date}在{place}对下列货物实施了装运前检验：",
              "应申请人申请，本机构依据{basis}，于{date}在{place}对下列旧机电产品进行了装运前检验，"
              "结果如下："],
    "intro_en": ["Inspection carried out on {date} at the place stated above, according to the "
                 "basis stated above, on the following goods:"],
    "attrs": [{"brand": "品牌", "model": "型号", "hs_code": "HS编码", "origin": "原产地",
               "manufacture_year": "制造年份", "serial_number": "机身号",
               "quantity": "数量", "hours_used": "已使用时间"},
              {"brand": "制造商", "model": "规格型号", "hs_code": "商品编码", "origin": "产地",
               "manufacture_year": "出厂年份", "serial_number": "出厂编号",
               "quantity": "数量", "hours_used": "累计使用"}],
    "check": ["现场核查：货物铭牌、型号、编号与申报一致；外观、安全、卫生、环保项目检查正常。",
              "经现场核查及功能检查，未发现影响安全、卫生和环境保护的缺陷。"],
    "concl": ["结论：", "检验结论："],
    "valid": ["本证书有效期至{b}。", "本证书自签发之日起至{b}有效。", "有效期：{a}至{b}。"],
    "blank": ["（以下空白）", "*** 以下空白 ***", "——以下空白——"],
    "stamp": [("印章", "Official Stamp"), ("检验专用章", "Official Seal")],
    "issue_place": [("签证地点", "Place of Issue"), ("签发地点", "Place of Issue")],
    "issue_date": [("签证日期", "Date of Issue"), ("签发日期", "Date of Issue")],
    "officer": [("授权签字人", "Authorized Officer"), ("授权签字人", "Authorized Signatory")],
    "sig": [("签名", "Signature"), ("签字", "Signature")],
    "disclaimer": [("我们已尽所知和最大能力实施上述检验，不能因我们签发本证书而免除卖方"
                    "或其他方面根据合同和法律所承担的产品质量责任和其他责任。",
                    "All inspections are carried out conscientiously to the best of our "
                    "knowledge and ability. This certificate does not in any respect absolve "
                    "the seller and other related parties from his contractual and legal "
                    "obligations especially when product quality is concerned.")],
}
_FAX = {
    "title": [("传 真", "FAX"), ("传真件", "FAX MESSAGE"), ("传真", "FACSIMILE")],
    "dept": [("售后服务部", "After-Sales Service Department"),
             ("客户服务中心", "Customer Service Centre"),
             ("海外服务部", "Overseas Service Division")],
    "to": [("致", "To"), ("收件单位", "To")],
    "attn": [("收件人", "Attn."), ("经办人", "Attention")],
    "from": [("发件", "From"), ("发件单位", "From")],
    "fax": [("传真", "Fax"), ("传真号", "Fax No.")],
    "date": [("日期", "Date"), ("发送日期", "Date")],
    "pages": [("页数", "Pages"), ("共", "No. of pages")],
    "ref": [("编号", "Ref."), ("文号", "Our Ref."), ("函号", "Ref. No.")],
    "re": [("主题", "Re"), ("事由", "Subject")],
    "re_v": [("出口车辆售后服务确认", "Confirmation of after-sales service for an exported "
              "vehicle"),
             ("售后维修服务确认函", "After-sales maintenance service confirmation")],
    "attn_v": [("出口业务部", "Export Department"), ("单证部", "Documentation Dept.")],
    "vehicle": [{"brand": ("品牌", "Brand"), "model": ("车辆型号", "Model"),
                 "vin": ("车辆识别代号（VIN）", "VIN"), "country": ("出口目的国", "Destination")},
                {"brand": ("车辆品牌", "Make"), "model": ("型号", "Type"),
                 "vin": ("车架号/VIN", "Chassis No. / VIN"),
                 "country": ("出口国家", "Export country")}],
    "heads": [(("序号", "No."), ("服务网点名称及地址", "Service outlet / address"),
               ("所在国家", "Country")),
              (("序号", "Item"), ("售后服务网点", "Authorised workshop"), ("国家", "Country"))],
    "close": [("特此确认。", "Yours faithfully,"), ("特此函告。", "Best regards,")],
    "note": [("本传真共{n}页（含本页）。如有缺页或字迹不清，请即来电。",
              "This fax has {n} page(s) including this one. If you do not receive all pages, "
              "please call us at once."),
             ("本传真仅供收件人使用。", "This message is intended for the addressee only.")],
}
_MONTHS3 = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]


def unseen7_style(s: Shipment, family: str, fields: dict[str, Any],
                  items: list[dict[str, Any]], style: dict[str, Any],
                  extra: dict[str, Any]) -> None:
    """Settle the family's own label wordings and formatting choices in ``style``/``extra``."""
    rng = random.Random(f"unseen7-{family}-{style['render_seed']}")
    style["footer"] = [n for n in style.get("footer", []) if "Bank" not in n and "VAT" not in n]
    if family == "contract_deed_schedule":
        style["u7_labels"] = _pick(rng, _DEED)
        style["date_format"] = rng.choice(["ordinal", "ordinal", "d_mon_y_caps", "mdy_long"])
        style["page_size"] = rng.choice(["A4", "A4", "Letter"])
    elif family == "invoice_twoline_eu":
        style["u7_labels"] = _pick(rng, _TWO)
        style["numfmt"] = rng.choice(["eu", "eu", "eu", "space"])
        style["date_format"] = rng.choice(["dmy_dot", "dmy_dot", "d_mon_y_caps", "iso"])
        style["money_style"] = rng.choice(["bare", "bare", "code", "suffix"])
        style["page_size"] = "A4"
        extra["tel"] = _tel(rng, _DIAL.get(s.seller.country, "49"))
        extra["cust_no"] = f"{rng.randint(10000, 99999)}"
        extra["vessel"] = s.vessel
        extra["show_vessel"] = rng.random() < 0.6
    elif family == "pl_marks_diamond":
        style["u7_labels"] = _pick(rng, _JPL)
        style["date_format"] = rng.choice(["mdy_long", "d_mon_y", "d_mon_y_caps", "ymd_slash"])
        if style["numfmt"] in ("eu", "space"):
            style["numfmt"] = "en"
        words = [w for w in re.split(r"[\s,.&()-]+", s.buyer.name) if w[:1].isalpha()]
        extra.update({
            "initials": "".join(w[0] for w in words[:3]).upper() or "XX",
            "vessel": s.vessel, "pol": s.port_of_loading, "pod": s.port_of_discharge,
            "origin_country": s.seller.country, "tel": _tel(rng, _DIAL.get(s.seller.country,
                                                                          "81")),
            "contract_no": s.contract_no,
        })
    elif family == "bl_rider_sheet":
        style["u7_labels"] = _pick(rng, _RID)
        if style["numfmt"] in ("eu", "space"):
            style["numfmt"] = "en"
        style["date_format"] = rng.choice(["d_mon_y_caps", "d_mon_y_caps", "d_mon_y_dash",
                                           "mdy_long", "dmy_slash"])
        style["u7_dec"] = 3 if rng.random() < 0.5 else 2
        extra["booking_no"] = f"{rng.randint(10**8, 10**9 - 1)}"
        extra["forwarder"] = rng.choice(_FORWARDERS)
        extra["pre"] = rng.choice(["", "TRUCK", "BARGE"])
        extra["origin_point"] = fmt.fmt_country(s.seller.country, "upper")
    elif family == "cert_ciq_results_box":
        style["u7_labels"] = _pick(rng, _CIQ)
        extra["marks"] = rng.choice(["N/M", "无", "N/M 无唛头"])
    elif family == "asl_fax_memo":
        style["u7_labels"] = _pick(rng, _FAX)
        v = s.vehicle
        assert v is not None
        veh = next(x for x in pools()["vehicles"] if x["brand_zh"] == v.brand_zh)
        d = fields["document_date"]
        y, m, dd = (int(p) for p in d.split("-"))
        extra.update({
            "fax_stamp": f"{_MONTHS3[m - 1]}-{dd:02d}-{y} {rng.randint(8, 18):02d}:"
                         f"{rng.randint(0, 59):02d}",
            "fax_from": _tel(rng, "86"), "fax_to": _tel(rng, "86"), "tel": _tel(rng, "86"),
            "maker_en": veh["manufacturer_en"],
        })


# --------------------------------------------------------------------------- helpers


_LIGHT = HexColor("#666666")


def _money_cells(cx: Ctx, it: dict[str, Any], dec: int) -> dict[str, str]:
    return {k: _num(cx, it[k], dec) for k in ("unit_price", "amount") if k in it}


def _initials(sh: Sheet, L: dict[str, Any]) -> None:
    """Two small initials boxes at the foot of the page (each page of a signed agreement)."""
    y = sh.bottom + 4
    for i, who in enumerate(("Seller", "Buyer")):
        x = sh.right - 150 + i * 78
        sh.rect(x, y, 70, 16, lw=0.4)
        sh.text(x + 3, y + 6, f"{L['initials']} ({who})", 5.5, color=_LIGHT)


# --------------------------------------------------------------------------- contract


def contract_deed_schedule(sh: Sheet, cx: Ctx) -> None:
    """Common-law sale agreement: recitals, numbered clauses, the goods in Schedule 1 (p. 2)."""
    f, L, x = cx.f, cx.st["u7_labels"], cx.x
    w = sh.right - sh.left
    bi = cx.lang == "bi"
    cur = f["currency"]
    dec = fmt.money_decimals(cur)
    ref = f"{L['no']} {f['document_number']}"

    def head(s: Sheet) -> None:
        s.text(s.right, s.top + 8, ref, 7.5, align="right", color=_LIGHT)
        s.hline(s.left, s.right, s.top + 12, 0.3, color=_LIGHT)
        s.y = s.top + 20

    sh.on_new_page = head
    head(sh)
    sh.y += 24
    sh.text(sh.W / 2, sh.y, L["dated"].format(d=cx.date("document_date")), 10.5, bold=True,
            align="center")
    sh.y += 26
    for ln in sh.wrap(L["title"], w * 0.8, 14, True):
        sh.text(sh.W / 2, sh.y, ln, 14, bold=True, align="center")
        sh.y += 17
    if bi:
        sh.text(sh.W / 2, sh.y, L["title_zh"], 13, bold=True, align="center")
        sh.y += 16
    sh.y += 10
    sh.text(sh.left, sh.y, L["between"], 10, bold=True)
    sh.y += 4
    roles = (L["seller"], L["buyer"])
    for i, (name, addr, role) in enumerate(((f["seller"], f["seller_address"], roles[0]),
                                            (f["buyer"], f["buyer_address"], roles[1]))):
        sh.y += 6
        sh.text(sh.left, sh.y + 11, f"({i + 1})", 9.5)
        sh.para(sh.left + 24, name, w - 24, 10, bold=True)
        sh.para(sh.left + 24, f"{L['of']} {addr}", w - 24, 9.2)
        tail = f"(the \"{role}\")" + ("; and" if i == 0 else ".")
        if bi:
            tail += f"（“{_DEED_ZH['seller' if i == 0 else 'buyer']}”）"
        sh.para(sh.left + 24, tail, w - 24, 9.2)
    sh.y += 8
    sh.text(sh.left, sh.y + 10, L["background"], 10, bold=True)
    sh.y += 12
    for k, t in (("A", f"The {roles[0]} is the owner of the used equipment described in "
                       "Schedule 1 (the \"Equipment\")."),
                 ("B", f"The {roles[0]} has agreed to sell and the {roles[1]} has agreed to buy "
                       "the Equipment on the terms of this agreement.")):
        sh.text(sh.left, sh.y + 12, f"({k})", 9.2)
        sh.para(sh.left + 24, t, w - 24, 9.2)
    sh.y += 8
    sh.text(sh.left, sh.y + 10, L["agreed"], 10, bold=True)
    sh.y += 8
    price = cx.money_total(f["total_amount"])
    clauses = [
        ("1. INTERPRETATION", "Capitalised terms have the meanings given to them in this "
         "agreement; clause headings do not affect its interpretation.", _DEED_ZH["interp"]),
        ("2. SALE", f"The {roles[0]} shall sell and the {roles[1]} shall buy the Equipment "
         "listed in Schedule 1, free from all encumbrances.", _DEED_ZH["sale"]),
        ("3. PRICE", L["price_v"].format(p=price, c=cur),
         _DEED_ZH["price"].format(p=price, c=cur)),
        ("4. DELIVERY", f"Delivery {f['trade_terms']} (Incoterms 2020). Port of loading: "
         f"{f['port_of_loading']}. Port of discharge: {f['port_of_discharge']}. The "
         f"{roles[0]} shall ship the Equipment not later than "
         f"{cx.date('latest_shipment_date')} (the \"Latest Shipment Date\").",
         _DEED_ZH["delivery"].format(t=f["trade_terms"], a=f["port_of_loading"],
                                     b=f["port_of_discharge"],
                                     d=cx.date("latest_shipment_date")))]
    if cx.has("country_of_origin"):
        c_en = cx.country(f["country_of_origin"], "title")
        clauses.append(("5. ORIGIN", f"The Equipment originates from {c_en}.",
                        _DEED_ZH["origin"].format(o=cx.country(f["country_of_origin"], "zh"))))
    n = len(clauses) + 1
    pay = x.get("payment_terms", "")
    clauses += [
        (f"{n}. PAYMENT", f"The Price shall be paid by {pay}.",
         _DEED_ZH["payment"].format(p=pay)),
        (f"{n + 1}. INSPECTION", "Before shipment the Equipment shall be inspected by an "
         "inspection body recognised by the General Administration of Customs of China; the "
         f"{roles[0]} shall give access to it.", _DEED_ZH["inspection"]),
        (f"{n + 2}. TITLE AND RISK", "Risk passes as provided by the trade term; title passes "
         "on receipt of the Price in full.", _DEED_ZH["title_risk"]),
        (f"{n + 3}. GOVERNING LAW", "This agreement is governed by the laws of the People's "
         "Republic of China; disputes shall be referred to CIETAC arbitration in Beijing.",
         _DEED_ZH["law"])]
    half = (w - 16) / 2
    for title, en, zh in clauses:
        if bi:
            le = sh.wrap(f"{title}  {en}", half, 8.8)
            lz = sh.wrap(zh, half, 8.8)
            h = max(len(le), len(lz)) * 11.5 + 6
            sh.ensure(h)
            for i, ln in enumerate(le):
                sh.text(sh.left, sh.y + 11 + i * 11.5, ln, 8.8)
            for i, ln in enumerate(lz):
                sh.text(sh.left + half + 16, sh.y + 11 + i * 11.5, ln, 8.8)
            sh.y += h
        else:
            sh.ensure(30)
            sh.y += 4
            sh.para(sh.left, title, w, 9.4, bold=True)
            sh.para(sh.left + 18, en, w - 18, 9.2)
    _initials(sh, L)
    # Page 2: the schedule, then the execution blocks.
    sh.new_page()
    sh.y += 10
    sh.text(sh.W / 2, sh.y, L["schedule"], 11.5, bold=True, align="center")
    if bi:
        sh.y += 14
        sh.text(sh.W / 2, sh.y, L["schedule_zh"], 10.5, bold=True, align="center")
    sh.y += 10
    H = L["heads"]
    opt = [c for c in ("brand", "origin", "manufacture_year", "hs_code") if c in cx.st["columns"]]
    sep_unit = cx.st.get("qty_mode") == "separate"
    keys = ["no", "description", "model", *opt, "quantity", *(["unit"] if sep_unit else []),
            "unit_price", "amount"]
    heads = {k: H[k] for k in keys}
    heads["unit_price"] += f" ({cur})"
    heads["amount"] += f" ({cur})"
    rows = []
    for i, it in enumerate(cx.items):
        r = {k: cx.cell(k, it, i) for k in keys}
        r.update(_money_cells(cx, it, dec))
        rows.append(r)
    total = {"description": L["total"], "amount": price}
    size = fit_size(sh, keys, [*rows, total], w, 8.4)
    sh.table(sh.left, _cols(sh, keys, heads, [*rows, total], w, size), rows, ruled=True,
             size=size, header_fill=True, total_row=total)
    sh.y += 10
    sh.para(sh.left, fmt.amount_in_words(f["total_amount"], cur), w, 8.6)
    sh.y += 18
    sh.ensure(200)
    for i, (role, name) in enumerate(((roles[0], f["seller"]), (roles[1], f["buyer"]))):
        y0 = sh.y
        sh.text(sh.left, y0 + 10, L["signed"].format(n="______________________"), 9.2)
        sh.text(sh.left, y0 + 24, L["behalf"], 9.2)
        sh.y = y0 + 26
        sh.para(sh.left, name, w * 0.5, 9.4, bold=True)
        sh.text(sh.left, sh.y + 14, f"(the {role})", 8.4, color=_LIGHT)
        sx = sh.left + w * 0.56
        sh.hline(sx, sh.right, y0 + 44, 0.5)
        sh.text(sx, y0 + 54, "Signature / Director", 7.4, color=_LIGHT)
        if i == 0:
            if f.get("has_signature"):
                sh.signature(sx + 20, y0 + 40, 100, 22)
            if f.get("has_seal"):
                sh.seal(sx + w * 0.3, y0 + 36, 78, (x.get("seller_name_zh") or
                                                    f["seller"].upper())[:26], "")
        sh.y = max(sh.y + 20, y0 + 76)
    _initials(sh, L)
    sh.on_new_page = None


# --------------------------------------------------------------------------- invoice


def invoice_twoline_eu(sh: Sheet, cx: Ctx) -> None:
    """European export invoice: data panel, Sold to / Ship to, two-line positions."""
    f, L, x = cx.f, cx.st["u7_labels"], cx.x
    w = sh.right - sh.left
    cur = f["currency"]
    dec = fmt.money_decimals(cur)
    # Letterhead at left, title and the framed data panel at right.
    sh.y += 16
    y0 = sh.y
    yy = y0
    for ln in sh.wrap(f["seller"], w * 0.5, 13, True):
        sh.text(sh.left, yy, ln, 13, bold=True, color=sh.accent)
        yy += 15
    for ln in [*sh.wrap(f["seller_address"], w * 0.5, 8.2), f"Tel. {x['tel']}"]:
        sh.text(sh.left, yy, ln, 8.2)
        yy += 10
    px, pw = sh.left + w * 0.56, w * 0.44
    sh.text(px, y0, L["title"], 15, bold=True)
    panel = [(L["no"], f["document_number"]), (L["date"], cx.date("document_date")),
             (L["cust"], x["cust_no"])]
    if cx.has("contract_number"):
        panel.append((L["order"], f["contract_number"]))
    panel += [(L["terms"], f["trade_terms"]), (L["pay"], x.get("payment_terms", "")),
              (L["cur"], cur)]
    py = y0 + 8
    lw = pw * 0.4
    for k, v in panel:
        lines = sh.wrap(v, pw - lw - 8, 8.4, k == L["no"])
        h = 4 + 10.5 * len(lines)
        sh.rect(px, py, lw, h, lw=0.4, fill=_GREY)
        sh.rect(px + lw, py, pw - lw, h, lw=0.4)
        sh.text(px + 3, py + 10, k, 7.6)
        for i, ln in enumerate(lines):
            sh.text(px + lw + 4, py + 10 + i * 10.5, ln, 8.4, bold=k == L["no"])
        py += h
    sh.y = max(yy, py) + 12
    # Sold to | Ship to.
    half = w / 2 - 6
    note = L["ship_note"].format(t=f["trade_terms"], p=f["port_of_discharge"])
    blocks = [(L["sold"], [f["buyer"], f["buyer_address"]]),
              (L["ship"], [f["buyer"], note])]
    hb = max(_box_h(sh, half, v, k, 9) for k, v in blocks) + 6
    for i, (k, v) in enumerate(blocks):
        bx = sh.left + i * (half + 12)
        sh.rect(bx, sh.y, half, hb, lw=0.5)
        sh.text(bx + 5, sh.y + 10, k, 7.6, bold=True, color=sh.accent)
        yy = sh.y + 13
        for j, raw in enumerate(v):
            for ln in sh.wrap(raw, half - 12, 9, j == 0):
                yy += 11
                sh.text(bx + 6, yy, ln, 9, bold=j == 0)
    sh.y += hb + 8
    route = L["route"].format(a=f["port_of_loading"], b=f["port_of_discharge"])
    if x.get("show_vessel") and x.get("vessel"):
        route += ", " + L["vessel"].format(v=x["vessel"])
    sh.para(sh.left, route, w, 8.8)
    if cx.has("country_of_origin"):
        sh.para(sh.left, f"{L['origin']}: {cx.country(f['country_of_origin'], 'title')}", w, 8.8)
    sh.y += 8
    # The positions: two lines each, numbers right-aligned.
    hp, hd, hq, hu, ha = L["heads"]
    money_head = f" {cur}"
    cols_x = [sh.left, sh.left + 30, sh.right - 230, sh.right - 105, sh.right]
    sh.hline(sh.left, sh.right, sh.y, 1.0)
    sh.y += 11
    sh.text(cols_x[0], sh.y, hp, 8, bold=True)
    sh.text(cols_x[1], sh.y, hd, 8, bold=True)
    sh.text(cols_x[2] + 40, sh.y, hq, 8, bold=True, align="right")
    sh.text(cols_x[3], sh.y, hu, 8, bold=True, align="right")
    sh.text(cols_x[4], sh.y, ha, 8, bold=True, align="right")
    sh.y += 9
    sh.text(cols_x[3], sh.y, f"({money_head.strip()})", 7.4, align="right")
    sh.text(cols_x[4], sh.y, f"({money_head.strip()})", 7.4, align="right")
    sh.y += 4
    sh.hline(sh.left, sh.right, sh.y, 0.5)
    sub = L["sub"]
    opt = [k for k in ("model", "brand", "serial_number", "hs_code", "origin",
                       "manufacture_year") if k in cx.st["columns"]]
    dw = cols_x[2] - cols_x[1] - 8
    for i, it in enumerate(cx.items):
        first = sh.wrap(it.get("description", ""), dw, 9, True)
        bits = []
        for k in opt:
            if k in it:
                v = cx.cell(k, it, i) if k != "origin" else cx.country(it[k], "title")
                bits.append(f"{sub[k]} {v}")
        second = sh.wrap("  ·  ".join(bits), dw, 7.6)
        h = len(first) * 11 + len(second) * 9.5 + 8
        sh.ensure(h + 4)
        top = sh.y
        sh.text(cols_x[0] + 2, top + 12, f"{(i + 1) * 10:03d}", 8.6)
        for j, ln in enumerate(first):
            sh.text(cols_x[1], top + 12 + j * 11, ln, 9, bold=True)
        for j, ln in enumerate(second):
            sh.text(cols_x[1], top + 12 + len(first) * 11 + j * 9.5, ln, 7.6, color=_LIGHT)
        sh.text(cols_x[2] + 40, top + 12, cx.qty(it), 8.8, align="right")
        if "unit_price" in it:
            sh.text(cols_x[3], top + 12, _num(cx, it["unit_price"], dec), 8.8, align="right")
        if "amount" in it:
            sh.text(cols_x[4], top + 12, _num(cx, it["amount"], dec), 8.8, align="right")
        sh.y = top + h
        sh.hline(sh.left, sh.right, sh.y, 0.25, color=HexColor("#aaaaaa"))
    # The totals block at right.
    sh.ensure(110)
    sh.y += 8
    tx = sh.right - 250
    net = _num(cx, f["total_amount"], dec)
    rows = [(L["net"], net), (L["freight"], L["incl"]), (L["vat"], _num(cx, 0.0, dec))]
    for k, v in rows:
        ls = sh.wrap(k, 170, 8.4)
        for j, ln in enumerate(ls):
            sh.text(tx, sh.y + 10 + j * 10, ln, 8.4)
        sh.text(sh.right, sh.y + 10, v, 8.6, align="right")
        sh.y += 10 * len(ls) + 3
    sh.hline(tx, sh.right, sh.y + 2, 0.8)
    sh.y += 15
    sh.text(tx, sh.y, f"{L['total']} {cur}", 10, bold=True)
    sh.text(sh.right, sh.y, cx.money_total(f["total_amount"]), 10, bold=True, align="right")
    sh.hline(tx, sh.right, sh.y + 4, 0.8)
    sh.hline(tx, sh.right, sh.y + 6, 0.8)
    sh.y += 16
    sh.para(sh.left, f"{L['words']}: {fmt.amount_in_words(f['total_amount'], cur)}", w, 8.4)
    sh.y += 6
    sh.para(sh.left, L["decl"], w, 8.2)
    sh.ensure(60)
    sh.y += 26
    sh.hline(sh.left, sh.left + 200, sh.y, 0.5)
    if x.get("signature"):
        sh.signature(sh.left + 20, sh.y - 4, 90, 20)
    sh.text(sh.left, sh.y + 10, f"{L['sign']} – {f['seller']}", 7.6, color=_LIGHT)
    sh.y += 16


# --------------------------------------------------------------------------- packing list


def _diamond(sh: Sheet, cx_: float, cy: float, r: float, text: str) -> None:
    """The shipping mark's diamond with the consignee's initials inside."""
    p = sh.c.beginPath()
    p.moveTo(cx_, sh.H - (cy - r))
    p.lineTo(cx_ + r * 1.3, sh.H - cy)
    p.lineTo(cx_, sh.H - (cy + r))
    p.lineTo(cx_ - r * 1.3, sh.H - cy)
    p.close()
    sh.c.setLineWidth(0.9)
    sh.c.drawPath(p, stroke=1, fill=0)
    sh.text(cx_, cy + 3.5, text, 10, bold=True, align="center")


def pl_marks_diamond(sh: Sheet, cx: Ctx) -> None:
    """Trading-house packing list: marks column with a diamond, per-line rows, totals box."""
    f, L, x = cx.f, cx.st["u7_labels"], cx.x
    w = sh.right - sh.left
    nf = cx.st["numfmt"]
    # Letterhead centred, the title double-underlined.
    sh.y += 18
    for ln in sh.wrap(f["seller"], w * 0.8, 14, True):
        sh.text(sh.W / 2, sh.y, ln, 14, bold=True, align="center", color=sh.accent)
        sh.y += 15
    for ln in [*sh.wrap(f["seller_address"], w * 0.8, 8), f"TEL {x['tel']}"]:
        sh.text(sh.W / 2, sh.y, ln, 8, align="center")
        sh.y += 9.5
    sh.y += 16
    tw = sh.width(L["title"], 16, True)
    sh.text(sh.W / 2, sh.y, L["title"], 16, bold=True, align="center")
    sh.hline(sh.W / 2 - tw / 2, sh.W / 2 + tw / 2, sh.y + 3, 0.8)
    sh.hline(sh.W / 2 - tw / 2, sh.W / 2 + tw / 2, sh.y + 5.5, 0.8)
    sh.y += 14
    # Messrs. at left, the references at right.
    y0 = sh.y
    sh.text(sh.left, y0 + 10, L["messrs"], 8.6, bold=True)
    sh.y = y0 + 4
    sh.para(sh.left + 50, f["buyer"], w * 0.5 - 50, 9.6, bold=True)
    sh.para(sh.left + 50, f["buyer_address"], w * 0.5 - 50, 8.6)
    y_left = sh.y
    refs = [(L["no"], f["document_number"]), (L["date"], cx.date("document_date")),
            (L["invoice"], f["invoice_number"])]
    if cx.has("contract_number"):
        refs.append((L["contract"], f["contract_number"]))
    rx = sh.left + w * 0.6
    rlw = max(sh.width(k, 8.6) for k, _ in refs) + 14
    sh.y = y0
    for k, v in refs:
        sh.kv(rx, k, v, label_w=rlw, width=w * 0.4, size=8.6, bold_value=k == L["no"])
    sh.y = max(sh.y, y_left) + 8
    sh.para(sh.left, f"{L['per']} {x['vessel']}    "
            f"{L['route'].format(a=x['pol'], b=x['pod'])}", w, 8.8)
    sh.y += 8
    # The table: the marks column at left, one row per goods line.
    hm, hc, hd, hq, hn, hg, hv = L["heads"]
    has_vol = "volume_cbm" in cx.st["columns"] and all("volume_cbm" in it for it in cx.items)
    mw = 96
    cw = {"case": 52, "qty": 58, "nw": 66, "gw": 66, "vol": 56 if has_vol else 0}
    dx = sh.left + mw + cw["case"]
    dw = w - mw - sum(cw.values())
    xs = {"case": sh.left + mw, "desc": dx, "qty": dx + dw, "nw": dx + dw + cw["qty"],
          "gw": dx + dw + cw["qty"] + cw["nw"], "vol": dx + dw + cw["qty"] + cw["nw"] + cw["gw"]}
    unit_w = "(KGS)" if cx.lang != "zh" else "(千克)"

    def header(s: Sheet) -> None:
        top = s.y
        s.rect(s.left, top, w, 24, lw=0.7, fill=_GREY)
        for text, xx, width in ((hm, s.left, mw), (hc, xs["case"], cw["case"]),
                                (hd, xs["desc"], dw), (hq, xs["qty"], cw["qty"]),
                                (f"{hn}\n{unit_w}", xs["nw"], cw["nw"]),
                                (f"{hg}\n{unit_w}", xs["gw"], cw["gw"]),
                                *([(f"{hv}\n(CBM)", xs["vol"], cw["vol"])] if has_vol else [])):
            for i, ln in enumerate(text.split("\n")):
                s.text(xx + width / 2, top + 10 + i * 9, ln, 7.4, bold=True, align="center")
            s.vline(xx, top, top + 24)
        s.vline(s.right, top, top + 24)
        s.y = top + 24

    header(sh)
    body_top = sh.y
    k0 = 1
    n_pk = f["total_packages"]
    for i, it in enumerate(cx.items):
        p = max(int(it.get("packages", 1)), 1)
        case = f"{k0}" if p == 1 else f"{k0}-{k0 + p - 1}"
        k0 += p
        lines = sh.wrap(it.get("description", ""), dw - 8, 8.6, True)
        sub = [f"MODEL: {it['model']}"] if "model" in it else []
        if "serial_number" in it:
            sub += sh.wrap(f"{L['sn']}: {it['serial_number']}", dw - 8, 7.6)
        if p > 1:
            sub.append(L["per_pkg"].format(w=fmt.fmt_number(it["gross_weight_kg"] / p, 0, nf)))
        h = len(lines) * 10.5 + len(sub) * 9.2 + 10
        if sh.y + h > sh.bottom - 20:
            sh.vline(sh.left, body_top, sh.y)
            sh.hline(sh.left, sh.right, sh.y)
            sh.new_page()
            sh.y += 10
            header(sh)
            body_top = sh.y
        top = sh.y
        sh.text(xs["case"] + cw["case"] / 2, top + 12, case, 8.4, align="center")
        for j, ln in enumerate(lines):
            sh.text(xs["desc"] + 4, top + 12 + j * 10.5, ln, 8.6, bold=True)
        for j, ln in enumerate(sub):
            sh.text(xs["desc"] + 8, top + 12 + len(lines) * 10.5 + j * 9.2, ln, 7.6)
        sh.text(xs["qty"] + cw["qty"] / 2, top + 12, cx.qty(it), 8.4, align="center")
        sh.text(xs["nw"] + cw["nw"] - 4, top + 12,
                fmt.fmt_weight(it["net_weight_kg"], "bare", nf), 8.4, align="right")
        sh.text(xs["gw"] + cw["gw"] - 4, top + 12,
                fmt.fmt_weight(it["gross_weight_kg"], "bare", nf), 8.4, align="right")
        if has_vol:
            sh.text(xs["vol"] + cw["vol"] - 4, top + 12,
                    fmt.fmt_number(it["volume_cbm"], 3, nf), 8.4, align="right")
        if i == 0:  # the marks, once, in the first column
            _diamond(sh, sh.left + mw / 2, top + 22, 13, x["initials"][:3])
            made = L["made"].format(c=fmt.fmt_country(x["origin_country"], "upper"))
            marks = [x["contract_no"], fmt.fmt_case(x["pod"], "upper"), f"C/NO. 1-{n_pk}",
                     made]
            for j, ln in enumerate(marks):
                for k, piece in enumerate(sh.wrap(ln, mw - 8, 7.2)):
                    sh.text(sh.left + mw / 2, top + 48 + (j + k) * 9, piece, 7.2, align="center")
            h = max(h, 48 + len(marks) * 9 + 4) if len(cx.items) == 1 else h
        sh.y = top + h
    # The totals row closes the table.
    top = sh.y
    sh.hline(sh.left + mw, sh.right, top, 0.7)
    sh.text(xs["desc"] + 4, top + 12, L["total"], 8.8, bold=True)
    sh.text(xs["case"] + cw["case"] / 2, top + 12, str(n_pk), 8.6, bold=True, align="center")
    sh.text(xs["nw"] + cw["nw"] - 4, top + 12, fmt.fmt_weight(f["net_weight_kg"], "bare", nf),
            8.6, bold=True, align="right")
    sh.text(xs["gw"] + cw["gw"] - 4, top + 12, fmt.fmt_weight(f["gross_weight_kg"], "bare", nf),
            8.6, bold=True, align="right")
    if has_vol:
        sh.text(xs["vol"] + cw["vol"] - 4, top + 12, fmt.fmt_number(f["volume_cbm"], 3, nf),
                8.6, bold=True, align="right")
    sh.y = max(top + 18, body_top + 100)
    sh.rect(sh.left, body_top, w, sh.y - body_top, lw=0.7)
    for xx in (xs["case"], xs["desc"], xs["qty"], xs["nw"], xs["gw"],
               *([xs["vol"]] if has_vol else [])):
        sh.vline(xx, body_top, sh.y)
    # The framed totals box at the bottom right, and the packages in words.
    word = _pkg_word(cx, n_pk)
    box = [(L["b_pkgs"], f"{n_pk} {word}"), (L["b_nw"], cx.weight(f["net_weight_kg"])),
           (L["b_gw"], cx.weight(f["gross_weight_kg"])), (L["b_vol"], cx.volume(f["volume_cbm"]))]
    bh = 22 + 13 * len(box)
    sh.ensure(bh + 60)
    sh.y += 14
    bx, bw = sh.right - 230, 230
    sh.rect(bx, sh.y, bw, bh, lw=1.2)
    sh.rect(bx + 2.5, sh.y + 2.5, bw - 5, bh - 5, lw=0.4)
    sh.text(bx + bw / 2, sh.y + 14, L["box"], 9.4, bold=True, align="center")
    for i, (k, v) in enumerate(box):
        yy = sh.y + 28 + i * 13
        sh.text(bx + 10, yy, k, 8.6)
        sh.text(bx + bw - 10, yy, v, 8.8, bold=True, align="right")
    sh.text(sh.left, sh.y + 14, L["say"].format(w=_words(n_pk), n=n_pk, p=word), 8.6, bold=True)
    sh.y += bh + 30
    sx = sh.right - 220
    for i, ln in enumerate(sh.wrap(f["seller"], 220, 8.6, True)[:2]):
        sh.text(sx, sh.y + i * 10.5, ln, 8.6, bold=True)
    if sh.rng.random() < 0.7:
        sh.signature(sx + 30, sh.y + 40, 90, 20)
    sh.hline(sx, sh.right, sh.y + 44, 0.5)
    if L["sign"]:
        sh.text(sh.left, sh.y + 44, L["sign"], 7.4, color=_LIGHT)
    sh.y += 52


# --------------------------------------------------------------------------- bill of lading


def _split(total: float, n: int, dec: int) -> list[float]:
    """``total`` over ``n`` containers in nearly equal parts that add up exactly."""
    if n <= 1:
        return [total]
    q = 10 ** dec
    units = round(total * q)
    base = [units // n] * n
    for i in range(units - sum(base)):
        base[i] += 1
    return [b / q for b in base]


def bl_rider_sheet(sh: Sheet, cx: Ctx) -> None:
    """Ocean B/L, page 1 the classic form with totals, page 2 the rider with the containers."""
    f, L, x = cx.f, cx.st["u7_labels"], cx.x
    w = sh.right - sh.left
    dec = cx.st["u7_dec"]
    half = w / 2
    cap = lambda s: s.upper()  # noqa: E731 - the form's small-caps labels
    y = sh.y + 4
    # Parties at left; carrier, title and references at right.
    left = [(cap(L["shipper"]), [f["shipper"], x["shipper_address"]]),
            (cap(L["consignee"]), [f["consignee"], x["consignee_address"]]),
            (cap(L["notify"]), [f["notify_party"]])]
    hs = [max(_need(sh, half, [(k, v, 1.0)]), 52 if i < 2 else 40)
          for i, (k, v) in enumerate(left)]
    ref = [(cap(L["exp"]), [x["invoice_no"] or ""], 1.0),
           (cap(L["fwd"]), [x["forwarder"]], 1.0)]
    hr = max(_need(sh, half, ref), 30)
    n_car = len(sh.wrap(x["carrier"], half - 16, 11, True)[:2])
    n_tit = len(sh.wrap(L["title"], half - 16, 13, True))
    right_need = 28 + hr + 26 + 18 + 13 * n_car + 18 * n_tit + 30
    hs[-1] += max(0.0, right_need - sum(hs))
    yy = y
    for (k, v), h in zip(left, hs, strict=True):
        _stack(sh, sh.left, yy, half, [(k, v, 1.0)], h)
        yy += h
    rx = sh.left + half
    ry = y
    no_box = [(cap(L["no"]), [f["document_number"]], 1.0), (cap(L["bkg"]), [x["booking_no"]],
                                                            0.8)]
    _stack(sh, rx, ry, half, no_box, 28, 9.4)
    ry += 28
    _stack(sh, rx, ry, half, ref, hr)
    ry += hr
    _stack(sh, rx, ry, half, [(cap(L["point"]), [x["origin_point"]], 1.0)],
           26)
    ry += 26
    sh.rect(rx, ry, half, yy - ry, lw=0.7)
    ty = ry + 18
    for ln in sh.wrap(x["carrier"], half - 16, 11, True)[:2]:
        sh.text(rx + half / 2, ty, ln, 11, bold=True, align="center", color=sh.accent)
        ty += 13
    for ln in sh.wrap(L["title"], half - 16, 13, True):
        ty += 4
        sh.text(rx + half / 2, ty + 10, ln, 13, bold=True, align="center")
        ty += 14
    ty += 4
    for ln in sh.wrap(L["received"], half - 14, 5.6)[: max(0, int((yy - ty - 6) / 6.6))]:
        ty += 6.6
        sh.text(rx + 7, ty + 4, ln, 5.6, color=_LIGHT)
    y = yy
    # Routing boxes, two rows of three.
    vv = f"{f['vessel']} / {f['voyage']}"
    rows = [[(cap(L["pre"]), [x["pre"]], 1.0), (cap(L["receipt"]),
                                                [x.get("place_of_receipt") or ""], 1.0),
             (cap(L["vessel"]), [vv], 1.2)],
            [(cap(L["pol"]), [f["port_of_loading"]], 1.0),
             (cap(L["pod"]), [f["port_of_discharge"]], 1.0),
             (cap(L["delivery"]), [f["port_of_discharge"]], 1.2)]]
    for r in rows:
        h = max(_need(sh, w, r), 26)
        _stack(sh, sh.left, y, w, r, h)
        y += h
    # The particulars: totals only, the details on the rider.
    sh.rect(sh.left, y, w, 13, lw=0.7, fill=_GREY)
    sh.text(sh.W / 2, y + 9.5, L["part"], 7, bold=True, align="center")
    y += 13
    wts = [1.3, 0.9, 2.6, 0.9, 0.8]
    heads = [L["c_marks"], L["c_pkgs"], L["c_desc"], L["c_gw"], L["c_meas"]]
    tot = sum(wts)
    xs = [sh.left]
    for wt in wts:
        xs.append(xs[-1] + w * wt / tot)
    hh = 22
    sh.rect(sh.left, y, w, hh, lw=0.7)
    for i, hd in enumerate(heads):
        for j, ln in enumerate(hd.split("\n")):
            sh.text(xs[i] + 3, y + 8 + j * 7.5, cap(ln), 6.2, color=sh.accent)
        if i:
            sh.vline(xs[i], y, y + hh)
    y += hh
    pk = f["total_packages"]
    many = _pkg_word(cx, pk)
    conts = f["container_numbers"]
    col = {
        0: [f"{len(conts)} X {x['container_type'].removeprefix('1X')}", L["rider_ref"],
            x.get("marks", "N/M")],
        1: [f"{pk}", many],
        2: [L["stc"], *x["goods_lines"][:1],
            *(["..."] if len(x["goods_lines"]) > 1 else []), L["rider_ref"], "",
            x["freight"]],
        3: [f"{_num(cx, f['gross_weight_kg'], dec)} KGS"],
        4: [f"{_num(cx, f['volume_cbm'], 3)} CBM"],
    }
    body = 0.0
    for i, lines in col.items():
        yy = y + 4
        for raw in lines:
            for ln in sh.wrap(raw, xs[i + 1] - xs[i] - 8, 8.2) or [""]:
                yy += 10
                sh.text(xs[i] + 4, yy, ln, 8.2, bold=i == 2 and raw in x["goods_lines"])
        body = max(body, yy - y)
    bh = max(body + 10, 120)
    sh.rect(sh.left, y, w, bh, lw=0.7)
    for i in range(1, 5):
        sh.vline(xs[i], y, y + bh)
    y += bh
    plural = "S" if len(conts) != 1 else ""
    in_words = f"SAY {_words(len(conts))} ({len(conts)}) CONTAINER{plural} ({_words(pk)} " \
        f"{many}) ONLY"
    _stack(sh, sh.left, y, w, [(cap(L["in_words"]), [in_words], 1.0)], 24)
    y += 24
    # Freight grid at left; originals, issue and on-board at right.
    fh = 64
    fw = w * 0.55
    sh.rect(sh.left, y, fw, fh, lw=0.7)
    fx = [sh.left, sh.left + fw * 0.34, sh.left + fw * 0.5, sh.left + fw * 0.62,
          sh.left + fw * 0.74, sh.left + fw * 0.87]
    for i, hd in enumerate((L["freight"], "Rev. Tons", "Rate", "Per", "Prepaid", "Collect")):
        sh.text(fx[i] + 3, y + 8, cap(hd), 5.8, color=sh.accent)
        if i:
            sh.vline(fx[i], y, y + fh)
    sh.hline(sh.left, sh.left + fw, y + 11, 0.4)
    prepaid = x["freight"] == "FREIGHT PREPAID"
    sh.text(fx[0] + 4, y + 24, "OCEAN FREIGHT", 7.8)
    sh.text(fx[0] + 4, y + 35, x["freight"], 7.8, bold=True)
    sh.text(fx[4 if prepaid else 5] + 3, y + 24, "AS ARR.", 7.4)
    rx = sh.left + fw
    rw = w - fw
    _stack(sh, rx, y, rw, [(cap(L["orig"]), [x["originals"]], 0.8),
                           (cap(L["issue"]), [f["port_of_loading"], cx.date("document_date")],
                            1.2)], 32)
    _stack(sh, rx, y + 32, rw, [(cap(L["laden"]), [f"DATE: {cx.date('on_board_date')}",
                                                   f"BY: {f['vessel']}"], 1.0)], fh - 32)
    y += fh
    sh.rect(sh.left, y, w, 44, lw=0.7)
    sh.text(sh.left + 4, y + 8, cap(f"{x['carrier']} - {L['by']}"), 6.2, color=sh.accent)
    sh.signature(sh.right - 170, y + 36, 100, 20)
    sh.text(sh.right - 6, y + 40, L["by"], 7.2, align="right")
    sh.y = y + 44
    # Page 2: the rider.
    sh.new_page()
    sh.y += 14
    sh.text(sh.left, sh.y, L["rider"].format(no=f["document_number"]), 11.5, bold=True)
    sh.text(sh.right, sh.y, x["carrier_short"], 9, bold=True, align="right", color=sh.accent)
    sh.y += 6
    sh.hline(sh.left, sh.right, sh.y, 1.0)
    sh.y += 4
    for k, v in ((L["vessel"], vv), (L["pol"], f["port_of_loading"]),
                 (L["pod"], f["port_of_discharge"])):
        sh.kv(sh.left, cap(k), v, label_w=150, width=w, size=8.6)
    sh.y += 8
    n = len(conts)
    pks = [int(p) for p in _split(float(pk), n, 0)]
    gws = _split(f["gross_weight_kg"], n, dec)
    vols = _split(f["volume_cbm"], n, 3)
    hc = L["r_heads"]
    keys = ["c", "s", "t", "p", "g", "v"]
    ctype = x["container_type"].removeprefix("1X")
    rows = [{"c": _container_fmt(sh, cx, c), "s": s, "t": ctype,
             "p": f"{p} {_pkg_word(cx, p)}", "g": _num(cx, g, dec), "v": _num(cx, v, 3)}
            for c, s, p, g, v in zip(conts, f["seal_numbers"] + [""] * n, pks, gws, vols,
                                     strict=False)]
    total = {"c": "TOTAL", "p": f"{pk} {many}", "g": _num(cx, f["gross_weight_kg"], dec),
             "v": _num(cx, f["volume_cbm"], 3)}
    cw = [1.4, 1.2, 0.8, 1.0, 1.1, 0.9]
    ct = sum(cw)
    cols = [Col(k, h, w * wt / ct, "right" if k in ("g", "v") else "left")
            for k, h, wt in zip(keys, hc, cw, strict=True)]
    sh.table(sh.left, cols, rows, ruled=True, size=8.4, header_fill=True, total_row=total)
    sh.y += 10
    sh.text(sh.left, sh.y + 10, L["r_goods"], 9.4, bold=True)
    sh.y += 14
    for ln in [f"{L['stc']}:", *x["goods_lines"]]:
        sh.para(sh.left + 8, ln, w - 8, 8.8)
    if x.get("invoice_no"):
        sh.para(sh.left + 8, f"INVOICE NO. {x['invoice_no']}", w - 8, 8.8)
    sh.y += 18
    sh.para(sh.left, f"{cap(L['laden'])}: {cx.date('on_board_date')}", w, 8.6, bold=True)
    sh.para(sh.left, f"{cap(L['issue'])}: {f['port_of_loading']}, {cx.date('document_date')}",
            w, 8.6)
    sh.y += 30
    sh.signature(sh.right - 150, sh.y, 100, 20)
    sh.hline(sh.right - 200, sh.right, sh.y + 4, 0.5)
    sh.text(sh.right, sh.y + 14, f"{x['carrier_short']} - {L['by']}", 7.6, align="right")
    sh.y += 20


# --------------------------------------------------------------------------- certificate


def cert_ciq_results_box(sh: Sheet, cx: Ctx) -> None:
    """CIQ-layout certificate: left-column label grid, one big results box, issue strip."""
    from .render import _CONCLUSION

    f, L, x = cx.f, cx.st["u7_labels"], cx.x
    w = sh.right - sh.left
    bi = cx.lang == "bi"

    def lab(key: str, sep: str = "\n") -> str:
        zh, en = L[key]
        return f"{zh}{sep}{en}" if bi else zh

    agency = f.get("issuing_agency", "")
    # Agency and title centred, the number at right.
    sh.y += 20
    sh.text(sh.W / 2, sh.y, agency, 14, bold=True, align="center", color=sh.accent)
    sh.y += 26
    tz, te = L["title"]
    sh.text(sh.W / 2, sh.y, tz, 18, bold=True, align="center")
    if bi:
        sh.y += 15
        sh.text(sh.W / 2, sh.y, te, 10.5, bold=True, align="center")
    sh.y += 18
    sh.text(sh.right, sh.y, f"{lab('no', ' ')}：{f['document_number']}", 9.6, bold=True,
            align="right")
    sh.text(sh.left, sh.y, "正本 ORIGINAL" if bi else "正本", 9, bold=True,
            color=HexColor("#b3261e"))
    sh.y += 8
    # The label grid: labels in a shaded left column.
    descs = "、".join(dict.fromkeys(it.get("description", "") for it in cx.items))
    qty = "；".join(cx.qty(it) for it in cx.items)
    cz, ce = L["conv_v"]
    rows = [("consignor", x["consignor"]), ("consignee", f["applicant"]),
            ("contract", f["contract_number"]), ("invoice", f["invoice_number"])]
    if cx.has("bl_number"):
        rows.append(("bl", f["bl_number"]))
    rows += [("goods", descs), ("qty", qty)]
    if cx.has("inspection_place"):
        rows.append(("place", f["inspection_place"]))
    rows.append(("date", cx.date("inspection_date")))
    if cx.has("inspection_basis"):
        rows.append(("basis", f["inspection_basis"]))
    rows += [("conv", f"{cz} {ce}" if bi else cz), ("marks", x["marks"])]
    lw = w * 0.24
    for k, v in rows:
        ll = lab(k).split("\n")
        vl = sh.wrap(v, w - lw - 10, 9.2)
        h = max(len(vl) * 12, len(ll) * 10) + 8
        sh.ensure(h)
        sh.rect(sh.left, sh.y, lw, h, lw=0.6, fill=_GREY)
        sh.rect(sh.left + lw, sh.y, w - lw, h, lw=0.6)
        for i, ln in enumerate(ll):
            sh.text(sh.left + 4, sh.y + 11 + i * 10, ln, 8.6 if i == 0 else 6.8)
        for i, ln in enumerate(vl):
            sh.text(sh.left + lw + 5, sh.y + 12 + i * 12, ln, 9.2)
        sh.y += h
    # The results box: everything else as prose.
    page0, top = sh.page, sh.y
    sh.y += 4
    rz, re_ = L["results"]
    sh.para(sh.left + 6, f"{rz} {re_}：" if bi else f"{rz}：", w - 12, 10, bold=True)
    basis = f.get("inspection_basis", "有关规定")
    sh.para(sh.left + 6, L["intro"].format(basis=basis, date=cx.date("inspection_date"),
                                           place=f.get("inspection_place", "")), w - 12, 9.2)
    if bi:
        sh.para(sh.left + 6, L["intro_en"].format(date=cx.date("inspection_date")), w - 12,
                7.8)
    A = L["attrs"]
    order = [k for k in ("brand", "model", "hs_code", "origin", "manufacture_year",
                         "serial_number", "quantity", "hours_used") if k in cx.st["columns"]]
    for i, it in enumerate(cx.items):
        bits = []
        for k in order:
            if k == "quantity":
                v = cx.qty(it)
            elif k == "hours_used":
                if "hours_used" not in it:
                    continue
                v = f"{it['hours_used']}小时"
            elif k in it:
                v = cx.cell(k, it, i)
            else:
                continue
            bits.append(f"{A[k]}：{v}")
        sh.y += 3
        sh.para(sh.left + 14, f"{i + 1}. {it.get('description', '')}，" + "，".join(bits) + "。",
                w - 24, 9.2)
    sh.y += 3
    sh.para(sh.left + 6, L["check"], w - 12, 9.2)
    concl = sh.rng.choice(_CONCLUSION[f["conclusion"]])
    sh.para(sh.left + 6, L["concl"] + concl, w - 12, 9.6, bold=True)
    if bi:
        ce_ = ("The goods conform to the mandatory requirements of the technical regulations of "
               "China." if f["conclusion"] == "conforming" else
               "The goods do not conform to the mandatory requirements.")
        sh.para(sh.left + 6, ce_, w - 12, 8)
    sh.para(sh.left + 6, L["valid"].format(a=cx.date("document_date"), b=cx.date("valid_until")),
            w - 12, 9.4, bold=True)
    sh.para(sh.left + 6, L["blank"], w - 12, 8.4, align="center")
    sh.y += 8
    if sh.page == page0:
        sh.rect(sh.left, top, w, sh.y - top, lw=0.8)
    else:
        sh.hline(sh.left, sh.right, sh.y, 0.8)
    # The issue strip: stamp | place | date | officer | signature.
    sh.ensure(96)
    y = sh.y
    sh.rect(sh.left, y, w * 0.3, 80, lw=0.6)
    sh.text(sh.left + 4, y + 10, lab("stamp", " "), 7.4)
    if f.get("has_seal"):
        sh.seal(sh.left + w * 0.15, y + 44, 70, agency, "检验专用章")
    rx, rw = sh.left + w * 0.3, w * 0.7
    place = f.get("inspection_place", "")
    cells = [("issue_place", place), ("issue_date", cx.date("document_date")),
             ("officer", f.get("authorized_signatory", "")), ("sig", "")]
    for i, (k, v) in enumerate(cells):
        cxx = rx + (i % 2) * rw / 2
        cyy = y + (i // 2) * 40
        sh.rect(cxx, cyy, rw / 2, 40, lw=0.6)
        sh.text(cxx + 4, cyy + 10, lab(k, " "), 7.4)
        if v:
            sh.text(cxx + 8, cyy + 28, v, 9.6, bold=True)
    if f.get("has_signature"):
        sh.signature(rx + rw / 2 + 30, y + 74, 80, 18)
    sh.y = y + 86
    dz, de = L["disclaimer"]
    sh.para(sh.left, dz, w, 7)
    if bi:
        sh.para(sh.left, de, w, 6.4)


# --------------------------------------------------------------------------- used cars


def asl_fax_memo(sh: Sheet, cx: Ctx) -> None:
    """After-sales service confirmation sent by fax: fax line, memo grid, prose, outlets."""
    f, L, x = cx.f, cx.st["u7_labels"], cx.x
    w = sh.right - sh.left
    zh = cx.lang == "zh"
    sep = "：" if zh else ": "

    def t(pair: tuple[str, str]) -> str:
        return pair[0] if zh else pair[1]

    maker = f.get("manufacturer", "")
    # The fax machine's line across the top.
    sh.text(sh.left, sh.top + 4, f"{x['fax_stamp']}   FROM: {x['fax_from']}   "
            f"TO: {x['fax_to']}", 7.2, color=_LIGHT)
    sh.text(sh.right, sh.top + 4, "P.001/001", 7.2, align="right", color=_LIGHT)
    sh.y = sh.top + 30
    sh.text(sh.left, sh.y, maker, 14, bold=True, color=sh.accent)
    sh.y += 13
    sh.text(sh.left, sh.y, f"{t(L['dept'])}   {'电话' if zh else 'Tel'}{sep}{x['tel']}   "
            f"{t(L['fax'])}{sep}{x['fax_from']}", 8)
    sh.y += 6
    sh.hline(sh.left, sh.right, sh.y, 1.2, color=sh.accent)
    tz, te = L["title"]
    sh.y += 30
    sh.text(sh.W / 2, sh.y, tz if zh else te, 20 if zh else 16, bold=True, align="center")
    sh.y += 14
    # The memo grid: two pairs a row.
    pairs = [(L["to"], x["exporter"]), (L["from"], f"{maker} {t(L['dept'])}"),
             (L["attn"], t(L["attn_v"])), (L["fax"], x["fax_to"]),
             (L["date"], cx.date("document_date")),
             (L["pages"], "1" if not zh else "1页（含本页）"),
             (L["ref"], f["document_number"]), (L["re"], t(L["re_v"]))]
    half = w / 2
    lw = 64
    for i in range(0, len(pairs), 2):
        cells = pairs[i:i + 2]
        hs = [len(sh.wrap(v, half - lw - 10, 9)) for _, v in cells]
        h = max(hs) * 11.5 + 8
        for j, (k, v) in enumerate(cells):
            bx = sh.left + j * half
            sh.rect(bx, sh.y, half, h, lw=0.4)
            sh.text(bx + 4, sh.y + 12, t(k) + sep.strip(), 8.6, bold=True)
            for n, ln in enumerate(sh.wrap(v, half - lw - 10, 9)):
                sh.text(bx + lw, sh.y + 12 + n * 11.5, ln, 9)
        sh.y += h
    sh.y += 14
    # The confirmation.
    country = cx.country(f["export_country"], "zh" if zh else "title") \
        if cx.has("export_country") else ""
    brand = f.get("brand", "")
    if zh:
        sh.para(sh.left, f"{x['exporter']}：", w, 10)
        to = f"至{country}" if country else ""
        body = (f"贵司拟出口{to}的下列{brand}品牌车辆，系我公司生产。"
                "我公司确认：该车辆出口后，我公司将通过当地授权售后服务网点"
                "提供维修保养、技术支持及零配件供应服务。")
    else:
        sh.para(sh.left, "Dear Sirs,", w, 10)
        body = (f"We confirm that the {brand} vehicle below, manufactured by us and to be "
                f"exported by you{f' to {country}' if country else ''}, will be supported after "
                "export with maintenance and repair service, technical support and genuine spare "
                "parts through our authorised service outlets listed below.")
    sh.y += 4
    sh.para(sh.left + (24 if zh else 0), body, w - (24 if zh else 0), 10)
    sh.y += 6
    V = L["vehicle"]
    kv = [(t(V["brand"]), brand), (t(V["model"]), f["model"]), (t(V["vin"]), f["vin"])]
    if country:
        kv.append((t(V["country"]), country))
    klw = max(sh.width(k, 9.6) for k, _ in kv) + 22
    for k, v in kv:
        sh.kv(sh.left + 20, f"■ {k}", v, label_w=klw, width=w - 20, size=9.6, sep=sep.strip(),
              bold_value=True)
    if cx.has("service_outlets"):
        sh.y += 8
        hn, ho, hc = L["heads"]
        ctry = cx.country(f["export_country"], "zh" if zh else "upper") \
            if cx.has("export_country") else ""
        rows = [{"n": str(i), "o": o, "c": ctry} for i, o in
                enumerate(f["service_outlets"], 1)]
        cols = [Col("n", t(hn), w * 0.1, "center"), Col("o", t(ho), w * 0.68),
                Col("c", t(hc), w * 0.22)]
        sh.table(sh.left, cols, rows, ruled=True, size=9, header_fill=True)
    sh.y += 8
    cz, ce = L["close"]
    sh.para(sh.left, cz if zh else ce, w, 10)
    sh.ensure(110)
    sh.y += 30
    sx = sh.right - 240
    for i, ln in enumerate(sh.wrap(maker, 240, 10, True)):
        sh.text(sx, sh.y + i * 12, ln, 10, bold=True)
    sh.text(sx, sh.y + 30, t(L["dept"]), 9)
    sh.text(sx, sh.y + 44, ("日期" if zh else "Date") + sep + cx.date("document_date"), 9)
    if f.get("has_seal"):
        sh.seal(sx + 160, sh.y + 18, 96, x["seal_name"], "")
    sh.y += 70
    nz, ne = L["note"]
    sh.hline(sh.left, sh.right, sh.y, 0.4, color=_LIGHT)
    sh.para(sh.left, (nz if zh else ne).format(n=1), w, 7.4)


RENDERERS = {
    "contract_deed_schedule": contract_deed_schedule,
    "invoice_twoline_eu": invoice_twoline_eu,
    "pl_marks_diamond": pl_marks_diamond,
    "bl_rider_sheet": bl_rider_sheet,
    "cert_ciq_results_box": cert_ciq_results_box,
    "asl_fax_memo": asl_fax_memo,
}
