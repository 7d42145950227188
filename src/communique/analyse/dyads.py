"""Dyad aggregates: events between pairs of actors or countries per day/week/month/year."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from .common import StoreLike


def dyads(store: StoreLike, *, period: str | None = "month", directed: bool = True,
          level: str = "actor", count: str = "events", **filters: Any) -> pa.Table:
    """Events per dyad and period with quad-class counts and Goldstein sums.

    Columns: period (first day of the period, DATE; null for undated events, or absent
    when period is None), source, target, events (deduplicated events, see event_groups),
    mentions (event records), verbal_coop, material_coop, verbal_conflict,
    material_conflict, goldstein_sum, goldstein_mean. `count` says what the quad-class and
    Goldstein columns weigh: "events" (each deduplicated event once, its Goldstein the mean
    of its mentions) or "mentions" (each record once). level "actor" uses actor codes,
    "country" their country codes. directed=False merges A->B with B->A (source < target).
    Sorted by period, events desc, source, target.
    """
    raise NotImplementedError
