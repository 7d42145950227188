"""Modality: whether a verb asserts an event, negates it, refuses it, intends it, or only
imagines it. Only asserted events keep their code; the others map or drop (see coding)."""

from __future__ import annotations

from spacy.tokens import Token

ASSERTED, NEGATED, REFUSED, INTENDED, HYPOTHETICAL = (
    "asserted", "negated", "refused", "intended", "hypothetical")

_REFUSAL_VERBS = {"refuse", "decline", "reject", "rule", "deny", "resist", "oppose", "balk"}
_INTENT_VERBS = {"plan", "intend", "want", "hope", "seek", "expect", "aim", "agree", "promise",
                 "pledge", "offer", "vow", "prepare", "schedule", "set", "due", "propose",
                 "consider", "threaten", "decide", "wish", "try", "ready", "willing", "eager"}
# Verbs that report what someone said: "A said B attacked C" is B's event, not A's.
REPORTING_VERBS = frozenset({"say", "tell", "add", "state", "report", "claim", "write",
                             "note", "insist", "explain", "recall", "quote"})
_FUTURE_AUX = {"will", "'ll", "shall", "wo", "would", "'d"}
_HYPOTHETICAL_AUX = {"could", "might", "may", "should", "must", "can", "ca"}
_CONDITIONAL_MARKS = {"if", "unless", "whether", "lest"}


def _negated(token: Token) -> bool:
    return any(c.dep_ == "neg" for c in token.children)


def modality(verb: Token) -> str:
    """Classify how `verb` presents its event."""
    sentence = verb.sent
    if sentence.text.rstrip().endswith("?"):
        return HYPOTHETICAL
    if any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS for c in verb.children):
        return HYPOTHETICAL
    governor = verb.head if verb.dep_ == "xcomp" else None
    if governor is not None and governor.lemma_ in _REFUSAL_VERBS:
        return NEGATED if _negated(governor) else REFUSED
    if _negated(verb) or (governor is not None and _negated(governor)):
        return NEGATED
    aux = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    if governor is not None:
        aux |= {c.lower_ for c in governor.children if c.dep_ == "aux"}
    if aux & _HYPOTHETICAL_AUX:
        return HYPOTHETICAL
    if aux & _FUTURE_AUX:
        return INTENDED
    if governor is not None and governor.lemma_ in _INTENT_VERBS:
        return INTENDED
    if verb.dep_ == "xcomp" and any(c.lower_ == "to" and c.dep_ == "aux"
                                    for c in verb.children) and governor is not None and (
            governor.lemma_ == "be"):
        return INTENDED  # "is to visit"
    return ASSERTED
