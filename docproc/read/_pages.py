"""One OCR page as a picklable job and a pure worker function that returns a :class:`Page`.

The worker never raises: a page that cannot be rendered, decoded or OCR'd becomes an empty page
with a warning, so one bad page degrades the document instead of failing it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np

from docproc.model import Page, Word
from docproc.read import images, pdf
from docproc.read._config import section
from docproc.read.deblur import remove_motion_blur
from docproc.read.marks import detect_marks, seal_free_gray
from docproc.read.ocr import OcrTimeout, blur_score, ocr_words
from docproc.read.preprocess import Prepared, find_rules, osd_rotation, prepare


@dataclass(frozen=True)
class PageJob:
    """Everything a worker needs to OCR one page; small enough to pickle per page."""

    number: int  # 1-based page number in the document
    kind: Literal["pdf", "image"]
    data: bytes  # the whole file: workers open it themselves (no shared handles)
    index: int  # page index in the PDF / frame index in the image
    width: float  # original page size (points for PDF, pixels for images)
    height: float
    dpi: float
    languages: str
    timeout: float
    max_pixels: int


@functools.lru_cache(maxsize=1)
def _pdfium_doc(data: bytes):  # noqa: ANN202 - pypdfium2 type, cached per worker
    return pdf.open_pdfium(data, "document")


def release_cache() -> None:
    """Drop the cached PDFium document (serial runs keep it in this process)."""
    _pdfium_doc.cache_clear()


def load_page_image(job: PageJob) -> np.ndarray:
    """Render the PDF page or decode the image frame (BGR)."""
    if job.kind == "pdf":
        return pdf.render(_pdfium_doc(job.data), job.index, job.dpi, job.max_pixels)
    return images.load_frame(job.data, job.index, job.max_pixels)


def _upscale(gray: np.ndarray) -> np.ndarray:
    """Small images (low-dpi scans, thumbnails) are enlarged so glyphs reach Tesseract's size."""
    cfg = section("image")
    long_side = max(gray.shape[:2])
    f = min(cfg["max_upscale"], cfg["min_long_side_px"] / long_side)
    if f <= 1.05:
        return gray
    return cv2.resize(gray, None, fx=f, fy=f, interpolation=cv2.INTER_CUBIC)


def _ocr(prep: Prepared, job: PageJob) -> tuple[list[Word], float | None]:
    return ocr_words(prep, job.languages, job.timeout)


def ocr_page(job: PageJob) -> Page:
    """Read one page image: preprocess, OCR (with an upside-down re-check), marks."""
    page = Page(job.number, job.width, job.height, "empty")
    n = job.number
    try:
        bgr = load_page_image(job)
    except Exception as exc:  # noqa: BLE001 - any decode failure degrades the page only
        page.warnings.append(f"page {n}: could not be decoded ({_short(exc)})")
        return page
    try:
        return _read_image(job, bgr, page)
    except OcrTimeout:
        page.warnings.append(f"page {n}: OCR timed out after {job.timeout:g} s; page left empty")
    except Exception as exc:  # noqa: BLE001 - never fail the document for one page
        page.warnings.append(f"page {n}: could not be read ({_short(exc)})")
    page.words, page.source = [], "empty"
    return page


def _read_image(job: PageJob, bgr: np.ndarray, page: Page) -> Page:
    cfg = section("ocr")
    pcfg = section("preprocess")
    n = job.number
    gray = seal_free_gray(bgr)
    if max(gray.shape) * section("deblur")["below_upscale"] < section("image")["min_long_side_px"]:
        # Low-resolution pages (phone photos, 150-200 dpi): a camera shake of a few pixels
        # wipes small print out; undone at the native resolution, before any resampling.
        gray, _blur = remove_motion_blur(gray)
    gray = _upscale(gray)
    prep = prepare(gray, osd_timeout=min(job.timeout, pcfg["osd_timeout_s"]))
    if prep.blank:
        page.warnings.append(f"page {n}: blank page")
        return page
    blur_source = prep.image  # judged before ruling lines are erased
    prep.rules, prep.image = find_rules(prep.image)
    words, mean = _ocr(prep, job)
    # Upside-down pages read as garbage with low confidence: ask OSD, re-read if it agrees.
    if mean is None or mean < cfg["low_confidence"] + 0.15:
        osd = osd_rotation(prep.image, pcfg, min(job.timeout, pcfg["osd_timeout_s"]))
        if osd is not None and osd[0] == 180 and osd[1] >= pcfg["osd_min_confidence"]:
            flipped = prepare(gray, force_rotation=(prep.rotation + 180) % 360)
            flipped.rules, flipped.image = find_rules(flipped.image)
            words2, mean2 = _ocr(flipped, job)
            if mean2 is not None and (mean is None or mean2 > mean):
                prep, words, mean = flipped, words2, mean2
    page.rotation, page.skew = prep.rotation, round(prep.skew, 2)
    if prep.rotation:
        page.warnings.append(f"page {n}: page was rotated {prep.rotation}°; straightened")
    if not words:
        page.warnings.append(f"page {n}: no text recognised")
    else:
        page.source = "ocr"
        page.words = words
        page.rules = prep.rules
        page.ocr_confidence = round(mean, 3) if mean is not None else None
        if mean is not None and mean < cfg["low_confidence"]:
            why = (
                "blurred scan"
                if blur_score(blur_source) < cfg["blur_laplacian_var"]
                else ("poor image quality")
            )
            page.warnings.append(f"page {n}: OCR confidence {mean:.0%} ({why})")
    page.marks = detect_marks(bgr, words)
    return page


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]


def broken_page(job: PageJob, exc: BaseException) -> Page:
    """The result for a page whose worker process died."""
    page = Page(job.number, job.width, job.height, "empty")
    page.warnings.append(f"page {job.number}: worker failed ({_short(exc)}); page left empty")
    return page
