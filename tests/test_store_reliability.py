"""The store under faults and concurrent use: an ingest killed with SIGKILL at random moments
leaves a sound database and resumes to the events of an uninterrupted run; readers query while
an ingest writes and only ever see whole batches; old databases are upgraded in one
transaction, and newer or foreign files are refused untouched."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from communique import store as store_module
from communique.errors import StoreError
from communique.ingest import make_document
from communique.store import SCHEMA_VERSION, EventStore

from .test_scale import TIMEOUT, _env, _ingest_args, ingest, stored, write_corpus

COPIES = 3  # 12 example stories x 3 = 36 documents, 12 batches of 3 (test_scale.BATCH)
BATCH_SIZE = 3
SEED = 20261129


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> Path:
    """The example stories under three distinct ids each."""
    return write_corpus(tmp_path_factory.mktemp("corpus") / "corpus.jsonl", COPIES)


@pytest.fixture(scope="module")
def uninterrupted(small_corpus, tmp_path_factory) -> dict:
    """What an uninterrupted run stores: the documents, events, and events per document."""
    db = tmp_path_factory.mktemp("reference") / "ref.duckdb"
    done = ingest(small_corpus, "--db", str(db))
    assert done.returncode == 0, done.stderr
    documents, events = stored(db)
    assert documents == 12 * COPIES and len(events) > 50
    with duckdb.connect(str(db), read_only=True) as con:
        per_doc = dict(con.execute("SELECT doc_id, n_events FROM documents").fetchall())
    return {"documents": documents, "events": events, "per_doc": per_doc}


# -- 1. SIGKILL at random moments ------------------------------------------------------------

class _Run:
    """An ingest subprocess whose log lines are collected as they come."""

    def __init__(self, corpus: Path, db: Path) -> None:
        self.proc = subprocess.Popen(_ingest_args(corpus, "--db", str(db)),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     text=True, env=_env())
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.proc.stderr:
            self.lines.append(line)

    def batches_stored(self) -> int:
        return sum("coded so far" in line for line in self.lines)

    def wait_until(self, condition, limit: float = TIMEOUT) -> bool:
        """Poll (1 ms) until condition() holds; False when the run ended first."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if condition():
                return True
            if self.proc.poll() is not None:
                return False
            time.sleep(0.001)
        return False

    def kill(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=TIMEOUT)
        self._reader.join(timeout=TIMEOUT)
        return self.proc.returncode


def _wal(db: Path) -> Path:
    return db.with_name(db.name + ".wal")


def _strike(run: _Run, moment: tuple, db: Path, rng: random.Random) -> None:
    """Wait for the moment, then SIGKILL the run."""
    kind = moment[0]
    if kind == "startup":  # imports, settings, opening or creating the database
        time.sleep(moment[1])
    elif kind == "created":  # the file exists: its schema transaction is being written
        run.wait_until(db.exists)
    elif kind == "commit":  # a transaction committed to the WAL, checkpoint not yet done
        wal = _wal(db)
        run.wait_until(lambda: wal.exists() and wal.stat().st_size > 0)
    elif kind == "batch":  # somewhere while coding or writing the batch after the n-th
        target = run.batches_stored() + moment[1]
        run.wait_until(lambda: run.batches_stored() >= target)
        time.sleep(rng.uniform(0.0, 0.4))
    run.kill()


def _inspect(db: Path, reference: dict) -> int:
    """Check a database left by a killed run; returns the documents it holds."""
    if not db.exists():
        return 0  # killed before the file was created
    try:
        store = EventStore(db, read_only=True)
    except StoreError as exc:
        # Killed before the schema transaction committed: an empty file the next run fills.
        assert "is empty" in str(exc), exc
        return 0
    with store:
        assert store.check() == []
        with store.con.using() as con:
            events = con.execute("SELECT id, doc_id, date, source_code, cameo, target_code, "
                                 "char_start FROM events ORDER BY id").fetchall()
            docs = {row[0] for row in con.execute("SELECT doc_id FROM documents").fetchall()}
    assert docs <= set(reference["per_doc"])
    # Every stored document holds exactly the events an uninterrupted run gives it.
    assert events == [e for e in reference["events"] if e[1] in docs]
    return len(docs)


def test_sigkill_at_random_moments_loses_nothing(small_corpus, uninterrupted, tmp_path):
    rng = random.Random(SEED)
    db = tmp_path / "killed.duckdb"
    moments = [("startup", rng.uniform(0.05, 0.6)), ("created",), ("startup", rng.uniform(1, 5)),
               ("commit",), ("batch", 1), ("commit",), ("batch", rng.randint(1, 2)),
               ("commit",), ("batch", 1), ("batch", rng.randint(1, 2))]
    held, killed = [], 0
    for moment in moments:
        run = _Run(small_corpus, db)
        _strike(run, moment, db, rng)
        killed += run.proc.returncode == -signal.SIGKILL
        documents = _inspect(db, uninterrupted)
        assert documents >= (held[-1] if held else 0), (moment, held)  # no commit undone
        held.append(documents)
    assert killed >= len(moments) - 1, held  # the corpus outlasts the faults
    assert 0 < held[-1] < uninterrupted["documents"], held

    again = ingest(small_corpus, "--db", str(db))
    assert again.returncode == 0, again.stderr
    assert f"{held[-1]} unchanged" in again.stderr  # what was stored is not coded again
    assert stored(db) == (uninterrupted["documents"], uninterrupted["events"])
    with EventStore(db, read_only=True) as store:
        assert store.check() == []


# -- 2. readers while an ingest writes -------------------------------------------------------

def _whole_batch_states(corpus: Path, per_doc: dict[str, int]) -> set[tuple[int, int]]:
    """(documents, events) after each whole batch of a fresh run, in corpus order."""
    order = [json.loads(line)["id"] for line in corpus.read_text("utf-8").splitlines()]
    states, events = {(0, 0)}, 0
    for count, doc_id in enumerate(order, 1):
        events += per_doc[doc_id]
        if count % BATCH_SIZE == 0 or count == len(order):
            states.add((count, events))
    return states


def _dashboard(db: Path):
    """A TestClient on the dashboard over db, or None where its assets are not installed."""
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from communique.errors import ServeError
    from communique.serve import create_app

    try:
        return TestClient(create_app(db))
    except ServeError:
        return None


def test_readers_see_whole_batches_while_an_ingest_writes(small_corpus, uninterrupted,
                                                          tmp_path):
    db = tmp_path / "live.duckdb"
    EventStore(db).close()  # created, so readers can start before the first batch
    states = _whole_batch_states(small_corpus, uninterrupted["per_doc"])
    event_totals = {events for _, events in states}
    seen: dict[str, list[tuple[int, int]]] = {}
    errors: list[str] = []
    writing = threading.Event()
    writing.set()

    def reader(name: str, read) -> None:
        seen[name] = []
        try:
            while writing.is_set():
                seen[name].append(read())
                time.sleep(0.05)
        except Exception as exc:  # noqa: BLE001 - any failure is what the test reports
            errors.append(f"{name}: {exc!r}")

    def fresh_store() -> tuple[int, int]:
        with EventStore(db, read_only=True) as store:
            counts = store.counts()
        return counts["documents"], counts["events"]

    long_lived = EventStore(db, read_only=True)  # one store for the whole run, as a server

    def held_store() -> tuple[int, int]:
        counts = long_lived.counts()
        return counts["documents"], counts["events"]

    def cli() -> tuple[int, int]:
        done = subprocess.run([sys.executable, "-m", "communique", "events", "--db", str(db)],
                              capture_output=True, text=True, env=_env(), timeout=TIMEOUT)
        assert done.returncode == 0, done.stderr
        rows = [json.loads(line) for line in done.stdout.splitlines()]
        return len({row["doc_id"] for row in rows}), len(rows)

    readers = {"fresh-store": fresh_store, "held-store": held_store, "cli": cli}
    client = _dashboard(db)
    if client is not None:
        def dashboard() -> tuple[int, int]:
            page = client.get("/api/events", params={"limit": 1})
            assert page.status_code == 200, page.text
            return -1, page.json()["total"]  # the page gives events only

        readers["dashboard"] = dashboard
    threads = [threading.Thread(target=reader, args=item) for item in readers.items()]
    for thread in threads:
        thread.start()
    try:
        writer = ingest(small_corpus, "--db", str(db))
    finally:
        writing.clear()
        for thread in threads:
            thread.join(timeout=TIMEOUT)
        long_lived.close()
        if client is not None:
            client.close()
    assert writer.returncode == 0, writer.stderr
    assert errors == []
    assert stored(db) == (uninterrupted["documents"], uninterrupted["events"])
    for name, observed in seen.items():
        assert observed, name
        for documents, events in observed:
            if documents == -1:
                assert events in event_totals, (name, events)
            elif name != "cli":
                assert (documents, events) in states, (name, documents, events)
            else:  # documents without events do not show in an events export
                assert events in event_totals and documents <= len(uninterrupted["per_doc"])
        assert observed == sorted(observed), name  # never goes back
    middle = {s for name in ("fresh-store", "held-store") for s in seen[name]} - {
        (0, 0), (uninterrupted["documents"], len(uninterrupted["events"]))}
    assert len(middle) >= 2, seen  # the readers really ran while batches were written


def test_a_reader_waits_for_a_holder_and_times_out_with_one_line(tmp_path):
    db = tmp_path / "held.duckdb"
    EventStore(db).close()
    hold = ("import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('held', "
            "flush=True); time.sleep(float(sys.argv[2]))")
    holder = subprocess.Popen([sys.executable, "-c", hold, str(db), "60"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        with pytest.raises(StoreError) as caught:
            EventStore(db, read_only=True, lock_timeout=1.0)
        assert 1.0 <= time.monotonic() - started < 10
    finally:
        holder.kill()
        holder.wait()
    message = str(caught.value)
    assert "\n" not in message and str(db) in message and "[C507]" in message

    # A holder that lets go within the timeout is waited for, not reported.
    holder = subprocess.Popen([sys.executable, "-c", hold, str(db), "1.5"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with EventStore(db, read_only=True, lock_timeout=30) as store:
            assert store.counts() == {"documents": 0, "events": 0}
    finally:
        holder.wait(timeout=TIMEOUT)


def test_an_idle_store_lets_other_processes_open_the_file(tmp_path):
    db = tmp_path / "shared.duckdb"
    writer = EventStore(db)
    reader = EventStore(db, read_only=True)
    cursor = reader.con.cursor()  # as the dashboard's per-request store takes one
    probe = [sys.executable, "-c", "import duckdb, sys; duckdb.connect(sys.argv[1]).close()",
             str(db)]
    assert subprocess.run(probe, capture_output=True).returncode != 0  # cursor holds it
    cursor.close()
    assert subprocess.run(probe, capture_output=True).returncode == 0  # idle: free
    writer.close()
    reader.close()


# -- 3. schema versions ----------------------------------------------------------------------

def _v1_database(path: Path) -> Path:
    """A database as communique with schema version 1 wrote it, holding one document."""
    with duckdb.connect(str(path)) as con:
        store_module._create_v1(con)
        con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
        con.execute("INSERT INTO documents (doc_id, content_hash, n_events) VALUES "
                    "('d1', 'h', 1)")
        con.execute("INSERT INTO events (id, doc_id, cameo) VALUES ('e1', 'd1', '042')")
    return path


def _tables(path: Path) -> set[str]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables")
                .fetchall()}


def test_a_new_store_has_the_current_schema(tmp_path):
    with EventStore(tmp_path / "new.duckdb") as store:
        assert store.schema_version() == int(SCHEMA_VERSION) == 2
        assert store.check() == []
    assert _tables(tmp_path / "new.duckdb") == {"meta", "documents", "events", "batches"}


def test_a_version_1_database_is_upgraded_in_place(tmp_path, core):
    db = _v1_database(tmp_path / "old.duckdb")
    before = db.read_bytes()
    with EventStore(db, read_only=True) as store:  # readers accept it as it is
        assert store.schema_version() == 1 and store.counts() == {"documents": 1, "events": 1}
    assert db.read_bytes() == before
    with EventStore(db) as store:
        assert store.schema_version() == 2
        assert store.counts() == {"documents": 1, "events": 1}  # kept
        document = make_document("d2", "Russia condemned Ukraine.", "<string>",
                                 published=None, date_basis="given")
        result = next(iter(core.code_documents([document])))
        store.write([(result.document, result.events)])
        with store.con.using() as con:
            assert con.execute("SELECT seq, documents FROM batches").fetchall() == [(1, 1)]
        assert store.check() == []


def test_a_failed_migration_leaves_the_file_unchanged(tmp_path, monkeypatch):
    db = _v1_database(tmp_path / "old.duckdb")
    before = db.read_bytes()

    def broken(con: duckdb.DuckDBPyConnection) -> None:
        store_module._add_batches(con)
        con.execute("SELECT * FROM no_such_table")  # fails after a change was made

    monkeypatch.setitem(store_module.MIGRATIONS, 2, broken)
    with pytest.raises(StoreError) as caught:
        EventStore(db)
    message = str(caught.value)
    assert message.startswith("[C508]") and str(db) in message and "unchanged" in message
    assert "\n" not in message
    assert _tables(db) == {"meta", "documents", "events"}
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT value FROM meta").fetchall() == [("1",)]

    def interrupted(con: duckdb.DuckDBPyConnection) -> None:
        store_module._add_batches(con)
        raise KeyboardInterrupt

    monkeypatch.setitem(store_module.MIGRATIONS, 2, interrupted)
    with pytest.raises(KeyboardInterrupt):
        EventStore(db)
    assert _tables(db) == {"meta", "documents", "events"}
    monkeypatch.undo()
    with EventStore(db) as store:  # the real migration still applies afterwards
        assert store.schema_version() == 2 and store.counts()["documents"] == 1
    assert db.read_bytes() != before


def test_a_newer_database_is_refused_untouched(tmp_path):
    db = _v1_database(tmp_path / "future.duckdb")
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")
    before = db.read_bytes()
    for read_only in (False, True):
        with pytest.raises(StoreError) as caught:
            EventStore(db, read_only=read_only)
        message = str(caught.value)
        assert message == (f"[C505] database '{db}' has schema version 7, newer than version "
                           f"{SCHEMA_VERSION} this communique knows; upgrade communique")
    assert db.read_bytes() == before


@pytest.mark.parametrize("kind", ["duckdb-of-another-program", "text-file"])
def test_a_file_that_is_not_a_communique_database_is_refused_untouched(tmp_path, kind):
    db = tmp_path / "other.duckdb"
    if kind == "text-file":
        db.write_text("id,text\n1,hello\n", "utf-8")
    else:
        with duckdb.connect(str(db)) as con:
            con.execute("CREATE TABLE accounts (id INTEGER, balance DOUBLE)")
            con.execute("INSERT INTO accounts VALUES (1, 10.5)")
    before = db.read_bytes()
    for read_only in (False, True):
        with pytest.raises(StoreError) as caught:
            EventStore(db, read_only=read_only)
        message = str(caught.value)
        assert str(db) in message and "\n" not in message
        assert ("not a communique database" in message if kind != "text-file"
                else "not a valid DuckDB database" in message)
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.duckdb"]  # no WAL left


def test_an_empty_database_file_is_set_up_by_a_writer_not_a_reader(tmp_path):
    db = tmp_path / "empty.duckdb"
    duckdb.connect(str(db)).close()  # as a run killed before its schema commit leaves it
    with pytest.raises(StoreError, match=r"^\[C502\] database '.*' is empty; run "):
        EventStore(db, read_only=True)
    with EventStore(db) as store:
        assert store.schema_version() == 2 and store.check() == []
