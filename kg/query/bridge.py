"""rdflib's API over a pyoxigraph store (the oxrdflib plugin), keeping the store at hand.

`kg.load` hands notebooks an rdflib Dataset that lives in pyoxigraph; `run_query` finds the
pyoxigraph Store through `graph.store.oxigraph` and queries it directly, without rdflib.
"""

from __future__ import annotations

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Dataset

from kg.graph.build import bind_prefixes


class KgOxigraphStore(OxigraphStore):
    """oxrdflib's store, with its pyoxigraph Store as `oxigraph`."""

    def __init__(self, store: ox.Store) -> None:
        super().__init__(store=store)
        self.oxigraph = store


def as_rdflib(store: ox.Store) -> Dataset:
    """Wrap `store` in an rdflib Dataset whose default graph is the union of all graphs.

    >>> graph = as_rdflib(ox.Store())
    >>> len(graph), graph.store.oxigraph is not None
    (0, True)
    """
    dataset = Dataset(store=KgOxigraphStore(store), default_union=True)
    bind_prefixes(dataset)
    return dataset
