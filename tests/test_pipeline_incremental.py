"""Incremental builds with the build memo (issue 18): a build that adds articles to a
folder reuses the last build's blocks, and its outputs are those of a build without the
memo, byte for byte, and those of a from-scratch build but for build provenance."""

from __future__ import annotations

import gc
import json
import logging
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.config import Settings
from kg.pipeline import BuildResult, build
from kg.state import MEMO_FILE

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
COMPARED = ("graph.ttl", "graph.trig", "graph-index.tsv", "graph.html", "extractions.jsonl")
PROV = "http://www.w3.org/ns/prov#"


def _build(folder: Path, out: Path) -> BuildResult:
    return build([str(folder)], Settings(out_dir=out, workers=1))


def _without_build_provenance(path: Path) -> list[str]:
    """The file's quads but the build activities and what they generated, sorted."""
    quads = list(ox.parse(path=str(path), format=ox.RdfFormat.TRIG))
    activities = {
        q.subject
        for q in quads
        if q.predicate.value.endswith("22-rdf-syntax-ns#type")
        and q.object.value == PROV + "Activity"
    }
    return sorted(
        str(q)
        for q in quads
        if q.subject not in activities and q.predicate.value != PROV + "wasGeneratedBy"
    )


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Three folders: four seeds then the fifth (with the memo), the same without the
    memo for the second build, and all five from scratch."""
    root = tmp_path_factory.mktemp("incremental")
    corpus = root / "corpus"
    corpus.mkdir()
    for path in SEEDS[:4]:
        shutil.copy(path, corpus / path.name)
    before = os.environ.get("SOURCE_DATE_EPOCH")  # tests/conftest.py sets one for all tests
    os.environ["SOURCE_DATE_EPOCH"] = "1700000000"  # the same activity times in each folder
    try:
        warm, cold, scratch = root / "warm", root / "cold", root / "scratch"
        for out in (warm, cold):
            assert not _build(corpus, out).memo
        (cold / MEMO_FILE).unlink()
        shutil.copy(SEEDS[4], corpus / SEEDS[4].name)  # the fifth arrives
        results = {"warm": _build(corpus, warm), "cold": _build(corpus, cold)}
        _build(corpus, scratch)
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before
    assert results["warm"].memo and not results["cold"].memo
    assert results["warm"].blocks["kept"] > 0 and results["warm"].blocks["made"] > 0
    return {"warm": warm, "cold": cold, "scratch": scratch}


def test_incremental_memo_changes_no_byte(folders: dict[str, Path]) -> None:
    for name in COMPARED:
        assert (folders["warm"] / name).read_bytes() == (folders["cold"] / name).read_bytes(), name


def test_incremental_equals_from_scratch_but_build_provenance(folders: dict[str, Path]) -> None:
    assert (folders["warm"] / "graph.html").read_bytes() == (
        folders["scratch"] / "graph.html"
    ).read_bytes()
    for name in ("graph.ttl", "graph.trig"):
        warm = _without_build_provenance(folders["warm"] / name)
        assert warm == _without_build_provenance(folders["scratch"] / name), name
        assert len(warm) > 500


class _Evil:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch pwned",))


def test_incremental_memo_that_names_a_function_is_refused(
    folders: dict[str, Path], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    out = tmp_path / "out"
    shutil.copytree(folders["warm"], out)
    (out / MEMO_FILE).write_bytes(pickle.dumps(_Evil()))
    extra = tmp_path / "extra"
    extra.mkdir()
    shutil.copy(SEEDS[0], extra / "again.txt")  # a new article: the build must assemble
    with caplog.at_level(logging.WARNING):
        result = build([str(p) for p in SEEDS] + [str(extra)], Settings(out_dir=out, workers=1))
    assert not result.memo
    assert "may not name posix.system" in caplog.text
    assert not (ROOT / "pwned").exists() and not Path("pwned").exists()
    assert (out / "graph.ttl").is_file()


@pytest.mark.parametrize("memo_kept_as", ["delta", "whole"])
def test_incremental_without_build_provenance_is_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, memo_kept_as: str
) -> None:
    """With no build provenance the files depend only on the articles: a folder fed one
    article at a time and one built at once hold the same bytes, whether each build kept
    its memo as a delta of the first build's or whole."""
    import kg.memo

    # a delta is kept when its size times DELTA_SHARE is at most the whole memo's
    monkeypatch.setattr(kg.memo, "DELTA_SHARE", 0 if memo_kept_as == "delta" else 10**9)
    corpus, fed, at_once = tmp_path / "corpus", tmp_path / "fed", tmp_path / "at-once"
    corpus.mkdir()
    settings = {"workers": 1, "build_provenance": False}
    whole: list[bytes] = []
    for path in SEEDS:
        shutil.copy(path, corpus / path.name)
        result = build([str(corpus)], Settings(out_dir=fed, **settings))  # type: ignore[arg-type]
        whole.append((fed / MEMO_FILE).read_bytes())
    assert result.memo and not (fed / "provenance.json").exists()
    delta = (fed / kg.memo.DELTA_FILE).read_bytes()
    if memo_kept_as == "delta":
        assert len(set(whole)) == 1 and delta  # the first build's whole memo, and a delta
    else:
        assert len(set(whole)) == len(SEEDS) and not delta
    build([str(corpus)], Settings(out_dir=at_once, **settings))  # type: ignore[arg-type]
    for name in ("graph.ttl", "graph.trig", "graph-index.tsv", "graph.html"):
        assert (fed / name).read_bytes() == (at_once / name).read_bytes(), name
    assert b"wasGeneratedBy" not in (fed / "graph.trig").read_bytes()


def test_incremental_collector_paused_only_while_the_build_runs(tmp_path: Path) -> None:
    from kg.pipeline import _long_lived

    assert gc.isenabled() and gc.get_freeze_count() == 0
    with _long_lived():
        assert not gc.isenabled()
        kept = [object() for _ in range(10)]
    assert gc.isenabled() and gc.get_freeze_count() >= len(kept)
    gc.unfreeze()
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS[0], corpus / SEEDS[0].name)
    _build(corpus, tmp_path / "out")
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.disable()  # a caller's choice is kept
    try:
        _build(corpus, tmp_path / "again")
        assert not gc.isenabled() and gc.get_freeze_count() == 0
    finally:
        gc.enable()


def _fifth_arrives(tmp_path: Path, other: str) -> tuple[Path, Path, Path, BuildResult]:
    """Four seeds built into `inline` and copied to `other`, then the fifth added and
    built into `inline` in one process: the corpus, both folders and that build."""
    corpus, inline, copy = tmp_path / "corpus", tmp_path / "inline", tmp_path / other
    corpus.mkdir()
    for path in SEEDS[:4]:
        shutil.copy(path, corpus / path.name)
    _build(corpus, inline)
    shutil.copytree(inline, copy)
    shutil.copy(SEEDS[4], corpus / SEEDS[4].name)
    return corpus, inline, copy, _build(corpus, inline)


def test_incremental_memo_read_beside_worker_processes_changes_no_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.pipeline

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    corpus, inline, pooled, one = _fifth_arrives(tmp_path, "pooled")
    assert one.memo
    monkeypatch.setattr(kg.pipeline, "POOL_MIN_BYTES", 0)  # the fifth seed is small
    monkeypatch.setattr(kg.pipeline, "FORK_MAX_BYTES", 0)  # a pool, not one forked process
    result = build([str(corpus)], Settings(out_dir=pooled, workers=2))
    assert result.memo and result.runner == "2 local processes"
    assert result.timings["memo_read"] > 0 and "memo_wait" in result.timings
    for name in COMPARED:
        assert (pooled / name).read_bytes() == (inline / name).read_bytes(), name


def test_incremental_few_new_articles_parse_in_a_process_forked_beside_the_memo_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A feed's few new KiB with a memo to read: one forked process loads spaCy and
    parses while the build reads the memo. The outputs are those of a one-process build,
    and its memo serves the next build. `kg build` runs as a command: a test process may
    hold other tests' threads, beside which kg does not fork."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    corpus, inline, forked, one = _fifth_arrives(tmp_path, "forked")
    assert one.runner == "this process"  # workers=1: one process
    command = [sys.executable, "-m", "kg", "build", str(corpus), "--out", str(forked), "-j2"]
    run = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr
    report = json.loads((forked / "report.json").read_text(encoding="utf-8"))
    assert report["memo"] and report["workers"] == "1 forked process"
    timings = report["timings_s"]
    assert timings["memo_wait"] < timings["memo_read"]  # read while the child parsed
    assert len(report["inputs"]["added"]) == 1
    for name in COMPARED:
        assert (forked / name).read_bytes() == (inline / name).read_bytes(), name
    (corpus / "more.txt").write_text("France recalled its ambassador to Mali.\n", "utf-8")
    assert build([str(corpus)], Settings(out_dir=forked, workers=1)).memo


def test_incremental_no_fork_beside_a_running_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process with another Python thread running (an application embedding kg) is not
    forked: the child would inherit that thread's locks held. It parses inline."""
    import threading

    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    (corpus / "a.txt").write_text("ECOWAS threatened Niger with sanctions.\n", encoding="utf-8")
    _build(corpus, out)
    (corpus / "b.txt").write_text("France recalled its ambassador to Mali.\n", encoding="utf-8")
    release = threading.Event()
    other = threading.Thread(target=release.wait, daemon=True)
    other.start()
    try:
        result = build([str(corpus)], Settings(out_dir=out, workers=2))
    finally:
        release.set()
        other.join()
    assert result.memo and result.runner == "this process" and result.articles == 2


def test_incremental_work_beside_the_build_hands_back_its_result_or_error() -> None:
    from kg.pipeline import _Beside

    def broken() -> int:
        raise OSError("disk gone")

    for background in (True, False):
        assert _Beside(lambda: 5, background, "test").result() == 5
        with pytest.raises(OSError, match="disk gone"):
            _Beside(broken, background, "test").result()
