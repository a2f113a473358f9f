"""The per-process state of the service: database, file store, settings and job dispatcher.

One :class:`Service` hangs off ``app.extensions["docproc"]``; request handlers, the in-process
pool and Celery tasks (which run inside the app context) all reach it with
:func:`current_service`, so the same job function runs unchanged under either executor.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import current_app

from docproc.config import Settings
from docproc.service.db import Database
from docproc.service.store import FileStore

if TYPE_CHECKING:
    from docproc.service.executor import Dispatcher


@dataclass
class Service:
    """Everything a request or a job needs besides its own arguments."""

    config: dict[str, Any]
    settings: Settings
    db: Database
    store: FileStore
    dispatcher: Dispatcher | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    def cfg_int(self, key: str) -> int:
        """An integer configuration value (environment values may arrive as strings)."""
        return int(self.config[key])

    def cfg_float(self, key: str) -> float:
        """A float configuration value."""
        return float(self.config[key])


def build_service(config: dict[str, Any], base_settings: Settings) -> Service:
    """Open the database and file store that ``config`` names."""
    home = Path(config["HOME"])
    settings = dataclasses.replace(base_settings, home=home)
    url = config.get("DATABASE_URL") or f"sqlite:///{home / 'docproc.db'}"
    store_dir = Path(config.get("STORE_DIR") or home / "store")
    return Service(config=config, settings=settings, db=Database(url), store=FileStore(store_dir))


def current_service() -> Service:
    """The service of the current Flask application."""
    svc: Service = current_app.extensions["docproc"]
    return svc
