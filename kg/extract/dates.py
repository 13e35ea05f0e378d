"""Event dates: the date expression nearest an act, read as an ISO date with a precision.

A rule set, measured against dateparser on the seeds and a sample of news sentences
(README, "Quality"): news dates are few in kind ("on July 26", "Aug. 6, 2023", "on
Sunday", "last week", "in late July"), and the rules read them at a fraction of the cost.
Relative expressions are anchored on the article's date and read towards the past (news
reports what happened); without an article date, only expressions that carry their own
year are read. An expression that names a span (a month, a year) is stored as its first
day with that precision; one that names a vague stretch ("last week", "recent days") as
its likeliest day with precision `approximate`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Final

from spacy.tokens import Span, Token

from kg.extract.modality import chain_up

__all__ = ["PRECISIONS", "DatedText", "event_date", "normalise_date"]

PRECISIONS: Final = ("day", "month", "year", "approximate")
"""kg:datePrecision's values, finest first."""


@dataclass(frozen=True, slots=True)
class DatedText:
    """A date expression read as an ISO date (`day`) with how precise the text was."""

    day: str
    precision: str


_MONTH_NAMES: Final = (
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
)
_MONTHS: Final = {name: i for i, names in enumerate(_MONTH_NAMES, start=1) for name in names}
_MONTH_RE: Final = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_ISO: Final = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MONTH_DAY: Final = re.compile(
    rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}})\b)?", re.IGNORECASE
)
_DAY_MONTH: Final = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_RE})\.?(?:,?\s+(\d{{4}})\b)?", re.IGNORECASE
)
_MONTH_ONLY: Final = re.compile(rf"\b({_MONTH_RE})\.?(?:,?\s+(\d{{4}})\b)?", re.IGNORECASE)
_YEAR: Final = re.compile(r"^\s*(?:in\s+|early\s+|late\s+|mid-?)?((?:19|20)\d{2})\s*$")
_NUMBER: Final = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "several": 3}
_AGO: Final = re.compile(
    r"\b(a|one|two|three|four|five|several|\d+)\s+(day|week|month|year)s?\s+ago\b"
)
# Vague stretches back from the article date: (pattern, days back, precision).
_RELATIVE: Final = (
    (re.compile(r"^\s*(?:today|tonight|this (?:morning|afternoon|evening))\s*$"), 0, "day"),
    (re.compile(r"^\s*(?:yesterday|last night)\s*$"), 1, "day"),
    (re.compile(r"\b(?:earlier )?this week\b"), 2, "approximate"),
    (re.compile(r"\b(?:last|past) week(?:end)?\b"), 7, "approximate"),
    (re.compile(r"\b(?:recent|last few|past few) days\b"), 3, "approximate"),
)
# Durations and relative-to-another-event phrases carry no date of their own.
_NOT_A_DATE: Final = re.compile(
    r"\b(?:later|earlier|before|after|since|until|next|coming|weeks|months|years"
    r"|decades|hours|minutes)\b|\b(?:days|weeks)\b(?! ago)"
)


def normalise_date(text: str, published: str | None) -> DatedText | None:
    """Read one date expression, anchored on the article's date `published` (ISO).

    >>> normalise_date("on July 26", "2023-08-06")
    DatedText(day='2023-07-26', precision='day')
    >>> normalise_date("Sunday", "2023-08-10"), normalise_date("late July", "2023-08-10")
    (DatedText(day='2023-08-06', precision='day'), DatedText(day='2023-07-01', precision='month'))
    >>> normalise_date("last week", "2023-08-10")
    DatedText(day='2023-08-03', precision='approximate')
    >>> normalise_date("Aug. 6, 2023", None), normalise_date("Tuesday", None)
    (DatedText(day='2023-08-06', precision='day'), None)
    >>> normalise_date("two days later", "2023-08-10") is None
    True
    """
    anchor = _parse_iso(published)
    lowered = text.lower().strip()
    if match := _ISO.search(text):
        return _day(int(match[1]), int(match[2]), int(match[3]))
    if match := _MONTH_DAY.search(text):
        return _month_day(_MONTHS[match[1].lower()], int(match[2]), match[3], anchor)
    if match := _DAY_MONTH.search(text):
        return _month_day(_MONTHS[match[2].lower()], int(match[1]), match[3], anchor)
    if match := _AGO.search(lowered):
        return _ago(match[1], match[2], anchor)
    if (vague := _vague(lowered, anchor)) is not None:
        return vague
    if _NOT_A_DATE.search(lowered):
        return None
    if match := _MONTH_ONLY.search(text):
        return _month(_MONTHS[match[1].lower()], match[2], anchor)
    if match := _YEAR.match(lowered):
        return DatedText(f"{match[1]}-01-01", "year")
    return _relative(lowered, anchor)


def event_date(trigger: Token, sentence: Span, published: str | None) -> DatedText | None:
    """The date the sentence gives for the act: a DATE entity attached to the trigger first
    (it heads the entity's chain of clause links), then the others in the trigger's own
    subtree, nearest first. A date elsewhere in the sentence belongs to another clause ("to
    release Bazoum before a Sunday deadline" does not date the detention)."""
    dates = [e for e in sentence.ents if e.label_ == "DATE"]
    attached = [e for e in dates if trigger in set(chain_up(e.root, limit=3))]
    governed = set(trigger.subtree)
    within = [e for e in dates if e.root in governed and e not in attached]
    for ent in attached + sorted(within, key=lambda e: abs(e.root.i - trigger.i)):
        value = normalise_date(ent.text, published)
        if value is not None:
            return value
    return None


def _vague(lowered: str, anchor: dt.date | None) -> DatedText | None:
    if anchor is None:
        return None
    for pattern, days, precision in _RELATIVE:
        if pattern.search(lowered):
            return DatedText((anchor - dt.timedelta(days=days)).isoformat(), precision)
    return None


def _relative(lowered: str, anchor: dt.date | None) -> DatedText | None:
    if anchor is None:
        return None
    for index, name in enumerate(_WEEKDAYS):
        if re.search(rf"\b{name}\b", lowered):
            # The latest such weekday not after the article date: news looks back.
            back = (anchor.weekday() - index) % 7
            return DatedText((anchor - dt.timedelta(days=back)).isoformat(), "day")
    if re.search(r"\blast month\b", lowered):
        first = anchor.replace(day=1) - dt.timedelta(days=1)
        return DatedText(first.replace(day=1).isoformat(), "month")
    if re.search(r"\bthis month\b", lowered):
        return DatedText(anchor.replace(day=1).isoformat(), "month")
    if re.search(r"\blast year\b", lowered):
        return DatedText(f"{anchor.year - 1}-01-01", "year")
    if re.search(r"\bthis year\b", lowered):
        return DatedText(f"{anchor.year}-01-01", "year")
    return None


def _month_day(month: int, day: int, year: str | None, anchor: dt.date | None) -> DatedText | None:
    if year is not None:
        return _day(int(year), month, day)
    if anchor is None:
        return None
    # A year-less day is the latest such day not (much) after the article's date.
    try:
        candidate = dt.date(anchor.year, month, day)
    except ValueError:
        return None
    late = candidate > anchor + dt.timedelta(days=7)
    return _day(anchor.year - 1 if late else anchor.year, month, day)


def _month(month: int, year: str | None, anchor: dt.date | None) -> DatedText | None:
    if year is not None:
        return DatedText(f"{year}-{month:02d}-01", "month")
    if anchor is None:
        return None
    return DatedText(f"{anchor.year - (month > anchor.month):04d}-{month:02d}-01", "month")


def _ago(count: str, unit: str, anchor: dt.date | None) -> DatedText | None:
    if anchor is None:
        return None
    n = int(count) if count.isdigit() else _NUMBER[count]
    days = n * {"day": 1, "week": 7, "month": 30, "year": 365}[unit]
    precision = "day" if unit == "day" else "approximate"
    return DatedText((anchor - dt.timedelta(days=days)).isoformat(), precision)


def _day(year: int, month: int, day: int) -> DatedText | None:
    try:
        return DatedText(dt.date(year, month, day).isoformat(), "day")
    except ValueError:
        return None


def _parse_iso(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
