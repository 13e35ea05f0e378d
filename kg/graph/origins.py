"""Each article's original source (`kg:originalSource`) and its Admiralty reliability.

An article's own credits name who wrote its text (`kg.ingest.credits`): a byline's
agency, a wire dateline, a wire's staff credit, a relayed report, an interview, and last
the publisher its record names. Near-duplicate articles (reprints, lightly edited and
reworded copies of one story) are found by MinHash LSH over the signatures the workers
computed (`kg.ingest.signature`) and share one origin: the strongest credit any of them
carries, else a stable IRI of the cluster ("unattributed-…", from its first article key).

The editable table `lexicon/sources.csv` names outlets and wires with their aliases, kind
and reliability grade (A completely reliable … E unreliable, F cannot be judged); an
origin not in it is graded F.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import numpy as np

from kg.ingest.credits import CREDIT_KINDS
from kg.ingest.signature import NUM_PERM
from kg.model import Extraction
from kg.text import slugify

__all__ = [
    "SOURCES_TABLE",
    "DuplicateIndex",
    "NewsSource",
    "Origin",
    "SourceTable",
    "assign_origins",
    "best_credit",
    "load_sources",
    "near_duplicate_groups",
]

TEXT_THRESHOLD: Final = 0.2
"""Estimated Jaccard of text 3-shingles at or above which two articles are one story.
Measured: the seeds' reworded copy 0.23, unrelated stories on one subject 0.01-0.05;
on Reuters-21578, templated stories of different events (dividends, SEC stake filings,
monthly figures) reach 0.17-0.45, so no threshold parts them from rewordings: at 0.15
about 7 of 12 sampled clusters were one story, at 0.2 13 of 15. Rewordings below it are
found by their quotations."""
QUOTE_THRESHOLD: Final = 0.3
"""Estimated Jaccard of quoted 3-shingles at or above which two articles are one story,
when their texts also overlap at least `QUOTE_TEXT_FLOOR` (two independent reports of
one press conference share quotes, not their wording)."""
QUOTE_TEXT_FLOOR: Final = 0.05
UNKNOWN_RELIABILITY: Final = "F"
SOURCES_TABLE: Final = "lexicon/sources.csv"
"""The table of outlets and wires, under the ontology folder."""
_NAMED_ONLY: Final = frozenset({"lead", "staff", "relayed", "self", "interview"})
"""Credit kinds taken only when the table knows the name: "told Bazoum" is no outlet."""
_KINDS: Final = (*CREDIT_KINDS, "publisher")


@dataclass(frozen=True, slots=True)
class NewsSource:
    """One row of the sources table."""

    name: str
    aliases: tuple[str, ...]
    kind: str
    reliability: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Origin:
    """The original source of an article: `key` names its IRI (`kg.graph.iri.source_iri`)."""

    key: str
    label: str
    reliability: str
    kind: str | None = None


class SourceTable:
    """The sources table, looked up by name or alias (case and a leading "The" ignored)."""

    def __init__(self, rows: Iterable[NewsSource]) -> None:
        self._by_name: dict[str, NewsSource] = {}
        for row in rows:
            for name in (row.name, *row.aliases):
                self._by_name.setdefault(_name_key(name), row)

    def find(self, name: str) -> NewsSource | None:
        """The table's row for `name`, if any.

        >>> table = SourceTable([NewsSource("AP", ("Associated Press",), "wire", "B")])
        >>> table.find("The Associated Press").name, table.find("Reuters")
        ('AP', None)
        """
        return self._by_name.get(_name_key(name))

    def origin(self, name: str) -> Origin:
        """The origin `name` stands for: its table row's, else its own (graded F)."""
        row = self.find(name)
        if row is None:
            return Origin(slugify(name), name, UNKNOWN_RELIABILITY)
        return Origin(slugify(row.name), row.name, row.reliability, row.kind)


def load_sources(path: Path) -> SourceTable:
    """Read `sources.csv` (name, aliases, kind, reliability, note; `|` between aliases)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [
            NewsSource(
                row["name"],
                tuple(a for a in row["aliases"].split("|") if a),
                row["kind"],
                row["reliability"],
                row.get("note") or "",
            )
            for row in csv.DictReader(handle)
        ]
    return SourceTable(rows)


def _name_key(name: str) -> str:
    folded = " ".join(name.casefold().split())
    return folded.removeprefix("the ")


def best_credit(
    credits: Sequence[str], publisher: str | None, table: SourceTable
) -> tuple[int, Origin] | None:
    """The strongest credit of one article as (rank, origin), lower rank stronger.

    >>> table = SourceTable([NewsSource("AP", ("Associated Press",), "wire", "B")])
    >>> best_credit(["interview:Bazoum", "interview:Associated Press"], "LA Times", table)
    (6, Origin(key='ap', label='AP', reliability='B', kind='wire'))
    >>> best_credit([], "LA Times", table)
    (7, Origin(key='la-times', label='LA Times', reliability='F', kind=None))
    """
    candidates = [*credits, *([f"publisher:{publisher}"] if publisher else [])]
    for credit in candidates:
        kind, _, name = credit.partition(":")
        if kind not in _KINDS or not name:
            continue
        if kind in _NAMED_ONLY and table.find(name) is None:
            continue
        return _KINDS.index(kind), table.origin(name)
    return None


def near_duplicate_groups(
    extractions: Sequence[Extraction], index: DuplicateIndex | None = None
) -> list[list[str]]:
    """Article keys grouped into near-duplicate clusters (each sorted, singletons too).

    One LSH index per signature kind; a candidate pair counts when its estimated Jaccard
    passes the threshold (LSH only proposes). Clusters are the connected components.
    `index`, when given, holds the pairs an earlier build found: it is brought up to date
    with `extractions` (only new or changed articles are looked up) and used.
    """
    index = index if index is not None else DuplicateIndex()
    index.update(extractions)
    keys = sorted(e.article.key for e in extractions)
    parent = {key: key for key in keys}
    for a, near in index.pairs.items():
        for b in near:
            if a < b:
                _union(parent, a, b)
    groups: dict[str, list[str]] = {}
    for key in keys:
        groups.setdefault(_find(parent, key), []).append(key)
    return sorted(groups.values())


_BAND_MIX: Final = np.random.default_rng(18).integers(1, 2**63, NUM_PERM, dtype=np.uint64) | 1
"""Odd multipliers that mix a band's values into one number (fixed: any will do)."""

SMALL_UPDATE: Final = 256
"""Up to this many new articles are compared with the indexed ones in bulk (NumPy over the
whole matrix); more, as in a first build, go through LSH buckets made for the occasion."""


def lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """The bands and rows `datasketch.MinHashLSH(threshold, num_perm)` chooses: those that
    make the least sum of false positive and false negative probability. datasketch
    integrates with scipy, whose import costs a first build most of a second; the
    integrands are polynomials of degree at most `num_perm`, which Gauss-Legendre
    quadrature of this many nodes integrates exactly (`tests/graph/test_origins.py` checks
    the choice against datasketch's).

    >>> lsh_params(0.2, 128), lsh_params(0.3, 128)
    ((28, 2), (37, 3))
    """
    nodes, weights = np.polynomial.legendre.leggauss(num_perm // 2 + 2)
    pairs = [(b, r) for b in range(1, num_perm + 1) for r in range(1, num_perm // b + 1)]
    bands = np.array([b for b, _ in pairs], dtype=float)[:, None]
    rows = np.array([r for _, r in pairs], dtype=float)[:, None]

    def integral(low: float, high: float, positive: bool) -> np.ndarray:
        s = (high - low) / 2 * nodes + (high + low) / 2  # the nodes moved onto [low, high]
        candidate = 1 - (1 - s[None, :] ** rows) ** bands
        values = candidate if positive else 1 - candidate
        return np.asarray((values * weights).sum(axis=1) * (high - low) / 2)

    error = 0.5 * integral(0.0, threshold, True) + 0.5 * integral(threshold, 1.0, False)
    b, r = pairs[int(np.argmin(error))]  # the first least, as datasketch's loop keeps
    return b, r


@dataclass(slots=True)
class _Signatures:
    """One kind of signature of every article indexed, as rows of one matrix (kept as
    bytes: plain data, read back in one copy), with MinHash LSH as `datasketch.MinHashLSH`
    does it for a threshold: two signatures are candidates when they agree on every value
    of some band. The candidates are the same however they are looked up."""

    bands: int
    rows: int
    keys: list[str] = field(default_factory=list)
    matrix: bytes = b""

    @classmethod
    def for_threshold(cls, threshold: float) -> _Signatures:
        return cls(*lsh_params(threshold, NUM_PERM))

    def values(self) -> np.ndarray:
        return np.frombuffer(self.matrix, dtype=np.uint64).reshape(len(self.keys), NUM_PERM)

    def add(self, items: Sequence[tuple[str, np.ndarray]]) -> list[tuple[str, str, float]]:
        """Index `items` (key, signature); return every candidate pair they make, with
        each new item as the first of the pair, and its estimated Jaccard."""
        found: list[tuple[str, str, float]] = []
        if not items:
            return found
        if len(items) <= SMALL_UPDATE:
            old = self.values()
            # a number per band of each signature: equal bands give equal numbers, so
            # looking the new ones up among the old ones, sorted per band, finds every
            # candidate, and a row whose number agrees on a band whose values do not (rare)
            # is checked value by value
            old_bands = self._band_keys(old)
            order = np.argsort(old_bands, axis=0, kind="stable")
            ranked = np.take_along_axis(old_bands, order, axis=0)
            new_bands = self._band_keys(np.stack([signature for _, signature in items]))
            spans = [
                (
                    np.searchsorted(ranked[:, band], new_bands[:, band], side="left"),
                    np.searchsorted(ranked[:, band], new_bands[:, band], side="right"),
                )
                for band in range(self.bands)
            ]
            for i, (key, signature) in enumerate(items):
                near: set[int] = set()
                for band, (starts, ends) in enumerate(spans):
                    if ends[i] > starts[i]:
                        near.update(order[starts[i] : ends[i], band].tolist())
                for j in sorted(near):
                    if self._candidates(signature, old[j]):
                        found.append((key, self.keys[j], _share(old[j] == signature)))
                same_band = (new_bands[:i] == new_bands[i]).any(axis=1)
                for other, earlier in (items[int(n)] for n in np.flatnonzero(same_band)):
                    if self._candidates(signature, earlier):
                        found.append((key, other, _share(signature == earlier)))
        else:
            found = self._through_buckets(items)
        self.keys.extend(key for key, _ in items)
        self.matrix += b"".join(signature.tobytes() for _, signature in items)
        return found

    def _band_keys(self, values: np.ndarray) -> np.ndarray:
        """Each row's bands mixed into one number each (rows x bands, wrapping uint64)."""
        banded = values[:, : self.bands * self.rows].reshape(len(values), self.bands, self.rows)
        mixed: np.ndarray = (banded * _BAND_MIX[: self.rows]).sum(axis=2, dtype=np.uint64)
        return mixed

    def _candidates(self, a: np.ndarray, b: np.ndarray) -> bool:
        return any(
            bool(
                (
                    a[i * self.rows : (i + 1) * self.rows] == b[i * self.rows : (i + 1) * self.rows]
                ).all()
            )
            for i in range(self.bands)
        )

    def _through_buckets(
        self, items: Sequence[tuple[str, np.ndarray]]
    ) -> list[tuple[str, str, float]]:
        buckets: list[dict[bytes, list[int]]] = [{} for _ in range(self.bands)]
        rows = [*self.values(), *(signature for _, signature in items)]
        keys = [*self.keys, *(key for key, _ in items)]
        found: list[tuple[str, str, float]] = []
        width = self.rows * 8
        for index, row in enumerate(rows):
            data = row.tobytes()
            near: set[int] = set()
            for band, bucket in enumerate(buckets):
                slot = bucket.setdefault(data[band * width : (band + 1) * width], [])
                near.update(slot)
                slot.append(index)
            if index >= len(self.keys):
                found.extend((keys[index], keys[j], _share(row == rows[j])) for j in sorted(near))
        return found

    def position(self, key: str) -> int | None:
        try:
            return self.keys.index(key)
        except ValueError:
            return None

    def remove(self, gone: set[str]) -> None:
        keep = [i for i, key in enumerate(self.keys) if key not in gone]
        if len(keep) < len(self.keys):
            self.matrix = self.values()[keep].tobytes()
            self.keys = [self.keys[i] for i in keep]


def _share(equal: np.ndarray) -> float:
    """The estimated Jaccard from the equal values, as `LeanMinHash.jaccard` gives it."""
    return float(np.count_nonzero(equal)) / float(NUM_PERM)


@dataclass(slots=True)
class DuplicateIndex:
    """The near-duplicate pairs among the articles indexed so far, and their signatures,
    kept between builds so that a build adding k articles compares k articles with the
    others (in bulk) and re-reads none."""

    indexed: dict[str, str] = field(default_factory=dict)
    """Article key -> content hash of the text its signatures came from."""
    texts: _Signatures = field(default_factory=lambda: _Signatures.for_threshold(TEXT_THRESHOLD))
    quotes: _Signatures = field(default_factory=lambda: _Signatures.for_threshold(QUOTE_THRESHOLD))
    pairs: dict[str, set[str]] = field(default_factory=dict)

    def update(self, extractions: Sequence[Extraction]) -> None:
        """Index the articles of `extractions` that are new or changed, forget the rest."""
        current = {e.article.key: e for e in extractions}
        gone = {
            key
            for key, content in self.indexed.items()
            if key not in current or current[key].article.content_hash != content
        }
        if gone:
            self._remove(gone)
        fresh = [current[key] for key in sorted(current) if key not in self.indexed]
        if not fresh:
            return
        for extraction in fresh:
            self.indexed[extraction.article.key] = extraction.article.content_hash
        texts = _rows((e.article.key, e.text_signature) for e in fresh)
        quotes = _rows((e.article.key, e.quote_signature) for e in fresh)
        for a, b, jaccard in self.texts.add(texts):
            if jaccard >= TEXT_THRESHOLD:
                self._pair(a, b)
        text_rows = self.texts.values()
        where = {key: i for i, key in enumerate(self.texts.keys)}
        for a, b, jaccard in self.quotes.add(quotes):
            if jaccard < QUOTE_THRESHOLD:
                continue
            ia, ib = where.get(a), where.get(b)
            overlap = (
                _share(text_rows[ia] == text_rows[ib]) if ia is not None and ib is not None else 1.0
            )
            if overlap >= QUOTE_TEXT_FLOOR:
                self._pair(a, b)

    def _remove(self, gone: set[str]) -> None:
        for key in gone:
            del self.indexed[key]
            for other in self.pairs.pop(key, set()):
                near = self.pairs.get(other)
                if near is not None:
                    near.discard(key)
                    if not near:
                        del self.pairs[other]
        self.texts.remove(gone)
        self.quotes.remove(gone)

    def _pair(self, a: str, b: str) -> None:
        self.pairs.setdefault(a, set()).add(b)
        self.pairs.setdefault(b, set()).add(a)


def _rows(signatures: Iterable[tuple[str, Sequence[int]]]) -> list[tuple[str, np.ndarray]]:
    return [
        (key, np.array(values, dtype=np.uint64))
        for key, values in signatures
        if len(values) == NUM_PERM
    ]


def assign_origins(
    extractions: Sequence[Extraction], table: SourceTable, index: DuplicateIndex | None = None
) -> dict[str, Origin]:
    """Every article's origin: its near-duplicate cluster's strongest credit, else the
    cluster's own (unattributed, graded F)."""
    by_key = {e.article.key: e.article for e in extractions}
    origins: dict[str, Origin] = {}
    for group in near_duplicate_groups(extractions, index):
        found = [
            credit
            for key in group
            if (credit := best_credit(by_key[key].credits, by_key[key].source, table))
        ]
        if found:
            origin = min(found, key=lambda c: (c[0], c[1].key))[1]
        else:
            digest = hashlib.sha256(group[0].encode("utf-8")).hexdigest()[:16]
            origin = Origin(f"unattributed-{digest}", "unattributed", UNKNOWN_RELIABILITY)
        origins.update((key, origin) for key in group)
    return origins


def _find(parent: dict[str, str], key: str) -> str:
    while parent[key] != key:
        parent[key] = parent[parent[key]]
        key = parent[key]
    return key


def _union(parent: dict[str, str], a: str, b: str) -> None:
    root_a, root_b = _find(parent, a), _find(parent, b)
    if root_a != root_b:
        # the smaller key is the root, so a cluster's root is its first article
        parent[max(root_a, root_b)] = min(root_a, root_b)
