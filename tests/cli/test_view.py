"""`kg view`: print the page's address, open it when a browser can be, fail clearly."""

from __future__ import annotations

import sys
import webbrowser
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import app

DISPLAYS = ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER")


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record what `webbrowser.open` is asked to open, and open nothing."""
    calls: list[str] = []

    def fake_open(url: str) -> bool:
        calls.append(url)
        return True

    monkeypatch.setattr(webbrowser, "open", fake_open)
    return calls


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "graph.html"
    path.write_text("<!DOCTYPE html><title>kg</title>", encoding="utf-8")
    return path


def _set_display(monkeypatch: pytest.MonkeyPatch, display: str | None) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    for name in DISPLAYS:
        monkeypatch.delenv(name, raising=False)
    if display is not None:
        monkeypatch.setenv(display, ":0")


@pytest.mark.parametrize("display", ["DISPLAY", "WAYLAND_DISPLAY", "BROWSER"])
def test_view_opens_the_page(
    page: Path, opened: list[str], monkeypatch: pytest.MonkeyPatch, display: str
) -> None:
    _set_display(monkeypatch, display)
    result = CliRunner().invoke(app, ["view", str(page)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == page.resolve().as_uri()
    assert opened == [page.resolve().as_uri()]


@pytest.mark.parametrize(
    ("args", "display"), [(["--no-open"], "DISPLAY"), ([], None)], ids=["no-open", "no-display"]
)
def test_view_prints_without_opening(
    page: Path,
    opened: list[str],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    display: str | None,
) -> None:
    _set_display(monkeypatch, display)
    result = CliRunner().invoke(app, ["view", str(page), *args])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == page.resolve().as_uri()
    assert opened == []


def test_view_defaults_to_out_graph_html(
    tmp_path: Path, opened: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "graph.html").write_text("<!DOCTYPE html>", encoding="utf-8")
    result = CliRunner().invoke(app, ["view", "--no-open"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (tmp_path / "out" / "graph.html").resolve().as_uri()


@pytest.mark.parametrize("name", ["missing.html", "folder"])
def test_view_missing_page_fails_in_one_line(tmp_path: Path, opened: list[str], name: str) -> None:
    (tmp_path / "folder").mkdir()
    target = tmp_path / name
    result = CliRunner().invoke(app, ["view", str(target)])
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"kg: error: {target}: ")
    assert opened == []


def test_view_is_a_kg_command() -> None:
    result = CliRunner().invoke(app, ["view", "--help"])
    assert result.exit_code == 0, result.output
    assert "Open the viewer page" in result.stdout
