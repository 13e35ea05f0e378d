"""The graph stage of a build: extractions in, the output files and their counts out.

`assemble` links the actors of every article, collects the edges with their
provenance, makes the triples, validates them against the SHACL shapes and serialises
them (Turtle, and TriG with a named graph per article), and draws the viewer page. It
is a plain function over plain data: it neither reads nor writes the output folder
(`kg.pipeline` does that), so a test runs exactly what a build runs.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from kg.config import Settings
from kg.graph.activity import BuildProvenance
from kg.graph.blocks import (
    GRAPH_INDEX,
    BlockMemo,
    Plan,
    Written,
    check_blocks,
    plan_blocks,
    union_triples,
    write_blocks,
)
from kg.graph.credibility import score_edges
from kg.graph.events import Event, collect_events
from kg.graph.origins import (
    SOURCES_TABLE,
    DuplicateIndex,
    Origin,
    assign_origins,
    load_sources,
)
from kg.graph.provenance import Edge, collect_edges, summarize_actors
from kg.graph.shacl import compile_or_none, reads_only_types_of_values, validate
from kg.graph.validate import Validation, load_shapes
from kg.model import Actor, Extraction
from kg.resolve.link import link_actors

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PageFacts:
    """What the viewer shows beyond actors and edges (issue 17): the merged events of its
    timeline and each article's original source (article key -> origin)."""

    events: Sequence[Event] = ()
    origins: Mapping[str, Origin] = field(default_factory=dict)


class PageRenderer(Protocol):
    """Draws the viewer page (`kg.render.graph_view.render_graph_page`). It is passed in
    because the render stage sits above the graph stage and imports it. `memo` is the
    renderer's own, kept between builds of a folder (plain picklable data)."""

    def __call__(
        self,
        actors: Mapping[str, Actor],
        extractions: Sequence[Extraction],
        edges: Sequence[Edge],
        facts: PageFacts | None = None,
        *,
        memo: dict[str, Any] | None = None,
    ) -> str: ...


@dataclass(slots=True)
class Outputs:
    """What the graph stage made: the files by name (graph.ttl, graph.trig, and
    graph.html when the viewer is on), the counts report.json shows, and timings."""

    files: dict[str, bytes] = field(default_factory=dict)
    articles: int = 0
    classes: dict[str, int] = field(default_factory=dict)
    relations: dict[str, int] = field(default_factory=dict)
    statements: int = 0
    triples: int = 0
    validation: Validation | None = None
    viewer: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    blocks: dict[str, int] = field(default_factory=dict)
    """Blocks of the files made this build, and kept from the previous one."""
    memo: AssemblyMemo | None = None
    """What the next build of the same folder may reuse."""


@dataclass(slots=True)
class AssemblyMemo:
    """What the graph stage keeps for the next build of the same folder (issue 18): the
    blocks of the files with their SHACL results, the near-duplicate index, and the
    viewer's own memo. With it, a build serialises, validates and indexes only what its
    articles changed; without it (a first build) everything is made, to the same bytes."""

    blocks: BlockMemo = field(default_factory=BlockMemo)
    duplicates: DuplicateIndex = field(default_factory=DuplicateIndex)
    page: dict[str, Any] = field(default_factory=dict)


def assemble(
    extractions: Sequence[Extraction],
    settings: Settings,
    render_page: PageRenderer,
    provenance: BuildProvenance | None = None,
    memo: AssemblyMemo | None = None,
) -> Outputs:
    """The graph of `extractions` (any order: the outputs depend only on the set).

    `settings` says whether to validate (against `settings.ontology_dir`'s shapes) and
    whether and how large to draw the viewer. `provenance`, when given, adds the build's
    `prov:Activity` and each record's `prov:wasGeneratedBy` (`kg.graph.activity`).
    `memo` is what the previous build of the same folder kept (`Outputs.memo` is this
    one's); it changes the time taken, never the outputs.

    Raises:
        OntologyError: the shapes cannot be read.
    """
    out = Outputs()
    memo = memo if memo is not None else AssemblyMemo()
    ordered = sorted(extractions, key=lambda e: e.article.key)
    mark = time.monotonic()
    actors, key_map = link_actors(ordered)
    edges = collect_edges(ordered, key_map, {key: actor.cls for key, actor in actors.items()})
    # reprints are not independent support: score edges by their articles' origins
    table = load_sources(settings.ontology_dir / SOURCES_TABLE)
    origins = assign_origins(ordered, table, memo.duplicates)
    edges = score_edges(edges, origins)
    out.timings["link"] = time.monotonic() - mark
    mark = time.monotonic()
    classes = {key: actor.cls for key, actor in actors.items()}
    events = collect_events(edges, ordered, key_map, classes)
    plan = plan_blocks(
        actors,
        summarize_actors(edges),
        [e.article for e in ordered],
        edges,
        events,
        origins,
        provenance,
    )
    out.timings["graph"] = time.monotonic() - mark
    mark = time.monotonic()
    written = write_blocks(plan, memo.blocks)
    out.timings["serialize"] = time.monotonic() - mark
    out.articles = len(ordered)
    out.classes = dict(Counter(actor.cls.value for actor in actors.values()))
    out.relations = dict(Counter(edge.relation.value for edge in edges))
    out.statements = sum(len(edge.records) for edge in edges)
    out.triples = written.triples
    out.blocks = {
        "made": written.made,
        "kept": len(plan.union) + len(plan.default) + len(plan.named) - written.made,
    }
    if settings.validate:
        mark = time.monotonic()
        out.validation = _validate(plan, written, settings)
        out.timings["validate"] = time.monotonic() - mark
    out.files["graph.ttl"] = written.ttl
    out.files["graph.trig"] = written.trig
    out.files[GRAPH_INDEX] = written.index
    out.memo = AssemblyMemo(written.memo, memo.duplicates, memo.page)
    del written, plan
    if settings.viewer:
        mark = time.monotonic()
        view_actors, view_extractions, view_edges = viewer_subset(
            actors, ordered, edges, settings.viewer_max_actors
        )
        out.viewer = {
            "actors": len(view_actors),
            "actors_total": len(actors),
            "edges": len(view_edges),
            "edges_total": len(edges),
        }
        if len(view_actors) < len(actors):
            log.warning(
                "graph.html shows the %d most connected of %d actors "
                "(--viewer-max-actors); the graph files hold them all",
                len(view_actors),
                len(actors),
            )
        shown = set(view_actors)
        view_events = [e for e in events if e.actor in shown and e.target in shown]
        page = render_page(
            view_actors,
            view_extractions,
            view_edges,
            PageFacts(view_events, origins),
            memo=memo.page,
        )
        out.files["graph.html"] = page.encode("utf-8")
        out.timings["render"] = time.monotonic() - mark
    return out


def _validate(plan: Plan, written: Written, settings: Settings) -> Validation:
    """SHACL on the blocks that changed when the shapes allow it, else on the whole union."""
    shapes = load_shapes(settings.ontology_dir)
    compiled = compile_or_none(shapes)
    if compiled is not None and reads_only_types_of_values(shapes):
        return check_blocks(plan, written, compiled)
    written.memo.checked = {}
    return validate(list(union_triples(plan, sorted(plan.union))), shapes)


def viewer_subset(
    actors: Mapping[str, Actor],
    extractions: Sequence[Extraction],
    edges: Sequence[Edge],
    cap: int,
) -> tuple[dict[str, Actor], list[Extraction], list[Edge]]:
    """What the viewer draws: everything, or past `cap` actors the `cap` actors with the
    most statement records (ties by key), the edges between them, the speakers those
    edges quote and the articles behind them."""
    if cap == 0 or len(actors) <= cap:
        return dict(actors), list(extractions), list(edges)
    weight: Counter[str] = Counter()
    for edge in edges:
        weight[edge.subject] += len(edge.records)
        weight[edge.object] += len(edge.records)
    ranked = sorted(actors, key=lambda key: (-weight[key], key))[:cap]
    chosen = set(ranked)
    shown = [edge for edge in edges if edge.subject in chosen and edge.object in chosen]
    articles: set[str] = set()
    for edge in shown:
        for record in edge.records:
            articles.add(record.article_key)
            speaker = record.evidence.speaker
            if speaker is not None and speaker in actors:
                chosen.add(speaker)
    view_actors = {key: actors[key] for key in sorted(chosen)}
    view_extractions = [e for e in extractions if e.article.key in articles]
    return view_actors, view_extractions, shown
