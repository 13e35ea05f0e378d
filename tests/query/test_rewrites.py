"""Saved queries rewritten for speed answer exactly as their earlier forms did: the earlier
form is kept in tests/query/fixtures/<name>.before.rq, and both run on the real seed build
and on a small graph from the query benchmark's generator, with several parameter values."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from kg.query.saved import bind_params, parse_saved_query, saved_queries
from kg.query.sparql import run_query
from kg.query.store import OxigraphGraph, load_store
from tests.query.conftest import HERE, ROOT
from tests.query.test_saved_links import with_derived_links

BEFORE = sorted((HERE / "fixtures").glob("*.before.rq"))
ACTORS = ["*", "Mali", "France", "ECOWAS", "nobody by this name"]
CLASSES = ["*", "Official", "kg:State", "Organization", "Bloc"]
PARAMS: list[tuple[str, str] | None] = [
    None,
    *(("actor", actor) for actor in ACTORS),
    *(("class", class_) for class_ in CLASSES),
]
"""Each rewritten query runs with its defaults and with every value here of a parameter it
takes."""


def _cases() -> list[tuple[Path, tuple[str, str] | None]]:
    """Each earlier form with its defaults and each parameter value its query takes."""
    takes = {name: {p.name for p in q.params} for name, q in saved_queries().items()}
    return [
        (before, param)
        for before in BEFORE
        for param in PARAMS
        if param is None or param[0] in takes[before.name.removesuffix(".before.rq")]
    ]


CASES = _cases()


def _case_id(case: object) -> str:
    if isinstance(case, Path):
        return case.name
    return "defaults" if case is None else f"{case[0]}={case[1]}"  # type: ignore[index]


@pytest.fixture(scope="module")
def bench_graph(tmp_path_factory: pytest.TempPathFactory) -> OxigraphGraph:
    spec = importlib.util.spec_from_file_location("query_bench", ROOT / "bench" / "query_bench.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("query_bench", module)
    spec.loader.exec_module(module)
    path = tmp_path_factory.mktemp("rewrites") / "graph.trig"
    module.generate(path, 40_000, seed=11)
    return load_store(path)


@pytest.fixture(scope="module")
def seed_graph(seed_build: Path) -> OxigraphGraph:
    """The seed build in memory, with the links of kg/graph/links.py derived where the build
    lacks them."""
    return with_derived_links(load_store(seed_build))


def _forms(before: Path, param: tuple[str, str] | None) -> tuple[str, str]:
    name = before.name.removesuffix(".before.rq")
    new = saved_queries()[name]
    old = parse_saved_query(before.read_text(encoding="utf-8"), name)
    if param is None:
        return old.text, new.text
    key, value = param
    return bind_params(old, {key: value}), bind_params(new, {key: value})


def test_there_are_earlier_forms() -> None:
    assert BEFORE, "tests/query/fixtures/*.before.rq"


@pytest.mark.parametrize(("before", "param"), CASES, ids=_case_id)
def test_same_rows_on_the_bench_graph(
    bench_graph: OxigraphGraph, before: Path, param: tuple[str, str] | None
) -> None:
    old, new = _forms(before, param)
    expected = run_query(bench_graph, old)
    assert run_query(bench_graph, new) == expected
    if param is None or param[1] == "*":
        assert expected.rows, "the comparison must see rows"


@pytest.mark.parametrize(("before", "param"), CASES, ids=_case_id)
def test_same_rows_on_the_seed_build(
    seed_graph: OxigraphGraph, before: Path, param: tuple[str, str] | None
) -> None:
    old, new = _forms(before, param)
    assert run_query(seed_graph, new) == run_query(seed_graph, old)
