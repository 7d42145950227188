"""Relation graph: actors as nodes, signed weighted edges from their events."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError, StoreError
from .common import StoreLike
from .dyads import dyads
from .groups import DEFAULT_TOLERANCE_DAYS

if TYPE_CHECKING:  # networkx loads only when a graph is built
    import networkx as nx

GRAPH_FORMATS = ("graphml", "json")


def _sign(value: float | None) -> int:
    if value is None or abs(value) < 1e-9:
        return 0
    return 1 if value > 0 else -1


def relation_graph(store: StoreLike, *, level: str = "country", count: str = "events",
                   min_events: int = 1, tolerance_days: int = DEFAULT_TOLERANCE_DAYS,
                   dedup: bool = True, **filters: Any) -> nx.DiGraph:
    """Directed graph: node attributes events, goldstein_mean; edge attributes events,
    mentions, goldstein_sum, goldstein_mean, sign (+1 cooperative, -1 conflictual, 0).

    An edge is source -> target over all periods (filters such as since/until apply).
    A node's events count every event it took part in (self-loops once), its Goldstein mean
    weighs its edges by what `count` counts. Records with a missing side are left out.
    """
    import networkx as nx

    if isinstance(min_events, bool) or not isinstance(min_events, int) or min_events < 1:
        raise ConfigError(f"min_events {min_events!r} must be a whole number >= 1")
    table = dyads(store, period=None, directed=True, level=level, count=count, dedup=dedup,
                  tolerance_days=tolerance_days, **filters)
    weight = "events" if count == "events" else "mentions"
    graph = nx.DiGraph(level=level, count=count)
    totals: dict[str, list[float]] = {}
    for row in table.to_pylist():
        source, target = row["source"], row["target"]
        if source is None or target is None or row["events"] < min_events:
            continue
        graph.add_edge(source, target, events=row["events"], mentions=row["mentions"],
                       verbal_coop=row["verbal_coop"], material_coop=row["material_coop"],
                       verbal_conflict=row["verbal_conflict"],
                       material_conflict=row["material_conflict"],
                       goldstein_sum=row["goldstein_sum"] or 0.0,
                       goldstein_mean=row["goldstein_mean"] or 0.0,
                       sign=_sign(row["goldstein_mean"]))
        for node in {source, target}:
            events, mentions, goldstein, units = totals.setdefault(node, [0, 0, 0.0, 0])
            totals[node] = [events + row["events"], mentions + row["mentions"],
                            goldstein + (row["goldstein_sum"] or 0.0), units + row[weight]]
    for node, (events, mentions, goldstein, units) in totals.items():
        graph.nodes[node].update(events=int(events), mentions=int(mentions),
                                 goldstein_mean=goldstein / units if units else 0.0)
    return graph


def _format(path: Path, fmt: str | None) -> str:
    if fmt is None:
        fmt = {".graphml": "graphml", ".json": "json"}.get(path.suffix.lower())
        if fmt is None:
            raise ConfigError(f"cannot tell the graph format of '{path}'; use a .graphml or "
                              ".json name, or pass the format")
    if fmt not in GRAPH_FORMATS:
        raise ConfigError(f"unknown graph format {fmt!r}; use one of: graphml, json")
    return fmt


def write_graph(graph: nx.DiGraph, path: str | Path, fmt: str | None = None) -> Path:
    """Write GraphML or node-link JSON (fmt from the suffix when None)."""
    import networkx as nx

    path = Path(path)
    fmt = _format(path, fmt)
    try:
        if fmt == "graphml":
            nx.write_graphml(graph, path)
        else:
            data = nx.node_link_data(graph, edges="edges")
            path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", "utf-8")
    except OSError as exc:
        raise StoreError(f"cannot write graph to '{path}': {exc.strerror}", code="C512") from None
    return path


def read_graph(path: str | Path, fmt: str | None = None) -> nx.DiGraph:
    """Read a graph written by write_graph."""
    import networkx as nx

    path = Path(path)
    fmt = _format(path, fmt)
    if not path.exists():
        raise ConfigError(f"graph file '{path}' does not exist")
    if fmt == "graphml":
        return nx.read_graphml(path)
    data = json.loads(path.read_text("utf-8"))
    return nx.node_link_graph(data, directed=True, edges="edges")
