"""Derive `kg/ontology/gazetteer/office_holders.csv` from the PETRARCH-2 / Phoenix country
actor dictionary: every dated office (government, military, legislature, judiciary,
intelligence, police) of every person it names, under all the names of two words or more
the dictionary gives them (folded: lower case, accents and full stops off).

    .venv/bin/python scripts/build_office_holders.py [../shared/dictionaries/petrarch2]

`kg.extract.roles` reads it to tie a titled person whose text names no country ("President
Reagan said", 1987) to the country they held an office of at the article's date. The source
is MIT-licensed (copyright 2014 Open Event Data); its notice is copied beside the table as
`office_holders.LICENSE`. Rerunning on the same files writes the same bytes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kg.config import ONTOLOGY_DIR
from kg.extract.role_time import OFFICE_SECTORS, fold_name
from kg.nlp.petrarch import copy_licence, read_actors, write_table

SOURCE = Path(__file__).resolve().parents[2] / "shared" / "dictionaries" / "petrarch2"
FILE = "Phoenix.Countries.actors.txt"
TABLE = ONTOLOGY_DIR / "gazetteer" / "office_holders.csv"
HEADER = ("names", "role", "country", "from", "to")


def build(source: Path) -> list[tuple[str, ...]]:
    lines = (source / FILE).read_text(encoding="utf-8", errors="replace").splitlines()
    rows: set[tuple[str, ...]] = set()
    for dated in read_actors(lines):
        if not dated.sector.startswith(OFFICE_SECTORS) or not (dated.start or dated.end):
            continue
        names = sorted({fold_name(n) for n in dated.names if len(fold_name(n).split()) >= 2})
        if names:
            dates = (dated.start or "", dated.end or "")
            rows.add(("|".join(names), dated.sector, dated.country, *dates))
    return sorted(rows)


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE
    rows = build(source)
    write_table(TABLE, HEADER, rows)
    copy_licence(source, TABLE)
    sys.stdout.write(f"{len(rows)} dated offices\n")


if __name__ == "__main__":
    main()
