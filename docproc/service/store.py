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
import itertools
import os
import re
import threading
from pathlib import Path

from docproc.errors import DocprocError

_SHA = re.compile(r"^[0-9a-f]{64}$")
_seq = itertools.count()  # unique temporary names without tempfile's random retries


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
        # Directories whose entries this process has made durable: each is fsynced once.
        self._durable_dirs: set[str] = {str(self.objects), str(self.derived)}
        self._dirs_lock = threading.Lock()
        _fsync_dir(self.root)  # the entries of objects/, derived/ and tmp/ themselves

    def path(self, sha256: str) -> Path:
        """Where the object with this hash lives (whether or not it exists)."""
        if not _SHA.match(sha256):
            raise StoreError(f"not a SHA-256: {sha256[:80]!r}")
        return self.objects / sha256[:2] / sha256[2:4] / sha256

    def exists(self, sha256: str) -> bool:
        """True when the object is stored."""
        return self.path(sha256).is_file()

    def put(self, data: bytes, *, sha256: str | None = None) -> str:
        """Store ``data`` durably and return its SHA-256.

        ``sha256`` saves hashing the bytes twice when the caller (ingest) has just hashed
        them; it must be the hash of ``data``.
        """
        sha = sha256 or hashlib.sha256(data).hexdigest()
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
        parent = target.parent
        if os.path.isfile(target):
            if sync_dir:  # its writer may not have fsynced the directory yet
                for d in (parent, *self._new_dirs(parent)):
                    _fsync_dir(d)
                self._remember(parent)
            return
        # Directory entries are made durable *after* the file's data: on ext4 one fsync
        # commits every pending metadata change, so the later directory fsyncs mostly find
        # nothing left to write (one journal commit per upload instead of three).
        unsynced = self._new_dirs(parent)
        tmp_name = os.path.join(
            self.tmp, f"{target.name[:16]}.{os.getpid()}.{threading.get_ident()}.{next(_seq)}")
        fd = os.open(tmp_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(tmp_name, target)
        except BaseException:
            try:
                os.unlink(tmp_name)
            except FileNotFoundError:
                pass
            raise
        if sync_dir:
            _fsync_dir(parent)
            for d in unsynced:
                _fsync_dir(d)
            self._remember(parent)

    def _new_dirs(self, directory: Path) -> list[Path]:
        """Create ``directory`` and its parent; return the directories whose entries (made by
        us, or by another thread or process that may not have fsynced them yet) this process
        has not yet seen durable: the parents of the not-yet-known directories, deepest first.
        """
        todo: list[Path] = []
        d = directory
        while str(d) not in self._durable_dirs and d.parent != self.root:
            todo.append(d)
            d = d.parent
        for d in reversed(todo):
            try:
                os.mkdir(d)
            except FileExistsError:
                pass
        return [d.parent for d in todo]

    def _remember(self, directory: Path) -> None:
        """``directory`` and its ancestors have durable entries: never fsync them again."""
        with self._dirs_lock:
            d = directory
            while d != self.root and str(d) not in self._durable_dirs:
                self._durable_dirs.add(str(d))
                d = d.parent
