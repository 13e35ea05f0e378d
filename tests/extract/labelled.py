"""What an extraction asserts, by the labels of its actors: for the tests that read the real
pipeline's extractions of made-up sentences."""

from __future__ import annotations

from collections.abc import Callable

from kg.model import Extraction

Extract = Callable[..., Extraction]
"""The `extract` fixture (tests/conftest.py): one text parsed and extracted."""


def triples(extraction: Extraction, relation: str | None = None) -> set[tuple[str, str, str]]:
    """(subject label, relation, object label) of every assertion, or of those of one
    relation."""
    labels = {a.key: a.label for a in extraction.actors}
    return {
        (labels.get(a.subject, a.subject), a.relation.value, labels.get(a.object, a.object))
        for a in extraction.assertions
        if relation is None or a.relation.value == relation
    }
