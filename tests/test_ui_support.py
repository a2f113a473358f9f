"""Helpers for the UI tests: a live server on loopback and a seeded quantity-mismatch case.

No tests here; ``test_ui.py`` (test client) and ``test_ui_browser.py`` (Playwright) use them.
"""

from __future__ import annotations

import random
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SEED = 11
RULE = "goods.quantity_mismatch"
# seed 11's mutation puts the quantity mismatch between these two documents
DOC_TYPES = ("invoice", "inspection_certificate")
PASSWORDS = {"clerk": "pw-clerk-123", "reviewer": "pw-reviewer-123", "admin": "pw-admin-123"}


def seeded_pdfs(folder: Path, doc_types: tuple[str, ...] = DOC_TYPES) -> list[Path]:
    """Text PDFs of a generated shipment with a seeded quantity mismatch."""
    from tests.corpus import documents, make_shipment, render_pdf
    from tests.corpus.mutate import mutate

    docs = documents(make_shipment(SEED))
    mutated, _ = mutate(docs, RULE, random.Random(SEED))
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, d in enumerate(mutated):
        if d.doc_type in doc_types:
            p = folder / f"{i}_{d.doc_type}.pdf"
            render_pdf(d, p)
            paths.append(p)
    return paths


def three_page_scan(folder: Path) -> Path:
    """A generated contract (2 pages) and invoice (1 page) scanned into one 3-page PDF with no
    text layer: every page is OCR'd, slowly enough to watch "reading page N of 3"."""
    import pypdfium2 as pdfium

    from tests.corpus.degrade import render_scan
    from tests.corpus.documents import documents
    from tests.corpus.render import render_pdf_pages
    from tests.corpus.shipment import make_shipment

    folder.mkdir(parents=True, exist_ok=True)
    docs = {d.doc_type: d for d in documents(make_shipment(1))}
    merged = pdfium.PdfDocument.new()
    for kind in ("contract", "invoice"):
        render_pdf_pages(docs[kind], folder / f"{kind}.pdf")
        merged.import_pages(pdfium.PdfDocument(str(folder / f"{kind}.pdf")))
    merged.save(str(folder / "merged.pdf"))
    info = render_scan(folder / "merged.pdf", folder / "scan.pdf", dpi=200, seed=1)
    assert len(info["pages"]) == 3
    return folder / "scan.pdf"


def ui_app_of(make_app: Callable[..., Any]) -> Any:
    """A service app with the review UI (cookies over plain HTTP) and the people of add_people."""
    app = make_app(UI_MODULE="docproc.ui", UI_COOKIE_SECURE=False)
    add_people(app)
    return app


def login(client: Any, role: str) -> str:
    """Sign in as ``{role}1``; returns a CSRF token valid for the new session."""
    page = client.get("/login")
    r = client.post("/login", data={"name": f"{role}1", "password": PASSWORDS[role],
                                    "csrf_token": csrf_of(page.text)})
    assert r.status_code == 302, r.text
    return csrf_of(client.get("/").text)


def add_people(app: Any) -> dict[str, str]:
    """One user per role with a password (clerk1, reviewer1, admin1); returns API tokens."""
    from docproc.service.auth import create_token, create_user

    tokens = {}
    with app.extensions["docproc"].db.session() as s:
        for role, pw in PASSWORDS.items():
            create_user(s, f"{role}1", role, pw)
            tokens[role] = create_token(s, f"{role}1")[1]
    return tokens


@dataclass
class Live:
    """A running server: its base URL, app and the users' tokens."""

    url: str
    app: Any
    tokens: dict[str, str]


@contextmanager
def live_server(home: Path, **config: Any) -> Iterator[Live]:
    """The whole service (API, UI, in-process job pool) on a free loopback port."""
    from werkzeug.serving import make_server

    from docproc.service import create_app

    cfg = {"HOME": str(home), "EXECUTOR": "threads", "WORKERS": 2, "RATE_LIMIT": 0,
           **config}
    app = create_app(cfg)
    tokens = add_people(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Live(f"http://127.0.0.1:{server.port}", app, tokens)
    finally:
        server.shutdown()
        svc = app.extensions["docproc"]
        if svc.dispatcher is not None:
            svc.dispatcher.shutdown(wait=True)
        svc.db.engine.dispose()
        svc.db.read_engine.dispose()


def csrf_of(html: str) -> str:
    """The CSRF token of a rendered page (meta tag or hidden input)."""
    m = re.search(r'name="csrf-token" content="([^"]+)"', html) or re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert m, "no CSRF token on the page"
    return m.group(1)
