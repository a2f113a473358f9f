"""Thresholds of the read stage, from ``docproc/data/read.yaml`` (one place to tune them)."""

from __future__ import annotations

import functools
import os
from typing import Any

from docproc.data import load
from docproc.errors import ReferenceDataError


def section(name: str) -> dict[str, Any]:
    """Return one section of ``read.yaml``; a missing section is a named data error."""
    data = load("read.yaml")
    if not isinstance(data, dict) or not isinstance(data.get(name), dict):
        raise ReferenceDataError(f"reference data read.yaml: missing section '{name}'")
    return data[name]


@functools.cache
def limit_tesseract_threads() -> None:
    """Cap Tesseract's OpenMP threads (``ocr.omp_thread_limit``) for every run this process
    starts. pytesseract gives its subprocess this process's environment and takes no other,
    so the cap goes there; a limit the user set already is kept."""
    limit = int(section("ocr").get("omp_thread_limit", 0))
    if limit > 0:
        os.environ.setdefault("OMP_THREAD_LIMIT", str(limit))
