"""Seed exactly one discrepancy into a generated case, for the cross-check tests and benchmark.

``mutate(docs, rule_id, rng)`` copies the documents, changes one thing in the *truth* of the
copy (a value, a field, a line, a whole document) so that exactly ``rule_id`` fires, and
returns the copy with the rule ids expected. It works on truth dicts only, so the same mutated
case can be re-rendered as text PDFs and scans. A rule that cannot be seeded into this
particular case (e.g. no construction machine to strip of its hours) raises
:class:`NotApplicable`; callers pick another case.

The expected checking date of a mutated case is ``as_of_for(docs)`` (ten days after the goods
were loaded), so that clean certificates are valid and the ``expired`` mutation is expired.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from .documents import GeneratedDoc
from .shipment import vin_check_digit


class NotApplicable(ValueError):  # noqa: N818 - reads better at the call site
    """The rule cannot be seeded into this case."""


Docs = list[GeneratedDoc]
Mutator = Callable[[Docs, random.Random], None]
_MUTATORS: dict[str, Mutator] = {}

# Digits / letters a value is changed to, never an OCR confusion of the original glyph.
_SAFE_DIGIT = {"0": "7", "1": "4", "2": "9", "3": "7", "4": "9", "5": "3", "6": "4", "7": "3",
               "8": "4", "9": "3"}
_SAFE_LETTER = {ch: ("K" if ch != "K" else "M") for ch in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}

# Goods names a line is renamed to: in another HS 6-digit subheading than any generated goods
# and in none of the restricted lists, in both languages.
_OTHER_GOODS = [("Industrial Sewing Machine", "工业缝纫机"), ("Embroidery Machine", "绣花机"),
                ("Injection Moulding Machine", "注塑机"), ("Cooling Tower", "冷却塔")]
_PHONE = ("Mobile Phone", "手机", "8517130000")


def as_of_for(docs: Docs) -> date:
    """The reference date to check a generated case on: ten days after loading."""
    for d in docs:
        if d.doc_type == "bill_of_lading" and d.truth["fields"].get("on_board_date"):
            return date.fromisoformat(d.truth["fields"]["on_board_date"]) + timedelta(days=10)
    return date(2026, 6, 1)


def _mutator(rule_id: str) -> Callable[[Mutator], Mutator]:
    def deco(fn: Mutator) -> Mutator:
        _MUTATORS[rule_id] = fn
        return fn
    return deco


def _docs(docs: Docs, *types: str) -> list[GeneratedDoc]:
    return [d for d in docs if d.doc_type in types]


def _one(docs: Docs, doc_type: str) -> GeneratedDoc:
    found = _docs(docs, doc_type)
    if not found:
        raise NotApplicable(f"no {doc_type} in the case")
    return found[0]


def _change_code(value: str, rng: random.Random, *, keep_prefix: int = 0) -> str:
    """Change one or two characters of a code, never into an OCR-confusable glyph."""
    chars = list(value)
    positions = [i for i, ch in enumerate(chars) if ch.isalnum() and i >= keep_prefix]
    if not positions:
        raise NotApplicable(f"cannot change {value!r}")
    for i in rng.sample(positions, k=min(2, len(positions))):
        ch = chars[i].upper()
        chars[i] = _SAFE_DIGIT[ch] if ch.isdigit() else _SAFE_LETTER.get(ch, "K")
    out = "".join(chars)
    if out == value:
        raise NotApplicable(f"cannot change {value!r}")
    return out


def _fields(doc: GeneratedDoc) -> dict[str, Any]:
    return doc.truth["fields"]


def _items(doc: GeneratedDoc) -> list[dict[str, Any]]:
    return doc.truth["line_items"]


def _pick_line_with(docs: Docs, rng: random.Random, fld: str, types: tuple[str, ...],
                    need_other: bool = True) -> tuple[GeneratedDoc, int]:
    """A (non-invoice) document line stating ``fld`` whose goods another document states too."""
    candidates = []
    for d in _docs(docs, *types):
        for i, it in enumerate(_items(d)):
            if fld not in it:
                continue
            others = [o for o in docs if o is not d and o.doc_type in
                      ("invoice", "contract", "packing_list", "inspection_certificate")
                      and len(_items(o)) > i and fld in _items(o)[i]]
            if others or not need_other:
                candidates.append((d, i))
    if not candidates:
        raise NotApplicable(f"no line stating {fld} on two documents")
    return rng.choice(candidates)


_LINE_DOCS = ("inspection_certificate", "packing_list", "contract")


# ------------------------------------------------------------------------------- goods


@_mutator("goods.name_mismatch")
def _name(docs: Docs, rng: random.Random) -> None:
    d, i = _pick_line_with(docs, rng, "description", _LINE_DOCS)
    old = _items(d)[i]["description"]
    en, zh = rng.choice([(e, z) for e, z in _OTHER_GOODS
                         if e.lower() not in old.lower() and z not in old])
    _items(d)[i]["description"] = zh if re.search(r"[\u4e00-\u9fff]", old) else en.upper()


@_mutator("goods.model_mismatch")
def _model(docs: Docs, rng: random.Random) -> None:
    d, i = _pick_line_with(docs, rng, "model", _LINE_DOCS)
    _items(d)[i]["model"] = _change_code(_items(d)[i]["model"], rng)


@_mutator("goods.quantity_mismatch")
def _quantity(docs: Docs, rng: random.Random) -> None:
    d, i = _pick_line_with(docs, rng, "quantity", ("packing_list", "inspection_certificate"))
    _items(d)[i]["quantity"] += rng.choice([1, 2])


@_mutator("goods.unit_mismatch")
def _unit(docs: Docs, rng: random.Random) -> None:
    d, i = _pick_line_with(docs, rng, "unit", ("packing_list", "inspection_certificate"))
    _items(d)[i]["unit"] = "kg"


@_mutator("goods.origin_mismatch")
def _origin(docs: Docs, rng: random.Random) -> None:
    d, i = _pick_line_with(docs, rng, "origin", _LINE_DOCS + ("invoice",))
    old = _items(d)[i]["origin"]
    _items(d)[i]["origin"] = rng.choice([c for c in ("IT", "FR", "SE", "BR") if c != old])


@_mutator("goods.hs_code_mismatch")
def _hs(docs: Docs, rng: random.Random) -> None:
    d, i = _pick_line_with(docs, rng, "hs_code", ("inspection_certificate", "contract"))
    hs = str(_items(d)[i]["hs_code"])
    # change the 6th digit only: same heading, so the restricted lists see the same goods
    new6 = _SAFE_DIGIT[hs[5]]
    if hs.startswith(("847910", "870510", "870540", "851712", "851713", "844331", "844332")):
        raise NotApplicable("the subheading itself is listed")
    _items(d)[i]["hs_code"] = hs[:5] + new6 + hs[6:]


@_mutator("goods.serial_mismatch")
def _serial(docs: Docs, rng: random.Random) -> None:
    d, i = _pick_line_with(docs, rng, "serial_number", ("inspection_certificate", "packing_list"))
    _items(d)[i]["serial_number"] = _change_code(_items(d)[i]["serial_number"], rng)


@_mutator("goods.year_mismatch")
def _year(docs: Docs, rng: random.Random) -> None:
    d, i = _pick_line_with(docs, rng, "manufacture_year", ("inspection_certificate", "contract"))
    _items(d)[i]["manufacture_year"] -= rng.choice([1, 2, 3])


@_mutator("goods.missing_item")
def _missing(docs: Docs, rng: random.Random) -> None:
    cands = [d for d in _docs(docs, "inspection_certificate", "packing_list")
             if len(_items(d)) >= 2]
    if not cands:
        raise NotApplicable("no document with two lines to drop one from")
    d = rng.choice(cands)
    del _items(d)[rng.randrange(len(_items(d)))]


# ---------------------------------------------------------------------------- shipment


@_mutator("shipment.packages_mismatch")
def _packages(docs: Docs, rng: random.Random) -> None:
    _fields(_one(docs, "bill_of_lading"))["total_packages"] += rng.choice([1, 2, 5])


@_mutator("shipment.weight_mismatch")
def _weight(docs: Docs, rng: random.Random) -> None:
    f = _fields(_one(docs, "bill_of_lading"))
    f["gross_weight_kg"] = round(f["gross_weight_kg"] * rng.uniform(1.02, 1.2), 1)


@_mutator("shipment.volume_mismatch")
def _volume(docs: Docs, rng: random.Random) -> None:
    f = _fields(_one(docs, "bill_of_lading"))
    f["volume_cbm"] = round(f["volume_cbm"] * rng.uniform(1.06, 1.3), 2)


@_mutator("shipment.container_check_digit")
def _container(docs: Docs, rng: random.Random) -> None:
    f = _fields(_one(docs, "bill_of_lading"))
    k = rng.randrange(len(f["container_numbers"]))
    c = f["container_numbers"][k]
    f["container_numbers"][k] = c[:10] + str((int(c[10]) + rng.randint(1, 8)) % 10)


# ---------------------------------------------------------------- parties and references

_OTHER_PARTIES = ["Northgate Plant Trading Ltd.", "Shenzhen Huaxin Equipment Import Co., Ltd.",
                  "Baltic Machinery Partners GmbH", "Osaka Kogyo Trading K.K."]


def _other_party(current: str, rng: random.Random) -> str:
    return rng.choice([p for p in _OTHER_PARTIES if p.split()[0].upper()
                       not in current.upper()])


@_mutator("party.seller_mismatch")
def _seller(docs: Docs, rng: random.Random) -> None:
    f = _fields(_one(docs, "packing_list"))
    f["seller"] = _other_party(f["seller"], rng)


@_mutator("party.buyer_mismatch")
def _buyer(docs: Docs, rng: random.Random) -> None:
    f = _fields(_one(docs, "packing_list"))
    f["buyer"] = _other_party(f["buyer"], rng)


@_mutator("reference.contract_mismatch")
def _contract_ref(docs: Docs, rng: random.Random) -> None:
    f = _fields(_one(docs, "invoice"))
    f["contract_number"] = _change_code(f["contract_number"], rng, keep_prefix=2)


@_mutator("reference.invoice_mismatch")
def _invoice_ref(docs: Docs, rng: random.Random) -> None:
    f = _fields(_one(docs, "packing_list"))
    f["invoice_number"] = _change_code(f["invoice_number"], rng, keep_prefix=2)


@_mutator("document.missing")
def _drop_bl(docs: Docs, rng: random.Random) -> None:
    docs.remove(_one(docs, "bill_of_lading"))


@_mutator("document.unreadable")
def _no_lines(docs: Docs, rng: random.Random) -> None:
    _items(_one(docs, "packing_list")).clear()


# ------------------------------------------------------------------------------ amounts


@_mutator("amount.line_error")
def _line_error(docs: Docs, rng: random.Random) -> None:
    items = _items(_one(docs, "invoice"))
    it = rng.choice(items)
    it["unit_price"] = round(it["unit_price"] * rng.uniform(1.05, 1.3) + 1, 2)


@_mutator("amount.total_error")
def _total_error(docs: Docs, rng: random.Random) -> None:
    f = _fields(_one(docs, "invoice"))
    f["total_amount"] = round(f["total_amount"] - rng.choice([10, 100, 1000]), 2)


@_mutator("amount.exceeds_contract")
def _exceeds(docs: Docs, rng: random.Random) -> None:
    contract = _one(docs, "contract")
    it = rng.choice(_items(contract))
    cut = round(it["unit_price"] * 0.1, 2) or 1.0
    it["unit_price"] = round(it["unit_price"] - cut, 2)
    it["amount"] = round(it["unit_price"] * it["quantity"], 2)
    _fields(contract)["total_amount"] = round(sum(x["amount"] for x in _items(contract)), 2)


@_mutator("amount.currency_mismatch")
def _currency(docs: Docs, rng: random.Random) -> None:
    f = _fields(_one(docs, "invoice"))
    # currencies the corpus renderer can print (fmt has symbols for these)
    f["currency"] = rng.choice([c for c in ("USD", "EUR", "JPY") if c != f["currency"]])


# --------------------------------------------------------------------------- certificate


def _cert(docs: Docs) -> dict[str, Any]:
    return _fields(_one(docs, "inspection_certificate"))


@_mutator("certificate.after_departure")
def _after_departure(docs: Docs, rng: random.Random) -> None:
    boarded = date.fromisoformat(_fields(_one(docs, "bill_of_lading"))["on_board_date"])
    _cert(docs)["inspection_date"] = (boarded + timedelta(days=rng.randint(1, 5))).isoformat()


@_mutator("certificate.expired")
def _expired(docs: Docs, rng: random.Random) -> None:
    f = _cert(docs)
    f["valid_until"] = (date.fromisoformat(f["document_date"]) + timedelta(days=1)).isoformat()


@_mutator("certificate.validity_too_long")
def _too_long(docs: Docs, rng: random.Random) -> None:
    f = _cert(docs)
    issued = date.fromisoformat(f["document_date"])
    f["valid_until"] = (issued + timedelta(days=366 + rng.randint(20, 200))).isoformat()


@_mutator("certificate.missing_field")
def _missing_field(docs: Docs, rng: random.Random) -> None:
    f = _cert(docs)
    del f[rng.choice(["inspection_place", "inspection_basis", "authorized_signatory",
                      "issuing_agency"])]


@_mutator("certificate.no_seal")
def _no_seal(docs: Docs, rng: random.Random) -> None:
    _cert(docs)["has_seal"] = False


@_mutator("certificate.no_signature")
def _no_signature(docs: Docs, rng: random.Random) -> None:
    _cert(docs)["has_signature"] = False


_SIGNATORIES_EN = {"张伟": "Zhang Wei", "王建国": "Wang Jianguo", "李娜": "Li Na",
                   "刘洋": "Liu Yang", "陈静": "Chen Jing", "杨帆": "Yang Fan", "赵磊": "Zhao Lei",
                   "黄志强": "Huang Zhiqiang", "周婷": "Zhou Ting", "吴国栋": "Wu Guodong",
                   "徐海峰": "Xu Haifeng", "孙丽华": "Sun Lihua"}
_AGENCY_REGION_EN = {"日本": "JAPAN", "德国": "GERMANY", "欧洲": "EUROPE", "韩国": "KOREA",
                     "北美": "NORTH AMERICA", "英国": "UK", "荷兰": "NETHERLANDS",
                     "上海": "SHANGHAI"}
_CJK = re.compile(r"[\u3400-\u9fff]")


def _agency_en(name: str) -> str:
    m = re.fullmatch(r"中国检验认证集团(.+)有限公司", name)
    if m and m.group(1) in _AGENCY_REGION_EN:
        return f"CCIC {_AGENCY_REGION_EN[m.group(1)]} CO., LTD."
    return "GLOBAL INSPECTION SERVICES LTD." if _CJK.search(name) else name


@_mutator("certificate.not_chinese")
def _not_chinese(docs: Docs, rng: random.Random) -> None:
    """The certificate issued in English only: every Chinese value and label replaced."""
    from .shipment import pools

    cert = _one(docs, "inspection_certificate")
    f = _fields(cert)
    f["languages"] = ["en"]
    if "issuing_agency" in f:
        f["issuing_agency"] = _agency_en(f["issuing_agency"])
    if "authorized_signatory" in f:
        f["authorized_signatory"] = _SIGNATORIES_EN.get(f["authorized_signatory"],
                                                        "Li Ming")
    if "inspection_place" in f:
        port = str(cert.extra.get("port_of_loading") or "the port of loading").title()
        f["inspection_place"] = f"Container yard, {port}"
    if "inspection_basis" in f:
        f["inspection_basis"] = ("Measures for the Supervision and Administration of the "
                                 "Inspection of Imported Used Mechanical and Electrical Products")
    en_of = {g["zh"]: g["en"] for g in pools()["goods"]}
    for it in _items(cert):
        desc = it.get("description")
        if isinstance(desc, str) and _CJK.search(desc):
            plain = re.sub(r"^(旧|二手)", "", desc)
            it["description"] = en_of.get(plain) or en_of.get(desc) or "Used Machine"
    for k, v in f.items():  # anything else (applicant, ...) must not be Chinese either
        if isinstance(v, str) and _CJK.search(v):
            raise NotApplicable(f"{k} has no English form")
    cert.lang = "en"
    cert.style.update(unit_style="upper", country_style="upper")
    if cert.style.get("date_format") == "zh":  # 2026年3月1日
        cert.style["date_format"] = "iso"
    cert.style["columns_labels"] = {**cert.style.get("columns_labels", {}), **_COLUMNS_EN}


_COLUMNS_EN = {"description": "Description", "hs_code": "HS Code", "brand": "Brand",
               "model": "Model", "quantity": "Qty", "unit": "Unit", "origin": "Origin",
               "manufacture_year": "Year of Manufacture", "serial_number": "Serial No.",
               "hours_used": "Working Hours", "no": "No."}


@_mutator("certificate.non_conforming")
def _non_conforming(docs: Docs, rng: random.Random) -> None:
    _cert(docs)["conclusion"] = "non_conforming"


@_mutator("certificate.construction_machine_fields")
def _construction(docs: Docs, rng: random.Random) -> None:
    cert = _one(docs, "inspection_certificate")
    lines = [it for it in _items(cert) if "hours_used" in it]
    if not lines:
        raise NotApplicable("no construction machine on the certificate")
    del rng.choice(lines)["hours_used"]


# ------------------------------------------------------------------------------ imports


@_mutator("import.prohibited_used_goods")
def _prohibited(docs: Docs, rng: random.Random) -> None:
    if _docs(docs, "vehicle_registration", "export_license_application"):
        raise NotApplicable("an export case")
    i = rng.randrange(len(_items(_one(docs, "invoice"))))
    en, zh, hs = _PHONE
    for d in docs:  # the goods themselves change: every document lists the same goods
        if len(_items(d)) <= i:
            continue
        it = _items(d)[i]
        if "description" in it:
            it["description"] = zh if re.search(r"[\u4e00-\u9fff]", it["description"]) \
                else en.upper()
        if "hs_code" in it:
            it["hs_code"] = hs
        it.pop("hours_used", None)


@_mutator("hs_code.format")
def _hs_format(docs: Docs, rng: random.Random) -> None:
    cands = [(d, it) for d in _docs(docs, "invoice", "packing_list") for it in _items(d)
             if "hs_code" in it]
    if not cands:
        raise NotApplicable("no HS code on a customs-facing document")
    _d, it = rng.choice(cands)
    it["hs_code"] = str(it["hs_code"])[:8]


# ------------------------------------------------------------------------------ vehicle


@_mutator("vehicle.after_sales_letter_required")
def _drop_letter(docs: Docs, rng: random.Random) -> None:
    app = _fields(_one(docs, "export_license_application"))
    applied = date.fromisoformat(app["document_date"])
    registered = date.fromisoformat(app["registration_date"])
    if (applied - registered).days > 180 or applied < date(2026, 1, 1):
        raise NotApplicable("the letter is not required for this vehicle")
    docs.remove(_one(docs, "after_sales_letter"))


@_mutator("vehicle.after_sales_letter_incomplete")
def _letter_incomplete(docs: Docs, rng: random.Random) -> None:
    f = _fields(_one(docs, "after_sales_letter"))
    key = rng.choice(["service_outlets", "export_country", "has_seal"])
    if key == "has_seal":
        f["has_seal"] = False
    else:
        del f[key]


@_mutator("vehicle.brand_model_mismatch")
def _vehicle_model(docs: Docs, rng: random.Random) -> None:
    f = _fields(_one(docs, "export_license_application"))
    f["model"] = _change_code(f["model"], rng)


@_mutator("vehicle.registration_date_mismatch")
def _vehicle_dates(docs: Docs, rng: random.Random) -> None:
    f = _fields(_one(docs, "export_license_application"))
    d = date.fromisoformat(f["transfer_registration_date"])
    f["transfer_registration_date"] = (d - timedelta(days=rng.randint(1, 3))).isoformat()


def _valid_vin(vin: str) -> str:
    return vin[:8] + vin_check_digit(vin) + vin[9:]


@_mutator("vehicle.vin_check_digit")
def _vin_digit(docs: Docs, rng: random.Random) -> None:
    reg = _fields(_one(docs, "vehicle_registration"))
    vin = reg["vin"]
    bad = vin[:8] + rng.choice([c for c in "0123456789X" if c != vin[8]]) + vin[9:]
    for d in docs:  # the VIN itself is wrong, consistently on every document
        if _fields(d).get("vin") == vin:
            _fields(d)["vin"] = bad
        for it in _items(d):
            if it.get("serial_number") == vin:
                it["serial_number"] = bad


@_mutator("vehicle.vin_mismatch")
def _vin_mismatch(docs: Docs, rng: random.Random) -> None:
    f = _fields(_one(docs, "export_license_application"))
    vin = f["vin"]
    k = rng.randrange(11, 17)
    changed = vin[:k] + _SAFE_DIGIT.get(vin[k], "3") + vin[k + 1:]
    f["vin"] = _valid_vin(changed)


MUTABLE_RULES: list[str] = list(_MUTATORS)


def mutate(docs: list[GeneratedDoc], rule_id: str, rng: random.Random
           ) -> tuple[list[GeneratedDoc], set[str]]:
    """A copy of ``docs`` with one discrepancy seeded for ``rule_id``, and the ids expected.

    Raises :class:`NotApplicable` when this case offers nothing to seed the rule into, and
    ``KeyError`` for a rule that cannot be seeded from documents at all.
    """
    if rule_id not in _MUTATORS:
        raise KeyError(f"{rule_id} cannot be seeded from documents")
    out = [d.copy() for d in docs]
    _MUTATORS[rule_id](out, rng)
    return out, {rule_id}
