"""Exports in other projects' layouts: GDELT 2.0 event table, PLOVER JSON records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .common import StoreLike

GDELT_COLUMNS: list[str] = []


def export_gdelt(store: StoreLike, out: str | Path, *, tolerance_days: int = 1,
                 **filters: Any) -> int:
    """Write deduplicated events as a GDELT 2.0 event file (61 tab-separated columns, no
    header); returns the number of rows."""
    raise NotImplementedError


def export_plover(store: StoreLike, out: str | Path, *, tolerance_days: int = 1,
                  **filters: Any) -> int:
    """Write deduplicated events as PLOVER JSON lines; returns the number of records."""
    raise NotImplementedError
