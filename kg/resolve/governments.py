"""Governing bodies named by a common noun: "Niger's junta", "the French foreign ministry".

A body belongs to the State that modifies it, else to the State the article names most
(its focus) when the text leaves no doubt.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from functools import cache
from pathlib import Path

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from kg.config import ONTOLOGY_DIR
from kg.nlp.gazetteer import Gazetteer
from kg.nlp.load import CAPITAL_LABEL, DEMONYM_LABEL, LABEL_PREFIX
from kg.resolve.actors import Collector, gazetteer_class
from kg.resolve.groups import in_headline
from kg.resolve.names import state_mentions
from kg.text import slugify
from kg.vocab import ActorClass

_STATE_MODIFIER_DEPS = frozenset({"poss", "compound", "amod", "nmod"})
_STATE_LABELS = frozenset({LABEL_PREFIX + ActorClass.STATE.value, DEMONYM_LABEL})
_CURRENCY_WORDS = frozenset({"dlrs", "dlr", "dollar", "dollars", "cents"})
_COUNTS_KEY = "kg.state_counts"
_COUP_WORDS = ("coup", "junta", "putsch", "mutin")
_COUP_LEMMAS = frozenset({"overthrow", "oust", "topple", "depose"})
_LOCAL_ROLES = frozenset({"police", "border police", "gendarmerie", "customs", "security forces"})
"""Bodies that act where the story happens: the police of a story set in Mosul are Iraq's."""


def state_counts(doc: Doc) -> Counter[str]:
    """How often each State is named, leaving out currencies: "U.S. dlrs" in a story about
    Taiwan's reserves does not make the United States its subject. Read once a document."""
    cached = doc.user_data.get(_COUNTS_KEY)
    if cached is None:
        cached = state_mentions(doc)
        for ent in doc.ents:
            if (
                ent.label_ in _STATE_LABELS
                and ent.end < len(doc)
                and doc[ent.end].lower_ in _CURRENCY_WORDS
                and cached[ent.ent_id_] > 0
            ):
                cached[ent.ent_id_] -= 1
        cached = +cached
        doc.user_data[_COUNTS_KEY] = cached
    return Counter(cached)


def focus_state(doc: Doc, gazetteer: Gazetteer) -> str | None:
    counts = state_counts(doc)
    if not counts:
        return None
    return max(counts, key=lambda k: (counts[k], k))


def dominant(doc: Doc, focus: str | None) -> bool:
    """Whether one State so dominates the article that "the army" must be its army."""
    if focus is None:
        return False
    counts = state_counts(doc)
    ranked = counts.most_common(2)
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    return counts[focus] >= 3 and counts[focus] >= 2 * runner_up


def leads(doc: Doc, focus: str | None) -> bool:
    """Whether the focus State is named more than any other: then "the government" is its
    government, as a reader would take it."""
    if focus is None:
        return False
    ranked = state_counts(doc).most_common(2)
    return len(ranked) == 1 or (len(ranked) == 2 and ranked[0][1] > ranked[1][1])


def _state_of(span: Span, collector: Collector) -> tuple[str, int] | None:
    """Find the State that owns a governing body: "Niger's", "Nigerien", "of Niger"."""
    states = collector.gazetteer.entries
    head = span.root
    before = _state_before(span, collector)
    if before is not None:
        return before
    for child in head.children:
        key = collector.result.token_actor.get(child.i) or _ruler_key(child)
        if key and key in states and states[key].cls is ActorClass.STATE:
            if child.dep_ in _STATE_MODIFIER_DEPS:
                return key, _name_start(child)
            if child.dep_ == "prep" and child.lower_ == "of":
                return key, head.i
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                key = _ruler_key(pobj)
                if key and key in states and states[key].cls is ActorClass.STATE:
                    return key, head.i
    return None


def _state_before(span: Span, collector: Collector) -> tuple[str, int] | None:
    """ "a Chadian government statement", "Taiwan's central bank": a State named just before
    the body owns it, however the parser attached the words."""
    doc = span.doc
    i = span.start - 1
    if i >= 0 and doc[i].lower_ in ("'s", "’s", "'"):
        i -= 1
    if i < 0:
        return None
    token = doc[i]
    key = collector.result.token_actor.get(i) or _ruler_key(token)
    entry = collector.gazetteer.entries.get(key) if key else None
    if key is None or entry is None or entry.cls is not ActorClass.STATE:
        return None
    start = _name_start(token)
    edge = token.left_edge.i
    if start - 3 <= edge < start and all(t.is_title for t in doc[edge:start]):
        start = edge  # "West German government"
    return key, start


def _name_start(token: Token) -> int:
    """Where the name a token belongs to begins: "United" of "United States", never the
    dateline the parser hung on it."""
    i = token.i
    while i > 0 and token.doc[i].ent_iob_ == "I":
        i -= 1
    return i


def _ruler_key(token: Token) -> str | None:
    if token.ent_id_ and token.ent_type_ in (
        LABEL_PREFIX + ActorClass.STATE.value,
        DEMONYM_LABEL,
    ):
        return token.ent_id_
    return None


def government_mentions(doc: Doc, collector: Collector, focus: str | None) -> None:
    """Record every governing body the article names, under its State.

    A body belongs to the State named with it ("Niger's junta", "the Chadian government",
    "the State Department"); a body named without one is the one of that role the article
    named with a State before ("Taiwan's central bank ... the central bank"), else the
    focus State's when the article leaves no doubt: "the government" and a body named in
    title case ("the Senate") when the focus State is named more than any other, a body in
    lower case ("the army") only when it dominates. A military body that is not named a
    junta is not read as one in an article that tells of no coup."""
    gazetteer = collector.gazetteer
    matcher = _government_matcher(doc.vocab, gazetteer)
    # "police and the U.S. military said" in Fallujah: the police are where the story is
    dominant_focus = dominant(doc, focus) and not _elsewhere(doc, focus, gazetteer)
    local_state = _place_state(doc, gazetteer)
    # "the government" of a State named once, by an adjective, is too weak a guess unless
    # the story happens there ("a Managua industrial zone")
    focus_leads = leads(doc, focus)
    leading_focus = focus_leads and (
        local_state == focus or (focus is not None and state_counts(doc)[focus] >= 2)
    )
    coup_told = _tells_of_coup(doc)
    owners = department_mentions(doc, collector)  # role -> the States it was named with
    heads = {p.pattern for p in gazetteer.government_patterns if " " not in p.pattern}
    by_pattern = {p.pattern: p for p in gazetteer.government_patterns}
    taken: set[int] = set()
    matches = sorted(matcher(doc), key=lambda m: (m[1], -(m[2] - m[1])))
    for match_id, start, end in matches:
        if taken.intersection(range(start, end)):
            continue
        pattern = by_pattern[doc.vocab.strings[match_id]]
        span = doc[start:end]
        if not _names_a_body(span, heads, collector):
            continue
        if span.text in _MEETINGS:
            continue  # "opens a four-day congress": a meeting; "Congress" is the body
        role = "regime" if pattern.is_regime else pattern.role
        owner = _state_of(span, collector) or _metonym_owner(span)
        if owner is not None:
            state, first = owner
            owners.setdefault(role, set()).add(state)
        else:
            if _only_modifies(span):
                continue  # "army recruits", "customs duties", "government spending"
            if _is_junta(pattern.pattern) and not coup_told:
                continue  # "military leaders" of a State the article tells of no coup in
            # a regime is named many ways ("the coup", "the new leaders"); only an
            # institution's role names one body of one State
            named_before = set() if pattern.is_regime else owners.get(role, set())
            named = span[0].is_title and not pattern.is_regime
            if _owned_by_person(span):
                continue  # "his own government": whose depends on who he is
            if len(named_before) == 1:
                state = next(iter(named_before))
            elif named_before:
                continue
            elif role in _LOCAL_ROLES and local_state is not None and not dominant_focus:
                state = local_state  # "Police Lose Control of Mosul": Iraq's police
            elif focus is None:
                continue
            elif (
                dominant_focus
                or ((pattern.is_regime or named) and leading_focus)
                # "the army said" in a story set in the Philippines, "parliament" after
                # "Italy's government": the State the story is about, named before
                or (focus_leads and (local_state == focus or _only_owner(owners, focus)))
            ):
                state = focus
            else:
                continue
            first = start
        first = min(first, start)
        key = f"gov:{state}:{slugify(role)}"
        if first < start and (span[0].is_title or len(span) > 1):
            # "Afghanistan's Interior Ministry" is also "Interior Ministry", "Surinam's
            # military government" also "military government" (not a bare "army")
            collector.forms.setdefault(key, []).append(span.text)
        state_name = gazetteer.entries[state].name
        if pattern.is_regime:
            # a military or coup word names a junta, and the regime is that junta
            # however else the article names it ("the government")
            label = (
                f"{state_name} junta" if _is_junta(pattern.pattern) else f"{state_name} government"
            )
            known = collector.labels.get(key)
            if known is None or not known.endswith(" junta"):
                collector.labels[key] = label
        else:
            collector.labels[key] = f"{state_name} {role}"
        text = doc[first:end].text
        collector.add((first, end, text), key, ActorClass.GOVERNMENT)
        taken.update(range(first, end))


def _elsewhere(doc: Doc, focus: str | None, gazetteer: Gazetteer) -> bool:
    """Whether the article names a place the gazetteer puts in a State other than its
    focus: then the focus State, however often named, is not where the story happens."""
    place_label = LABEL_PREFIX + ActorClass.PLACE.value
    for ent in doc.ents:
        if ent.label_ == place_label and ent.ent_id_ in gazetteer.entries:
            state = gazetteer.entries[ent.ent_id_].state
            if state is not None and state != focus:
                return True
    return False


def _where(ent: Span) -> bool:
    """A capital named as where something is ("in Managua", "a Managua industrial zone"),
    not as its government ("Paris said")."""
    root = ent.root
    return root.dep_ == "compound" or (
        root.dep_ == "pobj" and root.head.lower_ in ("in", "at", "near", "outside", "around")
    )


def _only_owner(owners: dict[str, set[str]], focus: str | None) -> bool:
    """Whether every body the article named with a State so far is the focus State's
    ("the Ukrainian parliament ... the government")."""
    states = set().union(*owners.values()) if owners else set()
    return bool(states) and states == {focus}


def _place_state(doc: Doc, gazetteer: Gazetteer) -> str | None:
    """The one State the article's known places and capitals lie in, if they lie in one."""
    place_label = LABEL_PREFIX + ActorClass.PLACE.value
    states: set[str | None] = set()
    for ent in doc.ents:
        if ent.label_ == place_label and ent.ent_id_ in gazetteer.entries:
            states.add(gazetteer.entries[ent.ent_id_].state)
        elif ent.label_ == CAPITAL_LABEL and _where(ent):
            states.add(gazetteer.capitals.get(ent.ent_id_))
    states.discard(None)
    return next(iter(states)) if len(states) == 1 else None


def _owned_by_person(span: Span) -> bool:
    return any(
        child.dep_ == "poss" and child.lower_ in ("his", "her", "their", "my", "our")
        for child in span.root.children
    )


def _names_a_body(span: Span, heads: set[str], collector: Collector) -> bool:
    """Whether a matched phrase is a governing body of a State, not a modifier ("military
    intervention", "army-backed"), part of a longer body ("junta authorities"), nor part of
    another actor's name ("Mehdi Army", "Taliban regime", "Congress of Trade Unions")."""
    doc = span.doc
    start, end, last = span.start, span.end, span[-1]
    if (
        (last.pos_ not in ("NOUN", "PROPN") and last.dep_ != "compound")
        or last.dep_ == "amod"
        or (end < len(doc) and doc[end].text in ("-", "–"))
    ):
        return False
    if last.dep_ == "compound" and last.head.i >= end and last.head.lower_ in heads:
        return False
    if any(t.i in collector.result.token_actor for t in span):
        return False
    if _in_title(span, collector.gazetteer):
        return False
    if any(_other_actor(t) for t in span):
        return False
    before = doc[start - 1] if start > 0 else None
    if before is not None and (
        _other_actor(before)
        or (
            before.ent_type_ in _PARTY_LABELS
            and before.pos_ in ("PROPN", "ADJ")
            and not _regime_word(span)
        )
        or (
            span[0].is_title
            and before.is_title
            and before.pos_ == "PROPN"
            and not before.is_sent_start
            and not before.ent_type_.startswith(LABEL_PREFIX)
        )
    ):
        return False
    return not _longer_name(doc, end) and not _part_of_a_name(span, collector.gazetteer)


def _part_of_a_name(span: Span, gazetteer: Gazetteer) -> bool:
    """ "the Air Force Academy", "Army Corps of Engineers": a capitalised body word the
    next capitalised noun belongs with names another body (a title "Army Chief" aside)."""
    doc, end = span.doc, span.end
    if end >= len(doc) or not span[-1].is_title or in_headline(span[-1]):
        return False
    after = doc[end]
    return (
        after.is_title
        and after.pos_ in ("NOUN", "PROPN")
        and after.ent_type_ not in ("DATE", "TIME", "PERSON", *_STATE_LABELS)
        and after.lower_ not in gazetteer.roles
        and f"{span[-1].lower_} {after.lower_}" not in gazetteer.roles
    )


def _in_title(span: Span, gazetteer: Gazetteer) -> bool:
    """ "Chief Cabinet Secretary Masaharu Gotoda": the body word is part of a person's
    title, which the roles give; the body does not act."""
    doc = span.doc
    for left in range(max(0, span.start - 2), span.start + 1):
        for right in range(span.end, min(len(doc), span.end + 2) + 1):
            if (left, right) != (span.start, span.end) and (
                " ".join(t.lower_ for t in doc[left:right]) in gazetteer.roles
            ):
                return True
    return False


def _longer_name(doc: Doc, end: int) -> bool:
    """ "Congress of Trade Unions": "of" and a name that is not a State go on the name."""
    return (
        end + 1 < len(doc)
        and doc[end].lower_ == "of"
        and doc[end + 1].is_title
        and doc[end + 1].ent_type_ not in (*_STATE_LABELS, CAPITAL_LABEL)
        and doc[end + 1].lower_ != "the"
    )


_VOICES = frozenset(
    {
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "spokesmen",
        "official",
        "officials",
        "sources",
        "leader",
        "leaders",
        "commander",
        "chief",
        "head",
    }
)
"""People who lead or speak for a body: "ministry spokeswoman X said", "junta leader X"."""
_MEETINGS = frozenset({"congress", "assembly"})
"""Body words that in lower case usually name a meeting, not a legislature."""
_PARTY_LABELS = frozenset({LABEL_PREFIX + ActorClass.ORGANIZATION.value, "ORG", "NORP"})


def _regime_word(span: Span) -> bool:
    """ "the Sandinista government" is its State's; "the party congress" is the party's."""
    return span[-1].lower_ in ("government", "administration", "regime", "cabinet")


def _only_modifies(span: Span) -> bool:
    """A lower-case body word that modifies a thing names no acting body unless the thing
    is its people ("junta leader", "ministry spokeswoman"); with its State named ("Iraqi
    air force action") the body is named all the same."""
    last = span[-1]
    return (
        last.dep_ == "compound"
        and last.head.i >= span.end
        and not span[0].is_title
        and last.head.lower_ not in _VOICES
    )


def _other_actor(token: Token) -> bool:
    """A token of a name the gazetteer gives to an actor that has bodies of its own ("the
    Taliban regime", "NATO's military"); a party's government ("the Sandinista
    government") is still its State's."""
    return (
        token.ent_type_.startswith(LABEL_PREFIX)
        and token.ent_type_ not in (DEMONYM_LABEL, CAPITAL_LABEL)
        and gazetteer_class(token.ent_type_)
        not in (ActorClass.STATE, ActorClass.ORGANIZATION, ActorClass.PLACE)
    )


def _metonym_owner(span: Span) -> tuple[str, int] | None:
    """ "the State Department": a department named with its State's name belongs to it."""
    for token in span:
        if token.ent_type_ == LABEL_PREFIX + ActorClass.STATE.value and token.ent_id_:
            return token.ent_id_, _name_start(token)
    return None


EXECUTIVE_SEATS = frozenset({"presidency", "prime minister's office", "chancellery"})
"""Roles of the seats that stand for the State itself ("the Kremlin said")."""


@cache
def department_metonyms(path: Path = ONTOLOGY_DIR / "gazetteer" / "metonyms.csv") -> dict[str, str]:
    """Name of a department's seat -> its role ("Pentagon" -> "defense ministry"), read
    from metonyms.csv; the seats of the executive are left to stand for the State."""
    found: dict[str, str] = {}
    if not path.is_file():
        return found
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            role = (row.get("role") or "").strip().lower()
            if not role or role in EXECUTIVE_SEATS:
                continue
            for name in (row["name"], *(row.get("aliases") or "").split("|")):
                if name.strip():
                    found[_seat_name(name)] = role
    return found


def _seat_name(text: str) -> str:
    return re.sub(r"^the\s+", "", " ".join(text.split()), flags=re.IGNORECASE).casefold()


def department_mentions(doc: Doc, collector: Collector) -> dict[str, set[str]]:
    """ "the Pentagon", "the Bundesbank": a department known by its seat or name is that
    department of its State (of the State named just before it: "the French Foreign
    Office"), a Government, as "the defence ministry" would be; the seats of the executive
    ("the Kremlin", "the White House") stay names of the State."""
    departments = department_metonyms()
    state_label = LABEL_PREFIX + ActorClass.STATE.value
    owners: dict[str, set[str]] = {}
    for ent in doc.ents:
        role = departments.get(_seat_name(ent.text)) if ent.label_ == state_label else None
        if role is None or not ent.ent_id_:
            continue
        state, start = _state_before(ent, collector) or (ent.ent_id_, ent.start)
        key = f"gov:{state}:{slugify(role)}"
        collector.labels[key] = f"{collector.gazetteer.entries[state].name} {role}"
        if collector.add(doc[start : ent.end], key, ActorClass.GOVERNMENT):
            bare = _without_state(ent, collector)
            if bare:  # "US State Department" is also "State Department"
                collector.forms[key].append(bare)
        owners.setdefault(role, set()).add(state)
    return owners


def _without_state(ent: Span, collector: Collector) -> str | None:
    """The name of a department without the State name it opens with, if it opens so."""
    words = ent.text.split()
    for n in (1, 2, 3):
        key = collector.gazetteer.surface_index.get(" ".join(words[:n]))
        entry = collector.gazetteer.entries.get(key) if key else None
        if entry is not None and entry.cls is ActorClass.STATE and len(words) > n:
            return " ".join(words[n:])
    return None


def _tells_of_coup(doc: Doc) -> bool:
    return any(t.lower_.startswith(_COUP_WORDS) or t.lemma_.lower() in _COUP_LEMMAS for t in doc)


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
    return any(w in pattern for w in (*_COUP_WORDS, "military"))
