"""pyoxigraph answers are read two ways: streamed row by row (when a row cap or a deadline
may stop the reading) or written by Oxigraph as TSV and read at once. Both give the same
`Result`, term for term."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.query.results import from_tsv, tsv_rows
from kg.query.saved import bind_params, saved_queries
from kg.query.sparql import run_query
from kg.query.store import Source, load_source

XSD = "http://www.w3.org/2001/XMLSchema#"
ODD_VALUES = [
    ox.Literal('tab\tquote"backslash\\newline\nreturn\r'),
    ox.Literal("hé ☃ 𝄞"),
    ox.Literal("Niger", language="fr-NE"),
    ox.Literal("-3", datatype=ox.NamedNode(XSD + "integer")),
    ox.Literal("0.940", datatype=ox.NamedNode(XSD + "decimal")),
    ox.Literal("1.5E3", datatype=ox.NamedNode(XSD + "double")),
    ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")),
    ox.Literal("2023-08-10", datatype=ox.NamedNode(XSD + "date")),
    ox.Literal("", datatype=ox.NamedNode("http://example.org/empty")),
    ox.Literal(""),
    ox.NamedNode("http://example.org/a?b=c#d"),
    ox.BlankNode("b0"),
]


def streamed(source: Source, sparql: str) -> object:
    return run_query(source, sparql, max_rows=10**9)  # a row cap keeps the streaming path


@pytest.mark.parametrize("name", sorted(saved_queries()))
def test_read_paths_agree_on_the_saved_queries(
    name: str, mini_oxigraph: Source, seed_build: Path
) -> None:
    text = bind_params(saved_queries()[name], {})
    for source in (mini_oxigraph, load_source(seed_build)):
        at_once = run_query(source, text)
        assert at_once == streamed(source, text)


def test_read_paths_agree_on_odd_values() -> None:
    store = ox.Store()
    for i, value in enumerate(ODD_VALUES):
        store.add(
            ox.Quad(ox.NamedNode(f"http://example.org/s{i}"), ox.NamedNode("http://p"), value)
        )
    query = (
        "SELECT ?s ?o ?unbound WHERE { ?s ?p ?o OPTIONAL { ?s <http://q> ?unbound } } ORDER BY ?s"
    )
    at_once = run_query(store, query)
    assert at_once == streamed(store, query)
    assert len(at_once.rows) == len(ODD_VALUES)
    assert all(row[2] is None for row in at_once.rows)


def test_read_paths_one_column_with_unbound_rows() -> None:
    store = ox.Store()
    query = "SELECT ?x WHERE { VALUES ?x { UNDEF <http://example.org/a> UNDEF } }"
    assert run_query(store, query) == streamed(store, query)
    assert [row[0] for row in run_query(store, query).rows].count(None) == 2


def test_tsv_rows_reads_header_and_cells() -> None:
    columns, rows = tsv_rows(b'?a\t?b\n<http://x>\t"v"@en\n\t12\n')
    assert columns == ("a", "b")
    assert rows[1][0] is None and str(rows[1][1]) == "12"


def test_from_tsv_rejects_what_is_no_term() -> None:
    with pytest.raises(ValueError, match="not a SPARQL TSV term"):
        from_tsv("12abc")
