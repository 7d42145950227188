"""Hostile inputs through the command line: one line per bad input, the batch still coded."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HOSTILE = Path(__file__).parent / "hostile"
FIXTURES = Path(__file__).parent / "fixtures"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMMUNIQUE_")}
    return subprocess.run([sys.executable, "-m", "communique", *args], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=300)


BATCH = ["empty.txt", "binary.txt", "billion_laughs.xml", "xxe_http.atom", "url_as_feed.xml",
         "french.txt", "chinese.txt", "wrong_types.jsonl", "scripts.html", "rtl_zero_width.txt"]


def test_code_a_hostile_batch(tmp_path):
    deep = tmp_path / "deep.html"
    deep.write_text("<html><body>" + "<div>" * 100_000 + "<p>Iran met Iraq.</p></body></html>")
    out = tmp_path / "events.jsonl"
    done = run("code", *(str(HOSTILE / n) for n in BATCH), str(deep), "-o", str(out))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("Error:")]
    # One line per bad input or corpus line: 4 files, 2 feeds, the deep page, 19 JSONL lines.
    assert len(errors) == 1 + 1 + 2 + 1 + 1 + 19
    for name, text in [("empty.txt", "[C102]"), ("binary.txt", "[C103]"),
                       ("billion_laughs.xml", "[C122]"), ("xxe_http.atom", "[C122]"),
                       ("url_as_feed.xml", "[C120]"), ("deep.html", "[C113]"),
                       ("wrong_types.jsonl:14", "out of range")]:
        assert any(name in line and text in line for line in errors), name
    summary = done.stderr.strip().splitlines()[-1]
    assert summary.startswith("3 documents") and "skipped 2 non-English documents" in summary
    events = [json.loads(line) for line in out.read_text().splitlines()]
    triples = {(e["doc_id"], e["source"]["code"], e["cameo"], e["target"]["code"])
               for e in events}
    assert {("rtl_zero_width.txt", "USA", "111", "PRK"), ("scripts.html", "DEU", "111", "RUS"),
            ("ok", "RUS", "111", "GBR")} <= triples
    assert {e["doc_id"] for e in events} <= {"ok", "scripts.html", "rtl_zero_width.txt"}
    # Nothing from a script, style, iframe, template, object or SVG became an event.
    assert not {"CHN", "IRN", "EGY", "ESP", "JPN", "BRA", "IND"} & {
        e["source"]["country"] for e in events}


def test_ingest_counts_skipped_documents(tmp_path):
    corpus = tmp_path / "mixed.jsonl"
    corpus.write_text("\n".join(json.dumps({"id": name, "text": (HOSTILE / name).read_text()},
                                           ensure_ascii=False)
                                for name in ("french.txt", "german.txt", "russian.txt"))
                      + "\n" + (FIXTURES / "corpus.jsonl").read_text())
    db = str(tmp_path / "news.duckdb")
    done = run("ingest", str(corpus), "--db", db)
    assert done.returncode == 0, done.stderr
    assert "stored 3 documents" in done.stderr
    assert "skipped 3 non-English documents" in done.stderr
    assert "now holds 3 documents" in done.stderr


def test_a_hostile_actor_file_is_one_line(tmp_path):
    done = run("code", str(FIXTURES / "pyongyang.txt"), "--actors",
               str(HOSTILE / "actors_alias_bomb.yaml"))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [
        f"Error: [C305] actor file '{HOSTILE / 'actors_alias_bomb.yaml'}' entry 1: 'aliases' "
        "must be text, got a list"]
