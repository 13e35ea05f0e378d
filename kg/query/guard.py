"""Queries checked before any parser sees them: size, nesting, and what they may reach.

`kg serve` runs on people's laptops, and any web page can send it a query. The parsers
recurse, so deep enough text kills the process (a segmentation fault, no exception), and
the engine can call other services (SERVICE) and load data (LOAD). `check_query` refuses
all of that with one line, in time linear in the text.

Where pyoxigraph 0.5.13 crashes (8 MiB stack, on the main thread and on a worker thread
alike; each probed in a subprocess on the empty store):

    nested str(str(…))                       946 levels
    nested FILTER(EXISTS{FILTER(…)})         703 levels (1,406 brackets)
    nested { … }                           2,187      nested subqueries   2,500
    nested ( … ) in an expression          4,609      1+(1+(…))           4,609
    !!!!…true                              9,218
    chains: {} MINUS {} …                  2,578      OPTIONAL{} …        6,484
            {} UNION {} …                  6,484      1*1*1…, 1+1+1…      6,875
            FILTER(1) FILTER(1) …          9,218      1||1…, 1&&1…        9,218
    no crash at 20,000: [ <p> [ … ] ], (( … )) lists, - - - 1, 1,1,1…, ; and . lists

Hence the defaults: 64 levels of nesting, 500 chained operators and clauses (a path
through both costs at most 64/946 + 500/2578, a quarter of the stack), 256 KiB. A thread
with a smaller stack has less room: 500 MINUS clauses crash on a 1 MiB one, not on 2 MiB
(1,000 crash on 2 MiB).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from kg.errors import QueryError

__all__ = [
    "DEFAULT_LIMITS",
    "QueryLimits",
    "Token",
    "check_query",
    "names_dataset",
    "names_graphs",
    "tokens",
]

TokenKind: TypeAlias = Literal[
    "iri", "string", "comment", "var", "pname", "word", "langtag", "number", "punct"
]


@dataclass(frozen=True, slots=True)
class QueryLimits:
    """How big and how deep a query may be."""

    max_bytes: int = 256 * 1024
    max_depth: int = 64
    """(), {} and [] nested, plus runs of unary operators (! - + ^)."""
    max_chain: int = 500
    """Operators and clauses the parsers chain into one deep tree: || && + - * / and
    FILTER OPTIONAL UNION MINUS, counted over the whole query."""


DEFAULT_LIMITS = QueryLimits()


@dataclass(frozen=True, slots=True)
class Token:
    kind: TokenKind
    text: str
    start: int
    ambiguous: bool = False
    """An IRI right after an operand, holding characters that make it read also as code:
    `1<(2)&&3>0` is two comparisons to a parser in an expression, `?s <a(b)> ?o` an IRI in a
    triple pattern."""


UPDATE_KEYWORDS = ("INSERT", "DELETE", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
CHAIN_WORDS = ("FILTER", "OPTIONAL", "UNION", "MINUS")
CHAIN_OPERATORS = frozenset({"||", "&&", "+", "-", "*", "/"})
UNARY_OPERATORS = frozenset({"!", "-", "+", "^"})
OPENERS, CLOSERS = frozenset("({["), frozenset(")}]")

# PN_CHARS beyond \w: the middle dot, combining marks, the undertie and character tie.
_NAME = r"[\w\u00b7\u0300-\u036f\u203f\u2040]"
_SPACE = re.compile(r"\s++")
_IRI = re.compile(r'<(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*+>')
_COMMENT = re.compile(r"#[^\n\r]*+")
_VAR = re.compile(rf"[?$]{_NAME}++")
_RUN = re.compile(rf"(?!\d){_NAME}(?:{_NAME}|[.-])*+")  # a word, or a prefixed name's prefix
_LOCAL = re.compile(rf":(?:{_NAME}|[.:%-]|\\[_~.\-!$&'()*+,;=/?#@%])*+")
_NUMBER = re.compile(r"(?:\d++(?:\.\d*+)?|\.\d++)(?:[eE][+-]?\d++)?")
_LANGTAG = re.compile(r"@[A-Za-z]++(?:-[A-Za-z0-9]++)*+")
_OPERATOR = re.compile(r"\|\||&&|!=|<=|>=|\^\^|\\.|.", re.DOTALL)  # \x: never a comment's #
_WORD_PIECES = re.compile(r"[.-]")
_LONG = {q: re.compile(rf"{q}{q}{q}(?:[^{q}\\]|\\.|{q}(?!{q}{q}))*+", re.DOTALL) for q in "'\""}
_SHORT = {q: re.compile(rf"{q}(?:[^{q}\\\n\r]|\\.)*+") for q in "'\""}
_CODE_IN_IRI = re.compile(r"[&,()\[\];'#]")
_BRACKET = re.compile(r"[()\[\]]")
_LONG_OPENING = re.compile(r"'''|\"\"\"")
_LINE_END = re.compile(r"[\n\r]|\Z")
_PLAIN = frozenset("(){}[],;*/+-")
_OPERAND_ENDS = frozenset({"iri", "string", "var", "pname", "langtag", "number"})


@dataclass(slots=True)
class _Reading:
    """What `tokens` remembers as it reads.

    Strings: where those of each quote are known not to close, so that no text is read
    twice (a long string that does not close from one place closes from no later one; a
    short one fails to the same end of line from anywhere before it).

    Context: the open brackets, as a parser that read every `<…>` as an IRI would see them.
    A `<` right after an operand is a comparison only in an expression, and expressions
    live in (): elsewhere it opens an IRI. Once an ambiguous `<…>` held brackets, the open
    brackets are no longer known, and every `(` context is possible.
    """

    long_fails_after: dict[str, int] = field(default_factory=dict)
    short_fails_until: dict[str, int] = field(default_factory=dict)
    previous: Token | None = None
    brackets: list[str] = field(default_factory=list)
    unsure: bool = False

    def saw(self, token: Token) -> None:
        self.previous = token
        if token.kind == "punct":
            if token.text in OPENERS:
                self.brackets.append(token.text)
            elif token.text in CLOSERS and self.brackets:
                self.brackets.pop()
        elif token.ambiguous and _BRACKET.search(_code_part(token.text)):
            self.unsure = True

    def maybe_expression(self) -> bool:
        return self.unsure or (bool(self.brackets) and self.brackets[-1] == "(")

    def after_operand(self) -> bool:
        last = self.previous
        return last is not None and (
            last.kind in _OPERAND_ENDS
            or last.text in (")", "]")
            or (last.kind == "word" and last.text.upper() in ("TRUE", "FALSE"))
        )


def tokens(text: str) -> Iterator[Token]:
    """The tokens of SPARQL text, spaces left out, in one linear pass.

    Text that is not SPARQL still splits into tokens: an unclosed quote or a lone `<` is
    punctuation, and what follows is read as code, which sees more keywords, never fewer.

    >>> [t.text for t in tokens('SELECT ?x { ?x kg:p "a {" } # }')]
    ['SELECT', '?x', '{', '?x', 'kg:p', '"a {"', '}', '# }']
    >>> [t.kind for t in tokens("FILTER(?a<?b && ?c > <x>)")][2:5]
    ['var', 'punct', 'var']
    """
    reading = _Reading()
    pos, end = 0, len(text)
    while pos < end:
        space = _SPACE.match(text, pos)
        if space:
            pos = space.end()
            continue
        if text[pos] in _PLAIN:  # most tokens: one character, no lookahead
            token = Token("punct", text[pos], pos)
            yield token
            reading.saw(token)
            pos += 1
            continue
        for token in _tokens_at(text, pos, reading):
            yield token
            reading.saw(token)
            pos = token.start + len(token.text)


def _tokens_at(text: str, pos: int, reading: _Reading) -> Iterator[Token]:
    char = text[pos]
    if char in "'\"":
        yield _string_or_quote(text, pos, reading)
    elif char == "<" and (iri := _IRI.match(text, pos)):
        ambiguous = (
            reading.after_operand()
            and reading.maybe_expression()
            and _CODE_IN_IRI.search(text, pos + 1, iri.end() - 1) is not None
        )
        yield Token("iri", iri.group(), pos, ambiguous)
    elif char == "#":
        yield Token("comment", _match(_COMMENT, text, pos), pos)
    elif char in "?$" and (var := _VAR.match(text, pos)):
        yield Token("var", var.group(), pos)
    elif char == "@" and (tag := _LANGTAG.match(text, pos)):
        yield Token("langtag", tag.group(), pos)
    elif number := _NUMBER.match(text, pos):
        yield Token("number", number.group(), pos)
    elif char == ":":
        yield Token("pname", _match(_LOCAL, text, pos), pos)
    elif run := _RUN.match(text, pos):
        yield from _words_or_pname(text, run)
    else:
        yield Token("punct", _match(_OPERATOR, text, pos), pos)


def _code_part(iri: str) -> str:
    """What a parser reading `<…>` as a comparison reads as code: up to a # (a comment)."""
    return iri[1:-1].partition("#")[0]


def _match(pattern: re.Pattern[str], text: str, pos: int) -> str:
    found = pattern.match(text, pos)
    assert found is not None  # every caller's pattern matches its first character
    return found.group()


def _words_or_pname(text: str, run: re.Match[str]) -> Iterator[Token]:
    """`kg:p` is one prefixed name; `true.SERVICE` is two words to a parser (a name
    without a colon holds no dots), so a keyword cannot hide behind a dot."""
    if text.startswith(":", run.end()):
        local = _match(_LOCAL, text, run.end())
        yield Token("pname", run.group() + local, run.start())
        return
    pos = run.start()
    for piece in _WORD_PIECES.split(run.group()):
        if piece:
            yield Token("word", piece, pos)
            pos += len(piece)
        if pos < run.end():
            yield Token("punct", text[pos], pos)
            pos += 1


def _string_or_quote(text: str, pos: int, reading: _Reading) -> Token:
    """A string starting at `pos`, or the lone quote when it does not close."""
    quote = text[pos]
    if text.startswith(quote * 3, pos) and pos <= reading.long_fails_after.get(quote, len(text)):
        body = _match(_LONG[quote], text, pos)
        if text.startswith(quote * 3, pos + len(body)):
            return Token("string", body + quote * 3, pos)
        reading.long_fails_after[quote] = pos
    if pos >= reading.short_fails_until.get(quote, -1):
        body = _match(_SHORT[quote], text, pos)
        if text.startswith(quote, pos + len(body)):
            return Token("string", body + quote, pos)
        reading.short_fails_until[quote] = pos + len(body)
    return Token("punct", quote, pos)


def keyword(token: Token) -> str:
    """What a parser may read as a keyword at `token`, upper-cased, or "".

    A word may be one; so may a prefixed name's prefix, as a parser that fails to read
    `SERVICEp:x {}` as a triple reads SERVICE p:x.
    """
    if token.kind == "word":
        return token.text.upper()
    if token.kind == "pname":
        return token.text.partition(":")[0].upper()
    return ""


def _from_clauses(found: list[Token]) -> Iterator[int]:
    """Where FROM may start a dataset clause: a FROM word anywhere, or a prefixed name
    such as FROMp:g where dataset clauses stand: before the query's first {, outside ()."""
    in_pattern, parens = False, 0
    for n, token in enumerate(found):
        in_pattern = in_pattern or token.text == "{"
        parens += {"(": 1, ")": -1}.get(token.text, 0)
        if not keyword(token).startswith("FROM"):
            continue
        declared = n > 0 and found[n - 1].text.upper() == "PREFIX"  # PREFIX from: <…>
        if token.kind == "word" or not (in_pattern or declared or parens > 0):
            yield n


@functools.lru_cache(maxsize=256)  # a session asks the same queries again and again
def names_graphs(sparql: str) -> bool:
    """Whether `sparql` names graphs: has a GRAPH or FROM keyword, outside IRIs, strings
    and comments. Unsure text counts as naming them: such a query runs on every graph.

    >>> names_graphs("SELECT * { GRAPH ?g { ?s ?p ?o } }"), names_graphs("SELECT * FROM <x> {}")
    (True, True)
    >>> names_graphs('SELECT ?graph { ?s kg:from "FROM" } # graphs from GRAPH')
    False
    """
    found = _tokens_list(sparql)
    if any(True for _ in _from_clauses(found)):
        return True
    return any(
        keyword(token).startswith("GRAPH")
        and (token.kind == "word" or found[n + 1 : n + 2] == [] or found[n + 1].text == "{")
        for n, token in enumerate(found)
    )  # a prefixed name is GRAPH p:g only before a {: graph:p ?o is a triple's


@functools.lru_cache(maxsize=256)
def names_dataset(sparql: str) -> bool:
    """Whether `sparql` has a dataset clause (FROM or FROM NAMED), which SPARQL says
    replaces the default dataset.

    >>> names_dataset("SELECT * FROM NAMED <x> {}"), names_dataset("SELECT * { GRAPH ?g {} }")
    (True, False)
    """
    return any(True for _ in _from_clauses(_tokens_list(sparql)))


def check_query(
    text: str, *, allow_service: bool = False, limits: QueryLimits = DEFAULT_LIMITS
) -> None:
    """Refuse a query that is too big or too deep for the parsers, calls other services
    (SERVICE, unless `allow_service`), loads data (LOAD) or updates (INSERT, DELETE, …).

    SPARQL expands \\u escapes anywhere in the text before parsing (Oxigraph 0.5 only in
    strings and IRIs), so the text with them expanded is checked too.

    Raises:
        QueryError: naming the clause and the reason, in one line.

    >>> check_query("SELECT * { ?s kg:load ?o FILTER(?o < 3) }")
    >>> check_query("SELECT * { SERVICE <http://127.0.0.1/> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    kg.errors.QueryError: query: SERVICE <http://127.0.0.1/> is refused: queries here do not call other services (--allow-service allows it)
    """
    if len(text) <= _CACHED_SIZE:
        reason = _cached_refusal(text, allow_service, limits)
        if reason is not None:
            raise QueryError("query", reason)
        return
    _check(text, allow_service, limits)


_CACHED_SIZE = 16 * 1024
"""Queries up to this many characters have their verdict cached: a session or a page
asks the same ones again and again. Bigger ones are rare, and would pin memory."""


@functools.lru_cache(maxsize=512)
def _cached_refusal(text: str, allow_service: bool, limits: QueryLimits) -> str | None:
    try:
        _check(text, allow_service, limits)
    except QueryError as exc:
        return exc.reason
    return None


def _check(text: str, allow_service: bool, limits: QueryLimits) -> None:
    size = _utf8_size(text)
    if size > limits.max_bytes:
        raise QueryError("query", f"is {size:,} bytes, over the {limits.max_bytes:,}-byte limit")
    for variant in _variants(text):
        found = _tokens_list(variant)
        _check_words(variant, found, allow_service)
        _check_shape(variant, found, limits)


def _utf8_size(text: str) -> int:
    try:
        return len(text.encode("utf-8"))
    except UnicodeEncodeError as exc:
        raise QueryError("query", f"is not valid Unicode at character {exc.start}") from None


_CODEPOINT_ESCAPE = re.compile(r"\\u([0-9a-f]{4}(?:[0-9a-f]{4})?)", re.IGNORECASE)


def _variants(text: str) -> tuple[str, ...]:
    """The text, and the text as the SPARQL spec reads it (\\u escapes expanded before
    parsing, even outside strings and after a backslash) when that differs."""
    expanded = _CODEPOINT_ESCAPE.sub(_expand, text)
    return (text,) if expanded == text else (text, expanded)


def _expand(escape: re.Match[str]) -> str:
    try:
        return chr(int(escape.group(1), 16))
    except (ValueError, OverflowError):  # not a character: the parse fails anyway
        return escape.group()


def _tokens_list(text: str) -> list[Token]:
    return [t for t in tokens(text) if t.kind != "comment"]


def _check_words(text: str, found: list[Token], allow_service: bool) -> None:
    for n, token in enumerate(found):
        word = keyword(token)
        # startswith: a parser reads SERVICESILENT as SERVICE SILENT, and no other
        # keyword or function name starts with one of these.
        if word.startswith("SERVICE") and not allow_service:
            raise QueryError(
                "query",
                f"{_clause(found, n)} is refused: queries here do not call other services "
                "(--allow-service allows it)",
            )
        if token.kind != "word":  # pyoxigraph's query() parses no update: words suffice
            continue
        if word.startswith("LOAD"):
            raise QueryError("query", f"{_clause(found, n)} is refused: queries here only read")
        if word.startswith(UPDATE_KEYWORDS):
            raise QueryError(
                "query",
                f"{token.text} at {_where(text, token.start)} is refused: queries here only "
                "read (SPARQL Update is not run)",
            )


def _clause(found: list[Token], n: int) -> str:
    """The keyword at `found[n]` and what it names: `SERVICE <http://…>`, `FROM NAMED <x>`."""
    words = [found[n].text]
    if found[n].kind != "word":
        return words[0]
    for token in found[n + 1 : n + 4]:
        words.append(_shorten(token.text))
        if token.kind != "word":
            break
    return " ".join(words)


def _shorten(text: str, most: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= most else text[: most - 1] + "…"


def _where(text: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return f"line {line}, column {column}"


@dataclass(slots=True)
class _Shape:
    """Nesting and chaining read so far, as deep as any parser could see them."""

    limits: QueryLimits
    text: str
    depth: int = 0
    unary_run: int = 0
    chain: int = 0

    def read(self, token: Token) -> None:
        if token.ambiguous:
            self.read_iri_as_code(token)
            return
        if token.kind in ("word", "pname"):
            self.unary_run = 0
            if keyword(token).startswith(CHAIN_WORDS):  # FILTERkg:f(1) is FILTER kg:f(1)
                self.chain += 1
                self.check(token.start)
            return
        if token.kind != "punct":
            self.unary_run = 0
            return
        piece = token.text
        self.unary_run = self.unary_run + 1 if piece in UNARY_OPERATORS else 0
        if piece in OPENERS:
            self.depth += 1
        elif piece in CLOSERS:
            self.depth = max(0, self.depth - 1)
        if piece in CHAIN_OPERATORS:
            self.chain += 1
        self.check(token.start)

    def read_iri_as_code(self, token: Token) -> None:
        """Read an ambiguous `<…>` both ways and keep the deeper: as code (its brackets and
        operators count; a # starts a comment) and as an IRI (it leaves the depth as is)."""
        code = _code_part(token.text)
        end = token.start + len(token.text)
        if "'" in code or (
            len(code) < len(token.text) - 2 and _long_opening_on_line(self.text, end)
        ):
            # As code, a string could run past the >; or the rest of the line is a comment,
            # where a long string this scan would open could hide the lines after it.
            raise QueryError(
                "query",
                f"{_shorten(token.text, 40)} at {_where(self.text, token.start)} reads as an "
                "IRI or as a < comparison; put spaces around < and >",
            )
        before = self.depth
        for part in tokens(code):
            self.read(Token(part.kind, part.text, token.start + 1 + part.start))
        self.depth = max(before, self.depth)

    def check(self, pos: int) -> None:
        if self.depth + self.unary_run > self.limits.max_depth:
            raise QueryError(
                "query",
                f"nests deeper than {self.limits.max_depth} levels at "
                f"{_where(self.text, pos)} (near {_near(self.text, pos)}): refused before parsing",
            )
        if self.chain > self.limits.max_chain:
            raise QueryError(
                "query",
                f"chains more than {self.limits.max_chain} operators and clauses "
                "(|| && + - * / FILTER OPTIONAL UNION MINUS), the last at "
                f"{_where(self.text, pos)}: refused before parsing (VALUES or IN hold long lists)",
            )


def _long_opening_on_line(text: str, pos: int) -> bool:
    line_end = _LINE_END.search(text, pos)
    assert line_end is not None  # \Z always matches
    return _LONG_OPENING.search(text, pos, line_end.start()) is not None


def _near(text: str, pos: int) -> str:
    return '"' + _shorten(text[max(0, pos - 10) : pos + 10], 20) + '"'


def _check_shape(text: str, found: list[Token], limits: QueryLimits) -> None:
    shape = _Shape(limits, text)
    for token in found:
        shape.read(token)
