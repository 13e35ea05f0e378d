"""`kg serve`: the graph as a read-only SPARQL endpoint, and its viewer."""

from __future__ import annotations

import ipaddress
import signal
from pathlib import Path

import click

from kg.cli.base import graph_option
from kg.errors import printable
from kg.query.endpoint import EndpointSettings

DEFAULT = EndpointSettings()
"""Each limit's default is the `EndpointSettings` field it fills."""


@click.command("serve")
@graph_option
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
    default=DEFAULT.timeout,
    show_default=True,
    help="Seconds a query may run; then its worker process is killed and replaced.",
)
@click.option(
    "--max-rows",
    type=click.IntRange(1),
    default=DEFAULT.max_rows,
    show_default=True,
    help="Most rows a result returns.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=DEFAULT.workers,
    show_default=True,
    help="Queries run at once, each in a process of its own.",
)
@click.option(
    "--max-memory",
    type=click.IntRange(16),
    default=DEFAULT.memory >> 20,
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
def serve_cmd(
    graph_path: Path,
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

    source = load_source(graph_path, memory=memory)
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
            f"kg: warning: listening on {printable(host)}: anyone who can reach it can query the graph",
            err=True,
        )
    url = printable(server.url)
    click.echo(
        f"kg: serving {printable(str(graph_path))} at {url}/sparql (viewer: {url}/); Ctrl-C stops",
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
