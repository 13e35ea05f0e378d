"""Derive `kg/ontology/gazetteer/dated_roles.csv` from the PETRARCH-2 / Phoenix actor
dictionaries: every dated role of every person `gazetteer/people.csv` knows.

    .venv/bin/python scripts/build_dated_roles.py [../shared/dictionaries/petrarch2]

A dictionary record matches a gazetteer person when one of its names equals the person's
name or an alias of two words or more (case and accents folded) and its country code is
the person's country. The source is MIT-licensed (copyright 2014 Open Event Data); its
notice is copied beside the table as `dated_roles.LICENSE`. Rerunning on the same files
writes the same bytes.
"""

from __future__ import annotations

import csv
import sys
import unicodedata
from pathlib import Path

from kg.config import ONTOLOGY_DIR
from kg.nlp.petrarch import copy_licence, read_actors, write_table

SOURCE = Path(__file__).resolve().parents[2] / "shared" / "dictionaries" / "petrarch2"
FILES = ("Phoenix.Countries.actors.txt",)
GAZETTEER = ONTOLOGY_DIR / "gazetteer"
HEADER = ("person", "wikidata", "role", "country", "from", "to")


def fold(name: str) -> str:
    """Lower case, accents off, one space between words: "Abdourahmane Tchiani"."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(plain.lower().replace(".", "").split())


def gazetteer_people() -> dict[str, tuple[str, str, str]]:
    """Folded name or alias of 2+ words -> (name, wikidata, country) of the person."""
    people: dict[str, tuple[str, str, str]] = {}
    with (GAZETTEER / "people.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            person = (row["name"].strip(), row["wikidata"].strip(), row["country"].strip())
            for name in (row["name"], *row["aliases"].split("|")):
                if len(name.split()) >= 2:
                    people.setdefault(fold(name), person)
    return people


def build(source: Path) -> list[tuple[str, ...]]:
    people = gazetteer_people()
    rows: set[tuple[str, ...]] = set()
    for filename in FILES:
        lines = (source / filename).read_text(encoding="utf-8", errors="replace").splitlines()
        for dated in read_actors(lines):
            known = [people[fold(n)] for n in dated.names if fold(n) in people]
            for name, wikidata, country in known[:1]:
                if country == dated.country:
                    rows.add(
                        (name, wikidata, dated.sector, country, dated.start or "", dated.end or "")
                    )
    return sorted(rows, key=lambda r: (r[0].casefold(), *r[1:]))


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE
    rows = build(source)
    table = GAZETTEER / "dated_roles.csv"
    write_table(table, HEADER, rows)
    copy_licence(source, table)
    sys.stdout.write(f"{len(rows)} dated roles of {len({r[0] for r in rows})} people\n")


if __name__ == "__main__":
    main()
