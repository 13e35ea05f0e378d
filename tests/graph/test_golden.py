"""Golden graphs: tests/golden/<case>.txt -> <case>.nq (sorted N-Quads, no blank nodes).

Refresh after an intended change with `pytest --update-golden` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset
from rdflib.compare import graph_diff, to_isomorphic
from spacy.language import Language

from kg.extract import Resources, extract_article
from kg.graph.build import build_dataset, union_graph
from kg.graph.provenance import collect_edges
from kg.resolve.link import link_actors
from tests.conftest import make_article

pytestmark = pytest.mark.model

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
CASES = sorted(p.stem for p in GOLDEN.glob("*.txt"))


def _dataset(case: str, nlp: Language, resources: Resources) -> Dataset:
    text = (GOLDEN / f"{case}.txt").read_text(encoding="utf-8")
    article = make_article(text, key=f"path:tests/golden/{case}.txt", published="2023-08-05")
    extraction = extract_article(nlp(text), article, resources)
    actors, key_map = link_actors([extraction])
    return build_dataset(actors, [extraction.article], collect_edges([extraction], key_map))


def _nquads(dataset: Dataset) -> str:
    lines = dataset.serialize(format="nquads").splitlines()
    return "\n".join(sorted(line for line in lines if line.strip())) + "\n"


@pytest.mark.parametrize("case", CASES)
def test_golden_graph_matches(
    case: str, nlp: Language, resources: Resources, update_golden: bool
) -> None:
    dataset = _dataset(case, nlp, resources)
    path = GOLDEN / f"{case}.nq"
    if update_golden or not path.exists():
        path.write_text(_nquads(dataset), encoding="utf-8")
        pytest.skip(f"wrote {path.name}")
    expected = Dataset()
    expected.parse(path, format="nquads")
    got, want = to_isomorphic(union_graph(dataset)), to_isomorphic(union_graph(expected))
    if got != want:
        _, missing, extra = graph_diff(want, got)
        pytest.fail(
            f"{case}: graph differs from {path.name}\n"
            f"missing:\n{missing.serialize(format='nt')}\nextra:\n{extra.serialize(format='nt')}"
        )
    assert _nquads(dataset) == path.read_text(encoding="utf-8")
