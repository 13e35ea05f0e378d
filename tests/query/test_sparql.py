"""Which queries name graphs, and so run on a graph's quads rather than its union."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.query.guard import names_graphs
from kg.query.saved import saved_queries


@pytest.mark.parametrize(
    "sparql",
    [
        "SELECT * { GRAPH ?g { ?s ?p ?o } }",
        "select * from named <x> { graph ?g {} }",
        "SELECT * FROM <http://x/g> { ?s ?p ?o }",
        "SELECT*{GRAPH?g{}}",
        "SELECT * { ?s <http://x/a#b> ?o . GRAPH ?g { } }",
        'SELECT * { ?s ?p """a "GRAPH" b""" . GRAPH ?g {} }',
        "SELECT * { ?s ?p 'it\\'s' } # a comment\nGRAPH",
        "SELECT * { FILTER(?x<3&&?y>2) GRAPH ?g {} }",
        'SELECT * { ?s ?p "unterminated GRAPH }',  # unsure: counts as naming graphs
        "SELECT * { ?s ?p ?x.GRAPH ?g {} }",  # a parser reads ?x . GRAPH
        "SELECT * { ?s ?p 1GRAPH ?g {} }",
        "SELECT*FROM<x>{}",
        "PREFIX p: <http://x/> SELECT * { GRAPHp:g { ?s ?p ?o } }",  # GRAPH p:g
    ],
)
def test_names_graphs(sparql: str) -> None:
    assert names_graphs(sparql)


@pytest.mark.parametrize(
    "sparql",
    [
        'SELECT ?graph { ?s kg:from "FROM" } # graphs from GRAPH',
        "SELECT * { ?s <http://x/graph#from> ?o }",
        "SELECT * { ?s graph:x ?o . ?s ex:graph ?o . ?s $graph ?o . FILTER(?x<3) }",
        "SELECT * { ?s ?p '''GRAPH\nFROM''' }",
        'SELECT * { ?s ?p "x"@graph . ?s _:from ?o . ?s :graph ?o }',
    ],
)
def test_names_no_graphs(sparql: str) -> None:
    assert not names_graphs(sparql)


def test_saved_queries_name_no_graphs() -> None:
    """They read the union, so they run on the store that holds it."""
    assert not any(names_graphs(q.text) for q in saved_queries().values())


PIECES = st.sampled_from(
    ["SELECT", "*", "{", "}", "?s", "<http://x/y#z>", '"a # b"', "'c'", "kg:p", "FILTER(?x<3)", "."]
)


@given(
    st.lists(PIECES, max_size=12),
    st.lists(PIECES, max_size=12),
    st.sampled_from(["GRAPH", "from", "Graph"]),
)
def test_a_keyword_between_tokens_is_always_seen(
    before: list[str], after: list[str], word: str
) -> None:
    assert names_graphs(" ".join([*before, word, *after]))
