"""Communique: the one object behind the CLI, the library functions and (later) the web app."""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from itertools import islice
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from .actors import ActorMatcher, KnowledgeBase, load_kb
from .config import Settings, load_settings
from .errors import IngestError
from .events import EventCoder, load_codebook, load_lexicon
from .events.classifier import load_packaged
from .ingest import read_inputs
from .models import Document, Event
from .parse import load_pipeline
from .where import Gazetteer

log = logging.getLogger(__name__)

# Batches that share one spaCy memory zone. A zone frees the strings its documents added to
# the vocabulary, and the next zone adds the common ones again: one zone per batch cost a
# tenth of the parse time on newswire.
ZONE_BATCHES = 8


@dataclass
class Result:
    """What coding one input item produced: its document and events, or the error."""

    document: Document | None
    events: list[Event]
    error: IngestError | None = None
    sentences: int = 0


def batches(items: Iterable[Document | IngestError],
             size: int) -> Iterator[tuple[list[Document], list[IngestError]]]:
    """Group a stream into batches of documents, with the errors met while filling each."""
    batch: list[Document] = []
    errors: list[IngestError] = []
    for item in items:
        if isinstance(item, IngestError):
            errors.append(item)
        else:
            batch.append(item)
        if len(batch) >= size or len(errors) >= size:
            yield batch, errors
            batch, errors = [], []
    if batch or errors:
        yield batch, errors


class Communique:
    """Holds settings, the spaCy pipeline, the actor KB and the coder; codes documents."""

    def __init__(self, settings: Settings | None = None) -> None:
        """Create with settings (default: packaged defaults + environment); loads lazily."""
        self.settings = settings or load_settings()

    @cached_property
    def nlp(self) -> Language:
        """The spaCy pipeline named by settings.model, taking documents of max_doc_chars."""
        nlp = load_pipeline(self.settings.model)
        nlp.max_length = max(nlp.max_length, self.settings.max_doc_chars)
        return nlp

    @cached_property
    def kb(self) -> KnowledgeBase:
        """The actor knowledge base."""
        return load_kb([Path(p) for p in self.settings.actor_files])

    @cached_property
    def coder(self) -> EventCoder:
        """The event coder wired to this instance's pipeline, KB and codebooks."""
        codebook = load_codebook()
        learned = self.settings.classifier
        classifier = load_packaged() if learned else None
        quad_model = load_packaged("quad_classifier.json") if learned else None
        pair_model = load_packaged("pair_model.json") if learned else None
        return EventCoder(ActorMatcher(self.nlp, self.kb), self.kb, codebook,
                          load_lexicon(codebook), Gazetteer(self.kb), self.settings, classifier,
                          quad_model, pair_model)

    def read(self, paths: Iterable[str | Path], *, published: date | None = None,
             fmt: str | None = None) -> Iterator[Document | IngestError]:
        """Read inputs into documents (and per-input errors) without coding them."""
        return read_inputs((str(p) for p in paths), settings=self.settings,
                           published=published, fmt=fmt)

    def code_documents(self, items: Iterable[Document | IngestError]) -> Iterator[Result]:
        """Parse documents in batches with nlp.pipe and code each; errors pass through.

        Items are pulled as they are needed, so a corpus streams through in constant memory:
        with one process every few batches share a spaCy memory zone (the strings they add to
        the vocabulary are freed after them; a Doc the caller makes with this pipeline while
        the results are being read must not be kept past them); with n_process > 1 one pipe
        runs over the whole stream, so its worker processes start once.
        """
        if self.settings.n_process > 1:
            return self._code_multiprocess(items)
        return self._code_in_process(items)

    def _code_in_process(self, items: Iterable[Document | IngestError]) -> Iterator[Result]:
        coder, nlp = self.coder, self.nlp
        grouped = batches(items, self.settings.batch_size)
        group = list(islice(grouped, ZONE_BATCHES))
        while group:
            with nlp.memory_zone():
                for batch, errors in group:
                    yield from (Result(None, [], error) for error in errors)
                    # Results hold plain Python values only, so they outlive the zone.
                    yield from [self._code_one(coder, document, doc) for document, doc in
                                zip(batch, nlp.pipe(d.text for d in batch), strict=True)]
            group = list(islice(grouped, ZONE_BATCHES))

    def _code_multiprocess(self, items: Iterable[Document | IngestError]) -> Iterator[Result]:
        coder = self.coder
        errors: deque[IngestError] = deque()

        def documents() -> Iterator[tuple[str, Document]]:
            for item in items:
                if isinstance(item, IngestError):
                    errors.append(item)  # reported as soon as the pipe has read past it
                else:
                    yield item.text, item

        docs = self.nlp.pipe(documents(), as_tuples=True, batch_size=self.settings.batch_size,
                             n_process=self.settings.n_process)
        for doc, document in docs:
            while errors:
                yield Result(None, [], errors.popleft())
            yield self._code_one(coder, document, doc)
        while errors:
            yield Result(None, [], errors.popleft())

    @staticmethod
    def _code_one(coder: EventCoder, document: Document, doc: Doc) -> Result:
        return Result(document, coder.code(document, doc), sentences=sum(1 for _ in doc.sents))

    def code_paths(self, paths: Iterable[str | Path], *, published: date | None = None,
                   fmt: str | None = None) -> Iterator[Result]:
        """Read and code input files, one Result per document or bad input."""
        return self.code_documents(self.read(paths, published=published, fmt=fmt))

    def code_text(self, text: str, *, published: date | None = None,
                  doc_id: str = "text") -> list[Event]:
        """Code one text given as a string."""
        from .ingest import make_document

        document = make_document(doc_id, text, "<string>", published=published,
                                 date_basis="given", max_chars=self.settings.max_doc_chars)
        return next(iter(self.code_documents([document]))).events


def code_text(text: str, *, published: date | None = None,
              settings: Settings | None = None) -> list[Event]:
    """Code a news text into events with a default Communique (convenience function)."""
    return Communique(settings).code_text(text, published=published)
