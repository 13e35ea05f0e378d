"""Validate only what changed: SHACL results per focus node, reused while its neighbourhood
is the same.

pySHACL costs about 2 ms per focus node, which is most of the time of a small
incremental build into a large graph. But a focus node's result depends only on the
triples a shape can reach from it: its own triples, and those of the nodes its values
point to, up to the depth of the deepest shape. `shapes_reach` reads that depth off the
shapes; each subject gets a signature over its triples and its neighbours' signatures to
that depth; a subject whose signature was validated before reuses its messages, the rest
are validated on the subgraph they can reach (split into parts that can run in parallel).

Shapes a neighbourhood cannot bound (SPARQL constraints or targets, `sh:targetNode`,
`sh:targetObjectsOf`, inverse or recursive paths, rules) turn this off: every build then
validates the whole graph, as `kg.graph.validate.validate_graph` does.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pyshacl import validate
from rdflib import RDF, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

from kg.graph.validate import Validation
from kg.graph.write import Triple, to_ntriples_bytes, to_rdflib, triple_key

_UNBOUNDED_TARGETS = (SH.targetNode, SH.targetObjectsOf, SH.target)
_UNBOUNDED_CONSTRAINTS = (SH.sparql, SH.js, SH.expression, SH.rule)
_SAME_NODE_SHAPES = (SH.node, SH["and"], SH["or"], SH.xone, SH["not"], SH.qualifiedValueShape)
_LIST_SHAPES = (SH["and"], SH["or"], SH.xone)


def shapes_reach(shapes: Graph) -> int | None:
    """How many hops past a focus node's own triples any shape looks; None if unbounded.

    A property with a plain predicate path looks at the focus node's own triples (0
    hops); a shape on its values (`sh:node`, `sh:class`, `sh:qualifiedValueShape`, ...)
    that reads their triples looks one hop further, and so on.
    """
    if any(next(shapes.triples((None, p, None)), None) for p in _UNBOUNDED_TARGETS):
        return None
    if any(next(shapes.triples((None, p, None)), None) for p in _UNBOUNDED_CONSTRAINTS):
        return None
    if next(shapes.triples((None, RDF.type, SH.ConstraintComponent)), None) is not None:
        return None  # custom constraint components: what they read is not declared
    depth = 0
    for shape in set(shapes.subjects(SH.targetClass, None)) | set(
        shapes.subjects(SH.targetSubjectsOf, None)
    ):
        reach = _node_reach(shapes, shape, frozenset())
        if reach is None:
            return None
        depth = max(depth, reach)
    return max(depth - 1, 0)


def _node_reach(shapes: Graph, shape: Node, path: frozenset[Node]) -> int | None:
    """Path steps a node shape reads from the node it is applied to (0: none)."""
    if shape in path:
        return None  # a recursive shape: no bound
    inner = path | {shape}
    depth = 0
    for child in _same_node_children(shapes, shape):
        reach = _node_reach(shapes, child, inner)
        if reach is None:
            return None
        depth = max(depth, reach)
    for prop in shapes.objects(shape, SH.property):
        steps = _path_length(shapes, shapes.value(prop, SH.path))
        if steps is None:
            return None
        values = 0
        if shapes.value(prop, SH["class"]) is not None:
            values = 1  # reads rdf:type of each value
        for child in _same_node_children(shapes, prop):
            reach = _node_reach(shapes, child, inner | {prop})
            if reach is None:
                return None
            values = max(values, reach)
        depth = max(depth, steps + values)
    if shapes.value(shape, SH.path) is not None:  # a property shape used as a node shape
        steps = _path_length(shapes, shapes.value(shape, SH.path))
        if steps is None:
            return None
        depth = max(depth, steps + (1 if shapes.value(shape, SH["class"]) is not None else 0))
    elif shapes.value(shape, SH["class"]) is not None:
        depth = max(depth, 1)
    return depth


def _same_node_children(shapes: Graph, shape: Node) -> list[Node]:
    children: list[Node] = []
    for predicate in _SAME_NODE_SHAPES:
        for value in shapes.objects(shape, predicate):
            if predicate in _LIST_SHAPES:
                children.extend(Collection(shapes, value))
            else:
                children.append(value)
    return children


def _path_length(shapes: Graph, path: Node | None) -> int | None:
    if isinstance(path, URIRef):
        return 1
    if path is not None and shapes.value(path, RDF.first) is not None:  # a sequence path
        steps = list(Collection(shapes, path))
        if all(isinstance(step, URIRef) for step in steps):
            return len(steps)
    return None


@dataclass(frozen=True, slots=True)
class ValidationCache:
    """What earlier builds validated: the signatures seen and the messages of each."""

    shapes: str = ""
    signatures: frozenset[str] = frozenset()
    messages: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "shapes": self.shapes,
            "signatures": sorted(self.signatures),
            "messages": {sig: list(msgs) for sig, msgs in sorted(self.messages.items())},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ValidationCache:
        return cls(
            str(data["shapes"]),
            frozenset(str(s) for s in data["signatures"]),
            {str(k): tuple(str(m) for m in v) for k, v in data["messages"].items()},
        )


@dataclass(frozen=True, slots=True)
class Part:
    """Focus nodes to validate, with every triple their shapes can reach."""

    focus: tuple[str, ...]
    triples: tuple[Triple, ...]

    def to_wire(self) -> tuple[tuple[str, ...], bytes]:
        """The part as plain values for another process: focus IRIs and N-Triples."""
        return self.focus, to_ntriples_bytes(self.triples)


@dataclass(slots=True)
class ValidationPlan:
    """Which subjects to validate now, and the messages reused for the others."""

    shapes: str
    signature: dict[URIRef, str]
    changed: list[URIRef]
    reused: dict[URIRef, tuple[str, ...]]
    descriptions: dict[URIRef, list[Triple]]
    hops: int | None
    _whole: Sequence[Triple] = ()

    def parts(self, count: int) -> list[Part]:
        """Split the subjects to validate into at most `count` parts of similar cost (their
        triple counts), each with the triples its shapes can reach."""
        if not self.changed:
            return []
        if self.hops is None:
            return [Part((), tuple(self._whole))]
        if count <= 1 and len(self.changed) == len(self.descriptions):
            return [Part(tuple(str(s) for s in self.changed), tuple(self._whole))]
        total = sum(len(self.descriptions[s]) for s in self.changed)
        share = total / max(count, 1)
        parts: list[Part] = []
        chunk: list[URIRef] = []
        weight = 0
        for node in self.changed:  # contiguous runs of about equal triple counts
            chunk.append(node)
            weight += len(self.descriptions[node])
            if weight >= share * (len(parts) + 1) and len(parts) < count - 1:
                parts.append(Part(tuple(str(s) for s in chunk), self._closure(chunk)))
                chunk = []
        if chunk:
            parts.append(Part(tuple(str(s) for s in chunk), self._closure(chunk)))
        return parts

    def _closure(self, focus: Sequence[URIRef]) -> tuple[Triple, ...]:
        nodes = set(focus)
        frontier = set(focus)
        for _ in range(self.hops or 0):
            reached = {
                o
                for s in frontier
                for _, _, o in self.descriptions[s]
                if isinstance(o, URIRef) and o in self.descriptions and o not in nodes
            }
            nodes |= reached
            frontier = reached
        return tuple(t for s in sorted(nodes, key=str) for t in self.descriptions[s])

    def finish(
        self, results: Iterable[Sequence[tuple[str, str]]], max_messages: int = 20
    ) -> tuple[Validation, ValidationCache]:
        """Combine the parts' (focus, message) results with the reused ones."""
        by_focus: dict[str, list[str]] = defaultdict(list)
        for part in results:
            for focus, message in part:
                by_focus[focus].append(message)
        messages: list[str] = []
        cached: dict[str, tuple[str, ...]] = {}
        for node, sig in self.signature.items():
            found = self.reused.get(node)
            if found is None:
                found = tuple(sorted(by_focus.pop(str(node), ())))
            if found:
                cached[sig] = found
                messages.extend(found)
        for leftover in by_focus.values():  # focus nodes that are not subjects
            messages.extend(leftover)
        messages.sort()
        validation = Validation(not messages, len(messages), tuple(messages[:max_messages]))
        signatures = frozenset(self.signature.values()) if self.hops is not None else frozenset()
        return validation, ValidationCache(
            self.shapes, signatures, cached if self.hops is not None else {}
        )


def plan_validation(
    triples: Sequence[Triple], shapes: Graph, shapes_digest: str, cache: ValidationCache | None
) -> ValidationPlan:
    """Decide which subjects of `triples` (sorted, as `GraphContent.union` gives) to validate."""
    descriptions: dict[URIRef, list[Triple]] = {}
    for triple in triples:
        descriptions.setdefault(triple[0], []).append(triple)
    hops = shapes_reach(shapes)
    if hops is None:
        return ValidationPlan(
            shapes_digest, {}, list(descriptions), {}, descriptions, None, triples
        )
    signature = _signatures(descriptions, hops)
    usable = cache is not None and cache.shapes == shapes_digest
    changed: list[URIRef] = []
    reused: dict[URIRef, tuple[str, ...]] = {}
    for node, sig in signature.items():
        if usable and cache is not None and sig in cache.signatures:
            reused[node] = tuple(cache.messages.get(sig, ()))
        else:
            changed.append(node)
    changed.sort(key=str)
    return ValidationPlan(shapes_digest, signature, changed, reused, descriptions, hops, triples)


def _signatures(descriptions: Mapping[URIRef, list[Triple]], hops: int) -> dict[URIRef, str]:
    own = {
        node: hashlib.blake2b(
            "\x1e".join("\x1f".join(triple_key(t)) for t in triples).encode("utf-8"),
            digest_size=16,
        ).digest()
        for node, triples in descriptions.items()
    }
    hood = own
    for _ in range(hops):
        hood = {
            node: hashlib.blake2b(
                own[node]
                + b"".join(
                    sorted(hood[o] for _, _, o in triples if isinstance(o, URIRef) and o in hood)
                ),
                digest_size=16,
            ).digest()
            for node, triples in descriptions.items()
        }
    return {node: digest.hex()[:24] for node, digest in hood.items()}


def validate_part(part: Part, shapes: Graph) -> list[tuple[str, str]]:
    """Validate one part in this process: (focus node, message) for every result on the
    part's focus nodes (all results when it names none)."""
    return _validate(to_rdflib(part.triples), shapes, part.focus)


def validate_wire(focus: tuple[str, ...], data: bytes, shapes_ttl: bytes) -> list[tuple[str, str]]:
    """Validate a part sent from another process (see `Part.to_wire`)."""
    graph = Graph()
    graph.parse(data=data, format="nt")
    return _validate(graph, _parse_shapes(shapes_ttl), focus)


@cache
def _parse_shapes(shapes_ttl: bytes) -> Graph:
    return Graph().parse(data=shapes_ttl, format="turtle")


def _validate(data: Graph, shapes: Graph, focus_nodes: Sequence[str]) -> list[tuple[str, str]]:
    """Run pySHACL as `validate_graph` does; one (owner, message) per result whose owner
    is in `focus_nodes` (every result when it is empty). The owner of a result is its
    focus node, or for a `sh:detail` the owner of the result that holds it. Results
    owned by other nodes are dropped: those are neighbours, seen only in part."""
    # Parts name their focus nodes only when `shapes_reach` found no SHACL-AF feature
    # (rules, expressions, SPARQL targets): pySHACL's advanced mode then changes nothing
    # but costs a fifth more time, so it is on only for the whole-graph fallback.
    advanced = not focus_nodes
    _, report, _ = validate(data, shacl_graph=shapes, inference="none", advanced=advanced)
    assert isinstance(report, Graph)
    wanted = set(focus_nodes)
    parent = {detail: result for result, detail in report.subject_objects(SH.detail)}
    found = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        top = result
        while top in parent:  # a detail belongs to the focus node whose result holds it
            top = parent[top]
        owner = str(report.value(top, SH.focusNode))
        if wanted and owner not in wanted:
            continue
        focus = report.value(result, SH.focusNode)
        message = report.value(result, SH.resultMessage)
        path = report.value(result, SH.resultPath)
        found.append((owner, f"{focus} {path or ''}: {message}".strip()))
    return found
