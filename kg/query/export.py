"""Export the graph for other tools: GraphML and GEXF (Gephi), JSON-LD, a CSV edge list."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.errors import QueryError
from kg.query.netx import to_networkx
from kg.query.sparql import PREFIXES, oxigraph_of
from kg.query.store import OxigraphGraph

if TYPE_CHECKING:
    import networkx as nx

    from kg.query.store import Source

EXPORT_FORMATS: dict[str, str] = {
    ".graphml": "graphml",
    ".gexf": "gexf",
    ".jsonld": "jsonld",
    ".csv": "csv",
}
"""File suffix -> export format."""

CSV_COLUMNS = (
    "source",
    "source_label",
    "source_class",
    "relation",
    "target",
    "target_label",
    "target_class",
    "confidence",
    "statements",
    "articles",
)


def export_graph(source: Source | str | Path, path: Path | str, fmt: str | None = None) -> str:
    """Write `source` to `path` as GraphML, GEXF, JSON-LD or a CSV edge list; return the format.

    The format comes from `fmt` or else from the file's suffix (`.graphml`, `.gexf`,
    `.jsonld`, `.csv`). GraphML, GEXF and CSV hold the actor network (`to_networkx`);
    JSON-LD holds every triple, one named graph per article as in graph.trig.

    Raises:
        QueryError: for an unknown format, or a source that cannot be read.
    """
    target = Path(path)
    fmt = fmt or EXPORT_FORMATS.get(target.suffix.lower(), "")
    if fmt not in EXPORT_FORMATS.values():
        known = ", ".join(sorted(EXPORT_FORMATS))
        raise QueryError(str(target), f"unknown export format (use a file ending in {known})")
    import networkx as nx

    try:
        if fmt == "jsonld":
            target.write_text(to_jsonld(source), encoding="utf-8")
            return fmt
        graph = to_networkx(source)
        if fmt == "csv":
            target.write_text(edge_list_csv(graph), encoding="utf-8")
        elif fmt == "graphml":
            nx.write_graphml(graph, target)
        else:
            nx.write_gexf(graph, target)
    except OSError as exc:
        raise QueryError(str(target), f"cannot write it: {exc.strerror or exc}") from exc
    return fmt


def edge_list_csv(graph: nx.MultiDiGraph[str]) -> str:
    """One CSV row per relation edge, with both ends' labels and classes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for source, target, data in sorted(
        graph.edges(data=True), key=lambda e: (e[0], e[1], e[2]["relation"])
    ):
        ends = graph.nodes[source], graph.nodes[target]
        writer.writerow(
            [
                source,
                ends[0].get("label", ""),
                ends[0].get("class", ""),
                data["relation"],
                target,
                ends[1].get("label", ""),
                ends[1].get("class", ""),
                data.get("confidence", ""),
                data.get("statements", ""),
                data.get("articles", ""),
            ]
        )
    return buffer.getvalue()


def to_jsonld(source: Source | str | Path) -> str:
    """Every quad of `source` as JSON-LD, compacted with the project's prefixes."""
    from rdflib import Dataset, Graph

    from kg.graph.build import bind_prefixes

    if isinstance(source, Path) or (
        isinstance(source, str) and not source.startswith(("http://", "https://"))
    ):
        from kg.query.store import load_source

        source = load_source(source)
    if isinstance(source, str):
        raise QueryError(
            source, "JSON-LD export reads a graph file or build folder, not an endpoint"
        )
    graph = oxigraph_of(source)
    if graph is not None:
        quads = graph.dataset if isinstance(graph, OxigraphGraph) else graph
        dataset = Dataset()
        dataset.parse(data=quads.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
    elif isinstance(source, Graph):
        dataset = source  # type: ignore[assignment]
    bind_prefixes(dataset)
    context = {prefix: namespace for prefix, namespace in PREFIXES.items()}
    text: str = dataset.serialize(format="json-ld", context=context, auto_compact=True)
    return text
