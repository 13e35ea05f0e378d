"""`kg eval-news`: each half built on its own and scored against the gold of its items."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kg.cli import app
from kg.cli.evaluate import build_records
from kg.evaluate.news import evaluate_news, load_halves, reserved_ids

RECORDS = [
    {"id": "n-1", "title": "Talks", "text": "Russia condemned Ukraine on Monday."},
    {"id": "n-2", "title": "Visit", "text": "France sanctioned Iran over its nuclear programme."},
]
GOLD = {
    "entities": [
        {
            "id": "russia",
            "label": "Russia",
            "class": "State",
            "names": ["Russia"],
            "articles": ["n-1"],
        },
        {"id": "ukraine", "label": "Ukraine", "class": "State", "names": [], "articles": ["n-1"]},
        {"id": "france", "label": "France", "class": "State", "names": [], "articles": ["n-2"]},
        {"id": "iran", "label": "Iran", "class": "State", "names": [], "articles": ["n-2"]},
    ],
    "relations": [
        {"subject": "russia", "relation": "condemns", "object": "ukraine", "article": "n-1"},
        {"subject": "france", "relation": "sanctions", "object": "iran", "article": "n-2"},
    ],
}


def _folders(tmp_path: Path) -> tuple[Path, Path]:
    gold, benchmarks = tmp_path / "gold", tmp_path / "benchmarks"
    (benchmarks / "ag_news_test").mkdir(parents=True)
    gold.mkdir()
    lines = "".join(json.dumps(r) + "\n" for r in RECORDS)
    (benchmarks / "ag_news_test" / "ag_news_test.jsonl").write_text(lines)
    items = {"ag_news_test": [{"id": "n-1", "split": "dev"}, {"id": "n-2", "split": "test"}]}
    (gold / "news_gold_items.json").write_text(json.dumps(items))
    (gold / "news_ag_news_test.json").write_text(json.dumps(GOLD))
    return gold, benchmarks


def test_halves_are_read_per_corpus(tmp_path: Path) -> None:
    gold, _ = _folders(tmp_path)
    halves = load_halves(gold / "news_gold_items.json")
    assert halves["ag_news_test"] == {"test": {"n-2"}, "dev": {"n-1"}}
    assert halves["reuters21578"] == {"test": frozenset(), "dev": frozenset()}


def test_each_half_is_scored_on_its_own_items_test_first(tmp_path: Path) -> None:
    gold, benchmarks = _folders(tmp_path)
    scores = list(
        evaluate_news(gold, benchmarks, ("ag_news_test",), ("dev", "test"), build_records)
    )
    assert [(s.half, s.items) for s in scores] == [("test", 1), ("dev", 1)]
    test, dev = scores
    assert test.entities.gold == 2 and dev.entities.gold == 2
    # the dev half's relation is not in the test half's gold, and the other way round
    assert test.relations.overall.tp + test.relations.overall.fn == 1
    assert "russia condemns ukraine" not in " ".join(test.relations.missed)


def test_the_command_prints_the_test_half_first(tmp_path: Path) -> None:
    gold, benchmarks = _folders(tmp_path)
    result = CliRunner().invoke(
        app, ["eval-news", "ag_news_test", "--gold", str(gold), "--benchmarks", str(benchmarks)]
    )
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "half" in line]
    assert lines[0].startswith("ag_news_test, test half") and "dev half" in lines[1]


def test_a_corpus_without_gold_is_a_one_line_error(tmp_path: Path) -> None:
    gold, benchmarks = _folders(tmp_path)
    result = CliRunner().invoke(
        app, ["eval-news", "reuters21578", "--gold", str(gold), "--benchmarks", str(benchmarks)]
    )
    assert result.exit_code != 0
    assert "news_reuters21578.json" in result.output and "no adjudicated gold" in result.output


def test_reserved_ids_skip_comments_and_blank_lines(tmp_path: Path) -> None:
    (tmp_path / "reserved_ids.txt").write_text("# kept apart\nreuters-1\n\n  ag-2  \n")
    assert reserved_ids(tmp_path) == {"reuters-1", "ag-2"}
