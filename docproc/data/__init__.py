"""Reference data shipped with docproc (lexicons, glossaries, units, thresholds).

Data lives in YAML/CSV files beside this module, never as literals in code. ``load`` reads
and caches one file and raises :class:`ReferenceDataError` with the file name when it is
missing or malformed, so a bad edit by an admin gives a clear message instead of a crash.

A few files (:data:`OVERRIDABLE`) may be edited by an admin at run time
(:mod:`docproc.refdata`). The edit is a file of the same name in :func:`override_dir`
(``$DOCPROC_HOME/refdata``); ``load`` prefers it while it exists, and the shipped file stays
the default. The cache is keyed by the identity of the file it read (inode, mtime, size), so
every process -- the in-process pool, each gunicorn worker, each Celery worker -- picks up
an edit made by another one on its next ``load`` without a restart.
"""

from __future__ import annotations

import csv
import functools
import os
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import yaml

from docproc.errors import ReferenceDataError

DATA_DIR = Path(__file__).resolve().parent
OVERRIDABLE = frozenset({"glossary.csv", "agencies_not_recognized.yaml", "check.yaml"})

T = TypeVar("T")

_override_dir: Path | None = None
# name -> ((path, inode, mtime_ns, size), parsed content)
_cache: dict[str, tuple[tuple[str, int, int, int], Any]] = {}


def use_override_dir(path: Path | str | None) -> Path | None:
    """Read admin edits from ``path`` (the service sets ``$HOME/refdata``; None: default).

    Returns the previous setting, so that tests can put it back.
    """
    global _override_dir
    previous = _override_dir
    _override_dir = Path(path) if path is not None else None
    return previous


def override_dir() -> Path:
    """The folder of admin edits: as set by the service, else ``$DOCPROC_HOME/refdata``."""
    if _override_dir is not None:
        return _override_dir
    return _home_override_dir(os.environ.get("DOCPROC_HOME"), os.environ.get("XDG_DATA_HOME"))


@functools.lru_cache(maxsize=8)
def _home_override_dir(docproc_home: str | None, xdg_data_home: str | None) -> Path:
    """``$DOCPROC_HOME/refdata``; keyed by the variables it depends on, since ``load`` is hot
    and building the settings is not cheap."""
    from docproc.config import settings

    return settings().home / "refdata"


def override_path(name: str) -> Path | None:
    """Where an admin's edit of ``name`` lives, or None when ``name`` is not editable."""
    return override_dir() / name if name in OVERRIDABLE else None


def _current(name: str) -> tuple[Path, os.stat_result]:
    """The file ``load`` reads now (the override while it exists) and its stat."""
    over = override_path(name)
    if over is not None:
        try:
            return over, over.stat()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise ReferenceDataError(f"reference data {name} (override {over}): "
                                     f"{exc.strerror}") from exc
    path = DATA_DIR / name
    try:
        return path, path.stat()
    except OSError as exc:
        raise ReferenceDataError(f"reference data {name}: {exc.strerror}") from exc


def source(name: str) -> tuple[Path, bool, os.stat_result]:
    """``(path, overridden, stat)`` of the file ``load(name)`` reads now."""
    path, st = _current(name)
    return path, path != DATA_DIR / name, st


def parse(name: str, text: str) -> Any:
    """Parse the text of reference file ``name`` by its extension (YAML or CSV rows)."""
    try:
        if name.endswith((".yaml", ".yml")):
            return yaml.safe_load(text)
        if name.endswith(".csv"):
            return list(csv.DictReader(text.splitlines()))
    except (yaml.YAMLError, csv.Error) as exc:
        detail = " ".join(str(exc).split())  # YAML errors span lines; keep the message one
        raise ReferenceDataError(f"reference data {name} is malformed: {detail}") from exc
    raise ReferenceDataError(f"reference data {name}: unknown format")


def load(name: str) -> Any:
    """Load ``name`` (e.g. ``"labels.yaml"``), cached until its file changes.

    Callers share the returned object: treat it as read-only.
    """
    if not name or name != Path(name).name or name.startswith("."):
        raise ReferenceDataError(f"reference data {name!r}: not a file name")
    path, st = _current(name)
    key = (str(path), st.st_ino, st.st_mtime_ns, st.st_size)
    hit = _cache.get(name)
    if hit is not None and hit[0] == key:
        return hit[1]
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        if path != DATA_DIR / name:
            return load(name)  # the override was reset between stat and read
        raise ReferenceDataError(f"reference data {name}: {exc.strerror}") from exc
    except OSError as exc:
        raise ReferenceDataError(f"reference data {name}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise ReferenceDataError(f"reference data {name} is malformed: not UTF-8") from exc
    value = parse(name, text)
    _cache[name] = (key, value)
    return value


def derived(*names: str) -> Callable[[Callable[[], T]], Callable[[], T]]:
    """Cache a function built from reference files until one of them changes.

    ``functools.cache`` would keep, say, the glossary index of the shipped file for the life
    of the process; this keeps it only while ``load`` returns the same objects.
    """

    def decorator(fn: Callable[[], T]) -> Callable[[], T]:
        memo: list[tuple[tuple[Any, ...], T]] = []  # one (sources, value); sources held
        # so that their ids stay unique while compared

        @wraps(fn)
        def wrapper() -> T:
            sources = tuple(load(n) for n in names)
            if memo:
                seen, value = memo[0]
                if all(a is b for a, b in zip(seen, sources, strict=True)):
                    return value
            value = fn()
            memo[:] = [(sources, value)]
            return value

        return wrapper

    return decorator
