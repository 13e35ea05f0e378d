"""Parse texts of any length: long ones in pieces, joined back into one `Doc`.

spaCy refuses a text over `nlp.max_length` (1,000,000 characters, error E088), and the
parser's memory grows with the length of each text it is given. A text over
`MAX_PIECE_CHARS` is cut at paragraph boundaries (else line, sentence, whitespace; a hard
cut only in a run of that many characters without any), the pieces go through
`nlp.pipe` with the other texts, and `Doc.from_docs` joins them. Every piece keeps its
trailing whitespace, so the joined doc's text is the original text, character for
character, and every offset in it is the offset in the original.

`parse_texts` also keeps one text's failure from costing the others: a batch that
raises is parsed again one text at a time, and only the text that fails is reported.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any, Generic, TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp.headline import TITLE_EXTENSION, CasedTitle

log = logging.getLogger(__name__)

MAX_PIECE_CHARS = 10_000
"""The longest text parsed at once. `nlp.pipe` batches texts by count, and its memory grows
with the characters of a batch: a 1.1 MB article (en_core_web_sm, batches of 16) peaks at
3.3 GB in pieces of 100,000 characters, 1.2 GB in pieces of 20,000 and 0.8 GB in pieces
of 10,000, about what a batch of 16 ordinary articles takes (and parses in 38 s rather
than 45 s). Cut at paragraphs, which start a sentence anyway, the pieces parse as the
whole text does, but for a rare dependency arc by the cut."""

_BOUNDARIES = (
    re.compile(r"\n[^\S\n]*\n\s*"),  # a blank line: the end of a paragraph
    re.compile(r"\n\s*"),  # a line break
    re.compile(r"[.!?][\"'”’)\]]*\s+"),  # the end of a sentence
    re.compile(r"\s+"),
)
"""Where a piece may end, best first; each takes the whitespace after it along."""

C = TypeVar("C")


@dataclass(frozen=True, slots=True)
class ParseFailure:
    """Why one text has no `Doc`: the exception spaCy (or the join) raised on it."""

    error: Exception

    def reason(self) -> str:
        detail = " ".join(str(self.error).split())[:200]
        return f"internal error while parsing ({type(self.error).__name__}: {detail})"


@dataclass(frozen=True, slots=True)
class _Text(Generic[C]):
    context: C
    pieces: tuple[str, ...]


def piece_ends(text: str, limit: int = MAX_PIECE_CHARS) -> list[int]:
    """Where each piece of `text` ends: pieces of at most `limit` characters, cut at the best
    boundary in the second half of each (so no piece is needlessly short).

    >>> piece_ends("one two.\\n\\nthree four.\\n\\nfive", 16)
    [10, 23, 27]
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    ends: list[int] = []
    start = 0
    while len(text) - start > limit:
        start = _cut(text, start, start + limit)
        ends.append(start)
    ends.append(len(text))
    return ends


def _cut(text: str, start: int, stop: int) -> int:
    """The end of the piece that starts at `start` and may not pass `stop`."""
    floor = start + (stop - start) // 2
    for boundary in _BOUNDARIES:
        last = 0
        for match in boundary.finditer(text, floor, stop):
            last = match.end()
        if last > floor:
            return last
    return stop  # no whitespace in half a piece: not prose, any cut will do


def split_text(text: str, limit: int = MAX_PIECE_CHARS) -> tuple[str, ...]:
    """`text` in pieces of at most `limit` characters; joined, they are `text` again."""
    starts = [0, *piece_ends(text, limit)]
    return tuple(text[a:b] for a, b in pairwise(starts))


def join_docs(docs: list[Doc]) -> Doc:
    """One doc from the docs of consecutive pieces, its text their texts joined exactly."""
    if len(docs) == 1:
        return docs[0]
    # each piece's truecased title, at its offset in the whole: from_docs would drop them
    # with a warning, so they are taken off the pieces and set on the whole
    titles: list[CasedTitle] = []
    offset = 0
    for doc in docs:
        titles.extend(replace(t, start=t.start + offset) for t in doc._.get(TITLE_EXTENSION))
        user_data: dict[Any, Any] = doc.user_data  # keyed by tuples, whatever spaCy's stub says
        user_data.pop(("._.", TITLE_EXTENSION, None, None), None)
        offset += len(doc.text)
    joined = Doc.from_docs(docs, ensure_whitespace=False)
    assert joined is not None  # None only for an empty list
    joined._.set(TITLE_EXTENSION, tuple(titles))
    return joined


def parse_texts(
    nlp: Language,
    items: Iterable[tuple[str, C]],
    batch_size: int,
    limit: int = MAX_PIECE_CHARS,
) -> Iterator[tuple[Doc | ParseFailure, C]]:
    """Parse each (text, context) in order, as `nlp.pipe(items, as_tuples=True)` does, with
    texts of any length; a text that cannot be parsed gives a `ParseFailure`, and the
    others are parsed all the same."""
    batch: list[_Text[C]] = []
    pieces = 0
    for text, context in items:
        entry = _Text(context, split_text(text, limit))
        batch.append(entry)
        pieces += len(entry.pieces)
        if pieces >= batch_size:
            yield from _parse_batch(nlp, batch, batch_size)
            batch, pieces = [], 0
    if batch:
        yield from _parse_batch(nlp, batch, batch_size)


def _parse_batch(
    nlp: Language, batch: list[_Text[C]], batch_size: int
) -> Iterator[tuple[Doc | ParseFailure, C]]:
    """Parse a batch's pieces in one `nlp.pipe`; if it raises, each text again alone."""
    stream = ((piece, t) for t, entry in enumerate(batch) for piece in entry.pieces)
    try:
        pieces: list[list[Doc]] = [[] for _ in batch]
        for piece, t in nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
            pieces[t].append(piece)
        parsed: list[Doc | ParseFailure] = [join_docs(docs) for docs in pieces]
    except Exception as exc:
        if len(batch) > 1:  # one text broke the batch: find which, parse the others
            for entry in batch:
                yield from _parse_batch(nlp, [entry], batch_size)
            return
        log.debug("parsing failed", exc_info=True)
        parsed = [ParseFailure(exc)]
    for entry, result in zip(batch, parsed, strict=True):
        yield result, entry.context
