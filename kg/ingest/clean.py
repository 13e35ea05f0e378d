"""Turn dirty article text into clean paragraphs, dropping layout noise.

The cleaned text is the article's canonical text: every later stage's character offsets
point into it. Cleaning normalises characters (NFC, newlines, spaces), unwraps
hard-wrapped paragraphs, then drops lines that are page furniture rather than
reporting: "Advertisement", "Share", bylines, photo captions and credits, cookie and
adblock banners, section labels, related-story teasers, short headings and repeated
paragraphs. Every noise rule is data (`kg.ingest.furniture`); the passes here only decide
which lines to drop around them.

It errs on the side of keeping text: a line is dropped only when it matches a noise
pattern outright, or it is short and has no sentence-final punctuation.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Final

from kg.ingest.furniture import (
    byline,
    is_agency_line,
    is_credit_line,
    is_credited_caption,
    is_furniture,
    is_noise,
)
from kg.ingest.normalise import find_text_dates, normalise_characters, parse_text_date

__all__ = ["CleanResult", "clean_text"]

_SPACES: Final = re.compile(r" {2,}")
_BULLET: Final = re.compile(r"^[•·▪◦●]\s*")
# A line indented by two spaces or a tab: a paragraph start in wire and typewriter text.
_INDENT: Final = re.compile(r"^(?: {2,}|\t)\S")
# "NIAMEYNiger’s new junta…": a dateline glued to the first word of the paragraph.
_GLUED_DATELINE: Final = re.compile(r"^([A-Z]{4,})(?=[A-Z][a-z])")

# A wrapped line that ends in a title abbreviation ("… condemned Mr.") runs on.
_ABBREVIATION_END: Final = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Sgt|Capt|Cmdr|Adm|Maj|Sen|Rep|Gov|Prof|Rev|Sheikh|Gens)\.$"
)
# "self-" at the end of a wrapped line: the word continues on the next one.
_HYPHEN_BREAK: Final = re.compile(r"[^\W\d_]-$")

# "NIAMEY, Niger —" alone on a line: it belongs to the paragraph that follows.
_DATELINE_ONLY: Final = re.compile(
    r"[A-Z][A-Z.'’ -]{2,}(?:, ?[A-Z][\w.'’ -]{1,40})?(?: ?\([A-Z]{2,}\))? ?[—–-]{1,2}"
)

_TERMINAL: Final = frozenset(".!?…:;。！？؟۔")
_CLOSERS: Final = "”’\"')]»"
_HEADING_MAX_WORDS: Final = 12
_TITLE_MAX_CHARS: Final = 200
_NEAR_DUP_WINDOW: Final = 3
_NEAR_DUP_RATIO: Final = 0.9
_NEAR_DUP_MIN: Final = 80
_NEAR_DUP_MAX: Final = 2000
_DEDUP_MIN: Final = 20
_WRAP_MIN: Final = 30
_WRAP_MAX: Final = 100
_WRAP_FULL: Final = 0.6
_WRAP_MIN_FULL: Final = 20


@dataclass(frozen=True, slots=True)
class CleanResult:
    """Cleaned article text and the metadata found in its header lines."""

    text: str
    title: str | None = None
    byline: str | None = None
    source: str | None = None
    published: str | None = None
    dropped: tuple[str, ...] = field(default=(), repr=False)


@dataclass(slots=True)
class _Line:
    text: str
    block: int
    keep: bool = True


# --------------------------------------------------------------------------------------
# Public functions
# --------------------------------------------------------------------------------------


def clean_text(raw: str) -> CleanResult:
    """Clean an article's raw text into paragraphs separated by one blank line.

    >>> r = clean_text("Advertisement\\n\\nNiger junta closes borders\\n\\nBy SAM MEDNICK\\n"
    ...                "Associated Press\\nShare\\n\\nThe junta closed the borders on Monday.")
    >>> r.text
    'Niger junta closes borders\\n\\nThe junta closed the borders on Monday.'
    >>> (r.title, r.source)
    ('Niger junta closes borders', 'Associated Press')
    """
    lines = _split_lines(normalise_characters(raw))
    meta: dict[str, str] = {}
    _drop_noise(lines)
    caption_dates = _drop_captions(lines)
    _drop_bylines(lines, meta)
    _drop_teasers(lines, meta)
    _merge_datelines(lines)
    _drop_duplicates(lines)
    title = _find_title(lines)
    _drop_headings(lines, title)
    kept = [line.text for line in lines if line.keep]
    text = unicodedata.normalize("NFC", "\n\n".join(kept))
    return CleanResult(
        text=text,
        title=title,
        byline=meta.get("byline"),
        source=meta.get("source"),
        published=meta.get("published") or caption_date(caption_dates),
        dropped=tuple(line.text for line in lines if not line.keep),
    )


# --------------------------------------------------------------------------------------
# Line splitting and unwrapping
# --------------------------------------------------------------------------------------


def _split_lines(text: str) -> list[_Line]:
    """Split into stripped lines, keeping which blank-line-separated block each came from."""
    lines: list[_Line] = []
    block: list[str] = []
    indented: list[bool] = []
    index = 0
    for raw_line in [*text.split("\n"), ""]:
        line = _SPACES.sub(" ", raw_line).strip()
        line = _BULLET.sub("", line)
        if line:
            block.append(line)
            indented.append(bool(_INDENT.match(raw_line)))
            continue
        if block:
            lines.extend(_Line(part, index) for part in _unwrap(block, indented))
            index += 1
            block = []
            indented = []
    for item in lines:
        item.text = _GLUED_DATELINE.sub(r"\1 — ", item.text)
    return lines


def _unwrap(block: list[str], indented: Sequence[bool] = ()) -> list[str]:
    """Join the lines of hard-wrapped paragraphs; keep lines that are paragraphs of their own.

    A wrapped block that indents some of its lines but not others (the wire and
    typewriter convention) starts a paragraph exactly at each indented line: the
    first line of a story may be short because a dateline was cut from it, and a
    name broken at its end ("Richard von / Weizsaecker") must still be joined.

    A block whose lines are all at most `_WRAP_MAX` long is taken as wrapped at the
    width of its longest line. A line that fills at least `_WRAP_FULL` of that width
    runs on into the next one when it has no final punctuation, when the next line
    starts in lower case, or when most of the block's lines are full (a wrapped
    paragraph, whose lines may end at a sentence end). A short line ends a paragraph.
    Page furniture (bylines, credits, noise) is never joined to anything.
    """
    if len(block) < 2:
        return block
    width = max(len(line) for line in block)
    wrapped = width <= _WRAP_MAX
    threshold = max(_WRAP_MIN_FULL, _WRAP_FULL * width)
    full = [wrapped and len(line) >= threshold for line in block]
    furniture = [is_furniture(line) or bool(_DATELINE_ONLY.fullmatch(line)) for line in block]
    dense = wrapped and len(block) >= 3 and sum(full[:-1]) >= 2 * (len(block) - 1) / 3
    # In a wrapped paragraph a full-width line is prose even if it looks like furniture.
    fixed = [f and not (dense and w) for f, w in zip(furniture, full, strict=True)]
    starts = _indented_starts(block, indented) if wrapped else None
    joined = [block[0]]
    for i in range(1, len(block)):
        prev, line = block[i - 1], block[i]
        lower = line[0].islower()
        open_end = not _has_terminal(prev) or bool(_ABBREVIATION_END.search(prev))
        if starts is not None:
            runs_on = not starts[i]
        else:
            runs_on = (full[i - 1] and (dense or open_end or lower)) or (
                len(prev) >= _WRAP_MIN and open_end and lower
            )
        if runs_on and not fixed[i - 1] and not fixed[i]:
            glue = "" if _HYPHEN_BREAK.search(prev) and line[0].isalpha() else " "
            joined[-1] = f"{joined[-1]}{glue}{line}"
        else:
            joined.append(line)
    return joined


def _indented_starts(block: Sequence[str], indented: Sequence[bool]) -> list[bool] | None:
    """Which lines start a paragraph when the block marks paragraphs by indenting them,
    or None when it does not (no indented line after the first, or every one indented).

    A run-on line is never indented; a block indented throughout (a quotation, a
    table) says nothing about its paragraphs.

    >>> _indented_starts(["a b", "c d", "  e"], [False, False, True])
    [True, False, True]
    >>> _indented_starts(["a b", "c d"], [False, False]) is None
    True
    """
    if len(indented) != len(block) or len(block) < 3:
        return None
    later = indented[1:]
    if not any(later) or all(later):
        return None
    return [True, *later]


# --------------------------------------------------------------------------------------
# Passes over the lines
# --------------------------------------------------------------------------------------


def _drop_noise(lines: list[_Line]) -> None:
    for line in lines:
        if is_noise(line.text):
            line.keep = False


def _drop_captions(lines: list[_Line]) -> list[str]:
    """Drop photo credits and the caption lines directly above them, and credited captions.

    Returns the dates the dropped captions carry ("…in Niamey, Niger, Thursday, Aug. 3,
    2023."): a plain-text article often has no other date.
    """
    dates: list[str] = []
    for i, line in enumerate(lines):
        if not line.keep:
            continue
        if is_credit_line(line.text):
            line.keep = False
            dates.extend(find_text_dates(line.text))
            for caption in _drop_caption_above(lines, i):
                dates.extend(find_text_dates(caption))
        elif is_credited_caption(line.text):
            line.keep = False
            dates.extend(find_text_dates(line.text))
    return dates


def caption_date(dates: Sequence[str]) -> str | None:
    """The article's date as its photo captions bound it: the latest day a caption names
    (a photo is taken on or before the day its story runs; a "FILE" photo is older).

    >>> caption_date(["2023-07-27", "2023-08-06", "2023-03-16"]), caption_date([])
    ('2023-08-06', None)
    """
    return max(dates, default=None)


def _drop_caption_above(lines: list[_Line], i: int) -> list[str]:
    """Drop the caption that sits directly above the credit at `i`, in the same block;
    return the dropped lines' text."""
    block = lines[i].block
    j = i - 1
    first = True
    dropped: list[str] = []
    while j >= 0 and lines[j].block == block:
        line = lines[j]
        if line.keep:
            if first or _is_heading_like(line.text, max_words=25):
                line.keep = False
                dropped.append(line.text)
                first = False
            else:
                return dropped
        j -= 1
    return dropped


def _drop_bylines(lines: list[_Line], meta: dict[str, str]) -> None:
    for i, line in enumerate(lines):
        if not line.keep:
            continue
        match = byline(line.text)
        if match is not None:
            line.keep = False
            names, agency = match
            meta.setdefault("byline", names)
            if agency is not None:
                meta.setdefault("source", agency)
            nxt = _next_kept(lines, i)
            if nxt is not None and is_agency_line(lines[nxt].text):
                meta.setdefault("source", lines[nxt].text)
                lines[nxt].keep = False
        elif is_agency_line(line.text):
            line.keep = False


def _drop_teasers(lines: list[_Line], meta: dict[str, str]) -> None:
    """Drop date-only lines; mid-article, also the teaser headline (and dek) above one.

    A related-story teaser is "[section] / headline / [one-paragraph dek] / Aug. 5, 2023".
    A date line before the article's first body paragraph is its publication date.
    """
    seen_body = False
    for i, line in enumerate(lines):
        if not line.keep:
            continue
        if _is_body(line.text):
            seen_body = True
            continue
        day = parse_text_date(line.text)
        if day is None:
            continue
        line.keep = False
        if not seen_body:
            meta.setdefault("published", day)
            continue
        above = _kept_before(lines, i, 3)
        if above and _is_heading_like(above[0].text, max_words=30):
            doomed = above[:1]
            rest = above[1:]
        elif (
            len(above) >= 2
            and len(above[0].text) <= 400
            and _has_terminal(above[0].text)
            and _is_heading_like(above[1].text, max_words=30)
        ):
            doomed = above[:2]
            rest = above[2:]
        else:
            continue
        if rest and _is_heading_like(rest[0].text, max_words=5):
            doomed.append(rest[0])
        for teaser in doomed:
            teaser.keep = False


def _merge_datelines(lines: list[_Line]) -> None:
    """Join a "NIAMEY, Niger —" line to the paragraph it introduces."""
    for i, line in enumerate(lines):
        if line.keep and _DATELINE_ONLY.fullmatch(line.text):
            nxt = _next_kept(lines, i)
            if nxt is not None:
                lines[nxt].text = f"{line.text} {lines[nxt].text}"
                line.keep = False


def _drop_duplicates(lines: list[_Line]) -> None:
    """Drop exact repeats of an earlier paragraph, and near-repeats of a recent one."""
    seen: set[str] = set()
    recent: list[str] = []
    for line in lines:
        if not line.keep:
            continue
        key = _dedup_key(line.text)
        if len(key) >= _DEDUP_MIN:
            if key in seen or _is_near_repeat(key, recent):
                line.keep = False
                continue
            seen.add(key)
        if _NEAR_DUP_MIN <= len(key) <= _NEAR_DUP_MAX:
            recent = [*recent[-(_NEAR_DUP_WINDOW - 1) :], key]


def _find_title(lines: list[_Line]) -> str | None:
    """Return the first kept line if it looks like a headline (conservatively)."""
    first = next((line.text for line in lines if line.keep), None)
    if first is None or len(first) >= _TITLE_MAX_CHARS:
        return None
    words = first.split()
    if not 3 <= len(words) <= 30 or first.rstrip(_CLOSERS).endswith((".", ",", ";", ":")):
        return None
    if not (first[0].isupper() or first[0].isdigit() or first[0] in "“\"'‘"):
        return None
    if sum(any(c.isalpha() for c in w) for w in words) < 0.6 * len(words):
        return None
    return first


def _drop_headings(lines: list[_Line], title: str | None) -> None:
    """Drop short lines without final punctuation (headings, names, labels), except the title."""
    title_seen = title is None
    for line in lines:
        if not line.keep:
            continue
        if not title_seen and line.text == title:
            title_seen = True
            continue
        if _is_heading_like(line.text, max_words=_HEADING_MAX_WORDS - 1):
            line.keep = False


# --------------------------------------------------------------------------------------
# Line predicates
# --------------------------------------------------------------------------------------


def _has_terminal(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS + " ")
    return bool(stripped) and stripped[-1] in _TERMINAL


def _is_heading_like(text: str, *, max_words: int) -> bool:
    return not _has_terminal(text) and len(text.split()) <= max_words


def _is_body(text: str) -> bool:
    return _has_terminal(text) and len(text.split()) >= 8


def _dedup_key(text: str) -> str:
    return " ".join(re.sub(r"\W+", " ", text.casefold()).split())


def _is_near_repeat(key: str, recent: Sequence[str]) -> bool:
    """Say whether `key` repeats one of `recent` with a word or two changed."""
    if not _NEAR_DUP_MIN <= len(key) <= _NEAR_DUP_MAX:
        return False
    words = key.split()
    vocabulary = set(words)
    for other in recent:
        other_words = other.split()
        shared = len(vocabulary.intersection(other_words))
        if shared < _NEAR_DUP_RATIO * max(len(vocabulary), len(set(other_words))):
            continue
        if SequenceMatcher(None, other_words, words, autojunk=False).ratio() >= _NEAR_DUP_RATIO:
            return True
    return False


def _next_kept(lines: list[_Line], i: int) -> int | None:
    for j in range(i + 1, len(lines)):
        if lines[j].keep:
            return j
    return None


def _kept_before(lines: list[_Line], i: int, count: int) -> list[_Line]:
    found: list[_Line] = []
    for j in range(i - 1, -1, -1):
        if lines[j].keep:
            found.append(lines[j])
            if len(found) == count:
                break
    return found
