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

from kg.evaluate.entities import load_gold_entities, score_entities
from kg.evaluate.events import load_plover, score_events
from kg.evaluate.relations import load_gold_relations, score_relations
from kg.evaluate.sample import load_sample, sample_texts, score_sample, typed_actors
from kg.extract import Resources
from kg.graph.store import read_graph

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "gold"
BENCHMARKS = ROOT.parent / "shared" / "benchmarks"


@pytest.fixture(scope="module")
def seed_graph(seed_build: Path):  # type: ignore[no-untyped-def]
    return read_graph(str(seed_build / "graph.ttl"))


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
    assert score.overall.recall >= 0.65, score.missed
    assert not score.negated_asserted, score.negated_asserted


def test_quality_seed_evidence_is_verbatim(seed_graph) -> None:  # type: ignore[no-untyped-def]
    from rdflib import RDF, Namespace
    from rdflib.namespace import PROV

    from kg.ingest import iter_articles
    from kg.model import Article
    from kg.vocab import KG_NS

    kg = Namespace(KG_NS)
    texts = {
        a.origin: a.text for a in iter_articles([str(ROOT / "seeds")]) if isinstance(a, Article)
    }
    statements = list(seed_graph.subjects(RDF.type, RDF.Statement))
    assert statements
    for node in statements:
        origin = str(seed_graph.value(seed_graph.value(node, PROV.wasDerivedFrom), kg.origin))
        text = next(t for o, t in texts.items() if origin.endswith(Path(o).name))
        start, end = (
            int(seed_graph.value(node, kg.charStart)),
            int(seed_graph.value(node, kg.charEnd)),
        )
        assert text[start:end] == str(seed_graph.value(node, kg.evidenceText))


@pytest.mark.skipif(not BENCHMARKS.is_dir(), reason="no ../shared/benchmarks here")
def test_quality_plover_full_triple(nlp: Language, resources: Resources) -> None:
    score = score_events(
        load_plover(BENCHMARKS / "plover_gsr" / "plover_gsr_cameo.jsonl"), nlp, resources
    )
    _, triple = score.totals()
    # over every sentence, those of types kg has no relation for included (0.473 when the
    # scorer started counting them; 0.511 on the 220 sentences of mapped types before;
    # 0.564 after issue 14's general shapes of demands, event nouns and objects; 0.629
    # after issue 14's target of 0.60: sentences coded in several records scored once, the
    # pairs of an event of several actors no false positives, and general shapes)
    assert triple.f1 >= 0.62, score.as_dict()["full_triple"]["overall"]


@pytest.mark.skipif(not BENCHMARKS.is_dir(), reason="no ../shared/benchmarks here")
def test_quality_agnews_sample_precision(nlp: Language, resources: Resources) -> None:
    data = load_sample(GOLD / "agnews_world_sample.json")
    texts = sample_texts(BENCHMARKS / data["benchmark"], data["ids"])
    score = score_sample(typed_actors(texts, nlp, resources), data["judgements"], len(data["ids"]))
    assert not score.unjudged, f"judge these by hand: {score.as_dict()['unjudged']}"
    assert score.precision >= 0.90, score.as_dict()["wrong"]
