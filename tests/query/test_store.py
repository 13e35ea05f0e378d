"""The persisted pyoxigraph store of a build folder, loading graphs, and rdflib graphs queried."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kg.errors import QueryError
from kg.query.sparql import run_query
from kg.query.store import (
    LAYOUT,
    STAMP,
    Source,
    file_sha256,
    load_source,
    load_store,
    open_store,
    refresh_store,
)
from tests.query.conftest import own_rdflib

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:Edge }"


@pytest.fixture
def build_folder(tmp_path: Path, mini_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    shutil.copy(mini_path, out / "graph.trig")
    return out


def test_store_open_persists_and_records_the_sha256(build_folder: Path) -> None:
    store = open_store(build_folder)
    assert run_query(store, COUNT).column("n") == [10]
    stamp = build_folder / "store" / STAMP
    assert stamp.read_text().split() == [file_sha256(build_folder / "graph.trig"), LAYOUT]
    del store


def test_store_of_an_older_layout_is_rebuilt(build_folder: Path) -> None:
    store_dir = refresh_store(build_folder)
    stamp = store_dir / STAMP
    stamp.write_text(file_sha256(build_folder / "graph.trig") + "\n")  # no layout: an older kg's
    os.utime(stamp, (stamp.stat().st_atime, stamp.stat().st_mtime + 5))
    assert run_query(open_store(build_folder), COUNT).column("n") == [10]
    assert stamp.read_text().split()[1:] == [LAYOUT]


def test_store_reopens_without_reloading(build_folder: Path) -> None:
    first = refresh_store(build_folder)
    marker = first / "marker"
    marker.write_text("kept")
    os.utime(build_folder / "graph.trig")  # newer, but the same bytes: no reload
    assert refresh_store(build_folder) == first and marker.exists()


def test_store_reloads_when_graph_trig_changes(build_folder: Path) -> None:
    assert run_query(open_store(build_folder), COUNT).column("n") == [10]
    trig = build_folder / "graph.trig"
    trig.write_text(
        trig.read_text().replace(
            "<https://w3id.org/kg/id/edge/e10> a kg:Edge",
            "<https://w3id.org/kg/id/edge/e10> a kg:Thing",
        )
    )
    stat = trig.stat()
    os.utime(trig, (stat.st_atime, stat.st_mtime + 5))
    assert run_query(open_store(build_folder), COUNT).column("n") == [9]
    assert not list(build_folder.glob(".store-*"))  # staging and retired stores are gone


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (None, "missing.ttl", "no such graph file or build folder"),
        ("<a> <b> .", "bad.ttl", "not readable RDF"),
        ("<http://x/g> { <http://x/a> <http://x/b> .", "bad.trig", "not readable RDF"),
        ("hello", "notes.txt", "not a graph file"),
    ],
)
def test_store_load_errors_name_the_file(
    tmp_path: Path, content: str | None, name: str, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    with pytest.raises(QueryError, match=message) as caught:
        load_store(path)
    assert str(path) in str(caught.value)


def test_store_build_folder_without_graph(tmp_path: Path) -> None:
    with pytest.raises(QueryError, match="run `kg build` first"):
        open_store(tmp_path)


@pytest.mark.parametrize("memory", [False, True])
def test_store_load_source_sees_every_graph(build_folder: Path, memory: bool) -> None:
    source = load_source(build_folder, memory=memory)
    assert (source.location is None) is memory
    statements = "SELECT (COUNT(*) AS ?n) WHERE { ?s a rdf:Statement }"
    assert run_query(source, statements).column("n") == [11]


def test_store_memory_skips_the_persisted_store(build_folder: Path) -> None:
    source = load_source(build_folder, memory=True)
    assert run_query(source, COUNT).column("n") == [10]
    assert not (build_folder / "store").exists()


@pytest.mark.parametrize("memory", [False, True])
def test_store_kg_load_memory_or_persisted_same_answers(build_folder: Path, memory: bool) -> None:
    import kg

    graph = kg.load(build_folder, memory=memory)
    assert kg.query(graph, COUNT).column("n") == [10]
    assert (build_folder / "store").exists() is not memory


# A relation two articles state, and the default graph repeats: the union holds it once.
REPEATED = """
@prefix kg: <https://w3id.org/kg/ontology#> .
@prefix actor: <https://w3id.org/kg/id/actor/> .
actor:a kg:threatens actor:b .
<https://w3id.org/kg/id/article/1> { actor:a kg:threatens actor:b . actor:a kg:condemns actor:b . }
<https://w3id.org/kg/id/article/2> { actor:a kg:threatens actor:b . }
"""


@pytest.fixture(params=["memory", "persisted", "kg.load", "rdflib"])
def repeated(request: pytest.FixtureRequest, tmp_path: Path) -> Source:
    """The graph loaded each way, the last an rdflib Dataset of the caller's own (copied
    into pyoxigraph to be queried)."""
    (tmp_path / "graph.trig").write_text(REPEATED)
    if request.param == "rdflib":
        return own_rdflib(REPEATED)
    if request.param == "kg.load":
        import kg

        return kg.load(tmp_path)
    return load_source(tmp_path, memory=request.param == "memory")


def test_store_union_holds_each_triple_once(repeated: Source) -> None:
    union = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert run_query(repeated, union).column("n") == [2]
    assert len(run_query(repeated, "SELECT ?s WHERE { ?s kg:threatens ?o }")) == 1


def test_store_queries_naming_graphs_see_each_graph(repeated: Source) -> None:
    per_graph = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    assert run_query(repeated, per_graph).column("n") == [2, 1]
    assert run_query(repeated, "ASK { GRAPH ?g { ?s kg:condemns ?o } }").boolean is True
    one = ["https://w3id.org/kg/id/article/2"]
    chosen = run_query(repeated, "SELECT ?p WHERE { ?s ?p ?o }", default_graphs=one)
    assert chosen.column("p") == ["https://w3id.org/kg/ontology#threatens"]


def test_store_graph_file_of_triples_is_one_store(tmp_path: Path) -> None:
    path = tmp_path / "graph.ttl"
    path.write_text("<http://x/a> <http://x/p> <http://x/b> .")
    graph = load_store(path)
    assert graph.union is graph.dataset and len(graph) == 1


def test_store_of_invalid_trig_is_refused_and_leaves_nothing(tmp_path: Path) -> None:
    (tmp_path / "graph.trig").write_text("<http://x/g> { <http://x/a> <http://x/b> .")
    with pytest.raises(QueryError, match="not valid TriG"):
        open_store(tmp_path)
    assert not (tmp_path / "store").exists() and not list(tmp_path.glob(".store-*"))
