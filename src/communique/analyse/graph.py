"""Relation graph: actors as nodes, signed weighted edges from their events."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .common import StoreLike

if TYPE_CHECKING:  # networkx loads only when a graph is built
    import networkx as nx


def relation_graph(store: StoreLike, *, level: str = "country", count: str = "events",
                   min_events: int = 1, **filters: Any) -> nx.DiGraph:
    """Directed graph: node attributes events, goldstein_mean; edge attributes events,
    mentions, goldstein_sum, goldstein_mean, sign (+1 cooperative, -1 conflictual, 0)."""
    raise NotImplementedError


def write_graph(graph: nx.DiGraph, path: str | Path, fmt: str | None = None) -> Path:
    """Write GraphML or node-link JSON (fmt from the suffix when None)."""
    raise NotImplementedError


def read_graph(path: str | Path, fmt: str | None = None) -> nx.DiGraph:
    """Read a graph written by write_graph."""
    raise NotImplementedError
