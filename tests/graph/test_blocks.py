"""The graph files made block by block (issue 18): the same bytes as serialising the
whole graph at once, and the same outputs whether or not a previous build's memo is used."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg.config import ONTOLOGY_DIR, Settings
from kg.graph.activity import BuildProvenance, new_activity, with_provenance
from kg.graph.assemble import AssemblyMemo, Outputs, assemble
from kg.graph.blocks import GRAPH_INDEX
from kg.graph.build import collect_graph
from kg.graph.credibility import score_edges
from kg.graph.events import collect_events
from kg.graph.origins import SOURCES_TABLE, assign_origins, load_sources
from kg.graph.provenance import collect_edges
from kg.graph.shacl import reads_only_types_of_values
from kg.graph.validate import load_shapes
from kg.graph.write import to_trig_bytes, to_turtle_bytes
from kg.model import Extraction
from kg.resolve.link import link_actors
from kg.state import iter_state
from kg.vocab import ActorClass

SETTINGS = Settings(out_dir=Path("unused"), viewer=False)


def _page(*_: object, **__: object) -> str:
    return ""


@pytest.fixture(scope="module")
def seeds(seed_build: Path) -> list[Extraction]:
    return sorted((line.extraction for line in iter_state(seed_build)), key=lambda e: e.article.key)


def _provenance(extractions: Sequence[Extraction]) -> BuildProvenance:
    articles = {e.article.key: e.article.content_hash for e in extractions}
    return BuildProvenance(new_activity("2024-01-01T00:00:00Z", "test", articles))


def _whole(extractions: Sequence[Extraction], provenance: BuildProvenance) -> tuple[bytes, bytes]:
    """graph.ttl and graph.trig as the graph stage made them before blocks."""
    ordered = sorted(extractions, key=lambda e: e.article.key)
    actors, key_map = link_actors(ordered)
    classes = {key: actor.cls for key, actor in actors.items()}
    edges = collect_edges(ordered, key_map, classes)
    origins = assign_origins(ordered, load_sources(ONTOLOGY_DIR / SOURCES_TABLE))
    edges = score_edges(edges, origins)
    events = collect_events(edges, ordered, key_map, classes)
    content = collect_graph(actors, [e.article for e in ordered], edges, events, origins=origins)
    content = with_provenance(content, provenance, [e.article.key for e in ordered])
    return to_turtle_bytes(content.union()), to_trig_bytes(content)


def _build(
    extractions: Sequence[Extraction],
    memo: AssemblyMemo | None = None,
    settings: Settings = SETTINGS,
) -> Outputs:
    return assemble(extractions, settings, _page, _provenance(extractions), memo)


def test_blocks_give_the_bytes_of_the_whole_graph(seeds: list[Extraction]) -> None:
    ttl, trig = _whole(seeds, _provenance(seeds))
    out = _build(seeds)
    assert out.files["graph.ttl"] == ttl
    assert out.files["graph.trig"] == trig
    assert out.validation is not None and out.validation.conforms


def test_the_index_tiles_graph_trig_and_each_block_parses_alone(seeds: list[Extraction]) -> None:
    out = _build(seeds)
    trig, lines = out.files["graph.trig"], out.files[GRAPH_INDEX].decode().splitlines()
    head = lines[0].split("\t")
    assert head[:2] == ["kg-graph-index", "1"]
    offset = header = int(head[3])
    quads = 0
    for line in lines[1:]:
        kind, name, start, length, _ = line.split("\t")
        assert int(start) == offset
        block = trig[offset : offset + int(length)]
        parsed = list(ox.parse(trig[:header] + block, format=ox.RdfFormat.TRIG))
        if kind == "n":
            assert {str(q.graph_name.value) for q in parsed} == {name}
        else:
            assert {q.subject.value for q in parsed} == {name}
        quads += len(parsed)
        offset += int(length)
    assert offset == len(trig)
    assert quads == len(list(ox.parse(trig, format=ox.RdfFormat.TRIG)))


def _same(a: Outputs, b: Outputs) -> None:
    assert a.files.keys() == b.files.keys()
    for name in a.files:
        assert a.files[name] == b.files[name], name
    assert (a.triples, a.statements, a.classes, a.relations) == (
        b.triples,
        b.statements,
        b.classes,
        b.relations,
    )
    assert a.validation == b.validation


def _changed(extraction: Extraction) -> Extraction:
    """The same article with other text: a replaced article."""
    article = dataclasses.replace(extraction.article, content_hash="0" * 64, title="Changed")
    return dataclasses.replace(extraction, article=article, assertions=extraction.assertions[1:])


def test_a_memo_changes_the_time_taken_never_the_outputs(seeds: list[Extraction]) -> None:
    first = _build(seeds[:3])
    memo = first.memo
    for step in (
        seeds[:4],  # one added
        seeds,  # another
        [*seeds[:2], _changed(seeds[2]), *seeds[3:]],  # one replaced
        seeds[1:],  # one removed
    ):
        warm = _build(step, copy.deepcopy(memo))
        cold = _build(step)
        _same(warm, cold)
        assert warm.blocks["kept"] > 0 and warm.blocks["made"] < cold.blocks["made"]
        memo = warm.memo


def test_blocks_whose_rank_alone_moved_are_edited_to_the_bytes_made_anew(
    seeds: list[Extraction], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An article whose actors enter the ranks shifts the actors ranked below them: their
    blocks' bytes are edited (`_swap_rank`), never made, and equal those made anew."""
    import kg.graph.blocks

    swapped: list[bytes] = []
    real = kg.graph.blocks._swap_rank

    def spy(data: bytes, was: int, now: int) -> bytes | None:
        found = real(data, was, now)
        if found is not None:
            swapped.append(found)
        return found

    monkeypatch.setattr(kg.graph.blocks, "_swap_rank", spy)
    memo = _build(seeds[:3]).memo
    for step in (seeds[:4], seeds):
        warm = _build(step, copy.deepcopy(memo))
        _same(warm, _build(step))
        memo = warm.memo
    assert len(swapped) > 10


def test_swap_rank_edits_only_the_one_rank_line() -> None:
    from kg.graph.blocks import _swap_rank

    block = b"<urn:a> a kg:State ;\n\tkg:degree 3 ;\n\tkg:degreeRank 12 ;\n\tkg:inDegree 1 .\n"
    assert _swap_rank(block, 12, 13) == block.replace(b"Rank 12 ;", b"Rank 13 ;")
    assert _swap_rank(block, 1, 2) is None  # "12" is not the rank 1
    twice = block + b'<urn:a> rdfs:comment "\tkg:degreeRank 12 " .\n'
    assert _swap_rank(twice, 12, 13) is None


STRICT_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix kg: <https://w3id.org/kg/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix ex: <urn:test#> .
ex:Degree a sh:NodeShape ; sh:targetClass kg:State ;
    sh:property [ sh:path kg:degree ; sh:maxCount 0 ] .
ex:Subject a sh:NodeShape ; sh:targetClass rdf:Statement ;
    sh:property [ sh:path rdf:subject ; sh:class kg:Official ] .
"""


def test_validating_changed_blocks_gives_the_whole_graphs_results(
    seeds: list[Extraction], tmp_path: Path
) -> None:
    """Shapes that fail on many nodes, some through the type of the node pointed at."""
    ontology = tmp_path / "ontology"
    ontology.mkdir()
    for path in ONTOLOGY_DIR.iterdir():
        if path.name != "shapes.ttl":
            (ontology / path.name).symlink_to(path)
    (ontology / "shapes.ttl").write_text(STRICT_SHAPES, encoding="utf-8")
    assert reads_only_types_of_values(load_shapes(ontology))
    settings = dataclasses.replace(SETTINGS, ontology_dir=ontology)
    memo = _build(seeds[:3], settings=settings).memo
    for step in (seeds, _retyped(seeds), seeds[1:]):
        warm = _build(step, copy.deepcopy(memo), settings)
        cold = _build(step, settings=settings)
        assert warm.validation is not None and not warm.validation.conforms
        assert warm.validation == cold.validation
        memo = warm.memo


def _retyped(extractions: list[Extraction]) -> list[Extraction]:
    """The articles with every person who is the subject of a statement made an official:
    statements pointing at them keep their own triples but not their results."""
    people = {
        ref.key
        for e in extractions
        for ref in e.actors
        if ref.cls is ActorClass.PERSON and any(a.subject == ref.key for a in e.assertions)
    }
    assert people
    return [
        dataclasses.replace(
            e,
            actors=tuple(
                dataclasses.replace(ref, cls=ActorClass.OFFICIAL) if ref.key in people else ref
                for ref in e.actors
            ),
        )
        for e in extractions
    ]


def test_shapes_reading_past_the_types_of_values_are_told_apart() -> None:
    assert reads_only_types_of_values(load_shapes(ONTOLOGY_DIR))
    deep = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
        @prefix ex: <urn:test#> .
        ex:S a sh:NodeShape ; sh:targetClass rdf:Statement ;
            sh:property [ sh:path rdf:subject ; sh:node ex:Labelled ] .
        ex:Labelled a sh:NodeShape ; sh:property [ sh:path rdfs:label ; sh:minCount 1 ] .
        """,
        format="turtle",
    )
    assert not reads_only_types_of_values(deep)
