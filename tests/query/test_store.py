"""The persisted pyoxigraph store of a build folder, and loading graphs on either engine."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import QueryError
from kg.query.sparql import run_query
from kg.query.store import (
    STAMP,
    file_sha256,
    load_rdflib,
    load_source,
    load_store,
    open_store,
    refresh_store,
)

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
    assert stamp.read_text().strip() == file_sha256(build_folder / "graph.trig")
    del store


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
        ("hello", "notes.txt", "not a graph file"),
    ],
)
def test_store_load_errors_name_the_file(
    tmp_path: Path, content: str | None, name: str, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    for load in (load_store, load_rdflib):
        with pytest.raises(QueryError, match=message) as caught:
            load(path)
        assert str(path) in str(caught.value)


def test_store_build_folder_without_graph(tmp_path: Path) -> None:
    with pytest.raises(QueryError, match="run `kg build` first"):
        open_store(tmp_path)


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_store_load_source_sees_every_graph(build_folder: Path, engine: str) -> None:
    source = load_source(build_folder, engine)  # type: ignore[arg-type]
    assert isinstance(source, ox.Store) is (engine == "oxigraph")
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
