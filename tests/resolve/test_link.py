"""Actors of many articles -> one node each: person aliases, the class vote, labels and
the key map, on hand-made article actors."""

from __future__ import annotations

import pytest

from kg.model import ActorRef, Article, Extraction
from kg.resolve.link import choose_class, link_actors
from kg.vocab import ActorClass

PERSON, OFFICIAL = ActorClass.PERSON, ActorClass.OFFICIAL


def ref(
    key: str, cls: ActorClass, label: str, *forms: str, wikidata: str | None = None
) -> ActorRef:
    return ActorRef(key, cls, label, tuple(forms) or (label,), wikidata)


def articles(*actors: list[ActorRef]) -> list[Extraction]:
    """One extraction per list of actors, no assertions."""
    return [
        Extraction(Article(f"path:{i}.txt", "", f"{i}", f"{i}.txt"), tuple(refs), ())
        for i, refs in enumerate(actors)
    ]


def test_surname_joins_the_one_full_name() -> None:
    actors, key_map = link_actors(
        articles(
            [ref("gaz:mohamed-bazoum", OFFICIAL, "Mohamed Bazoum")],
            [ref("name:bazoum", PERSON, "Bazoum", "Mr. Bazoum")],
        )
    )
    assert key_map == {
        "gaz:mohamed-bazoum": "gaz:mohamed-bazoum",
        "name:bazoum": "gaz:mohamed-bazoum",
    }
    bazoum = actors["gaz:mohamed-bazoum"]
    assert (bazoum.cls, bazoum.label) == (OFFICIAL, "Mohamed Bazoum")
    assert bazoum.alt_labels == {"Bazoum", "Mr. Bazoum"}
    assert set(actors) == {"gaz:mohamed-bazoum"}


def test_initial_joins_the_given_name() -> None:
    _, key_map = link_actors(
        articles(
            [ref("name:antony-blinken", PERSON, "Antony Blinken")],
            [ref("name:a-blinken", PERSON, "A. Blinken")],
        )
    )
    assert key_map["name:a-blinken"] == "name:antony-blinken"


def test_surnames_spelled_alike_join_under_one_given_name() -> None:
    _, key_map = link_actors(
        articles(
            [ref("name:abdourahmane-tchiani", OFFICIAL, "Abdourahmane Tchiani")],
            [ref("name:abdourahmane-tiani", OFFICIAL, "Abdourahmane Tiani")],
        )
    )
    assert key_map["name:abdourahmane-tiani"] == key_map["name:abdourahmane-tchiani"]


@pytest.mark.parametrize(
    "people",
    [
        # "Diallo" could be either: no join
        [
            ("name:ali-diallo", "Ali Diallo"),
            ("name:omar-diallo", "Omar Diallo"),
            ("name:diallo", "Diallo"),
        ],
        # different given names: two people
        [("name:ali-diallo", "Ali Diallo"), ("name:omar-diallo", "Omar Diallo")],
    ],
)
def test_ambiguous_or_different_people_stay_apart(people: list[tuple[str, str]]) -> None:
    actors, key_map = link_actors(articles(*([ref(k, PERSON, label)] for k, label in people)))
    assert key_map == {k: k for k, _ in people}
    assert set(actors) == {k for k, _ in people}


def test_two_known_people_never_merge_by_spelling() -> None:
    _, key_map = link_actors(
        articles(
            [ref("gaz:ali-lamine-zeine", OFFICIAL, "Ali Lamine Zeine")],
            [ref("gaz:ali-zeine", OFFICIAL, "Ali Zeine")],
            [ref("name:zeine", PERSON, "Zeine")],
        )
    )
    assert key_map["gaz:ali-zeine"] == "gaz:ali-zeine"
    assert key_map["gaz:ali-lamine-zeine"] == "gaz:ali-lamine-zeine"


def test_same_key_from_many_articles_is_one_actor() -> None:
    # "U.S." in one article, "United States" in another: the gazetteer gave both one key
    actors, key_map = link_actors(
        articles(
            [ref("wd:Q30", ActorClass.STATE, "United States", "U.S.", wikidata="Q30")],
            [ref("wd:Q30", ActorClass.STATE, "United States", "United States", wikidata="Q30")],
            [ref("wd:Q1032", ActorClass.STATE, "Niger", wikidata="Q1032")],
        )
    )
    assert key_map == {"wd:Q30": "wd:Q30", "wd:Q1032": "wd:Q1032"}
    us = actors["wd:Q30"]
    assert (us.label, us.alt_labels, us.wikidata) == ("United States", {"U.S."}, "Q30")


def test_class_vote_across_articles() -> None:
    place, org = ActorClass.PLACE, ActorClass.ORGANIZATION
    actors, _ = link_actors(
        articles(
            [ref("name:tillia", place, "Tillia")],
            [ref("name:tillia", place, "Tillia")],
            [ref("name:tillia", org, "Tillia")],
        )
    )
    assert actors["name:tillia"].cls is place


@pytest.mark.parametrize(
    ("classes", "chosen"),
    [
        ([ActorClass.PLACE, ActorClass.PLACE, ActorClass.ORGANIZATION], ActorClass.PLACE),
        ([ActorClass.ORGANIZATION, ActorClass.PLACE], ActorClass.ORGANIZATION),  # tie: specific
        ([ActorClass.STATE, ActorClass.BLOC], ActorClass.STATE),
        ([PERSON, PERSON, PERSON, OFFICIAL], OFFICIAL),  # a title anywhere makes an Official
        ([ActorClass.ORGANIZATION, ActorClass.ORGANIZATION, PERSON, OFFICIAL], OFFICIAL),
    ],
)
def test_choose_class(classes: list[ActorClass], chosen: ActorClass) -> None:
    assert choose_class(classes) is chosen


def test_person_is_labelled_in_full_without_initials() -> None:
    actors, _ = link_actors(
        articles(
            [ref("name:antony-blinken", PERSON, "A. Blinken")],
            [ref("name:antony-blinken", PERSON, "A. Blinken")],
            [ref("name:antony-blinken", OFFICIAL, "Antony Blinken")],
        )
    )
    blinken = actors["name:antony-blinken"]
    assert (blinken.label, blinken.cls, blinken.alt_labels) == (
        "Antony Blinken",
        OFFICIAL,
        {"A. Blinken"},
    )
