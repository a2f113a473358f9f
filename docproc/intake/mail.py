"""Mail intake: an IMAP poller that turns each message into a case with its attachments.

Order per message, so that nothing is lost: fetch with ``BODY.PEEK[]`` (the message stays
unread) -> parse -> screen -> store documents and queue jobs (the service's ``create_case`` /
``add_documents``) -> record an ``intake.mail`` audit event -> only then move the message to
the processed folder (or flag it when the server has no MOVE). A server that goes away in
between leaves the message in the inbox; the next poll finds the ``intake.mail`` event for its
Message-ID and just moves it, so a message delivered or fetched twice is still one case.
"""

from __future__ import annotations

import email
import hashlib
import imaplib
import json
import logging
import re
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.header import decode_header, make_header
from email.message import Message
from email.utils import parsedate_to_datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from docproc.errors import EXIT_INTERNAL, DocprocError, UsageError
from docproc.intake.archive import safe_name
from docproc.intake.config import (
    IntakeLimits,
    MailConfigError,
    MailSettings,
    limits,
    mail_settings,
)
from docproc.intake.screen import quarantine, screen
from docproc.service.audit import record
from docproc.service.cases import add_documents, create_case
from docproc.service.jobs import search_key
from docproc.service.models import AuditEvent, Case, Document, Field
from docproc.service.state import Service

log = logging.getLogger(__name__)

DONE_FLAG = "$DocprocDone"
FAILED_FLAG = "$DocprocFailed"
_EXT = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg",
        "image/tiff": ".tif", "application/zip": ".zip"}
# A document number in a subject: letters and digits, at least one of each, 5+ characters.
_REF = re.compile(r"\b(?=[A-Z0-9/.\-]*\d)(?=[A-Z0-9/.\-]*[A-Z])[A-Z0-9][A-Z0-9/.\-]{3,}[A-Z0-9]\b",
                  re.IGNORECASE)


class MailAuthError(UsageError):
    """The server refused the configured credentials (exit 2: fix the configuration)."""

    code = "mail_auth_failed"


class MailTLSError(UsageError):
    """The server's certificate (or its TLS) was not accepted: a configuration problem, exit 2.

    Verification is never switched off; a private CA goes into ``DOCPROC_MAIL_CAFILE``.
    """

    code = "mail_tls_failed"


class MailUnavailableError(DocprocError):
    """The server cannot be reached or went away; messages stay in place for the next poll."""

    exit_code = EXIT_INTERNAL
    code = "mail_unavailable"
    # The messages taken before the server went away (set by MailPoller.poll_once).
    result: PollResult | None = None


@dataclass
class ParsedMail:
    """What a message carries that the intake needs."""

    message_id: str
    sender: str | None
    subject: str | None
    date: datetime | None
    files: list[tuple[str, bytes]]
    warnings: list[str] = field(default_factory=list)


@dataclass
class MailOutcome:
    """What happened to one message: processed, failed, duplicate or retry."""

    message_id: str
    status: str
    case_id: int | None = None
    documents: int = 0
    quarantined: list[dict[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class PollResult:
    """The outcome of one poll."""

    outcomes: list[MailOutcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        """How many messages ended with ``status``."""
        return sum(1 for o in self.outcomes if o.status == status)


# -- parsing ---------------------------------------------------------------------------------


def _decode(value: Any) -> str | None:
    """A header as text, whatever the charset games (RFC 2047 words, raw 8-bit bytes)."""
    if value is None:
        return None
    text = str(value)
    if "=?" in text:
        try:
            text = str(make_header(decode_header(text)))
        except (UnicodeError, LookupError, ValueError, email.errors.HeaderParseError):
            pass
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return " ".join(text.split()) or None


def _header(msg: Message, name: str) -> str | None:
    try:
        return _decode(msg.get(name))
    except Exception:  # noqa: BLE001 - a header the parser chokes on is just missing
        raw = dict(msg.raw_items()).get(name) if hasattr(msg, "raw_items") else None
        return _decode(raw)


def _filename(part: Message) -> str | None:
    """RFC 2231 (``filename*=``) and RFC 2047 names, falling back to the raw parameter."""
    try:
        name = part.get_filename()
    except Exception:  # noqa: BLE001 - malformed parameters
        name = None
    if name is None:
        try:
            name = part.get_param("name", header="content-type")  # type: ignore[assignment]
            if isinstance(name, tuple):
                name = email.utils.collapse_rfc2231_value(name)
        except Exception:  # noqa: BLE001
            name = None
    return _decode(name) if name else None


def parse_message(raw: bytes) -> ParsedMail:
    """Headers and attachments of a raw RFC 5322 message; MIME defects become warnings."""
    msg = email.message_from_bytes(raw, policy=policy.default)
    warnings = [f"malformed MIME: {type(d).__name__}" for d in msg.defects]
    mid = _header(msg, "Message-ID")
    mid = mid.strip() if mid else ""
    if not mid or len(mid) > 900:
        mid = f"<{hashlib.sha256(raw).hexdigest()[:40]}@docproc.no-message-id>"
        warnings.append("no usable Message-ID: one was derived from the message bytes")
    date = None
    date_text = _header(msg, "Date")
    if date_text:
        try:
            date = parsedate_to_datetime(date_text)
        except (TypeError, ValueError, IndexError):
            warnings.append(f"unreadable Date header {date_text[:60]!r}")
    files: list[tuple[str, bytes]] = []
    for n, part in enumerate(msg.walk()):
        if part.is_multipart() or part.get_content_maintype() == "message":
            continue
        name = _filename(part)
        ctype = part.get_content_type()
        if name is None and (part.get_content_maintype() == "text"
                             or ctype == "application/pgp-signature"):
            continue  # the body, not an attachment
        warnings.extend(f"malformed MIME in {name or ctype}: {type(d).__name__}"
                        for d in part.defects)
        try:
            data = part.get_payload(decode=True)
        except Exception as exc:  # noqa: BLE001 - a broken part must not lose the others
            warnings.append(f"unreadable part {name or ctype}: {exc}")
            continue
        if not isinstance(data, bytes):
            continue
        files.append((safe_name(name, f"attachment-{n}{_EXT.get(ctype, '')}"), data))
    return ParsedMail(message_id=mid[:998], sender=(_header(msg, "From") or "")[:320] or None,
                      subject=_header(msg, "Subject"), date=date, files=files,
                      warnings=warnings)


# -- taking one message into the service ----------------------------------------------------


def _done_event(svc: Service, message_id: str) -> AuditEvent | None:
    with svc.db.reader() as s:
        return s.scalar(
            select(AuditEvent).where(
                AuditEvent.action == "intake.mail",
                AuditEvent.after["message_id"].as_string() == message_id,
            ).limit(1))


def _unfinished_case(svc: Service, message_id: str) -> int | None:
    """A case created for this message whose intake did not finish (a crash in between)."""
    with svc.db.reader() as s:
        return s.scalar(select(Case.id).where(Case.message_id == message_id,
                                              Case.source == "mail").order_by(Case.id).limit(1))


def case_for_subject(svc: Service, subject: str | None) -> int | None:
    """The one existing case a subject's document number points to (contract, invoice, B/L)."""
    keys = {k for k in (search_key(t) for t in _REF.findall(subject or "")) if k}
    if not keys:
        return None
    with svc.db.reader() as s:
        by_ref = set(s.scalars(select(Case.id).where(Case.intake.is_(False),
                                                     Case.reference.in_(keys))))
        by_field = set(s.scalars(
            select(Document.case_id).join(Field, Field.document_id == Document.id)
            .join(Case, Case.id == Document.case_id)
            .where(Field.value_text.in_(keys), Case.intake.is_(False),
                   Field.path.not_like("line_items%"))))
    found = by_ref | by_field
    return found.pop() if len(found) == 1 else None


def take_message(svc: Service, raw: bytes, lim: IntakeLimits) -> MailOutcome:
    """Store one message's documents as a case (or in the case its subject names)."""
    mail = parse_message(raw)
    done = _done_event(svc, mail.message_id)
    if done is not None:
        return MailOutcome(mail.message_id, "duplicate", case_id=done.case_id)
    screened = screen(mail.files, lim, svc.settings)
    warnings = list(mail.warnings)
    if not mail.files:
        warnings.append("the message has no attachment")
    elif not screened.accepted:
        warnings.append("no attachment could be taken as a document")
    case_id = _unfinished_case(svc, mail.message_id)
    joined = False
    if case_id is None and screened.accepted:
        case_id = case_for_subject(svc, mail.subject)
        joined = case_id is not None
    if case_id is None:
        with svc.db.session() as s:
            case_id = create_case(s, source="mail", sender=mail.sender, subject=mail.subject,
                                  message_id=mail.message_id, received_at=mail.date,
                                  intake=bool(screened.accepted)).id
    jobs = add_documents(svc, case_id, screened.accepted, source="mail") \
        if screened.accepted else []
    quarantined = [{"name": r.name, "reason": r.reason} for r in screened.rejected]
    quarantine(svc.settings.home, f"mail:{mail.message_id}", screened.rejected)
    status = "processed" if screened.accepted or not mail.files else "failed"
    with svc.db.session() as s:
        record(s, "intake.mail", case_id=case_id, entity="case", entity_id=case_id,
               actor="intake-mail",
               after={"message_id": mail.message_id, "sender": mail.sender,
                      "subject": mail.subject, "date": mail.date.isoformat() if mail.date
                      else None, "status": status, "joined_by_subject": joined,
                      "documents": [j["document_id"] for j in jobs],
                      "quarantined": quarantined, "warnings": warnings})
    for w in warnings:
        log.warning("%s: %s", mail.message_id, w)
    return MailOutcome(mail.message_id, status, case_id, len(jobs), quarantined, warnings)


# -- IMAP ------------------------------------------------------------------------------------


def _quote(mailbox: str) -> str:
    return '"' + mailbox.replace("\\", "\\\\").replace('"', '\\"') + '"'


class MailPoller:
    """One IMAP connection per poll; messages are acknowledged only after they are stored."""

    def __init__(self, svc: Service, settings: MailSettings | None = None,
                 *, use_move: bool | None = None) -> None:
        self.svc = svc
        self.cfg = settings or mail_settings(svc.config)
        self.limits = limits(svc.config)
        self.use_move = use_move
        self.imap: imaplib.IMAP4 | None = None
        # Called after a message is stored and before it is moved (fault injection in tests).
        self.after_store: Callable[[MailOutcome], None] | None = None
        # Set by a scheduler that shuts down: the poll ends after the current message.
        self.stop: threading.Event | None = None

    def connect(self) -> imaplib.IMAP4:
        """Open, secure and log in; wrong credentials or certificate -> exit 2 errors."""
        c = self.cfg
        where = f"{c.host}:{c.port}"
        token = c.current_token() if c.uses_token else None  # the file as it is now
        try:
            ctx = ssl.create_default_context(cafile=c.cafile)
        except (OSError, ssl.SSLError) as exc:
            raise MailConfigError(f"DOCPROC_MAIL_CAFILE {c.cafile!r} cannot be used: "
                             f"{_text(exc)}") from exc
        imap: imaplib.IMAP4 | None = None
        try:
            if c.security == "ssl":
                imap = imaplib.IMAP4_SSL(c.host, c.port, ssl_context=ctx, timeout=c.timeout)
            else:
                imap = imaplib.IMAP4(c.host, c.port, timeout=c.timeout)
                if c.security == "starttls":
                    imap.starttls(ssl_context=ctx)
        except ssl.SSLCertVerificationError as exc:
            _close_quietly(imap)
            why = (exc.verify_message or _text(exc)).rstrip(".")
            hint = ("DOCPROC_MAIL_HOST must be a name the certificate lists" if "mismatch" in why
                    else "a private CA goes into DOCPROC_MAIL_CAFILE")
            raise MailTLSError(f"the certificate of mail server {where} was not accepted "
                               f"(certificate verify failed: {why}); {hint}") from exc
        except ssl.SSLError as exc:
            _close_quietly(imap)
            raise MailTLSError(f"TLS with mail server {where} failed ({c.security}): "
                               f"{exc.reason or _text(exc)}") from exc
        except imaplib.IMAP4.abort as exc:
            _close_quietly(imap)
            raise MailUnavailableError(f"mail server {where} went away: {_text(exc)}") from exc
        except imaplib.IMAP4.error as exc:  # e.g. no STARTTLS: never fall back to plain text
            _close_quietly(imap)
            raise MailTLSError(f"mail server {where} cannot secure the connection "
                               f"({c.security}): {_text(exc)}") from exc
        except OSError as exc:
            _close_quietly(imap)
            raise MailUnavailableError(f"cannot reach the mail server {where}: {exc}") from exc
        if token is not None:
            self._token_login(imap, where, token)
        else:
            try:
                imap.login(c.user, c.password)
            except imaplib.IMAP4.abort as exc:
                raise MailUnavailableError(f"mail server {where} went away: {exc}") from exc
            except imaplib.IMAP4.error as exc:
                _close(imap)
                raise MailAuthError(f"mail server {where} refused the login of {c.user!r}: "
                                    f"{_text(exc)}") from exc
        for folder in (c.processed_folder, c.failed_folder):
            imap.create(_quote(folder))  # NO when it exists: fine
        if self.use_move is None:  # the capabilities after login, not the greeting's
            typ, data = imap.capability()
            caps = data[0].upper().split() if typ == "OK" and data and data[0] else []
            self.use_move = b"MOVE" in caps
        self.imap = imap
        return imap

    def _token_login(self, imap: imaplib.IMAP4, where: str, token: str) -> None:
        """``AUTHENTICATE XOAUTH2`` with ``token`` (the configured one, or its file's now).

        The SASL string is ``user=<user>^Aauth=Bearer <token>^A^A``. A refused token comes back
        as a continuation with the server's JSON error (answered with an empty line, as the
        mechanism wants) and then NO; that JSON's status goes into the error, never the token.
        """
        c = self.cfg
        if "AUTH=XOAUTH2" not in imap.capabilities:
            _close(imap)
            raise MailAuthError(f"mail server {where} does not offer token login (AUTH=XOAUTH2"
                                " is not among its capabilities); "
                                "use DOCPROC_MAIL_PASSWORD instead of a token")
        challenges: list[bytes] = []

        def respond(challenge: bytes) -> bytes:
            challenges.append(challenge)
            if len(challenges) == 1:
                return f"user={c.user}\x01auth=Bearer {token}\x01\x01".encode()
            return b""  # the server's error JSON: acknowledge it, the NO follows

        try:
            imap.authenticate("XOAUTH2", respond)
        except imaplib.IMAP4.abort as exc:
            raise MailUnavailableError(f"mail server {where} went away: {_text(exc)}") from exc
        except imaplib.IMAP4.error as exc:
            _close(imap)
            detail = _xoauth2_error(challenges[1:])
            raise MailAuthError(f"mail server {where} refused the token login (XOAUTH2) of "
                                f"{c.user!r}: {_text(exc).replace(token, '***')}{detail}"
                                ) from exc

    def poll_once(self) -> PollResult:
        """Take every message waiting in the folder; raises MailUnavailableError mid-way."""
        result = PollResult()
        try:
            imap = self.connect()
            typ, _ = imap.select(_quote(self.cfg.folder))
            if typ != "OK":
                raise MailConfigError(f"mail folder {self.cfg.folder!r} cannot be opened on "
                                      f"{self.cfg.host}:{self.cfg.port} (DOCPROC_MAIL_FOLDER)")
            while True:
                uids = self._pending(imap)
                if not uids:
                    break
                for uid in uids[: self.cfg.batch]:
                    if self.stop is not None and self.stop.is_set():
                        return result  # shutting down: the rest stay for the next poll
                    outcome = self._one(imap, uid)
                    if outcome is not None:
                        result.outcomes.append(outcome)
                if len(uids) <= self.cfg.batch:
                    break
        except (OSError, imaplib.IMAP4.abort) as exc:
            err = MailUnavailableError(
                f"mail server {self.cfg.host}:{self.cfg.port} went away during the poll "
                f"({_text(exc)}); {len(result.outcomes)} messages taken, the rest stay for "
                "the next poll")
            err.result = result
            raise err from exc
        finally:
            if self.imap is not None:
                _close(self.imap)
                self.imap = None
        return result

    def _pending(self, imap: imaplib.IMAP4) -> list[str]:
        typ, data = imap.uid("SEARCH", "UNDELETED", "UNKEYWORD", DONE_FLAG,
                             "UNKEYWORD", FAILED_FLAG)
        if typ != "OK":
            raise imaplib.IMAP4.abort(f"SEARCH failed: {data!r}")
        return data[0].decode().split() if data and data[0] else []

    def _one(self, imap: imaplib.IMAP4, uid: str) -> MailOutcome | None:
        typ, data = imap.uid("FETCH", uid, "(BODY.PEEK[])")
        raw = next((d[1] for d in data or [] if isinstance(d, tuple)), None)
        if typ != "OK" or raw is None:
            return None  # expunged by someone else meanwhile
        try:
            outcome = take_message(self.svc, raw, self.limits)
        except (OperationalError, OSError) as exc:
            log.warning("message uid %s left for the next poll: %s", uid, exc)
            return MailOutcome(f"uid:{uid}", "retry", warnings=[str(exc)])
        except Exception as exc:  # noqa: BLE001 - one bad message must not stop the poller
            log.exception("message uid %s failed", uid)
            outcome = MailOutcome(f"uid:{uid}", "failed",
                                  warnings=[f"{type(exc).__name__}: {exc}"])
            self._record_failure(outcome)
        if self.after_store is not None:
            self.after_store(outcome)
        failed = outcome.status == "failed"
        self._acknowledge(imap, uid, self.cfg.failed_folder if failed
                          else self.cfg.processed_folder, FAILED_FLAG if failed else DONE_FLAG)
        return outcome

    def _record_failure(self, outcome: MailOutcome) -> None:
        try:
            with self.svc.db.session() as s:
                record(s, "intake.mail_failed", actor="intake-mail",
                       after={"message": outcome.message_id, "error": outcome.warnings})
        except Exception:  # noqa: BLE001 - the log line above is the record then
            log.exception("cannot record the failure")

    def _acknowledge(self, imap: imaplib.IMAP4, uid: str, folder: str, flag: str) -> None:
        if self.use_move:
            typ, data = imap.uid("MOVE", uid, _quote(folder))
            if typ == "OK":
                return
            log.warning("MOVE of uid %s failed (%r); flagging instead", uid, data)
        typ, data = imap.uid("STORE", uid, "+FLAGS", f"({flag} \\Seen)")
        if typ != "OK":
            raise imaplib.IMAP4.abort(f"STORE failed: {data!r}")


def _text(exc: BaseException) -> str:
    arg = exc.args[0] if exc.args else exc
    return arg.decode(errors="replace") if isinstance(arg, bytes) else str(arg)


def _xoauth2_error(challenges: list[bytes]) -> str:
    """`` (status 401: ...)`` from the JSON a refusing XOAUTH2 server sends, if it sent one."""
    for raw in challenges:
        try:
            info = json.loads(raw)
        except ValueError:
            continue
        if isinstance(info, dict) and info.get("status"):
            return f" (status {str(info['status'])[:20]}: the token is invalid or expired)"
    return ""


def _close_quietly(imap: imaplib.IMAP4 | None) -> None:
    """Drop a half-open connection without a LOGOUT (the server may not speak IMAP yet)."""
    if imap is not None:
        try:
            imap.shutdown()
        except Exception:  # noqa: BLE001
            pass


def _close(imap: imaplib.IMAP4) -> None:
    try:
        imap.logout()
    except Exception:  # noqa: BLE001 - the connection may be gone already
        try:
            imap.shutdown()
        except Exception:  # noqa: BLE001
            pass


def run(svc: Service, *, once: bool, stop: threading.Event | None = None,
        report: Callable[[PollResult], None] | None = None) -> PollResult:
    """Poll once, or until ``stop`` is set, through the scheduled poll (lease, status, audit).

    Continuously, an unreachable server is retried with back-off; a configuration problem
    (wrong credentials, certificate) ends the command with exit 2, as ``--once`` does.
    """
    from docproc.intake.schedule import backoff, poll_mailbox

    poller = MailPoller(svc)
    stop = stop or threading.Event()
    total = PollResult()
    # --once waits for a poller that holds the lease (it ends after its poll) instead of
    # silently doing nothing.
    wait = max(60.0, 4 * poller.cfg.timeout) if once else 0.0
    while True:
        rep = poll_mailbox(svc, wait=wait, poller=poller, stop=stop, log_errors=not once)
        if rep.result is not None:
            total.outcomes.extend(rep.result.outcomes)
            if report is not None:
                report(rep.result)
        delay = poller.cfg.interval
        if rep.outcome == "busy" and once:
            raise MailUnavailableError(
                f"another docproc process kept polling this mailbox for {wait:.0f} s; "
                "try again later")
        if rep.outcome == "error":
            if once or isinstance(rep.exc, UsageError) or rep.exc is None:
                raise rep.exc or MailUnavailableError("mail intake failed")
            delay = backoff(delay, rep.consecutive_failures)
            log.warning("retrying in %.0f s", delay)
        if once or stop.wait(delay):
            return total


__all__ = ["MailAuthError", "MailPoller", "MailTLSError", "MailUnavailableError", "PollResult",
           "parse_message", "run", "take_message"]
