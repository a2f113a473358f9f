"""A lease so that one poller at a time reaches the mailbox, whichever process it runs in.

``docproc serve`` (each gunicorn worker, each node), a Celery beat task and ``docproc
intake-mail`` may all be running. Polling the same message twice would still be harmless (the
``intake.mail`` event of its Message-ID makes the second take a duplicate), but it wastes work
and confuses the status. The lease lives where all of them meet, the database:

* PostgreSQL: a session advisory lock, keyed by the database URL (which names the schema) and
  the lease name. It is held on one pooled connection for the poll and released by the server
  when that connection (or the process) dies, so a crashed poller never blocks the next one.
* SQLite (one machine by nature): ``flock`` on a file next to the database; the kernel drops it
  when the process dies. Separate ``open`` calls conflict even within one process, so two
  threads are kept apart too.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text

from docproc.service.state import Service

log = logging.getLogger(__name__)


def lease_key(svc: Service, name: str) -> int:
    """A signed 64-bit advisory-lock key unique to this database (schema) and lease name."""
    digest = hashlib.sha256(f"docproc-lease|{svc.db.url}|{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def lease_path(svc: Service, name: str) -> Path:
    """The lock file of a lease on SQLite: next to the database file, else under HOME."""
    url = svc.db.url
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        return Path(url.removeprefix("sqlite:///") + f".{name}.lease")
    return Path(svc.config["HOME"]) / f".docproc.{name}.lease"


@contextmanager
def lease(svc: Service, name: str, wait: float = 0.0) -> Iterator[bool]:
    """Hold the lease ``name`` for the ``with`` block; yields False if someone else holds it.

    ``wait`` seconds are spent retrying before giving up (0: one try).
    """
    deadline = time.monotonic() + wait
    if svc.db.dialect == "postgresql":
        key = lease_key(svc, name)
        with svc.db.engine.connect() as conn:

            def try_pg() -> bool:
                got = bool(conn.execute(text("SELECT pg_try_advisory_lock(:k)"),
                                        {"k": key}).scalar())
                conn.commit()
                return got

            got = _retry(try_pg, deadline)
            if not got:
                yield False
                return
            try:
                yield True
            finally:
                try:
                    conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                    conn.commit()
                except Exception:  # noqa: BLE001 - a dropped connection released it already
                    log.warning("lease %s: unlock failed; dropping the connection", name)
                    conn.invalidate()
        return
    path = lease_path(svc, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as fh:

        def try_file() -> bool:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            return True

        got = _retry(try_file, deadline)
        if not got:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _retry(attempt: Callable[[], bool], deadline: float) -> bool:
    """Call ``attempt`` until it succeeds or ``deadline`` (monotonic) has passed."""
    while True:
        if attempt():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.25)
