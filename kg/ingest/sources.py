"""Expand inputs (files, folders, globs) into the files to read, and read each one safely.

Nothing here holds more than one file's bytes at a time: folders are listed (names
only), files are checked with `stat` before they are opened, and a file is read only
up to the size limit.
"""

from __future__ import annotations

import codecs
import errno
import glob
import logging
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from kg.errors import printable
from kg.model import Skipped

__all__ = [
    "SUPPORTED_SUFFIXES",
    "Source",
    "display_path",
    "iter_sources",
    "load_text",
]

logger = logging.getLogger(__name__)

SUPPORTED_SUFFIXES: Final = frozenset(
    {".txt", ".text", ".md", ".html", ".htm", ".json", ".jsonl", ".ndjson"}
)
"""File extensions that are read; inside folders, files with other extensions are ignored."""

_EXPECTED: Final = "expected .txt, .html, .json, .jsonl"
_GLOB_MAGIC: Final = frozenset("*?[")
_SNIFF_BYTES: Final = 8192
_CONTROL_RATIO: Final = 0.05
_TEXT_CONTROLS: Final = frozenset(b"\t\n\r\x0b\x0c\x1b")
_BOM_UTF8: Final = b"\xef\xbb\xbf"
_BOMS_UTF16_32: Final = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


@dataclass(frozen=True, slots=True)
class Source:
    """One file to read: where it is, how to name it to the user, and its extension."""

    path: Path
    display: str
    suffix: str


def display_path(path: Path, base: Path) -> str:
    """Return `path` relative to `base` if it lies under it, else absolute; "/"-separated.

    >>> display_path(Path("/data/news/a.txt"), Path("/data"))
    'news/a.txt'
    >>> display_path(Path("/elsewhere/a.txt"), Path("/data"))
    '/elsewhere/a.txt'
    """
    absolute = Path(os.path.abspath(path))
    for candidate, root in (
        (absolute, Path(os.path.abspath(base))),
        (_resolve(path), _resolve(base)),
    ):
        try:
            return candidate.relative_to(root).as_posix()
        except ValueError:
            continue
    return absolute.as_posix()


def iter_sources(inputs: Sequence[str], base: Path) -> Iterator[Source | Skipped]:
    """Yield each file named by `inputs` once, in input order, or why an input gives none.

    Folders are walked recursively (hidden entries skipped, files sorted by relative
    path, unsupported extensions ignored); glob patterns are expanded, sorted.
    """
    seen: set[Path] = set()
    for item in inputs:
        yield from _expand(item, base, seen)


def load_text(source: Source, max_bytes: int) -> str | Skipped:
    """Return the file's text, or why it cannot be read as UTF-8 article text."""
    display = source.display
    try:
        info = source.path.stat()
    except OSError as exc:
        return Skipped(display, _os_reason(exc))
    if not stat.S_ISREG(info.st_mode):
        return Skipped(display, "not a regular file")
    if info.st_size == 0:
        return Skipped(display, "empty file")
    if info.st_size > max_bytes:
        return Skipped(display, _too_big(info.st_size, max_bytes))
    try:
        data = _read_bytes(source.path, max_bytes + 1)
    except OSError as exc:
        return Skipped(display, _os_reason(exc))
    if not data:
        return Skipped(display, "empty file")
    if len(data) > max_bytes:
        return Skipped(display, _too_big(None, max_bytes))
    return _decode(data, display)


# --------------------------------------------------------------------------------------
# Expansion
# --------------------------------------------------------------------------------------


def _expand(item: str, base: Path, seen: set[Path]) -> Iterator[Source | Skipped]:
    path = Path(os.path.expanduser(item))
    try:
        info: os.stat_result | None = path.stat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.ENAMETOOLONG, errno.ELOOP):
            info = None
        else:
            yield Skipped(item, _os_reason(exc))
            return
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(path, item, base, seen)
        else:
            yield from _explicit_file(path, base, seen)
        return
    if _GLOB_MAGIC.intersection(item):
        yield from _expand_glob(item, base, seen)
        return
    yield Skipped(item, "no such file or directory")


def _explicit_file(path: Path, base: Path, seen: set[Path]) -> Iterator[Source | Skipped]:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        what = f"'{suffix}'" if suffix else "(no extension)"
        yield Skipped(display_path(path, base), f"unsupported file type {what} ({_EXPECTED})")
        return
    yield from _once(path, suffix, base, seen)


def _expand_glob(pattern: str, base: Path, seen: set[Path]) -> Iterator[Source | Skipped]:
    matches = sorted(glob.glob(os.path.expanduser(pattern), recursive=True))
    if not matches:
        yield Skipped(pattern, "pattern matched no files")
        return
    supported = 0
    for match in matches:
        path = Path(match)
        if path.is_dir():
            supported += 1
            yield from _walk(path, match, base, seen)
        elif path.suffix.lower() in SUPPORTED_SUFFIXES:
            supported += 1
            yield from _once(path, path.suffix.lower(), base, seen)
    if not supported:
        yield Skipped(pattern, f"pattern matched no supported files ({_EXPECTED})")


def _walk(root: Path, item: str, base: Path, seen: set[Path]) -> Iterator[Source | Skipped]:
    """Yield the supported files under `root`, sorted by relative path, hidden ones skipped."""
    errors: list[OSError] = []
    found: list[tuple[str, Path]] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.startswith(".") or Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
                continue
            path = Path(dirpath, name)
            found.append((path.relative_to(root).as_posix(), path))
    for error in errors:
        where = display_path(Path(error.filename), base) if error.filename else item
        yield Skipped(where, _os_reason(error))
    if not found and not errors:
        yield Skipped(display_path(root, base), f"folder has no supported files ({_EXPECTED})")
    for _, path in sorted(found):
        yield from _once(path, path.suffix.lower(), base, seen)


def _once(path: Path, suffix: str, base: Path, seen: set[Path]) -> Iterator[Source]:
    resolved = _resolve(path)
    if resolved in seen:
        logger.debug("already read %s", printable(str(path)))
        return
    seen.add(resolved)
    yield Source(path=Path(os.path.abspath(path)), display=display_path(path, base), suffix=suffix)


def _resolve(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


# --------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------


def _read_bytes(path: Path, limit: int) -> bytes:
    """Read at most `limit` bytes of the file."""
    with path.open("rb") as handle:
        return handle.read(limit)


def _decode(data: bytes, display: str) -> str | Skipped:
    for bom, encoding in _BOMS_UTF16_32:
        if data.startswith(bom):
            return Skipped(display, f"not valid UTF-8 (starts with a {encoding} byte order mark)")
    offset = 0
    if data.startswith(_BOM_UTF8):
        data = data[len(_BOM_UTF8) :]
        offset = len(_BOM_UTF8)
    if _looks_binary(data[:_SNIFF_BYTES]):
        return Skipped(display, "binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start]
        return Skipped(
            display, f"not valid UTF-8 (byte 0x{bad:02x} at offset {offset + exc.start})"
        )


def _looks_binary(sample: bytes) -> bool:
    """Whether a file's first bytes are not text: a NUL, or many control bytes. In valid
    UTF-8 a DEL is no sign of binary (JSON writes it raw in a string; cleaning drops it).

    >>> [_looks_binary(b) for b in (b'{"\\x7f": 1}', b"\\x7f\\xff\\x7f\\x7f", b"a\\x00")]
    [False, True, True]
    """
    if b"\x00" in sample:
        return True
    if not sample:
        return False
    deletes_are_text = _utf8(sample)
    controls = sum(
        1
        for byte in sample
        if (byte < 0x20 or (byte == 0x7F and not deletes_are_text)) and byte not in _TEXT_CONTROLS
    )
    return controls / len(sample) > _CONTROL_RATIO


def _utf8(sample: bytes) -> bool:
    """Whether `sample` is UTF-8, but for a character cut off at its end."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _too_big(size: int | None, max_bytes: int) -> str:
    if size is None:
        return f"file is over the {max_bytes:,}-byte limit (--max-bytes)"
    return f"file is {size:,} bytes, over the {max_bytes:,}-byte limit (--max-bytes)"


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "cannot read: permission denied"
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    message = exc.strerror or type(exc).__name__
    return f"cannot read: {' '.join(str(message).lower().split())}"
