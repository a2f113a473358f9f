"""Image clean-up before OCR: perspective, orientation, deskew, illumination, binarisation.

Every geometric step is folded into ONE 3x3 homography from the original image to the
processed image, applied with a single warp. OCR boxes are mapped back through its inverse, so
boxes always refer to the original image the reviewer sees. Analysis (page quad, text
direction, skew) runs on a small copy to stay cheap: the whole of this module should cost a
fraction of the Tesseract run it prepares.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np
import pytesseract

from docproc.model import BBox, Rule
from docproc.read._config import limit_tesseract_threads, section


@dataclass
class Prepared:
    """A page image ready for OCR plus the transform back to the original image."""

    image: np.ndarray  # grayscale uint8, processed space
    homography: np.ndarray  # 3x3, original pixel coords -> processed pixel coords
    orig_size: tuple[int, int]  # (width, height) of the original image
    rotation: int = 0  # clockwise degrees undone (0/90/180/270)
    skew: float = 0.0  # small-angle degrees undone (positive = page was turned clockwise)
    perspective: bool = False
    blank: bool = False
    warnings: list[str] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)  # ruling lines, processed-frame fractions


def _scale_matrix(s: float) -> np.ndarray:
    return np.array([[s, 0, 0], [0, s, 0], [0, 0, 1]], dtype=np.float64)


def _rotation_matrix(deg: float, w: float, h: float) -> np.ndarray:
    """Rotate counter-clockwise by ``deg`` about the image centre (3x3)."""
    m = cv2.getRotationMatrix2D((w / 2.0, h / 2.0), deg, 1.0)
    return np.vstack([m, [0.0, 0.0, 1.0]])


def _fit(h: np.ndarray, corners: np.ndarray) -> tuple[np.ndarray, tuple[int, int]]:
    """Prepend a translation so the transformed ``corners`` start at 0,0; return size."""
    pts = cv2.perspectiveTransform(corners.reshape(-1, 1, 2).astype(np.float64), h).reshape(-1, 2)
    x0, y0 = pts.min(axis=0)
    x1, y1 = pts.max(axis=0)
    t = np.array([[1, 0, -x0], [0, 1, -y0], [0, 0, 1]], dtype=np.float64)
    return t @ h, (max(1, round(x1 - x0)), max(1, round(y1 - y0)))


def _rect(w: float, h: float) -> np.ndarray:
    return np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float64)


def flatten(gray: np.ndarray, kernel_share: float) -> np.ndarray:
    """Divide by a blurred background estimate: removes shadows and uneven lighting."""
    h, w = gray.shape
    s = min(1.0, 600.0 / max(h, w))
    small = cv2.resize(gray, None, fx=s, fy=s, interpolation=cv2.INTER_AREA) if s < 1 else gray
    k = max(3, int(max(small.shape) * kernel_share) | 1)
    bg = cv2.dilate(small, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    bg = cv2.GaussianBlur(bg, (0, 0), k)
    if s < 1:
        bg = cv2.resize(bg, (w, h), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(gray, np.maximum(bg, 1), scale=255)


def ink_mask(gray: np.ndarray, kernel_share: float) -> np.ndarray:
    """Binary ink (255) on a flattened copy, isolated specks removed."""
    flat = flatten(gray, kernel_share)
    flat = cv2.medianBlur(flat, 3)
    _, otsu = cv2.threshold(flat, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    # Otsu on a near-empty page picks a threshold inside the paper noise: cap it.
    strict = (flat < 160).astype(np.uint8) * 255
    return cv2.bitwise_and(otsu, strict)


def strip_lines(mask: np.ndarray) -> np.ndarray:
    """Remove long ruling lines from an ink mask so that only text drives the profiles."""
    h, w = mask.shape
    horiz = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((1, max(8, w // 25)), np.uint8))
    vert = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((max(8, h // 25), 1), np.uint8))
    return cv2.subtract(mask, cv2.bitwise_or(horiz, vert))


def find_rules(image: np.ndarray) -> tuple[list[Rule], np.ndarray]:
    """Ruling lines of a processed page, and a copy of the page with them painted white.

    Table borders through a line of text make Tesseract read "|" and garbage; erasing them
    first keeps the words clean, and the lines themselves become :class:`Rule`s (processed
    frame fractions) so the layout stage still sees the table's grid.
    """
    h, w = image.shape[:2]
    ink = cv2.adaptiveThreshold(
        image, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15
    )
    horiz = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, max(8, w // 30)), np.uint8))
    vert = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((max(8, h // 35), 1), np.uint8))
    rules: list[Rule] = []
    # Only what is accepted as a rule is erased: a too-thick run (the merged strokes of a
    # bold, blurred word on a photo) erased whole words such as a bold seller name.
    lines = np.zeros_like(ink)
    for mask, horizontal in ((horiz, True), (vert, False)):
        n, labels, stats, _c = cv2.connectedComponentsWithStats(mask, connectivity=8)
        keep = np.zeros(n, dtype=bool)
        for k, (x, y, bw, bh, _area) in enumerate(stats[1:n], start=1):
            if horizontal and bw >= w // 30 and bh <= max(6, h // 150):
                if _inside_text(ink, x, y, bw, bh):
                    continue  # a run through bold, blurred letters: keep the text
                keep[k] = True
                rules.append(Rule(x / w, (y + bh / 2) / h, (x + bw) / w, (y + bh / 2) / h))
            elif not horizontal and bh >= h // 35 and bw <= max(6, w // 150):
                keep[k] = True
                rules.append(Rule((x + bw / 2) / w, y / h, (x + bw / 2) / w, (y + bh) / h))
        lines[keep[labels]] = 255
    lines = cv2.dilate(lines, np.ones((3, 3), np.uint8))
    cleaned = image.copy()
    cleaned[lines > 0] = 255
    return rules, cleaned


def _inside_text(ink: np.ndarray, x: int, y: int, bw: int, bh: int) -> bool:
    """A horizontal "line" with ink both just above and just below it along much of its length
    is the merged middle of bold or blurred letters, not a ruling line (which has paper, or at
    most the odd touching glyph, on at least one side)."""
    # The rows touching the run: a printed rule has a white margin on at least one side even
    # in a dense table, while the run inside letters is embedded in their ink.
    above = ink[max(0, y - 2) : y, x : x + bw]
    below = ink[y + bh : y + bh + 2, x : x + bw]
    if above.size == 0 or below.size == 0:
        return False
    cover_a = float(np.count_nonzero(above.max(axis=0))) / bw
    cover_b = float(np.count_nonzero(below.max(axis=0))) / bw
    return min(cover_a, cover_b) > 0.6


def text_is_vertical(mask: np.ndarray, min_components: int) -> bool:
    """True when the text runs top-to-bottom (page on its side).

    Glyphs of a line sit closer together along the line than lines sit to each other, so
    smearing along the text direction merges far more components than smearing across it.
    Projection profiles cannot tell this on tables, whose columns align as sharply as rows.
    """
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    sizes = np.sqrt(stats[1:, cv2.CC_STAT_WIDTH] * stats[1:, cv2.CC_STAT_HEIGHT].astype(float))
    sizes = sizes[stats[1:, cv2.CC_STAT_AREA] >= 4]
    if len(sizes) < min_components:
        return False
    k = int(np.median(sizes) * 0.9) + 1
    n_h = cv2.connectedComponents(cv2.dilate(mask, np.ones((1, k), np.uint8)))[0]
    n_v = cv2.connectedComponents(cv2.dilate(mask, np.ones((k, 1), np.uint8)))[0]
    return n_v < 0.7 * n_h


def find_page_quad(small: np.ndarray, cfg: dict) -> np.ndarray | None:
    """The 4 corners of a photographed sheet (tl, tr, br, bl) in ``small`` coords, or None.

    Accepted only when the quad covers a good share of the image AND is clearly brighter than
    what is outside it: a desk around a sheet, not a table border on a scanned page.
    """
    h, w = small.shape
    blur = cv2.GaussianBlur(small, (5, 5), 0)
    _, bright = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    bright = cv2.morphologyEx(
        bright, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (15, 15))
    )
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    c = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(c) / float(w * h)
    if not cfg["page_min_area"] <= area <= cfg["page_max_area"]:
        return None
    hull = cv2.convexHull(c)
    peri = cv2.arcLength(hull, True)
    quad = None
    for eps in (0.01, 0.02, 0.03, 0.05):
        approx = cv2.approxPolyDP(hull, eps * peri, True)
        if len(approx) == 4:
            quad = approx.reshape(4, 2).astype(np.float64)
            break
    if quad is None:
        return None
    mask = np.zeros_like(small)
    cv2.fillConvexPoly(mask, quad.astype(np.int32), 255)
    inside = cv2.mean(small, mask=mask)[0]
    outside = cv2.mean(small, mask=cv2.bitwise_not(mask))[0]
    if inside - outside < cfg["page_min_contrast"]:
        return None
    # Order corners: tl has the smallest x+y, br the largest; tr the smallest y-x.
    s = quad.sum(axis=1)
    d = quad[:, 1] - quad[:, 0]
    return np.array([quad[s.argmin()], quad[d.argmin()], quad[s.argmax()], quad[d.argmax()]])


def _profile_score(mask: np.ndarray, angle: float) -> float:
    """Sharpness of the row profile after rotating by ``angle``: peaks when lines are level."""
    h, w = mask.shape
    m = cv2.getRotationMatrix2D((w / 2.0, h / 2.0), angle, 1.0)
    rot = cv2.warpAffine(mask, m, (w, h), flags=cv2.INTER_NEAREST)
    rows = rot.sum(axis=1, dtype=np.float64)
    return float(np.sum(np.diff(rows) ** 2))


def estimate_skew(mask: np.ndarray, cfg: dict) -> tuple[float, float]:
    """Best small angle (degrees, counter-clockwise correction) and its profile score."""
    lim, coarse, fine = cfg["max_skew_deg"], cfg["skew_coarse_step"], cfg["skew_fine_step"]
    angles = np.arange(-lim, lim + 1e-9, coarse)
    scores = [_profile_score(mask, a) for a in angles]
    best = float(angles[int(np.argmax(scores))])
    fine_angles = np.arange(best - coarse, best + coarse + 1e-9, fine)
    fine_scores = [_profile_score(mask, a) for a in fine_angles]
    i = int(np.argmax(fine_scores))
    return float(fine_angles[i]), float(fine_scores[i])


def osd_rotation(gray: np.ndarray, cfg: dict, timeout: float) -> tuple[int, float] | None:
    """Clockwise degrees to undo according to Tesseract OSD, with its confidence; None on failure.

    OSD has a fixed cost of about a second (it loads its own model), so callers only ask when
    the cheap checks say the page may be turned.
    """
    s = min(1.0, cfg["osd_long_side"] / max(gray.shape))
    img = cv2.resize(gray, None, fx=s, fy=s, interpolation=cv2.INTER_AREA) if s < 1 else gray
    limit_tesseract_threads()
    try:
        osd = pytesseract.image_to_osd(
            img, config="--psm 0", output_type=pytesseract.Output.DICT, timeout=timeout
        )
    except (pytesseract.TesseractError, RuntimeError, ValueError):
        return None
    rotate_cw = int(osd.get("rotate", 0)) % 360  # what to apply clockwise to make it upright
    return (360 - rotate_cw) % 360, float(osd.get("orientation_conf", 0.0))


def _rot90_matrix(rotation: int, w: float, h: float) -> np.ndarray:
    """Homography that undoes a clockwise ``rotation`` of a w x h image (0/90/180/270)."""
    if rotation == 0:
        return np.eye(3)
    # Undo clockwise r = rotate counter-clockwise by r.
    m = _rotation_matrix(float(rotation), w, h)
    return _fit(m, _rect(w, h))[0]


def prepare(
    gray: np.ndarray,
    *,
    force_rotation: int | None = None,
    osd_timeout: float | None = None,
) -> Prepared:
    """Straighten and clean one page image for Tesseract, keeping the geometry.

    ``force_rotation`` skips the orientation test (used when re-reading a page that OCR
    found upside down).
    """
    cfg = section("preprocess")
    oh, ow = gray.shape[:2]
    s = min(1.0, cfg["analysis_long_side"] / max(oh, ow))
    small = cv2.resize(gray, None, fx=s, fy=s, interpolation=cv2.INTER_AREA) if s < 1 else gray
    d = _scale_matrix(s)
    d_inv = np.linalg.inv(d)
    sh, sw = small.shape

    mask = ink_mask(small, cfg["background_kernel"])
    if cv2.countNonZero(mask) < cfg["blank_ink_ratio"] * sw * sh:
        return Prepared(gray, np.eye(3), (ow, oh), blank=True)

    # 1. Perspective (photos): map the sheet's quad to an upright rectangle.
    persp = np.eye(3)
    region_full = _rect(ow, oh)
    ww, hh = sw, sh
    quad = find_page_quad(small, cfg)
    if quad is not None:
        ww = round(max(np.linalg.norm(quad[1] - quad[0]), np.linalg.norm(quad[2] - quad[3])))
        hh = round(max(np.linalg.norm(quad[3] - quad[0]), np.linalg.norm(quad[2] - quad[1])))
        dst = _rect(ww, hh).astype(np.float32)
        persp = cv2.getPerspectiveTransform(quad.astype(np.float32), dst).astype(np.float64)
        region_full = quad / s
        mask = ink_mask(
            cv2.warpPerspective(small, persp, (ww, hh), borderValue=255), cfg["background_kernel"]
        )

    mask = strip_lines(mask)
    # 2. Quarter turns: text lines show as sharp row profiles; if the columns are sharper,
    # the page lies on its side and OSD (costly, so only now) says which side.
    skew, score = estimate_skew(mask, cfg)
    rotation = 0
    if force_rotation is not None:
        rotation = force_rotation % 360
    elif text_is_vertical(mask, cfg["osd_min_components"]):
        rotation = 90
        probe = gray
        if quad is not None:
            probe = cv2.warpPerspective(
                gray, d_inv @ persp @ d, (round(ww / s), round(hh / s)), borderValue=255
            )
        osd = osd_rotation(probe, cfg, osd_timeout or cfg["osd_timeout_s"])
        if osd is not None and osd[0] in (90, 270):
            rotation = osd[0]
    if rotation:
        turned = cv2.rotate(mask, _UNDO[rotation])
        skew, score = estimate_skew(turned, cfg)
    if abs(skew) < cfg["min_skew_deg"]:
        skew = 0.0

    # 3. Compose in small coordinates, lift to full resolution, warp once.
    t = _rot90_matrix(rotation, ww, hh) @ persp
    if rotation in (90, 270):
        ww, hh = hh, ww
    if skew:
        t = _rotation_matrix(skew, ww, hh) @ t
    full, size = _fit(d_inv @ t @ d, region_full)
    if quad is not None and max(size) < cfg["photo_long_side_px"]:
        # A photographed page covers only part of the picture: bring the page itself up to
        # about 250 dpi so its glyphs reach the size Tesseract reads well.
        f = cfg["photo_long_side_px"] / max(size)
        full = np.diag([f, f, 1.0]) @ full
        size = (round(size[0] * f), round(size[1] * f))

    if np.allclose(full, np.eye(3)):
        out = gray
    elif quad is None and not skew:
        out = cv2.rotate(gray, _UNDO[rotation])
    else:
        out = cv2.warpPerspective(gray, full, size, flags=cv2.INTER_CUBIC, borderValue=255)
    return Prepared(
        enhance(out, cfg),
        full,
        (ow, oh),
        rotation=rotation,
        skew=skew,
        perspective=quad is not None,
    )


# cv2.rotate codes that undo a clockwise turn of the page.
_UNDO = {
    90: cv2.ROTATE_90_COUNTERCLOCKWISE,
    180: cv2.ROTATE_180,
    270: cv2.ROTATE_90_CLOCKWISE,
}


def noise_sigma(gray: np.ndarray) -> float:
    """Robust estimate of pixel noise from the Laplacian's median absolute deviation."""
    h, w = gray.shape
    s = min(1.0, 1200.0 / max(h, w))
    img = cv2.resize(gray, None, fx=s, fy=s, interpolation=cv2.INTER_AREA) if s < 1 else gray
    lap = cv2.Laplacian(img, cv2.CV_32F)
    return float(np.median(np.abs(lap)) * 1.4826 / 4.0)


def enhance(gray: np.ndarray, cfg: dict) -> np.ndarray:
    """Flatten illumination, remove noise when there is some, stretch contrast."""
    flat = flatten(gray, cfg["background_kernel"])
    if noise_sigma(flat) > cfg["noise_sigma"]:
        flat = cv2.medianBlur(flat, 3)
    # Stretch: darkest ink to black, paper to white, keep anti-aliasing for Tesseract.
    lo = float(np.percentile(flat[::4, ::4], 0.5))
    if lo < 200:
        # A clipped look-up table, not cv2.convertScaleAbs: that takes the absolute value,
        # so ink darker than ``lo`` came back grey and bold strokes turned hollow.
        lut = np.clip((np.arange(256) - lo) * 255.0 / max(1.0, 250 - lo), 0, 255)
        flat = cv2.LUT(flat, lut.astype(np.uint8))
    return flat


def box_to_original(
    box: tuple[float, float, float, float], h_inv: np.ndarray, orig_size: tuple[int, int]
) -> BBox:
    """Map a processed-image box (x0, y0, x1, y1 px) to original-page fractions."""
    x0, y0, x1, y1 = box
    pts = np.array([[[x0, y0]], [[x1, y0]], [[x1, y1]], [[x0, y1]]], dtype=np.float64)
    m = cv2.perspectiveTransform(pts, h_inv).reshape(-1, 2)
    ow, oh = orig_size
    fx0, fy0 = m.min(axis=0)
    fx1, fy1 = m.max(axis=0)
    return (
        min(1.0, max(0.0, fx0 / ow)),
        min(1.0, max(0.0, fy0 / oh)),
        min(1.0, max(0.0, fx1 / ow)),
        min(1.0, max(0.0, fy1 / oh)),
    )
