"""Pure value parsers: raw (often OCR'd) text -> the canonical values of docs/FIELDS.md.

Every parser returns the canonical value, or None when the text does not hold one; none of
them raises on garbage, because extraction feeds them whatever sits next to a label and a
None is a normal "not found" for the caller. Vocabularies (currencies, units, countries,
month names, conclusion words) live in ``docproc/data/*.yaml``; only the rules are here.

Text is first folded with Unicode NFKC so full-width forms from Chinese documents
(``１２５０``, ``￥``, ``（``) read like their ASCII twins. Inside digit runs the OCR confusions
``O/o -> 0`` and ``I/l -> 1`` are undone; wider confusion classes (S/5, B/8, ...) are only
applied where the format says a digit must be (container serials).
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as _dt
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal, cast

from docproc import data

__all__ = [
    "container_check_digit_ok",
    "find_containers",
    "normalise_code",
    "normalise_party",
    "parse_amount",
    "parse_bool",
    "parse_conclusion",
    "parse_container",
    "parse_country",
    "parse_currency",
    "parse_date",
    "parse_hours",
    "parse_hs_code",
    "parse_int",
    "parse_number",
    "parse_quantity",
    "parse_unit",
    "parse_vin",
    "decimal_mark",
    "guess_decimal_mark",
    "parse_volume_cbm",
    "parse_weight_kg",
    "parse_year",
    "vin_check_digit_ok",
]

Conclusion = Literal["conforming", "non_conforming"]

# --------------------------------------------------------------------------------------------
# Text folding and OCR repair

_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-",
                         "\u2014": "-", "\u2212": "-", "\u2018": "'", "\u2019": "'",
                         "\u00b4": "'", "\u3000": " "})

# Letters Tesseract reads for 0 and 1 in digit runs. Only these two: S/5, B/8, Z/2 would turn
# real words next to numbers ("2 SETS") into digits.
_NUMERIC_OCR = str.maketrans("OoIl", "0011")
_OCR_RUN = re.compile(r"(?<![A-Za-z])[0-9OoIl][0-9OoIl,.]*(?![A-Za-z])")


def _fold(text: object) -> str:
    """NFKC-fold and unify dashes/quotes; non-strings become ''."""
    if not isinstance(text, str):
        return ""
    return unicodedata.normalize("NFKC", text).translate(_DASHES)


def _fix_digits(text: str) -> str:
    """Undo O->0 and I/l->1 in runs that already hold a real digit (``2O26``, ``l2``)."""

    def repl(m: re.Match[str]) -> str:
        s = m.group(0)
        return s.translate(_NUMERIC_OCR) if any(c.isdigit() for c in s) else s

    return _OCR_RUN.sub(repl, text)


_SINGLE_LETTERS = re.compile(r"(?<![A-Z0-9])([A-Z]) (?=[A-Z](?![A-Z0-9]))")


def _key(text: str) -> str:
    """Matching form: upper case, full stops as spaces, spaced initials joined (U. S. A.)."""
    s = _fold(text).upper().replace(".", " ")
    s = re.sub(r"\s+", " ", s)
    return _SINGLE_LETTERS.sub(r"\1", s).strip()


@dataclass(frozen=True)
class _Hit:
    value: object
    start: int
    end: int


class _Lexicon:
    """Aliases -> values, matched longest-first; Latin aliases only as whole words."""

    def __init__(self, pairs: Iterable[tuple[str, object]], *, digit_boundary: bool = False):
        self._values: dict[str, object] = {}
        aliases: dict[str, str] = {}
        for alias, value in pairs:
            k = _key(str(alias))
            if k:
                self._values.setdefault(k.replace(" ", ""), value)
                aliases[k] = k
        after = "A-Z0-9" if digit_boundary else "A-Z"
        parts = []
        for alias in sorted(aliases, key=lambda a: len(a.replace(" ", "")), reverse=True):
            p = _flex(alias)
            if alias[0].isascii() and alias[0].isalpha():
                p = r"(?<![A-Z])" + p
            if alias[-1].isascii() and alias[-1].isalpha():
                p = p + rf"(?![{after}])"
            parts.append(p)
        self._re = re.compile("|".join(parts)) if parts else None

    def _hit(self, m: re.Match[str]) -> _Hit:
        return _Hit(self._values[m.group(0).replace(" ", "")], m.start(), m.end())

    def search(self, key: str, pos: int = 0) -> _Hit | None:
        """First (then longest) alias in ``key`` (already in ``_key`` form)."""
        if self._re is None:
            return None
        m = self._re.search(key, pos)
        return self._hit(m) if m else None

    def match(self, key: str) -> _Hit | None:
        """An alias at the very start of ``key``."""
        if self._re is None:
            return None
        m = self._re.match(key)
        return self._hit(m) if m else None

    def finditer(self, key: str) -> Iterator[_Hit]:
        """All non-overlapping aliases, left to right."""
        if self._re is not None:
            for m in self._re.finditer(key):
                yield self._hit(m)


def _flex(alias: str) -> str:
    """Regex for an alias whose words OCR may run together, or whose CJK glyphs it may space."""
    out = []
    for i, c in enumerate(alias):
        if c == " ":
            out.append(r"\s?")
            continue
        out.append(re.escape(c))
        nxt = alias[i + 1] if i + 1 < len(alias) else ""
        if nxt and nxt != " " and not c.isascii() and not nxt.isascii():
            out.append(r"\s?")
    return "".join(out)


# --------------------------------------------------------------------------------------------
# Numbers

_NUMBER = re.compile(r"\d+(?:(?:[,.']|\s(?=\d{3}(?!\d)))\d+)*")
_NEG_BEFORE = re.compile(r"(?:^|[\s:=(\[$¥€£])-\s*$")
_PAREN_BEFORE = re.compile(r"\(\s*[^\d()]{0,8}$")
_PAREN_AFTER = re.compile(r"^[^\d()]{0,8}\)")


# The decimal mark a document uses, when known: "1.250,00" elsewhere on the page makes a lone
# "40,970" forty point nine seven and "1.250" one thousand two hundred and fifty.
_DECIMAL_MARK: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "decimal_mark", default=None
)
_COMMA_DECIMAL = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})*,\d{2}(?![\d.,])")
_POINT_DECIMAL = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})*\.\d{2}(?![\d.,])")


def guess_decimal_mark(text: str) -> str | None:
    """The decimal mark of a document from its unambiguous amounts (",dd" or ".dd" endings),
    or None when it has none or both kinds equally."""
    comma = len(_COMMA_DECIMAL.findall(text))
    point = len(_POINT_DECIMAL.findall(text))
    if comma > point:
        return ","
    if point > comma:
        return "."
    return None


@contextlib.contextmanager
def decimal_mark(mark: str | None) -> Iterator[None]:
    """Read ambiguous numbers (one separator, three digits after it) by this decimal mark."""
    token = _DECIMAL_MARK.set(mark)
    try:
        yield
    finally:
        _DECIMAL_MARK.reset(token)


def _number_value(s: str) -> float | None:
    """Read one digit group string, deciding which of , and . is the decimal mark.

    Both present: the last one is the decimal mark (1,250.00 / 1.250,00). Only commas: a
    single comma followed by exactly three digits groups thousands (1,250), otherwise it is a
    decimal comma (1250,5). Only full stops: a single one is a decimal point (36.000 M3 is
    36 m3, the usual reading on packing lists); several group thousands (1.250.000). On a
    document known to write decimal commas (:func:`decimal_mark`), a lone comma is always a
    decimal comma and a lone full stop before three digits groups thousands.
    """
    s = re.sub(r"[\s']", "", s)
    has_c, has_d = "," in s, "." in s
    if has_c and has_d:
        dec = "," if s.rfind(",") > s.rfind(".") else "."
        thou = "." if dec == "," else ","
        head, _, tail = s.rpartition(dec)
        if thou in tail:
            return None
        s = head.replace(thou, "") + "." + tail
    elif has_c or has_d:
        sep = "," if has_c else "."
        parts = s.split(sep)
        grouped = all(len(p) == 3 for p in parts[1:]) and 1 <= len(parts[0]) <= 3
        comma_doc = _DECIMAL_MARK.get() == ","
        if len(parts) > 2:
            # "9.550.00": OCR read the thousands separator and the decimal mark the same.
            misread = (
                all(len(p) == 3 for p in parts[1:-1])
                and 1 <= len(parts[0]) <= 3
                and len(parts[-1]) == 2
            )
            if grouped:
                s = "".join(parts)
            elif misread:
                s = "".join(parts[:-1]) + "." + parts[-1]
            else:
                s = parts[0] + "." + parts[1]
        elif comma_doc and grouped and parts[0] != "0":
            s = parts[0] + "." + parts[1] if sep == "," else "".join(parts)
        elif sep == "," and grouped and parts[0] != "0":
            s = "".join(parts)
        else:
            s = parts[0] + "." + parts[1]
    try:
        return float(s)
    except ValueError:
        return None


def _numbers(text: str) -> Iterator[tuple[float, re.Match[str]]]:
    """Numbers in folded, OCR-repaired ``text`` with their matches, sign applied."""
    for m in _NUMBER.finditer(text):
        value = _number_value(m.group(0))
        if value is None:
            continue
        before, after = text[: m.start()], text[m.end():]
        if _NEG_BEFORE.search(before) or (_PAREN_BEFORE.search(before)
                                          and _PAREN_AFTER.match(after)):
            value = -value
        yield value, m


def _find_number(text: str) -> tuple[float, re.Match[str]] | None:
    """First number in folded, OCR-repaired ``text``."""
    return next(_numbers(text), None)


def _prep(text: object) -> str:
    return _fix_digits(_fold(text))


def parse_number(text: str) -> float | None:
    """First number in ``text``: ``USD 1,250.00``, ``1.250,00``, ``1 250,00``, ``(1,250.00)``."""
    found = _find_number(_prep(text))
    return found[0] if found else None


def parse_int(text: str) -> int | None:
    """A whole number (``2``, ``2.00``, ``1,250``); None for fractions like ``2.5``."""
    value = parse_number(text)
    if value is None or not value.is_integer():
        return None
    return int(value)


# --------------------------------------------------------------------------------------------
# Dates


@functools.cache
def _month_data() -> tuple[dict[str, int], dict[str, int], str]:
    raw = data.load("months.yaml")
    names = {str(n).upper(): int(m) for m, ns in raw["months"].items() for n in ns}
    digits = {str(k): int(v) for k, v in raw["chinese_digits"].items()}
    return names, digits, str(raw["chinese_ten"])


@functools.cache
def _date_patterns() -> list[tuple[str, re.Pattern[str]]]:
    names, digits, ten = _month_data()
    mon = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    mon = rf"(?<![A-Za-z])(?P<mon>{mon})(?![A-Za-z])\.?"
    sep = r"[-/ .,]*"
    ordinal = r"(?:st|nd|rd|th)?"
    cn = "".join(re.escape(d) for d in digits)
    cn_md = f"[{cn}{re.escape(ten)}]{{1,3}}"
    flags = re.IGNORECASE
    return [
        ("cn", re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})(?!\d)")),
        ("cnhan", re.compile(rf"(?P<y>[{cn}]{{4}})\s*年\s*(?P<m>{cn_md})\s*月\s*(?P<d>{cn_md})")),
        ("ymd", re.compile(r"(?<![\d.,])(?P<y>(?:19|20)\d{2})\s*(?P<s>[-/.])\s*(?P<m>\d{1,2})"
                           r"\s*(?P=s)\s*(?P<d>\d{1,2})(?!\d)")),
        ("compact", re.compile(r"(?<![\d.,])(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})(?!\d)")),
        ("dmon", re.compile(rf"(?<![\d.,])(?P<d>\d{{1,2}})\s*{ordinal}\s*(?:of\s+)?{sep}{mon}"
                            rf"{sep}(?P<y>\d{{4}}|\d{{2}})(?!\d)", flags)),
        ("mond", re.compile(rf"{mon}{sep}(?P<d>\d{{1,2}})\s*{ordinal}{sep}(?P<y>\d{{4}})(?!\d)",
                            flags)),
        ("ymon", re.compile(rf"(?<![\d.,])(?P<y>\d{{4}}){sep}{mon}{sep}(?P<d>\d{{1,2}})(?!\d)",
                            flags)),
        ("dmy", re.compile(r"(?<![\d.,])(?P<a>\d{1,2})\s*(?P<s>[-/.])\s*(?P<b>\d{1,2})\s*(?P=s)"
                           r"\s*(?P<y>\d{4}|\d{2})(?![\d])")),
    ]


def _han_number(s: str) -> int:
    _, digits, ten = _month_data()
    if ten in s:
        left, _, right = s.partition(ten)
        return (digits.get(left, 1) if left else 1) * 10 + (digits.get(right, 0) if right else 0)
    return int("".join(str(digits[c]) for c in s))


def _year(y: str) -> int:
    n = int(y)
    if len(y) == 2:
        n += 2000 if n < 70 else 1900
    return n


def _make_date(y: int, m: int, d: int) -> str | None:
    if not 1900 <= y <= 2100:
        return None
    try:
        return _dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def _date_from(kind: str, m: re.Match[str], dayfirst: bool) -> str | None:
    names, _, _ = _month_data()
    try:
        if kind == "cnhan":
            return _make_date(_han_number(m["y"]), _han_number(m["m"]), _han_number(m["d"]))
        if kind in ("dmon", "mond", "ymon"):
            return _make_date(_year(m["y"]), names[m["mon"].upper()], int(m["d"]))
        if kind == "dmy":
            a, b = int(m["a"]), int(m["b"])
            if a > 12 >= b:
                day, month = a, b
            elif b > 12 >= a:
                day, month = b, a
            else:
                day, month = (a, b) if dayfirst else (b, a)
            return _make_date(_year(m["y"]), month, day)
        return _make_date(int(m["y"]), int(m["m"]), int(m["d"]))
    except (KeyError, ValueError):
        return None


def parse_date(text: str, *, dayfirst: bool = True) -> str | None:
    """The first real date in ``text`` as ISO ``YYYY-MM-DD``.

    Reads numeric (``12/03/2026``, ``2026-03-12``, ``20260312``), month-name
    (``12th March 2026``, ``March 12, 2026``, ``12-MAR-26``) and Chinese forms
    (``2026年3月12日``, ``二〇二六年三月十二日``). ``dayfirst`` only settles numeric dates
    where both readings are valid (``03/04/2026``); ``03/25/2026`` is read month-first
    whatever it says. Impossible dates (``31/02/2026``) are skipped.
    """
    s = _prep(text)
    if not s:
        return None
    found: list[tuple[int, int, str]] = []
    for kind, pattern in _date_patterns():
        for m in pattern.finditer(s):
            iso = _date_from(kind, m, dayfirst)
            if iso:
                found.append((m.start(), -(m.end() - m.start()), iso))
    return min(found)[2] if found else None


def parse_year(text: str) -> int | None:
    """A year 1950..2035 (manufacture year): ``2018``, ``2018年``, ``12/03/2018``."""
    s = _prep(text)
    for m in re.finditer(r"(?<!\d)(\d{4})(?!\d)", s):
        if 1950 <= int(m.group(1)) <= 2035:
            return int(m.group(1))
    iso = parse_date(text)
    if iso and 1950 <= int(iso[:4]) <= 2035:
        return int(iso[:4])
    return None


# --------------------------------------------------------------------------------------------
# Currency and amounts


@functools.cache
def _currency_tables() -> tuple[_Lexicon, dict[str, tuple[str, dict[str, _Lexicon]]]]:
    raw = data.load("currencies.yaml")
    pairs: list[tuple[str, object]] = []
    ambiguous: dict[str, tuple[str, dict[str, _Lexicon]]] = {}
    for symbol, spec in (raw.get("ambiguous") or {}).items():
        ctx = {code: _Lexicon((w, code) for w in words)
               for code, words in spec["context"].items()}
        ambiguous[_key(symbol)] = (str(spec["default"]), ctx)
        pairs.append((symbol, "?" + _key(symbol)))
    for code, aliases in raw["currencies"].items():
        pairs.extend((a, str(code)) for a in aliases)
    return _Lexicon(pairs), ambiguous


def parse_currency(text: str) -> str | None:
    """ISO 4217 code of the first currency named in ``text`` (``US$`` -> USD, ``人民币`` -> CNY).

    ``¥`` is both yen and yuan: JPY when the text also says JPY/YEN/JAPAN/日元, else CNY
    (see currencies.yaml, "ambiguous").
    """
    key = _key(text)
    lexicon, ambiguous = _currency_tables()
    hit = lexicon.search(key)
    if hit is None:
        return None
    value = str(hit.value)
    if not value.startswith("?"):
        return value
    default, context = ambiguous[value[1:]]
    for code, words in context.items():
        if words.search(key):
            return code
    return default


def parse_amount(text: str) -> tuple[float | None, str | None]:
    """Number and currency written together: ``USD 1,250.00`` -> (1250.0, "USD")."""
    return parse_number(text), parse_currency(text)


# --------------------------------------------------------------------------------------------
# Units and measures


@functools.cache
def _unit_lexicon() -> _Lexicon:
    raw = data.load("units.yaml")["quantity"]
    pairs = [(a, str(unit)) for unit, aliases in raw.items() for a in aliases]
    pairs += [(str(unit), str(unit)) for unit in raw]
    return _Lexicon(pairs, digit_boundary=True)


@functools.cache
def _measure_lexicon(kind: str) -> _Lexicon:
    rows = data.load("units.yaml")[kind]
    return _Lexicon(((a, float(r["factor"])) for r in rows for a in r["aliases"]),
                    digit_boundary=True)


def _unit_key(text: str) -> str:
    """``_key`` with a plural ``(S)`` dropped: ``SET(S)`` -> ``SET``."""
    return re.sub(r"\(S\)", "", _key(text))


def parse_unit(text: str) -> str | None:
    """Canonical unit (set, unit, piece, kg, tonne, ...) of the first unit word in ``text``."""
    hit = _unit_lexicon().search(_unit_key(text))
    return str(hit.value) if hit else None


def _unit_after(s: str, m: re.Match[str], lexicon: _Lexicon) -> _Hit | None:
    """The unit written right after the number (``12.5 MT``, ``2台``)."""
    return lexicon.match(_unit_key(s[m.end():]).lstrip(" :"))


def _unit_before(s: str, m: re.Match[str], lexicon: _Lexicon) -> _Hit | None:
    """The last unit before the number, as in a label ``N.W. (KGS): 1,200``."""
    before = list(lexicon.finditer(_unit_key(s[: m.start()])))
    return before[-1] if before else None


def _number_with_unit(s: str, lexicon: _Lexicon) -> tuple[float, _Hit | None] | None:
    """The first number followed by a unit, else the first number with a unit before it.

    Looking for the number that carries the unit keeps ``PC200-8 2 SETS`` at 2 sets and
    ``2 PLTS, G.W. 1,200 KGS`` at 1,200 kg.
    """
    numbers = list(_numbers(s))
    for value, m in numbers:
        hit = _unit_after(s, m, lexicon)
        if hit is not None:
            return value, hit
    if not numbers:
        return None
    value, m = numbers[0]
    return value, _unit_before(s, m, lexicon)


# "l SET", "I台", "| UNIT"; the Chinese model reads a 1 beside a Han unit as 工 or 丨 ("工台").
_LONE_ONE = re.compile(
    r"(?<![A-Za-z0-9])(?:[lI|](?=\s*[A-Za-z\u4e00-\u9fff])(?![A-Za-z])"
    r"|(?<![\u4e00-\u9fff])[工丨](?=\s*[\u4e00-\u9fff]))"
)


def parse_quantity(text: str) -> tuple[float | None, str | None]:
    """Number and unit: ``2 SETS`` -> (2.0, "set"), ``2台`` -> (2.0, "unit")."""
    s = _prep(text)
    found = _number_with_unit(s, _unit_lexicon())
    if found is None:
        # A lone "l", "I", "|" or "工" before a unit is OCR for 1 ("l SET", "工台"); it holds no
        # real digit, so _fix_digits left it alone.
        one = _LONE_ONE.sub("1", s)
        fixed = _number_with_unit(one, _unit_lexicon())
        if fixed is not None and fixed[1] is not None:  # only before a unit
            s, found = one, fixed
    if found is None:
        return None, parse_unit(s)
    value, hit = found
    return value, (str(hit.value) if hit else parse_unit(s))


def _measure(text: str, kind: str, default_unit: str) -> float | None:
    lexicon = _measure_lexicon(kind)
    found = _number_with_unit(_prep(text), lexicon)
    if found is None:
        return None
    value, hit = found
    hit = hit or lexicon.search(_unit_key(default_unit))
    if hit is None:
        return None
    return round(value * cast(float, hit.value), 6)


def parse_weight_kg(text: str, default_unit: str = "kg") -> float | None:
    """Weight in kilograms: ``12.5 MT`` -> 12500.0, ``12500公斤``, ``N.W. 1,200 kg``.

    ``default_unit`` (any weight alias: "kg", "MT", "tonne", "lb") applies when the text
    names no unit, e.g. a number in a column headed "G.W. (MT)".
    """
    return _measure(text, "weight", default_unit)


def parse_volume_cbm(text: str, default_unit: str = "cbm") -> float | None:
    """Volume in cubic metres: ``36 CBM``, ``36.000 M3``, ``36 m³``, ``36立方米``."""
    return _measure(text, "volume", default_unit)


def parse_hours(text: str) -> float | None:
    """Hour-meter reading in hours: ``8,500 H``, ``8500小时``, ``8500 HRS``."""
    return _measure(text, "hours", "h")


# --------------------------------------------------------------------------------------------
# Codes

_HS_TOKEN = re.compile(r"(?<![A-Za-z0-9])[0-9OoIl]*[0-9][0-9OoIl]*(?![A-Za-z0-9])")
_HS_JOIN = re.compile(r"[.\s]{1,3}")


def parse_hs_code(text: str) -> str | None:
    """HS code digits (6, 8 or 10): ``8429.52.1200`` and ``HS CODE: 8429 52 12 00`` -> 8429521200.

    Digit groups joined by dots or spaces are read as one code; the longest run of groups
    that starts with at least four digits and totals 6, 8 or 10 digits wins. Dashes do not
    join groups, so a date such as ``2026-03-12`` is not taken for a code.
    """
    s = _fold(text)
    tokens = list(_HS_TOKEN.finditer(s))
    groups: list[list[str]] = []
    for i, m in enumerate(tokens):
        digits = m.group(0).translate(_NUMERIC_OCR)
        if i and _HS_JOIN.fullmatch(s[tokens[i - 1].end(): m.start()]):
            groups[-1].append(digits)
        else:
            groups.append([digits])
    for group in groups:
        for start in range(len(group)):
            if len(group[start]) < 4:
                continue
            best = None
            total = ""
            for part in group[start:]:
                total += part
                if len(total) in (6, 8, 10):
                    best = total
                if len(total) >= 10:
                    break
            if best:
                return best
    return None


@functools.cache
def _confusion_maps() -> tuple[dict[int, str], dict[int, str]]:
    """(letter -> digit, digit -> letter) from confusions.yaml, for container numbers."""
    to_digit: dict[int, str] = {}
    to_letter: dict[int, str] = {}
    for cls in data.load("confusions.yaml")["classes"]:
        digit = str(cls[0])
        letters = [str(c) for c in cls[1:] if str(c).isalpha()]
        for c in cls[1:]:
            to_digit[ord(str(c))] = digit
        if letters:
            to_letter[ord(digit)] = letters[0]
    return to_digit, to_letter


_CONTAINER_STRICT = re.compile(
    r"(?<![A-Z0-9])([A-Z]{3}[UJZ])\s?-?\s?(\d{3}\s?\d{3})\s?[-(\[]?\s?(\d)\s?[)\]]?(?![A-Z0-9])")
_CONTAINER_FUZZY = re.compile(
    r"(?<![A-Z0-9])([A-Z0-9]{3}[UJZ])\s?-?\s?([0-9A-Z|!]{3}\s?[0-9A-Z|!]{3})\s?[-(\[]?\s?"
    r"([0-9A-Z])\s?[)\]]?(?![A-Z0-9])")
_CONTAINER_FULL = re.compile(r"[A-Z]{4}\d{7}")

_ISO6346_VALUES = {c: v for c, v in zip(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    [10, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 34,
     35, 36, 37, 38], strict=True)}


def container_check_digit_ok(code: str) -> bool:
    """ISO 6346 check digit of a container number (``CSQU3054383`` -> True)."""
    c = re.sub(r"[\s\-()\[\]]", "", _fold(code).upper())
    if not _CONTAINER_FULL.fullmatch(c):
        return False
    total = sum((_ISO6346_VALUES[ch] if ch.isalpha() else int(ch)) << i
                for i, ch in enumerate(c[:10]))
    return total % 11 % 10 == int(c[10])


def _containers(text: str) -> Iterator[tuple[str, bool]]:
    """(code, read_without_repair) for each container-number-like run, left to right."""
    s = _fold(text).upper()
    to_digit, to_letter = _confusion_maps()
    for m in _CONTAINER_FUZZY.finditer(s):
        strict = _CONTAINER_STRICT.fullmatch(m.group(0))
        owner = m.group(1).translate(to_letter)
        serial = (m.group(2) + m.group(3)).replace(" ", "").translate(to_digit)
        code = owner + serial
        if _CONTAINER_FULL.fullmatch(code):
            yield code, strict is not None


def parse_container(text: str) -> str | None:
    """Container number as ``MSCU1234565`` (4 letters + 7 digits), OCR slips repaired.

    A number printed cleanly is returned even with a wrong check digit (the checker reports
    that); a repaired reading (``MSCU 12345G-5``) is preferred when its check digit holds.
    """
    candidates = list(_containers(text))
    for code, clean in candidates:
        if clean:
            return code
    for code, _ in candidates:
        if container_check_digit_ok(code):
            return code
    return candidates[0][0] if candidates else None


def find_containers(text: str) -> list[str]:
    """All container numbers in ``text``, in order, without duplicates.

    Clean readings are kept whatever their check digit; repaired ones only when the check
    digit confirms the repair, so words that look like container numbers stay out.
    """
    out: list[str] = []
    for code, clean in _containers(text):
        if (clean or container_check_digit_ok(code)) and code not in out:
            out.append(code)
    return out


_VIN_OCR = str.maketrans("OIQ", "010")
_VIN_RUN = re.compile(r"(?<![A-Z0-9])[A-Z0-9]{17}(?![A-Z0-9])")
_VIN_TOKEN = re.compile(r"[A-Z0-9]+")
_VIN_FULL = re.compile(r"[A-HJ-NPR-Z0-9]{17}")
_VIN_TRANSLIT = dict(zip("ABCDEFGHJKLMNPRSTUVWXYZ",
                         [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9],
                         strict=True))
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def _vin_like(candidate: str) -> str | None:
    vin = candidate.translate(_VIN_OCR)
    digits = sum(c.isdigit() for c in vin)
    if _VIN_FULL.fullmatch(vin) and digits >= 3 and digits < 17:
        return _repair_vin(vin)
    return None


@functools.cache
def _confusion_classes() -> tuple[frozenset[str], ...]:
    """The upper-cased glyph classes of confusions.yaml, each led by its digit."""
    return tuple(frozenset(str(c).upper() for c in cls)
                 for cls in data.load("confusions.yaml")["classes"])


_VIN_RUN18 = re.compile(r"(?<![A-Z0-9])[A-Z0-9]{18}(?![A-Z0-9])")
_VIN_RUN16 = re.compile(r"(?<![A-Z0-9])[A-Z0-9]{16}(?![A-Z0-9])")


def _vin_one_glyph_too_few(run: str) -> str | None:
    """A 16-character run where OCR read two glyphs as one ("LWL7GDUXRF036695": 'VV' as
    'W'; the pairs are ``merged_glyphs`` of confusions.yaml). As for a glyph read twice, the
    reading counts only when exactly one split carries the check digit."""
    merged = {str(k).upper(): [str(v).upper() for v in vs] for k, vs in
              (data.load("confusions.yaml").get("merged_glyphs") or {}).items()}
    found = set()
    for k, c in enumerate(run):
        for pair in merged.get(c, []):
            vin = _vin_like(run[:k] + pair + run[k + 1 :])
            if vin and vin_check_digit_ok(vin):
                found.add(vin)
    return found.pop() if len(found) == 1 else None


def _vin_one_glyph_too_many(run: str) -> str | None:
    """An 18-character run where OCR read one glyph twice ("LSS5TB8KK0TB939014": the 5 as
    S and 5). Drop one of a doubled or look-alike pair (confusions.yaml); the reading counts
    only when exactly one such VIN carries its check digit, since nothing else tells the
    candidates apart (a VIN whose check digit fails stays unread rather than guessed)."""
    alike = {(a, b) for cls in _confusion_classes() for a in cls for b in cls}
    # The same glyph twice is the likelier misreading; look-alike pairs come second.
    for pairs in (lambda a, b: a == b, lambda a, b: (a, b) in alike):
        found = set()
        for k in range(1, len(run)):
            if pairs(run[k - 1], run[k]):
                for drop in (k - 1, k):
                    vin = _vin_like(run[:drop] + run[drop + 1 :])
                    if vin and vin_check_digit_ok(vin):
                        found.add(vin)
        if found:
            return found.pop() if len(found) == 1 else None
    return None


def _repair_vin(vin: str) -> str:
    """ISO 3779: the last four characters of a VIN are digits, so a letter there is a digit
    OCR misread by its look-alike (S for 5, B for 8, G for 6 …, data/confusions.yaml).

    No check-digit guessing beyond that: a wrong check digit may be a forged VIN, which the
    check must see, not a reading to be "corrected".
    """
    classes = [[str(c).upper() for c in cls] for cls in data.load("confusions.yaml")["classes"]]
    digit_of = {c: str(cls[0]) for cls in classes for c in cls if str(cls[0]).isdigit()}
    return vin[:13] + "".join(digit_of.get(c, c) if c.isalpha() else c for c in vin[13:])


def parse_vin(text: str) -> str | None:
    """A 17-character VIN, upper case, with O->0, I->1, Q->0 (letters a VIN never uses).

    A VIN printed in spaced groups (``LSV AB41Z2 N2123456``) is joined back.
    """
    s = _fold(text).upper()
    for m in _VIN_RUN.finditer(s):
        vin = _vin_like(m.group(0))
        if vin:
            return vin
    for m in _VIN_RUN18.finditer(s):
        vin = _vin_one_glyph_too_many(m.group(0))
        if vin:
            return vin
    for m in _VIN_RUN16.finditer(s):
        vin = _vin_one_glyph_too_few(m.group(0))
        if vin:
            return vin
    tokens = list(_VIN_TOKEN.finditer(s))
    for i in range(len(tokens)):
        joined = ""
        for j in range(i, len(tokens)):
            if j > i and not re.fullmatch(r"[\s-]{1,2}", s[tokens[j - 1].end(): tokens[j].start()]):
                break
            joined += tokens[j].group(0)
            if len(joined) >= 17:
                break
        if len(joined) == 17:
            vin = _vin_like(joined)
            if vin:
                return vin
    return None


def vin_check_digit_ok(vin: str) -> bool:
    """Whether position 9 is the ISO 3779 / North American check digit (``X`` for 10).

    Only North America (and China since GB 16735) requires this digit; European and
    Japanese-market VINs often carry another character there, so False means "does not
    carry the NA check digit", not "invalid VIN". The function only computes.
    """
    v = re.sub(r"[\s-]", "", _fold(vin).upper())
    if not _VIN_FULL.fullmatch(v):
        return False
    total = sum((int(c) if c.isdigit() else _VIN_TRANSLIT[c]) * w
                for c, w in zip(v, _VIN_WEIGHTS, strict=True))
    check = total % 11
    return v[8] == ("X" if check == 10 else str(check))


@functools.cache
def _code_glyphs() -> tuple[re.Pattern[str], dict[str, str]] | None:
    """The ``code_glyphs`` of confusions.yaml: a pattern of them and what they stand for."""
    glyphs = {str(g): str(c) for g, c in
              (data.load("confusions.yaml").get("code_glyphs") or {}).items()}
    if not glyphs:
        return None
    cls = "".join(re.escape(g) for g in glyphs)
    # Only beside a letter or digit: a lone "$" or "£" is a currency, not a misread capital.
    return re.compile(rf"[{cls}](?=[A-Za-z0-9])|(?<=[A-Za-z0-9])[{cls}]"), glyphs


def _capital_code_glyphs(s: str) -> str:
    """Small letters OCR put into a code printed in capitals, token by token: a small 'l'
    among capitals is the capital I of a sans-serif face, where the two are one glyph
    ("Cl-2511-938" for CI-2511-938, which upper-casing would make CL-); and a letter read
    twice, small then capital ("SCxX700" for SCX700), loses the small echo. Tokens written
    in small letters keep them."""
    out = []
    for tok in s.split(" "):
        lower = [i for i, c in enumerate(tok) if c.islower()]
        if not lower or not any(c.isupper() for c in tok):
            out.append(tok)
            continue
        if all(tok[i] == "l" for i in lower):
            tok = tok.replace("l", "I")
        elif len(lower) == 1 and sum(c.isupper() for c in tok) >= 2:
            i = lower[0]
            twin = tok[i].upper()
            if (i + 1 < len(tok) and tok[i + 1] == twin) or (i > 0 and tok[i - 1] == twin):
                tok = tok[:i] + tok[i + 1 :]
        out.append(tok)
    return " ".join(out)


_CODE_EDGE = re.compile(r"^[\s_|,;:]+|[\s_|.,;:]+$")


def normalise_code(text: str) -> str | None:
    """Model / serial number: upper case, whitespace collapsed, separators kept as printed;
    a glyph no code holds ("$C7154BA6") becomes the capital OCR took it for
    (``code_glyphs`` in confusions.yaml)."""
    # A stroke or speck a scan read at the code's end ("GTM7250GB_", "TRULASER 3030.") is
    # not part of it: no model or serial ends in punctuation.
    s = _CODE_EDGE.sub("", re.sub(r"\s+", " ", _fold(text)).strip())
    s = _capital_code_glyphs(s).upper()
    code_glyphs = _code_glyphs()
    if code_glyphs is not None and s:
        pat, glyphs = code_glyphs
        prev = None
        while prev != s:  # "£§6336115": each replaced glyph makes its neighbour a letter's
            prev, s = s, pat.sub(lambda m: glyphs[m.group(0)], s)
    return s or None


_PARTY_TRAIL = re.compile(r"[\s,;:，；：、/\\|*_\-]+$")
_PARTY_LEAD = re.compile(r"^[\s,;:，；：、|*_\-]+")


def normalise_party(text: str) -> str | None:
    """Party name as printed, whitespace collapsed, stray punctuation trimmed at both ends.

    A final full stop is kept: on a company name it ends an abbreviation (``CO., LTD.``)
    and belongs to the name as printed; comparisons should ignore it, not this function.
    """
    if not isinstance(text, str):
        return None
    s = re.sub(r"[\s\u3000]+", " ", text).strip()
    s = _PARTY_LEAD.sub("", _PARTY_TRAIL.sub("", s))
    return s or None


@functools.cache
def _verdicts() -> tuple[dict[str, bool], _Lexicon, _Lexicon]:
    raw = data.load("verdicts.yaml")
    booleans = {_fold(str(w)).lower(): bool(v == "true")
                for v, words in raw["boolean"].items() for w in words}
    neg = _Lexicon((w, "non_conforming") for w in raw["conclusion"]["non_conforming"])
    pos = _Lexicon((w, "conforming") for w in raw["conclusion"]["conforming"])
    return booleans, neg, pos


def parse_bool(text: str | bool) -> bool | None:
    """``yes``/``no``, ``true``/``false``, ``是``/``否``, ``有``/``无``, ticked boxes."""
    if isinstance(text, bool):
        return text
    s = _fold(text).strip().lower().rstrip(" .:;,。")
    booleans, _, _ = _verdicts()
    return booleans.get(s)


def parse_conclusion(text: str) -> Conclusion | None:
    """Inspection conclusion: ``符合``/``conform`` -> conforming, ``不合格`` -> non_conforming.

    Negative wording is looked for first, since it contains the positive ("不符合").
    """
    key = _key(text)
    _, neg, pos = _verdicts()
    if neg.search(key):
        return "non_conforming"
    if pos.search(key):
        return "conforming"
    return None


# --------------------------------------------------------------------------------------------
# Countries


@functools.cache
def _country_tables() -> tuple[_Lexicon, frozenset[str]]:
    raw = data.load("countries.yaml")["countries"]
    pairs = [(name, str(code)) for code, names in raw.items()
             for lang in ("en", "zh") for name in names.get(lang, [])]
    return _Lexicon(pairs), frozenset(str(c) for c in raw)


def parse_country(text: str) -> str | None:
    """ISO 3166-1 alpha-2 code: ``Japan``, ``Made in Japan``, ``日本``, ``U.S.A.``, ``JP``."""
    key = _key(text)
    lexicon, codes = _country_tables()
    hit = lexicon.search(key)
    if hit:
        return str(hit.value)
    return key if key in codes else None


@functools.cache
def _chinese_country_names() -> tuple[tuple[str, str], ...]:
    raw = data.load("countries.yaml")["countries"]
    return tuple((str(n), str(code)) for code, names in raw.items() for n in names.get("zh", []))


def country_from_cut_name(text: str) -> str | None:
    """The country of a Chinese name OCR cut short at a line's end ("日" for 日本): only when
    exactly one country's Chinese names start with the glyphs read."""
    key = re.sub(r"\s+", "", text or "")
    if not key or not all("\u4e00" <= ch <= "\u9fff" for ch in key):
        return None
    codes = {code for name, code in _chinese_country_names()
             if name.startswith(key) and name != key}
    return codes.pop() if len(codes) == 1 else None


# ---------------------------------------------------------------------------- goods names


@data.derived("glossary.csv")
def _chinese_goods_names() -> dict[int, frozenset[str]]:
    """Chinese names and variants of the goods glossary, by length."""
    by_len: dict[int, set[str]] = {}
    for row in data.load("glossary.csv"):
        if str(row.get("concept_id", "")).startswith("#"):
            continue
        names = [row.get("zh") or "", *(row.get("variants") or "").split("|")]
        for name in names:
            name = name.strip()
            if len(name) >= 3 and all("\u4e00" <= ch <= "\u9fff" for ch in name):
                by_len.setdefault(len(name), set()).add(name)
    return {n: frozenset(v) for n, v in by_len.items()}


def snap_chinese_goods_name(text: str) -> str | None:
    """The glossary's Chinese goods name that an OCR'd name misreads by one character.

    OCR of a scan or photo confuses similar Han characters ("数控折奇机" for 数控折弯机).
    Only a name of at least four characters, closest to exactly one glossary name of the same
    length and at most a third of its characters away, is corrected; else it is left as read.
    """
    s = text.strip()
    if len(s) < 4 or not all("\u4e00" <= ch <= "\u9fff" for ch in s):
        return None
    names = _chinese_goods_names().get(len(s), frozenset())
    if s in names:
        return None
    dist = {n: sum(a != b for a, b in zip(s, n, strict=True)) for n in names}
    if not dist:
        return None
    best = min(dist.values())
    close = [n for n, d in dist.items() if d == best]
    # One wrong character in four to six, two in seven to nine: still unmistakably that name.
    return close[0] if len(close) == 1 and best <= max(1, (len(s) - 1) // 3) else None
