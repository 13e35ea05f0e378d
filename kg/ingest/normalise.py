"""Bring text to one canonical form: an article's characters (newlines, spaces, invisible and
control characters), a metadata field on one line, a date as YYYY-MM-DD."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Final

__all__ = ["normalise_characters", "normalise_date", "normalise_field", "parse_text_date"]

_SURROGATES: Final = re.compile(r"[\ud800-\udfff]")
_LINE_BREAKS: Final = re.compile(r"\r\n?|[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_INVISIBLE: Final = re.compile(r"[\u00ad\u200b\u2060\ufeff]")
_HSPACE: Final = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_CONTROL: Final = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def normalise_characters(raw: str) -> str:
    """NFC, with one kind of newline and space, and no invisible or control characters.

    >>> normalise_characters("Niger\\u00a0junta\\r\\nsoft\\u00adware")
    'Niger junta\\nsoftware'
    """
    text = _SURROGATES.sub("\ufffd", raw)
    text = _LINE_BREAKS.sub("\n", text)
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = _HSPACE.sub(" ", text)
    return _CONTROL.sub("", text)


def normalise_field(value: object) -> str | None:
    """Return a metadata string on one line with spaces collapsed, or None if empty.

    >>> normalise_field("  Niger\\u00a0coup\\n")
    'Niger coup'
    >>> normalise_field(3) is None
    True
    """
    if not isinstance(value, str):
        return None
    text = unicodedata.normalize("NFC", _SURROGATES.sub("\ufffd", value))
    text = " ".join(_CONTROL.sub(" ", _INVISIBLE.sub("", text)).split())
    return text or None


def normalise_date(value: object) -> str | None:
    """Return an ISO or RFC 2822 date/datetime (or "Aug. 5, 2023") as YYYY-MM-DD, else None.

    The date is the one written, in its own time zone; nothing is converted.

    >>> normalise_date("2023-08-05T10:00:00Z")
    '2023-08-05'
    >>> normalise_date("Sat, 05 Aug 2023 10:00:00 +0000")
    '2023-08-05'
    >>> normalise_date("last Tuesday") is None
    True
    """
    text = normalise_field(value)
    if text is None or len(text) > 64:
        return None
    try:
        return datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    return parse_text_date(text)


_MONTHS: Final[dict[str, int]] = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH: Final = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY: Final = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,? )?"
_TIME: Final = r"(?:,? \d{1,2}:\d{2}(?: ?[ap]\.?m\.?)?(?: [A-Z]{2,4})?)?"
_TEXT_DATES: Final[tuple[re.Pattern[str], ...]] = (
    re.compile(rf"{_WEEKDAY}{_MONTH} (?P<day>\d{{1,2}}),? (?P<year>\d{{4}}){_TIME}", re.IGNORECASE),
    re.compile(rf"{_WEEKDAY}(?P<day>\d{{1,2}}) {_MONTH},? (?P<year>\d{{4}}){_TIME}", re.IGNORECASE),
    # "26-FEB-1987 15:01:01.79": Reuters-21578's record dates
    re.compile(
        rf"(?P<day>\d{{1,2}})-{_MONTH}-(?P<year>\d{{4}})(?: \d{{1,2}}:\d{{2}}(?::[\d.]+)?)?",
        re.IGNORECASE,
    ),
)


def find_text_dates(text: str) -> list[str]:
    """Every full date written out in `text` ("…in Niamey, Niger, Thursday, July 27 2023."),
    as YYYY-MM-DD, in order of appearance.

    >>> find_text_dates("Niamey, Niger, Sunday, Aug. 6, 2023. (AP Photo) March 16, 2023")
    ['2023-08-06', '2023-03-16']
    """
    found: list[tuple[int, str]] = []
    for pattern in _TEXT_DATES:
        for match in pattern.finditer(text):
            month = _MONTHS[match.group("month")[:3].lower()]
            try:
                day = date(int(match.group("year")), month, int(match.group("day")))
            except ValueError:
                continue
            found.append((match.start(), day.isoformat()))
    return [day for _, day in sorted(found)]


def parse_text_date(text: str) -> str | None:
    """A date written out ("Aug. 5, 2023", "Saturday, 5 August 2023 10:00 GMT") as YYYY-MM-DD.

    >>> parse_text_date("Aug. 5, 2023")
    '2023-08-05'
    """
    if len(text) > 60:
        return None
    for pattern in _TEXT_DATES:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        month = _MONTHS[match.group("month")[:3].lower()]
        try:
            return date(int(match.group("year")), month, int(match.group("day"))).isoformat()
        except ValueError:
            return None
    return None
