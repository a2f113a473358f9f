"""The rule registry and the case model every rule works on.

A rule is a small function ``(case) -> Iterable[Finding]`` registered under its public id
(``RULES.md``) with its severity. Rules read documents through :class:`Doc` / :class:`Case`,
which tolerate the shapes extraction produces (a field as ``{"value": ...}`` or a bare value,
missing fields, values that do not parse) and record what could not be read, so that a
broken value becomes a ``document.unreadable`` finding instead of a crash or a silent pass.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from docproc.check._text import check_config, confusion_only, extra_words_only, lookalike

Severity = Literal["error", "warning", "info"]
RuleFn = Callable[["Case"], Iterable["Finding"]]

DOC_LABELS = {
    "contract": "contract",
    "invoice": "invoice",
    "packing_list": "packing list",
    "bill_of_lading": "B/L",
    "inspection_certificate": "certificate",
    "vehicle_registration": "registration certificate",
    "after_sales_letter": "after-sales letter",
    "export_license_application": "licence application",
    "unknown": "unknown document",
}


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """A registered rule: its public id, severity, group and check function."""

    id: str
    severity: Severity
    group: str
    fn: RuleFn
    late: bool = False


REGISTRY: dict[str, RuleSpec] = {}


def rule(rule_id: str, severity: Severity, *, late: bool = False) -> Callable[[RuleFn], RuleFn]:
    """Register ``fn`` as the check for ``rule_id`` (``late`` rules run after all others)."""

    def deco(fn: RuleFn) -> RuleFn:
        if rule_id in REGISTRY:
            raise ValueError(f"rule {rule_id} registered twice")
        REGISTRY[rule_id] = RuleSpec(rule_id, severity, rule_id.split(".")[0], fn, late)
        return fn

    return deco


@dataclass(slots=True)
class Evidence:
    """Where a value was read: document, field path, value, page and box."""

    doc: Doc | None
    field: str | None
    value: Any = None
    page: int | None = None
    bbox: list[float] | None = None
    confidence: float | None = None
    doc_type: str | None = None

    def to_json(self) -> dict:
        """The evidence object of RULES.md."""
        return {
            "document": self.doc.type if self.doc else (self.doc_type or "unknown"),
            "document_index": self.doc.index if self.doc else None,
            "field": self.field,
            "value": self.value,
            "page": self.page,
            "bbox": self.bbox,
        }


@dataclass(slots=True)
class Finding:
    """One finding before serialisation; ``rule`` is looked up in the registry."""

    rule: str
    message: str
    evidence: list[Evidence] = field(default_factory=list)
    ocr_suspect: bool | None = None

    def to_json(self, cfg: dict) -> dict:
        """The finding object of RULES.md; ``ocr_suspect`` falls back to low confidence.

        The severity is always the rule's (RULES.md, and the case-report schema pins it per
        rule id): an OCR-suspect finding is reported like any other, flagged for the reviewer.
        """
        suspect_below = float(cfg["ocr_suspect_confidence"])
        low = any(e.confidence is not None and e.confidence < suspect_below for e in self.evidence)
        return {
            "rule": self.rule,
            "severity": REGISTRY[self.rule].severity,
            "message": self.message,
            "evidence": [e.to_json() for e in self.evidence],
            "ocr_suspect": bool(self.ocr_suspect) or low,
        }


def _as_field(raw: Any) -> dict | None:
    """A field as extracted (``{"value": ...}``) or a bare value -> field dict, or None."""
    if raw is None:
        return None
    if isinstance(raw, dict) and "value" in raw:
        return raw if raw["value"] not in (None, "", []) else None
    if isinstance(raw, dict):
        return None
    if raw == "" or raw == []:
        return None
    return {"value": raw}


@dataclass(eq=False)
class Doc:
    """One document of the case (the ``docproc extract --json`` object) and its position."""

    index: int
    raw: dict

    @property
    def type(self) -> str:
        """The document type, ``unknown`` when absent or not a known type."""
        t = self.raw.get("doc_type") if isinstance(self.raw, dict) else None
        return t if isinstance(t, str) and t in DOC_LABELS else "unknown"

    @property
    def label(self) -> str:
        """How a clerk names this document in a message."""
        return DOC_LABELS[self.type]

    @property
    def fields(self) -> dict:
        """The header fields (empty when absent or malformed)."""
        f = self.raw.get("fields") if isinstance(self.raw, dict) else None
        return f if isinstance(f, dict) else {}

    @functools.cached_property
    def items(self) -> list[dict]:
        """The line items, each a dict of fields (malformed entries become empty dicts)."""
        li = self.raw.get("line_items") if isinstance(self.raw, dict) else None
        if not isinstance(li, list):
            return []
        return [x if isinstance(x, dict) else {} for x in li]

    def field(self, name: str) -> dict | None:
        """The header field ``name`` as a field dict, or None when absent."""
        return _as_field(self.fields.get(name))

    def value(self, name: str) -> Any:
        """The value of header field ``name``, or None."""
        f = self.field(name)
        return f["value"] if f else None

    def item_field(self, i: int, name: str) -> dict | None:
        """Field ``name`` of line item ``i`` as a field dict, or None."""
        return _as_field(self.items[i].get(name)) if i < len(self.items) else None

    def item_value(self, i: int, name: str) -> Any:
        """Value of field ``name`` of line item ``i``, or None."""
        f = self.item_field(i, name)
        return f["value"] if f else None

    def ev(self, name: str, item: int | None = None, value: Any = None) -> Evidence:
        """Evidence for a header field, or an item field when ``item`` is given."""
        f = self.field(name) if item is None else self.item_field(item, name)
        path = name if item is None else f"line_items[{item}].{name}"
        f = f or {}
        bbox = f.get("bbox")
        return Evidence(
            self, path, f.get("value") if value is None else value,
            f.get("page") if isinstance(f.get("page"), int) else None,
            list(bbox) if isinstance(bbox, list | tuple) and len(bbox) == 4 else None,
            f.get("confidence") if isinstance(f.get("confidence"), int | float) else None,
        )

    @property
    def from_ocr(self) -> bool:
        """Whether the document was read by OCR (no text layer): its codes may hold slips."""
        src = self.raw.get("source") if isinstance(self.raw, dict) else None
        return isinstance(src, dict) and src.get("text_layer") is False

    def confidences(self) -> list[float]:
        """All field confidences of the document, header and items."""
        out = []
        for raw in [*self.fields.values(), *(v for it in self.items for v in it.values())]:
            if isinstance(raw, dict) and isinstance(raw.get("confidence"), int | float):
                out.append(float(raw["confidence"]))
        return out


@dataclass(slots=True)
class Problem:
    """A value present on a document that could not be read as what a rule needs."""

    doc: Doc
    path: str
    value: Any
    wanted: str


_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Case:
    """The documents of one shipment and everything the rules share about them."""

    def __init__(self, documents: list[dict], as_of: date, store: Any = None,
                 case_id: str | None = None) -> None:
        self.docs = [Doc(i, d if isinstance(d, dict) else {}) for i, d in enumerate(documents)]
        self.as_of = as_of
        self.store = store
        self.case_id = case_id
        self.cfg = check_config()
        self.problems: list[Problem] = []
        self.cache: dict[str, Any] = {}
        self._problem_keys: set[tuple[int, str]] = set()

    # -- documents
    def of_type(self, doc_type: str) -> list[Doc]:
        """All documents of ``doc_type``, in case order."""
        return [d for d in self.docs if d.type == doc_type]

    def first(self, doc_type: str) -> Doc | None:
        """The first document of ``doc_type``, or None."""
        docs = self.of_type(doc_type)
        return docs[0] if docs else None

    @property
    def is_vehicle_export(self) -> bool:
        """A used-car export case: it holds vehicle documents."""
        return any(d.type in self.cfg["vehicle_documents"] for d in self.docs)

    # -- typed reading, recording what cannot be read
    def _problem(self, doc: Doc, path: str, value: Any, wanted: str) -> None:
        if (doc.index, path) not in self._problem_keys:
            self._problem_keys.add((doc.index, path))
            self.problems.append(Problem(doc, path, value, wanted))

    def _typed(self, doc: Doc, name: str, item: int | None, parse: Any, wanted: str) -> Any:
        """A field parsed by ``parse``; a value it cannot read is recorded as a problem."""
        v = doc.value(name) if item is None else doc.item_value(item, name)
        if v is None:
            return None
        parsed = parse(v)
        if parsed is None:
            path = name if item is None else f"line_items[{item}].{name}"
            self._problem(doc, path, v, wanted)
        return parsed

    def date(self, doc: Doc, name: str, item: int | None = None) -> date | None:
        """A date field as a ``date``; a value that is no date is recorded as a problem."""
        parsed: date | None = self._typed(doc, name, item, parse_date, "a date")
        return parsed

    def number(self, doc: Doc, name: str, item: int | None = None) -> float | None:
        """A numeric field as ``float``; a value that is no number is recorded as a problem."""
        parsed: float | None = self._typed(doc, name, item, parse_number, "a number")
        return parsed

    # -- findings
    def finding(self, rule_id: str, message: str, evidence: Iterable[Evidence],
                values: tuple[Any, Any] | None = None, ocr_suspect: bool | None = None) -> Finding:
        """Build a finding; ``values`` a misreading explains make it ocr_suspect."""
        evidence = list(evidence)
        suspect = ocr_suspect
        if suspect is None and values is not None:
            a, b = values
            suspect = isinstance(a, str) and isinstance(b, str) and \
                self.misread(a, b, evidence)
        return Finding(rule_id, message, evidence, suspect)

    def misread(self, a: str, b: str, evidence: list[Evidence]) -> bool:
        """Whether two differing codes / names are plausibly one value misread: they differ
        only by OCR confusions (``confusions.yaml``), or one is the other plus words without
        digits read from a neighbouring cell, or (when a document of the evidence was read by
        OCR) they differ by at most ``ocr_suspect_max_edits`` glyphs dropped or added.
        """
        if confusion_only(a, b) or extra_words_only(a, b):
            return True
        if any(e.doc is not None and e.doc.from_ocr for e in evidence):
            return lookalike(a, b, int(self.cfg["ocr_suspect_max_edits"]))
        return False


def parse_date(value: Any) -> date | None:
    """ISO dates as FIELDS.md prescribes; other spellings via the normaliser when present."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    s = value.strip()
    if _ISO.match(s):
        try:
            return date.fromisoformat(s)
        except ValueError:
            return None
    try:
        from docproc.normalise import parse_date as shared
    except ImportError:
        return None
    try:
        out = shared(s)
    except Exception:  # noqa: BLE001 - a value the normaliser cannot read is "no date"
        return None
    if isinstance(out, date):
        return out
    if isinstance(out, str) and _ISO.match(out):
        return date.fromisoformat(out)
    return None


def parse_number(value: Any) -> float | None:
    """JSON numbers as they are; plain numeric strings ("1,250.00") tolerated."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        s = value.strip().replace(",", "").replace(" ", "")
        try:
            return float(s)
        except ValueError:
            return None
    return None


def fmt(value: Any) -> str:
    """A value as quoted in a message (numbers without a useless ``.0``)."""
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value)}"
    if isinstance(value, list):
        return ", ".join(fmt(v) for v in value)
    return str(value)


def add_months(d: date, months: int) -> date:
    """``d`` plus whole months, clamped to the month's last day (29 Feb -> 28 Feb)."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, min(d.day, day))
        except ValueError:
            continue
    return date(year, month, 28)
