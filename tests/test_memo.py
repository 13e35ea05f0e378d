"""The build memo kept as a whole memo and what changed since (`kg.memo`)."""

from __future__ import annotations

import copy
import logging
import pickle
from pathlib import Path
from typing import Any

import pytest

import kg.memo
from kg.graph.assemble import AssemblyMemo
from kg.memo import DELTA_FILE, BuildMemo, memo_files, read_build_memo, tables
from kg.state import MEMO_FILE


def _memo(articles: dict[str, bytes], blocks: dict[str, str]) -> BuildMemo:
    assembly = AssemblyMemo()
    kept: Any = assembly.blocks  # strings stand for the blocks' bytes
    kept.union.update(blocks)
    kept.named.update({f"graph/{key}": value for key, value in blocks.items()})
    assembly.page["layout"] = sorted(blocks)
    return BuildMemo(
        "settings", f"state of {sorted(articles)}", sorted(articles), articles, assembly
    )


def _write(out: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        (out / name).write_bytes(data)


def _same(read: BuildMemo, wanted: BuildMemo) -> None:
    assert (read.base, read.state_sha256, read.lines) == (
        wanted.base,
        wanted.state_sha256,
        wanted.lines,
    )
    assert tables(read) == tables(wanted)
    assert read.assembly.page == wanted.assembly.page


def _next(loaded: kg.memo.LoadedMemo, put: dict[str, str], gone: set[str]) -> BuildMemo:
    """What a build makes from `loaded`: new dicts that keep the objects it did not remake."""
    old = loaded.memo
    articles = {k: v for k, v in old.extractions.items() if k not in gone}
    articles.update({k: v.encode() for k, v in put.items()})
    blocks = {k: v for k, v in old.assembly.blocks.union.items() if k not in gone}
    blocks.update(put)
    return _memo(articles, blocks)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    first = _memo({"a": b"A", "b": b"B", "c": b"C"}, {"a": "block a", "b": "block b"})
    _write(tmp_path, memo_files(first, None))
    return tmp_path


def test_memo_first_is_whole_with_an_empty_delta(folder: Path) -> None:
    assert (folder / MEMO_FILE).stat().st_size > 0
    assert (folder / DELTA_FILE).read_bytes() == b""
    loaded = read_build_memo(folder)
    assert loaded is not None and loaded.memo.token and not any(loaded.before.touched.values())


def test_memo_deltas_carry_every_change_since_the_whole_memo(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kg.memo, "DELTA_SHARE", 0)  # always small enough
    whole = (folder / MEMO_FILE).read_bytes()
    first = read_build_memo(folder)
    assert first is not None
    second = _next(first, {"d": "new d", "a": "changed a"}, {"b"})
    files = memo_files(second, first.before)
    assert set(files) == {DELTA_FILE}
    _write(folder, files)
    read = read_build_memo(folder)
    assert read is not None
    _same(read.memo, second)
    assert read.before.touched["union"] == {"a", "b", "d"}
    # a second delta still holds the first one's changes, made on the same whole memo
    third = _next(read, {"e": "new e"}, {"c"})
    _write(folder, memo_files(third, read.before))
    again = read_build_memo(folder)
    assert again is not None and (folder / MEMO_FILE).read_bytes() == whole
    _same(again.memo, third)
    assert "b" not in again.memo.extractions and again.memo.extractions["a"] == b"changed a"


def test_memo_large_delta_is_folded_into_a_new_whole_memo(folder: Path) -> None:
    first = read_build_memo(folder)
    assert first is not None
    big = {f"k{i}": "x" * 100 for i in range(200)}  # far past a quarter of the whole memo
    second = _next(first, big, set())
    files = memo_files(second, first.before)
    assert set(files) == {MEMO_FILE, DELTA_FILE} and files[DELTA_FILE] == b""
    _write(folder, files)
    read = read_build_memo(folder)
    assert read is not None and read.memo.token not in ("", first.memo.token)
    _same(read.memo, second)


def test_memo_delta_of_another_whole_memo_is_ignored(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kg.memo, "DELTA_SHARE", 0)
    first = read_build_memo(folder)
    assert first is not None
    original = copy.deepcopy(first.memo)
    _write(folder, memo_files(_next(first, {"d": "new d"}, set()), first.before))
    other = _memo({"z": b"Z"}, {"z": "block z"})
    (folder / MEMO_FILE).write_bytes(memo_files(other, None)[MEMO_FILE])  # a delta left behind
    read = read_build_memo(folder)
    assert read is not None
    _same(read.memo, other)
    assert read.memo.extractions != original.extractions


class _Evil:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (print, ("ran",))


@pytest.mark.parametrize("damage", [b"not a pickle", pickle.dumps(_Evil())])
def test_memo_damaged_or_hostile_delta_is_ignored(
    folder: Path, damage: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    whole = read_build_memo(folder)
    assert whole is not None
    (folder / DELTA_FILE).write_bytes(damage)
    with caplog.at_level(logging.WARNING):
        read = read_build_memo(folder)
    assert read is not None and "ignoring unreadable" in caplog.text
    _same(read.memo, whole.memo)
