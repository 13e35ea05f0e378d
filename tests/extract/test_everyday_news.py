"""Everyday news that is no political act: shapes of business, legal and sports news whose
verbs the trigger lexicon also lists for political acts (real model on made-up sentences)."""

from __future__ import annotations

import pytest

from tests.extract.labelled import Extract, triples


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "The Brazilian air force struck a deal with Saab to buy 36 fighter jets.",
        "The Indian army said it had received U.S. approval for the purchase of six planes.",
        "Chancellor Angela Merkel said she welcomed the Sarkozy win.",
    ],
)
def test_a_dealing_as_object_is_no_attack_or_meeting(extract: Extract, text: str) -> None:
    found = triples(extract(text))
    assert not {t for t in found if t[1] in ("attacks", "meetsWith")}, found


@pytest.mark.model
def test_acts_on_actors_still_count(extract: Extract) -> None:
    found = triples(extract("Israeli aircraft struck a Hamas training camp in Gaza on Tuesday."))
    assert ("Israel", "attacks", "Hamas") in found
    found = triples(extract("The Chinese president received the Japanese delegation."))
    assert ("China", "meetsWith", "Japan") in found


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "A French prosecutor asked a court on Friday to sentence Jacques Chirac to two years.",
        "A Spanish prosecutor asked a judge to jail Augusto Pinochet for fraud.",
        "Merkel urged to open German inquiry into Afghanistan deaths",
    ],
)
def test_what_one_is_asked_to_do_is_not_whom_one_asks(extract: Extract, text: str) -> None:
    found = triples(extract(text), "requestsAidFrom")
    assert not found, found


@pytest.mark.model
def test_a_request_still_falls_on_the_one_asked_or_the_giver(extract: Extract) -> None:
    assert ("Kenya", "requestsAidFrom", "Uganda") in triples(
        extract("Kenya asked to buy food from Uganda after the drought.")
    )
    assert ("Germany", "requestsAidFrom", "France") in triples(
        extract("Germany urged France to lift its ban on British beef.")
    )


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Chechen militants plotted to assassinate Vladimir Putin during his visit to Grozny.",
        "Russia uncovers plot to assassinate Putin",
        "Police in Kenya foiled an Islamist plot to bomb the Israeli embassy.",
    ],
)
def test_a_plot_is_no_attack(extract: Extract, text: str) -> None:
    found = triples(extract(text), "attacks")
    assert not found, found


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "U.S. Davis Cup captain Patrick McEnroe named his team for the final on Monday.",
        "U.S. Olympic Committee president Peter Ueberroth said on Monday the team was ready.",
    ],
)
def test_a_team_or_event_between_state_and_title_owns_the_title(
    extract: Extract, text: str
) -> None:
    found = {t for t in triples(extract(text)) if t[1] in ("officialOf", "leaderOf")}
    assert not found, found


@pytest.mark.model
def test_a_state_body_between_state_and_title_keeps_the_office(extract: Extract) -> None:
    found = triples(extract("U.S. Senate Majority Leader Bill Frist said the bill would pass."))
    assert any(t[0] == "Bill Frist" and t[2] == "United States" for t in found), found


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "person", "employer", "beat"),
    [
        (
            "ESPN senior NBA analyst Greg Anthony said the Lakers would win.",
            "Greg Anthony",
            "ESPN",
            "NBA",
        ),
        (
            "Reuters OPEC correspondent Alex Lawler said output would rise.",
            "Alex Lawler",
            "Reuters",
            "OPEC",
        ),
    ],
)
def test_a_writer_works_for_the_first_body_named_not_their_beat(
    extract: Extract, text: str, person: str, employer: str, beat: str
) -> None:
    found = triples(extract(text), "affiliatedWith")
    assert (person, "affiliatedWith", employer) in found and (
        person,
        "affiliatedWith",
        beat,
    ) not in found


def test_an_aside_on_a_role_names_no_polity_of_it() -> None:
    # "Pope Leo marked his year as Catholic leader, an event unthinkable before the fall
    # of Russia": the apposition comments on the occasion, it is not the role's phrase
    from kg.extract.roles import _predicate
    from kg.resolve.actors import Mention
    from tests.extract.handmade import make_doc

    words = "Pope Leo marked his year as Catholic leader , an event before the fall of Russia"
    doc = make_doc(
        words.split(),
        heads=[1, 2, 2, 4, 2, 2, 7, 5, 7, 10, 7, 10, 13, 11, 13, 14],
        deps=[
            "compound",
            "nsubj",
            "ROOT",
            "poss",
            "dobj",
            "prep",
            "amod",
            "pobj",
            "punct",
            "det",
            "appos",
            "prep",
            "det",
            "pobj",
            "prep",
            "pobj",
        ],
        pos=[
            "PROPN",
            "PROPN",
            "VERB",
            "PRON",
            "NOUN",
            "ADP",
            "ADJ",
            "NOUN",
            "PUNCT",
            "DET",
            "NOUN",
            "ADP",
            "DET",
            "NOUN",
            "ADP",
            "PROPN",
        ],
        tags=[
            "NNP",
            "NNP",
            "VBD",
            "PRP$",
            "NN",
            "IN",
            "JJ",
            "NN",
            ",",
            "DT",
            "NN",
            "IN",
            "DT",
            "NN",
            "IN",
            "NNP",
        ],
        lemmas=[
            "Pope",
            "Leo",
            "mark",
            "his",
            "year",
            "as",
            "catholic",
            "leader",
            ",",
            "an",
            "event",
            "before",
            "the",
            "fall",
            "of",
            "Russia",
        ],
    )
    phrase = [t.text for t in _predicate(doc, Mention(0, 2, "name:leo", "Pope Leo"))]
    assert "leader" in phrase and "Russia" not in phrase, phrase


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Retired U.S. generals criticised Donald Rumsfeld over the war in Iraq.",
        "Former Kenyan ministers condemned Uganda over the border raid.",
        "A group of former French ambassadors urged Jacques Chirac to act.",
    ],
)
def test_former_servants_of_a_state_do_not_act_for_it(extract: Extract, text: str) -> None:
    found = triples(extract(text))
    assert not {t for t in found if t[0] in ("United States", "Kenya", "France")}, found


@pytest.mark.model
def test_serving_servants_of_a_state_still_act_for_it(extract: Extract) -> None:
    found = triples(extract("Kenyan ministers condemned Uganda over the border raid."))
    assert ("Kenya", "condemns", "Uganda") in found


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "relation"),
    [
        ("Washington urged Japan to impose sanctions on North Korea.", "sanctions"),
        ("The United States asked Pakistan to arrest the Taliban leaders.", "detains"),
        ("France asked Germany to send troops to Mali.", "deploysForcesTo"),
    ],
)
def test_an_act_asked_of_another_is_not_done(extract: Extract, text: str, relation: str) -> None:
    found = triples(extract(text))
    assert not triples(extract(text), relation), found
    assert any(t[1] == "requestsAidFrom" for t in found), found


@pytest.mark.model
def test_a_stance_urged_on_another_is_the_urgers_own(extract: Extract) -> None:
    text = "The Arab League chief urged the European Union to support the Palestine Liberation Organization."
    assert any(t[0] == "Arab League" and t[1] == "supports" for t in triples(extract(text)))


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Mumbai - Australia's stand-in captain Ricky Ponting said on Saturday his team was ready.",
        "The South Africa captain Shaun Pollock has stirred things up before the first Test.",
    ],
)
def test_a_states_captain_captains_its_team(extract: Extract, text: str) -> None:
    found = {t for t in triples(extract(text)) if t[1] in ("officialOf", "leaderOf")}
    assert not found, found


@pytest.mark.model
def test_a_captain_of_a_states_navy_holds_an_office(extract: Extract) -> None:
    found = triples(extract("A U.S. Navy captain, John Brown, said the ship would sail to Iran."))
    assert ("John Brown", "officialOf", "United States navy") in found


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Sudan's rebel leader John Garang met the president.",
        "Nigeria's main union leader Adams Oshiomhole called a strike.",
        "India's Muslim leader Syed Shahabuddin criticised the ruling.",
        "Kenya's opposition leader Raila Odinga called for protests.",
    ],
)
def test_the_leader_of_a_group_in_a_state_does_not_lead_it(extract: Extract, text: str) -> None:
    found = {t for t in triples(extract(text)) if t[1] in ("leaderOf", "affiliatedWith")}
    assert not found, found


@pytest.mark.model
def test_a_head_of_government_described_by_faith_still_leads(extract: Extract) -> None:
    found = triples(extract("Iraq's Shiite prime minister Ibrahim Jaafari met the president."))
    assert ("Ibrahim Jaafari", "leaderOf", "Iraq") in found


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "The Egyptian police and the Egyptian army fired on protesters in Cairo.",
        "President Bush and Senator John Kerry will target swing voters in Ohio this week.",
    ],
)
def test_coordinated_subjects_of_a_one_sided_act_do_not_attack_each_other(
    extract: Extract, text: str
) -> None:
    assert not triples(extract(text), "attacks")


@pytest.mark.model
def test_coordinated_subjects_of_a_fight_attack_each_other(extract: Extract) -> None:
    found = triples(
        extract("Palestinian gunmen and Israeli troops fought pitched battles in Gaza.")
    )
    assert ("Israel", "attacks", "Palestinian gunmen") in found


@pytest.mark.model
def test_a_wire_credit_neither_acts_nor_is_backed(extract: Extract) -> None:
    found = triples(
        extract("Reuters - The European Union on Monday imposed an arms embargo on Zimbabwe.")
    )
    assert ("European Union", "sanctions", "Zimbabwe") in found
    assert not {t for t in found if "Reuters" in (t[0], t[2])}, found
    text = "AP - Backed by reliable play from Sergio Garcia and Lee Westwood, Europe took the lead."
    assert not triples(extract(text), "affiliatedWith")
    text = "Italian Sailor Threatens to Blow Up Barracks (AP)\n\nAP - A sailor was holed up in a barracks."
    assert not {t for t in triples(extract(text)) if "Associated Press" in t}, triples(
        extract(text)
    )


@pytest.mark.model
def test_a_hyphenated_patron_still_backs(extract: Extract) -> None:
    found = triples(extract("The Iran-backed Hezbollah fired rockets at Israel."))
    assert ("Hezbollah", "affiliatedWith", "Iran") in found


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Pakistan denied reports that the United States had attacked Pakistani villages.",
        "Syria dismissed claims that it had sent troops to Lebanon.",
        "The ministry rejected allegations that Israel had attacked Lebanon.",
    ],
)
def test_an_act_in_a_denied_report_is_not_asserted(extract: Extract, text: str) -> None:
    found = {t for t in triples(extract(text)) if t[1] in ("attacks", "deploysForcesTo")}
    assert not found, found


@pytest.mark.model
def test_an_act_in_a_confirmed_report_is_asserted(extract: Extract) -> None:
    text = "Pakistan confirmed reports that the United States had attacked Pakistani villages."
    assert ("United States", "attacks", "Pakistan") in triples(extract(text))


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Ford Australia president Tom Gorman said sales rose.",
        "Toyota Canada chairman Yoichi Tomihari said exports would rise.",
    ],
)
def test_a_state_ending_a_firms_name_gives_no_office(extract: Extract, text: str) -> None:
    found = {t for t in triples(extract(text)) if t[1] in ("officialOf", "leaderOf")}
    assert not found, found


@pytest.mark.model
def test_a_title_word_before_the_state_is_no_firm(extract: Extract) -> None:
    text = "Deputy U.S. Trade Representative Michael Smith met Japanese officials on Monday."
    assert ("Michael Smith", "officialOf", "United States") in triples(extract(text))
    text = "US Deputy Secretary of State Richard Armitage on Tuesday met Pakistani leaders."
    assert ("Richard Armitage", "officialOf", "United States") in triples(extract(text))


@pytest.mark.model
def test_a_title_takes_no_polity_from_the_clause_before_its_conjunction(extract: Extract) -> None:
    text = (
        "Gunfire broke out near Haiti's parliament while Foreign Secretary Jack Straw was inside."
    )
    found = {t for t in triples(extract(text)) if t[1] in ("officialOf", "leaderOf")}
    assert not {t for t in found if t[2].startswith("Haiti")}, found


@pytest.mark.model
def test_a_title_still_takes_the_polity_before_it(extract: Extract) -> None:
    found = triples(extract("Haitian Foreign Minister Yvon Simeon met the ambassador."))
    assert ("Yvon Simeon", "officialOf", "Haiti") in found


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Dutch troops moved south to free up British troops for the offensive on Basra.",
        "Polish soldiers took over the checkpoints, freeing up American troops for the assault.",
    ],
)
def test_troops_freed_up_were_never_held(extract: Extract, text: str) -> None:
    assert not triples(extract(text), "detains")


@pytest.mark.model
def test_soldiers_released_were_held(extract: Extract) -> None:
    found = triples(extract("Syria released three Lebanese soldiers on Monday."))
    assert ("Syria", "detains", "Lebanon") in found
