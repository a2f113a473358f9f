"""Server time of the UI's main pages with 10,000 cases in the store (the issue's figure).

The case page of a 5-document case (real extracted documents of a generated shipment) must
render in <= 300 ms; the case list and the search are measured alongside. Run with ``-s``
to see the figures.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.test_ui_support import add_people, seeded_pdfs

N_CASES = 10_000
BUDGET_MS = 300

pytestmark = pytest.mark.slow


def _fill(app: Any, n: int) -> None:
    """n checked cases with 5 documents each (one indexed number per document), bulk inserted."""
    from sqlalchemy import insert

    from docproc.service.models import Case, Document, Field, Finding

    svc = app.extensions["docproc"]
    base = datetime(2026, 1, 1, tzinfo=UTC)
    verdicts = ("pass", "review", "fail")
    with svc.db.session() as s:
        s.execute(insert(Case), [
            {"id": i, "reference": f"SC-{i:06d}", "status": "checked", "source": "upload",
             "verdict": verdicts[i % 3], "received_at": base + timedelta(minutes=i),
             "intake": False, "revision": 0} for i in range(1, n + 1)])
        docs, fields, findings = [], [], []
        for i in range(1, n + 1):
            for p in range(5):
                did = (i - 1) * 5 + p + 1
                number = f"INV-{i:06d}-{p}"
                docs.append({"id": did, "case_id": i, "sha256": f"{did:064d}",
                             "filename": f"{p}.pdf", "media_type": "application/pdf", "size": 1,
                             "source": "upload", "position": p, "doc_type": "invoice",
                             "extracted": {"doc_type": "invoice", "fields": {
                                 "document_number": {"value": number}}, "line_items": []}})
                fields.append({"document_id": did, "path": "document_number", "value": number,
                               "value_text": number})
            if i % 3:
                findings.append({"case_id": i, "rule": "goods.quantity_mismatch",
                                 "severity": "error" if i % 3 == 2 else "warning",
                                 "message": "m", "evidence": [], "ocr_suspect": False,
                                 "status": "open", "match_key": f"k{i}"})
        s.execute(insert(Document), docs)
        s.execute(insert(Field), fields)
        s.execute(insert(Finding), findings)


def _five_doc_case(app: Any, folder: Path) -> int:
    """One case holding the 5 real extracted documents of a generated shipment."""
    from docproc.pipeline import extract_path
    from docproc.service.jobs import check_one, replace_fields
    from docproc.service.models import Case, Document, Job

    pdfs = seeded_pdfs(folder, ("contract", "invoice", "packing_list", "bill_of_lading",
                                "inspection_certificate"))
    svc = app.extensions["docproc"]
    with svc.db.session() as s:
        case = Case(reference="PERF-5", source="upload", status="processing")
        s.add(case)
        s.flush()
        for pos, p in enumerate(pdfs):
            ex = extract_path(p)
            d = Document(case_id=case.id, sha256=ex["source"]["sha256"], filename=p.name,
                         media_type="application/pdf", size=p.stat().st_size, source="upload",
                         position=pos, doc_type=ex["doc_type"], extracted=ex)
            s.add(d)
            s.flush()
            s.add(Job(document_id=d.id, case_id=case.id, state="done"))
            replace_fields(s, d.id, ex)
        case_id = case.id
    with app.app_context():
        check_one(svc, case_id)
    return case_id


def _time(client: Any, url: str, runs: int = 15) -> float:
    client.get(url)  # warm caches and templates
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        r = client.get(url)
        samples.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200, url
    return statistics.median(samples)


def test_case_page_within_budget_with_10000_cases(make_app: Callable[..., Any],
                                                  tmp_path: Path) -> None:
    app = make_app(UI_MODULE="docproc.ui", UI_COOKIE_SECURE=False)
    add_people(app)
    t = time.perf_counter()
    _fill(app, N_CASES)
    fill_s = time.perf_counter() - t
    case_id = _five_doc_case(app, tmp_path / "pdf")
    c = app.test_client()
    from tests.test_ui_support import PASSWORDS, csrf_of

    c.post("/login", data={"name": "reviewer1", "password": PASSWORDS["reviewer"],
                           "csrf_token": csrf_of(c.get("/login").text)})
    with app.extensions["docproc"].db.reader() as s:
        from docproc.service.models import Finding

        fid = s.query(Finding.id).filter(Finding.case_id == case_id).first()[0]
    figures = {
        "case page (5 documents)": _time(c, f"/cases/{case_id}"),
        "finding page": _time(c, f"/cases/{case_id}/findings/{fid}"),
        "case list, page 1": _time(c, "/"),
        "case list, verdict=fail sorted by reference": _time(c, "/?verdict=fail&sort=reference"),
        "case list, search by document number": _time(c, "/?q=INV-004711-3"),
        "printable report": _time(c, f"/cases/{case_id}/report"),
    }
    print(f"\n{N_CASES} cases + 1 five-document case (filled in {fill_s:.1f} s); median of 15:")
    for name, ms in figures.items():
        print(f"  {name:48s} {ms:7.1f} ms")
    assert "SC-004711" in c.get("/?q=INV-004711-3").text
    assert figures["case page (5 documents)"] <= BUDGET_MS
