"""Dyad aggregates: quad-class counts, Goldstein sums, direction, periods, filters."""

from __future__ import annotations

from datetime import date

import pytest

from communique import dyads
from communique.errors import ConfigError, StoreError
from communique.events.codebook import load_codebook


def _g(code: str) -> float:
    return load_codebook()[code].goldstein


def _rows(table) -> dict[tuple, dict]:
    return {(r.get("period"), r["source"], r["target"]): r for r in table.to_pylist()}


def test_mentions_count_every_record_with_its_goldstein(store):
    rows = _rows(dyads(store, period="month", count="mentions"))
    usa_chn = rows[(date(2024, 3, 1), "USAGOV", "CHNGOV")]
    assert (usa_chn["events"], usa_chn["mentions"], usa_chn["verbal_coop"]) == (2, 4, 4)
    assert usa_chn["material_conflict"] == 0
    assert usa_chn["goldstein_sum"] == pytest.approx(2 * _g("042") + _g("043") + _g("040"))
    assert usa_chn["goldstein_mean"] == pytest.approx(usa_chn["goldstein_sum"] / 4)
    assert rows[(date(2024, 3, 1), "CHNGOV", "USAGOV")]["verbal_conflict"] == 1
    assert rows[(date(2024, 4, 1), "RUSMIL", "UKR")]["material_conflict"] == 1


def test_events_count_each_deduplicated_event_once(store):
    usa_chn = _rows(dyads(store))[(date(2024, 3, 1), "USAGOV", "CHNGOV")]
    meeting = (2 * _g("042") + _g("043")) / 3  # one event, three mentions
    assert (usa_chn["events"], usa_chn["mentions"], usa_chn["verbal_coop"]) == (2, 4, 2)
    assert usa_chn["goldstein_sum"] == pytest.approx(meeting + _g("040"))
    assert usa_chn["goldstein_mean"] == pytest.approx((meeting + _g("040")) / 2)


def test_undirected_merges_both_directions_into_a_sorted_pair(store):
    directed = dyads(store, level="country", period="year", count="mentions")
    merged = _rows(dyads(store, level="country", period="year", directed=False,
                         count="mentions"))
    assert {(r["source"], r["target"]) for r in directed.to_pylist()} >= {
        ("USA", "CHN"), ("CHN", "USA")}
    both = merged[(date(2024, 1, 1), "CHN", "USA")]
    assert (both["events"], both["mentions"]) == (3, 5)
    assert (both["verbal_coop"], both["verbal_conflict"]) == (4, 1)
    assert (date(2024, 1, 1), "USA", "CHN") not in merged


@pytest.mark.parametrize(("period", "buckets"), [
    ("day", {date(2024, 3, 3): 2, date(2024, 3, 4): 1, date(2024, 3, 10): 1}),
    # 3 March 2024 is a Sunday: weeks start on Monday.
    ("week", {date(2024, 2, 26): 2, date(2024, 3, 4): 2}),
    ("month", {date(2024, 3, 1): 4}),
    ("year", {date(2024, 1, 1): 4}),
])
def test_periods_bucket_by_their_first_day(store, period, buckets):
    table = dyads(store, period=period, count="mentions", actor="USAGOV")
    found = {r["period"]: r["mentions"] for r in table.to_pylist()
             if r["source"] == "USAGOV"}
    assert found == buckets


def test_without_a_period_dyads_are_totals_and_undated_events_count(store):
    table = dyads(store, period=None)
    assert "period" not in table.column_names
    assert _rows(table)[(None, "PRK", "KOR")]["events"] == 2
    dated = dyads(store, period="month")
    assert [r["period"] for r in dated.to_pylist()][-1] is None  # undated sort last


def test_filters(store):
    assert {r["source"] for r in dyads(store, actor="RUS").to_pylist()} == {"RUSMIL"}
    assert {r["source"] for r in dyads(store, country="chn").to_pylist()} == {
        "USAGOV", "CHNGOV"}
    assert {r["source"] for r in dyads(store, quad_class=[3, 4]).to_pylist()} == {
        "CHNGOV", "RUSMIL"}
    assert {r["source"] for r in dyads(store, plover="assault").to_pylist()} == {"RUSMIL"}
    assert {r["source"] for r in dyads(store, sector="MIL").to_pylist()} == {"RUSMIL"}
    assert dyads(store, since=date(2024, 4, 1)).num_rows == 1
    assert dyads(store, until="2024-03-04", count="mentions").column("mentions").to_pylist() \
        == [3]  # the three reports of the 3-4 March meeting; the 5 March threat is after
    assert dyads(store, source="reuters.example").column("mentions").to_pylist() == [2]


def test_a_database_path_is_opened_read_only(db_path):
    assert dyads(db_path, period="year").num_rows == 4
    with pytest.raises(StoreError, match="does not exist"):
        dyads(db_path.with_name("missing.duckdb"))


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"period": "fortnight"}, "unknown period 'fortnight'; use one of: day, week, month, year"),
    ({"level": "region"}, "unknown level 'region'"),
    ({"count": "articles"}, "unknown count 'articles'"),
    ({"cameo_root": "25"}, "cameo_root '25' is not a CAMEO root code"),
    ({"quad_class": 5}, "quad_class 5 must be 1, 2, 3 or 4"),
    ({"since": "2024-03-40"}, "since '2024-03-40' is not a date"),
    ({"since": "2024-05-01", "until": "2024-01-01"}, "is after until"),
    ({"colour": "red"}, "unknown filter 'colour'"),
])
def test_bad_parameters_are_clear_errors(store, kwargs, message):
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        dyads(store, **kwargs)


def test_without_dedup_every_record_is_an_event(store):
    plain = _rows(dyads(store, dedup=False))
    usa_chn = plain[(date(2024, 3, 1), "USAGOV", "CHNGOV")]
    assert (usa_chn["events"], usa_chn["mentions"], usa_chn["verbal_coop"]) == (4, 4, 4)
    assert sum(r["events"] for r in plain.values()) == store.counts()["events"]
    assert usa_chn["goldstein_sum"] == pytest.approx(
        _rows(dyads(store, count="mentions"))[(date(2024, 3, 1), "USAGOV", "CHNGOV")][
            "goldstein_sum"])
