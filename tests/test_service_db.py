"""Migrations and the PostgreSQL store (real server at 127.0.0.1:5432, private schema)."""

from __future__ import annotations

import io
import threading
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, inspect, select

from docproc.service.db import Database
from docproc.service.models import Base, Document, Job
from tests.conftest import add_users, bearer, wait_case, wait_jobs

# Owned by the check engine (docproc.check.store), which creates it itself.
FOREIGN_TABLES = {"certificate_serials"}


def _drift(db: Database) -> list[Any]:
    def include(obj: Any, name: str | None, type_: str, reflected: bool, _c: Any) -> bool:
        return not (type_ == "table" and name in FOREIGN_TABLES)

    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_object": include,
                                                     "compare_type": False})
        return list(compare_metadata(ctx, Base.metadata))


def test_migrations_match_the_models_on_sqlite(tmp_path: Any) -> None:
    db = Database(f"sqlite:///{tmp_path / 'm.db'}")
    db.migrate(lock_dir=tmp_path)
    db.migrate(lock_dir=tmp_path)  # idempotent
    assert _drift(db) == []


def test_progress_and_manual_type_migration_goes_down_and_up(tmp_path: Any) -> None:
    """0002 adds job progress and documents.doc_type_manual; it reverts and re-applies."""
    from alembic import command
    from alembic.config import Config

    from docproc.service.db import MIGRATIONS

    db = Database(f"sqlite:///{tmp_path / 'm.db'}")
    db.migrate(lock_dir=tmp_path)

    def columns(table: str) -> set[str]:
        return {c["name"] for c in inspect(db.engine).get_columns(table)}

    assert {"stage", "pages_done", "pages_total"} <= columns("jobs")
    assert "doc_type_manual" in columns("documents")
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with db.engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
        conn.commit()
    assert not {"stage", "pages_done", "pages_total"} & columns("jobs")
    assert "doc_type_manual" not in columns("documents")
    db.migrate(lock_dir=tmp_path)
    assert _drift(db) == []


def test_migrations_match_the_models_on_postgresql(pg_url: str) -> None:
    db = Database(pg_url)
    errors: list[BaseException] = []

    def migrate() -> None:
        try:
            db.migrate()
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=migrate) for _ in range(3)]  # racing starters
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert _drift(db) == []
    assert "jobs" in inspect(db.engine).get_table_names()
    db.engine.dispose()


def test_service_on_postgresql(make_app: Any, pg_url: str, shipment_pdfs: Any) -> None:
    app = make_app(DATABASE_URL=pg_url, EXECUTOR="threads", WORKERS=2)
    tokens = add_users(app)
    client = app.test_client()
    h = bearer(tokens["clerk"])
    case_id = client.post("/api/cases", json={"reference": "PG-1"}, headers=h).json["id"]
    paths = shipment_pdfs(4)[:3]
    files = {"file": [(io.BytesIO(p.read_bytes()), p.name) for p in paths]
             + [(io.BytesIO(paths[0].read_bytes()), "dup.pdf")]}
    r = client.post(f"/api/cases/{case_id}/documents", data=files, headers=h,
                    content_type="multipart/form-data")
    assert r.status_code == 202
    jobs = wait_jobs(lambda j: client.get(f"/api/jobs/{j}", headers=h).json,
                     sorted({j["id"] for j in r.json["jobs"]}))
    assert [j["state"] for j in jobs] == ["done"] * 3
    report = wait_case(lambda: client.get(f"/api/cases/{case_id}", headers=h).json)
    assert report["status"] == "checked" and len(report["documents"]) == 3
    svc = app.extensions["docproc"]
    assert svc.db.dialect == "postgresql"
    with svc.db.reader() as s:
        assert s.scalar(select(func.count(Document.id))) == 3
        assert s.scalar(select(func.count(Job.id)).where(Job.state == "done")) == 3
    r = client.get("/api/cases", query_string={"q": "pg-1"}, headers=h).json
    assert [i["id"] for i in r["items"]] == [case_id]
    app2 = make_app(DATABASE_URL=pg_url, RATE_LIMIT=2)
    c2 = app2.test_client()
    assert [c2.get("/api/cases", headers=h).status_code for _ in range(3)] == [200, 200, 429]
