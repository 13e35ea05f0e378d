"""Typed errors. Each renders as the single line "{subject}: {reason}" that the CLI prints."""

from __future__ import annotations


def printable(text: str) -> str:
    r"""`text` safe to print on a terminal, on one line: every character that `repr` would
    escape (C0 and C1 controls, DEL, line and paragraph separators, bidi overrides and the
    other format characters) is written as `repr` writes it, without the quotes. File
    names and URLs come from outside, and a name holding ESC [2J clears the screen.

    >>> print(printable("evil\n\x1b[2Jname\u202etxt.exe"))
    evil\n\x1b[2Jname\u202etxt.exe
    >>> print(printable("Niamey, Niger — café.txt"))
    Niamey, Niger — café.txt
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class KgError(Exception):
    """Base of every error kg raises on purpose. Its message is printable: the subject
    (a file name, a URL) and the reason are escaped as `printable` does; `subject` and
    `reason` keep them as given."""

    def __init__(self, subject: str, reason: str) -> None:
        super().__init__(f"{printable(subject)}: {printable(reason)}")
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


class QueryTimeout(QueryError):
    """A query ran past its time limit."""


class ClusterError(KgError):
    """The Dask cluster cannot be reached or its workers cannot run this build."""


class UnsupportedShapes(ValueError):
    """The SHACL shapes use a feature the native validator (`kg.graph.shacl`) does not
    implement; the build then validates with pySHACL. Not a KgError: it never reaches
    the user."""


def one_line(exc: BaseException) -> str:
    r"""An exception's message on one line (its type's name when it has none).

    >>> one_line(ValueError("bad\n  input")), one_line(KeyError())
    ('bad input', 'KeyError')
    """
    text = str(exc).strip() or type(exc).__name__
    return " ".join(text.split())
