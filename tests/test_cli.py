"""The command line as a user runs it: a real subprocess per command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMMUNIQUE_")}
    return subprocess.run([sys.executable, "-m", "communique", *args], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=300)


def events_of(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def test_code_prints_json_lines(tmp_path):
    done = run("code", str(FIXTURES / "pyongyang.txt"), "--date", "2019-06-23")
    assert done.returncode == 0, done.stderr
    events = events_of(done.stdout)
    assert {(e["source"]["country"], e["cameo"], e["target"]["country"]) for e in events} >= {
        ("SYR", "042", "PRK"), ("PRK", "046", "RUS"), ("PRK", "051", "USA")}
    assert all(e["doc_id"] == "pyongyang.txt" for e in events)


def test_code_many_formats_to_a_file(tmp_path):
    out = tmp_path / "events.jsonl"
    done = run("code", str(FIXTURES / "pyongyang.html"), str(FIXTURES / "feed.xml"),
               str(FIXTURES / "corpus.jsonl"), "-o", str(out))
    assert done.returncode == 0, done.stderr
    doc_ids = {e["doc_id"] for e in events_of(out.read_text())}
    assert {"pyongyang.html", "doc-visit", "doc-sanction", "doc-hint"} <= doc_ids
    assert "documents" in done.stderr


def test_bad_inputs_fail_clearly_but_the_batch_goes_on(tmp_path):
    done = run("code", str(FIXTURES / "bad" / "empty.txt"), str(FIXTURES / "bad" / "corpus.jsonl"),
               str(FIXTURES / "bad" / "binary.txt"), str(FIXTURES / "bad" / "broken.html"))
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if line.startswith("Error:")]
    assert any("empty.txt: file is empty" in line for line in errors)
    assert any("corpus.jsonl:2: invalid JSON" in line for line in errors)
    assert any("binary.txt: binary content" in line for line in errors)
    assert "Traceback" not in done.stderr
    doc_ids = {e["doc_id"] for e in events_of(done.stdout)}
    assert {"good-1", "good-2", "broken.html"} <= doc_ids


def test_ingest_is_idempotent_and_events_export(tmp_path):
    db = str(tmp_path / "news.duckdb")
    first = run("ingest", str(FIXTURES / "corpus.jsonl"), str(FIXTURES / "feed.xml"), "--db", db)
    assert first.returncode == 0, first.stderr
    again = run("ingest", str(FIXTURES / "corpus.jsonl"), str(FIXTURES / "feed.xml"), "--db", db)
    assert "stored 0 documents" in again.stderr and "5 unchanged" in again.stderr
    before = events_of(run("events", "--db", db).stdout)
    assert before

    prk = run("events", "--db", db, "--actor", "PRK", "--since", "2019-06-01", "--format", "csv")
    assert prk.returncode == 0, prk.stderr
    rows = prk.stdout.splitlines()
    assert rows[0].startswith('"id"') and len(rows) >= 2 and all("PRK" in r for r in rows[1:])

    parquet = tmp_path / "events.parquet"
    assert run("events", "--db", db, "--format", "parquet", "-o", str(parquet)).returncode == 0
    assert pq.read_table(parquet).num_rows == len(before)


def test_ingesting_bad_input_keeps_what_is_stored(tmp_path):
    db = str(tmp_path / "news.duckdb")
    run("ingest", str(FIXTURES / "corpus.jsonl"), "--db", db)
    before = events_of(run("events", "--db", db).stdout)
    done = run("ingest", str(FIXTURES / "bad" / "corpus.jsonl"),
               str(FIXTURES / "bad" / "empty.txt"), "--db", db)
    assert done.returncode == 1
    after = events_of(run("events", "--db", db).stdout)
    assert {e["id"] for e in before} <= {e["id"] for e in after}
    assert {"good-1", "good-2"} <= {e["doc_id"] for e in after}


def test_demo_codes_the_example_set(tmp_path):
    done = run("demo", "--db", str(tmp_path / "demo.duckdb"))
    assert done.returncode == 0, done.stderr
    assert "communique demo" in done.stdout and "Make a visit" in done.stdout


@pytest.mark.parametrize("command", ["code", "ingest", "events", "demo", "eval"])
def test_every_command_has_help(command):
    done = run(command, "--help")
    assert done.returncode == 0 and "Usage" in done.stdout


def test_bad_options_are_one_line_errors(tmp_path):
    done = run("code", str(FIXTURES / "pyongyang.txt"), "--date", "someday")
    assert done.returncode == 1 and done.stderr.strip().startswith("Error: [C001]")
    missing = run("events", "--db", str(tmp_path / "none.duckdb"))
    assert missing.returncode == 1 and "does not exist" in missing.stderr
    unknown = run("code", "--no-such-option", "x")
    assert unknown.returncode == 2 and "No such option" in unknown.stderr
    assert "Traceback" not in unknown.stderr


def test_an_uninstalled_model_is_a_clear_error():
    done = run("code", str(FIXTURES / "pyongyang.txt"), "--model", "no_such_pipeline")
    assert done.returncode == 1
    assert "spaCy pipeline 'no_such_pipeline' is not installed" in done.stderr
    assert "Traceback" not in done.stderr


def test_text_from_standard_input():
    done = subprocess.run([sys.executable, "-m", "communique", "code", "-", "--date",
                           "2019-06-23"], input="Russia criticized Britain on Friday.\n",
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    [event] = events_of(done.stdout)
    assert (event["doc_id"], event["cameo"], event["date"]) == ("stdin", "111", "2019-06-21")


def test_an_interrupted_ingest_resumes_without_loss(tmp_path):
    import signal
    import time

    corpus = tmp_path / "many.jsonl"
    rows = [{"id": f"d{n}", "date": "2019-06-23",
             "text": f"Russia criticized Britain on Friday. Iran praised Syria. Item {n}."}
            for n in range(3000)]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows))
    db = str(tmp_path / "news.duckdb")
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMMUNIQUE_")}
    env["COMMUNIQUE_BATCH_SIZE"] = "16"
    proc = subprocess.Popen([sys.executable, "-m", "communique", "ingest", str(corpus), "--db", db],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    # Interrupt mid-run: once the database exists (imports done) and batches are flowing.
    deadline = time.monotonic() + 120
    while not Path(db).exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
    time.sleep(4)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    assert "run the same command again to resume" in stderr
    assert "Traceback" not in stderr
    again = run("ingest", str(corpus), "--db", db)
    assert again.returncode == 0, again.stderr
    stored = events_of(run("events", "--db", db).stdout)
    assert len({e["doc_id"] for e in stored}) == 3000
    assert len(stored) == len({e["id"] for e in stored}) == 6000


def test_ctrl_c_caught_inside_a_duckdb_query_is_an_interruption(monkeypatch, capsys):
    # DuckDB takes a Ctrl-C that lands while a query runs and raises its own error in its
    # place; the run must still end as an interrupted one (status 130, how to resume).
    from communique import cli

    def interrupted_app(**kwargs):
        raise RuntimeError("Query interrupted")

    monkeypatch.setattr(cli, "app", interrupted_app)
    with pytest.raises(SystemExit) as stopped:
        cli.main()
    assert stopped.value.code == 130
    assert "run the same command again to resume" in capsys.readouterr().err

    def failing_app(**kwargs):
        raise RuntimeError("something else")

    monkeypatch.setattr(cli, "app", failing_app)
    with pytest.raises(RuntimeError, match="something else"):
        cli.main()
