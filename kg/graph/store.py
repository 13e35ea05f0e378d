"""Read a graph file of a build back into rdflib."""

from __future__ import annotations

from rdflib import Dataset, Graph

from kg.outdir import read_build


def read_graph(path: str) -> Graph:
    """Load a Turtle, TriG or N-Triples file into one Graph (named graphs flattened)."""
    fmt = "trig" if path.endswith(".trig") else "nt" if path.endswith(".nt") else "turtle"
    with read_build(path):  # a file of a build folder: never read while it is published
        if fmt != "trig":
            return Graph().parse(path, format=fmt)
        dataset = Dataset()
        dataset.parse(path, format=fmt)
    union = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    for prefix, ns in dataset.namespaces():
        union.bind(prefix, ns)
    return union
