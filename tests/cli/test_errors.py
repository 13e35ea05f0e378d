"""The CLI's one error boundary: an error is one line `kg: error: ...` and exit 1, a usage
error exits 2, Ctrl-C exits 130; `kg --help` and the README list the same exit codes."""

from __future__ import annotations

import importlib
import re
import signal
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kg.cli import EXIT_MEANINGS, ExitCode, app

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = (
    "ECOWAS threatens Niger\n\n"
    "ECOWAS imposed sanctions on Niger on Thursday after the coup. "
    "President Mohamed Bazoum was detained by the junta.\n"
)


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with an article, a regular file, a file that is not RDF and one that is
    not JSON; `nowhere` is not there."""
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "file").write_text("a file, not a folder\n", encoding="utf-8")
    (tmp_path / "bad.ttl").write_text("this is not turtle <<<\n", encoding="utf-8")
    (tmp_path / "bad.json").write_text("{\n", encoding="utf-8")
    return tmp_path


# Each command, given a path it cannot use, and the path the error line must name.
BAD_PATHS = {
    "build": (["build", "{d}/a.txt", "--out", "{d}/file/out", "-q"], "file/out"),
    "validate": (["validate", "{d}/bad.ttl"], "bad.ttl"),
    "query": (["query", "most-connected", "--graph", "{d}/nowhere"], "nowhere"),
    "serve": (["serve", "--graph", "{d}/nowhere", "--port", "0"], "nowhere"),
    "push": (
        ["push", "--endpoint", "http://127.0.0.1:9/store", "--graph", "{d}/nowhere"],
        "nowhere",
    ),
    "export": (["export", "{d}/net.gexf", "--graph", "{d}/nowhere"], "nowhere"),
    "diff": (["diff", "{d}/nowhere", "{d}/bad.ttl"], "nowhere"),
    "view": (["view", "{d}/nowhere/graph.html"], "nowhere"),
    "eval": (["eval", "{d}/bad.ttl", "{d}/bad.json"], "bad.ttl"),
    "eval-sample": (["eval-sample", "{d}/bad.json"], "bad.json"),
    "eval-events": (["eval-events", "plover", "--benchmarks", "{d}/nowhere"], "nowhere"),
    "eval-analyst": (["eval-analyst", "--seeds", "{d}/bad.ttl"], "bad.ttl"),
    "eval-news": (["eval-news", "--gold", "{d}"], "news_gold_items.json"),
    "eval-statements": (["eval-statements", "{d}/bad.json"], "bad.json"),
}


def test_every_command_has_a_bad_path_case() -> None:
    assert set(BAD_PATHS) == set(app.list_commands(click.Context(app)))


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(name, marks=pytest.mark.model) if name == "eval-events" else name
        for name in sorted(BAD_PATHS)
    ],  # eval-events loads the model before it reads the benchmarks
)
def test_a_bad_path_is_one_line_and_exit_1(folder: Path, command: str) -> None:
    args, named = BAD_PATHS[command]
    code, stdout, stderr = _run(*(arg.format(d=folder) for arg in args))
    assert (code, stdout) == (ExitCode.FATAL, "")
    assert len(stderr.splitlines()) == 1, stderr
    assert stderr.startswith(f"kg: error: {folder}/{named}"), stderr


def test_an_os_error_naming_a_file_is_one_line(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = importlib.import_module("kg.query.store")  # `kg.query` is also a function

    def denied(*_: object) -> str:
        raise PermissionError(13, "Permission denied", "/srv/graph\x1b[2J.gexf")

    monkeypatch.setattr(store, "load_source", denied)
    code, stdout, stderr = _run("export", str(folder / "net.gexf"), "--graph", str(folder))
    assert (code, stdout) == (ExitCode.FATAL, "")
    assert stderr == "kg: error: /srv/graph\\x1b[2J.gexf: Permission denied\n"


@pytest.mark.parametrize(
    "args",
    [
        ["build"],
        ["no-such-command"],
        ["query", "most-connected", "--format", "xlsx"],
        ["serve", "--port", "70000"],
        ["validate", "nowhere.ttl"],
        ["diff", "only-one"],
    ],
)
def test_a_usage_error_exits_2(args: list[str]) -> None:
    code, stdout, stderr = _run(*args)
    assert (code, stdout) == (ExitCode.USAGE, "")
    assert "Usage: " in stderr and "Error: " in stderr


@pytest.mark.model
def test_ctrl_c_on_a_build_exits_130(folder: Path) -> None:
    out = folder / "out"
    build = subprocess.Popen(
        [sys.executable, "-m", "kg", "-v", "build", str(folder / "a.txt"), "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # as from a terminal: a test run started in the background (`make test &`) ignores
        # SIGINT, and a child inherits that, so the Ctrl-C would never arrive
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert build.stderr is not None
    first = build.stderr.readline()  # "loading spaCy model": well inside the build
    assert "loading spaCy model" in first, first
    build.send_signal(signal.SIGINT)
    stdout, stderr = build.communicate(timeout=120)
    assert build.returncode == ExitCode.INTERRUPTED, stderr
    assert stderr.splitlines() == ["kg: interrupted; the previous outputs are unchanged"]
    assert stdout == "" and not (out / "graph.ttl").exists()


def test_help_lists_every_exit_code() -> None:
    code, stdout, _ = _run("--help")
    assert code == 0
    listed = stdout.partition("Exit codes:")[2]
    for exit_code, meaning in EXIT_MEANINGS.items():
        assert re.search(rf"^\s+{int(exit_code)}\s+{re.escape(meaning[:20])}", listed, re.M)
    assert set(EXIT_MEANINGS) == set(ExitCode)


def test_readme_lists_every_exit_code() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.partition("\nExit codes:\n")[2].partition("\n\n")[0]
    codes = {int(code) for code in re.findall(r"^\| (\d+) \|", table, re.M)}
    assert codes == {int(code) for code in ExitCode}
