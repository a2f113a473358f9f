"""Seal and signature detection on a page image (OpenCV), for ``has_seal``/``has_signature``.

Seals: Chinese official seals are red rings with text and a star. We look for red ink whose
outline is round or oval, of a plausible size for the page, and only partly filled (a ring,
not a red logo disc or red print). Signatures: dark or blue ink that OCR/text layer did not
recognise as words, that is not a ruling line or a seal, made of long curved strokes (one
stroke spans several glyph widths, low fill, a tangled outline). A nearby signature label
raises the confidence. All thresholds are in ``data/read.yaml``.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from docproc.model import BBox, Mark, Word
from docproc.read._config import section


def _resize(bgr: np.ndarray, long_side: int) -> np.ndarray:
    s = min(1.0, long_side / max(bgr.shape[:2]))
    return cv2.resize(bgr, None, fx=s, fy=s, interpolation=cv2.INTER_AREA) if s < 1 else bgr


def red_mask(hsv: np.ndarray, cfg: dict) -> np.ndarray:
    """Saturated red pixels (hue wraps around 0 in OpenCV's 0..180 scale)."""
    h, s, v = cv2.split(hsv)
    red = ((h <= cfg["hue_lo"]) | (h >= cfg["hue_hi"])) & (s >= cfg["min_saturation"]) & (
        v >= cfg["min_value"]
    )
    return red.astype(np.uint8) * 255


def find_seals(bgr: np.ndarray, cfg: dict) -> tuple[list[Mark], np.ndarray]:
    """Round/oval red seals, and the red mask (so signatures can ignore seal ink)."""
    hgt, wid = bgr.shape[:2]
    short = min(hgt, wid)
    mask = red_mask(cv2.cvtColor(bgr, cv2.COLOR_BGR2HSV), cfg)
    k = max(3, int(short * 0.01) | 1)
    joined = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    contours, _ = cv2.findContours(joined, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    marks: list[Mark] = []
    for c in contours:
        x, y, w, h = cv2.boundingRect(c)
        diameter = max(w, h) / short
        if not cfg["min_diameter"] <= diameter <= cfg["max_diameter"]:
            continue
        aspect = min(w, h) / max(w, h)
        if aspect < cfg["min_aspect"] or len(c) < 5:
            continue
        hull = cv2.convexHull(c)
        area = cv2.contourArea(hull)
        peri = cv2.arcLength(hull, True)
        if area <= 0 or peri <= 0:
            continue
        circularity = 4 * math.pi * area / (peri * peri)
        (_, _), (ea, eb), _ = cv2.fitEllipse(hull)
        ellipse_area = math.pi * ea * eb / 4
        fit = min(area, ellipse_area) / max(area, ellipse_area)
        hull_mask = np.zeros(mask.shape, np.uint8)
        cv2.fillConvexPoly(hull_mask, hull, 255)
        fill = cv2.countNonZero(cv2.bitwise_and(mask, hull_mask)) / area
        if (
            circularity < cfg["min_circularity"]
            or fit < cfg["min_ellipse_fit"]
            or not cfg["min_fill"] <= fill <= cfg["max_fill"]
        ):
            continue
        # A ring: the border band is inkier than the middle of the disc.
        conf = min(1.0, 0.5 + 0.5 * (circularity - cfg["min_circularity"]) /
                   (1 - cfg["min_circularity"]) * fit)
        marks.append(Mark("seal", (x / wid, y / hgt, (x + w) / wid, (y + h) / hgt), round(conf, 3)))
    return marks, mask


def seal_free_gray(bgr: np.ndarray) -> np.ndarray:
    """The page in grey with the red ink of its seals as pale as the paper.

    A seal is stamped over the signatory's name and the date; in plain grey its ring and
    characters are as dark as the print and OCR reads nothing there. Inside each seal's box the
    page is taken from its red channel, in which red ink is light and black or blue print stays
    dark. Red print elsewhere (a heading) keeps its ordinary grey.
    """
    gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    cfg = section("marks")
    img = _resize(bgr, cfg["long_side"])
    seals, _ = find_seals(img, cfg["seal"])
    hgt, wid = gray.shape[:2]
    pad = cfg["seal"]["ink_removal_pad"]
    for m in seals:
        x0, y0, x1, y1 = m.bbox
        px, py = (x1 - x0) * pad, (y1 - y0) * pad
        c0, r0 = max(0, int((x0 - px) * wid)), max(0, int((y0 - py) * hgt))
        c1, r1 = min(wid, int((x1 + px) * wid) + 1), min(hgt, int((y1 + py) * hgt) + 1)
        gray[r0:r1, c0:c1] = bgr[r0:r1, c0:c1, 2]
    return gray


def _near_label(box: BBox, words: list[Word], labels: list[str]) -> bool:
    """True when a signature label sits left of, above or just below the blob."""
    for w in words:
        t = w.text.lower()
        if not any(lbl in t for lbl in labels):
            continue
        dx = max(0.0, w.bbox[0] - box[2], box[0] - w.bbox[2])
        dy = max(0.0, w.bbox[1] - box[3], box[1] - w.bbox[3])
        if dx < 0.25 and dy < 0.08:
            return True
    return False


def find_signatures(
    bgr: np.ndarray, words: list[Word], seal_ink: np.ndarray, cfg: dict
) -> list[Mark]:
    """Handwritten signatures: unrecognised curved ink strokes of signature size."""
    hgt, wid = bgr.shape[:2]
    gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    hsv = cv2.cvtColor(bgr, cv2.COLOR_BGR2HSV)
    dark = (gray < cfg["max_grey"]).astype(np.uint8) * 255
    blue = (
        (hsv[:, :, 0] >= 95) & (hsv[:, :, 0] <= 135) & (hsv[:, :, 1] >= 60) & (hsv[:, :, 2] >= 40)
    ).astype(np.uint8) * 255
    ink = cv2.bitwise_or(dark, blue)
    ink = cv2.bitwise_and(ink, cv2.bitwise_not(cv2.dilate(seal_ink, np.ones((5, 5), np.uint8))))
    # Ruling lines out.
    for kernel in (np.ones((1, max(10, wid // 20)), np.uint8),
                   np.ones((max(10, hgt // 20), 1), np.uint8)):
        lines = cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)
        ink = cv2.subtract(ink, cv2.dilate(lines, np.ones((3, 3), np.uint8)))
    # Recognised words out (printed text is not a signature).
    word_mask = np.zeros_like(ink)
    heights = []
    sure = [w for w in words if w.conf >= 0.5]
    med_h = float(np.median([w.bbox[3] - w.bbox[1] for w in sure])) if sure else 0.0
    for w in sure:
        if len(w.text) <= 2 and w.bbox[3] - w.bbox[1] > cfg["stroke_word_height"] * med_h:
            continue  # a pen stroke OCR read as one big glyph ("人"), not printed text
        x0, y0 = int(w.bbox[0] * wid) - 1, int(w.bbox[1] * hgt) - 1
        x1, y1 = int(math.ceil(w.bbox[2] * wid)) + 1, int(math.ceil(w.bbox[3] * hgt)) + 1
        cv2.rectangle(word_mask, (x0, y0), (x1, y1), 255, -1)
        heights.append(y1 - y0)
    glyph = float(np.median(heights)) if heights else 0.012 * hgt
    ink_all = ink
    ink = cv2.bitwise_and(ink, cv2.bitwise_not(word_mask))
    if wid >= 1500:
        # Specks out on high-resolution scans; at the ~100 dpi of text-page renders a pen
        # stroke is one pixel wide and an opening would erase the signature itself.
        ink = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))

    groups = cv2.dilate(ink, cv2.getStructuringElement(
        cv2.MORPH_ELLIPSE, (max(3, int(wid * 0.02)), max(3, int(hgt * 0.008)))))
    n, _, stats, _ = cv2.connectedComponentsWithStats(groups)
    labels = [str(x).lower() for x in cfg["labels"]]
    marks: list[Mark] = []
    for i in range(1, n):
        x, y, w, h = stats[i, :4]
        if not (cfg["min_width"] * wid <= w <= cfg["max_width"] * wid
                and cfg["min_height"] * hgt <= h <= cfg["max_height"] * hgt):
            continue
        roi = ink[y:y + h, x:x + w]
        fill = cv2.countNonZero(roi) / float(w * h)
        if not cfg["min_fill"] <= fill <= cfg["max_fill"]:
            continue
        covered = cv2.countNonZero(
            cv2.bitwise_and(ink_all[y:y + h, x:x + w], word_mask[y:y + h, x:x + w])
        ) / max(1, cv2.countNonZero(ink_all[y:y + h, x:x + w]))
        if covered > cfg["max_word_overlap"]:
            continue
        contours, _ = cv2.findContours(roi, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
        if not contours:
            continue
        biggest = max(contours, key=lambda c: cv2.boundingRect(c)[2] + cv2.boundingRect(c)[3])
        bw, bh = cv2.boundingRect(biggest)[2:]
        # One stroke spanning several glyphs: handwriting, not separate printed letters.
        if max(bw, bh) < 2.5 * glyph:
            continue
        ink_area = max(1.0, float(cv2.countNonZero(roi)))
        perimeter = sum(cv2.arcLength(c, True) for c in contours)
        complexity = perimeter * perimeter / ink_area / max(1, len(contours))
        if complexity < cfg["min_complexity"]:
            continue
        box = (x / wid, y / hgt, (x + w) / wid, (y + h) / hgt)
        conf = 0.55 + 0.15 * min(1.0, complexity / (4 * cfg["min_complexity"]))
        if _near_label(box, words, labels):
            conf += 0.25
        if conf >= cfg["min_confidence"]:
            marks.append(Mark("signature", box, round(min(conf, 0.99), 3)))
    return marks


def detect_marks(bgr: np.ndarray, words: list[Word]) -> list[Mark]:
    """Seals and signatures on a page image (original orientation); boxes as page fractions."""
    cfg = section("marks")
    img = _resize(bgr, cfg["long_side"])
    seals, seal_ink = find_seals(img, cfg["seal"])
    return seals + find_signatures(img, words, seal_ink, cfg["signature"])
