"""The Python face of the query stage: load a graph, query it, hand it to networkx.

>>> import kg
>>> graph = kg.load("out/")                                   # doctest: +SKIP
>>> kg.query(graph, "who-threatens", actor="Niger").to_df()   # doctest: +SKIP
>>> G = kg.to_networkx(graph)                                 # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.query.netx import to_networkx
from kg.query.results import Result
from kg.query.saved import ParamValue, resolve_query
from kg.query.sparql import run_query
from kg.query.store import Engine, OxigraphGraph, Source, load_source

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["export", "load", "query", "to_networkx"]


def load(path: Path | str = "out", engine: Engine = "oxigraph", *, memory: bool = False) -> Graph:
    """Load a build folder or graph file as an rdflib graph, on the fast store by default.

    With `engine="oxigraph"` the graph lives in pyoxigraph behind rdflib's API (the oxrdflib
    store): a build folder opens its persisted store in milliseconds, a file is read into
    memory. `memory=True` reads a build folder's graph into memory too: seconds to load a
    million triples, then queries several times faster than on the persisted store (see
    `make bench-query`), for a long session. `engine="rdflib"` gives rdflib's own in-memory
    Dataset. Either way the default graph is the union of all graphs, and `kg.query` runs
    on the engine directly.

    Raises:
        QueryError: if there is no readable graph at `path`.
    """
    source = load_source(path, engine, memory=memory)
    if isinstance(source, OxigraphGraph | ox.Store):
        from kg.query.bridge import as_rdflib

        return as_rdflib(source)
    return source


def query(graph: Source | str | Path, sparql: str, /, **params: ParamValue) -> Result:
    """Run SPARQL text, a `.rq` file or a saved query (by name) on `graph`.

    `graph` is what `kg.load` returned, a pyoxigraph Store, any rdflib Graph, a build folder
    or graph file (loaded for this one query), or a SPARQL endpoint URL. Keyword arguments
    are a saved query's parameters; a list asks about several values, "*" about any.
    The result turns into a DataFrame with `.to_df()`.

    Raises:
        QueryError: for an unknown saved query or parameter, a malformed query, or a graph
            that cannot be loaded.
    """
    text = resolve_query(sparql, params)
    if isinstance(graph, Path) or (
        isinstance(graph, str) and not graph.startswith(("http://", "https://"))
    ):
        graph = load_source(graph)
    return run_query(graph, text)


def export(graph: Source | str | Path, path: Path | str, fmt: str | None = None) -> str:
    """Write `graph` as GraphML, GEXF, JSON-LD or a CSV edge list (by `path`'s suffix)."""
    from kg.query.export import export_graph

    return export_graph(graph, path, fmt)
