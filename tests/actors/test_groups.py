"""Organisations and armed groups resolve to their codes, with a country where they have one."""

from __future__ import annotations

import pytest
from tests.conftest import triples


@pytest.mark.parametrize("text, source", [
    ("The Taliban attacked Afghan police.", "AFGREB"),
    ("Hezbollah fired rockets at Israel.", "LBNREB"),
    ("The Houthis attacked Saudi Arabia.", "YEMREB"),
    ("Islamic State militants attacked Iraqi troops.", "IRQ"),
    ("NATO criticized Russia.", "IGOWSTNAT"),
    ("The IAEA criticized Iran.", "IGOUNOIAE"),
    ("The RSF attacked Sudanese troops.", "SDNREB"),
])
def test_groups_and_organisations(code, text, source):
    found = triples(code(text))
    assert any(s.startswith(source) for s, _, _ in found), found


def test_armed_groups_carry_their_country(code):
    [event] = [e for e in code("Hamas attacked Israel.") if e["source"]["name"] == "Hamas"]
    assert event["source"]["country"] == "PSE" and event["source"]["sector"] == "REB"


def test_an_organisations_officer_codes_as_the_organisation(code):
    found = triples(code("UN Secretary-General Antonio Guterres criticized Myanmar."))
    assert any(s == "UNO" for s, _, _ in found), found
