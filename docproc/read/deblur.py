"""Motion blur: detect a straight camera-shake blur on a low-resolution page and undo it.

A phone moved while the picture was taken smears every glyph along one direction by the same
few pixels; at 150 dpi a smear of 5-8 px merges small print into bars that Tesseract reads as
nothing at all. Such a blur is a convolution with a short line, which leaves two traces:

* the cepstrum (inverse FFT of the log spectrum) has a negative spike at the smear's length
  and direction (Cannon 1976): that gives the candidate line;
* the spectrum has a null at frequency 1/length along the smear's direction only, so the
  log power there is far below the power at the same frequency across it; text has no such
  null of its own, which rejects candidates the page's own periodic structure produced.

When both agree, the page is restored with a Wiener filter for that line. The filter is
centred, so every pixel stays where it was: boxes need no extra mapping. Defocus and the
mild isotropic blur of a scanner are left alone.
"""

from __future__ import annotations

import cv2
import numpy as np

from docproc.read._config import section


def _crop_spectra(gray: np.ndarray, size: int) -> np.ndarray:
    """Mean magnitude spectrum of a 3x3 grid of windowed crops around the page centre."""
    h, w = gray.shape
    win = np.outer(np.hanning(size), np.hanning(size))
    acc = np.zeros((size, size))
    for fy in (0.35, 0.5, 0.65):
        for fx in (0.35, 0.5, 0.65):
            y0 = min(max(0, int(fy * h - size / 2)), h - size)
            x0 = min(max(0, int(fx * w - size / 2)), w - size)
            crop = gray[y0 : y0 + size, x0 : x0 + size].astype(np.float64)
            acc += np.abs(np.fft.fft2((crop - crop.mean()) * win))
    return acc / 9.0


def estimate_motion(gray: np.ndarray, cfg: dict) -> tuple[float, float] | None:
    """(length px, angle degrees counter-clockwise as seen) of a motion blur, or None."""
    size = int(cfg["crop"])
    while size > 64 and size > min(gray.shape) // 2:
        size //= 2
    if size < 128:
        return None
    mag = _crop_spectra(gray, size)
    ceps = np.fft.fftshift(np.real(np.fft.ifft2(np.log(mag + 1e-3))))
    logp = np.fft.fftshift(np.log(mag**2 + 1e-9))
    m = size // 2
    r = int(np.ceil(cfg["max_length"])) + 2
    ys, xs = np.mgrid[-r : r + 1, -r : r + 1]
    rad = np.hypot(ys, xs)
    around = ceps[m - r : m + r + 1, m - r : m + r + 1]
    patch = around.copy()
    patch[(rad < cfg["min_cepstrum_radius"]) | (rad > cfg["max_length"])] = np.inf
    patch[(ys > 0) | ((ys == 0) & (xs < 0))] = np.inf  # the cepstrum is symmetric: one half
    base = float(np.median(around[np.isfinite(patch)]))

    def null_depth(length: float, angle: float) -> float:
        """Log power at 1/length along ``angle`` minus the same across it."""
        f = size / length

        def power(a: float) -> float:
            t = np.radians(a + np.linspace(-4.0, 4.0, 9))[:, None]
            ff = (f * np.array([0.95, 1.0, 1.05]))[None, :]
            x = np.clip(np.round(m + ff * np.cos(t)).astype(int), 0, size - 1)
            y = np.clip(np.round(m - ff * np.sin(t)).astype(int), 0, size - 1)
            return float(logp[y, x].mean())

        return power(angle) - power(angle + 90.0)

    for idx in np.argsort(patch, axis=None)[: int(cfg["candidates"])]:
        k = np.unravel_index(int(idx), patch.shape)
        if not np.isfinite(patch[k]):
            break
        # Sub-pixel: the centroid of the negative valley around the spike (a smear of
        # 6.3 px shows as spikes on the neighbouring whole-pixel offsets).
        y0, x0 = int(k[0]), int(k[1])
        win = around[y0 - 1 : y0 + 2, x0 - 1 : x0 + 2]
        wgt = np.maximum(0.0, base - win)
        if wgt.sum() <= 0:
            continue
        dy = float((wgt * ys[y0 - 1 : y0 + 2, x0 - 1 : x0 + 2]).sum() / wgt.sum())
        dx = float((wgt * xs[y0 - 1 : y0 + 2, x0 - 1 : x0 + 2]).sum() / wgt.sum())
        length = float(np.hypot(dx, dy))
        if length < cfg["min_length"]:
            continue
        angle = float(np.degrees(np.arctan2(-dy, dx)))
        # Verify: the spectral null at 1/length must lie along the smear, not across it.
        if null_depth(length, angle) <= cfg["max_null_depth"]:
            return length, angle
    return None


def motion_psf(length: float, angle: float) -> np.ndarray:
    """A centred line of ``length`` px at ``angle`` degrees (counter-clockwise), sum 1."""
    size = (int(np.ceil(length)) | 1) + 2
    k = np.zeros((size, size), np.float64)
    c = (size - 1) / 2.0
    a = np.radians(angle)
    for t in np.linspace(-length / 2.0, length / 2.0, int(length * 4) + 1):
        x, y = c + t * np.cos(a), c - t * np.sin(a)
        x0, y0 = int(np.floor(x)), int(np.floor(y))
        fx, fy = x - x0, y - y0
        for yy, xx, wgt in (
            (y0, x0, (1 - fx) * (1 - fy)), (y0, x0 + 1, fx * (1 - fy)),
            (y0 + 1, x0, (1 - fx) * fy), (y0 + 1, x0 + 1, fx * fy),
        ):
            if 0 <= yy < size and 0 <= xx < size:
                k[yy, xx] += wgt
    return k / k.sum()


def wiener(gray: np.ndarray, psf: np.ndarray, k: float) -> np.ndarray:
    """Wiener deconvolution with a centred ``psf`` (positions are kept)."""
    pad = 2 * psf.shape[0]
    img = cv2.copyMakeBorder(gray, pad, pad, pad, pad, cv2.BORDER_REFLECT).astype(np.float32)
    h, w = img.shape
    otf = np.zeros((h, w), np.float32)
    ph, pw = psf.shape
    otf[:ph, :pw] = psf
    otf = np.roll(otf, (-(ph // 2), -(pw // 2)), axis=(0, 1))
    hf = np.fft.rfft2(otf)
    out = np.fft.irfft2(np.fft.rfft2(img) * np.conj(hf) / (np.abs(hf) ** 2 + k), s=(h, w))
    return np.clip(out[pad:-pad, pad:-pad], 0, 255).astype(np.uint8)


def remove_motion_blur(gray: np.ndarray) -> tuple[np.ndarray, tuple[float, float] | None]:
    """The page with a detected motion blur undone, and the blur found (or the page as is)."""
    cfg = section("deblur")
    found = estimate_motion(gray, cfg)
    if found is None:
        return gray, None
    return wiener(gray, motion_psf(*found), cfg["wiener_k"]), found
