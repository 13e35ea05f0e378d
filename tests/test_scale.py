"""Parallel builds equal the single-process build: a local process pool and a real Dask
`LocalCluster` of two worker processes on loopback."""

from __future__ import annotations

import json
import shutil
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import app
from kg.config import Settings
from kg.pipeline import BuildResult, build
from tests.conftest import ROOT

pytestmark = pytest.mark.model

COMPARED = ("graph.ttl", "graph.trig", "graph.html", "extractions.jsonl")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds as files, and again as JSON records with a blank line, a bad line, a short
    record (an article: a record's text is text, whatever its length) and a record that
    repeats another's id (the first copy counts)."""
    folder = tmp_path_factory.mktemp("corpus")
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    for path in seeds:
        shutil.copy(path, folder / path.name)
    lines = [
        json.dumps({"id": f"seed-{n}", "title": f"Seed {n}", "text": path.read_text()})
        for n, path in enumerate(seeds[:3])
    ]
    lines[1:1] = ["", "{not json", json.dumps({"id": "short", "text": "Too short."})]
    lines.append(json.dumps({"id": "seed-0", "text": seeds[4].read_text()}))
    (folder / "records.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _build(corpus: Path, out: Path, **options: object) -> BuildResult:
    settings: dict[str, object] = {"chunk_size": 2, **options}
    return build([str(corpus)], Settings(out_dir=out, **settings))  # type: ignore[arg-type]


def _outputs(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in COMPARED}


def _report(out: Path) -> dict[str, object]:
    report = json.loads((out / "report.json").read_text())
    del report["timings_s"], report["workers"]
    return dict(report)


@pytest.fixture(scope="module")
def single(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("single")
    result = _build(corpus, out, workers=1)
    assert result.runner == "this process"
    assert result.articles == 9 and len(result.skipped) == 1
    return out


def test_scale_process_pool_equals_single_process(
    corpus: Path, single: Path, tmp_path: Path
) -> None:
    result = _build(corpus, tmp_path, workers=2, chunk_size=1)
    assert result.runner == "2 local processes"
    assert _outputs(tmp_path) == _outputs(single)
    assert _report(tmp_path) == _report(single)


def test_scale_dask_cluster_equals_single_process(
    corpus: Path, single: Path, tmp_path: Path
) -> None:
    from dask.distributed import LocalCluster

    with LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=2,
        processes=True,
        threads_per_worker=1,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",  # not 8787, which another cluster may hold
    ) as cluster:
        address = cluster.scheduler_address
        out = tmp_path / "out"
        result = CliRunner().invoke(
            app,
            ["build", str(corpus), "--out", str(out), "--dask", address, "--chunk-size", "1"],
        )
        assert result.exit_code == 3, result.output  # the bad and the short record
        assert _outputs(out) == _outputs(single)
        assert _report(out) == _report(single)
        assert json.loads((out / "report.json").read_text())["workers"].startswith(
            f"dask {address} (2 worker"
        )
        # a rebuild on the cluster changes nothing and starts nothing
        again = _build(corpus, out, dask=address)
        assert again.up_to_date and again.runner == "none"


def test_scale_dask_local_cluster_beside_another_on_8787(
    corpus: Path, single: Path, tmp_path: Path
) -> None:
    """`--dask local` starts its cluster when Dask's usual HTTP port is taken (another
    cluster, a notebook's dashboard): its scheduler serves HTTP on a free loopback port."""
    with socket.socket() as taken:
        try:
            taken.bind(("127.0.0.1", 8787))
            taken.listen()
        except OSError:
            pass  # already taken by something else: the case itself
        out = tmp_path / "out"
        result = CliRunner().invoke(
            app, ["build", str(corpus), "--out", str(out), "--dask", "local", "-j", "1", "-q"]
        )
    assert result.exit_code == 3, result.output  # the bad and the short record
    assert _outputs(out) == _outputs(single)


def test_scale_dask_unreachable_is_one_line_error(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kg.distributed.CONNECT_TIMEOUT", "1s")
    result = CliRunner().invoke(
        app,
        ["build", str(corpus), "--out", str(tmp_path), "--dask", "tcp://127.0.0.1:9", "-q"],
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("kg: error: dask tcp://127.0.0.1:9: cannot connect")
    assert not (tmp_path / "graph.ttl").exists()


def test_scale_a_few_new_kib_parse_in_this_process(tmp_path: Path) -> None:
    """`-j2` with a feed's few new articles starts no pool: two pipeline loads would cost
    more than the parse."""
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text("ECOWAS threatened Niger with sanctions.\n", encoding="utf-8")
    result = _build(corpus, tmp_path / "out", workers=2)
    assert result.runner == "this process" and result.articles == 1
