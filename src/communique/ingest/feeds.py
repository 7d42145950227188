"""RSS and Atom feeds: every item is a document dated by the feed."""

from __future__ import annotations

import html as htmlmod
import re
from collections.abc import Iterator
from datetime import date

import feedparser

from ..errors import IngestError
from ..models import Document
from .document import make_document

_TAGS = re.compile(r"<[^>]+>")
_BLOCKS = re.compile(r"</?(?:p|div|br|li|h\d|blockquote)\b[^>]*>", re.IGNORECASE)


def _plain(markup: str) -> str:
    """Feed bodies are HTML fragments; keep their paragraphs as lines of plain text."""
    text = _BLOCKS.sub("\n", markup)
    return htmlmod.unescape(_TAGS.sub("", text))


def read(path: str, content: str, *, published: date | None) -> Iterator[Document | IngestError]:
    """Yield one document per feed item that has text; items without text are errors."""
    # feedparser never fetches external entities or expands DTDs when parsing a string.
    parsed = feedparser.parse(content, sanitize_html=True, resolve_relative_uris=False)
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
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        if when is None and stamp:
            when, basis = date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday), "feed"
        if not text.strip():
            yield IngestError(path, f"feed item {n} has no text", line=None, code="C121")
            continue
        try:
            yield make_document(doc_id, text, path, published=when, date_basis=basis,
                                unwrap=False, title=title, url=entry.get("link"),
                                author=entry.get("author"))
        except IngestError as exc:
            yield exc
