"""The graph as a networkx MultiDiGraph, ready for centrality, communities and paths.

Nodes are actor IRIs with `label`, `class` (the SPEC §2 local name), `alt_labels` (one
string, "; "-separated, so GraphML and GEXF can store it) and `wikidata` where known.
Edges are relation edges, keyed by relation, with `relation`, `confidence` (the edge's
aggregate), `statements` and `articles` (how many records and articles support it).
Symmetric relations (alliesWith, borders) appear in both directions, as in the RDF.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kg.query.sparql import run_query
from kg.vocab import KG_NS, RELATIONS, ActorClass, Relation

if TYPE_CHECKING:
    import networkx as nx

    from kg.query.store import Source

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

    if isinstance(source, Path) or (
        isinstance(source, str) and not source.startswith(("http://", "https://"))
    ):
        from kg.query.store import load_source

        source = load_source(source)
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
