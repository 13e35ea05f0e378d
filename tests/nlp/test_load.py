"""Loading the pipeline: the gazetteer ruler's names, tokenized once and cached, give the
matcher exactly what `EntityRuler.add_patterns` gave it from a `Doc` of each name."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from spacy.language import Language

from kg.config import ONTOLOGY_DIR, cache_dir, pipeline_version
from kg.nlp.components import GazetteerRuler, make_gazetteer_ruler
from kg.nlp.gazetteer import load_gazetteer
from kg.nlp.load import (
    KEPT_PHRASE_FILES,
    Phrase,
    find_model,
    read_phrases,
    ruler_patterns,
    tokenized_phrases,
    write_phrases,
)

PATTERNS = [
    {"label": "KG_State", "pattern": "Niger", "id": "wd:Q1032"},
    {"label": "KG_Bloc", "pattern": "African Union", "id": "wd:Q7159"},
]


class SplittingNlp:
    """Stands in for a pipeline whose tokenizer splits at spaces, counting its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def make_doc(self, text: str) -> list[SimpleNamespace]:
        self.calls += 1
        return [SimpleNamespace(text=word) for word in text.split()]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("KG_CACHE_DIR", str(folder))
    return folder


def phrases_of(nlp: Any, version: str = "v1") -> list[Phrase]:
    return tokenized_phrases(nlp, PATTERNS, version)


def test_cache_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_CACHE_DIR", "/somewhere/kg-cache")
    assert cache_dir() == Path("/somewhere/kg-cache")
    monkeypatch.delenv("KG_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "/xdg")
    assert cache_dir() == Path("/xdg/kg")
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", "/home/someone")
    assert cache_dir() == Path("/home/someone/.cache/kg")


def test_names_are_tokenized_once_then_read_back(cache: Path) -> None:
    first = SplittingNlp()
    phrases = phrases_of(first)
    assert first.calls == len(PATTERNS)
    assert phrases == [
        Phrase("KG_State", "wd:Q1032", "Niger", ("Niger",)),
        Phrase("KG_Bloc", "wd:Q7159", "African Union", ("African", "Union")),
    ]
    again = SplittingNlp()
    assert phrases_of(again) == phrases
    assert again.calls == 0
    assert len(list(cache.glob("ruler-*.json"))) == 1
    assert not list(cache.glob(".ruler-*")), "no temporary file is left behind"


def test_another_pipeline_version_tokenizes_again(cache: Path) -> None:
    phrases_of(SplittingNlp(), "v1")
    other = SplittingNlp()
    phrases_of(other, "v2")
    assert other.calls == len(PATTERNS)
    assert len(list(cache.glob("ruler-*.json"))) == 2


@pytest.mark.parametrize(
    "damage",
    [
        b"{not json",
        b'{"format": 1}',
        b'{"format": 1, "phrases": [["KG_State", "wd:Q1032"]]}',
        json.dumps({"format": 1, "phrases": [["KG_State", "wd:Q1", "Mali", ["Mali"]]]}).encode(),
        json.dumps({"format": 99, "phrases": []}).encode(),
    ],
    ids=["not-json", "no-phrases", "short-row", "other-patterns", "other-format"],
)
def test_a_damaged_or_stale_cache_is_a_warning_and_rebuilt(
    cache: Path, caplog: pytest.LogCaptureFixture, damage: bytes
) -> None:
    expected = phrases_of(SplittingNlp())
    (path,) = cache.glob("ruler-*.json")
    path.write_bytes(damage)
    nlp = SplittingNlp()
    with caplog.at_level(logging.WARNING, logger="kg.nlp.load"):
        assert phrases_of(nlp) == expected
    assert nlp.calls == len(PATTERNS)
    (warning,) = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert str(path) in warning.getMessage() and "\n" not in warning.getMessage()
    assert read_phrases(path, PATTERNS) == expected, "the rebuilt cache is written back"


def test_an_unwritable_cache_costs_only_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("KG_CACHE_DIR", str(blocker / "cache"))
    nlp = SplittingNlp()
    assert len(phrases_of(nlp)) == len(PATTERNS)
    assert len(phrases_of(nlp)) == len(PATTERNS)
    assert nlp.calls == 2 * len(PATTERNS)


def test_only_the_most_recently_used_files_are_kept(cache: Path) -> None:
    phrases = phrases_of(SplittingNlp(), "v0")
    kept = cache / "ruler-v0.json"
    for n in range(KEPT_PHRASE_FILES + 3):
        write_phrases(cache / f"ruler-old{n}.json", phrases)
        os.utime(cache / f"ruler-old{n}.json", (n, n))
    write_phrases(kept, phrases)
    files = sorted(cache.glob("ruler-*.json"))
    assert len(files) == KEPT_PHRASE_FILES
    assert kept in files and cache / "ruler-old0.json" not in files


def test_find_model_imports_no_spacy() -> None:
    import subprocess
    import sys

    code = "import sys, kg.nlp.load as l; l.find_model(); print('spacy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def _matcher_state(ruler: GazetteerRuler) -> tuple[dict[str, Any], dict[int, Any]]:
    docs = ruler.phrase_matcher.__reduce__()[1][1]  # (vocab, docs, callbacks, attr)
    return docs, dict(ruler._ent_ids)


@pytest.mark.model
def test_cached_phrases_give_the_matcher_what_add_patterns_gave(nlp: Language, cache: Path) -> None:
    gazetteer = load_gazetteer(ONTOLOGY_DIR)
    patterns = ruler_patterns(gazetteer)
    version = pipeline_version(ONTOLOGY_DIR, find_model())
    reference = make_gazetteer_ruler(nlp, "reference", "ORTH", False)
    with nlp.select_pipes(enable=[]):  # as load_pipeline did: only the names' tokens
        reference.add_patterns(patterns)
    cold = make_gazetteer_ruler(nlp, "cold", "ORTH", False)
    cold.add_phrases(tokenized_phrases(nlp, patterns, version))
    warm = make_gazetteer_ruler(nlp, "warm", "ORTH", False)
    warm.add_phrases(tokenized_phrases(nlp, patterns, version))
    expected = _matcher_state(reference)
    assert _matcher_state(cold) == expected
    assert _matcher_state(warm) == expected
    assert len(warm) == len(reference) == len(patterns)
    assert warm.labels == reference.labels
    doc = nlp.make_doc("The African Union and ECOWAS met Niger's junta in Niamey and Abuja.")
    assert warm.match(doc) == reference.match(doc) != []
