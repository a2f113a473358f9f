"""Import restrictions and HS code form (prohibited used goods, 10-digit customs codes)."""

from __future__ import annotations

from collections.abc import Iterator

from docproc.check._base import Case, Evidence, Finding, fmt, rule
from docproc.check._text import compact, concept_of
from docproc.data import load


@rule("import.prohibited_used_goods", "error")
def prohibited_used_goods(case: Case) -> Iterator[Finding]:
    """Used goods in a category whose import is prohibited (HS prefixes in hs_lists.yaml).

    Not applied to used-car *export* cases. Goods stated to be new are not "used goods";
    goods with no stated condition are (the Measures cover used goods). One finding per kind
    of goods, with the evidence of every document that lists it.
    """
    if case.is_vehicle_export:
        return
    banned = load("hs_lists.yaml")["prohibited_used_goods"]
    seen: dict[tuple[str, str], tuple[str, str, list[Evidence]]] = {}
    for doc in case.docs:
        for i in range(len(doc.items)):
            cond = doc.item_value(i, "condition")
            if cond is not None and str(cond).lower() == "new":
                continue
            hs = doc.item_value(i, "hs_code")
            digits = "".join(ch for ch in str(hs) if ch.isdigit()) if hs is not None else ""
            desc = doc.item_value(i, "description")
            if not digits and desc is not None:
                c = concept_of(str(desc))
                digits = c.hs_prefix if c else ""
            hit = next((b for b in banned if digits.startswith(str(b["prefix"]))), None)
            if hit is None:
                continue
            key = (str(hit["prefix"]), compact(doc.item_value(i, "model") or ""))
            fld = "hs_code" if hs is not None else "description"
            name = " ".join(str(v) for v in (desc, doc.item_value(i, "model")) if v)
            seen.setdefault(key, (name, str(hit["name"]), []))[2].append(doc.ev(fld, i))
    for name, category, evidence in seen.values():
        yield case.finding(
            "import.prohibited_used_goods",
            f"{name or 'Goods'}: import of {category} is prohibited", evidence)


@rule("hs_code.format", "warning")
def hs_code_format(case: Case) -> Iterator[Finding]:
    """An HS code on a customs-facing document is not 10 digits (China's tariff codes)."""
    want = int(case.cfg["hs_code_digits"])
    for doc in case.docs:
        if doc.type not in case.cfg["customs_facing_documents"]:
            continue
        for i in range(len(doc.items)):
            hs = doc.item_value(i, "hs_code")
            if hs is None:
                continue
            digits = "".join(ch for ch in str(hs) if ch.isdigit())
            if len(digits) != want or digits != compact(hs):
                yield case.finding(
                    "hs_code.format",
                    f"HS code {fmt(hs)} on the {doc.label} is not {want} digits",
                    [doc.ev("hs_code", i)])
