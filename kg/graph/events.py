"""Reports merged into events: one `kg:Event` for each real-world act, however many
sentences and articles report it.

Political event data counts reports as events (GDELT's 366 "kidnappings" of one Chibok
abduction); here the statement records of one event relation between the same two
resolved actors are merged when their dates are compatible and their places do not
differ. A record's date is the one its sentence gives (`kg:eventDate` and its
precision); a record whose sentence gives none is dated by its article, with precision
`approximate` (news reports what just happened). Two dates are compatible when the spans
they stand for meet: the same day, a day within a month, two approximate dates within a
week of each other. A report with no date at all (an undated article) joins the event of
its triple only when there is exactly one dated event to join.

Only event relations (those with a PLOVER class: threatens ... attacks) make events;
structural ones (memberOf, leaderOf, locatedIn ...) are states of affairs, not acts.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Final

from rdflib import RDF, XSD, Literal, URIRef

from kg.graph.iri import KG, actor_iri, event_iri, relation_iri, statement_iri
from kg.graph.provenance import Edge, Record
from kg.model import Extraction
from kg.vocab import RELATIONS, ActorClass, Relation

__all__ = ["EVENT_RELATIONS", "Event", "Report", "collect_events", "event_triples", "merge_events"]

EVENT_RELATIONS: Final = frozenset(r for r, info in RELATIONS.items() if info.plover)
"""The relations that are acts (SPEC §3's PLOVER / CAMEO rows)."""

APPROXIMATE_DAYS: Final = 7
"""How far either side of its day an `approximate` date may lie."""

_LOCATIVE: Final = r"\b(?:in|at|near|outside|around)\s+(?:the\s+)?"
_FINEST: Final = {"day": 0, "month": 1, "approximate": 2, "year": 3}


@dataclass(frozen=True, slots=True)
class Report:
    """One statement record as a report of an act: its date, precision and place."""

    record: Record
    day: str | None
    precision: str | None
    place: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """One act merged from its reports; `day`/`precision` are its finest report's."""

    relation: Relation
    actor: str
    target: str
    day: str | None
    precision: str | None
    place: str | None
    reports: tuple[Record, ...]


def report_of(record: Record, published: str | None, place: str | None = None) -> Report:
    """Date a record: its sentence's date, else its article's (`approximate`), else none.

    >>> from kg.model import Evidence
    >>> r = Record("a", Evidence("X struck Y.", 0, 11, "t", 0.9), None)
    >>> report_of(r, "2023-08-03").precision, report_of(r, None).day
    ('approximate', None)
    """
    evidence = record.evidence
    if evidence.event_date:
        return Report(record, evidence.event_date, evidence.date_precision or "day", place)
    if published:
        return Report(record, published[:10], "approximate", place)
    return Report(record, None, None, place)


@cache  # a hub triple's thousands of reports share a few dozen dates
def span(day: str, precision: str) -> tuple[dt.date, dt.date]:
    """The first and last day a date of this precision may mean.

    >>> [d.isoformat() for d in span("2023-07-01", "month")]
    ['2023-07-01', '2023-07-31']
    """
    start = dt.date.fromisoformat(day)
    if precision == "day":
        return start, start
    if precision == "month":
        following = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return start.replace(day=1), following - dt.timedelta(days=1)
    if precision == "year":
        return start.replace(month=1, day=1), start.replace(month=12, day=31)
    margin = dt.timedelta(days=APPROXIMATE_DAYS)
    return start - margin, start + margin


def compatible(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Whether two (day, precision) dates can be one event's: their spans meet.

    >>> compatible(("2023-07-26", "day"), ("2023-07-01", "month"))
    True
    >>> compatible(("2023-07-26", "day"), ("2023-07-27", "day"))
    False
    """
    first, second = span(*a), span(*b)
    return first[0] <= second[1] and second[0] <= first[1]


def collect_events(
    edges: Iterable[Edge],
    extractions: Iterable[Extraction],
    key_map: Mapping[str, str],
    classes: Mapping[str, ActorClass],
) -> list[Event]:
    """The events of a build: every record of an event relation dated (by its sentence or
    its article) and placed (by a Place actor its sentence names), then merged."""
    published: dict[str, str | None] = {}
    places: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for extraction in extractions:
        key = extraction.article.key
        published[key] = _iso_day(extraction.article.published)
        places[key] = sorted(
            (key_map.get(a.key, a.key), a.surface_forms)
            for a in extraction.actors
            if classes.get(key_map.get(a.key, a.key)) is ActorClass.PLACE
        )
    reports = [
        (
            edge,
            report_of(
                record,
                published.get(record.article_key),
                sentence_place(
                    record.evidence.sentence,
                    places.get(record.article_key, ()),
                    (edge.subject, edge.object),
                ),
            ),
        )
        for edge in edges
        if edge.relation in EVENT_RELATIONS
        for record in edge.records
    ]
    return merge_events(reports)


def _iso_day(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def merge_events(reports: Iterable[tuple[Edge, Report]]) -> list[Event]:
    """Merge the reports of event relations into events, in a stable order."""
    by_triple: dict[tuple[str, Relation, str], list[Report]] = defaultdict(list)
    for edge, report in reports:
        if edge.relation in EVENT_RELATIONS:
            by_triple[(edge.subject, edge.relation, edge.object)].append(report)
    events: list[Event] = []
    for (actor, relation, target), triple_reports in sorted(by_triple.items()):
        for day, precision, place, members in _cluster(triple_reports):
            events.append(Event(relation, actor, target, day, precision, place, members))
    return events


def _cluster(
    reports: Sequence[Report],
) -> list[tuple[str | None, str | None, str | None, tuple[Record, ...]]]:
    dated = sorted(
        (r for r in reports if r.day is not None),
        key=lambda r: (_FINEST[r.precision or "approximate"], r.day, _record_key(r.record)),
    )
    undated = sorted((r for r in reports if r.day is None), key=lambda r: _record_key(r.record))
    # Each cluster: [anchor report (finest date), place, members]. A report joins the first
    # cluster it fits; clusters are indexed by the months their anchor's span covers, since
    # two spans that meet share a month (a hub triple has thousands of reports).
    clusters: list[tuple[Report, list[str | None], list[Record]]] = []
    by_month: dict[tuple[int, int], list[int]] = defaultdict(list)
    for report in dated:
        candidates = sorted({i for m in _months(report) for i in by_month.get(m, ())})
        for index in candidates:
            anchor, place, members = clusters[index]
            if _joins(report, anchor, place[0]):
                members.append(report.record)
                place[0] = place[0] or report.place
                break
        else:
            for month in _months(report):
                by_month[month].append(len(clusters))
            clusters.append((report, [report.place], [report.record]))
    merged = [
        (anchor.day, anchor.precision, place[0], members) for anchor, place, members in clusters
    ]
    if undated:
        lone = [r.record for r in undated]
        if len(merged) == 1:
            merged[0][3].extend(lone)
        else:
            merged.append((None, None, None, lone))
    return [
        (day, precision, place, tuple(sorted(members, key=_record_key)))
        for day, precision, place, members in merged
    ]


def _months(report: Report) -> list[tuple[int, int]]:
    assert report.day and report.precision
    first, last = span(report.day, report.precision)
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _joins(report: Report, anchor: Report, place: str | None) -> bool:
    assert report.day and report.precision and anchor.day and anchor.precision
    if report.place and place and report.place != place:
        return False
    return compatible((report.day, report.precision), (anchor.day, anchor.precision))


def _record_key(record: Record) -> tuple[str, int]:
    return record.article_key, record.evidence.start


def sentence_place(
    sentence: str, places: Sequence[tuple[str, tuple[str, ...]]], exclude: Iterable[str] = ()
) -> str | None:
    """The first Place actor (key, surface forms) the sentence names after a locative
    preposition ("in Niamey", "near the border"), other than `exclude`: a bare place name
    is often a government ("Washington supported the bloc").

    >>> sentence_place("Troops clashed in Niamey.", [("gaz:niamey", ("Niamey",))])
    'gaz:niamey'
    """
    skip = set(exclude)
    best: tuple[int, str] | None = None
    for key, forms in places:
        if key in skip:
            continue
        for form in forms:
            match = re.search(rf"{_LOCATIVE}{re.escape(form)}(?!\w)", sentence)
            if match and (best is None or (match.start(), key) < best):
                best = (match.start(), key)
    return best[1] if best else None


def event_triples(event: Event) -> Iterator[tuple[URIRef, URIRef, URIRef | Literal]]:
    """One event node: what, who to whom, when and where, and the records reporting it."""
    node = event_iri(event.actor, event.relation, event.target, event.day, event.place)
    yield node, RDF.type, KG.Event
    yield node, KG.eventType, relation_iri(event.relation)
    yield node, KG.actor, actor_iri(event.actor)
    yield node, KG.target, actor_iri(event.target)
    if event.day and event.precision:
        yield node, KG.eventDate, Literal(event.day, datatype=XSD.date)
        yield node, KG.datePrecision, Literal(event.precision)
    if event.place:
        yield node, KG.place, actor_iri(event.place)
    yield node, KG.reportCount, Literal(len(event.reports))
    for record in event.reports:
        start = record.evidence.start
        statement = statement_iri(
            record.article_key, event.actor, event.relation, event.target, start
        )
        yield node, KG.reportedBy, statement
