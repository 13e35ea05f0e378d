"""Seats of power: the executive's seat stands for its State, a department's seat for that
department, one rule read from gazetteer/metonyms.csv."""

from __future__ import annotations

import pytest
from spacy.language import Language

from kg.extract import Resources
from kg.resolve.governments import EXECUTIVE_SEATS, department_metonyms
from kg.resolve.mentions import resolve_mentions
from kg.vocab import ActorClass


def classes_of(text: str, nlp: Language, resources: Resources) -> dict[str, ActorClass]:
    collector, _ = resolve_mentions(nlp(text), resources.gazetteer)
    actors = collector.freeze({})
    return {form: a.cls for a in actors.actors.values() for form in a.surface_forms} | {
        a.label: a.cls for a in actors.actors.values()
    }


@pytest.mark.parametrize(
    ("text", "seat", "state"),
    [
        ("The Kremlin condemned the sanctions.", "Kremlin", "Russia"),
        ("The White House said it would respond.", "White House", "United States"),
        ("Downing Street rejected the claim.", "Downing Street", "United Kingdom"),
        ("Zhongnanhai made no comment.", "Zhongnanhai", "China"),
    ],
)
def test_the_seat_of_the_executive_is_the_state(
    text: str, seat: str, state: str, nlp: Language, resources: Resources
) -> None:
    found = classes_of(text, nlp, resources)
    assert found[seat] is ActorClass.STATE
    assert found[state] is ActorClass.STATE


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("The Pentagon sent troops to Kuwait.", "United States defense ministry"),
        ("The Quai d'Orsay criticised Iran.", "France foreign ministry"),
        ("The State Department criticised Iran.", "United States foreign ministry"),
        ("The French Foreign Office agreed.", "France foreign ministry"),
        ("The U.S. Defense Department denied it.", "United States defense ministry"),
    ],
)
def test_a_departments_seat_is_that_department(
    text: str, label: str, nlp: Language, resources: Resources
) -> None:
    assert classes_of(text, nlp, resources)[label] is ActorClass.GOVERNMENT


def test_the_rule_is_read_from_the_gazetteer() -> None:
    departments = department_metonyms()
    assert departments["pentagon"] == "defense ministry"
    assert departments["foggy bottom"] == "foreign ministry"
    assert "kremlin" not in departments
    assert "presidency" in EXECUTIVE_SEATS


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("The Bundesbank raised its discount rate.", "Germany central bank"),
        ("The Bank of Japan intervened to support the dollar.", "Japan central bank"),
        ("The Diet passed the budget bill.", "Japan parliament"),
        ("The Knesset voted on the plan.", "Israel parliament"),
    ],
)
def test_a_state_institution_known_by_its_own_name_is_a_government(
    text: str, label: str, nlp: Language, resources: Resources
) -> None:
    assert classes_of(text, nlp, resources)[label] is ActorClass.GOVERNMENT


def test_the_institution_again_by_its_role_is_the_same_body(
    nlp: Language, resources: Resources
) -> None:
    text = "The Bundesbank left rates unchanged. The United States and Japan had asked the central bank to cut them."
    collector, _ = resolve_mentions(nlp(text), resources.gazetteer)
    actors = collector.freeze({})
    assert actors.actors["gov:wd:Q183:central-bank"].surface_forms == ("Bundesbank", "central bank")
