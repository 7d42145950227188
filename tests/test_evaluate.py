"""The evaluation harness: scores on a small gold file whose answers we know."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from communique.evaluate import evaluate, f1_table, load_gold

GOLD = [
    {"id": "g1", "text": "Iran held talks with Russia in Geneva.", "source": "Iran",
     "target": "Russia", "plover_root": "CONSULT", "penta": 1},
    {"id": "g2", "text": "Germany condemned Russia.", "source": "Germany", "target": "Russia",
     "plover_root": "ACCUSE", "penta": 3},
    {"id": "g3", "text": "The weather in Geneva was mild.", "source": "The weather",
     "target": "Geneva", "plover_root": "AGREE", "penta": 0},
]


@pytest.fixture
def gold_file(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in GOLD))
    return path


def test_f1_table_by_hand():
    table = f1_table([("A", "A"), ("A", "B"), ("B", "B"), ("C", "(none)")])
    assert table["accuracy"] == 0.5
    assert table["per_class"]["A"] == {"precision": 1.0, "recall": 0.5, "f1": 0.667,
                                       "support": 2}
    assert table["per_class"]["B"]["f1"] == 0.667 and table["per_class"]["C"]["f1"] == 0.0
    assert table["macro_f1"] == round((0.667 + 0.667 + 0.0) / 3, 3)
    assert table["confusion"]["A"] == {"A": 1, "B": 1}


def test_report_on_a_known_gold_file(core, gold_file):
    report = evaluate(core, load_gold(gold_file))
    assert report["items"] == 3
    assert report["end_to_end"]["dyad_recall"] == round(2 / 3, 3)
    hinted = report["with_hints"]["plover"]
    assert hinted["per_class"]["CONSULT"]["recall"] == 1.0
    assert hinted["per_class"]["ACCUSE"]["recall"] == 1.0
    assert sum(hinted["confusion"]["AGREE"].values()) == 1
    assert report["quad_class"]["confusion"]["3"] == {"3": 1}
    # No event in the weather sentence; what the sentence model then reads is its own test.
    assert report["quad_class_events_only"]["confusion"]["0"] == {"0": 1}
    assert report["throughput"]["items_per_second"] > 0


def test_a_side_missing_from_the_text_is_no_dyad_to_find(core, tmp_path):
    # PLOVER marks a recipient the sentence leaves out with a stand-in; no event can match it.
    rows = [*GOLD, {"id": "g4", "text": "Prime Minister Nikol Pashinyan offered to step down.",
                    "source": "Prime Minister Nikol Pashinyan", "target": "a recipient",
                    "plover_root": "AGREE"}]
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    end = evaluate(core, load_gold(path), hints=False)["end_to_end"]
    assert (end["dyads"], end["sides_not_in_text"]) == (3, 1)
    assert end["dyad_recall"] == round(2 / 3, 3)


def test_conflibert_style_tsv(core, tmp_path):
    path = tmp_path / "quad.tsv"
    path.write_text("Russia invaded Ukraine.\t4\nFrance praised Germany.\t1\n")
    report = evaluate(core, load_gold(path))
    assert report["quad_class"]["accuracy"] == 1.0


def test_cli_eval_json(gold_file):
    done = subprocess.run([sys.executable, "-m", "communique", "eval", str(gold_file), "--json"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert set(report) >= {"items", "end_to_end", "with_hints", "quad_class", "throughput"}
    table = subprocess.run([sys.executable, "-m", "communique", "eval", str(gold_file)],
                           capture_output=True, text=True, timeout=300)
    assert "end-to-end dyad recall" in table.stdout and "confusion" in table.stdout


def test_bad_gold_lines_name_the_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": 1, "text": "ok"}\n{"id": 2}\n')
    with pytest.raises(Exception, match="bad.jsonl:2"):
        load_gold(path)


def test_the_example_set_carries_its_own_gold_and_keeps_its_floor(core):
    from importlib import resources

    with resources.as_file(resources.files("communique.examples").joinpath("news.jsonl")) as p:
        items = load_gold(p)
    assert len(items) == 12 and sum(len(i.events) for i in items) == 83
    assert evaluate(core, items, hints=False)["cameo_root_recall"] >= 0.6
