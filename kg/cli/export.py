"""`kg export`: the graph as GraphML, GEXF, JSON-LD or a CSV edge list."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.base import graph_option
from kg.errors import printable


@click.command("export")
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@graph_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["graphml", "gexf", "jsonld", "csv"]),
    default=None,
    help="Default: from OUTPUT's suffix (.graphml, .gexf, .jsonld, .csv).",
)
def export_cmd(output: Path, graph_path: Path, fmt: str | None) -> None:
    """Export the graph to OUTPUT: GraphML or GEXF (Gephi), JSON-LD, or a CSV edge list.

    GraphML, GEXF and CSV hold the actor network: actors with label and class, relation
    edges with confidence and support. JSON-LD holds every triple, article graphs kept.
    """
    from kg.query.export import export_graph
    from kg.query.store import load_source

    written = export_graph(load_source(graph_path), output, fmt)
    click.echo(f"wrote {printable(str(output))} ({written})")
