"""Derive the project's lexicons and gazetteers from the PETRARCH-2 / Phoenix dictionaries.

    .venv/bin/python scripts/build_petrarch_lexicons.py \\
        ../shared/dictionaries/petrarch2 \\
        ../shared/benchmarks/plover_gsr/cameo_to_plover_2021.jsonl

Writes, each through a temporary file renamed into place:

- `lexicon/triggers_petrarch.csv`: verb triggers from `CAMEO.2.0.txt`. A verb's CAMEO code
  goes to its PLOVER event and mode (`cameo_to_plover_2021.jsonl`, longest code prefix),
  then to a kg relation by `lexicon/plover_relations.csv`; codes with no relation there are
  skipped. Kept: the bare verb (target: its object), verb + preposition (target: the
  preposition's object), verb + object noun + preposition ("fire missiles at"). Lemmas in
  `lexicon/triggers_petrarch_exclude.csv` are left out. The curated `triggers.csv` wins
  over these rows when both know a lemma (`kg.extract.triggers`).
- `lexicon/discards.csv`: the phrases of `Phoenix.discards.txt` that mark a story as
  sports, entertainment or other non-political news.
- `lexicon/agents_petrarch.csv`: the agent nouns of `Phoenix.agents.txt` with their sector.
- `gazetteer/blocs_petrarch.csv`, `gazetteer/armed_groups_petrarch.csv`: international
  organisations and non-state armed groups of the actor dictionaries.

The source is MIT-licensed (copyright Open Event Data); its notice is copied beside each
derived table as `<table>.LICENSE`. Rerunning on the same files writes the same bytes.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pycountry

from kg.config import ONTOLOGY_DIR
from kg.nlp.petrarch import (
    ActorRecord,
    VerbPattern,
    copy_licence,
    display_name,
    particle_verbs,
    read_agents,
    read_discards,
    read_records,
    read_verb_patterns,
    write_table,
)

LEXICON = ONTOLOGY_DIR / "lexicon"
GAZETTEER = ONTOLOGY_DIR / "gazetteer"
TRIGGER_HEADER = ("relation", "lemma", "pos", "noun", "preps", "confidence", "inverse", "subjects")
BARE_CONFIDENCE = 0.6
"""Below the curated rows (0.6 to 0.9): a dictionary verb was coded for wire leads, where a
curated trigger was checked against news sentences."""
PATTERN_CONFIDENCE = 0.55
"""A verb + noun + preposition reading leans on the parse attaching all three right."""

Row = tuple[str, ...]


def read_plover(path: Path) -> dict[str, tuple[str, str]]:
    """CAMEO code -> (PLOVER event, mode) from the crosswalk, the first row of a code winning."""
    codes: dict[str, tuple[str, str]] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                mode = record.get("plover_mode") or ""
                codes.setdefault(record["cameo_code"], (record["plover_event"], mode))
    return codes


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@dataclass(frozen=True, slots=True)
class Mapping:
    """A PLOVER event and mode's kg relation, and the prepositions that introduce its
    target ("fire at", "meet with"): a pattern's other prepositions only condition the
    verb in PETRARCH ("accused ... for"), so a row on them would take the wrong target."""

    relation: str
    target_preps: frozenset[str]


def relation_of(
    code: str, plover: dict[str, tuple[str, str]], mappings: dict[tuple[str, str], Mapping]
) -> Mapping | None:
    """The kg relation of a CAMEO code, through its longest known prefix's PLOVER event."""
    for length in range(len(code), 1, -1):
        if code[:length] in plover:
            return mappings.get(plover[code[:length]])
    return None


def noun_forms(nouns: Iterable[str]) -> list[str]:
    """The dictionary's nouns and their singulars: spaCy compares lemmas ("sanctions")."""
    forms: dict[str, None] = {}
    for noun in nouns:
        forms[noun] = None
        if noun.endswith("s") and not noun.endswith("ss") and len(noun) > 3:
            forms[noun[:-1]] = None
    return sorted(forms)


def trigger_rows(
    patterns: Iterable[VerbPattern],
    plover: dict[str, tuple[str, str]],
    mappings: dict[tuple[str, str], Mapping],
    excluded: frozenset[str],
    particle_verbs: frozenset[str] = frozenset(),
) -> list[Row]:
    """One row per (relation, lemma, preposition), the object nouns of a relation pooled.

    A bare verb the dictionary also lists with an adverb particle ("kick off") is left
    out: the lemma alone cannot tell the two apart. A bare verb counts only with a code of
    its own: a block's code also covers verbs
    coded for one sense among many ("devastate", "pit", "notify"; measured on AG News World
    items outside the golds, about one in five right). A pattern of an object noun alone
    is left out: PETRARCH applies a block's patterns to
    every verb of the block, and without a preposition to take the target from, the row
    would read the noun's own modifiers as the target ("denounce detention" coded as
    release). Measured: those rows cost more precision than they gave recall.
    """
    bare: set[tuple[str, str, str]] = set()
    with_nouns: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for pattern in patterns:
        mapping = relation_of(pattern.code, plover, mappings)
        if mapping is None or pattern.lemma in excluded:
            continue
        if (
            (pattern.prep and pattern.prep not in mapping.target_preps)
            or (pattern.nouns and not pattern.prep)
            or pattern.inherited
            or (pattern.lemma in particle_verbs and not pattern.prep and not pattern.nouns)
        ):
            continue
        key = (mapping.relation, pattern.lemma, pattern.prep)
        if pattern.nouns:
            with_nouns[key].update(pattern.nouns)
        else:
            bare.add(key)
    rows: set[Row] = set()
    for relation, lemma, prep in bare:
        rows.add((relation, lemma, "VERB", "", prep, f"{BARE_CONFIDENCE}", "", ""))
    for (relation, lemma, prep), nouns in with_nouns.items():
        if (relation, lemma, prep) in bare:
            continue  # the verb and preposition already give that relation, whatever the object
        joined = "|".join(noun_forms(nouns))
        rows.add((relation, lemma, "VERB", joined, prep, f"{PATTERN_CONFIDENCE}", "", ""))
    return sorted(rows)


def build_triggers(source: Path, crosswalk: Path) -> list[Row]:
    mappings = {
        (row["plover_event"].strip(), row["plover_mode"].strip()): Mapping(
            row["relation"].strip(), frozenset(p for p in row["target_preps"].split("|") if p)
        )
        for row in read_csv(LEXICON / "plover_relations.csv")
    }
    excluded = frozenset(
        row["lemma"].strip().lower() for row in read_csv(LEXICON / "triggers_petrarch_exclude.csv")
    )
    lines = (source / "CAMEO.2.0.txt").read_text(encoding="utf-8", errors="replace").splitlines()
    return trigger_rows(
        read_verb_patterns(lines),
        read_plover(crosswalk),
        mappings,
        excluded,
        particle_verbs(lines),
    )


GAZETTEER_HEADER = ("name", "wikidata", "aliases", "cameo")


MIN_ACRONYM = 4
"""Acronyms of three letters collide across fields ("IRA" the savings account, "EPA" the
US agency: both read as armed groups in AG News items outside the golds); the curated
gazetteers carry the well-known short ones."""


def record_names(record: ActorRecord) -> list[str]:
    """A record's names in news casing, the primary first: names of two words or more and
    acronyms of `MIN_ACRONYM` letters or more (one word, "Struggle", names no actor)."""
    names: dict[str, None] = {}
    for phrase in record.phrases:
        name, acronyms = display_name(phrase)
        for candidate in (name, *acronyms):
            if len(candidate.split()) >= 2 or is_acronym(candidate):
                names.setdefault(candidate, None)
    return list(names)


COUNTRY_NAMES = frozenset(
    name.casefold()
    for country in pycountry.countries
    for name in (country.name, getattr(country, "common_name", country.name))
)
"""A country's name in capitals ("(GREECE)" after a group's name) is no acronym."""


def is_acronym(name: str) -> bool:
    letters = name.replace(".", "")
    return (
        name.isupper()
        and " " not in name
        and len(letters) >= MIN_ACRONYM
        and name.casefold() not in COUNTRY_NAMES
    )


def names_an_organisation(name: str, words: frozenset[str]) -> bool:
    """The dictionaries list people, dates and nicknames beside groups: an organisation's
    name is an acronym or holds one of `words` ("Abu Al-Rish Brigades", not "Abu
    Abdullah", "17 November" or "La Liga").

    >>> words = frozenset({"brigades"})
    >>> [names_an_organisation(n, words) for n in ("Abu Al-Rish Brigades", "La Liga", "AAIA")]
    [True, False, True]
    """
    return is_acronym(name) or bool(words & set(name.lower().split()))


def gazetteer_rows(
    records: Iterable[ActorRecord],
    keep: Callable[[ActorRecord], bool],
    words: frozenset[str],
    unfit: frozenset[str],
    excluded: frozenset[str] = frozenset(),
) -> list[Row]:
    """One row per record kept, its first organisation name the name; a name two records
    give goes to the first (the dictionaries list some groups twice). Names in `unfit`
    (the discard list's) and descriptions ("The Holy Men") are left out; a record with a
    name in `excluded` (`lexicon/petrarch_actor_exclude.csv`) is left out whole."""
    rows: list[Row] = []
    seen = set(unfit)
    for record in records:
        if not record.codes or not keep(record):
            continue
        spelled = [n for n in record_names(record) if not is_acronym(n)]
        if any(n.casefold() in excluded for n in record_names(record)) or (
            spelled and not any(names_an_organisation(n, words) for n in spelled)
        ):
            continue  # "SAFTA" spelled out is a Free Trade Agreement: no organisation
        names = [
            n
            for n in record_names(record)
            if n.casefold() not in seen
            and not n.startswith(("The ", "the "))
            and names_an_organisation(n, words)
        ]
        if names:
            seen.update(n.casefold() for n in names)
            rows.append((names[0], "", "|".join(sorted(names[1:])), record.codes[0]))
    return sorted(rows, key=lambda r: (r[0].casefold(), r))


def name_words(*kinds: str) -> frozenset[str]:
    """Words that make a phrase an organisation's name (`lexicon/petrarch_name_words.csv`)."""
    return frozenset(
        row["word"].strip().lower()
        for row in read_csv(LEXICON / "petrarch_name_words.csv")
        if row["kind"].strip() in kinds
    )


def build_armed_groups(source: Path, unfit: frozenset[str], excluded: frozenset[str]) -> list[Row]:
    """The groups of the non-state military dictionary."""
    lines = (source / "Phoenix.MilNonState.actors.txt").read_text(
        encoding="utf-8", errors="replace"
    )
    records = read_records(lines.splitlines())
    words = name_words("armed", "organisation")
    return gazetteer_rows(records, lambda record: True, words, unfit, excluded)


def build_blocs(source: Path, unfit: frozenset[str], excluded: frozenset[str]) -> list[Row]:
    """The intergovernmental organisations (IGO codes only) of the international dictionary."""
    lines = (source / "Phoenix.International.actors.txt").read_text(
        encoding="utf-8", errors="replace"
    )
    return gazetteer_rows(
        read_records(lines.splitlines()),
        lambda record: all(code.startswith("IGO") for code in record.codes),
        name_words("organisation"),
        unfit,
        excluded,
    )


def build_agents(source: Path) -> list[Row]:
    lines = (source / "Phoenix.agents.txt").read_text(encoding="utf-8", errors="replace")
    rows = {(a.phrase, "|".join(a.plurals), a.sector) for a in read_agents(lines.splitlines())}
    return sorted(rows)


def build_discards(source: Path) -> list[Row]:
    lines = (source / "Phoenix.discards.txt").read_text(encoding="utf-8", errors="replace")
    rows = {
        (d.phrase, "story" if d.story else "sentence", "word" if d.word else "stem")
        for d in read_discards(lines.splitlines())
    }
    return sorted(rows)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        sys.stderr.write(__doc__ or "")
        return 2
    source, crosswalk = Path(argv[0]), Path(argv[1])
    triggers = build_triggers(source, crosswalk)
    table = LEXICON / "triggers_petrarch.csv"
    write_table(table, TRIGGER_HEADER, triggers)
    copy_licence(source, table)
    lemmas = len({r[1] for r in triggers})
    sys.stdout.write(f"{len(triggers)} trigger rows for {lemmas} verbs\n")
    discards = build_discards(source)
    unfit = frozenset(row[0].casefold() for row in discards)
    excluded = frozenset(
        row["name"].strip().casefold() for row in read_csv(LEXICON / "petrarch_actor_exclude.csv")
    )
    tables: list[tuple[Path, Row, list[Row]]] = [
        (
            GAZETTEER / "armed_groups_petrarch.csv",
            GAZETTEER_HEADER,
            build_armed_groups(source, unfit, excluded),
        ),
        (GAZETTEER / "blocs_petrarch.csv", GAZETTEER_HEADER, build_blocs(source, unfit, excluded)),
        (LEXICON / "agents_petrarch.csv", ("agent", "plurals", "sector"), build_agents(source)),
        (LEXICON / "discards.csv", ("phrase", "scope", "match"), discards),
    ]
    for path, header, rows in tables:
        write_table(path, header, rows)
        copy_licence(source, path)
        sys.stdout.write(f"{len(rows)} rows in {path.name}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
