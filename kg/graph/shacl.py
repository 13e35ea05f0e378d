"""A SHACL Core validator for the shapes a build checks, fast enough to check every build
whole.

pySHACL costs about 2 ms a focus node: half a minute for the 60,000 focus nodes of a
20,000-article graph, as long as a tenth of parsing them. The shapes in `ontology/` use a
small part of SHACL Core (predicate paths and the constraint components of `_COMPONENTS`),
and that part is a few dictionary lookups a value node: here it is, over an index of the
graph's triples (`kg.graph.shacl_data`), with the results of the shapes that other
shapes use (`sh:node`, `sh:or`, ...) kept for each node they are asked about.

It reports what pySHACL reports: one result per failing value node (per focus node for
the counting constraints, per pair for `sh:lessThan`), the results inside a failing
`sh:node` as details counted beside it, each with its shape's `sh:message`.
`tests/graph/test_shacl.py` checks that against pySHACL on valid and broken graphs.
Shapes that use any other SHACL feature raise `UnsupportedShapes` when compiled, and the
build validates the whole graph with pySHACL instead (`kg.graph.assemble.validate`).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeAlias

from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, XSD
from rdflib.term import Node

from kg.errors import UnsupportedShapes
from kg.graph.shacl_data import DataIndex, Value, as_value, is_iri
from kg.graph.validate import Validation, validate_graph

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Result:
    """One validation result: its focus node, path (None on a node shape) and message."""

    focus: Value
    path: str | None
    message: str

    def text(self) -> str:
        """The result as `kg.graph.validate` words pySHACL's: "focus path: message"."""
        return f"{self.focus} {self.path or ''}: {self.message}".strip()


_XSD_STRING = str(XSD.string)
_LANG_STRING = str(RDF.langString)


# --------------------------------------------------------------------------------------
# Shapes
# --------------------------------------------------------------------------------------

Failures: TypeAlias = Callable[["Validator", Value, Sequence[Value]], Iterator["Result | None"]]
"""A constraint: given the focus node and its value nodes, yields None for each failure
(the shape adds focus, path and message) and any detail result found inside one."""


@dataclass(slots=True, eq=False)
class Shape:
    """A compiled node or property shape: its constraints and nested property shapes."""

    node: Node
    path: str | None
    messages: tuple[str, ...]
    constraints: list[tuple[str, Failures]] = field(default_factory=list)
    properties: list[Shape] = field(default_factory=list)
    deactivated: bool = False
    shared: bool = False
    """Used by another shape's sh:node, sh:or, ...: asked about the same nodes again and
    again, so its results are kept."""

    def message(self, component: str) -> str:
        if self.messages:
            return self.messages[0]
        where = f" on {self.path}" if self.path is not None else ""
        # a blank node's label differs each time the shapes are read: name it by its path
        shape = "an unnamed shape" if isinstance(self.node, BNode) else f"shape {self.node}"
        return f"{component} constraint of {shape}{where} not met"


@dataclass(frozen=True, slots=True)
class Target:
    kind: URIRef
    value: Value


_TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
_NOT_CONSTRAINTS = frozenset(
    str(p)
    for p in (
        RDF.type,
        SH.name,
        SH.description,
        SH.message,
        SH.severity,
        SH.order,
        SH.group,
        SH.defaultValue,
        SH.deactivated,
        SH.path,
        SH.property,
        *_TARGETS,
        # parameters read by another parameter's component: sh:pattern, sh:qualifiedValueShape
        SH.flags,
        SH.qualifiedMinCount,
        SH.qualifiedMaxCount,
        SH.qualifiedValueShapesDisjoint,
    )
)
_NODE_KINDS: dict[str, Callable[[object], bool]] = {
    str(SH.IRI): is_iri,
    str(SH.BlankNode): lambda v: isinstance(v, BNode),
    str(SH.Literal): lambda v: isinstance(v, Literal),
    str(SH.BlankNodeOrIRI): lambda v: isinstance(v, BNode) or is_iri(v),
    str(SH.BlankNodeOrLiteral): lambda v: isinstance(v, (BNode, Literal)),
    str(SH.IRIOrLiteral): lambda v: isinstance(v, Literal) or is_iri(v),
}
_REGEX_FLAGS = {"i": re.IGNORECASE, "s": re.DOTALL, "m": re.MULTILINE, "x": re.VERBOSE}
_PYTHON_TYPES: dict[str, tuple[type, ...]] = {
    str(XSD.string): (str,),
    str(RDF.langString): (str,),
    str(XSD.integer): (int,),
    str(XSD.decimal): (Decimal,),
    str(XSD.float): (float,),
    str(XSD.double): (float,),
    str(XSD.boolean): (bool,),
    str(XSD.date): (dt.date,),
    str(XSD.dateTime): (dt.datetime,),
    str(XSD.time): (dt.time,),
}
"""What a well-formed literal of a datatype reads as in Python, as pySHACL checks it."""


class _Compiler:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.shapes: dict[Node, Shape] = {}
        self.compiling: set[Node] = set()

    def targets(self, node: Node) -> list[Target]:
        found = [
            Target(kind, as_value(v)) for kind in _TARGETS for v in self.graph.objects(node, kind)
        ]
        types = set(self.graph.objects(node, RDF.type))
        if types & {RDFS.Class, OWL.Class}:  # an implicit class target
            found.append(Target(SH.targetClass, as_value(node)))
        return found

    def shape(self, node: Node) -> Shape:
        if node in self.shapes:
            return self.shapes[node]
        if node in self.compiling:
            raise UnsupportedShapes(f"{node}: recursive shapes")
        self.compiling.add(node)
        try:
            built = self._build(node)
        finally:
            self.compiling.discard(node)
        self.shapes[node] = built
        return built

    def used(self, node: Node) -> Shape:
        """A shape that another shape's constraint uses."""
        shape = self.shape(node)
        shape.shared = True
        return shape

    def _build(self, node: Node) -> Shape:
        g = self.graph
        path = g.value(node, SH.path)
        if path is not None and not isinstance(path, URIRef):
            raise UnsupportedShapes(f"{node}: only predicate paths are supported")
        messages = tuple(str(m) for m in g.objects(node, SH.message))
        if len(messages) > 1:
            raise UnsupportedShapes(f"{node}: several sh:message values")
        shape = Shape(node, None if path is None else str(path), messages)
        shape.deactivated = self.flag(node, SH.deactivated)
        for predicate, value in sorted(g.predicate_objects(node), key=lambda pv: str(pv[0])):
            name = str(predicate)
            if name in _NOT_CONSTRAINTS:
                continue
            component = _COMPONENTS.get(name)
            if component is None:
                if name.startswith(str(SH)):
                    raise UnsupportedShapes(f"{node}: {predicate} is not supported")
                continue  # not SHACL: the shape's own label, comment, ...
            label, make = component
            shape.constraints.append((label, make(self, node, value)))
        for prop in g.objects(node, SH.property):
            shape.properties.append(self.shape(prop))
        return shape

    def integer(self, node: Node, parameter: URIRef) -> int:
        value = self.graph.value(node, parameter)
        if not isinstance(value, Literal) or not isinstance(value.toPython(), int):
            raise UnsupportedShapes(f"{node}: {parameter} is not an integer")
        return int(value.toPython())

    def flag(self, node: Node, parameter: URIRef) -> bool:
        return any(
            isinstance(v, Literal) and v.toPython() is True
            for v in self.graph.objects(node, parameter)
        )

    def members(self, value: Node) -> list[Node]:
        return list(Collection(self.graph, value))


def _per_value(test: Callable[[Validator, Value], bool]) -> Failures:
    def failures(v: Validator, focus: Value, values: Sequence[Value]) -> Iterator[Result | None]:
        for value in values:
            if not test(v, value):
                yield None

    return failures


def _count(
    parameter: URIRef, accept: Callable[[int, int], bool]
) -> Callable[[_Compiler, Node, Node], Failures]:
    """sh:minCount or sh:maxCount: `accept(count, bound)` on the focus node's value count."""

    def make(compiler: _Compiler, node: Node, value: Node) -> Failures:
        bound = compiler.integer(node, parameter)

        def failures(
            v: Validator, focus: Value, values: Sequence[Value]
        ) -> Iterator[Result | None]:
            if not accept(len(values), bound):
                yield None

        return failures

    return make


def _class(compiler: _Compiler, node: Node, cls: Node) -> Failures:
    wanted = as_value(cls)
    return _per_value(
        lambda v, value: not isinstance(value, Literal) and v.data.is_instance(value, wanted)
    )


def _datatype(compiler: _Compiler, node: Node, datatype: Node) -> Failures:
    if not isinstance(datatype, URIRef):
        raise UnsupportedShapes(f"{node}: sh:datatype is not an IRI")
    wanted = str(datatype)
    if datatype == RDFS.Literal:
        return _per_value(lambda v, value: isinstance(value, Literal))
    expected = _PYTHON_TYPES.get(wanted)
    return _per_value(lambda v, value: _has_datatype(value, wanted, expected))


def _has_datatype(value: Value, datatype: str, expected: tuple[type, ...] | None) -> bool:
    """sh:datatype as pySHACL reads it: the literal's datatype (a plain literal's is
    xsd:string, a tagged one's rdf:langString), and a lexical form valid for it."""
    if not isinstance(value, Literal):
        return False
    if value.language is not None:
        actual = _LANG_STRING
    elif value.datatype is None:
        actual = _XSD_STRING
    else:
        actual = str(value.datatype)
    if actual != datatype or value.ill_typed:
        return False
    if expected is None:
        return True
    python = value.toPython()
    if isinstance(python, bool) and bool not in expected:
        return False
    if isinstance(python, dt.datetime) and dt.datetime not in expected:
        return False
    return isinstance(python, expected)


def _node_kind(compiler: _Compiler, node: Node, kind: Node) -> Failures:
    test = _NODE_KINDS.get(str(kind))
    if test is None:
        raise UnsupportedShapes(f"{node}: unknown sh:nodeKind {kind}")
    return _per_value(lambda v, value: test(value))


def _range(accept: Callable[[int], bool]) -> Callable[[_Compiler, Node, Node], Failures]:
    def make(compiler: _Compiler, node: Node, bound: Node) -> Failures:
        if not isinstance(bound, Literal):
            raise UnsupportedShapes(f"{node}: a range bound that is not a literal")

        def test(v: Validator, value: Value) -> bool:
            order = _order(value, bound)
            return order is not None and accept(order)

        return _per_value(test)

    return make


def _order(a: Value, b: Value) -> int | None:
    """-1, 0 or 1 as SPARQL's operators order two literals; None if they cannot be."""
    if not isinstance(a, Literal) or not isinstance(b, Literal) or a.ill_typed or b.ill_typed:
        return None
    x, y = a.toPython(), b.toPython()
    numbers = (int, float, Decimal)
    if isinstance(x, bool) or isinstance(y, bool):
        return None
    if isinstance(x, numbers) and isinstance(y, numbers):
        if isinstance(x, float) != isinstance(y, float):
            x, y = float(x), float(y)
    elif isinstance(x, dt.datetime) != isinstance(y, dt.datetime):
        return None  # a date and a dateTime do not compare
    elif type(x) is not type(y) or not isinstance(x, (str, dt.date, dt.time)):
        return None
    try:
        return int(x > y) - int(x < y)
    except TypeError:  # a time with a zone and one without
        return None


def _length(
    parameter: URIRef, accept: Callable[[int, int], bool]
) -> Callable[[_Compiler, Node, Node], Failures]:
    """sh:minLength or sh:maxLength: `accept(length, bound)` on each value's string."""

    def make(compiler: _Compiler, node: Node, value: Node) -> Failures:
        bound = compiler.integer(node, parameter)
        return _per_value(
            lambda v, term: not isinstance(term, BNode) and accept(len(str(term)), bound)
        )

    return make


def _pattern(compiler: _Compiler, node: Node, pattern: Node) -> Failures:
    flags = 0
    for letter in str(compiler.graph.value(node, SH.flags) or ""):
        if letter not in _REGEX_FLAGS:
            raise UnsupportedShapes(f"{node}: regex flag {letter!r}")
        flags |= _REGEX_FLAGS[letter]
    regex = re.compile(str(pattern), flags)
    return _per_value(
        lambda v, term: not isinstance(term, BNode) and regex.search(str(term)) is not None
    )


def _in(compiler: _Compiler, node: Node, members: Node) -> Failures:
    allowed = frozenset(as_value(m) for m in compiler.members(members))
    return _per_value(lambda v, value: value in allowed)


def _has_value(compiler: _Compiler, node: Node, wanted: Node) -> Failures:
    term = as_value(wanted)

    def failures(v: Validator, focus: Value, values: Sequence[Value]) -> Iterator[Result | None]:
        if term not in values:
            yield None

    return failures


def _node(compiler: _Compiler, node: Node, other: Node) -> Failures:
    inner = compiler.used(other)

    def failures(v: Validator, focus: Value, values: Sequence[Value]) -> Iterator[Result | None]:
        for value in values:
            found = v.results(inner, value)
            if found:
                yield None
                yield from found  # pySHACL reports them too, as the result's sh:detail

    return failures


def _or(compiler: _Compiler, node: Node, members: Node) -> Failures:
    options = [compiler.used(m) for m in compiler.members(members)]
    return _per_value(lambda v, value: any(v.conforms(s, value) for s in options))


def _and(compiler: _Compiler, node: Node, members: Node) -> Failures:
    options = [compiler.used(m) for m in compiler.members(members)]
    return _per_value(lambda v, value: all(v.conforms(s, value) for s in options))


def _not(compiler: _Compiler, node: Node, other: Node) -> Failures:
    inner = compiler.used(other)
    return _per_value(lambda v, value: not v.conforms(inner, value))


def _xone(compiler: _Compiler, node: Node, members: Node) -> Failures:
    options = [compiler.used(m) for m in compiler.members(members)]
    return _per_value(lambda v, value: sum(v.conforms(s, value) for s in options) == 1)


def _qualified(compiler: _Compiler, node: Node, other: Node) -> Failures:
    if compiler.flag(node, SH.qualifiedValueShapesDisjoint):
        raise UnsupportedShapes(f"{node}: sh:qualifiedValueShapesDisjoint")
    inner = compiler.used(other)
    has = compiler.graph.value
    least = (
        compiler.integer(node, SH.qualifiedMinCount) if has(node, SH.qualifiedMinCount) else None
    )
    most = compiler.integer(node, SH.qualifiedMaxCount) if has(node, SH.qualifiedMaxCount) else None

    def failures(v: Validator, focus: Value, values: Sequence[Value]) -> Iterator[Result | None]:
        count = sum(v.conforms(inner, value) for value in values)
        if least is not None and count < least:
            yield None
        if most is not None and count > most:
            yield None

    return failures


def _pair(accept: Callable[[int], bool]) -> Callable[[_Compiler, Node, Node], Failures]:
    def make(compiler: _Compiler, node: Node, other: Node) -> Failures:
        predicate = str(other)

        def failures(
            v: Validator, focus: Value, values: Sequence[Value]
        ) -> Iterator[Result | None]:
            for value in values:
                for bound in v.data.objects(focus, predicate):
                    order = _order(value, bound)
                    if order is None or not accept(order):
                        yield None

        return failures

    return make


_COMPONENTS: dict[str, tuple[str, Callable[[_Compiler, Node, Node], Failures]]] = {
    str(SH.minCount): ("MinCount", _count(SH.minCount, lambda n, least: n >= least)),
    str(SH.maxCount): ("MaxCount", _count(SH.maxCount, lambda n, most: n <= most)),
    str(SH["class"]): ("Class", _class),
    str(SH.datatype): ("Datatype", _datatype),
    str(SH.nodeKind): ("NodeKind", _node_kind),
    str(SH.minInclusive): ("MinInclusive", _range(lambda order: order >= 0)),
    str(SH.maxInclusive): ("MaxInclusive", _range(lambda order: order <= 0)),
    str(SH.minExclusive): ("MinExclusive", _range(lambda order: order > 0)),
    str(SH.maxExclusive): ("MaxExclusive", _range(lambda order: order < 0)),
    str(SH.minLength): ("MinLength", _length(SH.minLength, lambda n, least: n >= least)),
    str(SH.maxLength): ("MaxLength", _length(SH.maxLength, lambda n, most: n <= most)),
    str(SH.pattern): ("Pattern", _pattern),
    str(SH["in"]): ("In", _in),
    str(SH.hasValue): ("HasValue", _has_value),
    str(SH.node): ("Node", _node),
    str(SH["or"]): ("Or", _or),
    str(SH["and"]): ("And", _and),
    str(SH["not"]): ("Not", _not),
    str(SH.xone): ("Xone", _xone),
    str(SH.qualifiedValueShape): ("QualifiedValueShape", _qualified),
    str(SH.lessThan): ("LessThan", _pair(lambda order: order < 0)),
    str(SH.lessThanOrEquals): ("LessThanOrEquals", _pair(lambda order: order <= 0)),
}


@dataclass(frozen=True, slots=True)
class CompiledShapes:
    """The shapes graph ready to validate with: each targeted shape with its targets."""

    targeted: tuple[tuple[Shape, tuple[Target, ...]], ...]


def compile_shapes(shapes: Graph) -> CompiledShapes:
    """Compile every shape of the shapes graph, keeping those with targets.

    Raises:
        UnsupportedShapes: if a shape uses SHACL beyond what this module implements
            (validate with pySHACL then).
    """
    for advanced in (SH.target, SH.sparql, SH.rule, SH.js, SH.expression):
        if next(shapes.triples((None, advanced, None)), None) is not None:
            raise UnsupportedShapes(f"{advanced} is not supported")
    if next(shapes.triples((None, RDF.type, SH.ConstraintComponent)), None) is not None:
        raise UnsupportedShapes("custom constraint components are not supported")
    compiler = _Compiler(shapes)
    candidates = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(
        shapes.subjects(RDF.type, SH.PropertyShape)
    )
    for kind in _TARGETS:
        candidates |= set(shapes.subjects(kind, None))
    targeted = []
    for node in sorted(candidates, key=str):
        shape = compiler.shape(node)  # untargeted ones too, so unsupported SHACL shows now
        targets = compiler.targets(node)
        if targets:
            targeted.append((shape, tuple(targets)))
    return CompiledShapes(tuple(targeted))


def compile_or_none(shapes: Graph) -> CompiledShapes | None:
    """`compile_shapes`, or None (logged) when the shapes need pySHACL."""
    try:
        return compile_shapes(shapes)
    except UnsupportedShapes as exc:
        log.info("SHACL: validating with pySHACL (%s)", exc)
        return None


# --------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------


class Validator:
    """Validates one data graph, keeping the results of the shapes other shapes use."""

    def __init__(self, data: DataIndex) -> None:
        self.data = data
        self._kept: dict[tuple[int, Value], tuple[Result, ...]] = {}

    def focus_nodes(self, target: Target) -> list[Value]:
        if target.kind == SH.targetClass:
            return self.data.instances(target.value)
        if target.kind == SH.targetSubjectsOf:
            return self.data.subjects_of(str(target.value))
        if target.kind == SH.targetObjectsOf:
            return self.data.objects_of(str(target.value))
        return [target.value]

    def results(self, shape: Shape, focus: Value) -> tuple[Result, ...]:
        """Every result of `shape` on `focus`."""
        if not shape.shared or isinstance(focus, Literal):
            return tuple(self._evaluate(shape, focus))
        key = (id(shape), focus)
        found = self._kept.get(key)
        if found is None:
            found = self._kept[key] = tuple(self._evaluate(shape, focus))
        return found

    def conforms(self, shape: Shape, focus: Value) -> bool:
        return not self.results(shape, focus)

    def _evaluate(self, shape: Shape, focus: Value) -> Iterator[Result]:
        if shape.deactivated:
            return
        values = [focus] if shape.path is None else self.data.objects(focus, shape.path)
        for component, failures in shape.constraints:
            for failure in failures(self, focus, values):
                yield failure or Result(focus, shape.path, shape.message(component))
        for prop in shape.properties:
            for value in values:
                yield from self.results(prop, value)


def iter_results(data: DataIndex, shapes: CompiledShapes) -> Iterator[Result]:
    """Every validation result on the data graph, targeted shape by targeted shape."""
    validator = Validator(data)
    for shape, targets in shapes.targeted:
        focus = dict.fromkeys(n for t in targets for n in validator.focus_nodes(t))
        for node in focus:
            yield from validator.results(shape, node)


def validate_triples(
    triples: Iterable[tuple[Node, Node, Node]], shapes: CompiledShapes, max_messages: int = 20
) -> Validation:
    """Validate distinct triples against compiled shapes; the outcome reads as
    `kg.graph.validate.validate_graph`'s does with pySHACL."""
    results = list(iter_results(DataIndex(triples), shapes))
    messages = sorted(result.text() for result in results)
    return Validation(not results, len(results), tuple(messages[:max_messages]))


def validate(
    triples: Iterable[tuple[Node, Node, Node]], shapes: Graph, max_messages: int = 20
) -> Validation:
    """Validate with this module's validator, or with pySHACL over the whole graph when
    the shapes use SHACL it does not implement (a custom `--ontology`'s shapes)."""
    native = compile_or_none(shapes)
    if native is not None:
        return validate_triples(triples, native, max_messages)
    if not isinstance(triples, Graph):
        graph = Graph()
        graph.addN((s, p, o, graph) for s, p, o in triples)
        triples = graph
    return validate_graph(triples, shapes, max_messages)


# --------------------------------------------------------------------------------------
# Validating part of a graph (incremental builds, `kg.graph.blocks`)
# --------------------------------------------------------------------------------------

_ON_SAME_NODE = (SH.node, SH["and"], SH["or"], SH["not"], SH.xone)
_TYPE = str(RDF.type)


def reads_only_types_of_values(shapes: Graph) -> bool:
    """Whether every shape reads no more of the graph than its focus node's own triples
    and the rdf:type of the nodes those point at.

    When it holds, a focus node validated with a graph holding only its subject's
    triples and the types of their objects gets the results the whole graph gives it, so
    a build may validate only the subjects it changed. Paths are walked from each targeted
    shape: a path taken from the focus node is free; from a value node only rdf:type may
    be read (by sh:path or sh:class); nothing may be read past that.
    """
    seen: set[tuple[Node, int]] = set()
    targeted = {s for target in _TARGETS for s in shapes.subjects(target, None)}
    return all(_reads_within(shapes, shape, 0, seen) for shape in targeted)


def _reads_within(shapes: Graph, shape: Node, depth: int, seen: set[tuple[Node, int]]) -> bool:
    if (shape, depth) in seen:
        return True
    seen.add((shape, depth))
    path = shapes.value(shape, SH.path)
    values = depth
    if path is not None:
        if not isinstance(path, URIRef):
            return False  # a path expression: followed further than one triple
        if depth >= 2 or (depth == 1 and path != RDF.type):
            return False
        values = depth + 1
    if (shapes.value(shape, SH["class"]) is not None) and values >= 2:
        return False
    nested: list[tuple[Node, int]] = [(p, values) for p in shapes.objects(shape, SH.property)]
    if path is not None:
        nested += [(q, values) for q in shapes.objects(shape, SH.qualifiedValueShape)]
    for predicate in _ON_SAME_NODE:
        for obj in shapes.objects(shape, predicate):
            members = (
                list(Collection(shapes, obj))
                if predicate in (SH["and"], SH["or"], SH.xone)
                else [obj]
            )
            nested += [(member, values) for member in members]
    return all(_reads_within(shapes, node, level, seen) for node, level in nested)


def results_by_focus(
    triples: Iterable[tuple[Node, Node, Node]],
    shapes: CompiledShapes,
    focus: Iterable[str],
) -> dict[str, list[str]]:
    """The results' texts of every targeted shape on each of the `focus` nodes (IRIs),
    validated against `triples`; nodes without a result are left out."""
    wanted = set(focus)
    validator = Validator(DataIndex(triples))
    found: dict[str, list[str]] = {}
    for shape, targets in shapes.targeted:
        nodes = dict.fromkeys(n for t in targets for n in validator.focus_nodes(t))
        for node in nodes:
            if isinstance(node, str) and node in wanted:
                for result in validator.results(shape, node):
                    found.setdefault(node, []).append(result.text())
    return found
