"""Spread reading, parsing and extraction over processes: this one, a local pool, or Dask.

The unit of work is a `Unit`: a few input segments (a whole file, or a run of lines of a
JSON Lines file) and/or stored articles to redo. `process_unit` reads the segments into
articles, skips those the build already holds unchanged (`known`), parses the rest with
spaCy in one `nlp.pipe` and extracts each; it returns plain data (`UnitResult`), never a
`Doc`. Each worker process loads the pipeline once, when it first has an article to
parse: this module imports neither spaCy nor the extractors, so a build with nothing new
to parse never loads them.

`Runner`s run units: `InlineRunner` in this process, `PoolRunner` in a
`ProcessPoolExecutor`, and
`kg.distributed.DaskRunner` on a Dask cluster. `run_ordered` keeps a bounded number of
units in flight and yields their results in submission order, so memory stays flat and
the output does not depend on the number of workers.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import sys
import threading
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, TypeVar

from kg.config import ONTOLOGY_DIR, pipeline_version
from kg.errors import printable
from kg.ingest import read_source
from kg.ingest.sources import Source
from kg.model import Article, Extraction, Skipped
from kg.state import extraction_to_json

if TYPE_CHECKING:
    # spaCy and the extractors are imported where parsing starts (`_pipeline`,
    # `process_unit`): a build with nothing new to parse never loads them.
    from kg.extract import Outcome, Resources
    from kg.nlp.pieces import ParseFailure

log = logging.getLogger(__name__)

JSON_LINES = frozenset({".jsonl", ".ndjson"})
MAX_UNIT_CHARS = 512 * 1024
"""A unit holds at most about this much text, however few articles that is."""


@dataclass(frozen=True, slots=True)
class Known:
    """An article the build already holds with this content, so it was not parsed again."""

    key: str
    content_hash: str


@dataclass(frozen=True, slots=True)
class Parsed:
    """A freshly parsed article: its extraction without the text (what the merge needs),
    its state line (with the text, for `extractions.jsonl`), and one `Skipped` per
    extractor that failed on it (the article is kept without that extractor's facts)."""

    extraction: Extraction
    line: str
    skipped: tuple[Skipped, ...] = ()


Item: TypeAlias = Skipped | Known | Parsed


def compact(extraction: Extraction) -> Extraction:
    """The extraction without its article's text, which the graph does not need."""
    if not extraction.article.text:
        return extraction
    return replace(extraction, article=replace(extraction.article, text=""))


@dataclass(frozen=True, slots=True)
class Segment:
    """Part of one input file to read: the whole file, or a run of its JSON lines.

    `skip_lines` is how many lines of the file come before `text`, so that line numbers
    in keys and messages are the file's own.
    """

    source: int
    path: str
    display: str
    suffix: str
    text: str
    skip_lines: int = 0


@dataclass(frozen=True, slots=True)
class Unit:
    """One task: segments to read and parse, and stored articles to parse again."""

    segments: tuple[Segment, ...] = ()
    articles: tuple[Article, ...] = ()


@dataclass(frozen=True, slots=True)
class UnitResult:
    """What a unit yielded: per segment, its items in file order; per stored article, its
    extraction (or why there is none); and the pipeline version of the worker."""

    segments: tuple[tuple[int, tuple[Item, ...]], ...]
    articles: tuple[Parsed | Skipped, ...]
    version: str
    parsed: int


@dataclass(frozen=True, slots=True)
class WorkerConfig:
    """How a worker builds its pipeline. `ontology_dir` None: the worker's shipped one."""

    ontology_dir: str | None
    model: str
    batch_size: int
    min_chars: int

    def ontology(self) -> Path:
        return Path(self.ontology_dir) if self.ontology_dir is not None else ONTOLOGY_DIR


# --------------------------------------------------------------------------------------
# Planning (client side)
# --------------------------------------------------------------------------------------


def split_segments(
    source: int,
    path: str,
    display: str,
    suffix: str,
    text: str,
    skip_lines: int,
    lines_per_segment: int,
) -> Iterator[Segment]:
    """Cut a file's text into segments: runs of `lines_per_segment` lines for JSON Lines,
    else the whole text. Runs of blank lines are dropped (unless the file has nothing
    else, so that its reader can say so)."""
    if suffix not in JSON_LINES or not text.strip():
        yield Segment(source, path, display, suffix, text, skip_lines)
        return
    start = 0
    line = skip_lines
    while start < len(text):
        end = start
        count = 0
        while count < lines_per_segment:
            found = text.find("\n", end)
            if found < 0:
                end = len(text)
                break
            end = found + 1
            count += 1
            if end - start >= MAX_UNIT_CHARS:
                break
        block = text[start:end]
        if block.strip():
            yield Segment(source, path, display, suffix, block, line)
        line += count
        start = end


# --------------------------------------------------------------------------------------
# Work (worker side)
# --------------------------------------------------------------------------------------

_LOCK = threading.Lock()


@cache
def _pipeline(config: WorkerConfig) -> tuple[Any, Resources, str]:
    from kg.extract import Resources
    from kg.nlp.load import load_pipeline

    ontology = config.ontology()
    nlp = load_pipeline(ontology, config.model)
    return nlp, Resources.load(ontology), pipeline_version(ontology, config.model)


def worker_pipeline(config: WorkerConfig) -> tuple[Any, Resources, str]:
    """The spaCy pipeline, extraction resources and pipeline version of this process,
    loaded on first use."""
    with _LOCK:
        return _pipeline(config)


def read_segment(segment: Segment, min_chars: int) -> list[Article | Skipped]:
    """Read one segment as `kg.ingest.iter_articles` reads a file: line numbers count
    from the file's start, and a reader that fails costs the rest of its segment."""
    source = Source(Path(segment.path), segment.display, segment.suffix)
    raw = "\n" * segment.skip_lines + segment.text if segment.skip_lines else segment.text
    return list(read_source(source, raw, min_chars))


def _extract(doc: Any, article: Article, resources: Resources, version: str) -> Parsed | Skipped:
    """Extract one parsed article. An extractor that fails costs its own assertions on
    this article only; resolving the article's actors, which every extractor reads,
    costs the article. Either is reported; the same text and pipeline would fail again,
    so it is tried again when either changes."""
    try:
        outcome = extract_outcome(doc, article, resources)
        extraction = outcome.extraction
        failed = tuple(Skipped(article.key, failure.reason()) for failure in outcome.failures)
        return Parsed(compact(extraction), extraction_to_json(extraction, version), failed)
    except Exception as exc:
        # the skip line says what failed; the traceback is for `kg -v`
        log.info("failed to extract %s", printable(article.key), exc_info=True)
        detail = " ".join(str(exc).split())[:200]
        return Skipped(
            article.key, f"internal error while extracting ({type(exc).__name__}: {detail})"
        )


def extract_outcome(doc: Any, article: Article, resources: Resources) -> Outcome:
    """`kg.extract.extract_outcome`, imported on first use (it imports spaCy)."""
    from kg.extract import extract_outcome as outcome

    return outcome(doc, article, resources)


def _not_parsed(article: Article, failure: ParseFailure) -> Skipped:
    """An article spaCy failed on costs that article only, as an extractor failure does."""
    log.info("failed to parse %s", printable(article.key), exc_info=failure.error)
    return Skipped(article.key, failure.reason())


def process_unit(unit: Unit, config: WorkerConfig, known: Mapping[str, str]) -> UnitResult:
    """Read, parse and extract one unit; articles in `known` (key -> content hash) with
    the same content are returned as `Known`, unparsed."""
    per_segment: list[list[Item | Article]] = []
    todo: list[tuple[Article, tuple[int, int]]] = []
    for s, segment in enumerate(unit.segments):
        items: list[Item | Article] = []
        for item in read_segment(segment, config.min_chars):
            if isinstance(item, Article):
                if known.get(item.key) == item.content_hash:
                    items.append(Known(item.key, item.content_hash))
                    continue
                todo.append((item, (s, len(items))))
            items.append(item)
        per_segment.append(items)
    redo: list[Parsed | Skipped | None] = [None] * len(unit.articles)
    for a, article in enumerate(unit.articles):
        todo.append((article, (-1, a)))
    if not todo:  # every article known: no pipeline to load
        return _result(unit, per_segment, (), pipeline_version(config.ontology(), config.model), 0)
    from kg.nlp.pieces import ParseFailure, parse_texts

    nlp, resources, version = worker_pipeline(config)
    stream = ((article.text, slot) for article, slot in todo)
    articles = dict(zip((slot for _, slot in todo), (a for a, _ in todo), strict=True))
    for doc, slot in parse_texts(nlp, stream, config.batch_size):
        if isinstance(doc, ParseFailure):
            parsed: Parsed | Skipped = _not_parsed(articles[slot], doc)
        else:
            parsed = _extract(doc, articles[slot], resources, version)
        s, i = slot
        if s < 0:
            redo[i] = parsed
        else:
            per_segment[s][i] = parsed
    done = tuple(e for e in redo if e is not None)
    return _result(unit, per_segment, done, version, len(todo))


def _result(
    unit: Unit,
    per_segment: list[list[Item | Article]],
    done: tuple[Parsed | Skipped, ...],
    version: str,
    parsed: int,
) -> UnitResult:
    segments = tuple(
        (segment.source, tuple(i for i in items if not isinstance(i, Article)))
        for segment, items in zip(unit.segments, per_segment, strict=True)
    )
    return UnitResult(segments, done, version, parsed)


# --------------------------------------------------------------------------------------
# Runners (client side)
# --------------------------------------------------------------------------------------

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class Handle(Protocol[T_co]):
    """A result to come: a concurrent or Dask future, or work deferred in this process."""

    def result(self) -> T_co: ...


class Runner(Protocol):
    """Runs units somewhere: this process, a local pool or a Dask cluster."""

    @property
    def name(self) -> str:
        """Where the work runs, for the report."""
        ...

    @property
    def workers(self) -> int:
        """How many units can run at once."""
        ...

    def submit(self, unit: Unit) -> Handle[UnitResult]: ...

    def close(self) -> None: ...


class _Deferred(Handle[T]):
    __slots__ = ("args", "fn")

    def __init__(self, fn: Callable[..., T], args: tuple[Any, ...]) -> None:
        self.fn, self.args = fn, args

    def result(self) -> T:
        return self.fn(*self.args)


class InlineRunner:
    """Runs everything in this process, when asked for the result."""

    name = "this process"
    workers = 1

    def __init__(self, config: WorkerConfig, known: Mapping[str, str]) -> None:
        self.config, self.known = config, known

    def submit(self, unit: Unit) -> Handle[UnitResult]:
        return _Deferred(process_unit, (unit, self.config, self.known))

    def close(self) -> None:
        pass


_WORKER: dict[str, Any] = {}


PR_SET_PDEATHSIG = 1
"""prctl option (linux/prctl.h): the signal this process gets when its parent dies."""


def _die_with_parent(parent: int) -> None:
    """Have the kernel SIGKILL this worker when the build process dies, however it dies
    (a SIGKILLed parent runs no shutdown code, and an orphaned worker would parse on,
    holding memory). Linux only; elsewhere a no-op.

    The signal comes when the parent's *thread* that started this process exits: the pool
    starts its workers from the thread that submits, the build's main thread.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            return
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _init_pool_worker(config: WorkerConfig, known: Mapping[str, str], parent: int) -> None:
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    _WORKER["config"], _WORKER["known"] = config, known


def _pool_process_unit(unit: Unit) -> UnitResult:
    return process_unit(unit, _WORKER["config"], _WORKER["known"])


def _pool_load_pipeline() -> None:
    worker_pipeline(_WORKER["config"])


def can_fork() -> bool:
    """Whether a worker may be forked from this process: on Linux (elsewhere forking a
    process that has loaded native libraries is unsafe or unavailable), and with no other
    Python thread running, whose locks the child would inherit held."""
    return (
        sys.platform.startswith("linux")
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


class PoolRunner:
    """Runs units in a pool of `workers` processes, each loading the pipeline once, when
    its first unit has an article to parse.

    Workers are spawned (a fresh interpreter each) unless `fork`: a forked worker starts
    with kg's modules (and a pipeline already loaded here, if any) imported, and is
    started by `start_loading` before the build starts any thread of its own."""

    def __init__(
        self, workers: int, config: WorkerConfig, known: Mapping[str, str], fork: bool = False
    ) -> None:
        kind = "forked" if fork else "local"
        self.name = f"{workers} {kind} process{'es' if workers > 1 else ''}"
        self.workers = workers
        self.pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("fork" if fork else "spawn"),
            initializer=_init_pool_worker,
            initargs=(config, dict(known), os.getpid()),
        )

    def start_loading(self) -> None:
        """Start the workers now and have one load the pipeline, before any unit comes."""
        with warnings.catch_warnings():
            # Python 3.12+ warns on any fork beside a native thread (OpenBLAS starts one
            # when numpy is imported); `can_fork` has checked that no Python thread runs
            warnings.filterwarnings(
                "ignore", "This process .* is multi-threaded", DeprecationWarning
            )
            self.pool.submit(_pool_load_pipeline)

    def submit(self, unit: Unit) -> Future[UnitResult]:
        return self.pool.submit(_pool_process_unit, unit)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    def abort(self) -> None:
        """Stop now: drop queued work and kill the workers (a Ctrl-C's build says it was
        interrupted, and a worker, forked ones with this process's log handlers, must not
        go on loading or parsing, or log, after that)."""
        processes = list((getattr(self.pool, "_processes", None) or {}).values())
        self.pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.kill()


J = TypeVar("J")


def run_ordered(
    runner: Runner, jobs: Iterable[tuple[J, Unit | None]], per_worker: int = 2
) -> Iterator[tuple[J, UnitResult | None]]:
    """Submit each job's unit as the jobs come, at most `per_worker` per worker (plus one)
    in flight, and yield (job, result) in job order (result None for a job without a
    unit). The runner is not asked for its workers before the first unit."""
    pending: deque[tuple[J, Handle[UnitResult] | None]] = deque()
    in_flight = 0
    window = 0
    for job, unit in jobs:
        handle = runner.submit(unit) if unit is not None else None
        if handle is not None and not window:
            window = per_worker * runner.workers + 1
        pending.append((job, handle))
        in_flight += handle is not None
        while pending and (
            (window and in_flight >= window) or pending[0][1] is None or len(pending) > 256
        ):
            first, first_handle = pending.popleft()
            in_flight -= first_handle is not None
            yield first, first_handle.result() if first_handle is not None else None
    while pending:
        first, first_handle = pending.popleft()
        yield first, first_handle.result() if first_handle is not None else None
