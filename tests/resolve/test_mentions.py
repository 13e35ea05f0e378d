"""Mentions in one article -> actors with one key each, on hand-built parses (no model)."""

from __future__ import annotations

import pytest

from kg.extract import Resources
from kg.resolve.actors import ArticleActors, clean_surface, is_noise
from kg.resolve.mentions import resolve_mentions
from kg.vocab import ActorClass
from tests.extract.parses import parsed


def resolve(
    name: str, resources: Resources, ents: list[tuple[int, int, str, str]] | None = None
) -> ArticleActors:
    collector, _ = resolve_mentions(parsed(name, ents), resources.gazetteer)
    return collector.freeze({})


def test_gazetteer_entities_keep_their_keys(resources: Resources) -> None:
    actors = resolve("CONDEMNS", resources)  # "France condemned Russia."
    assert actors.token_actor == {0: "wd:Q142", 2: "wd:Q159"}
    assert {k: a.cls for k, a in actors.actors.items()} == {
        "wd:Q142": ActorClass.STATE,
        "wd:Q159": ActorClass.STATE,
    }
    assert actors.actors["wd:Q142"].wikidata == "Q142"


def test_surname_joins_the_full_name(resources: Resources) -> None:
    # "Ibrahim Yacouba met with France. Mr. Yacouba condemned Russia."
    actors = resolve("SURNAME", resources)
    people = [m for m in actors.mentions if m.key.startswith("name:")]
    assert [(m.start, m.key) for m in people] == [
        (0, "name:ibrahim-yacouba"),
        (7, "name:ibrahim-yacouba"),
    ]
    assert actors.person_keys == {"name:ibrahim-yacouba"}
    assert actors.actors["name:ibrahim-yacouba"].label == "Ibrahim Yacouba"


def test_honorific_and_surname_join_a_known_office_holder(resources: Resources) -> None:
    # "Mohamed Bazoum met with France. Mr. Bazoum condemned Russia.", with "Mr. Bazoum"
    # left to the model as a PERSON
    ents = [
        (0, 2, "KG_Official", "gaz:mohamed-bazoum"),
        (4, 5, "KG_State", "wd:Q142"),
        (6, 8, "PERSON", ""),
        (9, 10, "KG_State", "wd:Q159"),
    ]
    actors = resolve("OFFICE_HOLDER", resources, ents)
    assert actors.token_actor[7] == actors.token_actor[0] == "gaz:mohamed-bazoum"
    assert actors.actors["gaz:mohamed-bazoum"].cls is ActorClass.OFFICIAL


def test_model_names_resolve_through_the_gazetteer(resources: Resources) -> None:
    # "The U.S. condemned the coup. The United States met with Niger.", as model entities
    ents = [(1, 2, "GPE", ""), (7, 9, "GPE", ""), (11, 12, "GPE", "")]
    actors = resolve("US_ALIAS", resources, ents)
    assert actors.token_actor[1] == actors.token_actor[8] == "wd:Q30"
    assert actors.token_actor[11] == "wd:Q1032"
    assert actors.actors["wd:Q30"].label == "United States"
    assert set(actors.actors["wd:Q30"].surface_forms) == {"U.S.", "United States"}


def test_unknown_name_is_keyed_by_its_normalised_form(resources: Resources) -> None:
    # "Ousmane Kane, a spokesman for ECOWAS, ...": a person no gazetteer knows
    actors = resolve("SPOKESMAN", resources)
    assert actors.token_actor[0] == actors.token_actor[1] == "name:ousmane-kane"
    assert actors.actors["name:ousmane-kane"].cls is ActorClass.PERSON


def test_governing_body_belongs_to_its_state(resources: Resources) -> None:
    actors = resolve("JUNTA", resources)  # "Niger's junta condemned France."
    junta = actors.actors["gov:wd:Q1032:regime"]
    assert (junta.cls, junta.label) == (ActorClass.GOVERNMENT, "Niger junta")
    assert [m.key for m in actors.mentions if m.start == 0] == ["gov:wd:Q1032:regime"]
    assert actors.token_actor[2] == "gov:wd:Q1032:regime"


def test_capital_acts_for_its_state_but_not_where_things_happen(resources: Resources) -> None:
    actors = resolve("CAPITAL", resources)  # "Washington condemned the coup in Niamey."
    assert actors.token_actor[0] == "wd:Q30"  # Washington said: the United States
    assert actors.token_actor[5] == "wd:Q3674"  # in Niamey: the city
    assert actors.actors["wd:Q3674"].cls is ActorClass.PLACE


def test_focus_is_the_state_named_most(resources: Resources) -> None:
    # "The U.S. condemned the coup. The United States met with Niger."
    actors = resolve("US_ALIAS", resources)
    assert actors.focus_state == "wd:Q30"
    assert not actors.dominant_focus  # named twice: "the army" could still be anyone's


@pytest.mark.parametrize(
    ("text", "surface"),
    [("the Soufan Center's", "Soufan Center"), ("The  Hague", "Hague"), ("Niger’s", "Niger")],
)
def test_clean_surface(text: str, surface: str) -> None:
    assert clean_surface(text) == surface


@pytest.mark.parametrize(
    ("text", "noise"),
    [("Niger", False), ("ECOWAS", False), ("photo.jpg", True), ("12.5", True), ("al", True)],
)
def test_is_noise(text: str, noise: bool) -> None:
    assert is_noise(text) is noise
