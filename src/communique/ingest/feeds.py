"""RSS and Atom feeds: every item is a document dated by the feed."""

from __future__ import annotations

import html as htmlmod
import io
import logging
import re
from collections.abc import Iterator
from datetime import date
from xml.parsers import expat

import feedparser

from ..errors import IngestError
from ..models import Document
from .document import make_document, parse_published

log = logging.getLogger(__name__)

# Code and embedded content inside an item body is dropped with everything it encloses.
_EMBEDDED = re.compile(r"<(script|style|template|noscript|iframe|object|embed|applet|svg|math)"
                       r"\b[^<>]*>", re.IGNORECASE)
# [^<>] rather than [^>]: a body full of unclosed "<" must not take quadratic time.
_TAGS = re.compile(r"<[^<>]+>")
_BLOCKS = re.compile(r"</?(?:p|div|br|li|h\d|blockquote)\b[^<>]*>", re.IGNORECASE)
# An internal DTD subset ("<!DOCTYPE rss [ <!ENTITY ...> ]>") can expand entities without
# bound or name local files and URLs; no real feed needs one.
_INTERNAL_SUBSET = re.compile(r"<!DOCTYPE[^<>\[]*\[", re.IGNORECASE)
_ROOT = re.compile(r"<(?:rss|feed|rdf:RDF)\b")
_CHARREF = re.compile(r"&#([xX][0-9a-fA-F]{1,8}|[0-9]{1,10});")


def _safe_charref(match: re.Match[str]) -> str:
    """A reference to no character (a surrogate, NUL, past U+10FFFF) crashes feedparser's
    fallback parser; it becomes U+FFFD."""
    ref = match.group(1)
    code = int(ref[1:], 16) if ref[0] in "xX" else int(ref)
    return "&#xFFFD;" if code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF \
        else match.group(0)


def _without_embedded(markup: str) -> str:
    """Drop script, style and embed elements with their content; an unclosed one runs to the
    end, as in a browser. One pass: each search starts where the last one ended."""
    kept: list[str] = []
    pos = 0
    while opening := _EMBEDDED.search(markup, pos):
        kept.append(markup[pos:opening.start()])
        closing = re.compile(rf"</{opening.group(1)}\s*>", re.IGNORECASE).search(
            markup, opening.end())
        pos = closing.end() if closing else len(markup)
        kept.append(" ")
    kept.append(markup[pos:])
    return "".join(kept)


def _plain(markup: str) -> str:
    """Feed bodies are HTML fragments; keep their paragraphs as lines of plain text."""
    text = _BLOCKS.sub("\n", _without_embedded(markup))
    return htmlmod.unescape(_TAGS.sub("", text))


def _parse(path: str, content: str, loose_limit: int | None) -> feedparser.FeedParserDict:
    """Parse the feed text itself: never a URL or file name it might look like."""
    root = _ROOT.search(content)
    if _INTERNAL_SUBSET.search(content, 0, root.start() if root else len(content)):
        raise IngestError(path, "feed declares a DTD with entities (<!DOCTYPE ... [ ]>); "
                          "refused, as entities can expand without bound or read local files",
                          code="C122")
    if loose_limit is not None and len(content) > loose_limit:
        # feedparser reads malformed XML with a slow fallback parser (about 4 s a million
        # characters of junk); a big feed must be well-formed. Expat fetches no entities.
        try:
            expat.ParserCreate().Parse(content.encode("utf-8", "replace"), True)
        except expat.ExpatError as exc:
            raise IngestError(path, f"malformed XML ({exc}) in a feed of {len(content):,} "
                              f"characters; a feed over max_doc_chars={loose_limit} must be "
                              "well-formed", code="C120") from None
    # feedparser fetches a string that looks like a URL and opens one that names a file; a
    # stream is only ever parsed. The text is decoded already, so its charset is UTF-8.
    # Its sanitizer would keep the text inside <iframe> or <object>: _plain drops those.
    content = _CHARREF.sub(_safe_charref, content)
    return feedparser.parse(io.BytesIO(content.encode("utf-8", "replace")),
                            sanitize_html=False, resolve_relative_uris=False,
                            response_headers={"content-type": "application/xml; charset=utf-8"})


def read(path: str, content: str, *, published: date | None,
         max_chars: int | None = None) -> Iterator[Document | IngestError]:
    """Yield one document per feed item that has text; items without text are errors."""
    try:
        parsed = _parse(path, content, max_chars)
    except IngestError as exc:
        yield exc
        return
    except Exception as exc:  # feedparser's fallback parser has failed on other junk
        yield IngestError(path, f"malformed feed: {type(exc).__name__}: {exc}", code="C120")
        return
    if not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None)
        why = f": {reason}" if reason else ""
        yield IngestError(path, f"not an RSS or Atom feed with items{why}", code="C120")
        return
    for n, entry in enumerate(parsed.entries, start=1):
        body = ""
        if entry.get("content"):
            body = "\n".join(part.get("value", "") for part in entry["content"])
        body = body or entry.get("summary", "") or entry.get("description", "")
        title = entry.get("title")
        text = _plain(body).strip()
        # Headlines stay metadata unless the item has nothing else to say.
        text = text or (title or "")
        doc_id = entry.get("id") or entry.get("link") or f"{path}#{n}"
        when, basis = published, "given"
        # dict.get: FeedParserDict maps a missing updated_parsed to published_parsed, warning.
        stamp = entry.get("published_parsed") or dict.get(entry, "updated_parsed")
        if when is None and stamp:
            try:
                when = parse_published(date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday))
                basis = "feed"
            except ValueError:
                log.debug("%s: ignoring item %d's date %s", path, n, tuple(stamp)[:3])
        if not text.strip():
            yield IngestError(path, f"feed item {n} has no text", line=None, code="C121")
            continue
        try:
            yield make_document(doc_id, text, path, published=when, date_basis=basis,
                                unwrap=False, title=title, url=entry.get("link"),
                                author=entry.get("author"), max_chars=max_chars)
        except IngestError as exc:
            yield exc
