"""The shapes accept the events a build writes and refuse malformed ones."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import RDF, XSD, Graph, Literal, URIRef

from kg.config import ONTOLOGY_DIR
from kg.graph.iri import KG, KGD
from kg.graph.validate import load_shapes, validate_graph

EVENT = KGD["event/e1"]
STATEMENT = KGD["statement/s1"]
JUNTA, BAZOUM, NIAMEY = KGD["actor/junta"], KGD["actor/bazoum"], KGD["actor/niamey"]


def _graph() -> Graph:
    g = Graph()
    g.add((JUNTA, RDF.type, KG.Government))
    g.add((BAZOUM, RDF.type, KG.Official))
    g.add((NIAMEY, RDF.type, KG.Place))
    g.add((STATEMENT, RDF.type, RDF.Statement))
    g.add((EVENT, RDF.type, KG.Event))
    g.add((EVENT, KG.eventType, KG.deposes))
    g.add((EVENT, KG.actor, JUNTA))
    g.add((EVENT, KG.target, BAZOUM))
    g.add((EVENT, KG.eventDate, Literal("2023-07-26", datatype=XSD.date)))
    g.add((EVENT, KG.datePrecision, Literal("day")))
    g.add((EVENT, KG.place, NIAMEY))
    g.add((EVENT, KG.reportCount, Literal(1)))
    g.add((EVENT, KG.reportedBy, STATEMENT))
    return g


def _event_messages(g: Graph) -> list[str]:
    outcome = validate_graph(g, load_shapes(ONTOLOGY_DIR))
    return [m for m in outcome.messages if str(EVENT) in m]


def test_event_shapes_accept_a_well_formed_event() -> None:
    assert _event_messages(_graph()) == []


def _set(p: URIRef, o: URIRef | Literal) -> Callable[[Graph], object]:
    return lambda g: g.set((EVENT, p, o))


@pytest.mark.parametrize(
    "damage",
    [
        _set(KG.datePrecision, Literal("week")),
        _set(KG.eventType, KG.memberOf),  # a structural relation is no event
        _set(KG.place, BAZOUM),  # a place must be a Place
        _set(KG.reportCount, Literal(0)),
        lambda g: g.remove((EVENT, KG.reportedBy, None)),
        lambda g: g.remove((EVENT, KG.datePrecision, None)),  # a date needs its precision
        lambda g: g.remove((EVENT, KG.actor, None)),
    ],
)
def test_event_shapes_refuse_a_malformed_event(damage: Callable[[Graph], object]) -> None:
    g = _graph()
    damage(g)
    assert _event_messages(g)
