"""Graph assembly on hand-built extractions (no model needed), through `assemble`, the
function a build runs."""

from __future__ import annotations

import random

import pytest
from rdflib import RDF, Graph, Namespace
from rdflib.namespace import PROV

from kg.config import Settings
from kg.graph.assemble import Outputs, assemble
from kg.graph.iri import actor_iri
from kg.graph.provenance import aggregate_confidence, collect_edges
from kg.model import ActorRef, Assertion, Evidence, Extraction
from kg.render.graph_view import render_graph_page
from kg.resolve.link import link_actors
from kg.vocab import KG_NS, ActorClass, Relation
from tests.conftest import make_article

KG = Namespace(KG_NS)
TEXT = "ECOWAS threatened Niger. Mr. Bazoum was detained by the junta."


def _extraction(key: str = "path:a.txt", text: str = TEXT, conf: float = 0.8) -> Extraction:
    article = make_article(text, key=key, published="2023-08-10")
    actors = (
        ActorRef("wd:Q161549", ActorClass.BLOC, "ECOWAS", ("ECOWAS",), "Q161549"),
        ActorRef("wd:Q1032", ActorClass.STATE, "Niger", ("Niger",), "Q1032"),
        ActorRef("gov:wd:Q1032:regime", ActorClass.GOVERNMENT, "Niger junta", ("junta",)),
        ActorRef("name:bazoum", ActorClass.PERSON, "Bazoum", ("Bazoum",)),
        ActorRef("wd:Q1033", ActorClass.STATE, "Nigeria", ("Nigeria",), "Q1033"),
    )
    first = Evidence(
        "ECOWAS threatened Niger.", 0, 24, "kg.dependency.v1", conf, None, "2023-08-09"
    )
    second = Evidence(TEXT[25:], 25, len(TEXT), "kg.dependency.v1", 0.85, "wd:Q1032")
    assertions = (
        Assertion("wd:Q161549", Relation.THREATENS, "wd:Q1032", first),
        Assertion("gov:wd:Q1032:regime", Relation.DETAINS, "name:bazoum", second),
        Assertion("wd:Q1032", Relation.BORDERS, "wd:Q1033", first),
    )
    return Extraction(article, actors, assertions)


def _build(extractions: list[Extraction], validate: bool = False) -> Outputs:
    return assemble(extractions, Settings(validate=validate), render_graph_page)


def _graph(extractions: list[Extraction]) -> Graph:
    """The graph as graph.ttl holds it."""
    return Graph().parse(data=_build(extractions).files["graph.ttl"], format="turtle")


def test_build_statement_records_carry_provenance() -> None:
    graph = _graph([_extraction()])
    statements = list(graph.subjects(RDF.type, RDF.Statement))
    assert len(statements) == 3
    for node in statements:
        assert graph.value(node, PROV.wasDerivedFrom) is not None
        text = str(graph.value(node, KG.evidenceText))
        start, end = int(graph.value(node, KG.charStart)), int(graph.value(node, KG.charEnd))  # type: ignore[arg-type]
        assert TEXT[start:end] == text


def test_build_symmetric_relation_both_directions() -> None:
    graph = _graph([_extraction()])
    niger, nigeria = actor_iri("wd:Q1032"), actor_iri("wd:Q1033")
    assert (niger, KG.borders, nigeria) in graph
    assert (nigeria, KG.borders, niger) in graph


def test_build_conforms_to_shapes() -> None:
    outcome = _build([_extraction()], validate=True).validation
    assert outcome is not None and outcome.conforms, outcome


def test_build_output_is_deterministic() -> None:
    extractions = [_extraction(f"path:{i}.txt", TEXT + f" Item {i}.") for i in range(5)]
    shuffled = extractions[:]
    random.Random(7).shuffle(shuffled)
    first, second = _build(extractions), _build(shuffled)
    assert first.files.keys() == {"graph.ttl", "graph.trig", "graph-index.tsv", "graph.html"}
    assert first.files == second.files


@pytest.mark.parametrize(
    ("confidences", "expected"),
    [([0.8], 0.8), ([0.8, 0.5], 0.9), ([0.5, 0.5, 0.5], 0.875), ([], 0.0)],
)
def test_provenance_aggregate_confidence(confidences: list[float], expected: float) -> None:
    assert aggregate_confidence(confidences) == expected


def test_provenance_support_from_two_articles_raises_confidence() -> None:
    one = collect_edges([_extraction()], {})
    two = collect_edges([_extraction(), _extraction("path:b.txt")], {})
    threat = next(e for e in one if e.relation is Relation.THREATENS)
    threat_two = next(e for e in two if e.relation is Relation.THREATENS)
    assert threat_two.confidence > threat.confidence
    assert threat_two.article_count == 2


def test_link_surname_joins_full_name_across_articles() -> None:
    full = Extraction(
        make_article("x" * 10, key="path:c.txt"),
        (
            ActorRef(
                "name:mohamed-bazoum", ActorClass.OFFICIAL, "Mohamed Bazoum", ("Mohamed Bazoum",)
            ),
        ),
        (),
    )
    actors, key_map = link_actors([_extraction(), full])
    assert key_map["name:bazoum"] == "name:mohamed-bazoum"
    merged = actors["name:mohamed-bazoum"]
    assert merged.cls is ActorClass.OFFICIAL and "Bazoum" in merged.alt_labels
