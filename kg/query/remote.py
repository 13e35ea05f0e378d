"""Remote stores over HTTP: `kg query --endpoint` (the SPARQL 1.1 Protocol) and `kg push`
(the Graph Store HTTP Protocol), and the URLs they are given.

A URL may carry credentials (`http://user:secret@host/store`). They are taken out of the
URL before it reaches `http.client` or `urllib` (neither uses them, and their messages
would echo them) and sent as HTTP Basic authentication instead. Messages show the URL
with the password hidden (`http://user:***@host/store`), escaped as `printable` does.

`push_graph` sends each article's named graph with `PUT ?graph=<article IRI>`, which
replaces what the store held under that name, so pushing an article again replaces it
rather than adding to it. The default graph (actors and edge summaries: the whole current
picture) is sent with `PUT ?default`. One HTTP connection is reused for every request.
The saved queries read the union of all graphs, as `kg query` does; query the store with
its union default graph (Oxigraph: `serve --union-default-graph` or the
`union-default-graph` query parameter; Fuseki: `tdb2:unionDefaultGraph true`).
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import logging
import re
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import QueryError, one_line, printable
from kg.outdir import read_build
from kg.query.graph_index import INDEX_NAME
from kg.query.manifest import (
    DEFAULT,
    Graphs,
    IndexedGraphs,
    ParsedGraphs,
    SubjectPlan,
    graph_target,
    graphs_only,
    indexed_graphs,
    manifest_path,
    plan_push,
    plan_subjects,
    read_manifest,
    reconcile,
    subject_iri,
    write_manifest,
)
from kg.query.results import Result, Triple, from_oxigraph, parse_json_results
from kg.query.store import RDF_FORMATS, graph_file
from kg.vocab import PREFIXES

log = logging.getLogger(__name__)

QUERY_USER_AGENT = "kg-sparql-client/0.1"
PUSH_USER_AGENT = "kg-push/0.1"

# ---------------------------------------------------------------------------- URLs

HIDDEN = "***"

_SCHEME = r"^([A-Za-z][A-Za-z0-9+.-]*://)"
_USERINFO = re.compile(_SCHEME + r"([^/?#]*)@")
"""User info as `urlsplit` reads it: up to the last "@" of the host part."""
_ANY_AT = re.compile(_SCHEME + r"(.*)@", re.DOTALL)
"""Up to the last "@" anywhere: for a password holding "@" and "/", "?" or "#" unescaped
(hiding too much, rather than a piece of the password, when a path holds an "@")."""


@dataclass(frozen=True, slots=True)
class RemoteURL:
    """A checked http(s) URL: what to request, what to show, and how to authenticate."""

    url: str
    """The URL without its credentials: what is requested."""
    shown: str
    """The URL to show in messages: password hidden, control characters escaped."""
    parts: urllib.parse.SplitResult
    authorization: str | None = field(default=None, repr=False)
    """The value of the Authorization header, if the URL carried credentials."""

    def headers(self) -> dict[str, str]:
        """The Authorization header, if any, to add to each request."""
        return {"Authorization": self.authorization} if self.authorization else {}


def redact(url: str) -> str:
    """`url` fit to print: its password, if any, replaced by `***`; works on any text, a
    URL too malformed to parse included.

    >>> redact("http://ann:s3cret@127.0.0.1:7878/store")
    'http://ann:***@127.0.0.1:7878/store'
    >>> redact("http://ann:a@b/c@[::1")
    'http://ann:***@[::1'
    >>> redact("http://127.0.0.1:7878/store?graph=x")
    'http://127.0.0.1:7878/store?graph=x'
    """
    match = _USERINFO.match(url)
    if match is None or "@" in url[match.end() :]:  # an "@" in the password, unescaped
        match = _ANY_AT.match(url)
    if match is not None and ":" in match.group(2):
        user = match.group(2).partition(":")[0]
        url = f"{match.group(1)}{user}:{HIDDEN}@{url[match.end() :]}"
    return printable(url)


def parse_remote(url: str) -> RemoteURL:
    """Check an http(s) URL and take its credentials out.

    Raises:
        QueryError: naming the URL (password hidden) if it is not a valid http(s) URL.
    """
    shown = redact(url)
    if any(c.isspace() or not c.isprintable() for c in url):
        raise QueryError(shown, "not a valid URL: it holds spaces or control characters")
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number 0-65535
    except ValueError as exc:
        raise QueryError(shown, f"not a valid URL: {exc}") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise QueryError(shown, "not an http(s) URL")
    host = parts.netloc.rpartition("@")[2]
    bare = urllib.parse.urlunsplit(parts._replace(netloc=host))
    return RemoteURL(bare, shown, urllib.parse.urlsplit(bare), _basic(parts))


def _basic(parts: urllib.parse.SplitResult) -> str | None:
    """HTTP Basic credentials from the URL's user info (percent-escapes decoded)."""
    if parts.username is None:
        return None
    user = urllib.parse.unquote(parts.username)
    password = urllib.parse.unquote(parts.password or "")
    token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return f"Basic {token}"


# ---------------------------------------------------------------------------- kg query --endpoint

_DECLARED = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?\s*:", re.IGNORECASE | re.MULTILINE)


def with_prefixes(sparql: str) -> str:
    """Prepend PREFIX lines for the project's prefixes the query uses but does not declare.

    >>> with_prefixes("ASK { ?s a kg:State }").splitlines()[0]
    'PREFIX kg: <https://w3id.org/kg/ontology#>'
    """
    declared = {m.group(1) or "" for m in _DECLARED.finditer(sparql)}
    lines = [
        f"PREFIX {prefix}: <{namespace}>"
        for prefix, namespace in PREFIXES.items()
        if prefix not in declared and re.search(rf"(?<![\w<]){prefix}:", sparql)
    ]
    return "\n".join([*lines, sparql]) if lines else sparql


def query_endpoint(
    url: str, sparql: str, *, timeout: float = 60.0, max_rows: int | None = None
) -> Result:
    """Run `sparql` on a SPARQL 1.1 Protocol endpoint (an HTTP POST of the query).

    SELECT and ASK are read as SPARQL results JSON, CONSTRUCT and DESCRIBE as N-Triples.
    Credentials in the URL (http://user:secret@host/sparql) are sent as HTTP Basic
    authentication; errors name the URL with the password hidden.

    Raises:
        QueryError: if the URL is malformed, or the endpoint cannot be reached, does not
            speak HTTP, refuses the query or answers what cannot be read.
    """
    remote = parse_remote(url)
    text = with_prefixes(sparql)
    request = urllib.request.Request(
        remote.url,
        data=urllib.parse.urlencode({"query": text}).encode("utf-8"),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json, application/n-triples;q=0.9",
            "User-Agent": QUERY_USER_AGENT,
        },
        method="POST",
    )
    for name, value in remote.headers().items():  # not sent on to where a redirect leads
        request.add_unredirected_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            media = response.headers.get_content_type()
            body = response.read()
    except urllib.error.HTTPError as exc:
        detail = one_line(Exception(exc.read().decode("utf-8", "replace")))[:300]
        raise QueryError(remote.shown, f"HTTP {exc.code} {exc.reason}: {detail}") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise QueryError(remote.shown, f"cannot reach the endpoint: {reason}") from exc
    except (http.client.HTTPException, ValueError) as exc:  # it answered, but not in HTTP
        detail = one_line(exc)[:120]
        raise QueryError(
            remote.shown, f"not an HTTP server: {type(exc).__name__}: {detail}"
        ) from exc
    try:
        if media in ("application/sparql-results+json", "application/json"):
            result = parse_json_results(body)
            if max_rows is not None and len(result.rows) > max_rows:
                return Result(result.form, result.columns, result.rows[:max_rows], truncated=True)
            return result
        if media in ("application/n-triples", "text/plain", "text/turtle", "application/n-quads"):
            return Result("CONSTRUCT", triples=tuple(_parse_triples(body, media)))
    except (ValueError, SyntaxError, KeyError, TypeError, AttributeError) as exc:
        detail = one_line(exc)[:120]
        raise QueryError(remote.shown, f"unreadable {media} results: {detail}") from exc
    raise QueryError(remote.shown, f"unexpected response type {media}")


def _parse_triples(body: bytes, media: str) -> list[Triple]:
    fmt = ox.RdfFormat.TURTLE if media == "text/turtle" else ox.RdfFormat.N_TRIPLES
    return [
        (from_oxigraph(q.subject), from_oxigraph(q.predicate), from_oxigraph(q.object))
        for q in ox.parse(body, format=fmt)
    ]


# ---------------------------------------------------------------------------- kg push


@dataclass(frozen=True, slots=True)
class PushReport:
    """What a push sent: named graphs, whether a default graph went too, and triples;
    with `changed`, also how many graphs were left as the store had them and how many it
    dropped. `endpoint` is the URL as it may be shown, its password hidden; `full_because`
    says why a push asked to send only changes sent everything."""

    endpoint: str
    named_graphs: int
    default_graph: bool
    triples: int
    unchanged: int = 0
    dropped: int = 0
    full_because: str | None = None
    subjects: int = 0
    """Default-graph subjects replaced or deleted by SPARQL Update (`update_url`)."""


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
            for quad in ox.parse(path=str(file), format=RDF_FORMATS[file.suffix.lower()]):
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
    changed: bool = False,
    update_url: str | None = None,
) -> PushReport:
    """PUT every graph of `path` (a graph file or build folder) to the Graph Store `endpoint`.

    With `changed`, only the graphs that differ from what the push manifest beside the
    graph (`kg.query.manifest`) says this store holds are sent, and the graphs it lists
    that the build no longer has are deleted; a missing or unreadable manifest means
    everything is sent (`PushReport.full_because` says why). A push with `changed`, or to
    a store a manifest already records, records what the store now holds, graph by graph
    as requests succeed, so a push cut short is taken up where it stopped. The manifest
    names the store by its URL without credentials.

    With `update_url` (the store's SPARQL Update URL; Oxigraph: http://host:port/update)
    and the build's graph index, the manifest also records each default-graph subject's
    hash, and a `changed` push replaces only the subjects whose triples changed (`DELETE
    WHERE { <s> ?p ?o }` then `INSERT DATA`, a few hundred subjects a request) instead of
    sending the whole default graph; without it, or before the manifest records subjects,
    the default graph is sent whole.

    Args:
        endpoint: the store's Graph Store Protocol URL (Oxigraph: http://host:port/store),
            with credentials for HTTP Basic authentication if the store wants them.
        progress: called with (graphs sent, graphs to send) after each request.

    Raises:
        QueryError: if the URL is malformed, the file cannot be read, or the store cannot
            be reached, does not speak HTTP or refuses a graph.
    """
    url = parse_remote(endpoint)
    updates = parse_remote(update_url) if update_url else None
    with contextlib.ExitStack() as stack:
        with read_build(path):
            file = graph_file(Path(path))
            manifest = manifest_path(file)
            pushed, problem = read_manifest(manifest, url.url)
            record = changed or pushed is not None
            graphs = _graphs_of(file, stack) if record else None
            if graphs is None:
                graphs = ParsedGraphs(
                    {_target(name): content for name, content in read_graphs(file).items()}
                )
        hashes = graphs.hashes() if record else {}
        subjects = (
            graphs.subject_hashes()
            if updates is not None and record and isinstance(graphs, IndexedGraphs)
            else None
        )
        if changed and pushed is not None:
            pushed, _ = reconcile(pushed, hashes, graphs)
        before = graphs_only(pushed) if changed and pushed is not None else None
        plan = plan_push(hashes or dict.fromkeys(graphs.targets(), ""), before)
        by_update = (
            plan_subjects(subjects, pushed)
            if subjects is not None and changed and DEFAULT in plan.send
            else None
        )
        held = dict(pushed or {})
        triples = 0
        steps = len(plan.drop) + len(plan.send)
        try:
            with _Connection(url, timeout) as connection:
                for done, target in enumerate(plan.drop, start=1):
                    connection.send("DELETE", target)
                    held.pop(target, None)
                    if progress is not None:
                        progress(done, steps)
                for done, target in enumerate(plan.send, start=len(plan.drop) + 1):
                    if target == DEFAULT and by_update is not None and updates is not None:
                        assert isinstance(graphs, IndexedGraphs) and subjects is not None
                        triples += _update_subjects(
                            updates, timeout, graphs, by_update, subjects, held
                        )
                        held[DEFAULT] = hashes[DEFAULT]
                    else:
                        content = graphs.triples(target)
                        connection.send(
                            "PUT",
                            target,
                            ox.serialize(content, format=ox.RdfFormat.N_TRIPLES) or b"",
                        )
                        triples += len(content)
                        if record:
                            held[target] = hashes[target]
                            if target == DEFAULT:  # the store's subjects are now all current
                                held = {**graphs_only(held), **(subjects or {})}
                    if progress is not None:
                        progress(done, steps)
        finally:
            if record:
                _save_manifest(manifest, url, held)
    named = [target for target in plan.send if target != DEFAULT]
    return PushReport(
        url.shown,
        len(named),
        DEFAULT in plan.send and by_update is None,
        triples,
        unchanged=plan.unchanged,
        dropped=len(plan.drop),
        full_because=problem if changed and pushed is None else None,
        subjects=0 if by_update is None else len(by_update.replace) + len(by_update.delete),
    )


UPDATE_BATCH = 200
"""Subjects per SPARQL Update request: each request is one transaction on the server."""


def _update_subjects(
    url: RemoteURL,
    timeout: float,
    graphs: IndexedGraphs,
    plan: SubjectPlan,
    subjects: Mapping[str, str],
    held: dict[str, str],
) -> int:
    """Replace and delete default-graph subjects with SPARQL Update, recording each batch
    in `held` as it succeeds; the number of triples inserted."""
    inserted = 0
    with _Connection(url, timeout) as connection:
        for start in range(0, len(plan.delete), UPDATE_BATCH):
            batch = plan.delete[start : start + UPDATE_BATCH]
            body = " ;\n".join(_delete_subject(target) for target in batch)
            connection.send("POST", "", body.encode("utf-8"), "application/sparql-update")
            for target in batch:
                held.pop(target, None)
        for start in range(0, len(plan.replace), UPDATE_BATCH):
            batch = plan.replace[start : start + UPDATE_BATCH]
            found = graphs.subject_triples(batch)
            parts = []
            for target in batch:
                parts.append(_delete_subject(target))
                lines = (ox.serialize(found[target], format=ox.RdfFormat.N_TRIPLES) or b"").decode()
                parts.append(f"INSERT DATA {{\n{lines}}}")
                inserted += len(found[target])
            connection.send(
                "POST", "", " ;\n".join(parts).encode("utf-8"), "application/sparql-update"
            )
            held.update((target, subjects[target]) for target in batch)
    return inserted


def _delete_subject(target: str) -> str:
    return f"DELETE WHERE {{ <{subject_iri(target)}> ?p ?o }}"


def _graphs_of(file: Path, stack: contextlib.ExitStack) -> Graphs | None:
    """graph.trig's graphs from its graph index, read from a handle kept open for the push
    (`stack`), or None when they must be parsed from the whole file: a graph.trig without
    an index beside it (quietly: a file copied out of its build), or one the index does
    not fit (with a warning)."""
    if file.name != "graph.trig" or not (file.parent / INDEX_NAME).exists():
        return None
    return indexed_graphs(file, stack.enter_context(file.open("rb")))


def _save_manifest(manifest: Path, url: RemoteURL, held: dict[str, str]) -> None:
    """Write the manifest; a folder that cannot be written costs the next push its
    shortcut, not this push its result."""
    try:
        write_manifest(manifest, url.url, held)
    except OSError as exc:
        log.warning("%s: cannot write the push manifest: %s", manifest, exc.strerror or exc)


def _target(name: GraphName) -> str:
    """The Graph Store Protocol parameter that names the graph `name`."""
    if isinstance(name, ox.DefaultGraph):
        return "default"
    return _graph_param(name)


def _graph_param(name: GraphName) -> str:
    if isinstance(name, ox.BlankNode):  # not addressable from outside; give it a stable IRI
        return "graph=" + urllib.parse.quote(f"urn:kg:bnode:{name.value}", safe="")
    return graph_target(name.value)  # type: ignore[union-attr]


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

    def send(
        self,
        method: str,
        query: str,
        body: bytes | None = None,
        content_type: str = "application/n-triples",
    ) -> None:
        """`method` (PUT with `body`, or DELETE) on the graph `query` names; a DELETE of a
        graph the store does not have (404) is no error: it is gone either way. With an
        empty `query`, the request goes to the URL as it is (a SPARQL Update POST)."""
        parts = self.url.parts
        separator = "&" if parts.query and query else ""
        target = f"{parts.path or '/'}?{parts.query}{separator}{query}".rstrip("?")
        endpoint = self.url.shown
        headers = {
            "Content-Type": content_type,
            "User-Agent": PUSH_USER_AGENT,
            **self.url.headers(),
        }
        error: Exception | None = None
        for connection in self._requests():
            try:
                connection.request(method, target, body=body, headers=headers)
                response = connection.getresponse()
                detail = response.read().decode("utf-8", "replace")
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as exc:
                error = exc  # a dropped keep-alive connection: try once on a new one
                continue
            except OSError as exc:
                raise QueryError(endpoint, f"cannot reach the store: {exc}") from exc
            except http.client.HTTPException as exc:  # it answered, but not in HTTP
                raise QueryError(endpoint, f"not an HTTP server: {_garbled(exc)}") from exc
            if response.status >= 300 and not (method == "DELETE" and response.status == 404):
                first = " ".join(detail.split())[:300]
                raise QueryError(
                    endpoint, f"HTTP {response.status} {response.reason} for ?{query}: {first}"
                )
            shown = f"?{query}" if query else parts.path
            log.info("%s %s: HTTP %s", method, shown, response.status)
            return
        raise QueryError(endpoint, f"the store closed the connection: {error}")


def _garbled(exc: http.client.HTTPException) -> str:
    """What `http.client` made of a reply that is not HTTP, in a line."""
    detail = " ".join(str(exc).split())[:120]
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
