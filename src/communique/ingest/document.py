"""From raw text and metadata to a Document: furniture removed, publication date checked."""

from __future__ import annotations

import reprlib
from datetime import date, datetime

from dateutil import parser as dateparser

from ..errors import IngestError
from ..models import Document
from .decode import clean_line, clean_text
from .furniture import strip_furniture

# Longer than any written date; dateutil is slow on long junk.
_MAX_DATE_CHARS = 100


def parse_published(value: object, *, what: str = "date") -> date:
    """Parse a publication date (ISO date or datetime, or a common written form) in the years
    2 to 9998; anything else raises ValueError."""
    if isinstance(value, datetime):
        parsed = value.date()
    elif isinstance(value, date):
        parsed = value
    elif not isinstance(value, str) or not value.strip():
        raise ValueError(f"{what} must be a non-empty string, got {reprlib.repr(value)}")
    elif len(value) > _MAX_DATE_CHARS:
        raise ValueError(f"{what} {reprlib.repr(value)} is not a date")
    else:
        try:
            parsed = dateparser.parse(value.strip())
        except (ValueError, OverflowError):
            parsed = None
        if parsed is None:
            raise ValueError(f"{what} {reprlib.repr(value)} is not a date")
    # Event dates are computed from this one ("last year", "next month"): keep a year's margin
    # on each side of what Python's dates can hold.
    if not 2 <= parsed.year <= 9998:
        raise ValueError(f"{what} {reprlib.repr(value)} is out of range (years 2 to 9998)")
    return parsed if type(parsed) is date else parsed.date()


def make_document(doc_id: str, raw_text: str, source_path: str, *,
                  published: date | None, date_basis: str, unwrap: bool = True,
                  max_chars: int | None = None, **fields: str | None) -> Document:
    """Build a Document: check its length, remove invisible characters and furniture, unwrap
    lines, and record the date's basis."""
    if max_chars is not None and len(raw_text) > max_chars:
        raise IngestError(source_path, f"document text is {len(raw_text):,} characters, more "
                          f"than max_doc_chars={max_chars}; split it into smaller documents",
                          code="C108")
    if published is not None:
        try:
            published = parse_published(published, what="publication date")
        except ValueError as exc:
            raise IngestError(source_path, str(exc), code="C140") from None
    cleaned = clean_text(raw_text)
    if not cleaned.strip():
        raise IngestError(source_path, "no text: only whitespace, control or invisible "
                          "characters", code="C106")
    text, dropped = strip_furniture(cleaned, unwrap=unwrap)
    if not text.strip():
        raise IngestError(source_path, "no article text left after removing page furniture",
                          code="C106")
    metadata = {key: (clean_line(value) or None) if isinstance(value, str) else value
                for key, value in fields.items()}
    return Document(doc_id=clean_line(doc_id) or "untitled", text=text, source_path=source_path,
                    published=published, date_basis=date_basis if published else "none",
                    dropped_lines=dropped, **metadata)
