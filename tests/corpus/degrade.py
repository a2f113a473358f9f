"""Turn a rendered PDF into realistic scans and phone photos for OCR tests.

Real inputs arrive as office scans (skewed, noisy, JPEG-compressed, grey paper) and as phone
photos forwarded by e-mail (a page on a desk, in perspective, unevenly lit). The read stage
must cope with both, and its tests must know where every printed box ended up, so each
function returns the exact geometric transform it applied: a 3x3 matrix mapping page
fractions ``(fx, fy, 1)`` (origin top-left, as in ``docproc.model``) to output pixel
coordinates ``(x, y, w)`` (divide by ``w``; pixel ``(i, j)`` covers ``[i, i+1) x [j, j+1)``).

Everything is deterministic for a given seed: randomness comes from one
``numpy.random.Generator`` per page seeded with ``(seed, page_index)``.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Literal

import cv2
import numpy as np
import pypdfium2 as pdfium
from PIL import Image

Severity = Literal["mild", "strong"]

# Degradation ranges per severity, from looking at office MFP scans: (low, high) for uniform
# draws. "strong" is a bad copy of a copy: visible tilt, speckles, heavy compression.
_SCAN = {
    "mild": {"skew": 1.5, "noise": (2.0, 5.0), "blur": (0.3, 0.7), "jpeg": (70, 90),
             "illum": (0.03, 0.08), "paper": (0.90, 0.96), "ink": (15, 35), "pepper": (0, 0)},
    "strong": {"skew": 4.0, "noise": (7.0, 12.0), "blur": (0.9, 1.4), "jpeg": (40, 60),
               "illum": (0.12, 0.25), "paper": (0.80, 0.90), "ink": (30, 60),
               "pepper": (0.001, 0.004)},
}


def map_point(matrix: Any, fx: float, fy: float) -> tuple[float, float]:
    """Apply a returned page-fraction -> pixel matrix to one point."""
    m = np.asarray(matrix, dtype=np.float64)
    x, y, w = m @ np.array([fx, fy, 1.0])
    return float(x / w), float(y / w)


def _render(pdf_path: str | Path, dpi: float) -> list[tuple[np.ndarray, np.ndarray]]:
    """Rasterise every page as RGB uint8 at ``dpi``, with its fraction -> pixel scaling.

    The scaling uses the exact page size, not the bitmap's (rounded up) pixel size, so a
    page fraction maps to where pdfium really drew it.
    """
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        pages = []
        for page in pdf:
            w_pt, h_pt = page.get_size()
            pil = page.render(scale=dpi / 72.0).to_pil().convert("RGB")
            scale = np.diag([w_pt * dpi / 72.0, h_pt * dpi / 72.0, 1.0])
            pages.append((np.asarray(pil).copy(), scale))
            page.close()
        return pages
    finally:
        pdf.close()


def _translate(tx: float, ty: float) -> np.ndarray:
    return np.array([[1.0, 0.0, tx], [0.0, 1.0, ty], [0.0, 0.0, 1.0]])


def _to_index(m: np.ndarray) -> np.ndarray:
    """Continuous-coordinate transform -> OpenCV's pixel-centre (index) convention."""
    return _translate(-0.5, -0.5) @ m @ _translate(0.5, 0.5)


def _quarter_turn(rotate: int, w: int, h: int) -> tuple[np.ndarray, int, int]:
    """Clockwise quarter turn of a w x h image: matrix and the new size."""
    if rotate == 0:
        return np.eye(3), w, h
    if rotate == 90:
        return np.array([[0.0, -1.0, h], [1.0, 0.0, 0.0], [0, 0, 1]]), h, w
    if rotate == 180:
        return np.array([[-1.0, 0.0, w], [0.0, -1.0, h], [0, 0, 1]]), w, h
    if rotate == 270:
        return np.array([[0.0, 1.0, 0.0], [-1.0, 0.0, w], [0, 0, 1]]), h, w
    raise ValueError(f"rotate must be None, 0, 90, 180 or 270, not {rotate!r}")


def _skew(angle: float, w: int, h: int) -> np.ndarray:
    """Rotation by ``angle`` degrees counter-clockwise (as seen) about the image centre."""
    a = math.radians(angle)
    c, s = math.cos(a), math.sin(a)
    rot = np.array([[c, s, 0.0], [-s, c, 0.0], [0.0, 0.0, 1.0]])
    return _translate(w / 2, h / 2) @ rot @ _translate(-w / 2, -h / 2)


def _gradient(rng: np.random.Generator, h: int, w: int) -> np.ndarray:
    """A 0..1 linear ramp across the image in a random direction, shape (h, w, 1)."""
    theta = rng.uniform(0, 2 * math.pi)
    ys = np.linspace(-0.5, 0.5, h, dtype=np.float32)[:, None]
    xs = np.linspace(-0.5, 0.5, w, dtype=np.float32)[None, :]
    ramp = xs * math.cos(theta) + ys * math.sin(theta)
    ramp -= ramp.min()
    ramp /= max(float(ramp.max()), 1e-6)
    return ramp[:, :, None]


def _jpeg_round_trip(img: np.ndarray, quality: int) -> np.ndarray:
    ok, buf = cv2.imencode(".jpg", img[:, :, ::-1], [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise RuntimeError("JPEG encoding failed")
    return cv2.imdecode(buf, cv2.IMREAD_COLOR)[:, :, ::-1].copy()


def _add_noise(img: np.ndarray, rng: np.random.Generator, sigma: float) -> None:
    """Luminance noise, in place on a float32 image (scanner noise is mostly grey)."""
    h, w = img.shape[:2]
    img += rng.standard_normal((h, w, 1), dtype=np.float32) * np.float32(sigma)


def _page_files(out_path: Path, count: int) -> list[Path]:
    """One file per page when ``out_path`` holds ``{page}``; else only ``out_path``."""
    if "{page}" in out_path.name:
        return [out_path.with_name(out_path.name.format(page=i + 1)) for i in range(count)]
    return [out_path]


def _save(images: list[np.ndarray], path: Path, dpi: float, quality: int) -> None:
    """Write by extension: .png/.jpg one image, .tif multi-page TIFF, .pdf image-only PDF."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pils = [Image.fromarray(im, "RGB") for im in images]
    ext = path.suffix.lower()
    res = (round(dpi), round(dpi))
    if ext in (".jpg", ".jpeg"):
        pils[0].save(path, "JPEG", quality=quality, dpi=res)
    elif ext == ".png":
        pils[0].save(path, "PNG", dpi=res)
    elif ext in (".tif", ".tiff"):
        pils[0].save(path, "TIFF", save_all=True, append_images=pils[1:],
                     compression="tiff_deflate", dpi=res)
    elif ext == ".pdf":
        pils[0].save(path, "PDF", save_all=True, append_images=pils[1:], resolution=dpi)
    else:
        raise ValueError(f"unsupported output type {ext!r}: use .png, .jpg, .tif or .pdf")


def _degrade_scan(page: np.ndarray, rng: np.random.Generator, severity: Severity,
                  rotate: int) -> tuple[np.ndarray, dict[str, Any]]:
    """One page through the scanner: geometry first, then paper, light, optics, sensor."""
    p = _SCAN[severity]
    h, w = page.shape[:2]
    turn, ow, oh = _quarter_turn(rotate, w, h)
    angle = float(rng.uniform(-p["skew"], p["skew"]))
    px = _skew(angle, ow, oh) @ turn
    out = cv2.warpAffine(page, _to_index(px)[:2], (ow, oh), flags=cv2.INTER_LINEAR,
                         borderMode=cv2.BORDER_CONSTANT, borderValue=(255, 255, 255))
    paper = float(rng.uniform(*p["paper"])) * 255.0
    tint = np.array([1.0, rng.uniform(0.985, 1.0), rng.uniform(0.95, 0.99)], np.float32)
    ink = float(rng.uniform(*p["ink"]))
    img = out.astype(np.float32)
    img *= np.float32((paper - ink) / 255.0)
    img += np.float32(ink)
    img *= tint
    illum = float(rng.uniform(*p["illum"]))
    img *= 1.0 - np.float32(illum) * _gradient(rng, oh, ow)
    blur = float(rng.uniform(*p["blur"]))
    img = cv2.GaussianBlur(img, (0, 0), blur)
    noise = float(rng.uniform(*p["noise"]))
    _add_noise(img, rng, noise)
    pepper = float(rng.uniform(*p["pepper"]))
    if pepper > 0:
        count = int(pepper * oh * ow)
        ys, xs = rng.integers(0, oh, count), rng.integers(0, ow, count)
        img[ys, xs] = np.where(rng.random(count) < 0.5, ink, paper)[:, None]
    np.clip(img, 0, 255, out=img)
    result = img.astype(np.uint8)
    quality = int(rng.integers(p["jpeg"][0], p["jpeg"][1] + 1))
    info = {"rotation": rotate, "skew": angle, "size": [ow, oh], "jpeg_quality": quality,
            "blur_sigma": blur, "noise_sigma": noise, "salt_pepper": pepper,
            "illumination": illum, "paper": paper, "ink": ink}
    return result, {"px_matrix": px, **info}


def render_scan(pdf_path: str | Path, out_path: str | Path, *, dpi: int = 300,
                severity: Severity = "mild", seed: int = 0,
                rotate: int | None = None) -> dict[str, Any]:
    """Render ``pdf_path`` as an office scan into ``out_path`` (.png, .jpg, .tif or .pdf).

    ``rotate`` (90/180/270) turns the page clockwise, as when it was fed sideways; the read
    stage should report that rotation. .tif and .pdf hold every page (the PDF has no text
    layer); .png and .jpg hold the first page, or one file per page when ``out_path``
    contains ``{page}`` (``scan-{page}.png``). The result lists per page: ``rotation``,
    ``skew`` (degrees, counter-clockwise as seen), ``matrix`` (page fractions -> output
    pixels), size, and the photometric settings used.
    """
    if severity not in _SCAN:
        raise ValueError(f"severity must be 'mild' or 'strong', not {severity!r}")
    out = Path(out_path)
    pages = _render(pdf_path, dpi)
    multi_file = out.suffix.lower() in (".tif", ".tiff", ".pdf")
    if not multi_file and "{page}" not in out.name:
        pages = pages[:1]
    images: list[np.ndarray] = []
    records: list[dict[str, Any]] = []
    for index, (page, scale) in enumerate(pages):
        rng = np.random.default_rng([seed, index])
        img, info = _degrade_scan(page, rng, severity, rotate or 0)
        if out.suffix.lower() not in (".jpg", ".jpeg"):
            img = _jpeg_round_trip(img, info["jpeg_quality"])  # the scanner's own JPEG
        matrix = info.pop("px_matrix") @ scale
        images.append(img)
        records.append({"page": index + 1, "matrix": matrix.tolist(), **info})
    if multi_file:
        files = [out]
        _save(images, out, dpi, records[0]["jpeg_quality"])
        for rec in records:
            rec["file"] = str(out)
    else:
        files = _page_files(out, len(images))
        for path, img, rec in zip(files, images, records, strict=True):
            _save([img], path, dpi, rec["jpeg_quality"])
            rec["file"] = str(path)
    return {"kind": "scan", "files": [str(f) for f in files], "dpi": dpi,
            "severity": severity, "seed": seed, "pages": records}


def _desk(rng: np.random.Generator, h: int, w: int) -> np.ndarray:
    """A dark textured desk: base colour, blotchy low-frequency shading and wood-like grain."""
    bases = [(96, 64, 42), (70, 70, 76), (58, 46, 38), (40, 48, 60), (110, 92, 70)]
    base = np.array(bases[int(rng.integers(len(bases)))], np.float32)
    coarse = rng.standard_normal((6, 6)).astype(np.float32)
    blotch = cv2.resize(coarse, (w, h), interpolation=cv2.INTER_CUBIC)
    grain_line = rng.standard_normal((h, 1)).astype(np.float32)
    grain_line = cv2.GaussianBlur(grain_line, (1, 0), 1.5)
    grain = np.repeat(grain_line, w, axis=1)
    shade = 1.0 + 0.12 * blotch + 0.08 * grain
    desk = base[None, None, :] * shade[:, :, None]
    desk += rng.standard_normal((h, w, 1), dtype=np.float32) * np.float32(4.0)
    return desk


def _motion_kernel(length: int, angle: float) -> np.ndarray:
    k = np.zeros((length, length), np.float32)
    k[length // 2, :] = 1.0
    rot = cv2.getRotationMatrix2D(((length - 1) / 2, (length - 1) / 2), angle, 1.0)
    k = cv2.warpAffine(k, rot, (length, length))
    return k / max(float(k.sum()), 1e-6)


def _photo(page: np.ndarray, size: tuple[float, float],
           rng: np.random.Generator) -> tuple[np.ndarray, dict[str, Any]]:
    """One page photographed on a desk: perspective, shadow, light fall-off, blur, noise.

    ``size`` is the exact page size in pixels (the bitmap is that, rounded up).
    """
    h, w = page.shape[:2]
    pw, ph = size
    scale = float(rng.uniform(0.92, 1.0))
    margin_x, margin_y = rng.uniform(0.09, 0.15), rng.uniform(0.07, 0.12)
    cw = int(math.ceil(w * scale * (1 + 2 * margin_x)))
    ch = int(math.ceil(h * scale * (1 + 2 * margin_y)))
    x0, y0 = (cw - w * scale) / 2, (ch - h * scale) / 2
    x0 += rng.uniform(-0.02, 0.02) * w
    y0 += rng.uniform(-0.02, 0.02) * h
    rect = np.array([[x0, y0], [x0 + w * scale, y0], [x0 + w * scale, y0 + h * scale],
                     [x0, y0 + h * scale]])
    jitter = rng.uniform(-1, 1, (4, 2)) * np.array([0.05 * w * scale, 0.04 * h * scale])
    dst = rect + jitter
    dst[:, 0] = np.clip(dst[:, 0], 2, cw - 2)
    dst[:, 1] = np.clip(dst[:, 1], 2, ch - 2)
    src = np.array([[0, 0], [pw, 0], [pw, ph], [0, ph]], np.float64)
    hom = cv2.getPerspectiveTransform(src.astype(np.float32), dst.astype(np.float32))
    hom = hom.astype(np.float64)
    hidx = _to_index(hom)
    warped = cv2.warpPerspective(page, hidx, (cw, ch), flags=cv2.INTER_LINEAR,
                                 borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0))
    mask = cv2.warpPerspective(np.ones((h, w), np.float32), hidx, (cw, ch),
                               flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                               borderValue=0.0)[:, :, None]
    desk = _desk(rng, ch, cw)
    shift = rng.uniform(0.008, 0.02, 2) * np.array([cw, ch]) * rng.choice([-1, 1], 2)
    shadow = cv2.warpAffine(mask[:, :, 0], np.float32([[1, 0, shift[0]], [0, 1, shift[1]]]),
                            (cw, ch))
    shadow = cv2.GaussianBlur(shadow, (0, 0), 0.015 * max(cw, ch))[:, :, None]
    desk *= 1.0 - np.float32(rng.uniform(0.35, 0.6)) * shadow
    img = warped.astype(np.float32) * mask + desk * (1.0 - mask)
    del warped, desk
    light = float(rng.uniform(0.15, 0.3))
    img *= 1.0 - np.float32(light) * _gradient(rng, ch, cw)
    ys = np.linspace(-1, 1, ch, dtype=np.float32)[:, None]
    xs = np.linspace(-1, 1, cw, dtype=np.float32)[None, :]
    vignette = float(rng.uniform(0.05, 0.15))
    img *= (1.0 - np.float32(vignette) * (xs * xs + ys * ys) / 2)[:, :, None]
    cast = np.array([1.0, rng.uniform(0.96, 1.0), rng.uniform(0.88, 0.97)], np.float32)
    img *= cast
    if rng.random() < 0.5:
        length = int(rng.integers(3, 8))
        angle = float(rng.uniform(0, 180))
        img = cv2.filter2D(img, -1, _motion_kernel(length, angle))
        blur: dict[str, Any] = {"type": "motion", "length": length, "angle": angle}
    else:
        sigma = float(rng.uniform(0.6, 1.2))
        img = cv2.GaussianBlur(img, (0, 0), sigma)
        blur = {"type": "defocus", "sigma": sigma}
    _add_noise(img, rng, float(rng.uniform(3.0, 6.0)))
    np.clip(img, 0, 255, out=img)
    quality = int(rng.integers(72, 81))
    info = {"size": [cw, ch], "corners": dst.tolist(), "blur": blur, "jpeg_quality": quality,
            "lighting": light, "px_homography": hom}
    return img.astype(np.uint8), info


def render_photo(pdf_path: str | Path, out_path: str | Path, *, dpi: int = 150,
                 seed: int = 0) -> dict[str, Any]:
    """Render ``pdf_path`` as a phone photo of the printed page, forwarded at ``dpi``.

    The page lies on a darker textured desk, seen in perspective (all four edges visible),
    with a soft shadow, a lighting gradient, slight motion or defocus blur and JPEG
    compression (quality ~75). Writes the first page to ``out_path``, or every page when
    ``out_path`` contains ``{page}``; a ``.pdf`` ``out_path`` holds every page's photo, one
    per page, as a phone's scanning app sends a multi-page document. Each page record holds
    ``homography`` (page fractions -> output pixels) and ``corners`` (the page corners in the
    output, clockwise from top-left).
    """
    out = Path(out_path)
    pages = _render(pdf_path, dpi)
    bundle = out.suffix.lower() == ".pdf"
    files = [out] * len(pages) if bundle else _page_files(out, len(pages))
    records: list[dict[str, Any]] = []
    images: list[np.ndarray] = []
    for index, ((page, scale), path) in enumerate(zip(pages, files, strict=False)):
        rng = np.random.default_rng([seed, index])
        img, info = _photo(page, (scale[0, 0], scale[1, 1]), rng)
        hom = info.pop("px_homography") @ scale
        if path.suffix.lower() not in (".jpg", ".jpeg"):
            img = _jpeg_round_trip(img, info["jpeg_quality"])
        if bundle:
            images.append(img)
        else:
            _save([img], path, dpi, info["jpeg_quality"])
        records.append({"page": index + 1, "file": str(path), "homography": hom.tolist(),
                        "matrix": hom.tolist(), **info})
    if bundle:
        _save(images, out, dpi, 75)
    return {"kind": "photo", "files": list(dict.fromkeys(r["file"] for r in records)),
            "dpi": dpi, "seed": seed, "pages": records}
