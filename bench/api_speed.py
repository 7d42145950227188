"""Dashboard API speed: the dyad time-series endpoint against the query it runs, called directly.

Uses the synthetic store of bench/query_speed.py (default 10 million events, built once and
reused with --dir). After a warm-up, the median of five runs, taking turns, of:

  1. GET /api/trend?a=USA&b=CHN&period=week through the FastAPI app (TestClient: routing,
     parameter validation, the analysis call, response model, JSON), with the app's answer
     cache off so that every request runs the query;
  2. the same `trend()` call on the same read-only store, no HTTP (target ratio <= 1.5);
  3. for scale, the plain DuckDB SQL of that series over the Parquet copy.

    python bench/api_speed.py [--events N] [--dir DIR]
"""

from __future__ import annotations

import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).parent))
from query_speed import PLAIN_TREND, synthetic_from_args  # noqa: E402

from communique.analyse import trend  # noqa: E402
from communique.serve import create_app  # noqa: E402
from communique.serve.api import AnswerCache, _RequestStore  # noqa: E402

DYAD = ("USA", "CHN")
PERIOD = "week"


def _medians(runs: dict[str, Callable[[], object]], repeat: int = 5) -> dict[str, float]:
    """Median seconds of each run after a warm-up; the runs take turns so that load from
    other processes falls on all of them alike."""
    for run in runs.values():
        run()  # warm-up: file pages, query plans
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def api_trend_timings(db: Path) -> dict[str, float]:
    """Seconds for the trend endpoint, the direct trend() call and the plain SQL."""
    warnings.filterwarnings("ignore", message=".*httpx.*starlette.testclient")
    from fastapi.testclient import TestClient

    app = create_app(db)
    # Every timed request must run its query: no answer is kept between requests.
    app.state.cache = AnswerCache(size=0)
    files = Path(str(db) + ".parquet") / "events" / "*.parquet"
    params = {"a": DYAD[0], "b": DYAD[1], "period": PERIOD}
    points: dict[str, int] = {}
    with TestClient(app) as client:
        def through_api() -> None:
            response = client.get("/api/trend", params=params)
            response.raise_for_status()
            points["api"] = len(response.json()["points"])

        # The direct call gets what a request gets: a cursor of the app's open store.
        store = _RequestStore(app.state.store)

        def direct() -> None:
            table, _ = trend(store, *DYAD, period=PERIOD)
            points["direct"] = table.num_rows

        plain = duckdb.connect()
        timings = _medians({
            "api": through_api, "direct": direct,
            "plain": lambda: plain.sql(PLAIN_TREND.format(files=files)).to_arrow_table()})
        store.close()
    if points["api"] != points["direct"]:
        raise SystemExit(f"endpoint gave {points['api']} periods, trend() {points['direct']}")
    timings["periods"] = points["api"]
    return timings


def main() -> None:
    """Build or reuse the data, time the endpoint against the direct call, print the ratio."""
    with synthetic_from_args(__doc__.splitlines()[0]) as db:
        t = api_trend_timings(db)
    print(f"GET /api/trend {DYAD[0]}-{DYAD[1]} per {PERIOD} ({t['periods']:.0f} periods) "
          f"{t['api']:7.3f} s   trend() direct {t['direct']:7.3f} s   "
          f"ratio {t['api'] / t['direct']:.2f} (target <= 1.5)")
    print(f"plain SQL of the series (Parquet, no dedup) {t['plain']:7.3f} s   "
          f"endpoint/plain {t['api'] / t['plain']:.2f}")


if __name__ == "__main__":
    main()
