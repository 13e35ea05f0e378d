"""Event-date normalisation: absolute and relative expressions, precision, the anchor."""

from __future__ import annotations

import pytest

from kg.extract.dates import DatedText, normalise_date

ANCHOR = "2023-08-10"  # a Thursday


@pytest.mark.parametrize(
    ("text", "published", "day", "precision"),
    [
        # absolute: a full date needs no anchor
        ("Aug. 6, 2023", None, "2023-08-06", "day"),
        ("Sunday, Aug. 6, 2023", None, "2023-08-06", "day"),
        ("26 July 2023", None, "2023-07-26", "day"),
        ("2023-08-01", None, "2023-08-01", "day"),
        ("July 2023", None, "2023-07-01", "month"),
        ("2023", None, "2023-01-01", "year"),
        # year-less days take the anchor's year, or the year before when that is far ahead
        ("on July 26", ANCHOR, "2023-07-26", "day"),
        ("Aug. 9", ANCHOR, "2023-08-09", "day"),
        ("December 30", "2024-01-02", "2023-12-30", "day"),
        ("Tuesday", "2023-08-17", "2023-08-15", "day"),
        ("July 27 2023", None, "2023-07-27", "day"),
        # weekdays: the latest such day not after the anchor
        ("Sunday", ANCHOR, "2023-08-06", "day"),
        ("on Thursday", ANCHOR, "2023-08-10", "day"),
        ("Wednesday", ANCHOR, "2023-08-09", "day"),
        ("yesterday", ANCHOR, "2023-08-09", "day"),
        ("two days ago", ANCHOR, "2023-08-08", "day"),
        # coarser spans
        ("late July", ANCHOR, "2023-07-01", "month"),
        ("last month", ANCHOR, "2023-07-01", "month"),
        ("December", ANCHOR, "2022-12-01", "month"),
        ("last year", ANCHOR, "2022-01-01", "year"),
        ("last week", ANCHOR, "2023-08-03", "approximate"),
        ("earlier this week", ANCHOR, "2023-08-08", "approximate"),
    ],
)
def test_dates_normalise(text: str, published: str | None, day: str, precision: str) -> None:
    assert normalise_date(text, published) == DatedText(day, precision)


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("Tuesday", None),  # a relative day without an anchor
        ("on July 26", None),
        ("last week", None),
        ("two days later", ANCHOR),  # relative to another event, not to the article
        ("three weeks", ANCHOR),  # a duration
        ("next week", ANCHOR),
        ("Feb. 30", ANCHOR),
        ("recent years", ANCHOR),
    ],
)
def test_dates_unreadable(text: str, published: str | None) -> None:
    assert normalise_date(text, published) is None


def test_dates_anchor_moves_relative_dates() -> None:
    assert normalise_date("Sunday", "2023-08-03") == DatedText("2023-07-30", "day")
    assert normalise_date("Sunday", "2023-08-06") == DatedText("2023-08-06", "day")
