"""Run SPARQL on a loaded graph (pyoxigraph or rdflib) or on a remote SPARQL endpoint.

Every engine answers with the same `Result`, and sees the same data: the union of the
default graph and the article graphs. The project's prefixes (kg, kgd, rdf, rdfs, xsd,
skos, owl, prov, dcterms, wd) are predeclared, so a query may use them without PREFIX
lines. The saved queries declare theirs anyway, so they run on any endpoint as they are.
"""

from __future__ import annotations

import http.client
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Generator, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar, cast

import pyoxigraph as ox

from kg.errors import QueryError
from kg.query.convert import TermCache, from_oxigraph, from_rdflib, tsv_rows
from kg.query.guard import (
    check_query,
    names_dataset,
    names_graphs,
    refuse_remote_reads,
)
from kg.query.results import Result, Triple, parse_json_results
from kg.query.store import OxigraphGraph
from kg.query.urls import parse_remote
from kg.vocab import KG_DATA_NS, KG_NS

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

    from kg.query.store import Source

PREFIXES: dict[str, str] = {
    "kg": KG_NS,
    "kgd": KG_DATA_NS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "wd": "http://www.wikidata.org/entity/",
}
"""Prefixes every query may use undeclared."""

_T = TypeVar("_T")
_CHECK_EVERY = 256  # rows between deadline checks while reading results
USER_AGENT = "kg-sparql-client/0.1"


class QueryTimeout(QueryError):
    """A query ran past its time limit."""


__all__ = [
    "PREFIXES",
    "QueryTimeout",
    "names_graphs",
    "query_endpoint",
    "run_query",
    "with_prefixes",
]


def run_query(
    source: Source | str,
    sparql: str,
    *,
    max_rows: int | None = None,
    deadline: float | None = None,
    timeout: float = 60.0,
    default_graphs: Sequence[str] = (),
    named_graphs: Sequence[str] = (),
    allow_service: bool = False,
) -> Result:
    """Run `sparql` on a loaded graph or, when `source` is an http(s) URL, on that endpoint.

    On a loaded graph the query is first checked (`kg.query.guard.check_query`): too big or
    too deep for the parsers, SERVICE (unless `allow_service`), LOAD and updates are
    refused, and on rdflib FROM and FROM NAMED too, which it would answer by reading the
    file or fetching the URL. A remote endpoint gets the query as it is.

    Args:
        default_graphs, named_graphs: the SPARQL protocol's `default-graph-uri` and
            `named-graph-uri`: query the merge of these graphs instead of the union of all
            (pyoxigraph only).
        allow_service: let SERVICE call the endpoint it names (pyoxigraph only).
        max_rows: keep at most this many rows or triples; the result says if it was cut.
        deadline: a `time.monotonic()` instant after which reading results stops with
            `QueryTimeout` (checked between rows; a sort or aggregate finishes first).
        timeout: seconds to wait for a remote endpoint.

    Raises:
        QueryError: if the query is refused or malformed, or the engine or endpoint fails.

    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode("http://x/a"), ox.NamedNode(KG_NS + "threatens"), ox.NamedNode("http://x/b")))
    >>> run_query(store, "SELECT ?o WHERE { ?s kg:threatens ?o }").column("o")
    ['http://x/b']
    """
    if isinstance(source, str):
        if not source.startswith(("http://", "https://")):
            raise QueryError(source, "not a loaded graph or an http(s) endpoint URL")
        if default_graphs or named_graphs:
            raise QueryError(source, "graph choices are not sent to remote endpoints")
        return query_endpoint(source, sparql, timeout=timeout, max_rows=max_rows)
    check_query(sparql, allow_service=allow_service)
    dataset = _Dataset(tuple(default_graphs), tuple(named_graphs))
    graph = oxigraph_of(source)
    # Oxigraph's union mode overrides FROM: a query with FROM or FROM NAMED runs on the
    # graphs as the file has them, its default graph the one FROM names (or none).
    union = not names_dataset(sparql)
    if isinstance(graph, OxigraphGraph):
        if dataset.default or dataset.named or names_graphs(sparql):
            return _run_oxigraph(graph.dataset, sparql, max_rows, deadline, dataset, union)
        return _run_oxigraph(graph.union, sparql, max_rows, deadline, dataset, False)
    if isinstance(graph, ox.Store):
        return _run_oxigraph(graph, sparql, max_rows, deadline, dataset, union)
    if dataset.default or dataset.named:
        raise QueryError("query", "choosing graphs per query needs the oxigraph engine")
    refuse_remote_reads(sparql)
    return _run_rdflib(source, sparql, max_rows, deadline)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class _Dataset:
    default: tuple[str, ...]
    named: tuple[str, ...]


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return " ".join(text.split())


def oxigraph_of(source: Source) -> OxigraphGraph | ox.Store | None:
    """The pyoxigraph graph behind `source` (itself, or what kg.load wrapped), if any."""
    if isinstance(source, OxigraphGraph | ox.Store):
        return source
    found = getattr(getattr(source, "store", None), "oxigraph", None)
    return found if isinstance(found, OxigraphGraph | ox.Store) else None


def _run_oxigraph(
    store: ox.Store,
    sparql: str,
    max_rows: int | None,
    deadline: float | None,
    dataset: _Dataset,
    union: bool,
) -> Result:
    """Run `sparql` on `store`; its default graph is the union of all (Oxigraph's union
    mode) when `union` and the query chose no graphs."""
    try:
        answer = store.query(
            sparql,
            prefixes=PREFIXES,
            use_default_graph_as_union=union and not dataset.default,
            default_graph=[ox.NamedNode(g) for g in dataset.default] or None,
            named_graphs=[ox.NamedNode(g) for g in dataset.named] or None,
        )
    except SyntaxError as exc:
        raise QueryError("query", f"malformed SPARQL: {_one_line(exc)}") from exc
    except (OSError, ValueError, RuntimeError) as exc:
        raise QueryError("query", _one_line(exc)) from exc
    # pyoxigraph's results must be dropped on the thread that made them (kg serve runs
    # queries on worker threads), so nothing below lets them escape in a traceback.
    if isinstance(answer, ox.QueryBoolean):
        return Result("ASK", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions) and max_rows is None and deadline is None:
        # Nothing to stop early for: let Oxigraph write every row, and read them at once.
        try:
            data = answer.serialize(format=ox.QueryResultsFormat.TSV)
        except (OSError, ValueError, RuntimeError) as exc:  # evaluation errors surface here
            raise QueryError("query", _one_line(exc)).with_traceback(None) from None
        finally:
            del answer
        assert data is not None  # no output file given: the bytes are returned
        header, table = tsv_rows(data)
        return Result("SELECT", header, tuple(table))
    cache = TermCache()
    if isinstance(answer, ox.QuerySolutions):
        columns = tuple(v.value for v in answer.variables)
        rows = (tuple(None if t is None else cache[t] for t in solution) for solution in answer)
        del answer
        taken, cut = _drain(rows, max_rows, deadline)
        return Result("SELECT", columns, tuple(taken), truncated=cut)
    triples = ((cache[t.subject], cache[t.predicate], cache[t.object]) for t in answer)
    del answer
    got, cut = _drain(triples, max_rows, deadline)
    return Result("CONSTRUCT", triples=tuple(got), truncated=cut)


def _drain(
    items: Generator[_T, None, None], max_rows: int | None, deadline: float | None
) -> tuple[list[_T], bool]:
    """`_take` from a generator over pyoxigraph results, closing it whatever happens."""
    error: QueryError | None = None
    try:
        return _take(items, max_rows, deadline)
    except QueryError as exc:
        error = exc
    except (OSError, ValueError, RuntimeError) as exc:  # evaluation errors surface lazily
        error = QueryError("query", _one_line(exc))
    finally:
        items.close()  # releases the results on this thread
    raise error.with_traceback(None)


def _run_rdflib(graph: Graph, sparql: str, max_rows: int | None, deadline: float | None) -> Result:
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.query import Result as RdflibResult

    try:
        prepared = prepareQuery(sparql, initNs=PREFIXES)
    except Exception as exc:  # pyparsing's ParseException and rdflib's own, on bad queries
        raise QueryError("query", f"malformed SPARQL: {_one_line(exc)}") from exc
    try:
        answer: RdflibResult = graph.query(prepared)
        if answer.type == "ASK":
            return Result("ASK", boolean=bool(answer.askAnswer))
        if answer.type == "SELECT":
            columns = tuple(str(v) for v in answer.vars or ())
            rows, cut = _take(
                (
                    tuple(None if t is None else from_rdflib(t) for t in solution)  # type: ignore[union-attr]
                    for solution in answer
                ),
                max_rows,
                deadline,
            )
            return Result("SELECT", columns, tuple(rows), truncated=cut)
        graph_triples = cast("Iterable[tuple[Node, Node, Node]]", answer)
        triples, cut = _take(
            ((from_rdflib(s), from_rdflib(p), from_rdflib(o)) for s, p, o in graph_triples),
            max_rows,
            deadline,
        )
        return Result("CONSTRUCT", triples=tuple(triples), truncated=cut)
    except QueryError:
        raise
    except Exception as exc:  # rdflib's evaluation raises assorted errors
        raise QueryError("query", _one_line(exc)) from exc


def _take(
    items: Iterable[_T], max_rows: int | None, deadline: float | None
) -> tuple[list[_T], bool]:
    out: list[_T] = []
    for n, item in enumerate(items):
        if max_rows is not None and n >= max_rows:
            return out, True
        if deadline is not None and n % _CHECK_EVERY == 0 and time.monotonic() > deadline:
            raise QueryTimeout("query", "ran past its time limit")
        out.append(item)
    return out, False


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
            "User-Agent": USER_AGENT,
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
        detail = _one_line(Exception(exc.read().decode("utf-8", "replace")))[:300]
        raise QueryError(remote.shown, f"HTTP {exc.code} {exc.reason}: {detail}") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise QueryError(remote.shown, f"cannot reach the endpoint: {reason}") from exc
    except (http.client.HTTPException, ValueError) as exc:  # it answered, but not in HTTP
        detail = _one_line(exc)[:120]
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
        detail = _one_line(exc)[:120]
        raise QueryError(remote.shown, f"unreadable {media} results: {detail}") from exc
    raise QueryError(remote.shown, f"unexpected response type {media}")


def _parse_triples(body: bytes, media: str) -> list[Triple]:
    fmt = ox.RdfFormat.TURTLE if media == "text/turtle" else ox.RdfFormat.N_TRIPLES
    return [
        (from_oxigraph(q.subject), from_oxigraph(q.predicate), from_oxigraph(q.object))
        for q in ox.parse(body, format=fmt)
    ]
