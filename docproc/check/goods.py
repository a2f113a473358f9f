"""Goods consistency rules (Measures 2018 art. 9(II), 12, 15(I)2).

Lines are first matched across documents (:mod:`docproc.check.matching`), then each matched
group is compared field by field against the reference document (the invoice when present).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from docproc.check._base import Case, Finding, fmt, parse_number, rule
from docproc.check._text import concept_of, names_differ, same_code
from docproc.check.matching import Comparison, Group, Line, compare_goods, unit_factor


def comparisons(case: Case) -> list[Comparison]:
    """The goods matching of the case, computed once and shared by all goods rules."""
    if "goods" not in case.cache:
        case.cache["goods"] = compare_goods(case)
    return case.cache["goods"]


def _pairs(case: Case) -> Iterator[tuple[Comparison, Group, Line, Line]]:
    """Plain one-to-one pairs, where field-by-field comparison makes sense."""
    for comp in comparisons(case):
        for g in comp.groups:
            if g.one_to_one:
                yield comp, g, g.ref[0], g.other[0]


def _clusters(case: Case) -> list[list[Line]]:
    """Each reference line with its one-to-one counterparts on every other document."""
    by_ref: dict[int, list[Line]] = {}
    for _comp, _g, a, b in _pairs(case):
        by_ref.setdefault(id(a), [a]).append(b)
    return list(by_ref.values())


def _text_rule(case: Case, rule_id: str, fld: str, what: str,
               differ: Any = None) -> Iterator[Finding]:
    """Compare ``fld`` of every line of a cluster with the first line that states it."""
    differ = differ or (lambda a, b: not same_code(a, b))
    for cluster in _clusters(case):
        stating = [ln for ln in cluster if ln.doc.item_value(ln.i, fld) is not None]
        if len(stating) < 2:
            continue
        a = stating[0]
        va = a.doc.item_value(a.i, fld)
        for b in stating[1:]:
            vb = b.doc.item_value(b.i, fld)
            if not differ(str(va), str(vb)):
                continue
            yield case.finding(
                rule_id,
                f"{what} of {a.name}: {a.doc.label} {fmt(va)}, {b.doc.label} {fmt(vb)}",
                [a.doc.ev(fld, a.i), b.doc.ev(fld, b.i)], values=(str(va), str(vb)))


@rule("goods.name_mismatch", "error")
def name_mismatch(case: Case) -> Iterator[Finding]:
    """Matched lines naming different goods (glossary concepts, so 挖掘机 = excavator);
    ocr_suspect when a name read by OCR is unknown to the glossary while the other is known
    (a misread name more likely than goods nobody lists).
    """
    for f in _text_rule(case, "goods.name_mismatch", "description", "Name", names_differ):
        known = [e.value is not None and concept_of(str(e.value)) is not None
                 for e in f.evidence]
        if not f.ocr_suspect and any(known) and any(
                e.doc is not None and e.doc.from_ocr and not k
                for e, k in zip(f.evidence, known, strict=True)):
            f.ocr_suspect = True
        yield f


@rule("goods.model_mismatch", "error")
def model_mismatch(case: Case) -> Iterator[Finding]:
    """Specification / model differs on matched lines (separators and case ignored)."""
    yield from _text_rule(case, "goods.model_mismatch", "model", "Model")


@rule("goods.origin_mismatch", "error")
def origin_mismatch(case: Case) -> Iterator[Finding]:
    """Place of production differs on matched lines."""
    yield from _text_rule(case, "goods.origin_mismatch", "origin", "Place of production")


@rule("goods.year_mismatch", "error")
def year_mismatch(case: Case) -> Iterator[Finding]:
    """Manufacture year differs on matched lines."""
    def differ(a: str, b: str) -> bool:
        ya, yb = parse_number(a), parse_number(b)
        return ya is not None and yb is not None and int(ya) != int(yb)

    yield from _text_rule(case, "goods.year_mismatch", "manufacture_year", "Manufacture year",
                          differ)


@rule("goods.hs_code_mismatch", "warning")
def hs_code_mismatch(case: Case) -> Iterator[Finding]:
    """HS codes differing in their first 6 digits (the internationally harmonised part)."""
    n = int(case.cfg["hs_code_compare_digits"])

    def differ(a: str, b: str) -> bool:
        da, db = "".join(ch for ch in a if ch.isdigit()), "".join(ch for ch in b if ch.isdigit())
        k = min(n, len(da), len(db))
        return k >= 4 and da[:k] != db[:k]

    yield from _text_rule(case, "goods.hs_code_mismatch", "hs_code", "HS code", differ)


@rule("goods.serial_mismatch", "error")
def serial_mismatch(case: Case) -> Iterator[Finding]:
    """Serial / engine / frame numbers differ (as sets: a line may list several machines)."""
    for cluster in _clusters(case):  # plain pairs: every document against the first stating it
        stating = [ln for ln in cluster if ln.serials]
        for b in stating[1:]:
            a = stating[0]
            if a.serials != b.serials:
                yield _serial_finding(case, [a], [b])
    for comp in comparisons(case):  # split / merged lines against the reference
        for g in comp.groups:
            if g.one_to_one:
                continue
            ref = set().union(*(ln.serials for ln in g.ref))
            oth = set().union(*(ln.serials for ln in g.other))
            if ref and oth and ref != oth and not (ref <= oth or oth <= ref):
                yield _serial_finding(case, g.ref, g.other)


def _serial_finding(case: Case, ref: list[Line], other: list[Line]) -> Finding:
    a, b = ref[0], other[0]
    va = ", ".join(str(ln.serial) for ln in ref if ln.serial)
    vb = ", ".join(str(ln.serial) for ln in other if ln.serial)
    ev = [ln.doc.ev("serial_number", ln.i) for ln in (*ref, *other) if ln.serial]
    return case.finding(
        "goods.serial_mismatch",
        f"Serial number of {a.name}: {a.doc.label} {va}, {b.doc.label} {vb}", ev,
        values=(va, vb))


def _quantity(case: Case, lines: list[Line]) -> tuple[float | None, str | None, bool]:
    """Summed quantity of lines in the first line's unit; False when units cannot be added."""
    if not lines or any(ln.quantity is None for ln in lines):
        return None, None, True
    unit = lines[0].unit
    base = unit_factor(unit, case.cfg)
    total = 0.0
    for ln in lines:
        if ln.unit == unit or ln.unit is None or unit is None:
            total += ln.quantity or 0.0
            continue
        other = unit_factor(ln.unit, case.cfg)
        if base is None or other is None or other[0] != base[0]:
            return None, unit, False
        total += (ln.quantity or 0.0) * other[1] / base[1]
    return total, unit, True


def _unit_pairs(case: Case) -> Iterator[tuple[Group, Line, Line, float, float, str | None, bool]]:
    for comp in comparisons(case):
        for g in comp.groups:
            qa, ua, ok_a = _quantity(case, g.ref)
            qb, ub, ok_b = _quantity(case, g.other)
            a, b = g.ref[0], g.other[0]
            if qa is None or qb is None:
                continue
            fa, fb = unit_factor(ua, case.cfg), unit_factor(ub, case.cfg)
            if ua and ub and ua != ub:
                if fa is None or fb is None or fa[0] != fb[0]:
                    yield g, a, b, qa, qb, ub, False
                    continue
                qb = qb * fb[1] / fa[1]
            yield g, a, b, qa, qb, ua or ub, ok_a and ok_b


@rule("goods.quantity_mismatch", "error")
def quantity_mismatch(case: Case) -> Iterator[Finding]:
    """Quantities differ after unit normalisation (split lines are summed)."""
    tol = float(case.cfg["amount_tolerance"])
    for g, a, b, qa, qb, unit, comparable in _unit_pairs(case):
        if not comparable or abs(qa - qb) <= tol:
            continue
        u = f" {unit}" if unit else ""
        ev = [ln.doc.ev("quantity", ln.i) for ln in (*g.ref, *g.other)]
        yield case.finding(
            "goods.quantity_mismatch",
            f"Quantity of {a.name}: {a.doc.label} {fmt(qa)}{u}, {b.doc.label} {fmt(qb)}{u}",
            ev)


@rule("goods.unit_mismatch", "warning")
def unit_mismatch(case: Case) -> Iterator[Finding]:
    """Units differ and cannot be reconciled (e.g. sets vs kg)."""
    for _g, a, b, _qa, _qb, _unit, comparable in _unit_pairs(case):
        if comparable:
            continue
        ua, ub = a.doc.item_value(a.i, "unit"), b.doc.item_value(b.i, "unit")
        yield case.finding(
            "goods.unit_mismatch",
            f"Unit of {a.name}: {a.doc.label} {fmt(ua)}, {b.doc.label} {fmt(ub)} "
            "(quantities cannot be compared)",
            [a.doc.ev("unit", a.i), b.doc.ev("unit", b.i)])


@rule("goods.missing_item", "error")
def missing_item(case: Case) -> Iterator[Finding]:
    """A line on one document without counterpart on another (lines that name no goods,
    such as a note read as a table row, are no items).
    """
    for comp in comparisons(case):
        for ln in comp.missing:
            if not ln.names_goods:
                continue
            yield case.finding(
                "goods.missing_item",
                f"{ln.name} is on the {comp.ref.label} but not on the {comp.other.label}",
                [comp.ref.ev("description", ln.i)])
        for ln in comp.extra:
            if not ln.names_goods:
                continue
            yield case.finding(
                "goods.missing_item",
                f"{ln.name} is on the {comp.other.label} but not on the {comp.ref.label}",
                [comp.other.ev("description", ln.i)])
