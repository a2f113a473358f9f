"""The cross-check on real text PDFs: generated documents rendered, read back by the
extraction pipeline (no OCR: text layer only), then checked."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest

from docproc.check import check_case
from tests.corpus import documents, make_shipment, render_pdf
from tests.corpus.mutate import as_of_for, mutate
from tests.test_check_support import rules_of, validate_report

pytestmark = pytest.mark.skipif(importlib.util.find_spec("docproc.pipeline") is None,
                                reason="docproc.pipeline (extraction) is not there yet")


def _extract_all(docs: list, folder: Path) -> list[dict]:
    from docproc.pipeline import extract_path

    out = []
    for i, d in enumerate(docs):
        path = folder / f"{i}_{d.doc_type}.pdf"
        render_pdf(d, path)
        out.append(extract_path(path))
    return out


def test_text_pdfs_check_into_a_valid_report(tmp_path: Path) -> None:
    docs = documents(make_shipment(11))
    report = check_case(_extract_all(docs, tmp_path), as_of=as_of_for(docs))
    validate_report(report)
    assert [d["source"]["filename"] for d in report["documents"]] == [
        f"{i}_{d.doc_type}.pdf" for i, d in enumerate(docs)]
    assert report["verdict"] in ("pass", "review", "fail")


def _value(doc: dict, name: str) -> object:
    f = doc["fields"].get(name)
    return f["value"] if isinstance(f, dict) else None


def test_missing_bill_of_lading_found_through_pdfs(tmp_path: Path) -> None:
    docs = documents(make_shipment(11))
    mutated, _ = mutate(docs, "document.missing", random.Random(11))
    report = check_case(_extract_all(mutated, tmp_path), as_of=as_of_for(docs))
    validate_report(report)
    if any(d["doc_type"] == "bill_of_lading" for d in report["documents"]):
        pytest.skip("the classifier took another document for a B/L")
    assert any(f["rule"] == "document.missing" and f["evidence"][0]["document"] ==
               "bill_of_lading" for f in report["findings"])


@pytest.mark.parametrize(("rule", "doc_types", "field"), [
    ("shipment.packages_mismatch", ("packing_list", "bill_of_lading"), "total_packages"),
    ("amount.currency_mismatch", ("contract", "invoice"), "currency"),
])
def test_seeded_discrepancy_is_found_through_pdfs(tmp_path: Path, rule: str,
                                                  doc_types: tuple[str, str],
                                                  field: str) -> None:
    docs = documents(make_shipment(11))
    mutated, expected = mutate(docs, rule, random.Random(11))
    extracted = _extract_all(mutated, tmp_path)
    report = check_case(extracted, as_of=as_of_for(docs))
    validate_report(report)
    # the check can only see what extraction read: require both values read correctly
    for t in doc_types:
        truth = next(d for d in mutated if d.doc_type == t).truth["fields"][field]
        got = next((d for d in extracted if d["doc_type"] == t), None)
        if got is None or _value(got, field) != truth:
            pytest.skip(f"extraction did not read {t}.{field} correctly "
                        f"({None if got is None else _value(got, field)!r} vs {truth!r})")
    assert expected <= rules_of(report)
