"""Time the persisted store updated in place against a full reload, and `kg push --changed`
planning with and without the graph index (issue 18; docs/scale.md).

    .venv/bin/python bench/store_update_bench.py --before /tmp/i18/ag_out \\
        --inputs /tmp/i18/ag_base.jsonl --add /tmp/i18/ag_plus10.jsonl --work /tmp/sub
    .venv/bin/python bench/store_update_bench.py --before /tmp/i18/ag_out \\
        --after /tmp/built --work /tmp/sub      # reuse a folder already built with the additions

`--before` is a build folder (never written: it is copied). The copy's store is loaded,
then the copy is grown by `kg build INPUTS ADD --out` (or replaced by `--after`'s outputs)
and its store brought up to date in place; a second copy of the grown folder has its store
loaded whole, for comparison. Both stores are checked to hold the same quads. A folder
whose build wrote no graph-index.tsv gets one from `index_from_trig`. Then the planning
of `kg push --changed` (read, hash, compare with the previous build's hashes; no server) is
timed with the index and by parsing graph.trig whole. Not a test: timings depend on the
machine and its load (printed).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from kg.query.graph_index import INDEX_NAME, index_from_trig, write_graph_index
from kg.query.manifest import ParsedGraphs, indexed_graphs, plan_push
from kg.query.remote import _target, read_graphs
from kg.query.store import STORE_DIR, load_store, open_read_only, sync_store

ROOT = Path(__file__).resolve().parent.parent
OUTPUTS = ("graph.trig", "graph.ttl", INDEX_NAME)
T = TypeVar("T")


def out(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def timed(job: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = job()
    return result, time.perf_counter() - start


def ensure_index(folder: Path) -> str:
    """graph-index.tsv beside graph.trig: the build's, or one made by `index_from_trig`."""
    if (folder / INDEX_NAME).exists():
        return "written by the build"
    write_graph_index(folder / INDEX_NAME, index_from_trig((folder / "graph.trig").read_bytes()))
    return "made by index_from_trig"


def grow(folder: Path, inputs: Sequence[Path], add: Sequence[Path], after: Path | None) -> str:
    if after is not None:
        for name in OUTPUTS:
            if (after / name).exists():
                shutil.copy(after / name, folder / name)
        return f"outputs copied from {after}"
    command = [
        str(ROOT / ".venv/bin/kg"),
        "build",
        *map(str, [*inputs, *add]),
        "--out",
        str(folder),
    ]
    _, seconds = timed(lambda: subprocess.run(command, check=True, capture_output=True))
    return f"kg build of the additions: {seconds:.1f} s"


def contents(folder: Path) -> tuple[set[str], set[str]]:
    graph = open_read_only(folder / STORE_DIR)
    return {str(q) for q in graph.dataset}, {str(q) for q in graph.union}


def plan_with_index(before: Path, after: Path) -> tuple[int, int]:
    """(graphs to send, to drop) planned from the two folders' graph indexes."""
    with (before / "graph.trig").open("rb") as old, (after / "graph.trig").open("rb") as new:
        previous = indexed_graphs(before / "graph.trig", old)
        current = indexed_graphs(after / "graph.trig", new)
        if previous is None or current is None:
            raise SystemExit("a graph index does not fit its graph.trig")
        plan = plan_push(current.hashes(), previous.hashes())
    return len(plan.send), len(plan.drop)


def plan_by_parsing(before: Path, after: Path) -> tuple[int, int]:
    """The same plan as kg push made it before the index: parse and hash every graph."""

    def hashes(folder: Path) -> dict[str, str]:
        graphs = read_graphs(folder / "graph.trig")
        return ParsedGraphs({_target(n): t for n, t in graphs.items()}).hashes()

    plan = plan_push(hashes(after), hashes(before))
    return len(plan.send), len(plan.drop)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="a build folder (copied)")
    parser.add_argument("--inputs", type=Path, nargs="*", default=[], help="its inputs")
    parser.add_argument("--add", type=Path, nargs="*", default=[], help="the inputs to add")
    parser.add_argument("--after", type=Path, help="a folder already built with the additions")
    parser.add_argument("--work", type=Path, required=True, help="a scratch folder (emptied)")
    args = parser.parse_args(argv)
    if args.after is None and not (args.inputs and args.add):
        parser.error("give --inputs and --add, or --after")
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    before, grown, reloaded = (args.work / name for name in ("before", "grown", "reloaded"))
    shutil.copytree(args.before, before, ignore=shutil.ignore_patterns(STORE_DIR, ".*"))
    out(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    out(
        f"before: {(before / 'graph.trig').stat().st_size:,} bytes of graph.trig; "
        f"index {ensure_index(before)}"
    )
    first, seconds = timed(lambda: sync_store(before))
    out(f"store of the first build: {first.how} in {seconds:.2f} s")

    shutil.copytree(before, grown)
    out(grow(grown, args.inputs, args.add, args.after))
    out(f"after: index {ensure_index(grown)}")
    shutil.copytree(grown, reloaded, ignore=shutil.ignore_patterns(STORE_DIR))

    updated, in_place = timed(lambda: sync_store(grown))
    loaded, whole = timed(lambda: sync_store(reloaded))
    out(
        f"store brought up to date: {updated.how} in {in_place:.2f} s "
        f"({updated.changed} blocks replaced, {updated.removed} removed)"
    )
    out(f"store loaded whole:       {loaded.how} in {whole:.2f} s")
    same = contents(grown) == contents(reloaded) == _fresh(grown)
    out(f"the two stores and a fresh load of graph.trig hold the same quads: {same}")

    (send, drop), indexed = timed(lambda: plan_with_index(before, grown))
    (send_p, drop_p), parsed = timed(lambda: plan_by_parsing(before, grown))
    out(
        f"push --changed planning from the index:  {indexed:.2f} s ({send} to send, {drop} to drop)"
    )
    out(
        f"push --changed planning by parsing:      {parsed:.2f} s ({send_p} to send, {drop_p} to drop)"
    )
    out("(planning covers both builds' graphs; a push reads only the new one's)")


def _fresh(folder: Path) -> tuple[set[str], set[str]]:
    graph = load_store(folder / "graph.trig")
    return {str(q) for q in graph.dataset}, {str(q) for q in graph.union}


if __name__ == "__main__":
    main()
