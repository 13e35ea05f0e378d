"""bench/query_bench.py stays honest: its synthetic graph has the SPEC's shape, the saved queries
find answers in it, and the whole benchmark runs (tiny, untimed: this is not a timing test)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from kg.config import ONTOLOGY_DIR
from kg.graph.store import read_graph
from kg.graph.validate import load_shapes, validate_graph
from kg.query.saved import saved_queries
from kg.query.sparql import run_query
from kg.query.store import load_store
from tests.query.conftest import ROOT


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("query_bench", ROOT / "bench" / "query_bench.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["query_bench"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def small(bench: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bench") / "graph.trig"
    assert bench.generate(path, 6000, seed=3) == len(load_store(path)) >= 6000
    return path


def test_bench_graph_is_deterministic(bench: ModuleType, small: Path, tmp_path: Path) -> None:
    again = tmp_path / "graph.trig"
    bench.generate(again, 6000, seed=3)
    assert again.read_bytes() == small.read_bytes()


def test_bench_graph_conforms_to_the_shapes(small: Path) -> None:
    outcome = validate_graph(read_graph(str(small)), load_shapes(ONTOLOGY_DIR))
    assert outcome.conforms, outcome.messages[:5]


def test_bench_saved_queries_find_answers_on_both_engines(bench: ModuleType, small: Path) -> None:
    fast, slow = load_store(small), bench.load_rdflib(small)
    for name, query in saved_queries().items():
        a, b = run_query(fast, query.text), bench.run_rdflib(slow, query.text)
        assert len(a) > 0, name
        assert bench.same_answers(a, b), name


def test_bench_runs_end_to_end(
    bench: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = bench.main(
        ["--triples", "3000", "--runs", "5", "--rdflib-budget", "20", "--keep", str(tmp_path)]
    )
    table = capsys.readouterr().out
    assert code in (0, 1)  # pass or fail of the timing targets is not this test's business
    assert "| query | rows | pyoxigraph ms |" in table and "targets:" in table
    for name in saved_queries():
        assert f"| {name} |" in table


def test_bench_rdflib_worker_is_killed_past_its_budget_and_restarted(
    bench: ModuleType, small: Path
) -> None:
    query = saved_queries()["who-threatens"].text
    worker = bench.RdflibWorker(small, grace=0.0)
    try:
        worker.load()
        cut = worker.time(query, 5, budget=0.0)  # no time to answer: killed
        assert cut.runs == 0 and cut.result is None and not worker.loaded
        timing = worker.time(query, 5, budget=60.0)  # a new worker loads the graph again
        assert timing.runs == 5 and timing.result is not None and len(timing.result) > 0
    finally:
        worker.close()
