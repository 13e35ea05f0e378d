"""General shapes of events as the PLOVER examples write them (real model on made-up
sentences): where a threatened act falls, whom a demand restated addresses."""

from __future__ import annotations

import pytest

from tests.extract.labelled import Extract, triples


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Hezbollah threatened on Monday to resume its operations in Israel.",
        "The Syrian government threatened to institute a curfew in Lebanon.",
    ],
)
def test_a_threatened_act_falls_on_the_place_it_is_to_be_done(extract: Extract, text: str) -> None:
    found = triples(extract(text), "threatens")
    assert any(target in ("Israel", "Lebanon") for _, _, target in found), found


@pytest.mark.model
def test_a_demand_restated_addresses_the_subject_of_its_clause(extract: Extract) -> None:
    # the parser hangs "that Iran ..." on "repeated" when "on Tuesday" comes between
    text = "The European Union repeated its demand on Tuesday that Iran halt uranium enrichment."
    assert ("European Union", "requestsAidFrom", "Iran") in triples(extract(text))


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "The Fijian rebels said they will release Prime Minister Mahendra Chaudhry soon.",
        "The Nigerien junta said it would free President Mohamed Bazoum next week.",
    ],
)
def test_a_promised_release_is_no_threat(extract: Extract, text: str) -> None:
    assert not triples(extract(text), "threatens")


@pytest.mark.model
def test_a_refusal_to_heed_a_demand_opposes_its_author(extract: Extract) -> None:
    text = "The Iraqi government refused to respond to a demand from the European Union."
    found = triples(extract(text), "opposes")
    assert any(target == "European Union" for _, _, target in found), found


@pytest.mark.model
def test_a_refusal_to_let_others_act_opposes_them(extract: Extract) -> None:
    text = "UNITA refused to allow United Nations planes to land and evacuate the wounded."
    assert any(target == "United Nations" for _, _, target in triples(extract(text), "opposes")), (
        triples(extract(text))
    )


@pytest.mark.model
def test_sanctions_fall_on_the_phrase_not_on_its_relative_clause(extract: Extract) -> None:
    text = (
        "The European Union imposed sanctions on the Taliban faction that controls "
        "Afghanistan for its support of Hezbollah."
    )
    found = triples(extract(text), "sanctions")
    assert ("European Union", "sanctions", "Taliban") in found
    assert not {t for _, _, t in found} & {"Afghanistan", "Hezbollah"}, found


@pytest.mark.model
def test_two_parties_that_upgrade_their_ties_act_on_each_other(extract: Extract) -> None:
    text = "Israel and Jordan have upgraded their diplomatic ties to ambassadorial level."
    found = triples(extract(text), "supports")
    assert found & {("Israel", "supports", "Jordan"), ("Jordan", "supports", "Israel")}, found


@pytest.mark.model
def test_an_act_on_part_of_a_programme_is_an_act_on_the_programme(extract: Extract) -> None:
    text = "The United States suspended part of a military aid program for Pakistan."
    assert ("United States", "sanctions", "Pakistan") in triples(extract(text))


@pytest.mark.model
def test_aid_reduced_is_a_sanction(extract: Extract) -> None:
    text = "The World Bank reduced aid to Kenya last year."
    assert ("World Bank", "sanctions", "Kenya") in triples(extract(text))


@pytest.mark.model
def test_a_sanction_announced_is_a_sanction_not_a_threat(extract: Extract) -> None:
    text = "The United States announced on Friday it would prohibit all aid to Sudan."
    found = triples(extract(text))
    assert ("United States", "sanctions", "Sudan") in found, found
    assert ("United States", "threatens", "Sudan") not in found


@pytest.mark.model
def test_a_sanction_threatened_on_a_condition_is_still_a_threat(extract: Extract) -> None:
    text = "The United States announced it would prohibit all aid to Sudan if the fighting goes on."
    assert ("United States", "sanctions", "Sudan") not in triples(extract(text))


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Israel is opposed to French mediation in peace negotiations with Syria.",
        "Syria rejected an offer of talks with Israel.",
    ],
)
def test_an_act_opposed_or_rejected_did_not_take_place(extract: Extract, text: str) -> None:
    assert not triples(extract(text), "meetsWith")


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Ivorian rebels continued their effort to overthrow the government of President Laurent Gbagbo.",
        "Nigerien soldiers tried to arrest President Mohamed Bazoum on Wednesday.",
    ],
)
def test_an_attempt_to_depose_or_detain_is_neither(extract: Extract, text: str) -> None:
    found = triples(extract(text))
    assert not {r for _, r, _ in found} & {"deposes", "detains"}, found


@pytest.mark.model
def test_help_marking_another_act_gives_no_aid_of_its_own(extract: Extract) -> None:
    text = "Saudi Arabia mobilized lobbyists in Washington to help support the Palestinians."
    found = triples(extract(text))
    assert ("Saudi Arabia", "supports", "Palestine") in found, found
    assert not triples(extract(text), "providesAidTo")


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Security forces in Guinea have tortured scores of Liberian refugees.",
        "Police in Guinea clashed with Liberian rebels on Sunday.",
    ],
)
def test_security_forces_named_by_where_they_serve_are_that_states(
    extract: Extract, text: str
) -> None:
    assert any(s == "Guinea" for s, _, _ in triples(extract(text))), triples(extract(text))


@pytest.mark.model
def test_ties_named_as_the_reason_of_a_break_are_not_broken(extract: Extract) -> None:
    text = "Pakistan broke off diplomatic relations with Costa Rica over its ties with Israel."
    found = triples(extract(text), "seversTiesWith")
    assert ("Pakistan", "seversTiesWith", "Costa Rica") in found, found
    assert ("Pakistan", "seversTiesWith", "Israel") not in found


@pytest.mark.model
def test_an_act_one_only_has_the_right_to_do_is_not_done(extract: Extract) -> None:
    text = "The United States defended the right of Turkish troops to fire on Kurdish militants."
    assert not triples(extract(text), "attacks"), triples(extract(text))
