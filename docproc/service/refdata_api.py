"""Admin API for the editable reference data (``/api/reference``), nested in the API blueprint.

The checks read reference data through ``docproc.data.load``; an admin's edit is validated and
stored by :mod:`docproc.refdata` and picked up by every worker process on its next load.
:func:`update` and :func:`reset` are shared with the admin pages, so a change made in either
place is validated the same way and leaves the same audit event (``reference.updated`` /
``reference.reset``, with a before/after summary).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request

from docproc import refdata
from docproc.errors import UsageError
from docproc.service.audit import record
from docproc.service.auth import require
from docproc.service.errors import NotFoundError
from docproc.service.state import Service, current_service

bp = Blueprint("reference", __name__, url_prefix="/reference")

AUDIT_ENTITY = "reference"


def kind_or_404(name: str) -> refdata.Kind:
    """The editable reference file ``name``, or 404."""
    k = refdata.kind(name)
    if k is None:
        raise NotFoundError(f"no reference data named {name!r}; one of "
                            f"{', '.join(refdata.KINDS)}")
    return k


def document(name: str) -> dict[str, Any]:
    """Status and content of one reference file, as the API returns it."""
    return {**refdata.info(name), "content": refdata.current(name)}


def update(svc: Service, name: str, content: Any, *, version: str | None = None,
           note: str | None = None) -> dict[str, Any]:
    """Validate and save an edit, audited with a before/after summary (API and UI).

    ``note`` (why, e.g. the reason an agency was taken off the list) joins the summary.
    """
    before = refdata.current(name)
    with svc.db.session() as s:
        after = refdata.save(name, content, expect_version=version)
        old, new = refdata.change_summary(name, before, after)
        if note:
            new["note"] = note
        record(s, "reference.updated", entity=AUDIT_ENTITY, before=old, after=new)
    return document(name)


def reset(svc: Service, name: str, *, version: str | None = None) -> dict[str, Any]:
    """Go back to the shipped file, audited (a no-op reset is not recorded)."""
    before = refdata.current(name)
    with svc.db.session() as s:
        if refdata.reset(name, expect_version=version):
            old, new = refdata.change_summary(name, before, refdata.shipped(name))
            record(s, "reference.reset", entity=AUDIT_ENTITY, before=old, after=new)
    return document(name)


@bp.get("")
@require("admin")
def list_reference() -> Any:
    """The editable reference files, whether an admin changed them, and when."""
    return {"items": [refdata.info(name) for name in refdata.KINDS]}


@bp.get("/<name>")
@require("admin")
def get_reference(name: str) -> Any:
    """One reference file's content as JSON."""
    return document(kind_or_404(name).name)


@bp.put("/<name>")
@require("admin")
def put_reference(name: str) -> Any:
    """Replace one reference file's content (validated; 422 with the reason when invalid)."""
    k = kind_or_404(name)
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or "content" not in body:
        raise UsageError('request body must be a JSON object {"content": ...}')
    version = body.get("version")
    if version is not None and not isinstance(version, str):
        raise UsageError("version must be a string (from GET)")
    return update(current_service(), k.name, body["content"], version=version)


@bp.delete("/<name>")
@require("admin")
def delete_reference(name: str) -> Any:
    """Drop the admin's edit: the shipped file is in force again."""
    return reset(current_service(), kind_or_404(name).name)
