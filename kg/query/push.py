"""Load a built graph into any SPARQL 1.1 store with the Graph Store HTTP Protocol.

Each article's named graph is sent with `PUT ?graph=<article IRI>`, which replaces what the
store held under that name, so pushing an article again replaces it rather than adding to
it. The default graph (actors and edge summaries: the whole current picture) is sent with
`PUT ?default`. One HTTP connection is reused for every request.

The saved queries read the union of all graphs, as `kg query` does; query the store with
its union default graph (Oxigraph: `serve --union-default-graph` or the
`union-default-graph` query parameter; Fuseki: `tdb2:unionDefaultGraph true`).

Credentials in the URL (`http://user:secret@host/store`) are sent as HTTP Basic
authentication, and never shown: messages and the report name the URL as
`http://user:***@host/store`.
"""

from __future__ import annotations

import http.client
import logging
import urllib.parse
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import QueryError
from kg.outdir import read_build
from kg.query.store import RDF_FORMATS, graph_file
from kg.query.urls import RemoteURL, parse_remote

log = logging.getLogger(__name__)

USER_AGENT = "kg-push/0.1"


@dataclass(frozen=True, slots=True)
class PushReport:
    """What a push sent: named graphs, whether a default graph went too, and triples.
    `endpoint` is the URL as it may be shown, its password hidden."""

    endpoint: str
    named_graphs: int
    default_graph: bool
    triples: int


GraphName = ox.NamedNode | ox.BlankNode | ox.DefaultGraph


def read_graphs(path: Path | str) -> dict[GraphName, list[ox.Triple]]:
    """Every graph in a graph file or build folder (its graph.trig), by name.

    Raises:
        QueryError: if the file is missing or not readable RDF.
    """
    graphs: dict[GraphName, list[ox.Triple]] = defaultdict(list)
    with read_build(path):  # a build's publish never lands halfway through the read
        file = graph_file(Path(path))
        try:
            for quad in ox.parse(path=str(file), format=RDF_FORMATS[file.suffix.lower()][0]):
                graphs[quad.graph_name].append(quad.triple)
        except (SyntaxError, ValueError) as exc:
            raise QueryError(str(file), f"not readable RDF: {exc}".splitlines()[0]) from exc
    return dict(graphs)


def push_graph(
    path: Path | str,
    endpoint: str,
    *,
    timeout: float = 60.0,
    progress: Callable[[int, int], None] | None = None,
) -> PushReport:
    """PUT every graph of `path` (a graph file or build folder) to the Graph Store `endpoint`.

    Args:
        endpoint: the store's Graph Store Protocol URL (Oxigraph: http://host:port/store),
            with credentials for HTTP Basic authentication if the store wants them.
        progress: called with (graphs sent, graphs in all) after each request.

    Raises:
        QueryError: if the URL is malformed, the file cannot be read, or the store cannot
            be reached, does not speak HTTP or refuses a graph.
    """
    url = parse_remote(endpoint)
    graphs = read_graphs(path)
    ordered = sorted(
        graphs.items(), key=lambda item: (not isinstance(item[0], ox.DefaultGraph), str(item[0]))
    )
    triples = 0
    with _Connection(url, timeout) as connection:
        for done, (name, content) in enumerate(ordered, start=1):
            target = "default" if isinstance(name, ox.DefaultGraph) else _graph_param(name)
            body = ox.serialize(content, format=ox.RdfFormat.N_TRIPLES) or b""
            connection.put(target, body)
            triples += len(content)
            if progress is not None:
                progress(done, len(ordered))
    has_default = any(isinstance(name, ox.DefaultGraph) for name in graphs)
    return PushReport(url.shown, len(graphs) - has_default, has_default, triples)


def _graph_param(name: GraphName) -> str:
    if isinstance(name, ox.BlankNode):  # not addressable from outside; give it a stable IRI
        return "graph=" + urllib.parse.quote(f"urn:kg:bnode:{name.value}", safe="")
    return "graph=" + urllib.parse.quote(name.value, safe="")  # type: ignore[union-attr]


class _Connection:
    """One keep-alive HTTP connection to the store, reopened if the server closes it."""

    def __init__(self, url: RemoteURL, timeout: float) -> None:
        self.url = url
        self.timeout = timeout
        self.connection: http.client.HTTPConnection | None = None

    def __enter__(self) -> _Connection:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.connection is not None:
            self.connection.close()

    def _open(self) -> http.client.HTTPConnection:
        parts = self.url.parts
        kind = (
            http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        )
        return kind(parts.hostname or "", parts.port, timeout=self.timeout)

    def _requests(self) -> Iterator[http.client.HTTPConnection]:
        for attempt in range(2):
            if self.connection is None or attempt:
                if self.connection is not None:
                    self.connection.close()
                self.connection = self._open()
            yield self.connection

    def put(self, query: str, body: bytes) -> None:
        parts = self.url.parts
        separator = "&" if parts.query else ""
        target = f"{parts.path or '/'}?{parts.query}{separator}{query}"
        endpoint = self.url.shown
        headers = {
            "Content-Type": "application/n-triples",
            "User-Agent": USER_AGENT,
            **self.url.headers(),
        }
        error: Exception | None = None
        for connection in self._requests():
            try:
                connection.request("PUT", target, body=body, headers=headers)
                response = connection.getresponse()
                detail = response.read().decode("utf-8", "replace")
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as exc:
                error = exc  # a dropped keep-alive connection: try once on a new one
                continue
            except OSError as exc:
                raise QueryError(endpoint, f"cannot reach the store: {exc}") from exc
            except http.client.HTTPException as exc:  # it answered, but not in HTTP
                raise QueryError(endpoint, f"not an HTTP server: {_garbled(exc)}") from exc
            if response.status >= 300:
                first = " ".join(detail.split())[:300]
                raise QueryError(
                    endpoint, f"HTTP {response.status} {response.reason} for ?{query}: {first}"
                )
            log.info("PUT ?%s: HTTP %s", query, response.status)
            return
        raise QueryError(endpoint, f"the store closed the connection: {error}")


def _garbled(exc: http.client.HTTPException) -> str:
    """What `http.client` made of a reply that is not HTTP, in a line."""
    detail = " ".join(str(exc).split())[:120]
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
