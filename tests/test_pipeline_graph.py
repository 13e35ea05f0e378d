"""The fast graph writer and the incremental SHACL validation, on hand-built data (no model)."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pytest
from rdflib import RDF, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import to_isomorphic

from kg.config import ONTOLOGY_DIR
from kg.graph.build import build_dataset, union_graph
from kg.graph.provenance import collect_edges
from kg.graph.revalidate import (
    ValidationCache,
    plan_validation,
    shapes_reach,
    validate_part,
    validate_wire,
)
from kg.graph.validate import load_shapes, validate_graph
from kg.graph.write import (
    GraphContent,
    Triple,
    collect_graph,
    to_trig_bytes,
    to_turtle_bytes,
    triple_key,
)
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


def _content() -> tuple[GraphContent, Dataset]:
    extractions = _extractions()
    actors, key_map = link_actors(extractions)
    edges = collect_edges(extractions, key_map)
    articles = [e.article for e in extractions]
    return collect_graph(actors, articles, edges), build_dataset(actors, articles, edges)


def test_pipeline_graph_turtle_matches_rdflib_build() -> None:
    content, dataset = _content()
    written = Graph().parse(data=to_turtle_bytes(content.union()), format="turtle")
    assert set(written) == set(union_graph(dataset))
    assert to_isomorphic(written) == to_isomorphic(union_graph(dataset))


def test_pipeline_graph_trig_matches_rdflib_build() -> None:
    content, dataset = _content()
    written = Dataset()
    written.parse(data=to_trig_bytes(content), format="trig")
    assert set(written.quads()) == set(dataset.quads())


def test_pipeline_graph_bytes_are_stable_across_processes() -> None:
    script = (
        "import sys; from tests.test_pipeline_graph import _content\n"
        "from kg.graph.write import to_turtle_bytes, to_trig_bytes\n"
        "c, _ = _content(); sys.stdout.buffer.write(to_turtle_bytes(c.union()) + to_trig_bytes(c))"
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
# Incremental SHACL
# ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(ONTOLOGY_DIR)


def _triples(graph: Graph) -> list[Triple]:
    return sorted(graph, key=triple_key)  # type: ignore[arg-type]


def _broken(base: Graph) -> Graph:
    """The graph with violations, some reported as details of a neighbour's result."""
    graph = Graph()
    for triple in base:
        graph.add(triple)
    person = D["name-fla"]
    graph.add((person, RDF.type, KG.Person))
    graph.add((person, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("Fla")))
    graph.add((D["wd-q1032"], KG.locatedIn, person))  # object must be a territory
    graph.add((D["wd-q1033"], KG.locatedIn, person))
    graph.add((person, KG.locatedIn, D["wd-q1032"]))  # subject must be a place
    return graph


def _full(graph: Graph, shapes: Graph) -> Counter[str]:
    return Counter(validate_graph(graph, shapes, max_messages=10_000).messages)


def test_pipeline_validate_shapes_reach_is_one_hop(shapes: Graph) -> None:
    assert shapes_reach(shapes) == 1


@pytest.mark.parametrize("parts", [1, 2, 5])
def test_pipeline_validate_parts_equal_full_validation(shapes: Graph, parts: int) -> None:
    content, _ = _content()
    graph = _broken(Graph().parse(data=to_turtle_bytes(content.union()), format="turtle"))
    plan = plan_validation(_triples(graph), shapes, "s", None)
    shapes_ttl = (ONTOLOGY_DIR / "shapes.ttl").read_bytes()
    found = [validate_wire(*part.to_wire(), shapes_ttl) for part in plan.parts(parts)]
    validation, _ = plan.finish(found, max_messages=10_000)
    expected = _full(graph, shapes)
    assert Counter(validation.messages) == expected and sum(expected.values()) >= 3
    assert validation.violations == sum(expected.values())


def test_pipeline_validate_reuses_unchanged_nodes(shapes: Graph) -> None:
    content, _ = _content()
    before = _broken(Graph().parse(data=to_turtle_bytes(content.union()), format="turtle"))
    plan = plan_validation(_triples(before), shapes, "s", None)
    _, cache = plan.finish([validate_part(p, shapes) for p in plan.parts(1)])
    cache = ValidationCache.from_json(cache.to_json())
    after = Graph()
    for triple in before:
        after.add(triple)
    after.remove((D["name-fla"], KG.locatedIn, D["wd-q1032"]))  # fixes one violation
    after.add((D["wd-q1033"], KG.memberOf, D["name-fla"]))  # adds another
    plan = plan_validation(_triples(after), shapes, "s", cache)
    assert 0 < len(plan.changed) < len(plan.signature) / 2
    validation, _ = plan.finish([validate_part(p, shapes) for p in plan.parts(1)], 10_000)
    assert Counter(validation.messages) == _full(after, shapes)
    # other shapes: nothing is reused
    plan = plan_validation(_triples(after), shapes, "other", cache)
    assert len(plan.changed) == len(plan.signature)


def test_pipeline_validate_unbounded_shapes_validate_everything(shapes: Graph) -> None:
    extra = Graph()
    for triple in shapes:
        extra.add(triple)
    extra.add(
        (URIRef("https://example.org/s"), URIRef("http://www.w3.org/ns/shacl#targetNode"), D["x"])
    )
    assert shapes_reach(extra) is None
    content, _ = _content()
    graph = _broken(Graph().parse(data=to_turtle_bytes(content.union()), format="turtle"))
    plan = plan_validation(_triples(graph), extra, "s", None)
    validation, cache = plan.finish([validate_part(p, extra) for p in plan.parts(3)], 10_000)
    assert Counter(validation.messages) == _full(graph, extra)
    assert not cache.signatures
