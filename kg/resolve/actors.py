"""The actors of one article, where each is mentioned, and the collector that records them."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from kg.model import ActorRef
from kg.nlp.gazetteer import Gazetteer
from kg.nlp.load import CAPITAL_LABEL, DEMONYM_LABEL, LABEL_PREFIX
from kg.vocab import ActorClass


@dataclass(frozen=True, slots=True)
class Mention:
    """A token span of the article that names an actor."""

    start: int
    end: int
    key: str
    text: str
    demonym: bool = False


@dataclass(slots=True)
class ArticleActors:
    """The actors of one article and where each is mentioned."""

    actors: dict[str, ActorRef] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    token_actor: dict[int, str] = field(default_factory=dict)
    focus_state: str | None = None
    """The State the article names most."""
    dominant_focus: bool = False
    """The focus State so dominates that "the country" and "the army" must be its."""
    focus_bloc: str | None = None
    """The Bloc the article names most: "the bloc's efforts" are its efforts."""
    person_keys: set[str] = field(default_factory=set)
    group_leaders: dict[str, str] = field(default_factory=dict)
    """A coalition named by the State that leads it ("the Saudi-led coalition") -> that State."""

    def bloc_reference(self, token: Token) -> str | None:
        """ "the bloc's multiple efforts": a possessive "the bloc" is the most-named Bloc."""
        if token.lower_ != "bloc" or token.dep_ != "poss" or self.focus_bloc is None:
            return None
        return self.focus_bloc if any(c.lower_ == "the" for c in token.children) else None

    def named_by(self, token: Token) -> str | None:
        """The actor a word names: its own mention, or the State "the country" stands for."""
        return self.token_actor.get(token.i) or self.country_reference(token)

    def country_reference(self, token: Token) -> str | None:
        """ "the country", "the nation": the State the article names most."""
        if not self.focus_state or token.lower_ not in ("country", "nation"):
            return None
        if self.focus_state not in self.actors:
            # named only inside another actor's name ("Niger's junta"): no actor of the
            # article, so nothing the extractors could read "the country" as
            return None
        if not any(c.lower_ in ("the", "its", "this") for c in token.children):
            return None
        if self._named_beside(token, self.focus_state):
            # "condemned actions by Rwanda in the DRC and demanded the country withdraw
            # its troops in the DRC": the other State the sentence named before it
            return self._other_state_before(token, self.focus_state)
        return self.focus_state

    def _other_state_before(self, token: Token, key: str) -> str | None:
        """The one State other than `key` that the sentence names before a word, if one."""
        states = {
            other
            for t in token.sent
            if t.i < token.i
            and (other := self.token_actor.get(t.i)) not in (None, key)
            and (ref := self.actors.get(other)) is not None
            and ref.cls is ActorClass.STATE
        }
        return next(iter(states)) if len(states) == 1 else None

    def _named_beside(self, token: Token, key: str) -> bool:
        """Whether the clause of a word names `key` by a word of its own: "the country"
        there is another State than the one named beside it."""
        return any(t.i != token.i and self.token_actor.get(t.i) == key for t in token.head.subtree)


_NOISE = re.compile(
    r"[\n@#/|*_=<>]|^[\d\s.,]+$|\b(jpg|png|adblock|cookie|reply|email)\b", re.IGNORECASE
)
_LEADING = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"\s*['’]s?$")


def clean_surface(text: str) -> str:
    """Normalise a surface form: one line, no leading article, no possessive.

    >>> clean_surface("the Soufan Center's")
    'Soufan Center'
    """
    text = " ".join(text.split())
    text = _LEADING.sub("", text)
    return _POSSESSIVE.sub("", text).strip()


def is_noise(text: str) -> bool:
    """Tell layout debris and tokenisation accidents from names."""
    return (
        not text
        or not text[0].isupper()
        or sum(c.isalpha() for c in text) < 3
        or bool(_NOISE.search(text))
        or len(text) > 80
        or len(text.split()) > 8
    )


class Collector:
    """Records mentions as they are found, then freezes them into `ArticleActors`."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.result = ArticleActors()
        self.forms: dict[str, list[str]] = {}
        self.classes: dict[str, ActorClass] = {}
        self.labels: dict[str, str] = {}
        self.patrons: set[int] = set()
        """Tokens of a patron named inside another actor's name ("Iraq's U.S.-backed
        government"): they stay the patron's when the longer name is added over them."""

    def add(
        self,
        span: Span | tuple[int, int, str],
        key: str,
        cls: ActorClass,
        *,
        demonym: bool = False,
        record_form: bool = True,
    ) -> bool:
        """Record a mention unless its tokens already belong to one; tell if it was added.
        A demonym, or a description such as "the rebels" (`record_form=False`), refers to
        the actor without being one of its names."""
        start, end, text = (span.start, span.end, span.text) if isinstance(span, Span) else span
        surface = clean_surface(text)
        if any(i in self.result.token_actor and i not in self.patrons for i in range(start, end)):
            return False
        self.result.mentions.append(Mention(start, end, key, surface, demonym))
        for i in range(start, end):
            if i not in self.patrons:
                self.result.token_actor[i] = key
        self.classes.setdefault(key, cls)
        if record_form and not demonym:
            self.forms.setdefault(key, []).append(surface)
        return True

    def freeze(self, person_classes: dict[str, ActorClass]) -> ArticleActors:
        for key, cls in self.classes.items():
            forms = self.forms.get(key) or []
            entry = self.gazetteer.entries.get(key)
            label = self.labels.get(key) or (entry.name if entry else _best_label(forms))
            if not label:
                continue
            self.result.actors[key] = ActorRef(
                key=key,
                cls=person_classes.get(key, cls),
                label=label,
                surface_forms=tuple(sorted(set(forms))),
                wikidata=entry.wikidata if entry else None,
            )
        self.result.mentions.sort(key=lambda m: m.start)
        return self.result


def _best_label(forms: list[str]) -> str:
    if not forms:
        return ""
    counts = Counter(forms)
    return max(counts, key=lambda f: (len(f.split()), counts[f], len(f), f))


def gazetteer_class(label: str) -> ActorClass | None:
    if label.startswith(LABEL_PREFIX) and label not in (DEMONYM_LABEL, CAPITAL_LABEL):
        return ActorClass(label[len(LABEL_PREFIX) :])
    return None
