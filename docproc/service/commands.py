"""Service commands of the ``docproc`` CLI: serve, worker, users create, tokens create.

``docproc.cli`` calls :func:`register`; handlers raise :mod:`docproc.errors` types for expected
failures, and the CLI turns them into exit codes.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import signal
import sys
import threading
from typing import Any

from docproc.errors import EXIT_OK, UsageError


def _app(**overrides: Any) -> Any:
    from docproc.service.app import create_app

    return create_app(overrides or None)


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the API and the in-process job pool in this one process (threaded server)."""
    from werkzeug.serving import make_server

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: "
                                                   "%(message)s")
    app = _app()
    try:
        server = make_server(args.host, args.port, app, threaded=True)
    except OSError as exc:
        raise UsageError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from exc
    svc = app.extensions["docproc"]

    def _stop(*_: Any) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, _stop)
    scheduler = svc.extras.get("mail_scheduler")  # started by create_app when configured
    mail = (f", mail intake every {scheduler.interval:.0f} s" if scheduler is not None else "")
    print(f"docproc: serving on http://{args.host}:{server.port} "
          f"(executor {app.config['EXECUTOR']}, data in {app.config['HOME']}{mail})",
          file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        if scheduler is not None:
            scheduler.stop()
        if svc.dispatcher is not None:
            svc.dispatcher.shutdown(wait=False)
    return EXIT_OK


def _beat_scheduler(app: Any) -> Any:
    """The mail poll for ``worker --beat`` without Celery: the serve scheduler in this process."""
    from docproc.intake.config import mail_configured, mail_schedule
    from docproc.intake.schedule import MailScheduler

    if not mail_configured(app.config) or mail_schedule(app.config) == "off":
        logging.getLogger(__name__).warning("--beat: no mail intake is configured "
                                            "(DOCPROC_MAIL_HOST, MAIL_SCHEDULE)")
        return None
    scheduler = MailScheduler(app)
    app.extensions["docproc"].extras["mail_scheduler"] = scheduler
    scheduler.start()
    return scheduler


def cmd_worker(args: argparse.Namespace) -> int:
    """Process jobs: a Celery worker with a broker, else the database-polling pool."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: "
                                                   "%(message)s")
    from docproc.config import settings

    if settings().broker_url or args.celery:
        app = _app(EXECUTOR="celery", START_WORKERS=False)
        celery = app.extensions["celery"]
        argv = ["worker", "-Q", app.config["QUEUE"], "--loglevel", args.loglevel,
                "--concurrency", str(args.concurrency or app.config["WORKERS"]),
                "--without-gossip", "--without-mingle"]
        if args.hostname:
            argv += ["--hostname", args.hostname]
        if args.beat:  # embedded beat: the periodic tasks of celery_app.beat_schedule
            argv += ["--beat", "--schedule", celery.conf.beat_schedule_filename]
        celery.worker_main(argv)
        return EXIT_OK
    app = _app(EXECUTOR="threads", START_WORKERS=False,
               **({"WORKERS": args.concurrency} if args.concurrency else {}))
    pool = app.extensions["docproc"].dispatcher
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    pool.start()
    scheduler = _beat_scheduler(app) if args.beat else None
    print(f"docproc: worker with {pool.size} threads polling {app.config['HOME']}",
          file=sys.stderr)
    try:
        while not stop.wait(1):
            pass
    except KeyboardInterrupt:
        pass
    if scheduler is not None:
        scheduler.stop()
    pool.shutdown(wait=True)
    return EXIT_OK


def cmd_users_create(args: argparse.Namespace) -> int:
    """Create a user with a role; the password comes from stdin or a prompt."""
    from docproc.service.audit import record
    from docproc.service.auth import create_user

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        password = getpass.getpass(f"password for {args.name}: ")
        if password != getpass.getpass("again: "):
            raise UsageError("the passwords differ")
    else:
        raise UsageError("no terminal to prompt for a password: use --password-stdin")
    if not password:
        raise UsageError("the password must not be empty")
    app = _app(START_WORKERS=False, EXECUTOR="none")
    with app.app_context(), app.extensions["docproc"].db.session() as s:
        user = create_user(s, args.name, args.role, password)
        record(s, "user.created", entity="user", entity_id=user.id, actor="cli",
               after={"name": user.name, "role": user.role})
    print(f"docproc: user {args.name} ({args.role}) created", file=sys.stderr)
    return EXIT_OK


def cmd_tokens_create(args: argparse.Namespace) -> int:
    """Print a new API token for a user on stdout, and nothing else."""
    from docproc.service.audit import record
    from docproc.service.auth import create_token

    app = _app(START_WORKERS=False, EXECUTOR="none")
    with app.app_context(), app.extensions["docproc"].db.session() as s:
        row, token = create_token(s, args.name)
        record(s, "token.created", entity="token", entity_id=row.id, actor="cli",
               after={"user": args.name, "prefix": row.prefix})
    sys.stdout.write(token + "\n")
    return EXIT_OK


def _intake_app() -> Any:
    """Intake only queues jobs (Celery with a broker); ``serve`` / ``worker`` process them."""
    from docproc.config import settings

    return _app(START_WORKERS=False, **({} if settings().broker_url else {"EXECUTOR": "none"}))


def cmd_intake_mail(args: argparse.Namespace) -> int:
    """Poll the configured mailbox (DOCPROC_MAIL_*) once or continuously."""
    from docproc.intake.mail import run

    logging.basicConfig(level=logging.WARNING if args.once else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = _intake_app()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())

    def _report(result: Any) -> None:
        for o in result.outcomes:
            extra = "; ".join([*o.warnings, *(f"{q['name']}: {q['reason']}"
                                              for q in o.quarantined)])
            print(f"docproc: {o.status} {o.message_id} case={o.case_id} "
                  f"documents={o.documents}" + (f" ({extra})" if extra else ""), file=sys.stderr)

    with app.app_context():
        try:
            run(app.extensions["docproc"], once=args.once, stop=stop, report=_report)
        except KeyboardInterrupt:
            pass
    return EXIT_OK


def cmd_intake_folder(args: argparse.Namespace) -> int:
    """Take in the files of a watched folder once or continuously."""
    from pathlib import Path

    from docproc.intake.folder import run

    logging.basicConfig(level=logging.WARNING if args.once else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = _intake_app()

    def _report(o: Any) -> None:
        print(f"docproc: {o.outcome} {o.file} case={o.case_id} documents={o.documents}"
              + (f" ({'; '.join(o.reasons)})" if o.reasons else ""), file=sys.stderr)

    with app.app_context():
        try:
            run(app.extensions["docproc"], Path(args.dir), once=args.once,
                interval=args.interval, report=_report)
        except KeyboardInterrupt:
            pass
    return EXIT_OK


def register(sub: Any) -> None:
    """Add the service commands to the CLI's subparsers."""
    p = sub.add_parser("serve", help="run the web service (API, UI, in-process workers)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(handler=cmd_serve)

    p = sub.add_parser("worker", help="run a processing worker (Celery with a broker)")
    p.add_argument("--concurrency", type=int, default=0, help="parallel jobs (default WORKERS)")
    p.add_argument("--celery", action="store_true", help="Celery even without DOCPROC_BROKER_URL"
                   " in the environment (broker from the instance config)")
    p.add_argument("--hostname", help="Celery node name")
    p.add_argument("--loglevel", default="info")
    p.add_argument("--beat", action="store_true",
                   help="also run the periodic tasks (the mail poll every MAIL_INTERVAL); "
                   "run one of these per deployment")
    p.set_defaults(handler=cmd_worker)

    users = sub.add_parser("users", help="manage users").add_subparsers(dest="users_command",
                                                                         required=True)
    p = users.add_parser("create", help="create a user")
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=["clerk", "reviewer", "admin"])
    p.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    p.set_defaults(handler=cmd_users_create)

    tokens = sub.add_parser("tokens", help="manage API tokens").add_subparsers(
        dest="tokens_command", required=True)
    p = tokens.add_parser("create", help="print a new API token for user NAME")
    p.add_argument("name")
    p.set_defaults(handler=cmd_tokens_create)

    p = sub.add_parser("intake-mail", help="take in documents from the configured mailbox")
    p.add_argument("--once", action="store_true", help="poll once and exit")
    p.set_defaults(handler=cmd_intake_mail)

    p = sub.add_parser("intake-folder", help="take in documents dropped into a folder")
    p.add_argument("dir")
    p.add_argument("--once", action="store_true", help="check twice, take stable files, exit")
    p.add_argument("--interval", type=float, default=None,
                   help="seconds between two size checks (default INTAKE_FOLDER_INTERVAL)")
    p.set_defaults(handler=cmd_intake_folder)
