"""Intake limits and mailbox settings, read from the app config (``DOCPROC_INTAKE_*``/``MAIL_*``).

All limits that protect the intake from hostile mail live here, with their defaults, so the
poller, the folder watcher and the ZIP reader share one set of numbers that operators can tune.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from docproc.errors import UsageError
from docproc.ingest import SUPPORTED

# File names whose extension says "program": refused even when the bytes look harmless.
EXECUTABLE_SUFFIXES = frozenset({
    ".exe", ".com", ".bat", ".cmd", ".scr", ".pif", ".msi", ".dll", ".js", ".jse", ".vbs",
    ".vbe", ".wsf", ".ps1", ".sh", ".jar", ".apk", ".app", ".lnk", ".hta", ".cpl", ".elf",
})
ARCHIVE_SUFFIXES = frozenset({".zip"})

INTAKE_DEFAULTS: dict[str, Any] = {
    "INTAKE_MAX_ATTACHMENTS": 20,  # documents per message / batch (capped by MAX_FILES)
    "INTAKE_MAX_ATTACHMENT_BYTES": 25 * 1024 * 1024,
    "INTAKE_ZIP_MAX_MEMBERS": 100,
    "INTAKE_ZIP_MAX_TOTAL_BYTES": 100 * 1024 * 1024,  # uncompressed, whole archive
    "INTAKE_ZIP_MAX_RATIO": 100,  # uncompressed / compressed, per member
    "INTAKE_FOLDER_INTERVAL": 2.0,  # s between two size checks of a watched file
    "MAIL_HOST": None,
    "MAIL_PORT": None,  # None: 993 for ssl, 143 otherwise
    "MAIL_SECURITY": "ssl",  # ssl (IMAPS) | starttls | none (loopback only)
    "MAIL_USER": None,
    "MAIL_PASSWORD": None,
    # Token login (IMAP AUTHENTICATE XOAUTH2) instead of the password when either is set; the
    # file is read again on every poll, so a token refreshed there is picked up.
    "MAIL_TOKEN": None,
    "MAIL_TOKEN_FILE": None,
    "MAIL_FOLDER": "INBOX",
    "MAIL_PROCESSED_FOLDER": "docproc-processed",
    "MAIL_FAILED_FOLDER": "docproc-failed",
    "MAIL_INTERVAL": 60.0,  # s between polls when running continuously
    "MAIL_TIMEOUT": 30.0,  # s socket time-out
    "MAIL_BATCH": 50,  # messages fetched per poll before the next search
    "MAIL_CAFILE": None,  # CA bundle for a private server certificate (verification stays on)
    # Who polls on a schedule: serve (the web service's background thread, every MAIL_INTERVAL),
    # beat (only the Celery beat task), off (only ``docproc intake-mail``). Either way a lease
    # lets one poller at a time reach the mailbox.
    "MAIL_SCHEDULE": "serve",
}

SCHEDULES = ("serve", "beat", "off")


class MailConfigError(UsageError):
    """The mail intake's configuration is incomplete or wrong (exit 2; recorded when polling)."""

    code = "mail_config_invalid"


@dataclass(frozen=True)
class IntakeLimits:
    """Limits applied to every incoming file and archive."""

    max_attachments: int
    max_attachment_bytes: int
    zip_max_members: int
    zip_max_total_bytes: int
    zip_max_ratio: float
    allowed_types: tuple[str, ...] = SUPPORTED


@dataclass(frozen=True)
class MailSettings:
    """Where and how to reach the mailbox."""

    host: str
    port: int
    security: str
    user: str
    password: str = field(repr=False)  # "" when a token is used
    folder: str
    processed_folder: str
    failed_folder: str
    interval: float
    timeout: float
    batch: int
    cafile: str | None
    token: str | None = field(default=None, repr=False)  # DOCPROC_MAIL_TOKEN
    token_file: str | None = None  # DOCPROC_MAIL_TOKEN_FILE, read on every login

    @property
    def uses_token(self) -> bool:
        """True for token login (XOAUTH2), False for password login."""
        return bool(self.token or self.token_file)

    def current_token(self) -> str:
        """The token to log in with now (read from the token file each time it is asked)."""
        if self.token_file:
            try:
                with open(self.token_file, encoding="utf-8") as f:
                    token = f.read().strip()
            except (OSError, UnicodeError) as exc:
                why = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
                raise MailConfigError(f"DOCPROC_MAIL_TOKEN_FILE {self.token_file!r} cannot be "
                                      f"read: {why}") from exc
            source = "DOCPROC_MAIL_TOKEN_FILE"
        else:
            token, source = (self.token or "").strip(), "DOCPROC_MAIL_TOKEN"
        if not token:
            raise MailConfigError(f"{source} is empty")
        if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in token):
            raise MailConfigError(f"{source} must be one access token (no spaces or "
                                  "control characters)")
        return token


def _get(cfg: Mapping[str, Any], key: str) -> Any:
    value = cfg.get(key)
    return INTAKE_DEFAULTS[key] if value is None else value


def limits(cfg: Mapping[str, Any]) -> IntakeLimits:
    """The intake limits of an app config; never more files than one service upload allows."""
    max_files = int(cfg.get("MAX_FILES") or 20)
    return IntakeLimits(
        max_attachments=min(int(_get(cfg, "INTAKE_MAX_ATTACHMENTS")), max_files),
        max_attachment_bytes=int(_get(cfg, "INTAKE_MAX_ATTACHMENT_BYTES")),
        zip_max_members=int(_get(cfg, "INTAKE_ZIP_MAX_MEMBERS")),
        zip_max_total_bytes=int(_get(cfg, "INTAKE_ZIP_MAX_TOTAL_BYTES")),
        zip_max_ratio=float(_get(cfg, "INTAKE_ZIP_MAX_RATIO")),
    )


def mail_configured(cfg: Mapping[str, Any]) -> bool:
    """True when a mailbox is configured at all (a host); the rest is checked when polling."""
    return bool(cfg.get("MAIL_HOST"))


def mail_schedule(cfg: Mapping[str, Any]) -> str:
    """``serve``, ``beat`` or ``off`` (a typo is a usage error, not a silent ``off``)."""
    value = str(_get(cfg, "MAIL_SCHEDULE")).lower()
    if value not in SCHEDULES:
        raise MailConfigError(f"DOCPROC_MAIL_SCHEDULE must be one of {', '.join(SCHEDULES)}, "
                         f"not {value!r}")
    return value


def mail_settings(cfg: Mapping[str, Any]) -> MailSettings:
    """The mailbox settings; a missing host, user or credential is a usage error (exit 2).

    The credential is ``MAIL_PASSWORD`` (LOGIN), or a token (``MAIL_TOKEN`` or
    ``MAIL_TOKEN_FILE``, AUTHENTICATE XOAUTH2), which wins when both are set.
    """
    security = str(_get(cfg, "MAIL_SECURITY")).lower()
    if security not in ("ssl", "starttls", "none"):
        raise MailConfigError("DOCPROC_MAIL_SECURITY must be ssl, starttls or none")
    token = str(cfg["MAIL_TOKEN"]) if cfg.get("MAIL_TOKEN") else None
    token_file = str(cfg["MAIL_TOKEN_FILE"]) if cfg.get("MAIL_TOKEN_FILE") else None
    if token and token_file:
        raise MailConfigError("set DOCPROC_MAIL_TOKEN or DOCPROC_MAIL_TOKEN_FILE, not both")
    need = ("MAIL_HOST", "MAIL_USER") if token or token_file \
        else ("MAIL_HOST", "MAIL_USER", "MAIL_PASSWORD")
    missing = [f"DOCPROC_{k}" for k in need if not cfg.get(k)]
    if missing:
        raise MailConfigError(f"mail intake is not configured: set {', '.join(missing)}"
                              + (" (or DOCPROC_MAIL_TOKEN / DOCPROC_MAIL_TOKEN_FILE)"
                                 if "DOCPROC_MAIL_PASSWORD" in missing else ""))
    if any(ord(ch) < 0x20 for ch in str(cfg["MAIL_USER"])):
        raise MailConfigError("DOCPROC_MAIL_USER must not contain control characters")
    host = str(cfg["MAIL_HOST"])
    if security == "none" and host not in ("127.0.0.1", "::1", "localhost"):
        raise MailConfigError("DOCPROC_MAIL_SECURITY=none is only allowed for a loopback server")
    port = cfg.get("MAIL_PORT") or (993 if security == "ssl" else 143)
    return MailSettings(
        host=host, port=int(port), security=security, user=str(cfg["MAIL_USER"]),
        password=str(cfg.get("MAIL_PASSWORD") or ""), folder=str(_get(cfg, "MAIL_FOLDER")),
        processed_folder=str(_get(cfg, "MAIL_PROCESSED_FOLDER")),
        failed_folder=str(_get(cfg, "MAIL_FAILED_FOLDER")),
        interval=float(_get(cfg, "MAIL_INTERVAL")), timeout=float(_get(cfg, "MAIL_TIMEOUT")),
        batch=int(_get(cfg, "MAIL_BATCH")), cafile=cfg.get("MAIL_CAFILE") or None,
        token=token, token_file=token_file,
    )
