"""Extract stage: a parsed article -> its actors and assertions, as plain data.

The extractors are registered by versioned name (`kg.extract.registry`); an article is
read by each of `BUILT_IN`, in that order, and its assertions are kept in that order.
"""

from __future__ import annotations

from spacy.tokens import Doc

# the extractor modules register themselves on import
from kg.extract import dependency, roles, structure
from kg.extract.registry import Reading, Resources, get_extractor
from kg.ingest.signature import quote_signature, text_signature
from kg.model import Article, Assertion, Extraction
from kg.resolve.mentions import resolve_mentions

__all__ = ["BUILT_IN", "Reading", "Resources", "extract_article", "read_article"]

BUILT_IN = (
    roles.ROLES,
    structure.MEMBERSHIP,
    structure.LOCATION,
    structure.COMPOUND,
    structure.ALLIANCE,
    structure.NEIGHBOUR,
    dependency.DEPENDENCY,
)
"""The extractors a build runs, by the versioned name each records in `kg:extractor`."""


def read_article(doc: Doc, article: Article, resources: Resources) -> Reading:
    """Resolve the actors of one parsed article and the roles its titles give people."""
    collector, mentions = resolve_mentions(doc, resources.gazetteer)
    gazetteer = resources.gazetteer
    person_roles = roles.find_person_roles(doc, mentions, gazetteer, article.published)
    for key, cls in roles.polity_classes(person_roles, gazetteer).items():
        collector.classes.setdefault(key, cls)  # a State only the dated roles name
    actors = collector.freeze(roles.person_classes(person_roles))
    classes = {key: actor.cls for key, actor in actors.actors.items()}
    return Reading(doc, actors, classes, person_roles, article.published, resources)


def extract_article(doc: Doc, article: Article, resources: Resources) -> Extraction:
    """Resolve the actors of one parsed article and extract every assertion it makes."""
    reading = read_article(doc, article, resources)
    actors = reading.actors
    assertions: list[Assertion] = [
        assertion for name in BUILT_IN for assertion in get_extractor(name)(reading)
    ]
    unique = list(dict.fromkeys(assertions))
    used = {key for a in unique for key in (a.subject, a.object, a.evidence.speaker) if key}
    # a State named only by an adjective ("German troops") is a node only if it acts
    kept = [a for a in actors.actors.values() if a.surface_forms or a.key in used]
    return Extraction(
        article,
        tuple(sorted(kept, key=lambda a: a.key)),
        tuple(unique),
        text_signature(article.text),
        quote_signature(article.text),
    )
