"""Shared fixtures: the service on a temporary store, users and tokens, real PostgreSQL/Redis.

Following Flask's tutorial: ``app`` / ``client`` fixtures on a fresh ``DOCPROC_HOME`` per test,
plus helpers to sign requests with a role's token. PostgreSQL (127.0.0.1:5432) and Redis
(127.0.0.1:6379) are used for real; their tests skip when the server is unreachable, unless
``CI`` is set, in which case they fail.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from tests.test_intake_dovecot import Dovecot, Introspection

DOCPROC = str(Path(sys.executable).parent / "docproc")  # the console script of this venv
PG_HOST, PG_PORT = "127.0.0.1", 5432
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379


def reachable(host: str, port: int) -> bool:
    """True when a TCP server answers on host:port."""
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def require_server(name: str, host: str, port: int) -> None:
    """Skip when the server is down, except under CI where that is a failure."""
    if reachable(host, port):
        return
    if os.environ.get("CI"):
        pytest.fail(f"{name} at {host}:{port} is unreachable and CI is set")
    pytest.skip(f"{name} at {host}:{port} is unreachable")


def free_port() -> int:
    """A free loopback TCP port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def stop_group(proc: subprocess.Popen[bytes], timeout: float) -> None:
    """SIGTERM a process started with ``start_new_session=True`` and its whole group; SIGKILL
    the group if it has not exited after ``timeout`` seconds."""
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


# -- documents -------------------------------------------------------------------------------


def _simple_pdf(path: Path, lines: list[str]) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    y = 800
    for line in lines:
        c.drawString(60, y, line)
        y -= 18
    c.showPage()
    c.save()


@pytest.fixture(scope="session")
def shipment_pdfs(tmp_path_factory: pytest.TempPathFactory) -> Callable[[int], list[Path]]:
    """``shipment_pdfs(seed)``: the main documents of one generated shipment as text PDFs."""
    root = tmp_path_factory.mktemp("shipments")
    cache: dict[int, list[Path]] = {}

    def make(seed: int) -> list[Path]:
        if seed in cache:
            return cache[seed]
        folder = root / f"s{seed}"
        folder.mkdir()
        paths: list[Path] = []
        try:
            from tests.corpus.documents import MAIN_TYPES, documents
            from tests.corpus.render import render_pdf
            from tests.corpus.shipment import make_shipment
        except ImportError:
            for i, kind in enumerate(["CONTRACT", "COMMERCIAL INVOICE", "PACKING LIST"]):
                p = folder / f"{i}_{kind.split()[-1].lower()}.pdf"
                _simple_pdf(p, [kind, f"No. DP-{seed}-{i}", f"Contract No. SC-{seed}"])
                paths.append(p)
        else:
            for doc in documents(make_shipment(seed)):
                if doc.doc_type in MAIN_TYPES:
                    p = folder / f"{len(paths)}_{doc.doc_type}.pdf"
                    render_pdf(doc, p)
                    paths.append(p)
        cache[seed] = paths
        return paths

    return make


@pytest.fixture(scope="session")
def text_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A one-page text PDF (fast to process)."""
    p = tmp_path_factory.mktemp("pdf") / "note.pdf"
    _simple_pdf(p, ["COMMERCIAL INVOICE", "Invoice No. INV-TEST-1", "Date 2026-03-12"])
    return p.read_bytes()


# -- the service -----------------------------------------------------------------------------


@pytest.fixture(autouse=True, scope="session")
def _shipped_reference_data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tests see the shipped reference data, never a developer's admin edits in ~/.local."""
    from docproc import data

    previous = data.use_override_dir(tmp_path_factory.mktemp("refdata-unused"))
    yield
    data.use_override_dir(previous)


@pytest.fixture
def make_app(tmp_path: Path) -> Iterator[Callable[..., Any]]:
    """``make_app(**config)``: a service app on a fresh temporary DOCPROC_HOME."""
    from docproc import data
    from docproc.service import create_app

    apps: list[Any] = []
    refdata_dir = data.override_dir()  # create_app points it at the app's home; put it back

    def make(**config: Any) -> Any:
        config.setdefault("HOME", str(tmp_path / "home"))
        config.setdefault("EXECUTOR", "none")
        config.setdefault("RATE_LIMIT", 0)
        config.setdefault("JOB_HEARTBEAT", 0.5)
        config.setdefault("JOB_STALE_AFTER", 5)
        config.setdefault("UI_MODULE", None)
        app = create_app(config)
        app.config["TESTING"] = True
        apps.append(app)
        return app

    yield make
    for app in apps:
        svc = app.extensions["docproc"]
        if svc.dispatcher is not None:
            svc.dispatcher.shutdown(wait=True)
        svc.db.engine.dispose()
        svc.db.read_engine.dispose()
    data.use_override_dir(refdata_dir)


def add_users(app: Any) -> dict[str, str]:
    """One user per role; returns ``{role: token}``."""
    from docproc.service.auth import create_token, create_user

    tokens = {}
    with app.extensions["docproc"].db.session() as s:
        for role in ("clerk", "reviewer", "admin"):
            create_user(s, f"{role}1", role, "pw-" + role)
            tokens[role] = create_token(s, f"{role}1")[1]
    return tokens


@pytest.fixture
def app(make_app: Callable[..., Any]) -> Any:
    """The service with jobs queued only (no processing): fast API tests."""
    return make_app()


@pytest.fixture
def tokens(app: Any) -> dict[str, str]:
    """Tokens of a clerk, a reviewer and an admin of ``app``."""
    return add_users(app)


@pytest.fixture
def client(app: Any) -> Any:
    """Flask's test client for ``app``."""
    return app.test_client()


def bearer(token: str) -> dict[str, str]:
    """The Authorization header for a token."""
    return {"Authorization": f"Bearer {token}"}


def wait_jobs(get: Callable[[int], dict[str, Any]], job_ids: list[int],
              timeout: float = 120) -> list[dict[str, Any]]:
    """Poll jobs until all are done or failed; fail the test on time-out."""
    deadline = time.monotonic() + timeout
    while True:
        jobs = [get(j) for j in job_ids]
        if all(j["state"] in ("done", "failed") for j in jobs):
            return jobs
        if time.monotonic() > deadline:
            pytest.fail(f"jobs not finished after {timeout} s: {jobs}")
        time.sleep(0.2)


def wait_case(get: Callable[[], dict[str, Any]], timeout: float = 60) -> dict[str, Any]:
    """Poll a case report until it is checked (or unplaced / error)."""
    deadline = time.monotonic() + timeout
    while True:
        report = get()
        if report["status"] in ("checked", "unplaced", "error"):
            return report
        if time.monotonic() > deadline:
            pytest.fail(f"case not checked after {timeout} s: status {report['status']}")
        time.sleep(0.2)


# -- PostgreSQL and Redis --------------------------------------------------------------------


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A SQLAlchemy URL on a fresh, private PostgreSQL schema (dropped afterwards)."""
    require_server("PostgreSQL", PG_HOST, PG_PORT)
    import psycopg

    schema = f"dp_test_{uuid.uuid4().hex[:12]}"
    user = None
    for candidate in ("postgres", "root"):
        try:
            with psycopg.connect(host=PG_HOST, port=PG_PORT, user=candidate, dbname="test",
                                 autocommit=True, connect_timeout=3) as conn:
                conn.execute(f'CREATE SCHEMA "{schema}"')
            user = candidate
            break
        except psycopg.OperationalError:
            continue
    if user is None:
        if os.environ.get("CI"):
            pytest.fail("cannot log in to PostgreSQL as postgres or root")
        pytest.skip("cannot log in to PostgreSQL as postgres or root")
    yield (f"postgresql+psycopg://{user}@{PG_HOST}:{PG_PORT}/test"
           f"?options=-csearch_path%3D{schema}")
    with psycopg.connect(host=PG_HOST, port=PG_PORT, user=user, dbname="test",
                         autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def redis_url() -> str:
    """A Redis URL on a scratch database number; users delete their own (uniquely named) keys."""
    require_server("Redis", REDIS_HOST, REDIS_PORT)
    return f"redis://{REDIS_HOST}:{REDIS_PORT}/{1 + uuid.uuid4().int % 15}"


@pytest.fixture
def unique_name() -> str:
    """A name no other test run uses (Celery queue, key prefix)."""
    return f"dp-{uuid.uuid4().hex[:10]}"


# -- Dovecot (mail intake) -------------------------------------------------------------------


@pytest.fixture(scope="module")
def dovecot() -> Iterator[Dovecot]:
    """A real Dovecot IMAP server (``tests.test_intake_dovecot``) shared by a module's tests."""
    from tests.test_intake_dovecot import remove, start_dovecot

    server = start_dovecot()
    yield server
    remove(server)


@pytest.fixture
def mailbox(dovecot: Dovecot) -> dict[str, Any]:
    """App config for a fresh folder trio (inbox, processed, failed) on ``dovecot``."""
    from tests.test_intake_dovecot import fresh_mailbox

    return fresh_mailbox(dovecot)


@pytest.fixture(scope="module")
def introspection() -> Iterator[Introspection]:
    """A loopback OAuth2 introspection endpoint that knows one token (``GOOD_TOKEN``)."""
    from tests.test_intake_dovecot import GOOD_TOKEN, USER, Introspection

    endpoint = Introspection({GOOD_TOKEN: USER})
    yield endpoint
    endpoint.close()


@pytest.fixture(scope="module")
def dovecot_oauth2(introspection: Introspection) -> Iterator[Dovecot]:
    """A real Dovecot that also takes token logins (XOAUTH2), checked by ``introspection``."""
    from tests.test_intake_dovecot import remove, start_dovecot

    server = start_dovecot(introspection_url=introspection.url)
    yield server
    remove(server)
