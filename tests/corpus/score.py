"""Score an extracted document against its generated ground truth.

Shared by the golden tests and ``benchmarks/bench_extract.py`` so both count the same way:
a header field is right when its canonical value equals the truth exactly (strings compared
case- and whitespace-folded, spaces beside Chinese characters dropped, full-width forms
folded, numbers within a rounding tolerance, lists as sets); a missing field is wrong. Line
items are aligned in document order.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

# Booleans seen on the image and the language list are scored apart from text fields.
IMAGE_FIELDS = {"has_seal", "has_signature"}


def same(a: Any, b: Any) -> bool:
    """Canonical equality with the tolerances a reviewer would accept as "the same value"."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=0.005)
    if isinstance(a, list) and isinstance(b, list):
        return {_fold(x) for x in a} == {_fold(x) for x in b}
    if isinstance(a, str) and isinstance(b, str):
        return _fold(a) == _fold(b)
    return bool(a == b)


# Chinese is written without spaces: a space beside a Han character is layout, not content
# (a PDF's or OCR's spacing there is arbitrary), so it is folded away.
_HAN = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"
_CJK_SPACE = re.compile(rf"(?<={_HAN})\s+|\s+(?={_HAN})")


def _fold(x: Any) -> Any:
    if not isinstance(x, str):
        return x
    # Full-width and half-width forms ("（" / "(") are one character in two typefaces.
    x = unicodedata.normalize("NFKC", x)
    return _CJK_SPACE.sub("", " ".join(x.upper().split()))


@dataclass
class Score:
    """Counts of right / total, with the misses for the report."""

    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, what: str) -> None:
        """Count one comparison."""
        self.total += 1
        self.right += int(ok)
        if not ok:
            self.misses.append(what)

    def merge(self, other: Score) -> None:
        """Add another score's counts."""
        self.right += other.right
        self.total += other.total
        self.misses.extend(other.misses)

    @property
    def rate(self) -> float:
        """Fraction right (1.0 when nothing was compared)."""
        return self.right / self.total if self.total else 1.0


def score_document(extracted: dict[str, Any], truth: dict[str, Any]) -> dict[str, Score]:
    """Per-part scores: ``header``, ``items``, ``image`` (seal/signature) and ``doc_type``."""
    out = {"header": Score(), "items": Score(), "image": Score(), "doc_type": Score()}
    out["doc_type"].add(
        extracted.get("doc_type") == truth["doc_type"], f"doc_type {extracted.get('doc_type')}"
    )
    got = extracted.get("fields", {})
    for name, want in truth["fields"].items():
        part = "image" if name in IMAGE_FIELDS else "header"
        have = got.get(name, {}).get("value")
        out[part].add(have is not None and same(have, want), f"{name}: want {want!r} got {have!r}")
    items = extracted.get("line_items", [])
    for i, want_item in enumerate(truth.get("line_items", [])):
        have_item = items[i] if i < len(items) else {}
        for name, want in want_item.items():
            have = have_item.get(name, {}).get("value")
            out["items"].add(
                have is not None and same(have, want), f"item{i}.{name}: want {want!r} got {have!r}"
            )
    return out
