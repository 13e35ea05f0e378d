"""`kg diff OLD NEW`: a thin layer over `kg.query.diff`. It exits 0 whether or not the
builds differ; with `--exit-code`, `ExitCode.DIFFERENT` (5) when they do."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.base import ExitCode


@click.command("diff")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Write the differences as JSON.")
@click.option(
    "--exit-code",
    is_flag=True,
    help="Exit 5 when the builds differ, 0 when they do not (as `git diff --exit-code`).",
)
def diff_cmd(old: Path, new: Path, as_json: bool, exit_code: bool) -> None:
    """Compare two builds, OLD and NEW: build folders or graph files (.ttl, .trig, .nt, .nq).

    Lists articles, actors, relation edges and statement records added and removed,
    actors whose class or label changed, and edges whose confidence, article count or
    independent source count changed. Statement records are matched by their content
    (article, edge, character offsets, sentence), not by their IRIs.

    Exits 0 whether or not the builds differ, unless --exit-code is given; 1 on an error.

    \b
    Examples:
      kg diff out-before/ out/
      kg diff old.trig out/ --json > changes.json
      kg diff out-before/ out/ --exit-code || echo "the graph changed"
    """
    from kg.query.diff import diff_graphs
    from kg.query.diff_report import render_text, to_json

    diff = diff_graphs(old, new)
    click.echo(to_json(diff) if as_json else render_text(diff), nl=False)
    sys.exit(ExitCode.DIFFERENT if exit_code and diff.has_differences else ExitCode.OK)
