"""Deduplication: reports of one event across articles become one group, nothing is lost."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from communique.analyse import event_groups
from communique.errors import ConfigError

from .conftest import build


def _group(table, source: str, cameo_root: str, day: date | None) -> list[dict]:
    return [g for g in table.to_pylist()
            if g["source_code"] == source and g["cameo_root"] == cameo_root and g["date"] == day]


def test_two_outlets_reporting_one_meeting_make_one_event(store):
    groups = event_groups(store)
    (meeting,) = _group(groups, "USAGOV", "04", date(2024, 3, 3))
    assert meeting["last_date"] == date(2024, 3, 4)
    assert (meeting["num_mentions"], meeting["num_articles"], meeting["num_sources"]) == (3, 2, 2)
    assert {m["event_id"] for m in meeting["mentions"]} == {"a1-0", "a1-1", "a2-2"}
    assert {m["source"] for m in meeting["mentions"]} == {"reuters.example", "apnews.example"}
    first = meeting["mentions"][0]
    assert (first["doc_id"], first["sentence_index"], first["char_start"], first["char_end"]) \
        == ("a1", 0, 0, 9)
    assert meeting["source_url"] == "https://www.reuters.example/a1"
    assert meeting["cameo"] == "042"  # the most frequent code of the group
    assert meeting["location"]["name"] == "Beijing"


def test_a_meeting_six_days_later_and_the_reverse_direction_are_other_events(store):
    groups = event_groups(store)
    assert len(_group(groups, "USAGOV", "04", date(2024, 3, 10))) == 1
    (threat,) = _group(groups, "CHNGOV", "13", date(2024, 3, 5))
    assert threat["num_mentions"] == 1 and threat["target_code"] == "USAGOV"
    assert threat["location"] is None


def test_no_mention_is_lost(store):
    groups = event_groups(store)
    total = store.counts()["events"]
    assert sum(groups.column("num_mentions").to_pylist()) == total == 8
    ids = [m["event_id"] for g in groups.to_pylist() for m in g["mentions"]]
    assert sorted(ids) == sorted(set(ids)) and len(ids) == total


def test_undated_records_group_only_within_their_document(tmp_path):
    rows = [("u1", None, None, "PRK", "KOR", "010", None, 0),
            ("u1", None, None, "PRK", "KOR", "012", None, 3),
            ("u2", None, None, "PRK", "KOR", "010", None, 0)]
    with build(tmp_path / "u.duckdb", rows) as store:
        groups = event_groups(store).to_pylist()
    assert sorted(g["num_mentions"] for g in groups) == [1, 2]
    assert all(g["date"] is None for g in groups)


def _dated(days: list[int]) -> list[tuple]:
    start = date(2024, 5, 1)
    return [(f"d{n}", f"https://site{n}.example/x", start + timedelta(days=k), "USA", "IRN",
             "112", start + timedelta(days=k), 0) for n, k in enumerate(days)]


@pytest.mark.parametrize(("days", "tolerance", "sizes"), [
    ([0, 1], 1, [2]),            # one day apart: the same event
    ([0, 2], 1, [1, 1]),         # two days apart: just past the tolerance
    ([0, 2], 2, [2]),            # ... within a tolerance of two
    ([0, 1, 2, 3], 1, [4]),      # dates chain: a story that runs for days stays one event
    ([0, 0, 1], 0, [1, 2]),      # tolerance 0: only the same day
])
def test_tolerance_boundary_and_chaining(tmp_path, days, tolerance, sizes):
    with build(tmp_path / "t.duckdb", _dated(days)) as store:
        groups = event_groups(store, tolerance_days=tolerance)
        assert sorted(groups.column("num_mentions").to_pylist()) == sorted(sizes)
        assert sum(groups.column("num_sources").to_pylist()) == len(days)


def test_group_ids_are_stable_when_unrelated_events_arrive(tmp_path):
    path = tmp_path / "s.duckdb"
    with build(path) as store:
        before = set(event_groups(store).column("group_id").to_pylist())
    with build(path, _dated([30])) as store:  # writes one more document
        after = set(event_groups(store).column("group_id").to_pylist())
    assert before < after and len(after - before) == 1


def test_filters_narrow_the_records_grouped(store, db_path):
    apnews = event_groups(db_path, source="apnews.example")
    assert sorted(apnews.column("num_mentions").to_pylist()) == [1, 1]
    assert event_groups(store, cameo_root="19").column("source_code").to_pylist() == ["RUSMIL"]
    assert event_groups(store, since="2024-04-01", until="2024-12-31").num_rows == 1
    assert "mentions" not in event_groups(store, mentions=False).column_names


@pytest.mark.parametrize("bad", [-1, 1.5, "1", True])
def test_a_bad_tolerance_is_a_clear_error(store, bad):
    with pytest.raises(ConfigError, match="tolerance_days"):
        event_groups(store, tolerance_days=bad)
