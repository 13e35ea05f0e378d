"""The build memo on disk (issue 18): a whole memo, and what changed since it.

`build-memo.pickle` holds a whole `BuildMemo`; `build-memo-delta.pickle` holds a
`MemoDelta`: every entry of the memo's keyed tables (the articles' extractions, the
blocks of the graph files and their SHACL results) set or gone since that whole memo was
written, with the few parts that are small enough to keep whole. A build that adds k
articles writes only the delta, which grows with what changed since the whole memo, not
with the corpus; pickling and writing a whole memo of a large corpus took seconds (168 MB
for Reuters-21578). When the delta passes a quarter of the whole memo's size, the build
writes a whole memo again and an empty delta.

Both files are caches, read with `kg.state`'s restricted unpickler: a delta counts only
beside the whole memo whose random `token` it names, and the build trusts the result only
for the state and settings it names, as before.
"""

from __future__ import annotations

import itertools
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.state import MEMO_FILE, memo_bytes, read_memo

DELTA_FILE = "build-memo-delta.pickle"

DELTA_SHARE = 4
"""A delta past 1/DELTA_SHARE of its whole memo's size is folded into a new whole memo."""


@dataclass(slots=True)
class BuildMemo:
    """What a build keeps for the next build of its folder (issue 18), so that one adding
    k articles reads, links and writes in time near k: the article key of each line of
    `extractions.jsonl` (in order) and each article's extraction without its text, so the
    state is copied without reading it, and the graph stage's memo
    (`kg.graph.assemble.AssemblyMemo`). Trusted only for the state whose SHA-256 it names,
    built with the same `base`; `token` names the whole memo a delta was taken from.

    Each extraction is pickled on its own (`kg.state.memo_part` reads one): a build copies
    the bytes of the articles it keeps and pickles only those it adds."""

    base: str
    state_sha256: str
    lines: list[str]
    extractions: dict[str, bytes]
    assembly: Any
    token: str = ""


@dataclass(slots=True)
class Changes:
    """The entries of one keyed table set (to their current value) or gone since the whole
    memo."""

    put: dict[str, Any] = field(default_factory=dict)
    gone: frozenset[str] = frozenset()


@dataclass(slots=True)
class MemoDelta:
    """A `BuildMemo` as the whole memo named by `token` plus these changes."""

    token: str
    base: str
    state_sha256: str
    lines: list[str]
    tables: dict[str, Changes]
    duplicates: Any
    page: dict[str, Any]


@dataclass(slots=True)
class Before:
    """What the next memo's delta is taken against: the tables of the memo this build read
    (their dicts, which the build replaces rather than changes), the keys its delta had
    already changed, the whole memo's token and its size on disk."""

    token: str
    size: int
    tables: dict[str, dict[str, Any]]
    touched: dict[str, frozenset[str]]


@dataclass(slots=True)
class LoadedMemo:
    """A memo read from a folder: the whole one with its delta applied."""

    memo: BuildMemo
    before: Before


def tables(memo: BuildMemo) -> dict[str, dict[str, Any]]:
    """The memo's keyed tables by name (the dicts themselves)."""
    blocks = memo.assembly.blocks
    return {
        "extractions": memo.extractions,
        "union": blocks.union,
        "default": blocks.default,
        "named": blocks.named,
        "checked": blocks.checked,
    }


def read_build_memo(out_dir: Path) -> LoadedMemo | None:
    """The memo the last build left in `out_dir` (its delta applied), or None when there is
    none or it cannot be read (said on stderr by `read_memo`)."""
    whole = read_memo(out_dir)
    if not isinstance(whole, BuildMemo):
        return None
    size = _size(out_dir / MEMO_FILE)
    delta = read_memo(out_dir, DELTA_FILE)
    touched: dict[str, frozenset[str]] = {}
    if isinstance(delta, MemoDelta) and whole.token and delta.token == whole.token:
        touched = apply_delta(whole, delta)
    return LoadedMemo(whole, Before(whole.token, size, dict(tables(whole)), touched))


def apply_delta(memo: BuildMemo, delta: MemoDelta) -> dict[str, frozenset[str]]:
    """Bring `memo` (in place) to the state `delta` describes; return the keys it changed
    per table."""
    touched: dict[str, frozenset[str]] = {}
    for name, table in tables(memo).items():
        changes = delta.tables.get(name, Changes())
        for key in changes.gone:
            table.pop(key, None)
        table.update(changes.put)
        touched[name] = frozenset(changes.put).union(changes.gone)
    memo.base, memo.state_sha256, memo.lines = delta.base, delta.state_sha256, delta.lines
    memo.assembly.duplicates, memo.assembly.page = delta.duplicates, delta.page
    return touched


def delta_since(before: Before, memo: BuildMemo) -> MemoDelta:
    """`memo` as the changes since the whole memo `before` was read with: every entry its
    delta had changed, and every entry this build replaced (found by identity: a build
    keeps the objects of what it did not remake)."""
    changed: dict[str, Changes] = {}
    for name, table in tables(memo).items():
        old = before.tables.get(name, {})
        touched = before.touched.get(name, frozenset())
        put = {
            key: value
            for key, value in table.items()
            if key in touched or old.get(key) is not value
        }
        gone = frozenset(key for key in itertools.chain(old, touched) if key not in table)
        changed[name] = Changes(put, gone)
    assembly = memo.assembly
    return MemoDelta(
        before.token,
        memo.base,
        memo.state_sha256,
        memo.lines,
        changed,
        assembly.duplicates,
        assembly.page,
    )


def memo_files(memo: BuildMemo, before: Before | None) -> dict[str, bytes]:
    """The files that keep `memo` for the next build: a delta against the whole memo this
    build read when that is small enough, else a whole memo (with a new token) and an
    empty delta."""
    if before is not None and before.token:
        data = memo_bytes(delta_since(before, memo))
        if len(data) * DELTA_SHARE <= before.size:
            return {DELTA_FILE: data}
    memo.token = secrets.token_hex(16)
    return {MEMO_FILE: memo_bytes(memo), DELTA_FILE: b""}


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
