"""Ingest stage: raw bytes -> :class:`Ingested` with a media type sniffed from the bytes.

The file name is never trusted: mail attachments and uploads are routinely misnamed, and a
ZIP or an HTML error page saved as ``x.pdf`` must fail here with a one-line reason instead of
deep inside a PDF parser. Size limits are checked before anything is parsed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import filetype

from docproc.config import Settings
from docproc.config import settings as current_settings
from docproc.errors import BadInputError, TooLargeError, UnsupportedMediaTypeError

SUPPORTED = ("application/pdf", "image/png", "image/jpeg", "image/tiff")

# Human names for what people send us by mistake, keyed by filetype's MIME type.
_KIND_NAMES = {
    "application/zip": "a ZIP archive",
    "application/x-rar-compressed": "a RAR archive",
    "application/x-7z-compressed": "a 7-Zip archive",
    "application/gzip": "a gzip archive",
    "application/x-tar": "a tar archive",
    "application/msword": "a Word document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "a Word document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "an Excel workbook",
    "application/vnd.ms-excel": "an Excel workbook",
    "image/gif": "a GIF image (not supported)",
    "image/webp": "a WebP image (not supported)",
    "image/bmp": "a BMP image (not supported)",
    "image/heic": "a HEIC image (not supported)",
}


@dataclass(frozen=True, slots=True)
class Ingested:
    """One input file, its media type as found in its bytes, and its content hash."""

    data: bytes
    filename: str
    media_type: str
    sha256: str


def sniff(data: bytes) -> str | None:
    """Return the supported media type of ``data`` from its magic numbers, or None."""
    head = data[:1024]
    # The PDF header may follow a little junk (readers accept 1024 bytes of it), but not
    # another format's magic: a ZIP holding a PDF is still a ZIP.
    if head.startswith(b"%PDF-") or (b"%PDF-" in head and filetype.guess(head) is None):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")):
        return "image/tiff"
    return None


def describe(data: bytes) -> str:
    """Say in a few words what unsupported bytes look like, for the error message."""
    kind = filetype.guess(data[:8192])
    if kind is not None:
        if kind.mime in _KIND_NAMES:
            return _KIND_NAMES[kind.mime]
        return f"a {kind.extension.upper()} file ({kind.mime})"
    text = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in text:
        return "an HTML page"
    if text.startswith(b"<?xml") or text.startswith(b"<svg"):
        return "an XML/SVG file"
    try:
        data[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return "unrecognised binary data"
    return "a plain-text file"


def ingest(data: bytes, filename: str, settings: Settings | None = None) -> Ingested:
    """Check limits and sniff the media type; raise a one-line error for bad input."""
    cfg = settings or current_settings()
    name = Path(filename).name or "input"
    if not data:
        raise BadInputError(f"{name} is empty (0 bytes)")
    if len(data) > cfg.max_bytes:
        raise TooLargeError(
            f"{name} is {len(data) / 1e6:.1f} MB, over the {cfg.max_bytes / 1e6:.0f} MB limit"
        )
    media_type = sniff(data)
    if media_type is None:
        raise UnsupportedMediaTypeError(
            f"{name} is {describe(data)}, not a PDF or image (PNG, JPEG, TIFF)"
        )
    return Ingested(
        data=data, filename=name, media_type=media_type, sha256=hashlib.sha256(data).hexdigest()
    )


def ingest_path(path: str | Path, settings: Settings | None = None) -> Ingested:
    """Read a file and :func:`ingest` it; checks the size before reading it all."""
    cfg = settings or current_settings()
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > cfg.max_bytes:
            raise TooLargeError(
                f"{p.name} is {size / 1e6:.1f} MB, over the {cfg.max_bytes / 1e6:.0f} MB limit"
            )
        data = p.read_bytes()
    except IsADirectoryError as exc:
        raise BadInputError(f"{p.name} is a directory, not a file") from exc
    except OSError as exc:
        raise BadInputError(f"{p}: {exc.strerror or exc}") from exc
    return ingest(data, p.name, cfg)
