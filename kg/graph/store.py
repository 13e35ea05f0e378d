"""Serialise the graph: Turtle for the whole, TriG with a named graph per article."""

from __future__ import annotations

from rdflib import Dataset, Graph


def to_turtle(graph: Graph) -> bytes:
    return graph.serialize(format="turtle", encoding="utf-8")


def to_trig(dataset: Dataset) -> bytes:
    return dataset.serialize(format="trig", encoding="utf-8")


def read_graph(path: str) -> Graph:
    """Load a Turtle, TriG or N-Triples file into one Graph (named graphs flattened)."""
    fmt = "trig" if path.endswith(".trig") else "nt" if path.endswith(".nt") else "turtle"
    if fmt == "trig":
        dataset = Dataset()
        dataset.parse(path, format=fmt)
        union = Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            union.add((s, p, o))
        for prefix, ns in dataset.namespaces():
            union.bind(prefix, ns)
        return union
    return Graph().parse(path, format=fmt)
