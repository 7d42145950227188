"""Trend of one dyad and change detection: fires on a constructed shift, not on noise."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from communique import trend
from communique.analyse import detect_changes
from communique.errors import ConfigError

from .conftest import build

MONDAY = date(2024, 1, 1)


def _weekly(codes: list[str], pair: tuple[str, str] = ("USAGOV", "CHNGOV")) -> list[tuple]:
    """One event per week, each in its own article, coded with the given CAMEO codes."""
    rows = []
    for week, code in enumerate(codes):
        day = MONDAY + timedelta(weeks=week, days=2)
        rows.append((f"w{week}", f"https://news.example/{week}", day, *pair, code, day, 0))
    return rows


def test_a_sudden_turn_to_conflict_is_a_cooling_alert(tmp_path):
    # Ten weeks of cooperation wobbling between Goldstein 1.0 and 8.0, then an assault (-10).
    calm = ["042", "043", "040", "057", "042", "043", "040", "057", "042", "043"]
    with build(tmp_path / "s.duckdb", _weekly([*calm, "190"])) as store:
        table, alerts = trend(store, "USA", "CHN", period="week")
    assert [a.date for a in alerts] == [MONDAY + timedelta(weeks=10)]
    (alert,) = alerts
    assert alert.direction == "cooling" and alert.value == -10.0 and alert.z < -3
    assert alert.events == 1
    rows = table.to_pylist()
    assert rows[-1]["alert"] == "cooling" and rows[-1]["baseline"] == pytest.approx(
        alert.baseline)
    assert all(r["alert"] is None for r in rows[:-1])


def test_noise_alone_raises_no_alert(tmp_path):
    noise = ["042", "043", "040", "057", "036", "042", "040", "043", "057", "036"] * 2
    with build(tmp_path / "n.duckdb", _weekly(noise)) as store:
        table, alerts = trend(store, "USA", "CHN", period="week")
    assert table.num_rows == 20 and alerts == []


def test_empty_periods_are_filled_and_both_directions_count(tmp_path):
    rows = _weekly(["042", "042"]) + [
        ("late", None, MONDAY + timedelta(weeks=4), "CHN", "USA", "138",
         MONDAY + timedelta(weeks=4), 0)]
    with build(tmp_path / "f.duckdb", rows) as store:
        both, _ = trend(store, "usa", "chn", period="week")
        one_way, _ = trend(store, "USA", "CHN", period="week", directed=True)
    assert [r["events"] for r in both.to_pylist()] == [1, 1, 0, 0, 1]
    assert [r["goldstein_mean"] is None for r in both.to_pylist()] == [
        False, False, True, True, False]
    assert {(r["source"], r["target"]) for r in both.to_pylist()} == {("USA", "CHN")}
    assert [r["events"] for r in one_way.to_pylist()] == [1, 1]


def test_detect_changes_needs_history_and_sees_warming():
    days = [MONDAY + timedelta(weeks=k) for k in range(7)]
    values = [-5.0, -5.5, -4.5, -5.0, -5.2, -4.8, 4.0]
    (alert,) = detect_changes(days, values)
    assert alert.direction == "warming" and alert.date == days[-1]
    assert detect_changes(days[:4] + days[-1:], values[:4] + values[-1:], min_history=5) == []
    assert alert.to_dict()["date"] == days[-1].isoformat()


def test_bad_trend_parameters(store):
    with pytest.raises(ConfigError, match="unknown period 'hour'"):
        trend(store, "USA", "CHN", period="hour")
    with pytest.raises(ConfigError, match="dyad side b"):
        trend(store, "USA", " ")
    with pytest.raises(ConfigError, match="min_history"):
        trend(store, "USA", "CHN", window=3, min_history=5)
