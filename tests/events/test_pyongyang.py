"""The founding example: Syria in Pyongyang, North Korea in Moscow, Kim praises Trump."""

from __future__ import annotations

from datetime import date

import pytest

from communique.core import Communique

CONTRACT_KEYS = {"id", "doc_id", "date", "date_precision", "date_basis", "source", "target",
                 "cameo", "cameo_name", "quad_class", "goldstein", "plover", "plover_mode",
                 "location", "sentence", "sentence_index", "char_span", "negated", "confidence",
                 "evidence"}


def dyads(events):
    return {(e["source"]["country"], e["cameo"], e["target"]["country"]): e for e in events}


@pytest.fixture(scope="module", params=["pyongyang.txt", "pyongyang.html"])
def events(request, core: Communique, fixtures_dir):
    results = list(core.code_paths([fixtures_dir / request.param],
                                   published=date(2019, 6, 23)
                                   if request.param.endswith(".txt") else None))
    [result] = results
    return [e.to_dict() for e in result.events]


@pytest.fixture(scope="module")
def fixtures_dir():
    from pathlib import Path
    return Path(__file__).parents[1] / "fixtures"


def test_syria_visits_north_korea_on_friday_in_pyongyang(events):
    visit = dyads(events)[("SYR", "042", "PRK")]
    assert visit["source"]["code"] == "SYRGOV"
    assert visit["source"]["name"] == "Walid Muallem"
    assert (visit["date"], visit["date_precision"]) == ("2019-06-21", "day")
    assert visit["location"]["name"] == "Pyongyang" and visit["location"]["country"] == "PRK"
    assert visit["location"]["lat"] == pytest.approx(39.03, abs=0.05)
    assert (visit["cameo_name"], visit["quad_class"], visit["goldstein"]) == (
        "Make a visit", 1, 1.9)
    assert (visit["plover"], visit["plover_mode"]) == ("CONSULT", "visit")


def test_north_korea_hosts_the_syrian_visit(events):
    host = dyads(events)[("PRK", "043", "SYR")]
    assert host["date"] == "2019-06-21" and host["location"]["name"] == "Pyongyang"


def test_north_korea_negotiates_with_russia_on_saturday_in_moscow(events):
    talks = dyads(events)[("PRK", "046", "RUS")]
    assert (talks["source"]["code"], talks["target"]["code"]) == ("PRKGOV", "RUSGOV")
    assert talks["date"] == "2019-06-22"
    assert talks["location"]["name"] == "Moscow"
    assert talks["plover"] == "CONSULT"


def test_kim_praises_trump(events):
    praise = dyads(events)[("PRK", "051", "USA")]
    assert praise["source"]["name"] == "Kim Jong Un"
    assert praise["target"]["code"] == "USAGOV"
    assert praise["cameo_name"] == "Praise or endorse"


def test_furniture_yields_nothing(events):
    for event in events:
        assert "Photo" not in event["sentence"] and "Facebook" not in event["sentence"]
        assert "pic.twitter" not in event["sentence"] and "comment" not in event["sentence"]


def test_every_event_keeps_the_contract(events):
    assert events
    for event in events:
        assert set(event) >= CONTRACT_KEYS
        for side in ("source", "target"):
            s, e = event[side]["span"]
            assert event[side]["text"] in event["sentence"]
            assert {"text", "code", "country", "sector", "name"} <= set(event[side])
        assert 0.0 <= event["confidence"] <= 1.0
        # Rules code the mission article; the pair model only adds "Assad regime" as a
        # second partner of the headline's "reaches out to".
        assert event["evidence"].startswith("pattern") or (
            "pattern 'reach out to TARGET' -> 036 (the same verb)" in event["evidence"])
        assert isinstance(event["negated"], bool)


def test_spans_point_into_the_document(core, fixtures_dir):
    [result] = core.code_paths([fixtures_dir / "pyongyang.txt"], published=date(2019, 6, 23))
    text = result.document.text
    for event in result.events:
        s, e = event.source["span"]
        assert text[s:e] == event.source["text"]
        start, end = event.char_span
        assert event.verb["text"] in text[start:end]
