"""Dated roles from the PETRARCH-2 / Phoenix actor dictionaries (MIT, Open Event Data).

An actor record is a primary phrase (`VLADIMIR_PUTIN_`), synonyms (`+PUTIN_`) and date
restrictions on lines of their own (`\\t[RUSGOV 991231-080507]`, `>date` from, `<date`
until; dates YYMMDD or YYYYMMDD). `scripts/build_dated_roles.py` reads them into
`gazetteer/dated_roles.csv` for the people the gazetteer knows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

_RESTRICTION = re.compile(
    r"^\s+\[(?P<code>[A-Z]{3,})\s+(?:(?P<start>\d{6,8})\s*-\s*(?P<end>\d{6,8})"
    r"|>\s*(?P<after>\d{6,8})|<\s*(?P<before>\d{6,8}))\]"
)
_PIVOT = 30
"""A two-digit year up to 30 is 20YY: the dictionaries were generated in January 2014, and
their ranges end by 2017 at the latest; their earliest are birth years in the 1900s."""


@dataclass(frozen=True, slots=True)
class DatedCode:
    """One actor's code over a span of time: `code` as `RUSGOV`, dates ISO, None if open."""

    names: tuple[str, ...]
    code: str
    start: str | None
    end: str | None

    @property
    def country(self) -> str:
        return self.code[:3]

    @property
    def sector(self) -> str:
        return self.code[3:]


def parse_date(value: str) -> str | None:
    """YYMMDD or YYYYMMDD as an ISO date; None when it is no date.

    >>> parse_date("991231"), parse_date("080507"), parse_date("20090120"), parse_date("2004017")
    ('1999-12-31', '2008-05-07', '2009-01-20', None)
    """
    if len(value) == 6:
        year = int(value[:2])
        value = f"{2000 + year if year <= _PIVOT else 1900 + year}{value[2:]}"
    if len(value) != 8:
        return None
    try:
        return dt.date(int(value[:4]), int(value[4:6]), int(value[6:])).isoformat()
    except ValueError:
        return None


def phrase_name(phrase: str) -> str:
    """ "VLADIMIR_PUTIN_  # CountryInfo.txt" -> "vladimir putin".

    >>> phrase_name("+BAN_KI-MOON")
    'ban ki-moon'
    """
    phrase = phrase.split("#", 1)[0].split("[", 1)[0].strip().lstrip("+")
    return " ".join(phrase.replace("_", " ").lower().split())


def _restriction(line: str) -> tuple[str, str | None, str | None] | None:
    match = _RESTRICTION.match(line)
    if match is None:
        return None
    if match["start"]:
        start, end = parse_date(match["start"]), parse_date(match["end"])
        if start is None or end is None or start > end:
            return None  # a typo in the source ("20121207-20120802"): no usable span
        return match["code"], start, end
    if match["after"]:
        start = parse_date(match["after"])
        return (match["code"], start, None) if start else None
    end = parse_date(match["before"])
    return (match["code"], None, end) if end else None


def read_actors(lines: Iterable[str]) -> Iterator[DatedCode]:
    """Every dated code of every actor record, with the record's names."""
    names: list[str] = []
    codes: list[tuple[str, str | None, str | None]] = []
    for line in (*lines, "END_"):
        if not line.strip() or line.startswith("#"):
            continue
        if line[0].isspace():
            found = _restriction(line)
            if found is not None:
                codes.append(found)
        elif line.startswith("+"):
            names.append(phrase_name(line))
        else:
            yield from (DatedCode(tuple(names), *code) for code in codes)
            names, codes = [phrase_name(line)], []
