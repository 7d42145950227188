"""Ingest: files, pages, feeds and corpora in, Document records out.

`read_inputs` yields a Document for every news item it can read and an IngestError for every
one it cannot, so one bad file or line never stops the rest of a batch.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from datetime import date
from pathlib import Path
from typing import BinaryIO

from ..config import Settings
from ..errors import IngestError, LanguageSkipped
from ..models import Document
from .decode import clean_line, clean_text, decode_bytes
from .document import make_document, parse_published
from .furniture import is_furniture, strip_furniture
from .language import detect_language

__all__ = ["read_inputs", "read_path", "make_document", "parse_published", "is_furniture",
           "strip_furniture", "detect_format", "decode_bytes", "clean_text", "clean_line",
           "detect_language", "count_documents", "FORMATS", "MARKUP_FACTOR"]

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
    documents outside settings.languages come out as LanguageSkipped.

    JSON Lines corpora are streamed line by line, so their size is not limited and memory
    stays flat; a single-document file or feed is read whole, up to max_file_mb.
    """
    from . import feeds, html, jsonl, text

    limits = {"published": published, "max_chars": settings.max_doc_chars}
    try:
        stream = _corpus_stream(path, fmt)
        if stream is not None:
            with stream as handle:
                items = jsonl.read_lines(path, _stream_lines(path, handle), **limits)
                yield from _in_languages(items, settings.language_codes)
            return
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
    items = reader(path, content, **limits)
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


def _corpus_stream(path: str, fmt: str | None) -> AbstractContextManager[BinaryIO] | None:
    """An open byte stream when the input is a JSON Lines corpus that can be read line by
    line (UTF-16 and UTF-32 files are decoded whole instead); None otherwise."""
    if path == "-":
        return nullcontext(sys.stdin.buffer) if fmt == "jsonl" else None
    p = Path(path)
    if not p.is_file() or (fmt or _kind_of_file(p)) != "jsonl":
        return None
    with p.open("rb") as handle:
        if handle.read(4).startswith((b"\xff\xfe", b"\xfe\xff")):
            return None
    return p.open("rb")


def _kind_of_file(path: Path) -> str:
    """The reader for a file: by suffix, else by its first bytes (read without loading it)."""
    kind = _SUFFIXES.get(path.suffix.lower())
    if kind is not None:
        return kind
    with path.open("rb") as handle:
        head = handle.read(2048)
    return detect_format(str(path), head.decode("utf-8", errors="ignore"))


def _stream_lines(source: str, handle: BinaryIO) -> Iterator[str]:
    """Decode a corpus line by line (UTF-8, else Windows-1252), refusing binaries and empties."""
    first = True
    for line in handle:
        raw = line.removesuffix(b"\n").removesuffix(b"\r")
        if first:
            if b"\x00" in raw[:65536]:
                raise IngestError(source, "binary content, not a text, HTML, feed or JSONL "
                                  "file", code="C103")
            raw = raw.removeprefix(b"\xef\xbb\xbf")
            first = False
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            yield raw.decode("cp1252", errors="replace")
    if first:
        raise IngestError(source, "file is empty", code="C102")


def count_documents(paths: Iterable[str], fmt: str | None = None) -> int | None:
    """How many documents the inputs hold, counted cheaply (lines of a corpus, 1 per file);
    None when that cannot be known without reading them (standard input, feeds)."""
    total = 0
    for path in paths:
        p = Path(path)
        if path == "-":
            return None
        if not p.is_file():
            total += 1  # reported as one error
            continue
        kind = fmt or _kind_of_file(p)
        if kind == "feed":
            return None
        total += _count_lines(p) if kind == "jsonl" else 1
    return total


def _count_lines(path: Path) -> int:
    lines, last = 0, b"\n"
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return lines + (last != b"\n")


def read_inputs(paths: Iterable[str], *, settings: Settings, published: date | None = None,
                fmt: str | None = None) -> Iterator[Document | IngestError]:
    """Read every input path in turn, yielding documents and per-input errors."""
    for path in paths:
        yield from read_path(str(path), settings=settings, published=published, fmt=fmt)
