"""The persisted store brought up to date in place: only the blocks of graph.trig whose hash
changed are replaced, and the store then holds exactly what a fresh load of the new
graph.trig holds, the graphs as the file has them and their union; when anything does not
fit (no applied index, a stale graph index, other prefixes, a failure midway) it is
reloaded whole instead."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.config import Settings
from kg.query import store as store_module
from kg.query.graph_index import INDEX_NAME, index_from_trig, write_graph_index
from kg.query.store import APPLIED, load_store, open_read_only, sync_store
from tests.query.conftest import ROOT
from tests.query.test_graph_index import ACTOR, ARTICLE, KG, as_trig, node

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def contents(graph: store_module.OxigraphGraph) -> tuple[set[str], set[str]]:
    """(the dataset's quads, the union's triples), as N-Quads lines."""
    return {str(q) for q in graph.dataset}, {str(q) for q in graph.union}


def held_by_store(out: Path) -> tuple[set[str], set[str]]:
    graph = open_read_only(out / "store")
    try:
        return contents(graph)
    finally:
        del graph


def fresh_load(out: Path) -> tuple[set[str], set[str]]:
    return contents(load_store(out / "graph.trig"))


def publish(out: Path, quads: list[ox.Quad], *, index: bool = True) -> None:
    """Write graph.trig as the build lays it out, and its graph index."""
    data = as_trig(quads)
    (out / "graph.trig").write_bytes(data)
    if index:
        write_graph_index(out / INDEX_NAME, index_from_trig(data))


THREATENS = ox.Quad(node(ACTOR + "a"), node(KG + "threatens"), node(ACTOR + "b"))


def article(key: str, *triples: ox.Quad) -> list[ox.Quad]:
    graph = node(ARTICLE + key)
    return [
        ox.Quad(graph, node(KG + "origin"), ox.Literal(f"{key}.txt"), graph),
        *(ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples),
    ]


def rank(actor: str, value: int) -> ox.Quad:
    xsd_integer = node("http://www.w3.org/2001/XMLSchema#integer")
    return ox.Quad(
        node(ACTOR + actor), node(KG + "degreeRank"), ox.Literal(str(value), datatype=xsd_integer)
    )


CONDEMNS = ox.Quad(node(ACTOR + "c"), node(KG + "condemns"), node(ACTOR + "b"))

BEFORE = [
    THREATENS,  # a summary the default graph holds and two articles state
    rank("a", 1),
    rank("b", 255),
    rank("c", 3),
    *article("k1", THREATENS),
    *article("k2", THREATENS, CONDEMNS),
    *article("k3", CONDEMNS),
]
AFTER = [
    THREATENS,
    rank("a", 1),
    rank("b", 258),  # ranks shift: a neighbouring integer, as pyoxigraph's lookups confuse
    # c gone from the default graph; k2 gone; k3 re-extracted without its statement; k4 new
    *article("k1", THREATENS),
    *article("k3"),
    *article("k4", ox.Quad(node(ACTOR + "d"), node(KG + "meets"), node(ACTOR + "a"))),
]


@pytest.fixture
def out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder of BEFORE, its store loaded. These graphs are so small that any change
    is a large share of them, which the store would rather reload: allow any share."""
    monkeypatch.setattr(store_module, "IN_PLACE_SHARE", 1.0)
    folder = tmp_path / "out"
    folder.mkdir()
    publish(folder, BEFORE)
    assert sync_store(folder).how == "loaded"
    return folder


def test_a_changed_graph_updates_the_store_in_place_exactly(out: Path) -> None:
    publish(out, AFTER)
    done = sync_store(out)
    assert (done.how, done.changed, done.removed) == ("updated", 3, 2)
    assert held_by_store(out) == fresh_load(out)
    union = held_by_store(out)[1]
    assert str(THREATENS.triple) in union  # k1 and the summaries still hold it
    assert not any("condemns" in line for line in union)  # no graph holds it any more
    assert sync_store(out).how == "fresh"
    assert not list(out.glob(".store-*"))


def test_the_store_follows_several_updates_in_a_row(out: Path) -> None:
    for quads in (AFTER, BEFORE, AFTER):
        publish(out, quads)
        assert sync_store(out).how == "updated"
        assert held_by_store(out) == fresh_load(out)


def test_a_store_that_kept_no_applied_index_is_reloaded_once(out: Path) -> None:
    (out / "store" / APPLIED).unlink()  # a store made by a kg before the index
    publish(out, AFTER)
    assert sync_store(out).how == "loaded"
    publish(out, BEFORE)
    assert sync_store(out).how == "updated"
    assert held_by_store(out) == fresh_load(out)


def test_without_a_graph_index_graph_trig_is_scanned_for_one(out: Path) -> None:
    (out / INDEX_NAME).unlink()
    publish(out, AFTER, index=False)
    assert sync_store(out).how == "updated"
    assert held_by_store(out) == fresh_load(out)


def test_a_stale_graph_index_means_a_reload_with_a_warning(
    out: Path, caplog: pytest.LogCaptureFixture
) -> None:
    stale = (out / INDEX_NAME).read_bytes()
    publish(out, AFTER)
    (out / INDEX_NAME).write_bytes(stale)
    with caplog.at_level(logging.WARNING):
        assert sync_store(out).how == "loaded"
    assert any(INDEX_NAME in r.getMessage() for r in caplog.records)
    assert held_by_store(out) == fresh_load(out)


def test_other_prefixes_mean_a_reload(out: Path) -> None:
    data = as_trig(AFTER)
    data = b"@prefix aaa: <http://example.org/> .\n" + data
    (out / "graph.trig").write_bytes(data)
    write_graph_index(out / INDEX_NAME, index_from_trig(data))
    assert sync_store(out).how == "loaded"
    assert held_by_store(out) == fresh_load(out)


def test_a_change_of_most_of_the_file_means_a_reload(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "IN_PLACE_SHARE", 0.1)
    publish(out, AFTER)
    assert sync_store(out).how == "loaded"
    assert held_by_store(out) == fresh_load(out)


def test_a_failure_midway_falls_back_to_a_reload(
    out: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(store_module, "apply_diff", fail)
    publish(out, AFTER)
    with caplog.at_level(logging.WARNING):
        assert sync_store(out).how == "loaded"
    assert any("disk full" in r.getMessage() for r in caplog.records)
    assert held_by_store(out) == fresh_load(out)
    assert not list(out.glob(".store-*"))


def test_a_reader_keeps_the_store_it_opened(out: Path) -> None:
    before = open_read_only(out / "store")
    publish(out, AFTER)
    assert sync_store(out).how == "updated"
    assert {str(q) for q in before.dataset} == {str(q) for q in load_store_of(BEFORE).dataset}
    del before


def load_store_of(quads: list[ox.Quad]) -> store_module.OxigraphGraph:
    dataset = ox.Store()
    dataset.extend(quads)
    return store_module.OxigraphGraph(union=dataset, dataset=dataset)


@pytest.mark.model
def test_a_build_grown_by_one_article_updates_the_store_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real thing: four seed articles built and queried, a fifth added to the same
    build folder; the store is updated in place and holds what a fresh load holds. (One
    article in five is a share of the file a real store would rather reload.)"""
    from kg.pipeline import build

    monkeypatch.setattr(store_module, "IN_PLACE_SHARE", 1.0)

    out = tmp_path / "out"
    for seeds in (SEEDS[:4], SEEDS):
        result = build([str(seed) for seed in seeds], Settings(out_dir=out))
        assert result.articles == len(seeds) and not result.skipped, result
        if not (out / INDEX_NAME).exists():  # a build from before the graph index
            write_graph_index(out / INDEX_NAME, index_from_trig((out / "graph.trig").read_bytes()))
        done = sync_store(out)
    assert done.how == "updated" and done.changed >= 1
    assert held_by_store(out) == fresh_load(out)
    shutil.rmtree(out / "store")
