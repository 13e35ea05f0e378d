"""Wire the stages: ingest -> nlp -> resolve/extract -> link -> graph -> validate -> render.

`build` streams articles through spaCy in batches, reuses what an earlier build in the
same output folder already extracted, and writes every output to a staging folder that
is renamed into place only when all of it is ready, so an interrupted or failed build
leaves the previous outputs as they were.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.config import PIPELINE_VERSION, Settings
from kg.extract import Resources, extract_article
from kg.graph.build import build_dataset, union_graph
from kg.graph.provenance import collect_edges
from kg.graph.store import to_trig, to_turtle
from kg.graph.validate import Validation, load_shapes, validate_graph
from kg.ingest import IngestOptions, iter_articles
from kg.model import Article, Extraction, Skipped
from kg.nlp.load import find_model, load_pipeline
from kg.render.graph_view import render_graph_page
from kg.resolve.link import link_actors
from kg.state import STATE_FILE, extraction_to_json, read_state

log = logging.getLogger(__name__)

OUTPUT_FILES = ("graph.ttl", "graph.trig", "graph.html", "report.json", STATE_FILE)


@dataclass(frozen=True, slots=True)
class Progress:
    """How far a build has got; handed to the caller's progress callback."""

    done: int
    total: int
    elapsed: float


@dataclass(slots=True)
class BuildResult:
    """What a build did: per-input outcomes, counts, validation and timings."""

    out_dir: Path
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    classes: dict[str, int] = field(default_factory=dict)
    relations: dict[str, int] = field(default_factory=dict)
    statements: int = 0
    triples: int = 0
    articles: int = 0
    validation: Validation | None = None
    timings: dict[str, float] = field(default_factory=dict)

    def report(self) -> dict[str, Any]:
        """The run as report.json shows it."""
        return {
            "pipeline": PIPELINE_VERSION,
            "inputs": {
                "added": self.added,
                "replaced": self.replaced,
                "unchanged": self.unchanged,
                "skipped": [{"input": s.input, "reason": s.reason} for s in self.skipped],
            },
            "articles": self.articles,
            "entities": dict(sorted(self.classes.items())),
            "relations": dict(sorted(self.relations.items())),
            "statements": self.statements,
            "triples": self.triples,
            "validation": None
            if self.validation is None
            else {
                "conforms": self.validation.conforms,
                "violations": self.validation.violations,
                "messages": list(self.validation.messages),
            },
            "timings_s": {k: round(v, 3) for k, v in self.timings.items()},
        }


ProgressCallback = Callable[[Progress], None]


def _parse(
    articles: Sequence[Article],
    settings: Settings,
    resources: Resources,
    progress: ProgressCallback | None,
    started: float,
) -> Iterator[Extraction]:
    if not articles:
        return
    nlp = load_pipeline(settings.ontology_dir, settings.model)
    stream = ((article.text, article) for article in articles)
    for done, (doc, article) in enumerate(
        nlp.pipe(stream, as_tuples=True, batch_size=settings.batch_size), start=1
    ):
        yield extract_article(doc, article, resources)
        if progress is not None:
            progress(Progress(done, len(articles), time.monotonic() - started))


def build(
    inputs: Sequence[str], settings: Settings, progress: ProgressCallback | None = None
) -> BuildResult:
    """Build (or update) the graph in `settings.out_dir` from `inputs`."""
    started = time.monotonic()
    result = BuildResult(settings.out_dir)
    out_dir = settings.out_dir
    find_model(settings.model)  # fail before any work when no model is installed
    resources = Resources.load(settings.ontology_dir)
    previous = {e.article.key: (version, e) for version, e in read_state(out_dir)}
    kept: dict[str, Extraction] = {}
    todo: dict[str, Article] = {}
    options = IngestOptions(max_bytes=settings.max_bytes, min_chars=settings.min_chars)
    for item in iter_articles(list(inputs), options):
        if isinstance(item, Skipped):
            result.skipped.append(item)
            continue
        if item.key in todo or item.key in kept:
            continue  # the same article twice in one build: the first copy counts
        known = previous.get(item.key)
        if (
            known is not None
            and known[1].article.content_hash == item.content_hash
            and known[0] == PIPELINE_VERSION
        ):
            kept[item.key] = known[1]
            result.unchanged.append(item.key)
            continue
        (result.replaced if known is not None else result.added).append(item.key)
        todo[item.key] = item
    for key, (version, extraction) in previous.items():
        if key in todo or key in kept:
            continue
        if version == PIPELINE_VERSION:
            kept[key] = extraction
        else:  # extracted by an older pipeline: redo it from the stored text
            todo[key] = extraction.article
    result.timings["ingest"] = time.monotonic() - started
    mark = time.monotonic()
    for extraction in _parse(list(todo.values()), settings, resources, progress, mark):
        kept[extraction.article.key] = extraction
    result.timings["nlp_extract"] = time.monotonic() - mark
    _assemble(kept, settings, result)
    result.timings["total"] = time.monotonic() - started
    return result


def _assemble(extractions: dict[str, Extraction], settings: Settings, result: BuildResult) -> None:
    ordered = [extractions[key] for key in sorted(extractions)]
    mark = time.monotonic()
    actors, key_map = link_actors(ordered)
    edges = collect_edges(ordered, key_map)
    result.timings["link"] = time.monotonic() - mark
    mark = time.monotonic()
    dataset = build_dataset(actors, [e.article for e in ordered], edges)
    union = union_graph(dataset)
    result.timings["graph"] = time.monotonic() - mark
    result.articles = len(ordered)
    result.classes = dict(Counter(actor.cls.value for actor in actors.values()))
    result.relations = dict(Counter(edge.relation.value for edge in edges))
    result.statements = sum(len(edge.records) for edge in edges)
    result.triples = len(union)
    if settings.validate:
        mark = time.monotonic()
        result.validation = validate_graph(union, load_shapes(settings.ontology_dir))
        result.timings["validate"] = time.monotonic() - mark
    outputs: dict[str, bytes] = {
        "graph.ttl": to_turtle(union),
        "graph.trig": to_trig(dataset),
        STATE_FILE: "".join(extraction_to_json(e, PIPELINE_VERSION) + "\n" for e in ordered).encode(
            "utf-8"
        ),
    }
    if settings.viewer:
        mark = time.monotonic()
        outputs["graph.html"] = render_graph_page(actors, ordered, edges).encode("utf-8")
        result.timings["render"] = time.monotonic() - mark
    report = result.report()
    report["timings_s"]["total"] = round(sum(result.timings.values()), 3)
    outputs["report.json"] = (json.dumps(report, indent=2, ensure_ascii=False) + "\n").encode()
    write_outputs(settings.out_dir, outputs)


def write_outputs(out_dir: Path, outputs: dict[str, bytes]) -> None:
    """Write every file to a staging folder beside `out_dir`, then rename each into place."""
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    try:
        for name, data in outputs.items():
            with (staging / name).open("wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        for name in outputs:
            os.replace(staging / name, out_dir / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
