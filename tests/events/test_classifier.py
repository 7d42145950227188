"""The learned PLOVER classifier: shipped weights, training, and its place in hinted coding."""

from __future__ import annotations

from datetime import date

import pytest

from communique import Communique, load_settings
from communique.evaluate import GoldItem, evaluate
from communique.events.classifier import PloverClassifier, dyad_features, load_packaged, train
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
    again = PloverClassifier.from_json(model.to_json())
    assert again.scores(examples[0][0]) == pytest.approx(model.scores(examples[0][0]), abs=1e-3)


def test_scoring_on_training_rows_is_flagged(core):
    model = load_packaged()
    from communique.evaluate import fingerprint

    item = GoldItem(id="x", text="Iran held talks with Russia.", source="Iran", target="Russia",
                    plover="CONSULT")
    assert "warning" not in evaluate(core, [item])
    original = core.coder.classifier
    core.coder.classifier = PloverClassifier(model.classes, model.vocabulary, model.weights,
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
    assert Communique(load_settings(env={}, classifier_threshold=0.9)).code_text(text) == []
