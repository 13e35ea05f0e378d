"""The hedge lexicon (`lexicon/hedges.csv`): hedging words and their ICD 203 likelihood band.

One source of truth for the words: `hedges.py` reads every row to grade claims, and
`modality.py` reads the rows marked `hypothetical` ("may", "could", "possible") to tell a
planned or possible act from a done one.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.config import ONTOLOGY_DIR
from kg.errors import OntologyError

BANDS = (
    "almost no chance",
    "very unlikely",
    "unlikely",
    "roughly even chance",
    "likely",
    "very likely",
    "almost certain",
)
"""The seven likelihood bands of ICD 203 (2015), least likely first."""

KINDS = frozenset({"adverb", "aux", "passive", "adjective", "modifier", "noun", "verb", "raising"})
"""Where the hedge sits in the parse relative to the claim's verb or noun (see the README)."""

DEFAULT_PATH = ONTOLOGY_DIR / "lexicon" / "hedges.csv"


@dataclass(frozen=True, slots=True)
class HedgeRow:
    """One row: a hedge phrase, the band it gives, where it sits, and whether it also
    makes the act hypothetical (not done yet)."""

    phrase: str
    band: str
    kind: str
    hypothetical: bool

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.phrase.split())


@dataclass(frozen=True, slots=True)
class HedgeLexicon:
    rows: tuple[HedgeRow, ...]

    def of_kind(self, kind: str) -> tuple[HedgeRow, ...]:
        return tuple(row for row in self.rows if row.kind == kind)

    def hypothetical_words(self, kind: str) -> frozenset[str]:
        """The single words of `kind` that make an act hypothetical ("may", "possible")."""
        return frozenset(r.phrase for r in self.of_kind(kind) if r.hypothetical)


def _row(raw: dict[str, str]) -> HedgeRow:
    phrase = " ".join(raw["phrase"].lower().split())
    band, kind = raw["band"].strip(), raw["kind"].strip()
    flag = raw["hypothetical"].strip()
    if not phrase or band not in BANDS or kind not in KINDS or flag not in ("yes", "no"):
        raise ValueError(f"phrase, band of ICD 203, kind in {sorted(KINDS)}, yes/no")
    if kind == "raising" and len(phrase.split()) < 2:
        raise ValueError(f"{phrase!r}: a raising row is a verb and its complement ('seem set to')")
    return HedgeRow(phrase, band, kind, flag == "yes")


@cache
def load_hedges(path: Path = DEFAULT_PATH) -> HedgeLexicon:
    """Read the hedge lexicon, once per process.

    >>> load_hedges().of_kind("aux")[0].band
    'roughly even chance'
    """
    rows: list[HedgeRow] = []
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            for line, raw in enumerate(csv.DictReader(handle), start=2):
                try:
                    rows.append(_row(raw))
                except (KeyError, ValueError, AttributeError) as exc:
                    raise OntologyError(f"{path}:{line}", f"bad hedge row ({exc})") from exc
    except OSError as exc:
        raise OntologyError(str(path), f"cannot read hedges ({exc.strerror})") from exc
    return HedgeLexicon(tuple(rows))
