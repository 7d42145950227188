"""Store: events and their documents in an embedded DuckDB file; exports to JSONL, CSV, Parquet.

Rows are flat (one column per field) so analysts can query them with plain SQL; `event_dict`
rebuilds the nested JSON contract. Each document is written in one transaction: its old
events are replaced, so ingesting the same input twice changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from .errors import StoreError
from .models import Document, Event

SCHEMA_VERSION = "1"
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


class EventStore:
    """A DuckDB file holding documents and events (":memory:" for a throwaway store)."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        """Open (creating if needed) the database and check its schema version."""
        self.path = str(path)
        if read_only and self.path != ":memory:" and not Path(self.path).exists():
            raise StoreError(f"database '{self.path}' does not exist; run 'communique ingest' "
                             "first", code="C502")
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open database '{self.path}': {exc}", code="C503") from None
        if not read_only:
            self._create()
        self._check_version()

    def _create(self) -> None:
        cols = ", ".join(f"{n} {t}" for n, t in DOCUMENT_COLUMNS)
        ecols = ", ".join(f"{n} {t}" for n, t in EVENT_COLUMNS)
        self.con.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        self.con.execute(f"CREATE TABLE IF NOT EXISTS documents ({cols})")
        self.con.execute(f"CREATE TABLE IF NOT EXISTS events ({ecols})")
        self.con.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)",
                         [SCHEMA_VERSION])

    def _check_version(self) -> None:
        try:
            found = self._one("SELECT value FROM meta WHERE key = 'schema_version'")
        except duckdb.Error:
            raise StoreError(f"'{self.path}' is not a communique database (no meta table)",
                             code="C504") from None
        if found is None or found[0] != SCHEMA_VERSION:
            raise StoreError(
                f"database '{self.path}' has schema version {found and found[0]}, this "
                f"communique needs {SCHEMA_VERSION}; re-ingest into a new file", code="C505")

    def _one(self, sql: str, params: list[Any] | None = None) -> tuple[Any, ...] | None:
        """The first row of a query, reading the result to the end (DuckDB 2 insists)."""
        with _interruptible():
            rows = self.con.execute(sql, params or []).fetchall()
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

    def is_current(self, document: Document) -> bool:
        """True when this exact document version is already stored."""
        return bool(self.current_ids([document]))

    def current_ids(self, documents: Iterable[Document]) -> set[str]:
        """The ids of those documents whose exact version is already stored (one query)."""
        probe = pa.table({"doc_id": [d.doc_id for d in documents],
                          "content_hash": [content_hash(d) for d in documents]})
        if not probe.num_rows:
            return set()
        self.con.register("_probe", probe)
        try:
            with _interruptible():
                rows = self.con.execute(
                    "SELECT doc_id FROM documents JOIN _probe USING (doc_id) "
                    "WHERE documents.content_hash = _probe.content_hash").fetchall()
        finally:
            self.con.unregister("_probe")
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
        try:
            self.con.execute("BEGIN TRANSACTION")
            self.con.register("_ids", ids)
            self.con.register("_docs", doc_table)
            self.con.register("_events", event_table)
            self.con.execute("DELETE FROM events WHERE doc_id IN (SELECT doc_id FROM _ids)")
            self.con.execute("DELETE FROM documents WHERE doc_id IN (SELECT doc_id FROM _ids)")
            self.con.execute("INSERT INTO documents SELECT * FROM _docs")
            self.con.execute("INSERT OR REPLACE INTO events SELECT * FROM _events")
            self.con.execute("COMMIT")
        except duckdb.Error as exc:
            self.con.execute("ROLLBACK")
            if _is_interrupt(exc):
                raise KeyboardInterrupt from None
            raise StoreError(f"cannot write to '{self.path}': {exc}", code="C506") from None
        except BaseException as exc:
            # Ctrl-C inside a query surfaces as RuntimeError("Query interrupted"): undo the
            # batch so the file holds only whole documents, then stop as interrupted.
            self._rollback_quietly()
            if isinstance(exc, RuntimeError) and "interrupt" in str(exc).lower():
                raise KeyboardInterrupt from None
            raise
        finally:
            for name in ("_ids", "_docs", "_events"):
                self.con.unregister(name)
        return len(docs), len(rows)

    def _rollback_quietly(self) -> None:
        # Nothing to roll back when the transaction never started or already ended.
        with suppress(duckdb.Error, RuntimeError):
            self.con.execute("ROLLBACK")

    def counts(self) -> dict[str, int]:
        """Numbers of documents and events stored."""
        docs = self._one("SELECT count(*) FROM documents")[0]
        events = self._one("SELECT count(*) FROM events")[0]
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
        with _interruptible():
            relation = self.con.sql(sql, params=params)
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
