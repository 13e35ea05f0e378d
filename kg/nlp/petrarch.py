"""Dated roles from the PETRARCH-2 / Phoenix actor dictionaries (MIT, Open Event Data).

An actor record is a primary phrase (`VLADIMIR_PUTIN_`), synonyms (`+PUTIN_`) and date
restrictions on lines of their own (`\\t[RUSGOV 991231-080507]`, `>date` from, `<date`
until; dates YYMMDD or YYYYMMDD). `scripts/build_dated_roles.py` reads them into
`gazetteer/dated_roles.csv` for the people the gazetteer knows.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import shutil
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

_RESTRICTION = re.compile(
    r"^\s+\[(?P<code>[A-Z]{3,})\s+(?:(?P<start>\d{6,8})\s*-\s*(?P<end>\d{6,8})"
    r"|>\s*(?P<after>\d{6,8})|<\s*(?P<before>\d{6,8}))\]"
)
_PIVOT = 30
"""A two-digit year up to 30 is 20YY: the dictionaries were generated in January 2014, and
their ranges end by 2017 at the latest; their earliest are birth years in the 1900s."""


@dataclass(frozen=True, slots=True)
class DatedCode:
    """One actor's code over a span of time: `code` as `RUSGOV`, dates ISO, None if open."""

    names: tuple[str, ...]
    code: str
    start: str | None
    end: str | None

    @property
    def country(self) -> str:
        return self.code[:3]

    @property
    def sector(self) -> str:
        return self.code[3:]


def parse_date(value: str) -> str | None:
    """YYMMDD or YYYYMMDD as an ISO date; None when it is no date.

    >>> parse_date("991231"), parse_date("080507"), parse_date("20090120"), parse_date("2004017")
    ('1999-12-31', '2008-05-07', '2009-01-20', None)
    """
    if len(value) == 6:
        year = int(value[:2])
        value = f"{2000 + year if year <= _PIVOT else 1900 + year}{value[2:]}"
    if len(value) != 8:
        return None
    try:
        return dt.date(int(value[:4]), int(value[4:6]), int(value[6:])).isoformat()
    except ValueError:
        return None


def phrase_name(phrase: str) -> str:
    """ "VLADIMIR_PUTIN_  # CountryInfo.txt" -> "vladimir putin".

    >>> phrase_name("+BAN_KI-MOON")
    'ban ki-moon'
    """
    phrase = phrase.split("#", 1)[0].split("[", 1)[0].strip().lstrip("+")
    return " ".join(phrase.replace("_", " ").lower().split())


def _restriction(line: str) -> tuple[str, str | None, str | None] | None:
    match = _RESTRICTION.match(line)
    if match is None:
        return None
    if match["start"]:
        start, end = parse_date(match["start"]), parse_date(match["end"])
        if start is None or end is None or start > end:
            return None  # a typo in the source ("20121207-20120802"): no usable span
        return match["code"], start, end
    if match["after"]:
        start = parse_date(match["after"])
        return (match["code"], start, None) if start else None
    end = parse_date(match["before"])
    return (match["code"], None, end) if end else None


_DEFAULT_CODE = re.compile(r"^\s+\[[A-Z~]{3,}\s*\]")


def read_actors(lines: Iterable[str]) -> Iterator[DatedCode]:
    """Every dated code of every actor record, with the record's names.

    A primary phrase opens a new record only once the current one has a code: PETRARCH
    reads uncoded primary phrases in a row ("EX-SOVIET_PRESIDENT_MIKHAIL_GORBACHEV" after
    "+MIKHAIL_GORBACHEV") as more names of the record whose codes follow.

    >>> lines = ["GORBACHEV_", "EX-SOVIET_PRESIDENT_GORBACHEV_", "\t[RUSGOV 850311-910824]"]
    >>> [d.names for d in read_actors(lines)]
    [('gorbachev', 'ex-soviet president gorbachev')]
    """
    names: list[str] = []
    codes: list[tuple[str, str | None, str | None]] = []
    coded = False
    for line in (*lines, "END_"):
        if not line.strip() or line.startswith("#"):
            continue
        if line[0].isspace():
            found = _restriction(line)
            if found is not None:
                codes.append(found)
            coded = coded or found is not None or _DEFAULT_CODE.match(line) is not None
        elif line.startswith("+"):
            names.append(phrase_name(line))
        elif not coded and line != "END_":
            names.append(phrase_name(line))
            coded = _INLINE_CODE.search(line.split("#", 1)[0]) is not None
        else:
            yield from (DatedCode(tuple(names), *code) for code in codes)
            names, codes = [phrase_name(line)], []
            coded = _INLINE_CODE.search(line.split("#", 1)[0]) is not None


# The verb dictionary (CAMEO.2.0.txt): `---  NAME  [code]  ---` opens a block of synonymous
# verbs, each `VERB [code]? {irregular forms}?`, then `- pre * post [code]` patterns.
_BLOCK = re.compile(r"^---\s+\S+\s+\[(?P<code>[^\]]*)\]\s+---")
_CODE = re.compile(r"\[(?P<code>[^\]]*)\]")
_PATTERN = re.compile(r"^-\s+(?P<body>.*?)\s*\[(?P<code>[^\]]*)\]")
_PREPOSITIONS = frozenset(
    [
        "about",
        "against",
        "among",
        "at",
        "between",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "over",
        "to",
        "toward",
        "towards",
        "upon",
        "with",
        "within",
    ]
)


@dataclass(frozen=True, slots=True)
class VerbPattern:
    """What a verb needs after it for a code: a head noun object and/or a bare preposition.

    `nouns` are the alternatives for the object's head ("sanctions", or a synset's words);
    `prep` the preposition whose object is the target. Both empty: the verb on its own.
    """

    lemma: str
    code: str
    nouns: tuple[str, ...] = ()
    prep: str = ""
    inherited: bool = False
    """The bare verb's code is its block's, not one a coder gave this verb."""


def event_code(value: str) -> str | None:
    """The event code of a `[...]`: the first of "042:043", none for the null `---`.

    >>> event_code("042:043"), event_code("---"), event_code(" 1121 "), event_code("---:112")
    ('042', None, '1121', None)
    """
    code = value.split(":", 1)[0].strip()
    return code if code.isdigit() else None


def read_synsets(lines: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """`&NAME` then `+WORD` lines -> lower-case words (a phrase's last word, its head).

    >>> read_synsets(["&FOOD", "+RICE", "+FOOD_AID", "", "&NONE_"])
    {'&food': ('rice', 'aid'), '&none': ()}
    """
    synsets: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if line.startswith("&"):
            current = synsets.setdefault(line.rstrip("_").lower(), [])
        elif line.startswith("+") and current is not None:
            current.append(line.lstrip("+").rstrip("_").split("_")[-1].lower())
        elif line.startswith("---"):
            break
    return {name: tuple(dict.fromkeys(words)) for name, words in synsets.items()}


def _verb_lemma(line: str) -> tuple[str, str] | None:
    """A verb line's lemma and, for "+ASK_FOR", its preposition; None for other compounds.

    >>> _verb_lemma("PUT {PUTS PUTTING }  # HUX"), _verb_lemma("+ASK_FOR {+ASKED_FOR} [020]")
    (('put', ''), ('ask', 'for'))
    >>> _verb_lemma("+BEEF_UP"), _verb_lemma("WIRE_+TAP")
    (None, None)
    """
    words = line.split("#", 1)[0].split("{", 1)[0].split("[", 1)[0].split()
    if len(words) != 1:
        return None
    parts = words[0].lower().split("_")
    if len(parts) == 1 and parts[0].isalpha():
        return parts[0], ""
    if len(parts) == 2 and parts[0].startswith("+") and parts[1] in _PREPOSITIONS:
        return parts[0][1:], parts[1]  # the particle is a preposition taking the target
    return None


def _post_verb(
    body: str, synsets: dict[str, tuple[str, ...]]
) -> tuple[tuple[str, ...], str] | None:
    """The object nouns and bare preposition of a pattern's part after `*`, when our
    extractor can use it: nothing before the verb, at most one object noun (word, synset or
    `{...}` phrase, read by its head), then at most one preposition without a noun of its
    own ("fire missiles at", not "rush police to border", whose target is no actor).

    >>> syn = {"&weapon": ("missile", "rocket")}
    >>> _post_verb("* &WEAPON (AT)", syn), _post_verb("* (AGAINST)", syn)
    ((('missile', 'rocket'), 'at'), ((), 'against'))
    >>> _post_verb("* {ECONOMIC SANCTIONS} (ON)", syn), _post_verb("* (TO BORDER)", syn)
    ((('sanctions',), 'on'), None)
    >>> _post_verb("&MILITARY * (TO)", syn), _post_verb("* POLICE $", syn)
    (None, None)
    """
    pre, star, post = body.partition("*")
    if not star or pre.strip() or any(mark in post for mark in "$+%^"):
        return None
    groups = re.findall(r"\([^)]*\)|\{[^}]*\}|\S+", post)
    nouns: tuple[str, ...] = ()
    prep = ""
    for position, group in enumerate(groups):
        if group.startswith("("):
            words = group.strip("()").split()
            if (
                len(words) != 1
                or words[0].lower() not in _PREPOSITIONS
                or position != len(groups) - 1
            ):
                return None
            prep = words[0].lower()
        elif position == 0:
            head = group.strip("{}").split()[-1].lower() if group.strip("{}").split() else ""
            nouns = synsets.get(head, ()) if head.startswith("&") else (head,)
            if not nouns or not all(n.replace("-", "").isalpha() for n in nouns):
                return None
        else:
            return None
    return (nouns, prep) if nouns or prep else None


def read_verb_patterns(lines: Iterable[str]) -> Iterator[VerbPattern]:
    """Every usable (verb, code[, object noun][, preposition]) of the verb dictionary.

    A verb's own code (else its block's) is the code of the bare verb; a pattern's code
    holds for every verb of its block. Null codes and unusable patterns yield nothing.
    """
    lines = list(lines)
    synsets = read_synsets(lines)
    in_blocks = in_patterns = False
    block_code: str | None = None
    verbs: list[tuple[str, str]] = []
    for raw in lines:
        line = raw.split("#", 1)[0].rstrip()
        block = _BLOCK.match(raw)
        if block is not None:
            in_blocks, in_patterns = True, False
            block_code, verbs = event_code(block["code"]), []
        elif not in_blocks or not line.strip() or line.startswith("~"):
            continue
        elif line.startswith("-"):
            in_patterns = True
            yield from _pattern_rows(line, verbs, synsets)
        elif not in_patterns:
            found = _verb_lemma(line)
            if found is None:
                continue
            verbs.append(found)
            own = _CODE.search(line)
            code = event_code(own["code"]) if own else block_code
            if code is not None:
                yield VerbPattern(found[0], code, (), found[1], inherited=own is None)


def _pattern_rows(
    line: str, verbs: list[tuple[str, str]], synsets: dict[str, tuple[str, ...]]
) -> Iterator[VerbPattern]:
    pattern = _PATTERN.match(line)
    code = event_code(pattern["code"]) if pattern else None
    usable = _post_verb(pattern["body"], synsets) if pattern and code else None
    if code is None or usable is None:
        return
    nouns, prep = usable
    for lemma, particle in verbs:
        if not (particle and prep):  # "ask for" + "(FROM)": two prepositions, one slot
            yield VerbPattern(lemma, code, nouns, prep or particle)


# Actor, agent and discard dictionaries.
_INLINE_CODE = re.compile(r"\[(?P<code>[A-Z~]{3,})[^\]]*\]")
_SMALL_WORDS = frozenset(
    {"a", "an", "and", "at", "de", "del", "for", "in", "of", "on", "the", "to"}
)


@dataclass(frozen=True, slots=True)
class ActorRecord:
    """One actor record: its phrases as written (`ADEN_ISLAMIC_ARMY_(AAIA)_`) and codes."""

    phrases: tuple[str, ...]
    codes: tuple[str, ...]


def read_records(lines: Iterable[str]) -> Iterator[ActorRecord]:
    """Every record of an actor dictionary, with the codes written on its phrase lines
    (`NAME_ [IGOUNO]`) or on restriction lines of their own (`\\t[IGOUNO >070201]`)."""
    phrases: list[str] = []
    codes: list[str] = []
    for raw in (*lines, "END_"):
        text = raw.split("#", 1)[0].rstrip()
        if not text.strip():
            continue
        found = [m["code"] for m in _INLINE_CODE.finditer(text)]
        if text[0].isspace():
            codes.extend(found)
        elif text.startswith("+"):
            phrases.append(text.split("[", 1)[0].strip())
            codes.extend(found)
        else:
            if phrases:
                yield ActorRecord(tuple(phrases), tuple(codes))
            phrases, codes = [text.split("[", 1)[0].strip()], found


def display_name(phrase: str) -> tuple[str, tuple[str, ...]]:
    """A phrase in news casing, and the acronyms written in it in parentheses.

    >>> display_name("ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_")
    ('Aden Abyan Islamic Army', ('AAIA',))
    >>> display_name("+ORGANIZATION_OF_THE_ISLAMIC_CONFERENCE_"), display_name("IAEA_")
    (('Organization of the Islamic Conference', ()), ('IAEA', ()))
    >>> display_name("AL-AQSA_MARTYRS'_BRIGADES")
    ("Al-Aqsa Martyrs' Brigades", ())
    """
    text = phrase.lstrip("+").replace("_", " ")
    acronyms = tuple(a for a in re.findall(r"\(([A-Z0-9.&-]{2,})\)", text))
    words = re.sub(r"\([^)]*\)", " ", text).split()
    if len(words) == 1 and words[0].isupper() and len(words[0]) <= 6:
        return words[0], acronyms  # an acronym: "IAEA"
    shown = [
        w.lower()
        if i and w.lower() in _SMALL_WORDS
        else "-".join(p.capitalize() for p in w.split("-"))
        for i, w in enumerate(words)
    ]
    return " ".join(shown), acronyms


@dataclass(frozen=True, slots=True)
class Agent:
    """An agent noun ("rebel", "riot police") with its plurals and sector code ("REB")."""

    phrase: str
    plurals: tuple[str, ...]
    sector: str


def read_agents(lines: Iterable[str]) -> Iterator[Agent]:
    """The agent dictionary's nouns; `!NAME! = A, B` macros expanded ("police!PERSON!").

    >>> list(read_agents(["!PERSON! = MAN, MEN", "POLICE!PERSON! [~COP]", "POLICE {} [~COP]",
    ...                   "REBEL_FORCE {REBEL_FORCES} [~REB]"]))  # doctest: +NORMALIZE_WHITESPACE
    [Agent(phrase='policeman', plurals=(), sector='COP'),
     Agent(phrase='policemen', plurals=(), sector='COP'),
     Agent(phrase='police', plurals=(), sector='COP'),
     Agent(phrase='rebel force', plurals=('rebel forces',), sector='REB')]
    """
    macros: dict[str, list[str]] = {}
    for raw in lines:
        text = raw.split("#", 1)[0].strip()
        macro = re.match(r"^(![A-Z]+!)\s*=\s*(.+)$", text)
        if macro is not None:
            macros[macro[1]] = [w.strip() for w in macro[2].split(",") if w.strip()]
            continue
        code = re.search(r"\[~?([A-Z]+)~?\]", text)
        if code is None:
            continue
        head = text[: code.start()]
        plurals = re.search(r"\{([^}]*)\}", head)
        phrase = re.sub(r"\{[^}]*\}", "", head).strip()
        forms = [phrase]
        for name, words in macros.items():
            if name in phrase:
                forms = [phrase.replace(name, w) for w in words]
        for form in forms:
            yield Agent(
                _phrase(form),
                tuple(_phrase(p) for p in (plurals[1].split() if plurals else ())),
                code[1],
            )


def _phrase(text: str) -> str:
    return " ".join(text.replace("_", " ").lower().split())


@dataclass(frozen=True, slots=True)
class Discard:
    """A phrase marking non-political news: for the sentence, or the whole `story` (`+`);
    matched as a whole word when `word` (`_` at its end), else as a stem."""

    phrase: str
    story: bool
    word: bool


def read_discards(lines: Iterable[str]) -> Iterator[Discard]:
    """The discard list's phrases, bare years left out (a date is no sign of sport).

    >>> list(read_discards(["+Manchester United   # pas", "WORLD_CUP_", "1939", "# note"]))
    ... # doctest: +NORMALIZE_WHITESPACE
    [Discard(phrase='manchester united', story=True, word=False),
     Discard(phrase='world cup', story=False, word=True)]
    """
    for raw in lines:
        text = raw.split("#", 1)[0].strip()
        if not text or text.isdigit():
            continue
        story = text.startswith("+")
        text = text.lstrip("+").strip()
        if text and not text.isdigit():
            yield Discard(_phrase(text.rstrip("_")), story, text.endswith("_"))


def particle_verbs(lines: Iterable[str]) -> frozenset[str]:
    """Verbs the dictionary also lists with an adverb particle ("+KICK_OFF"): read on its
    own, the lemma cannot tell "kicked off a visit" from "kicked a protester".

    >>> sorted(particle_verbs(["+KICK_OFF ", "+ASK_FOR [020]", "KICK  [180]", "+WIRE_+TAP"]))
    ['kick']
    """
    found: set[str] = set()
    for raw in lines:
        words = raw.split("#", 1)[0].split("{", 1)[0].split("[", 1)[0].split()
        parts = words[0].lower().split("_") if len(words) == 1 else []
        is_compound = len(parts) == 2 and parts[0].startswith("+") and parts[1].isalpha()
        if is_compound and parts[1] not in _PREPOSITIONS:
            found.add(parts[0][1:])
    return frozenset(found)


def write_table(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """Write a table derived from the dictionaries as the lexicons are written (CRLF,
    quoted where needed), then rename it into place: a reader never sees half a table."""
    temporary = path.with_name(f".{path.name}.tmp")
    with temporary.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
    os.replace(temporary, path)


def copy_licence(source: Path, table: Path) -> None:
    """The dictionaries' MIT notice beside a table derived from them (`<table>.LICENSE`)."""
    target = table.with_suffix(".LICENSE")
    temporary = target.with_name(f".{target.name}.tmp")
    shutil.copyfile(source / "LICENSE", temporary)
    os.replace(temporary, target)
