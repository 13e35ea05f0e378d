"""Seed acceptance for roles in time and hedged claims (issue 17)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

PREFIXES = """
PREFIX kg: <https://w3id.org/kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


@pytest.fixture(scope="module")
def graph(seed_build: Path) -> Graph:
    return Graph().parse(seed_build / "graph.ttl")


def statuses(graph: Graph, person: str, relation: str, polity: str) -> list[str]:
    query = (
        PREFIXES
        + f"""
    SELECT ?status WHERE {{
        ?r a rdf:Statement ; rdf:subject ?s ; rdf:predicate kg:{relation} ; rdf:object ?o ;
           kg:roleStatus ?status .
        ?s rdfs:label "{person}" . ?o rdfs:label "{polity}" .
    }}"""
    )
    return sorted(str(row[0]) for row in graph.query(query))


def test_bazoum_is_former_and_tchiani_current(graph: Graph) -> None:
    bazoum = statuses(graph, "Mohamed Bazoum", "leaderOf", "Niger")
    assert bazoum and set(bazoum) == {"former"}
    tchiani = statuses(graph, "Abdourahmane Tchiani", "leaderOf", "Niger")
    assert tchiani and set(tchiani) == {"current"}


def test_every_office_record_has_a_status(graph: Graph) -> None:
    query = (
        PREFIXES
        + """
    SELECT ?p (COUNT(?r) AS ?records) (COUNT(?status) AS ?with_status) WHERE {
        ?r a rdf:Statement ; rdf:predicate ?p .
        OPTIONAL { ?r kg:roleStatus ?status }
    } GROUP BY ?p"""
    )
    for predicate, records, with_status in graph.query(query):
        office = str(predicate).endswith(("leaderOf", "officialOf"))
        assert int(with_status) == (int(records) if office else 0), predicate


def test_hedged_records_carry_band_and_words(graph: Graph) -> None:
    query = (
        PREFIXES
        + """
    SELECT ?text ?band ?hedge WHERE {
        ?r a rdf:Statement ; kg:evidenceText ?text .
        OPTIONAL { ?r kg:likelihood ?band } OPTIONAL { ?r kg:hedge ?hedge }
        FILTER (BOUND(?band) || BOUND(?hedge))
    }"""
    )
    rows = [(str(t), str(b), str(h)) for t, b, h in graph.query(query)]
    assert all(band != "None" and hedge != "None" for _, band, hedge in rows)
    assert all(hedge.split(" | ")[0] in text for text, _, hedge in rows)  # verbatim
    heard = [r for r in rows if "heard reports that the junta asked" in r[0]]
    assert [(band, hedge) for _, band, hedge in heard] == [("roughly even chance", "heard reports")]


def test_shapes_refuse_a_bad_status_band_or_span(seed_build: Path) -> None:
    from rdflib import Literal, Namespace
    from rdflib.namespace import RDF, XSD

    from kg.config import ONTOLOGY_DIR
    from kg.graph.validate import load_shapes, validate_graph

    kg = Namespace("https://w3id.org/kg/ontology#")
    shapes = load_shapes(ONTOLOGY_DIR)
    good = Graph().parse(seed_build / "graph.ttl")
    assert validate_graph(good, shapes).conforms
    record = next(iter(good.subjects(kg.roleStatus, None)))
    for prop, value in [
        (kg.roleStatus, Literal("ousted")),
        (kg.likelihood, Literal("probably")),
        (kg.validFrom, Literal("2023-08-01", datatype=XSD.date)),
    ]:
        bad = Graph()
        for triple in good:
            bad.add(triple)
        bad.set((record, prop, value))
        if prop == kg.validFrom:
            bad.set((record, kg.validTo, Literal("2020-01-01", datatype=XSD.date)))
        assert (record, RDF.type, RDF.Statement) in bad
        assert not validate_graph(bad, shapes).conforms, prop
