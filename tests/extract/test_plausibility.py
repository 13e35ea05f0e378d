"""Plausibility: assertions whose ends contradict the text or the gazetteers are dropped.
Made-up sentences, one for each class of error seen on everyday news, parsed by the real
model; each has a twin the check must leave alone."""

from __future__ import annotations

import pytest
from spacy.language import Language

from kg.extract import Resources, read_article
from kg.extract.plausibility import is_plausible, split_name
from kg.extract.registry import Reading, evidence
from kg.model import Assertion, Extraction
from kg.vocab import Relation
from tests.conftest import make_article
from tests.extract.labelled import Extract, triples

pytestmark = pytest.mark.model


def relations_between(extraction: Extraction, first: str, second: str) -> set[str]:
    return {r for s, r, o in triples(extraction) if {s, o} == {first, second}}


def _reading_and_tie(
    nlp: Language, resources: Resources, text: str, subject: str, relation: Relation, obj: str
) -> tuple[Reading, Assertion]:
    """The reading of `text` and a tie between the actors named `subject` and `obj`, as a
    misread coordination gives it."""
    article = make_article(text)
    reading = read_article(nlp(text), article, resources)
    keys = {m.text: m.key for m in reading.actors.mentions}
    sentence = next(iter(reading.doc.sents))
    tie = Assertion(keys[subject], relation, keys[obj], evidence(sentence, "test", 0.7))
    return reading, tie


def test_firm_name_joined_by_and_is_no_tie(nlp: Language, resources: Resources) -> None:
    text = "Demand will weaken, said Mary Collins, economist at brokerage house Hartley and Drew."
    reading, tie = _reading_and_tie(
        nlp, resources, text, "Drew", Relation.AFFILIATED_WITH, "Hartley"
    )
    assert split_name(reading, tie) and not is_plausible(reading, tie)
    works_for = Assertion(
        tie.subject, Relation.AFFILIATED_WITH, reading.actors.mentions[0].key, tie.evidence
    )
    assert is_plausible(reading, works_for)  # Mary Collins and Drew are not coordinated


def test_demonym_joined_to_a_name_is_no_tie(nlp: Language, resources: Resources) -> None:
    text = "KLM will offer a stake to British and Commonwealth Shipping Plc, it said."
    reading, tie = _reading_and_tie(
        nlp, resources, text, "British", Relation.MEETS_WITH, "Commonwealth Shipping Plc"
    )
    assert not is_plausible(reading, tie)


def test_coordinated_states_may_act_together(nlp: Language, resources: Resources) -> None:
    text = "Russia and China held talks on Monday."
    reading, tie = _reading_and_tie(nlp, resources, text, "Russia", Relation.MEETS_WITH, "China")
    assert is_plausible(reading, tie)


def test_detains_needs_people_or_a_group(extract: Extract) -> None:
    fortifications = extract("Iraqi troops seized Iranian fortifications near Basra on Sunday.")
    assert ("Iraq", "detains", "Iran") not in triples(fortifications)
    sailors = extract("Iranian guards seized British sailors in the Gulf.")
    assert ("Iran", "detains", "United Kingdom") in triples(sailors)


def test_detains_keeps_a_people_noun(extract: Extract) -> None:
    found = extract("Israeli soldiers arrested more than 100 Palestinians on Saturday.")
    assert any(r == "detains" and s == "Israel" for s, r, _ in triples(found))


def test_national_council_is_not_the_un_security_council(extract: Extract) -> None:
    national = extract("The Pentagon will ask the National Security Council to block the sales.")
    assert not any("Security Council" in s + o for s, _, o in triples(national))
    un = extract("The United States asked the U.N. Security Council to condemn Iran.")
    assert any("Security Council" in o for _, _, o in triples(un))


def test_takeover_fought_off_is_no_attack(extract: Extract) -> None:
    found = extract(
        "Last year, Mercer fought off a takeover attempt by the industrialist Tom Hale."
    )
    assert not any(r == "attacks" for _, r, _ in triples(found))


def test_sports_story_gives_no_political_act(extract: Extract) -> None:
    text = (
        "France beat Germany 2-0 in the World Cup qualifier on Saturday. The coach said "
        "his players attacked from the first minute of the match."
    )
    assert not {r for _, r, _ in triples(extract(text))} & {"attacks", "meetsWith"}


def test_war_story_keeps_its_acts(extract: Extract) -> None:
    text = "Iraqi troops attacked Iranian positions on Sunday, the military said."
    assert ("Iraq", "attacks", "Iran") in triples(extract(text))


def test_two_states_people_may_meet(nlp: Language, resources: Resources) -> None:
    text = "U.S. and Japanese officials meet in Tokyo."
    reading, tie = _reading_and_tie(nlp, resources, text, "U.S.", Relation.MEETS_WITH, "Japanese")
    assert is_plausible(reading, tie)
