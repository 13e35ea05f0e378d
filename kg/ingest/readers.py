"""Turn one decoded file into Articles: plain text, Markdown, HTML pages, JSON and JSONL records.

Each reader takes `(path, display, raw)` (the file, its display path, its decoded text)
and yields an `Article` per article found, or a `Skipped` per part that has none.

A text file's or a record's text is an article whatever its length ("The US claimed that
they had attacked Iraq."): only text that cleaning leaves empty is skipped. Length is a
test only of HTML pages, where a short remainder is the boilerplate of a page that holds
no article (a cookie wall, an index).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final, Protocol

from bs4 import BeautifulSoup
from bs4.element import (
    CData,
    Comment,
    Declaration,
    Doctype,
    NavigableString,
    ProcessingInstruction,
    Tag,
)

from kg.config import Settings
from kg.ingest.clean import CleanResult, clean_text
from kg.ingest.credits import find_credits
from kg.ingest.normalise import normalise_date, normalise_field
from kg.model import Article, Skipped

__all__ = [
    "DEFAULT_MIN_CHARS",
    "READERS",
    "HtmlPage",
    "Reader",
    "extract_html",
    "read_html",
    "read_json",
    "read_jsonl",
    "read_text",
    "with_dateline",
    "with_title",
]

logger = logging.getLogger(__name__)

DEFAULT_MIN_CHARS: Final = Settings().min_chars
"""An HTML page whose cleaned article text is shorter than this holds no article, only
boilerplate (the build's default, from `Settings`). Text files and records are not
measured."""


_NO_TEXT: Final = "no article text after cleaning"
"""Why a text file or record is skipped: nothing but whitespace and page furniture."""


class Reader(Protocol):
    """What every reader looks like: one decoded file in, Articles and Skipped out."""

    def __call__(
        self, path: Path, display: str, raw: str, *, min_chars: int = DEFAULT_MIN_CHARS
    ) -> Iterator[Article | Skipped]: ...


# --------------------------------------------------------------------------------------
# Plain text and Markdown
# --------------------------------------------------------------------------------------

_FRONT_MATTER: Final = re.compile(r"\A---[ \t]*\n(?P<body>.{0,4000}?)\n---[ \t]*(?:\n|\Z)", re.S)
_FRONT_FIELD: Final = re.compile(r"^(?P<key>title|date|source|url)\s*:\s*(?P<value>.+)$", re.M)
_MD_RULES: Final[tuple[tuple[re.Pattern[str], str], ...]] = (
    (re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$", re.M), r"\1"),
    (re.compile(r"^ {0,3}>[ \t]?", re.M), ""),
    (re.compile(r"^[ \t]*[-*+][ \t]+", re.M), ""),
    (re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)"), ""),
    (re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"`([^`\n]+)`"), r"\1"),
)


def read_text(
    path: Path, display: str, raw: str, *, min_chars: int = DEFAULT_MIN_CHARS
) -> Iterator[Article | Skipped]:
    """Yield the one article in a plain-text (or Markdown) file, however short.

    >>> [a.title for a in read_text(Path("a.txt"), "a.txt",
    ...     "Niger junta closes borders\\n\\n" + "The junta closed the borders. " * 4)]
    ['Niger junta closes borders']
    >>> [str(item) for item in read_text(Path("a.txt"), "a.txt", "Advertisement\\n")]
    ['a.txt: no article text after cleaning']
    """
    front: dict[str, str] = {}
    if path.suffix.lower() == ".md":
        raw, front = _strip_markdown(raw)
    cleaned = clean_text(raw)
    if not cleaned.text.strip():
        yield Skipped(display, _NO_TEXT)
        return
    yield _article(
        cleaned,
        key=f"path:{display}",
        origin=display,
        title=normalise_field(front.get("title")),
        source=normalise_field(front.get("source")),
        url=_absolute_url(front.get("url")),
        published=normalise_date(front.get("date")),
    )


def _strip_markdown(raw: str) -> tuple[str, dict[str, str]]:
    """Remove Markdown syntax, and return the text and its YAML front matter fields."""
    front: dict[str, str] = {}
    match = _FRONT_MATTER.match(raw.replace("\r\n", "\n"))
    if match is not None:
        for field in _FRONT_FIELD.finditer(match.group("body")):
            front.setdefault(field.group("key"), field.group("value").strip().strip("\"'"))
        raw = raw.replace("\r\n", "\n")[match.end() :]
    for pattern, replacement in _MD_RULES:
        raw = pattern.sub(replacement, raw)
    return raw, front


# --------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------

_DROP_TAGS: Final = (
    "script",
    "style",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "noscript",
    "figure",
    "figcaption",
    "iframe",
    "svg",
    "template",
    "button",
    "select",
    "textarea",
    "input",
    "dialog",
    "object",
    "embed",
    "canvas",
    "picture",
    "video",
    "audio",
    "map",
)
_BOILERPLATE_ROLES: Final = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog"}
)
_BOILERPLATE_NAME: Final = re.compile(
    r"(?:^|[-_])(?:cookies?|consent|gdpr|newsletters?|subscribe|subscription|share|sharing"
    r"|social|related|recommended|promo|advert|advertisement|ads?|sponsored|comments?"
    r"|breadcrumbs?|popup|modal|paywall|signup|outbrain|taboola|adblock)(?:$|[-_])",
    re.I,
)
_BLOCK_TAGS: Final = frozenset(
    {
        "address",
        "article",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "html",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
_SKIP_STRINGS: Final = (Comment, Declaration, Doctype, CData, ProcessingInstruction)
_CONTAINER_SHARE: Final = 0.85
_ARTICLE_SHARE: Final = 0.5
_GUARD_SHARE: Final = 0.5


@dataclass(frozen=True, slots=True)
class HtmlPage:
    """The article text of an HTML page (paragraphs, before cleaning) and its metadata."""

    text: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None


def read_html(
    path: Path, display: str, raw: str, *, min_chars: int = DEFAULT_MIN_CHARS
) -> Iterator[Article | Skipped]:
    """Yield the article in an HTML page, boilerplate dropped.

    >>> page = "<title>T</title><nav>Home</nav><article><p>" + "The junta met. " * 8 + "</p>"
    >>> [a.text[:14] for a in read_html(Path("a.html"), "a.html", page)]
    ['The junta met.']
    """
    page = extract_html(raw)
    cleaned = clean_text(page.text)
    if not page.text.strip() or _too_short(cleaned.text, min_chars):
        detail = f" ({len(cleaned.text)} chars after cleaning)" if page.text.strip() else ""
        yield Skipped(display, f"no article text in HTML page{detail}")
        return
    yield _article(
        cleaned,
        key=f"url:{page.url}" if page.url else f"path:{display}",
        origin=display,
        title=page.title,
        source=page.source,
        url=page.url,
        published=page.published,
    )


def extract_html(raw: str) -> HtmlPage:
    """Return an HTML page's article text, one paragraph per block, and its metadata.

    >>> extract_html('<meta property="og:title" content="Coup"><main><p>A.</p><p>B.</p></main>')
    HtmlPage(text='A.\\n\\nB.', title='Coup', published=None, source=None, url=None)
    """
    soup = BeautifulSoup(raw, "html.parser")
    title, published, source, url = _html_metadata(soup)
    for tag in soup.find_all(_DROP_TAGS):
        if not tag.decomposed:
            tag.decompose()
    _drop_boilerplate(soup)
    container = _article_container(soup)
    text = "\n\n".join(_paragraphs(container)) if container is not None else ""
    return HtmlPage(text=text, title=title, published=published, source=source, url=url)


def _html_metadata(soup: BeautifulSoup) -> tuple[str | None, str | None, str | None, str | None]:
    source = _meta(soup, "og:site_name")
    title = _meta(soup, "og:title") or _meta(soup, "twitter:title")
    if title is None:
        tag = soup.find("title") or soup.find("h1")
        title = normalise_field(tag.get_text(" ")) if isinstance(tag, Tag) else None
        if title and source:
            for sep in (" | ", " - ", " – ", " — ", " :: "):
                title = title.removesuffix(f"{sep}{source}")
    published = None
    for name in ("article:published_time", "datePublished", "pubdate", "date", "dc.date"):
        published = normalise_date(_meta(soup, name))
        if published:
            break
    if published is None:
        time = soup.find("time", attrs={"datetime": True})
        if isinstance(time, Tag):
            published = normalise_date(time.get("datetime"))
    url = None
    for link in soup.find_all("link", attrs={"href": True}):
        rel = link.get("rel")
        rels = rel if isinstance(rel, list) else [rel]
        if "canonical" in [str(r).lower() for r in rels]:
            url = _absolute_url(link.get("href"))
            if url:
                break
    url = url or _absolute_url(_meta(soup, "og:url"))
    return title, published, source, url


def _meta(soup: BeautifulSoup, name: str) -> str | None:
    """Return the content of <meta property=name>, <meta name=name> or <meta itemprop=name>."""
    wanted = name.lower()
    for tag in soup.find_all("meta"):
        for attr in ("property", "name", "itemprop"):
            value = tag.get(attr)
            if isinstance(value, str) and value.strip().lower() == wanted:
                content = normalise_field(tag.get("content"))
                if content:
                    return content
    return None


def _drop_boilerplate(soup: BeautifulSoup) -> None:
    """Drop elements whose role, class or id says they are page furniture.

    An element holding most of the page's text is kept whatever its name: a wrapper
    called "has-comments" must not take the article with it.
    """
    total = len(soup.get_text(" ", strip=True))
    for tag in soup.find_all(_is_boilerplate):
        if tag.decomposed:
            continue
        if tag.find(["article", "main"]) is not None:
            continue
        if len(tag.get_text(" ", strip=True)) > _GUARD_SHARE * total:
            continue
        tag.decompose()


def _is_boilerplate(tag: Tag) -> bool:
    if tag.name in {"html", "body", "article", "main"}:
        return False
    if tag.has_attr("hidden") or str(tag.get("aria-hidden", "")).lower() == "true":
        return True
    role = tag.get("role")
    if isinstance(role, str) and role.lower() in _BOILERPLATE_ROLES:
        return True
    classes = tag.get("class")
    names = list(classes) if isinstance(classes, list) else []
    ident = tag.get("id")
    if isinstance(ident, str):
        names.append(ident)
    return any(_BOILERPLATE_NAME.search(str(name)) for name in names)


def _article_container(soup: BeautifulSoup) -> Tag | None:
    """Return the element holding the article: <article>, else <main>, else the densest block.

    An <article> wins over <main> when it holds at least half the paragraph text of
    the best <main>; a <main> full of small <article> teasers is a listing page.
    """
    articles = _best_of([*soup.find_all("article"), *soup.find_all(itemprop="articleBody")])
    mains = _best_of([*soup.find_all("main"), *soup.find_all(role="main")])
    if articles is not None and (mains is None or articles[1] >= _ARTICLE_SHARE * mains[1]):
        return articles[0]
    if mains is not None:
        return mains[0]
    parents: dict[int, tuple[Tag, int]] = {}
    for p in soup.find_all("p"):
        parent = p.parent
        if isinstance(parent, Tag):
            _, chars = parents.get(id(parent), (parent, 0))
            parents[id(parent)] = (parent, chars + len(p.get_text(strip=True)))
    if parents:
        parent, chars = max(parents.values(), key=lambda item: item[1])
        if chars > 0:
            return parent
    body = soup.find("body")
    return body if isinstance(body, Tag) else soup


def _best_of(candidates: list[Tag]) -> tuple[Tag, int] | None:
    """Return the candidate with the most paragraph text (the innermost of near-ties)."""
    scored = [(tag, _paragraph_chars(tag)) for tag in candidates]
    best = max((score for _, score in scored), default=0)
    if best == 0:
        return None
    good = [(tag, score) for tag, score in scored if score >= _CONTAINER_SHARE * best]
    return max(good, key=lambda item: _depth(item[0]))


def _paragraph_chars(tag: Tag) -> int:
    paragraphs = tag.find_all("p")
    if not paragraphs:
        return len(tag.get_text(strip=True))
    return sum(len(p.get_text(strip=True)) for p in paragraphs)


def _depth(tag: Tag) -> int:
    return sum(1 for _ in tag.parents)


def _paragraphs(container: Tag) -> list[str]:
    """Return the container's text as paragraphs, one per block element (iteratively)."""
    paragraphs: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        # A single <br> breaks a line within the paragraph; <br><br> starts a new one.
        group: list[str] = []
        for line in "".join(buffer).split("\n"):
            words = " ".join(line.split())
            if words:
                group.append(words)
            elif group:
                paragraphs.append("\n".join(group))
                group = []
        if group:
            paragraphs.append("\n".join(group))
        buffer.clear()

    stack: list[tuple[object, bool]] = [(container, False)]
    while stack:
        node, closing = stack.pop()
        if closing:
            flush()
            continue
        if isinstance(node, NavigableString):
            if not isinstance(node, _SKIP_STRINGS):
                buffer.append(str(node).replace("\n", " "))
        elif isinstance(node, Tag):
            if node.name == "br":
                buffer.append("\n")
                continue
            block = node.name in _BLOCK_TAGS
            if block:
                flush()
                stack.append((node, True))
            stack.extend((child, False) for child in reversed(node.contents))
    flush()
    return paragraphs


# --------------------------------------------------------------------------------------
# JSON and JSON Lines
# --------------------------------------------------------------------------------------

_HTML_TEXT: Final = re.compile(r"\A\s*<(?:p|div|br|article|section|h[1-6]|span)\b[^>]*>", re.I)


def read_json(
    path: Path, display: str, raw: str, *, min_chars: int = DEFAULT_MIN_CHARS
) -> Iterator[Article | Skipped]:
    """Yield the article of a JSON object, or of each object in a JSON array.

    >>> doc = '[{"id": 7, "text": "' + "The junta met. " * 8 + '"}, {"title": "x"}]'
    >>> for item in read_json(Path("a.json"), "a.json", doc):
    ...     print(getattr(item, "key", item))
    id:7
    a.json[1]: record has no 'text' string
    """
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        yield Skipped(
            display, f"malformed JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        )
        return
    except RecursionError:
        yield Skipped(display, "malformed JSON (nested too deeply)")
        return
    if isinstance(value, list):
        if not value:
            yield Skipped(display, "empty JSON array, no records")
        for index, record in enumerate(value):
            where = f"{display}[{index}]"
            yield _record_article(record, display, where, f"path:{where}")
    elif isinstance(value, dict):
        yield _record_article(value, display, display, f"path:{display}")
    else:
        yield Skipped(
            display, f"JSON top level is {_json_type(value)}, expected an object or an array"
        )


def read_jsonl(
    path: Path, display: str, raw: str, *, min_chars: int = DEFAULT_MIN_CHARS
) -> Iterator[Article | Skipped]:
    """Yield the article of each JSON object line; a bad line is skipped, the rest still read.

    >>> doc = '{"text": "' + "The junta met. " * 8 + '"}\\n{"text": 1,}\\n'
    >>> for item in read_jsonl(Path("a.jsonl"), "a.jsonl", doc):
    ...     print(getattr(item, "key", item))
    path:a.jsonl:1
    a.jsonl:2: malformed JSON (Expecting property name enclosed in double quotes at column 12)
    """
    found = False
    for line_no, line in enumerate(raw.split("\n"), start=1):
        if not line.strip():
            continue
        found = True
        where = f"{display}:{line_no}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skipped(where, f"malformed JSON ({exc.msg} at column {exc.colno})")
            continue
        except RecursionError:
            yield Skipped(where, "malformed JSON (nested too deeply)")
            continue
        yield _record_article(record, display, where, f"path:{where}")
    if not found:
        yield Skipped(display, "no JSON records (only blank lines)")


def _record_article(record: object, display: str, where: str, path_key: str) -> Article | Skipped:
    """Return the article of one JSON record, or why it has none: its text is an article
    whatever its length, unless cleaning leaves nothing of it."""
    if not isinstance(record, dict):
        return Skipped(where, f"record is {_json_type(record)}, expected an object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return Skipped(where, "record has no 'text' string")
    if _HTML_TEXT.match(text):
        text = extract_html(text).text
    cleaned = clean_text(text)
    if not cleaned.text.strip():
        return Skipped(where, _NO_TEXT)
    title = normalise_field(record.get("title"))
    dated = with_dateline(cleaned.text, normalise_field(record.get("dateline")))
    cleaned = replace(cleaned, text=with_title(dated, title))
    identifier = _record_id(record.get("id"))
    url = normalise_field(record.get("url"))
    if identifier is not None:
        key = f"id:{identifier}"
    elif url is not None:
        key = f"url:{url}"
    else:
        key = path_key
    return _article(
        cleaned,
        key=key,
        origin=url or display,
        title=title,
        source=normalise_field(record.get("source")),
        url=url,
        published=normalise_date(record.get("published")) or normalise_date(record.get("date")),
        identifier=identifier,
    )


def with_dateline(text: str, dateline: str | None) -> str:
    """The article's text opened by its record's dateline, as the wire printed it: a
    feed that keeps the dateline in a field of its own (Reuters-21578's "ROME, Feb 27")
    names the story's place there and nowhere else. It ends its own line, so that the
    parser never reads it as part of the first sentence.

    >>> with_dateline("Leaders met today.", "ROME, Feb 27")
    'ROME, Feb 27 -\\nLeaders met today.'
    >>> with_dateline("ROME, Feb 27 - Leaders met today.", "ROME, Feb 27")
    'ROME, Feb 27 - Leaders met today.'
    >>> with_dateline("Leaders met today.", None)
    'Leaders met today.'
    """
    if not dateline or text.casefold().startswith(dateline.casefold()):
        return text
    return f"{dateline} -\n{text}"


def with_title(text: str, title: str | None) -> str:
    """The article's text with its record's title as the first line, as a page prints
    it: the golds annotate title and text, and a title names actors ("Peru Arrests Siege
    Leader") that the body may call only "the country". The headline rules
    (`kg.nlp.headline`, `kg.resolve.names`) read it as a title, not a sentence.

    >>> with_title("Peru arrested him.", "Peru Arrests Siege Leader")
    'Peru Arrests Siege Leader\\n\\nPeru arrested him.'
    >>> with_title("Peru Arrests Siege Leader\\n\\nPeru arrested him.", "Peru arrests siege leader")
    'Peru Arrests Siege Leader\\n\\nPeru arrested him.'
    >>> with_title("Peru arrested him.", None)
    'Peru arrested him.'
    """
    if not title or text.casefold().startswith(title.casefold()):
        return text
    return f"{title}\n\n{text}"


def _record_id(value: object) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    return normalise_field(value)


def _json_type(value: object) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return "null"


# --------------------------------------------------------------------------------------
# Shared
# --------------------------------------------------------------------------------------


def _article(
    cleaned: CleanResult,
    *,
    key: str,
    origin: str,
    title: str | None = None,
    source: str | None = None,
    url: str | None = None,
    published: str | None = None,
    identifier: str | None = None,
) -> Article:
    """Build an Article; metadata given explicitly wins over what cleaning found in the text."""
    return Article(
        key=key,
        text=cleaned.text,
        content_hash=hashlib.sha256(cleaned.text.encode("utf-8")).hexdigest(),
        origin=origin,
        title=title or cleaned.title,
        source=source or cleaned.source,
        url=url,
        published=published or cleaned.published,
        identifier=identifier,
        credits=find_credits(cleaned.text, cleaned.source),
    )


def _too_short(text: str, min_chars: int) -> bool:
    """Whether an HTML page's text is too short to be an article (boilerplate only)."""
    return not text or len(text) < min_chars


def _absolute_url(value: object) -> str | None:
    url = normalise_field(value)
    if url is None or not url.lower().startswith(("http://", "https://")) or " " in url:
        return None
    return url


READERS: Final[Mapping[str, Reader]] = {
    ".txt": read_text,
    ".text": read_text,
    ".md": read_text,
    ".html": read_html,
    ".htm": read_html,
    ".json": read_json,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
}
"""The reader for each supported file extension (lower case, with the dot)."""
