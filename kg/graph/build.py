"""Plain data -> an rdflib Dataset: actors and edge aggregates in the default graph, each
article's metadata, edges and statement records in a named graph of its own."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

from kg.graph.iri import (
    KG,
    KGD,
    actor_iri,
    article_iri,
    edge_iri,
    relation_iri,
    statement_iri,
    wikidata_iri,
)
from kg.graph.provenance import ActorSummary, Edge, Record, summarize_actors
from kg.model import Actor, Article
from kg.vocab import RELATIONS

PREFIXES = {
    "kg": KG,
    "kgd": KGD,
    "dcterms": DCTERMS,
    "prov": PROV,
    "skos": SKOS,
    "owl": OWL,
    "wd": URIRef("http://www.wikidata.org/entity/"),
}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def bind_prefixes(graph: Graph) -> None:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)


def _decimal(value: float) -> Literal:
    return Literal(f"{value:.3f}", datatype=XSD.decimal)


def add_actor(graph: Graph, actor: Actor) -> None:
    node = actor_iri(actor.key)
    graph.add((node, RDF.type, KG[actor.cls.value]))
    graph.add((node, RDFS.label, Literal(actor.label)))
    for alt in sorted(actor.alt_labels):
        graph.add((node, SKOS.altLabel, Literal(alt)))
    if actor.wikidata:
        graph.add((node, OWL.sameAs, wikidata_iri(actor.wikidata)))


def add_actor_summary(graph: Graph, key: str, summary: ActorSummary) -> None:
    node = actor_iri(key)
    graph.add((node, KG.degree, Literal(summary.degree)))
    graph.add((node, KG.outDegree, Literal(summary.outgoing)))
    graph.add((node, KG.inDegree, Literal(summary.incoming)))
    if summary.rank is not None:
        graph.add((node, KG.degreeRank, Literal(summary.rank)))
    graph.add((node, KG.statementCount, Literal(summary.statements)))
    graph.add((node, KG.sourceCount, Literal(summary.sources)))
    if summary.sole_source is not None:
        graph.add((node, KG.soleSource, article_iri(summary.sole_source)))


def add_article(graph: Graph, article: Article) -> URIRef:
    node = article_iri(article.key)
    graph.add((node, RDF.type, KG.Article))
    graph.add((node, KG.origin, Literal(article.origin)))
    graph.add((node, KG.contentHash, Literal(article.content_hash)))
    if article.title:
        graph.add((node, DCTERMS.title, Literal(article.title)))
    if article.source:
        graph.add((node, DCTERMS.source, Literal(article.source)))
    if article.identifier:
        graph.add((node, DCTERMS.identifier, Literal(article.identifier)))
    if article.published and _DATE.match(article.published):
        graph.add((node, DCTERMS.date, Literal(article.published, datatype=XSD.date)))
    return node


def add_edge_triples(graph: Graph, edge: Edge) -> None:
    subject, obj = actor_iri(edge.subject), actor_iri(edge.object)
    predicate = relation_iri(edge.relation)
    graph.add((subject, predicate, obj))
    if RELATIONS[edge.relation].symmetric:
        graph.add((obj, predicate, subject))


def add_edge_summary(graph: Graph, edge: Edge) -> None:
    node = edge_iri(edge.subject, edge.relation, edge.object)
    graph.add((node, RDF.type, KG.Edge))
    graph.add((node, RDF.subject, actor_iri(edge.subject)))
    graph.add((node, RDF.predicate, relation_iri(edge.relation)))
    graph.add((node, RDF.object, actor_iri(edge.object)))
    graph.add((node, KG.confidence, _decimal(edge.confidence)))
    graph.add((node, KG.supportCount, Literal(len(edge.records))))
    graph.add((node, KG.articleCount, Literal(edge.article_count)))


def build_dataset(
    actors: Mapping[str, Actor], articles: Iterable[Article], edges: Sequence[Edge]
) -> Dataset:
    """Assemble the whole graph as a Dataset with one named graph per article."""
    dataset = Dataset()
    bind_prefixes(dataset)
    default = dataset.default_context
    summaries = summarize_actors(edges)
    for key in sorted(actors):
        add_actor(default, actors[key])
        if key in summaries:
            add_actor_summary(default, key, summaries[key])
    article_graphs: dict[str, Graph] = {}
    for article in sorted(articles, key=lambda a: a.key):
        graph = dataset.graph(article_iri(article.key))
        add_article(graph, article)
        article_graphs[article.key] = graph
    for edge in edges:
        add_edge_summary(default, edge)
        for record in edge.records:
            graph = article_graphs[record.article_key]
            add_edge_triples(graph, edge)
            _add_record(graph, edge, record, actors)
    return dataset


def _add_record(graph: Graph, edge: Edge, record: Record, actors: Mapping[str, Actor]) -> None:
    article_key = record.article_key
    evidence = record.evidence
    node = statement_iri(article_key, edge.subject, edge.relation, edge.object, evidence.start)
    graph.add((node, RDF.type, RDF.Statement))
    graph.add((node, RDF.subject, actor_iri(edge.subject)))
    graph.add((node, RDF.predicate, relation_iri(edge.relation)))
    graph.add((node, RDF.object, actor_iri(edge.object)))
    graph.add((node, PROV.wasDerivedFrom, article_iri(article_key)))
    graph.add((node, KG.evidenceText, Literal(evidence.sentence)))
    graph.add((node, KG.charStart, Literal(evidence.start)))
    graph.add((node, KG.charEnd, Literal(evidence.end)))
    graph.add((node, KG.confidence, _decimal(evidence.confidence)))
    graph.add((node, KG.extractor, Literal(evidence.extractor)))
    if evidence.speaker:
        speaker = evidence.speaker
        graph.add(
            (node, KG.attributedTo, actor_iri(speaker) if speaker in actors else Literal(speaker))
        )
    if evidence.event_date:
        graph.add((node, KG.eventDate, Literal(evidence.event_date, datatype=XSD.date)))
    if record.role:
        graph.add((node, KG.role, Literal(record.role)))


def union_graph(dataset: Dataset) -> Graph:
    """Flatten every named graph and the default graph into one Graph."""
    union = Graph()
    bind_prefixes(union)
    for quad in dataset.quads((None, None, None, None)):
        union.add(quad[:3])
    return union
