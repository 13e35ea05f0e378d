"""`locatedIn` from "Place, State": lists of places and a state qualifying the next noun
are not locations (real model on made-up sentences)."""

from __future__ import annotations

import pytest

from kg.model import Extraction
from tests.extract.labelled import Extract

pytestmark = pytest.mark.model


def located(extraction: Extraction) -> set[tuple[str, str]]:
    labels = {a.key: a.label for a in extraction.actors}
    return {
        (labels[a.subject], labels[a.object])
        for a in extraction.assertions
        if a.relation.value == "locatedIn"
    }


def test_list_of_cities_is_no_location(extract: Extract) -> None:
    text = "Warehouses will be closed in Boston, Atlanta, Memphis and Denver next year."
    assert located(extract(text)) == set()


def test_state_before_a_title_is_no_location(extract: Extract) -> None:
    text = "In a speech in the port city of Dalian, U.S. Secretary of State Ann Ray praised China."
    assert ("Dalian", "United States") not in located(extract(text))


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("Delegates will assemble in Abuja, Nigeria, next week.", ("Abuja", "Nigeria")),
        ("Fighting spread to Agadez and Tahoua, Niger, on Monday.", ("Tahoua", "Niger")),
        ("Soldiers patrolled Niamey, Niger, and Gao, Mali, on Monday.", ("Gao", "Mali")),
    ],
)
def test_place_in_state_is_kept(extract: Extract, text: str, pair: tuple[str, str]) -> None:
    assert pair in located(extract(text))


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("Army acts\n\nNAJAF, Iraq (Reuters) - Fighting went on.", ("Najaf", "Iraq")),
        ("ZEMBLOVO, Kan. (AP) -- The college said so.", ("Zemblovo", "Kansas")),
        ("Warplanes hit the jetty at Iran's Kharg island oil terminal.", ("Kharg", "Iran")),
        (
            "Rebels killed 18 soldiers on Mindanao island in the southern Philippines.",
            ("Mindanao", "Philippines"),
        ),
    ],
)
def test_datelines_possessives_and_place_nouns_locate(
    extract: Extract, text: str, pair: tuple[str, str]
) -> None:
    assert pair in located(extract(text))


def test_a_place_of_another_state_is_not_its_possessors(extract: Extract) -> None:
    text = "Nigeria's Niamey talks failed on Monday."
    assert ("Niamey", "Nigeria") not in located(extract(text))


@pytest.mark.parametrize(
    "text",
    [
        "The brothers married two sisters in Boston, Olivia and Emma Clarke.",
        "The founders married two sisters in Pittsburgh, Savannah and Helena Brooks.",
    ],
)
def test_an_unknown_name_after_a_comma_and_before_and_is_listed(
    extract: Extract, text: str
) -> None:
    assert located(extract(text)) == set()


def test_a_known_region_before_and_still_locates(extract: Extract) -> None:
    text = "Hurricane Frances struck near Stuart, Florida and moved north on Sunday."
    assert ("Stuart", "Florida") in located(extract(text))
