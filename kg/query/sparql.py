"""Run SPARQL on a loaded graph with pyoxigraph, or on a remote SPARQL endpoint.

Either way the answer is a `Result`, and a loaded graph is seen as the union of the default
graph and the article graphs. The project's prefixes (`kg.vocab.PREFIXES`: kg, kgd, rdf,
rdfs, xsd, skos, owl, prov, dcterms, wd) are predeclared, so a query may use them without
PREFIX lines. The saved queries declare theirs anyway, so they run on any endpoint as they are.
"""

from __future__ import annotations

import time
from collections.abc import Generator, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

import pyoxigraph as ox

from kg.errors import QueryError, QueryTimeout, one_line
from kg.query.guard import check_query, names_dataset, names_graphs
from kg.query.remote import query_endpoint
from kg.query.results import Result, TermCache, tsv_rows
from kg.query.store import OxigraphGraph, oxigraph_of
from kg.vocab import PREFIXES

if TYPE_CHECKING:
    from kg.query.store import Source

_T = TypeVar("_T")
_CHECK_EVERY = 256  # rows between deadline checks while reading results

__all__ = ["run_query"]


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
    refused. FROM and FROM NAMED choose among the loaded graphs: pyoxigraph never reads a
    file or fetches a URL for them. A remote endpoint gets the query as it is.

    Args:
        default_graphs, named_graphs: the SPARQL protocol's `default-graph-uri` and
            `named-graph-uri`: query the merge of these graphs instead of the union of all.
        allow_service: let SERVICE call the endpoint it names.
        max_rows: keep at most this many rows or triples; the result says if it was cut.
        deadline: a `time.monotonic()` instant after which reading results stops with
            `QueryTimeout` (checked between rows; a sort or aggregate finishes first).
        timeout: seconds to wait for a remote endpoint.

    Raises:
        QueryError: if the query is refused or malformed, or the engine or endpoint fails.

    >>> store = ox.Store()
    >>> threatens = ox.NamedNode("https://w3id.org/kg/ontology#threatens")
    >>> store.add(ox.Quad(ox.NamedNode("http://x/a"), threatens, ox.NamedNode("http://x/b")))
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
    return _run_oxigraph(graph, sparql, max_rows, deadline, dataset, union)


@dataclass(frozen=True, slots=True)
class _Dataset:
    default: tuple[str, ...]
    named: tuple[str, ...]


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
        raise QueryError("query", f"malformed SPARQL: {one_line(exc)}") from exc
    except (OSError, ValueError, RuntimeError) as exc:
        raise QueryError("query", one_line(exc)) from exc
    # pyoxigraph's results must be dropped on the thread that made them (kg serve runs
    # queries on worker threads), so nothing below lets them escape in a traceback.
    if isinstance(answer, ox.QueryBoolean):
        return Result("ASK", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions) and max_rows is None and deadline is None:
        # Nothing to stop early for: let Oxigraph write every row, and read them at once.
        try:
            data = answer.serialize(format=ox.QueryResultsFormat.TSV)
        except (OSError, ValueError, RuntimeError) as exc:  # evaluation errors surface here
            raise QueryError("query", one_line(exc)).with_traceback(None) from None
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
        error = QueryError("query", one_line(exc))
    finally:
        items.close()  # releases the results on this thread
    raise error.with_traceback(None)


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
