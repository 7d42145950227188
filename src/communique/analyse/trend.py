"""One dyad over time, with alerts where its Goldstein mean leaves its usual range."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pyarrow as pa

from .common import StoreLike


@dataclass(frozen=True)
class Alert:
    """A period whose Goldstein mean departs from the previous periods' baseline."""

    date: date
    value: float
    baseline: float
    std: float
    z: float
    direction: str  # "warming" (more cooperative) or "cooling" (more conflictual)
    events: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready fields (date as ISO text)."""
        raise NotImplementedError


def detect_changes(periods: list[date], values: list[float | None], *, window: int = 8,
                   z: float = 2.0, min_history: int = 4,
                   counts: list[int] | None = None) -> list[Alert]:
    """Alerts where |value - mean of previous `window` values| > z * their std.

    Needs `min_history` previous non-empty periods; a flat history (std 0) uses a floor of
    0.5 Goldstein points so one noisy period on a quiet dyad does not fire on its own.
    """
    raise NotImplementedError


def trend(store: StoreLike, a: str, b: str, *, period: str = "week", directed: bool = False,
          count: str = "events", window: int = 8, z: float = 2.0, min_history: int = 4,
          **filters: Any) -> tuple[pa.Table, list[Alert]]:
    """Time series of the dyad A-B (actor codes or country codes) and its change alerts.

    Table columns as `dyads` (one row per period, every period between the first and last
    one present, empty periods with zero counts and null means), plus baseline, z and
    alert (warming/cooling/null). directed=True keeps only A->B.
    """
    raise NotImplementedError
