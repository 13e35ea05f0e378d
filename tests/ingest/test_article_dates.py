"""An article's date from its photo captions when it has no other."""

from __future__ import annotations

import json
from pathlib import Path

from kg.ingest.clean import caption_date, clean_text
from kg.ingest.normalise import find_text_dates
from kg.model import Article

CAPTIONED = (
    "Junta supporters rally\n\n"
    "Supporters of the junta hold a flag in Niamey, Niger, Thursday, Aug. 3, 2023. The march\n"
    "falls on the nation's independence day. (AP Photo/Sam Mednick)\n\n"
    "The junta asked for help on Friday, an analyst said. The bloc set a deadline.\n\n"
    "FILE - Two leaders pose for a photo in Niamey, Niger, March 16, 2023. (AP Photo)\n\n"
    "The bloc's leaders met again in Abuja to plan their next steps, officials said."
)


def test_article_date_from_the_latest_caption() -> None:
    cleaned = clean_text(CAPTIONED)
    assert cleaned.published == "2023-08-03"
    assert "Thursday, Aug. 3" not in cleaned.text  # the caption itself is still dropped


def test_article_date_header_date_wins_over_captions() -> None:
    cleaned = clean_text("Aug. 10, 2023\n\n" + CAPTIONED)
    assert cleaned.published == "2023-08-10"


def test_article_date_none_without_dates() -> None:
    assert clean_text("The junta asked for help on Friday, an analyst said.").published is None
    assert caption_date([]) is None


def test_article_date_find_text_dates_in_order() -> None:
    text = "Niamey, Niger, Sunday, Aug. 6, 2023. Then on 27 July 2023, and Feb. 30, 2023."
    assert find_text_dates(text) == ["2023-08-06", "2023-07-27"]


def test_article_date_from_a_record_date_field(tmp_path: Path) -> None:
    from kg.ingest import iter_articles

    feed = tmp_path / "feed.jsonl"
    text = "The ministry said on Tuesday that exports rose sharply in the month. " * 3
    feed.write_text(json.dumps({"id": "r1", "date": "26-FEB-1987 15:01:01.79", "text": text}))
    (article,) = [a for a in iter_articles([str(feed)]) if isinstance(a, Article)]
    assert article.published == "1987-02-26"
