"""Issue 17's hedge criterion on the seeds: each hedged sentence of the seed gold carries a
band and its hedge words, and no record outside those sentences carries one."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.evaluate.analyst import score_analyst
from kg.evaluate.analyst_gold import load_seeds_gold

GOLD = Path(__file__).resolve().parents[1] / "gold"


def test_every_gold_hedged_seed_sentence_has_its_band_and_words(seed_build: Path) -> None:
    gold = load_seeds_gold(GOLD / "seeds_analyst.json", GOLD / "seeds_entities.json")
    hedges = score_analyst(Graph().parse(seed_build / "graph.ttl"), gold).hedges
    assert (hedges.detected.precision, hedges.detected.recall) == (1.0, 1.0)
    assert (hedges.band.precision, hedges.band.recall) == (1.0, 1.0)
    assert hedges.word_overlap >= 0.9
