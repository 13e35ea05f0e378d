"""Wire the stages: ingest -> nlp -> resolve/extract -> graph (link, triples, validate,
serialise) -> render.

`build` is the incremental bookkeeping around the stages. It scans the inputs
(`kg.inputs`), has workers (this process, a local process pool or a Dask cluster,
`kg.parallel`) clean, parse and extract the articles it does not already hold, writes
the new state, and hands every extraction to the graph stage (`kg.graph.assemble`),
whose files it publishes. What it holds is the state in `out/` (`kg.state`): an article
whose text and pipeline version are unchanged is never parsed again, an input file whose
content is unchanged is not even read again, and a build that changes nothing writes
nothing but its report. Every output is written to a staging folder that is published
only when all of it is ready (`kg.outdir`), so an interrupted or failed build leaves the
previous outputs as they were, and one build at a time runs in a folder.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Generic, TypeVar

from kg.config import ONTOLOGY_DIR, Settings, available_cpus, ingest_version, pipeline_version
from kg.errors import KgError
from kg.ingest.sources import iter_sources
from kg.inputs import Scan, plan_jobs, scan_sources
from kg.memo import Before, BuildMemo, memo_files, read_build_memo
from kg.model import Extraction, Skipped
from kg.nlp.load import find_model
from kg.outdir import (
    Staging,
    announce_wait,
    build_lock,
    output_error,
    recover,
    write_outputs,
)
from kg.parallel import (
    Handle,
    InlineRunner,
    Known,
    Parsed,
    PoolRunner,
    Runner,
    Unit,
    UnitResult,
    WorkerConfig,
    can_fork,
    compact,
    run_ordered,
)
from kg.state import (
    CACHE_FILE,
    MEMO_FILE,
    STATE_FILE,
    BuildCache,
    PriorState,
    SourceRecord,
    StateLine,
    fingerprint,
    fingerprint_base,
    iter_state,
    memo_bytes,
    memo_part,
    outputs_match,
    read_json_file,
)

if TYPE_CHECKING:
    from kg.graph.assemble import AssemblyMemo, Outputs
    from kg.graph.validate import Validation

log = logging.getLogger(__name__)

AUTO_POOL_BYTES = 256 * 1024
"""With `workers=0`, start a process pool only when at least this much input is new."""

FORK_MAX_BYTES = 64 * 1024
"""With a memo to read and a second CPU, parse less new input than this in one forked
process (`_LazyRunner.forks_beside_memo`): ten Reuters stories are 19 KiB, and a pool's
second worker would load spaCy again for a second or two of parsing."""

POOL_MIN_BYTES = 16 * 1024
"""With `workers` > 1, parse in this process when less input than this is new: each pool
worker imports spaCy and loads the pipeline (seconds of CPU), which a feed's ten new
articles (a few KiB, a tenth of a second of parsing) would pay twice over."""


@dataclass(frozen=True, slots=True)
class Progress:
    """How far a build has got; handed to the caller's progress callback.

    `parsed` articles were parsed so far; `read` of `total` bytes of new input were
    read (inputs unchanged since the last build count for nothing).
    """

    parsed: int
    read: int
    total: int
    elapsed: float


@dataclass(slots=True)
class BuildResult:
    """What a build did: per-input outcomes, counts, validation and timings.

    `up_to_date` is True when nothing changed and the outputs already matched, so only
    report.json was written; the counts then come from the previous report.
    """

    out_dir: Path
    pipeline: str = ""
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    classes: dict[str, int] = field(default_factory=dict)
    relations: dict[str, int] = field(default_factory=dict)
    statements: int = 0
    triples: int = 0
    articles: int = 0
    parsed: int = 0
    validation: Validation | None = None
    viewer: dict[str, int] = field(default_factory=dict)
    runner: str = "none"
    up_to_date: bool = False
    timings: dict[str, float] = field(default_factory=dict)
    blocks: dict[str, int] = field(default_factory=dict)
    """Blocks of the graph files made this build and kept from the last (issue 18)."""
    memo: bool = False
    """Whether the last build's memo was used (`build-memo.pickle`)."""

    def report(self) -> dict[str, Any]:
        """The run as report.json shows it."""
        return {
            "pipeline": self.pipeline,
            "inputs": {
                "added": self.added,
                "replaced": self.replaced,
                "unchanged": self.unchanged,
                "skipped": [{"input": s.input, "reason": s.reason} for s in self.skipped],
            },
            "articles": self.articles,
            "parsed": self.parsed,
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
            "viewer": self.viewer,
            "workers": self.runner,
            "up_to_date": self.up_to_date,
            "memo": self.memo,
            "blocks": self.blocks,
            "timings_s": {k: round(v, 3) for k, v in self.timings.items()},
        }


ProgressCallback = Callable[[Progress], None]


@dataclass(slots=True)
class _Memo:
    """A memo found usable, with its articles' extractions read."""

    kept: BuildMemo
    extractions: dict[str, Extraction]
    before: Before
    """What the next memo's delta is taken against."""


def _usable_memo(out_dir: Path, prior: PriorState, version: str) -> _Memo | None:
    """The folder's memo when it describes exactly the state there, else None (the build
    then checks that it was made with the same settings: its `base`)."""
    cache = prior.cache
    if cache is None or prior.state_sha256 is None or cache.pipeline != version or prior.stale:
        return None
    loaded = read_build_memo(out_dir)
    if loaded is None:
        return None
    memo = loaded.memo
    if memo.state_sha256 != prior.state_sha256:
        return None
    if len(memo.lines) != len(prior.articles) or set(memo.extractions) != set(prior.articles):
        return None
    try:
        extractions = {key: memo_part(data) for key, data in memo.extractions.items()}
    except Exception as exc:  # any damage to a cache means: do without it
        log.warning("ignoring %s (%s); the build makes everything again", MEMO_FILE, exc)
        return None
    if not all(isinstance(e, Extraction) for e in extractions.values()):
        return None
    return _Memo(memo, extractions, loaded.before)


_T = TypeVar("_T")


class _Beside(Generic[_T]):
    """`work()` run in a thread of its own when `background`, else when its result is
    asked for. A build reads its memo this way while worker processes parse the new
    articles (it would only wait for them), and pickles the next memo while it writes the
    outputs: at 100,000 articles each takes seconds. C pickling holds the interpreter lock
    throughout, so the second overlaps the writing's waits on the disk, not its Python."""

    def __init__(self, work: Callable[[], _T], background: bool, name: str) -> None:
        self._work = work
        self._done: list[_T] = []
        self._error: BaseException | None = None
        self.seconds = 0.0
        self._thread: threading.Thread | None = None
        if background:
            # a daemon, so that the process may end with it still running: an interrupted
            # build does not wait for it; any other waits before it unfreezes the collector
            self._thread = threading.Thread(target=self._run, name=name, daemon=True)
            self._thread.start()

    def _run(self) -> None:
        mark = time.monotonic()
        try:
            self._done.append(self._work())
        except BaseException as exc:  # handed to the build's thread by `result`
            self._error = exc
        self.seconds = time.monotonic() - mark

    def wait(self) -> None:
        """Let the thread finish (the build unfreezes what it froze after it)."""
        if self._thread is not None:
            self._thread.join()

    def result(self) -> _T:
        """What `work()` returned (run now unless a thread ran it), or what it raised."""
        if self._thread is None:
            if not self._done and self._error is None:
                self._run()
        else:
            self._thread.join()
        if self._error is not None:
            raise self._error
        return self._done.pop()  # handed over, not kept: a memo is large


def _next_memo_files(
    base: str,
    state_sha256: str,
    state: _StateWriter,
    assembly: AssemblyMemo,
    before: Before | None,
) -> dict[str, bytes]:
    with _long_lived():
        kept = BuildMemo(base, state_sha256, list(state.articles), state.pickled(), assembly)
        return memo_files(kept, before)


def _read_memo_long_lived(out_dir: Path, prior: PriorState, version: str) -> _Memo | None:
    _import_graph_stage()  # beside a parse, this thread's imports cost the build nothing
    with _long_lived():
        return _usable_memo(out_dir, prior, version)


def _import_graph_stage() -> None:
    """Import the graph stage (rdflib, pySHACL, the viewer: half a second). `kg.pipeline`
    imports it only here or where it is used, so that a worker forked to parse starts
    sooner, and the build imports it while that worker loads spaCy."""
    import kg.graph.activity
    import kg.graph.assemble
    import kg.render.graph_view  # noqa: F401


# --------------------------------------------------------------------------------------
# The build
# --------------------------------------------------------------------------------------


class _LazyRunner:
    """The build's runner (this process, a local pool or Dask), started when the first
    unit is submitted, so that a build with nothing to parse starts no processes.

    `work` is how many bytes of input are new: with `workers=0`, a pool is started only
    for at least `AUTO_POOL_BYTES` of it, and with more workers, for `POOL_MIN_BYTES`.
    """

    def __init__(
        self,
        settings: Settings,
        config: WorkerConfig,
        known: Mapping[str, str],
        version: str,
        work: int,
        memo: bool = False,
    ) -> None:
        self.settings, self.config, self.known, self.version = settings, config, known, version
        self.work = work
        self.memo = memo
        self.started: Runner | None = None
        self._forks: bool | None = None

    @property
    def name(self) -> str:
        return self._runner().name

    @property
    def workers(self) -> int:
        return self._runner().workers

    @property
    def used(self) -> str:
        """Where the work ran, for the report: "none" when nothing needed parsing."""
        return self.started.name if self.started is not None else "none"

    def submit(self, unit: Unit) -> Handle[UnitResult]:
        return self._runner().submit(unit)

    def _runner(self) -> Runner:
        if self.started is None:
            self.started = self._start()
        return self.started

    def start(self) -> None:
        """Start the runner now rather than at the first unit. A worker forked beside the
        memo read is started this way, before that read's thread, and loads the pipeline
        while this process reads the memo."""
        self._runner()

    def _start(self) -> Runner:
        settings = self.settings
        if settings.dask:
            from kg.distributed import DaskRunner

            return DaskRunner(
                settings.dask, settings.workers, self.config, self.known, self.version
            )
        if self.forks_beside_memo:
            log.info("parsing in a forked process while this one reads the memo")
            runner = PoolRunner(1, self.config, self.known, fork=True)
            runner.start_loading()
            return runner
        workers = self._local_workers()
        if workers > 1:
            log.info("parsing with %d worker processes", workers)
            return PoolRunner(workers, self.config, self.known)
        return InlineRunner(self.config, self.known)

    def _local_workers(self) -> int:
        workers = self.settings.workers
        if workers == 0:
            return available_cpus() if self.work >= AUTO_POOL_BYTES else 1
        return 1 if self.work < POOL_MIN_BYTES else workers

    @property
    def forks_beside_memo(self) -> bool:
        """Whether the little new input (under `FORK_MAX_BYTES`) is parsed in one forked
        process while this one reads the last build's memo: loading spaCy and reading the
        memo each take seconds, and with a second CPU they overlap. Not with `workers=1`,
        which asks for one process. Decided once: the pool it starts runs a thread."""
        if self._forks is None:
            self._forks = (
                self.memo
                and 0 < self.work < FORK_MAX_BYTES
                and self.settings.workers != 1
                and not self.settings.dask
                and available_cpus() > 1
                and can_fork()
            )
        return self._forks

    @property
    def parses_elsewhere(self) -> bool:
        """Whether new input is parsed in other processes (a pool, a forked process or
        Dask), leaving this one waiting."""
        return self.work > 0 and (
            bool(self.settings.dask) or self._local_workers() > 1 or self.forks_beside_memo
        )

    def close(self, interrupted: bool = False) -> None:
        runner, self.started = self.started, None
        if runner is None:
            return
        if interrupted and isinstance(runner, PoolRunner):
            runner.abort()
        else:
            runner.close()


def build(
    inputs: Sequence[str], settings: Settings, progress: ProgressCallback | None = None
) -> BuildResult:
    """Build (or update) the graph in `settings.out_dir` from `inputs`.

    One build at a time per output folder: a second one waits (saying so on stderr) and
    then starts from what the first published, so neither loses the other's articles.

    Raises:
        KgError: one line each, e.g. no model, an unreadable state, an output folder that
            cannot be created or written (disk full, read-only); out/ is then unchanged.
    """
    started = time.monotonic()
    out_dir = settings.out_dir
    model = find_model(settings.model)  # fail before any work when no model is installed
    version = pipeline_version(settings.ontology_dir, model)
    with build_lock(out_dir, announce_wait(out_dir)):
        try:
            # builds that died are finished (published) or cleaned up before the state is
            # read; under the lock nothing else publishes, so the state read is whole
            recover(out_dir)
            return _build_locked(inputs, settings, progress, started, model, version)
        except OSError as exc:  # reading out/ is StateError; what is left is writing it
            if not _about(exc, out_dir):
                raise
            raise output_error(
                out_dir, exc, "cannot write the new outputs; the previous ones are unchanged"
            ) from exc


def _about(exc: OSError, out_dir: Path) -> bool:
    """Whether an OS error names a file in `out_dir` (or names none, as a full disk may)."""
    named = [name for name in (exc.filename, exc.filename2) if name is not None]
    if not named:
        return exc.errno is not None
    folder = os.path.realpath(out_dir)
    return any(os.path.realpath(os.fsdecode(name)).startswith(folder + os.sep) for name in named)


def _build_locked(
    inputs: Sequence[str],
    settings: Settings,
    progress: ProgressCallback | None,
    started: float,
    model: str,
    version: str,
) -> BuildResult:
    """The build, holding the output folder's build lock."""
    out_dir = settings.out_dir
    started_at = datetime.now(UTC)  # the build activity's start (PROV-O)
    result = BuildResult(out_dir, pipeline=version)
    prior = PriorState.load(out_dir, version)
    scans = scan_sources(
        list(iter_sources(list(inputs), Path.cwd())),
        prior,
        (settings.max_bytes, settings.min_chars),
        version,
    )
    result.timings["scan"] = time.monotonic() - started
    default_ontology = settings.ontology_dir.resolve() == ONTOLOGY_DIR.resolve()
    config = WorkerConfig(
        None if default_ontology else str(settings.ontology_dir.resolve()),
        model,
        settings.batch_size,
        settings.min_chars,
    )
    work = sum(s.work for s in scans if isinstance(s, Scan))
    runner = _LazyRunner(
        settings, config, prior.current, version, work, (out_dir / MEMO_FILE).is_file()
    )
    if runner.forks_beside_memo:
        runner.start()  # forked before the memo read's thread starts
    staging: Staging | None = None
    interrupted = False
    memo_reader = _Beside(
        functools.partial(_read_memo_long_lived, out_dir, prior, version),
        runner.parses_elsewhere,
        "kg-memo-read",
    )
    memo_writer: _Beside[dict[str, bytes]] | None = None
    try:
        shapes_bytes = _shapes_bytes(settings) if settings.validate else b""
        base = fingerprint_base(settings, version, shapes_bytes)
        read = _Inputs(settings, version, prior, result)
        read.read(scans, runner, progress, started)
        if (
            not read.changed()
            and outputs_match(prior, base, settings)
            and _report_unchanged(out_dir, result)
        ):
            result.timings["total"] = time.monotonic() - started
            write_outputs(out_dir, {"report.json": _report_bytes(result)})
            return result
        staging = Staging(out_dir)
        mark = time.monotonic()
        memo = memo_reader.result()
        if memo is not None and memo.kept.base != base:
            memo = None  # made with other settings, shapes or pipeline
        result.memo = memo is not None
        result.timings["memo_read"] = memo_reader.seconds
        result.timings["memo_wait"] = time.monotonic() - mark
        state = _StateWriter(settings, version, prior, result, memo)
        state.write(staging, read.fresh, runner, progress, started)
        used = runner.used
        runner.close()  # parsing is over: its processes (and the pool's thread) end here
        from kg.graph.activity import build_instant, carry_over, new_activity, read_prior
        from kg.graph.assemble import assemble
        from kg.render.graph_view import render_graph_page

        provenance = carry_over(
            new_activity(build_instant(at=started_at), version, state.articles),
            state.kept,
            read_prior(out_dir),
        ).ended(build_instant())
        with _long_lived():
            outputs = assemble(
                state.extractions(),
                settings,
                render_graph_page,
                provenance if settings.build_provenance else None,
                memo.kept.assembly if memo is not None else None,
            )
        before = memo.before if memo is not None else None
        del memo
        state_sha256 = state.digest.hexdigest()
        if outputs.memo is not None:
            # nothing changes the state's articles from here on
            next_memo = functools.partial(
                _next_memo_files, base, state_sha256, state, outputs.memo, before
            )
            memo_writer = _Beside(next_memo, True, "kg-memo-write")
            del next_memo
        del before
        if settings.build_provenance:
            from kg.graph.activity import PROVENANCE_FILE

            staging.write(PROVENANCE_FILE, provenance.to_json(state.articles))
        sizes = {name: len(data) for name, data in outputs.files.items()}
        for name, data in outputs.files.items():
            staging.write(name, data)
        _count(result, outputs)
        del outputs
        result.runner = used
        if memo_writer is not None:
            mark = time.monotonic()
            for name, data in memo_writer.result().items():
                staging.write(name, data)
            result.timings["memo_write"] = memo_writer.seconds
            result.timings["memo_write_wait"] = time.monotonic() - mark
            memo_writer = None
        result.timings["total"] = time.monotonic() - started
        staging.write("report.json", _report_bytes(result))
        cache = BuildCache(
            pipeline=version,
            state_sha256=state_sha256,
            articles=state.articles,
            sources=read.sources,
            fingerprint=fingerprint(base, state_sha256),
            outputs=sizes,
            stale=frozenset(state.stale),
        )
        staging.write(CACHE_FILE, cache.to_json().encode("utf-8"))
        staging.commit()
    except KeyboardInterrupt:
        interrupted = True
        raise
    finally:
        try:
            runner.close(interrupted)
            if staging is not None:
                staging.close()
        finally:
            try:
                if not interrupted:
                    # a Ctrl-C does not wait for a memo being read or pickled (seconds at
                    # 100,000 articles): the threads are daemons, their results dropped
                    memo_reader.wait()
                    if memo_writer is not None:
                        memo_writer.wait()
            finally:
                gc.unfreeze()  # what this build kept alive may be collected when dropped
    return result


@contextmanager
def _long_lived() -> Iterator[None]:
    """Pause the cyclic garbage collector while a build reads its memo, assembles the graph
    or pickles the memo, then freeze what is alive. Those make or read millions of objects
    that live to the end of the build, and each full pass of the collector walks all of
    them, for no garbage: at 100,000 articles it took half the time of reading the memo and
    of the graph stage. Reference counting still frees whatever is dropped; the build
    unfreezes everything when it ends (`gc.unfreeze`)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _count(result: BuildResult, outputs: Outputs) -> None:
    """Take the graph stage's counts and timings into the build's result."""
    result.articles = outputs.articles
    result.classes = outputs.classes
    result.relations = outputs.relations
    result.statements = outputs.statements
    result.triples = outputs.triples
    result.validation = outputs.validation
    result.viewer = outputs.viewer
    result.blocks = outputs.blocks
    result.timings.update(outputs.timings)


def _shapes_bytes(settings: Settings) -> bytes:
    from kg.graph.validate import load_shapes

    load_shapes(settings.ontology_dir)  # raises OntologyError when unreadable
    return (settings.ontology_dir / "shapes.ttl").read_bytes()


def _report_bytes(result: BuildResult) -> bytes:
    return (json.dumps(result.report(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _report_unchanged(out_dir: Path, result: BuildResult) -> bool:
    """Fill the counts of an up-to-date build from the report that is already there;
    False (nothing filled) when that report cannot be read, so the outputs are rewritten."""
    from kg.graph.validate import Validation

    path = out_dir / "report.json"
    report = read_json_file(path)
    if report is None:  # missing, or unreadable (read_json_file said so)
        return False
    try:
        validation = report.get("validation")
        counts = (
            int(report.get("articles", 0)),
            dict(report.get("entities", {})),
            dict(report.get("relations", {})),
            int(report.get("statements", 0)),
            int(report.get("triples", 0)),
            dict(report.get("viewer") or {}),
            Validation(
                bool(validation["conforms"]),
                int(validation["violations"]),
                tuple(validation["messages"]),
            )
            if validation
            else None,
        )
    except (AttributeError, KeyError, TypeError, ValueError):
        log.warning("ignoring unreadable %s; the outputs are written again", path)
        return False
    result.up_to_date = True
    (
        result.articles,
        result.classes,
        result.relations,
        result.statements,
        result.triples,
        result.viewer,
        result.validation,
    ) = counts
    return True


class _Inputs:
    """Reads the inputs: what each holds, which articles are new, replaced or unchanged
    (into the result), the fresh extractions, and the record of each input read."""

    def __init__(
        self, settings: Settings, version: str, prior: PriorState, result: BuildResult
    ) -> None:
        self.settings, self.version, self.prior, self.result = settings, version, prior, result
        self.seen: set[str] = set()
        self.fresh: dict[str, Parsed] = {}
        """Freshly parsed articles by key, in input order."""
        self.sources: dict[str, SourceRecord] = dict(prior.cache.sources) if prior.cache else {}

    def read(
        self,
        scans: Sequence[Scan | Skipped],
        runner: Runner,
        progress: ProgressCallback | None,
        started: float,
    ) -> None:
        mark = time.monotonic()
        total = sum(s.work for s in scans if isinstance(s, Scan))
        items: dict[int, list[tuple[str, str, str]]] = {}
        read = 0
        for job, outcome in run_ordered(runner, plan_jobs(scans, self.settings)):
            for index, ready in job.ready:
                self._take(index, ready, items)
            if outcome is not None:
                _check_version(outcome, runner, self.version)
                for index, found in outcome.segments:
                    for item in found:
                        self._take(index, item, items)
                self.result.parsed += outcome.parsed
            for index in job.completes:
                self._record_source(scans[index], items.pop(index, []))
            read += job.size
            if progress is not None and ((outcome is not None and outcome.parsed) or job.size):
                progress(Progress(self.result.parsed, read, total, time.monotonic() - started))
        self.result.timings["read_parse"] = time.monotonic() - mark

    def _take(
        self,
        index: int,
        item: Skipped | Known | Parsed,
        items: dict[int, list[tuple[str, str, str]]],
    ) -> None:
        record = items.setdefault(index, [])
        if isinstance(item, Skipped):
            record.append(("s", item.input, item.reason))
            self.result.skipped.append(item)
            return
        if isinstance(item, Known):
            key, content_hash = item.key, item.content_hash
        else:
            key, content_hash = item.extraction.article.key, item.extraction.article.content_hash
        record.append(("a", key, content_hash))
        if key in self.seen:
            return  # the same article twice in one build: the first copy counts
        self.seen.add(key)
        if isinstance(item, Known):
            self.result.unchanged.append(key)
            return
        (self.result.replaced if key in self.prior.articles else self.result.added).append(key)
        self.fresh[key] = item
        for failed in item.skipped:  # kept without a failed extractor's facts: reported
            record.append(("s", failed.input, failed.reason))
            self.result.skipped.append(failed)

    def _record_source(self, scan: Scan | Skipped, items: list[tuple[str, str, str]]) -> None:
        if not isinstance(scan, Scan) or scan.skipped is not None or scan.reuse is not None:
            return
        self.sources[scan.source.display] = SourceRecord(
            scan.digest,
            scan.chars,
            scan.lines,
            (self.settings.max_bytes, self.settings.min_chars),
            ingest_version(),
            tuple(items),
        )

    def changed(self) -> bool:
        """Whether the graph gains, loses or redoes anything."""
        return bool(self.fresh) or self.prior.outdated > 0


def _check_version(outcome: UnitResult, runner: Runner, version: str) -> None:
    if outcome.version != version:
        raise KgError(
            runner.name,
            f"a worker ran kg pipeline {outcome.version}, this build needs {version}",
        )


class _StateWriter:
    """Writes the new state (`extractions.jsonl`) and holds the extractions it names:
    the fresh articles first, then the previous state's lines in one pass, each kept as
    it is or, when an older pipeline made it, parsed again from its stored text."""

    def __init__(
        self,
        settings: Settings,
        version: str,
        prior: PriorState,
        result: BuildResult,
        memo: _Memo | None = None,
    ) -> None:
        self.settings, self.version, self.prior, self.result = settings, version, prior, result
        self.memo = memo
        self.merged: dict[str, Extraction] = {}
        self.known: dict[str, bytes] = {}
        """The memo's pickled extraction of each article copied from it."""
        self.articles: dict[str, str] = {}
        self.digest = hashlib.sha256()
        self.stale: set[str] = set()
        """Articles whose line is still an older pipeline's, because this one failed."""
        self.kept: dict[str, str] = {}
        """Articles whose previous line is kept as it is (key -> content hash): their
        records stay generated by the build that made them (PROV-O)."""

    def extractions(self) -> list[Extraction]:
        """Every article of the new state, without its text."""
        return list(self.merged.values())

    def pickled(self) -> dict[str, bytes]:
        """Every article's extraction pickled on its own, for the next build's memo: the
        bytes the memo held for those copied from it, the others pickled now."""
        known = self.known
        return {
            key: known[key] if key in known else memo_bytes(extraction)
            for key, extraction in self.merged.items()
        }

    def write(
        self,
        staging: Staging,
        fresh: dict[str, Parsed],
        runner: Runner,
        progress: ProgressCallback | None,
        started: float,
    ) -> None:
        """Write the state; `fresh` is emptied as it is written (its lines hold the text)."""
        mark = time.monotonic()
        with staging.open(STATE_FILE) as handle:
            for key in list(fresh):
                parsed = fresh.pop(key)
                self._keep(handle, compact(parsed.extraction), parsed.line)
            if self.memo is not None:
                self._copy_known(handle, self.memo)
            elif self.prior.state_sha256 is not None:
                self._carry_over(handle, runner, progress, started)
        self.result.timings["state"] = time.monotonic() - mark

    def _keep(self, handle: IO[bytes], extraction: Extraction, line: str) -> None:
        data = (line + "\n").encode("utf-8")
        handle.write(data)
        self.digest.update(data)
        article = extraction.article
        self.merged[article.key] = extraction
        self.articles[article.key] = article.content_hash

    def _copy_known(self, handle: IO[bytes], memo: _Memo) -> None:
        """Copy the previous state's lines this build keeps without reading them: the memo
        names each line's article and holds its extraction (every line is this pipeline
        version's, or the memo would not be used)."""
        claimed = set(self.merged)
        with (self.settings.out_dir / STATE_FILE).open("rb") as previous:
            lines = (raw for raw in previous if raw.strip())
            for key, raw in zip(memo.kept.lines, lines, strict=True):
                if key in claimed:
                    continue
                claimed.add(key)
                extraction = memo.extractions[key]
                self.known[key] = memo.kept.extractions[key]
                handle.write(raw)
                self.digest.update(raw)
                self.merged[key] = extraction
                self.articles[key] = self.kept[key] = extraction.article.content_hash

    def _carry_over(
        self,
        handle: IO[bytes],
        runner: Runner,
        progress: ProgressCallback | None,
        started: float,
    ) -> None:
        """Copy the previous state's lines this build keeps, and parse again the ones an
        older pipeline made: a failure keeps the old line, and the next pipeline version
        tries again."""
        redone = 0
        for entries, outcome in run_ordered(runner, self._previous()):
            if outcome is None:
                for entry in entries:
                    if entry.version != self.version:
                        self.stale.add(entry.extraction.article.key)
                    kept = entry.extraction.article
                    self.kept[kept.key] = kept.content_hash
                    self._keep(handle, compact(entry.extraction), entry.line)
                continue
            _check_version(outcome, runner, self.version)
            for entry, parsed in zip(entries, outcome.articles, strict=True):
                if isinstance(parsed, Parsed):
                    self._keep(handle, parsed.extraction, parsed.line)
                    self.result.skipped.extend(parsed.skipped)
                else:
                    self.result.skipped.append(parsed)
                    self._keep(handle, compact(entry.extraction), entry.line)
                    self.stale.add(entry.extraction.article.key)
            redone += len(entries)
            self.result.parsed += outcome.parsed
            if progress is not None:
                progress(Progress(self.result.parsed, 0, 0, time.monotonic() - started))
        if redone:
            log.info("redid %d articles extracted by an older pipeline", redone)

    def _previous(self) -> Iterator[tuple[list[StateLine], Unit | None]]:
        """The previous state's lines not replaced by this build, in groups: lines to
        keep (no unit), and lines to parse again (with their unit)."""
        chunk = self.settings.chunk_size
        claimed = set(self.merged)  # a key is written once: fresh, or its first line
        keep: list[StateLine] = []
        redo: list[StateLine] = []
        for entry in iter_state(self.settings.out_dir):
            key = entry.extraction.article.key
            if key in claimed:
                continue
            claimed.add(key)
            if entry.version == self.version or key in self.prior.stale:
                keep.append(entry)
                if len(keep) >= chunk:
                    yield keep, None
                    keep = []
            else:
                redo.append(entry)
                if len(redo) >= chunk:
                    yield redo, Unit(articles=tuple(e.extraction.article for e in redo))
                    redo = []
        if keep:
            yield keep, None
        if redo:
            yield redo, Unit(articles=tuple(e.extraction.article for e in redo))
