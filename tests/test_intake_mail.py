"""Mail intake against a real Dovecot IMAP server started by the test in a temporary directory.

Messages are APPENDed over IMAP; the poller runs against the server, and the tests look at the
mailbox folders and the store afterwards. Skipped only when Dovecot is absent and CI is unset.
"""

from __future__ import annotations

import base64
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from docproc.intake.mail import MailPoller, MailUnavailableError
from docproc.service.models import AuditEvent, Case, Document, Job
from tests.test_intake_dovecot import Dovecot, message, skip_without_dovecot

pytestmark = skip_without_dovecot()

KOI8 = base64.b64encode("Пакет".encode("koi8-r"))


def zip_of(members: dict[str, bytes], *, encrypted: bool = False) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    out = bytearray(buf.getvalue())
    if encrypted:  # zipfile cannot encrypt: set the "encrypted" bit in both headers
        for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            at = out.find(sig)
            out[at + off] |= 0x1
    return bytes(out)


def cases(app: Any) -> list[Case]:
    with app.extensions["docproc"].db.reader() as s:
        return list(s.scalars(select(Case).order_by(Case.id)))


def docs(app: Any, case_id: int | None = None) -> list[Document]:
    with app.extensions["docproc"].db.reader() as s:
        q = select(Document).order_by(Document.id)
        if case_id is not None:
            q = q.where(Document.case_id == case_id)
        return list(s.scalars(q))


def mail_event(app: Any, case_id: int) -> dict[str, Any]:
    with app.extensions["docproc"].db.reader() as s:
        ev = s.scalar(select(AuditEvent).where(AuditEvent.action == "intake.mail",
                                               AuditEvent.case_id == case_id))
        assert ev is not None
        return dict(ev.after)


def test_message_becomes_a_case_once(make_app: Any, dovecot: Dovecot, mailbox: dict[str, Any],
                                     shipment_pdfs: Any) -> None:
    pdfs = [p.read_bytes() for p in shipment_pdfs(7)[:3]]
    raw = message("Shipment documents", [
        ("contract.pdf", pdfs[0], "application/pdf"),
        ("invoice.pdf", pdfs[1], "application/pdf"),
        ("more.zip", zip_of({"scans/packing.pdf": pdfs[2]}), "application/zip"),
    ], mid="<same-1@shipping.example>")
    dovecot.append(raw, mailbox["MAIL_FOLDER"])
    app = make_app(**mailbox)
    svc = app.extensions["docproc"]
    result = MailPoller(svc).poll_once()
    assert [o.status for o in result.outcomes] == ["processed"]
    [case] = cases(app)
    assert (case.source, case.message_id, case.subject) == (
        "mail", "<same-1@shipping.example>", "Shipment documents")
    assert case.sender == "Agent <agent@shipping.example>"
    assert case.received_at.isoformat().startswith("2026-03-10T08:30")
    stored = docs(app)
    assert sorted(d.filename for d in stored) == ["contract.pdf", "invoice.pdf", "packing.pdf"]
    assert all(d.source == "mail" and svc.store.exists(d.sha256) for d in stored)
    with svc.db.reader() as s:
        assert set(s.scalars(select(Job.state))) == {"queued"}
    assert dovecot.count(mailbox["MAIL_FOLDER"]) == 0
    assert dovecot.count(mailbox["MAIL_PROCESSED_FOLDER"]) == 1

    dovecot.append(raw, mailbox["MAIL_FOLDER"])  # delivered a second time
    again = MailPoller(svc).poll_once()
    assert [o.status for o in again.outcomes] == ["duplicate"]
    assert len(cases(app)) == 1 and len(docs(app)) == 3
    assert dovecot.count(mailbox["MAIL_PROCESSED_FOLDER"]) == 2


def test_bad_input_is_recorded_never_lost(make_app: Any, dovecot: Dovecot,
                                          mailbox: dict[str, Any], text_pdf: bytes) -> None:
    folder = mailbox["MAIL_FOLDER"]
    pdf = lambda n: text_pdf + f"\n%{n}\n".encode()  # noqa: E731 - distinct bytes, same PDF
    many = [(f"page{n}.pdf", pdf(n), "application/pdf") for n in range(30)]
    bomb = zip_of({"big.pdf": b"%PDF-1.4\n" + b"\0" * 8_000_000})
    odd = (b"From: =?iso-8859-1?q?J=FCrgen?= <j@example.com>\r\nSubject: odd names\r\n"
           b"Message-ID: <odd@example.com>\r\nMIME-Version: 1.0\r\n"
           b"Content-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\n"
           b"Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
           b"Content-Disposition: attachment; filename*=iso-8859-1''Rechnung%20M%FCller.pdf\r\n"
           b"\r\n" + base64.encodebytes(pdf("a")).replace(b"\n", b"\r\n") +
           b"--XX\r\nContent-Type: application/pdf; name=\"=?koi8-r?B?" + KOI8 + b"?=.pdf\"\r\n"
           b"Content-Transfer-Encoding: base64\r\n\r\n"
           + base64.encodebytes(pdf("b")).replace(b"\n", b"\r\n") +
           b"--XX\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
           b"Content-Disposition: attachment; filename=\"broken.pdf\"\r\n\r\n"
           b"JVBERi0x!!not*base64\r\n")  # no closing boundary: malformed MIME
    raws = {
        "none": message("no attachment here", mid="<none@x>"),
        "many": message("thirty", many, mid="<many@x>"),
        "oversize": message("big one", [("huge.pdf", pdf("big") + b"\0" * 600_000,
                                         "application/pdf"), ("ok.pdf", pdf("ok"),
                                                              "application/pdf")],
                            mid="<oversize@x>"),
        "exe": message("run me", [("invoice.pdf.exe", b"MZ\x90\0" + b"\0" * 64,
                                   "application/octet-stream"),
                                  ("secret.zip", zip_of({"a.pdf": pdf("z")}, encrypted=True),
                                   "application/zip")], mid="<exe@x>"),
        "bomb": message("bomb", [("bomb.zip", bomb, "application/zip"),
                                 ("trav.zip", zip_of({"../../x.pdf": pdf("t")}),
                                  "application/zip")], mid="<bomb@x>"),
        "odd": odd,
    }
    for raw in raws.values():
        dovecot.append(raw, folder)
    app = make_app(**mailbox, INTAKE_MAX_ATTACHMENT_BYTES=500_000, INTAKE_ZIP_MAX_RATIO=50)
    result = MailPoller(app.extensions["docproc"]).poll_once()
    by_id = {o.message_id: o for o in result.outcomes}
    assert len(by_id) == 6

    none = by_id["<none@x>"]
    assert none.status == "processed" and "no attachment" in none.warnings[0]
    assert mail_event(app, none.case_id)["warnings"] == none.warnings

    many = by_id["<many@x>"]
    assert many.documents == 20 and len(many.quarantined) == 10
    assert all("cap of 20" in q["reason"] for q in many.quarantined)

    big = by_id["<oversize@x>"]
    assert big.documents == 1 and "attachment limit" in big.quarantined[0]["reason"]

    exe = by_id["<exe@x>"]
    assert exe.status == "failed" and exe.documents == 0
    reasons = {q["name"]: q["reason"] for q in exe.quarantined}
    assert reasons == {"invoice.pdf.exe": "executable file",
                       "secret.zip": "password-protected ZIP archive"}

    bomb_out = by_id["<bomb@x>"]
    assert "ZIP bomb" in bomb_out.quarantined[0]["reason"]
    assert [d.filename for d in docs(app, bomb_out.case_id)] == ["x.pdf"]

    odd_out = by_id["<odd@example.com>"]
    names = sorted(d.filename for d in docs(app, odd_out.case_id))
    assert names == ["Rechnung Müller.pdf", "Пакет.pdf"]
    assert any("broken.pdf" in q["name"] for q in odd_out.quarantined)
    assert any("malformed MIME" in w for w in odd_out.warnings)
    [odd_case] = [c for c in cases(app) if c.message_id == "<odd@example.com>"]
    assert odd_case.sender == "Jürgen <j@example.com>"

    assert dovecot.count(folder) == 0  # nothing left behind, nothing lost
    assert dovecot.count(mailbox["MAIL_PROCESSED_FOLDER"]) == 5
    assert dovecot.count(mailbox["MAIL_FAILED_FOLDER"]) == 1
    quarantine = Path(app.config["HOME"]) / "quarantine"
    assert len(list(quarantine.rglob("*.reason.txt"))) >= 14


def test_server_going_away_mid_poll_loses_nothing(make_app: Any, dovecot: Dovecot,
                                                  mailbox: dict[str, Any],
                                                  text_pdf: bytes) -> None:
    folder = mailbox["MAIL_FOLDER"]
    for n in range(3):
        dovecot.append(message(f"batch {n}", [(f"d{n}.pdf", text_pdf + bytes([n]),
                                               "application/pdf")], mid=f"<gone{n}@x>"), folder)
    app = make_app(**mailbox)
    poller = MailPoller(app.extensions["docproc"])

    def cut(_outcome: Any) -> None:  # stored, not yet moved: the connection drops
        assert poller.imap is not None
        poller.imap.sock.shutdown(2)

    poller.after_store = cut
    with pytest.raises(MailUnavailableError, match="went away"):
        poller.poll_once()
    assert dovecot.count(folder) == 3  # nothing moved
    assert len(docs(app)) == 1  # but the first message is safely stored
    poller.after_store = None
    result = poller.poll_once()
    assert sorted(o.status for o in result.outcomes) == ["duplicate", "processed", "processed"]
    assert len(cases(app)) == 3 and len(docs(app)) == 3
    assert dovecot.count(folder) == 0 and dovecot.count(mailbox["MAIL_PROCESSED_FOLDER"]) == 3


def test_flags_when_move_is_unsupported_and_joins_case_by_subject(
        make_app: Any, dovecot: Dovecot, mailbox: dict[str, Any], text_pdf: bytes) -> None:
    from docproc.service.cases import create_case

    app = make_app(**mailbox)
    svc = app.extensions["docproc"]
    with svc.db.session() as s:
        existing = create_case(s, reference="SC-2026-0042").id
    folder = mailbox["MAIL_FOLDER"]
    dovecot.append(message("Re: B/L for contract SC-2026-0042",
                           [("bl.pdf", text_pdf, "application/pdf")]), folder)
    result = MailPoller(svc, use_move=False).poll_once()
    assert result.outcomes[0].case_id == existing
    assert [d.filename for d in docs(app, existing)] == ["bl.pdf"]
    assert dovecot.count(folder) == 1
    assert dovecot.count(folder, "KEYWORD $DocprocDone") == 1
    assert MailPoller(svc, use_move=False).poll_once().outcomes == []  # not read twice


def test_cli_once_and_wrong_credentials(tmp_path: Path, dovecot: Dovecot,
                                        mailbox: dict[str, Any], text_pdf: bytes) -> None:
    dovecot.append(message("cli", [("a.pdf", text_pdf, "application/pdf")]),
                   mailbox["MAIL_FOLDER"])
    env = {**os.environ, "DOCPROC_HOME": str(tmp_path / "home"), "DOCPROC_UI_MODULE": ""}
    env.update({f"DOCPROC_{k}": str(v) for k, v in mailbox.items()})
    cmd = [sys.executable, "-m", "docproc.cli", "intake-mail", "--once"]
    ok = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stderr
    assert "processed" in ok.stderr
    assert dovecot.count(mailbox["MAIL_PROCESSED_FOLDER"]) == 1
    bad = subprocess.run(cmd, env={**env, "DOCPROC_MAIL_PASSWORD": "wrong"},
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2
    lines = bad.stderr.strip().splitlines()
    assert len(lines) == 1 and "refused the login" in lines[0], bad.stderr


def test_message_without_message_id_is_still_taken_once(
        make_app: Any, dovecot: Dovecot, mailbox: dict[str, Any], text_pdf: bytes) -> None:
    raw = message("no id", [("n.pdf", text_pdf, "application/pdf")])
    raw = b"\r\n".join(line for line in raw.split(b"\n")
                       if not line.startswith(b"Message-ID:")).replace(b"\r\r\n", b"\r\n")
    assert b"Message-ID" not in raw
    svc = make_app(**mailbox).extensions["docproc"]
    for expected in ("processed", "duplicate"):  # delivered twice: one case
        dovecot.append(raw, mailbox["MAIL_FOLDER"])
        [outcome] = MailPoller(svc).poll_once().outcomes
        assert outcome.status == expected
        assert outcome.message_id.endswith("@docproc.no-message-id>")
    assert len(cases(make_app(**mailbox))) == 1
