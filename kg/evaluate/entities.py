"""Score a graph's actors against a gold list of entities.

Gold (`tests/gold/seeds_entities.json`): `{"entities": [{"id", "label", "class", "names"}]}`.
A graph actor matches the gold entity with which it shares the most normalised names.
Precision counts graph actors that match some gold entity; recall counts gold entities
matched by at least one actor; a gold entity matched by two actors is *split*, an actor
whose names belong to two gold entities is *merged*; type accuracy is over matched actors.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph

from kg.errors import InputError
from kg.evaluate.graphview import GraphActor, graph_actors, normalize_name
from kg.vocab import ActorClass


@dataclass(frozen=True, slots=True)
class GoldEntity:
    id: str
    label: str
    cls: ActorClass
    names: frozenset[str]


@dataclass(slots=True)
class EntityScore:
    """Entity-level figures and the errors behind them."""

    system: int = 0
    gold: int = 0
    matched_system: int = 0
    matched_gold: int = 0
    typed_right: int = 0
    spurious: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    mistyped: list[str] = field(default_factory=list)
    split: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    """Graph actor IRI -> gold id, for the relation scorer."""

    @property
    def precision(self) -> float:
        return self.matched_system / self.system if self.system else 0.0

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def type_accuracy(self) -> float:
        return self.typed_right / self.matched_system if self.matched_system else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "system_actors": self.system,
            "gold_entities": self.gold,
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "type_accuracy": round(self.type_accuracy, 3),
            "split": sorted(self.split),
            "merged": sorted(self.merged),
            "spurious": sorted(self.spurious),
            "missed": sorted(self.missed),
            "mistyped": sorted(self.mistyped),
        }


def load_gold_entities(path: Path, articles: frozenset[str] | None = None) -> list[GoldEntity]:
    """Read a gold entity file, the entities of `articles` only when given; raises
    InputError naming the file on any problem."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [
            GoldEntity(
                e["id"],
                e["label"],
                ActorClass(e["class"]),
                frozenset(normalize_name(n) for n in [e["label"], *e.get("names", [])]) - {""},
            )
            for e in data["entities"]
            if articles is None or articles & set(e["articles"])
        ]
    except OSError as exc:
        raise InputError(str(path), f"cannot read gold file ({exc.strerror})") from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(str(path), f"not a gold entity file ({exc})") from exc


def _best_match(
    actor: GraphActor, by_name: dict[str, set[str]], gold: dict[str, GoldEntity]
) -> list[str]:
    overlap: dict[str, int] = defaultdict(int)
    for name in actor.names:
        for gold_id in by_name.get(name, ()):
            overlap[gold_id] += 1
    if not overlap:
        return []
    label = normalize_name(actor.label)
    # a name two gold entities share ("Washington") goes to the one of the actor's class
    return sorted(
        overlap,
        key=lambda g: (-overlap[g], gold[g].cls is not actor.cls, label not in gold[g].names, g),
    )


def score_entities(graph: Graph, gold_entities: list[GoldEntity]) -> EntityScore:
    """Match the graph's actors to gold entities and count agreements and errors."""
    gold = {g.id: g for g in gold_entities}
    by_name: dict[str, set[str]] = defaultdict(set)
    for entity in gold_entities:
        for name in entity.names:
            by_name[name].add(entity.id)
    actors = graph_actors(graph)
    score = EntityScore(system=len(actors), gold=len(gold))
    matched: dict[str, list[GraphActor]] = defaultdict(list)
    for actor in actors:
        candidates = _best_match(actor, by_name, gold)
        if not candidates:
            score.spurious.append(f"{actor.label} ({actor.cls.value})")
            continue
        best = gold[candidates[0]]
        score.mapping[actor.iri] = best.id
        score.matched_system += 1
        matched[best.id].append(actor)
        if actor.cls is best.cls:
            score.typed_right += 1
        else:
            score.mistyped.append(f"{actor.label}: {actor.cls.value}, gold {best.cls.value}")
        owners = {next(iter(by_name[n])) for n in actor.names if len(by_name.get(n, ())) == 1}
        if len(owners) > 1:
            score.merged.append(
                f"{actor.label} = " + " + ".join(sorted(gold[g].label for g in owners))
            )
    score.matched_gold = len(matched)
    for gold_id, found in matched.items():
        if len(found) > 1:
            labels = ", ".join(sorted(a.label for a in found))
            score.split.append(f"{gold[gold_id].label}: {labels}")
    score.missed = [f"{g.label} ({g.cls.value})" for g in gold_entities if g.id not in matched]
    return score
