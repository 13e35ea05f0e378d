"""`providesAidTo` from "give" only for something given as aid, and only by whoever gives it;
revenge vowed is aimed at the attacker the sentence names (real model on made-up sentences)."""

from __future__ import annotations

import pytest

from kg.model import Extraction
from tests.extract.labelled import Extract

pytestmark = pytest.mark.model


def aid(extraction: Extraction) -> set[tuple[str, str]]:
    labels = {a.key: a.label for a in extraction.actors}
    return {
        (labels[a.subject], labels[a.object])
        for a in extraction.assertions
        if a.relation.value == "providesAidTo"
    }


def test_a_message_given_is_no_aid(extract: Extract) -> None:
    text = "U.S. officials gave the same message to Japan in talks last week."
    assert aid(extract(text)) == set()


def test_weapons_given_are_aid(extract: Extract) -> None:
    text = "Russia gave weapons to Syria last year, officials said."
    assert ("Russia", "Syria") in aid(extract(text))


def test_a_pylon_supplying_a_city_is_not_its_saboteurs_aid(extract: Extract) -> None:
    text = "Contra rebels tried to blow up a pylon supplying Managua, Nicaragua said."
    assert not {s for s, _ in aid(extract(text))}


def test_revenge_vowed_is_aimed_at_the_attacker_named(extract: Extract) -> None:
    text = (
        "Iran's spokesman Ali Akbar Hashemi Rafsanjani called the U.S. attacks on its oil "
        "platforms an escalation and promised retaliation."
    )
    extraction = extract(text)
    labels = {a.key: a.label for a in extraction.actors}
    threats = {labels[a.object] for a in extraction.assertions if a.relation.value == "threatens"}
    assert threats == {"United States"}
