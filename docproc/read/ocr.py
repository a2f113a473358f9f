"""Tesseract OCR of one prepared page image into :class:`Word` objects.

Tesseract's ``image_to_data`` gives word boxes and confidences; Chinese comes out one glyph per
"word", so adjacent CJK glyphs on one line are merged back into the phrases a label lexicon
can match. Boxes are mapped through the preprocessing homography to the original image.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass

import cv2
import numpy as np
import pytesseract

from docproc.model import Word
from docproc.read._config import section
from docproc.read.preprocess import Prepared, box_to_original


class OcrTimeout(Exception):
    """Tesseract did not finish within the page time-out."""


@dataclass
class _Raw:
    text: str
    box: tuple[float, float, float, float]  # processed-image pixels
    conf: float
    block: int
    line: int


def is_cjk(ch: str) -> bool:
    """True for Han ideographs, CJK punctuation and full-width forms."""
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0x3000 <= o <= 0x303F
        or 0xFF00 <= o <= 0xFFEF
        or 0xF900 <= o <= 0xFAFF
        or 0x20000 <= o <= 0x2A6DF
    )


def tesseract_options(photo: bool) -> str:
    """Extra Tesseract options for the page: photos are binarised with Sauvola's local
    threshold (``ocr.photo_options``), which copes with their noisy, unevenly lit paper
    better than the default global Otsu; scans keep Otsu, which reads them better."""
    return section("ocr")["photo_options"] if photo else ""


def run_tesseract(
    image: np.ndarray, languages: str, timeout: float, psm: int | None = None,
    options: str = "",
) -> dict[str, list]:
    """Run Tesseract on a grayscale image, returning ``image_to_data`` as a dict.

    The image goes through an uncompressed PGM file: PNG-encoding a 300-dpi page costs
    a tenth of a second for nothing.
    """
    cfg = section("ocr")
    fd, path = tempfile.mkstemp(suffix=".pgm", prefix="docproc-")
    os.close(fd)
    try:
        cv2.imwrite(path, image)
        try:
            return pytesseract.image_to_data(
                path,
                lang=languages,
                config=f"--psm {psm or cfg['psm']} --oem {cfg['oem']} {options}".strip(),
                output_type=pytesseract.Output.DICT,
                timeout=timeout,
            )
        except RuntimeError as exc:  # pytesseract signals its time-out this way
            if "timeout" in str(exc).lower():
                raise OcrTimeout(str(exc)) from exc
            raise
    finally:
        os.unlink(path)


def _raw_words(data: dict[str, list], min_conf: float) -> list[_Raw]:
    """Non-empty words with their (block, paragraph, line) turned into line ids."""
    out: list[_Raw] = []
    line_ids: dict[tuple[int, int, int], int] = {}
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        conf /= 100.0
        if conf < min_conf and len(text) <= 2 and not is_cjk(text[0]):
            continue  # speck noise read as "|" or "."
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        lid = line_ids.setdefault(key, len(line_ids))
        x, y, w, h = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
        out.append(_Raw(text, (x, y, x + w, y + h), conf, int(data["block_num"][i]), lid))
    return out


def merge_cjk(words: list[_Raw], max_gap: float) -> list[_Raw]:
    """Join adjacent CJK glyphs on a line when the gap is small relative to glyph height."""
    out: list[_Raw] = []
    for w in words:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.line == w.line
            and is_cjk(prev.text[-1])
            and is_cjk(w.text[0])
        ):
            height = max(prev.box[3] - prev.box[1], w.box[3] - w.box[1], 1)
            gap = w.box[0] - prev.box[2]
            if -0.2 * height <= gap <= max_gap * height:
                n_prev, n_w = len(prev.text), len(w.text)
                prev.conf = (prev.conf * n_prev + w.conf * n_w) / (n_prev + n_w)
                prev.text += w.text
                prev.box = (
                    min(prev.box[0], w.box[0]),
                    min(prev.box[1], w.box[1]),
                    max(prev.box[2], w.box[2]),
                    max(prev.box[3], w.box[3]),
                )
                continue
        out.append(_Raw(w.text, w.box, w.conf, w.block, w.line))
    return out


def _missed_ink_share(image: np.ndarray, raw: list[_Raw]) -> tuple[float, np.ndarray]:
    """Share of the page's ink that no recognised word covers, and the page with the
    recognised words painted white (what a second pass should look at)."""
    _, ink = cv2.threshold(image, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    ink = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))  # specks
    total = cv2.countNonZero(ink)
    if not total:
        return 0.0, image
    rest = image.copy()
    pad = 3
    for r in raw:
        x0, y0, x1, y1 = (int(v) for v in r.box)
        rest[max(0, y0 - pad) : y1 + pad, max(0, x0 - pad) : x1 + pad] = 255
        ink[max(0, y0 - pad) : y1 + pad, max(0, x0 - pad) : x1 + pad] = 0
    # Only glyph-sized ink counts as missed text: a seal's ring, a signature or a logo is
    # one big shape, and reading it again would only cost time.
    h, w = image.shape[:2]
    n, _labels, stats, _c = cv2.connectedComponentsWithStats(ink, connectivity=8)
    missed = sum(
        int(area)
        for _x, _y, bw, bh, area in stats[1:n]
        if bh <= 0.03 * h and bw <= 0.2 * w
    )
    return missed / total, rest


def _recover_missed(
    image: np.ndarray, raw: list[_Raw], languages: str, timeout: float, cfg: dict,
    options: str = "",
) -> list[_Raw]:
    """Read again what Tesseract's page segmentation dropped.

    On sparse pages (a goods list on a page of its own, bold Chinese headings) the automatic
    segmentation (psm 3) sometimes throws whole blocks of text away as non-text. When much of
    the ink is left uncovered by words, the page is read once more as one block (psm 6) with
    the words already found painted out, and the confident new words are added.
    """
    share, rest = _missed_ink_share(image, raw)
    if share < cfg["recover_min_missed_ink"]:
        return []
    data = run_tesseract(rest, languages, timeout, psm=6, options=options)
    first_block = max((r.block for r in raw), default=0) + 1
    first_line = max((r.line for r in raw), default=-1) + 1
    extra = merge_cjk(_raw_words(data, cfg["min_word_conf"]), cfg["cjk_merge_gap"])
    out = []
    for r in extra:
        if r.conf < cfg["recover_min_conf"]:
            continue  # a seal or a signature read as letters
        out.append(_Raw(r.text, r.box, r.conf, r.block + first_block, r.line + first_line))
    return out


def ocr_words(
    prepared: Prepared, languages: str, timeout: float
) -> tuple[list[Word], float | None]:
    """OCR a prepared page: words with boxes in original-page fractions, and mean confidence.

    Raises :class:`OcrTimeout` when Tesseract runs past ``timeout`` seconds.
    """
    cfg = section("ocr")
    options = tesseract_options(prepared.perspective)
    data = run_tesseract(prepared.image, languages, timeout, options=options)
    raw = merge_cjk(_raw_words(data, cfg["min_word_conf"]), cfg["cjk_merge_gap"])
    raw += _recover_missed(prepared.image, raw, languages, timeout, cfg, options)
    h_inv = np.linalg.inv(prepared.homography)
    ph, pw = prepared.image.shape[:2]
    straight = np.allclose(prepared.homography, np.eye(3))
    words = [
        Word(
            r.text, box_to_original(r.box, h_inv, prepared.orig_size), round(r.conf, 3),
            r.block, r.line,
            None if straight else (r.box[0] / pw, r.box[1] / ph, r.box[2] / pw, r.box[3] / ph),
        )
        for r in raw
    ]
    if not words:
        return [], None
    total = sum(len(w.text) for w in words)
    mean = sum(w.conf * len(w.text) for w in words) / total
    return words, mean


def blur_score(gray: np.ndarray) -> float:
    """Variance of the Laplacian: low on a blurred scan."""
    h, w = gray.shape
    s = min(1.0, 1600.0 / max(h, w))
    img = cv2.resize(gray, None, fx=s, fy=s, interpolation=cv2.INTER_AREA) if s < 1 else gray
    return float(cv2.Laplacian(img, cv2.CV_64F).var())
