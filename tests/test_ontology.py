"""Contract test: the SPEC's tables, kg.vocab, ontology/kg.ttl and ontology/shapes.ttl agree.

The SPEC (§2 classes, §3 relations with their PLOVER / CAMEO alignment) is the contract;
kg.vocab spells it for the code; the OWL ontology and the SHACL shapes spell it for RDF
tools. The shapes are run the way a build runs them: pyshacl, no inference, no ontology.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from decimal import Decimal
from enum import StrEnum
from functools import cache
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, PROV, SH, SKOS
from rdflib.term import Node

from kg.config import ONTOLOGY_DIR
from kg.vocab import (
    ACTOR_CLASSES,
    KG_DATA_NS,
    KG_NS,
    RELATIONS,
    SIGNATURES,
    ActorClass,
    Relation,
)

ROOT = Path(__file__).parents[1]
SPEC = Path(__file__).parents[2] / "shared" / "SPEC.md"
ONTOLOGY = ONTOLOGY_DIR / "kg.ttl"
SHAPES = ONTOLOGY_DIR / "shapes.ttl"

KG = Namespace(KG_NS)
KGD = Namespace(KG_DATA_NS)
# A plain Namespace, not rdflib's closed XSD, whose unknown-attribute warning pytest triggers
# while collecting module globals.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
ALL_CLASSES = frozenset(ActorClass)
ABSTRACT_CLASSES = {"Entity", "Actor", "Article", "Edge", "Event", "NewsSource", "Build"}

Alignment = tuple[str | None, tuple[str, ...]]


# --- loading ------------------------------------------------------------------------------


@cache
def _ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@cache
def _shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


def _local(term: Node) -> str:
    text = str(term)
    assert text.startswith(KG_NS), f"{text} is not in the kg namespace"
    return text.removeprefix(KG_NS)


def _spec_table(section: str) -> list[list[str]]:
    """Return the body rows of the first markdown table under the SPEC heading `## <section>`."""
    if not SPEC.exists():
        pytest.skip(f"SPEC not found at {SPEC}")
    text = SPEC.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(section)}[^\n]*\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"SPEC has no section {section!r}"
    lines = [line.strip() for line in match.group(1).splitlines() if line.strip().startswith("|")]
    assert len(lines) > 2, f"SPEC section {section!r} has no table"
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]


def _spec_names(section: str) -> set[str]:
    return {row[0].strip("`") for row in _spec_table(section)}


def _spec_alignment() -> dict[str, Alignment]:
    """Map each SPEC §3 relation to (PLOVER type, CAMEO codes) from the table's third column."""
    out: dict[str, Alignment] = {}
    for name, _meaning, cell in _spec_table("3."):
        if "/" in cell:
            plover, codes = cell.split("/", 1)
            out[name.strip("`")] = (plover.strip(), tuple(c.strip() for c in codes.split(",")))
        else:
            out[name.strip("`")] = (None, ())
    return out


def _declared(kind: URIRef) -> set[str]:
    return {_local(s) for s in _ontology().subjects(RDF.type, kind) if isinstance(s, URIRef)}


def _class_set(graph: Graph, node: Node) -> frozenset[ActorClass]:
    """Expand a domain or range (a class, kg:Actor, kg:Entity or an owl:unionOf) to classes."""
    if node == KG.Entity:
        return ALL_CLASSES
    if node == KG.Actor:
        return ACTOR_CLASSES
    union = graph.value(node, OWL.unionOf)
    if union is not None:
        return frozenset().union(*(_class_set(graph, m) for m in Collection(graph, union)))
    return frozenset({ActorClass(_local(node))})


# --- (a) names --------------------------------------------------------------------------


def test_ontology_class_names_match_spec_and_vocab() -> None:
    spec = _spec_names("2.")
    assert spec == {c.value for c in ActorClass}
    assert _declared(OWL.Class) - ABSTRACT_CLASSES == spec


def test_ontology_relation_names_match_spec_and_vocab() -> None:
    spec = _spec_names("3.")
    assert spec == {r.value for r in Relation}
    assert _declared(OWL.ObjectProperty) == spec


def test_ontology_classes_are_pairwise_disjoint() -> None:
    graph = _ontology()
    groups = [
        {_local(m) for m in Collection(graph, graph.value(node, OWL.members))}
        for node in graph.subjects(RDF.type, OWL.AllDisjointClasses)
    ]
    assert {c.value for c in ActorClass} in groups


@pytest.mark.parametrize(
    ("cls", "parent"),
    [
        *((KG[c], KG.Actor if c in ACTOR_CLASSES else KG.Entity) for c in ActorClass),
        (KG.Actor, KG.Entity),
        (KG.Article, PROV.Entity),
    ],
    ids=lambda term: term.split("#")[-1],
)
def test_ontology_class_hierarchy(cls: URIRef, parent: URIRef) -> None:
    assert set(_ontology().objects(cls, RDFS.subClassOf)) == {parent}


@pytest.mark.parametrize(("section", "enum"), [("2.", ActorClass), ("3.", Relation)])
def test_ontology_comments_are_spec_meanings(section: str, enum: type[StrEnum]) -> None:
    """Each class's and relation's rdfs:comment is its SPEC "what it is" / "meaning" cell."""
    spec = {row[0].strip("`"): row[1] for row in _spec_table(section)}
    graph = _ontology()
    assert {m.value: str(graph.value(KG[m], RDFS.comment)) for m in enum} == spec
    if enum is Relation:
        assert {r.value: info.meaning for r, info in RELATIONS.items()} == spec


def test_ontology_terms_have_label_and_comment() -> None:
    graph = _ontology()
    terms = {s for s in graph.subjects(RDF.type, None) if str(s).startswith(KG_NS)}
    unlabelled = {
        _local(t)
        for t in terms
        if graph.value(t, RDFS.label) is None or graph.value(t, RDFS.comment) is None
    }
    assert len(terms) > 40
    assert not unlabelled


def test_ontology_header() -> None:
    graph = _ontology()
    (onto,) = graph.subjects(RDF.type, OWL.Ontology)
    assert graph.value(onto, OWL.versionInfo) == Literal("0.1.0")
    assert graph.value(onto, RDFS.label) is not None
    assert graph.value(onto, RDFS.comment) is not None


# --- (b) alignment, (c) symmetry, (d) domain and range ------------------------------------


@pytest.mark.parametrize("relation", list(Relation))
def test_ontology_alignment_matches_vocab_and_spec(relation: Relation) -> None:
    graph, info, prop = _ontology(), RELATIONS[relation], KG[relation]
    plover = {str(o) for o in graph.objects(prop, KG.ploverType)}
    cameo = {str(o) for o in graph.objects(prop, KG.cameoCode)}
    assert plover == ({info.plover} if info.plover else set())
    assert cameo == set(info.cameo)
    assert _spec_alignment()[relation] == (info.plover, info.cameo)
    assert {str(o) for o in graph.objects(prop, KG.family)} == {info.family.value}


def test_ontology_symmetric_properties_match_vocab() -> None:
    symmetric = {r.value for r, info in RELATIONS.items() if info.symmetric}
    assert _declared(OWL.SymmetricProperty) == symmetric


@pytest.mark.parametrize("relation", list(Relation))
def test_ontology_domain_and_range_match_signatures(relation: Relation) -> None:
    graph, sig = _ontology(), SIGNATURES[relation]
    domains = list(graph.objects(KG[relation], RDFS.domain))
    ranges = list(graph.objects(KG[relation], RDFS.range))
    assert len(domains) == 1
    assert len(ranges) == 1
    assert _class_set(graph, domains[0]) == sig.subjects
    assert _class_set(graph, ranges[0]) == sig.objects


@pytest.mark.parametrize(
    ("name", "kind", "value_type"),
    [
        ("evidenceText", OWL.DatatypeProperty, XSD.string),
        ("charStart", OWL.DatatypeProperty, XSD.integer),
        ("charEnd", OWL.DatatypeProperty, XSD.integer),
        ("confidence", OWL.DatatypeProperty, XSD.decimal),
        ("extractor", OWL.DatatypeProperty, XSD.string),
        ("attributedTo", RDF.Property, None),
        ("eventDate", OWL.DatatypeProperty, XSD.date),
        ("role", OWL.DatatypeProperty, XSD.string),
        ("supportCount", OWL.DatatypeProperty, XSD.integer),
        ("articleCount", OWL.DatatypeProperty, XSD.integer),
        ("degree", OWL.DatatypeProperty, XSD.integer),
        ("outDegree", OWL.DatatypeProperty, XSD.integer),
        ("inDegree", OWL.DatatypeProperty, XSD.integer),
        ("degreeRank", OWL.DatatypeProperty, XSD.integer),
        ("statementCount", OWL.DatatypeProperty, XSD.integer),
        ("sourceCount", OWL.DatatypeProperty, XSD.integer),
        ("soleSource", RDF.Property, KG.Article),
        ("origin", OWL.DatatypeProperty, XSD.string),
        ("contentHash", OWL.DatatypeProperty, XSD.string),
        ("ploverType", OWL.AnnotationProperty, None),
        ("cameoCode", OWL.AnnotationProperty, None),
        ("family", OWL.AnnotationProperty, None),
    ],
)
def test_ontology_property_declarations(name: str, kind: URIRef, value_type: URIRef | None) -> None:
    graph, prop = _ontology(), KG[name]
    kinds = set(graph.objects(prop, RDF.type)) - {OWL.FunctionalProperty}
    assert kinds == {kind}
    declared = graph.value(prop, RDFS.range)
    # A restricted datatype (confidence in [0, 1]) names its base datatype with owl:onDatatype.
    if declared is not None and graph.value(declared, OWL.onDatatype) is not None:
        declared = graph.value(declared, OWL.onDatatype)
    assert declared == value_type


# --- shapes -------------------------------------------------------------------------------


def _in_list(graph: Graph, node: Node) -> list[Node]:
    return list(Collection(graph, graph.value(node, SH["in"])))


def _type_shape_classes(graph: Graph, shape: Node) -> frozenset[ActorClass]:
    """The classes a kgsh:*Type node shape admits (its rdf:type qualified sh:in list)."""
    (prop,) = graph.objects(shape, SH.property)
    assert graph.value(prop, SH.path) == RDF.type
    return frozenset(
        ActorClass(_local(c)) for c in _in_list(graph, graph.value(prop, SH.qualifiedValueShape))
    )


@pytest.mark.parametrize("relation", list(Relation))
def test_ontology_shape_signatures_match_vocab(relation: Relation) -> None:
    graph, sig = _shapes(), SIGNATURES[relation]
    (shape,) = graph.subjects(SH.targetSubjectsOf, KG[relation])
    assert _type_shape_classes(graph, graph.value(shape, SH.node)) == sig.subjects
    (prop,) = (
        p for p in graph.objects(shape, SH.property) if graph.value(p, SH.path) == KG[relation]
    )
    assert _type_shape_classes(graph, graph.value(prop, SH.node)) == sig.objects


def test_ontology_shapes_admit_exactly_the_relations() -> None:
    graph = _shapes()
    (prop,) = graph.subjects(SH.path, RDF.predicate)
    assert {_local(p) for p in _in_list(graph, prop)} == {r.value for r in Relation}
    (entity,) = graph.subjects(SH.targetClass, KG.State)
    assert {_local(c) for c in graph.objects(entity, SH.targetClass)} == set(ActorClass)


NIGER, MALI, ECOWAS, TIANI = (KGD[f"actor/{n}"] for n in ("niger", "mali", "ecowas", "tiani"))
ARTICLE = KGD["article/3f2a"]
STATEMENT = KGD["statement/9c1d"]
EDGE = KGD["edge/77aa"]
SOURCE = KGD["source/ap"]
ARTICLE_TEXT = "ECOWAS says it will use military force to restore order in Niger."


def conforming_graph() -> Graph:
    """A small graph in the shape a build writes: entities, edges, records, an article."""
    g = Graph()
    for node, cls, label in [
        (NIGER, KG.State, "Niger"),
        (MALI, KG.State, "Mali"),
        (ECOWAS, KG.Bloc, "ECOWAS"),
        (TIANI, KG.Official, "Abdourahamane Tiani"),
    ]:
        g.add((node, RDF.type, cls))
        g.add((node, RDFS.label, Literal(label)))
    g.add((NIGER, SKOS.altLabel, Literal("Nigerien")))
    g.add((NIGER, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q1032")))
    g.add((ECOWAS, KG.threatens, NIGER))
    g.add((NIGER, KG.memberOf, ECOWAS))
    g.add((TIANI, KG.leaderOf, NIGER))
    g.add((MALI, KG.borders, NIGER))

    g.add((ARTICLE, RDF.type, KG.Article))
    g.add((ARTICLE, DCTERMS.title, Literal("West African bloc threatens force")))
    g.add((ARTICLE, DCTERMS.source, Literal("Associated Press")))
    g.add((ARTICLE, DCTERMS.date, Literal("2023-08-17", datatype=XSD.date)))
    g.add((ARTICLE, DCTERMS.identifier, Literal("rec-1")))
    g.add((ARTICLE, KG.origin, Literal("seeds/000.txt")))
    g.add((ARTICLE, KG.contentHash, Literal(hashlib.sha256(ARTICLE_TEXT.encode()).hexdigest())))

    g.add((STATEMENT, RDF.type, RDF.Statement))
    g.add((STATEMENT, RDF.subject, ECOWAS))
    g.add((STATEMENT, RDF.predicate, KG.threatens))
    g.add((STATEMENT, RDF.object, NIGER))
    g.add((STATEMENT, PROV.wasDerivedFrom, ARTICLE))
    g.add((STATEMENT, KG.evidenceText, Literal(ARTICLE_TEXT)))
    g.add((STATEMENT, KG.charStart, Literal(0)))
    g.add((STATEMENT, KG.charEnd, Literal(len(ARTICLE_TEXT))))
    g.add((STATEMENT, KG.confidence, Literal(Decimal("0.8"))))
    g.add((STATEMENT, KG.extractor, Literal("kg.dependency.v1")))
    g.add((STATEMENT, KG.attributedTo, Literal("a regional diplomat")))
    g.add((STATEMENT, KG.eventDate, Literal("2023-08-10", datatype=XSD.date)))
    g.add((STATEMENT, KG.role, Literal("foreign minister")))

    g.add((EDGE, RDF.type, KG.Edge))
    g.add((EDGE, RDF.subject, ECOWAS))
    g.add((EDGE, RDF.predicate, KG.threatens))
    g.add((EDGE, RDF.object, NIGER))
    g.add((EDGE, KG.confidence, Literal(Decimal("0.9"))))
    g.add((EDGE, KG.supportCount, Literal(2)))
    g.add((EDGE, KG.articleCount, Literal(1)))
    g.add((EDGE, KG.independentSourceCount, Literal(1)))
    g.add((EDGE, KG.credibility, Literal(3)))
    g.add((ARTICLE, KG.originalSource, SOURCE))
    g.add((ARTICLE, KG.sourceReliability, Literal("B")))
    g.add((SOURCE, RDF.type, KG.NewsSource))
    g.add((SOURCE, RDFS.label, Literal("AP")))
    g.add((SOURCE, KG.sourceReliability, Literal("B")))
    return g


def _validate(data: Graph) -> tuple[bool, Graph]:
    conforms, results, _text = validate(data, shacl_graph=_shapes(), inference="none")
    assert isinstance(results, Graph)
    return bool(conforms), results


def _messages(results: Graph) -> list[str]:
    return [str(m) for m in results.objects(None, SH.resultMessage)]


Mutation = Callable[[Graph], object]


CONFORMING_MUTATIONS = [
    pytest.param(lambda g: None, id="as-built"),
    pytest.param(lambda g: g.set((STATEMENT, KG.attributedTo, TIANI)), id="attributed-to-iri"),
    pytest.param(
        lambda g: g.set(
            (ARTICLE, DCTERMS.date, Literal("2023-08-17T09:30:00", datatype=XSD.dateTime))
        ),
        id="article-datetime",
    ),
    pytest.param(
        lambda g: g.set((NIGER, RDFS.label, Literal("Niger", lang="en"))), id="label-lang"
    ),
    pytest.param(
        lambda g: [
            g.remove((STATEMENT, p, None)) for p in (KG.attributedTo, KG.eventDate, KG.role)
        ],
        id="no-optional-statement-fields",
    ),
    pytest.param(lambda g: g.remove((ARTICLE, DCTERMS.title, None)), id="untitled-article"),
    pytest.param(lambda g: g.set((EDGE, KG.confidence, Literal(Decimal("1")))), id="confidence-1"),
]
"""Changes a build may make that the shapes must accept."""


@pytest.mark.parametrize("mutate", CONFORMING_MUTATIONS)
def test_ontology_shapes_accept_conforming_graph(mutate: Mutation) -> None:
    data = conforming_graph()
    mutate(data)
    conforms, results = _validate(data)
    assert conforms, _messages(results)


BREAKING_MUTATIONS = [
    pytest.param(
        lambda g: g.remove((STATEMENT, KG.evidenceText, None)),
        "kg:evidenceText",
        id="statement-without-evidence",
    ),
    pytest.param(
        lambda g: g.set((STATEMENT, KG.evidenceText, Literal(""))),
        "kg:evidenceText",
        id="empty-evidence",
    ),
    pytest.param(
        lambda g: g.set((STATEMENT, KG.confidence, Literal(Decimal("1.5")))),
        "kg:confidence",
        id="confidence-1.5",
    ),
    pytest.param(
        lambda g: g.set((EDGE, KG.confidence, Literal(Decimal("-0.1")))),
        "kg:confidence",
        id="edge-confidence-negative",
    ),
    pytest.param(
        # rdflib types a Python float as xsd:double; the contract is xsd:decimal.
        lambda g: g.set((STATEMENT, KG.confidence, Literal(0.8))),
        "kg:confidence",
        id="confidence-as-double",
    ),
    pytest.param(
        lambda g: g.add((NIGER, RDF.type, KG.Place)),
        "exactly one rdf:type",
        id="two-entity-classes",
    ),
    pytest.param(
        lambda g: g.add((MALI, KG.memberOf, NIGER)),
        "object of kg:memberOf",
        id="member-of-a-state",
    ),
    pytest.param(
        lambda g: g.add((NIGER, KG.leaderOf, MALI)),
        "subject of kg:leaderOf",
        id="state-leads-state",
    ),
    pytest.param(
        lambda g: g.set((STATEMENT, KG.charStart, Literal("x"))),
        "kg:charStart",
        id="char-start-not-integer",
    ),
    pytest.param(
        lambda g: g.set((STATEMENT, KG.charEnd, Literal(-1))),
        "kg:charEnd",
        id="char-end-negative",
    ),
    pytest.param(
        lambda g: g.set((STATEMENT, KG.charStart, Literal(len(ARTICLE_TEXT) + 5))),
        "less than its kg:charEnd",
        id="char-span-reversed",
    ),
    pytest.param(
        lambda g: g.set((STATEMENT, RDF.predicate, RDFS.seeAlso)),
        "rdf:predicate",
        id="predicate-not-a-relation",
    ),
    pytest.param(
        lambda g: g.remove((EDGE, RDF.object, None)),
        "rdf:object",
        id="edge-without-object",
    ),
    pytest.param(
        lambda g: g.set((STATEMENT, PROV.wasDerivedFrom, NIGER)),
        "prov:wasDerivedFrom",
        id="derived-from-non-article",
    ),
    pytest.param(
        lambda g: g.set((STATEMENT, KG.eventDate, Literal("10 August 2023"))),
        "kg:eventDate",
        id="event-date-string",
    ),
    pytest.param(
        lambda g: g.set((STATEMENT, KG.attributedTo, BNode())),
        "kg:attributedTo",
        id="attributed-to-blank-node",
    ),
    pytest.param(
        lambda g: g.add((STATEMENT, KG.role, Literal("president"))),
        "kg:role",
        id="two-roles",
    ),
    pytest.param(
        lambda g: g.set((EDGE, KG.supportCount, Literal(0))),
        "kg:supportCount",
        id="edge-support-zero",
    ),
    pytest.param(
        lambda g: g.remove((EDGE, KG.articleCount, None)),
        "kg:articleCount",
        id="edge-without-article-count",
    ),
    pytest.param(
        lambda g: g.remove((NIGER, RDFS.label, None)),
        "rdfs:label",
        id="entity-without-label",
    ),
    pytest.param(
        lambda g: g.add((NIGER, RDFS.label, Literal("Republic of Niger"))),
        "rdfs:label",
        id="entity-with-two-labels",
    ),
    pytest.param(
        lambda g: g.add((NIGER, SKOS.altLabel, KGD["actor/niamey"])),
        "skos:altLabel",
        id="alt-label-iri",
    ),
    pytest.param(
        lambda g: g.set((NIGER, OWL.sameAs, Literal("Q1032"))),
        "owl:sameAs",
        id="same-as-literal",
    ),
    pytest.param(
        lambda g: g.remove((ARTICLE, KG.contentHash, None)),
        "kg:contentHash",
        id="article-without-hash",
    ),
    pytest.param(
        lambda g: g.set((ARTICLE, KG.contentHash, Literal("ab12"))),
        "kg:contentHash",
        id="article-hash-not-sha256",
    ),
    pytest.param(
        lambda g: g.add((ARTICLE, DCTERMS.date, Literal("2023-08-18", datatype=XSD.date))),
        "dcterms:date",
        id="article-two-dates",
    ),
    pytest.param(
        lambda g: g.set((ARTICLE, DCTERMS.date, Literal("August 17, 2023"))),
        "dcterms:date",
        id="article-date-string",
    ),
    # origins, independent sources and credibility (issue 17)
    pytest.param(
        lambda g: g.remove((EDGE, KG.independentSourceCount, None)),
        "kg:independentSourceCount",
        id="edge-without-independent-source-count",
    ),
    pytest.param(
        lambda g: g.set((EDGE, KG.credibility, Literal(7))),
        "kg:credibility",
        id="edge-credibility-out-of-range",
    ),
    pytest.param(
        lambda g: g.set((ARTICLE, KG.sourceReliability, Literal("G"))),
        "kg:sourceReliability",
        id="article-reliability-not-a-grade",
    ),
    pytest.param(
        lambda g: g.set((ARTICLE, KG.originalSource, Literal("AP"))),
        "kg:originalSource",
        id="original-source-literal",
    ),
    pytest.param(
        lambda g: g.remove((SOURCE, RDFS.label, None)),
        "rdfs:label",
        id="news-source-without-label",
    ),
]
"""Broken graphs, each with words the shapes' report must contain."""


@pytest.mark.parametrize(("mutate", "message"), BREAKING_MUTATIONS)
def test_ontology_shapes_reject_broken_graph(mutate: Mutation, message: str) -> None:
    data = conforming_graph()
    mutate(data)
    conforms, results = _validate(data)
    assert not conforms
    assert any(message in m for m in _messages(results)), _messages(results)


def every_class_pair_graph(relation: Relation) -> tuple[dict[ActorClass, URIRef], Graph]:
    """One entity of each class, each joined to every other (itself too) by `relation`."""
    node = {cls: KGD[f"actor/{cls.value.lower()}"] for cls in ActorClass}
    data = Graph()
    for cls, iri in node.items():
        data.add((iri, RDF.type, KG[cls]))
        data.add((iri, RDFS.label, Literal(cls.value)))
        for other in node.values():
            data.add((iri, KG[relation], other))
    return node, data


@pytest.mark.parametrize("relation", list(Relation))
def test_ontology_shapes_enforce_every_signature(relation: Relation) -> None:
    """Join one entity of each class to every other by `relation`; exactly the pairs outside
    the relation's signature are reported, each on the side that breaks it."""
    sig = SIGNATURES[relation]
    node, data = every_class_pair_graph(relation)

    _conforms, results = _validate(data)
    bad_subjects, bad_pairs = set(), set()
    for result in results.objects(None, SH.result):
        path = results.value(result, SH.resultPath)
        focus = results.value(result, SH.focusNode)
        if path is None:
            bad_subjects.add(focus)
        else:
            assert path == KG[relation]
            bad_pairs.add((focus, results.value(result, SH.value)))

    assert bad_subjects == {node[c] for c in ActorClass if c not in sig.subjects}
    assert bad_pairs == {
        (node[s], node[o]) for s in ActorClass for o in ActorClass if o not in sig.objects
    }
