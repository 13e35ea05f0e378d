"""Edge support from independent origins: confidence, source count and credibility.

Reprints are not independent support. An edge's confidence is the noisy-OR over its
*origins* (`kg:originalSource`), with the best record confidence of each origin, so an
edge that only three copies of one wire story support is as sure as its best record.

Credibility is the Admiralty (STANAG 2511) information grade, from the edge's records:

1. confirmed: two or more independent origins support it (a record that is neither
   doubtful nor contradicted);
2. probably true: one origin reports it directly (a record neither attributed to a
   speaker, `kg:attributedTo`, nor hedged, `kg:likelihood`);
3. possibly true: one origin, every record attributed or hedged;
4. doubtful: every record hedged towards unlikely (`unlikely`, `very unlikely`,
   `almost no chance`);
5. improbable: contradicted by another record: the graph also holds the opposite
   relation between the same two actors (`supports` against `opposes`), the only
   contradiction the relation vocabulary can state;
6. cannot be judged: no record's article has a known origin.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Final

from kg.graph.origins import Origin
from kg.graph.provenance import Edge, Record
from kg.vocab import RELATIONS, Relation

__all__ = ["RecordKind", "credibility", "record_kind", "score_edges"]

UNLIKELY_BANDS: Final = frozenset({"almost no chance", "very unlikely", "unlikely"})
OPPOSITES: Final = {Relation.SUPPORTS: Relation.OPPOSES, Relation.OPPOSES: Relation.SUPPORTS}
"""Relations that contradict each other between the same two actors."""


@dataclass(frozen=True, slots=True)
class RecordKind:
    """How a record states its claim."""

    direct: bool
    doubtful: bool


def record_kind(record: Record) -> RecordKind:
    """Direct (no speaker, no hedge) or not; doubtful (hedged towards unlikely) or not."""
    likelihood = getattr(record.evidence, "likelihood", None)
    direct = record.evidence.speaker is None and likelihood is None
    return RecordKind(direct, likelihood in UNLIKELY_BANDS)


def credibility(
    origins: int, supporting_origins: int, direct: bool, all_doubtful: bool, contradicted: bool
) -> int:
    """The Admiralty credibility grade of an edge.

    `origins`: distinct origins of its records; `supporting_origins`: those with a record
    that is not doubtful; `direct`: some record reports it directly; `all_doubtful`:
    every record is hedged towards unlikely; `contradicted`: the opposite is recorded.

    >>> credibility(2, 2, True, False, False)  # two wires report it
    1
    >>> credibility(1, 1, True, False, False)  # one wire reports it
    2
    >>> credibility(1, 1, False, False, False)  # "X said", "reportedly"
    3
    >>> credibility(2, 0, False, True, False)  # "unlikely to"
    4
    >>> credibility(2, 2, True, False, True)  # another record says the opposite
    5
    >>> credibility(0, 0, False, False, False)  # no origin known
    6
    """
    if origins == 0:
        return 6
    if contradicted:
        return 5
    if supporting_origins >= 2:
        return 1
    if all_doubtful:
        return 4
    return 2 if direct else 3


def aggregate_over_origins(best: Iterable[float]) -> float:
    """Noisy-OR of each origin's best record confidence.

    >>> aggregate_over_origins([0.8]), aggregate_over_origins([0.8, 0.5])
    (0.8, 0.9)
    """
    return round(1.0 - math.prod(1.0 - c for c in best), 3)


def score_edges(edges: Sequence[Edge], origins: Mapping[str, Origin]) -> list[Edge]:
    """`edges` with confidence, independent source count and credibility from the origins
    of their records' articles (`origins`, by article key)."""
    present = {(e.subject, e.relation, e.object) for e in edges}
    return [_scored(edge, origins, _contradicted(edge, present)) for edge in edges]


def _scored(edge: Edge, origins: Mapping[str, Origin], contradicted: bool) -> Edge:
    best: dict[str, float] = {}
    supporting: set[str] = set()
    kinds = [record_kind(record) for record in edge.records]
    for record, kind in zip(edge.records, kinds, strict=True):
        origin = origins.get(record.article_key)
        if origin is None:
            continue
        best[origin.key] = max(best.get(origin.key, 0.0), record.evidence.confidence)
        if not kind.doubtful:
            supporting.add(origin.key)
    grade = credibility(
        len(best),
        len(supporting),
        any(kind.direct for kind in kinds),
        all(kind.doubtful for kind in kinds),
        contradicted,
    )
    confidence = aggregate_over_origins(best.values()) if best else edge.confidence
    return replace(edge, confidence=confidence, independent_sources=len(best), credibility=grade)


def _contradicted(edge: Edge, present: set[tuple[str, Relation, str]]) -> bool:
    opposite = OPPOSITES.get(edge.relation)
    if opposite is None:
        return False
    if (edge.subject, opposite, edge.object) in present:
        return True
    return RELATIONS[opposite].symmetric and (edge.object, opposite, edge.subject) in present
