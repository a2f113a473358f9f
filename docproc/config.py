"""Runtime settings, read from environment variables with safe defaults.

Every limit that protects the service from bad input lives here so that operators can tune it
without touching code.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def _default_home() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "docproc"


def _int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


def _float(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass(frozen=True)
class Settings:
    """Limits and locations; build with :func:`settings` to read the environment."""

    home: Path
    max_pages: int = 200
    max_pixels: int = 120_000_000
    max_bytes: int = 200 * 1024 * 1024
    ocr_dpi: int = 300
    ocr_timeout_s: float = 60.0
    ocr_languages: str = "eng+chi_sim"
    workers: int = 0  # 0 = one per core

    @property
    def database_url(self) -> str:
        """The SQLAlchemy URL: PostgreSQL when configured, else SQLite under ``home``."""
        return os.environ.get("DOCPROC_DATABASE_URL") or f"sqlite:///{self.home / 'docproc.db'}"

    @property
    def broker_url(self) -> str | None:
        """The Celery broker, or None for in-process workers."""
        return os.environ.get("DOCPROC_BROKER_URL") or None


def settings() -> Settings:
    """Read the current environment into a :class:`Settings`."""
    return Settings(
        home=Path(os.environ.get("DOCPROC_HOME") or _default_home()),
        max_pages=_int("DOCPROC_MAX_PAGES", 200),
        max_pixels=_int("DOCPROC_MAX_PIXELS", 120_000_000),
        max_bytes=_int("DOCPROC_MAX_BYTES", 200 * 1024 * 1024),
        ocr_dpi=_int("DOCPROC_OCR_DPI", 300),
        ocr_timeout_s=_float("DOCPROC_OCR_TIMEOUT", 60.0),
        ocr_languages=os.environ.get("DOCPROC_OCR_LANGUAGES", "eng+chi_sim"),
        workers=_int("DOCPROC_WORKERS", 0),
    )
