"""Pronouns and definite descriptions resolved to the article's named actors, when clear.

"He said", "the president said", "the rebels attacked", "the ministry announced": each is a
mention of an actor named earlier in the article, and without it the act has no actor. A
reference is resolved only when one actor fits; when two could, it stays unresolved, since
a wrong actor is worse than a missing one:

- a personal pronoun (he, him, she, her; not a possessive) takes the one person named in
  its sentence before it, else in the sentence before, else the one before that;
- "the <title>" ("the president", "the prime minister") takes the one person the article
  gave that title to before it;
- "the <group word>" ("the rebels", "the militants", "the junta") takes the one armed group
  or regime named before it whose name has that word, else the article's one armed group;
- "the ministry", "the bloc", "the alliance" take the one such body named before.

"The country" and "the bloc's" are resolved where they are read (`ArticleActors`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from kg.resolve.actors import Collector, Mention
from kg.vocab import ActorClass

PERSONAL_PRONOUNS = frozenset({"he", "him", "she", "her"})
_PEOPLE = frozenset({ActorClass.PERSON, ActorClass.OFFICIAL})
_SENTENCES_BACK = 2
GROUP_WORDS: dict[str, frozenset[ActorClass]] = {
    word: frozenset({ActorClass.ARMED_GROUP})
    for word in (
        "rebels",
        "rebel",
        "militants",
        "militia",
        "militias",
        "guerrillas",
        "guerrilla",
        "insurgents",
        "separatists",
        "extremists",
        "jihadists",
        "militiamen",
        "fighters",
        "paramilitaries",
    )
} | {
    "junta": frozenset({ActorClass.GOVERNMENT}),
    "regime": frozenset({ActorClass.GOVERNMENT}),
    "ministry": frozenset({ActorClass.GOVERNMENT}),
    "bloc": frozenset({ActorClass.BLOC}),
    "alliance": frozenset({ActorClass.BLOC}),
}
"""A definite description's head word -> the classes of the actor it can name."""


@dataclass(frozen=True, slots=True)
class Named:
    """An actor as the resolver sees it: where it is named, its class, its name, its titles."""

    mention: Mention
    cls: ActorClass
    titles: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Anaphor:
    """A span of the article that refers to the actor `key`."""

    start: int
    end: int
    key: str
    text: str


def add_anaphora(
    doc: Doc,
    collector: Collector,
    titles: Mapping[str, Iterable[str]],
    classes: Mapping[str, ActorClass],
) -> int:
    """Record the article's resolved pronouns and descriptions as mentions of their actors
    (not as names of them); `titles` are the titles the article gives each person, `classes`
    the class it gives an actor where the collector's own is not the last word. Returns how
    many were added."""
    named = [
        Named(m, classes.get(m.key, collector.classes[m.key]), frozenset(titles.get(m.key, ())))
        for m in collector.result.mentions
        if not m.demonym and m.key in collector.classes
    ]
    added = 0
    for anaphor in resolve_anaphora(doc, named, collector.result.token_actor):
        added += collector.add(
            (anaphor.start, anaphor.end, anaphor.text),
            anaphor.key,
            collector.classes[anaphor.key],
            record_form=False,
        )
    return added


def resolve_anaphora(doc: Doc, named: Sequence[Named], taken: Iterable[int]) -> list[Anaphor]:
    """The pronouns and definite descriptions of `doc` that name one actor of `named`.

    `taken` are the token indices that already belong to a mention.
    """
    busy = set(taken)
    ordered = sorted(named, key=lambda n: n.mention.start)
    found = []
    for token in doc:
        if token.i in busy:
            continue
        anaphor = _pronoun(token, ordered) or _description(token, ordered)
        if anaphor is not None:
            found.append(anaphor)
    return found


def _before(named: Sequence[Named], index: int) -> Iterator[Named]:
    return (n for n in named if n.mention.end <= index)


def _pronoun(token: Token, named: Sequence[Named]) -> Anaphor | None:
    if token.lower_ not in PERSONAL_PRONOUNS or token.pos_ != "PRON" or token.dep_ == "poss":
        return None  # "his government": the person is not the government
    doc = token.doc
    sentences = list(doc.sents)
    here = next(i for i, s in enumerate(sentences) if s.start <= token.i < s.end)
    people = [n for n in _before(named, token.i) if n.cls in _PEOPLE]
    for back in range(_SENTENCES_BACK + 1):
        if here - back < 0:
            break
        sentence = sentences[here - back]
        keys = {n.mention.key for n in people if sentence.start <= n.mention.start < sentence.end}
        if keys:
            return _one(keys, token.i, token.i + 1, token.text)
    return None


def _description(token: Token, named: Sequence[Named]) -> Anaphor | None:
    if token.pos_ not in ("NOUN", "PROPN"):
        return None
    det = [c for c in token.children if c.dep_ == "det" and c.lower_ == "the"]
    if not det:
        return None
    doc = token.doc
    start = det[0].i + 1
    if any(doc[i].dep_ not in ("amod", "compound") for i in range(start, token.i)):
        return None  # "the country's president"
    phrase = " ".join(t.lower_ for t in doc[start : token.i + 1])
    earlier = list(_before(named, start))
    people = {n.mention.key for n in earlier if phrase in n.titles}
    if people:
        return _one(people, start, token.i + 1, doc[start : token.i + 1].text)
    classes = GROUP_WORDS.get(token.lower_)
    if classes is None or start < token.i:
        return None  # "the French president", "the Tamil rebels": a modifier says whose
    fits = [n for n in earlier if n.cls in classes]
    by_word = {n.mention.key for n in fits if token.lower_ in n.mention.text.lower().split()}
    if by_word:
        return _one(by_word, token.i, token.i + 1, token.text)
    if classes == {ActorClass.ARMED_GROUP}:
        return _one({n.mention.key for n in fits}, token.i, token.i + 1, token.text)
    return None


def _one(keys: set[str], start: int, end: int, text: str) -> Anaphor | None:
    return Anaphor(start, end, next(iter(keys)), text) if len(keys) == 1 else None
