"""Negation, hypotheticals and attribution around a trigger word (event dates: `kg.extract.dates`)."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract.hedge_lexicon import load_hedges

NEGATING_HEADS = frozenset({"refuse", "deny", "decline", "fail", "reject", "avoid", "cease"})
_HEDGES = load_hedges()
"""The modals and modifiers of possibility ("may", "could", "possible") are hedges too:
their words come from `lexicon/hedges.csv` (rows marked hypothetical), not from here."""
HYPOTHETICAL_HEADS = _HEDGES.hypothetical_words("aux") | frozenset(
    {
        "threaten",
        "vow",
        "warn",
        "plan",
        "consider",
        "prepare",
        "intend",
        "pledge",
        "promise",
        "propose",
        "offer",
        "want",
        "seek",
        "aim",
        "hope",
        "expect",
        "risk",
    }
    | {"prepared", "poised", "determined"}  # "is prepared to impose martial law"
)
WILLING = frozenset({"willing", "ready", "eager", "able", "likely", "unlikely", "unable"})
"""Adjectives that say an act could be done, not that it is or will be ("is willing to
withdraw its troops", "must be ready to mediate")."""
FUTURE_AUX = _HEDGES.hypothetical_words("aux") | frozenset(
    {"will", "would", "should", "shall", "'ll", "wo"}
)
_HYPOTHETICAL_MODIFIERS = _HEDGES.hypothetical_words("modifier") | {"planned"}
REPORTING = frozenset(
    {
        "say",
        "tell",
        "announce",
        "state",
        "claim",
        "report",
        "add",
        "insist",
        "declare",
        "write",
        "confirm",
        "allege",
        "note",
        "explain",
        "warn",
    }
)
_CLIMB_DEPS = frozenset(
    {"xcomp", "conj", "ccomp", "advcl", "acl", "relcl", "pcomp", "prep", "pobj"}
)


def chain_up(token: Token, limit: int = 4) -> Iterator[Token]:
    """Yield the token, then the heads above it through clause links, nearest first."""
    yield token
    current = token
    for _ in range(limit):
        if current.dep_ not in _CLIMB_DEPS or current.head.i == current.i:
            return
        current = current.head
        yield current


def is_negated(token: Token) -> bool:
    """Tell whether the act is denied: "did not meet", "refused to meet", "wasn't allowed to"."""
    for i, node in enumerate(chain_up(token)):
        if any(c.dep_ == "neg" for c in node.children):
            return True
        if any(c.lower_ in ("no", "never") and c.dep_ in ("det", "advmod") for c in node.children):
            return True
        if any(  # "no longer supplies": the negation hangs off "longer"
            c.dep_ == "advmod" and any(g.dep_ == "neg" for g in c.children) for c in node.children
        ):
            return True
        if i > 0 and node.lemma_ in NEGATING_HEADS:
            return True
        if i > 0 and _denied_claim(node):
            return True
        if i > 0 and node.lemma_ in REPORTING:
            return False
    return False


_CLAIMS = frozenset(
    {"report", "claim", "allegation", "accusation", "suggestion", "rumour", "rumor"}
    | {"charge", "story", "speculation", "assertion", "contention"}
)
_DENYING = frozenset({"deny", "refute", "dismiss", "reject", "rebut", "debunk", "disprove"})


def _denied_claim(noun: Token) -> bool:
    """ "denied reports that the US had attacked", "refuted a report that X had
    collaborated with Iran": the act is the content of a claim its object denies."""
    return (
        noun.lemma_.lower() in _CLAIMS
        and noun.dep_ in ("dobj", "nsubjpass")
        and noun.head.lemma_.lower() in _DENYING
    )


REFUSING_HEADS = frozenset({"refuse", "decline", "reject"})


def refused(token: Token) -> bool:
    """Tell whether the act is refused ("refused to meet with X"): a rejection of X."""
    nodes = list(chain_up(token, limit=2))
    return any(node.lemma_ in REFUSING_HEADS for node in nodes[1:]) and not any(
        c.dep_ == "neg" for node in nodes for c in node.children
    )


def is_hypothetical(token: Token) -> bool:
    """Tell whether the act is only planned, threatened, conditional or future."""
    for i, node in enumerate(chain_up(token)):
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in FUTURE_AUX for c in node.children):
            return True
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in node.children):
            return True
        if any(c.dep_ == "amod" and c.lower_ in _HYPOTHETICAL_MODIFIERS for c in node.children):
            return True
        if i > 0 and node.lemma_ in HYPOTHETICAL_HEADS:
            return True
        if i > 0 and node.lemma_ in REPORTING:
            return False
    return False


def is_conditional(token: Token) -> bool:
    """Tell whether the act hangs on a condition ("will offer to assist Taiwan if China
    attacks"): the text does not assert it."""
    for i, node in enumerate(chain_up(token)):
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in node.children):
            return True  # "if the U.S. sends troops, ..."
        if any(
            c.dep_ == "advcl"
            and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
            for c in node.children
        ):
            return True  # "... to assist Taiwan if China attacks"
        if i > 0 and node.lemma_ in REPORTING:
            return False
    return False


def threat_head(token: Token) -> bool:
    """Tell whether the act is the content of a threat or a future promise ("will use force")."""
    return any(
        node.lemma_ in ("threaten", "vow", "warn", "swear") for node in list(chain_up(token))[1:]
    )


def reporting_verb(token: Token) -> Token | None:
    """Find the verb of saying whose content the trigger is ("X said that Y sanctioned Z")."""
    for i, node in enumerate(chain_up(token, limit=6)):
        if i > 0 and node.lemma_ in REPORTING and node.pos_ in ("VERB", "AUX"):
            return node
    for node in token.sent:
        if node.lower_ == "according" and node.dep_ == "prep":
            return node
    for node in token.sent:
        if (
            node.lemma_ in REPORTING
            and node.pos_ == "VERB"
            and node.i > token.i
            and node.dep_
            in (
                "ROOT",
                "parataxis",
            )
        ):
            return node
    return None


def speaker_tokens(verb: Token) -> list[Token]:
    """The head words of who is speaking, for a verb of saying or "according to"."""
    if verb.lower_ == "according":
        return [p for c in verb.children for p in c.children if p.dep_ == "pobj"] or [
            c for c in verb.children if c.dep_ == "pobj"
        ]
    return [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
