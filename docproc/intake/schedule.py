"""Scheduled mail intake: one poll function for the serve thread, the Celery beat task and the CLI.

:func:`poll_mailbox` is the unit everything schedules. It takes the ``mail`` lease (one poller
at a time across gunicorn workers, serve processes, beat and ``docproc intake-mail``), polls
once, and records the outcome twice:

* the *last poll* (outcome, counts, error, consecutive failures) in Redis when ``REDIS_URL`` is
  configured (shared by every node), else in ``HOME/intake/mail-status.json``;
* *changes* in the audit trail: ``intake.mail_poll_failed`` when polling starts failing or
  fails differently (wrong credentials, certificate, server away), and
  ``intake.mail_poll_recovered`` when it works again. Every taken message has its own
  ``intake.mail`` event already, so quiet polls write nothing to the database.

``GET /api/intake/status`` (admins) shows both. A poll never raises: every failure becomes a
recorded error, and the schedulers keep going with back-off.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import socket
import threading
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import select

from docproc.errors import DocprocError, UsageError
from docproc.intake.config import mail_configured, mail_schedule, mail_settings
from docproc.intake.lease import lease
from docproc.intake.mail import MailPoller, MailUnavailableError, PollResult
from docproc.service.audit import record
from docproc.service.models import AuditEvent
from docproc.service.state import Service

log = logging.getLogger(__name__)

LEASE = "mail"
FAILED_EVENT = "intake.mail_poll_failed"
RECOVERED_EVENT = "intake.mail_poll_recovered"
MAX_BACKOFF_S = 600.0


@dataclass
class PollReport:
    """What one scheduled poll did: ``ok``, ``error``, or ``busy`` (another poller had it)."""

    outcome: str
    started_at: str
    finished_at: str
    by: str
    processed: int = 0
    failed: int = 0
    duplicate: int = 0
    retry: int = 0
    error: dict[str, str] | None = None
    consecutive_failures: int = 0
    last_ok_at: str | None = None
    # Not stored: the messages themselves, and the exception for callers that re-raise it.
    result: PollResult | None = field(default=None, repr=False)
    exc: BaseException | None = field(default=None, repr=False)

    def as_json(self) -> dict[str, Any]:
        """The stored / served form (without the in-memory extras)."""
        out = asdict(self)
        out.pop("result")
        out.pop("exc")
        return out


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _who() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.current_thread().name}"


# -- the last poll, shared ------------------------------------------------------------------


def _redis(svc: Service) -> Any:
    client = svc.extras.get("redis")
    if client is None:
        import redis

        client = redis.Redis.from_url(svc.config["REDIS_URL"], socket_timeout=2)
        svc.extras["redis"] = client
    return client


def _status_file(svc: Service) -> Path:
    return Path(svc.config["HOME"]) / "intake" / "mail-status.json"


def last_poll(svc: Service) -> dict[str, Any] | None:
    """The stored report of the latest poll by any process, or None (never polled)."""
    try:
        if svc.config.get("REDIS_URL"):
            raw = _redis(svc).get(f"{svc.config['REDIS_PREFIX']}intake:mail:last")
        else:
            path = _status_file(svc)
            raw = path.read_bytes() if path.exists() else None
        return json.loads(raw) if raw else None
    except Exception:  # noqa: BLE001 - the status is informative; a poll must not fail on it
        log.exception("cannot read the mail intake status")
        return None


def _store(svc: Service, report: PollReport) -> None:
    data = json.dumps(report.as_json()).encode()
    try:
        if svc.config.get("REDIS_URL"):
            _redis(svc).set(f"{svc.config['REDIS_PREFIX']}intake:mail:last", data)
            return
        path = _status_file(svc)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except Exception:  # noqa: BLE001
        log.exception("cannot store the mail intake status")


def _audit(svc: Service, action: str, after: dict[str, Any]) -> None:
    try:
        with svc.db.session() as s:
            record(s, action, entity="intake", actor="intake-mail", after=after)
    except Exception:  # noqa: BLE001 - the log line is the record then (database away)
        log.exception("cannot record %s", action)


# -- one poll -------------------------------------------------------------------------------


def poll_mailbox(svc: Service, *, wait: float = 0.0, poller: MailPoller | None = None,
                 stop: threading.Event | None = None, log_errors: bool = True) -> PollReport:
    """Poll the configured mailbox once under the lease and record the outcome; never raises.

    ``wait``: seconds to wait for a lease another process holds (0: report ``busy`` at once).
    ``log_errors=False`` for callers that show the error themselves (``intake-mail --once``).
    """
    started = _now()
    report: PollReport | None = None
    try:
        with lease(svc, LEASE, wait=wait) as mine:
            if not mine:
                log.info("mail intake: another poller holds the lease; skipping this poll")
                return PollReport("busy", started, _now(), _who())
            report = _poll(svc, started, poller, stop, log_errors)
            _remember(svc, report)
    except Exception as exc:  # noqa: BLE001 - the database behind the lease is away
        if report is not None:
            return report  # the poll was done and recorded; only the release failed
        log.warning("mail intake: cannot take the lease: %s", exc)
        report = PollReport("error", started, _now(), _who(), exc=exc, error={
            "code": "lease_unavailable",
            "message": f"cannot take the mail intake lease: {type(exc).__name__}: {exc}"})
        _remember(svc, report)
    return report


def _poll(svc: Service, started: str, poller: MailPoller | None,
          stop: threading.Event | None, log_errors: bool) -> PollReport:
    result: PollResult | None = None
    error: dict[str, str] | None = None
    exc: BaseException | None = None
    try:
        poller = poller or MailPoller(svc, mail_settings(svc.config))
        poller.stop = stop
        result = poller.poll_once()
    except DocprocError as e:
        exc, error = e, {"code": e.code, "message": e.message}
        result = e.result if isinstance(e, MailUnavailableError) else None
    except Exception as e:  # noqa: BLE001 - a bug or a database outage must not stop polling
        if log_errors:
            log.exception("mail intake poll failed")
        exc, error = e, {"code": "internal_error", "message": f"{type(e).__name__}: {e}"}
    report = PollReport("error" if error else "ok", started, _now(), _who(), error=error,
                        result=result, exc=exc)
    if result is not None:
        for status in ("processed", "failed", "duplicate", "retry"):
            setattr(report, status, result.count(status))
    if error and log_errors:
        log.warning("mail intake: %s", error["message"])
    elif report.processed or report.failed:
        log.info("mail intake: %d processed, %d failed, %d duplicates", report.processed,
                 report.failed, report.duplicate)
    return report


def _remember(svc: Service, report: PollReport) -> None:
    """Store the report; audit when polling starts failing, fails differently, or recovers."""
    before = last_poll(svc) or {}
    failing_before = before.get("outcome") == "error"
    if report.outcome == "error":
        report.consecutive_failures = int(before.get("consecutive_failures") or 0) + 1
        report.last_ok_at = before.get("last_ok_at")
        assert report.error is not None
        if not failing_before or (before.get("error") or {}).get("code") != report.error["code"]:
            _audit(svc, FAILED_EVENT, {**report.error, "by": report.by,
                                       "processed": report.processed})
    else:
        report.last_ok_at = report.finished_at
        if failing_before:
            _audit(svc, RECOVERED_EVENT, {"after_failures": before.get("consecutive_failures"),
                                          "last_error": before.get("error"), "by": report.by})
    _store(svc, report)


# -- the serve scheduler --------------------------------------------------------------------


class MailScheduler:
    """A background thread polling every MAIL_INTERVAL, with back-off while polls fail.

    One per process (started again after a fork, like the job pool); the lease keeps the
    processes of a deployment from polling at the same time. ``stop`` ends a poll after the
    message in hand, so a shutdown never waits for a whole mailbox.
    """

    def __init__(self, app: Flask, interval: float | None = None) -> None:
        self.app = app
        self.svc: Service = app.extensions["docproc"]
        self.interval = float(interval if interval is not None
                              else self.svc.config.get("MAIL_INTERVAL") or 60.0)
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._pid = 0
        self._thread: threading.Thread | None = None
        self.polls = 0  # polls done by this process (tests and logs)
        self.delay = self.interval  # seconds until the next poll (grows while polls fail)

    def start(self) -> None:
        """Start the thread once per process (threads do not survive a fork)."""
        with self._lock:
            if self._pid == os.getpid() and self._thread is not None:
                return
            self._pid = os.getpid()
            self._stop.clear()
            self._thread = threading.Thread(target=self._loop, name="docproc-mail-intake",
                                            daemon=True)
            self._thread.start()
        log.info("mail intake: polling every %.0f s", self.interval)

    def stop(self, timeout: float = 30.0) -> bool:
        """Stop after the current message; True when the thread ended within ``timeout``."""
        self._stop.set()
        thread = self._thread
        if thread is None or thread is threading.current_thread():
            return True
        thread.join(timeout)
        if thread.is_alive():
            log.warning("mail intake did not stop within %.0f s; its message stays in the "
                        "mailbox for the next poll", timeout)
            return False
        return True

    @property
    def running(self) -> bool:
        """True while the polling thread is alive in this process."""
        return self._thread is not None and self._thread.is_alive()

    def _loop(self) -> None:
        self.delay = min(self.interval, 2.0)  # let the server come up first
        while not self._stop.wait(self.delay):
            failures = 0
            try:
                with self.app.app_context():
                    report = poll_mailbox(self.svc, stop=self._stop)
                failures = report.consecutive_failures if report.outcome == "error" else 0
            except Exception:  # noqa: BLE001 - last line of defence: the thread must live on
                log.exception("mail intake scheduler: unexpected failure")
                failures = 1
            self.delay = backoff(self.interval, failures)
            self.polls += 1


def backoff(interval: float, failures: int) -> float:
    """Seconds to the next poll: the interval, doubled per consecutive failure, at most 10 min."""
    if not failures:
        return interval
    return min(MAX_BACKOFF_S, interval * 2 ** min(failures, 6))


def init_app(app: Flask) -> MailScheduler | None:
    """Start the serve scheduler when mail intake is configured for it (MAIL_SCHEDULE=serve).

    Only in processes that run background work (``START_WORKERS``): ``docproc serve`` and
    gunicorn workers, not CLI commands, Celery workers or beat.
    """
    cfg = app.config
    if not cfg.get("START_WORKERS") or not mail_configured(cfg):
        return None
    if mail_schedule(cfg) != "serve":
        return None
    scheduler = MailScheduler(app)
    app.extensions["docproc"].extras["mail_scheduler"] = scheduler
    scheduler.start()
    app.before_request(scheduler.start)  # no-op unless this process was forked since
    atexit.register(scheduler.stop, 10.0)
    return scheduler


def intake_status(svc: Service, recent: int = 10) -> dict[str, Any]:
    """The mail intake's configuration (no secrets), its last poll and its recent failures."""
    cfg = svc.config
    mail: dict[str, Any] = {"configured": mail_configured(cfg)}
    if mail["configured"]:
        try:
            ms = mail_settings(cfg)
            mail.update(schedule=mail_schedule(cfg), interval=ms.interval, host=ms.host,
                        port=ms.port, security=ms.security, user=ms.user, folder=ms.folder,
                        auth="XOAUTH2" if ms.uses_token else "LOGIN",  # the IMAP login used
                        cafile=ms.cafile)
        except UsageError as exc:
            mail["config_error"] = exc.message
    scheduler = svc.extras.get("mail_scheduler")
    mail["scheduler_running"] = bool(scheduler is not None and scheduler.running)
    mail["last_poll"] = last_poll(svc)
    with svc.db.reader() as s:
        events = s.scalars(select(AuditEvent).where(
            AuditEvent.action.in_((FAILED_EVENT, RECOVERED_EVENT)))
            .order_by(AuditEvent.id.desc()).limit(recent))
        mail["recent_events"] = [{"at": e.at.isoformat(), "action": e.action, **(e.after or {})}
                                 for e in events]
    return {"mail": mail}


__all__ = ["MailScheduler", "PollReport", "init_app", "intake_status", "last_poll",
           "poll_mailbox"]
