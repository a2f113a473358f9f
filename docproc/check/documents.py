"""Case completeness and readability: nothing is checked on a document we could not read,
and nothing such is passed silently (``document.missing``, ``document.unreadable``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from docproc.check._base import DOC_LABELS, Case, Evidence, Finding, fmt, rule
from docproc.check.certificate import _hs_of, hs_in
from docproc.data import load


def _certificate_required(case: Case) -> list[Evidence]:
    """Evidence of used goods under pre-shipment inspection (Measures art. 5), if any."""
    prefixes = load("hs_lists.yaml")["pre_shipment_inspection"]
    out = []
    for doc in case.docs:
        if doc.type not in case.cfg["goods_documents"]:
            continue
        for i in range(len(doc.items)):
            cond = doc.item_value(i, "condition")
            if cond is not None and str(cond).lower() == "new":
                continue
            if hs_in(_hs_of(case, doc, i), prefixes):
                out.append(doc.ev("hs_code" if doc.item_value(i, "hs_code") else
                                  "description", i))
    return out


@rule("document.missing", "error")
def missing(case: Case) -> Iterator[Finding]:
    """Contract, invoice, packing list or B/L absent (art. 12); the certificate where
    pre-shipment inspection is required; for used-car export, the vehicle documents.
    """
    present = {d.type for d in case.docs}
    required = list(case.cfg["required_documents"])
    if case.is_vehicle_export:
        required += list(case.cfg["required_vehicle_documents"])
    for t in required:
        if t not in present:
            yield case.finding("document.missing",
                               f"The {DOC_LABELS[t]} is missing from the case",
                               [Evidence(None, None, doc_type=t)])
    if not case.is_vehicle_export and "inspection_certificate" not in present:
        why = _certificate_required(case)
        if why:
            yield case.finding(
                "document.missing",
                "The pre-shipment inspection certificate is missing: "
                f"{fmt(why[0].value)} is used goods subject to pre-shipment inspection",
                [Evidence(None, None, doc_type="inspection_certificate"), why[0]])


def _warning_confidence(case: Case, warnings: list) -> float | None:
    pat = re.compile(case.cfg["warning_confidence_pattern"], re.IGNORECASE)
    low = None
    for w in warnings:
        m = pat.search(str(w))
        if m:
            v = float(m.group(1)) / 100.0
            low = v if low is None else min(low, v)
    return low


@rule("document.unreadable", "error", late=True)
def unreadable(case: Case) -> Iterator[Finding]:
    """A document (or a value on it) that could not be read well enough to check."""
    limit = float(case.cfg["unreadable_confidence"])
    for doc in case.docs:
        reasons = []
        if doc.type == "unknown":
            reasons.append("its type could not be recognised")
        if not doc.fields and not doc.items:
            reasons.append("no field could be read")
        confs = doc.confidences()
        if confs and sum(confs) / len(confs) < limit:
            reasons.append(f"mean reading confidence {sum(confs) / len(confs):.0%}")
        warnings = doc.raw.get("warnings") if isinstance(doc.raw.get("warnings"), list) else []
        page_conf = _warning_confidence(case, warnings)
        if page_conf is not None and page_conf < limit:
            reasons.append(f"a page was read with OCR confidence {page_conf:.0%}")
        if doc.type in case.cfg["goods_documents"] and doc.fields and not doc.items:
            reasons.append("no goods lines could be read")
        if reasons:
            name = (doc.raw.get("source") or {}).get("filename") if isinstance(
                doc.raw.get("source"), dict) else None
            what = f"{doc.label} ({name})" if name else doc.label
            yield case.finding(
                "document.unreadable",
                f"The {what} could not be checked: " + "; ".join(reasons)
                + (f" [{'; '.join(map(str, warnings))}]" if warnings else ""),
                [Evidence(doc, None)], ocr_suspect=True)
    _validate_values(case)
    for p in case.problems:
        ev = p.doc.ev(p.path.split(".")[-1], _item_of(p.path))
        yield case.finding(
            "document.unreadable",
            f"{p.path} on the {p.doc.label} reads \u201c{fmt(p.value)}\u201d, which is not "
            f"{p.wanted}: it could not be checked", [ev], ocr_suspect=True)


def _item_of(path: str) -> int | None:
    m = re.match(r"line_items\[(\d+)\]", path)
    return int(m.group(1)) if m else None


NUMERIC_FIELDS = ("quantity", "unit_price", "amount", "total_amount", "gross_weight_kg",
                  "net_weight_kg", "volume_cbm", "total_packages", "packages",
                  "manufacture_year", "hours_used")


def _validate_values(case: Case) -> None:
    """Read every date and number of every document, so a value that does not parse is
    reported even when no rule happened to need it.
    """
    for doc in case.docs:
        for name in doc.fields:
            if name.endswith("_date") or name == "valid_until":
                case.date(doc, name)
            elif name in NUMERIC_FIELDS:
                case.number(doc, name)
        for i, item in enumerate(doc.items):
            for name in item:
                if name.endswith("_date"):
                    case.date(doc, name, i)
                elif name in NUMERIC_FIELDS:
                    case.number(doc, name, i)
