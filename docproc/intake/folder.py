"""Watched-folder intake: files a scanner drops into DIR become cases like loose uploads.

A file is taken only once it is completely written: its size and modification time must be the
same at two checks an interval apart (scanners and SMB copies write in chunks, and there is no
portable "closed" signal). Taken files are grouped by the service's ``intake`` and moved to
``DIR/done/``; files that yield nothing go to ``DIR/failed/`` with a ``<name>.reason.txt``. A
file is moved only after its documents are stored, so a crash means a retry, never a loss.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docproc.errors import UsageError
from docproc.intake.archive import Rejected
from docproc.intake.config import INTAKE_DEFAULTS, limits
from docproc.intake.screen import Screened, quarantine, screen
from docproc.service.audit import record
from docproc.service.cases import intake
from docproc.service.state import Service

log = logging.getLogger(__name__)

SKIP_SUFFIXES = (".part", ".tmp", ".crdownload", ".partial", "~", ".reason.txt")
EMPTY_PATIENCE = 10  # checks an empty file must stay empty before it is taken (and refused)


@dataclass
class Outcome:
    """What happened to one file of the folder."""

    file: str
    outcome: str  # done | failed
    case_id: int | None = None
    documents: int = 0
    reasons: list[str] = field(default_factory=list)


class FolderWatcher:
    """Takes stable files out of one folder; keep one instance per folder between checks."""

    def __init__(self, svc: Service, folder: Path, settle: float | None = None) -> None:
        if not folder.is_dir():
            raise UsageError(f"{folder}: not a directory")
        self.svc = svc
        self.folder = folder
        self.done = folder / "done"
        self.failed = folder / "failed"
        self.done.mkdir(exist_ok=True)
        self.failed.mkdir(exist_ok=True)
        self.limits = limits(svc.config)
        self.settle = float(settle if settle is not None else
                            svc.config.get("INTAKE_FOLDER_INTERVAL")
                            or INTAKE_DEFAULTS["INTAKE_FOLDER_INTERVAL"])
        # name -> (size, mtime_ns) last seen, and when that signature was first seen
        self._seen: dict[str, tuple[int, int]] = {}
        self._since: dict[str, float] = {}
        self._stable_checks: dict[str, int] = {}

    def _candidates(self) -> dict[str, tuple[int, int]]:
        now: dict[str, tuple[int, int]] = {}
        with os.scandir(self.folder) as it:
            for e in it:
                if e.name.startswith(".") or e.name.endswith(SKIP_SUFFIXES):
                    continue
                try:
                    if not e.is_file(follow_symlinks=False):
                        continue
                    st = e.stat(follow_symlinks=False)
                except FileNotFoundError:
                    continue
                now[e.name] = (st.st_size, st.st_mtime_ns)
        return now

    def ready(self) -> list[str]:
        """Names whose size and mtime stayed the same over two checks ``settle`` s apart."""
        now = self._candidates()
        clock, wall = time.monotonic(), time.time_ns()
        out = []
        for name, sig in now.items():
            if self._seen.get(name) != sig:
                self._since[name] = clock
                self._stable_checks[name] = 0
                continue
            self._stable_checks[name] += 1
            quiet = clock - self._since[name] >= self.settle and (
                wall - sig[1] >= self.settle * 1e9)
            if quiet and (sig[0] > 0 or self._stable_checks[name] >= EMPTY_PATIENCE):
                out.append(name)
        self._seen = now
        for gone in set(self._since) - set(now):
            self._since.pop(gone, None)
            self._stable_checks.pop(gone, None)
        return sorted(out)

    def take(self, names: list[str]) -> list[Outcome]:
        """Store the documents of these files as intake batches, then move the files."""
        screened: list[tuple[str, Screened]] = []
        for name in names:
            try:
                data = (self.folder / name).read_bytes()
            except FileNotFoundError:
                continue  # taken by someone else meanwhile
            screened.append((name, screen([(name, data)], self.limits, self.svc.settings)))
        outcomes: list[Outcome] = []
        for batch in self._batches(screened):
            outcomes.extend(self._take_batch(batch))
        for name, _ in screened:
            self._seen.pop(name, None)
            self._since.pop(name, None)
            self._stable_checks.pop(name, None)
        return outcomes

    def _batches(self, screened: list[tuple[str, Screened]]) -> list[list[tuple[str, Screened]]]:
        cap = self.limits.max_attachments
        batches: list[list[tuple[str, Screened]]] = [[]]
        count = 0
        for item in screened:
            n = len(item[1].accepted)
            if count and count + n > cap:
                batches.append([])
                count = 0
            batches[-1].append(item)
            count += n
        return [b for b in batches if b]

    def _take_batch(self, batch: list[tuple[str, Screened]]) -> list[Outcome]:
        uploads = [u for _, s in batch for u in s.accepted]
        case_id = None
        if uploads:
            case_id, _jobs = intake(self.svc, uploads, source="folder")  # raises -> retry later
            rejected = [r for _, s in batch for r in s.rejected]
            with self.svc.db.session() as session:
                record(session, "intake.folder", case_id=case_id, entity="case", entity_id=case_id,
                       actor="intake-folder",
                       after={"files": [n for n, _ in batch],
                              "quarantined": [{"name": r.name, "reason": r.reason}
                                              for r in rejected]})
        outcomes = []
        for name, s in batch:
            reasons = [f"{r.name}: {r.reason}" for r in s.rejected]
            quarantine(self.svc.settings.home, f"folder:{self.folder}/{name}", s.rejected)
            if s.accepted:
                self._move(name, self.done, reasons)
                outcomes.append(Outcome(name, "done", case_id, len(s.accepted), reasons))
            else:
                self._move(name, self.failed, reasons or ["no document in the file"])
                outcomes.append(Outcome(name, "failed", None, 0, reasons))
        return outcomes

    def _move(self, name: str, target: Path, reasons: list[str]) -> None:
        dest = target / name
        n = 1
        while dest.exists():
            dest = target / f"{Path(name).stem}.{n}{Path(name).suffix}"
            n += 1
        os.replace(self.folder / name, dest)
        if reasons:
            (target / f"{dest.name}.reason.txt").write_text("\n".join(reasons) + "\n",
                                                            encoding="utf-8")


def run(svc: Service, folder: Path, *, once: bool, interval: float | None = None,
        report: Any = None) -> list[Outcome]:
    """Watch ``folder``; with ``once``, two checks an interval apart, then return."""
    watcher = FolderWatcher(svc, folder, settle=interval)
    taken: list[Outcome] = []
    watcher.ready()
    while True:
        time.sleep(watcher.settle)
        try:
            outcomes = watcher.take(watcher.ready())
        except Exception:  # noqa: BLE001 - files stay in place and are retried next check
            if once:
                raise
            log.exception("folder intake failed; the files stay for the next check")
            continue
        for o in outcomes:
            if report is not None:
                report(o)
        taken.extend(outcomes)
        if once:
            return taken


__all__ = ["FolderWatcher", "Outcome", "Rejected", "run"]
