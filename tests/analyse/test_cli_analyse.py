"""The analysis commands as a user runs them: exit codes, output, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pyarrow.parquet as pq
import pytest

from .conftest import build
from .test_trend import _weekly


def run(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMMUNIQUE_")}
    return subprocess.run([sys.executable, "-m", "communique", *args], capture_output=True,
                          text=True, env=env, timeout=300)


def test_dyads_as_json_and_table(db_path):
    done = run("dyads", "--db", str(db_path), "--level", "country", "--undirected",
               "--period", "year", "--count", "mentions", "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert {"period": "2024-01-01", "source": "CHN", "target": "USA", "events": 3,
            "mentions": 5}.items() <= rows[0].items()
    table = run("dyads", "--db", str(db_path), "--actor", "RUS")
    assert table.returncode == 0 and "RUSMIL" in table.stdout and "USAGOV" not in table.stdout


def test_an_unknown_period_is_a_one_line_error(db_path):
    done = run("dyads", "--db", str(db_path), "--period", "fortnight")
    assert done.returncode == 1
    assert done.stderr.strip() == ("Error: [C001] unknown period 'fortnight'; use one of: "
                                   "day, week, month, year")


def test_trend_reports_alerts(tmp_path):
    db = tmp_path / "shift.duckdb"
    calm = ["042", "043", "040", "057", "042", "043", "040", "057", "042", "043"]
    build(db, _weekly([*calm, "190"])).close()
    done = run("trend", "usa", "chn", "--db", str(db), "--format", "json")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert len(answer["series"]) == 11
    assert [a["direction"] for a in answer["alerts"]] == ["cooling"]
    assert "alert 2024-03-11: cooling" in done.stderr


def test_graph_groups_and_exports_write_files(db_path, tmp_path):
    graphml = tmp_path / "relations.graphml"
    done = run("graph", "--db", str(db_path), "--out", str(graphml))
    assert done.returncode == 0 and "6 nodes, 4 edges" in done.stderr
    assert "<graphml" in graphml.read_text()
    groups = run("groups", "--db", str(db_path), "--format", "csv")
    assert groups.returncode == 0 and "6 events from 8 mentions" in groups.stderr
    assert groups.stdout.splitlines()[0].startswith('"group_id","date"')
    for fmt, name in (("gdelt", "e.tsv"), ("plover", "e.jsonl"), ("parquet", "e.parquet")):
        out = tmp_path / name
        done = run("export", "--db", str(db_path), "--format", fmt, "--out", str(out),
                   "--country", "USA")
        assert done.returncode == 0, done.stderr
        assert out.stat().st_size > 0
    assert pq.read_table(tmp_path / "e.parquet").num_rows == 5  # records, not events
    assert len((tmp_path / "e.tsv").read_text().splitlines()) == 3


@pytest.mark.parametrize(("args", "message"), [
    (("export", "--format", "xml", "--out", "x.xml"), "unknown export format 'xml'"),
    (("dyads", "--format", "parquet"), "--format parquet needs a file"),
    (("dyads", "--cameo-root", "42"), "cameo_root '42' is not a CAMEO root code"),
    (("graph", "--out", "relations.png"), "cannot tell the graph format"),
])
def test_bad_options_fail_with_one_line(db_path, args, message):
    done = run(*args, "--db", str(db_path))
    assert done.returncode == 1
    assert message in done.stderr and "Traceback" not in done.stderr
