"""Ingest: turn files, folders and globs of news articles into clean `Article`s.

`iter_articles` streams one `Article` per article found and one `Skipped` (with a
one-line reason) per input, file, record or line that has none, in a deterministic
order: input order, then sorted by path within a folder or glob.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from kg.config import Settings
from kg.errors import printable
from kg.ingest.clean import clean_text
from kg.ingest.readers import DEFAULT_MIN_CHARS, READERS
from kg.ingest.sources import Source, iter_sources, load_text
from kg.model import Article, Skipped

__all__ = ["DEFAULT_OPTIONS", "IngestOptions", "clean_text", "iter_articles", "read_source"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """Limits on what is read: file size in bytes, and the least article text (after
    cleaning) an HTML page must hold not to be taken for boilerplate. Text files and
    records are articles whatever their length."""

    max_bytes: int = Settings().max_bytes
    min_chars: int = DEFAULT_MIN_CHARS

    def __post_init__(self) -> None:
        if self.max_bytes < 1:
            raise ValueError(f"max_bytes must be at least 1, not {self.max_bytes}")
        if self.min_chars < 0:
            raise ValueError(f"min_chars must not be negative, not {self.min_chars}")


DEFAULT_OPTIONS: Final = IngestOptions()


def iter_articles(
    inputs: Sequence[str], options: IngestOptions = DEFAULT_OPTIONS, base: Path | None = None
) -> Iterator[Article | Skipped]:
    """Yield the articles in `inputs` (files, folders, globs), and a Skipped for each bad part.

    Display paths (`Article.origin`, `Skipped.input`) are relative to `base`, by default
    the current directory, when the file is under it.

    >>> [str(item) for item in iter_articles(["no/such/file.txt"])]
    ['no/such/file.txt: no such file or directory']
    """
    root = Path.cwd() if base is None else base
    for source in iter_sources(inputs, root):
        if isinstance(source, Skipped):
            logger.debug("skipped %s", source)
            yield source
            continue
        loaded = load_text(source, options.max_bytes)
        if isinstance(loaded, Skipped):
            logger.debug("skipped %s", loaded)
            yield loaded
            continue
        yield from read_source(source, loaded, options.min_chars)


def read_source(source: Source, text: str, min_chars: int) -> Iterator[Article | Skipped]:
    """Read the articles in one file's `text` with the reader for its extension.

    A reader that fails costs the rest of this text and nothing else: the failure is one
    `Skipped` (the traceback is logged at INFO, for `kg -v`). `kg.parallel` reads the
    parts of a file it hands to its workers through this too.
    """
    reader = READERS[source.suffix]
    try:
        yield from reader(source.path, source.display, text, min_chars=min_chars)
    except Exception as exc:  # a reader bug must not stop the other inputs
        logger.info("failed to read %s", printable(source.display), exc_info=True)
        detail = " ".join(str(exc).split())[:200]
        yield Skipped(
            source.display, f"internal error while reading ({type(exc).__name__}: {detail})"
        )
