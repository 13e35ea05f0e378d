"""Party ties read from coalitions and appositions (issue 14, Reuters round-2 dev gold):
each with a made-up sentence (real model)."""

from __future__ import annotations

import pytest

from tests.extract.labelled import Extract, triples


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Italy's government fell. Cossiga will hold talks with party leaders, including the"
        " opposition Communists and the junior coalition members -- Republicans, Liberals and"
        " Social Democrats.",
    ],
)
def test_parties_listed_as_coalition_members_are_of_the_government(
    extract: Extract, text: str
) -> None:
    found = triples(extract(text), "affiliatedWith")
    members = {t[0] for t in found if t[2] == "Italy government"}
    assert {"Republicans", "Liberals", "Social Democrats"} <= members, found
    assert "Communists" not in members, found


@pytest.mark.model
def test_the_coalition_of_parties_is_the_government(extract: Extract) -> None:
    text = (
        "FINNISH GOVERNMENT RESIGNS. President Mauno Koivisto asked the outgoing coalition of"
        " Social Democrats, Centrists and Ruralists to stay on, the Finnish government said."
    )
    found = triples(extract(text), "affiliatedWith")
    assert ("Social Democrats", "affiliatedWith", "Finland government") in found, found


@pytest.mark.model
def test_a_party_member_in_apposition_is_of_the_party(extract: Extract) -> None:
    found = triples(extract("Senator Mark Hatfield of Oregon, a Republican, criticized it."))
    assert ("Mark Hatfield", "affiliatedWith", "Republicans") in found, found
    assert not triples(extract("Senator Mark Hatfield, a lawyer, criticized it."), "affiliatedWith")


@pytest.mark.model
def test_an_official_agency_named_after_its_nationality_is_the_states(extract: Extract) -> None:
    found = triples(extract("The official Iraqi news agency INA said Iraq repulsed the attack."))
    assert ("INA", "affiliatedWith", "Iraq") in found, found
    assert not triples(
        extract("Officials said the news agency INA was closed in Iraq."), "affiliatedWith"
    )
