"""Relevance: a story or sentence that is not about politics or conflict yields no
political relation.

Company, market, sports and entertainment news names states, cities and people too, and
its verbs ("fought off a takeover", "won the match against France", "a supply contract
for Iraq") read like political acts. PETRARCH and Phoenix drop such stories with a discard
list; this module does the same with `lexicon/relevance.csv` (Phoenix's discards plus the
project's own business, sports and political cues) and weighs the off-topic cues of a
text against its political ones. Only event relations are dropped: who leads or works
for what, and where a place lies, are facts whatever the story is about.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from kg.config import ONTOLOGY_DIR
from kg.errors import OntologyError
from kg.model import Assertion
from kg.vocab import RELATIONS, ActorClass, Family

RELEVANCE_CSV = ONTOLOGY_DIR / "lexicon" / "relevance.csv"

# A story discard ("World Cup", "Wimbledon") says as much as three ordinary cues.
STORY_DISCARD_WEIGHT = 3
# A story is off topic when its off-topic cues reach this many and outweigh its political
# ones this many times over: a war story quoting an oil price stays political.
OFF_TOPIC_MINIMUM = 2
OFF_TOPIC_RATIO = 2.0
# Actors whose acts are political whatever words surround them.
POLITICAL_ACTORS = frozenset(
    {
        ActorClass.STATE,
        ActorClass.BLOC,
        ActorClass.ARMED_GROUP,
        ActorClass.GOVERNMENT,
        ActorClass.OFFICIAL,
    }
)


_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Phrases:
    """A compiled list of phrases, and what their first words are, so that a text's cues
    are counted by trying the pattern only where one of them starts.

    A match can start only at a word whose letters are a phrase's first word (or, for a
    phrase like `takeover*`, begin with it): a pattern of hundreds of alternatives tried
    at every place in a text cost a quarter of the extraction of a Reuters story."""

    pattern: re.Pattern[str]
    first_words: frozenset[str]
    prefixes: Mapping[str, tuple[str, ...]]
    """The first words of the phrases that are one word and end in `*`, by their first
    `shortest_prefix` letters."""
    shortest_prefix: int
    everywhere: bool = False
    """Some phrase starts with no word character: try the pattern everywhere."""

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text)

    def count(self, text: str, words: Words | None = None) -> int:
        """How many times the phrases occur in `text`, as `len(pattern.findall(text))`:
        from the left, none overlapping. `words`: `text_words(text)`, when known."""
        if self.everywhere:
            return len(self.pattern.findall(text))
        words = text_words(text) if words is None else words
        starts = list(words.unfolded)
        for word in self.first_words & words.at.keys():
            starts.extend(words.at[word])
        if self.prefixes:
            for word, places in words.at.items():
                candidates = self.prefixes.get(word[: self.shortest_prefix], ())
                if any(word.startswith(prefix) for prefix in candidates):
                    starts.extend(places)
        found, end = 0, 0
        for start in sorted(set(starts)):
            if start < end:
                continue
            match = self.pattern.match(text, start)
            if match is not None:
                found, end = found + 1, match.end()
        return found


@dataclass(frozen=True, slots=True)
class Words:
    """Where each word of a text starts: the runs of word characters, by their lower case."""

    at: Mapping[str, list[int]]
    unfolded: list[int]
    """Runs with a letter outside ASCII, which IGNORECASE may fold otherwise than
    `str.lower` does (the Kelvin sign is a K): any phrase may start there."""


def text_words(text: str) -> Words:
    """The words of `text`, for `Phrases.count`."""
    at: dict[str, list[int]] = {}
    unfolded: list[int] = []
    for match in _WORD.finditer(text):
        word = match.group()
        if word.isascii():
            at.setdefault(word.lower(), []).append(match.start())
        else:
            unfolded.append(match.start())
    return Words(at, unfolded)


@dataclass(frozen=True, slots=True)
class RelevanceLexicon:
    """The compiled cues: political words, off-topic words, and Phoenix discards."""

    political: Phrases
    off_topic: Phrases
    sentence_discards: Phrases
    story_discards: Phrases


@dataclass(frozen=True, slots=True)
class Topicality:
    """How many political and off-topic cues a text holds (story discards weighted)."""

    political: int
    off_topic: int
    discarded: bool
    """A Phoenix discard phrase occurs: the text is about sports, entertainment, a
    disaster or history, whatever else it says."""


def _phrases(phrases: Iterable[str]) -> Phrases:
    """`_pattern` of the phrases, with their first words.

    >>> cues = _phrases(["takeover*", "air-strike*", "war", "united nations"])
    >>> cues.count("Takeovers, an air-strike, the United  Nations and an award at war")
    4
    """
    listed = [p for p in phrases if p.rstrip("*")]
    first_words: set[str] = set()
    prefixes: set[str] = set()
    for phrase in listed:
        head = _WORD.match(phrase)
        if head is None:  # none does today
            return Phrases(_pattern(listed), frozenset(), {}, 0, everywhere=True)
        if phrase.endswith("*") and head.end() == len(phrase) - 1:
            prefixes.add(head.group().lower())
        else:
            first_words.add(head.group().lower())
    shortest = min((len(p) for p in prefixes), default=0)
    by_start: dict[str, list[str]] = {}
    for prefix in sorted(prefixes):
        by_start.setdefault(prefix[:shortest], []).append(prefix)
    return Phrases(
        _pattern(listed),
        frozenset(first_words),
        {start: tuple(found) for start, found in by_start.items()},
        shortest,
    )


def _pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """One case-insensitive pattern of whole words; a trailing `*` matches any ending.

    >>> bool(_pattern(["takeover*"]).search("Takeovers rose")), bool(_pattern(["war"]).search("award"))
    (True, False)
    """
    alternatives = sorted(
        (
            re.escape(p.rstrip("*")).replace(r"\ ", r"\s+") + (r"\w*" if p.endswith("*") else "")
            for p in phrases
        ),
        key=len,
        reverse=True,
    )
    if not alternatives:
        return re.compile(r"(?!x)x")  # matches nothing
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])", re.IGNORECASE)


@cache
def load_relevance_lexicon(path: Path = RELEVANCE_CSV) -> RelevanceLexicon:
    """Read `relevance.csv` (`phrase,topic,scope,source`) into compiled patterns."""
    groups: dict[str, list[str]] = {"political": [], "cue": [], "sentence": [], "story": []}
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                phrase = row["phrase"].strip().lower()
                group = "political" if row["topic"].strip() == "political" else row["scope"]
                if phrase and group.strip() in groups:
                    groups[group.strip()].append(phrase)
    except (OSError, KeyError, UnicodeDecodeError, csv.Error) as exc:
        raise OntologyError(str(path), f"cannot read the relevance lexicon ({exc})") from exc
    return RelevanceLexicon(
        _phrases(groups["political"]),
        _phrases(groups["cue"]),
        _phrases(groups["sentence"]),
        _phrases(groups["story"]),
    )


def topicality(text: str, lexicon: RelevanceLexicon) -> Topicality:
    """Count the cues of `text`.

    >>> lexicon = load_relevance_lexicon()
    >>> topicality("Shares of Acme rose after the takeover bid.", lexicon)
    Topicality(political=0, off_topic=2, discarded=False)
    """
    words = text_words(text)
    story = lexicon.story_discards.count(text, words)
    sentence = lexicon.sentence_discards.count(text, words)
    return Topicality(
        lexicon.political.count(text, words),
        lexicon.off_topic.count(text, words) + STORY_DISCARD_WEIGHT * story + sentence,
        bool(story or sentence),
    )


class Verdict(StrEnum):
    """What a story is about, as far as its words tell."""

    POLITICAL = "political"
    OFF_TOPIC = "off-topic"
    UNKNOWN = "unknown"
    """Neither kind of cue: a short report ("Iran seized two British sailors") is
    judged by its actors instead (`POLITICAL_ACTORS`)."""


def story_verdict(text: str, lexicon: RelevanceLexicon) -> Verdict:
    """What a story (title and text) is about: off topic when its off-topic cues clearly
    outweigh its political ones; political when it has a political word; else unknown.

    >>> lexicon = load_relevance_lexicon()
    >>> story_verdict("Acme Corp said quarterly profits rose and it raised its dividend.", lexicon).value
    'off-topic'
    >>> story_verdict("Rebels attacked an army post; the government said 12 soldiers died.", lexicon).value
    'political'
    >>> story_verdict("Iran seized two British sailors.", lexicon).value
    'unknown'
    """
    found = topicality(text, lexicon)
    outweighed = (
        found.off_topic >= OFF_TOPIC_MINIMUM and found.off_topic > OFF_TOPIC_RATIO * found.political
    )
    if outweighed:
        return Verdict.OFF_TOPIC
    return Verdict.POLITICAL if found.political else Verdict.UNKNOWN


def is_political_story(text: str, lexicon: RelevanceLexicon) -> bool:
    """Whether a story's words make it political (an unknown story is not).

    >>> is_political_story("The league said the match was postponed.", load_relevance_lexicon())
    False
    """
    return story_verdict(text, lexicon) is Verdict.POLITICAL


def is_political_sentence(sentence: str, lexicon: RelevanceLexicon) -> bool:
    """Whether one sentence of a political story may yield political relations: not if it
    holds a discard phrase or an off-topic cue and no political word.

    >>> lexicon = load_relevance_lexicon()
    >>> is_political_sentence("Last year, Mercer fought off a takeover attempt by Goldsmith.", lexicon)
    False
    >>> is_political_sentence("Iraqi troops fought off the Iranians.", lexicon)
    True
    """
    found = topicality(sentence, lexicon)
    return found.political > 0 or found.off_topic == 0


def is_event(assertion: Assertion) -> bool:
    """Whether an assertion is a political act (not a structural fact such as `leaderOf`,
    `officialOf`, `affiliatedWith`, `memberOf`, `locatedIn` or `borders`)."""
    return RELATIONS[assertion.relation].family is not Family.STRUCTURAL


def relevant_assertions(
    assertions: Iterable[Assertion],
    story: str,
    lexicon: RelevanceLexicon,
    classes: Mapping[str, ActorClass],
) -> list[Assertion]:
    """The assertions of one story that relevance keeps: every structural fact; the
    political acts of a political story read from a political sentence or between two
    political actors; and in a story whose words say nothing either way, the acts with a
    political actor at one end."""
    verdict = story_verdict(story, lexicon)
    sentences: dict[str, bool] = {}
    kept = []
    for assertion in assertions:
        if is_event(assertion):
            political_ends = [
                classes.get(key) in POLITICAL_ACTORS
                for key in (assertion.subject, assertion.object)
            ]
            if verdict is Verdict.OFF_TOPIC:
                continue
            if verdict is Verdict.UNKNOWN and not any(political_ends):
                continue
            sentence = assertion.evidence.sentence
            if sentence not in sentences:
                sentences[sentence] = is_political_sentence(sentence, lexicon)
            # "U.S. officials criticized the Australian proposal on prices": two states
            # acting on each other in a political story act politically
            if not sentences[sentence] and not all(political_ends):
                continue
        kept.append(assertion)
    return kept
