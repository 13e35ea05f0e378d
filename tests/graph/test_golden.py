"""Golden graphs: tests/golden/<case>.txt -> <case>.nq (sorted N-Quads, no blank nodes).

The graph is made as a build makes it: `assemble`, and the TriG it writes, read back.
Refresh after an intended change with `pytest --update-golden` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from spacy.language import Language

from kg.config import Settings
from kg.extract import Resources, extract_article
from kg.graph.assemble import assemble
from kg.render.graph_view import render_graph_page
from tests.conftest import make_article

pytestmark = pytest.mark.model

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
CASES = sorted(p.stem for p in GOLDEN.glob("*.txt"))


def _nquads(case: str, nlp: Language, resources: Resources) -> str:
    """The case's graph.trig, as sorted N-Quads."""
    text = (GOLDEN / f"{case}.txt").read_text(encoding="utf-8")
    article = make_article(text, key=f"path:tests/golden/{case}.txt", published="2023-08-05")
    extraction = extract_article(nlp(text), article, resources)
    outputs = assemble([extraction], Settings(validate=False, viewer=False), render_graph_page)
    quads = ox.parse(outputs.files["graph.trig"], format=ox.RdfFormat.TRIG)
    written = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    assert written is not None
    lines = written.decode("utf-8").splitlines()
    return "\n".join(sorted(line for line in lines if line.strip())) + "\n"


@pytest.mark.parametrize("case", CASES)
def test_golden_graph_matches(
    case: str, nlp: Language, resources: Resources, update_golden: bool
) -> None:
    got = _nquads(case, nlp, resources)
    path = GOLDEN / f"{case}.nq"
    if update_golden or not path.exists():
        path.write_text(got, encoding="utf-8")
        pytest.skip(f"wrote {path.name}")
    want = path.read_text(encoding="utf-8")
    if got != want:
        missing = sorted(set(want.splitlines()) - set(got.splitlines()))
        extra = sorted(set(got.splitlines()) - set(want.splitlines()))
        pytest.fail(
            f"{case}: graph differs from {path.name}\n"
            "missing:\n" + "\n".join(missing) + "\nextra:\n" + "\n".join(extra)
        )
