"""The graph index (graph-index.tsv): computed from graph.trig's bytes, read back, refused
when it does not describe the graph.trig beside it, and its blocks parsed one by one."""

from __future__ import annotations

import itertools
import logging
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.graph.write import SERIALIZER_PREFIXES
from kg.query.graph_index import (
    INDEX_NAME,
    Block,
    GraphIndex,
    block_quads,
    blocks_quads,
    diff_index,
    format_index,
    index_from_trig,
    parse_index,
    read_graph_index,
    write_graph_index,
)

KG = "https://w3id.org/kg/ontology#"
ACTOR = "https://w3id.org/kg/id/actor/"
ARTICLE = "https://w3id.org/kg/id/article/"


def node(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def sample_quads() -> list[ox.Quad]:
    """Default-graph actors (one with a prefixed-name subject, as an ontology term would be
    written), and two article graphs; literals with braces and newlines inside."""
    label = node("http://www.w3.org/2000/01/rdf-schema#label")
    quads = [
        ox.Quad(node(ACTOR + "a"), label, ox.Literal("A {x}\nsecond line")),
        ox.Quad(
            node(ACTOR + "a"),
            node(KG + "degree"),
            ox.Literal("3", datatype=node("http://www.w3.org/2001/XMLSchema#integer")),
        ),
        ox.Quad(node(ACTOR + "b"), label, ox.Literal("B")),
        ox.Quad(node(KG + "Actor"), label, ox.Literal("actor", language="en")),
    ]
    for key in ("k1", "k2"):
        graph = node(ARTICLE + key)
        quads += [
            ox.Quad(graph, node(KG + "origin"), ox.Literal(f"{key}.txt"), graph),
            ox.Quad(node(ACTOR + "a"), node(KG + "threatens"), node(ACTOR + "b"), graph),
        ]
    return quads


def as_trig(quads: list[ox.Quad]) -> bytes:
    """TriG as the build writes it: the default graph first, each graph's and subject's
    quads together."""
    ordered = sorted(
        quads,
        key=lambda q: (not isinstance(q.graph_name, ox.DefaultGraph), str(q.graph_name), str(q)),
    )
    return ox.serialize(ordered, format=ox.RdfFormat.TRIG, prefixes=SERIALIZER_PREFIXES) or b""


@pytest.fixture
def trig() -> bytes:
    return as_trig(sample_quads())


def test_index_blocks_tile_the_file_and_name_each_subject_and_graph(trig: bytes) -> None:
    index = index_from_trig(trig)
    assert trig[: index.header_length].count(b"@prefix") == trig.count(b"@prefix")
    names = [(block.kind, block.name) for block in index.blocks]
    assert sorted(names) == sorted(
        [
            *[("d", ACTOR + "a"), ("d", ACTOR + "b"), ("d", KG + "Actor")],
            *[("n", ARTICLE + "k1"), ("n", ARTICLE + "k2")],
        ]
    )
    assert index.blocks[0].offset == index.header_length
    assert index.blocks[-1].end == len(trig)


def test_each_block_parses_to_exactly_its_quads(trig: bytes) -> None:
    index = index_from_trig(trig)
    every = list(ox.parse(trig, format=ox.RdfFormat.TRIG))

    def key(quad: ox.Quad) -> tuple[str, str]:
        if isinstance(quad.graph_name, ox.DefaultGraph):
            return ("d", quad.subject.value)  # type: ignore[union-attr]
        return ("n", quad.graph_name.value)

    expected = {k: set(group) for k, group in itertools.groupby(every, key=key)}
    for block in index.blocks:
        assert set(block_quads(trig, index, block)) == expected[block.key]
    assert set(blocks_quads(trig, index, index.blocks)) == set(every)


def test_diff_names_changed_new_and_removed_blocks(trig: bytes) -> None:
    before = index_from_trig(trig)
    quads = [q for q in sample_quads() if q.graph_name != node(ARTICLE + "k2")]
    quads.append(ox.Quad(node(ACTOR + "b"), node(KG + "degree"), ox.Literal("1")))
    quads.append(
        ox.Quad(
            node(ARTICLE + "k3"), node(KG + "origin"), ox.Literal("k3.txt"), node(ARTICLE + "k3")
        )
    )
    diff = diff_index(before.shas(), index_from_trig(as_trig(quads)))
    assert [block.key for block in diff.changed] == [("d", ACTOR + "b"), ("n", ARTICLE + "k3")]
    assert diff.removed == (("n", ARTICLE + "k2"),)


def test_index_file_round_trip_and_checks(tmp_path: Path, trig: bytes) -> None:
    (tmp_path / "graph.trig").write_bytes(trig)
    index = index_from_trig(trig)
    write_graph_index(tmp_path / INDEX_NAME, index)
    assert read_graph_index(tmp_path / INDEX_NAME) == index
    assert parse_index(format_index(index), file_size=len(trig)) == index


@pytest.mark.parametrize(
    ("spoil", "reason"),
    [
        (None, "no such file"),
        (lambda text: text.replace("kg-graph-index", "something-else"), "malformed"),
        (lambda text: text.replace("\t1\t", "\t2\t", 1), "malformed"),
        (lambda text: "\n".join(text.splitlines()[:-1]) + "\n", "malformed (blocks end"),
        (lambda text: text.replace("\nd\t", "\nq\t", 1), "malformed"),
        (lambda text: text.replace(text.split("\t")[2], "0" * 64, 1), "another graph.trig"),
    ],
)
def test_an_index_that_does_not_fit_is_ignored_with_a_warning(
    tmp_path: Path, trig: bytes, caplog: pytest.LogCaptureFixture, spoil: object, reason: str
) -> None:
    (tmp_path / "graph.trig").write_bytes(trig)
    path = tmp_path / INDEX_NAME
    if callable(spoil):
        path.write_text(spoil(format_index(index_from_trig(trig))))
    with caplog.at_level(logging.WARNING, logger="kg.query.graph_index"):
        assert read_graph_index(path) is None
    (record,) = caplog.records
    assert str(path) in record.getMessage() and reason in record.getMessage()


def test_an_index_made_before_graph_trig_changed_is_ignored(tmp_path: Path, trig: bytes) -> None:
    write_graph_index(tmp_path / INDEX_NAME, index_from_trig(trig))
    (tmp_path / "graph.trig").write_bytes(trig.replace(b'"B"', b'"C"'))
    assert read_graph_index(tmp_path / INDEX_NAME) is None


@pytest.mark.parametrize(
    "text",
    [
        # one subject in two runs: it would be two blocks of one name
        b"<http://x/a> <http://x/p> 1 .\n<http://x/b> <http://x/p> 2 .\n<http://x/a> <http://x/q> 3 .\n",
        b"\t<http://x/a> <http://x/p> 1 .\n",  # indented before any block
        b"<http://x/g> {\n\t<http://x/a> <http://x/p> 1 .\n",  # a graph never closed
        b"<http://x/g> {\n<http://x/a> <http://x/p> 1 .\n}\n",  # unindented inside a graph
        b"_:b1 <http://x/p> 1 .\n",  # a blank node: not addressable by name
        b"@prefix ex: <http://x/> .\nzz:a ex:p 1 .\n",  # an undeclared prefix
    ],
)
def test_files_not_laid_out_as_oxigraph_writes_them_are_refused(text: bytes) -> None:
    with pytest.raises(ValueError):
        index_from_trig(text)


def test_a_block_holding_another_blocks_quads_is_refused(trig: bytes) -> None:
    index = index_from_trig(trig)
    first = index.blocks[0]
    wrong = GraphIndex(
        index.header_length,
        index.trig_sha256,
        (Block("d", "http://x/not-the-subject", first.offset, first.length, first.sha256),),
    )
    with pytest.raises(ValueError, match="another block"):
        block_quads(trig, wrong, wrong.blocks[0])
