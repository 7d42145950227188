"""JSON Lines corpora: one document per line, {"id", "text", "date"?, "url"?, "title"?, ...}."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from ..errors import IngestError
from ..models import Document
from .decode import clean_line
from .document import make_document, parse_published

_OPTIONAL_STRINGS = ("url", "title", "author", "source", "target")
# Metadata, not articles: a longer title or hint is a corpus built wrongly.
_MAX_FIELD_CHARS = 10_000


def read(path: str, content: str, *, published: date | None,
         max_chars: int | None = None) -> Iterator[Document | IngestError]:
    """Yield a document per valid line and an error naming the line for each bad one."""
    # Only "\n" ends a record: JSON strings may hold U+2028 or U+0085, which splitlines() splits.
    return read_lines(path, content.split("\n"), published=published, max_chars=max_chars)


def read_lines(path: str, lines: Iterable[str], *, published: date | None,
               max_chars: int | None = None) -> Iterator[Document | IngestError]:
    """Like read, over lines as they arrive: a corpus is never held in memory whole."""
    stem = Path(path).name
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield IngestError(path, f"invalid JSON ({exc.msg} at column {exc.colno})",
                              line=lineno, code="C130")
            continue
        except ValueError as exc:  # e.g. an integer of more than 4,300 digits
            yield IngestError(path, f"invalid JSON ({exc})", line=lineno, code="C130")
            continue
        except RecursionError:
            yield IngestError(path, "invalid JSON (nested too deeply)", line=lineno, code="C130")
            continue
        try:
            yield _document(record, stem, path, lineno, published, max_chars)
        except IngestError as exc:
            yield exc


def _document(record: object, stem: str, path: str, lineno: int,
              published: date | None, max_chars: int | None) -> Document:
    def bad(problem: str) -> IngestError:
        return IngestError(path, problem, line=lineno, code="C131")

    if not isinstance(record, dict):
        raise bad(f"expected a JSON object, got {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise bad("missing or empty 'text' string")
    doc_id = record.get("id", f"{stem}#{lineno}")
    if not isinstance(doc_id, (str, int)) or isinstance(doc_id, bool):
        raise bad(f"'id' must be a string or integer, got {type(doc_id).__name__}")
    if isinstance(doc_id, str) and not clean_line(doc_id):
        raise bad("'id' is empty")
    for key in _OPTIONAL_STRINGS:
        if record.get(key) is not None and not isinstance(record[key], str):
            raise bad(f"'{key}' must be a string, got {type(record[key]).__name__}")
        if len(record.get(key) or "") > _MAX_FIELD_CHARS:
            raise bad(f"'{key}' is longer than {_MAX_FIELD_CHARS:,} characters")
    basis = "given"
    if published is None and record.get("date") is not None:
        try:
            published, basis = parse_published(record["date"], what="'date'"), "input"
        except ValueError as exc:
            raise bad(str(exc)) from None
    # The title stays metadata: headlines are not full sentences about events.
    title = record.get("title")
    try:
        return make_document(str(doc_id), text, path, published=published, date_basis=basis,
                             title=title, url=record.get("url"), author=record.get("author"),
                             source_hint=record.get("source"), target_hint=record.get("target"),
                             max_chars=max_chars)
    except IngestError as exc:
        raise IngestError(path, exc.problem, line=lineno, code=exc.code) from None
