"""Which two actors a sentence relates, where no verb pattern or clause links them.

Patterns and the clause search read a dyad only along a verb's own arguments. News often
puts the two sides elsewhere: "French and German negotiators have agreed", "the navies of
Chile and Peru held joint drills", "the rebels said they would free the mayor". The pair
model scores every ordered pair of actors in a sentence (the dependency path between them,
their roles and order) and names the likeliest source-target pair; the PLOVER dyad model then
codes it like any other dyad. The model is trained and cross-validated on the marked dyads of
the PLOVER dev sentences (bench/train_plover.py).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from ..actors import Mention, same_actor
from ..actors.context import DocumentActors
from ..actors.resolve import dateline_end
from .classifier import LinearModel
from .extract import SCENE_PREPS

PAIR_MODEL_NAME = "communique.pair_model.v1"
POSITIVE = "pair"
# Actors considered per sentence, in order of appearance; longer sentences are lists.
MAX_MENTIONS = 8
_HEAD_POS = {"PROPN", "NOUN", "PRON"}
_INSIDE = {"compound", "flat", "nmod", "npadvmod"}
_PATH_STEPS = 4
# Sectors whose actors are not political ones: firms, media, schools.
UNPOLITICAL_SECTORS = frozenset({"BUS", "MED", "EDU"})


def sentence_mentions(sentence: Span, actors: DocumentActors) -> list[Mention]:
    """The distinct actors a sentence names, in order, one per phrase (the widest)."""
    found: dict[tuple[int, str], Mention] = {}
    kb_words = actors.kb_token_ids
    if not any(i in kb_words for i in range(sentence.start, sentence.end)):
        return []  # a pair needs an actor the knowledge base knows (see political)
    dateline = dateline_end(sentence)
    # "ATHENS, Greece - ...", "MANILA (Reuters) - ...": where and who reported, not actors.
    opening = sentence.start + (dateline + 1 if dateline is not None else 0)
    first_char = sentence.doc[opening].idx
    names = actors.name_ends
    for token in sentence[opening - sentence.start:]:
        # The tagger sometimes takes a lone acronym for an adverb or adjective ("USAID had
        # announced ...", "..., USAID provided ..."): a name the knowledge base knows still
        # heads a phrase.
        if token.pos_ not in _HEAD_POS and token.i not in names or token.dep_ in _INSIDE:
            continue
        # Resolving is the costly step: only a noun with a knowledge-base word in it or
        # before it ("the Syrian army", "Iran's minister"), a name or a pronoun can name an
        # actor; a noun whose actor hangs after it ("talks with Iran") adds none of its own.
        if token.pos_ == "NOUN" and not any(
                i in kb_words for i in range(token.left_edge.i, token.i + 1)):
            continue
        # Behind "in", "near": a capital is the place, standing for its country.
        setting = token.dep_ == "pobj" and token.head.lower_ in SCENE_PREPS
        named = actors.resolve_all(token, as_place=setting)
        if not named and token.pos_ == "PROPN" and (place := actors.place(token)) is not None:
            named = [place]  # "retook Kirkuk", "a curfew in Mosul": the town for its state
        for mention in named:
            if not (mention.actor.code or mention.actor.country):
                continue
            if not first_char <= mention.start < sentence.end_char:
                continue  # an antecedent in an earlier sentence speaks through its pointer
            # One phrase may name several ("Chilean and Peruvian negotiators").
            key = (mention.start, mention.actor.code)
            earlier = found.get(key)
            if earlier is None or mention.end - mention.start > earlier.end - earlier.start:
                found[key] = mention
    ordered = sorted(found.values(), key=lambda m: m.start)
    # A phrase inside a wider one is the same actor named twice ("the EU's Josep Borrell").
    kept = [m for m in ordered if not any(
        o is not m and o.start <= m.start and m.end <= o.end and o.actor.code == m.actor.code
        for o in ordered)]
    return kept[:MAX_MENTIONS]


def _kind(mention: Mention) -> str:
    actor = mention.actor
    if actor.name:
        return "person"
    if actor.evidence.startswith("place "):
        return "place"
    if actor.country is None:
        return "org"
    return "state" if not actor.sector else "sector"


def _path(source: Token, target: Token) -> tuple[list[str], list[str], Token | None]:
    """Dependency labels up from the source to the lowest common head, and down from it to
    the target."""
    up_source = [source, *source.ancestors]
    source_at = {t.i: n for n, t in enumerate(up_source)}
    up_target = [target, *target.ancestors]
    joint_at = next((n for n, t in enumerate(up_target) if t.i in source_at), None)
    if joint_at is None:
        return [t.dep_ for t in up_source], [t.dep_ for t in up_target], None
    joint = up_target[joint_at]
    up = [t.dep_ for t in up_source[:source_at[joint.i]]]
    down = [t.dep_ for t in reversed(up_target[:joint_at])]
    return up, down, joint


def pair_features(sentence: Span, source: Mention, target: Mention,
                  first: Mention, last: Mention) -> dict[str, float]:
    """Sparse features of one ordered pair of actors in a sentence: the path between their
    heads, their roles, kinds and order."""
    s, t = source.head, target.head
    up, down, joint = _path(s, t)
    up_key = ">".join(up[:_PATH_STEPS]) + ("+" if len(up) > _PATH_STEPS else "")
    down_key = ">".join(down[:_PATH_STEPS]) + ("+" if len(down) > _PATH_STEPS else "")
    order = "st" if source.start < target.start else "ts"
    features = {f"up={up_key}": 1.0, f"down={down_key}": 1.0,
                f"path={up_key}|{down_key}": 1.0, f"order={order}": 1.0,
                f"path_order={up_key}|{down_key}|{order}": 1.0,
                f"len={min(len(up) + len(down), 8)}": 1.0,
                f"sdep={s.dep_}": 1.0, f"tdep={t.dep_}": 1.0,
                f"skind={_kind(source)}": 1.0, f"tkind={_kind(target)}": 1.0,
                f"kinds={_kind(source)}>{_kind(target)}": 1.0,
                f"ssector={source.actor.sector or '-'}": 1.0,
                f"tsector={target.actor.sector or '-'}": 1.0}
    if joint is not None:
        features[f"joint_pos={joint.pos_}"] = 1.0
        features[f"joint_dep={joint.dep_}"] = 1.0
        if joint.pos_ in {"VERB", "AUX"}:
            features[f"joint={joint.lemma_.lower()}"] = 1.0
    if t.dep_ == "pobj":
        features[f"tprep={t.head.lower_}"] = 1.0
    if s.dep_ == "pobj":
        features[f"sprep={s.head.lower_}"] = 1.0
    if t in s.conjuncts:
        features["conjuncts"] = 1.0
    if source.actor.country and source.actor.country == target.actor.country:
        features["same_country"] = 1.0
    if t.dep_ == "pobj" and t.head.head is not None:
        features[f"tgov={t.head.head.lemma_.lower()}_{t.head.lower_}"] = 1.0
    if s.dep_ in {"nsubj", "nsubjpass"}:
        features[f"sverb={s.head.lemma_.lower()}"] = 1.0
    if source is first:
        features["source_first"] = 1.0
    if target is last:
        features["target_last"] = 1.0
    if s.dep_ in {"nsubj", "nsubjpass"} and s.head.i == sentence.root.i:
        features["source_main_subject"] = 1.0
    gap = abs(s.i - t.i)
    features[f"gap={min(gap // 3, 6)}"] = 1.0
    return features


def political(mention: Mention) -> bool:
    """An actor the knowledge base knows, outside business, media and schools: a pair
    needs one ("Boston College ... Rutgers", two firms in a deal, are not relations
    between political actors)."""
    actor = mention.actor
    if actor.evidence.startswith("name "):
        return False
    return (actor.sector or "") not in UNPOLITICAL_SECTORS


def _setting(mention: Mention) -> bool:
    """A place behind "in", "at", "near" that is not a country named as such: where
    something happens, never the side that acts."""
    head = mention.head
    return (head.dep_ == "pobj" and head.head.lower_ in SCENE_PREPS
            and not mention.actor.evidence.startswith("country "))


def self_relation(a: Mention, b: Mention) -> bool:
    """A state named beside its own people or bodies ("Zelensky ... outside Ukraine", "Iran
    ... Tehran's nuclear program"): the setting of one side, not the other side. (Dropping
    these costs about one point of dyad recall on the PLOVER dev sentences, whose marked
    dyads include domestic ones, and gains four of precision on the example set.) A state
    where its own leader or body acts ("imposed a curfew in Chad") is the act's target."""
    if not a.actor.country or a.actor.country != b.actor.country:
        return False
    return _kind(a) in {"state", "place"} or _kind(b) == "state" and not _scene_of_act(b)


def _scene_of_act(mention: Mention) -> bool:
    """A state behind "in" on a verb or on its object or time: "imposed martial law in
    Chad", "will lift the curfew in Haiti", "called a truce on Friday in Mali"."""
    head = mention.head
    if head.dep_ != "pobj" or head.head.lower_ != "in":
        return False
    holder = head.head.head
    if holder.pos_ in {"NOUN", "PROPN"} and holder.dep_ in {"dobj", "npadvmod", "pobj"}:
        holder = holder.head.head if holder.dep_ == "pobj" else holder.head
    return holder.pos_ in {"VERB", "AUX"}


def candidate_pairs(sentence: Span, mentions: list[Mention]
                    ) -> Iterator[tuple[Mention, Mention, dict[str, float]]]:
    """Every ordered pair of distinct actors in a sentence, with its features."""
    if len(mentions) < 2:
        return
    first, last = mentions[0], mentions[-1]
    for source in mentions:
        for target in mentions:
            if (source is target or same_actor(source, target)
                    or self_relation(source, target) or _setting(source)):
                continue
            if not (political(source) or political(target)):
                continue
            yield source, target, pair_features(sentence, source, target, first, last)


def ranked_pairs(model: LinearModel, sentence: Span, actors: DocumentActors
                 ) -> list[tuple[Mention, Mention, float]]:
    """The sentence's ordered actor pairs with the model's probability that each is the
    sentence's dyad, likeliest first."""
    candidates = list(candidate_pairs(sentence, sentence_mentions(sentence, actors)))
    scored = zip(candidates, model.probabilities([f for _, _, f in candidates], POSITIVE),
                 strict=True)
    return sorted(((source, target, p) for (source, target, _), p in scored),
                  key=lambda x: (-x[2], x[0].start, x[1].start))
