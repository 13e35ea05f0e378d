"""Plain data -> the graph's triples: actors and edge aggregates in the default graph,
each article's metadata, edges and statement records in a named graph of its own.

`collect_graph` makes every triple as plain rdflib terms in sorted tuples
(`GraphContent`); `kg.graph.write` serialises them. No rdflib store is involved: at the
size of a real corpus one costs more than the rest of the graph stage together.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeAlias

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

from kg.graph.events import Event, event_triples
from kg.graph.iri import (
    KG,
    actor_iri,
    article_iri,
    edge_iri,
    relation_iri,
    source_iri,
    statement_iri,
    wikidata_iri,
)
from kg.graph.links import edge_link_triples, event_link_triples
from kg.graph.origins import Origin
from kg.graph.provenance import ActorSummary, Edge, Record, summarize_actors
from kg.model import Actor, Article
from kg.vocab import PREFIXES, RELATIONS

Triple: TypeAlias = tuple[URIRef, URIRef, URIRef | Literal]
"""A triple as the graph holds it: no blank nodes, literals only as objects."""

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def bind_prefixes(graph: Graph) -> None:
    """Bind every prefix of `kg.vocab.PREFIXES` on an rdflib graph or dataset."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)


@dataclass(frozen=True, slots=True)
class GraphContent:
    """Every triple of the graph: the default graph's, then each article's named graph
    (in IRI order), each sorted and without duplicates."""

    default: tuple[Triple, ...]
    named: tuple[tuple[URIRef, tuple[Triple, ...]], ...]

    def union(self) -> list[Triple]:
        """Every distinct triple of every graph, sorted."""
        seen = set(self.default)
        for _, triples in self.named:
            seen.update(triples)
        return sorted(seen, key=triple_key)


def collect_graph(
    actors: Mapping[str, Actor],
    articles: Iterable[Article],
    edges: Sequence[Edge],
    events: Sequence[Event] = (),
    origins: Mapping[str, Origin] | None = None,
) -> GraphContent:
    """The triples of each graph: actors (with their summaries), edge aggregates and
    merged events in the default graph; an article's metadata, the edges it supports and
    their statement records in the article's named graph."""
    default: list[Triple] = []
    summaries = summarize_actors(edges)
    for key in sorted(actors):
        default.extend(actor_triples(actors[key]))
        if key in summaries:
            default.extend(actor_summary_triples(key, summaries[key]))
    per_article: dict[str, list[Triple]] = {}
    for article in sorted(articles, key=lambda a: a.key):
        per_article[article.key] = list(article_triples(article))
        origin = (origins or {}).get(article.key)
        if origin is not None:
            per_article[article.key].extend(article_origin_triples(article.key, origin))
            default.extend(source_triples(origin))
    for edge in edges:
        default.extend(edge_summary_triples(edge))
        default.extend(edge_link_triples(edge, origins or {}))
        for record in edge.records:
            graph = per_article[record.article_key]
            graph.extend(edge_triples(edge))
            graph.extend(record_triples(edge, record, actors))
    for event in events:
        default.extend(event_triples(event))
        default.extend(event_link_triples(event))
    named = sorted(((article_iri(k), g) for k, g in per_article.items()), key=lambda n: str(n[0]))
    return GraphContent(
        _sorted_unique(default),
        tuple((iri, _sorted_unique(triples)) for iri, triples in named),
    )


def triple_key(triple: Triple) -> tuple[str, str, str, str, str]:
    """Sort key of a triple: its terms' text, then datatype and language of a literal."""
    s, p, o = triple
    if isinstance(o, Literal):
        return (str(s), str(p), str(o), str(o.datatype or ""), o.language or "")
    return (str(s), str(p), str(o), "", "")


def _sorted_unique(triples: Sequence[Triple]) -> tuple[Triple, ...]:
    return tuple(sorted(set(triples), key=triple_key))


def _decimal(value: float) -> Literal:
    return Literal(f"{value:.3f}", datatype=XSD.decimal)


def actor_triples(actor: Actor) -> Iterator[Triple]:
    node = actor_iri(actor.key)
    yield node, RDF.type, KG[actor.cls.value]
    yield node, RDFS.label, Literal(actor.label)
    for alt in sorted(actor.alt_labels):
        yield node, SKOS.altLabel, Literal(alt)
    if actor.wikidata:
        yield node, OWL.sameAs, wikidata_iri(actor.wikidata)


def actor_summary_triples(key: str, summary: ActorSummary) -> Iterator[Triple]:
    node = actor_iri(key)
    yield node, KG.degree, Literal(summary.degree)
    yield node, KG.outDegree, Literal(summary.outgoing)
    yield node, KG.inDegree, Literal(summary.incoming)
    if summary.rank is not None:
        yield node, KG.degreeRank, Literal(summary.rank)
    yield node, KG.statementCount, Literal(summary.statements)
    yield node, KG.sourceCount, Literal(summary.sources)
    if summary.sole_source is not None:
        yield node, KG.soleSource, article_iri(summary.sole_source)


def article_triples(article: Article) -> Iterator[Triple]:
    node = article_iri(article.key)
    yield node, RDF.type, KG.Article
    yield node, KG.origin, Literal(article.origin)
    yield node, KG.contentHash, Literal(article.content_hash)
    if article.title:
        yield node, DCTERMS.title, Literal(article.title)
    if article.source:
        yield node, DCTERMS.source, Literal(article.source)
    if article.identifier:
        yield node, DCTERMS.identifier, Literal(article.identifier)
    if article.published and _DATE.match(article.published):
        yield node, DCTERMS.date, Literal(article.published, datatype=XSD.date)


def article_origin_triples(article_key: str, origin: Origin) -> Iterator[Triple]:
    """Who wrote the article's text, and how reliable that source is (origins, issue 17)."""
    node = article_iri(article_key)
    yield node, KG.originalSource, source_iri(origin.key)
    yield node, KG.sourceReliability, Literal(origin.reliability)


def source_triples(origin: Origin) -> Iterator[Triple]:
    """An original source: a wire, an outlet or a cluster of uncredited copies."""
    node = source_iri(origin.key)
    yield node, RDF.type, KG.NewsSource
    yield node, RDFS.label, Literal(origin.label)
    yield node, KG.sourceReliability, Literal(origin.reliability)


def edge_triples(edge: Edge) -> Iterator[Triple]:
    """The edge as a plain triple (both ways for a symmetric relation)."""
    subject, obj = actor_iri(edge.subject), actor_iri(edge.object)
    predicate = relation_iri(edge.relation)
    yield subject, predicate, obj
    if RELATIONS[edge.relation].symmetric:
        yield obj, predicate, subject


def edge_summary_triples(edge: Edge) -> Iterator[Triple]:
    """The edge's aggregate record: confidence, support and article counts."""
    node = edge_iri(edge.subject, edge.relation, edge.object)
    yield node, RDF.type, KG.Edge
    yield node, RDF.subject, actor_iri(edge.subject)
    yield node, RDF.predicate, relation_iri(edge.relation)
    yield node, RDF.object, actor_iri(edge.object)
    yield node, KG.confidence, _decimal(edge.confidence)
    yield node, KG.supportCount, Literal(len(edge.records))
    yield node, KG.articleCount, Literal(edge.article_count)
    yield node, KG.independentSourceCount, Literal(edge.independent_sources)
    yield node, KG.credibility, Literal(edge.credibility)


def record_triples(edge: Edge, record: Record, actors: Mapping[str, Actor]) -> Iterator[Triple]:
    """One statement record: the edge as one article states it, with its evidence."""
    article_key = record.article_key
    evidence = record.evidence
    node = statement_iri(article_key, edge.subject, edge.relation, edge.object, evidence.start)
    yield node, RDF.type, RDF.Statement
    yield node, RDF.subject, actor_iri(edge.subject)
    yield node, RDF.predicate, relation_iri(edge.relation)
    yield node, RDF.object, actor_iri(edge.object)
    yield node, PROV.wasDerivedFrom, article_iri(article_key)
    yield node, KG.evidenceText, Literal(evidence.sentence)
    yield node, KG.charStart, Literal(evidence.start)
    yield node, KG.charEnd, Literal(evidence.end)
    yield node, KG.confidence, _decimal(evidence.confidence)
    yield node, KG.extractor, Literal(evidence.extractor)
    if evidence.speaker:
        speaker = evidence.speaker
        yield node, KG.attributedTo, actor_iri(speaker) if speaker in actors else Literal(speaker)
    if evidence.event_date:
        yield node, KG.eventDate, Literal(evidence.event_date, datatype=XSD.date)
        if evidence.date_precision:
            yield node, KG.datePrecision, Literal(evidence.date_precision)
    if record.role:
        yield node, KG.role, Literal(record.role)
    yield from _role_time_and_hedge_triples(node, record)


def _role_time_and_hedge_triples(node: URIRef, record: Record) -> Iterator[Triple]:
    """Issue 17: whether the role still holds and since/until when; how hedged the claim is."""
    if record.role_status:
        yield node, KG.roleStatus, Literal(record.role_status)
    if record.valid_from:
        yield node, KG.validFrom, Literal(record.valid_from, datatype=XSD.date)
    if record.valid_to:
        yield node, KG.validTo, Literal(record.valid_to, datatype=XSD.date)
    if record.evidence.likelihood:
        yield node, KG.likelihood, Literal(record.evidence.likelihood)
    if record.evidence.hedge:
        yield node, KG.hedge, Literal(record.evidence.hedge)
