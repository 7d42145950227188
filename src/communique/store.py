"""Store: events and their documents in an embedded DuckDB file; exports to JSONL, CSV, Parquet.

Rows are flat (one column per field) so analysts can query them with plain SQL; `event_dict`
rebuilds the nested JSON contract. Each document is written in one transaction: its old
events are replaced, so ingesting the same input twice changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import random
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from .errors import StoreError
from .models import Document, Event

SCHEMA_VERSION = "2"
READABLE_FROM = 1  # the oldest schema readers accept as is: later versions only add tables
LOCK_TIMEOUT = 30.0  # seconds to wait for another process to let go of the file
_LOCKED = "Could not set lock on file"  # DuckDB's IOException when another process holds it
_SIDE = ["text", "code", "country", "sector", "name"]
EVENT_COLUMNS: list[tuple[str, str]] = [
    ("id", "VARCHAR PRIMARY KEY"), ("doc_id", "VARCHAR NOT NULL"), ("date", "DATE"),
    ("date_precision", "VARCHAR"), ("date_basis", "VARCHAR"),
    *[(f"source_{k}", "VARCHAR") for k in _SIDE], ("source_start", "INTEGER"),
    ("source_end", "INTEGER"),
    *[(f"target_{k}", "VARCHAR") for k in _SIDE], ("target_start", "INTEGER"),
    ("target_end", "INTEGER"),
    ("cameo", "VARCHAR NOT NULL"), ("cameo_root", "VARCHAR"), ("cameo_name", "VARCHAR"),
    ("quad_class", "TINYINT"), ("goldstein", "DOUBLE"), ("plover", "VARCHAR"),
    ("plover_mode", "VARCHAR"), ("plover_context", "VARCHAR"),
    ("location_name", "VARCHAR"), ("location_country", "VARCHAR"), ("location_lat", "DOUBLE"),
    ("location_lon", "DOUBLE"), ("location_feature", "VARCHAR"),
    ("sentence", "VARCHAR"), ("sentence_index", "INTEGER"), ("char_start", "INTEGER"),
    ("char_end", "INTEGER"), ("verb_text", "VARCHAR"), ("verb_lemma", "VARCHAR"),
    ("verb_start", "INTEGER"), ("verb_end", "INTEGER"), ("negated", "BOOLEAN"),
    ("confidence", "DOUBLE"), ("evidence", "VARCHAR"), ("published", "DATE"),
]
DOCUMENT_COLUMNS: list[tuple[str, str]] = [
    ("doc_id", "VARCHAR PRIMARY KEY"), ("content_hash", "VARCHAR NOT NULL"),
    ("source_path", "VARCHAR"), ("title", "VARCHAR"), ("url", "VARCHAR"), ("author", "VARCHAR"),
    ("published", "DATE"), ("date_basis", "VARCHAR"), ("text", "VARCHAR"),
    ("n_events", "INTEGER"), ("ingested_at", "TIMESTAMP"),
]
_ARROW = {"VARCHAR": pa.string(), "DATE": pa.date32(), "INTEGER": pa.int32(),
          "TINYINT": pa.int8(), "DOUBLE": pa.float64(), "BOOLEAN": pa.bool_(),
          "TIMESTAMP": pa.timestamp("us")}


def _arrow_schema(columns: list[tuple[str, str]]) -> pa.Schema:
    return pa.schema([(name, _ARROW[kind.split()[0]]) for name, kind in columns])


EVENT_SCHEMA = _arrow_schema(EVENT_COLUMNS)
DOCUMENT_SCHEMA = _arrow_schema(DOCUMENT_COLUMNS)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def event_row(event: Event) -> dict[str, Any]:
    """Flatten an Event into one row of the events table."""
    row: dict[str, Any] = {"id": event.id, "doc_id": event.doc_id, "date": _day(event.date),
                           "date_precision": event.date_precision, "date_basis": event.date_basis}
    for side, values in (("source", event.source), ("target", event.target)):
        for key in _SIDE:
            row[f"{side}_{key}"] = values.get(key)
        span = values.get("span") or [None, None]
        row[f"{side}_start"], row[f"{side}_end"] = span
    location = event.location or {}
    row.update(cameo=event.cameo, cameo_root=event.cameo[:2], cameo_name=event.cameo_name,
               quad_class=event.quad_class, goldstein=event.goldstein, plover=event.plover,
               plover_mode=event.plover_mode, plover_context=event.plover_context,
               location_name=location.get("name"), location_country=location.get("country"),
               location_lat=location.get("lat"), location_lon=location.get("lon"),
               location_feature=location.get("feature"), sentence=event.sentence,
               sentence_index=event.sentence_index, char_start=event.char_span[0],
               char_end=event.char_span[1], verb_text=event.verb.get("text"),
               verb_lemma=event.verb.get("lemma"),
               verb_start=(event.verb.get("span") or [None])[0],
               verb_end=(event.verb.get("span") or [None, None])[1], negated=event.negated,
               confidence=event.confidence, evidence=event.evidence,
               published=_day(event.published))
    return row


def event_dict(row: dict[str, Any]) -> dict[str, Any]:
    """Rebuild the nested JSON contract from a flat events row."""
    def iso(value: Any) -> str | None:
        return value.isoformat() if isinstance(value, date) else value

    def side(name: str) -> dict[str, Any]:
        values = {key: row[f"{name}_{key}"] for key in _SIDE}
        values["span"] = [row[f"{name}_start"], row[f"{name}_end"]]
        return values

    location = None
    if row.get("location_name") is not None:
        location = {"name": row["location_name"], "country": row["location_country"],
                    "lat": row["location_lat"], "lon": row["location_lon"],
                    "feature": row["location_feature"]}
    return {
        "id": row["id"], "doc_id": row["doc_id"], "date": iso(row["date"]),
        "date_precision": row["date_precision"], "date_basis": row["date_basis"],
        "source": side("source"), "target": side("target"), "cameo": row["cameo"],
        "cameo_name": row["cameo_name"], "quad_class": row["quad_class"],
        "goldstein": row["goldstein"], "plover": row["plover"],
        "plover_mode": row["plover_mode"], "location": location, "sentence": row["sentence"],
        "sentence_index": row["sentence_index"],
        "char_span": [row["char_start"], row["char_end"]], "negated": row["negated"],
        "confidence": row["confidence"], "evidence": row["evidence"],
        "verb": {"text": row["verb_text"], "lemma": row["verb_lemma"],
                 "span": [row["verb_start"], row["verb_end"]]},
        "plover_context": row["plover_context"], "published": iso(row["published"]),
    }


def content_hash(document: Document) -> str:
    """What makes two versions of a document the same for idempotent ingest."""
    key = json.dumps([document.text, str(document.published), document.source_hint,
                      document.target_hint], ensure_ascii=False)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@contextmanager
def _interruptible() -> Iterator[None]:
    """DuckDB reports Ctrl-C during a query as RuntimeError("Query interrupted"); make it
    the KeyboardInterrupt it is, so callers stop cleanly."""
    try:
        yield
    except (RuntimeError, duckdb.Error) as exc:
        if _is_interrupt(exc):
            raise KeyboardInterrupt from None
        raise


def _is_interrupt(exc: Exception) -> bool:
    """DuckDB's way of saying Ctrl-C arrived ("Query interrupted", or a KeyboardInterrupt
    while it read a registered Python table)."""
    return "interrupt" in str(exc).lower()


def _create_v1(con: duckdb.DuckDBPyConnection) -> None:
    cols = ", ".join(f"{n} {t}" for n, t in DOCUMENT_COLUMNS)
    ecols = ", ".join(f"{n} {t}" for n, t in EVENT_COLUMNS)
    con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.execute(f"CREATE TABLE documents ({cols})")
    con.execute(f"CREATE TABLE events ({ecols})")


def _add_batches(con: duckdb.DuckDBPyConnection) -> None:
    # One row per committed write: readers get a cheap "has anything changed" marker
    # (max(seq)) and an operator sees how far an ingest got and when.
    con.execute("CREATE TABLE batches (seq INTEGER PRIMARY KEY, committed_at TIMESTAMP, "
                "documents INTEGER, events INTEGER)")


# MIGRATIONS[n] turns a version n-1 database into version n; version 0 is an empty file.
MIGRATIONS: dict[int, Callable[[duckdb.DuckDBPyConnection], None]] = {
    1: _create_v1, 2: _add_batches}


def _connect(path: str, read_only: bool, timeout: float) -> duckdb.DuckDBPyConnection:
    """Open the file, waiting with bounded backoff while another process holds it."""
    deadline = time.monotonic() + timeout
    delay = 0.005
    while True:
        try:
            return duckdb.connect(path, read_only=read_only)
        except duckdb.IOException as exc:
            if _LOCKED not in str(exc):
                raise StoreError(f"cannot open database '{path}': {exc}", code="C503") from None
            if time.monotonic() >= deadline:
                raise StoreError(
                    f"database '{path}' is in use by another process that held it for more "
                    f"than {timeout:g} s; try again when it is done", code="C507") from None
        except duckdb.Error as exc:
            raise StoreError(f"cannot open database '{path}': {exc}", code="C503") from None
        # Jitter keeps several waiting readers from retrying in lockstep with the writer.
        time.sleep(min(delay * random.uniform(0.5, 1.5), max(deadline - time.monotonic(), 0)))
        delay = min(delay * 2, 0.25)


class _Cursor:
    """A cursor on the store's connection; closing it lets the file go when it was the last."""

    def __init__(self, cursor: duckdb.DuckDBPyConnection, owner: _FileConnection) -> None:
        self._cursor = cursor
        self._owner: _FileConnection | None = owner

    @contextmanager
    def using(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The underlying DuckDB cursor, for the duration of one operation."""
        yield self._cursor

    def cursor(self) -> _Cursor:
        """Another cursor on the same open file."""
        return self._owner.cursor() if self._owner else _Cursor(self._cursor.cursor(), None)

    def close(self) -> None:
        """Close the cursor, and the file when no one else uses it."""
        owner, self._owner = self._owner, None
        self._cursor.close()
        if owner is not None:
            owner.release()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)


class _FileConnection:
    """The store's connection to its file, opened on use and (unless held) closed when the
    last user is done, so that other processes can open the file in between.

    DuckDB lets one process write a file and no other process open it meanwhile; holding it
    only for the length of an operation is what lets an ingest and readers take turns.
    Direct use of `store.con` (execute, sql, ...) keeps the file open until the store closes.
    """

    def __init__(self, opener: Callable[[], duckdb.DuckDBPyConnection], *, hold: bool) -> None:
        self._opener = opener
        self._hold = hold
        self._con: duckdb.DuckDBPyConnection | None = None
        self._users = 0
        self._sticky = False
        self._lock = threading.RLock()

    def acquire(self) -> duckdb.DuckDBPyConnection:
        """The open connection, opening the file when nobody has it open."""
        with self._lock:
            if self._con is None:
                self._con = self._opener()
            self._users += 1
            return self._con

    def release(self) -> None:
        """One user is done; close the file when it was the last."""
        with self._lock:
            self._users -= 1
            if self._users <= 0 and not self._hold and self._con is not None:
                self._con.close()
                self._con, self._users = None, 0

    @contextmanager
    def using(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The open connection for the duration of one operation."""
        con = self.acquire()
        try:
            yield con
        finally:
            self.release()

    def cursor(self) -> _Cursor:
        """A cursor (for another thread) that holds the file open until it is closed."""
        con = self.acquire()
        try:
            return _Cursor(con.cursor(), self)
        except BaseException:
            self.release()
            raise

    def close(self) -> None:
        """Close the file whatever is still using it."""
        with self._lock:
            if self._con is not None:
                self._con.close()
            self._con, self._users, self._sticky = None, 0, False

    def __getattr__(self, name: str) -> Any:
        with self._lock:
            if not self._sticky:
                self.acquire()
                self._sticky = True
            return getattr(self._con, name)


class EventStore:
    """A DuckDB file holding documents and events (":memory:" for a throwaway store).

    The file is open only while an operation runs (`hold=True` keeps it open for the store's
    lifetime); opening waits up to `lock_timeout` seconds while another process has it.
    """

    def __init__(self, path: str | Path, *, read_only: bool = False, hold: bool = False,
                 lock_timeout: float = LOCK_TIMEOUT) -> None:
        """Open (creating or upgrading if needed) the database and check its schema version."""
        self.path = str(path)
        self.read_only = read_only
        memory = self.path == ":memory:"
        if read_only and not memory and not Path(self.path).exists():
            raise StoreError(f"database '{self.path}' does not exist; run 'communique ingest' "
                             "first", code="C502")

        prepared = read_only

        def opener() -> duckdb.DuckDBPyConnection:
            nonlocal prepared
            con = _connect(self.path, read_only, lock_timeout)
            try:
                if prepared:  # another process may have upgraded it since: check again
                    self._check_version(con)
                else:
                    self._prepare(con)
                    prepared = True
            except BaseException:
                con.close()
                raise
            return con

        self.con = _FileConnection(opener, hold=hold or memory)
        with self.con.using():
            pass  # fail now, not at the first query, when the file is unusable

    def _version(self, con: duckdb.DuckDBPyConnection) -> int:
        """The file's schema version: 0 for an empty database; refuses other databases."""
        tables = {row[0] for row in con.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_catalog = current_database()").fetchall()}
        if not tables:
            return 0
        found = None
        if "meta" in tables:
            found = con.execute("SELECT any_value(value) FROM meta "
                                "WHERE key = 'schema_version'").fetchall()[0][0]
        if found is None or not found.isdigit():
            raise StoreError(f"'{self.path}' is not a communique database (no schema version); "
                             "use another file", code="C504")
        return int(found)

    def _check_version(self, con: duckdb.DuckDBPyConnection) -> None:
        found = self._version(con)
        known = int(SCHEMA_VERSION)
        if found > known:
            raise StoreError(f"database '{self.path}' has schema version {found}, newer than "
                             f"version {known} this communique knows; upgrade communique",
                             code="C505")
        oldest = known if not self.read_only else READABLE_FROM
        if found == 0:
            raise StoreError(f"database '{self.path}' is empty; run 'communique ingest' first",
                             code="C502")
        if found < oldest:
            raise StoreError(f"database '{self.path}' has schema version {found}; this "
                             f"communique reads versions {oldest} to {known}: run 'communique "
                             "ingest' into it to upgrade", code="C505")

    def _prepare(self, con: duckdb.DuckDBPyConnection) -> None:
        """Create or upgrade the schema in one transaction: all steps or none."""
        found: int | str = "unknown"
        con.execute("BEGIN TRANSACTION")
        try:
            found = self._version(con)
            known = int(SCHEMA_VERSION)
            if found > known:
                self._check_version(con)
            for version in range(found + 1, known + 1):
                MIGRATIONS[version](con)
            if found < known:
                con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
                            [SCHEMA_VERSION])
            con.execute("COMMIT")
        except BaseException as exc:
            with suppress(duckdb.Error):
                con.execute("ROLLBACK")
            if isinstance(exc, duckdb.Error):
                raise StoreError(f"cannot upgrade database '{self.path}' from schema version "
                                 f"{found} to {SCHEMA_VERSION}: {exc}; the file is unchanged",
                                 code="C508") from None
            raise

    def _one(self, sql: str, params: list[Any] | None = None) -> tuple[Any, ...] | None:
        """The first row of a query, reading the result to the end (DuckDB 2 insists)."""
        with _interruptible(), self.con.using() as con:
            rows = con.execute(sql, params or []).fetchall()
        return rows[0] if rows else None

    def close(self) -> None:
        """Close the connection."""
        self.con.close()

    def __enter__(self) -> EventStore:
        """Use as a context manager."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Close on exit."""
        self.close()

    def schema_version(self) -> int:
        """The schema version the file holds."""
        with self.con.using() as con:
            return self._version(con)

    def data_version(self) -> int:
        """A number that grows with every committed write (-1 for a store that records no
        batches), so readers can tell cheaply whether their answers are stale."""
        with _interruptible(), self.con.using() as con:
            if self._version(con) < 2:
                return -1
            return con.execute("SELECT coalesce(max(seq), 0) FROM batches").fetchall()[0][0]

    def check(self) -> list[str]:
        """Integrity problems in the stored data, one line each (none for a sound store)."""
        queries = [
            ("events whose document is missing",
             "SELECT count(*) FROM events e ANTI JOIN documents d USING (doc_id)"),
            ("documents whose n_events differs from their stored events",
             "SELECT count(*) FROM documents d LEFT JOIN (SELECT doc_id, count(*) AS n FROM "
             "events GROUP BY doc_id) e USING (doc_id) WHERE d.n_events <> coalesce(e.n, 0)"),
            ("duplicate document ids",
             "SELECT count(*) - count(DISTINCT doc_id) FROM documents"),
            ("duplicate event ids", "SELECT count(*) - count(DISTINCT id) FROM events"),
        ]
        problems = []
        with _interruptible(), self.con.using() as con:
            version = self._version(con)
            if version != int(SCHEMA_VERSION) and not (
                    self.read_only and version >= READABLE_FROM):
                problems.append(f"schema version {version}, expected {SCHEMA_VERSION}")
            for what, sql in queries:
                found = con.execute(sql).fetchall()[0][0]
                if found:
                    problems.append(f"{found} {what}")
        return problems

    def is_current(self, document: Document) -> bool:
        """True when this exact document version is already stored."""
        return bool(self.current_ids([document]))

    def current_ids(self, documents: Iterable[Document]) -> set[str]:
        """The ids of those documents whose exact version is already stored (one query)."""
        probe = pa.table({"doc_id": [d.doc_id for d in documents],
                          "content_hash": [content_hash(d) for d in documents]})
        if not probe.num_rows:
            return set()
        with self.con.using() as con:
            try:
                # Ctrl-C can land while DuckDB reads the registered table's schema, too.
                with _interruptible():
                    con.register("_probe", probe)
                    rows = con.execute(
                        "SELECT doc_id FROM documents JOIN _probe USING (doc_id) "
                        "WHERE documents.content_hash = _probe.content_hash").fetchall()
            finally:
                con.unregister("_probe")
        return {row[0] for row in rows}

    def write(self, items: Iterable[tuple[Document, list[Event]]]) -> tuple[int, int]:
        """Store documents with their events in one transaction; returns (documents, events)."""
        # A corpus may repeat an id: the last version wins, as it would across transactions.
        items = list({d.doc_id: (d, evs) for d, evs in items}.values())
        if not items:
            return 0, 0
        now = datetime.now(UTC).replace(tzinfo=None)
        docs = [{"doc_id": d.doc_id, "content_hash": content_hash(d), "source_path": d.source_path,
                 "title": d.title, "url": d.url, "author": d.author, "published": d.published,
                 "date_basis": d.date_basis, "text": d.text, "n_events": len(evs),
                 "ingested_at": now} for d, evs in items]
        rows = [event_row(e) for _, evs in items for e in evs]
        doc_table = pa.Table.from_pylist(docs, schema=DOCUMENT_SCHEMA)
        event_table = pa.Table.from_pylist(rows, schema=EVENT_SCHEMA)
        ids = pa.table({"doc_id": [d["doc_id"] for d in docs]})
        with self.con.using() as con:
            self._write(con, ids, doc_table, event_table)
        return len(docs), len(rows)

    def _write(self, con: duckdb.DuckDBPyConnection, ids: pa.Table, doc_table: pa.Table,
               event_table: pa.Table) -> None:
        try:
            con.execute("BEGIN TRANSACTION")
            con.register("_ids", ids)
            con.register("_docs", doc_table)
            con.register("_events", event_table)
            con.execute("DELETE FROM events WHERE doc_id IN (SELECT doc_id FROM _ids)")
            con.execute("DELETE FROM documents WHERE doc_id IN (SELECT doc_id FROM _ids)")
            con.execute("INSERT INTO documents SELECT * FROM _docs")
            con.execute("INSERT OR REPLACE INTO events SELECT * FROM _events")
            con.execute("INSERT INTO batches SELECT coalesce(max(seq), 0) + 1, "
                        "current_timestamp::TIMESTAMP, ?, ? FROM batches",
                        [doc_table.num_rows, event_table.num_rows])
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            if _is_interrupt(exc):
                raise KeyboardInterrupt from None
            raise StoreError(f"cannot write to '{self.path}': {exc}", code="C506") from None
        except BaseException as exc:
            # Ctrl-C inside a query surfaces as RuntimeError("Query interrupted"): undo the
            # batch so the file holds only whole documents, then stop as interrupted.
            self._rollback_quietly(con)
            if isinstance(exc, RuntimeError) and "interrupt" in str(exc).lower():
                raise KeyboardInterrupt from None
            raise
        finally:
            for name in ("_ids", "_docs", "_events"):
                con.unregister(name)

    @staticmethod
    def _rollback_quietly(con: duckdb.DuckDBPyConnection) -> None:
        # Nothing to roll back when the transaction never started or already ended.
        with suppress(duckdb.Error, RuntimeError):
            con.execute("ROLLBACK")

    def counts(self) -> dict[str, int]:
        """Numbers of documents and events stored."""
        # One query, so a reader never pairs documents and events from different commits.
        docs, events = self._one("SELECT (SELECT count(*) FROM documents), "
                                 "(SELECT count(*) FROM events)")
        return {"documents": docs, "events": events}

    def query(self, *, actor: str | None = None, since: date | None = None,
              until: date | None = None, cameo: str | None = None, doc_id: str | None = None,
              limit: int | None = None) -> pa.Table:
        """Events as an Arrow table, filtered by actor code/country, date range, CAMEO prefix."""
        where, params = ["TRUE"], []
        if actor:
            where.append("(starts_with(source_code, ?) OR starts_with(target_code, ?) "
                         "OR source_country = ? OR target_country = ?)")
            params += [actor.upper()] * 4
        for value, clause in ((since, "date >= ?"), (until, "date <= ?"),
                              (cameo, "starts_with(cameo, ?)"), (doc_id, "doc_id = ?")):
            if value:
                where.append(clause)
                params.append(value)
        sql = (f"SELECT * FROM events WHERE {' AND '.join(where)} "
               "ORDER BY date NULLS LAST, doc_id, sentence_index, char_start, cameo")
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with _interruptible(), self.con.using() as con:
            relation = con.sql(sql, params=params)
            # DuckDB 2 renamed the relation's arrow() to to_arrow_table().
            fetch = getattr(relation, "to_arrow_table", None) or relation.arrow
            return fetch()

    def iter_event_dicts(self, table: pa.Table) -> Iterator[dict[str, Any]]:
        """Nested contract dicts for the rows of a query result."""
        for row in table.to_pylist():
            yield event_dict(row)


def export(table: pa.Table, fmt: str, out: Path | None, store: EventStore) -> str | None:
    """Write a query result as jsonl, csv or parquet to a file (or return jsonl/csv text)."""
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    if fmt == "parquet":
        if out is None:
            raise StoreError("parquet output needs a file: pass -o events.parquet", code="C510")
        pq.write_table(table, out)
        return None
    if fmt == "csv":
        if out is None:
            sink = pa.BufferOutputStream()
            pacsv.write_csv(table, sink)
            return sink.getvalue().to_pybytes().decode("utf-8")
        pacsv.write_csv(table, out)
        return None
    if fmt == "jsonl":
        text = "".join(json.dumps(d, ensure_ascii=False) + "\n"
                       for d in store.iter_event_dicts(table))
        if out is None:
            return text
        out.write_text(text, "utf-8")
        return None
    raise StoreError(f"unknown format {fmt!r}; use jsonl, csv or parquet", code="C511")
