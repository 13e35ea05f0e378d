"""The build's SHACL validator (`kg.graph.shacl`) against pySHACL, the reference.

Both must find the same results on the same graphs: the same (focus node, path) pairs as
many times each, and the same text for every result whose shape has an `sh:message`
(the generic wording of the others differs). The graphs: the ontology's conforming graph
and every broken variant `tests/test_ontology.py` checks, graphs joining every class to
every other by each relation, the golden build graphs, random breakages (hypothesis), and
small shapes graphs for the constraint components `ontology/shapes.ttl` does not use.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyshacl import validate
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SH, SKOS

from kg.config import ONTOLOGY_DIR
from kg.errors import UnsupportedShapes
from kg.graph.shacl import (
    compile_shapes,
    iter_results,
    validate_triples,
)
from kg.graph.shacl_data import DataIndex
from kg.vocab import Relation
from tests.test_ontology import (
    ARTICLE,
    BREAKING_MUTATIONS,
    CONFORMING_MUTATIONS,
    EDGE,
    KG,
    KGD,
    MALI,
    NIGER,
    STATEMENT,
    TIANI,
    XSD,
    Mutation,
    conforming_graph,
    every_class_pair_graph,
)

ROOT = Path(__file__).parents[2]
SHAPES = ONTOLOGY_DIR / "shapes.ttl"
GOLDEN = ROOT / "tests" / "golden"

Outcome = tuple[Counter[tuple[str, str]], Counter[str]]


@cache
def _shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


def _own_messages(shapes: Graph) -> frozenset[str]:
    return frozenset(str(m) for m in shapes.objects(None, SH.message))


def pyshacl_outcome(data: Graph, shapes: Graph) -> Outcome:
    _, report, _ = validate(data, shacl_graph=shapes, inference="none", advanced=True)
    assert isinstance(report, Graph)
    own = _own_messages(shapes)
    places: Counter[tuple[str, str]] = Counter()
    texts: Counter[str] = Counter()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = str(report.value(result, SH.focusNode))
        path = str(report.value(result, SH.resultPath) or "")
        places[(focus, path)] += 1
        message = str(report.value(result, SH.resultMessage))
        if message in own:
            texts[f"{focus} {path}: {message}".strip()] += 1
    return places, texts


def native_outcome(data: Graph, shapes: Graph) -> Outcome:
    own = _own_messages(shapes)
    places: Counter[tuple[str, str]] = Counter()
    texts: Counter[str] = Counter()
    for result in iter_results(DataIndex(data), compile_shapes(shapes)):
        places[(str(result.focus), result.path or "")] += 1
        if result.message in own:
            texts[result.text()] += 1
    return places, texts


def assert_agree(data: Graph, shapes: Graph | None = None) -> Outcome:
    shapes = _shapes() if shapes is None else shapes
    expected = pyshacl_outcome(data, shapes)
    assert native_outcome(data, shapes) == expected
    return expected


@pytest.mark.parametrize("mutate", CONFORMING_MUTATIONS)
def test_shacl_accepts_what_pyshacl_accepts(mutate: Mutation) -> None:
    data = conforming_graph()
    mutate(data)
    places, _ = assert_agree(data)
    assert not places


@pytest.mark.parametrize(("mutate", "message"), BREAKING_MUTATIONS)
def test_shacl_reports_what_pyshacl_reports(mutate: Mutation, message: str) -> None:
    data = conforming_graph()
    mutate(data)
    places, texts = assert_agree(data)
    assert places and any(message in text for text in texts), texts


@pytest.mark.parametrize("relation", list(Relation))
def test_shacl_every_class_pair_agrees(relation: Relation) -> None:
    assert_agree(every_class_pair_graph(relation)[1])


@pytest.mark.parametrize("name", ["coup", "negation"])
def test_shacl_golden_graphs_agree(name: str) -> None:
    quads = ox.parse((GOLDEN / f"{name}.nq").read_bytes(), format=ox.RdfFormat.N_QUADS)
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    written = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    assert written is not None
    data = Graph().parse(data=written, format="nt")
    assert len(data) > 40
    places, _ = assert_agree(data)
    assert not places


BREAKAGES = [
    lambda g: g.remove((NIGER, RDF.type, None)),
    lambda g: g.add((NIGER, RDF.type, KG.Place)),
    lambda g: g.add((TIANI, RDF.type, KG.Edge)),
    lambda g: g.add((NIGER, RDFS.label, Literal("Niger", lang="fr"))),
    lambda g: g.set((MALI, RDFS.label, Literal(3))),
    lambda g: g.add((NIGER, SKOS.altLabel, BNode())),
    lambda g: g.add((MALI, KG.attacks, TIANI)),
    lambda g: g.add((TIANI, KG.memberOf, MALI)),
    lambda g: g.add((MALI, KG.locatedIn, KGD["actor/nowhere"])),
    lambda g: g.set((STATEMENT, KG.charStart, Literal(-3))),
    lambda g: g.set((STATEMENT, KG.charEnd, Literal("12", datatype=XSD.decimal))),
    lambda g: g.add((STATEMENT, KG.charEnd, Literal(2))),
    lambda g: g.set((STATEMENT, KG.confidence, Literal(Decimal("1.01")))),
    lambda g: g.set((STATEMENT, KG.eventDate, Literal("2023-08-10T00:00:00", datatype=XSD.date))),
    lambda g: g.set((STATEMENT, KG.attributedTo, Literal("x", lang="en"))),
    lambda g: g.remove((STATEMENT, PROV.wasDerivedFrom, None)),
    lambda g: g.add((STATEMENT, PROV.wasDerivedFrom, KGD["article/other"])),
    lambda g: g.add((KGD["article/other"], RDF.type, KG.Article)),
    lambda g: g.set((STATEMENT, RDF.subject, Literal("ECOWAS"))),
    lambda g: g.add((EDGE, RDF.predicate, KG.sanctions)),
    lambda g: g.set((EDGE, KG.articleCount, Literal("1"))),
    lambda g: g.set((ARTICLE, KG.contentHash, Literal("A" * 64))),
    lambda g: g.set((ARTICLE, KG.origin, Literal(""))),
    lambda g: g.set((ARTICLE, DCTERMS.date, Literal("2023-02-30", datatype=XSD.date))),
    lambda g: g.add((NIGER, KG.degree, Literal(0))),
    lambda g: g.add((NIGER, KG.degreeRank, Literal(1001))),
    lambda g: g.add((ECOWAS_EDGE_ACTOR, KG.outDegree, Literal(2))),
]
"""Small ways a graph can be wrong; the property test combines them."""

ECOWAS_EDGE_ACTOR = KGD["actor/ecowas"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(range(len(BREAKAGES))), min_size=1, max_size=4, unique=True))
def test_shacl_random_breakages_agree(chosen: list[int]) -> None:
    data = conforming_graph()
    for index in chosen:
        BREAKAGES[index](data)
    assert_agree(data)


EX = "http://example.org/"
COMPONENT_SHAPES = f"""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <{EX}> .

ex:Thing a sh:NodeShape ;
    sh:targetClass ex:Thing ;
    sh:property [ sh:path ex:code ; sh:maxLength 3 ; sh:pattern "^a" ; sh:flags "i" ;
                  sh:message "code" ] ;
    sh:property [ sh:path ex:kind ; sh:hasValue ex:good ; sh:message "kind" ] ;
    sh:property [ sh:path ex:low ; sh:lessThanOrEquals ex:high ; sh:maxExclusive 10 ;
                  sh:minExclusive 0 ; sh:message "range" ] ;
    sh:property [ sh:path ex:part ; sh:class ex:Part ; sh:message "part" ] ;
    sh:property [ sh:path ex:tag ;
                  sh:xone ( [ sh:datatype xsd:string ] [ sh:datatype xsd:integer ] ) ;
                  sh:not [ sh:in ( "bad" ) ] ;
                  sh:and ( [ sh:nodeKind sh:Literal ] [ sh:minLength 1 ] ) ;
                  sh:message "tag" ] ;
    sh:property [ sh:path ex:friend ; sh:qualifiedValueShape [ sh:class ex:Thing ] ;
                  sh:qualifiedMaxCount 1 ; sh:message "friends" ] .

ex:Referenced a sh:NodeShape ;
    sh:targetObjectsOf ex:refers ;
    sh:targetNode ex:lonely ;
    sh:nodeKind sh:IRI ;
    sh:property [ sh:path rdfs:label ; sh:minCount 1 ; sh:message "label" ] .
"""

COMPONENT_DATA = f"""
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <{EX}> .

ex:Special rdfs:subClassOf ex:Part .
ex:good1 a ex:Thing ; ex:code "Abc" ; ex:kind ex:good ; ex:low 1 ; ex:high 1.0 ;
    ex:part ex:p1 ; ex:tag "x", 7 ; ex:friend ex:good2 .
ex:good2 a ex:Thing ; ex:kind ex:good .
ex:p1 a ex:Special .
ex:bad1 a ex:Thing ; ex:code "bcde", ex:a ; ex:kind ex:bad ; ex:low 12 ; ex:high 3 ;
    ex:low "5" ; ex:part ex:p2, "p" ; ex:tag "bad", "", 1.5 ;
    ex:friend ex:good1, ex:good2 .
ex:p2 a ex:Thing .
ex:good1 ex:refers ex:p1, "literal", [ rdfs:label "b" ] .
"""


def test_shacl_other_components_agree() -> None:
    shapes = Graph().parse(data=COMPONENT_SHAPES, format="turtle")
    data = Graph().parse(data=COMPONENT_DATA, format="turtle")
    places, _ = assert_agree(data, shapes)
    assert {focus for focus, _ in places} >= {EX + "bad1", EX + "lonely", EX + "p1"}


@pytest.mark.parametrize(
    "extra",
    [
        "ex:S sh:targetClass ex:T ; sh:property [ sh:path ( ex:a ex:b ) ; sh:minCount 1 ] .",
        "ex:S sh:targetClass ex:T ; sh:property [ sh:path [ sh:inversePath ex:a ] ] .",
        "ex:S sh:targetClass ex:T ; sh:closed true .",
        "ex:S sh:targetClass ex:T ; sh:sparql [ sh:select 'SELECT $this WHERE {}' ] .",
        "ex:S sh:target [ a ex:Custom ] .",
        "ex:S sh:targetClass ex:T ; sh:node ex:S .",
        "ex:S sh:targetClass ex:T ; sh:property [ sh:path ex:a ; sh:uniqueLang true ] .",
    ],
)
def test_shacl_unsupported_shapes_are_refused(extra: str) -> None:
    shapes = Graph().parse(
        data=f"@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <{EX}> .\n{extra}",
        format="turtle",
    )
    with pytest.raises(UnsupportedShapes):
        compile_shapes(shapes)


def test_shacl_ill_typed_literals_fail_range_checks_as_sparql_says() -> None:
    """The one place the two differ, on purpose: SHACL reads sh:minInclusive as SPARQL's
    `<=`, which an ill-typed literal ("high"^^xsd:decimal) can only fail. pySHACL lets it
    pass one of two bounds; both say the graph does not conform."""
    data = conforming_graph()
    data.set((STATEMENT, KG.confidence, Literal("high", datatype=XSD.decimal)))
    place = (str(STATEMENT), str(KG.confidence))
    native, _ = native_outcome(data, _shapes())
    reference, _ = pyshacl_outcome(data, _shapes())
    assert native == Counter({place: 3})  # datatype, minInclusive, maxInclusive
    assert reference == Counter({place: 2})


def test_shacl_validation_reads_like_pyshacl() -> None:
    data = conforming_graph()
    data.add((NIGER, RDFS.label, Literal("Republic of Niger")))
    outcome = validate_triples(data, compile_shapes(_shapes()))
    assert not outcome.conforms and outcome.violations == 1
    assert outcome.messages == (
        f"{NIGER} {RDFS.label}: An entity has exactly one rdfs:label, a string literal.",
    )


def test_shacl_refuses_non_rdf_terms() -> None:
    with pytest.raises(TypeError):
        DataIndex([(URIRef(EX + "a"), URIRef(EX + "b"), "plain")])  # type: ignore[list-item]
