"""The Flask application factory: configuration, database, file store, executor, blueprints.

Configuration, later sources winning:

1. defaults below (``docproc.config.settings()`` for locations and limits);
2. ``config.py`` in the instance folder (``$DOCPROC_HOME/instance`` unless
   ``DOCPROC_INSTANCE_PATH`` says otherwise);
3. environment variables ``DOCPROC_<KEY>`` (``DOCPROC_DATABASE_URL``, ``DOCPROC_BROKER_URL``,
   ``DOCPROC_STORE_DIR``, ``DOCPROC_RATE_LIMIT``, ...);
4. ``test_config``.

Production: ``gunicorn -w 4 'docproc.service:create_app()'`` (no ``--preload`` needed; the job
threads start in each worker process).

The review UI plugs in without touching this file: if a module named by ``UI_MODULE``
(default ``docproc.ui``) exists, its ``init_app(app)`` is called, or its blueprint ``bp`` is
registered. ``/`` is left free for it; the API lives under ``/api``.
"""

from __future__ import annotations

import importlib
import logging
import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from docproc import data
from docproc.config import settings as current_settings
from docproc.errors import DocprocError
from docproc.service.errors import RateLimitedError, UnauthorizedError
from docproc.service.state import Service, build_service

log = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    "DATABASE_URL": None,  # None: SQLite at $DOCPROC_HOME/docproc.db
    "BROKER_URL": None,  # a Redis URL switches processing to Celery
    "REDIS_URL": None,  # rate-limit counters in Redis (defaults to a Redis broker)
    "REDIS_PREFIX": "docproc:",
    "STORE_DIR": None,  # None: $DOCPROC_HOME/store
    "EXECUTOR": None,  # threads | celery | none; None: celery with a broker, else threads
    "WORKERS": 2,  # threads of the in-process pool
    "START_WORKERS": True,  # False: the app only queues (tests start the pool by hand)
    "QUEUE": "docproc",
    "VISIBILITY_TIMEOUT": 600,  # s before Redis re-delivers the message of a dead worker
    "JOB_HEARTBEAT": 5.0,
    "JOB_STALE_AFTER": 60.0,  # s without heartbeat before another worker takes a job over
    "JOB_MAX_ATTEMPTS": 3,
    "MAX_FILES": 20,
    "MAX_CONTENT_LENGTH": 100 * 1024 * 1024,
    "RATE_LIMIT": 600,  # requests per window per token; 0 disables
    "RATE_WINDOW": 60,
    "MIGRATE": True,
    "UI_MODULE": "docproc.ui",
    "JSON_SORT_KEYS": False,
}


def _home(test_config: dict[str, Any] | None) -> Path:
    if test_config and test_config.get("HOME"):
        return Path(test_config["HOME"])
    return current_settings().home


def _secret_key(instance: Path) -> str:
    """A stable session key per installation, created on first start."""
    path = instance / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return path.read_text().strip()


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the application; migrations run and the job executor starts here."""
    home = _home(test_config).resolve()
    instance = Path(os.environ.get("DOCPROC_INSTANCE_PATH") or home / "instance").resolve()
    instance.mkdir(parents=True, exist_ok=True)
    app = Flask("docproc.service", instance_path=str(instance), instance_relative_config=True)
    app.config.update(DEFAULTS, HOME=str(home))
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("DOCPROC")
    if test_config:
        app.config.update(test_config)
    app.config["HOME"] = str(home)
    app.config["QUEUE"] = str(app.config["QUEUE"])
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(instance)
    broker = app.config.get("BROKER_URL")
    if not app.config.get("REDIS_URL") and broker and str(broker).startswith("redis"):
        app.config["REDIS_URL"] = broker
    executor = app.config.get("EXECUTOR") or ("celery" if broker else "threads")
    app.config["EXECUTOR"] = executor

    svc = build_service(app.config, current_settings())
    data.use_override_dir(home / "refdata")  # admin edits of reference data (refdata.py)
    app.extensions["docproc"] = svc
    if app.config["MIGRATE"]:
        svc.db.migrate(lock_dir=home)
    _init_executor(app, svc, executor)

    from docproc.service.api import bp as api_bp

    app.register_blueprint(api_bp)
    _register_errors(app)
    _register_ui(app)
    from docproc.intake.schedule import init_app as init_mail_intake

    init_mail_intake(app)  # the scheduled mail poll, when MAIL_* configure it (MAIL_SCHEDULE)
    return app


def _init_executor(app: Flask, svc: Service, executor: str) -> None:
    from docproc.service.executor import CeleryDispatcher, QueueOnly, ThreadPool

    if executor == "celery":
        if not app.config.get("BROKER_URL"):
            raise DocprocError("EXECUTOR=celery needs DOCPROC_BROKER_URL")
        from docproc.service.celery_app import celery_init_app

        celery_init_app(app)
        svc.dispatcher = CeleryDispatcher(app)
    elif executor == "threads":
        pool = ThreadPool(app, int(app.config["WORKERS"]))
        svc.dispatcher = pool
        if app.config["START_WORKERS"]:
            pool.start()

            @app.before_request
            def _pool_after_fork() -> None:
                pool.start()  # no-op unless this process was forked after create_app
    elif executor == "none":
        svc.dispatcher = QueueOnly()
    else:
        raise DocprocError(f"EXECUTOR must be threads, celery or none, not {executor!r}")


def _error_response(status: int, code: str, message: str) -> Response:
    resp = jsonify({"error": {"code": code, "message": message}})
    resp.status_code = status
    return resp


_HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 413: "too_large", 415: "unsupported_media_type",
               429: "rate_limited"}


def _register_errors(app: Flask) -> None:
    """One place maps failures to JSON errors (blueprints may add their own, e.g. HTML)."""

    @app.errorhandler(DocprocError)
    def _docproc_error(exc: DocprocError) -> Response:
        if exc.http_status >= 500:
            log.error("%s: %s", type(exc).__name__, exc)
        resp = _error_response(exc.http_status, exc.code, exc.message)
        if isinstance(exc, RateLimitedError):
            resp.headers["Retry-After"] = str(exc.retry_after)
        if isinstance(exc, UnauthorizedError):
            resp.headers["WWW-Authenticate"] = 'Bearer realm="docproc"'
        return resp

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Any:
        if not request.path.startswith("/api"):
            return exc
        status = exc.code or 500
        message = exc.description or exc.name
        if status == 413:
            limit = app.config["MAX_CONTENT_LENGTH"]
            message = f"the request is larger than the {limit / 1e6:.0f} MB upload limit"
        resp = _error_response(status, _HTTP_CODES.get(status, "http_error"), message)
        if status == 405 and exc.get_response().headers.get("Allow"):
            resp.headers["Allow"] = exc.get_response().headers["Allow"]
        return resp

    @app.errorhandler(Exception)
    def _internal(exc: Exception) -> Response:
        log.exception("internal error on %s %s", request.method, request.path)
        return _error_response(500, "internal_error",
                               f"internal error ({type(exc).__name__}); see the server log")


def _register_ui(app: Flask) -> None:
    name = app.config.get("UI_MODULE")
    if not name:
        return
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name and name.startswith(exc.name):
            return  # no UI installed: the API alone
        raise
    if hasattr(module, "init_app"):
        module.init_app(app)
    elif hasattr(module, "bp"):
        app.register_blueprint(module.bp)
