"""Wire-copy shapes found in the second round of the Reuters development gold (issue 14):
each cause with a made-up sentence that shows it, and one that shows the other reading kept
(real model)."""

from __future__ import annotations

import pytest

from kg.resolve.names import named_things
from tests.extract.labelled import Extract, triples

G7 = (
    "The leaders of the G-7, the United States, Britain, Canada, France, Italy, Japan and"
    " West Germany, are expected to discuss ways of improving economic coordination."
)


@pytest.mark.model
def test_states_listed_after_a_bloc_are_its_members_not_actors_of_the_verb(
    extract: Extract,
) -> None:
    found = triples(extract(G7))
    assert not {t for t in found if t[1] == "meetsWith"}, found
    members = {t[0] for t in found if t[1] == "memberOf"}
    assert {"United States", "Japan", "West Germany", "Italy"} <= members, found


@pytest.mark.model
def test_a_bloc_coordinated_with_states_is_no_list_of_members(extract: Extract) -> None:
    found = triples(extract("ECOWAS, Nigeria and France condemned the coup in Niger."))
    assert not {t for t in found if t[1] == "memberOf"}, found


@pytest.mark.model
def test_an_unmarked_minister_in_a_dateline_state_is_its_minister(extract: Extract) -> None:
    text = (
        "NAKASONE TO VISIT WASHINGTON\n\nTOKYO, March 27 -\nForeign Minister Tadashi Kuranari"
        " will accompany Prime Minister Yasuhiro Nakasone to the United States, Japanese"
        " officials said."
    )
    assert ("Tadashi Kuranari", "officialOf", "Japan") in triples(extract(text))


@pytest.mark.model
def test_a_head_of_another_state_is_not_the_dateline_states(extract: Extract) -> None:
    text = (
        "NAKASONE TO VISIT WASHINGTON\n\nTOKYO, March 27 -\nNakasone will hold talks in"
        " Washington with President Reagan on trade, Japanese officials said."
    )
    assert not {t for t in triples(extract(text)) if t[0] == "Reagan" and t[2] == "Japan"}


@pytest.mark.model
def test_a_dateline_state_the_story_never_names_gives_no_office(extract: Extract) -> None:
    text = "IRAN SAYS ATTACK REPULSED\n\nNICOSIA, March 3 -\nForeign Minister Ali Velayati spoke."
    assert not {t for t in triples(extract(text)) if t[2] == "Cyprus"}


@pytest.mark.model
def test_a_hyphenated_vice_minister_keeps_the_nationality(extract: Extract) -> None:
    found = triples(extract("Japanese Vice-Finance Minister Toyoo Gyohten will attend."))
    assert ("Toyoo Gyohten", "officialOf", "Japan") in found


def test_ships_listed_after_a_plural_are_named_things() -> None:
    assert {"Kidd", "Young", "Leftwich", "Hoel"} <= named_things(
        "the destroyers Kidd, Young, Leftwich and Hoel fired 1,000 rounds"
    )


@pytest.mark.model
def test_ships_do_not_attack(extract: Extract) -> None:
    found = triples(
        extract("The destroyers Kidd, Young, Leftwich and Hoel fired on an Iranian platform.")
    )
    assert not {t for t in found if t[0] in ("Kidd", "Leftwich", "Hoel")}, found


@pytest.mark.model
def test_a_for_to_clause_proposes_an_act_it_does_not_assert(extract: Extract) -> None:
    found = triples(extract("The only way out is for Washington to join forces with Moscow."))
    assert not {t for t in found if t[1] == "alliesWith"}, found
    assert ("Japan", "sanctions", "Iran") in triples(extract("Japan imposed sanctions on Iran."))


@pytest.mark.model
def test_a_party_title_with_an_acronym_aside_names_the_party(extract: Extract) -> None:
    found = triples(extract("Democratic Justice Party (DJP) chairman Roh Tae-woo vowed to resign."))
    assert ("Roh Tae-woo", "affiliatedWith", "Democratic Justice Party") in found


@pytest.mark.model
def test_a_party_before_a_state_office_is_no_employer(extract: Extract) -> None:
    text = (
        "ITALIAN GOVERNMENT FALLS\n\nROME, March 5 -\nItaly faces elections after the"
        " resignation of Socialist Prime Minister Bettino Craxi, Italian officials said."
    )
    found = triples(extract(text))
    assert ("Bettino Craxi", "leaderOf", "Italy") in found, found


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("US soldiers in Iraq face a murder probe.", ("United States", "Iraq")),
        ("Polish troops in Iraq will stay until March.", ("Poland", "Iraq")),
    ],
)
def test_a_states_forces_named_where_they_are_are_deployed_there(
    extract: Extract, text: str, expected: tuple[str, str]
) -> None:
    assert (expected[0], "deploysForcesTo", expected[1]) in triples(extract(text))


@pytest.mark.model
def test_forces_in_their_own_land_are_at_home(extract: Extract) -> None:
    found = triples(extract("Iraqi troops in Baghdad fought back, Iraq said."))
    assert not {t for t in found if t[1] == "deploysForcesTo"}, found


@pytest.mark.model
def test_a_known_office_holder_after_his_states_possessive_holds_his_office(
    extract: Extract,
) -> None:
    assert ("Fidel Castro", "leaderOf", "Cuba") in triples(
        extract("Cuba's Fidel Castro criticized the plan.")
    )
    # the list puts Castro in Cuba: another State's possessive gives him nothing
    assert not triples(extract("France's Fidel Castro criticized the plan."), "leaderOf")


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "place", "state"),
    [
        ("Protesters marched in the Ukrainian capital Kiev on Monday.", "Kyiv", "Ukraine"),
        ("Fighting hit the strategic Iraqi port of Basra.", "Basra", "Iraq"),
    ],
)
def test_a_demonyms_capital_or_port_lies_in_its_state(
    extract: Extract, text: str, place: str, state: str
) -> None:
    assert (place, "locatedIn", state) in triples(extract(text))


@pytest.mark.model
def test_a_person_named_elsewhere_is_split_from_his_partys_name(extract: Extract) -> None:
    text = (
        "Prime Minister Bettino Craxi resigned. Craxi's Socialist Party said it would not"
        " serve under Giulio Andreotti."
    )
    found = extract(text)
    assert "Craxi's Socialist Party" not in {a.label for a in found.actors}
    assert ("Bettino Craxi", "affiliatedWith", "Socialist Party") in triples(found)


@pytest.mark.model
def test_joining_someone_for_a_summit_is_meeting_them(extract: Extract) -> None:
    text = "The leaders of Sudan and Egypt would join Moammar Gadhafi for a mini-summit."
    found = triples(extract(text), "meetsWith")
    assert {
        ("Sudan", "meetsWith", "Muammar Gaddafi"),
        ("Egypt", "meetsWith", "Muammar Gaddafi"),
    } <= found
    assert not triples(
        extract("Britain joined the United States in condemning the attack."), "meetsWith"
    )


@pytest.mark.model
def test_they_after_a_subject_of_several_states_is_all_of_them(extract: Extract) -> None:
    text = "Britain and Denmark oppose the plan. They condemned the Commission for its proposal."
    found = {t[0] for t in triples(extract(text), "condemns")}
    assert found == {"United Kingdom", "Denmark"}, found


@pytest.mark.model
def test_a_chancellor_heads_only_a_german_or_austrian_government(extract: Extract) -> None:
    british = triples(extract("Britain's Chancellor Gordon Brown said the economy was strong."))
    assert ("Gordon Brown", "officialOf", "United Kingdom") in british
    assert not {t for t in british if t[1] == "leaderOf"}
    german = triples(extract("German Chancellor Gerhard Schroeder met Jacques Chirac."))
    assert ("Gerhard Schröder", "leaderOf", "Germany") in german


@pytest.mark.model
def test_a_people_abroad_is_neither_state_of_its_name(extract: Extract) -> None:
    found = triples(extract("The U.S. sanctioned Bosnian Serbs for failing to arrest suspects."))
    assert not {t for t in found if t[1] == "sanctions"}, found
    assert ("United States", "sanctions", "Iran") in triples(
        extract("The U.S. sanctioned Iran for its nuclear program.")
    )


@pytest.mark.model
def test_a_nationality_of_a_bodys_members_is_not_the_state(extract: Extract) -> None:
    text = "Ignaze Kiechle criticised the two German members of the European Commission."
    found = triples(extract(text), "condemns")
    assert found and not {t for t in found if t[2] == "Germany"}, found


@pytest.mark.model
def test_a_surname_the_model_missed_is_the_person_named_in_full(extract: Extract) -> None:
    text = (
        "Prime Minister Yasuhiro Nakasone spoke first. Finance Minister Kiichi Miyazawa spoke"
        " next. Miyazawa said it appears difficult to stop the bond issues. Nakasone said he"
        " had instructed his Liberal Democratic Party to prepare a package."
    )
    found = triples(extract(text), "affiliatedWith")
    assert ("Yasuhiro Nakasone", "affiliatedWith", "Liberal Democratic Party") in found, found
    assert not {t for t in found if t[0] == "Kiichi Miyazawa"}, found


@pytest.mark.model
def test_a_city_naming_an_agreement_is_no_party_to_it(extract: Extract) -> None:
    found = triples(extract("Turkey accused Greece of breaching the 1976 Berne Agreement."))
    assert not {t for t in found if "Switzerland" in t}, found


@pytest.mark.model
def test_urging_sanctions_on_a_state_asks_nothing_of_it(extract: Extract) -> None:
    assert not triples(extract("Israel urged sanctions on Iran on Wednesday."))
    assert ("Sudan", "requestsAidFrom", "Japan") in triples(
        extract("Sudan sought help from Japan.")
    )


@pytest.mark.model
def test_staff_are_no_forces_unless_military(extract: Extract) -> None:
    staff = "Australia turned down a plea for a force to protect United Nations personnel in Iraq."
    assert not triples(extract(staff), "deploysForcesTo")
    military = "US military personnel in Japan face new rules."
    assert ("United States", "deploysForcesTo", "Japan") in triples(extract(military))


@pytest.mark.model
def test_a_former_dictator_known_to_the_tables_led_his_state(extract: Extract) -> None:
    text = "A court lifted the immunity of the former dictator General Pinochet, Chile said."
    assert ("Augusto Pinochet", "leaderOf", "Chile") in triples(extract(text))


@pytest.mark.model
def test_a_states_place_after_a_direction_lies_in_it(extract: Extract) -> None:
    text = "Troops killed ten militants in Afghanistan's eastern Kunar province."
    assert ("Kunar", "locatedIn", "Afghanistan") in triples(extract(text))


@pytest.mark.model
def test_an_offered_act_is_not_done(extract: Extract) -> None:
    offered = "European Union leaders offered to start membership talks with Turkey next year."
    assert not triples(extract(offered), "meetsWith")
    assert ("United Kingdom", "meetsWith", "Turkey") in triples(
        extract("Britain held talks with Turkey.")
    )


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Russian soldiers were not in Ukraine, Moscow said.",
        "A Soviet ship in Kuwait was hit by a mine.",
        "Sanctions were imposed by the EU, the United States, Britain and Canada.",
    ],
)
def test_the_reviews_counter_examples_assert_nothing_of_the_kind(
    extract: Extract, text: str
) -> None:
    found = triples(extract(text))
    assert not {t for t in found if t[1] in ("deploysForcesTo", "memberOf")}, found


@pytest.mark.model
def test_an_act_beside_an_offer_is_not_taken_for_the_offer(extract: Extract) -> None:
    # (the shelling is read through "proposed" as planned, a threat: an older rule's reading)
    found = triples(extract("Syria proposed a ceasefire but shelled Beirut."))
    assert {t for t in found if t[0] == "Syria" and t[2] == "Lebanon"}, found


@pytest.mark.model
def test_a_citys_own_plan_is_still_its_states(extract: Extract) -> None:
    found = triples(extract("Iran rejected Washington's plan for Iraq."))
    assert ("Iran", "opposes", "United States") in found, found
