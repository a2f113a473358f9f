"""Extract stage: find labelled values and goods tables on laid-out pages.

Reading by layout and meaning rather than by template: every line is tokenised into *label*
chunks (any wording of ``data/labels.yaml``, English or Chinese, fuzzy against OCR errors) and
*value* chunks; a label's value is the chunk to its right or the text below it. Goods tables
are found from their header row (column wordings of the same lexicon), their columns from
vertical ruling lines when the page has them, else from the header cells' positions, and rows
from horizontal rules or from the anchor columns (quantity, amount).

Entry point: :func:`extract_fields`. Values come out as raw text with evidence; the kind of
each field decides which parser of :mod:`docproc.normalise` turns it canonical.
"""

from __future__ import annotations

import functools
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from docproc import data
from docproc import normalise as N
from docproc.errors import ReferenceDataError
from docproc.layout import Grid, Line, PageLayout, Segment, WordRun, cluster, join_words, union
from docproc.model import BBox, Word

FUZZY_MIN = 88  # rapidfuzz ratio for a label with OCR errors
FUZZY_VALUE_MIN = 75  # ... or this, when the value its kind expects follows its colon
FUZZY_MIN_LEN = 6  # labels shorter than this must match exactly
HAN_FUZZY_MIN_LEN = 4  # a Chinese label this long may have one glyph misread
WEAK_LABEL_LEN = 3  # normalised labels this short ("no", "to") are weak evidence

# --------------------------------------------------------------------------- text helpers

# A form's field number before a label: "1.", "(6)", "[6]", "②", "a)" ("G.W." is a label, not "G.").
_ENUM = re.compile(
    r"^\s*(?:\(?\d{1,2}[.)、]|\[\d{1,2}\]|[①-⑳]|[a-zA-Z][.)](?=\s|$)"
    r"|[一二三四五六七八九十]{1,3}[、.．])\s*"
)


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def norm(text: str) -> str:
    """Fold text for label matching: NFKC, lower case, only letters, digits and CJK."""
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in text if ch.isalnum())


def _strip_punct(text: str) -> str:
    """Trim separators around a value; a final full stop stays ("CO., LTD.")."""
    return text.strip().strip(":：;；,，-–—|/ \"'“”‘’").lstrip(".").strip()


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class Label:
    """One wording of a label, normalised, and the fields it may denote."""

    key: str
    fields: frozenset[str]
    text: str


@dataclass
class Lexicon:
    """Labels indexed by their normalised first character for fast matching."""

    labels: list[Label]
    by_first: dict[str, list[Label]] = field(default_factory=dict)
    max_words: int = 8
    # How many trailing letters a wrapped wording may lose ("Measureme" for "Measurement").
    # Header labels allow one: "Bill of Lading" is a title, not a truncated "B/L No.".
    truncation: int = 1

    # Chinese wordings by length: a label whose first glyph OCR misread is found by its length.
    cjk_by_len: dict[int, list[Label]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for lab in sorted(self.labels, key=lambda lb: -len(lb.key)):
            self.by_first.setdefault(lab.key[0], []).append(lab)
            if all(_is_cjk(c) for c in lab.key):
                self.cjk_by_len.setdefault(len(lab.key), []).append(lab)

    def candidates(self, first: str) -> list[Label]:
        """Labels starting with this normalised character, longest first."""
        return self.by_first.get(first, [])


def _build_lexicon(entries: dict[str, list[str]], truncation: int = 1) -> Lexicon:
    merged: dict[str, set[str]] = {}
    texts: dict[str, str] = {}
    for fname, wordings in entries.items():
        for w in wordings:
            if not isinstance(w, str):
                raise ReferenceDataError(f"labels.yaml: {fname}: {w!r} is not text (quote it)")
            k = norm(w)
            if k:
                merged.setdefault(k, set()).add(fname)
                texts.setdefault(k, w)
    return Lexicon(
        [Label(k, frozenset(v), texts[k]) for k, v in merged.items()], truncation=truncation
    )


@functools.cache
def field_specs() -> dict[str, dict[str, Any]]:
    """The ``fields`` section of labels.yaml."""
    specs: dict[str, dict[str, Any]] = data.load("labels.yaml")["fields"]
    return specs


@functools.cache
def field_order() -> dict[str, int]:
    """Each header field's place in labels.yaml: the order candidates of one label are made
    in, so that equal candidates are settled the same way on every run."""
    return {name: k for k, name in enumerate(field_specs())}


@functools.cache
def header_lexicon(doc_type: str) -> Lexicon:
    """Header-field labels usable on ``doc_type`` (document_number wordings are per type)."""
    allowed = set(doc_fields(doc_type))
    entries: dict[str, list[str]] = {}
    for fname, spec in field_specs().items():
        if fname not in allowed:
            continue
        labels = spec["labels"]
        if isinstance(labels, dict):
            labels = (
                labels.get(doc_type, [])
                if doc_type in labels
                else [w for ws in labels.values() for w in ws]
            )
        entries[fname] = list(labels)
    # Wordings of fields docproc does not extract still end the value above them.
    entries["_other"] = list(data.load("labels.yaml").get("other_labels") or [])
    return _build_lexicon(entries)


@functools.cache
def column_lexicon() -> Lexicon:
    """Goods-table column header wordings."""
    return _build_lexicon(data.load("labels.yaml")["columns"], truncation=3)


@functools.cache
def inline_lexicon() -> Lexicon:
    """Labels that appear inside a description cell."""
    return _build_lexicon(data.load("labels.yaml")["inline"])


@functools.cache
def table_end_keys() -> tuple[str, ...]:
    """Normalised words that close a goods table (totals)."""
    return tuple(norm(w) for w in data.load("labels.yaml")["table_end"])


@functools.cache
def carried_forward_keys() -> frozenset[str]:
    """Normalised wordings of a carried-forward subtotal line (labels.yaml)."""
    return frozenset(norm(w) for w in data.load("labels.yaml")["carried_forward"])


def _is_carry_line(ln: Line) -> bool:
    """A goods-table line that only carries the subtotal over a page break: its words other
    than figures and currencies ("C/F", "Brought forward") are a carry-forward wording."""
    rest = [w.text for w in ln.words if not _is_number_word(w) and not _is_currency_word(w)
            and w.text.strip("()")]
    return bool(rest) and norm(" ".join(rest)) in carried_forward_keys()


@functools.cache
def doc_fields(doc_type: str) -> tuple[str, ...]:
    """Header fields FIELDS.md expects on ``doc_type``."""
    types = data.load("doctypes.yaml")["types"]
    if doc_type not in types:
        # Unknown type: try every header field so a reviewer still sees what we read.
        return tuple(field_specs())
    return tuple(types[doc_type]["fields"])


# --------------------------------------------------------------------------- tokenising


def _script(ch: str) -> str:
    return "cjk" if _is_cjk(ch) else ("latin" if ch.isascii() and ch.isalnum() else "other")


def _script_changes(left: str, right: str) -> bool:
    """The last letter of ``left`` and the first of ``right`` differ in script (Chinese /
    Latin): where the halves of a bilingual label meet ("Buyer/买方", "签字 Signature")."""
    a = next((_script(c) for c in reversed(left) if _script(c) != "other"), "")
    b = next((_script(c) for c in right if _script(c) != "other"), "")
    return bool(a and b and a != b)


def _cut_points(text: str) -> list[int]:
    """Where one printed word holds two tokens: after a colon followed by more text
    ("No.:123", "发票号码:INV-1"), and at a slash where the script changes, which is how
    bilingual labels are printed ("Buyer/买方:", "Qty/数量"); "B/L" or "TK/26/118" stay whole.
    """
    cuts = []
    for k, ch in enumerate(text[:-1]):
        if ch in ":：;；" and k >= 1:
            cuts.append(k + 1)
        elif ch == "/" and 0 < k and _script_changes(text[:k], text[k + 1 :]):
            cuts.append(k + 1)
    return cuts


def _han_heading_cuts(text: str, lex: Lexicon) -> list[int]:
    """Where a run of Han glyphs is two or more headings printed close together, which OCR
    reads as one word ("出厂年份序列号" = 出厂年份 | 序列号): cut points of the split into
    exact wordings of ``lex`` with the fewest pieces; failing that, the cut after or before
    a wording of three glyphs or more at one end, the other piece (two glyphs or more)
    misread; none when the run is a wording itself."""
    if len(text) < 4 or not all(_script(c) == "cjk" for c in text):
        return []
    keys = {lab.key for c in set(text) for lab in lex.candidates(c)}
    if text in keys:
        return []
    n = len(text)
    best: list[list[int] | None] = [None] * (n + 1)
    best[0] = []
    for i in range(n):
        if best[i] is None:
            continue
        for j in range(i + 2, n + 1):
            if text[i:j] in keys and (best[j] is None or len(best[j]) > len(best[i]) + 1):
                best[j] = [*best[i], j]
    found = best[n]
    if found and len(found) >= 2:
        return found[:-1]
    # One end misread ("出三年序列号": 出厂年份 read as 出三年): a wording of three glyphs or
    # more at the other end still makes its own heading, the misread rest another word.
    for j in range(n - 3, 1, -1):  # a wording ending the run
        if text[j:] in keys:
            return [j]
    for j in range(3, n - 1):  # a wording opening it
        if text[:j] in keys and text[j:] not in keys:
            return [j]
    return []


def _split_word(w: Word, lex: Lexicon | None = None) -> list[Word]:
    """Split a word at :func:`_cut_points` (and, given a heading lexicon, between Han
    headings run together), sharing its box in proportion to the characters."""
    cuts = _cut_points(w.text)
    if not cuts and lex is not None:
        cuts = _han_heading_cuts(w.text, lex)
    return _cut_word(w, cuts)


def _cut_word(w: Word, cuts: list[int]) -> list[Word]:
    """``w`` cut at these character offsets, its box shared in proportion to the characters
    (blank pieces dropped)."""
    if not cuts:
        return [w]
    bounds = [0, *cuts, len(w.text)]
    n = len(w.text)

    def cut(box: BBox, a: float, b: float) -> BBox:
        x0, y0, x1, y1 = box
        return (x0 + (x1 - x0) * a, y0, x0 + (x1 - x0) * b, y1)

    out = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        t = w.text[a:b]
        if t.strip():
            fa, fb = a / n, b / n
            lbox = cut(w.lbox, fa, fb) if w.lbox else None
            out.append(Word(t, cut(w.bbox, fa, fb), w.conf, w.block, w.line, lbox))
    return out


@dataclass
class Chunk(WordRun):
    """A run of words on one line: a label (with candidate fields) or a value."""

    words: list[Word]
    line: Line
    label: Label | None = None
    score: float = 1.0  # label match quality 0..1


def _match_at(
    words: list[Word], i: int, lex: Lexicon, *, lookahead: bool = True,
    tail: list[Word] | None = None,
) -> tuple[Label, int, float] | None:
    """The longest label starting at word ``i``: (label, words used, score).

    A fuzzy match that runs into the next word loses to an exact shorter one when that next
    word starts an exact label itself: "Commodity | Model" is two headings, not a misread
    "Commodity Code"; "Total Amount | H.S. Code" is not "Total Amount H".
    """
    quotes = sum(words[i].text.count(q) for q in "\"“”「」『』")
    if words[i].text[:1] in "\"“「『" and quotes >= 2:
        return None  # a quoted term ("the “Buyer”") is a definition in prose, not a label
    first_text = _ENUM.sub("", words[i].text) if i == 0 else words[i].text
    keys: list[str] = []
    acc = ""
    for j in range(i, min(len(words), i + lex.max_words)):
        t = first_text if j == i else words[j].text
        acc += norm(t)
        keys.append(acc)
        if t.endswith((":", "：")):
            break  # a colon ends the label: "Quantity:" never runs on into "1 UNIT(S)"
    if not keys or not keys[0]:
        return None
    best: tuple[Label, int, float] | None = None
    best_rank: tuple[int, float, int] = (0, 0.0, 0)
    exact: tuple[Label, int, float] | None = None
    cands = lex.candidates(keys[0][0])
    following = [*words, *(tail or [])]  # the next segment may hold the value of a label
    vouched: list[Label] = []
    if len(keys[0]) >= HAN_FUZZY_MIN_LEN and all(_is_cjk(c) for c in keys[0]):
        # "短发日期" for 签发日期: the first glyph misread, the label found by its length.
        cands = cands + [lab for lab in lex.cjk_by_len.get(len(keys[0]), [])
                         if lab.key[0] != keys[0][0]]
    elif len(keys[-1]) >= FUZZY_MIN_LEN and words[i + len(keys) - 1].text.endswith((":", "：")):
        # "mvoice Dake:" before a date: a colon-ended wording whose first letter OCR lost;
        # _value_follows decides whether the value vouches for it.
        vouched = [lab for lab in lex.labels
                   if lab.key[0] != keys[0][0] and not _is_cjk(lab.key[0])
                   and abs(len(lab.key) - len(keys[-1])) <= 2
                   and fuzz.ratio(keys[-1], lab.key) >= FUZZY_VALUE_MIN
                   and _value_follows(following, i + len(keys), lab)]
        cands = cands + vouched
    for lab in cands:
        for n, k in enumerate(keys, start=1):
            if vouched and lab in vouched and n != len(keys):
                continue  # found by its value: only the whole colon-ended wording counts
            if len(k) > len(lab.key) + 2 and not (n == 1 and _is_cjk(lab.key[0])):
                break
            if k == lab.key:
                score = 1.0
            elif n > 1 and words[i + n - 1].text.startswith(("(", "（")):
                # "Notify Party (no claim ...)": an opening parenthesis starts the label's
                # note (see _label_len), it is not a misread end of a longer wording.
                continue
            elif (
                len(lab.key) >= FUZZY_MIN_LEN
                and abs(len(k) - len(lab.key)) <= 2
                # "Bill of Lading" is a title, not "B/L No."; a wrapped "Measuremen" still counts.
                and not (lab.key.startswith(k) and len(lab.key) - len(k) > lex.truncation)
            ):
                r = fuzz.ratio(k, lab.key)
                if r < FUZZY_MIN and not (
                    r >= FUZZY_VALUE_MIN
                    and _value_follows(following, i + n, lab)
                ):
                    continue
                score = r / 100
            elif (
                3 <= len(lab.key) < FUZZY_MIN_LEN
                and len(k) == len(lab.key)
                and _confusable(k, lab.key)
            ):
                score = 0.85  # "OTY" read for "QTY": one glyph OCR commonly swaps
            elif _han_misread(k, lab, lex):
                score = 0.85  # "授权签宁人" for "授权签字人": one Han glyph misread
            elif (
                _is_cjk(lab.key[0])
                and k.startswith(lab.key)
                and n == 1
                # A one-character label ("注") only with its colon: "注塑机" is a machine.
                and (len(lab.key) >= 2 or first_text.strip()[1:2] in (":", "："))
            ):
                # Chinese label glued to its value in one word ("发票号码INV1"): accept the prefix.
                score = 0.9
            else:
                continue
            # Rank by the text consumed, then the score: the exact "Port of Loading" beats the
            # longer "Port of Unloading" it also fuzzily resembles.
            rank = (len(k), score, len(lab.key))
            if best is None or rank > best_rank:
                best, best_rank = (lab, n, score), rank
            if score == 1.0 and (exact is None or n > exact[1]):
                exact = (lab, n, score)
    if (
        lookahead
        and best is not None
        and exact is not None
        and best[2] < 1.0
        and exact[1] < best[1]
    ):
        nxt = _match_at(words, i + exact[1], lex, lookahead=False)
        if nxt is not None and nxt[2] == 1.0:
            best = exact
    if best is not None and _in_open_bracket(words, i, best[1], first_text):
        return None
    return best


def _in_cited_title(before: list[Word]) -> bool:
    """Inside 《…》, the title of a cited text: its words ("贸易术语") label nothing."""
    text = "".join(w.text for w in before)
    return text.count("《") > text.count("》")


def _in_open_bracket(words: list[Word], i: int, n: int, first_text: str) -> bool:
    """A wording after an opening bracket the label does not close and no colon ends is a
    caption, not a label: '(检验机构盖章 Inspection Body Seal)' under the seal, its 盖章
    misread, is no agency."""
    if first_text.lstrip()[:1] not in ("(", "（"):
        return False
    used = "".join(w.text for w in words[i : i + n])
    return not any(c in used for c in ")）") and not used.rstrip().endswith((":", "："))


def _value_follows(words: list[Word], j: int, lab: Label) -> bool:
    """A colon-ended wording OCR read, with a date or a reference right after it ("mvoice
    Dake: 01/04/2026"): the value vouches for a label read with two glyphs wrong."""
    if j >= len(words) or not words[j - 1].text.endswith((":", "：")):
        return False
    if min(w.conf for w in words[:j]) >= 1.0:
        return False  # a text layer misreads nothing: "Delivery Date:" is another label
    kinds = {field_specs().get(f, {}).get("kind") for f in lab.fields}
    after = " ".join(w.text for w in words[j : j + 3])
    if "date" in kinds and N.parse_date(after):
        return True
    return "ref" in kinds and bool(_REF_CODE.fullmatch(words[j].text))


def _one_glyph_off(k: str, key: str) -> bool:
    return len(k) == len(key) and sum(a != b for a, b in zip(k, key, strict=True)) == 1


def _han_misread(k: str, lab: Label, lex: Lexicon) -> bool:
    """``k`` is a Chinese wording of ``lab`` with one glyph misread, and of no other field:
    '出X日期' could be 出具日期 (issue date) or 出厂日期 (manufacture date), so it is neither."""
    if (
        len(lab.key) < HAN_FUZZY_MIN_LEN
        or not _is_cjk(lab.key[0])
        or not all(_is_cjk(c) for c in k)
        or not _one_glyph_off(k, lab.key)
    ):
        return False
    return all(
        other.fields == lab.fields
        for other in lex.cjk_by_len.get(len(k), [])
        if other is not lab and _one_glyph_off(k, other.key)
    )


@functools.cache
def _confusion_class() -> dict[str, str]:
    """Upper-case glyph -> its OCR confusion class (data/confusions.yaml)."""
    out: dict[str, str] = {}
    for cls in data.load("confusions.yaml")["classes"]:
        for ch in cls:
            out[str(ch).upper()] = str(cls[0])
    return out


def _confusable(a: str, b: str) -> bool:
    """Equal but for one position where OCR swaps look-alike glyphs (Q/O, 0/O, 1/l)."""
    cls = _confusion_class()
    a, b = a.upper(), b.upper()
    if len(a) != len(b):
        return False  # "maße" upper-cases to "MASSE"
    diff = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return len(diff) == 1 and cls.get(diff[0][0], "x") == cls.get(diff[0][1], "y")


@functools.cache
def _field_words() -> dict[str, frozenset[str]]:
    """Each header field's label words, normalised ("port", "discharge", "destination" ...)."""
    return {
        fname: frozenset(k for w in _wordings(spec) for k in (norm(t) for t in w.split())
                         if len(k) >= 4)
        for fname, spec in field_specs().items()
    }


def _wordings(spec: dict[str, Any]) -> list[str]:
    """All wordings of one field, over every document type when they are listed per type."""
    labels = spec["labels"]
    return [w for v in labels.values() for w in v] if isinstance(labels, dict) else list(labels)


def _field_word(text: str, fields: frozenset[str]) -> bool:
    key = norm(text.rstrip(":："))
    return key.isalpha() and any(key in _field_words().get(f, ()) for f in fields)


# A dot leader between a label and its value ("Port of loading ....... BREMERHAVEN").
_LEADER = re.compile(r"[.·…‥_]{3,}[:：]?")


def _label_len(words: list[Word], i: int, n: int, before: list[Word], lab: Label) -> int:
    """Words a lexicon match at word ``i`` takes as a label, or 0 when it is prose.

    A label is colon-ended, or fills its phrase (the value sits across a gap), or stands at
    the phrase start followed by something that looks like a value (has a digit). Chinese
    labels at a phrase start count as well: Chinese forms often omit the colon.
    """
    # "Consignee (or Order)", "Ocean Vessel /": a parenthesis or a lone slash after a label
    # belongs to the label.
    while i + n < len(words) and (words[i + n].text.startswith("(") or words[i + n].text == "/"):
        if words[i + n].text == "/":
            n += 1
            # "Port of Entry / Discharge": a word of the same field's wordings after the
            # slash is the label's other wording, not its value.
            while i + n < len(words) and _field_word(words[i + n].text, lab.fields):
                n += 1
            break
        # ... up to its closing parenthesis, which a colon may follow ("(in words):").
        while i + n < len(words) and not words[i + n].text.rstrip(":：").endswith(")"):
            n += 1
        n += 1
    n = min(n, len(words) - i)
    # "No. of Pkgs _": a speck or stroke a scan read after the label is no value.
    # "Port of loading ........ BREMERHAVEN": a dot leader joins a label to its value the
    # way a colon does.
    leader = False
    while (
        i + n < len(words)
        and words[i + n].text not in (":", "：")
        and not any(ch.isalnum() for ch in words[i + n].text)
        and not _is_currency_code(words[i + n].text)
        and (len(words[i + n].text) <= 2 or bool(_LEADER.fullmatch(words[i + n].text)))
    ):
        leader = leader or bool(_LEADER.fullmatch(words[i + n].text))
        n += 1
    # "Gesamtbetrag EUR | 220.500,00", "Total (USD):": the currency printed after a label.
    if (
        i + n < len(words)
        and not words[i + n - 1].text.endswith((":", "："))
        and _is_currency_code(words[i + n].text)
    ):
        n += 1
    last = words[i + n - 1].text
    # "Buyer/" before "买方:" is one half of a bilingual label: it ends like a colon does.
    colon = leader or bool(_LEADER.fullmatch(last)) or last.endswith((":", "：", "/")) or (
        i + n < len(words) and words[i + n].text in (":", "：")
    )
    at_start = (
        i == 0
        or words[i - 1].text.endswith((":", "：", ";", "；", "/"))
        # "Moon /买方": the second half of a bilingual label after a misread first half.
        or words[i].text.startswith(("/", "／"))
        or bool(before and not any(ch.isalnum() for ch in before[-1].text))
        # "1. Consignor", "(6) Ocean Vessel": a form's field number before its label.
        or bool(before and _ENUM.fullmatch(before[-1].text))
        or (len(before) == 1 and _box_number(before[0], words, i, n))
        or _clause_number(before)
    )
    if len(before) == 1 and _box_number(before[0], words, i, n):
        return n  # "4 B/L No.": a numbered box's label, however short
    if len(lab.key) == 1 and _is_cjk(lab.key) and not colon:
        return 0  # "自" / "至" open and join phrases ("自签发之日起"): only "自:" is a label
    if colon:
        # Mid-line, a colon label must be long, Chinese, or capitalised ("QTY:", "S/N:").
        ok = at_start or len(lab.key) >= 5 or _is_cjk(lab.key[0]) or words[i].text[:1].isupper()
        return n if ok else 0
    if len(lab.key) <= WEAK_LABEL_LEN and not _is_cjk(lab.key[0]):
        return 0  # "No. 2934 Binhai Avenue", "To order": short labels need their colon
    if (
        words[i].text[:1].islower()
        and last.endswith(".")
        and sum(ch.isalpha() for ch in last) >= 4
    ):
        return 0  # "... approved by the Buyer.": the end of a sentence, not a label
    if not at_start:
        return 0
    if i + n == len(words) or _is_cjk(lab.key[0]):
        return n
    return n if any(ch.isdigit() for ch in words[i + n].text) else 0


def _is_currency_code(text: str) -> bool:
    """An ISO code or symbol alone ("EUR", "(USD)", "US$:"), as printed after a label."""
    core = text.strip("():：,")
    return 2 <= len(core) <= 4 and core.upper() == core and N.parse_currency(core) is not None


def _column_gap(a: Word, b: Word) -> bool:
    """More than a word space between two heading words: ``b`` heads a column of its own
    ("Unit | Frame / Serial"), not more of ``a``'s heading ("Description | of Goods")."""
    char_w = (a.layout_box[2] - a.layout_box[0]) / max(1, len(a.text))
    return b.layout_box[0] - a.layout_box[2] > 1.5 * char_w


_BOX_NUMBER = re.compile(r"\(?\d{1,2}\)?|\[\d{1,2}\]")


def _box_number(w: Word, words: list[Word], i: int, n: int) -> bool:
    """A form's box number printed bare before its label ("1 Shipper (Name and Address)",
    "13 Gross Weight"): part of the label, never a value. Only when the label fills the rest
    of its segment (the value sits below, in the box) and is not a unit or package word:
    "1 PACKAGES" is a quantity."""
    if not _BOX_NUMBER.fullmatch(w.text) or i + n != len(words):
        return False
    text = " ".join(x.text for x in words[i : i + n])
    return N.parse_unit(text) is None or len(text.split()) > 1


@functools.cache
def _clause_words() -> frozenset[str]:
    return frozenset(norm(str(w)) for w in data.load("labels.yaml").get("clause_words") or [])


_CLAUSE_NO = re.compile(r"\(?\d{1,2}(?:\.\d{1,2})?[.):：]?")
_CLAUSE_ZH = re.compile(r"第[\d一二三四五六七八九十]{1,3}[条款项]")


def _clause_number(words: list[Word]) -> bool:
    """"Clause 6", "Art. 7", "第6条": a clause's number printed before its label."""
    if len(words) == 1:
        return bool(_CLAUSE_ZH.fullmatch(words[0].text))
    return (len(words) == 2 and norm(words[0].text) in _clause_words()
            and bool(_CLAUSE_NO.fullmatch(words[1].text)))


def _box_numbered(chunk: WordRun) -> bool:
    """The run starts with a form's box number ("4", "(13)", "7.") and more text."""
    ws = chunk.words
    return len(ws) > 1 and bool(_BOX_NUMBER.fullmatch(ws[0].text) or _ENUM.fullmatch(ws[0].text))


def _bilingual_len(
    words: list[Word], i: int, m: tuple[Label, int, float], lex: Lexicon, tail: list[Word]
) -> int:
    """Words a colon-less label at a phrase start takes together with its wording in the
    other script right after it ("Inv. No. 发票编号 | 20251227-27"): the pair is read as the
    label when the second half would be a label on its own at a phrase start."""
    j = i + m[1]
    if j >= len(words):
        return 0
    m2 = _match_at(words, j, lex, tail=tail)
    if not m2 or not (m2[0].fields & m[0].fields):
        return 0
    if not _script_changes(words[j - 1].text, words[j].text):
        return 0
    n2 = _label_len(words[j:], 0, m2[1], [], m2[0])
    return m[1] + n2 if n2 else 0


def _twin_wording(prev: Chunk, w: Word, lab: Label) -> bool:
    """A colon-less field label followed by a wording in the other script that the lexicon
    knows only as some other label: its translation ("签字 Signature:"), whose own meaning
    ("Signature" ends a value elsewhere) must not swallow the field."""
    if lab.fields != {"_other"} or prev.words[-1].text.endswith((":", "：")):
        return False
    return _script_changes(prev.words[-1].text, w.text) and "_other" not in prev.label.fields


def tokenise(line: Line, lex: Lexicon, *, header: bool = False) -> list[Chunk]:
    """Split a line into label chunks and value chunks, respecting segment gaps.

    ``header=True`` reads a table header row: no prose there, so a wording matches anywhere
    and leftover words ("of Commodity", "(USD)") extend the label before them.
    """
    chunks: list[Chunk] = []
    for si, seg in enumerate(line.segments):
        words = [p for w in seg.words for p in _split_word(w, lex if header else None)]
        tail = line.segments[si + 1].words if si + 1 < len(line.segments) else []
        i = 0
        value: list[Word] = []
        while i < len(words):
            m = _match_at(words, i, lex, tail=tail)
            if m and _in_cited_title(value):
                m = None  # "（《2020年国际贸易术语解释通则》）": a cited title, not a label
            if (
                m
                and not header
                and not value
                and chunks
                and chunks[-1].label
                and chunks[-1].line is line
                and (m[0].fields & chunks[-1].label.fields
                     or _twin_wording(chunks[-1], words[i], m[0]))
                and not _column_gap(chunks[-1].words[-1], words[i])
            ):
                # "买受人 Buyer": the other language's wording of the label just read is the
                # label's second half, not the start of its value.
                chunks[-1].words.extend(words[i : i + m[1]])
                i += m[1]
                continue
            # Labels only count at a phrase start or after a colon-ended value; this keeps
            # "To" inside "Port of Discharge: To order" from splitting the value.
            n_label = (m[1] if header else _label_len(words, i, m[1], value, m[0])) if m else 0
            if m and not n_label and not header and not value:
                n_label = _bilingual_len(words, i, m, lex, tail)
            if m and n_label:
                lab, _n, score = m
                n = n_label
                lead: list[Word] = []
                if (len(value) == 1 and _box_number(value[0], words, i, n)) or _clause_number(
                        value):
                    lead, value = value, []
                if value:
                    chunks.append(Chunk(value, line))
                    value = []
                chunks.append(Chunk(lead + words[i : i + n], line, lab, score))
                i += n
            elif (
                not value
                and chunks
                and chunks[-1].label
                and not any(ch.isalnum() for ch in words[i].text)
            ):
                # OCR often reads the colon after a label as a word of its own.
                chunks[-1].words.append(words[i])
                i += 1
            elif (
                header
                and chunks
                and chunks[-1].label
                and chunks[-1].line is line
                and not value
                and not _column_gap(chunks[-1].words[-1], words[i])
            ):
                chunks[-1].words.append(words[i])
                i += 1
            else:
                value.append(words[i])
                i += 1
        if value:
            chunks.append(Chunk(value, line))
    if not header:
        _pull_twin_halves(chunks, lex)
    return chunks


def _pull_twin_halves(chunks: list[Chunk], lex: Lexicon) -> None:
    """"SOUTHAMPTON To | 至: | SHANGHAI", "Shekou 目的港 | To: | San Antonio": the colon-less
    half of a bilingual label printed after the value before it. Words ending a value chunk
    that are a wording of the next label's field, in the other script, move to that label."""
    for prev, lab in zip(chunks, chunks[1:], strict=False):
        if not lab.label or prev.label or prev.line is not lab.line:
            continue
        ws = prev.words
        for t in range(max(1, len(ws) - 4), len(ws)):
            m = _match_at(ws, t, lex, lookahead=False)
            if not (m and t + m[1] == len(ws) and m[0].fields & lab.label.fields):
                continue
            if _script_changes(ws[-1].text, lab.words[0].text):
                lab.words[:0] = ws[t:]
                del ws[t:]
            break


# --------------------------------------------------------------------------- values


@dataclass
class Value:
    """A value as read: its text and the words it came from."""

    text: str
    words: list[Word]
    page: int
    conf: float

    @property
    def bbox(self) -> BBox:
        """Evidence box (original page frame)."""
        return union([w.bbox for w in self.words])


def _value_from(words: list[Word], page: int, score: float = 1.0) -> Value:
    text = _strip_punct(join_words(words))
    conf = (sum(w.conf for w in words) / len(words)) if words else 0.0
    return Value(text, words, page, round(conf * score, 3))


def make_field(value: Any, val: Value) -> dict[str, Any]:
    """The evidence object of FIELDS.md for one extracted value."""
    x0, y0, x1, y1 = val.bbox
    return {
        "value": value,
        "raw": val.text,
        "confidence": max(0.0, min(1.0, val.conf)),
        "page": val.page,
        "bbox": [round(x0, 4), round(y0, 4), round(x1, 4), round(y1, 4)],
    }


_CAPTION_TAIL = re.compile(r"\s*[（(]([^（()）]{0,10})[)）]?\s*$")


@functools.cache
def _party_placeholders() -> tuple[str, ...]:
    return tuple(" ".join(re.findall(r"\w+", p.lower()))
                 for p in data.load("labels.yaml")["party_placeholders"])


@functools.cache
def _placeholder_fields() -> frozenset[str]:
    return frozenset(data.load("labels.yaml")["placeholder_fields"])


def _is_placeholder(text: str) -> bool:
    """Whole words at the start: "Idem" is a placeholder, "Idemitsu Kosan" a name."""
    key = " ".join(re.findall(r"\w+", text.lower()))
    return any(key == p or key.startswith(p if _is_cjk(p[0]) else p + " ")
               for p in _party_placeholders())


def _parse_party(text: str) -> str | None:
    """A party name: some letters, and not itself a label ("No.", "Ref. No.")."""
    v = N.normalise_party(text)
    if not v or sum(ch.isalpha() for ch in v) < 3:
        return None
    lower = sum(1 for w in v.split() if w.isalpha() and w.islower())
    if lower >= 4 and not _looks_like_company(v):
        return None  # a sentence ("The Seller agrees to sell and the Buyer ..."), not a name
    captions = data.load("labels.yaml").get("stamp_captions") or []
    # "中国检验认证集团上海有限公司（检验专用章）", wrapped as "…（盖": the caption printed
    # after the name, where the seal goes, is not part of it.
    tail = _CAPTION_TAIL.search(v)
    if tail and v[: tail.start()].strip():
        inner = tail.group(1)
        if "章" in inner or any(c.strip("()（）").startswith(inner) for c in captions):
            v = v[: tail.start()].rstrip()
    if any(w in v for w in captions):
        return None  # "(检验机构盖章)", "Inspection Body (Seal)": where the seal goes, not who
    key = norm(v)
    if key in _all_label_keys():
        return None
    return _mend_legal_form(v)


@functools.cache
def _han_legal_forms() -> tuple[str, ...]:
    """The Chinese legal forms of the company markers, longest first (有限责任公司, 有限公司 …)."""
    forms = [m for m in data.load("labels.yaml")["company_markers"]
             if len(m) >= 4 and all(_is_cjk(c) for c in m)]
    return tuple(sorted(forms, key=len, reverse=True))


def _mend_legal_form(v: str) -> str:
    """A Chinese company name whose legal form OCR read with one glyph wrong ("…欧洲育限公司",
    "…上海有防公司"): the form is a closed list, so the one-glyph-off ending is that form."""
    for form in _han_legal_forms():
        tail = v[-len(form):]
        if len(v) > len(form) and all(_is_cjk(c) for c in tail):
            if tail == form:
                return v
            if sum(a != b for a, b in zip(tail, form, strict=True)) == 1:
                return v[: -len(form)] + form
    return v


def _is_label_text(text: str) -> bool:
    """Text that is itself a label wording (a heading printed where a value should be)."""
    key = norm(text)
    return bool(key) and key in _all_label_keys()


@functools.cache
def _all_label_keys() -> frozenset[str]:
    keys: set[str] = set()
    for spec in field_specs().values():
        keys.update(norm(w) for w in _wordings(spec))
    keys.update(norm(w) for ws in data.load("labels.yaml")["columns"].values() for w in ws)
    keys.update(("shippingdetails", "shippingdetail", "remarks", "page"))
    return frozenset(keys)


def _is_measure_word(tok: str) -> bool:
    """A number, or a unit of weight or volume ("75,740", "KGS", "CBM")."""
    if N.parse_number(tok) is not None and not re.search(r"[^\W\d_]{2}", tok):
        return True
    return (N.parse_weight_kg("1 " + tok, default_unit="") is not None
            or N.parse_volume_cbm("1 " + tok, default_unit="") is not None)


def _parse_text(text: str) -> str | None:
    t = " ".join(text.split())
    if t and all(_is_measure_word(tok) for tok in t.split()):
        return None  # "75,740 KGS": the weight column beside a label, not its text
    return t or None


def _parse_code(text: str) -> str | None:
    t = _strip_punct(text)
    if not t or not any(ch.isalnum() for ch in t):
        return None
    return N.normalise_code(t.split()[0] if len(t.split()) > 3 else t)


def _ref_before_date(text: str) -> str:
    """The reference of "NM/26/808 dd. 16/05/2026" or "SER259217 / 11th June 2025": what a
    combined "Invoice No. / Date" box holds before its date (dates inside one token, such as
    "PL/2026/05/16", stay)."""
    toks = text.split()
    for j in range(1, len(toks)):
        tail = toks[j:]
        if tail[0].lower().strip(".:") in _DATE_LINKS:
            tail = tail[1:]
        if tail and N.parse_date(" ".join(tail)) and tail[0][:1].isalnum():
            return " ".join(toks[:j]).rstrip(" /,-")
    return text


def _ref_in_clause(text: str) -> str:
    """"BRE82648836）项下的…": a reference read inside a sentence ends at a closing bracket it
    did not open, or at a clause's punctuation; on a scan, at a stray Han glyph."""
    m = re.search(r"[;；，。]|(?<=[A-Za-z0-9])[)）]", text)
    if m and "(" not in text[: m.start()] and "（" not in text[: m.start()]:
        text = text[: m.start()]
    # "$SC-2025-FR-0338 下 -0338": a lone Han glyph after the code starts what OCR made of a
    # neighbouring word, and a "$" before an S is that S read twice.
    m = re.search(r"\s+[\u4e00-\u9fff]", text)
    if m and any(ch.isdigit() for ch in text[: m.start()]):
        text = text[: m.start()]
    return re.sub(r"^\s*\$(?=S)", "", text)


def _parse_ref(text: str) -> str | None:
    """A document reference: a code with at least one digit, so that a title word ("EXPORT",
    "INVOICE") or a caption beside the label is never taken for the number."""
    code = _parse_code(_ref_before_date(_ref_in_clause(text)))
    if code:
        # '=' is never printed in a document number: on a scan it is a hyphen read twice
        # ('INV=-2026-0246') or read as an equals sign ('INV=2026')
        code = _REF_EQUALS.sub("-", code)
    return code if code and any(ch.isdigit() for ch in code) else None


# Words joining a reference to its date in one box: "NM/26/808 dd. 16/05/2026".
_DATE_LINKS = frozenset({"/", "-", "dd", "dtd", "dated", "date", "of", "on", "vom", "du", "de"})

# A document reference standing alone: capitals and at least four digits with separators
# ("SC-2026-BE-0826"); a name never starts with one.
_REF_CODE = re.compile(r"(?=(?:[^0-9]*[0-9]){4})(?=.*[A-Z])[A-Z0-9][A-Z0-9./-]{5,}")
_REF_EQUALS = re.compile(r"(?<=[0-9A-Z])(?:=+-*|-+=+)(?=[0-9A-Z])")


def _parse_port(text: str) -> str | None:
    if "@" in text:
        return None  # "From: Anna Schmidt <a.schmidt@...>": an e-mail's sender, not a port
    t = " ".join(_strip_punct(text).split())
    return t.upper() if t else None


def _parse_terms(text: str) -> str | None:
    t = " ".join(_strip_punct(text).upper().split())
    m = re.search(r"\b(EXW|FCA|FAS|FOB|CFR|CNF|C&F|CIF|CPT|CIP|DAP|DPU|DAT|DDP)\b.*", t)
    if not m:
        return None
    # "CIF QINGDAO (INCOTERMS 2020)", "FOB HAMBURG, INCOTERMS® 2010": the edition is not the term.
    # A wrapped "(INCOTERMS" whose edition went to the next line goes too.
    terms = re.sub(r"[(,;]?\s*INCOTERMS?\W{0,2}\s*(?:(?:19|20)\d\d\s*\)?|$)", " ", m.group(0))
    # "CIF SHEKOU（《2020年国际贸易术语解释通则》）": a note in brackets after the place.
    terms = re.split(r"[（《]|\((?=[^)]*[\u4e00-\u9fff])", terms)[0]
    return " ".join(terms.split()).strip(" ,;") or None


def _parse_currency(text: str) -> str | None:
    return N.parse_currency(text)


def _parse_amount(text: str) -> float | None:
    """A money amount: a number that is not a count of units ("1 Set" is a quantity)."""
    _q, unit = N.parse_quantity(text)
    if unit and not N.parse_currency(text):
        return None
    value = N.parse_number(text)
    if (
        value is not None
        and value < 1000
        and not re.search(r"[.,]\d{2}\b", text)
        and not (N.parse_currency(text))
    ):
        return None  # "TOTAL | 1 | EUR": a bare small count, not money
    return value


# "1X40HC", "20GP", "40HQ": a count and an ISO 6346 size/type, not a seal number.
_CONTAINER_TYPE = re.compile(r"(?:\d{1,3}X)?(?:20|40|45)(?:HC|HQ|GP|DC|DV|RF|RH|OT|FR|NOR|ST|TK)")


@functools.cache
def _container_count() -> re.Pattern[str]:
    words = sorted(data.load("units.yaml")["containers"], key=len, reverse=True)
    alt = "|".join(re.escape(str(w)) for w in words)
    count = r"(?:\d+|\(\s*\d+\s*\))(?:\s*\(\s*\d+\s*\))?\s*"
    size = r"(?:[X×]\s*\d{2}[A-Z']*\s*)?"  # "2 X 40HQ CONTAINERS"
    return re.compile(rf"{count}{size}(?:{alt})(?![A-Za-z])", re.I)


def _parse_int(text: str) -> int | None:
    """A count: the first number standing on its own ("5 PKGS"), never digits inside a code
    ("SC6482EAA6") nor a count of containers ("(2) CONTAINERS CONTAINING ONE (1) CASE")."""
    text = _container_count().sub(" ", text or "")
    text = re.sub(r"\S*(?:[A-Za-z]\d|\d[A-Za-z])\S*", " ", text)
    n = N.parse_number(re.sub(r"[^\d.,\s]", " ", text).strip().split(" ")[0] if text else "")
    return int(n) if n is not None and float(n).is_integer() else None


_LIST_ENUM = re.compile(r"(?:^|(?<=\s))(?:\(?\d{1,2}[.)、]|[①-⑳])\s*(?=\S)")


def _parse_list(text: str) -> list[str] | None:
    """Entries separated by semicolons, 、 or printed numbers ("1. A 2. B")."""
    parts = []
    for p in re.split(r"[;；\n]|(?<=\S)、", text):
        parts.extend(q.strip(" ,，") for q in _LIST_ENUM.split(p))
    parts = [p for p in parts if p]
    return parts or None


def _parse_country(text: str) -> str | None:
    """Country names, not bare two-letter codes: "No." must not read as Norway."""
    t = _strip_punct(text)
    if len(t) <= 2 and not any(_is_cjk(ch) for ch in t):
        return None
    return N.parse_country(t)


def _parse_year(text: str) -> int | None:
    return N.parse_year(text)


# "自签发之日（2026年7月29日）起至2027年1月23日止", "valid from 16/06/2025 to 30/10/2025":
# a validity given as a period ends at the date after its last link word.
UNTIL_LINK = re.compile(r"至|到|(?<![A-Za-z])(?:to|until|till|through|thru)(?![A-Za-z])", re.I)


def _parse_until(text: str) -> str | None:
    """The end date of a validity: the date after the period's last link, else the date."""
    links = list(UNTIL_LINK.finditer(text))
    for m in reversed(links):
        got = N.parse_date(text[m.end():])
        if got:
            return got
    return N.parse_date(text)


PARSERS: dict[str, Callable[[str], Any]] = {
    "text": _parse_text,
    "until": _parse_until,
    "party": _parse_party,
    "code": _parse_code,
    "ref": _parse_ref,
    "date": lambda t: N.parse_date(t),
    "number": lambda t: N.parse_number(t),
    "int": _parse_int,
    "amount": _parse_amount,
    "currency": _parse_currency,
    "country": lambda t: _parse_country(t),
    "port": _parse_port,
    "weight": lambda t: N.parse_weight_kg(t),
    "volume": lambda t: N.parse_volume_cbm(t),
    "containers": lambda t: N.find_containers(t) or None,
    "seals": lambda t: (
        [
            s
            for s in re.findall(r"[A-Z0-9]{5,12}", t.upper())
            if any(c.isdigit() for c in s) and not _CONTAINER_TYPE.fullmatch(s)
        ]
        or None
    ),
    "terms": _parse_terms,
    "conclusion": lambda t: N.parse_conclusion(t),
    "list": _parse_list,
    "vin": lambda t: N.parse_vin(t),
    "year": _parse_year,
}

MULTILINE_KINDS = {"party": 5, "text": 3, "list": 8, "containers": 6, "seals": 6}


# --------------------------------------------------------------------------- header fields


@dataclass
class Candidate:
    """A possible value for a header field, with a score for choosing among several."""

    field: str
    value: Any
    val: Value
    score: float
    extra: dict[str, Any] = field(default_factory=dict)


def _under_overlapping(layout: PageLayout, chunk: Chunk) -> list[Word]:
    """Words on the line just under a chunk that overlap it horizontally: the rest of a
    right-aligned cell wrapped onto a second line ("EUR" over "319,700.00")."""
    line = chunk.line
    nxt = layout.lines[line.index + 1] if line.index + 1 < len(layout.lines) else None
    if nxt is None or nxt.top - line.bottom > 0.8 * max(line.height, nxt.height):
        return []
    x0, x1 = chunk.lbox[0], chunk.lbox[2]
    return [w for w in nxt.words if w.layout_box[0] < x1 and w.layout_box[2] > x0]


def _restated(chunk: Chunk, labels: list[Chunk]) -> bool:
    """Labels under a free-text label that name its own field again ("SAID TO CONTAIN:"
    inside a B/L's description column): they are part of its text. Only free text: under a
    title or a number label, the same field's label is the next box's."""
    if chunk.label is None:
        return False
    specs = field_specs()
    return all(specs.get(f, {}).get("kind") == "text" for f in chunk.label.fields) and all(
        c.label and c.label.fields & chunk.label.fields for c in labels)


def _below(
    layout: PageLayout,
    chunk: Chunk,
    chunks_by_line: dict[int, list[Chunk]],
    max_lines: int,
    row_label: Chunk | None = None,
) -> list[list[Word]]:
    """Lines of words under a label, within its column, until the next label or a gap.

    ``row_label``: when continuing a value printed right of its label, a line that starts
    with another label in that label's column is the next row of the form, not more value.
    """
    lines = layout.lines
    x0 = chunk.lbox[0] - 0.01
    # The label's column extends right until the next chunk on its line (or the page edge).
    right = 1.0
    for other in chunks_by_line.get(chunk.line.index, []):
        if other.lbox[0] > chunk.lbox[2] + 0.005:
            right = min(right, other.lbox[0] - 0.005)
    # A ruled box: stop at the vertical rule to the right of the label that runs through the
    # label's own line (a divider of the box above ends before it).
    cy = (chunk.lbox[1] + chunk.lbox[3]) / 2
    walls = [
        r.x0
        for r in layout.page.rules
        if not r.horizontal and r.x0 > chunk.lbox[2] and r.y0 <= cy <= r.y1
    ]
    if walls:
        right = min(right, min(walls))
    out: list[list[Word]] = []
    page = layout.page
    aspect = page.height / page.width if page.width and page.height else 1.0
    prev_bottom = chunk.line.bottom
    h = chunk.line.height or 0.012
    horizontal = [r for r in layout.page.rules if r.horizontal and r.x0 < right and r.x1 > x0]
    # Bottom of the last line passed over before the first value: a neighbouring column's
    # sub-label ("Marks & Numbers" under "Container No.") that the value sits just under.
    passed_bottom = prev_bottom
    for ln in lines[chunk.line.index + 1 :]:
        if len(out) >= max_lines:
            break
        # The first value line may sit under a sub-label of a neighbouring box; allow more.
        gap_h = max(h, ln.height)
        if ln.top - prev_bottom > (1.8 if out else 3.2) * gap_h and (
            out or ln.top - passed_bottom > 2.5 * gap_h
        ):
            break
        if any(prev_bottom - 0.002 < r.y0 < ln.top + 0.3 * ln.height for r in horizontal) and out:
            break
        if row_label is not None and row_label.label is not None and any(
            c.label
            and abs(c.lbox[0] - row_label.lbox[0]) < 0.03
            # "购方:" over "Buyers": the same label in its other language is not a new row
            and not (c.label.fields & row_label.label.fields)
            for c in chunks_by_line.get(ln.index, [])
        ):
            break
        if row_label is not None and any(
            # "联系电话 Telephone: | +86 …" under "乙方 Party B (Supplier): | Sanwa …": a
            # label reaching under the row's label, left of the value, starts the next row.
            c.label and c.lbox[2] > row_label.lbox[0] and c.lbox[0] < chunk.lbox[0]
            and not (row_label.label and c.label.fields & row_label.label.fields)
            for c in chunks_by_line.get(ln.index, [])
        ):
            break
        words = [w for w in ln.words if w.cx >= x0 and w.cx <= right]
        if words:
            # A right-aligned figure may start left of the label ("24 510,00" under "Gross
            # Weight"): take the words joined to it by a plain word space.
            k = ln.words.index(words[0])
            while k > 0:
                prev_w = ln.words[k - 1]
                gap = words[0].layout_box[0] - prev_w.layout_box[2]
                space = 0.8 * max(prev_w.height, 0.004) * aspect  # heights are in page heights
                if gap > space or prev_w.cx < x0 - 0.08:
                    break
                words.insert(0, prev_w)
                k -= 1
        if not words:
            if not out and ln.top - prev_bottom <= 3.2 * gap_h:
                passed_bottom = ln.bottom  # only lines within reach of the label itself
            continue  # a line of the neighbouring column, interleaved with ours
        label_here = [
            c for c in chunks_by_line.get(ln.index, []) if c.label and x0 <= c.lbox[0] < right
        ]
        if label_here:
            first = min(c.lbox[0] for c in label_here)
            if first <= chunk.lbox[0] + 0.08:
                break  # the next label of this column: our value has ended
            if _restated(chunk, label_here):
                # Our own field restated inside the value ("Description of Goods" over
                # "SHIPPER'S LOAD … SAID TO CONTAIN:"): more value, not a neighbour.
                out.append(words)
                prev_bottom = ln.bottom
                continue
            # A label further right starts a neighbouring column: narrow ours and go on.
            right = first - 0.005
            words = [w for w in words if w.layout_box[2] <= right]
            if not words:
                if out:
                    break
                continue  # only the neighbour's first row so far: our value is further down
        out.append(words)
        prev_bottom = ln.bottom
    return out


def _ruled_between(layout: PageLayout, a: Chunk, b: Chunk) -> bool:
    """A vertical ruling line between two chunks: they sit in different boxes."""
    cy = (a.lbox[1] + a.lbox[3]) / 2
    return any(
        not r.horizontal and a.lbox[2] - 0.002 <= r.x0 <= b.lbox[0] + 0.002 and r.y0 <= cy <= r.y1
        for r in layout.page.rules
    )


def _wraps(layout: PageLayout, chunk: Chunk) -> bool:
    """A value that reaches the right edge of the page's text: it goes on on the next line."""
    right = max((ln.lbox[2] for ln in layout.lines), default=1.0)
    return chunk.lbox[2] >= right - 0.04


def _rule_between(layout: PageLayout, chunk: Chunk, below: list[Word]) -> bool:
    """A horizontal ruling line between a chunk and the words under it: another box or row."""
    top = min(w.layout_box[1] for w in below)
    x0, x1 = chunk.lbox[0], chunk.lbox[2]
    return any(
        r.horizontal and r.x0 <= x1 and r.x1 >= x0 and chunk.lbox[3] - 0.002 <= r.y0 <= top + 0.002
        for r in layout.page.rules
    )


def _is_prose(words: list[Word]) -> bool:
    """A sentence rather than an address line: several lower-case words."""
    return sum(1 for w in words if w.text.isalpha() and w.text.islower()) >= 4


@functools.cache
def _address_keys() -> frozenset[str]:
    return frozenset(norm(w) for w in data.load("labels.yaml")["address_labels"])


def _split_party(lines: list[list[Word]]) -> tuple[list[Word], list[list[Word]]]:
    """Name and address lines of a party block.

    Narrow boxes wrap long names ("Guangzhou Tianyi Industrial" / "Equipment Trading Co."):
    the name goes on while it has not reached its legal form and the next line has no digits;
    a legal form starting the next line ("Co., Room 1416 ...") is taken back into the name.
    Prose after the address ends the block.
    """
    lines = [ln for ln in lines if ln]
    if not lines:
        return [], []
    addr_keys = _address_keys()
    # "地址 Address: No. 2517 ...": an address label starts the address.
    for n_line, ln in enumerate(lines):
        for j, w in enumerate(ln):
            width = 1 if norm(w.text) in addr_keys else 0
            if not width and j + 1 < len(ln) and _is_cjk(w.text[:1]):
                # OCR splits "地址" into "地" "址".
                width = 2 if norm(w.text + ln[j + 1].text) in addr_keys else 0
            if width:
                if n_line == 0 and j == 0:
                    return [], lines  # the block starts with its address: no name was read
                lines = [
                    *lines[:n_line],
                    ln[:j],
                    [x for x in ln[j + width :] if norm(x.text) not in addr_keys],
                    *lines[n_line + 1 :],
                ]
                break
        else:
            continue
        break
    lines = [ln for ln in lines if ln]
    if not lines:
        return [], []
    name = list(lines[0])
    k = 1
    while k < len(lines) and k < 3 and not _looks_like_company(join_words(name)):
        nxt = lines[k]
        if any(ch.isdigit() for ch in join_words(nxt)) or _is_prose(nxt):
            break
        name.extend(nxt)
        k += 1
    if k < len(lines):
        # "Co., Room 1416" / "Limited, Room 209": the legal form wrapped onto the address line.
        lead = []
        for w in lines[k]:
            if norm(w.text) in _company_markers() and not any(ch.isdigit() for ch in w.text):
                lead.append(w)
            else:
                break
        if lead:
            name.extend(lead)
            lines[k] = lines[k][len(lead) :]
    rest = []
    for ln in lines[k:]:
        if not ln:
            continue
        if _ends_block(ln):
            break
        rest.append(ln)
    return name, rest


# A web or e-mail address alone on its line ("www.sanwa.com", "sales@maas.nl"): a
# letterhead's contact line, never part of the postal address above it.
_CONTACT_LINE = re.compile(
    r"^\s*(?:(?:https?://)?www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    # "Tel. +31 17 8481 9674", "Fax: 0086-21-…", "电话：…": a number to call, no address
    r"|(?:tel|phone|fax|mobile|mob|电话|传真|手机)\b\.?\s*[:：]?\s*[+(]?\d[\d\s()/+.-]{5,}.*)\s*$",
    re.IGNORECASE)


def _ends_block(words: list[Word]) -> bool:
    """A line that cannot continue an address: prose, a heading or a table's header row.

    Addresses are followed closely by whatever comes next on the page ("装箱单 PACKING LIST",
    "Description  Model No.  QTY", "买卖双方经友好协商，…"), so the block must end on meaning.
    """
    text = join_words(words)
    if _is_prose(words) or _is_title(text) or _CONTACT_LINE.match(text):
        return True
    cjk = sum(1 for ch in text if _is_cjk(ch))
    if cjk >= 10 and any(p in text for p in "，。；："):
        return True  # a Chinese sentence
    if any(ch.isdigit() for ch in text):
        return False
    key = norm(text)
    if any(len(t) >= 3 and t in key for t in _title_keys()):
        return True  # "装箱单/重量单 PACKING SPECIFICATION"
    columns = {lab.key for lab in column_lexicon().labels}
    hits = sum(1 for w in words if any(norm(p) in columns for p in re.split(r"[/|]", w.text) if p))
    return hits >= 2


def _merge_stacked(
    layout: PageLayout, chunks_by_line: dict[int, list[Chunk]], lex: Lexicon
) -> None:
    """Join captions printed on two lines of a narrow box ("No. of" / "Pkgs", "Gross" /
    "Weight", "Measuremen" / "t") into one label chunk, in place.

    The joined chunk belongs to the lower line, so the value is looked for under it.
    """
    lines = layout.lines
    for a, b in zip(lines, lines[1:], strict=False):
        if b.top - a.bottom > 0.8 * max(a.height, b.height, 0.004):
            continue
        upper, lower = chunks_by_line[a.index], chunks_by_line[b.index]
        for i, top in enumerate(upper):
            if len(top.words) > 4:
                continue
            for j, bot in enumerate(lower):
                if bot.label or len(bot.words) > 3:
                    continue
                tw, bw = top.lbox[2] - top.lbox[0], bot.lbox[2] - bot.lbox[0]
                overlap = min(top.lbox[2], bot.lbox[2]) - max(top.lbox[0], bot.lbox[0])
                if overlap <= 0.5 * min(tw, bw):
                    continue
                words = top.words + bot.words
                # "(13) Gross" / "Weight (kg)", "Clause 7 Port of" / "Loading"
                skip = next((n for n in (2, 1) if _clause_number(top.words[:n])), 0) or (
                    1 if _box_numbered(top) else 0)
                m = _match_at(words, skip, lex)
                if m is None or m[1] != len(words) - skip:
                    continue
                if top.label and m[0].key == top.label.key and m[2] <= top.score:
                    continue  # the lower words add nothing to the caption
                upper[i] = Chunk(words, b, m[0], m[2])
                del lower[j]
                break


def _stacked_twin(
    layout: PageLayout, chunks_by_line: dict[int, list[Chunk]], ch: Chunk, line: Line
) -> bool:
    """A row label's other language printed under it ("装货港 | ROTTERDAM" over "Port of
    Loading"): the line above starts with a label of the same field, in the same column,
    whose value sits to its right, so what lies under the lower half is the next row."""
    idx = line.index  # the line the chunk is read on (a stacked caption's is the upper)
    if idx == 0 or ch.label is None:
        return False
    above = layout.lines[idx - 1]
    if line.top - above.bottom > 0.8 * max(above.height, line.height):
        return False
    up = chunks_by_line.get(above.index, [])
    first = next((k for k, c in enumerate(up) if c.label), None)
    if first is None or first + 1 >= len(up) or up[first + 1].label:
        return False
    lab = up[first]
    assert lab.label is not None
    return bool(lab.label.fields & ch.label.fields) and abs(lab.lbox[0] - ch.lbox[0]) < 0.05


@functools.cache
def _notations() -> dict[str, tuple[str, ...]]:
    """Stamped clauses that state a field in passing ("SHIPPED ON BOARD ... ON 2025/08/16")."""
    raw = data.load("labels.yaml").get("notations") or {}
    return {f: tuple(norm(p) for p in phrases) for f, phrases in raw.items()}


def notation_candidates(layouts: list[PageLayout], doc_type: str) -> list[Candidate]:
    """Dates found in or just under an on-board notation; weaker than a labelled value."""
    out: list[Candidate] = []
    allowed = set(doc_fields(doc_type))
    for fname, phrases in _notations().items():
        if fname not in allowed:
            continue
        parse = PARSERS[field_specs()[fname]["kind"]]
        for layout in layouts:
            for k, ln in enumerate(layout.lines):
                key = norm(ln.text)
                hit = next((p for p in phrases if p in key), None)
                if hit is None:
                    continue
                near = [ln] + [
                    nx for nx in layout.lines[k + 1 : k + 3] if nx.top - ln.bottom < 4 * ln.height
                ]
                for src in near:
                    value = parse(src.text)
                    if value is not None:
                        val = _value_from(src.words, layout.number, 0.8)
                        out.append(Candidate(fname, value, val, 0.5))
                        break
    return out


_WORD_HEAD = re.compile(r"[^\W\d_]{3,}")


def _after_own_label(words: list[Word], fields: set[str], lex: Lexicon) -> list[Word]:
    """The words after a long wording of one of ``fields`` that opens them (each word compared
    by its leading letters, so "Signatory-ax8," is "Signatory"); all of them when none does."""
    heads = []
    for w in words:
        m = _WORD_HEAD.match(w.text)
        heads.append(Word(m.group(0), w.bbox, w.conf, w.block, w.line, w.lbox) if m else w)
    m = _match_at(heads, 0, lex)
    # Only a long wording: "Port Klang" or "To order" open with short ones ("Port", "To").
    if m and m[0].fields & fields and len(m[0].key) >= 8:
        return words[m[1] :]
    return words


@functools.cache
def _generic_wordings() -> tuple[frozenset[str], float]:
    """labels.yaml ``generic_wordings`` (normalised) and the factor their candidates get."""
    cfg = data.load("labels.yaml")
    return frozenset(norm(w) for w in cfg["generic_wordings"]), float(cfg["generic_wording_factor"])


def _wording_factor(key: str) -> float:
    """How much a label's wording vouches for its field: a generic "Our Ref." less than the
    document's own "Invoice No." (labels.yaml ``generic_wordings``)."""
    keys, factor = _generic_wordings()
    return factor if key in keys else 1.0


def _next_box_label(a: Chunk, b: Chunk) -> bool:
    """Two labels of one script across a column gap ("Invoice No. & Date | Our Ref."): the
    captions of two boxes side by side, not the halves of one bilingual label."""
    return not _script_changes(a.words[-1].text, b.words[0].text) \
        and _column_gap(a.words[-1], b.words[0])


def header_candidates(
    layouts: list[PageLayout],
    doc_type: str,
    tables: dict[int, list[Table]] | None = None,
) -> list[Candidate]:
    """Every (field, value) pair a label on the document suggests.

    ``tables`` (by page number): the goods tables found; their header rows name columns
    ("包装件数", "Package"), not document fields, so they give no candidates.
    """
    lex = header_lexicon(doc_type)
    specs = field_specs()
    allowed = set(doc_fields(doc_type))
    out: list[Candidate] = []
    for layout in layouts:
        in_header = {
            ln.index for t in (tables or {}).get(layout.number, []) for ln in t.header_lines
        }
        chunks_by_line = {
            ln.index: ([] if ln.index in in_header else tokenise(ln, lex)) for ln in layout.lines
        }
        _merge_stacked(layout, chunks_by_line, lex)
        for ln in layout.lines:
            chunks = chunks_by_line[ln.index]
            k = 0
            while k < len(chunks):
                ch = chunks[k]
                if not ch.label:
                    k += 1
                    continue
                if k == 0 and _stacked_twin(layout, chunks_by_line, ch, ln):
                    k += 1
                    continue
                fields = set(ch.label.fields)
                score = ch.score
                # Bilingual labels ("发票号码 Invoice No."): consecutive labels sharing a field.
                nxt = k + 1
                while (
                    nxt < len(chunks) and chunks[nxt].label
                    and fields & chunks[nxt].label.fields
                    and not _next_box_label(chunks[nxt - 1], chunks[nxt])
                ):
                    fields &= chunks[nxt].label.fields
                    nxt += 1
                right_words: list[Word] = []
                # "Date/ 签约日期: 2026-09-16": a wording the lexicon lacks, colon-ended and with
                # no digits, is more label; the value follows it.
                while (
                    nxt + 1 < len(chunks)
                    and not chunks[nxt].label
                    and not chunks[nxt + 1].label
                    and chunks[nxt].text.endswith((":", "："))
                    and not any(c.isdigit() for c in chunks[nxt].text)
                    and len(chunks[nxt].words) <= 3
                ):
                    nxt += 1
                if nxt < len(chunks) and not chunks[nxt].label:
                    right_words = chunks[nxt].words
                    if _is_currency_code(ch.words[-1].text) and len(ch.words) > 1:
                        # "Gesamtbetrag EUR | 220.500,00": the currency is the amount's.
                        right_words = [ch.words[-1], *right_words]
                    if "total_amount" in fields and not _parse_amount(join_words(right_words)):
                        # A totals row ("TOTAL | 1 Set | USD 34,900.00"): money is the last
                        # figure on the line.
                        rest = [c for c in chunks[nxt:] if not c.label]
                        money = [c for c in rest if _parse_amount(c.text) is not None]
                        if money:
                            right_words = money[-1].words
                        elif rest and all(_is_currency_word(w) for w in rest[-1].words):
                            # "总计 … EUR" with "319,700.00" wrapped under the currency.
                            under = _under_overlapping(layout, rest[-1])
                            if under and _parse_amount(join_words(under)) is not None:
                                right_words = rest[-1].words + under
                    # A box caption (B/L style: small type at the top of a box) has its
                    # value below; the text to its right across a ruling line belongs to the
                    # next box. A label cell with its value cell beside it keeps that value.
                    if (
                        _box_numbered(ch)
                        and not ch.text.endswith((":", "："))
                        and _BOX_NUMBER.fullmatch(chunks[nxt].words[0].text)
                    ):
                        right_words = []  # "(12) Description | (13) Gross": the next box
                    elif _ruled_between(layout, chunks[nxt - 1], chunks[nxt]):
                        under = _below(layout, chunks[nxt - 1], chunks_by_line, 1)
                        cap_h = statistics.median(w.height for w in ch.words)
                        # OCR boxes do not tell type sizes apart reliably: on a scanned page the
                        # caption is a caption when its box goes on below it (no rule between).
                        small = cap_h < 0.85 * statistics.median(w.height for w in under[0]) \
                            if under else False
                        # A row of captions in a strip of their own ("Shipped from | Destination
                        # port | Means of transport", the values in the row of boxes under it):
                        # the next box's text is set as small as this caption, so it is a
                        # caption too, though a rule parts the caption from its value.
                        right_h = statistics.median(w.height for w in chunks[nxt].words)
                        caption_row = (
                            small
                            and not any(c.isdigit() for c in chunks[nxt].text)
                            and right_h < 0.85 * statistics.median(w.height for w in under[0])
                            and bool(_below(layout, chunks[nxt], chunks_by_line, 1))
                        )
                        if (
                            under
                            and (small or layout.page.source == "ocr")
                            and (caption_row or not _rule_between(layout, ch, under[0]))
                        ):
                            right_words = []
                first_new = len(out)
                # In labels.yaml order: ties between fields of one label go by it (a
                # set's order changes from run to run with string hashing).
                for fname in sorted(fields & allowed, key=lambda f: (field_order().get(f, 999), f)):
                    kind = specs[fname]["kind"]
                    parse = PARSERS[kind]
                    # "To", "From", "No.": short Latin wordings are weak evidence; "买受人" is not.
                    weak = len(ch.label.key) <= (1 if _is_cjk(ch.label.key[0]) else 4)
                    base = score * (0.6 if weak else _wording_factor(ch.label.key)) \
                        + min(len(ch.label.key), 12) / 100
                    found = False
                    if right_words and _is_label_text(join_words(right_words)):
                        right_words = []  # "PORT OF LOADING" printed where a value should be
                    if right_words:
                        # "授权签字人 | Authorized Signatory-ax8": the label's other language,
                        # with a scribble read onto it, is no value; what follows it may be.
                        right_words = _after_own_label(right_words, fields & allowed, lex)
                    if right_words:
                        val = _value_from(right_words, layout.number, score)
                        parsed = parse(val.text)
                        if kind == "party" and weak and not _looks_like_company(val.text):
                            parsed = None  # "From: SOUTHAMPTON" is a port, not the seller
                        if (
                            kind == "party"
                            and _REF_CODE.fullmatch(right_words[0].text)
                            and not _looks_like_company(val.text)
                        ):
                            parsed = None  # "买方 … SC-2026-BE-0826": the next box's number
                        if parsed is not None and kind == "party":
                            # The name and address continue under the value, not the label.
                            below = _below(
                                layout, chunks[nxt], chunks_by_line, MULTILINE_KINDS["party"],
                                row_label=ch,
                            )
                            name_lines, rest = _split_party([right_words, *below])
                            val = _value_from(name_lines, layout.number, score)
                            parsed = parse(val.text) or parsed
                            addr = [w for ws in rest for w in ws]
                            out.append(Candidate(fname, parsed, val, base + 0.1, {"address": addr}))
                            found = True
                        elif parsed is not None and kind in ("containers", "seals", "list"):
                            below = _below(layout, ch, chunks_by_line, MULTILINE_KINDS[kind])
                            words = right_words + [w for ws in below for w in ws]
                            val = _value_from(words, layout.number, score)
                            out.append(Candidate(fname, parse(val.text), val, base + 0.1))
                            found = True
                        elif parsed is not None:
                            if kind == "text" and _wraps(layout, chunks[nxt]):
                                # A long basis or description runs on under its first line.
                                more = _below(
                                    layout, chunks[nxt], chunks_by_line, MULTILINE_KINDS["text"],
                                    row_label=ch,
                                )
                                if more:
                                    words = right_words + [w for ws in more for w in ws]
                                    val = _value_from(words, layout.number, score)
                                    parsed = parse(val.text) or parsed
                            out.append(Candidate(fname, parsed, val, base + 0.1))
                            found = True
                    if not found and not any("@" in w.text for w in right_words):
                        # (An e-mail address beside "To:" is that label's value: the mail
                        # header's next line is no port under it.)
                        max_lines = specs[fname].get("lines") or MULTILINE_KINDS.get(kind, 1)
                        if kind == "date" and _COMBINED <= ch.label.fields:
                            max_lines = 3  # "Invoice No. / Date": the date under the number
                        # A date may wrap in a narrow box ("SHEKOU, September 13," / "2026").
                        wrap = kind == "date" and max_lines == 1
                        below = _below(layout, ch, chunks_by_line, 2 if wrap else max_lines)
                        if below:
                            if kind == "party":
                                name_lines, rest = _split_party(below)
                                val = _value_from(name_lines, layout.number, score)
                                parsed = parse(val.text)
                                if weak and not _looks_like_company(val.text):
                                    parsed = None
                                if parsed is not None:
                                    addr = [w for ws in rest for w in ws]
                                    out.append(
                                        Candidate(fname, parsed, val, base, {"address": addr})
                                    )
                            else:
                                words = [w for ws in below for w in ws]
                                if max_lines == 1 and (len(below) == 1 or parse(
                                        _value_from(below[0], layout.number).text) is not None):
                                    words = below[0]
                                elif kind == "date":
                                    # "Invoice No. & Date" over "INV-0115 Dated 2026-04-04"
                                    # and an address line: the fewest lines that hold a date.
                                    for n_lines in range(1, len(below)):
                                        head = [w for ws in below[:n_lines] for w in ws]
                                        if parse(_value_from(head, layout.number).text):
                                            words = head
                                            break
                                val = _value_from(words, layout.number, score)
                                parsed = None if _is_label_text(val.text) else parse(val.text)
                                if parsed is not None:
                                    out.append(Candidate(fname, parsed, val, base))
                # "Same as invoice address" names nobody; a B/L's "SAME AS CONSIGNEE" notify
                # party is a value of its own (labels.yaml, placeholder_fields).
                out[first_new:] = [
                    c for c in out[first_new:]
                    if not (specs[c.field]["kind"] == "party"
                            and c.field not in _placeholder_fields()
                            and _is_placeholder(str(c.value)))
                ]
                for c in out[first_new:]:
                    c.extra["label"] = ch.label.key
                    if _COMBINED <= ch.label.fields:
                        c.extra["combined"] = True  # one box, two values: both may use it
                k = nxt
    return out


# A label of both (a number-and-date box, "Invoice No. / Date").
_COMBINED = frozenset({"document_number", "document_date"})


def _demote_repeated(cands: list[Candidate]) -> None:
    """A label printed once per goods block ("Net Weight:" under each package) gives item
    values, not the document's: the same wording with several different values loses to a
    wording printed once (the totals)."""
    values: dict[tuple[str, str], set[str]] = {}
    for c in cands:
        if "label" in c.extra:
            values.setdefault((c.field, c.extra["label"]), set()).add(repr(c.value))
    repeated = {k for k, v in values.items() if len(v) >= 2}
    fields_with_single = {f for (f, lab), v in values.items() if len(v) == 1}
    for c in cands:
        key = (c.field, c.extra.get("label", ""))
        if key in repeated and c.field in fields_with_single:
            c.score *= 0.5
    specs = field_specs()
    for fname, label in repeated:
        if not specs.get(fname, {}).get("additive") or fname in fields_with_single:
            continue
        # The totals printed under the same wording as each item's ("Gross Weight:"): the
        # value that is the sum of the others is the document's.
        group = [c for c in cands if c.field == fname and c.extra.get("label") == label
                 and isinstance(c.value, int | float) and not isinstance(c.value, bool)]
        for c in group:
            rest = [float(o.value) for o in group if o is not c]
            total = sum(rest)
            if len(rest) >= 2 and total > 0 and abs(float(c.value) - total) <= 0.005 * total:
                c.score = max(o.score for o in group) + 0.001
                break


_COLON_WORD = re.compile(r"[^\W\d_]{2,}[:：](\s|$)")


def _prefer_whole_values(cands: list[Candidate]) -> None:
    """A name wrapped under a bilingual label is found twice: whole from the first label
    ("Guangzhou … Industry Equipment Co.") and as its tail from the second ("Equipment Co.");
    the whole reading wins. Names only: a port's tail is no wrapped name ("Subject: … order
    Xiamen" under "To:" is not a longer "XIAMEN"), and a reading holding a label of its own
    ("Subject:") is two fields, not one whole value."""
    specs = field_specs()
    for a in cands:
        if (not isinstance(a.value, str) or specs.get(a.field, {}).get("kind") != "party"
                or _COLON_WORD.search(a.value)):
            continue
        for b in cands:
            if (
                b is not a
                and b.field == a.field
                and isinstance(b.value, str)
                and len(b.value) < len(a.value)
                and a.value.endswith(b.value)
                and b.score > a.score
            ):
                a.score = b.score + 0.001


def choose_fields(cands: list[Candidate]) -> dict[str, dict[str, Any]]:
    """Pick one candidate per field: best score, first in the document on a tie.

    A label chunk's value serves one field only, so "Contract No" on an invoice cannot fill both
    ``contract_number`` and a mis-labelled ``document_number``.
    """
    _demote_repeated(cands)
    _prefer_whole_values(cands)
    out: dict[str, dict[str, Any]] = {}
    used: set[tuple[int, BBox]] = set()
    specs = field_specs()

    def rank(ic: tuple[int, Candidate]) -> tuple[float, ...]:
        k, c = ic
        # "latest" fields (an owner after a transfer): the last one printed wins a tie.
        sign = -1 if specs.get(c.field, {}).get("latest") else 1
        return (-c.score, sign * c.val.page, sign * c.val.bbox[1], sign * k)

    order = sorted(enumerate(cands), key=rank)
    for _, c in order:
        if c.field in out:
            continue
        key = (c.val.page, c.val.bbox)
        if key in used and c.field not in ("currency",) and not c.extra.get("combined"):
            continue
        used.add(key)
        sep = specs.get(c.field, {}).get("first_part")
        if sep and isinstance(c.value, str) and sep in c.value and c.value.split(sep)[0].strip():
            c.value = c.value.split(sep)[0].strip()
        out[c.field] = make_field(c.value, c.val)
        addr_words = c.extra.get("address")
        if addr_words and c.field in ("seller", "buyer"):
            addr_val = _value_from(addr_words, c.val.page, 1.0)
            # Printed line ends carry their own commas; a wrap joins with a space.
            addr_text = " ".join(join_words(ws) for ws in _lines_of(addr_words)).strip(", ")
            if addr_text:
                out[f"{c.field}_address"] = make_field(addr_text, addr_val)
    return out


def _lines_of(words: list[Word]) -> list[list[Word]]:
    lines: list[list[Word]] = []
    for w in words:
        if lines and abs(lines[-1][-1].cy - w.cy) < 0.5 * max(w.height, 0.005):
            lines[-1].append(w)
        else:
            lines.append([w])
    return lines


# --------------------------------------------------------------------------- tables

ANCHORS = ("quantity", "amount", "unit_price", "item_no")
FALLBACK_ANCHORS = ("hs_code",)
# Columns whose text runs in phrases; the others hold one short value each.
FREE_TEXT = frozenset({"description", "model", "brand", "serial_number", "origin"})
GOODS_IDENTITY = frozenset({"description", "model", "serial_number", "hs_code"})
# Signs heading a column of row numbers that hold no letter for the lexicon to match.
ITEM_NO_SIGNS = frozenset({"#", "№", "No", "NO"})
_ITEM_NO_LABEL = Label("#", frozenset({"item_no"}), "#")
# Documents whose goods are line items (FIELDS.md); the others state goods in fields.
GOODS_DOC_TYPES = frozenset({"contract", "invoice", "packing_list", "inspection_certificate"})
# Columns read so that they bound the cells beside them, never kept as goods data.
IGNORED_COLUMNS = ("item_no", "note", "marks", "dimensions")
# Columns that number the goods lines: a new row starts where one of them has a figure.
ROW_STARTERS = ("item_no", "quantity")


@dataclass
class Column:
    """One goods-table column: its field and horizontal extent (layout frame)."""

    field: str
    x0: float
    x1: float
    header: Chunk
    lo: float = 0.0
    hi: float = 1.0
    # Words printed under the heading ("(tonnes)", "(USD)"): units and currencies.
    sub: list[Word] = field(default_factory=list)


@dataclass
class Table:
    """A goods table found on a page: header line, columns and body lines."""

    layout: PageLayout
    header_lines: list[Line]
    columns: list[Column]
    body: list[Line]
    currency_hint: str | None = None
    # An unlabelled totals row under the items ("1 Unit ... USD 13,400.00"), when found.
    total: dict[str, Any] | None = None


_COUNT = re.compile(r"\(?\d[\d.,]*\)?")


def _is_measure(text: str) -> bool:
    """A number with a unit of count, weight or volume ("5 UNITS", "90,120 KGS", "12 M3")."""
    return (
        N.parse_quantity(text)[1] is not None
        or N.parse_weight_kg(text, default_unit="") is not None
        or N.parse_volume_cbm(text, default_unit="") is not None
    )


def _header_chunks(line: Line) -> list[Chunk]:
    """The heading chunks of a line. A unit word right after a number ("5 UNITS",
    "269.830 M3") is a quantity in a goods row, not a heading: on a scan, a B/L's first
    cargo row read that way was taken for a second header and the table lost its body."""
    chunks = tokenise(line, column_lexicon(), header=True)
    out = []
    for k, c in enumerate(chunks):
        if not c.label:
            continue
        prev = chunks[k - 1] if k else None
        if (
            prev is not None
            and not prev.label
            and _COUNT.fullmatch(prev.words[-1].text)
            and not _column_gap(prev.words[-1], c.words[0])
            and _is_measure(f"{prev.words[-1].text} {c.words[0].text}")
        ):
            continue
        out.append(c)
    return out


def _names_goods_columns(chunks: list[Chunk]) -> bool:
    """Three column wordings or more, one of them a goods column (description, model,
    quantity): what any header row of a goods table names."""
    # A per-package heading ("Qty/Ctn" beside "Total Qty") is a column of its own.
    fields = {next(iter(sorted(c.label.fields))) + ("/per" if _is_per_package(c.text) else "")
              for c in chunks if c.label}
    return len(fields - {"item_no"}) >= 3 and bool(fields & {"description", "model", "quantity"})


def _is_header(line: Line) -> tuple[bool, list[Chunk]]:
    chunks = _header_chunks(line)
    # Coverage by cells: a header's cells are mostly column wordings.
    cells = len(line.segments) or 1
    # (Chunk words may be pieces of a printed word, so place them by position.)
    covered_cells = sum(
        1
        for seg in line.segments
        if any(seg.x0 - 0.001 <= c.words[0].cx <= seg.x1 + 0.001 for c in chunks if c.words)
    )
    if _is_prose(line.words) and len(line.segments) < 4:
        # A sentence that happens to say "total number or quantity"; a row of four cells or
        # more is no sentence, whatever its "of"s ("Unit of | Price per Unit | ...").
        return False, chunks
    if sum(line.text.count(c) for c in ":：") >= 2:
        return False, chunks  # "名称：…；型号：…" is a labelled block, not a header row
    if re.search(r"[:：]\s*\d", line.text):
        return False, chunks  # "TOTAL PKGS: 1 UNITS" is a labelled value, not headings
    return _names_goods_columns(chunks) and covered_cells >= 0.5 * cells, chunks


def _weak_header(line: Line, chunks: list[Chunk]) -> bool:
    """The goods columns a header names, but too few of its cells covered by wordings, and
    no colon (no labelled value): a header row whose other headings OCR could not read."""
    return (
        _names_goods_columns(chunks)
        and not _is_prose(line.words)
        and not re.search(r"[:：]", line.text)
    )


def _package_numbers(cols: list[Column]) -> None:
    """"Package | Goods | … | No. of Pkgs": where two columns count packages, the one whose
    heading may also number them ("Package" over "1", "4-5") gives the package numbers."""
    counts = [c for c in cols if c.field == "packages"]
    if len(counts) < 2:
        return
    for c in counts:
        if c.header.label and "package_run" in c.header.label.fields:
            c.field = "package_run"
            return


def _column_field(chunk: Chunk, taken: set[str]) -> str:
    """Pick the field of a header chunk; ambiguous wordings ("Total") prefer unused fields."""
    assert chunk.label
    prefs = [
        "amount",
        "quantity",
        "description",
        "model",
        "unit_price",
        "serial_number",
        "net_weight_kg",
        "gross_weight_kg",
        "volume_cbm",
        "packages",
        "manufacture_year",
        "hs_code",
        "origin",
        "brand",
        "unit",
        "hours_used",
        "condition",
        "item_no",
    ]
    options = sorted(chunk.label.fields, key=lambda f: prefs.index(f) if f in prefs else 99)
    for f in options:
        if f not in taken:
            return f
    return options[0]


def _n_fields(chunks: list[Chunk]) -> int:
    return len({f for c in chunks if c.label for f in c.label.fields})


def find_tables(layout: PageLayout) -> list[Table]:
    """Goods tables on a page, found from their header rows."""
    tables: list[Table] = []
    lines = layout.lines
    i = 0
    while i < len(lines):
        ok, chunks = _is_header(lines[i])
        ruled = None
        if not ok and _weak_header(lines[i], chunks):
            # A photo read half the headings of a ruled table ("Qty" as 'or', "UOM" as 'von'):
            # three wordings and the ruling's cells are header enough.
            ruled = _ruled_header(layout, lines[i])
            ok = ruled is not None
        if ok and i + 1 < len(lines):
            ok_next, next_chunks = _is_header(lines[i + 1])
            if ok_next and _n_fields(next_chunks) > _n_fields(chunks):
                # A section heading ("COMMODITY, QUANTITY AND PRICE") above the header; a
                # header wrapped onto a second line names fewer columns there.
                ok = False
        if not ok:
            i += 1
            continue
        header_lines = [lines[i]]
        # Stacked header words ("Unit" / "Price", "(KGS)") just below or above belong to it.
        extra: list[Word] = []
        # (Headings wrap over up to four lines in narrow columns: "Numbe" / "r of" / "Packag".)
        for j in (i - 1, i + 1, i + 2, i + 3, i + 4):
            if 0 <= j < len(lines):
                ln = lines[j]
                if j > i + 1 and lines[j - 1] not in header_lines:
                    continue
                ref = lines[i] if j <= i + 1 else lines[j - 1]
                gap = (ref.top - ln.bottom) if j < i else (ln.top - ref.bottom)
                heading = ln.text.rstrip().endswith((":", "："))  # "一、货物名称、规格…：" above
                if (
                    gap < 0.9 * lines[i].height
                    and not re.search(r"[0-9]", ln.text)  # "(m³)" is a unit, not a value
                    and not heading
                ):
                    if j > i or len(_header_chunks(ln)) >= 1:
                        extra.extend(ln.words)
                        header_lines.append(ln)
        band_bottom = _header_band_bottom(layout, lines[i])
        for ln in lines[i + 1 : i + 5]:
            # A rule closing the header band: what lies above it is heading, digits or not
            # ("(KGS)" read as "(KG3)" on a photo).
            if band_bottom is None or ln.bottom > band_bottom + 0.002:
                break
            if ln not in header_lines:
                extra.extend(ln.words)
                header_lines.append(ln)
        if ruled is None:
            ruled = _ruled_header(layout, lines[i])
        if ruled:
            cols, band_bottom = ruled
            start = next(
                (k for k in range(i + 1, len(lines)) if lines[k].top > band_bottom), len(lines)
            )
            _package_numbers(cols)
            _skip_per_package(cols)
            body, end = _table_body(layout, cols, start)
            _infer_unread_columns(cols, body)
            header_lines = [ln for ln in lines[i:start]]
            tables.append(Table(layout, header_lines, cols, body, None))
            i = max(end, i + 1)
            continue
        first = lines[i].words[0] if lines[i].words else None
        if first is not None and first.text.strip() in ITEM_NO_SIGNS and not any(
            first in c.words for c in chunks
        ):
            # "#" heading the row numbers: no letters to match in the lexicon
            chunks = [Chunk([first], lines[i], _ITEM_NO_LABEL, 1.0), *chunks]
        sure = {f for c in chunks if c.label and len(c.label.fields) == 1 for f in c.label.fields}
        stacked = _stacked_columns(lines[i], header_lines, chunks, sure)
        used = {id(w) for c in stacked for w in c.header.words}
        if used:
            # Trailing words a wrapped heading claimed no longer widen the column before it.
            chunks = [
                Chunk([w for w in c.words if id(w) not in used], c.line, c.label, c.score)
                for c in chunks
                if any(id(w) not in used for w in c.words)
            ]
            extra = [w for w in extra if id(w) not in used]
        taken: set[str] = {c.field for c in stacked}
        cols = []
        for k, c in enumerate(sorted(chunks, key=lambda c: c.lbox[0])):
            # "S/N" or "No." heading the first column numbers the rows; elsewhere "S/N" is
            # the machine's serial number.
            f = (
                "item_no"
                if k == 0 and c.label and "item_no" in c.label.fields
                else (_column_field(c, taken))
            )
            taken.add(f)
            cols.append(Column(f, c.lbox[0], c.lbox[2], c))
        merged_cols: list[Column] = []
        for col in cols:
            if (
                merged_cols
                and merged_cols[-1].field == col.field
                and _is_per_package(merged_cols[-1].header.text) == _is_per_package(col.header.text)
            ):
                # "Description/ 品名": one column printed in two languages.
                prev = merged_cols[-1]
                prev.x0, prev.x1 = min(prev.x0, col.x0), max(prev.x1, col.x1)
                continue
            merged_cols.append(col)
        cols = sorted([*merged_cols, *stacked], key=lambda c: c.x0)
        for w in extra:
            # Extend the nearest column with a stacked header word; a new label there refines it.
            best = min(cols, key=lambda col: abs((col.x0 + col.x1) / 2 - w.cx))
            best.x0, best.x1 = min(best.x0, w.layout_box[0]), max(best.x1, w.layout_box[2])
            best.sub.append(w)
        _stacked_fields(cols, header_lines)
        _package_numbers(cols)
        _skip_per_package(cols)
        top = max(ln.bottom for ln in header_lines)
        body_start = max(lines.index(ln) for ln in header_lines) + 1
        _set_bounds(layout, cols, top)
        body, end = _table_body(layout, cols, body_start)
        hint = None
        for c in cols:
            cur = N.parse_currency(c.header.text + " " + " ".join(w.text for w in extra))
            if cur:
                hint = cur
        tables.append(Table(layout, header_lines, cols, body, hint))
        i = max(end, i + 1)
    return tables


@functools.cache
def _per_package_markers() -> tuple[str, ...]:
    return tuple(str(m).lower() for m in data.load("labels.yaml").get("per_package_markers") or [])


def _is_per_package(heading: str) -> bool:
    text = re.sub(r"\s*/\s*", "/", heading.lower())
    return any(m in text for m in _per_package_markers())


def _skip_per_package(cols: list[Column]) -> None:
    """"N.W./Ctn | Net Weight", "Qty/Ctn | Total Quantity": of two columns of one field, the
    per-package one is not the item's value when the other is not per package."""
    def per(col: Column) -> bool:
        return _is_per_package(" ".join([col.header.text, *(w.text for w in col.sub)]))

    for col in cols:
        if col.field != UNREAD and per(col) and any(
            o is not col and o.field == col.field and not per(o) for o in cols
        ):
            col.field = UNREAD


def _header_band_bottom(layout: PageLayout, line: Line) -> float | None:
    """The horizontal rule closing a header row's band, when one lies close under it.

    It must span most of the header line and lie within a few line heights (a heading wraps
    over two or three lines in narrow columns); otherwise the band is not ruled.
    """
    x0, x1 = line.lbox[0], line.lbox[2]
    below = [
        r.y0
        for r in layout.page.rules
        if r.horizontal
        and r.y0 > line.bottom - 0.002
        and min(r.x1, x1) - max(r.x0, x0) >= 0.8 * (x1 - x0)
    ]
    if not below:
        return None
    y = min(below)
    return y if y - line.bottom < 3.5 * line.height else None


def _better_heading(lab: Label, best: Label | None, first: bool) -> bool:
    """Whether a ruled cell's wording beats the best so far: the longer one; past the first
    column, one that names more than the row number ("序号 / S/N": the serial number) before
    one that does not."""
    if best is None:
        return True
    if not first:
        names, best_names = lab.fields != {"item_no"}, best.fields != {"item_no"}
        if names != best_names:
            return names
    return len(lab.key) > len(best.key)


def _ruled_header(layout: PageLayout, line: Line) -> tuple[list[Column], float] | None:
    """Columns of a ruled table from the cells its header row's rules draw.

    Header wordings wrap inside narrow ruled cells, even mid-word in Chinese ("商品编" / "码"),
    so each cell's words, top to bottom, are read together and matched against the lexicon.
    Returns the columns and the bottom of the header band, or None when the row is not ruled.
    """
    cy = (line.top + line.bottom) / 2
    xs = cluster(
        [r.x0 for r in layout.page.rules if not r.horizontal and r.y0 <= cy <= r.y1], 0.006
    )
    if len(xs) < 4:
        return None
    # The band's rules span most of the table; on a photo a rule may break in two where the
    # page still tilts a little, so most of the width is enough.
    span = xs[-1] - xs[0]
    ys = sorted(
        r.y0
        for r in layout.page.rules
        if r.horizontal and min(r.x1, xs[-1]) - max(r.x0, xs[0]) >= 0.6 * span
    )
    top = max([y for y in ys if y <= line.top + 0.002], default=line.top - 0.002)
    bottom = min([y for y in ys if y >= line.bottom - 0.002], default=line.bottom + 0.002)
    lex = column_lexicon()
    # Two headings in neighbouring cells that OCR read as one word ("编号货物描述" across the
    # rule between "No." and "Commodity") are split first, so each cell gets its own.
    band = [
        p
        for ln in layout.lines
        if top <= ln.top and ln.bottom <= bottom + 0.004
        for w in ln.words
        for p in _split_word(w, lex)
    ]
    cols: list[Column] = []
    taken: set[str] = set()
    for k in range(len(xs) - 1):
        words = sorted(
            (w for w in band if xs[k] <= w.cx < xs[k + 1]),
            key=lambda w: (round(w.cy, 3), w.layout_box[0]),
        )
        if not words:
            # A heading no pass read at all ("Price" on a photo): the cell is still a column,
            # and its body may tell its field.
            box = (xs[k], top, xs[k + 1], bottom)
            blank = Chunk([Word("", box, 0.0, 0, 0, box)], line)
            cols.append(Column(UNREAD, xs[k], xs[k + 1], blank, xs[k], xs[k + 1]))
            continue
        # Join the cell's text, then re-split at bilingual slashes and colons.
        merged = Word(
            join_words(words),
            union([w.bbox for w in words]),
            1.0,
            0,
            0,
            union([w.layout_box for w in words]),
        )
        parts = _split_word(merged) if "/" in merged.text else [merged]
        first = not any(c.field != UNREAD for c in cols)

        best: Label | None = None
        for j in range(len(parts)):
            m = _match_at(parts, j, lex)
            if m and _better_heading(m[0], best, first):
                best = m[0]
        if best is None or (not first and best.fields == {"item_no"}):
            # Word by word too: "序号 S/N" matches 序号 as a whole, S/N only on its own.
            tokens = [
                Word(t, merged.bbox, 1.0, 0, 0, merged.lbox)
                for t in merged.text.replace("/", " / ").split()
            ]
            for j in range(len(tokens)):
                m = _match_at(tokens, j, lex)
                if m and _better_heading(m[0], best, first):
                    best = m[0]
        if best is None:
            # An unreadable heading (a photo's small print: "Quantity/数量" read as "voll"):
            # keep the cell as a column so its values stay apart; the body may tell its field.
            cols.append(Column(UNREAD, xs[k], xs[k + 1], Chunk(words, line), xs[k], xs[k + 1]))
            continue
        if not first and best.fields == {"item_no"}:
            # "No" alone past the first column is what is left of a misread "Model No." or
            # "Serial No.": the body tells which.
            cols.append(Column(UNREAD, xs[k], xs[k + 1], Chunk(words, line), xs[k], xs[k + 1]))
            continue
        chunk = Chunk(words, line, best, 1.0)
        f = "item_no" if first and "item_no" in best.fields else _column_field(chunk, taken)
        taken.add(f)
        cols.append(Column(f, xs[k], xs[k + 1], chunk, xs[k], xs[k + 1]))
    fields = {c.field for c in cols} - {"item_no", UNREAD}
    if len(fields) < 3:
        return None
    return cols, bottom


# The field of a ruled column whose heading could not be read, until its cells tell.
UNREAD = "note"
# A model or serial: one token mixing letters and digits ("12V2000G65", "UZ24383").
_CODE = re.compile(r"(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9][A-Z0-9./-]{3,}")


def _cell_kind(text: str) -> str | None:
    """What one body cell holds, judged by its content alone."""
    t = text.strip()
    q, unit = N.parse_quantity(t)
    if q is not None and unit and not N.parse_currency(t):
        return "quantity"
    if _parse_amount(t) is not None and (N.parse_currency(t) or re.search(r"[.,]\d{2}$", t)):
        return "money"
    if re.fullmatch(r"(19|20)\d{2}", t):
        return "manufacture_year"
    if re.fullmatch(r"\d{4}[.\s]?\d{2}[.\s]?\d{2,4}", t) and N.parse_hs_code(t):
        return "hs_code"
    if re.fullmatch(r"\d{1,3}", t):
        return "count"
    if N.parse_unit(t):
        return "unit"
    if _parse_country(t):
        return "origin"
    if _CODE.fullmatch(t.upper()) and " " not in t:
        return "code"
    return None


def _column_kind(col: Column, body: list[Line]) -> tuple[str | None, list[str]]:
    """What an unread ruled column's cells agree on, with the cells: every cell that tells
    anything tells the same, and at least as many tell as do not (a money cell wraps its
    currency onto a line of its own; a misread cell tells nothing)."""
    cells = [join_words(ws).strip() for ln in body
             if (ws := [w for w in ln.words if col.lo <= w.cx < col.hi])]
    kinds = Counter(_cell_kind(t) for t in cells)
    told = [k for k in kinds if k is not None]
    if len(told) != 1 or kinds[told[0]] < kinds[None]:
        return None, []
    return told[0], [t for t in cells if _cell_kind(t) == told[0]]


def _infer_unread_columns(cols: list[Column], body: list[Line]) -> None:
    """Give an unread ruled column the field its cells agree on, when no column has it.

    Money columns read left to right as unit price then amount; a code column is the model,
    or the serial number when the model is taken; bare counts are the quantity, but the
    first column of them that is the leftmost column or runs 1, 2, 3 numbers the rows.
    """
    order = sorted(cols, key=lambda c: c.x0)
    taken = {c.field for c in cols}
    kinds: dict[int, str | None] = {}
    cells: dict[int, list[str]] = {}
    for col in order:
        if col.field == UNREAD and col.header.label is None:
            kinds[id(col)], cells[id(col)] = _column_kind(col, body)
    if "item_no" not in taken:
        for col in order:
            run = cells.get(id(col), [])
            if kinds.get(id(col)) == "count" and (
                col is order[0] or run == [str(n) for n in range(1, len(run) + 1)] != ["1"]
            ):
                kinds[id(col)] = "item_no"
                break
    for col in order:
        kind = kinds.get(id(col))
        if kind is None:
            continue
        right_amount = any(
            c.x0 > col.x0 and (c.field == "amount" or kinds.get(id(c)) == "money") for c in cols
        )
        options = {
            "quantity": ["quantity"],
            "count": ["quantity"],
            "money": ["unit_price"] if right_amount else ["amount", "unit_price"],
            "code": ["model", "serial_number"],
        }.get(kind, [kind])
        for f in options:
            if f not in taken:
                col.field = f
                taken.add(f)
                break


def _stacked_columns(
    line: Line, header_lines: list[Line], chunks: list[Chunk], taken: set[str]
) -> list[Column]:
    """Columns whose heading is wrapped so that no line alone names them ("Country" over
    "of Origin", "Unit" over "Price"): the stacked words of an unlabelled header cell are
    matched together."""
    lex = column_lexicon()
    covered: set[int] = set()
    for c in chunks:
        # Only the words the wording matched: tokenise() lets leftovers ("Country") trail it.
        m = _match_at(c.words, 0, lex) if c.words else None
        covered.update(id(w) for w in c.words[: m[1] if m else len(c.words)])
    out: list[Column] = []
    runs: list[list[Word]] = []
    for seg in line.segments:
        prev_covered = True
        for w in seg.words:
            if id(w) in covered:
                prev_covered = True
                continue
            if prev_covered:
                runs.append([])
            runs[-1].append(w)
            prev_covered = False
    for run in runs:
        x0, x1 = run[0].layout_box[0], run[-1].layout_box[2]
        # Line by line, then left to right: a word's own centre wobbles on a scan ('of'
        # a hair above 'Country').
        words = [
            w
            for ln in sorted(header_lines, key=lambda ln: ln.top)
            for w in sorted(ln.words, key=lambda w: w.layout_box[0])
            if id(w) not in covered
            and w.layout_box[0] < x1 + 0.004
            and w.layout_box[2] > x0 - 0.004
        ]
        if len(words) <= len(run):
            continue
        # The wording starts at the top word, or at the run's first word when a heading in
        # the other language sits above it ('产地' over 'Country of' / 'Origin'); it must
        # take in every word of the run and reach into the line below.
        starts = dict.fromkeys(i for i, w in enumerate(words) if i == 0 or w is run[0])
        m = None
        for at in starts:
            m = _match_at(words, at, lex)
            if m and m[1] > len(run):
                words = words[at:]
                break
            m = None
        if not m:
            continue
        label = m[0]
        f = next((f for f in sorted(label.fields) if f not in taken), None)
        if f is None:
            continue
        taken.add(f)
        x0 = min(w.layout_box[0] for w in words)
        x1 = max(w.layout_box[2] for w in words)
        covered.update(id(w) for w in words)
        out.append(Column(f, x0, x1, Chunk(words, line, label, m[2])))
    return out


def _stacked_fields(cols: list[Column], header_lines: list[Line]) -> None:
    """Re-read each column's full header text (all header lines) to settle its field."""
    lex = column_lexicon()
    for col in cols:
        words = [
            w
            for ln in sorted(header_lines, key=lambda ln: ln.top)
            for w in sorted(ln.words, key=lambda w: w.layout_box[0])
            if col.x0 - 0.003 <= w.cx <= col.x1 + 0.003
        ]
        if len(words) <= len(col.header.words):
            continue
        m = _match_at(words, 0, lex)
        if m and m[1] == len(words) and col.field not in m[0].fields:
            col.field = sorted(m[0].fields)[0]


def _set_bounds(layout: PageLayout, cols: list[Column], top: float) -> None:
    """Column extents: vertical rules crossing the header row when ruled, else midpoints.

    Ruled columns are used only when every header cell falls in its own ruled cell; rules of
    boxes elsewhere on the page (a boxed letterhead above the table) must not split the table.
    """
    cols.sort(key=lambda c: c.x0)
    hy = (min(c.header.lbox[1] for c in cols) + max(c.header.lbox[3] for c in cols)) / 2
    xs = cluster(
        [r.x0 for r in layout.page.rules if not r.horizontal and r.y0 <= hy <= r.y1], 0.006
    )
    if len(xs) >= 3:
        grid = Grid(xs, None)
        ks = [grid.column_of((c.x0 + c.x1) / 2) for c in cols]
        if None not in ks and len(set(ks)) == len(ks):
            for c, k in zip(cols, ks, strict=True):
                assert k is not None
                c.lo, c.hi = xs[k], xs[k + 1]
            return
    for k, c in enumerate(cols):
        c.lo = 0.0 if k == 0 else (cols[k - 1].x1 + c.x0) / 2
        c.hi = 1.0 if k == len(cols) - 1 else (c.x1 + cols[k + 1].x0) / 2


def _crossings(layout: PageLayout, ln: Line) -> int:
    """Vertical ruling lines crossing a line: a ruled table's rows are crossed, text below not."""
    cy = (ln.top + ln.bottom) / 2
    return sum(1 for r in layout.page.rules if not r.horizontal and r.y0 <= cy <= r.y1)


def _table_body(layout: PageLayout, cols: list[Column], start: int) -> tuple[list[Line], int]:
    lines = layout.lines
    ruled = start > 0 and _crossings(layout, lines[start - 1]) >= 4
    body: list[Line] = []
    ends = table_end_keys()
    left = min(c.lo for c in cols)
    pitch = statistics.median([ln.height for ln in lines[start : start + 5]] or [0.012])
    prev_bottom = lines[start - 1].bottom if start > 0 else 0.0
    k = start
    while k < len(lines):
        ln = lines[k]
        if _is_carry_line(ln):
            # "Total b/f 201.200,00" heading a continued page: no end, and no goods either.
            prev_bottom = ln.bottom
            k += 1
            continue
        key = norm(ln.segments[0].text) if ln.segments else ""
        first_word = norm(ln.segments[0].words[0].text) if ln.segments else ""
        # "TOTAL", "Say Total", "合计": whole words ("SUMITOMO" is a brand, not "Sum").
        if any(
            key.startswith(e) and (_is_cjk(e[0]) or first_word == e or key == e or len(e) > 6)
            for e in ends
            if e
        ):
            break
        if ln.top - prev_bottom > 4.0 * pitch and body:
            break
        if body and _is_subtotal_line(ln, ends) and any(
                _is_header(nx)[0] for nx in lines[k + 1 : k + 3]):
            # "Container 1 total  2  44.930,00" before the next container's header: one
            # block of the goods ends here (an item's total between its cases does not).
            break
        if _is_header(ln)[0]:
            break
        if ruled and _crossings(layout, ln) < 2:
            break  # below the ruled grid
        first = tokenise(ln, column_lexicon())[:1]
        if first and first[0].label and "note" in first[0].label.fields:
            break  # "注：…" / "Remarks:" under the table
        if ln.lbox[2] < left:
            break
        # A labelled header field ("Gross Weight: ...") ends the table; a goods line's own
        # label under its description ("Model: L90H", "ITC(HS): 8429.51.9000") does not.
        if (
            ln.segments
            and re.match(r"^[^\d]{2,40}[:：]\s*\S", ln.segments[0].text)
            and body
            and not _has_anchor(ln, cols)
            and not _inline_labelled(ln)
        ):
            break
        body.append(ln)
        prev_bottom = ln.bottom
        k += 1
    return body, k


def _is_subtotal_line(ln: Line, ends: tuple[str, ...]) -> bool:
    """A line of a few words besides its figures, one of them a totals word ("Container 1
    total", "Sub-total case 3"): the sum of the block above, wherever the word stands."""
    rest = [w for w in ln.words if not _is_number_word(w) and not _is_currency_word(w)]
    return 0 < len(rest) <= 4 and any(norm(w.text) in ends for w in rest if norm(w.text))


def _inline_labelled(ln: Line) -> bool:
    """A line that starts with a label of the goods' own details (labels.yaml ``inline``)."""
    first = tokenise(ln, inline_lexicon())[:1]
    return bool(first and first[0].label)


def _col_of(cols: list[Column], w: Word) -> Column | None:
    for c in cols:
        if c.lo <= w.cx < c.hi:
            return c
    return None


def _cell_groups(ln: Line, cols: list[Column]) -> list[list[Word]]:
    """A line's words grouped into cell texts.

    A gap-separated phrase overflowing its column's midline stays whole ("USED CAR CHERY
    TIGGO 8 PRO"); it is cut where its words change column at a gap wider than its usual word
    spacing ("Kobelco  CKE900G" in adjacent narrow columns), and always before a number column.
    """
    groups: list[list[Word]] = []
    for seg in ln.segments:
        ws = seg.words
        gaps = [b.layout_box[0] - a.layout_box[2] for a, b in zip(ws, ws[1:], strict=False)]
        usual = statistics.median(gaps) if gaps else 0.0
        em = statistics.median(w.height for w in ws) or 0.01
        cur = [ws[0]]
        for k in range(1, len(ws)):
            if _is_currency_word(ws[k - 1]) and _is_number_word(ws[k]):
                cur.append(ws[k])  # "USD 53,700.00": the code goes with its amount
                continue
            # A currency code goes where its amount goes, even left of the amount's column.
            nxt = ws[k + 1] if k + 1 < len(ws) else None
            lead = nxt if nxt and _is_currency_word(ws[k]) and _is_number_word(nxt) else ws[k]
            a, b = _col_of(cols, ws[k - 1]), _col_of(cols, lead)
            # Left-aligned columns: a word starting where a header starts opens that column,
            # even when the phrase before it overflowed the midline.
            cut = any(abs(ws[k].layout_box[0] - c.header.lbox[0]) < 0.004 for c in cols[1:])
            if not cut and a is not b and b is not None:
                # ... but a word with no figure in it ("CENTRE", a long description's last
                # word reaching under the quantity heading) is no number: the gap decides.
                numeric = (
                    b.field in ANCHORS
                    or b.field.endswith(("_kg", "_cbm"))
                    or b.field in ("hs_code", "manufacture_year", "packages")
                ) and (any(ch.isdigit() for ch in lead.text) or _is_measure_word(lead.text))
                wide = gaps[k - 1] > 1.3 * usual if len(gaps) > 1 else gaps[k - 1] > 0.45 * em
                short = a is not None and a.field not in FREE_TEXT  # "1 UNIT(S) | CRAWLER"
                cut = numeric or wide or short
            if cut:
                groups.append(cur)
                cur = [ws[k]]
            else:
                cur.append(ws[k])
        groups.append(cur)
    return groups


def _is_currency_word(w: Word) -> bool:
    """A word that is only a currency code or sign ("USD", "EUR", "$", "¥")."""
    t = w.text.strip(" .:")
    return 1 <= len(t) <= 4 and not any(ch.isdigit() for ch in t) and bool(N.parse_currency(t))


def _is_number_word(w: Word) -> bool:
    return bool(re.fullmatch(r"[\d.,' ]*\d[\d.,' ]*", w.text.strip()))


def _col_of_span(cols: list[Column], words: list[Word]) -> Column | None:
    """The column holding most of a group of words."""
    best, best_w = None, 0.0
    for c in cols:
        width = sum(w.layout_box[2] - w.layout_box[0] for w in words if c.lo <= w.cx < c.hi)
        if width > best_w:
            best, best_w = c, width
    return best


def _has_anchor(ln: Line, cols: list[Column]) -> bool:
    """A figure in an anchor column, or, in a table that has none (a photo whose quantity
    and position headings were not read), a figure in a column of one value per goods line
    (the HS code)."""
    fields = ANCHORS if any(c.field in ANCHORS for c in cols) else FALLBACK_ANCHORS
    for w in ln.words:
        c = _col_of(cols, w)
        if c and c.field in fields and any(ch.isdigit() for ch in w.text):
            return True
    return False


def _rows(table: Table) -> list[list[Line]]:
    """Group body lines into rows: by horizontal rules when ruled, else by anchor cells."""
    cols = table.columns
    if not table.body:
        return []
    region = (
        min(c.lo for c in cols),
        table.header_lines[0].top,
        max(c.hi for c in cols),
        table.body[-1].bottom,
    )
    hrules = sorted({round(r.y0, 4) for r in table.layout.rules_in(region, horizontal=True)})
    rows: list[list[Line]] = []
    if len(hrules) >= 3:
        for ln in table.body:
            band = sum(1 for y in hrules if y < ln.lbox[1] + 0.3 * ln.height)
            if rows and rows[-1] and _band(rows[-1][0], hrules) == band:
                rows[-1].append(ln)
            else:
                rows.append([ln])
        # Rules that frame only the header and the foot leave all goods in one band: split
        # such a band where its lines open rows ("1 …", "2 …" in the position column).
        # A line opens a row there only if it has a money or quantity figure too: a wrapped
        # part number ("3015") in the first column does not.
        return [part for band in rows for part in _split_by_starters(band, cols, strict=True)]
    return _split_by_starters(table.body, cols)


def _split_by_starters(
    lines: list[Line], cols: list[Column], *, strict: bool = False
) -> list[list[Line]]:
    """Rows of an unruled run of lines: a row opens where a position / quantity cell holds a
    number (or, without such columns, where an anchor cell does)."""
    rows: list[list[Line]] = []
    starters = [c for c in cols if c.field in ROW_STARTERS]
    for ln in lines:
        if strict:
            figures = {
                c.field
                for w in ln.words
                if (c := _col_of(cols, w)) is not None
                and c.field in ANCHORS
                and any(ch.isdigit() for ch in w.text)
            }
            new_row = bool(figures & set(ROW_STARTERS)) and bool(figures - {"item_no"}) \
                and len(figures) >= 2
        elif starters:
            # A wrapped amount ("EUR" / "126.100,00") must not open a row of its own.
            new_row = any(
                c.field in ROW_STARTERS and any(ch.isdigit() for ch in w.text)
                for w in ln.words
                if (c := _col_of(cols, w)) is not None
            )
        else:
            new_row = _has_anchor(ln, cols)
        if not rows or new_row:
            rows.append([ln])
        else:
            rows[-1].append(ln)
    return rows


def _band(ln: Line, hrules: list[float]) -> int:
    return sum(1 for y in hrules if y < ln.lbox[1] + 0.3 * ln.height)


_RUN = re.compile(r"^\D{0,4}(\d{1,5})\s*(?:[-–~至]|to)\s*\D{0,4}(\d{1,5})$", re.I)


def _package_run(text: str) -> int | None:
    """How many packages "1-3" (or "C/1 to C/3", or a lone "4") numbers."""
    t = text.strip(" .,;")
    m = _RUN.match(t)
    if m:
        a, b = int(m[1]), int(m[2])
        return b - a + 1 if 0 < a <= b and b - a < 10000 else None
    return 1 if re.fullmatch(r"\D{0,4}\d{1,5}", t) else None


def _column_unit(col: Column) -> str | None:
    """The unit a weight or volume column's heading names ("Weight (tonnes)", "G.W. (M/T)"),
    for its bare figures; None when the heading names none (kilograms, cubic metres)."""
    kind = {"net_weight_kg": "weight", "gross_weight_kg": "weight", "volume_cbm": "volume"}
    if col.field not in kind:
        return None
    aliases = {
        str(a).upper() for u in data.load("units.yaml")[kind[col.field]] for a in u["aliases"]
    }
    text = " ".join(w.text for w in [*col.header.words, *col.sub])
    for m in re.finditer(r"\(([^()（）]{1,12})\)|（([^()（）]{1,12})）|(\S+)", text):
        token = (m[1] or m[2] or m[3] or "").strip(" .,:：").upper()
        if token in aliases:
            return token  # "(M/T)", "tonnes", "（吨）"
    return None


def _cell_value(kind: str, text: str, unit: str | None = None) -> Any:
    if kind == "description":
        return _parse_text(text)
    if kind in ("model", "serial_number", "brand"):
        t = _strip_punct(text)
        lead = _USED.match(t)
        if kind == "model" and lead and t[lead.end():].strip():
            t = t[lead.end():]  # "USED SQR7151J6T2": the description's condition word ran over
        return N.normalise_code(t) if kind != "brand" else (" ".join(t.split()) or None)
    if kind == "quantity":
        q, _unit = N.parse_quantity(text)
        return q
    if kind == "unit":
        return N.parse_unit(text)
    if kind in ("unit_price", "amount"):
        return N.parse_number(text)
    if kind == "hs_code":
        return N.parse_hs_code(text)
    if kind == "origin":
        return N.parse_country(text) or N.country_from_cut_name(text)
    if kind == "manufacture_year":
        return N.parse_year(text)
    if kind == "hours_used":
        return N.parse_hours(text)
    if kind == "condition":
        t = norm(text)
        if "used" in t or "旧" in t or "二手" in t:
            return "used"
        if "refurb" in t or "翻新" in t:
            return "refurbished"
        if "new" in t or "全新" in t or t == "新":
            return "new"
        return None
    if kind == "packages":
        return _parse_int(text)
    if kind in ("net_weight_kg", "gross_weight_kg"):
        return N.parse_weight_kg(text, default_unit=unit or "kg")
    if kind == "volume_cbm":
        return N.parse_volume_cbm(text, default_unit=unit or "cbm")
    return None


# Fields whose value says what it is, so that its label needs no colon: "Commodity code
# 8414.80.4000", "C.o.o. UNITED STATES" printed under a description.
_BARE_INLINE = ("hs_code", "origin")


def _bare_inline(words: list[Word], i: int, lab: Label, n: int
                 ) -> tuple[str, Any, list[Word]] | None:
    """A colon-less "label value" of a self-evident kind: (field, value, value words)."""
    fields = [f for f in sorted(lab.fields) if f in _BARE_INLINE]
    if not fields or words[i + n - 1].text.endswith((":", "：")) or i + n >= len(words):
        return None
    fname = fields[0]
    nxt = words[i + n : i + n + 3]
    cut = next((k for k, w in enumerate(nxt) if w.text in ("/", "|", ";")), len(nxt))
    nxt = nxt[:cut]
    if fname == "hs_code":  # one word of figures and dots
        text = _strip_punct(nxt[0].text) if nxt else ""
        parsed = N.parse_hs_code(text) if re.fullmatch(r"[\d.]{6,14}", text) else None
        return (fname, parsed, nxt[:1]) if parsed is not None else None
    # A country may take up to three words: the longest run that parses.
    for k in range(len(nxt), 0, -1):
        country = N.parse_country(_strip_punct(join_words(nxt[:k])))
        if country is not None:
            return fname, country, nxt[:k]
    return None


def _inline_values(words: list[Word], page: int) -> tuple[list[Word], dict[str, tuple[Any, Value]]]:
    """Pull "Model: X", "S/N: Y" out of a description cell; returns the rest and the values."""
    lex = inline_lexicon()
    found: dict[str, tuple[Any, Value]] = {}
    rest: list[Word] = []
    i = 0
    words = [p for w in words for p in _split_word(w)]
    while i < len(words):
        m = _match_at(words, i, lex)
        bare = m and _bare_inline(words, i, m[0], m[1])
        if bare:
            fname, parsed, val_words = bare
            found[fname] = (parsed, _value_from(val_words, page))
            i += m[1] + len(val_words)
        elif m and (
            words[i + m[1] - 1].text.endswith((":", "："))
            or (i + m[1] < len(words) and words[i + m[1]].text in (":", "："))
        ):
            lab, n, _score = m
            j = i + n
            val_words: list[Word] = []
            while j < len(words) and not (_match_at(words, j, lex) and j > i + n):
                if words[j].text in (":", "："):
                    j += 1
                    continue
                val_words.append(words[j])
                j += 1
                if len(val_words) >= 4:
                    break
            if val_words:
                fname = sorted(lab.fields)[0]
                val = _value_from(val_words, page)
                parsed = _cell_value(fname, val.text)
                if parsed is not None:
                    found[fname] = (parsed, val)
            i = j
        else:
            rest.append(words[i])
            i += 1
    return rest, found


_YEAR = re.compile(r"(19[5-9]\d|20[0-4]\d)")


def _stray_year(cells: dict[str, list[Word]], cols: list[Column]) -> None:
    """A year in the origin or serial cell of a table with no year column ("日本 | 2012
    P6880744"): a merged "Mfg. Year / S/N" heading whose year part OCR could not read
    ("出三年序列号"). The year word is the manufacture year; the rest stays."""
    if any(c.field == "manufacture_year" for c in cols):
        return
    for fname in ("origin", "serial_number"):
        words = sorted(cells.get(fname, []), key=lambda w: (round(w.cy, 2), w.layout_box[0]))
        years = [w for w in words if _YEAR.fullmatch(w.text)]
        if len(words) >= 2 and len(years) == 1 and (fname == "origin" or words[0] is years[0]):
            cells["manufacture_year"] = years
            cells[fname] = [w for w in words if w is not years[0]]
            return


def table_items(table: Table) -> list[dict[str, Any]]:
    """Line items of one table, each field with its evidence."""
    page = table.layout.number
    items: list[dict[str, Any]] = []
    for row in _rows(table):
        cells: dict[str, list[Word]] = {}
        units = {c.field: u for c in table.columns if (u := _column_unit(c)) is not None}
        # "Weight (tonnes)" printed across N.W. and G.W.: one unit for both weights.
        weight_unit = units.get("net_weight_kg") or units.get("gross_weight_kg")
        if weight_unit:
            units.setdefault("net_weight_kg", weight_unit)
            units.setdefault("gross_weight_kg", weight_unit)
        for ln in row:
            for seg_words in _cell_groups(ln, table.columns):
                c = _col_of_span(table.columns, seg_words)
                if c is not None:
                    cells.setdefault(c.field, []).extend(seg_words)
        _stray_year(cells, table.columns)
        item = _item_from_cells(cells, page, units)
        if not item or not ({"description", "model", "quantity", "amount"} & item.keys()):
            continue
        items.append(item)
    if len(items) >= 2 and _is_totals_row(items[-1], items[:-1]):
        table.total = items.pop()["amount"]
    while len(items) >= 2 and _is_closing_remark(items[-1], items[:-1]):
        items.pop()
    # A row naming no goods (no description, model, serial or HS code) is a totals or
    # packing row ("1520.00 KG  14.68 CBM  UNPACKED"), not a line item.
    return [it for it in items if GOODS_IDENTITY & it.keys()]


def _item_from_cells(
    cells: dict[str, list[Word]], page: int, units: dict[str, str] | None = None
) -> dict[str, Any]:
    """One line item from its cells' words by field: each cell parsed by its field's kind.

    Shared by row tables and transposed ones (one column per item), so a cell reads the same
    whichever way its table runs.
    """
    units = units or {}
    item: dict[str, Any] = {}
    for fname, words in cells.items():
        if fname == "package_run":
            run = _package_run(join_words(words))
            if run and "packages" not in cells:
                item["packages"] = make_field(run, _value_from(words, page))
            continue
        if fname in IGNORED_COLUMNS:
            continue
        words = sorted(words, key=lambda w: (round(w.cy, 2), w.layout_box[0]))
        if fname in FREE_TEXT:
            words, inline = _inline_values(words, page)
            for k, (v, val) in inline.items():
                if k not in cells:
                    item[k] = make_field(v, val)
            if not words:
                continue
        val = _value_from(words, page)
        if fname == "quantity":
            q, unit = N.parse_quantity(val.text)
            if q is not None:
                item["quantity"] = make_field(q, val)
            if unit and "unit" not in cells:
                item["unit"] = make_field(unit, val)
            continue
        v = _cell_value(fname, val.text, units.get(fname))
        if v is not None:
            item[fname] = make_field(v, val)
    return item


def _is_closing_remark(last: dict[str, Any], others: list[dict[str, Any]]) -> bool:
    """A last row with only text in the description column, under rows that each hold three
    fields or more: the remark below the table ("检验结论 Conclusion: 符合要求" with its
    label misread, so the table did not end there), not goods."""
    return set(last) == {"description"} and all(len(it) >= 3 for it in others)


def _is_totals_row(last: dict[str, Any], others: list[dict[str, Any]]) -> bool:
    """A last row without goods whose amount is the sum of the rows above: the total."""
    if {"description", "model", "serial_number"} & last.keys() or "amount" not in last:
        return False
    amounts = [it["amount"]["value"] for it in others if "amount" in it]
    if len(amounts) != len(others):
        return False
    total = last["amount"]["value"]
    return abs(sum(amounts) - total) <= max(0.01, 0.005 * abs(total))


# --------------------------------------------------------------------------- item blocks


def _first_lines(words: list[Word]) -> list[Word]:
    """A block value's words: its first line, and following lines until one holds a label
    (a colon), so the last value does not run into the conclusion below the goods."""
    lines = _lines_of(words)
    out = list(lines[0]) if lines else []
    for ln in lines[1:]:
        if any(ch in w.text for w in ln for ch in ":："):
            break
        out.extend(ln)
    return out


_LEAD_PUNCT = re.compile(r"^([:：;；]+)(.+)$")


def _split_lead_punct(w: Word) -> list[Word]:
    """":1", ";产地": a scan glues a block's colon or semicolon to the word after it; split
    it off (boxes in proportion) so the label before it reads as colon-ended."""
    m = _LEAD_PUNCT.match(w.text)
    return _cut_word(w, [len(m.group(1))]) if m else [w]


def block_items(layouts: list[PageLayout]) -> list[dict[str, Any]]:
    """Goods listed as labelled blocks ("名称：…；型号规格：…；数量：…") instead of a table.

    Each page is read as one stream of words, because such blocks wrap across lines (even in
    the middle of a label). A new item starts when a field label repeats. Used when no table
    header is found.
    """
    lex = column_lexicon()
    items: list[dict[str, Any]] = []
    current: dict[str, Any] = {}
    for layout in layouts:
        words = [p for ln in layout.lines for w in ln.words for p in _split_lead_punct(w)]
        if not words:
            continue
        stream = Line(words, [Segment(words, 0)], 0)
        chunks = tokenise(stream, lex)
        for k, ch in enumerate(chunks):
            if not ch.label or k + 1 >= len(chunks) or chunks[k + 1].label:
                continue
            if not ch.words[-1].text.endswith((":", "：")):
                continue
            # "S/N:" in a block is the serial; it numbers rows only heading a table column.
            fname = sorted(ch.label.fields - {"item_no"} or ch.label.fields)[0]
            if fname in ("amount", "package_run", *IGNORED_COLUMNS):
                continue
            val_words = _first_lines(chunks[k + 1].words)
            while len(val_words) > 1 and _ENUM.fullmatch(val_words[-1].text):
                val_words = val_words[:-1]  # "VCN-24764 3.": the next block's number
            val = _value_from(val_words, layout.number, ch.score)
            val.text = re.split(r"[;；]", val.text)[0].strip()
            if fname == "quantity":
                q, unit = N.parse_quantity(val.text)
                if q is None:
                    continue
                if "quantity" in current:
                    items.append(current)
                    current = {}
                current["quantity"] = make_field(q, val)
                if unit:
                    current["unit"] = make_field(unit, val)
                continue
            v = _cell_value(fname, val.text)
            if v is None:
                continue
            if fname in current:
                items.append(current)
                current = {}
            current[fname] = make_field(v, val)
    if current:
        items.append(current)
    items = [it for it in items if len(it) >= 2 and ({"description", "model"} & it.keys())]
    _named_by_headings(items, layouts)
    return items


@functools.cache
def _item_heading() -> re.Pattern[str]:
    """A goods block's own heading: "（1） 光纤激光切割机", "第2项 轮式装载机", "货物2 注塑机",
    "Item 3: Wheel loader" (the words before the number: labels.yaml ``item_headings``)."""
    words = "|".join(re.escape(w) for w in data.load("labels.yaml")["item_headings"])
    return re.compile(
        rf"^\s*(?:[(（]\s*\d{{1,2}}\s*[)）]|第\s*\d{{1,2}}\s*[项台件套]|(?:{words})\s*\d{{1,2}}\s*[.:：]?)\s*"
        r"(?P<name>[^:：|]{2,60})$", re.IGNORECASE)


def _named_by_headings(items: list[dict[str, Any]], layouts: list[PageLayout]) -> None:
    """Each labelled goods block under a heading of its own naming the goods (a certificate's
    results, item by item): the heading is the item's description, where its label-read
    description is missing or ran on into it ("共1项，详见检验结果 … （1）光纤激光切割机").
    Only when there is one heading per block, so the order pairs them."""
    heads = []
    for layout in layouts:
        for ln in layout.lines:
            m = _item_heading().match(ln.text)
            if m and (name := _parse_text(m.group("name"))):
                words: list[Word] = []  # the name's words: the line's last ones
                for w in reversed(ln.words):
                    if len(join_words(words)) >= len(m.group("name").strip()):
                        break
                    words.insert(0, w)
                heads.append((name, _value_from(words, layout.number)))
    if not heads or len(heads) != len(items):
        return
    for it, (name, val) in zip(items, heads, strict=True):
        have = it.get("description", {}).get("value")
        if have is None or (have != name and str(have).endswith(name)):
            it["description"] = make_field(name, val)


# A transposed goods table (one column per item) needs this many rows naming distinct goods
# fields, so that a few labelled header lines are not taken for one.
TRANSPOSED_MIN_FIELDS = 4
TRANSPOSED_ALIGN = 0.01  # slack (page widths) for a wrapped label's right edge


def _row_field(words: list[Word], lex: Lexicon) -> str | None:
    """The goods field a transposed table's row label names ("规格型号 Model"), if any."""
    chunks = tokenise(Line(words, [Segment(words, 0)], 0), lex, header=True)
    fields = {f for ch in chunks if ch.label for f in ch.label.fields}
    if not fields:
        return None
    return "item_no" if fields == {"item_no"} else sorted(fields - {"item_no"})[0]


@dataclass
class _TransposedBlock:
    """Rows of a transposed table: each a field and the cells (segments) right of its label,
    those of the row's first line apart (they place the item columns)."""

    label_x0: float
    label_x1: float
    bottom: float
    rows: list[tuple[str, list[Segment], list[Segment]]] = field(default_factory=list)

    def fields(self) -> set[str]:
        """The goods fields its rows name."""
        return {f for f, _, _ in self.rows}


def _transposed_blocks(layout: PageLayout, lex: Lexicon) -> list[_TransposedBlock]:
    """Runs of lines that each start with a goods-field label and carry values to its right.

    A line wholly right of the labels, close under the row above, continues it (a wrapped
    cell); one wholly under the labels is the label wrapping ("Hours / Used"); a field named
    again starts the next block (the goods continued under a second "序号 | 货物4" row).
    """
    blocks: list[_TransposedBlock] = []
    cur: _TransposedBlock | None = None
    for ln in layout.lines:
        segs = ln.segments
        fname = _row_field(segs[0].words, lex) if len(segs) >= 2 else None
        if fname and any(_row_field(sg.words, lex) for sg in segs[1:]):
            fname = None  # "商品编码： 8456110090 | 制造商： Trumpf": labelled pairs, not cells
        if cur is not None:
            near = ln.top - cur.bottom <= 1.5 * ln.height
            same_column = fname and abs(segs[0].x0 - cur.label_x0) <= 0.03
            if same_column and fname not in cur.fields():
                cur.rows.append((fname, segs[1:], list(segs[1:])))
                cur.label_x1 = max(cur.label_x1, segs[0].x1)
                cur.bottom = ln.bottom
                continue
            if near and not same_column and ln.lbox[0] > cur.label_x1:
                cur.rows[-1][2].extend(segs)
                cur.bottom = ln.bottom
                continue
            if near and not same_column and ln.lbox[2] <= cur.label_x1 + TRANSPOSED_ALIGN:
                cur.bottom = ln.bottom
                continue
            blocks.append(cur)
            cur = None
        if fname:
            cur = _TransposedBlock(segs[0].x0, segs[0].x1, ln.bottom,
                                   [(fname, segs[1:], list(segs[1:]))])
    if cur is not None:
        blocks.append(cur)
    return blocks


def _column_bounds(block: _TransposedBlock, layout: PageLayout) -> list[float]:
    """Boundaries of a transposed table's item columns.

    Ruled: the vertical rules right of the labels. Unruled: midway between the cells of the
    item-number row ("序号 | 货物1 | 货物2") when there is one, else of a row holding the
    commonest count of cells, since headings and values may be centred or set flush left.
    """
    top = min(sg.lbox[1] for _, first, _ in block.rows for sg in first)
    box = (block.label_x1, top, 1.0, block.bottom)
    xs = cluster([r.x0 for r in layout.rules_in(box, horizontal=False)
                  if r.y1 - r.y0 >= 0.5 * (block.bottom - top) / len(block.rows)], 0.005)
    if len(xs) >= 2:
        return xs
    by_row = [(f, first) for f, first, _ in block.rows if first]
    numbered = [first for f, first in by_row if f == "item_no"]
    if numbered:
        ref = numbered[0]
    else:
        counts = [len(first) for _, first in by_row]
        mode = max(set(counts), key=lambda n: (counts.count(n), -n))
        ref = next(first for _, first in by_row if len(first) == mode)
    mids = [(a.x1 + b.x0) / 2 for a, b in zip(ref, ref[1:], strict=False)]
    return [block.label_x1, *mids, 1.0]


def transposed_items(layouts: list[PageLayout], *, single: bool = False
                     ) -> list[dict[str, Any]]:
    """Goods listed as a transposed table: the fields as rows, one column per item.

    Certificates' continuation sheets do this ("品名 | 货物1 | 货物2 …"). Each row label is
    read with the column lexicon and each cell goes to the item column its middle lies in.
    Used when no row table is found. A block of one value per label ("货物名称 | 数控车床")
    counts only with ``single``: it may be a labelled list, which ``block_items`` reads.
    """
    lex = column_lexicon()
    items: list[dict[str, Any]] = []
    for layout in layouts:
        for block in _transposed_blocks(layout, lex):
            goods = block.fields() - {"item_no"}
            has_no = "item_no" in block.fields()
            if len(goods) < TRANSPOSED_MIN_FIELDS or not goods & {"description", "model"}:
                continue
            bounds = _column_bounds(block, layout)
            if len(bounds) < 3 and not (has_no or single):
                continue
            columns: list[dict[str, list[Word]]] = [{} for _ in bounds[1:]]
            for fname, _, cells in block.rows:
                for sg in cells:
                    cx = (sg.x0 + sg.x1) / 2
                    j = next((k for k in range(len(bounds) - 1)
                              if bounds[k] <= cx < bounds[k + 1]), None)
                    if j is not None:
                        columns[j].setdefault(fname, []).extend(sg.words)
            for cells in columns:
                item = _item_from_cells(cells, layout.number)
                if GOODS_IDENTITY & item.keys():
                    items.append(item)
    return items


# --------------------------------------------------------------------------- whole document


@functools.cache
def _boilerplate() -> tuple[str, ...]:
    return tuple(data.load("labels.yaml")["description_boilerplate"])


def _strip_boilerplate(fields: dict[str, Any]) -> None:
    """Carriers' clauses ("SHIPPER'S LOAD, STOW, COUNT AND SEAL") are not the goods."""
    f = fields.get("goods_description")
    if not f:
        return
    text = str(f["value"])
    for phrase in _boilerplate():
        # Punctuation between the words varies ("LOAD, STOW AND COUNT", "LOAD STOW & COUNT").
        words = ["(?:AND|&)" if w.upper() == "AND" else re.escape(w)
                 for w in re.split(r"[\s,;]+", phrase) if w]
        pattern = r"(?<!\w)" + r"[\s,;]*".join(words) + r"(?!\w)"
        text = re.sub(pattern, " ", text, flags=re.I)
    text = " ".join(text.split()).strip(" ,;:：")
    if text:
        fields["goods_description"] = dict(f, value=text)
    else:
        del fields["goods_description"]


_SEAL_TOKEN = re.compile(r"^[A-Z]{0,4}\d{5,10}$")


_SEAL_CAPTION = re.compile(r"(?i)^(seals?|封志号?|铅封号?|封号)\b")


def _container_line_seals(layouts: list[PageLayout]) -> dict[str, Any] | None:
    """Seal numbers printed beside their container ("APZU5721550 / MG8116107")."""
    seals: list[str] = []
    words: list[Word] = []
    page = 1

    def take(tok: str, seg_words: list[Word], number: int) -> bool:
        nonlocal page
        tok = tok.strip(".")
        if not _SEAL_TOKEN.match(tok) or N.find_containers(tok):
            return False
        if tok not in seals:
            seals.append(tok)
            words.extend(seg_words)
            page = number
        return True

    for layout in layouts:
        captions = [w for ln in layout.lines for w in ln.words if _SEAL_CAPTION.match(w.text)]
        for k, ln in enumerate(layout.lines):
            for si, seg in enumerate(ln.segments):
                if not N.find_containers(seg.text):
                    continue
                # A particulars table with a seal column: the seal in the same row, under its
                # heading ("Container No. | Seal Number" over "APZU 9196980 | M6415317").
                for cell in ln.segments[si + 1 : si + 3]:
                    under = any(c.layout_box[3] <= cell.lbox[1] and c.layout_box[0] < cell.x1
                                and c.layout_box[2] > cell.x0 for c in captions)
                    if under and len(cell.words) == 1:
                        take(cell.text.upper(), cell.words, layout.number)
                parts = re.split(r"/|SEAL\s*(?:NO\.?)?[:：]?", seg.text.upper(), maxsplit=1)
                found = [take(tok, seg.words, layout.number)
                         for tok in re.split(r"[\s,;]+", parts[1])] if len(parts) > 1 else []
                nxt = layout.lines[k + 1].words if k + 1 < len(layout.lines) else []
                x0 = seg.words[0].layout_box[0]
                if not any(found) and nxt and abs(nxt[0].layout_box[0] - x0) < 0.01:
                    # "MEDU 454959-0 / ..." or "MSDU6019528 2 PKGS" with its seal on the line
                    # under the container ("TF8755641", "SEAL AE5250381").
                    toks = [w for w in nxt[:4] if norm(w.text) not in ("seal", "no", "sealno")]
                    # Without a "/" after the container, only a "SEAL" caption says so.
                    captioned = bool(toks) and toks[0] is not nxt[0]
                    if toks and (captioned or len(parts) > 1):
                        take(toks[0].text.upper(), [toks[0]], layout.number)
    if not seals:
        return None
    val = _value_from(words, page)
    val.text = " ".join(seals)
    return make_field(seals, val)


def _particulars_totals(layouts: list[PageLayout], fields: dict[str, Any]) -> None:
    """"TOTAL 5 PKGS 62210 KGS 162.540 CBM" under a B/L's particulars: the totals of the
    columns whose heading labelled the first container's row. A total with its unit printed
    replaces a smaller value (one row's) or fills a missing one."""
    ends = set(table_end_keys())
    for layout in layouts:
        for ln in layout.lines:
            if not ln.words or norm(ln.words[0].text) not in ends or _is_prose(ln.words):
                continue  # "... the total number of containers or other packages ...": prose
            rest = " ".join(w.text for w in ln.words[1:])
            count, unit = N.parse_quantity(rest)
            got: dict[str, Any] = {
                "gross_weight_kg": N.parse_weight_kg(rest, default_unit=""),
                "volume_cbm": N.parse_volume_cbm(rest, default_unit=""),
                "total_packages": int(count) if count and unit and float(count).is_integer()
                and unit not in ("kg", "tonne", "lb") else None,
            }
            for name, v in got.items():
                have = fields.get(name, {}).get("value")
                if v and v > 0 and (have is None or (isinstance(have, int | float) and have < v)):
                    fields[name] = make_field(v, _value_from(ln.words, layout.number, 0.9))


def _document_containers(layouts: list[PageLayout]) -> dict[str, Any] | None:
    """Container numbers anywhere on the document (B/Ls print them in many places)."""
    found: list[str] = []
    words: list[Word] = []
    page = 1
    for layout in layouts:
        for ln in layout.lines:
            for code in N.find_containers(ln.text):
                if code not in found:
                    found.append(code)
                    words.extend(ln.words)
                    page = page if words[: -len(ln.words)] else layout.number
    if not found:
        return None
    val = _value_from(words, page)
    val.text = " ".join(found)
    return make_field(found, val)


@functools.cache
def _company_markers() -> tuple[str, ...]:
    return tuple(norm(m) for m in data.load("labels.yaml")["company_markers"])


def _looks_like_company(text: str) -> bool:
    words = [norm(w) for w in re.split(r"[\s,]+", text) if w]
    markers = _company_markers()
    return any(w in markers for w in words) or any(
        _is_cjk(m[0]) and m in norm(text) for m in markers
    )


@functools.cache
def _title_keys() -> frozenset[str]:
    types = data.load("doctypes.yaml")["types"]
    return frozenset(norm(t) for spec in types.values() for t in spec["titles"])


def _is_title(text: str) -> bool:
    """A document heading ("Commercial Invoice"), which ends a letterhead."""
    return norm(text) in _title_keys()


def same_party(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Two party fields naming one company (case, spacing and punctuation aside)."""
    def key(f: dict[str, Any]) -> str:
        return re.sub(r"[\W_]+", "", str(f.get("value", "")).casefold())
    return bool(key(a)) and key(a) == key(b)


def letterhead_party(
    layout: PageLayout, lex: Lexicon
) -> tuple[dict[str, Any], dict[str, Any] | None] | None:
    """The company named at the top of page one, above any label: the issuer (seller).

    Invoices and packing lists are printed on the seller's letterhead and rarely label it.
    """
    lines = [ln for ln in layout.lines if ln.top < 0.3]
    for k, ln in enumerate(lines[:6]):
        chunks = tokenise(ln, lex) if ln.words else []
        first = chunks[0] if chunks else None
        if first is None or first.label:
            return None
        if not _looks_like_company(first.text):
            # A Chinese name set large and letter-spaced falls into pieces on a scan
            # ("中国检验认证 | 集团日本有限公司"): the whole line, when it is Chinese alone.
            whole = join_words(ln.words)
            if not (
                len(chunks) > 1
                and not any(c.label for c in chunks)
                and all(_is_cjk(ch) for ch in whole if ch.isalnum())
                and _looks_like_company(whole)
            ):
                continue
            first = Chunk(list(ln.words), ln)
        name_words = list(first.words)
        if k > 0:
            # A long name set large wraps: "Tianjin Binhai Auto Export" / "Trading Co., Ltd.".
            prev = tokenise(lines[k - 1], lex)[0]
            if (
                not prev.label
                and abs(prev.lbox[0] - first.lbox[0]) < 0.03
                and abs(_word_height(prev) - _word_height(first)) < 0.25 * _word_height(first)
                and first.lbox[1] - prev.lbox[3] < 1.0 * _word_height(first)
                and not any(ch.isdigit() for ch in prev.text)
                and not _looks_like_company(prev.text)
                and not _ends_block(prev.words)
            ):
                name_words = list(prev.words) + name_words
        name = _value_from(name_words, layout.number)
        party = N.normalise_party(name.text)
        if not party:
            return None
        addr_words: list[Word] = []
        for nxt in lines[k + 1 : k + 4]:
            if nxt.top - ln.bottom > 4 * ln.height or nxt.height > 1.3 * ln.height:
                break
            head = tokenise(nxt, lex)[0]
            if (
                head.label
                or _looks_like_company(head.text)
                or head.lbox[0] > first.lbox[2]
                or _ends_block(head.words)
            ):
                break
            addr_words.extend(head.words)
        addr = None
        if addr_words:
            av = _value_from(addr_words, layout.number)
            text = _join_address([join_words(ws) for ws in _lines_of(addr_words)])
            addr = make_field(text, av)
        return make_field(party, name), addr
    return None


def _join_address(lines: list[str]) -> str:
    """Address lines as one line. Printed one part per line ("Noorderlaan 133" / "2030
    Antwerpen" / "Belgium"), the parts take commas; a comma-separated address that merely
    wraps ("…, Swindon SN5" / "5WF, United Kingdom") is joined with a space."""
    if any("," in ln or "，" in ln for ln in lines[:-1]):
        return " ".join(lines)
    return ", ".join(ln.rstrip(" ,") for ln in lines)


def window_addressee(
    layout: PageLayout, lex: Lexicon, sender: str
) -> tuple[dict[str, Any], dict[str, Any] | None] | None:
    """The recipient printed in a window envelope's address field, without a label.

    European letter invoices (DIN 5008 and the like) print a one-line return address of the
    sender ("Keystone Heavy Iron Inc. · 1800 E Harbor Blvd · Long Beach") in small type, and the
    addressee's block right under it: the buyer. The return line is the cue: without it an
    unlabelled block could be anyone's. An information block may share the lines on the
    right ("Invoice no. | AET253891"); only the segments under the return line count.
    """
    key = norm(sender)
    if len(key) < 6:
        return None
    lines = [ln for ln in layout.lines if ln.top < 0.45]
    for k, ln in enumerate(lines):
        head = ln.segments[0]
        text = norm(head.text)
        if not text.startswith(key[: max(6, len(key) // 2)]) or len(text) < len(key) + 6:
            continue  # the return line starts with the sender's name and goes on (address)
        block: list[Chunk] = []
        bottom = ln.bottom
        for more in lines[k + 1 :]:
            if more.top - bottom > 2.5 * ln.height:
                break
            seg = next((sg for sg in more.segments if abs(sg.lbox[0] - head.lbox[0]) < 0.03), None)
            if seg is None:
                continue  # a line of the information block on the right only
            chunks = [c for c in tokenise(more, lex) if abs(c.lbox[0] - head.lbox[0]) < 0.03]
            chunk = chunks[0] if chunks else None
            if chunk is None or chunk.label or (block and _ends_block(chunk.words)):
                break  # (a name like "… Equipment Trading Co." reads as column headings)
            block.append(chunk)
            bottom = more.bottom
        if not block or not _looks_like_company(block[0].text) or norm(block[0].text) == key:
            return None
        party = N.normalise_party(block[0].text)
        if not party:
            return None
        name = _value_from(block[0].words, layout.number, 0.8)
        addr = None
        if len(block) > 1:
            words = [w for c in block[1:] for w in c.words]
            text_addr = _join_address([join_words(c.words) for c in block[1:]])
            addr = make_field(text_addr, _value_from(words, layout.number, 0.8))
        return make_field(party, name), addr
    return None


_AMBIGUOUS_COMMA = re.compile(r"(?<![\d.,])\d{1,3},\d{3}(?![\d.,])")


def _settle_ambiguous_volume(holder: dict[str, Any], fields: dict[str, Any]) -> None:
    """Read "159,830 M3" as 159.83 when 159,830 m3 cannot be: lighter than any cargo for the
    weight stated beside it, or more than any shipment holds (data/units.yaml)."""
    vol = holder.get("volume_cbm")
    if not vol or not isinstance(vol.get("value"), float) or not _AMBIGUOUS_COMMA.search(
        str(vol.get("raw", ""))
    ):
        return
    limits = data.load("units.yaml")["plausibility"]
    weight = (holder.get("gross_weight_kg") or fields.get("gross_weight_kg") or {}).get("value")
    value = vol["value"]
    too_light = isinstance(weight, float) and weight / value < limits["min_density_kg_per_cbm"]
    if too_light or value > limits["max_volume_cbm"]:
        vol["value"] = round(value / 1000, 3)


def _resolve_yen_sign(fields: dict[str, Any]) -> None:
    """ "¥21,820,000" alone reads as yuan; a seller in Japan makes it yen.

    The amount's own text is the first evidence (normalise.parse_currency); the seller's
    name, address and port of loading are the next, with the same context words
    (currencies.yaml, "ambiguous")."""
    cur = fields.get("currency")
    if not cur or cur.get("value") != "CNY":
        return
    raw = unicodedata.normalize("NFKC", str(cur.get("raw") or ""))
    if "¥" not in raw or N.parse_currency(raw.replace("¥", "")) == "CNY":
        return  # written as RMB/元 somewhere in the same text: yuan it is
    side = " ".join(
        str(fields[f].get("raw") or "")
        for f in ("seller", "seller_address", "port_of_loading")
        if f in fields
    )
    if side and N.parse_currency("¥ " + side) == "JPY":
        fields["currency"] = dict(cur, value="JPY")


def _word_height(chunk: Chunk) -> float:
    return statistics.median(w.layout_box[3] - w.layout_box[1] for w in chunk.words)


def _split_vessel(fields: dict[str, Any]) -> None:
    """ "EVER ACE / 0123W" under a "Vessel / Voyage" label: two fields."""
    v = fields.get("vessel")
    if not v:
        return
    m = re.match(r"^(.*?)\s*(?:/|\bV\.|\bVOY\.?)\s*([A-Z0-9-]{2,10})$", str(v["value"]), re.I)
    if not m:
        # "EVER ACE 889N" under "Ocean Vessel / Voyage No.": the voyage is the last token.
        m = re.match(r"^(.*\D.*?)\s+([A-Z]{0,3}\d{2,5}[A-Z]{0,3})$", str(v["value"]), re.I)
    if m and m.group(1).strip():
        fields["vessel"] = dict(v, value=m.group(1).strip())
        if "voyage" not in fields:
            fields["voyage"] = dict(v, value=m.group(2).upper())


_USED = re.compile(r"(?<![A-Za-z])(USED|SECOND[- ]HAND|REFURBISHED)(?![A-Za-z])|旧|二手|翻新", re.I)


def _strip_item_number(item: dict[str, Any], position: int) -> None:
    """ "1 CRAWLER CRANE" in row 1: the item number printed before the goods name."""
    desc = item.get("description")
    if not desc or not isinstance(desc.get("value"), str):
        return
    m = re.match(r"^\s*\(?(\d{1,2})[.)、]?\s+(?=\S)", desc["value"])
    if m and int(m.group(1)) == position and not N.parse_unit(desc["value"][m.end():].split()[0]):
        desc["value"] = desc["value"][m.end() :]


def _condition_from_description(item: dict[str, Any]) -> None:
    """ "USED CNC LATHE" states the condition even without a condition column."""
    desc = item.get("description")
    if not desc or "condition" in item:
        return
    m = _USED.search(str(desc["value"]))
    if m:
        word = m.group(0).upper()
        value = "refurbished" if word in ("REFURBISHED", "翻新") else "used"
        item["condition"] = dict(desc, value=value)


def extract_fields(
    layouts: list[PageLayout], doc_type: str
) -> tuple[dict[str, Any], list[dict[str, Any]], list[str]]:
    """Header fields, line items and warnings of one document.

    Pure: depends only on the laid-out pages and the type; no I/O besides cached lexicons.
    Numbers are read by the decimal mark the document's own amounts use.
    """
    text = "\n".join(ln.text for layout in layouts for ln in layout.lines)
    with N.decimal_mark(N.guess_decimal_mark(text)):
        return _extract_fields(layouts, doc_type)


def _lone_vin(layouts: list[PageLayout]) -> tuple[str, Value] | None:
    """The vehicle's VIN where no label gave it (its caption wrapped round it, "9.车辆识别代号/
    车" over "架号"): the one word of the document that is a whole VIN carrying its ISO 3779
    check digit (GB 16735 requires it), when there is exactly one such VIN."""
    found: dict[str, Value] = {}
    for layout in layouts:
        for ln in layout.lines:
            for w in ln.words:
                vin = N.parse_vin(w.text) if len(w.text.strip(".,;:：，")) == 17 else None
                if vin and N.vin_check_digit_ok(vin):
                    found.setdefault(vin, _value_from([w], layout.number, 0.8))
    if len(found) != 1:
        return None
    return next(iter(found.items()))


def _extract_fields(
    layouts: list[PageLayout], doc_type: str
) -> tuple[dict[str, Any], list[dict[str, Any]], list[str]]:
    warnings: list[str] = []
    tables = {layout.number: find_tables(layout) for layout in layouts}
    # On goods documents a table header names columns; a B/L's particulars header is where
    # its document fields (packages, weight, measurement) are labelled.
    skip = tables if doc_type in GOODS_DOC_TYPES else None
    cands = header_candidates(layouts, doc_type, skip) + notation_candidates(layouts, doc_type)
    fields = choose_fields(cands)
    if "currency" in doc_fields(doc_type) and "currency" not in fields:
        # "Total Value | 286.600,00" chosen over "合同价格 | USD 286.600,00": the same sum,
        # and the other printing of it names the currency.
        for c in cands:
            cur = N.parse_currency(c.val.text) if c.field == "total_amount" else None
            if cur and "total_amount" in fields and c.value == fields["total_amount"]["value"]:
                fields["currency"] = make_field(cur, c.val)
                break
    # Agreements and letters state some fields in sentences: fill what the labels missed.
    from docproc.prose import prose_fields

    for name, value in prose_fields(layouts, doc_type).items():
        fields.setdefault(name, value)
    if "vin" in doc_fields(doc_type) and "vin" not in fields:
        lone = _lone_vin(layouts)
        if lone:
            fields["vin"] = make_field(*lone)
    _split_vessel(fields)
    # The issuer is named on the letterhead: the seller of commercial papers, the agency of a
    # certificate.
    issuer = {
        "invoice": "seller",
        "packing_list": "seller",
        "contract": "seller",
        "inspection_certificate": "issuing_agency",
    }.get(doc_type)
    if issuer and layouts and (issuer not in fields or (
            issuer == "seller" and "seller_address" not in fields)):
        found = letterhead_party(layouts[0], header_lexicon(doc_type))
        if found and issuer in fields and not same_party(fields[issuer], found[0]):
            found = None  # the letterhead is someone else's: keep the labelled party alone
        if found:
            fields.setdefault(issuer, found[0])
            addr = found[1]
            if addr and issuer == "seller" and "seller_address" not in fields:
                # The signature block's "Exporter:" names the seller; the letterhead over
                # the same name gives the address.
                fields["seller_address"] = addr
    if doc_type in ("invoice", "packing_list", "contract") and "buyer" not in fields and layouts:
        seller = fields.get("seller", {}).get("value")
        found = window_addressee(layouts[0], header_lexicon(doc_type), str(seller)) \
            if seller else None
        if found:
            fields["buyer"], addr = found
            if addr and "buyer_address" not in fields:
                fields["buyer_address"] = addr
    if doc_type == "bill_of_lading":
        _particulars_totals(layouts, fields)
        cont = _document_containers(layouts)
        if cont:
            fields["container_numbers"] = cont
        seals = _container_line_seals(layouts)
        if seals:
            fields["seal_numbers"] = seals  # beside their containers: the surest reading
        _strip_boilerplate(fields)
    items: list[dict[str, Any]] = []
    currency_hint = None
    for layout in layouts:
        for table in tables[layout.number]:
            items.extend(table_items(table))
            currency_hint = currency_hint or table.currency_hint
            if table.total and "total_amount" in doc_fields(doc_type):
                fields.setdefault("total_amount", table.total)
    if not items:
        items = (transposed_items(layouts) or block_items(layouts)
                 or transposed_items(layouts, single=True))
    ocr_pages = {ly.number for ly in layouts if ly.page.source == "ocr"}
    for pos, item in enumerate(items, start=1):
        _strip_item_number(item, pos)
        desc = item.get("description")
        if desc and desc.get("page") in ocr_pages and isinstance(desc.get("value"), str):
            snapped = N.snap_chinese_goods_name(desc["value"])
            if snapped:
                desc["value"] = snapped  # raw keeps what OCR read
        _condition_from_description(item)
    if "currency" not in fields and currency_hint and "currency" in doc_fields(doc_type):
        # Currency stated only in a column header ("Amount (USD)").
        for layout in layouts:
            for ln in layout.lines:
                if N.parse_currency(ln.text) == currency_hint:
                    val = _value_from(ln.words, layout.number, 0.9)
                    fields["currency"] = make_field(currency_hint, val)
                    break
            if "currency" in fields:
                break
    if "total_amount" in fields and "currency" not in fields and "currency" in doc_fields(doc_type):
        cur = N.parse_currency(fields["total_amount"]["raw"])
        if cur:
            fields["currency"] = dict(fields["total_amount"], value=cur)
    _resolve_yen_sign(fields)
    for holder in (fields, *items):
        _settle_ambiguous_volume(holder, fields)
    if not items and doc_type in GOODS_DOC_TYPES:
        warnings.append("no goods lines found")
    return fields, items, warnings
