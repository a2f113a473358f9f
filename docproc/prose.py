"""Fields stated in running prose instead of label: value pairs.

Agreement-style contracts ("This Agreement is entered into on 15th May 2026 by and between
ACME Ltd., having its registered office at ... (hereinafter the "Seller"), and ...") and the
after-sales maintenance service confirmation letter ("兹确认我公司生产的丰田牌GTM6470SQ型汽车
（车辆识别代号：…）出口至智利…") hide their fields in sentences, where the label lexicon of
:mod:`docproc.extract` finds nothing to hold on to.

The pages are flattened into one text with a character -> word map, tokenised into a spaCy
``Doc`` (blank pipeline, every CJK character a token) and searched with a ``Matcher`` built
from the trigger wordings of ``data/prose.yaml``. A value must follow (or, for parties,
precede) its trigger directly; it is parsed with :mod:`docproc.normalise` and carries the
boxes of exactly the characters it was read from. Nothing is guessed: a field whose value
does not parse is left out.

Entry point: :func:`prose_fields`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import spacy
from spacy.matcher import Matcher
from spacy.tokens import Doc

from docproc import data
from docproc import normalise as N
from docproc.extract import UNTIL_LINK, Value, make_field
from docproc.layout import Line, PageLayout
from docproc.model import Word

PROSE_CONF = 0.9  # certainty of a value read from a sentence, times the words' OCR confidence
FALLBACK_CONF = 0.75  # values found by position (signature block, lone date, bare VIN)

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]|(?:(?![{_CJK}])[^\W_])+|\S")
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-/_.]*")
_NUM = re.compile(r"\d+(?:(?:[,.']|\s(?=\d{3}(?!\d)))\d+)*")
_ENUM = re.compile(r"^\s*(?:\(?\d{1,2}\s*[.)、．]|（\d{1,2}）|[①-⑳])\s*")
_VIN_RUN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{17}(?![A-Za-z0-9])")
_CLAUSE_END = re.compile(r"[;；。，,()（）\t\f]|\.(?=\s|$)")
_PARTY_END = re.compile(r"[;；。()（）\t\n\f]")
_SKIP = " \t\n:：.,，\"'“”‘’「」"

# Groups whose wordings denote a value; a match inside a longer match of another such group is
# dropped ("date" inside "latest date of shipment"). The others are connectors and markers.
_VALUE_GROUPS = {
    "document_number", "document_date", "total_amount", "currency", "trade_terms",
    "port_of_loading", "port_of_discharge", "latest_shipment_date", "deadline",
    "country_of_origin", "vin", "brand", "model", "manufacturer", "export_country",
    "service_outlets", "brand_suffix", "model_suffix", "address",
}


# --------------------------------------------------------------------------- lexicon


@functools.cache
def _lexicon() -> dict[str, Any]:
    lex: dict[str, Any] = data.load("prose.yaml")
    return lex


def _groups(doc_type: str) -> dict[str, list[str]]:
    """Trigger groups for one document type (its own plus the common ones)."""
    lex = _lexicon()
    out = {k: [str(w) for w in v] for k, v in lex["common"].items()}
    for k, v in (lex.get(doc_type) or {}).items():
        out[k] = out.get(k, []) + [str(w) for w in v]
    return out


def _is_cjk(ch: str) -> bool:
    return bool(re.match(rf"[{_CJK}]", ch))


@functools.cache
def _nlp() -> spacy.language.Language:
    """A blank multi-language pipeline: only its vocabulary is used (tokens are ours)."""
    return spacy.blank("xx")


@functools.cache
def _matcher(doc_type: str) -> Matcher:
    """A Matcher with one pattern per wording; punctuation inside a wording is optional."""
    matcher = Matcher(_nlp().vocab)
    fuzzy = set(_lexicon().get("fuzzy_groups") or [])
    for group, wordings in _groups(doc_type).items():
        if group in ("fillers", "stops"):
            continue
        patterns = []
        for w in wordings:
            pat: list[dict[str, Any]] = []
            for t in _TOKEN.findall(w):
                if not t[0].isalnum():
                    pat.append({"ORTH": t, "OP": "?"})
                    continue
                if pat and "LOWER" in pat[-1] and not _is_cjk(t):
                    pat.append({"IS_PUNCT": True, "OP": "?"})  # "Ref No" matches "Ref. No."
                if group in fuzzy and len(t) >= 5 and t.isascii() and t.isalpha():
                    pat.append({"LOWER": {"FUZZY1": t.lower()}})
                else:
                    pat.append({"LOWER": t.lower()})
            if any("LOWER" in p for p in pat):
                patterns.append(pat)
        if patterns:
            matcher.add(group, patterns)
    return matcher


# --------------------------------------------------------------------------- flat text


@dataclass(frozen=True)
class _Hit:
    """One trigger found in the text: its group, character span and token count."""

    group: str
    start: int
    end: int
    ntok: int


class _Text:
    """The document as one string, with each character's word (for evidence boxes)."""

    def __init__(self, layouts: list[PageLayout]) -> None:
        parts: list[str] = []
        self.owner: list[tuple[Word, int, int] | None] = []  # (word, page, index in word)
        self.lines: list[tuple[int, Line, int, int]] = []  # (page, line, start, end)
        prev: str = ""
        for li, layout in enumerate(layouts):
            for ln in layout.lines:
                for si, seg in enumerate(ln.segments):
                    for wi, w in enumerate(seg.words):
                        if parts:
                            if wi == 0 and si == 0:
                                sep = "\f" if li and ln is layout.lines[0] else "\n"
                            elif wi == 0:
                                sep = "\t"
                            else:
                                sep = "" if _is_cjk(prev[-1:]) and _is_cjk(w.text[:1]) else " "
                            parts.append(sep)
                            self.owner.extend([None] * len(sep))
                        if wi == 0 and si == 0:
                            line_start = sum(len(p) for p in parts)
                        parts.append(w.text)
                        self.owner.extend((w, layout.number, k) for k in range(len(w.text)))
                        prev = w.text
                self.lines.append((layout.number, ln, line_start, len(self.owner)))
        self.text = "".join(parts)

    def value(self, a: int, b: int, certainty: float = PROSE_CONF) -> Value | None:
        """Evidence for text[a:b]: its words, cut to the characters used, on one page."""
        while a < b and self.text[a] in _SKIP:
            a += 1
        while b > a and self.text[b - 1] in " \t\n\f,，;；:：":
            b -= 1
        if a >= b:
            return None
        words: list[Word] = []
        page = 0
        k = a
        while k < b:
            own = self.owner[k]
            if own is None:
                k += 1
                continue
            w, pg, i = own
            page = page or pg
            j = k
            while j < b and self.owner[j] is not None and self.owner[j][0] is w:  # type: ignore[index]
                j += 1
            if pg == page:
                words.append(_slice(w, i, i + (j - k)))
            k = j
        if not words:
            return None
        text = _flat(self.text[a:b])
        conf = sum(w.conf for w in words) / len(words)
        return Value(text, words, page, round(conf * certainty, 3))


def _flat(s: str) -> str:
    """Line and segment breaks as a space, none between two CJK characters."""
    s = re.sub(rf"(?<=[{_CJK}])[\n\t\f]+(?=[{_CJK}])", "", s)
    return " ".join(s.split())


def _slice(w: Word, i: int, j: int) -> Word:
    """The part of a word holding characters i..j, its box cut in proportion."""
    n = len(w.text)
    if i == 0 and j >= n:
        return w

    def cut(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        x0, y0, x1, y1 = box
        return (x0 + (x1 - x0) * i / n, y0, x0 + (x1 - x0) * j / n, y1)

    return Word(w.text[i:j], cut(w.bbox), w.conf, w.block, w.line, cut(w.lbox) if w.lbox else None)


# --------------------------------------------------------------------------- reader


class _Reader:
    """Trigger hits over one document and the value readers that start from them."""

    def __init__(self, layouts: list[PageLayout], doc_type: str) -> None:
        self.t = _Text(layouts)
        self.layouts = layouts
        text = self.t.text
        spans = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
        spaces = [e < len(text) and text[e].isspace() for _s, e in spans]
        doc = Doc(_nlp().vocab, words=[text[s:e] for s, e in spans], spaces=spaces)
        vocab = _nlp().vocab
        hits = [
            _Hit(vocab.strings[mid], spans[s][0], spans[e - 1][1], e - s)
            for mid, s, e in _matcher(doc_type)(doc)
        ]
        self.hits = _drop_contained(hits)
        lex = _lexicon()
        self.fillers = [str(f).lower() for f in lex["fillers"]]
        self.stops = sorted((str(s).lower() for s in lex["stops"]), key=len, reverse=True)

    def of(self, group: str) -> list[_Hit]:
        """Hits of one group, in text order."""
        return [h for h in self.hits if h.group == group]

    def ranked(self, group: str) -> list[_Hit]:
        """Hits of one group, several-token wordings first ("Contract No" before "No")."""
        return sorted(self.of(group), key=lambda h: (h.ntok == 1, h.start))

    def after(self, pos: int, *, words: bool = True) -> int:
        """Skip separators and (unless ``words`` is False) filler words after a trigger."""
        text = self.t.text
        while pos < len(text):
            if text[pos] in _SKIP:
                pos += 1
                continue
            if not words:
                return pos
            for f in self.fillers:
                end = pos + len(f)
                if text[pos:end].lower() == f and (
                    _is_cjk(f[0]) or end >= len(text) or not text[end].isalnum()
                ):
                    pos = end
                    break
            else:
                return pos
        return pos

    def next_trigger(self, pos: int) -> int:
        """Start of the next value trigger at or after ``pos``."""
        return min(
            (h.start for h in self.hits if h.start >= pos and h.group in _VALUE_GROUPS and
             h.ntok > 1),
            default=len(self.t.text),
        )

    def free_text_end(self, pos: int, end_re: re.Pattern[str] = _CLAUSE_END) -> int:
        """End of a free-text value (a port): punctuation, a stop word or another trigger."""
        text = self.t.text
        m = end_re.search(text, pos)
        end = min(m.start() if m else len(text), self.next_trigger(pos + 1), pos + 80)
        nl = text.find("\n", pos, end)
        if nl >= 0 and not self.wraps(nl):
            end = nl  # a short line ends its value; only wrapped prose runs on
        for m2 in _TOKEN.finditer(text, pos, end):
            rest = text[m2.start() : end].lower()
            for s in self.stops:
                if rest.startswith(s) and m2.start() > pos and (
                    _is_cjk(s[0]) or len(rest) == len(s) or not rest[len(s)].isalnum()
                ):
                    return m2.start()
        return end

    def wraps(self, nl: int) -> bool:
        """Whether the line ending at ``nl`` runs to the right margin (prose wrapped on)."""
        for page, ln, _a, b in self.t.lines:
            if b == nl:
                right = max(x[1].lbox[2] for x in self.t.lines if x[0] == page)
                return ln.lbox[2] > right - 0.1
        return False

    def label_value_end(self, hit: _Hit, pos: int) -> int | None:
        """End of a labelled value: the rest of its segment ("Brand: X", "品牌：|X")."""
        text = self.t.text
        gap = text[hit.end : pos]
        if not (re.search(r"[:：\t\n]", gap) or pos >= len(text)):
            return None
        m = re.compile(r"[\t\n\f]").search(text, pos)
        return m.start() if m else len(text)

    def date_at(self, pos: int) -> tuple[str, Value] | None:
        """A date starting right at ``pos``."""
        window = re.split(r"[\f\t]", self.t.text[pos : pos + 40])[0]
        iso = N.parse_date(window)
        if not iso:
            return None
        e = next(k for k in range(1, len(window) + 1) if N.parse_date(window[:k]) == iso)
        s = len(window) - len(window.lstrip(_SKIP))
        first = re.match(r"[A-Za-z0-9]+|.", window[s:e])
        # The date must start at the value's first token: without it, no (or another) date.
        if not first or N.parse_date(window[s + first.end() : e]) == iso:
            return None
        val = self.t.value(pos + s, pos + e)
        return (iso, val) if val else None

    def code_at(self, pos: int) -> tuple[str, Value] | None:
        """A document number (letters, digits, separators; at least one digit) at ``pos``."""
        m = _CODE.match(self.t.text, pos)
        if not m:
            return None
        code = m.group(0).rstrip("./-_")
        if len(code) < 3 or not any(ch.isdigit() for ch in code):
            return None
        val = self.t.value(pos, pos + len(code))
        v = N.normalise_code(code)
        return (v, val) if v and val else None


def _drop_contained(hits: list[_Hit]) -> list[_Hit]:
    """Longest trigger wins: drop value hits strictly inside a longer value hit."""
    values = [h for h in hits if h.group in _VALUE_GROUPS]
    keep: list[_Hit] = []
    for h in hits:
        if h.group in _VALUE_GROUPS and any(
            o.start <= h.start and h.end <= o.end and (o.end - o.start) > (h.end - h.start)
            for o in values
        ):
            continue
        if h not in keep:
            keep.append(h)
    # Several lengths of one wording ("No" / "No.") at one start: keep the longest per group.
    best: dict[tuple[str, int], _Hit] = {}
    for h in keep:
        k = (h.group, h.start)
        if k not in best or h.end > best[k].end:
            best[k] = h
    return sorted(best.values(), key=lambda h: (h.start, -h.end))


# --------------------------------------------------------------------------- field readers

Fields = dict[str, dict[str, Any]]


Found = tuple[Any, Value] | None


def _first(hits: list[_Hit], read: Callable[[_Hit], Found]) -> Found:
    for h in hits:
        got = read(h)
        if got is not None:
            return got
    return None


def _put(fields: Fields, name: str, got: tuple[Any, Value] | None) -> None:
    if got is not None and got[0] not in (None, "", []) and name not in fields:
        fields[name] = make_field(got[0], got[1])


def _document_number(r: _Reader) -> tuple[Any, Value] | None:
    # No filler words here: a number may start like one ("SUM-GJE-25117").
    return _first(r.ranked("document_number"), lambda h: r.code_at(r.after(h.end, words=False)))


def _document_date(r: _Reader) -> tuple[Any, Value] | None:
    return _first(r.ranked("document_date"), lambda h: r.date_at(r.after(h.end)))


def _definitions(r: _Reader) -> list[tuple[str, int, int]]:
    """Party role definitions: (role, where the party's clause ends, where the definition ends).

    A role word counts when it sits in an open parenthesis ("(the "Seller")") or follows a
    "hereinafter" marker closely.
    """
    text = r.t.text
    markers = r.of("role_marker")
    out: list[tuple[str, int, int]] = []
    for role in ("seller", "buyer"):
        for h in r.of(f"{role}_role"):
            before = text[max(0, h.start - 60) : h.start]
            paren = re.search(r"[(（][^()（）]*$", before)
            mark = [m for m in markers if h.start - 40 <= m.end <= h.start]
            if not paren and not mark:
                continue
            if paren:
                clause_end = h.start - len(before) + paren.start()
            else:
                clause_end = mark[-1].start
            close = re.match(r"[\s\"'“”’]*[)）]?", text[h.end :])
            out.append((role, clause_end, h.end + (close.end() if close else 0)))
            break
    return sorted(out, key=lambda d: d[1])


def _parties(r: _Reader, fields: Fields) -> None:
    """Seller and buyer (and their addresses) from "between X, having its ... (the "Seller")"."""
    text = r.t.text
    defs = _definitions(r)
    joins = sorted((str(j) for j in _groups("contract").get("party_join", [])), key=len,
                   reverse=True)
    prev_end = 0
    for role, clause_end, def_end in defs:
        intros = [h.end for h in r.of("party_intro") if prev_end <= h.end <= clause_end]
        start = max([prev_end, *intros, clause_end - 400])
        prev_end = def_end
        # Leading connectors: ", and", "与".
        while True:
            s = start
            while s < clause_end and text[s] in _SKIP:
                s += 1
            for j in joins:
                e = s + len(j)
                if text[s:e].lower() == j and (_is_cjk(j[0]) or not text[e : e + 1].isalnum()):
                    s = e
                    break
            if s == start:
                break
            start = s
        addr = [h for h in r.of("address") if start <= h.start < clause_end]
        name_end = addr[0].start if addr else clause_end
        desc = [h.start for h in r.of("party_descriptor") if start < h.start < name_end]
        if desc:
            name_end = desc[0]
        name = r.t.value(start, name_end)
        party = N.normalise_party(name.text) if name else None
        if not name or not party or sum(ch.isalpha() for ch in party) < 3 or len(party) > 150:
            continue
        _put(fields, role, (party, name))
        if addr:
            a = r.t.value(r.after(addr[0].end), clause_end)
            if a and sum(ch.isalnum() for ch in a.text) >= 5:
                _put(fields, f"{role}_address", (a.text, a))


def _amount(r: _Reader, fields: Fields) -> None:
    """Total amount and currency: "The total contract value is USD 19,400.00"."""
    text = r.t.text
    # An explicit "currency JPY" beats a symbol ("¥" is yen or yuan).
    for h in r.of("currency"):
        p = r.after(h.end)
        m = re.match(rf"[A-Za-z]{{2,3}}[$]?|[$€£¥￥]|[{_CJK}]{{2,3}}", text[p:])
        cur = N.parse_currency(m.group(0)) if m else None
        val = r.t.value(p, p + m.end()) if m else None
        if cur and val:
            _put(fields, "currency", (cur, val))
            break
    for h in r.ranked("total_amount"):
        p = r.after(h.end)
        m = _NUM.search(text, p, p + 20)
        if not m:
            continue
        pre = text[p : m.start()].strip()
        if "\t" in text[h.end : m.start()]:
            continue  # a table header cell ("Total Value") and the next row's first cell
        if pre and not (re.fullmatch(rf"[A-Za-z]{{0,3}}[$€£¥￥]?|[{_CJK}]{{1,3}}", pre)
                        and N.parse_currency(pre)):
            continue
        amount = N.parse_number(m.group(0))
        if amount is None or not (pre or re.search(r"[.,]", m.group(0))):
            continue  # a bare "1" is a count, not a total
        cur = N.parse_currency(pre) if pre else None
        start, end = (p if pre else m.start()), m.end()
        if not cur:
            post = re.match(rf"\s?([A-Za-z]{{3}}(?![A-Za-z])|[{_CJK}]{{1,3}})", text[end:])
            if post and N.parse_currency(post.group(1)):
                cur = N.parse_currency(post.group(1))
                end += post.end()
        val = r.t.value(start, end)
        if not val:
            continue
        _put(fields, "total_amount", (amount, val))
        if cur:
            _put(fields, "currency", (cur, val))
        break


def _trade_terms(r: _Reader, fields: Fields) -> None:
    """An Incoterm with its named place: "(FOB SHEKOU, Incoterms 2020)", "delivery CIF Lima"."""
    text = r.t.text
    cues = [h.end for h in r.hits if h.group in ("trade_terms", "total_amount")]
    found: list[tuple[int, str, Value]] = []
    for h in r.of("incoterms"):
        code = text[h.start : h.end]
        if code != code.upper():
            continue
        end = r.free_text_end(h.end)
        place = _flat(text[h.end : end]).strip(_SKIP)
        if not place or not re.search(r"[^\W\d_]", place) or len(place.split()) > 4:
            continue
        val = r.t.value(h.start, end)
        if val is None:
            continue
        cued = any(0 <= h.start - c <= 60 for c in cues) or text[max(0, h.start - 1)] in "(（"
        found.append((0 if cued else 1, f"{code} {place}".upper(), val))
    if found:
        _rank, v, val = min(found, key=lambda f: f[0])
        _put(fields, "trade_terms", (v, val))


def _port_at(r: _Reader, pos: int) -> tuple[str, Value, int] | None:
    if any(h.start == pos and h.group in _VALUE_GROUPS for h in r.hits):
        return None  # another label, not a port ("Port of Loading | Port of Discharge")
    end = r.free_text_end(pos)
    val = r.t.value(pos, end)
    if val is None or not re.search(r"[^\W\d_]", val.text) or len(val.text.split()) > 5:
        return None
    return val.text.upper(), val, end


def _ports(r: _Reader, fields: Fields) -> None:
    """Ports: "Shipment from Shekou to San Antonio", "port of loading is ...", "由…运至…"."""
    text = r.t.text
    links = r.of("port_link") + r.of("port_of_discharge")
    for h in r.ranked("port_of_loading"):
        got = _port_at(r, r.after(h.end))
        if not got:
            continue
        v, val, end = got
        s = end
        while s < len(text) and text[s] in " \n":
            s += 1
        link = next((lk for lk in links if lk.start == s), None)
        if h.ntok == 1 and link is None:
            continue  # "from"/"由"/"从" alone is a port trigger only in "from X to Y"
        if h.ntok == 1 and link.group == "port_link" and not _in_shipment_sentence(r, h.start):
            continue  # "valid from May to June": a plain "to" needs a sentence on shipment
        if r.date_at(r.after(h.end)):
            continue
        _put(fields, "port_of_loading", (v, val))
        if link is not None:
            pod = _port_at(r, r.after(link.end))
            if pod:
                _put(fields, "port_of_discharge", (pod[0], pod[1]))
        break
    if "port_of_discharge" not in fields:
        for h in r.ranked("port_of_discharge"):
            pod = _port_at(r, r.after(h.end))
            if pod:
                _put(fields, "port_of_discharge", (pod[0], pod[1]))
                break


def _in_shipment_sentence(r: _Reader, pos: int) -> bool:
    """Whether the sentence up to ``pos`` speaks of shipment ("Shipment: ... from X to Y")."""
    s = _sentence_start(r.t.text, pos)
    return any(s <= c.start < pos for c in r.of("shipment_context"))


def _sentence_start(text: str, pos: int) -> int:
    ends = list(re.finditer(r"[.。!?！？;；](?=\s)|[。；\f]", text[max(0, pos - 200) : pos]))
    return max(0, pos - 200) + (ends[-1].end() if ends else 0)


def _shipment_date(r: _Reader) -> tuple[Any, Value] | None:
    got = _first(r.ranked("latest_shipment_date"), lambda h: r.date_at(r.after(h.end)))
    if got:
        return got
    ctx = r.of("shipment_context")
    for h in r.of("deadline"):
        s = _sentence_start(r.t.text, h.start)
        if any(s <= c.start < h.start for c in ctx):
            got = r.date_at(r.after(h.end))
            if got:
                return got
    return None


def _country_at(r: _Reader, pos: int) -> Found:
    """The first country named between ``pos`` and the clause end, with its own characters."""
    text = r.t.text
    m = _CLAUSE_END.search(text, pos)
    end = min(m.start() if m else len(text), pos + 60)
    code = N.parse_country(text[pos:end])
    if not code or len(text[pos:end].strip()) <= 2:
        return None
    e = next(k for k in range(pos + 1, end + 1) if N.parse_country(text[pos:k]) == code)
    val = r.t.value(pos, e)
    return (code, val) if val else None


def _contract(r: _Reader, fields: Fields) -> None:
    _put(fields, "document_number", _document_number(r))
    _put(fields, "document_date", _document_date(r))
    _parties(r, fields)
    _amount(r, fields)
    _trade_terms(r, fields)
    _ports(r, fields)
    _put(fields, "latest_shipment_date", _shipment_date(r))
    _put(fields, "country_of_origin",
         _first(r.ranked("country_of_origin"), lambda h: _country_at(r, r.after(h.end))))


# --------------------------------------------------------------------------- after-sales letter


def _label_text(r: _Reader, h: _Hit, end_re: re.Pattern[str] = _CLAUSE_END) -> Value | None:
    p = r.after(h.end)
    end = r.label_value_end(h, p)
    if end is None:
        return None
    m = end_re.search(r.t.text, p, end)
    return r.t.value(p, m.start() if m else end)


def _brand_model(r: _Reader, fields: Fields) -> None:
    """Brand and model: labelled ("品牌：丰田") or as "丰田牌GTM6470SQ型汽车"."""
    text = r.t.text
    for h in r.ranked("brand"):
        val = _label_text(r, h)
        if val and 1 <= len(val.text) <= 40 and re.search(r"[^\W\d_]", val.text):
            _put(fields, "brand", (val.text, val))
            break
    for h in r.ranked("model"):
        val = _label_text(r, h)
        code = N.normalise_code(val.text) if val else None
        if val and code and len(code) <= 40 and any(ch.isalnum() for ch in code):
            _put(fields, "model", (code, val))
            break
        # In a sentence ("the vehicle, model GTM6470SQ, ...") only a code with a digit counts.
        got = r.code_at(r.after(h.end, words=False))
        if got and " " not in got[0]:
            _put(fields, "model", got)
            break
    for h in r.of("brand_suffix"):
        s = h.start
        while s > 0 and s > h.start - 12 and text[s - 1] not in "的了是为即由" and (
            _is_cjk(text[s - 1]) or text[s - 1].isascii() and text[s - 1].isalnum()
        ):
            s -= 1
        bval = r.t.value(s, h.start)
        if bval is None:
            continue
        _put(fields, "brand", (bval.text, bval))
        tail = [m for m in r.of("model_suffix") if h.end < m.start <= h.end + 30]
        if tail:
            mval = r.t.value(h.end, tail[0].start)
            code = N.normalise_code(mval.text) if mval else None
            if mval and code and any(ch.isdigit() for ch in code) and " " not in code.strip():
                _put(fields, "model", (code, mval))
        break


def _vin(r: _Reader) -> tuple[Any, Value] | None:
    text = r.t.text

    def read(h: _Hit) -> tuple[Any, Value] | None:
        p = r.after(h.end)
        m = re.compile(r"[A-Za-z0-9][A-Za-z0-9 \-]{15,24}").search(text, p, p + 40)
        vin = N.parse_vin(m.group(0)) if m else None
        if not m or not vin:
            return None
        k = m.start()
        n = 0
        while k < len(text) and n < 17:
            n += text[k].isalnum()
            k += 1
        val = r.t.value(m.start(), k)
        return (vin, val) if val else None

    got = _first(r.ranked("vin"), read)
    if got:
        return got
    for m in _VIN_RUN.finditer(text):  # a bare VIN: the format itself is the label
        vin = N.parse_vin(m.group(0))
        if vin and re.search(r"[A-Z]", vin) and re.search(r"\d", vin):
            val = r.t.value(m.start(), m.end(), FALLBACK_CONF)
            if val:
                return vin, val
    return None


@functools.cache
def _company_markers() -> tuple[str, ...]:
    return tuple(str(m).lower() for m in data.load("labels.yaml")["company_markers"])


def _looks_like_company(text: str) -> bool:
    low = text.lower()
    words = re.split(r"[\s,]+", low)
    return any(m in words or (_is_cjk(m[0]) and m in low) for m in _company_markers())


def _manufacturer(r: _Reader, fields: Fields) -> None:
    """Manufacturer: labelled, else the company named in the signature block at the bottom."""
    for h in r.ranked("manufacturer"):
        val = _label_text(r, h, _PARTY_END)
        party = N.normalise_party(val.text) if val else None
        if val and party and sum(ch.isalpha() for ch in party) >= 3:
            _put(fields, "manufacturer", (party, val))
            return
    if not r.t.lines:
        return
    last_page = r.t.lines[-1][0]
    tail = [x for x in r.t.lines if x[0] == last_page][-8:]
    for _page, ln, a, b in reversed(tail):
        if _ENUM.match(ln.text) or re.match(r"^\s*(to|致|attn)\b", ln.text, re.I):
            continue
        seg = ln.segments[-1]
        text = r.t.text
        s = b - len(seg.text) if text[a:b].endswith(seg.text) else a
        m = re.search(r"[:：]", text[s:b])
        s = s + m.end() if m and _looks_like_company(text[s + m.end() : b]) else s
        val = r.t.value(s, b, FALLBACK_CONF)
        if val and _looks_like_company(val.text) and len(val.text) <= 80:
            bare = re.sub(r"[(（]?(盖章|公章|seal)[)）]?", "", val.text, flags=re.I)
            party = N.normalise_party(bare)
            if party:
                _put(fields, "manufacturer", (party, val))
                return


def _outlets(r: _Reader, fields: Fields) -> None:
    """The numbered list under "售后服务网点" / "service outlets", one string per outlet."""
    text = r.t.text
    for h in r.of("service_outlets"):
        k = next((i for i, x in enumerate(r.t.lines) if x[2] <= h.start < x[3]), None)
        if k is None:
            continue
        items: list[tuple[int, int]] = []
        rest = r.after(h.end)
        line_end = r.t.lines[k][3]
        if rest < line_end and _ENUM.match(text[rest:line_end]):
            # Inline list: "服务网点：1. A；2. B"
            marks = list(re.finditer(r"(?:^|(?<=[\s;；,，]))(?:\(?\d{1,2}[.)、]|（\d{1,2}）|[①-⑳])",
                                     text[rest:line_end]))
            for i, mk in enumerate(marks):
                e = marks[i + 1].start() if i + 1 < len(marks) else line_end - rest
                items.append((rest + mk.end(), rest + e))
        else:
            x0 = None
            prev = r.t.lines[k][1]
            right = max(x[1].lbox[2] for x in r.t.lines if x[0] == r.t.lines[k][0])
            for page, ln, a, b in r.t.lines[k + 1 : k + 40]:
                gap = ln.top - prev.bottom if page == r.t.lines[k][0] else 0.0
                en = _ENUM.match(text[a:b])
                if en:
                    items.append((a + en.end(), b))
                    x0 = ln.lbox[0]
                elif items and x0 is not None and abs(ln.lbox[0] - x0) < 0.03 and \
                        gap < 1.2 * ln.height and prev.lbox[2] > right - 0.1 and \
                        not re.search(r"[:：]", text[a:b]):
                    # A wrapped item: the line above ran to the margin, this one is aligned.
                    items[-1] = (items[-1][0], b)
                else:
                    break
                prev = ln
        values = [r.t.value(a, b) for a, b in items]
        outlets = [v for v in values if v is not None]
        if outlets:
            names = [re.sub(r"[;；。]$", "", o.text).strip() for o in outlets]
            words = [w for o in outlets if o.page == outlets[0].page for w in o.words]
            conf = min(o.conf for o in outlets)
            val = Value("; ".join(names), words, outlets[0].page, conf)
            _put(fields, "service_outlets", (names, val))
            return


def _lone_date(r: _Reader) -> tuple[Any, Value] | None:
    """A line holding only a date near the end: the date of a letter's signature block."""
    for _page, _ln, a, b in reversed(r.t.lines[-8:]):
        line = r.t.text[a:b].strip()
        got = r.date_at(a) if len(line) <= 24 else None
        if got and len(got[1].text) >= len(line) - 2:
            val = got[1]
            val.conf = round(val.conf * FALLBACK_CONF / PROSE_CONF, 3)
            return got
    return None


def _letter(r: _Reader, fields: Fields) -> None:
    _put(fields, "document_number", _document_number(r))
    _put(fields, "document_date", _document_date(r) or _lone_date(r))
    _put(fields, "vin", _vin(r))
    _brand_model(r, fields)
    _manufacturer(r, fields)
    _put(fields, "export_country",
         _first(r.ranked("export_country"), lambda h: _country_at(r, r.after(h.end))))
    _outlets(r, fields)


# An official letter's basis runs to the clause of the inspection's date, place or object
# ("，于…", "，在…", "，对…"); its place to the object; a sentence ends at "。" or a line end.
_BASIS_END = re.compile(r"[，,]\s*(?:于|在|对)|。")
_PLACE_START = re.compile(r"[日号]?\s*在")
_PLACE_END = re.compile(r"[，,]\s*对|。|；")
_SENTENCE_END = re.compile(r"[。\n]")


def _certificate(r: _Reader, fields: Fields) -> None:
    """A certificate drafted as a letter: addressee, basis, date and place, references and
    validity in its sentences (only what the form's labels left unread is used)."""
    text = r.t.text
    for h in r.ranked("applicant"):
        pos = r.after(h.end, words=False)
        colon = bool(re.search(r"[:：]", text[h.end : pos + 1]))
        line_start = h.start == 0 or text[h.start - 1] in "\n\f"
        if not colon and not (line_start and _is_cjk(text[h.start])):
            continue  # "致" or "to" inside a sentence, not the letter's addressee line
        end = text.find("\n", pos)
        val = r.t.value(pos, end if end >= 0 else len(text))
        if val and re.search(r"[^\W\d_]{3}", val.text):
            _put(fields, "applicant", (N.normalise_party(val.text), val))
            break
    for h in r.ranked("inspection_basis"):
        pos = r.after(h.end, words=False)
        m = _BASIS_END.search(text, pos)
        val = r.t.value(pos, m.start()) if m and m.start() - pos < 400 else None
        if val and ("《" in val.text or re.search(r"\b(?:GB|SN/T|ISO)\b", val.text)):
            _put(fields, "inspection_basis", (val.text, val))
            break
    for h in r.ranked("inspection_date"):
        got = r.date_at(r.after(h.end, words=False))
        if got:
            _put(fields, "inspection_date", got)
            rest = r.after(h.end, words=False) + len(got[1].text)
            place = _PLACE_START.match(text, rest)
            # A place may hold a comma of its own ("萨凡纳，美国").
            end = _PLACE_END.search(text, place.end()) if place else None
            if place and end:
                val = r.t.value(place.end(), end.start())
                if val and len(val.text) <= 40:
                    _put(fields, "inspection_place", (val.text, val))
            break
    for name in ("contract_number", "invoice_number", "bl_number"):
        _put(fields, name, _first(r.ranked(name), lambda h: r.code_at(r.after(h.end))))
    for h in r.ranked("valid_until"):
        pos = r.after(h.end, words=False)
        m = _SENTENCE_END.search(text, pos)
        seg = text[pos : m.start() if m else pos + 60]
        links = list(UNTIL_LINK.finditer(seg))  # "自…起至<date>止": the period's end
        start = pos + (links[-1].end() if links else 0)
        got = r.date_at(r.after(start, words=False))
        if got:
            _put(fields, "valid_until", got)
            break
    _put(fields, "document_date", _lone_date(r))


_READERS: dict[str, Callable[[_Reader, Fields], None]] = {
    "contract": _contract,
    "after_sales_letter": _letter,
    "inspection_certificate": _certificate,
}


def prose_fields(layouts: list[PageLayout], doc_type: str) -> dict[str, dict[str, Any]]:
    """Header fields stated in sentences, as FIELDS.md evidence objects; {} when none.

    Only ``contract``, ``after_sales_letter`` and ``inspection_certificate`` (a certificate
    drafted as a letter) are read this way: they are the types whose fields documents
    commonly write out in prose. Pure, like the other stages.
    """
    read = _READERS.get(doc_type)
    if read is None or not any(ln.words for lay in layouts for ln in lay.lines):
        return {}
    fields: Fields = {}
    read(_Reader(layouts, doc_type), fields)
    return fields
