"""The words around a name type it: a place noun makes a place, an organisation's last
word after a State's name makes one organisation, "the capital of X" is the place X. The
texts are made up; the model parses them."""

from __future__ import annotations

import pytest
from spacy.language import Language

from kg.extract import Resources, extract_outcome
from kg.vocab import ActorClass
from tests.conftest import make_article


def _actors(nlp: Language, resources: Resources, text: str) -> dict[str, ActorClass]:
    outcome = extract_outcome(nlp(text), make_article(text), resources)
    return {a.label: a.cls for a in outcome.extraction.actors}


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("A Libyan force was abandoning the oasis of Faya-Largeau on Monday.", "Faya-Largeau"),
        (
            "Soldiers were attacked around Misamis Occidental and Davao del Sur provinces.",
            "Misamis Occidental",
        ),
    ],
)
def test_a_place_noun_makes_the_name_a_place(
    nlp: Language, resources: Resources, text: str, place: str
) -> None:
    assert _actors(nlp, resources, text).get(place) is ActorClass.PLACE


@pytest.mark.parametrize(
    "name", ["Japan Socialist Party", "Japan Chamber of Commerce and Industry", "Tehran Radio"]
)
def test_a_states_name_may_open_an_organizations(
    nlp: Language, resources: Resources, name: str
) -> None:
    text = f"The {name} said on Monday that the plan would fail."
    assert _actors(nlp, resources, text).get(name) is ActorClass.ORGANIZATION


@pytest.mark.parametrize("noun", ["siege", "shelling", "fall"])
def test_a_capital_besieged_is_a_place(nlp: Language, resources: Resources, noun: str) -> None:
    text = f"A Bosnian Serb general accused of organising the {noun} of Sarajevo pleads not guilty."
    actors = _actors(nlp, resources, text)
    assert actors.get("Sarajevo") is ActorClass.PLACE
    assert "Bosnia and Herzegovina" not in actors


def test_the_capital_of_a_state_is_a_place(nlp: Language, resources: Resources) -> None:
    text = "Sand storms have closed the capital of N'Djamena to flights, Chad said."
    actors = _actors(nlp, resources, text)
    assert actors.get("N'Djamena") is ActorClass.PLACE
    assert actors.get("Chad") is ActorClass.STATE


def test_a_digest_opens_its_paragraphs_with_datelines(nlp: Language, resources: Resources) -> None:
    text = (
        "WASHINGTON - The president ordered a review.\n\n"
        "BEIRUT - Syria intervened to halt the fighting.\n\n"
        "UPDATE - The fighting stopped."
    )
    actors = _actors(nlp, resources, text)
    assert actors.get("Beirut") is ActorClass.PLACE
    assert "Update" not in actors


def test_given_names_before_a_known_surname_name_another_person(
    nlp: Language, resources: Resources
) -> None:
    text = "The government welcomed charges against militant cleric Abu Bakar Bashir on Monday."
    actors = _actors(nlp, resources, text)
    assert actors.get("Abu Bakar Bashir") is ActorClass.PERSON
    assert "Omar al-Bashir" not in actors


def test_an_honorific_makes_a_person(nlp: Language, resources: Resources) -> None:
    text = "The tapes address her sometimes bizarre relationship with Prince Charles."
    assert _actors(nlp, resources, text).get("Prince Charles") is ActorClass.PERSON


def test_the_island_of_a_name_is_a_place(nlp: Language, resources: Resources) -> None:
    text = "Whisky is treated with almost religious reverence on the Hebridean island of Islay."
    assert _actors(nlp, resources, text).get("Islay") is ActorClass.PLACE


def test_a_lead_credit_before_a_dateline_is_no_headline(
    nlp: Language, resources: Resources
) -> None:
    text = (
        "Tow ending for sub (Canadian Press)\n\n"
        "Canadian Press - HALIFAX (CP) - As preparations began, the submarine was towed."
    )
    assert _actors(nlp, resources, text).get("Canadian Press") is ActorClass.ORGANIZATION


def test_a_capitalised_sentence_ending_a_line_is_no_headline(
    nlp: Language, resources: Resources
) -> None:
    text = (
        "Talks are due to begin in Moscow on Wednesday.\n"
        "Economy Minister Youssri Mustapha, who leaves for Moscow on Tuesday, met President "
        "Hosni Mubarak and Egyptian ambassador to Moscow Salah Bassiouni to discuss it.\n"
        "Cairo stopped repaying Moscow in 1977 when then-president Anwar Sadat broke with it."
    )
    actors = _actors(nlp, resources, text)
    assert {"Youssri Mustapha", "Salah Bassiouni"} <= set(actors)
    assert "Moscow Salah Bassiouni" not in actors


@pytest.mark.parametrize(
    ("text", "short", "full"),
    [
        (
            "The European Community was set to meet. The near-bankrupt Community's finances "
            "were discussed by ministers.",
            "Community",
            "European Community",
        ),
        (
            "A Libyan force was abandoning the oasis of Faya-Largeau on Monday. Fighting "
            "went on around Faya, French military officials said.",
            "Faya",
            "Faya-Largeau",
        ),
    ],
)
def test_a_short_form_of_a_name_in_the_article_is_that_actor(
    nlp: Language, resources: Resources, text: str, short: str, full: str
) -> None:
    outcome = extract_outcome(nlp(text), make_article(text), resources)
    actor = next(a for a in outcome.extraction.actors if a.label == full)
    assert short in actor.surface_forms
    assert short not in {a.label for a in outcome.extraction.actors}


@pytest.mark.parametrize(
    ("text", "body"),
    [
        (
            "Talks were held with Glen Fukushima, director of the Japan office of the U.S. "
            "Trade Representative's Office, on Thursday.",
            "U.S. Trade Representative's Office",
        ),
        (
            "An inspector general found the root cause of sexual assault at the Air Force "
            "Academy was its commanders' failure to act.",
            "Air Force Academy",
        ),
    ],
)
def test_an_officials_office_or_a_service_academy_is_a_government(
    nlp: Language, resources: Resources, text: str, body: str
) -> None:
    assert _actors(nlp, resources, text).get(body) is ActorClass.GOVERNMENT


def test_a_known_bodys_name_without_its_generic_last_word_is_that_body(
    nlp: Language, resources: Resources
) -> None:
    text = "The International Atomic Energy's 35-nation board of governors passed a resolution."
    outcome = extract_outcome(nlp(text), make_article(text), resources)
    (actor,) = outcome.extraction.actors
    assert (actor.label, actor.cls) == ("IAEA", ActorClass.BLOC)


@pytest.mark.parametrize(
    ("text", "name", "cls"),
    [
        (
            "Ministers met the chairman at the Infosys campus in Bangalore on Sunday.",
            "Bangalore",
            ActorClass.PLACE,
        ),
        (
            "Protests followed a helicopter crash in an Okinawa university campus.",
            "Okinawa",
            ActorClass.PLACE,
        ),
        (
            "A name likely to come up is Halliburton, the Texas company.",
            "Halliburton",
            ActorClass.ORGANIZATION,
        ),
    ],
)
def test_places_and_firms_of_world_news_are_known(
    nlp: Language, resources: Resources, text: str, name: str, cls: ActorClass
) -> None:
    assert _actors(nlp, resources, text).get(name) is cls
