"""The data graph as the native SHACL validator (`kg.graph.shacl`) reads it: lookups over
the graph's triples in which every IRI is a plain `str` (rdflib's terms compare and hash
in Python, which would cost more than the checks)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TypeAlias

from rdflib import RDF, RDFS, BNode, Literal, URIRef
from rdflib.term import Node

Value: TypeAlias = str | BNode | Literal
"""A node of the data graph: an IRI as a plain `str` (exactly), a BNode or a Literal."""

_TYPE = str(RDF.type)
_SUBCLASS = str(RDFS.subClassOf)


def as_value(term: Node) -> Value:
    """An rdflib term as a `Value`."""
    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, (BNode, Literal)):
        return term
    raise TypeError(f"not an RDF term: {term!r}")


def is_iri(value: object) -> bool:
    return type(value) is str


class DataIndex:
    """The data graph as lookups: objects by subject and predicate, subjects and objects
    by predicate, instances by class (with rdfs:subClassOf, as SHACL reads classes).

    Args:
        triples: distinct triples (a graph, or the union a build makes) of rdflib terms.
    """

    def __init__(self, triples: Iterable[tuple[Node, Node, Node]]) -> None:
        out: dict[Value, dict[str, list[Value]]] = {}
        typed: dict[Value, dict[Value, None]] = defaultdict(dict)
        for s, p, o in triples:
            subject = str(s) if type(s) is URIRef else as_value(s)
            obj = str(o) if type(o) is URIRef else as_value(o)
            predicate = str(p)
            by_predicate = out.get(subject)
            if by_predicate is None:
                by_predicate = out[subject] = {}
            values = by_predicate.get(predicate)
            if values is None:
                by_predicate[predicate] = [obj]
            else:
                values.append(obj)
            if predicate == _TYPE:
                typed[obj][subject] = None
        self.out = out
        self.typed = typed
        self._superclasses: dict[Value, frozenset[Value]] = {}

    def subjects_of(self, predicate: str) -> list[Value]:
        return [s for s, by_predicate in self.out.items() if predicate in by_predicate]

    def objects_of(self, predicate: str) -> list[Value]:
        found: dict[Value, None] = {}
        for by_predicate in self.out.values():
            found.update(dict.fromkeys(by_predicate.get(predicate, ())))
        return list(found)

    def objects(self, subject: Value, predicate: str) -> list[Value]:
        by_predicate = self.out.get(subject)
        if by_predicate is None:
            return []
        return by_predicate.get(predicate, [])

    def superclasses(self, cls: Value) -> frozenset[Value]:
        """`cls` and every class it is an rdfs:subClassOf, transitively."""
        found = self._superclasses.get(cls)
        if found is None:
            reached = {cls}
            frontier = [cls]
            while frontier:
                for parent in self.objects(frontier.pop(), _SUBCLASS):
                    if parent not in reached:
                        reached.add(parent)
                        frontier.append(parent)
            found = self._superclasses[cls] = frozenset(reached)
        return found

    def is_instance(self, node: Value, cls: Value) -> bool:
        return any(cls in self.superclasses(t) for t in self.objects(node, _TYPE))

    def instances(self, cls: Value) -> list[Value]:
        """Every node whose rdf:type is `cls` or one of its subclasses."""
        found: dict[Value, None] = {}
        for typ, nodes in self.typed.items():
            if cls in self.superclasses(typ):
                found.update(nodes)
        return list(found)
