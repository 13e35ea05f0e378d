"""The build-time links the saved queries read (kg/graph/links.py): what they say, that they are
what the joins they replace would find, and how to add them to a graph built without them."""

from __future__ import annotations

from pathlib import Path

from kg.graph.events import Event, event_triples
from kg.graph.iri import KG, edge_iri, source_iri
from kg.graph.links import edge_link_triples, event_link_triples, sole_origin
from kg.graph.origins import Origin
from kg.graph.provenance import Edge, Record
from kg.model import Evidence
from kg.query.sparql import run_query
from kg.query.store import OxigraphGraph, load_store
from kg.vocab import Relation

AP = Origin("ap", "AP", "B", "wire")
REUTERS = Origin("reuters", "Reuters", "B", "wire")

# What each link stands for, as the joins the saved queries made before it: the same rows
# must come out of the link and of the join.
DERIVED_LINKS = """
PREFIX kg: <https://w3id.org/kg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
INSERT { ?event kg:edgeSummary ?edge } WHERE {
  ?event a kg:Event ; kg:actor ?s ; kg:eventType ?p ; kg:target ?o .
  ?edge a kg:Edge ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
} ;
INSERT { ?edge kg:soleOrigin ?source } WHERE {
  ?edge kg:independentSourceCount 1 ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  ?record a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
          prov:wasDerivedFrom ?article .
  ?article kg:originalSource ?source .
}
"""
LINKS = """
PREFIX kg: <https://w3id.org/kg/ontology#>
SELECT ?s ?p ?o WHERE { VALUES ?p { kg:edgeSummary kg:soleOrigin } ?s ?p ?o }
"""


def with_derived_links(graph: OxigraphGraph) -> OxigraphGraph:
    """`graph` (in memory) with the links a build writes, derived by the joins they replace,
    where it lacks them: a graph built before kg/graph/links.py was wired in."""
    graph.union.update(DERIVED_LINKS)
    return graph


def _edge(*articles: str, relation: Relation = Relation.THREATENS) -> Edge:
    records = tuple(
        Record(article, Evidence("X threatens Y.", 10 * n, 10 * n + 14, "test", 0.8), None)
        for n, article in enumerate(articles)
    )
    return Edge("x", relation, "y", records, 0.8, len(set(articles)))


def test_sole_origin_is_the_one_origin_of_the_records_articles() -> None:
    origins = {"a1": AP, "a2": AP, "a3": REUTERS}
    assert sole_origin(_edge("a1", "a2"), origins) == "ap"  # a reprint is no second origin
    assert sole_origin(_edge("a1", "a3"), origins) is None
    assert sole_origin(_edge("unknown"), origins) is None  # no known origin: none
    assert sole_origin(_edge("a3", "unknown"), origins) == "reuters"


def test_edge_link_triples_name_the_sole_origin_only_when_there_is_one() -> None:
    origins = {"a1": AP, "a3": REUTERS}
    edge = _edge("a1")
    assert list(edge_link_triples(edge, origins)) == [
        (edge_iri("x", Relation.THREATENS, "y"), KG.soleOrigin, source_iri("ap"))
    ]
    assert list(edge_link_triples(_edge("a1", "a3"), origins)) == []


def test_event_link_triples_name_the_summary_of_the_events_relation() -> None:
    edge = _edge("a1", "a2", relation=Relation.SANCTIONS)
    event = Event(Relation.SANCTIONS, "x", "y", "2023-07-30", "day", None, edge.records)
    ((node, predicate, summary),) = event_link_triples(event)
    assert node == next(event_triples(event))[0]  # the event node event_triples writes
    assert (predicate, summary) == (KG.edgeSummary, edge_iri("x", Relation.SANCTIONS, "y"))


def test_links_of_the_mini_graph_are_what_the_joins_derive(mini_path: Path) -> None:
    graph = load_store(mini_path)
    written = run_query(graph, LINKS).rows
    assert written, "the mini graph holds the links"
    assert run_query(with_derived_links(graph), LINKS).rows == written


def test_links_of_the_seed_build_are_what_the_joins_derive(seed_build: Path) -> None:
    graph = load_store(seed_build)
    written = run_query(graph, LINKS).rows
    assert written, "the build writes the links of kg/graph/links.py"
    assert run_query(with_derived_links(graph), LINKS).rows == written
