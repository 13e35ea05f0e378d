"""Turn dirty article text into clean paragraphs, dropping layout noise.

The cleaned text is the article's canonical text: every later stage's character offsets
point into it. Cleaning normalises characters (NFC, newlines, spaces), unwraps
hard-wrapped paragraphs, then drops lines that are page furniture rather than
reporting: "Advertisement", "Share", bylines, photo captions and credits, cookie and
adblock banners, section labels, related-story teasers, short headings and repeated
paragraphs. Every noise rule is data (compiled regexes in module-level tuples); the
passes below only decide which lines to drop around them.

It errs on the side of keeping text: a line is dropped only when it matches a noise
pattern outright, or it is short and has no sentence-final punctuation.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from difflib import SequenceMatcher
from email.utils import parsedate_to_datetime
from typing import Final

__all__ = ["CleanResult", "clean_text", "normalise_date", "normalise_field"]

# --------------------------------------------------------------------------------------
# Character normalisation
# --------------------------------------------------------------------------------------

_SURROGATES: Final = re.compile(r"[\ud800-\udfff]")
_LINE_BREAKS: Final = re.compile(r"\r\n?|[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_INVISIBLE: Final = re.compile(r"[\u00ad\u200b\u2060\ufeff]")
_HSPACE: Final = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_CONTROL: Final = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_SPACES: Final = re.compile(r" {2,}")
_BULLET: Final = re.compile(r"^[•·▪◦●]\s*")
# "NIAMEYNiger’s new junta…": a dateline glued to the first word of the paragraph.
_GLUED_DATELINE: Final = re.compile(r"^([A-Z]{4,})(?=[A-Z][a-z])")

# --------------------------------------------------------------------------------------
# Noise patterns (whole line, matched after normalisation)
# --------------------------------------------------------------------------------------

_I: Final = re.IGNORECASE

_NOISE_PATTERNS: Final[tuple[re.Pattern[str], ...]] = tuple(
    re.compile(p, _I)
    for p in (
        # advertising and page furniture
        r"advert(?:isement|ising)?",
        r"(?:story|article) continues (?:below|after)(?: (?:the )?(?:advertisement|ad))?\.?",
        r"scroll (?:down )?to continue(?: with content)?\.?",
        r"sponsored(?: content| links?| stories)?",
        r"share(?: this(?: article| story| page| post)?| on (?:facebook|twitter|x|whatsapp|linkedin"
        r"|email)| via \w+)?:?",
        r"(?:tweet|email|print|copy link|save|bookmark|whatsapp|facebook|twitter|linkedin)",
        r"skip to (?:main )?content",
        r"(?:log ?in|sign ?in|sign up|register|menu|search|close|home)",
        r"back to top(?: button)?",
        r"leave a (?:reply|comment)\b.{0,40}",
        r"(?:show comments|view comments|\d+ comments?|comments?(?: \(\d+\))?)",
        r"your email address will not be published\b.*",
        r"required fields are marked\b.*",
        r"(?:listen(?: to this (?:article|story))?|\d+ min(?:ute)?s? read|.{0,40}\bmin read)",
        r"download(?: (?:jpg|jpeg|png|gif|pdf|image|photo|video|file))?",
        r"\d{1,2}:\d{2}(?::\d{2})?",
        r"(?:updated|published|posted|last updated|first published)(?: on)?\s*:?",
        r"(?:updated|published|posted|last updated|first published)(?: on)?\s*:?\s*"
        r"(?:\w{3,9}\.?,?\s+)?\d[\w ,.:/+-]{0,50}",
        # subscriptions, newsletters, paywalls
        r"subscribe\b.{0,100}",
        r"(?:sign up|subscribe|get|join|receive|register)\b.{0,120}\bnewsletters?\b.{0,80}",
        r"already (?:a )?(?:subscriber|member)\b.{0,100}",
        r"this article is (?:freely available|free to read|for subscribers|reserved)\b.{0,80}",
        r"la rédaction(?: de\b| d['’]).{0,60}",
        r"(?:follow us|follow @)\b.{0,80}",
        r"click here\b.{0,100}",
        r"continue reading\b.{0,100}",
        # related-story teasers
        r"read (?:more|next|also|the full (?:story|article|report))\b.{0,200}",
        r"(?:also read|see also|more on this story|more coverage)\b:?.{0,200}",
        r"more (?:from|on|about) (?!.*[.!?]$).{1,80}",
        r"related(?: (?:articles?|stories|story|coverage|content|news|topics|reading|links?"
        r"|videos?|posts?))?\s*(?::.{0,200})?",
        r"recommended(?: (?:videos?|stories|articles|for you|reading))?",
        r"(?:most (?:read|popular|viewed|shared)|trending(?: now)?|top stories|latest news)",
        r"watch:\s.{0,100}",
        r"(?:international|external) link",
        # cookie, consent and adblock banners
        r"(?:we|this (?:web)?site|our (?:web)?site)\s+uses?\s+cookies\b.{0,400}",
        r"by (?:continuing|using)\b.{0,80}\b(?:cookies|site|website)\b.{0,200}",
        r"(?:accept|reject|allow|manage)(?: all)?(?: cookies| preferences| settings| choices)",
        r"cookie (?:policy|settings|preferences|notice|consent)",
        r"we value your privacy\b.{0,300}",
        r"(?=.*\bad[ -]?block(?:er|ing)?s?\b)(?=.*\b(?:disable|detected|turn off|whitelist"
        r"|allow|close|pause|using)\b).{0,250}",
        r"error:.{0,100}",
        r".{0,40}content selection is disabled.{0,40}",
        # copyright and agency boilerplate
        r"©.{0,200}",
        r"(?:copyright|\(c\))\s*(?:©\s*)?\d{4}\b.{0,200}",
        r"all rights reserved\.?",
        r"this material may not be published, broadcast, rewritten,? or redistributed\.?",
        r"(?:terms of (?:use|service)|privacy policy)",
        r"(?:\S+\s+){0,20}contributed (?:reporting )?to this (?:report|story|article)\.?",
        r"(?:the )?(?:associated press|ap|reuters|afp)\b.{0,40}\b(?:writers?|reporters?"
        r"|correspondents?)\b.{0,200}\bcontributed\b.{0,40}",
        # photo furniture ("Photo: …" credits are handled with their caption, below)
        r"(?:image|media) (?:caption|source)\b.{0,200}",
        # section labels
        r"(?:world|nation|world & nation|world and nation|africa|europe|asia|americas"
        r"|middle east|politics|business|opinion|analysis|news|world news|breaking news"
        r"|international|u\.?s\.?|national|latest|live|video|videos|sport|sports|economy"
        r"|markets|science|health|culture|technology|tech)",
        # separators and menus
        r"[\W_]+",
        r"(?:[^|•·]{1,30}\s*[|•·]\s*){2,}[^|•·]{1,30}",
    )
)
"""Lines that are page furniture. Each must match the whole (normalised) line."""

_NOISE: Final = re.compile("|".join(f"(?:{p.pattern})" for p in _NOISE_PATTERNS), _I)
"""All of `_NOISE_PATTERNS` as one regex, so a line is tested in one call."""

_NOISE_MAX_LEN: Final = 450
"""Longer lines are never tested against the noise patterns: they are prose."""

_AGENCIES: Final[tuple[str, ...]] = (
    "Associated Press",
    "The Associated Press",
    "AP",
    "Reuters",
    "Thomson Reuters",
    "AFP",
    "Agence France-Presse",
    "Agence France Presse",
    "Bloomberg",
    "Bloomberg News",
    "dpa",
    "Anadolu Agency",
    "Xinhua",
    "TASS",
    "EFE",
    "ANSA",
    "UPI",
    "The Canadian Press",
    "Kyodo News",
    "PA Media",
    "BBC News",
    "CNN",
    "Al Jazeera",
)
_AGENCY_LINE: Final = re.compile(
    r"(?:" + "|".join(re.escape(a) for a in _AGENCIES) + r")(?: (?:writer|staff|reporter))?",
    _I,
)

# "By SAM MEDNICK", "By Jane Doe and John Roe", "By Jane Doe, Associated Press".
_NAME: Final = r"(?:[A-ZÀ-Þ][\w.'’-]*|de|da|van|von|der|al|el|bin|le|la|du)"
_PERSON: Final = rf"{_NAME}(?: {_NAME}){{0,4}}"
_ORG: Final = rf"(?:The )?{_NAME}(?: (?:{_NAME}|of|for|and|&))*"
_BYLINE: Final = re.compile(
    rf"(?:By|BY|Written by|Words by) (?P<names>{_PERSON}(?: ?(?:,|and|&) ?{_PERSON})*)"
    rf"(?: ?(?:,|\||/|–|—|-|for) ?(?P<org>{_ORG}))?"
)
_BYLINE_MAX_LEN: Final = 120
_NAME_SEPARATOR: Final = re.compile(r" ?(?:,|\band\b|&) ?")

# A line that is nothing but a photo credit: "(Sam Mednick / Associated Press)".
_CREDIT_WORDS: Final = (
    r"/|\bPhoto|\bPhotograph|\bGetty\b|\bImages?\b|\bAP\b|\bReuters\b|\bAFP\b|\bEPA\b|\bPool\b"
    r"|\bCredit|\bCourtesy\b|Associated Press|\bCopyright\b"
)
_CREDIT_ONLY: Final = re.compile(rf"(?:\((?=[^()]*(?:{_CREDIT_WORDS}))[^()]{{2,160}}\)\s*)+")
_CREDIT_TOKEN: Final = r"(?:[A-Z][\w.'’&-]*(?:/[A-Z][\w.'’&-]*)*|via|and|for|of|the|de)"
# "Sam Mednick/The Canadian Press/AP" alone on a line (it must contain a slash).
_BARE_CREDIT: Final = re.compile(
    rf"(?=[^/]*[A-Za-z]/[A-Z]){_CREDIT_TOKEN}(?: {_CREDIT_TOKEN}){{0,7}}"
)
# An unbracketed credit must name a photo agency: "Russia/Ukraine War" is not a credit.
_CREDIT_AGENCY: Final = re.compile(
    r"\b(?:AP|AFP|Reuters|Getty|Images|Press|EPA|Pool|Photos?|Bloomberg|Xinhua|Anadolu|Sipa"
    r"|Shutterstock|Alamy|DPA|dpa|TASS|Sputnik|Redux|NurPhoto|ZUMA|Zuma|UPI|Abaca|Polaris"
    r"|Wire|Agency|via)\b"
)
_CREDIT_LINE_PATTERNS: Final[tuple[re.Pattern[str], ...]] = (
    _CREDIT_ONLY,
    re.compile(r"(?:photo|photograph|picture|image|credit|illustration)s?\s*:.{0,120}", _I),
    re.compile(r"(?:getty images|ap photo|file photo)", _I),
)

# A caption paragraph: ends with a credit, or starts like a wire photo caption.
_TRAILING_CREDIT: Final[tuple[re.Pattern[str], ...]] = (
    re.compile(
        r"\((?:AP|AFP|Reuters|EPA|Getty|Associated Press)\b[^()]{0,100}\)(?:\s*\([^()]*\))*$"
    ),
    re.compile(r"\([A-Z][^()/]{0,60}/[^()]{1,100}\)(?:\s*\([^()]*\))*$"),
    re.compile(rf"[.!?”\")]\s+(?P<tail>{_CREDIT_TOKEN}(?: {_CREDIT_TOKEN}){{0,7}})$"),
)
_CAPTION_START: Final = re.compile(r"^(?:FILE\s*[-–—:]\s|FILE PHOTO\b|In this (?:photo|image)\b)")

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

_MONTHS: Final[dict[str, int]] = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH: Final = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY: Final = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,? )?"
_TIME: Final = r"(?:,? \d{1,2}:\d{2}(?: ?[ap]\.?m\.?)?(?: [A-Z]{2,4})?)?"
_TEXT_DATES: Final[tuple[re.Pattern[str], ...]] = (
    re.compile(rf"{_WEEKDAY}{_MONTH} (?P<day>\d{{1,2}}),? (?P<year>\d{{4}}){_TIME}", _I),
    re.compile(rf"{_WEEKDAY}(?P<day>\d{{1,2}}) {_MONTH},? (?P<year>\d{{4}}){_TIME}", _I),
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
    lines = _split_lines(_normalise(raw))
    meta: dict[str, str] = {}
    _drop_noise(lines)
    _drop_captions(lines)
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
        published=meta.get("published"),
        dropped=tuple(line.text for line in lines if not line.keep),
    )


def normalise_field(value: object) -> str | None:
    """Return a metadata string on one line with spaces collapsed, or None if empty.

    >>> normalise_field("  Niger\\u00a0coup\\n")
    'Niger coup'
    >>> normalise_field(3) is None
    True
    """
    if not isinstance(value, str):
        return None
    text = unicodedata.normalize("NFC", _SURROGATES.sub("\ufffd", value))
    text = " ".join(_CONTROL.sub(" ", _INVISIBLE.sub("", text)).split())
    return text or None


def normalise_date(value: object) -> str | None:
    """Return an ISO or RFC 2822 date/datetime (or "Aug. 5, 2023") as YYYY-MM-DD, else None.

    The date is the one written, in its own time zone; nothing is converted.

    >>> normalise_date("2023-08-05T10:00:00Z")
    '2023-08-05'
    >>> normalise_date("Sat, 05 Aug 2023 10:00:00 +0000")
    '2023-08-05'
    >>> normalise_date("last Tuesday") is None
    True
    """
    text = normalise_field(value)
    if text is None or len(text) > 64:
        return None
    try:
        return datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    return _parse_text_date(text)


# --------------------------------------------------------------------------------------
# Normalisation and line splitting
# --------------------------------------------------------------------------------------


def _normalise(raw: str) -> str:
    text = _SURROGATES.sub("\ufffd", raw)
    text = _LINE_BREAKS.sub("\n", text)
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = _HSPACE.sub(" ", text)
    return _CONTROL.sub("", text)


def _split_lines(text: str) -> list[_Line]:
    """Split into stripped lines, keeping which blank-line-separated block each came from."""
    lines: list[_Line] = []
    block: list[str] = []
    index = 0
    for raw_line in [*text.split("\n"), ""]:
        line = _SPACES.sub(" ", raw_line).strip()
        line = _BULLET.sub("", line)
        if line:
            block.append(line)
            continue
        if block:
            lines.extend(_Line(part, index) for part in _unwrap(block))
            index += 1
            block = []
    for item in lines:
        item.text = _GLUED_DATELINE.sub(r"\1 — ", item.text)
    return lines


def _unwrap(block: list[str]) -> list[str]:
    """Join the lines of hard-wrapped paragraphs; keep lines that are paragraphs of their own.

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
    furniture = [_is_furniture(line) or bool(_DATELINE_ONLY.fullmatch(line)) for line in block]
    dense = wrapped and len(block) >= 3 and sum(full[:-1]) >= 2 * (len(block) - 1) / 3
    # In a wrapped paragraph a full-width line is prose even if it looks like furniture.
    fixed = [f and not (dense and w) for f, w in zip(furniture, full, strict=True)]
    joined = [block[0]]
    for i in range(1, len(block)):
        prev, line = block[i - 1], block[i]
        lower = line[0].islower()
        open_end = not _has_terminal(prev) or bool(_ABBREVIATION_END.search(prev))
        runs_on = (full[i - 1] and (dense or open_end or lower)) or (
            len(prev) >= _WRAP_MIN and open_end and lower
        )
        if runs_on and not fixed[i - 1] and not fixed[i]:
            glue = "" if _HYPHEN_BREAK.search(prev) and line[0].isalpha() else " "
            joined[-1] = f"{joined[-1]}{glue}{line}"
        else:
            joined.append(line)
    return joined


def _is_furniture(line: str) -> bool:
    return (
        _is_noise(line)
        or _is_credit_line(line)
        or _byline(line) is not None
        or bool(_AGENCY_LINE.fullmatch(line))
    )


# --------------------------------------------------------------------------------------
# Passes over the lines
# --------------------------------------------------------------------------------------


def _drop_noise(lines: list[_Line]) -> None:
    for line in lines:
        if _is_noise(line.text):
            line.keep = False


def _drop_captions(lines: list[_Line]) -> None:
    """Drop photo credits and the caption lines directly above them, and credited captions."""
    for i, line in enumerate(lines):
        if not line.keep:
            continue
        if _is_credit_line(line.text):
            line.keep = False
            _drop_caption_above(lines, i)
        elif _is_credited_caption(line.text):
            line.keep = False


def _drop_caption_above(lines: list[_Line], i: int) -> None:
    """Drop the caption that sits directly above the credit at `i`, in the same block."""
    block = lines[i].block
    j = i - 1
    first = True
    while j >= 0 and lines[j].block == block:
        line = lines[j]
        if line.keep:
            if first or _is_heading_like(line.text, max_words=25):
                line.keep = False
                first = False
            else:
                return
        j -= 1


def _drop_bylines(lines: list[_Line], meta: dict[str, str]) -> None:
    for i, line in enumerate(lines):
        if not line.keep:
            continue
        match = _byline(line.text)
        if match is not None:
            line.keep = False
            names, agency = match
            meta.setdefault("byline", names)
            if agency is not None:
                meta.setdefault("source", agency)
            nxt = _next_kept(lines, i)
            if nxt is not None and _AGENCY_LINE.fullmatch(lines[nxt].text):
                meta.setdefault("source", lines[nxt].text)
                lines[nxt].keep = False
        elif _AGENCY_LINE.fullmatch(line.text):
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
        day = _parse_text_date(line.text)
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


def _is_noise(text: str) -> bool:
    if len(text) > _NOISE_MAX_LEN:
        return False
    return _NOISE.fullmatch(text) is not None


def _is_credit_line(text: str) -> bool:
    if len(text) > 250:
        return False
    if _BARE_CREDIT.fullmatch(text) and _CREDIT_AGENCY.search(text):
        return True
    return any(p.fullmatch(text) for p in _CREDIT_LINE_PATTERNS)


def _is_credited_caption(text: str) -> bool:
    if _CAPTION_START.match(text):
        return True
    tail = text[-260:]
    for pattern in _TRAILING_CREDIT:
        match = pattern.search(tail)
        if match is None:
            continue
        credit = match.groupdict().get("tail")
        if credit is None or ("/" in credit and _CREDIT_AGENCY.search(credit)):
            return True
    return False


def _byline(text: str) -> tuple[str, str | None] | None:
    """Return a byline's names and the news agency it names, if any."""
    if len(text) > _BYLINE_MAX_LEN:
        return None
    match = _BYLINE.fullmatch(text)
    if match is None:
        return None
    names: str = match.group("names")
    org: str | None = match.group("org")
    if org is not None:
        return names, org if _AGENCY_LINE.fullmatch(org) else None
    parts = _NAME_SEPARATOR.split(names)
    if _AGENCY_LINE.fullmatch(parts[-1]):
        rest = names[: len(names) - len(parts[-1])].rstrip(" ,&").removesuffix(" and")
        return rest or parts[-1], parts[-1]
    return names, None


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


def _parse_text_date(text: str) -> str | None:
    if len(text) > 60:
        return None
    for pattern in _TEXT_DATES:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        month = _MONTHS[match.group("month")[:3].lower()]
        try:
            return date(int(match.group("year")), month, int(match.group("day"))).isoformat()
        except ValueError:
            return None
    return None
