"""Who a sentence's places and titles do not belong to: the other side of a visit, a request or
a bid; a speaker hung on a place; the officials of rebels and legislatures; the leader of a
party the knowledge base does not know; and a few role words and territories."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def actor(resolved_phrase):
    """The actor code a marked phrase of a text resolves to, the way the coder sees it."""
    return lambda text, phrase: resolved_phrase(text, phrase)[0]


@pytest.mark.parametrize("text, phrase", [
    # The state visited, dealt with or opposed is the other side, not the actor's own.
    ("The Senate President will lead a delegation on a three-day visit to Russia.",
     "The Senate President"),
    ("Lawmakers asked for the full terms of the arms deal with Russia.", "Lawmakers"),
    ("The court ordered the ship's release despite a US legal bid to keep it.", "The court"),
])
def test_a_state_on_the_other_side_does_not_place_the_actor(actor, text, phrase):
    code = actor(text, phrase) or ""
    assert not code.startswith(("RUS", "USA"))


@pytest.mark.parametrize("text, phrase, code", [
    # The other side is not the only state: the one the sentence names for the actor is.
    ("Rouhani turned down a demand from 35 MPs to publish the oil deal with Russia.", "35 MPs",
     "IRNLEG"),
    # Where an event happens still places it, and so does the side one is loyal to.
    ("Police arrested three men with forged passports in Manila.", "Police", "PHLCOP"),
    ("Militias loyal to a Libyan commander shelled the airport on Sunday.", "Militias",
     "LBYUAF"),
    ("Federal Police opened an investigation into an Australian soldier.", "Federal Police",
     "AUSCOP"),
])
def test_the_actors_own_side_still_places_it(actor, text, phrase, code):
    assert actor(text, phrase) == code


def test_a_speaker_after_a_country_is_not_the_country(actor):
    text = ("Moscow is pulling some aircraft back from Syria, Defense Minister "
            "Sergei Shoigu announced on Tuesday.")
    assert actor(text, "Syria") == "SYR"  # not Shoigu's RUSGOV


def test_an_overseas_territory_is_its_states(actor):
    assert actor("A Gibraltar court fined the ship's owner on Thursday.",
                 "A Gibraltar court") == "GBRJUD"


@pytest.mark.parametrize("text, phrase, code", [
    ("Tehran's foreign minister met a senior Yemeni rebel official in Muscat.",
     "a senior Yemeni rebel official", "YEMREB"),
    ("Senate negotiators struck a deal on the spending package.", "Senate negotiators",
     "LEG"),
    ("A union official said the strike would go on.", "A union official", "LAB"),
    # The government's own officials stay the government's.
    ("A senior Yemeni official said the talks would resume.", "A senior Yemeni official",
     "YEMGOV"),
])
def test_an_official_of_a_body_belongs_to_the_body(actor, text, phrase, code):
    assert actor(text, phrase) == code


@pytest.mark.parametrize("text, phrase, code", [
    ("U.S. federal investigators handed the files to prosecutors.", "U.S. federal investigators",
     "USACOP"),
    ("The French air force trains Malian pilots to fly helicopters.", "Malian pilots", "MLIMIL"),
    ("A political prisoner died in custody in Iran after months of torture.",
     "A political prisoner", "IRNOPP"),
])
def test_role_words_give_the_sector(actor, text, phrase, code):
    assert actor(text, phrase) == code


def test_the_leader_of_an_unknown_party_is_not_given_his_old_office(actor):
    # Erbakan was Turkey's prime minister in 1996-97; "leader" here is a party's title, and
    # the party's name, unknown to the KB, makes him the party's (as "Party leader" does).
    text = "Islamist Welfare Party (RP) leader Necmettin Erbakan met the president."
    assert actor(text, "Islamist Welfare Party (RP) leader Necmettin Erbakan") == "TURPTY"
    assert actor("Welfare Party leader Necmettin Erbakan rejected the coalition offer.",
                 "Welfare Party leader Necmettin Erbakan") == "TURPTY"
    # A state's leader still dates the office (see test_placing).
    assert actor("The Palestinian leader Yasir Arafat addressed the council on Friday.",
                 "The Palestinian leader Yasir Arafat") == "PSEGOV"


def test_a_backer_does_not_place_the_fighters_it_backs(actor):
    text = "Ankara stepped up its strikes on U.S-backed Kurdish fighters in Syria this week."
    assert actor(text, "U.S-backed Kurdish fighters in Syria") == "SYRUAF"
    # A base is where they are.
    text = "Police raided the offices of a London-based militant group on Monday."
    assert actor(text, "a London-based militant group").startswith("GBR")


def test_an_organisations_allies_are_its_members(actor):
    assert actor("NATO allies agreed to extend their mission in Kosovo.",
                 "NATO allies") == "IGOWSTNAT"
    # A state's allies are still not that state.
    assert actor("US allies agreed to extend their mission in Kosovo.", "US allies") is None


def test_an_unknown_district_is_placed_by_its_sentence(actor):
    text = "Burmese authorities extended a curfew in Zawkoli district for two months."
    assert actor(text, "Zawkoli district") == "MMR"


def test_the_southeast_asian_nations_are_asean(actor):
    assert actor("The Southeast Asian nations backed the new trade pact.",
                 "The Southeast Asian nations") == "IGOSEAASN"
