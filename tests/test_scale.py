"""Corpus-scale ingest as a user runs it: interrupted runs resume to the same events, and the
Dask engine (LocalCluster and an external scheduler with two workers) codes the same events as
the single-process engine."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from importlib import resources
from pathlib import Path

import duckdb
import pytest

from communique.runner import read_event_ids

COPIES = 6  # 12 example stories x 6 = 72 documents with distinct ids
BATCH = "3"
TIMEOUT = 600


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMMUNIQUE_")}
    src = str(Path(__file__).resolve().parents[1] / "src")
    env["PYTHONPATH"] = os.pathsep.join([src, env.get("PYTHONPATH", "")])
    return env


def _ingest_args(corpus: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "communique", "-v", "ingest", str(corpus), "--batch-size",
            BATCH, *extra]


def ingest(corpus: Path, *extra: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run `communique ingest` to the end."""
    return subprocess.run(_ingest_args(corpus, *extra), capture_output=True, text=True,
                          env=_env(), timeout=TIMEOUT, cwd=cwd)


def ingest_until_stored(corpus: Path, *extra: str, at_least: int,
                        start_new_session: bool = False) -> subprocess.Popen:
    """Start `communique ingest` and return once it logged having stored `at_least` documents."""
    proc = subprocess.Popen(_ingest_args(corpus, *extra), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, env=_env(),
                            start_new_session=start_new_session)
    seen: list[str] = []
    for line in proc.stderr:  # ends when the run ends; the run itself is bounded
        seen.append(line)
        if "coded so far" in line and int(line.split("; ")[-1].split()[0]) >= at_least:
            return proc
    proc.wait(timeout=TIMEOUT)
    pytest.fail("ingest never stored enough documents:\n" + "".join(seen[-20:]))


def stored(db: Path) -> tuple[int, list[tuple]]:
    """Documents stored and the events, as comparable tuples sorted by id."""
    with duckdb.connect(str(db), read_only=True) as con:
        documents = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        events = con.execute("SELECT id, doc_id, date, source_code, cameo, target_code, "
                             "char_start FROM events ORDER BY id").fetchall()
    return documents, events


def write_corpus(path: Path, copies: int) -> Path:
    """A synthetic corpus from the bundled example stories, each under `copies` distinct ids."""
    source = resources.files("communique.examples").joinpath("news.jsonl").read_text("utf-8")
    stories = [json.loads(line) for line in source.splitlines() if line.strip()]
    with path.open("w", encoding="utf-8") as out:
        for copy in range(copies):
            for story in stories:
                record = {k: story[k] for k in ("id", "text", "date") if k in story}
                record["id"] = f"{story['id']}-{copy}"
                out.write(json.dumps(record) + "\n")
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The example stories under COPIES distinct ids each."""
    return write_corpus(tmp_path_factory.mktemp("corpus") / "corpus.jsonl", COPIES)


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> dict:
    """An uninterrupted single-process run into its own database and Parquet folder."""
    folder = tmp_path_factory.mktemp("reference")
    db, parquet = folder / "ref.duckdb", folder / "events"
    done = ingest(corpus, "--db", str(db), "--parquet", str(parquet))
    assert done.returncode == 0, done.stderr
    documents, events = stored(db)
    assert documents == 12 * COPIES and len(events) > 100
    ids = read_event_ids(parquet)
    assert ids == [e[0] for e in events]  # the Parquet output holds the same events
    return {"documents": documents, "events": events, "ids": ids}


@pytest.mark.parametrize(("how", "parquet"), [(signal.SIGKILL, False), (signal.SIGKILL, True),
                                             (signal.SIGINT, True)],
                         ids=["kill-9", "kill-9-parquet", "ctrl-c-parquet"])
def test_an_interrupted_ingest_resumes_to_the_same_events(corpus, reference, tmp_path, how,
                                                          parquet):
    db, folder = tmp_path / "news.duckdb", tmp_path / "events"
    sinks = ["--db", str(db)] + (["--parquet", str(folder)] if parquet else [])
    proc = ingest_until_stored(corpus, *sinks, at_least=9)
    proc.send_signal(how)
    _, err = proc.communicate(timeout=TIMEOUT)
    if how == signal.SIGINT:
        assert proc.returncode == 130
        assert "run the same command again to resume" in err
    else:
        assert proc.returncode == -signal.SIGKILL
    documents, events = stored(db)
    assert 9 <= documents < reference["documents"]  # stopped midway, whole batches kept
    assert {e[1] for e in events} <= {e[1] for e in reference["events"]}

    again = ingest(corpus, *sinks)
    assert again.returncode == 0, again.stderr
    if not (parquet and how == signal.SIGKILL):
        # Finished documents are skipped, not coded again. (After kill -9 the Parquet buffer
        # is lost, so documents stored in DuckDB but not yet in the manifest are re-coded.)
        assert f"stored {reference['documents'] - documents} documents" in again.stderr
        assert f"{documents} unchanged" in again.stderr
    assert stored(db) == (reference["documents"], reference["events"])
    if parquet:
        assert read_event_ids(folder) == reference["ids"]  # no loss, no duplicates


def test_dask_local_cluster_codes_the_same_events(corpus, reference, tmp_path):
    parquet = tmp_path / "events"
    done = ingest(corpus, "--engine", "dask", "--workers", "2", "--out", str(parquet),
                  cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert read_event_ids(parquet) == reference["ids"]
    assert not (tmp_path / "communique.duckdb").exists()  # --out without --db: Parquet only
    parts = list(parquet.glob("year=*/month=*/part-*.parquet"))
    assert parts and all(p.parent.name.startswith("month=") for p in parts)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "dask", *args], env=_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def _stop(proc: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=60)


@pytest.fixture
def cluster():
    """A scheduler and two single-threaded workers on loopback, as the README starts them."""
    from dask.distributed import Client

    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    scheduler = _start("scheduler", "--host", "127.0.0.1", "--port", str(port),
                       "--no-dashboard")
    workers = [_start("worker", address, "--nworkers", "1", "--nthreads", "1",
                      "--no-dashboard") for _ in range(2)]
    try:
        with Client(address, timeout="120s") as client:
            client.wait_for_workers(2, timeout=180)
        yield address, workers
    finally:
        for proc in [*workers, scheduler]:
            _stop(proc)


def test_dask_scheduler_with_two_workers_codes_the_same_events(corpus, reference, tmp_path,
                                                               cluster):
    address, _ = cluster
    db, parquet = tmp_path / "news.duckdb", tmp_path / "events"
    done = ingest(corpus, "--engine", "dask", "--scheduler", address, "--db", str(db),
                  "--out", str(parquet))
    assert done.returncode == 0, done.stderr
    assert stored(db) == (reference["documents"], reference["events"])
    assert read_event_ids(parquet) == reference["ids"]


def test_a_dead_worker_does_not_lose_documents(corpus, reference, tmp_path, cluster):
    address, workers = cluster
    db = tmp_path / "news.duckdb"
    proc = ingest_until_stored(corpus, "--engine", "dask", "--scheduler", address, "--db",
                               str(db), at_least=3)
    _stop(workers[0], signal.SIGKILL)
    _, err = proc.communicate(timeout=TIMEOUT)
    if proc.returncode != 0:  # the scheduler gave up on the batch: resuming completes it
        again = ingest(corpus, "--engine", "dask", "--scheduler", address, "--db", str(db))
        assert again.returncode == 0, again.stderr
    assert stored(db) == (reference["documents"], reference["events"]), err


@pytest.mark.parametrize(("args", "message"), [
    (["--engine", "spark"], "--engine must be one of local, dask, got 'spark'"),
    (["--workers", "2"], "--workers and --scheduler need --engine dask"),
    (["--batch-size", "0"], "batch_size and n_process must be at least 1"),
])
def test_bad_engine_options_are_one_line_errors(corpus, tmp_path, args, message):
    done = ingest(corpus, "--db", str(tmp_path / "x.duckdb"), *args)
    assert done.returncode == 1
    assert done.stderr.strip() == f"Error: [C001] {message}"


def test_a_parquet_path_that_is_a_file_is_refused(corpus, tmp_path):
    target = tmp_path / "events.parquet"
    target.write_text("not a folder")
    done = ingest(corpus, "--out", str(target))
    assert done.returncode == 1 and "is not a folder" in done.stderr
    assert "Traceback" not in done.stderr
