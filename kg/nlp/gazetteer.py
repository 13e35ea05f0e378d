"""Read the curated gazetteers and lexicons in `ontology/` into plain lookup tables.

States come from pycountry, corrected and extended by `gazetteer/states.csv` (news
names, aliases, demonyms, capitals, Wikidata ids). Blocs, armed groups, organizations
and places come from their own CSV files; blocs and armed groups derived from the
PETRARCH-2 / Phoenix dictionaries (`*_petrarch.csv`) add names the curated files lack.
Nothing here touches spaCy.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import pycountry

from kg.errors import OntologyError
from kg.text import slugify
from kg.vocab import ActorClass, Relation


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer actor: its key, preferred name, class, names and Wikidata id."""

    key: str
    name: str
    cls: ActorClass
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    state: str | None = None
    """For places and capitals: the key of the State they lie in, where known."""
    role: str | None = None
    """For people of the curated list: the office it gives them (people.csv `role`)."""


@dataclass(frozen=True, slots=True)
class Role:
    """A title or role word that types a person and links them to a polity."""

    title: str
    role: str
    relation: Relation
    person_class: ActorClass


@dataclass(frozen=True, slots=True)
class GovernmentPattern:
    """A phrase naming a governing body of a State ("junta", "foreign ministry")."""

    pattern: str
    role: str
    is_regime: bool


@dataclass(frozen=True, slots=True)
class Era:
    """A State that no longer exists: what its capital and its successor's code meant
    before the day it ended (`until`, ISO)."""

    key: str
    until: str
    capitals: tuple[str, ...] = ()
    """Capital keys that spoke for this State ("Moscow" for the Soviet Union)."""
    successor_code: str | None = None
    """The alpha-3 code of the State that continues it, which event-coding dictionaries
    use for both ("DEU" for West Germany's and Germany's office holders)."""
    seats: tuple[str, ...] = ()
    """Names of the successor that were this State's: its seats of power (metonyms.csv,
    "Kremlin") and names both had ("Federal Republic of Germany")."""


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Every lookup table the pipeline needs, keyed for fast access."""

    entries: dict[str, Entry]
    demonyms: dict[str, str]
    """Adjective -> State key ("Nigerien" -> the key of Niger)."""
    capitals: dict[str, str]
    """Capital city key -> State key, for metonymy ("Washington said")."""
    alpha3: dict[str, str]
    """ISO alpha-3 code -> State key."""
    roles: dict[str, Role]
    """Lower-cased title or abbreviation -> role."""
    honorifics: frozenset[str]
    organization_kinds: tuple[tuple[str, ActorClass], ...]
    """Name keywords that type an unknown organization ("militia" -> ArmedGroup)."""
    institution_names: frozenset[str]
    """Government patterns that are names in their own right ("supreme court")."""
    non_actor_words: frozenset[str]
    """Last words that make a name an event or document, not an actor ("Games", "Treaty")."""
    government_patterns: tuple[GovernmentPattern, ...]
    surface_index: dict[str, str] = field(default_factory=dict)
    """Every name and alias -> entry key (first one wins for the rare clash)."""
    folded_index: dict[str, str] = field(default_factory=dict)
    """Case-folded names of 4+ letters -> key, to read "NIAMEY" in a model entity."""
    eras: tuple[Era, ...] = ()
    """States that no longer exist; `as_of` reads capitals and codes at an article's date."""
    party_members: dict[str, str] = field(default_factory=dict)
    """A party's members as news names the party ("the Christian Democrats demanded",
    "Republican tactics"), lower-cased plural or singular -> the plural, its label."""
    seat_states: dict[str, str] = field(default_factory=dict)
    """In a dated view: seat names that spoke for a State since ended ("Kremlin" -> the
    Soviet Union); the ruler tags them with today's State."""


def entry_key(name: str, wikidata: str | None) -> str:
    """Mint the resolution key of a gazetteer actor: its Wikidata id, else its name.

    >>> entry_key("Niger", "Q1032"), entry_key("Volunteers", None)
    ('wd:Q1032', 'gaz:volunteers')
    """
    return f"wd:{wikidata}" if wikidata else f"gaz:{slugify(name)}"


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split("|") if v.strip())


def _rows(path: Path) -> Iterator[dict[str, str]]:
    if not path.is_file():
        return
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            yield from csv.DictReader(handle)
    except (UnicodeDecodeError, csv.Error) as exc:
        raise OntologyError(str(path), f"cannot read CSV ({exc})") from exc


def _qid(value: str | None) -> str | None:
    value = (value or "").strip()
    return value if re.fullmatch(r"Q[0-9]+", value) else None


def _load_states(folder: Path, gaz: _Builder) -> None:
    """Curated sovereign states; pycountry's other entries (territories) become Places.
    States that no longer exist (an `until` date) come after today's, so a capital both
    had ("Moscow") speaks for today's State unless the article's date says otherwise."""
    curated = {row["alpha3"].strip(): row for row in _rows(folder / "states.csv")}
    by_era = sorted(curated.items(), key=lambda item: (bool(_until(item[1])), item[0]))
    for alpha3, row in by_era:
        gaz.add_state(
            alpha3,
            row["name"].strip(),
            _split(row.get("aliases")),
            _split(row.get("demonyms")),
            _qid(row.get("wikidata")),
            _split(row.get("capital")),
            _qid(row.get("capital_wikidata")),
        )
        if _until(row):
            gaz.add_era(alpha3, row, _split(row.get("capital")), _qid(row.get("capital_wikidata")))
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        if country.alpha_3 in curated:
            continue
        name = getattr(country, "common_name", None) or country.name
        aliases = tuple({country.name} - {name})
        gaz.add(Entry(entry_key(name, None), name, ActorClass.PLACE, aliases))
    if not curated:  # no curated file: fall back to pycountry for the states themselves
        raise OntologyError(str(folder / "states.csv"), "no states listed")


def _until(row: dict[str, str]) -> str | None:
    value = (row.get("until") or "").strip()
    return value if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value) else None


class _Builder:
    """Collects entries while the files are read; `freeze` makes the Gazetteer."""

    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}
        self.alpha3: dict[str, str] = {}
        self.demonyms: dict[str, str] = {}
        self.capitals: dict[str, str] = {}
        self.eras: list[Era] = []
        self.seats: dict[str, list[str]] = {}

    def add(self, entry: Entry) -> None:
        known = self.entries.get(entry.key)
        if known is not None:  # the same Wikidata id listed twice: keep the first, pool names
            aliases = tuple(dict.fromkeys((*known.aliases, entry.name, *entry.aliases)))
            entry = Entry(known.key, known.name, known.cls, aliases, known.wikidata, known.state)
        self.entries[entry.key] = entry

    def add_state(
        self,
        alpha3: str,
        name: str,
        aliases: tuple[str, ...],
        demonyms: tuple[str, ...],
        wikidata: str | None,
        capital: tuple[str, ...],
        capital_wikidata: str | None,
    ) -> None:
        key = entry_key(name, wikidata)
        self.alpha3[alpha3] = key
        self.add(
            Entry(key, name, ActorClass.STATE, tuple(a for a in aliases if a != name), wikidata)
        )
        for demonym in demonyms:
            self.demonyms.setdefault(demonym, key)
        if capital:
            cap_key = entry_key(capital[0], capital_wikidata)
            self.add(
                Entry(cap_key, capital[0], ActorClass.PLACE, capital[1:], capital_wikidata, key)
            )
            self.capitals.setdefault(cap_key, key)

    def add_era(
        self, alpha3: str, row: dict[str, str], capital: tuple[str, ...], wikidata: str | None
    ) -> None:
        """A State that ended: its capital, undated, speaks for the State that continues it
        ("Bonn" for Germany), and is a place of that State."""
        key = self.alpha3[alpha3]
        successor_code = (row.get("successor") or "").strip()
        successor = self.alpha3.get(successor_code)
        cap_key = entry_key(capital[0], wikidata) if capital else None
        if cap_key is not None and successor is not None:
            if self.capitals[cap_key] == key:
                self.capitals[cap_key] = successor
            place = self.entries[cap_key]
            if place.state == key:
                self.entries[cap_key] = Entry(
                    place.key, place.name, place.cls, place.aliases, place.wikidata, successor
                )
        until = _until(row) or ""
        capitals = (cap_key,) if cap_key else ()
        self.eras.append(Era(key, until, capitals, successor_code if successor else None))


def _add_plain(folder: Path, filename: str, cls: ActorClass | None, gaz: _Builder) -> None:
    for row in _rows(folder / filename):
        name = row["name"].strip()
        if not name:
            continue
        row_cls = cls or ActorClass(row.get("class", "Organization").strip() or "Organization")
        wikidata = _qid(row.get("wikidata"))
        state = gaz.alpha3.get((row.get("country") or "").strip())
        gaz.add(
            Entry(
                entry_key(name, wikidata),
                name,
                row_cls,
                _split(row.get("aliases")),
                wikidata,
                state,
                (row.get("role") or "").strip() or None,
            )
        )


def _add_derived(folder: Path, filename: str, cls: ActorClass, gaz: _Builder) -> None:
    """Rows derived from event-coding dictionaries (`*_petrarch.csv`, built by
    `scripts/build_petrarch_lexicons.py`), after every curated file: a name the curated
    gazetteers already give keeps its curated actor, so a derived row naming it is left
    out, and a derived alias it shares is dropped."""
    known = {s.casefold() for e in gaz.entries.values() for s in (e.name, *e.aliases)}
    for row in _rows(folder / filename):
        name = row["name"].strip()
        if not name or name.casefold() in known:
            continue
        aliases = tuple(a for a in _split(row.get("aliases")) if a.casefold() not in known)
        wikidata = _qid(row.get("wikidata"))
        gaz.add(Entry(entry_key(name, wikidata), name, cls, aliases, wikidata))
        known.update(s.casefold() for s in (name, *aliases))


def _load_metonyms(folder: Path, gaz: _Builder) -> None:
    """Seats of power speak for their State ("the Kremlin" is Russia, as "Washington" is
    the United States): their names become aliases of the State."""
    for row in _rows(folder / "metonyms.csv"):
        state = gaz.alpha3.get(row["alpha3"].strip())
        if state is not None:
            names = (row["name"].strip(), *_split(row.get("aliases")))
            gaz.seats.setdefault(row["alpha3"].strip(), []).extend(names)
            entry = gaz.entries[state]
            gaz.entries[state] = Entry(
                entry.key, entry.name, entry.cls, (*entry.aliases, *names), entry.wikidata
            )


def _load_party_members(folder: Path) -> dict[str, str]:
    members: dict[str, str] = {}
    for row in _rows(folder / "party_members.csv"):
        name = row["name"].strip()
        for form in (name, *_split(row.get("singular"))):
            members[form.lower()] = name
    return members


def _load_org_kinds(folder: Path) -> tuple[tuple[str, ActorClass], ...]:
    return tuple(
        (row["keyword"].strip().lower(), ActorClass(row["class"].strip()))
        for row in _rows(folder / "organization_kinds.csv")
        if row.get("keyword", "").strip()
    )


def _load_roles(folder: Path) -> dict[str, Role]:
    roles: dict[str, Role] = {}
    for row in _rows(folder / "roles.csv"):
        try:
            relation = Relation(row["relation"].strip())
            person_class = ActorClass(row.get("person_class", "Official").strip() or "Official")
        except ValueError as exc:
            raise OntologyError(str(folder / "roles.csv"), f"bad row {row!r}: {exc}") from exc
        role = Role(row["title"].strip(), row["role"].strip().lower(), relation, person_class)
        for surface in (role.title, *_split(row.get("abbreviations"))):
            roles.setdefault(surface.lower(), role)
    return roles


def _load_government_patterns(folder: Path) -> tuple[GovernmentPattern, ...]:
    patterns = [
        GovernmentPattern(
            row["pattern"].strip().lower(),
            (row.get("role") or row["pattern"]).strip().lower(),
            (row.get("kind") or "").strip() == "regime",
        )
        for row in _rows(folder / "government_patterns.csv")
        if row.get("pattern", "").strip()
    ]
    return tuple(sorted(patterns, key=lambda p: (-len(p.pattern), p.pattern)))


@cache
def load_gazetteer(ontology_dir: Path) -> Gazetteer:
    """Read every gazetteer and lexicon under `ontology_dir` (cached per folder)."""
    folder = ontology_dir / "gazetteer"
    lexicon = ontology_dir / "lexicon"
    if not ontology_dir.is_dir():
        raise OntologyError(str(ontology_dir), "ontology folder not found")
    gaz = _Builder()
    _load_states(folder, gaz)
    _add_plain(folder, "blocs.csv", ActorClass.BLOC, gaz)
    _add_plain(folder, "armed_groups.csv", ActorClass.ARMED_GROUP, gaz)
    _add_plain(folder, "organizations.csv", None, gaz)
    _add_plain(folder, "places.csv", ActorClass.PLACE, gaz)
    _add_plain(folder, "people.csv", ActorClass.OFFICIAL, gaz)
    _load_metonyms(folder, gaz)
    _add_derived(folder, "blocs_petrarch.csv", ActorClass.BLOC, gaz)
    _add_derived(folder, "armed_groups_petrarch.csv", ActorClass.ARMED_GROUP, gaz)
    surface_index: dict[str, str] = {}
    for key, entry in sorted(gaz.entries.items(), key=lambda kv: _class_rank(kv[1].cls)):
        for surface in (entry.name, *entry.aliases):
            surface_index.setdefault(surface, key)
    folded_index: dict[str, str] = {}
    for surface, key in surface_index.items():
        if len(surface) >= 4:
            folded_index.setdefault(surface.casefold(), key)
    honorifics = frozenset(
        row["honorific"].strip() for row in _rows(lexicon / "honorifics.csv") if row["honorific"]
    )
    return Gazetteer(
        entries=gaz.entries,
        demonyms=gaz.demonyms,
        capitals=gaz.capitals,
        alpha3=gaz.alpha3,
        roles=_load_roles(lexicon),
        honorifics=honorifics or frozenset({"Mr.", "Mrs.", "Ms.", "Dr.", "Mr", "Mrs", "Ms", "Dr"}),
        government_patterns=_load_government_patterns(lexicon),
        organization_kinds=_load_org_kinds(lexicon),
        institution_names=frozenset(
            p.pattern for p in _load_government_patterns(lexicon) if not p.is_regime
        ),
        non_actor_words=frozenset(
            row["word"].strip().lower() for row in _rows(lexicon / "non_actor_words.csv")
        ),
        surface_index=surface_index,
        folded_index=folded_index,
        party_members=_load_party_members(lexicon),
        eras=tuple(_with_seats(era, gaz) for era in gaz.eras),
    )


def _with_seats(era: Era, gaz: _Builder) -> Era:
    """The names an ended State shared with the State that continues it: the successor's
    seats of power ("Kremlin") and names both had ("Federal Republic of Germany")."""
    successor = gaz.alpha3.get(era.successor_code or "")
    if successor is None:
        return era
    old, new = gaz.entries[era.key], gaz.entries[successor]
    shared = {old.name, *old.aliases} & {new.name, *new.aliases}
    seats = (*gaz.seats.get(era.successor_code or "", ()), *sorted(shared))
    return replace(era, seats=seats)


_VIEWS: dict[tuple[int, tuple[str, ...]], tuple[Gazetteer, Gazetteer]] = {}
"""(id of a gazetteer, the ended States of a date) -> (that gazetteer, its dated view)."""


def as_of(gazetteer: Gazetteer, published: str | None) -> Gazetteer:
    """The gazetteer as a news reader of the article's date (ISO) reads it: before the
    Soviet Union ended, "Moscow said" is the Soviet Union and an office holder coded
    "RUS" by the event-coding dictionaries held a Soviet office. Undated, today's States.
    The views are cached, one per set of States the date falls in.

    >>> from kg.config import ONTOLOGY_DIR
    >>> gaz = load_gazetteer(ONTOLOGY_DIR)
    >>> moscow = gaz.surface_index["Moscow"]
    >>> [gaz.entries[as_of(gaz, day).capitals[moscow]].name for day in ("1987-03-02", None)]
    ['Soviet Union', 'Russia']
    """
    day = (published or "")[:10]
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", day):
        return gazetteer
    eras = tuple(era for era in gazetteer.eras if day < era.until)
    if not eras:
        return gazetteer
    cache_key = (id(gazetteer), tuple(era.key for era in eras))
    cached = _VIEWS.get(cache_key)
    if cached is None or cached[0] is not gazetteer:  # an id reused by a newer gazetteer
        cached = (gazetteer, _dated_view(gazetteer, eras))
        _VIEWS[cache_key] = cached
    return cached[1]


def _dated_view(gazetteer: Gazetteer, eras: tuple[Era, ...]) -> Gazetteer:
    capitals = dict(gazetteer.capitals)
    alpha3 = dict(gazetteer.alpha3)
    seats: dict[str, str] = {}
    claims = Counter(era.successor_code for era in eras if era.successor_code)
    for era in eras:
        for capital in era.capitals:
            capitals[capital] = era.key
        if era.successor_code and claims[era.successor_code] == 1:
            alpha3[era.successor_code] = era.key
            seats.update(dict.fromkeys(era.seats, era.key))
    return replace(gazetteer, capitals=capitals, alpha3=alpha3, seat_states=seats)


_RANK = [
    ActorClass.STATE,
    ActorClass.BLOC,
    ActorClass.ARMED_GROUP,
    ActorClass.GOVERNMENT,
    ActorClass.ORGANIZATION,
    ActorClass.PLACE,
    ActorClass.OFFICIAL,
    ActorClass.PERSON,
]


def _class_rank(cls: ActorClass) -> int:
    """States win a clash of names (a country over a same-named city), places lose."""
    return _RANK.index(cls)
