"""Scheduled mail intake against a real Dovecot: the lease, recorded outcomes, ``docproc serve``.

* one poller at a time: a poll that finds the lease taken (on SQLite and on PostgreSQL) is
  ``busy`` and touches nothing;
* wrong credentials and a server that is SIGKILLed in the middle of a poll are recorded
  (status, audit trail), lose no message and take none twice;
* ``docproc serve`` polls on its schedule, shows the outcome at ``/api/intake/status`` and stops
  cleanly on SIGTERM.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from docproc.intake.lease import lease
from docproc.intake.mail import MailOutcome, MailPoller
from docproc.intake.schedule import (
    FAILED_EVENT,
    RECOVERED_EVENT,
    MailScheduler,
    PollReport,
    backoff,
    last_poll,
    poll_mailbox,
)
from docproc.service.models import AuditEvent, Case, Document
from tests.conftest import DOCPROC, add_users, bearer, free_port
from tests.test_intake_dovecot import (
    Dovecot,
    fresh_mailbox,
    message,
    remove,
    skip_without_dovecot,
    start_dovecot,
)

pytestmark = skip_without_dovecot()


def until(predicate: Callable[[], Any], timeout: float, what: str) -> Any:
    """Wait for ``predicate`` to return something truthy; fail the test after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not after {timeout} s")
        time.sleep(0.2)


def events(app: Any, action: str) -> list[dict[str, Any]]:
    with app.extensions["docproc"].db.reader() as s:
        return [dict(e.after) for e in s.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id))]


def count(app: Any, model: Any) -> int:
    with app.extensions["docproc"].db.reader() as s:
        return len(list(s.scalars(select(model.id))))


@pytest.fixture(params=["sqlite", "postgresql"])
def db_config(request: pytest.FixtureRequest) -> dict[str, Any]:
    """The lease is an advisory lock on PostgreSQL and a file lock on SQLite: test both."""
    if request.param == "sqlite":
        return {}
    return {"DATABASE_URL": request.getfixturevalue("pg_url")}


def test_one_poller_at_a_time(make_app: Any, dovecot: Dovecot, mailbox: dict[str, Any],
                              text_pdf: bytes, db_config: dict[str, Any]) -> None:
    folder = mailbox["MAIL_FOLDER"]
    for n in range(2):
        dovecot.append(message(f"m{n}", [(f"d{n}.pdf", text_pdf + bytes([n]),
                                          "application/pdf")]), folder)
    app = make_app(**mailbox, **db_config)
    svc = app.extensions["docproc"]
    # A second app on the same database and home: another process of the deployment.
    other = make_app(**mailbox, **db_config).extensions["docproc"]

    with lease(other, "mail") as held:
        assert held
        busy = poll_mailbox(svc)
        assert busy.outcome == "busy"
        with lease(svc, "mail") as second:
            assert not second
    assert dovecot.count(folder) == 2 and count(app, Case) == 0  # nothing was touched
    assert last_poll(svc) is None  # a skipped poll records nothing

    # While a poll is under way (stopped between two messages), another poll is refused.
    poller = MailPoller(svc)
    seen: list[PollReport] = []

    def meanwhile(_outcome: MailOutcome) -> None:
        if not seen:
            seen.append(poll_mailbox(other))

    poller.after_store = meanwhile
    report = poll_mailbox(svc, poller=poller)
    assert [r.outcome for r in seen] == ["busy"]
    assert (report.outcome, report.processed) == ("ok", 2)
    assert dovecot.count(folder) == 0 and count(app, Case) == 2
    assert last_poll(other)["processed"] == 2  # the status is shared by both processes
    with lease(svc, "mail") as again:
        assert again  # released after the poll


def test_wrong_credentials_are_recorded_once_and_recovery_too(
        make_app: Any, dovecot: Dovecot, mailbox: dict[str, Any], text_pdf: bytes) -> None:
    folder = mailbox["MAIL_FOLDER"]
    dovecot.append(message("waiting", [("a.pdf", text_pdf, "application/pdf")]), folder)
    bad = make_app(**{**mailbox, "MAIL_PASSWORD": "wrong"})
    svc = bad.extensions["docproc"]
    first, second = poll_mailbox(svc), poll_mailbox(svc)
    for report in (first, second):
        assert report.outcome == "error" and report.error is not None
        assert report.error["code"] == "mail_auth_failed"
        assert "refused the login of 'intake'" in report.error["message"]
    assert second.consecutive_failures == 2
    assert [e["code"] for e in events(bad, FAILED_EVENT)] == ["mail_auth_failed"]  # not twice
    assert dovecot.count(folder) == 1

    tokens = add_users(bad)
    client = bad.test_client()
    assert client.get("/api/intake/status", headers=bearer(tokens["reviewer"])).status_code \
        == 403
    status = client.get("/api/intake/status", headers=bearer(tokens["admin"])).json["mail"]
    assert status["configured"] and status["schedule"] == "off"
    assert status["last_poll"]["outcome"] == "error"
    assert status["last_poll"]["consecutive_failures"] == 2
    assert "password" not in json.dumps(status).lower()
    assert "wrong" not in json.dumps(status)

    good = make_app(**mailbox)  # the password fixed, same home and database
    report = poll_mailbox(good.extensions["docproc"])
    assert (report.outcome, report.processed, report.consecutive_failures) == ("ok", 1, 0)
    [recovered] = events(good, RECOVERED_EVENT)
    assert recovered["after_failures"] == 2
    assert recovered["last_error"]["code"] == "mail_auth_failed"
    assert dovecot.count(folder) == 0


def test_dovecot_killed_mid_poll_loses_nothing(make_app: Any, text_pdf: bytes) -> None:
    server = start_dovecot()  # its own server: this test kills it
    try:
        cfg = fresh_mailbox(server)
        folder = str(cfg["MAIL_FOLDER"])
        for n in range(4):
            server.append(message(f"kill {n}", [(f"k{n}.pdf", text_pdf + bytes([n]),
                                                 "application/pdf")], mid=f"<kill{n}@x>"),
                          folder)
        app = make_app(**cfg)
        svc = app.extensions["docproc"]
        poller = MailPoller(svc)
        stored: list[str] = []

        def crash(outcome: MailOutcome) -> None:  # the 2nd message is stored, not yet moved
            stored.append(outcome.message_id)
            if len(stored) == 2:
                server.kill()

        poller.after_store = crash
        report = poll_mailbox(svc, poller=poller)
        assert report.outcome == "error" and report.error is not None
        assert report.error["code"] == "mail_unavailable"
        assert "went away during the poll" in report.error["message"]
        assert report.processed == 1  # the 1st message was stored and moved before the crash
        assert [e["code"] for e in events(app, FAILED_EVENT)] == ["mail_unavailable"]
        assert count(app, Document) == 2

        server = server.restart()
        assert server.count(folder) == 3  # the 2nd (stored) and the two untouched ones
        again = poll_mailbox(svc)
        assert (again.outcome, again.duplicate, again.processed) == ("ok", 1, 2)
        assert server.count(folder) == 0
        assert server.count(str(cfg["MAIL_PROCESSED_FOLDER"])) == 4
        with svc.db.reader() as s:
            ids = sorted(s.scalars(select(Case.message_id)))
        assert ids == [f"<kill{n}@x>" for n in range(4)]  # each message once, none lost
        assert count(app, Document) == 4
        assert len(events(app, RECOVERED_EVENT)) == 1
    finally:
        remove(server)


def test_scheduler_thread_polls_and_stops(make_app: Any, dovecot: Dovecot,
                                          mailbox: dict[str, Any], text_pdf: bytes) -> None:
    folder = mailbox["MAIL_FOLDER"]
    app = make_app(**{**mailbox, "MAIL_SCHEDULE": "serve", "MAIL_INTERVAL": 0.5})
    svc = app.extensions["docproc"]
    scheduler = svc.extras["mail_scheduler"]  # started by create_app: MAIL_SCHEDULE=serve
    assert isinstance(scheduler, MailScheduler)
    try:
        assert scheduler.running
        dovecot.append(message("scheduled", [("s.pdf", text_pdf, "application/pdf")]), folder)
        until(lambda: dovecot.count(mailbox["MAIL_PROCESSED_FOLDER"]) == 1, 60,
              "the scheduler took the message")
        until(lambda: count(app, Case) == 1, 30, "the case was stored")
        until(lambda: (last_poll(svc) or {}).get("outcome") == "ok", 30, "the poll recorded")
        polls = scheduler.polls
        until(lambda: scheduler.polls >= polls + 2, 30, "the scheduler kept polling")
    finally:
        assert scheduler.stop(timeout=30)
    assert not scheduler.running
    stopped_at = scheduler.polls
    time.sleep(1.5)
    assert scheduler.polls == stopped_at


def test_scheduler_backs_off_while_polls_fail_and_never_dies(
        make_app: Any, dovecot: Dovecot, mailbox: dict[str, Any]) -> None:
    app = make_app(**{**mailbox, "MAIL_PASSWORD": "wrong", "MAIL_SCHEDULE": "serve",
                      "MAIL_INTERVAL": 0.2})
    svc = app.extensions["docproc"]
    scheduler = svc.extras["mail_scheduler"]
    try:
        until(lambda: scheduler.polls >= 3, 60, "three failing polls")
        assert scheduler.running
        assert scheduler.delay >= 0.2 * 2 ** 3  # doubled per consecutive failure
        assert last_poll(svc)["consecutive_failures"] >= 3
        assert [e["code"] for e in events(app, FAILED_EVENT)] == ["mail_auth_failed"]
    finally:
        assert scheduler.stop(timeout=30)
    assert backoff(60, 0) == 60 and backoff(60, 1) == 120 and backoff(60, 20) == 600


def _serve(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    with open(log, "wb") as out:
        return subprocess.Popen([DOCPROC, "serve", "--port", str(port)], env=env, stdout=out,
                                stderr=subprocess.STDOUT)


def test_serve_polls_on_schedule_shows_status_and_stops_cleanly(
        make_app: Any, dovecot: Dovecot, mailbox: dict[str, Any], text_pdf: bytes,
        tmp_path: Path) -> None:
    home = tmp_path / "home"
    admin = add_users(make_app(HOME=str(home)))["admin"]  # the same SQLite home as serve's
    env = {**os.environ, "DOCPROC_HOME": str(home), "DOCPROC_UI_MODULE": "",
           "DOCPROC_EXECUTOR": "none", "DOCPROC_RATE_LIMIT": "0"}
    env.update({f"DOCPROC_{k}": str(v) for k, v in mailbox.items()})
    env.update(DOCPROC_MAIL_SCHEDULE="serve", DOCPROC_MAIL_INTERVAL="1")
    dovecot.append(message("via serve", [("v.pdf", text_pdf, "application/pdf")]),
                   mailbox["MAIL_FOLDER"])
    port = free_port()
    proc = _serve(env, port, tmp_path / "serve.log")

    def status() -> dict[str, Any] | None:
        req = urllib.request.Request(f"http://127.0.0.1:{port}/api/intake/status",
                                     headers=bearer(admin))
        try:
            with urllib.request.urlopen(req, timeout=5) as resp:
                return dict(json.load(resp)["mail"])
        except OSError:
            assert proc.poll() is None, (tmp_path / "serve.log").read_text()
            return None

    try:
        until(lambda: dovecot.count(mailbox["MAIL_PROCESSED_FOLDER"]) == 1, 60,
              "serve took the message in")
        mail = until(lambda: (s := status()) and s["last_poll"] and s, 30, "status served")
        assert mail["scheduler_running"] and mail["schedule"] == "serve"
        assert mail["interval"] == 1.0 and mail["folder"] == mailbox["MAIL_FOLDER"]
        assert mail["last_poll"]["outcome"] == "ok"
        with make_app(HOME=str(home)).extensions["docproc"].db.reader() as s:
            assert s.scalar(select(Case.subject)) == "via serve"
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            pytest.fail("serve did not stop within 30 s of SIGTERM")
    log = (tmp_path / "serve.log").read_text()
    assert code == 0, log
    assert "mail intake every 1 s" in log
    assert "Traceback" not in log, log


def test_configuration_problems_are_recorded_not_raised(make_app: Any, dovecot: Dovecot,
                                                        mailbox: dict[str, Any],
                                                        tmp_path: Path) -> None:
    app = make_app(**{**mailbox, "MAIL_FOLDER": "no-such-folder"})
    report = poll_mailbox(app.extensions["docproc"])
    assert report.outcome == "error" and report.error is not None
    assert report.error["code"] == "mail_config_invalid"
    assert "'no-such-folder' cannot be opened" in report.error["message"]

    half = make_app(HOME=str(tmp_path / "half"), MAIL_HOST="127.0.0.1", MAIL_SCHEDULE="off")
    report = poll_mailbox(half.extensions["docproc"])
    assert report.error == {"code": "mail_config_invalid", "message": "mail intake is not "
                            "configured: set DOCPROC_MAIL_USER, DOCPROC_MAIL_PASSWORD (or "
                            "DOCPROC_MAIL_TOKEN / DOCPROC_MAIL_TOKEN_FILE)"}
    admin = add_users(half)["admin"]
    status = half.test_client().get("/api/intake/status", headers=bearer(admin)).json["mail"]
    assert status["configured"] and "DOCPROC_MAIL_USER" in status["config_error"]
    assert status["last_poll"]["error"]["code"] == "mail_config_invalid"
    assert [e["code"] for e in events(half, FAILED_EVENT)] == ["mail_config_invalid"]
