"""Fourth group of unseen layout families: drawn for measuring generalisation, never for tuning.

Never look at these families' misses to tune ``docproc/extract.py`` or its label lists; they
stand for real documents from issuers nobody on the team has seen (the first, second and
third groups, in :mod:`unseen`, :mod:`unseen2` and :mod:`unseen3`, have been looked at).
Each family prints the same truth as the other families of its document type (the builders
of :mod:`documents`), but with its own structure and its own label wordings (synonyms real
issuers use), all chosen here in :func:`unseen4_style` and stored in the document's style.

- ``contract_cn_articles``: a Chinese "购销合同 / Purchase and Sale Contract": title centred,
  a key block (合同编号 / 签订日期 / 签订地点) at right, the parties as stacked
  blocks "甲方（买方）" / "乙方（卖方）" (roles swapped when the seller is the Chinese
  side) with address, telephone and representative, numbered articles (第一条 …, the
  English line under each Chinese one in the bilingual variant) with the goods table and
  the amount in Chinese capitals inside article 1, and the two seal / signature blocks side
  by side.
- ``invoice_erp_ribbon``: a European ERP-printed invoice: seller letterhead at left, the
  title at right, invoice / delivery address boxes side by side, then "ribbons" of small
  boxes with the label above the value (document, number, date, customer code, page; order,
  delivery terms, payment, currency; ports, vessel, origin), a "Pos." table whose tariff
  code and origin may be printed as a line under the description, a net total / freight /
  VAT 0 % / total due block and the bank details in the footer.
- ``pl_package_blocks``: a packing list as one framed block per package run ("CASE 1-3 OF
  12": contents, model, quantity, serial numbers at left; dimensions, weights, volume at
  right), followed by a small ruled summary table (packages, net, gross, volume).
- ``bl_port_to_port``: a "Bill of Lading for Port-to-Port Shipment" / sea waybill: shipper,
  consignee, notify, vessel / voyage and the two ports in a left column of stacked boxes;
  B/L number, references, the carrier and the title at right; the particulars in four
  columns (Marks and Numbers | Number and Kind of Packages; Description of Goods | Gross
  Weight | Measurement); a row of totals / freight / originals boxes, "Place and Date of
  Issue" and on-board boxes, and the clauses in small print.
- ``cert_form_cards``: a Chinese pre-shipment inspection certificate as an unruled two-column
  form with the labels above the values, each inspected item a framed card ("第1项") with
  its attributes in two columns, the conclusion boxed, the validity worded as an expiry
  ("本证书有效截止日期：…", "本证书于…前使用有效"), the red seal over the agency's block.
- ``asl_commitment``: a vehicle maker's after-sales service commitment letter
  (售后服务承诺书 / Letter of Commitment on After-Sales Service): letterhead, a ref. / date
  key block at right, the vehicle as a one-row ruled table (brand, model, VIN, destination),
  the service outlets as a ruled table, numbered undertakings and the seal over the maker's
  name.
"""

from __future__ import annotations

import random
import re
from typing import Any

from reportlab.lib.colors import HexColor

from . import fmt
from .render import Ctx
from .sheet import Col, Sheet, fit_size, weighted_cols
from .shipment import Shipment, pools
from .unseen3 import _city, _num, _pick, _words

# --------------------------------------------------------------------------- label wordings

_ART = {
    "title_zh": ["购销合同", "采购合同", "买卖合同", "货物购销合同", "进口设备购销合同"],
    "title_en": ["PURCHASE AND SALE CONTRACT", "SALES AND PURCHASE CONTRACT",
                 "CONTRACT OF PURCHASE AND SALE", "PURCHASE CONTRACT", "IMPORT PURCHASE CONTRACT"],
    "no": [("合同编号", "Contract No."), ("合同号", "Contract No."), ("编号", "No."),
           ("合同号码", "Contract Number")],
    "date": [("签订日期", "Date of Signing"), ("签约日期", "Signing Date"), ("签订时间", "Date"),
             ("日期", "Dated")],
    "place": [("签订地点", "Place of Signing"), ("签约地点", "Signed at"), ("签订地", "Place")],
    "buyer_role": [("买方", "the Buyer"), ("需方", "the Purchaser"), ("买受人", "the Buyer"),
                   ("采购方", "the Purchaser")],
    "seller_role": [("卖方", "the Seller"), ("供方", "the Supplier"), ("出卖人", "the Seller"),
                    ("销售方", "the Vendor")],
    "party_fmt": ["{p}（{r}）", "{p}({r})", "{p}/{r}", "{r}（{p}）"],
    "addr": [("地址", "Address"), ("住所", "Domicile"), ("通讯地址", "Address"),
             ("注册地址", "Registered Address")],
    "tel": [("电话", "Tel"), ("联系电话", "Telephone"), ("电话/传真", "Tel/Fax")],
    "rep": [("法定代表人", "Legal Representative"), ("授权代表", "Authorized Representative"),
            ("委托代理人", "Authorized Agent")],
    "preamble": [("经甲乙双方友好协商，根据《中华人民共和国民法典》及有关法律规定，就下列货物的买卖"
                  "达成如下条款，双方共同遵守。",
                  "Through friendly negotiation and in accordance with the Civil Code of the "
                  "People's Republic of China, Party A and Party B agree on the purchase and "
                  "sale of the following goods under the terms below."),
                 ("甲乙双方本着平等互利的原则，经协商一致，订立本合同。",
                  "On the principle of equality and mutual benefit, the Parties have agreed to "
                  "conclude this Contract."),
                 ("为明确双方的权利和义务，经双方协商一致，签订本合同，以资共同遵守。",
                  "In order to define the rights and obligations of both Parties, this Contract "
                  "is made and signed by both Parties through consultation.")],
    "art_zh": ["第{zh}条", "第{n}条", "{zh}、"],
    "art_en": ["Article {n}", "ARTICLE {n}", "Clause {n}", "Art. {n}"],
    "a_goods": [("货物名称、规格、数量及价格",
                 "Name of Commodity, Specifications, Quantity and Price"),
                ("标的物、数量及价款", "Goods, Quantity and Price"),
                ("产品名称、型号、数量、金额", "Products, Models, Quantity and Amount")],
    "a_origin": [("原产地", "Country of Origin"), ("货物原产国", "Origin of the Goods"),
                 ("产地", "Origin")],
    "a_ship": [("交货期限及装运", "Time of Shipment"),
               ("交货时间、地点", "Delivery Time and Place"),
               ("装运条款", "Shipment")],
    "a_terms": [("价格条款", "Price Terms"), ("贸易术语", "Trade Terms"),
                ("成交方式", "Terms of Delivery")],
    "a_pay": [("付款方式", "Terms of Payment"), ("结算方式及期限", "Payment"),
              ("支付条款", "Payment Terms")],
    "a_pack": [("包装及唛头", "Packing and Marking"), ("包装要求", "Packing")],
    "a_ins": [("保险", "Insurance")],
    "a_insp": [("检验", "Inspection"), ("装运前检验", "Pre-shipment Inspection"),
               ("质量检验", "Quality Inspection")],
    "a_claim": [("质量保证及索赔", "Warranty and Claims"), ("索赔", "Claims")],
    "a_fm": [("不可抗力", "Force Majeure")],
    "a_disp": [("争议的解决", "Settlement of Disputes"), ("仲裁", "Arbitration"),
               ("法律适用及争议解决", "Governing Law and Disputes")],
    "a_misc": [("其他", "Miscellaneous"), ("合同生效及其他", "Effectiveness and Others")],
    "heads": [{"no": ("序号", "No."), "description": ("货物名称", "Commodity"),
               "model": ("规格型号", "Model"), "brand": ("品牌", "Brand"),
               "origin": ("产地", "Origin"), "manufacture_year": ("生产年份", "Year"),
               "hs_code": ("商品编码", "HS Code"), "quantity": ("数量", "Quantity"),
               "unit": ("单位", "Unit"), "unit_price": ("单价", "Unit Price"),
               "amount": ("金额", "Amount")},
              {"no": ("项次", "Item"), "description": ("品名", "Description"),
               "model": ("型号", "Type"), "brand": ("厂牌", "Make"),
               "origin": ("原产国", "Country of Origin"),
               "manufacture_year": ("出厂年份", "Year of Manufacture"),
               "hs_code": ("海关编码", "H.S. No."), "quantity": ("数量", "Qty"),
               "unit": ("计量单位", "Unit"), "unit_price": ("单价", "Price"),
               "amount": ("总价", "Total Price")},
              {"no": ("编号", "No."), "description": ("设备名称", "Equipment"),
               "model": ("型号规格", "Model/Spec."), "brand": ("制造商", "Manufacturer"),
               "origin": ("原产地", "Origin"), "manufacture_year": ("制造年份", "Year Built"),
               "hs_code": ("HS编码", "HS Code"), "quantity": ("数量", "Qty."),
               "unit": ("单位", "Unit"), "unit_price": ("单价", "Unit Price"),
               "amount": ("小计", "Subtotal")}],
    "total": [("合计", "Total"), ("总计", "Grand Total"), ("合计金额", "Total Amount")],
    "words": [("合计金额（大写）", "Total amount in words"), ("大写金额", "Say"),
              ("总金额大写", "In words")],
    "seal": [("（盖章）", "(Seal)"), ("（签章）", "(Seal)"), ("（公章）", "(Company Seal)")],
    "sign": [("授权代表（签字）", "Authorized Signature"), ("代表人签字", "Signature"),
             ("签字", "Signed by")],
}
_ERP = {
    "title": ["INVOICE", "COMMERCIAL INVOICE", "EXPORT INVOICE", "Invoice", "Commercial Invoice"],
    "copy": ["ORIGINAL", "Original", "ORIGINAL - CUSTOMER COPY", "Original for the customer"],
    "doc": ["Document", "Document type", "Type of document"],
    "doc_val": ["Invoice", "Export invoice", "Commercial invoice", "INVOICE"],
    "no": ["Number", "Invoice no.", "Document no.", "No.", "Inv. number"],
    "date": ["Date", "Invoice date", "Document date", "Date of issue"],
    "cust": ["Customer code", "Customer no.", "Account no.", "Client ID"],
    "page": ["Page", "Sheet"],
    "order": ["Your order", "Customer order ref.", "Order / contract", "Your ref.",
              "Contract ref."],
    "terms": ["Terms of delivery", "Delivery terms", "Incoterms 2020", "Delivery conditions"],
    "payment": ["Payment", "Terms of payment", "Payment conditions", "Method of payment"],
    "currency": ["Currency", "Curr.", "Invoice currency"],
    "pol": ["Port of loading", "Shipped from", "Loading port", "Dispatch port"],
    "pod": ["Port of discharge", "Destination port", "Shipped to", "Unloading port"],
    "vessel": ["Vessel", "Means of transport", "Shipped per", "Carrier / vessel"],
    "origin": ["Origin of goods", "Country of origin", "Origin"],
    "bill_to": ["Invoice address", "Bill to", "Invoice to", "Customer"],
    "ship_to": ["Delivery address", "Ship to", "Goods consigned to", "Consignee"],
    "same": ["as invoice address", "Same as invoice address", "idem"],
    "pos": ["Pos.", "Item", "Line", "Pos"],
    "code": ["Article code", "Item code", "Part no.", "Model / code", "Art. no."],
    "desc": ["Description", "Description of goods", "Article description", "Goods"],
    "um": ["U.M.", "UoM", "Unit", "Un."],
    "qty": ["Qty", "Quantity", "Q.ty"],
    "qty_um": ["Qty / Unit", "Quantity / UoM", "Q.ty U.M."],
    "price": ["Unit price", "Price", "Price/unit", "Net price"],
    "amount": ["Amount", "Net amount", "Line total", "Value"],
    "brand": ["Make", "Brand", "Manufacturer"],
    "serial": ["Serial no.", "S/N", "Serial number", "Machine no."],
    "year": ["Year", "Year of manuf.", "Built"],
    "hs": ["Customs tariff no.", "Commodity code", "HS code", "Tariff code"],
    "origin_col": ["Origin", "Country of origin", "C.o.o."],
    "sub_fmt": ["{hs_l} {hs}   {o_l}: {o}", "{hs_l}: {hs} - {o_l}: {o}", "{hs_l} {hs} / {o_l} {o}"],
    "net": ["Net total", "Total goods value", "Goods value", "Taxable amount", "Net value"],
    "freight": ["Freight", "Freight & packing", "Transport costs"],
    "vat": ["VAT 0 %", "VAT 0% (export)", "Tax 0 %"],
    "vat_note_eu": ["VAT-exempt export delivery (Art. 146 Directive 2006/112/EC).",
                    "Tax-free export delivery to a third country.",
                    "Zero-rated export of goods outside the EU."],
    "vat_note": ["Export sale - no sales tax charged.", "Goods for export, tax exempt.",
                 "Zero-rated export of goods."],
    "total": ["Total due", "Invoice total", "Amount due", "TOTAL", "Total amount due"],
    "bank": ["Bank details", "Our bank", "Bank connection", "Please remit to"],
    "office": ["Registered office", "Head office", "Company"],
    "tax_id": ["VAT no.", "Tax ID", "VAT reg. no.", "Company reg. no."],
}
_PKB = {
    "title": ["PACKING LIST", "PACKING SPECIFICATION", "PACKAGE LIST", "DETAILED PACKING LIST",
              "PACKING NOTE"],
    "no": ["Packing list no.", "P/L No.", "Document No.", "Packing note no.", "Spec. No."],
    "date": ["Date", "Issue date", "Dated", "Date of packing list"],
    "invoice": ["Invoice No.", "Commercial invoice", "Ref. invoice", "Invoice ref."],
    "contract": ["Contract No.", "Order No.", "Sales contract", "Purchase order"],
    "shipper": ["Shipper", "Exporter", "Sender", "Consignor"],
    "consignee": ["Consignee", "Receiver", "Deliver to", "Buyer"],
    "pkg": ["PACKAGE", "CASE", "COLLI", "CRATE", "PACKAGE NO."],
    "pkg_many": ["PACKAGES", "CASES", "COLLI", "CRATES", "PACKAGE NOS."],
    "of": ["OF", "/", "OF TOTAL"],
    "kind": ["Type of package", "Packing", "Kind of package"],
    "contents": ["Contents", "Description of contents", "Goods", "Content"],
    "model": ["Model", "Type", "Model / Type", "Article"],
    "qty": ["Quantity", "Qty", "Pieces", "Number of units"],
    "serial": ["Serial no(s).", "S/N", "Machine no(s).", "Serial numbers"],
    "dims": ["Dimensions (L x W x H)", "Dimensions", "Size (cm)", "L x W x H"],
    "nw": ["Net weight", "Net wt.", "N.W."],
    "gw": ["Gross weight", "Gross wt.", "G.W."],
    "vol": ["Volume", "Cubic measurement", "Measurement", "Cube"],
    "each": ["{n} x {w} each", "{n} packages of {w}", "{w} per package"],
    "summary": ["SUMMARY", "SHIPMENT SUMMARY", "TOTALS", "RECAPITULATION"],
    "sum_pkgs": ["Number of packages", "Total packages", "Packages", "Total colli"],
    "sum_nw": ["Total net weight", "Net weight", "Total N.W."],
    "sum_gw": ["Total gross weight", "Gross weight", "Total G.W."],
    "sum_vol": ["Total volume", "Total measurement", "Volume"],
    "marks": ["Shipping marks", "Marks", "Marking"],
    "containers": ["Container(s)", "Stuffed in container(s)", "Containers"],
    "sign": ["Packed and checked by", "Issued by", "For the shipper"],
}
_PTP = {
    "title": ["BILL OF LADING FOR PORT-TO-PORT SHIPMENT", "SEA WAYBILL",
              "NON-NEGOTIABLE SEA WAYBILL", "OCEAN BILL OF LADING",
              "BILL OF LADING FOR OCEAN TRANSPORT OR PORT-TO-PORT SHIPMENT"],
    "shipper": ["Shipper", "Shipper (name and address)", "Shipper / Exporter", "Consignor"],
    "consignee": ["Consignee", "Consignee (not negotiable unless consigned to order)",
                  "Consignee (name and address)", "Consignee or order"],
    "notify": ["Notify Party", "Notify address", "Notify party (see clause 22)",
               "Party to be notified"],
    "vessel": ["Vessel", "Ocean Vessel", "Name of Vessel", "Vessel (see clause 1)"],
    "voyage": ["Voyage No.", "Voy. No.", "Voyage"],
    "pol": ["Port of Loading", "Port of Lading", "Loading Port"],
    "pod": ["Port of Discharge", "Port of Discharging", "Discharge Port"],
    "no": ["B/L No.", "Bill of Lading No.", "B/L Number", "Bill of Lading Number"],
    "no_swb": ["SWB No.", "Waybill No.", "Sea Waybill No.", "Waybill Number"],
    "scac": ["SCAC", "Carrier code"],
    "sref": ["Shipper's Reference", "Shipper's Ref.", "Export Reference"],
    "cref": ["Carrier's Reference", "Booking No.", "Carrier's Ref."],
    "agent": ["Carrier's agent at destination", "For delivery apply to",
              "Delivery agent at port of discharge"],
    "agent_val": ["TO BE ADVISED", "CARRIER'S LOCAL OFFICE", "AS PER ARRIVAL NOTICE"],
    "marks": ["Marks and Numbers", "Marks & Nos.", "Marks and Nos.; Container No./Seal No."],
    "pkgs_desc": ["Number and Kind of Packages; Description of Goods",
                  "No. and Kind of Packages, Description of Goods",
                  "Number and kind of packages; description of goods (said to contain)"],
    "gw": ["Gross Weight", "Gross Weight (kg)", "Gross Wt."],
    "meas": ["Measurement", "Measurement (m³)", "Meas. (CBM)"],
    "particulars": ["PARTICULARS FURNISHED BY THE SHIPPER - CARRIER NOT RESPONSIBLE",
                    "ABOVE PARTICULARS DECLARED BY SHIPPER",
                    "SHIPPER'S DECLARED PARTICULARS - NOT CHECKED BY THE CARRIER"],
    "seal_fmt": ["{c} SEAL {s}", "{c}/{s}", "CNTR {c} SEAL NO. {s}"],
    "stc": ["SAID TO CONTAIN", "STC", "SHIPPER'S LOAD, STOW AND COUNT"],
    "total": ["Total No. of Containers or Packages received by the Carrier",
              "Total number of containers or packages (in words)",
              "Carrier's receipt (total containers / packages)"],
    "freight": ["Freight payable at", "Freight & charges payable at", "Payable at"],
    "originals": ["Number of original Bs/L", "No. of original B/L", "Originals issued"],
    "issue": ["Place and Date of Issue", "Place and date of issue", "Issued at / Date"],
    "onboard": ["Shipped on Board", "Shipped on board the vessel", "Laden on board"],
    "onboard_date": ["Date", "On board date", "Date shipped"],
    "signed": ["Signed for the Carrier", "As agent for the Carrier", "For and on behalf of",
               "Signed as Carrier"],
}
_CFC = {
    "title": ["装运前检验证书", "进口旧机电产品装运前检验证书", "旧机电产品装运前检验证书",
              "装运前检验证明"],
    "title_en": ["PRE-SHIPMENT INSPECTION CERTIFICATE", "CERTIFICATE OF PRE-SHIPMENT INSPECTION",
                 "PRE-SHIPMENT INSPECTION CERTIFICATE (USED MECHANICAL & ELECTRICAL PRODUCTS)"],
    "no": [("证书编号", "Certificate No."), ("编号", "No."), ("证书号码", "Cert. No.")],
    "issue": [("签发日期", "Date of Issue"), ("出证日期", "Issued on"), ("发证日期", "Issue Date")],
    "applicant": [("申请人", "Applicant"), ("申请单位", "Applicant"), ("收货人", "Consignee"),
                  ("进口商", "Importer")],
    "consignor": [("发货人", "Consignor"), ("出口商", "Exporter"), ("卖方", "Seller")],
    "contract": [("合同号", "Contract No."), ("合同编号", "Contract No."),
                 ("贸易合同", "Contract")],
    "invoice": [("发票号", "Invoice No."), ("发票编号", "Invoice No."), ("商业发票", "Invoice")],
    "bl": [("提单号", "B/L No."), ("提运单号", "B/L No."), ("运单号", "Waybill No.")],
    "place": [("检验地点", "Place of Inspection"), ("检验地", "Inspected at"),
              ("施检地点", "Inspection Location")],
    "date": [("检验日期", "Date of Inspection"), ("施检日期", "Inspected on"),
             ("检验时间", "Inspection Date")],
    "basis": [("检验依据", "Inspection Basis"), ("依据标准", "Standards"),
              ("检验依据及标准", "Basis and Standards")],
    "goods": [("检验货物", "Goods Inspected"), ("货物情况", "Particulars of Goods"),
              ("受检货物", "Inspected Goods")],
    "item": ["第{n}项", "货物{n}", "序号{n}"],
    "conclusion": [("检验结论", "Conclusion"), ("评定意见", "Assessment"),
                   ("检验结果", "Result")],
    "agency": [("检验机构", "Inspection Body"), ("签证机构", "Issuing Body"),
               ("出证机构", "Certifying Body")],
    "signatory": [("授权签字人", "Authorized Signatory"), ("签发人", "Signed by"),
                  ("签字人", "Signatory")],
    "valid": ["本证书有效截止日期：{b}", "本证书于{b}前使用有效。", "本证书有效期限至{b}止。",
              "证书有效期：{a}—{b}"],
    "valid_en": ["Valid through {b}.", "This certificate expires on {b}.",
                 "Validity: until {b}."],
    "keys": [{"description": "货物名称", "hs_code": "HS编码", "brand": "品牌", "model": "型号",
              "quantity": "数量", "origin": "原产地", "manufacture_year": "制造年份",
              "serial_number": "出厂编号", "hours_used": "使用小时数"},
             {"description": "品名", "hs_code": "商品编码", "brand": "制造商", "model": "规格型号",
              "quantity": "数/重量", "origin": "原产国（地区）", "manufacture_year": "出厂年份",
              "serial_number": "序列号", "hours_used": "已使用时间（小时）"},
             {"description": "名称", "hs_code": "海关编码", "brand": "厂牌", "model": "型号规格",
              "quantity": "数量/单位", "origin": "产地", "manufacture_year": "生产日期（年）",
              "serial_number": "机身号", "hours_used": "工作小时"}],
    "seal_cap": ["（检验机构印章）", "（盖章）", "（检验专用章）"],
    "note": ["注：本证书涂改无效，复印件无效。", "本证书仅对所检货物负责。",
             "注：本证书须随附合同、发票一并使用。"],
}
_ASL = {
    "title_zh": ["售后服务承诺书", "售后服务保障函", "关于出口车辆售后服务的承诺函",
                 "售后维修服务承诺书"],
    "title_en": ["LETTER OF COMMITMENT ON AFTER-SALES SERVICE", "AFTER-SALES SERVICE GUARANTEE",
                 "UNDERTAKING OF AFTER-SALES SERVICE", "After-Sales Service Commitment"],
    "ref_zh": ["文号", "函号", "编号", "承诺书编号"],
    "ref_en": ["Our Ref.", "Ref. No.", "Letter No.", "Reference"],
    "date_zh": ["日期", "出具日期", "签发日期"],
    "date_en": ["Date", "Dated", "Date of Issue"],
    "to_zh": ["致：{e}", "{e}：", "致 {e}："],
    "to_en": ["To: {e}", "Attn.: {e}", "To whom it may concern, and to {e}:"],
    "heads_zh": [{"no": "序号", "brand": "品牌", "model": "车辆型号", "vin": "车辆识别代号（VIN）",
                  "country": "出口目的国"},
                 {"no": "编号", "brand": "车辆品牌", "model": "型号", "vin": "VIN码",
                  "country": "目的国（地区）"},
                 {"no": "序", "brand": "商标/品牌", "model": "车型", "vin": "车架号（VIN）",
                  "country": "出口国家"}],
    "heads_en": [{"no": "No.", "brand": "Brand", "model": "Model", "vin": "VIN",
                  "country": "Destination Country"},
                 {"no": "Item", "brand": "Make", "model": "Vehicle Model",
                  "vin": "Vehicle Identification No.", "country": "Country of Export"}],
    "outlets_zh": [{"no": "序号", "name": "售后服务网点名称及地址"},
                   {"no": "编号", "name": "维修服务站"}, {"no": "序", "name": "服务网点"}],
    "outlets_en": [{"no": "No.", "name": "Authorised service outlet (name and address)"},
                   {"no": "Item", "name": "Service network"}],
    "sign_zh": ["承诺单位", "生产企业", "出具单位"],
    "sign_en": ["Manufacturer", "Issued by", "For and on behalf of"],
    "seal_zh": ["（公章）", "（盖章）", "（企业印章）"],
}

_ZH_DIG = "零一二三四五六七八九"
_CAP = "零壹贰叁肆伍陆柒捌玖"
_ZH_CUR = {"USD": "美元", "EUR": "欧元", "JPY": "日元", "CNY": "人民币"}


def _zh_ordinal(n: int) -> str:
    """1 -> 一, 12 -> 十二 (article numbers)."""
    if n < 10:
        return _ZH_DIG[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _ZH_DIG[tens]) + "十" + (_ZH_DIG[ones] if ones else "")


def _cap_int(n: int) -> str:
    """An integer in Chinese financial capitals (12034 -> 壹万贰仟零叁拾肆)."""
    if n == 0:
        return "零"
    units, big = ["", "拾", "佰", "仟"], ["", "万", "亿"]
    groups = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    out, gap = "", False
    for gi in range(len(groups) - 1, -1, -1):
        g = groups[gi]
        if g == 0:
            gap = True
            continue
        if out and (g < 1000 or gap):
            out += "零"
        gap = False
        s, z = "", False
        for pos in range(3, -1, -1):
            d = g // 10**pos % 10
            if d == 0:
                z = bool(s)
            else:
                if z:
                    s += "零"
                    z = False
                s += _CAP[d] + units[pos]
        out += s + big[gi]
    return out


def _zh_capital(x: float, currency: str) -> str:
    """An amount the way Chinese contracts spell it ("美元壹拾贰万叁仟元伍角整")."""
    cents = round(x * 100)
    whole, frac = divmod(cents, 100)
    jiao, fen = divmod(frac, 10)
    tail = "整" if frac == 0 else (f"{_CAP[jiao]}角" if jiao else "零") + (
        f"{_CAP[fen]}分" if fen else "整")
    return f"{_ZH_CUR.get(currency, currency)}{_cap_int(whole)}元{tail}"


def _tel(rng: random.Random, cc: str) -> str:
    return f"+{cc} {rng.randint(10, 99)} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"


_REPS = ["王建国", "李明", "张伟", "刘洋", "陈静", "Hans Becker", "Kenji Sato", "Min-jun Park",
         "John Miller", "Luca Rossi", "Pierre Martin"]
_BANKS = {"DE": ("Deutsche Bank AG", "DEUTDEFF"), "IT": ("UniCredit S.p.A.", "UNCRITMM"),
          "FR": ("BNP Paribas", "BNPAFRPP"), "NL": ("ING Bank N.V.", "INGBNL2A"),
          "JP": ("MUFG Bank, Ltd.", "BOTKJPJT"), "KR": ("Shinhan Bank", "SHBKKRSE"),
          "GB": ("HSBC UK Bank plc", "HBUKGB4B"), "US": ("Bank of America, N.A.", "BOFAUS3N"),
          "CN": ("Bank of China", "BKCHCNBJ")}


def unseen4_style(s: Shipment, family: str, fields: dict[str, Any],
                  items: list[dict[str, Any]], style: dict[str, Any],
                  extra: dict[str, Any]) -> None:
    """Settle the family's own label wordings and formatting choices in ``style``/``extra``."""
    rng = random.Random(f"unseen4-{family}-{style['render_seed']}")
    if family == "contract_cn_articles":
        style["u4_labels"] = _pick(rng, _ART)
        style["u4_key_right"] = rng.random() < 0.6
        a_buyer = s.seller.country != "CN"  # the Chinese side drafts the contract: it is 甲方
        extra["a_is_buyer"] = a_buyer
        extra["place"] = _city(s.buyer.address if a_buyer else s.seller.address)
        extra["tel_seller"] = _tel(rng, "86" if s.seller.country == "CN" else str(
            rng.randint(30, 89)))
        extra["tel_buyer"] = _tel(rng, "86" if s.buyer.country == "CN" else str(
            rng.randint(30, 89)))
        extra["rep_seller"] = rng.choice(_REPS)
        extra["rep_buyer"] = rng.choice(_REPS)
        extra["insured_by_seller"] = s.incoterm == "CIF"
    elif family == "invoice_erp_ribbon":
        style["u4_labels"] = _pick(rng, _ERP)
        style["u4_sublines"] = rng.random() < 0.5
        style["u4_qty_joined"] = rng.random() < 0.5
        style["u4_ship_same"] = rng.random() < 0.5
        eu = bool(pools()["countries"].get(s.seller.country, {}).get("eu"))
        style["u4_vat_note"] = rng.choice(_ERP["vat_note_eu" if eu else "vat_note"])
        extra["customer_code"] = f"{rng.choice(['K', 'C', 'D', ''])}{rng.randint(10000, 99999)}"
        cc = s.seller.country
        bank, bic = _BANKS.get(cc, _BANKS["US"])
        extra["bank"] = [bank, f"IBAN {cc}{rng.randint(10, 99)} {rng.randint(1000, 9999)} "
                         f"{rng.randint(1000, 9999)} {rng.randint(1000, 9999)} "
                         f"{rng.randint(1000, 9999)} {rng.randint(10, 99)}",
                         f"BIC/SWIFT {bic}"]
        extra["tax_id"] = f"{cc}{rng.randint(100000000, 999999999)}"
        extra["web"] = "www." + re.sub(r"[^a-z]", "", s.seller.name.lower().split()[0]) + ".com"
    elif family == "pl_package_blocks":
        style["u4_labels"] = _pick(rng, _PKB)
        style["u4_each"] = rng.random() < 0.5
        style["u4_fill"] = rng.random() < 0.6
        dims = {}
        for g in s.goods:
            p = max(g.packages, 1)
            v = max(g.volume_cbm / p, 0.2)
            wd = (v / 2.4) ** (1 / 3)  # L : W : H ~ 2 : 1 : 1.2
            dims[g.model.upper()] = (f"{round(wd * 200)} x {round(wd * 100)} x "
                                     f"{round(wd * 120)} cm")
        extra["u4_dims"] = dims
    elif family == "bl_port_to_port":
        style["u4_labels"] = _pick(rng, _PTP)
        if style["numfmt"] in ("eu", "space"):  # carriers print "63.440 CBM", never "63,440"
            style["numfmt"] = "en"
        style["u4_dec"] = rng.choice([3, 3, 2])
        extra["scac"] = s.carrier["prefix"]
        extra["booking_no"] = f"{rng.choice(['', 'BKG', 'S'])}{rng.randint(10**7, 10**8 - 1)}"
        extra["payable"] = (s.port_of_loading if s.incoterm in ("CIF", "CFR")
                            else s.port_of_discharge)
        extra["waybill"] = "WAYBILL" in style["u4_labels"]["title"]
        if extra["waybill"]:
            style["u4_labels"]["no"] = style["u4_labels"]["no_swb"]
    elif family == "cert_form_cards":
        style["u4_labels"] = _pick(rng, _CFC)
        style["u4_cols"] = rng.choice([2, 2, 1])
    elif family == "asl_commitment":
        style["u4_labels"] = _pick(rng, _ASL)
        style["u4_key_right"] = rng.random() < 0.6
        extra["tel"] = _tel(rng, "86")


# --------------------------------------------------------------------------- helpers


_W = {"no": 0.45, "description": 2.6, "model": 1.25, "brand": 1.05, "hs_code": 1.2,
      "origin": 0.95, "manufacture_year": 0.7, "serial_number": 1.4, "quantity": 0.85,
      "unit": 0.6, "unit_price": 1.25, "amount": 1.35, "pos": 0.45, "vin": 2.0,
      "country": 1.1, "name": 5.0}
_RIGHT = {"unit_price", "amount"}
_CENTER = {"no", "pos", "quantity", "unit", "manufacture_year"}


def _cols(sh: Sheet, keys: list[str], heads: dict[str, str], rows: list[dict[str, str]],
          width: float, size: float, flex: str = "description") -> list[Col]:
    return weighted_cols(sh, keys, heads, rows, width, size, _W, _RIGHT, _CENTER, flex)


def _two(cx: Ctx, pair: tuple[str, str], sep: str = " ") -> str:
    """A (zh, en) label: Chinese only, or Chinese and English (``sep`` between)."""
    zh, en = pair
    return zh if cx.lang == "zh" else f"{zh}{sep}{en}"


def _cell_h(sh: Sheet, text: str, width: float, size: float) -> int:
    return len(sh.wrap(text, width, size))


def _ribbon(sh: Sheet, cells: list[tuple[str, str, float]], *, size: float = 8.5,
            label_size: float = 6.3, bold_first: bool = False, fill: Any = None) -> None:
    """A row of boxes across the page, each with its small label above the value."""
    w = sh.right - sh.left
    tot = sum(c[2] for c in cells)
    widths = [w * c[2] / tot for c in cells]
    wrapped = [sh.wrap(val, cw - 8, size) for (_, val, _), cw in zip(cells, widths, strict=True)]
    h = label_size + 8 + max(len(v) for v in wrapped) * size * 1.22 + 3
    sh.ensure(h)
    x = sh.left
    for i, ((lab, _, _), cw, lines) in enumerate(zip(cells, widths, wrapped, strict=True)):
        sh.rect(x, sh.y, cw, h, lw=0.6)
        if fill is not None:
            sh.rect(x, sh.y, cw, label_size + 4, lw=0, fill=fill)
        sh.text(x + 3, sh.y + label_size + 1, lab, label_size, color=HexColor("#444444"))
        for j, ln in enumerate(lines):
            sh.text(x + 4, sh.y + label_size + 6 + (j + 1) * size * 1.22 - 2, ln, size,
                    bold=bold_first and i == 1)
        x += cw
    sh.y += h


# --------------------------------------------------------------------------- contract


def contract_cn_articles(sh: Sheet, cx: Ctx) -> None:
    """购销合同: key block, 甲方/乙方 blocks, numbered articles, goods table in article 1."""
    f, L, x = cx.f, cx.st["u4_labels"], cx.x
    w = sh.right - sh.left
    bi = cx.lang != "zh"
    cur = f["currency"]
    sep = "：" if not bi else ": "
    # Title.
    sh.y += 26
    sh.text(sh.W / 2, sh.y, L["title_zh"], 19, bold=True, align="center")
    if bi:
        sh.y += 15
        sh.text(sh.W / 2, sh.y, L["title_en"], 10.5, bold=True, align="center")
    sh.y += 10
    # Key block: number, date, place (right, or a single line under the title).
    keys = [(_two(cx, L["no"]), f["document_number"]),
            (_two(cx, L["date"]), cx.date("document_date")),
            (_two(cx, L["place"]), x["place"])]
    if cx.st["u4_key_right"]:
        kw = max(sh.width(k + sep, 8.8) for k, _ in keys) + 4
        vw = max(sh.width(v, 9, True) for _, v in keys) + 4
        kx = sh.right - kw - vw
        for i, (k, v) in enumerate(keys):
            sh.y += 12.5
            sh.text(kx, sh.y, k + sep, 8.8)
            sh.text(kx + kw, sh.y, v, 9, bold=i == 0)
            sh.hline(kx + kw, sh.right, sh.y + 2, 0.3)
    else:
        sh.y += 12
        line = "    ".join(f"{k}{sep}{v}" for k, v in keys)
        for ln in sh.wrap(line, w, 8.8):
            sh.text(sh.W / 2, sh.y, ln, 8.8, align="center")
            sh.y += 11
    sh.y += 10
    # The parties.
    a_buyer = x["a_is_buyer"]
    seller_role, buyer_role = L["seller_role"], L["buyer_role"]

    def party_head(p_zh: str, p_en: str, role: tuple[str, str]) -> str:
        zh = L["party_fmt"].format(p=p_zh, r=role[0])
        if not bi:
            return zh
        return f"{zh} {p_en} ({role[1].removeprefix('the ')})"

    parties = [("buyer", buyer_role), ("seller", seller_role)]
    if not a_buyer:
        parties.reverse()
    heads = {}
    for (who, role), (p_zh, p_en) in zip(parties, (("甲方", "Party A"), ("乙方", "Party B")),
                                         strict=True):
        heads[who] = (p_zh, p_en, role)
        head = party_head(p_zh, p_en, role)
        sh.ensure(60)
        sh.y += 13
        sh.text(sh.left, sh.y, head + sep, 9.5, bold=True)
        hw = sh.width(head + sep, 9.5, True) + 4
        name_lines = sh.wrap(f[who], w - hw, 9.8, True)
        for i, ln in enumerate(name_lines):
            if i:
                sh.y += 12
            sh.text(sh.left + hw, sh.y, ln, 9.8, bold=True)
        sh.y += 2
        rows = [(_two(cx, L["addr"]), f[f"{who}_address"]),
                (_two(cx, L["tel"]), x[f"tel_{who}"]),
                (_two(cx, L["rep"]), x[f"rep_{who}"])]
        lw = max(sh.width(k + sep, 8.6) for k, _ in rows) + 6
        for k, v in rows:
            sh.kv(sh.left + 14, k, v, label_w=lw, width=w - 14, size=8.6, sep=sep.strip())
    sh.y += 6
    zh_pre, en_pre = L["preamble"]
    sh.para(sh.left, "    " + zh_pre, w, 9)
    if bi:
        sh.para(sh.left, en_pre, w, 8.4)
    sh.y += 4
    n_art = [0]

    def article(pair: tuple[str, str], zh_text: str = "", en_text: str = "") -> None:
        n_art[0] += 1
        n = n_art[0]
        zh_h = L["art_zh"].format(zh=_zh_ordinal(n), n=n)
        head = f"{zh_h}{'' if zh_h.endswith('、') else ' '}{pair[0]}"
        if bi:
            head += f"  {L['art_en'].format(n=n)} {pair[1]}"
        sh.ensure(40)
        sh.y += 4
        sh.para(sh.left, head, w, 9.6, bold=True)
        if zh_text:
            sh.para(sh.left + 18, zh_text, w - 18, 9)
        if bi and en_text:
            sh.para(sh.left + 18, en_text, w - 18, 8.4)

    # Article 1: the goods.
    article(L["a_goods"])
    sh.y += 4
    opt = [c for c in cx.st["columns"] if c in ("brand", "origin", "manufacture_year",
                                                "hs_code")]
    sep_unit = cx.st.get("qty_mode") == "separate"
    keys = ["no", "description", "model", *opt, "quantity", *(["unit"] if sep_unit else []),
            "unit_price", "amount"]
    th = L["heads"]

    def head_of(k: str) -> str:
        zh, en = th[k]
        h = f"{zh}\n{en}" if bi else zh
        if k in ("unit_price", "amount"):
            h += f" ({cur})" if bi else f"（{cur}）"
        return h

    heads_t = {k: head_of(k) for k in keys}
    rows = [{k: cx.cell(k, it, i) for k in keys} for i, it in enumerate(cx.items)]
    tot_l = _two(cx, L["total"], "\n" if bi else " ").replace("\n", " ")
    total = {"description": tot_l, "amount": cx.money_total(f["total_amount"])}
    units = {it["unit"] for it in cx.items}
    if len(units) == 1:
        q = sum(it["quantity"] for it in cx.items)
        total["quantity"] = str(q) if sep_unit else cx.qty({"quantity": q, "unit": units.pop()})
    size = fit_size(sh, keys, [*rows, total], w, 8.2 if len(keys) <= 8 else 7.4)
    cols = _cols(sh, keys, heads_t, [*rows, total], w, size)
    sh.table(sh.left, cols, rows, ruled=cx.st["ruled"] or not bi, size=size,
             header_fill=cx.st["header_fill"], total_row=total)
    words_l = L["words"]
    sh.para(sh.left, f"{words_l[0]}{sep}{_zh_capital(f['total_amount'], cur)}", w, 9,
            bold=True)
    if bi and cx.st["numfmt"] != "space":
        words = fmt.amount_in_words(f["total_amount"], cur)
        if words_l[1] == "Say":
            words = words.removeprefix("SAY ")
        sh.para(sh.left, f"{words_l[1]}: {words}", w, 8.4)
    tt = f["trade_terms"]
    sh.para(sh.left, f"以上价格为{tt}价。" + (f"  The above prices are understood {tt}." if bi
                                          else ""), w, 8.6)
    # The other articles.
    sr = seller_role
    if cx.has("country_of_origin"):
        c = cx.country(f["country_of_origin"])
        cz = fmt.fmt_country(f["country_of_origin"], "zh")
        article(L["a_origin"], f"货物原产国为{cz}。" if not bi else f"{cz} {c}",
                f"The goods are of {c} origin." if bi and not c.startswith("Made") else c)
    pol, pod = f["port_of_loading"], f["port_of_discharge"]
    lsd = cx.date("latest_shipment_date")
    article(L["a_ship"],
            f"{sr[0]}应于{lsd}前将货物自{pol}装运至{pod}，允许分批装运和转运。",
            f"{sr[1].capitalize()} shall ship the goods from {pol} to {pod} not later than "
            f"{lsd}; partial shipments and transhipment allowed.")
    article(L["a_terms"], f"{tt}（《2020年国际贸易术语解释通则》）", f"{tt} (Incoterms 2020).")
    article(L["a_pay"], x.get("payment_terms", ""), "")
    article(L["a_pack"], f"出口标准包装，适合远洋运输；唛头由{sr[0]}确定。",
            f"Export standard packing suitable for ocean transport; marks at "
            f"{sr[1].removeprefix('the ')}'s option.")
    if x["insured_by_seller"]:
        article(L["a_ins"], f"由{sr[0]}按发票金额的110%投保一切险。",
                f"To be covered by {sr[1]} for 110% of the invoice value against All Risks.")
    else:
        br = buyer_role
        article(L["a_ins"], f"由{br[0]}自行投保。", f"To be covered by {br[1]}.")
    article(L["a_insp"], "货物装运前须经中国海关认可的检验机构实施装运前检验，"
            "并出具装运前检验证书。",
            "The goods shall undergo pre-shipment inspection by an agency recognised by the "
            "China Customs; the certificate forms part of the shipping documents.")
    article(L["a_claim"], "货物到港后九十天内，如发现质量、数量与合同不符，"
            "买方有权凭检验证明向卖方索赔。",
            "Within 90 days after arrival, the buyer may lodge claims against the seller "
            "for any discrepancy in quality or quantity, supported by an inspection report.")
    article(L["a_fm"], "因不可抗力导致不能履行合同的，受影响一方应及时通知对方，"
            "并在十五天内提供证明。",
            "The party affected by force majeure shall notify the other party promptly and "
            "provide evidence within 15 days.")
    article(L["a_disp"], "凡因本合同引起的争议，双方应友好协商解决；"
            "协商不成的，提交中国国际经济贸易仲裁委员会仲裁，仲裁裁决是终局的。",
            "Disputes arising from this Contract shall be settled through friendly "
            "negotiation, failing which they shall be submitted to CIETAC for arbitration; "
            "the award is final.")
    article(L["a_misc"], "本合同一式两份，双方各执一份，自双方签字盖章之日起生效。",
            "This Contract is made in two originals, one for each party, and comes into "
            "force upon signature and seal of both parties.")
    # The two seal / signature blocks side by side.
    sh.ensure(120)
    sh.y += 22
    y0 = sh.y
    half = w / 2
    order = [parties[0][0], parties[1][0]]
    seal_l = L["seal"]
    for i, who in enumerate(order):
        bx = sh.left + i * half
        p_zh, p_en, role = heads[who]
        cap = L["party_fmt"].format(p=p_zh, r=role[0]) + seal_l[0]
        sh.text(bx, y0, cap + sep, 9.5, bold=True)
        if bi:
            sh.text(bx, y0 + 11, f"{p_en} {seal_l[1]}", 8)
        for j, ln in enumerate(sh.wrap(f[who], half - 30, 8.6)[:2]):
            sh.text(bx, y0 + 25 + j * 10.5, ln, 8.6)
        sign_y = y0 + 62
        sh.text(bx, sign_y, _two(cx, L["sign"]) + sep, 8.4)
        sh.hline(bx + sh.width(_two(cx, L["sign"]) + sep, 8.4) + 2, bx + half - 30,
                 sign_y + 2, 0.4)
        if f.get("has_signature") and (who == "seller" or sh.rng.random() < 0.6):
            sh.signature(bx + sh.width(_two(cx, L["sign"]) + sep, 8.4) + 10, sign_y, 80, 20)
        sh.text(bx, sign_y + 18, _two(cx, L["date"]) + sep, 8.4)
        if who == "seller" and f.get("has_seal"):
            sh.seal(bx + half * 0.62, y0 + 30, 82, f["seller"].upper()[:26], "合同专用章")
    sh.y = y0 + 90


# --------------------------------------------------------------------------- invoice


def invoice_erp_ribbon(sh: Sheet, cx: Ctx) -> None:
    """ERP invoice: letterhead left, title right, address boxes, label-above-value ribbons."""
    f, L, x = cx.f, cx.st["u4_labels"], cx.x
    w = sh.right - sh.left
    cur = f["currency"]
    dec = fmt.money_decimals(cur)
    grey = HexColor("#efefef")
    # Letterhead left, title right.
    sh.y += 20
    y0 = sh.y
    for ln in sh.wrap(f["seller"], w * 0.58, 13, True):
        sh.text(sh.left, sh.y, ln, 13, bold=True, color=sh.accent)
        sh.y += 14
    for ln in sh.wrap(f["seller_address"], w * 0.55, 8):
        sh.text(sh.left, sh.y, ln, 8)
        sh.y += 9.5
    sh.text(sh.left, sh.y, x["web"], 7.5, color=HexColor("#555555"))
    sh.text(sh.right, y0 + 4, L["title"], 18, bold=True, align="right")
    sh.text(sh.right, y0 + 17, L["copy"], 7.5, align="right", color=HexColor("#555555"))
    sh.y = max(sh.y, y0 + 24) + 10
    # Invoice address | delivery address.
    half = (w - 10) / 2
    bill = [f["buyer"], f["buyer_address"]]
    ship = [L["same"]] if cx.st["u4_ship_same"] else bill

    def lines_h(lines: list[str]) -> float:
        return sum(_cell_h(sh, ln, half - 12, 9) for ln in lines) * 11 + 22

    h = max(lines_h(bill), lines_h(ship), 58)
    yb = sh.y
    for i, (lab, lines) in enumerate(((L["bill_to"], bill), (L["ship_to"], ship))):
        bx = sh.left + i * (half + 10)
        sh.rect(bx, yb, half, h, lw=0.6)
        sh.rect(bx, yb, half, 11, lw=0.6, fill=grey)
        sh.text(bx + 4, yb + 8.2, lab, 7, bold=True)
        yy = yb + 13
        for j, raw in enumerate(lines):
            for ln in sh.wrap(raw, half - 12, 9, j == 0 and lines is bill):
                yy += 11
                sh.text(bx + 6, yy, ln, 9, bold=j == 0 and lines is bill)
    sh.y = yb + h + 8
    # The ribbons.
    page = f"1/{sh.total_pages}" if sh.total_pages else "1"
    _ribbon(sh, [(L["doc"], L["doc_val"], 1.2), (L["no"], f["document_number"], 1.6),
                 (L["date"], cx.date("document_date"), 1.3), (L["cust"], x["customer_code"], 1.1),
                 (L["page"], page, 0.6)], bold_first=True, fill=grey)
    order = f.get("contract_number", "")
    _ribbon(sh, [(L["order"], order, 1.5), (L["terms"], f["trade_terms"], 1.4),
                 (L["payment"], x.get("payment_terms", ""), 2.0), (L["currency"], cur, 0.7)],
            fill=grey)
    strip = [(L["pol"], f["port_of_loading"], 1.2), (L["pod"], f["port_of_discharge"], 1.2),
             (L["vessel"], x.get("vessel", ""), 1.4)]
    if cx.has("country_of_origin"):
        strip.append((L["origin"], cx.country(f["country_of_origin"]), 1.0))
    _ribbon(sh, strip, fill=grey)
    sh.y += 10
    # The lines.
    sub = cx.st["u4_sublines"]
    cols_in = cx.st["columns"]
    under = [c for c in ("hs_code", "origin") if c in cols_in] if sub else []
    opt = [c for c in cols_in if c in ("brand", "serial_number", "manufacture_year", "hs_code",
                                       "origin") and c not in under]
    joined = cx.st["u4_qty_joined"]
    keys = ["pos", "model", "description", *opt, *(["quantity"] if joined else
                                                   ["quantity", "unit"]), "unit_price",
            "amount"]
    heads = {"pos": L["pos"], "model": L["code"], "description": L["desc"], "brand": L["brand"],
             "serial_number": L["serial"], "manufacture_year": L["year"], "hs_code": L["hs"],
             "origin": L["origin_col"], "quantity": L["qty_um"] if joined else L["qty"],
             "unit": L["um"], "unit_price": f"{L['price']} {cur}",
             "amount": f"{L['amount']} {cur}"}
    rows = []
    for i, it in enumerate(cx.items):
        desc = it.get("description", "")
        if under:
            parts = {"hs": cx.cell("hs_code", it, i) if "hs_code" in under else "",
                     "o": cx.cell("origin", it, i) if "origin" in under else ""}
            if len(under) == 2:
                desc += "\n" + L["sub_fmt"].format(hs_l=L["hs"], hs=parts["hs"],
                                                   o_l=L["origin_col"], o=parts["o"])
            elif parts["hs"]:
                desc += f"\n{L['hs']} {parts['hs']}"
            else:
                desc += f"\n{L['origin_col']}: {parts['o']}"
        r = {k: cx.cell(k, it, i) for k in opt}
        r.update({"pos": str((i + 1) * 10), "model": it.get("model", ""), "description": desc,
                  "quantity": cx.qty(it) if joined else str(it["quantity"]),
                  "unit": cx.unit(it["unit"], it["quantity"]),
                  "unit_price": _num(cx, it["unit_price"], dec),
                  "amount": _num(cx, it["amount"], dec)})
        rows.append(r)
    size = fit_size(sh, keys, rows, w, 8.0 if len(keys) <= 8 else 7.3)
    cols = _cols(sh, keys, heads, rows, w, size)
    sh.table(sh.left, cols, rows, ruled=cx.st["ruled"], size=size,
             header_fill=cx.st["header_fill"])
    # Totals at right.
    sh.ensure(110)
    sh.y += 6
    tw = w * 0.44
    tx = sh.right - tw
    cif = f["trade_terms"][:3] in ("CIF", "CFR", "CIP", "CPT")
    zero = _num(cx, 0, dec)
    lines = [(L["net"], _num(cx, f["total_amount"], dec)),
             (L["freight"], "incl." if cif else zero), (L["vat"], zero)]
    for lab, val in lines:
        sh.y += 12
        sh.text(tx, sh.y, lab, 8.5)
        sh.text(sh.right, sh.y, val, 8.5, align="right")
    sh.y += 5
    sh.hline(tx, sh.right, sh.y, 0.8)
    sh.y += 13
    sh.text(tx, sh.y, f"{L['total']} {cur}", 10, bold=True)
    sh.text(sh.right, sh.y, _num(cx, f["total_amount"], dec), 10, bold=True, align="right")
    sh.hline(tx, sh.right, sh.y + 4, 0.6)
    sh.hline(tx, sh.right, sh.y + 6, 0.6)
    sh.y += 16
    sh.para(sh.left, cx.st["u4_vat_note"], w, 7.8)
    if x.get("signature"):
        sh.ensure(40)
        sh.signature(sh.left + 10, sh.y + 26, 90, 20)
        sh.y += 32
    # Footer: three columns of company data at the bottom of the last page.
    sh.ensure(48)
    sh.y = max(sh.y + 10, sh.bottom - 40)
    sh.hline(sh.left, sh.right, sh.y, 0.5, color=sh.accent)
    cw = w / 3
    blocks = [[L["office"], f["seller"], f["seller_address"]],
              [L["bank"], *x["bank"]], [L["tax_id"], x["tax_id"], x["web"]]]
    for i, blk in enumerate(blocks):
        yy = sh.y + 8
        for j, raw in enumerate(blk):
            for ln in sh.wrap(raw, cw - 8, 6.3)[:2]:
                sh.text(sh.left + i * cw, yy, ln, 6.3, bold=j == 0, color=HexColor("#333333"))
                yy += 7.5
    sh.y += 40


# --------------------------------------------------------------------------- packing list


def pl_package_blocks(sh: Sheet, cx: Ctx) -> None:
    """One framed block per package run, then a summary table."""
    f, L, x = cx.f, cx.st["u4_labels"], cx.x
    w = sh.right - sh.left
    total_pk = f["total_packages"]
    # Title left, references right.
    sh.y += 24
    sh.text(sh.left, sh.y, L["title"], 17, bold=True, color=sh.accent)
    refs = [(L["no"], f["document_number"]), (L["date"], cx.date("document_date")),
            (L["invoice"], f["invoice_number"])]
    if cx.has("contract_number"):
        refs.append((L["contract"], f["contract_number"]))
    kw = max(sh.width(k + ":", 8.3) for k, _ in refs) + 6
    vw = max(sh.width(v, 8.8, True) for _, v in refs) + 2
    kx = sh.right - kw - vw
    ry = sh.y - 10
    for i, (k, v) in enumerate(refs):
        sh.text(kx, ry, k + ":", 8.3)
        sh.text(kx + kw, ry, v, 8.8, bold=i == 0)
        ry += 11
    sh.y = max(sh.y + 8, ry)
    sh.hline(sh.left, sh.right, sh.y, 1.0, color=sh.accent)
    sh.y += 4
    # Shipper | consignee, labels above the values, no boxes.
    half = w / 2
    y0 = sh.y
    ends = []
    for i, (lab, name, addr) in enumerate(((L["shipper"], f["seller"], f["seller_address"]),
                                           (L["consignee"], f["buyer"], f["buyer_address"]))):
        sh.y = y0 + 11
        bx = sh.left + i * half
        sh.text(bx, sh.y, lab.upper(), 6.8, color=HexColor("#555555"))
        for ln in sh.wrap(name, half - 14, 9.5, True):
            sh.y += 11.5
            sh.text(bx, sh.y, ln, 9.5, bold=True)
        for ln in sh.wrap(addr, half - 14, 8.5):
            sh.y += 10.5
            sh.text(bx, sh.y, ln, 8.5)
        ends.append(sh.y)
    sh.y = max(ends) + 8
    marks = f"{L['marks']}: {x.get('marks', 'N/M')}"
    if x.get("containers"):
        marks += f"     {L['containers']}: {', '.join(x['containers'])}"
    sh.para(sh.left, marks, w, 8.3)
    sh.y += 8
    kind = (x.get("packing") or "").replace("IN ", "").replace("ON ", "").title()
    dims = x.get("u4_dims", {})
    fill = HexColor("#e9edf2") if cx.st["u4_fill"] else None
    k = 1
    lw_l = max(sh.width(L[t] + ":", 7.8) for t in ("contents", "model", "qty", "serial")) + 6
    lw_r = max(sh.width(L[t] + ":", 7.8) for t in ("dims", "nw", "gw", "vol", "kind")) + 6
    colw = (w - 16) / 2
    for it in cx.items:
        p = max(int(it["packages"]), 1)
        run = str(k) if p == 1 else f"{k}-{k + p - 1}"
        word = L["pkg"] if p == 1 else L["pkg_many"]
        head = f"{word} {run} {L['of']} {total_pk}"
        left = [(L["contents"], it.get("description", "")), (L["model"], it.get("model", "")),
                (L["qty"], cx.qty(it))]
        if it.get("serial_number"):
            left.append((L["serial"], it["serial_number"]))

        def wt(v: float, p: int = p) -> str:
            s = cx.weight(v)
            if cx.st["u4_each"] and p > 1:
                s += " (" + L["each"].format(n=p, w=cx.weight(v / p, "kg_dec")) + ")"
            return s

        right = []
        if kind:
            right.append((L["kind"], kind))
        if it.get("model", "") in dims:
            right.append((L["dims"], dims[it["model"]]))
        right += [(L["nw"], wt(it["net_weight_kg"])), (L["gw"], wt(it["gross_weight_kg"]))]
        if "volume_cbm" in it:
            right.append((L["vol"], cx.volume(it["volume_cbm"])))

        def col_lines(pairs: list[tuple[str, str]], lw: float) -> list[tuple[str, list[str]]]:
            return [(lab, sh.wrap(val, colw - lw - 4, 8.4)) for lab, val in pairs]

        ll, rl = col_lines(left, lw_l), col_lines(right, lw_r)
        n = max(sum(len(v) for _, v in ll), sum(len(v) for _, v in rl))
        h = 16 + n * 10.8 + 8
        sh.ensure(h + 4)
        top = sh.y
        sh.rect(sh.left, top, w, h, lw=0.7)
        sh.rect(sh.left, top, w, 14, lw=0.7, fill=fill)
        sh.text(sh.left + 6, top + 10, head, 8.8, bold=True)
        for xx, lines, lw in ((sh.left + 6, ll, lw_l), (sh.left + 10 + colw, rl, lw_r)):
            yy = top + 14
            for lab, vals in lines:
                for j, v in enumerate(vals):
                    yy += 10.8
                    if j == 0:
                        sh.text(xx, yy, lab + ":", 7.8, color=HexColor("#444444"))
                    sh.text(xx + lw, yy, v, 8.4, bold=lab == L["model"])
        sh.vline(sh.left + 4 + colw, top + 14, top + h, 0.3)
        sh.y = top + h + 5
        k += p
    # The summary.
    sh.ensure(70)
    sh.y += 6
    sh.text(sh.left, sh.y + 8, L["summary"], 9.5, bold=True)
    sh.y += 12
    word = cx.st.get("pkg_word", "PACKAGES")
    cols = [Col("p", L["sum_pkgs"], w / 4, "center"), Col("n", L["sum_nw"], w / 4, "center"),
            Col("g", L["sum_gw"], w / 4, "center"), Col("v", L["sum_vol"], w / 4, "center")]
    row = {"p": f"{total_pk} {word}", "n": cx.weight(f["net_weight_kg"]),
           "g": cx.weight(f["gross_weight_kg"]), "v": cx.volume(f["volume_cbm"])}
    sh.table(sh.left, cols, [row], ruled=True, size=8.8, header_fill=cx.st["u4_fill"])
    sh.para(sh.left, f"({_words(total_pk)} {word} ONLY)", w, 8)
    sh.ensure(60)
    sh.y += 24
    xr = sh.right - 220
    sh.text(xr, sh.y, f"{L['sign']}:", 8.5)
    if sh.rng.random() < 0.6:
        sh.signature(xr + 20, sh.y + 26, 100, 20)
    sh.y += 32
    sh.hline(xr, sh.right, sh.y, 0.5)
    sh.y += 10
    for ln in sh.wrap(f["seller"], 220, 8)[:2]:
        sh.text(xr, sh.y, ln, 8)
        sh.y += 9


# --------------------------------------------------------------------------- bill of lading


def bl_port_to_port(sh: Sheet, cx: Ctx) -> None:
    """Port-to-port B/L: stacked party / routing boxes at left, carrier at right."""
    from .render import _container_fmt

    f, L, x = cx.f, cx.st["u4_labels"], cx.x
    w = sh.right - sh.left
    lw = w * 0.55
    rx, rw = sh.left + lw, w - lw
    dec = cx.st["u4_dec"]
    y0 = sh.y + 6

    def bh(lines: list[str], width: float, label: str, size: float = 8.5) -> float:
        n = sum(len(sh.wrap(ln, width - 8, size)) for ln in lines)
        return 6.5 * len(label.split("\n")) + 7 + n * size * 1.18 + 5

    def lab(s: str, width: float) -> str:
        return "\n".join(sh.wrap(s, width - 6, 6.5))

    # Left column of stacked boxes.
    left = [("shipper", [f["shipper"], x["shipper_address"]], 52),
            ("consignee", [f["consignee"], x["consignee_address"]], 52),
            ("notify", [f["notify_party"]], 40)]
    yy = y0
    for key, lines, mn in left:
        lb = lab(L[key], lw)
        h = max(bh(lines, lw, lb), mn)
        sh.box(sh.left, yy, lw, h, lb, lines)
        yy += h
    pairs = [((L["vessel"], f["vessel"]), (L["voyage"], f["voyage"])),
             ((L["pol"], f["port_of_loading"]), (L["pod"], f["port_of_discharge"]))]
    for (l1, v1), (l2, v2) in pairs:
        h = max(bh([v1], lw / 2, lab(l1, lw / 2)), bh([v2], lw / 2, lab(l2, lw / 2)), 26)
        sh.box(sh.left, yy, lw / 2, h, lab(l1, lw / 2), [v1])
        sh.box(sh.left + lw / 2, yy, lw / 2, h, lab(l2, lw / 2), [v2])
        yy += h
    left_end = yy
    # Right column: number, references, the carrier and the title, the agent, small print.
    sh.box(rx, y0, rw * 0.62, 30, L["no"], [f["document_number"]], bold=True, size=9.5)
    sh.box(rx + rw * 0.62, y0, rw * 0.38, 30, L["scac"], [x["scac"]])
    sref = x.get("invoice_no") or ""
    sh.box(rx, y0 + 30, rw / 2, 26, L["sref"], [sref])
    sh.box(rx + rw / 2, y0 + 30, rw / 2, 26, L["cref"], [x["booking_no"]])
    ty = y0 + 56
    sh.rect(rx, ty, rw, left_end - ty, lw=0.7)
    ty += 20
    for ln in sh.wrap(x["carrier"], rw - 14, 11, True)[:2]:
        sh.text(rx + 8, ty, ln, 11, bold=True, color=sh.accent)
        ty += 13
    sh.hline(rx + 8, rx + rw - 8, ty - 6, 1.2, color=sh.accent)
    ty += 8
    for ln in sh.wrap(L["title"], rw - 14, 10, True):
        sh.text(rx + 8, ty, ln, 10, bold=True)
        ty += 12
    ty += 4
    agent_lb = L["agent"]
    sh.text(rx + 8, ty, agent_lb, 6.5, color=sh.accent)
    sh.text(rx + 8, ty + 10, L["agent_val"], 8)
    ty += 22
    clause = ("RECEIVED by the Carrier from the Shipper in apparent good order and condition "
              "(unless otherwise noted herein) the total number or quantity of containers or "
              "other packages or units indicated below, to be carried subject to all the terms "
              "hereof from the Port of Loading to the Port of Discharge.")
    for ln in sh.wrap(clause, rw - 16, 5.8):
        if ty > left_end - 4:
            break
        sh.text(rx + 8, ty, ln, 5.8)
        ty += 6.8
    sh.y = left_end + 4
    # The particulars.
    sh.text(sh.W / 2, sh.y + 7, L["particulars"], 6.5, bold=True, align="center")
    sh.y += 10
    pk = f["total_packages"]
    many = cx.st.get("pkg_word", "PACKAGES")
    marks = [L["seal_fmt"].format(c=_container_fmt(sh, cx, c), s=s)
             for c, s in zip(f["container_numbers"], f["seal_numbers"], strict=False)]
    marks.append(x["container_type"])
    marks.append("N/M")
    desc = [f"{pk} {many}", L["stc"] + ":", *x["goods_lines"], "", x["freight"]]
    row = {"marks": "\n".join(marks), "desc": "\n".join(desc),
           "gw": f"{_num(cx, f['gross_weight_kg'], dec)} KGS",
           "meas": f"{_num(cx, f['volume_cbm'], 3)} CBM"}
    gw_w = max(sh.width(row["gw"], 8, True), sh.width(row["meas"], 8, True)) + 10
    gw_w = max(gw_w, w * 0.14)
    cols = [Col("marks", L["marks"], w * 0.27), Col("desc", L["pkgs_desc"], w * 0.73 - 2 * gw_w),
            Col("gw", L["gw"], gw_w, "right"), Col("meas", L["meas"], gw_w, "right")]
    rows = [row]
    room = int((sh.bottom - sh.y - 30) / 10) - 2
    if len(sh.wrap(row["desc"], cols[1].width - 6, 8)) > room:  # a long list: break it by line
        first = []
        for ln in desc:
            if len(sh.wrap("\n".join([*first, ln]), cols[1].width - 6, 8)) > room:
                break
            first.append(ln)
        row["desc"] = "\n".join(first)
        rows += [{"desc": ln} for ln in desc[len(first):] if ln]
    sh.table(sh.left, cols, rows, ruled=True, size=8)
    # Totals / freight / originals, then issue / on board / signature.
    sh.ensure(150)
    n_cont = len(f["container_numbers"])
    cont_w = "CONTAINER" if n_cont == 1 else "CONTAINERS"
    row1 = [(L["total"], [f"{_words(n_cont)} ({n_cont}) {cont_w} / "
                          f"{_words(pk)} ({pk}) {many} ONLY"], 0.5),
            (L["freight"], [x["payable"]], 0.25)]
    if not x["waybill"]:
        row1.append((L["originals"], [x["originals"]], 0.25))
    else:
        row1[1] = (L["freight"], [x["payable"]], 0.5)
    h1 = max(max(bh(v, w * fr, lab(lb, w * fr), 8) for lb, v, fr in row1), 30)
    xx = sh.left
    for lb, v, fr in row1:
        sh.box(xx, sh.y, w * fr, h1, lab(lb, w * fr), v, size=8)
        xx += w * fr
    sh.y += h1
    y2 = sh.y
    issue = f"{f['port_of_loading']}, {cx.date('document_date')}"
    sh.box(sh.left, y2, w * 0.3, 36, L["issue"], [issue], size=8.5)
    ob_w = w * 0.3
    sh.rect(sh.left + w * 0.3, y2, ob_w, 36, lw=0.7)
    sh.text(sh.left + w * 0.3 + 3, y2 + 7.5, L["onboard"], 6.5, color=sh.accent)
    sh.text(sh.left + w * 0.3 + 5, y2 + 19, f"{L['onboard_date']}: {cx.date('on_board_date')}",
            8.5)
    sh.text(sh.left + w * 0.3 + 5, y2 + 30, f["vessel"], 7.5)
    sx = sh.left + w * 0.6
    sh.rect(sx, y2, w * 0.4, 70, lw=0.7)
    for i, ln in enumerate(sh.wrap(f"{L['signed']} {x['carrier']}", w * 0.4 - 8, 6.8)[:2]):
        sh.text(sx + 3, y2 + 8 + i * 8, ln, 6.8, color=sh.accent)
    sh.signature(sx + 30, y2 + 52, 100, 20)
    sh.text(sx + 3, y2 + 66, "As Carrier" if sh.rng.random() < 0.5 else "As Agent", 6.5)
    small = ("1. The Carrier's liability is governed by the Hague-Visby Rules. 2. Weight, "
             "measure, marks, numbers, quality, contents and value as declared by the Shipper "
             "are unknown to the Carrier. 3. In accepting this document the Merchant expressly "
             "accepts and agrees to all its terms, whether printed, stamped or written. "
             "4. Delivery will be made to the Consignee or his authorised agent on production "
             "of reasonable proof of identity" + (" (no original required)." if x["waybill"]
                                                  else " against surrender of one original "
                                                  "bill of lading, the others to stand void."))
    sh.y = y2 + 45
    for ln in sh.wrap(small, w * 0.6 - 6, 5.6):
        sh.text(sh.left, sh.y, ln, 5.6)
        sh.y += 6.5
    sh.y = max(sh.y, y2 + 74)


# --------------------------------------------------------------------------- certificate


def cert_form_cards(sh: Sheet, cx: Ctx) -> None:
    """Certificate as an unruled two-column form (labels above values), goods as cards."""
    from .render import _CONCLUSION

    f, L = cx.f, cx.st["u4_labels"]
    w = sh.right - sh.left
    bi = cx.lang == "bi"
    grey = HexColor("#666666")

    def lab(key: str) -> str:
        zh, en = L[key]
        return f"{zh} {en}" if bi else zh

    sep = ": " if bi else "："
    # Head: the agency, a double rule, the title.
    sh.y += 24
    if cx.has("issuing_agency"):
        sh.text(sh.W / 2, sh.y, f["issuing_agency"], 13, bold=True, align="center",
                color=sh.accent)
    sh.y += 7
    sh.hline(sh.left, sh.right, sh.y, 1.4, color=sh.accent)
    sh.hline(sh.left, sh.right, sh.y + 2.5, 0.5, color=sh.accent)
    sh.y += 30
    sh.text(sh.W / 2, sh.y, L["title"], 18, bold=True, align="center")
    if bi:
        sh.y += 14
        sh.text(sh.W / 2, sh.y, L["title_en"], 9, bold=True, align="center")
    sh.y += 18
    top_line = (f"{lab('no')}{sep}{f['document_number']}      "
                f"{lab('issue')}{sep}{cx.date('document_date')}")
    sh.text(sh.right, sh.y, top_line, 9, align="right", bold=True)
    sh.y += 8
    sh.hline(sh.left, sh.right, sh.y, 0.5)
    sh.y += 4

    def field_block(x0: float, width: float, label: str, value: str) -> None:
        """Label (small, grey) above its value."""
        sh.ensure(28)
        sh.y += 10
        sh.text(x0, sh.y, label, 7.4, color=grey)
        for ln in sh.wrap(value, width - 6, 9.6):
            sh.y += 12
            sh.text(x0, sh.y, ln, 9.6)
        sh.y += 4

    left = [(lab("applicant"), f["applicant"]), (lab("consignor"), cx.x["consignor"]),
            (lab("contract"), f["contract_number"]), (lab("invoice"), f["invoice_number"])]
    right = []
    if cx.has("bl_number"):
        right.append((lab("bl"), f["bl_number"]))
    if cx.has("inspection_place"):
        right.append((lab("place"), f["inspection_place"]))
    right.append((lab("date"), cx.date("inspection_date")))
    half = w / 2
    y0 = sh.y
    for lb, v in left:
        field_block(sh.left, half - 10, lb, v)
    y1 = sh.y
    sh.y = y0
    for lb, v in right:
        field_block(sh.left + half, half, lb, v)
    sh.y = max(sh.y, y1)
    if cx.has("inspection_basis"):
        field_block(sh.left, w, lab("basis"), f["inspection_basis"])
    sh.y += 4
    # The goods, one card per item.
    sh.ensure(40)
    sh.y += 12
    sh.text(sh.left, sh.y, lab("goods"), 10.5, bold=True)
    sh.y += 5
    keys_l = L["keys"]
    ncol = cx.st["u4_cols"] if len(cx.items) <= 2 else 2
    order = [k for k in ("hs_code", "brand", "model", "quantity", "origin", "manufacture_year",
                         "serial_number", "hours_used") if k in cx.st["columns"]]
    for i, it in enumerate(cx.items):
        pairs = []
        for k in order:
            if k == "quantity":
                pairs.append((keys_l[k], cx.qty(it)))
            elif k in it:
                pairs.append((keys_l[k], cx.cell(k, it, i)))
        cw = (w - 12) / ncol
        kw = max(sh.width(k + "：", 8.4) for k, _ in pairs) + 4 if pairs else 40
        cells = [(k, sh.wrap(v, cw - kw - 6, 8.8)) for k, v in pairs]
        rows_h = []
        for r in range(0, len(cells), ncol):
            rows_h.append(max(len(c[1]) for c in cells[r:r + ncol]) * 11)
        h = 18 + sum(rows_h) + 8
        sh.ensure(h + 6)
        sh.y += 5
        top = sh.y
        sh.rect(sh.left, top, w, h, lw=0.6)
        head = L["item"].format(n=i + 1) + "  " + it.get("description", "")
        sh.text(sh.left + 6, top + 12, head, 9.4, bold=True)
        sh.hline(sh.left + 4, sh.right - 4, top + 16, 0.3)
        yy = top + 16
        for r, rh in zip(range(0, len(cells), ncol), rows_h, strict=True):
            for j, (k, vals) in enumerate(cells[r:r + ncol]):
                xx = sh.left + 6 + j * cw
                sh.text(xx, yy + 11, k + "：", 8.4, color=grey)
                for m, v in enumerate(vals):
                    sh.text(xx + kw, yy + 11 + m * 11, v, 8.8)
            yy += rh
        sh.y = top + h
    # Conclusion, boxed; the validity as an expiry.
    concl = sh.rng.choice(_CONCLUSION[f["conclusion"]])
    if bi:
        concl += (" The goods conform to the mandatory requirements of the national technical "
                  "regulations of China." if f["conclusion"] == "conforming" else
                  " The goods do not conform to the mandatory requirements.")
    lines = sh.wrap(concl, w - 16, 9.4)
    h = 20 + len(lines) * 12 + 4
    sh.ensure(h + 30)
    sh.y += 10
    sh.rect(sh.left, sh.y, w, h, lw=0.9)
    sh.text(sh.left + 6, sh.y + 13, lab("conclusion"), 9.5, bold=True)
    for i, ln in enumerate(lines):
        sh.text(sh.left + 8, sh.y + 27 + i * 12, ln, 9.4)
    sh.y += h + 6
    a, b = cx.date("document_date"), cx.date("valid_until")
    sh.para(sh.left, L["valid"].format(a=a, b=b), w, 9.8, bold=True)
    if bi:
        sh.para(sh.left, L["valid_en"].format(b=b), w, 8.6)
    # Signatory left, agency and seal right.
    sh.ensure(72)
    sh.y += 22
    y0 = sh.y
    if cx.has("authorized_signatory"):
        sh.text(sh.left, y0, f"{lab('signatory')}{sep}{f['authorized_signatory']}", 9.5)
    if f.get("has_signature"):
        sh.signature(sh.left + 30, y0 + 34, 90, 20)
    sh.hline(sh.left, sh.left + 190, y0 + 38, 0.4)
    ax = sh.left + w * 0.55
    sh.text(ax, y0, f"{lab('agency')}{L['seal_cap']}", 9.5)
    if cx.has("issuing_agency"):
        for i, ln in enumerate(sh.wrap(f["issuing_agency"], w * 0.45, 9.5)[:2]):
            sh.text(ax, y0 + 16 + i * 11, ln, 9.5)
    sh.text(ax, y0 + 44, a, 9)
    if f.get("has_seal"):
        sh.seal(ax + w * 0.2, y0 + 22, 92, f.get("issuing_agency", ""), "检验专用章")
    sh.y = y0 + 62
    sh.para(sh.left, L["note"], w, 7.8)


# --------------------------------------------------------------------------- used cars


def asl_commitment(sh: Sheet, cx: Ctx) -> None:
    """After-sales service commitment: letterhead, key block, vehicle and outlet tables."""
    f, L, x = cx.f, cx.st["u4_labels"], cx.x
    w = sh.right - sh.left
    zh = cx.lang == "zh"
    sep = "：" if zh else ": "
    # Letterhead: the maker.
    sh.y += 24
    sh.text(sh.left, sh.y, f["manufacturer"], 15, bold=True, color=sh.accent)
    sh.y += 12
    sh.text(sh.left, sh.y, ("电话" if zh else "Tel") + sep + x["tel"], 8)
    sh.y += 6
    sh.hline(sh.left, sh.right, sh.y, 1.6, color=sh.accent)
    sh.y += 30
    title = L["title_zh"] if zh else L["title_en"]
    sh.text(sh.W / 2, sh.y, title, 17 if zh else 13.5, bold=True, align="center")
    sh.y += 10
    keys = [(L["ref_zh"] if zh else L["ref_en"], f["document_number"]),
            (L["date_zh"] if zh else L["date_en"], cx.date("document_date"))]
    if cx.st["u4_key_right"]:
        kw = max(sh.width(k + sep, 9) for k, _ in keys) + 2
        vw = max(sh.width(v, 9.5) for _, v in keys) + 2
        kx = sh.right - kw - vw
        for k, v in keys:
            sh.y += 13
            sh.text(kx, sh.y, k + sep, 9)
            sh.text(kx + kw, sh.y, v, 9.5)
    else:
        sh.y += 14
        sh.text(sh.left, sh.y, keys[0][0] + sep + keys[0][1], 9.5)
        sh.text(sh.right, sh.y, keys[1][0] + sep + keys[1][1], 9.5, align="right")
    sh.y += 10
    sh.para(sh.left, (L["to_zh"] if zh else L["to_en"]).format(e=x["exporter"]), w, 10.5,
            bold=True)
    sh.y += 4
    country = ""
    if cx.has("export_country"):
        country = fmt.fmt_country(f["export_country"], "zh" if zh else "title")
    if zh:
        after = f"在出口至{country}后，" if country else "在出口后，"
        body = (f"    我公司（{f['manufacturer']}）郑重承诺：对下列由我公司生产的"
                f"{f['brand']}品牌车辆，{after}由我公司授权的售后服务网点提供"
                "维修保养、技术支持及原厂零配件供应服务。")
    else:
        body = (f"We, {f['manufacturer']}, hereby undertake that for the {f['brand']} vehicle "
                f"listed below{f', exported to {country},' if country else ', once exported,'}"
                " maintenance, technical support and genuine spare parts will be provided "
                "through our authorised service outlets.")
    sh.para(sh.left, body, w, 10, leading=15)
    sh.y += 8
    heads = dict(L["heads_zh"] if zh else L["heads_en"])
    keys_t = ["no", "brand", "model", "vin", *(["country"] if country else [])]
    row = {"no": "1", "brand": f["brand"], "model": f["model"], "vin": f["vin"],
           "country": country}
    cols = _cols(sh, keys_t, heads, [row], w, 9, flex="vin")
    sh.table(sh.left, cols, [row], ruled=True, size=9, header_fill=cx.st["header_fill"])
    if cx.has("service_outlets"):
        sh.y += 8
        oh = dict(L["outlets_zh"] if zh else L["outlets_en"])
        orows = [{"no": str(i), "name": o} for i, o in enumerate(f["service_outlets"], 1)]
        ocols = [Col("no", oh["no"], w * 0.1, "center"), Col("name", oh["name"], w * 0.9)]
        sh.table(sh.left, ocols, orows, ruled=True, size=9, header_fill=cx.st["header_fill"])
    sh.y += 6
    points = (["一、提供定期保养及故障维修服务；", "二、保证原厂零配件的供应不少于五年；",
               "三、为当地维修人员提供技术培训和技术资料。", "特此承诺。"] if zh else
              ["1. Scheduled maintenance and repair service;",
               "2. Supply of genuine spare parts for at least five years;",
               "3. Technical training and documentation for local technicians.",
               "Yours faithfully,"])
    for p in points:
        sh.para(sh.left + (0 if p in ("特此承诺。", "Yours faithfully,") else 14), p, w - 14,
                9.8, leading=14)
    # Signature block with the seal over the maker's name.
    sh.ensure(110)
    sh.y += 34
    sx = sh.right - 240
    cap = (L["sign_zh"] + L["seal_zh"]) if zh else L["sign_en"]
    sh.text(sx, sh.y, cap + sep, 10)
    for i, ln in enumerate(sh.wrap(f["manufacturer"], 238, 10)[:2]):
        sh.text(sx, sh.y + 16 + i * 12, ln, 10)
    sh.text(sx, sh.y + 46, cx.date("document_date"), 10)
    if f.get("has_seal"):
        sh.seal(sx + 130, sh.y + 22, 100, x["seal_name"], "")
    sh.y += 70


RENDERERS = {
    "contract_cn_articles": contract_cn_articles,
    "invoice_erp_ribbon": invoice_erp_ribbon,
    "pl_package_blocks": pl_package_blocks,
    "bl_port_to_port": bl_port_to_port,
    "cert_form_cards": cert_form_cards,
    "asl_commitment": asl_commitment,
}
