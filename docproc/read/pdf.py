"""PDF access: open safely, take words and ruling lines from the text layer, render pages.

pdfplumber gives exact word boxes for born-digital pages (no OCR error, ~50 ms a page);
pypdfium2 renders pages that have no usable text layer (scans inside a PDF) for OCR, and
text pages at low resolution for seal/signature detection.
"""

from __future__ import annotations

import io
import re
import threading
from typing import Any

import numpy as np
import pdfplumber
import pypdfium2 as pdfium
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from docproc.errors import BadInputError, EncryptedDocumentError
from docproc.model import Rule, Word
from docproc.read._config import section

_CID = re.compile(r"^\(cid:\d+\)$")

# PDFium is not thread-safe: two threads inside it at once crash the process. Every PDFium
# call of docproc (this reader, the service's page images) holds this one lock; separate
# processes (the page pool, Celery workers) each have their own PDFium and run in parallel.
PDFIUM_LOCK = threading.RLock()


def open_pdfium(data: bytes, name: str) -> pdfium.PdfDocument:
    """Open with PDFium; map its failures to one-line docproc errors.

    PDFium's error code is process-global and stale after some failures (a 0-page file
    reports the previous file's "password" error), so the cause is confirmed with pdfminer.
    """
    try:
        with PDFIUM_LOCK:
            doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        with open_plumber(data, name) as plumber:  # raises encrypted / corrupt itself
            if len(plumber.pages) == 0:
                raise BadInputError(f"{name}: PDF has no pages") from exc
        raise BadInputError(f"{name}: corrupt or truncated PDF") from exc
    if len(doc) == 0:
        doc.close()
        raise BadInputError(f"{name}: PDF has no pages")
    return doc


def open_plumber(data: bytes, name: str) -> pdfplumber.PDF:
    """Open with pdfplumber for the text layer; encrypted and corrupt files fail cleanly."""
    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many unrelated types
        cause: BaseException | None = exc
        while cause is not None:  # pdfplumber wraps pdfminer's errors
            if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError) or (
                exc.args and isinstance(exc.args[0], PDFPasswordIncorrect | PDFEncryptionError)
            ):
                raise EncryptedDocumentError(
                    f"{name} is password-protected (encrypted PDF)"
                ) from exc
            cause = cause.__cause__ or cause.__context__
        raise BadInputError(f"{name}: corrupt or truncated PDF") from exc


def _garbage(ch: str) -> bool:
    if _CID.match(ch) or ch == "\ufffd":
        return True
    o = ord(ch[0]) if len(ch) == 1 else 0
    return 0xE000 <= o <= 0xF8FF or (o < 32 and ch not in "\t\n\r")


def assign_lines(words: list[Word]) -> list[Word]:
    """Group words into lines by vertical overlap; return them in reading order with ids."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.bbox[1], w.bbox[0])):
        for line in reversed(lines[-4:]):
            top = min(x.bbox[1] for x in line)
            bottom = max(x.bbox[3] for x in line)
            overlap = min(bottom, w.bbox[3]) - max(top, w.bbox[1])
            if overlap > 0.5 * min(w.height, bottom - top):
                line.append(w)
                break
        else:
            lines.append([w])
    out: list[Word] = []
    for i, line in enumerate(lines):
        for w in sorted(line, key=lambda w: w.bbox[0]):
            out.append(Word(w.text, w.bbox, w.conf, w.block, i))
    return out


def scan_dpi(page: Any) -> float | None:
    """The pixel density of the image that makes up a scanned page, None if none does.

    A page is rendered for OCR at this density (never above the OCR dpi), so that a 150-dpi
    phone photo inside a PDF is read from the same pixels as the JPEG itself, with the same
    upscaling and blur removal, instead of from pdfium's own enlargement of it.
    """
    cfg = section("pdf")
    bx0, btop, bx1, bbottom = page.bbox
    area = float(bx1 - bx0) * float(bbottom - btop)
    best = max(page.images, default=None,
               key=lambda im: float(im["x1"] - im["x0"]) * float(im["bottom"] - im["top"]))
    if best is None:
        return None
    width_pt = float(best["x1"] - best["x0"])
    shown = width_pt * float(best["bottom"] - best["top"])
    if width_pt <= 0 or shown < cfg["scan_image_coverage"] * area:
        return None
    return max(cfg["scan_min_render_dpi"], float(best["srcsize"][0]) * 72.0 / width_pt)


def text_layer(page: Any) -> tuple[list[Word], list[Rule]] | None:
    """Words and rules of a pdfplumber page, or None when it has no usable text layer."""
    cfg = section("pdf")
    chars = page.chars
    real = [c for c in chars if c["text"].strip()]
    garbage = sum(1 for c in real if _garbage(c["text"]))
    if len(real) - garbage < cfg["min_text_chars"] or garbage > cfg["max_garbage_ratio"] * len(
        real
    ):
        return None
    bx0, btop, bx1, bbottom = page.bbox
    pw, ph = float(bx1 - bx0), float(bbottom - btop)
    if len(real) < cfg["scan_max_text_chars"]:
        # A scan with a stamped-on footer or Bates number: the image holds the content.
        covered = sum(
            max(0.0, min(im["x1"], bx1) - max(im["x0"], bx0))
            * max(0.0, min(im["bottom"], bbottom) - max(im["top"], btop))
            for im in page.images
        )
        if covered >= cfg["scan_image_coverage"] * pw * ph:
            return None
    raw = page.extract_words(
        x_tolerance=cfg["x_tolerance"],
        y_tolerance=cfg["y_tolerance"],
        keep_blank_chars=False,
        use_text_flow=cfg["use_text_flow"],
    )
    words = []
    for w in raw:
        text = "".join(ch for ch in w["text"] if not _garbage(ch))
        if not text.strip():
            continue
        box = (
            _clip((w["x0"] - bx0) / pw),
            _clip((w["top"] - btop) / ph),
            _clip((w["x1"] - bx0) / pw),
            _clip((w["bottom"] - btop) / ph),
        )
        words.append(Word(text, box, 1.0, 0, 0))
    return assign_lines(words), rules(page)


def _clip(v: float) -> float:
    return min(1.0, max(0.0, float(v)))


def rules(page: Any) -> list[Rule]:
    """Ruling lines: drawn lines and the edges of thin or stroked rectangles."""
    cfg = section("pdf")
    thick, min_len = cfg["rule_max_thickness_pt"], cfg["rule_min_length_pt"]
    bx0, btop, bx1, bbottom = page.bbox
    pw, ph = float(bx1 - bx0), float(bbottom - btop)
    segs: set[tuple[float, float, float, float]] = set()

    def add(x0: float, top: float, x1: float, bottom: float) -> None:
        if max(x1 - x0, bottom - top) < min_len:
            return
        if x1 - x0 >= bottom - top:  # horizontal: collapse thickness to its centre line
            y = (top + bottom) / 2
            top = bottom = y
        else:
            x = (x0 + x1) / 2
            x0 = x1 = x
        segs.add(
            (
                round(_clip((x0 - bx0) / pw), 4),
                round(_clip((top - btop) / ph), 4),
                round(_clip((x1 - bx0) / pw), 4),
                round(_clip((bottom - btop) / ph), 4),
            )
        )

    for ln in page.lines:
        add(ln["x0"], ln["top"], ln["x1"], ln["bottom"])
    for r in page.rects:
        w, h = r["x1"] - r["x0"], r["bottom"] - r["top"]
        if min(w, h) <= thick:
            add(r["x0"], r["top"], r["x1"], r["bottom"])
        elif r.get("stroke"):
            add(r["x0"], r["top"], r["x1"], r["top"])
            add(r["x0"], r["bottom"], r["x1"], r["bottom"])
            add(r["x0"], r["top"], r["x0"], r["bottom"])
            add(r["x1"], r["top"], r["x1"], r["bottom"])
    return [Rule(*s) for s in sorted(segs, key=lambda s: (s[1], s[0]))]


def render(doc: pdfium.PdfDocument, index: int, dpi: float, max_pixels: int) -> np.ndarray:
    """Render one page to BGR at ``dpi``, lowered if the page would exceed ``max_pixels``."""
    with PDFIUM_LOCK:
        return _render(doc, index, dpi, max_pixels)


def _render(doc: pdfium.PdfDocument, index: int, dpi: float, max_pixels: int) -> np.ndarray:
    page = doc[index]
    try:
        w_pt, h_pt = page.get_size()
        scale = dpi / 72.0
        pixels = w_pt * scale * h_pt * scale
        if pixels > max_pixels:
            scale *= (max_pixels / pixels) ** 0.5
        bitmap = page.render(scale=scale, grayscale=False, fill_color=(255, 255, 255, 255))
        arr = bitmap.to_numpy()
        mode = bitmap.mode
    finally:
        page.close()
    if arr.ndim == 2:
        return np.repeat(arr[:, :, None], 3, axis=2)
    if mode in ("BGRA", "BGRX"):
        return np.ascontiguousarray(arr[:, :, :3])
    if mode == "RGB":
        return np.ascontiguousarray(arr[:, :, ::-1])
    return np.ascontiguousarray(arr[:, :, :3])
