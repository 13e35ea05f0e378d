"""Headlines: the title line an article opens with, read as a title.

A headline's capitals say little. Wire titles are in capitals ("IRAN REPORTS OFFENSIVE
AS IRAQ THREATENS AIR RAIDS"), many outlets' in Title Case ("Sharon Pushes Gaza Plan"),
and the statistical model reads a run of capitalised words as a name. So before parsing,
such a title is put in sentence case, truecased from what the article itself knows: each
word as the body writes it ("Iran", "offensive"), else as a gazetteer name writes it
("U.N."), else in lower case. Only letters' case changes, so the parsed text has the
article's length and every character offset stays the article's; the title's own
characters are kept on the `Doc` (`TITLE_EXTENSION`): evidence quotes the title as the
article writes it.

The title itself is found without looking at case: the article's first paragraph, when it
is one line without sentence-final punctuation and the article goes on after it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from spacy.tokens import Doc

__all__ = [
    "TITLE_EXTENSION",
    "CasedTitle",
    "find_title",
    "is_shouted",
    "sentence_case",
    "truecase_title",
]

TITLE_EXTENSION: Final = "kg_titles"
"""`doc._.kg_titles`: the titles truecased for parsing (`CasedTitle`), as a tuple: one
per piece of a long article that opens with one, none for most."""

if not Doc.has_extension(TITLE_EXTENSION):
    Doc.set_extension(TITLE_EXTENSION, default=())

TITLE_MAX_WORDS: Final = 25
"""A longer first line is a paragraph that lost its full stop, not a title."""

_PARAGRAPH_BREAK: Final = re.compile(r"\n[^\S\n]*\n")
_NON_SPACE: Final = re.compile(r"\S")
_TERMINAL: Final = frozenset(".!?…;。！？")
_CLOSERS: Final = "”’\"')]»"
_WORD: Final = re.compile(r"\w+(?:[.'’&-]\w+)*")
_SENTENCE_BREAKS: Final = frozenset(".!?…:;\n")
_BEFORE_WORD: Final = frozenset(" \t\"'“”‘’([")
_MAX_NAME_WORDS: Final = 5

# "NAJAF, Iraq (Reuters) - ", "KUWAIT CITY - ", "ISLAMABAD: ", "ROME, Feb 27 - ",
# "Canadian Press - HALIFAX (CP) - ": a wire dateline, after a feed's lead credit if any,
# its city in capitals, then an optional region or country, an optional date, an optional
# agency, and a dash or colon.
DATELINE: Final = re.compile(
    r"(?:[A-Z][\w.&]*(?: [A-Z][\w.&]*){0,3} -{1,2} )?"
    r"(?P<city>[A-Z][A-Z'’.-]*[A-Z.](?: [A-Z][A-Z'’.-]*[A-Z.]){0,3})"
    r"(?:, (?P<region>(?!(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d)"
    r"[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3}))?"
    r"(?:,? (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2})?"
    r"(?: ?\([\w .&-]{2,40}\))? ?(?:-{1,2}|[—–:])[ \n]"
)


@dataclass(frozen=True, slots=True)
class CasedTitle:
    """Where the title is in the text, and its characters as the article wrote them."""

    start: int
    original: str

    @property
    def end(self) -> int:
        return self.start + len(self.original)


def find_title(text: str) -> tuple[int, int] | None:
    """The span of the title line `text` opens with, or None.

    >>> find_title("IRAN REPORTS OFFENSIVE\\n\\nIran said on Monday it had attacked.")
    (0, 22)
    >>> find_title("Iran said on Monday it had attacked.\\n\\nIraq denied it.") is None
    True
    >>> find_title("A title and nothing after it") is None
    True
    """
    found = _PARAGRAPH_BREAK.search(text)
    if found is None or _NON_SPACE.search(text, found.end()) is None:
        return None
    start = len(text) - len(text.lstrip())
    end = len(text[: found.start()].rstrip())
    line = text[start:end]
    words = line.split()
    if not words or "\n" in line or len(words) > TITLE_MAX_WORDS:
        return None
    if line.rstrip(_CLOSERS)[-1:] in _TERMINAL:
        return None  # a sentence: the article has no title line
    return start, end


def _all_capitals(title: str) -> bool:
    words = [w for w in _WORD.findall(title) if w[0].isalpha()]
    letters = [c for w in words for c in w if c.isalpha()]
    return len(words) >= 2 and bool(letters) and all(c.isupper() for c in letters)


def is_shouted(title: str) -> bool:
    """Whether a title's capitals say nothing about names: all in capitals, or every
    longer word capitalised (Title Case).

    >>> [is_shouted(t) for t in ("IRAN REPORTS OFFENSIVE", "Sharon Pushes Gaza Plan",
    ...     "Fears for T N pension after talks", "Nepal rejects UN mediation")]
    [True, True, False, False]
    """
    if _all_capitals(title):
        return True
    words = [w for w in _WORD.findall(title) if w[0].isalpha()]
    longer = [w for w in words if len(w) > 3]
    capitalised = sum(w[0].isupper() for w in longer)
    return len(longer) >= 2 and capitalised >= 0.7 * len(longer)


def _body_forms(body: str, words: list[str]) -> dict[str, str]:
    """Each of `words` (case-folded) as the body writes it, where a sentence's first word
    does not decide: the most frequent form elsewhere in a sentence."""
    wanted = {word.casefold() for word in words}
    forms: dict[str, Counter[str]] = {}
    for match in _WORD.finditer(body):
        word = match.group()
        key = word.casefold()
        if key not in wanted or _opens_sentence(body, match.start()):
            continue  # the first word of a sentence is capitalised whatever it is
        forms.setdefault(key, Counter())[word] += 1
    return {key: max(counts, key=lambda f: (counts[f], f)) for key, counts in forms.items()}


def _opens_sentence(text: str, at: int) -> bool:
    """Whether the word at `at` is the first of a sentence or line; a name's initial ends
    none ("George W. Bush").

    >>> _opens_sentence("As George W. Bush said", 14), _opens_sentence("It fell. Bush said", 9)
    (False, True)
    """
    before = at - 1
    while before >= 0 and text[before] in _BEFORE_WORD:
        before -= 1
    if before < 0:
        return True
    initial = (
        text[before] == "."
        and before >= 1
        and text[before - 1].isupper()
        and before >= 2
        and text[before - 2].isspace()
    )  # a lone capital and a full stop: "W.", not "U.S." nor "Corp."
    return text[before] in _SENTENCE_BREAKS and not initial


def truecase_title(title: str, body: str, names: Mapping[str, str]) -> str:
    """`title` in sentence case, each word in the case the article or gazetteer gives it.

    `names` maps each case-folded gazetteer name to its written form. A word takes the
    body's form; a run of words the body does not use takes a gazetteer name's form;
    an acronym of a title not all in capitals stays one; any other word is lower case;
    the first word is capitalised.

    >>> truecase_title("IRAN REPORTS OFFENSIVE AS U.N. MEETS",
    ...     "The offensive began as Iran said.", {"u.n.": "U.N."})
    'Iran reports offensive as U.N. meets'
    >>> truecase_title("GOP Sharpens Attacks As Convention Opens", "Republicans met.", {})
    'GOP sharpens attacks as convention opens'
    """
    words = list(_WORD.finditer(title))
    forms = _body_forms(body, [w.group() for w in words])
    # in a Title Case title only a word's first capital says nothing: an acronym is one
    # ("GOP Sharpens Attacks") and "Car" is no "CAR"; in capitals, no letter can tell
    acronyms = not _all_capitals(title)
    cased = list(title)
    settled: set[int] = set()
    for index, match in enumerate(words):
        form = forms.get(match.group().casefold())
        if form is not None and len(form) == len(match.group()):
            cased[match.start() : match.end()] = form
            settled.add(index)
    for index in range(len(words)):
        if index in settled:
            continue
        for count in range(min(_MAX_NAME_WORDS, len(words) - index), 0, -1):
            run = range(index, index + count)
            if settled.intersection(run) and count > 1:
                continue
            start, end = words[index].start(), words[index + count - 1].end()
            name = _gazetteer_form(title, start, end, names, acronyms)
            if name is not None:
                cased[start : start + len(name)] = name
                settled.update(run)
                break
    for index, match in enumerate(words):
        word = match.group()
        if index not in settled and not (acronyms and len(word) > 1 and word.isupper()):
            cased[match.start() : match.end()] = _hyphenated(word, forms, names, acronyms)
    text = "".join(cased)
    first = words[0].start() if words else 0
    return text[:first] + text[first : first + 1].upper() + text[first + 1 :]


def _hyphenated(word: str, forms: Mapping[str, str], names: Mapping[str, str], cased: bool) -> str:
    """A word of a title in lower case, but for the parts of a hyphenated word the body
    or the gazetteer writes otherwise, or that are acronyms ("US-Led" -> "US-led").

    >>> _hyphenated("US-Led", {}, {"us": "US"}, cased=True)
    'US-led'
    """
    parts = word.split("-")
    if len(parts) < 2:
        return word.lower()
    out = []
    for part in parts:
        form = forms.get(part.casefold()) or names.get(part.casefold())
        if form is not None and len(form) == len(part) and form.casefold() == part.casefold():
            out.append(form)
        elif cased and len(part) > 1 and part.isupper():
            out.append(part)
        else:
            out.append(part.lower())
    return "-".join(out)


def _gazetteer_form(
    title: str, start: int, end: int, names: Mapping[str, str], cased: bool
) -> str | None:
    """The gazetteer's form of the title's words `start:end` (with a final full stop, as in
    "U.N."), when it writes them with the same letters; in a `cased` (Title Case) title,
    also in the same case but for each word's first letter.

    >>> _gazetteer_form("Car Bomb", 0, 3, {"car": "CAR"}, cased=True) is None
    True
    """
    for stop in (end + 1, end) if title[end : end + 1] == "." else (end,):
        phrase = title[start:stop]
        name = names.get(phrase.casefold())
        if name is None or len(name) != len(phrase):
            continue
        if cased and _past_initials(name) != _past_initials(phrase):
            continue
        return name
    return None


def _past_initials(text: str) -> str:
    """`text` with the first letter of each word dropped: the case a Title Case title keeps."""
    return re.sub(r"\b\w", "", text)


def sentence_case(text: str, names: Mapping[str, str]) -> tuple[str, CasedTitle | None]:
    """`text` with its title (if shouted) truecased, and the title as written, or None
    when nothing changed.

    >>> sentence_case("GOP SHARPENS ATTACKS\\n\\nThe GOP said so.", {})
    ('GOP sharpens attacks\\n\\nThe GOP said so.', CasedTitle(start=0, original='GOP SHARPENS ATTACKS'))
    """
    span = find_title(text)
    if span is None:
        return text, None
    start, end = span
    title = text[start:end]
    if not is_shouted(title):
        return text, None
    cased = truecase_title(title, text[end:], names)
    if cased == title or len(cased) != len(title):
        return text, None
    return text[:start] + cased + text[end:], CasedTitle(start, title)


_TEXT_KEY = ("kg", "text")


def doc_text(doc: Doc) -> str:
    """`doc.text`, joined once: spaCy joins it from every token on each read, and the
    extractors read it several times an article."""
    user_data: dict[Any, Any] = doc.user_data
    text = user_data.get(_TEXT_KEY)
    if not isinstance(text, str):
        text = user_data[_TEXT_KEY] = doc.text
    return text


def dateline_dash(doc: Doc, start: int, text: str) -> int | None:
    """The dash that ends a dateline opening the paragraph at token `start` ("KUWAIT CITY -
    Iraqi President ...", "NAJAF, Iraq (Reuters) - "), or None: the story's first sentence
    starts after it, so that the parser never reads the dateline as part of it. `text` is
    `doc.text`, which spaCy joins from every token on each read."""
    found = DATELINE.match(text, doc[start].idx)
    if found is None or found.group().rstrip().endswith(":"):
        return None
    end = len(found.group().rstrip())
    for token in doc[start:]:
        if token.idx >= found.start() + end:
            return None
        if token.idx + len(token) == found.start() + end and token.is_punct:
            return token.i
    return None
