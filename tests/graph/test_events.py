"""Reports merged into events: same triple, compatible dates and places; undated reports."""

from __future__ import annotations

from kg.graph.events import Report, compatible, merge_events, report_of, sentence_place
from kg.graph.provenance import Edge, Record
from kg.model import Evidence
from kg.vocab import Relation


def _record(
    article: str, start: int = 0, day: str | None = None, precision: str | None = None
) -> Record:
    evidence = Evidence("X did Y.", start, start + 8, "test", 0.8, None, day, precision)
    return Record(article, evidence, None)


def _edge(relation: Relation = Relation.DEPOSES, subject: str = "a", obj: str = "b") -> Edge:
    return Edge(subject, relation, obj, (), 0.8, 1)


def _merge(*reports: Report, edge: Edge | None = None) -> list[tuple[str | None, str | None, int]]:
    events = merge_events((edge or _edge(), r) for r in reports)
    return [(e.day, e.precision, len(e.reports)) for e in events]


def test_events_same_day_merge_and_different_days_do_not() -> None:
    one = report_of(_record("a1", 0, "2023-07-26", "day"), None)
    two = report_of(_record("a2", 5, "2023-07-26", "day"), None)
    other = report_of(_record("a3", 0, "2023-07-27", "day"), None)
    assert _merge(one, two) == [("2023-07-26", "day", 2)]
    assert sorted(_merge(one, other)) == [("2023-07-26", "day", 1), ("2023-07-27", "day", 1)]


def test_events_coarser_precision_joins_the_finer_event() -> None:
    day = report_of(_record("a1", 0, "2023-07-26", "day"), None)
    month = report_of(_record("a2", 0, "2023-07-01", "month"), None)
    august = report_of(_record("a3", 0, "2023-08-01", "month"), None)
    assert _merge(month, day) == [("2023-07-26", "day", 2)]  # the finest date names the event
    assert sorted(_merge(day, august)) == [("2023-07-26", "day", 1), ("2023-08-01", "month", 1)]
    assert compatible(("2023-08-03", "approximate"), ("2023-08-09", "day"))
    assert not compatible(("2023-08-03", "approximate"), ("2023-08-20", "day"))


def test_events_report_without_a_date_takes_its_articles() -> None:
    report = report_of(_record("a1"), "2023-08-03")
    assert (report.day, report.precision) == ("2023-08-03", "approximate")
    dated = report_of(_record("a1", 0, "2023-08-02", "day"), "2023-08-03")
    assert (dated.day, dated.precision) == ("2023-08-02", "day")


def test_events_undated_reports_join_only_a_lone_dated_event() -> None:
    undated = report_of(_record("a9"), None)
    first = report_of(_record("a1", 0, "2023-07-26", "day"), None)
    second = report_of(_record("a2", 0, "2023-08-20", "day"), None)
    assert _merge(first, undated) == [("2023-07-26", "day", 2)]
    assert sorted(_merge(first, second, undated), key=str) == sorted(
        [("2023-07-26", "day", 1), ("2023-08-20", "day", 1), (None, None, 1)], key=str
    )
    assert _merge(undated) == [(None, None, 1)]


def test_events_different_places_do_not_merge() -> None:
    niamey = Report(_record("a1", 0), "2023-07-26", "day", "gaz:niamey")
    agadez = Report(_record("a2", 0), "2023-07-26", "day", "gaz:agadez")
    nowhere = Report(_record("a3", 0), "2023-07-26", "day", None)
    assert len(_merge(niamey, agadez)) == 2
    events = merge_events((_edge(), r) for r in (niamey, nowhere))
    assert [(e.place, len(e.reports)) for e in events] == [("gaz:niamey", 2)]


def test_events_only_event_relations() -> None:
    report = report_of(_record("a1", 0, "2023-07-26", "day"), None)
    assert _merge(report, edge=_edge(Relation.LEADER_OF)) == []
    assert _merge(report, edge=_edge(Relation.MEMBER_OF)) == []
    assert len(_merge(report, edge=_edge(Relation.ATTACKS))) == 1


def test_events_different_triples_stay_apart() -> None:
    report = report_of(_record("a1", 0, "2023-07-26", "day"), None)
    events = merge_events([(_edge(obj="b"), report), (_edge(obj="c"), report)])
    assert [e.target for e in events] == ["b", "c"]


def test_events_place_needs_a_locative_preposition() -> None:
    places = [("gaz:washington", ("Washington",)), ("gaz:niamey", ("Niamey",))]
    assert sentence_place("Washington backed the bloc.", places) is None
    assert sentence_place("Soldiers marched in Niamey.", places) == "gaz:niamey"
    assert sentence_place("They met in Niamey.", places, exclude=["gaz:niamey"]) is None
