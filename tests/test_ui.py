"""The review UI through Flask's test client: sign-in, roles, CSRF, escaping, resolving, admin.

Cases and findings are written straight into the store (no processing), so these run in
seconds; the browser test covers the full upload-to-verdict flow.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.test_ui_support import PASSWORDS, add_people, csrf_of, login, ui_app_of

XSS = "<script>alert('x')</script>"


@pytest.fixture
def ui_app(make_app: Callable[..., Any]) -> Any:
    return ui_app_of(make_app)


def _seed_case(app: Any, *, reference: str = "REF-1", text: str = "CI-2506-067",
               severity: str = "error") -> dict[str, int]:
    """A checked case with two processed documents and one open finding."""
    from docproc.service.jobs import replace_fields, verdict_of
    from docproc.service.models import Case, Document, Finding, Job

    def extracted(doc_type: str, qty: float, number: str) -> dict[str, Any]:
        return {"doc_type": doc_type, "source": {"filename": f"{doc_type}.pdf"},
                "fields": {"document_number": {"value": number, "raw": number, "page": 1,
                                               "bbox": [0.1, 0.1, 0.2, 0.12]}},
                "line_items": [{"quantity": {"value": qty, "raw": str(qty), "page": 1,
                                             "bbox": [0.5, 0.4, 0.55, 0.42]}}],
                "warnings": []}

    svc = app.extensions["docproc"]
    with svc.db.session() as s:
        case = Case(reference=reference, source="upload", status="checked")
        s.add(case)
        s.flush()
        ids = []
        for pos, (t, q, n) in enumerate([("invoice", 3, text), ("packing_list", 5, "PL-1")]):
            ex = extracted(t, q, n)
            d = Document(case_id=case.id, sha256=f"{case.id:08d}{pos:056d}", filename=f"{t}.pdf",
                         media_type="application/pdf", size=1, source="upload", position=pos,
                         doc_type=t, extracted=ex)
            s.add(d)
            s.flush()
            s.add(Job(document_id=d.id, case_id=case.id, state="done"))
            replace_fields(s, d.id, ex)
            ids.append(d.id)
        f = Finding(case_id=case.id, rule="goods.quantity_mismatch", severity=severity,
                    message=f"Quantity: invoice 3, packing list 5 {text}",
                    evidence=[{"document": "invoice", "document_index": 0,
                               "field": "line_items[0].quantity", "value": 3, "page": 1,
                               "bbox": [0.5, 0.4, 0.55, 0.42]},
                              {"document": "packing_list", "document_index": 1,
                               "field": "line_items[0].quantity", "value": 5, "page": 1,
                               "bbox": [0.5, 0.4, 0.55, 0.42]}],
                    match_key=f"k{case.id}")
        s.add(f)
        s.flush()
        s.refresh(case)
        case.verdict = verdict_of(case.findings)
        return {"case": case.id, "finding": f.id, "doc0": ids[0], "doc1": ids[1]}


# -- sign-in and roles ------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/cases/1", "/cases/1/findings/1", "/cases/1/audit",
                                  "/intake", "/admin/users", "/admin/tokens"])
def test_anonymous_visitor_is_sent_to_sign_in(ui_app: Any, path: str) -> None:
    r = ui_app.test_client().get(path)
    assert r.status_code == 302
    assert r.headers["Location"].startswith("/login?next=")


def test_sign_in_wrong_password_and_sign_out(ui_app: Any) -> None:
    c = ui_app.test_client()
    page = c.get("/login")
    r = c.post("/login", data={"name": "clerk1", "password": "nope",
                               "csrf_token": csrf_of(page.text)})
    assert r.status_code == 401 and "Wrong user name or password" in r.text
    token = login(c, "clerk")
    assert c.get("/").status_code == 200
    assert c.post("/logout", data={"csrf_token": token}).status_code == 302
    assert c.get("/").status_code == 302


def test_deactivated_user_cannot_sign_in(ui_app: Any) -> None:
    from docproc.service.models import User

    with ui_app.extensions["docproc"].db.session() as s:
        s.query(User).filter_by(name="clerk1").update({"active": False})
    c = ui_app.test_client()
    page = c.get("/login")
    r = c.post("/login", data={"name": "clerk1", "password": PASSWORDS["clerk"],
                               "csrf_token": csrf_of(page.text)})
    assert r.status_code == 401


def test_next_parameter_cannot_leave_the_site(ui_app: Any) -> None:
    c = ui_app.test_client()
    for target, expected in [("https://evil.example/", "/"), ("//evil.example", "/"),
                             ("/intake", "/intake")]:
        page = c.get("/login")
        r = c.post("/login", data={"name": "clerk1", "password": PASSWORDS["clerk"],
                                   "next": target, "csrf_token": csrf_of(page.text)})
        assert r.headers["Location"] == expected
        c.post("/logout", data={"csrf_token": csrf_of(c.get("/").text)})


def test_roles_are_enforced_on_the_server(ui_app: Any) -> None:
    ids = _seed_case(ui_app)
    clerk = ui_app.test_client()
    token = login(clerk, "clerk")
    page = clerk.get(f"/cases/{ids['case']}/findings/{ids['finding']}")
    assert page.status_code == 200 and 'id="waive"' not in page.text
    r = clerk.post(f"/findings/{ids['finding']}/resolve",
                   data={"csrf_token": token, "action": "waive", "comment": "x"})
    assert r.status_code == 403
    assert clerk.post(f"/findings/{ids['finding']}/reopen",
                      data={"csrf_token": token}).status_code == 403
    assert clerk.post("/correct", data={"csrf_token": token, "document_id": ids["doc0"],
                                        "path": "document_number", "value": "X"}).status_code == 403
    assert clerk.get("/admin/users").status_code == 403
    reviewer = ui_app.test_client()
    login(reviewer, "reviewer")
    assert reviewer.get("/admin/tokens").status_code == 403
    admin = ui_app.test_client()
    login(admin, "admin")
    assert admin.get("/admin/users").status_code == 200


# -- CSRF -------------------------------------------------------------------------------------


def test_forms_without_csrf_token_are_refused(ui_app: Any) -> None:
    ids = _seed_case(ui_app)
    c = ui_app.test_client()
    assert c.post("/login", data={"name": "reviewer1",
                                  "password": PASSWORDS["reviewer"]}).status_code == 400
    login(c, "reviewer")
    for url, data in [(f"/findings/{ids['finding']}/resolve", {"action": "waive",
                                                               "comment": "x"}),
                      (f"/findings/{ids['finding']}/reopen", {}),
                      ("/admin/users", {"name": "x", "role": "clerk", "password": "12345678"}),
                      ("/logout", {})]:
        r = c.post(url, data=data)
        assert r.status_code == 400, url
        assert "CSRF" in r.text
    r = c.post(f"/findings/{ids['finding']}/resolve",
               data={"csrf_token": "forged", "action": "waive", "comment": "x"})
    assert r.status_code == 400
    # still open
    with ui_app.test_client() as api:
        report = api.get(f"/api/cases/{ids['case']}",
                         headers={"Authorization": f"Bearer {_token(ui_app, 'reviewer1')}"})
        assert report.json["findings"][0]["status"] == "open"


def _token(app: Any, user: str) -> str:
    from docproc.service.auth import create_token

    with app.extensions["docproc"].db.session() as s:
        return create_token(s, user)[1]


def test_api_with_session_needs_csrf_but_bearer_clients_do_not(ui_app: Any) -> None:
    c = ui_app.test_client()
    token = login(c, "clerk")
    r = c.post("/api/cases", json={"reference": "A"})
    assert r.status_code == 400 and r.json["error"]["code"] == "csrf_failed"
    assert c.post("/api/cases", json={"reference": "A"},
                  headers={"X-CSRFToken": token}).status_code == 201
    bare = ui_app.test_client()
    r = bare.post("/api/cases", json={"reference": "B"},
                  headers={"Authorization": f"Bearer {_token(ui_app, 'clerk1')}"})
    assert r.status_code == 201


def test_session_cookie_is_hardened(make_app: Callable[..., Any]) -> None:
    app = make_app(UI_MODULE="docproc.ui")  # default: secure cookies
    add_people(app)
    c = app.test_client()
    page = c.get("/login", base_url="https://localhost")
    r = c.post("/login", base_url="https://localhost",
               headers={"Referer": "https://localhost/login"},
               data={"name": "clerk1", "password": PASSWORDS["clerk"],
                     "csrf_token": csrf_of(page.text)})
    assert r.status_code == 302
    cookie = r.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Frame-Options"] == "DENY"


# -- escaping ---------------------------------------------------------------------------------


def test_document_text_with_script_is_shown_as_text(ui_app: Any) -> None:
    ids = _seed_case(ui_app, reference=XSS, text=XSS)
    c = ui_app.test_client()
    login(c, "reviewer")
    for url in ["/", f"/cases/{ids['case']}", f"/cases/{ids['case']}/findings/{ids['finding']}",
                f"/cases/{ids['case']}/report", f"/cases/{ids['case']}/audit",
                f"/?q={XSS}"]:
        html = c.get(url).text
        assert "<script>alert" not in html, url
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in c.get(f"/cases/{ids['case']}").text


# -- pages ------------------------------------------------------------------------------------


def test_case_list_counts_filter_search_sort_and_pages(ui_app: Any) -> None:
    for i in range(30):
        _seed_case(ui_app, reference=f"R-{i:02d}", text=f"INV-{i:02d}",
                   severity="warning" if i % 3 else "error")
    c = ui_app.test_client()
    login(c, "clerk")
    html = c.get("/").text
    assert "30 cases" in html and "page 1 of 2" in html
    assert re.search(r"<b>10</b> fail", html) and re.search(r"<b>20</b> review", html)
    assert "10 cases" in c.get("/?verdict=fail").text
    found = c.get("/?q=inv-07").text
    assert "1 case" in found and "R-07" in found
    asc = c.get("/?sort=reference&dir=asc").text
    assert asc.index("R-00") < asc.index("R-01")
    assert "R-29" not in asc
    assert "R-29" in c.get("/?sort=reference&dir=asc&page=2").text
    assert c.get("/?page=abc&sort=bogus&verdict=nope").status_code == 200


def test_case_page_shows_fields_side_by_side_and_findings(ui_app: Any) -> None:
    ids = _seed_case(ui_app)
    c = ui_app.test_client()
    login(c, "clerk")
    html = c.get(f"/cases/{ids['case']}").text
    row = re.search(r'<tr class="differs"><th scope="row"><code>line_items\[0\]\.quantity'
                    r"</code></th>(.*?)</tr>", html, re.S)
    assert row and re.findall(r"<td>(\d)", row.group(1)) == ["3", "5"]
    assert "Quantity: invoice 3, packing list 5" in html
    assert c.get("/cases/999").status_code == 404


def test_waive_needs_a_comment_then_verdict_and_audit_change(ui_app: Any) -> None:
    ids = _seed_case(ui_app)
    c = ui_app.test_client()
    token = login(c, "reviewer")
    url = f"/findings/{ids['finding']}/resolve"
    r = c.post(url, data={"csrf_token": token, "action": "waive", "comment": " "},
               follow_redirects=True)
    assert "needs a comment" in r.text
    assert 'v-fail' in c.get(f"/cases/{ids['case']}").text
    r = c.post(url, data={"csrf_token": token, "action": "waive", "comment": "spare units"})
    assert r.status_code == 302
    assert 'class="verdict v-pass"' in c.get(f"/cases/{ids['case']}").text
    audit = c.get(f"/cases/{ids['case']}/audit").text
    assert "finding.resolved" in audit and "reviewer1" in audit and "spare units" in audit
    r = c.post(f"/findings/{ids['finding']}/reopen", data={"csrf_token": token})
    assert r.status_code == 302
    assert 'v-fail' in c.get(f"/cases/{ids['case']}").text
    assert "finding.reopened" in c.get(f"/cases/{ids['case']}/audit").text


def test_correct_a_value_rechecks_the_case(ui_app: Any) -> None:
    ids = _seed_case(ui_app)
    c = ui_app.test_client()
    token = login(c, "reviewer")
    r = c.post(f"/findings/{ids['finding']}/resolve",
               data={"csrf_token": token, "action": "correct", "document_id": ids["doc0"],
                     "path": "line_items[0].quantity", "value": "5"})
    assert r.status_code == 302
    html = c.get(f"/cases/{ids['case']}").text
    row = re.search(r"<code>line_items\[0\]\.quantity</code></th>(.*?)</tr>", html, re.S)
    assert row and re.findall(r"<td>(\d)", row.group(1)) == ["5", "5"]
    audit = c.get(f"/cases/{ids['case']}/audit").text
    assert "field.corrected" in audit and "case.checked" in audit


def test_finding_page_places_boxes_from_bbox_fractions(ui_app: Any) -> None:
    from docproc.service.models import Page

    ids = _seed_case(ui_app)
    with ui_app.extensions["docproc"].db.session() as s:
        for d in (ids["doc0"], ids["doc1"]):
            s.add(Page(document_id=d, number=1, image_sha256="0" * 64, media_type="image/png",
                       width=1000, height=1400))
    c = ui_app.test_client()
    login(c, "reviewer")
    html = c.get(f"/cases/{ids['case']}/findings/{ids['finding']}").text
    boxes = re.findall(r'class="box".*?style="left: ([\d.]+)%; top: ([\d.]+)%; '
                       r'width: ([\d.]+)%; height: ([\d.]+)%"', html, re.S)
    assert len(boxes) == 2
    for b in boxes:
        assert [round(float(v), 2) for v in b] == [50.0, 40.0, 5.0, 2.0]
    assert html.count('class="page-img"') == 2


def test_admin_creates_user_and_issues_and_revokes_token(ui_app: Any) -> None:
    c = ui_app.test_client()
    token = login(c, "admin")
    r = c.post("/admin/users", data={"csrf_token": token, "name": "newbie", "role": "clerk",
                                     "password": "long-enough-pw"}, follow_redirects=True)
    assert "User newbie created" in r.text
    r = c.post("/admin/tokens", data={"csrf_token": token, "user": "newbie"})
    new = re.search(r'id="new-token">(dp_[^<]+)<', r.text).group(1)
    api = ui_app.test_client()
    assert api.get("/api/cases", headers={"Authorization": f"Bearer {new}"}).status_code == 200
    from docproc.service.models import ApiToken

    with ui_app.extensions["docproc"].db.reader() as s:
        tid = max(t.id for t in s.query(ApiToken))
    assert c.post(f"/admin/tokens/{tid}/revoke", data={"csrf_token": token}).status_code == 302
    assert api.get("/api/cases", headers={"Authorization": f"Bearer {new}"}).status_code == 401


def test_intake_and_report_pages_render(ui_app: Any) -> None:
    ids = _seed_case(ui_app)
    c = ui_app.test_client()
    login(c, "clerk")
    assert 'id="drop"' in c.get("/intake").text
    assert f'data-case="{ids["case"]}"' in c.get(f"/intake?case={ids['case']}").text
    report = c.get(f"/cases/{ids['case']}/report").text
    assert 'media="print"' in report and "goods.quantity_mismatch" in report
    assert c.get("/ui/static/print.css").status_code == 200


def test_document_type_form_sets_the_type_and_shows_progress(ui_app: Any) -> None:
    """The case page's type control (select + CSRF) retypes a document through the service;
    a running job shows how far reading got."""
    from sqlalchemy import select

    from docproc.service.models import Document, Job

    ids = _seed_case(ui_app)
    c = ui_app.test_client()
    token = login(c, "clerk")
    page = c.get(f"/cases/{ids['case']}").text
    form = re.search(rf'<form[^>]*action="/documents/{ids["doc0"]}/type">(.*?)</form>', page,
                     re.S)
    assert form and 'name="csrf_token"' in form.group(1)
    assert re.search(r'<option value="invoice" selected>', form.group(1))
    url = f"/documents/{ids['doc0']}/type"
    assert c.post(url, data={"doc_type": "packing_list"}).status_code == 400  # no CSRF token
    assert c.post(url, data={"csrf_token": token, "doc_type": "memo"}).status_code == 400
    assert c.post("/documents/999999/type",
                  data={"csrf_token": token, "doc_type": "invoice"}).status_code == 404
    r = c.post(url, data={"csrf_token": token, "doc_type": "contract"}, follow_redirects=True)
    assert r.status_code == 200 and "Type set to contract" in r.text
    svc = ui_app.extensions["docproc"]
    with svc.db.reader() as s:
        doc = s.get(Document, ids["doc0"])
        assert doc.doc_type == "contract" and doc.doc_type_manual
        job = s.scalars(select(Job).where(Job.document_id == ids["doc0"])
                        .order_by(Job.id.desc())).first()
        assert job.state == "queued"
    page = c.get(f"/cases/{ids['case']}").text
    form = re.search(rf'action="/documents/{ids["doc0"]}/type">(.*?)</form>', page, re.S)
    assert form and re.search(r'<option value="contract" selected>', form.group(1))
    assert 'title="set by hand">manual</span>' in page
    assert f'data-job="{job.id}">queued</span>' in page
    with svc.db.session() as s:
        j = s.get(Job, job.id)
        j.state, j.stage, j.pages_done, j.pages_total = "running", "reading", 1, 3
    assert "running: reading page 2 of 3" in c.get(f"/cases/{ids['case']}").text
    audit = c.get(f"/cases/{ids['case']}/audit").text
    assert "document.type_set" in audit and "clerk1" in audit
    intake = c.get("/intake").text
    assert "&#34;bill_of_lading&#34;" in intake and "ui.js" in intake
