"""The DuckDB store: idempotent ingest, replacement of changed documents, exports."""

from __future__ import annotations

import json
from datetime import date

import duckdb
import pyarrow.parquet as pq
import pytest

from communique import EventStore, StoreError
from communique.ingest import make_document
from communique.store import export


def doc(doc_id: str, text: str):
    return make_document(doc_id, text, "<test>", published=date(2019, 6, 23), date_basis="input")


@pytest.fixture
def store(tmp_path):
    with EventStore(tmp_path / "events.duckdb") as s:
        yield s


def ingest(core, store, documents):
    fresh = [d for d in documents if not store.is_current(d)]
    return store.write((r.document, r.events) for r in core.code_documents(fresh))


def test_ingesting_twice_stores_everything_once(core, store):
    docs = [doc("a", "Russia criticized Britain on Friday."),
            doc("b", "Japan hosted South Korea on Thursday.")]
    first = ingest(core, store, docs)
    counts = store.counts()
    second = ingest(core, store, docs)
    assert first == (2, 3) and second == (0, 0)
    assert store.counts() == counts == {"documents": 2, "events": 3}


def test_a_changed_document_replaces_its_events(core, store):
    ingest(core, store, [doc("a", "Russia criticized Britain.")])
    ingest(core, store, [doc("a", "Russia praised Britain.")])
    table = store.query()
    assert table.column("cameo").to_pylist() == ["051"]
    assert store.counts()["documents"] == 1


def test_rows_round_trip_to_the_json_contract(core, store):
    [result] = core.code_documents([doc("a", "Iran held talks with Russia in Geneva on Friday.")])
    store.write([(result.document, result.events)])
    stored = {e["id"]: e for e in store.iter_event_dicts(store.query())}
    original = {e.id: e.to_dict() for e in result.events}
    assert len(original) == 2 and stored == original


def test_query_filters(core, store):
    ingest(core, store, [doc("a", "Russia criticized Britain on Friday."),
                         doc("b", "North Korea praised Russia last year.")])
    assert store.query(actor="PRK").num_rows == 1
    assert store.query(actor="RUS").num_rows == 2
    assert store.query(since=date(2019, 1, 1)).num_rows == 1
    assert store.query(until=date(2018, 12, 31)).num_rows == 1
    assert store.query(cameo="11").num_rows == 1


def test_exports(core, store, tmp_path):
    ingest(core, store, [doc("a", "Russia criticized Britain on Friday.")])
    table = store.query()
    lines = export(table, "jsonl", None, store).splitlines()
    assert json.loads(lines[0])["source"]["code"] == "RUS"
    csv_text = export(table, "csv", None, store)
    assert csv_text.splitlines()[0].startswith('"id","doc_id","date"')
    export(table, "parquet", tmp_path / "e.parquet", store)
    assert pq.read_table(tmp_path / "e.parquet").column("cameo").to_pylist() == ["111"]
    with pytest.raises(StoreError, match="parquet output needs a file"):
        export(table, "parquet", None, store)


def test_a_failed_write_keeps_what_was_stored(core, store):
    ingest(core, store, [doc("a", "Russia criticized Britain.")])
    [result] = core.code_documents([doc("b", "Japan hosted South Korea.")])
    broken = result.events[0]
    broken.doc_id = None  # violates NOT NULL: the whole transaction must roll back
    with pytest.raises(StoreError):
        store.write([(result.document, result.events)])
    assert store.counts() == {"documents": 1, "events": 1}


def test_foreign_and_future_databases_are_refused(tmp_path):
    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE t (x INT)")
    con.close()
    with pytest.raises(StoreError, match="not a communique database"):
        EventStore(other, read_only=True)
    newer = tmp_path / "newer.duckdb"
    EventStore(newer).close()
    con = duckdb.connect(str(newer))
    con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(StoreError, match="schema version 99"):
        EventStore(newer)


def test_reading_a_missing_database_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        EventStore(tmp_path / "missing.duckdb", read_only=True)
