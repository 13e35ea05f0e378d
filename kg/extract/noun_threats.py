"""Threats named by a noun phrase: "release Bazoum or face possible intervention by ECOWAS".

An act of force or coercion that someone faces or risks ("face sanctions by the EU", "risk
probable military intervention by the regional grouping", "under threat of attack by X")
is a threat by the act's agent (the "by" phrase, or a name modifying the noun) against
whoever faces it: the subject of the clause the "face"/"risk" belongs to, or the object of
a verb that tells them to ("told the junta to release Bazoum or face ..."). The words are
`lexicon/threat_nouns.csv`; the hedge on the noun ("possible", "probable") is read by
`hedges.py` like any other.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from spacy.tokens import Token

from kg.config import ONTOLOGY_DIR
from kg.errors import OntologyError
from kg.extract.arguments import MODIFIER_DEPS, Context, Salience, actors_at, subjects_of

DEFAULT_PATH = ONTOLOGY_DIR / "lexicon" / "threat_nouns.csv"
KINDS = frozenset({"act", "exposure", "frame"})
_MAX_CLIMB = 10
"""How far up the parse the facing clause's subject is looked for: far enough to cross a
misparse ("... as the deadline for releasing X approaches, or risk intervention by Y"
hangs the noun off "approaches"), short of a neighbouring sentence's worth of words."""
_TARGET_PREPS = frozenset({"on", "against"})
_CONTROL_DEPS = frozenset({"xcomp", "ccomp"})


@dataclass(frozen=True, slots=True)
class ThreatNouns:
    """Acts that can be threatened (lemma -> confidence), the words of facing them ("face",
    "risk", "under"), and the nouns that frame them ("the threat of", "the prospect of")."""

    acts: dict[str, float]
    exposures: frozenset[str]
    frames: frozenset[str]


@cache
def load_threat_nouns(path: Path = DEFAULT_PATH) -> ThreatNouns:
    """Read the lexicon once per process.

    >>> words = load_threat_nouns()
    >>> "intervention" in words.acts, "face" in words.exposures, "threat" in words.frames
    (True, True, True)
    """
    acts: dict[str, float] = {}
    exposures: set[str] = set()
    frames: set[str] = set()
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                word, kind = row["word"].strip().lower(), row["kind"].strip()
                if not word or kind not in KINDS:
                    raise OntologyError(f"{path}:{line}", f"need a word and a kind in {KINDS}")
                if kind == "act":
                    try:
                        acts[word] = float(row["confidence"])
                    except ValueError as exc:
                        raise OntologyError(f"{path}:{line}", "an act needs a confidence") from exc
                else:
                    (exposures if kind == "exposure" else frames).add(word)
    except OSError as exc:
        raise OntologyError(str(path), f"cannot read threat nouns ({exc.strerror})") from exc
    return ThreatNouns(acts, frozenset(exposures), frozenset(frames))


def exposure_word(act: Token, words: ThreatNouns) -> Token | None:
    """The word by which someone faces the act: "face" in "face sanctions", "face the
    threat of sanctions"; "under" in "under threat of attack"; None if nobody faces it."""
    node = act
    if node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.lemma_ in words.frames:
        node = node.head.head  # "the threat of sanctions": the frame is what is faced
    if node.dep_ == "dobj" and node.head.lemma_ in words.exposures and node.head.pos_ == "VERB":
        return node.head
    if node.dep_ == "pobj" and node.head.lower_ in words.exposures and node.head.pos_ == "ADP":
        return node.head
    for child in node.children:
        if child.i < node.i and child.dep_ in MODIFIER_DEPS and child.lemma_ in words.exposures:
            return child  # "or risk probable intervention": "risk" misread as a noun modifier
    return None


def threat_agents(act: Token, exposure: Token, ctx: Context) -> list[str]:
    """Who would carry out the act: "intervention by ECOWAS", "ECOWAS's intervention".

    The parser may hang the "by" phrase off the frame noun or the verb of facing ("faces
    the threat of strikes by Israel", "risk an invasion by Belarus"); neither is passive, so
    the agent there is still the act's."""
    heads = {act.i: act, exposure.i: exposure}
    if act.dep_ == "pobj" and act.head.lower_ == "of":
        heads[act.head.head.i] = act.head.head
    found = [
        k
        for head in heads.values()
        for c in head.children
        if c.dep_ in ("prep", "agent") and c.lower_ == "by"
        for p in c.children
        if p.dep_ == "pobj"
        for k in actors_at(p, ctx)
    ]
    if found:
        return list(dict.fromkeys(found))
    # a name, not a common noun: "military intervention" is no act of the country's army
    return [
        k
        for c in act.children
        if c.dep_ in ("poss", "compound", "nmod")
        and c.pos_ == "PROPN"
        and (k := ctx.actors.token_actor.get(c.i))
    ]


def names_own_target(act: Token, ctx: Context) -> bool:
    """ "risk an attack by X on Y": the act names whom it is aimed at, not who faces it."""
    return any(
        actors_at(p, ctx)
        for c in act.children
        if c.dep_ == "prep" and c.lower_ in _TARGET_PREPS
        for p in c.children
        if p.dep_ == "pobj"
    )


def _told(verb: Token, ctx: Context) -> list[str]:
    """Whom a verb of telling addresses: "told the junta", "calling on Khartoum"."""
    found = [k for c in verb.children if c.dep_ in ("dobj", "dative") for k in actors_at(c, ctx)]
    found += [
        k
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ == "on"
        for p in c.children
        if p.dep_ == "pobj"
        for k in actors_at(p, ctx)
    ]
    return found


def _facing_clause(exposure: Token, ctx: Context) -> tuple[Token | None, Token | None]:
    """The nearest clause up from the exposure word with a subject of its own, or the verb
    that tells someone to act or face it ("urged the junta to release Bazoum or face")."""
    node = exposure
    for _ in range(_MAX_CLIMB):
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in node.children):
            return node, None
        if node.dep_ in _CONTROL_DEPS and _told(node.head, ctx):
            return None, node.head
        if node.head.i == node.i:
            break
        node = node.head
    return None, None


def facing_parties(exposure: Token, ctx: Context, salience: Salience) -> tuple[list[str], bool]:
    """Who faces the act: the subject of the nearest clause with one, or whom the verb of
    telling addresses ("urged the junta to release Bazoum or face ...").

    The flag says a pronoun had to be resolved to find them.
    """
    clause, telling = _facing_clause(exposure, ctx)
    if telling is not None:
        return _told(telling, ctx), False
    return subjects_of(clause, ctx, salience) if clause is not None else ([], False)


def demanding_parties(exposure: Token, ctx: Context, salience: Salience) -> list[str]:
    """Who tells them to act or face it, when the act names no agent: "ECOWAS told the junta
    to release Bazoum or face sanctions", "a UN resolution calling on Khartoum to restore
    security or face possible sanctions" (the one demanding is the one threatening)."""
    _, telling = _facing_clause(exposure, ctx)
    if telling is None:
        return []
    found, via_pronoun = subjects_of(telling, ctx, salience)
    return [] if via_pronoun else found


def faces_threatened_act(verb: Token, ctx: Context, words: ThreatNouns) -> bool:
    """Whether `verb` is the "face"/"risk" of a threatened act with an agent: then the verb
    is no act between the two ("face intervention by ECOWAS" is no meeting with ECOWAS)."""
    if verb.lemma_.lower() not in words.exposures:
        return False
    acts = [
        a
        for obj in verb.children
        if obj.dep_ == "dobj"
        for a in (obj, *(p for c in obj.children if c.lower_ == "of" for p in c.children))
        if a.lemma_.lower() in words.acts
    ]
    return any(exposure_word(a, words) == verb and threat_agents(a, verb, ctx) for a in acts)
