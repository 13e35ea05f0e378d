"""Lines that are page furniture, not reporting: layout noise ("Advertisement", "Share",
menus, section labels), news agency lines, bylines, photo credits and captions.

Every rule is data (compiled regexes in module-level tuples); `kg.ingest.clean` decides
which lines to drop around them.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = [
    "byline",
    "is_agency_line",
    "is_credit_line",
    "is_credited_caption",
    "is_furniture",
    "is_noise",
]

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


def is_furniture(line: str) -> bool:
    """Say whether a line is noise, a credit, a byline or an agency line."""
    return (
        is_noise(line) or is_credit_line(line) or byline(line) is not None or is_agency_line(line)
    )


def is_agency_line(text: str) -> bool:
    """Say whether a line is only a news agency's name ("Associated Press", "Reuters staff")."""
    return _AGENCY_LINE.fullmatch(text) is not None


def is_noise(text: str) -> bool:
    """Say whether a line (short enough to test) is layout noise as a whole."""
    if len(text) > _NOISE_MAX_LEN:
        return False
    return _NOISE.fullmatch(text) is not None


def is_credit_line(text: str) -> bool:
    """Say whether a line is nothing but a photo credit."""
    if len(text) > 250:
        return False
    if _BARE_CREDIT.fullmatch(text) and _CREDIT_AGENCY.search(text):
        return True
    return any(p.fullmatch(text) for p in _CREDIT_LINE_PATTERNS)


def is_credited_caption(text: str) -> bool:
    """Say whether a paragraph is a photo caption: it ends with a credit or opens like one."""
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


def byline(text: str) -> tuple[str, str | None] | None:
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
