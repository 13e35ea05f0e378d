"""Negation, hypotheticals, attribution and event dates around a trigger word."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from spacy.tokens import Span, Token

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
        "want",
        "seek",
        "aim",
        "hope",
        "expect",
        "risk",
    }
)
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
        if i > 0 and node.lemma_ in NEGATING_HEADS:
            return True
        if i > 0 and node.lemma_ in REPORTING:
            return False
    return False


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


_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH_DAY = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def normalize_date(text: str, published: str | None) -> str | None:
    """Read a date phrase as an ISO date, using the article's date for year or weekday.

    >>> normalize_date("Aug. 9", "2023-08-17"), normalize_date("Thursday", "2023-08-17")
    ('2023-08-09', '2023-08-17')
    >>> normalize_date("last week", None) is None
    True
    """
    anchor = _parse_iso(published)
    lowered = text.lower()
    if match := _ISO.search(text):
        return _safe_date(int(match[1]), int(match[2]), int(match[3]))
    if match := _MONTH_DAY.search(text):
        month = _MONTHS.get(match[1].lower())
        if month is not None:
            year = int(match[3]) if match[3] else _year_for(month, int(match[2]), anchor)
            if year is not None:
                return _safe_date(year, month, int(match[2]))
    for index, day in enumerate(_WEEKDAYS):
        if re.search(rf"\b{day}\b", lowered) and anchor is not None:
            if "next" in lowered:
                return None
            delta = (anchor.weekday() - index) % 7
            return (anchor - dt.timedelta(days=delta)).isoformat()
    if anchor is not None and re.fullmatch(r"\s*(today|this morning|tonight)\s*", lowered):
        return anchor.isoformat()
    if anchor is not None and re.fullmatch(r"\s*yesterday\s*", lowered):
        return (anchor - dt.timedelta(days=1)).isoformat()
    return None


def _parse_iso(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _year_for(month: int, day: int, anchor: dt.date | None) -> int | None:
    """A year-less date in news is the latest such day not after publication."""
    if anchor is None:
        return None
    try:
        candidate = dt.date(anchor.year, month, day)
    except ValueError:
        return None
    return anchor.year if candidate <= anchor + dt.timedelta(days=7) else anchor.year - 1


def _safe_date(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def event_date(trigger: Token, sentence: Span, published: str | None) -> str | None:
    """Find the date the sentence gives for the act, nearest the trigger first."""
    dates = [e for e in sentence.ents if e.label_ == "DATE"]
    attached = [e for e in dates if trigger in set(chain_up(e.root, limit=3))]
    for ent in attached + sorted(dates, key=lambda e: abs(e.root.i - trigger.i)):
        value = normalize_date(ent.text, published)
        if value:
            return value
    return None
