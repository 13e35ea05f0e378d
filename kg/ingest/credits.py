"""Who wrote an article's text: the credits, bylines and datelines that name a wire or outlet.

Each credit is kept as "kind:name" on the `Article` (`Article.credits`), strongest kind
first, so the graph stage can pick the article's original source without reading the
text again. The kinds, from strongest to weakest:

- `byline`: the agency a byline names ("By SAM MEDNICK / Associated Press"), as cleaning
  found it (`CleanResult.source`);
- `dateline`: a wire's dateline ("NIAMEY, Niger (AP) —", "LONDON (Reuters) -");
- `lead`: a feed's lead credit before the text or its dateline ("AP - …", "Canadian
  Press - VANCOUVER (CP) - …"): the printer, weaker than the dateline it precedes;
- `staff`: a wire's staff credit ("Associated Press writers … contributed"): the story is
  the wire's, its other writers helped;
- `relayed`: the text says it relays another outlet's report ("…, reports The New York
  Times", "Read more of this report from …");
- `self`: the outlet speaks of its own reporting ("The Epoch Times couldn't independently
  verify the assertion", "Reuters could not confirm");
- `interview`: the outlet that did the interviewing ("… told The Associated Press").

Photo credits ("(AP Photo/…)") are not credits of the text: an outlet prints wire photos
beside its own reporting. Nor is "Reuters contributed to this report", which says the
outlet wrote the story with some of a wire's material.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["CREDIT_KINDS", "find_credits"]

CREDIT_KINDS: Final = ("byline", "dateline", "lead", "staff", "relayed", "self", "interview")
"""Credit kinds, strongest first."""

# An outlet's name: capitalised words (with "of", "&", "-"), optionally after "The".
_OUTLET: Final = r"(?:[Tt]he )?[A-Z][\w.&'’-]*(?: (?:[A-Z][\w.&'’-]*|of|&))*"

_DATELINE: Final = re.compile(
    r"^[A-Z][A-Z.'’ -]{1,40}(?:, ?[A-Z][\w.'’ -]{1,40})?,? ?\((?P<name>[A-Z][\w ]{1,30})\) ?[—–-]{1,2}"
)
_DATELINE_PARAGRAPHS: Final = 3
# "AP - John Kerry planned…", "Canadian Press - VANCOUVER (CP) - …": a feed's lead credit
_LEAD: Final = re.compile(r"(?P<name>[A-Z][\w.&'’]*(?: [A-Z][\w.&'’]*){0,3}) [—–-]{1,2} (?=\S)")
_SELF: Final = re.compile(
    rf"(?P<name>{_OUTLET}) (?:could not|couldn't|couldn’t|cannot|can't|can’t|was unable to"
    r"|has not been able to) (?:independently )?(?:verify|confirm)"
)
_STAFF: Final = re.compile(
    rf"(?P<name>{_OUTLET}) (?:staff )?(?:writers?|reporters?|correspondents?)\b[^.]{{0,200}}?"
    r"\bcontributed\b"
)
_RELAYED: Final = (
    re.compile(rf"\breports? (?P<name>{_OUTLET})[.,]"),
    re.compile(rf"\b(?:report|story|article) (?:from|by) (?P<name>{_OUTLET})[.,]?\s*$", re.M),
)
_INTERVIEW: Final = re.compile(
    rf"\b(?:told|said to|in an interview with) (?P<name>{_OUTLET})\b[.,]? ?(?![a-z])"
)
_TRAILING_LOWER: Final = re.compile(r"(?: (?:of|&))+$")


def find_credits(text: str, byline_agency: str | None = None) -> tuple[str, ...]:
    """The credits of an article's cleaned `text`, strongest first, each once.

    `byline_agency` is the agency cleaning found in a byline or agency line.

    >>> find_credits("NIAMEY, Niger (AP) — The junta spoke. Bako told The Associated Press.")
    ('dateline:AP', 'interview:The Associated Press')
    >>> find_credits("Talks went on.\\n\\nAP writers Jo Roe in Paris contributed.", "Reuters")
    ('byline:Reuters', 'staff:AP')
    >>> find_credits("The junta spoke, reports The New York Times.")
    ('relayed:The New York Times',)
    >>> find_credits("Reuters contributed to this report. (AP Photo/Sam Mednick)")
    ()
    """
    found: list[str] = []
    if byline_agency:
        found.append(f"byline:{byline_agency}")
    # the dateline opens the first body paragraph, after the title and dek if any, and
    # after the printer's lead credit ("Canadian Press - BAIKONUR (AP) - …") if any
    leads: list[str] = []
    for paragraph in text.split("\n\n", _DATELINE_PARAGRAPHS)[:_DATELINE_PARAGRAPHS]:
        lead = _LEAD.match(paragraph)
        if lead is not None:
            leads.append(f"lead:{lead['name']}")
            paragraph = paragraph[lead.end() :]
        found.extend(f"dateline:{m['name']}" for m in [_DATELINE.match(paragraph)] if m)
    found.extend(leads)
    found.extend(f"staff:{_clean(m['name'])}" for m in _STAFF.finditer(text))
    for pattern in _RELAYED:
        found.extend(f"relayed:{_clean(m['name'])}" for m in pattern.finditer(text))
    found.extend(f"self:{_clean(m['name'])}" for m in _SELF.finditer(text))
    found.extend(f"interview:{_clean(m['name'])}" for m in _INTERVIEW.finditer(text))
    return tuple(dict.fromkeys(found))


def _clean(name: str) -> str:
    return _TRAILING_LOWER.sub("", name.strip()).rstrip(".")
