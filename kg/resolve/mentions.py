"""Turn a parsed article's entities into actor mentions with resolution keys.

The gazetteer ruler has already tagged known actors (its labels are `KG_<Class>`); here
the model's remaining PERSON/ORG/GPE/LOC entities are typed, governing bodies
("Niger's junta", "the French foreign ministry") are found, capitals are read as their
State when they act ("Washington said"), and surname-only mentions join the full name.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from kg.model import ActorRef
from kg.nlp.gazetteer import Gazetteer, slugify
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
    dominant_focus: bool = False
    focus_bloc: str | None = None
    """The Bloc the article names most: "the bloc's efforts" are its efforts."""
    """The focus State so dominates that "the country" and "the army" must be its."""
    person_keys: set[str] = field(default_factory=set)

    def mention_at(self, token: Token) -> str | None:
        return self.token_actor.get(token.i)

    def bloc_reference(self, token: Token) -> str | None:
        """ "the bloc's multiple efforts": a possessive "the bloc" is the most-named Bloc."""
        if token.lower_ != "bloc" or token.dep_ != "poss" or self.focus_bloc is None:
            return None
        return self.focus_bloc if any(c.lower_ == "the" for c in token.children) else None

    def country_reference(self, token: Token) -> str | None:
        """ "the country", "the nation": the State the article names most."""
        if not self.focus_state or token.lower_ not in ("country", "nation"):
            return None
        if any(c.lower_ in ("the", "its", "this") for c in token.children):
            return self.focus_state
        return None


_NOISE = re.compile(
    r"[\n@#/|*_=<>]|^[\d\s.,]+$|\b(jpg|png|adblock|cookie|reply|email)\b", re.IGNORECASE
)
_LEADING = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"\s*['’]s?$")
_STATE_MODIFIER_DEPS = frozenset({"poss", "compound", "amod", "nmod"})


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


class _Collector:
    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.result = ArticleActors()
        self.forms: dict[str, list[str]] = {}
        self.classes: dict[str, ActorClass] = {}
        self.labels: dict[str, str] = {}

    def add(
        self, span: Span | tuple[int, int, str], key: str, cls: ActorClass, *, demonym: bool = False
    ) -> bool:
        """Record a mention unless its tokens already belong to one; tell if it was added."""
        start, end, text = (span.start, span.end, span.text) if isinstance(span, Span) else span
        surface = clean_surface(text)
        if any(i in self.result.token_actor for i in range(start, end)):
            return False
        self.result.mentions.append(Mention(start, end, key, surface, demonym))
        for i in range(start, end):
            self.result.token_actor[i] = key
        self.classes.setdefault(key, cls)
        if not demonym:
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


def _gazetteer_class(label: str) -> ActorClass | None:
    if label.startswith(LABEL_PREFIX) and label not in (DEMONYM_LABEL, CAPITAL_LABEL):
        return ActorClass(label[len(LABEL_PREFIX) :])
    return None


_LOCATIVE_PREPS = frozenset(
    {
        "in",
        "at",
        "near",
        "into",
        "around",
        "outside",
        "across",
        "to",
        "through",
        "inside",
        "toward",
        "towards",
    }
)


_MOTION_VERBS = frozenset(
    {
        "visit",
        "tour",
        "enter",
        "reach",
        "leave",
        "fly",
        "travel",
        "return",
        "arrive",
        "evacuate",
        "shell",
        "bomb",
        "capture",
        "seize",
        "besiege",
        "surround",
        "storm",
        "flee",
    }
)


def _acts(span: Span) -> bool:
    """A capital speaks for its State ("Washington supported", "accords with Paris") unless
    it is where something happens ("in Niamey", "Niamey, Niger", "Washington-based")."""
    root = span.root
    doc = span.doc
    if root.dep_ == "pobj" and root.head.lower_ in _LOCATIVE_PREPS:
        return False
    if (
        root.dep_ == "pobj"
        and root.head.lower_ == "from"
        and root.head.head.lemma_
        in _MOTION_VERBS | {"flight", "trip", "journey", "come", "depart", "fly"}
    ):
        return False  # "a flight from Berlin"
    if root.dep_ in ("compound", "npadvmod", "appos"):
        return False
    if span.end < len(doc) and doc[span.end].text in ("-", "–"):  # "Washington-based"
        return False
    if (
        span.end + 1 < len(doc)
        and doc[span.end].text == ","
        and doc[span.end + 1].ent_type_ in (LABEL_PREFIX + ActorClass.STATE.value,)
    ):  # "Niamey, Niger"
        return False
    if root.dep_ == "dobj" and root.head.lemma_ in _MOTION_VERBS:  # "visited Niamey"
        return False
    return root.dep_ in ("nsubj", "nsubjpass", "poss", "dobj", "pobj", "conj", "agent")


def _person_name(text: str, honorifics: frozenset[str]) -> str:
    words = clean_surface(text).split()
    while words and words[0] in honorifics:
        words = words[1:]
    return " ".join(words)


def _focus_state(doc: Doc, gazetteer: Gazetteer) -> str | None:
    counts: Counter[str] = Counter()
    for ent in doc.ents:
        if ent.label_ == LABEL_PREFIX + ActorClass.STATE.value or ent.label_ == DEMONYM_LABEL:
            counts[ent.ent_id_] += 1
    if not counts:
        return None
    return max(counts, key=lambda k: (counts[k], k))


def _dominant(doc: Doc, focus: str | None) -> bool:
    """Whether one State so dominates the article that "the army" must be its army."""
    if focus is None:
        return False
    counts = Counter(
        e.ent_id_
        for e in doc.ents
        if e.label_ in (LABEL_PREFIX + ActorClass.STATE.value, DEMONYM_LABEL)
    )
    ranked = counts.most_common(2)
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    return counts[focus] >= 3 and counts[focus] >= 2 * runner_up


def _state_of(head: Token, collector: _Collector) -> tuple[str, int] | None:
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


def _government_mentions(doc: Doc, collector: _Collector, focus: str | None) -> None:
    gazetteer = collector.gazetteer
    matcher = _government_matcher(doc.vocab, gazetteer)
    dominant = _dominant(doc, focus)
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
            and _gazetteer_class(t.ent_type_) is not ActorClass.STATE
            for t in span
        ):
            continue
        owner = _state_of(span.root, collector)
        if owner is None:
            named = span[0].is_title and not pattern.is_regime
            if focus is None or not (pattern.is_regime or named or dominant):
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


_NOT_NAMES = frozenset(
    {
        "state",
        "states",
        "junta",
        "juntas",
        "coup",
        "coups",
        "government",
        "army",
        "troops",
        "president",
        "minister",
        "ministry",
        "military",
        "forces",
        "rebels",
        "jihadists",
        "senate",
        "parliament",
        "west",
        "east",
        "north",
        "south",
        "leaders",
        "officials",
        "advertisement",
        "share",
        "reuters",
        "photo",
        "file",
        "video",
        "read",
        "related",
        "defense",
        "defence",
        "security",
        "nations",
    }
)
_DANGLING = frozenset({"of", "for", "the", "and", "de", "du", "des", "la", "le"})
Candidate = tuple[int, int, str, str]
"""A model entity after repairs: token start, end, text, NER label."""


def _repair_spans(doc: Doc) -> list[Candidate]:
    """Mend model entities the gazetteer ruler cut short ("Volunteers for the Defense of"
    + "Niger") or took over ("Victoria" the capital + "Nuland" is a person)."""
    ents = list(doc.ents)
    repaired: list[Candidate] = []
    skip_until = -1
    for index, ent in enumerate(ents):
        if ent.start < skip_until:
            continue
        dash = next(
            (
                t.i
                for t in ent
                if t.text in ("-", "–", "—") and t.i > ent.start and doc[t.i - 1].whitespace_
            ),
            None,
        )
        if dash is not None:  # "NEW YORK - Tens of thousands": a dateline, then the story
            if ent.label_ in ("ORG", "PERSON", "GPE", "LOC"):
                repaired.append((ent.start, dash, doc[ent.start : dash].text, "GPE"))
            continue
        following = ents[index + 1] if index + 1 < len(ents) else None
        if (
            ent.label_ in ("ORG", "PERSON", "FAC", "GPE")
            and doc[ent.end - 1].lower_ in _DANGLING
            and following is not None
            and following.start == ent.end
        ):
            repaired.append(
                (ent.start, following.end, doc[ent.start : following.end].text, ent.label_)
            )
            skip_until = following.end
            continue
        if ent.label_ in (CAPITAL_LABEL, LABEL_PREFIX + ActorClass.PLACE.value) and ent.end < len(
            doc
        ):
            nxt = doc[ent.end]
            if (
                nxt.pos_ == "PROPN"
                and nxt.is_title
                and nxt.ent_type_ in ("", "PERSON")
                and not ent.text.isupper()
            ):
                end = ent.end + 1
                while (
                    end < len(doc)
                    and doc[end].pos_ == "PROPN"
                    and doc[end].is_title
                    and not doc[end].ent_type_
                ):
                    end += 1
                repaired.append((ent.start, end, doc[ent.start : end].text, "PERSON"))
                skip_until = end
                continue
        if (
            ent.label_ == DEMONYM_LABEL
            and following is not None
            and following.start == ent.end
            and following.label_ in ("ORG", "FAC")
        ):  # "Danish" + "Institute for International Studies"
            repaired.append((ent.start, following.end, doc[ent.start : following.end].text, "ORG"))
            skip_until = following.end
            continue
        repaired.append((ent.start, ent.end, ent.text, ent.label_))
    return [_as_place_if_named_so(doc, c) for c in repaired]


_PLACE_NOUNS = frozenset(
    {
        "village",
        "villages",
        "town",
        "towns",
        "city",
        "cities",
        "region",
        "regions",
        "province",
        "provinces",
        "district",
        "districts",
        "commune",
        "communes",
        "area",
        "department",
    }
)


def _as_place_if_named_so(doc: Doc, candidate: Candidate) -> Candidate:
    """ "between Boni and Torodi villages": a name that a place noun governs is a Place."""
    start, end, text, label = candidate
    if label not in ("PERSON", "ORG"):
        return candidate
    head = doc[start:end].root
    for token in (head.head, *(doc[i] for i in range(end, min(end + 3, len(doc))))):
        if token.lower_ in _PLACE_NOUNS and (
            token.i in (head.head.i, end) or token.head.i == head.head.i
        ):
            return (start, end, text, "GPE")
    return candidate


def resolve_mentions(doc: Doc, gazetteer: Gazetteer) -> tuple[_Collector, ArticleActors]:
    """Find every actor mention in `doc` and give each a resolution key."""
    collector = _Collector(gazetteer)
    focus = _focus_state(doc, gazetteer)
    collector.result.focus_state = focus
    collector.result.dominant_focus = _dominant(doc, focus)
    blocs = Counter(e.ent_id_ for e in doc.ents if e.label_ == LABEL_PREFIX + ActorClass.BLOC.value)
    collector.result.focus_bloc = max(blocs, key=lambda k: (blocs[k], k)) if blocs else None
    _government_mentions(doc, collector, focus)
    model: list[Candidate] = []
    for start, end, text, label in _repair_spans(doc):
        span = doc[start:end]
        cls = _gazetteer_class(label)
        if cls is not None:
            key = span.ent_id_ or doc[start].ent_id_
            if collector.add(span, key, cls) and cls is ActorClass.OFFICIAL:
                collector.result.person_keys.add(key)  # a known office holder
        elif label == DEMONYM_LABEL:
            collector.add(span, doc[start].ent_id_, ActorClass.STATE, demonym=True)
        elif label == CAPITAL_LABEL:
            if _acts(span):
                collector.add(span, gazetteer.capitals[doc[start].ent_id_], ActorClass.STATE)
            else:
                collector.add(span, doc[start].ent_id_, ActorClass.PLACE)
        elif label in ("PERSON", "ORG", "GPE", "LOC", "NORP"):
            model.append((start, end, text, label))
    model.extend(_unlabelled_people(doc, gazetteer))
    _add_model_entities(doc, model, collector)
    return collector, collector.result


def _unlabelled_people(doc: Doc, gazetteer: Gazetteer) -> list[Candidate]:
    """Names the model missed but a title vouches for: "Mucahid Durmaz, senior analyst at"."""
    found: list[Candidate] = []
    i = 0
    while i < len(doc):
        j = i
        while (
            j < len(doc)
            and j - i < 3
            and doc[j].pos_ == "PROPN"
            and doc[j].is_title
            and not doc[j].ent_type_
        ):
            j += 1
        if j - i >= 2 and (j == len(doc) or not (doc[j].pos_ == "PROPN" and doc[j].is_title)):
            after = doc[j + 1 : j + 5] if j < len(doc) and doc[j].text == "," else doc[j:j]
            words = [t.lower_ for t in after if t.lower_ not in ("a", "an", "the")]
            titled = any(" ".join(words[:n]) in gazetteer.roles for n in (1, 2, 3))
            if titled and (i == 0 or not doc[i - 1].is_title):
                found.append((i, j, doc[i:j].text, "PERSON"))
            i = j
        i += 1
    return found


def _headline_only(doc: Doc) -> set[int]:
    """Tokens of Title Case lines ("Sharon Pushes Gaza Plan") whose words recur nowhere else:
    the model reads capitalised headlines as names, so such names need support from the body."""
    body_words: set[str] = set()
    headline: list[Span] = []
    for sent in doc.sents:
        words = [t for t in sent if t.is_alpha and len(t) > 3]
        unpunctuated = sent[-1].text not in (".", "!", "?", "”", '"')
        capitalised = sum(t.is_title or t.is_upper for t in words) >= 0.7 * len(words)
        if len(words) >= 3 and unpunctuated and capitalised:
            headline.append(sent)
        else:
            body_words.update(t.text for t in sent)
    return {t.i for sent in headline for t in sent if t.text not in body_words}


def _not_a_name(span: Span, surface: str, gazetteer: Gazetteer, headline_only: set[int]) -> bool:
    """Layout and grammar accidents the model tags as names."""
    if not any(t.pos_ == "PROPN" for t in span):
        return True  # "Kidnappers", "Gunmen": common nouns
    if surface.isupper() and len(surface) > 4:
        return True  # "BAY NAVAL BASE", "NATIONS": shouted layout, datelines, fragments
    if surface.split()[-1].lower() in gazetteer.non_actor_words:
        return True  # "Athens Games", "Yom Kippur": events and documents
    return any(t.i in headline_only for t in span)


def _add_model_entities(doc: Doc, model: list[Candidate], collector: _Collector) -> None:
    gazetteer = collector.gazetteer
    headline_only = _headline_only(doc)
    persons: list[tuple[Candidate, str]] = []
    others: list[Candidate] = []
    for candidate in model:
        start, end, text, label = candidate
        surface = clean_surface(text)
        known = gazetteer.surface_index.get(surface) or gazetteer.folded_index.get(
            surface.casefold()
        )
        if known is not None:
            collector.add((start, end, text), known, gazetteer.entries[known].cls)
        elif state := _demonym_state(surface, gazetteer):
            # "the Palestinians reject ...", "Nigeriens": the people speak for their State
            collector.add((start, end, text), state, ActorClass.STATE, demonym=True)
        elif (
            label == "NORP"
            or is_noise(surface)
            or surface.casefold() in _NOT_NAMES
            or _not_a_name(doc[start:end], surface, gazetteer, headline_only)
        ):
            continue
        elif label == "PERSON":
            name = _person_name(text, gazetteer.honorifics)
            if name and not is_noise(name):
                persons.append((candidate, name))
        else:
            others.append(candidate)
    surnames = {name.split()[-1] for _, name in persons if len(name.split()) > 1}
    for candidate in others:
        start, end, text, label = candidate
        surface = clean_surface(text)
        if surface in surnames:  # "Bazoum" tagged ORG where "Mohamed Bazoum" is named
            persons.append((candidate, surface))
        else:
            kind = _organization_class(surface, gazetteer)
            if kind is None:
                kind = ActorClass.ORGANIZATION if label == "ORG" else ActorClass.PLACE
            collector.add((start, end, text), f"name:{slugify(surface)}", kind)
    _add_persons(persons, collector)


def _organization_class(name: str, gazetteer: Gazetteer) -> ActorClass | None:
    """Type a name the gazetteer does not know by the words in it ("... Militia",
    "14 North Strategies"); None when no word tells."""
    lowered = f" {name.lower()} "
    if name.lower() in gazetteer.institution_names:
        return ActorClass.GOVERNMENT  # "Supreme Court", "Federal Reserve"
    for keyword, cls in gazetteer.organization_kinds:
        if f" {keyword} " in lowered:
            return cls
    return None


def _demonym_state(surface: str, gazetteer: Gazetteer) -> str | None:
    """The State a demonym names, singular or plural ("Malian", "Nigeriens")."""
    for form in (surface, surface[:-1], surface[:-2]):
        if form and form in gazetteer.demonyms:
            return gazetteer.demonyms[form]
    return None


def _add_persons(persons: list[tuple[Candidate, str]], collector: _Collector) -> None:
    full_names = {name for _, name in persons if len(name.split()) > 1}
    by_surname: dict[str, set[str]] = {}
    for name in full_names:
        by_surname.setdefault(name.split()[-1], set()).add(name)
    known: dict[str, str] = {}  # surname of a gazetteer office holder named here -> key
    for key in collector.result.person_keys:
        entry = collector.gazetteer.entries.get(key)
        if entry is not None:
            known.setdefault(entry.name.split()[-1], key)
    for (start, end, text, _), name in sorted(persons, key=lambda p: p[0][0]):
        if len(name.split()) == 1 and name in known and name not in by_surname:
            collector.add((start, end, text), known[name], ActorClass.OFFICIAL)
            continue  # "Tchiani" after "Abdourahmane Tchiani" (a known office holder)
        candidates = by_surname.get(name, set()) if len(name.split()) == 1 else {name}
        canonical = next(iter(candidates)) if len(candidates) == 1 else name
        key = f"name:{slugify(canonical)}"
        if collector.add((start, end, text), key, ActorClass.PERSON):
            collector.forms.setdefault(key, []).append(canonical)
            collector.result.person_keys.add(key)
