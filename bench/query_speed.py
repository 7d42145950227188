"""Analysis speed: dyads() and trend() against plain DuckDB GROUP BYs on the same data.

Generates synthetic events with DuckDB SQL (default 10 million; ~200 countries with a
skewed volume, CAMEO sectors, codes and Goldstein scores from the packaged codebook,
dates over 5 years, each underlying event reported by one to several articles), writes
them as Parquet files and loads them into a store with the real schema. Then times, after
a warm-up, the best of two runs (the machine is shared, so the best run is the one least
disturbed) of:

  1. dyad-by-month through dyads(dedup=False) vs a plain GROUP BY over the Parquet files
     computing the same columns: the cost of the API itself (target ratio <= 1.5);
  2. dyads(count="mentions") and dyads(count="events"), which also deduplicate reports of
     one event (a window over dyad-days the plain GROUP BY does not do), vs the same;
  3. one dyad's weekly series through trend(), with and without dedup, vs its plain SQL.
  The plain GROUP BY over the store's own table is printed too, to separate the storage
  format from the query.

    python bench/query_speed.py [--events N] [--dir DIR] [--keep]

Other benchmarks reuse the data through synthetic_db(path, n).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa

from communique.analyse import dyads, trend
from communique.events.codebook import load_codebook
from communique.store import DOCUMENT_COLUMNS, EVENT_COLUMNS, EventStore

SECTORS = ["", "GOV", "MIL", "BUS", "MED", "OPP", "REB", "CVL", "JUD", "LEG", "COP", "EDU"]
STORY_EVENTS = 3  # records per underlying event, on average
EVENTS_PER_DOC = 4


def _countries() -> list[str]:
    from importlib import resources

    text = resources.files("communique.actors.data").joinpath("countries.tsv").read_text()
    rows = [line.split("\t")[0] for line in text.splitlines()[2:] if line.strip()]
    # Big, newsworthy countries first so the skewed draw gives them most of the volume.
    lead = ["USA", "CHN", "RUS", "UKR", "ISR", "IRN", "GBR", "FRA", "DEU", "IND", "PRK", "KOR",
            "JPN", "TUR", "SYR", "PAK", "AFG", "IRQ", "SAU", "EGY"]
    return lead + [c for c in rows if c not in lead][: 200 - len(lead)]


def _generate(con: duckdb.DuckDBPyConnection, n: int, folder: Path) -> None:
    """Write synthetic events and documents as Parquet files under folder."""
    book = load_codebook()
    codes = [c for c in book.codes.values() if len(c.code) >= 3]
    con.register("codes_arrow", pa.table({
        "i": list(range(len(codes))), "code": [c.code for c in codes],
        "name": [c.name for c in codes], "goldstein": [c.goldstein for c in codes],
        "quad_class": [c.quad_class for c in codes], "plover": [c.plover for c in codes],
        "plover_mode": [c.plover_mode for c in codes],
        "plover_context": [c.plover_context for c in codes]}))
    countries = _countries()
    con.register("countries_arrow", pa.table({"i": list(range(len(countries))),
                                              "code": countries}))
    con.register("sectors_arrow", pa.table({"i": list(range(len(SECTORS))),
                                            "sector": SECTORS}))
    con.execute("CREATE TEMP TABLE codes AS SELECT * FROM codes_arrow")
    con.execute("CREATE TEMP TABLE countries AS SELECT * FROM countries_arrow")
    con.execute("CREATE TEMP TABLE sectors AS SELECT * FROM sectors_arrow")
    stories = max(1, n // STORY_EVENTS)
    # Skewed draws: pow(random(), k) piles up on low indexes (big countries, plain
    # statements and consultations, which dominate real event data).
    con.execute(f"""
        CREATE TEMP TABLE stories AS
        SELECT s AS story,
               floor({len(countries)} * pow(random(), 2.5))::INT AS sci,
               floor({len(countries)} * pow(random(), 2.5))::INT AS tci,
               floor({len(SECTORS)} * pow(random(), 1.5))::INT AS ss,
               floor({len(SECTORS)} * pow(random(), 1.5))::INT AS ts,
               floor({len(codes)} * pow(random(), 1.7))::INT AS ci,
               DATE '2020-01-01' + floor(1826 * random())::INT AS day
        FROM range({stories}) t(s)""")
    hosts = 300
    select = {
        "id": "'e' || r", "doc_id": f"'d' || (r // {EVENTS_PER_DOC})",
        "date": "s.day + (random() < 0.3)::INT", "date_precision": "'day'",
        "date_basis": "'published'",
        "source_text": "s1.code", "source_code": "s1.code || ss.sector",
        "source_country": "s1.code",
        "source_sector": "nullif(ss.sector, '')", "source_name": "s1.code",
        "target_text": "t1.code", "target_code": "t1.code || ts.sector",
        "target_country": "t1.code",
        "target_sector": "nullif(ts.sector, '')", "target_name": "t1.code",
        "cameo": "c.code", "cameo_root": "c.code[1:2]", "cameo_name": "c.name",
        "quad_class": "c.quad_class", "goldstein": "c.goldstein", "plover": "c.plover",
        "plover_mode": "c.plover_mode", "plover_context": "c.plover_context",
        "sentence_index": "(r % 7)::INT", "char_start": "((r % 7) * 120)::INT",
        "char_end": "((r % 7) * 120 + 90)::INT", "negated": "false", "confidence": "0.8",
        "evidence": "'synthetic'", "published": "s.day + 1",
    }
    columns = ", ".join(f"CAST({select.get(name, 'NULL')} AS {kind.split()[0]}) AS {name}"
                        for name, kind in EVENT_COLUMNS)
    folder.mkdir(parents=True, exist_ok=True)
    con.execute(f"""
        COPY (SELECT {columns}
              FROM range({n}) t(r)
              JOIN stories s ON s.story = hash(r) % {stories}
              JOIN codes c ON c.i = s.ci
              JOIN countries s1 ON s1.i = s.sci JOIN countries t1 ON t1.i = s.tci
              JOIN sectors ss ON ss.i = s.ss JOIN sectors ts ON ts.i = s.ts)
        TO '{folder / "events"}' (FORMAT parquet, PER_THREAD_OUTPUT true, OVERWRITE true)""")
    docs = {"doc_id": "'d' || k", "content_hash": "md5(k::VARCHAR)",
            "source_path": "'synthetic'",
            "url": f"'https://news' || (hash(k) % {hosts}) || '.example/' || k",
            "published": "DATE '2020-01-01' + (k % 1826)::INT", "date_basis": "'published'",
            "n_events": str(EVENTS_PER_DOC), "ingested_at": "TIMESTAMP '2025-01-01'"}
    doc_columns = ", ".join(f"CAST({docs.get(name, 'NULL')} AS {kind.split()[0]}) AS {name}"
                            for name, kind in DOCUMENT_COLUMNS)
    n_docs = (n + EVENTS_PER_DOC - 1) // EVENTS_PER_DOC
    con.execute(f"""COPY (SELECT {doc_columns} FROM range({n_docs}) t(k))
                    TO '{folder / "documents.parquet"}' (FORMAT parquet)""")


def synthetic_db(path: str | Path, n: int = 10_000_000) -> Path:
    """Build (or reuse, when it holds n events) a synthetic store at path; Parquet copies of
    its events lie in the folder path + '.parquet'. Returns path."""
    path = Path(path)
    folder = Path(str(path) + ".parquet")
    if path.exists():
        with EventStore(path, read_only=True) as store:
            if store.counts()["events"] == n and (folder / "events").exists():
                return path
        path.unlink()
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = false")
    _generate(con, n, folder)
    con.close()
    with EventStore(path) as store:
        store.con.execute("SET preserve_insertion_order = false")
        store.con.execute(f"INSERT INTO documents SELECT * FROM "
                          f"read_parquet('{folder / 'documents.parquet'}')")
        store.con.execute(f"INSERT INTO events SELECT * FROM "
                          f"read_parquet('{folder / 'events' / '*.parquet'}')")
        store.con.execute("CHECKPOINT")
    return path


def _best(run: Callable[[], object], repeat: int = 2) -> float:
    run()  # warm-up: file pages, query plans
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


PLAIN_DYADS = """
    SELECT CAST(date_trunc('month', date) AS DATE) AS period, source_code AS source,
           target_code AS target, count(*) AS mentions,
           count(*) FILTER (quad_class = 1) AS verbal_coop,
           count(*) FILTER (quad_class = 2) AS material_coop,
           count(*) FILTER (quad_class = 3) AS verbal_conflict,
           count(*) FILTER (quad_class = 4) AS material_conflict,
           sum(goldstein) AS goldstein_sum, avg(goldstein) AS goldstein_mean
    FROM read_parquet('{files}') GROUP BY ALL
    ORDER BY period NULLS LAST, mentions DESC, source, target"""
PLAIN_TREND = """
    SELECT CAST(date_trunc('week', date) AS DATE) AS period, count(*) AS mentions,
           sum(goldstein) AS goldstein_sum, avg(goldstein) AS goldstein_mean
    FROM read_parquet('{files}')
    WHERE date IS NOT NULL AND ((source_country = 'USA' AND target_country = 'CHN')
       OR (source_country = 'CHN' AND target_country = 'USA'))
    GROUP BY ALL ORDER BY period"""


@contextmanager
def synthetic_from_args(description: str) -> Iterator[Path]:
    """Parse --events and --dir, build or reuse the synthetic store, and yield its path
    (in a temporary folder unless --dir keeps it)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--dir", type=Path, help="Keep the data here (default: a temp dir).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.dir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        db = synthetic_db(folder / "synthetic.duckdb", args.events)
        print(f"data: {args.events:,} events, built or reused in "
              f"{time.perf_counter() - start:.1f} s")
        yield db


def main() -> None:
    """Build the data, time the analyses against plain SQL, print the ratios."""
    with synthetic_from_args(__doc__.splitlines()[0]) as db:
        files = Path(str(db) + ".parquet") / "events" / "*.parquet"
        plain = duckdb.connect()
        with EventStore(db, read_only=True) as store:
            rows = {}
            api_raw = _best(lambda: rows.__setitem__("api", dyads(
                store, period="month", count="mentions", dedup=False).num_rows))
            base = _best(lambda: rows.__setitem__("plain", plain.sql(
                PLAIN_DYADS.format(files=files)).to_arrow_table().num_rows))
            table = _best(lambda: store.con.sql(PLAIN_DYADS.replace(
                "read_parquet('{files}')", "events")).to_arrow_table())
            api_m = _best(lambda: dyads(store, period="month", count="mentions"))
            api_e = _best(lambda: dyads(store, period="month", count="events"))
            tr_raw = _best(lambda: trend(store, "USA", "CHN", period="week", dedup=False))
            tr_api = _best(lambda: trend(store, "USA", "CHN", period="week"))
            tr_plain = _best(lambda: plain.sql(
                PLAIN_TREND.format(files=files)).to_arrow_table())
        print(f"dyad-by-month rows: dyads() {rows['api']:,}, plain {rows['plain']:,}")
        lines = [("dyads(dedup=False)", api_raw, "plain GROUP BY (Parquet)", base,
                  " (target <= 1.5)"),
                 ("plain GROUP BY (store table)", table, "plain GROUP BY (Parquet)", base, ""),
                 ("dyads(count='mentions')", api_m, "plain GROUP BY (Parquet)", base,
                  " (with dedup)"),
                 ("dyads(count='events')", api_e, "plain GROUP BY (Parquet)", base,
                  " (with dedup)"),
                 ("trend(USA,CHN,week,dedup=False)", tr_raw, "plain SQL (Parquet)", tr_plain,
                  ""),
                 ("trend(USA,CHN,week)", tr_api, "plain SQL (Parquet)", tr_plain,
                  " (with dedup)")]
        for name, ours, other, theirs, note in lines:
            print(f"{name:32s} {ours:7.3f} s   {other:26s} {theirs:7.3f} s   "
                  f"ratio {ours / theirs:.2f}{note}")


if __name__ == "__main__":
    main()
