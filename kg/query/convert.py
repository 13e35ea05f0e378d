"""Convert RDF terms between pyoxigraph, rdflib and the engine-neutral `Term`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.query.results import XSD_STRING, Term, Triple, literal

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Identifier, Node

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


_NAMED, _BLANK, _LITERAL = ox.NamedNode, ox.BlankNode, ox.Literal


def from_oxigraph(term: OxTerm) -> Term:
    """A pyoxigraph term as a `Term`.

    >>> from_oxigraph(ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    Term(kind='literal', value='1', datatype='http://www.w3.org/2001/XMLSchema#integer', lang=None)
    """
    kind = type(term)  # exact type checks: this runs once per value of every result
    if kind is _NAMED:
        return Term("uri", term.value)  # type: ignore[union-attr]
    if kind is _LITERAL:
        lang = term.language  # type: ignore[union-attr]
        if lang:
            return Term("literal", term.value, None, lang.lower())  # type: ignore[union-attr]
        datatype = term.datatype.value  # type: ignore[union-attr]
        return Term("literal", term.value, None if datatype == XSD_STRING else datatype)  # type: ignore[union-attr]
    if kind is _BLANK:
        return Term("bnode", term.value)  # type: ignore[union-attr]
    return literal(str(term))  # an RDF-star quoted triple: shown in N-Triples syntax


class TermCache(dict[OxTerm, Term]):
    """Converts pyoxigraph terms once per query: results repeat labels and IRIs a lot."""

    def __missing__(self, term: OxTerm) -> Term:
        converted = self[term] = from_oxigraph(term)
        return converted


def from_rdflib(term: Node) -> Term:
    """An rdflib term as a `Term`."""
    from rdflib import BNode, URIRef
    from rdflib import Literal as RdfLiteral

    if isinstance(term, URIRef):
        return Term("uri", str(term))
    if isinstance(term, BNode):
        return Term("bnode", str(term))
    if isinstance(term, RdfLiteral):
        datatype = None if term.datatype is None else str(term.datatype)
        return literal(str(term), datatype, term.language)
    return literal(str(term))


def to_rdflib(term: Term) -> Identifier:
    """A `Term` as an rdflib term."""
    from rdflib import BNode, URIRef
    from rdflib import Literal as RdfLiteral

    if term.kind == "uri":
        return URIRef(term.value)
    if term.kind == "bnode":
        return BNode(term.value)
    datatype = None if term.datatype is None else URIRef(term.datatype)
    return RdfLiteral(term.value, lang=term.lang, datatype=datatype)


def triples_to_graph(triples: Iterable[Triple]) -> Graph:
    """Triples as an rdflib Graph with the project's prefixes bound."""
    from rdflib import Graph

    from kg.graph.build import bind_prefixes

    graph = Graph()
    bind_prefixes(graph)
    for s, p, o in triples:
        graph.add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
    return graph
