"""`kg view`: open the viewer page a build wrote."""

from __future__ import annotations

import os
import sys
import webbrowser
from pathlib import Path

import click

from kg.config import Settings
from kg.errors import InputError
from kg.outdir import read_build

__all__ = ["can_open_browser", "view_cmd"]

DEFAULT_PAGE = Settings().out_dir / "graph.html"


def can_open_browser() -> bool:
    """Tell whether a graphical web browser can be started from here.

    On Linux and the BSDs that needs a display (X11 or Wayland), or a browser named
    in ``$BROWSER``; without one, Python's `webbrowser` might start a text browser
    inside the terminal. macOS and Windows always have one.

    >>> isinstance(can_open_browser(), bool)
    True
    """
    if sys.platform in ("darwin", "win32"):
        return True
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER"))


@click.command("view")
@click.argument(
    "path",
    type=click.Path(path_type=Path),
    default=DEFAULT_PAGE,
)
@click.option("--no-open", is_flag=True, help="Only print the page's address.")
def view_cmd(path: Path, no_open: bool) -> None:
    """Open the viewer page PATH (default: out/graph.html) in a web browser.

    Prints the page's file:// address. The page works offline from the file alone, so
    the address can be opened anywhere the file is.
    """
    with read_build(path):  # finish a publish a killed build left halfway, if any
        found = path.is_file()
    if not found:
        raise InputError(str(path), "no viewer page here; `kg build ARTICLES --out DIR` writes one")
    url = path.resolve().as_uri()
    click.echo(url)
    if no_open:
        return
    if not can_open_browser():
        click.echo("kg: no display to open a browser on; open the address above", err=True)
        return
    if not webbrowser.open(url):
        click.echo("kg: could not start a web browser; open the address above", err=True)
