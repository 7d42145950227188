"""Plain-text articles: the whole file is one document, named after the file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from ..errors import IngestError
from ..models import Document
from .document import make_document


def read(path: str, content: str, *, published: date | None,
         max_chars: int | None = None) -> Iterator[Document | IngestError]:
    """Yield the file as one document; the first short line without a full stop is its title."""
    first = content.lstrip()[:200].partition("\n")[0].strip()
    title = first if first and len(first) < 160 and not first.endswith(".") else None
    try:
        yield make_document(Path(path).name if path != "-" else "stdin", content, path,
                            published=published, date_basis="given", title=title,
                            max_chars=max_chars)
    except IngestError as exc:
        yield exc
