"""What every analysis shares: opening a store read-only, filters as SQL, periods, fetching."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Union

import duckdb
import pyarrow as pa

from ..errors import ConfigError
from ..store import EventStore, _interruptible

StoreLike = Union[EventStore, str, Path]  # noqa: UP007 - a runtime alias, usable in isinstance
PERIODS = ("day", "week", "month", "year")
LEVELS = ("actor", "country")
COUNTS = ("events", "mentions")
# Where a record came from: the host of its article's URL, else the file or feed it was
# read from, else the document itself (a text on stdin is its own source).
PUBLISHER_SQL = (
    "coalesce(nullif(regexp_extract(lower(d.url), '^[a-z][a-z0-9+.-]*://(?:www[0-9]?\\.)?"
    "([^/:?#]+)', 1), ''), d.source_path, e.doc_id)")


@contextmanager
def opened(store: StoreLike) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the store: the store's own, or a read-only one on a database path."""
    if isinstance(store, EventStore):
        yield store.con
        return
    if not isinstance(store, str | Path):
        raise ConfigError(f"store must be an EventStore or a database path, not "
                          f"{type(store).__name__}")
    with EventStore(store, read_only=True) as opened_store:
        yield opened_store.con


def fetch(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any]) -> pa.Table:
    """Run a query and return its result as an Arrow table."""
    with _interruptible():
        relation = con.sql(sql, params=list(params))
        fetch_table = getattr(relation, "to_arrow_table", None) or relation.arrow
        return fetch_table()


def choice(value: str | None, allowed: Sequence[str], what: str, *,
           optional: bool = False) -> str | None:
    """Check a whitelisted option; the error names the option and the choices."""
    if value is None and optional:
        return None
    if not isinstance(value, str) or value.lower() not in allowed:
        raise ConfigError(f"unknown {what} {value!r}; use one of: {', '.join(allowed)}")
    return value.lower()


def _day(value: date | str | None, what: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(f"{what} {value!r} is not a date; use YYYY-MM-DD") from None


def _many(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str | int):
        return [value]
    return list(value)


@dataclass
class Filters:
    """Event filters shared by every analysis; `sql()` gives a WHERE clause and parameters.

    The clause refers to the events table as `e` and, for `source`, the documents table as
    `d` (see `needs_documents`).
    """

    actor: str | None = None
    country: str | None = None
    sector: str | None = None
    cameo_root: str | Sequence[str] | None = None
    quad_class: int | Sequence[int] | None = None
    plover: str | None = None
    since: date | str | None = None
    until: date | str | None = None
    source: str | None = None
    extra: list[tuple[str, list[Any]]] = field(default_factory=list)

    @classmethod
    def of(cls, filters: dict[str, Any]) -> Filters:
        """Filters from keyword arguments; an unknown keyword is a ConfigError."""
        known = {"actor", "country", "sector", "cameo_root", "quad_class", "plover", "since",
                 "until", "source"}
        unknown = sorted(set(filters) - known)
        if unknown:
            raise ConfigError(f"unknown filter {unknown[0]!r}; use: {', '.join(sorted(known))}")
        return cls(**{k: v for k, v in filters.items() if v is not None})

    def __post_init__(self) -> None:
        self.since = _day(self.since, "since")
        self.until = _day(self.until, "until")
        if self.since and self.until and self.since > self.until:
            raise ConfigError(f"since {self.since} is after until {self.until}")
        roots = [str(r).zfill(2) for r in _many(self.cameo_root)]
        for root in roots:
            if not (root.isdigit() and 1 <= int(root) <= 20):
                raise ConfigError(f"cameo_root {root!r} is not a CAMEO root code (01-20)")
        self.cameo_root = roots or None
        quads = _many(self.quad_class)
        for quad in quads:
            if str(quad) not in {"1", "2", "3", "4"}:
                raise ConfigError(f"quad_class {quad!r} must be 1, 2, 3 or 4")
        self.quad_class = [int(q) for q in quads] or None

    @property
    def needs_documents(self) -> bool:
        """True when the clause reads the documents table (alias d)."""
        return self.source is not None

    def sql(self) -> tuple[str, list[Any]]:
        """WHERE clause (without the keyword) and its parameters."""
        where: list[str] = ["TRUE"]
        params: list[Any] = []
        if self.actor:
            where.append("(starts_with(e.source_code, ?) OR starts_with(e.target_code, ?))")
            params += [self.actor.upper()] * 2
        if self.country:
            where.append("(e.source_country = ? OR e.target_country = ?)")
            params += [self.country.upper()] * 2
        if self.sector:
            where.append("(e.source_sector = ? OR e.target_sector = ?)")
            params += [self.sector.upper()] * 2
        if self.cameo_root:
            where.append("list_contains(?, e.cameo_root)")
            params.append(list(self.cameo_root))
        if self.quad_class:
            where.append("list_contains(?, CAST(e.quad_class AS INTEGER))")
            params.append(list(self.quad_class))
        if self.plover:
            where.append("e.plover = ?")
            params.append(self.plover.upper())
        if self.since:
            where.append("e.date >= ?")
            params.append(self.since)
        if self.until:
            where.append("e.date <= ?")
            params.append(self.until)
        if self.source:
            where.append(f"({PUBLISHER_SQL} = ? OR d.url = ? OR d.source_path = ?)")
            params += [self.source.lower(), self.source, self.source]
        for clause, values in self.extra:
            where.append(clause)
            params += values
        return " AND ".join(where), params

    def from_sql(self) -> str:
        """The FROM clause the WHERE clause needs."""
        if self.needs_documents:
            return "events e LEFT JOIN documents d ON d.doc_id = e.doc_id"
        return "events e"


def side_columns(level: str) -> tuple[str, str]:
    """The source and target columns of a level ("actor" codes or "country" codes)."""
    level = choice(level, LEVELS, "level")
    return ("e.source_code", "e.target_code") if level == "actor" else (
        "e.source_country", "e.target_country")


def period_sql(period: str | None, column: str = "e.date") -> str:
    """SQL for the first day of the period holding `column` (a whitelisted date_trunc)."""
    period = choice(period, PERIODS, "period")
    return f"CAST(date_trunc('{period}', {column}) AS DATE)"


def records(store: StoreLike, **filters: Any) -> pa.Table:
    """The filtered event records (all store columns), in the store's usual order."""
    chosen = Filters.of(filters)
    where, params = chosen.sql()
    sql = (f"SELECT e.* FROM {chosen.from_sql()} WHERE {where} "
           "ORDER BY e.date NULLS LAST, e.doc_id, e.sentence_index, e.char_start, e.cameo")
    with opened(store) as con:
        return fetch(con, sql, params)
