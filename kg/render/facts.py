"""What the viewer says about an edge beyond its sentences, and its timeline marks.

The edge panel shows SPEC §7's analyst facts (independent origins, Admiralty
credibility, ICD 203 likelihood and hedges, role status); the timeline strip shows one
mark per dated event, so brushing a date range filters the network to the edges with
events in it. Events come from the graph's `kg:Event` nodes when the build made them,
else from the dated statement records, one mark per edge and date.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "CREDIBILITY_MEANINGS",
    "LABEL_TIERS",
    "TimelineEvent",
    "date_span",
    "label_tiers",
    "timeline_marks",
]

CREDIBILITY_MEANINGS: Mapping[int, str] = {
    1: "confirmed by two or more independent origins",
    2: "one origin reporting directly",
    3: "attributed or hedged",
    4: "doubtful (hedged towards unlikely)",
    5: "contradicted by another record",
    6: "cannot be judged",
}
"""Admiralty information credibility (STANAG 2511) as SPEC §7 grades an edge."""

LABEL_TIERS = (40, 250)
"""How many of the most connected actors are labelled at the overview (tier 0), and
how many once zoomed in a little (tier 1); the rest are labelled close up (tier 2)."""

_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """A `kg:Event` as the timeline draws it: actor IRIs, relation name and date."""

    actor: str
    event_type: str
    target: str
    date: str
    precision: str | None = None
    report_count: int = 1


@functools.lru_cache(maxsize=4096)  # a page has many records and few distinct dates
def date_span(date: str | None) -> tuple[str, str] | None:
    """Read a date as the days it names: a year, a month or one day.

    >>> date_span("2024"), date_span("2024-03"), date_span("2024-03-05T10:00:00Z")
    (('2024-01-01', '2024-12-31'), ('2024-03-01', '2024-03-31'), ('2024-03-05', '2024-03-05'))
    >>> date_span("last week") is None
    True
    """
    match = _DATE.match(date or "")
    if match is None:
        return None
    year, month, day = match.groups()
    if day is not None:
        return (f"{year}-{month}-{day}",) * 2
    if month is not None:
        # "-31" is past every month's last day, which is all a string comparison needs.
        return f"{year}-{month}-01", f"{year}-{month}-31"
    return f"{year}-01-01", f"{year}-12-31"


def _precision(date: str) -> str:
    return {4: "year", 7: "month"}.get(len(date), "day")


def timeline_marks(
    edge_ids: Mapping[tuple[str, str, str], str],
    events: Iterable[TimelineEvent],
    record_dates: Mapping[str, Iterable[str | None]],
) -> list[dict[str, Any]]:
    """One mark per dated event, on the edge (`source, relation, target` -> edge id)
    that reports it; an event whose edge the page does not draw is left out.

    Without events, each edge's dated records make the marks: one per edge and date,
    counting the records (`record_dates`: edge id -> each record's event date).

    >>> ids = {("a", "attacks", "b"): "e0"}
    >>> [m["reports"] for m in timeline_marks(ids, [], {"e0": ["2023-07-26", "2023-07-26", None]})]
    [2]
    >>> ev = TimelineEvent("a", "attacks", "b", "2023-07", "month", 3)
    >>> timeline_marks(ids, [ev], {})[0]["span"]
    ('2023-07-01', '2023-07-31')
    """
    marks: list[dict[str, Any]] = []
    events = list(events)
    if events:
        for event in events:
            edge = edge_ids.get((event.actor, event.event_type, event.target))
            span = date_span(event.date)
            if edge is not None and span is not None:
                precision = event.precision or _precision(event.date)
                marks.append(_mark(edge, event.date, span, precision, event.report_count))
    else:
        for edge, dates in record_dates.items():
            counts: dict[str, int] = defaultdict(int)
            for date in dates:
                if date and date_span(date) is not None:
                    counts[date[:10]] += 1
            for date, count in counts.items():
                span = date_span(date)
                assert span is not None  # checked above
                marks.append(_mark(edge, date, span, _precision(date), count))
    return sorted(marks, key=lambda m: (m["span"], m["edge"], m["date"]))


def _mark(
    edge: str, date: str, span: tuple[str, str], precision: str, reports: int
) -> dict[str, Any]:
    return {"edge": edge, "date": date, "span": span, "precision": precision, "reports": reports}


def label_tiers(degrees: Mapping[str, int]) -> dict[str, int]:
    """Each actor's label tier by rank of degree (ties by id): 0 labelled at the
    overview, 1 a little closer, 2 close up (`LABEL_TIERS`).

    >>> label_tiers({"a": 1, "b": 5})
    {'b': 0, 'a': 0}
    """
    ranked = sorted(degrees, key=lambda node: (-degrees[node], node))
    return {
        node: 0 if rank < LABEL_TIERS[0] else 1 if rank < LABEL_TIERS[1] else 2
        for rank, node in enumerate(ranked)
    }
