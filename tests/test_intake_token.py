"""Token login (IMAP AUTHENTICATE XOAUTH2) against a real Dovecot with an oauth2 passdb.

The ``dovecot_oauth2`` server hands every XOAUTH2 / OAUTHBEARER login to a loopback OAuth2
introspection endpoint (``introspection``, RFC 7662 ``POST token=...``) that knows one token;
its password passdb answers PLAIN / LOGIN only, so a token is never checked as a password.
A refused token is a recorded ``mail_auth_failed`` error like a wrong password, never a
traceback, and the message stays in the inbox.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from docproc.intake.mail import MailAuthError, MailPoller
from docproc.intake.schedule import FAILED_EVENT, RECOVERED_EVENT, poll_mailbox
from docproc.service.models import AuditEvent, Case
from tests.conftest import add_users, bearer
from tests.test_intake_dovecot import (
    GOOD_TOKEN,
    Dovecot,
    Introspection,
    fresh_mailbox,
    message,
    skip_without_dovecot,
)

pytestmark = skip_without_dovecot()

BAD_TOKEN = "ya29.expired-or-revoked-token"


def _events(app: Any, action: str) -> list[dict[str, Any]]:
    with app.extensions["docproc"].db.reader() as s:
        return [e.after for e in s.scalars(select(AuditEvent).where(AuditEvent.action == action)
                                           .order_by(AuditEvent.id))]


def _log(server: Dovecot) -> str:
    return (server.root / "dovecot.log").read_text()


def test_a_good_token_takes_the_message_in(make_app: Any, dovecot_oauth2: Dovecot,
                                           introspection: Introspection,
                                           text_pdf: bytes) -> None:
    cfg = fresh_mailbox(dovecot_oauth2, dovecot_oauth2.token_config(GOOD_TOKEN))
    assert "MAIL_PASSWORD" not in cfg
    folder = str(cfg["MAIL_FOLDER"])
    dovecot_oauth2.append(message("by token", [("inv.pdf", text_pdf, "application/pdf")]),
                          folder)
    app = make_app(**cfg)
    svc = app.extensions["docproc"]
    asked = len(introspection.seen)
    report = poll_mailbox(svc)
    assert (report.outcome, report.processed, report.error) == ("ok", 1, None)
    assert dovecot_oauth2.count(folder) == 0
    assert dovecot_oauth2.count(str(cfg["MAIL_PROCESSED_FOLDER"])) == 1
    with svc.db.reader() as s:
        assert s.scalar(select(Case.subject)) == "by token"
    assert introspection.seen[asked:] == [GOOD_TOKEN]  # Dovecot really asked the endpoint
    assert "user=<intake>, method=XOAUTH2" in _log(dovecot_oauth2)
    admin = add_users(app)["admin"]
    status = app.test_client().get("/api/intake/status", headers=bearer(admin)).json["mail"]
    assert status["auth"] == "XOAUTH2" and GOOD_TOKEN not in json.dumps(status)


def test_a_bad_token_is_a_recorded_auth_error_and_the_message_stays(
        make_app: Any, dovecot_oauth2: Dovecot, introspection: Introspection,
        text_pdf: bytes) -> None:
    # The right password too: the token, when configured, is what logs in.
    cfg = fresh_mailbox(dovecot_oauth2, dovecot_oauth2.token_config(
        BAD_TOKEN, MAIL_PASSWORD=dovecot_oauth2.password))
    folder = str(cfg["MAIL_FOLDER"])
    dovecot_oauth2.append(message("kept", [("inv.pdf", text_pdf, "application/pdf")]), folder)
    app = make_app(**cfg)
    svc = app.extensions["docproc"]
    with pytest.raises(MailAuthError) as info:
        MailPoller(svc).poll_once()
    text = str(info.value)
    assert info.value.exit_code == 2 and info.value.code == "mail_auth_failed"
    assert f"mail server 127.0.0.1:{dovecot_oauth2.port} refused the token login (XOAUTH2) " \
           "of 'intake'" in text
    assert "AUTHENTICATIONFAILED" in text and "status 401" in text
    assert BAD_TOKEN not in text
    assert introspection.seen[-1] == BAD_TOKEN

    report = poll_mailbox(svc)  # the scheduled poll: recorded, not raised
    assert report.outcome == "error" and report.error is not None
    assert report.error["code"] == "mail_auth_failed"
    assert "refused the token login (XOAUTH2) of 'intake'" in report.error["message"]
    assert dovecot_oauth2.count(folder) == 1  # the message waits for a working token
    with svc.db.reader() as s:
        assert s.scalar(select(Case.id)) is None
    assert [e["code"] for e in _events(app, FAILED_EVENT)] == ["mail_auth_failed"]
    admin = add_users(app)["admin"]
    status = app.test_client().get("/api/intake/status", headers=bearer(admin)).json["mail"]
    assert status["last_poll"]["error"]["code"] == "mail_auth_failed"
    assert BAD_TOKEN not in json.dumps(status)


def test_the_token_file_is_read_on_every_poll(make_app: Any, dovecot_oauth2: Dovecot,
                                              tmp_path: Path, text_pdf: bytes) -> None:
    token_file = tmp_path / "token"
    cfg = fresh_mailbox(dovecot_oauth2, dovecot_oauth2.token_config(
        None, MAIL_TOKEN_FILE=str(token_file)))
    folder = str(cfg["MAIL_FOLDER"])
    dovecot_oauth2.append(message("rotated", [("inv.pdf", text_pdf, "application/pdf")]), folder)
    svc = make_app(**cfg).extensions["docproc"]
    poller = MailPoller(svc)  # one poller (settings read once), as the scheduler keeps it

    report = poll_mailbox(svc, poller=poller)  # no file yet
    assert report.error is not None and report.error["code"] == "mail_config_invalid"
    assert f"DOCPROC_MAIL_TOKEN_FILE {str(token_file)!r} cannot be read" \
        in report.error["message"]

    token_file.write_text(BAD_TOKEN + "\n")
    report = poll_mailbox(svc, poller=poller)
    assert report.error is not None and report.error["code"] == "mail_auth_failed"
    assert dovecot_oauth2.count(folder) == 1

    token_file.write_text(GOOD_TOKEN + "\n")  # the token was refreshed
    report = poll_mailbox(svc, poller=poller)
    assert (report.outcome, report.processed) == ("ok", 1)
    assert dovecot_oauth2.count(folder) == 0
    [recovered] = _events(make_app(**cfg), RECOVERED_EVENT)
    assert recovered["last_error"]["code"] == "mail_auth_failed"


def test_password_login_stays_the_default(make_app: Any, dovecot_oauth2: Dovecot,
                                          text_pdf: bytes) -> None:
    cfg = fresh_mailbox(dovecot_oauth2)
    dovecot_oauth2.append(message("by password", [("a.pdf", text_pdf, "application/pdf")]),
                          str(cfg["MAIL_FOLDER"]))
    before = _log(dovecot_oauth2).count("method=XOAUTH2")
    report = poll_mailbox(make_app(**cfg).extensions["docproc"])
    assert (report.outcome, report.processed) == ("ok", 1)
    assert _log(dovecot_oauth2).count("method=XOAUTH2") == before


def test_a_server_without_xoauth2_is_a_clear_error(make_app: Any, dovecot: Dovecot) -> None:
    cfg = fresh_mailbox(dovecot, dovecot.token_config(GOOD_TOKEN))
    report = poll_mailbox(make_app(**cfg).extensions["docproc"])
    assert report.error is not None and report.error["code"] == "mail_auth_failed"
    assert "does not offer token login (AUTH=XOAUTH2" in report.error["message"]


def test_cli_with_a_token(tmp_path: Path, dovecot_oauth2: Dovecot, text_pdf: bytes) -> None:
    cfg = fresh_mailbox(dovecot_oauth2, dovecot_oauth2.token_config(None))
    dovecot_oauth2.append(message("cli token", [("a.pdf", text_pdf, "application/pdf")]),
                          str(cfg["MAIL_FOLDER"]))
    env = {**os.environ, "DOCPROC_HOME": str(tmp_path / "home"), "DOCPROC_UI_MODULE": ""}
    env.update({f"DOCPROC_{k}": str(v) for k, v in cfg.items() if v is not None})
    env.pop("DOCPROC_MAIL_PASSWORD", None)
    cmd = [sys.executable, "-m", "docproc.cli", "intake-mail", "--once"]
    bad = subprocess.run(cmd, env={**env, "DOCPROC_MAIL_TOKEN": BAD_TOKEN},
                         capture_output=True, text=True, timeout=90)
    assert bad.returncode == 2
    lines = bad.stderr.strip().splitlines()
    assert len(lines) == 1 and "refused the token login (XOAUTH2)" in lines[0], bad.stderr
    assert BAD_TOKEN not in bad.stderr
    assert dovecot_oauth2.count(str(cfg["MAIL_FOLDER"])) == 1

    token_file = tmp_path / "token"
    token_file.write_text(GOOD_TOKEN)
    ok = subprocess.run(cmd, env={**env, "DOCPROC_MAIL_TOKEN_FILE": str(token_file)},
                        capture_output=True, text=True, timeout=90)
    assert ok.returncode == 0, ok.stderr
    assert dovecot_oauth2.count(str(cfg["MAIL_PROCESSED_FOLDER"])) == 1
