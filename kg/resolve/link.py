"""Join the actors of many articles into one node each.

Articles name the same actor differently; within an article `mentions` already joined
"Mr. Bazoum" to "Mohamed Bazoum". Here keys are joined across articles: a surname-only
person joins the one full name that ends with it, and each actor gets one class, its
preferred label and every other surface form.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from difflib import SequenceMatcher

from kg.model import Actor, ActorRef, Extraction
from kg.vocab import ActorClass

# When articles disagree on a class, the reading most of them give wins; between readings
# given equally often, the more specific one.
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


_PEOPLE = frozenset({ActorClass.PERSON, ActorClass.OFFICIAL})


def _fold(word: str) -> str:
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().lower().strip(".")


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        root = self.parent.setdefault(key, key)
        if root != key:
            root = self.parent[key] = self.find(root)
        return root

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def _compatible_given(a: list[str], b: list[str]) -> bool:
    """ "J." fits "Antony J."; "Mohamed" fits "Mohamed"; "Ali" does not fit "Omar"."""
    if not a or not b:
        return True
    initials_a = {w[0] for w in a}
    if all(len(w) == 1 for w in a):
        return bool(initials_a & {w[0] for w in b}) or len(a) == 1
    if all(len(w) == 1 for w in b):
        return _compatible_given(b, a)
    return a[0] == b[0]


def _person_aliases(refs: dict[str, list[ActorRef]]) -> dict[str, str]:
    """Join the spellings of one person across articles.

    "Bazoum" joins the one full name ending in it; "J. Blinken" joins "Antony Blinken";
    "Abdourahmane Tiani" joins "Abdourahmane Tchiani" (same given name, surnames alike).
    Candidates are blocked by surname and by given name, so the cost stays near linear.
    """
    names: dict[str, list[str]] = {}
    for key, seen in refs.items():
        if any(r.cls in _PEOPLE for r in seen):
            label = Counter(r.label for r in seen).most_common(1)[0][0]
            names[key] = [_fold(w) for w in label.split() if _fold(w)]
    uf = _UnionFind()
    by_surname: dict[str, list[str]] = defaultdict(list)
    by_given: dict[str, list[str]] = defaultdict(list)
    for key, words in names.items():
        if words:
            by_surname[words[-1]].append(key)
            if len(words) > 1 and len(words[0]) > 1:
                by_given[words[0]].append(key)
    for keys in by_surname.values():
        full = [k for k in keys if len(names[k]) > 1]
        for key in keys:
            given = names[key][:-1]
            fits = [k for k in full if k != key and _compatible_given(given, names[k][:-1])]
            if len(fits) == 1 or (fits and not given and len({uf.find(k) for k in fits}) == 1):
                uf.union(key, fits[0])
    for keys in by_given.values():
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                sa, sb = names[a][-1], names[b][-1]
                if sa != sb and sa[0] == sb[0] and SequenceMatcher(None, sa, sb).ratio() >= 0.8:
                    uf.union(a, b)
    groups: dict[str, list[str]] = defaultdict(list)
    for key in names:
        groups[uf.find(key)].append(key)
    aliases: dict[str, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        known = [k for k in members if not k.startswith("name:")]  # a gazetteer person wins
        canonical = (
            known[0]
            if len(known) == 1
            else max(members, key=lambda k: (len(refs[k]), len(names[k]), k))
        )
        if len(known) > 1:
            continue  # two known people: never merge them by spelling
        for member in members:
            if member != canonical:
                aliases[member] = canonical
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
    aliases = _person_aliases(refs)
    grouped: dict[str, list[ActorRef]] = defaultdict(list)
    for key, seen in refs.items():
        grouped[aliases.get(key, key)].extend(seen)
    actors = {key: _merge(key, seen) for key, seen in grouped.items()}
    key_map = {key: aliases.get(key, key) for key in refs}
    return actors, key_map


def choose_class(classes: Iterable[ActorClass]) -> ActorClass:
    """The class of an actor that articles read as `classes` (one per mention).

    A title anywhere makes a person an Official ("Mr. Bazoum" elsewhere is still the
    president); otherwise the majority wins, ties going to the more specific class.

    >>> choose_class([ActorClass.PLACE, ActorClass.PLACE, ActorClass.ORGANIZATION])
    <ActorClass.PLACE: 'Place'>
    >>> choose_class([ActorClass.PERSON, ActorClass.PERSON, ActorClass.OFFICIAL])
    <ActorClass.OFFICIAL: 'Official'>
    """
    votes = Counter(classes)
    if votes[ActorClass.OFFICIAL]:
        votes[ActorClass.OFFICIAL] += votes.pop(ActorClass.PERSON, 0)
    return max(votes, key=lambda c: (votes[c], -_CLASS_PRIORITY.index(c)))


def _merge(key: str, seen: list[ActorRef]) -> Actor:
    cls = choose_class(ref.cls for ref in seen)
    labels = Counter(ref.label for ref in seen)
    own = [ref.label for ref in seen if ref.key == key] or list(labels)
    if cls in _PEOPLE:  # a person is best named in full, without initials: "Antony Blinken"
        full = [lbl for lbl in labels if len(lbl.split()) > 1 and "." not in lbl]
        own = full or own
    label = max(own, key=lambda lbl: (labels[lbl], len(lbl), lbl))
    forms = {form for ref in seen for form in ref.surface_forms} | {ref.label for ref in seen}
    wikidata = next((ref.wikidata for ref in seen if ref.wikidata), None)
    return Actor(key, cls, label, frozenset(forms - {label}), wikidata)
