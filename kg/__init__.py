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
    from rdflib import Graph

    from kg.query.results import Result
    from kg.query.saved import ParamValue
    from kg.query.store import Engine, Source

__all__ = ["export", "load", "query", "to_networkx"]

logging.getLogger(__name__).addHandler(logging.NullHandler())


def load(path: Path | str = "out", engine: Engine = "oxigraph", *, memory: bool = False) -> Graph:
    """Load a build folder or graph file; see `kg.query.api.load`."""
    from kg.query import api

    return api.load(path, engine, memory=memory)


def query(graph: Source | str | Path, sparql: str, /, **params: ParamValue) -> Result:
    """Run SPARQL, a .rq file or a saved query on a graph; see `kg.query.api.query`."""
    from kg.query import api

    return api.query(graph, sparql, **params)


def to_networkx(graph: Source | str | Path) -> nx.MultiDiGraph[str]:
    """The actors and relation edges as a networkx MultiDiGraph; see `kg.query.netx`."""
    from kg.query import netx

    return netx.to_networkx(graph)


def export(graph: Source | str | Path, path: Path | str, fmt: str | None = None) -> str:
    """Write GraphML, GEXF, JSON-LD or a CSV edge list; see `kg.query.export`."""
    from kg.query import api

    return api.export(graph, path, fmt)
