"""The relevance test: off-topic stories and sentences give no political acts; structural
facts are kept whatever the story is about. Made-up texts, no model needed."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.relevance import (
    Verdict,
    is_political_sentence,
    load_relevance_lexicon,
    relevant_assertions,
    story_verdict,
)
from kg.model import Assertion, Evidence
from kg.vocab import ActorClass, Relation


@pytest.fixture(scope="module")
def lexicon():  # type: ignore[no-untyped-def]
    return load_relevance_lexicon()


def _assertion(subject: str, relation: Relation, obj: str, sentence: str) -> Assertion:
    return Assertion(subject, relation, obj, Evidence(sentence, 0, len(sentence), "test", 0.8))


CLASSES = {
    "acme": ActorClass.ORGANIZATION,
    "bolt": ActorClass.ORGANIZATION,
    "smith": ActorClass.PERSON,
    "ruritania": ActorClass.STATE,
    "freedonia": ActorClass.STATE,
}


@pytest.mark.parametrize(
    ("story", "verdict"),
    [
        (
            "Acme Corp fought off a takeover bid by Bolt Inc; its shares rose and the "
            "company raised its quarterly dividend.",
            Verdict.OFF_TOPIC,
        ),
        (
            "Coffee arrivals reached 155,000 bags and cocoa futures fell as traders "
            "expect a larger harvest.",
            Verdict.OFF_TOPIC,
        ),
        (
            "The home side won the league match 3-1 and the coach praised his players "
            "before the championship.",
            Verdict.OFF_TOPIC,
        ),
        ("Ruritania beat Freedonia in the World Cup final.", Verdict.OFF_TOPIC),
        (
            "Rebels attacked an army post near the border; the government said troops "
            "killed 12 militants.",
            Verdict.POLITICAL,
        ),
        (
            "The foreign minister said sanctions would stay until the junta frees the "
            "president, despite the cost to oil exports.",
            Verdict.POLITICAL,
        ),
        ("Ruritania seized two Freedonian sailors.", Verdict.UNKNOWN),
    ],
)
def test_story_verdict(lexicon, story: str, verdict: Verdict) -> None:  # type: ignore[no-untyped-def]
    assert story_verdict(story, lexicon) is verdict


@pytest.mark.parametrize(
    ("sentence", "political"),
    [
        ("Last year, Acme fought off a takeover attempt by Bolt.", False),
        ("Acme signed a supply contract with Freedonia's state railway.", False),
        ("Ruritanian troops fought off the Freedonian attack.", True),
        ("Ruritania met Freedonia in Geneva.", True),  # no cue either way: kept
    ],
)
def test_sentence_relevance(lexicon, sentence: str, political: bool) -> None:  # type: ignore[no-untyped-def]
    assert is_political_sentence(sentence, lexicon) is political


def test_off_topic_story_keeps_structure_only(lexicon) -> None:  # type: ignore[no-untyped-def]
    story = "Acme Corp said quarterly profits rose and shareholders get a higher dividend."
    attack = _assertion("acme", Relation.ATTACKS, "bolt", story)
    works_for = _assertion("smith", Relation.AFFILIATED_WITH, "acme", story)
    assert relevant_assertions([attack, works_for], story, lexicon, CLASSES) == [works_for]


def test_political_story_drops_acts_of_business_sentences(lexicon) -> None:  # type: ignore[no-untyped-def]
    war = "Ruritanian troops attacked Freedonian army positions, the government said."
    deal = "Acme later fought off a takeover bid by Bolt."
    story = f"{war} {deal} The war has killed 300 soldiers."
    kept = _assertion("ruritania", Relation.ATTACKS, "freedonia", war)
    dropped = _assertion("acme", Relation.ATTACKS, "bolt", deal)
    assert relevant_assertions([kept, dropped], story, lexicon, CLASSES) == [kept]


def test_unknown_story_keeps_acts_of_political_actors(lexicon) -> None:  # type: ignore[no-untyped-def]
    story = "Ruritania seized two Freedonian sailors. Smith met Acme."
    states = _assertion("ruritania", Relation.DETAINS, "freedonia", story)
    people = _assertion("smith", Relation.MEETS_WITH, "acme", story)
    assert relevant_assertions([states, people], story, lexicon, CLASSES) == [states]


def test_lexicon_is_editable(tmp_path: Path) -> None:
    table = tmp_path / "relevance.csv"
    table.write_text(
        "phrase,topic,scope,source\r\ncurling,sports,cue,kg\r\nstones,sports,cue,kg\r\n"
        "embassy,political,cue,kg\r\n",
        encoding="utf-8",
    )
    custom = load_relevance_lexicon(table)
    assert story_verdict("Curling stones were thrown.", custom) is Verdict.OFF_TOPIC
    assert story_verdict("The embassy closed.", custom) is Verdict.POLITICAL


def test_lexicon_keeps_phoenix_discards_but_not_dates(lexicon) -> None:  # type: ignore[no-untyped-def]
    assert lexicon.story_discards.search("He won at Wimbledon")
    assert not lexicon.sentence_discards.search("In 1987 the war resumed")


def test_states_act_politically_in_a_political_story(lexicon) -> None:  # type: ignore[no-untyped-def]
    talks = "The summit of government leaders opened; ministers spoke of the war."
    prices = "Ruritanian officials criticized the Freedonian proposal on farm prices."
    story = f"{talks} {prices}"
    criticism = _assertion("ruritania", Relation.CONDEMNS, "freedonia", prices)
    assert relevant_assertions([criticism], story, lexicon, CLASSES) == [criticism]


_FRAGMENTS = [
    "war",
    "wars",
    "warfare",
    "award",
    "takeover",
    "Takeovers",
    "air-strike",
    "air-strikes",
    "cease-fire",
    "ceasefire",
    "World Cup",
    "Wimbledon",
    "semi-final",
    "company's",
    "shares",
    "united nations",
    "UNITED  NATIONS",
    "\u212aill",
    "ſhares",
    "émigré",
    "_war",
    "war_",
    "-war",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_FRAGMENTS), max_size=12),
    st.lists(st.sampled_from([" ", "  ", "\n", "-", ", ", "'", "", "é"]), min_size=1),
)
def test_cues_are_counted_as_the_pattern_finds_them(  # type: ignore[no-untyped-def]
    lexicon, words: list[str], glue: list[str]
) -> None:
    text = "".join(word + glue[i % len(glue)] for i, word in enumerate(words))
    for phrases in (
        lexicon.political,
        lexicon.off_topic,
        lexicon.sentence_discards,
        lexicon.story_discards,
    ):
        assert phrases.count(text) == len(phrases.pattern.findall(text))
