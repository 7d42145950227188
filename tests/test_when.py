"""Event dates resolve from relative expressions against the publication date."""

from __future__ import annotations

from datetime import date

import pytest

from communique.when import resolve_expression

SUNDAY = date(2019, 6, 23)


@pytest.mark.parametrize("text, expected, precision", [
    ("Friday", date(2019, 6, 21), "day"),
    ("on Saturday", date(2019, 6, 22), "day"),
    ("Sunday", date(2019, 6, 23), "day"),
    ("last Sunday", date(2019, 6, 16), "day"),
    ("yesterday", date(2019, 6, 22), "day"),
    ("today", date(2019, 6, 23), "day"),
    ("two days ago", date(2019, 6, 21), "day"),
    ("last week", date(2019, 6, 16), "week"),
    ("last month", date(2019, 5, 1), "month"),
    ("in April", date(2019, 4, 1), "month"),
    ("September", date(2018, 9, 1), "month"),
    ("last year", date(2018, 1, 1), "year"),
    ("2017", date(2017, 1, 1), "year"),
    ("June 12", date(2019, 6, 12), "day"),
    ("12 June 2018", date(2018, 6, 12), "day"),
    ("June 21, 2019", date(2019, 6, 21), "day"),
])
def test_past_expressions(text, expected, precision):
    assert resolve_expression(text, SUNDAY) == (expected, precision)


def test_future_tense_looks_forward():
    assert resolve_expression("Friday", SUNDAY, future=True) == (date(2019, 6, 28), "day")
    assert resolve_expression("September", SUNDAY, future=True) == (date(2019, 9, 1), "month")
    assert resolve_expression("next Tuesday", SUNDAY) == (date(2019, 6, 25), "day")


@pytest.mark.parametrize("text", ["three days", "the past decade", "recent years", "weekly"])
def test_durations_are_not_dates(text):
    assert resolve_expression(text, SUNDAY) is None


def test_event_dates_in_sentences(code):
    events = code("Russia criticized Britain on Friday. Britain criticized Russia last year. "
                  "France criticized Germany.")
    by_source = {e["source"]["code"]: e for e in events}
    assert (by_source["RUS"]["date"], by_source["RUS"]["date_precision"]) == ("2019-06-21", "day")
    assert (by_source["GBR"]["date"], by_source["GBR"]["date_precision"]) == ("2018-01-01", "year")
    assert by_source["FRA"]["date"] == "2019-06-23"
    assert "no date in sentence" in by_source["FRA"]["date_basis"]


def test_without_publication_date_relative_dates_stay_unknown(code):
    [event] = code("Russia criticized Britain on Friday.", published=None)
    assert event["date"] is None and event["date_precision"] is None
    [event] = code("Russia criticized Britain on June 21, 2019.", published=None)
    assert event["date"] == "2019-06-21"
