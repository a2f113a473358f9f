"""Classify stage: which kind of trade document is this?

Two readers that fail differently vote: a spaCy text classifier trained on the project's
corpus (``models/doctype``, loaded from disk, built by ``scripts/train_doctype.py``) reads the
whole text, and a title rule looks for the document's heading (``data/doctypes.yaml``) among the
big or top lines of page one. A clear heading wins; the model decides when there is none; when
both are unsure the answer is ``unknown`` — kept and shown to a reviewer, never dropped.
"""

from __future__ import annotations

import functools
import statistics
from pathlib import Path
from typing import Any

from docproc import data
from docproc.extract import norm
from docproc.layout import PageLayout
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


def title_votes(layouts: list[PageLayout]) -> dict[str, float]:
    """Scores from headings: a line that is (almost) only a known title, on the first page.

    Bigger type and a higher position weigh more; a title word inside a label ("Invoice No.")
    does not count because the title must fill most of its line.
    """
    votes: dict[str, float] = {}
    if not layouts or not layouts[0].lines:
        return votes
    lines = layouts[0].lines
    med_h = statistics.median(ln.height for ln in lines)
    for seg in [sg for ln in lines[:25] for sg in ln.segments]:
        text = norm(seg.text)
        if not text or seg.text.rstrip().endswith((":", "：")):
            continue  # "Invoice No.:" on a packing list is a label, not a heading
        for key, dt in _titles():
            pos = text.find(key)
            if pos < 0 or len(key) < 0.55 * len(text):
                continue
            h = statistics.median(w.height for w in seg.words)
            size = min(h / med_h, 2.5) if med_h else 1.0
            top = 1.0 - min(seg.lbox[1], 0.6)
            score = 0.5 * size + 0.5 * top + len(key) / 40
            votes[dt] = max(votes.get(dt, 0.0), score)
            break
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


def classify(doc: ReadDocument, layouts: list[PageLayout]) -> tuple[str, float]:
    """The document type and a confidence in 0..1."""
    min_conf = float(data.load("doctypes.yaml")["min_confidence"])
    titles = title_votes(layouts)
    probs = model_probs(doc.text)
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
