"""OCR-suspect findings: a disagreement a misreading explains is reported flagged
``ocr_suspect`` (with its rule's severity, as RULES.md and the schema fix it), a real
discrepancy is reported unflagged; neither is ever silently passed."""

from __future__ import annotations

import pytest

from docproc.check import REGISTRY, check_case
from docproc.check._text import extra_words_only, lookalike, separator_slip
from tests.test_check_support import (
    AS_OF,
    doc_of,
    fresh,
    setf,
    seti,
    validate_report,
    vehicle_case,
)


def run(docs: list[dict]) -> dict:
    report = check_case(docs, as_of=AS_OF)
    validate_report(report)
    return report


def scanned(doc: dict) -> dict:
    """The document as read by OCR (no text layer)."""
    doc["source"]["text_layer"] = False
    return doc


def only(report: dict, rule: str) -> dict:
    """The findings are all of ``rule``, with its severity; the first of them."""
    fs = report["findings"]
    assert fs and {f["rule"] for f in fs} == {rule}, fs
    assert len({f["ocr_suspect"] for f in fs}) == 1
    for f in fs:
        assert f["severity"] == REGISTRY[rule].severity  # the rule's severity, flagged or not
    return fs[0]


# ------------------------------------------------------------------------ the helpers


def test_extra_words_without_digits_are_a_reading_bleed() -> None:
    assert extra_words_only("VTC-300C USD", "VTC-300C")
    assert extra_words_only("MAZ068046, JAPAN SZ87148", "MAZ068046, SZ87148")
    assert extra_words_only("PC2OO-8 JAPAN", "PC200-8")  # with a confusion too
    assert not extra_words_only("A123456, A123457", "A123456")  # a serial missing: real
    assert not extra_words_only("PC300-8", "PC200-8")
    assert not extra_words_only("PC200-8", "PC200-8")


def test_lookalike_allows_few_slips_on_long_codes_only() -> None:
    assert lookalike("KMTPC160K01234", "KMTPC16OKO1234", 0)  # confusions only
    assert lookalike("KMTPC160K01234", "KMTPC160K0I23", 1)  # a glyph dropped
    assert lookalike("DI/26/790", "DIM26/790", 1)  # a glyph added
    assert not lookalike("KMTPC160K01234", "KMTPC760K07234", 1)  # two real changes
    assert not lookalike("8443139000", "8443179000", 1)  # 3 -> 7 is no look-alike
    assert not lookalike("PC20-8", "PC200-8", 1)  # too short for a slip to be told apart


def test_separator_slip_is_a_power_of_ten_with_the_same_digits() -> None:
    assert separator_slip(40970.0, 40.97, 3)
    assert separator_slip(9.85, 98.5, 3)
    assert not separator_slip(44.0, 40.97, 3)
    assert not separator_slip(40970.0, 40.97, 2)


# ----------------------------------------------------------------- goods and shipment


def test_model_with_a_neighbouring_word_is_suspect_but_still_an_error() -> None:
    docs = fresh()
    seti(doc_of(docs, "invoice"), 0, "model", "PC200-8 USD")
    report = run(docs)
    f = only(report, "goods.model_mismatch")
    assert f["ocr_suspect"] is True and report["verdict"] == "fail"


def test_real_model_difference_is_not_suspect() -> None:
    docs = fresh()
    seti(doc_of(docs, "inspection_certificate"), 1, "model", "PC300-8")
    f = only(run(docs), "goods.model_mismatch")
    assert f["ocr_suspect"] is False


def test_one_slip_in_a_serial_is_suspect_on_a_scan_only() -> None:
    docs = fresh()
    seti(doc_of(docs, "inspection_certificate"), 1, "serial_number", "KMTPC160K0I23")
    assert only(run(docs), "goods.serial_mismatch")["ocr_suspect"] is False  # text layer
    scanned(doc_of(docs, "inspection_certificate"))
    assert only(run(docs), "goods.serial_mismatch")["ocr_suspect"] is True


def test_one_changed_digit_of_an_hs_code_on_a_scan_is_not_suspect() -> None:
    docs = fresh()
    scanned(doc_of(docs, "inspection_certificate"))
    seti(doc_of(docs, "inspection_certificate"), 1, "hs_code", "8429591100")
    assert only(run(docs), "goods.hs_code_mismatch")["ocr_suspect"] is False


def test_a_different_serial_on_a_scan_is_not_suspect() -> None:
    docs = fresh()
    scanned(doc_of(docs, "inspection_certificate"))
    seti(doc_of(docs, "inspection_certificate"), 1, "serial_number", "KMTPC760K07234")
    assert only(run(docs), "goods.serial_mismatch")["ocr_suspect"] is False


def test_quantity_difference_stays_a_firm_error() -> None:
    docs = fresh()
    scanned(doc_of(docs, "inspection_certificate"))
    seti(doc_of(docs, "inspection_certificate"), 0, "quantity", 3)
    f = only(run(docs), "goods.quantity_mismatch")
    assert f["ocr_suspect"] is False


def test_volume_read_with_a_lost_decimal_point_is_suspect() -> None:
    docs = fresh()
    setf(doc_of(docs, "packing_list"), "volume_cbm", 985.0)  # 98.5 on the B/L side ~99.0
    setf(doc_of(docs, "bill_of_lading"), "volume_cbm", 98.5)
    f = only(run(docs), "shipment.volume_mismatch")
    assert f["ocr_suspect"] is True


def test_real_volume_difference_is_not_suspect() -> None:
    docs = fresh()
    setf(doc_of(docs, "bill_of_lading"), "volume_cbm", 120.0)
    f = only(run(docs), "shipment.volume_mismatch")
    assert f["ocr_suspect"] is False


# ----------------------------------------------------------------------------- vehicles

GOOD_VIN = "LGBH52E08NY123457"


def _app(docs: list[dict]) -> dict:
    return doc_of(docs, "export_license_application")


@pytest.mark.parametrize("misread", ["LGBH5ZE08NY123457",  # 2/Z: a confusion
                                     "LGBH52E08NY128457"])  # 3 read as 8: fails check digit
def test_misread_vin_is_paired_and_suspect(misread: str) -> None:
    docs = fresh(vehicle_case)
    scanned(_app(docs))
    setf(_app(docs), "vin", misread)
    report = run(docs)
    mism = [f for f in report["findings"] if f["rule"] == "vehicle.vin_mismatch"]
    assert mism and all(f["ocr_suspect"] for f in mism)
    assert {f["rule"] for f in report["findings"]} <= {"vehicle.vin_mismatch",
                                                       "vehicle.vin_check_digit"}
    for f in report["findings"]:
        assert f["ocr_suspect"] is True and f["severity"] == "error"


def test_two_valid_vins_are_two_vehicles_not_a_misreading() -> None:
    docs = fresh(vehicle_case)
    scanned(_app(docs))
    setf(_app(docs), "vin", "LGBH52E09NY123466")  # valid check digit, another vehicle
    f = only(run(docs), "vehicle.vin_mismatch")
    assert f["ocr_suspect"] is False


def test_vin_failing_its_check_digit_everywhere_is_not_suspect() -> None:
    docs = fresh(vehicle_case)
    for d in docs:
        if "vin" in d["fields"]:
            setf(d, "vin", "LGBH52E05NY123457")
    report = run(docs)
    assert {f["rule"] for f in report["findings"]} == {"vehicle.vin_check_digit"}
    assert not any(f["ocr_suspect"] for f in report["findings"])
