"""Derive `lexicon/relevance.csv`, the cues of the relevance test (`kg.extract.relevance`).

    .venv/bin/python scripts/build_relevance_lexicon.py ../shared/dictionaries/petrarch2

The table has two kinds of rows, told apart by `source`:

- `phoenix`: the phrases of `Phoenix.discards.txt` (PETRARCH-2 / Phoenix, MIT, copyright
  Open Event Data). A phrase marked `+` there discards the whole story (`scope` `story`),
  the others the sentence they occur in (`scope` `sentence`). Left out: bare years and
  "years ago" phrases (they date a sentence, they do not make it unpolitical) and the
  few phrases that are political news in the corpora we read (`_POLITICAL_IN_NEWS`).
- `kg`: the project's own cues, curated by hand in the table itself and kept as they are
  by a rerun: business, market, commodity and sports words (`scope` `cue`) and the
  political words they are weighed against (`topic` `political`).

The Phoenix notice is copied beside the table as `relevance.LICENSE`. Rerunning on the
same files writes the same bytes.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import sys
from pathlib import Path

from kg.config import ONTOLOGY_DIR

HEADER = ("phrase", "topic", "scope", "source")

# Political news in the 1980s-2020s wires, whatever PETRARCH's coders discarded them for.
_POLITICAL_IN_NEWS = frozenset(
    {
        "anita hill",
        "oliver north",
        "presidential debate",
        "presidential vote recount",
        "poll published",
        "rick lazio",
        "world trade center",
        "made a joke about having a bomb",
    }
)
_DATE_PHRASE = re.compile(r"^#?\d+$|\b(ago|later)$")


def phoenix_rows(discards: Path) -> list[tuple[str, str, str, str]]:
    """The discard phrases of `Phoenix.discards.txt` as `(phrase, topic, scope, source)`."""
    rows: dict[str, tuple[str, str, str, str]] = {}
    for line in discards.read_text(encoding="utf-8").splitlines():
        text = line.split("#", 1)[0].strip() if not line.startswith("#") else ""
        if not text:
            continue
        scope = "story" if text.startswith("+") else "sentence"
        phrase = " ".join(text.lstrip("+").replace("_", " ").split()).lower()
        if not phrase or _DATE_PHRASE.search(phrase) or phrase in _POLITICAL_IN_NEWS:
            continue
        # the same phrase as a story and a sentence discard: the story mark is the stronger
        if rows.get(phrase, ("", "", "sentence"))[2] != "story":
            rows[phrase] = (phrase, "offtopic", scope, "phoenix")
    return sorted(rows.values())


def curated_rows(table: Path) -> list[tuple[str, str, str, str]]:
    """The project's own rows of an existing table (every row not from Phoenix)."""
    if not table.is_file():
        return []
    with table.open(encoding="utf-8", newline="") as handle:
        return [
            (row["phrase"], row["topic"], row["scope"], row["source"])
            for row in csv.DictReader(handle)
            if row["source"] != "phoenix"
        ]


def render(rows: list[tuple[str, str, str, str]]) -> str:
    """The table as the lexicon README asks: CRLF, quoted where needed, sorted."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(sorted(set(rows)))
    return out.getvalue()


def _write(path: Path, text: str) -> None:
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_text(text, encoding="utf-8", newline="")
    os.replace(temporary, path)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        sys.stderr.write(__doc__ + "\n")
        return 2
    source = Path(argv[1])
    table = ONTOLOGY_DIR / "lexicon" / "relevance.csv"
    rows = curated_rows(table) + phoenix_rows(source / "Phoenix.discards.txt")
    _write(table, render(rows))
    shutil.copyfile(source / "LICENSE", table.with_name("relevance.LICENSE"))
    sys.stderr.write(f"{table}: {len(set(rows))} rows" + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
