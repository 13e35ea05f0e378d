"""A read-only SPARQL 1.1 Protocol endpoint over HTTP, serving the graph viewer too.

    GET  /sparql?query=...                          query in the URL
    POST /sparql  (application/x-www-form-urlencoded, query=...)
    POST /sparql  (application/sparql-query, the query as the body)
    GET  /                                          the viewer (graph.html)

`default-graph-uri` and `named-graph-uri` choose the dataset as the protocol says (pyoxigraph
engine); without them a query sees the union of every graph, as `kg query` does.

Results come in the standard media types, chosen from the Accept header: SPARQL results
JSON (the default), XML, CSV or TSV for SELECT and ASK; Turtle (the default) or N-Triples for
CONSTRUCT and DESCRIBE.

Safe by default: it binds to 127.0.0.1; it never runs updates (403); a query gets
`timeout` seconds (then 503) and at most `max_rows` rows (the response then says
`X-KG-Truncated`); `workers` queries run at once (more get 503 at once); request bodies over
`max_body` bytes get 413; a malformed query gets 400 with a one-line reason. A query past
its time limit stops at its next result row; a sort or aggregate still running keeps its
worker until it ends, so at most `workers` such queries can pile up.
"""

from __future__ import annotations

import concurrent.futures
import logging
import threading
import time
import urllib.parse
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import QueryError
from kg.query.results import Result, format_result
from kg.query.sparql import PREFIXES, QueryTimeout, run_query

if TYPE_CHECKING:
    from kg.query.store import Source

log = logging.getLogger(__name__)

SPARQL_PATHS = ("/sparql", "/query")

# media type -> writer format, in order of preference when the client accepts anything
_ROWS_MEDIA = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
_GRAPH_MEDIA = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
}


@dataclass(frozen=True, slots=True)
class EndpointSettings:
    """Limits of the endpoint; each default is defined here once."""

    timeout: float = 10.0
    max_rows: int = 10_000
    workers: int = 4
    max_body: int = 1 << 20


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server: holds the graph, the limits and the worker pool."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self,
        address: tuple[str, int],
        source: Source,
        settings: EndpointSettings | None = None,
        viewer: Path | None = None,
    ) -> None:
        super().__init__(address, _Handler)
        self.source = source
        self.settings = settings or EndpointSettings()
        self.viewer = viewer
        self.pool = concurrent.futures.ThreadPoolExecutor(
            max_workers=self.settings.workers, thread_name_prefix="kg-sparql"
        )
        self.slots = threading.BoundedSemaphore(self.settings.workers)
        # rdflib's in-memory store is not meant for concurrent readers; pyoxigraph is.
        self.lock = None if _is_oxigraph(source) else threading.Lock()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else host
        return f"http://{name}:{port}"

    def server_close(self) -> None:
        super().server_close()
        self.pool.shutdown(wait=False, cancel_futures=True)

    def answer(self, sparql: str, default_graphs: list[str], named_graphs: list[str]) -> Result:
        """Run one query within the limits.

        Raises:
            QueryError: malformed query; QueryTimeout past the time limit; _Busy when every
                worker is taken.
        """
        if not self.slots.acquire(blocking=False):
            raise _Busy()
        deadline = time.monotonic() + self.settings.timeout

        def work() -> Result:
            try:
                if self.lock is not None:
                    with self.lock:
                        return self._run(sparql, default_graphs, named_graphs, deadline)
                return self._run(sparql, default_graphs, named_graphs, deadline)
            finally:
                self.slots.release()

        future = self.pool.submit(work)
        try:
            return future.result(timeout=self.settings.timeout)
        except concurrent.futures.TimeoutError as exc:
            raise QueryTimeout(
                "query", f"ran past the {self.settings.timeout:g} s time limit"
            ) from exc

    def _run(
        self, sparql: str, default_graphs: list[str], named_graphs: list[str], deadline: float
    ) -> Result:
        return run_query(
            self.source,
            sparql,
            max_rows=self.settings.max_rows,
            deadline=deadline,
            default_graphs=default_graphs,
            named_graphs=named_graphs,
        )


def _is_oxigraph(source: Source) -> bool:
    from kg.query.sparql import oxigraph_of

    return oxigraph_of(source) is not None


class _Busy(Exception):
    """Every worker is running a query."""


def make_server(
    source: Source,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    settings: EndpointSettings | None = None,
    viewer: Path | None = None,
) -> SparqlServer:
    """A server for `source` on host:port (port 0 picks a free one); call `serve_forever()`.

    Raises:
        QueryError: if the address cannot be bound.
    """
    try:
        return SparqlServer((host, port), source, settings, viewer)
    except OSError as exc:
        raise QueryError(f"{host}:{port}", f"cannot listen: {exc.strerror or exc}") from exc


def negotiate(accept: str | None, form: str) -> tuple[str, str] | None:
    """Pick (writer format, media type) for a result form from an Accept header.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", "SELECT")
    ('xml', 'application/sparql-results+xml')
    >>> negotiate(None, "CONSTRUCT")
    ('turtle', 'text/turtle')
    """
    offers = _GRAPH_MEDIA if form == "CONSTRUCT" else _ROWS_MEDIA
    default = next(iter(offers))
    if not accept:
        return offers[default], default
    ranked: list[tuple[float, int, str]] = []
    for order, item in enumerate(accept.split(",")):
        media, *params = (part.strip() for part in item.split(";"))
        quality = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        if quality > 0:
            ranked.append((-quality, order, media.lower()))
    for _, _, media in sorted(ranked):
        if media in offers:
            return offers[media], media
        if media in ("*/*", "application/*", "text/*"):
            family = media.split("/")[0]
            for offered in offers:
                if family == "*" or offered.startswith(family + "/"):
                    return offers[offered], offered
    return None


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "kg-sparql/0.1"
    protocol_version = "HTTP/1.1"

    # --- routing

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if url.path in SPARQL_PATHS:
            params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
            self._sparql(params)
        elif url.path in ("/", "/index.html", "/graph.html"):
            self._viewer()
        else:
            self._plain(HTTPStatus.NOT_FOUND, f"no such page: {url.path} (SPARQL is at /sparql)")

    def do_POST(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if url.path not in SPARQL_PATHS:
            self._plain(
                HTTPStatus.NOT_FOUND, f"no such endpoint: {url.path} (SPARQL is at /sparql)"
            )
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0:
            self._plain(HTTPStatus.BAD_REQUEST, "send a valid Content-Length")
            self.close_connection = True
            return
        if length > self.server.settings.max_body:
            self._plain(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                f"request body over {self.server.settings.max_body} bytes",
            )
            self.close_connection = True
            return
        body = self.rfile.read(length).decode("utf-8", "replace")
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if media == "application/x-www-form-urlencoded":
            for key, values in urllib.parse.parse_qs(body, keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
        elif media == "application/sparql-query":
            params["query"] = [body]
        elif media == "application/sparql-update":
            params["update"] = [body]
        else:
            self._plain(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                "send application/sparql-query or an application/x-www-form-urlencoded form",
            )
            return
        self._sparql(params)

    # --- SPARQL

    def _sparql(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            self._plain(HTTPStatus.FORBIDDEN, "this endpoint is read-only: updates are refused")
            return
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            self._plain(HTTPStatus.BAD_REQUEST, "give exactly one `query` parameter")
            return
        try:
            result = self.server.answer(
                queries[0], params.get("default-graph-uri", []), params.get("named-graph-uri", [])
            )
        except _Busy:
            self._plain(HTTPStatus.SERVICE_UNAVAILABLE, "every worker is busy; try again shortly")
            return
        except QueryTimeout as exc:
            self._plain(HTTPStatus.SERVICE_UNAVAILABLE, f"query {exc.reason}")
            return
        except QueryError as exc:
            self._plain(HTTPStatus.BAD_REQUEST, exc.reason)
            return
        chosen = negotiate(self.headers.get("Accept"), result.form)
        if chosen is None:
            kinds = ", ".join(_GRAPH_MEDIA if result.form == "CONSTRUCT" else _ROWS_MEDIA)
            self._plain(HTTPStatus.NOT_ACCEPTABLE, f"{result.form} results come as one of: {kinds}")
            return
        fmt, media = chosen
        body = format_result(result, fmt, PREFIXES).encode("utf-8")
        content_type = media + ("; charset=utf-8" if media.startswith("text/") else "")
        headers = {"X-KG-Truncated": str(self.server.settings.max_rows)} if result.truncated else {}
        self._send(HTTPStatus.OK, content_type, body, headers)

    # --- viewer

    def _viewer(self) -> None:
        viewer = self.server.viewer
        if viewer is None or not viewer.is_file():
            page = (
                "<!doctype html><meta charset=utf-8><title>kg</title>"
                "<p>No viewer here (build without --no-viewer to get graph.html)."
                " SPARQL: <a href=/sparql>/sparql</a>"
            )
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", page.encode("utf-8"))
            return
        self._send(HTTPStatus.OK, "text/html; charset=utf-8", viewer.read_bytes())

    # --- responses

    def _plain(self, status: HTTPStatus, message: str) -> None:
        self._send(
            status, "text/plain; charset=utf-8", (" ".join(message.split()) + "\n").encode("utf-8")
        )

    def _send(
        self, status: HTTPStatus, media: str, body: bytes, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        log.info("%s %s", self.address_string(), format % args)
