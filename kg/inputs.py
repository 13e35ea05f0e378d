"""Which inputs a build must read again, and the jobs that read them.

`scan_sources` looks at every input file before the build: one whose text is unchanged
since the last build (and whose articles the state still holds) is reused whole, a JSON
Lines file that only grew is read from where it ended, and the rest is read again.
`plan_jobs` turns that into jobs in input order: items ready now for what is reused,
and units of about `chunk_size` articles (`kg.parallel.Unit`) for what must be read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from kg.config import Settings, ingest_version
from kg.ingest.sources import Source, load_text
from kg.model import Skipped
from kg.parallel import JSON_LINES, MAX_UNIT_CHARS, Known, Segment, Unit, split_segments
from kg.state import PriorState, SourceRecord


@dataclass(slots=True)
class Scan:
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
class Job:
    """Items ready now (from the cache or a skipped input) and/or a unit to run, plus the
    inputs that are complete once it is done."""

    ready: tuple[tuple[int, Skipped | Known], ...] = ()
    completes: tuple[int, ...] = ()
    size: int = 0


def scan_sources(
    sources: Sequence[Source | Skipped], prior: PriorState, options: tuple[int, int], version: str
) -> list[Scan | Skipped]:
    cache = prior.cache
    # a reading records extraction failures too: it is only reused by the same pipeline
    records = cache.sources if cache is not None and cache.pipeline == version else {}
    scans: list[Scan | Skipped] = []
    for source in sources:
        if isinstance(source, Skipped):
            scans.append(source)
            continue
        scan = Scan(source)
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


def plan_jobs(
    scans: Sequence[Scan | Skipped], settings: Settings
) -> Iterator[tuple[Job, Unit | None]]:
    """Turn the inputs into jobs, in input order: ready items for what is reused, units
    of about `chunk_size` articles for what must be read."""
    batch: list[Segment] = []
    completes: list[int] = []
    weight = chars = size = 0

    def flush() -> Iterator[tuple[Job, Unit | None]]:
        nonlocal batch, completes, weight, chars, size
        if batch or completes:
            yield Job((), tuple(completes), size), Unit(tuple(batch)) if batch else None
        batch, completes, weight, chars, size = [], [], 0, 0, 0

    for index, scan in enumerate(scans):
        if isinstance(scan, Skipped):
            yield from flush()
            yield Job(((index, scan),), (index,)), None
            continue
        if scan.skipped is not None:
            yield from flush()
            yield Job(((index, scan.skipped),), (index,)), None
            continue
        reused = scan.reuse or scan.prefix
        if reused is not None:
            yield from flush()
            ready = tuple(
                (index, Known(key, value) if kind == "a" else Skipped(key, value))
                for kind, key, value in reused.items
            )
            if scan.reuse is not None:
                yield Job(ready, (index,)), None
                continue
            yield Job(ready), None
        if scan.reuse is None:  # read what is new: the whole file, or its new lines
            text = _read_again(scan, settings.max_bytes)
            if isinstance(text, Skipped):
                yield from flush()
                yield Job(((index, text),), (index,)), None
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


def _read_again(scan: Scan, max_bytes: int) -> str | Skipped:
    """The file's text for reading (the scan kept only its digest)."""
    loaded = load_text(scan.source, max_bytes)
    if isinstance(loaded, str) and hashlib.sha256(loaded.encode()).hexdigest() != scan.digest:
        return Skipped(scan.source.display, "file changed while the build was reading it")
    return loaded
