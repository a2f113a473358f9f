"""Mail intake at scale: ``docproc worker --beat`` (Celery worker with embedded beat) on Redis.

The beat fires ``docproc.intake.poll_mailbox`` every MAIL_INTERVAL; the worker runs the same
scheduled poll as ``docproc serve`` against a real Dovecot, so messages become cases, the
status lands in Redis for every node to see, and a message that arrives later is taken by a
later beat. Skipped only when Redis (or Dovecot) is absent and CI is unset.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from docproc.intake.schedule import last_poll
from docproc.service.models import Case
from tests.conftest import DOCPROC, stop_group
from tests.test_intake_dovecot import Dovecot, fresh_mailbox, message, skip_without_dovecot

pytestmark = skip_without_dovecot()


@pytest.fixture
def beat_env(tmp_path: Path, redis_url: str, unique_name: str, dovecot: Dovecot
             ) -> Iterator[dict[str, str]]:
    """Environment of the worker: SQLite in a shared home, Redis broker, the test mailbox."""
    import redis

    env = {"DOCPROC_HOME": str(tmp_path / "home"), "DOCPROC_BROKER_URL": redis_url,
           "DOCPROC_QUEUE": unique_name, "DOCPROC_REDIS_PREFIX": unique_name + ":",
           "DOCPROC_RATE_LIMIT": "0", "DOCPROC_UI_MODULE": ""}
    mailbox = fresh_mailbox(dovecot, dovecot.config(MAIL_SCHEDULE="beat", MAIL_INTERVAL=1))
    env.update({f"DOCPROC_{k}": str(v) for k, v in mailbox.items()})
    yield env
    client = redis.Redis.from_url(redis_url)
    keys = [unique_name, *client.keys(unique_name + "*")]
    client.delete(*keys)
    client.close()


def until(predicate: Callable[[], Any], timeout: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not after {timeout} s\n{log.read_text()[-4000:]}")
        time.sleep(0.3)


def test_beat_polls_the_mailbox_through_a_celery_worker(
        make_app: Any, dovecot: Dovecot, beat_env: dict[str, str], text_pdf: bytes,
        tmp_path: Path) -> None:
    folder, done = beat_env["DOCPROC_MAIL_FOLDER"], beat_env["DOCPROC_MAIL_PROCESSED_FOLDER"]
    dovecot.append(message("first", [("a.pdf", text_pdf, "application/pdf")]), folder)
    log = tmp_path / "worker.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [DOCPROC, "worker", "--beat", "--concurrency", "1", "--hostname", "beat@%h"],
            env={**os.environ, **beat_env}, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True)
    try:
        until(lambda: dovecot.count(done) == 1, 120, "the beat took the first message", log)
        dovecot.append(message("second", [("b.pdf", text_pdf + b"%2", "application/pdf")]),
                       folder)
        until(lambda: dovecot.count(done) == 2, 60, "a later beat took the second", log)
        assert proc.poll() is None
    finally:
        stop_group(proc, 30)
    text = log.read_text()
    assert "docproc.intake.poll_mailbox" in text and "beat" in text.lower()
    app = make_app(HOME=beat_env["DOCPROC_HOME"], REDIS_URL=beat_env["DOCPROC_BROKER_URL"],
                   REDIS_PREFIX=beat_env["DOCPROC_REDIS_PREFIX"])
    svc = app.extensions["docproc"]
    with svc.db.reader() as s:
        assert sorted(s.scalars(select(Case.subject))) == ["first", "second"]
    status = last_poll(svc)  # stored in Redis by the worker, readable by any node
    assert status is not None and status["outcome"] == "ok"
    assert dovecot.count(folder) == 0


def test_beat_schedule_follows_the_configuration() -> None:
    from docproc.service.celery_app import POLL_TASK_NAME, beat_schedule

    assert beat_schedule({}) == {}
    assert beat_schedule({"MAIL_HOST": "imap.example", "MAIL_SCHEDULE": "off"}) == {}
    entry = beat_schedule({"MAIL_HOST": "imap.example", "MAIL_INTERVAL": "30"})
    assert entry == {"docproc-intake-mail": {"task": POLL_TASK_NAME, "schedule": 30.0,
                                             "options": {"expires": 30.0}}}


def test_worker_beat_without_a_broker_polls_in_a_thread(dovecot: Dovecot, text_pdf: bytes,
                                                        tmp_path: Path) -> None:
    mailbox = fresh_mailbox(dovecot, dovecot.config(MAIL_SCHEDULE="beat", MAIL_INTERVAL=1))
    env = {k: v for k, v in os.environ.items() if k != "DOCPROC_BROKER_URL"}
    env.update({"DOCPROC_HOME": str(tmp_path / "home"), "DOCPROC_UI_MODULE": ""})
    env.update({f"DOCPROC_{k}": str(v) for k, v in mailbox.items()})
    dovecot.append(message("threads", [("t.pdf", text_pdf, "application/pdf")]),
                   str(mailbox["MAIL_FOLDER"]))
    log = tmp_path / "worker.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([DOCPROC, "worker", "--beat", "--concurrency", "1"], env=env,
                                stdout=out, stderr=subprocess.STDOUT)
    try:
        until(lambda: dovecot.count(str(mailbox["MAIL_PROCESSED_FOLDER"])) == 1, 60,
              "the worker's beat thread took the message", log)
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=60)
    assert code == 0, log.read_text()
    assert "Traceback" not in log.read_text()
