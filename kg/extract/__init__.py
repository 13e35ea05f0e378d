"""Extract stage: a parsed article -> its actors and assertions, as plain data."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from kg.extract.dependency import Context, extract_relations
from kg.extract.roles import find_person_roles, person_classes
from kg.extract.structure import (
    alliance_assertions,
    compound_assertions,
    listed_membership,
    location_assertions,
    membership_assertions,
    neighbour_assertions,
    role_assertions,
)
from kg.extract.triggers import Lexicon, load_triggers
from kg.model import Article, Assertion, Extraction
from kg.nlp.gazetteer import Gazetteer, load_gazetteer
from kg.resolve.mentions import resolve_mentions

EXTRACTORS = (
    "kg.dependency.v1",
    "kg.roles.v1",
    "kg.membership.v1",
    "kg.location.v1",
    "kg.compound.v1",
    "kg.alliance.v1",
    "kg.neighbour.v1",
)
"""Every built-in extractor, by the versioned name recorded in `kg:extractor`."""


@dataclass(frozen=True, slots=True)
class Resources:
    """The data the extractors read: gazetteers and the trigger lexicon."""

    gazetteer: Gazetteer
    lexicon: Lexicon

    @classmethod
    def load(cls, ontology_dir: Path) -> Resources:
        return cls(
            load_gazetteer(ontology_dir), load_triggers(ontology_dir / "lexicon" / "triggers.csv")
        )


def extract_article(doc: Doc, article: Article, resources: Resources) -> Extraction:
    """Resolve the actors of one parsed article and extract every assertion it makes."""
    collector, mentions = resolve_mentions(doc, resources.gazetteer)
    roles = find_person_roles(doc, mentions, resources.gazetteer)
    actors = collector.freeze(person_classes(roles))
    classes = {key: actor.cls for key, actor in actors.actors.items()}
    ctx = Context(
        actors,
        classes,
        resources.lexicon,
        article.published,
        titles=frozenset(resources.gazetteer.roles),
        capitals={k: v for k, v in resources.gazetteer.capitals.items() if v in classes},
    )
    assertions: list[Assertion] = [
        *role_assertions(roles, classes, 0),
        *membership_assertions(doc, actors, classes, 0),
        *listed_membership(doc, actors, classes, 0),
        *location_assertions(doc, actors, classes, 0, resources.gazetteer),
        *compound_assertions(doc, actors, classes, 0),
        *alliance_assertions(doc, actors, classes, 0),
        *neighbour_assertions(doc, actors, classes, 0),
        *extract_relations(doc, ctx),
    ]
    unique = list(dict.fromkeys(assertions))
    used = {key for a in unique for key in (a.subject, a.object, a.evidence.speaker) if key}
    # a State named only by an adjective ("German troops") is a node only if it acts
    kept = [a for a in actors.actors.values() if a.surface_forms or a.key in used]
    return Extraction(article, tuple(sorted(kept, key=lambda a: a.key)), tuple(unique))
