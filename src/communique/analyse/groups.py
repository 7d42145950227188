"""Cross-article deduplication: event records reporting the same event become one group."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from .common import StoreLike

DEFAULT_TOLERANCE_DAYS = 1


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
    raise NotImplementedError
