"""Benchmark what `kg` costs before and around the work: its fixed costs (issue 18).

Usage (from the project root):

    .venv/bin/python bench/startup_bench.py
    .venv/bin/python bench/startup_bench.py --runs 5 --base /tmp/i18/ag_out
    .venv/bin/python bench/startup_bench.py --code /tmp/old-checkout   # another checkout's kg

Each figure is the median of `--runs` runs, each in a fresh process, as a user runs them:

(a) `kg --help`;
(b) `kg build BASE_INPUTS --out COPY -q` with nothing to parse, on a copy of `--base` (a
    build folder of `--inputs`);
(c) `kg.nlp.load.load_pipeline` alone (spaCy imported and the model, gazetteer ruler and
    tokenizer loaded), with the user cache of tokenized names warm, and with it empty;
(d) `kg build BASE_INPUTS PLUS --out COPY -q -j1`: the `--plus` articles added to a fresh
    copy of the base folder (the copy is not timed).

Wall seconds and CPU seconds (user + system of the process and its children) are printed:
on a busy machine, CPU time moves less than wall time. A build folder holds the pipeline
version it was built with; when the code has changed since `--base` was built, the first
build of (b) parses everything again (untimed, and said so), and (d) starts from its result.
No timing is asserted anywhere: this prints figures.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18 = Path("/tmp/i18")

LOAD = """
import sys, time
from pathlib import Path
started = time.perf_counter()
from kg.nlp.load import load_pipeline
load_pipeline(Path(sys.argv[1]))
print(time.perf_counter() - started)
"""


@dataclass(frozen=True, slots=True)
class Timing:
    wall: float
    cpu: float


def run(command: Sequence[str], code: Path, env: dict[str, str] | None = None) -> Timing:
    """Run `command` with `code`'s kg; its wall time and the CPU time of its process tree."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    # a checkout run as users run it: its modules' bytecode written once and then read
    inherited = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    environment = {**inherited, "PYTHONPATH": str(code), **(env or {})}
    done = subprocess.run(
        command, cwd=code, env=environment, capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 3):
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(wall, cpu)


def kg(*args: str) -> list[str]:
    return [sys.executable, "-m", "kg", *args]


def median(timings: Sequence[Timing]) -> Timing:
    return Timing(
        statistics.median(t.wall for t in timings), statistics.median(t.cpu for t in timings)
    )


def report(out: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return data


def show(name: str, timings: Sequence[Timing]) -> None:
    middle = median(timings)
    runs = " ".join(f"{t.wall:.2f}" for t in timings)
    say(f"{name:<36} {middle.wall:6.2f} s wall {middle.cpu:6.2f} s CPU   (runs: {runs})")


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def bring_up_to_date(base: Path, inputs: Path, code: Path) -> None:
    """Build `inputs` into `base` until a build has nothing to read (not timed). A folder
    built by other code parses everything again once; one whose record of the input
    names other reading code (or the input by another path) is read again, all of it
    known, by every build that leaves its build cache as it was: then the cache is
    dropped once, and rebuilt."""
    build = kg("build", str(inputs), "--out", str(base), "-q")
    for attempt in range(3):
        spent = run(build, code)
        done = report(base)
        if done["workers"] == "none":
            return
        say(
            f"    (the base folder is not up to date with this code: {done['parsed']} articles "
            f"parsed, {spent.wall:.0f} s, not counted)"
        )
        if attempt == 1:
            say("    (its build cache names the input as other code read it: dropped once)")
            (base / "build-cache.json").unlink()
    sys.exit(f"{base}: still not up to date after three builds")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--base", type=Path, default=I18 / "ag_out", help="A build folder.")
    parser.add_argument("--inputs", type=Path, default=I18 / "ag_base.jsonl", help="Its input.")
    parser.add_argument("--plus", type=Path, default=I18 / "ag_plus10.jsonl")
    parser.add_argument("--code", type=Path, default=ROOT, help="The checkout whose kg runs.")
    parser.add_argument("--skip", default="", help="Letters of the figures to skip (e.g. 'd').")
    args = parser.parse_args()
    code = args.code.resolve()
    ontology = code / "kg" / "ontology"
    say(f"kg from {code}; median of {args.runs} runs")
    with tempfile.TemporaryDirectory(prefix="kg-startup-") as work_dir:
        work = Path(work_dir)
        if "a" not in args.skip:
            run(kg("--help"), code)  # bytecode written, files in the page cache
            show("(a) kg --help", [run(kg("--help"), code) for _ in range(args.runs)])
        base = work / "base"
        shutil.copytree(args.base, base)
        bring_up_to_date(base, args.inputs, code)
        if "b" not in args.skip:
            timings = []
            for _ in range(args.runs):
                timings.append(run(kg("build", str(args.inputs), "--out", str(base), "-q"), code))
                assert report(base)["workers"] == "none", "a no-change build read or parsed"
            show("(b) kg build, nothing to parse", timings)
        if "c" not in args.skip:
            load = [sys.executable, "-c", LOAD, str(ontology)]
            run(load, code)  # the user cache is filled, if it was not
            show("(c) load_pipeline, warm cache", [run(load, code) for _ in range(args.runs)])
            cold = []
            for n in range(args.runs):
                empty = {"KG_CACHE_DIR": str(work / f"cache{n}")}
                cold.append(run(load, code, empty))
            show("    load_pipeline, empty cache", cold)
        if "d" not in args.skip:
            timings = []
            for n in range(args.runs):
                copy = work / f"plus{n}"
                shutil.copytree(base, copy)
                command = kg("build", str(args.inputs), str(args.plus), "--out", str(copy), "-q")
                timings.append(run([*command, "-j1"], code))
                added = report(copy)["parsed"]
                shutil.rmtree(copy)
            show(f"(d) kg build -j1, {added} articles added", timings)


if __name__ == "__main__":
    main()
