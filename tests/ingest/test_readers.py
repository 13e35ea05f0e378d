"""Readers: plain text, Markdown, HTML pages, JSON and JSONL records become Articles."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

import kg.ingest
from kg.ingest import iter_articles, readers
from kg.ingest.readers import extract_html, read_html, read_json, read_jsonl, read_text
from kg.model import Article, Skipped

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
SENTENCE = (
    "Niger’s coup leaders on Thursday said that they had severed military ties with France, "
    "their country’s former colonial ruler."
)


def _one(items: list[Article | Skipped]) -> Article:
    assert len(items) == 1
    assert isinstance(items[0], Article), items[0]
    return items[0]


def _read(reader: readers.Reader, name: str, raw: str) -> list[Article | Skipped]:
    return list(reader(Path(name), name, raw))


# --------------------------------------------------------------------------------------
# Plain text and Markdown
# --------------------------------------------------------------------------------------


def test_readers_text_file_gives_one_article() -> None:
    raw = f"Niger coup leaders sever military ties with France\r\n\r\nAdvertisement\r\n\r\n{SENTENCE}\r\n"
    article = _one(_read(read_text, "news/a.txt", raw))
    text = f"Niger coup leaders sever military ties with France\n\n{SENTENCE}"
    assert article == Article(
        key="path:news/a.txt",
        text=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        origin="news/a.txt",
        title="Niger coup leaders sever military ties with France",
    )


def test_readers_text_byline_agency_becomes_source() -> None:
    raw = f"By SAM MEDNICK\nAssociated Press\nShare\n\n{SENTENCE}"
    article = _one(_read(read_text, "a.txt", raw))
    assert (article.source, article.text, article.title) == ("Associated Press", SENTENCE, None)


@pytest.mark.parametrize("min_chars", [0, 1, len(SENTENCE), len(SENTENCE) + 1, 10_000])
def test_readers_text_is_an_article_whatever_its_length(min_chars: int) -> None:
    assert _one(list(read_text(Path("a.txt"), "a.txt", SENTENCE, min_chars=min_chars)))


@pytest.mark.parametrize("raw", ["", "  \n\t\n", "Advertisement\n\nShare\n"])
def test_readers_text_with_nothing_left_after_cleaning_is_skipped(raw: str) -> None:
    items = list(read_text(Path("a.txt"), "a.txt", raw))
    assert items == [Skipped("a.txt", "no article text after cleaning")]


SHORT_RECORDS = (
    "The US claimed that they had attacked Iraq.",
    "Iran protests.",
    "Israel attacks Gaza",
)


def test_readers_short_records_are_articles() -> None:
    raw = "".join(
        json.dumps({"id": n, "text": text}) + "\n" for n, text in enumerate(SHORT_RECORDS)
    )
    articles = [_one([item]) for item in _read(read_jsonl, "r.jsonl", raw)]
    assert [(a.key, a.text) for a in articles] == [
        (f"id:{n}", text) for n, text in enumerate(SHORT_RECORDS)
    ]
    [article] = _read(read_json, "r.json", json.dumps({"text": SHORT_RECORDS[1]}))
    assert isinstance(article, Article) and article.text == SHORT_RECORDS[1]


@pytest.mark.parametrize("text", ["   ", "\n\t\n", "Advertisement"])
def test_readers_record_with_nothing_left_after_cleaning_is_one_skip(text: str) -> None:
    raw = json.dumps({"text": SENTENCE}) + "\n" + json.dumps({"id": "x7", "text": text}) + "\n"
    items = _read(read_jsonl, "r.jsonl", raw)
    assert isinstance(items[0], Article)
    skipped = items[1:]
    if not text.strip():  # a whitespace-only string is no 'text' string at all
        assert skipped == [Skipped("r.jsonl:2", "record has no 'text' string")]
    else:
        assert skipped == [Skipped("r.jsonl:2", "no article text after cleaning")]


def test_readers_html_keeps_its_boilerplate_length_test() -> None:
    page = f"<html><body><article><p>{SENTENCE}</p></article></body></html>"
    assert _one(list(read_html(Path("a.html"), "a.html", page, min_chars=len(SENTENCE))))
    [item] = read_html(Path("a.html"), "a.html", page, min_chars=len(SENTENCE) + 1)
    assert item == Skipped(
        "a.html", f"no article text in HTML page ({len(SENTENCE)} chars after cleaning)"
    )


def test_readers_markdown_syntax_and_front_matter() -> None:
    raw = (
        '---\ntitle: "Coup in Niger"\ndate: 2023-07-27\nurl: https://example.com/coup\n---\n'
        "# Niger coup leaders sever military ties with France\n\n"
        "![flag](flag.jpg)\n\n"
        f"> {SENTENCE.replace('France', '[France](https://fr.example)')}\n\n"
        "- The **junta** also dismissed Niger’s ambassadors to France and the United States.\n"
    )
    article = _one(_read(read_text, "a.md", raw))
    assert article.text == (
        "Niger coup leaders sever military ties with France\n\n"
        f"{SENTENCE}\n\n"
        "The junta also dismissed Niger’s ambassadors to France and the United States."
    )
    assert (article.title, article.published, article.url) == (
        "Coup in Niger",
        "2023-07-27",
        "https://example.com/coup",
    )
    assert article.key == "path:a.md"


# --------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------


def test_readers_html_boilerplate_dropped_and_metadata_found() -> None:
    path = FIXTURES / "article.html"
    article = _one(list(read_html(path, "article.html", path.read_text(encoding="utf-8"))))
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0] == "Niger’s junta asks for help from Russian group Wagner"
    assert paragraphs[1].startswith("NIAMEY, Niger (AP) — Niger’s new military junta has asked")
    assert paragraphs[-1].startswith("“We are deeply concerned")
    assert "Land and air borders with ECOWAS countries have been closed, while commercial" in (
        article.text
    )
    for noise in [
        "cookies",
        "World",
        "Politics",
        "Share",
        "Tweet",
        "Advertisement",
        "Related",
        "All rights reserved",
        "Terms of Use",
        "SAM MEDNICK",
        "AP Photo",
        "dataLayer",
        "font-family",
        "Sanctions\n",
    ]:
        assert noise not in article.text, noise
    assert article.title == "Niger’s junta asks for help from Russian group Wagner"
    assert article.published == "2023-08-05"
    assert article.source == "Example News"
    assert article.url == "https://news.example.com/niger-wagner"
    assert article.key == "url:https://news.example.com/niger-wagner"
    assert article.origin == "article.html"


@pytest.mark.parametrize(
    "page",
    [
        "",
        "<html><head><title>Home</title></head><body></body></html>",
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><footer>© 2023 News</footer>",
        "<script>var x = 'a long script that is not article text at all, however long it is';</script>",
        "<div class='cookie-banner'>We use cookies to improve your experience on our site.</div>",
        "<p>Advertisement</p><p>Share</p><p>Subscribe</p>",
    ],
)
def test_readers_html_without_article_text_is_skipped(page: str) -> None:
    [item] = _read(read_html, "page.html", page)
    assert isinstance(item, Skipped)
    assert item.input == "page.html"
    assert item.reason.startswith("no article text in HTML page")


def test_readers_html_without_article_element_uses_densest_block() -> None:
    page = (
        "<html><body><div class='menu'><p>Home</p><p>World</p></div>"
        f"<div class='content'><p>{SENTENCE}</p><p>The plea came days before a deadline.</p></div>"
        "<div class='footer-links'><p>About us</p></div></body></html>"
    )
    article = _one(_read(read_html, "page.html", page))
    assert article.text == f"{SENTENCE}\n\nThe plea came days before a deadline."
    assert article.key == "path:page.html"


def test_readers_html_prefers_article_over_main() -> None:
    page = (
        "<main><div class='more'><p>Other story teaser that is fairly long, long, long.</p></div>"
        f"<article><p>{SENTENCE}</p><p>{SENTENCE.replace('Thursday', 'Friday')}</p></article></main>"
    )
    article = _one(_read(read_html, "page.html", page))
    assert "teaser" not in article.text


def test_readers_html_keeps_wrapper_named_like_boilerplate() -> None:
    page = (
        f"<div class='page has-comments'><p>{SENTENCE}</p></div><div class='comments'>Nice!</div>"
    )
    article = _one(_read(read_html, "page.html", page))
    assert article.text == SENTENCE


@pytest.mark.parametrize(
    ("head", "title"),
    [
        ('<meta property="og:title" content="OG title"><title>Tag title</title>', "OG title"),
        (
            '<meta property="og:site_name" content="Example News"><title>Tag title | Example News</title>',
            "Tag title",
        ),
        ("<title>  Tag\n title </title>", "Tag title"),
        ("", "Niger coup leaders sever military ties"),
    ],
)
def test_readers_html_title_sources(head: str, title: str) -> None:
    page = f"<html><head>{head}</head><body><h1>Niger coup leaders sever military ties</h1><p>{SENTENCE}</p></body></html>"
    assert _one(_read(read_html, "page.html", page)).title == title


@pytest.mark.parametrize(
    ("markup", "published", "url"),
    [
        (
            '<meta property="article:published_time" content="2023-08-05T23:59:00-05:00">',
            "2023-08-05",
            None,
        ),
        ('<time datetime="2023-08-06">Sunday</time>', "2023-08-06", None),
        ('<time datetime="not a date">x</time>', None, None),
        ('<link rel="canonical" href="https://example.com/a">', None, "https://example.com/a"),
        ('<meta property="og:url" content="https://example.com/b">', None, "https://example.com/b"),
        ('<link rel="canonical" href="/relative/path">', None, None),
    ],
)
def test_readers_html_published_and_url(
    markup: str, published: str | None, url: str | None
) -> None:
    page = f"<html><head>{markup}</head><body><article><p>{SENTENCE}</p></article></body></html>"
    article = _one(_read(read_html, "page.html", page))
    assert (article.published, article.url) == (published, url)
    assert article.key == (f"url:{url}" if url else "path:page.html")


def test_readers_html_paragraph_breaks_kept() -> None:
    page = f"<article><p>{SENTENCE}</p><ul><li>First point made by the junta today.</li></ul>Second para.<br><br>Third para.</article>"
    assert (
        extract_html(page).text
        == f"{SENTENCE}\n\nFirst point made by the junta today.\n\nSecond para.\n\nThird para."
    )


def test_readers_html_deep_nesting_does_not_crash() -> None:
    page = "<div>" * 5000 + f"<p>{SENTENCE}</p>" + "</div>" * 5000
    assert _one(_read(read_html, "deep.html", page)).text == SENTENCE


# --------------------------------------------------------------------------------------
# JSON and JSONL
# --------------------------------------------------------------------------------------


def test_readers_jsonl_malformed_line_among_good_ones() -> None:
    path = FIXTURES / "records.jsonl"
    items = list(read_jsonl(path, "records.jsonl", path.read_text(encoding="utf-8")))
    summary = [
        (item.key, item.origin, item.identifier, item.published)
        if isinstance(item, Article)
        else str(item)
        for item in items
    ]
    assert summary == [
        ("id:ap-001", "https://example.com/ap-001", "ap-001", "2023-08-05"),
        ("id:2", "records.jsonl", "2", "2023-08-05"),
        "records.jsonl:3: malformed JSON (Expecting ',' delimiter at column 23)",
        ("url:https://example.com/no-id", "https://example.com/no-id", None, None),
        "records.jsonl:6: record has no 'text' string",
        ("path:records.jsonl:7", "records.jsonl", None, None),
    ]
    first = items[0]
    assert isinstance(first, Article)
    assert (first.title, first.source, first.url) == (
        "ECOWAS threatens force",
        "Associated Press",
        "https://example.com/ap-001",
    )
    assert "Advertisement" not in first.text


def test_readers_json_array() -> None:
    path = FIXTURES / "records.json"
    items = list(read_json(path, "records.json", path.read_text(encoding="utf-8")))
    summary = [(item.key, item.title) if isinstance(item, Article) else str(item) for item in items]
    assert summary == [
        ("id:r1", None),
        "records.json[1]: record has no 'text' string",
        ("path:records.json[2]", "Wagner designated"),
        "records.json[3]: record is a string, expected an object",
    ]


def test_readers_json_single_object() -> None:
    raw = json.dumps({"text": SENTENCE, "title": "Coup"})
    article = _one(_read(read_json, "one.json", raw))
    assert (article.key, article.origin, article.title) == ("path:one.json", "one.json", "Coup")


@pytest.mark.parametrize(
    "record",
    [
        {},
        {"text": None},
        {"text": 42},
        {"text": ["a", "b"]},
        {"text": ""},
        {"text": "  \n "},
        {"body": SENTENCE},
    ],
)
def test_readers_record_without_text_is_skipped(record: dict[str, object]) -> None:
    raw = json.dumps({"text": SENTENCE}) + "\n" + json.dumps(record) + "\n"
    items = _read(read_jsonl, "r.jsonl", raw)
    assert isinstance(items[0], Article)
    assert items[1:] == [Skipped("r.jsonl:2", "record has no 'text' string")]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("[1, 2]", "record is an array, expected an object"),
        ('"text"', "record is a string, expected an object"),
        ("null", "record is null, expected an object"),
        ("3.5", "record is a number, expected an object"),
        ('{"text": "a"', "malformed JSON (Expecting ',' delimiter at column 13)"),
        (
            "{'text': 'a'}",
            "malformed JSON (Expecting property name enclosed in double quotes at column 2)",
        ),
        ("[" * 100_000, "malformed JSON (nested too deeply)"),
    ],
)
def test_readers_jsonl_bad_line(line: str, reason: str) -> None:
    items = _read(read_jsonl, "r.jsonl", f"{line}\n{json.dumps({'text': SENTENCE})}")
    assert items[0] == Skipped("r.jsonl:1", reason)
    assert isinstance(items[1], Article)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ('[{"text": "a"},', "malformed JSON (Expecting value at line 1 column 16)"),
        ("[]", "empty JSON array, no records"),
        ('"just text"', "JSON top level is a string, expected an object or an array"),
        ("42", "JSON top level is a number, expected an object or an array"),
    ],
)
def test_readers_json_bad_file(raw: str, reason: str) -> None:
    assert _read(read_json, "r.json", raw) == [Skipped("r.json", reason)]


def test_readers_jsonl_blank_lines_ignored_and_counted() -> None:
    raw = "\n\r\n" + json.dumps({"text": SENTENCE}) + "\r\n\n   \n" + json.dumps({"id": 5}) + "\n"
    items = _read(read_jsonl, "r.jsonl", raw)
    assert isinstance(items[0], Article)
    assert items[0].key == "path:r.jsonl:3"
    assert items[1] == Skipped("r.jsonl:6", "record has no 'text' string")


def test_readers_jsonl_only_blank_lines_is_skipped() -> None:
    assert _read(read_jsonl, "r.jsonl", "\n \n\t\n") == [
        Skipped("r.jsonl", "no JSON records (only blank lines)")
    ]


@pytest.mark.parametrize(
    ("extra", "key", "identifier", "origin"),
    [
        ({"id": "abc", "url": "https://x.org/1"}, "id:abc", "abc", "https://x.org/1"),
        ({"id": 17}, "id:17", "17", "r.jsonl"),
        ({"id": 0}, "id:0", "0", "r.jsonl"),
        ({"id": True}, "path:r.jsonl:1", None, "r.jsonl"),
        ({"id": " ", "url": "https://x.org/2"}, "url:https://x.org/2", None, "https://x.org/2"),
        ({"id": 1.5}, "path:r.jsonl:1", None, "r.jsonl"),
        ({}, "path:r.jsonl:1", None, "r.jsonl"),
    ],
)
def test_readers_record_key_precedence(
    extra: dict[str, object], key: str, identifier: str | None, origin: str
) -> None:
    article = _one(_read(read_jsonl, "r.jsonl", json.dumps({"text": SENTENCE, **extra})))
    assert (article.key, article.identifier, article.origin) == (key, identifier, origin)


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2023-08-05", "2023-08-05"),
        ("2023-08-05T10:00:00+02:00", "2023-08-05"),
        ("Sat, 05 Aug 2023 10:00:00 +0000", "2023-08-05"),
        ("next week", None),
        (20230805, None),
        (None, None),
    ],
)
def test_readers_record_published_is_normalised(published: object, expected: str | None) -> None:
    raw = json.dumps({"text": SENTENCE, "published": published})
    assert _one(_read(read_json, "r.json", raw)).published == expected


def test_readers_record_html_text_is_extracted() -> None:
    raw = json.dumps(
        {
            "text": f"<p>{SENTENCE}</p><p>Advertisement</p><p>The plea came days before a deadline.</p>"
        }
    )
    assert _one(_read(read_json, "r.json", raw)).text == (
        f"{SENTENCE}\n\nThe plea came days before a deadline."
    )


def test_readers_record_lone_surrogate_does_not_crash() -> None:
    raw = '{"text": "' + SENTENCE + ' \\ud800 end.", "title": "\\udfff"}'
    article = _one(_read(read_json, "r.json", raw))
    assert "\ufffd" in article.text
    article.text.encode("utf-8")


# --------------------------------------------------------------------------------------
# Through iter_articles
# --------------------------------------------------------------------------------------


def test_readers_every_extension_is_dispatched(tmp_path: Path) -> None:
    body = f"Niger coup leaders sever military ties with France\n\n{SENTENCE}"
    files = {
        "a.txt": body,
        "b.text": body,
        "c.md": f"# {body}",
        "d.html": f"<article><p>{SENTENCE}</p></article>",
        "e.htm": f"<article><p>{SENTENCE}</p></article>",
        "f.json": json.dumps({"text": SENTENCE}),
        "g.jsonl": json.dumps({"text": SENTENCE}),
        "h.ndjson": json.dumps({"text": SENTENCE}),
    }
    for name, content in files.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    items = list(iter_articles([str(tmp_path)], base=tmp_path))
    assert all(isinstance(item, Article) for item in items)
    assert [item.origin for item in items if isinstance(item, Article)] == sorted(files)
    assert all(SENTENCE in item.text for item in items if isinstance(item, Article))


def test_readers_reader_bug_becomes_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_text(SENTENCE, encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps({"text": SENTENCE}), encoding="utf-8")

    def broken(path: Path, display: str, raw: str, *, min_chars: int = 80) -> list[Article]:
        raise ValueError("boom\nsecond line")

    monkeypatch.setattr(kg.ingest, "READERS", {**readers.READERS, ".txt": broken})
    items = list(iter_articles([str(tmp_path)], base=tmp_path))
    assert items[0] == Skipped(
        "a.txt", "internal error while reading (ValueError: boom second line)"
    )
    assert isinstance(items[1], Article)


def test_readers_record_title_is_the_first_line_of_the_text() -> None:
    record = {"id": 3, "title": "Zembla Arrests Siege Leader", "text": "Police said on Monday."}
    [article] = _read(read_jsonl, "r.jsonl", json.dumps(record) + "\n")
    assert isinstance(article, Article)
    assert article.text == "Zembla Arrests Siege Leader\n\nPolice said on Monday."
    assert article.title == "Zembla Arrests Siege Leader"


def test_readers_record_title_the_text_opens_with_is_not_repeated() -> None:
    record = {"title": "Border talks stall", "text": "Border Talks Stall\n\nThe envoys left."}
    [article] = _read(read_jsonl, "r.jsonl", json.dumps(record) + "\n")
    assert isinstance(article, Article) and article.text == record["text"]
