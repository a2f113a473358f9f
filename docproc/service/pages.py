"""Page images for the review UI: every page of a document as a PNG or JPEG.

The pipeline's boxes are fractions of the *original* page image, so the picture a reviewer sees
must be exactly that image: PDF pages are rendered by pypdfium2 (about 150 dpi), PNG and JPEG
files are kept as they are, and each TIFF page (its first frame) becomes a PNG. EXIF
orientation is deliberately *not* applied; when a JPEG carries an orientation tag the image is
re-encoded without it, because browsers would otherwise rotate the picture and the boxes drawn
over it would no longer fit. A page that cannot be rendered becomes a grey placeholder with
a warning: one bad page never loses the others.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from PIL import Image, ImageSequence

from docproc.errors import BadInputError
from docproc.read.pdf import PDFIUM_LOCK

log = logging.getLogger(__name__)

# PDFium is not thread-safe: the service holds the read stage's lock around its own page
# rendering and around the pipeline's PDF reading in the in-process thread pool.

DEFAULT_DPI = 150
MAX_RENDER_PIXELS = 40_000_000  # a poster-sized PDF page is scaled down to this
_EXIF_ORIENTATION = 0x0112


@dataclass(frozen=True, slots=True)
class RenderedPage:
    """One page image, ready for the file store."""

    number: int
    data: bytes
    media_type: str
    width: int
    height: int
    warning: str | None = None


def _encode(img: Image.Image, *, prefer_png: bool | None = None) -> tuple[bytes, str]:
    """PNG for line art and text, JPEG for scans and photos (few colours vs many)."""
    if img.mode not in ("1", "L", "RGB", "LA", "RGBA", "P"):
        img = img.convert("RGB")
    if prefer_png is None:
        probe = img.convert("RGB")
        probe.thumbnail((128, 128))
        colours = probe.getcolors(maxcolors=512)
        prefer_png = colours is not None
    buf = io.BytesIO()
    if prefer_png:
        img.save(buf, format="PNG", compress_level=6)
        return buf.getvalue(), "image/png"
    if img.mode not in ("L", "RGB"):
        img = img.convert("RGB")
    img.save(buf, format="JPEG", quality=85, optimize=True)
    return buf.getvalue(), "image/jpeg"


def _placeholder(number: int, reason: str) -> RenderedPage:
    img = Image.new("L", (850, 1100), 200)
    data, media_type = _encode(img, prefer_png=True)
    return RenderedPage(number, data, media_type, 850, 1100, f"page {number}: {reason}")


def _render_pdf(data: bytes, dpi: int, max_pages: int) -> list[RenderedPage]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise BadInputError(f"PDF cannot be opened for rendering: {exc}") from exc
    pages: list[RenderedPage] = []
    try:
        for index in range(min(len(pdf), max_pages)):
            number = index + 1
            try:
                page = pdf[index]
                w_pt, h_pt = page.get_size()
                scale = dpi / 72
                if w_pt * h_pt * scale * scale > MAX_RENDER_PIXELS:
                    scale = (MAX_RENDER_PIXELS / (w_pt * h_pt)) ** 0.5
                img = page.render(scale=scale).to_pil()
                page.close()
                encoded, media_type = _encode(img)
                pages.append(RenderedPage(number, encoded, media_type, img.width, img.height))
            except Exception as exc:  # noqa: BLE001 - a bad page degrades, never fails
                log.warning("page %d of a PDF did not render: %s", number, exc)
                pages.append(_placeholder(number, f"could not be rendered ({exc})"))
    finally:
        pdf.close()
    return pages


def _orientation(img: Image.Image) -> int:
    try:
        return int(img.getexif().get(_EXIF_ORIENTATION, 1))
    except Exception:  # noqa: BLE001 - a broken EXIF block is just "no orientation"
        return 1


def _render_image(data: bytes, media_type: str, max_pages: int) -> list[RenderedPage]:
    try:
        img = Image.open(io.BytesIO(data))
    except (OSError, Image.DecompressionBombError) as exc:
        raise BadInputError(f"image cannot be opened for rendering: {exc}") from exc
    if media_type in ("image/png", "image/jpeg") and getattr(img, "n_frames", 1) == 1:
        if media_type == "image/png" or _orientation(img) == 1:
            return [RenderedPage(1, data, media_type, img.width, img.height)]
        # Re-encode without EXIF so that the browser shows the pixels as stored.
        buf = io.BytesIO()
        rgb = img if img.mode in ("L", "RGB", "CMYK") else img.convert("RGB")
        rgb.save(buf, format="JPEG", quality=92)
        return [RenderedPage(1, buf.getvalue(), "image/jpeg", img.width, img.height)]
    pages: list[RenderedPage] = []
    for index, frame in enumerate(ImageSequence.Iterator(img)):
        if index >= max_pages:
            break
        number = index + 1
        try:
            copy = frame.copy()
            if copy.mode not in ("1", "L", "RGB"):
                copy = copy.convert("RGB")
            encoded, out_type = _encode(copy)
            pages.append(RenderedPage(number, encoded, out_type, copy.width, copy.height))
        except Exception as exc:  # noqa: BLE001 - a bad page degrades, never fails
            log.warning("frame %d of an image did not render: %s", number, exc)
            pages.append(_placeholder(number, f"could not be rendered ({exc})"))
    return pages


def render_pages(
    data: bytes, media_type: str, *, dpi: int = DEFAULT_DPI, max_pages: int = 200
) -> list[RenderedPage]:
    """Render every page of a document (PDF, PNG, JPEG, TIFF) to a storable image."""
    if media_type == "application/pdf":
        with PDFIUM_LOCK:
            return _render_pdf(data, dpi, max_pages)
    if media_type in ("image/png", "image/jpeg", "image/tiff"):
        return _render_image(data, media_type, max_pages)
    raise BadInputError(f"cannot render pages of {media_type}")


def resize(data: bytes, media_type: str, width: int) -> bytes:
    """The page image scaled to ``width`` pixels (never enlarged), same format."""
    img = Image.open(io.BytesIO(data))
    if width >= img.width:
        return data
    height = max(1, round(img.height * width / img.width))
    if img.mode in ("1", "P"):
        img = img.convert("L" if img.mode == "1" else "RGB")
    small = img.resize((width, height), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    if media_type == "image/jpeg":
        if small.mode not in ("L", "RGB", "CMYK"):
            small = small.convert("RGB")
        small.save(buf, format="JPEG", quality=85)
    else:
        small.save(buf, format="PNG")
    return buf.getvalue()
