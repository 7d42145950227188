"""Dyad aggregates: events between pairs of actors or countries per day/week/month/year."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from .common import COUNTS, Filters, StoreLike, choice, fetch, opened, period_sql, side_columns
from .groups import DEFAULT_TOLERANCE_DAYS, TOLERANCE_CTE, chain_sql, check_tolerance

_QUADS = ("verbal_coop", "material_coop", "verbal_conflict", "material_conflict")


def aggregate_sql(filters: Filters, *, a: str, b: str, period: str | None, directed: bool,
                  count: str, tolerance_days: int,
                  dedup: bool = True) -> tuple[str, list[Any]]:
    """The dyads query for side expressions a and b (SQL over events e) and its parameters.

    Records are first summed per dyad, root and day; groups are chained over those daily
    rows (far fewer than records), so deduplication costs one window over days, not records.
    An event belongs to the period of its first day; with count="mentions" each record
    counts in the period of its own day. Without dedup each record is an event: one
    GROUP BY, for stores whose records are already one per event.
    """
    count = choice(count, COUNTS, "count")
    where, params = filters.sql()
    params.insert(0, tolerance_days)
    # Actor-level sides are the dedup keys themselves; other sides are extra keys.
    same = (a, b) == ("e.source_code", "e.target_code")
    x, y = ("sc", "tc") if same else ("a", "b")
    keys = "sc, tc, r" if same else "sc, tc, a, b, r"
    if directed:
        pair_a, pair_b = x, y
    else:  # the sorted pair, a missing side last
        pair_a = f"CASE WHEN {x} IS NULL THEN {y} WHEN {y} IS NULL OR {x} <= {y} THEN {x} " \
                 f"ELSE {y} END"
        pair_b = f"CASE WHEN {x} IS NULL THEN {x} WHEN {y} IS NULL OR {x} <= {y} THEN {y} " \
                 f"ELSE {x} END"
    daily = f"""
        SELECT e.source_code AS sc, e.target_code AS tc, {"" if same else f"{a} AS a, {b} AS b,"}
               e.cameo_root AS r, CASE WHEN e.date IS NULL THEN e.doc_id END AS ud,
               e.date AS d, count(*) AS n, sum(e.goldstein) AS gs,
               {", ".join(f"count(*) FILTER (e.quad_class = {q + 1}) AS {name}"
                          for q, name in enumerate(_QUADS))}
        FROM {filters.from_sql()} WHERE {where}
        GROUP BY ALL"""
    when = f"{period_sql(period, 'd')} AS period, " if period is not None else ""
    group = "period, source, target" if period is not None else "source, target"
    order = f"{'period NULLS LAST, ' if period is not None else ''}events DESC, " \
            "source NULLS LAST, target NULLS LAST"
    if not dedup:  # one GROUP BY straight over the records
        sql = f"""
            SELECT {when}{pair_a} AS source, {pair_b} AS target, count(*) AS events,
                   count(*) AS mentions,
                   {", ".join(f"count(*) FILTER (q = {n + 1}) AS {name}"
                              for n, name in enumerate(_QUADS))},
                   sum(gs) AS goldstein_sum, avg(gs) AS goldstein_mean
            FROM (SELECT e.date AS d, {a} AS {x}, {b} AS {y}, e.quad_class AS q,
                         e.goldstein AS gs FROM {filters.from_sql()} WHERE {where}) rec
            GROUP BY {group} ORDER BY {order}"""
        return sql, params[1:]
    if count == "mentions":
        chained = chain_sql(daily, keys=keys, number=False)
        unit = f"SELECT d, {pair_a} AS source, {pair_b} AS target, starts AS events, " \
               f"n AS mentions, gs, {', '.join(_QUADS)} FROM ({chained}) c"
        weights = ", ".join(f"CAST(sum({name}) AS BIGINT) AS {name}" for name in _QUADS)
        goldstein = "sum(gs) AS goldstein_sum, sum(gs) / sum(mentions) AS goldstein_mean"
    else:
        chained = chain_sql(daily, keys=keys)
        unit = f"""SELECT min(d) AS d, {pair_a} AS source, {pair_b} AS target, 1 AS events,
                          sum(n) AS mentions, sum(gs) / sum(n) AS gs,
                          {", ".join(f"sum({q}) > 0 AS {q}" for q in _QUADS)}
                   FROM ({chained}) c GROUP BY {keys}, chain"""
        weights = ", ".join(f"count(*) FILTER ({name}) AS {name}" for name in _QUADS)
        goldstein = "sum(gs) AS goldstein_sum, avg(gs) AS goldstein_mean"
    sql = TOLERANCE_CTE + f"""
        SELECT {when}source, target, CAST(sum(events) AS BIGINT) AS events,
               CAST(sum(mentions) AS BIGINT) AS mentions, {weights}, {goldstein}
        FROM ({unit}) u GROUP BY {group} ORDER BY {order}"""
    return sql, params


def dyads(store: StoreLike, *, period: str | None = "month", directed: bool = True,
          level: str = "actor", count: str = "events",
          tolerance_days: int = DEFAULT_TOLERANCE_DAYS, dedup: bool = True,
          **filters: Any) -> pa.Table:
    """Events per dyad and period with quad-class counts and Goldstein sums.

    Columns: period (first day of the period, DATE; null for undated events, or absent
    when period is None), source, target, events (deduplicated events, see event_groups),
    mentions (event records), verbal_coop, material_coop, verbal_conflict,
    material_conflict, goldstein_sum, goldstein_mean. `count` says what the quad-class and
    Goldstein columns weigh: "events" (each deduplicated event once, its Goldstein the mean
    of its mentions) or "mentions" (each record once). level "actor" uses actor codes,
    "country" their country codes. directed=False merges A->B with B->A (source < target).
    dedup=False counts every record as an event (events == mentions), skipping the
    deduplication window: faster on large stores whose records are already one per event.
    Sorted by period, events desc, source, target.
    """
    chosen = Filters.of(filters)
    a, b = side_columns(level)
    if period is not None:
        period_sql(period)  # reject an unknown period before touching the store
    sql, params = aggregate_sql(chosen, a=a, b=b, period=period, directed=directed,
                                count=count, tolerance_days=check_tolerance(tolerance_days),
                                dedup=dedup)
    with opened(store) as con:
        return fetch(con, sql, params)
