"""`kg push` into a real Oxigraph server (Graph Store Protocol), which then answers the saved
queries exactly as the local engine does."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import app
from kg.errors import QueryError
from kg.query.remote import push_graph, query_endpoint
from kg.query.saved import bind_params, saved_queries
from kg.query.sparql import run_query
from kg.query.store import Source
from tests.query.conftest import free_port

A1 = "https://w3id.org/kg/id/article/a1"


def union_endpoint(server: str) -> str:
    """The server's query URL, with every graph in the default graph (as kg query sees it)."""
    return f"{server}/query?union-default-graph"


@pytest.fixture(scope="module")
def pushed(oxigraph_server: str, mini_path: Path) -> str:
    result = CliRunner().invoke(
        app, ["push", "--endpoint", f"{oxigraph_server}/store", "--graph", str(mini_path), "-q"]
    )
    assert result.exit_code == 0, result.output
    assert "pushed 2 article graphs and the default graph (368 triples)" in result.stdout
    return oxigraph_server


def test_push_one_named_graph_per_article(pushed: str) -> None:
    graphs = query_endpoint(
        f"{pushed}/query", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
    )
    assert graphs.column("g") == [A1, "https://w3id.org/kg/id/article/a2"]
    in_a1 = query_endpoint(
        f"{pushed}/query",
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{A1}> {{ ?s a rdf:Statement }} }}",
    )
    assert in_a1.column("n") == [5]


@pytest.mark.parametrize("name", sorted(saved_queries()))
def test_push_store_answers_saved_queries_identically(
    pushed: str, mini_oxigraph: Source, name: str
) -> None:
    query = saved_queries()[name]
    params = {p.name: "*" for p in query.params}
    for text in (query.text, bind_params(query, params)):
        assert query_endpoint(union_endpoint(pushed), text) == run_query(mini_oxigraph, text)


def test_push_again_replaces_an_article(
    oxigraph_server: str, mini_path: Path, tmp_path: Path
) -> None:
    trig = tmp_path / "graph.trig"
    shutil.copy(mini_path, trig)
    push_graph(trig, f"{oxigraph_server}/store")
    text = trig.read_text().replace(
        "ECOWAS threatened Niger with military force", "ECOWAS warned Niger of force"
    )
    trig.write_text(text)
    report = push_graph(trig, f"{oxigraph_server}/store")
    quads = list(ox.parse(path=str(trig), format=ox.RdfFormat.TRIG))
    assert (report.named_graphs, report.default_graph, report.triples) == (2, True, len(quads))
    evidence = query_endpoint(
        union_endpoint(oxigraph_server),
        f"SELECT ?text WHERE {{ GRAPH <{A1}> {{ ?s kg:evidenceText ?text }} FILTER(CONTAINS(?text, 'Niger with')) }}",
    )
    assert evidence.column("text") == []
    total = query_endpoint(
        union_endpoint(oxigraph_server), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    )
    assert total.column("n") == [len(quads)]  # a union default graph: once per graph
    push_graph(mini_path, f"{oxigraph_server}/store")  # leave the store as the other tests expect


@pytest.mark.parametrize(
    ("endpoint", "message"),
    [
        ("http://127.0.0.1:{port}/store", "cannot reach the store"),
        ("ftp://127.0.0.1/store", "not an http(s) URL"),
    ],
)
def test_push_errors(mini_path: Path, endpoint: str, message: str) -> None:
    with pytest.raises(QueryError, match=re.escape(message)):
        push_graph(mini_path, endpoint.format(port=free_port()))


def test_push_refused_graph_is_a_one_line_error(oxigraph_server: str, mini_path: Path) -> None:
    url = f"{oxigraph_server}/query"  # not the Graph Store endpoint: the server refuses the PUT
    result = CliRunner().invoke(app, ["push", "--endpoint", url, "--graph", str(mini_path), "-q"])
    assert result.exit_code == 1
    assert (
        result.stderr.startswith(f"kg: error: {url}: HTTP 4")
        and len(result.stderr.splitlines()) == 1
    )
