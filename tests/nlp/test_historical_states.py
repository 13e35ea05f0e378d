"""States that no longer exist (gazetteer/states.csv rows with an `until` date): their
names, demonyms and capitals, read at the article's date. Made-up sentences."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from kg.extract import Resources
from kg.model import Extraction
from kg.nlp.gazetteer import as_of
from kg.nlp.load import DEMONYM_LABEL
from kg.vocab import ActorClass

Extract = Callable[..., Extraction]


def states(extraction: Extraction) -> set[str]:
    return {a.label for a in extraction.actors if a.cls is ActorClass.STATE}


def relations(extraction: Extraction) -> set[tuple[str, str, str]]:
    label = {a.key: a.label for a in extraction.actors}
    return {(label[a.subject], a.relation.value, label[a.object]) for a in extraction.assertions}


@pytest.mark.parametrize(
    ("name", "wikidata"),
    [
        ("Soviet Union", "Q15180"),
        ("USSR", "Q15180"),
        ("U.S.S.R.", "Q15180"),
        ("West Germany", "Q713750"),
        ("East Germany", "Q16957"),
        ("GDR", "Q16957"),
        ("Yugoslavia", "Q36704"),
        ("Czechoslovakia", "Q33946"),
        ("South Yemen", "Q199841"),
        ("North Yemen", "Q267584"),
        ("Rhodesia", "Q217169"),
        ("South Vietnam", "Q180573"),
        ("Zaire", "Q974"),  # the same State as the DR Congo, renamed
        ("Burma", "Q836"),  # Myanmar, renamed
    ],
)
def test_former_states_are_states_with_their_wikidata_id(
    name: str, wikidata: str, resources: Resources
) -> None:
    gazetteer = resources.gazetteer
    entry = gazetteer.entries[gazetteer.surface_index[name]]
    assert entry.cls is ActorClass.STATE
    assert entry.wikidata == wikidata


@pytest.mark.parametrize(
    ("published", "state"),
    [("1987-03-02", "West Germany"), ("1995-03-02", "Germany"), (None, "Germany")],
)
def test_a_name_both_states_had_names_the_state_of_the_articles_date(
    published: str | None, state: str, extract: Extract
) -> None:
    found = extract("The Federal Republic of Germany expelled two diplomats.", published)
    assert state in states(found)
    (other,) = {"West Germany", "Germany"} - {state}
    assert other not in states(found)


@pytest.mark.parametrize(
    ("text", "demonym", "state"),
    [
        ("West German officials rejected the plan.", "West German", "West Germany"),
        ("East German troops crossed the line.", "East German", "East Germany"),
        ("Soviet diplomats protested.", "Soviet", "Soviet Union"),
        ("Yugoslav and Czechoslovak envoys met.", "Yugoslav", "Yugoslavia"),
        ("Yugoslav and Czechoslovak envoys met.", "Czechoslovak", "Czechoslovakia"),
    ],
)
def test_the_longest_demonym_wins(
    text: str, demonym: str, state: str, nlp: Language, resources: Resources
) -> None:
    entries = resources.gazetteer.entries
    found = {e.text: entries[e.ent_id_].name for e in nlp(text).ents if e.label_ == DEMONYM_LABEL}
    assert found[demonym] == state
    assert "German" not in found


def test_a_former_demonym_makes_its_state_act(extract: Extract) -> None:
    found = extract("West German police arrested two Soviet diplomats.", "1987-03-02")
    assert ("West Germany police", "detains", "Soviet Union") in relations(found)


@pytest.mark.parametrize(
    ("published", "state"),
    [
        ("1987-03-02", "Soviet Union"),
        ("1991-12-25", "Soviet Union"),
        ("1991-12-26", "Russia"),
        ("2015-06-01", "Russia"),
        (None, "Russia"),  # undated: today's State
    ],
)
def test_a_shared_capital_speaks_for_the_state_of_the_articles_date(
    published: str | None, state: str, extract: Extract
) -> None:
    found = extract("Moscow rejected the proposal on Tuesday.", published)
    assert states(found) == {state}


@pytest.mark.parametrize(
    ("text", "published", "state"),
    [
        ("Bonn criticised the decision on Friday.", "1987-09-10", "West Germany"),
        ("Bonn criticised the decision on Friday.", "1995-09-10", "Germany"),
        ("Belgrade denied the report.", "1987-04-01", "Yugoslavia"),
        ("Belgrade denied the report.", "2010-04-01", "Serbia"),
        ("Prague welcomed the talks.", "1987-04-01", "Czechoslovakia"),
        ("Prague welcomed the talks.", "2010-04-01", "Czech Republic"),
        ("East Berlin protested against the ban.", None, "East Germany"),
    ],
)
def test_former_capitals(text: str, published: str | None, state: str, extract: Extract) -> None:
    assert states(extract(text, published)) == {state}


def test_a_capital_where_something_happens_is_a_place_of_todays_state(
    resources: Resources,
) -> None:
    gazetteer = resources.gazetteer
    bonn = gazetteer.entries[gazetteer.surface_index["Bonn"]]
    assert bonn.cls is ActorClass.PLACE
    assert bonn.state is not None and gazetteer.entries[bonn.state].name == "Germany"


def test_a_title_with_a_former_demonym_links_the_official(extract: Extract) -> None:
    found = extract("East German leader Erich Honecker arrived on Monday.", "1987-09-07")
    assert ("Erich Honecker", "leaderOf", "East Germany") in relations(found)


def test_a_dated_office_code_names_the_state_of_its_time(extract: Extract) -> None:
    """The event-coding dictionaries code Kohl's chancellorship "DEU" throughout: in 1987
    it was West Germany's, in 1995 Germany's."""
    text = "Chancellor Helmut Kohl said the government would not cut taxes."
    assert ("Helmut Kohl", "leaderOf", "West Germany") in relations(extract(text, "1987-01-20"))
    assert ("Helmut Kohl", "leaderOf", "Germany") in relations(extract(text, "1995-01-20"))


def test_a_code_two_former_states_continue_is_left_alone(resources: Resources) -> None:
    """Both Yemens became Yemen; only North Yemen's code carried on ("YEM")."""
    gazetteer = resources.gazetteer
    then = as_of(gazetteer, "1985-01-01")
    assert gazetteer.entries[then.alpha3["YEM"]].name == "North Yemen"
    assert gazetteer.entries[as_of(gazetteer, "1995-01-01").alpha3["YEM"]].name == "Yemen"


def test_dated_views_are_shared(resources: Resources) -> None:
    gazetteer = resources.gazetteer
    assert as_of(gazetteer, "1987-01-01") is as_of(gazetteer, "1987-06-30")
    assert as_of(gazetteer, "2020-01-01") is gazetteer
    assert as_of(gazetteer, "not a date") is gazetteer


@pytest.mark.parametrize(
    ("published", "state"),
    [("1987-03-02", "Soviet Union"), ("2015-03-02", "Russia"), (None, "Russia")],
)
def test_a_seat_of_power_speaks_for_the_state_of_its_date(
    published: str | None, state: str, extract: Extract
) -> None:
    found = extract("The Kremlin condemned the sanctions on Tuesday.", published)
    assert states(found) == {state}


def test_a_department_known_by_its_seat_belongs_to_the_state_of_its_date(
    extract: Extract,
) -> None:
    found = extract("The Bundesbank raised interest rates on Thursday.", "1987-01-22")
    governments = {a.label for a in found.actors if a.cls is ActorClass.GOVERNMENT}
    assert governments == {"West Germany central bank"}
