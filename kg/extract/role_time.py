"""Roles in time: whether a `leaderOf` / `officialOf` role holds at the article's date.

Two sources, the text first:
- cue words (`lexicon/role_status.csv`): a modifier of the title ("former president",
  "ousted", "ex-minister", "then-President") or a verb whose object the person is ("the
  soldiers who ousted X", "reinstate X", "X, who was overthrown");
- the dated roles of `gazetteer/dated_roles.csv` (from the PETRARCH-2 dictionaries, by
  `scripts/build_dated_roles.py`): an office range holding the article's date gives
  `current` with its dates, one that ended before it `former`.
A text cue wins over the table; with neither, the role is `current` (news names people by
the title they hold).
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from spacy.tokens import Token

from kg.config import ONTOLOGY_DIR
from kg.errors import OntologyError
from kg.nlp.gazetteer import Gazetteer

CURRENT, FORMER = "current", "former"
STATUSES = (CURRENT, FORMER)
DEFAULT_CUES = ONTOLOGY_DIR / "lexicon" / "role_status.csv"
DEFAULT_DATED = ONTOLOGY_DIR / "gazetteer" / "dated_roles.csv"
DEFAULT_HOLDERS = ONTOLOGY_DIR / "gazetteer" / "office_holders.csv"
SNAPSHOT = "2014-01-30"
"""When the PETRARCH-2 country dictionaries were generated: an open range (`>date`) says the
role held then, and nothing about later dates."""
OFFICE_SECTORS = ("GOV", "MIL", "LEG", "JUD", "SPY", "COP")
"""CAMEO sectors that are offices; ELI (elite), OPP, REB and the like are not."""
_OBJECT_DEPS = frozenset({"dobj", "nsubjpass"})


@dataclass(frozen=True, slots=True)
class RoleCues:
    """Cue word -> status: `modifiers` of a title, lemmas of `verbs` acting on the holder,
    and the starts of words naming a `seizure` of power in a body ("junta", "coup leaders")."""

    modifiers: dict[str, str]
    verbs: dict[str, str]
    seizures: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RoleTime:
    """A role's status at the article's date (None: not known), and the dates it held
    where known (ISO)."""

    status: str | None
    valid_from: str | None = None
    valid_to: str | None = None


@dataclass(frozen=True, slots=True)
class DatedRole:
    role: str
    country: str
    start: str | None
    end: str | None


def _read(path: Path, what: str) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise OntologyError(str(path), f"cannot read {what} ({exc})") from exc


@cache
def load_role_cues(path: Path = DEFAULT_CUES) -> RoleCues:
    """Read the cue words, once per process.

    >>> cues = load_role_cues()
    >>> cues.modifiers["ousted"], cues.verbs["overthrow"], cues.modifiers["outgoing"]
    ('former', 'former', 'current')
    """
    cues: dict[str, dict[str, str]] = {"modifier": {}, "verb": {}, "seizure": {}}
    for line, row in enumerate(_read(path, "role status cues"), start=2):
        cue, status, kind = (row.get(k, "").strip() for k in ("cue", "status", "kind"))
        if not cue or status not in STATUSES or kind not in cues:
            raise OntologyError(f"{path}:{line}", "bad cue row (cue, current/former, kind)")
        cues[kind][cue.lower()] = status
    return RoleCues(cues["modifier"], cues["verb"], cues["seizure"])


@cache
def load_dated_roles(path: Path = DEFAULT_DATED) -> dict[str, tuple[DatedRole, ...]]:
    """Gazetteer person name -> the dated roles the table gives them."""
    found: dict[str, list[DatedRole]] = {}
    if not path.is_file():
        return {}
    for row in _read(path, "dated roles"):
        dated = DatedRole(row["role"], row["country"], row["from"] or None, row["to"] or None)
        found.setdefault(row["person"], []).append(dated)
    return {name: tuple(roles) for name, roles in found.items()}


def fold_name(name: str) -> str:
    """A name as `office_holders.csv` keys it: lower case, accents and full stops off.

    >>> fold_name("George H.W. Bush"), fold_name("Gerhard  Schröder")
    ('george h w bush', 'gerhard schroder')
    """
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(plain.lower().replace(".", " ").split())


@cache
def load_office_holders(path: Path = DEFAULT_HOLDERS) -> dict[str, tuple[DatedRole, ...]]:
    """Folded name (two words or more) -> the dated offices of the people of that name,
    from the PETRARCH-2 country dictionary (`scripts/build_office_holders.py`)."""
    found: dict[str, list[DatedRole]] = {}
    if not path.is_file():
        return {}
    for row in _read(path, "office holders"):
        dated = DatedRole(row["role"], row["country"], row["from"] or None, row["to"] or None)
        for name in row["names"].split("|"):
            found.setdefault(name, []).append(dated)
    return {name: tuple(roles) for name, roles in found.items()}


def office_country(roles: Iterable[DatedRole], article_date: str | None) -> str | None:
    """The one country whose office the roles say was held at `article_date`; None when
    none, or several (two people of one name), or the date is past what the table knows.

    >>> reagan = [DatedRole("GOV", "USA", "1981-01-20", "1989-01-20")]
    >>> office_country(reagan, "1987-03-20"), office_country(reagan, "1990-01-01")
    ('USA', None)
    >>> office_country([*reagan, DatedRole("GOV", "CAN", "1984-09-17", None)], "1987-03-20")
    >>> office_country([DatedRole("GOV", "CAN", "1984-09-17", None)], "2020-01-01")
    """
    if not article_date:
        return None
    day = article_date[:10]
    countries = {
        r.country
        for r in roles
        if r.role.startswith(OFFICE_SECTORS)
        and (r.start or "") <= day
        and (day <= r.end if r.end else day <= SNAPSHOT)
    }
    return countries.pop() if len(countries) == 1 else None


def former_office_country(roles: Iterable[DatedRole], article_date: str | None) -> str | None:
    """The one country whose office the roles say was taken before `article_date` (any
    date when it is not known): where a person the text calls former, late or then- held
    office, though they hold none at the article's date.

    >>> sadat = [DatedRole("GOV", "EGY", "1970-09-28", "1981-10-06")]
    >>> former_office_country(sadat, "1987-05-01"), former_office_country(sadat, None)
    ('EGY', 'EGY')
    >>> former_office_country(sadat, "1960-01-01")
    >>> former_office_country([*sadat, DatedRole("GOV", "SYR", "1975-01-01", None)], None)
    """
    day = (article_date or "9999")[:10]
    countries = {
        r.country for r in roles if r.role.startswith(OFFICE_SECTORS) and (r.start or "") <= day
    }
    return countries.pop() if len(countries) == 1 else None


def _cue_forms(word: str) -> tuple[str, ...]:
    """The word, and its prefix when hyphenated in one token ("ex-minister": "ex-")."""
    return (word, word.split("-", 1)[0] + "-") if "-" in word.strip("-") else (word,)


def status_of(tokens: Iterable[Token], cues: RoleCues) -> str | None:
    """The status the modifier cues among `tokens` give: `former` over `current`."""
    statuses = {cues.modifiers.get(word) for t in tokens for word in _cue_forms(t.lower_)}
    return FORMER if FORMER in statuses else CURRENT if CURRENT in statuses else None


def verb_status(holder: Token, cues: RoleCues) -> str | None:
    """The status a verb acting on the holder gives: "ousted X", "X, who was overthrown"."""
    node = holder
    while node.dep_ == "conj" and node.head.i != node.i:  # "Bazoum and his son"
        node = node.head
    verbs: list[Token] = []
    if node.dep_ in _OBJECT_DEPS:
        verbs += [node.head, *node.head.conjuncts]  # "release and reinstate X"
    for clause in (c for c in holder.children if c.dep_ in ("relcl", "acl")):
        if clause.tag_ == "VBN" or any(c.dep_ == "auxpass" for c in clause.children):
            verbs.append(clause)  # "X, who was overthrown"; "X, deposed in July"
    for verb in verbs:
        status = cues.verbs.get(verb.lemma_.lower())
        if status is not None:
            return status
    return None


def dated_status(
    roles: Iterable[DatedRole], country: str, article_date: str | None
) -> RoleTime | None:
    """The status and dates the table gives an office in `country` at `article_date`.

    >>> obama = [DatedRole("GOV", "USA", "2009-01-20", "2017-01-20")]
    >>> dated_status(obama, "USA", "2012-05-01"), dated_status(obama, "USA", "2023-08-01")
    (RoleTime(status='current', valid_from='2009-01-20', valid_to='2017-01-20'), RoleTime(status='former', valid_from='2009-01-20', valid_to='2017-01-20'))
    >>> dated_status([DatedRole("GOV", "USA", "2009-01-20", None)], "USA", "2023-08-01")
    RoleTime(status=None, valid_from='2009-01-20', valid_to=None)
    """
    if not article_date:
        return None
    day = article_date[:10]
    offices = sorted(
        (r for r in roles if r.country == country and r.role.startswith(OFFICE_SECTORS)),
        key=lambda r: (r.start or "", r.end or "9999"),
    )
    holding = [r for r in offices if (r.start or "") <= day and (r.end is None or day <= r.end)]
    if holding:
        latest = holding[-1]
        known = latest.end is not None or day <= SNAPSHOT  # an open range ends unseen
        return RoleTime(CURRENT if known else None, latest.start, latest.end)
    ended = [r for r in offices if r.end is not None and r.end < day]
    if ended and len(ended) == len(offices):
        last = max(ended, key=lambda r: r.end or "")
        return RoleTime(FORMER, last.start, last.end)
    return None


def state_of(polity: str) -> str:
    """The State a polity key belongs to: itself, or the State of "gov:<state>:<body>"."""
    return polity[4:].rsplit(":", 1)[0] if polity.startswith("gov:") else polity


def table_time(
    person: str,
    polity: str,
    article_date: str | None,
    gazetteer: Gazetteer,
    names: Iterable[str] = (),
) -> RoleTime | None:
    """What the dated roles say of `person`'s office in `polity`'s State at the date:
    `dated_roles.csv` for a gazetteer person; else `office_holders.csv` for the `names`
    the article gives them, but only an office held at the date (a namesake's ended
    office must not make a titled person `former`)."""
    state = state_of(polity)
    country = next((code for code, key in gazetteer.alpha3.items() if key == state), None)
    if country is None:
        return None
    entry = gazetteer.entries.get(person)
    known = load_dated_roles().get(entry.name) if entry is not None else None
    if known:
        return dated_status(known, country, article_date)
    holders = load_office_holders()
    roles = [r for name in dict.fromkeys(map(fold_name, names)) for r in holders.get(name, ())]
    found = dated_status(roles, country, article_date)
    return found if found is not None and found.status == CURRENT else None


def settle(text: str | None, table: RoleTime | None) -> RoleTime:
    """The text's cue first, then the table, else `current`; the dates from the table.

    >>> settle("former", RoleTime("current", "2009-01-20", None))
    RoleTime(status='former', valid_from='2009-01-20', valid_to=None)
    >>> settle(None, None)
    RoleTime(status='current', valid_from=None, valid_to=None)
    """
    status = text or (table.status if table else None) or CURRENT
    return RoleTime(status, table.valid_from if table else None, table.valid_to if table else None)
