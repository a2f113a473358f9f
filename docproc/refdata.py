"""Reference data an admin edits at run time: the goods glossary, agencies, thresholds.

The shipped files of ``docproc/data`` stay the defaults. An edit is validated here (pure
functions: content in, normalised content out, or :class:`ReferenceDataInvalidError` with one
line saying what is wrong), then written atomically next to the other admin edits
(:func:`docproc.data.override_dir`), where ``docproc.data.load`` prefers it. Resetting deletes
the edit. The JSON API and the admin pages both go through :func:`save` and :func:`reset`, so
the rules cannot differ between them.

Content is exchanged as JSON: the glossary as a list of row objects (the CSV columns), the
YAML files as their object with dates as ISO strings.
"""

from __future__ import annotations

import contextlib
import csv
import fcntl
import fnmatch
import io
import math
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml

from docproc import data
from docproc.errors import ReferenceDataConflictError, ReferenceDataInvalidError


@dataclass(frozen=True, slots=True)
class Kind:
    """One editable reference file: its API name, file and what it is for."""

    name: str
    file: str
    title: str
    description: str


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("glossary", "glossary.csv", "Goods glossary",
         "Kinds of goods with their English and Chinese names, synonyms and HS prefix; "
         "goods names on different documents are compared through it."),
    Kind("agencies", "agencies_not_recognized.yaml", "Agencies not recognised",
         "Inspection agencies whose pre-shipment certificates are not recognised "
         "(Measures 2018 art. 18); a certificate they issued is an error."),
    Kind("thresholds", "check.yaml", "Thresholds and lists of the cross-check",
         "Tolerances, confidence limits, matching weights and document lists used by the "
         "rules."),
)}

INVALID = ReferenceDataInvalidError
MAX_TEXT = 1000
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def kind(name: str) -> Kind | None:
    """The editable reference file called ``name`` (``glossary``...), or None."""
    return KINDS.get(name)


def _text(value: Any, where: str, *, required: bool = True, limit: int = MAX_TEXT) -> str:
    """A stripped one-line string, or the error saying why ``value`` is not one."""
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise INVALID(f"{where} must be a string")
    value = value.strip()
    if required and not value:
        raise INVALID(f"{where} is empty")
    if len(value) > limit:
        raise INVALID(f"{where} is longer than {limit} characters")
    if _CONTROL.search(value):
        raise INVALID(f"{where} contains a line break or control character")
    return value


def _date(value: Any, where: str) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return date.fromisoformat(value.strip())
    raise INVALID(f"{where} must be a date YYYY-MM-DD")


def _json_safe(obj: Any) -> Any:
    """YAML content as JSON: dates become ISO strings."""
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, dict):
        return {str(k): _json_safe(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_json_safe(v) for v in obj]
    return obj


# -- glossary -------------------------------------------------------------------------------

GLOSSARY_COLUMNS = ("concept_id", "en", "zh", "variants", "hs_prefix")
_CONCEPT_ID = re.compile(r"[a-z0-9][a-z0-9_]{0,79}")
_HS_PREFIX = re.compile(r"\d{4,10}")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
MAX_GLOSSARY_ROWS = 5000


def glossary_row(row: Any, where: str) -> dict[str, str]:
    """One glossary row, normalised (variants de-duplicated, ``|``-joined)."""
    if not isinstance(row, dict):
        raise INVALID(f"{where} must be an object with {', '.join(GLOSSARY_COLUMNS)}")
    missing = [c for c in GLOSSARY_COLUMNS if c not in row]
    if missing:
        raise INVALID(f"{where} lacks column {missing[0]}")
    unknown = sorted(set(row) - set(GLOSSARY_COLUMNS))
    if unknown:
        raise INVALID(f"{where} has unknown column {unknown[0]!r}")
    cid = _text(row["concept_id"], f"{where} concept_id", limit=80)
    if not _CONCEPT_ID.fullmatch(cid):
        raise INVALID(f"{where} concept_id {cid!r} must be lower-case letters, digits and _")
    where = f"{where} ({cid})"
    en = _text(row["en"], f"{where} en", limit=200)
    if not _LATIN.search(en):
        raise INVALID(f"{where} en must be an English name")
    zh = _text(row["zh"], f"{where} zh", limit=200)
    if not _CJK.search(zh):
        raise INVALID(f"{where} zh must be a Chinese name")
    variants = _text(row["variants"], f"{where} variants", required=False)
    names = list(dict.fromkeys(v.strip() for v in variants.split("|") if v.strip()))
    hs = _text(row["hs_prefix"], f"{where} hs_prefix", limit=10)
    if not _HS_PREFIX.fullmatch(hs):
        raise INVALID(f"{where} hs_prefix must be 4 to 10 digits")
    return {"concept_id": cid, "en": en, "zh": zh, "variants": "|".join(names),
            "hs_prefix": hs}


def validate_glossary(content: Any) -> list[dict[str, str]]:
    """A list of glossary rows with the shipped columns, names present, ids unique."""
    if not isinstance(content, list):
        raise INVALID("glossary must be a list of rows")
    if not content:
        raise INVALID("glossary must have at least one row")
    if len(content) > MAX_GLOSSARY_ROWS:
        raise INVALID(f"glossary has more than {MAX_GLOSSARY_ROWS} rows")
    rows: list[dict[str, str]] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(content, start=1):
        row = glossary_row(raw, f"glossary row {i}")
        first = seen.setdefault(row["concept_id"], i)
        if first != i:
            raise INVALID(f"glossary row {i}: concept_id {row['concept_id']!r} is already "
                          f"used by row {first}")
        rows.append(row)
    return rows


def _glossary_json(loaded: Any) -> list[dict[str, str]]:
    """The CSV rows as loaded, without comment rows, empty cells as ``""``."""
    rows = []
    for row in loaded or []:
        cid = (row.get("concept_id") or "").strip()
        if cid and not cid.startswith("#"):
            rows.append({c: (row.get(c) or "").strip() for c in GLOSSARY_COLUMNS})
    return rows


def _glossary_text(rows: list[dict[str, str]]) -> str:
    """CSV text: the header, the shipped file's ``#`` source notes, then the rows."""
    shipped = data.parse("glossary.csv", (data.DATA_DIR / "glossary.csv")
                         .read_text(encoding="utf-8"))
    notes = [r for r in shipped if (r.get("concept_id") or "").startswith("#")]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=GLOSSARY_COLUMNS, lineterminator="\n",
                            extrasaction="ignore")
    writer.writeheader()
    for note in notes:
        writer.writerow({c: note.get(c) or "" for c in GLOSSARY_COLUMNS})
    writer.writerows(rows)
    return out.getvalue()


# -- agencies -------------------------------------------------------------------------------

AGENCY_KEYS = ("name", "aliases", "from", "until", "reason", "source")
MAX_AGENCIES = 1000


def agency_entry(entry: Any, where: str) -> dict[str, Any]:
    """One agency entry as ``certificate.agency_not_recognized`` reads it, normalised."""
    if not isinstance(entry, dict):
        raise INVALID(f"{where} must be an object with a name")
    unknown = sorted(set(entry) - set(AGENCY_KEYS))
    if unknown:
        raise INVALID(f"{where} has unknown key {unknown[0]!r} "
                      f"(allowed: {', '.join(AGENCY_KEYS)})")
    name = _text(entry.get("name"), f"{where} name", limit=300)
    where = f"{where} ({name})"
    out: dict[str, Any] = {"name": name}
    aliases = entry.get("aliases")
    if aliases is not None:
        if not isinstance(aliases, list):
            raise INVALID(f"{where} aliases must be a list of names")
        names = [_text(a, f"{where} alias", limit=300) for a in aliases]
        if names:
            out["aliases"] = list(dict.fromkeys(names))
    for key in ("from", "until"):
        if entry.get(key) not in (None, ""):
            out[key] = _date(entry[key], f"{where} {key}")
    if "from" in out and "until" in out and out["from"] > out["until"]:
        raise INVALID(f"{where}: from {out['from']} is after until {out['until']}")
    for key in ("reason", "source"):
        text = _text(entry.get(key), f"{where} {key}", required=False)
        if text:
            out[key] = text
    return out


def validate_agencies(content: Any) -> dict[str, list[dict[str, Any]]]:
    """``{"agencies": [...]}`` with named entries, valid periods, no agency listed twice."""
    if not isinstance(content, dict) or set(content) != {"agencies"}:
        raise INVALID('agencies must be an object {"agencies": [...]}')
    entries = content["agencies"]
    if not isinstance(entries, list):
        raise INVALID("agencies: 'agencies' must be a list")
    if len(entries) > MAX_AGENCIES:
        raise INVALID(f"agencies: more than {MAX_AGENCIES} entries")
    from docproc.check._text import party_key  # the key the rule matches names by

    out: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(entries, start=1):
        entry = agency_entry(raw, f"agency {i}")
        for n in (entry["name"], *entry.get("aliases", [])):
            first = seen.setdefault(party_key(n), i)
            if first != i:
                raise INVALID(f"agency {i} ({entry['name']}): {n!r} is already listed by "
                              f"agency {first}")
        out.append(entry)
    return {"agencies": out}


# -- thresholds (check.yaml) ----------------------------------------------------------------

# mappings whose keys an admin may add to or remove (a new unit alias); every other mapping
# keeps exactly the shipped keys, since the rules look those keys up by name
OPEN_MAPPINGS = ("unit_aliases", "unit_groups", "unit_groups.*")
# sane ranges of the numbers (path patterns, first match wins); others: 0 .. 1e9
RANGES: tuple[tuple[str, float, float], ...] = (
    ("*_ratio", 0.0, 0.5),
    ("amount_tolerance", 0.0, 1000.0),
    ("certificate_max_validity_months", 1, 120),
    ("after_sales_max_days", 1, 3650),
    ("hs_code_digits", 6, 12),
    ("hs_code_compare_digits", 2, 10),
    ("*_confidence", 0.0, 1.0),
    ("matching.weights.*", 0.0, 100.0),
    ("matching.unmatched_cost", 0.0, 1.0),
    ("matching.split_max_cost", 0.0, 1.0),
    ("*_fuzzy_min", 0, 100),
    ("unit_groups.*.*", 1e-6, 1e6),
)
# numbers that may be fractional although the shipped ones are whole (unit factors)
FRACTIONAL = ("unit_groups.*.*",)
# labels of the numbers for the admin form
LABELS: dict[str, str] = {
    "weight_tolerance_ratio": "Gross weight tolerance between documents (ratio, 0.005 = 0.5 %)",
    "volume_tolerance_ratio": "Volume tolerance between documents (ratio, 0.02 = 2 %)",
    "amount_tolerance": "Amount tolerance: quantity × price vs amount, totals (currency units)",
    "certificate_max_validity_months": "Certificate validity longer than this is warned "
                                       "(months)",
    "after_sales_max_days": "Used car: registration at most this many days before the "
                            "application",
    "hs_code_digits": "HS code digits expected on invoice and packing list",
    "hs_code_compare_digits": "HS code digits compared between documents",
    "unreadable_confidence": "A document is unreadable below this mean field confidence (0–1)",
    "ocr_suspect_confidence": "A value is OCR-suspect below this confidence (0–1)",
    "matching.weights.model": "Item matching weight: model",
    "matching.weights.serial": "Item matching weight: serial number",
    "matching.weights.description": "Item matching weight: goods description",
    "matching.weights.quantity": "Item matching weight: quantity",
    "matching.weights.position": "Item matching weight: line position",
    "matching.unmatched_cost": "Item matching: cost above which lines stay unmatched (0–1)",
    "matching.name_fuzzy_min": "Goods names differ below this fuzzy score (0–100)",
    "matching.split_max_cost": "Item matching: highest cost of a line split over several "
                               "(0–1)",
    "party_fuzzy_min": "Party names differ below this fuzzy score (0–100)",
}
DOCUMENT_LISTS = ("required_documents", "vehicle_documents", "required_vehicle_documents",
                  "goods_documents", "customs_facing_documents")
PATTERNS = ("warning_confidence_pattern", "to_order_patterns.*")


def _matches(path: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(path, p) for p in patterns)


def number_range(path: str) -> tuple[float, float]:
    """The sane range of the number at ``path`` (``matching.weights.model``)."""
    for pattern, lo, hi in RANGES:
        if fnmatch.fnmatchcase(path, pattern):
            return lo, hi
    return 0.0, 1e9


def _number(value: Any, proto: int | float, path: str) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise INVALID(f"thresholds: {path} must be a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise INVALID(f"thresholds: {path} must be a finite number")
    lo, hi = number_range(path)
    if not lo <= value <= hi:
        raise INVALID(f"thresholds: {path} must be between {lo:g} and {hi:g}")
    if _matches(path, FRACTIONAL):
        return value
    if isinstance(proto, int):
        if isinstance(value, float) and not value.is_integer():
            raise INVALID(f"thresholds: {path} must be a whole number")
        return int(value)
    return float(value)


def _conform(value: Any, proto: Any, path: str) -> Any:
    """``value`` shaped like ``proto`` (the shipped value at ``path``), normalised."""
    if isinstance(proto, bool):
        if not isinstance(value, bool):
            raise INVALID(f"thresholds: {path} must be true or false")
        return value
    if isinstance(proto, int | float):
        return _number(value, proto, path)
    if isinstance(proto, date):
        return _date(value, f"thresholds: {path}")
    if isinstance(proto, str):
        return _text(value, f"thresholds: {path}", limit=500)
    if isinstance(proto, list):
        if not isinstance(value, list):
            raise INVALID(f"thresholds: {path} must be a list")
        if len(value) > 1000:
            raise INVALID(f"thresholds: {path} has more than 1000 entries")
        if not proto:
            return [_text(v, f"thresholds: {path}[{i}]") for i, v in enumerate(value)]
        out = [_conform(v, proto[0], f"{path}.{i}") for i, v in enumerate(value)]
        if isinstance(proto[0], list) and any(not v for v in out):
            raise INVALID(f"thresholds: {path} has an empty group")
        return out
    if isinstance(proto, dict):
        if not isinstance(value, dict):
            raise INVALID(f"thresholds: {path} must be an object")
        if _matches(path, OPEN_MAPPINGS):
            if not value:
                raise INVALID(f"thresholds: {path} is empty")
            sample = next(iter(proto.values()))
            return {_text(k, f"thresholds: a key of {path}", limit=100):
                    _conform(v, sample, f"{path}.{k}") for k, v in value.items()}
        return _same_keys(value, proto, path)
    raise INVALID(f"thresholds: {path} cannot be edited")  # not a shape the shipped file has


def _same_keys(value: dict[str, Any], proto: dict[str, Any], path: str) -> dict[str, Any]:
    where = f"{path} " if path else ""
    missing = [k for k in proto if k not in value]
    if missing:
        raise INVALID(f"thresholds: {where}lacks key {missing[0]!r}")
    unknown = sorted(set(value) - set(proto))
    if unknown:
        raise INVALID(f"thresholds: {where}has unknown key {unknown[0]!r}")
    return {k: _conform(value[k], proto[k], f"{path}.{k}" if path else k) for k in proto}


def shipped(name: str) -> Any:
    """The shipped (default) content of an editable file, as JSON."""
    k = KINDS[name]
    loaded = data.parse(k.file, (data.DATA_DIR / k.file).read_text(encoding="utf-8"))
    return _glossary_json(loaded) if name == "glossary" else _json_safe(loaded)


def _shipped_thresholds() -> dict[str, Any]:
    return data.parse("check.yaml", (data.DATA_DIR / "check.yaml").read_text(encoding="utf-8"))


def validate_thresholds(content: Any) -> dict[str, Any]:
    """``check.yaml`` with exactly the shipped keys, the same types, numbers in range."""
    if not isinstance(content, dict):
        raise INVALID("thresholds must be an object with the keys of check.yaml")
    out = _same_keys(content, _shipped_thresholds(), "")
    if out["hs_code_compare_digits"] > out["hs_code_digits"]:
        raise INVALID("thresholds: hs_code_compare_digits must not exceed hs_code_digits")
    for i, pattern in enumerate([out["warning_confidence_pattern"], *out["to_order_patterns"]]):
        where = "warning_confidence_pattern" if i == 0 else f"to_order_patterns.{i - 1}"
        try:
            compiled = re.compile(pattern)
        except (re.error, OverflowError, RecursionError) as exc:
            raise INVALID(f"thresholds: {where} is not a valid pattern ({exc})") from exc
        if i == 0 and compiled.groups < 1:
            raise INVALID("thresholds: warning_confidence_pattern needs a group (…) around "
                          "the number")
    known = set((data.load("doctypes.yaml") or {}).get("types") or {})
    for key in DOCUMENT_LISTS:
        for doc_type in out[key]:
            if known and doc_type not in known:
                raise INVALID(f"thresholds: {key} names unknown document type {doc_type!r}")
    return out


def numbers(content: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, int | float]]:
    """Every number of the thresholds with its dotted path, in file order (for the form)."""
    for key, value in content.items():
        path = f"{prefix}{key}"
        if isinstance(value, bool):
            continue
        if isinstance(value, int | float):
            yield path, value
        elif isinstance(value, dict) and not _matches(path, OPEN_MAPPINGS):
            yield from numbers(value, f"{path}.")


def label(path: str) -> str:
    """The human label of a threshold number."""
    return LABELS.get(path, path.replace("_", " ").replace(".", " › "))


def set_number(content: dict[str, Any], path: str, value: int | float) -> None:
    """Replace the number at dotted ``path`` in ``content`` (a JSON copy) in place."""
    *parents, last = path.split(".")
    node = content
    for key in parents:
        node = node[key]
    node[last] = value


# -- all kinds ------------------------------------------------------------------------------


def validate(name: str, content: Any) -> Any:
    """The normalised content of ``name``, or :class:`ReferenceDataInvalidError`."""
    if name == "glossary":
        return validate_glossary(content)
    if name == "agencies":
        return validate_agencies(content)
    if name == "thresholds":
        return validate_thresholds(content)
    raise KeyError(name)


def to_json(name: str, loaded: Any) -> Any:
    """What ``data.load`` returned for ``name``, as the JSON the API and the pages show."""
    if name == "glossary":
        return _glossary_json(loaded)
    if name == "agencies":
        loaded = loaded or {}
        return _json_safe({"agencies": loaded.get("agencies") or []})
    return _json_safe(loaded)


def dump(name: str, content: Any) -> str:
    """The file text of validated ``content``."""
    if name == "glossary":
        return _glossary_text(content)
    head = (f"# Admin edit of docproc/data/{KINDS[name].file} (the shipped file is the "
            "default;\n# reset in the admin pages or DELETE /api/reference/"
            f"{name} to go back to it).\n")
    return head + yaml.safe_dump(content, allow_unicode=True, sort_keys=False, width=100)


def current(name: str) -> Any:
    """The content in force now (the admin's edit, else the shipped file), as JSON."""
    return to_json(name, data.load(KINDS[name].file))


def info(name: str) -> dict[str, Any]:
    """Name, file, whether overridden, when the edit was saved, and a version to save
    against (it changes with every save or reset)."""
    k = KINDS[name]
    _, overridden, st = data.source(k.file)
    return {"name": k.name, "file": k.file, "title": k.title, "description": k.description,
            "overridden": overridden,
            "updated_at": (datetime.fromtimestamp(st.st_mtime, UTC).isoformat()
                           if overridden else None),
            "version": f"{'o' if overridden else 'd'}{st.st_ino:x}.{st.st_mtime_ns:x}."
                       f"{st.st_size:x}"}


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """One writer at a time across processes (version check and write together)."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _check_version(name: str, expect: str | None) -> None:
    if expect is not None and info(name)["version"] != expect:
        raise ReferenceDataConflictError(
            f"{KINDS[name].title} changed since it was read (someone saved first); reload "
            "and apply the edit again")


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_atomically(path: Path, text: str) -> None:
    """Temp file in the same folder, fsync, rename: readers see the old or the new file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def save(name: str, content: Any, *, expect_version: str | None = None) -> Any:
    """Validate and store an admin's edit of ``name``; returns the normalised content."""
    k = KINDS[name]
    normalised = validate(name, content)
    text = dump(name, normalised)
    if to_json(name, data.parse(k.file, text)) != _json_safe(normalised):
        raise INVALID(f"{k.title} would not read back as saved")  # a serialisation surprise
    path = data.override_path(k.file)
    assert path is not None, k.file  # every kind is in data.OVERRIDABLE
    with _locked(path.parent):
        _check_version(name, expect_version)
        _write_atomically(path, text)
    return _json_safe(normalised)


def reset(name: str, *, expect_version: str | None = None) -> bool:
    """Delete the admin's edit of ``name`` (back to the shipped file); False if none."""
    path = data.override_path(KINDS[name].file)
    assert path is not None
    with _locked(path.parent):
        _check_version(name, expect_version)
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        _fsync_dir(path.parent)
    return True


def change_summary(name: str, before: Any, after: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """Short before/after descriptions of a change for the audit trail."""
    if name == "glossary":
        old = {r["concept_id"]: r for r in before}
        new = {r["concept_id"]: r for r in after}
        return ({"name": name, "rows": len(before)},
                {"name": name, "rows": len(after),
                 "added": sorted(new.keys() - old.keys())[:100],
                 "removed": sorted(old.keys() - new.keys())[:100],
                 "changed": sorted(c for c in new.keys() & old.keys() if new[c] != old[c])[:100]})
    if name == "agencies":
        return ({"name": name, "agencies": [e["name"] for e in before["agencies"]]},
                {"name": name, "agencies": [e["name"] for e in after["agencies"]]})
    flat_old, flat_new = dict(_leaves(before)), dict(_leaves(after))
    changed = [p for p in dict.fromkeys([*flat_old, *flat_new])
               if flat_old.get(p) != flat_new.get(p)][:100]
    return ({"name": name, **{p: flat_old.get(p) for p in changed}},
            {"name": name, **{p: flat_new.get(p) for p in changed}})


def _leaves(obj: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Dotted paths of a JSON object; lists are leaves (compared whole)."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _leaves(v, f"{prefix}{k}.")
    else:
        yield prefix.rstrip("."), obj
