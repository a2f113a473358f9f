"""Golden tests: generated documents through the whole pipeline against their ground truth.

Each layout family of each document type is read as a text PDF (fast), and an invoice and a
certificate as 300-dpi scans (real Tesseract). The thresholds are regression floors a little
under today's measured accuracy, checked on aggregates so one hard field does not hide a
regression elsewhere; the issue's targets (98 % / 95 % ...) are tracked by
``benchmarks/bench_extract.py``, which prints how far we are from them.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from docproc.pipeline import SCHEMA_DIR, extract_path
from tests.corpus import (
    LAYOUT_FAMILIES,
    NAMED_ONLY_FAMILIES,
    UNSEEN_FAMILIES,
    documents,
    make_shipment,
    render_pdf,
)
from tests.corpus.score import Score, score_document

VALIDATOR = jsonschema.Draft202012Validator(
    json.loads((SCHEMA_DIR / "document.schema.json").read_text())
)


def _docs_covering_families(max_seeds: int = 40) -> list:
    """Generated documents until every layout family appears at least once.

    All six unseen groups are left out: they are drawn only when named, UNSEEN_FAMILIES
    measure generalisation (bench_extract), and a floor here would invite tuning on them.
    """
    assert UNSEEN_FAMILIES <= NAMED_ONLY_FAMILIES
    want = {f for fams in LAYOUT_FAMILIES.values() for f in fams} - NAMED_ONLY_FAMILIES
    seen: dict[str, object] = {}
    for seed in range(300, 300 + max_seeds):
        for gdoc in documents(make_shipment(seed, used_car=seed % 3 == 0)):
            if gdoc.layout in want and gdoc.layout not in seen:
                seen[gdoc.layout] = gdoc
        if set(seen) == want:
            break
    return list(seen.values())


@pytest.fixture(scope="module")
def text_results(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[object, dict]]:
    tmp = tmp_path_factory.mktemp("text")
    out = []
    for i, gdoc in enumerate(_docs_covering_families()):
        pdf = Path(tmp) / f"{i}-{gdoc.doc_type}.pdf"
        render_pdf(gdoc, pdf)
        out.append((gdoc, extract_path(pdf)))
    return out


def test_every_output_validates_against_the_schema(text_results):
    for _gdoc, result in text_results:
        VALIDATOR.validate(result)


def test_doc_type_on_text_pdfs(text_results):
    wrong = [(g.layout, r["doc_type"]) for g, r in text_results if r["doc_type"] != g.doc_type]
    assert not wrong, wrong


def test_header_and_item_accuracy_on_text_pdfs(text_results):
    header, items = Score(), Score()
    for gdoc, result in text_results:
        s = score_document(result, {"doc_type": gdoc.doc_type, **gdoc.truth})
        header.merge(s["header"])
        items.merge(s["items"])
    assert header.rate >= 0.75, header.misses[:30]
    assert items.rate >= 0.60, items.misses[:30]


def test_evidence_points_at_the_value(text_results):
    """Every field's bbox lies on its page and is a real box (not the whole page)."""
    for _gdoc, result in text_results:
        for name, f in result["fields"].items():
            if name in ("has_seal", "has_signature", "languages"):
                continue
            x0, y0, x1, y1 = f["bbox"]
            assert 0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1, (name, f)
            assert (x1 - x0) * (y1 - y0) < 0.5, (name, f)


@pytest.mark.ocr
def test_scanned_invoice_and_certificate(tmp_path):
    from tests.corpus.degrade import render_scan

    ship = make_shipment(4242)
    header, items = Score(), Score()
    for gdoc in documents(ship):
        if gdoc.doc_type not in ("invoice", "inspection_certificate"):
            continue
        pdf = tmp_path / f"{gdoc.doc_type}.pdf"
        render_pdf(gdoc, pdf)
        scan = tmp_path / f"{gdoc.doc_type}.scan.png"
        render_scan(pdf, scan, dpi=300, severity="mild", seed=1)
        result = extract_path(scan)
        VALIDATOR.validate(result)
        assert result["doc_type"] == gdoc.doc_type
        s = score_document(result, {"doc_type": gdoc.doc_type, **gdoc.truth})
        header.merge(s["header"])
        items.merge(s["items"])
    assert header.rate >= 0.45, header.misses
    assert items.rate >= 0.40, items.misses


def test_reference_equals_sign_from_a_scan_is_a_hyphen() -> None:
    """'INV=-2026-0246' on a scan is 'INV-2026-0246' (a hyphen read twice), so the
    cross-check does not report the invoice number cited elsewhere as different."""
    from docproc.extract import _parse_ref

    assert _parse_ref("INV=-2026-0246") == "INV-2026-0246"
    assert _parse_ref("INV=2026-0246") == "INV-2026-0246"
    assert _parse_ref("SC-2026-BE-0826") == "SC-2026-BE-0826"
    assert _parse_ref("PA/2026/192") == "PA/2026/192"
