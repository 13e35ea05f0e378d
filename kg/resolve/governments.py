"""Governing bodies named by a common noun: "Niger's junta", "the French foreign ministry".

A body belongs to the State that modifies it, else to the State the article names most
(its focus) when the text leaves no doubt.
"""

from __future__ import annotations

import re

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from kg.nlp.gazetteer import Gazetteer
from kg.nlp.load import DEMONYM_LABEL, LABEL_PREFIX
from kg.resolve.actors import Collector, gazetteer_class
from kg.resolve.names import state_mentions
from kg.text import slugify
from kg.vocab import ActorClass

_STATE_MODIFIER_DEPS = frozenset({"poss", "compound", "amod", "nmod"})


def focus_state(doc: Doc, gazetteer: Gazetteer) -> str | None:
    counts = state_mentions(doc)
    if not counts:
        return None
    return max(counts, key=lambda k: (counts[k], k))


def dominant(doc: Doc, focus: str | None) -> bool:
    """Whether one State so dominates the article that "the army" must be its army."""
    if focus is None:
        return False
    counts = state_mentions(doc)
    ranked = counts.most_common(2)
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    return counts[focus] >= 3 and counts[focus] >= 2 * runner_up


def _state_of(head: Token, collector: Collector) -> tuple[str, int] | None:
    """Find the State that owns a governing body: "Niger's", "Nigerien", "of Niger"."""
    states = collector.gazetteer.entries
    for child in head.children:
        key = collector.result.token_actor.get(child.i) or _ruler_key(child)
        if key and key in states and states[key].cls is ActorClass.STATE:
            if child.dep_ in _STATE_MODIFIER_DEPS:
                return key, min(t.i for t in child.subtree)
            if child.dep_ == "prep" and child.lower_ == "of":
                return key, head.i
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                key = _ruler_key(pobj)
                if key and key in states and states[key].cls is ActorClass.STATE:
                    return key, head.i
    return None


def _ruler_key(token: Token) -> str | None:
    if token.ent_id_ and token.ent_type_ in (
        LABEL_PREFIX + ActorClass.STATE.value,
        DEMONYM_LABEL,
    ):
        return token.ent_id_
    return None


def government_mentions(doc: Doc, collector: Collector, focus: str | None) -> None:
    gazetteer = collector.gazetteer
    matcher = _government_matcher(doc.vocab, gazetteer)
    dominant_focus = dominant(doc, focus)
    heads = {p.pattern for p in gazetteer.government_patterns if " " not in p.pattern}
    by_pattern = {p.pattern: p for p in gazetteer.government_patterns}
    taken: set[int] = set()
    matches = sorted(matcher(doc), key=lambda m: (m[1], -(m[2] - m[1])))
    for match_id, start, end in matches:
        if taken.intersection(range(start, end)):
            continue
        pattern = by_pattern[doc.vocab.strings[match_id]]
        span = doc[start:end]
        last = span[-1]
        if (
            (last.pos_ not in ("NOUN", "PROPN") and last.dep_ != "compound")
            or last.dep_ == "amod"
            or (end < len(doc) and doc[end].text in ("-", "–"))
        ):
            continue  # "military intervention", "army-backed": a modifier, not the body
        if last.dep_ == "compound" and last.head.i >= end and last.head.lower_ in heads:
            continue  # "junta authorities": the head noun names the same body
        if any(
            t.ent_type_.startswith(LABEL_PREFIX)
            and t.ent_type_ != DEMONYM_LABEL
            and gazetteer_class(t.ent_type_) is not ActorClass.STATE
            for t in span
        ):
            continue
        owner = _state_of(span.root, collector)
        if owner is None:
            named = span[0].is_title and not pattern.is_regime
            if focus is None or not (pattern.is_regime or named or dominant_focus):
                continue
            state, first = focus, start
        else:
            state, first = owner
        first = min(first, start)
        role = "regime" if pattern.is_regime else pattern.role
        key = f"gov:{state}:{slugify(role)}"
        state_name = gazetteer.entries[state].name
        if pattern.is_regime:
            label = (
                f"{state_name} junta"
                if _is_junta(pattern.pattern)
                else f"Government of {state_name}"
            )
            known = collector.labels.get(key)
            if known is None or known.startswith("Government of"):
                collector.labels[key] = label
        else:
            collector.labels[key] = f"{state_name} {role}"
        text = doc[first:end].text
        collector.add((first, end, text), key, ActorClass.GOVERNMENT)
        taken.update(range(first, end))


_MATCHERS: dict[tuple[int, int], PhraseMatcher] = {}


def _government_matcher(vocab: Vocab, gazetteer: Gazetteer) -> PhraseMatcher:
    """One phrase matcher per vocabulary and gazetteer, built on first use."""
    cache_key = (id(vocab), id(gazetteer))
    matcher = _MATCHERS.get(cache_key)
    if matcher is None:
        matcher = PhraseMatcher(vocab, attr="LOWER")
        for pattern in gazetteer.government_patterns:
            words = re.findall(r"[\w]+|[^\w\s]", pattern.pattern)
            matcher.add(pattern.pattern, [Doc(vocab, words=words)])
        _MATCHERS[cache_key] = matcher
    return matcher


def _is_junta(pattern: str) -> bool:
    return any(w in pattern for w in ("junta", "coup", "putsch", "mutin", "military"))
