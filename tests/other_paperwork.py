"""Other trade paperwork, drawn as PDFs: the documents docproc must call ``unknown``.

A case folder also holds certificates of origin, insurance policies, letters of credit, quotes,
customs declarations ... They quote the same parties, numbers and goods as the documents docproc
reads (an L/C even lists "commercial invoice", "packing list" and "bill of lading" among the
documents it requires), so they are the hard negatives for the document-type classifier. Used
by ``scripts/train_doctype.py`` (training and evaluation, text layer and OCR) and by the tests.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from tests.corpus import Shipment
from tests.corpus.sheet import Col, Sheet

Fields = list[tuple[str, str]]


def _goods(s: Shipment) -> str:
    return "; ".join(f"{g.quantity} {g.unit} {g.description_en}" for g in s.goods)


def _route(s: Shipment) -> str:
    return f"From {s.port_of_loading} to {s.port_of_discharge} by sea, vessel {s.vessel}"


def _origin(s: Shipment, rng: random.Random) -> tuple[list[str], Fields, str]:
    fields = [
        ("1. Exporter", f"{s.seller.name}, {s.seller.address}"),
        ("2. Consignee", f"{s.buyer.name}, {s.buyer.address}"),
        ("3. Means of transport and route", _route(s)),
        ("4. Country / region of destination", s.discharge_country),
        ("5. For certifying authority use only", ""),
        ("6. Marks and numbers", "N/M"),
        ("7. Number and kind of packages; description of goods", _goods(s)),
        ("8. H.S. Code", ", ".join(g.hs_code for g in s.goods)),
        ("9. Quantity", str(sum(g.quantity for g in s.goods))),
        ("10. Number and date of invoices", f"{s.invoice_no} {s.invoice_date.isoformat()}"),
    ]
    tail = ("11. Declaration by the exporter: the undersigned hereby declares that the above "
            "details and statements are correct, that all the goods were produced in China and "
            "that they comply with the Rules of Origin of the People's Republic of China. "
            "12. Certification: it is hereby certified that the declaration by the exporter is "
            "correct. China Council for the Promotion of International Trade.")
    titles = ["CERTIFICATE OF ORIGIN", "原产地证明书",
              "CERTIFICATE OF ORIGIN OF THE PEOPLE'S REPUBLIC OF CHINA", "FORM A"]
    return [rng.choice(titles)], fields, tail


def _insurance(s: Shipment, rng: random.Random) -> tuple[list[str], Fields, str]:
    amount = round(s.total_amount * 1.1, 2)
    fields = [
        ("Policy No.", f"PYIE2026{rng.randint(10**8, 10**9 - 1)}"),
        ("Insured", s.seller.name),
        ("Invoice No.", s.invoice_no),
        ("Contract No.", s.contract_no),
        ("Amount insured", f"{s.currency} {amount:,.2f}"),
        ("Goods", _goods(s)),
        ("Per conveyance S.S.", f"{s.vessel} {s.voyage}"),
        ("From", s.port_of_loading),
        ("To", s.port_of_discharge),
        ("Conditions", "Covering All Risks and War Risks as per Ocean Marine Cargo Clauses"),
        ("Claims payable at", s.port_of_discharge),
    ]
    tail = ("This policy of insurance witnesses that the insurance company, at the request of the "
            "insured and in consideration of the agreed premium, undertakes to insure the "
            "undermentioned goods in transportation subject to the conditions of this policy.")
    titles = ["INSURANCE POLICY", "CARGO TRANSPORTATION INSURANCE POLICY", "货物运输保险单",
              "保险单", "INSURANCE CERTIFICATE"]
    return [rng.choice(titles), "PICC Property and Casualty Company Limited"], fields, tail


def _credit(s: Shipment, rng: random.Random) -> tuple[list[str], Fields, str]:
    fields = [
        ("Form of documentary credit", "IRREVOCABLE"),
        ("Documentary credit number", f"LC{rng.randint(10**7, 10**8 - 1)}"),
        ("Date of issue", s.contract_date.isoformat()),
        ("Applicant", f"{s.buyer.name}, {s.buyer.address}"),
        ("Beneficiary", f"{s.seller.name}, {s.seller.address}"),
        ("Currency code, amount", f"{s.currency} {s.total_amount:,.2f}"),
        ("Port of loading", s.port_of_loading),
        ("Port of discharge", s.port_of_discharge),
        ("Latest date of shipment", s.latest_shipment_date.isoformat()),
        ("Description of goods", f"{_goods(s)} as per contract {s.contract_no} {s.incoterm}"),
    ]
    tail = ("Documents required: signed commercial invoice in triplicate; full set of clean on "
            "board ocean bills of lading made out to order, marked freight prepaid; packing list "
            "in triplicate; certificate of origin; insurance policy for 110 pct of invoice value. "
            "Additional conditions: all documents must quote this credit number. Charges: all "
            "banking charges outside the issuing bank are for account of the beneficiary.")
    titles = ["IRREVOCABLE DOCUMENTARY CREDIT", "LETTER OF CREDIT", "信用证",
              "MT700 ISSUE OF A DOCUMENTARY CREDIT"]
    return [rng.choice(titles)], fields, tail


def _quotation(s: Shipment, rng: random.Random) -> tuple[list[str], Fields, str]:
    fields = [
        ("Quotation No.", f"Q-{rng.randint(1000, 9999)}"),
        ("Date", s.contract_date.isoformat()),
        ("To", s.buyer.name),
        ("Attn", "Purchasing Department"),
        ("Price basis", s.trade_terms),
        ("Validity", "30 days from the date of this offer"),
        ("Delivery time", "within 45 days after receipt of deposit"),
        ("Payment", s.payment_terms),
    ]
    tail = ("We are pleased to offer you the following goods at the prices below. Prices are "
            "subject to our final confirmation. We look forward to receiving your order.")
    titles = ["QUOTATION", "PRICE QUOTATION", "报价单", "OFFER SHEET", "PROFORMA OFFER"]
    return [rng.choice(titles), s.seller.name], fields, tail


def _customs(s: Shipment, rng: random.Random) -> tuple[list[str], Fields, str]:
    fields = [
        ("预录入编号 Pre-entry No.", str(rng.randint(10**17, 10**18 - 1))),
        ("境内发货人 Domestic consignor", s.seller.name),
        ("境外收货人 Overseas consignee", s.buyer.name),
        ("运输方式 Mode of transport", "水路运输"),
        ("运输工具名称 Conveyance", f"{s.vessel}/{s.voyage}"),
        ("提运单号 B/L No.", s.bl_no),
        ("合同协议号 Contract No.", s.contract_no),
        ("成交方式 Transaction mode", s.incoterm),
        ("件数 Packages", str(s.packages)),
        ("毛重 Gross weight (kg)", f"{s.gross_weight_kg:.1f}"),
        ("商品名称 Goods", _goods(s)),
    ]
    tail = "兹申明对以上内容承担如实申报、依法纳税之法律责任。海关批注及签章。"
    titles = ["中华人民共和国海关出口货物报关单", "出口货物报关单", "报关单", "CUSTOMS DECLARATION"]
    return [rng.choice(titles)], fields, tail


def _simple(titles: list[str], labels: list[str], tail: str) -> Callable[..., tuple]:
    """A short notice: title, reference rows that quote the shipment, one paragraph."""

    def build(s: Shipment, rng: random.Random) -> tuple[list[str], Fields, str]:
        values = {
            "ref": f"{rng.choice(['REF', 'NO', 'DN', 'PA'])}-{rng.randint(10000, 99999)}",
            "date": s.invoice_date.isoformat(),
            "buyer": s.buyer.name,
            "seller": s.seller.name,
            "invoice": s.invoice_no,
            "contract": s.contract_no,
            "bl": s.bl_no,
            "vessel": f"{s.vessel} {s.voyage}",
            "goods": _goods(s),
            "amount": f"{s.currency} {s.total_amount:,.2f}",
            "pol": s.port_of_loading,
            "pod": s.port_of_discharge,
            "containers": ", ".join(s.containers),
        }
        fields = [(lb.split("=")[0], values[lb.split("=")[1]]) for lb in labels]
        return [rng.choice(titles)], fields, tail

    return build


OTHER_KINDS: dict[str, Callable[[Shipment, random.Random], tuple[list[str], Fields, str]]] = {
    "certificate_of_origin": _origin,
    "insurance_policy": _insurance,
    "letter_of_credit": _credit,
    "quotation": _quotation,
    "customs_declaration": _customs,
    "delivery_note": _simple(
        ["DELIVERY NOTE", "送货单", "DELIVERY ORDER"],
        ["Delivery Note No.=ref", "Date=date", "Deliver to=buyer", "Order No.=contract",
         "Goods=goods", "Container=containers"],
        "Received the above goods in good order and condition. Receiver's signature and stamp."),
    "payment_advice": _simple(
        ["PAYMENT ADVICE", "付款通知书", "REMITTANCE ADVICE", "CREDIT ADVICE"],
        ["Our reference=ref", "Value date=date", "Ordering customer=buyer",
         "Beneficiary=seller", "Amount=amount", "Details of payment=invoice"],
        "We advise that we have today credited your account as above. Bank of China, "
        "International Settlement Department."),
    "shipping_advice": _simple(
        ["SHIPPING ADVICE", "装运通知", "SHIPMENT ADVICE"],
        ["To=buyer", "Date=date", "Contract No.=contract", "Vessel / voyage=vessel",
         "Port of shipment=pol", "Destination=pod", "Containers=containers"],
        "We are pleased to inform you that the goods under the above contract have been "
        "shipped. Please arrange insurance and customs clearance at destination."),
    "fumigation_certificate": _simple(
        ["FUMIGATION CERTIFICATE", "熏蒸证书", "CERTIFICATE OF FUMIGATION"],
        ["Certificate No.=ref", "Date of fumigation=date", "Consignor=seller",
         "Consignee=buyer", "Means of conveyance=vessel", "Port of destination=pod",
         "Container No.=containers"],
        "Fumigant: methyl bromide, dosage 48 g/m3, exposure 24 hours, temperature 21 C. The "
        "wood packing material has been fumigated in accordance with ISPM 15."),
    "beneficiary_certificate": _simple(
        ["BENEFICIARY'S CERTIFICATE", "受益人证明"],
        ["Date=date", "To=buyer", "Invoice No.=invoice", "L/C ref=ref"],
        "We hereby certify that one set of non-negotiable shipping documents has been sent "
        "to the applicant by courier within 3 days after shipment."),
    "memorandum": _simple(
        ["MEMORANDUM", "备忘录", "INTERNAL MEMO"],
        ["Date=date", "Re=contract", "Customer=buyer", "Shipment=vessel"],
        "Please note the revised loading schedule for the above order. Finance to follow up "
        "the outstanding balance with the customer before release of documents."),
}


def render_other(kind: str, shipment: Shipment, seed: int, path: str | Path) -> None:
    """Draw one piece of ``kind`` paperwork for ``shipment`` as a text PDF at ``path``."""
    rng = random.Random(f"{kind}-{seed}")
    heads, fields, tail = OTHER_KINDS[kind](shipment, rng)
    font = rng.choice(["Helvetica", "Times", "DejaVu"])
    sheet = Sheet(str(path), {"font": font, "render_seed": seed, "footer": []})
    width = sheet.right - sheet.left
    sheet.y += 24
    sheet.text(sheet.W / 2, sheet.y, heads[0], rng.choice([14, 16, 18]), bold=True,
               align="center")
    for extra in heads[1:]:
        sheet.y += 14
        sheet.text(sheet.W / 2, sheet.y, extra, 9, align="center")
    sheet.y += 14
    label_w = rng.choice([150.0, 170.0, 190.0])
    for label, value in fields:
        sheet.kv(sheet.left, label, value or "-", label_w=label_w, width=width)
    if rng.random() < 0.6:
        sheet.y += 6
        cols = [Col("d", "Description", width * 0.55), Col("q", "Quantity", width * 0.2),
                Col("w", "Gross weight", width * 0.25, "right")]
        rows = [{"d": g.description_en, "q": f"{g.quantity} {g.unit}",
                 "w": f"{g.gross_weight_kg:.1f} kg"} for g in shipment.goods]
        sheet.table(sheet.left, cols, rows, ruled=rng.random() < 0.5)
    sheet.y += 8
    sheet.para(sheet.left, tail, width)
    sheet.y += 30
    sheet.text(sheet.right - 160, sheet.y, "Authorized signature", 9)
    sheet.finish()
