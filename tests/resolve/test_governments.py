"""Governing bodies: a body is a State's only where the text names it, on the real model."""

from __future__ import annotations

import pytest
from spacy.language import Language

from kg.extract import Resources
from kg.resolve.actors import ArticleActors
from kg.resolve.mentions import resolve_mentions
from kg.vocab import ActorClass


def actors_of(text: str, nlp: Language, resources: Resources) -> ArticleActors:
    collector, _ = resolve_mentions(nlp(text), resources.gazetteer)
    return collector.freeze({})


def governments(actors: ArticleActors) -> dict[str, tuple[str, ...]]:
    return {
        a.label: a.surface_forms for a in actors.actors.values() if a.cls is ActorClass.GOVERNMENT
    }


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("The Iraqi army said it had captured the town.", "Iraq army"),
        ("Japan's parliament approved the budget on Friday.", "Japan parliament"),
        ("The Chadian government said 384 Libyans were killed.", "Chad government"),
        ("Chad government troops killed 384 Libyans.", "Chad army"),
        ("The Bank of Sudan said reserves fell.", "Sudan central bank"),
        ("The French foreign ministry summoned the ambassador.", "France foreign ministry"),
        ("The South Korean government said no.", "South Korea government"),
    ],
)
def test_a_body_named_with_its_state_is_that_states(
    text: str, label: str, nlp: Language, resources: Resources
) -> None:
    assert label in governments(actors_of(text, nlp, resources))


def test_the_whole_name_of_the_state_is_kept(nlp: Language, resources: Resources) -> None:
    text = "The South Korean government said no."
    assert governments(actors_of(text, nlp, resources)) == {
        "South Korea government": ("South Korean government",)
    }


def test_a_dateline_is_no_part_of_the_bodys_name(nlp: Language, resources: Resources) -> None:
    text = "KHARTOUM (Reuters) - Sudan's government resumed talks with rebels on Thursday."
    forms = governments(actors_of(text, nlp, resources))["Sudan government"]
    assert forms == ("Sudan's government",)


def test_the_body_again_is_the_one_named_with_a_state_before(
    nlp: Language, resources: Resources
) -> None:
    text = (
        "Taiwan's central bank is considering proposals to ease currency controls. "
        "Reserves stand at 51 billion U.S. Dlrs, and 3 billion U.S. Dlrs more are expected. "
        "The United States has asked for more. The central bank said it would act."
    )
    found = governments(actors_of(text, nlp, resources))
    assert set(found) == {"Taiwan central bank"}
    assert found["Taiwan central bank"] == ("Taiwan's central bank", "central bank")


def test_the_government_of_the_state_named_most(nlp: Language, resources: Resources) -> None:
    text = "Brazil's labour unrest is spreading. Brazil's banks are shut. The government said it would not yield."
    assert "Brazil government" in governments(actors_of(text, nlp, resources))


def test_no_government_where_no_state_leads(nlp: Language, resources: Resources) -> None:
    text = "France and Germany disagreed. The government said it would not yield."
    assert governments(actors_of(text, nlp, resources)) == {}


def test_no_junta_without_a_coup(nlp: Language, resources: Resources) -> None:
    text = (
        "Pakistan tested a missile. Pakistan said the test was routine, and Pakistan's "
        "neighbours were told in advance. The military leaders praised the scientists."
    )
    assert not any("junta" in g for g in governments(actors_of(text, nlp, resources)))


def test_a_junta_where_the_text_tells_of_a_coup(nlp: Language, resources: Resources) -> None:
    text = (
        "Soldiers seized power in Niger in a coup. Niger's neighbours condemned it, and Niger "
        "was suspended. The military leaders said they would hold elections."
    )
    assert "Niger junta" in governments(actors_of(text, nlp, resources))


@pytest.mark.parametrize(
    "text",
    [
        "Sadr called on the Mehdi Army militia to cease fire across Iraq.",
        "The Zimbabwe Congress of Trade Unions criticised the plan.",
        "Afghanistan's Taliban regime was ousted in 2001.",
    ],
)
def test_a_body_in_another_actors_name_is_not_a_states(
    text: str, nlp: Language, resources: Resources
) -> None:
    assert governments(actors_of(text, nlp, resources)) == {}


def test_the_police_are_where_the_story_happens(nlp: Language, resources: Resources) -> None:
    text = (
        "A U.S. jet fired a missile at a house in Fallujah on Friday, police and the U.S. "
        "military said. The U.S. said the house was a hideout."
    )
    assert set(governments(actors_of(text, nlp, resources))) == {
        "United States army",
        "Iraq police",
    }


def test_the_government_of_the_only_state_whose_bodies_are_named(
    nlp: Language, resources: Resources
) -> None:
    text = "The Ukrainian parliament voted to dismiss the government on Tuesday."
    assert set(governments(actors_of(text, nlp, resources))) == {
        "Ukraine parliament",
        "Ukraine government",
    }


def test_no_government_for_a_state_named_once_by_an_adjective(
    nlp: Language, resources: Resources
) -> None:
    text = "The federal government welcomed charges against an Indonesian cleric."
    assert governments(actors_of(text, nlp, resources)) == {}


def test_his_own_government_is_nobodys_we_can_name(nlp: Language, resources: Resources) -> None:
    text = (
        "Blair faced a new Iraq crisis after evidence emerged from within his own government "
        "that Iraq would be plunged into chaos."
    )
    assert governments(actors_of(text, nlp, resources)) == {}


@pytest.mark.parametrize(
    "text",
    [
        "Libya denied it. A government statement said 384 Libyans were killed in Libya.",
        "Japan said Japan would cut customs duties on chocolate, Japan's envoy said.",
        "The Japanese Socialist Party congress opened in Tokyo.",
    ],
)
def test_a_body_word_that_only_modifies_a_thing_or_belongs_to_a_party_is_no_body(
    text: str, nlp: Language, resources: Resources
) -> None:
    assert governments(actors_of(text, nlp, resources)) == {}


def test_the_army_of_the_state_the_story_is_set_in(nlp: Language, resources: Resources) -> None:
    text = (
        "Rebels killed 18 soldiers on Mindanao island in the southern Philippines, the army said."
    )
    assert "Philippines army" in governments(actors_of(text, nlp, resources))


def test_a_lower_case_congress_is_a_meeting(nlp: Language, resources: Resources) -> None:
    text = "Surinam's military government opens a four-day congress tomorrow in Surinam."
    found = governments(actors_of(text, nlp, resources))
    assert set(found) == {"Suriname junta"}
    assert "military government" in found["Suriname junta"]


def test_a_body_word_opening_another_name_is_no_body(nlp: Language, resources: Resources) -> None:
    text = "The Pentagon inspector general faulted commanders at the Air Force Academy."
    # no "United States air force": the academy is a body of its own name (a Government)
    assert set(governments(actors_of(text, nlp, resources))) == {
        "United States defense ministry",
        "Air Force Academy",
    }


def test_a_body_named_with_its_state_is_named_even_as_a_modifier(
    nlp: Language, resources: Resources
) -> None:
    text = "The raid broke a month-long lull in Iraqi air force action."
    assert set(governments(actors_of(text, nlp, resources))) == {"Iraq air force"}
