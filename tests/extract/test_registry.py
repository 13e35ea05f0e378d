"""The extractor registry and the confidences lexicon."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.config import ONTOLOGY_DIR
from kg.errors import OntologyError
from kg.extract import BUILT_IN, Resources
from kg.extract.registry import get_extractor, load_confidences, registered_extractors

GOLDEN = Path(__file__).resolve().parent.parent / "golden"


def test_build_runs_every_registered_extractor() -> None:
    assert sorted(BUILT_IN) == registered_extractors()
    assert all(re.fullmatch(r"kg\.[a-z]+\.v\d+", name) for name in BUILT_IN)


def test_golden_graphs_name_registered_extractors() -> None:
    recorded = {
        name
        for path in GOLDEN.glob("*.nq")
        for name in re.findall(r'"(kg\.[a-z]+\.v\d+)"', path.read_text(encoding="utf-8"))
    }
    assert recorded and recorded <= set(BUILT_IN)


def test_unknown_extractor_is_an_ontology_error() -> None:
    with pytest.raises(OntologyError, match=r"kg\.nothing\.v1"):
        get_extractor("kg.nothing.v1")


def test_every_extractor_has_confidences(resources: Resources) -> None:
    extractors = {extractor for extractor, _ in resources.confidences.values}
    assert extractors == set(BUILT_IN)
    assert all(0 < value <= 1 for value in resources.confidences.values.values())


def test_missing_case_is_an_ontology_error(resources: Resources) -> None:
    with pytest.raises(OntologyError, match=r"no row for kg\.roles\.v1 nothing"):
        resources.confidences.of("kg.roles.v1", "nothing")


@pytest.mark.parametrize(
    "row",
    [
        "kg.roles.v1,title,confidence,1.5,too high",
        "kg.roles.v1,title,guess,0.5,unknown kind",
        "kg.roles.v1,title,confidence,high,not a number",
    ],
)
def test_bad_confidence_row_is_an_ontology_error(row: str, tmp_path: Path) -> None:
    path = tmp_path / "extractor_confidence.csv"
    path.write_text(f"extractor,case,kind,value,note\r\n{row}\r\n", encoding="utf-8")
    with pytest.raises(OntologyError, match=":2"):
        load_confidences(path)


def test_confidences_file_is_sorted_rfc4180() -> None:
    raw = (ONTOLOGY_DIR / "lexicon" / "extractor_confidence.csv").read_bytes()
    lines = raw.decode("utf-8").split("\r\n")
    assert lines[0] == "extractor,case,kind,value,note" and lines[-1] == ""
    assert b"\n" not in raw.replace(b"\r\n", b"")
    keys = [line.split(",")[:2] for line in lines[1:-1]]
    assert keys == sorted(keys)
