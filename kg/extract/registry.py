"""The extractors by versioned name, and what each one reads.

An extractor is a function from a `Reading` (one parsed article with its resolved actors)
to the assertions it finds, registered under the name its evidence records in
`kg:extractor` ("kg.dependency.v1"). The registry is a `catalogue` registry, the pattern
of spaCy's and spacy-llm's `@registry.<kind>("name.v1")`, kept local to `kg` (no entry
points): a changed rule gets a new version rather than a silent change of meaning.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import catalogue  # type: ignore[import-untyped]  # spaCy's own registry library, untyped
from spacy.tokens import Doc, Span

from kg.errors import OntologyError
from kg.extract.triggers import Lexicon, load_triggers
from kg.model import Assertion, Evidence
from kg.nlp.gazetteer import Gazetteer, load_gazetteer
from kg.resolve.actors import ArticleActors
from kg.vocab import ActorClass

if TYPE_CHECKING:  # roles.py registers an extractor, so it imports this module
    from kg.extract.roles import PersonRole

_EXTRACTORS = catalogue.create("kg", "extractors", entry_points=False)

_KINDS = ("confidence", "factor")


@dataclass(frozen=True, slots=True)
class Confidences:
    """The confidence an extractor gives each case it reads (`extractor_confidence.csv`).

    A `confidence` row is the confidence of the assertion itself; a `factor` row scales
    the confidence of the trigger word (from `triggers.csv`) the assertion comes from.
    """

    values: dict[tuple[str, str], float]

    def of(self, extractor: str, case: str) -> float:
        try:
            return self.values[extractor, case]
        except KeyError:
            raise OntologyError(
                "lexicon/extractor_confidence.csv", f"no row for {extractor} {case}"
            ) from None


@cache
def load_confidences(path: Path) -> Confidences:
    """Read the extractor confidences, once per process."""
    values: dict[tuple[str, str], float] = {}
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                try:
                    key = (row["extractor"].strip(), row["case"].strip())
                    value = float(row["value"])
                    if row["kind"].strip() not in _KINDS or not 0 < value <= 1 or key in values:
                        raise ValueError("kind, value in (0, 1], one row per case")
                except (KeyError, ValueError) as exc:
                    raise OntologyError(f"{path}:{line}", f"bad confidence row ({exc})") from exc
                values[key] = value
    except OSError as exc:
        raise OntologyError(str(path), f"cannot read confidences ({exc.strerror})") from exc
    return Confidences(values)


@dataclass(frozen=True, slots=True)
class Resources:
    """The data the extractors read: gazetteers, the trigger lexicon, the confidences."""

    gazetteer: Gazetteer
    lexicon: Lexicon
    confidences: Confidences

    @classmethod
    def load(cls, ontology_dir: Path) -> Resources:
        lexicon = ontology_dir / "lexicon"
        return cls(
            load_gazetteer(ontology_dir),
            load_triggers(lexicon / "triggers.csv"),
            load_confidences(lexicon / "extractor_confidence.csv"),
        )


@dataclass(frozen=True, slots=True)
class Reading:
    """One parsed article as the extractors see it."""

    doc: Doc
    actors: ArticleActors
    classes: dict[str, ActorClass]
    """Every actor of the article by key, with the class this article gives it."""
    roles: list[PersonRole]
    published: str | None
    resources: Resources

    def confidence(self, extractor: str, case: str) -> float:
        return self.resources.confidences.of(extractor, case)


Extractor = Callable[[Reading], Iterable[Assertion]]


def register_extractor(name: str) -> Callable[[Extractor], Extractor]:
    """Register the decorated function as the extractor `name`: `@register_extractor("kg.roles.v1")`."""

    def register(function: Extractor) -> Extractor:
        _EXTRACTORS.register(name, func=function)
        return function

    return register


def get_extractor(name: str) -> Extractor:
    """The extractor registered under `name`."""
    try:
        found: Extractor = _EXTRACTORS.get(name)
    except catalogue.RegistryError as exc:
        raise OntologyError(name, "no extractor of that name") from exc
    return found


def registered_extractors() -> list[str]:
    """Every registered extractor name, sorted."""
    return sorted(_EXTRACTORS.get_all())


def evidence(sentence: Span, extractor: str, confidence: float) -> Evidence:
    """The sentence an assertion is read from, as evidence of `extractor`."""
    text = sentence.text.rstrip()
    return Evidence(
        text, sentence.start_char, sentence.start_char + len(text), extractor, confidence
    )
