"""Screening of incoming files, shared by the mail and folder intake.

Every file either becomes an :class:`~docproc.service.cases.Upload` the service will store, or
a :class:`~docproc.intake.archive.Rejected` with a reason that is recorded and quarantined. The
order is fixed so the outcome is predictable: name -> program? -> archive? -> size -> media type
(from the bytes, by :func:`docproc.ingest.ingest`) -> per-message cap.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from docproc.config import Settings
from docproc.errors import DocprocError
from docproc.ingest import ingest
from docproc.intake.archive import Rejected, expand, is_zip, safe_name
from docproc.intake.config import EXECUTABLE_SUFFIXES, IntakeLimits
from docproc.service.cases import Upload

_EXEC_MAGIC = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe")


@dataclass
class Screened:
    """The outcome of screening one message or batch."""

    accepted: list[Upload] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    # Which incoming file each accepted upload came from (for the folder's done/failed moves).
    origin: list[str] = field(default_factory=list)


def looks_executable(name: str, data: bytes) -> bool:
    """A program by its name or its first bytes (Windows PE, ELF, Mach-O, script)."""
    return PurePosixPath(name).suffix.lower() in EXECUTABLE_SUFFIXES or data.startswith(
        _EXEC_MAGIC)


def screen(files: list[tuple[str, bytes]], limits: IntakeLimits, settings: Settings) -> Screened:
    """Split incoming files into uploads to store and rejections with reasons."""
    out = Screened()
    for raw_name, data in files:
        name = safe_name(raw_name)
        if looks_executable(name, data):
            out.rejected.append(Rejected(name, "executable file", data))
            continue
        if is_zip(name, data):
            if len(data) > limits.max_attachment_bytes:
                out.rejected.append(Rejected(name, _too_big(len(data), limits), None))
                continue
            inner = expand(name, data, limits)
            out.rejected.extend(inner.rejected)
            for member, member_data in inner.files:
                if looks_executable(member, member_data):
                    out.rejected.append(Rejected(member, f"executable file (inside {name})",
                                                 member_data))
                elif is_zip(member, member_data):
                    out.rejected.append(Rejected(member, f"nested archive (inside {name})",
                                                 member_data))
                else:
                    _take(out, member, member_data, limits, settings, origin=name)
            continue
        _take(out, name, data, limits, settings, origin=name)
    return out


def _take(out: Screened, name: str, data: bytes, limits: IntakeLimits, settings: Settings, *,
          origin: str) -> None:
    if len(data) > limits.max_attachment_bytes:
        # Not kept: an oversize file is exactly what must not fill the quarantine.
        out.rejected.append(Rejected(name, _too_big(len(data), limits), None))
        return
    try:
        ingested = ingest(data, name, settings)
    except DocprocError as exc:
        out.rejected.append(Rejected(name, exc.message, data))
        return
    if ingested.media_type not in limits.allowed_types:
        out.rejected.append(Rejected(name, f"media type {ingested.media_type} not allowed", data))
        return
    if len(out.accepted) >= limits.max_attachments:
        out.rejected.append(Rejected(
            name, f"over the cap of {limits.max_attachments} documents per message", data))
        return
    out.accepted.append(Upload(filename=ingested.filename, data=data))
    out.origin.append(origin)


def _too_big(size: int, limits: IntakeLimits) -> str:
    return (f"{size / 1e6:.1f} MB, over the {limits.max_attachment_bytes / 1e6:.0f} MB "
            "attachment limit")


def quarantine(home: Path, key: str, rejected: list[Rejected]) -> Path | None:
    """Keep refused files with a ``<name>.reason.txt`` each under ``HOME/quarantine/KEY``."""
    if not rejected:
        return None
    folder = home / "quarantine" / hashlib.sha256(key.encode()).hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "source.json").write_text(json.dumps({"source": key}, ensure_ascii=False))
    for n, r in enumerate(rejected):
        stem = f"{n:02d}_{r.name}"
        if r.data is not None:
            _write(folder / stem, r.data)
        (folder / f"{stem}.reason.txt").write_text(r.reason + "\n", encoding="utf-8")
    return folder


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
