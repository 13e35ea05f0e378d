"""Subject-trigger-object rules over the dependency parse.

For every trigger word in the lexicon, the subject and the target are read off the
parse (`arguments.py`: active and passive voice, coordination, relative clauses,
light-verb nouns), mapped to the article's actors, and kept only if the act is not
negated. Refused acts become `opposes`; planned or threatened acts become `threatens` or
lose confidence (the factors are in `lexicon/extractor_confidence.csv`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from spacy.tokens import Doc, Span, Token

from kg.extract.accusations import accusations
from kg.extract.arguments import (
    FORCE_NOUNS,
    LIGHT_VERBS,
    MODIFIER_DEPS,
    PRONOUNS,
    SUBJECT_DEPS,
    Context,
    Salience,
    actors_at,
    clause_targets,
    is_passive,
    noun_subjects,
    prep_objects,
    subjects_of,
    verb_targets,
)
from kg.extract.dates import event_date
from kg.extract.hedges import find_hedge
from kg.extract.modality import (
    REFUSING_HEADS,
    REPORTING,
    WILLING,
    chain_up,
    is_conditional,
    is_hypothetical,
    is_negated,
    refused,
    reporting_verb,
    speaker_tokens,
    threat_head,
)
from kg.extract.noun_threats import (
    demanding_parties,
    exposure_word,
    faces_threatened_act,
    facing_parties,
    load_threat_nouns,
    names_own_target,
    threat_agents,
)
from kg.extract.registry import Reading, register_extractor
from kg.extract.role_time import state_of
from kg.extract.triggers import Trigger, names_noun, singular
from kg.model import Assertion, Evidence
from kg.resolve.governments import leads, state_counts
from kg.vocab import ActorClass, Relation, fits_signature

DEPENDENCY = "kg.dependency.v1"

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
_RECIPROCAL = frozenset(
    {Relation.MEETS_WITH, Relation.COOPERATES_WITH, Relation.ALLIES_WITH, Relation.ATTACKS}
)
_ONE_EDGE = frozenset({Relation.MEETS_WITH, Relation.COOPERATES_WITH})
"""Joint acts written once, from the first-named party (the gold's convention)."""
_SETTING_PREPS = frozenset({"in", "during", "at", "after", "following"})
_TERRITORIAL = frozenset({"invade"})
"""Acts on a territory: with no object named, the State the story is about is the one."""
_RELIEF = frozenset({"release", "free"})
"""Acts that end a detention: read as one that took place, never threatened."""
_PARTICLE_SENSES = frozenset(
    {("free", "up"), ("release", "up"), ("lock", "in"), ("fire", "up")}
    | {("back", "down"), ("back", "off"), ("back", "away")}
)
"""Verbs whose particle makes them no act of the lexicon's: "to free up troops for the
offensive" (made available, no one was held), "to lock in his lead" (secured), "fired up
supporters" (roused), "backed down from its threat" (a retreat, no support)."""
_ACCEPTANCE = frozenset({"accept", "allow", "tolerate", "permit", "recognize", "recognise"})


def _evidence(
    sentence: Span, trigger: Token, ctx: Context, confidence: float, speaker: str | None
) -> Evidence:
    text = sentence.text.rstrip()
    dated = event_date(trigger, sentence, ctx.published)
    hedge = find_hedge(trigger)  # issue 17: the ICD 203 band of the wording, and its words
    return Evidence(
        sentence=text,
        start=sentence.start_char,
        end=sentence.start_char + len(text),
        extractor=DEPENDENCY,
        confidence=round(confidence, 3),
        speaker=speaker,
        event_date=dated.day if dated else None,
        date_precision=dated.precision if dated else None,
        likelihood=hedge.likelihood if hedge else None,
        hedge=hedge.words if hedge else None,
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


def _factor(ctx: Context, case: str) -> float:
    return ctx.confidences.of(DEPENDENCY, case)


def _fire(
    token: Token, kind: str, trigger: Trigger, ctx: Context, salience: Salience
) -> Iterator[tuple[str, Relation, str, float]]:
    if kind == "REFUSAL":
        yield from _fire(token, "VERB", trigger, ctx, salience)
        return
    if kind == "NOUN":
        if trigger.relation not in _KINETIC and _opposed(token):
            return  # "Israel is opposed to French mediation": no mediation took place
        base = trigger.confidence * _factor(ctx, "noun_trigger")
        head = _compound_head(token)
        if head is not None:  # "a mediation effort between the Emirates and Saudi Arabia"
            yield from _fire(head, "NOUN", trigger, ctx, salience)
            return
        targets = prep_objects(token, trigger.preps, ctx) or [
            k  # "a suspension of air links with Serbia"
            for prep in token.children
            if prep.dep_ == "prep"
            for pobj in prep.children
            if pobj.dep_ == "pobj"
            for k in prep_objects(pobj, trigger.preps | {"with", "to", "against", "on"}, ctx)
        ]
        if not targets and token.dep_ == "dobj" and token.head.lemma_ in LIGHT_VERBS:
            # "flew 94 sorties yesterday against Iranian targets": the light verb carries
            # the act's target when the parser hangs it there
            targets = prep_objects(token.head, trigger.preps, ctx)
        if token.dep_ == "attr":  # "Niger had been a key U.S. ally": subject is the copula's
            subjects, via_pronoun = subjects_of(token.head, ctx, salience)
            targets += prep_objects(token.head, trigger.preps, ctx)  # "a partner to the US"
            targets += [
                k
                for c in token.children
                if c.dep_ in MODIFIER_DEPS
                if (k := ctx.actors.token_actor.get(c.i)) and k not in subjects
            ]
        else:
            subjects, via_pronoun = noun_subjects(token, ctx, salience), False
        if not subjects and trigger.relation in _ONE_EDGE:
            # "received advice in a private meeting with Holbrooke": the clause's subject
            subjects, via_pronoun = _setting_subjects(token, ctx, salience)
        if (
            not subjects
            and len(targets) > 1
            and trigger.relation in _RECIPROCAL
            and any(c.lower_ == "between" for c in token.children)
        ):  # "talks between Iran and Iraq": the two parties act on each other
            subjects, targets = targets, []
        if not targets and trigger.relation in (Relation.CONDEMNS, Relation.REQUESTS_AID_FROM):
            targets = _charged(token, ctx)  # "its demand that Israel ease restrictions"
        if not targets and trigger.relation is Relation.ATTACKS:
            targets = _victims(token, ctx)
        if not subjects and trigger.relation is Relation.DEPLOYS_FORCES_TO:
            subjects = _force_owners(token, ctx)
        if not subjects and trigger.relation is Relation.BORDERS and ctx.actors.focus_state:
            # "near the borders with Nigeria": the article's own country is the one bordering
            subjects, base = [ctx.actors.focus_state], base * _factor(ctx, "border_of_focus")
        if (
            not targets
            and trigger.relation is Relation.SANCTIONS
            and ctx.actors.dominant_focus
            and ctx.actors.focus_state
        ):  # "travel and economic sanctions imposed by ECOWAS" in a story about Niger
            targets, base = [ctx.actors.focus_state], base * _factor(ctx, "sanctions_on_focus")
    else:
        if _helps_another_act(token, ctx):
            return  # "to help support the rights of Palestinians": the support is the act
        if _licensed(token):
            return  # "defended the right of Russian troops to fire on militants": not done
        found = verb_targets(token, trigger, ctx)
        if found is None:
            return
        targets = found or clause_targets(token, trigger, ctx)
        if not targets and trigger.relation is Relation.ATTACKS:
            targets = _home_forces(token, ctx) or _harmed_when(token, ctx)
        subjects, via_pronoun = subjects_of(token, ctx, salience)
        base = trigger.confidence * (_factor(ctx, "pronoun_subject") if via_pronoun else 1.0)
        focus = ctx.actors.focus_state
        if not targets and token.lemma_ in _TERRITORIAL and focus and leads(token.doc, focus):
            # "It's unclear if the force will invade", in a story about Niger: invade it
            targets, base = [focus], base * _factor(ctx, "invasion_of_focus")
        if not subjects and trigger.preps and is_passive(token) and not trigger.nouns:
            # "Hudson, who is affiliated with CSIS": no agent, the passive subject relates
            subjects = [
                k for c in token.children if c.dep_ == "nsubjpass" for k in actors_at(c, ctx)
            ]
            if not subjects and token.dep_ in ("relcl", "acl"):
                subjects = actors_at(token.head, ctx)
    if (
        not targets
        and len(subjects) > 1
        and (trigger.relation in _RECIPROCAL or _bilateral(trigger))
    ):
        # "Israel and Lebanon renewed negotiations": each acts on the other; a meeting is
        # one edge, from the one named first, as the SPEC's relation is not symmetric
        if trigger.relation is Relation.ATTACKS and not _mutual(token):
            # "Police and Guard troops fired tear gas at crowds", "U.S. and Iraqi forces
            # launched an assault": side by side ("clashes", "war" between them: mutual)
            return
        ordered = list(dict.fromkeys(subjects))
        if trigger.relation in _ONE_EDGE or _bilateral(trigger):
            pairs = [(a, b) for i, a in enumerate(ordered) for b in ordered[i + 1 :]]
        else:
            pairs = [(a, b) for a in ordered for b in ordered if a != b]
        for a, b in pairs:
            if trigger.relation is Relation.ATTACKS and state_of(a) == state_of(b):
                continue  # "the army and the police fought ...": one State's forces, one side
            yield a, trigger.relation, b, base * _factor(ctx, "reciprocal")
        return
    if trigger.relation is Relation.DETAINS and kind != "NOUN" and _seizes_ground(token, kind):
        # "recaptured the town of Fada from Libyan troops": taken from whoever held it
        targets = list(dict.fromkeys([*targets, *prep_objects(token, frozenset({"from"}), ctx)]))
    if len(set(subjects)) > 1:
        # "France and the UN began evacuating French expatriates": a partner in the act
        # that it also falls on is no target of the other partner
        targets = [t for t in targets if t not in subjects]
    if not subjects or not targets:
        return
    if _only_possible(token, kind):
        return  # "Syria says it is willing to withdraw its troops": not asserted
    if trigger.relation in _ACCOMPLISHED and _attempted(token):
        return  # "continued their effort to overthrow the government": not done
    if trigger.relation in _KINETIC and _attempted(token, _PLOTS):
        return  # "rebels plotted to assassinate the president": a plot, no attack
    if any(
        c.dep_ == "prt" and (token.lemma_.lower(), c.lower_) in _PARTICLE_SENSES
        for c in token.children
    ):
        return  # "to free up US troops for the attack": made available, no one was held
    if trigger.relation not in _URGED_STANCES and _requested(token):
        return  # "urged Japan to impose sanctions on X": asked for, not done (by anyone)
    if _for_to_clause(token):
        return  # "the only way out is for Washington to join forces with Moscow": proposed
    relation = trigger.relation
    if relation is Relation.MEETS_WITH and kind != "NOUN" and _met_word(token, ctx):
        # "welcomed President Reagan's latest policy statement": no meeting with Reagan
        if token.lemma_ not in _APPROVING:
            return
        relation = Relation.SUPPORTS
    if relation is Relation.DETAINS and _seizes_ground(token, kind):
        relation = Relation.ATTACKS  # "captured part of a Karen guerrilla stronghold"
    if relation not in _KINETIC and is_conditional(token):
        return  # "will offer to assist Taiwan if China attacks": not asserted
    if is_hypothetical(token):
        if token.lemma_ in _RELIEF:
            return  # "said they will release Prime Minister Chaudhry": a promise, no threat
        if (
            (relation is Relation.DEPLOYS_FORCES_TO or _decided(token, relation))
            and not threat_head(token)
            and not is_conditional(token)
        ):  # "will send 3,000 troops to Darfur": a deployment announced, no threat;
            # "announced it would prohibit all aid to Albanian rebels": a sanction decided
            base *= _factor(ctx, "hypothetical")
        elif relation in _KINETIC or (relation is not Relation.THREATENS and _threatened(token)):
            # a planned, promised or conditional sanction or attack; whatever one threatens
            # to do to another ("threatened to deliver devastating blows to the US")
            threat = "threat_stated" if threat_head(token) else "threat_implied"
            relation, base = Relation.THREATENS, base * _factor(ctx, threat)
        else:
            base *= _factor(ctx, "hypothetical")
    if trigger.inverse:
        subjects, targets = targets, subjects
    for subject in dict.fromkeys(subjects):
        for target in dict.fromkeys(targets):
            yield subject, relation, target, base


def _only_possible(token: Token, kind: str) -> bool:
    """Whether the act is only one its subject is willing, ready or able to do ("is
    willing to withdraw its troops"; "is ready to resume talks with Israel", where the
    act is the noun the verb governs: the clause above is the verb's)."""
    if kind != "NOUN":
        clause = list(chain_up(token))[1:]
    elif token.dep_ in ("dobj", "nsubjpass") and token.head.i != token.i:
        clause = list(chain_up(token.head))
    else:
        clause = []
    return any(n.dep_ == "acomp" and n.lemma_ in WILLING for n in clause) or _offered(token)


_OFFERING = frozenset({"offer", "propose"})
"""Verbs that put an act forward without doing it: "offered to start membership talks with
Turkey", "proposed to hold talks with X"."""


def _offered(token: Token) -> bool:
    """Whether the act is what its subject offers or proposes to do (the verb's `xcomp`)
    or offers (its object): "offered to start talks", "offered aid"; not an act beside an
    offer ("proposed a ceasefire but shelled Beirut")."""
    if token.dep_ == "dobj" and token.pos_ in ("NOUN", "PROPN") and token.head.i != token.i:
        if _offers(token.head):
            return True  # "offered aid"
        token = token.head  # "offered to start talks": the verb the talks are the object of
    return token.dep_ == "xcomp" and _offers(token.head)


def _offers(verb: Token) -> bool:
    return verb.pos_ == "VERB" and verb.lemma_.lower() in _OFFERING


_OPPOSING = REFUSING_HEADS | {"oppose", "opposed", "rebuff", "veto", "snub", "spurn"}


def _opposed(noun: Token) -> bool:
    """Whether an act named by a noun is what someone opposes or turns down ("opposed to
    French mediation", "rejected an offer of talks"): proposed, not done."""
    governor = noun.head
    if noun.dep_ == "pobj" and governor.lower_ in ("to", "of"):
        if governor.head.lemma_.lower() in _FRAME_NOUNS:  # "an offer of talks"
            noun = governor.head
            governor = noun.head
        else:
            return governor.head.lemma_.lower() in _OPPOSING
    return noun.dep_ in ("dobj", "nsubjpass") and governor.lemma_.lower() in _OPPOSING


_FRAME_NOUNS = frozenset(
    {"effort", "mission", "process", "program", "programme", "package", "deal", "plan"}
    | {"campaign", "operation", "initiative", "bid", "attempt", "shipment", "delivery"}
    | {"round", "session", "agreement", "accord", "pact", "treaty", "proposal", "offer"}
)
"""Nouns that only frame the act of the noun compounded into them ("mediation effort",
"aid package", "arms shipment", "peace mission"): the phrase is that act."""


_GROUND = frozenset(
    {"stronghold", "town", "city", "village", "base", "airbase", "garrison", "territory"}
    | {"airport", "airfield", "position", "post", "outpost", "area", "region", "hill", "port"}
    | {"island", "oilfield", "fortification", "bridge", "headquarters", "capital", "province"}
    | {"district", "crossing", "enclave", "pass", "ridge", "camp", "installation", "platform"}
    | {"terminal", "bastion", "redoubt", "foothold"}
)
"""Ground and installations: what is captured or seized of them is taken by force."""
_PARTITIVES = frozenset({"part", "parts", "much", "most", "half", "all", "some", "rest", "control"})


def _seizes_ground(token: Token, kind: str) -> bool:
    """ "captured part of a Karen guerrilla stronghold", "the capture of Libya's air base":
    ground or an installation taken is an act of force against whoever holds it, no
    detention (CAMEO 19, fight)."""
    if kind == "NOUN":
        objects = [p for c in token.children if c.lower_ == "of" for p in c.children]
    else:
        objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
    for obj in objects:
        while obj.lemma_.lower() in _PARTITIVES:
            inner = [p for c in obj.children if c.lower_ == "of" for p in c.children]
            if not inner:
                break
            obj = inner[0]
        if singular(obj.lower_) in _GROUND or obj.lemma_.lower() in _GROUND:
            return True
    return False


def _compound_head(noun: Token) -> Token | None:
    """The noun a trigger noun is compounded into, which takes the phrase's arguments
    ("mediation effort between A and B", "aid package to X"), when the trigger noun has
    none of its own."""
    head = noun.head
    if noun.dep_ != "compound" or head.i == noun.i or head.lemma_.lower() not in _FRAME_NOUNS:
        return None
    if any(c.dep_ in ("prep", "poss") for c in noun.children):
        return None
    return head


_ASSENT = frozenset({"agree", "consent", "accept", "approve", "endorse", "welcome"})


def _setting_subjects(noun: Token, ctx: Context, salience: Salience) -> tuple[list[str], bool]:
    """ "Annan received advice in a private meeting with Holbrooke", "he had made progress
    in talks with Shultz": a joint act with no party of its own named, the setting of a
    clause, is one its subject took part in."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in _SETTING_PREPS:
        return [], False
    verb = prep.head
    if verb.pos_ == "NOUN" and verb.dep_ == "dobj":  # "made progress in talks with"
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX") or is_passive(verb):
        return [], False
    if verb.lemma_ in REPORTING or verb.lemma_ in _ASSENT:
        # "said in talks with", "agreed to US mediation in the talks with Syria": what was
        # said or agreed to, maybe by a third party to talks the sentence only names
        return [], False
    return subjects_of(verb, ctx, salience)


_WORDS_AND_ACTS = frozenset(
    {"statement", "decision", "move", "proposal", "offer", "initiative", "plan", "policy"}
    | {"announcement", "call", "step", "agreement", "report", "resolution", "election"}
    | {"victory", "release", "return", "remark", "speech", "idea", "appeal", "reform"}
    | {"effort", "commitment", "pledge", "promise", "gesture", "choice", "news", "message"}
    | {"acceptance", "approval", "readiness", "willingness", "withdrawal", "ruling", "vote"}
    | {"verdict", "result", "outcome", "response", "reply", "assurance", "ratification"}
    | {"resumption", "stance", "position", "handover", "ceasefire", "truce"}
)
"""What someone said, decided or did: the object of a welcome that is no visit."""
_APPROVING = frozenset({"welcome", "greet", "hail"})


def _met_word(verb: Token, ctx: Context) -> bool:
    """Whether a verb of meeting has for object someone's word or act, not someone
    ("welcomed President Reagan's latest policy statement", "received the decision of
    the court"): the actor named is only its author."""
    return any(
        c.dep_ == "dobj" and c.i not in ctx.actors.token_actor and names_noun(c, _WORDS_AND_ACTS)
        for c in verb.children
    )


def _helps_another_act(verb: Token, ctx: Context) -> bool:
    """ "help support", "helped negotiate": "help" with no one helped of its own, governing
    an act the lexicon reads, only marks that act (no aid given besides it)."""
    if verb.lemma_ != "help" or any(c.dep_ in ("dobj", "dative") for c in verb.children):
        return False
    return any(
        c.dep_ in ("xcomp", "ccomp") and (c.lemma_.lower(), "VERB") in ctx.lexicon
        for c in verb.children
    )


_LICENCES = frozenset(
    {"right", "permission", "authority", "authorization", "authorisation", "freedom", "mandate"}
)


def _licensed(verb: Token) -> bool:
    """Whether the act is only what someone has the right, permission or mandate to do
    ("the right of Russia troops to fire on militants", "a mandate to use force")."""
    return (
        verb.dep_ == "acl"
        and verb.head.lemma_.lower() in _LICENCES
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    )


_ACCOMPLISHED = frozenset({Relation.DEPOSES, Relation.DETAINS})
"""Acts that are done only when they succeed: an attempt at one is none."""
_MUTUAL = frozenset(
    {"fight", "clash", "battle", "skirmish", "exchange", "duel", "spar", "feud", "war"}
    | {"wrestle", "scuffle", "brawl", "engage"}
)
"""Verbs whose coordinated subjects act on each other ("Palestinian gunmen and Israeli
troops fought pitched battles"); with any other ("X and Y fired on crowds", "will target
marginal seats") they act side by side."""


def _mutual(verb: Token) -> bool:
    return verb.lemma_.lower() in _MUTUAL or verb.lower_ in ("fighting", "clashes", "battling")


_PLOTS = frozenset({"plot", "conspire", "conspiracy", "scheme"})
"""A plot is not the act plotted, whatever the act: "rebels plotted to assassinate the
president", "a conspiracy to bomb the embassy" assert no attack (nor, being secret, a
threat)."""
_ATTEMPTS = frozenset({"effort", "attempt", "bid", "try"}) | _PLOTS


def _attempted(token: Token, words: frozenset[str] = _ATTEMPTS) -> bool:
    """Whether the act is only attempted or plotted ("their effort to overthrow the
    government", "tried to arrest him", "a plot to topple the king")."""
    if not any(c.lower_ == "to" for c in token.children):
        return False
    if token.dep_ == "xcomp" and any(
        c.dep_ == "dobj" and c.lemma_.lower() in words and c.i < token.i
        for c in token.head.children
    ):
        return True  # "foiled a plot to bomb the embassy", parsed with "to bomb" on "foiled"
    return any(node.lemma_.lower() in words for node in list(chain_up(token))[1:2])


_ASKING = frozenset(
    {"ask", "urge", "call", "press", "request", "demand", "tell", "encourage", "persuade"}
    | {"invite", "appeal", "implore", "beg", "pressure", "lobby", "exhort", "advise", "want"}
    | {"push", "challenge", "petition"}
)
"""Verbs of asking another to act ("urged Japan to impose sanctions", "asked a judge to
jail X", "called on Iran to free them"): the act asked for is not done."""


_URGED_STANCES = frozenset(
    {Relation.SUPPORTS, Relation.OPPOSES, Relation.CONDEMNS, Relation.REQUESTS_AID_FROM}
)
"""Stances one takes in urging another ("urged the EC to support the PLO" supports the
PLO, as PLOVER codes it): what one urges of another is done only for these."""


def _requested(token: Token) -> bool:
    """Whether the act is what someone asks, urges or presses another to do, or an act
    named as what is urged ("Israel urges sanctions on Iran", "called for talks with")."""
    if token.pos_ in ("NOUN", "PROPN") and _urged_noun(token):
        return True
    node = token.head if token.dep_ in ("dobj", "nsubjpass") else token
    return any(
        step.dep_ in ("xcomp", "ccomp")
        and step.head.i != step.i
        and step.head.lemma_.lower() in _ASKING
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in step.children)
        for step in chain_up(node, limit=2)
    )


def _for_to_clause(token: Token) -> bool:
    """Whether the act is the infinitive of a "for X to" clause ("it is time for Japan to
    open its markets", "calls for the army to withdraw"): a need, wish or proposal, which
    asserts no act. Its subject, if any, is read by `arguments._for_subjects`."""
    node = token.head if token.dep_ in ("dobj", "nsubjpass") else token
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children) and any(
        c.dep_ == "mark" and c.lower_ == "for" for c in node.children
    )


_URGING = frozenset({"urge", "demand", "request", "seek"})
"""Verbs whose object is the act asked for ("urged sanctions on Iran")."""
_ASKING_FOR = frozenset({"call", "press", "appeal", "push", "ask", "lobby", "petition"})
"""Verbs that ask for an act through "for" ("called for sanctions"): their own object is
something else ("called the attack an act of terrorism")."""


def _urged_noun(noun: Token) -> bool:
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "for":
        verbs = _ASKING_FOR | _URGING
        head = head.head  # "called for sanctions", "pressed for talks"
    elif noun.dep_ == "dobj":
        verbs = _URGING
    else:
        return False
    return head.pos_ == "VERB" and head.lemma_.lower() in verbs


_DECIDING = frozenset({"announce", "decide"})


def _decided(token: Token, relation: Relation) -> bool:
    """Whether a sanction is what its subject announces or decides it will impose ("the
    United States announced it would prohibit all aid to the rebels"): a measure taken."""
    return relation is Relation.SANCTIONS and any(
        node.lemma_ in _DECIDING for node in list(chain_up(token))[1:]
    )


def _threatened(token: Token) -> bool:
    """Whether the act is what someone threatens to do (not vows or promises)."""
    return any(node.lemma_ == "threaten" for node in list(chain_up(token))[1:])


_BILATERAL = frozenset(
    {"treaty", "agreement", "accord", "pact", "deal", "understanding", "tie", "relation"}
)


def _bilateral(trigger: Trigger) -> bool:
    """A trigger bound to nouns that take two parties ("sign a treaty", "reach an
    accord", "upgrade ties"): coordinated subjects and no other party named are the two
    ("Libya and Bulgaria signed a treaty of friendship", "Czechia and Albania have upgraded
    their diplomatic ties")."""
    return bool(trigger.nouns) and all(singular(n) in _BILATERAL for n in trigger.nouns)


_STATIONED_PREPS = frozenset({"in", "inside", "on"})
_STATIONED = FORCE_NOUNS - {"ship", "fleet", "navy"}
"""Forces whose place says they are deployed there (a "ship" may be a merchant's)."""
_INSTALLATIONS = frozenset({"base", "bases"})
_OWNER_CLASSES = frozenset({ActorClass.STATE, ActorClass.ARMED_GROUP, ActorClass.GOVERNMENT})


def _stationed_forces(token: Token, ctx: Context) -> Iterator[tuple[str, Relation, str, float]]:
    """ "the 140,000 U.S. troops in Iraq", "an American base in Germany": forces named by
    their owner and where they are, however the sentence goes on."""
    if token.lemma_.lower() not in _STATIONED or token.pos_ != "NOUN":
        return
    if token.lemma_.lower() not in _INSTALLATIONS and not any(
        c.dep_ == "nummod" for c in token.children
    ):  # "U.S. troops in Iraq" may name the ones an act took place among; "1,500" counts
        return
    if any(c.dep_ == "det" and c.lower_ == "no" for c in token.children) or is_negated(token):
        return
    owners = [
        k
        for c in token.children
        if c.dep_ in MODIFIER_DEPS
        if (k := ctx.actors.token_actor.get(c.i)) and ctx.classes.get(k) in _OWNER_CLASSES
    ]
    places = [
        k
        for prep in token.children
        if prep.dep_ == "prep" and prep.lower_ in _STATIONED_PREPS
        for pobj in prep.children
        if pobj.dep_ == "pobj"
        for k in actors_at(pobj, ctx, modifiers=False)
    ]
    confidence = _factor(ctx, "forces_in_place")
    for owner in dict.fromkeys(owners):
        for place in dict.fromkeys(places):
            if owner != place and not owner.startswith(f"gov:{place}:"):
                # a State's own soldiers at home ("the mutinous soldiers in Niger") are none
                yield owner, Relation.DEPLOYS_FORCES_TO, place, confidence


def _charged(noun: Token, ctx: Context) -> list[str]:
    """ "its charges that Damascus was sheltering insurgents": the accused is the subject of
    the clause the accusation states ("its demand that Israel ease": the one asked)."""
    clauses = [c for c in noun.children if c.dep_ in ("acl", "ccomp", "relcl")]
    if not clauses and noun.dep_ == "dobj":
        # "reiterated its demand today that Israel ease ...": the parser hangs the clause
        # on the verb when a word comes between
        clauses = [c for c in noun.head.children if c.dep_ == "ccomp" and c.i > noun.i]
    return [
        k
        for clause in clauses
        if any(m.dep_ == "mark" and m.lower_ == "that" for m in clause.children)
        for subject in clause.children
        if subject.dep_ in ("nsubj", "nsubjpass")
        for k in actors_at(subject, ctx)
    ]


_HARM_VERBS = frozenset({"kill", "wound", "injure", "hurt", "slay", "hit"})


def _victims(noun: Token, ctx: Context) -> list[str]:
    """ "Nine French peacekeepers were killed during an air raid by Ivorian bombers": those
    killed or wounded in an attack are whom it attacked."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in _SETTING_PREPS:
        return []
    verb = prep.head
    if verb.lemma_ not in _HARM_VERBS or not is_passive(verb):
        return []
    return [k for c in verb.children if c.dep_ == "nsubjpass" for k in actors_at(c, ctx)]


def _harmed_when(verb: Token, ctx: Context) -> list[str]:
    """ "Four Israeli soldiers were killed when Palestinian militants blew up a tunnel":
    those killed or wounded when an act of force took place are whom it attacked."""
    harm = verb.head
    if verb.dep_ != "advcl" or harm.i == verb.i or harm.lemma_ not in _HARM_VERBS:
        return []
    if not is_passive(harm) or not any(c.lower_ in ("when", "as") for c in verb.children):
        return []
    return [k for c in harm.children if c.dep_ == "nsubjpass" for k in actors_at(c, ctx)]


_HOME_FORCES = {
    "soldier": "army",
    "troop": "army",
    "serviceman": "army",
    "policeman": "police",
    "police": "police",
    "policemen": "police",
}
"""Forces an attack may fall on, and the body of a State they belong to."""


def _home_forces(verb: Token, ctx: Context) -> list[str]:
    """ "Communist rebels killed 18 soldiers on Mindanao island", in a story one State
    dominates (or the one it names) and whose army it names: soldiers no word gives an
    owner are that army."""
    focus = ctx.actors.focus_state
    if not focus:
        return []
    counts = state_counts(verb.doc)
    sole = set(counts) == {focus} and counts[focus] >= 2  # the one State named, twice
    if not (ctx.actors.dominant_focus or sole):
        return []
    dep = "nsubjpass" if is_passive(verb) else "dobj"
    for obj in (c for c in verb.children if c.dep_ == dep):
        body = _HOME_FORCES.get(obj.lemma_.lower())
        if body is None or any(
            c.dep_ in ("poss", "amod", "compound", "nmod") and c.i in ctx.actors.token_actor
            for c in obj.children
        ):
            continue
        key = f"gov:{focus}:{body}"
        if key in ctx.classes:
            return [key]
    return []


def _force_owners(noun: Token, ctx: Context) -> list[str]:
    """ "the deployment of Soviet submarines in the Atlantic": whose forces are deployed."""
    return [
        k
        for prep in noun.children
        if prep.dep_ == "prep" and prep.lower_ == "of"
        for pobj in prep.children
        if pobj.dep_ == "pobj" and pobj.lemma_.lower() in FORCE_NOUNS
        for k in actors_at(pobj, ctx)
    ]


def _noun_threats(
    token: Token, ctx: Context, salience: Salience
) -> Iterator[tuple[str, Relation, str, float]]:
    """ "release Bazoum or face possible intervention by ECOWAS": ECOWAS threatens whoever
    faces the act (`noun_threats.py`)."""
    words = load_threat_nouns()
    confidence = words.acts.get(token.lemma_.lower())
    if confidence is None or token.pos_ not in ("NOUN", "PROPN") or is_negated(token):
        return
    exposure = exposure_word(token, words)
    if exposure is None or names_own_target(token, ctx) or is_negated(exposure):
        return
    agents = threat_agents(token, exposure, ctx) or demanding_parties(exposure, ctx, salience)
    if not agents:
        return
    facing, via_pronoun = facing_parties(exposure, ctx, salience)
    if via_pronoun:
        confidence *= _factor(ctx, "pronoun_subject")
    for agent in agents:
        for target in dict.fromkeys(facing):
            yield agent, Relation.THREATENS, target, confidence


def _read_without_trigger(
    token: Token, ctx: Context, salience: Salience
) -> Iterator[tuple[str, Relation, str, float]]:
    """Relations the trigger lexicon does not name: threats named by a noun phrase, and
    accusations in reported speech (`accusations.py`)."""
    yield from _noun_threats(token, ctx, salience)
    yield from _stationed_forces(token, ctx)
    yield from _called_wrong(token, ctx, salience)
    yield from _duty_stated(token, ctx, salience)
    for speaker, accused, confidence in accusations(token, ctx, salience):
        yield speaker, Relation.CONDEMNS, accused, confidence


_DUTY_SPEECH = frozenset(
    {"say", "declare", "announce", "reiterate", "insist", "stress", "conclude", "tell"}
    | {"state", "add", "write", "maintain", "argue", "demand", "warn", "repeat", "urge"}
)
"""Verbs that state a demand when their clause says what another must do."""


def _duty_stated(
    modal: Token, ctx: Context, salience: Salience
) -> Iterator[tuple[str, Relation, str, float]]:
    """ "Russia said that Sudan must return a helicopter", "declared that China must drop
    barriers": whoever states what another must do demands it of them (CAMEO 10, a
    request). Only a named other actor, the subject of the clause "must" governs."""
    if modal.lower_ != "must" or modal.dep_ != "aux":
        return
    clause = modal.head
    if clause.dep_ != "ccomp" or clause.head.lemma_ not in _DUTY_SPEECH or is_passive(clause):
        return
    speech = clause.head
    if is_negated(speech) or is_hypothetical(speech):
        return
    bound = [
        k for c in clause.children if c.dep_ == "nsubj" for k in actors_at(c, ctx, modifiers=False)
    ]
    if not bound:
        return
    yield from _said_of(speech, ctx, salience, "duty_stated", Relation.REQUESTS_AID_FROM, bound)


_WRONGS = frozenset(
    {"escalation", "violation", "provocation", "aggression", "crime", "outrage", "insult"}
    | {"interference", "blunder", "farce", "atrocity", "massacre", "disgrace", "betrayal"}
)
"""Nouns that brand an act as wrong when someone calls it one."""


def _called_wrong(
    verb: Token, ctx: Context, salience: Salience
) -> Iterator[tuple[str, Relation, str, float]]:
    """ "called the U.S. attacks on two of its oil platforms an escalation", "called the
    U.S. move a gross violation of its sovereignty": whoever brands another's act a wrong
    condemns its agent."""
    if verb.lemma_ != "call" or verb.pos_ != "VERB" or is_negated(verb):
        return
    acts = [c for c in verb.children if c.dep_ == "dobj"]
    if not acts:
        return
    act = acts[0]
    branded = any(
        t.i > act.i
        and t.lemma_.lower() in _WRONGS
        and any(w.lower_ in ("a", "an") for w in t.doc[max(act.i + 1, t.i - 3) : t.i])
        for t in verb.subtree
    )
    if not branded:
        return
    accused = actors_at(act, ctx)
    if not accused:
        return
    yield from _said_of(verb, ctx, salience, "called_wrong", Relation.CONDEMNS, accused)


def _said_of(
    verb: Token,
    ctx: Context,
    salience: Salience,
    rule: str,
    relation: Relation,
    targets: Sequence[str],
) -> Iterator[tuple[str, Relation, str, float]]:
    """The verb's subjects (a pronoun resolved costs confidence) in `relation` to each of
    `targets`, with the confidence of `rule`."""
    subjects, via_pronoun = subjects_of(verb, ctx, salience)
    confidence = ctx.confidences.of(DEPENDENCY, rule)
    if via_pronoun:
        confidence *= _factor(ctx, "pronoun_subject")
    for subject in subjects:
        for target in targets:
            if subject != target:
                yield subject, relation, target, confidence


def _as_refusal(trigger: Trigger, ctx: Context) -> Trigger:
    return Trigger(
        Relation.OPPOSES,
        trigger.lemma,
        trigger.pos,
        trigger.nouns,
        trigger.preps,
        trigger.confidence * _factor(ctx, "refusal"),
        trigger.inverse,
    )


def _is_participle_modifier(token: Token, titles: frozenset[str]) -> bool:
    """ "deposed President Bazoum": a participle describing a noun reports no new act (a
    noun compounded into another is read through that noun: `_compound_head`)."""
    if token.dep_ == "amod" or (token.dep_ == "compound" and _compound_head(token) is None):
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
    salience = Salience()
    for sentence in doc.sents:
        for token in sentence:
            if token.dep_ in SUBJECT_DEPS and token.lower_ not in PRONOUNS:
                # noted as soon as read, so "X visited Niamey, where she held talks" finds X
                salience.note_subject(actors_at(token, ctx), ctx.classes)
            for subject, relation, target, confidence in _read_without_trigger(
                token, ctx, salience
            ):
                target = ctx.capitals.get(target, target)  # "calling on Khartoum": Sudan
                if subject != target and fits_signature(
                    relation, ctx.classes[subject], ctx.classes[target]
                ):
                    yield Assertion(
                        subject,
                        relation,
                        target,
                        _evidence(sentence, token, ctx, confidence, _speaker(token, ctx)),
                    )
            kind = None if _is_participle_modifier(token, ctx.titles) else trigger_kind(token)
            triggers = _lexicon_rows(token, kind, ctx) if kind else None
            if kind == "VERB" and token.lemma_ in _ACCEPTANCE and is_negated(token):
                # "will not accept any more refugees", "will no longer tolerate rallies"
                triggers = (
                    Trigger(
                        Relation.OPPOSES,
                        token.lemma_,
                        "VERB",
                        frozenset(),
                        frozenset(),
                        _factor(ctx, "refused_acceptance"),
                    ),
                )
                kind = "REFUSAL"
            if kind == "VERB" and _joined_for_talks(token):
                # "the leaders of Sudan and Egypt would join Gadhafi for a mini-summit"
                triggers = (
                    Trigger(
                        Relation.MEETS_WITH,
                        token.lemma_,
                        "VERB",
                        frozenset(),
                        frozenset(),
                        _factor(ctx, "joined_for_talks"),
                    ),
                )
            if kind is None or not triggers:
                continue
            if faces_threatened_act(token, ctx, load_threat_nouns()):
                continue  # read as a threat by the act's agent (`_noun_threats`)
            if kind != "REFUSAL" and is_negated(token):
                if refused(token):  # "refused to meet with the envoys": opposes them
                    triggers = tuple(_as_refusal(t, ctx) for t in triggers)
                else:
                    continue
            speaker = None
            fired: list[_Read] = []
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
                    if _aid_to_a_business(relation, target, ctx):
                        continue  # "U.S. aid to Boeing": a subsidy, no aid between polities
                    fired.append((subject, relation, target, confidence))
            for subject, relation, target, confidence in _one_sense(token, fired):
                speaker = speaker or _speaker(token, ctx)
                yield Assertion(
                    subject,
                    relation,
                    target,
                    _evidence(sentence, token, ctx, confidence, speaker),
                )


_MEETING_NOUNS = frozenset(
    {"summit", "mini-summit", "talk", "talks", "meeting", "consultation", "consultations"}
    | {"negotiation", "negotiations", "dinner", "lunch", "conference"}
)


def _joined_for_talks(verb: Token) -> bool:
    """Whether the verb is "join" with a "for" phrase of a meeting ("join Gadhafi for a
    mini-summit", "joined Bush for talks"): its subject meets its object."""
    return verb.lemma_ == "join" and any(
        prep.dep_ == "prep"
        and prep.lower_ == "for"
        and any(p.dep_ == "pobj" and p.lemma_.lower() in _MEETING_NOUNS for p in prep.children)
        for prep in verb.children
    )


_RELIEF_WORDS = frozenset(
    {"red cross", "red crescent", "relief", "aid", "charity", "charities", "foundation"}
    | {"society", "societies", "doctors", "médecins", "medecins", "care", "rescue"}
    | {"refugee", "humanitarian", "welfare", "oxfam", "caritas", "save the children"}
)
"""Words that name a charity or relief body, whose aid PLOVER codes ("handed over medicine
to the Red Crescent" is AID-0005)."""


def _names_of(key: str, ctx: Context) -> str:
    """An actor's label and every surface form the article gives it, as one folded text."""
    ref = ctx.actors.actors.get(key)
    return " | ".join((ref.label, *ref.surface_forms)).casefold() if ref else ""


def _aid_to_a_business(relation: Relation, target: str, ctx: Context) -> bool:
    """Whether an act of aid falls on an organization that is no charity (a firm, a
    party): the news golds give aid only between political actors and relief bodies, a
    subsidy or a bail-out of a firm is business ("U.S. aid to Boeing"). The names are
    read only for aid to an organization."""
    if relation is not Relation.PROVIDES_AID_TO or ctx.classes.get(target) is not (
        ActorClass.ORGANIZATION
    ):
        return False
    names = _names_of(target, ctx)
    return not any(word in names for word in _RELIEF_WORDS)


def _lexicon_rows(token: Token, kind: str, ctx: Context) -> tuple[Trigger, ...] | None:
    """The lexicon's rows for a word: by its lemma, else, for a noun whose lemma is off
    (a plural left as it is, "Sanctions" in a headline), by its plain singular."""
    rows = ctx.lexicon.get((token.lemma_.lower(), kind))
    if rows is None and kind == "NOUN":
        rows = ctx.lexicon.get((singular(token.lower_), kind))
    return rows


_SPEECH_OBJECTS = frozenset(
    {"policy", "policies", "plan", "plans", "decision", "statement", "statements", "remark"}
    | {"remarks", "speech", "proposal", "proposals", "stance", "position", "record", "move"}
    | {"approach", "handling", "comments", "report", "idea", "ideas", "claim", "claims"}
)
"""Objects a verb of attack can only criticise ("attacked the government's policy")."""


_Read = tuple[str, Relation, str, float]


def _one_sense(token: Token, fired: list[_Read]) -> list[_Read]:
    """One sense of a verb read both as an act of force and as criticism of the same
    target ("boats carrying men to attack an Iraqi oil terminal"): criticism only when its
    object is something said or decided, or the act is "over" something, force otherwise."""
    pairs = {(s, t) for s, r, t, _ in fired if r in (Relation.ATTACKS, Relation.THREATENS)}
    if not pairs:
        return fired
    spoken = any(
        (c.dep_ == "dobj" and c.lower_ in _SPEECH_OBJECTS)
        or (c.dep_ == "prep" and c.lower_ == "over")
        for c in token.children
    )  # "attacked Kerry over his record": criticism
    dropped = Relation.ATTACKS if spoken else Relation.CONDEMNS
    return [f for f in fired if not (f[1] is dropped and (f[0], f[2]) in pairs)]


@register_extractor(DEPENDENCY)
def dependency_relations(reading: Reading) -> Iterator[Assertion]:
    """Events and stances read off the dependency parse with the trigger lexicon."""
    gazetteer = reading.resources.gazetteer
    ctx = Context(
        reading.actors,
        reading.classes,
        reading.resources.lexicon,
        reading.published,
        reading.resources.confidences,
        titles=frozenset(gazetteer.roles),
        capitals={k: v for k, v in gazetteer.capitals.items() if v in reading.classes},
    )
    return extract_relations(reading.doc, ctx)
