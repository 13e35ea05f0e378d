"""Accusations in reported speech: a named speaker who says an actor exploits a crisis,
meddles or violates a ceasefire condemns that actor (issue 17: "Blinken said Russia might
exploit the crisis", hedged by "might")."""

from __future__ import annotations

import pytest

from kg.extract.accusations import load_accusations
from kg.model import Extraction


def condemnations(found: Extraction) -> set[tuple[str, str, str | None, str | None]]:
    return {
        (a.subject, a.object, a.evidence.likelihood, a.evidence.hedge)
        for a in found.assertions
        if a.relation.value == "condemns"
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Blinken said Russia might exploit the current crisis in Niger.",
            ("gaz:antony-blinken", "wd:Q159", "roughly even chance", "might"),
        ),
        ("Germany said Russia meddled in the election.", ("wd:Q183", "wd:Q159", None, None)),
        (
            "Egypt said Israel had violated the ceasefire.",
            ("wd:Q79", "wd:Q801", None, None),
        ),
    ],
)
def test_a_speaker_condemns_whom_they_say_acts_against_others(  # type: ignore[no-untyped-def]
    extract, text: str, expected: tuple[str, str, str | None, str | None]
) -> None:
    assert expected in condemnations(extract(text))


@pytest.mark.parametrize(
    "text",
    [
        "Germany said Russia did not meddle in the election.",  # denied, not accused
        "Germany said Russia would exploit its gas fields.",  # no crisis exploited
        "Russia meddled in the election, and Germany said so.",  # not the said content
        "Germany denied that Russia meddled in the election.",  # no verb of saying
    ],
)
def test_no_accusation_outside_a_speakers_claim(extract, text: str) -> None:  # type: ignore[no-untyped-def]
    found = extract(text)
    assert ("wd:Q183", "wd:Q159") not in {(s, o) for s, o, _, _ in condemnations(found)}


def test_the_lexicon_reads() -> None:
    rows = load_accusations()
    assert "crisis" in rows["exploit"].objects and all(0 < r.confidence <= 1 for r in rows.values())
