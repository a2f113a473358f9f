"""The HTTP API through Flask's test client, on SQLite and a temporary file store."""

from __future__ import annotations

import io
import json
import os
import socket
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from docproc.service.models import AuditEvent, Document, Field, Finding, Job
from tests.conftest import add_users, bearer, wait_case, wait_jobs


def _files(*items: tuple[bytes, str]) -> dict[str, Any]:
    return {"file": [(io.BytesIO(data), name) for data, name in items]}


def _upload(client: Any, token: str, case_id: int, *items: tuple[bytes, str],
            headers: dict[str, str] | None = None) -> Any:
    return client.post(f"/api/cases/{case_id}/documents", data=_files(*items),
                       headers={**bearer(token), **(headers or {})},
                       content_type="multipart/form-data")


def _new_case(client: Any, token: str, **body: Any) -> int:
    r = client.post("/api/cases", json=body, headers=bearer(token))
    assert r.status_code == 201, r.json
    return int(r.json["id"])


# -- authentication, roles, errors -----------------------------------------------------------


def test_health_needs_no_token(client: Any) -> None:
    r = client.get("/api/health")
    assert r.status_code == 200 and r.json == {"status": "ok"}


def test_missing_and_bad_tokens_are_401_json(client: Any, tokens: dict[str, str]) -> None:
    r = client.get("/api/cases")
    assert r.status_code == 401
    assert r.json["error"]["code"] == "unauthorized"
    assert "Bearer" in r.headers["WWW-Authenticate"]
    r = client.get("/api/cases", headers=bearer("dp_not-a-token"))
    assert r.status_code == 401
    r = client.get("/api/cases", headers={"Authorization": "Basic abc"})
    assert r.status_code == 401


def test_roles_limit_actions(client: Any, tokens: dict[str, str]) -> None:
    r = client.post("/api/findings/1/resolution", json={"action": "accept"},
                    headers=bearer(tokens["clerk"]))
    assert r.status_code == 403 and r.json["error"]["code"] == "forbidden"
    r = client.post("/api/users", json={"name": "x", "role": "clerk"},
                    headers=bearer(tokens["reviewer"]))
    assert r.status_code == 403
    r = client.post("/api/users", json={"name": "x", "role": "clerk", "password": "p"},
                    headers=bearer(tokens["admin"]))
    assert r.status_code == 201
    r = client.post("/api/users", json={"name": "x", "role": "clerk"},
                    headers=bearer(tokens["admin"]))
    assert r.status_code == 409
    r = client.post("/api/tokens", json={"user": "x"}, headers=bearer(tokens["admin"]))
    assert r.status_code == 201
    new_token = r.json["token"]
    assert client.get("/api/cases", headers=bearer(new_token)).status_code == 200
    # Only the hash of a token is stored.
    from docproc.service.models import ApiToken

    with client.application.extensions["docproc"].db.reader() as s:
        hashes = list(s.scalars(select(ApiToken.token_hash)))
    assert new_token not in hashes and all(len(h) == 64 for h in hashes)


def test_session_login_is_accepted(app: Any, tokens: dict[str, str]) -> None:
    from docproc.service.auth import check_password, login_session
    from docproc.service.models import User

    svc = app.extensions["docproc"]
    with svc.db.reader() as s:
        assert check_password(s, "reviewer1", "wrong") is None
        user = check_password(s, "reviewer1", "pw-reviewer")
        assert isinstance(user, User)

    @app.post("/test-login")
    def _login() -> str:
        login_session(user)
        return "ok"

    client = app.test_client()
    assert client.get("/api/cases").status_code == 401
    assert client.post("/test-login").status_code == 200
    assert client.get("/api/cases").status_code == 200


def test_unknown_routes_and_methods_are_json(client: Any, tokens: dict[str, str]) -> None:
    r = client.get("/api/nothing-here", headers=bearer(tokens["clerk"]))
    assert r.status_code == 404 and r.json["error"]["code"] == "not_found"
    r = client.put("/api/cases", headers=bearer(tokens["clerk"]))
    assert r.status_code == 405 and r.json["error"]["code"] == "method_not_allowed"
    r = client.get("/api/cases/999999", headers=bearer(tokens["clerk"]))
    assert r.status_code == 404 and "999999" in r.json["error"]["message"]
    r = client.post("/api/cases", data="not json", headers=bearer(tokens["clerk"]),
                    content_type="application/json")
    assert r.status_code == 400 and r.json["error"]["code"] == "bad_request"


# -- uploads: limits, idempotency ------------------------------------------------------------


def test_upload_is_stored_durably_and_deduplicated(
    client: Any, tokens: dict[str, str], text_pdf: bytes
) -> None:
    case_id = _new_case(client, tokens["clerk"], reference="REF-1")
    r = _upload(client, tokens["clerk"], case_id, (text_pdf, "a.pdf"), (text_pdf, "again.pdf"))
    assert r.status_code == 202
    jobs = r.json["jobs"]
    assert len(jobs) == 2 and jobs[0]["document_id"] == jobs[1]["document_id"]
    assert jobs[1]["duplicate"] is True
    r2 = _upload(client, tokens["clerk"], case_id, (text_pdf, "third.pdf"))
    assert r2.json["jobs"][0]["document_id"] == jobs[0]["document_id"]
    svc = client.application.extensions["docproc"]
    with svc.db.reader() as s:
        docs = list(s.scalars(select(Document).where(Document.case_id == case_id)))
        assert len(docs) == 1 and docs[0].source == "api"
        assert s.scalar(select(func.count(Job.id))) == 1
    assert svc.store.get(docs[0].sha256) == text_pdf
    r = client.get(f"/api/jobs/{jobs[0]['id']}", headers=bearer(tokens["clerk"]))
    assert r.json["state"] == "queued" and r.json["case_id"] == case_id


def test_idempotency_key_replays_the_response(
    client: Any, tokens: dict[str, str], text_pdf: bytes, tmp_path: Path
) -> None:
    case_id = _new_case(client, tokens["clerk"])
    other = text_pdf.replace(b"INV-TEST-1", b"INV-TEST-2")
    h = {"Idempotency-Key": "k-123"}
    r1 = _upload(client, tokens["clerk"], case_id, (other, "x.pdf"), headers=h)
    r2 = _upload(client, tokens["clerk"], case_id, (other, "x.pdf"), headers=h)
    assert r1.status_code == r2.status_code == 202
    assert r1.json == r2.json
    assert r2.headers.get("Idempotent-Replayed") == "true"
    r3 = client.post("/api/cases", json={}, headers={**bearer(tokens["clerk"]), **h})
    assert r3.status_code == 409
    # Same key from another user is another request.
    r4 = client.post("/api/cases", json={}, headers={**bearer(tokens["reviewer"]), **h})
    assert r4.status_code == 201


def test_media_type_is_judged_by_the_bytes(client: Any, tokens: dict[str, str]) -> None:
    case_id = _new_case(client, tokens["clerk"])
    zip_bytes = b"PK\x03\x04" + b"\x00" * 100
    r = _upload(client, tokens["clerk"], case_id, (zip_bytes, "invoice.pdf"))
    assert r.status_code == 415
    assert r.json["error"]["code"] == "unsupported_media_type"
    assert "invoice.pdf" in r.json["error"]["message"]
    r = _upload(client, tokens["clerk"], case_id, (b"", "empty.pdf"))
    assert r.status_code == 422
    r = client.post(f"/api/cases/{case_id}/documents", data={},
                    headers=bearer(tokens["clerk"]), content_type="multipart/form-data")
    assert r.status_code == 400


def test_limits_answer_413(make_app: Any, text_pdf: bytes) -> None:
    app = make_app(MAX_FILES=2, MAX_CONTENT_LENGTH=50_000)
    tokens = add_users(app)
    client = app.test_client()
    case_id = _new_case(client, tokens["clerk"])
    variants = [text_pdf + bytes([i]) for i in range(3)]
    r = _upload(client, tokens["clerk"], case_id, *[(v, f"{i}.pdf") for i, v in
                                                     enumerate(variants)])
    assert r.status_code == 413 and "limit is 2" in r.json["error"]["message"]
    r = _upload(client, tokens["clerk"], case_id, (b"%PDF-1.4\n" + b"0" * 60_000, "big.pdf"))
    assert r.status_code == 413 and r.json["error"]["code"] == "too_large"
    with app.extensions["docproc"].db.reader() as s:
        assert s.scalar(select(func.count(Document.id))) == 0


def test_rate_limit_per_token(make_app: Any) -> None:
    app = make_app(RATE_LIMIT=3, RATE_WINDOW=60)
    tokens = add_users(app)
    client = app.test_client()
    codes = [client.get("/api/cases", headers=bearer(tokens["clerk"])).status_code
             for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    r = client.get("/api/cases", headers=bearer(tokens["clerk"]))
    assert r.json["error"]["code"] == "rate_limited" and int(r.headers["Retry-After"]) >= 1
    # Another token has its own window.
    assert client.get("/api/cases", headers=bearer(tokens["reviewer"])).status_code == 200


# -- case list -------------------------------------------------------------------------------


def test_case_list_filters_and_pagination(app: Any, client: Any, tokens: dict[str, str]) -> None:
    from datetime import UTC, datetime

    from docproc.service.models import Case

    svc = app.extensions["docproc"]
    with svc.db.session() as s:
        for i in range(25):
            case = Case(reference=f"R{i}", status="checked", source="api",
                        verdict=["pass", "review", "fail"][i % 3],
                        received_at=datetime(2026, 1, 1 + i, tzinfo=UTC))
            s.add(case)
            s.flush()
            doc = Document(case_id=case.id, sha256=f"{i:064x}", filename="x.pdf",
                           media_type="application/pdf", size=1, source="api")
            s.add(doc)
            s.flush()
            s.add(Field(document_id=doc.id, path="document_number", value=f"INV {i}",
                        value_text=f"INV{i}"))
    h = bearer(tokens["clerk"])
    r = client.get("/api/cases?limit=10", headers=h).json
    assert r["total"] == 25 and len(r["items"]) == 10
    assert r["items"][0]["reference"] == "R24"  # newest first
    r = client.get("/api/cases?limit=10&page=3", headers=h).json
    assert len(r["items"]) == 5 and r["offset"] == 20
    r = client.get("/api/cases?verdict=fail", headers=h).json
    assert r["total"] == 8 and {i["verdict"] for i in r["items"]} == {"fail"}
    r = client.get("/api/cases?q=inv 7", headers=h).json
    assert [i["reference"] for i in r["items"]] == ["R7"]
    assert r["items"][0]["documents"] == 1
    r = client.get("/api/cases?received_from=2026-01-10&received_to=2026-01-12", headers=h).json
    assert sorted(i["reference"] for i in r["items"]) == ["R10", "R11", "R9"]
    assert client.get("/api/cases?verdict=maybe", headers=h).status_code == 400
    assert client.get("/api/cases?limit=0", headers=h).status_code == 400
    assert client.get("/api/cases?received_from=yesterday", headers=h).status_code == 400


# -- processing, review ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def processed(tmp_path_factory: pytest.TempPathFactory, shipment_pdfs: Any) -> dict[str, Any]:
    """One case of a generated shipment, processed by the in-process pool (shared, module)."""
    from docproc.service import create_app

    home = tmp_path_factory.mktemp("processed")
    app = create_app({"HOME": str(home), "EXECUTOR": "threads", "WORKERS": 2,
                      "RATE_LIMIT": 0, "UI_MODULE": None})
    tokens = add_users(app)
    client = app.test_client()
    case_id = _new_case(client, tokens["clerk"], reference="SHIP-1")
    paths = shipment_pdfs(1)
    r = _upload(client, tokens["clerk"], case_id, *[(p.read_bytes(), p.name) for p in paths])
    assert r.status_code == 202
    job_ids = [j["id"] for j in r.json["jobs"]]
    h = bearer(tokens["clerk"])
    jobs = wait_jobs(lambda j: client.get(f"/api/jobs/{j}", headers=h).json, job_ids)
    report = wait_case(lambda: client.get(f"/api/cases/{case_id}", headers=h).json)
    yield {"app": app, "client": client, "tokens": tokens, "case_id": case_id, "jobs": jobs,
           "report": report, "paths": paths}
    app.extensions["docproc"].dispatcher.shutdown(wait=True)


def test_processing_fills_the_case_report(processed: dict[str, Any]) -> None:
    report = processed["report"]
    assert all(j["state"] == "done" for j in processed["jobs"]), processed["jobs"]
    assert report["status"] == "checked"
    assert report["verdict"] in ("pass", "review", "fail")
    assert len(report["documents"]) == len(processed["paths"])
    for doc in report["documents"]:
        assert isinstance(doc["id"], int) and doc["job"]["state"] == "done"
        assert doc["page_count"] >= 1 and "fields" in doc
    for f in report["findings"]:
        assert {"id", "rule", "severity", "message", "evidence", "status"} <= set(f)
    svc = processed["app"].extensions["docproc"]
    with svc.db.reader() as s:
        events = [e.action for e in s.scalars(select(AuditEvent).where(
            AuditEvent.case_id == processed["case_id"]))]
    assert events.count("document.processed") == len(processed["paths"])
    assert "case.checked" in events


def test_case_is_found_by_a_document_number(processed: dict[str, Any]) -> None:
    client, h = processed["client"], bearer(processed["tokens"]["clerk"])
    numbers = [d["fields"]["document_number"]["value"] for d in processed["report"]["documents"]
               if "document_number" in d["fields"]]
    if not numbers:
        pytest.skip("the pipeline read no document number from the generated documents")
    r = client.get("/api/cases", query_string={"q": str(numbers[0]).lower()}, headers=h).json
    assert [i["id"] for i in r["items"]] == [processed["case_id"]]


def test_page_images_resize_and_cache(processed: dict[str, Any]) -> None:
    client, h = processed["client"], bearer(processed["tokens"]["clerk"])
    doc_id = processed["report"]["documents"][0]["id"]
    meta = client.get(f"/api/documents/{doc_id}", headers=h).json
    assert meta["pages"][0]["width"] > 1000  # ~150 dpi A4
    r = client.get(f"/api/documents/{doc_id}/pages/1", headers=h)
    assert r.status_code == 200 and r.mimetype in ("image/png", "image/jpeg")
    from PIL import Image

    assert Image.open(io.BytesIO(r.data)).width == meta["pages"][0]["width"]
    r = client.get(f"/api/documents/{doc_id}/pages/1?width=300", headers=h)
    assert Image.open(io.BytesIO(r.data)).width == 300
    assert "max-age" in r.headers["Cache-Control"]
    etag = r.headers["ETag"]
    r2 = client.get(f"/api/documents/{doc_id}/pages/1?width=300",
                    headers={**h, "If-None-Match": etag})
    assert r2.status_code == 304
    assert client.get(f"/api/documents/{doc_id}/pages/99", headers=h).status_code == 404
    assert client.get(f"/api/documents/{doc_id}/pages/1?width=5", headers=h).status_code == 400


def test_correcting_a_field_rechecks_and_is_audited(processed: dict[str, Any]) -> None:
    client, tokens = processed["client"], processed["tokens"]
    doc = next(d for d in processed["report"]["documents"] if d["line_items"]) \
        if any(d["line_items"] for d in processed["report"]["documents"]) else None
    if doc is None:
        pytest.skip("the pipeline read no line items")
    path = "line_items[0].quantity"
    r = client.patch(f"/api/documents/{doc['id']}/fields", json={"path": path, "value": 999},
                     headers=bearer(tokens["clerk"]))
    assert r.status_code == 403
    r = client.patch(f"/api/documents/{doc['id']}/fields", json={"path": path, "value": 999},
                     headers=bearer(tokens["reviewer"]))
    assert r.status_code == 200, r.json
    h = bearer(tokens["clerk"])
    report = client.get(f"/api/cases/{processed['case_id']}", headers=h).json
    fixed = next(d for d in report["documents"] if d["id"] == doc["id"])
    assert fixed["line_items"][0]["quantity"]["value"] == 999
    assert any(f["rule"] == "goods.quantity_mismatch" for f in report["findings"])
    events = client.get(f"/api/cases/{processed['case_id']}/audit", headers=h).json["events"]
    corrected = [e for e in events if e["action"] == "field.corrected"]
    assert corrected and corrected[-1]["actor"] == "reviewer1"
    assert corrected[-1]["after"]["field"]["value"] == 999
    assert events[-1]["action"] == "case.checked"
    r = client.patch(f"/api/documents/{doc['id']}/fields", json={"path": "x[", "value": 1},
                     headers=bearer(tokens["reviewer"]))
    assert r.status_code == 400


def test_resolutions_survive_a_recheck(processed: dict[str, Any]) -> None:
    client, tokens = processed["client"], processed["tokens"]
    h, rh = bearer(tokens["clerk"]), bearer(tokens["reviewer"])
    report = client.get(f"/api/cases/{processed['case_id']}", headers=h).json
    if not report["findings"]:
        pytest.skip("no findings to resolve")
    finding = report["findings"][0]
    url = f"/api/findings/{finding['id']}/resolution"
    r = client.post(url, json={"action": "waive"}, headers=rh)
    assert r.status_code == 400 and "comment" in r.json["error"]["message"]
    r = client.post(url, json={"action": "maybe"}, headers=rh)
    assert r.status_code == 400
    r = client.post(url, json={"action": "waive", "comment": "known, agreed by phone"},
                    headers=rh)
    assert r.status_code == 200
    assert r.json["status"] == "resolved" and r.json["resolution"]["action"] == "waive"
    # Re-check the case (as after any processing): the resolution stays with its finding.
    from docproc.service.jobs import recheck_case

    app = processed["app"]
    with app.app_context():
        recheck_case(app.extensions["docproc"], processed["case_id"])
    again = client.get(f"/api/cases/{processed['case_id']}", headers=h).json
    same = next(f for f in again["findings"] if f["id"] == finding["id"])
    assert same["status"] == "resolved"
    assert same["resolution"]["comment"] == "known, agreed by phone"
    r = client.delete(url, headers=rh)
    assert r.status_code == 200 and r.json["status"] == "open" and r.json["resolution"] is None
    actions = [e["action"] for e in client.get(
        f"/api/cases/{processed['case_id']}/audit", headers=h).json["events"]]
    assert "finding.resolved" in actions and "finding.reopened" in actions


def test_verdict_follows_resolutions(make_app: Any) -> None:
    """Resolving every error and warning turns the verdict to pass; reopening turns it back."""
    from docproc.service.models import Case

    app = make_app()
    tokens = add_users(app)
    client = app.test_client()
    svc = app.extensions["docproc"]
    with svc.db.session() as s:
        case = Case(status="checked", verdict="fail", source="api")
        s.add(case)
        s.flush()
        f1 = Finding(case_id=case.id, rule="amount.total_error", severity="error", message="m",
                     evidence=[], match_key="a")
        f2 = Finding(case_id=case.id, rule="goods.unit_mismatch", severity="warning",
                     message="m", evidence=[], match_key="b")
        s.add_all([f1, f2])
        s.flush()
        case_id, ids = case.id, (f1.id, f2.id)
    rh = bearer(tokens["reviewer"])
    client.post(f"/api/findings/{ids[0]}/resolution", json={"action": "accept"}, headers=rh)
    assert client.get(f"/api/cases/{case_id}", headers=rh).json["verdict"] == "review"
    client.post(f"/api/findings/{ids[1]}/resolution", json={"action": "correct"}, headers=rh)
    assert client.get(f"/api/cases/{case_id}", headers=rh).json["verdict"] == "pass"
    client.delete(f"/api/findings/{ids[0]}/resolution", headers=rh)
    assert client.get(f"/api/cases/{case_id}", headers=rh).json["verdict"] == "fail"


def test_intake_groups_loose_files_into_cases(make_app: Any, shipment_pdfs: Any) -> None:
    from docproc.pipeline import group_documents

    app = make_app(EXECUTOR="threads", WORKERS=2)
    tokens = add_users(app)
    client = app.test_client()
    h = bearer(tokens["clerk"])
    paths = shipment_pdfs(2)[:3] + shipment_pdfs(3)[:3]
    r = client.post("/api/intake", data=_files(*[(p.read_bytes(), p.name) for p in paths]),
                    headers=h, content_type="multipart/form-data")
    assert r.status_code == 202
    intake_id = r.json["intake_case_id"]
    jobs = wait_jobs(lambda j: client.get(f"/api/jobs/{j}", headers=h).json,
                     [j["id"] for j in r.json["jobs"]])
    wait_case(lambda: client.get(f"/api/cases/{intake_id}", headers=h).json)
    jobs = [client.get(f"/api/jobs/{j['id']}", headers=h).json for j in jobs]
    svc = app.extensions["docproc"]
    with svc.db.reader() as s:
        docs = {d.id: d for d in s.scalars(select(Document))}
    # Documents sit in the cases that group_documents assigns them to.
    order = [j["document_id"] for j in jobs]
    groups, loose = group_documents([docs[i].extracted for i in order])
    for group in groups:
        assert len({docs[order[i]].case_id for i in group}) == 1
    assert len({docs[order[g[0]]].case_id for g in groups}) == len(groups)
    listed = client.get("/api/cases", headers=h).json
    assert listed["total"] >= max(1, len(groups))
    for item in listed["items"]:
        assert item["status"] in ("checked", "unplaced")
    if loose:
        assert any(i["status"] == "unplaced" for i in listed["items"])


def test_a_dead_workers_job_is_requeued_on_start(make_app: Any, text_pdf: bytes) -> None:
    """A job left 'running' by a process that no longer exists is processed on start-up."""
    app = make_app()
    tokens = add_users(app)
    client = app.test_client()
    case_id = _new_case(client, tokens["clerk"])
    job_id = _upload(client, tokens["clerk"], case_id, (text_pdf, "a.pdf")).json["jobs"][0]["id"]
    dead = os.fork()
    if dead == 0:
        os._exit(0)
    os.waitpid(dead, 0)
    svc = app.extensions["docproc"]
    from docproc.service.models import utcnow

    with svc.db.session() as s:
        job = s.get(Job, job_id)
        job.state, job.worker, job.attempts = "running", f"{socket.gethostname()}:{dead}", 1
        job.heartbeat = utcnow()
    home = app.config["HOME"]
    app2 = make_app(HOME=home, EXECUTOR="threads", WORKERS=1, JOB_STALE_AFTER=3600)
    h = bearer(tokens["clerk"])
    [job] = wait_jobs(lambda j: app2.test_client().get(f"/api/jobs/{j}", headers=h).json,
                      [job_id], timeout=60)
    assert job["state"] == "done" and job["attempts"] == 2


def test_cli_users_and_tokens(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:
    from docproc.cli import main

    monkeypatch.setenv("DOCPROC_HOME", str(tmp_path / "cli"))
    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret\n"))
    assert main(["users", "create", "carol", "--role", "reviewer", "--password-stdin"]) == 0
    capsys.readouterr()
    assert main(["tokens", "create", "carol"]) == 0
    token = capsys.readouterr().out.strip()
    assert token.startswith("dp_") and "\n" not in token
    assert main(["tokens", "create", "nobody"]) == 2
    assert "nobody" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("x\n"))
    assert main(["users", "create", "dave", "--role", "king", "--password-stdin"]) == 2
    from docproc.service import create_app

    app = create_app({"HOME": str(tmp_path / "cli"), "EXECUTOR": "none", "UI_MODULE": None})
    r = app.test_client().get("/api/cases", headers=bearer(token))
    assert r.status_code == 200 and json.loads(r.data)["total"] == 0


# -- live progress and document types set by hand --------------------------------------------


@pytest.fixture(scope="module")
def three_page_scan(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A scanned 3-page PDF (no text layer) of generated documents."""
    from tests.test_ui_support import three_page_scan as make

    return make(tmp_path_factory.mktemp("scan3")).read_bytes()


def test_job_reports_reading_progress(make_app: Any, three_page_scan: bytes) -> None:
    """A scanned 3-page document: the job says how many of its pages are read, live."""
    import time

    app = make_app(EXECUTOR="threads", WORKERS=1, JOB_PROGRESS_EVERY=0)
    tokens = add_users(app)
    client = app.test_client()
    h = bearer(tokens["clerk"])
    case_id = _new_case(client, tokens["clerk"])
    job = _upload(client, tokens["clerk"], case_id, (three_page_scan, "scan.pdf")).json["jobs"][0]
    seen: list[dict[str, Any]] = []
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        j = client.get(f"/api/jobs/{job['id']}", headers=h).json
        seen.append(j)
        if j["state"] in ("done", "failed"):
            break
        time.sleep(0.03)
    assert seen[-1]["state"] == "done", seen[-1]
    assert {"stage", "pages_done", "pages_total"} <= set(seen[0])
    reading = [j for j in seen if j["state"] == "running" and j["stage"] == "reading"
               and j["pages_total"] == 3]
    assert reading, [(j["state"], j["stage"], j["pages_done"]) for j in seen]
    assert any(j["pages_done"] < 3 for j in reading)
    done = [j["pages_done"] for j in seen if j["pages_done"] is not None]
    assert done == sorted(done) and done[-1] == 3 and seen[-1]["pages_total"] == 3
    wait_case(lambda: client.get(f"/api/cases/{case_id}", headers=h).json)
    final = client.get(f"/api/jobs/{job['id']}", headers=h).json
    assert final["stage"] is None and (final["pages_done"], final["pages_total"]) == (3, 3)
    doc = client.get(f"/api/documents/{job['document_id']}", headers=h).json
    assert doc["job"]["pages_total"] == 3 and len(doc["pages"]) == 3


def _missing(report: dict[str, Any], doc_type: str) -> bool:
    return any(f["rule"] == "document.missing" and any(
        e.get("document") == doc_type for e in f["evidence"]) for f in report["findings"])


def _retype(client: Any, token: str, case_id: int, doc_id: int, doc_type: str | None,
            status: int = 202) -> dict[str, Any]:
    h = bearer(token)
    r = client.patch(f"/api/documents/{doc_id}", json={"doc_type": doc_type}, headers=h)
    assert r.status_code == status, r.json
    if r.json["reprocessing"]:
        wait_jobs(lambda j: client.get(f"/api/jobs/{j}", headers=h).json, [r.json["job"]["id"]])
    return wait_case(lambda: client.get(f"/api/cases/{case_id}", headers=h).json)


def test_document_type_set_by_hand(make_app: Any, shipment_pdfs: Any) -> None:
    """A clerk retypes the B/L: audited, fields re-extracted, the case re-checked, and the
    manual type survives re-processing until handed back to the classifier."""
    app = make_app(EXECUTOR="threads", WORKERS=2)
    tokens = add_users(app)
    client = app.test_client()
    h, clerk = bearer(tokens["clerk"]), tokens["clerk"]
    case_id = _new_case(client, clerk)
    paths = shipment_pdfs(1)
    r = _upload(client, clerk, case_id, *[(p.read_bytes(), p.name) for p in paths])
    wait_jobs(lambda j: client.get(f"/api/jobs/{j}", headers=h).json,
              [j["id"] for j in r.json["jobs"]])
    report = wait_case(lambda: client.get(f"/api/cases/{case_id}", headers=h).json)
    bl = next((d for d in report["documents"] if d["doc_type"] == "bill_of_lading"), None)
    if bl is None:
        pytest.skip("the pipeline did not classify the generated B/L")
    assert not _missing(report, "bill_of_lading") and bl["doc_type_manual"] is False
    url = f"/api/documents/{bl['id']}"

    # Who may, and what is refused.
    assert client.patch(url, json={"doc_type": "unknown"}).status_code == 401
    for body in ({"doc_type": "memo"}, {"doc_type": 5}, {"type": "invoice"}):
        r = client.patch(url, json=body, headers=h)
        assert r.status_code == 400 and r.json["error"]["code"] == "bad_request", body
    r = client.patch("/api/documents/999999", json={"doc_type": "invoice"}, headers=h)
    assert r.status_code == 404

    # Retyped as unknown: the case now misses its B/L.
    report = _retype(client, clerk, case_id, bl["id"], "unknown")
    doc = next(d for d in report["documents"] if d["id"] == bl["id"])
    assert doc["doc_type"] == "unknown" and doc["doc_type_manual"] is True
    assert _missing(report, "bill_of_lading") and report["verdict"] == "fail"
    events = client.get(f"/api/cases/{case_id}/audit", headers=h).json["events"]
    [typed] = [e for e in events if e["action"] == "document.type_set"]
    assert typed["actor"] == "clerk1" and typed["entity_id"] == bl["id"]
    assert typed["before"] == {"doc_type": "bill_of_lading", "doc_type_manual": False}
    assert typed["after"]["doc_type"] == "unknown" and typed["after"]["doc_type_manual"]

    # Re-processing the document (a new job) keeps the type set by hand.
    svc = app.extensions["docproc"]
    with svc.db.session() as s:
        again = Job(document_id=bl["id"], case_id=case_id, state="queued")
        s.add(again)
        s.flush()
        again_id = again.id
    svc.dispatcher.submit([again_id])
    [j] = wait_jobs(lambda j: client.get(f"/api/jobs/{j}", headers=h).json, [again_id])
    assert j["state"] == "done"
    report = wait_case(lambda: client.get(f"/api/cases/{case_id}", headers=h).json)
    doc = next(d for d in report["documents"] if d["id"] == bl["id"])
    assert doc["doc_type"] == "unknown" and _missing(report, "bill_of_lading")

    # Set back by hand: fields extracted for a B/L again, the finding goes.
    report = _retype(client, clerk, case_id, bl["id"], "bill_of_lading")
    doc = next(d for d in report["documents"] if d["id"] == bl["id"])
    assert doc["doc_type"] == "bill_of_lading" and doc["doc_type_manual"] is True
    assert not _missing(report, "bill_of_lading")
    assert doc["fields"].keys() & {"vessel", "port_of_loading", "consignee"}
    # Confirming the same type changes nothing and runs no job.
    r = client.patch(url, json={"doc_type": "bill_of_lading"}, headers=h)
    assert r.status_code == 200 and r.json["changed"] is False
    # null hands the type back to the classifier.
    report = _retype(client, clerk, case_id, bl["id"], None)
    doc = next(d for d in report["documents"] if d["id"] == bl["id"])
    assert doc["doc_type"] == "bill_of_lading" and doc["doc_type_manual"] is False


def test_document_types_are_those_of_the_schema() -> None:
    """The types a clerk may choose are exactly the ``doc_type`` values of FIELDS.md."""
    from docproc.pipeline import document_schema
    from docproc.service.models import DOC_TYPES

    assert list(DOC_TYPES) == document_schema()["properties"]["doc_type"]["enum"]
