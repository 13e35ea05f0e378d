"""Accusations in reported speech: "Blinken said Russia might exploit the crisis in Niger".

Some acts are criticisms of whoever does them (exploiting a crisis, meddling, interfering,
destabilising, violating a ceasefire). When a named speaker says an actor does, did or
might do one, the speaker `condemns` that actor, whatever the act's own likelihood (the
hedge, "might", is graded on the record by `hedges.py`). The verbs, and the objects some
need ("exploit the crisis", not "exploit oil fields"), are `lexicon/accusations.csv`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from spacy.tokens import Token

from kg.config import ONTOLOGY_DIR
from kg.errors import OntologyError
from kg.extract.arguments import Context, Salience, actors_at, is_passive, subjects_of
from kg.extract.modality import REPORTING, chain_up, is_negated, speaker_tokens

DEFAULT_PATH = ONTOLOGY_DIR / "lexicon" / "accusations.csv"


@dataclass(frozen=True, slots=True)
class Accusation:
    """One row: the verb, the objects it needs (empty: any), and the record's confidence."""

    verb: str
    objects: frozenset[str]
    confidence: float


@cache
def load_accusations(path: Path = DEFAULT_PATH) -> dict[str, Accusation]:
    """Read the lexicon once per process, by verb lemma.

    >>> load_accusations()["meddle"].objects
    frozenset()
    """
    rows: dict[str, Accusation] = {}
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            for line, raw in enumerate(csv.DictReader(handle), start=2):
                try:
                    verb = raw["verb"].strip().lower()
                    objects = frozenset(w for w in raw["objects"].lower().split("|") if w)
                    rows[verb] = Accusation(verb, objects, float(raw["confidence"]))
                except (KeyError, ValueError, AttributeError) as exc:
                    raise OntologyError(f"{path}:{line}", f"bad accusation row ({exc})") from exc
    except OSError as exc:
        raise OntologyError(str(path), f"cannot read accusations ({exc.strerror})") from exc
    return rows


def saying_verb(token: Token) -> Token | None:
    """The verb of saying whose content the act is ("Blinken said Russia might exploit"),
    found up the clause chain only: a speaker elsewhere in the sentence says something else."""
    for i, node in enumerate(chain_up(token, limit=3)):
        if i > 0 and node.lemma_ in REPORTING and node.pos_ in ("VERB", "AUX"):
            return None if is_negated(node) else node
    return None


def fits_objects(verb: Token, row: Accusation) -> bool:
    """Whether the act's object is one the row needs ("exploit the crisis")."""
    if not row.objects:
        return True
    return any(c.dep_ == "dobj" and c.lemma_.lower() in row.objects for c in verb.children)


def accusations(token: Token, ctx: Context, salience: Salience) -> Iterator[tuple[str, str, float]]:
    """(speaker, accused, confidence) for an accusing act said by a named actor."""
    row = load_accusations().get(token.lemma_.lower())
    if row is None or token.pos_ != "VERB" or is_passive(token) or is_negated(token):
        return
    if not fits_objects(token, row):
        return
    verb = saying_verb(token)
    if verb is None:
        return
    speakers = [k for head in speaker_tokens(verb) for k in actors_at(head, ctx)]
    if not speakers:
        return
    accused, via_pronoun = subjects_of(token, ctx, salience)
    if via_pronoun:
        return  # "X said it might exploit": whose "it" is too loose to accuse anyone
    for speaker in dict.fromkeys(speakers):
        for target in dict.fromkeys(accused):
            if target != speaker:
                yield speaker, target, row.confidence
