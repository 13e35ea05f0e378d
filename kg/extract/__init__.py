"""Extract stage: a parsed article -> its actors and assertions, as plain data.

The extractors are registered by versioned name (`kg.extract.registry`); an article is
read by each of `BUILT_IN`, in that order, and its assertions are kept in that order.
Each extractor runs on its own: one that raises loses its own assertions on that article
and nothing else, and the failure is returned (`ExtractorFailure`) for the build to report.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from kg.errors import one_line, printable

# the extractor modules register themselves on import
from kg.extract import affiliation, dependency, roles, structure
from kg.extract.plausibility import screen_assertions
from kg.extract.registry import Reading, Resources, get_extractor
from kg.ingest.signature import quote_signature, text_signature
from kg.model import Article, Assertion, Extraction
from kg.nlp.gazetteer import as_of
from kg.nlp.headline import TITLE_EXTENSION, CasedTitle
from kg.resolve.anaphora import add_anaphora
from kg.resolve.mentions import resolve_mentions

__all__ = [
    "BUILT_IN",
    "ExtractorFailure",
    "Outcome",
    "Reading",
    "Resources",
    "extract_article",
    "extract_outcome",
    "read_article",
    "run_extractors",
]

log = logging.getLogger(__name__)

BUILT_IN = (
    roles.ROLES,
    structure.MEMBERSHIP,
    structure.LOCATION,
    structure.COMPOUND,
    structure.ALLIANCE,
    structure.NEIGHBOUR,
    structure.STATIONED,
    dependency.DEPENDENCY,
    affiliation.AFFILIATION,
)
"""The extractors a build runs, by the versioned name each records in `kg:extractor`."""


def read_article(doc: Doc, article: Article, resources: Resources) -> Reading:
    """Resolve the actors of one parsed article and the roles its titles give people."""
    return _read(doc, article, resources)[0]


def _read(
    doc: Doc, article: Article, resources: Resources
) -> tuple[Reading, ExtractorFailure | None]:
    """The reading of an article, and the roles extractor's failure to read its titles,
    if it failed: that costs the roles (its facts), not the article."""
    # the States of the article's date: "Moscow" of 1987 is the Soviet Union
    resources = replace(resources, gazetteer=as_of(resources.gazetteer, article.published))
    collector, mentions = resolve_mentions(doc, resources.gazetteer)
    gazetteer = resources.gazetteer
    try:
        person_roles = roles.find_person_roles(doc, mentions, gazetteer, article.published)
        failure = None
    except Exception as exc:  # roles.py's bug must not cost the other extractors' facts
        person_roles, failure = [], _failure(roles.ROLES, article, exc)
    for key, cls in roles.polity_classes(person_roles, gazetteer).items():
        collector.classes.setdefault(key, cls)  # a State only the dated roles name
    for key in [k for k in collector.classes if k in gazetteer.capitals]:
        # "will travel to Moscow", "arrived in Amman": an act aimed at a capital is aimed
        # at its State, which the text may not name (a node only if an act reaches it)
        state = gazetteer.capitals[key]
        if state in gazetteer.entries:
            collector.classes.setdefault(state, gazetteer.entries[state].cls)
    person_classes = roles.person_classes(person_roles)
    titles: dict[str, set[str]] = {}
    for role in person_roles:
        titles.setdefault(role.person, set()).add(role.role.title)
    add_anaphora(doc, collector, titles, person_classes)
    actors = collector.freeze(person_classes)
    classes = {key: actor.cls for key, actor in actors.actors.items()}
    return Reading(doc, actors, classes, person_roles, article.published, resources), failure


@dataclass(frozen=True, slots=True)
class ExtractorFailure:
    """An extractor that raised on one article, and the exception on one line."""

    extractor: str
    error: str

    def reason(self) -> str:
        """Why part of the article is missing, for the build's skip line.

        >>> print(ExtractorFailure("kg.roles.v1", "KeyError: 'wd:Q16'").reason().split(";")[0])
        extractor kg.roles.v1 failed (KeyError: 'wd:Q16')
        """
        return (
            f"extractor {self.extractor} failed ({self.error}); "
            "its assertions are left out, the rest of the article is kept"
        )


@dataclass(frozen=True, slots=True)
class Outcome:
    """One article's extraction, and the extractors that failed on it (their assertions
    are all that is missing)."""

    extraction: Extraction
    failures: tuple[ExtractorFailure, ...] = ()


def run_extractors(
    reading: Reading, article: Article, extractors: Sequence[str] | None = None
) -> tuple[list[Assertion], list[ExtractorFailure]]:
    """Every assertion the `extractors` (by default `BUILT_IN`) find, in their order, and
    those that raised.

    An extractor's assertions are taken whole or not at all: one that raises half-way
    through an article gives none, so no half-read sentence is kept.
    """
    assertions: list[Assertion] = []
    failures: list[ExtractorFailure] = []
    for name in BUILT_IN if extractors is None else extractors:
        extractor = get_extractor(name)  # an unknown name is a setup error: it raises
        try:
            found = list(extractor(reading))
        except Exception as exc:  # one extractor's bug must not cost the others' facts
            failures.append(_failure(name, article, exc))
            continue
        assertions.extend(found)
    return assertions, failures


def _failure(extractor: str, article: Article, exc: Exception) -> ExtractorFailure:
    # the failure is the build's one-line report; the traceback is for `kg -v`
    log.info("extractor %s failed on %s", extractor, printable(article.key), exc_info=exc)
    return ExtractorFailure(extractor, f"{type(exc).__name__}: {one_line(exc)}")


def extract_outcome(
    doc: Doc, article: Article, resources: Resources, extractors: Sequence[str] | None = None
) -> Outcome:
    """Resolve the actors of one parsed article and extract every assertion it makes,
    each extractor on its own (see `run_extractors`)."""
    reading, unread = _read(doc, article, resources)
    actors = reading.actors
    assertions, failures = run_extractors(reading, article, extractors)
    if unread is not None:
        failures.insert(0, unread)
    screened = screen_assertions(assertions, reading, article)
    unique = list(dict.fromkeys(_as_written(screened, doc._.get(TITLE_EXTENSION), article)))
    used = {key for a in unique for key in (a.subject, a.object, a.evidence.speaker) if key}
    # a State named only by an adjective ("German troops") is a node only if it acts
    kept = [a for a in actors.actors.values() if a.surface_forms or a.key in used]
    extraction = Extraction(
        article,
        tuple(sorted(kept, key=lambda a: a.key)),
        tuple(unique),
        text_signature(article.text),
        quote_signature(article.text),
    )
    return Outcome(extraction, tuple(failures))


def _as_written(
    assertions: Sequence[Assertion], titles: tuple[CasedTitle, ...], article: Article
) -> list[Assertion]:
    """The assertions with evidence quoted as the article writes it: a headline parsed in
    sentence case (`kg.nlp.headline`) is quoted in its own capitals."""
    if not titles:
        return list(assertions)
    written: list[Assertion] = []
    for assertion in assertions:
        evidence = assertion.evidence
        if any(t.start < evidence.end and evidence.start < t.end for t in titles):
            sentence = article.text[evidence.start : evidence.end]
            assertion = replace(assertion, evidence=replace(evidence, sentence=sentence))
        written.append(assertion)
    return written


def extract_article(doc: Doc, article: Article, resources: Resources) -> Extraction:
    """Resolve the actors of one parsed article and extract every assertion it makes; an
    extractor that fails is logged as a warning (the build reports it through
    `extract_outcome` instead)."""
    outcome = extract_outcome(doc, article, resources)
    for failure in outcome.failures:
        log.warning("%s: %s", printable(article.key), failure.reason())
    return outcome.extraction
