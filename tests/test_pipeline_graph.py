"""The graph files a build writes, and its SHACL fallback, on hand-built data (no model)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, Literal, Namespace, URIRef

from kg.config import ONTOLOGY_DIR
from kg.errors import UnsupportedShapes
from kg.graph.build import GraphContent, collect_graph
from kg.graph.iri import article_iri
from kg.graph.provenance import collect_edges
from kg.graph.shacl import compile_shapes, validate
from kg.graph.validate import load_shapes
from kg.graph.write import to_trig_bytes, to_turtle_bytes
from kg.model import ActorRef, Assertion, Evidence, Extraction
from kg.resolve.link import link_actors
from kg.vocab import KG_NS, ActorClass, Relation
from tests.conftest import ROOT, make_article

KG = Namespace(KG_NS)
D = Namespace("https://w3id.org/kg/id/actor/")


def _extractions() -> list[Extraction]:
    """Two articles: speakers, event dates, roles, a symmetric relation, quotes and
    newlines in the evidence, and an actor seen in both."""
    text_a = 'ECOWAS threatened Niger.\nMr. Bazoum said "the junta" detained him.'
    article_a = make_article(text_a, key="path:a.txt", published="2023-08-10")
    article_b = make_article("Niger borders Nigeria. Tiani leads the junta.", key="id:7")
    niger = ActorRef("wd:Q1032", ActorClass.STATE, "Niger", ("Niger", "Republic of Niger"), "Q1032")
    junta = ActorRef("gov:wd:Q1032:regime", ActorClass.GOVERNMENT, "Niger junta", ("junta",))
    a = Extraction(
        article_a,
        (
            ActorRef("wd:Q161549", ActorClass.BLOC, "ECOWAS", ("ECOWAS",), "Q161549"),
            niger,
            junta,
            ActorRef("name:mohamed bazoum", ActorClass.OFFICIAL, "Bazoum", ("Mr. Bazoum",)),
        ),
        (
            Assertion(
                "wd:Q161549",
                Relation.THREATENS,
                "wd:Q1032",
                Evidence(text_a[:24], 0, 24, "kg.dependency.v1", 0.8, None, "2023-08-09"),
            ),
            Assertion(
                "gov:wd:Q1032:regime",
                Relation.DETAINS,
                "name:mohamed bazoum",
                Evidence(
                    text_a[25:], 25, len(text_a), "kg.dependency.v1", 0.7, "name:mohamed bazoum"
                ),
            ),
        ),
    )
    b = Extraction(
        article_b,
        (
            niger,
            ActorRef("wd:Q1033", ActorClass.STATE, "Nigeria", ("Nigeria",), "Q1033"),
            ActorRef("name:tiani", ActorClass.OFFICIAL, "Tiani", ("Tiani",)),
            junta,
        ),
        (
            Assertion(
                "wd:Q1032",
                Relation.BORDERS,
                "wd:Q1033",
                Evidence("Niger borders Nigeria.", 0, 22, "kg.dependency.v1", 0.9),
            ),
            Assertion(
                "name:tiani",
                Relation.LEADER_OF,
                "gov:wd:Q1032:regime",
                Evidence("Tiani leads the junta.", 23, 45, "kg.roles.v1", 0.6, "Reuters"),
                role="leader",
            ),
        ),
    )
    return [a, b]


def _content() -> GraphContent:
    extractions = _extractions()
    actors, key_map = link_actors(extractions)
    edges = collect_edges(extractions, key_map)
    return collect_graph(actors, [e.article for e in extractions], edges)


def _quads(data: bytes, format: ox.RdfFormat) -> set[ox.Quad]:
    return set(ox.parse(data, format=format))


def test_pipeline_graph_trig_holds_the_turtle_triples_in_their_graphs() -> None:
    content = _content()
    turtle = {
        (q.subject, q.predicate, q.object)
        for q in _quads(to_turtle_bytes(content.union()), ox.RdfFormat.TURTLE)
    }
    trig = _quads(to_trig_bytes(content), ox.RdfFormat.TRIG)
    assert {(q.subject, q.predicate, q.object) for q in trig} == turtle
    assert len(turtle) == len(content.union())
    graphs = {q.graph_name for q in trig}
    articles = {ox.NamedNode(str(article_iri(k))) for k in ("path:a.txt", "id:7")}
    assert graphs == {ox.DefaultGraph(), *articles}
    statement = ox.NamedNode(str(RDF.Statement))
    for quad in trig:  # statement records sit in their article's graph, actors outside
        if quad.predicate == ox.NamedNode(str(RDF.type)) and quad.object == statement:
            assert quad.graph_name in articles
        if quad.object == ox.NamedNode(KG_NS + "State"):
            assert quad.graph_name == ox.DefaultGraph()


def test_pipeline_graph_bytes_are_stable_across_processes() -> None:
    script = (
        "import sys; from tests.test_pipeline_graph import _content\n"
        "from kg.graph.write import to_turtle_bytes, to_trig_bytes\n"
        "c = _content(); sys.stdout.buffer.write(to_turtle_bytes(c.union()) + to_trig_bytes(c))"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            check=True,
            cwd=ROOT,
            env={"PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(runs) == 1
    assert next(iter(runs)).startswith(b"@prefix dcterms:")


# ---------------------------------------------------------------------------------------
# SHACL: native validator, else pySHACL on the whole graph
# ---------------------------------------------------------------------------------------


def _broken() -> list[tuple[URIRef, URIRef, URIRef | Literal]]:
    """The graph with violations, some reported as details of a neighbour's result."""
    triples = _content().union()
    person = D["name-fla"]
    triples += [
        (person, RDF.type, KG.Person),
        (person, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("Fla")),
        (D["wd-q1032"], KG.locatedIn, person),  # object must be a territory
        (D["wd-q1033"], KG.locatedIn, person),
        (person, KG.locatedIn, D["wd-q1032"]),  # subject must be a place
    ]
    return triples


UNSUPPORTED_SHAPE = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix kg: <https://w3id.org/kg/ontology#> .
kg:NoNigerShape a sh:NodeShape ;
    sh:targetClass kg:State ;
    sh:sparql [
        sh:message "no State may be called Niger" ;
        sh:select "SELECT $this WHERE { $this <http://www.w3.org/2000/01/rdf-schema#label> 'Niger' }" ;
    ] .
"""


def test_pipeline_validate_falls_back_to_pyshacl_for_unsupported_shapes(tmp_path: Path) -> None:
    """Shapes the native validator cannot read are checked whole by pySHACL, which
    finds as many results as the native validator, and the one only it can check (the
    wording of results without an sh:message differs: `tests/graph/test_shacl.py`)."""
    triples = _broken()
    native = validate(triples, load_shapes(ONTOLOGY_DIR))
    assert not native.conforms and native.violations >= 3
    custom = tmp_path / "ontology"
    custom.mkdir()
    shapes = (ONTOLOGY_DIR / "shapes.ttl").read_text(encoding="utf-8") + UNSUPPORTED_SHAPE
    (custom / "shapes.ttl").write_text(shapes, encoding="utf-8")
    with pytest.raises(UnsupportedShapes):
        compile_shapes(load_shapes(custom))
    fallback = validate(triples, load_shapes(custom))
    niger = [m for m in fallback.messages if "no State may be called Niger" in m]
    assert len(niger) == 1
    assert fallback.violations == native.violations + 1
