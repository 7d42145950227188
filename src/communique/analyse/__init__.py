"""Analysis over the event store: deduplicated events, dyad aggregates, trends with change
alerts, relation graphs, and GDELT/PLOVER exports.

Every function takes an `EventStore` or the path of a DuckDB file (opened read-only, so many
readers can share it) and answers with a pyarrow Table (call `.to_pandas()` on it if pandas is
installed). All SQL is parameterised; identifiers such as the period are whitelisted.
Aggregates count deduplicated events (see `event_groups`); pass dedup=False to count every
record as an event, one plain GROUP BY, when speed on a large store matters more.

Common filters (keyword arguments accepted by every function below):
    actor       actor code prefix on either side ("RUS", "RUSGOV")
    country     country code of either side ("PRK")
    sector      sector code of either side ("GOV", "MIL")
    cameo_root  CAMEO root code, "01".."20" (or a list of them)
    quad_class  1-4 (or a list)
    plover      PLOVER event type ("COOPERATE")
    since/until event dates, inclusive (date or "YYYY-MM-DD")
    source      news source: the host of the document URL, else its source path
"""

from __future__ import annotations

from .common import PERIODS, Filters, StoreLike, records
from .dyads import dyads
from .exports import GDELT_COLUMNS, export_gdelt, export_plover
from .graph import read_graph, relation_graph, write_graph
from .groups import DEFAULT_TOLERANCE_DAYS, event_groups
from .trend import Alert, detect_changes, trend

__all__ = ["DEFAULT_TOLERANCE_DAYS", "GDELT_COLUMNS", "PERIODS", "Alert", "Filters", "StoreLike",
           "detect_changes", "dyads", "event_groups", "export_gdelt", "export_plover",
           "read_graph", "records", "relation_graph", "trend", "write_graph"]
