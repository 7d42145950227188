"""Corpus-scale ingest: documents stream from the readers through an engine into the sinks.

    read (generators) -> skip what is stored -> code (in process, or on Dask) -> sinks

Memory stays bounded whatever the corpus size: readers yield one document at a time, the
skip check and the writes work a batch at a time, and nothing is kept per corpus. Each batch
is written to DuckDB in one transaction, so an interrupted run (Ctrl-C, kill -9, a dead
worker) leaves only whole documents behind, and the same command run again skips them
before parsing and codes the rest: the events equal those of an uninterrupted run.
"""

from __future__ import annotations

import logging
import os
import re
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from .core import Communique, Result, batches
from .errors import IngestError, LanguageSkipped, StoreError
from .models import Document, Event
from .store import EVENT_SCHEMA, EventStore, content_hash, event_row

log = logging.getLogger(__name__)

ENGINES = ("local", "dask")
Batch = list[tuple[Document, list[Event]]]


class ParquetDataset:
    """Events as a Hive-partitioned Parquet dataset: ROOT/year=YYYY/month=MM/part-*.parquet.

    Months, not days: events are dated by when they happened, so one batch of news touches
    many days, and daily folders would fill with files of a few rows each; a month keeps
    files large while a date filter still prunes whole folders. Undated events go to
    year=__HIVE_DEFAULT_PARTITION__ (read back as NULL).

    The dataset is append-only. Rows are buffered and written every `flush_documents`
    documents; the files of a flush are written first and its manifest file
    (_manifest/<flush>.parquet: doc_id, content_hash, n_events) last, by an atomic rename,
    so a flush either completes or leaves part files without a manifest, which the next
    open deletes. A document counts as written once it is in the manifest.
    """

    MANIFEST = "_manifest"
    _PART = re.compile(r"^part-([0-9a-f]+-[0-9a-f]+)-\d+\.parquet$")

    def __init__(self, root: str | Path, *, flush_documents: int = 2000) -> None:
        """Open (creating) the dataset folder, removing what an interrupted run left."""
        self.root = Path(root)
        if self.root.exists() and not self.root.is_dir():
            raise StoreError(f"parquet output '{self.root}' exists and is not a folder",
                             code="C512")
        self.manifest = self.root / self.MANIFEST
        self.manifest.mkdir(parents=True, exist_ok=True)
        self.flush_documents = flush_documents
        self._documents: list[dict[str, Any]] = []
        self._rows: list[dict[str, Any]] = []
        self._remove_orphans()
        # The manifest is looked up a batch at a time, in DuckDB rather than a Python set.
        self.con = duckdb.connect()
        self.con.execute("CREATE TABLE done (doc_id VARCHAR, content_hash VARCHAR)")
        if any(self.manifest.glob("*.parquet")):
            self.con.execute("INSERT INTO done SELECT doc_id, content_hash FROM "
                             "read_parquet(?)", [str(self.manifest / "*.parquet")])

    def _remove_orphans(self) -> None:
        flushes = {p.stem for p in self.manifest.glob("*.parquet")}
        for path in self.manifest.glob("*.tmp"):
            path.unlink()
        for path in self.root.rglob("part-*.parquet"):
            found = self._PART.match(path.name)
            if found and found.group(1) not in flushes:
                path.unlink()

    def current_ids(self, documents: list[Document]) -> set[str]:
        """The ids of those documents whose exact version is already in the dataset."""
        probe = pa.table({"doc_id": [d.doc_id for d in documents],
                          "content_hash": [content_hash(d) for d in documents]})
        self.con.register("_probe", probe)
        try:
            rows = self.con.execute("SELECT doc_id FROM done JOIN _probe USING (doc_id, "
                                    "content_hash)").fetchall()
        finally:
            self.con.unregister("_probe")
        return {row[0] for row in rows}

    def add(self, items: Batch) -> None:
        """Buffer a batch's documents and events; write them once the buffer is full."""
        for document, events in items:
            self._documents.append({"doc_id": document.doc_id,
                                    "content_hash": content_hash(document),
                                    "n_events": len(events)})
            self._rows.extend(event_row(e) for e in events)
        if len(self._documents) >= self.flush_documents:
            self.flush()

    def flush(self) -> None:
        """Write the buffered rows: part files first, then the manifest that vouches for them."""
        if not self._documents:
            return
        flush = f"{time.time_ns():x}-{uuid.uuid4().hex[:8]}"
        if self._rows:
            table = pa.Table.from_pylist(self._rows, schema=EVENT_SCHEMA)
            days = table.column("date").to_pylist()
            table = table.append_column("year", pa.array(
                [f"{d.year:04d}" if d else None for d in days], pa.string()))
            table = table.append_column("month", pa.array(
                [f"{d.month:02d}" if d else None for d in days], pa.string()))
            pq.write_to_dataset(table, self.root, partition_cols=["year", "month"],
                                basename_template=f"part-{flush}-{{i}}.parquet")
        manifest = pa.Table.from_pylist(self._documents, schema=pa.schema(
            [("doc_id", pa.string()), ("content_hash", pa.string()), ("n_events", pa.int32())]))
        tmp = self.manifest / f"{flush}.tmp"
        pq.write_table(manifest, tmp)
        os.replace(tmp, self.manifest / f"{flush}.parquet")
        self.con.register("_new", manifest)
        self.con.execute("INSERT INTO done SELECT doc_id, content_hash FROM _new")
        self.con.unregister("_new")
        self._documents, self._rows = [], []

    def close(self) -> None:
        """Close the manifest lookup (buffered rows are not written: call flush first)."""
        self.con.close()


def read_event_ids(root: str | Path) -> list[str]:
    """The event ids in a Parquet dataset written by ParquetDataset (for comparisons)."""
    pattern = str(Path(root) / "year=*" / "month=*" / "*.parquet")
    if not any(Path(root).glob("year=*/month=*/*.parquet")):
        return []
    with duckdb.connect() as con:
        rows = con.execute("SELECT id FROM read_parquet(?, hive_partitioning = true) "
                           "ORDER BY id", [pattern]).fetchall()
    return [row[0] for row in rows]


class Sinks:
    """Where coded batches go: the DuckDB store and/or a Parquet dataset."""

    def __init__(self, db: str | None, parquet: str | Path | None) -> None:
        """Open the sinks; at least one must be given."""
        if db is None and parquet is None:
            raise StoreError("nothing to write to: give a database or a Parquet folder",
                             code="C513")
        self.store = EventStore(db) if db is not None else None
        try:
            self.parquet = ParquetDataset(parquet) if parquet is not None else None
        except BaseException:
            if self.store:
                self.store.close()
            raise

    def current_ids(self, documents: list[Document]) -> set[str]:
        """Documents every sink already holds in this exact version: they need no coding."""
        done: set[str] | None = None
        for sink in (self.store, self.parquet):
            if sink is not None:
                ids = sink.current_ids(documents)
                done = ids if done is None else done & ids
        return done or set()

    def write(self, items: Batch) -> None:
        """Write one batch: one DuckDB transaction, then the Parquet buffer."""
        if not items:
            return
        # The store commits first: a document it holds but the manifest lacks is coded again
        # on resume (its store write is idempotent); the reverse order could lose it there.
        if self.store is not None:
            self.store.write(items)
        if self.parquet is not None:
            self.parquet.add(items)

    def close(self) -> None:
        """Write what the Parquet buffer holds and close everything."""
        try:
            if self.parquet is not None:
                self.parquet.flush()
        finally:
            if self.parquet is not None:
                self.parquet.close()
            if self.store is not None:
                self.store.close()

    def totals(self) -> dict[str, int] | None:
        """Documents and events the database holds, when there is one."""
        return self.store.counts() if self.store is not None else None


@dataclass
class IngestProgress:
    """Running counts of an ingest, for the progress display and the summary."""

    total: int | None = None
    counts: Counter = field(default_factory=Counter)
    started: float = field(default_factory=time.perf_counter)

    @property
    def seen(self) -> int:
        """Input items dealt with so far: coded, skipped or failed."""
        return sum(self.counts[k] for k in ("documents", "unchanged", "errors", "foreign"))

    def rate(self, key: str) -> float:
        """Items of a kind (documents, sentences, events) coded per second so far."""
        elapsed = time.perf_counter() - self.started
        return self.counts[key] / elapsed if elapsed > 0 else 0.0


def _fresh(items: Iterable[Document | IngestError], sinks: Sinks, size: int,
           progress: IngestProgress, on_error: Callable[[IngestError], None],
           tick: Callable[[], None]) -> Iterator[Document]:
    """The documents the sinks do not hold yet, checked a batch at a time before parsing."""
    for chunk, errors in batches(items, size):
        for error in errors:
            if isinstance(error, LanguageSkipped):  # counted, not an error
                progress.counts["foreign"] += 1
                log.info("%s", error)
                continue
            progress.counts["errors"] += 1
            on_error(error)
        done = sinks.current_ids(chunk) if chunk else set()
        progress.counts["unchanged"] += len(done)
        if done or errors:
            tick()
        yield from (d for d in chunk if d.doc_id not in done)


def _local_batches(core: Communique, documents: Iterable[Document]) -> Iterator[list[Result]]:
    """Code in this process (nlp.pipe, n_process as set), a batch of results at a time."""
    batch: list[Result] = []
    for result in core.code_documents(documents):
        batch.append(result)
        if len(batch) >= core.settings.batch_size:
            yield batch
            batch = []
    if batch:
        yield batch


def run_ingest(core: Communique, inputs: list[str], *, db: str | None,
               parquet: str | Path | None = None, published: date | None = None,
               fmt: str | None = None, engine: str = "local", workers: int | None = None,
               scheduler: str | None = None, progress: IngestProgress | None = None,
               on_error: Callable[[IngestError], None] = lambda error: None,
               tick: Callable[[], None] = lambda: None) -> IngestProgress:
    """Code inputs into the sinks, skipping documents they already hold; returns the counts.

    engine "local" codes in this process; "dask" on a Dask cluster (`scheduler` address, or
    a LocalCluster of `workers` processes). Either way this process reads and writes, so
    the skip check and the transactions are the same.
    """
    if engine not in ENGINES:
        raise StoreError(f"unknown engine {engine!r}; use {' or '.join(ENGINES)}", code="C514")
    progress = progress or IngestProgress()
    sinks = Sinks(db, parquet)
    try:
        items = core.read(inputs, published=published, fmt=fmt)
        documents = _fresh(items, sinks, core.settings.batch_size, progress, on_error, tick)
        if engine == "dask":
            from .dask_engine import dask_batches

            coded = dask_batches(core.settings, documents, workers=workers,
                                 scheduler=scheduler)
        else:
            core.coder  # noqa: B018 -- load the pipeline now, so the rates time coding only
            progress.started = time.perf_counter()
            coded = _local_batches(core, documents)
        for results in coded:
            for result in results:
                if result.error is not None:  # errors surface in _fresh; kept for safety
                    progress.counts["errors"] += 1
                    on_error(result.error)
            done = [r for r in results if r.document is not None]
            sinks.write([(r.document, r.events) for r in done])
            progress.counts["documents"] += len(done)
            progress.counts["sentences"] += sum(r.sentences for r in done)
            progress.counts["events"] += sum(len(r.events) for r in done)
            log.info("stored a batch of %d documents; %d coded so far", len(done),
                     progress.counts["documents"])
            tick()
        totals = sinks.totals()
    finally:
        sinks.close()
    if totals is not None:
        progress.counts.update({f"db_{k}": v for k, v in totals.items()})
    return progress
