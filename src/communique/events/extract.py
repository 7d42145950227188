"""Event extraction: who did what to whom in each sentence, from the dependency parse.

For every verb with lexicon patterns, the first (most specific) pattern whose required words
and target slot are present decides the code; the subject is the source, the slot the target
(passives swap through the "by" agent). Modality then keeps, maps or drops the event.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from spacy.symbols import AUX, NOUN, VERB
from spacy.tokens import Span, Token

from ..actors import Mention, same_actor
from ..actors.context import DocumentActors
from ..actors.resolve import dateline_end
from ..ingest.furniture import is_furniture
from . import modality as mod
from .lexicon import EventNoun, Lexicon, Pattern

log = logging.getLogger(__name__)

_SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
_INHERITS_SUBJECT = {"xcomp", "conj", "advcl"}
# Targets after these prepositions are places when they name a capital ("arrived in Pyongyang").
_PLACE_PREPS = {"in", "to", "into", "at"}
# What an intended act (future, "plans to") is coded as, by CAMEO root of the act.
INTENT_CODES = {"03": None, "04": "036", "05": "032", "06": "031", "07": "033", "08": "035",
                "13": None, "14": "133", "15": "138", "16": "131", "17": "137", "18": "138",
                "19": "138", "20": "138"}
# What refusing an act ("refused to meet") is coded as, by CAMEO root of the act.
_REJECT_ROOT = "12"
REFUSAL_CODES = {"03": "125", "04": "125", "05": "120", "06": "121", "07": "122", "08": "124"}
# Events with two sides: a visit implies hosting, and meetings, talks and agreements are
# mutual, so each also yields the other side's event (CAMEO codes both directions).
PAIRED_CODES = {"042": "043", "043": "042", "040": "040", "041": "041", "044": "044",
                "046": "046", "057": "057"}


@dataclass
class Found:
    """An event found in a sentence before dates, places and ids are attached."""

    code: str
    verb: Token
    source: Mention
    target: Mention
    rule: str
    confidence: float
    negated: bool = False
    target_is_place: bool = False
    notes: list[str] = field(default_factory=list)
    # Whose modality counts when it is not the event word's own: the verb an event noun
    # hangs from ("did not launch an attack").
    anchor: Token | None = None
    # Coded by the dyad model, which reads the whole sentence, negation included.
    by_model: bool = False


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The verb's subject, inherited from the governing verb for xcomp/conj/advcl clauses."""
    for child in verb.children:
        if child.dep_ in _SUBJECTS:
            return child
    if verb.dep_ in _INHERITS_SUBJECT and verb.head.i != verb.i and depth < 4:
        return subject_of(verb.head, depth + 1)
    return None


def with_conjuncts(token: Token) -> list[Token]:
    """A head and its coordinated siblings ("Russia and China" -> [Russia, China])."""
    found = [token]
    for conj in token.conjuncts:
        if conj.pos_ in {"PROPN", "NOUN", "PRON"}:
            found.append(conj)
    return found


def _has_word(verb: Token, lemma: str) -> Token | None:
    """A dependent of the verb (or of its object) with this lemma."""
    for child in verb.children:
        if child.lower_ == lemma or child.lemma_.lower() == lemma:
            return child
        if child.dep_ in {"dobj", "prt", "attr", "dative", "nsubjpass"}:
            for grand in child.children:
                if grand.dep_ in {"compound", "amod"} and grand.lemma_.lower() == lemma:
                    return child
    return None


def match_pattern(pattern: Pattern, verb: Token) -> tuple[list[Token], bool] | None:
    """Check a pattern on a verb; return (candidate target heads, target-is-passive-subject).

    Candidates are ordered: a preposition on a required word ("sanctions on X") comes before
    one on the verb ("imposed ... on Friday"), so the caller takes the first that is an actor.
    """
    anchors = [verb]
    for word in pattern.required:
        found = _has_word(verb, word)
        if found is None:
            return None
        anchors.append(found)
    passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
    if pattern.prep is None:
        if passive:
            subj = [c for c in verb.children if c.dep_ == "nsubjpass"]
            return (subj, True) if subj else None
        objects = [c for c in verb.children if c.dep_ in {"dobj", "dative"}
                   and c not in anchors[1:]]
        # "expel the ambassador of X": the object is a required word, the target hangs off it.
        objects = objects or [c for c in verb.children if c.dep_ == "dobj"]
        return (objects, False) if objects else None
    candidates = [pobj for anchor in [*anchors[1:], verb] for prep in anchor.children
                  if prep.dep_ in {"prep", "dative"} and prep.lower_ == pattern.prep
                  for pobj in prep.children if pobj.dep_ == "pobj"]
    return (candidates, False) if candidates else None


def _mutual_subjects(pattern: Pattern, verb: Token) -> tuple[list[Token], bool] | None:
    """"Iran and Russia held talks": a 'with' pattern whose partner is the subject's conjunct."""
    if pattern.prep != "with":
        return None
    if any(c.dep_ in {"xcomp", "ccomp"} for c in verb.children):
        return None  # "X and Y agreed to resume talks": the clause carries the event
    if not all(_has_word(verb, word) for word in pattern.required):
        return None
    subject = subject_of(verb)
    partners = [] if subject is None else with_conjuncts(subject)[1:]
    return (partners[:1], False) if partners else None


def _source_head(verb: Token, passive_target: bool) -> Token | None:
    if passive_target or any(c.dep_ == "auxpass" for c in verb.children):
        for child in verb.children:
            if child.dep_ == "agent":
                return next((c for c in child.children if c.dep_ == "pobj"), None)
        return None
    return subject_of(verb)


def _fallback_target(obj: Token, actors: DocumentActors) -> Mention | None:
    """An object that is not an actor may carry one: "a letter from Trump", "the ally of X"."""
    for prep in obj.children:
        if prep.dep_ == "prep" and prep.lower_ in {"from", "of", "by", "to", "with"}:
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    mention = actors.resolve(pobj)
                    if mention is not None:
                        return mention
    return None


# Classifies a dyad no pattern covers: (sentence, source, target) -> (CAMEO code,
# confidence, rule) or None when the model is not sure enough.
DyadClassifier = Callable[[Span, Mention, Mention], tuple[str, float, str] | None]
# Prepositions whose objects are times and places, not the other side of an event.
_SETTING_PREPS = {"in", "at", "on", "during", "near", "since", "before", "after", "until",
                  "within", "throughout", "across", "around", "by", "amid", "despite", "of"}


# Ranks the ordered actor pairs of a sentence: [(source, target, probability)], best first.
PairFinder = Callable[[Span, DocumentActors], list[tuple[Mention, Mention, float]]]


def find_events(sentence: Span, actors: DocumentActors, lexicon: Lexicon,
                classify: DyadClassifier | None = None,
                find_pairs: PairFinder | None = None) -> Iterator[Found]:
    """Yield coded events in one sentence (before modality, dates and places): verb patterns
    first; where a verb has none that fits, the classifier (if given) codes its dyad; and
    where the pair model (if given) finds the sentence's main dyad uncoded, it codes that."""
    # Furniture yields no events. Most sentences yield none anyway, so the (costly) furniture
    # test runs only once a sentence has an event to give; finding it changes nothing else.
    furniture: bool | None = None
    opening = sentence.start_char
    for event in _sentence_events(sentence, actors, lexicon, classify, find_pairs):
        if furniture is None:
            furniture = is_furniture(sentence.text)
            if furniture:
                log.debug("skipped furniture sentence: %r", sentence.text[:80])
                return
            dateline = dateline_end(sentence)
            if dateline is not None:
                opening = sentence[dateline + 1].idx
        # "NAIROBI, Kenya -- Somalia's parliament ...": where the story was filed is no side.
        if any(sentence.start_char <= side.start < opening
               for side in (event.source, event.target)):
            continue
        yield event


def _sentence_events(sentence: Span, actors: DocumentActors, lexicon: Lexicon,
                     classify: DyadClassifier | None,
                     find_pairs: PairFinder | None) -> Iterator[Found]:
    uncovered: list[Token] = []
    covered: set[tuple[int, int]] = set()
    by_verb: dict[int, tuple[int, str, str]] = {}  # verb -> its pattern's source, code, rule
    nouns: list[tuple[Token, EventNoun]] = []
    for token in sentence:
        pos = token.pos
        if pos == NOUN:
            entry = lexicon.nouns.get(token.lemma_.lower())
            if entry is not None:
                nouns.append((token, entry))
            continue
        if pos != VERB and pos != AUX:
            continue
        verb = token
        found: list[Found] = []
        for pattern in lexicon.for_verb(verb.lemma_.lower()):
            found = _pattern_events(pattern, verb, actors)
            if found:
                break
        if not found:
            uncovered.append(verb)
        else:
            by_verb[verb.i] = (found[0].source.start, found[0].code, found[0].rule)
        covered.update((f.source.start, f.target.start) for f in found)
        yield from found
    for noun, entry in nouns:
        yield from _new_dyads(_nominal_events(entry, noun, actors), covered)
    if classify is None:
        return
    # The model only speaks for dyads no pattern in the sentence has coded: "refused to meet
    # X" is the pattern's rejection, not also a second event on "refused".
    for verb in uncovered:
        yield from _new_dyads(_classified_events(verb, actors, classify), covered)
    if find_pairs is None:
        return
    # Only the likeliest pair: it is the sentence's main dyad, and if a rule has coded it
    # already the sentence needs nothing more.
    for source, target, probability in find_pairs(sentence, actors)[:1]:
        if (source.start, target.start) in covered:
            return
        verb = _pair_verb(source.head, target.head)
        if covered and verb.lemma_.lower() in mod.REPORTING_VERBS:
            return  # "A said B attacked C": B's event is coded; A's words are not another
        shared = by_verb.get(verb.i)
        if shared is not None and shared[0] == source.start:
            # "North Korea reaches out to Russia, Assad regime": the verb's own pattern
            # coded the source's event with one partner; the pair is another partner.
            yield Found(code=shared[1], verb=verb, source=source, target=target,
                        rule=f"pair model p={probability:.2f}; {shared[2]} (the same verb)",
                        confidence=round(min(0.6, probability), 2))
            return
        coded = classify(sentence, source, target)
        if coded is None:
            return
        code, confidence, rule = coded
        yield Found(code=code, verb=verb, source=source,
                    target=target, rule=f"pair model p={probability:.2f}; {rule}",
                    confidence=round(min(confidence, probability), 2), by_model=True)


def _new_dyads(events: list[Found], covered: set[tuple[int, int]]) -> Iterator[Found]:
    """The events whose dyad no earlier event of the sentence has coded (noted as coded)."""
    for event in events:
        dyad = (event.source.start, event.target.start)
        if dyad not in covered:
            covered.add(dyad)
            yield event


def _pair_verb(source: Token, target: Token) -> Token:
    """The verb that governs both sides of a pair (whose tense and modality the event
    takes), else the target's nearest verb, else the sentence's root."""
    above_source = {t.i for t in (source, *source.ancestors)}
    for token in (target, *target.ancestors):
        if token.pos_ in {"VERB", "AUX"} and token.i in above_source:
            return token
    return next((t for t in target.ancestors if t.pos_ in {"VERB", "AUX"}), target.sent.root)


def _classified_events(verb: Token, actors: DocumentActors,
                       classify: DyadClassifier) -> list[Found]:
    """The verb's subject (or passive agent) and each actor its clause names that no pattern
    covers, for the classifier to code or pass over."""
    passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
    subject = _source_head(verb, False) if passive else subject_of(verb)
    if subject is None:
        return []
    sources = actors.resolve_all(subject)
    if not sources:
        return []
    events: list[Found] = []
    partners = sorted(_clause_partners(verb, subject), key=lambda p: bool(p[1]))
    for source in sources:
        for head, setting in partners:
            if setting and any(e.source is source for e in events):
                break  # a country "in" the scene only stands in for a missing partner
            # Behind "in", "near": a capital is the place, not its government.
            for target in actors.resolve_all(head, as_place=bool(setting)):
                if same_actor(source, target) or (setting and not named_country(target)):
                    continue
                coded = classify(verb.sent, source, target)
                if coded is not None:
                    code, confidence, rule = coded
                    if setting:  # "... in Ethiopia": a place as often as a partner
                        confidence, rule = round(confidence - 0.1, 2), f"{rule} (via '{setting}')"
                    events.append(Found(code=code, verb=verb, source=source, target=target,
                                        rule=rule, confidence=confidence, by_model=True))
    return events


def named_country(mention: Mention) -> bool:
    """A country named as such: "aid ... in Ethiopia" may be its beneficiary, while a
    capital, city or adjective behind "in" or "near" only sets the scene."""
    return mention.actor.evidence.startswith("country ")


# Prepositions that set a scene rather than name a partner, within a clause ("of" and "by"
# do name partners there: "an investigation of X", "a request by X").
SCENE_PREPS = _SETTING_PREPS - {"of", "by"}
_PARTNER_DEPS = {"dobj", "dative", "pobj", "nsubjpass", "attr", "conj", "appos"}


def _clause_partners(verb: Token, subject: Token, depth: int = 5) -> Iterator[
        tuple[Token, str]]:
    """Noun heads within the verb's own clause, outside its subject, nearest first, with the
    setting preposition ("in", "near") they hang from, if any: "gave aid to promote growth
    in Ethiopia" reaches Ethiopia; a clause with its own subject is another event's."""
    skip = {t.i for t in subject.subtree}
    frontier = [(verb, "")]
    for _ in range(depth):
        following = []
        for node, setting in frontier:
            for child in node.children:
                if child.i in skip or child.dep_ in {"punct", "cc", "det", "aux", "neg"}:
                    continue
                if child.pos_ in {"VERB", "AUX"} and any(
                        c.dep_ in _SUBJECTS for c in child.children):
                    continue
                if child.dep_ == "relcl":
                    continue
                via = setting or (child.lower_ if child.dep_ == "prep"
                                  and child.lower_ in SCENE_PREPS else "")
                if child.pos_ in {"PROPN", "NOUN", "PRON"} and child.dep_ in _PARTNER_DEPS:
                    yield child, via
                following.append((child, via))
        frontier = following


# Verbs that only carry an event noun: "launched an attack on", "paid a visit to",
# "imposed sanctions on": their subject is the noun's source.
LIGHT_VERBS = frozenset({
    "launch", "carry", "conduct", "make", "hold", "pay", "stage", "impose", "begin", "start",
    "mount", "continue", "undertake", "give", "provide", "extend", "issue", "level", "lodge",
    "file", "deliver", "send", "announce", "order", "step", "intensify", "resume", "sign",
    "reach", "conclude", "open", "host"})
# Words that make an event noun hearsay or a prospect, not an event.
_HEDGES = frozenset({"possible", "potential", "alleged", "rumored", "rumoured", "feared",
                     "hypothetical", "would-be"})
_PROSPECTS = frozenset({"planned", "proposed", "upcoming", "expected", "future", "intended",
                        "scheduled", "forthcoming"})


def _nominal_events(entry: EventNoun, noun: Token, actors: DocumentActors) -> list[Found]:
    """Events named by a noun: "Russia's attack on Ukraine", "the visit of Xi to Moscow",
    "talks between Iran and the US", "Iran launched an attack on ...". Each needs both sides
    in the noun's own phrase, or the source as subject of a light verb."""
    modifiers = {c.lower_ for c in noun.children if c.dep_ in {"amod", "compound"}}
    if modifiers & _HEDGES:
        return []
    sources: list[Token] = [c for c in noun.children if c.dep_ == "poss"]
    # "a Russian attack", "US sanctions"; but "military aid" names no one.
    sources += [c for c in noun.children if c.dep_ in {"amod", "compound"}
                and c.pos_ in {"ADJ", "PROPN"}
                and any(m.actor.country and not m.actor.evidence.startswith("sector ")
                        for m in actors.resolve_all(c))]
    targets: list[Token] = []
    pairs: list[Token] = []
    for prep in (c for c in noun.children if c.dep_ == "prep"):
        objects = [o for o in prep.children if o.dep_ == "pobj"]
        if prep.lower_ == "by":
            sources += objects
        elif prep.lower_ == "of":
            (sources if entry.of_names == "source" else targets).extend(objects)
        elif prep.lower_ == "between" and entry.mutual:
            pairs += objects
        elif prep.lower_ in entry.target_preps:
            targets += objects
    governor = noun.head if noun.dep_ in {"dobj", "nsubjpass"} else None
    light = governor is not None and governor.lemma_.lower() in LIGHT_VERBS
    if not sources and light:
        subject = _source_head(governor, False)
        sources = [subject] if subject is not None else []
    rule = f"event noun '{noun.lemma_.lower()}' -> {entry.code}"
    confidence = 0.6
    found: list[Found] = []
    if pairs:  # "talks between Iran and the United States": both ways
        sides = [m for head in pairs for m in _side(head, actors, conjuncts=True)]
        for a in sides:
            for b in sides:
                if not same_actor(a, b):
                    found.append(Found(code=entry.code, verb=noun, source=a, target=b,
                                       rule=f"{rule} (mutual: 'between')",
                                       confidence=confidence, anchor=governor))
    for source in (m for head in sources for m in _side(head, actors, conjuncts=True)):
        for target in (m for head in targets for m in _side(head, actors, conjuncts=True)):
            if not same_actor(source, target):
                found.append(Found(code=entry.code, verb=noun, source=source, target=target,
                                   rule=rule, confidence=confidence, anchor=governor))
    if modifiers & _PROSPECTS:
        for event in found:
            event.notes.append(f"'{next(iter(modifiers & _PROSPECTS))}' {event.code}")
            event.code = INTENT_CODES.get(event.code[:2]) or event.code
    return found


def _pattern_events(pattern: Pattern, verb: Token, actors: DocumentActors) -> list[Found]:
    """Events one pattern yields on one verb: the first target candidate that is an actor."""
    matched = match_pattern(pattern, verb)
    if matched is not None:
        targets, passive_target = matched
        source_head = _source_head(verb, passive_target)
        if source_head is None:
            return []
        for target_head in targets:
            found = list(_dyads(pattern, verb, source_head, target_head, actors))
            if found:
                return found
        return []
    mutual = _mutual_subjects(pattern, verb)
    if mutual is None:
        return []
    # Both sides act: "Iran and Russia held talks" is Iran->Russia and Russia->Iran.
    first, partner = subject_of(verb), mutual[0][0]
    found = [*_dyads(pattern, verb, first, partner, actors, conjuncts=False),
             *_dyads(pattern, verb, partner, first, actors, conjuncts=False)]
    for event in found:
        event.rule += " (mutual: both subjects)"
    return found


def _dyads(pattern: Pattern, verb: Token, source_head: Token, target_head: Token,
           actors: DocumentActors, *, conjuncts: bool = True) -> Iterator[Found]:
    as_place = pattern.prep in _PLACE_PREPS
    sources = _side(source_head, actors, conjuncts=conjuncts)
    targets: list[tuple[Mention, float, str]] = []
    for t_head in with_conjuncts(target_head) if conjuncts else [target_head]:
        found = actors.resolve_all(t_head, as_place=as_place)
        note = ""
        if not found and pattern.prep is None:
            fallback = _fallback_target(t_head, actors)
            found = [fallback] if fallback else []
            note = f" (target inside the object '{t_head.text}')"
        if not found and (place := actors.place(t_head)) is not None:
            found, note = [place], f" (the place '{place.text}' stands for its country)"
        targets += [(t, -0.15 if note else 0.0, note) for t in found]
    for source in sources:
        for target, penalty, note in targets:
            confidence = (0.8 if pattern.required or pattern.prep else 0.7) + penalty
            rule = f"pattern '{pattern.text}' -> {pattern.code}{note}"
            if same_actor(source, target):
                continue
            if source.actor.sector is None and source.actor.country is None:
                confidence -= 0.1
            if "refers to" in source.actor.evidence or "refers to" in target.actor.evidence:
                confidence -= 0.1
            yield Found(code=pattern.code, verb=verb, source=source, target=target, rule=rule,
                        confidence=round(confidence, 2),
                        target_is_place=(as_place and target.actor.sector is None)
                        or target.actor.evidence.startswith("place "))


def _side(head: Token, actors: DocumentActors, *, conjuncts: bool) -> list[Mention]:
    """The actors one side names: conjuncts ("Russia and China"), or a pair ("both sides")."""
    heads = with_conjuncts(head) if conjuncts else [head]
    return [m for h in heads for m in actors.resolve_all(h)]


def apply_modality(found: Found, *, model_rejection: bool = False) -> Found | None:
    """Keep asserted events; map refusals and intentions to their CAMEO codes; drop the rest
    (with model_rejection, a rejection the dyad model coded from a negated verb stays)."""
    kind = mod.modality(found.anchor if found.anchor is not None else found.verb)
    root = found.code[:2]
    if kind == mod.ASSERTED:
        return found
    if model_rejection and found.by_model and root == _REJECT_ROOT and kind in {
            mod.NEGATED, mod.REFUSED}:
        # "Serbia will not accept a settlement with Kosovo": the model read the negation
        # and called it a rejection; undoing the negation again would lose the event.
        found.notes.append("a rejection the model read from the negation")
        return found
    if kind == mod.REFUSED and REFUSAL_CODES.get(root):
        found.notes.append(f"refusal of {found.code}")
        found.code, found.negated = REFUSAL_CODES[root], True
        return found
    if kind == mod.INTENDED and root in INTENT_CODES:
        intent = INTENT_CODES[root] or found.code
        found.notes.append(f"intent to {found.code}")
        found.code = intent
        return found
    log.debug("dropped %s event %s at %r", kind, found.code, found.verb.sent.text[:80])
    return None


def event_id(doc_id: str, sentence_index: int, verb: Token, code: str, source: Mention,
             target: Mention) -> str:
    """A stable id: the same document always yields the same ids."""
    key = "|".join(map(str, (doc_id, sentence_index, verb.i, code, source.start, target.start,
                             source.actor.code, target.actor.code)))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def path_codes(lexicon: Lexicon, target: Token) -> tuple[
        tuple[str, Token] | None, tuple[str, Token] | None, list[Token]]:
    """On the verbs from a target up to the root: the first full pattern match, the first
    verb's own code, and the verbs themselves (nearest first)."""
    verbs = [t for t in (target, *target.ancestors) if t.pos_ in {"VERB", "AUX"}]
    best = next(((p.code, v) for v in verbs for p in lexicon.for_verb(v.lemma_.lower())
                 if match_pattern(p, v) is not None), None)
    by_lemma = next(((lexicon.default_code(v.lemma_.lower()), v) for v in verbs
                     if lexicon.default_code(v.lemma_.lower())), None)
    return best, by_lemma, verbs
