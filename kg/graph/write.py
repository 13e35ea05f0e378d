"""Write the whole graph fast: the triples `build_dataset` makes, serialised by Oxigraph.

`build_dataset` puts every triple into an rdflib store, and rdflib's Turtle and TriG
writers are slow at the size of a real corpus (about 45 s for 20,000 articles). Here the
same `add_*` functions of `kg.graph.build` fill plain lists instead, one per graph, and
pyoxigraph serialises them, sorted, in well under a tenth of that. The files hold the
same triples as `to_turtle(union_graph(build_dataset(...)))` and `to_trig(...)` (the tests
check it); only the layout of the text differs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeAlias, cast

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef

from kg.graph.build import (
    PREFIXES,
    _add_record,
    add_actor,
    add_actor_summary,
    add_article,
    add_edge_summary,
    add_edge_triples,
)
from kg.graph.iri import article_iri
from kg.graph.provenance import Edge, summarize_actors
from kg.model import Actor, Article

Triple: TypeAlias = tuple[URIRef, URIRef, URIRef | Literal]
"""A triple as the builders make it: no blank nodes, literals only as objects."""

SERIALIZER_PREFIXES = {
    **{name: str(ns) for name, ns in PREFIXES.items() if name != "kgd"},
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
}
"""Prefixes of the written files. Data IRIs (`kgd:`) stay whole: their local part has "/"."""


class _TripleList:
    """Stands in for an rdflib Graph where the `add_*` builders only call `add`."""

    __slots__ = ("triples",)

    def __init__(self) -> None:
        self.triples: list[Triple] = []

    def add(self, triple: Triple) -> None:
        self.triples.append(triple)


@dataclass(frozen=True, slots=True)
class GraphContent:
    """Every triple of the graph: the default graph's, then each article's named graph
    (in IRI order)."""

    default: tuple[Triple, ...]
    named: tuple[tuple[URIRef, tuple[Triple, ...]], ...]

    def union(self) -> list[Triple]:
        """Every distinct triple of every graph, sorted."""
        seen = set(self.default)
        for _, triples in self.named:
            seen.update(triples)
        return sorted(seen, key=triple_key)


def collect_graph(
    actors: Mapping[str, Actor], articles: Iterable[Article], edges: Sequence[Edge]
) -> GraphContent:
    """Make the triples `build_dataset` would put in each graph, without an rdflib store."""
    default = _TripleList()
    summaries = summarize_actors(edges)
    for key in sorted(actors):
        add_actor(cast(Graph, default), actors[key])
        if key in summaries:
            add_actor_summary(cast(Graph, default), key, summaries[key])
    per_article: dict[str, _TripleList] = {}
    for article in sorted(articles, key=lambda a: a.key):
        graph = per_article[article.key] = _TripleList()
        add_article(cast(Graph, graph), article)
    for edge in edges:
        add_edge_summary(cast(Graph, default), edge)
        for record in edge.records:
            graph = per_article[record.article_key]
            add_edge_triples(cast(Graph, graph), edge)
            _add_record(cast(Graph, graph), edge, record, actors)
    named = sorted(((article_iri(k), g) for k, g in per_article.items()), key=lambda n: str(n[0]))
    return GraphContent(
        _sorted_unique(default.triples),
        tuple((iri, _sorted_unique(graph.triples)) for iri, graph in named),
    )


def triple_key(triple: Triple) -> tuple[str, str, str, str, str]:
    """Sort key of a triple: its terms' text, then datatype and language of a literal."""
    s, p, o = triple
    if isinstance(o, Literal):
        return (str(s), str(p), str(o), str(o.datatype or ""), o.language or "")
    return (str(s), str(p), str(o), "", "")


def _sorted_unique(triples: Sequence[Triple]) -> tuple[Triple, ...]:
    return tuple(sorted(set(triples), key=triple_key))


class _Terms:
    """rdflib terms -> Oxigraph terms, each converted once."""

    def __init__(self) -> None:
        self.iris: dict[URIRef, ox.NamedNode] = {}
        self.cache: dict[URIRef | Literal, ox.NamedNode | ox.Literal] = {}

    def iri(self, term: URIRef) -> ox.NamedNode:
        converted = self.iris.get(term)
        if converted is None:
            if not isinstance(term, URIRef):
                raise TypeError(f"cannot write {type(term).__name__} {term!r} as an IRI")
            converted = self.iris[term] = ox.NamedNode(str(term))
        return converted

    def triple(self, triple: Triple) -> ox.Triple:
        s, p, o = triple
        return ox.Triple(self.iri(s), self.iri(p), self(o))

    def __call__(self, term: URIRef | Literal) -> ox.NamedNode | ox.Literal:
        converted = self.cache.get(term)
        if converted is None:
            if isinstance(term, URIRef):
                converted = self.iri(term)
            elif isinstance(term, Literal):
                if term.language:
                    converted = ox.Literal(str(term), language=term.language)
                elif term.datatype:
                    converted = ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
                else:
                    converted = ox.Literal(str(term))
            else:
                raise TypeError(f"cannot write {type(term).__name__} {term!r}: no blank nodes")
            self.cache[term] = converted
        return converted


def to_turtle_bytes(union: Iterable[Triple]) -> bytes:
    """Triples (`GraphContent.union()`) as Turtle, in the order given."""
    term = _Terms()
    return _sorted_header(
        _serialize(
            (term.triple(t) for t in union), ox.RdfFormat.TURTLE, prefixes=SERIALIZER_PREFIXES
        )
    )


def to_trig_bytes(content: GraphContent) -> bytes:
    """The default graph, then one named graph per article, as TriG."""
    return _sorted_header(
        _serialize(_quads(content), ox.RdfFormat.TRIG, prefixes=SERIALIZER_PREFIXES)
    )


def to_ntriples_bytes(triples: Iterable[Triple]) -> bytes:
    """Triples as N-Triples, in the order given."""
    term = _Terms()
    return _serialize((term.triple(t) for t in triples), ox.RdfFormat.N_TRIPLES)


def _serialize(
    data: Iterable[ox.Triple] | Iterable[ox.Quad],
    format: ox.RdfFormat,
    prefixes: dict[str, str] | None = None,
) -> bytes:
    written = ox.serialize(data, format=format, prefixes=prefixes)
    assert written is not None  # no output file given: the bytes are returned
    return written


def to_rdflib(triples: Iterable[Triple]) -> Graph:
    """Load triples into an rdflib Graph (for pySHACL)."""
    graph = Graph()
    graph.addN((s, p, o, graph) for s, p, o in triples)
    return graph


def _quads(content: GraphContent) -> Iterator[ox.Quad]:
    term = _Terms()
    default = ox.DefaultGraph()
    for s, p, o in content.default:
        yield ox.Quad(term.iri(s), term.iri(p), term(o), default)
    for name, triples in content.named:
        graph = ox.NamedNode(str(name))
        for s, p, o in triples:
            yield ox.Quad(term.iri(s), term.iri(p), term(o), graph)


def _sorted_header(data: bytes) -> bytes:
    """Put the @prefix lines in a fixed order, whatever order the serialiser chose."""
    lines = data.split(b"\n")
    count = 0
    while count < len(lines) and lines[count].startswith(b"@prefix "):
        count += 1
    return b"\n".join([*sorted(lines[:count]), *lines[count:]])
