"""Saved web pages: main text and metadata through trafilatura, boilerplate left behind."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import trafilatura
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from ..errors import IngestError
from ..models import Document
from .document import make_document, parse_published

log = logging.getLogger(__name__)

# Elements whose content is code or embedded media, never the article, whatever an extractor's
# fallbacks make of it (trafilatura keeps <template>, for one).
_EMBEDDED = ("script", "style", "template", "noscript", "iframe", "frame", "frameset", "object",
             "embed", "applet", "svg", "math", "canvas")
# libxml2 silently drops elements nested 256 deep; no real page comes near this.
MAX_DEPTH = 200
# Extraction takes about 0.2 ms per element, so this bounds a page to seconds; real news pages
# have a few thousand elements (at most 1,600 in the 25 pages of the shared benchmark).
MAX_ELEMENTS = 50_000


def _shape(tree: HtmlElement) -> tuple[int, int]:
    """How many elements the page has and how deep they nest."""
    depth = deepest = count = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        if event == "start":
            count += 1
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return count, deepest


def _page(path: str, content: str) -> HtmlElement:
    """Parse the page, refuse pathological nesting, and drop code and embedded content."""
    tree = load_html(content)
    if tree is None:  # trafilatura's verdict on markup that is not a page
        raise IngestError(path, "no article text found in the HTML page", code="C112")
    count, depth = _shape(tree)
    if depth > MAX_DEPTH:
        raise IngestError(path, f"HTML elements nest more than {MAX_DEPTH} deep; a parser "
                          "would drop the deepest text", code="C113")
    if count > MAX_ELEMENTS:
        raise IngestError(path, f"HTML page has {count:,} elements, more than {MAX_ELEMENTS:,}; "
                          "refused, as extraction time grows with each one", code="C113")
    for element in list(tree.iter(*_EMBEDDED)):
        if element.getparent() is not None:
            element.drop_tree()
    return tree


def read(path: str, content: str, *, published: date | None,
         max_chars: int | None = None) -> Iterator[Document | IngestError]:
    """Yield the page's article as one document, or an error when no article text is found."""
    if "<" not in content:
        yield IngestError(path, "no HTML markup found; is this a plain-text file?", code="C110")
        return
    try:
        extracted = trafilatura.bare_extraction(
            _page(path, content), with_metadata=True, include_comments=False,
            include_tables=False, include_images=False, favor_precision=True)
    except IngestError as exc:
        yield exc
        return
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
                            author=extracted.author, max_chars=max_chars)
    except IngestError as exc:
        yield exc
