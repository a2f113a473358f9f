"""The REST API blueprint (``/api``), as CLI.md lists it and ``/api/openapi.json`` describes.

Views are thin: they authenticate (bearer token or UI session), parse the request, call the
case operations of :mod:`docproc.service.cases` and shape JSON. Expected failures are raised
as :class:`docproc.errors.DocprocError` subclasses and turned into
``{"error": {"code", "message"}}`` by the app's one error handler.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from flask import Blueprint, Response, g, jsonify, make_response, request
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from docproc.errors import UsageError
from docproc.service import cases, ratelimit
from docproc.service.audit import record
from docproc.service.auth import (
    authenticate,
    create_token,
    create_user,
    current_principal,
    require,
    touch_token,
)
from docproc.service.errors import ConflictError, NotFoundError, UnauthorizedError
from docproc.service.models import (
    AuditEvent,
    Document,
    IdempotencyKey,
    Job,
    Page,
    User,
    utcnow,
)
from docproc.service.openapi import spec
from docproc.service.pages import resize
from docproc.service.refdata_api import bp as reference_bp
from docproc.service.state import current_service

bp = Blueprint("api", __name__, url_prefix="/api")
bp.register_blueprint(reference_bp)  # /api/reference: admin edits of reference data

PUBLIC_ENDPOINTS = {"api.health", "api.openapi"}
TOUCH_EVERY = timedelta(minutes=1)  # last_used_at of a token: precise enough, few writes


@bp.before_request
def _authenticate() -> None:
    """Every API call but health and the OpenAPI document needs a caller; count it."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return
    svc = current_service()
    with svc.db.reader() as s:
        principal = authenticate(s)
    if principal is None:
        raise UnauthorizedError("authentication required: send 'Authorization: Bearer TOKEN'")
    g.principal = principal
    key = f"t{principal.token_id}" if principal.token_id else f"u{principal.user_id}"
    g.rate = ratelimit.hit(svc, key)
    last = g.get("token_last_used")
    if principal.token_id is not None and (last is None or utcnow() - last > TOUCH_EVERY):
        with svc.db.session() as s:
            touch_token(s, principal)


@bp.after_request
def _rate_headers(resp: Response) -> Response:
    rate = g.get("rate")
    if rate and rate[0]:
        resp.headers["X-RateLimit-Limit"] = str(rate[0])
        resp.headers["X-RateLimit-Remaining"] = str(max(0, rate[1]))
    return resp


def _json_body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if body is None:
        if request.get_data(cache=True):
            raise UsageError("request body must be JSON")
        return {}
    if not isinstance(body, dict):
        raise UsageError("request body must be a JSON object")
    return body


def _id(value: int, name: str) -> int:
    if value > 2**31 - 1:
        raise NotFoundError(f"{name} {value} does not exist")
    return value


def idempotent(view: Callable[..., Any]) -> Callable[..., Any]:
    """Replay the stored response when a write is retried with the same Idempotency-Key."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        key = request.headers.get("Idempotency-Key")
        if not key:
            return view(*args, **kwargs)
        if len(key) > 200:
            raise UsageError("Idempotency-Key must be at most 200 characters")
        principal = current_principal()
        svc = current_service()
        with svc.db.reader() as s:
            row = s.scalar(select(IdempotencyKey).where(
                IdempotencyKey.user_id == principal.user_id, IdempotencyKey.key == key))
        if row is not None:
            if row.method != request.method or row.path != request.path:
                raise ConflictError("this Idempotency-Key was used for a different request")
            resp = make_response(jsonify(row.response), row.status_code)
            resp.headers["Idempotent-Replayed"] = "true"
            return resp
        resp = make_response(view(*args, **kwargs))
        if resp.status_code < 500 and resp.is_json:
            try:
                with svc.db.session() as s:
                    s.add(IdempotencyKey(user_id=principal.user_id, key=key,
                                         method=request.method, path=request.path,
                                         status_code=resp.status_code,
                                         response=resp.get_json()))
            except IntegrityError:
                pass  # a concurrent retry stored it first; both did the same thing
        return resp

    return wrapper


def _uploads() -> list[cases.Upload]:
    files = request.files.getlist("file")
    if not files:
        raise UsageError("no files: send one or more multipart parts named 'file'")
    max_files = current_service().cfg_int("MAX_FILES")
    if len(files) > max_files:
        from docproc.errors import TooLargeError

        raise TooLargeError(f"{len(files)} files in one request, the limit is {max_files}")
    return [cases.Upload(f.filename or "upload", f.read()) for f in files]


def _source() -> str:
    return "api" if current_principal().token_id is not None else "upload"


# -- endpoints -------------------------------------------------------------------------------


@bp.get("/health")
def health() -> Any:
    """Liveness and database reachability, without authentication."""
    from sqlalchemy import text

    with current_service().db.reader() as s:
        s.execute(text("SELECT 1"))
    return {"status": "ok"}


@bp.get("/openapi.json")
def openapi() -> Any:
    """The OpenAPI 3 description of this API."""
    return spec()


@bp.post("/cases")
@require("clerk")
@idempotent
def create_case() -> Any:
    """Create an empty case."""
    body = _json_body()
    svc = current_service()
    with svc.db.session() as s:
        case = cases.create_case(s, reference=body.get("reference"), source=_source(),
                                 user_id=current_principal().user_id)
        out = cases.case_summary(case)
    return out, 201


@bp.get("/cases")
@require("clerk")
def list_cases() -> Any:
    """A page of cases with filters."""
    with current_service().db.reader() as s:
        return cases.list_cases(s, request.args.to_dict())


@bp.get("/cases/<int:case_id>")
@require("clerk")
def get_case(case_id: int) -> Any:
    """The case report with ids."""
    with current_service().db.reader() as s:
        return cases.case_report(s, _id(case_id, "case"))


@bp.post("/cases/<int:case_id>/documents")
@require("clerk")
@idempotent
def upload_documents(case_id: int) -> Any:
    """Add files to a case; processing runs in the background."""
    jobs = cases.add_documents(current_service(), _id(case_id, "case"), _uploads(),
                               source=_source())
    return {"case_id": case_id, "jobs": jobs}, 202


@bp.post("/intake")
@require("clerk")
@idempotent
def intake() -> Any:
    """Take loose files; after processing they are grouped into cases by their references."""
    case_id, jobs = cases.intake(current_service(), _uploads(), source=_source(),
                                 user_id=current_principal().user_id)
    return {"intake_case_id": case_id, "jobs": jobs}, 202


@bp.get("/jobs/<int:job_id>")
@require("clerk")
def get_job(job_id: int) -> Any:
    """The state of one processing job."""
    with current_service().db.reader() as s:
        job = s.get(Job, _id(job_id, "job"))
        if job is None:
            raise NotFoundError(f"job {job_id} does not exist")
        return cases.job_json(job)


@bp.get("/documents/<int:document_id>")
@require("clerk")
def get_document(document_id: int) -> Any:
    """One document with its extracted fields and page list."""
    with current_service().db.reader() as s:
        doc = s.get(Document, _id(document_id, "document"))
        if doc is None:
            raise NotFoundError(f"document {document_id} does not exist")
        job = s.scalar(select(Job).where(Job.document_id == doc.id).order_by(Job.id.desc()))
        out = cases.document_json(doc, job)
        out["case_id"] = doc.case_id
        out["pages"] = [{"number": p.number, "width": p.width, "height": p.height,
                         "media_type": p.media_type} for p in doc.pages]
        return out


@bp.patch("/documents/<int:document_id>")
@require("clerk")
def patch_document(document_id: int) -> Any:
    """Set the document type by hand (clerks do intake); the fields are extracted again."""
    body = _json_body()
    if "doc_type" not in body:
        raise UsageError("body must be {\"doc_type\": ...}")
    out = cases.set_doc_type(current_service(), _id(document_id, "document"), body["doc_type"])
    return out, 202 if out["reprocessing"] else 200


@bp.get("/documents/<int:document_id>/pages/<int:number>")
@require("clerk")
def page_image(document_id: int, number: int) -> Any:
    """A page image, optionally scaled down to ``width`` pixels; cacheable by ETag."""
    width = request.args.get("width")
    if width is not None:
        if not width.isdigit() or not 16 <= int(width) <= 4000:
            raise UsageError("width must be an integer from 16 to 4000")
    svc = current_service()
    with svc.db.reader() as s:
        page = s.scalar(select(Page).where(Page.document_id == _id(document_id, "document"),
                                           Page.number == _id(number, "page")))
        if page is None:
            raise NotFoundError(f"document {document_id} has no page {number}")
        sha, media_type, full_width = page.image_sha256, page.media_type, page.width
    w = min(int(width), full_width) if width else full_width
    etag = f"{sha[:40]}-{w}"
    if request.if_none_match.contains(etag):
        resp = Response(status=304)
    else:
        if w == full_width:
            data = svc.store.get(sha)
        else:
            key = f"{sha}:w{w}"
            cached = svc.store.derived_path(key)
            if cached.is_file():
                data = cached.read_bytes()
            else:
                data = resize(svc.store.get(sha), media_type, w)
                svc.store.put_derived(key, data)
        resp = Response(data, mimetype=media_type)
    resp.set_etag(etag)
    resp.cache_control.private = True
    resp.cache_control.max_age = 86400
    return resp


@bp.patch("/documents/<int:document_id>/fields")
@require("reviewer")
def patch_field(document_id: int) -> Any:
    """Correct one field by hand; the case is re-checked."""
    body = _json_body()
    if "path" not in body or "value" not in body:
        raise UsageError("body must be {\"path\": ..., \"value\": ...}")
    return cases.correct_field(current_service(), _id(document_id, "document"), body["path"],
                               body["value"])


@bp.post("/findings/<int:finding_id>/resolution")
@require("reviewer")
def resolve(finding_id: int) -> Any:
    """Accept, correct or waive (with a comment) a finding."""
    body = _json_body()
    svc = current_service()
    out = cases.resolve_finding(svc, _id(finding_id, "finding"), body.get("action"),
                                body.get("comment"), body.get("value"),
                                current_principal().user_id)
    if body.get("action") == "correct" and "path" in body and "document_id" in body:
        if not isinstance(body["document_id"], int):
            raise UsageError("document_id must be an integer")
        out["correction"] = cases.correct_field(svc, _id(body["document_id"], "document"),
                                                body["path"], body.get("value"))
    return out


@bp.delete("/findings/<int:finding_id>/resolution")
@require("reviewer")
def reopen(finding_id: int) -> Any:
    """Withdraw a resolution: the finding is open again."""
    return cases.reopen_finding(current_service(), _id(finding_id, "finding"))


@bp.get("/cases/<int:case_id>/audit")
@require("clerk")
def audit_trail(case_id: int) -> Any:
    """Every recorded change of a case, oldest first."""
    from docproc.service.models import Case

    with current_service().db.reader() as s:
        if s.get(Case, _id(case_id, "case")) is None:
            raise NotFoundError(f"case {case_id} does not exist")
        events = s.scalars(select(AuditEvent).where(AuditEvent.case_id == case_id)
                           .order_by(AuditEvent.id))
        return {"case_id": case_id, "events": [
            {"id": e.id, "at": e.at.isoformat(), "actor": e.actor, "user_id": e.user_id,
             "action": e.action, "entity": e.entity, "entity_id": e.entity_id,
             "before": e.before, "after": e.after} for e in events]}


@bp.get("/users")
@require("admin")
def list_users() -> Any:
    """All users and their roles."""
    with current_service().db.reader() as s:
        return {"users": [{"id": u.id, "name": u.name, "role": u.role, "active": u.active}
                          for u in s.scalars(select(User).order_by(User.id))]}


@bp.post("/users")
@require("admin")
def add_user() -> Any:
    """Create a user (admin only)."""
    body = _json_body()
    name, role, password = body.get("name"), body.get("role"), body.get("password")
    if not isinstance(name, str) or not isinstance(role, str):
        raise UsageError("body must have string 'name' and 'role'")
    if password is not None and not isinstance(password, str):
        raise UsageError("password must be a string")
    with current_service().db.session() as s:
        user = create_user(s, name, role, password)
        record(s, "user.created", entity="user", entity_id=user.id,
               after={"name": user.name, "role": user.role})
        return {"id": user.id, "name": user.name, "role": user.role, "active": True}, 201


@bp.post("/tokens")
@require("admin")
def add_token() -> Any:
    """Issue an API token for a user (admin only); the token is shown only in this response."""
    body = _json_body()
    if not isinstance(body.get("user"), str):
        raise UsageError("body must have a string 'user'")
    with current_service().db.session() as s:
        row, token = create_token(s, body["user"])
        record(s, "token.created", entity="token", entity_id=row.id,
               after={"user": body["user"], "prefix": row.prefix})
        return {"id": row.id, "user": body["user"], "token": token}, 201


@bp.get("/intake/status")
@require("admin")
def intake_status() -> Any:
    """Mail intake: its configuration (no secrets), the last poll and recent failures."""
    from docproc.intake.schedule import intake_status as status

    return status(current_service())
