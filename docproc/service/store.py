"""Content-addressed file store: uploads and page images, named by their SHA-256.

``objects/ab/cd/abcd…`` keeps directories small. A file is written to ``tmp/``, fsynced,
renamed into place and its directory fsynced *before* ``put`` returns, so an upload that the
API acknowledged survives a crash or power loss. Identical content is stored once; writing it
again is a no-op, which is what makes retried jobs and re-uploads harmless. Several machines
may share one store (``DOCPROC_STORE_DIR`` on a network file system): the rename is atomic and
the name is the content, so concurrent writers cannot corrupt each other.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from docproc.errors import DocprocError

_SHA = re.compile(r"^[0-9a-f]{64}$")


class StoreError(DocprocError):
    """A stored object is missing or its name is not a SHA-256 (a corrupted reference)."""

    code = "store_error"


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class FileStore:
    """Durable, deduplicating storage of byte strings keyed by their SHA-256."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.objects = self.root / "objects"
        self.derived = self.root / "derived"
        self.tmp = self.root / "tmp"
        for d in (self.objects, self.derived, self.tmp):
            d.mkdir(parents=True, exist_ok=True)

    def path(self, sha256: str) -> Path:
        """Where the object with this hash lives (whether or not it exists)."""
        if not _SHA.match(sha256):
            raise StoreError(f"not a SHA-256: {sha256[:80]!r}")
        return self.objects / sha256[:2] / sha256[2:4] / sha256

    def exists(self, sha256: str) -> bool:
        """True when the object is stored."""
        return self.path(sha256).is_file()

    def put(self, data: bytes) -> str:
        """Store ``data`` durably and return its SHA-256."""
        sha = hashlib.sha256(data).hexdigest()
        self._write(self.path(sha), data)
        return sha

    def get(self, sha256: str) -> bytes:
        """The bytes of a stored object."""
        try:
            return self.path(sha256).read_bytes()
        except FileNotFoundError as exc:
            raise StoreError(f"object {sha256} is missing from the file store") from exc

    def derived_path(self, key: str) -> Path:
        """Where a derived file (a resized page image) for ``key`` is cached."""
        digest = hashlib.sha256(key.encode()).hexdigest()
        return self.derived / digest[:2] / digest

    def put_derived(self, key: str, data: bytes) -> Path:
        """Cache a derived file; it can always be recomputed, so no directory fsync."""
        target = self.derived_path(key)
        self._write(target, data, sync_dir=False)
        return target

    def _write(self, target: Path, data: bytes, *, sync_dir: bool = True) -> None:
        if target.is_file():
            return
        parent = target.parent
        new_dirs = [p for p in (parent.parent, parent) if not p.exists()]
        parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=self.tmp, prefix=target.name[:16] + ".")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp_name, target)
        except BaseException:
            try:
                os.unlink(tmp_name)
            except FileNotFoundError:
                pass
            raise
        if sync_dir:
            _fsync_dir(parent)
            for d in reversed(new_dirs):  # a new directory entry must be durable too
                _fsync_dir(d.parent)
