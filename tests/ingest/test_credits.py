"""Credits, bylines and datelines: who wrote an article's text (origins, issue 17)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.ingest.credits import find_credits
from kg.ingest.readers import read_text
from kg.model import Article


@pytest.mark.parametrize(
    ("text", "byline", "expected"),
    [
        ("KYIV, Ukraine (AP) — Drones struck the port overnight.", None, ("dateline:AP",)),
        ("LONDON (Reuters) - Oil prices rose on Monday.", None, ("dateline:Reuters",)),
        ("Troops moved north.", "Associated Press", ("byline:Associated Press",)),
        (
            "Troops moved north.\n\nAssociated Press writers Ana Ruiz in Madrid and Bo Li in "
            "Beijing contributed.",
            None,
            ("staff:Associated Press",),
        ),
        (
            "The army withdrew, reports Le Monde.\n\nRead more of this report from Le Monde.",
            None,
            ("relayed:Le Monde",),
        ),
        ("“We will stay,” the mayor told Reuters on Friday.", None, ("interview:Reuters",)),
        ("AFP - Rescuers dug through the night.", None, ("lead:AFP",)),
        (
            "Canadian Press - QUITO, Ecuador (AP) - The volcano erupted.",
            None,
            ("dateline:AP", "lead:Canadian Press"),
        ),
        (
            "The claim spread online. The Daily Planet could not independently verify it.",
            None,
            ("self:The Daily Planet",),
        ),
        # a contribution is not authorship, a photo credit is not a text credit
        ("Talks stalled. Reuters contributed to this report.", None, ()),
        ("Talks stalled. (AP Photo/Jane Roe)", None, ()),
        ("The minister told parliament the plan was ready.", None, ()),
    ],
)
def test_find_credits(text: str, byline: str | None, expected: tuple[str, ...]) -> None:
    assert find_credits(text, byline) == expected


def test_credits_are_kept_on_the_article_read_from_a_file() -> None:
    raw = (
        "Border reopens after talks\n\nBy JANE ROE\nAssociated Press\n\n"
        "DAKAR, Senegal (AP) — The border reopened on Tuesday after weeks of talks between "
        "the two governments, officials said."
    )
    [article] = list(read_text(Path("x.txt"), "x.txt", raw, min_chars=10))
    assert isinstance(article, Article)
    assert article.credits[:2] == ("byline:Associated Press", "dateline:AP")
