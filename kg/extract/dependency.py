"""Subject-trigger-object rules over the dependency parse.

For every trigger word in the lexicon, the subject and the target are read off the
parse (active and passive voice, coordination, relative clauses, light-verb nouns),
mapped to the article's actors, and kept only if the act is not negated. Planned or
threatened acts become `threatens` or lose confidence.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from kg.extract.modality import (
    REPORTING,
    event_date,
    is_hypothetical,
    is_negated,
    refused,
    reporting_verb,
    speaker_tokens,
    threat_head,
)
from kg.extract.triggers import Lexicon, Trigger
from kg.model import Assertion, Evidence
from kg.resolve.mentions import ArticleActors
from kg.vocab import ActorClass, Relation, fits_signature

EXTRACTOR = "kg.dependency.v1"

_KINETIC = frozenset(
    {
        Relation.ATTACKS,
        Relation.SANCTIONS,
        Relation.DEPLOYS_FORCES_TO,
        Relation.DEPOSES,
        Relation.DETAINS,
        Relation.SEVERS_TIES_WITH,
    }
)
_SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
_MODIFIER_DEPS = frozenset({"compound", "poss", "amod", "nmod"})
_LIGHT_VERBS = frozenset(
    {"impose", "issue", "make", "launch", "announce", "express", "offer", "carry"}
)
_PRONOUNS = {
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
    }
)
_RECIPROCAL = frozenset(
    {Relation.MEETS_WITH, Relation.COOPERATES_WITH, Relation.ALLIES_WITH, Relation.ATTACKS}
)
_ACCEPTANCE = frozenset({"accept", "allow", "tolerate", "permit", "recognize", "recognise"})
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
    offset: int = 0
    titles: frozenset[str] = frozenset()
    capitals: dict[str, str] = field(default_factory=dict)
    """Capital city key -> State key, for acts aimed at a capital."""
    """Lower-cased role titles ("president"), to read "deposed President X" right."""


class _Salience:
    """The most recent actors named as subjects, for "it", "they", "he" and "the bloc"."""

    def __init__(self) -> None:
        self.recent: list[tuple[str, ActorClass]] = []

    def note(self, key: str, cls: ActorClass) -> None:
        self.recent.append((key, cls))

    def resolve(self, token: Token) -> str | None:
        kind = _PRONOUNS.get(token.lower_)
        if kind is None:
            return None
        for key, cls in reversed(self.recent[-6:]):
            if (kind == "person") == (cls in _PERSONS):
                return key
        return None


def actors_at(token: Token, ctx: Context, *, modifiers: bool = True) -> list[str]:
    """Map a head word to the actors it names, following coordination ("Mali and Burkina")."""
    found: list[str] = []
    key = (
        ctx.actors.token_actor.get(token.i)
        or ctx.actors.country_reference(token)
        or _coup_makers(token, ctx)
    )
    if key is not None:
        found.append(key)
    elif any(c.dep_ == "appos" and c.i in ctx.actors.token_actor for c in token.children):
        pass  # "one of the coup leaders, Gen. Salifou Mody": the named appositive below
    elif modifiers:
        for child in token.children:
            k = ctx.actors.token_actor.get(child.i) or ctx.actors.bloc_reference(child)
            if child.dep_ in _MODIFIER_DEPS and k:
                found.append(k)
                break
        if not found and token.lemma_ in _COLLECTIVE:
            # "a group of Moroccan diplomats", "leaders of Romania's new government"
            for prep in (
                c for c in token.children if c.dep_ == "prep" and c.lower_ in ("of", "from")
            ):
                for pobj in (p for p in prep.children if p.dep_ == "pobj"):
                    found.extend(actors_at(pobj, ctx))
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
    for child in token.children:
        if child.dep_ == "conj" or (child.dep_ == "appos" and not found):
            found.extend(actors_at(child, ctx, modifiers=modifiers))
        elif key is not None and child.dep_ in ("nmod", "compound") and _coordinated(child):
            # "Mali and Burkina Faso" is often parsed as Mali (nmod, with "and") of Faso
            found.extend(actors_at(child, ctx, modifiers=False))
    return list(dict.fromkeys(found))


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


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def subjects_of(verb: Token, ctx: Context, salience: _Salience) -> tuple[list[str], bool]:
    """Who does the act; the flag says a pronoun had to be resolved to find them."""
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
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
    if _is_passive(verb):
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
        if child.dep_ in _SUBJECT_DEPS:
            if child.lower_ in _RELATIVE and verb.dep_ == "relcl":  # "Algeria, which borders"
                return actors_at(verb.head, ctx), False
            keys = actors_at(child, ctx) + [
                k  # "Western powers, along with the U.N. and ECOWAS, condemned ..."
                for prep in _co_subject_preps(child)
                for p in prep.children
                if p.dep_ == "pobj"
                for k in actors_at(p, ctx)
            ]
            if keys:
                return keys, False
            if (
                child.lower_ in _PRONOUNS
                and verb.dep_ in ("ccomp", "xcomp")
                and verb.head.lemma_ in REPORTING
            ):  # "X said it would ...": the pronoun is the speaker
                speakers = [
                    k for c in verb.head.children if c.dep_ == "nsubj" for k in actors_at(c, ctx)
                ]
                if speakers:
                    return speakers, False
            pronoun = salience.resolve(child)
            return ([pronoun], True) if pronoun else ([], False)
    if verb.dep_ in ("xcomp", "conj", "advcl") and verb.head.i != verb.i:
        return subjects_of(verb.head, ctx, salience)
    if verb.dep_ == "pcomp" and verb.head.head.i != verb.head.i:  # "... after rebuffing X"
        return subjects_of(verb.head.head, ctx, salience)
    if verb.dep_ in ("relcl", "acl") and verb.head.i != verb.i:
        keys = actors_at(verb.head, ctx)
        if not keys and verb.head.dep_ == "dobj" and verb.head.pos_ == "NOUN":
            # "the junta ignored a deadline to release Bazoum": the deadline's addressee
            return subjects_of(verb.head.head, ctx, salience)
        return keys, False
    return [], False


def _prep_objects(head: Token, preps: frozenset[str], ctx: Context) -> list[str]:
    found: list[str] = []
    for child in head.children:
        if child.dep_ in ("prep", "dative", "agent") and child.lower_ in preps:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    found.extend(actors_at(pobj, ctx))
    return found


def _verb_targets(verb: Token, trigger: Trigger, ctx: Context) -> list[str] | None:
    """The actors the act is aimed at, or None when the trigger's conditions fail."""
    if trigger.nouns:
        objects = [
            c
            for c in verb.children
            if c.dep_ in ("dobj", "nsubjpass", "oprd", "attr") and c.lemma_.lower() in trigger.nouns
        ]
        if verb.dep_ == "acl" and verb.head.lemma_.lower() in trigger.nouns:
            objects.append(verb.head)  # "a deadline set by ECOWAS"
        if not objects:
            return None
        if not trigger.preps:
            return [k for c in verb.children if c.dep_ == "dobj" for k in actors_at(c, ctx)]
        found = _prep_objects(verb, trigger.preps, ctx)
        if verb.dep_ == "acl" and verb.head.lemma_ in trigger.nouns and verb.head.dep_ == "dobj":
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
                )
            # "dismissed its ambassadors to France, as well as the ambassadors to Togo"
            for noun in (
                obj,  # "... as well as the ambassadors to Togo and Nigeria"
                *(c for c in verb.subtree if c.i != obj.i and c.lemma_ in trigger.nouns),
            ):
                found.extend(_prep_objects(noun, trigger.preps, ctx))
        return found
    if any(c.lemma_ in _FORCE_NOUNS for c in verb.children if c.dep_ == "dobj") and (
        trigger.relation not in (Relation.DEPLOYS_FORCES_TO, Relation.ATTACKS)
    ):
        return None  # "hosting troops from France" is no meeting with France
    if trigger.preps:
        found = _prep_objects(verb, trigger.preps, ctx)
        found += [k for c in verb.children if c.dep_ == "dative" for k in actors_at(c, ctx)]
        for obj in (c for c in verb.children if c.dep_ in ("dobj", "pobj")):
            found.extend(_prep_objects(obj, trigger.preps, ctx))  # "requested help from X"
        for prep in (c for c in verb.children if c.dep_ == "prep"):
            for pobj in (p for p in prep.children if p.dep_ == "pobj"):
                # "asked for help from X", "operates in African countries, including Mali"
                found.extend(_prep_objects(pobj, trigger.preps | _EXAMPLE_PREPS, ctx))
        return found
    dep = "nsubjpass" if _is_passive(verb) else "dobj"
    objects = [
        c  # "condemned Mr. Bazoum's ouster" parsed with "Bazoum" as a second object
        for c in verb.children
        if c.dep_ in (dep, "dative") and not any(g.dep_ == "case" for g in c.children)
    ]
    if not objects and not _is_passive(verb):  # "release and reinstate Bazoum": shared object
        objects = [
            o for c in verb.children if c.dep_ == "conj" for o in c.children if o.dep_ == "dobj"
        ]
    found = [k for c in objects for k in actors_at(c, ctx)]
    if found or _is_passive(verb):
        return found
    # "threatened further action against Russia", "rejected a request from the U.S.":
    # the target hangs off the object noun, or off the object of the clause it governs
    for obj in objects:
        found.extend(_prep_objects(obj, _TARGET_PREPS, ctx))
    if not found:
        for clause in (c for c in verb.children if c.dep_ == "xcomp"):
            for child in clause.children:
                if child.dep_ == "dobj":
                    found.extend(actors_at(child, ctx))
                    found.extend(_prep_objects(child, _TARGET_PREPS, ctx))
            found.extend(_prep_objects(clause, _TARGET_PREPS, ctx))
    return found


_CLAUSE_TARGETED = frozenset({Relation.REQUESTS_AID_FROM, Relation.THREATENS})


def _clause_targets(verb: Token, trigger: Trigger, ctx: Context | None = None) -> list[str]:
    """ "demanded that the US cancel ...", "threatened ... unless Israel rescinded": the
    actor asked or threatened is the subject of the clause the verb governs."""
    if trigger.relation not in _CLAUSE_TARGETED or ctx is None:
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
        for child in clause.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                found.extend(actors_at(child, ctx))
    return found


def _noun_subjects(noun: Token, ctx: Context, salience: _Salience) -> list[str]:
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
    if not found and noun.dep_ in ("dobj", "pobj") and noun.head.lemma_ in _LIGHT_VERBS:
        found, _ = subjects_of(noun.head, ctx, salience)
    if not found and noun.dep_ == "dobj" and (k := ctx.actors.token_actor.get(noun.head.i)):
        # the tagger reads a sentence-initial acronym as a verb ("ECOWAS imposed sanctions
        # on Niger" parsed with ECOWAS as ROOT): the name is still the one acting
        found.append(k)
    return found


def _evidence(
    sentence: Span, trigger: Token, ctx: Context, confidence: float, speaker: str | None
) -> Evidence:
    text = sentence.text.rstrip()
    return Evidence(
        sentence=text,
        start=ctx.offset + sentence.start_char,
        end=ctx.offset + sentence.start_char + len(text),
        extractor=EXTRACTOR,
        confidence=round(confidence, 3),
        speaker=speaker,
        event_date=event_date(trigger, sentence, ctx.published),
    )


def _speaker(trigger: Token, ctx: Context) -> str | None:
    verb = reporting_verb(trigger)
    if verb is None:
        return None
    for head in speaker_tokens(verb):
        keys = actors_at(head, ctx)
        if keys:
            return keys[0]
        if head.pos_ in ("PROPN", "NOUN"):
            words = [t for t in head.subtree if t.dep_ not in ("punct", "relcl", "appos")]
            return " ".join(t.text for t in words[:8])
    return None


def _fire(
    token: Token, kind: str, trigger: Trigger, ctx: Context, salience: _Salience
) -> Iterator[tuple[str, Relation, str, float]]:
    if kind == "REFUSAL":
        yield from _fire(token, "VERB", trigger, ctx, salience)
        return
    if kind == "NOUN":
        base = trigger.confidence * 0.9
        targets = _prep_objects(token, trigger.preps, ctx) or [
            k  # "a suspension of air links with Serbia"
            for prep in token.children
            if prep.dep_ == "prep"
            for pobj in prep.children
            if pobj.dep_ == "pobj"
            for k in _prep_objects(pobj, trigger.preps | {"with", "to", "against", "on"}, ctx)
        ]
        if token.dep_ == "attr":  # "Niger had been a key U.S. ally": subject is the copula's
            subjects, via_pronoun = subjects_of(token.head, ctx, salience)
            targets += _prep_objects(token.head, trigger.preps, ctx)  # "a partner to the US"
            targets += [
                k
                for c in token.children
                if c.dep_ in _MODIFIER_DEPS
                if (k := ctx.actors.token_actor.get(c.i)) and k not in subjects
            ]
        else:
            subjects, via_pronoun = _noun_subjects(token, ctx, salience), False
        if not subjects and trigger.relation is Relation.BORDERS and ctx.actors.focus_state:
            # "near the borders with Nigeria": the article's own country is the one bordering
            subjects, base = [ctx.actors.focus_state], base * 0.7
        if (
            not targets
            and trigger.relation is Relation.SANCTIONS
            and ctx.actors.dominant_focus
            and ctx.actors.focus_state
        ):  # "travel and economic sanctions imposed by ECOWAS" in a story about Niger
            targets, base = [ctx.actors.focus_state], base * 0.6
    else:
        found = _verb_targets(token, trigger, ctx)
        if found is None:
            return
        targets = found or _clause_targets(token, trigger, ctx)
        subjects, via_pronoun = subjects_of(token, ctx, salience)
        if not subjects and trigger.preps and _is_passive(token) and not trigger.nouns:
            # "Hudson, who is affiliated with CSIS": no agent, the passive subject relates
            subjects = [
                k for c in token.children if c.dep_ == "nsubjpass" for k in actors_at(c, ctx)
            ]
            if not subjects and token.dep_ in ("relcl", "acl"):
                subjects = actors_at(token.head, ctx)
        base = trigger.confidence * (0.8 if via_pronoun else 1.0)
    if not targets and len(subjects) > 1 and trigger.relation in _RECIPROCAL:
        # "Israel and Lebanon renewed negotiations": each acts on the other
        pairs = [(a, b) for a in subjects for b in subjects if a != b]
        for a, b in pairs:
            yield a, trigger.relation, b, base * 0.9
        return
    if not subjects or not targets:
        return
    relation = trigger.relation
    if is_hypothetical(token):
        if relation in _KINETIC:  # a planned, promised or conditional sanction or attack
            relation, base = Relation.THREATENS, base * (0.85 if threat_head(token) else 0.7)
        else:
            base *= 0.6
    if trigger.inverse:
        subjects, targets = targets, subjects
    for subject in dict.fromkeys(subjects):
        for target in dict.fromkeys(targets):
            yield subject, relation, target, base


def _as_refusal(trigger: Trigger) -> Trigger:
    return Trigger(
        Relation.OPPOSES,
        trigger.lemma,
        trigger.pos,
        trigger.nouns,
        trigger.preps,
        trigger.confidence * 0.8,
        trigger.inverse,
    )


def _future(token: Token) -> bool:
    return any(
        c.dep_ == "aux" and c.lower_ in ("will", "would", "'ll", "wo") for c in token.children
    )


def _is_participle_modifier(token: Token, titles: frozenset[str]) -> bool:
    """ "deposed President Bazoum": a participle describing a noun reports no new act."""
    if token.dep_ in ("amod", "compound"):
        return True
    if token.tag_ != "VBN":
        return False
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if following is not None and following.lower_ in titles:
        return True  # however the parser attached it
    return (
        token.head.i > token.i
        and token.head.pos_ in ("NOUN", "PROPN")
        and not any(c.dep_ in ("nsubj", "nsubjpass", "agent") for c in token.children)
    )


def trigger_kind(token: Token) -> str | None:
    """Read a word as a verb when it governs a clause, whatever its tag ("Algeria borders Niger")."""
    if token.pos_ in ("VERB", "AUX") or any(
        c.dep_ in ("nsubj", "dobj", "nsubjpass") for c in token.children
    ):
        return "VERB"
    return "NOUN" if token.pos_ in ("NOUN", "PROPN") else None


def extract_relations(doc: Doc, ctx: Context) -> Iterator[Assertion]:
    """Yield every event or stance assertion the article's sentences make."""
    salience = _Salience()
    for sentence in doc.sents:
        for token in sentence:
            if token.dep_ in _SUBJECT_DEPS and token.lower_ not in _PRONOUNS:
                # noted as soon as read, so "X visited Niamey, where she held talks" finds X
                for key in actors_at(token, ctx)[:1]:
                    salience.note(key, ctx.classes[key])
            kind = None if _is_participle_modifier(token, ctx.titles) else trigger_kind(token)
            triggers = ctx.lexicon.get((token.lemma_.lower(), kind)) if kind else None
            if kind == "VERB" and token.lemma_ in _ACCEPTANCE and is_negated(token):
                # "will not accept any more refugees", "will no longer tolerate rallies"
                triggers = (
                    Trigger(Relation.OPPOSES, token.lemma_, "VERB", frozenset(), frozenset(), 0.7),
                )
                kind = "REFUSAL"
            if kind is None or not triggers:
                continue
            if kind != "REFUSAL" and is_negated(token):
                if refused(token):  # "refused to meet with the envoys": opposes them
                    triggers = tuple(_as_refusal(t) for t in triggers)
                else:
                    continue
            speaker = None
            for trigger in triggers:
                for subject, relation, target, confidence in _fire(
                    token, kind, trigger, ctx, salience
                ):
                    target = ctx.capitals.get(target, target)  # talks "in Amman": Jordan
                    if subject == target or not fits_signature(
                        relation, ctx.classes[subject], ctx.classes.get(target, ActorClass.PLACE)
                    ):
                        continue
                    if trigger.subjects and ctx.classes[subject] not in trigger.subjects:
                        continue  # "Wagner operates in Mali", not a company
                    speaker = speaker or _speaker(token, ctx)
                    yield Assertion(
                        subject,
                        relation,
                        target,
                        _evidence(sentence, token, ctx, confidence, speaker),
                    )
