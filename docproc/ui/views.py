"""The UI blueprint: sign-in, case list, case page, findings, resolving, audit, intake, admin.

Views are thin like the API's: they read with the service's sessions and change state only
through ``docproc.service.cases`` / ``docproc.service.auth``, so an action taken here is the
same audited action as through the API. Roles are enforced here on the server; templates only
hide what a role cannot do.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from docproc.errors import DocprocError
from docproc.service import cases
from docproc.service.audit import record
from docproc.service.auth import authenticate, check_password, create_token, create_user
from docproc.service.models import ApiToken, AuditEvent, Case, Document, Finding, User, utcnow
from docproc.service.state import current_service
from docproc.ui import forms, queries

WEB = Path(__file__).resolve().parents[2] / "web"
bp = Blueprint("ui", __name__, template_folder=str(WEB / "templates"),
               static_folder=str(WEB / "static"), static_url_path="/ui/static")

F = TypeVar("F", bound=Callable[..., Any])
PUBLIC = {"ui.login", "ui.static"}


@bp.before_request
def _who() -> Any:
    """Attach the signed-in user (``g.principal``, read by the audit trail) or send to sign in."""
    with current_service().db.reader() as s:
        g.principal = authenticate(s)
    if g.principal is None and request.endpoint not in PUBLIC:
        return redirect(url_for("ui.login", next=request.full_path.rstrip("?")))
    return None


@bp.after_request
def _headers(resp: Any) -> Any:
    """Defence in depth next to autoescaping: no framing, no sniffing, scripts from self."""
    resp.headers.setdefault("X-Frame-Options", "DENY")
    resp.headers.setdefault("X-Content-Type-Options", "nosniff")
    resp.headers.setdefault("Referrer-Policy", "same-origin")
    resp.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; frame-ancestors 'none'; form-action 'self'")
    if request.endpoint != "ui.static":
        resp.headers.setdefault("Cache-Control", "no-store")
    return resp


@bp.app_context_processor
def _globals() -> dict[str, Any]:
    return {"principal": g.get("principal"), "logout_form": forms.ActionForm()}


@bp.app_template_filter("value")
def _value_filter(f: Any) -> str:
    """Show an extracted value: the canonical value, lists joined, None as a dash."""
    v = queries.field_value(f)
    if v is None or v == "":
        return "—"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, list):
        return ", ".join(str(x) for x in v)
    return str(v)


@bp.app_template_filter("when")
def _when(dt: Any) -> str:
    return dt.strftime("%Y-%m-%d %H:%M") if dt else "—"


@bp.app_template_filter("tojson_pretty")
def _pretty(v: Any) -> str:
    return json.dumps(v, indent=1, ensure_ascii=False, default=str) if v is not None else ""


def role_required(role: str) -> Callable[[F], F]:
    """Only users with at least ``role`` reach the view; others get a 403 page."""

    def deco(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not g.principal.can(role):
                abort(403, f"This needs the {role} role; you are signed in as a "
                           f"{g.principal.role}.")
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return deco


@bp.errorhandler(400)
@bp.errorhandler(403)
@bp.errorhandler(404)
def _http_error(exc: Any) -> Any:
    return render_template("error.html", status=exc.code, message=exc.description), exc.code


@bp.errorhandler(DocprocError)
def _docproc_error(exc: DocprocError) -> Any:
    return (render_template("error.html", status=exc.http_status, message=exc.message),
            exc.http_status)


def _safe_next(target: str | None) -> str:
    """Only same-site paths: a crafted ``next`` must not send the user elsewhere."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and "\\" not in target:
            return target
    return url_for("ui.case_list")


# -- sign in / out ----------------------------------------------------------------------------


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    """Session sign-in; the same message for unknown users and wrong passwords."""
    form = forms.LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        with current_service().db.reader() as s:
            user = check_password(s, form.name.data or "", form.password.data or "")
        if user is not None:
            from docproc.service.auth import login_session

            login_session(user)
            return redirect(_safe_next(form.next.data))
        flash("Wrong user name or password.", "error")
        return render_template("login.html", form=form), 401
    return render_template("login.html", form=form)


@bp.post("/logout")
def logout() -> Any:
    """Sign out (a POST with CSRF token, so a foreign page cannot sign people out)."""
    if forms.ActionForm().validate_on_submit():
        session.clear()
    return redirect(url_for("ui.login"))


# -- cases ------------------------------------------------------------------------------------


@bp.get("/")
@role_required("clerk")
def case_list() -> Any:
    """Cases with verdict, open findings by severity, filters, search, sort and pages."""
    query = queries.CaseQuery.from_args(request.args)
    with current_service().db.reader() as s:
        data = queries.list_cases(s, query)
        return render_template("cases.html", query=query, **data)


def _report(case_id: int) -> dict[str, Any]:
    with current_service().db.reader() as s:
        return cases.case_report(s, case_id)


def _group_findings(findings: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    order = {"error": 0, "warning": 1, "info": 2}
    groups: dict[str, list[dict[str, Any]]] = {}
    for f in sorted(findings, key=lambda f: (order.get(f["severity"], 9), f["status"] != "open")):
        groups.setdefault(f["severity"], []).append(f)
    return list(groups.items())


@bp.get("/cases/<int:case_id>")
@role_required("clerk")
def case_page(case_id: int) -> Any:
    """Documents with thumbnails, fields side by side, findings by severity."""
    report = _report(case_id)
    return render_template("case.html", case=report, rows=queries.field_rows(report["documents"]),
                           groups=_group_findings(report["findings"]),
                           correct_form=forms.CorrectFieldForm(),
                           type_form=forms.DocTypeForm())


@bp.get("/cases/<int:case_id>/report")
@role_required("clerk")
def case_print(case_id: int) -> Any:
    """The printable case report: verdict, findings, resolutions (print stylesheet)."""
    report = _report(case_id)
    with current_service().db.reader() as s:
        names = dict(s.execute(select(User.id, User.name)).all())  # type: ignore[arg-type]
    return render_template("report.html", case=report, groups=_group_findings(report["findings"]),
                           names=names)


def _panels(report: dict[str, Any], finding: dict[str, Any]) -> list[dict[str, Any]]:
    """One panel per (document, page) the evidence points at, with its boxes."""
    docs = report["documents"]
    panels: dict[tuple[int, int], dict[str, Any]] = {}
    for ev in finding.get("evidence") or []:
        idx = ev.get("document_index")
        if not isinstance(idx, int) or not 0 <= idx < len(docs):
            continue
        doc = docs[idx]
        page = ev.get("page") or 1
        if not doc.get("page_count"):
            continue
        key = (doc["id"], page)
        panel = panels.setdefault(key, {"doc": doc, "page": page, "boxes": []})
        bbox = ev.get("bbox")
        if isinstance(bbox, list) and len(bbox) == 4:
            x0, y0, x1, y1 = (float(v) for v in bbox)
            panel["boxes"].append({"left": x0 * 100, "top": y0 * 100,
                                   "width": max(x1 - x0, 0.002) * 100,
                                   "height": max(y1 - y0, 0.002) * 100,
                                   "bbox": bbox, "field": ev.get("field"),
                                   "value": ev.get("value")})
    return list(panels.values())


def _finding_in(report: dict[str, Any], finding_id: int) -> dict[str, Any]:
    finding = next((f for f in report["findings"] if f["id"] == finding_id), None)
    if finding is None:
        abort(404, f"Case {report['id']} has no finding {finding_id}.")
    return finding


@bp.get("/cases/<int:case_id>/findings/<int:finding_id>")
@role_required("clerk")
def finding_page(case_id: int, finding_id: int) -> Any:
    """The involved pages side by side with the evidence boxes, and the resolve actions."""
    report = _report(case_id)
    finding = _finding_in(report, finding_id)
    with current_service().db.reader() as s:
        names = dict(s.execute(select(User.id, User.name)).all())  # type: ignore[arg-type]
    return render_template("finding.html", case=report, finding=finding,
                           panels=_panels(report, finding), form=forms.ResolveForm(),
                           reopen_form=forms.ActionForm(), names=names)


def _parse_value(text: str | None) -> Any:
    """Form text to a JSON value: numbers and booleans as such, anything else as a string."""
    text = (text or "").strip()
    try:
        value = json.loads(text)
    except ValueError:
        return text
    return value if isinstance(value, (int, float, bool)) else text


def _finding_case(finding_id: int) -> int:
    with current_service().db.reader() as s:
        case_id = s.scalar(select(Finding.case_id).where(Finding.id == finding_id))
    if case_id is None:
        abort(404, f"Finding {finding_id} does not exist.")
    return int(case_id)


@bp.post("/findings/<int:finding_id>/resolve")
@role_required("reviewer")
def resolve(finding_id: int) -> Any:
    """Accept / correct / waive through ``cases.resolve_finding`` (and ``correct_field``)."""
    case_id = _finding_case(finding_id)
    form = forms.ResolveForm()
    back = url_for("ui.finding_page", case_id=case_id, finding_id=finding_id)
    if not form.validate_on_submit():
        flash("; ".join(f"{k}: {', '.join(v)}" for k, v in form.errors.items()), "error")
        return redirect(back)
    svc = current_service()
    action = form.action.data
    value = _parse_value(form.value.data) if form.value.data else None
    try:
        cases.resolve_finding(svc, finding_id, action, form.comment.data or None, value,
                              g.principal.user_id)
        if action == "correct" and form.document_id.data and form.path.data:
            cases.correct_field(svc, form.document_id.data, form.path.data, value)
    except DocprocError as exc:
        flash(exc.message, "error")
        return redirect(back)
    flash(f"Finding {action}ed." if action != "waive" else "Finding waived.", "ok")
    return redirect(url_for("ui.case_page", case_id=case_id))


@bp.post("/findings/<int:finding_id>/reopen")
@role_required("reviewer")
def reopen(finding_id: int) -> Any:
    """Withdraw a resolution (``cases.reopen_finding``)."""
    case_id = _finding_case(finding_id)
    if forms.ActionForm().validate_on_submit():
        cases.reopen_finding(current_service(), finding_id)
        flash("Finding reopened.", "ok")
    return redirect(url_for("ui.finding_page", case_id=case_id, finding_id=finding_id))


@bp.post("/correct")
@role_required("reviewer")
def correct() -> Any:
    """Correct a misread field (``cases.correct_field``); the case is re-checked at once."""
    form = forms.CorrectFieldForm()
    if not form.validate_on_submit():
        abort(400, "; ".join(f"{k}: {', '.join(v)}" for k, v in form.errors.items()))
    document_id = int(form.document_id.data or 0)
    with current_service().db.reader() as s:
        case_id = s.scalar(select(Document.case_id).where(Document.id == document_id))
    if case_id is None:
        abort(404, f"Document {document_id} does not exist.")
    try:
        cases.correct_field(current_service(), document_id, form.path.data or "",
                            _parse_value(form.value.data))
        flash(f"{form.path.data} corrected; the case was re-checked.", "ok")
    except DocprocError as exc:
        flash(exc.message, "error")
    return redirect(url_for("ui.case_page", case_id=case_id) + "#fields")


@bp.post("/documents/<int:document_id>/type")
@role_required("clerk")
def set_doc_type(document_id: int) -> Any:
    """Set a document's type by hand (``cases.set_doc_type``): re-extracted, then re-checked."""
    form = forms.DocTypeForm()
    if not form.validate_on_submit():
        abort(400, "; ".join(f"{k}: {', '.join(v)}" for k, v in form.errors.items()))
    with current_service().db.reader() as s:
        case_id = s.scalar(select(Document.case_id).where(Document.id == document_id))
    if case_id is None:
        abort(404, f"Document {document_id} does not exist.")
    try:
        out = cases.set_doc_type(current_service(), document_id, form.doc_type.data)
        if not out["changed"]:
            flash(f"The document type is already {form.doc_type.data}.", "ok")
        elif out["reprocessing"]:
            flash(f"Type set to {form.doc_type.data}; its fields are being read again and the "
                  "case will be re-checked.", "ok")
        else:
            flash(f"Type {form.doc_type.data} confirmed.", "ok")
    except DocprocError as exc:
        flash(exc.message, "error")
    return redirect(url_for("ui.case_page", case_id=case_id))


@bp.get("/cases/<int:case_id>/audit")
@role_required("clerk")
def audit(case_id: int) -> Any:
    """Who did what, when, before and after, oldest first."""
    with current_service().db.reader() as s:
        case = s.get(Case, case_id)
        if case is None:
            abort(404, f"Case {case_id} does not exist.")
        events = list(s.scalars(select(AuditEvent).where(AuditEvent.case_id == case_id)
                                .order_by(AuditEvent.id)))
        return render_template("audit.html", case=case, events=events)


# -- intake -----------------------------------------------------------------------------------


@bp.get("/intake")
@role_required("clerk")
def intake() -> Any:
    """Drag-and-drop upload; the page's script talks to the JSON API with the session."""
    case_id = request.args.get("case", type=int)
    target = None
    if case_id:
        with current_service().db.reader() as s:
            target = s.get(Case, case_id)
            if target is None:
                abort(404, f"Case {case_id} does not exist.")
            target = cases.case_summary(target)
    return render_template("intake.html", target=target, form=forms.NewCaseForm(),
                           doc_types=forms.DOC_TYPES)


# -- admin ------------------------------------------------------------------------------------


@bp.route("/admin/users", methods=["GET", "POST"])
@role_required("admin")
def admin_users() -> Any:
    """List and create users; deactivate and reactivate them."""
    form = forms.UserForm()
    svc = current_service()
    if form.validate_on_submit():
        try:
            with svc.db.session() as s:
                user = create_user(s, form.name.data or "", form.role.data or "",
                                   form.password.data)
                record(s, "user.created", entity="user", entity_id=user.id,
                       after={"name": user.name, "role": user.role})
            flash(f"User {form.name.data} created.", "ok")
            return redirect(url_for("ui.admin_users"))
        except DocprocError as exc:
            flash(exc.message, "error")
    with svc.db.reader() as s:
        users = list(s.scalars(select(User).order_by(User.id)))
        return render_template("admin/users.html", users=users, form=form,
                               action_form=forms.ActionForm())


@bp.post("/admin/users/<int:user_id>/active")
@role_required("admin")
def admin_user_active(user_id: int) -> Any:
    """Toggle a user's access (never one's own, so an admin cannot lock everyone out)."""
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    if user_id == g.principal.user_id:
        flash("You cannot deactivate yourself.", "error")
        return redirect(url_for("ui.admin_users"))
    with current_service().db.session() as s:
        user = s.get(User, user_id)
        if user is None:
            abort(404)
        before = user.active
        user.active = not user.active
        record(s, "user.activated" if user.active else "user.deactivated", entity="user",
               entity_id=user.id, before={"active": before}, after={"active": user.active})
    return redirect(url_for("ui.admin_users"))


@bp.route("/admin/tokens", methods=["GET", "POST"])
@role_required("admin")
def admin_tokens() -> Any:
    """List, issue and revoke API tokens; a new token is shown once."""
    svc = current_service()
    with svc.db.reader() as s:
        names = [u.name for u in s.scalars(select(User).where(User.active.is_(True))
                                           .order_by(User.name))]
    form = forms.TokenForm()
    form.user.choices = names
    new_token = None
    if form.validate_on_submit():
        try:
            with svc.db.session() as s:
                row, new_token = create_token(s, form.user.data or "")
                record(s, "token.created", entity="token", entity_id=row.id,
                       after={"user": form.user.data, "prefix": row.prefix})
        except DocprocError as exc:
            flash(exc.message, "error")
    with svc.db.reader() as s:
        tokens = list(s.scalars(select(ApiToken).options(selectinload(ApiToken.user))
                                .order_by(ApiToken.id.desc())))
        return render_template("admin/tokens.html", tokens=tokens, form=form,
                               new_token=new_token, action_form=forms.ActionForm())


@bp.post("/admin/tokens/<int:token_id>/revoke")
@role_required("admin")
def admin_token_revoke(token_id: int) -> Any:
    """Revoke a token at once (audited)."""
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    with current_service().db.session() as s:
        token = s.get(ApiToken, token_id)
        if token is None:
            abort(404)
        if token.revoked_at is None:
            token.revoked_at = utcnow()
            record(s, "token.revoked", entity="token", entity_id=token.id,
                   after={"prefix": token.prefix})
    flash("Token revoked.", "ok")
    return redirect(url_for("ui.admin_tokens"))
