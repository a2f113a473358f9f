"""Cross-check rules on hand-built cases: every rule fires on its discrepancy, stays silent
on a consistent case, and bad input becomes findings, never a crash or a silent pass."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from docproc.check import REGISTRY, check_case, rule_ids, verdict_of
from docproc.check._text import (
    concept_of,
    confusion_only,
    container_check_digit_ok,
    names_differ,
    parties_differ,
    vin_check_digit_ok,
)
from docproc.data import load
from tests.test_check_support import (
    AS_OF,
    clean_case,
    doc_of,
    fresh,
    mkdoc,
    rules_of,
    setf,
    seti,
    validate_report,
    vehicle_case,
)

RULES_MD = Path("/work/shared/spec/RULES.md")


def run(docs: list[dict], **kw: object) -> dict:
    report = check_case(docs, as_of=kw.pop("as_of", AS_OF), **kw)  # type: ignore[arg-type]
    validate_report(report)
    return report


# --------------------------------------------------------------------------- the contract


@pytest.mark.skipif(not RULES_MD.exists(), reason="shared spec RULES.md not mounted")
def test_registry_covers_every_rule_id_with_its_severity() -> None:
    spec = dict(re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \| (error|warning|info) \|",
                           RULES_MD.read_text(encoding="utf-8"), re.M))
    assert set(rule_ids()) == set(spec)
    assert {r: REGISTRY[r].severity for r in spec} == spec


def test_clean_cases_pass_without_findings() -> None:
    for builder in (clean_case, vehicle_case):
        report = run(fresh(builder))
        assert report["findings"] == [], report["findings"]
        assert report["verdict"] == "pass"
        assert report["summary"] == {"error": 0, "warning": 0, "info": 0}
        assert report["as_of"] == AS_OF.isoformat()
        assert report["schema_version"] == 1


def test_verdict_rules() -> None:
    assert verdict_of([]) == "pass"
    assert verdict_of([{"severity": "warning"}]) == "review"
    assert verdict_of([{"severity": "warning"}, {"severity": "error"}]) == "fail"
    assert verdict_of([{"severity": "error", "resolved": True}]) == "pass"


# ---------------------------------------------------------------------- one rule at a time

Mut = Callable[[list[dict]], None]


def _cert(d: list[dict]) -> dict:
    return doc_of(d, "inspection_certificate")


def _app(d: list[dict]) -> dict:
    return doc_of(d, "export_license_application")


def _del_doc(doc_type: str) -> Mut:
    return lambda d: d.remove(doc_of(d, doc_type))


CASES: list[tuple[str, Callable[[], list[dict]], Mut]] = [
    ("goods.name_mismatch", clean_case, lambda d: seti(_cert(d), 1, "description", "推土机")),
    ("goods.model_mismatch", clean_case, lambda d: seti(_cert(d), 1, "model", "PC300-7")),
    ("goods.quantity_mismatch", clean_case, lambda d: seti(_cert(d), 0, "quantity", 3)),
    ("goods.unit_mismatch", clean_case, lambda d: seti(_cert(d), 0, "unit", "kg")),
    ("goods.origin_mismatch", clean_case, lambda d: seti(_cert(d), 1, "origin", "US")),
    ("goods.hs_code_mismatch", clean_case, lambda d: seti(_cert(d), 1, "hs_code", "8429511000")),
    ("goods.serial_mismatch", clean_case,
     lambda d: seti(_cert(d), 1, "serial_number", "KMTPC160K07777")),
    ("goods.year_mismatch", clean_case, lambda d: seti(_cert(d), 1, "manufacture_year", 2011)),
    ("goods.missing_item", clean_case, lambda d: _cert(d)["line_items"].pop(0)),
    ("shipment.packages_mismatch", clean_case,
     lambda d: setf(doc_of(d, "bill_of_lading"), "total_packages", 4)),
    ("shipment.weight_mismatch", clean_case,
     lambda d: setf(doc_of(d, "bill_of_lading"), "gross_weight_kg", 26000.0)),
    ("shipment.volume_mismatch", clean_case,
     lambda d: setf(doc_of(d, "bill_of_lading"), "volume_cbm", 105.0)),
    ("shipment.container_check_digit", clean_case,
     lambda d: setf(doc_of(d, "bill_of_lading"), "container_numbers",
                    ["MSCU1234567", "TGHU7654320"])),
    ("party.seller_mismatch", clean_case,
     lambda d: setf(doc_of(d, "packing_list"), "seller", "Osaka Machinery Sales Co., Ltd.")),
    ("party.buyer_mismatch", clean_case,
     lambda d: setf(doc_of(d, "bill_of_lading"), "consignee", "QINGDAO HENGTONG TRADING CO")),
    ("reference.contract_mismatch", clean_case,
     lambda d: setf(doc_of(d, "invoice"), "contract_number", "THE-SJM-2026-019")),
    ("reference.invoice_mismatch", clean_case,
     lambda d: setf(_cert(d), "invoice_number", "INV-26-0047")),
    ("document.missing", clean_case, _del_doc("packing_list")),
    ("document.unreadable", clean_case, lambda d: setf(doc_of(d, "packing_list"),
                                                       "document_date", "31/31/2026")),
    ("amount.line_error", clean_case, lambda d: seti(doc_of(d, "invoice"), 1, "unit_price",
                                                     18000.0)),
    ("amount.total_error", clean_case, lambda d: setf(doc_of(d, "invoice"), "total_amount",
                                                      78000.0)),
    ("amount.exceeds_contract", clean_case,
     lambda d: (setf(doc_of(d, "contract"), "total_amount", 78000.0),
                seti(doc_of(d, "contract"), 1, "unit_price", 18000.0),
                seti(doc_of(d, "contract"), 1, "amount", 36000.0))),
    ("amount.currency_mismatch", clean_case,
     lambda d: setf(doc_of(d, "invoice"), "currency", "EUR")),
    ("certificate.after_departure", clean_case,
     lambda d: setf(_cert(d), "inspection_date", "2026-02-22")),
    ("certificate.expired", clean_case, lambda d: setf(_cert(d), "valid_until", "2026-03-01")),
    ("certificate.validity_too_long", clean_case,
     lambda d: setf(_cert(d), "valid_until", "2027-04-01")),
    ("certificate.missing_field", clean_case, lambda d: setf(_cert(d), "inspection_basis", None)),
    ("certificate.no_seal", clean_case, lambda d: setf(_cert(d), "has_seal", False)),
    ("certificate.no_signature", clean_case, lambda d: setf(_cert(d), "has_signature", None)),
    ("certificate.not_chinese", clean_case, lambda d: setf(_cert(d), "languages", ["en"])),
    ("certificate.non_conforming", clean_case,
     lambda d: setf(_cert(d), "conclusion", "non_conforming")),
    ("certificate.construction_machine_fields", clean_case,
     lambda d: seti(_cert(d), 1, "hours_used", None)),
    ("import.prohibited_used_goods", clean_case,
     lambda d: [seti(doc, i, "hs_code", "9018121000") for doc in d
                for i, it in enumerate(doc["line_items"]) if it.get("model", {}).get("value")
                in ("LB3000EXII", "LB3000 EXII")]),
    ("hs_code.format", clean_case, lambda d: seti(doc_of(d, "invoice"), 0, "hs_code",
                                                  "84295211")),
    ("vehicle.after_sales_letter_required", vehicle_case, _del_doc("after_sales_letter")),
    ("vehicle.after_sales_letter_incomplete", vehicle_case,
     lambda d: setf(doc_of(d, "after_sales_letter"), "service_outlets", None)),
    ("vehicle.brand_model_mismatch", vehicle_case, lambda d: setf(_app(d), "model",
                                                                  "DFL7181VBL2")),
    ("vehicle.registration_date_mismatch", vehicle_case,
     lambda d: setf(_app(d), "transfer_registration_date", "2026-02-03")),
    ("vehicle.vin_check_digit", vehicle_case,
     lambda d: [setf(doc, "vin", "LGBH52E05NY123457") for doc in d
                if "vin" in doc["fields"]]),
    ("vehicle.vin_mismatch", vehicle_case, lambda d: setf(_app(d), "vin", "LGBH52E09NY123466")),
]


@pytest.mark.parametrize(("rule_id", "builder", "mutation"), CASES, ids=[c[0] for c in CASES])
def test_rule_fires_on_its_discrepancy_only(rule_id: str, builder: Callable[[], list[dict]],
                                            mutation: Mut) -> None:
    docs = fresh(builder)
    assert run(fresh(builder))["findings"] == []  # silent on the consistent case
    mutation(docs)
    report = check_case(docs, as_of=AS_OF)
    validate_report(report, documents_valid=rule_id != "document.unreadable")
    assert rules_of(report) == {rule_id}, [f["message"] for f in report["findings"]]
    for f in report["findings"]:
        assert f["severity"] == REGISTRY[rule_id].severity
        assert f["message"] and f["evidence"]
    assert report["verdict"] == ("fail" if REGISTRY[rule_id].severity == "error" else "review")


def test_every_rule_id_has_a_firing_case_here_or_in_dedicated_tests() -> None:
    dedicated = {"certificate.duplicate_serial", "certificate.agency_not_recognized"}
    assert {c[0] for c in CASES} | dedicated == set(rule_ids())


# ------------------------------------------------------------------- messages and evidence


def test_quantity_finding_names_goods_and_quotes_both_values() -> None:
    docs = fresh()
    seti(_cert(docs), 0, "quantity", 3)
    (f,) = run(docs)["findings"]
    assert "CNC LATHE" in f["message"] and "2" in f["message"] and "3" in f["message"]
    ev = {e["document"]: e for e in f["evidence"]}
    assert ev["invoice"]["field"] == "line_items[1].quantity"
    assert ev["invoice"]["document_index"] == 1
    assert ev["inspection_certificate"]["document_index"] == 4
    assert ev["inspection_certificate"]["value"] == 3
    assert ev["inspection_certificate"]["page"] == 1 and len(ev["invoice"]["bbox"]) == 4
    assert f["ocr_suspect"] is False


def test_ocr_confusion_is_reported_but_marked_suspect() -> None:
    docs = fresh()
    seti(_cert(docs), 1, "model", "PC2OO-8")  # O for 0
    (f,) = run(docs)["findings"]
    assert f["rule"] == "goods.model_mismatch" and f["ocr_suspect"] is True


def test_low_confidence_makes_a_finding_suspect() -> None:
    docs = fresh()
    doc_of(docs, "bill_of_lading")["fields"]["total_packages"] = {
        "value": 4, "raw": "4", "confidence": 0.55, "page": 1, "bbox": [0.5, 0.5, 0.52, 0.51]}
    (f,) = run(docs)["findings"]
    assert f["rule"] == "shipment.packages_mismatch" and f["ocr_suspect"] is True


def test_serial_confusions_match_and_are_suspect() -> None:
    docs = fresh()
    seti(_cert(docs), 1, "serial_number", "KMTPCI6OKOI234")
    (f,) = run(docs)["findings"]
    assert f["rule"] == "goods.serial_mismatch" and f["ocr_suspect"] is True


def test_container_digit_fixed_by_confusion_is_suspect() -> None:
    assert container_check_digit_ok("MSCU1234566")
    docs = fresh()
    setf(doc_of(docs, "bill_of_lading"), "container_numbers", ["MSCU12345G6", "TGHU7654320"])
    report = check_case(docs, as_of=AS_OF)
    validate_report(report, documents_valid=False)  # the schema rejects the misread number
    (f,) = report["findings"]
    assert f["rule"] == "shipment.container_check_digit" and f["ocr_suspect"] is True
    assert f["evidence"][0]["field"] == "container_numbers[0]"


# ---------------------------------------------------------------------------- matching


def test_matching_survives_reordering_and_languages() -> None:
    docs = fresh()
    for d in docs:
        d["line_items"].reverse()
    assert run(docs)["findings"] == []


def test_merged_lines_quantities_are_summed() -> None:
    docs = fresh()
    pl = doc_of(docs, "packing_list")
    seti(pl, 2, "quantity", 2)  # one of the split lathe lines now says 2: total 3 vs 2
    (f,) = run(docs)["findings"]
    assert f["rule"] == "goods.quantity_mismatch"
    assert "3" in f["message"] and "2" in f["message"]


def test_extra_line_is_a_missing_item() -> None:
    docs = fresh()
    doc_of(docs, "packing_list")["line_items"].append(
        {k: v for k, v in mkdoc("x", {}, [{"description": "USED WHEEL LOADER", "model": "WA380-6",
                                           "quantity": 1, "unit": "unit"}])["line_items"][0]
         .items()})
    report = run(docs)
    assert rules_of(report) == {"goods.missing_item"}
    assert "WHEEL LOADER" in report["findings"][0]["message"]


def test_glossary_size_and_bilingual_concepts() -> None:
    rows = [r for r in load("glossary.csv") if not r["concept_id"].startswith("#")]
    assert len(rows) >= 150
    assert all(r["en"] and r["zh"] and r["hs_prefix"].isdigit() for r in rows)
    assert concept_of("USED HYDRAULIC EXCAVATOR").concept_id == "hydraulic_excavator"
    assert concept_of("旧挖机").concept_id == "hydraulic_excavator"
    assert concept_of("Crawler Excavators").concept_id == "hydraulic_excavator"
    assert not names_differ("HYDRAULIC EXCAVATOR", "液压挖掘机")
    assert names_differ("HYDRAULIC EXCAVATOR", "轮式装载机")
    assert names_differ("WHEEL LOADER", "BULLDOZER")


@pytest.mark.parametrize(("a", "b", "differ"), [
    ("ABC Machinery Co., Ltd.", "ABC MACHINERY COMPANY LIMITED", False),
    ("ABC Machinery Co Ltd", "abc machinery co., ltd", False),
    ("Smith & Sons Inc.", "SMITH AND SONS INCORPORATED", False),
    ("Tokyo Heavy Equipment Trading Co., Ltd.", "东京重机贸易株式会社", False),
    ("上海建丰机械进出口有限公司", "上海建丰机械进出口有限责任公司", False),
    ("ABC Machinery Co., Ltd.", "XYZ Trading GmbH", True),
    ("上海建丰机械进出口有限公司", "北京恒通设备有限公司", True),
])
def test_party_names(a: str, b: str, differ: bool) -> None:
    assert parties_differ(a, b) is differ


def test_chinese_party_names_compared_with_each_other() -> None:
    docs = fresh()
    setf(doc_of(docs, "contract"), "buyer", "上海建丰机械进出口有限公司 Shanghai Jianfeng "
         "Machinery Import & Export Co., Ltd.")
    setf(_cert(docs), "applicant", "北京恒通设备有限公司")
    (f,) = run(docs)["findings"]
    assert f["rule"] == "party.buyer_mismatch" and "北京恒通" in f["message"]


def test_confusions_and_check_digits() -> None:
    assert confusion_only("PC2OO-8", "PC200-8")
    assert not confusion_only("PC300-8", "PC200-8")
    assert vin_check_digit_ok("LGBH52E08NY123457")
    assert not vin_check_digit_ok("LGBH52E05NY123457")
    assert not container_check_digit_ok("MSCU1234567")


# ------------------------------------------------------------------------------ bad input


def test_one_document_case() -> None:
    report = run([doc_of(fresh(), "invoice")])
    assert rules_of(report) == {"document.missing"}
    assert report["verdict"] == "fail"
    assert {f["evidence"][0]["document"] for f in report["findings"]} >= {
        "contract", "packing_list", "bill_of_lading", "inspection_certificate"}


def test_empty_case() -> None:
    report = run([])
    assert rules_of(report) == {"document.missing"} and report["verdict"] == "fail"


def test_two_invoices_are_both_checked() -> None:
    docs = fresh()
    second = fresh()[1]
    setf(second, "document_number", "INV-26-0043")
    seti(second, 0, "quantity", 2)
    seti(second, 0, "amount", 84000.0)
    setf(second, "total_amount", 121000.0)
    docs.insert(2, second)
    report = run(docs)
    assert "goods.quantity_mismatch" in rules_of(report)
    assert "amount.exceeds_contract" in rules_of(report)
    assert report["verdict"] == "fail"


def test_identical_duplicate_invoice_is_not_a_discrepancy() -> None:
    docs = fresh()
    docs.append(fresh()[1])
    assert run(docs)["findings"] == []


def test_unknown_document_is_reported() -> None:
    docs = fresh()
    docs.append(mkdoc("unknown", {}, [], warnings=["could not classify the document"]))
    report = run(docs)
    assert rules_of(report) == {"document.unreadable"}
    (f,) = report["findings"]
    assert f["evidence"][0]["document_index"] == 5 and f["ocr_suspect"] is True


def test_unreadable_scan_is_reported_never_silently_passed() -> None:
    docs = fresh()
    blurred = mkdoc("packing_list", {"document_number": "PL-26-0042"}, [
        {"description": "USED CNC LATHE", "quantity": 2}], conf=0.3,
        warnings=["page 1: OCR confidence 31% (blurred scan)"])
    docs[2] = blurred
    report = run(docs)
    assert "document.unreadable" in rules_of(report)
    assert report["verdict"] == "fail"


def test_page_warning_alone_makes_a_document_unreadable() -> None:
    docs = fresh()
    docs[3]["warnings"] = ["page 1: OCR confidence 22% (photo)"]
    assert rules_of(run(docs)) == {"document.unreadable"}


def test_document_without_line_items() -> None:
    docs = fresh()
    doc_of(docs, "invoice")["line_items"] = []
    report = run(docs)
    assert "document.unreadable" in rules_of(report)
    assert report["verdict"] == "fail"


def test_unparseable_dates_and_numbers() -> None:
    docs = fresh()
    setf(_cert(docs), "valid_until", "sometime next year")
    setf(doc_of(docs, "bill_of_lading"), "gross_weight_kg", "twenty tonnes")
    report = check_case(docs, as_of=AS_OF)
    validate_report(report, documents_valid=False)
    msgs = [f["message"] for f in report["findings"] if f["rule"] == "document.unreadable"]
    assert len(msgs) == 2
    assert any("valid_until" in m for m in msgs) and any("gross_weight_kg" in m for m in msgs)


def test_garbage_documents_do_not_crash() -> None:
    docs = [{"doc_type": "invoice", "fields": None, "line_items": "x"}, {}, {"doc_type": 7},
            {"doc_type": "contract", "fields": {"total_amount": {"value": None}},
             "line_items": [None, {"quantity": "many"}]}]
    report = check_case(docs, as_of=AS_OF)  # type: ignore[arg-type]
    validate_report(report, documents_valid=False)
    assert report["verdict"] == "fail"
    assert "document.unreadable" in rules_of(report)


def test_default_as_of_is_today() -> None:
    assert check_case(fresh())["as_of"] == date.today().isoformat()


def test_agency_not_recognized(monkeypatch: pytest.MonkeyPatch) -> None:
    import docproc.check.certificate as cert_mod

    listed = {"agencies": [{"name": "中国检验认证集团日本有限公司", "from": "2025-01-01"}]}
    real = cert_mod.load
    monkeypatch.setattr(cert_mod, "load", lambda name: listed if name ==
                        "agencies_not_recognized.yaml" else real(name))
    report = run(fresh())
    assert rules_of(report) == {"certificate.agency_not_recognized"}
    listed["agencies"][0]["until"] = "2025-12-31"  # the period is over
    assert run(fresh())["findings"] == []


def test_shipped_agency_list_is_empty_by_default() -> None:
    assert (load("agencies_not_recognized.yaml") or {}).get("agencies") == []
