"""A unit whose articles the build already holds is read, not parsed: the worker loads
no pipeline for it (a file read again only because its name or the reading code changed
costs no spaCy start-up)."""

from __future__ import annotations

import json

import pytest

import kg.parallel
from kg.config import ONTOLOGY_DIR, pipeline_version
from kg.model import Article
from kg.nlp.load import find_model
from kg.parallel import Known, Segment, Unit, WorkerConfig, process_unit, read_segment

TEXTS = [
    "Niger's junta severed military ties with France, its former colonial ruler, on Friday.",
    "Mali and Burkina Faso condemned the sanctions that ECOWAS imposed on Niger this week.",
]


def segment() -> Segment:
    lines = "".join(json.dumps({"id": f"n{i}", "text": t}) + "\n" for i, t in enumerate(TEXTS))
    return Segment(0, "news.jsonl", "news.jsonl", ".jsonl", lines)


def test_a_unit_of_known_articles_loads_no_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pipeline(config: WorkerConfig) -> None:
        raise AssertionError("the pipeline was loaded for nothing to parse")

    monkeypatch.setattr(kg.parallel, "worker_pipeline", no_pipeline)
    config = WorkerConfig(None, find_model(), batch_size=4, min_chars=20)
    articles = [a for a in read_segment(segment(), config.min_chars) if isinstance(a, Article)]
    assert len(articles) == len(TEXTS)
    known = {a.key: a.content_hash for a in articles}
    result = process_unit(Unit((segment(),)), config, known)
    assert result.parsed == 0 and result.articles == ()
    assert result.segments == ((0, tuple(Known(k, h) for k, h in known.items())),)
    assert result.version == pipeline_version(ONTOLOGY_DIR, config.model)
