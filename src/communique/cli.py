"""The command line: thin commands over Communique and EventStore."""

from __future__ import annotations

import json
import logging
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from .config import Settings, load_settings
from .core import Communique, Result
from .errors import CommuniqueError, ConfigError, IngestError, LanguageSkipped
from .ingest import FORMATS, count_documents, parse_published
from .runner import ENGINES, IngestProgress, run_ingest
from .store import EventStore, export

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="communique: political events (CAMEO, PLOVER) from news text.")
err = Console(stderr=True, highlight=False, soft_wrap=True)
_state: dict[str, object] = {"debug": False, "config": None}

InputsArg = Annotated[list[str], typer.Argument(
    help="Inputs: .txt, .html, RSS/Atom .xml, or .jsonl ('-' reads text from stdin).")]
DateOpt = Annotated[str | None, typer.Option(
    "--date", help="Publication date (YYYY-MM-DD) for every input; overrides metadata.")]
FormatOpt = Annotated[str | None, typer.Option(
    "--input-format", help=f"Force the reader: {', '.join(FORMATS)} (default: by suffix).")]
DbOpt = Annotated[str | None, typer.Option("--db", help="DuckDB file (default: settings.db).")]
ModelOpt = Annotated[str | None, typer.Option("--model", help="spaCy pipeline package.")]
ActorsOpt = Annotated[list[Path] | None, typer.Option(
    "--actors", help="Your actor file (YAML, CSV/TSV, PETRARCH .actors.txt); repeatable.")]


def _actors(files: list[Path] | None) -> str | None:
    return ",".join(str(f) for f in files) if files else None


@app.callback()
def _options(
    config: Annotated[Path | None, typer.Option(help="TOML settings file.")] = None,
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True,
                                         help="-v: info, -vv: debug logs.")] = 0,
    debug: Annotated[bool, typer.Option(help="Show tracebacks for errors.")] = False,
) -> None:
    """Options shared by every command."""
    _state["debug"], _state["config"] = debug, config
    level = {0: logging.WARNING, 1: logging.INFO}.get(verbose, logging.DEBUG)
    logging.basicConfig(level=level, stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")


def _settings(**overrides: object) -> Settings:
    return load_settings(_state["config"], **{k: v for k, v in overrides.items()
                                              if v is not None})


def _published(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return parse_published(value, what="--date")
    except ValueError as exc:
        raise ConfigError(str(exc)) from None


def _progress(enabled: bool) -> Progress | nullcontext:
    if not enabled:
        return nullcontext()
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                    MofNCompleteColumn(), TextColumn("{task.fields[events]} events"),
                    TimeElapsedColumn(), console=err, transient=True)


def _skipped(counts: Counter, languages: tuple[str, ...], sep: str = ",") -> str:
    """The summary's note on documents skipped for their language, if any."""
    n = counts["foreign"]
    what = "non-English " if languages == ("en",) else ""
    where = "" if what else f" not in languages={','.join(languages)}"
    return f"{sep} skipped {n} {what}document{'s' if n != 1 else ''}{where}" if n else ""


def _run(results, *, show_progress: bool, on_result) -> Counter:
    """Drive coding with a progress display; report errors; return counts."""
    counts: Counter = Counter()
    with _progress(show_progress) as progress:
        task = progress.add_task("coding", total=None, events=0) if progress else None
        for result in results:
            if isinstance(result.error, LanguageSkipped):
                counts["foreign"] += 1
                logging.getLogger(__name__).info("%s", result.error)
            elif result.error is not None:
                counts["errors"] += 1
                err.print(f"Error: {result.error}", markup=False)
            else:
                counts["documents"] += 1
                counts["events"] += len(result.events)
                on_result(result)
            if progress:
                progress.update(task, advance=1, events=counts["events"])
    return counts


@app.command()
def code(
    inputs: InputsArg,
    date_: DateOpt = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write JSONL here.")] = None,
    input_format: FormatOpt = None,
    model: ModelOpt = None,
    actors: ActorsOpt = None,
) -> None:
    """Code inputs and write events as JSON lines (stdout or -o FILE)."""
    core = Communique(_settings(model=model, actors=_actors(actors)))
    published = _published(date_)
    sink = output.open("w", encoding="utf-8") if output else sys.stdout

    def emit(result: Result) -> None:
        for event in result.events:
            sink.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")

    try:
        counts = _run(core.code_paths(inputs, published=published, fmt=input_format),
                      show_progress=err.is_terminal, on_result=emit)
    finally:
        if output:
            sink.close()
    err.print(f"{counts['documents']} documents, {counts['events']} events"
              + _skipped(counts, core.settings.language_codes)
              + (f", {counts['errors']} inputs failed" if counts["errors"] else ""))
    if counts["errors"]:
        raise typer.Exit(1)


def _ingest(core: Communique, inputs: list[str], db: str | None, published: date | None,
            input_format: str | None, *, parquet: Path | None = None, engine: str = "local",
            workers: int | None = None, scheduler: str | None = None) -> Counter:
    """Code inputs into the store, skipping documents already stored unchanged."""
    def report(error: IngestError) -> None:
        err.print(f"Error: {error}", markup=False)

    state = IngestProgress(total=count_documents(inputs, input_format))
    with _ingest_progress(err.is_terminal, state) as tick:
        run_ingest(core, inputs, db=db, parquet=parquet, published=published, fmt=input_format,
                   engine=engine, workers=workers, scheduler=scheduler, progress=state,
                   on_error=report, tick=tick)
    counts = state.counts
    where = []
    if db is not None:
        where.append(f"{db} now holds {counts['db_documents']} documents, "
                     f"{counts['db_events']} events")
    if parquet is not None:
        where.append(f"Parquet in {parquet}")
    err.print(f"stored {counts['documents']} documents with {counts['events']} events"
              f"; {counts['unchanged']} unchanged"
              f"{_skipped(counts, core.settings.language_codes, ';')}; {counts['errors']} failed"
              f" ({state.rate('documents'):.1f} documents/s) -> {'; '.join(where)}")
    return counts


@contextmanager
def _ingest_progress(enabled: bool, state: IngestProgress) -> Iterator[Callable[[], None]]:
    """A live display of documents, sentences and events per second with an ETA."""
    if not enabled:
        yield lambda: None
        return
    columns = [SpinnerColumn(), TextColumn("ingest"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rates]}"), TimeRemainingColumn(), TimeElapsedColumn()]
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("ingest", total=state.total, rates="")

        def tick() -> None:
            rates = (f"{state.rate('documents'):.1f} docs/s, "
                     f"{state.rate('sentences'):.0f} sentences/s, "
                     f"{state.rate('events'):.1f} events/s; {state.counts['events']} events")
            progress.update(task, completed=state.seen, rates=rates)

        yield tick


@app.command()
def ingest(inputs: InputsArg, db: DbOpt = None, date_: DateOpt = None,
           input_format: FormatOpt = None, model: ModelOpt = None,
           actors: ActorsOpt = None,
           parquet: Annotated[Path | None, typer.Option(
               "--parquet", "--out",
               help="Also (or, without --db, only) write events as Parquet here, partitioned "
                    "year=YYYY/month=MM.")] = None,
           engine: Annotated[str, typer.Option(
               help="local: this process (n_process as set); dask: a Dask cluster.")] = "local",
           workers: Annotated[int | None, typer.Option(
               help="Dask LocalCluster worker processes (default: one per CPU).")] = None,
           scheduler: Annotated[str | None, typer.Option(
               help="Existing Dask scheduler (tcp://host:8786) instead of a LocalCluster.")
           ] = None,
           batch_size: Annotated[int | None, typer.Option(
               help="Documents per parse batch and per transaction.")] = None,
           n_process: Annotated[int | None, typer.Option(
               help="Processes for nlp.pipe with --engine local.")] = None) -> None:
    """Code inputs and store documents and events in DuckDB (idempotent, resumable)."""
    if engine not in ENGINES:
        raise ConfigError(f"--engine must be one of {', '.join(ENGINES)}, got {engine!r}")
    if engine != "dask" and (workers is not None or scheduler is not None):
        raise ConfigError("--workers and --scheduler need --engine dask")
    core = Communique(_settings(db=db, model=model, actors=_actors(actors),
                                batch_size=batch_size, n_process=n_process))
    if core.settings.batch_size < 1 or core.settings.n_process < 1:
        raise ConfigError("batch_size and n_process must be at least 1")
    target = core.settings.db if db is not None or parquet is None else None
    counts = _ingest(core, inputs, target, _published(date_), input_format, parquet=parquet,
                     engine=engine, workers=workers, scheduler=scheduler)
    if counts["errors"]:
        raise typer.Exit(1)


@app.command()
def events(
    db: DbOpt = None,
    actor: Annotated[str | None, typer.Option(help="Actor code or country (PRK, RUSGOV).")] = None,
    since: Annotated[str | None, typer.Option(help="Earliest event date.")] = None,
    until: Annotated[str | None, typer.Option(help="Latest event date.")] = None,
    cameo: Annotated[str | None, typer.Option(help="CAMEO code or prefix (04, 042).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="jsonl, csv or parquet.")] = "jsonl",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Output file.")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many events.")] = None,
) -> None:
    """Query stored events and export them as JSONL, CSV or Parquet."""
    settings = _settings(db=db)
    with EventStore(settings.db, read_only=True) as store:
        table = store.query(actor=actor, since=_published(since), until=_published(until),
                            cameo=cameo, limit=limit)
        text = export(table, fmt, output, store)
    if text is not None:
        sys.stdout.write(text)
    err.print(f"{table.num_rows} events" + (f" -> {output}" if output else ""))


# -- analysis: dyads, trend, graph, groups, export (communique.analyse) ----------------------

OutOpt = Annotated[Path | None, typer.Option("-o", "--out", "--output", help="Output file.")]
TableFormatOpt = Annotated[str, typer.Option(
    "--format", help="table (on screen), csv, json or parquet (parquet needs --out).")]
LevelOpt = Annotated[str, typer.Option(help="actor (actor codes) or country.")]
CountOpt = Annotated[str, typer.Option(
    "--count", help="What the class and Goldstein columns weigh: events (deduplicated) or "
                    "mentions (records).")]
ToleranceOpt = Annotated[int, typer.Option(
    "--tolerance", help="Days between reports still taken as the same event.")]
DedupOpt = Annotated[bool, typer.Option(
    "--dedup/--no-dedup", help="Merge reports of one event (--no-dedup: each record is an "
                               "event, faster on large stores).")]
ActorFilter = Annotated[str | None, typer.Option(
    "--actor", help="Actor code prefix on either side (RUS, RUSGOV).")]
CountryFilter = Annotated[str | None, typer.Option(
    "--country", help="Country code of either side (PRK).")]
SectorFilter = Annotated[str | None, typer.Option(
    "--sector", help="Sector of either side (GOV, MIL).")]
RootFilter = Annotated[list[str] | None, typer.Option(
    "--cameo-root", help="CAMEO root code 01-20; repeatable.")]
QuadFilter = Annotated[list[int] | None, typer.Option(
    "--quad-class", help="Quad class 1-4; repeatable.")]
PloverFilter = Annotated[str | None, typer.Option("--plover", help="PLOVER event type.")]
SinceFilter = Annotated[str | None, typer.Option("--since", help="Earliest event date.")]
UntilFilter = Annotated[str | None, typer.Option("--until", help="Latest event date.")]
SourceFilter = Annotated[str | None, typer.Option(
    "--source", help="News source: URL host (reuters.com) or input path.")]


def _filters(actor, country, sector, cameo_root, quad_class, plover, since, until,
             source) -> dict[str, object]:
    return {"actor": actor, "country": country, "sector": sector,
            "cameo_root": cameo_root or None, "quad_class": quad_class or None,
            "plover": plover, "since": since, "until": until, "source": source}


def _flat(table):
    """A table CSV can hold: nested lists left out, structs split into columns."""
    import pyarrow as pa

    keep = [name for name, kind in zip(table.column_names, table.schema.types, strict=True)
            if not pa.types.is_list(kind)]
    return table.select(keep).flatten()


def _json_ready(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else str(value)


def _emit(table, fmt: str, out: Path | None, title: str, *, limit: int = 50) -> None:
    """Print or write an analysis table as a screen table, CSV, JSON or Parquet."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    fmt = fmt.lower()
    if fmt == "table":
        if out is not None:
            raise ConfigError("--format table prints to the screen; pick csv, json or parquet "
                              "to write --out")
        shown = _flat(table)
        screen = Table(title=f"{title}: {table.num_rows} rows")
        for name in shown.column_names:
            screen.add_column(name, overflow="fold")
        for row in shown.slice(0, limit).to_pylist():
            screen.add_row(*("" if v is None else f"{v:.2f}" if isinstance(v, float) else str(v)
                             for v in row.values()))
        Console(highlight=False, width=None if sys.stdout.isatty() else 200).print(screen)
        if table.num_rows > limit:
            err.print(f"{table.num_rows - limit} more rows; use --format csv or json to get all")
        return
    if fmt == "parquet":
        if out is None:
            raise ConfigError("--format parquet needs a file: pass --out FILE.parquet")
        pq.write_table(table, out)
    elif fmt == "csv":
        if out is None:
            buffer = pa.BufferOutputStream()
            pacsv.write_csv(_flat(table), buffer)
            sys.stdout.write(buffer.getvalue().to_pybytes().decode("utf-8"))
        else:
            pacsv.write_csv(_flat(table), out)
    elif fmt == "json":
        text = json.dumps(table.to_pylist(), ensure_ascii=False, default=_json_ready,
                          indent=1) + "\n"
        if out is None:
            sys.stdout.write(text)
        else:
            out.write_text(text, "utf-8")
    else:
        raise ConfigError(f"unknown format {fmt!r}; use table, csv, json or parquet")
    if out is not None:
        err.print(f"{table.num_rows} rows -> {out}")


@app.command(name="dyads")
def dyads_(
    db: DbOpt = None,
    period: Annotated[str, typer.Option(help="day, week, month, year, or all (no periods).")]
    = "month",
    undirected: Annotated[bool, typer.Option(help="Merge A->B with B->A.")] = False,
    level: LevelOpt = "actor",
    count: CountOpt = "events",
    tolerance: ToleranceOpt = 1,
    dedup: DedupOpt = True,
    actor: ActorFilter = None, country: CountryFilter = None, sector: SectorFilter = None,
    cameo_root: RootFilter = None, quad_class: QuadFilter = None, plover: PloverFilter = None,
    since: SinceFilter = None, until: UntilFilter = None, source: SourceFilter = None,
    fmt: TableFormatOpt = "table",
    out: OutOpt = None,
    limit: Annotated[int, typer.Option(help="Rows shown in --format table.")] = 50,
) -> None:
    """Events per dyad and period: counts per quad class, Goldstein sum and mean."""
    from .analyse import dyads

    table = dyads(_settings(db=db).db, period=None if period.lower() == "all" else period,
                  directed=not undirected, level=level, count=count, tolerance_days=tolerance,
                  dedup=dedup, **_filters(actor, country, sector, cameo_root, quad_class,
                                          plover, since, until, source))
    _emit(table, fmt, out, "dyads", limit=limit)


@app.command(name="trend")
def trend_(
    a: Annotated[str, typer.Argument(help="One side: actor code or country (USA, RUSGOV).")],
    b: Annotated[str, typer.Argument(help="The other side.")],
    db: DbOpt = None,
    period: Annotated[str, typer.Option(help="day, week, month or year.")] = "week",
    directed: Annotated[bool, typer.Option(help="Only A->B (default: both ways).")] = False,
    count: CountOpt = "events",
    window: Annotated[int, typer.Option(help="Previous periods in the baseline.")] = 8,
    z: Annotated[float, typer.Option(help="Alert beyond this many standard deviations.")]
    = 3.0,
    min_history: Annotated[int, typer.Option(help="Periods needed before alerting.")] = 4,
    tolerance: ToleranceOpt = 1,
    dedup: DedupOpt = True,
    actor: ActorFilter = None, country: CountryFilter = None, sector: SectorFilter = None,
    cameo_root: RootFilter = None, quad_class: QuadFilter = None, plover: PloverFilter = None,
    since: SinceFilter = None, until: UntilFilter = None, source: SourceFilter = None,
    fmt: TableFormatOpt = "table",
    out: OutOpt = None,
    limit: Annotated[int, typer.Option(help="Rows shown in --format table.")] = 200,
) -> None:
    """A dyad's time series with alerts where its Goldstein mean shifts."""
    from .analyse import trend

    table, alerts = trend(_settings(db=db).db, a, b, period=period, directed=directed,
                          count=count, window=window, z=z, min_history=min_history,
                          tolerance_days=tolerance, dedup=dedup,
                          **_filters(actor, country, sector, cameo_root, quad_class, plover,
                                     since, until, source))
    if fmt.lower() == "json":
        text = json.dumps({"series": table.to_pylist(),
                           "alerts": [alert.to_dict() for alert in alerts]},
                          ensure_ascii=False, default=_json_ready, indent=1) + "\n"
        if out is None:
            sys.stdout.write(text)
        else:
            out.write_text(text, "utf-8")
    else:
        _emit(table, fmt, out, f"trend {a.upper()}-{b.upper()} per {period}", limit=limit)
    for alert in alerts:
        err.print(f"alert {alert.date}: {alert.direction}, Goldstein mean {alert.value:.2f} "
                  f"vs baseline {alert.baseline:.2f} (z {alert.z:+.1f}, {alert.events} events)")
    err.print(f"{len(alerts)} alerts")


@app.command(name="graph")
def graph_(
    out: Annotated[Path, typer.Option("-o", "--out", "--output",
                                      help="relations.graphml or relations.json")],
    db: DbOpt = None,
    level: LevelOpt = "country",
    count: CountOpt = "events",
    min_events: Annotated[int, typer.Option(help="Leave out edges with fewer events.")] = 1,
    tolerance: ToleranceOpt = 1,
    dedup: DedupOpt = True,
    actor: ActorFilter = None, country: CountryFilter = None, sector: SectorFilter = None,
    cameo_root: RootFilter = None, quad_class: QuadFilter = None, plover: PloverFilter = None,
    since: SinceFilter = None, until: UntilFilter = None, source: SourceFilter = None,
) -> None:
    """Write the relation graph (signed, weighted edges) as GraphML or JSON."""
    from .analyse import relation_graph, write_graph

    graph = relation_graph(_settings(db=db).db, level=level, count=count,
                           min_events=min_events, tolerance_days=tolerance, dedup=dedup,
                           **_filters(actor, country, sector, cameo_root, quad_class, plover,
                                      since, until, source))
    write_graph(graph, out)
    err.print(f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges -> {out}")


@app.command(name="groups")
def groups_(
    db: DbOpt = None,
    tolerance: ToleranceOpt = 1,
    actor: ActorFilter = None, country: CountryFilter = None, sector: SectorFilter = None,
    cameo_root: RootFilter = None, quad_class: QuadFilter = None, plover: PloverFilter = None,
    since: SinceFilter = None, until: UntilFilter = None, source: SourceFilter = None,
    fmt: TableFormatOpt = "table",
    out: OutOpt = None,
    limit: Annotated[int, typer.Option(help="Rows shown in --format table.")] = 50,
) -> None:
    """Deduplicated events: one row per event with its mentions, sources and articles."""
    from .analyse import event_groups

    table = event_groups(_settings(db=db).db, tolerance_days=tolerance,
                         **_filters(actor, country, sector, cameo_root, quad_class, plover,
                                    since, until, source))
    if fmt.lower() == "table":
        table = table.select(["date", "source_code", "cameo", "target_code", "num_mentions",
                              "num_sources", "num_articles", "source_url", "group_id"])
    _emit(table, fmt, out, "deduplicated events", limit=limit)
    mentions = sum(table.column("num_mentions").to_pylist())
    err.print(f"{table.num_rows} events from {mentions} mentions")


@app.command(name="export")
def export_(
    fmt: Annotated[str, typer.Option("--format", help="gdelt, plover, csv or parquet.")],
    out: Annotated[Path, typer.Option("-o", "--out", "--output", help="Output file.")],
    db: DbOpt = None,
    tolerance: ToleranceOpt = 1,
    actor: ActorFilter = None, country: CountryFilter = None, sector: SectorFilter = None,
    cameo_root: RootFilter = None, quad_class: QuadFilter = None, plover: PloverFilter = None,
    since: SinceFilter = None, until: UntilFilter = None, source: SourceFilter = None,
) -> None:
    """Export events: GDELT 2.0 event table or PLOVER JSON (deduplicated), CSV or Parquet
    (one row per record)."""
    from .analyse import export_gdelt, export_plover, records

    settings = _settings(db=db)
    filters = _filters(actor, country, sector, cameo_root, quad_class, plover, since, until,
                       source)
    fmt = fmt.lower()
    if fmt in ("gdelt", "plover"):
        write = export_gdelt if fmt == "gdelt" else export_plover
        rows = write(settings.db, out, tolerance_days=tolerance, **filters)
        err.print(f"{rows} deduplicated events -> {out}")
        return
    if fmt not in ("csv", "parquet"):
        raise ConfigError(f"unknown export format {fmt!r}; use gdelt, plover, csv or parquet")
    with EventStore(settings.db, read_only=True) as store:
        table = records(store, **filters)
        export(table, fmt, out, store)
    err.print(f"{table.num_rows} events -> {out}")


@app.command()
def demo(db: DbOpt = None, model: ModelOpt = None) -> None:
    """Code the bundled example news set, store it, and print a summary table."""
    core = Communique(_settings(db=db, model=model))
    examples = resources.files("communique.examples").joinpath("news.jsonl")
    with resources.as_file(examples) as path:
        _ingest(core, [str(path)], core.settings.db, None, None)
    with EventStore(core.settings.db, read_only=True) as store:
        rows = list(store.iter_event_dicts(store.query()))
    table = Table(title=f"communique demo: {len(rows)} events from the example set",
                  show_lines=False)
    for column in ("date", "source", "event", "target", "where", "doc"):
        table.add_column(column, overflow="fold")
    for e in rows:
        where = e["location"]["name"] if e["location"] else ""
        table.add_row(e["date"] or "?", e["source"]["code"],
                      f"{e['cameo']} {e['cameo_name']}", e["target"]["code"], where, e["doc_id"])
    # Piped output gets a wide table so rows stay on one line for grep and logs.
    Console(highlight=False, width=None if sys.stdout.isatty() else 160).print(table)
    err.print(f"Explore them: communique serve --db {core.settings.db}  (or: communique events "
              f"--db {core.settings.db} --actor PRK)")


@app.command()
def serve(
    db: DbOpt = None,
    host: Annotated[str, typer.Option(help="Address to bind (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    assets: Annotated[Path | None, typer.Option(
        help="node_modules folder with the dashboard's front-end packages "
             "(default: web/node_modules of the source tree).")] = None,
    dedup: Annotated[bool, typer.Option(
        "--dedup/--no-dedup", help="Merge reports of one event in the map, graph and "
        "timelines (--no-dedup: every record counts, much faster on large stores).")] = True,
    token: Annotated[str | None, typer.Option(
        envvar="COMMUNIQUE_TOKEN", show_default=False,
        help="Access token every request must carry (Authorization: Bearer TOKEN, or open "
             "/?token=TOKEN once in a browser); required off loopback.")] = None,
    rate_limit: Annotated[float, typer.Option(
        help="Requests a second per client address beyond loopback (0: no limit).")] = 20.0,
    query_timeout: Annotated[float, typer.Option(
        help="Seconds a request's queries may run before a 503 (0: no limit).")] = 60.0,
) -> None:
    """Serve the web dashboard over a store (read-only): map, relations, timelines, events."""
    from .serve import Limits, create_app, listen, run
    from .serve.security import require_token_off_loopback

    require_token_off_loopback(host, token)
    limits = Limits(token=token, rate=rate_limit, query_timeout=query_timeout)
    settings = _settings(db=db)
    app = create_app(settings.db, modules_dir=assets, dedup=dedup, limits=limits)
    sock = listen(host, port)
    shown = f"[{host}]" if ":" in host else host
    err.print(f"communique dashboard: http://{shown}:{sock.getsockname()[1]}/ over "
              f"{settings.db} (read-only{', token required' if token else ''}); "
              "Ctrl-C stops it")
    run(app, sock)


@app.command(name="eval")
def evaluate_(
    gold: Annotated[Path, typer.Argument(help="Gold JSONL (or sentence<TAB>0-4 TSV).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    no_hints: Annotated[bool, typer.Option("--no-hints", help="Skip the dyad-hint run.")] = False,
    limit: Annotated[int | None, typer.Option(help="Score only the first N items.")] = None,
    model: ModelOpt = None,
    actors: ActorsOpt = None,
) -> None:
    """Score the coder on a gold file: dyad recall, PLOVER and quad-class F1, confusion."""
    from .evaluate import evaluate, load_gold

    if not gold.exists():
        raise ConfigError(f"gold file '{gold}' does not exist")
    core = Communique(_settings(model=model, actors=_actors(actors)))
    report = evaluate(core, load_gold(gold, limit), hints=not no_hints)
    if as_json:
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
        return
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 140)
    summary = Table(title=f"communique eval: {gold.name} ({report['items']} items)")
    summary.add_column("measure")
    summary.add_column("value", justify="right")
    end = report.get("end_to_end") or {}
    rows = [(f"end-to-end dyad recall ({end.get('dyads')} dyads"
             + (f"; {end['sides_not_in_text']} left out: a side not in the text)"
                if end.get("sides_not_in_text") else ")"), end.get("dyad_recall")),
            ("PLOVER accuracy, with hints", _get(report, "with_hints", "accuracy")),
            ("PLOVER macro-F1, with hints", _get(report, "with_hints", "macro_f1")),
            ("PLOVER accuracy, end to end", _get(report, "end_to_end", "accuracy")),
            ("PLOVER macro-F1, end to end", _get(report, "end_to_end", "macro_f1")),
            ("quad-class accuracy", (report.get("quad_class") or {}).get("accuracy")),
            ("quad-class macro-F1", (report.get("quad_class") or {}).get("macro_f1")),
            ("quad-class macro-F1, events alone",
             (report.get("quad_class_events_only") or {}).get("macro_f1")),
            ("CAMEO root recall", report.get("cameo_root_recall")),
            ("items per second", report["throughput"]["items_per_second"])]
    for label, value in rows:
        if value is not None:
            summary.add_row(label, f"{value}")
    console.print(summary)
    if report.get("warning"):
        err.print(f"Warning: {report['warning']}")
    for title, table in (("PLOVER with hints", _get(report, "with_hints", None)),
                         ("PLOVER end to end", _get(report, "end_to_end", None)),
                         ("quad class", report.get("quad_class"))):
        if table:
            console.print(_class_table(title, table))


def _get(report: dict, section: str, key: str | None):
    block = (report.get(section) or {}).get("plover")
    if block is None:
        return None
    return block if key is None else block.get(key)


def _class_table(title: str, scores: dict) -> Table:
    predicted = sorted({p for row in scores["confusion"].values() for p in row})
    table = Table(title=f"{title}: per class, and confusion (rows gold, columns coded)")
    for column in ("gold", "P", "R", "F1", "n", *predicted):
        table.add_column(column, justify="right" if column != "gold" else "left")
    for label, c in scores["per_class"].items():
        row = scores["confusion"].get(label, {})
        table.add_row(label, f"{c['precision']:.2f}", f"{c['recall']:.2f}", f"{c['f1']:.2f}",
                      str(c["support"]), *(str(row.get(p, "")) for p in predicted))
    return table


def main() -> None:
    """Entry point: run the app, turning communique errors into one-line messages."""
    try:
        status = app(standalone_mode=False)
    except CommuniqueError as exc:
        if _state["debug"]:
            raise
        err.print(f"Error: {exc}", markup=False)
        sys.exit(1)
    except typer.Exit as exc:
        status = exc.exit_code
    except (typer.Abort, KeyboardInterrupt):
        status = 130
    except Exception as exc:
        if _interrupted_query(exc):
            status = 130
        else:
            _usage_error_or_raise(exc)
    if status == 130:  # typer turns Ctrl-C into exit status 130
        # Each batch is stored in its own transaction; a rerun skips what is stored.
        err.print("Interrupted: what was stored is kept; run the same command again to resume.")
    sys.exit(status if isinstance(status, int) else 0)


def _interrupted_query(exc: Exception) -> bool:
    """Ctrl-C that DuckDB caught while a query ran: it raises its own error in its place."""
    import duckdb

    return isinstance(exc, duckdb.InterruptException) or (
        isinstance(exc, RuntimeError) and str(exc) == "Query interrupted")


def _usage_error_or_raise(exc: Exception) -> None:
    """Show a usage error and exit with its status; anything else propagates."""
    # Usage errors: recognised by shape, since newer typer ships its own copy of click.
    if callable(getattr(exc, "show", None)) and isinstance(getattr(exc, "exit_code", None), int):
        exc.show()
        sys.exit(exc.exit_code)
    raise exc
