"""Relation graph: signed weighted edges, node volumes, GraphML and JSON round trips."""

from __future__ import annotations

import pytest

from communique import relation_graph
from communique.analyse import read_graph, write_graph
from communique.errors import ConfigError


def test_edges_carry_volume_and_sign(store):
    graph = relation_graph(store)
    assert set(graph.edges) == {("USA", "CHN"), ("CHN", "USA"), ("RUS", "UKR"), ("PRK", "KOR")}
    assert graph.edges["USA", "CHN"]["sign"] == 1
    assert graph.edges["CHN", "USA"]["sign"] == -1
    assert graph.edges["RUS", "UKR"]["goldstein_mean"] == -10.0
    assert graph.edges["PRK", "KOR"]["sign"] == 0
    assert (graph.edges["USA", "CHN"]["events"], graph.edges["USA", "CHN"]["mentions"]) == (2, 4)
    assert graph.nodes["USA"]["events"] == 3 and graph.nodes["UKR"]["events"] == 1
    assert graph.nodes["RUS"]["goldstein_mean"] == -10.0


def test_actor_level_filters_and_minimum(store):
    graph = relation_graph(store, level="actor", since="2024-03-01", min_events=2)
    assert list(graph.edges) == [("USAGOV", "CHNGOV")]


@pytest.mark.parametrize("name", ["relations.graphml", "relations.json"])
def test_written_graphs_read_back_the_same(store, tmp_path, name):
    graph = relation_graph(store)
    path = write_graph(graph, tmp_path / name)
    back = read_graph(path)
    assert dict(back.nodes(data=True)) == dict(graph.nodes(data=True))
    assert {(u, v): d for u, v, d in back.edges(data=True)} == {
        (u, v): d for u, v, d in graph.edges(data=True)}
    assert back.is_directed()


def test_an_unknown_graph_format_is_a_clear_error(store, tmp_path):
    with pytest.raises(ConfigError, match="cannot tell the graph format"):
        write_graph(relation_graph(store), tmp_path / "relations.png")
    with pytest.raises(ConfigError, match="unknown graph format 'gexf'"):
        write_graph(relation_graph(store), tmp_path / "r.graphml", fmt="gexf")
