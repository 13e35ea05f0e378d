"""Properties: whatever bytes or JSON a file holds, ingest never raises and reports cleanly."""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.ingest import IngestOptions, clean_text, iter_articles
from kg.model import Article, Skipped

HEX64 = re.compile(r"[0-9a-f]{64}")
SUFFIXES = [".txt", ".html", ".json", ".jsonl", ".md"]
OPTIONS = IngestOptions(min_chars=1)

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
RECORDS = st.fixed_dictionaries(
    {"text": st.text()},
    optional={
        "id": st.one_of(st.text(max_size=10), st.integers(), st.none(), st.booleans()),
        "title": JSON_VALUES,
        "url": st.one_of(st.text(max_size=20), st.just("https://example.com/a")),
        "published": st.one_of(st.text(max_size=30), st.just("2023-08-05T10:00:00Z"), JSON_VALUES),
        "source": JSON_VALUES,
    },
)
ARTICLE_LINES = st.lists(
    st.sampled_from(
        [
            "Advertisement",
            "Share",
            "By SAM MEDNICK",
            "Associated Press",
            "(AP Photo/Sam Mednick)",
            "NIAMEY, Niger —",
            "Aug. 5, 2023",
            "World & Nation",
            "Niger coup leaders sever military ties with France",
            "The junta recalled its ambassador from neighboring Ivory Coast on Friday evening.",
            "",
        ]
    )
    | st.text(max_size=80),
    max_size=25,
)


def _check(items: Iterable[Article | Skipped]) -> list[Article | Skipped]:
    seen = list(items)
    for item in seen:
        assert isinstance(item, Article | Skipped)
        if isinstance(item, Skipped):
            assert item.reason
            assert "\n" not in item.reason and "\r" not in item.reason
            assert not item.reason.startswith("internal error"), item.reason
        else:
            assert item.text.strip()
            assert HEX64.fullmatch(item.content_hash)
            assert item.content_hash == hashlib.sha256(item.text.encode("utf-8")).hexdigest()
            assert item.key and item.origin
    return seen


def _ingest(files: dict[str, bytes]) -> list[Article | Skipped]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name, data in files.items():
            (root / name).write_bytes(data)
        return _check(iter_articles([tmp], OPTIONS, base=root))


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=2000), suffix=st.sampled_from(SUFFIXES))
def test_ingest_properties_random_bytes(data: bytes, suffix: str) -> None:
    items = _ingest({f"file{suffix}": data})
    if not data:
        assert items == [Skipped(f"file{suffix}", "empty file")]


@settings(max_examples=200, deadline=None)
@given(value=JSON_VALUES)
def test_ingest_properties_random_json_document(value: object) -> None:
    _ingest({"doc.json": json.dumps(value).encode()})


@settings(max_examples=200, deadline=None)
@given(values=st.lists(JSON_VALUES | RECORDS, max_size=8))
def test_ingest_properties_random_json_lines(values: list[object]) -> None:
    lines = "\n".join(json.dumps(value, ensure_ascii=False) for value in values)
    items = _ingest({"doc.jsonl": lines.encode("utf-8")})
    assert len(items) == max(len(values), 1)


@settings(max_examples=200, deadline=None)
@given(records=st.lists(RECORDS, min_size=1, max_size=6))
def test_ingest_properties_record_arrays(records: list[dict[str, object]]) -> None:
    data = json.dumps(records).encode()
    items = _ingest({"doc.json": data})
    assert len(items) == len(records)


@settings(max_examples=200, deadline=None)
@given(text=st.text(), suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_ingest_properties_random_unicode_text(text: str, suffix: str) -> None:
    items = _ingest({f"a{suffix}": text.encode("utf-8")})
    assert len(items) == 1


@settings(max_examples=200, deadline=None)
@given(lines=ARTICLE_LINES, newline=st.sampled_from(["\n", "\r\n", "\n\n"]))
def test_ingest_properties_clean_text_is_normalised(lines: list[str], newline: str) -> None:
    result = clean_text(newline.join(lines))
    text = result.text
    assert text == text.strip()
    assert "\r" not in text and "\n\n\n" not in text
    assert unicodedata.normalize("NFC", text) == text
    assert all(line == line.strip() and line for line in text.split("\n\n")) or not text
    assert "Advertisement" not in text.split("\n\n")
    assert result.title is None or text.startswith(result.title)


@settings(max_examples=200, deadline=None)
@given(lines=ARTICLE_LINES, newline=st.sampled_from(["\n", "\r\n", "\n\n"]))
def test_ingest_properties_clean_text_is_idempotent(lines: list[str], newline: str) -> None:
    once = clean_text(newline.join(lines)).text
    assert clean_text(once).text == once
