"""Query results as plain terms, how they are read, and how they are written.

A `Result` holds plain `Term`s, so pyoxigraph and a remote SPARQL endpoint answer in the
same shape, and one set of writers covers the command line and HTTP: the W3C SPARQL 1.1
results formats (JSON, XML, CSV, TSV), an aligned text table, and Turtle or N-Triples for
CONSTRUCT and DESCRIBE. Readers turn pyoxigraph's terms, its TSV results and an endpoint's
results JSON into `Term`s; `to_rdflib` turns a `Term` back into rdflib's, for
`Result.to_graph`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Literal, NamedTuple
from xml.etree import ElementTree as ET

import pyoxigraph as ox

if TYPE_CHECKING:
    import pandas as pd
    from rdflib import Graph
    from rdflib.term import Identifier

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
SPARQL_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"

_INTEGERS = frozenset(
    XSD + t
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
)
_FLOATS = frozenset(XSD + t for t in ("decimal", "double", "float"))

Kind = Literal["uri", "bnode", "literal"]
QueryForm = Literal["SELECT", "ASK", "CONSTRUCT"]


class Term(NamedTuple):
    """One RDF term as SPARQL results JSON describes it.

    A simple literal has neither `datatype` nor `lang` (its xsd:string is implied).
    A named tuple: queries make many, and it is the cheapest immutable record.

    >>> Term("literal", "3", XSD + "integer").to_python()
    3
    >>> str(Term("uri", "https://w3id.org/kg/id/actor/wd-q1032"))
    'https://w3id.org/kg/id/actor/wd-q1032'
    """

    kind: Kind
    value: str
    datatype: str | None = None
    lang: str | None = None

    def __str__(self) -> str:
        return self.value

    def to_python(self) -> object:
        """The value a notebook wants: IRIs as strings, numbers as numbers, dates as dates."""
        if self.kind == "bnode":
            return f"_:{self.value}"
        if self.kind == "uri" or self.datatype is None:
            return self.value
        try:
            if self.datatype in _INTEGERS:
                return int(self.value)
            if self.datatype in _FLOATS:
                return float(self.value)
            if self.datatype == XSD + "boolean":
                return self.value in ("true", "1")
            if self.datatype == XSD + "date":
                return dt.date.fromisoformat(self.value)
            if self.datatype == XSD + "dateTime":
                return dt.datetime.fromisoformat(self.value)
        except ValueError:
            return self.value
        return self.value

    def to_json(self) -> dict[str, str]:
        """The term as a SPARQL 1.1 results JSON object."""
        out = {"type": self.kind, "value": self.value}
        if self.lang:
            out["xml:lang"] = self.lang
        elif self.datatype:
            out["datatype"] = self.datatype
        return out

    def to_ntriples(self) -> str:
        """The term in N-Triples syntax (also what SPARQL TSV results use)."""
        if self.kind == "uri":
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        text = '"' + _escape(self.value) + '"'
        if self.lang:
            return f"{text}@{self.lang}"
        if self.datatype:
            return f"{text}^^<{self.datatype}>"
        return text

    def same_value(self, other: Term | None) -> bool:
        """Whether two terms are equal as values ("0.700" and "0.7" decimals are)."""
        if other is None or self.kind != other.kind:
            return False
        if self.kind == "literal" and self.datatype in _FLOATS and other.datatype in _FLOATS:
            try:
                return Decimal(self.value) == Decimal(other.value)
            except InvalidOperation:
                return False
        return self == other


def literal(value: str, datatype: str | None = None, lang: str | None = None) -> Term:
    """A literal term, dropping the xsd:string and rdf:langString datatypes SPARQL implies."""
    if lang:
        return Term("literal", value, None, lang.lower())
    if datatype in (XSD_STRING, RDF_LANG_STRING):
        datatype = None
    return Term("literal", value, datatype)


def _escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )


Row = tuple[Term | None, ...]
Triple = tuple[Term, Term, Term]


@dataclass(frozen=True, slots=True)
class Result:
    """What a query answered: rows (SELECT), a boolean (ASK) or triples (CONSTRUCT/DESCRIBE).

    Iterating a SELECT result yields one dict per row of Python values, so
    `pandas.DataFrame(list(result))` and `result.to_df()` give the same frame.

    >>> r = Result("SELECT", columns=("n",), rows=((literal("2", XSD + "integer"),),))
    >>> list(r), len(r)
    ([{'n': 2}], 1)
    """

    form: QueryForm
    columns: tuple[str, ...] = ()
    rows: tuple[Row, ...] = ()
    boolean: bool | None = None
    triples: tuple[Triple, ...] = ()
    truncated: bool = False
    """True when a row cap cut the answer short."""

    def __len__(self) -> int:
        return len(self.triples) if self.form == "CONSTRUCT" else len(self.rows)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.records())

    def records(self) -> list[dict[str, Any]]:
        """One dict per row, column -> Python value (None where unbound)."""
        return [
            {
                c: None if t is None else t.to_python()
                for c, t in zip(self.columns, row, strict=True)
            }
            for row in self.rows
        ]

    def column(self, name: str) -> list[Any]:
        """The Python values of one column."""
        at = self.columns.index(name)
        return [None if row[at] is None else row[at].to_python() for row in self.rows]  # type: ignore[union-attr]

    def to_df(self) -> pd.DataFrame:
        """The rows as a pandas DataFrame with one column per variable."""
        import pandas as pd

        return pd.DataFrame(self.records(), columns=list(self.columns))

    def to_graph(self) -> Graph:
        """CONSTRUCT/DESCRIBE triples as an rdflib Graph with the project's prefixes bound."""
        return triples_to_graph(self.triples)


# ---------------------------------------------------------------------------- writers


def format_result(result: Result, fmt: str, prefixes: Mapping[str, str] | None = None) -> str:
    """Serialise `result` as `fmt`: table, csv, tsv, json, xml (rows, booleans) or
    turtle, ntriples (triples). A graph asked for as a table comes out as Turtle.

    >>> r = Result("SELECT", ("s",), ((Term("uri", "http://x/a"),),))
    >>> format_result(r, "csv")
    's\\r\\nhttp://x/a\\r\\n'
    """
    if result.form == "CONSTRUCT":
        if fmt == "ntriples":
            return "".join(
                " ".join(t.to_ntriples() for t in triple) + " .\n" for triple in result.triples
            )
        return result.to_graph().serialize(format="turtle")
    if fmt == "table":
        return _table(result, prefixes or {})
    writers = {"csv": _csv, "tsv": _tsv, "json": _json, "xml": _xml}
    if fmt not in writers:
        raise ValueError(f"{fmt} is not a format for {result.form} results")
    return writers[fmt](result)


def _csv(result: Result) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if result.form == "ASK":
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.boolean else "false"])
        return buffer.getvalue()
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow(
            ["" if t is None else (f"_:{t.value}" if t.kind == "bnode" else t.value) for t in row]
        )
    return buffer.getvalue()


def _tsv(result: Result) -> str:
    if result.form == "ASK":
        return "?boolean\n" + ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join(f"?{c}" for c in result.columns)]
    lines += ["\t".join("" if t is None else t.to_ntriples() for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def _json(result: Result) -> str:
    if result.form == "ASK":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)}) + "\n"
    bindings = [
        {c: t.to_json() for c, t in zip(result.columns, row, strict=True) if t is not None}
        for row in result.rows
    ]
    doc = {"head": {"vars": list(result.columns)}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def _xml(result: Result) -> str:
    root = ET.Element("sparql", xmlns=SPARQL_RESULTS_NS)
    head = ET.SubElement(root, "head")
    if result.form == "ASK":
        ET.SubElement(root, "boolean").text = "true" if result.boolean else "false"
    else:
        for column in result.columns:
            ET.SubElement(head, "variable", name=column)
        results = ET.SubElement(root, "results")
        for row in result.rows:
            element = ET.SubElement(results, "result")
            for column, term in zip(result.columns, row, strict=True):
                if term is None:
                    continue
                binding = ET.SubElement(element, "binding", name=column)
                tag = {"uri": "uri", "bnode": "bnode", "literal": "literal"}[term.kind]
                value = ET.SubElement(binding, tag)
                value.text = term.value
                if term.lang:
                    value.set("xml:lang", term.lang)
                elif term.datatype:
                    value.set("datatype", term.datatype)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


_CELL = 80


def _table(result: Result, prefixes: Mapping[str, str]) -> str:
    if result.form == "ASK":
        return ("true" if result.boolean else "false") + "\n"
    ordered = sorted(prefixes.items(), key=lambda item: -len(item[1]))

    def cell(term: Term | None) -> str:
        if term is None:
            return ""
        text = term.value
        if term.kind == "uri":
            for prefix, namespace in ordered:
                if text.startswith(namespace):
                    text = f"{prefix}:{text[len(namespace) :]}"
                    break
        elif term.kind == "bnode":
            text = f"_:{text}"
        text = " ".join(text.split())
        return text if len(text) <= _CELL else text[: _CELL - 1] + "…"

    cells = [[cell(t) for t in row] for row in result.rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(result.columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(result.columns, widths, strict=True)).rstrip()]
    lines += [
        "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    suffix = f"({len(cells)} rows{', truncated' if result.truncated else ''})"
    return "\n".join([*lines, suffix]) + "\n"


# ---------------------------------------------------------------------------- readers

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
        return Term("literal", cell, XSD + "boolean")
    if _INTEGER.fullmatch(cell):
        return Term("literal", cell, XSD + "integer")
    if _DECIMAL.fullmatch(cell):
        return Term("literal", cell, XSD + "decimal")
    if _DOUBLE.fullmatch(cell):
        return Term("literal", cell, XSD + "double")
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
_XSD_INTEGER = XSD + "integer"


class TermCache(dict[OxTerm, Term]):
    """Converts pyoxigraph terms once per query: results repeat labels and IRIs a lot."""

    def __missing__(self, term: OxTerm) -> Term:
        converted = self[term] = from_oxigraph(term)
        return converted


# ---------------------------------------------------------------------------- to rdflib


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


def parse_json_results(body: bytes | str) -> Result:
    """Read SPARQL 1.1 results JSON (what an endpoint answers to SELECT and ASK).

    >>> parse_json_results('{"head": {}, "boolean": true}').boolean
    True
    """
    doc = json.loads(body)
    if "boolean" in doc:
        return Result("ASK", boolean=bool(doc["boolean"]))
    columns = tuple(doc["head"]["vars"])
    rows = []
    for binding in doc["results"]["bindings"]:
        row: list[Term | None] = []
        for column in columns:
            value = binding.get(column)
            if value is None:
                row.append(None)
            elif value["type"] == "uri":
                row.append(Term("uri", value["value"]))
            elif value["type"] == "bnode":
                row.append(Term("bnode", value["value"]))
            else:  # "literal", or "typed-literal" from SPARQL 1.0 servers
                row.append(literal(value["value"], value.get("datatype"), value.get("xml:lang")))
        rows.append(tuple(row))
    return Result("SELECT", columns, tuple(rows))
