"""kg: a geopolitical knowledge-graph builder. News articles in, a typed RDF graph out.

The Python API, for notebooks and scripts (the command line is `kg --help`):

    >>> import kg
    >>> graph = kg.load("out/")                                   # doctest: +SKIP
    >>> kg.query(graph, "who-threatens", actor="Niger").to_df()   # doctest: +SKIP
    >>> G = kg.to_networkx(graph)                                 # doctest: +SKIP
    >>> kg.export(graph, "graph.gexf")                            # doctest: +SKIP

Importing kg is cheap: each function imports what it needs when first called. Note that
`kg.query` is the function; the query stage's modules are imported by their full names
(`from kg.query.saved import saved_queries`).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import kg.query as _query_stage  # noqa: F401 (bound first, so `query` below replaces it)

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Dataset

    from kg.query.results import Result
    from kg.query.saved import ParamValue
    from kg.query.store import Source

__all__ = ["export", "load", "query", "to_networkx"]

logging.getLogger(__name__).addHandler(logging.NullHandler())


def load(path: Path | str = "out", *, memory: bool = False) -> Dataset:
    """Load a build folder or graph file as an rdflib Dataset that lives in pyoxigraph.

    The graph is held by pyoxigraph behind rdflib's API (the oxrdflib store): a build
    folder opens its persisted store in milliseconds, a file is read into memory.
    `memory=True` reads a build folder's graph into memory too: seconds to load a million
    triples, then queries several times faster than on the persisted store (see
    `make bench-query`), for a long session. The default graph is the union of all graphs,
    and `kg.query` runs on pyoxigraph directly.

    Raises:
        QueryError: if there is no readable graph at `path`.
    """
    from kg.query.store import as_rdflib, load_source

    return as_rdflib(load_source(path, memory=memory))


def query(graph: Source | str | Path, sparql: str, /, **params: ParamValue) -> Result:
    """Run SPARQL text, a `.rq` file or a saved query (by name) on `graph`.

    `graph` is what `kg.load` returned, a pyoxigraph Store, any rdflib Graph (copied into
    pyoxigraph for the query), a build folder or graph file (loaded for this one query), or
    a SPARQL endpoint URL. Keyword arguments are a saved query's parameters; a list asks
    about several values, "*" about any. The result turns into a DataFrame with `.to_df()`.

    Raises:
        QueryError: for an unknown saved query or parameter, a malformed query, or a graph
            that cannot be loaded.
    """
    from kg.query.saved import resolve_query
    from kg.query.sparql import run_query
    from kg.query.store import load_source

    text = resolve_query(sparql, params)
    if isinstance(graph, Path) or (
        isinstance(graph, str) and not graph.startswith(("http://", "https://"))
    ):
        graph = load_source(graph)
    return run_query(graph, text)


def to_networkx(graph: Source | str | Path) -> nx.MultiDiGraph[str]:
    """The actors and relation edges as a networkx MultiDiGraph; see `kg.query.export`."""
    from kg.query.export import to_networkx

    return to_networkx(graph)


def export(graph: Source | str | Path, path: Path | str, fmt: str | None = None) -> str:
    """Write `graph` as GraphML, GEXF, JSON-LD or a CSV edge list (by `path`'s suffix)."""
    from kg.query.export import export_graph

    return export_graph(graph, path, fmt)
