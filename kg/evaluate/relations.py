"""Score a graph's edges against gold relations, per relation type.

Gold (`tests/gold/seeds_relations.json`): `{"relations": [{subject, relation, object,
article, evidence}], "negated": [...]}` between gold entity ids. A graph edge counts when
both ends map to gold entities (see `entities.score_entities`) and the gold asserts the
same (subject, relation, object); symmetric relations match either way round. Edges whose
ends map to no gold entity count as wrong.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph

from kg.errors import InputError
from kg.evaluate.graphview import graph_edges
from kg.vocab import RELATIONS, Relation

Triple = tuple[str, Relation, str]


@dataclass(slots=True)
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
        }


@dataclass(slots=True)
class RelationScore:
    overall: PRF = field(default_factory=PRF)
    by_relation: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    negated_asserted: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "overall": self.overall.as_dict(),
            "by_relation": {r: p.as_dict() for r, p in sorted(self.by_relation.items())},
            "negated_asserted": self.negated_asserted,
            "wrong": sorted(self.wrong),
            "missed": sorted(self.missed),
        }


def _canonical(triple: Triple) -> Triple:
    s, r, o = triple
    return (o, r, s) if RELATIONS[r].symmetric and o < s else triple


def gold_triples(rows: list[dict[str, Any]]) -> set[Triple]:
    """The (subject, relation, object) of gold items, symmetric ones in one order."""
    return {_canonical((r["subject"], Relation(r["relation"]), r["object"])) for r in rows}


def load_gold_relations(
    path: Path, articles: frozenset[str] | None = None
) -> tuple[set[Triple], set[Triple], set[Triple]]:
    """Read asserted, negated and ambiguous gold triples (gold entity ids), those of
    `articles` only when given."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))

        def rows(key: str) -> list[dict[str, Any]]:
            items = data.get(key, []) if key != "relations" else data[key]
            return [r for r in items if articles is None or r["article"] in articles]

        asserted = gold_triples(rows("relations"))
        negated = gold_triples(rows("negated"))
        # readings the annotator judged could go either way: neither found nor missed
        ambiguous = gold_triples(rows("ambiguous"))
    except OSError as exc:
        raise InputError(str(path), f"cannot read gold file ({exc.strerror})") from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(str(path), f"not a gold relation file ({exc})") from exc
    return asserted, negated, ambiguous - asserted


def score_relations(
    graph: Graph,
    mapping: dict[str, str],
    gold: set[Triple],
    negated: set[Triple],
    labels: dict[str, str] | None = None,
    ambiguous: frozenset[Triple] | set[Triple] = frozenset(),
) -> RelationScore:
    """Compare the graph's edges, mapped to gold ids, with the gold triples."""
    labels = labels or {}
    score = RelationScore()
    found: set[Triple] = set()
    for edge in graph_edges(graph):
        s, o = mapping.get(edge.subject), mapping.get(edge.object)
        name = f"{labels.get(edge.subject, edge.subject)} {edge.relation.value} {labels.get(edge.object, edge.object)}"
        bucket = score.by_relation[edge.relation.value]
        triple = _canonical((s, edge.relation, o)) if s and o else None
        if triple is not None and triple in gold:
            if triple not in found:
                found.add(triple)
                bucket.tp += 1
                score.overall.tp += 1
            continue
        if triple is not None and triple in ambiguous:
            continue
        bucket.fp += 1
        score.overall.fp += 1
        score.wrong.append(name)
        if triple is not None and triple in negated:
            score.negated_asserted.append(name)
    for triple in sorted(gold - found, key=lambda t: (t[1].value, t[0], t[2])):
        score.by_relation[triple[1].value].fn += 1
        score.overall.fn += 1
        score.missed.append(f"{triple[0]} {triple[1].value} {triple[2]}")
    return score
