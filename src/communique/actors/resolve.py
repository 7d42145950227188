"""Resolve noun phrases to actors: country + sector (+ person), with the words that said so."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz, process
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..models import Actor
from .kb import LEADER_ROLES, Entry, KnowledgeBase, Role, is_acronym, normalize

# Dependents that belong to a noun phrase naming an actor ("the Syrian foreign minister").
_NP_DEPS = {"det", "amod", "compound", "poss", "nmod", "nummod", "quantmod", "appos", "flat",
            "case", "punct", "npadvmod"}
_CLAUSES = {"relcl", "acl", "advcl"}
# Prepositions that say what a person deals with, not whom they belong to.
_TOPIC_PREPS = {"on", "about", "over", "regarding", "against", "toward", "towards"}
_PLACE_LABELS = {"GPE", "LOC", "FAC", "NORP"}
_BODY_LABELS = _PLACE_LABELS | {"ORG"}
_PERSON_KINDS = {"person"}
FORMER_WORDS = {"former", "ex", "ex-"}
_AGENCY_HEADS = {"department", "ministry", "agency", "authority", "administration", "bureau",
                 "commission", "directorate", "secretariat", "office", "council", "service"}
# People who speak or act for the office their modifiers name.
_PROXY_HEADS = {"aide", "adviser", "advisor", "spokesman", "spokeswoman", "spokesperson",
                "deputy", "assistant", "envoy", "emissary", "representative", "delegation"}
# Titles that name a person's office without naming which one.
_TITLES = {"leader", "ruler", "strongman", "head of state", "general", "commander"}
_GOVERNING = {"government", "administration", "regime", "cabinet"}
# People on a body's payroll: "government employees", "a consulate employee" are the body's;
# with no body named they are labour (LAB), the sector "employees" has of its own.
_STAFF = {"employee", "staff", "staffer", "personnel"}
# Sectors of people words ("civilian", "workers"), which name no body to work for.
_PEOPLE_SECTORS = {"LAB", "CVL"}
# The last word of a political party's name ("All Pakistan Muslim League", "Zambian Liberal
# Party"), and words that make such a name a sports body instead ("Kenyan Premier League").
_PARTY_WORDS = {"party", "league"}
_NOT_PARTIES = {"premier", "champions", "football", "soccer", "rugby", "super", "major", "minor",
                "europa", "nations", "basketball", "baseball", "hockey", "cricket", "ivy",
                "little", "tea", "american", "national", "english"}
_DIPLOMATS = {"ambassador", "envoy", "representative", "delegate", "delegation", "diplomat",
              "mission", "emissary"}
_FORMER_SECTORS = {"GOV", "MIL", "LEG", "JUD", "COP"}
# Attacks only armed forces make (see air_attack).
_AIR_ATTACKS = frozenset({"airstrike", "air-strike", "bombardment", "shelling", "airraid"})
_AIR_WEAPONS = frozenset({"air", "aerial", "missile", "drone", "rocket", "artillery"})
# What a state's armed forces fight with: "Syria's chemical weapons".
ARMS = frozenset({"weapon", "missile", "arsenal", "warship", "warplane", "submarine", "drone",
                  "rocket", "artillery"})
# What a state leads in war ("the Saudi-led coalition"; not "U.S.-led talks").
_WAR_HEADS = frozenset({"coalition", "strike", "offensive", "operation", "campaign", "force",
                        "intervention", "blockade", "raid", "assault", "attack", "invasion",
                        "bombing", "airstrike"})
# Forms of address inside a name the NER finds ("Mr Erdogan"), which name no one else.
_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "sir", "dame", "lord", "lady", "sheikh",
                         "mullah", "imam", "mme", "herr", "señor", "senor"})
# Words for a family that a surname names: "the Colombo family" is not of Colombo.
_FAMILIES = frozenset({"family", "clan", "dynasty"})
# Nouns that make a name before them a place ("Maungtaw district", "Idlib province").
DIVISIONS = frozenset({"district", "province", "county", "prefecture", "governorate",
                       "municipality", "village", "township", "region", "oblast"})
# Bodies whose officials, leaders and negotiators are the body's, not the government's.
_OWN_OFFICERS = frozenset({"REB", "UAF", "OPP", "CRM", "LAB", "LEG", "BUS", "EDU", "MED", "HLH",
                           "NGO", "HRI", "REL", "PTY"})
_NAMED_KINDS = {"person", "country", "capital", "metonym", "org", "group", "institution",
                "region"}
# "Russia-backed", "U.N.-supported": the backer named before these is not the actor.
BACKED_WORDS = {"backed", "supported", "sponsored", "funded", "allied", "aligned", "armed",
                "trained", "installed", "brokered", "mediated", "based", "occupied",
                "controlled"}


@dataclass(frozen=True)
class Mention:
    """An actor found in a sentence: the resolved actor and the exact words."""

    actor: Actor
    start: int  # character offsets in the document
    end: int
    text: str
    head: Token


def same_actor(a: Mention, b: Mention) -> bool:
    """One actor on both sides: the same words, the same person or body, or a word that
    refers back to the other. Two bodies sharing a code stay apart ("the Kerala government
    signed a deal with the Tamil Nadu government")."""
    if a.start == b.start:
        return True
    if a.actor.code != b.actor.code or a.actor.name != b.actor.name:
        return False
    pointer = "refers to" in a.actor.evidence or "refers to" in b.actor.evidence
    return pointer or a.actor.name is not None or a.text.lower() == b.text.lower() or (
        a.actor.sector is None)


# Label suffixes of a phrase that is both a word and an acronym (see ActorMatcher).
_WORD, _ACRONYM = " (word)", " (acronym)"


class ActorMatcher:
    """Finds every knowledge-base phrase in a parsed document (longest match wins)."""

    def __init__(self, nlp: Language, kb: KnowledgeBase) -> None:
        """Build a case-insensitive phrase matcher over every KB phrase."""
        self.kb = kb
        self.loose = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        # A word and an acronym spelt alike ("Inc" and INC, Nigeria's Imo and the IMO) get
        # a label each, so that "Apple Inc" is not India's Congress party.
        self.clashes = {key: forms for key, forms in kb.exact.items() if key in kb.loose}
        for key in self.clashes:
            entries = kb.entries.get(key, [])
            kb.entries[key + _WORD] = [e for e in entries if not is_acronym(e.phrase)]
            kb.entries[key + _ACRONYM] = [e for e in entries if is_acronym(e.phrase)]
        loose = sorted(kb.loose)
        # Tokenised as written: the tokenizer keeps "Inc." and "Corp." whole, not "inc.".
        written = [next((e.phrase.strip() for e in kb.entries.get(key, [])
                         if normalize(e.phrase) == key), key) for key in loose]
        for key, pattern in zip(loose, nlp.tokenizer.pipe(written), strict=True):
            self.loose.add(key + _WORD if key in self.clashes else key, [pattern])
        for key, forms in kb.exact.items():
            label = key + _ACRONYM if key in self.clashes else key
            self.exact.add(label, list(nlp.tokenizer.pipe(sorted(forms))))

    def __call__(self, doc: Doc) -> list[Span]:
        """KB phrase spans in the doc, non-overlapping, each labelled with its phrase key."""
        spans = [Span(doc, start, end, label=key)
                 for matcher in (self.loose, self.exact)
                 for key, start, end in matcher(doc)]
        if self.clashes:  # "INC" in capitals is the acronym only
            spans = [s for s in spans if not s.label_.endswith(_WORD)
                     or s.text not in self.clashes[s.label_.removesuffix(_WORD)]]
        spans = [s for s in filter_spans(spans) if self._plausible(s)]
        spans = self._spelling_variants(doc, spans)
        return self._short_names(doc, spans)

    def _spelling_variants(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """People the NER found but no KB phrase matched: "Kim Jong-eun", "al-Moallem"."""
        taken = span_tokens(spans)
        extra = []
        for ent in doc.ents:
            if ent.label_ != "PERSON" or any(i in taken for i in range(ent.start, ent.end)) or (
                    normalize(ent.text) in self.kb.entries):
                continue  # "the Colombo family" is no misspelt Collomb: Colombo is a KB word
            key = fuzzy_person(self.kb, ent.text)
            if key is not None:
                extra.append(Span(doc, ent.start, ent.end, label=key))
        return sorted(spans + extra, key=lambda s: s.start) if extra else spans

    def _short_names(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """After "Kim Jong Un" or "Walid Muallem", a bare "Kim" or "Muallem" in the same
        document is that person (the first or last word of the full name, as NER tags it)."""
        short: dict[str, str] = {}
        for span in spans:
            for entry in self.kb.entries.get(span.label_, []):
                if entry.kind == "person" and entry.name and len(entry.name.split()) > 1:
                    words = entry.name.split()
                    full = normalize(entry.name)
                    key = full if full in self.kb.entries else span.label_
                    short.setdefault(words[0], key)
                    short.setdefault(words[-1], key)
        if not short:
            return spans
        taken = span_tokens(spans)
        # Only a name standing alone: the "John" of "John Bruton" is not John Major.
        alone = {e.start for e in doc.ents if e.label_ == "PERSON" and len(e) == 1}
        extra = [Span(doc, t.i, t.i + 1, label=short[t.text]) for t in doc
                 if t.text in short and t.i not in taken and t.i in alone]
        return sorted(spans + extra, key=lambda s: s.start)

    def _someone_else(self, span: Span, entries: list[Entry]) -> bool:
        """A one-word alias inside a longer name whose other words are none of the known
        person's names or titles: another person."""
        ent = next((e for e in span.doc.ents if e.start <= span.start < e.end), None)
        if ent is None or len(ent) == 1:
            return False
        # A name's first three letters stand for its spellings ("Vladimir" Filat is Vlad).
        names = {normalize(w)[:3] for e in entries
                 for w in (e.name or "").replace("-", " ").split()}
        others = {normalize(t.text).rstrip(".") for t in ent if t.i != span.start and t.is_alpha}
        return bool(others) and not {w[:3] for w in others} & names and not any(
            w in _HONORIFICS or any(e.kind == "sector" for e in self.kb.lookup(w))
            for w in others)

    def _plausible(self, span: Span) -> bool:
        entries = self.kb.entries.get(span.label_, [])
        if len(span) == 1 and span[0].ent_type_ == "PERSON" and all(
                e.kind == "person" for e in entries) and self._someone_else(span, entries):
            return False  # "Gul Rahman" is not Abdullah Gul, nor "Abu Bakar Bashir" al-Bashir
        if span.label_ in self.kb.exact and span.text[1:].islower() and (
                span[0].ent_type_ not in _BODY_LABELS):
            return False  # "Nato" written as a word is the alliance only where NER finds a body
        if not any(t.text[:1].isupper() for t in span):
            # Names are capitalised: "moon" and "abe" in lower case are not Moon and Abe.
            entries = [e for e in entries if e.kind not in _NAMED_KINDS]
        root = span.root
        if root.dep_ == "compound" and root.head.lemma_.lower() in _FAMILIES and any(
                c.lower_ == "the" for c in root.head.children) and all(
                e.kind in {"capital", "region"} for e in entries):
            return False  # "the Colombo family": a family's name, not Sri Lanka's capital
        if any(not e.caution for e in entries):
            return True
        # Cautious names (Jordan, Chad, Georgia...) count only when the NER says "place", or
        # when a state owns a place ("Niger's Maradi region", which the NER takes for people).
        return bool(entries) and (any(t.ent_type_ in _PLACE_LABELS for t in span) or (
            root.dep_ == "poss" and root.head.lemma_.lower() in DIVISIONS | {"capital"}
            and any(e.kind == "country" for e in entries)))


# Names asked about are remembered up to this many; news repeats names across documents.
_FUZZY_CACHE = 20_000


def fuzzy_person(kb: KnowledgeBase, text: str) -> str | None:
    """The KB person alias closest to a name, if close enough to be a spelling variant."""
    cache = kb.fuzzy_cache
    if text not in cache:
        if len(cache) >= _FUZZY_CACHE:
            cache.clear()
        cache[text] = _closest_person(kb, text)
    return cache[text]


def _closest_person(kb: KnowledgeBase, text: str) -> str | None:
    query = normalize(text.removeprefix("al-").removeprefix("Al-"))
    if len(query) < 5:
        return None
    single = " " not in query
    cutoff = 85 if single else 88
    # fuzz.ratio is 100 * (1 - indel distance / (m + n)) and the distance is at least
    # |m - n|, so at most 200 * min(m, n) / (m + n): names whose length alone keeps them
    # under the cutoff cannot be the answer (one character of slack either way).
    size = len(query)
    low = math.ceil(cutoff * size / (200 - cutoff)) - 1
    high = math.floor(size * (200 - cutoff) / cutoff) + 1
    names = kb.person_keys_of_length(max(low, 0), high)
    best = process.extractOne(query, names, scorer=fuzz.ratio, score_cutoff=cutoff)
    if best is None:
        return None
    key = best[0]
    if single and (" " in key or key[0] != query[0]):
        return None  # a lone surname only matches a lone surname with the same initial
    return key


# What ends a dateline ("SAN FRANCISCO - ", "Cebu City--", "MANILA: ", "JAKARTA (Agencies):").
DATELINE_MARKS = frozenset({"-", "--", "—", "–", ":", "):"})


def dateline_end(sentence: Span) -> int | None:
    """Where a dateline or agency line opening a sentence ends ("Davao City--Police have",
    "MANILA (Reuters) - Rescuers", "Geneva, Oct 3, IRNA - Iran's"): the index of its
    mark in the sentence, else None."""
    lead = list(sentence[:12])
    end = next((i for i, t in enumerate(lead) if t.text in DATELINE_MARKS), None)
    if end is None and len(lead) > 4 and lead[0].is_upper and lead[1].text == "(" and (
            lead[3].text == ")"):
        end = 3  # "WASHINGTON (CBS) America Online ...": a town in capitals and its agency
    if not end or end + 1 >= len(lead) or not lead[end + 1].text[:1].isupper():
        return None
    mark = lead[end]
    if mark.text == "-" and not (mark.whitespace_ and lead[end - 1].whitespace_):
        return None  # "Saudi-Iranian talks", not a dateline
    # Capitalised words, punctuation and the numbers of a date ("LONDON, England, Monday,
    # Sept. 20: ...", "DECEMBER 01, 2004 (REUTERS) - ...").
    if not all(t.text[:1].isupper() or t.is_punct or t.like_num for t in lead[:end]):
        return None
    return end


def span_tokens(spans: Iterable[Span]) -> set[int]:
    """The indices of every token inside some spans."""
    return {i for span in spans for i in range(span.start, span.end)}


def np_tokens(head: Token) -> list[Token]:
    """The tokens of the noun phrase headed by `head`, without clauses or other preps."""
    keep = [head]
    for child in head.children:
        if child.dep_ == "appos":
            if head.ent_type_ in {"GPE", "LOC"} and child.ent_type_ == "PERSON":
                # "aircraft back from Syria, Defense Minister Sergei Shoigu announced": a person
                # is never a place's apposition, only the speaker the parse hung on it.
                continue
            # An apposition is a noun phrase of its own: "Qasem Soleimani, Tehran's
            # pointman on Iraq" is Tehran's, whatever he is a pointman on.
            keep.extend(_apposition(child))
        elif child.dep_ in _NP_DEPS or child.dep_ == "prep" and child.lower_ == "of":
            keep.extend(_without_clauses(child))
    keep.sort(key=lambda t: t.i)
    if any(t.text in DATELINE_MARKS for t in keep):
        # "Reuters - Israel dealt ...", "AFP - Bosnian Serb Prime Minister ...": the
        # agency or dateline is not part of the actor's name.
        sent = head.sent  # spaCy finds a token's sentence anew on every call
        end = dateline_end(sent)
        if end is not None and head.i > sent.start + end:
            keep = [t for t in keep if t.i > sent.start + end]
    # Trim leading/trailing punctuation and line breaks (wire text parses a "\n" as a word
    # of the phrase) so the text is a clean substring of its sentence.
    while keep and (keep[0].is_punct or keep[0].is_space):
        keep.pop(0)
    while keep and (keep[-1].is_punct or keep[-1].is_space):
        keep.pop()
    return keep


def _apposition(token: Token) -> list[Token]:
    """An apposition less its clauses and what it is about ("pointman on Iraq"); what it
    works for stays ("the adviser to the U.N.'s refugee agency")."""
    keep = [token]
    for child in token.children:
        if child.dep_ not in _CLAUSES and not (
                child.dep_ == "prep" and child.lower_ in _TOPIC_PREPS):
            keep.extend(_without_clauses(child))
    return keep


def _without_clauses(token: Token) -> list[Token]:
    """A subtree less its relative and adverbial clauses ("a Guatemalan migrant who died in
    U.S. custody" is a Guatemalan migrant)."""
    keep = [token]
    for child in token.children:
        if child.dep_ not in _CLAUSES:
            keep.extend(_without_clauses(child))
    return keep


def _leader(head: Token) -> list[Token]:
    """People named in "led by X" or "headed by X" after a group noun."""
    found: list[Token] = []
    for child in head.children:
        if child.dep_ == "acl" and child.lemma_ in {"lead", "head"}:
            for agent in child.children:
                if agent.dep_ == "agent":
                    found.extend(t for t in agent.subtree)
    return found


def resolve_phrase(tokens: Iterable[Token], spans: list[Span], kb: KnowledgeBase,
                   on: date | None, *, as_place: bool = False, extra: Iterable[Token] = (),
                   head: Token | None = None) -> Actor | None:
    """Combine the KB matches inside some tokens into one actor, or None if none is there.

    With no country, organisation or person, a sector word makes an actor only when it is the
    phrase's head ("the rebels"), not a modifier ("military sites", "government buildings").
    """
    extra_ids = {t.i for t in extra}
    ids = {t.i for t in tokens} | extra_ids
    if not ids:
        return None
    # Only spans inside the tokens' range can lie within them: a cheap test first.
    low, high = min(ids), max(ids) + 1
    inside = [s for s in spans if low <= s.start and s.end <= high
              and all(i in ids for i in range(s.start, s.end))]
    if not inside:
        return None
    found: list[tuple[Span, Entry]] = []
    for span in inside:
        backer = _backer(span, ids)
        for entry in kb.entries.get(span.label_, []):
            # "EU-based airlines" are not the EU, but a "Paris-based firm" is in France.
            if backer and backer != "led" and (backer != "based" or entry.kind in {"org",
                                                                                  "group"}):
                continue
            found.append((span, entry))
    if all(entry.kind == "region" for _, entry in found):
        # A region alone ("crossed into Ukraine from Crimea") is a place; it only places
        # an actor named with it ("New Mexico's chief justice", "Texas officials").
        return None
    country = sector = name = org = None
    # Out of office on the date, a person is an elite (ELI) unless the phrase gives what
    # they are now ("opposition leader Morgan Tsvangirai", "rebels loyal to Riek Machar",
    # "Housing Minister Ariel Sharon" in a story from his time in that office).
    elite_by_default = in_office = False
    person: Span | None = None
    evidence: list[str] = []
    # People first: a known office-holder fixes country and sector for the date.
    for span, entry in found:
        if entry.kind in _PERSON_KINDS and name is None:
            if kb.before_first_office(entry.name or "", on):
                continue  # a namesake: this person held no office yet
            held = kb.roles_of(entry.name or "", on)
            name, person = entry.name, span
            body = _own_body(span, found)
            if body is not None and not any(r.code == body.code for r in held):
                # "European Council president Charles Michel", "UN envoy Ghassan Salame":
                # an international body's office named before the person is the body's.
                org = body.code
                evidence.append(f"person '{span.text}' = {entry.name} ({body.phrase} "
                                f"{body.code})")
                continue
            roles = held or _titled_role(kb, entry.name or "", found)
            in_office = bool(held)
            title = _own_title(span, found) if held else None
            titled = [r for r in held if title is not None and (
                r.sector == title.sector or r.role == title.role)]
            # "Sen. John Kerry" in an undated story: of his offices, the one his title names.
            roles = titled or roles
            if roles and roles[0].country in kb.country_names:
                country, sector = roles[0].country, roles[0].sector
                if title is not None and not titled:
                    # "Army chief Abdel Fattah al-Sisi": the title says what the story
                    # reports him as, whatever office the date finds him in.
                    sector = title.sector
                    evidence.append(f"title '{title.phrase}' = {title.sector}")
            elif roles:
                org = roles[0].code  # an organisation's officer, e.g. the UN Secretary-General
            else:
                country = entry.code if entry.code in kb.country_names else None
                # Out of office after holding one: CAMEO's elite (ELI), not the government.
                sector = "ELI" if country and kb.roles.get(entry.name or "") else None
                elite_by_default = sector == "ELI"
            office = (f"{roles[0].role or 'code'} {roles[0].code}" if roles
                      else "no office then, a former office-holder")
            evidence.append(f"person '{span.text}' = {entry.name} ({office})")
    # "U.S. deputy UN ambassador", "France's envoy to the EU": a state's diplomat posted to
    # an organisation speaks for the state.
    # The one named first is whose envoy it is: "the UN envoy for Somalia" is the UN's.
    envoy = next((t.i for t in tokens if t.lemma_.lower() in _DIPLOMATS), None)
    national = envoy is not None and any(
        e.kind in {"country", "adjective"} and (s.start < envoy or not any(
            b.start <= envoy and o.kind in {"org", "group"} for b, o in found))
        for s, e in found)
    # "Some 30 thousand Syrians, Sought Refuge in the EU" (a title-case headline the parse
    # takes for an apposition): a people named at the head is the actor, not a body after it.
    people = head is not None and any(e.kind == "adjective" and s.start <= head.i < s.end
                                      for s, e in found)
    for span, entry in found:
        if people and _in_apposition(span, head):
            continue
        if entry.kind in {"org", "group"} and org is None and country is None and not national:
            # A non-governmental body's sector says what it does (HRI for Amnesty).
            org = entry.code
            sector = entry.sector if entry.kind == "group" or entry.sector not in (
                None, "", "IGO") else None
            country = kb.group_countries.get(entry.code or "") if entry.kind == "group" else None
            name = name or entry.name
            evidence.append(f"{'armed group' if entry.kind == 'group' else 'organisation'} "
                            f"'{span.text}' = {entry.code}")
    institution = False
    for span, entry in found:
        if entry.kind == "institution" and org is None and country is None:
            institution = True
            country, sector = entry.code, entry.sector
            name = name or entry.name
            evidence.append(f"institution '{span.text}' = {entry.code} {entry.sector}")
    if country is None and org is None and name is None and head is not None and (
            head.lemma_.lower() in _GOVERNING):
        country, name = _leaders_government(kb, head, inside, evidence)
    for kind in ("country", "adjective", "metonym", "capital", "region"):
        for span, entry in found:
            if entry.kind == kind and entry.code and country is None and org is None:
                country = entry.code
                evidence.append(f"{kind} '{span.text}' = {entry.code}")
                if kind == "metonym" or (kind == "capital" and not as_place):
                    sector = sector or entry.sector
    if sector is None and country is not None and org is None and name is None and (
            head is not None and (air_attack(head) or head.lemma_.lower() in _WAR_HEADS and any(
                _backer(s, ids) == "led" for s, e in found if e.code == country))):
        # "the Saudi-led coalition", "Russian air strikes": what a state leads in war, or
        # strikes from the air with, is its armed forces.
        sector = "MIL"
        evidence.append("a state's war = MIL")
    named_first: Span | None = None  # the sector word that set the sector
    for span, entry in found:
        if entry.kind == "sector" and span.start not in extra_ids and org is None and not (
                _led_body(span, found, entry)):
            at_head = head is not None and span.start <= head.i < span.end
            # "the Trinamool Congress government": a party's government is the government.
            governing = at_head and head.lemma_.lower() in _GOVERNING
            # "US army and intelligence services": two bodies sharing a noun; the
            # first named is the actor.
            shared = named_first is not None and any(
                t.dep_ == "cc" and named_first.end <= t.i < span.start for t in tokens)
            # "a senior Yemeni rebel official", "Senate negotiators": an office of a body
            # that is not the executive belongs to that body.
            officer = (at_head and entry.sector == "GOV" and sector in _OWN_OFFICERS
                       and not governing)
            # "a Turkish consulate employee": staff are the body's they work for.
            employer = next((e.sector for s, e in found if e.kind == "sector"
                             and s.start != span.start and e.sector not in _PEOPLE_SECTORS),
                            None) if len(span) == 1 and span.root.lemma_.lower() in _STAFF else None
            # "opposition politicians": the opposition says more than the generic party.
            opposing = sector == "OPP" and entry.sector == "PTY"
            # "Democratic Party lawmakers": a party's legislators sit in the legislature.
            legislators = at_head and institution and sector == "PTY" and entry.sector == "LEG"
            if employer:
                sector = employer  # whatever people word came first ("civilian employees")
                evidence.append(f"'{span.text}' of the body named = {employer}")
                continue
            if not officer and not opposing and (sector is None or governing or (
                    sector == "GOV" and entry.sector != "GOV" and name is None) or (
                    at_head and not institution and not shared and (
                        name is None or _behind(person, head))) or (
                    elite_by_default or legislators)):
                sector = entry.sector
                named_first = span
                elite_by_default = False  # the first title tells; "former" still makes ELI
            evidence.append(f"sector '{span.text}' = {entry.sector}")
    if sector is None and org is None and head is not None and head.text[:1].isupper() and (
            head.lemma_.lower() in _AGENCY_HEADS):
        sector = "GOV"  # "the Department of Transportation", "the Export Zones Authority"
        evidence.append(f"agency '{head.text}' = GOV")
    if sector is None and country is not None and head is not None and (
            head.lemma_.lower() in _PROXY_HEADS | _DIPLOMATS):
        sector = "GOV"  # "France's representative to the UNSC": a state's envoy
        evidence.append(f"'{head.text}' of a state = GOV")
    party = _unknown_party(tokens, inside)
    if party is not None and org is None and not institution and not in_office and (
            sector in {None, "GOV"} or elite_by_default) and not (
            head is not None and head.lemma_.lower() in _GOVERNING):
        # "A delegation of the All Pakistan Muslim League", "the president of the Zambian
        # Liberal Party": a party's officers, a party the knowledge base does not know.
        sector = "PTY"
        evidence.append(f"party '{party.text}' = PTY")
    if head is not None and head.lemma_.lower() in _STAFF and sector == "LAB" and (
            _firm(head, ids, inside)):
        sector = "BUS"  # "70 employees of Wargaming": a named employer the KB lacks
        evidence.append(f"'{head.text}' of a firm = BUS")
    if sector == "GOV" and name is None and head is not None and (
            air_attack(head) or head.lemma_.lower() in ARMS):
        sector = "MIL"  # "Syrian government shelling", "government missiles": its forces
        evidence.append("a government's arms = MIL")
    if sector in _FORMER_SECTORS and any(t.lower_ in FORMER_WORDS for t in tokens):
        sector = "ELI"  # CAMEO codes former office-holders as elites
        evidence.append("'former' = ELI")
    if country is None and org is None and sector is None:
        return None
    named_body = head is not None and head.pos_ == "PROPN" and any(
        e.kind == "sector" and head.doc[s.start].head == head and head.doc[s.start].dep_ ==
        "compound" for s, e in found)  # "Arrow Freight Holdings Inc", "Grameen Bank"
    if country is None and org is None and name is None and head is not None and not any(
            s.start <= head.i < s.end for s, e in found if e.kind == "sector") and not (
            _stands_for_modifier(head) or named_body):
        return None
    if name is None:
        people = [t for t in tokens if t.ent_type_ == "PERSON"]
        if people:
            name = " ".join(t.text for t in people)
    code = org or (country or "") + (sector or "")
    return Actor(code=code, country=country, sector=sector, name=name,
                 evidence="; ".join(evidence))


def _backer(span: Span, ids: set[int]) -> str | None:
    """The participle after "X-" when a name is a backer or base, not the actor itself:
    "backed" in "Russia-backed", "based" in "EU-based"; "led" in "Saudi-led", whose name
    is the actor; None otherwise, and None when the phrase is the name alone ("UN" marked
    in "the UN-brokered ceasefire")."""
    doc = span.doc
    if span.end + 1 in ids and doc[span.end].text == "-" and (
            doc[span.end + 1].lower_ in BACKED_WORDS | {"led"}):
        return doc[span.end + 1].lower_
    return None


def air_attack(token: Token) -> bool:
    """An attack from the air or by guns that only armed forces have: "airstrike",
    "shelling", "air strikes", "a missile strike"."""
    lemma = token.lemma_.lower()
    return token.pos_ == "NOUN" and (lemma in _AIR_ATTACKS or lemma in {"strike", "raid"} and any(
        c.dep_ in {"compound", "amod"} and c.lower_ in _AIR_WEAPONS for c in token.children))


def _stands_for_modifier(head: Token) -> bool:
    """Heads that are the actor their sector word names: a titled name ("President Ilir
    Meta"), an aide or spokesman of one ("the Senate President's aide"), or a named body
    ("the Senate Committee on Trade")."""
    lemma = head.lemma_.lower()
    return (head.ent_type_ == "PERSON" and head.pos_ == "PROPN" or lemma in _PROXY_HEADS
            or head.text[:1].isupper() and lemma in _AGENCY_HEADS | {"committee"})


def _led_body(span: Span, found: list[tuple[Span, Entry]], entry: Entry) -> bool:
    """A bare title ("leader", "commander") of a body named before it that the knowledge
    base does not know ("Welfare Party (RP) leader"): the title is that body's, not a
    state's."""
    if entry.phrase.lower() not in _TITLES:
        return False
    known = span_tokens(s for s, _ in found)
    return any(c.dep_ in {"compound", "nmod", "poss"} and c.pos_ == "PROPN" and c.i < span.start
               and c.i not in known and c.ent_type_ not in {"PERSON", "GPE", "NORP", "LOC"}
               for c in span.root.children)


def _behind(person: Span | None, head: Token | None) -> bool:
    """A person named in a phrase hanging off the head ("rebels loyal to Riek Machar",
    "troops loyal to Laurent Gbagbo"): the head's people, not the person, are the actor."""
    if person is None or head is None:
        return False
    node = person.root
    while node.i != head.i and node.head.i != node.i:
        if node.dep_ == "prep":
            return True
        node = node.head
    return False


def _own_title(person: Span, found: list[tuple[Span, Entry]]) -> Entry | None:
    """The title written just before a person's name ("Army chief" in "Army chief Abdel
    Fattah al-Sisi"): a sector word naming an office (one with a role), not an occupation
    ("activist", "lawyer"), a bare "leader" or "general", nor a "former" office (those say
    what the person is or was, not the office the story reports)."""
    return next((e for s, e in found if s.end == person.start and _names_office(e)
                 and e.phrase.lower() not in _TITLES), None)


def _names_office(entry: Entry) -> bool:
    """A sector word for an office someone holds now (one with a role, not ELI)."""
    return entry.kind == "sector" and bool(entry.role) and entry.sector not in (None, "ELI")


def _in_apposition(span: Span, head: Token) -> bool:
    """True when a span lies in an apposition of the head ("Syrians, refugees in the EU")."""
    node = span.root
    while node.i != head.i and node.head.i != node.i:
        if node.dep_ == "appos" and node.head.i == head.i:
            return True
        node = node.head
    return False


def _leaders_government(kb: KnowledgeBase, head: Token, inside: list[Span],
                        evidence: list[str]) -> tuple[str | None, str | None]:
    """ "Clinton Administration", "the Bush government": a surname the knowledge base does
    not take alone (two Clintons, two Bushes) before a governing noun names the government
    of the state its leaders of that name led; (country, the leader if only one), else
    (None, None)."""
    known = span_tokens(inside)
    for child in head.children:
        if child.dep_ != "compound" or child.pos_ != "PROPN" or child.i in known:
            continue
        leaders = kb.leaders_named(child.text)
        states = {r.country for person in leaders for r in kb.roles.get(person, [])
                  if r.role in LEADER_ROLES}
        if len(states) == 1:
            state = next(iter(states))
            evidence.append(f"'{child.text} {head.text}' = the government of {state}'s "
                            f"leader {' or '.join(sorted(leaders))}")
            return state, (next(iter(leaders)) if len(leaders) == 1 else None)
    return None, None


def _own_body(person: Span, found: list[tuple[Span, Entry]]) -> Entry | None:
    """An international body named just before a person's name, alone ("UN envoy") or with
    the title of its office ("European Council president"); not with a diplomat's title
    ("UN ambassador Nikki Haley" is her state's), nor after a state ("Polish EU official")."""
    start = person.start
    title = next((s for s, e in found if s.end == start and _names_office(e)
                  and s.root.lemma_.lower() not in _DIPLOMATS), None)
    if title is not None:
        start = title.start
    body = next(((s, e) for s, e in found if e.kind == "org" and s.end == start), None)
    if body is None or any(e.kind in {"country", "adjective"} and s.start < body[0].start
                           for s, e in found):
        return None
    return body[1]


def _unknown_party(tokens: Iterable[Token], inside: list[Span]) -> Token | None:
    """The last word of a party's name the knowledge base does not know ("League" in "All
    Pakistan Muslim League (APML)", "Party" in "the Zambian Liberal Party")."""
    for token in tokens:
        if token.lower_ in _PARTY_WORDS and token.pos_ == "PROPN" and token.text[:1].isupper() \
                and not any(s.start <= token.i < s.end for s in inside) and not any(
                    c.lower_ in _NOT_PARTIES for c in token.children
                    if c.dep_ in {"compound", "amod"}):
            return token
    return None


def _firm(head: Token, ids: set[int], inside: list[Span]) -> bool:
    """A name the knowledge base does not know as what staff belong to ("employees of
    Wargaming", "Wargaming employees"): not a person's or a date's, nor a place named before
    them ("Lyon employees"); the NER often takes such a name after "of" for a place."""
    known = span_tokens(inside)
    owners = [c for c in head.children if c.dep_ in {"compound", "poss"}
              and c.ent_type_ in {"", "ORG"}] + [
        g for c in head.children if c.dep_ == "prep" and c.lower_ in {"of", "at"}
        for g in c.children if g.dep_ == "pobj" and g.ent_type_ in {"", "ORG", "GPE"}]
    return any(o.pos_ == "PROPN" and o.i in ids and o.i not in known for o in owners)


def _titled_role(kb: KnowledgeBase, person: str, found: list[tuple[Span, Entry]]) -> list[Role]:
    """ "President Michel Temer", "the Obama administration": a title or "administration"
    beside a known name means the office they held then, whatever the document's date."""
    titles = {e.role for _, e in found if e.kind == "sector" and e.role}
    governing = any(e.kind == "sector" and e.phrase.lower() in {"administration", "government",
                                                                "regime", "cabinet"}
                    for _, e in found)
    roles = kb.roles.get(person, [])
    matching = [r for r in roles if r.role in titles]
    if matching:
        return matching[:1]
    # "The Palestinian leader Yasir Arafat": a title of the sector of an office they held;
    # not "Welfare Party leader Necmettin Erbakan", who leads the party.
    sectors = {e.sector for s, e in found if e.kind == "sector" and e.phrase.lower() in _TITLES
               and not _led_body(s, found, e)}
    matching = [r for r in roles if r.sector in sectors]
    if matching:
        return matching[:1]
    return [r for r in roles if r.sector == "GOV"][:1] if governing else []


def resolve_token(head: Token, spans: list[Span], kb: KnowledgeBase, on: date | None, *,
                  as_place: bool = False) -> Mention | None:
    """Resolve the noun phrase headed by a token to a Mention (actor + exact text)."""
    tokens = np_tokens(head)
    if not tokens:
        return None
    # A name the head or the phrase holds runs past what the parse hangs on it: "Action
    # Against Hunger says ..." (the parse takes "Against Hunger" as a preposition of
    # "Action"), "the government of President Bashar al-Assad" (it cuts the name at the
    # hyphen).
    known = {t.i for t in tokens}
    for span in spans:
        if (span.start <= head.i < span.end or span.start in known) and not all(
                i in known for i in range(span.start, span.end)):
            tokens = sorted({*tokens, *span}, key=lambda t: t.i)
    leader = _leader(head)
    actor = resolve_phrase(tokens, spans, kb, on, as_place=as_place, extra=leader, head=head)
    return None if actor is None else mention_of(head, tokens, actor)


def mention_of(head: Token, tokens: list[Token], actor: Actor) -> Mention:
    """A Mention covering the given tokens (in document order) for an actor."""
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    # The span's own text: Doc.text joins the whole document on every call.
    text = head.doc[tokens[0].i:tokens[-1].i + 1].text
    return Mention(actor=actor, start=start, end=end, text=text, head=head)
