"""The words around a name type it: a place noun makes a place, an organisation's last
word after a State's name makes one organisation, "the capital of X" is the place X. The
texts are made up; the model parses them."""

from __future__ import annotations

import pytest
from spacy.language import Language

from kg.extract import Resources, extract_outcome
from kg.vocab import ActorClass
from tests.conftest import make_article


def _actors(nlp: Language, resources: Resources, text: str) -> dict[str, ActorClass]:
    outcome = extract_outcome(nlp(text), make_article(text), resources)
    return {a.label: a.cls for a in outcome.extraction.actors}


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("A Libyan force was abandoning the oasis of Faya-Largeau on Monday.", "Faya-Largeau"),
        (
            "Soldiers were attacked around Misamis Occidental and Davao del Sur provinces.",
            "Misamis Occidental",
        ),
    ],
)
def test_a_place_noun_makes_the_name_a_place(
    nlp: Language, resources: Resources, text: str, place: str
) -> None:
    assert _actors(nlp, resources, text).get(place) is ActorClass.PLACE


@pytest.mark.parametrize(
    "name", ["Japan Socialist Party", "Japan Chamber of Commerce and Industry", "Tehran Radio"]
)
def test_a_states_name_may_open_an_organizations(
    nlp: Language, resources: Resources, name: str
) -> None:
    text = f"The {name} said on Monday that the plan would fail."
    assert _actors(nlp, resources, text).get(name) is ActorClass.ORGANIZATION


def test_the_capital_of_a_state_is_a_place(nlp: Language, resources: Resources) -> None:
    text = "Sand storms have closed the capital of N'Djamena to flights, Chad said."
    actors = _actors(nlp, resources, text)
    assert actors.get("N'Djamena") is ActorClass.PLACE
    assert actors.get("Chad") is ActorClass.STATE


def test_a_digest_opens_its_paragraphs_with_datelines(nlp: Language, resources: Resources) -> None:
    text = (
        "WASHINGTON - The president ordered a review.\n\n"
        "BEIRUT - Syria intervened to halt the fighting.\n\n"
        "UPDATE - The fighting stopped."
    )
    actors = _actors(nlp, resources, text)
    assert actors.get("Beirut") is ActorClass.PLACE
    assert "Update" not in actors
