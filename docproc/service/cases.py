"""Case operations shared by the API, the review UI and the mail/folder intake.

Intake is two-phase so that nothing is acknowledged before it is safe: every file is checked
(limits, media type from the bytes) and written durably to the file store first, then one
transaction creates the documents and their queued jobs, and only after the commit are the
jobs handed to the executor. A file already in the case (same SHA-256) is the same document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import g, has_request_context
from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from docproc.errors import TooLargeError, UsageError
from docproc.ingest import Ingested, ingest
from docproc.service.audit import SYSTEM, record
from docproc.service.errors import NotFoundError
from docproc.service.jobs import (
    bump_revision,
    recheck_case,
    replace_fields,
    search_key,
    verdict_of,
)
from docproc.service.models import (
    CASE_STATUSES,
    DOC_TYPES,
    RESOLUTION_ACTIONS,
    SOURCES,
    VERDICTS,
    Case,
    Document,
    Field,
    Finding,
    Job,
    Resolution,
    utcnow,
)
from docproc.service.state import Service


@dataclass(frozen=True, slots=True)
class Upload:
    """One incoming file, whatever the channel (API part, mail attachment, folder file)."""

    filename: str
    data: bytes


def case_summary(case: Case) -> dict[str, Any]:
    """The short form of a case used in lists and creation responses."""
    return {
        "id": case.id,
        "reference": case.reference,
        "status": case.status,
        "verdict": case.verdict,
        "source": case.source,
        "received_at": case.received_at.isoformat(),
        "sender": case.sender,
        "subject": case.subject,
        "message_id": case.message_id,
    }


def create_case(
    s: Session,
    *,
    reference: str | None = None,
    source: str = "api",
    user_id: int | None = None,
    sender: str | None = None,
    subject: str | None = None,
    message_id: str | None = None,
    received_at: datetime | None = None,
    intake: bool = False,
) -> Case:
    """Add an empty case (audited)."""
    if source not in SOURCES:
        raise UsageError(f"source must be one of {', '.join(SOURCES)}")
    if reference is not None and (not isinstance(reference, str) or len(reference) > 200):
        raise UsageError("reference must be a string of at most 200 characters")
    case = Case(
        reference=reference or None, source=source, created_by=user_id, sender=sender,
        subject=subject, message_id=message_id, received_at=received_at or utcnow(),
        status="new", intake=intake,
    )
    s.add(case)
    s.flush()
    record(s, "case.created", case_id=case.id, entity="case", entity_id=case.id,
           after=case_summary(case))
    return case


def check_uploads(svc: Service, uploads: list[Upload]) -> list[Ingested]:
    """Validate every file before anything is stored: count, size, media type from the bytes."""
    if not uploads:
        raise UsageError("no files: send one or more multipart parts named 'file'")
    max_files = svc.cfg_int("MAX_FILES")
    if len(uploads) > max_files:
        raise TooLargeError(f"{len(uploads)} files in one request, the limit is {max_files}")
    return [ingest(u.data, u.filename or "upload", svc.settings) for u in uploads]


def add_documents(
    svc: Service, case_id: int, uploads: list[Upload], *, source: str
) -> list[dict[str, Any]]:
    """Store files durably, add them to a case with queued jobs, then dispatch the jobs."""
    files = check_uploads(svc, uploads)
    for f in files:
        svc.store.put(f.data, sha256=f.sha256)  # durable before the request is acknowledged
    for attempt in range(3):
        try:
            jobs, new_ids = _add_rows(svc, case_id, files, source)
            break
        except IntegrityError:  # a concurrent upload of the same file won the race
            if attempt == 2:
                raise
    if new_ids and svc.dispatcher is not None:
        svc.dispatcher.submit(new_ids)
    return jobs


# The statements of an upload, built once: constructing and cache-keying SQLAlchemy
# statements per request cost more CPU than running them (and, on SQLite, under the lock).
_CASES, _DOCUMENTS, _JOBS = Case.__table__, Document.__table__, Job.__table__
_LOCK_CASE = select(_CASES.c.id).where(_CASES.c.id == bindparam("case_id")).with_for_update()
_EXISTING = (
    select(_DOCUMENTS.c.id, _DOCUMENTS.c.sha256, _JOBS.c.id, _JOBS.c.state)
    .outerjoin(_JOBS, _JOBS.c.document_id == _DOCUMENTS.c.id)
    .where(_DOCUMENTS.c.case_id == bindparam("case_id"),
           _DOCUMENTS.c.sha256.in_(bindparam("shas", expanding=True)))
    .order_by(_JOBS.c.id)
)
_MAX_POSITION = select(func.coalesce(func.max(_DOCUMENTS.c.position), -1)).where(
    _DOCUMENTS.c.case_id == bindparam("case_id"))
_INSERT_DOCUMENT = insert(_DOCUMENTS).returning(_DOCUMENTS.c.id)
_INSERT_JOB = insert(_JOBS).returning(_JOBS.c.id)
# What jobs.bump_revision does, plus the status, in one statement.
_CASE_PROCESSING = (
    update(_CASES).where(_CASES.c.id == bindparam("case_id"))
    .values(status="processing", revision=_CASES.c.revision + 1)
)


def _add_rows(
    svc: Service, case_id: int, files: list[Ingested], source: str
) -> tuple[list[dict[str, Any]], list[int]]:
    """Add the rows in a group commit (SQLite: one fsync for the uploads arriving together)."""
    # The work may run in another request's thread: name the caller for the audit here.
    principal = g.get("principal") if has_request_context() else None
    actor, user_id = (principal.name, principal.user_id) if principal else (SYSTEM, None)
    return svc.db.group_write(
        lambda s: _insert_rows(s, case_id, files, source, actor, user_id))


def _insert_rows(
    s: Session, case_id: int, files: list[Ingested], source: str, actor: str,
    user_id: int | None,
) -> tuple[list[dict[str, Any]], list[int]]:
    """Prepared Core statements, few and cheap: on SQLite they run under the write lock.

    The case row is locked first (``FOR UPDATE`` on PostgreSQL; SQLite's ``BEGIN IMMEDIATE``
    already serialises writers), so concurrent uploads to one case get distinct positions.
    """
    jobs: list[dict[str, Any]] = []
    new_ids: list[int] = []
    shas = list(dict.fromkeys(f.sha256 for f in files))
    conn = s.connection()
    if conn.execute(_LOCK_CASE, {"case_id": case_id}).scalar() is None:
        raise NotFoundError(f"case {case_id} does not exist")
    existing: dict[str, dict[str, Any]] = {}
    for doc_id, sha, job_id, state in conn.execute(
            _EXISTING, {"case_id": case_id, "shas": shas}):
        # Ordered by job id: the last row of a document is its newest job.
        existing[sha] = {"id": job_id, "document_id": doc_id, "case_id": case_id,
                         "state": state, "duplicate": True}
    position: int | None = None
    seen: dict[str, dict[str, Any]] = {}
    for f in files:
        if f.sha256 in seen:
            jobs.append({**seen[f.sha256], "duplicate": True})
            continue
        entry = existing.get(f.sha256)
        if entry is None:
            if position is None:
                position = int(conn.execute(_MAX_POSITION, {"case_id": case_id}).scalar_one())
            position += 1
            doc_id = conn.execute(_INSERT_DOCUMENT, {
                "case_id": case_id, "sha256": f.sha256, "filename": f.filename,
                "media_type": f.media_type, "size": len(f.data), "source": source,
                "position": position}).scalar_one()
            job_id = conn.execute(_INSERT_JOB, {
                "document_id": doc_id, "case_id": case_id, "state": "queued"}).scalar_one()
            new_ids.append(job_id)
            record(s, "document.added", case_id=case_id, entity="document",
                   entity_id=doc_id, after={"filename": f.filename, "sha256": f.sha256,
                                            "media_type": f.media_type, "source": source,
                                            "job": job_id}, actor=actor, user_id=user_id)
            entry = {"id": job_id, "document_id": doc_id, "case_id": case_id,
                     "state": "queued", "duplicate": False}
        seen[f.sha256] = entry
        jobs.append(entry)
    if new_ids:
        conn.execute(_CASE_PROCESSING, {"case_id": case_id})
    return jobs, new_ids


def intake(
    svc: Service, uploads: list[Upload], *, source: str, user_id: int | None = None,
    sender: str | None = None, subject: str | None = None, message_id: str | None = None,
) -> tuple[int, list[dict[str, Any]]]:
    """Take loose files as one batch; once processed they are grouped into cases."""
    check_uploads(svc, uploads)  # fail before creating anything
    with svc.db.session() as s:
        case = create_case(s, source=source, user_id=user_id, sender=sender, subject=subject,
                           message_id=message_id, intake=True)
        case_id = case.id
    return case_id, add_documents(svc, case_id, uploads, source=source)


# -- reading ---------------------------------------------------------------------------------


def job_json(job: Job) -> dict[str, Any]:
    """A job as the API shows it."""
    out: dict[str, Any] = {"id": job.id, "state": job.state, "document_id": job.document_id,
                           "case_id": job.case_id, "attempts": job.attempts,
                           "stage": job.stage, "pages_done": job.pages_done,
                           "pages_total": job.pages_total}
    if job.error:
        out["error"] = job.error
    return out


def _resolution_json(r: Resolution) -> dict[str, Any]:
    return {"id": r.id, "action": r.action, "comment": r.comment, "value": r.value,
            "user_id": r.user_id, "created_at": r.created_at.isoformat()}


def finding_json(f: Finding) -> dict[str, Any]:
    """A finding in the RULES.md form plus its id, status and current resolution."""
    current = next((r for r in reversed(f.resolutions) if r.reopened_at is None), None)
    return {"id": f.id, "rule": f.rule, "severity": f.severity, "message": f.message,
            "evidence": f.evidence, "ocr_suspect": f.ocr_suspect, "status": f.status,
            "resolution": _resolution_json(current) if current else None}


def document_json(doc: Document, job: Job | None) -> dict[str, Any]:
    """The extracted document (FIELDS.md) plus its id, intake data and processing state."""
    base: dict[str, Any] = dict(doc.extracted) if doc.extracted else {
        "doc_type": None,
        "source": {"filename": doc.filename, "sha256": doc.sha256, "media_type": doc.media_type},
        "fields": {},
        "line_items": [],
        "warnings": [],
    }
    base["id"] = doc.id
    base["filename"] = doc.filename
    base["intake_source"] = doc.source
    base["page_count"] = len(doc.pages)
    base["doc_type_manual"] = bool(doc.doc_type_manual)
    base["job"] = job_json(job) if job else None
    return base


def case_report(s: Session, case_id: int) -> dict[str, Any]:
    """The case report of CLI.md for one stored case, with ids for documents and findings."""
    case = s.scalar(
        select(Case)
        .where(Case.id == case_id)
        .options(
            selectinload(Case.documents).selectinload(Document.pages),
            selectinload(Case.findings).selectinload(Finding.resolutions),
        )
    )
    if case is None:
        raise NotFoundError(f"case {case_id} does not exist")
    jobs: dict[int, Job] = {}
    for job in s.scalars(select(Job).where(Job.case_id == case_id).order_by(Job.id)):
        jobs[job.document_id] = job
    findings = [finding_json(f) for f in case.findings]
    summary = {"error": 0, "warning": 0, "info": 0}
    open_summary = dict(summary)
    for f in case.findings:
        summary[f.severity] = summary.get(f.severity, 0) + 1
        if f.status == "open":
            open_summary[f.severity] = open_summary.get(f.severity, 0) + 1
    return {
        "schema_version": 1,
        **case_summary(case),
        "as_of": case.as_of,
        "checked_at": case.checked_at.isoformat() if case.checked_at else None,
        "documents": [document_json(d, jobs.get(d.id)) for d in case.documents],
        "findings": findings,
        "summary": summary,
        "open": open_summary,
    }


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T.*)?$")


def _parse_when(value: str, name: str, *, end: bool = False) -> datetime:
    if not _DATE.match(value):
        raise UsageError(f"{name} must be an ISO date (YYYY-MM-DD) or date-time")
    try:
        dt = datetime.fromisoformat(value)
    except ValueError as exc:
        raise UsageError(f"{name}: {exc}") from exc
    if end and len(value) == 10:
        dt = dt.replace(hour=23, minute=59, second=59, microsecond=999999)
    if dt.tzinfo is None:
        from datetime import UTC

        dt = dt.replace(tzinfo=UTC)
    return dt


def list_cases(s: Session, args: dict[str, str]) -> dict[str, Any]:
    """A page of cases, newest first, filtered by verdict, status, q and received date."""
    conds = [Case.intake.is_(False)]
    verdict = args.get("verdict")
    if verdict:
        if verdict not in VERDICTS:
            raise UsageError(f"verdict must be one of {', '.join(VERDICTS)}")
        conds.append(Case.verdict == verdict)
    status = args.get("status")
    if status:
        if status not in (*CASE_STATUSES, "error"):
            raise UsageError(f"status must be one of {', '.join(CASE_STATUSES)}, error")
        conds.append(Case.status == status)
    q = (args.get("q") or "").strip()
    if q:
        key = search_key(q) or ""
        # Uncorrelated: the index on fields.value_text finds the few matching documents once.
        matching = (
            select(Document.case_id)
            .join(Field, Field.document_id == Document.id)
            .where(Field.value_text == key)
        )
        ids = set(s.scalars(matching)) | set(s.scalars(
            select(Case.id).where(Case.reference.in_({q, q.upper(), q.lower()}))))
        conds.append(Case.id.in_(sorted(ids)))
    if args.get("received_from"):
        conds.append(Case.received_at >= _parse_when(args["received_from"], "received_from"))
    if args.get("received_to"):
        conds.append(Case.received_at <= _parse_when(args["received_to"], "received_to",
                                                     end=True))
    try:
        limit = int(args.get("limit", 50))
        offset = int(args.get("offset", 0))
        if "page" in args:
            offset = (int(args["page"]) - 1) * limit
    except ValueError as exc:
        raise UsageError("limit, offset and page must be integers") from exc
    if not 1 <= limit <= 500 or offset < 0:
        raise UsageError("limit must be 1..500 and offset (or page) not negative")
    total = s.scalar(select(func.count(Case.id)).where(*conds)) or 0
    rows = list(
        s.scalars(
            select(Case).where(*conds).order_by(Case.received_at.desc(), Case.id.desc())
            .limit(limit).offset(offset)
        )
    )
    ids = [c.id for c in rows]
    doc_counts: dict[int, int] = {}
    open_counts: dict[int, int] = {}
    if ids:
        doc_counts = dict(s.execute(  # type: ignore[arg-type]
            select(Document.case_id, func.count(Document.id))
            .where(Document.case_id.in_(ids)).group_by(Document.case_id)).all())
        open_counts = dict(s.execute(  # type: ignore[arg-type]
            select(Finding.case_id, func.count(Finding.id))
            .where(Finding.case_id.in_(ids), Finding.status == "open")
            .group_by(Finding.case_id)).all())
    items = [
        {**case_summary(c), "documents": doc_counts.get(c.id, 0),
         "open_findings": open_counts.get(c.id, 0)}
        for c in rows
    ]
    return {"items": items, "total": total, "limit": limit, "offset": offset}


# -- review actions --------------------------------------------------------------------------

_PATH = re.compile(r"^(?:fields\.)?(?:(?P<field>[a-z][a-z0-9_]*)"
                   r"|line_items\[(?P<index>\d+)\]\.(?P<item>[a-z][a-z0-9_]*))$")


def correct_field(svc: Service, document_id: int, path: str, value: Any) -> dict[str, Any]:
    """Set a field of a processed document by hand (audited), then re-check the case."""
    if not isinstance(path, str) or not (m := _PATH.match(path)):
        raise UsageError("path must look like 'document_number' or 'line_items[0].quantity'")
    if isinstance(value, (dict, list)) and not (isinstance(value, list) and all(
            isinstance(v, (str, int, float)) for v in value)):
        raise UsageError("value must be a string, number, boolean or a list of them")
    with svc.db.session() as s:
        doc = s.get(Document, document_id)
        if doc is None:
            raise NotFoundError(f"document {document_id} does not exist")
        if doc.extracted is None:
            raise UsageError(f"document {document_id} is not processed yet")
        extracted = dict(doc.extracted)
        if m["field"]:
            container = dict(extracted.get("fields") or {})
            extracted["fields"] = container
            key = m["field"]
        else:
            items = [dict(i) for i in extracted.get("line_items") or []]
            index = int(m["index"])
            if index >= len(items):
                raise UsageError(f"{path}: the document has {len(items)} line items")
            extracted["line_items"] = items
            container, key = items[index], m["item"]
        before = container.get(key)
        new = {k: v for k, v in (before or {}).items() if k in ("raw", "page", "bbox")}
        new.update({"value": value, "confidence": 1.0})
        container[key] = new
        doc.extracted = extracted
        replace_fields(s, doc.id, extracted)
        bump_revision(s, doc.case_id)
        record(s, "field.corrected", case_id=doc.case_id, entity="document", entity_id=doc.id,
               before={"path": path, "field": before}, after={"path": path, "field": new})
        case_id = doc.case_id
        result = {"document_id": doc.id, "path": path, "field": new, "case_id": case_id}
    recheck_case(svc, case_id)
    return result


def set_doc_type(svc: Service, document_id: int, doc_type: Any) -> dict[str, Any]:
    """Set a document's type by hand (audited) and extract its fields again for that type.

    The read words are not kept, so the document goes through the job system again with the
    type forced (``documents.doc_type_manual``, which every later re-processing honours); the
    job re-checks the case when it is done. ``None`` hands the type back to the classifier.
    Returns the document's id and type, whether it changed, whether it is re-processed and
    the job that does it (else the latest job).
    """
    if doc_type is not None and doc_type not in DOC_TYPES:
        raise UsageError(f"doc_type must be one of {', '.join(DOC_TYPES)} (or null)")
    new_ids: list[int] = []
    with svc.db.session() as s:
        doc = s.get(Document, document_id)
        if doc is None:
            raise NotFoundError(f"document {document_id} does not exist")
        s.scalar(select(Case.id).where(Case.id == doc.case_id).with_for_update())
        before = {"doc_type": doc.doc_type, "doc_type_manual": doc.doc_type_manual}
        job = s.scalar(select(Job).where(Job.document_id == doc.id).order_by(Job.id.desc())
                       .limit(1))
        manual = doc_type is not None
        if before == {"doc_type": doc_type if manual else doc.doc_type,
                      "doc_type_manual": manual}:
            return {"id": doc.id, "case_id": doc.case_id, "doc_type": doc.doc_type,
                    "doc_type_manual": doc.doc_type_manual, "changed": False,
                    "reprocessing": False, "job": job_json(job) if job else None}
        # Confirming the type found only sets the flag; anything else extracts again.
        rerun = not manual or doc_type != doc.doc_type
        doc.doc_type_manual = manual
        if manual:
            doc.doc_type = doc_type
            if doc.extracted is not None:  # shown at once; the job re-extracts the fields
                doc.extracted = {**doc.extracted, "doc_type": doc_type,
                                 "doc_type_confidence": 1.0}
        if rerun and (job is None or job.state != "queued"):  # a queued job reads the type
            job = Job(document_id=doc.id, case_id=doc.case_id, state="queued")
            s.add(job)
            s.flush()
            new_ids.append(job.id)
        if rerun:
            case = s.get(Case, doc.case_id)
            if case is not None:
                case.status = "processing"
            bump_revision(s, doc.case_id)
        record(s, "document.type_set", case_id=doc.case_id, entity="document",
               entity_id=doc.id, before=before,
               after={"doc_type": doc.doc_type, "doc_type_manual": manual,
                      "job": job.id if rerun and job else None})
        result = {"id": doc.id, "case_id": doc.case_id, "doc_type": doc.doc_type,
                  "doc_type_manual": manual, "changed": True, "reprocessing": rerun,
                  "job": job_json(job) if job else None}
    if new_ids and svc.dispatcher is not None:
        svc.dispatcher.submit(new_ids)
    return result


def resolve_finding(
    svc: Service, finding_id: int, action: Any, comment: Any, value: Any, user_id: int
) -> dict[str, Any]:
    """Record a reviewer's decision (accept, correct, waive) on a finding; waive needs a comment."""
    if action not in RESOLUTION_ACTIONS:
        raise UsageError(f"action must be one of {', '.join(RESOLUTION_ACTIONS)}")
    if comment is not None and not isinstance(comment, str):
        raise UsageError("comment must be a string")
    if action == "waive" and not (comment or "").strip():
        raise UsageError("waiving a finding needs a comment saying why")
    with svc.db.session() as s:
        new = Resolution(action=action, comment=comment, value=value, user_id=user_id)
        return _change_finding(s, finding_id, new, "finding.resolved")


def reopen_finding(svc: Service, finding_id: int) -> dict[str, Any]:
    """Withdraw the resolution of a finding (audited)."""
    with svc.db.session() as s:
        return _change_finding(s, finding_id, None, "finding.reopened")


def _change_finding(
    s: Session, finding_id: int, resolution: Resolution | None, event: str
) -> dict[str, Any]:
    """Close the finding's current resolution, add ``resolution`` (None reopens), re-derive
    the verdict and audit the change: the one path for resolving and reopening."""
    f = _locked_finding(s, finding_id)
    before = finding_json(f)
    for r in f.resolutions:
        if r.reopened_at is None:
            r.reopened_at = utcnow()
    if resolution is not None:
        f.resolutions.append(resolution)
    f.status = "resolved" if resolution is not None else "open"
    s.flush()
    _refresh_verdict(f.case)
    after = finding_json(f)
    record(s, event, case_id=f.case_id, entity="finding", entity_id=f.id, before=before,
           after=after)
    return after


def _locked_finding(s: Session, finding_id: int) -> Finding:
    f = s.get(Finding, finding_id)
    if f is None:
        raise NotFoundError(f"finding {finding_id} does not exist")
    s.scalar(select(Case.id).where(Case.id == f.case_id).with_for_update())
    return f


def _refresh_verdict(case: Case) -> None:
    if case.status == "checked":
        case.verdict = verdict_of(case.findings)
