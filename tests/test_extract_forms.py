"""Form and letter conventions read from hand-placed words: numbered boxes of a bill of
lading, the address window of a European letter invoice, a currency printed after its label,
German wordings. Each case stands for a convention real issuers use that the generated
families first lacked."""

from __future__ import annotations

from docproc.extract import _parse_terms, extract_fields
from docproc.layout import analyse
from docproc.model import Page, Rule
from tests.test_extract_tables import _words


def _extract(rows, doc_type: str):
    page = Page(1, 595, 842, "pdf", _words(rows))
    fields, items, _w = extract_fields([analyse(page)], doc_type)
    return fields, items


def _v(fields: dict, key: str):
    return fields[key]["value"] if key in fields else None


BL = [
    (0.05, [(0.05, "1 Shipper (Name and Address)"), (0.55, "4 B/L No.")]),
    (0.065, [(0.05, "MIDLAND USED EQUIPMENT PLC"), (0.55, "MEDUNUJO97538439")]),
    (0.08, [(0.05, "Unit 3, Hillmead Enterprise Park, Swindon")]),
    (0.11, [(0.05, "2 Consignee (Name and Address)")]),
    (0.125, [(0.05, "SHANGHAI HAIDA INDUSTRIAL EQUIPMENT TRADING CO.")]),
    (0.20, [(0.05, "5 Vessel"), (0.25, "6 Voyage No."), (0.45, "7 Port of Loading"),
            (0.70, "8 Port of Discharge")]),
    (0.215, [(0.05, "MSC LORETO"), (0.25, "ML18N"), (0.45, "SOUTHAMPTON"), (0.70, "SHANGHAI")]),
]


def test_numbered_boxes_of_a_bill_of_lading() -> None:
    fields, _ = _extract(BL, "bill_of_lading")
    assert _v(fields, "document_number") == "MEDUNUJO97538439"  # "4 B/L No." is a label
    assert _v(fields, "shipper") == "MIDLAND USED EQUIPMENT PLC"
    assert _v(fields, "consignee") == "SHANGHAI HAIDA INDUSTRIAL EQUIPMENT TRADING CO."
    assert _v(fields, "vessel") == "MSC LORETO"  # not "6 Voyage No." beside it
    assert _v(fields, "voyage") == "ML18N"
    assert _v(fields, "port_of_loading") == "SOUTHAMPTON"


def test_a_quantity_after_a_number_is_no_box_label() -> None:
    rows = [(0.05, [(0.05, "BILL OF LADING")]),
            (0.10, [(0.05, "Total Packages:"), (0.30, "1 PACKAGES")])]
    fields, _ = _extract(rows, "bill_of_lading")
    assert _v(fields, "total_packages") == 1


LETTER = [
    (0.05, [(0.62, "Keystone Heavy Iron Inc.")]),
    (0.065, [(0.70, "1800 E Harbor Blvd")]),
    (0.08, [(0.70, "Long Beach, CA 90802")]),
    (0.14, [(0.08, "Keystone Heavy Iron Inc. · 1800 E Harbor Blvd · Long Beach")]),
    (0.155, [(0.08, "Guangzhou Tianyi Industrial Equipment Trading Co."),
             (0.58, "Rechnungsnr. / Invoice no."), (0.80, "INV-2025-0167")]),
    (0.17, [(0.08, "Room 507"), (0.58, "Datum:"), (0.80, "09.09.2025")]),
    (0.185, [(0.08, "No. 2398 Keyuan Road"), (0.58, "Ihre Bestellung"), (0.80, "PA/2025/207")]),
    (0.20, [(0.08, "Guangzhou 511490")]),
    (0.215, [(0.08, "China")]),
    (0.27, [(0.08, "Sehr geehrte Damen und Herren, für die folgende Lieferung berechnen wir")]),
    (0.40, [(0.40, "Endbetrag USD"), (0.80, "161.000,00")]),
    (0.45, [(0.08, "Lieferbedingung:"), (0.30, "FOB SAVANNAH (Incoterms 2020)")]),
    (0.465, [(0.08, "Versand ab Hafen:"), (0.30, "Savannah")]),
    (0.48, [(0.08, "Zielhafen:"), (0.30, "Nansha")]),
]


def test_letter_invoice_addressee_in_the_window_under_the_return_line() -> None:
    fields, _ = _extract(LETTER, "invoice")
    assert _v(fields, "seller") == "Keystone Heavy Iron Inc."
    assert _v(fields, "buyer") == "Guangzhou Tianyi Industrial Equipment Trading Co."
    assert _v(fields, "buyer_address") == (
        "Room 507, No. 2398 Keyuan Road, Guangzhou 511490, China"
    )
    assert _v(fields, "contract_number") == "PA/2025/207"


def test_german_labels_and_a_currency_after_the_total_label() -> None:
    fields, _ = _extract(LETTER, "invoice")
    assert _v(fields, "total_amount") == 161000.0
    assert _v(fields, "currency") == "USD"
    assert _v(fields, "trade_terms") == "FOB SAVANNAH"
    assert _v(fields, "port_of_loading") == "SAVANNAH"
    assert _v(fields, "port_of_discharge") == "NANSHA"


def test_no_window_addressee_without_a_return_line() -> None:
    rows = [r for r in LETTER if not r[1][0][1].startswith("Keystone Heavy Iron Inc. ·")]
    fields, _ = _extract(rows, "invoice")
    assert "buyer" not in fields  # an unlabelled block could be anyone's


def test_trade_terms_without_the_incoterms_edition() -> None:
    assert _parse_terms("CIF QINGDAO (Incoterms 2020)") == "CIF QINGDAO"
    assert _parse_terms("FOB Hamburg, Incoterms® 2010") == "FOB HAMBURG"
    assert _parse_terms("FCA Shanghai") == "FCA SHANGHAI"
    assert _parse_terms("CIF NINGBO (Incoterms") == "CIF NINGBO"  # the edition wrapped away


def test_second_half_of_a_misread_bilingual_label() -> None:
    # A photo at 150 dpi read "Messrs./买方" as "Moon /买方": the Chinese half is still the label.
    rows = [(0.05, [(0.05, "COMMERCIAL INVOICE")]),
            (0.10, [(0.05, "Moon /买方"), (0.55, "From/MUEIS")]),
            (0.115, [(0.05, "Tianjin Dongfang Engineering Machinery Ltd"), (0.55, "La Spezia")]),
            (0.13, [(0.05, "No. 560 Jiangshan Road, Dongli District, Tianjin")])]
    # The boxes of the form: a wall between the buyer's box and the port boxes.
    rules = [Rule(0.04, 0.095, 0.95, 0.095), Rule(0.53, 0.095, 0.53, 0.16),
             Rule(0.04, 0.16, 0.95, 0.16)]
    page = Page(1, 595, 842, "ocr", _words(rows), rules=rules)
    fields, _items, _w = extract_fields([analyse(page)], "invoice")
    assert _v(fields, "buyer") == "Tianjin Dongfang Engineering Machinery Ltd"
