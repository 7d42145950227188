"""From raw text and metadata to a Document: furniture removed, publication date checked."""

from __future__ import annotations

from datetime import date, datetime

from dateutil import parser as dateparser

from ..errors import IngestError
from ..models import Document
from .furniture import strip_furniture


def parse_published(value: object, *, what: str = "date") -> date:
    """Parse a publication date (ISO date or datetime, or a common written form)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{what} must be a non-empty string, got {value!r}")
    try:
        parsed = dateparser.parse(value.strip())
    except (ValueError, OverflowError):
        parsed = None
    if parsed is None:
        raise ValueError(f"{what} {value!r} is not a date")
    if not 1 <= parsed.year <= 9998:
        raise ValueError(f"{what} {value!r} is out of range")
    return parsed.date()


def make_document(doc_id: str, raw_text: str, source_path: str, *,
                  published: date | None, date_basis: str, unwrap: bool = True,
                  **fields: str | None) -> Document:
    """Build a Document: strip furniture, unwrap lines, and record the date's basis."""
    text, dropped = strip_furniture(raw_text, unwrap=unwrap)
    if not text.strip():
        raise IngestError(source_path, "no article text left after removing page furniture",
                          code="C106")
    return Document(doc_id=doc_id, text=text, source_path=source_path, published=published,
                    date_basis=date_basis if published else "none", dropped_lines=dropped,
                    **fields)
