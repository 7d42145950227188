"""Plain records that flow through the pipeline: Document in, Event out."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any


@dataclass
class Document:
    """One news item as read from an input: its text, what we know of its origin, and hints."""

    doc_id: str
    text: str
    source_path: str
    published: date | None = None
    date_basis: str = "none"
    title: str | None = None
    url: str | None = None
    author: str | None = None
    source_hint: str | None = None
    target_hint: str | None = None
    dropped_lines: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Actor:
    """A resolved actor: CAMEO code built from country (or organisation) and sector."""

    code: str
    country: str | None = None
    sector: str | None = None
    name: str | None = None
    evidence: str = ""

    def in_country(self, country: str, evidence: str) -> Actor:
        """The same actor placed in a country (its sector kept), with the reason appended."""
        return replace(self, code=country + (self.sector or ""), country=country,
                       evidence=evidence)

    def to_dict(self, text: str, span: tuple[int, int]) -> dict[str, Any]:
        """The contract shape of an event side."""
        return {"text": text, "code": self.code, "country": self.country,
                "sector": self.sector, "name": self.name, "span": list(span)}


@dataclass(frozen=True)
class Location:
    """Where an event happened, with coordinates when the gazetteer knows the place."""

    name: str
    country: str | None
    lat: float | None
    lon: float | None
    feature: str  # "city", "country" or "place"


@dataclass
class Event:
    """One coded event with its provenance; to_dict() gives the JSON output contract."""

    id: str
    doc_id: str
    date: str | None
    date_precision: str | None
    date_basis: str
    source: dict[str, Any]
    target: dict[str, Any]
    cameo: str
    cameo_name: str
    quad_class: int
    goldstein: float
    plover: str | None
    plover_mode: str | None
    location: dict[str, Any] | None
    sentence: str
    sentence_index: int
    char_span: list[int]
    negated: bool
    confidence: float
    evidence: str
    verb: dict[str, Any] = field(default_factory=dict)
    plover_context: str | None = None
    published: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict in the documented field order."""
        return asdict(self)
