"""The upload path: group commit on SQLite, durable directories in the store, concurrency."""

from __future__ import annotations

import hashlib
import io
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from docproc.service.db import Database
from docproc.service.models import AuditEvent, Document, Job
from docproc.service.store import FileStore
from tests.conftest import add_users, bearer


def _jpeg(i: int) -> bytes:
    return b"\xff\xd8\xff\xe0" + b"scan" * 50 + i.to_bytes(4, "big")


# -- group commit ----------------------------------------------------------------------------


def test_group_write_commits_queued_callers_together_and_isolates_failures(
        tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'g.db'}")
    with db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (n INTEGER UNIQUE)"))
    release = threading.Event()
    results: dict[int, Any] = {}

    def first(s: Any) -> int:
        s.execute(text("INSERT INTO t VALUES (0)"))
        release.wait(10)  # the others queue up meanwhile
        return 0

    def insert(n: int) -> Any:
        def work(s: Any) -> int:
            s.execute(text("INSERT INTO t VALUES (:n)"), {"n": n})
            if n == 3:
                raise ValueError("caller 3 fails")
            return n
        return work

    def call(n: int) -> None:
        try:
            results[n] = db.group_write(first if n == 0 else insert(n))
        except ValueError as exc:
            results[n] = exc

    threads = [threading.Thread(target=call, args=(0,))]
    threads[0].start()
    while not db._group_leading:
        time.sleep(0.01)
    threads += [threading.Thread(target=call, args=(n,)) for n in range(1, 6)]
    for t in threads[1:]:
        t.start()
    deadline = time.monotonic() + 10
    while len(db._group_queue) < 5 and time.monotonic() < deadline:
        time.sleep(0.01)
    release.set()
    for t in threads:
        t.join(20)
    assert isinstance(results.pop(3), ValueError)  # raised in its own caller only
    assert results == {0: 0, 1: 1, 2: 2, 4: 4, 5: 5}
    with db.engine.connect() as conn:
        assert sorted(conn.scalars(text("SELECT n FROM t"))) == [0, 1, 2, 4, 5]
    assert db.group_commits == 2  # the first alone, then the five queued ones in one commit
    db.engine.dispose()


def test_group_write_of_a_lone_caller_commits_at_once(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'g.db'}")
    with db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (n INTEGER)"))
    assert db.group_write(lambda s: s.execute(text("INSERT INTO t VALUES (1)")).rowcount) == 1
    with db.reader() as s:  # committed before group_write returned
        assert s.scalar(text("SELECT count(*) FROM t")) == 1
    with pytest.raises(KeyError):
        db.group_write(lambda s: {}["missing"])
    assert db.group_commits == 2
    db.engine.dispose()


# -- the file store's directories ------------------------------------------------------------


def _content_where(wanted: Callable[[str], bool]) -> bytes:
    """Bytes whose SHA-256 is ``wanted`` (to land in a chosen directory of the store)."""
    i = 0
    while not wanted(hashlib.sha256(data := f"content {i}".encode()).hexdigest()):
        i += 1
    return data


def test_store_makes_each_new_directory_durable_once(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    store = FileStore(tmp_path)
    synced: list[Path] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        synced.append(Path(os.readlink(f"/proc/self/fd/{fd}")))
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    a = store.put(b"first")
    leaf = store.path(a).parent
    top = leaf.parent
    # the data, then the file's entry, then the entries of the new leaf and top directories
    assert synced[0].parent == tmp_path / "tmp"
    assert synced[1:] == [leaf, top, store.objects]
    synced.clear()
    other = _content_where(lambda h: h[:2] == a[:2] and h[2:4] != a[2:4])
    sibling = store.path(store.put(other)).parent
    assert synced[1:] == [sibling, top]  # the known top directory's own entry is not synced again
    synced.clear()
    neighbour = _content_where(lambda h: h[:4] == a[:4] and h != a)
    assert store.path(store.put(neighbour)).parent == leaf
    assert synced[1:] == [leaf]  # only the directory that got the new entry
    synced.clear()
    assert store.put(b"first") == a  # already stored: not rewritten, its directory synced
    assert synced == [leaf]
    assert not list((tmp_path / "tmp").iterdir())


def test_store_trusts_the_callers_hash(tmp_path: Path) -> None:
    store = FileStore(tmp_path)
    sha = hashlib.sha256(b"data").hexdigest()
    assert store.put(b"data", sha256=sha) == sha
    assert store.get(sha) == b"data"


# -- concurrent uploads through the API ------------------------------------------------------


def _concurrent_uploads(app: Any, n_threads: int = 6, per_thread: int = 4) -> dict[str, Any]:
    tokens = add_users(app)
    client = app.test_client()
    case_id = client.post("/api/cases", json={}, headers=bearer(tokens["clerk"])).json["id"]
    statuses: list[int] = []
    lock = threading.Lock()

    def upload(k: int) -> None:
        c = app.test_client()
        role = ("clerk", "reviewer")[k % 2]
        for i in range(per_thread):
            r = c.post(f"/api/cases/{case_id}/documents", headers=bearer(tokens[role]),
                       data={"file": [(io.BytesIO(_jpeg(k * 100 + i)), f"s{k}-{i}.jpg")]},
                       content_type="multipart/form-data")
            with lock:
                statuses.append(r.status_code)

    threads = [threading.Thread(target=upload, args=(k,)) for k in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    svc = app.extensions["docproc"]
    with svc.db.reader() as s:
        docs = list(s.scalars(select(Document).where(Document.case_id == case_id)))
        jobs = s.scalar(select(func.count(Job.id)).where(Job.case_id == case_id))
        actors = {e.after["filename"]: e.actor for e in s.scalars(
            select(AuditEvent).where(AuditEvent.action == "document.added"))}
    files = sum(1 for p in svc.store.objects.rglob("*") if p.is_file())
    return {"statuses": statuses, "docs": docs, "jobs": jobs, "actors": actors, "files": files,
            "n": n_threads * per_thread, "svc": svc}


def _check_concurrent(out: dict[str, Any]) -> None:
    n = out["n"]
    assert out["statuses"] == [202] * n
    assert len(out["docs"]) == out["jobs"] == out["files"] == n
    assert sorted(d.position for d in out["docs"]) == list(range(n))  # distinct positions
    for name, actor in out["actors"].items():  # the uploader, not the group's leader
        k = int(name[1:].split("-")[0])
        assert actor == ("clerk1", "reviewer1")[k % 2], name


def test_concurrent_uploads_on_sqlite_are_all_stored_and_audited_to_their_caller(
        make_app: Any) -> None:
    out = _concurrent_uploads(make_app())
    _check_concurrent(out)
    assert 1 <= out["svc"].db.group_commits <= out["n"]


def test_concurrent_uploads_to_one_case_on_postgresql(make_app: Any, pg_url: str) -> None:
    _check_concurrent(_concurrent_uploads(make_app(DATABASE_URL=pg_url)))
