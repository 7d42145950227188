"""Actors in a document: resolution of each mention, and of words that point back to one.

News names an actor once and then says "he", "the regime", "its troops", "the two sides" or
"both countries". DocumentActors keeps the actors met so far, in order, so those later
sentences are coded too; every such actor says which earlier mention it stands for.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from spacy.tokens import Span, Token

from ..models import Actor
from ..parse import clause_verb
from ..where import Gazetteer
from .kb import KnowledgeBase
from .resolve import Mention, mention_of, np_tokens, resolve_token

_PERSON_PRONOUNS = {"he", "she", "him", "her"}
_STATE_WORDS = {"country", "nation", "state", "kingdom", "republic"}
_GOVERNMENT_WORDS = {"regime": "GOV", "government": "GOV", "administration": "GOV",
                     "authorities": "GOV", "leadership": "GOV", "ministry": "GOV",
                     "military": "MIL", "army": "MIL", "junta": "MIL"}
_PAIR_WORDS = {"side", "sides", "country", "countries", "leaders", "leader", "governments",
               "nations", "states", "neighbours", "neighbors", "parties", "allies", "capitals"}
_PAIR_DETERMINERS = {"both", "two"}
_PLACE_PREPOSITIONS = {"in", "at", "to", "into", "near", "from"}
# Antecedents are looked for this many sentences back.
_WINDOW = 3


class DocumentActors:
    """Resolves mentions within one document, remembering the actors already named."""

    def __init__(self, spans: list[Span], kb: KnowledgeBase, on: date | None,
                 gazetteer: Gazetteer | None = None) -> None:
        """Start with the document's KB phrase matches, its publication date and, to place
        domestic actors ("police", "the court"), a gazetteer."""
        self.spans, self.kb, self.on, self.gazetteer = spans, kb, on, gazetteer
        self.history: list[tuple[int, Mention]] = []
        self.sentence_index = 0
        self._chunks: list[Span] | None = None

    def resolve(self, head: Token, *, as_place: bool = False) -> Mention | None:
        """The actor a noun phrase names, or the earlier actor it refers back to."""
        direct = resolve_token(head, self.spans, self.kb, self.on, as_place=as_place)
        if as_place:
            return direct
        if direct is None or (direct.actor.country is None and direct.actor.name is None
                              and direct.actor.code == direct.actor.sector):
            # "the regime", "its troops": a sector whose country was named earlier;
            # "police in Manila": a domestic actor placed by the sentence.
            return self._refer_back(head) or self._placed(head, direct) or direct
        return direct

    def _placed(self, head: Token, mention: Mention | None) -> Mention | None:
        """A sector-only actor takes the country of a place in its own phrase ("authorities
        in Wyoming") or, failing that, of the one place its sentence names."""
        if mention is None or self.gazetteer is None:
            return None
        own = [ent for ent in head.doc.ents if ent.label_ in {"GPE", "LOC"}
               and any(t.i in {c.i for c in head.subtree} for t in ent)]
        sentence = [ent for ent in head.sent.ents if ent.label_ in {"GPE", "LOC"}]
        for ents, why in ((own, "a place in its phrase"), (sentence, "a place in its sentence")):
            places = {e.text: loc.country for e in ents
                      if (loc := self.gazetteer.lookup(e.text)) is not None and loc.country}
            if len(set(places.values())) == 1:
                place, country = next(iter(places.items()))
                return self._with_country(head, mention, country, f"{why}, '{place}'")
        # The only state the sentence names: "President Ilir Meta" in a story on Albania.
        named = {entry.code: span.text for span in self.spans
                 if head.sent.start <= span.start < head.sent.end
                 for entry in self.kb.entries.get(span.label_, [])
                 if entry.kind in {"country", "adjective", "capital"}}
        if len(named) == 1:
            country, words = next(iter(named.items()))
            return self._with_country(head, mention, country, f"the only state in its "
                                      f"sentence, '{words}'")
        return None

    def _with_country(self, head: Token, mention: Mention, country: str, why: str) -> Mention:
        actor = mention.actor.in_country(
            country, f"{mention.actor.evidence}; country {country} from {why}")
        return replace(mention, actor=actor, head=head)

    def resolve_all(self, head: Token, *, as_place: bool = False) -> list[Mention]:
        """Every actor a phrase names: a pair ("both sides"), or one per country in
        "Iranian and Saudi officials"; else the single actor, if any."""
        pair = self.resolve_group(head)
        if pair:
            return pair
        mention = self.resolve(head, as_place=as_place)
        if mention is None:
            return []
        return [mention, *self._coordinated_countries(head, mention)]

    def _coordinated_countries(self, head: Token, mention: Mention) -> list[Mention]:
        """The other countries of "Iranian and Saudi officials" (adjectives joined by "and")."""
        if mention.actor.country is None or mention.actor.name is not None:
            return []
        ids = {t.i for t in np_tokens(head)}
        if not any(t.dep_ == "cc" for t in head.doc[min(ids):max(ids) + 1]):
            return []
        others = []
        for span in self.spans:
            if span.start not in ids:
                continue
            for entry in self.kb.entries.get(span.label_, []):
                if entry.kind in {"adjective", "country"} and entry.code not in (
                        mention.actor.country, *(o.actor.country for o in others)):
                    actor = mention.actor.in_country(
                        entry.code, f"{entry.kind} '{span.text}' = {entry.code} "
                                    f"(coordinated with {mention.actor.country})")
                    others.append(replace(mention, actor=actor))
        return others

    def resolve_group(self, head: Token) -> list[Mention]:
        """ "the two sides", "both countries": the last two distinct actors named."""
        words = {t.lower_ for t in np_tokens(head)}
        if head.lower_ not in _PAIR_WORDS or not words & _PAIR_DETERMINERS:
            return []
        seen: dict[str, Mention] = {}
        for mention in reversed(self._recent(head)):
            key = mention.actor.country or mention.actor.code
            if key not in seen:
                seen[key] = mention
            if len(seen) == 2:
                break
        if len(seen) < 2:
            return []
        return [self._pointer(head, m, "the pair") for m in reversed(seen.values())]

    def observe(self, sentence: Span, index: int) -> None:
        """Remember the actors named in a sentence (call before coding it)."""
        self.sentence_index = index
        if self._chunks is None:
            # Span.noun_chunks walks the whole document's chunks for every sentence.
            self._chunks = list(sentence.doc.noun_chunks)
        for chunk in self._chunks:
            if chunk.start < sentence.start or chunk.end > sentence.end:
                continue
            root = chunk.root
            if root.dep_ == "pobj" and root.head.lower_ in _PLACE_PREPOSITIONS:
                continue  # "arrived in Beijing": a place, not a participant
            mention = resolve_token(root, self.spans, self.kb, self.on)
            if mention is not None:
                for each in (mention, *self._coordinated_countries(root, mention)):
                    self.history.append((index, each))

    def _recent(self, head: Token) -> list[Mention]:
        """Actors named before `head` in this or the last few sentences, oldest first; never
        a co-argument of the same verb ("Turkey condemned the regime" is not Turkey's)."""
        verb = clause_verb(head)
        return [m for i, m in self.history
                if m.head.i < head.i and self.sentence_index - i <= _WINDOW
                and clause_verb(m.head).i != verb.i]

    def _refer_back(self, head: Token) -> Mention | None:
        lower = head.lower_
        recent = self._recent(head)
        if head.pos_ == "PRON" and lower in _PERSON_PRONOUNS:
            person = next((m for m in reversed(recent) if m.actor.name), None)
            return None if person is None else self._pointer(head, person, "pronoun")
        tokens = np_tokens(head)
        owner = next((t for t in tokens if t.dep_ == "poss" and t.pos_ == "PRON"), None)
        if owner is not None and owner.lower_ in {"its", "their"}:
            state = next((m for m in reversed(recent) if m.actor.country), None)
            sector = self._sector_of(tokens)
            if state is not None and sector:
                actor = Actor(code=state.actor.country + sector, country=state.actor.country,
                              sector=sector, evidence=f"'{owner.text}' = {state.actor.country} "
                              f"('{state.text}'); sector {sector}")
                return mention_of(head, tokens, actor)
        definite = any(t.lower_ == "the" for t in tokens)
        if definite and (lower in _GOVERNMENT_WORDS or lower in _STATE_WORDS):
            state = next((m for m in reversed(recent) if m.actor.country), None)
            if state is None:
                return None
            sector = _GOVERNMENT_WORDS.get(lower)
            actor = Actor(code=state.actor.country + (sector or ""),
                          country=state.actor.country, sector=sector,
                          evidence=f"'{head.text}' = {state.actor.country} "
                                   f"(refers to '{state.text}')")
            return mention_of(head, tokens, actor)
        return None

    def _sector_of(self, tokens: list[Token]) -> str | None:
        ids = {t.i for t in tokens}
        for span in self.spans:
            if span.start in ids:
                for entry in self.kb.entries.get(span.label_, []):
                    if entry.kind == "sector":
                        return entry.sector
        return None

    def _pointer(self, head: Token, antecedent: Mention, why: str) -> Mention:
        tokens = np_tokens(head)
        actor = replace(antecedent.actor, evidence=f"{why} '{head.text}' refers to "
                        f"'{antecedent.text}': {antecedent.actor.evidence}")
        return mention_of(head, tokens or [head], actor)
