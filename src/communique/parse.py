"""Parse: the spaCy pipeline, loaded from an installed package and never downloaded."""

from __future__ import annotations

import importlib
import logging
import re
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokens import Doc, Token

from .errors import ParseError

log = logging.getLogger(__name__)

# Tokenizer exceptions that split names in world news: spaCy reads "Im" as "I'm" without the
# apostrophe, which breaks Korean names such as Im Chon Il.
_KEEP_WHOLE = ("Im", "IM")
# The modifier-letter apostrophe (U+02BC) some outlets type for the possessive ("the
# governmentʼs request"): split off like "'s" and read as it, or the noun before it is lost.
_MODIFIER_APOSTROPHE = "\u02bc"
_APOSTROPHE_SUFFIXES = f"|{_MODIFIER_APOSTROPHE}[sS]$|(?<=[sS]){_MODIFIER_APOSTROPHE}$"


def clause_verb(token: Token) -> Token:
    """The verb a token belongs to: climb heads until a verb or the sentence root."""
    current = token
    while current.head.i != current.i and current.pos_ not in {"VERB", "AUX"}:
        current = current.head
    return current


@Language.component("communique_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break: headlines and paragraphs never run together."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load_pipeline(model: str) -> Language:
    """Load the spaCy pipeline from the installed package `model` (cached per process)."""
    try:
        module = importlib.import_module(model)
        nlp = module.load()
    except ModuleNotFoundError:
        try:
            nlp = spacy.load(model)
        except OSError:
            raise ParseError(
                f"spaCy pipeline '{model}' is not installed; install it with "
                "'pip install --require-hashes --no-deps -r requirements/model.txt' or set "
                "'model' to an installed pipeline package") from None
    except Exception as exc:
        raise ParseError(f"cannot load spaCy pipeline '{model}': {exc}") from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("communique_paragraph_breaks", before="parser")
    for text in _KEEP_WHOLE:
        nlp.tokenizer.add_special_case(text, [{ORTH: text}])
    suffixes = nlp.tokenizer.suffix_search
    if suffixes is not None:  # the pipeline's own suffixes, and these
        nlp.tokenizer.suffix_search = re.compile(
            suffixes.__self__.pattern + _APOSTROPHE_SUFFIXES).search
    for mark, norm in (("s", "'s"), ("S", "'s"), ("", "'")):
        nlp.vocab[_MODIFIER_APOSTROPHE + mark].norm_ = norm  # what the tagger reads
    log.debug("loaded %s with %s", model, nlp.pipe_names)
    return nlp
