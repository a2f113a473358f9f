"""Pre-shipment inspection certificate rules (Measures 2018 art. 7, 11, 18, 27)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import date

from docproc.check._base import Case, Doc, Evidence, Finding, add_months, fmt, rule
from docproc.check._text import concept_of, has_chinese, party_key
from docproc.data import load


def _certs(case: Case) -> list[Doc]:
    return case.of_type("inspection_certificate")


@rule("certificate.after_departure", "error")
def after_departure(case: Case) -> Iterator[Finding]:
    """Inspection or issue date after the B/L on-board date (art. 7: inspect before departure)."""
    bls = [(bl, case.date(bl, "on_board_date")) for bl in case.of_type("bill_of_lading")]
    bls = [(bl, d) for bl, d in bls if d is not None]
    if not bls:
        return
    bl, boarded = min(bls, key=lambda x: x[1])
    for cert in _certs(case):
        for fld, what in (("inspection_date", "inspected"), ("document_date", "issued")):
            d = case.date(cert, fld)
            if d is not None and d > boarded:
                yield case.finding(
                    "certificate.after_departure",
                    f"The certificate was {what} on {d.isoformat()}, after the goods were "
                    f"loaded on board on {boarded.isoformat()} (B/L)",
                    [cert.ev(fld), bl.ev("on_board_date")])


@rule("certificate.expired", "error")
def expired(case: Case) -> Iterator[Finding]:
    """``valid_until`` before the reference date of the check."""
    for cert in _certs(case):
        d = case.date(cert, "valid_until")
        if d is not None and d < case.as_of:
            yield case.finding(
                "certificate.expired",
                f"The certificate expired on {d.isoformat()} (checked as of "
                f"{case.as_of.isoformat()})", [cert.ev("valid_until")])


@rule("certificate.validity_too_long", "warning")
def validity_too_long(case: Case) -> Iterator[Finding]:
    """Validity longer than one year after issue (art. 11(VI): usually 6 or 12 months)."""
    months = int(case.cfg["certificate_max_validity_months"])
    for cert in _certs(case):
        until = case.date(cert, "valid_until")
        issued_fld = "document_date" if cert.value("document_date") is not None \
            else "inspection_date"
        issued = case.date(cert, issued_fld)
        if until is None or issued is None:
            continue
        if until > add_months(issued, months):
            yield case.finding(
                "certificate.validity_too_long",
                f"The certificate issued on {issued.isoformat()} is valid until "
                f"{until.isoformat()}, longer than {months} months",
                [cert.ev(issued_fld), cert.ev("valid_until")])


@rule("certificate.missing_field", "error")
def missing_field(case: Case) -> Iterator[Finding]:
    """Serial number, agency, inspection date/place/basis or signatory absent (art. 11)."""
    required: dict[str, str] = case.cfg["certificate_required_fields"]
    for cert in _certs(case):
        absent = [f for f in required if cert.value(f) is None]
        if absent:
            yield case.finding(
                "certificate.missing_field",
                "The certificate does not state: " + ", ".join(required[f] for f in absent),
                [Evidence(cert, f) for f in absent])


def _flag_rule(case: Case, rule_id: str, fld: str, message: str) -> Iterator[Finding]:
    for cert in _certs(case):
        if cert.value(fld) is not True:
            ev = cert.ev(fld)
            ev.value = cert.value(fld) if cert.value(fld) is not None else False
            yield case.finding(rule_id, message, [ev])


@rule("certificate.no_seal", "error")
def no_seal(case: Case) -> Iterator[Finding]:
    """No official seal seen on the certificate image."""
    yield from _flag_rule(case, "certificate.no_seal", "has_seal",
                          "No official seal was found on the certificate")


@rule("certificate.no_signature", "warning")
def no_signature(case: Case) -> Iterator[Finding]:
    """No signature seen on the certificate image."""
    yield from _flag_rule(case, "certificate.no_signature", "has_signature",
                          "No signature was found on the certificate")


def _strings(obj: object) -> Iterator[str]:
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            if k in ("value", "raw") or isinstance(v, dict | list):
                yield from _strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _strings(v)


@rule("certificate.not_chinese", "error")
def not_chinese(case: Case) -> Iterator[Finding]:
    """The certificate has no Chinese text (art. 11(V): it must be in Chinese)."""
    for cert in _certs(case):
        langs = cert.value("languages")
        if isinstance(langs, list) and langs:
            chinese = any(str(x).lower().startswith("zh") for x in langs)
        else:
            chinese = any(has_chinese(s) for s in _strings([cert.fields, cert.items]))
        if not chinese:
            yield case.finding("certificate.not_chinese",
                               "The certificate has no Chinese text (the Chinese version is "
                               "required and prevails)", [cert.ev("languages")])


_NON_CONFORMING = ("non_conforming", "non-conforming", "not conform", "不合格", "不符合")


@rule("certificate.non_conforming", "error")
def non_conforming(case: Case) -> Iterator[Finding]:
    """The conclusion says the goods do not conform."""
    for cert in _certs(case):
        c = cert.value("conclusion")
        if c is not None and any(k in str(c).lower() for k in _NON_CONFORMING):
            yield case.finding("certificate.non_conforming",
                               f"The certificate concludes that the goods do not conform "
                               f"({fmt(c)})", [cert.ev("conclusion")])


def _effective_case_id(case: Case) -> str:
    """The case id, or one derived from the documents' content when none was given."""
    if case.case_id:
        return case.case_id
    digests = sorted(str((d.raw.get("source") or {}).get("sha256") or
                         hashlib.sha256(json.dumps(d.raw, sort_keys=True, default=str)
                                        .encode()).hexdigest()) for d in case.docs)
    return "content:" + hashlib.sha256("|".join(digests).encode()).hexdigest()[:32]


@rule("certificate.duplicate_serial", "error")
def duplicate_serial(case: Case) -> Iterator[Finding]:
    """The certificate serial number was already used by another case (store required)."""
    if case.store is None:
        return
    case_id = _effective_case_id(case)
    for cert in _certs(case):
        serial = cert.value("document_number")
        if serial is None:
            continue
        sha = (cert.raw.get("source") or {}).get("sha256")
        others = case.store.record(str(serial), case_id, sha if isinstance(sha, str) else None)
        if others:
            first = others[0]
            yield case.finding(
                "certificate.duplicate_serial",
                f"Certificate serial number {serial} was already used in case {first.case_id} "
                f"(first seen {first.first_seen:%Y-%m-%d})", [cert.ev("document_number")])


def _recognition_applies(entry: dict, on: date) -> bool:
    lo, hi = entry.get("from"), entry.get("until")
    lo = date.fromisoformat(str(lo)) if lo else None
    hi = date.fromisoformat(str(hi)) if hi else None
    return (lo is None or lo <= on) and (hi is None or on <= hi)


@rule("certificate.agency_not_recognized", "error")
def agency_not_recognized(case: Case) -> Iterator[Finding]:
    """The issuing agency is on the admin-managed list of agencies not recognised (art. 18)."""
    entries = (load("agencies_not_recognized.yaml") or {}).get("agencies") or []
    if not entries:
        return
    for cert in _certs(case):
        agency = cert.value("issuing_agency")
        if agency is None:
            continue
        key = party_key(str(agency))
        on = case.date(cert, "document_date") or case.as_of
        for entry in entries:
            names = [entry.get("name", ""), *(entry.get("aliases") or [])]
            if any(n and party_key(str(n)) == key for n in names) and \
                    _recognition_applies(entry, on):
                yield case.finding(
                    "certificate.agency_not_recognized",
                    f"Certificates issued by {agency} are not recognised", [cert.ev(
                        "issuing_agency")])
                break


def _hs_of(case: Case, doc: Doc, i: int) -> str:
    """An item's HS code digits, else its glossary concept's HS prefix, else ''."""
    hs = doc.item_value(i, "hs_code")
    if hs is not None:
        return "".join(ch for ch in str(hs) if ch.isdigit())
    desc = doc.item_value(i, "description")
    c = concept_of(str(desc)) if desc is not None else None
    return c.hs_prefix if c else ""


def hs_in(hs: str, prefixes: list) -> bool:
    """Whether HS code ``hs`` falls under one of ``prefixes``."""
    return bool(hs) and any(hs.startswith(str(p)) for p in prefixes)


@rule("certificate.construction_machine_fields", "error")
def construction_machine_fields(case: Case) -> Iterator[Finding]:
    """Construction machines: name, HS, model, origin, engine/frame no., year, hours listed."""
    prefixes = load("hs_lists.yaml")["construction_machinery"]
    required: dict[str, str] = case.cfg["construction_machine_item_fields"]
    for cert in _certs(case):
        for i in range(len(cert.items)):
            if not hs_in(_hs_of(case, cert, i), prefixes):
                continue
            absent = [f for f in required if cert.item_value(i, f) is None]
            if absent:
                name = " ".join(str(v) for v in (cert.item_value(i, "description"),
                                                 cert.item_value(i, "model")) if v)
                yield case.finding(
                    "certificate.construction_machine_fields",
                    f"Construction machine {name or f'line {i + 1}'}: the certificate does not "
                    "list " + ", ".join(required[f] for f in absent),
                    [Evidence(cert, f"line_items[{i}].{f}") for f in absent])
