"""Serialise the graph: Turtle for the whole, TriG with a named graph per article."""

from __future__ import annotations

from rdflib import Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.outdir import read_build


def to_turtle(graph: Graph) -> bytes:
    return graph.serialize(format="turtle", encoding="utf-8")


_TRIG_PREFIXES = frozenset(
    {"kg", "kgd", "dcterms", "prov", "skos", "owl", "rdf", "rdfs", "xsd", "wd"}
)


def to_trig(dataset: Dataset) -> bytes:
    """Write TriG with the default graph first and named graphs in IRI order.

    rdflib's own TriG writer orders graphs by set iteration, which changes between runs;
    each graph body here is rdflib's (sorted) Turtle, so equal datasets give equal bytes.
    """
    contexts = sorted(
        (g for g in dataset.contexts() if len(g)),
        key=lambda g: (g.identifier != DATASET_DEFAULT_GRAPH_ID, str(g.identifier)),
    )
    prefixes = [
        f"@prefix {p}: <{ns}> ." for p, ns in sorted(dataset.namespaces()) if p in _TRIG_PREFIXES
    ]
    parts = ["\n".join(prefixes), ""]
    for graph in contexts:
        body = Graph(namespace_manager=dataset.namespace_manager)
        for triple in graph:
            body.add(triple)
        turtle = body.serialize(format="turtle")
        lines = [line for line in turtle.splitlines() if not line.startswith("@prefix")]
        inner = "\n".join(f"    {line}" if line else "" for line in lines).strip("\n")
        name = "" if graph.identifier == DATASET_DEFAULT_GRAPH_ID else f"<{graph.identifier}> "
        parts.append(f"{name}{{\n{inner}\n}}\n")
    return "\n".join(parts).encode("utf-8")


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
