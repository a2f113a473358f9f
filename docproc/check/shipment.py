"""Shipment consistency: packages, weights, volume (packing list vs B/L), container numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator

from docproc.check._base import Case, Doc, Finding, fmt, rule
from docproc.check._text import compact, container_check_digit_ok, deconfuse, separator_slip


def _pl_bl(case: Case) -> Iterator[tuple[Doc, Doc]]:
    for pl in case.of_type("packing_list"):
        for bl in case.of_type("bill_of_lading"):
            yield pl, bl


def _compare(case: Case, rule_id: str, fld: str, what: str, unit: str,
             ratio: float | None) -> Iterator[Finding]:
    for pl, bl in _pl_bl(case):
        a, b = case.number(pl, fld), case.number(bl, fld)
        if a is None or b is None:
            continue
        if ratio is None:
            differs = abs(a - b) > 1e-9
            extra = ""
        else:
            differs = abs(a - b) > ratio * max(abs(a), abs(b))
            extra = f" (tolerance {ratio * 100:g} %)"
        if differs:
            # the same digits, one 10^k the other: a decimal separator misread (40,97 -> 40970)
            slip = ratio is not None and separator_slip(
                abs(a), abs(b), int(case.cfg["ocr_suspect_separator_powers"]))
            yield case.finding(
                rule_id,
                f"{what}: packing list {fmt(a)}{unit}, B/L {fmt(b)}{unit}{extra}",
                [pl.ev(fld), bl.ev(fld)],
                values=(str(pl.value(fld)), str(bl.value(fld))), ocr_suspect=slip or None)


@rule("shipment.packages_mismatch", "error")
def packages_mismatch(case: Case) -> Iterator[Finding]:
    """Number of packages differs between packing list and B/L."""
    yield from _compare(case, "shipment.packages_mismatch", "total_packages",
                        "Number of packages", "", None)


@rule("shipment.weight_mismatch", "error")
def weight_mismatch(case: Case) -> Iterator[Finding]:
    """Gross weight differs by more than the tolerance (0.5 %)."""
    yield from _compare(case, "shipment.weight_mismatch", "gross_weight_kg", "Gross weight",
                        " kg", float(case.cfg["weight_tolerance_ratio"]))


@rule("shipment.volume_mismatch", "warning")
def volume_mismatch(case: Case) -> Iterator[Finding]:
    """Volume differs by more than the tolerance (2 %)."""
    yield from _compare(case, "shipment.volume_mismatch", "volume_cbm", "Volume", " m³",
                        float(case.cfg["volume_tolerance_ratio"]))


def container_numbers(doc: Doc) -> list[str]:
    """The container numbers of a document, whether a list or one separated string."""
    v = doc.value("container_numbers")
    if v is None:
        return []
    if isinstance(v, str):
        return [p for p in re.split(r"[,;/\s]+(?=[A-Za-z]{4})", v) if p.strip()]
    if isinstance(v, list):
        return [str(x.get("value") if isinstance(x, dict) else x) for x in v if x]
    return [str(v)]


@rule("shipment.container_check_digit", "error")
def container_check_digit(case: Case) -> Iterator[Finding]:
    """A container number failing its ISO 6346 check digit (typo or OCR slip)."""
    for doc in case.docs:
        for k, code in enumerate(container_numbers(doc)):
            if container_check_digit_ok(code):
                continue
            # does undoing an OCR confusion give a valid number? then it is ocr_suspect
            fixed = compact(code)[:4] + deconfuse(compact(code)[4:])
            suspect = fixed != compact(code) and container_check_digit_ok(fixed)
            ev = doc.ev("container_numbers", value=code)
            ev.field = f"container_numbers[{k}]"
            yield case.finding(
                "shipment.container_check_digit",
                f"Container number {code} on the {doc.label} fails its ISO 6346 check digit",
                [ev], ocr_suspect=suspect)
