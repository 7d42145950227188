"""The pair model: a sentence's main dyad coded where no verb pattern or clause links it."""

from __future__ import annotations

from datetime import date

import pytest

from communique import Communique, load_settings
from communique.actors import Mention
from communique.actors.context import DocumentActors
from communique.evaluate import GoldItem, evaluate, fingerprint
from communique.events.classifier import LinearModel, load_packaged
from communique.events.pairs import POSITIVE, candidate_pairs, ranked_pairs, sentence_mentions
from communique.models import Actor

WAR_GAMES = "The armies of Chile and Peru staged joint war games off the coast last week."


def by_pair_model(events):
    return [e for e in events if e.evidence.startswith("pair model")]


def actors_of(core: Communique, text: str):
    doc = core.nlp(text)
    actors = DocumentActors(core.coder.matcher(doc), core.kb, date(2021, 5, 15),
                            core.coder.gazetteer)
    sentence = next(iter(doc.sents))
    actors.observe(sentence, 0)
    return sentence, actors


def test_the_packaged_pair_model_loads():
    model = load_packaged("pair_model.json")
    assert model is not None and sorted(model.classes) == ["other", POSITIVE]
    assert model.trained_on and len(model.vocabulary) > 500


def test_a_dyad_no_verb_links_is_coded_by_the_pair_model(core):
    # "staged" takes "war games" as its object: neither army is an argument of a verb
    # pattern, yet the sentence reports the two militaries cooperating.
    [event] = by_pair_model(core.code_text(WAR_GAMES, published=date(2021, 5, 15)))
    assert event.source["code"] == "CHLMIL" and event.target["country"] == "PER"
    assert event.plover == "COOPERATE"
    assert "communique.plover_classifier.v1: COOPERATE" in event.evidence
    assert event.confidence <= 0.6


def test_pair_threshold_above_one_leaves_running_text_to_the_rules():
    core = Communique(load_settings(env={}, pair_threshold=1.01))
    assert by_pair_model(core.code_text(WAR_GAMES, published=date(2021, 5, 15))) == []
    without_models = Communique(load_settings(env={}, classifier=False))
    assert by_pair_model(without_models.code_text(WAR_GAMES)) == []


def test_a_dyad_the_patterns_coded_is_not_coded_again(core):
    events = core.code_text("Russia attacked Ukraine on Thursday.", published=date(2022, 2, 25))
    assert [(e.source["code"], e.cameo, e.target["code"]) for e in events] == [
        ("RUS", "190", "UKR")]


def test_each_actor_is_listed_once_in_order_and_a_phrase_may_name_two(core):
    sentence, actors = actors_of(
        core, "Chilean and Peruvian negotiators met Bolivian officials on Monday.")
    mentions = sentence_mentions(sentence, actors)
    assert [m.actor.country for m in mentions] == ["CHL", "PER", "BOL"]
    assert len({(m.start, m.actor.code) for m in mentions}) == len(mentions)


def test_pairs_are_ordered_and_never_join_an_actor_to_itself(core):
    sentence, actors = actors_of(core, "France and Germany urged Iran to return to talks.")
    mentions = sentence_mentions(sentence, actors)
    pairs = [(s.actor.code, t.actor.code) for s, t, _ in candidate_pairs(sentence, mentions)]
    assert len(pairs) == len(mentions) * (len(mentions) - 1)
    assert ("FRA", "IRN") in pairs and ("IRN", "FRA") in pairs
    assert all(s != t for s, t in pairs)


def test_only_the_likeliest_pair_of_a_sentence_is_coded(core):
    text = ("The armies of Chile and Peru staged joint war games off the coast last week, "
            "while Bolivia and Ecuador sent observers.")
    sentence, actors = actors_of(core, text)
    ranked = ranked_pairs(core.coder.pair_model, sentence, actors)
    assert len(ranked) >= 6 and ranked[0][2] == max(p for _, _, p in ranked)
    coded = by_pair_model(core.code_text(text, published=date(2021, 5, 15)))
    # One dyad, and for two-sided event types its other side.
    assert len({frozenset((e.source["code"], e.target["code"])) for e in coded}) == 1


def test_scoring_the_pair_models_training_rows_is_flagged(core):
    model = core.coder.pair_model
    item = GoldItem(id="p", text=WAR_GAMES, source="The armies of Chile", target="Peru",
                    plover="COOPERATE")
    assert "warning" not in evaluate(core, [item])
    core.coder.pair_model = LinearModel(model.classes, model.vocabulary, model.weights,
                                        model.intercept, frozenset({fingerprint(WAR_GAMES)}),
                                        model.name)
    try:
        warning = evaluate(core, [item])["warning"]
        assert model.name in warning and "bench/train_plover.py" in warning
    finally:
        core.coder.pair_model = model


@pytest.mark.parametrize("text", [
    "The weather in Geneva was mild on Tuesday.",
    "Kenya's economy grew by five percent last year.",
])
def test_sentences_with_fewer_than_two_actors_get_no_pair(core, text):
    assert by_pair_model(core.code_text(text, published=date(2021, 5, 15))) == []


def test_a_second_partner_of_a_coded_verb_takes_the_verbs_code(core):
    events = core.code_text("North Korea reaches out to Russia, Assad regime amid talk of "
                            "new US contacts", published=date(2019, 6, 23))
    found = {(e.source["code"], e.cameo, e.target["code"]) for e in events}
    assert {("PRK", "036", "RUS"), ("PRK", "036", "SYRGOV")} <= found
    [paired] = by_pair_model(events)
    assert "(the same verb)" in paired.evidence and paired.confidence <= 0.6


def test_the_speaker_of_a_coded_report_is_not_paired_with_its_actors(code):
    # "A said B attacked C" codes B -> C; A's words are no second event of A's.
    events = code("Ukrainian officials said Russia attacked Ukraine on Monday.")
    assert {(e["source"]["code"], e["cameo"], e["target"]["code"]) for e in events} == {
        ("RUS", "190", "UKR")}


def test_a_state_beside_its_own_leader_is_no_pair(core):
    text = ("Ukrainian President Volodymyr Zelensky visited Washington on Wednesday, his "
            "first trip outside Ukraine since the war began.")
    events = core.code_text(text, published=date(2022, 12, 22))
    assert not any(e.source["country"] == e.target["country"] == "UKR" for e in events)


def test_a_pair_needs_a_political_actor_the_knowledge_base_knows(core):
    # Two names placed only by their sentence's country (teams, firms) are no relation an
    # analyst of international politics codes; a government beside one of them may be.
    doc = core.nlp("Olympiacos beat Panathinaikos in Athens on Sunday.")
    sentence = next(iter(doc.sents))

    def named(i: int) -> Mention:
        return Mention(actor=Actor(code="GRC", country="GRC", name=doc[i].text,
                                   evidence=f"name '{doc[i].text}'; country GRC"),
                       start=doc[i].idx, end=doc[i].idx + len(doc[i]), text=doc[i].text,
                       head=doc[i])

    teams = [named(0), named(2)]
    assert list(candidate_pairs(sentence, teams)) == []
    government = Mention(actor=Actor(code="GRCGOV", country="GRC", sector="GOV",
                                     evidence="capital 'Athens' = GRC"),
                         start=doc[4].idx, end=doc[4].idx + 6, text="Athens", head=doc[4])
    pairs = [(s.text, t.text) for s, t, _ in candidate_pairs(sentence, [teams[0], government])]
    assert ("Olympiacos", "Athens") in pairs


def test_a_dateline_is_no_actor(core):
    sentence, actors = actors_of(core, "ATHENS, Greece - The Greek government fined a "
                                       "shipping firm on Monday.")
    assert all(m.text != "ATHENS" for m in sentence_mentions(sentence, actors))


def test_a_state_where_its_own_leader_acts_may_be_the_target_but_not_its_setting(core):
    sentence, actors = actors_of(
        core, "President Salva Kiir imposed a curfew on Friday in South Sudan.")
    pairs = [(s.actor.code, t.actor.code)
             for s, t, _ in candidate_pairs(sentence, sentence_mentions(sentence, actors))]
    assert ("SSDGOV", "SSD") in pairs and ("SSD", "SSDGOV") not in pairs
    sentence, actors = actors_of(
        core, "Ukrainian President Volodymyr Zelensky visited Washington on Wednesday, his first "
        "trip outside Ukraine since the war began.")
    pairs = [(s.actor.code, t.actor.code)
             for s, t, _ in candidate_pairs(sentence, sentence_mentions(sentence, actors))]
    assert ("UKRGOV", "USAGOV") in pairs and ("UKRGOV", "UKR") not in pairs


def test_a_named_town_is_an_actor_of_the_pair_search(core):
    sentence, actors = actors_of(core, "Iraqi troops retook the old market in Mosul on Monday.")
    mentions = sentence_mentions(sentence, actors)
    assert [(m.text, m.actor.code) for m in mentions] == [("Iraqi troops", "IRQMIL"),
                                                           ("Mosul", "IRQ")]
    assert "place 'Mosul'" in mentions[1].actor.evidence


def test_a_known_acronym_the_tagger_takes_for_an_adverb_is_still_an_actor(core):
    sentence, actors = actors_of(core, "USAID had pledged more money for schools in Malawi.")
    assert sentence[0].pos_ not in {"PROPN", "NOUN"}  # what makes this case
    mentions = [(m.text, m.actor.code) for m in sentence_mentions(sentence, actors)]
    assert mentions[0] == ("USAID", "USAGOV") and ("Malawi", "MWI") in mentions


def test_a_name_the_parse_cuts_at_a_hyphen_is_whole(core):
    # The parse ends the phrase at "al" and hangs "-Assad" on the verb; cut there, the
    # phrase was a bare "government", taken for the one the story met before.
    doc = core.nlp("The British government ordered strikes on Saturday. The government of "
                   "President Bashar al-Assad denied that it had used chemical weapons.")
    actors = DocumentActors(core.coder.matcher(doc), core.kb, date(2018, 4, 15),
                            core.coder.gazetteer)
    first, second = doc.sents
    actors.observe(first, 0)
    actors.observe(second, 1)
    mentions = [(m.text, m.actor.code) for m in sentence_mentions(second, actors)]
    assert mentions == [("The government of President Bashar al-Assad", "SYRGOV")]
