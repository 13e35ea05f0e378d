"""Shared fixtures. The spaCy pipeline is loaded once per session: it is the real model; and
seeds/ is built once per session, for every test that reads a real build."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from spacy.language import Language

from kg.config import ONTOLOGY_DIR, Settings
from kg.extract import Resources, extract_outcome
from kg.model import Article, Extraction

ROOT = Path(__file__).resolve().parent.parent

# Reproducible builds: a build's PROV-O times (kg.graph.activity) are this instant, so two
# builds of the same inputs give the same bytes; set for the whole session (subprocesses
# of `kg build` inherit it). A test of real times deletes it with monkeypatch.
os.environ["SOURCE_DATE_EPOCH"] = "1691020800"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="Rewrite tests/golden/*.nq from the code."
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`kg build seeds/` (viewer included, the real spaCy model) into a temporary folder,
    once per session. Tests read it and must not write into it."""
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("seed") / "out"
    result = build([str(ROOT / "seeds")], Settings(out_dir=out))
    assert result.articles == 5 and not result.skipped, result
    assert (out / "graph.html").is_file()
    return out


@pytest.fixture(scope="session")
def nlp() -> Language:
    from kg.nlp.load import load_pipeline

    return load_pipeline(ONTOLOGY_DIR)


@pytest.fixture(scope="session")
def resources() -> Resources:
    return Resources.load(ONTOLOGY_DIR)


def make_article(text: str, key: str = "path:test.txt", published: str | None = None) -> Article:
    return Article(
        key=key,
        text=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        origin=key.removeprefix("path:"),
        published=published,
    )


@pytest.fixture(scope="session")
def extract(nlp: Language, resources: Resources):  # type: ignore[no-untyped-def]
    """Parse and extract one text with the real pipeline. An extractor that raises fails
    the test: a build only reports it (and keeps the other extractors' facts), which
    would let a test pass on the facts that remain."""

    def run(text: str, published: str | None = None) -> Extraction:
        outcome = extract_outcome(nlp(text), make_article(text, published=published), resources)
        assert not outcome.failures, [failure.reason() for failure in outcome.failures]
        return outcome.extraction

    return run
