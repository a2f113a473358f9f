"""The content-addressed file store and the page images of the review UI."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from docproc.errors import BadInputError
from docproc.service.pages import render_pages, resize
from docproc.service.store import FileStore, StoreError


def test_store_is_content_addressed_and_deduplicating(tmp_path: Path) -> None:
    store = FileStore(tmp_path)
    sha = store.put(b"hello")
    assert store.path(sha) == tmp_path / "objects" / sha[:2] / sha[2:4] / sha
    assert store.get(sha) == b"hello"
    mtime = store.path(sha).stat().st_mtime_ns
    assert store.put(b"hello") == sha
    assert store.path(sha).stat().st_mtime_ns == mtime  # not written again
    assert list((tmp_path / "tmp").iterdir()) == []  # no temp files left behind
    with pytest.raises(StoreError):
        store.get("0" * 64)
    with pytest.raises(StoreError):
        store.path("../../etc/passwd")


def test_store_write_survives_a_failed_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                              ) -> None:
    store = FileStore(tmp_path)

    def boom(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", boom)
    with pytest.raises(OSError):
        store.put(b"data")
    assert list((tmp_path / "tmp").iterdir()) == []
    assert not [p for p in (tmp_path / "objects").rglob("*") if p.is_file()]


def _pdf(pages: int) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for i in range(pages):
        c.drawString(72, 720, f"page {i + 1}")
        c.showPage()
    c.save()
    return buf.getvalue()


def test_pdf_pages_render_at_150_dpi() -> None:
    pages = render_pages(_pdf(2), "application/pdf")
    assert [p.number for p in pages] == [1, 2]
    assert pages[0].media_type == "image/png"
    assert abs(pages[0].width - round(595 * 150 / 72)) <= 2
    img = Image.open(io.BytesIO(pages[0].data))
    assert img.size == (pages[0].width, pages[0].height)


def test_jpeg_orientation_is_not_applied_but_removed() -> None:
    img = Image.new("RGB", (300, 100), (200, 10, 10))
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90" – browsers would turn the picture
    buf = io.BytesIO()
    img.save(buf, format="JPEG", exif=exif)
    [page] = render_pages(buf.getvalue(), "image/jpeg")
    out = Image.open(io.BytesIO(page.data))
    assert (page.width, page.height) == (300, 100) == out.size  # pixels as stored
    assert out.getexif().get(0x0112) is None


def test_png_is_kept_as_is_and_tiff_pages_become_pngs() -> None:
    buf = io.BytesIO()
    Image.new("L", (50, 70), 255).save(buf, format="PNG")
    [page] = render_pages(buf.getvalue(), "image/png")
    assert page.data == buf.getvalue()
    frames = [Image.new("1", (40, 60), 1), Image.new("L", (80, 20), 128)]
    tif = io.BytesIO()
    frames[0].save(tif, format="TIFF", save_all=True, append_images=frames[1:])
    pages = render_pages(tif.getvalue(), "image/tiff")
    assert [(p.number, p.width, p.height) for p in pages] == [(1, 40, 60), (2, 80, 20)]
    assert all(p.media_type == "image/png" for p in pages)


def test_broken_input_is_a_bad_input_error() -> None:
    with pytest.raises(BadInputError):
        render_pages(b"%PDF-1.4 broken", "application/pdf")
    with pytest.raises(BadInputError):
        render_pages(b"\x89PNG\r\n\x1a\nbroken", "image/png")


def test_resize_keeps_aspect_and_never_enlarges() -> None:
    buf = io.BytesIO()
    Image.new("RGB", (400, 200), (0, 0, 0)).save(buf, format="JPEG")
    small = Image.open(io.BytesIO(resize(buf.getvalue(), "image/jpeg", 100)))
    assert small.size == (100, 50) and small.format == "JPEG"
    assert resize(buf.getvalue(), "image/jpeg", 1000) == buf.getvalue()
