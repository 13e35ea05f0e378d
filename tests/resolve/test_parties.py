"""A party named by its members ("the Christian Democrats demanded") is one Organization
per article's State; the texts are made up, the model parses them."""

from __future__ import annotations

import pytest
from spacy.language import Language

from kg.extract import Resources, extract_outcome
from kg.vocab import ActorClass
from tests.conftest import make_article


def _organizations(nlp: Language, resources: Resources, text: str) -> dict[str, str]:
    outcome = extract_outcome(nlp(text), make_article(text), resources)
    return {a.label: a.key for a in outcome.extraction.actors if a.cls is ActorClass.ORGANIZATION}


@pytest.mark.parametrize(
    ("text", "party"),
    [
        (
            "Italy's government may fall. The Christian Democrats demanded a meeting in Rome.",
            "Christian Democrats",
        ),
        (
            "In France, the Socialists and the Gaullists clashed over the budget in Paris.",
            "Socialists",
        ),
        (
            "The Senate of the United States met. Democrats and Republicans praised the strike.",
            "Republicans",
        ),
    ],
)
def test_a_partys_members_name_the_party(
    nlp: Language, resources: Resources, text: str, party: str
) -> None:
    organizations = _organizations(nlp, resources, text)
    assert party in organizations
    assert organizations[party].startswith("party:wd:")  # the party of the article's State


def test_a_party_named_in_full_is_the_one_its_members_name(
    nlp: Language, resources: Resources
) -> None:
    text = (
        "Prime Minister Bettino Craxi's Socialist Party met in Italy. "
        "The Socialists said they would stay."
    )
    organizations = _organizations(nlp, resources, text)
    assert "Socialists" not in organizations
    assert organizations.get("Socialist Party") == "name:socialist-party"


def test_an_epithet_before_a_place_is_no_party(nlp: Language, resources: Resources) -> None:
    organizations = _organizations(nlp, resources, "Socialist Yugoslavia rejected the Soviet plan.")
    assert not [key for key in organizations.values() if key.startswith("party:")]


def test_a_partys_member_before_a_title_is_affiliated(nlp: Language, resources: Resources) -> None:
    text = (
        "Italy's government may fall after the Christian Democrats decided to withdraw their "
        "ministers unless Socialist Prime Minister Bettino Craxi resigned."
    )
    outcome = extract_outcome(nlp(text), make_article(text), resources)
    labels = {a.key: a.label for a in outcome.extraction.actors}
    ties = {
        (labels[a.subject], labels[a.object])
        for a in outcome.extraction.assertions
        if a.relation.value == "affiliatedWith"
    }
    assert ("Bettino Craxi", "Socialists") in ties
