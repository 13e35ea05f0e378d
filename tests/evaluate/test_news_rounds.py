"""The news golds' items by round: a statement draw names the rounds it leaves out (round 1
for every draw judged before round 2 existed), so adding a round never changes its
stories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.evaluate.news import gold_item_ids
from kg.evaluate.statements import load_judgements


def test_gold_item_ids_reads_the_rounds_asked(tmp_path: Path) -> None:
    items = tmp_path / "items.json"
    rows = [{"id": "r-1", "split": "dev"}, {"id": "r-2", "split": "dev", "round": 2}]
    items.write_text(json.dumps({"reuters21578": rows, "ag_news_test": []}))
    assert gold_item_ids(items, [1]) == {"r-1"}
    assert gold_item_ids(items, [1, 2]) == {"r-1", "r-2"}


def test_a_judgement_file_says_which_rounds_its_draw_leaves_out(tmp_path: Path) -> None:
    path = tmp_path / "judged.json"
    draw = {"benchmark": "b.jsonl", "seed": 1, "stories": 2, "sample": 1, "judgements": []}
    path.write_text(json.dumps({**draw, "news_gold_rounds": [1]}))
    assert load_judgements(path)["news_gold_rounds"] == [1]
    for bad in (draw, {**draw, "news_gold_rounds": "all"}, {**draw, "news_gold_rounds": []}):
        path.write_text(json.dumps(bad))
        with pytest.raises(InputError, match="news_gold_rounds"):
            load_judgements(path)


def test_a_verdict_given_after_later_draws_does_not_move_them(tmp_path: Path) -> None:
    from kg.evaluate.statements import items_named_in

    path = tmp_path / "judged.json"
    rows = [
        {"item": "a-1", "correct": True},
        {"item": "a-2", "correct": True, "after_later_draws": True},
    ]
    path.write_text(json.dumps({"judgements": rows}))
    assert items_named_in(path) == {"a-1"}
