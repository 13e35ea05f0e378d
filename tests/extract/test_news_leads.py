"""A wire lead: the dateline is no part of the first sentence, a visit is told by an
arrival, and "US-led forces" are the leading State's (real model on made-up sentences)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kg.model import Extraction

pytestmark = pytest.mark.model

Extract = Callable[..., Extraction]


def triples(extraction: Extraction) -> set[tuple[str, str, str]]:
    labels = {a.key: a.label for a in extraction.actors}
    return {(labels[a.subject], a.relation.value, labels[a.object]) for a in extraction.assertions}


def test_an_official_arriving_in_a_state_visits_it(extract: Extract) -> None:
    text = (
        "Iraqi president on visit\n\nKUWAIT CITY - Iraqi President Ghazi al-Yawar arrived in "
        "Kuwait on Saturday for a two-day official visit, a correspondent reported."
    )
    found = triples(extract(text))
    assert ("Ghazi al-Yawar", "meetsWith", "Kuwait") in found
    assert ("Ghazi al-Yawar", "leaderOf", "Iraq") in found


def test_troops_arriving_are_no_visit(extract: Extract) -> None:
    found = triples(extract("U.S. troops arrived in Kuwait on Saturday."))
    assert not {t for t in found if t[1] == "meetsWith"}


def test_blaming_us_led_forces_condemns_the_us(extract: Extract) -> None:
    found = triples(extract("Iraq blames US-led forces for army massacre."))
    assert ("Iraq", "condemns", "United States") in found


def test_chatting_with_is_meeting(extract: Extract) -> None:
    found = triples(extract("Senator Barack Obama has chatted by phone with President Bush."))
    assert any(s == "Barack Obama" and r == "meetsWith" for s, r, _ in found)


def test_a_minister_in_a_story_one_state_dominates_is_its_official(extract: Extract) -> None:
    text = (
        "Sudan's debt rose. Sudan owes 10 billion dlrs. Sudan will talk to its creditors.\n\n"
        "Finance Minister Beshir Omer has told parliament that the debt cannot be paid."
    )
    assert ("Beshir Omer", "officialOf", "Sudan") in triples(extract(text))


def test_an_act_on_a_condition_is_not_asserted(extract: Extract) -> None:
    found = triples(extract("Powell says the US will offer to assist Taiwan if China attacks."))
    assert not {t for t in found if t[1] == "providesAidTo"}
    assert ("France", "meetsWith", "Niger") not in triples(
        extract("France will meet Niger if the junta agrees.")
    )


def test_a_head_of_government_in_a_story_naming_one_state_only_is_its_leader(
    extract: Extract,
) -> None:
    text = (
        "ITALIAN COALITION MEETS\n\nROME, Feb 27 -\nLeaders of Italy's five coalition parties "
        "have agreed to meet today to settle their differences which are mainly between "
        "Prime Minister Bettino Craxi's Socialist Party and the majority Christian Democrats."
    )
    assert ("Bettino Craxi", "leaderOf", "Italy") in triples(extract(text))


def test_a_state_named_once_in_passing_gives_no_minister_its_office(extract: Extract) -> None:
    text = (
        "THE federal government has welcomed the charges against Indonesian militant cleric "
        "Abu Bakar Bashir. A spokesman for Foreign Minister Alexander Downer said the charges "
        "reflected the evidence."
    )
    assert not {t for t in triples(extract(text)) if t[1] in ("officialOf", "leaderOf")}


def test_a_weekday_before_a_title_names_no_body(extract: Extract) -> None:
    text = (
        "Afghanistan Official Bashardost Resigns (AP)\n\nAP - An Afghan Cabinet minister "
        "resigned Monday after President Hamid Karzai rejected his drive to shut down relief "
        "groups."
    )
    assert ("Hamid Karzai", "leaderOf", "Afghanistan") in triples(extract(text))


def test_a_title_listed_with_another_states_leader_is_of_that_state(extract: Extract) -> None:
    text = (
        "U.S. warships shelled an Iranian oil platform. The U.S. said the attack was a "
        "measured response. President Ali Khamenei, Prime Minister Mir-Hossein Mousavi and "
        "now Rafsanjani within 24 hours of the U.S. action have all vowed retaliation."
    )
    assert ("Mir-Hossein Mousavi", "leaderOf", "Iran") in triples(extract(text))


def test_a_title_opening_a_credited_lead_is_read(extract: Extract) -> None:
    text = (
        "Annan Urged to Play Larger Role in Iraq (AP)\n\nAP - U.N. Secretary-General Kofi "
        "Annan, under fire in Congress over an oil program, received some friendly advice."
    )
    assert ("Kofi Annan", "leaderOf", "United Nations") in triples(extract(text))


def test_a_named_persons_government_is_the_one_they_head(extract: Extract) -> None:
    text = (
        "Sudan's debt is large. Sudan owes money. Western diplomats said Prime Minister "
        "Sadeq al-Mahdi's government had not paid."
    )
    assert ("Sadeq al-Mahdi", "leaderOf", "Sudan government") in triples(extract(text))


def test_a_state_before_a_hyphen_in_a_title_case_headline_acts(extract: Extract) -> None:
    text = (
        "Iraq Blames US-Led Forces for Army Massacre\n\nBAGHDAD (Reuters) - Iraq's government "
        "said on Tuesday that neglect by its allies led to a massacre of 49 army recruits."
    )
    assert ("Iraq", "condemns", "United States") in triples(extract(text))


def test_a_headline_name_the_body_writes_after_an_initial_acts(extract: Extract) -> None:
    text = (
        "Blair Flies to Stand by Bush in Post-Arafat Plans (Reuters)\n\nReuters - As George W. "
        "Bush formulates his plans for a Middle East without Yasser Arafat, British Prime "
        "Minister Tony Blair will be standing where he says he belongs."
    )
    assert ("Tony Blair", "supports", "George W. Bush") in triples(extract(text))


def test_an_apposition_before_a_title_without_polity_names_it(extract: Extract) -> None:
    text = (
        "A US State Department spokesman says the issue came up during talks with China's "
        "visiting military chief, General Liang Guanglie."
    )
    assert ("Liang Guanglie", "officialOf", "China") in triples(extract(text))


def test_a_speaker_heads_the_chamber_the_title_names(extract: Extract) -> None:
    text = (
        "JAPANESE PARLIAMENT PASSES BUDGET\n\nTOKYO, April 24 -\nParliament's Lower House "
        "passed the 1987 budget. Lower House Speaker Kenzaburo Hara will take charge of the "
        "sales tax bill."
    )
    found = triples(extract(text))
    assert ("Kenzaburo Hara", "leaderOf", "Japan lower house") in found
    assert ("Kenzaburo Hara", "officialOf", "Japan") not in found


def test_a_speaker_the_tables_put_in_another_state_heads_no_chamber_of_it(
    extract: Extract,
) -> None:
    text = (
        "IRAN LEADER VOWS REVENGE ON US RAID\n\nNICOSIA, Oct 20 -\nThe U.S. attacked. The U.S. "
        'said so. "We will carry out our duty," said Rafsanjani in a speech to Parliament. '
        "Rafsanjani, the parliamentary speaker, said it was no threat."
    )
    found = triples(extract(text))
    assert not {t for t in found if t[1] == "leaderOf" and t[2] == "United States parliament"}


def test_an_apposition_after_the_name_gives_a_bare_title_no_polity(extract: Extract) -> None:
    text = (
        "Adm. John Poindexter, a former National Security Adviser who resigned over the Iran "
        "arms scandal, refused to testify before a House committee."
    )
    assert ("John Poindexter", "officialOf", "Iran") not in triples(extract(text))
