"""Safe ZIP extraction for attachments: bounded in members, size and ratio, names flattened.

A ZIP from the outside world may be a bomb (a few KB that inflate to gigabytes), carry names
like ``../../x.pdf``, be encrypted, or hide programs. Nothing is written to disk here: members
are read into memory only up to the limits, and the header sizes are not trusted (a member is
read with a hard cap, so a lying header cannot inflate past it).
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from docproc.intake.config import ARCHIVE_SUFFIXES, IntakeLimits

_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class Rejected:
    """A file we refused, with the reason shown to people and the bytes kept for review."""

    name: str
    reason: str
    data: bytes | None = None


@dataclass
class Expanded:
    """The members taken out of an archive, and the ones refused."""

    files: list[tuple[str, bytes]] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)


def safe_name(name: str | None, default: str = "attachment") -> str:
    """The base name only (no directories, no control characters), never empty or dotted."""
    text = unicodedata.normalize("NFC", name or "")
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = _UNSAFE.sub("", text).strip().lstrip(".")
    return text[:200] or default


def is_zip(name: str, data: bytes) -> bool:
    """True for ZIP bytes (whatever the name) or a ``.zip`` name."""
    suffix = PurePosixPath(name).suffix.lower()
    return data[:4] in (b"PK\x03\x04", b"PK\x05\x06") or suffix in ARCHIVE_SUFFIXES


def expand(name: str, data: bytes, limits: IntakeLimits) -> Expanded:
    """Take the members of a ZIP, refusing the whole archive when it is a bomb or encrypted."""
    out = Expanded()
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in zf.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        out.rejected.append(Rejected(name, f"not a readable ZIP archive ({exc})", data))
        return out
    if any(i.flag_bits & 0x1 for i in infos):
        out.rejected.append(Rejected(name, "password-protected ZIP archive", data))
        return out
    if len(infos) > limits.zip_max_members:
        out.rejected.append(Rejected(
            name, f"ZIP archive with {len(infos)} files, over the {limits.zip_max_members} "
            "limit", data))
        return out
    declared = sum(i.file_size for i in infos)
    if declared > limits.zip_max_total_bytes:
        out.rejected.append(Rejected(name, _bomb(declared, limits), data))
        return out
    total = 0
    with zf:
        for info in infos:
            ratio = info.file_size / max(1, info.compress_size)
            if ratio > limits.zip_max_ratio:
                out.rejected.append(Rejected(
                    name, f"ZIP bomb: {info.filename!r} expands {ratio:.0f}x, over the "
                    f"{limits.zip_max_ratio:.0f}x limit", data))
                return Expanded(rejected=out.rejected)
            budget = min(limits.max_attachment_bytes, limits.zip_max_total_bytes - total) + 1
            try:
                with zf.open(info) as fh:
                    member = fh.read(budget)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError,
                    NotImplementedError) as exc:
                out.rejected.append(Rejected(safe_name(info.filename),
                                             f"unreadable ZIP member ({exc})"))
                continue
            total += len(member)
            if total > limits.zip_max_total_bytes:
                out.rejected.append(Rejected(name, _bomb(total, limits), data))
                return Expanded(rejected=out.rejected)
            member_name = safe_name(info.filename)
            if len(member) >= budget:
                out.rejected.append(Rejected(
                    member_name, f"over the {limits.max_attachment_bytes / 1e6:.0f} MB "
                    "attachment limit (inside a ZIP)"))
                continue
            out.files.append((member_name, member))
    return out


def _bomb(size: int, limits: IntakeLimits) -> str:
    return (f"ZIP bomb: expands to more than {size / 1e6:.0f} MB, over the "
            f"{limits.zip_max_total_bytes / 1e6:.0f} MB limit")
