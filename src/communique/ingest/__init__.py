"""Ingest: files, pages, feeds and corpora in, Document records out.

`read_inputs` yields a Document for every news item it can read and an IngestError for every
one it cannot, so one bad file or line never stops the rest of a batch.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from ..config import Settings
from ..errors import IngestError, LanguageSkipped
from ..models import Document
from .decode import clean_line, clean_text, decode_bytes
from .document import make_document, parse_published
from .furniture import is_furniture, strip_furniture
from .language import detect_language

__all__ = ["read_inputs", "read_path", "make_document", "parse_published", "is_furniture",
           "strip_furniture", "detect_format", "decode_bytes", "clean_text", "clean_line",
           "detect_language", "FORMATS", "MARKUP_FACTOR"]

FORMATS = ("text", "html", "feed", "jsonl")
# A page or feed may be this many times max_doc_chars: markup, scripts and several items.
MARKUP_FACTOR = 10
_SUFFIXES = {".txt": "text", ".text": "text", ".md": "text",
             ".html": "html", ".htm": "html", ".xhtml": "html",
             ".xml": "feed", ".rss": "feed", ".atom": "feed",
             ".jsonl": "jsonl", ".ndjson": "jsonl"}


def detect_format(path: str, text: str) -> str:
    """Choose a reader from the file suffix, else from the first characters of its content."""
    suffix = Path(path).suffix.lower()
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    head = text.lstrip()[:512].lower()
    if head.startswith("{"):
        return "jsonl"
    if head.startswith("<?xml") and ("<rss" in head or "<feed" in head) or head.startswith(
            ("<rss", "<feed")):
        return "feed"
    if head.startswith(("<!doctype html", "<html", "<?xml")):
        return "html"
    return "text"


def _read_bytes(path: str, limit: int) -> bytes:
    """An input's bytes, refusing what is not a regular file or is larger than the limit."""
    if path == "-":
        data = sys.stdin.buffer.read(limit + 1)
        if len(data) > limit:
            raise IngestError(path, f"standard input is larger than max_file_mb={limit // 2**20}",
                              code="C105")
        return data
    p = Path(path)
    if not p.exists():
        raise IngestError(path, "no such file", code="C104")
    if p.is_dir():
        raise IngestError(path, "is a directory; pass the files inside it", code="C104")
    if not p.is_file():  # a device or pipe could be endless
        raise IngestError(path, "not a regular file", code="C104")
    if p.stat().st_size > limit:
        raise IngestError(path, f"larger than max_file_mb={limit // 2**20}", code="C105")
    with p.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:  # the file grew while being read
        raise IngestError(path, f"larger than max_file_mb={limit // 2**20}", code="C105")
    return data


def read_path(path: str, *, settings: Settings, published: date | None = None,
              fmt: str | None = None) -> Iterator[Document | IngestError]:
    """Read one input path ('-' for standard input) and yield its documents or errors;
    documents outside settings.languages come out as LanguageSkipped."""
    from . import feeds, html, jsonl, text

    try:
        content = decode_bytes(_read_bytes(path, settings.max_file_mb * 2**20), path)
        kind = fmt or detect_format(path, content)
        if kind not in FORMATS:
            raise IngestError(path, f"unsupported format {kind!r}; use one of {FORMATS}",
                              code="C107")
        markup_limit = MARKUP_FACTOR * settings.max_doc_chars
        if kind in ("html", "feed") and len(content) > markup_limit:
            raise IngestError(path, f"{kind} input is {len(content):,} characters, more than "
                              f"{MARKUP_FACTOR} x max_doc_chars={settings.max_doc_chars}",
                              code="C108")
    except IngestError as exc:
        yield exc
        return
    except OSError as exc:
        yield IngestError(path, f"cannot read: {exc.strerror or exc}", code="C104")
        return
    reader = {"text": text.read, "html": html.read, "feed": feeds.read, "jsonl": jsonl.read}[kind]
    items = reader(path, content, published=published, max_chars=settings.max_doc_chars)
    yield from _in_languages(items, settings.language_codes)


def _in_languages(items: Iterable[Document | IngestError],
                  languages: tuple[str, ...]) -> Iterator[Document | IngestError]:
    """Pass documents in one of the languages (or of no clear language) through."""
    for item in items:
        if languages and isinstance(item, Document):
            found = detect_language(item.text)
            if found is not None and found not in languages:
                yield LanguageSkipped(item.source_path, item.doc_id, found, languages)
                continue
        yield item


def read_inputs(paths: Iterable[str], *, settings: Settings, published: date | None = None,
                fmt: str | None = None) -> Iterator[Document | IngestError]:
    """Read every input path in turn, yielding documents and per-input errors."""
    for path in paths:
        yield from read_path(str(path), settings=settings, published=published, fmt=fmt)
