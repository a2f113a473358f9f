"""Safe image access: sizes are checked from the header BEFORE any pixel is decoded.

A 20000x20000 PNG is 50 kB on disk and 1.2 GB in memory; PIL reads the size from the header
on ``open`` without decoding, so we refuse such files with a one-line error in milliseconds.
"""

from __future__ import annotations

import io
import re
import warnings

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from docproc.errors import BadInputError, TooLargeError


def _open(data: bytes, name: str) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        found = re.search(r"\((\d+) pixels\)", str(exc))
        size = f" ({int(found.group(1)) / 1e6:.0f} MP)" if found else ""
        raise TooLargeError(f"{name}: image too large to decode safely{size}") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise BadInputError(f"{name}: corrupt or unreadable image") from exc


def frame_sizes(data: bytes, name: str, max_pixels: int) -> list[tuple[int, int]]:
    """(width, height) of every frame (TIFF pages); TooLargeError over ``max_pixels``."""
    im = _open(data, name)
    sizes: list[tuple[int, int]] = []
    n = getattr(im, "n_frames", 1) or 1
    for i in range(n):
        try:
            if i:
                im.seek(i)
        except (EOFError, OSError) as exc:
            raise BadInputError(f"{name}: corrupt or truncated image (frame {i + 1})") from exc
        w, h = im.size
        if w <= 0 or h <= 0:
            raise BadInputError(f"{name}: image has no pixels")
        if w * h > max_pixels:
            raise TooLargeError(
                f"{name}: image is {w}x{h} pixels ({w * h / 1e6:.0f} MP), over the "
                f"{max_pixels / 1e6:.0f} MP limit"
            )
        sizes.append((w, h))
    return sizes


def load_frame(data: bytes, index: int, max_pixels: int) -> np.ndarray:
    """Decode one frame as a BGR uint8 array, upright per its EXIF orientation."""
    im = Image.open(io.BytesIO(data))
    if index:
        im.seek(index)
    if im.size[0] * im.size[1] > max_pixels:  # re-checked: the worker trusts nothing
        raise TooLargeError(f"frame {index + 1} is over the pixel limit")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        im.load()
    if index == 0:
        im = ImageOps.exif_transpose(im)
    if im.mode not in ("RGB", "L"):
        if im.mode in ("I;16", "I;16B", "I"):
            arr = np.asarray(im, dtype=np.float64)
            arr = (255 * (arr - arr.min()) / max(1.0, float(np.ptp(arr)))).astype(np.uint8)
            im = Image.fromarray(arr, "L")
        elif "A" in im.mode or im.mode == "P":
            bg = Image.new("RGB", im.size, (255, 255, 255))
            rgba = im.convert("RGBA")
            bg.paste(rgba, mask=rgba.getchannel("A"))
            im = bg
        else:
            im = im.convert("RGB")
    arr = np.asarray(im)
    if arr.ndim == 2:
        return np.repeat(arr[:, :, None], 3, axis=2)
    return np.ascontiguousarray(arr[:, :, ::-1])


def oriented_size(data: bytes, index: int) -> tuple[int, int]:
    """Size after EXIF rotation (what a browser shows), read from the header only."""
    im = Image.open(io.BytesIO(data))
    w, h = im.size
    if index == 0:
        try:
            orientation = im.getexif().get(0x0112, 1)
        except Exception:  # noqa: BLE001 - a broken EXIF block must not fail the page
            orientation = 1
        if orientation in (5, 6, 7, 8):
            return h, w
    return w, h
