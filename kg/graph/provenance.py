"""Group assertions into edges and score each edge by its independent support.

Edge confidence is the noisy-OR over articles, `1 - prod(1 - c_a)`, where `c_a` is the
best record confidence within article `a`: more sentences in one article do not count
as independent support, another article does.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from kg.model import Evidence, Extraction
from kg.vocab import Relation


@dataclass(frozen=True, slots=True)
class Record:
    """One statement record: an edge, the article and sentence that support it."""

    article_key: str
    evidence: Evidence
    role: str | None


@dataclass(frozen=True, slots=True)
class Edge:
    """A resolved edge with every record behind it and its aggregate confidence."""

    subject: str
    relation: Relation
    object: str
    records: tuple[Record, ...]
    confidence: float
    article_count: int


def aggregate_confidence(per_article: Iterable[float]) -> float:
    """Combine the best confidence of each supporting article (noisy-OR).

    >>> aggregate_confidence([0.8]), aggregate_confidence([0.8, 0.5])
    (0.8, 0.9)
    """
    miss = math.prod(1.0 - c for c in per_article)
    return round(1.0 - miss, 3)


def collect_edges(extractions: Iterable[Extraction], key_map: dict[str, str]) -> list[Edge]:
    """Resolve assertion keys and group the records of every edge, sorted for stable output."""
    grouped: dict[tuple[str, Relation, str], dict[tuple[str, int], Record]] = defaultdict(dict)
    for extraction in extractions:
        article = extraction.article.key
        for assertion in extraction.assertions:
            subject = key_map.get(assertion.subject, assertion.subject)
            obj = key_map.get(assertion.object, assertion.object)
            if subject == obj:
                continue
            evidence = assertion.evidence
            if evidence.speaker is not None and evidence.speaker in key_map:
                evidence = _with_speaker(evidence, key_map[evidence.speaker])
            slot = (article, evidence.start)
            records = grouped[(subject, assertion.relation, obj)]
            known = records.get(slot)
            if known is None or known.evidence.confidence < evidence.confidence:
                records[slot] = Record(article, evidence, assertion.role)
    edges: list[Edge] = []
    for (subject, relation, obj), by_slot in sorted(grouped.items()):
        ordered = tuple(by_slot[slot] for slot in sorted(by_slot))
        best: dict[str, float] = {}
        for record in ordered:
            best[record.article_key] = max(
                best.get(record.article_key, 0.0), record.evidence.confidence
            )
        edges.append(
            Edge(subject, relation, obj, ordered, aggregate_confidence(best.values()), len(best))
        )
    return edges


def _with_speaker(evidence: Evidence, speaker: str) -> Evidence:
    return Evidence(
        evidence.sentence,
        evidence.start,
        evidence.end,
        evidence.extractor,
        evidence.confidence,
        speaker,
        evidence.event_date,
    )
