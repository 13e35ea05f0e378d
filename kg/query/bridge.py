"""rdflib's API over a pyoxigraph store (the oxrdflib plugin), keeping the store at hand.

`kg.load` hands notebooks an rdflib Dataset that lives in pyoxigraph; `run_query` finds the
pyoxigraph graph through `graph.store.oxigraph` and queries it directly, without rdflib.
"""

from __future__ import annotations

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Dataset

from kg.graph.build import bind_prefixes
from kg.query.store import OxigraphGraph


class KgOxigraphStore(OxigraphStore):
    """oxrdflib's store over a graph's quads, with the graph as `oxigraph`."""

    def __init__(self, graph: OxigraphGraph | ox.Store) -> None:
        super().__init__(store=graph.dataset if isinstance(graph, OxigraphGraph) else graph)
        self.oxigraph = graph


def as_rdflib(graph: OxigraphGraph | ox.Store) -> Dataset:
    """Wrap `graph` in an rdflib Dataset whose default graph is the union of all graphs.

    >>> graph = as_rdflib(ox.Store())
    >>> len(graph), graph.store.oxigraph is not None
    (0, True)
    """
    dataset = Dataset(store=KgOxigraphStore(graph), default_union=True)
    bind_prefixes(dataset)
    return dataset
