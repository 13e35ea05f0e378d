"""Who acts and on whom: the actors a trigger word's subject and targets name.

The subject and the target are read off the parse (active and passive voice,
coordination, relative clauses, light-verb nouns) and mapped to the article's actors;
pronouns go to the actor most recently named as a subject.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from kg.extract.modality import REPORTING, reporting_verb
from kg.extract.registry import Confidences
from kg.extract.triggers import Lexicon, Trigger, names_noun
from kg.resolve.actors import ArticleActors
from kg.vocab import ActorClass, Relation

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
MODIFIER_DEPS = frozenset({"compound", "poss", "amod", "nmod"})
LIGHT_VERBS = frozenset(
    {"impose", "issue", "make", "launch", "announce", "express", "offer", "carry"}
    | {"undertake", "conduct", "begin", "start", "resume", "hold", "open", "pursue"}
    | {"mount", "stage", "wage", "fly", "unleash"}
)
"""Verbs that only carry the act their object names ("launched an attack", "held talks")."""
PRONOUNS = {
    "it": "thing",
    "they": "group",
    "its": "thing",
    "their": "group",
    "he": "person",
    "she": "person",
    "his": "person",
    "her": "person",
    "them": "group",
}
_PERSONS = frozenset({ActorClass.OFFICIAL, ActorClass.PERSON})
_COLLECTIVE = frozenset(
    {
        "group",
        "delegation",
        "team",
        "member",
        "leader",
        "official",
        "representative",
        "envoy",
        "negotiator",
        "head",
        "chief",
        "spokesman",
        "spokeswoman",
        "unit",
        "contingent",
        "army",
        "government",
        "force",
        "troop",
        "soldier",
        "police",
        "authority",
        "minister",
        "ministry",
        "fighter",
        "mercenary",
        "militant",
        "commander",
        "one",
    }
)
_REGIONS = frozenset(
    {"area", "part", "region", "province", "coast", "north", "south", "east", "west"}
    | {"northeast", "northwest", "southeast", "southwest", "interior", "countryside"}
)
"""Parts of a State named by their "of" phrase: an act there falls on that State."""
_HOLDING = frozenset({"hold", "control", "occupy", "run", "man", "defend", "garrison"})
"""Participles whose agent holds the ground or post they describe."""
_GROUP_HEADS = frozenset(
    {"rebel", "guerrilla", "insurgent", "gunman", "supporter", "loyalist", "faction"}
    | {"militia", "militiaman", "extremist", "jihadist", "separatist", "partisan"}
)
_ALLEGIANCE = frozenset({"loyal", "allied", "faithful", "linked"})
"""Adjectives whose "to"/"with" phrase names whom a group acts for."""
_FORCE_NOUNS = frozenset(
    {
        "troop",
        "troops",
        "soldier",
        "soldiers",
        "force",
        "forces",
        "personnel",
        "base",
        "bases",
        "mercenary",
        "mercenaries",
        "ship",
        "warship",
        "frigate",
        "submarine",
        "marine",
        "minesweeper",
        "reinforcement",
        "paratrooper",
        "navy",
        "fleet",
    }
)
_GROUPS = _COLLECTIVE | _GROUP_HEADS
"""Heads of a group that acts for whom an adjective's phrase names ("militants loyal to X")."""
_BODIES = _COLLECTIVE | _FORCE_NOUNS
"""Heads of a body a possessive pronoun may give to the speaker ("its forces")."""
FORCE_NOUNS = _FORCE_NOUNS
"""Military units and craft, singular lemmas and the plurals the tagger leaves as lemmas."""
_EXAMPLE_PREPS = frozenset({"including", "like", "such"})
_RELATIVE = frozenset({"which", "who", "that", "whom"})
_TARGET_PREPS = frozenset({"against", "on", "to", "with", "from", "into", "at", "of", "for", "by"})


@dataclass(frozen=True, slots=True)
class Context:
    """What the rules need to know about the article besides the parse."""

    actors: ArticleActors
    classes: dict[str, ActorClass]
    lexicon: Lexicon
    published: str | None
    confidences: Confidences
    titles: frozenset[str] = frozenset()
    """Lower-cased role titles ("president"), to read "deposed President X" right."""
    capitals: dict[str, str] = field(default_factory=dict)
    """Capital city key -> State key, for acts aimed at a capital."""


class Salience:
    """The most recent actors named as subjects, for "it", "they", "he" and "the bloc"."""

    def __init__(self) -> None:
        self.recent: list[tuple[str, ActorClass]] = []
        self.group: tuple[str, ...] = ()
        """The actors of the latest subject when it named several ("Britain and Denmark
        oppose the plan"): whom a following "they" stands for."""

    def note(self, key: str, cls: ActorClass) -> None:
        self.recent.append((key, cls))

    def note_subject(self, keys: list[str], classes: dict[str, ActorClass]) -> None:
        """A subject read: its first actor is the most recent, all of them a group."""
        if keys:
            self.note(keys[0], classes[keys[0]])
        several = len(keys) > 1 and not any(classes[k] in _PERSONS for k in keys)
        self.group = tuple(keys) if several else ()

    def resolve_they(self, token: Token) -> list[str]:
        """The group a subject "they" stands for, when the latest subject named several
        States or bodies; none otherwise (then `resolve` reads it as one actor)."""
        return list(self.group) if token.lower_ == "they" else []

    def resolve(self, token: Token) -> str | None:
        kind = PRONOUNS.get(token.lower_)
        if kind is None:
            return None
        for key, cls in reversed(self.recent[-6:]):
            if (kind == "person") == (cls in _PERSONS):
                return key
        return None


_LIST_CLOSERS = frozenset({",", "-", "--", "—", ")"})
_ENUMERATIONS_KEY = "kg.enumerated_members"


def enumerated_members(
    doc: Doc, actors: ArticleActors, classes: dict[str, ActorClass]
) -> Mapping[int, str]:
    """Token index of each State a bloc's name is followed by, listed between commas, ->
    the bloc: "the leaders of the G-7, the United States, Britain, ... and West Germany,
    are expected to" lists the G-7's members; they are no actors of the verb beside it.
    The list must end in "and" and a State, hold three States or more, and be set off (a
    comma, a dash or a bracket after it, the clause going on): "ECOWAS, Nigeria and France
    condemned the coup" and "sanctions imposed by the EU, the United States, Britain and
    Canada." coordinate actors. Read once a document."""
    cached: Mapping[int, str] | None = doc.user_data.get(_ENUMERATIONS_KEY)
    if cached is not None:
        return cached  # read for every word `actors_at` looks at: shared, never copied
    starts = {m.start: m for m in actors.mentions}
    found: dict[int, str] = {}
    for bloc in actors.mentions:
        if classes.get(bloc.key) is not ActorClass.BLOC:
            continue
        i = bloc.end + (bloc.end < len(doc) and doc[bloc.end].text == ")")
        if i >= len(doc) or doc[i].text != ",":
            continue
        members, ended, i = [], False, i + 1
        while i < len(doc):
            i += doc[i].lower_ == "the"
            member = starts.get(i)
            if member is None or classes.get(member.key) is not ActorClass.STATE:
                break
            members.append(member)
            i = member.end
            if ended or i >= len(doc):
                break
            if doc[i].text == "," and i + 1 < len(doc) and doc[i + 1].lower_ == "and":
                i += 1  # "Japan, and West Germany"
            if doc[i].lower_ == "and":
                ended = True
            elif doc[i].text != ",":
                break
            i += 1
        closed = i + 1 < len(doc) and doc[i].text in _LIST_CLOSERS and not doc[i + 1].is_punct
        distinct = len({m.key for m in members}) == len(members)
        if ended and closed and len(members) >= 3 and distinct:
            found.update((t, bloc.key) for m in members for t in range(m.start, m.end))
    doc.user_data[_ENUMERATIONS_KEY] = found  # a plain dict: a Doc's user data may be pickled
    return found


def actors_at(token: Token, ctx: Context, *, modifiers: bool = True) -> list[str]:
    """Map a head word to the actors it names, following coordination ("Mali and Burkina")."""
    found: list[str] = []
    key = (
        (None if wire_credit(token) else ctx.actors.token_actor.get(token.i))
        or ctx.actors.country_reference(token)
        or _coup_makers(token, ctx)
        or _bloc_description(token, ctx)
        or _force_antecedent(token, ctx)
    )
    titled = _titled_person(token, ctx) if key is None else None
    if key is not None:
        found.append(key)
    elif titled is not None:
        found.append(titled)  # "Egyptian ambassador to Moscow Salah Bassiouni": the person
    elif any(c.dep_ == "appos" and c.i in ctx.actors.token_actor for c in token.children):
        pass  # "one of the coup leaders, Gen. Salifou Mody": the named appositive below
    elif modifiers and not _retired(token) and token.lemma_.lower() not in _REMAINS:
        for child in token.children:
            k = ctx.actors.token_actor.get(child.i) or ctx.actors.bloc_reference(child)
            if child.dep_ in MODIFIER_DEPS and k and not _not_its_modifier(token, child, k, ctx):
                found.append(k)
                if token.lemma_ in _COLLECTIVE:
                    # "U.S. and Japanese officials": the coordinated modifiers name actors
                    # too ("the Turkish and Greek sides of Cyprus" are no States)
                    found.extend(_coordinated_modifiers(child, ctx))
                break
        if not found and (
            token.lemma_ in _COLLECTIVE or token.lemma_.lower() in _REGIONS or _domestic_body(token)
        ):
            # "a group of Moroccan diplomats", "leaders of Romania's new government",
            # "flood-ravaged areas of the Philippines"; "security forces in Guinea": a
            # State's own police and security forces, named by where they serve
            preps = ("of", "from", "in") if _domestic_body(token) else ("of", "from")
            for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in preps):
                for pobj in (p for p in prep.children if p.dep_ == "pobj"):
                    found.extend(actors_at(pobj, ctx))
    if not found and token.lemma_ in _GROUPS:
        # "militants loyal to Abu Musab al-Zarqawi", "forces allied with the government"
        found.extend(
            k
            for adj in token.children
            if adj.dep_ == "amod" and adj.lemma_ in _ALLEGIANCE
            for prep in adj.children
            if prep.dep_ == "prep" and prep.lower_ in ("to", "with")
            for p in prep.children
            if p.dep_ == "pobj"
            for k in actors_at(p, ctx, modifiers=False)
        )
    if not found and modifiers:  # "US-led forces": the forces of the State that leads them
        found.extend(
            k
            for led in token.children
            if led.dep_ in ("amod", "compound") and led.lower_ == "led"
            for leader in led.children
            if leader.dep_ in ("npadvmod", "compound", "nmod")
            for k in actors_at(leader, ctx, modifiers=False)
        )
    if not found:  # "rebel positions held by the SPLA": whoever holds them
        found.extend(
            k
            for acl in token.children
            if acl.dep_ == "acl" and acl.tag_ == "VBN" and acl.lemma_ in _HOLDING
            for agent in acl.children
            if agent.dep_ == "agent"
            for p in agent.children
            if p.dep_ == "pobj"
            for k in actors_at(p, ctx, modifiers=False)
        )
    if not found:  # "the regional bloc, known as ECOWAS"
        found.extend(
            k
            for acl in token.children
            if acl.dep_ == "acl" and acl.lemma_ in ("know", "call", "name")
            for prep in acl.children
            if prep.lower_ == "as"
            for p in prep.children
            for k in actors_at(p, ctx, modifiers=False)
        )
    listed = enumerated_members(token.doc, ctx.actors, ctx.classes)
    for child in token.children:
        if listed.get(child.i) is not None and listed.get(child.i) != listed.get(token.i):
            continue  # "the G-7, the United States, Britain, ...": the bloc's members
        if child.dep_ == "conj" or (
            child.dep_ == "appos" and (not found or _listed(child, key, ctx))
        ):
            found.extend(actors_at(child, ctx, modifiers=modifiers))
        elif key is not None and child.dep_ in ("nmod", "compound") and _coordinated(child):
            # "Mali and Burkina Faso" is often parsed as Mali (nmod, with "and") of Faso
            found.extend(actors_at(child, ctx, modifiers=False))
    return list(dict.fromkeys(found))


_REMAINS = frozenset({"body", "bodies", "remains", "coffin", "corpse", "ashes"})
"""A dead person's body: "Arafat's body arrives in Cairo" is no act of Arafat's."""
_NON_STATE_BANDS = frozenset({"group", "captor", "kidnapper", "abductor", "hijacker", "gang"})
"""Bands a nationality describes but no State sends: "an Iraqi group", "Iraqi captors"."""
_ENVOYS = frozenset(
    {"diplomat", "envoy", "ambassador", "representative", "delegate", "delegation", "mission"}
)
"""People a State sends to a bloc: "its U.N. diplomats" are the possessor's, at the UN
("its EC partners", the bloc's other members, stand for the bloc)."""
_OWN_BODIES = frozenset({"party"})
"""Bodies a person's possessive names one of, never the person ("Sharon's Likud party")."""


def _not_its_modifier(token: Token, modifier: Token, key: str, ctx: Context) -> bool:
    """Whether an actor modifying a head word is not who the phrase names: a nationality
    of a band ("an Iraqi group said it was holding hostages": Iraqis, not the State of
    Iraq), a person whose party it is ("Prime Minister Sharon's Likud party"), or a bloc
    where someone else's people serve ("its U.N. diplomats": the possessor's, at the UN)."""
    if _set_against(modifier):
        return True  # "anti-French violence" is violence against France, not France's
    cls = ctx.classes.get(key)
    if token.lemma_.lower() in _NON_STATE_BANDS and cls is ActorClass.STATE:
        return True  # also a headline's "Iraq Group Sets Deadline", "Iraqi captors"
    if token.ent_type_ == "NORP" and token.tag_ == "NNPS" and cls is ActorClass.STATE:
        return True  # "Bosnian Serbs", "Iraqi Kurds": a people of the State, not the State
    if cls is ActorClass.STATE and modifier.dep_ == "amod" and _member_of_a_body(token, ctx):
        return True  # "the two German members of the Commission": the Commission's
    if (
        token.lemma_.lower() in _NAMED_FOR_A_VENUE
        and modifier.dep_ == "compound"
        and (key in ctx.capitals or cls is ActorClass.PLACE)
    ):
        return True  # "the 1976 Berne Agreement", "the Oslo accords": where, not who
    if cls is ActorClass.BLOC and modifier.dep_ == "compound" and token.lemma_.lower() in _ENVOYS:
        return any(c.dep_ == "poss" for c in token.children)
    return token.lemma_.lower() in _OWN_BODIES and cls in _PERSONS


_NAMED_FOR_A_VENUE = frozenset(
    {"agreement", "accord", "accords", "treaty", "convention", "protocol", "declaration"}
    | {"process", "conference", "summit", "round", "talks", "pact", "plan", "initiative"}
)
"""Agreements and meetings a city's name names: "the Berne Agreement" was signed in Berne,
by others."""
_BODY_CLASSES = frozenset({ActorClass.BLOC, ActorClass.ORGANIZATION, ActorClass.GOVERNMENT})


def _member_of_a_body(token: Token, ctx: Context) -> bool:
    """Whether a head word is said to belong to a bloc, body or firm by an "of" phrase
    ("members of the Commission", "officials of the World Bank"): a nationality before it
    is only where its people come from."""
    return any(
        ctx.classes.get(ctx.actors.token_actor.get(p.i, "")) in _BODY_CLASSES
        for prep in token.children
        if prep.dep_ == "prep" and prep.lower_ == "of"
        for p in prep.children
        if p.dep_ == "pobj"
    )


def _set_against(modifier: Token) -> bool:
    """Whether a modifier is prefixed "anti-" (the tokenizer splits "anti-British" into
    "anti", "-", "British"): it names whom the phrase is against."""
    doc, i = modifier.doc, modifier.i
    if modifier.lower_.startswith("anti-") or (i >= 1 and doc[i - 1].lower_ in ("anti", "anti-")):
        return True
    return i >= 2 and doc[i - 1].text in ("-", "–") and doc[i - 2].lower_ == "anti"


_DASHES = frozenset({"-", "--", "—", "–", ":"})


def wire_credit(token: Token) -> bool:
    """Whether a name is a wire credit the parser took into the clause: "Reuters - The
    U.N. Security Council imposed ...", "... to Blow Up Depot (AP)". A credit names who
    reports, never who acts or is acted on."""
    if token.pos_ != "PROPN":
        return False
    sent, doc = token.sent, token.doc
    if all(t.pos_ == "PROPN" for t in doc[sent.start : token.i + 1]):
        following = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if following is not None and following.text in _DASHES:
            return True  # "Reuters - ...", "Canadian Press - ..."
    left = token.i - 1
    while left >= sent.start and doc[left].pos_ == "PROPN":
        left -= 1
    right = token.i + 1
    while right < sent.end and doc[right].pos_ == "PROPN":
        right += 1
    return (
        left >= sent.start
        and doc[left].text == "("
        and right < len(doc)
        and doc[right].text == ")"
        and all(t.is_punct or t.is_space for t in doc[right + 1 : sent.end])
    )  # "... Depot (AP)", at the sentence's end


_RETIRED = frozenset({"former", "retired", "ex", "onetime", "one-time"})


def _retired(token: Token) -> bool:
    """ "former British diplomats", "retired U.S. generals": people who no longer serve
    their State do not act for it, so their nationality names no actor."""
    return any(c.dep_ in ("amod", "advmod") and c.lower_ in _RETIRED for c in token.children)


_DOMESTIC = frozenset({"police", "authority"})


def _domestic_body(token: Token) -> bool:
    """Police, authorities and security forces: bodies that serve where they are."""
    return token.lemma_.lower() in _DOMESTIC or (
        token.lemma_.lower() == "force"
        and any(c.dep_ == "compound" and c.lower_ == "security" for c in token.children)
    )


def _titled_person(token: Token, ctx: Context) -> str | None:
    """The person a title noun's phrase ends with, the parser having hung the name inside
    it ("Egyptian ambassador to Moscow Salah Bassiouni", the name read as the object of
    "to"): the title names that person, not the State of its modifier."""
    if token.lower_ not in ctx.titles or token.pos_ != "NOUN":
        return None
    last = max(token.subtree, key=lambda t: t.i)
    person = ctx.actors.token_actor.get(last.i)
    if person not in ctx.actors.person_keys or last.i == token.i:
        return None
    between = token.doc[token.i + 1 : last.i]
    if any(t.pos_ in ("VERB", "AUX", "PUNCT", "CCONJ") for t in between):
        return None  # "the ambassador, who met X": a clause, not the title's name
    return person


def _listed(appos: Token, key: str | None, ctx: Context) -> bool:
    """Whether an appositive is the next name of a list of people, not another name of the
    person before it ("President Ali Khamenei, Prime Minister Mir-Hossein Mousavi and now
    Rafsanjani", parsed as Khamenei with Mousavi in apposition and Rafsanjani coordinated
    with him): two people the text names apart, the appositive coordinated with a third."""
    persons = ctx.actors.person_keys
    other = ctx.actors.token_actor.get(appos.i)
    return (
        key in persons
        and other in persons
        and other != key
        and any(
            c.dep_ == "conj" and ctx.actors.token_actor.get(c.i) in persons for c in appos.children
        )
    )


def _coordinated_modifiers(modifier: Token, ctx: Context) -> list[str]:
    """The actors named by the words coordinated with a modifier ("U.S. and Japanese")."""
    return [
        k
        for conj in modifier.children
        if conj.dep_ == "conj"
        if (k := ctx.actors.token_actor.get(conj.i))
    ]


def _coordinated(token: Token) -> bool:
    return any(c.dep_ == "cc" for c in token.children)


_COUP_EVENTS = frozenset({"coup", "ouster", "overthrow", "takeover", "putsch"})


def _coup_makers(token: Token, ctx: Context) -> str | None:
    """ "condemned Mr. Bazoum's ouster": an act aimed at the coup is aimed at its makers,
    the regime of the article's own State, when the article names that regime."""
    if token.lemma_ not in _COUP_EVENTS or ctx.actors.focus_state is None:
        return None
    regime = f"gov:{ctx.actors.focus_state}:regime"
    return regime if regime in ctx.classes else None


_BLOC_NOUNS = frozenset({"bloc", "grouping"})


def _bloc_description(token: Token, ctx: Context) -> str | None:
    """ "the West African regional bloc", "the regional grouping": a definite description of
    a bloc is the Bloc the article names most, unless a modifier names another actor."""
    bloc = ctx.actors.focus_bloc
    if bloc is None or token.lemma_.lower() not in _BLOC_NOUNS:
        return None
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
        return None
    named = [ctx.actors.token_actor.get(c.i) for c in token.children if c.dep_ in MODIFIER_DEPS]
    return bloc if not any(k and k != bloc for k in named) else None


_ANAPHORIC_FORCES = frozenset({"force", "contingent", "coalition"})
_ANTECEDENT_WINDOW = 120
"""How many words back "the force" looks for the force it names: a few sentences."""


def _force_antecedent(token: Token, ctx: Context) -> str | None:
    """ "ECOWAS has activated a standby force ... It's unclear if the force will invade":
    "the force" is the one named a few sentences before, and acts for whoever named, owned
    or deployed it there. A modifier or another word in between ("the French force") stops
    the search: only a bare "the force" is an anaphor."""
    if token.lemma_.lower() not in _ANAPHORIC_FORCES or token.dep_ not in SUBJECT_DEPS:
        return None
    if [c.lower_ for c in token.children] != ["the"]:
        return None
    start = max(0, token.i - _ANTECEDENT_WINDOW)
    for earlier in reversed(token.doc[start : token.i]):
        if earlier.lemma_.lower() == token.lemma_.lower():
            owner = _force_owner(earlier, ctx)
            if owner is not None:
                return owner
    return None


def _force_owner(force: Token, ctx: Context) -> str | None:
    """Whose force a mention names: its own name, a name modifying it ("Nigerian force"),
    or the subject of the verb that deploys it ("the bloc announced the deployment of")."""
    key = ctx.actors.token_actor.get(force.i)
    if key is not None:
        return key
    for child in force.children:
        if child.dep_ in MODIFIER_DEPS and (key := ctx.actors.token_actor.get(child.i)):
            return key
    node = force
    if node.dep_ == "pobj" and node.head.lower_ == "of":  # "the deployment of the force"
        node = node.head.head
    if node.dep_ != "dobj":
        return None
    subjects = [k for c in node.head.children if c.dep_ in SUBJECT_DEPS for k in actors_at(c, ctx)]
    return subjects[0] if subjects else None


def _co_subject_preps(subject: Token) -> list[Token]:
    preps = []
    for prep in subject.children:
        if prep.dep_ != "prep":
            continue
        if prep.lower_ in ("with", "alongside"):
            preps.append(prep)
        elif prep.lower_ in ("along", "together"):
            preps.extend(c for c in prep.children if c.dep_ == "prep" and c.lower_ == "with")
    return preps


def _reduced_relative(verb: Token) -> bool:
    """A participle with an agent the parser made a clause of its own, its noun the
    subject ("Governor Shunichi Suzuki backed by the LDP has said", "backed" a clausal
    subject with "Suzuki" as its subject): the noun is acted on, the agent acts."""
    return (
        verb.tag_ == "VBN"
        and verb.dep_ in ("csubj", "ccomp", "advcl")
        and any(c.dep_ == "agent" for c in verb.children)
        and any(c.dep_ == "nsubj" for c in verb.children)
        and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
    )


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


_PRIVATE_PEOPLE = frozenset(
    {"national", "citizen", "resident", "civilian", "villager", "student", "worker"}
    | {"expatriate", "immigrant", "refugee", "pilgrim", "voter", "family"}
)
"""People a nationality describes who act for no State: "Saudi nationals who provide
money to insurgents" are not Saudi Arabia giving aid. (CAMEO codes such people to their
country with a sector; a businessman keeps that reading, as PLOVER's "A Saudi
businessman is suing the United States" is scored.)"""


def _acting(subject: Token, ctx: Context) -> list[str]:
    """The actors a subject names, but none for private people named by a nationality."""
    if subject.lemma_.lower() in _PRIVATE_PEOPLE and subject.i not in ctx.actors.token_actor:
        return []
    return actors_at(subject, ctx)


def subjects_of(verb: Token, ctx: Context, salience: Salience) -> tuple[list[str], bool]:
    """Who does the act; the flag says a pronoun had to be resolved to find them."""
    if (verb.dep_ == "acl" and verb.tag_ == "VBN") or _reduced_relative(verb):
        # "a deadline set by ECOWAS", "sanctions imposed by the EU": the agent acts
        acting = [
            k
            for c in verb.children
            if c.dep_ == "agent"
            for p in c.children
            if p.dep_ == "pobj"
            for k in actors_at(p, ctx)
        ]
        if acting:
            return acting, False
    if (
        verb.dep_ == "xcomp"
        and is_passive(verb.head)
        and not any(c.dep_ == "agent" for c in verb.head.children)
    ):  # "Egypt and Israel are expected to resume talks", "was forced to withdraw"
        raised = [k for c in verb.head.children if c.dep_ == "nsubjpass" for k in actors_at(c, ctx)]
        if raised:
            return raised, False
    if is_passive(verb):
        # "designated a terrorist organization by the United States": the "by" phrase may
        # hang off the object as well as the verb
        heads = [verb, *(c for c in verb.children if c.dep_ in ("dobj", "oprd", "attr"))]
        agents = [
            p
            for h in heads
            for c in h.children
            if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by")
            for p in c.children
            if p.dep_ == "pobj"
        ]
        return [k for a in agents for k in actors_at(a, ctx)], False
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            if child.lower_ in _RELATIVE and verb.dep_ == "relcl":  # "Algeria, which borders"
                return _acting(verb.head, ctx), False
            keys = _acting(child, ctx) + [
                k  # "Western powers, along with the U.N. and ECOWAS, condemned ..."
                for prep in _co_subject_preps(child)
                for p in prep.children
                if p.dep_ == "pobj"
                for k in actors_at(p, ctx)
            ]
            if keys:
                return keys, False
            owner = next((c for c in child.children if c.dep_ == "poss" and c.lower_ in _OWN), None)
            if owner is not None and child.lemma_ in _BODIES:
                # "Iraq said its forces repulsed an Iranian attack": the speaker's forces
                speakers = _speakers(reporting_verb(verb), verb, ctx)
                if speakers:
                    return speakers, False
            if (
                child.lower_ in PRONOUNS
                and verb.dep_ in ("ccomp", "xcomp")
                and verb.head.lemma_ in REPORTING
            ):  # "X said it would ...": the pronoun is the speaker
                speakers = [
                    k for c in verb.head.children if c.dep_ == "nsubj" for k in actors_at(c, ctx)
                ]
                if speakers:
                    return speakers, False
            group = salience.resolve_they(child)
            if group:  # "Britain and Denmark oppose it. They say ...": both
                return group, True
            pronoun = salience.resolve(child)
            return ([pronoun], True) if pronoun else ([], False)
    addressees = _for_subjects(verb, ctx)
    if addressees:
        return addressees, False
    if verb.dep_ in ("xcomp", "conj", "advcl", "acomp") and verb.head.i != verb.i:
        # "Kohl is due to meet Mitterrand": through the adjective to the copula's subject
        return subjects_of(verb.head, ctx, salience)
    if (
        verb.dep_ == "pcomp"
        and verb.head.lower_ in ("of", "for")
        and verb.head.head.lemma_ in _JUDGING
    ):
        # "accused the United States of backing the Contras", "praised Japan for sending
        # aid", "Iran was accused of attacking": the one accused or praised acts
        governor = verb.head.head
        dep = "nsubjpass" if is_passive(governor) else "dobj"
        judged = [c for c in governor.children if c.dep_ == dep]
        if judged:  # the one judged acts, named or not ("jailed a militant for financing
            # X": not the court)
            return [k for c in judged for k in actors_at(c, ctx)], False
    if verb.dep_ == "pcomp" and verb.head.head.i != verb.head.i:  # "... after rebuffing X"
        return subjects_of(verb.head.head, ctx, salience)
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.lemma_.lower() in _STATEMENTS:
        # "issued a declaration demanding that ...", "ECOWAS's statement condemning X":
        # whoever issued the statement
        return noun_subjects(verb.head, ctx, salience) or _issuer(verb.head, ctx, salience), False
    if verb.dep_ in ("relcl", "acl") and verb.head.i != verb.i:
        keys = actors_at(verb.head, ctx)
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        if not keys and infinitive and verb.head.dep_ == "dobj" and verb.head.pos_ == "NOUN":
            # "the junta ignored a deadline to release Bazoum": the deadline's addressee (not
            # "blew up a pylon supplying the city": the pylon supplies, not the saboteurs)
            return subjects_of(verb.head.head, ctx, salience)
        return keys, False
    return [], False


_STATEMENTS = frozenset(
    {"statement", "declaration", "communique", "communiqué", "resolution", "letter"}
    | {"message", "note", "appeal", "speech", "report", "editorial", "broadcast"}
)
"""Nouns of something issued, which acts through a participle ("a statement condemning")."""
_ISSUING = frozenset({"issue", "release", "publish", "adopt", "pass", "send", "deliver", "sign"})


def _issuer(statement: Token, ctx: Context, salience: Salience) -> list[str]:
    """Who issued, published or passed a statement: the subject of the verb it is the
    object of."""
    if statement.dep_ != "dobj" or statement.head.lemma_ not in _ISSUING:
        return []
    return subjects_of(statement.head, ctx, salience)[0]


_ACTS_AVENGED = frozenset(
    {"attack", "raid", "strike", "airstrike", "action", "bombing", "assault", "shelling"}
)


def _avenged(verb: Token, ctx: Context) -> list[str]:
    """ "called the U.S. attacks an escalation and promised retaliation", "within 24 hours
    of the U.S. action have all vowed retaliation": revenge vowed with no target named is
    aimed at whoever the sentence says attacked."""
    return [
        k
        for token in verb.sent
        if token.lower_.rstrip("s") in _ACTS_AVENGED and token.pos_ in ("NOUN", "PROPN")
        for k in actors_at(token, ctx)
    ]


def _for_subjects(verb: Token, ctx: Context) -> list[str]:
    """ "set a deadline for the junta to release Bazoum": the "for" phrase of the object is
    the infinitive's subject, not the subject of the verb it hangs from."""
    if verb.dep_ not in ("advcl", "xcomp", "acl") or not any(
        c.dep_ == "aux" and c.lower_ == "to" for c in verb.children
    ):
        return []
    nouns = [c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i]
    return [
        k
        for noun in nouns
        for prep in noun.children
        if prep.dep_ == "prep" and prep.lower_ == "for" and prep.i < verb.i
        for p in prep.children
        if p.dep_ == "pobj"
        for k in actors_at(p, ctx)
    ]


_AMOUNT_NOUNS = frozenset(
    {"worth", "value", "million", "billion", "dlr", "dollar", "import", "export", "shipment"}
)
"""Nouns of an amount or a trade whose "of" phrase names what an act falls on ("tariffs on
300 mln dlrs worth of Japanese goods", "a ban on imports of Iranian oil")."""


def prep_objects(head: Token, preps: frozenset[str], ctx: Context) -> list[str]:
    found: list[str] = []
    for child in head.children:
        if child.dep_ in ("prep", "dative", "agent") and child.lower_ in preps:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    found.extend(actors_at(pobj, ctx) or _amount_of(pobj, ctx))
    return found


def _amount_of(noun: Token, ctx: Context) -> list[str]:
    """The actors of the goods an amount or a trade noun is "of"."""
    if noun.lemma_.lower() not in _AMOUNT_NOUNS:
        return []
    return [
        k
        for prep in noun.children
        if prep.dep_ == "prep" and prep.lower_ == "of"
        for pobj in prep.children
        if pobj.dep_ == "pobj"
        for k in actors_at(pobj, ctx) or _amount_of(pobj, ctx)
    ]


_TOPICS = frozenset({"about", "regarding", "concerning", "over"})
"""Prepositions whose phrase is what an act is about: an actor inside it is no party ("met
Paisley about power sharing with the Assembly" met no Assembly)."""
_TOPICAL_OF = frozenset({"report", "rumor", "rumour", "story", "account", "news"})
"""Nouns of telling whose "of" phrase is their topic, not their author ("denies a report of
CIA bases" rejects nothing of the CIA's; "rejected the claims of Uganda" keeps Uganda)."""


_AIMED_AT_FORCES = frozenset(
    {
        Relation.DEPLOYS_FORCES_TO,
        Relation.ATTACKS,
        Relation.CONDEMNS,  # "blames US-led forces": the State whose forces they are
        Relation.THREATENS,
        Relation.OPPOSES,
        Relation.DETAINS,  # "captured three Iranian soldiers"
    }
)


_DEALINGS = frozenset(
    {"deal", "agreement", "accord", "pact", "contract", "order", "partnership", "alliance"}
    | {"approval", "permission", "licence", "license", "clearance", "go-ahead", "backing"}
    | {"ruling", "verdict", "decision", "judgment", "judgement", "sentence", "appeal"}
    | {"lawsuit", "suit", "case", "charge", "claim", "complaint", "patent", "probe"}
    | {"win", "victory", "defeat", "loss", "result", "record", "title", "award", "prize"}
    | {"bill", "law", "legislation", "plan", "proposal", "policy", "reform", "budget"}
    | {"bid", "offer", "merger", "takeover", "acquisition", "price", "cost", "rate"}
    | {"tax", "fee", "profit", "earnings", "sale", "share", "stake", "market", "news"}
    | {"request", "demand", "deadline", "condition", "requirement", "need", "expectation"}
    | {"obligation", "standard", "criterion", "criteria", "quota", "challenge"}
)
"""Dealings, rulings and outcomes: as the object of an act read off its verb alone
("struck a deal with IBM", "will fight the US court ruling", "received U.S. regulatory
approval", "welcomed the Bush win"), they say the verb is not that act (a bargain, a
legal challenge, a permit, a comment), so the actors they name or hang off them are no
target of it. What one must satisfy goes with them: "agreed to meet a U.S. request", "met
the deadline" fulfil a request or a term, no meeting."""
_DEALT_ACTS = frozenset({Relation.ATTACKS, Relation.MEETS_WITH, Relation.DETAINS, Relation.DEPOSES})
"""Acts whose plain-verb triggers a dealing as object undoes (stances keep theirs:
"criticised the US decision" condemns the US)."""
_FORCEFUL_ACTS = _DEALT_ACTS - {Relation.MEETS_WITH}
"""Acts no dealing does: one that a dealing's participle or relative clause names ("a
challenge targeting Airbus") is legal or commercial ("an accord negotiated with Iran" is
still talks with Iran)."""


def _a_dealing(noun: Token, ctx: Context) -> bool:
    """Whether an object is a dealing, ruling or outcome rather than an actor."""
    return (
        noun.pos_ == "NOUN"
        and noun.i not in ctx.actors.token_actor
        and (noun.lemma_.lower() in _DEALINGS or noun.lower_ in _DEALINGS)
    )


def verb_targets(verb: Token, trigger: Trigger, ctx: Context) -> list[str] | None:
    """The actors the act is aimed at, or None when the trigger's conditions fail."""
    if (
        not trigger.nouns
        and trigger.relation in _DEALT_ACTS
        and any(_a_dealing(c, ctx) for c in verb.children if c.dep_ in ("dobj", "nsubjpass"))
    ):
        return None  # "struck a deal with IBM" is no attack, "received approval" no meeting
    if (
        trigger.relation in _FORCEFUL_ACTS
        and verb.dep_ in ("acl", "relcl")
        and not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        and _a_dealing(verb.head, ctx)
    ):
        # "a U.S. challenge targeting Airbus", "a lawsuit targeting X": no force ("the
        # decision to invade Iraq", "a plan to attack", an act decided, keep theirs)
        return None
    if trigger.nouns:
        objects = [
            c
            for c in map(_past_partitive, verb.children)
            if c.dep_ in ("dobj", "nsubjpass", "oprd", "attr", "pobj")  # pobj: of a part
            and _names_trigger_noun(c, trigger.nouns)
        ] + [c for c in counted_objects(verb) if _names_trigger_noun(c, trigger.nouns)]
        if verb.dep_ in ("acl", "relcl") and _names_trigger_noun(verb.head, trigger.nouns):
            objects.append(verb.head)  # "a deadline set by ECOWAS", "the tariffs he imposed"
        if not objects:
            return None
        if not trigger.preps:
            return [k for c in verb.children if c.dep_ == "dobj" for k in actors_at(c, ctx)]
        found = prep_objects(verb, trigger.preps, ctx)
        if "to" in trigger.preps:  # "gave the Ivory Coast 5.1 million dollars of aid"
            found += [
                k
                for c in verb.children
                if c.dep_ == "dative" and c.pos_ in ("NOUN", "PROPN")
                for k in actors_at(c, ctx)
            ]
        if verb.dep_ == "acl" and names_noun(verb.head, trigger.nouns) and verb.head.dep_ == "dobj":
            # "Niger's junta faces a deadline set by ECOWAS": the one facing it is the target
            found += [
                k for c in verb.head.head.children if c.dep_ == "nsubj" for k in actors_at(c, ctx)
            ]
        if trigger.inverse:  # "hosts U.S., French and German troops": the modifiers act
            found += [k for obj in objects for k in actors_at(obj, ctx)]
        for obj in objects:
            if not found:  # "a deadline for the restoration of order in Niger"
                found.extend(
                    ctx.actors.token_actor[t.i]
                    for prep in obj.children
                    if prep.dep_ == "prep" and prep.lower_ in trigger.preps
                    for t in prep.subtree
                    if t.i in ctx.actors.token_actor
                    and not wire_credit(t)  # "Held Talks With U.S. Official (AP)"
                    and not _describes_actor(t, prep, ctx)
                    and not _in_clause(t, prep)
                )
            # "dismissed its ambassadors to France, as well as the ambassadors to Togo"
            for noun in (
                obj,  # "... as well as the ambassadors to Togo and Nigeria"
                *(
                    c
                    for c in verb.subtree
                    if c.i != obj.i and names_noun(c, trigger.nouns) and not _reason(c, verb)
                ),
            ):
                found.extend(prep_objects(noun, trigger.preps, ctx))
        if not found and trigger.relation is Relation.THREATENS:
            found = _avenged(verb, ctx)
        return found
    if any(names_noun(c, _FORCE_NOUNS) for c in verb.children if c.dep_ == "dobj") and (
        trigger.relation not in _AIMED_AT_FORCES
    ):
        return None  # "hosting troops from France" is no meeting with France
    if trigger.preps:
        found = prep_objects(verb, trigger.preps, ctx)
        found += [k for c in verb.children if c.dep_ == "dative" for k in actors_at(c, ctx)]
        for obj in (c for c in verb.children if c.dep_ in ("dobj", "pobj")):
            found.extend(prep_objects(obj, trigger.preps, ctx))  # "requested help from X"
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ not in _TOPICS):
            for pobj in (p for p in prep.children if p.dep_ == "pobj"):
                # "asked for help from X", "operates in African countries, including Mali"
                found.extend(prep_objects(pobj, trigger.preps | _EXAMPLE_PREPS, ctx))
        if (
            not found
            and trigger.relation in _OBJECT_ADDRESSED
            and any(c.dep_ == "prep" and c.lower_ in trigger.preps for c in _prep_heads(verb))
        ):  # "warned Congress against passing the bill": the one warned is the target
            found = [k for c in verb.children if c.dep_ == "dobj" for k in actors_at(c, ctx)]
        return found
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and any(c.dep_ == "agent" for c in verb.children):
        # "Governor Suzuki, backed by the LDP": the noun the participle describes is the target
        return actors_at(verb.head, ctx)
    if _reduced_relative(verb):  # "Governor Shunichi Suzuki backed by the LDP has said"
        return [k for c in verb.children if c.dep_ == "nsubj" for k in actors_at(c, ctx)]
    dep = "nsubjpass" if is_passive(verb) else "dobj"
    objects = [
        c  # "condemned Mr. Bazoum's ouster" parsed with "Bazoum" as a second object
        for c in verb.children
        if c.dep_ in (dep, "dative") and not any(g.dep_ == "case" for g in c.children)
    ] + counted_objects(verb)
    if not objects and not is_passive(verb):  # "release and reinstate Bazoum": shared object
        objects = [
            o
            for c in verb.children
            if c.dep_ == "conj" and _back_to_back(verb, c)
            for o in c.children
            if o.dep_ == "dobj"
        ]
    if not objects and not is_passive(verb):
        # "denounced as an ugly crime Serbia's suppression of ...": the object moved after
        # the "as" phrase, which the parser takes for an apposition of its noun
        objects = [
            a
            for prep in verb.children
            if prep.dep_ == "prep" and prep.lower_ == "as"
            for p in prep.children
            if p.dep_ == "pobj"
            for a in p.children
            if a.dep_ == "appos" and a.i > p.i
        ]
    found = [k for c in objects if not _civilian(c, ctx) for k in actors_at(c, ctx)]
    if not found and verb.dep_ == "relcl" and any(c.lower_ in _RELATIVE for c in objects):
        # "Syria, which Israel attacked last week": the relative pronoun is the noun's
        found = actors_at(verb.head, ctx)
    if not found:
        found = [k for c in objects for k in _agent_of_act(c, trigger, ctx)]
    if not found:
        found = [k for c in objects for k in _speakers_own(c, verb, ctx)]
    if found or is_passive(verb):
        return found
    # "threatened further action against Russia", "rejected a request from the U.S.":
    # the target hangs off the object noun, or off the object of the clause it governs
    for obj in objects:
        topical = _done_to(obj, trigger, ctx) or obj.lemma_.lower() in _TOPICAL_OF
        preps = _TARGET_PREPS - {"of"} if topical else _TARGET_PREPS
        if trigger.relation is Relation.REQUESTS_AID_FROM:
            # "urged sanctions on Iran" asks nothing of Iran; "sought help from Japan" does
            preps = frozenset({"from"})
        found.extend(prep_objects(obj, preps, ctx))
    if not found:
        # what one threatens to do somewhere falls on that place ("threatened to resume
        # terrorist activities in Israel", "to institute a curfew in Algiers")
        threat = trigger.relation is Relation.THREATENS
        preps = _TARGET_PREPS | ({"in"} if threat else set())
        for clause in (c for c in verb.children if c.dep_ == "xcomp" or _infinitive(c, threat)):
            for child in clause.children:
                if child.dep_ == "dobj" and trigger.relation is not Relation.REQUESTS_AID_FROM:
                    # (what one is asked to do is not whom one asks: "asked a court to
                    # sentence X", "urged to launch a probe into Y" ask nothing of X or Y)
                    found.extend(actors_at(child, ctx))
                    found.extend(prep_objects(child, preps, ctx))
                elif child.dep_ == "ccomp" and clause.lemma_ in _PERMITTING:
                    # "refused to allow United Nations planes to land": those not let
                    found.extend(
                        k for s in child.children if s.dep_ == "nsubj" for k in actors_at(s, ctx)
                    )
                elif child.dep_ == "prep":
                    # "refused to respond to a demand from the US President": the author
                    found.extend(
                        k
                        for word in child.children
                        if word.dep_ == "pobj" and word.lemma_.lower() in _ASKED
                        for k in prep_objects(word, frozenset({"from", "by", "of"}), ctx)
                    )
            found.extend(prep_objects(clause, preps, ctx))
    return found


_JOINING_DEPS = frozenset({"cc", "punct", "advmod", "neg", "aux"})


def _back_to_back(verb: Token, conj: Token) -> bool:
    """Whether two coordinated verbs stand side by side ("release and reinstate Bazoum"),
    so that they may share the second's object; with a phrase of the first's own between
    ("welcomed on Friday the announcement ... and urged the deployment of AU troops") the
    second's object is its own."""
    return all(t.dep_ in _JOINING_DEPS for t in verb.doc[verb.i + 1 : conj.i])


_PERMITTING = frozenset({"allow", "permit", "let"})
_ASKED = frozenset(
    {"demand", "request", "call", "appeal", "offer", "proposal", "plan", "ultimatum"}
    | {"invitation", "order", "ban", "resolution", "initiative", "plea", "warning"}
)
"""What one actor asks of or puts to another, whose "from"/"by" phrase names the author."""


def _infinitive(clause: Token, threat: bool) -> bool:
    """ "threatened on Monday to resume its operations": the act threatened, which the
    parser hangs as an adverbial clause when a phrase comes between."""
    return (
        threat
        and clause.dep_ == "advcl"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)
    )


_PARTITIVE_NOUNS = frozenset({"part", "parts", "half", "most", "some", "all", "much", "rest"})


_REASON_PREPS = frozenset({"over", "because", "despite", "after", "since"})


def _reason(token: Token, verb: Token) -> bool:
    """Whether a word lies in a phrase of the reason or occasion of the act ("break off
    relations with Congo over their ties with Israel"), not among its objects."""
    for ancestor in token.ancestors:
        if ancestor.i == verb.i:
            return False
        if ancestor.dep_ == "prep" and ancestor.lower_ in _REASON_PREPS:
            return True
    return False


def _past_partitive(noun: Token) -> Token:
    """ "suspended part of a military aid program": the object is what the part is of."""
    if noun.dep_ not in ("dobj", "nsubjpass") or noun.lower_ not in _PARTITIVE_NOUNS:
        return noun
    inner = [p for c in noun.children if c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
    return inner[0] if inner else noun


def counted_objects(verb: Token) -> list[Token]:
    """Objects counted by "up to" that the parser read as a particle and a preposition
    ("kidnapped up to 16 Russian advisers", "sending up to 600 marines": "up" a particle,
    "marines" the object of "to"), with what they are coordinated with."""
    ups = [c for c in verb.children if c.dep_ == "prt" and c.lower_ == "up"]
    if not ups:
        return []
    found = [
        p
        for prep in (*verb.children, *ups[0].children)
        if prep.dep_ == "prep" and prep.lower_ == "to"
        for p in prep.children
        if p.dep_ == "pobj" and any(n.dep_ == "nummod" for n in p.children)
    ]
    return found + [c for p in found for c in p.children if c.dep_ == "conj"]


_STANCES = frozenset({Relation.CONDEMNS, Relation.OPPOSES, Relation.SUPPORTS})
_JUDGING = frozenset(
    {"accuse", "charge", "blame", "fault", "suspect", "condemn", "denounce", "criticize"}
    | {"criticise", "praise", "thank", "commend", "credit", "congratulate", "reward"}
    | {"punish", "sanction"}
    | {"jail", "sentence", "convict", "imprison", "fine", "indict", "prosecute", "arrest"}
)
"""Verbs that judge someone for an act ("accused X of backing Y", "jailed X for
financing Y"): X did the act."""


def _agent_of_act(noun: Token, trigger: Trigger, ctx: Context) -> list[str]:
    """ "The attack by Iraqi forces on Kuwait was condemned by Egypt": a stance on an act
    is a stance on its agent, named by a "by" phrase of the act's noun."""
    if trigger.relation not in _STANCES:
        return []
    return [
        k
        for prep in noun.children
        if prep.dep_ in ("prep", "agent") and prep.lower_ == "by"
        for p in prep.children
        if p.dep_ == "pobj"
        for k in actors_at(p, ctx)
    ]


_HARMS = frozenset(
    {"killing", "murder", "beheading", "execution", "assassination", "death", "torture"}
    | {"kidnapping", "abduction", "arrest", "detention", "imprisonment", "jailing"}
    | {"invasion", "occupation", "bombing", "shelling", "massacre", "expulsion"}
)
_HARMED = frozenset({Relation.ATTACKS, Relation.DETAINS, Relation.DEPOSES})


def _done_to(noun: Token, trigger: Trigger, ctx: Context) -> bool:
    """Whether a condemned or opposed act's "of" phrase names whom it was done to ("the
    killing of aid worker X", "the arrest of opposition leader Y", "the invasion of
    Kuwait"): the victim, not the one condemned."""
    if trigger.relation not in (Relation.CONDEMNS, Relation.OPPOSES):
        return False
    lemma = noun.lemma_.lower()
    rows = ctx.lexicon.get((lemma, "NOUN"), ())
    return lemma in _HARMS or noun.lower_ in _HARMS or any(r.relation in _HARMED for r in rows)


_OWN = frozenset({"its", "their"})


def _speakers_own(noun: Token, verb: Token, ctx: Context) -> list[str]:
    """ "Iraq said Iran had attacked its positions near Basra": what an act falls on that
    the reported clause gives only a possessive pronoun is the speaker's own, when the
    speaker is another actor than the clause's subject."""
    if not any(c.dep_ == "poss" and c.lower_ in _OWN for c in noun.children):
        return []
    speech = reporting_verb(verb)
    if verb.dep_ == "pcomp" and verb.head.head.lemma_ in _JUDGING:
        speech = verb.head.head  # "Pakistan accused Afghan warplanes of bombing its territory"
    return _speakers(speech, verb, ctx)


def _speakers(speech: Token | None, verb: Token, ctx: Context) -> list[str]:
    """The actors who say what `verb` reports, when another verb says it."""
    if speech is None or speech.i == verb.i:
        return []
    return [k for c in speech.children if c.dep_ == "nsubj" for k in actors_at(c, ctx)]


def _names_trigger_noun(noun: Token, nouns: frozenset[str]) -> bool:
    """Whether an object is one a noun-bound trigger needs: the noun itself, a noun it is
    coordinated with ("photographs and other military intelligence") or one compounded
    into it ("aid deliveries", "troop reinforcements")."""
    if names_noun(noun, nouns) or any(
        c.dep_ in ("compound", "conj") and names_noun(c, nouns) for c in noun.children
    ):
        return True
    # "5.1 million dollars of aid", "$50,000 worth of goods": what the amount is of
    return noun.lemma_.lower() in _AMOUNT_NOUNS and any(
        _names_trigger_noun(pobj, nouns)
        for prep in noun.children
        if prep.dep_ == "prep" and prep.lower_ == "of"
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    )


_CIVILIANS = frozenset(
    {"hostage", "journalist", "reporter", "photographer", "engineer", "contractor"}
    | {"tourist", "businessman", "missionary"}
)
"""Foreigners an act abroad may fall on who do not stand for their State ("an Australian
journalist was seized", "UK hostage")."""


def _civilian(noun: Token, ctx: Context) -> bool:
    """Whether an object is a private person named only by a nationality: no actor."""
    return noun.lemma_.lower() in _CIVILIANS and noun.i not in ctx.actors.token_actor


_CLAUSES = frozenset({"relcl", "advcl", "ccomp"})


def _in_clause(token: Token, top: Token) -> bool:
    """ "sanctions on the Taliban faction that controls Afghanistan": a word of a clause
    that describes the phrase under `top` is not what the phrase names."""
    for ancestor in (token, *token.ancestors):
        if ancestor.i == top.i:
            return False
        if ancestor.dep_ in _CLAUSES:
            return True
    return False


def _describes_actor(token: Token, top: Token, ctx: Context) -> bool:
    """ "talks with Japanese Prime Minister Nakasone": "Japanese" only describes the actor
    the phrase names (a word between it and `top` that is an actor of its own)."""
    key = ctx.actors.token_actor.get(token.i)
    for ancestor in token.ancestors:
        if ancestor.i == top.i:
            return False
        if (other := ctx.actors.token_actor.get(ancestor.i)) and other != key:
            return True
    return False


def _prep_heads(verb: Token) -> list[Token]:
    """The verb's children, and those of its prepositional objects ("warned Congress in a
    radio address against ...", the parser hangs "against" off the address)."""
    heads = [verb]
    heads += [p for c in verb.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
    return [child for head in heads for child in head.children]


_OBJECT_ADDRESSED = frozenset(
    {Relation.OPPOSES, Relation.CONDEMNS, Relation.THREATENS, Relation.SEVERS_TIES_WITH}
)
"""Stances whose object is the one addressed when the preposition names the matter."""
_CLAUSE_TARGETED = frozenset({Relation.REQUESTS_AID_FROM, Relation.THREATENS})


def clause_targets(verb: Token, trigger: Trigger, ctx: Context) -> list[str]:
    """ "demanded that the US cancel ...", "threatened ... unless Israel rescinded": the
    actor asked or threatened is the subject of the clause the verb governs."""
    if trigger.relation not in _CLAUSE_TARGETED:
        return []
    found: list[str] = []
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    if trigger.relation is Relation.THREATENS:
        scope = [verb, *(c for c in verb.children if c.dep_ == "xcomp")]
        clauses += [
            c
            for v in scope
            for c in v.children
            if c.dep_ == "advcl" and any(m.lower_ in ("if", "unless") for m in c.children)
        ]
    for clause in clauses:
        if trigger.relation is Relation.REQUESTS_AID_FROM and _states_what_is(clause):
            continue
        for child in clause.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                found.extend(actors_at(child, ctx))
    return found


_INDICATIVE_BE = frozenset({"VBZ", "VBP", "VBD"})


def _states_what_is(clause: Token) -> bool:
    """Whether a that-clause says what something is ("insists that Taiwan is a Chinese
    province"): a claim, no demand; a demand's clause asks for an act, its "be" in the
    subjunctive ("insisted that the talks be held in Geneva")."""
    return (
        clause.lemma_ == "be"
        and clause.tag_ in _INDICATIVE_BE
        and any(c.dep_ in ("attr", "acomp") for c in clause.children)
    )


def noun_subjects(noun: Token, ctx: Context, salience: Salience) -> list[str]:
    found: list[str] = []
    for child in noun.children:
        if (
            child.dep_ in ("poss", "compound", "amod")
            and (k := ctx.actors.token_actor.get(child.i))
        ) or (child.dep_ == "poss" and (k := salience.resolve(child))):
            found.append(k)
        elif child.dep_ in ("prep", "agent") and child.lower_ in ("by", "from"):
            found.extend(k for p in child.children if p.dep_ == "pobj" for k in actors_at(p, ctx))
        elif child.dep_ == "acl":  # "sanctions imposed by ECOWAS"
            found.extend(
                k
                for agent in child.children
                if agent.dep_ == "agent"
                for p in agent.children
                if p.dep_ == "pobj"
                for k in actors_at(p, ctx)
            )
    if not found and noun.dep_ in ("dobj", "pobj") and noun.head.lemma_ in LIGHT_VERBS:
        found, _ = subjects_of(noun.head, ctx, salience)
    if not found and noun.dep_ == "dobj" and (k := ctx.actors.token_actor.get(noun.head.i)):
        # the tagger reads a sentence-initial acronym as a verb ("ECOWAS imposed sanctions
        # on Niger" parsed with ECOWAS as ROOT): the name is still the one acting
        found.append(k)
    return found
