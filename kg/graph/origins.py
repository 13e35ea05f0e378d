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


@dataclass(slots=True)
class _Bands:
    """MinHash LSH as `datasketch.MinHashLSH` does it (the same bands for a threshold):
    two signatures are candidates when they agree on every value of some band."""

    ranges: list[tuple[int, int]]
    buckets: list[dict[bytes, set[str]]]

    @classmethod
    def for_threshold(cls, threshold: float) -> _Bands:
        from datasketch import MinHashLSH  # with scipy, 0.7 s to import: only when indexing

        params = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        ranges = [(i * params.r, (i + 1) * params.r) for i in range(params.b)]
        return cls(ranges, [{} for _ in ranges])

    def _keys(self, signature: bytes) -> list[bytes]:
        return [signature[start * 8 : end * 8] for start, end in self.ranges]

    def query(self, signature: bytes) -> set[str]:
        found: set[str] = set()
        for buckets, band in zip(self.buckets, self._keys(signature), strict=True):
            found.update(buckets.get(band, ()))
        return found

    def insert(self, key: str, signature: bytes) -> None:
        for buckets, band in zip(self.buckets, self._keys(signature), strict=True):
            buckets.setdefault(band, set()).add(key)

    def remove(self, key: str, signature: bytes) -> None:
        for buckets, band in zip(self.buckets, self._keys(signature), strict=True):
            members = buckets.get(band)
            if members is not None:
                members.discard(key)
                if not members:
                    del buckets[band]


@dataclass(slots=True)
class DuplicateIndex:
    """The near-duplicate pairs among the articles indexed so far, and the LSH bands that
    find a new article's pairs without comparing it with every other (kept between builds
    so a build that adds k articles looks up k articles)."""

    indexed: dict[str, str] = field(default_factory=dict)
    """Article key -> content hash of the text its signatures came from."""
    texts: dict[str, bytes] = field(default_factory=dict)
    quotes: dict[str, bytes] = field(default_factory=dict)
    """Signatures as the bytes of their unsigned 64-bit values (plain data to keep)."""
    text_bands: _Bands = field(default_factory=lambda: _Bands.for_threshold(TEXT_THRESHOLD))
    quote_bands: _Bands = field(default_factory=lambda: _Bands.for_threshold(QUOTE_THRESHOLD))
    pairs: dict[str, set[str]] = field(default_factory=dict)

    def update(self, extractions: Sequence[Extraction]) -> None:
        """Index the articles of `extractions` that are new or changed, forget the rest."""
        current = {e.article.key: e for e in extractions}
        for key, content in list(self.indexed.items()):
            if key not in current or current[key].article.content_hash != content:
                self._remove(key)
        for key in sorted(current):
            if key not in self.indexed:
                self._add(current[key])

    def _remove(self, key: str) -> None:
        del self.indexed[key]
        text = self.texts.pop(key, None)
        if text is not None:
            self.text_bands.remove(key, text)
        quote = self.quotes.pop(key, None)
        if quote is not None:
            self.quote_bands.remove(key, quote)
        for other in self.pairs.pop(key, set()):
            near = self.pairs.get(other)
            if near is not None:
                near.discard(key)
                if not near:
                    del self.pairs[other]

    def _add(self, extraction: Extraction) -> None:
        key = extraction.article.key
        self.indexed[key] = extraction.article.content_hash
        text = _signature(extraction.text_signature)
        quote = _signature(extraction.quote_signature)
        if text is not None:
            for other in self.text_bands.query(text):
                if _jaccard(text, self.texts[other]) >= TEXT_THRESHOLD:
                    self._pair(key, other)
            self.text_bands.insert(key, text)
            self.texts[key] = text
        if quote is not None:
            for other in self.quote_bands.query(quote):
                other_text = self.texts.get(other)
                overlap = (
                    _jaccard(text, other_text)
                    if text is not None and other_text is not None
                    else 1.0
                )
                if _jaccard(quote, self.quotes[other]) >= QUOTE_THRESHOLD and (
                    overlap >= QUOTE_TEXT_FLOOR
                ):
                    self._pair(key, other)
            self.quote_bands.insert(key, quote)
            self.quotes[key] = quote

    def _pair(self, a: str, b: str) -> None:
        self.pairs.setdefault(a, set()).add(b)
        self.pairs.setdefault(b, set()).add(a)


def _signature(values: Sequence[int]) -> bytes | None:
    if len(values) != NUM_PERM:
        return None
    return np.array(values, dtype=np.uint64).tobytes()


def _jaccard(a: bytes, b: bytes) -> float:
    """The estimated Jaccard of two MinHash signatures, as `LeanMinHash.jaccard` gives it."""
    left, right = np.frombuffer(a, dtype=np.uint64), np.frombuffer(b, dtype=np.uint64)
    return float(np.count_nonzero(left == right)) / float(len(left))


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
