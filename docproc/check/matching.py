"""Match goods lines across the documents of a case, before any goods rule compares them.

Lines are listed in different orders, read with OCR slips in models and serials, named in
English on one document and in Chinese on another, and sometimes split (one packing-list line
per machine) or merged. Every document's lines are matched against a reference list (the
invoice, else the contract, ...) by an optimal assignment (``linear_sum_assignment``) on a cost
that mixes model and serial similarity (confusion-aware), goods-concept similarity (glossary),
quantity and position; a pair costing more than ``unmatched_cost`` is better left unmatched.
Left-over lines that resemble a matched line are attached to it as split / merged parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

from docproc.check._base import Case, Doc
from docproc.check._text import (
    Concept,
    code_distance,
    compact,
    concept_of,
    has_chinese,
    name_distance,
)

_SERIAL_SPLIT = re.compile(r"[,;、，；\n]+")


@dataclass(eq=False)
class Line:
    """One goods line of one document, with the values matching needs."""

    doc: Doc
    i: int
    description: str | None
    model: str | None
    serial: str | None
    quantity: float | None
    unit: str | None
    concept: Concept | None

    @property
    def serials(self) -> set[str]:
        """The serial numbers on this line (a line may list several)."""
        if not self.serial:
            return set()
        return {compact(s) for s in _SERIAL_SPLIT.split(self.serial) if compact(s)}

    @property
    def names_goods(self) -> bool:
        """Whether the line names goods at all: a serial, an HS code, a quantity, a code-like
        model (no Chinese prose) or a description the glossary knows. A line read from a
        note or a totals row ("3. 环保项目：无漏油") names none and is not an item.
        """
        i, doc = self.i, self.doc
        if self.serial or self.quantity is not None or doc.item_value(i, "hs_code") is not None:
            return True
        if self.model and not has_chinese(self.model):
            return True
        return self.concept is not None

    @property
    def name(self) -> str:
        """How the line is named in a message: description and model."""
        parts = [p for p in (self.description, self.model) if p]
        return " ".join(parts) or f"line {self.i + 1}"


@dataclass(eq=False)
class Group:
    """Lines of the reference and of another document that describe the same goods."""

    ref: list[Line]
    other: list[Line]

    @property
    def one_to_one(self) -> bool:
        """A plain pair (no split or merged line)."""
        return len(self.ref) == 1 and len(self.other) == 1


@dataclass(eq=False)
class Comparison:
    """The matching of one document's lines against the reference document's lines."""

    ref: Doc
    other: Doc
    groups: list[Group] = field(default_factory=list)
    missing: list[Line] = field(default_factory=list)  # on ref, not on other
    extra: list[Line] = field(default_factory=list)  # on other, not on ref


def canonical_unit(unit: object, cfg: dict) -> str | None:
    """A unit as one of FIELDS.md's canonical units, with ``check.yaml`` aliases applied."""
    if unit is None:
        return None
    u = str(unit).strip().lower().rstrip(".")
    return cfg["unit_aliases"].get(u, cfg["unit_aliases"].get(str(unit).strip(), u))


def unit_factor(unit: str | None, cfg: dict) -> tuple[str, float] | None:
    """(group, factor to the group's base) for a canonical unit, or None if unknown."""
    if unit is None:
        return None
    for group, members in cfg["unit_groups"].items():
        if unit in members:
            return group, float(members[unit])
    return None


def lines_of(case: Case, doc: Doc) -> list[Line]:
    """The goods lines of ``doc`` in the form matching compares."""
    out = []
    for i in range(len(doc.items)):
        desc = doc.item_value(i, "description")
        model = doc.item_value(i, "model")
        serial = doc.item_value(i, "serial_number")
        out.append(Line(
            doc, i,
            str(desc) if desc is not None else None,
            str(model) if model is not None else None,
            str(serial) if serial is not None else None,
            case.number(doc, "quantity", i),
            canonical_unit(doc.item_value(i, "unit"), case.cfg),
            concept_of(str(desc)) if desc is not None else None,
        ))
    return out


def _serial_distance(a: Line, b: Line) -> float:
    sa, sb = a.serials, b.serials
    if sa & sb:
        return 0.0 if sa == sb else 0.05
    return code_distance(a.serial, b.serial)


def _name_distance(a: Line, b: Line) -> float:
    if a.concept and b.concept:
        if a.concept.concept_id == b.concept.concept_id:
            return 0.0
        return 0.3 if a.concept.hs_prefix[:6] == b.concept.hs_prefix[:6] else 1.0
    return name_distance(a.description or "", b.description or "")


def pair_cost(a: Line, b: Line, na: int, nb: int, w: dict, *, shape_only: bool = False) -> float:
    """Weighted mean distance (0..1) of two lines over the features both carry.

    ``shape_only`` leaves quantity and position out: used to recognise split / merged lines,
    whose quantities differ by construction.
    """
    terms: list[tuple[float, float]] = []
    if a.model and b.model:
        terms.append((w["model"], code_distance(a.model, b.model)))
    if a.serial and b.serial:
        terms.append((w["serial"], _serial_distance(a, b)))
    if a.description and b.description:
        terms.append((w["description"], _name_distance(a, b)))
    if not shape_only:
        if a.quantity is not None and b.quantity is not None:
            big = max(abs(a.quantity), abs(b.quantity), 1e-9)
            terms.append((w["quantity"], min(1.0, abs(a.quantity - b.quantity) / big)))
        pa = a.i / max(na - 1, 1)
        pb = b.i / max(nb - 1, 1)
        terms.append((w["position"], abs(pa - pb)))
    if not terms:
        return 1.0
    total = sum(wt for wt, _ in terms)
    return sum(wt * d for wt, d in terms) / total


def same_goods(a: Line, b: Line, split_max: float) -> bool:
    """Whether ``b`` can be part of a split / merged ``a``: same model (OCR-tolerant), serials
    overlapping when both list them, and the same goods.
    """
    if a.model and b.model and code_distance(a.model, b.model) > 0.1:
        return False
    if a.serials and b.serials and not (a.serials & b.serials) \
            and code_distance(a.serial, b.serial) > 0.1:
        return False
    if a.description and b.description and _name_distance(a, b) > 0.3:
        return False
    return pair_cost(a, b, 1, 1, {"model": 3.0, "serial": 3.0, "description": 2.0,
                                  "quantity": 0.0, "position": 0.0}, shape_only=True) <= split_max


def match(ref: list[Line], other: list[Line], cfg: dict) -> tuple[list[Group], list[Line],
                                                                   list[Line]]:
    """Optimal one-to-one assignment, then split / merged parts attached to their partner."""
    mcfg = cfg["matching"]
    w = mcfg["weights"]
    limit = float(mcfg["unmatched_cost"])
    n, m = len(ref), len(other)
    groups: list[Group] = []
    if n and m:
        cost = np.array([[pair_cost(r, o, n, m, w) for o in other] for r in ref])
        big = 1e6
        # augmented square problem: a dummy partner per line at half the limit, so a pair is
        # kept only when it costs less than leaving both of its lines unmatched.
        aug = np.full((n + m, m + n), big)
        aug[:n, :m] = cost
        aug[:n, m:][np.arange(n), np.arange(n)] = limit / 2
        aug[n:, :m][np.arange(m), np.arange(m)] = limit / 2
        aug[n:, m:] = 0.0
        rows, cols = linear_sum_assignment(aug)
        matched_r: dict[int, Group] = {}
        matched_o: dict[int, Group] = {}
        for r, c in zip(rows, cols, strict=True):
            if r < n and c < m and cost[r, c] < limit:
                g = Group([ref[r]], [other[c]])
                groups.append(g)
                matched_r[r], matched_o[c] = g, g
        split = float(mcfg["split_max_cost"])
        for c, o in enumerate(other):  # a reference line split into several lines
            if c in matched_o:
                continue
            best = min(range(n), key=lambda r: pair_cost(ref[r], o, n, m, w, shape_only=True))
            if best in matched_r and same_goods(ref[best], o, split):
                matched_r[best].other.append(o)
                matched_o[c] = matched_r[best]
        for r, line in enumerate(ref):  # several reference lines merged into one
            if r in matched_r:
                continue
            best = min(range(m), key=lambda c: pair_cost(line, other[c], n, m, w, shape_only=True))
            if best in matched_o and same_goods(line, other[best], split):
                matched_o[best].ref.append(line)
                matched_r[r] = matched_o[best]
        missing = [line for r, line in enumerate(ref) if r not in matched_r]
        extra = [line for c, line in enumerate(other) if c not in matched_o]
        return groups, missing, extra
    return groups, list(ref), list(other)


def reference_doc(case: Case) -> Doc | None:
    """The document whose lines all others are matched against (invoice first)."""
    for t in case.cfg["goods_documents"]:
        for d in case.of_type(t):
            if d.items:
                return d
    return None


def compare_goods(case: Case) -> list[Comparison]:
    """Match every goods document's lines against the reference document's lines."""
    ref = reference_doc(case)
    if ref is None:
        return []
    ref_lines = lines_of(case, ref)
    out = []
    for d in case.docs:
        if d is ref or d.type not in case.cfg["goods_documents"] or not d.items:
            continue
        groups, missing, extra = match(ref_lines, lines_of(case, d), case.cfg)
        out.append(Comparison(ref, d, groups, missing, extra))
    return out
