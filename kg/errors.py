"""Typed errors. Each renders as the single line "{subject}: {reason}" that the CLI prints."""

from __future__ import annotations


class KgError(Exception):
    """Base of every error kg raises on purpose."""

    def __init__(self, subject: str, reason: str) -> None:
        super().__init__(f"{subject}: {reason}")
        self.subject = subject
        self.reason = reason


class InputError(KgError):
    """An input cannot be read as articles."""


class OntologyError(KgError):
    """The ontology, shapes or a gazetteer/lexicon file is missing or malformed."""


class ModelError(KgError):
    """No usable spaCy model is installed."""


class StateError(KgError):
    """An existing output folder cannot be read back for an incremental build."""


class QueryError(KgError):
    """A SPARQL query is malformed or cannot run."""
