"""Plausibility: an assertion whose ends contradict what the text or the gazetteers know is
dropped, and the screen every article's assertions pass (`screen_assertions`).

Each check is about the shape of the evidence, never about a particular name:

- two names joined by "and" are one firm or one list, not two parties to a tie
  ("Phillips and Drew" is a brokerage, "British and Commonwealth Shipping" a company);
- a known place lies in its own country only;
- one can detain people or groups, not a country's fortifications;
- a bloc's name inside a longer name is not the bloc ("the National Security Council" is
  not the UN Security Council).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from spacy.tokens import Doc

from kg.config import ONTOLOGY_DIR
from kg.errors import OntologyError
from kg.extract.registry import Reading
from kg.extract.relevance import load_relevance_lexicon, relevant_assertions
from kg.model import Article, Assertion
from kg.resolve.actors import Mention
from kg.vocab import ActorClass, Relation

PLAUSIBILITY_CSV = ONTOLOGY_DIR / "lexicon" / "plausibility.csv"

# Classes whose names a coordination may split from a firm's or a partnership's name.
_NAME_CLASSES = frozenset({ActorClass.PERSON, ActorClass.ORGANIZATION})
_PERSONAL_TIES = frozenset({Relation.AFFILIATED_WITH, Relation.OFFICIAL_OF, Relation.LEADER_OF})
_COORDINATORS = frozenset({"and", "&"})
_MODIFIERS = frozenset({"amod", "compound", "nmod", "poss"})
# Who can be detained: people and groups; a country only through its people.
_DETAINABLE = frozenset(
    {
        ActorClass.ARMED_GROUP,
        ActorClass.GOVERNMENT,
        ActorClass.OFFICIAL,
        ActorClass.PERSON,
        ActorClass.ORGANIZATION,
    }
)


@cache
def detainee_nouns(path: Path = PLAUSIBILITY_CSV) -> frozenset[str]:
    """Nouns for people and groups ("sailors", "diplomats"): "British sailors" can be
    detained, "Iranian fortifications" cannot (`plausibility.csv`, rule `detainee_noun`)."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return frozenset(
                row["word"].strip().lower()
                for row in csv.DictReader(handle)
                if row["rule"].strip() == "detainee_noun"
            )
    except (OSError, KeyError, UnicodeDecodeError, csv.Error) as exc:
        raise OntologyError(str(path), f"cannot read the plausibility lexicon ({exc})") from exc


def sentence_mentions(reading: Reading, assertion: Assertion, key: str) -> list[Mention]:
    """The mentions of `key` inside the assertion's evidence sentence."""
    doc, evidence = reading.doc, assertion.evidence
    return [
        m
        for m in reading.actors.mentions
        if m.key == key and evidence.start <= doc[m.start].idx < evidence.end
    ]


def _coordinated(doc: Doc, left: Mention, right: Mention) -> bool:
    """ "Phillips and Drew": two mentions with only "and" (or "&") between them."""
    first, second = (left, right) if left.start < right.start else (right, left)
    between = doc[first.end : second.start]
    return len(between) == 1 and between[0].lower_ in _COORDINATORS


def split_name(reading: Reading, assertion: Assertion) -> bool:
    """A tie between the two halves of one coordinated name: a demonym joined to the name
    of a firm or person ("British and Commonwealth Shipping"), or two such names joined
    into a firm's ("Phillips and Drew") given a personal tie between them."""
    subjects = sentence_mentions(reading, assertion, assertion.subject)
    objects = sentence_mentions(reading, assertion, assertion.object)
    pairs = [(s, o) for s in subjects for o in objects if _coordinated(reading.doc, s, o)]
    if not pairs or len(subjects) > 1 or len(objects) > 1:
        return False  # the ends also meet elsewhere in the sentence: leave it to them
    subject, obj = pairs[0]
    classes = reading.classes
    subject_class, object_class = classes.get(assertion.subject), classes.get(assertion.object)
    if subject.demonym or obj.demonym:
        # "U.S. and Japanese officials" are two states' people; "British and Commonwealth
        # Shipping" is one firm
        name_class = object_class if subject.demonym else subject_class
        return name_class in _NAME_CLASSES
    return (
        assertion.relation in _PERSONAL_TIES
        and subject_class in _NAME_CLASSES
        and object_class in _NAME_CLASSES
    )


def place_in_wrong_state(reading: Reading, assertion: Assertion) -> bool:
    """`locatedIn` a State other than the one the gazetteer puts the place in."""
    if assertion.relation is not Relation.LOCATED_IN:
        return False
    gazetteer = reading.resources.gazetteer
    entry = gazetteer.entries.get(assertion.subject)
    state = entry.state if entry is not None else None
    state = state or gazetteer.capitals.get(assertion.subject)
    return (
        state is not None
        and reading.classes.get(assertion.object) is ActorClass.STATE
        and state != assertion.object
    )


def undetainable(reading: Reading, assertion: Assertion) -> bool:
    """`detains` whose object is not a person or a group: a place, or a country named
    without its people ("seized Iranian fortifications", not "seized Iranian sailors")."""
    if assertion.relation is not Relation.DETAINS:
        return False
    if reading.classes.get(assertion.object) in _DETAINABLE:
        return False
    nouns = detainee_nouns()
    for mention in sentence_mentions(reading, assertion, assertion.object):
        root = reading.doc[mention.start : mention.end].root
        if root.dep_ not in _MODIFIERS:
            if mention.demonym:
                return False  # "arrested more than 100 Palestinians": the people themselves
            continue
        if root.head.lemma_.lower() in nouns or root.head.lower_ in nouns:
            return False
    return True


def bloc_name_fragment(reading: Reading, assertion: Assertion) -> bool:
    """An end that is a Bloc only by a fragment of a longer name: every mention of it in
    the sentence follows a capitalised word of the same name ("the National Security
    Council") or a demonym ("the Russian Security Council")."""
    doc = reading.doc
    for key in (assertion.subject, assertion.object):
        if reading.classes.get(key) is not ActorClass.BLOC:
            continue
        mentions = sentence_mentions(reading, assertion, key)
        if mentions and all(_follows_name_word(doc, reading, m) for m in mentions):
            return True
    return False


def _follows_name_word(doc: Doc, reading: Reading, mention: Mention) -> bool:
    if mention.start == 0 or doc[mention.start].is_sent_start:
        return False
    before = doc[mention.start - 1]
    in_demonym = any(m.demonym and m.start <= before.i < m.end for m in reading.actors.mentions)
    in_other = any(m.start <= before.i < m.end for m in reading.actors.mentions)
    name_word = (
        before.is_title
        and before.pos_ in ("PROPN", "ADJ")
        and before.ent_type_ not in ("DATE", "TIME")
        and not in_other
    )
    return in_demonym or name_word


def is_plausible(reading: Reading, assertion: Assertion) -> bool:
    """Whether nothing the text or the gazetteers know contradicts the assertion."""
    return not (
        split_name(reading, assertion)
        or place_in_wrong_state(reading, assertion)
        or undetainable(reading, assertion)
        or bloc_name_fragment(reading, assertion)
        or against_its_own_body(assertion)
    )


_STRUCTURAL = frozenset(
    {
        Relation.LEADER_OF,
        Relation.OFFICIAL_OF,
        Relation.AFFILIATED_WITH,
        Relation.MEMBER_OF,
        Relation.LOCATED_IN,
    }
)


def against_its_own_body(assertion: Assertion) -> bool:
    """A State acting on a governing body of its own, or one acting on its State ("U.S.
    warships shelled a platform and American special forces boarded another", "the
    Senate supports the U.S. role"): the parse ran the two together; a State is not said
    to attack, support or meet its own senate.

    >>> from kg.model import Evidence
    >>> evidence = Evidence("", 0, 0, "x", 0.5)
    >>> against_its_own_body(Assertion("wd:Q30", Relation.ATTACKS, "gov:wd:Q30:army", evidence))
    True
    >>> against_its_own_body(Assertion("gov:wd:Q30:army", Relation.ATTACKS, "wd:Q6", evidence))
    False
    """
    if assertion.relation in _STRUCTURAL:
        return False
    subject, target = assertion.subject, assertion.object
    return target.startswith(f"gov:{subject}:") or subject.startswith(f"gov:{target}:")


def screen_assertions(
    assertions: Iterable[Assertion], reading: Reading, article: Article
) -> list[Assertion]:
    """The assertions of one article that relevance (`kg.extract.relevance`) and
    plausibility keep, in their order."""
    title = article.title or ""
    # a record's title is usually the text's first line already (`kg.ingest.readers`)
    story = (
        article.text
        if article.text.casefold().startswith(title.casefold())
        else f"{title}\n\n{article.text}"
    )
    relevant = relevant_assertions(assertions, story, load_relevance_lexicon(), reading.classes)
    return [a for a in relevant if is_plausible(reading, a)]
