"""Celery workers as real processes (``docproc worker``) on Redis and PostgreSQL.

Includes the fault-injection test: a worker killed with SIGKILL in the middle of a job; the job
must still complete, once.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from docproc.service.jobs import flatten
from docproc.service.models import AuditEvent, Document, Field, Job, Page
from tests.conftest import DOCPROC, add_users, bearer, stop_group, wait_case, wait_jobs


@pytest.fixture
def celery_env(tmp_path: Path, pg_url: str, redis_url: str, unique_name: str
               ) -> Iterator[dict[str, str]]:
    """Environment shared by the test's app and its worker processes."""
    import redis

    env = {
        "DOCPROC_HOME": str(tmp_path / "home"),
        "DOCPROC_DATABASE_URL": pg_url,
        "DOCPROC_BROKER_URL": redis_url,
        "DOCPROC_QUEUE": unique_name,
        "DOCPROC_REDIS_PREFIX": unique_name + ":",
        "DOCPROC_VISIBILITY_TIMEOUT": "4",
        "DOCPROC_JOB_HEARTBEAT": "0.5",
        "DOCPROC_JOB_STALE_AFTER": "3",
        "DOCPROC_RATE_LIMIT": "0",
        "DOCPROC_UI_MODULE": "",
    }
    yield env
    client = redis.Redis.from_url(redis_url)
    keys = [unique_name, *client.keys(unique_name + "*")]
    client.delete(*keys)
    client.close()


@pytest.fixture
def start_worker(celery_env: dict[str, str], tmp_path: Path
                 ) -> Iterator[Callable[[str], subprocess.Popen[bytes]]]:
    procs: list[subprocess.Popen[bytes]] = []

    def start(name: str) -> subprocess.Popen[bytes]:
        log = open(tmp_path / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(
            [DOCPROC, "worker", "--concurrency", "1", "--hostname", f"{name}@%h",
             "--loglevel", "info"],
            env={**os.environ, **celery_env}, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: SIGKILL reaches the pool too
        )
        procs.append(proc)
        return proc

    yield start
    for proc in procs:
        if proc.poll() is None:
            stop_group(proc, 20)


def _app(make_app: Callable[..., Any], env: dict[str, str]) -> Any:
    return make_app(HOME=env["DOCPROC_HOME"], DATABASE_URL=env["DOCPROC_DATABASE_URL"],
                    BROKER_URL=env["DOCPROC_BROKER_URL"], QUEUE=env["DOCPROC_QUEUE"],
                    REDIS_PREFIX=env["DOCPROC_REDIS_PREFIX"], EXECUTOR="celery",
                    JOB_STALE_AFTER=3, VISIBILITY_TIMEOUT=4)


def _upload(client: Any, h: dict[str, str], case_id: int, paths: list[Path]) -> list[int]:
    files = {"file": [(io.BytesIO(p.read_bytes()), p.name) for p in paths]}
    r = client.post(f"/api/cases/{case_id}/documents", data=files, headers=h,
                    content_type="multipart/form-data")
    assert r.status_code == 202, r.json
    return [j["id"] for j in r.json["jobs"]]


def test_celery_workers_process_a_case(make_app: Any, celery_env: dict[str, str],
                                       start_worker: Any, shipment_pdfs: Any) -> None:
    app = _app(make_app, celery_env)
    tokens = add_users(app)
    client, h = app.test_client(), bearer(tokens["clerk"])
    case_id = client.post("/api/cases", json={}, headers=h).json["id"]
    job_ids = _upload(client, h, case_id, shipment_pdfs(5)[:4])
    start_worker("w1")
    start_worker("w2")
    jobs = wait_jobs(lambda j: client.get(f"/api/jobs/{j}", headers=h).json, job_ids, 150)
    assert [j["state"] for j in jobs] == ["done"] * 4
    # The Celery task reports reading progress like the in-process pool (same run_job).
    assert all(j["pages_total"] and j["pages_done"] == j["pages_total"] for j in jobs), jobs
    report = wait_case(lambda: client.get(f"/api/cases/{case_id}", headers=h).json)
    assert report["status"] == "checked"
    svc = app.extensions["docproc"]
    with svc.db.reader() as s:
        workers = set(s.scalars(select(Job.worker)))
    assert all(w and ":" in w for w in workers)


def test_worker_killed_mid_job_loses_nothing_and_repeats_nothing(
    make_app: Any, celery_env: dict[str, str], start_worker: Any, shipment_pdfs: Any
) -> None:
    app = _app(make_app, celery_env)
    tokens = add_users(app)
    client, h = app.test_client(), bearer(tokens["clerk"])
    case_id = client.post("/api/cases", json={}, headers=h).json["id"]
    [job_id] = _upload(client, h, case_id, shipment_pdfs(6)[:1])
    svc = app.extensions["docproc"]
    victim = start_worker("victim")
    deadline = time.monotonic() + 90
    while client.get(f"/api/jobs/{job_id}", headers=h).json["state"] != "running":
        assert time.monotonic() < deadline, "the worker never started the job"
        assert victim.poll() is None, "the worker exited"
        time.sleep(0.02)
    os.killpg(victim.pid, signal.SIGKILL)
    victim.wait()
    job = client.get(f"/api/jobs/{job_id}", headers=h).json
    assert job["state"] == "running"  # killed in the middle: nothing was committed
    start_worker("rescuer")
    [job] = wait_jobs(lambda j: client.get(f"/api/jobs/{j}", headers=h).json, [job_id], 120)
    assert job["state"] == "done" and job["attempts"] == 2
    time.sleep(2)  # a duplicate delivery, if any, would run now; it must change nothing
    with svc.db.reader() as s:
        doc = s.scalar(select(Document).where(Document.case_id == case_id))
        processed = s.scalar(select(func.count(AuditEvent.id)).where(
            AuditEvent.action == "document.processed", AuditEvent.entity_id == doc.id))
        fields = s.scalar(select(func.count(Field.id)).where(Field.document_id == doc.id))
        pages = list(s.scalars(select(Page.number).where(Page.document_id == doc.id)))
        final = s.get(Job, job_id)
    assert processed == 1
    assert fields == len(flatten(doc.extracted))
    assert pages == list(range(1, len(pages) + 1)) and pages
    assert final.attempts == 2 and final.state == "done"
    assert svc.store.exists(doc.sha256)
    report = wait_case(lambda: client.get(f"/api/cases/{case_id}", headers=h).json)
    assert report["status"] == "checked"
