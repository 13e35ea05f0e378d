"""What the build counts on each actor (kg:degree ... kg:soleSource), from hand-made edges."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import SH

from kg.config import ONTOLOGY_DIR
from kg.graph.iri import KG
from kg.graph.provenance import (
    RANKED_ACTORS,
    ActorSummary,
    Edge,
    Record,
    summarize_actors,
    summarize_edge_ends,
)
from kg.model import Evidence
from kg.vocab import Relation


def _edge(subject: str, relation: Relation, obj: str, *articles: str) -> Edge:
    records = tuple(
        Record(article, Evidence(f"{subject} {relation} {obj}.", i, i + 9, "test", 0.8), None)
        for i, article in enumerate(articles)
    )
    return Edge(subject, relation, obj, records, 0.8, len(set(articles)))


def test_summaries_count_edges_records_and_sources() -> None:
    edges = [
        _edge("ecowas", Relation.THREATENS, "niger", "a1", "a2"),
        _edge("ecowas", Relation.SANCTIONS, "niger", "a1"),
        _edge("france", Relation.CONDEMNS, "niger", "a3", "a3"),
        _edge("mali", Relation.SUPPORTS, "niger", "a2"),
    ]
    got = summarize_actors(edges)
    assert got["niger"] == ActorSummary(4, 0, 4, 6, 3, 1, None)
    assert got["ecowas"] == ActorSummary(2, 2, 0, 3, 2, 2, None)
    # France and Mali tie on degree 1: the key orders them
    assert got["france"] == ActorSummary(1, 1, 0, 2, 1, 3, "a3")
    assert got["mali"] == ActorSummary(1, 1, 0, 1, 1, 4, "a2")
    assert set(got) == {"niger", "ecowas", "france", "mali"}


def test_summaries_rank_only_the_most_connected() -> None:
    hub_edges = [("hub", f"leaf{i:05d}", 1, ["a"]) for i in range(RANKED_ACTORS + 50)]
    got = summarize_edge_ends(hub_edges)
    ranks = sorted(s.rank for s in got.values() if s.rank is not None)
    assert ranks == list(range(1, RANKED_ACTORS + 1))
    assert got["hub"].rank == 1
    assert sum(s.rank is None for s in got.values()) == 51


def test_summaries_rank_limit_is_the_shapes_limit() -> None:
    shapes = Graph().parse(ONTOLOGY_DIR / "shapes.ttl")
    rank_property = next(shapes.subjects(SH.path, KG.degreeRank))
    assert shapes.value(rank_property, SH.maxInclusive) == Literal(RANKED_ACTORS)
