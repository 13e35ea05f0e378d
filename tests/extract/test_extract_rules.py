"""Extraction rules on real parses of short sentences (needs the spaCy model)."""

from __future__ import annotations

import pytest

from kg.vocab import ActorClass
from tests.extract.labelled import Extract, triples

pytestmark = pytest.mark.model


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ECOWAS imposed sanctions on Niger last month.", ("ECOWAS", "sanctions", "Niger")),
        (
            "France condemned the coup and Russia criticized France.",
            ("Russia", "condemns", "France"),
        ),
        (
            "Mali and Burkina Faso condemned France on Monday.",
            ("Burkina Faso", "condemns", "France"),
        ),
        ("Mali and Burkina Faso condemned France on Monday.", ("Mali", "condemns", "France")),
        (
            "Niger severed military ties with France on Thursday.",
            ("Niger", "seversTiesWith", "France"),
        ),
        ("The United States met with ECOWAS in Abuja.", ("United States", "meetsWith", "ECOWAS")),
        ("Nigeria was attacked by Boko Haram.", ("Boko Haram", "attacks", "Nigeria")),
        ("Russia supports Mali.", ("Russia", "supports", "Mali")),
        ("Algeria borders Niger.", ("Algeria", "borders", "Niger")),
    ],
)
def test_extract_relation_found(
    extract: Extract, text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in triples(extract(text))


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Mali refused to meet with France.", ("Mali", "meetsWith", "France")),
        ("Russia did not attack Ukraine.", ("Russia", "attacks", "Ukraine")),
        ("Niger never sanctioned Benin.", ("Niger", "sanctions", "Benin")),
    ],
)
def test_extract_negated_act_not_asserted(
    extract: Extract, text: str, absent: tuple[str, str, str]
) -> None:
    assert absent not in triples(extract(text))


@pytest.mark.parametrize(
    ("text", "name", "cls"),
    [
        ("Niger said on Monday it would defend itself.", "Niger", ActorClass.STATE),
        ("President Mohamed Bazoum was detained.", "Mohamed Bazoum", ActorClass.OFFICIAL),
        ("ECOWAS held a summit in Abuja.", "ECOWAS", ActorClass.BLOC),
        ("The Wagner Group operates in Mali.", "Wagner Group", ActorClass.ARMED_GROUP),
    ],
)
def test_extract_actor_typed(extract: Extract, text: str, name: str, cls: ActorClass) -> None:
    by_label = {a.label: a.cls for a in extract(text).actors}
    assert by_label.get(name) is cls, by_label


def test_extract_role_becomes_official_of(extract: Extract) -> None:
    text = "French Foreign Minister Catherine Colonna visited Dakar."
    found = triples(extract(text))
    assert ("Catherine Colonna", "officialOf", "France") in found


def test_extract_surname_joins_full_name(extract: Extract) -> None:
    text = "President Mohamed Bazoum was ousted last month. Mr. Bazoum remains detained."
    people = [a for a in extract(text).actors if "Bazoum" in a.label]
    assert [p.label for p in people] == ["Mohamed Bazoum"]


def test_extract_evidence_is_verbatim(extract: Extract) -> None:
    text = "Residents gathered. ECOWAS imposed sanctions on Niger. Talks stalled."
    extraction = extract(text)
    assert extraction.assertions
    for assertion in extraction.assertions:
        ev = assertion.evidence
        assert text[ev.start : ev.end] == ev.sentence
