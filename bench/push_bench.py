"""Time `kg push` and `kg push --changed` against a real `oxigraph serve` (docs/scale.md).

    .venv/bin/python bench/push_bench.py /tmp/bench            # a folder holding graph.trig
    .venv/bin/python bench/query_bench.py --keep /tmp/bench    # makes one: 1 M triples

Starts `oxigraph serve` on a fresh store in a temporary folder, then measures, on a copy
of the graph: a full push (`--changed` without a manifest), a `--changed` push with
nothing changed (parsing and hashing only), `--sample` article graphs sent again one by
one, and the default graph (the summaries) sent again; and the server's store on disk.
Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import http.client
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from kg.query.remote import push_graph, read_graphs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.query.conftest import OXIGRAPH, free_port, wait_for  # noqa: E402


def out(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _size_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6


def _put(connection: http.client.HTTPConnection, query: str, triples: list[ox.Triple]) -> None:
    body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    headers = {"Content-Type": "application/n-triples"}
    connection.request("PUT", f"/store?{query}", body=body, headers=headers)
    connection.getresponse().read()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("folder", type=Path, help="a folder holding graph.trig")
    parser.add_argument("--sample", type=int, default=2000, help="article graphs to re-send")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="kg-push-bench-"))
    try:
        return _measure(args.folder / "graph.trig", work, args.sample)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _measure(trig: Path, work: Path, sample: int) -> int:
    (work / "build").mkdir()
    shutil.copy(trig, work / "build" / "graph.trig")
    port = free_port()
    server = subprocess.Popen(
        [str(OXIGRAPH), "serve", "--location", str(work / "store"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    store = f"http://127.0.0.1:{port}/store"
    try:
        wait_for(f"http://127.0.0.1:{port}/query")
        started = time.perf_counter()
        graphs = read_graphs(work / "build")
        out(f"parsed {len(graphs):,} graphs in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        full = push_graph(work / "build", store, changed=True, timeout=3600)
        out(
            f"full push: {full.named_graphs:,} article graphs and the default graph, "
            f"{full.triples:,} triples, in {time.perf_counter() - started:.1f} s",
        )
        started = time.perf_counter()
        again = push_graph(work / "build", store, changed=True, timeout=3600)
        out(
            f"--changed, nothing changed: {again.unchanged:,} graphs unchanged, "
            f"{again.named_graphs} sent, in {time.perf_counter() - started:.1f} s",
        )
        articles = [name for name in graphs if isinstance(name, ox.NamedNode)][:sample]
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=3600)
        started = time.perf_counter()
        for name in articles:
            _put(connection, "graph=" + urllib.parse.quote(name.value, safe=""), graphs[name])
        each = (time.perf_counter() - started) / max(len(articles), 1)
        mean = sum(len(graphs[name]) for name in articles) / max(len(articles), 1)
        out(f"one article graph ({mean:.0f} triples) sent again: {each * 1000:.1f} ms")
        summaries = graphs.get(ox.DefaultGraph(), [])
        started = time.perf_counter()
        _put(connection, "default", summaries)
        out(
            f"the default graph ({len(summaries):,} triples) sent again: "
            f"{time.perf_counter() - started:.1f} s",
        )
        connection.close()
    finally:
        server.terminate()
        server.wait(timeout=60)
    out(f"oxigraph serve's store on disk: {_size_mb(work / 'store'):,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
