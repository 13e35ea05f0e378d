"""The graph for other tools: a networkx MultiDiGraph (`to_networkx`), and files for
GraphML and GEXF (Gephi), JSON-LD and a CSV edge list (`export_graph`).

In `to_networkx`, nodes are actor IRIs with `label`, `class` (the SPEC §2 local name),
`alt_labels` (one string, "; "-separated, so GraphML and GEXF can store it) and `wikidata`
where known. Edges are relation edges, keyed by relation, with `relation`, `confidence` (the
edge's aggregate), `statements` and `articles` (how many records and articles support it).
Symmetric relations (alliesWith, borders) appear in both directions, as in the RDF.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.errors import QueryError
from kg.query.sparql import run_query
from kg.query.store import OxigraphGraph, load_source, oxigraph_of
from kg.vocab import KG_NS, PREFIXES, RELATIONS, ActorClass, Relation

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

    source = _loaded(source)
    if isinstance(source, str):
        raise QueryError(
            source, "JSON-LD export reads a graph file or build folder, not an endpoint"
        )
    if isinstance(source, Graph) and not hasattr(source.store, "oxigraph"):
        dataset = source  # an rdflib graph of the caller's own (not `kg.load`'s): as it is
    else:
        graph = oxigraph_of(source)
        quads = graph.dataset if isinstance(graph, OxigraphGraph) else graph
        dataset = Dataset()
        dataset.parse(data=quads.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
    bind_prefixes(dataset)
    context = {prefix: namespace for prefix, namespace in PREFIXES.items()}
    text: str = dataset.serialize(format="json-ld", context=context, auto_compact=True)
    return text


def _loaded(source: Source | str | Path) -> Source | str:
    """`source` loaded, when it names a graph file or build folder; an endpoint URL stays."""
    if isinstance(source, Path) or (
        isinstance(source, str) and not source.startswith(("http://", "https://"))
    ):
        return load_source(source)
    return source


# ---------------------------------------------------------------------------- networkx

_CLASSES = " ".join(f"kg:{c.value}" for c in ActorClass)
_RELATIONS = " ".join(f"kg:{r.value}" for r in Relation)
_SYMMETRIC = frozenset(r.value for r, info in RELATIONS.items() if info.symmetric)

ACTORS = f"""
SELECT DISTINCT ?actor ?class ?label WHERE {{
  VALUES ?class {{ {_CLASSES} }}
  ?actor a ?class .
  OPTIONAL {{ ?actor rdfs:label ?label }}
}}"""
ALT_LABELS = "SELECT DISTINCT ?actor ?alt WHERE { ?actor skos:altLabel ?alt }"
SAME_AS = "SELECT DISTINCT ?actor ?same WHERE { ?actor owl:sameAs ?same }"
EDGES = f"""
SELECT DISTINCT ?subject ?predicate ?object WHERE {{
  VALUES ?predicate {{ {_RELATIONS} }}
  ?subject ?predicate ?object .
}}"""
SUMMARIES = """
SELECT DISTINCT ?subject ?predicate ?object ?confidence ?statements ?articles WHERE {
  ?edge a kg:Edge ;
        rdf:subject ?subject ;
        rdf:predicate ?predicate ;
        rdf:object ?object .
  OPTIONAL { ?edge kg:confidence ?confidence }
  OPTIONAL { ?edge kg:supportCount ?statements }
  OPTIONAL { ?edge kg:articleCount ?articles }
}"""


def _local(iri: str) -> str:
    return iri[len(KG_NS) :] if iri.startswith(KG_NS) else iri


def to_networkx(source: Source | str | Path) -> nx.MultiDiGraph[str]:
    """Build a MultiDiGraph of the actors and relation edges in `source`.

    `source` is a loaded graph (`kg.load`), a graph file or build folder, or the URL of a
    SPARQL endpoint.

    Raises:
        QueryError: if `source` cannot be loaded or queried.

    >>> import pyoxigraph as ox
    >>> store = ox.Store()
    >>> store.load(input='<http://x/a> a <https://w3id.org/kg/ontology#State> ; '
    ...     '<http://www.w3.org/2000/01/rdf-schema#label> "A" ; '
    ...     '<https://w3id.org/kg/ontology#threatens> <http://x/b> .', format=ox.RdfFormat.TURTLE)
    >>> g = to_networkx(store)
    >>> g.nodes["http://x/a"]["class"], list(g.edges(keys=True))
    ('State', [('http://x/a', 'http://x/b', 'threatens')])
    """
    import networkx as nx

    source = _loaded(source)
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for row in run_query(source, ACTORS):
        attrs = {"class": _local(row["class"]), "label": row["label"] or row["actor"]}
        graph.add_node(row["actor"], **attrs)
    alts: dict[str, list[str]] = {}
    for row in run_query(source, ALT_LABELS):
        alts.setdefault(row["actor"], []).append(str(row["alt"]))
    for actor, names in alts.items():
        if actor in graph:
            graph.nodes[actor]["alt_labels"] = "; ".join(sorted(names))
    for row in run_query(source, SAME_AS):
        if row["actor"] in graph:
            graph.nodes[row["actor"]]["wikidata"] = row["same"]
    summaries: dict[tuple[str, str, str], dict[str, float | int]] = {}
    for row in run_query(source, SUMMARIES):
        key = (row["subject"], _local(row["predicate"]), row["object"])
        summaries[key] = {
            name: row[name]
            for name in ("confidence", "statements", "articles")
            if row[name] is not None
        }
    for row in sorted(
        run_query(source, EDGES), key=lambda r: (r["subject"], r["predicate"], r["object"])
    ):
        subject, relation, obj = row["subject"], _local(row["predicate"]), row["object"]
        for node in (subject, obj):
            if node not in graph:  # an endpoint without a class: keep the edge anyway
                graph.add_node(node, label=node)
        summary = summaries.get((subject, relation, obj))
        if summary is None and relation in _SYMMETRIC:  # one summary covers both directions
            summary = summaries.get((obj, relation, subject))
        graph.add_edge(subject, obj, key=relation, relation=relation, **(summary or {}))
    return graph
