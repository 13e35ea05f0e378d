"""Wire the stages: ingest -> nlp -> resolve/extract -> link -> graph -> validate -> render.

`build` reads the inputs as a stream, has workers (this process, a local process pool
or a Dask cluster, `kg.parallel`) clean, parse and extract the articles it does not
already hold, and merges everything into the graph. What it holds is the state in
`out/` (`kg.state`): an article whose text and pipeline version are unchanged is never
parsed again, an input file whose content is unchanged is not even read again, and a
build that changes nothing writes nothing but its report. Every output is written to a
staging folder that is published only when all of it is ready (`kg.outdir`), so an
interrupted or failed build leaves the previous outputs as they were, and one build at a
time runs in a folder.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from kg.config import (
    ONTOLOGY_DIR,
    Settings,
    available_cpus,
    ingest_version,
    output_version,
    pipeline_version,
)
from kg.errors import KgError
from kg.graph.provenance import Edge, collect_edges
from kg.graph.revalidate import (
    ValidationCache,
    plan_validation,
    validate_part,
    validate_wire,
)
from kg.graph.shacl import compile_or_none, validate_triples
from kg.graph.validate import Validation, load_shapes
from kg.graph.write import collect_graph, to_trig_bytes, to_turtle_bytes
from kg.ingest import IngestOptions
from kg.ingest.sources import Source, iter_sources, load_text
from kg.model import Actor, Extraction, Skipped
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
    JSON_LINES,
    MAX_UNIT_CHARS,
    InlineRunner,
    Known,
    Parsed,
    PoolRunner,
    Runner,
    Segment,
    Unit,
    UnitResult,
    WorkerConfig,
    compact,
    run_ordered,
    split_segments,
)
from kg.render.graph_view import render_graph_page
from kg.resolve.link import link_actors
from kg.state import (
    CACHE_FILE,
    SHACL_CACHE_FILE,
    STATE_FILE,
    BuildCache,
    SourceRecord,
    StateLine,
    iter_state,
    read_build_cache,
    read_json_file,
    state_digest,
)

log = logging.getLogger(__name__)

OUTPUT_FILES = ("graph.ttl", "graph.trig", "graph.html", "report.json", STATE_FILE)
AUTO_POOL_BYTES = 256 * 1024
"""With `workers=0`, start a process pool only when at least this much input is new."""
PARALLEL_SHACL_NODES = 4000
"""Validate in parallel parts only when at least this many focus nodes changed."""


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
            "timings_s": {k: round(v, 3) for k, v in self.timings.items()},
        }


ProgressCallback = Callable[[Progress], None]


# --------------------------------------------------------------------------------------
# What the output folder already holds
# --------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Prior:
    """The previous build in the output folder, as far as this build needs it."""

    articles: dict[str, str]
    current: dict[str, str]
    outdated: int
    state_sha256: str | None
    cache: BuildCache | None
    stale: frozenset[str] = frozenset()

    @classmethod
    def load(cls, out_dir: Path, version: str) -> _Prior:
        digest = state_digest(out_dir)
        cache = read_build_cache(out_dir)
        if digest is None:
            return cls({}, {}, 0, None, cache)
        if cache is not None and cache.state_sha256 == digest:
            articles = dict(cache.articles)
            if cache.pipeline == version:
                # stale: kept from an older pipeline because this one failed on them;
                # it would fail again, so they wait for the next pipeline version
                current = {k: v for k, v in articles.items() if k not in cache.stale}
                return cls(articles, current, 0, digest, cache, cache.stale)
            return cls(articles, {}, len(articles), digest, cache)
        articles, current, outdated = {}, {}, 0  # no usable index: read the whole state
        for entry in iter_state(out_dir):
            article = entry.extraction.article
            articles[article.key] = article.content_hash
            if entry.version == version:
                current[article.key] = article.content_hash
            else:
                outdated += 1
        return cls(articles, current, outdated, digest, None)


# --------------------------------------------------------------------------------------
# Inputs: which need reading, and the jobs that read them
# --------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Scan:
    """One input file, looked at before the build: what can be reused of it."""

    source: Source
    skipped: Skipped | None = None
    digest: str = ""
    chars: int = 0
    lines: int = 0
    reuse: SourceRecord | None = None
    prefix: SourceRecord | None = None
    work: int = 0


@dataclass(slots=True)
class _Job:
    """Items ready now (from the cache or a skipped input) and/or a unit to run, plus the
    inputs that are complete once it is done."""

    ready: tuple[tuple[int, Skipped | Known], ...] = ()
    completes: tuple[int, ...] = ()
    size: int = 0


def _scan_sources(
    sources: Sequence[Source | Skipped], prior: _Prior, options: tuple[int, int], version: str
) -> list[_Scan | Skipped]:
    cache = prior.cache
    # a reading records extraction failures too: it is only reused by the same pipeline
    records = cache.sources if cache is not None and cache.pipeline == version else {}
    scans: list[_Scan | Skipped] = []
    for source in sources:
        if isinstance(source, Skipped):
            scans.append(source)
            continue
        scan = _Scan(source)
        scans.append(scan)
        loaded = load_text(source, options[0])
        if isinstance(loaded, Skipped):
            scan.skipped = loaded
            continue
        data = loaded.encode("utf-8")
        scan.digest = hashlib.sha256(data).hexdigest()
        scan.chars = len(loaded)
        scan.lines = loaded.count("\n")
        scan.work = len(data)
        record = records.get(source.display)
        if record is None or record.options != options or record.ingest != ingest_version():
            continue
        if not all(prior.current.get(k) == h for k, h in record.articles()):
            continue  # the state no longer holds what the file held: read it again
        if record.digest == scan.digest:
            scan.reuse, scan.work = record, 0
        elif (
            source.suffix in JSON_LINES
            and 0 < record.chars < scan.chars
            and loaded[record.chars - 1] == "\n"
            and hashlib.sha256(loaded[: record.chars].encode("utf-8")).hexdigest() == record.digest
        ):  # JSON Lines that only grew: reuse what the old lines held
            scan.prefix = record
            scan.work = len(loaded[record.chars :].encode("utf-8"))
    return scans


def _jobs(
    scans: Sequence[_Scan | Skipped], settings: Settings
) -> Iterator[tuple[_Job, Unit | None]]:
    """Turn the inputs into jobs, in input order: ready items for what is reused, units
    of about `chunk_size` articles for what must be read."""
    batch: list[Segment] = []
    completes: list[int] = []
    weight = chars = size = 0

    def flush() -> Iterator[tuple[_Job, Unit | None]]:
        nonlocal batch, completes, weight, chars, size
        if batch or completes:
            yield _Job((), tuple(completes), size), Unit(tuple(batch)) if batch else None
        batch, completes, weight, chars, size = [], [], 0, 0, 0

    for index, scan in enumerate(scans):
        if isinstance(scan, Skipped):
            yield from flush()
            yield _Job(((index, scan),), (index,)), None
            continue
        if scan.skipped is not None:
            yield from flush()
            yield _Job(((index, scan.skipped),), (index,)), None
            continue
        reused = scan.reuse or scan.prefix
        if reused is not None:
            yield from flush()
            ready = tuple(
                (index, Known(key, value) if kind == "a" else Skipped(key, value))
                for kind, key, value in reused.items
            )
            if scan.reuse is not None:
                yield _Job(ready, (index,)), None
                continue
            yield _Job(ready), None
        if scan.reuse is None:  # read what is new: the whole file, or its new lines
            text = _read_again(scan, settings.max_bytes)
            if isinstance(text, Skipped):
                yield from flush()
                yield _Job(((index, text),), (index,)), None
                continue
            skip = 0
            if scan.prefix is not None:
                text, skip = text[scan.prefix.chars :], scan.prefix.lines
            segments = split_segments(
                index,
                str(scan.source.path),
                scan.source.display,
                scan.source.suffix,
                text,
                skip,
                settings.chunk_size,
            )
            if scan.prefix is not None and not text.strip():
                segments = iter(())  # the file only grew by blank lines
            for segment in segments:
                lines = segment.text.count("\n") + 1 if segment.suffix in JSON_LINES else 1
                if batch and (
                    weight + lines > settings.chunk_size
                    or chars + len(segment.text) > MAX_UNIT_CHARS
                ):
                    yield from flush()
                batch.append(segment)
                weight += lines
                chars += len(segment.text)
                size += len(segment.text.encode("utf-8"))
            completes.append(index)
    yield from flush()


def _read_again(scan: _Scan, max_bytes: int) -> str | Skipped:
    """The file's text for reading (the scan kept only its digest)."""
    loaded = load_text(scan.source, max_bytes)
    if isinstance(loaded, str) and hashlib.sha256(loaded.encode()).hexdigest() != scan.digest:
        return Skipped(scan.source.display, "file changed while the build was reading it")
    return loaded


# --------------------------------------------------------------------------------------
# The build
# --------------------------------------------------------------------------------------


class _Runners:
    """Starts the runner (this process, a pool or Dask) only when work first needs one."""

    def __init__(
        self, settings: Settings, config: WorkerConfig, known: Mapping[str, str], version: str
    ) -> None:
        self.settings, self.config, self.known, self.version = settings, config, known, version
        self.work = 0
        self.runner: Runner | None = None

    def get(self) -> Runner:
        if self.runner is None:
            self.runner = self._start()
        return self.runner

    def _start(self) -> Runner:
        settings = self.settings
        if settings.dask:
            from kg.distributed import DaskRunner

            return DaskRunner(
                settings.dask, settings.workers, self.config, self.known, self.version
            )
        workers = settings.workers
        if workers == 0:
            workers = available_cpus() if self.work >= AUTO_POOL_BYTES else 1
        if workers > 1:
            log.info("parsing with %d worker processes", workers)
            return PoolRunner(workers, self.config, self.known)
        return InlineRunner(self.config, self.known)

    def close(self, interrupted: bool = False) -> None:
        runner, self.runner = self.runner, None
        if runner is None:
            return
        if interrupted and isinstance(runner, PoolRunner):
            runner.abort()
        else:
            runner.close()


class _LazyRunner:
    """A Runner that starts the real one on first submit (so a build with nothing to
    parse starts no processes)."""

    def __init__(self, runners: _Runners) -> None:
        self.runners = runners

    @property
    def name(self) -> str:
        return self.runners.get().name

    @property
    def workers(self) -> int:
        return self.runners.get().workers

    def submit(self, unit: Unit) -> Any:
        return self.runners.get().submit(unit)

    def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        return self.runners.get().call(fn, *args)

    def close(self) -> None:
        self.runners.close()


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
            raise output_error(
                out_dir, exc, "cannot write the new outputs; the previous ones are unchanged"
            ) from exc


def _build_locked(
    inputs: Sequence[str],
    settings: Settings,
    progress: ProgressCallback | None,
    started: float,
    model: str,
    version: str,
) -> BuildResult:
    """The build, holding the output folder's build lock."""
    result = BuildResult(settings.out_dir)
    out_dir = settings.out_dir
    result.pipeline = version
    options = IngestOptions(max_bytes=settings.max_bytes, min_chars=settings.min_chars)
    prior = _Prior.load(out_dir, version)
    scans = _scan_sources(
        list(iter_sources(list(inputs), Path.cwd())),
        prior,
        (options.max_bytes, options.min_chars),
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
    runners = _Runners(settings, config, prior.current, version)
    runners.work = sum(s.work for s in scans if isinstance(s, _Scan))
    shapes_bytes = _shapes_bytes(settings) if settings.validate else b""
    fingerprint_base = _fingerprint_base(settings, version, shapes_bytes)
    staging: Staging | None = None
    interrupted = False
    try:
        merge = _Merge(settings, version, prior, result)
        merge.read_inputs(scans, _LazyRunner(runners), progress, started)
        if (
            not merge.changed()
            and _outputs_match(prior, fingerprint_base, settings)
            and _report_unchanged(out_dir, result)
        ):
            result.timings["total"] = time.monotonic() - started
            write_outputs(out_dir, {"report.json": _report_bytes(result)})
            return result
        staging = Staging(out_dir)
        merge.write_state(staging, _LazyRunner(runners), progress, started)
        merge.assemble(staging, runners, shapes_bytes)
        result.runner = runners.runner.name if runners.runner is not None else "none"
        result.timings["total"] = time.monotonic() - started
        merge.finish(staging, fingerprint_base)
        staging.commit()
    except KeyboardInterrupt:
        interrupted = True
        raise
    finally:
        runners.close(interrupted)
        if staging is not None:
            staging.close()
    return result


def _shapes_bytes(settings: Settings) -> bytes:
    load_shapes(settings.ontology_dir)  # raises OntologyError when unreadable
    return (settings.ontology_dir / "shapes.ttl").read_bytes()


def _fingerprint_base(settings: Settings, version: str, shapes: bytes) -> str:
    """Everything besides the state that decides the outputs' bytes."""
    parts = [
        output_version(),
        version,
        hashlib.sha256(shapes).hexdigest(),
        f"viewer={settings.viewer}",
        f"validate={settings.validate}",
        f"viewer_max_actors={settings.viewer_max_actors}",
    ]
    return "\n".join(parts)


def _fingerprint(base: str, state_sha256: str | None) -> str:
    return hashlib.sha256(f"{base}\n{state_sha256}".encode()).hexdigest()


def _outputs_match(prior: _Prior, base: str, settings: Settings) -> bool:
    """Whether the outputs in the folder were written from this state by this code."""
    cache = prior.cache
    if cache is None or prior.state_sha256 is None or prior.outdated:
        return False
    if cache.fingerprint != _fingerprint(base, prior.state_sha256):
        return False
    expected = [
        "graph.ttl",
        "graph.trig",
        "report.json",
        *(["graph.html"] if settings.viewer else []),
    ]
    for name in expected:
        try:
            size = (settings.out_dir / name).stat().st_size
        except OSError:
            return False
        if name != "report.json" and cache.outputs.get(name) != size:
            return False
    return True


def _report_bytes(result: BuildResult) -> bytes:
    return (json.dumps(result.report(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _report_unchanged(out_dir: Path, result: BuildResult) -> bool:
    """Fill the counts of an up-to-date build from the report that is already there;
    False (nothing filled) when that report cannot be read, so the outputs are rewritten."""
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


class _Merge:
    """The articles of this build: read from the inputs, kept from the state, redone."""

    def __init__(
        self, settings: Settings, version: str, prior: _Prior, result: BuildResult
    ) -> None:
        self.settings, self.version, self.prior, self.result = settings, version, prior, result
        self.seen: set[str] = set()
        self.fresh: dict[str, Parsed] = {}
        self.fresh_order: list[str] = []
        self.merged: dict[str, Extraction] = {}
        self.sources: dict[str, SourceRecord] = dict(prior.cache.sources) if prior.cache else {}
        self.articles: dict[str, str] = {}
        self.state_hash = hashlib.sha256()
        self.outputs: dict[str, int] = {}
        self.stale: set[str] = set()

    # -- inputs -------------------------------------------------------------------------

    def read_inputs(
        self,
        scans: Sequence[_Scan | Skipped],
        runner: Runner,
        progress: ProgressCallback | None,
        started: float,
    ) -> None:
        mark = time.monotonic()
        total = sum(s.work for s in scans if isinstance(s, _Scan))
        items: dict[int, list[tuple[str, str, str]]] = {}
        read = 0
        for job, outcome in run_ordered(runner, _jobs(scans, self.settings)):
            for index, ready in job.ready:
                self._take(index, ready, items)
            if outcome is not None:
                self._check_version(outcome, runner)
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
        self.fresh_order.append(key)

    def _check_version(self, outcome: UnitResult, runner: Runner) -> None:
        if outcome.version != self.version:
            raise KgError(
                runner.name,
                f"a worker ran kg pipeline {outcome.version}, this build needs {self.version}",
            )

    def _record_source(self, scan: _Scan | Skipped, items: list[tuple[str, str, str]]) -> None:
        if not isinstance(scan, _Scan) or scan.skipped is not None or scan.reuse is not None:
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

    # -- state ----------------------------------------------------------------------------

    def write_state(
        self,
        staging: Staging,
        runner: Runner,
        progress: ProgressCallback | None,
        started: float,
    ) -> None:
        """Write the new state: fresh articles, then the kept ones, then the redone ones."""
        mark = time.monotonic()
        with staging.open(STATE_FILE) as handle:
            for key in self.fresh_order:
                parsed = self.fresh.pop(key)
                self._keep(handle, parsed.extraction, parsed.line)
            redo = self._copy_kept(handle)
            if redo:
                self._redo(handle, redo, runner, progress, started)
        self.result.timings["state"] = time.monotonic() - mark

    def _keep(self, handle: IO[bytes], extraction: Extraction, line: str) -> None:
        data = (line + "\n").encode("utf-8")
        handle.write(data)
        self.state_hash.update(data)
        article = extraction.article
        self.merged[article.key] = extraction
        self.articles[article.key] = article.content_hash

    def _copy_kept(self, handle: IO[bytes]) -> list[str]:
        """Copy the state lines this build keeps; name the ones to redo."""
        if self.prior.state_sha256 is None:
            return []
        redo: list[str] = []
        for entry in iter_state(self.settings.out_dir):
            key = entry.extraction.article.key
            if key in self.merged:
                continue  # replaced by this build
            if entry.version == self.version:
                self._keep(handle, compact(entry.extraction), entry.line)
            elif key in self.prior.stale:
                self._keep(handle, compact(entry.extraction), entry.line)
                self.stale.add(key)
            else:
                redo.append(key)
        return redo

    def _redo(
        self,
        handle: IO[bytes],
        keys: list[str],
        runner: Runner,
        progress: ProgressCallback | None,
        started: float,
    ) -> None:
        """Parse again, from their stored text, the articles an older pipeline made."""
        wanted = set(keys)
        chunk = self.settings.chunk_size

        def jobs() -> Iterator[tuple[list[StateLine], Unit | None]]:
            batch: list[StateLine] = []
            for entry in iter_state(self.settings.out_dir):
                article = entry.extraction.article
                if article.key in wanted and entry.version != self.version:
                    wanted.discard(article.key)
                    batch.append(entry)
                    if len(batch) >= chunk:
                        yield batch, Unit(articles=tuple(e.extraction.article for e in batch))
                        batch = []
            if batch:
                yield batch, Unit(articles=tuple(e.extraction.article for e in batch))

        done = 0
        for entries, outcome in run_ordered(runner, jobs()):
            assert outcome is not None
            self._check_version(outcome, runner)
            for entry, parsed in zip(entries, outcome.articles, strict=True):
                if isinstance(parsed, Parsed):
                    self._keep(handle, parsed.extraction, parsed.line)
                else:  # keep what the older pipeline made; the next build tries again
                    self.result.skipped.append(parsed)
                    self._keep(handle, compact(entry.extraction), entry.line)
                    self.stale.add(entry.extraction.article.key)
            done += len(entries)
            self.result.parsed += outcome.parsed
            if progress is not None:
                progress(Progress(self.result.parsed, 0, 0, time.monotonic() - started))
        log.info("redid %d articles extracted by an older pipeline", done)

    # -- graph ----------------------------------------------------------------------------

    def assemble(self, staging: Staging, runners: _Runners, shapes_bytes: bytes) -> None:
        settings, result = self.settings, self.result
        ordered = [self.merged[key] for key in sorted(self.merged)]
        mark = time.monotonic()
        actors, key_map = link_actors(ordered)
        edges = collect_edges(ordered, key_map, {key: actor.cls for key, actor in actors.items()})
        result.timings["link"] = time.monotonic() - mark
        mark = time.monotonic()
        content = collect_graph(actors, [e.article for e in ordered], edges)
        union = content.union()
        result.timings["graph"] = time.monotonic() - mark
        result.articles = len(ordered)
        result.classes = dict(Counter(actor.cls.value for actor in actors.values()))
        result.relations = dict(Counter(edge.relation.value for edge in edges))
        result.statements = sum(len(edge.records) for edge in edges)
        result.triples = len(union)
        pending: list[Any] = []
        finish_validation: Callable[[list[Any]], None] | None = None
        native = None
        if settings.validate:
            mark = time.monotonic()
            shapes = load_shapes(settings.ontology_dir)
            native = compile_or_none(shapes)
        if native is not None:
            result.validation = validate_triples(union, native)
            result.timings["validate"] = time.monotonic() - mark
        elif settings.validate:
            shapes_digest = hashlib.sha256(shapes_bytes).hexdigest()
            cache_data = read_json_file(settings.out_dir / SHACL_CACHE_FILE)
            cache = _validation_cache(cache_data)
            plan = plan_validation(union, shapes, shapes_digest, cache)
            runner = runners.runner
            remote = (
                runner is not None
                and runner.workers > 1
                and len(plan.changed) >= PARALLEL_SHACL_NODES
            )
            if remote and runner is not None:
                for part in plan.parts(3 * runner.workers):
                    pending.append(runner.call(validate_wire, *part.to_wire(), shapes_bytes))
            result.timings["validate_plan"] = time.monotonic() - mark

            def finish_validation(handles: list[Any]) -> None:
                mark = time.monotonic()
                if handles:
                    found = [handle.result() for handle in handles]
                else:
                    found = [validate_part(part, shapes) for part in plan.parts(1)]
                result.validation, new_cache = plan.finish(found)
                staging.write(
                    SHACL_CACHE_FILE,
                    json.dumps(new_cache.to_json(), separators=(",", ":")).encode("utf-8"),
                )
                result.timings["validate"] = time.monotonic() - mark

            log.info("SHACL: %d of %d focus nodes changed", len(plan.changed), len(plan.signature))
        mark = time.monotonic()
        self._write(staging, "graph.ttl", to_turtle_bytes(union))
        del union
        self._write(staging, "graph.trig", to_trig_bytes(content))
        del content
        result.timings["serialize"] = time.monotonic() - mark
        if settings.viewer:
            mark = time.monotonic()
            view_actors, view_extractions, view_edges = _viewer_subset(
                actors, ordered, edges, settings.viewer_max_actors
            )
            result.viewer = {
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
            page = render_graph_page(view_actors, view_extractions, view_edges)
            self._write(staging, "graph.html", page.encode("utf-8"))
            result.timings["render"] = time.monotonic() - mark
        if finish_validation is not None:
            finish_validation(pending)

    def _write(self, staging: Staging, name: str, data: bytes) -> None:
        staging.write(name, data)
        self.outputs[name] = len(data)

    def finish(self, staging: Staging, fingerprint_base: str) -> None:
        """Write report.json and the build cache."""
        staging.write("report.json", _report_bytes(self.result))
        state_sha256 = self.state_hash.hexdigest()
        cache = BuildCache(
            pipeline=self.version,
            state_sha256=state_sha256,
            articles=self.articles,
            sources=self.sources,
            fingerprint=_fingerprint(fingerprint_base, state_sha256),
            outputs=self.outputs,
            stale=frozenset(self.stale),
        )
        staging.write(CACHE_FILE, cache.to_json().encode("utf-8"))


def _validation_cache(data: Any) -> ValidationCache | None:
    if not isinstance(data, dict):
        return None
    try:
        return ValidationCache.from_json(data)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _viewer_subset(
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
