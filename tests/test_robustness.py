"""An extractor that raises loses its own facts on that article and nothing else, and the
build says so; a demonym opening a company's name makes no State the article's focus.

The Reuters-21578 stories are read from ../shared/benchmarks at test time (research use
only, never copied here) and the tests that need them skip when it is absent.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import catalogue  # type: ignore[import-untyped]
import pytest
from click.testing import CliRunner
from spacy.language import Language

import kg.extract
from kg.cli import app
from kg.cli.base import ExitCode
from kg.config import Settings
from kg.extract import BUILT_IN, Resources, extract_outcome
from kg.extract.registry import Reading, register_extractor
from kg.ingest import iter_articles
from kg.model import Article, Assertion
from kg.pipeline import build
from kg.resolve.mentions import resolve_mentions
from tests.conftest import ROOT, make_article

BENCHMARKS = ROOT.parent / "shared" / "benchmarks"
REUTERS = BENCHMARKS / "reuters21578" / "reuters21578.jsonl"
# three business stories whose company names open with a demonym ("American Motors
# Corp", "Canadian Pacific Air Lines"): the whole article was once lost to a KeyError
DEMONYM_FIRMS = ("reuters21578-564", "reuters21578-1455", "reuters21578-1509")

FAILING = "test.fails.v1"
TEXT = (
    "Mali's President Assimi Goita met the Prime Minister of Niger in Niamey on Monday. "
    "The African Union condemned the coup in Niger."
)


def _fails(reading: Reading) -> Iterator[Assertion]:
    """An extractor with a bug."""
    raise KeyError("wd:Q0")
    yield  # a generator, as the real extractors are: it raises when first read


@pytest.fixture
def failing(monkeypatch: pytest.MonkeyPatch) -> str:
    """The failing extractor, registered as any extractor is, for this test only (the
    registry is process-wide, and other tests check that it holds only BUILT_IN)."""
    monkeypatch.setitem(catalogue.REGISTRY, ("kg", "extractors", FAILING), _fails)
    register_extractor(FAILING)(_fails)
    return FAILING


@pytest.fixture
def failing_build(monkeypatch: pytest.MonkeyPatch, failing: str) -> None:
    """Builds run the failing extractor in the middle of the built-in ones."""
    monkeypatch.setattr(kg.extract, "BUILT_IN", (*BUILT_IN[:2], failing, *BUILT_IN[2:]))


def test_a_failing_extractor_costs_only_its_own_facts(
    nlp: Language, resources: Resources, failing: str
) -> None:
    doc, article = nlp(TEXT), make_article(TEXT)
    alone = extract_outcome(doc, article, resources, BUILT_IN)
    beside = extract_outcome(doc, article, resources, (*BUILT_IN[:2], FAILING, *BUILT_IN[2:]))
    assert not alone.failures and alone.extraction.assertions
    assert beside.extraction == alone.extraction
    [failure] = beside.failures
    assert (failure.extractor, failure.error) == (FAILING, "KeyError: 'wd:Q0'")


def test_a_failure_to_read_titles_costs_only_the_roles(
    nlp: Language, resources: Resources, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> list[object]:
        raise KeyError("wd:Q0")

    monkeypatch.setattr(kg.extract.roles, "find_person_roles", broken)
    outcome = extract_outcome(nlp(TEXT), make_article(TEXT), resources)
    assert [f.extractor for f in outcome.failures] == [kg.extract.roles.ROLES]
    assert outcome.extraction.assertions  # the other extractors' facts are kept
    assert all(
        a.evidence.extractor != kg.extract.roles.ROLES for a in outcome.extraction.assertions
    )


def test_a_build_keeps_the_article_and_reports_the_extractor(
    tmp_path: Path, failing_build: None
) -> None:
    source = tmp_path / "story.txt"
    source.write_text(TEXT, encoding="utf-8")
    result = build([str(source)], Settings(out_dir=tmp_path / "out", workers=1, validate=False))
    assert result.articles == 1 and len(result.added) == 1 and result.relations
    [skipped] = result.skipped
    assert skipped.input == result.added[0]
    assert FAILING in skipped.reason and "KeyError: 'wd:Q0'" in skipped.reason
    # the same input again: the article is unchanged, and the failure is still reported
    again = build([str(source)], Settings(out_dir=tmp_path / "out", workers=1, validate=False))
    assert again.unchanged == result.added and again.skipped == result.skipped


def test_the_cli_names_article_and_extractor_and_exits_skipped(
    tmp_path: Path, failing_build: None
) -> None:
    source = tmp_path / "story.txt"
    source.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "out"
    run = CliRunner().invoke(
        app, ["build", str(source), "--out", str(out), "-j", "1", "--no-viewer", "-q"]
    )
    assert run.exit_code == ExitCode.SKIPPED, run.output
    lines = [line for line in run.stderr.splitlines() if FAILING in line]
    assert len(lines) == 1 and "story.txt" in lines[0] and "KeyError" in lines[0], run.stderr
    assert "1 articles (1 added" in run.stdout


def test_a_demonym_opening_a_firm_name_is_no_focus_state(
    nlp: Language, resources: Resources
) -> None:
    text = (
        "American Motors Corp said it would resume talks with the union. American Motors "
        "president Joseph Cappy said the plant would stay open. American Motors shares rose."
    )
    _, actors = resolve_mentions(nlp(text), resources.gazetteer)
    assert actors.focus_state is None and not actors.dominant_focus


def _reuters(ids: tuple[str, ...], folder: Path) -> list[Article]:
    wanted = folder / "stories.jsonl"
    with REUTERS.open(encoding="utf-8") as source, wanted.open("w", encoding="utf-8") as out:
        for line in source:
            if json.loads(line)["id"] in ids:
                out.write(line)
    return [a for a in iter_articles([str(wanted)]) if isinstance(a, Article)]


@pytest.mark.skipif(not REUTERS.is_file(), reason="no ../shared/benchmarks here")
def test_reuters_firm_stories_are_extracted_whole(
    nlp: Language, resources: Resources, tmp_path: Path
) -> None:
    articles = _reuters(DEMONYM_FIRMS, tmp_path)
    assert len(articles) == len(DEMONYM_FIRMS)
    for article in articles:
        outcome = extract_outcome(nlp(article.text), article, resources)
        assert not outcome.failures, (article.key, outcome.failures)
        actors = {actor.key for actor in outcome.extraction.actors}
        for assertion in outcome.extraction.assertions:
            assert {assertion.subject, assertion.object} <= actors, (article.key, assertion)
        # the stories name no State: "American Motors president Joseph Cappy" heads no
        # United States
        assert not {"wd:Q16", "wd:Q30"} & actors, (article.key, actors)


@pytest.mark.skipif(not REUTERS.is_file(), reason="no ../shared/benchmarks here")
def test_reuters_firm_stories_build_with_nothing_skipped(tmp_path: Path) -> None:
    _reuters(DEMONYM_FIRMS, tmp_path)
    result = build(
        [str(tmp_path / "stories.jsonl")],
        Settings(out_dir=tmp_path / "out", workers=1, validate=False),
    )
    assert not result.skipped, result.skipped
    assert result.articles == len(DEMONYM_FIRMS)
