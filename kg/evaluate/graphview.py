"""Read the actors and edges of a built graph as plain data for scoring."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rdflib import RDF, RDFS, Graph, Namespace
from rdflib.namespace import SKOS

from kg.vocab import KG_NS, ActorClass, Relation

KG = Namespace(KG_NS)
_HONORIFIC = re.compile(r"^(mr|mrs|ms|dr|gen|president|sir)\.?\s+", re.IGNORECASE)


def normalize_name(name: str) -> str:
    """Fold a surface form for matching: case, accents, "the", possessive, punctuation.

    >>> normalize_name("the U.S.'s"), normalize_name("Tillabéri"), normalize_name("Mr. Bazoum")
    ('us', 'tillaberi', 'bazoum')
    """
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = text.replace("’", "'")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"^the\s+", "", text.strip())
    text = _HONORIFIC.sub("", text)
    text = re.sub(r"[^a-z0-9 ]+", "", text)
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class GraphActor:
    iri: str
    cls: ActorClass
    label: str
    names: frozenset[str]
    """Normalised label and alternative labels."""


@dataclass(frozen=True, slots=True)
class GraphEdge:
    subject: str
    relation: Relation
    object: str


def graph_actors(graph: Graph) -> list[GraphActor]:
    """Every typed actor in the graph with its names."""
    actors = []
    for cls in ActorClass:
        for node in graph.subjects(RDF.type, KG[cls.value]):
            label = str(graph.value(node, RDFS.label) or "")
            names = {normalize_name(label)} | {
                normalize_name(str(alt)) for alt in graph.objects(node, SKOS.altLabel)
            }
            actors.append(GraphActor(str(node), cls, label, frozenset(n for n in names if n)))
    return sorted(actors, key=lambda a: a.iri)


def graph_edges(graph: Graph) -> list[GraphEdge]:
    """Every relation edge between actors (symmetric ones once, in sorted order)."""
    edges: set[GraphEdge] = set()
    for relation in Relation:
        for s, o in graph.subject_objects(KG[relation.value]):
            a, b = str(s), str(o)
            if relation in (Relation.ALLIES_WITH, Relation.BORDERS) and b < a:
                a, b = b, a
            edges.add(GraphEdge(a, relation, b))
    return sorted(edges, key=lambda e: (e.subject, e.relation.value, e.object))
