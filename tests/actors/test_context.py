"""Later sentences are coded too: pronouns, "the regime", "its troops", "the two sides"."""

from __future__ import annotations

from tests.conftest import triples


def test_pronoun_refers_to_the_last_person(code):
    events = code("Russian Foreign Minister Sergei Lavrov landed in Ankara on Tuesday. "
                  "He praised Turkey.")
    [praise] = [e for e in events if e["cameo"] == "051"]
    assert praise["source"]["code"] == "RUSGOV" and praise["source"]["text"] == "He"
    assert "pronoun 'He' refers to 'Russian Foreign Minister Sergei Lavrov'" in praise["evidence"]


def test_the_regime_is_the_last_state_named(code):
    events = code("Syria shelled Idlib on Friday. Turkey condemned the regime.")
    assert ("TUR", "111", "SYRGOV") in triples(events)


def test_its_troops_take_the_country_of_the_antecedent(code):
    events = code("Russia denied the reports. Its troops attacked Ukraine on Friday.")
    assert ("RUSMIL", "190", "UKR") in triples(events)


def test_the_two_sides_are_the_last_two_actors(code):
    events = code("Iranian and Saudi officials arrived in Beijing on Friday. "
                  "China praised the two sides.")
    found = triples(events)
    assert ("CHN", "051", "IRNGOV") in found and ("CHN", "051", "SAUGOV") in found


def test_coordinated_demonyms_are_one_actor_each(code):
    found = triples(code("Iranian and Saudi officials met Chinese diplomats."))
    assert {("IRNGOV", "040", "CHNGOV"), ("SAUGOV", "040", "CHNGOV")} <= found


def test_no_antecedent_no_event(code):
    assert code("He praised China.") == []


def test_antecedents_expire_after_a_few_sentences(code):
    text = ("Lavrov arrived in Beijing. The weather was mild. Markets were calm. Trains ran. "
            "Shops opened. He praised China.")
    assert [e for e in code(text) if e["cameo"] == "051"] == []


def test_sentences_without_a_verb_root_finish(code):
    # Regression: climbing to a root that is not a verb once looped forever.
    events = code("A statement from Russia on Friday. Its leader praised China on Monday.")
    assert isinstance(events, list)
