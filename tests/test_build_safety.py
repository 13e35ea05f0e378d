"""Builds never lose each other's work: one build at a time per out/, a publish that
cannot tear, workers that die with their build, and one-line errors for a damaged or
unwritable out/. The concurrency and kill tests run real `kg` processes."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import kg.outdir
from kg.config import Settings
from kg.outdir import COMMIT_MARKER, STAGING_PREFIX, build_lock, read_build
from kg.pipeline import BuildResult, build
from kg.state import CACHE_FILE, MEMO_FILE, STATE_FILE

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parent.parent
KG = ROOT / ".venv" / "bin" / "kg"
TEXTS = {
    "a": "ECOWAS threatens Niger\n\nECOWAS imposed sanctions on Niger on Thursday after the "
    "coup. President Mohamed Bazoum was detained by the junta.\n",
    "b": "Russia and Mali\n\nRussia supports Mali, officials in Bamako said on Monday. Talks "
    "between the two governments are expected to continue next week.\n",
}
GRAPH_FILES = ("graph.ttl", "graph.trig", "graph.html", "report.json", STATE_FILE, CACHE_FILE)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    paths = {}
    for name, text in TEXTS.items():
        paths[name] = folder / f"{name}.txt"
        paths[name].write_text(text, encoding="utf-8")
    return paths


def _build(inputs: list[Path], out: Path, **options: object) -> BuildResult:
    return build([str(p) for p in inputs], Settings(out_dir=out, workers=1, **options))  # type: ignore[arg-type]


def _kg(*args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(KG), *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT
    )


def _contents(out: Path) -> dict[str, bytes]:
    """Every file directly in out/ by name, dot files (the locks) and the build memo (a
    cache of Python objects, whose bytes follow set order) left out."""
    return {
        p.name: p.read_bytes()
        for p in out.iterdir()
        if p.is_file() and p.name[0] != "." and p.name != MEMO_FILE
    }


def _state_keys(out: Path) -> set[str]:
    lines = (out / STATE_FILE).read_text(encoding="utf-8").splitlines()
    return {json.loads(line)["article"]["key"] for line in lines if line.strip()}


def _stagings(out: Path) -> list[Path]:
    return [p for p in out.iterdir() if p.name.startswith(STAGING_PREFIX)]


def _one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


# --------------------------------------------------------------------------------------
# One build at a time
# --------------------------------------------------------------------------------------


def test_build_safety_sequential_builds_keep_both(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build([files["a"]], out)
    result = _build([files["b"]], out)  # the build is cumulative: a stays
    assert result.articles == 2 and len(result.added) == 1
    assert _state_keys(out) == {f"path:{files['a']}", f"path:{files['b']}"}


def test_build_safety_concurrent_builds_wait_and_keep_both(
    files: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    logs = {name: tmp_path / f"{name}.stderr" for name in files}
    procs: dict[str, subprocess.Popen[bytes]] = {}
    with build_lock(out):  # this test holds out/ while both builds start
        for name, path in files.items():
            with logs[name].open("wb") as stderr:
                procs[name] = subprocess.Popen(
                    [str(KG), "build", str(path), "--out", str(out), "-q", "-j1"],
                    stdout=subprocess.DEVNULL,
                    stderr=stderr,
                    cwd=ROOT,
                )
        deadline = time.monotonic() + 90
        while not all("waiting" in p.read_text() for p in logs.values()):
            assert time.monotonic() < deadline, [p.read_text() for p in logs.values()]
            assert all(proc.poll() is None for proc in procs.values())
            time.sleep(0.1)
    for proc in procs.values():
        assert proc.wait(timeout=180) == 0
    for path in logs.values():
        line = _one_line(path.read_text())
        assert line == f"kg: waiting for another build of {out} (pid {os.getpid()}) to finish"
    assert _state_keys(out) == {f"path:{files['a']}", f"path:{files['b']}"}
    assert json.loads((out / "report.json").read_text())["articles"] == 2
    assert not _stagings(out)


# --------------------------------------------------------------------------------------
# Publishing that cannot tear
# --------------------------------------------------------------------------------------

KILL_AFTER_FIRST_RENAME = """
import os, sys
import kg.outdir
from kg.cli import main

real_replace = os.replace

def replace(source, target, *args, **kwargs):
    real_replace(source, target, *args, **kwargs)
    if "/.staging-" in os.fspath(source) and not os.fspath(source).endswith(".tmp"):
        os._exit(9)  # as a kill -9 would: no cleanup, no lock release but the kernel's

kg.outdir.os.replace = replace
main()
"""


@pytest.mark.parametrize("next_one", ["build", "reader"])
def test_build_safety_kill_during_renames_rolls_forward(
    files: dict[str, Path], tmp_path: Path, next_one: str
) -> None:
    out, scratch = tmp_path / "out", tmp_path / "scratch"
    _build([files["a"]], out)
    old = _contents(out)
    _build([files["a"]], scratch)
    _build([files["a"], files["b"]], scratch)  # what the killed build publishes
    new = _contents(scratch)
    inputs = [str(files["a"]), str(files["b"])]
    killed = subprocess.run(
        [sys.executable, "-c", KILL_AFTER_FIRST_RENAME, "build", *inputs, "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
    )
    assert killed.returncode == 9, killed.stderr
    # torn for now: one file of the new build renamed, the others still staged
    (staging,) = _stagings(out)
    assert (staging / COMMIT_MARKER).is_file()
    torn = _contents(out)
    assert torn["graph.ttl"] == old["graph.ttl"] and torn != old
    if next_one == "build":
        result = _build([files["a"], files["b"]], out)
        assert result.up_to_date and result.parsed == 0  # the killed build was published
    else:
        with read_build(out):
            assert not _stagings(out)
            assert (out / "graph.ttl").read_bytes() == new["graph.ttl"]
    assert not _stagings(out)
    after = _contents(out)
    assert after.pop("report.json") and new.pop("report.json")  # timings differ
    assert after == new


def test_build_safety_unfinished_staging_is_deleted(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build([files["a"]], out)
    old = _contents(out)
    leftover = out / f"{STAGING_PREFIX}dead"
    leftover.mkdir()
    (leftover / "graph.ttl").write_text("half a graph")  # no marker: never published
    with read_build(out):
        assert leftover.exists()  # a reader leaves it: it may be a running build's
    result = _build([files["a"]], out)
    assert result.up_to_date and not leftover.exists()
    assert _contents(out)["graph.ttl"] == old["graph.ttl"]


def test_build_safety_readers_wait_for_a_publish(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    entered = threading.Event()

    def reader() -> None:
        with read_build(out):
            entered.set()

    with kg.outdir._publish_lock(out):  # a build renaming its outputs
        thread = threading.Thread(target=reader)
        thread.start()
        assert not entered.wait(0.5)
    assert entered.wait(5)
    thread.join(5)


def test_build_safety_nested_reads_do_not_deadlock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    staging = out / f"{STAGING_PREFIX}dead"
    staging.mkdir(parents=True)
    kg.outdir._write_marker(staging, ["graph.ttl"])  # a publish left halfway ...

    def cannot(*args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(kg.outdir, "_roll_forward", cannot)  # ... that cannot be finished
    done = threading.Event()

    def nested() -> None:
        with read_build(out), read_build(out / "graph.ttl"):
            done.set()

    thread = threading.Thread(target=nested, daemon=True)
    thread.start()
    assert done.wait(10), "a read inside a read of the same folder deadlocked"


# --------------------------------------------------------------------------------------
# Workers die with their build
# --------------------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                stat = (entry / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has died


def _wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_build_safety_workers_die_with_a_killed_build(tmp_path: Path) -> None:
    corpus = tmp_path / "many.jsonl"
    with corpus.open("w", encoding="utf-8") as handle:
        for i in range(600):
            text = (
                f"Report {i}\n\nECOWAS imposed sanctions on Niger on day {i}. Mali condemned "
                f"France, and Russia supports Mali, officials said in statement {i}.\n"
            )
            handle.write(json.dumps({"id": f"n{i}", "text": text}) + "\n")
    proc = subprocess.Popen(
        [str(KG), "build", str(corpus), "--out", str(tmp_path / "out"), "-q", "-j2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    children: list[int] = []
    try:
        # the two workers and multiprocessing's resource tracker
        assert _wait_for(lambda: len(_children(proc.pid)) >= 3, 90)
        children = _children(proc.pid)
        time.sleep(3)  # let them get to work (loading spaCy or parsing)
        assert proc.poll() is None, "the build finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        assert _wait_for(lambda: not any(_alive(c) for c in children), 10), [
            c for c in children if _alive(c)
        ]
    finally:
        if proc.poll() is None:
            proc.kill()
        for child in children:  # orphans, should the test fail
            if _alive(child):
                with contextlib.suppress(OSError):
                    os.kill(child, signal.SIGKILL)


# --------------------------------------------------------------------------------------
# One-line errors, nothing in out/ lost
# --------------------------------------------------------------------------------------


@pytest.fixture
def mount_tmpfs(tmp_path: Path) -> Iterator[Callable[[str], Path]]:
    """Mount a tmpfs of a given size (root only; the test is skipped otherwise)."""
    mounted: list[Path] = []

    def mount(size: str) -> Path:
        point = tmp_path / f"tmpfs{len(mounted)}"
        point.mkdir()
        if os.geteuid() != 0:
            pytest.skip("mounting a tmpfs needs root")
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(point)],
            capture_output=True,
        )
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
        mounted.append(point)
        return point

    try:
        yield mount
    finally:
        for point in mounted:
            subprocess.run(["umount", "-l", str(point)], capture_output=True)


def test_build_safety_disk_full_is_one_line(
    files: dict[str, Path], mount_tmpfs: Callable[[str], Path]
) -> None:
    out = mount_tmpfs("256k") / "out"
    _build([files["a"]], out, viewer=False)  # small enough to fit
    before = _contents(out)
    # graph.html alone (vis-network inlined) is over 256 KiB
    done = _kg("build", str(files["a"]), str(files["b"]), "--out", str(out), "-q", "-j1")
    assert done.returncode == 1
    assert _one_line(done.stderr) == (
        f"kg: error: {out}: cannot write the new outputs; the previous ones are unchanged "
        "(No space left on device)"
    )
    assert _contents(out) == before and not _stagings(out)


def test_build_safety_read_only_out_is_one_line(
    files: dict[str, Path], mount_tmpfs: Callable[[str], Path]
) -> None:
    point = mount_tmpfs("4m")
    out = point / "out"
    _build([files["a"]], out)
    before = _contents(out)
    subprocess.run(["mount", "-o", "remount,ro", str(point)], check=True)
    done = _kg("build", str(files["b"]), "--out", str(out), "-q", "-j1")
    assert done.returncode == 1
    assert _one_line(done.stderr) == (
        f"kg: error: {out}: cannot create or write the output folder (Read-only file system)"
    )
    assert _contents(out) == before


def test_build_safety_out_under_a_file_is_one_line(files: dict[str, Path], tmp_path: Path) -> None:
    out = files["a"] / "sub"
    done = _kg("build", str(files["b"]), "--out", str(out), "-q")
    assert done.returncode == 1
    assert _one_line(done.stderr) == (
        f"kg: error: {out}: cannot create or write the output folder (Not a directory)"
    )


@pytest.mark.parametrize(
    "damage",
    [b"\xff\xfe not UTF-8\n", b"[" * 100_000 + b"\n", b'{"pipeline": 1}\n'],
    ids=["not-utf8", "deeply-nested", "wrong-shape"],
)
def test_build_safety_damaged_state_is_one_line(
    files: dict[str, Path], tmp_path: Path, damage: bytes
) -> None:
    out = tmp_path / "out"
    _build([files["a"]], out)
    with (out / STATE_FILE).open("ab") as handle:
        handle.write(damage)
    before = _contents(out)
    done = _kg("build", str(files["b"]), "--out", str(out), "-q", "-j1")
    # the state holds articles whose inputs may be gone: refuse, rather than drop them
    assert done.returncode == 1
    line = _one_line(done.stderr)
    assert line.startswith(f"kg: error: {out / STATE_FILE}:2: unreadable build state (")
    assert line.endswith("so repair it, or move it away to start afresh")
    assert _contents(out) == before and not _stagings(out)


@pytest.mark.parametrize(
    "damage", ["[]", "[" * 100_000, "\udcff"], ids=["list", "deeply-nested", "not-utf8"]
)
def test_build_safety_damaged_cache_is_ignored_and_rebuilt(
    files: dict[str, Path], tmp_path: Path, damage: str
) -> None:
    out = tmp_path / "out"
    _build([files["a"]], out)
    expected = _contents(out)
    (out / CACHE_FILE).write_bytes(damage.encode("utf-8", "surrogateescape"))
    done = _kg("build", str(files["a"]), "--out", str(out), "-q", "-j1")
    assert done.returncode == 0, done.stderr
    line = _one_line(done.stderr)
    assert line.startswith(
        f"kg: WARNING kg.state: ignoring unreadable build cache {out / CACHE_FILE}"
    )
    assert line.endswith("; it is rebuilt")
    after = _contents(out)
    assert after.pop("report.json") and expected.pop("report.json")
    assert after == expected


def test_only_errors_about_the_output_folder_are_called_output_errors(tmp_path: Path) -> None:
    from kg.pipeline import _about

    out = tmp_path / "out"
    out.mkdir()
    assert _about(OSError(28, "No space left on device"), out)
    assert _about(OSError(13, "Permission denied", str(out / "graph.ttl")), out)
    assert not _about(OSError(2, "No such file", str(tmp_path / "elsewhere.txt")), out)
    assert not _about(OSError("[E050] Can't find model 'x'"), out)


SLOW_MEMO_READ = """
import time
import kg.pipeline
from kg.cli import main

real = kg.pipeline._usable_memo

def slow(*args, **kwargs):
    time.sleep(60)  # a memo of 100,000 articles takes seconds; this one, a minute
    return real(*args, **kwargs)

kg.pipeline._usable_memo = slow
main()
"""


@pytest.mark.parametrize(
    ("new", "runner"),
    [
        (250, "parsing in a forked process"),  # 22 KB new: under FORK_MAX_BYTES
        (800, "parsing with 2 worker processes"),  # 72 KB: a pool
    ],
)
def test_build_safety_ctrl_c_does_not_wait_for_a_memo_being_read(
    tmp_path: Path, new: int, runner: str
) -> None:
    """A Ctrl-C while the memo is read in the background (a rebuild with workers) ends
    the build at once, and loses nothing: the outputs are the last build's, and the next
    build runs."""
    corpus, more = tmp_path / "corpus.jsonl", tmp_path / "more.jsonl"
    for path, count in ((corpus, 5), (more, new)):
        with path.open("w", encoding="utf-8") as handle:
            for i in range(count):
                text = (
                    f"Report {i}\n\nECOWAS imposed sanctions on Niger on day {i}, officials said."
                )
                handle.write(json.dumps({"id": f"{path.stem}{i}", "text": text}) + "\n")
    out = tmp_path / "out"
    _build([corpus], out)
    before = _contents(out)
    args = ["-v", "build", str(corpus), str(more), "--out", str(out), "-j2"]
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_MEMO_READ, *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as a terminal's
    )
    assert proc.stderr is not None
    try:
        line = proc.stderr.readline()
        assert runner in line, line
        time.sleep(1)  # the memo's thread is asleep in its read
        asked = time.monotonic()
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=50)
        waited = time.monotonic() - asked
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, stderr
    assert stderr.strip().splitlines()[-1] == "kg: interrupted; the previous outputs are unchanged"
    assert waited < 20, f"Ctrl-C took {waited:.1f} s"
    assert _contents(out) == before and not _stagings(out)
    assert _build([corpus, more], out).articles == 5 + new
