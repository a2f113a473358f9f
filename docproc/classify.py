"""Classify stage: which kind of trade document is this?

Two readers that fail differently vote: a spaCy text classifier trained on the project's
corpus (``models/doctype``, loaded from disk, built by ``scripts/train_doctype.py``) reads the
whole text, and a title rule looks for the document's heading (``data/doctypes.yaml``) among the
big or top lines of page one. A clear heading wins; the model decides when there is none; when
both are unsure the answer is ``unknown`` — kept and shown to a reviewer, never dropped.
"""

from __future__ import annotations

import functools
import re
import statistics
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from docproc import data
from docproc.extract import norm
from docproc.layout import PageLayout, Segment
from docproc.model import ReadDocument

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "doctype"
MAX_CHARS = 3000  # the classifier reads the start of the document; headings live there


@functools.cache
def _titles() -> list[tuple[str, str]]:
    """(normalised title, doc_type), longest first so "commercial invoice" beats "invoice"."""
    types = data.load("doctypes.yaml")["types"]
    out = [(norm(t), dt) for dt, spec in types.items() for t in spec["titles"]]
    return sorted(out, key=lambda td: -len(td[0]))


@functools.cache
def _model() -> Any:
    """The trained spaCy pipeline, or None when it has not been built."""
    if not (MODEL_DIR / "meta.json").exists():
        return None
    import spacy

    return spacy.load(MODEL_DIR)


def _is_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _numbered(rest: str, cfg: dict[str, Any]) -> bool:
    """A title followed by a number is a reference ("Commercial invoice 44/26/287"), not a
    heading: OCR often drops the colon that would have marked it as a label."""
    return sum(ch.isdigit() for ch in rest) >= int(cfg["max_digits_after"])


def _is_label_ref(rest: str, cfg: dict[str, Any]) -> bool:
    """"Contract No." / "发票号码": the title word names a reference field, it heads nothing."""
    return bool(rest) and rest in {norm(x) for x in cfg["label_suffixes"]}


def _numbered_title(raw: str, cfg: dict[str, Any]) -> tuple[str, float, int] | None:
    """A heading that carries its number, "Invoice INV-2025-0167", "Rechnung Nr. 4711": the
    first words are exactly a title and the next word is the number (or "No." and then it)."""
    titles = dict(_titles())
    words = raw.split()
    found: tuple[str, str] | None = None
    while words:
        # Longest title at the start; a bilingual pair ("Handelsrechnung / Commercial
        # invoice") is read one title at a time.
        n = next((k for k in range(min(len(words), 6), 0, -1)
                  if norm(" ".join(words[:k])) in titles), 0)
        if not n:
            break
        key = norm(" ".join(words[:n]))
        if found and titles[key] != found[1]:
            return None
        found, words = (key, titles[key]), words[n:]
        if words and words[0] == "/":
            words = words[1:]
    if found is None or not words:
        return None
    if norm(words[0]) in {"no", "nr", ""} and len(words) > 1:
        words = words[1:]
    if any(ch.isdigit() for ch in words[0]) and len(words) <= 2:
        return found[1], float(cfg["numbered_ratio"]), len(found[0])
    return None


_PAIR_SPLIT = re.compile(r"\s+/\s+|\s*\|\s*")


def _paired_title(raw: str, cfg: dict[str, Any]) -> tuple[str, float, int] | None:
    """A heading of two titles of one type, "PROFORMA INVOICE / SALES CONFIRMATION" or
    "Packing List | 装箱单": each part is a title, so together they are one, though neither
    alone fills the line."""
    parts = [norm(p) for p in _PAIR_SPLIT.split(raw)]
    parts = [p for p in parts if p]
    if len(parts) < 2:
        return None
    found = [_title_match(p, cfg) for p in parts]
    if any(f is None for f in found) or len({f[0] for f in found if f}) != 1:
        return None
    hits = [f for f in found if f]
    return hits[0][0], min(f[1] for f in hits), sum(f[2] for f in hits)


def _contained_title(text: str, cfg: dict[str, Any]) -> tuple[str, float, int] | None:
    """A long title inside a heading set in big type: "COMBINED TRANSPORT BILL OF LADING
    (NOT NEGOTIABLE UNLESS CONSIGNED TO ORDER)". Only long titles count, so that a word such
    as "Invoice" in a big line of another document does not."""
    if len(text) > int(cfg["contained_max_chars"]):
        return None
    for key, dt in _titles():
        if len(key) < int(cfg["contained_min_chars"]):
            continue
        pos = text.find(key)
        if pos < 0:
            continue
        rest = text[pos + len(key) :]
        if _numbered(rest, cfg) or _is_label_ref(rest, cfg):
            continue
        return dt, float(cfg["contained_ratio"]), len(key)
    return None


def _title_match(text: str, cfg: dict[str, Any]) -> tuple[str, float, int] | None:
    """The title ``text`` (normalised) is: (doc_type, ratio 0..1, title length), or None.

    An exact title wins (longest first). Failing that, the closest title within an OCR error or
    two (Levenshtein similarity to the best-aligned part of the text) counts, if the title is
    long enough that such a match is not chance: OCR of a phone photo misreads headings
    ("机动牛登记证书", "C0MMERCIAL INVOICE"). The title must fill most of ``text``, so "Invoice
    No." or a sentence naming a contract does not count.
    """
    cover = float(cfg["min_coverage"])
    for key, dt in _titles():
        pos = text.find(key)
        # A short Latin title ("Order", "Invoice", "B/L") must be the whole text: "Your
        # order" and "To order" are not headings.
        short = not _is_cjk(key) and len(key) < int(cfg["fuzzy_min_chars"])
        if pos >= 0 and short:
            # ... or beside the same title in another language ("商业发票 INVOICE").
            other = text[:pos] + text[pos + len(key) :]
            if other and dict(_titles()).get(other) != dt:
                continue
        if pos >= 0 and (short or len(key) >= cover * len(text)):
            rest = text[pos + len(key) :]
            if _numbered(rest, cfg) or _is_label_ref(rest, cfg):
                return None
            return dt, 1.0, len(key)
    best: tuple[str, float, int] | None = None
    cutoff = float(cfg["fuzzy_min_similarity"])
    for key, dt in _titles():
        min_chars = cfg["fuzzy_min_chars_cjk" if _is_cjk(key) else "fuzzy_min_chars"]
        if len(key) < min_chars or len(text) < cfg["fuzzy_min_share"] * len(key):
            continue
        if len(text) > len(key):  # the part of the line that looks most like the title
            al = fuzz.partial_ratio_alignment(key, text)
            part = text[al.dest_start : al.dest_end]
            if len(part) < cover * len(text):
                continue
        else:
            part = text
        sim = Levenshtein.normalized_similarity(key, part)
        rest = text[text.find(part) + len(part) :]
        if sim < cutoff or _numbered(rest, cfg) or _is_label_ref(rest, cfg):
            continue
        if best is None or sim > best[1]:
            best = (dt, sim, len(key))
    return best


def _wrapped_headings(lines: list[Any]) -> list[Segment]:
    """Headings set in a narrow box wrap ("NON-NEGOTIABLE EXPRESS BILL" over "OF LADING"):
    a phrase and the one right under it, in type of the same size and overlapping sideways,
    read as one run."""
    out = []
    # A line from a box beside the heading may sit between its two halves.
    pairs = [(u, lw) for k, u in enumerate(lines) for lw in lines[k + 1 : k + 3]]
    for upper, lower in pairs:
        for a in upper.segments:
            ha = statistics.median(w.height for w in a.words)
            for b in lower.segments:
                hb = statistics.median(w.height for w in b.words)
                same_size = 0.8 <= hb / ha <= 1.25 if ha else False
                overlap = min(a.x1, b.x1) - max(a.x0, b.x0) > 0
                close = b.lbox[1] - a.lbox[3] < 0.8 * ha
                if same_size and overlap and close:
                    out.append(Segment([*a.words, *b.words], upper.index))
    return out


# A parenthesised note after a heading: "(CONTAINER-WISE)", "(Continued)", "（副本）".
_QUALIFIER = re.compile(r"\s*[(（][^()（）]{1,30}[)）]\s*$")


def _subject_title(text: str, cfg: dict[str, Any]) -> tuple[str, float, int] | None:
    """A letter or an e-mail names its document in its subject line, in the type of the
    text around it ("Subject: Order Confirmation PA/2026/236", "RE: Your enquiry - our order
    confirmation PA/2025/462"): the longest long title in it, its number allowed."""
    head, sep, rest = text.partition(":")
    if not sep or norm(head) not in {norm(w) for w in cfg["subject_labels"]}:
        return None
    body = norm(rest)
    found = [(len(key), dt) for key, dt in _titles()
             if len(key) >= int(cfg["contained_min_chars"]) and key in body]
    if not found:
        return None
    key_len, dt = max(found)
    return dt, float(cfg["contained_ratio"]), key_len


def title_votes(layouts: list[PageLayout]) -> dict[str, float]:
    """Scores from headings: a line that is (almost) only a known title, on the first page.

    Bigger type and a higher position weigh more; a title word inside a label ("Invoice No.")
    does not count because the title must fill most of its line; a title read with OCR errors
    counts less than an exact one. Whole lines are tried too, as OCR may split a heading.
    """
    votes: dict[str, float] = {}
    if not layouts or not layouts[0].lines:
        return votes
    cfg = data.load("doctypes.yaml")["title_match"]
    lines = layouts[0].lines
    med_h = statistics.median(ln.height for ln in lines)
    runs: list[Any] = []
    for ln in lines[: int(cfg["max_lines"])]:
        runs.extend(ln.segments)
        if len(ln.segments) > 1:
            runs.append(ln)
        # A big heading set beside a letterhead shares its line ("Qingdao … Ltd." with
        # "PURCHASE ORDER / CONTRACT" to its right): its words, by their size, are a run.
        tallest = max((w.height for w in ln.words), default=0.0)
        big = [w for w in ln.words if w.height >= 0.9 * tallest]
        small = min((w.height for w in ln.words), default=0.0)
        if big and len(big) < len(ln.words) and tallest >= float(cfg["big_word_size"]) * small:
            runs.append(Segment(big, ln.index))
    runs.extend(_wrapped_headings(lines[: int(cfg["max_lines"])]))
    for ln in lines[: int(cfg["max_lines"])]:
        match = _subject_title(ln.text, cfg)
        if match:
            dt, ratio, key_len = match
            score = (float(cfg["subject_weight"]) + key_len / 40) * ratio**2
            votes[dt] = max(votes.get(dt, 0.0), score)
    for run in runs:
        text = norm(run.text)
        if not text or run.text.rstrip().endswith((":", "：")):
            continue  # "Invoice No.:" on a packing list is a label, not a heading
        h = statistics.median(w.height for w in run.words)
        size = min(h / med_h, 2.5) if med_h else 1.0
        match = _title_match(text, cfg) or _paired_title(run.text, cfg)
        if match is None and (bare := _QUALIFIER.sub("", run.text)) != run.text and bare.strip():
            # "PACKING LIST (CONTAINER-WISE)", "INVOICE (Continued)": a title and its note.
            match = _title_match(norm(bare), cfg)
        if match is None and size >= float(cfg["numbered_min_size"]):
            # a letter's subject line, or a long heading with a title in it
            match = _numbered_title(run.text, cfg) or _contained_title(text, cfg)
        if match is None:
            continue
        dt, ratio, key_len = match
        top = 1.0 - min(run.lbox[1], 0.6)
        score = (0.5 * size + 0.5 * top + key_len / 40) * ratio**2
        votes[dt] = max(votes.get(dt, 0.0), score)
    return votes


def prepare_text(text: str) -> str:
    """Space out Chinese characters so the bag-of-words model sees them (and their bigrams)."""
    out = []
    for ch in text[:MAX_CHARS]:
        if "\u4e00" <= ch <= "\u9fff":
            out.append(f" {ch} ")
        else:
            out.append(ch)
    return " ".join("".join(out).split())


def model_probs(text: str) -> dict[str, float]:
    """Class probabilities from the spaCy text classifier ({} when no model is installed)."""
    nlp = _model()
    if nlp is None or not text.strip():
        return {}
    doc = nlp(prepare_text(text))
    return {k: float(v) for k, v in doc.cats.items()}


def decide(titles: dict[str, float], probs: dict[str, float]) -> tuple[str, float]:
    """Combine the title votes and the model's probabilities into (doc_type, confidence).

    Pure, so ``scripts/train_doctype.py`` can evaluate the same rule with a model in memory.
    """
    min_conf = float(data.load("doctypes.yaml")["min_confidence"])
    best_title = max(titles, key=lambda k: titles[k]) if titles else None
    best_model = max(probs, key=lambda k: probs[k]) if probs else None
    p_model = probs.get(best_model, 0.0) if best_model else 0.0
    if best_title and best_model == best_title:
        return best_title, round(max(0.95, p_model), 3)
    if best_title:
        # Heading present: trust it, less so when the model confidently says otherwise.
        agree = probs.get(best_title, 0.5) if probs else 0.5
        conf = 0.6 + 0.35 * agree
        if best_model and p_model > 0.9 and best_model != "unknown":
            conf = 0.55
        return best_title, round(conf, 3)
    if best_model and best_model != "unknown" and p_model >= min_conf:
        return best_model, round(p_model, 3)
    return "unknown", round(probs.get("unknown", 1.0 - p_model) if probs else 0.0, 3)


def classify(doc: ReadDocument, layouts: list[PageLayout]) -> tuple[str, float]:
    """The document type and a confidence in 0..1."""
    return decide(title_votes(layouts), model_probs(doc.text))
