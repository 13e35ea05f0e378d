"""Reading inputs in segments (as workers do) gives what reading them whole gives (no model)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.ingest import IngestOptions, iter_articles
from kg.model import Article, Skipped
from kg.parallel import Segment, read_segment, split_segments

TEXT = "The junta closed the borders and the bloc threatened sanctions. " * 3


def _jsonl() -> str:
    lines = [
        json.dumps({"text": TEXT + "one"}),
        "",
        "{not json",
        json.dumps({"id": 7, "text": TEXT + "two"}),
        "   ",
        "",
        json.dumps({"text": "short"}),
        json.dumps({"url": "https://example.org/a", "text": TEXT + "three"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"text": TEXT + "four"}),
    ]
    return "\n".join(lines) + "\n\n"


def _whole(path: Path) -> list[Article | Skipped]:
    return list(iter_articles([str(path)], IngestOptions(), base=path.parent))


def _segments(path: Path, text: str, skip: int, size: int) -> list[Article | Skipped]:
    found: list[Article | Skipped] = []
    for segment in split_segments(0, str(path), path.name, path.suffix, text, skip, size):
        found.extend(read_segment(segment, IngestOptions().min_chars))
    return found


@pytest.mark.parametrize("size", [1, 2, 3, 100])
def test_pipeline_ingest_segments_read_like_the_whole_file(tmp_path: Path, size: int) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text(_jsonl(), encoding="utf-8")
    whole = _whole(path)
    assert len([i for i in whole if isinstance(i, Article)]) == 4
    assert _segments(path, _jsonl(), 0, size) == whole


@pytest.mark.parametrize("cut", [1, 3, 6, 9])
def test_pipeline_ingest_new_lines_keep_their_numbers(tmp_path: Path, cut: int) -> None:
    path = tmp_path / "records.jsonl"
    text = _jsonl()
    path.write_text(text, encoding="utf-8")
    lines = text.split("\n")
    head = "\n".join(lines[:cut]) + "\n"
    tail = text[len(head) :]
    whole = _whole(path)
    assert _segments(path, head, 0, 2) + _segments(path, tail, cut, 2) == whole


@pytest.mark.parametrize(
    ("name", "content"),
    [("blank.jsonl", "\n \n\n"), ("a.txt", "Headline\n\n" + TEXT), ("a.json", json.dumps([{}]))],
)
def test_pipeline_ingest_other_files_are_one_segment(
    tmp_path: Path, name: str, content: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    segments = list(split_segments(0, str(path), name, path.suffix, content, 0, 2))
    assert segments == [Segment(0, str(path), name, path.suffix, content, 0)]
    assert read_segment(segments[0], IngestOptions().min_chars) == _whole(path)
