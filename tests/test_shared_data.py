"""Real-world checks on the shared corpora (skipped when ../shared/data is absent)."""

from __future__ import annotations

import json
from itertools import islice

import pytest

from communique import IngestError, load_settings
from communique.ingest import read_path
from tests.conftest import SHARED_DATA

HTML = SHARED_DATA / "corpora" / "html"
REUTERS = SHARED_DATA / "corpora" / "reuters21578.jsonl"
pytestmark = pytest.mark.skipif(not HTML.exists(), reason="../shared/data is not present")


def test_html_main_text_matches_the_hand_checked_bodies():
    settings = load_settings(env={})
    recalls, precisions, dated = [], [], 0
    index = [json.loads(line) for line in (HTML / "index.jsonl").read_text().splitlines()]
    for meta in index:
        gold = json.loads((HTML / f"{meta['id']}.json").read_text())
        [doc] = read_path(str(HTML / f"{meta['id']}.html"), settings=settings)
        assert not isinstance(doc, IngestError), doc
        expected, got = set(gold["text"].split()), set(doc.text.split())
        recalls.append(len(expected & got) / len(expected))
        precisions.append(len(expected & got) / len(got))
        if gold.get("date") and doc.published and str(doc.published) == gold["date"][:10]:
            dated += 1
    assert sum(recalls) / len(recalls) >= 0.95
    assert sum(precisions) / len(precisions) >= 0.95
    assert dated >= 0.8 * len(index)


def test_wire_stories_code_without_errors(core, tmp_path):
    sample = tmp_path / "reuters.jsonl"
    with REUTERS.open() as source:
        sample.write_text("".join(islice(source, 200)))
    results = list(core.code_paths([sample]))
    assert len(results) == 200
    assert all(r.error is None for r in results)
    events = [e for r in results for e in r.events]
    assert events, "200 wire stories should contain some events"
    for event in events:
        assert event.date is None or event.date.startswith("19")
        assert event.source["text"] in event.sentence and event.target["text"] in event.sentence
