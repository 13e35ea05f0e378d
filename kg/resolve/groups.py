"""Armed groups and factions named by a modifier and a head noun.

"Houthi rebels", "Shan militia", "communist guerrillas", "Tamil separatists" are actors the
news names without a proper name: the modifier (an ethnic, religious, ideological, national
or place word) makes the phrase one group, while a bare head ("the rebels", "militants")
names no one. A modifier that is itself a known armed group ("Taliban militants", "SLA
rebels") makes the phrase that group. A coalition led by a State ("the Saudi-led
coalition", "U.S.-led forces" are not) is an alliance of states, so a Bloc.

The head and modifier words are in `ontology/lexicon/group_heads.csv`.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from kg.config import ONTOLOGY_DIR
from kg.errors import OntologyError
from kg.nlp.gazetteer import Gazetteer
from kg.nlp.load import CAPITAL_LABEL, DEMONYM_LABEL, LABEL_PREFIX
from kg.resolve.actors import Collector, gazetteer_class
from kg.text import slugify
from kg.vocab import ActorClass

_HYPHENS = frozenset({"-", "–"})
_LEXICON_KINDS = ("modifier", "generic", "kind", "head", "led_head")
"""The `kind` column of `group_heads.csv`: a typo there must not drop a word unnoticed."""
_BACKING = frozenset({"backed", "supported", "sponsored", "allied", "armed", "funded"})
_STOP_CLASSES = frozenset(
    {
        ActorClass.BLOC,
        ActorClass.GOVERNMENT,
        ActorClass.ORGANIZATION,
        ActorClass.OFFICIAL,
        ActorClass.PERSON,
    }
)


@dataclass(frozen=True, slots=True)
class GroupLexicon:
    """Head nouns that name a group (with the class they make) and the lower-case words
    that can tell one group from another."""

    heads: dict[str, ActorClass]
    led_heads: dict[str, ActorClass]
    modifiers: dict[str, str]
    """Lower case -> as written mid-sentence ("communist", "Moslem")."""
    generic: frozenset[str]
    """Words that describe a kind of fighter, not a group, even when capitalised: "Islamist
    insurgents" in a region are many groups, "suspected rebels" no particular one."""
    kinds: frozenset[str]
    """Words naming a kind of fighter ("paramilitary", "rebel") that may stand in a group's
    name ("right-wing paramilitary fighters") but do not tell one group by themselves."""


@dataclass(frozen=True, slots=True)
class GroupPhrase:
    """A modifier + head phrase: its tokens, the words of its label, and what it refers
    to when a modifier already names an actor."""

    start: int
    end: int
    words: tuple[str, ...]
    known: str | None = None
    leader: str | None = None


@cache
def load_group_lexicon(path: Path = ONTOLOGY_DIR / "lexicon" / "group_heads.csv") -> GroupLexicon:
    heads: dict[str, ActorClass] = {}
    led: dict[str, ActorClass] = {}
    modifiers: dict[str, str] = {}
    generic: set[str] = set()
    kinds: set[str] = set()
    if path.is_file():
        with path.open(encoding="utf-8", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                written, kind = row["word"].strip(), row["kind"].strip()
                if kind not in _LEXICON_KINDS:
                    raise OntologyError(f"{path}:{line}", f"kind {kind!r} not in {_LEXICON_KINDS}")
                word = written.lower()
                if kind == "modifier":
                    modifiers[word] = written
                elif kind == "generic":
                    generic.add(word)
                elif kind == "kind":
                    kinds.add(word)
                    modifiers[word] = written
                elif kind in ("head", "led_head"):
                    table = heads if kind == "head" else led
                    table[word] = ActorClass(row["class"].strip() or "ArmedGroup")
    return GroupLexicon(heads, led, modifiers, frozenset(generic), frozenset(kinds))


def _entity_class(token: Token) -> ActorClass | None:
    label = token.ent_type_
    if label in (DEMONYM_LABEL, CAPITAL_LABEL):
        return ActorClass.STATE
    return gazetteer_class(label) if label.startswith(LABEL_PREFIX) else None


def _unit_before(doc: Doc, end: int) -> tuple[int, str] | None:
    """The word ending just before token `end`, hyphenated compounds joined: "pro-Iranian",
    "left-wing", "Iranian-backed" are one modifier."""
    while end > 0 and doc[end - 1].is_space:
        end -= 1  # a wire story's line break inside the phrase
    start = end - 1
    if start < 0:
        return None
    while (
        start >= 2
        and doc[start - 1].text in _HYPHENS
        and not doc[start - 2].whitespace_
        and not doc[start - 1].whitespace_
    ):
        start -= 2
    return start, "".join(t.text_with_ws for t in doc[start:end]).strip()


def _is_modifier(doc: Doc, start: int, end: int, text: str, lexicon: GroupLexicon) -> bool:
    first = doc[start]
    if text.lower() in lexicon.modifiers:
        return True
    if text.lower() in lexicon.generic:
        return False
    if first.is_punct or first.like_num or first.pos_ in ("DET", "PRON", "ADP", "VERB", "AUX"):
        return False
    if any(c.isdigit() for c in text):
        return False  # "F-16 fighters": a weapon, not a group
    if first.ent_type_.startswith(LABEL_PREFIX):
        return True  # a name the gazetteer knows: "Kurdish", "Darfur", "Taliban"
    if in_headline(first):
        return False  # in a Title Case headline the model's names are guesses
    if first.ent_type_:
        return first.ent_type_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY")
    if not (first.is_title or first.is_upper):
        return False
    # a capitalised word opening a sentence is a name only if the parser says so
    return not first.is_sent_start or first.pos_ == "PROPN"


def in_headline(token: Token) -> bool:
    """Whether the token is in a line written in Title Case or capitals ("Saudi Denies
    Failure to Pursue Insurgents"), where capitals tell nothing about names."""
    words = [t for t in _line(token) if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.is_title or t.is_upper for t in words) >= 0.7 * len(words)


def _line(token: Token) -> Span:
    """The sentence of a token, cut at line breaks: a headline runs into the story when
    the parser joins them."""
    doc, sent = token.doc, token.sent
    start, end = token.i, token.i + 1
    while start > sent.start and "\n" not in doc[start - 1].text_with_ws:
        start -= 1
    while end < sent.end and "\n" not in doc[end - 1].text_with_ws:
        end += 1
    return doc[start:end]


def find_group_phrases(doc: Doc, lexicon: GroupLexicon, gazetteer: Gazetteer) -> list[GroupPhrase]:
    """Every modifier + head phrase naming a group, left to right."""
    found: list[GroupPhrase] = []
    for head in doc:
        word = head.lower_
        if word not in lexicon.heads and word not in lexicon.led_heads:
            continue
        if head.pos_ not in ("NOUN", "PROPN") or _entity_class(head) is not None:
            continue  # a verb, or already part of a name the gazetteer knows
        phrase = _phrase(doc, head, lexicon, gazetteer) or _in_state(doc, head, gazetteer)
        if phrase is not None:
            found.append(phrase)
    return found


_HOME_GROUPS = frozenset(
    {"militants", "rebels", "insurgents", "guerrillas", "guerillas", "separatists"}
    | {"militias", "militiamen", "paramilitaries"}
)
"""Heads whose fighters a place names as that place's ("militants in Iraq"); not
"fighters" or "mercenaries", who may come from elsewhere."""


def _in_state(doc: Doc, head: Token, gazetteer: Gazetteer) -> GroupPhrase | None:
    """ "Militants in Iraq beheaded a hostage": a bare group head placed in a State is the
    group named by the State's demonym ("Iraqi militants")."""
    if head.lower_ not in _HOME_GROUPS or head.i + 2 >= len(doc):
        return None
    if any(c.dep_ in ("amod", "compound", "nmod", "poss", "nummod") for c in head.children):
        return None  # "Sunni militants in Iraq", "two rebels in Chad": named otherwise
    place = doc[head.i + 2]
    if place.lower_ == "the" and place.i + 1 < len(doc):  # "rebels in the Ivory Coast"
        place = doc[place.i + 1]
    if doc[head.i + 1].lower_ != "in" or place.ent_type_ != LABEL_PREFIX + ActorClass.STATE.value:
        return None
    state = place.ent_id_
    demonyms = sorted(
        (d for d, key in gazetteer.demonyms.items() if key == state and not d.endswith("s")),
        key=lambda d: (len(d), d),
    )
    if not demonyms:
        return None
    end = place.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return GroupPhrase(head.i, end, (demonyms[0], head.lower_))


def _phrase(
    doc: Doc, head: Token, lexicon: GroupLexicon, gazetteer: Gazetteer
) -> GroupPhrase | None:
    led = head.lower_ in lexicon.led_heads
    start = head.i
    words: list[str] = []
    known: str | None = None
    leader: str | None = None
    while True:
        unit = _unit_before(doc, start)
        if unit is None:
            break
        first, text = unit
        if led and leader is None and not words:
            leader = _led_by(doc, first, start, gazetteer)
            if leader is None:
                break
            words.insert(0, text)
            start = first
            continue
        if led or not _is_modifier(doc, first, start, text, lexicon):
            break
        if words and _backing(text):
            break  # "U.S.-backed Contra rebels": the patron is no part of the group's name
        classes = {_entity_class(t) for t in doc[first:start]} - {None}
        if classes & _STOP_CLASSES:
            return None  # "PLO guerrillas", "Kremlin-backed": another actor's people
        if ActorClass.ARMED_GROUP in classes:
            known = next(t.ent_id_ for t in doc[first:start] if t.ent_id_)
        elif known is None:
            known = _known_group(text, gazetteer)  # "Amal" the model took for a people
        words.insert(0, _normal(text, lexicon))
        start = first
    if led and leader is None:
        return None
    if all(w.lower() in lexicon.kinds for w in words):
        return None  # "the rebels", "rebel fighters": a head or a kind names no one
    if not led and all(_backing(w) for w in words):
        return None  # "Iranian-backed militias": who backs them, not who they are
    return GroupPhrase(start, head.i + 1, (*words, head.lower_), known, leader)


def _known_group(text: str, gazetteer: Gazetteer) -> str | None:
    key = gazetteer.surface_index.get(text) or gazetteer.folded_index.get(text.casefold())
    entry = gazetteer.entries.get(key) if key else None
    return key if entry is not None and entry.cls is ActorClass.ARMED_GROUP else None


def _led_by(doc: Doc, first: int, end: int, gazetteer: Gazetteer) -> str | None:
    """The State of "Saudi-led", "U.S.-led": a State or its demonym joined by a hyphen to
    "led" (one token or three)."""
    tokens = doc[first:end]
    if not tokens[-1].lower_.endswith("led"):
        return None
    if len(tokens) >= 3 and tokens[-1].lower_ == "led":
        if _entity_class(tokens[0]) is ActorClass.STATE and tokens[0].ent_id_:
            return tokens[0].ent_id_
        return None
    prefix, hyphen, led = tokens[0].text.rpartition("-")
    if len(tokens) != 1 or not hyphen or led.lower() != "led":
        return None
    key = gazetteer.surface_index.get(prefix) or gazetteer.demonyms.get(prefix)
    entry = gazetteer.entries.get(key) if key else None
    return key if entry is not None and entry.cls is ActorClass.STATE else None


def _backing(word: str) -> bool:
    return any(word.lower().endswith("-" + b) for b in _BACKING)


def _normal(text: str, lexicon: GroupLexicon) -> str:
    """Words of a label as news writes them mid-sentence: lexicon words as the lexicon
    spells them ("Communist" -> "communist"), shouted headline words in title case
    ("SHAN" -> "Shan")."""
    if text.lower() in lexicon.modifiers:
        return lexicon.modifiers[text.lower()]
    if text.isupper() and len(text) > 3:
        return text.title()
    return text


def group_mentions(doc: Doc, collector: Collector) -> None:
    """Record every armed group or coalition named by modifier and head, then "the rebels"
    after them where one group of the article has that head."""
    lexicon = load_group_lexicon()
    named: dict[str, dict[str, int]] = {}  # head word -> key -> where it is first named
    for phrase in find_group_phrases(doc, lexicon, collector.gazetteer):
        span = (phrase.start, phrase.end, doc[phrase.start : phrase.end].text)
        head = phrase.words[-1]
        if phrase.known is not None:
            key, cls = phrase.known, ActorClass.ARMED_GROUP
        else:
            cls = lexicon.led_heads.get(head) or lexicon.heads[head]
            label = " ".join(phrase.words)
            key = (
                f"group:{slugify(phrase.leader)}-led-{slugify(head)}"
                if phrase.leader
                else f"group:{slugify(_singular(label))}"
            )
            collector.labels.setdefault(key, label)
            if phrase.leader:
                collector.result.group_leaders[key] = phrase.leader
        if collector.add(span, key, cls):
            named.setdefault(head, {}).setdefault(key, phrase.start)
    _definite_heads(doc, collector, named)


def _definite_heads(doc: Doc, collector: Collector, named: dict[str, dict[str, int]]) -> None:
    """ "the rebels" is the one group the article named with that head before; with two
    ("Contra rebels", "Moslem rebels") it is neither."""
    for token in doc:
        keys = named.get(token.lower_)
        if not keys or len(keys) != 1 or token.i in collector.result.token_actor:
            continue
        (key, first), *_ = keys.items()
        determiner = doc[token.i - 1] if token.i > 0 else None
        if first < token.i and determiner is not None and determiner.lower_ == "the":
            span = doc[token.i - 1 : token.i + 1]
            collector.add(span, key, collector.classes[key], record_form=False)


def _singular(label: str) -> str:
    """One key for "Shan militia" and "Shan militias"."""
    return label[:-1] if label.endswith("militias") else label
