"""Fifth group of unseen layout families: drawn for measuring generalisation, never for tuning.

Never look at these families' misses to tune ``docproc/extract.py`` or its label lists; they
stand for real documents from issuers nobody on the team has seen (the first four groups, in
:mod:`unseen`, :mod:`unseen2`, :mod:`unseen3` and :mod:`unseen4`, have been looked at). Each
family prints the same truth as the other families of its document type (the builders of
:mod:`documents`), but with its own structure and its own label wordings (synonyms real
issuers use), all chosen here in :func:`unseen5_style` and stored in the document's style.

- ``contract_terms_table``: the whole contract as one ruled two-column table "Clause |
  Terms" ("条款 | 内容" over the English in the bilingual variant): the vendor and the
  purchaser with their addresses in the first rows (the contract reference and date there
  too, or on a line above the table), the goods as a small table nested in the "Goods" row
  (or in a full-width row under a spanning caption), value, price basis, ports, time of
  shipment, payment and the boilerplate clauses as further rows, the signatures below.
- ``invoice_cn_export``: an exporter's bilingual commercial invoice in the style of Chinese
  trading houses (出口商业发票): the Chinese labels first when the exporter is Chinese
  ("发票号 Invoice No.", "抬头人 Messrs." …), the English first with the Chinese under it
  when a foreign exporter sells into China; letterhead centred, a "Messrs." box beside a
  ruled key grid, a "From … To … By …" routing line, a goods table whose headings are two
  lines (one language over the other) with the shipping marks in the first column and the
  price basis over the price columns, the total in words ("SAY TOTAL US DOLLARS … ONLY", and
  in Chinese capitals for a Chinese exporter) and the exporter's bank and signature.
- ``pl_cn_zhuangxiang``: a bilingual 装箱单 / packing list laid out as a filled-in form:
  title at right over the letterhead at left, the references on underlined blanks, a ruled
  table with two-line headings (case numbers, goods, model, quantity, packages, net and
  gross weight per line, optionally serial numbers and measurement), a totals row and the
  totals again in words ("共计…件 / SAY … PACKAGES ONLY").
- ``bl_express_landscape``: an express (telex-release / no-original) bill of lading on a
  landscape page: carrier and title across the top, shipper | consignee | notify party side
  by side, one strip of routing boxes (receipt, loading, vessel and voyage in one box,
  discharge, delivery), the particulars with one row per container (container, seal, type)
  and the packages, goods, weight and measurement on the first, "NUMBER OF ORIGINAL B/L:
  ZERO", a release stamp and the issue / on-board / signature boxes.
- ``cert_continuation_sheet``: a Chinese pre-shipment inspection certificate as a printed
  form filled in on underlined blanks, page 1 holding the header fields, the conclusion, the
  validity and the red seal over the agency, and referring the goods to a continuation sheet
  ("详见续页" / "See continuation sheet"): page 2 repeats the number and lists the goods as a
  transposed table (one column per item, the attributes as rows), "以下空白" below.
- ``ela_online_print``: a used-car export licence application printed from the ministry's
  web portal: the browser's print header (print time, page title) and footer (URL, page
  n/m), the portal banner, grey section bands and a label / value grid of small cells
  (labels shaded, two pairs a row), a status line and the applicant's seal on the print-out.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from reportlab.lib.colors import HexColor

from . import fmt
from .render import Ctx
from .sheet import Col, Sheet, fit_size, weighted_cols
from .shipment import Shipment
from .unseen3 import _grid, _num, _pick, _words
from .unseen4 import _BANKS, _cap_int, _tel, _zh_capital

# --------------------------------------------------------------------------- label wordings

_CTT = {
    "title": ["SALES CONTRACT", "CONTRACT OF SALE", "AGREEMENT OF SALE", "SALE CONTRACT",
              "MACHINERY SALES CONTRACT", "SALES AGREEMENT"],
    "title_zh": ["销售合同", "买卖合同", "售货合同", "设备销售合同"],
    "h_clause": [("Clause", "条款"), ("Item", "项目"), ("Particulars", "事项"),
                 ("Subject", "条款")],
    "h_terms": [("Terms", "内容"), ("Terms and Conditions", "条款内容"), ("Details", "具体内容"),
                ("Agreed Terms", "约定内容")],
    "no": [("Contract Ref.", "合同编号"), ("Contract No.", "合同号"), ("Our Ref.", "编号"),
           ("Agreement No.", "合同编号"), ("Reference", "合同编号")],
    "date": [("Date of Contract", "签约日期"), ("Contract Date", "合同日期"),
             ("Made on", "签订日期"), ("Dated", "日期")],
    "seller": [("The Vendor", "卖方"), ("The Seller", "卖方"), ("Vendor", "供方"),
               ("The Sellers", "卖方")],
    "buyer": [("The Purchaser", "买方"), ("The Buyer", "买方"), ("Purchaser", "需方"),
              ("The Buyers", "买方")],
    "goods": [("Goods", "货物"), ("Description of Goods", "货物描述"),
              ("Commodity and Specification", "品名及规格"), ("Subject Matter", "合同标的")],
    "value": [("Contract Value", "合同总值"), ("Total Contract Price", "合同总价"),
              ("Total Value", "总金额"), ("Contract Price", "合同价格")],
    "basis": [("Price Basis", "价格条件"), ("Terms of Delivery", "交货条件"),
              ("Delivery Term", "贸易术语"), ("Incoterm", "价格术语")],
    "basis_fmt": ["{t} (Incoterms 2020)", "{t}, Incoterms® 2020", "{t}"],
    "origin": [("Country of Origin", "原产国"), ("Origin", "产地"), ("Origin of Goods", "原产地")],
    "pol": [("Port of Shipment", "装运港"), ("Port of Loading", "装货港"),
            ("Loading Port", "起运港")],
    "pod": [("Port of Destination", "目的港"), ("Port of Discharge", "卸货港"),
            ("Destination", "到达港")],
    "lsd": [("Time of Shipment", "装运期"), ("Shipment Date", "装运期限"),
            ("Latest Date of Shipment", "最迟装运日")],
    "lsd_fmt": ["Not later than {d}", "On or before {d}", "Latest {d}",
                "Not later than {d}, partial shipments allowed"],
    "pay": [("Payment", "付款条件"), ("Terms of Payment", "付款方式"),
            ("Payment Terms", "支付方式")],
    "packing": [("Packing", "包装"), ("Packing and Marking", "包装及唛头")],
    "insp": [("Inspection", "检验"), ("Pre-shipment Inspection", "装运前检验")],
    "cond": [("Condition of Goods", "货物状况"), ("Warranty", "质量保证"),
             ("Quality", "质量")],
    "fm": [("Force Majeure", "不可抗力")],
    "arb": [("Arbitration", "仲裁"), ("Disputes", "争议解决"),
            ("Governing Law and Arbitration", "适用法律及仲裁")],
    "entire": [("Entire Agreement", "完整协议"), ("Effectiveness", "生效"),
               ("Miscellaneous", "其他")],
    "sign_fmt": ["For and on behalf of {r}", "Signed for {r}", "{r}", "For {r}"],
    "sign_line": ["Authorised signatory", "Name / Title / Signature", "Signature", "Signed by"],
    "gh": [{"no": "No.", "description": "Description", "model": "Model", "brand": "Make",
            "origin": "Origin", "manufacture_year": "Year", "hs_code": "HS Code",
            "quantity": "Qty", "unit": "Unit", "unit_price": "Unit Price", "amount": "Amount"},
           {"no": "Item", "description": "Machine", "model": "Type / Model",
            "brand": "Manufacturer", "origin": "Country of Origin",
            "manufacture_year": "Year of Mfg.", "hs_code": "H.S. Code", "quantity": "Quantity",
            "unit": "UoM", "unit_price": "Price", "amount": "Total"},
           {"no": "#", "description": "Equipment", "model": "Model No.", "brand": "Brand",
            "origin": "Made in", "manufacture_year": "Built", "hs_code": "Tariff No.",
            "quantity": "Qty.", "unit": "Unit", "unit_price": "Unit Value",
            "amount": "Line Value"}],
    "total": ["Total", "TOTAL", "Total Value", "Grand Total"],
    "numbering": ["{n}.", "{n}", "Clause {n}", "({n})", ""],
}
_CNI = {
    "title": [("出口商业发票", "COMMERCIAL INVOICE"), ("商业发票", "COMMERCIAL INVOICE"),
              ("发票", "INVOICE"), ("出口发票", "EXPORT INVOICE")],
    "no": [("发票号", "Invoice No."), ("发票号码", "Invoice No."), ("发票编号", "Inv. No.")],
    "date": [("日期", "Date"), ("开票日期", "Invoice Date"), ("发票日期", "Date of Invoice")],
    "messrs": [("抬头人", "Messrs."), ("致", "To Messrs."), ("买方", "Buyer"),
               ("售予", "Sold to")],
    "contract": [("合同号", "Contract No."), ("合约号", "S/C No."),
                 ("销售确认书号", "Sales Confirmation No."), ("订单号", "Order No.")],
    "pay": [("付款条件", "Terms of Payment"), ("支付方式", "Payment"),
            ("结算方式", "Payment Terms")],
    "from": [("自", "From"), ("装运港", "From"), ("起运港", "Shipped from")],
    "to": [("至", "To"), ("目的港", "To"), ("运往", "Destination")],
    "by": [("运输方式", "By"), ("船名", "Per S.S."), ("运输工具", "Shipped per")],
    "by_fmt": ["SEA / {v}", "{v}", "VESSEL {v}", "OCEAN FREIGHT ({v})"],
    "terms": [("价格条款", "Price Terms"), ("贸易术语", "Trade Terms"),
              ("成交方式", "Terms of Delivery")],
    "origin": [("原产国", "Country of Origin"), ("原产地", "Origin"),
               ("原产地国别", "Country of Origin")],
    "marks": [("唛头", "Marks & Nos."), ("唛头及编号", "Shipping Marks"), ("标记唛码", "Marks")],
    "heads": [{"marks": None, "no": ("序号", "No."), "description": ("货物名称", "Description"),
               "model": ("规格型号", "Model"), "brand": ("品牌", "Brand"),
               "hs_code": ("商品编码", "HS Code"), "origin": ("原产国", "Origin"),
               "serial_number": ("机身号", "Serial No."),
               "manufacture_year": ("生产年份", "Year"), "quantity": ("数量", "Quantity"),
               "unit_price": ("单价", "Unit Price"), "amount": ("金额", "Amount")},
              {"marks": None, "no": ("项次", "No."),
               "description": ("品名及规格", "Description of Goods"),
               "model": ("型号", "Type"), "brand": ("厂牌", "Make"),
               "hs_code": ("海关编码", "H.S. Code"), "origin": ("产地", "Made in"),
               "serial_number": ("出厂编号", "Machine No."),
               "manufacture_year": ("出厂年份", "Year of Manufacture"),
               "quantity": ("数量", "Q'ty"), "unit_price": ("单价", "Price"),
               "amount": ("总价", "Total Value")},
              {"marks": None, "no": ("编号", "No."), "description": ("货名", "Commodity"),
               "model": ("型号规格", "Model/Spec."), "brand": ("制造商", "Manufacturer"),
               "hs_code": ("HS编码", "HS Code"), "origin": ("原产地", "Country of Origin"),
               "serial_number": ("序列号", "S/N"),
               "manufacture_year": ("制造年份", "Year Built"), "quantity": ("数量", "Qty"),
               "unit_price": ("单价", "Unit Value"), "amount": ("金额", "Value")}],
    "total": [("合计", "TOTAL"), ("总计", "TOTAL AMOUNT"), ("合计金额", "GRAND TOTAL")],
    "say_zh": ["大写金额", "合计（大写）", "总金额大写"],
    "say_fmt": ["SAY TOTAL", "SAY", "TOTAL AMOUNT IN WORDS: SAY"],
    "bank": [("开户银行", "Bank"), ("收款银行", "Beneficiary's Bank"),
             ("银行资料", "Bank Details")],
    "acct": [("账号", "A/C No."), ("银行账号", "Account No.")],
    "exporter": [("出口商", "Exporter"), ("卖方", "Seller"), ("出口单位", "Exporter")],
    "sign": [("出口商签字", "Exporter's Signature"), ("签字", "Signature"),
             ("授权签字", "Authorized Signature")],
    "decl": ["WE HEREBY CERTIFY THAT THE ABOVE PARTICULARS ARE TRUE AND CORRECT.",
             "WE CERTIFY THAT THIS INVOICE IS TRUE AND CORRECT.",
             "THE GOODS ARE SOLD IN USED CONDITION, AS IS WHERE IS."],
}
_ZXD = {
    "title": [("装箱单", "PACKING LIST"), ("装箱单", "PACKING LIST / WEIGHT NOTE"),
              ("装箱清单", "PACKING LIST"), ("装箱单/重量单", "PACKING & WEIGHT LIST")],
    "no": [("编号", "No."), ("装箱单号", "P/L No."), ("单号", "Ref. No.")],
    "date": [("日期", "Date"), ("出单日期", "Issue Date"), ("制单日期", "Date")],
    "invoice": [("发票号", "Invoice No."), ("发票号码", "Invoice No."), ("商业发票号", "Inv. No.")],
    "contract": [("合同号", "Contract No."), ("合约号", "S/C No."), ("订单号", "Order No.")],
    "to": [("致", "To"), ("收货人", "Consignee"), ("买方", "Buyer"), ("抬头", "Messrs.")],
    "marks": [("唛头", "Shipping Marks"), ("标记", "Marks"), ("唛头及号码", "Marks & Nos.")],
    "packing": [("包装", "Packing"), ("包装方式", "Kind of Packing"), ("包装种类", "Packing")],
    "heads": [{"case": ("箱号", "Case No."), "description": ("货物名称", "Description"),
               "model": ("型号", "Model"), "serial_number": ("机号", "Serial No."),
               "quantity": ("数量", "Quantity"), "packages": ("件数", "Pkgs"),
               "net_weight_kg": ("净重", "N.W."), "gross_weight_kg": ("毛重", "G.W."),
               "volume_cbm": ("体积", "Meas.")},
              {"case": ("件号", "Package Nos."), "description": ("品名", "Commodity"),
               "model": ("规格型号", "Type"), "serial_number": ("出厂编号", "Machine No."),
               "quantity": ("数量", "Qty"), "packages": ("包装件数", "No. of Pkgs"),
               "net_weight_kg": ("净重", "Net Weight"), "gross_weight_kg": ("毛重", "Gross Weight"),
               "volume_cbm": ("尺码", "Measurement")},
              {"case": ("唛号", "Case Nos."), "description": ("货名", "Goods"),
               "model": ("型号规格", "Model/Spec."), "serial_number": ("序列号", "S/N"),
               "quantity": ("数量", "Q'ty"), "packages": ("箱数", "Cases"),
               "net_weight_kg": ("净重", "N.W."), "gross_weight_kg": ("毛重", "G.W."),
               "volume_cbm": ("体积", "Volume")}],
    "total": [("合计", "TOTAL"), ("总计", "TOTAL"), ("合计", "GRAND TOTAL")],
    "t_pkgs": [("总件数", "Total Packages"), ("合计件数", "Total Number of Packages"),
               ("件数合计", "Packages")],
    "t_nw": [("总净重", "Total N.W."), ("净重合计", "Total Net Weight")],
    "t_gw": [("总毛重", "Total G.W."), ("毛重合计", "Total Gross Weight")],
    "t_vol": [("总体积", "Total Meas."), ("总尺码", "Total Measurement")],
    "pk_zh": ["共计{c}件", "{c}件整", "合计{c}件"],
    "pk_en": ["SAY {w} ({n}) {p} ONLY", "SAY TOTAL {w} {p} ONLY", "{w} ({n}) {p} ONLY"],
    "containers": [("集装箱号", "Container No."), ("箱号/封号", "Container"),
                   ("装柜", "Stuffed in")],
    "sign": [("出口商", "Exporter"), ("制单", "Prepared by"), ("卖方", "Seller")],
}
_EXB = {
    "title": ["EXPRESS BILL OF LADING", "EXPRESS B/L (NON-NEGOTIABLE)",
              "BILL OF LADING - EXPRESS RELEASE", "NON-NEGOTIABLE EXPRESS BILL OF LADING"],
    "stamp": ["EXPRESS RELEASE", "TELEX RELEASED", "SURRENDERED", "NO ORIGINAL REQUIRED"],
    "no": ["B/L No.", "Bill of Lading No.", "B/L Number", "Document No."],
    "bkg": ["Booking No.", "Booking Ref.", "Carrier's Ref."],
    "exp_ref": ["Export References", "Shipper's Ref.", "Invoice Ref."],
    "shipper": ["Shipper", "Shipper/Exporter", "Shipper (Name and Full Address)"],
    "consignee": ["Consignee", "Consignee (Name and Full Address)", "Consigned to"],
    "notify": ["Notify Party", "Notify Party (Name and Full Address)", "Also Notify"],
    "receipt": ["Place of Receipt", "Receipt", "Place of Receipt by Pre-carrier"],
    "pol": ["Port of Loading", "Loading Port", "Port of Lading"],
    "vv": ["Ocean Vessel / Voy. No.", "Vessel / Voyage", "Vessel and Voyage No.",
           "Intended Vessel / Voy."],
    "vv_fmt": ["{v} / {n}", "{v} V.{n}", "{v} {n}"],
    "pod": ["Port of Discharge", "Discharge Port", "Port of Discharging"],
    "delivery": ["Place of Delivery", "Final Destination", "Delivery"],
    "cntr": ["Container No.", "Container Number", "Cntr No."],
    "seal": ["Seal No.", "Seal", "Seal Number"],
    "type": ["Type", "Size/Type", "Cntr Type"],
    "marks": ["Marks & Nos.", "Marks and Numbers", "Shipping Marks"],
    "pkgs": ["No. of Pkgs", "Number of Packages", "Packages"],
    "desc": ["Description of Goods", "Kind of Packages; Description of Goods",
             "Description of Packages and Goods"],
    "gw": ["Gross Weight (KGS)", "Gross Weight", "G.W. (KG)"],
    "meas": ["Measurement (CBM)", "Measurement", "Meas. (M3)"],
    "stc": ["SAID TO CONTAIN:", "STC:", "SHIPPER'S LOAD, COUNT & SEAL, SAID TO CONTAIN:"],
    "total": ["TOTAL", "TOTAL:", "GRAND TOTAL"],
    "total_words": ["Total Number of Containers and/or Packages (in words)",
                    "Total Packages (in words)", "Say total"],
    "freight": ["Freight & Charges", "Freight and Charges", "Freight Terms"],
    "payable": ["Freight Payable at", "Payable at", "Prepaid / Collect at"],
    "originals": ["Number of Original B(s)/L", "No. of Original B/L", "Original B/L issued"],
    "originals_val": ["ZERO (0)", "0 (ZERO)", "NIL - EXPRESS RELEASE", "NONE"],
    "issue": ["Place and Date of Issue", "Place / Date of Issue", "Issued at / on"],
    "onboard": ["Shipped on Board Date", "Laden on Board", "On Board Date"],
    "signed": ["Signed as Carrier by", "As Agent for the Carrier", "For the Carrier",
               "Signed on behalf of the Carrier"],
}
_CCS = {
    "title": ["装运前检验证书", "进口旧机电产品装运前检验证书", "旧机电产品装运前检验证书"],
    "title_en": ["PRE-SHIPMENT INSPECTION CERTIFICATE",
                 "CERTIFICATE OF PRE-SHIPMENT INSPECTION",
                 "PRE-SHIPMENT INSPECTION CERTIFICATE FOR USED MACHINERY"],
    "no": [("证书编号", "Certificate No."), ("编号", "No."), ("证书号", "Cert. No.")],
    "issue": [("签证日期", "Date of Issue"), ("出证日期", "Issue Date"), ("发证日期", "Date")],
    "applicant": [("申请人", "Applicant"), ("收货人", "Consignee"), ("委托人", "Client")],
    "consignor": [("发货人", "Consignor"), ("出口商", "Exporter"), ("供货商", "Supplier")],
    "contract": [("合同号", "Contract No."), ("合同编号", "Contract No."), ("合同", "Contract")],
    "invoice": [("发票号", "Invoice No."), ("发票编号", "Invoice No."), ("发票", "Invoice")],
    "bl": [("提单号", "B/L No."), ("提/运单号", "B/L No.")],
    "place": [("检验地点", "Place of Inspection"), ("施检地点", "Inspection Site"),
              ("检验场所", "Inspected at")],
    "date": [("检验日期", "Date of Inspection"), ("施检日期", "Inspected on"),
             ("检验时间", "Inspection Date")],
    "basis": [("检验依据", "Inspection Basis"), ("依据", "Basis"),
              ("检验依据及标准", "Standards Applied")],
    "goods": [("货物", "Goods"), ("检验货物", "Goods Inspected"), ("品名及数量", "Goods")],
    "goods_ref": [("详见续页（共{n}项）", "See continuation sheet ({n} items)"),
                  ("见附页，共{n}项", "As per continuation sheet, {n} item(s)"),
                  ("共{n}项，明细见续页", "{n} item(s), details on the continuation sheet")],
    "result": [("检验结果", "Result of Inspection"), ("检验结论", "Conclusion"),
               ("评定", "Assessment")],
    "valid": ["本证书有效期至{b}。", "有效期：{a}至{b}", "本证书自签发之日起至{b}有效。"],
    "valid_en": ["Valid until {b}.", "Validity: {a} to {b}.",
                 "This certificate is valid until {b}."],
    "signatory": [("授权签字人", "Authorized Signatory"), ("签字", "Signature"),
                  ("检验员", "Inspector")],
    "agency": [("签证机构", "Issuing Body"), ("检验机构", "Inspection Body")],
    "seal_cap": ["（印章）", "（盖章）", "（签证印章）"],
    "cont": [("续页", "CONTINUATION SHEET"), ("附页", "ANNEX"),
             ("货物明细（续页）", "LIST OF GOODS")],
    "page_fmt": ["第{p}页 共{n}页", "共{n}页 第{p}页", "Page {p}/{n}"],
    "item_head": ["第{n}项", "货物{n}", "{n}"],
    "attr_head": ["项目", "序号", "检验项目"],
    "rows": [{"description": "货物名称", "hs_code": "HS编码", "brand": "品牌", "model": "型号",
              "quantity": "数量", "origin": "原产地", "manufacture_year": "制造年份",
              "serial_number": "出厂编号", "hours_used": "已使用小时数"},
             {"description": "品名", "hs_code": "商品编码", "brand": "制造商",
              "model": "规格型号", "quantity": "数/重量", "origin": "原产国（地区）",
              "manufacture_year": "出厂年份", "serial_number": "机身号",
              "hours_used": "使用时间（小时）"},
             {"description": "名称", "hs_code": "海关编码", "brand": "厂牌", "model": "型号规格",
              "quantity": "数量及单位", "origin": "产地", "manufacture_year": "生产年份",
              "serial_number": "序列号", "hours_used": "工作小时数"}],
    "blank": ["以下空白", "（以下空白）", "*** 以下空白 ***"],
}
_CCS_EN = {"description": "Description", "hs_code": "HS Code", "brand": "Make",
           "model": "Model", "quantity": "Quantity", "origin": "Origin",
           "manufacture_year": "Year", "serial_number": "Serial No.",
           "hours_used": "Hours Used"}
_ELA = {
    "portal": ["商务部业务系统统一平台", "商务部业务系统统一平台 — 企业端",
               "中华人民共和国商务部 业务系统统一平台"],
    "system": ["出口许可证申领系统", "两用物项和技术进出口许可证管理系统 / 出口许可证申领",
               "二手车出口许可证申请"],
    "page_title": ["出口许可证申请表 - 打印", "申请表打印", "出口许可证申请详情"],
    "host": ["ecomp.mofcom.gov.cn", "licence.mofcom.gov.cn", "ecomp.mofcom.gov.cn/pub"],
    "path": ["/loginCorp.html#/xkz/apply/print?id={id}", "/xkz/sqb/view.do?sqbh={no}",
             "/licence/apply/detail?applyId={id}&print=1"],
    "no": ["申请表编号", "申请编号", "申请表号"],
    "date": ["申请日期", "提交日期", "申报日期"],
    "status": ["申请状态", "状态", "办理状态"],
    "status_val": ["已提交", "待审核", "审核中", "已受理"],
    "sections": [("申请基本信息", "车辆信息", "申请单位信息"),
                 ("一、申请信息", "二、出口车辆信息", "三、申请企业信息"),
                 ("基本信息", "商品（车辆）信息", "企业信息")],
    "applicant": ["申请单位", "出口商", "申请企业名称"],
    "consignor": ["发货人", "发货单位", "收发货人"],
    "country": ["进口国（地区）", "目的国（地区）", "进口国家/地区"],
    "trade": ["贸易方式", "贸易类型"],
    "contract": ["合同号", "合同编号"],
    "port": ["报关口岸", "出口口岸", "报关地"],
    "pay": ["付款方式", "结算方式"],
    "transport": ["运输方式", "运输方式", "运输方式（代码）"],
    "goods": ["商品名称", "商品名称及编码"],
    "vin": ["车辆识别代号（VIN）", "VIN码", "车架号/VIN"],
    "brand": ["品牌", "车辆品牌", "中文品牌"],
    "model": ["车辆型号", "型号", "车型"],
    "reg": ["注册登记日期", "初次登记日期", "注册日期"],
    "tr": ["转移登记日期", "转入登记日期", "过户登记日期"],
    "value": ["总值", "货值", "合同金额"],
    "qty": ["数量", "申请数量"],
    "contact": ["联系人", "经办人"],
    "tel": ["联系电话", "电话"],
    "promise": ["本企业承诺所填报内容真实、准确，并承担相应法律责任。",
                "申请企业承诺：以上信息真实有效，与《机动车登记证书》一致。",
                "以上申报信息真实无误，如有不实，本企业愿承担一切法律责任。"],
    "seal": ["申请单位（盖章）", "企业印章", "申请企业签章"],
}

_DIAL = {"CN": "86", "JP": "81", "DE": "49", "KR": "82", "US": "1", "IT": "39", "GB": "44",
         "FR": "33", "NL": "31", "BE": "32", "SE": "46"}
_CONTACTS = ["张磊", "王芳", "李娜", "赵强", "陈晨", "刘畅", "杨洋", "周杰"]


def unseen5_style(s: Shipment, family: str, fields: dict[str, Any],
                  items: list[dict[str, Any]], style: dict[str, Any],
                  extra: dict[str, Any]) -> None:
    """Settle the family's own label wordings and formatting choices in ``style``/``extra``."""
    rng = random.Random(f"unseen5-{family}-{style['render_seed']}")
    # Page-foot notes naming another firm's bank or VAT number do not fit these issuers.
    style["footer"] = [n for n in style.get("footer", []) if "Bank" not in n and "VAT" not in n]
    if family == "contract_terms_table":
        style["u5_labels"] = _pick(rng, _CTT)
        style["u5_refs_in_table"] = rng.random() < 0.6
        style["u5_goods_span"] = rng.random() < 0.4
        style["u5_fill"] = rng.random() < 0.55
        style["u5_label_w"] = rng.choice([0.24, 0.27, 0.3])
        extra["tel_seller"] = _tel(rng, _DIAL.get(s.seller.country, "1"))
        extra["insured_by_seller"] = s.incoterm == "CIF"
        extra["seller_name_zh"] = s.seller.name_zh
        extra["used_car"] = s.used_car
    elif family == "invoice_cn_export":
        style["u5_labels"] = _pick(rng, _CNI)
        style["u5_cn_first"] = s.seller.country == "CN"
        style["u5_stacked"] = rng.random() < 0.5
        style["u5_route_boxes"] = rng.random() < 0.5
        style["u5_terms_head"] = rng.random() < 0.5
        style["u5_no_col"] = rng.random() < 0.5
        extra["seller_name_zh"] = s.seller.name_zh
        extra["tel"] = _tel(rng, _DIAL.get(s.seller.country, "1"))
        bank, bic = _BANKS.get(s.seller.country, _BANKS["US"])
        extra["bank"] = (bank, f"{rng.randint(10**11, 10**12 - 1)}", bic)
    elif family == "pl_cn_zhuangxiang":
        style["u5_labels"] = _pick(rng, _ZXD)
        style["u5_cn_first"] = s.seller.country == "CN" or rng.random() < 0.3
        style["u5_model_first"] = rng.random() < 0.35
        style["u5_kg_head"] = rng.choice(["(千克/KGS)", "(KGS)", "(kg)"])
        extra["seller_name_zh"] = s.seller.name_zh
        extra["tel"] = _tel(rng, _DIAL.get(s.seller.country, "1"))
    elif family == "bl_express_landscape":
        style["u5_labels"] = _pick(rng, _EXB)
        style["orientation"] = "landscape"
        if style["numfmt"] in ("eu", "space"):  # carriers print "63.440 CBM", never "63,440"
            style["numfmt"] = "en"
        style["u5_dec"] = rng.choice([3, 2, 2])
        extra["booking_no"] = f"{rng.choice(['', 'BK', s.carrier['prefix'][:3]])}" \
                              f"{rng.randint(10**8, 10**9 - 1)}"
        extra["payable"] = (s.port_of_loading if s.incoterm in ("CIF", "CFR")
                            else s.port_of_discharge)
    elif family == "cert_continuation_sheet":
        style["u5_labels"] = _pick(rng, _CCS)
        style["u5_per_block"] = rng.choice([2, 3, 3])
    elif family == "ela_online_print":
        style["u5_labels"] = _pick(rng, _ELA)
        style["font"] = "WQY"
        style["page_numbers"] = "none"  # the browser numbers the printed pages
        d = date.fromisoformat(fields["document_date"])
        printed = d + timedelta(days=rng.randint(0, 6))
        extra["print_time"] = (f"{printed.year}/{printed.month}/{printed.day} "
                               f"{rng.randint(8, 18)}:{rng.randint(0, 59):02d}")
        extra["apply_id"] = f"{rng.randint(10**15, 10**16 - 1)}"
        extra["contact"] = rng.choice(_CONTACTS)
        extra["tel"] = f"{rng.choice(['138', '139', '186', '135'])}{rng.randint(10**7, 10**8 - 1)}"
        extra["hs"] = rng.choice(["8703239000", "8703229000", "8703409000", "8703600000"])
        extra["consignor_same"] = rng.random() < 0.7


# --------------------------------------------------------------------------- helpers


_W = {"no": 0.55, "marks": 1.15, "description": 2.6, "model": 1.25, "brand": 1.05,
      "hs_code": 1.2, "origin": 0.95, "manufacture_year": 0.7, "serial_number": 1.4,
      "quantity": 0.85, "unit": 0.6, "unit_price": 1.25, "amount": 1.35, "case": 0.75,
      "packages": 0.6, "net_weight_kg": 0.95, "gross_weight_kg": 0.95, "volume_cbm": 0.8}
_RIGHT = {"unit_price", "amount", "net_weight_kg", "gross_weight_kg", "volume_cbm"}
_CENTER = {"no", "quantity", "unit", "manufacture_year", "case", "packages"}
_GREY = HexColor("#e8e8e8")


def _cols(sh: Sheet, keys: list[str], heads: dict[str, str], rows: list[dict[str, str]],
          width: float, size: float, flex: str = "description") -> list[Col]:
    return weighted_cols(sh, keys, heads, rows, width, size, _W, _RIGHT, _CENTER, flex)


def _pkg_word(cx: Ctx, n: int) -> str:
    """The style's package word, singular for one package ("1 PACKAGE")."""
    word = cx.st.get("pkg_word", "PACKAGES")
    return word.removesuffix("S") if n == 1 else word


def _pair(pair: tuple[str, str], zh_first: bool, sep: str = " ") -> str:
    zh, en = pair
    return f"{zh}{sep}{en}" if zh_first else f"{en}{sep}{zh}"


def _underlined(sh: Sheet, x: float, width: float, label: str, value: str, *,
                size: float = 9.2, label_size: float = 8.4, bold: bool = False,
                label_w: float | None = None) -> None:
    """A printed form's blank: the label, then the value typed on an underline."""
    lw = label_w if label_w is not None else sh.width(label, label_size) + 6
    lines = sh.wrap(value, width - lw - 2, size, bold) or [""]
    sh.ensure(len(lines) * (size + 5) + 6)
    for i, ln in enumerate(lines):
        sh.y += size + 5
        if i == 0:
            sh.text(x, sh.y, label, label_size)
        sh.text(x + lw + 2, sh.y, ln, size, bold=bold)
        sh.hline(x + lw, x + width, sh.y + 2.5, 0.4)
    sh.y += 2


# --------------------------------------------------------------------------- contract


def contract_terms_table(sh: Sheet, cx: Ctx) -> None:
    """The whole contract as a ruled two-column "Clause | Terms" table."""
    f, L, x = cx.f, cx.st["u5_labels"], cx.x
    w = sh.right - sh.left
    bi = cx.lang == "bi"
    cur = f["currency"]
    lw = w * cx.st["u5_label_w"]
    rx, rw = sh.left + lw, w - lw
    fill = _GREY if cx.st["u5_fill"] else None
    num = [0]

    def cap(pair: tuple[str, str], numbered: bool = True) -> str:
        en, zh = pair
        n = ""
        if numbered and L["numbering"]:
            num[0] += 1
            n = L["numbering"].format(n=num[0]) + " "
        return f"{n}{zh}\n{en}" if bi else f"{n}{en}"

    role_s = L["seller"][0].removeprefix("The ")
    role_b = L["buyer"][0].removeprefix("The ")
    # Title.
    sh.y += 26
    title = f"{L['title_zh']}  {L['title']}" if bi else L["title"]
    sh.text(sh.W / 2, sh.y, title, 17, bold=True, align="center")
    sh.y += 6
    if not cx.st["u5_refs_in_table"]:
        sh.y += 14
        refs = (f"{_pair(L['no'], False) if bi else L['no'][0]}: {f['document_number']}        "
                f"{_pair(L['date'], False) if bi else L['date'][0]}: {cx.date('document_date')}")
        sh.text(sh.right, sh.y, refs, 9, align="right")
        sh.y += 6
    sh.y += 6

    def header() -> None:
        hc = _pair(L["h_clause"][::-1], True, "\n") if bi else L["h_clause"][0]
        ht = _pair(L["h_terms"][::-1], True, "\n") if bi else L["h_terms"][0]
        n = max(len(hc.split("\n")), len(ht.split("\n")))
        h = n * 11 + 6
        top = sh.y
        sh.rect(sh.left, top, w, h, lw=0.9, fill=HexColor("#d5d9e0") if fill else None)
        sh.vline(rx, top, top + h, 0.9)
        for i, ln in enumerate(hc.split("\n")):
            sh.text(sh.left + 4, top + 11 + i * 11, ln, 9, bold=True)
        for i, ln in enumerate(ht.split("\n")):
            sh.text(rx + 5, top + 11 + i * 11, ln, 9, bold=True)
        sh.y = top + h

    def row(caption: str, lines: list[str], *, bold_first: bool = False,
            size: float = 9) -> None:
        cap_lines = [ln2 for ln in caption.split("\n")
                     for ln2 in sh.wrap(ln, lw - 8, 8.6, True)]
        body: list[tuple[str, bool]] = []
        for i, raw in enumerate(lines):
            for ln in sh.wrap(raw, rw - 10, size, bold_first and i == 0):
                body.append((ln, bold_first and i == 0))
        lead = size * 1.3
        h = max(len(cap_lines) * 10.5, len(body) * lead) + 8
        if sh.y + h > sh.bottom:
            sh.new_page()
            sh.y += 10
            header()
        top = sh.y
        if fill is not None:
            sh.rect(sh.left, top, lw, h, lw=0, fill=fill)
        sh.rect(sh.left, top, w, h, lw=0.7)
        sh.vline(rx, top, top + h, 0.7)
        for i, ln in enumerate(cap_lines):
            sh.text(sh.left + 4, top + 11 + i * 10.5, ln, 8.6, bold=True)
        for i, (ln, b) in enumerate(body):
            sh.text(rx + 5, top + 11 + i * lead, ln, size, bold=b)
        sh.y = top + h

    header()
    if cx.st["u5_refs_in_table"]:
        row(cap(L["no"], False), [f["document_number"]], bold_first=True)
        row(cap(L["date"], False), [cx.date("document_date")])
    seller_lines = [f["seller"], f["seller_address"], f"Tel. {x['tel_seller']}"]
    if bi and x.get("seller_name_zh"):
        seller_lines.insert(1, x["seller_name_zh"])
    row(cap(L["seller"]), seller_lines, bold_first=True)
    row(cap(L["buyer"]), [f["buyer"], f["buyer_address"]], bold_first=True)
    # The goods: a small ruled table nested in the row (or in a spanning row).
    opt = [c for c in cx.st["columns"] if c in ("brand", "origin", "manufacture_year",
                                                "hs_code")]
    sep_unit = cx.st.get("qty_mode") == "separate"
    keys = ["no", "description", "model", *opt, "quantity", *(["unit"] if sep_unit else []),
            "unit_price", "amount"]
    gh = dict(L["gh"])
    gh["unit_price"] += f" ({cur})"
    gh["amount"] += f" ({cur})"
    rows = [{k: cx.cell(k, it, i) for k in keys} for i, it in enumerate(cx.items)]
    dec = fmt.money_decimals(cur)
    for r, it in zip(rows, cx.items, strict=True):
        if "unit_price" in it:
            r["unit_price"] = _num(cx, it["unit_price"], dec)
        if "amount" in it:
            r["amount"] = _num(cx, it["amount"], dec)
    total = {"description": L["total"], "amount": _num(cx, f["total_amount"], dec)}
    units = {it["unit"] for it in cx.items}
    if len(units) == 1:
        q = sum(it["quantity"] for it in cx.items)
        total["quantity"] = str(q) if sep_unit else cx.qty({"quantity": q, "unit": units.pop()})
    span = cx.st["u5_goods_span"]
    gw = (w if span else rw) - 10
    size = fit_size(sh, keys, [*rows, total], gw, 8.0 if len(keys) <= 8 else 7.2)
    cols = _cols(sh, keys, gh, [*rows, total], gw, size)
    gcap = cap(L["goods"])
    h_grid = _grid(sh, 0, cols, [*rows, total], size, draw=False)
    if span:
        row(gcap.replace("\n", " "), [])
        need = h_grid + 10
        if sh.y + need > sh.bottom:
            sh.new_page()
            sh.y += 10
        top = sh.y
        sh.y += 5
        _grid(sh, sh.left + 5, cols, [*rows, total], size, fill=fill, bold_last=True)
        sh.y = top + need
        sh.rect(sh.left, top, w, need, lw=0.7)
    else:
        n_cap = sum(len(sh.wrap(ln, lw - 8, 8.6, True)) for ln in gcap.split("\n"))
        need = max(h_grid + 10, n_cap * 10.5 + 8)
        if sh.y + need > sh.bottom:
            sh.new_page()
            sh.y += 10
            header()
        top = sh.y
        if fill is not None:
            sh.rect(sh.left, top, lw, need, lw=0, fill=fill)
        sh.rect(sh.left, top, w, need, lw=0.7)
        sh.vline(rx, top, top + need, 0.7)
        gcap_lines = [ln2 for ln in gcap.split("\n") for ln2 in sh.wrap(ln, lw - 8, 8.6, True)]
        for i, ln in enumerate(gcap_lines):
            sh.text(sh.left + 4, top + 11 + i * 10.5, ln, 8.6, bold=True)
        sh.y = top + 5
        _grid(sh, rx + 5, cols, [*rows, total], size, fill=fill, bold_last=True)
        sh.y = top + need
    # The value and the terms.
    value = [cx.money_total(f["total_amount"])]
    if cx.st["numfmt"] != "space":
        value.append(f"({fmt.amount_in_words(f['total_amount'], cur)})")
    row(cap(L["value"]), value, bold_first=True)
    row(cap(L["basis"]), [L["basis_fmt"].format(t=f["trade_terms"])])
    if cx.has("country_of_origin"):
        row(cap(L["origin"]), [cx.country(f["country_of_origin"])])
    row(cap(L["pol"]), [f["port_of_loading"]])
    row(cap(L["pod"]), [f["port_of_discharge"]])
    row(cap(L["lsd"]), [L["lsd_fmt"].format(d=cx.date("latest_shipment_date"))])
    row(cap(L["pay"]), [x.get("payment_terms", "")])
    if x.get("used_car"):
        row(cap(L["packing"]), ["The vehicle is shipped in a container, secured by wheel "
                                "chocks and lashings; no further packing."])
        row(cap(L["insp"]), [f"The {role_b} may inspect the vehicle at the {role_s}'s yard "
                             f"before loading. The {role_s} provides the vehicle registration "
                             "certificate and the export licence with the shipping "
                             "documents."])
        row(cap(L["cond"]), [f"Used vehicle, sold as inspected by the {role_b}; the "
                             f"{role_s} warrants clear title and that the vehicle is "
                             "roadworthy at the time of shipment."])
    else:
        row(cap(L["packing"]), ["Export packing suitable for ocean transport; machines "
                                "shipped unpacked where usual (nude, lashed on flat racks)."])
        row(cap(L["insp"]), [f"Pre-shipment inspection by an inspection body recognised by "
                             f"the General Administration of Customs of China, at the "
                             f"{role_s}'s premises before loading. The {role_s} shall give "
                             "free access to the goods."])
        row(cap(L["cond"]), [f"The goods are used and sold as inspected by the {role_b}; the "
                             f"{role_s} warrants that they are complete and in working order "
                             "at the time of shipment."])
    if x["insured_by_seller"]:
        row(cap(("Insurance", "保险")), [f"To be covered by the {role_s} for 110% of the "
                                         "invoice value against All Risks."])
    row(cap(L["fm"]), ["Neither party is liable for delay or non-performance caused by "
                       "events beyond its reasonable control, provided the other party is "
                       "notified within 14 days."])
    row(cap(L["arb"]), ["Any dispute shall be settled amicably; failing that, by arbitration "
                        "at the Singapore International Arbitration Centre under its rules. "
                        "The award is final and binding on both parties."])
    row(cap(L["entire"]), ["This Contract is made in two originals, one for each party, and "
                           "enters into force on signature by both parties."])
    # Signatures below the table.
    sh.ensure(120)
    sh.y += 26
    y0 = sh.y
    half = w / 2
    for i, (who, role) in enumerate((("seller", L["seller"]), ("buyer", L["buyer"]))):
        bx = sh.left + i * half
        role_t = f"the {role[0].removeprefix('The ')}"
        capt = L["sign_fmt"].format(r=role_t)
        capt = capt[0].upper() + capt[1:]
        if bi:
            capt = f"{role[1]}  {capt}"
        sh.text(bx, y0, capt, 9, bold=True)
        for j, ln in enumerate(sh.wrap(f[who], half - 30, 8.6)[:2]):
            sh.text(bx, y0 + 13 + j * 10.5, ln, 8.6)
        sign_y = y0 + 62
        sh.hline(bx, bx + half - 40, sign_y, 0.5)
        sh.text(bx, sign_y + 10, L["sign_line"], 7.5)
        if f.get("has_signature") and (who == "seller" or sh.rng.random() < 0.6):
            sh.signature(bx + 14, sign_y - 4, 90, 22)
        if who == "seller" and f.get("has_seal"):
            zh_name = x.get("seller_name_zh")
            sh.seal(bx + half * 0.6, y0 + 36, 80,
                    zh_name if zh_name else f["seller"].upper()[:26],
                    "合同专用章" if zh_name else "")
    sh.y = y0 + 80


# --------------------------------------------------------------------------- invoice


def invoice_cn_export(sh: Sheet, cx: Ctx) -> None:
    """Bilingual export invoice: "Messrs." box, key grid, From/To/By line, two-line heads."""
    f, L, x = cx.f, cx.st["u5_labels"], cx.x
    w = sh.right - sh.left
    cur = f["currency"]
    dec = fmt.money_decimals(cur)
    zf = cx.st["u5_cn_first"]
    stacked = cx.st["u5_stacked"]

    def lab(key: str, stack: bool = False) -> str:
        return _pair(L[key], zf, "\n" if stack else " ")

    # Letterhead, centred.
    sh.y += 24
    zh_name = x.get("seller_name_zh") if zf else None
    if zh_name:
        sh.text(sh.W / 2, sh.y, zh_name, 16, bold=True, align="center", color=sh.accent)
        sh.y += 15
        sh.text(sh.W / 2, sh.y, f["seller"], 11, bold=True, align="center")
    else:
        for ln in sh.wrap(f["seller"], w, 15, True):
            sh.text(sh.W / 2, sh.y, ln, 15, bold=True, align="center", color=sh.accent)
            sh.y += 16
        sh.y -= 16
    for ln in sh.wrap(f["seller_address"], w * 0.85, 8.2):
        sh.y += 10.5
        sh.text(sh.W / 2, sh.y, ln, 8.2, align="center")
    sh.y += 10.5
    sh.text(sh.W / 2, sh.y, f"TEL: {x['tel']}", 8, align="center")
    sh.y += 5
    sh.hline(sh.left, sh.right, sh.y, 1.3, color=sh.accent)
    sh.hline(sh.left, sh.right, sh.y + 2.2, 0.4, color=sh.accent)
    # Title: one language over the other.
    t_zh, t_en = L["title"]
    sh.y += 26
    first, second = (t_zh, t_en) if zf else (t_en, t_zh)
    sh.text(sh.W / 2, sh.y, first, 17 if zf else 15, bold=True, align="center")
    sh.y += 15
    sh.text(sh.W / 2, sh.y, second, 10.5 if zf else 11, bold=True, align="center")
    sh.y += 12
    # Messrs. box at left, a ruled key grid at right.
    y0 = sh.y
    bw = w * 0.52
    gx, gw_ = sh.left + bw + 8, w - bw - 8
    m_lab = lab("messrs") + ":"
    lines = [f["buyer"], f["buyer_address"]]
    body = [(ln, i == 0) for i, raw in enumerate(lines) for ln in sh.wrap(raw, bw - 12, 9,
                                                                           i == 0)]
    keys = [("no", f["document_number"]), ("date", cx.date("document_date"))]
    if cx.has("contract_number"):
        keys.append(("contract", f["contract_number"]))
    if x.get("payment_terms"):
        keys.append(("pay", x["payment_terms"]))
    klw = gw_ * 0.42
    cells = []
    for k, v in keys:
        kl = sh.wrap(lab(k, stacked), klw - 6, 7.6) if not stacked else [
            p for part in lab(k, True).split("\n") for p in sh.wrap(part, klw - 6, 7.6)]
        vl = sh.wrap(v, gw_ - klw - 6, 8.8, k == "no")
        cells.append((kl, vl, k == "no", max(len(kl) * 9.2, len(vl) * 10.8) + 6))
    grid_h = sum(c[3] for c in cells)
    box_h = max(14 + len(body) * 11.5 + 8, grid_h)
    sh.rect(sh.left, y0, bw, box_h, lw=0.7)
    sh.text(sh.left + 4, y0 + 10, m_lab, 7.8, bold=True)
    for i, (ln, b) in enumerate(body):
        sh.text(sh.left + 8, y0 + 23 + i * 11.5, ln, 9, bold=b)
    yy = y0
    scale = box_h / grid_h
    for kl, vl, b, h in cells:
        h *= scale
        sh.rect(gx, yy, klw, h, lw=0.6, fill=_GREY)
        sh.rect(gx + klw, yy, gw_ - klw, h, lw=0.6)
        for i, ln in enumerate(kl):
            sh.text(gx + 3, yy + 9.5 + i * 9.2, ln, 7.6)
        for i, ln in enumerate(vl):
            sh.text(gx + klw + 4, yy + 11 + i * 10.8, ln, 8.8, bold=b)
        yy += h
    sh.y = y0 + box_h + 8
    # From ... To ... By ..., then the terms and origin.
    vessel = x.get("vessel", "")
    route = [(lab("from"), f["port_of_loading"]), (lab("to"), f["port_of_discharge"])]
    if vessel:
        route.append((lab("by"), L["by_fmt"].format(v=vessel)))
    route2 = [(lab("terms"), f["trade_terms"])]
    if cx.has("country_of_origin"):
        route2.append((lab("origin"), cx.country(f["country_of_origin"])))
    if cx.st["u5_route_boxes"]:
        for strip in (route, route2):
            cw = w / len(strip)
            h = 28
            sh.ensure(h)
            for i, (k, v) in enumerate(strip):
                sh.rect(sh.left + i * cw, sh.y, cw, h, lw=0.6)
                sh.text(sh.left + i * cw + 3, sh.y + 8.5, k + ":", 7.2, color=HexColor("#444444"))
                sh.text(sh.left + i * cw + 6, sh.y + 21, sh.wrap(v, cw - 10, 8.8)[0], 8.8,
                        bold=True)
            sh.y += h
        sh.y += 6
    else:
        for strip in (route, route2):
            text = "    ".join(f"{k}: {v}" for k, v in strip)
            sh.para(sh.left, text, w, 8.8)
        sh.y += 6
    # The goods.
    cols_in = cx.st["columns"]
    opt = [c for c in ("brand", "hs_code", "origin", "serial_number", "manufacture_year")
           if c in cols_in]
    keys_t = ["marks", *(["no"] if cx.st["u5_no_col"] else []), "description", "model", *opt,
              "quantity", "unit_price", "amount"]
    H = L["heads"]
    heads = {}
    for k in keys_t:
        if k == "marks":
            heads[k] = _pair(L["marks"], zf, "\n")
        else:
            heads[k] = _pair(H[k], zf, "\n")
    price_tag = f"{f['trade_terms']} {cur}" if cx.st["u5_terms_head"] else cur
    heads["unit_price"] += f"\n({price_tag})"
    heads["amount"] += f"\n({price_tag})"
    rows = []
    for i, it in enumerate(cx.items):
        r = {k: cx.cell(k, it, i) for k in opt}
        r.update({"marks": (x.get("marks", "N/M") if i == 0 else ""), "no": str(i + 1),
                  "description": it.get("description", ""), "model": it.get("model", ""),
                  "quantity": cx.qty(it),
                  "unit_price": _num(cx, it["unit_price"], dec) if "unit_price" in it else "",
                  "amount": _num(cx, it["amount"], dec) if "amount" in it else ""})
        rows.append(r)
    total = {"description": _pair(L["total"], zf), "amount": cx.money_total(f["total_amount"])}
    units = {it["unit"] for it in cx.items}
    if len(units) == 1:
        total["quantity"] = cx.qty({"quantity": sum(it["quantity"] for it in cx.items),
                                    "unit": units.pop()})
    size = fit_size(sh, keys_t, [*rows, total], w, 8.0 if len(keys_t) <= 8 else 7.2)
    cols = _cols(sh, keys_t, heads, [*rows, total], w, size)
    sh.table(sh.left, cols, rows, ruled=True, size=size, header_fill=cx.st["header_fill"],
             total_row=total)
    # The total in words.
    words = fmt.amount_in_words(f["total_amount"], cur)
    say = L["say_fmt"]
    words_en = words if say == "SAY" else words.replace("SAY ", say + " ", 1)
    sh.ensure(40)
    if zf:
        sh.para(sh.left, f"{L['say_zh']}：{_zh_capital(f['total_amount'], cur)}", w, 9,
                bold=True)
    sh.para(sh.left, words_en, w, 8.8, bold=True)
    sh.y += 6
    sh.para(sh.left, L["decl"], w, 8)
    # Bank details at left, the exporter's signature at right.
    sh.ensure(100)
    sh.y += 14
    y0 = sh.y
    bank, acct, bic = x["bank"]
    bl = [f"{lab('bank')}: {bank}", f"{lab('acct')}: {acct}", f"SWIFT: {bic}"]
    for i, ln in enumerate(bl):
        for j, part in enumerate(sh.wrap(ln, w * 0.5, 8)):
            sh.text(sh.left, y0 + i * 11 + j * 10, part, 8)
    sx = sh.left + w * 0.56
    sh.text(sx, y0, lab("exporter") + ":", 8.5, bold=True)
    for i, ln in enumerate(sh.wrap(zh_name or f["seller"], w * 0.44, 8.8)[:2]):
        sh.text(sx, y0 + 13 + i * 10.5, ln, 8.8)
    if x.get("signature"):
        sh.signature(sx + 20, y0 + 58, 100, 22)
    sh.hline(sx, sh.right, y0 + 62, 0.5)
    sh.text(sx, y0 + 72, lab("sign"), 7.8)
    sh.y = y0 + 80


# --------------------------------------------------------------------------- packing list


def pl_cn_zhuangxiang(sh: Sheet, cx: Ctx) -> None:
    """装箱单: title right over letterhead left, underlined blanks, ruled weights table."""
    f, L, x = cx.f, cx.st["u5_labels"], cx.x
    w = sh.right - sh.left
    zf = cx.st["u5_cn_first"]
    nf = cx.st["numfmt"]

    def lab(key: str, sep: str = " ") -> str:
        return _pair(L[key], zf, sep)

    # Letterhead at left, the title at right.
    sh.y += 22
    y0 = sh.y
    zh_name = x.get("seller_name_zh")
    t_zh, t_en = L["title"]
    t_w = max(sh.width(t_zh if zf else t_en, 20 if zf else 16, True),
              sh.width(t_en if zf else t_zh, 10, True))
    lw_ = min(w * 0.62, w - t_w - 18)
    if zh_name:
        sh.text(sh.left, sh.y, zh_name, 13, bold=True, color=sh.accent)
        sh.y += 13
    for ln in sh.wrap(f["seller"], lw_, 11 if zh_name else 13, True):
        sh.text(sh.left, sh.y, ln, 11 if zh_name else 13, bold=True,
                color=sh.accent if not zh_name else HexColor("#000000"))
        sh.y += 13
    for ln in sh.wrap(f["seller_address"], lw_, 8):
        sh.text(sh.left, sh.y, ln, 8)
        sh.y += 9.5
    sh.text(sh.left, sh.y, f"Tel: {x['tel']}", 7.8)
    sh.text(sh.right, y0 + 6, t_zh if zf else t_en, 20 if zf else 16, bold=True,
            align="right")
    sh.text(sh.right, y0 + 22, t_en if zf else t_zh, 10, bold=True, align="right")
    sh.y = max(sh.y, y0 + 30) + 6
    sh.hline(sh.left, sh.right, sh.y, 1.0)
    sh.y += 4
    # Underlined blanks: consignee at left, references at right.
    half = w * 0.56
    ys = sh.y
    to_lab = lab("to") + ":"
    _underlined(sh, sh.left, half - 12, to_lab, f["buyer"], bold=True)
    _underlined(sh, sh.left, half - 12, "", f["buyer_address"],
                label_w=sh.width(to_lab, 8.4) + 6)
    y_left = sh.y
    sh.y = ys
    refs = [("no", f["document_number"]), ("date", cx.date("document_date")),
            ("invoice", f["invoice_number"])]
    if cx.has("contract_number"):
        refs.append(("contract", f["contract_number"]))
    rlw = max(sh.width(lab(k) + ":", 8.4) for k, _ in refs) + 6
    for k, v in refs:
        _underlined(sh, sh.left + half, w - half, lab(k) + ":", v, label_w=rlw,
                    bold=k == "no")
    sh.y = max(sh.y, y_left) + 6
    bits = [f"{lab('marks')}: {x.get('marks', 'N/M')}"]
    if x.get("packing"):
        bits.append(f"{lab('packing')}: {x['packing']}")
    sh.para(sh.left, "      ".join(bits), w, 8.6)
    sh.y += 6
    # The ruled table with the weights of each line.
    cols_in = cx.st["columns"]
    has_sn = "serial_number" in cols_in and any("serial_number" in it for it in cx.items)
    has_vol = "volume_cbm" in cols_in and all("volume_cbm" in it for it in cx.items)
    lead = ["model", "description"] if cx.st["u5_model_first"] else ["description", "model"]
    keys = ["case", *lead, *(["serial_number"] if has_sn else []), "quantity", "packages",
            "net_weight_kg", "gross_weight_kg", *(["volume_cbm"] if has_vol else [])]
    H = L["heads"]
    heads = {k: _pair(H[k], zf, "\n") for k in keys}
    kg = cx.st["u5_kg_head"]
    for k in ("net_weight_kg", "gross_weight_kg"):
        heads[k] += "\n" + kg
    if has_vol:
        heads["volume_cbm"] += "\n(m³)" if sh.family in ("DejaVu", "WQY") else "\n(CBM)"
    rows = []
    k0 = 1
    for it in cx.items:
        p = max(int(it.get("packages", 1)), 1)
        rows.append({
            "case": str(k0) if p == 1 else f"{k0}-{k0 + p - 1}",
            "description": it.get("description", ""), "model": it.get("model", ""),
            "serial_number": it.get("serial_number", ""), "quantity": cx.qty(it),
            "packages": str(it.get("packages", "")),
            "net_weight_kg": fmt.fmt_weight(it["net_weight_kg"], "bare", nf),
            "gross_weight_kg": fmt.fmt_weight(it["gross_weight_kg"], "bare", nf),
            "volume_cbm": fmt.fmt_number(it["volume_cbm"], 2, nf) if has_vol else ""})
        k0 += p
    total = {lead[0]: _pair(L["total"], zf), "packages": str(f["total_packages"]),
             "net_weight_kg": fmt.fmt_weight(f["net_weight_kg"], "bare", nf),
             "gross_weight_kg": fmt.fmt_weight(f["gross_weight_kg"], "bare", nf)}
    if has_vol:
        total["volume_cbm"] = fmt.fmt_number(f["volume_cbm"], 2, nf)
    flex = "description"
    size = fit_size(sh, keys, [*rows, total], w, 8.0 if len(keys) <= 8 else 7.3, flex)
    cols = _cols(sh, keys, heads, [*rows, total], w, size, flex)
    sh.table(sh.left, cols, rows, ruled=True, size=size, header_fill=cx.st["header_fill"],
             total_row=total)
    # The totals again, in words.
    n = f["total_packages"]
    word = _pkg_word(cx, n)
    pk_zh = L["pk_zh"].format(c=_cap_int(n))
    pk_en = L["pk_en"].format(w=_words(n), n=n, p=word)
    summary = [(lab("t_pkgs"), f"{n} {word}  ({pk_zh}) {pk_en}" if zf else
                f"{n} {word}  {pk_en} ({pk_zh})"),
               (lab("t_nw"), cx.weight(f["net_weight_kg"])),
               (lab("t_gw"), cx.weight(f["gross_weight_kg"])),
               (lab("t_vol"), cx.volume(f["volume_cbm"]))]
    sh.ensure(70)
    sh.y += 6
    slw = max(sh.width(k + ":", 8.8) for k, _ in summary) + 8
    for k, v in summary:
        sh.kv(sh.left, k, v, label_w=slw, width=w, size=8.8, bold_value=True)
    if x.get("containers"):
        sh.kv(sh.left, lab("containers"), ", ".join(x["containers"]), label_w=slw, width=w,
              size=8.8)
    # The exporter's signature at right.
    sh.ensure(70)
    sh.y += 20
    sx = sh.right - 210
    sh.text(sx, sh.y, lab("sign") + ":", 8.6, bold=True)
    for i, ln in enumerate(sh.wrap(zh_name or f["seller"], 210, 8.6)[:2]):
        sh.text(sx, sh.y + 13 + i * 10.5, ln, 8.6)
    if sh.rng.random() < 0.6:
        sh.signature(sx + 20, sh.y + 50, 90, 20)
    sh.hline(sx, sh.right, sh.y + 54, 0.5)
    sh.y += 64


# --------------------------------------------------------------------------- bill of lading


def bl_express_landscape(sh: Sheet, cx: Ctx) -> None:
    """Express B/L on a landscape page: parties across, routing strip, container rows."""
    from .render import _container_fmt

    f, L, x = cx.f, cx.st["u5_labels"], cx.x
    w = sh.right - sh.left
    dec = cx.st["u5_dec"]
    red = HexColor("#b3261e")
    # Top band: carrier at left, title in the middle, number / references at right.
    y0 = sh.y + 4
    band = 46
    sh.rect(sh.left, y0, w, band, lw=0.9)
    cw = w * 0.36
    for i, ln in enumerate(sh.wrap(x["carrier"], cw - 12, 11.5, True)[:2]):
        sh.text(sh.left + 6, y0 + 17 + i * 13, ln, 11.5, bold=True, color=sh.accent)
    tx = sh.left + cw
    tw = w * 0.34
    sh.vline(tx, y0, y0 + band, 0.6)
    tl = sh.wrap(L["title"], tw - 10, 12, True)
    for i, ln in enumerate(tl[:2]):
        sh.text(tx + tw / 2, y0 + 19 + i * 14 - (6 if len(tl) > 1 else 0), ln, 12, bold=True,
                align="center")
    nx = tx + tw
    nw = w - cw - tw
    sh.box(nx, y0, nw * 0.56, band / 2, L["no"], [f["document_number"]], bold=True, size=9)
    sh.box(nx + nw * 0.56, y0, nw * 0.44, band / 2, L["bkg"], [x["booking_no"]], size=8)
    sh.box(nx, y0 + band / 2, nw, band / 2, L["exp_ref"], [x.get("invoice_no") or ""],
           size=8)
    y = y0 + band
    # Shipper | consignee | notify party.
    third = w / 3
    parties = [(L["shipper"], [f["shipper"], x["shipper_address"]]),
               (L["consignee"], [f["consignee"], x["consignee_address"]]),
               (L["notify"], [f["notify_party"]])]
    ph = max(8.5 + 6 + sum(len(sh.wrap(v, third - 8, 8.2)) for v in lines) * 9.7 + 6
             for _, lines in parties)
    ph = max(ph, 50)
    for i, (lb, lines) in enumerate(parties):
        sh.box(sh.left + i * third, y, third, ph, lb, lines, size=8.2)
    y += ph
    # Routing strip.
    vv = L["vv_fmt"].format(v=f["vessel"], n=f["voyage"])
    strip = [(L["receipt"], x.get("place_of_receipt") or "", 0.9),
             (L["pol"], f["port_of_loading"], 1.0), (L["vv"], vv, 1.4),
             (L["pod"], f["port_of_discharge"], 1.0),
             (L["delivery"], f["port_of_discharge"] if sh.rng.random() < 0.5 else "", 0.9)]
    tot = sum(s[2] for s in strip)
    xx = sh.left
    sh_h = 27
    for lb, v, wt in strip:
        bw = w * wt / tot
        sh.box(xx, y, bw, sh_h, lb, [v], size=8.4)
        xx += bw
    y += sh_h + 2
    sh.y = y
    # The particulars, one row per container.
    pk = f["total_packages"]
    many = _pkg_word(cx, pk)
    gw = f"{_num(cx, f['gross_weight_kg'], dec)}"
    meas = f"{_num(cx, f['volume_cbm'], 3)}"
    if "KG" not in L["gw"]:
        gw += " KGS"
    if "CBM" not in L["meas"] and "M3" not in L["meas"]:
        meas += " CBM"
    desc = [L["stc"], *x["goods_lines"]]
    ctype = x["container_type"]
    rows = []
    for i, (c, s) in enumerate(zip(f["container_numbers"], f["seal_numbers"], strict=False)):
        r = {"cntr": _container_fmt(sh, cx, c), "seal": s, "type": ctype}
        if i == 0:
            r.update({"marks": x.get("marks", "N/M"), "pkgs": f"{pk} {many}",
                      "desc": "\n".join(desc), "gw": gw, "meas": meas})
        rows.append(r)
    if not rows:
        rows = [{"marks": "N/M", "pkgs": f"{pk} {many}", "desc": "\n".join(desc), "gw": gw,
                 "meas": meas}]
    cols = [Col("cntr", L["cntr"], w * 0.13), Col("seal", L["seal"], w * 0.09),
            Col("type", L["type"], w * 0.06, "center"), Col("marks", L["marks"], w * 0.08),
            Col("pkgs", L["pkgs"], w * 0.09, "center"), Col("desc", L["desc"], w * 0.35),
            Col("gw", L["gw"], w * 0.1, "right"), Col("meas", L["meas"], w * 0.1, "right")]
    total = {"cntr": L["total"], "pkgs": f"{pk} {many}", "gw": gw, "meas": meas}
    sh.table(sh.left, cols, rows, ruled=True, size=7.8, total_row=total)
    n_cont = len(f["container_numbers"])
    words = (f"{_words(n_cont)} ({n_cont}) {'CONTAINER' if n_cont == 1 else 'CONTAINERS'} "
             f"{'' if n_cont == 1 else 'CONTAINING '}{_words(pk)} ({pk}) {many} ONLY")
    sh.ensure(90)
    sh.text(sh.left, sh.y + 8, f"{L['total_words']}: {words}", 7.6, bold=True)
    sh.text(sh.right, sh.y + 8, x["freight"], 8.5, bold=True, align="right")
    sh.y += 13
    # The bottom row: freight, originals, issue, on board, signature and the stamp.
    y2 = sh.y
    bh = 38
    boxes = [(L["freight"], [x["freight"]], 0.15), (L["payable"], [x["payable"]], 0.13),
             (L["originals"], [L["originals_val"]], 0.14),
             (L["issue"], [f"{f['port_of_loading']}, {cx.date('document_date')}"], 0.18),
             (L["onboard"], [cx.date("on_board_date")], 0.12)]
    xx = sh.left
    for lb, v, fr in boxes:
        sh.box(xx, y2, w * fr, bh, lb, v, size=8.2)
        xx += w * fr
    sw = sh.right - xx
    sh.rect(xx, y2, sw, bh + 16, lw=0.7)
    sh.text(xx + 3, y2 + 7.5, f"{L['signed']} {x['carrier_short']}", 6.5, color=sh.accent)
    sh.signature(xx + 20, y2 + 34, 90, 18)
    sh.text(xx + 3, y2 + bh + 13, "AS CARRIER", 6.2)
    # The release stamp over the particulars' empty corner.
    st = L["stamp"]
    stw = sh.width(st, 13, True) + 16
    sx, sy = sh.left + w * 0.015, y2 + bh + 4
    sh.c.setStrokeColor(red)
    sh.c.setLineWidth(1.6)
    sh.c.rect(sx, sh.H - sy - 20, stw, 20, stroke=1, fill=0)
    sh.c.setStrokeColor(HexColor("#000000"))
    sh.text(sx + 8, sy + 14.5, st, 13, bold=True, color=red)
    clause = ("This is an express bill of lading: no original is issued and the goods will be "
              "delivered to the consignee named herein, or his authorised agent, on proof of "
              "identity. Received in apparent good order and condition unless otherwise noted, "
              "for carriage from the port of loading to the port of discharge subject to the "
              "carrier's standard terms and the Hague-Visby Rules.")
    yy = sy + 30
    for ln in sh.wrap(clause, w * 0.66, 5.8)[:4]:
        sh.text(sh.left, yy, ln, 5.8)
        yy += 6.8
    sh.y = max(yy, y2 + bh + 22)


# --------------------------------------------------------------------------- certificate


def cert_continuation_sheet(sh: Sheet, cx: Ctx) -> None:
    """Form filled in on blanks; the goods on a continuation sheet as a transposed table."""
    from .render import _CONCLUSION

    f, L = cx.f, cx.st["u5_labels"]
    w = sh.right - sh.left
    bi = cx.lang == "bi"
    en_only = cx.lang == "en"  # a certificate without Chinese (seeded certificate.not_chinese)
    sep = ": " if bi or en_only else "："

    def lab(key: str) -> str:
        zh, en = L[key]
        return en if en_only else f"{zh} {en}" if bi else zh

    n_pages = sh.total_pages or 2

    def head(page: int) -> None:
        """The agency and title block (page 1), or the continuation sheet's head."""
        sh.y += 22
        if cx.has("issuing_agency"):
            sh.text(sh.W / 2, sh.y, f["issuing_agency"], 12.5, bold=True, align="center",
                    color=sh.accent)
        sh.y += 8
        sh.hline(sh.left, sh.right, sh.y, 0.8, color=sh.accent)
        if page == 1:
            sh.y += 28
            sh.text(sh.W / 2, sh.y, L["title_en"] if en_only else L["title"],
                    13 if en_only else 18, bold=True, align="center")
            if bi:
                sh.y += 14
                sh.text(sh.W / 2, sh.y, L["title_en"], 9.5, bold=True, align="center")
        else:
            sh.y += 24
            cz, ce = L["cont"]
            sh.text(sh.W / 2, sh.y, ce if en_only else cz, 15, bold=True, align="center")
            if bi:
                sh.y += 13
                sh.text(sh.W / 2, sh.y, ce, 9, bold=True, align="center")
        sh.y += 18
        sh.text(sh.left, sh.y, f"{lab('no')}{sep}{f['document_number']}", 9.2, bold=True)
        pf = "Page {p} of {n}" if en_only else L["page_fmt"]
        sh.text(sh.right, sh.y, pf.format(p=page, n=n_pages), 8.6, align="right")
        sh.y += 4

    head(1)
    lw = max(sh.width(lab(k) + sep, 8.6) for k in ("applicant", "consignor", "contract",
                                                   "invoice", "place", "date", "basis",
                                                   "goods", "issue")) + 6
    fields = [("applicant", f["applicant"]), ("consignor", cx.x["consignor"]),
              ("contract", f["contract_number"]), ("invoice", f["invoice_number"])]
    if cx.has("bl_number"):
        fields.append(("bl", f["bl_number"]))
    if cx.has("inspection_place"):
        fields.append(("place", f["inspection_place"]))
    fields.append(("date", cx.date("inspection_date")))
    if cx.has("inspection_basis"):
        fields.append(("basis", f["inspection_basis"]))
    n_items = len(cx.items)
    gz, ge = L["goods_ref"]
    goods_ref = (ge.format(n=n_items) if en_only else gz.format(n=n_items)
                 + (f" / {ge.format(n=n_items)}" if bi else ""))
    fields.append(("goods", goods_ref))
    sh.y += 6
    for k, v in fields:
        _underlined(sh, sh.left, w, lab(k) + sep, v, size=9.6, label_size=8.6, label_w=lw)
        sh.y += 3
    # The result.
    sh.y += 10
    concl = sh.rng.choice(_CONCLUSION[f["conclusion"]])
    if en_only:
        concl = ("The goods inspected conform to the mandatory requirements of the national "
                 "technical regulations of the People's Republic of China."
                 if f["conclusion"] == "conforming" else
                 "The goods inspected do not conform to the mandatory requirements.")
    elif bi:
        concl += (" The goods inspected conform to the mandatory requirements of the national "
                  "technical regulations of the People's Republic of China."
                  if f["conclusion"] == "conforming" else
                  " The goods inspected do not conform to the mandatory requirements.")
    sh.text(sh.left, sh.y + 10, lab("result") + sep, 10, bold=True)
    sh.y += 12
    lines = sh.wrap(concl, w - 24, 9.6)
    top = sh.y
    h = len(lines) * 13 + 10
    sh.rect(sh.left, top, w, h, lw=0.6)
    for i, ln in enumerate(lines):
        sh.text(sh.left + 10, top + 15 + i * 13, ln, 9.6)
    sh.y = top + h + 4
    a, b = cx.date("document_date"), cx.date("valid_until")
    sh.para(sh.left, (L["valid_en"] if en_only else L["valid"]).format(a=a, b=b), w, 9.6,
            bold=True)
    if bi:
        sh.para(sh.left, L["valid_en"].format(a=a, b=b), w, 8.6)
    # Signatory, date of issue and agency with the seal, page 1.
    sh.y += 26
    y0 = sh.y
    if cx.has("authorized_signatory"):
        sh.text(sh.left, y0, f"{lab('signatory')}{sep}{f['authorized_signatory']}", 9.5)
    if f.get("has_signature"):
        sh.signature(sh.left + 40, y0 + 32, 90, 20)
    sh.hline(sh.left, sh.left + 200, y0 + 36, 0.4)
    sh.text(sh.left, y0 + 52, f"{lab('issue')}{sep}{a}", 9.5)
    ax = sh.left + w * 0.56
    sh.text(ax, y0, f"{lab('agency')}{' (Seal)' if en_only else L['seal_cap']}", 9.5)
    if cx.has("issuing_agency"):
        for i, ln in enumerate(sh.wrap(f["issuing_agency"], w * 0.44, 9.2)[:2]):
            sh.text(ax, y0 + 18 + i * 11, ln, 9.2)
    if f.get("has_seal"):
        sh.seal(ax + w * 0.2, y0 + 24, 94, f.get("issuing_agency", ""), "检验专用章")
    sh.y = y0 + 64
    # Page 2: the continuation sheet.
    sh.new_page()
    head(2)
    sh.y += 10
    R = L["rows"]
    order = [k for k in ("description", "hs_code", "brand", "model", "quantity", "origin",
                         "manufacture_year", "serial_number", "hours_used")
             if k in cx.st["columns"]]
    per = cx.st["u5_per_block"]
    aw = w * 0.2
    for start in range(0, n_items, per):
        block = cx.items[start:start + per]
        iw = (w - aw) / per
        cols = [Col("attr", "Item" if en_only else L["attr_head"], aw)]
        cols += [Col(f"i{j}", str(start + j + 1) if en_only else
                     L["item_head"].format(n=start + j + 1), iw, "center")
                 for j in range(len(block))]
        rows = []
        for k in order:
            r = {"attr": _CCS_EN[k] if en_only else f"{R[k]} {_CCS_EN[k]}" if bi else R[k]}
            for j, it in enumerate(block):
                if k == "quantity":
                    r[f"i{j}"] = cx.qty(it)
                else:
                    r[f"i{j}"] = cx.cell(k, it, start + j)
            rows.append(r)
        sh.table(sh.left, cols, rows, ruled=True, size=8.8, header_fill=True)
        sh.y += 8
    sh.text(sh.W / 2, sh.y + 8, "*** END OF LIST ***" if en_only else L["blank"], 8.6,
            align="center")
    sh.y += 14


# --------------------------------------------------------------------------- used cars


def ela_online_print(sh: Sheet, cx: Ctx) -> None:
    """Export licence application as printed from the web portal."""
    f, L, x = cx.f, cx.st["u5_labels"], cx.x
    w = sh.right - sh.left
    grey = HexColor("#555555")
    n_pages = sh.total_pages or 1
    url = "https://" + L["host"] + L["path"].format(id=x["apply_id"], no=f["document_number"])

    def browser_frame(s: Sheet) -> None:
        """The browser's print header and footer (drawn at each new page)."""
        s.text(s.left - 14, 20, x["print_time"], 7, color=grey)
        s.text(s.W / 2, 20, L["page_title"], 7, color=grey, align="center")
        fy = s.H - 16
        s.text(s.left - 14, fy, url, 6.8, color=grey)
        s.text(s.right + 14, fy, f"{s.page}/{n_pages}", 6.8, color=grey, align="right")

    browser_frame(sh)
    sh.on_new_page = browser_frame
    # The portal banner.
    sh.y += 14
    sh.rect(sh.left, sh.y, w, 30, lw=0, fill=HexColor("#1f4e8c"))
    sh.text(sh.left + 10, sh.y + 19, L["portal"], 11, bold=True, color=HexColor("#ffffff"))
    sh.text(sh.right - 10, sh.y + 19, L["system"], 8.5, bold=True, color=HexColor("#ffffff"),
            align="right")
    sh.y += 30
    sh.hline(sh.left, sh.right, sh.y + 1, 2.0, color=HexColor("#c8a23c"))
    sh.y += 26
    sh.text(sh.W / 2, sh.y, "中华人民共和国出口许可证申请表", 14, bold=True, align="center")
    sh.y += 16
    sh.text(sh.W / 2, sh.y, "（二手车）", 9, align="center", color=grey)
    sh.y += 10

    def band(title: str) -> None:
        sh.ensure(40)
        sh.y += 6
        sh.rect(sh.left, sh.y, w, 16, lw=0, fill=HexColor("#dde3ea"))
        sh.rect(sh.left, sh.y, 3, 16, lw=0, fill=HexColor("#1f4e8c"))
        sh.text(sh.left + 9, sh.y + 11.5, title, 8.8, bold=True)
        sh.y += 18

    def grid(pairs: list[tuple[str, str]]) -> None:
        """Two label / value pairs a row; a long value takes the whole row."""
        lw = w * 0.16
        vw = w / 2 - lw
        i = 0
        while i < len(pairs):
            lab1, v1 = pairs[i]
            wide = sh.width(v1, 8) > vw - 8
            nxt = pairs[i + 1] if i + 1 < len(pairs) and not wide else None
            if nxt is not None and sh.width(nxt[1], 8) > vw - 8:
                nxt, wide = None, True
            vlines = sh.wrap(v1, (w - lw if wide else vw) - 8, 8)
            h = max(17, len(vlines) * 10 + 7)
            sh.ensure(h)
            y = sh.y
            cells = [(lab1, vlines, lw, w - lw if wide else vw)]
            if nxt is not None:
                cells.append((nxt[0], [nxt[1]], lw, vw))
            elif not wide:
                cells.append(("", [""], lw, vw))
            xx = sh.left
            for lab, vals, l_w, v_w in cells:
                sh.c.setStrokeColor(HexColor("#b8b8b8"))
                sh.rect(xx, y, l_w, h, lw=0.4, fill=HexColor("#f0f0f0"))
                sh.c.setStrokeColor(HexColor("#b8b8b8"))
                sh.rect(xx + l_w, y, v_w, h, lw=0.4)
                sh.c.setStrokeColor(HexColor("#000000"))
                sh.text(xx + l_w - 4, y + 11.5, lab, 7.4, align="right", color=HexColor(
                    "#333333"))
                for j, ln in enumerate(vals):
                    sh.text(xx + l_w + 5, y + 11.5 + j * 10, ln, 8)
                xx += l_w + v_w
            sh.y = y + h
            i += 1 if nxt is None else 2

    country = fmt.fmt_country(f["export_country"], "zh") if cx.has("export_country") else ""
    sec_basic, sec_vehicle, sec_corp = L["sections"]
    band(sec_basic)
    basic = [(L["no"], f["document_number"]), (L["date"], cx.date("document_date")),
             (L["status"], L["status_val"]), (L["trade"], "一般贸易"),
             (L["contract"], x["contract_no"]), (L["country"], country),
             (L["port"], fmt.fmt_case(x["port"], "upper")), (L["pay"], "电汇"),
             (L["transport"], ("2-江海运输" if "代码" in L["transport"] else "江海运输")
              if sh.rng.random() < 0.5 else "海上运输"),
             (L["value"], fmt.fmt_money(x["amount"], x["currency"], "code", "en"))]
    grid([p for p in basic if p[1]])
    band(sec_vehicle)
    veh = [(L["goods"], f"二手乘用车（{x['hs']}）"), (L["qty"], "1 辆"),
           (L["vin"], f["vin"]), (L["brand"], f["brand"]), (L["model"], f["model"]),
           ("英文名称", x["name_en"]),
           (L["reg"], cx.date("registration_date")),
           (L["tr"], cx.date("transfer_registration_date")),
           ("生产企业", x["manufacturer"])]
    grid(veh)
    band(sec_corp)
    corp = [(L["applicant"], f["applicant"])]
    if not x["consignor_same"]:
        corp.append((L["consignor"], f["applicant"]))
    corp += [(L["contact"], x["contact"]), (L["tel"], x["tel"])]
    grid(corp)
    sh.y += 10
    sh.para(sh.left, L["promise"], w, 8.6)
    sh.ensure(80)
    sh.y += 24
    sx = sh.right - 230
    sh.text(sx, sh.y, L["seal"] + "：", 9.5)
    sh.text(sx, sh.y + 40, cx.date("document_date"), 9)
    if f.get("has_seal"):
        sh.seal(sx + 150, sh.y + 10, 92, f["applicant"], "")
    sh.y += 60


RENDERERS = {
    "contract_terms_table": contract_terms_table,
    "invoice_cn_export": invoice_cn_export,
    "pl_cn_zhuangxiang": pl_cn_zhuangxiang,
    "bl_express_landscape": bl_express_landscape,
    "cert_continuation_sheet": cert_continuation_sheet,
    "ela_online_print": ela_online_print,
}
