"""`kg query`: run SPARQL text, a .rq file or a saved query on a graph or an endpoint."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.base import graph_option
from kg.errors import QueryError
from kg.vocab import PREFIXES


def _parse_params(items: tuple[str, ...]) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--param")
        params.setdefault(name.strip(), []).append(value)
    return params


def _list_saved() -> str:
    from kg.query.saved import saved_queries

    lines = []
    for query in saved_queries().values():
        lines.append(f"{query.name}: {query.summary}")
        for param in query.params:
            lines.append(f"    -p {param.name}=...  {param.doc} (default {param.default})")
    return "\n".join(lines) + "\n"


@click.command("query")
@click.argument("query", required=False)
@graph_option
@click.option("--endpoint", default=None, help="Query this SPARQL endpoint URL instead of --graph.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json", "xml", "turtle", "ntriples"]),
    default="table",
    show_default=True,
    help="SELECT/ASK: table, csv, tsv, json (SPARQL results JSON), xml. "
    "CONSTRUCT/DESCRIBE: turtle (also what table gives), ntriples.",
)
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A saved query's parameter; repeat a name to ask about several values, * for any.",
)
@click.option(
    "--list", "list_saved", is_flag=True, help="List the saved queries and their parameters."
)
@click.option(
    "--allow-service",
    is_flag=True,
    help="Let SERVICE clauses call the endpoints they name (refused otherwise).",
)
def query_cmd(
    query: str | None,
    graph_path: Path,
    endpoint: str | None,
    fmt: str,
    params: tuple[str, ...],
    list_saved: bool,
    allow_service: bool,
) -> None:
    """Run QUERY: SPARQL text, a .rq file, or the name of a saved query (see --list).

    The project's prefixes (kg, kgd, rdf, rdfs, xsd, owl, skos, prov, dcterms, wd) need no
    PREFIX lines. Queries see every graph: actors, edges, statement records and articles.

    \b
    Examples:
      kg query who-threatens -p actor=Niger
      kg query leaders-and-officials -p actor=France --format csv
      kg query 'SELECT ?s ?o WHERE { ?s kg:sanctions ?o }' --graph out/graph.ttl
    """
    from kg.query.results import format_result
    from kg.query.saved import resolve_query
    from kg.query.sparql import run_query
    from kg.query.store import load_source

    if list_saved:
        click.echo(_list_saved(), nl=False)
        return
    if not query:
        raise click.UsageError(
            "give a query (SPARQL, a .rq file or a saved query's name), or --list"
        )
    text = resolve_query(query, _parse_params(params))
    source = endpoint if endpoint else load_source(graph_path)
    result = run_query(source, text, allow_service=allow_service)
    try:
        output = format_result(result, fmt, PREFIXES)
    except ValueError as exc:  # a format the result's form has not: CONSTRUCT as csv
        raise QueryError("query", str(exc)) from None
    click.echo(output, nl=False)
