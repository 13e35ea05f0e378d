"""Titles and roles: "President Mohamed Bazoum", "Zaitsev, a spokesman for the ministry".

A person with an office title becomes an `Official` with `leaderOf`/`officialOf` the
polity named beside the title; a person described as an analyst or journalist "at X"
stays a `Person` `affiliatedWith` X.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from kg.extract.registry import Reading, evidence, register_extractor
from kg.extract.role_time import (
    FORMER,
    DatedRole,
    RoleCues,
    fold_name,
    former_office_country,
    load_dated_roles,
    load_office_holders,
    load_role_cues,
    office_country,
    settle,
    state_of,
    status_of,
    table_time,
    verb_status,
)
from kg.model import Assertion
from kg.nlp.gazetteer import Entry, Gazetteer, Role
from kg.nlp.headline import doc_text
from kg.resolve.actors import ArticleActors, Mention
from kg.resolve.governments import state_counts
from kg.resolve.names import dateline_city
from kg.text import slugify
from kg.vocab import ActorClass, Relation, fits_signature

ROLES = "kg.roles.v1"
_MAX_TITLE_TOKENS = 8
_MAX_TITLE_WORDS = 6
"""The longest title of `roles.csv` in words: "minister of state for foreign affairs"."""
_STATE_CLASSES = frozenset({ActorClass.STATE, ActorClass.GOVERNMENT})
_POLITY_CLASSES = frozenset(
    {ActorClass.STATE, ActorClass.GOVERNMENT, ActorClass.BLOC, ActorClass.ARMED_GROUP}
)


@dataclass(frozen=True, slots=True)
class PersonRole:
    """A person, the role a title gives them, and the polity it belongs to (if named)."""

    person: str
    role: Role
    polity: str | None
    sentence: Span
    status: str | None = None
    """`former` / `current` when the title phrase or a verb on the person says so."""
    names: tuple[str, ...] = ()
    """The person's names in the article, with the title ("President Reagan"): what the
    dated roles are looked up by."""


def _classes(actors: ArticleActors, gazetteer: Gazetteer) -> dict[str, ActorClass]:
    classes: dict[str, ActorClass] = {}
    for mention in actors.mentions:
        entry = gazetteer.entries.get(mention.key)
        if entry is not None:
            classes[mention.key] = entry.cls
        elif mention.key.startswith("gov:"):
            classes[mention.key] = ActorClass.GOVERNMENT
    return classes


def _mention_class(key: str, actors: ArticleActors, gazetteer: Gazetteer) -> ActorClass:
    if key in actors.person_keys:
        return ActorClass.PERSON
    entry = gazetteer.entries.get(key)
    return entry.cls if entry else ActorClass.ORGANIZATION


@dataclass(frozen=True, slots=True)
class TitleMatch:
    """A title found in a token window: its head word and its words, as window indexes."""

    anchor: int
    start: int
    end: int
    role: Role


def _match_titles(tokens: list[Token], gazetteer: Gazetteer) -> list[TitleMatch]:
    """Find role titles in a token window, longest first; returned in text order."""
    found: list[TitleMatch] = []
    covered: set[int] = set()
    for size in range(_MAX_TITLE_WORDS, 0, -1):
        for i in range(len(tokens) - size + 1):
            if covered.intersection(range(i, i + size)):
                continue
            words = [t.text for t in tokens[i : i + size]]
            joined = " ".join(words)
            plural = joined[:-1].lower() if joined.endswith("s") else ""
            for text in (joined.lower(), "".join(words).lower(), plural):
                role = gazetteer.roles.get(text) if text else None
                if role is not None and text == plural and role.title.lower() != plural:
                    role = None  # "press" is no plural of the abbreviation "Pres"
                if role is not None:
                    span = tokens[i : i + size]
                    inside = {t.i for t in span}
                    # the title's head word: "head" in "head of state"
                    root = next((k for k, t in enumerate(span) if t.head.i not in inside), size - 1)
                    found.append(TitleMatch(i + root, i, i + size, role))
                    covered.update(range(i, i + size))
                    break
    return sorted(found, key=lambda f: f.anchor)


_TITLE_MARKS = frozenset({".", "'s", "’s", "-", "‑", "–"})
"""Punctuation inside a title phrase: "U.S.", "Japan's", "Vice-President"."""


def _spaced_dash(doc: Doc, i: int) -> bool:
    """Whether a dash stands apart between spaces ("Reuters - The ..."), as no title's own
    hyphen ("Vice-President") does."""
    token = doc[i]
    return (
        token.text in ("-", "--", "–", "—")
        and bool(token.whitespace_)
        and i > 0
        and bool(doc[i - 1].whitespace_)
    )


def _window_before(doc: Doc, mention: Mention) -> list[Token]:
    window: list[Token] = []
    i = mention.start - 1
    while i >= 0 and len(window) < _MAX_TITLE_TOKENS:
        token = doc[i]
        if token.text == ")" and i >= 2 and doc[i - 2].text == "(" and doc[i - 1].is_upper:
            i -= 3  # "Democratic Justice Party (DJP) chairman Roh Tae-woo": an acronym aside
            continue
        if token.is_sent_end or (token.is_punct and token.text not in _TITLE_MARKS):
            break
        if token.pos_ in ("VERB", "AUX", "ADP") and token.lower_ not in ("of", "to", "for", "at"):
            break
        if token.pos_ == "SCONJ" or token.dep_ == "mark":
            break  # "outside Haiti's palace while Secretary of State X": another clause's
        if _spaced_dash(doc, i):
            break  # "Reuters - American economist X": a credit's dash, no employer before it
        window.insert(0, token)
        i -= 1
    return window


def _coordinated(tokens: list[Token]) -> bool:
    return any(t.pos_ == "CCONJ" for t in tokens)


def _appositive(doc: Doc, mention: Mention, actors: ArticleActors) -> list[Token]:
    root = doc[mention.start : mention.end].root
    tokens: list[Token] = []
    titled = _window_before(doc, mention)  # "China's military chief, General Liang": the
    comma = titled[0].i - 1 if titled else mention.start - 1  # phrase before the title's comma
    if comma > 0 and doc[comma].text == ",":
        # "The new U.S. ambassador to Niger, Kathleen FitzGibbon": the title before the comma,
        # unless it is another person's ("former Texas Sen. John Tower, Reagan is ...")
        before = Mention(comma, mention.end, mention.key, mention.text)
        window = _window_before(doc, before)
        others = any(actors.token_actor.get(t.i) in actors.person_keys for t in window)
        # "a speech to mayors and local officials, Sarney said": a plural is no apposition
        plural = bool(window) and window[-1].tag_ in ("NNS", "NNPS")
        if not others and not plural:
            tokens.extend(window)
    for child in root.children:
        if child.dep_ == "appos":
            tokens.extend(t for t in child.subtree if not _a_relatives_title(child, t))
    if root.dep_ == "appos" and root.head.i < mention.start:
        tokens.extend(t for t in root.head.subtree if t.i < mention.start)
    return sorted({t.i: t for t in tokens}.values(), key=lambda t: t.i)


_KIN = frozenset(
    {"son", "daughter", "wife", "husband", "widow", "widower", "brother", "sister", "father"}
    | {"mother", "nephew", "niece", "cousin", "uncle", "aunt", "grandson", "granddaughter"}
    | {"child", "heir", "son-in-law", "brother-in-law", "half-brother"}
)


def _a_relatives_title(appos: Token, token: Token) -> bool:
    """Whether a word of an apposition is in the possessive of a kinship noun ("Prince X,
    the king's son": the king is his father, the title not his)."""
    if appos.lemma_.lower() not in _KIN:
        return False
    return any(c.dep_ == "poss" and token.i in {t.i for t in c.subtree} for c in appos.children)


def _polity(
    tokens: list[Token],
    anchor: int,
    actors: ArticleActors,
    classes: dict[str, ActorClass],
    person: str,
    wanted: frozenset[ActorClass],
    title: tuple[frozenset[int], bool] = (frozenset(), False),
) -> str | None:
    """The polity named nearest the title in its phrase. A body the title's own words name
    is the polity of a leadership title ("junta leader"); for an office it is no polity
    ("Treasury" in "Treasury Secretary"), but the State named with it is ("U.S. Treasury
    Secretary")."""
    span, lead = title
    best: tuple[int, str] | None = None
    named_by_title = {actors.token_actor[i] for i in span if i in actors.token_actor}
    employer = ActorClass.STATE not in wanted
    for pos, token in enumerate(tokens):
        key = actors.named_by(token)
        if key is not None and key in named_by_title and not lead:
            if token.i in span or not key.startswith("gov:"):
                continue
            key = state_of(key)  # the State's words in the body's name
        if key is None or key == person or classes.get(key) not in wanted:
            continue
        distance = abs(pos - anchor)
        if employer and pos < anchor:
            # "ESPN senior NFL writer", "CNN White House correspondent": before a
            # writer's title the first body named employs them, the next is their beat
            distance = pos - len(tokens)
        if best is None or distance < best[0]:
            best = (distance, key)
    return best[1] if best else None


def _through_a_part(role: Token, polity: str, actors: ArticleActors, title: frozenset[int]) -> bool:
    """Whether the title's "of" phrase names a part of the polity rather than the polity
    ("of international trade policy of the Ministry ..."), so the title leads the part."""
    for prep in (c for c in role.children if c.dep_ == "prep" and c.i not in title):
        for pobj in (p for p in prep.children if p.dep_ == "pobj"):
            if actors.named_by(pobj) is not None:
                return False
            if any(actors.token_actor.get(t.i) == polity for t in pobj.subtree):
                return True
    return False


_NO_POLITY = "-"
"""The role word governs no "of"/"for"/"at" phrase: fall back to the nearest polity."""
_UNKNOWN_BODY = "?"
"""The role word heads an "of" phrase naming a body we do not know (an NGO, a firm)."""


def _names_state_body(phrase: Token, bodies: frozenset[str]) -> bool:
    """ "the lower house of the Argentine Parliament": the phrase names a governing body."""
    for token in phrase.subtree:
        if token.pos_ not in ("NOUN", "PROPN"):
            continue
        words = [c.lower_ for c in token.lefts if c.dep_ in ("amod", "compound")]
        words.append(token.lower_)
        if any(" ".join(words[k:]) in bodies for k in range(len(words))):
            return True
    return False


def _syntactic_polity(
    role: Token,
    actors: ArticleActors,
    classes: dict[str, ActorClass],
    person: str,
    title: frozenset[int] = frozenset(),
    bodies: frozenset[str] = frozenset(),
) -> str | None:
    """Read the polity off the role word's own phrase: "president of X", "fellow at X",
    "director of global programs at X", "speaker of the lower house of X's parliament"."""
    unknown = False
    for child in role.children:
        if child.dep_ == "poss":  # "the country's new head of state", "Niger's president"
            key = actors.named_by(child)
            if key is not None and key != person:
                return key
    preps = [
        c  # the "of state" in "secretary of state" is part of the title, not a polity
        for c in role.children
        if c.dep_ == "prep" and c.lower_ in ("of", "for", "at", "with") and c.i not in title
    ]
    for prep in preps:
        for pobj in (p for p in prep.children if p.dep_ == "pobj"):
            key = actors.named_by(pobj)
            if key == person:  # the parse hangs the name itself on the title's "of"
                continue
            if key is None:  # an unknown body, or a body named further in: "programs at X"
                inner = [
                    actors.token_actor[c.i]
                    for c in pobj.subtree
                    if c.i in actors.token_actor and actors.token_actor[c.i] != person
                ]
                if inner and classes.get(inner[0]) is not ActorClass.STATE:
                    return inner[0]
                if inner and _names_state_body(pobj, bodies):
                    return inner[0]  # an office in a State's parliament, ministry, army
                unknown = True  # "Association ... in Niger": not an office of Niger
                continue
            return key
    return _UNKNOWN_BODY if unknown else _NO_POLITY


_HEAD_OF_STATE = frozenset(
    {"president", "prime minister", "head of state", "king", "queen", "emir"}
)
_CHANCELLOR_STATES = frozenset({"wd:Q183", "wd:Q40", "wd:Q713750", "wd:Q16957"})
"""States whose chancellor heads the government: Germany, Austria, West and East Germany
(Britain's is its finance minister)."""
_HEADS_OF_STATE_OR_GOVERNMENT = _HEAD_OF_STATE | {
    "dictator",
    "acting president",
    "acting prime minister",
    "chancellor",
    "head of government",
    "interim president",
    "interim prime minister",
    "monarch",
    "premier",
    "sultan",
    "supreme leader",
    "transitional president",
    "transitional prime minister",
}
"""Titles that lead a State itself: a leadership title of any other body ("Senate
leader", "chairman") tied to a State only by the text around it or by the dated roles is
an office of that State, not its lead."""
_PREDICATE_VERBS = frozenset(
    {"be", "become", "declare", "name", "appoint", "elect", "swear", "install"}
)


_GROUP_WORDS = frozenset(
    {"rebel", "insurgent", "militant", "guerrilla", "separatist", "opposition", "union"}
    | {"religious", "spiritual", "muslim", "islamic", "islamist", "christian", "catholic"}
    | {"shiite", "shia", "sunni", "kurdish", "tribal", "community", "student", "business"}
    | {"party", "labor", "labour", "militia", "resistance", "protest", "church", "clan"}
)
"""Words of a group a leader may lead inside a State ("Sudan's rebel leader")."""
_GROUP_LEADS = frozenset({"leader", "rebel leader", "head", "chief", "chairman", "commander"})
"""Leadership titles that say nothing of what is led ("Iraq's Shiite prime minister"
heads the State whatever the word before it)."""


def _leads_a_group(
    window: list[Token], title: TitleMatch, polity: str, actors: ArticleActors
) -> bool:
    """Whether a leadership title's phrase, from the State named to the title's end,
    names a group inside the State that the title leads instead."""
    tokens = window[: title.end]
    at = [k for k, t in enumerate(tokens) if actors.named_by(t) == polity]
    start = at[-1] + 1 if at else 0
    return any(t.lower_ in _GROUP_WORDS for t in tokens[start:])


_TEAM_ROLES = frozenset({"captain"})
"""Titles that, given by a State rather than by one of its forces, belong to a team."""
_ASIDES = frozenset({"appos"})


def _role_phrase(noun: Token) -> list[Token]:
    """The words of a role noun's own phrase, without an apposition to it ("as Catholic
    leader, an event unthinkable before the fall of the Soviet Union": the apposition
    comments on the occasion, it names no polity of the role; a relative clause may, "a
    writer who covers funds for Reuters")."""
    tokens = [noun]
    for child in noun.children:
        if child.dep_ not in _ASIDES:
            tokens.extend(child.subtree)
    return sorted(tokens, key=lambda t: t.i)


def _predicate(doc: Doc, mention: Mention) -> list[Token]:
    """ "Tiani ... was declared the country's new head of state": the role the clause gives."""
    root = doc[mention.start : mention.end].root
    verb = root.head
    subject = root.dep_ in ("nsubj", "nsubjpass")
    described = _described_subject(doc, mention)
    if described is not None and described.head.lemma_ in _PREDICATE_VERBS:
        # "The leader of X, Gianfranco Fini, is appointed foreign minister": the name set
        # off by commas after the subject is the subject
        verb, subject = described.head, True
    if subject and verb.lemma_ in _PREDICATE_VERBS:
        return [t for c in verb.children if c.dep_ in ("attr", "oprd") for t in _role_phrase(c)]
    for clause in (c for c in root.children if c.dep_ == "relcl"):
        if clause.lemma_ in _PREDICATE_VERBS:  # "X, who is also foreign minister of Y,"
            attrs = [c for c in clause.children if c.dep_ in ("attr", "oprd")]
            if attrs:
                return [t for c in attrs for t in _role_phrase(c)]
    # "Conable, who has completed his first year as head of the World Bank"; "X, serving
    # as finance minister": the capacity the person acts in
    verbs = [c for c in root.children if c.dep_ in ("relcl", "acl")]
    verbs += [verb] if subject else []
    heads = [*verbs, *(c for v in verbs for c in v.children if c.dep_ in ("dobj", "npadvmod"))]
    return [
        t
        for head in heads
        for prep in head.children
        if prep.dep_ == "prep" and prep.lower_ == "as"
        for pobj in prep.children
        if pobj.dep_ == "pobj"
        for t in _role_phrase(pobj)
    ]


def _described_subject(doc: Doc, mention: Mention) -> Token | None:
    """The subject a name in apposition renames: "The leader of Italy's National Alliance,
    Gianfranco Fini, is appointed ..." (the parser may hang the name on the nearer noun,
    "Alliance"), when commas set the name off right before the subject's verb."""
    root = doc[mention.start : mention.end].root
    if root.dep_ != "appos" or mention.start < 1 or doc[mention.start - 1].text != ",":
        return None
    if mention.end >= len(doc) or doc[mention.end].text != ",":
        return None
    head = root.head
    while head.dep_ in ("pobj", "prep"):
        head = head.head
    if head.dep_ not in ("nsubj", "nsubjpass") or head.i > mention.start:
        return None
    between = doc[mention.end + 1 : head.head.i]  # "is", "was later", none
    if head.head.i <= mention.end or not all(t.dep_ in _VERB_PARTS for t in between):
        return None
    return head


_VERB_PARTS = frozenset({"aux", "auxpass", "neg", "advmod"})


@dataclass(frozen=True, slots=True)
class _Article:
    """What the polity of a title is read from, beyond the title phrase itself."""

    doc: Doc
    actors: ArticleActors
    classes: dict[str, ActorClass]
    gazetteer: Gazetteer
    bodies: frozenset[str]
    """Names of governing bodies ("parliament", "lower house"): an office in one of a
    State's is an office of that State."""
    ties: dict[str, tuple[str, ...]]
    """Person -> the actors the text ties them to outside a title ("Canada's Mulroney",
    "King Hussein of Jordan")."""
    published: str | None
    title_words: frozenset[str] = frozenset()
    """Every word of every title (`_title_words`)."""


def _text_ties(doc: Doc, actors: ArticleActors, gazetteer: Gazetteer) -> dict[str, tuple[str, ...]]:
    """ "Canada's Mulroney", "Hussein of Jordan", "Kinnock of the Labour Party": what
    each person is said to belong to, beside their name."""
    ties: dict[str, list[str]] = {}
    for mention in actors.mentions:
        if mention.key not in actors.person_keys:
            continue
        found = ties.setdefault(mention.key, [])
        inner = [t.i for t in doc[mention.start : mention.end] if t.lower_ == "of"]
        if inner:  # the name itself says it: "Hussein of Jordan" read as one name
            key = gazetteer.surface_index.get(doc[inner[-1] + 1 : mention.end].text)
            if key is not None and key != mention.key:
                found.append(key)
        if mention.start > 1 and doc[mention.start - 1].lower_ in ("'s", "’s"):
            key = actors.token_actor.get(doc[mention.start - 2].i)
            if key is not None and key != mention.key:
                found.append(key)
        root = doc[mention.start : mention.end].root
        for prep in (c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"):
            for pobj in (p for p in prep.children if p.dep_ == "pobj"):
                key = actors.token_actor.get(pobj.i)
                if key is not None and key != mention.key:
                    found.append(key)
    return {person: tuple(dict.fromkeys(keys)) for person, keys in ties.items() if keys}


def _unread_nationality(window: list[Token], actors: ArticleActors) -> bool:
    """ "Soviet leader X" when "Soviet" names no State we know: the text names a country,
    so no table or focus may put another in its place."""
    return any(
        t.ent_type_ in ("NORP", "GPE")
        and t.i not in actors.token_actor
        and t.lower_ not in _PARTY_OR_FAITH
        for t in window
    )


def _unread_body(window: list[Token], title: TitleMatch, article: _Article) -> bool:
    """ "Bundesbank President X", "Exxon Chairman X": a name before the title that is no
    polity we know names the body the title belongs to, so no State may stand in for it."""
    token_actor = article.actors.token_actor
    return any(
        t.pos_ == "PROPN"
        and article.classes.get(token_actor.get(t.i, "")) not in _POLITY_CLASSES
        and t.lower_ not in _PARTY_OR_FAITH
        and t.text not in article.gazetteer.honorifics
        and t.text.lower() not in article.gazetteer.roles
        and t.ent_type_ not in ("DATE", "TIME")  # "resigned Monday after President X"
        for t in window[: title.start]
    )


def _body_between(phrase: list[Token], polity: str, title: Token, article: _Article) -> bool:
    """ "U.S. Ryder Cup captain X", "U.S. Olympic Committee president Y": a name between a
    State and the title, which is no polity, no governing body and no place, names the
    team, event or firm the title belongs to, so the State is only its nationality; so
    does one right before the State ("Amoco Canada president Z")."""
    if article.classes.get(polity) is not ActorClass.STATE:
        return False
    token_actor = article.actors.token_actor
    at = [t.i for t in phrase if t.i < title.i and article.actors.named_by(t) == polity]
    if not at:
        return False

    def names_a_body(t: Token) -> bool:
        return (
            t.pos_ == "PROPN"
            and any(c.isalpha() for c in t.text)  # the tagger's PROPN "-" of "Vice-Finance"
            and article.classes.get(token_actor.get(t.i, ""))
            not in _POLITY_CLASSES | {ActorClass.PLACE}
            and t.lower_ not in _PARTY_OR_FAITH
            and t.text not in article.gazetteer.honorifics
            and t.lower_ not in article.gazetteer.roles
            and t.ent_type_ not in ("DATE", "TIME", "GPE", "LOC", "NORP", "FAC")
            and t.lower_.rstrip(".") not in article.title_words  # "U.S. Deputy Secretary"
        )

    first = min(i for i in at if all(j in at for j in range(i, max(at) + 1)))
    before = title.doc[first - 1] if first > 0 else None
    if before is not None and before.i in {t.i for t in phrase} and names_a_body(before):
        return True  # "Amoco Canada president X": the State's name ends a firm's
    between = list(title.doc[max(at) + 1 : title.i])
    words = [t.lower_ for t in between]
    pairs = {f"{a} {b}" for a, b in pairwise(words)}
    if (set(words) | pairs) & (article.bodies | _STATE_HEADS):
        return False  # "U.S. Senate Majority Leader", "U.S. Supreme Court Justice"
    return any(names_a_body(t) for t in between)


def _title_words(gazetteer: Gazetteer) -> frozenset[str]:
    """Every word of every title ("deputy", "trade", "representative"), so that a title's
    word is never read as a firm's name ("Deputy U.S. Trade Representative"). Made once
    per table of titles (the dated views of `as_of` share it), not once per article."""
    roles = gazetteer.roles
    cached = _TITLE_WORDS.get(id(roles))
    if cached is None or cached[0] is not roles:  # an id reused by a newer table
        words = frozenset(w.rstrip(".") for title in roles for w in title.split())
        cached = _TITLE_WORDS[id(roles)] = (roles, words)
    return cached[1]


_TITLE_WORDS: dict[int, tuple[object, frozenset[str]]] = {}


_STATE_HEADS = frozenset(
    {"council", "ministry", "department", "agency", "commission", "court", "assembly"}
    | {"house", "office", "bureau", "service", "administration", "authority", "chamber"}
)
"""Head words of a State's institutions ("Security Council", "Trade Commission"): a title
after one is an office of the State."""


_PARTY_OR_FAITH = frozenset(
    [
        "republican",
        "democratic",
        "democrat",
        "conservative",
        "labour",
        "labor",
        "liberal",
        "socialist",
        "communist",
        "christian",
        "catholic",
        "protestant",
        "moslem",
        "muslim",
        "islamic",
        "shiite",
        "shi'ite",
        "sunni",
        "jewish",
        "green",
    ]
)
"""Group words the parser labels like nationalities: "Senate Republican leader" names
no country."""


def _dated_roles(entry: Entry | None, names: Iterable[str]) -> list[DatedRole]:
    """What the PETRARCH-2 tables date of a person: the offices of their names as the text
    writes them, and the roles of their gazetteer entry."""
    roles = [r for name in names for r in load_office_holders().get(fold_name(name), ())]
    if entry is not None:
        roles.extend(load_dated_roles().get(entry.name, ()))
    return roles


def _dated_polity(
    article: _Article, person: str, names: tuple[str, ...], former: bool = False
) -> str | None:
    """The one State the person held an office of at the article's date, by the dated
    roles of the PETRARCH-2 dictionaries (their names as the text writes them); for a
    person the text calls `former` ("then-president Anwar Sadat"), the one State whose
    office they took before it."""
    roles = _dated_roles(article.gazetteer.entries.get(person), names)
    code = office_country(roles, article.published)
    if code is None and former:
        code = former_office_country(roles, article.published)
    key = article.gazetteer.alpha3.get(code) if code else None
    if key is None or key not in article.gazetteer.entries:
        return None
    article.classes.setdefault(key, article.gazetteer.entries[key].cls)
    return key


_SURNAMES: dict[int, tuple[Gazetteer, dict[str, set[str]]]] = {}


def _surname_states(gazetteer: Gazetteer) -> dict[str, set[str]]:
    """Last word of each known person's names -> the States the gazetteer gives them;
    kept with the gazetteer it was made from, so a reused id never serves another."""
    kept = _SURNAMES.get(id(gazetteer))
    if kept is not None and kept[0] is gazetteer:
        return kept[1]
    index: dict[str, set[str]] = {}
    for entry in gazetteer.entries.values():
        if entry.state is None or entry.cls not in (ActorClass.OFFICIAL, ActorClass.PERSON):
            continue
        for name in (entry.name, *entry.aliases):
            index.setdefault(name.split()[-1].casefold(), set()).add(entry.state)
    _SURNAMES.clear()
    _SURNAMES[id(gazetteer)] = (gazetteer, index)
    return index


def _known_state(article: _Article, person: str, forms: tuple[str, ...] = ()) -> str | None:
    """The State the curated gazetteer gives a known person (people.csv `country`): a
    head of state's or government's title that names no polity is an office of it,
    whatever the story is about and whether the person still holds it (the dated roles
    know only some people). A general's is not: the army's, a junta's or the State's.
    A surname alone (`forms`: the names the article gives the person) takes the State
    of every known person of that name, where they all share one."""
    entry = article.gazetteer.entries.get(person)
    state = entry.state if entry is not None else None
    if entry is None and len(forms) == 1 and " " not in forms[0]:
        # "President Bush": a surname alone, which every known person of that name shares
        states = _surname_states(article.gazetteer).get(forms[0].casefold(), set())
        state = next(iter(states)) if len(states) == 1 else None
    if state is None or state not in article.gazetteer.entries:
        return None
    article.classes.setdefault(state, article.gazetteer.entries[state].cls)
    return state


def _role_for(
    article: _Article,
    window: list[Token],
    title: TitleMatch,
    mention: Mention,
    nearest: bool,
    appositive: bool,
    status: str | None = None,
) -> tuple[Role, str | None]:
    """Find the polity a title belongs to, and retype the role when it is no office.

    In order: the title's own phrase ("president of X", "X's president", "Japanese Prime
    Minister"), what the text ties the person to beside their name ("Canada's Mulroney"),
    the office the dated roles give them at the article's date ("President Reagan" in
    1987), and for a head of state the State the article is about.
    """
    role, person, classes = title.role, mention.key, article.classes
    chamber = _chamber(article, window, title) if role.role.startswith("speaker") else None
    known = _known_state(article, person) if chamber is not None else None
    if chamber is not None and known not in (None, state_of(chamber)):
        chamber = None  # the tables put the speaker in another State than the chamber's
    if chamber is not None:  # "Lower House Speaker Kenzaburo Hara": heads the chamber
        return Role(role.title, role.role, Relation.LEADER_OF, role.person_class), chamber
    office = role.relation is not Relation.AFFILIATED_WITH
    # a nationality is no affiliation: "a U.S. analyst", "British opposition leader"
    wanted = (
        _POLITY_CLASSES
        if office
        else frozenset(ActorClass) - {ActorClass.PLACE, ActorClass.PERSON, ActorClass.STATE}
    )
    head = window[title.anchor]
    span = frozenset(t.i for t in window[title.start : title.end])
    lead = role.relation is Relation.LEADER_OF
    polity = _syntactic_polity(head, article.actors, classes, person, span, article.bodies)
    if polity == _NO_POLITY:
        # an apposition's title takes a polity from its own phrase only, not from a
        # clause that runs on after it ("X, the CIA's new head, met Iranian officials")
        own = {t.i for t in head.subtree}
        phrase = [t for t in window if t.i in own] if appositive else window
        anchor = phrase.index(head)
        polity = (
            _polity(phrase, anchor, article.actors, classes, person, wanted, (span, lead))
            if nearest
            else None
        )
        if polity is not None and _body_between(phrase, polity, window[title.start], article):
            polity = _UNKNOWN_BODY  # "U.S. Ryder Cup captain X": the cup's, not the State's
    if polity is None and nearest:
        employer = _organization_before(window, title, article, person)
        if employer is not None:  # "CUPW President Jean-Claude Parrot", "DJP chairman Roh"
            return Role(
                role.title, role.role, Relation.AFFILIATED_WITH, ActorClass.PERSON
            ), employer
    if polity == _UNKNOWN_BODY:
        return Role(role.title, role.role, Relation.AFFILIATED_WITH, ActorClass.PERSON), None
    if lead and polity is not None and _through_a_part(head, polity, article.actors, span):
        # "director-general of international trade policy of the Ministry of International
        # Trade and Industry": heads a part of the ministry, so is an official of it
        role = Role(role.title, role.role, Relation.OFFICIAL_OF, role.person_class)
    sentence = window[title.anchor].sent
    if (
        polity is not None
        and polity.startswith("gov:")
        and not _state_named(article, polity, sentence)
    ):
        # "head of the Central Intelligence Agency" read as a body of the State the story
        # is about: the text does not say whose body it is, so the title gives no State
        polity = None
    unread = _unread_nationality(window, article.actors) or _unread_body(window, title, article)
    if polity is None and nearest and not unread:
        polity = _fallback_polity(article, window, title, mention, wanted, status == FORMER)
        of_state = polity is not None and classes.get(polity) is ActorClass.STATE
        if lead and of_state and role.role not in _HEADS_OF_STATE_OR_GOVERNMENT:
            role = Role(role.title, role.role, Relation.OFFICIAL_OF, role.person_class)
    elif polity is not None and classes.get(polity) in _STATE_CLASSES:
        known = _dated_polity(article, person, _names(article, window, title, mention))
        if known is not None and state_of(polity) != known:
            # the dated roles put the person in another State's office at this date: a
            # body resolved to the wrong State ("head of the Central Intelligence Agency"
            # in a story about Iran); their own State's office, never a lead of the other
            if not office:
                return role, None
            return Role(role.title, role.role, Relation.OFFICIAL_OF, ActorClass.OFFICIAL), known
    if polity is not None and classes.get(polity) in _STATE_CLASSES:
        if not office and classes.get(polity) is ActorClass.STATE:
            return role, None  # "Kenya's opposition leader X": a nationality, no affiliation
        if role.role in _GROUP_LEADS and _leads_a_group(window, title, polity, article.actors):
            # "Sudan's rebel leader X", "Iraq's insurgent leader Y", "India's Muslim
            # leader Z": the leader of a group in the State, not of the State
            return role, None
    if role.role in _TEAM_ROLES and polity is not None and classes.get(polity) is ActorClass.STATE:
        # "Australia's stand-in captain X", "the South Africa captain Y": a captain of a
        # State itself, not of its army or navy, captains its national team
        return Role(role.title, role.role, Relation.AFFILIATED_WITH, ActorClass.PERSON), None
    if (
        role.role == "chancellor"
        and polity is not None
        and classes.get(polity) is ActorClass.STATE
        and polity not in _CHANCELLOR_STATES
    ):  # "Britain's Chancellor Gordon Brown": the finance minister, no head of government
        return Role(role.title, role.role, Relation.OFFICIAL_OF, role.person_class), polity
    if office and polity in article.actors.person_keys:
        return role, polity  # "Reagan's chief of staff": settled by `_through_leaders`
    if polity is not None and classes.get(polity) not in _POLITY_CLASSES and office:
        # "president of Niger's Association to Defend Human Rights": an office in an
        # organization makes a Person affiliated with it, not an Official
        role = Role(role.title, role.role, Relation.AFFILIATED_WITH, ActorClass.PERSON)
    return role, polity


def _organization_before(
    window: list[Token], title: TitleMatch, article: _Article, person: str
) -> str | None:
    """The organization named right before a title that names no polity ("CUPW President
    Jean-Claude Parrot", "Democratic Justice Party (DJP) chairman Y"), by a name of two
    words or more or an acronym: whom the person works for or leads; an office in it is no
    office of a State."""
    if _state_office(title):
        return None  # "Socialist Prime Minister Bettino Craxi": the party of a State's office
    known = article.gazetteer.entries.get(person)
    if known is not None and known.cls is ActorClass.OFFICIAL:
        return None  # "PLO Chairman Yasser Arafat": the tables know the office
    named = (article.actors.named_by(t) for t in window[: title.start])
    if any(article.classes.get(k) is ActorClass.STATE for k in named if k):
        return None  # "Soviet Communist Party General Secretary Gorbachev": a State's party
    at = title.start - 1
    if at >= 0 and window[at].lower_ in ("'s", "’s"):
        at -= 1
    if at < 0:
        return None
    key = article.actors.named_by(window[at])
    if key is None or key == person or article.classes.get(key) is not ActorClass.ORGANIZATION:
        return None
    if any(article.actors.named_by(t) == key for t in window[title.start : title.end]):
        return None  # "the U.S. Trade Representative's Office": the title inside the name
    names = [m.text for m in article.actors.mentions if m.key == key]
    if not any(" " in name or name.isupper() for name in names):
        return None  # "Chief Cabinet Secretary": a word of the title, no employer's name
    return key


def _chamber(article: _Article, window: list[Token], title: TitleMatch) -> str | None:
    """The one chamber of the article a speaker's title names ("Lower House Speaker",
    "the parliamentary speaker"), which the speaker heads."""
    words = " ".join(t.lower_ for t in window[: title.end]).replace("parliamentary", "parliament")
    names = {
        slugify(p.role)
        for p in article.gazetteer.government_patterns
        if not p.is_regime and f" {p.pattern} " in f" {words} "
    }
    found = {
        key
        for key in {m.key for m in article.actors.mentions}
        if article.classes.get(key) is ActorClass.GOVERNMENT
        and key.startswith("gov:")
        and key.rsplit(":", 1)[-1] in names
    }
    return next(iter(found)) if len(found) == 1 else None


def _state_named(article: _Article, body: str, sentence: Span) -> bool:
    """Whether the sentence of the title names the State of a State's body ("the Russian
    Foreign Ministry", "Niger's army"), rather than the resolver guessing it from the
    State the story is about."""
    state = state_of(body)
    gazetteer, token_actor = article.gazetteer, article.actors.token_actor
    for token in sentence:
        key = token_actor.get(token.i)
        if key == state:
            return True
        named = (gazetteer.surface_index.get(token.text), gazetteer.demonyms.get(token.text))
        if state in named and (key is None or state_of(key) == state):
            return True  # "the Russian Foreign Ministry", "the lower house of the Argentine
            # Parliament": the State's own name or demonym, in whichever of its bodies
    return False


def _names(
    article: _Article, window: list[Token], title: TitleMatch, mention: Mention
) -> tuple[str, ...]:
    """The person's names in the article, and the title with the name ("President
    Reagan"), as the dated roles may know them."""
    titled = " ".join(t.text for t in window[title.start : title.end])
    forms = (m.text for m in article.actors.mentions if m.key == mention.key)
    surname = mention.text.split()[-1]  # "General Secretary Gorbachev", as dictionaries list
    return (mention.text, f"{titled} {mention.text}", f"{titled} {surname}", *forms)


def _fallback_polity(
    article: _Article,
    window: list[Token],
    title: TitleMatch,
    mention: Mention,
    wanted: frozenset[ActorClass],
    former: bool = False,
) -> str | None:
    """The polity of a title whose phrase names none: see `_role_for`."""
    for key in article.ties.get(mention.key, ()):
        entry = article.gazetteer.entries.get(key)
        cls = article.classes.setdefault(key, entry.cls) if entry else article.classes.get(key)
        if cls in wanted:
            return key
    if title.role.relation is Relation.AFFILIATED_WITH:
        return None
    names = _names(article, window, title, mention)
    dated = _dated_polity(article, mention.key, names, former)
    if dated is not None:
        return dated
    forms = tuple({m.text for m in article.actors.mentions if m.key == mention.key})
    known = _known_state(article, mention.key, forms)
    if known is not None and title.role.role in _HEADS_OF_STATE_OR_GOVERNMENT:
        return known  # "deposed President Mohamed Bazoum": the gazetteer knows his State
    listed = _listed_states(article, mention) if _state_office(title) else set()
    if len(listed) == 1:
        return next(iter(listed))  # "President Ali Khamenei, Prime Minister Mir-Hossein
        # Mousavi and now Rafsanjani": an office of the one State of those listed with
    if _state_office(title) and (article.actors.dominant_focus or _sole_state(article)):
        if listed and article.actors.focus_state not in listed:
            return None  # listed with leaders of States other than the story's
        return article.actors.focus_state  # "President Mohamed Bazoum" in a story about Niger
    home = _dateline_state(article)
    if home is None or (listed and home not in listed) or not _state_office(title):
        return None
    minister = "minister" in title.role.role.split()
    head = title.role.role in _HEADS_OF_STATE_OR_GOVERNMENT
    if (minister and not head) or _only_state(article, home):
        # "TOKYO - Foreign Minister Tadashi Kuranari will accompany Nakasone"; a head of
        # state or government only in a story of no other State: "hold talks in
        # Washington with President Reagan" in a Tokyo story is not Japan's president
        return home
    return None


def _only_state(article: _Article, home: str) -> bool:
    """Whether the story names no State but `home`, nor any place of another State
    ("talks in Washington with President Reagan")."""
    if set(state_counts(article.doc)) != {home}:
        return False
    entries = article.gazetteer.entries
    places = {m.key for m in article.actors.mentions if m.key in entries}
    return all(
        entries[k].state in (None, home) for k in places if entries[k].cls is ActorClass.PLACE
    )


def _dateline_state(article: _Article) -> str | None:
    """The State the story was filed from, when the story names it too: a wire marks
    another country's ministers ("U.S. Commerce Secretary X") and leaves its host
    country's unmarked ("ROME - ... Foreign Minister Giulio Andreotti"). A dateline whose
    State the story never names (a Nicosia dateline on Iran's war) is only where the
    reporter sat."""
    city = dateline_city(doc_text(article.doc))
    key = article.gazetteer.surface_index.get(city) if city else None
    entry = article.gazetteer.entries.get(key) if key else None
    if entry is None:
        return None
    state = key if entry.cls is ActorClass.STATE else entry.state
    if (
        state is None
        or state not in article.gazetteer.entries
        or not state_counts(article.doc)[state]
    ):
        return None
    article.classes.setdefault(state, article.gazetteer.entries[state].cls)
    return state


def _sole_state(article: _Article) -> bool:
    """Whether the focus State is the one State the story names, by name or demonym, and
    more than once ("ITALIAN COALITION ... Italy's five coalition parties ... Prime Minister
    Bettino Craxi"); a State named once in passing ("Indonesian militant cleric") does not
    make the story's unnamed government its own."""
    focus = article.actors.focus_state
    counts = state_counts(article.doc)
    return focus is not None and set(counts) == {focus} and counts[focus] >= 2


def _state_office(title: TitleMatch) -> bool:
    """A head of state or government, or a minister: offices of a State, which in a story
    one State dominates are that State's ("Finance Minister Beshir Omer" in a story on
    Sudan)."""
    role = title.role.role
    return role in _HEAD_OF_STATE or (
        "minister" in role.split() and title.role.relation is not Relation.AFFILIATED_WITH
    )


def _listed_states(article: _Article, mention: Mention) -> set[str]:
    """The States the tables know the people listed with this one by (in apposition or
    coordinated with the name): whom a story's focus must not override."""
    actors = article.actors
    root = article.doc[mention.start : mention.end].root
    listed = [*root.conjuncts, *(c for c in root.children if c.dep_ == "appos")]
    if root.dep_ in ("appos", "conj"):
        listed.append(root.head)
    states: set[str] = set()
    for token in listed:
        other = actors.token_actor.get(token.i)
        if other is None or other == mention.key or other not in actors.person_keys:
            continue
        forms = tuple(m.text for m in actors.mentions if m.key == other)
        state = _dated_polity(article, other, forms) or _known_state(article, other)
        if state is not None:
            states.add(state)
    return states


def find_person_roles(
    doc: Doc, actors: ArticleActors, gazetteer: Gazetteer, published: str | None = None
) -> list[PersonRole]:
    """Read the titles, appositions and predicates around every person mention.

    The main title (a leadership title first) takes the nearest polity when its own phrase
    names none; any other title with a polity of its own ("senior fellow at the Atlantic
    Council and director ... at 14 North Strategies") gives a role too. `published` (ISO)
    is the article's date, at which the dated roles are read.
    """
    classes = _classes(actors, gazetteer)
    for mention in actors.mentions:
        classes.setdefault(mention.key, _mention_class(mention.key, actors, gazetteer))
        state = state_of(mention.key)
        if state != mention.key and state in gazetteer.entries:  # a State's body's State
            classes.setdefault(state, gazetteer.entries[state].cls)
    bodies = frozenset(p.pattern for p in gazetteer.government_patterns)
    article = _Article(
        doc,
        actors,
        classes,
        gazetteer,
        bodies,
        _text_ties(doc, actors, gazetteer),
        published,
        _title_words(gazetteer),
    )
    cues = load_role_cues()
    roles: list[PersonRole] = []
    persons = actors.person_keys
    for mention in actors.mentions:
        if mention.key not in actors.person_keys:
            continue
        sentence = doc[mention.start].sent
        predicate = _predicate(doc, mention)
        appositive = _appositive(doc, mention, actors)
        before = _window_before(doc, mention)
        others = [k for k, t in enumerate(before) if actors.token_actor.get(t.i) in persons]
        before = before[others[-1] + 1 :] if others else before  # "X and Bundesbank President Y"
        pending: list[PersonRole] = []
        for window in (predicate, before, appositive):
            titles = _match_titles(window, gazetteer)
            if window is not predicate and window is not appositive:
                # "former Nevada Sen. and Reagan confidant Paul Laxalt": a title before a
                # coordination is another person's
                titles = [t for t in titles if not _coordinated(window[t.end :])]
            if not titles:
                continue
            status = status_of(_title_phrase(doc, window, mention), cues) or verb_status(
                doc[mention.start : mention.end].root, cues
            )
            if status == FORMER and all(
                t.role.relation is Relation.AFFILIATED_WITH for t in titles
            ):
                break  # "a former U.S. intelligence analyst": no tie held now, and no office
            if any(t.lower_ == "one" for t in window) and any(t.lower_ == "of" for t in window):
                # "one of the coup leaders": a member of the leadership, not its head
                titles = [_as_member(t) for t in titles]
            leader = [t for t in titles if t.role.relation is Relation.LEADER_OF]
            main = leader[0] if leader else titles[-1]
            read: list[PersonRole] = []
            for title in titles:
                is_main = title == main
                role, polity = _role_for(
                    article, window, title, mention, is_main, window is appositive, status
                )
                if is_main or polity is not None:
                    names = _names(article, window, title, mention)
                    read.append(PersonRole(mention.key, role, polity, sentence, status, names))
            if (
                window is before
                and appositive
                and all(t.i < mention.start for t in appositive)
                and all(r.polity is None for r in read)
            ):
                # "China's visiting military chief, General Liang Guanglie": a title with no
                # polity before the name, the apposition before its comma may name one
                pending = read
                continue
            roles.extend(read)
            pending = []
            if window is not predicate:
                break  # one title phrase beside the name; a predicate role comes on top
        roles.extend(pending)
    roles.extend(_possessive_offices(doc, actors, gazetteer, roles, classes, published))
    return _through_leaders(roles, actors, classes)


def _possessive_offices(
    doc: Doc,
    actors: ArticleActors,
    gazetteer: Gazetteer,
    roles: list[PersonRole],
    classes: dict[str, ActorClass],
    published: str | None = None,
) -> Iterator[PersonRole]:
    """ "Cuba's Fidel Castro", "Russia's Putin": a person of the curated list whose own
    State the text puts before the name, with no title, holds the office the list gives
    them, of that State; not when the dated roles know them and say they held no office at
    the article's date ("Britain's Thatcher" in 2004)."""
    placed = {r.person for r in roles if r.polity is not None}
    for mention in actors.mentions:
        entry = gazetteer.entries.get(mention.key)
        if mention.key in placed or entry is None or not entry.role or entry.state is None:
            continue
        if mention.start < 2 or doc[mention.start - 1].lower_ not in ("'s", "’s"):
            continue
        if actors.token_actor.get(mention.start - 2) != entry.state:
            continue
        role = gazetteer.roles.get(entry.role.lower())
        if role is None or role.relation is Relation.AFFILIATED_WITH:
            continue
        dated = _dated_roles(entry, (entry.name,))
        if published and dated and office_country(dated, published) is None:
            continue
        classes.setdefault(entry.state, gazetteer.entries[entry.state].cls)
        placed.add(mention.key)
        yield PersonRole(mention.key, role, entry.state, doc[mention.start].sent)


def _through_leaders(
    roles: list[PersonRole], actors: ArticleActors, classes: dict[str, ActorClass]
) -> list[PersonRole]:
    """ "Reagan's chief of staff, Donald Regan": an office held under a person who leads a
    State in the article is an office of that State; under anyone else, of nothing."""
    leads = {
        r.person: r.polity
        for r in roles
        if r.role.relation is Relation.LEADER_OF
        and r.polity is not None
        and classes.get(r.polity) is ActorClass.STATE
    }
    settled: list[PersonRole] = []
    for r in roles:
        if r.polity is not None and r.polity in actors.person_keys:
            office = Role(r.role.title, r.role.role, Relation.OFFICIAL_OF, ActorClass.OFFICIAL)
            r = replace(r, role=office, polity=leads.get(r.polity))
        settled.append(r)
    return settled


def _as_member(title: TitleMatch) -> TitleMatch:
    role = title.role
    if role.relation is not Relation.LEADER_OF:
        return title
    member = Role(role.title, role.role, Relation.OFFICIAL_OF, role.person_class)
    return TitleMatch(title.anchor, title.start, title.end, member)


def polity_classes(roles: list[PersonRole], gazetteer: Gazetteer) -> dict[str, ActorClass]:
    """The States the dated roles tie people to, which the text may not name: they must
    be actors of the article for the roles to reach the graph."""
    return {
        role.polity: gazetteer.entries[role.polity].cls
        for role in roles
        if role.polity is not None and role.polity in gazetteer.entries
    }


def person_classes(roles: list[PersonRole]) -> dict[str, ActorClass]:
    """Officials are people with an office; everyone else named stays a Person."""
    classes: dict[str, ActorClass] = {}
    for role in roles:
        if role.role.person_class is ActorClass.OFFICIAL:
            classes[role.person] = ActorClass.OFFICIAL
        else:
            classes.setdefault(role.person, role.role.person_class)
    return classes


@register_extractor(ROLES)
def role_assertions(reading: Reading) -> Iterator[Assertion]:
    """`leaderOf` / `officialOf` / `affiliatedWith` from titles, the role kept as a literal."""
    classes = reading.classes
    confidence = reading.confidence(ROLES, "title")
    former = _former_in_article(reading)
    gazetteer = reading.resources.gazetteer
    for role in reading.roles:
        if role.polity is None:
            continue
        relation = role.role.relation
        if not fits_signature(relation, classes[role.person], classes[role.polity]):
            continue
        office = relation is not Relation.AFFILIATED_WITH
        text = role.status or (
            FORMER if {(role.person, role.polity), (role.role.role, role.polity)} & former else None
        )
        table = table_time(role.person, role.polity, reading.published, gazetteer, role.names)
        held = settle(text, table)
        yield Assertion(
            role.person,
            relation,
            role.polity,
            evidence(role.sentence, ROLES, confidence),
            role=role.role.role if office else None,
            role_status=held.status if office else None,
            valid_from=held.valid_from if office else None,
            valid_to=held.valid_to if office else None,
        )
    heads = reading.confidence(ROLES, "possessed_government")
    for person, government, sentence in _possessed_governments(reading):
        if not fits_signature(Relation.LEADER_OF, classes[person], classes[government]):
            continue
        text = FORMER if (person, government) in former else None
        table = table_time(person, government, reading.published, gazetteer)
        held = settle(text, table)
        yield Assertion(
            person,
            Relation.LEADER_OF,
            government,
            evidence(sentence, ROLES, heads),
            role="head of government",
            role_status=held.status,
            valid_from=held.valid_from,
            valid_to=held.valid_to,
        )


def _possessed_governments(reading: Reading) -> Iterator[tuple[str, str, Span]]:
    """ "Prime Minister Sadeq al-Mahdi's government": (person, government, sentence) for a
    State's government a named person possesses, which that person heads."""
    actors, classes = reading.actors, reading.classes
    for mention in actors.mentions:
        if classes.get(mention.key) is not ActorClass.GOVERNMENT:
            continue
        if not mention.key.endswith(":regime"):
            continue
        root = reading.doc[mention.start : mention.end].root
        for child in root.children:
            person = actors.token_actor.get(child.i)
            if child.dep_ == "poss" and person in actors.person_keys and child.pos_ == "PROPN":
                yield person, mention.key, root.sent


def _former_in_article(reading: Reading) -> set[tuple[str, str]]:
    """What the article says no longer holds: (person, polity) for a person it calls
    former anywhere ("deposed President X" once makes X's every title in it former), and
    (role, polity) for an unnamed former holder ("the country's ousted president")."""
    former = {(r.person, r.polity) for r in reading.roles if r.status == FORMER and r.polity}
    cues = load_role_cues()
    removed = {
        m.key
        for m in reading.actors.mentions
        if m.key in reading.actors.person_keys
        and verb_status(reading.doc[m.start : m.end].root, cues) == FORMER
    }  # "On July 26, Mr. Bazoum was ousted": every office he is given here has ended
    former |= {(r.person, r.polity) for r in reading.roles if r.person in removed and r.polity}
    seized = _seized_states(reading, cues)
    former |= {
        (r.person, r.polity)
        for r in reading.roles
        if r.polity in seized and r.role.role in _HEAD_OF_STATE and r.status is None
    }  # "Niger's coup leaders ... President Mohamed Bazoum": the president they deposed
    gazetteer = reading.resources.gazetteer
    for token in reading.doc:
        role = gazetteer.roles.get(token.lower_)
        if role is None or role.relation is Relation.AFFILIATED_WITH or token.dep_ == "compound":
            continue
        if (status_of(token.lefts, cues) or verb_status(token, cues)) != FORMER:
            continue
        described = reading.actors.token_actor.get(token.head.i)
        if described is not None and described not in reading.actors.person_keys:
            continue  # "France, Niger's former colonial ruler": a State, no office holder
        polity = _syntactic_polity(token, reading.actors, reading.classes, "")
        if polity in (_NO_POLITY, _UNKNOWN_BODY):
            polity = None
        if polity is None and role.role in _HEAD_OF_STATE and reading.actors.dominant_focus:
            polity = reading.actors.focus_state  # "the ousted president" in a story on Niger
        if polity is not None:
            former.add((role.role, polity))
    return former


def _seized_states(reading: Reading, cues: RoleCues) -> set[str]:
    """The States in which the article names a body that seized power ("Niger's junta",
    "the coup leaders"): their head of state without a cue of their own is the one deposed,
    as a reader takes "President Bazoum" in a story of Niger's coup."""
    seized: set[str] = set()
    for mention in reading.actors.mentions:
        state = state_of(mention.key)
        if state == mention.key:
            continue
        words = mention.text.lower().replace("-", " ").split()
        if any(w.startswith(cue) for w in words for cue in cues.seizures):
            seized.add(state)
    return seized


def _title_phrase(doc: Doc, window: list[Token], mention: Mention) -> list[Token]:
    """The words of the title phrase, up to two before the window that modify the title or
    name ("deposed President X": the parser reads "deposed" as a verb, the window stops at
    it), but no adverb of the clause ("and then President X said")."""
    if not window:
        return window
    phrase = {t.i for t in window} | set(range(mention.start, mention.end))
    start = max(window[0].i - 2, window[0].sent.start)
    return [
        doc[i]
        for i in range(start, window[-1].i + 1)
        if doc[i].head.i in phrase or any(doc[j].head.i == i for j in phrase)
    ]
