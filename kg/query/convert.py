"""Convert RDF terms between pyoxigraph, rdflib and the engine-neutral `Term`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

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


_XSD = "http://www.w3.org/2001/XMLSchema#"
_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_ESCAPED = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f"}
_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?\d*\.\d+")
_DOUBLE = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+")


def _unescape(match: re.Match[str]) -> str:
    code = match.group(1)
    if len(code) > 1:
        return chr(int(code[1:], 16))
    return _ESCAPED.get(code, code)


def from_tsv(cell: str) -> Term | None:
    """A value of SPARQL 1.1 TSV results (as Oxigraph writes them) as a `Term`; None if unbound.

    >>> from_tsv('"x\\ty"@EN'), from_tsv("12")
    (Term(kind='literal', value='x\\ty', datatype=None, lang='en'), Term(kind='literal', value='12', datatype='http://www.w3.org/2001/XMLSchema#integer', lang=None))
    """
    if not cell:
        return None
    first = cell[0]
    if first == "<":
        return Term("uri", cell[1:-1])
    if first == '"':
        close = cell.rindex('"')
        value = cell[1:close]
        if "\\" in value:
            value = _ESCAPE.sub(_unescape, value)
        rest = cell[close + 1 :]
        if rest.startswith("^^<"):
            return literal(value, rest[3:-1])
        return literal(value, None, rest[1:] if rest.startswith("@") else None)
    if cell.startswith("_:"):
        return Term("bnode", cell[2:])
    if cell in ("true", "false"):
        return Term("literal", cell, _XSD + "boolean")
    if _INTEGER.fullmatch(cell):
        return Term("literal", cell, _XSD + "integer")
    if _DECIMAL.fullmatch(cell):
        return Term("literal", cell, _XSD + "decimal")
    if _DOUBLE.fullmatch(cell):
        return Term("literal", cell, _XSD + "double")
    raise ValueError(f"not a SPARQL TSV term: {cell[:80]!r}")


def tsv_rows(data: bytes) -> tuple[tuple[str, ...], list[tuple[Term | None, ...]]]:
    """The columns and rows of SPARQL 1.1 TSV results, each distinct value parsed once.

    Reading Oxigraph's own TSV is the fastest way to get a large result into Python: the
    rows are written in Rust, and a value repeated down a column is converted only once.
    IRIs, plain strings and integers, most of any result, are read here without a call, and
    made as tuples are (a named tuple's own constructor costs twice as much).
    """
    text = data.decode("utf-8")
    lines = (text[:-1] if text.endswith("\n") else text).split("\n")
    columns = tuple(name.lstrip("?") for name in lines[0].split("\t")) if lines[0] else ()
    seen: dict[str, Term | None] = {"": None}
    rows: list[tuple[Term | None, ...]] = []
    for line in lines[1:]:
        row = []
        for cell in line.split("\t"):
            term = seen.get(cell, _MISSING)
            if term is _MISSING:
                first = cell[0]
                if first == "<":
                    term = _new(Term, ("uri", cell[1:-1], None, None))
                elif first == '"' and cell[-1] == '"' and "\\" not in cell:
                    term = _new(Term, ("literal", cell[1:-1], None, None))
                elif cell.isdigit() and cell.isascii():
                    term = _new(Term, ("literal", cell, _XSD_INTEGER, None))
                else:
                    term = from_tsv(cell)
                seen[cell] = term
            row.append(term)
        rows.append(tuple(row))
    return columns, rows


_MISSING: Any = object()
_new = tuple.__new__
_XSD_INTEGER = _XSD + "integer"


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
