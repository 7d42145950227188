"""The learned models (PLOVER dyad classifier, sentence quad-class model): shipped weights,
training, and their place in coding."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from communique import Communique, load_settings
from communique.evaluate import GoldItem, evaluate
from communique.events.classifier import (
    LinearModel,
    dyad_features,
    load_packaged,
    sentence_features,
    train,
)
from communique.ingest import make_document


def hinted(core: Communique, text: str, source: str, target: str):
    doc = make_document("h", text, "<test>", published=date(2019, 6, 23), date_basis="input")
    doc.source_hint, doc.target_hint = source, target
    [result] = core.code_documents([doc])
    # The hinted pair's event (a pattern event for the same pair stands in for it).
    return next(e for e in result.events
                if (e.source["text"], e.target["text"]) == (source, target))


def test_the_packaged_model_loads_and_names_itself():
    model = load_packaged()
    assert model is not None and len(model.classes) == 15 and len(model.vocabulary) > 1000
    assert model.trained_on  # fingerprints of its training rows


def test_the_model_codes_a_dyad_no_pattern_covers(core):
    # "hammered" is in no verb pattern; the model still reads an assault.
    event = hinted(core, "Israeli warplanes hammered Hamas targets in Gaza overnight.",
                   "Israeli warplanes", "Hamas targets")
    assert event.plover == "ASSAULT"
    assert "communique.plover_classifier.v1" in event.evidence


def test_without_the_model_patterns_and_verbs_decide():
    core = Communique(load_settings(env={}, classifier=False))
    event = hinted(core, "Germany condemned Russia.", "Germany", "Russia")
    assert event.cameo.startswith("11") and "model" not in event.evidence


def test_training_learns_a_separable_toy_problem(core):
    doc = core.nlp("Russia attacked Ukraine. France praised Germany.")
    first, second = list(doc.sents)
    examples = [(dyad_features(first, first[0], first[2]), "ASSAULT"),
                (dyad_features(second, second[0], second[2]), "SUPPORT")] * 5
    model = train(examples, min_count=1)
    assert model.predict(examples[0][0])[0] == "ASSAULT"
    assert model.predict(examples[1][0])[0] == "SUPPORT"
    again = LinearModel.from_json(model.to_json())
    assert again.scores(examples[0][0]) == pytest.approx(model.scores(examples[0][0]), abs=1e-3)


def test_scoring_on_training_rows_is_flagged(core):
    model = load_packaged()
    from communique.evaluate import fingerprint

    item = GoldItem(id="x", text="Iran held talks with Russia.", source="Iran", target="Russia",
                    plover="CONSULT")
    assert "warning" not in evaluate(core, [item])
    original = core.coder.classifier
    core.coder.classifier = LinearModel(model.classes, model.vocabulary, model.weights,
                                             model.intercept,
                                             frozenset({fingerprint(item.text)}))
    try:
        assert "optimistic" in evaluate(core, [item])["warning"]
    finally:
        core.coder.classifier = original


def test_running_text_dyads_without_a_pattern_are_coded_by_the_model():
    core = Communique(load_settings(env={}, classifier_threshold=0.3))
    events = core.code_text("Israeli warplanes hammered Hamas targets in Gaza overnight.",
                            published=date(2021, 5, 15))
    [event] = [e for e in events if e.source["country"] == "ISR"]
    assert event.plover == "ASSAULT" and event.target["code"].startswith("PSE")
    assert "(no verb pattern)" in event.evidence and event.confidence <= 0.6


def test_unsure_or_absent_models_leave_running_text_to_the_patterns():
    text = "Israeli warplanes hammered Hamas targets in Gaza overnight."
    assert Communique(load_settings(env={}, classifier=False)).code_text(text) == []
    unsure = load_settings(env={}, classifier_threshold=0.9, political_threshold=0.9,
                           pair_threshold=1.01)
    assert Communique(unsure).code_text(text) == []


def test_the_packaged_sentence_model_reads_conflict_and_cooperation(core):
    model = load_packaged("quad_classifier.json")
    assert model is not None and model.classes == ["0", "1", "2", "3", "4"]
    assert model.idf is not None and model.trained_on
    shelling = core.coder.sentence_quad("Troops shelled the village overnight, killing ten.")
    assert max(shelling, key=shelling.get) == 4 and shelling[4] > 0.8
    signing = core.coder.sentence_quad("The two ministers signed a trade agreement on Tuesday.")
    assert max(signing, key=signing.get) in {1, 2}


def test_tfidf_models_survive_a_json_round_trip():
    texts = ["troops shelled the town", "ministers signed a deal", "rebels shelled a base",
             "leaders signed an accord"] * 3
    labels = ["4", "1", "4", "1"] * 3
    model = train([(sentence_features(t), y) for t, y in zip(texts, labels, strict=True)],
                  tfidf=True, min_count=1)
    again = LinearModel.from_json(model.to_json())
    features = sentence_features("the army shelled the town")
    assert again.predict(features)[0] == "4"
    assert again.scores(features) == pytest.approx(model.scores(features), abs=1e-3)


def _fixed_quad_model(likeliest: str) -> LinearModel:
    """A sentence model that reads every sentence as one quad class."""
    intercept = np.array([5.0 if c == likeliest else 0.0 for c in "01234"])
    return LinearModel(classes=list("01234"), vocabulary={}, weights=np.zeros((0, 5)),
                       intercept=intercept, name="fixed")


def test_the_sentence_model_gates_and_informs_the_dyad_model():
    core = Communique(load_settings(env={}, classifier_threshold=0.3))
    text = "Israeli warplanes hammered Hamas targets in Gaza overnight."
    core.coder.quad_model = _fixed_quad_model("0")  # "no cooperation or conflict here"
    assert core.code_text(text) == []
    core.coder.quad_model = _fixed_quad_model("4")
    [event] = [e for e in core.code_text(text) if e.source["country"] == "ISR"]
    assert event.quad_class == 4 and "quad_classifier" not in event.evidence
    assert "reading fixed (quad class 4" in event.evidence


def test_eval_falls_back_on_the_sentence_model_where_no_event_is_coded(core):
    item = GoldItem(id="q", text="Shelling killed ten people overnight.", penta=4)
    report = evaluate(core, [item])
    assert report["quad_class_events_only"]["confusion"] == {"4": {"0": 1}}
    assert report["quad_class"]["confusion"] == {"4": {"4": 1}}


def test_scoring_the_sentence_models_training_rows_is_flagged(core, tmp_path):
    from communique.evaluate import fingerprint, load_gold

    model = load_packaged("quad_classifier.json")
    # A made-up sentence is not flagged; the model's own fingerprints are checked.
    path = tmp_path / "quad.tsv"
    path.write_text("Troops shelled the village overnight.\t4\n")
    assert "warning" not in evaluate(core, load_gold(path))
    original = core.coder.quad_model
    core.coder.quad_model = LinearModel(
        model.classes, model.vocabulary, model.weights, model.intercept,
        frozenset({fingerprint("Troops shelled the village overnight.")}), model.name,
        model.idf)
    try:
        warning = evaluate(core, load_gold(path))["warning"]
        assert "quad_classifier" in warning and "bench/train_quad.py" in warning
    finally:
        core.coder.quad_model = original


def test_batched_probabilities_match_one_by_one_scores(core):
    model = core.coder.pair_model
    doc = core.nlp("France and Germany urged Iran to return to talks with the IAEA.")
    from communique.actors.context import DocumentActors
    from communique.events.pairs import POSITIVE, candidate_pairs, sentence_mentions

    actors = DocumentActors(core.coder.matcher(doc), core.kb, None, core.coder.gazetteer)
    sentence = next(iter(doc.sents))
    actors.observe(sentence, 0)
    examples = [f for _, _, f in candidate_pairs(sentence, sentence_mentions(sentence, actors))]
    assert len(examples) >= 6
    assert model.probabilities(examples, POSITIVE) == pytest.approx(
        [model.scores(f)[POSITIVE] for f in examples], abs=1e-4)


# Coders that let the models code any dyad the knowledge base's political actors form, and
# only those: every other threshold is out of reach.
def _only_political(threshold: float) -> Communique:
    return Communique(load_settings(env={}, classifier_threshold=1.01, pair_threshold=0.0,
                                    political_threshold=threshold))


MILITIAS = "Sudan's government is instead moving Arab militias into southern Darfur."


def test_a_clearly_political_dyad_is_coded_below_the_general_threshold():
    [event] = _only_political(0.0).code_text(MILITIAS, published=date(2004, 6, 1))
    assert (event.source["code"], event.target["code"]) == ("SDNGOV", "SDNUAF")
    assert "no verb pattern" in event.evidence and event.confidence <= 0.6
    assert _only_political(1.01).code_text(MILITIAS, published=date(2004, 6, 1)) == []


@pytest.mark.parametrize("text", [
    # A state's name on a thing is not the state acting.
    "China's total trade volume will reach 1.1 trillion US dollars in 2004.",
    "Tokyo stocks finished sharply higher Monday, fueled by Wall Street's gains last week.",
    # Firms in a deal are not a relation between political actors.
    "Deutsche Bank AG of Germany plans to sell its offices to Legg Mason Inc.",
])
def test_things_and_firms_wait_for_the_general_threshold(text):
    assert _only_political(0.0).code_text(text, published=date(2004, 6, 1)) == []
    anything = Communique(load_settings(env={}, classifier_threshold=0.0, pair_threshold=0.0))
    assert anything.code_text(text, published=date(2004, 6, 1))  # the model does read one


def test_a_dateline_is_never_a_side_of_an_event():
    text = ("NAIROBI, Kenya -- Somalia's parliament passed a motion of no-confidence against "
            "the new prime minister and his Cabinet yesterday.")
    anything = Communique(load_settings(env={}, classifier_threshold=0.0, pair_threshold=0.0,
                                        political_threshold=0.0))
    events = anything.code_text(text, published=date(2004, 12, 12))
    assert events and all(not e.source["text"].startswith(("NAIROBI", "Kenya"))
                          and not e.target["text"].startswith(("NAIROBI", "Kenya"))
                          for e in events)


def _any_dyad() -> Communique:
    return Communique(load_settings(env={}, classifier_threshold=0.0, pair_threshold=0.0,
                                    political_threshold=0.0))


def test_what_an_official_owns_stands_for_the_official():
    text = "The Kenyan government flatly dismissed President Donald Trump's remarks."
    [event] = _only_political(0.0).code_text(text, published=date(2018, 8, 23))
    assert (event.source["code"], event.target["code"]) == ("KENGOV", "USAGOV")
    assert event.target["text"] == "President Donald Trump's remarks"
    assert "no verb pattern" in event.evidence


def test_a_town_can_be_the_target_of_an_event():
    text = "Belgian police raided a squatters' camp in Antwerp on Friday."
    events = _any_dyad().code_text(text, published=date(2016, 10, 23))
    assert any(e.source["code"] == "BELCOP" and e.target["text"] == "Antwerp"
               and e.target["code"] == "BEL" and "place 'Antwerp'" in e.evidence
               for e in events)


def test_a_rejection_the_model_reads_from_a_negation_is_kept():
    events = _only_political(0.0).code_text("Serbia will not accept a settlement with Kosovo.",
                                            published=date(2020, 12, 22))
    assert [(e.source["code"], e.cameo[:2], e.target["code"]) for e in events] == [
        ("SRB", "12", "XKX")]
    assert "negation" in events[0].evidence
    # Between people who are no political actors, a negated verb stays no event.
    events = _any_dyad().code_text("The fans will not forgive his remarks before the final.",
                                   published=date(2004, 8, 1))
    assert not any(e.cameo.startswith("12") for e in events)
