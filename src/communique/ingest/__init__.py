"""Ingest: files, pages, feeds and corpora in, Document records out.

`read_inputs` yields a Document for every news item it can read and an IngestError for every
one it cannot, so one bad file or line never stops the rest of a batch.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import BinaryIO

from ..config import Settings
from ..errors import IngestError
from ..models import Document
from .document import make_document, parse_published
from .furniture import is_furniture, strip_furniture

__all__ = ["read_inputs", "read_path", "make_document", "parse_published", "is_furniture",
           "strip_furniture", "detect_format", "count_documents", "FORMATS"]

FORMATS = ("text", "html", "feed", "jsonl")
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


def decode_bytes(data: bytes, source: str) -> str:
    """Decode an input's bytes (UTF-8, UTF-16 with BOM, or Windows-1252), refusing binaries."""
    if not data.strip():
        raise IngestError(source, "file is empty", code="C102")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise IngestError(source, "invalid UTF-16 text", code="C103") from None
    if b"\x00" in data[:65536]:
        raise IngestError(source, "binary content, not a text, HTML, feed or JSONL file",
                          code="C103")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\t\r\n\f")
    if controls > len(text[:65536]) * 0.01 or text.count("\ufffd") > len(text) * 0.01:
        raise IngestError(source, "binary content, not a text, HTML, feed or JSONL file",
                          code="C103")
    return text


def read_path(path: str, *, settings: Settings, published: date | None = None,
              fmt: str | None = None) -> Iterator[Document | IngestError]:
    """Read one input path ('-' for standard input) and yield its documents or errors.

    JSON Lines corpora are streamed line by line, so their size is not limited and memory
    stays flat; a single-document file or feed is read whole, up to max_file_mb.
    """
    from . import feeds, html, jsonl, text

    try:
        if path == "-":
            if fmt == "jsonl":
                yield from jsonl.read_lines(path, _stream_lines(path, sys.stdin.buffer),
                                            published=published)
                return
            data = sys.stdin.buffer.read(settings.max_file_mb * 2**20 + 1)
        else:
            p = Path(path)
            if not p.exists():
                raise IngestError(path, "no such file", code="C104")
            if p.is_dir():
                raise IngestError(path, "is a directory; pass the files inside it", code="C104")
            if (fmt or _kind_of_file(p)) == "jsonl":
                with p.open("rb") as handle:
                    yield from jsonl.read_lines(path, _stream_lines(path, handle),
                                                published=published)
                return
            if p.stat().st_size > settings.max_file_mb * 2**20:
                raise IngestError(path, f"larger than max_file_mb={settings.max_file_mb}",
                                  code="C105")
            data = p.read_bytes()
        content = decode_bytes(data, path)
        kind = fmt or detect_format(path, content)
        if kind not in FORMATS:
            raise IngestError(path, f"unsupported format {kind!r}; use one of {FORMATS}",
                              code="C107")
    except IngestError as exc:
        yield exc
        return
    except OSError as exc:
        yield IngestError(path, f"cannot read: {exc.strerror or exc}", code="C104")
        return
    reader = {"text": text.read, "html": html.read, "feed": feeds.read, "jsonl": jsonl.read}[kind]
    yield from reader(path, content, published=published)


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
    for raw in handle:
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
