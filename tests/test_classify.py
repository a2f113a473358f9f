"""Document-type classification: heading rules with OCR errors, other paperwork, phone photos.

The photo test runs the real read stage (Tesseract) on a 150-dpi phone photo of each main
document type of one fixed shipment — the source on which the classifier used to answer
``unknown`` — and the paperwork test checks that what is truly something else stays ``unknown``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from docproc import data
from docproc.classify import _numbered_title, _title_match, decide
from docproc.extract import norm
from docproc.pipeline import extract_path
from tests.corpus import documents, make_shipment, render_pdf
from tests.corpus.documents import MAIN_TYPES
from tests.other_paperwork import render_other


def _title(text: str) -> str | None:
    match = _title_match(norm(text), data.load("doctypes.yaml")["title_match"])
    return match[0] if match else None


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("COMMERCIAL INVOICE", "invoice"),
        ("C0MMERCIAL lNVOICE", "invoice"),  # OCR confusions
        ("机动牛登记证书", "vehicle_registration"),  # 车 read as 牛
        ("中华人民共和国出口许可证申请琢", "export_license_application"),
        ("35358 PACKING LIST", "packing_list"),
        ("BILL 0F LADING", "bill_of_lading"),
    ],
)
def test_headings_read_with_ocr_errors_still_count(text: str, want: str) -> None:
    assert _title(text) == want


@pytest.mark.parametrize(
    "text",
    [
        "Measurement",  # a B/L column header, a prefix of "Measurement List"
        "Invoice No. 2026-118",  # a label with its value
        "Commercial invoice 44/26/287",  # a reference on a packing note, its colon lost to OCR
        "CERTIFICATE OF ORIGIN",
        "INSURANCE POLICY",
        "IRREVOCABLE DOCUMENTARY CREDIT",
        "INSPECTION",  # a word of a title is not the title
        "This contract is made by and between the Seller and the Buyer",
        "Contract No.",  # a reference label, however close to the title "Contract"
        "Invoice Date",
        "Your order",  # a short title must be the whole line
        "To order",
    ],
)
def test_other_lines_are_not_headings(text: str) -> None:
    assert _title(text) is None


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Invoice INV-2025-0167", "invoice"),
        ("Rechnung Nr. 4711", "invoice"),
        ("Handelsrechnung / Commercial invoice AET253891", "invoice"),
        ("PURCHASE ORDER 4500012345", "contract"),
        ("Rechnungsnr. / Invoice no. AET253891", None),  # a label with its value
        ("Invoice INV-1 dated 2025-09-09 for the goods below", None),  # a sentence
    ],
)
def test_a_subject_line_heading_may_carry_its_number(text: str, want: str | None) -> None:
    match = _numbered_title(text, data.load("doctypes.yaml")["title_match"])
    assert (match[0] if match else None) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [("PURCHASE ORDER", "contract"), ("ORDER", "contract"), ("DETAILED CASE LIST", "packing_list"),
     ("Rechnung", "invoice"), ("PACKAGE LIST", "packing_list"),
     # an after-sales letter is worded by each maker in its own way
     ("LETTER OF COMMITMENT ON AFTER-SALES SERVICE", "after_sales_letter"),
     ("UNDERTAKING OF AFTER-SALES SERVICE", "after_sales_letter"),
     ("After-Sales Service Commitment", "after_sales_letter"),
     ("售后服务承诺书", "after_sales_letter")],
)
def test_real_world_title_wordings(text: str, want: str) -> None:
    assert _title(text) == want


def test_decide_needs_a_confident_model_without_a_heading() -> None:
    assert decide({}, {"invoice": 0.9, "unknown": 0.1})[0] == "invoice"
    assert decide({}, {"invoice": 0.3, "unknown": 0.4, "contract": 0.3})[0] == "unknown"
    assert decide({"packing_list": 1.5}, {"packing_list": 0.2, "unknown": 0.8})[0] == (
        "packing_list"
    )


@pytest.mark.parametrize(
    "kind", ["certificate_of_origin", "insurance_policy", "letter_of_credit", "customs_declaration"]
)
def test_other_paperwork_is_unknown(kind: str, tmp_path: Path) -> None:
    pdf = tmp_path / f"{kind}.pdf"
    render_other(kind, make_shipment(4343), 4343, pdf)
    assert extract_path(pdf)["doc_type"] == "unknown"


@pytest.mark.ocr
def test_phone_photo_of_each_main_type_is_classified(tmp_path: Path) -> None:
    from tests.corpus.degrade import render_photo

    wrong = []
    for k, gdoc in enumerate(documents(make_shipment(4343))):
        if gdoc.doc_type not in MAIN_TYPES:
            continue
        pdf = tmp_path / f"{k}-{gdoc.doc_type}.pdf"
        render_pdf(gdoc, pdf)
        photo = pdf.with_suffix(".jpg")
        render_photo(pdf, photo, dpi=150, seed=4343 + k)
        got = extract_path(photo)["doc_type"]
        if got != gdoc.doc_type:
            wrong.append((gdoc.doc_type, gdoc.layout, got))
    assert not wrong, wrong
