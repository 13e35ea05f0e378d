"""The trigger lexicon (`ontology/lexicon/triggers.csv`): which words signal which relation.

Beside the curated file, a derived one (`triggers_petrarch.csv`, built from the PETRARCH-2
verb dictionary by `scripts/build_petrarch_lexicons.py`) adds verbs the curated list lacks;
a word the curated file knows keeps only its curated rows, so a checked reading is never
joined by a dictionary one coded for other leads.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from spacy.tokens import Token

from kg.errors import OntologyError
from kg.vocab import ActorClass, Relation


@dataclass(frozen=True, slots=True)
class Trigger:
    """One lexicon row.

    A verb trigger takes its target from the direct object, or, when `preps` is set, from
    the objects of those prepositions. When `nouns` is set the verb only counts with one
    of those nouns as its object ("cut ties", "impose sanctions"), and the target hangs
    off the verb or that noun by one of `preps`. A noun trigger takes its subject from a
    possessive, compound or "by" phrase and its target from `preps`.
    """

    relation: Relation
    lemma: str
    pos: str
    nouns: frozenset[str]
    preps: frozenset[str]
    confidence: float
    inverse: bool = False
    """The prepositional object acts on the clause's subject ("Niger hosts troops from
    France": France deploysForcesTo Niger)."""
    subjects: frozenset[ActorClass] = frozenset()
    """When set, only actors of these classes can be the subject."""


Lexicon = dict[tuple[str, str], tuple[Trigger, ...]]


def singular(word: str) -> str:
    """A plain singular of an English noun, for matching only ("supplies" -> "supply",
    "arms" -> "arm", "talks" -> "talk"; "press", "status", "crisis" unchanged).

    >>> [singular(w) for w in ("supplies", "restrictions", "arms", "crisis", "talks", "taxes")]
    ['supply', 'restriction', 'arm', 'crisis', 'talk', 'tax']
    """
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@cache
def _singulars(nouns: frozenset[str]) -> frozenset[str]:
    return frozenset(singular(n) for n in nouns)


def names_noun(token: Token, nouns: frozenset[str]) -> bool:
    """Whether a word is one of a trigger's nouns, singular or plural, whatever lemma the
    tagger gave it: the lexicon lists some nouns in one number only ("restrictions",
    "supplies"), and the lemma of a plural is often the plural itself ("arms" -> "arm",
    a headline's "Supplies" -> "Supplies")."""
    if not nouns:
        return False
    forms = {token.lemma_.lower(), token.lower_}
    if forms & nouns:
        return True
    return any(singular(f) in _singulars(nouns) for f in forms)


DERIVED_SUFFIX = "_petrarch"
"""`triggers.csv` -> `triggers_petrarch.csv`: the derived rows read beside the curated."""


@cache
def load_triggers(path: Path) -> Lexicon:
    """Read the trigger lexicon, grouped by (lemma, "VERB" | "NOUN"), with the derived
    rows of its `_petrarch` sibling (when present) for the words it does not know."""
    curated = _read_triggers(path)
    derived_path = path.with_name(f"{path.stem}{DERIVED_SUFFIX}{path.suffix}")
    derived = _read_triggers(derived_path) if derived_path.is_file() else {}
    return {**derived, **curated}


def _read_triggers(path: Path) -> Lexicon:
    grouped: dict[tuple[str, str], list[Trigger]] = {}
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                try:
                    trigger = Trigger(
                        Relation(row["relation"].strip()),
                        row["lemma"].strip().lower(),
                        row["pos"].strip().upper(),
                        frozenset(n for n in row["noun"].split("|") if n),
                        frozenset(p for p in row["preps"].split("|") if p),
                        float(row["confidence"]),
                        (row.get("inverse") or "").strip().lower() in ("yes", "true", "1"),
                        frozenset(
                            ActorClass(c) for c in (row.get("subjects") or "").split("|") if c
                        ),
                    )
                except (KeyError, ValueError) as exc:
                    raise OntologyError(f"{path}:{line}", f"bad trigger row ({exc})") from exc
                grouped.setdefault((trigger.lemma, trigger.pos), []).append(trigger)
    except OSError as exc:
        raise OntologyError(str(path), f"cannot read trigger lexicon ({exc.strerror})") from exc
    return {key: tuple(rows) for key, rows in grouped.items()}
