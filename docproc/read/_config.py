"""Thresholds of the read stage, from ``docproc/data/read.yaml`` (one place to tune them)."""

from __future__ import annotations

from typing import Any

from docproc.data import load
from docproc.errors import ReferenceDataError


def section(name: str) -> dict[str, Any]:
    """Return one section of ``read.yaml``; a missing section is a named data error."""
    data = load("read.yaml")
    if not isinstance(data, dict) or not isinstance(data.get(name), dict):
        raise ReferenceDataError(f"reference data read.yaml: missing section '{name}'")
    return data[name]
