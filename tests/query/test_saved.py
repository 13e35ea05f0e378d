"""The saved competency queries answer exactly, on both engines, on the hand-written mini graph
(tests/query/fixtures/mini.trig, which conforms to the SHACL shapes)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from kg.config import ONTOLOGY_DIR
from kg.errors import QueryError
from kg.graph.store import read_graph
from kg.graph.validate import load_shapes, validate_graph
from kg.query.saved import (
    QUERIES_DIR,
    bind_params,
    parse_saved_query,
    resolve_query,
    saved_queries,
)
from kg.query.sparql import run_query
from kg.query.store import Source

D = dt.date
A1 = "https://w3id.org/kg/id/article/a1"
A2 = "https://w3id.org/kg/id/article/a2"

# (query, parameters, the columns compared, the exact rows in order)
ANSWERS: list[tuple[str, dict[str, Any], tuple[str, ...], list[tuple[Any, ...]]]] = [
    (
        "who-threatens",
        {},
        ("subjectLabel", "subjectClass", "objectLabel", "confidence", "statements", "articles"),
        [("ECOWAS", "Bloc", "Niger", 0.94, 2, 2)],
    ),
    (  # an alternative label names the same actor
        "who-threatens",
        {"actor": "Republic of Niger"},
        ("subjectLabel", "objectLabel"),
        [("ECOWAS", "Niger")],
    ),
    (
        "who-sanctions",
        {},
        ("subjectLabel", "objectLabel", "confidence", "statements", "articles"),
        [("ECOWAS", "Niger", 0.85, 1, 1)],
    ),
    ("who-condemns", {}, ("subjectLabel",), []),
    (
        "who-condemns",
        {"actor": "ECOWAS"},
        ("subjectLabel", "subjectClass", "objectLabel", "confidence"),
        [("Mali", "State", "ECOWAS", 0.8)],
    ),
    (
        "allies-and-opponents",
        {},
        ("actorLabel", "stance", "otherLabel", "otherClass", "relation", "direction"),
        [
            ("Niger", "ally", "Mali", "State", "alliesWith", "mutual"),
            ("Niger", "opponent", "ECOWAS", "Bloc", "sanctions", "incoming"),
            ("Niger", "opponent", "ECOWAS", "Bloc", "threatens", "incoming"),
        ],
    ),
    (
        "allies-and-opponents",
        {"actor": "the junta"},
        ("stance", "otherLabel", "relation", "direction"),
        [
            ("opponent", "France", "seversTiesWith", "outgoing"),
            ("opponent", "Mohamed Bazoum", "detains", "outgoing"),
        ],
    ),
    (
        "leaders-and-officials",
        {},
        ("actorLabel", "position", "personLabel", "role"),
        [("Niger", "leader", "Mohamed Bazoum", "president")],
    ),
    (
        "leaders-and-officials",
        {"actor": ["Niger", "Niger junta"]},
        ("actorLabel", "position", "personLabel", "role"),
        [
            ("Niger", "leader", "Mohamed Bazoum", "president"),
            ("Niger junta", "leader", "Abdourahamane Tiani", "junta leader"),
        ],
    ),
    ("edge-evidence", {}, ("evidence",), []),  # France does not deploy to Niger here
    (
        "edge-evidence",
        {"subject": "ECOWAS", "relation": "threatens", "object": "Niger"},
        (
            "relation",
            "evidence",
            "article",
            "title",
            "source",
            "published",
            "charStart",
            "charEnd",
            "confidence",
            "attributedTo",
            "eventDate",
        ),
        [
            (
                "threatens",
                "ECOWAS threatened Niger with military force on Thursday.",
                A1,
                "ECOWAS threatens force against Niger's junta",
                "AP",
                D(2023, 8, 10),
                0,
                56,
                0.8,
                None,
                D(2023, 8, 10),
            ),
            (
                "threatens",
                "ECOWAS again threatened Niger, according to an analyst.",
                A2,
                "Niger's junta defies its neighbours",
                "Reuters",
                D(2023, 8, 12),
                0,
                55,
                0.7,
                "an analyst",
                None,
            ),
        ],
    ),
    (
        "edge-evidence",
        {"subject": "the junta", "relation": "kg:detains", "object": "*"},
        ("objectLabel", "attributedTo"),
        [("Mohamed Bazoum", "ECOWAS")],
    ),
    (
        "timeline",
        {},
        ("date", "precision", "subjectLabel", "relation", "objectLabel", "reports"),
        [
            (D(2023, 7, 30), "day", "ECOWAS", "sanctions", "Niger", 1),
            (D(2023, 8, 10), "day", "ECOWAS", "threatens", "Niger", 2),
        ],
    ),
    (
        "timeline",
        {"actor": "*"},
        ("date", "relation", "placeLabel"),
        [
            (D(2023, 7, 30), "sanctions", None),
            (D(2023, 8, 3), "seversTiesWith", "Niamey"),
            (D(2023, 8, 10), "threatens", None),
        ],
    ),
    (
        "events-vs-reports",
        {"actor": "*"},
        ("subjectLabel", "relation", "objectLabel", "events", "reports", "articles", "firstDate"),
        [
            ("ECOWAS", "threatens", "Niger", 1, 2, 2, D(2023, 8, 10)),
            ("ECOWAS", "sanctions", "Niger", 1, 1, 1, D(2023, 7, 30)),
            ("Niger junta", "seversTiesWith", "France", 1, 1, 1, D(2023, 8, 3)),
        ],
    ),
    (
        "most-connected",
        {},
        ("rank", "label", "class", "degree", "outgoing", "incoming"),
        [
            (1, "Niger", "State", 5, 0, 5),
            (2, "Niger junta", "Government", 4, 3, 1),
            (3, "ECOWAS", "Bloc", 3, 2, 1),
            (4, "Mohamed Bazoum", "Official", 2, 1, 1),
            (5, "Mali", "State", 2, 2, 0),
            (6, "Niamey", "Place", 1, 1, 0),
            (7, "Wagner Group", "ArmedGroup", 1, 0, 1),
            (8, "Abdourahamane Tiani", "Official", 1, 1, 0),
            (9, "France", "State", 1, 0, 1),
        ],
    ),
    (
        "most-connected",
        {"top": "2"},
        ("rank", "label"),
        [(1, "Niger"), (2, "Niger junta")],
    ),
    (  # armed groups unless asked
        "single-source",
        {},
        ("label", "class", "statements", "article", "title"),
        [("Wagner Group", "ArmedGroup", 1, A2, "Niger's junta defies its neighbours")],
    ),
    (
        "single-source",
        {"class": "Official"},
        ("label", "class", "article"),
        [("Abdourahamane Tiani", "Official", A1), ("Mohamed Bazoum", "Official", A1)],
    ),
    (
        "single-source",
        {"class": "*"},
        ("label", "class", "statements", "article", "title"),
        [
            (
                "Abdourahamane Tiani",
                "Official",
                1,
                A1,
                "ECOWAS threatens force against Niger's junta",
            ),
            ("France", "State", 1, A2, "Niger's junta defies its neighbours"),
            ("Mali", "State", 2, A2, "Niger's junta defies its neighbours"),
            ("Mohamed Bazoum", "Official", 2, A1, "ECOWAS threatens force against Niger's junta"),
            ("Niamey", "Place", 1, A2, "Niger's junta defies its neighbours"),
            ("Wagner Group", "ArmedGroup", 1, A2, "Niger's junta defies its neighbours"),
        ],
    ),
    (  # about Niger unless asked, as subject or object
        "single-origin",
        {},
        ("subjectLabel", "relation", "objectLabel", "sourceLabel"),
        [
            ("ECOWAS", "sanctions", "Niger", "AP"),
            ("Mali", "alliesWith", "Niger", "Reuters"),
            ("Mohamed Bazoum", "leaderOf", "Niger", "AP"),
            ("Niamey", "locatedIn", "Niger", "Reuters"),
        ],
    ),
    (
        "single-origin",
        {"actor": "*"},
        ("subjectLabel", "relation", "objectLabel", "sourceLabel", "reliability", "credibility"),
        [
            ("Abdourahamane Tiani", "leaderOf", "Niger junta", "AP", "B", 2),
            ("ECOWAS", "sanctions", "Niger", "AP", "B", 2),
            ("Mali", "alliesWith", "Niger", "Reuters", "B", 2),
            ("Mali", "condemns", "ECOWAS", "Reuters", "B", 2),
            ("Mohamed Bazoum", "leaderOf", "Niger", "AP", "B", 2),
            ("Niamey", "locatedIn", "Niger", "Reuters", "B", 2),
            ("Niger junta", "detains", "Mohamed Bazoum", "AP", "B", 2),
            ("Niger junta", "requestsAidFrom", "Wagner Group", "Reuters", "B", 2),
            ("Niger junta", "seversTiesWith", "France", "Reuters", "B", 2),
        ],
    ),
]


def test_saved_fixture_conforms_to_the_shapes(mini_path: Path) -> None:
    outcome = validate_graph(read_graph(str(mini_path)), load_shapes(ONTOLOGY_DIR))
    assert outcome.conforms, outcome.messages


def test_saved_every_query_is_tested_and_documented() -> None:
    queries = saved_queries()
    assert {name for name, *_ in ANSWERS} == set(queries)
    for query in queries.values():
        assert query.summary and query.text.startswith("#"), query.name
        for param in query.params:
            assert param.doc, (query.name, param.name)


@pytest.mark.parametrize(("name", "params", "columns", "expected"), ANSWERS)
def test_saved_query_answers_exactly(
    mini: Source,
    name: str,
    params: dict[str, Any],
    columns: tuple[str, ...],
    expected: list[tuple[Any, ...]],
) -> None:
    result = run_query(mini, bind_params(saved_queries()[name], params))
    assert set(columns) <= set(result.columns)
    rows = [tuple(record[c] for c in columns) for record in result]
    assert rows == expected


@pytest.mark.parametrize(
    ("name", "columns"),
    [
        (
            "who-threatens",
            (
                "subject",
                "subjectLabel",
                "subjectClass",
                "object",
                "objectLabel",
                "confidence",
                "statements",
                "articles",
            ),
        ),
        ("most-connected", ("rank", "actor", "label", "class", "degree", "outgoing", "incoming")),
        ("single-source", ("actor", "label", "class", "statements", "article", "title")),
    ],
)
def test_saved_query_columns(mini: Source, name: str, columns: tuple[str, ...]) -> None:
    assert run_query(mini, saved_queries()[name].text).columns == columns


@pytest.mark.parametrize(
    ("values", "line"),
    [
        ({"actor": "Mali"}, 'VALUES ?objectName { "Mali" }'),
        ({"actor": ["Mali", "Chad"]}, 'VALUES ?objectName { "Mali" "Chad" }'),
        ({"actor": "*"}, "VALUES ?objectName { UNDEF }"),
        ({"actor": 'Say "hi"\\'}, r'VALUES ?objectName { "Say \"hi\"\\" }'),
    ],
)
def test_saved_bind_params_writes_values(values: dict[str, Any], line: str) -> None:
    assert line in bind_params(saved_queries()["who-threatens"], values)


@pytest.mark.parametrize(
    ("value", "line"), [("10", "VALUES ?top { 10 }"), ("*", "VALUES ?top { UNDEF }")]
)
def test_saved_bind_params_writes_numbers(value: str, line: str) -> None:
    assert line in bind_params(saved_queries()["most-connected"], {"top": value})


@pytest.mark.parametrize(
    ("value", "term"),
    [
        ("threatens", "kg:threatens"),
        ("kg:sanctions", "kg:sanctions"),
        ("https://example.org/p", "<https://example.org/p>"),
        ("<https://example.org/p>", "<https://example.org/p>"),
    ],
)
def test_saved_bind_params_writes_iris(value: str, term: str) -> None:
    text = bind_params(saved_queries()["edge-evidence"], {"relation": value})
    assert f"VALUES ?predicate {{ {term} }}" in text


@pytest.mark.parametrize(
    ("name", "values", "message"),
    [
        ("who-threatens", {"country": "Mali"}, "no parameter 'country' (parameters: actor)"),
        ("most-connected", {"actor": "Mali"}, "(parameters: top)"),
        ("single-source", {"actor": "Mali"}, "(parameters: class)"),
        ("most-connected", {"top": "ten"}, "top='ten' is not a whole number"),
        ("edge-evidence", {"relation": "not an iri"}, "is not an IRI"),
        ("who-threatens", {"actor": []}, "no value given"),
    ],
)
def test_saved_bind_params_rejects(name: str, values: dict[str, Any], message: str) -> None:
    with pytest.raises(QueryError, match=message.replace("(", r"\(").replace(")", r"\)")):
        bind_params(saved_queries()[name], values)


def test_saved_resolve_query_by_name_file_or_text(tmp_path: Path) -> None:
    assert resolve_query("most-connected") == (QUERIES_DIR / "most-connected.rq").read_text()
    custom = tmp_path / "mine.rq"
    custom.write_text('SELECT * WHERE {\n  VALUES ?x { "a" }  # param x: a value\n}\n')
    assert '"b"' in resolve_query(str(custom), {"x": "b"})
    assert resolve_query("ASK { ?s ?p ?o }") == "ASK { ?s ?p ?o }"


@pytest.mark.parametrize(
    ("spec", "params", "message"),
    [
        ("no-such-query", {}, "no saved query of that name"),
        ("missing.rq", {}, "no such query file"),
        ("ASK { ?s ?p ?o }", {"x": "1"}, "parameters apply to queries with"),
    ],
)
def test_saved_resolve_query_errors(spec: str, params: dict[str, str], message: str) -> None:
    with pytest.raises(QueryError, match=message):
        resolve_query(spec, params)


def test_saved_parse_reads_summary_and_params() -> None:
    query = parse_saved_query(
        "# What it answers.\n# More words.\nSELECT * WHERE {\n"
        '  VALUES ?n { "x" }  # param name: the name\n}\n'
    )
    assert query.summary == "What it answers."
    assert [(p.name, p.variable, p.default, p.doc) for p in query.params] == [
        ("name", "n", '"x"', "the name")
    ]


LIMITED = """# The first actors.
SELECT ?actor WHERE {
  ?actor a ?type .
}
ORDER BY ?actor
LIMIT 25  # param top: how many actors to list (* for all)
"""


def test_saved_limit_line_is_a_parameter_with_its_default() -> None:
    query = parse_saved_query(LIMITED)
    assert [(p.name, p.variable, p.default) for p in query.params] == [("top", "", "25")]
    assert bind_params(query, {}) == LIMITED


def test_saved_limit_parameter_sets_or_lifts_the_limit(mini: Source) -> None:
    query = parse_saved_query(LIMITED)
    assert "LIMIT 2  # param top" in bind_params(query, {"top": "2"})
    unlimited = bind_params(query, {"top": "*"})
    assert "LIMIT" not in unlimited.replace("# param top", "")
    assert len(run_query(mini, bind_params(query, {"top": "2"})).records()) == 2
    assert len(run_query(mini, unlimited).records()) > 2


@pytest.mark.parametrize(
    ("value", "said"),
    [("ten", "is not a whole number"), ("-1", "is not a count"), (["1", "2"], "takes one value")],
)
def test_saved_limit_parameter_refuses_what_is_no_count(value: Any, said: str) -> None:
    with pytest.raises(QueryError, match=said):
        bind_params(parse_saved_query(LIMITED), {"top": value})


def test_saved_limit_line_in_lower_case_is_a_parameter_too() -> None:
    query = parse_saved_query(LIMITED.replace("LIMIT 25", "limit 25"))
    assert [p.name for p in query.params] == ["top"]
    assert "LIMIT 3  # param top" in bind_params(query, {"top": "3"})
