"""The event coder: one parsed document in, finished Event records out.

It runs the stages in order for each sentence: actor phrases (actors), candidate events
(extract), modality, then the date (when) and place (where) of each event, and builds the
output records with their provenance.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

from spacy.tokens import Doc, Span, Token

from ..actors import ActorMatcher, KnowledgeBase, Mention
from ..actors.context import DocumentActors
from ..config import Settings
from ..models import Actor, Document, Event, Location
from ..when import EventDate, event_date
from ..where import Gazetteer, event_location
from .classifier import (
    PLOVER_TO_CAMEO,
    LinearModel,
    dyad_features,
    sentence_features,
)
from .codebook import Codebook
from .extract import (
    PAIRED_CODES,
    SCENE_PREPS,
    Found,
    apply_modality,
    event_id,
    find_events,
    path_codes,
)
from .lexicon import Lexicon
from .pairs import political, ranked_pairs, self_relation


@dataclass
class DyadReading:
    """What the verb patterns and the learned models make of one source-target pair."""

    best: tuple[str, Token] | None  # the first full pattern match on the path, and its verb
    by_lemma: tuple[str, Token] | None  # the first path verb's own code, and the verb
    verbs: list[Token]  # the verbs on the path, nearest the target first
    label: str | None = None  # the PLOVER type the models find likeliest
    probability: float = 0.0
    quad: dict[int, float] | None = None  # the sentence model's quad-class probabilities
    why: str = ""


# The model's dyad events are dropped in sentences the sentence model reads, at least this
# surely, as neither cooperation nor conflict (background, furniture). Its class 0 also holds
# statements, which are events: at 0.5 the gate cost 1.4 points of dyad recall on the PLOVER
# sentences (cross-validated) and changed nothing on the example set.
QUAD_NONE_GATE = 0.7
# Sectors of people who act for a state or an armed side: what they own (a plan, comments, a
# declaration) stands for them; what a bare state or a firm owns ("China's trade") does not.
_OFFICIAL_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "COP", "SPY", "OPP", "REB", "UAF"})
# Prepositions before a state or town that say where something happened.
_WHERE = SCENE_PREPS | {"into", "from", "inside", "outside", "through", "toward", "towards"}


class EventCoder:
    """Codes parsed documents into events, given the KB, codebook, lexicon and gazetteer."""

    def __init__(self, matcher: ActorMatcher, kb: KnowledgeBase, codebook: Codebook,
                 lexicon: Lexicon, gazetteer: Gazetteer, settings: Settings,
                 classifier: LinearModel | None = None,
                 quad_model: LinearModel | None = None,
                 pair_model: LinearModel | None = None) -> None:
        """Keep the shared resources; nothing is loaded here."""
        self.matcher, self.kb, self.codebook = matcher, kb, codebook
        self.lexicon, self.gazetteer, self.settings = lexicon, gazetteer, settings
        self.classifier, self.quad_model, self.pair_model = classifier, quad_model, pair_model
        # A pattern's code stands unless the classifier is at least this sure of another type.
        self.classifier_override = settings.classifier_override
        self._quads: dict[str, dict[int, float]] = {}
        self._quads_of = quad_model

    def code(self, document: Document, doc: Doc) -> list[Event]:
        """All events of one document, in sentence order."""
        spans = self.matcher(doc)
        actors = DocumentActors(spans, self.kb, document.published, self.gazetteer)
        events: list[Event] = []
        seen: set[str] = set()
        for index, sentence in enumerate(doc.sents):
            actors.observe(sentence, index)
            for event in self._sentence_events(document, sentence, index, actors):
                if event.id not in seen and event.confidence >= self.settings.min_confidence:
                    seen.add(event.id)
                    events.append(event)
        if document.source_hint and document.target_hint:
            hinted = self._hinted_event(document, doc, actors)
            if hinted is not None and hinted.id not in seen:
                events.append(hinted)
        return events

    def _sentence_events(self, document: Document, sentence: Span, index: int,
                         actors: DocumentActors) -> Iterator[Event]:
        classify = partial(self._classify, actors) if self.classifier is not None else None
        find_pairs = self._find_pairs if classify and self.pair_model is not None else None
        for found in find_events(sentence, actors, self.lexicon, classify, find_pairs):
            # Only between two clearly political actors: "the fans will not forgive him", "she
            # did not turn down the part" are no rejections.
            found = apply_modality(found, model_rejection=(
                found.by_model and _clearly_political(found.source, actors)
                and _clearly_political(found.target, actors)))
            if found is None:
                continue
            yield from self._records(document, sentence, index, found)

    def sentence_quad(self, text: str) -> dict[int, float] | None:
        """How likely the sentence model finds each quad class (0 for neither cooperation
        nor conflict) in a sentence; None without the model."""
        if self.quad_model is None:
            return None
        # Each dyad of a sentence asks again: remember the last sentences' answers (of
        # this model: it may be replaced).
        if self._quads_of is not self.quad_model:
            self._quads, self._quads_of = {}, self.quad_model
        if text not in self._quads:
            if len(self._quads) >= 256:
                self._quads.clear()
            self._quads[text] = {int(k): v for k, v in
                                 self.quad_model.scores(sentence_features(text)).items()}
        return dict(self._quads[text])

    def _find_pairs(self, sentence: Span, actors: DocumentActors
                    ) -> list[tuple[Mention, Mention, float]]:
        """The sentence's actor pairs the pair model finds likely enough, best first."""
        return [p for p in ranked_pairs(self.pair_model, sentence, actors)
                if p[2] >= self.settings.pair_threshold]

    def _classify(self, actors: DocumentActors, sentence: Span, source: Mention,
                  target: Mention) -> tuple[str, float, str] | None:
        """The classifier's code for a dyad no pattern covers, if it is sure enough (less
        sure for two clearly political actors than for others), and unless the sentence
        model reads no cooperation or conflict in the sentence."""
        reading = self._read_dyad(sentence, source.head, target.head)
        threshold = self.settings.classifier_threshold
        if (_clearly_political(source, actors) and _clearly_political(target, actors)
                and not self_relation(source, target)):
            threshold = min(threshold, self.settings.political_threshold)
        if reading.label is None or reading.probability < threshold:
            return None
        if reading.quad is not None and reading.quad[0] >= QUAD_NONE_GATE:
            return None
        code = PLOVER_TO_CAMEO[reading.label]
        return code, round(0.6 * reading.probability, 2), (
            f"{reading.why} -> {code} (no verb pattern)")

    def _read_dyad(self, sentence: Span, source: Token, target: Token) -> DyadReading:
        """What the patterns and the models (when loaded) make of one dyad; the sentence
        model's quad-class reading is among the dyad model's features."""
        best, by_lemma, verbs = path_codes(self.lexicon, target)
        if self.classifier is None:
            return DyadReading(best, by_lemma, verbs)
        quad = self.sentence_quad(sentence.text)
        scores = self.classifier.scores(dyad_features(
            sentence, source, target, rule_codes=(best, by_lemma), codebook=self.codebook,
            quad=quad))
        note = ""
        if quad is not None:
            top = max(quad, key=quad.get)
            note = f", reading {self.quad_model.name} (quad class {top} p={quad[top]:.2f})"
        label = max(scores, key=scores.get)
        why = f"model {self.classifier.name}: {label} p={scores[label]:.2f}{note}"
        return DyadReading(best, by_lemma, verbs, label, scores[label], quad, why)

    def _records(self, document: Document, sentence: Span, index: int,
                 found: Found) -> Iterator[Event]:
        when = event_date(sentence, found.verb, document.published)
        place_span = None
        if found.target_is_place:
            place_span = found.verb.doc.char_span(found.target.start, found.target.end,
                                                  alignment_mode="expand")
        location, _ = event_location(sentence, found.verb, self.gazetteer, place_span)
        yield self._event(document, sentence, index, found, found.code, found.source,
                          found.target, when, location, found.rule)
        pair = PAIRED_CODES.get(found.code)
        if pair and self.settings.paired_events and not found.negated:
            host_rule = f"{found.rule}; paired {pair}: the other side of the same event"
            yield self._event(document, sentence, index, found, pair, found.target,
                              found.source, when, location, host_rule)

    def _event(self, document: Document, sentence: Span, index: int, found: Found, code: str,
               source: Mention, target: Mention, when: EventDate, location: Location | None,
               rule: str) -> Event:
        entry = self.codebook[code]
        verb = found.verb
        start = min(source.start, target.start, verb.idx)
        end = max(source.end, target.end, verb.idx + len(verb.text))
        notes = "; ".join(found.notes)
        evidence = "; ".join(x for x in (rule, notes, f"source: {source.actor.evidence}",
                                         f"target: {target.actor.evidence}",
                                         f"date: {when.basis}") if x)
        return Event(
            id=event_id(document.doc_id, index, verb, code, source, target), doc_id=document.doc_id,
            date=when.date.isoformat() if when.date else None, date_precision=when.precision,
            date_basis=f"{document.date_basis}: {when.basis}",
            source=source.actor.to_dict(source.text, (source.start, source.end)),
            target=target.actor.to_dict(target.text, (target.start, target.end)),
            cameo=entry.code, cameo_name=entry.name, quad_class=entry.quad_class,
            goldstein=entry.goldstein, plover=entry.plover, plover_mode=entry.plover_mode,
            plover_context=entry.plover_context,
            location=None if location is None else {
                "name": location.name, "country": location.country, "lat": location.lat,
                "lon": location.lon, "feature": location.feature},
            sentence=sentence.text.rstrip(), sentence_index=index, char_span=[start, end],
            negated=found.negated, confidence=found.confidence, evidence=evidence,
            verb={"text": verb.text, "lemma": verb.lemma_, "span": [verb.idx,
                                                                     verb.idx + len(verb.text)]},
            published=document.published.isoformat() if document.published else None)

    @staticmethod
    def _hint_side(doc: Doc, actors: DocumentActors, start: int, end: int) -> Mention | None:
        """A hinted side as an actor; one the knowledge base lacks still stands, uncoded,
        since the user named it."""
        found = actors.resolve_span(start, end)
        span = doc.char_span(start, end, alignment_mode="expand")
        if found is not None or span is None:
            return found
        return Mention(actor=Actor(code="", evidence="hint not in knowledge base"),
                       start=start, end=end, text=doc.text[start:end], head=span.root)

    def _hinted_event(self, document: Document, doc: Doc, actors: DocumentActors
                      ) -> Event | None:
        """Code the relation between the two mentions an input line names as source/target."""
        text = doc.text
        s_at = text.find(document.source_hint or "")
        t_at = text.find(document.target_hint or "")
        if s_at < 0 or t_at < 0:
            return None
        on = document.published
        source = self._hint_side(doc, actors, s_at, s_at + len(document.source_hint))
        target = self._hint_side(doc, actors, t_at, t_at + len(document.target_hint))
        if source is None or target is None:
            return None
        sentence = source.head.sent
        index = next(i for i, s in enumerate(doc.sents) if s.start == sentence.start)
        reading = self._read_dyad(sentence, source.head, target.head)
        best, by_lemma, verbs = reading.best, reading.by_lemma, reading.verbs
        label, probability = reading.label, reading.probability
        agrees = best is not None and label is not None and (
            self.codebook[best[0]].plover == label)
        if best is not None and (agrees or probability < self.classifier_override):
            code, verb = best
            rule, confidence = f"dyad hint; pattern on '{verb.text}' -> {code}", 0.6
        elif label is not None:
            code = PLOVER_TO_CAMEO[label]
            verb = verbs[0] if verbs else sentence.root
            rule = f"dyad hint; {reading.why} -> {code}"
            confidence = round(min(0.6, probability), 2)
        elif by_lemma is not None:
            code, verb = by_lemma
            rule = f"dyad hint; verb '{verb.text}' -> {code} (no full pattern matched)"
            confidence = 0.45
        else:
            verb = verbs[0] if verbs else sentence.root
            code, rule, confidence = "010", "dyad hint; no lexicon verb on the path", 0.3
        found = Found(code=code, verb=verb, source=source, target=target, rule=rule,
                      confidence=confidence)
        found = apply_modality(found) or found  # refusals and intentions map; others stay
        code = found.code
        when = event_date(sentence, verb, on)
        location, _ = event_location(sentence, verb, self.gazetteer)
        return self._event(document, sentence, index, found, code, source, target, when,
                           location, rule)


def _clearly_political(mention: Mention, actors: DocumentActors) -> bool:
    """A political actor (see pairs.political) named as one: a state, government, armed
    group, organisation or official, by a name, a pronoun or a knowledge-base word; not a
    town, nor a thing that carries a state's name ("U.S. stocks", "a Saudi order")."""
    actor, head = mention.actor, mention.head
    if not (actor.code or actor.country) or not political(mention):
        return False
    if actor.evidence.startswith("place "):
        return False  # a town standing for its country
    if not (actor.sector or actor.name) and head.dep_ == "pobj" and (
            head.head.lower_ in _WHERE):
        return False  # "in Vienna", "crossed into Ukraine": where, not who
    if head.pos_ in {"PROPN", "PRON"} or head.i in actors.kb_token_ids:
        return True
    if (actor.name or actor.sector in _OFFICIAL_SECTORS) and any(
            c.dep_ == "poss" for c in head.children):
        return True  # "the minister's remarks", "the Danish government's plan": its owner's
    # A role word in the other number ("a Russian official": the base lists "officials").
    lemma = head.lemma_.lower()
    return any(entry.kind == "sector" for word in (lemma, lemma + "s")
               for entry in actors.kb.entries.get(word, ()))
