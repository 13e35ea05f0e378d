"""Commands of the query stage: `kg query`, `kg serve`, `kg push`, `kg export`.

Each is a thin layer over a plain function of `kg.query`; a `KgError` becomes one line
`kg: error: ...` on stderr and exit code 1.
"""

from __future__ import annotations

import ipaddress
import signal
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from kg.errors import KgError, printable
from kg.query.endpoint import EndpointSettings
from kg.query.store import ENGINES

EXIT_FATAL = 1
F = TypeVar("F", bound=Callable[..., Any])

_ENDPOINT = EndpointSettings()
GRAPH_HELP = "A build folder (its persisted store is used) or a graph file (.ttl, .trig, .nt, .nq)."


def _fail(message: str) -> NoReturn:
    click.echo(f"kg: error: {' '.join(message.split())}", err=True)
    sys.exit(EXIT_FATAL)


def _one_line_errors(command: F) -> F:
    """Turn a KgError raised by the command into the CLI's one-line error and exit 1."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except KgError as exc:
            _fail(str(exc))

    return run  # type: ignore[return-value]


def _graph_option(command: F) -> F:
    return click.option(
        "--graph",
        "graph_path",
        type=click.Path(path_type=Path),
        default=Path("out"),
        show_default=True,
        help=GRAPH_HELP,
    )(command)


def _engine_option(command: F) -> F:
    return click.option(
        "--engine",
        type=click.Choice(ENGINES),
        default="oxigraph",
        show_default=True,
        help="oxigraph: fast, persisted for build folders; rdflib: pure Python, in memory.",
    )(command)


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
@_graph_option
@click.option("--endpoint", default=None, help="Query this SPARQL endpoint URL instead of --graph.")
@_engine_option
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
    help="Let SERVICE clauses call the endpoints they name (oxigraph engine; refused otherwise).",
)
@_one_line_errors
def query_cmd(
    query: str | None,
    graph_path: Path,
    endpoint: str | None,
    engine: str,
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
    from kg.query.sparql import PREFIXES, run_query
    from kg.query.store import load_source

    if list_saved:
        click.echo(_list_saved(), nl=False)
        return
    if not query:
        raise click.UsageError(
            "give a query (SPARQL, a .rq file or a saved query's name), or --list"
        )
    text = resolve_query(query, _parse_params(params))
    source = endpoint if endpoint else load_source(graph_path, engine)  # type: ignore[arg-type]
    result = run_query(source, text, allow_service=allow_service)
    try:
        output = format_result(result, fmt, PREFIXES)
    except ValueError as exc:
        _fail(f"query: {exc}")
    click.echo(output, nl=False)


@click.command("serve")
@_graph_option
@_engine_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port (0: any free one).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(0.1),
    default=_ENDPOINT.timeout,
    show_default=True,
    help="Seconds a query may run; then its worker process is killed and replaced.",
)
@click.option(
    "--max-rows",
    type=click.IntRange(1),
    default=_ENDPOINT.max_rows,
    show_default=True,
    help="Most rows a result returns.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=_ENDPOINT.workers,
    show_default=True,
    help="Queries run at once, each in a process of its own.",
)
@click.option(
    "--max-memory",
    type=click.IntRange(16),
    default=_ENDPOINT.memory >> 20,
    show_default=True,
    help="MiB a query may allocate beyond the graph; a query that needs more is stopped.",
)
@click.option(
    "--allow-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME",
    help="Accept requests whose Host header is NAME, besides this address and localhost "
    "(repeatable; for a proxy or a name on your network; '*' accepts any, which lets any web "
    "page read the graph by DNS rebinding).",
)
@click.option(
    "--cors",
    "cors_origins",
    multiple=True,
    metavar="ORIGIN",
    help="Let pages of ORIGIN (e.g. https://example.org) query the endpoint and read answers "
    "(repeatable). Without it, requests from other sites are refused.",
)
@click.option(
    "--allow-service",
    is_flag=True,
    help="Let queries call other SPARQL endpoints with SERVICE (off: they get 400).",
)
@click.option(
    "--memory",
    is_flag=True,
    help="Hold a build folder's graph in memory, not in its persisted store: a slower start "
    "(seconds a million triples), then queries two to five times faster.",
)
@_one_line_errors
def serve_cmd(
    graph_path: Path,
    engine: str,
    host: str,
    port: int,
    timeout: float,
    max_rows: int,
    workers: int,
    max_memory: int,
    allowed_hosts: tuple[str, ...],
    cors_origins: tuple[str, ...],
    allow_service: bool,
    memory: bool,
) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint (/sparql) and the viewer (/).

    Binds to 127.0.0.1 unless told otherwise. GET /sparql?query=... or POST a form or
    application/sparql-query; results in SPARQL JSON, XML, CSV, TSV, Turtle or N-Triples
    by the Accept header. Requests that name another Host or come from another site's
    pages are refused (see --allow-host, --cors). Ctrl-C stops it.
    """
    from kg.query.endpoint import make_server
    from kg.query.store import load_source, reopener

    source = load_source(graph_path, engine, memory=memory)  # type: ignore[arg-type]
    viewer = (graph_path if graph_path.is_dir() else graph_path.parent) / "graph.html"
    settings = EndpointSettings(
        timeout=timeout,
        max_rows=max_rows,
        workers=workers,
        memory=max_memory << 20,
        allowed_hosts=allowed_hosts,
        cors_origins=cors_origins,
        allow_service=allow_service,
    )
    server = make_server(
        source, host, port, settings=settings, viewer=viewer, reopen=reopener(source)
    )
    if not _is_loopback(host):
        click.echo(
            f"kg: warning: listening on {host}: anyone who can reach it can query the graph",
            err=True,
        )
    click.echo(
        f"kg: serving {printable(str(graph_path))} at {server.url}/sparql"
        f" (viewer: {server.url}/); Ctrl-C stops",
        err=True,
    )
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.shutdown()
        server.server_close()
        click.echo("kg: stopped", err=True)


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command("push")
@click.option(
    "--endpoint",
    required=True,
    help="The store's Graph Store Protocol URL, e.g. http://localhost:7878/store.",
)
@_graph_option
@click.option(
    "--timeout",
    type=click.FloatRange(0.1),
    default=60.0,
    show_default=True,
    help="Seconds to wait on each request.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress lines.")
@_one_line_errors
def push_cmd(endpoint: str, graph_path: Path, timeout: float, quiet: bool) -> None:
    """Load the graph into a SPARQL 1.1 store with the Graph Store Protocol.

    One named graph per article (PUT replaces it, so a re-pushed article replaces its
    graph) and the default graph (actors, edge summaries). Query the store with its union
    default graph to see all of it, as the saved queries expect. Credentials in the URL
    (http://user:secret@host/store) go as HTTP Basic authentication, and are never shown.
    """
    from kg.errors import printable
    from kg.query.push import push_graph

    def progress(done: int, total: int) -> None:
        if not quiet and (done == total or done % 500 == 0):
            click.echo(f"kg: {done}/{total} graphs sent", err=True)

    report = push_graph(graph_path, endpoint, timeout=timeout, progress=progress)
    if report.named_graphs == 0:
        click.echo(
            f"kg: warning: {printable(str(graph_path))} has no article graphs; "
            "push graph.trig or a build folder for one graph per article",
            err=True,
        )
    click.echo(
        f"pushed {report.named_graphs} article graphs"
        f"{' and the default graph' if report.default_graph else ''}"
        f" ({report.triples} triples) to {report.endpoint}"
    )


@click.command("export")
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@_graph_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["graphml", "gexf", "jsonld", "csv"]),
    default=None,
    help="Default: from OUTPUT's suffix (.graphml, .gexf, .jsonld, .csv).",
)
@_one_line_errors
def export_cmd(output: Path, graph_path: Path, fmt: str | None) -> None:
    """Export the graph to OUTPUT: GraphML or GEXF (Gephi), JSON-LD, or a CSV edge list.

    GraphML, GEXF and CSV hold the actor network: actors with label and class, relation
    edges with confidence and support. JSON-LD holds every triple, article graphs kept.
    """
    from kg.query.export import export_graph
    from kg.query.store import load_source

    written = export_graph(load_source(graph_path), output, fmt)
    click.echo(f"wrote {printable(str(output))} ({written})")


COMMANDS: tuple[click.Command, ...] = (query_cmd, serve_cmd, push_cmd, export_cmd)
