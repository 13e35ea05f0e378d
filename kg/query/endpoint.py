"""A read-only SPARQL 1.1 Protocol endpoint over HTTP, serving the graph viewer too.

    GET  /sparql?query=...                          query in the URL
    POST /sparql  (application/x-www-form-urlencoded, query=...)
    POST /sparql  (application/sparql-query, the query as the body)
    GET  /                                          the viewer (graph.html)

`default-graph-uri` and `named-graph-uri` choose the dataset as the protocol says; without
them a query sees the union of every graph, as `kg query` does.

Results come in the standard media types, chosen from the Accept header: SPARQL results
JSON (the default), XML, CSV or TSV for SELECT and ASK; Turtle (the default) or N-Triples for
CONSTRUCT and DESCRIBE.

The endpoint runs next to its user's browser, so every request is taken as hostile:

- HTTP is waitress's (a production WSGI server): one I/O thread buffers each request whole
  before any worker sees it, so slow or half-sent requests hold no thread and are dropped
  after `idle_timeout`; chunked bodies are decoded; the listen backlog is 1024.
- `Host` must name this server (its address, `localhost`, or `allowed_hosts`), which stops
  DNS rebinding; a cross-site request (an `Origin` or `Sec-Fetch-Site` from another site) is
  refused unless its origin is in `cors_origins`, which also get CORS headers. So a web page
  can neither read answers nor spend the machine's CPU on queries.
- Each query is checked before any parser sees it (size, nesting, SERVICE/LOAD refused:
  `kg.query.guard`), then runs in a worker process (`kg.query.workers`) that is killed at
  its time limit and replaced, with a memory cap; `workers` queries run at once, and a
  request waits up to the time limit for a free one.
- Updates get 403; bodies over `max_body` bytes get 413; answers stop at `max_rows` rows
  (the response then says `X-KG-Truncated`).
"""

from __future__ import annotations

import ipaddress
import logging
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import QueryError, QueryTimeout
from kg.query.guard import check_query
from kg.query.results import format_result
from kg.query.workers import Busy, QueryJob, QueryWorkers, WorkerDied
from kg.vocab import PREFIXES

if TYPE_CHECKING:
    from kg.query.store import Source

log = logging.getLogger(__name__)

SPARQL_PATHS = ("/sparql", "/query")
VIEWER_PATHS = ("/", "/index.html", "/graph.html")

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
_SECURITY_HEADERS = [
    ("X-Content-Type-Options", "nosniff"),
    ("Cache-Control", "no-store"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
]


@dataclass(frozen=True, slots=True)
class EndpointSettings:
    """Limits of the endpoint; each default is defined here once."""

    timeout: float = 10.0
    max_rows: int = 10_000
    workers: int = 4
    max_body: int = 1 << 20
    memory: int = 2 << 30
    """Bytes a query's worker may allocate beyond the graph it shares."""
    idle_timeout: float = 15.0
    """Seconds a connection may stay silent (or half-sent) before it is closed."""
    max_connections: int = 500
    allowed_hosts: tuple[str, ...] = ()
    """Host names accepted besides the bound address and localhost; "*" accepts any."""
    cors_origins: tuple[str, ...] = ()
    """Origins (scheme://host[:port]) whose pages may query and read the answers."""
    allow_service: bool = False
    """Let queries call other endpoints with SERVICE (off: such queries get 400)."""


class SparqlServer:
    """The HTTP server: waitress in front, the query workers behind."""

    def __init__(
        self,
        address: tuple[str, int],
        source: Source,
        settings: EndpointSettings | None = None,
        viewer: Path | None = None,
        reopen: Callable[[], Source] | None = None,
    ) -> None:
        import waitress

        self.settings = settings or EndpointSettings()
        host, port = address
        self.workers = QueryWorkers(
            source, self.settings.workers, memory=self.settings.memory, reopen=reopen
        )
        try:
            self._server = waitress.create_server(
                SparqlApp(self.workers, self.settings, viewer, host),
                host=host,
                port=port,
                threads=self.settings.workers + 2,  # two spare for the viewer and refusals
                backlog=1024,
                connection_limit=self.settings.max_connections,
                channel_timeout=self.settings.idle_timeout,
                cleanup_interval=max(1.0, min(5.0, self.settings.idle_timeout / 2)),
                # waitress answers bodies over this itself; a little slack lets the app say
                # 413 in its own words for bodies near the limit
                max_request_body_size=self.settings.max_body * 2 + 1024,
                max_request_header_size=64 * 1024,
                asyncore_use_poll=True,  # select() cannot watch more than 1,024 sockets
                ident="kg-sparql",
                expose_tracebacks=False,
                clear_untrusted_proxy_headers=True,
            )
        except BaseException:
            self.workers.close()
            raise
        self._server.application.port = int(self._server.effective_port)

    @property
    def url(self) -> str:
        host = str(self._server.effective_host)
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self._server.effective_port}"

    def serve_forever(self) -> None:
        self._server.run()

    def shutdown(self) -> None:
        """Stop serving: close the listening socket and every connection."""
        self._server.task_dispatcher.shutdown(cancel_pending=True, timeout=2)
        self._server.close()
        for channel in list(self._server._map.values()):
            channel.close()

    def server_close(self) -> None:
        """Stop the query workers (after `shutdown`, or when serving ended)."""
        self.workers.close()


def make_server(
    source: Source,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    settings: EndpointSettings | None = None,
    viewer: Path | None = None,
    reopen: Callable[[], Source] | None = None,
) -> SparqlServer:
    """A server for `source` on host:port (port 0 picks a free one); call `serve_forever()`.

    `reopen` opens the graph anew in each query worker (for a persisted store); without it
    the workers share the loaded `source`.

    Raises:
        QueryError: if the address cannot be bound.
    """
    try:
        return SparqlServer((host, port), source, settings, viewer, reopen)
    except OSError as exc:
        where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        raise QueryError(where, f"cannot listen: {exc.strerror or exc}") from exc


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


def host_allowed(host_header: str | None, bound: str, allowed: Iterable[str]) -> bool:
    """Whether a request's Host header names this server.

    A page that rebinds its own DNS name to 127.0.0.1 still sends its own name as Host, so
    only names the user chose pass: localhost, the bound address, `allowed`, and, when bound
    to every interface, any IP address (a literal address cannot be rebound).

    >>> host_allowed("localhost:8000", "127.0.0.1", ())
    True
    >>> host_allowed("attacker.example:8000", "127.0.0.1", ())
    False
    >>> host_allowed("[::1]:8000", "::1", ())
    True
    """
    if host_header is None:
        return True  # HTTP/1.0 clients send none; browsers always do
    name = _host_name(host_header)
    if name is None:
        return False
    names = {n.lower().rstrip(".") for n in allowed}
    if "*" in names or name in names or name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    try:
        bound_address = ipaddress.ip_address(bound)
    except ValueError:
        return address.is_loopback
    if bound_address.is_unspecified:
        return True
    return address == bound_address or (bound_address.is_loopback and address.is_loopback)


def _host_name(host_header: str) -> str | None:
    """The host part of a Host header, lower-cased, without port or brackets."""
    value = host_header.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        return value[1:end] if end > 0 else None
    name = value.rsplit(":", 1)[0] if value.count(":") == 1 else value
    name = name.rstrip(".")
    return name or None


class SparqlApp:
    """The WSGI application: routing, checks, negotiation; queries go to the workers."""

    def __init__(
        self, workers: QueryWorkers, settings: EndpointSettings, viewer: Path | None, host: str
    ) -> None:
        self.workers = workers
        self.settings = settings
        self.viewer = viewer
        self.host = host
        self.port = 0

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        response = self.respond(environ)
        status, headers, body = response
        start_response(f"{status.value} {status.phrase}", headers)
        return [body] if environ.get("REQUEST_METHOD") != "HEAD" else []

    def respond(self, environ: dict[str, Any]) -> tuple[HTTPStatus, list[tuple[str, str]], bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO", "/")
        if not host_allowed(environ.get("HTTP_HOST"), self.host, self.settings.allowed_hosts):
            return _plain(
                HTTPStatus.FORBIDDEN,
                "this Host is not served here; name the server by its address or localhost"
                " (kg serve --allow-host NAME to add a name)",
            )
        origin = environ.get("HTTP_ORIGIN")
        cors = self._cors_headers(origin)
        if self._cross_site(environ, origin) and not cors:
            return _plain(
                HTTPStatus.FORBIDDEN,
                "cross-site requests are refused (kg serve --cors ORIGIN to allow a site)",
            )
        if method == "OPTIONS":
            return HTTPStatus.NO_CONTENT, cors + _SECURITY_HEADERS, b""
        status, headers, body = self._route(method, path, environ)
        return status, headers + cors, body

    def _route(
        self, method: str, path: str, environ: dict[str, Any]
    ) -> tuple[HTTPStatus, list[tuple[str, str]], bytes]:
        if path in SPARQL_PATHS:
            if method in ("GET", "HEAD"):
                query = environ.get("QUERY_STRING", "")
                return self._sparql(urllib.parse.parse_qs(query, keep_blank_values=True), environ)
            if method == "POST":
                return self._post(environ)
            return _plain(
                HTTPStatus.METHOD_NOT_ALLOWED, "use GET or POST", [("Allow", "GET, POST")]
            )
        if path in VIEWER_PATHS:
            if method not in ("GET", "HEAD"):
                return _plain(HTTPStatus.METHOD_NOT_ALLOWED, "use GET", [("Allow", "GET")])
            return self._viewer()
        return _plain(HTTPStatus.NOT_FOUND, f"no such page: {path} (SPARQL is at /sparql)")

    # --- cross-site requests

    def _cors_headers(self, origin: str | None) -> list[tuple[str, str]]:
        if origin is None or origin not in self.settings.cors_origins:
            return []
        return [
            ("Access-Control-Allow-Origin", origin),
            ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
            ("Access-Control-Allow-Headers", "Content-Type, Accept"),
            ("Access-Control-Expose-Headers", "X-KG-Truncated"),
            ("Access-Control-Max-Age", "600"),
            ("Vary", "Origin"),
        ]

    def _cross_site(self, environ: dict[str, Any], origin: str | None) -> bool:
        """Whether a browser sent this request on behalf of a page of another site."""
        fetch_site = environ.get("HTTP_SEC_FETCH_SITE", "").lower()
        if fetch_site in ("cross-site", "same-site"):
            return True
        if origin is None or origin == "null":
            return origin == "null"
        parts = urllib.parse.urlsplit(origin)
        return parts.netloc.lower() != str(environ.get("HTTP_HOST", "")).lower()

    # --- SPARQL

    def _post(self, environ: dict[str, Any]) -> tuple[HTTPStatus, list[tuple[str, str]], bytes]:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if length < 0:
            return _plain(HTTPStatus.BAD_REQUEST, "send a valid Content-Length")
        if length > self.settings.max_body:
            return _plain(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                f"request body over {self.settings.max_body} bytes",
            )
        body = environ["wsgi.input"].read(length).decode("utf-8", "replace")
        media = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
        params = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        if media == "application/x-www-form-urlencoded":
            for key, values in urllib.parse.parse_qs(body, keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
        elif media == "application/sparql-query":
            params["query"] = [body]
        elif media == "application/sparql-update":
            params["update"] = [body]
        else:
            return _plain(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                "send application/sparql-query or an application/x-www-form-urlencoded form",
            )
        return self._sparql(params, environ)

    def _sparql(
        self, params: dict[str, list[str]], environ: dict[str, Any]
    ) -> tuple[HTTPStatus, list[tuple[str, str]], bytes]:
        if "update" in params:
            return _plain(HTTPStatus.FORBIDDEN, "this endpoint is read-only: updates are refused")
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            return _plain(HTTPStatus.BAD_REQUEST, "give exactly one `query` parameter")
        job = QueryJob(
            queries[0],
            tuple(params.get("default-graph-uri", [])),
            tuple(params.get("named-graph-uri", [])),
            self.settings.max_rows,
            self.settings.allow_service,
        )
        try:
            _check(job)
            result = self.workers.run(job, self.settings.timeout)
        except Busy:
            return _plain(HTTPStatus.SERVICE_UNAVAILABLE, "every worker is busy; try again shortly")
        except QueryTimeout as exc:
            return _plain(HTTPStatus.SERVICE_UNAVAILABLE, f"query {exc.reason}")
        except WorkerDied as exc:
            return _plain(HTTPStatus.INTERNAL_SERVER_ERROR, exc.reason)
        except QueryError as exc:
            return _plain(HTTPStatus.BAD_REQUEST, exc.reason)
        chosen = negotiate(environ.get("HTTP_ACCEPT"), result.form)
        if chosen is None:
            kinds = ", ".join(_GRAPH_MEDIA if result.form == "CONSTRUCT" else _ROWS_MEDIA)
            return _plain(
                HTTPStatus.NOT_ACCEPTABLE, f"{result.form} results come as one of: {kinds}"
            )
        fmt, media = chosen
        body = format_result(result, fmt, PREFIXES).encode("utf-8")
        content_type = media + ("; charset=utf-8" if media.startswith("text/") else "")
        headers = [("Content-Type", content_type), *_SECURITY_HEADERS]
        if result.truncated:
            headers.append(("X-KG-Truncated", str(self.settings.max_rows)))
        return HTTPStatus.OK, headers, body

    # --- viewer

    def _viewer(self) -> tuple[HTTPStatus, list[tuple[str, str]], bytes]:
        html = [("Content-Type", "text/html; charset=utf-8"), *_SECURITY_HEADERS]
        viewer = self.viewer
        try:
            if viewer is not None:
                return HTTPStatus.OK, html, viewer.read_bytes()
        except OSError:
            pass
        page = (
            "<!doctype html><meta charset=utf-8><title>kg</title>"
            "<p>No viewer here (build without --no-viewer to get graph.html)."
            " SPARQL: <a href=/sparql>/sparql</a>"
        )
        return HTTPStatus.OK, html, page.encode("utf-8")


def _check(job: QueryJob) -> None:
    """Refuse a hostile query before a worker, or any parser, sees it."""
    check_query(job.sparql, allow_service=job.allow_service)


def _plain(
    status: HTTPStatus, message: str, extra: list[tuple[str, str]] | None = None
) -> tuple[HTTPStatus, list[tuple[str, str]], bytes]:
    body = (" ".join(message.split()) + "\n").encode("utf-8")
    headers = [("Content-Type", "text/plain; charset=utf-8"), *_SECURITY_HEADERS, *(extra or [])]
    return status, headers, body
