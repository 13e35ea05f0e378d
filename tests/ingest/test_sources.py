"""Input expansion and per-file checks: every bad input is one clear Skipped, the rest still read."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from kg.ingest import IngestOptions, iter_articles, sources
from kg.ingest.sources import display_path
from kg.model import Article, Skipped

TEXT = (
    "Niger coup leaders sever military ties with France\n\n"
    "Niger’s coup leaders on Thursday said that they had severed military ties with France, "
    "their country’s former colonial ruler.\n"
)
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _write(root: Path, name: str, content: str | bytes = TEXT) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _names(items: list[Article | Skipped]) -> list[str]:
    return [item.origin if isinstance(item, Article) else f"skip:{item.input}" for item in items]


def test_sources_missing_path_is_skipped(tmp_path: Path) -> None:
    items = list(iter_articles(["no/such/file.txt"], base=tmp_path))
    assert items == [Skipped("no/such/file.txt", "no such file or directory")]


def test_sources_glob_matching_nothing_is_skipped(tmp_path: Path) -> None:
    pattern = str(tmp_path / "*.txt")
    assert list(iter_articles([pattern], base=tmp_path)) == [
        Skipped(pattern, "pattern matched no files")
    ]


def test_sources_glob_matching_only_unsupported_files_is_skipped(tmp_path: Path) -> None:
    _write(tmp_path, "a.pdf", b"%PDF")
    pattern = str(tmp_path / "*")
    [item] = list(iter_articles([pattern], base=tmp_path))
    assert isinstance(item, Skipped)
    assert item.reason.startswith("pattern matched no supported files")


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("report.pdf", "unsupported file type '.pdf' (expected .txt, .html, .json, .jsonl)"),
        ("README", "unsupported file type (no extension) (expected .txt, .html, .json, .jsonl)"),
        ("archive.txt.gz", "unsupported file type '.gz' (expected .txt, .html, .json, .jsonl)"),
    ],
)
def test_sources_explicit_unsupported_file_is_skipped(
    tmp_path: Path, name: str, reason: str
) -> None:
    _write(tmp_path, name, b"whatever")
    assert list(iter_articles([str(tmp_path / name)], base=tmp_path)) == [Skipped(name, reason)]


def test_sources_directory_is_walked_sorted_and_hidden_skipped(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for name in [
        "b.txt",
        "a/c.md",
        "a.txt",
        "a/z/d.text",
        "e.TXT",
        ".hidden.txt",
        ".git/x.txt",
        "a/.cache/y.txt",
        "notes.pdf",
        "image.png",
    ]:
        _write(corpus, name)
    items = list(iter_articles([str(corpus)], base=tmp_path))
    assert _names(items) == [
        "corpus/a.txt",
        "corpus/a/c.md",
        "corpus/a/z/d.text",
        "corpus/b.txt",
        "corpus/e.TXT",
    ]


def test_sources_directory_without_supported_files_is_skipped(tmp_path: Path) -> None:
    _write(tmp_path, "empty/notes.pdf", b"%PDF")
    [item] = list(iter_articles([str(tmp_path / "empty")], base=tmp_path))
    assert isinstance(item, Skipped)
    assert item.input == "empty"
    assert item.reason.startswith("folder has no supported files")


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("*.txt", ["a1.txt", "a2.txt", "b.txt"]),
        ("a?.txt", ["a1.txt", "a2.txt"]),
        ("[ab]*.txt", ["a1.txt", "a2.txt", "b.txt"]),
        ("**/*.txt", ["a1.txt", "a2.txt", "b.txt", "sub/c.txt", "sub/deeper/d.txt"]),
        ("sub", ["sub/c.txt", "sub/deeper/d.txt"]),
        ("s*", ["sub/c.txt", "sub/deeper/d.txt"]),
        ("*", ["a1.txt", "a2.txt", "b.txt", "sub/c.txt", "sub/deeper/d.txt"]),
    ],
)
def test_sources_glob_is_expanded_sorted(tmp_path: Path, pattern: str, expected: list[str]) -> None:
    for name in ["b.txt", "a2.txt", "a1.txt", "sub/c.txt", "sub/deeper/d.txt", "x.pdf"]:
        _write(tmp_path, name)
    items = list(iter_articles([str(tmp_path / pattern)], base=tmp_path))
    assert _names(items) == expected


def test_sources_keep_input_order(tmp_path: Path) -> None:
    for name in ["a.txt", "b.txt", "c.txt"]:
        _write(tmp_path, name)
    inputs = [str(tmp_path / n) for n in ["c.txt", "missing.txt", "a.txt", "b.txt"]]
    assert _names(list(iter_articles(inputs, base=tmp_path))) == [
        "c.txt",
        f"skip:{tmp_path / 'missing.txt'}",
        "a.txt",
        "b.txt",
    ]


def test_sources_duplicate_file_is_read_once(tmp_path: Path) -> None:
    target = _write(tmp_path, "news/a.txt")
    (tmp_path / "link.txt").symlink_to(target)
    inputs = [
        str(tmp_path / "news"),
        str(target),
        str(tmp_path / "news" / ".." / "news" / "a.txt"),
        str(tmp_path / "news" / "*.txt"),
        str(tmp_path / "link.txt"),
    ]
    assert _names(list(iter_articles(inputs, base=tmp_path))) == ["news/a.txt"]


def test_sources_display_is_relative_to_base_else_absolute(tmp_path: Path) -> None:
    inside = _write(tmp_path, "base/in/a.txt")
    outside = _write(tmp_path, "elsewhere/b.txt")
    items = list(iter_articles([str(inside), str(outside)], base=tmp_path / "base"))
    assert _names(items) == ["in/a.txt", outside.as_posix()]


def test_sources_display_defaults_to_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, "news/a.txt")
    monkeypatch.chdir(tmp_path)
    [article] = list(iter_articles(["news/a.txt"]))
    assert isinstance(article, Article)
    assert (article.origin, article.key) == ("news/a.txt", "path:news/a.txt")


@pytest.mark.parametrize(
    ("path", "base", "expected"),
    [
        ("/data/news/a.txt", "/data", "news/a.txt"),
        ("/data/news/../a.txt", "/data", "a.txt"),
        ("/other/a.txt", "/data", "/other/a.txt"),
        ("/data", "/data", "."),
    ],
)
def test_sources_display_path(path: str, base: str, expected: str) -> None:
    assert display_path(Path(path), Path(base)) == expected


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("nul.txt", b"Niger junta\x00\x01\x02 statement", "binary file, not text"),
        ("controls.txt", bytes(range(1, 32)) * 10 + b"text", "binary file, not text"),
        ("png.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not text"),
        (
            "latin1.txt",
            "Café Niamey, Sahel. ".encode("latin-1") * 5,
            "not valid UTF-8 (byte 0xe9 at offset 3)",
        ),
        ("cut.txt", "Niger’s junta".encode()[:7], "not valid UTF-8 (byte 0xe2 at offset 5)"),
        ("bom-bad.txt", b"\xef\xbb\xbfabc\xff", "not valid UTF-8 (byte 0xff at offset 6)"),
        (
            "utf16.txt",
            "Niger".encode("utf-16"),
            "not valid UTF-8 (starts with a UTF-16 byte order mark)",
        ),
        ("short.txt", "Advertisement\n\nShare\n", "no article text after cleaning"),
        ("blank.txt", "  \n\n\t\n", "no article text after cleaning"),
    ],
)
def test_sources_bad_file_is_skipped_with_reason(
    tmp_path: Path, name: str, content: str | bytes, reason: str
) -> None:
    _write(tmp_path, name, content)
    assert list(iter_articles([str(tmp_path / name)], base=tmp_path)) == [Skipped(name, reason)]


def test_sources_short_text_file_is_an_article(tmp_path: Path) -> None:
    _write(tmp_path, "tiny.txt", "The junta met.")
    [article] = list(iter_articles([str(tmp_path / "tiny.txt")], base=tmp_path))
    assert isinstance(article, Article) and article.text == "The junta met."


def test_sources_over_max_bytes_is_skipped(tmp_path: Path) -> None:
    _write(tmp_path, "long.txt", TEXT)
    size = len(TEXT.encode())
    items = list(
        iter_articles([str(tmp_path / "long.txt")], IngestOptions(max_bytes=100), tmp_path)
    )
    assert items == [
        Skipped("long.txt", f"file is {size:,} bytes, over the 100-byte limit (--max-bytes)")
    ]


def test_sources_50mb_file_is_skipped_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with (tmp_path / "huge.txt").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)

    def never(path: Path, limit: int) -> bytes:
        raise AssertionError(f"{path} was read")

    monkeypatch.setattr(sources, "_read_bytes", never)
    started = time.perf_counter()
    items = list(iter_articles([str(tmp_path / "huge.txt")], base=tmp_path))
    assert time.perf_counter() - started < 1.0
    assert items == [
        Skipped(
            "huge.txt", "file is 52,428,800 bytes, over the 10,485,760-byte limit (--max-bytes)"
        )
    ]


def test_sources_file_that_grows_past_limit_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, "grows.txt", TEXT)
    monkeypatch.setattr(sources, "_read_bytes", lambda path, limit: b"x" * limit)
    [item] = list(
        iter_articles(
            [str(tmp_path / "grows.txt")], IngestOptions(max_bytes=len(TEXT.encode())), tmp_path
        )
    )
    assert isinstance(item, Skipped)
    assert "-byte limit (--max-bytes)" in item.reason


def test_sources_unreadable_file_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, "secret.txt")

    def denied(path: Path, limit: int) -> bytes:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(sources, "_read_bytes", denied)
    assert list(iter_articles([str(tmp_path / "secret.txt")], base=tmp_path)) == [
        Skipped("secret.txt", "cannot read: permission denied")
    ]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_sources_unreadable_file_on_disk_is_skipped(tmp_path: Path) -> None:
    path = _write(tmp_path, "secret.txt")
    path.chmod(0)
    try:
        items = list(iter_articles([str(path)], base=tmp_path))
    finally:
        path.chmod(0o644)
    assert items == [Skipped("secret.txt", "cannot read: permission denied")]


def test_sources_special_file_is_skipped(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert list(iter_articles([str(fifo)], base=tmp_path)) == [
        Skipped("pipe.txt", "not a regular file")
    ]


def test_sources_utf8_bom_is_stripped(tmp_path: Path) -> None:
    _write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + TEXT.encode())
    [article] = list(iter_articles([str(tmp_path / "bom.txt")], base=tmp_path))
    assert isinstance(article, Article)
    assert article.text.startswith("Niger coup leaders")
    assert "\ufeff" not in article.text


def test_sources_bad_inputs_do_not_stop_good_ones(tmp_path: Path) -> None:
    _write(tmp_path, "corpus/1-empty.txt", b"")
    _write(tmp_path, "corpus/2-good.txt")
    _write(tmp_path, "corpus/3-binary.txt", b"\x00\x01")
    _write(
        tmp_path,
        "corpus/4-records.jsonl",
        '{"text": 1}\n{"id": 9, "text": "' + TEXT.replace("\n", " ") + '"}\n',
    )
    items = list(iter_articles(["missing.txt", str(tmp_path / "corpus")], base=tmp_path))
    assert _names(items) == [
        "skip:missing.txt",
        "skip:corpus/1-empty.txt",
        "corpus/2-good.txt",
        "skip:corpus/3-binary.txt",
        "skip:corpus/4-records.jsonl:1",
        "corpus/4-records.jsonl",
    ]


def test_sources_stream_lazily(tmp_path: Path) -> None:
    for name in ["a.txt", "b.txt"]:
        _write(tmp_path, name)
    stream = iter_articles([str(tmp_path)], base=tmp_path)
    first = next(stream)
    (tmp_path / "b.txt").unlink()
    assert isinstance(first, Article)
    assert list(stream) == [Skipped("b.txt", "no such file or directory")]


def test_sources_seeds_folder_gives_five_articles() -> None:
    items = list(iter_articles([str(SEEDS)], base=SEEDS.parent))
    assert [type(item) for item in items] == [Article] * 5
    assert [item.origin for item in items if isinstance(item, Article)] == [
        f"seeds/{p.name}" for p in sorted(SEEDS.glob("*.txt"))
    ]


@pytest.mark.parametrize(("max_bytes", "min_chars"), [(0, 80), (-1, 80), (100, -1)])
def test_sources_options_are_validated(max_bytes: int, min_chars: int) -> None:
    with pytest.raises(ValueError):
        IngestOptions(max_bytes=max_bytes, min_chars=min_chars)
