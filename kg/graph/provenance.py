"""Group assertions into edges and score each edge by its independent support.

Edge confidence is the noisy-OR over articles, `1 - prod(1 - c_a)`, where `c_a` is the
best record confidence within article `a`: more sentences in one article do not count
as independent support, another article does.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace

from kg.model import Evidence, Extraction
from kg.vocab import ActorClass, Relation, fits_signature


@dataclass(frozen=True, slots=True)
class Record:
    """One statement record: an edge, the article and sentence that support it."""

    article_key: str
    evidence: Evidence
    role: str | None
    # roles in time (issue 17), copied from the assertion
    role_status: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None


@dataclass(frozen=True, slots=True)
class Edge:
    """A resolved edge with every record behind it and its aggregate confidence."""

    subject: str
    relation: Relation
    object: str
    records: tuple[Record, ...]
    confidence: float
    article_count: int
    # origins (issue 17): distinct original sources among the records' articles, and the
    # Admiralty credibility 1-6 (`kg.graph.credibility.score_edges` sets both, and
    # `confidence` from the origins); 0 and 6 until then
    independent_sources: int = 0
    credibility: int = 6


def aggregate_confidence(per_article: Iterable[float]) -> float:
    """Combine the best confidence of each supporting article (noisy-OR).

    >>> aggregate_confidence([0.8]), aggregate_confidence([0.8, 0.5])
    (0.8, 0.9)
    """
    miss = math.prod(1.0 - c for c in per_article)
    return round(1.0 - miss, 3)


def collect_edges(
    extractions: Iterable[Extraction],
    key_map: dict[str, str],
    classes: Mapping[str, ActorClass] | None = None,
) -> list[Edge]:
    """Resolve assertion keys and group the records of every edge, sorted for stable output.

    With `classes` (each global actor's class), an assertion whose ends no longer fit its
    relation once articles are merged is dropped: an article read "Austin" as a place in
    "Austin, Texas", but most read it as a company, so it lies in no State.
    """
    grouped: dict[tuple[str, Relation, str], dict[tuple[str, int], Record]] = defaultdict(dict)
    for extraction in extractions:
        article = extraction.article.key
        for assertion in extraction.assertions:
            subject = key_map.get(assertion.subject, assertion.subject)
            obj = key_map.get(assertion.object, assertion.object)
            if subject == obj:
                continue
            if classes is not None and not _fits(assertion.relation, subject, obj, classes):
                continue
            evidence = assertion.evidence
            if evidence.speaker is not None and evidence.speaker in key_map:
                evidence = _with_speaker(evidence, key_map[evidence.speaker])
            slot = (article, evidence.start)
            records = grouped[(subject, assertion.relation, obj)]
            known = records.get(slot)
            if known is None or known.evidence.confidence < evidence.confidence:
                records[slot] = Record(
                    article,
                    evidence,
                    assertion.role,
                    assertion.role_status,
                    assertion.valid_from,
                    assertion.valid_to,
                )
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


def _fits(relation: Relation, subject: str, obj: str, classes: Mapping[str, ActorClass]) -> bool:
    subject_class, object_class = classes.get(subject), classes.get(obj)
    if subject_class is None or object_class is None:
        return False
    return fits_signature(relation, subject_class, object_class)


def _with_speaker(evidence: Evidence, speaker: str) -> Evidence:
    return replace(evidence, speaker=speaker)  # keeps every other field, new ones too


RANKED_ACTORS = 1000
"""How many of the most connected actors get a `kg:degreeRank`. Any edge added shifts the
ranks below it; ranking only the head of the list keeps a build that adds ten articles
from revalidating every actor whose rank moved (their triples change, so SHACL's reuse of
earlier results no longer applies to them)."""


@dataclass(frozen=True, slots=True)
class ActorSummary:
    """What the whole graph says about one actor, counted once at build time so that
    rankings need no whole-graph aggregate at query time.

    `degree` counts the distinct edges the actor is on (`outgoing` as subject, `incoming`
    as object); `statements` the records naming it as subject or object; `sources` the
    distinct articles those records come from, and `sole_source` that article's key when
    there is only one; `rank` its place when actors are ordered by degree, most connected
    first (ties by key), from 1, for the `RANKED_ACTORS` most connected (None below them).
    """

    degree: int
    outgoing: int
    incoming: int
    statements: int
    sources: int
    rank: int | None
    sole_source: str | None = None


def summarize_actors(edges: Iterable[Edge]) -> dict[str, ActorSummary]:
    """Summaries of every actor that is the subject or object of at least one edge.

    >>> from kg.model import Evidence
    >>> record = Record("a1", Evidence("X threatens Y.", 0, 14, "test", 0.9), None)
    >>> edge = Edge("x", Relation.THREATENS, "y", (record,), 0.9, 1)
    >>> summarize_actors([edge])["y"]
    ActorSummary(degree=1, outgoing=0, incoming=1, statements=1, sources=1, rank=2, sole_source='a1')
    """
    return summarize_edge_ends(
        (e.subject, e.object, len(e.records), {r.article_key for r in e.records}) for e in edges
    )


def summarize_edge_ends(
    edges: Iterable[tuple[str, str, int, Collection[str]]],
) -> dict[str, ActorSummary]:
    """`summarize_actors` from each edge's subject, object, record count and articles."""
    outgoing: Counter[str] = Counter()
    incoming: Counter[str] = Counter()
    statements: Counter[str] = Counter()
    sources: dict[str, set[str]] = defaultdict(set)
    for subject, obj, records, articles in edges:
        outgoing[subject] += 1
        incoming[obj] += 1
        for key in (subject, obj):
            statements[key] += records
            sources[key].update(articles)
    degree = outgoing + incoming
    ranked = sorted(degree, key=lambda key: (-degree[key], key))
    return {
        key: ActorSummary(
            degree[key],
            outgoing[key],
            incoming[key],
            statements[key],
            len(sources[key]),
            rank if rank <= RANKED_ACTORS else None,
            next(iter(sources[key])) if len(sources[key]) == 1 else None,
        )
        for rank, key in enumerate(ranked, start=1)
    }
