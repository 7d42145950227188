"""Shared fixtures of the actor tests."""

from __future__ import annotations

from datetime import date

import pytest

from communique.actors.context import DocumentActors

ON = date(2019, 6, 30)


@pytest.fixture(scope="module")
def resolved_phrase(core):
    """The actor (code, evidence) a phrase of a text resolves to, the way the coder sees it:
    every sentence observed, then the phrase's head resolved (or the phrase as a span); on
    the tests' date unless given another (None: an undated story)."""
    def run(text: str, phrase: str, on: date | None = ON) -> tuple[str | None, str]:
        doc = core.nlp(text)
        at = text.index(phrase)
        span = doc.char_span(at, at + len(phrase), alignment_mode="expand")
        actors = DocumentActors(core.coder.matcher(doc), core.kb, on, core.coder.gazetteer)
        for index, sentence in enumerate(doc.sents):
            actors.observe(sentence, index)
        found = actors.resolve_all(span.root)
        mention = found[0] if found else actors.resolve_span(at, at + len(phrase))
        return (mention.actor.code or None, mention.actor.evidence) if mention else (None, "")
    return run
