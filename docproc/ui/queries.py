"""Read-only queries behind the UI pages that the JSON API does not offer in this shape.

The case list needs sorting, a source filter and open findings *by severity*, and the case
page needs the extracted fields pivoted so one field reads as one row across documents.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import case as sql_case
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from docproc.service.jobs import search_key
from docproc.service.models import SOURCES, VERDICTS, Case, Document, Field, Finding

SEVERITIES = ("error", "warning", "info")
SORTS = {
    "received": Case.received_at,
    "id": Case.id,
    "reference": Case.reference,
    "verdict": sql_case({"fail": 0, "review": 1, "pass": 2}, value=Case.verdict, else_=3),
    "status": Case.status,
}
PAGE_SIZE = 25


@dataclass(frozen=True, slots=True)
class CaseQuery:
    """The list's filters, sort and page, parsed leniently from query arguments."""

    verdict: str = ""
    status: str = ""
    source: str = ""
    q: str = ""
    sort: str = "received"
    desc: bool = True
    page: int = 1

    @classmethod
    def from_args(cls, args: Any) -> CaseQuery:
        """Unknown values fall back to defaults: a bad link never errors, it just shows all."""
        verdict = args.get("verdict", "")
        source = args.get("source", "")
        sort = args.get("sort", "received")
        try:
            page = max(1, int(args.get("page", 1)))
        except ValueError:
            page = 1
        return cls(
            verdict=verdict if verdict in VERDICTS else "",
            status=args.get("status", "") if args.get("status") in (
                "new", "processing", "checked", "unplaced", "error") else "",
            source=source if source in SOURCES else "",
            q=(args.get("q") or "").strip()[:200],
            sort=sort if sort in SORTS else "received",
            desc=args.get("dir", "desc") != "asc",
            page=page,
        )

    def args(self, **changes: Any) -> dict[str, Any]:
        """Query arguments for a link that keeps the current filters."""
        out = {"verdict": self.verdict, "status": self.status, "source": self.source,
               "q": self.q, "sort": self.sort, "dir": "desc" if self.desc else "asc",
               "page": self.page}
        out.update(changes)
        return {k: v for k, v in out.items() if v not in ("", None)}


def _conditions(s: Session, query: CaseQuery, *, with_verdict: bool = True) -> list[Any]:
    conds: list[Any] = [Case.intake.is_(False)]
    if with_verdict and query.verdict:
        conds.append(Case.verdict == query.verdict)
    if query.status:
        conds.append(Case.status == query.status)
    if query.source:
        conds.append(Case.source == query.source)
    if query.q:
        key = search_key(query.q) or ""
        ids = set(s.scalars(select(Document.case_id).join(Field, Field.document_id == Document.id)
                            .where(Field.value_text == key)))
        ids |= set(s.scalars(select(Case.id).where(
            Case.reference.in_({query.q, query.q.upper(), query.q.lower()}))))
        conds.append(Case.id.in_(sorted(ids)))
    return conds


def list_cases(s: Session, query: CaseQuery) -> dict[str, Any]:
    """One page of cases with document counts and open findings by severity, plus totals."""
    conds = _conditions(s, query)
    total = s.scalar(select(func.count(Case.id)).where(*conds)) or 0
    by_verdict = dict(s.execute(  # type: ignore[arg-type]
        select(func.coalesce(Case.verdict, "none"), func.count(Case.id))
        .where(*_conditions(s, query, with_verdict=False)).group_by(Case.verdict)).all())
    order = SORTS[query.sort]
    order = order.desc() if query.desc else order.asc()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(query.page, pages)
    rows = list(s.scalars(select(Case).where(*conds).order_by(order, Case.id.desc())
                          .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)))
    ids = [c.id for c in rows]
    docs: dict[int, int] = {}
    open_by: dict[int, dict[str, int]] = {i: dict.fromkeys(SEVERITIES, 0) for i in ids}
    if ids:
        docs = dict(s.execute(  # type: ignore[arg-type]
            select(Document.case_id, func.count(Document.id))
            .where(Document.case_id.in_(ids)).group_by(Document.case_id)).all())
        for case_id, severity, n in s.execute(
                select(Finding.case_id, Finding.severity, func.count(Finding.id))
                .where(Finding.case_id.in_(ids), Finding.status == "open")
                .group_by(Finding.case_id, Finding.severity)):
            open_by[case_id][severity] = n
    items = [{"case": c, "documents": docs.get(c.id, 0), "open": open_by[c.id]} for c in rows]
    return {"items": items, "total": total, "page": page, "pages": pages,
            "by_verdict": by_verdict}


def field_value(f: Any) -> Any:
    """The canonical value of an extracted field entry (entries are ``{"value", "raw", ...}``)."""
    return f.get("value") if isinstance(f, dict) else f


def field_rows(documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Pivot fields so the same field on every document is one row; mismatching rows flagged.

    Line-item values become rows too (``line_items[0].quantity``), because that is where
    quantity and model mismatches live.
    """
    order: list[str] = []
    cells: dict[str, list[Any]] = {}
    n = len(documents)
    for i, doc in enumerate(documents):
        entries: list[tuple[str, Any]] = list((doc.get("fields") or {}).items())
        for idx, item in enumerate(doc.get("line_items") or []):
            entries += [(f"line_items[{idx}].{k}", v) for k, v in item.items()
                        if isinstance(v, dict) or not isinstance(v, list)]
        for path, f in entries:
            if path not in cells:
                cells[path] = [None] * n
                order.append(path)
            cells[path][i] = f
    def key(path: str) -> tuple[int, int]:
        if not path.startswith("line_items["):
            return (0, 0)
        return (1, int(path[len("line_items["):path.index("]")]))

    order.sort(key=key)  # stable: header fields first, then line items by row
    rows = []
    for path in order:
        values = [field_value(c) for c in cells[path] if c is not None]
        distinct = {repr(v) for v in values if v not in (None, "")}
        rows.append({"path": path, "cells": cells[path], "differs": len(distinct) > 1})
    return rows
