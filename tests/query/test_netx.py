"""`kg.to_networkx` and the Python API (`kg.load`, `kg.query`) on the mini graph."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import networkx as nx
import pytest

import kg
from kg.query.export import CSV_COLUMNS, edge_list_csv
from kg.query.store import Source
from tests.query.conftest import own_rdflib

NIGER = "https://w3id.org/kg/id/actor/wd-q1032"
MALI = "https://w3id.org/kg/id/actor/wd-q912"
ECOWAS = "https://w3id.org/kg/id/actor/wd-q161549"


@pytest.fixture(scope="module")
def graph(mini_oxigraph: Source) -> nx.MultiDiGraph:
    return kg.to_networkx(mini_oxigraph)


def test_netx_nodes_carry_class_label_alt_labels_wikidata(graph: nx.MultiDiGraph) -> None:
    assert graph.number_of_nodes() == 9
    assert graph.nodes[NIGER] == {
        "class": "State",
        "label": "Niger",
        "alt_labels": "Republic of Niger",
        "wikidata": "http://www.wikidata.org/entity/Q1032",
    }


def test_netx_edges_are_keyed_by_relation(graph: nx.MultiDiGraph) -> None:
    assert graph.number_of_edges() == 11
    assert graph.edges[ECOWAS, NIGER, "threatens"] == {
        "relation": "threatens",
        "confidence": 0.94,
        "statements": 2,
        "articles": 2,
    }
    assert set(graph[ECOWAS][NIGER]) == {"threatens", "sanctions"}


def test_netx_symmetric_edges_both_ways_with_one_summary(graph: nx.MultiDiGraph) -> None:
    assert graph.edges[MALI, NIGER, "alliesWith"] == graph.edges[NIGER, MALI, "alliesWith"]
    assert graph.edges[NIGER, MALI, "alliesWith"]["confidence"] == 0.75


def test_netx_ready_for_centrality_communities_paths(graph: nx.MultiDiGraph) -> None:
    degree = nx.degree_centrality(graph)
    assert max(degree, key=degree.__getitem__) == NIGER
    simple = nx.Graph(graph.to_undirected())
    communities = nx.community.greedy_modularity_communities(simple)
    assert sum(len(c) for c in communities) == 9
    path = nx.shortest_path(simple, "https://w3id.org/kg/id/actor/name-abdourahamane-tiani", NIGER)
    assert len(path) == 4  # Tiani - junta - Bazoum - Niger


def test_netx_csv_edge_list(graph: nx.MultiDiGraph) -> None:
    rows = list(csv.DictReader(io.StringIO(edge_list_csv(graph))))
    assert tuple(rows[0]) == CSV_COLUMNS and len(rows) == 11
    threat = next(r for r in rows if r["relation"] == "threatens")
    assert (threat["source_label"], threat["target_label"], threat["confidence"]) == (
        "ECOWAS",
        "Niger",
        "0.94",
    )


@pytest.mark.parametrize("given", ["kg.load", "rdflib"])
def test_netx_api_load_query_dataframe(mini_path: Path, given: str) -> None:
    if given == "kg.load":
        graph = kg.load(mini_path)
    else:  # an rdflib Dataset of the caller's own: copied into pyoxigraph to be queried
        graph = own_rdflib(mini_path.read_text(encoding="utf-8"))
    assert len(graph) == 367  # an rdflib graph either way: the union of all graphs
    frame = kg.query(graph, "who-threatens", actor=["Niger", "Mali"]).to_df()
    assert frame[["subjectLabel", "objectLabel", "confidence"]].values.tolist() == [
        ["ECOWAS", "Niger", 0.94]
    ]
    assert kg.to_networkx(graph).number_of_edges() == 11


def test_netx_api_query_a_path_directly(mini_path: Path) -> None:
    result = kg.query(mini_path, "SELECT ?label WHERE { ?b a kg:Bloc ; rdfs:label ?label }")
    assert result.column("label") == ["ECOWAS"]


def test_netx_import_kg_is_light() -> None:
    import subprocess
    import sys

    code = "import sys, kg; print(sorted(m for m in ('rdflib', 'spacy', 'pandas', 'networkx', 'pyoxigraph') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
