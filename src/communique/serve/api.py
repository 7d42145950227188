"""The dashboard's read-only JSON API: thin endpoints over `communique.analyse`.

Every aggregate comes from the analysis layer (dyads, trend, relation_graph) with its shared
`Filters`; this module only validates query parameters and shapes answers for the browser.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from datetime import date
from enum import Enum
from functools import lru_cache
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field

from .. import analyse
from ..actors.kb import read_table
from ..analyse.common import Filters, fetch
from ..analyse.trend import _side
from ..events.classifier import MODEL_NAME
from ..events.codebook import load_codebook
from ..store import EventStore, event_dict
from .security import with_deadline

router = APIRouter(prefix="/api")

QUAD_CLASSES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
                4: "material conflict"}
QUAD_COLUMNS = ("verbal_coop", "material_coop", "verbal_conflict", "material_conflict")
COUNTRY = r"^[A-Za-z]{3}$"
CODE = r"^[A-Za-z]{3,15}$"


@lru_cache(maxsize=1)
def names() -> dict[str, str]:
    """Display names of state and organisation codes, from the packaged actor tables."""
    found: dict[str, str] = {}
    for table in ("countries.tsv", "igos.tsv"):
        for _, row in read_table(table):
            found[row["code"]] = row["name"]
    return found


@lru_cache(maxsize=1)
def plover_types() -> list[str]:
    """PLOVER event types the codebook maps CAMEO codes to."""
    return sorted({c.plover for c in load_codebook().codes.values() if c.plover})


PloverType = Enum("PloverType", {p: p for p in plover_types()}, type=str)  # type: ignore[misc]
Period = Literal["day", "week", "month", "year"]


# -- the store of one request -------------------------------------------------------------

class _RequestStore(EventStore):
    """The app's read-only store seen through a cursor of its own: DuckDB connections are
    not to be shared between threads, and FastAPI answers requests on a thread pool."""

    def __init__(self, base: EventStore,  # noqa: D107 - no new database is opened
                 timeout: float = 0) -> None:
        self.path = base.path
        self.con = base.con.cursor()
        self.timeout = timeout  # seconds this request's queries may run (0: no limit)


def get_store(request: Request) -> Iterator[EventStore]:
    """A per-request view of the app's store (closed when the response is sent)."""
    store = _RequestStore(request.app.state.store, request.app.state.limits.query_timeout)
    try:
        yield store
    finally:
        store.close()


StoreDep = Annotated[EventStore, Depends(get_store)]


# -- filters shared by every endpoint -------------------------------------------------------

def get_filters(
    since: Annotated[date | None, Query(description="Earliest event date, YYYY-MM-DD.")] = None,
    until: Annotated[date | None, Query(description="Latest event date, YYYY-MM-DD.")] = None,
    actor: Annotated[str | None, Query(
        pattern=CODE,
        description="Actor code prefix on either side (RUS, RUSGOV, IGOEUREEC).")] = None,
    country: Annotated[str | None, Query(
        pattern=COUNTRY, description="Country code of either side (PRK).")] = None,
    cameo_root: Annotated[str | None, Query(
        pattern=r"^(0[1-9]|1[0-9]|20)$", description="CAMEO root code, 01-20.")] = None,
    plover: Annotated[PloverType | None, Query(description="PLOVER event type.")] = None,
    quad_class: Annotated[int | None, Query(
        ge=1, le=4, description="1 verbal coop., 2 material coop., 3 verbal conflict, "
        "4 material conflict.")] = None,
) -> dict[str, Any]:
    """The event filters of a request as keyword arguments of the analysis functions."""
    found = {"since": since, "until": until, "actor": actor, "country": country,
             "cameo_root": cameo_root, "plover": plover.value if plover else None,
             "quad_class": quad_class}
    return {k: v for k, v in found.items() if v is not None}


FiltersDep = Annotated[dict[str, Any], Depends(get_filters)]


class AnswerCache:
    """Answers of aggregate queries by their arguments and the store's data version (which
    every committed ingest batch moves on), so an answer is reused until the data changes;
    whole-store aggregates over millions of events take seconds, and every view reuses them.
    Concurrent requests for the same answer wait for one computation."""

    def __init__(self, size: int = 128) -> None:
        """Keep at most `size` answers, dropping the least recently used."""
        self.size = size
        self._answers: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._pending: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The answer for key, computed once."""
        with self._lock:
            if key in self._answers:
                self._answers.move_to_end(key)
                return self._answers[key]
            pending = self._pending.setdefault(key, threading.Lock())
        with pending:
            with self._lock:
                if key in self._answers:
                    return self._answers[key]
            answer = compute()
            with self._lock:
                self._answers[key] = answer
                self._pending.pop(key, None)
                while len(self._answers) > self.size:
                    self._answers.popitem(last=False)
        return answer


def get_cache(request: Request) -> AnswerCache:
    """The app's answer cache."""
    return request.app.state.cache


CacheDep = Annotated[AnswerCache, Depends(get_cache)]


def get_dedup(request: Request) -> bool:
    """Whether aggregates merge reports of one event (the app's setting)."""
    return request.app.state.dedup


DedupDep = Annotated[bool, Depends(get_dedup)]


def _key(store: EventStore, name: str, filters: dict[str, Any], *extra: Hashable
         ) -> tuple[Hashable, ...]:
    # The store's data version is in the key: an ingest writing meanwhile makes new answers.
    return (store.data_version(), name, *extra, tuple(sorted(filters.items())))


# -- response models ------------------------------------------------------------------------

class Summary(BaseModel):
    """How much the filtered store holds."""

    documents: int
    events: int
    first_date: date | None
    last_date: date | None
    countries: int = Field(description="Distinct countries on either side.")
    quad_classes: dict[int, int] = Field(description="Events per quad class (1-4).")


class Named(BaseModel):
    """A code and its display name."""

    code: str
    name: str


class Meta(BaseModel):
    """Choices for the dashboard's filters."""

    cameo_roots: list[Named]
    plover: list[str]
    quad_classes: list[Named]
    periods: list[str]
    dedup: bool = Field(description="Aggregates merge reports of one event (false: every "
                        "record counts as an event).")
    names: dict[str, str] = Field(description="Display names of state and organisation codes.")


class CountryVolume(BaseModel):
    """One country's events (either side) and their mean Goldstein score."""

    code: str
    name: str | None
    events: int
    goldstein_mean: float | None


class QuadCounts(BaseModel):
    """Events per quad class and their mean Goldstein score."""

    events: int
    mentions: int
    verbal_coop: int
    material_coop: int
    verbal_conflict: int
    material_conflict: int
    goldstein_mean: float | None


class Dyad(QuadCounts):
    """A source -> target pair of countries (or merged pair when undirected)."""

    source: str
    target: str
    source_name: str | None
    target_name: str | None


class TrendPoint(QuadCounts):
    """One period of a dyad's time series."""

    period: date | None
    alert: str | None = Field(None, description="warming, cooling or null.")


class Trend(BaseModel):
    """A dyad over time."""

    a: str
    b: str
    period: str
    directed: bool
    points: list[TrendPoint]


class Node(BaseModel):
    """A country in the relation graph."""

    id: str
    name: str | None
    events: int
    goldstein_mean: float | None


class Edge(BaseModel):
    """Directed relation between two countries."""

    source: str
    target: str
    events: int
    mentions: int
    goldstein_mean: float | None
    sign: int = Field(description="+1 cooperative, -1 conflictual, 0 neutral.")


class Graph(BaseModel):
    """Relation graph: countries and their directed, signed relations."""

    nodes: list[Node]
    edges: list[Edge]


class EventRow(BaseModel):
    """One event record as a table row."""

    id: str
    doc_id: str
    date: date | None
    source_code: str | None
    source_country: str | None
    source_name: str | None
    target_code: str | None
    target_country: str | None
    target_name: str | None
    cameo: str
    cameo_name: str | None
    quad_class: int | None
    goldstein: float | None
    plover: str | None
    confidence: float | None


class EventPage(BaseModel):
    """A page of event records, newest first."""

    total: int
    offset: int
    limit: int
    items: list[EventRow]


class Side(BaseModel):
    """An actor of an event as coded."""

    text: str | None
    code: str | None
    country: str | None
    sector: str | None
    name: str | None
    span: list[int | None] = Field(description="Character offsets into the document.")


class Highlight(BaseModel):
    """Character offsets into `sentence` of what the coder read (null where unknown)."""

    source: list[int] | None
    target: list[int] | None
    verb: list[int] | None


class EventDetail(BaseModel):
    """One event with the sentence it was coded from and how it was coded."""

    id: str
    doc_id: str
    date: date | None
    date_precision: str | None
    date_basis: str | None
    source: Side
    target: Side
    cameo: str
    cameo_name: str | None
    quad_class: int | None
    quad_class_name: str | None
    goldstein: float | None
    plover: str | None
    plover_mode: str | None
    plover_context: str | None
    location: dict[str, Any] | None
    sentence: str
    sentence_index: int | None
    highlight: Highlight
    verb: dict[str, Any]
    negated: bool | None
    confidence: float | None
    coded_by: Literal["rule", "model"] = Field(
        description="'model' when the learned PLOVER classifier chose the code.")
    evidence: str | None
    published: date | None
    title: str | None
    url: str | None


# -- endpoints ------------------------------------------------------------------------------

def _sql_filters(filters: dict[str, Any]) -> Filters:
    return Filters.of(filters)


@router.get("/summary", response_model=Summary, summary="Counts of the filtered events")
@with_deadline
def summary(store: StoreDep, cache: CacheDep, filters: FiltersDep) -> Summary:
    """Documents, events, date range, countries and events per quad class."""
    return cache.get(_key(store, "summary", filters), lambda: _summary(store, filters))


def _summary(store: EventStore, filters: dict[str, Any]) -> Summary:
    chosen = _sql_filters(filters)
    where, params = chosen.sql()
    quads = ", ".join(f"count(*) FILTER (WHERE quad_class = {q})" for q in QUAD_CLASSES)
    row = fetch(store.con, f"""
        WITH f AS (SELECT e.* FROM {chosen.from_sql()} WHERE {where})
        SELECT count(*) AS events, count(DISTINCT doc_id) AS documents,
               min(date) AS first_date, max(date) AS last_date,
               (SELECT count(DISTINCT c) FROM (SELECT source_country AS c FROM f
                                               UNION SELECT target_country FROM f)
                WHERE c IS NOT NULL) AS countries,
               [{quads}] AS quads
        FROM f""", params).to_pylist()[0]
    return Summary(documents=row["documents"], events=row["events"],
                   first_date=row["first_date"], last_date=row["last_date"],
                   countries=row["countries"],
                   quad_classes=dict(zip(QUAD_CLASSES, row["quads"], strict=True)))


@router.get("/meta", response_model=Meta, summary="Filter choices and display names")
def meta(dedup: DedupDep) -> Meta:
    """CAMEO roots, PLOVER types, quad classes, periods and code names."""
    codebook = load_codebook().codes
    roots = [Named(code=c.code, name=c.name) for c in codebook.values() if len(c.code) == 2]
    return Meta(cameo_roots=sorted(roots, key=lambda r: r.code), plover=plover_types(),
                quad_classes=[Named(code=str(k), name=v) for k, v in QUAD_CLASSES.items()],
                periods=list(analyse.PERIODS), dedup=dedup, names=names())


def _graph(store: EventStore, cache: AnswerCache, dedup: bool, filters: dict[str, Any],
           min_events: int = 1) -> Any:
    """The country relation graph, shared by the map, its arcs and the graph view."""
    return cache.get(_key(store, "graph", filters, min_events), lambda: analyse.relation_graph(
        store, level="country", min_events=min_events, dedup=dedup, **filters))


@router.get("/countries", response_model=list[CountryVolume],
            summary="Event volume and mean Goldstein per country (for the map)")
@with_deadline
def countries(store: StoreDep, cache: CacheDep, dedup: DedupDep,
              filters: FiltersDep) -> list[CountryVolume]:
    """Countries on either side of the filtered events, most events first."""
    graph = _graph(store, cache, dedup, filters)
    rows = [CountryVolume(code=code, name=names().get(code), events=data["events"],
                          goldstein_mean=data.get("goldstein_mean"))
            for code, data in graph.nodes(data=True) if code]
    return sorted(rows, key=lambda r: (-r.events, r.code))


def _quads(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in ("events", "mentions", *QUAD_COLUMNS, "goldstein_mean")}


@router.get("/dyads", response_model=list[Dyad],
            summary="Strongest country dyads (for the map's arcs)")
@with_deadline
def dyads(store: StoreDep, cache: CacheDep, dedup: DedupDep, filters: FiltersDep,
          limit: Annotated[int, Query(ge=1, le=500, description="At most this many.")] = 20,
          directed: Annotated[bool, Query(description="Keep A->B apart from B->A.")] = True,
          ) -> list[Dyad]:
    """Country dyads with the most events, with quad-class counts and Goldstein mean."""
    if directed:
        # The graph's edges are these dyads (dyads(period=None, directed=True)).
        rows = [{"source": s, "target": t, **d}
                for s, t, d in _graph(store, cache, dedup, filters).edges(data=True)]
    else:
        rows = cache.get(_key(store, "dyads", filters, directed), lambda: analyse.dyads(
            store, period=None, directed=False, level="country", dedup=dedup,
            **filters).to_pylist())
    rows = sorted((r for r in rows if r["source"] and r["target"]),
                  key=lambda r: (-r["events"], r["source"], r["target"]))
    return [Dyad(source=r["source"], target=r["target"], source_name=names().get(r["source"]),
                 target_name=names().get(r["target"]), **_quads(r)) for r in rows[:limit]]


@router.get("/trend", response_model=Trend, summary="One dyad over time")
@with_deadline
def trend(store: StoreDep, cache: CacheDep, dedup: DedupDep, filters: FiltersDep,
          a: Annotated[str, Query(pattern=CODE, description="First side: country or actor "
                                  "code prefix (USA, USAGOV).")],
          b: Annotated[str, Query(pattern=CODE, description="Second side (PRK).")],
          period: Annotated[Period, Query(description="Bucket of the series.")] = "month",
          directed: Annotated[bool, Query(description="Only a -> b.")] = False) -> Trend:
    """Quad-class counts and Goldstein mean of the dyad per period, empty periods included."""
    a, b = a.upper(), b.upper()

    def compute() -> Trend:
        table, _ = analyse.trend(store, a, b, period=period, directed=directed, dedup=dedup,
                                 **filters)
        points = [TrendPoint(period=r["period"], alert=r.get("alert"), **_quads(r))
                  for r in table.to_pylist()]
        return Trend(a=a, b=b, period=period, directed=directed, points=points)

    return cache.get(_key(store, "trend", filters, a, b, period, directed), compute)


@router.get("/graph", response_model=Graph, summary="Relation graph between countries")
@with_deadline
def graph(store: StoreDep, cache: CacheDep, dedup: DedupDep, filters: FiltersDep,
          min_events: Annotated[int, Query(ge=1, description="Least events per edge.")] = 1,
          limit: Annotated[int, Query(ge=1, le=5000, description="At most this many edges, "
                                      "the strongest; nodes are their ends.")] = 150,
          ) -> Graph:
    """Countries as nodes, directed signed edges weighted by events."""
    found = _graph(store, cache, dedup, filters, min_events)
    # A browser lays out a few hundred edges legibly; a large store has tens of thousands.
    strongest = sorted(((s, t, d) for s, t, d in found.edges(data=True) if s and t),
                       key=lambda e: (-e[2]["events"], e[0], e[1]))[:limit]
    ends = {s for s, _, _ in strongest} | {t for _, t, _ in strongest}
    nodes = [Node(id=n, name=names().get(n), events=d["events"],
                  goldstein_mean=d.get("goldstein_mean"))
             for n, d in found.nodes(data=True) if n in ends]
    # A stable order gives the browser's force layout the same picture on every load.
    nodes.sort(key=lambda n: (-n.events, n.id))
    edges = [Edge(source=s, target=t, events=d["events"], mentions=d["mentions"],
                  goldstein_mean=d.get("goldstein_mean"), sign=d["sign"])
             for s, t, d in strongest]
    return Graph(nodes=nodes, edges=edges)


def _dyad_clause(a: str, b: str, directed: bool) -> tuple[str, list[Any]]:
    """The events `trend` counts for the dyad, matched the way it matches them."""
    forward = f"({_side('source')} AND {_side('target')})"
    if directed:
        return forward, [a, a, b, b]
    return f"({forward} OR {forward})", [a, a, b, b, b, b, a, a]


ROW_COLUMNS = ", ".join(f"e.{c}" for c in (
    "id", "doc_id", "date", "source_code", "source_country", "source_name", "target_code",
    "target_country", "target_name", "cameo", "cameo_name", "quad_class", "goldstein",
    "plover", "confidence"))


@router.get("/events", response_model=EventPage, summary="Event records, filtered and paged")
@with_deadline
def events(store: StoreDep, filters: FiltersDep,
           a: Annotated[str | None, Query(pattern=CODE, description="With b: only the "
                                          "events of this dyad, as /api/trend counts them.")
                        ] = None,
           b: Annotated[str | None, Query(pattern=CODE)] = None,
           directed: Annotated[bool, Query(description="With a and b: only a -> b.")] = False,
           offset: Annotated[int, Query(ge=0)] = 0,
           limit: Annotated[int, Query(ge=1, le=500)] = 50) -> EventPage:
    """Event records, newest first, with the same filters as every other endpoint."""
    if (a is None) != (b is None):
        raise RequestValidationError([{
            "loc": ("query", "b" if b is None else "a"), "type": "value_error",
            "msg": "give both a and b to choose a dyad, or neither"}])
    chosen = _sql_filters(filters)
    if a and b:
        chosen.extra.append(_dyad_clause(a.upper(), b.upper(), directed))
    where, params = chosen.sql()
    source = chosen.from_sql()
    total = fetch(store.con, f"SELECT count(*) AS n FROM {source} WHERE {where}",
                  params).to_pylist()[0]["n"]
    rows = fetch(store.con, f"""
        SELECT {ROW_COLUMNS} FROM {source} WHERE {where}
        ORDER BY e.date DESC NULLS LAST, e.doc_id, e.sentence_index, e.char_start, e.cameo, e.id
        LIMIT ? OFFSET ?""", [*params, limit, offset]).to_pylist()
    return EventPage(total=total, offset=offset, limit=limit,
                     items=[EventRow(**r) for r in rows])


def sentence_start(text: str | None, sentence: str, char_start: int | None) -> int | None:
    """Document offset of the event's sentence: the last copy of it starting at or before
    the event's first character (a sentence can repeat in one document)."""
    if not text or char_start is None:
        return None
    start = text.rfind(sentence, 0, char_start + len(sentence))
    return start if start >= 0 else None


def _relative(span: list[int | None], start: int | None, sentence: str,
              text: str | None) -> list[int] | None:
    """A document span as offsets into the sentence; without the document text, the first
    occurrence of the span's text in the sentence."""
    if start is not None and None not in span:
        left, right = span[0] - start, span[1] - start
        if 0 <= left < right <= len(sentence):
            return [left, right]
    at = sentence.find(text) if text else -1
    return [at, at + len(text)] if at >= 0 else None


@router.get("/events/{event_id}", response_model=EventDetail,
            summary="One event with its sentence, spans and evidence")
@with_deadline
def event(store: StoreDep,
          event_id: Annotated[str, Path(min_length=1, max_length=200)]) -> EventDetail:
    """The event's record, its sentence with source, target and verb offsets, and its
    document's title and URL."""
    rows = fetch(store.con, """
        SELECT e.*, d.text AS _text, d.title AS _title, d.url AS _url
        FROM events e LEFT JOIN documents d ON d.doc_id = e.doc_id WHERE e.id = ?""",
                 [event_id]).to_pylist()
    if not rows:
        raise HTTPException(404, f"no event with id {event_id!r}")
    row = rows[0]
    found = event_dict(row)
    sentence = found["sentence"] or ""
    start = sentence_start(row["_text"], sentence, row["char_start"])
    highlight = Highlight(**{
        side: _relative(found[side]["span"], start, sentence, found[side]["text"])
        for side in ("source", "target", "verb")})
    evidence = found["evidence"] or ""
    coded_by = "model" if f"model {MODEL_NAME}" in evidence else "rule"
    found["sentence"] = sentence
    return EventDetail(**{k: v for k, v in found.items() if k != "char_span"},
                       quad_class_name=QUAD_CLASSES.get(found["quad_class"]),
                       highlight=highlight, coded_by=coded_by, title=row["_title"],
                       url=row["_url"])
