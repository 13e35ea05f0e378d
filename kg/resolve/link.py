"""Join the actors of many articles into one node each.

Articles name the same actor differently; within an article `mentions` already joined
"Mr. Bazoum" to "Mohamed Bazoum". Here keys are joined across articles: a surname-only
person joins the one full name that ends with it, and each actor gets one class, its
preferred label and every other surface form.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from kg.model import Actor, ActorRef, Extraction
from kg.vocab import ActorClass

# When articles disagree on a class, the more specific reading wins.
_CLASS_PRIORITY = (
    ActorClass.STATE,
    ActorClass.BLOC,
    ActorClass.ARMED_GROUP,
    ActorClass.GOVERNMENT,
    ActorClass.OFFICIAL,
    ActorClass.ORGANIZATION,
    ActorClass.PERSON,
    ActorClass.PLACE,
)


def _surname_aliases(refs: dict[str, list[ActorRef]]) -> dict[str, str]:
    """Map "name:bazoum" to "name:mohamed-bazoum" where exactly one full name fits."""
    people = {ActorClass.PERSON, ActorClass.OFFICIAL}
    full: dict[str, set[str]] = defaultdict(set)
    for key, seen in refs.items():
        if key.startswith("name:") and "-" in key and any(r.cls in people for r in seen):
            full[key.rsplit("-", 1)[-1]].add(key)
    aliases: dict[str, str] = {}
    for key, seen in refs.items():
        if not key.startswith("name:") or "-" in key or not any(r.cls in people for r in seen):
            continue
        candidates = full.get(key.removeprefix("name:"), set())
        if len(candidates) == 1:
            aliases[key] = next(iter(candidates))
    return aliases


def link_actors(extractions: Iterable[Extraction]) -> tuple[dict[str, Actor], dict[str, str]]:
    """Resolve every article's actors to global actors.

    Returns the actors by key, and the map from each article-level key to its global key
    (identity for most keys).
    """
    refs: dict[str, list[ActorRef]] = defaultdict(list)
    for extraction in extractions:
        for ref in extraction.actors:
            refs[ref.key].append(ref)
    aliases = _surname_aliases(refs)
    grouped: dict[str, list[ActorRef]] = defaultdict(list)
    for key, seen in refs.items():
        grouped[aliases.get(key, key)].extend(seen)
    actors = {key: _merge(key, seen) for key, seen in grouped.items()}
    key_map = {key: aliases.get(key, key) for key in refs}
    return actors, key_map


def _merge(key: str, seen: list[ActorRef]) -> Actor:
    classes = {ref.cls for ref in seen}
    cls = next(c for c in _CLASS_PRIORITY if c in classes)
    labels = Counter(ref.label for ref in seen)
    own = [ref.label for ref in seen if ref.key == key] or list(labels)
    label = max(own, key=lambda lbl: (labels[lbl], len(lbl), lbl))
    forms = {form for ref in seen for form in ref.surface_forms} | {ref.label for ref in seen}
    wikidata = next((ref.wikidata for ref in seen if ref.wikidata), None)
    return Actor(key, cls, label, frozenset(forms - {label}), wikidata)
