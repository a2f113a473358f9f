"""Ingest: media type from the bytes, never the name; limits; one-line errors."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from docproc.config import Settings
from docproc.errors import BadInputError, TooLargeError, UnsupportedMediaTypeError
from docproc.ingest import ingest, ingest_path

SETTINGS = Settings(home=Path("/tmp/docproc-test-home"))


def _image(fmt: str) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (20, 10), (255, 255, 255)).save(buf, fmt)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "media_type"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "application/pdf"),
        (b"\r\n junk before the header %PDF-1.4\n", "application/pdf"),
        (_image("PNG"), "image/png"),
        (_image("JPEG"), "image/jpeg"),
        (_image("TIFF"), "image/tiff"),
    ],
)
def test_supported_types_sniffed_whatever_the_name(data: bytes, media_type: str) -> None:
    got = ingest(data, "scan.dat", SETTINGS)
    assert got.media_type == media_type
    assert got.sha256 == hashlib.sha256(data).hexdigest() and got.filename == "scan.dat"


def test_image_named_pdf_is_an_image() -> None:
    assert ingest(_image("PNG"), "x.pdf", SETTINGS).media_type == "image/png"


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("invoice.pdf", b"%PDF-1.4 inside")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_zip(), "x.pdf is a ZIP archive, not a PDF or image"),
        (b"<!DOCTYPE html><html><body>404</body></html>", "x.pdf is an HTML page, not a PDF"),
        (b"\n  <html><head></head></html>", "x.pdf is an HTML page"),
        (b"hello, this is the invoice", "x.pdf is a plain-text file"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "x.pdf is a GIF image (not supported)"),
        (bytes([0x00, 0x9F, 0x92, 0x96]) * 50, "x.pdf is unrecognised binary data"),
    ],
)
def test_unsupported_bytes_named_pdf(data: bytes, message: str) -> None:
    with pytest.raises(UnsupportedMediaTypeError) as exc:
        ingest(data, "/uploads/x.pdf", SETTINGS)
    assert str(exc.value).startswith(message)
    assert "\n" not in str(exc.value)
    assert exc.value.exit_code == 2 and exc.value.http_status == 415


def test_empty_file() -> None:
    with pytest.raises(BadInputError, match=r"^x.pdf is empty \(0 bytes\)$"):
        ingest(b"", "x.pdf", SETTINGS)


def test_too_many_bytes(tmp_path: Path) -> None:
    small = Settings(home=SETTINGS.home, max_bytes=1000)
    with pytest.raises(TooLargeError, match="over the"):
        ingest(b"%PDF-1.4" + bytes(2000), "big.pdf", small)
    p = tmp_path / "big.pdf"
    p.write_bytes(b"%PDF-1.4" + bytes(2000))
    with pytest.raises(TooLargeError):
        ingest_path(p, small)


def test_ingest_path(tmp_path: Path) -> None:
    p = tmp_path / "photo.jpeg"
    p.write_bytes(_image("JPEG"))
    assert ingest_path(p, SETTINGS).media_type == "image/jpeg"
    with pytest.raises(BadInputError, match="missing.pdf"):
        ingest_path(tmp_path / "missing.pdf", SETTINGS)
    with pytest.raises(BadInputError, match="is a directory"):
        ingest_path(tmp_path, SETTINGS)
