"""Layout stage: turn a page of words into lines, segments and tables.

Everything here is geometry, no domain vocabulary: the same code serves text PDFs and OCR'd
scans because both arrive as :class:`~docproc.model.Word` boxes. Geometry uses each word's
*layout box* (rectified frame); evidence boxes (original frame) are carried along untouched.

- A *line* is a run of words whose vertical extents overlap.
- A *segment* is a run of words on a line separated by gaps smaller than about one character
  height: a label, a value or a table cell, typically.
- A *grid* is a set of column boundaries (from vertical ruling lines when the page has them)
  and row boundaries (from horizontal ruling lines) inside a region; the extract stage asks for
  one once it has found a table header.
"""

from __future__ import annotations

import dataclasses
import re
import statistics
from dataclasses import dataclass, field

from docproc.model import BBox, Page, Rule, Word

# Gap between words (in units of the line's median word height) that starts a new segment.
SEGMENT_GAP = 1.5
# Vertical overlap (fraction of the smaller height) for two words to share a line.
LINE_OVERLAP = 0.5


def union(boxes: list[BBox]) -> BBox:
    """The smallest box holding all ``boxes``."""
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _is_cjk(ch: str) -> bool:
    return "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"


def join_words(words: list[Word]) -> str:
    """Join words with spaces, but not between two CJK characters (Chinese has no spaces)."""
    out = ""
    for w in words:
        if out and not (_is_cjk(out[-1]) and _is_cjk(w.text[0])):
            out += " "
        out += w.text
    return out


class WordRun:
    """Text and boxes of a run of words; shared by segments (layout) and chunks (extract)."""

    __slots__ = ()
    words: list[Word]

    @property
    def text(self) -> str:
        """The words as printed."""
        return join_words(self.words)

    @property
    def bbox(self) -> BBox:
        """Evidence box (original page frame)."""
        return union([w.bbox for w in self.words])

    @property
    def lbox(self) -> BBox:
        """Layout box (rectified frame)."""
        return union([w.layout_box for w in self.words])

    @property
    def conf(self) -> float:
        """Mean word confidence."""
        return sum(w.conf for w in self.words) / len(self.words)


@dataclass(slots=True)
class Segment(WordRun):
    """A phrase on one line: words close together, far from their neighbours."""

    words: list[Word]
    line_index: int = 0

    @property
    def x0(self) -> float:
        """Left edge in the layout frame."""
        return self.lbox[0]

    @property
    def x1(self) -> float:
        """Right edge in the layout frame."""
        return self.lbox[2]


@dataclass(slots=True)
class Line:
    """A text line: its words left to right, split into segments."""

    words: list[Word]
    segments: list[Segment] = field(default_factory=list)
    index: int = 0

    @property
    def text(self) -> str:
        """The line's text."""
        return join_words(self.words)

    @property
    def lbox(self) -> BBox:
        """Layout box of the whole line."""
        return union([w.layout_box for w in self.words])

    @property
    def bbox(self) -> BBox:
        """Evidence box of the whole line."""
        return union([w.bbox for w in self.words])

    @property
    def height(self) -> float:
        """Median word height, the line's type size."""
        return statistics.median(w.height for w in self.words)

    @property
    def top(self) -> float:
        """Top edge in the layout frame."""
        return self.lbox[1]

    @property
    def bottom(self) -> float:
        """Bottom edge in the layout frame."""
        return self.lbox[3]


@dataclass(slots=True)
class PageLayout:
    """The layout of one page: its lines (top to bottom) and ruling lines."""

    page: Page
    lines: list[Line]

    @property
    def number(self) -> int:
        """1-based page number."""
        return self.page.number

    def rules_in(self, box: BBox, *, horizontal: bool) -> list[Rule]:
        """Ruling lines of one orientation that lie inside ``box`` (layout frame)."""
        x0, y0, x1, y1 = box
        out = []
        for r in self.page.rules:
            if r.horizontal != horizontal:
                continue
            if horizontal:
                if y0 - 0.002 <= r.y0 <= y1 + 0.002 and r.x0 < x1 and r.x1 > x0:
                    out.append(r)
            elif x0 - 0.002 <= r.x0 <= x1 + 0.002 and r.y0 < y1 and r.y1 > y0:
                out.append(r)
        return out


def group_lines(words: list[Word]) -> list[list[Word]]:
    """Group words into lines by vertical overlap, top to bottom, each left to right."""
    lines: list[list[Word]] = []
    extents: list[tuple[float, float]] = []
    for w in sorted(words, key=lambda w: (w.cy, w.layout_box[0])):
        b = w.layout_box
        best, best_ov = -1, 0.0
        # Only recent lines can overlap a word further down the page.
        for i in range(len(lines) - 1, max(-1, len(lines) - 4), -1):
            top, bottom = extents[i]
            ov = min(bottom, b[3]) - max(top, b[1])
            smaller = min(bottom - top, b[3] - b[1]) or 1e-9
            if ov / smaller >= LINE_OVERLAP and ov / smaller > best_ov:
                best, best_ov = i, ov / smaller
        if best < 0:
            lines.append([w])
            extents.append((b[1], b[3]))
        else:
            lines[best].append(w)
            top, bottom = extents[best]
            # Keep the extent anchored to the line's median so tall glyphs don't merge lines.
            extents[best] = (
                min(top, b[1]) * 0.5 + top * 0.5,
                max(bottom, b[3]) * 0.5 + bottom * 0.5,
            )
    for ln in lines:
        ln.sort(key=lambda w: w.layout_box[0])
    lines = [part for ln in lines for part in _unstack(ln)]
    lines.sort(key=lambda ln: statistics.median(w.cy for w in ln))
    return lines


def _x_overlap(a: Word, b: Word) -> bool:
    (ax0, _, ax1, _), (bx0, _, bx1, _) = a.layout_box, b.layout_box
    return min(ax1, bx1) - max(ax0, bx0) > 0.3 * min(ax1 - ax0, bx1 - bx0)


def _unstack(line: list[Word]) -> list[list[Word]]:
    """Split a line that holds words stacked over each other.

    Words of one text line never overlap sideways. A tall word (a title beside a box) can
    still overlap both a small caption and the value under it, and so glue them into one
    line ("B/L EGLVKCKX19989734 No."). Such a line is cut at the gaps between its words'
    centres; the cut stands only if it leaves no overlapping pair in any part.
    """
    stacked = [w for a, b in zip(line, line[1:], strict=False) if _x_overlap(a, b)
               for w in (a, b)]
    if not stacked:
        return [line]
    tol = 0.4 * statistics.median(w.height for w in stacked)
    parts: list[list[Word]] = []
    for w in sorted(line, key=lambda w: w.cy):
        if parts and w.cy - parts[-1][-1].cy <= tol:
            parts[-1].append(w)
        else:
            parts.append([w])
    for part in parts:
        part.sort(key=lambda w: w.layout_box[0])
        if any(_x_overlap(a, b) for a, b in zip(part, part[1:], strict=False)):
            return [line]
    return parts


def split_segments(
    words: list[Word], line_index: int, rules: list[Rule] | None = None, aspect: float = 1.0
) -> list[Segment]:
    """Split a line's words where the gap is wide or a vertical ruling line runs between."""
    if not words:
        return []
    # The line's type size: OCR boxes are tight around each word ("of" is only x-height
    # tall), so take a high percentile rather than the median.
    hs = sorted(w.height for w in words)
    # Heights are fractions of the page height, gaps fractions of its width.
    h = (hs[int(0.8 * (len(hs) - 1))] or 0.01) * aspect
    segs: list[list[Word]] = [[words[0]]]
    verticals = [r for r in (rules or []) if not r.horizontal]
    for prev, w in zip(words, words[1:], strict=False):
        gap = w.layout_box[0] - prev.layout_box[2]
        ruled = any(
            prev.layout_box[2] - 0.002 <= r.x0 <= w.layout_box[0] + 0.002 and r.y0 <= w.cy <= r.y1
            for r in verticals
        )
        if gap > SEGMENT_GAP * h or ruled:
            segs.append([w])
        else:
            segs[-1].append(w)
    return [Segment(s, line_index) for s in segs]


# A "word" that is only a run of rule characters: a typewritten or plain-text table's
# ruling ("-----", "=====") in an e-mail, an ERP print or a text dump.
_TYPED_RULE = re.compile(r"[-=_─━═~*]{5,}")
# ... at least this wide (page fraction): "-----" alone in a cell may mean "nil".
TYPED_RULE_MIN_WIDTH = 0.1


def _typed_rules(page: Page) -> Page:
    """The page with its typed rulings turned from words into horizontal rules, so that
    tables and blocks see them as the lines they stand for, not as text."""
    typed = [w for w in page.words if _TYPED_RULE.fullmatch(w.text.strip())
             and w.layout_box[2] - w.layout_box[0] >= TYPED_RULE_MIN_WIDTH]
    if not typed:
        return page
    ids = {id(w) for w in typed}
    rules = [Rule(b[0], (b[1] + b[3]) / 2, b[2], (b[1] + b[3]) / 2)
             for b in (w.layout_box for w in typed)]
    return dataclasses.replace(page, words=[w for w in page.words if id(w) not in ids],
                               rules=[*page.rules, *rules])


def analyse(page: Page) -> PageLayout:
    """Lines and segments of one page; a pure function of the page's words and rules."""
    page = _typed_rules(page)
    words = [w for w in page.words if w.text.strip()]
    aspect = page.height / page.width if page.width and page.height else 1.0
    lines = []
    for i, ws in enumerate(group_lines(words)):
        lines.append(Line(ws, split_segments(ws, i, page.rules, aspect), i))
    return PageLayout(page, lines)


@dataclass(slots=True)
class Grid:
    """Column boundaries (x) and row boundaries (y) of a table region, layout frame."""

    columns: list[float]  # n+1 boundaries for n columns
    rows: list[float] | None  # n+1 boundaries when ruled horizontally, else None

    def column_of(self, x: float) -> int | None:
        """Index of the column holding x, or None outside the grid."""
        for i in range(len(self.columns) - 1):
            if self.columns[i] <= x < self.columns[i + 1]:
                return i
        return None


def cluster(values: list[float], tol: float) -> list[float]:
    """Merge values closer than ``tol`` into their mean; sorted."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]
