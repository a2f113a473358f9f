"""The word-box model every stage after *read* works on, whatever the source.

A PDF text layer and Tesseract both produce :class:`Word` objects with boxes in *page
fractions* (0..1, origin top-left) so that layout, extraction and the review UI never care
whether a page was born digital or scanned. Boxes always refer to the *original* page image
(the one a reviewer sees), after any deskew/rotation transform has been undone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BBox = tuple[float, float, float, float]  # x0, y0, x1, y1 as page fractions
PageSource = Literal["text", "ocr", "empty"]


@dataclass(frozen=True, slots=True)
class Word:
    """One token as read: its text, box, confidence (0..1) and reading-order ids."""

    text: str
    bbox: BBox
    conf: float = 1.0
    block: int = 0
    line: int = 0
    # Box in the *rectified* frame (after deskew / perspective correction), page fractions.
    # Layout groups lines and columns in this frame; ``bbox`` (original frame) is what the
    # reviewer sees. None when both frames are the same (text PDFs, straight scans).
    lbox: BBox | None = None

    @property
    def layout_box(self) -> BBox:
        """The box to use for line/column geometry."""
        return self.lbox if self.lbox is not None else self.bbox

    @property
    def cx(self) -> float:
        """Horizontal centre, used for column alignment."""
        b = self.layout_box
        return (b[0] + b[2]) / 2

    @property
    def cy(self) -> float:
        """Vertical centre, used for line grouping."""
        b = self.layout_box
        return (b[1] + b[3]) / 2

    @property
    def height(self) -> float:
        """Box height in page fractions (layout frame)."""
        b = self.layout_box
        return b[3] - b[1]


@dataclass(frozen=True, slots=True)
class Rule:
    """A ruling line (table border) on the page, in page fractions; horizontal or vertical."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def horizontal(self) -> bool:
        """True for a line wider than it is tall."""
        return (self.x1 - self.x0) >= (self.y1 - self.y0)


@dataclass(frozen=True, slots=True)
class Mark:
    """A graphical mark found on the page image: an official seal or a signature."""

    kind: Literal["seal", "signature"]
    bbox: BBox
    confidence: float


@dataclass(slots=True)
class Page:
    """One page as read: words, ruling lines, marks and how it was read."""

    number: int  # 1-based
    width: float  # original page size (points for PDF text, pixels for images)
    height: float
    source: PageSource
    words: list[Word] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    rotation: int = 0  # degrees clockwise that were undone before OCR (0/90/180/270)
    skew: float = 0.0  # degrees of small rotation that were undone
    ocr_confidence: float | None = None  # mean word confidence 0..1 for OCR pages
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Words joined in reading order, for classification and debugging."""
        return " ".join(w.text for w in self.words)


@dataclass(slots=True)
class ReadDocument:
    """The output of the *read* stage: pages plus what we know about the source file."""

    filename: str
    sha256: str
    media_type: str
    pages: list[Page]
    text_layer: bool
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """All pages' text, page by page."""
        return "\n".join(p.text for p in self.pages)
