"""Dates and events on the seed build (issue 17): the coup and the severing of military ties
with France are dated events, and the saved queries show them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kg.query.saved import bind_params, saved_queries
from kg.query.sparql import run_query
from kg.query.store import Source, load_source

EVENTS = """
SELECT ?relation ?actorLabel ?targetLabel ?date ?precision ?reports WHERE {
  ?event a kg:Event ; kg:eventType ?type ; kg:actor ?actor ; kg:target ?target ;
         kg:reportCount ?reports .
  ?actor rdfs:label ?actorLabel . ?target rdfs:label ?targetLabel .
  OPTIONAL { ?event kg:eventDate ?date ; kg:datePrecision ?precision }
  BIND(STRAFTER(STR(?type), STR(kg:)) AS ?relation)
}
"""


@pytest.fixture(scope="module")
def seed_source(seed_build: Path) -> Source:
    return load_source(seed_build)


@pytest.fixture(scope="module")
def events(seed_source: Source) -> list[dict[str, object]]:
    return [dict(record) for record in run_query(seed_source, EVENTS)]


def _find(events: list[dict[str, object]], relation: str, target: str) -> list[dict[str, object]]:
    return [e for e in events if e["relation"] == relation and e["targetLabel"] == target]


def test_events_seed_the_coup_is_dated_to_the_day(events: list[dict[str, object]]) -> None:
    (coup,) = _find(events, "deposes", "Mohamed Bazoum")
    assert "junta" in str(coup["actorLabel"]).lower()
    assert (coup["date"], coup["precision"]) == (dt.date(2023, 7, 26), "day")


def test_events_seed_severing_ties_with_france_is_one_dated_event(
    events: list[dict[str, object]],
) -> None:
    (severing,) = _find(events, "seversTiesWith", "France")
    # Announced on Thursday 3 August 2023; the reports date it by their articles only.
    assert severing["date"] == dt.date(2023, 8, 3)
    assert severing["precision"] == "approximate"
    reports = severing["reports"]
    assert isinstance(reports, int) and reports >= 3  # several reports, one event


def test_events_seed_articles_are_dated_from_captions(seed_source: Source) -> None:
    dated = run_query(seed_source, "SELECT ?a ?d WHERE { ?a a kg:Article ; dcterms:date ?d }")
    assert len(list(dated)) >= 3


def test_events_seed_timeline_shows_them(seed_source: Source) -> None:
    result = run_query(seed_source, bind_params(saved_queries()["timeline"], {"actor": "*"}))
    rows = {(r["date"], r["relation"]) for r in result}
    assert (dt.date(2023, 7, 26), "deposes") in rows
    assert (dt.date(2023, 8, 3), "seversTiesWith") in rows


def test_events_seed_events_vs_reports(seed_source: Source) -> None:
    query = bind_params(saved_queries()["events-vs-reports"], {"actor": "France"})
    rows = {(r["relation"], r["objectLabel"]): r for r in run_query(seed_source, query)}
    severing = rows[("seversTiesWith", "France")]
    assert severing["events"] == 1
    assert severing["reports"] >= 3


def test_events_seed_quality_guard(seed_build: Path) -> None:
    """The figures README reports for events on the seeds: a change may not drop below them."""
    from kg.evaluate.analyst import score_analyst
    from kg.evaluate.analyst_gold import load_seeds_gold
    from kg.graph.store import read_graph

    gold_dir = Path(__file__).resolve().parents[1] / "gold"
    gold = load_seeds_gold(gold_dir / "seeds_analyst.json", gold_dir / "seeds_entities.json")
    score = score_analyst(read_graph(str(seed_build / "graph.ttl")), gold)
    assert score.events_any_date.precision >= 0.9, score.as_dict()
    assert score.events_any_date.recall >= 0.6, score.as_dict()
    assert score.events.precision >= 0.6, score.as_dict()
    assert score.dates.within.precision >= 0.65, score.as_dict()


def test_events_vs_reports_dates_skip_undated_events(tmp_path: Path) -> None:
    """An edge with a dated and an undated event gets the dated one's date (Oxigraph's MIN
    over a group holding an unbound value is unbound); one with undated events only, none."""
    from kg.query.store import load_store

    trig = tmp_path / "graph.trig"
    trig.write_text(
        """@prefix kg: <https://w3id.org/kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix a: <https://w3id.org/kg/id/actor/> .
@prefix e: <https://w3id.org/kg/id/event/> .
@prefix s: <https://w3id.org/kg/id/edge/> .
a:fr rdfs:label "France" . a:ne rdfs:label "Niger" . a:ml rdfs:label "Mali" .
s:1 kg:supportCount 2 ; kg:articleCount 2 .
s:2 kg:supportCount 1 ; kg:articleCount 1 .
e:1 kg:actor a:fr ; kg:target a:ne ; kg:eventType kg:condemns ; kg:edgeSummary s:1 ;
    kg:eventDate "2023-08-03"^^xsd:date .
e:2 kg:actor a:fr ; kg:target a:ne ; kg:eventType kg:condemns ; kg:edgeSummary s:1 .
e:3 kg:actor a:fr ; kg:target a:ml ; kg:eventType kg:condemns ; kg:edgeSummary s:2 .
""",
        encoding="utf-8",
    )
    query = bind_params(saved_queries()["events-vs-reports"], {"actor": "France"})
    rows = {r["objectLabel"]: r for r in run_query(load_store(trig), query)}
    assert rows["Niger"]["events"] == 2
    assert str(rows["Niger"]["firstDate"]) == str(rows["Niger"]["lastDate"]) == "2023-08-03"
    assert rows["Mali"].get("firstDate") is None and rows["Mali"].get("lastDate") is None
