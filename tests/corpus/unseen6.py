"""Sixth group of unseen layout families: drawn for measuring generalisation, never for tuning.

Never look at these families' misses to tune ``docproc/extract.py`` or its label lists; they
stand for real documents from issuers nobody on the team has seen (the first five groups, in
:mod:`unseen` ... :mod:`unseen5`, have been looked at). They were written without reading
the extractor. Each family prints the same truth as the other families of its document type
(the builders of :mod:`documents`), but with its own structure and its own label wordings
(synonyms real issuers use), all chosen here in :func:`unseen6_style` and stored in the
document's style.

- ``contract_email_confirmation``: a seller's order confirmation printed from an e-mail
  client (an Outlook-like From / Sent / To / Cc / Subject / Attachments block, or a webmail
  print with the subject and "1 message"), a greeting, a key block (confirmation no., date,
  SELLER / BUYER with addresses), the goods pasted as an unruled fixed-width (typewriter)
  table with dashes under the heading, the total in words, the terms with dotted leaders,
  the sender's signature lines, an "ACCEPTED AND CONFIRMED" countersignature block with the
  seller's signature and stamp, the mail disclaimer and, at times, the buyer's quoted
  original message (with its own, earlier date).
- ``invoice_exporter_ref_grid``: the classic export invoice box grid (Indian / Turkish /
  Korean exporters): "Exporter" beside "Invoice No. & Date", "Exporter's Ref.", "Buyer's
  Order No. & Date" (the contract with its date), "Other Reference(s)"; "Consignee" beside
  "Buyer (if other than consignee)"; pre-carriage, place of receipt, vessel, ports and final
  destination boxes; country of origin / of final destination; "Terms of Delivery and
  Payment". Goods with the marks and container in the first column, the model and the
  optional attributes as columns or as "Model: …" lines under the description; with two or
  more lines the items usually run onto page 2 ("Carried forward" / "Brought forward" sums,
  a continuation header repeating the invoice number and date). Amount in words, the
  declaration and "for <exporter> / Authorised Signatory".
- ``pl_container_stuffing``: a packing list grouped by container: title and shipper's
  letterhead on opposite sides, "For account and risk of Messrs." with the buyer, a key list
  (P/L no., date, invoice, contract, vessel, routing, packing), then per container a shaded
  band (container i of n, seal, type) over a ruled table of its lines (package numbers,
  goods, model, optional serials, quantity, packages, dimensions L x W x H in cm, net and
  gross weight, optional volume) with a sub-total per container, a boxed grand total and
  the packages in words.
- ``bl_waybill_clause_column``: a non-negotiable sea waybill: numbered boxes in a left
  column (shipper, consignee, notify; vessel and voyage apart; ports; receipt / delivery),
  the carrier, the title, waybill and booking numbers and a column of small-print
  conditions down the right side; the particulars as a text block (marks, packages, said to
  contain, goods, containers with seals) beside stacked gross weight / measurement /
  packages boxes; freight, place and date of issue, on-board date and the carrier's
  signature in a bottom strip. The numbering scheme ("(1)", "01", "1.", "[1]") is seeded.
- ``cert_findings_register``: a pre-shipment inspection certificate of another agency
  style: a logo square and the agency at left, a register box (certificate no., date of
  issue, page) at right, "正本 ORIGINAL", a key list with hairlines (bilingual labels side by
  side or stacked), then "检验结果" item by item (a heading with the goods, a " | "-separated
  line of attributes, a findings paragraph, its English in the bilingual variant), the
  overall conclusion beside an accent bar, the validity ("自签发之日起N日（至…）", "有效期至…"
  …, always with the date), the signatory and the agency with the seal stamped across them,
  the alteration note and an on-line verification code.
- ``vr_booklet_spread``: the 机动车登记证书 opened flat on a landscape page: at left the
  red certificate number with a bar code, "注册登记摘要信息栏" (Ⅰ: 1 owner / ID, 2 登记机关,
  3 登记日期, 4 registration plate) and "转移登记摘要信息栏" (Ⅱ filled with the current owner
  and the transfer date, Ⅲ–Ⅴ blank, a transfer stamp at times); at right
  "注册登记机动车信息栏": numbered cells 5–32 two pairs a row (车辆类型, 车辆品牌, 车辆型号,
  车身颜色, 9 车辆识别代号/车架号 across the row, 国产/进口, 发动机号 / 型号, 燃料种类,
  排量/功率, 制造厂名称, … 车辆出厂日期), then 33 发证机关章 with the seal and 34 发证日期.
"""

from __future__ import annotations

import math
import random
import re
import textwrap
from datetime import date, timedelta
from typing import Any

from reportlab.lib.colors import HexColor

from . import fmt
from .render import Ctx, _container_fmt
from .sheet import Sheet, fit_size, weighted_cols
from .shipment import Shipment, pools
from .unseen3 import _box_h, _city, _num, _pick, _words
from .unseen4 import _tel
from .unseen5 import _DIAL, _GREY, _cols, _pkg_word

# --------------------------------------------------------------------------- label wordings

_MAIL = {
    "client": ["outlook", "outlook", "webmail"],
    "webmail": ["Gmail", "Mail", "Webmail", "Zimbra"],
    "subject": ["Order Confirmation {no}", "Sales Confirmation No. {no}",
                "RE: Your enquiry - our order confirmation {no}",
                "Confirmation of sale / Ref. {no}",
                "Order confirmation {no} (please countersign)"],
    "sent": ["Sent", "Date", "Sent on"],
    "cc": ["Cc", "CC"],
    "attach": ["Attachments", "Attachment"],
    "greet": ["Dear {name},", "Dear Mr. {last},", "Dear Sirs,", "Hello {first},"],
    "intro": ["Thank you for your order. We are pleased to confirm the sale of the following "
              "used equipment on the terms set out below; this confirmation, once "
              "countersigned, constitutes the contract between us.",
              "Further to our telephone conversation, please find below our confirmation of "
              "the order. The terms below form the sales contract between the parties.",
              "With reference to your purchase order we confirm the following sale. Please "
              "check all details and return a signed copy."],
    "ref_no": ["Confirmation No.", "Our Ref.", "Contract No.", "Order Confirmation No.",
               "S/C No."],
    "ref_date": ["Date", "Dated", "Date of Confirmation", "Confirmation Date"],
    "seller": ["SELLER", "VENDOR", "SUPPLIER", "SELLERS"],
    "buyer": ["BUYER", "PURCHASER", "CUSTOMER", "BUYERS"],
    "gh": [{"no": "POS", "description": "DESCRIPTION", "model": "MODEL", "brand": "MAKE",
            "origin": "ORIGIN", "manufacture_year": "YEAR", "hs_code": "HS CODE",
            "quantity": "QTY", "unit": "UNIT", "unit_price": "UNIT PRICE", "amount": "AMOUNT"},
           {"no": "ITEM", "description": "ARTICLE", "model": "TYPE", "brand": "MANUFACTURER",
            "origin": "COUNTRY", "manufacture_year": "YOM", "hs_code": "TARIFF NO.",
            "quantity": "QTY.", "unit": "UOM", "unit_price": "PRICE", "amount": "TOTAL"},
           {"no": "NO", "description": "EQUIPMENT", "model": "MODEL NO.", "brand": "BRAND",
            "origin": "MADE IN", "manufacture_year": "BUILT", "hs_code": "H.S.",
            "quantity": "QUANTITY", "unit": "UNIT", "unit_price": "EACH", "amount": "VALUE"}],
    "total": ["TOTAL", "TOTAL VALUE", "GRAND TOTAL", "ORDER TOTAL"],
    "total_line": ["Total contract value", "Total order value", "Total amount",
                   "Contract value"],
    "basis": ["Delivery terms", "Price basis", "Incoterms", "Terms of delivery"],
    "basis_fmt": ["{t} (Incoterms 2020)", "{t}", "{t}, Incoterms 2020"],
    "origin": ["Origin", "Country of origin", "Made in"],
    "pol": ["Port of loading", "Loading port", "Shipment from"],
    "pod": ["Port of discharge", "Destination port", "Shipment to"],
    "lsd": ["Latest shipment", "Shipment", "Delivery time", "Time of shipment"],
    "lsd_fmt": ["latest {d}", "not later than {d}", "on or before {d}",
                "by {d} at the latest"],
    "pay": ["Payment", "Payment terms", "Terms of payment"],
    "cur": ["Currency", "Contract currency", "Invoicing currency"],
    "insp": ["Inspection", "Pre-shipment inspection", "Inspection before shipment"],
    "docs": ["Documents", "Shipping documents", "Documents required"],
    "countersign": ["Please countersign this confirmation and return a scanned copy within "
                    "three working days.",
                    "Kindly sign and stamp a copy of this confirmation and send it back to us.",
                    "Please confirm your acceptance by returning this confirmation signed."],
    "closing": ["Best regards", "Kind regards", "With best regards", "Yours faithfully"],
    "accept": ["ACCEPTED AND CONFIRMED", "CONFIRMED AND AGREED", "AGREED AND ACCEPTED"],
    "for_fmt": ["For the {r}", "On behalf of the {r}", "{r}"],
    "quote_head": ["-----Original Message-----", "---------- Forwarded message ----------",
                   "On {d}, {who} wrote:"],
    "disclaimer": ["This e-mail and any attachment are confidential and intended solely for "
                   "the addressee. If you have received it in error, please notify the sender "
                   "and delete it.",
                   "CONFIDENTIALITY NOTICE: the information in this message is intended only "
                   "for the named recipient. Any other use is prohibited."],
    "titles": ["Sales Manager", "Export Sales", "Area Manager Asia", "Sales Director",
               "Key Account Manager"],
}
_IRG = {
    "title": ["INVOICE", "COMMERCIAL INVOICE", "EXPORT INVOICE", "COMMERCIAL INVOICE"],
    "sub": ["", "(SUPPLY MEANT FOR EXPORT)", "ORIGINAL FOR BUYER", "", "(EXPORT SALE)"],
    "exporter": ["Exporter", "Exporter / Seller", "Seller (Exporter)"],
    "inv": ["Invoice No. & Date", "Invoice No. & Dt.", "Inv. No. & Date"],
    "inv_fmt": ["{no} DT. {d}", "{no}\n{d}", "{no}  Dated {d}", "{no} / {d}"],
    "exp_ref": ["Exporter's Ref.", "Exporter's Reference", "Our Ref."],
    "order": ["Buyer's Order No. & Date", "Buyer's Order No. & Dt.", "Contract No. & Date",
              "Purchase Order No. & Date"],
    "other": ["Other Reference(s)", "Other References", "Other Ref."],
    "consignee": ["Consignee", "Consignee (Ship to)", "Consigned to"],
    "buyer_other": ["Buyer (if other than consignee)", "Buyer other than Consignee",
                    "Buyer (if not Consignee)"],
    "same": ["SAME AS CONSIGNEE", "SAME AS CONSIGNEE", "AS ABOVE"],
    "pre": ["Pre-Carriage by", "Pre-carriage by"],
    "pre_v": ["ROAD", "TRUCK", "BY ROAD", "RAIL"],
    "receipt": ["Place of Receipt by Pre-Carrier", "Place of Receipt by Pre-carrier",
                "Place of Receipt"],
    "vessel": ["Vessel / Flight No.", "Vessel/Voyage", "Vessel / Flight"],
    "pol": ["Port of Loading", "Port of Loading", "Port of Shipment"],
    "pod": ["Port of Discharge", "Port of Discharge", "Port of Unloading"],
    "final": ["Final Destination", "Place of Delivery", "Final Place of Delivery"],
    "origin": ["Country of Origin of Goods", "Country of Origin of Goods",
               "Origin of Goods"],
    "origin_many": ["AS PER LINE ITEMS", "SEE BELOW", "VARIOUS (SEE ITEMS)"],
    "dest": ["Country of Final Destination", "Country of Final Destination",
             "Destination Country"],
    "terms": ["Terms of Delivery and Payment", "Terms of Delivery & Payment",
              "Delivery & Payment Terms"],
    "pay_cap": ["PAYMENT", "Payment", "TERMS OF PAYMENT"],
    "heads": [{"marks": "Marks & Nos./\nContainer No.", "no": "Sl.\nNo.",
               "description": "Description of Goods", "model": "Model", "brand": "Make",
               "hs_code": "HS Code", "origin": "Origin", "serial_number": "Serial No.",
               "manufacture_year": "Year", "quantity": "Quantity", "unit_price": "Rate",
               "amount": "Amount"},
              {"marks": "Marks & Nos.", "no": "S.No.", "description": "Description",
               "model": "Model No.", "brand": "Brand", "hs_code": "ITC(HS) Code",
               "origin": "Country of Origin", "serial_number": "Machine No.",
               "manufacture_year": "Year of Mfg.", "quantity": "Qty.",
               "unit_price": "Price per Unit", "amount": "Total Value"},
              {"marks": "Shipping Marks", "no": "No.", "description": "Goods Description",
               "model": "Type", "brand": "Manufacturer", "hs_code": "H.S. No.",
               "origin": "Made in", "serial_number": "Sr. No.", "manufacture_year": "YOM",
               "quantity": "Quantity", "unit_price": "Unit Rate", "amount": "Amount"}],
    "sub_model": ["Model", "Type", "Model No."],
    "sub_brand": ["Make", "Brand"],
    "sub_sn": ["S/N", "Serial No.", "Machine No."],
    "sub_year": ["Year of Mfg.", "YOM", "Year"],
    "sub_hs": ["HS Code", "ITC(HS)", "H.S. No."],
    "sub_origin": ["Origin", "Country of Origin"],
    "cont_foot": ["Continued on page {p} ...", "(Contd. on next page)", "Continued overleaf"],
    "cf": ["Carried forward", "C/F", "Total c/f"],
    "bf": ["Brought forward", "B/F", "Total b/f"],
    "cont_head": ["INVOICE (Continued)", "CONTINUATION SHEET", "(Continued from page 1)"],
    "words": ["Amount Chargeable (in words)", "Total Amount in Words", "Amount in words"],
    "total": ["Total", "TOTAL", "Grand Total"],
    "decl_head": ["Declaration:", "DECLARATION", "Declaration"],
    "decl": ["We declare that this invoice shows the actual price of the goods described and "
             "that all particulars are true and correct.",
             "Certified that the particulars given above are true and correct and the amount "
             "indicated is the price actually charged.",
             "We hereby certify that the goods described above are of the origin stated and "
             "that this invoice is true and correct."],
    "sign": ["Signature & Date", "Authorised Signatory", "Signature / Date"],
    "for_fmt": ["for {s}", "For {s}", "For and on behalf of {s}"],
}
_STF = {
    "title": ["PACKING LIST", "DETAILED PACKING LIST", "PACKING LIST (CONTAINER-WISE)",
              "PACKING & STUFFING LIST"],
    "subtitle": ["Container stuffing details", "Packing by container", "Weights and dimensions",
                 ""],
    "messrs": ["For account and risk of Messrs.", "Messrs.", "Sold to", "Consignee"],
    "no": ["P/L No.", "Packing List No.", "No.", "Ref. No."],
    "date": ["Date", "Date of Issue", "Issued"],
    "invoice": ["Invoice No.", "Commercial Invoice No.", "Inv. Ref."],
    "contract": ["Contract No.", "S/C No.", "Order Ref."],
    "per": ["Shipped per", "Vessel", "Per S.S."],
    "route": ["From {a} to {b}", "{a} to {b}", "{a} -> {b}"],
    "route_lab": ["Voyage", "Routing", "Shipment"],
    "packing": ["Packing", "Kind of packing", "Packed"],
    "cntr": ["CONTAINER {i} OF {n}", "CONTAINER NO. {i}", "UNIT {i}/{n}"],
    "seal": ["SEAL", "SEAL NO.", "SEAL #"],
    "ctype": ["TYPE", "SIZE", "EQP"],
    "heads": [{"pkg": "Pkg No.", "description": "Description", "model": "Model",
               "serial_number": "Serial No.", "quantity": "Qty", "packages": "Pkgs",
               "dims": "Dimensions (cm)\nL x W x H", "net_weight_kg": "N.W.\n(kg)",
               "gross_weight_kg": "G.W.\n(kg)", "volume_cbm": "Meas.\n(CBM)"},
              {"pkg": "Case No.", "description": "Contents", "model": "Type",
               "serial_number": "Machine No.", "quantity": "Quantity", "packages": "Cases",
               "dims": "Size L/W/H\n(cm)", "net_weight_kg": "Net Wt.\n(kg)",
               "gross_weight_kg": "Gross Wt.\n(kg)", "volume_cbm": "Volume\n(m3)"},
              {"pkg": "Package", "description": "Goods", "model": "Model No.",
               "serial_number": "S/N", "quantity": "Q'ty", "packages": "No. of Pkgs",
               "dims": "Measurement\nL x W x H cm", "net_weight_kg": "Net\n(kgs)",
               "gross_weight_kg": "Gross\n(kgs)", "volume_cbm": "CBM"}],
    "sub": ["Sub-total container {i}", "Container {i} total", "Subtotal unit {i}"],
    "grand": ["GRAND TOTAL", "TOTAL SHIPMENT", "TOTAL OF ALL CONTAINERS"],
    "g_pkgs": ["Total packages", "No. of packages", "Packages"],
    "g_nw": ["Total net weight", "Net weight", "Total N.W."],
    "g_gw": ["Total gross weight", "Gross weight", "Total G.W."],
    "g_vol": ["Total measurement", "Total volume", "Measurement"],
    "say": ["SAY TOTAL {w} ({n}) {p} ONLY", "TOTAL: {w} {p} ONLY", "SAY {w} {p} ONLY"],
    "sign": ["Signed", "Shipper's signature", "For the Shipper"],
}
_SWC = {
    "title": ["SEA WAYBILL", "NON-NEGOTIABLE SEA WAYBILL", "SEAWAY BILL", "OCEAN WAYBILL"],
    "nonneg": ["NON-NEGOTIABLE - NOT A DOCUMENT OF TITLE", "NOT NEGOTIABLE UNLESS CONSIGNED "
               "TO ORDER - NO ORIGINAL ISSUED", "NON-NEGOTIABLE"],
    "num": ["({n})", "{n:02d}", "{n}.", "[{n}]"],
    "no": ["Waybill No.", "SWB No.", "Sea Waybill Number", "Document No."],
    "bkg": ["Booking No.", "Booking Reference", "Carrier's Ref."],
    "ref": ["Export References", "Shipper's Reference", "Forwarder's Ref."],
    "shipper": ["SHIPPER", "SHIPPER / EXPORTER", "SHIPPER (NAME AND ADDRESS)"],
    "consignee": ["CONSIGNEE", "CONSIGNEE (NOT NEGOTIABLE UNLESS CONSIGNED TO ORDER)",
                  "CONSIGNEE (NAME AND ADDRESS)"],
    "notify": ["NOTIFY PARTY", "NOTIFY ADDRESS", "NOTIFY PARTY (CARRIER NOT RESPONSIBLE FOR "
               "FAILURE TO NOTIFY)"],
    "vessel": ["VESSEL", "OCEAN VESSEL", "NAME OF VESSEL"],
    "voyage": ["VOYAGE No.", "VOYAGE", "VOY. No."],
    "pol": ["PORT OF LOADING", "LOAD PORT", "PORT OF LOADING"],
    "pod": ["PORT OF DISCHARGE", "DISCHARGE PORT", "PORT OF DISCHARGE"],
    "receipt": ["PLACE OF RECEIPT", "PLACE OF RECEIPT (PRE-CARRIAGE)", "RECEIPT"],
    "delivery": ["PLACE OF DELIVERY", "FINAL DESTINATION", "DELIVERY"],
    "part": ["PARTICULARS FURNISHED BY THE SHIPPER - NOT CHECKED BY THE CARRIER",
             "PARTICULARS DECLARED BY THE SHIPPER", "DESCRIPTION OF GOODS (AS DECLARED)"],
    "stc": ["SHIPPER'S LOAD, STOW, WEIGHT AND COUNT", "SAID TO CONTAIN:",
            "SHIPPER'S LOAD AND COUNT - SAID TO CONTAIN"],
    "marks": ["MARKS", "MARKS & NOS.", "SHIPPING MARKS"],
    "cntr_head": ["CONTAINER / SEAL / TYPE:", "EQUIPMENT:", "CONTAINER(S):"],
    "gw": ["GROSS WEIGHT", "GROSS WEIGHT (KGS)", "CARGO WEIGHT"],
    "meas": ["MEASUREMENT", "VOLUME (CBM)", "MEASUREMENT (M3)"],
    "pkgs": ["TOTAL PACKAGES", "NUMBER OF PACKAGES", "TOTAL NO. OF PACKAGES"],
    "freight": ["FREIGHT AND CHARGES", "FREIGHT TERMS", "FREIGHT"],
    "issue": ["PLACE AND DATE OF ISSUE", "ISSUED AT / ON", "PLACE / DATE OF ISSUE"],
    "onboard": ["SHIPPED ON BOARD", "LADEN ON BOARD ON", "ON BOARD DATE"],
    "signed": ["SIGNED FOR THE CARRIER", "AS AGENT FOR THE CARRIER", "FOR THE CARRIER"],
    "clauses_head": ["TERMS AND CONDITIONS (EXTRACT)", "CONDITIONS OF CARRIAGE",
                     "STANDARD CONDITIONS (SUMMARY)"],
    "delivery_note": ["Delivery will be made to the Consignee named herein, or its authorised "
                      "agent, on proof of identity and without surrender of any original.",
                      "This waybill is not a document of title; the goods are delivered to the "
                      "named Consignee without presentation of this document."],
}
_CLAUSES = [
    "1. DEFINITIONS. \"Carrier\" means the party on whose behalf this Sea Waybill has been "
    "signed. \"Merchant\" includes the Shipper, the Consignee, the Receiver and the owner of "
    "the Goods. \"Goods\" means the cargo received from the Shipper, including any container.",
    "2. APPLICABLE RULES. This Waybill is subject to the CMI Uniform Rules for Sea Waybills; "
    "the contract of carriage is governed by the Carrier's standard bill of lading terms, "
    "available on request, which are incorporated herein.",
    "3. HAGUE-VISBY RULES. Carriage by sea is subject to the Hague-Visby Rules, or where "
    "compulsorily applicable any national law giving effect to them.",
    "4. RIGHT OF CONTROL. The Shipper may change the name of the Consignee at any time up to "
    "the Consignee claiming delivery, by written notice to the Carrier.",
    "5. DELIVERY. The Carrier shall deliver the Goods to the Consignee on production of proof "
    "of identity; the Carrier is not liable for misdelivery if it proves reasonable care.",
    "6. SHIPPER'S PARTICULARS. The particulars of the Goods are furnished by the Shipper, who "
    "warrants their accuracy. The weight, measure, quantity and contents are unknown to the "
    "Carrier.",
    "7. LIMITATION. Unless the nature and value of the Goods have been declared, the Carrier "
    "shall not be liable for more than the limits of the applicable rules.",
    "8. FREIGHT. Freight is earned on receipt of the Goods and is payable in any event, ship "
    "or cargo lost or not lost.",
    "9. JURISDICTION. Any claim shall be determined by the courts of the Carrier's principal "
    "place of business, to the exclusion of any other court.",
]
_CFR = {
    "title": [("装运前检验证书", "PRE-SHIPMENT INSPECTION CERTIFICATE"),
              ("旧机电产品装运前检验证书", "CERTIFICATE OF PRE-SHIPMENT INSPECTION"),
              ("进口旧机电产品装运前检验证书", "PRE-SHIPMENT INSPECTION CERTIFICATE OF USED "
               "MECHANICAL AND ELECTRICAL PRODUCTS")],
    "no": [("证书编号", "Certificate No."), ("证书号", "Cert. No."), ("编号", "Serial No.")],
    "issue": [("签发日期", "Date of Issue"), ("出证日期", "Issued on"), ("签证日期", "Date")],
    "page": [("页码", "Page"), ("页", "Page")],
    "original": ["正本 ORIGINAL", "ORIGINAL 正本", "正本"],
    "applicant": [("申请人", "Applicant"), ("收货人", "Consignee"), ("申请单位", "Applicant")],
    "consignor": [("发货人", "Consignor"), ("出口商", "Exporter"), ("卖方", "Seller")],
    "contract": [("合同号", "Contract No."), ("合同编号", "Contract No."),
                 ("贸易合同号", "Sales Contract")],
    "invoice": [("发票号", "Invoice No."), ("商业发票号", "Commercial Invoice"),
                ("发票编号", "Invoice No.")],
    "bl": [("提单号", "B/L No."), ("运单号", "B/L / Waybill No.")],
    "place": [("检验地点", "Place of Inspection"), ("施检地点", "Site of Inspection"),
              ("检验场所", "Inspection Site")],
    "date": [("检验日期", "Date of Inspection"), ("施检日期", "Inspected on"),
             ("现场检验日期", "Date of On-site Inspection")],
    "basis": [("检验依据", "Inspection Basis"), ("依据标准", "Standards"),
              ("检验依据", "Regulations Applied")],
    "goods": [("检验货物", "Goods Inspected"), ("货物", "Goods"), ("货物概况", "Goods")],
    "goods_v": [("共{n}项，详见检验结果", "{n} item(s), see the results below"),
                ("{n}项（见下）", "{n} item(s) (below)"),
                ("旧机电产品{n}项", "{n} item(s) of used machinery")],
    "results": [("检验结果", "Inspection Results"), ("检验情况及结果", "Findings"),
                ("检验结果", "Results of Inspection")],
    "item_fmt": [("第{n}项", "Item {n}"), ("（{n}）", "({n})"), ("货物{n}", "Goods {n}")],
    "attrs": [{"brand": ("品牌", "Make"), "model": ("型号", "Model"),
               "serial_number": ("机身号", "Serial No."), "quantity": ("数量", "Quantity"),
               "origin": ("原产地", "Origin"), "manufacture_year": ("制造年份", "Year"),
               "hs_code": ("HS编码", "HS Code"), "hours_used": ("已使用小时", "Hours Used")},
              {"brand": ("制造商", "Manufacturer"), "model": ("规格型号", "Type"),
               "serial_number": ("出厂编号", "Machine No."), "quantity": ("数/重量", "Qty"),
               "origin": ("原产国", "Country of Origin"),
               "manufacture_year": ("出厂年份", "Year of Mfg."),
               "hs_code": ("商品编码", "Tariff Code"),
               "hours_used": ("使用时间", "Operating Hours")}],
    "finding_ok": [("经核查，该货物铭牌、型号及编号与申报一致，外观完整，未见明显缺损；安全、卫生、"
                    "环境保护项目检验符合要求。",
                    "The nameplate, model and number agree with the declaration; no visible "
                    "damage; safety, health and environmental items conform."),
                   ("现场核查货物与申报单证相符；运行检查正常，无漏油、漏液；未发现土壤及动植物残留。",
                    "The goods agree with the documents; the running check was normal, no oil "
                    "leakage, no soil or plant residue found.")],
    "finding_bad": [("经核查，该货物排放及安全防护项目不符合国家技术规范的强制性要求。",
                     "Emission and safety guarding do not conform to the mandatory national "
                     "technical regulations.")],
    "concl": [("总体结论", "Overall Conclusion"), ("检验结论", "Conclusion"),
              ("评定意见", "Assessment")],
    "valid": ["有效期：自签发之日起{n}日（至{b}）", "本证书自签发之日起{n}日内有效，即至{b}止。",
              "有效期至{b}", "本证书有效期截至{b}"],
    "valid_en": ["Valid for {n} days from the date of issue (until {b}).",
                 "This certificate is valid until {b}.", "Validity: until {b}."],
    "signatory": [("授权签字人", "Authorized Signatory"), ("签字人", "Signed by"),
                  ("主任检验员", "Chief Inspector")],
    "agency": [("签证机构", "Issuing Body"), ("检验机构（盖章）", "Inspection Body (Seal)"),
               ("出证机构", "Issued by")],
    "notes": [("本证书涂改无效。", "Any alteration renders this certificate invalid."),
              ("本证书仅对所检货物有效，涂改无效。",
               "Valid only for the goods inspected; void if altered.")],
    "verify": ["证书真伪查询：www.{h}.com  验证码 {c}", "Verify at www.{h}.com, code {c}",
               "扫码或登录 www.{h}.com 核验（验证码：{c}）"],
    "verify_host": ["ccic-verify", "cert-check", "inspection-verify"],
}
_VRS = {
    "no": ["编号", "证书编号", "No."],
    "sec1": ["注册登记摘要信息栏", "注册登记摘要信息栏"],
    "sec2": ["转移登记摘要信息栏", "转移登记摘要信息栏"],
    "sec3": ["注册登记机动车信息栏", "注册登记机动车信息栏"],
    "owner": ["机动车所有人/身份证明名称/号码", "机动车所有人/身份证明名称/号码"],
    "id_name": [("居民身份证", "统一社会信用代码"), ("身份证", "统一社会信用代码/组织机构代码"),
                ("居民身份证", "营业执照")],
    "kind": ["小型轿车", "小型普通客车", "小型越野客车", "中型普通客车"],
    "fuel": ["汽油", "插电式混合动力", "汽油/电混合动力", "柴油"],
    "steer": ["方向盘", "方向盘"],
    "use": ["非营运", "非营运", "营转非"],
    "get": ["购买", "购买", "境内生产"],
    "tyre": ["225/60 R18", "235/50 R19", "215/55 R17", "205/60 R16", "245/45 R20"],
}

_CONTACTS_EN = [("Kenji", "Sato"), ("Hans", "Becker"), ("Min-jun", "Park"), ("John", "Miller"),
                ("Luca", "Rossi"), ("Pierre", "Martin"), ("Anna", "Schmidt"),
                ("Erik", "Lindqvist"), ("Sarah", "Brown"), ("Jan", "de Vries")]
_CONTACTS_CN = [("Wei", "Wang"), ("Lei", "Zhang"), ("Na", "Li"), ("Qiang", "Zhao"),
                ("Chen", "Liu"), ("Jie", "Zhou")]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_PLATES = {"广东": "粤A", "天津": "津A", "上海": "沪A", "重庆": "渝A"}


def _domain(name: str) -> str:
    """A company's mail domain from its name ("Kanto Heavy Trading" -> kantoheavy.com)."""
    words = [re.sub(r"[^a-z]", "", w.lower()) for w in name.split()[:2]]
    return "".join(words) + [".com", ".co.jp", ".de", ".com", ".net"][sum(map(ord, name)) % 5]


def _mail(first: str, last: str, company: str) -> str:
    return f"{first[0].lower()}.{re.sub(r'[^a-z]', '', last.lower())}@{_domain(company)}"


def _dims(volume: float, packages: int) -> str:
    """Plausible L x W x H in cm of one package of a goods line (noise, not a field)."""
    v = max(volume / max(packages, 1), 0.3)
    unit = (v / 0.9) ** (1 / 3)  # L : W : H ~ 1.8 : 0.9 : 0.55 of a cube root
    return f"{round(unit * 180)} x {round(unit * 90)} x {round(unit * 60)}"


def unseen6_style(s: Shipment, family: str, fields: dict[str, Any],
                  items: list[dict[str, Any]], style: dict[str, Any],
                  extra: dict[str, Any]) -> None:
    """Settle the family's own label wordings and formatting choices in ``style``/``extra``."""
    rng = random.Random(f"unseen6-{family}-{style['render_seed']}")
    style["page_size"] = "A4"
    style["footer"] = [n for n in style.get("footer", []) if "Bank" not in n and "VAT" not in n]
    if family == "contract_email_confirmation":
        L = style["u6_labels"] = _pick(rng, _MAIL)
        style["u6_quote"] = rng.random() < 0.5
        first, last = rng.choice(_CONTACTS_CN if s.seller.country == "CN" else _CONTACTS_EN)
        bfirst, blast = rng.choice(_CONTACTS_CN if s.buyer.country == "CN" else _CONTACTS_EN)
        d = s.contract_date
        extra.update({
            "sender": f"{first} {last}", "sender_first": first,
            "sender_mail": _mail(first, last, s.seller.name),
            "sender_title": L["titles"],
            "buyer_contact": f"{bfirst} {blast}", "buyer_first": bfirst, "buyer_last": blast,
            "buyer_mail": _mail(bfirst, blast, s.buyer.name),
            "cc": f"sales@{_domain(s.seller.name)}",
            "weekday": _WEEKDAYS[d.weekday()],
            "time": f"{rng.randint(7, 18)}:{rng.randint(0, 59):02d}",
            "quoted_date": (d - timedelta(days=rng.randint(1, 6))).isoformat(),
            "kb": rng.randint(80, 900),
            "tel_seller": _tel(rng, _DIAL.get(s.seller.country, "1")),
            "seller_name_zh": s.seller.name_zh,
        })
        extra["printer"] = extra["sender"] if rng.random() < 0.6 else extra["buyer_contact"]
        extra["printer_mail"] = (extra["sender_mail"] if extra["printer"] == extra["sender"]
                                 else extra["buyer_mail"])
    elif family == "invoice_exporter_ref_grid":
        style["u6_labels"] = _pick(rng, _IRG)
        style["u6_sublines"] = rng.random() < 0.5
        style["u6_no_col"] = rng.random() < 0.5
        style["u6_split"] = len(items) >= 2 and rng.random() < 0.8
        extra.update({
            "tel": _tel(rng, _DIAL.get(s.seller.country, "1")),
            "contract_date": s.contract_date.isoformat(),
            "exp_ref": f"{rng.choice(['EXP', 'E', 'XS'])}/{s.invoice_date.year}/"
                       f"{rng.randint(10, 999):03d}",
            "other_ref": rng.choice([f"Proforma Inv. {rng.choice(['PI', 'PF'])}-"
                                     f"{rng.randint(1000, 9999)}",
                                     f"Customer code {rng.randint(10000, 99999)}", "",
                                     f"Exporter code {rng.randint(10**9, 10**10 - 1)}"]),
            "receipt_city": _city(s.seller.address),
            "dest_country": s.discharge_country,
            "container": s.containers[0] if s.containers else "",
        })
    elif family == "pl_container_stuffing":
        style["u6_labels"] = _pick(rng, _STF)
        style["u6_right_head"] = rng.random() < 0.5
        extra.update({
            "vessel": s.vessel, "pol": s.port_of_loading, "pod": s.port_of_discharge,
            "seals": list(s.seals),
            "ctype": rng.choice(["40'HC", "40HQ", "20'GP", "40'FR", "40'OT"]),
            "dims": {g.model.upper(): _dims(g.volume_cbm, g.packages) for g in s.goods},
            "tel": _tel(rng, _DIAL.get(s.seller.country, "1")),
        })
    elif family == "bl_waybill_clause_column":
        style["u6_labels"] = _pick(rng, _SWC)
        if style["numfmt"] in ("eu", "space"):  # carriers print "63.440 CBM", never "63,440"
            style["numfmt"] = "en"
        style["u6_dec"] = rng.choice([3, 2, 0])
        if not float(fields["gross_weight_kg"]).is_integer() and style["u6_dec"] == 0:
            style["u6_dec"] = 2
        extra["booking_no"] = f"{rng.choice(['', 'BKG', s.carrier['prefix'][:2]])}" \
                              f"{rng.randint(10**7, 10**8 - 1)}"
        extra["delivery"] = rng.choice([s.port_of_discharge, "", f"{s.port_of_discharge} CY"])
    elif family == "cert_findings_register":
        style["u6_labels"] = _pick(rng, _CFR)
        style["u6_stacked"] = rng.random() < 0.5
        extra["verify_code"] = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
                                       for _ in range(8))
    elif family == "vr_booklet_spread":
        style["u6_labels"] = _pick(rng, _VRS)
        style["orientation"] = "landscape"
        style["page_numbers"] = "none"
        v = s.vehicle
        assert v is not None
        veh = next(x for x in pools()["vehicles"] if x["brand_zh"] == v.brand_zh)
        auth = extra.get("authority", "广东省广州市公安局交通警察支队")
        prov = next((p for p in _PLATES if auth.startswith(p)), "广东")
        letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
        length = rng.randint(4500, 4900)
        base = date.fromisoformat(fields["registration_date"])
        extra.update({
            "manufacturer": veh["manufacturer"],
            "plate": f"{_PLATES[prov]}·{rng.choice(letters)}{rng.randint(1000, 9999)}"
                     f"{rng.choice(letters + '0123456789')}",
            "plate2": f"{_PLATES[prov]}·{rng.choice('DF')}{rng.randint(10000, 99999)}",
            "id_masked": f"{rng.randint(110101, 659001)}********{rng.randint(1000, 9999)}",
            "credit_code": "91" + f"{rng.randint(110000, 659999)}" + "".join(
                rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(10)),
            "engine_model": rng.choice(["BYD472QA", "JLH-4G15TD", "SQRE4T15C", "4A91",
                                        "JL4G18", "A25A", "EA211"]),
            "disp": f"{rng.choice([1498, 1497, 1984, 1598, 1999, 2487])} ml / "
                    f"{rng.randint(78, 160)} kw",
            "track": f"{rng.randint(1540, 1620)} {rng.randint(1540, 1620)} mm",
            "wheelbase": f"{rng.randint(2650, 2850)} mm",
            "size": f"长{length} 宽{rng.randint(1800, 1950)} 高{rng.randint(1450, 1750)} mm",
            "mass": f"{rng.randint(1800, 2300)} kg",
            "seats": f"{rng.choice([5, 5, 5, 7])} 人",
            "factory_date": (base - timedelta(days=rng.randint(15, 120))).isoformat(),
            "transfer_seal": rng.random() < 0.6,
        })


# --------------------------------------------------------------------------- helpers


_LIGHT = HexColor("#777777")


def _leader(sh: Sheet, x: float, label_w: float, label: str, value: str, width: float,
            size: float = 9) -> None:
    """``Label ........ value``: dotted leaders up to the value column, the value wrapping."""
    lines = sh.wrap(value, width - label_w - 4, size) or [""]
    lead = size * 1.38
    sh.ensure(len(lines) * lead + 2)
    sh.y += lead
    sh.text(x, sh.y, label, size)
    lx = x + sh.width(label, size) + 4
    n = int((x + label_w - 10 - lx) / max(sh.width(".", size), 0.1))
    if n > 1:
        sh.text(lx, sh.y, "." * n, size, color=_LIGHT)
    for i, ln in enumerate(lines):
        if i:
            sh.y += lead
        sh.text(x + label_w, sh.y, ln, size)


class _Mono:
    """Draw with the typewriter face for a while (a mail body's pasted fixed-width table)."""

    def __init__(self, sh: Sheet):
        self.sh = sh
        self.saved = (sh.family, sh.fonts)

    def __enter__(self) -> _Mono:
        self.sh.family, self.sh.fonts = "Courier", ("Courier", "Courier-Bold")
        return self

    def __exit__(self, *exc: object) -> None:
        self.sh.family, self.sh.fonts = self.saved


def _mono_table(sh: Sheet, keys: list[str], heads: dict[str, str], rows: list[dict[str, str]],
                total: dict[str, str], right: set[str]) -> None:
    """An unruled fixed-width table: columns padded with spaces, dashes under the heading."""
    cells = [heads, *rows, total]
    widths = {k: max(len(r.get(k, "")) for r in cells) for k in keys}
    fixed = sum(v for k, v in widths.items() if k != "description") + 2 * (len(keys) - 1)
    size = 8.2
    while size > 6.2 and (sh.right - sh.left) / (0.6 * size) - fixed < 18:
        size -= 0.2
    avail = int((sh.right - sh.left) / (0.6 * size))
    widths["description"] = max(12, min(widths["description"], avail - fixed))
    span = min(avail, sum(widths.values()) + 2 * (len(keys) - 1))

    def line(r: dict[str, str]) -> str:
        return "  ".join(r.get(k, "").rjust(widths[k]) if k in right else
                         r.get(k, "").ljust(widths[k]) for k in keys).rstrip()

    def emit(text: str, bold: bool = False) -> None:
        sh.ensure(size * 1.32)
        sh.y += size * 1.32
        sh.text(sh.left, sh.y, text, size, bold=bold)

    with _Mono(sh):
        emit(line(heads), True)
        emit("-" * span)
        for r in rows:
            for i, dl in enumerate(textwrap.wrap(r.get("description", ""),
                                                 widths["description"]) or [""]):
                emit(line({**(r if i == 0 else {}), "description": dl}))
        emit("-" * span)
        emit(line(total), True)
        emit("=" * span)


# --------------------------------------------------------------------------- contract


def contract_email_confirmation(sh: Sheet, cx: Ctx) -> None:
    """An order confirmation printed from the seller's e-mail, countersigned and stamped."""
    f, L, x = cx.f, cx.st["u6_labels"], cx.x
    w = sh.right - sh.left
    cur = f["currency"]
    dec = fmt.money_decimals(cur)
    sent = f"{x['weekday']}, {cx.date('document_date')} {x['time']}"
    subject = L["subject"].format(no=f["document_number"])
    sender = f"{x['sender']} <{x['sender_mail']}>"
    to = f"{x['buyer_contact']} <{x['buyer_mail']}>"
    # The mail client's print header.
    sh.y += 14
    if L["client"] == "outlook":
        sh.text(sh.left, sh.y, x["printer"], 11.5, bold=True)
        sh.y += 5
        sh.hline(sh.left, sh.right, sh.y, 2.4)
        sh.y += 2
        head = [("From", sender), (L["sent"], sent), ("To", to), (L["cc"], x["cc"]),
                ("Subject", subject),
                (L["attach"], f"{f['document_number']}.pdf ({x['kb']} KB)")]
        hw = max(sh.width(k + ":", 9, True) for k, _ in head) + 12
        for k, v in head:
            sh.kv(sh.left, k, v, label_w=hw, width=w, size=9, bold_label=True)
    else:
        sh.text(sh.left, sh.y, L["webmail"], 13, bold=True, color=_LIGHT)
        sh.text(sh.right, sh.y, f"{x['printer']} <{x['printer_mail']}>", 8.5, align="right")
        sh.y += 6
        sh.hline(sh.left, sh.right, sh.y, 0.5, color=_LIGHT)
        sh.para(sh.left, subject, w, 13, bold=True)
        sh.y += 12
        sh.text(sh.left, sh.y, "1 message", 7.5, color=_LIGHT)
        sh.y += 5
        sh.hline(sh.left, sh.right, sh.y, 0.5, color=_LIGHT)
        sh.y += 14
        sh.text(sh.left, sh.y, sender, 9, bold=True)
        sh.text(sh.right, sh.y, sent, 8.5, align="right")
        for ln in (f"To: {to}", f"{L['cc']}: {x['cc']}"):
            sh.y += 11
            sh.text(sh.left, sh.y, ln, 8.5, color=_LIGHT)
    sh.y += 10
    # The body: greeting, the confirmation block, the goods pasted as fixed-width text.
    greet = L["greet"].format(name=x["buyer_contact"], last=x["buyer_last"],
                              first=x["buyer_first"])
    sh.para(sh.left, greet, w, 9.5)
    sh.y += 4
    sh.para(sh.left, L["intro"], w, 9.5)
    sh.y += 4
    ind = sh.left + 16
    pairs = [(L["ref_no"], f["document_number"]), (L["ref_date"], cx.date("document_date")),
             (L["seller"], f"{f['seller']}\n{f['seller_address']}"),
             (L["buyer"], f"{f['buyer']}\n{f['buyer_address']}")]
    kw = max(sh.width(k + " :", 9, True) for k, _ in pairs) + 10
    for k, v in pairs:
        sh.kv(ind, k, v, label_w=kw, width=w - 16, size=9, sep=" :", bold_label=True)
    sh.y += 6
    opt = [c for c in cx.st["columns"] if c in ("brand", "origin", "manufacture_year",
                                                "hs_code")]
    sep_unit = cx.st.get("qty_mode") == "separate"
    keys = ["no", "description", "model", *opt, "quantity", *(["unit"] if sep_unit else []),
            "unit_price", "amount"]
    heads = dict(L["gh"])
    heads["unit_price"] += f" {cur}"
    heads["amount"] += f" {cur}"
    rows = [{k: cx.cell(k, it, i) for k in keys} for i, it in enumerate(cx.items)]
    for r, it in zip(rows, cx.items, strict=True):
        for k in ("unit_price", "amount"):
            if k in it:
                r[k] = _num(cx, it[k], dec)
    total = {"description": L["total"], "amount": _num(cx, f["total_amount"], dec)}
    units = {it["unit"] for it in cx.items}
    if len(units) == 1:
        q = sum(it["quantity"] for it in cx.items)
        total["quantity"] = str(q) if sep_unit else cx.qty({"quantity": q, "unit": units.pop()})
    _mono_table(sh, keys, heads, rows, total,
                {"unit_price", "amount", "quantity", "manufacture_year"})
    sh.y += 4
    sh.para(sh.left, f"{L['total_line']}: {cx.money_total(f['total_amount'])}", w, 9.5,
            bold=True)
    if cx.st["numfmt"] != "space":
        sh.para(sh.left, fmt.amount_in_words(f["total_amount"], cur), w, 8.5)
    sh.y += 4
    role_s, role_b = L["seller"].title().removesuffix("s"), L["buyer"].title().removesuffix("s")
    terms = [(L["basis"], L["basis_fmt"].format(t=f["trade_terms"]))]
    if cx.has("country_of_origin"):
        made_in = L["origin"] == "Made in" and cx.st["country_style"] == "made_in"
        terms.append((L["origin"], cx.country(f["country_of_origin"],
                                              "title" if made_in else None)))
    terms += [(L["pol"], f["port_of_loading"]), (L["pod"], f["port_of_discharge"]),
              (L["lsd"], L["lsd_fmt"].format(d=cx.date("latest_shipment_date"))),
              (L["pay"], x.get("payment_terms", "")), (L["cur"], cur),
              (L["insp"], f"by CCIC or another body recognised by GACC, at the {role_s}'s "
                          f"premises, before loading; costs for the {role_s}'s account"),
              (L["docs"], "commercial invoice, packing list, full set of bills of lading, "
                          "pre-shipment inspection certificate")]
    lw = max(sh.width(k, 9) for k, _ in terms) + 34
    for k, v in terms:
        _leader(sh, ind, lw, k, v, w - 16)
    sh.y += 8
    sh.para(sh.left, L["countersign"], w, 9.5)
    sh.y += 6
    sh.para(sh.left, L["closing"] + ",", w, 9.5)
    sh.ensure(60)
    sh.y += 4
    sig = [x["sender"], x["sender_title"], f["seller"], f["seller_address"],
           f"Tel. {x['tel_seller']}  |  {x['sender_mail']}"]
    for i, ln in enumerate(sig):
        sh.para(sh.left, ln, w * 0.7, 9 if i < 3 else 8, bold=i == 0)
    # Countersignature blocks: the seller signed and stamped the print-out.
    sh.ensure(110)
    sh.y += 22
    sh.text(sh.left, sh.y, L["accept"], 9.5, bold=True)
    y0 = sh.y + 16
    half = w / 2
    for i, (role, name) in enumerate(((role_s, f["seller"]), (role_b, f["buyer"]))):
        bx = sh.left + i * half
        sh.text(bx, y0, L["for_fmt"].format(r=role), 9, bold=True)
        for j, ln in enumerate(sh.wrap(name, half - 30, 8.5)[:2]):
            sh.text(bx, y0 + 12 + j * 10, ln, 8.5)
        sh.hline(bx, bx + half - 40, y0 + 62, 0.5)
        sh.text(bx, y0 + 72, "Signature / Date", 7.5, color=_LIGHT)
        if i == 0 and f.get("has_signature"):
            sh.signature(bx + 16, y0 + 58, 95, 22)
        if i == 0 and f.get("has_seal"):
            zh = x.get("seller_name_zh")
            sh.seal(bx + half * 0.62, y0 + 38, 82, zh or f["seller"].upper()[:26],
                    "合同专用章" if zh else "")
    sh.y = y0 + 88
    sh.ensure(24)
    sh.para(sh.left, L["disclaimer"], w, 6.8)
    if cx.st["u6_quote"]:
        _quoted(sh, cx, to, sender)


def _quoted(sh: Sheet, cx: Ctx, buyer: str, seller: str) -> None:
    """The buyer's message the confirmation answers, quoted under it."""
    f, L, x = cx.f, cx.st["u6_labels"], cx.x
    w = sh.right - sh.left
    qd = fmt.fmt_date(x["quoted_date"], cx.st["date_format"])
    sh.y += 10
    head = L["quote_head"].format(d=qd, who=buyer)
    sh.para(sh.left, head, w, 8.5, bold=True)
    if not head.startswith("On "):
        for ln in (f"From: {buyer}", f"Sent: {qd}", f"To: {seller}",
                   f"Subject: Enquiry / purchase order {f['buyer'].split()[0]}"):
            sh.para(sh.left, ln, w, 8.2)
    lines = [f"Dear {x['sender_first']},", "",
             "please confirm the following machines as discussed:"]
    lines += [f"- {it.get('quantity', 1)} x {it.get('description', '')} {it.get('model', '')}"
              for it in cx.items]
    lines += ["", f"Delivery {f['trade_terms']}, shipment as soon as possible.",
              "Best regards", x["buyer_contact"]]
    for ln in lines:
        sh.ensure(11)
        sh.y += 10.5
        sh.text(sh.left + 6, sh.y, "> " + ln if ln else ">", 8.2, color=_LIGHT)



# --------------------------------------------------------------------------- invoice


def _stack(sh: Sheet, x: float, y: float, width: float,
           cells: list[tuple[str, list[str], float]], height: float, size: float = 8.4) -> None:
    """Boxes side by side filling ``width`` (weights as the third item), all ``height`` tall."""
    tot = sum(c[2] for c in cells)
    for lab, lines, wt in cells:
        cw = width * wt / tot
        sh.box(x, y, cw, height, lab, lines, size=size, label_size=6.6)
        x += cw


def _need(sh: Sheet, width: float, cells: list[tuple[str, list[str], float]],
          size: float = 8.4) -> float:
    """Height the tallest of a row of :func:`_stack` boxes needs."""
    tot = sum(c[2] for c in cells)
    return max(_box_h(sh, width * wt / tot, lines, lab, size) for lab, lines, wt in cells)


def invoice_exporter_ref_grid(sh: Sheet, cx: Ctx) -> None:
    """Export invoice with the tall exporter / references box grid; items run onto page 2."""
    f, L, x = cx.f, cx.st["u6_labels"], cx.x
    w = sh.right - sh.left
    cur = f["currency"]
    dec = fmt.money_decimals(cur)
    half = w / 2
    inv = L["inv_fmt"].format(no=f["document_number"], d=cx.date("document_date"))
    # Title.
    sh.y += 22
    sh.text(sh.W / 2, sh.y, L["title"], 15, bold=True, align="center")
    if L["sub"]:
        sh.y += 12
        sh.text(sh.W / 2, sh.y, L["sub"], 8, align="center")
    sh.y += 8
    y = sh.y
    # Exporter at left; invoice no. & date, references at right.
    refs_a = [(L["inv"], inv.split("\n"), 0.55), (L["exp_ref"], [x["exp_ref"]], 0.45)]
    order = f"{f['contract_number']} DT. {fmt.fmt_date(x['contract_date'], cx.st['date_format'])}" \
        if cx.has("contract_number") else ""
    refs_b = [(L["order"], [order], 1.0)]
    refs_c = [(L["other"], [x["other_ref"]], 1.0)]
    h_a, h_b = max(_need(sh, half, refs_a), 34), max(_need(sh, half, refs_b), 26)
    h_c = max(_need(sh, half, refs_c), 26)
    ex = [(L["exporter"], [f["seller"], f["seller_address"], f"Tel: {x['tel']}"], 1.0)]
    h1 = max(_need(sh, half, ex), h_a + h_b + h_c)
    h_c = h1 - h_a - h_b
    _stack(sh, sh.left, y, half, ex, h1)
    _stack(sh, sh.left + half, y, half, refs_a, h_a)
    _stack(sh, sh.left + half, y + h_a, half, refs_b, h_b)
    _stack(sh, sh.left + half, y + h_a + h_b, half, refs_c, h_c)
    y += h1
    # Consignee | buyer if other than consignee.
    row2 = [(L["consignee"], [f["buyer"], f["buyer_address"]], 1.0),
            (L["buyer_other"], [L["same"]], 1.0)]
    h2 = max(_need(sh, w, row2), 48)
    _stack(sh, sh.left, y, w, row2, h2)
    y += h2
    # The routing boxes at left, origin / destination and the terms at right.
    hr = 26
    origin = cx.country(f["country_of_origin"]) if cx.has("country_of_origin") else \
        L["origin_many"]
    _stack(sh, sh.left, y, half, [(L["pre"], [L["pre_v"]], 1.0),
                                  (L["receipt"], [x["receipt_city"]], 1.0)], hr)
    _stack(sh, sh.left + half, y, half, [(L["origin"], [origin], 1.0),
                                         (L["dest"], [cx.country(x["dest_country"])], 1.0)], hr)
    _stack(sh, sh.left, y + hr, half, [(L["vessel"], [x.get("vessel", "")], 1.0),
                                       (L["pol"], [f["port_of_loading"]], 1.0)], hr)
    _stack(sh, sh.left, y + 2 * hr, half, [(L["pod"], [f["port_of_discharge"]], 1.0),
                                           (L["final"], [f["port_of_discharge"]], 1.0)], hr)
    terms = [f["trade_terms"], f"{L['pay_cap']}: {x.get('payment_terms', '')}",
             f"CURRENCY: {cur}"]
    _stack(sh, sh.left + half, y + hr, half, [(L["terms"], terms, 1.0)], 2 * hr)
    sh.y = y + 3 * hr
    # The goods: model and the optional columns as columns, or as lines under the description.
    H = L["heads"]
    opt = [c for c in ("brand", "hs_code", "origin", "serial_number", "manufacture_year")
           if c in cx.st["columns"]]
    subl = cx.st["u6_sublines"]
    keys = ["marks", *(["no"] if cx.st["u6_no_col"] else []), "description",
            *([] if subl else ["model", *opt]), "quantity", "unit_price", "amount"]
    heads = {k: H[k] for k in keys}
    heads["unit_price"] += f"\n({cur})"
    heads["amount"] += f"\n({cur})"
    sub_lab = {"model": L["sub_model"], "brand": L["sub_brand"], "serial_number": L["sub_sn"],
               "manufacture_year": L["sub_year"], "hs_code": L["sub_hs"],
               "origin": L["sub_origin"]}
    rows = []
    for i, it in enumerate(cx.items):
        r = {k: cx.cell(k, it, i) for k in keys if k not in ("marks", "unit_price", "amount")}
        if subl:
            r["description"] = "\n".join([it.get("description", "")] + [
                f"{sub_lab[k]}: {cx.cell(k, it, i)}" for k in ["model", *opt] if k in it])
        r["marks"] = f"{x.get('marks', 'N/M')}\n{x['container']}" if i == 0 else ""
        r["unit_price"] = _num(cx, it["unit_price"], dec) if "unit_price" in it else ""
        r["amount"] = _num(cx, it["amount"], dec) if "amount" in it else ""
        rows.append(r)
    total = {"description": L["total"], "amount": cx.money_total(f["total_amount"])}
    units = {it["unit"] for it in cx.items}
    if len(units) == 1:
        total["quantity"] = cx.qty({"quantity": sum(it["quantity"] for it in cx.items),
                                    "unit": units.pop()})
    size = fit_size(sh, keys, [*rows, total], w, 8.0 if len(keys) <= 7 else 7.3)
    cols = _cols(sh, keys, heads, [*rows, total], w, size)
    if cx.st["u6_split"]:
        k = math.ceil(len(rows) / 2)
        carried = _num(cx, sum(it.get("amount", 0) for it in cx.items[:k]), dec)
        sh.table(sh.left, cols, rows[:k], ruled=True, size=size,
                 total_row={"description": L["cf"], "amount": carried})
        sh.text(sh.right, sh.y + 8, L["cont_foot"].format(p=2), 8, align="right")
        sh.new_page()
        sh.y += 20
        sh.text(sh.left, sh.y, L["cont_head"], 11, bold=True)
        sh.text(sh.right, sh.y, f"{L['inv']}: {inv.replace(chr(10), ' ')}", 8.5,
                align="right")
        sh.y += 5
        sh.hline(sh.left, sh.right, sh.y, 0.8)
        sh.y += 8
        rows = [{"description": L["bf"], "amount": carried}, *rows[k:]]
    sh.table(sh.left, cols, rows, ruled=True, size=size, total_row=total)
    # Amount in words, declaration and signature.
    words = fmt.amount_in_words(f["total_amount"], cur) if cx.st["numfmt"] != "space" else \
        cx.money_total(f["total_amount"])
    wl = [(L["words"], [words], 1.0)]
    hw = _need(sh, w, wl, 8.8)
    sh.ensure(hw + 90)
    _stack(sh, sh.left, sh.y, w, wl, hw, 8.8)
    sh.y += hw
    y = sh.y
    dh = 78
    _stack(sh, sh.left, y, w * 0.58, [(L["decl_head"], [L["decl"]], 1.0)], dh, 8)
    sx = sh.left + w * 0.58
    sw = w - w * 0.58
    sh.rect(sx, y, sw, dh, lw=0.7)
    for i, ln in enumerate(sh.wrap(L["for_fmt"].format(s=f["seller"]), sw - 10, 8, True)[:2]):
        sh.text(sx + 5, y + 11 + i * 9.5, ln, 8, bold=True)
    if x.get("signature"):
        sh.signature(sx + 24, y + 52, 90, 20)
    sh.text(sx + sw - 5, y + dh - 6, L["sign"], 7.6, align="right")
    sh.y = y + dh + 4



# --------------------------------------------------------------------------- packing list


_PW = {"pkg": 0.7, "description": 2.4, "model": 1.2, "serial_number": 1.3, "quantity": 0.75,
       "packages": 0.55, "dims": 1.55, "net_weight_kg": 0.9, "gross_weight_kg": 0.9,
       "volume_cbm": 0.7}
_PR = {"net_weight_kg", "gross_weight_kg", "volume_cbm"}
_PC = {"pkg", "quantity", "packages", "dims"}


def _blocks(n_items: int, containers: list[str]) -> list[tuple[list[int], list[int]]]:
    """Goods lines over containers: (container indices, item indices) per block."""
    n_c = max(len(containers), 1)
    if n_c >= n_items:
        out = [([i], [i]) for i in range(n_items)]
        out[-1][0].extend(range(n_items, n_c))
        return out
    per = math.ceil(n_items / n_c)
    return [([c], list(range(c * per, min(n_items, (c + 1) * per)))) for c in range(n_c)
            if c * per < n_items]


def pl_container_stuffing(sh: Sheet, cx: Ctx) -> None:
    """Packing list grouped by container: one band and table per container, sub-totals."""
    f, L, x = cx.f, cx.st["u6_labels"], cx.x
    w = sh.right - sh.left
    nf = cx.st["numfmt"]
    # Title at left, the shipper's letterhead at right (or the other way round).
    sh.y += 22
    y0 = sh.y
    tx, ta = (sh.left, "left") if not cx.st["u6_right_head"] else (sh.right, "right")
    hx, ha = (sh.right, "right") if not cx.st["u6_right_head"] else (sh.left, "left")
    sh.text(tx, y0 + 4, L["title"], 17, bold=True, align=ta, color=sh.accent)
    if L["subtitle"]:
        sh.text(tx, y0 + 17, L["subtitle"], 8, align=ta, color=_LIGHT)
    yy = y0
    for ln in sh.wrap(f["seller"], w * 0.48, 11, True):
        sh.text(hx, yy, ln, 11, bold=True, align=ha)
        yy += 12
    for ln in [*sh.wrap(f["seller_address"], w * 0.48, 8), f"Tel {x['tel']}"]:
        sh.text(hx, yy, ln, 8, align=ha)
        yy += 9.5
    sh.y = max(yy, y0 + 24) + 2
    sh.hline(sh.left, sh.right, sh.y, 1.4, color=sh.accent)
    sh.hline(sh.left, sh.right, sh.y + 2.5, 0.4, color=sh.accent)
    sh.y += 6
    # For account and risk of Messrs. ... at left, references at right.
    y0 = sh.y
    sh.y += 10
    sh.text(sh.left, sh.y, L["messrs"], 8, bold=True)
    for ln in sh.wrap(f["buyer"], w * 0.5, 9.5, True):
        sh.y += 12
        sh.text(sh.left + 8, sh.y, ln, 9.5, bold=True)
    for ln in sh.wrap(f["buyer_address"], w * 0.5, 8.6):
        sh.y += 10.5
        sh.text(sh.left + 8, sh.y, ln, 8.6)
    y_left = sh.y
    refs = [(L["no"], f["document_number"]), (L["date"], cx.date("document_date")),
            (L["invoice"], f["invoice_number"])]
    if cx.has("contract_number"):
        refs.append((L["contract"], f["contract_number"]))
    refs += [(L["per"], x["vessel"]),
             (L["route_lab"], L["route"].format(a=x["pol"], b=x["pod"]))]
    if x.get("packing"):
        refs.append((L["packing"], x["packing"]))
    rx = sh.left + w * 0.58
    rlw = max(sh.width(k + ":", 8.6) for k, _ in refs) + 8
    sh.y = y0
    for k, v in refs:
        sh.kv(rx, k, v, label_w=rlw, width=w * 0.42, size=8.6, bold_value=k == L["no"])
    sh.y = max(sh.y, y_left) + 10
    # One block per container.
    H = L["heads"]
    has_sn = "serial_number" in cx.st["columns"] and any("serial_number" in it
                                                         for it in cx.items)
    has_vol = "volume_cbm" in cx.st["columns"] and all("volume_cbm" in it for it in cx.items)
    keys = ["pkg", "description", "model", *(["serial_number"] if has_sn else []), "quantity",
            "packages", "dims", "net_weight_kg", "gross_weight_kg",
            *(["volume_cbm"] if has_vol else [])]
    heads = {k: H[k] for k in keys}
    conts = f_conts = x.get("containers") or []
    seals = x.get("seals") or []
    blocks = _blocks(len(cx.items), conts)
    k0 = 1
    all_rows = []
    for it in cx.items:
        p = max(int(it.get("packages", 1)), 1)
        all_rows.append({
            "pkg": str(k0) if p == 1 else f"{k0}-{k0 + p - 1}",
            "description": it.get("description", ""), "model": it.get("model", ""),
            "serial_number": it.get("serial_number", ""), "quantity": cx.qty(it),
            "packages": str(it.get("packages", "")),
            "dims": x["dims"].get(it.get("model", ""), ""),
            "net_weight_kg": fmt.fmt_weight(it["net_weight_kg"], "bare", nf),
            "gross_weight_kg": fmt.fmt_weight(it["gross_weight_kg"], "bare", nf),
            "volume_cbm": fmt.fmt_number(it["volume_cbm"], 2, nf) if has_vol else ""})
        k0 += p
    size = fit_size(sh, keys, all_rows, w, 7.8 if len(keys) <= 9 else 7.2)
    cols = weighted_cols(sh, keys, heads, all_rows, w, size, _PW, _PR, _PC)
    nb = len(blocks)
    for b, (cis, iis) in enumerate(blocks):
        sh.ensure(90)
        sh.y += 6
        names = [f"{_container_fmt(sh, cx, f_conts[c])}   {L['seal']}: {seals[c]}"
                 if c < len(seals) else _container_fmt(sh, cx, f_conts[c])
                 for c in cis if c < len(f_conts)]
        band = [f"{L['cntr'].format(i=b + 1, n=nb)}:  {names[0] if names else '-'}   "
                f"{L['ctype']}: {x['ctype']}", *(f"+ {n}" for n in names[1:])]
        bh = 6 + 11 * len(band)
        sh.rect(sh.left, sh.y, w, bh, lw=0.6, fill=_GREY)
        for i, ln in enumerate(band):
            sh.text(sh.left + 5, sh.y + 12 + i * 11, ln, 8.4, bold=True)
        sh.y += bh
        rows = [all_rows[i] for i in iis]
        sub = None
        if nb > 1:
            its = [cx.items[i] for i in iis]
            sub = {"description": L["sub"].format(i=b + 1),
                   "packages": str(sum(int(it.get("packages", 0)) for it in its)),
                   "net_weight_kg": fmt.fmt_weight(sum(it["net_weight_kg"] for it in its),
                                                   "bare", nf),
                   "gross_weight_kg": fmt.fmt_weight(sum(it["gross_weight_kg"] for it in its),
                                                     "bare", nf)}
            if has_vol:
                sub["volume_cbm"] = fmt.fmt_number(sum(it["volume_cbm"] for it in its), 2, nf)
        sh.table(sh.left, cols, rows, ruled=True, size=size, total_row=sub)
    # The grand total, boxed at right, and in words.
    n = f["total_packages"]
    word = _pkg_word(cx, n)
    grand = [(L["g_pkgs"], f"{n} {word}"), (L["g_nw"], cx.weight(f["net_weight_kg"])),
             (L["g_gw"], cx.weight(f["gross_weight_kg"])),
             (L["g_vol"], cx.volume(f["volume_cbm"]))]
    gh = 20 + 13 * len(grand)
    sh.ensure(gh + 80)
    sh.y += 10
    gx, gw_ = sh.left + w * 0.5, w * 0.5
    sh.rect(gx, sh.y, gw_, gh, lw=1.0)
    sh.text(gx + 6, sh.y + 12, L["grand"], 9.5, bold=True)
    for i, (k, v) in enumerate(grand):
        yy = sh.y + 26 + i * 13
        sh.text(gx + 10, yy, k + ":", 8.8)
        sh.text(gx + gw_ - 8, yy, v, 9, bold=True, align="right")
    sh.text(sh.left, sh.y + 12, f"{len(f_conts)} x {x['ctype']}" if f_conts else "", 8.8)
    sh.y += gh + 4
    sh.para(sh.left, L["say"].format(w=_words(n), n=n, p=word), w, 8.8, bold=True)
    # Signature at right.
    sh.ensure(70)
    sh.y += 18
    sx = sh.right - 200
    sh.text(sx, sh.y, L["sign"] + ":", 8.6, bold=True)
    for i, ln in enumerate(sh.wrap(f["seller"], 200, 8.6)[:2]):
        sh.text(sx, sh.y + 12 + i * 10.5, ln, 8.6)
    if sh.rng.random() < 0.6:
        sh.signature(sx + 20, sh.y + 50, 90, 20)
    sh.hline(sx, sh.right, sh.y + 54, 0.5)
    sh.y += 62



# --------------------------------------------------------------------------- bill of lading


def bl_waybill_clause_column(sh: Sheet, cx: Ctx) -> None:
    """Sea waybill: numbered boxes at left, the carrier and a clause column down the right."""
    f, L, x = cx.f, cx.st["u6_labels"], cx.x
    w = sh.right - sh.left
    dec = cx.st["u6_dec"]
    lw_ = w * 0.63
    rx, rw = sh.left + lw_, w - lw_
    num = [0]

    def lab(text: str) -> str:
        num[0] += 1
        return f"{L['num'].format(n=num[0])} {text}"

    def boxes(x0: float, y: float, width: float, cells: list[tuple[str, list[str], float]],
              least: float, size: float = 8.4) -> float:
        cells = [(lab(k), v, wt) for k, v, wt in cells]
        h = max(_need(sh, width, cells, size), least)
        _stack(sh, x0, y, width, cells, h, size)
        return y + h

    y0 = sh.y + 4
    # Left column: parties, then the routing boxes two a row.
    y = boxes(sh.left, y0, lw_, [(L["shipper"], [f["shipper"], x["shipper_address"]], 1)], 56)
    y = boxes(sh.left, y, lw_, [(L["consignee"], [f["consignee"], x["consignee_address"]], 1)],
              56)
    y = boxes(sh.left, y, lw_, [(L["notify"], [f["notify_party"]], 1)], 34)
    y = boxes(sh.left, y, lw_, [(L["vessel"], [f["vessel"]], 1.2), (L["voyage"], [f["voyage"]],
                                                                     0.8)], 26)
    y = boxes(sh.left, y, lw_, [(L["pol"], [f["port_of_loading"]], 1),
                                (L["pod"], [f["port_of_discharge"]], 1)], 26)
    y_left = boxes(sh.left, y, lw_, [(L["receipt"], [x.get("place_of_receipt") or ""], 1),
                                     (L["delivery"], [x["delivery"]], 1)], 26)
    # Right column: carrier, title, numbers, then the clauses in small print.
    yy = y0 + 14
    for ln in sh.wrap(x["carrier"], rw - 12, 11, True)[:2]:
        sh.text(rx + 8, yy, ln, 11, bold=True, color=sh.accent)
        yy += 13
    yy -= 9
    for ln in sh.wrap(L["title"], rw - 16, 13, True):
        yy += 15
        sh.text(rx + 8, yy, ln, 13, bold=True)
    for ln in sh.wrap(L["nonneg"], rw - 14, 6.6, True):
        yy += 9
        sh.text(rx + 8, yy, ln, 6.6, bold=True, color=_LIGHT)
    yy += 8
    yy = boxes(rx, yy, rw, [(L["no"], [f["document_number"]], 1)], 26, 10)
    refs = [(L["bkg"], [x["booking_no"]], 1)]
    if x.get("invoice_no"):
        refs.append((L["ref"], [x["invoice_no"]], 1))
    yy = boxes(rx, yy, rw, refs, 26, 8)
    yy += 12
    sh.text(rx + 6, yy, L["clauses_head"], 6.4, bold=True)
    yy += 2
    text = " ".join(_CLAUSES)
    for ln in sh.wrap(text, rw - 12, 5.4):
        if yy + 6.3 > y_left - 2:
            break
        yy += 6.3
        sh.text(rx + 6, yy, ln, 5.4, color=HexColor("#333333"))
    sh.rect(rx, y0, rw, y_left - y0, lw=0.7)
    # The particulars: a text block at left, weight / measurement / packages boxes at right.
    y = y_left
    sh.rect(sh.left, y, w, 13, lw=0.7, fill=_GREY)
    sh.text(sh.left + 4, y + 9.5, lab(L["part"]), 7, bold=True)
    y += 13
    pk = f["total_packages"]
    many = _pkg_word(cx, pk)
    lines = [f"{L['marks']}: {x.get('marks', 'N/M')}", f"{pk} {many}", L["stc"],
             *x["goods_lines"], "", L["cntr_head"]]
    lines += [f"{_container_fmt(sh, cx, c)} / SEAL {s} / {x['container_type']}"
              for c, s in zip(f["container_numbers"], f["seal_numbers"], strict=False)]
    if x.get("invoice_no"):
        lines.append(f"INVOICE NO. {x['invoice_no']}")
    wrapped = [p for ln in lines for p in (sh.wrap(ln, lw_ - 12, 8.2) or [""])]
    gw = f"{_num(cx, f['gross_weight_kg'], dec)} KGS"
    meas = f"{_num(cx, f['volume_cbm'], 3)} CBM"
    right = [(L["gw"], [gw]), (L["meas"], [meas]),
             (L["pkgs"], [f"{pk} {many}", f"({_words(pk)} {many} ONLY)"])]
    right = [(lab(k), v) for k, v in right]
    hr = [max(_box_h(sh, rw, v, k, 8.6), 30) for k, v in right]
    ph = max(len(wrapped) * 10 + 10, sum(hr))
    if y + ph + 90 > sh.bottom:  # a long list of containers: the particulars go overleaf
        sh.new_page()
        y = sh.y + 10
    sh.rect(sh.left, y, lw_, ph, lw=0.7)
    for i, ln in enumerate(wrapped):
        sh.text(sh.left + 6, y + 12 + i * 10, ln, 8.2, bold=i == 1)
    scale = ph / sum(hr)
    yy = y
    for (k, v), h in zip(right, hr, strict=True):
        sh.box(rx, yy, rw, h * scale, k, v, size=8.6, label_size=6.6, bold=True)
        yy += h * scale
    y += ph
    # The bottom strip: freight, issue, on board, the carrier's signature.
    bh = 46
    cells = [(lab(L["freight"]), [x["freight"]], 0.8),
             (lab(L["issue"]), [f["port_of_loading"], cx.date("document_date")], 1.1),
             (lab(L["onboard"]), [cx.date("on_board_date")], 0.9),
             (lab(L["signed"]), [], 1.2)]
    _stack(sh, sh.left, y, w, cells, bh)
    sx = sh.right - w * 1.2 / 4.0
    sh.signature(sx + 18, y + 36, 90, 18)
    sh.text(sh.right - 4, y + bh - 4, x["carrier_short"], 7, align="right")
    sh.y = y + bh
    sh.para(sh.left, L["delivery_note"], w, 6.6)



# --------------------------------------------------------------------------- certificate


def cert_findings_register(sh: Sheet, cx: Ctx) -> None:
    """Agency register box, bilingual key list, per-item findings, seal over the signature."""
    from .render import _CONCLUSION

    f, L, x = cx.f, cx.st["u6_labels"], cx.x
    w = sh.right - sh.left
    bi, en = cx.lang == "bi", cx.lang == "en"
    sep = ": " if en else "："

    def lab(key: str) -> str:
        zh, e = L[key]
        return e if en else f"{zh} {e}" if bi else zh

    # Header: a logo square and the agency at left, the register box at right.
    sh.y += 8
    y0 = sh.y
    agency = f.get("issuing_agency", "")
    sh.rect(sh.left, y0, 40, 40, lw=0, fill=sh.accent)
    sh.text(sh.left + 20, y0 + 25, (agency[:2] if agency else "检验"), 12, bold=True,
            align="center", color=HexColor("#ffffff"))
    yy = y0 + 12
    for ln in sh.wrap(agency, w * 0.5, 11.5, True)[:2]:
        sh.text(sh.left + 48, yy, ln, 11.5, bold=True, color=sh.accent)
        yy += 13
    sh.text(sh.left + 48, yy, "INSPECTION · VERIFICATION · CERTIFICATION", 6.5, color=_LIGHT)
    bx, bw = sh.left + w * 0.62, w * 0.38
    reg = [(lab("no"), f["document_number"], True), (lab("issue"), cx.date("document_date"),
                                                     False),
           (lab("page"), f"1/{sh.total_pages or 1}", False)]
    for i, (k, v, b) in enumerate(reg):
        ry = y0 + i * 15
        sh.rect(bx, ry, bw * 0.45, 15, lw=0.5, fill=_GREY)
        sh.rect(bx + bw * 0.45, ry, bw * 0.55, 15, lw=0.5)
        sh.text(bx + 3, ry + 10.5, sh.wrap(k, bw * 0.45 - 5, 6.8)[0], 6.8)
        sh.text(bx + bw * 0.45 + 3, ry + 10.5, v, 8 if len(v) > 16 else 8.8, bold=b)
    sh.y = y0 + 48
    sh.hline(sh.left, sh.right, sh.y, 1.6, color=sh.accent)
    sh.text(sh.right, sh.y + 10, L["original"] if not en else "ORIGINAL", 8, bold=True,
            align="right", color=HexColor("#b3261e"))
    # Title.
    tz, te = L["title"]
    sh.y += 28
    sh.text(sh.W / 2, sh.y, te if en else tz, 13 if en else 17, bold=True, align="center")
    if bi:
        for ln in sh.wrap(te, w * 0.8, 9, True):
            sh.y += 12
            sh.text(sh.W / 2, sh.y, ln, 9, bold=True, align="center")
    sh.y += 10
    # The key list: the Chinese label, the English under it (stacked) or beside it.
    pairs = [("applicant", f["applicant"]), ("consignor", x["consignor"]),
             ("contract", f["contract_number"]), ("invoice", f["invoice_number"])]
    if cx.has("bl_number"):
        pairs.append(("bl", f["bl_number"]))
    if cx.has("inspection_place"):
        pairs.append(("place", f["inspection_place"]))
    pairs.append(("date", cx.date("inspection_date")))
    if cx.has("inspection_basis"):
        pairs.append(("basis", f["inspection_basis"]))
    gz, ge = L["goods_v"]
    n = len(cx.items)
    pairs.append(("goods", ge.format(n=n) if en else gz.format(n=n) + (
        f" / {ge.format(n=n)}" if bi else "")))
    stacked = bi and cx.st["u6_stacked"]
    lw = min(max(w * 0.22, *(sh.width(L[k][0] if stacked else lab(k) + sep.strip(), 8.8, True)
                             + 10 for k, _ in pairs)), w * 0.45)
    for k, v in pairs:
        zh, e = L[k]
        caption = [zh, e] if stacked else [lab(k) + sep.strip()]
        lines = sh.wrap(v, w - lw - 6, 9.4)
        h = max(len(lines) * 12.5, 13 + (9 if stacked else 0)) + 4
        sh.ensure(h)
        sh.text(sh.left, sh.y + 11, caption[0], 8.8, bold=True)
        if stacked:
            sh.text(sh.left, sh.y + 20, caption[1], 6.6, color=_LIGHT)
        for i, ln in enumerate(lines):
            sh.text(sh.left + lw, sh.y + 11 + i * 12.5, ln, 9.4)
        sh.y += h
        sh.hline(sh.left, sh.right, sh.y - 1, 0.3, color=HexColor("#bbbbbb"))
    # Findings, item by item.
    sh.y += 10
    sh.text(sh.left, sh.y + 10, lab("results"), 10.5, bold=True)
    sh.y += 15
    sh.hline(sh.left, sh.left + 160, sh.y, 1.0, color=sh.accent)
    A = L["attrs"]
    order = [k for k in ("brand", "model", "serial_number", "quantity", "origin",
                         "manufacture_year", "hs_code", "hours_used") if k in cx.st["columns"]]
    bad = f["conclusion"] != "conforming"
    for i, it in enumerate(cx.items):
        iz, ie = L["item_fmt"]
        head = (ie if en else iz).format(n=i + 1)
        sh.ensure(70)
        sh.y += 4
        sh.para(sh.left, f"{head}  {it.get('description', '')}", w, 9.6, bold=True)
        bits = []
        for k in order:
            if k == "quantity":
                v = cx.qty(it)
            elif k == "hours_used":
                if "hours_used" not in it:
                    continue
                v = f"{it['hours_used']} h" if en else f"{it['hours_used']}小时"
            elif k in it:
                v = cx.cell(k, it, i)
            else:
                continue
            az, ae = A[k]
            bits.append(f"{ae if en else az}{sep}{v}")
        sh.para(sh.left + 12, "  |  ".join(bits), w - 12, 8.6)
        fz, fe = L["finding_bad"] if bad and i == 0 else L["finding_ok"]
        sh.para(sh.left + 12, fe if en else fz, w - 12, 8.6)
        if bi:
            sh.para(sh.left + 12, fe, w - 12, 7.6)
    # The overall conclusion, with an accent bar at its left.
    concl = sh.rng.choice(_CONCLUSION[f["conclusion"]])
    if en or bi:
        ce = ("The goods inspected conform to the mandatory requirements of the national "
              "technical regulations of China." if not bad else
              "The goods inspected do not conform to the mandatory requirements.")
        concl = ce if en else f"{concl} {ce}"
    sh.ensure(120)
    sh.y += 10
    top = sh.y
    sh.para(sh.left + 10, lab("concl") + sep.strip(), w - 10, 10, bold=True)
    sh.para(sh.left + 10, concl, w - 10, 9.4)
    sh.rect(sh.left, top + 2, 3, sh.y - top + 2, lw=0, fill=sh.accent)
    sh.y += 8
    a, b = cx.date("document_date"), cx.date("valid_until")
    days = (date.fromisoformat(f["valid_until"]) - date.fromisoformat(f["document_date"])).days
    if not en:
        sh.para(sh.left, L["valid"].format(n=days, b=b), w, 9.6, bold=True)
    if en or bi:
        sh.para(sh.left, L["valid_en"].format(n=days, b=b), w, 8.6, bold=en)
    # Signatory and agency; the seal stamped across both and the validity line.
    sh.ensure(90)
    sh.y += 20
    ys = sh.y
    if cx.has("authorized_signatory"):
        sh.text(sh.left, ys, f"{lab('signatory')}{sep}{f['authorized_signatory']}", 9.4)
    if f.get("has_signature"):
        sh.signature(sh.left + 50, ys + 30, 90, 20)
    sh.hline(sh.left, sh.left + 210, ys + 34, 0.4)
    sh.text(sh.left, ys + 48, f"{lab('issue')}{sep}{a}", 9)
    ax = sh.left + w * 0.55
    sh.text(ax, ys, lab("agency") + sep.strip(), 9.4)
    for i, ln in enumerate(sh.wrap(agency, w * 0.45, 9.2)[:2]):
        sh.text(ax, ys + 14 + i * 11, ln, 9.2)
    if f.get("has_seal"):
        sh.seal(ax + w * 0.12, ys + 2, 100, agency, "检验专用章")
    sh.y = ys + 60
    nz, ne = L["notes"]
    code = L["verify"].format(h=L["verify_host"], c=x["verify_code"])
    sh.ensure(24)
    sh.para(sh.left, ne if en else f"{nz} {ne}" if bi else nz, w, 7, align="left")
    sh.para(sh.left, code, w, 7)



# --------------------------------------------------------------------------- used cars


def _vr_row(sh: Sheet, x0: float, y: float, h: float,
            cells: list[tuple[str, float, bool]], size: float = 7.6) -> None:
    """One row of small cells: (text, width, is_label); labels shaded, text wrapped."""
    xx = x0
    for text, cw, is_lab in cells:
        sh.rect(xx, y, cw, h, lw=0.5, fill=HexColor("#f3efe4") if is_lab else None)
        lines = sh.wrap(text, cw - 5, size)[:3]
        top = y + (h - len(lines) * (size + 1.6)) / 2 + size
        for i, ln in enumerate(lines):
            sh.text(xx + 2.5 if is_lab else xx + 4, top + i * (size + 1.6), ln, size)
        xx += cw


def _barcode(sh: Sheet, x0: float, y: float, seed: str, width: float = 110,
             h: float = 16) -> None:
    """Bars of a printed code (drawn, so no text)."""
    rng = random.Random(seed)
    xx = x0
    while xx < x0 + width:
        bw = rng.choice([0.7, 0.7, 1.4, 2.1])
        sh.rect(xx, y, bw, h, lw=0, fill=HexColor("#000000"))
        xx += bw + rng.choice([0.7, 1.4, 2.1])


def vr_booklet_spread(sh: Sheet, cx: Ctx) -> None:
    """机动车登记证书 opened flat: registration summaries at left, the vehicle at right."""
    f, L, x = cx.f, cx.st["u6_labels"], cx.x
    red = HexColor("#b3261e")
    mid = sh.W / 2
    gap = 16
    lx, lw = sh.left, mid - gap - sh.left
    rx, rw = mid + gap, sh.right - mid - gap
    sh.c.setDash(3, 3)
    sh.vline(mid, sh.top, sh.H - sh.margin, 0.4)
    sh.c.setDash()
    dfmt = cx.st["date_format"]
    # Left page: the number at the top right, the two summary sections below.
    y = sh.top + 16
    sh.text(lx, y, "机动车登记证书", 12, bold=True)
    sh.text(lx + lw, y, f"{L['no']} {f['document_number']}", 11, bold=True, align="right",
            color=red)
    _barcode(sh, lx + lw - 120, y + 5, f["document_number"], 120, 14)
    y += 26
    hh, rh = 18, 21
    numw = 22

    def section(title: str, x0: float, width: float) -> None:
        nonlocal y
        sh.rect(x0, y, width, hh, lw=0.7)
        sh.text(x0 + width / 2, y + 12.5, title, 9.5, bold=True, align="center")
        y += hh

    def block(roman: str, rows: list[list[tuple[str, float, bool]]]) -> None:
        nonlocal y
        sh.rect(lx, y, numw, rh * len(rows), lw=0.5)
        sh.text(lx + numw / 2, y + rh * len(rows) / 2 + 3, roman, 8.5, align="center")
        for r in rows:
            _vr_row(sh, lx + numw, y, rh, r)
            y += rh

    cw = lw - numw
    lab_w = cw * 0.3
    pid, cid = L["id_name"]
    reg = cx.date("registration_date")
    section(L["sec1"], lx, lw)
    block("Ⅰ", [[("1.机动车所有人/身份证明名称/号码", lab_w, True),
                 (f"{x['previous_owner']}/{pid}/{x['id_masked']}", cw - lab_w, False)],
                [("2.登记机关", lab_w, True), (x["authority"] + "车辆管理所", cw - lab_w, False)],
                [("3.登记日期", lab_w * 0.6, True), (reg, cw / 2 - lab_w * 0.6, False),
                 ("4.机动车登记编号", lab_w * 0.7, True), (x["plate"], cw / 2 - lab_w * 0.7,
                                                         False)]])
    y += 6
    section(L["sec2"], lx, lw)
    transfers = [(f"{f['owner']}/{cid}/{x['credit_code']}", x["authority"] + "车辆管理所",
                  cx.date("transfer_registration_date"), x["plate2"])] + [("", "", "", "")] * 3
    y_tr = y
    for roman, (own, auth, d, plate) in zip(["Ⅱ", "Ⅲ", "Ⅳ", "Ⅴ"], transfers, strict=True):
        block(roman, [[(L["owner"], lab_w, True), (own, cw - lab_w, False)],
                      [("登记机关", lab_w, True), (auth, cw - lab_w, False)],
                      [("登记日期", lab_w * 0.6, True), (d, cw / 2 - lab_w * 0.6, False),
                       ("机动车登记编号", lab_w * 0.7, True), (plate, cw / 2 - lab_w * 0.7,
                                                             False)]])
    if x["transfer_seal"]:
        sh.seal(lx + lw * 0.8, y_tr + rh * 1.6, 70, x["authority"][:14], "转移登记专用章")
    sh.text(lx + lw / 2, sh.H - sh.margin + 4, "1", 8, align="center")
    # Right page: the vehicle, numbered cells two pairs a row (the VIN across the row).
    y = sh.top + 16 + 26
    section(L["sec3"], rx, rw)
    fd = fmt.fmt_date(x["factory_date"], dfmt)
    spec = [("5.车辆类型", L["kind"]), ("6.车辆品牌", f["brand"]), ("7.车辆型号", f["model"]),
            ("8.车身颜色", x["colour"]), ("9.车辆识别代号/车架号", f["vin"]),
            ("10.国产/进口", "国产"), ("11.发动机号", x["engine_no"]),
            ("12.发动机型号", x["engine_model"]), ("13.燃料种类", L["fuel"]),
            ("14.排量/功率", x["disp"]), ("15.制造厂名称", x["manufacturer"]),
            ("16.转向形式", L["steer"]), ("17.轮距", x["track"]), ("18.轮胎数", "4"),
            ("19.轮胎规格", L["tyre"]), ("20.钢板弹簧片数", "——"), ("21.轴距", x["wheelbase"]),
            ("22.轴数", "2"), ("23.外廓尺寸", x["size"]), ("24.货厢内部尺寸", "——"),
            ("25.总质量", x["mass"]), ("26.核定载质量", "——"), ("27.核定载客", x["seats"]),
            ("28.准牵引总质量", "——"), ("29.驾驶室载客", "——"), ("30.使用性质", L["use"]),
            ("31.车辆获得方式", L["get"]), ("32.车辆出厂日期", fd)]
    pw = rw / 2
    la = pw * 0.42
    i = 0
    while i < len(spec):
        k, v = spec[i]
        if k.startswith("9."):
            _vr_row(sh, rx, y, rh, [(k, la, True), (v, rw - la, False)])
            i += 1
        else:
            k2, v2 = spec[i + 1] if i + 1 < len(spec) else ("", "")
            _vr_row(sh, rx, y, rh, [(k, la, True), (v, pw - la, False), (k2, la, True),
                                    (v2, pw - la, False)])
            i += 2
        y += rh
    th = 54
    _vr_row(sh, rx, y, th, [("33.发证机关章", la, True), ("", pw - la, False),
                            ("34.发证日期", la, True), (cx.date("document_date"), pw - la,
                                                       False)])
    if f.get("has_seal"):
        sh.seal(rx + la + (pw - la) / 2, y + th / 2, 64, x["authority"][:14], "车辆管理专用章")
    sh.text(rx + rw / 2, sh.H - sh.margin + 4, "2", 8, align="center")
    sh.y = y + th


RENDERERS = {
    "contract_email_confirmation": contract_email_confirmation,
    "invoice_exporter_ref_grid": invoice_exporter_ref_grid,
    "pl_container_stuffing": pl_container_stuffing,
    "bl_waybill_clause_column": bl_waybill_clause_column,
    "cert_findings_register": cert_findings_register,
    "vr_booklet_spread": vr_booklet_spread,
}
