"""Benchmark `kg build` against bare spaCy on real corpora, and the incremental rebuilds.

Usage (from the project root; `make bench` runs the full thing):

    .venv/bin/python bench/build_bench.py                 # Reuters-21578 + AG News test
    .venv/bin/python bench/build_bench.py --limit 500     # a quick run on the first 500 records
    .venv/bin/python bench/build_bench.py --corpora reuters --workers 2

For each corpus and worker count it runs, each in a fresh process:

- `kg build CORPUS --workers N` into an empty folder (the whole build: start-up, reading,
  parsing, extraction, merge, SHACL, viewer, writing);
- bare spaCy: the same model, `nlp.pipe(texts, n_process=N)` over exactly the texts
  `kg build` parses (its cleaned articles), timing only the `nlp.pipe` loop: the ceiling.

It prints articles/s and words/s of both and their ratio (kg's words/s over bare
spaCy's: the target is >= 0.75), the peak memory of the process tree (the sum of the
resident sets of the process and all its children, sampled every 50 ms), and the CPU
seconds of the whole process tree (start-up included, for bare spaCy too) with their
ratio: a second view, which a busy machine moves less than it moves wall time. Then, on
the last build folder: a rebuild with nothing changed, and a rebuild that adds 10
articles (10 AG News items in a file of their own).

The corpora are read where they are (`../shared/benchmarks/` by default), never copied
into the project; `--limit` writes the first N records to a temporary file.

Issue 18's incremental rows (articles held out of each corpus, a scaled corpus of 100,000
articles, each rebuild checked against a build from scratch) are
`bench/incremental_bench.py`'s, which times builds with `measure` from here.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's kg, as `python -m kg` from ROOT uses
BENCHMARKS = ROOT.parent / "shared" / "benchmarks"
CORPORA = {
    "reuters": Path("reuters21578") / "reuters21578.jsonl",
    "agnews": Path("ag_news_test") / "ag_news_test.jsonl",
}
MAX_BYTES = str(1 << 30)

BARE = textwrap.dedent(
    """
    import json, sys, time
    import spacy
    from kg.nlp.load import find_model
    texts = json.load(open(sys.argv[1], encoding="utf-8"))
    workers = int(sys.argv[2])
    nlp = spacy.load(find_model())
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16, n_process=workers):
        pass
    print(json.dumps({"seconds": time.perf_counter() - started}))
    """
)


@dataclass
class Run:
    """One measured process: wall time, peak memory of its tree, and its stdout."""

    seconds: float
    peak_bytes: int
    stdout: str
    cpu_seconds: float = 0.0


def measure(command: list[str]) -> Run:
    """Run `command` from the project root; sample the memory of its process tree and
    count the CPU time of every process in it (user + system, from the kernel's
    accounting of waited-for children)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        try:
            root = psutil.Process(process.pid)
        except psutil.Error:
            return
        while not stop.is_set():
            total = 0
            with contextlib.suppress(psutil.Error):
                for proc in [root, *root.children(recursive=True)]:
                    with contextlib.suppress(psutil.Error):
                        total += proc.memory_info().rss
            peak = max(peak, total)
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime
    stop.set()
    sampler.join()
    if process.returncode not in (0, 3, 4):
        sys.stderr.write(stderr)
        raise SystemExit(f"{' '.join(command)} failed with exit code {process.returncode}")
    return Run(seconds, peak, stdout, cpu)


def kg_build(inputs: list[Path], out: Path, workers: int) -> Run:
    command = [sys.executable, "-m", "kg", "build", *map(str, inputs), "--out", str(out)]
    command += ["--workers", str(workers), "--max-bytes", MAX_BYTES, "-q"]
    return measure(command)


def article_texts(corpus: Path) -> list[str]:
    """The cleaned texts `kg build` parses from `corpus`."""
    from kg.ingest import IngestOptions, iter_articles
    from kg.model import Article

    options = IngestOptions(max_bytes=1 << 30)
    return [a.text for a in iter_articles([str(corpus)], options) if isinstance(a, Article)]


def limited(corpus: Path, limit: int | None, folder: Path) -> Path:
    if limit is None:
        return corpus
    path = folder / f"{corpus.stem}-{limit}.jsonl"
    with corpus.open(encoding="utf-8") as source, path.open("w", encoding="utf-8") as target:
        for number, line in enumerate(source):
            if number >= limit:
                break
            target.write(line)
    return path


def extra_articles(data: Path, folder: Path, count: int = 10) -> Path:
    """`count` AG News World items, in a file of their own, with ids no corpus uses."""
    path = folder / "extra.jsonl"
    written = 0
    with (data / CORPORA["agnews"]).open(encoding="utf-8") as source, path.open("w") as target:
        for line in reversed(source.readlines()):
            record = json.loads(line)
            if record.get("label_name") == "World" and len(record.get("text", "")) > 120:
                record["id"] = f"bench-extra-{written}"
                target.write(json.dumps(record) + "\n")
                written += 1
                if written == count:
                    break
    return path


def _median(runs: list[Run]) -> Run:
    """The run of median wall time, with the largest peak memory of them all."""
    ranked = sorted(runs, key=lambda run: run.seconds)
    middle = ranked[len(ranked) // 2]
    return Run(middle.seconds, max(r.peak_bytes for r in runs), middle.stdout, middle.cpu_seconds)


def gib(value: int) -> str:
    return f"{value / 2**30:.2f} GiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", default="reuters,agnews", help="comma-separated")
    parser.add_argument("--workers", default="1,2", help="worker counts, comma-separated")
    parser.add_argument("--limit", type=int, default=None, help="first N records only")
    parser.add_argument("--skip-bare", action="store_true", help="do not run bare spaCy")
    parser.add_argument(
        "--data", type=Path, default=BENCHMARKS, help="the shared benchmarks folder"
    )
    parser.add_argument("--keep", type=Path, default=None, help="keep build folders here")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run kg and bare spaCy this many times each, alternating; the table shows the "
        "medians (the machine's speed drifts by up to a quarter between runs)",
    )
    args = parser.parse_args()
    workers = [int(w) for w in args.workers.split(",")]
    folder = Path(tempfile.mkdtemp(prefix="kg-build-bench-"))
    rows: list[list[str]] = []
    notes: list[str] = []
    try:
        for name in args.corpora.split(","):
            corpus = limited(args.data / CORPORA[name], args.limit, folder)
            texts = article_texts(corpus)
            words = sum(len(text.split()) for text in texts)
            texts_file = folder / f"{name}-texts.json"
            texts_file.write_text(json.dumps(texts), encoding="utf-8")
            label = f"{name} ({len(texts):,} articles, {words:,} words)"
            out = folder / f"out-{name}"
            first = None
            for count in workers:
                builds: list[Run] = []
                bares: list[Run] = []
                for _ in range(args.repeat):  # alternating, so a drift in speed hits both
                    shutil.rmtree(out, ignore_errors=True)
                    builds.append(kg_build([corpus], out, count))
                    if not args.skip_bare:
                        bare = measure([sys.executable, "-c", BARE, str(texts_file), str(count)])
                        seconds = json.loads(bare.stdout)["seconds"]
                        bares.append(Run(seconds, bare.peak_bytes, "", bare.cpu_seconds))
                build = _median(builds)
                first = build
                report = json.loads((out / "report.json").read_text())
                rows.append(_row(label, f"kg build -j{count}", len(texts), words, build))
                if bares:
                    spacy_run = _median(bares)
                    rows.append(
                        _row(label, f"bare spaCy n_process={count}", len(texts), words, spacy_run)
                    )
                    rows[-2].append(f"{spacy_run.seconds / build.seconds:.2f}")
                    rows[-2].append(f"{spacy_run.cpu_seconds / build.cpu_seconds:.2f}")
                    rows[-1].append("")
                    if args.repeat > 1:
                        ratios = ", ".join(
                            f"{b.seconds / k.seconds:.2f}"
                            for k, b in zip(builds, bares, strict=True)
                        )
                        notes.append(
                            f"{name} -j{count}: ratio of each of {args.repeat} runs {ratios}"
                        )
                notes.append(
                    f"{name} -j{count}: stages "
                    + ", ".join(f"{k} {v:.1f}s" for k, v in report["timings_s"].items())
                    + f"; {report['parsed']} parsed, {report['workers']}"
                )
            assert first is not None
            again = kg_build([corpus], out, max(workers))
            rows.append(_incremental(label, "rebuild, nothing changed", again, first))
            extra = extra_articles(args.data, folder)
            added = kg_build([corpus, extra], out, max(workers))
            rows.append(_incremental(label, "rebuild, 10 articles added", added, first))
            report = json.loads((out / "report.json").read_text())
            notes.append(
                f"{name} +10: stages "
                + ", ".join(f"{k} {v:.1f}s" for k, v in report["timings_s"].items())
            )
            if args.keep is not None:
                shutil.copytree(out, args.keep / name, dirs_exist_ok=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    _print_table(rows)
    for note in notes:
        _say(note)


def _row(label: str, what: str, articles: int, words: int, run: Run) -> list[str]:
    return [
        label,
        what,
        f"{run.seconds:.1f}",
        f"{articles / run.seconds:.1f}",
        f"{words / run.seconds:,.0f}",
        gib(run.peak_bytes),
        f"{run.cpu_seconds:.0f}",
    ]


def _incremental(label: str, what: str, run: Run, first: Run) -> list[str]:
    return [
        label,
        what,
        f"{run.seconds:.1f}",
        "",
        "",
        gib(run.peak_bytes),
        f"{run.cpu_seconds:.0f}",
        f"{run.seconds / first.seconds:.1%} of first build",
    ]


def _print_table(rows: list[list[str]]) -> None:
    header = [
        "corpus",
        "run",
        "seconds",
        "articles/s",
        "words/s",
        "peak memory",
        "CPU s",
        "ratio",
        "CPU ratio",
    ]
    rows = [row + [""] * (len(header) - len(row)) for row in rows]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |"
    _say(line)
    _say("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        _say("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")


if __name__ == "__main__":
    main()
