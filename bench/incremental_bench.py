"""Benchmark incremental `kg build` (issue 18): what adding k articles to a built folder costs.

Usage (from the project root; `make bench-incremental` runs every scenario in full):

    .venv/bin/python bench/incremental_bench.py                      # reuters, agnews, scaled
    .venv/bin/python bench/incremental_bench.py --scenario agnews    # one scenario
    .venv/bin/python bench/incremental_bench.py --limit 600 --copies 2   # a quick run
    .venv/bin/python bench/incremental_bench.py --compare REBUILT SCRATCH  # only the identity check

Scenarios (the rebuild's share of the first build, and the target issue 18 sets):

- `reuters`: all of Reuters-21578 less its last 100 articles, then +10 (target < 2%) and
  +100 (no target: its figure shows how the cost grows with k);
- `agnews`: the AG News test split less its last 10 articles, then +10 (target < 5%);
- `scaled`: at least 100,000 articles, copies of every Reuters-21578 and AG News record
  re-keyed, then +100 (target < 1%).

The added articles are the corpus's last k articles (records `kg build` reads as one),
held out of the base and written to a file of their own. Each scenario runs, each build in a fresh process
timed as `bench/build_bench.py` times it (wall time; peak memory of the process tree;
CPU seconds):

1. `kg build BASE -j2` into an empty folder (the first build);
2. for each k: `kg build BASE EXTRA_k -j2` into that folder, restored to its state after
   the first build (the rebuild); its seconds, its share of the first build, the target
   and whether it is met;
3. for each k: `kg build BASE EXTRA_k -j2` into another empty folder (from scratch), whose
   outputs must be the rebuild's: `graph.html` byte for byte, report.json's counts equal,
   `graph.ttl` and `graph.trig` equal as sorted N-Quads once build provenance is removed
   (an incremental build keeps the earlier builds' `prov:Activity` and the
   `prov:wasGeneratedBy` of the records they made, which a build from scratch cannot
   have), and byte for byte when neither holds any.

Every build runs with `SOURCE_DATE_EPOCH` set (the reproducible-builds convention
`kg build` follows), so two builds of the same inputs can give the same bytes, and with
`--no-build-provenance` when `kg build` offers it, so their bytes must match;
`--with-build-provenance` times builds as `kg build` makes them by default instead.

The scaled corpus: Reuters-21578 and AG News records taken in turn, copied again and
again; copy c of a record has its id suffixed with `~c` (a distinct article to kg, whose
identity is the record id) and, from the second copy on, a last paragraph "Rerun c." (a
distinct text: a wire re-running a story). Copies are near-duplicates, so they share one
original source, as reprints do. The corpora are read where they are
(`../shared/benchmarks/`, research use only); every file this writes goes to a temporary
folder, removed at the end (`--keep DIR` keeps the build folders).
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))  # build_bench, beside this file
from build_bench import BENCHMARKS, CORPORA, MAX_BYTES, ROOT, Run, gib, measure

from kg.ingest.readers import read_jsonl  # this checkout's, on the path build_bench sets
from kg.model import Article

SOURCE_DATE_EPOCH = "1691020800"
"""The instant every benchmarked build records (any fixed value does)."""
SCALED_SIZE = 100_000
"""Articles in the scaled scenario's base, as issue 18 asks."""
LIMITED_COPIES = 2
"""Copies of the scaled corpus in a run with `--limit`, unless `--copies` says otherwise."""
NO_PROVENANCE_FLAG = "--no-build-provenance"
PROV = "http://www.w3.org/ns/prov#"
ACTIVITY_CLASSES = frozenset({f"{PROV}Activity", "https://w3id.org/kg/ontology#Build"})
GENERATED_BY = f"{PROV}wasGeneratedBy"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
REPORT_COUNTS = ("articles", "entities", "relations", "statements", "validation", "viewer")
"""report.json's figures that two builds of the same inputs share (`triples` counts the
build provenance too, and `inputs` says what each build found already built)."""
SHOWN_DIFFERENCES = 6
CONTEXT = 24
"""Characters shown before the first that differs in a long line."""


@dataclass(frozen=True)
class Scenario:
    """A corpus, the article counts its rebuilds add, and the targets some of them have
    (the rebuild's share of the first build)."""

    name: str
    added: tuple[int, ...]
    targets: dict[int, float] = field(default_factory=dict)


SCENARIOS = {
    "reuters": Scenario("reuters", (10, 100), {10: 0.02}),
    "agnews": Scenario("agnews", (10,), {10: 0.05}),
    "scaled": Scenario("scaled", (100,), {100: 0.01}),
}


# --------------------------------------------------------------------------------------
# Corpora: held-out articles and the scaled corpus
# --------------------------------------------------------------------------------------


def is_article(line: str) -> bool:
    """Whether `kg build` reads a JSON line as an article: Reuters-21578 has records with
    no text, and a few whose text cleaning empties."""
    read = read_jsonl(Path("record.jsonl"), "record.jsonl", line)
    return any(isinstance(item, Article) for item in read)


def hold_out(
    lines: Sequence[str], count: int, article: Callable[[str], bool] = is_article
) -> tuple[list[str], list[str]]:
    """The base and the held-out records: the last `count` articles, in corpus order, are
    held out; every other record (those that are no article too) is the base."""
    held: set[int] = set()
    for index in range(len(lines) - 1, -1, -1):
        if len(held) == count:
            break
        if article(lines[index]):
            held.add(index)
    base = [line for index, line in enumerate(lines) if index not in held]
    return base, [lines[index] for index in sorted(held)]


def interleave(*streams: Sequence[str]) -> list[str]:
    """The streams' items taken in turn, each stream's remainder once the others end, so
    any prefix mixes the corpora."""
    turns = itertools.zip_longest(*streams)
    return [item for turn in turns for item in turn if item is not None]


def rekey(line: str, copy: int, article: bool = True) -> str:
    """Copy number `copy` (from 1) of a record: its id suffixed with `~copy`, and from the
    second copy on an article's text ends with a paragraph of its own, so copies are
    distinct articles with distinct texts, near-duplicates of one another (a record that
    is no article stays one)."""
    record = json.loads(line)
    record["id"] = f"{record.get('id', 'record')}~{copy}"
    if copy > 1 and article:
        record["text"] = f"{record['text'].rstrip()}\n\nRerun {copy}."
    return json.dumps(record, ensure_ascii=False)


def scaled_records(
    source: Sequence[str],
    size: int,
    copies: int | None = None,
    article: Callable[[str], bool] = is_article,
) -> Iterator[str]:
    """Copies of `source`'s records, pass after pass, until `size` of them are articles
    (or after `copies` passes, when given)."""
    articles = [article(line) for line in source]
    if not any(articles):
        return
    count = 0
    for copy in itertools.count(1) if copies is None else range(1, copies + 1):
        for line, is_one in zip(source, articles, strict=True):
            if count >= size:
                return
            count += is_one
            yield rekey(line, copy, is_one)


# --------------------------------------------------------------------------------------
# Figures (pure)
# --------------------------------------------------------------------------------------


def share_of(seconds: float, first: float) -> float:
    """A rebuild's time as a share of the first build's."""
    return seconds / first if first > 0 else float("inf")


def verdict(share: float, target: float | None) -> tuple[str, str]:
    """The target column and the met column of a rebuild's row.

    >>> verdict(0.012, 0.02)
    ('< 2%', 'yes')
    >>> verdict(0.2, 0.05)
    ('< 5%', 'NO')
    >>> verdict(0.1, None)
    ('', '')
    """
    if target is None:
        return "", ""
    return f"< {target:.0%}", "yes" if share < target else "NO"


def stage_line(label: str, report: dict[str, object]) -> str:
    """One line of a build's own stage timings (report.json's `timings_s`)."""
    timings = report.get("timings_s")
    stages = timings.items() if isinstance(timings, dict) else ()
    return f"{label}: " + ", ".join(f"{stage} {float(value):.1f}s" for stage, value in stages)


# --------------------------------------------------------------------------------------
# Identity check
# --------------------------------------------------------------------------------------


def activities(quads: Iterable[ox.Quad]) -> set[str]:
    """The IRIs typed `prov:Activity` or `kg:Build`: the builds a graph records."""
    return {
        str(quad.subject)
        for quad in quads
        if quad.predicate.value == RDF_TYPE
        and isinstance(quad.object, ox.NamedNode)
        and quad.object.value in ACTIVITY_CLASSES
    }


def without_build_provenance(quads: Iterable[ox.Quad], builds: set[str]) -> Iterator[ox.Quad]:
    """The quads less build provenance: every `prov:wasGeneratedBy`, and every quad about
    a build or pointing at one (`builds`, as `activities` finds them)."""
    for quad in quads:
        if quad.predicate.value == GENERATED_BY or str(quad.subject) in builds:
            continue
        if str(quad.object) in builds:
            continue
        yield quad


def sorted_differences(
    left: Iterable[str], right: Iterable[str], limit: int = SHOWN_DIFFERENCES
) -> tuple[int, list[str]]:
    """How many lines of two sorted streams only one holds, and the first `limit` of them
    marked `-` (left only) or `+` (right only).

    >>> sorted_differences(["a", "b", "d"], ["a", "c", "d", "e"])
    (3, ['- b', '+ c', '+ e'])
    """
    count, shown = 0, list[str]()
    lefts, rights = iter(left), iter(right)
    a, b = next(lefts, None), next(rights, None)
    while a is not None or b is not None:
        if a is not None and b is not None and a == b:
            a, b = next(lefts, None), next(rights, None)
            continue
        if b is None or (a is not None and a < b):
            line, a = f"- {a}", next(lefts, None)
        else:
            line, b = f"+ {b}", next(rights, None)
        count += 1
        if len(shown) < limit:
            shown.append(line)
    return count, shown


def first_differing_lines(
    left: Iterable[str], right: Iterable[str], limit: int = SHOWN_DIFFERENCES
) -> tuple[int, list[str]]:
    """How many line positions two texts differ at, and the first `limit` differences as
    `line N: - old` / `+ new` pairs, each from a little before the first character that
    differs (the viewer's data is one line of megabytes).

    >>> first_differing_lines(["a", "b", "c"], ["a", "x", "c", "d"], limit=1)
    (2, ['line 2: - b', 'line 2: + x'])
    >>> first_differing_lines(["0123456789" * 10 + "a"], ["0123456789" * 10 + "b"])
    (1, ['line 1, column 101: - …678901234567890123456789a', 'line 1, column 101: + …678901234567890123456789b'])
    """
    count, shown = 0, list[str]()
    for number, (a, b) in enumerate(itertools.zip_longest(left, right), start=1):
        if a == b:
            continue
        count += 1
        if count <= limit:
            column = _common_prefix(a or "", b or "")
            where = f"line {number}" + (f", column {column + 1}" if column > CONTEXT else "")
            start = column - CONTEXT if column > CONTEXT else 0
            shown += [f"{where}: - {_cut(a, start)}", f"{where}: + {_cut(b, start)}"]
    return count, shown


def _common_prefix(left: str, right: str) -> int:
    return len(os.path.commonprefix([left, right]))  # noqa: RUF071 (characters, not paths)


def report_differences(left: dict[str, object], right: dict[str, object]) -> list[str]:
    """The figures of `REPORT_COUNTS` in which two reports differ."""
    return [
        f"{key}: {left.get(key)!r} != {right.get(key)!r}"
        for key in REPORT_COUNTS
        if left.get(key) != right.get(key)
    ]


def _cut(line: str | None, start: int = 0, width: int = 160) -> str:
    if line is None:
        return "(none)"
    line = line.rstrip("\n")
    cut = ("…" if start else "") + line[start : start + width]
    return cut if len(line) <= start + width else cut + "…"


def normalised_nquads(graph: Path, target: Path) -> int:
    """Write `graph`'s quads less build provenance to `target` as sorted N-Quads, one
    graph file in memory at a time; return how many quads build provenance took."""
    rdf_format = ox.RdfFormat.TRIG if graph.suffix == ".trig" else ox.RdfFormat.TURTLE
    builds = activities(ox.parse(path=graph, format=rdf_format))
    kept = target.with_suffix(".unsorted")
    total = 0

    def counted() -> Iterator[ox.Quad]:
        nonlocal total
        for quad in ox.parse(path=graph, format=rdf_format):
            total += 1
            yield quad

    ox.serialize(
        without_build_provenance(counted(), builds), output=kept, format=ox.RdfFormat.N_QUADS
    )
    lines = kept.read_text(encoding="utf-8").splitlines()
    kept.unlink()
    lines.sort()
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return total - len(lines)


def compare_builds(incremental: Path, scratch: Path, work: Path) -> tuple[bool, list[str]]:
    """Whether a rebuild's outputs are those of a build from scratch, and the lines that
    say so (in what they differ, if they do)."""
    said: list[str] = []
    same = True
    html = _same_bytes(incremental / "graph.html", scratch / "graph.html")
    same &= html
    said.append("graph.html: " + ("identical bytes" if html else "DIFFERS"))
    if not html:
        said += _text_differences(incremental / "graph.html", scratch / "graph.html")
    reports = [
        json.loads((d / "report.json").read_text(encoding="utf-8")) for d in (incremental, scratch)
    ]
    counts = report_differences(*reports)
    same &= not counts
    said.append("report.json counts: " + ("equal" if not counts else "DIFFER"))
    said += [f"    {line}" for line in counts]
    for name in ("graph.ttl", "graph.trig"):
        raw = _same_bytes(incremental / name, scratch / name)
        left, right = work / f"incremental-{name}.nq", work / f"scratch-{name}.nq"
        dropped = (
            normalised_nquads(incremental / name, left),
            normalised_nquads(scratch / name, right),
        )
        with left.open(encoding="utf-8") as a, right.open(encoding="utf-8") as b:
            count, shown = sorted_differences(a, b)
        left.unlink()
        right.unlink()
        # without build provenance in either graph, nothing may tell them apart
        same &= count == 0 and (raw or dropped != (0, 0))
        provenance = (
            f"build provenance {dropped[0]:,} quads in the rebuild, {dropped[1]:,} from scratch"
        )
        said.append(
            f"{name}: raw bytes {'identical' if raw else 'differ'}; without build provenance "
            + (
                f"identical ({provenance})"
                if count == 0
                else f"{count:,} quads DIFFER ({provenance})"
            )
        )
        said += [f"    {_cut(line)}" for line in shown]
        if not raw and dropped == (0, 0):
            said += _text_differences(incremental / name, scratch / name)
    return same, said


def _same_bytes(left: Path, right: Path, chunk: int = 1 << 20) -> bool:
    if left.stat().st_size != right.stat().st_size:
        return False
    with left.open("rb") as a, right.open("rb") as b:
        while True:
            block = a.read(chunk)
            if block != b.read(chunk):
                return False
            if not block:
                return True


def _text_differences(left: Path, right: Path) -> list[str]:
    with left.open(encoding="utf-8") as a, right.open(encoding="utf-8") as b:
        count, shown = first_differing_lines(a, b)
    return [f"    {count:,} lines differ; the first:"] + [f"    {line}" for line in shown]


# --------------------------------------------------------------------------------------
# Running the builds
# --------------------------------------------------------------------------------------


@dataclass
class Options:
    """What the command line chose for every scenario."""

    workers: int
    limit: int | None
    copies: int | None
    data: Path
    identity: bool
    extra_flags: list[str]


@dataclass
class Outcome:
    """Table rows, notes (stage timings, identity), and how many targets were met and
    rebuilds found identical to a build from scratch, of how many."""

    rows: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    met: int = 0
    targets: int = 0
    identical: int = 0
    compared: int = 0

    def add(self, other: Outcome) -> None:
        self.rows += other.rows
        self.notes += other.notes
        self.met += other.met
        self.targets += other.targets
        self.identical += other.identical
        self.compared += other.compared

    def summary(self) -> str:
        """
        >>> Outcome(met=1, targets=2, identical=3, compared=3).summary()
        'targets met: 1 of 2; identical to a build from scratch: 3 of 3'
        """
        return (
            f"targets met: {self.met} of {self.targets}; "
            f"identical to a build from scratch: {self.identical} of {self.compared}"
        )


def kg_build(inputs: Sequence[Path], out: Path, options: Options) -> Run:
    command = [sys.executable, "-m", "kg", "build", *map(str, inputs), "--out", str(out)]
    command += ["--workers", str(options.workers), "--max-bytes", MAX_BYTES, "-q"]
    run = measure(command + options.extra_flags)
    # a full run takes hours: say what is done as it goes
    names = " ".join(path.name for path in inputs)
    sys.stderr.write(f"kg build {names} --out {out.name}: {run.seconds:.1f} s\n")
    return run


def corpus_lines(name: str, options: Options) -> list[str]:
    """The records of a scenario's corpus, one JSON line each, as written to disk."""
    if name == "scaled":
        reuters, agnews = (
            _read_lines(options.data / CORPORA[c], None) for c in ("reuters", "agnews")
        )
        source = interleave(reuters, agnews)
        if options.limit is None:
            return list(scaled_records(source, SCALED_SIZE + 100, options.copies))
        copies = options.copies or LIMITED_COPIES
        source = source[: math.ceil(options.limit / copies)]
        return list(scaled_records(source, options.limit, copies))
    return _read_lines(options.data / CORPORA[name], options.limit)


def _read_lines(path: Path, limit: int | None) -> list[str]:
    with path.open(encoding="utf-8") as source:
        lines = [line.rstrip("\n") for line in itertools.islice(source, limit) if line.strip()]
    return lines


def _write_lines(path: Path, lines: Iterable[str]) -> Path:
    with path.open("w", encoding="utf-8") as target:
        for line in lines:
            target.write(line + "\n")
    return path


def run_scenario(scenario: Scenario, options: Options, folder: Path, keep: Path | None) -> Outcome:
    outcome = Outcome()
    lines = corpus_lines(scenario.name, options)
    base_lines, held = hold_out(lines, max(scenario.added))
    del lines
    base = _write_lines(folder / f"{scenario.name}-base.jsonl", base_lines)
    del base_lines
    out, snapshot = folder / "out", folder / "first"
    first = kg_build([base], out, options)
    first_report = _report(out)
    label = f"{scenario.name} ({first_report.get('articles', 0):,} articles)"
    outcome.rows.append(table_row(label, "first build", first, None))
    outcome.notes.append(stage_line(f"{scenario.name} first build: stages", first_report))
    shutil.copytree(out, snapshot, symlinks=True)
    for count in scenario.added:
        extra = _write_lines(folder / f"{scenario.name}-extra{count}.jsonl", held[-count:])
        if not out.exists():  # each rebuild starts from the first build, in its folder
            shutil.copytree(snapshot, out, symlinks=True)
        rebuild = kg_build([base, extra], out, options)
        report = _report(out)
        target = scenario.targets.get(count)
        outcome.rows.append(table_row(label, f"rebuild, +{count} articles", rebuild, first, target))
        if target is not None:
            outcome.targets += 1
            outcome.met += share_of(rebuild.seconds, first.seconds) < target
        outcome.notes.append(stage_line(f"{scenario.name} +{count}: stages", report))
        inputs = report.get("inputs")
        added = len(inputs.get("added", [])) if isinstance(inputs, dict) else 0
        if added != count:
            outcome.notes.append(f"{scenario.name} +{count}: the rebuild added {added} articles")
        if options.identity:
            scratch = folder / "scratch"
            built = kg_build([base, extra], scratch, options)
            outcome.rows.append(table_row(label, f"from scratch, base +{count}", built, None))
            same, said = compare_builds(out, scratch, folder)
            outcome.compared += 1
            outcome.identical += same
            verdict_line = "identical" if same else "NOT identical"
            outcome.notes.append(f"{scenario.name} +{count} vs from scratch: {verdict_line}")
            outcome.notes += [f"  {line}" for line in said]
            _keep(keep, scratch, f"{scenario.name}-scratch{count}")
        _keep(keep, out, f"{scenario.name}-rebuild{count}")
    _keep(keep, snapshot, f"{scenario.name}-first")
    return outcome


def _report(out: Path) -> dict[str, object]:
    report: dict[str, object] = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return report


def _keep(keep: Path | None, folder: Path, name: str) -> None:
    """Move a build folder under `keep` (when given), else remove it: the next build of
    that name starts from an empty folder."""
    if keep is not None:
        target = keep / name
        shutil.rmtree(target, ignore_errors=True)
        keep.mkdir(parents=True, exist_ok=True)
        shutil.move(folder, target)
    else:
        shutil.rmtree(folder, ignore_errors=True)


def table_row(
    label: str, what: str, run: Run, first: Run | None, target: float | None = None
) -> list[str]:
    """A table row; a rebuild's (`first` given) has its share of the first build in wall
    time, its target, and its share in CPU time: a second view, which a busy machine moves
    less than it moves wall time."""
    share, met, cpu_share = "", ("", ""), ""
    if first is not None:
        wall = share_of(run.seconds, first.seconds)
        share, met = f"{wall:.1%}", verdict(wall, target)
        cpu_share = f"{share_of(run.cpu_seconds, first.cpu_seconds):.1%}"
    return [
        label,
        what,
        f"{run.seconds:.1f}",
        share,
        *met,
        gib(run.peak_bytes),
        f"{run.cpu_seconds:.0f}",
        cpu_share,
    ]


HEADER = [
    "corpus",
    "run",
    "seconds",
    "of first build",
    "target",
    "met",
    "peak memory",
    "CPU s",
    "CPU of first build",
]


def table(rows: Sequence[Sequence[str]]) -> list[str]:
    """A Markdown table of `HEADER` and `rows`, columns padded.

    >>> print("\\n".join(table([["a", "b", "1.0", "", "", "", "0.1 GiB", "1", ""]])))
    | corpus | run | seconds | of first build | target | met | peak memory | CPU s | CPU of first build |
    |--------|-----|---------|----------------|--------|-----|-------------|-------|--------------------|
    | a      | b   | 1.0     |                |        |     | 0.1 GiB     | 1     |                    |
    """
    widths = [max(len(r[i]) for r in [HEADER, *rows]) for i in range(len(HEADER))]

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    return [line(HEADER), "|" + "|".join("-" * (w + 2) for w in widths) + "|"] + [
        line(r) for r in rows
    ]


def offers_no_provenance() -> bool:
    """Whether this checkout's `kg build` can leave build provenance out."""
    done = subprocess.run(
        [sys.executable, "-m", "kg", "build", "--help"], cwd=ROOT, capture_output=True, text=True
    )
    return NO_PROVENANCE_FLAG in done.stdout


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--scenario", action="append", choices=sorted(SCENARIOS), help="repeatable (default: all)"
    )
    parser.add_argument("--limit", type=int, default=None, help="first N records of each corpus")
    parser.add_argument(
        "--copies",
        type=int,
        default=None,
        help=f"scaled: passes over the corpora (default: as many as {SCALED_SIZE:,} articles need; {LIMITED_COPIES} with --limit)",
    )
    parser.add_argument("--workers", "-j", type=int, default=2, help="kg build --workers (2)")
    parser.add_argument(
        "--data", type=Path, default=BENCHMARKS, help="the shared benchmarks folder"
    )
    parser.add_argument("--keep", type=Path, default=None, help="keep the build folders here")
    parser.add_argument(
        "--skip-identity", action="store_true", help="no builds from scratch to compare"
    )
    parser.add_argument(
        "--with-build-provenance",
        action="store_true",
        help=f"time builds as kg build makes them by default, and compare their outputs "
        f"without build provenance (default: every build runs with {NO_PROVENANCE_FLAG} "
        "when kg build offers it, and their bytes must match)",
    )
    parser.add_argument(
        "--compare",
        nargs=2,
        type=Path,
        metavar=("REBUILT", "SCRATCH"),
        help="only compare two build folders",
    )
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="kg-incremental-bench-"))
    try:
        if args.compare is not None:
            same, said = compare_builds(args.compare[0], args.compare[1], folder)
            _say([*said, "identical" if same else "NOT identical"])
            return 0 if same else 1
        extra_flags: list[str] = []
        if not args.with_build_provenance and offers_no_provenance():
            extra_flags.append(NO_PROVENANCE_FLAG)
        _say([f"builds run with: -j{args.workers} {' '.join(extra_flags)}".rstrip()], sys.stderr)
        os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
        options = Options(
            args.workers, args.limit, args.copies, args.data, not args.skip_identity, extra_flags
        )
        total = Outcome()
        for name in args.scenario or list(SCENARIOS):
            work = folder / name
            work.mkdir()
            outcome = run_scenario(SCENARIOS[name], options, work, args.keep)
            shutil.rmtree(work, ignore_errors=True)
            total.add(outcome)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    _say([*table(total.rows), *total.notes, total.summary()])
    return 0


def _say(lines: Iterable[str], stream: TextIO | None = None) -> None:
    stream = stream or sys.stdout
    for line in lines:
        stream.write(line + "\n")
    stream.flush()


if __name__ == "__main__":
    raise SystemExit(main())
