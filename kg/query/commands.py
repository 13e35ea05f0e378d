"""Commands of the query stage: `kg query` (and, later, serve / push / export)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.errors import KgError
from kg.query.sparql import format_results, run_query

EXIT_FATAL = 1


@click.command("query")
@click.argument("sparql")
@click.option(
    "--graph",
    "graph_path",
    type=click.Path(dir_okay=False, exists=True),
    default="out/graph.ttl",
    show_default=True,
    help="Graph file to query.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="How to print SELECT results.",
)
def query_cmd(sparql: str, graph_path: str, fmt: str) -> None:
    """Run a SPARQL query (a string or a .rq file) against a built graph."""
    text = Path(sparql).read_text(encoding="utf-8") if sparql.endswith(".rq") else sparql
    try:
        rows = run_query(graph_path, text)
    except KgError as exc:
        click.echo(f"kg: error: {exc}", err=True)
        sys.exit(EXIT_FATAL)
    click.echo(format_results(rows, fmt), nl=False)


COMMANDS: tuple[click.Command, ...] = (query_cmd,)
