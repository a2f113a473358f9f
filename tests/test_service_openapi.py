"""The OpenAPI document matches the routes, and schemathesis finds no server error."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from PIL import Image
from schemathesis.checks import not_a_server_error

from tests.conftest import add_users


def _routes(app: Any) -> set[tuple[str, str]]:
    out = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api"):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            out.add((method.lower(), path))
    return out


def test_openapi_lists_exactly_the_routes(app: Any, client: Any) -> None:
    spec = client.get("/api/openapi.json").json
    assert spec["openapi"].startswith("3.")
    documented = {(m, p) for p, ops in spec["paths"].items() for m in ops}
    assert documented == _routes(app)
    for (method, path) in documented:
        op = spec["paths"][path][method]
        assert op["summary"] and op["responses"]
        for name in re.findall(r"{(\w+)}", path):
            assert any(p["name"] == name and p["in"] == "path" for p in op["parameters"])


def test_openapi_is_a_valid_document(app: Any) -> None:
    # Loading validates the document; every operation must be reachable by schemathesis.
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    labels = {r.ok().label for r in schema.get_all_operations()}
    # schemathesis leaves out the schema's own URL.
    assert labels == {f"{m.upper()} {p}" for m, p in _routes(app)} - {"GET /api/openapi.json"}


@pytest.fixture
def fuzz_target(make_app: Any, text_pdf: bytes) -> Any:
    """An app with a little data (a case, a document, a finding) and an admin token."""
    from docproc.service.models import Case, Document, Finding, Job, Page

    app = make_app()
    token = add_users(app)["admin"]
    svc = app.extensions["docproc"]
    sha = svc.store.put(text_pdf)
    png = io.BytesIO()
    Image.new("L", (64, 80), 255).save(png, format="PNG")
    png_sha = svc.store.put(png.getvalue())
    with svc.db.session() as s:
        case = Case(reference="FUZZ", status="checked", verdict="fail", source="api")
        s.add(case)
        s.flush()
        doc = Document(case_id=case.id, sha256=sha, filename="a.pdf",
                       media_type="application/pdf", size=len(text_pdf), source="api",
                       extracted={"doc_type": "invoice", "fields": {"document_number": {
                           "value": "INV-1"}}, "line_items": [{"quantity": {"value": 2}}],
                           "warnings": []})
        s.add(doc)
        s.flush()
        s.add(Job(document_id=doc.id, case_id=case.id, state="done", attempts=1))
        s.add(Page(document_id=doc.id, number=1, image_sha256=png_sha, media_type="image/png",
                   width=64, height=80))
        s.add(Finding(case_id=case.id, rule="amount.total_error", severity="error",
                      message="m", evidence=[], match_key="k"))
    app.config["FUZZ_TOKEN"] = token
    return app


def test_no_server_errors(fuzz_target: Any) -> None:
    """Fuzz every operation (bounded examples, fixed seed) and accept no 5xx."""
    token = fuzz_target.config["FUZZ_TOKEN"]
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", fuzz_target)
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=15, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case: Any) -> None:
            case.call_and_validate(headers={"Authorization": f"Bearer {token}"},
                                   checks=[not_a_server_error])

        try:
            run()
        except Exception as exc:  # collect all operations' failures, then report them
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
