"""Used-car export rules (Car notice 2025): after-sales letter, application vs registration."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from docproc.check._base import Case, Doc, Evidence, Finding, fmt, rule
from docproc.check._text import (
    confusion_only,
    deconfuse,
    lookalike,
    same_code,
    script,
    vin_check_digit_ok,
)


@dataclass(eq=False)
class Vehicle:
    """One vehicle as stated on one document (header, or a line of the attached table)."""

    doc: Doc
    item: int | None

    def value(self, name: str) -> object:
        """A field of this vehicle."""
        return self.doc.value(name) if self.item is None else self.doc.item_value(self.item,
                                                                                  name)

    def ev(self, name: str) -> Evidence:
        """Evidence for a field of this vehicle."""
        return self.doc.ev(name, self.item)

    def date(self, case: Case, name: str) -> date | None:
        """A date field of this vehicle."""
        return case.date(self.doc, name, self.item)


def vehicles(doc: Doc) -> list[Vehicle]:
    """Vehicles a document states: its header, else each line with a VIN."""
    if doc.value("vin") is not None:
        return [Vehicle(doc, None)]
    rows = [Vehicle(doc, i) for i in range(len(doc.items)) if doc.item_value(i, "vin")]
    return rows or [Vehicle(doc, None)]


def _pairs(case: Case, doc_type: str) -> Iterator[tuple[Vehicle, Vehicle]]:
    """(registration, other) pairs of the same vehicle: by VIN, else the only ones."""
    regs = [v for d in case.of_type("vehicle_registration") for v in vehicles(d)]
    others = [v for d in case.of_type(doc_type) for v in vehicles(d)]
    if not regs:
        return
    for o in others:
        ov = o.value("vin")
        match = next((r for r in regs if ov and r.value("vin") and same_code(r.value("vin"), ov)),
                     None)
        if match is None and len(regs) == 1:
            match = regs[0]
        if match is None and ov:
            match = next((r for r in regs if r.value("vin") and confusion_only(
                str(r.value("vin")), str(ov))), None)
        if match is not None:
            yield match, o


@rule("vehicle.after_sales_letter_required", "error")
def after_sales_letter_required(case: Case) -> Iterator[Finding]:
    """Registered 180 days or less before the application (from 2026-01-01), and no letter."""
    max_days = int(case.cfg["after_sales_max_days"])
    start = date.fromisoformat(str(case.cfg["after_sales_applies_from"]))
    letters = case.of_type("after_sales_letter")
    for app in case.of_type("export_license_application"):
        applied = case.date(app, "document_date")
        if applied is None or applied < start:
            continue
        for veh in vehicles(app):
            reg_src = veh
            reg_date = veh.date(case, "registration_date")
            if reg_date is None:
                for r, o in _pairs(case, "export_license_application"):
                    if o is veh:
                        reg_src, reg_date = r, r.date(case, "registration_date")
            if reg_date is None:
                continue
            age = (applied - reg_date).days
            vin = veh.value("vin")
            if 0 <= age <= max_days and not letters:
                yield case.finding(
                    "vehicle.after_sales_letter_required",
                    f"Vehicle {fmt(vin or veh.value('model') or '')} was registered on "
                    f"{reg_date.isoformat()}, {age} days before the export application of "
                    f"{applied.isoformat()}: the manufacturer's after-sales service letter is "
                    "required", [reg_src.ev("registration_date"), app.ev("document_date")])


@rule("vehicle.after_sales_letter_incomplete", "error")
def after_sales_letter_incomplete(case: Case) -> Iterator[Finding]:
    """The letter lacks export country, vehicle information, service outlets or the seal."""
    required: dict[str, str] = case.cfg["after_sales_letter_fields"]
    for letter in case.of_type("after_sales_letter"):
        absent = []
        for f in required:
            v = letter.value(f)
            if f == "has_seal":
                if v is not True:
                    absent.append(f)
            elif f == "vin":
                if v is None and letter.value("model") is None:
                    absent.append(f)
            elif v is None:
                absent.append(f)
        if absent:
            yield case.finding(
                "vehicle.after_sales_letter_incomplete",
                "The after-sales service letter lacks: " + ", ".join(required[f] for f in absent),
                [letter.ev(f) if letter.value(f) is not None else Evidence(letter, f)
                 for f in absent])


def _differ(a: object, b: object) -> bool:
    if a is None or b is None:
        return False
    sa, sb = str(a), str(b)
    if {script(sa), script(sb)} == {"en", "zh"}:
        return False  # 丰田 vs TOYOTA: not comparable letter by letter
    return not same_code(sa, sb)


@rule("vehicle.brand_model_mismatch", "error")
def brand_model_mismatch(case: Case) -> Iterator[Finding]:
    """Brand or model on the application differs from the registration certificate."""
    for reg, app in _pairs(case, "export_license_application"):
        for fld, what in (("brand", "Brand"), ("model", "Model")):
            a, b = reg.value(fld), app.value(fld)
            if _differ(a, b):
                yield case.finding(
                    "vehicle.brand_model_mismatch",
                    f"{what} of vehicle {fmt(reg.value('vin') or '')}: registration "
                    f"certificate {fmt(a)}, licence application {fmt(b)}",
                    [reg.ev(fld), app.ev(fld)], values=(str(a), str(b)))


@rule("vehicle.registration_date_mismatch", "error")
def registration_date_mismatch(case: Case) -> Iterator[Finding]:
    """Registration or transfer-registration date differs from the registration certificate."""
    for reg, app in _pairs(case, "export_license_application"):
        for fld, what in (("registration_date", "Registration date"),
                          ("transfer_registration_date", "Transfer registration date")):
            a, b = reg.date(case, fld), app.date(case, fld)
            if a is not None and b is not None and a != b:
                yield case.finding(
                    "vehicle.registration_date_mismatch",
                    f"{what} of vehicle {fmt(reg.value('vin') or '')}: registration "
                    f"certificate {a.isoformat()}, licence application {b.isoformat()}",
                    [reg.ev(fld), app.ev(fld)])


def _vin_slip(case: Case, bad: str, good: str) -> bool:
    """``bad`` (failing its check digit) is a misreading of the valid VIN ``good``: they
    differ by confusions, glyphs dropped or added, or ``ocr_suspect_max_edits`` replaced
    glyphs (the failing check digit shows that ``bad`` was misread, not another vehicle).
    """
    if not vin_check_digit_ok(good) or vin_check_digit_ok(bad):
        return False
    edits = int(case.cfg["ocr_suspect_max_edits"])
    if confusion_only(bad, good) or lookalike(bad, good, edits):
        return True
    da, db = deconfuse(bad), deconfuse(good)
    return len(da) == len(db) and 0 < sum(x != y for x, y in zip(da, db, strict=True)) <= edits


def _all_vins(case: Case) -> list[str]:
    return [str(v.value("vin")) for d in case.docs if d.type in case.cfg["vehicle_documents"]
            for v in vehicles(d) if v.value("vin") is not None]


@rule("vehicle.vin_check_digit", "error")
def vin_check_digit(case: Case) -> Iterator[Finding]:
    """A VIN failing its ISO 3779 check digit (9th character); ocr_suspect when another
    vehicle document of the case states a valid VIN it is a misreading of.
    """
    vins = _all_vins(case)
    for doc in case.docs:
        if doc.type not in case.cfg["vehicle_documents"]:
            continue
        for veh in vehicles(doc):
            vin = veh.value("vin")
            if vin is not None and not vin_check_digit_ok(str(vin)):
                slip = any(_vin_slip(case, str(vin), other) for other in vins)
                yield case.finding(
                    "vehicle.vin_check_digit",
                    f"VIN {vin} on the {doc.label} fails its check digit", [veh.ev("vin")],
                    ocr_suspect=slip or None)


@rule("vehicle.vin_mismatch", "error")
def vin_mismatch(case: Case) -> Iterator[Finding]:
    """VINs differ between the registration certificate and the other vehicle documents."""
    for doc_type in ("export_license_application", "after_sales_letter"):
        for reg, other in _pairs(case, doc_type):
            a, b = reg.value("vin"), other.value("vin")
            if a is not None and b is not None and not same_code(a, b):
                # a misreading: only OCR confusions, or a slip that breaks one check digit;
                # two valid VINs differing otherwise are two vehicles
                sa, sb = str(a), str(b)
                slip = confusion_only(sa, sb) or _vin_slip(case, sa, sb) or \
                    _vin_slip(case, sb, sa)
                yield case.finding(
                    "vehicle.vin_mismatch",
                    f"VIN: registration certificate {a}, {other.doc.label} {b}",
                    [reg.ev("vin"), other.ev("vin")], ocr_suspect=slip or None)
