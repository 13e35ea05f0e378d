"""Validate a graph against the SHACL shapes (`shapes.ttl` of the ontology) with pySHACL.

A build validates with the native validator of `kg.graph.shacl`; this is the whole-graph
fallback for shapes that validator cannot read, and the reference it is checked against.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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
    from pyshacl import validate  # a fifth of a second to import, for this fallback only

    conforms, report, _ = validate(data, shacl_graph=shapes, inference="none", advanced=True)
    assert isinstance(report, Graph)
    messages = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        message = report.value(result, SH.resultMessage)
        path = report.value(result, SH.resultPath)
        messages.append(f"{focus} {path or ''}: {message}".strip())
    # sorted before the cut, so that which messages are kept does not hang on the
    # report's blank-node labels
    messages.sort()
    return Validation(bool(conforms), len(messages), tuple(messages[:max_messages]))
