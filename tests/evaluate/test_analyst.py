"""The analyst scorer (kg.evaluate.analyst) on small hand-written graphs."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, XSD

from kg.evaluate.analyst import date_exact, date_within, score_analyst
from kg.evaluate.analyst_gold import (
    AnalystGold,
    GoldEvent,
    GoldHedge,
    GoldRole,
    load_agnews_gold,
    load_seeds_gold,
)
from kg.vocab import KG_NS

KG = Namespace(KG_NS)
EX = Namespace("https://example.org/")
GOLD = Path(__file__).resolve().parents[1] / "gold"


def names(*values: str) -> frozenset[str]:
    return frozenset(values)


def gold_set(**overrides: object) -> AnalystGold:
    base: dict[str, object] = {
        "name": "toy",
        "articles": frozenset({"a1", "a2", "a3"}),
        "origins": {"a1": "AP", "a2": "AP", "a3": "Reuters"},
        "events": (
            GoldEvent(
                "deposes",
                ((names("junta"), names("bazoum")),),
                "2023-07-26",
                "day",
                frozenset({"a1"}),
                "x",
            ),
            GoldEvent(
                "threatens",
                ((names("ecowas"), names("junta")),),
                None,
                None,
                frozenset({"a2"}),
                "y",
            ),
        ),
        "roles": (GoldRole(names("bazoum"), names("niger"), "a1", "former", "r"),),
        "hedges": (
            GoldHedge("a2", "Junta reportedly asked Wagner for help", ("reportedly",), "likely"),
        ),
    }
    base.update(overrides)
    return AnalystGold(**base)  # type: ignore[arg-type]


def actor(graph: Graph, key: str, label: str) -> URIRef:
    node = EX[key]
    graph.add((node, RDF.type, KG.State))
    graph.add((node, RDFS.label, Literal(label)))
    return node


def article(graph: Graph, key: str, source: str | None) -> URIRef:
    node = EX[f"article/{key}"]
    graph.add((node, KG.origin, Literal(f"seeds/{key}_abc.txt")))
    if source is not None:
        graph.add((node, KG.originalSource, EX[f"source/{source}"]))
    return node


def record(graph: Graph, key: str, s: URIRef, p: str, o: URIRef, art: URIRef, text: str) -> URIRef:
    node = EX[f"record/{key}"]
    graph.add((node, RDF.type, RDF.Statement))
    graph.add((node, RDF.subject, s))
    graph.add((node, RDF.predicate, KG[p]))
    graph.add((node, RDF.object, o))
    graph.add((node, PROV.wasDerivedFrom, art))
    graph.add((node, KG.evidenceText, Literal(text)))
    return node


def toy_graph(*, date: str = "2023-07-26", band: str = "likely", status: str = "former") -> Graph:
    g = Graph()
    junta, bazoum = actor(g, "junta", "Junta"), actor(g, "bazoum", "Bazoum")
    niger, ecowas = actor(g, "niger", "Niger"), actor(g, "ecowas", "ECOWAS")
    a1, a2 = article(g, "a1", "ap"), article(g, "a2", "ap")
    article(g, "a3", "ap")  # wrongly AP: one false pair (a1,a3), one (a2,a3)
    ousted = record(g, "r1", junta, "deposes", bazoum, a1, "The junta ousted Bazoum on July 26.")
    role = record(g, "r2", bazoum, "leaderOf", niger, a1, "deposed President Bazoum")
    g.add((role, KG.roleStatus, Literal(status)))
    hedged = record(
        g, "r3", junta, "requestsAidFrom", ecowas, a2, "Junta reportedly asked Wagner for help."
    )
    g.add((hedged, KG.likelihood, Literal(band)))
    g.add((hedged, KG.hedge, Literal("reportedly")))
    event = EX["event/e1"]
    g.add((event, RDF.type, KG.Event))
    g.add((event, KG.eventType, KG.deposes))
    g.add((event, KG.actor, junta))
    g.add((event, KG.target, bazoum))
    g.add((event, KG.eventDate, Literal(date, datatype=XSD.date)))
    g.add((event, KG.datePrecision, Literal("day")))
    g.add((event, KG.reportedBy, ousted))
    return g


def test_a_right_graph_scores_each_kind() -> None:
    score = score_analyst(toy_graph(), gold_set())
    assert (score.origins.tp, score.origins.fp, score.origins.fn) == (1, 2, 0)
    assert (score.events.tp, score.events.fp, score.events.fn) == (1, 0, 1)
    assert score.dates.exact.precision == 1.0 and score.dates.exact.recall == 1.0
    assert score.roles.precision == 1.0 and score.roles.recall == 1.0
    assert score.hedges.detected.recall == 1.0 and score.hedges.band.recall == 1.0
    assert score.hedges.word_overlap == 1.0


def test_wrong_values_are_caught() -> None:
    score = score_analyst(
        toy_graph(date="2023-08-20", band="unlikely", status="current"), gold_set()
    )
    assert score.events.tp == 0  # the date is outside the gold day
    assert score.dates.exact.tp == 0 and score.dates.within.tp == 0
    assert score.roles.tp == 0 and score.roles.fp == 1
    assert score.hedges.detected.tp == 1 and score.hedges.band.tp == 0


def test_missing_terms_score_zero() -> None:
    g = Graph()
    article(g, "a1", None)
    score = score_analyst(g, gold_set())
    for _, prf in score.rows():
        assert prf.tp == 0 and prf.recall == 0.0


def test_identifier_keys_articles_of_jsonl_items() -> None:
    g = toy_graph()
    node = EX["article/x"]
    g.add((node, KG.origin, Literal("items.jsonl")))
    g.add((node, DCTERMS.identifier, Literal("agnews-test-0001")))
    g.add((node, KG.originalSource, EX["source/ap"]))
    gold = gold_set(
        articles=frozenset({"a1", "agnews-test-0001"}),
        origins={"a1": "AP", "agnews-test-0001": "AP"},
    )
    assert score_analyst(g, gold).origins.tp == 1


def test_dates_within_precision() -> None:
    assert date_within("2023-08-02", "2023-07-30", "approximate")
    assert not date_within("2023-08-10", "2023-07-30", "approximate")
    assert date_within("2021-12-31", "2021-12", "month")
    assert not date_within("2021-11-30", "2021-12", "month")
    assert not date_exact("2023-07-26", "approximate", "2023-07-26", "day")


def test_the_gold_files_load() -> None:
    seeds = load_seeds_gold(GOLD / "seeds_analyst.json", GOLD / "seeds_entities.json")
    test, dev = load_agnews_gold(GOLD / "agnews_analyst.json")
    assert len(seeds.articles) == 5 and seeds.events and seeds.roles and seeds.hedges
    assert not test.articles & dev.articles
    data = json.loads((GOLD / "agnews_analyst.json").read_text(encoding="utf-8"))
    assert test.articles | dev.articles == set(data["items"])
    assert len(test.events) + len(dev.events) == len(data["events"])
