"""Round 9 of actor fixes: parts of the world, what a state fights with, bodies the press
names its own way."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def actor(resolved_phrase):
    """The actor code a marked phrase of a text resolves to, the way the coder sees it."""
    return lambda text, phrase: resolved_phrase(text, phrase)[0]


@pytest.mark.parametrize(("text", "phrase", "code"), [
    # A part of the world is no state, whatever the sentence names.
    ("Germany sent doctors to West Africa during the outbreak.", "West Africa", None),
    # What a state fights with is its armed forces'; a cargo plane a firm's.
    ("Inspectors began destroying Syria's chemical weapons.", "Syria's chemical weapons",
     "SYRMIL"),
    ("Troops shot down a Georgian cargo plane.", "a Georgian cargo plane", "GEOBUS"),
    ("Moscow vetoed the US resolution.", "the US resolution", "USAGOV"),
    # A government's missiles and shelling are its forces'.
    ("Syrian government missiles struck the town.", "Syrian government missiles", "SYRMIL"),
    # An occupier is no place of what it occupies.
    ("Rebels held an area near the Israeli-occupied Golan Heights.",
     "an area near the Israeli-occupied Golan Heights", "SYR"),
    # Bodies and titles.
    ("The Pentagon confirmed the strike.", "The Pentagon", "USAMIL"),
    ("Capitol Hill rejected the budget.", "Capitol Hill", "USALEG"),
    ("A U.S. congressional report faulted the agency.", "A U.S. congressional report",
     "USALEG"),
    ("Rebels freed the Colombian Sergeant Pablo Moncayo.",
     "the Colombian Sergeant Pablo Moncayo", "COLMIL"),
    ("The Commissioner of Police in Chennai banned the rally.",
     "The Commissioner of Police in Chennai", "INDCOP"),
    ("Turkey backed the UN-backed Government of National Accord.",
     "the UN-backed Government of National Accord", "LBYGOV"),
])
def test_round9(actor, text, phrase, code):
    assert actor(text, phrase) == code
