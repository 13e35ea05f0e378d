"""Statement precision against verdicts: present, vanished and unjudged kept apart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.evaluate.statements import (
    Statement,
    draw_statements,
    draw_stories,
    items_named_in,
    load_judgements,
    score_statements,
)

A = Statement("r-1", "Iran", "attacks", "Iraq", "Iran attacked Iraq.")
B = Statement("r-2", "Boston", "locatedIn", "Atlanta", "Boston, Atlanta, Memphis")
C = Statement("r-3", "Reagan", "leaderOf", "United States", "President Reagan said")


DRAW = {"benchmark": "x.jsonl", "seed": 1, "stories": 5, "sample": 5, "news_gold_rounds": [1]}
"""The smallest valid draw of a judgement file."""


def _verdict(s: Statement, correct: bool | None) -> dict[str, object]:
    return s.as_stub() | {"correct": correct}


def test_verdicts_score_the_statements_still_made() -> None:
    judgements = [_verdict(A, True), _verdict(B, False), _verdict(C, True)]
    score = score_statements([A, B], judgements, draw=[A, B])
    assert (score.correct, score.wrong, score.vanished) == ([A], [B], 1)
    assert score.precision == 0.5 and score.unjudged == []


def test_statements_of_the_draw_without_a_verdict_are_unjudged() -> None:
    score = score_statements([A, B, C], [_verdict(A, True), _verdict(B, None)], draw=[B, C])
    assert score.unjudged == [B, C] and score.correct == [A]


def test_the_draw_counts_its_statements_judged_right() -> None:
    judgements = [_verdict(A, True), _verdict(B, False), _verdict(C, True)]
    score = score_statements([A, B, C], judgements, draw=[A, B])
    assert score.drawn_right == 1 and len(score.correct) == 2  # C is made, but not drawn


def test_draws_are_fixed_by_the_seed() -> None:
    statements = [Statement(f"r-{i}", "a", "attacks", "b", "e") for i in range(50)]
    assert draw_statements(statements, 10, 7) == draw_statements(list(statements), 10, 7)
    assert draw_statements(statements, 10, 7) != draw_statements(statements, 10, 8)


def test_stories_are_drawn_outside_the_excluded_ids(tmp_path: Path) -> None:
    lines = [json.dumps({"id": f"r-{i}", "text": "word " * 50}) + "\n" for i in range(20)]
    lines.append(json.dumps({"id": "short", "text": "too short"}) + "\n")
    benchmark = tmp_path / "b.jsonl"
    benchmark.write_text("".join(lines))
    drawn = draw_stories(benchmark, frozenset({"r-1", "r-2"}), 30, seed=1)
    ids = {json.loads(line)["id"] for line in drawn}
    assert len(ids) == 18 and not ids & {"r-1", "r-2", "short"}


def test_a_judgement_file_without_its_draw_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "j.json"
    path.write_text(json.dumps({"benchmark": "x.jsonl", "seed": 1}))
    with pytest.raises(InputError, match="stories, sample"):
        load_judgements(path)


def test_a_changed_build_changes_only_the_changed_part_of_the_draw() -> None:
    statements = [Statement(f"r-{i}", "a", "attacks", "b", "e") for i in range(200)]
    before = draw_statements(statements, 20, 3)
    dropped = next(s for s in statements if s not in before)
    added = Statement("r-new", "c", "meetsWith", "d", "e")
    after = draw_statements([s for s in statements if s != dropped] + [added], 20, 3)
    assert len(set(before) & set(after)) >= 19


def test_min_words_defaults_to_forty_and_bounds_the_draw(tmp_path: Path) -> None:
    path = tmp_path / "j.json"
    path.write_text(json.dumps(DRAW))
    assert load_judgements(path)["min_words"] == 40
    path.write_text(json.dumps(DRAW | {"min_words": 20}))
    assert load_judgements(path)["min_words"] == 20
    lines = [json.dumps({"id": f"s-{i}", "text": "word " * 25}) + "\n" for i in range(6)]
    lines.append(json.dumps({"id": "tiny", "text": "word " * 19}) + "\n")
    benchmark = tmp_path / "b.jsonl"
    benchmark.write_text("".join(lines))
    assert draw_stories(benchmark, frozenset(), 30, seed=1) == []
    ids = {json.loads(line)["id"] for line in draw_stories(benchmark, frozenset(), 30, 1, 20)}
    assert ids == {f"s-{i}" for i in range(6)}


def test_a_bad_min_words_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "j.json"
    path.write_text(json.dumps(DRAW | {"min_words": "x"}))
    with pytest.raises(InputError, match="min_words"):
        load_judgements(path)


def _labelled_benchmark(tmp_path: Path) -> Path:
    lines = [
        json.dumps({"id": f"{label}-{i}", "label_name": label, "text": "word " * 50}) + "\n"
        for label in ("World", "Sports", "Business")
        for i in range(5)
    ]
    benchmark = tmp_path / "b.jsonl"
    benchmark.write_text("".join(lines))
    return benchmark


def test_label_names_bound_the_draw_and_their_absence_draws_as_before(tmp_path: Path) -> None:
    benchmark = _labelled_benchmark(tmp_path)
    world = draw_stories(benchmark, frozenset(), 30, 1, label_names=frozenset({"World"}))
    assert {json.loads(line)["id"] for line in world} == {f"World-{i}" for i in range(5)}
    both = draw_stories(benchmark, frozenset(), 30, 1, label_names=frozenset({"World", "Sports"}))
    assert {json.loads(line)["label_name"] for line in both} == {"World", "Sports"}
    assert draw_stories(benchmark, frozenset(), 7, 3, label_names=None) == draw_stories(
        benchmark, frozenset(), 7, 3
    )


def test_label_names_and_exclusions_are_optional_lists_of_names(tmp_path: Path) -> None:
    path = tmp_path / "j.json"
    draw = DRAW
    path.write_text(json.dumps(draw))
    data = load_judgements(path)
    assert data["label_names"] is None and data["exclude_items_of"] is None
    path.write_text(json.dumps(draw | {"label_names": ["World"]}))
    assert load_judgements(path)["label_names"] == ["World"]
    for key, bad in (("label_names", "World"), ("label_names", []), ("exclude_items_of", [1])):
        path.write_text(json.dumps(draw | {key: bad}))
        with pytest.raises(InputError, match=key):
            load_judgements(path)


def test_the_items_another_gold_file_names_are_its_ids_items_and_verdicts(
    tmp_path: Path,
) -> None:
    path = tmp_path / "gold.json"
    path.write_text(
        json.dumps(
            {
                "ids": ["a-1"],
                "items": ["a-2"],
                "judgements": [{"item": "a-3", "correct": True}, {"id": "a-4", "correct": False}],
            }
        )
    )
    assert items_named_in(path) == {"a-1", "a-2", "a-3", "a-4"}


@pytest.mark.parametrize(
    "name",
    ["reuters_statements.json", "agnews_statements.json", "agnews_world_statements.json"],
)
def test_the_judgement_files_are_well_formed(name: str) -> None:
    data = load_judgements(Path(__file__).parents[1] / "gold" / name)
    keys = [
        Statement(j["item"], j["subject"], j["relation"], j["object"], j["evidence"])
        for j in data["judgements"]
    ]
    assert len(set(keys)) == len(keys)
    for judgement in data["judgements"]:
        assert isinstance(judgement["correct"], bool)
        assert judgement["correct"] or judgement.get("note"), judgement
