"""Text comparison helpers for the cross-check: OCR confusions, party names, goods names.

Documents of one shipment are typed by different people and read by OCR, so the same value
arrives spelt differently. These helpers decide what counts as "the same" so that rules only
fire on real disagreements, and tell an OCR slip (``PC2OO-8`` vs ``PC200-8``) from a real one.
All lists come from reference data (``confusions.yaml``, ``check.yaml``, ``glossary.csv``).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

from docproc.data import derived, load

_SEPARATORS = re.compile(r"[\s\-_/.,:;()\[\]#*'\"·•]+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


def check_config() -> dict:
    """The thresholds and lists of ``check.yaml``."""
    return load("check.yaml")


@functools.cache
def _confusion_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for cls in load("confusions.yaml")["classes"]:
        head = str(cls[0])
        for ch in cls:
            table[str(ch).upper()] = head
    return table


def compact(text: object) -> str:
    """Upper-case, NFKC, separators removed: ``pc200-8`` and ``PC 200 8`` compare equal."""
    s = unicodedata.normalize("NFKC", str(text)).upper()
    return _SEPARATORS.sub("", s)


def deconfuse(text: object) -> str:
    """``compact`` then map each OCR-confusable glyph to its class head (O->0, S->5, ...)."""
    table = _confusion_table()
    return "".join(table.get(ch, ch) for ch in compact(text))


def same_code(a: object, b: object) -> bool:
    """Codes (models, serials, numbers) equal apart from case and separators."""
    return compact(a) == compact(b)


def confusion_only(a: object, b: object) -> bool:
    """True when ``a`` and ``b`` differ, but only by OCR-confusable glyphs."""
    return compact(a) != compact(b) and deconfuse(a) == deconfuse(b)


_TOKEN = re.compile(r"[\s,;，；、]+")
_DIGIT = re.compile(r"\d")


def _tokens(text: object) -> list[str]:
    return [t for t in (compact(x) for x in _TOKEN.split(unicodedata.normalize(
        "NFKC", str(text)))) if t]


def extra_words_only(a: object, b: object) -> bool:
    """True when one value is the other plus words without digits (``VTC-300C USD`` vs
    ``VTC-300C``, ``MAZ068046, JAPAN SZ87148`` vs ``MAZ068046, SZ87148``): every code agrees
    and a neighbouring cell's word (a currency, a country) was read into the value.
    """
    ta, tb = _tokens(a), _tokens(b)
    if ta == tb or not ta or not tb:
        return False
    long, short = (ta, tb) if len(ta) > len(tb) else (tb, ta)
    if len(long) == len(short):
        return False
    it = iter(long)
    extra: list[str] = []
    for tok in short:  # ``short`` must be a subsequence of ``long`` ...
        for cand in it:
            if deconfuse(cand) == deconfuse(tok):
                break
            extra.append(cand)
        else:
            return False
    extra.extend(it)
    return bool(extra) and not any(_DIGIT.search(t) for t in extra)  # ... plus plain words


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def lookalike(a: object, b: object, max_edits: int) -> bool:
    """Codes that differ by OCR confusions plus at most ``max_edits`` glyphs dropped or added
    (``DI/26/790`` read ``DIM26/790``), and are long enough for that to be a slip of one code.
    A glyph replaced by one that is no look-alike (3 for 7) is a different code, not a slip.
    """
    da, db = deconfuse(a), deconfuse(b)
    if da == db:
        return compact(a) != compact(b)
    short, long = sorted((da, db), key=len)
    if max_edits <= 0 or len(short) < 4 * max_edits + 2:
        return False
    return 0 < len(long) - len(short) <= max_edits and _is_subsequence(short, long)


def separator_slip(a: float, b: float, max_power: int) -> bool:
    """Two measures with the same digits, one a power of ten of the other (``40.97`` read as
    ``40970``: a decimal or thousands separator misread).
    """
    if a <= 0 or b <= 0 or a == b:
        return False
    big, small = max(a, b), min(a, b)
    for k in range(1, max_power + 1):
        if abs(big - small * 10**k) <= 1e-6 * big:
            return True
    return False


def code_distance(a: object, b: object) -> float:
    """0 (same) .. 1 (unrelated) for codes; confusion-only differences cost very little."""
    ca, cb = compact(a), compact(b)
    if ca == cb:
        return 0.0
    da, db = deconfuse(a), deconfuse(b)
    if da == db:
        return 0.1
    return 1.0 - fuzz.ratio(da, db) / 100.0


def script(text: str) -> str:
    """``zh`` when the text has Chinese characters and no Latin letters, ``en`` when only
    Latin, ``mixed`` otherwise; English and Chinese names cannot be compared letter by letter.
    """
    has_cjk = bool(_CJK.search(text))
    has_latin = bool(_LATIN.search(text))
    if has_cjk and not has_latin:
        return "zh"
    if has_latin and not has_cjk:
        return "en"
    return "mixed" if has_cjk else "none"


def has_chinese(text: str) -> bool:
    """Whether any Chinese character appears in ``text``."""
    return bool(_CJK.search(text))


# ---------------------------------------------------------------------------------- parties


@derived("check.yaml")  # admins may edit check.yaml at run time
def _suffix_patterns() -> list[tuple[re.Pattern[str], str]]:
    variants: list[tuple[str, str]] = []
    for group in check_config()["party_suffixes"]:
        canon = "§" + compact(group[0])
        variants.extend((str(v), canon) for v in group)
    pats: list[tuple[re.Pattern[str], str]] = []
    for variant, canon in sorted(variants, key=lambda vc: len(vc[0]), reverse=True):
        if _CJK.search(variant):
            pats.append((re.compile(re.escape(variant) + r"$"), canon))
        else:
            words = r"\s+".join(map(re.escape, variant.split()))
            pats.append((re.compile(r"(?:^|\s)" + words + r"$"), " " + canon))
    return pats


def party_key(name: str) -> str:
    """A comparable form of a company name: case, punctuation and legal-form suffix variants
    ("CO., LTD." / "Company Limited") folded away.
    """
    s = unicodedata.normalize("NFKC", name).upper()
    s = s.replace("&", " AND ")
    s = re.sub(r"[^\w\s\u3400-\u9fff]", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    for pat, canon in _suffix_patterns():
        new = pat.sub(canon, s)
        if new != s:
            s = new
            break
    s = re.sub(r"^THE\s+", "", s)
    return re.sub(r"\s+", "", s)


def parties_differ(a: str, b: str) -> bool:
    """True when two party names are *clearly* different.

    Names in different scripts (an English and a Chinese name of one company) are not
    comparable letter by letter, so they are only flagged when both carry the same script.
    """
    ka, kb = party_key(a), party_key(b)
    if ka == kb:
        return False
    sa, sb = script(a), script(b)
    if {sa, sb} == {"en", "zh"}:
        return False
    if "mixed" in (sa, sb):
        # bilingual name: compare its part in the other name's script
        if sa == sb:
            pa, pb = _script_part(a, "en"), _script_part(b, "en")
        else:
            pa = _script_part(a, sb) if sa == "mixed" else a
            pb = _script_part(b, sa) if sb == "mixed" else b
        if not pa or not pb:
            return False
        ka, kb = party_key(pa), party_key(pb)
        if ka == kb:
            return False
    return fuzz.ratio(ka, kb) < check_config()["party_fuzzy_min"]


def _script_part(text: str, want: str) -> str:
    """The Chinese (``zh``) or the Latin part of a bilingual name."""
    if want == "zh":
        return "".join(_CJK.findall(text))
    return re.sub(r"[\u3400-\u9fff\uf900-\ufaff]+", " ", text).strip()


# ----------------------------------------------------------------------------- goods names


@dataclass(frozen=True, slots=True)
class Concept:
    """One kind of goods of the glossary, with its names in both languages."""

    concept_id: str
    en: str
    zh: str
    hs_prefix: str


@derived("glossary.csv")  # admins may edit the glossary at run time
def _glossary() -> tuple[dict[str, Concept], dict[str, str], list[tuple[str, str]]]:
    concepts: dict[str, Concept] = {}
    exact: dict[str, str] = {}
    for row in load("glossary.csv"):
        cid = (row.get("concept_id") or "").strip()
        if not cid or cid.startswith("#"):
            continue
        c = Concept(cid, row["en"].strip(), row["zh"].strip(), (row["hs_prefix"] or "").strip())
        concepts[cid] = c
        names = [c.en, c.zh, *(v for v in (row.get("variants") or "").split("|") if v.strip())]
        for name in names:
            exact.setdefault(_name_key(name), cid)
    # longest names first, for "contains" matching of longer descriptions
    by_len = sorted(exact.items(), key=lambda kv: len(kv[0]), reverse=True)
    return concepts, exact, by_len


def _name_key(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).upper()
    s = re.sub(r"\bUSED\b|\bSECOND[- ]HAND\b|二手|旧的?|\(USED\)", " ", s)
    s = re.sub(r"[^\w\u3400-\u9fff]+", " ", s)
    s = re.sub(r"(?<=[A-Z])S\b", "", s)  # plural
    return re.sub(r"\s+", " ", s).strip()


def concept_of(description: str) -> Concept | None:
    """The glossary concept a goods description names (exact, contained, then fuzzy)."""
    concepts, exact, by_len = _glossary()
    key = _name_key(description)
    if not key:
        return None
    if key in exact:
        return concepts[exact[key]]
    padded = f" {key} "
    for name, cid in by_len:
        if len(name) < 2:
            continue
        if _CJK.search(name):
            if name in key:
                return concepts[cid]
        elif len(name) >= 3 and f" {name} " in padded:
            return concepts[cid]
    return None


def concept(concept_id: str) -> Concept | None:
    """Look a concept up by id."""
    return _glossary()[0].get(concept_id)


def name_distance(a: str, b: str) -> float:
    """0 (same goods) .. 1 (different goods) for two goods names in any language."""
    ca, cb = concept_of(a), concept_of(b)
    if ca and cb:
        if ca.concept_id == cb.concept_id:
            return 0.0
        if ca.hs_prefix[:6] == cb.hs_prefix[:6]:
            return 0.3
        return 1.0
    ka, kb = _name_key(a), _name_key(b)
    if ka == kb:
        return 0.0
    if {script(a), script(b)} == {"en", "zh"}:
        return 0.5  # unknown to the glossary and not comparable: neutral
    return 1.0 - fuzz.token_set_ratio(ka, kb) / 100.0


def names_differ(a: str, b: str) -> bool:
    """True when two goods names clearly name different goods."""
    ca, cb = concept_of(a), concept_of(b)
    if ca and cb:
        return ca.hs_prefix[:6] != cb.hs_prefix[:6] and ca.concept_id != cb.concept_id
    if {script(a), script(b)} & {"zh", "mixed"} and script(a) != script(b):
        return False
    ka, kb = _name_key(a), _name_key(b)
    return ka != kb and fuzz.token_set_ratio(ka, kb) < check_config()["matching"]["name_fuzzy_min"]


# ---------------------------------------------------------------------------- check digits


def _ord_6346(ch: str) -> int:
    """ISO 6346 letter values: A=10, skipping multiples of 11."""
    value = 10
    for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        if value % 11 == 0:
            value += 1
        if letter == ch:
            return value
        value += 1
    raise ValueError(ch)


def container_check_digit_ok(code: str) -> bool:
    """ISO 6346 check digit of a container number (4 letters, 6 digits, check digit).

    Uses ``docproc.normalise.container_check_digit_ok`` when the normaliser provides it.
    """
    try:
        from docproc.normalise import container_check_digit_ok as shared
    except ImportError:
        shared = None
    if shared is not None:
        return bool(shared(code))
    c = compact(code)
    if not re.fullmatch(r"[A-Z]{4}\d{7}", c):
        return False
    total = sum((_ord_6346(ch) if ch.isalpha() else int(ch)) * 2**i for i, ch in enumerate(c[:10]))
    return total % 11 % 10 == int(c[10])


_VIN_VALUES = {**{str(d): d for d in range(10)},
               **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
               **dict(zip("JKLMN", range(1, 6), strict=True)), "P": 7, "R": 9,
               **dict(zip("STUVWXYZ", range(2, 10), strict=True))}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def vin_check_digit_ok(vin: str) -> bool:
    """ISO 3779 / GB 16735 check digit (9th character) of a 17-character VIN.

    Uses ``docproc.normalise.vin_check_digit_ok`` when the normaliser provides it.
    """
    try:
        from docproc.normalise import vin_check_digit_ok as shared
    except ImportError:
        shared = None
    if shared is not None:
        return bool(shared(vin))
    v = compact(vin)
    if len(v) != 17 or any(ch not in _VIN_VALUES for ch in v):
        return False
    total = sum(_VIN_VALUES[ch] * w for ch, w in zip(v, _VIN_WEIGHTS, strict=True))
    digit = total % 11
    return v[8] == ("X" if digit == 10 else str(digit))
