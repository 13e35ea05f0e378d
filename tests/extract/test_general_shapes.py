"""General sentence shapes the dependency extractor reads, whatever the words: trigger
nouns in either number, coordinated and compounded objects (real model on made-up
sentences; `names_noun` on a hand-built parse)."""

from __future__ import annotations

import pytest

from kg.extract.triggers import names_noun, singular
from tests.extract.handmade import make_doc
from tests.extract.labelled import Extract, triples


def test_singular_of_plain_plurals() -> None:
    assert [singular(w) for w in ("supplies", "restrictions", "arms", "talks", "status")] == [
        "supply",
        "restriction",
        "arm",
        "talk",
        "status",
    ]


def test_a_trigger_noun_matches_whatever_its_lemma() -> None:
    # the tagger left "supplies" as its own lemma, and took "arms" for a plural of "arm"
    doc = make_doc(
        ["sent", "supplies", "and", "arms"],
        heads=[0, 0, 1, 1],
        deps=["ROOT", "dobj", "cc", "conj"],
        pos=["VERB", "NOUN", "CCONJ", "NOUN"],
        tags=["VBD", "NNS", "CC", "NNS"],
        lemmas=["send", "supplies", "and", "arm"],
    )
    assert names_noun(doc[1], frozenset({"supply"}))
    assert names_noun(doc[3], frozenset({"arms"}))
    assert names_noun(doc[1], frozenset({"supplies"}))
    assert not names_noun(doc[1], frozenset({"aid", "weapons"}))


@pytest.mark.model
def test_arms_sent_are_aid_though_the_lemma_is_arm(extract: Extract) -> None:
    text = "The United States continued to send arms to Pakistan last year."
    assert ("United States", "providesAidTo", "Pakistan") in triples(extract(text))


@pytest.mark.model
def test_restrictions_imposed_are_sanctions_though_listed_in_one_number(
    extract: Extract,
) -> None:
    text = "Japan imposed a restriction on Chinese imports, and China imposed curfews on Tibet."
    found = triples(extract(text), "sanctions")
    assert ("Japan", "sanctions", "China") in found


@pytest.mark.model
def test_a_compounded_object_counts(extract: Extract) -> None:
    text = "The European Union suspended aid deliveries to Sudan on Monday."
    assert ("European Union", "sanctions", "Sudan") in triples(extract(text))


@pytest.mark.model
def test_a_coordinated_object_counts(extract: Extract) -> None:
    text = "Russia sent doctors and medical supplies to Serbia on Tuesday."
    assert ("Russia", "providesAidTo", "Serbia") in triples(extract(text))


@pytest.mark.model
def test_a_recipient_named_without_to_is_the_target(extract: Extract) -> None:
    text = "The European Union on Monday gave Kenya 5 million dollars of aid."
    assert ("European Union", "providesAidTo", "Kenya") in triples(extract(text))


@pytest.mark.model
def test_a_meeting_set_in_a_clause_is_its_subjects(extract: Extract) -> None:
    text = "Egyptian President Hosni Mubarak made progress in talks with Jordan on Monday."
    assert ("Hosni Mubarak", "meetsWith", "Jordan") in triples(extract(text), "meetsWith")


@pytest.mark.model
def test_an_agent_acted_on_in_a_meeting_is_no_party_to_it(extract: Extract) -> None:
    text = "Egyptian President Hosni Mubarak was criticised in talks with Jordan on Monday."
    assert not triples(extract(text), "meetsWith")


@pytest.mark.model
def test_an_act_compounded_into_a_frame_noun_takes_its_arguments(extract: Extract) -> None:
    text = (
        "Kenyan President Daniel arap Moi undertook a mediation mission between Sudan and Uganda."
    )
    found = triples(extract(text), "meetsWith")
    assert {
        ("Daniel arap Moi", "meetsWith", "Sudan"),
        ("Daniel arap Moi", "meetsWith", "Uganda"),
    } <= found


@pytest.mark.model
def test_stating_what_another_must_do_is_a_demand_of_it(extract: Extract) -> None:
    text = "Russia said on Tuesday that Sudan must return a captured helicopter."
    assert ("Russia", "requestsAidFrom", "Sudan") in triples(extract(text))


@pytest.mark.model
def test_what_one_must_do_oneself_or_what_no_one_said_is_no_demand(extract: Extract) -> None:
    assert not triples(extract("Russia said that it must return the helicopter."))
    text = "Russia did not say that Sudan must return the helicopter."
    assert not triples(extract(text), "requestsAidFrom")


@pytest.mark.model
def test_a_statement_acts_for_whoever_issued_it(extract: Extract) -> None:
    text = (
        "The Kurdistan Workers' Party issued a declaration demanding that the Turkish "
        "government release its leader."
    )
    found = triples(extract(text), "requestsAidFrom")
    assert ("Kurdistan Workers' Party", "requestsAidFrom", "Turkey government") in found


@pytest.mark.model
def test_a_demand_that_another_act_is_made_of_it(extract: Extract) -> None:
    text = "Egypt renewed its demand that Israel end the blockade of Gaza."
    assert ("Egypt", "requestsAidFrom", "Israel") in triples(extract(text))


@pytest.mark.model
def test_a_light_verb_carries_its_act_nouns_target(extract: Extract) -> None:
    text = "Iraqi warplanes flew 94 sorties yesterday against Iranian targets."
    assert ("Iraq", "attacks", "Iran") in triples(extract(text))


@pytest.mark.model
def test_a_verb_that_is_no_light_verb_keeps_its_own_target(extract: Extract) -> None:
    text = "Britain condemned the attacks yesterday against Iraq."
    assert ("United Kingdom", "attacks", "Iraq") not in triples(extract(text))


@pytest.mark.model
def test_an_official_travelling_to_a_state_visits_it(extract: Extract) -> None:
    text = "Prime Minister Yasuhiro Nakasone leaves next week for the United States."
    assert ("Yasuhiro Nakasone", "meetsWith", "United States") in triples(extract(text))
    text = "French President Jacques Chirac flew to Germany on Monday."
    assert ("Jacques Chirac", "meetsWith", "Germany") in triples(extract(text))


@pytest.mark.model
def test_a_state_leaving_for_somewhere_visits_no_one(extract: Extract) -> None:
    text = "Japan's exports left for the United States last week."
    assert not triples(extract(text), "meetsWith")


@pytest.mark.model
def test_an_agreement_reached_with_another_is_cooperation(extract: Extract) -> None:
    text = "Egypt reached agreement with the Soviet Union on its military debt."
    assert ("Egypt", "cooperatesWith", "Soviet Union") in triples(extract(text), "cooperatesWith")


@pytest.mark.model
def test_ground_captured_is_taken_by_force_not_detained(extract: Extract) -> None:
    text = "Burmese troops have captured part of a Karen guerrilla stronghold on the Thai border."
    found = triples(extract(text))
    assert ("Myanmar", "attacks", "Karen") in found
    assert not {t for t in found if t[1] == "detains"}
    text = "Chad announced the capture of Libya's air base at Ouadi Doum."
    assert ("Chad", "attacks", "Libya") in triples(extract(text))


@pytest.mark.model
def test_people_captured_are_detained(extract: Extract) -> None:
    text = "Iraqi troops captured three Iranian soldiers near the border."
    found = triples(extract(text))
    assert ("Iraq", "detains", "Iran") in found and ("Iraq", "attacks", "Iran") not in found


@pytest.mark.model
def test_forces_strengthened_or_peacekeepers_sent_somewhere_are_deployed(extract: Extract) -> None:
    text = "Israel has strengthened its forces in Lebanon, military sources said."
    assert ("Israel", "deploysForcesTo", "Lebanon") in triples(extract(text))
    text = "Pakistan sent peacekeepers to Somalia last year."
    assert ("Pakistan", "deploysForcesTo", "Somalia") in triples(extract(text))


@pytest.mark.model
def test_a_treaty_signed_by_two_is_one_edge_between_them(extract: Extract) -> None:
    text = "Libya and Bulgaria today signed a treaty of friendship and cooperation."
    assert triples(extract(text), "supports") == {("Libya", "supports", "Bulgaria")}


@pytest.mark.model
def test_a_statement_welcomed_is_support_for_its_author_not_a_meeting(extract: Extract) -> None:
    text = "The German government welcomed President Reagan's latest policy statement."
    found = triples(extract(text))
    assert not {t for t in found if t[1] == "meetsWith"}
    assert {t[2] for t in found if t[1] == "supports"} == {"Reagan"}


@pytest.mark.model
def test_whatever_one_threatens_to_do_to_another_is_a_threat(extract: Extract) -> None:
    text = "Al-Qaeda has threatened to deliver devastating blows to the United States."
    found = triples(extract(text))
    assert ("Al-Qaeda", "threatens", "United States") in found
    assert not {t for t in found if t[1] == "providesAidTo"}


@pytest.mark.model
def test_aid_vowed_is_no_threat(extract: Extract) -> None:
    text = "Japan vowed to send aid to Indonesia."
    assert not triples(extract(text), "threatens")


@pytest.mark.model
def test_a_group_loyal_to_a_leader_acts_for_him(extract: Extract) -> None:
    text = (
        "Militants loyal to Abu Musab al-Zarqawi said they attempted to assassinate "
        "Prime Minister Iyad Allawi."
    )
    found = triples(extract(text), "attacks")
    assert {s for s, _, _ in found} == {"Abu Musab al-Zarqawi"}


@pytest.mark.model
def test_an_object_moved_after_an_as_phrase_is_still_the_object(extract: Extract) -> None:
    text = "Albania on Friday denounced as an ugly crime Serbia's suppression of the unrest."
    assert ("Albania", "condemns", "Serbia") in triples(extract(text))


@pytest.mark.model
def test_objects_counted_by_up_to_are_objects(extract: Extract) -> None:
    text = "The US is sending up to 600 marines and relief supplies to the Philippines."
    found = triples(extract(text))
    assert ("United States", "deploysForcesTo", "Philippines") in found
    assert ("United States", "providesAidTo", "Philippines") in found
    text = "Afghan rebels have kidnapped up to 16 Russian civilian advisers from a town bazaar."
    assert ("Afghan rebels", "detains", "Russia") in triples(extract(text))


@pytest.mark.model
def test_an_act_on_areas_of_a_state_falls_on_the_state(extract: Extract) -> None:
    text = "Japan sent relief supplies to flood-ravaged areas of the Philippines."
    assert ("Japan", "providesAidTo", "Philippines") in triples(extract(text))


@pytest.mark.model
def test_a_relative_pronoun_object_is_the_noun_it_stands_for(extract: Extract) -> None:
    text = "Syria, which Israel attacked last week, asked Russia for help."
    assert ("Israel", "attacks", "Syria") in triples(extract(text))


@pytest.mark.model
def test_a_stance_on_an_act_is_a_stance_on_its_agent(extract: Extract) -> None:
    text = "The attack by Iraqi forces on Kuwait was condemned by Egypt."
    assert ("Egypt", "condemns", "Iraq") in triples(extract(text))


@pytest.mark.model
def test_what_a_reported_clause_calls_its_own_is_the_speakers(extract: Extract) -> None:
    text = "Iraq said Iran had attacked its positions near Basra."
    assert ("Iran", "attacks", "Iraq") in triples(extract(text))


@pytest.mark.model
def test_an_attack_vowed_is_a_threat_and_no_criticism(extract: Extract) -> None:
    found = triples(extract("Russia vowed to attack Chechen rebels."))
    assert ("Russia", "threatens", "Chechen rebels") in found
    assert not {t for t in found if t[1] == "condemns"}


@pytest.mark.model
def test_the_one_accused_of_an_act_did_it(extract: Extract) -> None:
    text = "Nicaragua accused the United States of backing the Contra rebels."
    found = triples(extract(text))
    assert ("United States", "supports", "Contras") in found
    assert ("Nicaragua", "supports", "Contras") not in found


@pytest.mark.model
def test_food_and_medicine_sent_are_aid(extract: Extract) -> None:
    text = "Egypt on Monday sent food and medicine to Sudan."
    assert ("Egypt", "providesAidTo", "Sudan") in triples(extract(text))


@pytest.mark.model
def test_ground_held_by_a_group_stands_for_the_group(extract: Extract) -> None:
    text = "Sudanese troops attacked rebel positions held by the SPLA in the south."
    found = triples(extract(text), "attacks")
    assert {s for s, _, _ in found} == {"Sudan"} and len(found) == 1


@pytest.mark.model
def test_the_subject_of_a_copula_acts_through_its_adjective(extract: Extract) -> None:
    text = "West German Chancellor Helmut Kohl is due to meet French President Francois Mitterrand."
    found = triples(extract(text), "meetsWith")
    assert {(s, o) for s, _, o in found} == {("Helmut Kohl", "François Mitterrand")}


@pytest.mark.model
def test_an_act_one_is_only_willing_or_ready_to_do_is_not_asserted(extract: Extract) -> None:
    text = "Syria says it is willing to withdraw its troops from neighboring Lebanon."
    assert not triples(extract(text), "seversTiesWith")
    assert not triples(extract(text), "threatens")


@pytest.mark.model
def test_ground_retaken_from_another_is_an_attack_on_it(extract: Extract) -> None:
    text = "Chad's government forces recaptured the town of Fada from Libyan troops."
    assert {o for _, _, o in triples(extract(text), "attacks")} == {"Libya"}


@pytest.mark.model
def test_what_the_accused_did_to_the_accusers_own_falls_on_the_accuser(
    extract: Extract,
) -> None:
    text = "Pakistan accused Afghan warplanes of bombing its territory."
    assert ("Afghanistan", "attacks", "Pakistan") in triples(extract(text))


@pytest.mark.model
def test_a_deployment_announced_is_no_threat_unless_conditional(extract: Extract) -> None:
    text = "The African Union will send 3,000 troops to Darfur to monitor a ceasefire."
    assert triples(extract(text)) == {("African Union", "deploysForcesTo", "Darfur")}
    text = "ECOWAS will send troops to Niger if the junta does not release Bazoum."
    assert ("ECOWAS", "threatens", "Niger") in triples(extract(text))


@pytest.mark.model
def test_a_visit_to_a_capital_is_a_visit_to_its_state_though_unnamed(extract: Extract) -> None:
    text = "Iraqi President Saddam Hussein arrived in Amman on a previously unannounced visit."
    assert ("Saddam Hussein", "meetsWith", "Jordan") in triples(extract(text))
    text = "Secretary of State George Shultz will travel to Moscow next month."
    found = triples(extract(text, published="1987-03-01"), "meetsWith")
    assert found == {("George Shultz", "meetsWith", "Soviet Union")}


@pytest.mark.model
def test_a_capital_no_act_reaches_adds_no_state(extract: Extract) -> None:
    extraction = extract("The conference on trade was held in Amman on Monday.")
    assert "Jordan" not in {a.label for a in extraction.actors}


@pytest.mark.model
def test_the_subject_of_a_raising_passive_acts_in_its_clause(extract: Extract) -> None:
    text = "Egypt and Israel are expected to resume talks on Taba next week."
    assert ("Egypt", "meetsWith", "Israel") in triples(extract(text))


@pytest.mark.model
def test_a_speakers_own_forces_act_for_it(extract: Extract) -> None:
    text = "Iraq said its forces repulsed an Iranian attack near Basra."
    assert ("Iraq", "attacks", "Iran") in triples(extract(text))


@pytest.mark.model
def test_retaliation_promised_against_an_attacker_is_a_threat(extract: Extract) -> None:
    text = "Rafsanjani said Iran would retaliate against any U.S. attack."
    assert ("Iran", "threatens", "United States") in triples(extract(text))
