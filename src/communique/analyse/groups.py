"""Cross-article deduplication: event records reporting the same event become one group.

Many articles report one event, and one article may code it twice. Records that share the
dyad (source_code, target_code) and CAMEO root, with dates that chain at most
`tolerance_days` apart, are one event. The default tolerance of 1 day absorbs the usual
reporting lag (an evening event is dated the next day by a morning paper, or by time zone)
without merging distinct meetings days apart; chaining (1st-2nd-3rd is one group) follows a
multi-day story such as a summit. Undated records cannot be placed in time, so they group
only within their own document.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from ..errors import ConfigError
from .common import PUBLISHER_SQL, Filters, StoreLike, fetch, opened

DEFAULT_TOLERANCE_DAYS = 1
# The tolerance is bound first, ahead of filter parameters that appear later in the text.
TOLERANCE_CTE = "WITH tol AS (SELECT CAST(? AS INTEGER) AS days) "


def check_tolerance(tolerance_days: int) -> int:
    """The date tolerance as a non-negative integer, or a ConfigError."""
    if isinstance(tolerance_days, bool) or not isinstance(tolerance_days, int) \
            or tolerance_days < 0:
        raise ConfigError(f"tolerance_days {tolerance_days!r} must be a whole number of "
                          "days >= 0")
    return tolerance_days


def chain_sql(rec: str, *, keys: str = "sc, tc, r", tiebreak: str = "",
              number: bool = True) -> str:
    """SQL adding `starts` (1 where a new group begins) and, when `number`, `chain` (the
    group's number within `keys`) to the relation `rec`, which has columns d (date) and ud
    (doc_id of an undated record, else null). The query must start with TOLERANCE_CTE.

    This is the one place the grouping rule lives: within `keys`, in date order, a dated
    record starts a group when it is the first or its date is more than the tolerance after
    the previous record's; undated records sort last and start a group where the document
    changes. (ud is ordered on rather than partitioned by: one partition key fewer halves
    the window's cost.) Numbering costs a second window pass, so callers that only count
    groups leave it out.
    """
    order = f"d NULLS LAST, ud{', ' + tiebreak if tiebreak else ''}"
    marked = f"""
        SELECT *, CASE WHEN d IS NULL THEN CAST(lag(ud) OVER w IS DISTINCT FROM ud AS INTEGER)
                       WHEN lag(d) OVER w IS NULL
                            OR d - lag(d) OVER w > (SELECT days FROM tol) THEN 1
                       ELSE 0 END AS starts
        FROM ({rec}) rec WINDOW w AS (PARTITION BY {keys} ORDER BY {order})"""
    if not number:
        return marked
    return f"""
        SELECT *, sum(starts) OVER (PARTITION BY {keys} ORDER BY {order}
                                    ROWS UNBOUNDED PRECEDING) AS chain
        FROM ({marked}) marked"""


def event_groups(store: StoreLike, *, tolerance_days: int = DEFAULT_TOLERANCE_DAYS,
                 mentions: bool = True, **filters: Any) -> pa.Table:
    """Deduplicated events: records with the same dyad and CAMEO root on chained dates.

    Records sharing (source_code, target_code, cameo_root) are sorted by date; a new group
    starts where the gap to the previous record's date exceeds `tolerance_days` (so dates
    chain: 1, 2, 3 form one group at tolerance 1). Undated records group per document.
    Columns: group_id (stable: hash of dyad, root and first date, or doc_id when undated),
    date (first), last_date, source_code, target_code, source_country, target_country,
    cameo (most frequent code), cameo_root, quad_class, goldstein (mean), plover,
    num_mentions, num_sources, num_articles, source_url (first article's URL or path) and,
    when `mentions` is true, mentions: list of {event_id, doc_id, sentence_index,
    char_start, char_end, source}. Sum of num_mentions equals the number of filtered records.
    """
    tolerance_days = check_tolerance(tolerance_days)
    chosen = Filters.of(filters)
    columns = f"""e.id AS eid, e.doc_id, e.source_name, e.target_name, e.source_country,
        e.target_country, e.source_sector, e.target_sector, e.cameo, e.quad_class,
        e.goldstein, e.plover, e.plover_mode, e.plover_context, e.sentence_index,
        e.char_start, e.char_end, e.location_name, e.location_country, e.location_lat,
        e.location_lon, e.location_feature, {PUBLISHER_SQL} AS publisher,
        coalesce(d.url, d.source_path) AS doc_url, d.ingested_at"""
    where, params = chosen.sql()
    records = f"""SELECT e.source_code AS sc, e.target_code AS tc, e.cameo_root AS r,
                         CASE WHEN e.date IS NULL THEN e.doc_id END AS ud, e.date AS d, {columns}
                  FROM events e LEFT JOIN documents d ON d.doc_id = e.doc_id WHERE {where}"""
    inner = chain_sql(records, tiebreak="eid")
    params.insert(0, tolerance_days)
    mention_list = ("list({'event_id': eid, 'doc_id': doc_id, 'sentence_index': sentence_index, "
                    "'char_start': char_start, 'char_end': char_end, 'source': publisher} "
                    "ORDER BY d NULLS LAST, doc_id, sentence_index, char_start, eid) AS mentions,"
                    if mentions else "")
    # The id hashes what defines the group, so it survives re-ingest and new unrelated
    # events; a new article that extends a group backwards in time gives it a new id.
    sql = TOLERANCE_CTE + f"""
        SELECT substr(md5(concat_ws('|', coalesce(sc, ''), coalesce(tc, ''), r,
                   coalesce(CAST(min(d) AS VARCHAR), 'doc:' || min(ud)))), 1, 16) AS group_id,
               min(d) AS date, max(d) AS last_date, sc AS source_code, tc AS target_code,
               mode(source_name) AS source_name, mode(target_name) AS target_name,
               mode(source_country) AS source_country, mode(target_country) AS target_country,
               mode(source_sector) AS source_sector, mode(target_sector) AS target_sector,
               mode(cameo) AS cameo, r AS cameo_root, CAST(mode(quad_class) AS TINYINT)
               AS quad_class, avg(goldstein) AS goldstein, mode(plover) AS plover,
               mode(plover_mode) AS plover_mode, mode(plover_context) AS plover_context,
               count(*) AS num_mentions, count(DISTINCT publisher) AS num_sources,
               count(DISTINCT doc_id) AS num_articles,
               CAST(min(sentence_index) = 0 AS BOOLEAN) AS is_root_event,
               arg_min(doc_url, (d, doc_id)) AS source_url,
               CASE WHEN count(location_name) > 0 THEN arg_min(
                        {{'name': location_name, 'country': location_country,
                         'lat': location_lat, 'lon': location_lon,
                         'feature': location_feature}},
                       (location_name IS NULL, d, doc_id)) END AS location,
               min(ingested_at) AS first_seen, {mention_list}
               FROM ({inner}) chained
        GROUP BY sc, tc, r, chain
        ORDER BY date NULLS LAST, num_mentions DESC, group_id"""
    with opened(store) as con:
        return fetch(con, sql, params)
