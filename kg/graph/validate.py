"""Validate a graph against the project's SHACL shapes (`ontology/shapes.ttl`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyshacl import validate
from rdflib import RDF, Graph
from rdflib.namespace import SH

from kg.errors import OntologyError


@dataclass(frozen=True, slots=True)
class Validation:
    """The outcome of a SHACL run: conformance, violation count and readable messages."""

    conforms: bool
    violations: int
    messages: tuple[str, ...]


def load_shapes(ontology_dir: Path) -> Graph:
    path = ontology_dir / "shapes.ttl"
    try:
        return Graph().parse(path, format="turtle")
    except (OSError, SyntaxError, ValueError) as exc:
        raise OntologyError(str(path), f"cannot read SHACL shapes ({exc})") from exc


def validate_graph(data: Graph, shapes: Graph, max_messages: int = 20) -> Validation:
    """Run pySHACL (no inference: types are checked as asserted)."""
    conforms, report, _ = validate(data, shacl_graph=shapes, inference="none", advanced=True)
    assert isinstance(report, Graph)
    results = sorted(report.subjects(RDF.type, SH.ValidationResult), key=str)
    messages = []
    for result in results[:max_messages]:
        focus = report.value(result, SH.focusNode)
        message = report.value(result, SH.resultMessage)
        path = report.value(result, SH.resultPath)
        messages.append(f"{focus} {path or ''}: {message}".strip())
    return Validation(bool(conforms), len(results), tuple(sorted(messages)))
