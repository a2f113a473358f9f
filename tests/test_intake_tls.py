"""Mail intake over IMAPS and STARTTLS against a real Dovecot, with certificate verification on.

The fixture's server certificate is signed by a private CA and names ``localhost`` only; the
poller must accept it with ``MAIL_CAFILE`` and refuse a wrong CA or a wrong host name with a
clear, recorded error (and leave the message where it is).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from docproc.errors import UsageError
from docproc.intake.mail import MailPoller, MailTLSError
from docproc.intake.schedule import FAILED_EVENT, poll_mailbox
from docproc.service.models import AuditEvent, Case
from tests.conftest import add_users, bearer
from tests.test_intake_dovecot import Dovecot, fresh_mailbox, message, skip_without_dovecot

pytestmark = skip_without_dovecot()


@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_polls_over_tls_with_the_configured_ca(make_app: Any, dovecot: Dovecot, text_pdf: bytes,
                                               security: str) -> None:
    cfg = fresh_mailbox(dovecot, dovecot.tls_config(security))
    dovecot.append(message(f"over {security}", [("inv.pdf", text_pdf, "application/pdf")]),
                   str(cfg["MAIL_FOLDER"]))
    app = make_app(**cfg)
    svc = app.extensions["docproc"]
    report = poll_mailbox(svc)
    assert (report.outcome, report.processed, report.error) == ("ok", 1, None)
    assert dovecot.count(str(cfg["MAIL_FOLDER"])) == 0
    assert dovecot.count(str(cfg["MAIL_PROCESSED_FOLDER"])) == 1
    with svc.db.reader() as s:
        assert s.scalar(select(Case.subject)) == f"over {security}"
    log = (dovecot.root / "dovecot.log").read_text()
    assert "method=PLAIN" in log and ", TLS," in log  # the login really went over TLS


@pytest.mark.parametrize(("security", "host", "ca", "expected"), [
    ("ssl", "localhost", "other-ca.pem", "certificate verify failed"),
    ("starttls", "localhost", "other-ca.pem", "certificate verify failed"),
    ("ssl", "127.0.0.1", "ca.pem", "mismatch, certificate is not valid for '127.0.0.1'"),
    ("starttls", "127.0.0.1", "ca.pem", "mismatch, certificate is not valid for '127.0.0.1'"),
    ("ssl", "localhost", None, "certificate verify failed"),  # system CAs only
])
def test_a_wrong_certificate_is_a_recorded_error(make_app: Any, dovecot: Dovecot,
                                                 text_pdf: bytes, security: str, host: str,
                                                 ca: str | None, expected: str) -> None:
    cfg = fresh_mailbox(dovecot, dovecot.tls_config(
        security, MAIL_HOST=host, MAIL_CAFILE=str(dovecot.root / ca) if ca else None))
    folder = str(cfg["MAIL_FOLDER"])
    dovecot.append(message("kept", [("inv.pdf", text_pdf, "application/pdf")]), folder)
    app = make_app(**cfg)
    svc = app.extensions["docproc"]
    with pytest.raises(MailTLSError, match=expected) as info:
        MailPoller(svc).poll_once()
    assert f"mail server {host}:" in str(info.value) and info.value.exit_code == 2

    report = poll_mailbox(svc)  # the scheduled poll: recorded, not raised
    assert report.outcome == "error" and report.error is not None
    assert report.error["code"] == "mail_tls_failed" and expected in report.error["message"]
    assert dovecot.count(folder) == 1  # the message waits for a working configuration
    with svc.db.reader() as s:
        events = list(s.scalars(select(AuditEvent).where(AuditEvent.action == FAILED_EVENT)))
        assert s.scalar(select(Case.id)) is None
    assert [e.after["code"] for e in events] == ["mail_tls_failed"]
    token = add_users(app)["admin"]
    status = app.test_client().get("/api/intake/status", headers=bearer(token)).json["mail"]
    assert status["last_poll"]["error"]["code"] == "mail_tls_failed"
    assert status["recent_events"][0]["action"] == FAILED_EVENT


def test_imaps_against_a_plain_port_and_a_missing_ca_file(make_app: Any,
                                                          dovecot: Dovecot) -> None:
    svc = make_app(**dovecot.tls_config("ssl", MAIL_PORT=dovecot.port)).extensions["docproc"]
    report = poll_mailbox(svc)
    assert report.outcome == "error" and report.error is not None
    assert report.error["code"] == "mail_tls_failed"
    assert f"localhost:{dovecot.port} failed (ssl)" in report.error["message"]

    svc = make_app(**dovecot.tls_config("ssl", MAIL_CAFILE=str(dovecot.root / "nope.pem"))
                   ).extensions["docproc"]
    with pytest.raises(UsageError, match="DOCPROC_MAIL_CAFILE .*nope.pem"):
        MailPoller(svc).connect()


def test_cli_with_a_wrong_ca_exits_2_with_one_line(tmp_path: Path, dovecot: Dovecot) -> None:
    cfg = dovecot.tls_config("starttls", MAIL_CAFILE=str(dovecot.root / "other-ca.pem"))
    env = {**os.environ, "DOCPROC_HOME": str(tmp_path / "home"), "DOCPROC_UI_MODULE": ""}
    env.update({f"DOCPROC_{k}": str(v) for k, v in cfg.items()})
    out = subprocess.run([sys.executable, "-m", "docproc.cli", "intake-mail", "--once"],
                         env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "was not accepted" in lines[0], out.stderr
    assert "DOCPROC_MAIL_CAFILE" in lines[0]
