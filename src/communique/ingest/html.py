"""Saved web pages: main text and metadata through trafilatura, boilerplate left behind."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import trafilatura

from ..errors import IngestError
from ..models import Document
from .document import make_document, parse_published

log = logging.getLogger(__name__)


def read(path: str, content: str, *, published: date | None) -> Iterator[Document | IngestError]:
    """Yield the page's article as one document, or an error when no article text is found."""
    if "<" not in content:
        yield IngestError(path, "no HTML markup found; is this a plain-text file?", code="C110")
        return
    try:
        extracted = trafilatura.bare_extraction(
            content, with_metadata=True, include_comments=False, include_tables=False,
            include_images=False, favor_precision=True)
    except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
        yield IngestError(path, f"malformed HTML: {type(exc).__name__}: {exc}", code="C111")
        return
    body = getattr(extracted, "text", None) if extracted is not None else None
    # A page whose "main text" is a word or two (a menu entry) has no article.
    if not body or len(body.split()) < 3:
        yield IngestError(path, "no article text found in the HTML page", code="C112")
        return
    basis = "given"
    if published is None and getattr(extracted, "date", None):
        try:
            published, basis = parse_published(extracted.date), "html-metadata"
        except ValueError:
            log.debug("%s: ignoring unparseable page date %r", path, extracted.date)
    try:
        yield make_document(Path(path).name, body, path, published=published, date_basis=basis,
                            unwrap=False, title=extracted.title, url=extracted.url,
                            author=extracted.author)
    except IngestError as exc:
        yield exc
