"""The one job function: process a document, then re-check its case when it was the last.

:func:`run_job` is what both executors run (the in-process pool and the Celery task), inside
the app context. Its steps:

1. **claim** the job with one conditional UPDATE (queued, or running with a stale heartbeat
   because its worker died) that stamps a fresh ``claim_token``;
2. **work** outside any transaction (extract, render pages into the file store) while a
   heartbeat thread keeps the claim fresh and the pipeline's progress callback writes
   ``stage`` / ``pages_done`` / ``pages_total`` (throttled) for the UI's live status;
3. **commit** everything in one transaction that first re-checks the claim token, so a job
   taken over by another worker can never be written twice;
4. **re-check** the case under a row lock once no job of it is queued or running; an intake
   batch is first split into cases by :func:`docproc.pipeline.group_documents`.

Expected failures (:class:`DocprocError`) keep the document as ``unknown`` with the reason
and fail the job at once; unexpected ones are retried up to ``JOB_MAX_ATTEMPTS`` times.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.orm import Session

from docproc.errors import DocprocError
from docproc.service.audit import record
from docproc.service.models import (
    Case,
    Document,
    Field,
    Finding,
    Job,
    Page,
    utcnow,
)
from docproc.service.pages import PDFIUM_LOCK, render_pages
from docproc.service.state import Service, current_service

log = logging.getLogger(__name__)

WORKER_ID = f"{socket.gethostname()}:{os.getpid()}"

DONE, FAILED, SKIPPED, RETRY = "done", "failed", "skipped", "retry"

# Seconds between progress writes of one job (config ``JOB_PROGRESS_EVERY``): often enough for
# a live "reading page 2 of 3", rare enough not to load the database on long documents.
PROGRESS_EVERY = 0.5

# Paths whose values identify a document or shipment: what the case list's ``q`` finds.
_SEARCHABLE = re.compile(
    r"(^|\.)(document_number|contract_number|invoice_number|bl_number|vin|serial_number)$"
    r"|^(container_numbers|seal_numbers)\[\d+\]$"
)


@dataclass(frozen=True, slots=True)
class Claim:
    """A job this worker owns until it commits or its heartbeat goes stale."""

    job_id: int
    token: str
    attempts: int
    document_id: int
    case_id: int
    sha256: str
    filename: str
    media_type: str
    doc_type: str | None = None  # set by hand: extract for this type, do not classify


def search_key(value: Any) -> str | None:
    """The normalised text a document number is indexed and searched by."""
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
        return None
    text = re.sub(r"\s+", "", str(value)).upper()
    return text[:200] or None


def flatten(extracted: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per field of the extracted JSON, for the ``fields`` index table."""
    rows: list[dict[str, Any]] = []

    def add(path: str, f: Any) -> None:
        if not isinstance(f, dict) or "value" not in f:
            return
        value = f["value"]
        rows.append(
            {
                "path": path,
                "value": value,
                "value_text": search_key(value) if _SEARCHABLE.search(path) else None,
                "raw": None if f.get("raw") is None else str(f.get("raw")),
                "confidence": f.get("confidence"),
                "page": f.get("page"),
                "bbox": f.get("bbox"),
            }
        )
        if isinstance(value, list):
            for i, item in enumerate(value):
                sub = f"{path}[{i}]"
                rows.append(
                    {
                        "path": sub,
                        "value": item,
                        "value_text": search_key(item) if _SEARCHABLE.search(sub) else None,
                        "raw": None,
                        "confidence": f.get("confidence"),
                        "page": f.get("page"),
                        "bbox": f.get("bbox"),
                    }
                )

    for name, f in (extracted.get("fields") or {}).items():
        add(name, f)
    for i, item in enumerate(extracted.get("line_items") or []):
        if isinstance(item, dict):
            for name, f in item.items():
                add(f"line_items[{i}].{name}", f)
    return rows


def replace_fields(s: Session, document_id: int, extracted: dict[str, Any]) -> None:
    """Rebuild a document's field index from its extracted JSON."""
    s.execute(delete(Field).where(Field.document_id == document_id))
    s.add_all(Field(document_id=document_id, **row) for row in flatten(extracted))


def _claim(svc: Service, job_id: int) -> Claim | None:
    now = utcnow()
    stale = now - timedelta(seconds=svc.cfg_float("JOB_STALE_AFTER"))
    token = uuid.uuid4().hex
    with svc.db.session() as s:
        result = s.execute(
            update(Job)
            .where(
                Job.id == job_id,
                or_(Job.state == "queued", and_(Job.state == "running", Job.heartbeat < stale)),
            )
            .values(
                state="running",
                attempts=Job.attempts + 1,
                claim_token=token,
                worker=WORKER_ID,
                heartbeat=now,
                started_at=now,
                stage="reading",
                pages_done=None,
                pages_total=None,
            )
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            return None
        job, doc = s.execute(
            select(Job, Document).join(Document, Document.id == Job.document_id).where(
                Job.id == job_id
            )
        ).one()
        return Claim(
            job.id, token, job.attempts, doc.id, doc.case_id, doc.sha256, doc.filename,
            doc.media_type, doc.doc_type if doc.doc_type_manual else None,
        )


class _Heartbeat:
    """Keeps a claim fresh while the work runs, so other workers leave the job alone."""

    def __init__(self, svc: Service, claim: Claim) -> None:
        self.svc, self.claim = svc, claim
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"heartbeat-{claim.job_id}",
                                       daemon=True)

    def _run(self) -> None:
        interval = self.svc.cfg_float("JOB_HEARTBEAT")
        while not self.stop.wait(interval):
            try:
                with self.svc.db.session() as s:
                    s.execute(
                        update(Job)
                        .where(Job.id == self.claim.job_id, Job.claim_token == self.claim.token)
                        .values(heartbeat=utcnow())
                    )
            except Exception:  # noqa: BLE001 - a missed beat is retried on the next tick
                log.warning("heartbeat of job %s failed", self.claim.job_id, exc_info=True)

    def __enter__(self) -> _Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()


class _Progress:
    """The pipeline's progress callback: writes the job's stage and page counts, throttled.

    Called in the job's own thread (the page pool reports back to it). A change of stage and
    the last page are always written; a failed write only loses one update.
    """

    def __init__(self, svc: Service, claim: Claim) -> None:
        self.svc, self.claim = svc, claim
        self.every = float(svc.config.get("JOB_PROGRESS_EVERY", PROGRESS_EVERY))
        self.last: tuple[str, int, int] | None = None
        self.last_at = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        state = (stage, done, total)
        if state == self.last:
            return
        if (self.last is not None and stage == self.last[0] and done < total
                and now - self.last_at < self.every):
            return
        self.last, self.last_at = state, now
        try:
            with self.svc.db.session() as s:
                s.execute(
                    update(Job)
                    .where(Job.id == self.claim.job_id, Job.claim_token == self.claim.token)
                    .values(stage=stage, pages_done=done, pages_total=total)
                )
        except Exception:  # noqa: BLE001 - progress is informative, the job goes on
            log.warning("progress of job %s not written", self.claim.job_id, exc_info=True)


def _set_stage(svc: Service, claim: Claim, stage: str | None) -> None:
    """Mark what a finished job's document waits for (the case check), or nothing."""
    try:
        with svc.db.session() as s:
            s.execute(update(Job).where(Job.id == claim.job_id, Job.claim_token == claim.token)
                      .values(stage=stage))
    except Exception:  # noqa: BLE001 - informative only
        log.warning("stage of job %s not written", claim.job_id, exc_info=True)


def _unreadable(claim: Claim, data: bytes | None, reason: str) -> dict[str, Any]:
    from docproc.pipeline import unreadable

    doc = unreadable(claim.filename, data, reason)
    doc["source"]["sha256"] = claim.sha256
    doc["source"]["media_type"] = claim.media_type
    return doc


def _release(svc: Service, claim: Claim, error: str) -> None:
    """Give a job back to the queue after an unexpected failure (it will be retried)."""
    with svc.db.session() as s:
        s.execute(
            update(Job)
            .where(Job.id == claim.job_id, Job.claim_token == claim.token)
            .values(state="queued", error=error, claim_token=None, heartbeat=None)
        )


def _commit(
    svc: Service,
    claim: Claim,
    extracted: dict[str, Any],
    pages: list[tuple[int, str, str, int, int]],
    error: str | None,
) -> bool:
    now = utcnow()
    with svc.db.session() as s:
        result = s.execute(
            update(Job)
            .where(
                Job.id == claim.job_id, Job.claim_token == claim.token, Job.state == "running"
            )
            .values(state=FAILED if error else DONE, error=error, finished_at=now, heartbeat=now,
                    stage="checking")
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            log.warning("job %s was taken over by another worker; discarding", claim.job_id)
            return False
        doc = s.get(Document, claim.document_id)
        if doc is None:  # the case was deleted meanwhile
            return False
        if doc.doc_type_manual:  # a type set by hand survives re-processing
            extracted = {**extracted, "doc_type": doc.doc_type, "doc_type_confidence": 1.0}
        doc.extracted = extracted
        doc.doc_type = extracted.get("doc_type")
        doc.processed_at = now
        bump_revision(s, doc.case_id)
        s.execute(delete(Page).where(Page.document_id == doc.id))
        s.add_all(
            Page(document_id=doc.id, number=n, image_sha256=sha, media_type=mt, width=w, height=h)
            for n, sha, mt, w, h in pages
        )
        replace_fields(s, doc.id, extracted)
        record(
            s,
            "document.processed",
            case_id=doc.case_id,
            entity="document",
            entity_id=doc.id,
            after={"job": claim.job_id, "state": FAILED if error else DONE,
                   "doc_type": doc.doc_type, "doc_type_manual": doc.doc_type_manual,
                   "pages": len(pages), "error": error},
        )
    return True


def _render(
    svc: Service, data: bytes, media_type: str, out: list[tuple[int, str, str, int, int]]
) -> list[str]:
    """Store the page images of a document; returns warnings for pages that failed."""
    warnings: list[str] = []
    try:
        rendered = render_pages(data, media_type, max_pages=svc.settings.max_pages)
    except DocprocError as exc:
        return [f"page images: {exc.message}"]
    for page in rendered:
        sha = svc.store.put(page.data)
        out.append((page.number, sha, page.media_type, page.width, page.height))
        if page.warning:
            warnings.append(page.warning)
    return warnings


def run_job(job_id: int) -> str:
    """Process one document job; returns done, failed, skipped (not ours) or retry."""
    from docproc.pipeline import extract_bytes

    svc = current_service()
    claim = _claim(svc, job_id)
    if claim is None:
        return SKIPPED
    max_attempts = svc.cfg_int("JOB_MAX_ATTEMPTS")
    data: bytes | None = None
    pages: list[tuple[int, str, str, int, int]] = []
    error: str | None = None
    if claim.attempts > max_attempts:
        error = f"gave up after {max_attempts} attempts (the worker died or kept failing)"
        extracted = _unreadable(claim, None, error)
    else:
        with _Heartbeat(svc, claim):
            try:
                data = svc.store.get(claim.sha256)
                # Pages first: a reviewer can look at a document even when reading it failed.
                page_warnings = _render(svc, data, claim.media_type, pages)
                progress = _Progress(svc, claim)
                if claim.media_type == "application/pdf":
                    with PDFIUM_LOCK:  # the reader renders scanned PDF pages with PDFium
                        extracted = extract_bytes(data, claim.filename, svc.settings,
                                                  doc_type=claim.doc_type, progress=progress)
                else:
                    extracted = extract_bytes(data, claim.filename, svc.settings,
                                              doc_type=claim.doc_type, progress=progress)
                extracted.setdefault("warnings", []).extend(page_warnings)
            except DocprocError as exc:
                error = exc.message
                extracted = _unreadable(claim, data, error)
            except Exception as exc:  # noqa: BLE001 - retried, then failed with the reason
                log.exception("job %s failed (attempt %d)", job_id, claim.attempts)
                reason = f"internal error: {type(exc).__name__}: {exc}"
                if claim.attempts < max_attempts:
                    _release(svc, claim, reason)
                    return RETRY
                error = reason
                extracted = _unreadable(claim, data, reason)
    if not _commit(svc, claim, extracted, pages, error):
        return SKIPPED
    recheck_case(svc, claim.case_id)
    _set_stage(svc, claim, None)
    return FAILED if error else DONE


# -- case re-check ---------------------------------------------------------------------------


def match_key(finding: dict[str, Any]) -> str:
    """Rule + the documents and field paths of its evidence: the same finding after a re-check."""
    parts = sorted(
        f"{e.get('document', '')}:{e.get('field', '')}"
        for e in finding.get("evidence") or []
        if isinstance(e, dict)
    )
    return (finding.get("rule", "") + "|" + ",".join(parts))[:1000]


def verdict_of(findings: list[Finding]) -> str:
    """fail on any open error, review on any open warning, else pass (RULES.md)."""
    open_severities = {f.severity for f in findings if f.status == "open"}
    if "error" in open_severities:
        return "fail"
    if "warning" in open_severities:
        return "review"
    return "pass"


def _serial_store(svc: Service) -> Any:
    """The certificate-serial memory of the check engine, on the service's own database."""
    store = svc.extras.get("serial_store")
    if store is None:
        try:
            from docproc.check.store import SerialStore
        except ImportError:
            return None
        store = SerialStore(engine=svc.db.engine)
        svc.extras["serial_store"] = store
    return store


def _lock_case(s: Session, case_id: int) -> Case | None:
    # SQLite write transactions are already exclusive (BEGIN IMMEDIATE).
    return s.scalar(select(Case).where(Case.id == case_id).with_for_update())


def reconcile_findings(s: Session, case: Case, new: list[dict[str, Any]]) -> None:
    """Replace a case's findings by a new check's, keeping ids and resolutions still valid."""
    existing: dict[str, list[Finding]] = {}
    for f in case.findings:
        existing.setdefault(f.match_key, []).append(f)
    for nf in new:
        key = match_key(nf)
        olds = existing.get(key)
        if olds:
            f = olds.pop(0)
            f.severity = nf.get("severity", f.severity)
            f.message = nf.get("message", f.message)
            f.evidence = nf.get("evidence") or []
            f.ocr_suspect = bool(nf.get("ocr_suspect", False))
        else:
            case.findings.append(
                Finding(
                    rule=nf.get("rule", "unknown"),
                    severity=nf.get("severity", "error"),
                    message=nf.get("message", ""),
                    evidence=nf.get("evidence") or [],
                    ocr_suspect=bool(nf.get("ocr_suspect", False)),
                    status="open",
                    match_key=key,
                )
            )
    for olds in existing.values():
        for f in olds:
            record(s, "finding.cleared", case_id=case.id, entity="finding", entity_id=f.id,
                   before={"rule": f.rule, "message": f.message, "status": f.status})
            case.findings.remove(f)


def bump_revision(s: Session, case_id: int) -> None:
    """Mark a change of a case's documents (see ``Case.revision``)."""
    s.execute(update(Case).where(Case.id == case_id).values(revision=Case.revision + 1))


def _store_report(s: Session, case: Case, report: dict[str, Any]) -> None:
    before = {"status": case.status, "verdict": case.verdict}
    reconcile_findings(s, case, report.get("findings") or [])
    s.flush()
    case.verdict = verdict_of(case.findings)
    case.status = "checked"
    case.checked_at = utcnow()
    case.as_of = report.get("as_of")
    record(s, "case.checked", case_id=case.id, entity="case", entity_id=case.id, before=before,
           after={"status": case.status, "verdict": case.verdict,
                  "findings": len(case.findings), "revision": case.revision})


def check_one(svc: Service, case_id: int) -> None:
    """Cross-check a case's documents and store findings and verdict.

    The check runs *outside* any write transaction (it may take a while, and the certificate
    serial store writes on its own connection); the result is stored only if no document of
    the case changed meanwhile, else the check runs again on the new state.
    """
    from docproc.check import check_case

    for _ in range(5):
        with svc.db.reader() as s:
            case = s.get(Case, case_id)
            if case is None:
                return
            revision = case.revision
            documents = [d.extracted or {} for d in case.documents]
        report = check_case(documents, as_of=None, store=_serial_store(svc),
                            case_id=str(case_id))
        with svc.db.session() as s:
            case = _lock_case(s, case_id)
            if case is None:
                return
            if case.revision != revision:
                continue
            if _pending(s, case_id):
                return  # a new document arrived; its job re-checks when done
            _store_report(s, case, report)
            return
    log.warning("case %s kept changing during its re-check; left to the next change", case_id)


def _pending(s: Session, case_id: int) -> int:
    return int(s.scalar(select(func.count(Job.id)).where(
        Job.case_id == case_id, Job.state.in_(("queued", "running")))) or 0)


def _reference_of(docs: list[Document]) -> str | None:
    for doc_type, path in (("contract", "document_number"), ("invoice", "contract_number"),
                           ("invoice", "document_number")):
        for d in docs:
            f = ((d.extracted or {}).get("fields") or {}).get(path)
            if d.doc_type == doc_type and isinstance(f, dict) and f.get("value"):
                return str(f["value"])[:200]
    return None


def _split_intake(s: Session, case: Case) -> list[Case]:
    """Group an intake batch into cases; returns the cases to check."""
    from docproc.pipeline import group_documents

    docs = list(case.documents)
    groups, loose = group_documents([d.extracted or {} for d in docs])
    targets: list[Case] = []
    for n, group in enumerate(groups):
        if n == 0:
            target = case  # the batch's own id stays valid for the first case
        else:
            target = Case(source=case.source, received_at=case.received_at,
                          created_by=case.created_by, sender=case.sender, subject=case.subject,
                          message_id=case.message_id, status="processing")
            s.add(target)
            s.flush()
        _move(s, [docs[i] for i in group], target)
        target.reference = target.reference or _reference_of([docs[i] for i in group])
        targets.append(target)
        record(s, "case.grouped", case_id=target.id, entity="case", entity_id=target.id,
               after={"from_intake": case.id, "documents": [docs[i].id for i in group]})
    if loose:
        holder = case if not groups else Case(
            source=case.source, received_at=case.received_at, created_by=case.created_by,
            sender=case.sender, subject=case.subject, message_id=case.message_id)
        if holder is not case:
            s.add(holder)
            s.flush()
            _move(s, [docs[i] for i in loose], holder)
        holder.status, holder.verdict = "unplaced", None
        record(s, "case.unplaced", case_id=holder.id, entity="case", entity_id=holder.id,
               after={"from_intake": case.id, "documents": [docs[i].id for i in loose]})
    case.intake = False
    s.flush()
    s.expire(case, ["documents"])
    return targets


def _move(s: Session, docs: list[Document], target: Case) -> None:
    bump_revision(s, target.id)
    for position, d in enumerate(docs):
        if d.case_id != target.id:
            d.case_id = target.id
            s.execute(update(Job).where(Job.document_id == d.id).values(case_id=target.id))
        d.position = position
    s.flush()
    s.expire(target, ["documents"])


def recheck_case(svc: Service, case_id: int) -> None:
    """Re-check a case when none of its jobs is pending (called after every job and edit)."""
    try:
        with svc.db.session() as s:
            case = _lock_case(s, case_id)
            if case is None:
                return
            if _pending(s, case_id):
                case.status = "processing"
                return
            targets = [c.id for c in _split_intake(s, case)] if case.intake else [case_id]
        for target in targets:
            check_one(svc, target)
    except Exception as exc:  # noqa: BLE001 - a broken check must not lose the processed job
        log.exception("re-check of case %s failed", case_id)
        with svc.db.session() as s:
            case = s.get(Case, case_id)
            if case is not None:
                case.status = "error"
                record(s, "case.check_failed", case_id=case_id, entity="case",
                       entity_id=case_id, after={"error": f"{type(exc).__name__}: {exc}"})


# -- queue helpers shared by the executors ----------------------------------------------------


def claimable_jobs(svc: Service, limit: int = 8) -> list[int]:
    """Ids of jobs a worker may take now: queued, or running with a stale heartbeat."""
    stale = utcnow() - timedelta(seconds=svc.cfg_float("JOB_STALE_AFTER"))
    with svc.db.reader() as s:
        return list(
            s.scalars(
                select(Job.id)
                .where(or_(Job.state == "queued",
                           and_(Job.state == "running", Job.heartbeat < stale)))
                .order_by(Job.id)
                .limit(limit)
            )
        )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def requeue_orphans(svc: Service) -> int:
    """Re-queue running jobs whose worker process on this machine no longer exists.

    Called when a pool starts: after a crash or restart, the jobs of the dead process go back
    to the queue at once instead of waiting for their heartbeat to go stale (which still
    covers workers on other machines).
    """
    host = socket.gethostname()
    with svc.db.session() as s:
        dead = []
        for job_id, worker in s.execute(select(Job.id, Job.worker).where(Job.state == "running")):
            w_host, _, pid = (worker or "").rpartition(":")
            if w_host == host and pid.isdigit() and not _alive(int(pid)):
                dead.append(job_id)
        if dead:
            s.execute(update(Job).where(Job.id.in_(dead), Job.state == "running")
                      .values(state="queued", claim_token=None))
        return len(dead)
