"""Everyday world news read too eagerly: false statements of a development draw of AG News
World stories (tests/gold/agnews_world_statements.json), each cause with a made-up sentence
that shows it and one that shows the right reading kept (real model)."""

from __future__ import annotations

import pytest

from tests.extract.labelled import Extract, triples


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Lebanon is willing to hold talks with Israel.",
        "Iranian President Mohammad Khatami is ready to resume nuclear talks with Britain.",
    ],
)
def test_talks_one_is_ready_to_hold_are_not_held(extract: Extract, text: str) -> None:
    assert not triples(extract(text), "meetsWith")


@pytest.mark.model
def test_talks_held_are_held(extract: Extract) -> None:
    assert ("Lebanon", "meetsWith", "Israel") in triples(
        extract("Lebanon held talks with Israel on Monday.")
    )
