"""Quality guards: the measured figures the issues promise, recomputed by the real pipeline.

These fail when a change makes extraction worse than the figures reported in the closing
notes (entities on the seeds and on the judged AG News sample, relations on the seeds,
events on PLOVER). They read the public benchmarks from ../shared/benchmarks and skip if
that folder is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from kg.config import Settings
from kg.evaluate.entities import load_gold_entities, score_entities
from kg.evaluate.events import load_plover, score_events
from kg.evaluate.relations import load_gold_relations, score_relations
from kg.evaluate.sample import load_sample, sample_texts, score_sample, typed_actors
from kg.extract import Resources
from kg.graph.store import read_graph
from kg.pipeline import build

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "gold"
BENCHMARKS = ROOT.parent / "shared" / "benchmarks"


@pytest.fixture(scope="module")
def seed_graph(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp("seeds")
    build([str(ROOT / "seeds")], Settings(out_dir=out, viewer=False))
    return read_graph(str(out / "graph.ttl"))


def test_quality_seed_entities(seed_graph) -> None:  # type: ignore[no-untyped-def]
    score = score_entities(seed_graph, load_gold_entities(GOLD / "seeds_entities.json"))
    assert score.f1 >= 0.90, score.as_dict()
    assert score.type_accuracy >= 0.95, score.mistyped
    assert not score.split, score.split


def test_quality_seed_relations(seed_graph) -> None:  # type: ignore[no-untyped-def]
    entities = score_entities(seed_graph, load_gold_entities(GOLD / "seeds_entities.json"))
    asserted, negated, ambiguous = load_gold_relations(GOLD / "seeds_relations.json")
    score = score_relations(seed_graph, entities.mapping, asserted, negated, ambiguous=ambiguous)
    assert score.overall.precision >= 0.85, score.wrong
    assert not score.negated_asserted


@pytest.mark.skipif(not BENCHMARKS.is_dir(), reason="no ../shared/benchmarks here")
def test_quality_plover_full_triple(nlp: Language, resources: Resources) -> None:
    score = score_events(
        load_plover(BENCHMARKS / "plover_gsr" / "plover_gsr_cameo.jsonl"), nlp, resources
    )
    _, triple = score.totals()
    assert triple.f1 >= 0.50, score.as_dict()["full_triple"]["overall"]


@pytest.mark.skipif(not BENCHMARKS.is_dir(), reason="no ../shared/benchmarks here")
def test_quality_agnews_sample_precision(nlp: Language, resources: Resources) -> None:
    data = load_sample(GOLD / "agnews_world_sample.json")
    texts = sample_texts(BENCHMARKS / data["benchmark"], data["ids"])
    score = score_sample(typed_actors(texts, nlp, resources), data["judgements"], len(data["ids"]))
    assert not score.unjudged, f"judge these by hand: {score.as_dict()['unjudged']}"
    assert score.precision >= 0.90, score.as_dict()["wrong"]
