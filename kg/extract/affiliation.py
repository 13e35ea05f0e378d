"""`affiliatedWith` from the way news names a person's party, firm or a state's agency.

- "Socialist Party leader Bettino Craxi", "Christian Democrat Arnaldo Forlani": a party
  named before a person's name (or before the title before it) is that person's party;
- "Takako Doi, chairwoman of the Japan Socialist Party", "Goto, president of the Chamber of
  Commerce": a person described as holding a post of an organization belongs to it (a
  State, Government, Bloc or armed group's post is `leaderOf`/`officialOf`, `roles.py`);
- "Craxi's Socialist Party", "the ruling party of President Mubarak": the possessor of a
  party is its member;
- "the state-run Philippine News Agency": a state-run agency named after a State is that
  State's;
- "the coalition, which also includes Republicans, Social Democrats and Liberals": a party
  of the governing coalition is part of the government;
- "Blair apologized to fellow Labor Party officials": one who addresses fellow members of a
  party is a member.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from spacy.tokens import Token

from kg.extract.registry import Reading, evidence, register_extractor
from kg.model import Assertion
from kg.vocab import ActorClass, Relation

AFFILIATION = "kg.affiliation.v1"

_PERSONS = frozenset({ActorClass.PERSON, ActorClass.OFFICIAL})
_PARTY_WORDS = frozenset({"party", "parties", "front", "league", "congress", "alliance"})
_POSTS = frozenset(
    {
        "leader",
        "chairman",
        "chairwoman",
        "chair",
        "president",
        "member",
        "head",
        "chief",
        "secretary",
        "spokesman",
        "spokeswoman",
        "founder",
        "director",
        "executive",
        "officer",
        "ceo",
        "mentor",
        "deputy",
        "candidate",
        "lawmaker",
        "official",
        "vice",
    }
)
_STATE_RUN = frozenset({"state-run", "state-owned", "official", "government-run", "state"})
_AGENCY_WORDS = frozenset({"agency", "radio", "television", "news"})
_STEM = 7
"""Letters a party word and a person's modifier share ("Democrat", "Democracy")."""


def _titles(reading: Reading) -> frozenset[str]:
    return frozenset(reading.resources.gazetteer.roles)


@cache
def _title_words(titles: frozenset[str]) -> frozenset[str]:
    """Every word of a title ("prime", "minister") but the small ones."""
    return frozenset(w for title in titles for w in title.split()) - {"of", "the", "and", "for"}


def _stem(word: str) -> str:
    return word.lower()[:_STEM]


def _is_party(key: str, reading: Reading) -> bool:
    if reading.classes.get(key) is not ActorClass.ORGANIZATION:
        return False
    if key.startswith("party:"):
        return True  # named by its members: "the Socialists" (`kg.resolve.names`)
    words = reading.actors.actors[key].label.lower().split()
    if len(words) < 2:  # a bare "Party" is no party's name
        return False
    return bool(_PARTY_WORDS & set(words)) or any(w.startswith("democra") for w in words)


def _party_by_modifier(words: list[Token], reading: Reading) -> str | None:
    """The article's party whose name holds these capitalised words ("Socialist")."""
    stems = [_stem(w.text) for w in words]
    for key in reading.actors.actors:
        if not _is_party(key, reading):
            continue
        label = [_stem(w) for w in reading.actors.actors[key].label.split()]
        if all(s in label for s in stems):
            return key
    return None


def _name_head(token: Token, reading: Reading) -> Token:
    """The last token of the actor name a token belongs to (spaCy heads a name there)."""
    key = reading.actors.token_actor.get(token.i)
    while (
        token.head.i != token.i
        and token.dep_ in ("compound", "flat")
        and reading.actors.token_actor.get(token.head.i) == key
    ):
        token = token.head
    return token


def _preceding_party(person: Token, reading: Reading) -> str | None:
    """ "Socialist Party leader Craxi", "Christian Democrat Forlani", "Socialist Prime
    Minister Craxi": the party named by the words before the name and its title."""
    token_actor = reading.actors.token_actor
    key = token_actor[person.i]
    start = min(t.i for t in person.subtree if token_actor.get(t.i) == key)
    i = start - 1
    titles = _titles(reading)
    # step back over the title ("Prime Minister", "leader") between party and name
    title_words = _title_words(titles)
    while (
        i >= 0
        and (person.doc[i].lower_ in title_words or person.doc[i].lower_ in _POSTS)
        and person.doc[i].i not in token_actor
    ):
        i -= 1  # "Prime Minister": every word of a title
    if i < 0:
        return None
    before = person.doc[i]
    party = token_actor.get(before.i)
    if party is not None:
        return party if _is_party(party, reading) else None
    # an adjective of a party the article names: "Socialist", "Christian Democrat"
    words = [before]
    while words[0].i > 0 and person.doc[words[0].i - 1].is_title:
        previous = person.doc[words[0].i - 1]
        if previous.i in token_actor or previous.is_sent_start:
            break
        words.insert(0, previous)
    if not all(w.is_title and w.is_alpha and w.lower_ not in titles for w in words):
        return None
    return _party_by_modifier(words, reading)


def _post_of(person: Token, reading: Reading) -> list[str]:
    """ "Takako Doi, chairwoman of the Japan Socialist Party": the organization whose post
    an appositive gives the person."""
    found: list[str] = []
    for appos in (c for c in person.children if c.dep_ == "appos"):
        if appos.lemma_.lower() not in _POSTS and appos.lower_ not in _titles(reading):
            continue
        for prep in (c for c in appos.children if c.dep_ == "prep" and c.lower_ == "of"):
            for pobj in (p for p in prep.children if p.dep_ == "pobj"):
                key = reading.actors.token_actor.get(pobj.i)
                if key and reading.classes.get(key) is ActorClass.ORGANIZATION:
                    found.append(key)
    return found


def _appositive_party(person: Token, reading: Reading) -> str | None:
    """ "Sen. Mark Hatfield of Oregon, a Republican, said": the party a member's word in
    apposition names, when the article names that party."""
    for appos in (c for c in person.children if c.dep_ == "appos"):
        if appos.is_title and any(c.lower_ in ("a", "an") for c in appos.children):
            party = reading.actors.token_actor.get(appos.i) or _party_by_modifier([appos], reading)
            if party is not None and _is_party(party, reading):
                return party
    return None


def _possessor_of_party(party: Token, reading: Reading) -> str | None:
    """ "Craxi's Socialist Party", "the ruling party of President Mubarak"."""
    token_actor = reading.actors.token_actor
    for child in party.children:
        if child.dep_ == "poss" and (key := token_actor.get(child.i)):
            return key
        if child.dep_ == "poss" and child.lower_ in ("his", "her"):
            return _antecedent_person(child, reading)
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in (p for p in child.children if p.dep_ == "pobj"):
                if (key := token_actor.get(pobj.i)) and key != token_actor.get(party.i):
                    return key
    return None


_ANTECEDENT_WINDOW = 60
"""How many words back "his" looks for the one person it can only mean."""


def _antecedent_person(pronoun: Token, reading: Reading) -> str | None:
    """ "Nakasone told supporters of his ruling party": the person "his" means, when the
    sentence names one before it, or the few sentences before name only one person."""
    token_actor, classes = reading.actors.token_actor, reading.classes
    start = max(0, pronoun.i - _ANTECEDENT_WINDOW)
    people = [
        token_actor[i]
        for i in range(start, pronoun.i)
        if classes.get(token_actor.get(i, "")) in _PERSONS
    ]
    in_sentence = [
        token_actor[i]
        for i in range(pronoun.sent.start, pronoun.i)
        if classes.get(token_actor.get(i, "")) in _PERSONS
    ]
    if in_sentence and len(set(in_sentence)) == 1:
        return in_sentence[-1]
    return people[-1] if people and len(set(people)) == 1 else None


def _state_agency(agency: Token, reading: Reading) -> str | None:
    """ "the state-run Philippine News Agency", "the official Iraqi news agency INA": the
    State its name, or the words before it, name."""
    token_actor = reading.actors.token_actor
    key = token_actor[agency.i]
    span = [t for t in agency.subtree if token_actor.get(t.i) == key]
    if not span:
        return None
    preceding = list(agency.doc[max(0, span[0].i - 4) : span[0].i])
    before = [t.lower_ for t in preceding]
    if not _AGENCY_WORDS & ({t.lower_ for t in span} | set(before[-2:])):
        return None  # "the official Iraqi news agency INA": the agency words before its name
    if not _STATE_RUN & set(before) and "-".join(before[-3:]) not in _STATE_RUN:
        return None
    demonyms = reading.resources.gazetteer.demonyms
    surface = reading.resources.gazetteer.surface_index
    for token in [*span, *preceding]:
        state = demonyms.get(token.text) or surface.get(token.text)
        if state and reading.classes.get(state, ActorClass.STATE) is ActorClass.STATE:
            return state
    return None


_NOT_GOVERNING = frozenset(
    {"opposition", "rebel", "rebels", "military", "international", "electoral", "led", "new"}
)
"""Words that make a coalition another than the one that governs ("the opposition
coalition", "the U.S.-led coalition", "a new coalition" still to be formed)."""


def _fellow_member(party: Token, reading: Reading) -> str | None:
    """ "Blair apologized to fellow Labor Party officials": who speaks to or acts with their
    fellow members of a party is one of its members (the clause's named subject)."""
    members = party.head
    if party.dep_ != "compound" or not any(c.lower_ == "fellow" for c in members.children):
        return None
    verb = members.head
    if members.dep_ == "pobj" and verb.dep_ == "prep":
        verb = verb.head
    elif members.dep_ not in ("dobj", "conj"):
        return None
    subjects = [
        key
        for c in verb.children
        if c.dep_ == "nsubj"
        and (key := reading.actors.token_actor.get(c.i)) is not None
        and reading.classes.get(key) in _PERSONS
    ]
    return subjects[0] if len(subjects) == 1 else None


_COALITION_MEMBERS = frozenset({"member", "members", "partner", "partners", "party", "parties"})


def _coalition_members(noun: Token) -> bool:
    """ "coalition members", "coalition partners": whom a list after it names."""
    return noun.lemma_ in _COALITION_MEMBERS and any(
        c.lemma_ == "coalition" and c.dep_ in ("compound", "amod") for c in noun.children
    )


def _governing_coalition(party: Token, reading: Reading) -> str | None:
    """ "the coalition, which also includes Republicans, Social Democrats and Liberals", "a
    coalition including Social Democrats, Liberals and Republicans", "the coalition of
    Social Democrats, Centrists and Ruralists", "the junior coalition members -- Republicans,
    Liberals and Social Democrats": a party a government
    coalition includes is part of that government, the State's government the article
    names (its own, when the coalition is named with a State: "Italy's coalition")."""
    first = party
    while first.dep_ == "conj" and first.head.i != first.i and not _coalition_members(first.head):
        first = first.head
    include = first.head
    if first.dep_ == "pobj" and include.lower_ == "of" and include.head.lemma_ == "coalition":
        coalition = include.head  # "the outgoing coalition of Social Democrats, Centrists ..."
    elif first.dep_ in ("appos", "conj") and _coalition_members(include):
        coalition = include  # "the junior coalition members -- Republicans, Liberals ..."
    elif first.dep_ in ("dobj", "pobj") and include.lemma_ == "include":
        coalition = include.head
        if coalition.lemma_ != "coalition" or include.dep_ not in ("relcl", "prep", "acl"):
            return None
    else:
        return None
    words = {t.lower_ for t in coalition.subtree if t.i < coalition.i}
    if words & _NOT_GOVERNING or any("-" in w for w in words):
        return None
    actors, classes = reading.actors, reading.classes
    owners = {
        actors.token_actor[t.i]
        for t in coalition.subtree
        if t.i < coalition.i and t.i in actors.token_actor
    }
    governments = [
        key
        for key in actors.actors
        if classes.get(key) is ActorClass.GOVERNMENT
        and key.endswith(":regime")
        and (not owners or any(key.startswith(f"gov:{owner}:") for owner in owners))
    ]
    return governments[0] if len(governments) == 1 else None


def _found(reading: Reading) -> Iterator[tuple[Token, str, str, str]]:
    """(token read, member, organization, case) for every affiliation the text gives."""
    token_actor = reading.actors.token_actor
    classes = reading.classes
    for token in reading.doc:
        key = token_actor.get(token.i)
        if key is None or _name_head(token, reading).i != token.i:
            continue
        cls = classes.get(key)
        if cls in _PERSONS:
            party = _preceding_party(token, reading)
            if party is not None:
                yield token, key, party, "party_before_name"
            for organization in _post_of(token, reading):
                yield token, key, organization, "post_of_organization"
            party = _appositive_party(token, reading)
            if party is not None:
                yield token, key, party, "party_before_name"
        elif cls is ActorClass.ORGANIZATION:
            if _is_party(key, reading):
                member = _possessor_of_party(token, reading)
                if member is not None and classes.get(member) in _PERSONS:
                    yield token, member, key, "possessed_party"
                fellow = _fellow_member(token, reading)
                if fellow is not None:
                    yield token, fellow, key, "fellow_member"
                government = _governing_coalition(token, reading)
                if government is not None:
                    yield token, key, government, "coalition_party"
            state = _state_agency(token, reading)
            if state is not None:
                yield token, key, state, "state_agency"


@register_extractor(AFFILIATION)
def affiliations(reading: Reading) -> Iterator[Assertion]:
    """`affiliatedWith` from party names, posts in organizations and state agencies."""
    for token, member, organization, case in _found(reading):
        if member == organization:
            continue
        if organization not in reading.classes:
            continue  # a State the article only names inside an agency's name
        confidence = reading.confidence(AFFILIATION, case)
        yield Assertion(
            member,
            Relation.AFFILIATED_WITH,
            organization,
            evidence(token.sent, AFFILIATION, confidence),
        )
