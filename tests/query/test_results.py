"""Engine-neutral results and their writers: SPARQL results JSON, XML, CSV, TSV, tables."""

from __future__ import annotations

import datetime as dt
import json
from xml.etree import ElementTree as ET

import pytest

from kg.query.results import XSD, Result, Term, format_result, literal, parse_json_results

ROWS = Result(
    "SELECT",
    ("actor", "label", "n"),
    (
        (
            Term("uri", "https://w3id.org/kg/id/actor/wd-q1032"),
            literal('Niger, "the" state'),
            literal("3", XSD + "integer"),
        ),
        (Term("bnode", "b0"), literal("Niamey", lang="FR"), None),
    ),
)


@pytest.mark.parametrize(
    ("term", "value"),
    [
        (literal("3", XSD + "integer"), 3),
        (literal("0.700", XSD + "decimal"), 0.7),
        (literal("true", XSD + "boolean"), True),
        (literal("2023-08-10", XSD + "date"), dt.date(2023, 8, 10)),
        (literal("not a date", XSD + "date"), "not a date"),
        (literal("plain", XSD + "string"), "plain"),
        (Term("uri", "http://x/a"), "http://x/a"),
        (Term("bnode", "b1"), "_:b1"),
    ],
)
def test_results_term_to_python(term: Term, value: object) -> None:
    assert term.to_python() == value


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (literal("0.700", XSD + "decimal"), literal("0.7", XSD + "decimal"), True),
        (literal("0.7", XSD + "decimal"), literal("0.8", XSD + "decimal"), False),
        (literal("a"), literal("a", XSD + "string"), True),
        (Term("uri", "http://x/a"), literal("http://x/a"), False),
    ],
)
def test_results_term_same_value(a: Term, b: Term, same: bool) -> None:
    assert a.same_value(b) is same


def test_results_records_and_dataframe() -> None:
    assert ROWS.records()[1] == {"actor": "_:b0", "label": "Niamey", "n": None}
    frame = ROWS.to_df()
    assert list(frame.columns) == ["actor", "label", "n"] and len(frame) == 2
    assert list(ROWS) == ROWS.records() and ROWS.column("label")[0] == 'Niger, "the" state'


def test_results_json_is_sparql_results_json_and_reads_back() -> None:
    doc = json.loads(format_result(ROWS, "json"))
    assert doc["head"]["vars"] == ["actor", "label", "n"]
    first, second = doc["results"]["bindings"]
    assert first["n"] == {"type": "literal", "value": "3", "datatype": XSD + "integer"}
    assert second["label"] == {"type": "literal", "value": "Niamey", "xml:lang": "fr"}
    assert "n" not in second
    assert parse_json_results(format_result(ROWS, "json")) == ROWS


def test_results_csv_and_tsv() -> None:
    assert format_result(ROWS, "csv").splitlines() == [
        "actor,label,n",
        'https://w3id.org/kg/id/actor/wd-q1032,"Niger, ""the"" state",3',
        "_:b0,Niamey,",
    ]
    assert format_result(ROWS, "tsv").splitlines() == [
        "?actor\t?label\t?n",
        '<https://w3id.org/kg/id/actor/wd-q1032>\t"Niger, \\"the\\" state"\t"3"^^<http://www.w3.org/2001/XMLSchema#integer>',
        '_:b0\t"Niamey"@fr\t',
    ]


def test_results_xml_is_sparql_results_xml() -> None:
    root = ET.fromstring(format_result(ROWS, "xml").split("\n", 1)[1])
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    assert [v.get("name") for v in root.findall("r:head/r:variable", ns)] == ["actor", "label", "n"]
    assert len(root.findall("r:results/r:result", ns)) == 2


@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        ("json", '"boolean": true'),
        ("csv", "boolean"),
        ("table", "true"),
        ("xml", "<boolean>true</boolean>"),
    ],
)
def test_results_ask(fmt: str, text: str) -> None:
    assert text in format_result(Result("ASK", boolean=True), fmt)


def test_results_table_compacts_iris_and_counts_rows() -> None:
    table = format_result(ROWS, "table", {"kgd": "https://w3id.org/kg/id/"})
    assert "kgd:actor/wd-q1032" in table and table.rstrip().endswith("(2 rows)")


def test_results_construct_as_turtle_and_ntriples() -> None:
    triple = (
        Term("uri", "http://x/a"),
        Term("uri", "https://w3id.org/kg/ontology#threatens"),
        Term("uri", "http://x/b"),
    )
    result = Result("CONSTRUCT", triples=(triple,))
    assert "kg:threatens" in format_result(result, "turtle")
    assert (
        format_result(result, "ntriples")
        == "<http://x/a> <https://w3id.org/kg/ontology#threatens> <http://x/b> .\n"
    )


def test_results_rows_refuse_graph_formats() -> None:
    with pytest.raises(ValueError, match="not a format for SELECT"):
        format_result(ROWS, "turtle")
