"""Structural relations read from context: membership, location, patrons, alliances, and
ties to the article's own country stated in passing."""

from __future__ import annotations

import itertools
from collections.abc import Container, Iterator

from spacy.tokens import Doc, Span, Token

from kg.extract.arguments import FORCE_NOUNS, enumerated_members
from kg.extract.modality import is_hypothetical, is_negated
from kg.extract.registry import Reading, evidence, register_extractor
from kg.model import Assertion
from kg.nlp.headline import doc_text
from kg.resolve.actors import ArticleActors, Mention
from kg.resolve.names import PLACE_NOUNS, dateline_region
from kg.vocab import ActorClass, Relation, fits_signature

MEMBERSHIP = "kg.membership.v1"
LOCATION = "kg.location.v1"
COMPOUND = "kg.compound.v1"
ALLIANCE = "kg.alliance.v1"
NEIGHBOUR = "kg.neighbour.v1"


@register_extractor(MEMBERSHIP)
def membership(reading: Reading) -> Iterator[Assertion]:
    """`memberOf` from member phrases, then from a bloc's listed members."""
    yield from _member_phrases(reading)
    yield from _listed_members(reading)
    yield from _enumerated_members(reading)


def _member_phrases(reading: Reading) -> Iterator[Assertion]:
    """`memberOf` from "ECOWAS member Nigeria", "members of ECOWAS such as Nigeria"."""
    doc, actors, classes = reading.doc, reading.actors, reading.classes
    confidence = reading.confidence(MEMBERSHIP, "member_phrase")
    for token in doc:
        if token.lemma_.lower() not in ("member", "member state"):
            continue
        blocs = [
            actors.token_actor[c.i]
            for c in token.children
            if c.dep_ in ("compound", "poss", "nmod") and c.i in actors.token_actor
        ]
        blocs += [
            actors.token_actor[p.i]
            for c in token.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for p in c.children
            if p.i in actors.token_actor
        ]
        blocs = [b for b in blocs if classes.get(b) is ActorClass.BLOC]
        if not blocs:
            continue
        members: list[str] = []
        if token.head.i in actors.token_actor and token.dep_ in ("compound", "appos"):
            members.append(actors.token_actor[token.head.i])
        for child in token.children:
            if child.dep_ in ("appos", "conj") and child.i in actors.token_actor:
                members.append(actors.token_actor[child.i])
                members.extend(
                    actors.token_actor[c.i]
                    for c in child.children
                    if c.dep_ == "conj" and c.i in actors.token_actor
                )
        if token.dep_ == "attr":
            members.extend(
                actors.token_actor[c.i]
                for c in token.head.children
                if c.dep_ == "nsubj" and c.i in actors.token_actor
            )
        for member in dict.fromkeys(members):
            for bloc in blocs:
                if member != bloc and fits_signature(
                    Relation.MEMBER_OF, classes[member], classes[bloc]
                ):
                    yield Assertion(
                        member,
                        Relation.MEMBER_OF,
                        bloc,
                        evidence(token.sent, MEMBERSHIP, confidence),
                    )


_BLOC_NOUNS = frozenset(
    {
        "bloc",
        "alliance",
        "union",
        "organization",
        "organisation",
        "community",
        "grouping",
        "group",
        "coalition",
    }
)


def _listed_members(reading: Reading) -> Iterator[Assertion]:
    """ "ECOWAS, a bloc of 15 West African countries, including Niger": listed members."""
    doc, actors, classes = reading.doc, reading.actors, reading.classes
    confidence = reading.confidence(MEMBERSHIP, "listed_members")
    for mention in actors.mentions:
        if classes.get(mention.key) is not ActorClass.BLOC:
            continue
        root = doc[mention.start : mention.end].root
        for noun in (c for c in root.children if c.dep_ == "appos" and c.lemma_ in _BLOC_NOUNS):
            members = [
                actors.token_actor[t.i]
                for of in noun.children
                if of.dep_ == "prep" and of.lower_ == "of"
                for t in of.subtree
                if (t.i in actors.token_actor and t.head.lower_ in ("including", "like", "as"))
                or (t.i in actors.token_actor and t.dep_ == "conj")
            ]
            for member in dict.fromkeys(members):
                if member != mention.key and fits_signature(
                    Relation.MEMBER_OF, classes[member], classes[mention.key]
                ):
                    yield Assertion(
                        member,
                        Relation.MEMBER_OF,
                        mention.key,
                        evidence(root.sent, MEMBERSHIP, confidence),
                    )


def _enumerated_members(reading: Reading) -> Iterator[Assertion]:
    """ "the leaders of the G-7, the United States, Britain, ... and West Germany,": the
    States listed after a bloc's name (`enumerated_members`)."""
    doc, classes = reading.doc, reading.classes
    confidence = reading.confidence(MEMBERSHIP, "listed_members")
    listed = enumerated_members(doc, reading.actors, classes)
    seen: set[tuple[str, str]] = set()
    for i, bloc in sorted(listed.items()):
        member = reading.actors.token_actor.get(i)
        if member is None or (member, bloc) in seen:
            continue
        seen.add((member, bloc))
        if fits_signature(Relation.MEMBER_OF, classes[member], classes[bloc]):
            yield Assertion(
                member, Relation.MEMBER_OF, bloc, evidence(doc[i].sent, MEMBERSHIP, confidence)
            )


STATIONED = "kg.stationed.v1"
_NOT_ALWAYS_FORCES = frozenset({"ship", "ships", "fleet", "navy"})
"""A ship may be a merchant's: "a Soviet ship in Kuwait" deploys nothing."""
_OWNER_DEPS = frozenset({"compound", "amod", "poss", "nmod"})
_OWNERS = frozenset({ActorClass.STATE, ActorClass.BLOC})


@register_extractor(STATIONED)
def stationed_forces(reading: Reading) -> Iterator[Assertion]:
    """`deploysForcesTo` from a State's forces named where they are: "US soldiers in Iraq",
    "Poland will reduce its number of troops in Iraq", "Israeli tanks rumbled into Gaza".
    Forces in their own State's land ("Iraqi troops in Baghdad") are at home."""
    doc, actors, classes = reading.doc, reading.actors, reading.classes
    gazetteer = reading.resources.gazetteer
    confidence = reading.confidence(STATIONED, "forces_in")
    for noun in doc:
        lemma = noun.lemma_.lower()
        if lemma not in FORCE_NOUNS - _NOT_ALWAYS_FORCES or noun.pos_ not in ("NOUN", "PROPN"):
            continue
        if lemma in ("base", "bases") or any(c.dep_ == "nummod" for c in noun.children):
            continue  # "1,500 U.S. troops in Iraq", "a U.S. base in Japan": the dependency
            # extractor's counted forces and installations
        if _denied_forces(noun):
            continue  # "There are no U.S. troops in Syria"
        if noun.lemma_.lower() == "personnel" and not any(
            c.lower_ == "military" for c in noun.children
        ):
            continue  # "a force to protect UN personnel in Iraq": staff, no forces
        modifiers = list(noun.children)
        if noun.dep_ == "pobj" and noun.head.lower_ == "of":  # "its number of troops"
            modifiers += noun.head.head.children
        owners = {o for c in modifiers if (o := _force_owner(c, actors, classes)) is not None}
        if len(owners) != 1:
            continue
        owner = owners.pop()
        heads = [noun]
        if noun.dep_ == "nsubj" and not (is_negated(noun.head) or is_hypothetical(noun.head)):
            # "tanks rumbled into Gaza"; not "soldiers were not in Ukraine", "tanks will
            # roll into Gaza" (the noun's own place stands: "troops in Iraq will stay")
            heads.append(noun.head)
        for prep in (c for h in heads for c in h.children if c.dep_ == "prep"):
            if prep.lower_ not in ("in", "into", "at"):
                continue
            for place in (p for p in prep.children if p.dep_ == "pobj"):
                where = actors.named_by(place)
                if where is None or where == owner:
                    continue
                cls = classes.get(where)
                entry = gazetteer.entries.get(where)
                at_home = cls is ActorClass.PLACE and (
                    entry is None or entry.state in (None, owner)
                )
                if cls in (ActorClass.STATE, ActorClass.PLACE) and not at_home:
                    yield Assertion(
                        owner,
                        Relation.DEPLOYS_FORCES_TO,
                        where,
                        evidence(noun.sent, STATIONED, confidence),
                    )


def _denied_forces(noun: Token) -> bool:
    """Whether the text says the forces are not there: "no U.S. troops", "not a single
    soldier", or a negated verb they hang from ("did not send troops")."""
    if any(c.lower_ in ("no", "not", "never") or c.dep_ == "neg" for c in noun.children):
        return True
    return is_negated(noun) or is_hypothetical(noun)


def _force_owner(token: Token, actors: ArticleActors, classes: dict[str, ActorClass]) -> str | None:
    """The State or bloc a force's modifier names ("US", "Polish", "Israel's"); "its" is the
    clause's subject's when that is a State ("Poland ... its troops")."""
    if token.dep_ not in _OWNER_DEPS:
        return None
    key = actors.named_by(token)
    if key is None and token.lower_ == "its":
        clause = next((t for t in token.ancestors if t.pos_ in ("VERB", "AUX")), None)
        subjects = [c for c in clause.children if c.dep_ == "nsubj"] if clause else []
        key = actors.named_by(subjects[0]) if len(subjects) == 1 else None
    return key if key is not None and classes.get(key) in _OWNERS else None


@register_extractor(LOCATION)
def location(reading: Reading) -> Iterator[Assertion]:
    """`locatedIn` from "Niamey, Niger" and "Tillaberi region of Niger"."""
    doc, classes, gazetteer = reading.doc, reading.classes, reading.resources.gazetteer
    mentions = reading.actors.mentions
    confidence = reading.confidence(LOCATION, "place_in_state")
    dateline = _dateline_pair(doc, mentions)
    if dateline is not None and fits_signature(
        Relation.LOCATED_IN, classes[dateline[0].key], classes[dateline[1].key]
    ):  # "NAJAF, Iraq (Reuters) -": the dateline's region is where its city lies
        sentence = doc[dateline[0].start].sent
        yield Assertion(
            dateline[0].key,
            Relation.LOCATED_IN,
            dateline[1].key,
            evidence(sentence, LOCATION, confidence),
        )
    for place, owner in _named_after_possessed_noun(reading):  # "Iraq's oilfields at Nowruz"
        yield Assertion(
            place.key,
            Relation.LOCATED_IN,
            owner,
            evidence(doc[place.start].sent, LOCATION, confidence),
        )
    for left, right in itertools.pairwise(mentions):
        if dateline is not None and (left, right) == dateline:
            continue
        if _possessed_place(reading, left, right):  # "Iran's Kharg island"
            yield Assertion(
                right.key,
                Relation.LOCATED_IN,
                left.key,
                evidence(doc[left.start].sent, LOCATION, confidence),
            )
            continue
        if classes.get(left.key) is not ActorClass.PLACE or left.demonym or right.demonym:
            continue
        between = doc[left.end : right.start]
        if not _locates(between):
            continue
        entry = gazetteer.entries.get(left.key)
        if entry is not None and entry.state != right.key:
            continue  # "Europe, Russia": a known place lies only in its own country
        if _in_place_list(reading, mentions, left, right) or _modifies_next(doc, right):
            continue
        if _listed_next(doc, between, right, gazetteer.entries):
            continue
        if left.key != right.key and fits_signature(
            Relation.LOCATED_IN, classes[left.key], classes[right.key]
        ):
            yield Assertion(
                left.key,
                Relation.LOCATED_IN,
                right.key,
                evidence(doc[left.start].sent, LOCATION, confidence),
            )


_DIRECTIONS = frozenset(
    {"north", "south", "east", "west", "central", "northern", "southern", "eastern", "western"}
    | {"northeastern", "northwestern", "southeastern", "southwestern", "far", "remote"}
)


def _locates(between: Span) -> bool:
    """Words between a place and where it lies: ",", "in", "region of", "island in the
    southern", "province in the northern island of"."""
    words = [t.lower_ for t in between]
    if words == [","]:
        return True
    if not words or words[0] == "of" or not ({"in", "of"} & set(words)):
        return False  # "of" locates only after a place noun ("region of")
    allowed = PLACE_NOUNS | _DIRECTIONS | {"in", "of", "the"}
    return all(w in allowed for w in words) and words[-1] in ("in", "of", "the", *_DIRECTIONS)


def _named_after_possessed_noun(reading: Reading) -> Iterator[tuple[Mention, str]]:
    """ "Iraq's third-largest city, Mosul", "the country's capital, Baghdad", "Iran's
    offshore oilfields at Nowruz": a place named after a place noun a State possesses, by a
    comma or "of" or "at", lies in that State, unless the gazetteer puts it in another."""
    doc, actors, classes = reading.doc, reading.actors, reading.classes
    for place in actors.mentions:
        if place.demonym or classes.get(place.key) is not ActorClass.PLACE or place.start < 3:
            continue
        root = doc[place.start : place.end].root
        if doc[place.start - 1].text == ",":
            noun = doc[place.start - 2]
        elif root.dep_ == "pobj" and root.head.lower_ in ("of", "at"):
            noun = root.head.head  # "Iran's offshore oilfields at Nowruz"
        elif root.dep_ == "appos" and root.head.i < root.i:
            noun = root.head  # "the Ukrainian capital Kiev"
        else:
            continue
        if noun.lower_ not in PLACE_NOUNS | {"capital"} or noun.pos_ != "NOUN":
            continue
        for child in noun.children:
            # "Iraq's port of Basra", and by nationality "the Iraqi port of Basra"
            if child.dep_ != "poss" and not (
                child.dep_ == "amod" and _is_demonym_at(actors, child.i)
            ):
                continue
            owner = actors.named_by(child)
            if owner is None or classes.get(owner) is not ActorClass.STATE:
                continue
            entry = reading.resources.gazetteer.entries.get(place.key)
            if entry is None or entry.state in (None, owner):
                yield place, owner


def _possessed_place(reading: Reading, owner: Mention, place: Mention) -> bool:
    """ "Iran's Kharg island", "Nigeria's Lagos": a State's or region's place lies in it,
    unless the gazetteer puts it in another State."""
    classes, doc = reading.classes, reading.doc
    if owner.demonym or place.demonym or owner.key == place.key:
        return False
    between = [t.lower_ for t in doc[owner.end : place.start]]
    if not between or between[0] not in ("'s", "’s") or not set(between[1:]) <= _DIRECTIONS:
        return False  # "Iran's Kharg island", "Afghanistan's eastern Kunar province"
    if classes.get(place.key) is not ActorClass.PLACE or classes.get(owner.key) not in (
        ActorClass.STATE,
        ActorClass.PLACE,
    ):
        return False
    entry = reading.resources.gazetteer.entries.get(place.key)
    return entry is None or entry.state in (None, owner.key)


def _dateline_pair(doc: Doc, mentions: list[Mention]) -> tuple[Mention, Mention] | None:
    """The mentions of the opening dateline's city and of its region, if both are actors."""
    spans = dateline_region(doc_text(doc))
    if spans is None:
        return None
    at = {doc[m.start].idx: m for m in mentions if not m.demonym}
    city, region = at.get(spans[0][0]), at.get(spans[1][0])
    if city is None or region is None or city.key == region.key:
        return None
    return city, region


_LIST_GLUE = frozenset({",", "and", "or", ", and", ", or"})


def _in_place_list(
    reading: Reading, mentions: list[Mention], left: Mention, right: Mention
) -> bool:
    """ "Boston, Atlanta, Memphis and Minneapolis": the comma lists places, it does not
    locate one in the next. A place followed by a place (not a State, as in "Agadez and
    Tahoua, Niger") is a list when another place of the same class goes before or after."""
    doc, classes = reading.doc, reading.classes
    if classes.get(right.key) is not ActorClass.PLACE:
        return False
    index = mentions.index(left)
    neighbours = []
    if index > 0:
        neighbours.append((mentions[index - 1], left))
    if index + 2 < len(mentions):
        neighbours.append((right, mentions[index + 2]))
    return any(
        doc[first.end : second.start].text.strip() in _LIST_GLUE
        and classes.get(first.key) is classes.get(second.key)
        and not (first.demonym or second.demonym)
        for first, second in neighbours
    )


def _listed_next(doc: Doc, between: Span, right: Mention, known: Container[str]) -> bool:
    """ "married two sisters in Cincinnati, Olivia and Elizabeth": a name no gazetteer
    knows after a comma, itself followed by "and"/"or", is the next item of a list ("A, B
    and C"), not the region the place before lies in ("Kenosha, Wis., and ..." keeps its
    comma before the "and")."""
    return (
        between.text == ","
        and right.key not in known
        and right.end < len(doc)
        and doc[right.end].lower_ in ("and", "or")
    )


def _modifies_next(doc: Doc, right: Mention) -> bool:
    """ "in Dalian, U.S. Secretary of State George Shultz said": the state after the comma
    qualifies the next noun, it does not locate the place before it."""
    root = doc[right.start : right.end].root
    return root.dep_ in ("compound", "amod", "nmod") and root.head.i >= right.end


_HYPHEN_RELATIONS = {
    "back": Relation.AFFILIATED_WITH,
    "support": Relation.SUPPORTS,
    "sponsor": Relation.AFFILIATED_WITH,
    "fund": Relation.AFFILIATED_WITH,
}


@register_extractor(COMPOUND)
def compound(reading: Reading) -> Iterator[Assertion]:
    """ "the Kremlin-backed Wagner", "the junta-supporting volunteer force", "Russia's Wagner
    Group": a modifier that ties a group to its patron."""
    doc, actors, classes = reading.doc, reading.actors, reading.classes
    for token in doc:
        relation = _HYPHEN_RELATIONS.get(token.lemma_)
        if (
            relation is not None
            and token.i >= 2
            and doc[token.i - 1].text in ("-", "–")
            and not doc[token.i - 2].whitespace_  # "AP - Backed by ...": a credit's dash
            and not doc[token.i - 1].whitespace_
        ):
            patron = actors.token_actor.get(doc[token.i - 2].i)
            head = token.head
            client = actors.token_actor.get(head.i) or next(
                (
                    actors.token_actor[c.i]
                    for c in head.subtree
                    # the words between the modifier and its noun ("Kremlin-backed Wagner
                    # fighters"), not a phrase after the noun ("a UN-backed plan to try
                    # leaders of the regime" backs no regime)
                    if c.i in actors.token_actor and token.i < c.i <= head.i
                ),
                None,
            )
            if (
                patron
                and client
                and patron != client
                and fits_signature(relation, classes[client], classes[patron])
            ):
                yield Assertion(
                    client,
                    relation,
                    patron,
                    evidence(
                        token.sent, COMPOUND, reading.confidence(COMPOUND, "hyphenated_patron")
                    ),
                )
    for mention in actors.mentions:
        if classes.get(mention.key) is not ActorClass.ARMED_GROUP:
            continue
        span = doc[mention.start : mention.end]
        if not any(t.pos_ == "PROPN" for t in span):
            # "Colombia's right-wing paramilitaries", "Sudan's rebels": a group named only
            # by its kind, whose State's possessive says where it fights, not who backs it
            continue
        root = span.root
        for child in root.children:
            patron = actors.token_actor.get(child.i)
            if child.dep_ == "poss" and patron and classes.get(patron) is ActorClass.STATE:
                yield Assertion(  # "Russia's Wagner Group"
                    mention.key,
                    Relation.AFFILIATED_WITH,
                    patron,
                    evidence(
                        root.sent, COMPOUND, reading.confidence(COMPOUND, "possessive_patron")
                    ),
                )


_SELF = frozenset({"themselves", "itself", "us", "ourselves", "them", "it"})
_ASSAULT_NOUNS = frozenset(
    {"attack", "aggression", "war", "intervention", "invasion", "declaration"}
)


def _subject_actors(sentence: Span, actors: ArticleActors) -> list[str]:
    root = sentence.root
    return [
        actors.token_actor[t.i]
        for c in root.children
        if c.dep_ in ("nsubj", "nsubjpass")
        for t in c.subtree
        if t.i in actors.token_actor and not _is_demonym_at(actors, t.i)
    ]


def _is_demonym_at(actors: ArticleActors, index: int) -> bool:
    return any(m.demonym and m.start <= index < m.end for m in actors.mentions)


@register_extractor(ALLIANCE)
def alliance(reading: Reading) -> Iterator[Assertion]:
    """ "would consider any armed intervention in Niger as an attack on themselves", "an
    intervention in Niger would be a declaration of war against them": whoever treats an
    attack on X as one on itself is allied with X."""
    doc, actors, classes = reading.doc, reading.actors, reading.classes
    confidence = reading.confidence(ALLIANCE, "attack_on_itself")
    previous: Span | None = None
    for sentence in doc.sents:
        pledge = [
            t
            for t in sentence
            if t.lemma_ in _ASSAULT_NOUNS
            and any(
                p.lower_ in _SELF
                for c in t.children
                if c.dep_ == "prep" and c.lower_ in ("on", "against")
                for p in c.children
            )
        ]
        if pledge:
            allies = [
                actors.token_actor[p.i]
                for t in sentence
                if t.lemma_ in _ASSAULT_NOUNS and t not in pledge
                for c in t.children
                if c.dep_ == "prep" and c.lower_ in ("in", "on", "against")
                for p in c.subtree
                if p.i in actors.token_actor
            ]
            subjects = _subject_actors(sentence, actors)
            if (
                not subjects
                and previous is not None
                and any(t.lower_ in ("they", "it", "we") and t.dep_ == "nsubj" for t in sentence)
            ):
                subjects = _subject_actors(previous, actors)
            for subject in dict.fromkeys(subjects):
                for ally in dict.fromkeys(allies):
                    if subject != ally and fits_signature(
                        Relation.ALLIES_WITH, classes[subject], classes[ally]
                    ):
                        yield Assertion(
                            subject,
                            Relation.ALLIES_WITH,
                            ally,
                            evidence(sentence, ALLIANCE, confidence),
                        )
        previous = sentence


_APPOSITIVE_TIES = {
    "partner": Relation.COOPERATES_WITH,
    "ally": Relation.ALLIES_WITH,
    "neighbor": Relation.BORDERS,
    "neighbour": Relation.BORDERS,
}


@register_extractor(NEIGHBOUR)
def neighbour(reading: Reading) -> Iterator[Assertion]:
    """Ties to the article's own country that the text states in passing: "neighboring
    Burkina Faso", "Nigeria, an essential trade partner" (in a story about Niger)."""
    doc, actors, classes = reading.doc, reading.actors, reading.classes
    focus = actors.focus_state
    if focus is None or not actors.dominant_focus:
        return
    for mention in actors.mentions:
        if mention.key == focus or classes.get(mention.key) is not ActorClass.STATE:
            continue
        root = doc[mention.start : mention.end].root
        relation = None
        if any(c.lower_ in ("neighboring", "neighbouring") for c in root.children):
            relation = Relation.BORDERS
        for child in root.children:
            if (
                child.dep_ == "appos"
                and child.lemma_ in _APPOSITIVE_TIES
                and not any(c.dep_ == "prep" for c in child.children)
            ):
                relation = _APPOSITIVE_TIES[child.lemma_]
        if relation is not None and fits_signature(relation, classes[focus], classes[mention.key]):
            yield Assertion(
                focus,
                relation,
                mention.key,
                evidence(root.sent, NEIGHBOUR, reading.confidence(NEIGHBOUR, "stated_in_passing")),
            )
