"""Reference data shipped with docproc (lexicons, glossaries, units, thresholds).

Data lives in YAML/CSV files beside this module, never as literals in code. ``load`` reads
and caches one file and raises :class:`ReferenceDataError` with the file name when it is
missing or malformed, so a bad edit by an admin gives a clear message instead of a crash.
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path
from typing import Any

import yaml

from docproc.errors import ReferenceDataError

DATA_DIR = Path(__file__).resolve().parent


@functools.cache
def load(name: str) -> Any:
    """Load ``name`` (e.g. ``"labels.yaml"``) from the data folder, cached."""
    path = DATA_DIR / name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ReferenceDataError(f"reference data {name}: {exc.strerror}") from exc
    try:
        if name.endswith((".yaml", ".yml")):
            return yaml.safe_load(text)
        if name.endswith(".csv"):
            return list(csv.DictReader(text.splitlines()))
    except (yaml.YAMLError, csv.Error) as exc:
        raise ReferenceDataError(f"reference data {name} is malformed: {exc}") from exc
    raise ReferenceDataError(f"reference data {name}: unknown format")
