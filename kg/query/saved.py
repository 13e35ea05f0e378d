"""Saved competency queries: `ontology/queries/<name>.rq`, run by name.

Each file opens with comment lines saying what it answers. A query takes parameters
through `VALUES` lines marked `# param NAME: what it is`; the value written there is the
default, so every file is plain SPARQL that runs as it is on any endpoint:

    VALUES ?actorName { "Niger" }  # param actor: the actor's label or alternative label

`bind_params` rewrites such a line with the values given: quoted strings when the default
is a string, IRIs when it is one (`threatens` becomes `kg:threatens`); several values ask
about each (`actor=["Niger", "Mali"]`), and `*` leaves the variable free (`UNDEF`), which
lifts the restriction. A `LIMIT` line may be a parameter the same way, the number written
there its default, and `*` drops the limit:

    LIMIT 25  # param top: how many rows to list (* for all)
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.config import ONTOLOGY_DIR
from kg.errors import QueryError

QUERIES_DIR = ONTOLOGY_DIR / "queries"
"""Where the saved queries live."""

_PARAM = re.compile(
    r"^(?P<indent>[ \t]*)VALUES[ \t]+\?(?P<var>\w+)[ \t]*\{(?P<default>[^}\n]*)\}"
    r"(?P<tail>[ \t]*#[ \t]*param[ \t]+(?P<name>[\w-]+)[ \t]*:?[ \t]*(?P<doc>.*))$",
    re.MULTILINE,
)
_LIMIT_PARAM = re.compile(
    r"^(?P<indent>[ \t]*)(?i:LIMIT)[ \t]+(?P<default>\d+)"
    r"(?P<tail>[ \t]*#[ \t]*param[ \t]+(?P<name>[\w-]+)[ \t]*:?[ \t]*(?P<doc>.*))$",
    re.MULTILINE,
)
_SENTENCE_END = re.compile(r"[.?!](?=\s|$)")
_NAME = re.compile(r"[A-Za-z0-9][\w-]*")
_PREFIXED = re.compile(r"[A-Za-z][\w-]*:[\w-]+")
_LOCAL = re.compile(r"[A-Za-z_][\w-]*")
_INTEGER = re.compile(r"[+-]?\d+")


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter of a saved query: a `VALUES ?variable { default }` line, or a
    `LIMIT default` line (`variable` is then empty)."""

    name: str
    variable: str
    default: str
    doc: str

    @property
    def takes_number(self) -> bool:
        return _INTEGER.fullmatch(self.default.strip()) is not None

    @property
    def takes_iri(self) -> bool:
        return not self.default.strip().startswith('"') and not self.takes_number


@dataclass(frozen=True, slots=True)
class SavedQuery:
    """A saved query: its name (the file's stem), what it answers, its parameters, its text."""

    name: str
    path: Path | None
    summary: str
    description: str
    params: tuple[Param, ...]
    text: str


def read_saved_query(path: Path) -> SavedQuery:
    """Read one `.rq` file.

    Raises:
        QueryError: if the file cannot be read.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(str(path), f"cannot read the query: {exc}") from exc
    return parse_saved_query(text, path.stem, path)


def parse_saved_query(text: str, name: str = "query", path: Path | None = None) -> SavedQuery:
    """Read a saved query's comments and parameters from its text."""
    comments: list[str] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        comments.append(line.lstrip("#").strip())
    params: dict[str, Param] = {}
    for m in _PARAM.finditer(text):  # a parameter may be bound in several places (UNION)
        params.setdefault(
            m["name"], Param(m["name"], m["var"], m["default"].strip(), m["doc"].strip())
        )
    for m in _LIMIT_PARAM.finditer(text):
        params.setdefault(m["name"], Param(m["name"], "", m["default"], m["doc"].strip()))
    prose = " ".join(c for c in comments if c)
    end = _SENTENCE_END.search(prose)
    summary = prose[: end.end()].strip() if end else prose
    description = prose[len(summary) :].strip()
    return SavedQuery(name, path, summary, description, tuple(params.values()), text)


def saved_queries(folder: Path = QUERIES_DIR) -> dict[str, SavedQuery]:
    """Every saved query in `folder`, by name (read afresh: an edited file counts at once).

    >>> "who-threatens" in saved_queries()
    True
    """
    return {p.stem: read_saved_query(p) for p in sorted(folder.glob("*.rq"))}


ParamValue = str | Sequence[str]
"""One value, or several (the query then asks about each)."""


def bind_params(query: SavedQuery, values: Mapping[str, ParamValue]) -> str:
    """The query's text with the given parameters in place of their defaults.

    Raises:
        QueryError: for an unknown parameter or a value that cannot be written as asked.

    >>> q = saved_queries()["who-threatens"]
    >>> '"Mali"' in bind_params(q, {"actor": "Mali"})
    True
    """
    known = {p.name: p for p in query.params}
    for name in values:
        if name not in known:
            accepted = ", ".join(known) or "none"
            raise QueryError(query.name, f"no parameter {name!r} (parameters: {accepted})")

    def replace(match: re.Match[str]) -> str:
        name = match["name"]
        if name not in values:
            return match.group(0)
        items = _values_of(values[name])
        if not items:
            raise QueryError(query.name, f"no value given for {name!r}")
        terms = " ".join(_term(known[name], item, query.name) for item in items)
        return f"{match['indent']}VALUES ?{match['var']} {{ {terms} }}{match['tail']}"

    def replace_limit(match: re.Match[str]) -> str:
        name = match["name"]
        if name not in values:
            return match.group(0)
        items = _values_of(values[name])
        if len(items) != 1:
            raise QueryError(query.name, f"{name!r} takes one value, not {len(items)}")
        term = _term(known[name], items[0], query.name)
        if term == "UNDEF":  # `*`: no limit, the line kept as a comment
            return f"{match['indent']}{match['tail'].lstrip()}"
        if _INTEGER.fullmatch(term) is None:  # a VALUES parameter of the same name
            raise QueryError(query.name, f"{name}={items[0]!r} is not a whole number")
        if int(term) < 0:
            raise QueryError(query.name, f"{name}={items[0]!r} is not a count (0 or more)")
        return f"{match['indent']}LIMIT {term}{match['tail']}"

    return _LIMIT_PARAM.sub(replace_limit, _PARAM.sub(replace, query.text))


def _values_of(given: ParamValue) -> list[str]:
    return [given] if isinstance(given, str) else list(given)


def _term(param: Param, value: str, query: str) -> str:
    value = value.strip()
    if value == "*":
        return "UNDEF"
    if param.takes_number:
        if _INTEGER.fullmatch(value) is None:
            raise QueryError(query, f"{param.name}={value!r} is not a whole number")
        return str(int(value))
    if not param.takes_iri:
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return f'"{escaped}"'
    if value.startswith("<") and value.endswith(">") and " " not in value:
        return value
    if value.startswith(("http://", "https://")) and not re.search(r"[\s<>\"{}|^`\\]", value):
        return f"<{value}>"
    if _PREFIXED.fullmatch(value):
        return value
    if _LOCAL.fullmatch(value):
        return f"kg:{value}"
    raise QueryError(query, f"{param.name}={value!r} is not an IRI, prefixed name or local name")


def resolve_query(spec: str, params: Mapping[str, ParamValue] | None = None) -> str:
    """The SPARQL text that `spec` names: a saved query's name, a `.rq` file, or SPARQL itself.

    Raises:
        QueryError: for an unknown name, an unreadable file, or parameters given to a query
            that takes none.
    """
    params = params or {}
    if spec.endswith(".rq") or (("\n" not in spec) and Path(spec).suffix == ".rq"):
        path = Path(spec)
        if not path.is_file():
            raise QueryError(spec, "no such query file")
        return bind_params(read_saved_query(path), params)
    if _NAME.fullmatch(spec):
        queries = saved_queries()
        if spec not in queries:
            raise QueryError(
                spec, f"no saved query of that name (saved: {', '.join(queries) or 'none'})"
            )
        return bind_params(queries[spec], params)
    if not params:
        return spec
    query = parse_saved_query(spec)
    if not query.params:
        raise QueryError(
            "query", "parameters apply to queries with `# param` VALUES or LIMIT lines only"
        )
    return bind_params(query, params)
