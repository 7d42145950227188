"""One dyad over time, with alerts where its Goldstein mean leaves its usual range.

The baseline of a period is the mean of the previous `window` non-empty periods, its
spread their standard deviation. A period whose Goldstein mean lies more than `z` spreads
from the baseline is an alert: "warming" when more cooperative, "cooling" when more
conflictual. The spread has a floor (`min_std`, in Goldstein points) so a dyad whose
history is flat does not alarm on the first small wobble, and at least `min_history`
previous periods are needed, so a dyad's first appearances never alarm.
"""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

import pyarrow as pa

from ..errors import ConfigError
from .common import PERIODS, Filters, StoreLike, choice, fetch, opened
from .dyads import aggregate_sql
from .groups import DEFAULT_TOLERANCE_DAYS, check_tolerance


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
        values = asdict(self)
        values["date"] = self.date.isoformat()
        return values


def detect_changes(periods: list[date], values: list[float | None], *, window: int = 8,
                   z: float = 3.0, min_history: int = 4, min_std: float = 0.5,
                   counts: list[int] | None = None) -> list[Alert]:
    """Alerts where |value - mean of previous `window` values| > z * max(their std, min_std).

    Empty periods (value None) are skipped; they neither alarm nor count as history.
    """
    if window < 2 or min_history < 2 or min_history > window:
        raise ConfigError(f"window {window} and min_history {min_history} must satisfy "
                          "2 <= min_history <= window")
    if z <= 0 or min_std < 0:
        raise ConfigError(f"z {z} must be > 0 and min_std {min_std} >= 0")
    alerts: list[Alert] = []
    history: list[float] = []
    for i, (day, value) in enumerate(zip(periods, values, strict=True)):
        if value is None:
            continue
        if len(history) >= min_history:
            recent = history[-window:]
            baseline = statistics.fmean(recent)
            spread = max(statistics.stdev(recent), min_std)
            score = (value - baseline) / spread if spread else 0.0
            if abs(score) > z:
                alerts.append(Alert(date=day, value=value, baseline=baseline, std=spread,
                                    z=round(score, 3),
                                    direction="warming" if score > 0 else "cooling",
                                    events=counts[i] if counts else 0))
        history.append(value)
    return alerts


def _step(day: date, period: str) -> date:
    """The first day of the period after the one starting on `day`."""
    if period == "day":
        return day + timedelta(days=1)
    if period == "week":
        return day + timedelta(days=7)
    if period == "month":
        return date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return date(day.year + 1, 1, 1)


def _side(column: str) -> str:
    """SQL: an events side matches a code given as actor code prefix or country code."""
    return f"(starts_with(e.{column}_code, ?) OR e.{column}_country = ?)"


def trend(store: StoreLike, a: str, b: str, *, period: str = "week", directed: bool = False,
          count: str = "events", window: int = 8, z: float = 3.0, min_history: int = 4,
          min_std: float = 0.5, tolerance_days: int = DEFAULT_TOLERANCE_DAYS,
          dedup: bool = True, **filters: Any) -> tuple[pa.Table, list[Alert]]:
    """Time series of the dyad A-B (actor codes or country codes) and its change alerts.

    Table columns as `dyads` (one row per period, every period between the first and last
    one present, empty periods with zero counts and null means), plus baseline, z and
    alert (warming/cooling/null). directed=True keeps only A->B. Undated events are left
    out (they have no period). dedup=False counts records as events (see `dyads`).
    """
    period = choice(period, PERIODS, "period")
    codes = []
    for what, code in (("a", a), ("b", b)):
        if not isinstance(code, str) or not code.strip():
            raise ConfigError(f"dyad side {what} must be an actor or country code, got {code!r}")
        codes.append(code.strip().upper())
    a, b = codes
    chosen = Filters.of(filters)
    forward = f"({_side('source')} AND {_side('target')})"
    if directed:
        chosen.extra.append((forward, [a, a, b, b]))
    else:
        chosen.extra.append((f"({forward} OR {forward})", [a, a, b, b, b, b, a, a]))
    chosen.extra.append(("e.date IS NOT NULL", []))
    # Both directions are summed under one label pair; dedup still keeps them apart.
    sql, params = aggregate_sql(chosen, a="'a'", b="'b'", period=period, directed=True,
                                count=count, tolerance_days=check_tolerance(tolerance_days),
                                dedup=dedup)
    with opened(store) as con:
        table = fetch(con, f"SELECT * FROM ({sql}) s ORDER BY period", params)
    rows = {row["period"]: row for row in table.to_pylist()}
    filled: list[dict[str, Any]] = []
    if rows:
        day, last = min(rows), max(rows)
        empty = {name: 0 for name in table.column_names}
        empty.update(goldstein_sum=0.0, goldstein_mean=None)
        while day <= last:
            row = dict(rows.get(day) or empty)
            row.update(period=day, source=a, target=b)
            filled.append(row)
            day = _step(day, period)
    alerts = detect_changes([r["period"] for r in filled],
                            [r["goldstein_mean"] for r in filled], window=window, z=z,
                            min_history=min_history, min_std=min_std,
                            counts=[r["events"] for r in filled])
    flagged = {alert.date: alert for alert in alerts}
    for row in filled:
        alert = flagged.get(row["period"])
        row.update(baseline=alert.baseline if alert else None, z=alert.z if alert else None,
                   alert=alert.direction if alert else None)
    schema = table.schema.append(pa.field("baseline", pa.float64())).append(
        pa.field("z", pa.float64())).append(pa.field("alert", pa.string()))
    return pa.Table.from_pylist(filled, schema=schema), alerts
