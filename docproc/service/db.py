"""Engines, sessions and migrations for SQLite (the default) and PostgreSQL.

SQLite needs two engines on the same file: writes begin with ``BEGIN IMMEDIATE`` so that two
writers queue on the busy timeout instead of failing half-way with SQLITE_BUSY, while reads
begin deferred and never block behind them (WAL). On PostgreSQL both are the same engine.
Migrations run on start under a lock (an advisory lock on PostgreSQL, a file lock on SQLite),
so several gunicorn workers or Celery workers starting together migrate exactly once.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"
_ADVISORY_LOCK_ID = 0x646F6370  # "docp"
T = TypeVar("T")


@dataclass
class _Pending:
    """One caller's work waiting for a shared SQLite transaction."""

    work: Callable[[Session], Any]
    done: bool = False
    result: Any = None
    error: BaseException | None = None


def _sqlite_engine(url: str, *, immediate: bool) -> Engine:
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (pysqlite quirk)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")  # an acknowledged upload survives power loss
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


class Database:
    """The engines and session factories of one application (or worker) process."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        if self.is_sqlite:
            if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
                Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
            self.engine = _sqlite_engine(url, immediate=True)
            self.read_engine = _sqlite_engine(url, immediate=False)
        else:
            self.engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)
            self.read_engine = self.engine
        # SQLite allows one writer. Writers queue on a thread lock and then on a file lock
        # (other processes, e.g. gunicorn workers) instead of polling SQLite's busy handler,
        # whose back-off sleeps collapse throughput under load.
        self._write_lock = threading.RLock() if self.is_sqlite else None
        self._lock_file: Any = None
        self._lock_pid = 0
        self._lock_depth = 0
        self._write = sessionmaker(self.engine, expire_on_commit=False)
        self._read = sessionmaker(self.read_engine, expire_on_commit=False)
        self._group = threading.Condition()
        self._group_queue: list[_Pending] = []
        self._group_leading = False
        self.group_commits = 0  # transactions committed by group_write (for tests and benchmarks)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``: a few queries differ (locks, upserts)."""
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A write transaction: committed on success, rolled back on any exception."""
        if self._write_lock is None:
            with self._write() as s, s.begin():
                yield s
            return
        with self._write_lock, self._process_lock(), self._write() as s, s.begin():
            yield s

    def group_write(self, work: Callable[[Session], T]) -> T:
        """Run ``work(session)`` in a committed write transaction, shared with concurrent callers.

        On SQLite every commit is an fsync of the WAL made under the one write lock, so the lock,
        not the CPU, limits the write rate. Callers of this process that arrive while a
        transaction is running queue up; the next of them (the leader) runs all queued work in
        one transaction, each in its own SAVEPOINT, and commits once: one fsync for the group,
        no added wait for a lone caller, and still committed before anyone returns. A failing
        ``work`` rolls back only its savepoint and raises in its own caller; a failed commit
        raises in every caller of the group. ``work`` runs in the leader's thread: it must not
        read request state (``flask.g``) and must not open another write session. On
        PostgreSQL, which commits concurrent transactions in parallel, it is ``session()``.
        """
        if self._write_lock is None:
            with self.session() as s:
                return work(s)
        item = _Pending(work)
        with self._group:
            self._group_queue.append(item)
            while self._group_leading and not item.done:
                self._group.wait()
            if not item.done:
                self._group_leading = True
                batch, self._group_queue = self._group_queue, []
        if not item.done:
            try:
                self._run_group(batch)
            finally:
                with self._group:
                    self._group_leading = False
                    self._group.notify_all()
        if item.error is not None:
            raise item.error
        return item.result  # type: ignore[no-any-return]

    def _run_group(self, batch: list[_Pending]) -> None:
        try:
            with self.session() as s:
                for p in batch:
                    try:
                        with s.begin_nested():
                            p.result = p.work(s)
                    except Exception as exc:  # noqa: BLE001 - raised again in its own caller
                        p.error = exc
            self.group_commits += 1
        except BaseException as exc:
            for p in batch:
                if p.error is None:
                    p.error = exc
                    p.result = None
            if not isinstance(exc, Exception):
                raise
        finally:
            with self._group:
                for p in batch:
                    p.done = True

    @contextmanager
    def _process_lock(self) -> Iterator[None]:
        if self.url in ("sqlite://", "sqlite:///:memory:"):
            yield
            return
        if self._lock_file is None or self._lock_pid != os.getpid():
            self._lock_file = open(self.url.removeprefix("sqlite:///") + ".lock", "a")  # noqa: SIM115
            self._lock_pid = os.getpid()
        self._lock_depth += 1
        if self._lock_depth == 1:
            fcntl.flock(self._lock_file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            self._lock_depth -= 1
            if self._lock_depth == 0:
                fcntl.flock(self._lock_file, fcntl.LOCK_UN)

    @contextmanager
    def reader(self) -> Iterator[Session]:
        """A read-only session that does not take the SQLite write lock.

        Closing (not rolling back) ends its transaction and leaves loaded objects readable.
        """
        with self._read() as s:
            yield s

    def dispose(self) -> None:
        """Drop pooled connections (after a fork, connections must not be shared)."""
        self._group = threading.Condition()  # nor a group of the parent's threads
        self._group_queue, self._group_leading = [], False
        self.engine.dispose(close=False)
        if self.read_engine is not self.engine:
            self.read_engine.dispose(close=False)

    def migrate(self, lock_dir: Path | None = None) -> None:
        """Bring the schema to the newest Alembic revision, once, whoever starts first."""
        cfg = AlembicConfig()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        if self.is_sqlite:
            lock_path = (lock_dir or Path(".")) / ".docproc-migrate.lock"
            lock_path.parent.mkdir(parents=True, exist_ok=True)
            with open(lock_path, "a") as lock, self.engine.connect() as conn:
                fcntl.flock(lock, fcntl.LOCK_EX)
                try:
                    cfg.attributes["connection"] = conn
                    command.upgrade(cfg, "head")
                    conn.commit()
                finally:
                    fcntl.flock(lock, fcntl.LOCK_UN)
            return
        with self.engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _ADVISORY_LOCK_ID})
            conn.commit()
            try:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                conn.commit()
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _ADVISORY_LOCK_ID})
                conn.commit()
