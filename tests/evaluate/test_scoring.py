"""The scorers on tiny hand-made graphs: every figure is checked against a count by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace
from rdflib.namespace import SKOS

from kg.evaluate.entities import load_gold_entities, score_entities
from kg.evaluate.events import cameo_to_kg
from kg.evaluate.graphview import normalize_name
from kg.evaluate.relations import load_gold_relations, score_relations
from kg.vocab import KG_NS, Relation

KG = Namespace(KG_NS)
ID = Namespace("https://example.org/")


def _graph() -> Graph:
    g = Graph()
    for local, cls, label, alts in [
        ("niger", "State", "Niger", ["Niamey"]),
        ("ecowas", "Bloc", "ECOWAS", []),
        ("bazoum", "Person", "Mohamed Bazoum", ["Bazoum"]),
        ("bazoum2", "Official", "Mr. Bazoum", []),
        ("noise", "Organization", "Advertisement", []),
    ]:
        g.add((ID[local], RDF.type, KG[cls]))
        g.add((ID[local], RDFS.label, Literal(label)))
        for alt in alts:
            g.add((ID[local], SKOS.altLabel, Literal(alt)))
    g.add((ID.ecowas, KG.sanctions, ID.niger))
    g.add((ID.niger, KG.meetsWith, ID.ecowas))
    g.add((ID.noise, KG.condemns, ID.niger))
    return g


@pytest.fixture
def gold(tmp_path: Path) -> tuple[Path, Path]:
    entities = tmp_path / "entities.json"
    entities.write_text(
        json.dumps(
            {
                "entities": [
                    {"id": "niger", "label": "Niger", "class": "State", "names": ["Niger"]},
                    {"id": "niamey", "label": "Niamey", "class": "Place", "names": ["Niamey"]},
                    {"id": "ecowas", "label": "ECOWAS", "class": "Bloc", "names": []},
                    {
                        "id": "bazoum",
                        "label": "Mohamed Bazoum",
                        "class": "Official",
                        "names": ["Bazoum"],
                    },
                    {"id": "france", "label": "France", "class": "State", "names": []},
                ]
            }
        )
    )
    relations = tmp_path / "relations.json"
    relations.write_text(
        json.dumps(
            {
                "relations": [
                    {"subject": "ecowas", "relation": "sanctions", "object": "niger"},
                    {"subject": "france", "relation": "condemns", "object": "niger"},
                ],
                "negated": [{"subject": "niger", "relation": "meetsWith", "object": "ecowas"}],
            }
        )
    )
    return entities, relations


def test_scoring_entities_counts(gold: tuple[Path, Path]) -> None:
    score = score_entities(_graph(), load_gold_entities(gold[0]))
    assert (score.system, score.gold) == (5, 5)
    assert score.matched_system == 4  # "Advertisement" matches nothing
    assert score.matched_gold == 3  # niger, ecowas, bazoum; niamey and france missed
    assert score.split == ["Mohamed Bazoum: Mohamed Bazoum, Mr. Bazoum"]
    assert score.merged == ["Niger = Niamey + Niger"]
    assert score.typed_right == 3  # the Person-typed Bazoum is mistyped
    assert score.precision == pytest.approx(0.8) and score.recall == pytest.approx(0.6)


def test_scoring_relations_counts(gold: tuple[Path, Path]) -> None:
    graph = _graph()
    entities = score_entities(graph, load_gold_entities(gold[0]))
    asserted, negated, ambiguous = load_gold_relations(gold[1])
    score = score_relations(graph, entities.mapping, asserted, negated, ambiguous=ambiguous)
    assert (score.overall.tp, score.overall.fp, score.overall.fn) == (1, 2, 1)
    assert len(score.negated_asserted) == 1


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("042", {Relation.MEETS_WITH}),
        ("1612", {Relation.SEVERS_TIES_WITH}),
        ("173", {Relation.DETAINS}),
        ("190", {Relation.ATTACKS}),
        ("010", set()),
    ],
)
def test_scoring_cameo_mapping(code: str, expected: set[Relation]) -> None:
    assert set(cameo_to_kg(code)) == expected


@pytest.mark.parametrize(
    ("name", "folded"),
    [("the U.S.'s", "us"), ("Mr. Bazoum", "bazoum"), ("Côte d’Ivoire", "cote divoire")],
)
def test_scoring_normalize_name(name: str, folded: str) -> None:
    assert normalize_name(name) == folded
