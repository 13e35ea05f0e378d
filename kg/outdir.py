"""The output folder: one build at a time, outputs published whole, readers that see a whole build.

- `build_lock(out_dir)`: a build holds `out/.kg.lock` exclusively from before it reads
  the previous state until it has published, so two builds into one folder run one after
  the other and the second starts from what the first published.
- `Staging`: a build writes its outputs into `out/.staging-*`, fsyncs them, then writes
  the commit marker `COMMIT` (the names to publish) and renames them into `out/`. The
  marker makes the renames roll-forward: once it exists the build is published, even if
  the process dies halfway through renaming, because whoever comes next finishes them.
- `recover(out_dir)`: at the start of a build, a staging folder with a marker is rolled
  forward and one without (a build that died before publishing) is deleted.
- `read_build(path)`: readers hold `out/.kg-publish.lock` shared while they read; a
  publish holds it exclusively only while it renames, so a reader sees the old build or
  the new one, never a mix. A reader that finds a marked staging folder left by a build
  that died mid-publish finishes that publish first.

The locks are `fcntl.flock` (stdlib, Linux and macOS): the kernel drops them when their
holder exits, however it exits, so a killed build never leaves a stale lock behind.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from kg.errors import KgError

log = logging.getLogger(__name__)

BUILD_LOCK = ".kg.lock"
PUBLISH_LOCK = ".kg-publish.lock"
STAGING_PREFIX = ".staging-"
COMMIT_MARKER = "COMMIT"


class OutputError(KgError):
    """The output folder cannot be created, locked or written."""


def output_error(out_dir: Path, exc: OSError, doing: str) -> OutputError:
    """One line for an OSError met while writing `out_dir`: what failed and why."""
    return OutputError(str(out_dir), f"{doing} ({exc.strerror or exc})")


# --------------------------------------------------------------------------------------
# One build at a time
# --------------------------------------------------------------------------------------


def announce_wait(out_dir: Path) -> Callable[[int | None], None]:
    """What a build says on stderr when another build holds the folder."""

    def say(pid: int | None) -> None:
        holder = f" (pid {pid})" if pid else ""
        sys.stderr.write(f"kg: waiting for another build of {out_dir}{holder} to finish\n")
        sys.stderr.flush()

    return say


@contextlib.contextmanager
def build_lock(
    out_dir: Path, on_wait: Callable[[int | None], None] | None = None
) -> Iterator[None]:
    """Hold `out_dir` for one build: create the folder, take its build lock exclusively
    (calling `on_wait` with the holder's pid, when known, before waiting for it).

    Raises:
        OutputError: when the folder cannot be created or its lock file opened.
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(out_dir / BUILD_LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise output_error(out_dir, exc, "cannot create or write the output folder") from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait(lock_holder(fd))
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def lock_holder(fd: int) -> int | None:
    """The pid holding a flock on the file open as `fd`, read from /proc/locks (Linux);
    None when it cannot be told. The lock file itself is never written, so an up-to-date
    build changes nothing in out/ but its report."""
    info = os.fstat(fd)
    device = f"{os.major(info.st_dev):02x}:{os.minor(info.st_dev):02x}:{info.st_ino}"
    try:
        lines = Path("/proc/locks").read_text(encoding="ascii").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for line in lines:
        fields = line.split()
        # "1: FLOCK  ADVISORY  WRITE 1234 fe:00:2146332 0 EOF"; waiters have a "->" field
        holds = len(fields) >= 6 and "->" not in fields and fields[1] == "FLOCK"
        if holds and fields[5] == device and fields[4].isdigit():
            return int(fields[4])
    return None


# --------------------------------------------------------------------------------------
# Staging and publishing
# --------------------------------------------------------------------------------------


class Staging:
    """A build's outputs, written into `out/.staging-*` and published together."""

    def __init__(self, out_dir: Path) -> None:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            self.path = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
        except OSError as exc:
            raise output_error(out_dir, exc, "cannot write to the output folder") from exc
        self.out_dir = out_dir
        self.names: list[str] = []
        self.committed = False

    def open(self, name: str) -> IO[bytes]:
        if name not in self.names:
            self.names.append(name)
        return (self.path / name).open("wb")

    def write(self, name: str, data: bytes) -> None:
        with self.open(name) as handle:
            handle.write(data)

    def commit(self) -> None:
        """Publish: fsync every output, mark the folder committed, rename each into out/.

        Up to the marker a failure leaves out/ as it was; from the marker on, the build
        counts as published and the renames are finished by whoever comes next.
        """
        for name in self.names:
            with (self.path / name).open("rb") as handle:
                os.fsync(handle.fileno())
        with _publish_lock(self.out_dir):
            _write_marker(self.path, self.names)
            self.committed = True
            _roll_forward(self.out_dir, self.path, self.names)

    def close(self) -> None:
        """Drop an unpublished staging folder; finish a publish that was interrupted."""
        if not self.committed:
            shutil.rmtree(self.path, ignore_errors=True)
            return
        if not self.path.exists():
            return
        try:
            with _publish_lock(self.out_dir):
                _roll_forward(self.out_dir, self.path, self.names)
        except OSError as exc:  # the next build or reader finishes it
            log.warning("could not finish publishing %s (%s)", self.path, exc)


def write_outputs(out_dir: Path, outputs: dict[str, bytes]) -> None:
    """Write every file to a staging folder in `out_dir`, then publish them together."""
    staging = Staging(out_dir)
    try:
        for name, data in outputs.items():
            staging.write(name, data)
        staging.commit()
    finally:
        staging.close()


def recover(out_dir: Path) -> None:
    """Clean up after builds that died: roll forward each committed staging folder, delete
    each unfinished one. Only call it holding the build lock (no build is running then)."""
    folders = _staging_folders(out_dir)
    if not folders:
        return
    with _publish_lock(out_dir):
        for folder, names in _by_commit_time(folders):
            if names is None:
                log.info("removing %s, left by a build that did not finish", folder)
                shutil.rmtree(folder, ignore_errors=True)
            else:
                log.warning("finishing the publish of %s, interrupted by its build", folder)
                _roll_forward(out_dir, folder, names)


def _staging_folders(out_dir: Path) -> list[Path]:
    try:
        with os.scandir(out_dir) as entries:
            return [
                Path(e.path)
                for e in entries
                if e.name.startswith(STAGING_PREFIX) and e.is_dir(follow_symlinks=False)
            ]
    except (FileNotFoundError, NotADirectoryError):
        return []


def _by_commit_time(folders: list[Path]) -> list[tuple[Path, list[str] | None]]:
    """Each folder with its marker's names (None: not committed), oldest commit first, so
    that should two ever be left, the later build's files win."""
    found = [(folder, _read_marker(folder)) for folder in folders]

    def committed_at(item: tuple[Path, list[str] | None]) -> int:
        try:
            return (item[0] / COMMIT_MARKER).stat().st_mtime_ns
        except OSError:
            return 0

    return sorted(found, key=committed_at)


def _write_marker(folder: Path, names: list[str]) -> None:
    """Write COMMIT through a temporary file and a rename, so it is whole or absent."""
    temporary = folder / f"{COMMIT_MARKER}.tmp"
    with temporary.open("wb") as handle:
        handle.write(json.dumps({"names": names}).encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, folder / COMMIT_MARKER)
    _fsync_dir(folder)


def _read_marker(folder: Path) -> list[str] | None:
    """The names a committed staging folder publishes; None when it has no valid marker."""
    try:
        data = json.loads((folder / COMMIT_MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    names = data.get("names") if isinstance(data, dict) else None
    if not isinstance(names, list) or not all(_plain_name(n) for n in names):
        return None
    return names


def _plain_name(name: object) -> bool:
    return isinstance(name, str) and name not in ("", ".", "..") and "/" not in name


def _roll_forward(out_dir: Path, folder: Path, names: list[str]) -> None:
    """Rename what is left of `names` into out/, then drop the folder. Safe to repeat:
    a name already renamed by an earlier, interrupted attempt is skipped."""
    for name in names:
        with contextlib.suppress(FileNotFoundError):
            os.replace(folder / name, out_dir / name)
    _fsync_dir(out_dir)
    shutil.rmtree(folder, ignore_errors=True)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def _publish_lock(out_dir: Path) -> Iterator[None]:
    """The publish lock, exclusively: no reader is reading while the renames run."""
    fd = os.open(out_dir / PUBLISH_LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


# --------------------------------------------------------------------------------------
# Readers
# --------------------------------------------------------------------------------------


@contextlib.contextmanager
def read_build(path: Path | str) -> Iterator[None]:
    """Read a build folder (or a file in one) as one whole build: hold its publish lock
    shared, after finishing any publish that a killed build left halfway.

    Costs a lock and a listing of the folder; a path that is not in a build folder, or a
    folder that cannot be locked (read-only, say), is read as it is.
    """
    folder = Path(path)
    if not folder.is_dir():
        folder = folder.parent
        if not (folder / PUBLISH_LOCK).exists():
            yield  # a graph file outside any build folder
            return
    key = os.path.realpath(folder)
    held: set[str] = _READING.__dict__.setdefault("folders", set())
    # a read inside a read of the same folder already holds the lock; locking again could
    # deadlock (the inner one's shared-to-exclusive upgrade would wait on the outer one)
    fd = None if key in held else _open_for_reading(folder / PUBLISH_LOCK)
    if fd is None:
        yield
        return
    held.add(key)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
        if any(_read_marker(f) is not None for f in _staging_folders(folder)):
            # flock turns a shared lock into an exclusive one by dropping it first, so two
            # readers doing this cannot deadlock; the folder is scanned again under it
            fcntl.flock(fd, fcntl.LOCK_EX)
            _finish_publishes(folder)
            fcntl.flock(fd, fcntl.LOCK_SH)
        yield
    finally:
        held.discard(key)
        os.close(fd)


_READING = threading.local()
"""The build folders this thread is reading (`read_build`), by real path."""


def _open_for_reading(lock: Path) -> int | None:
    """The publish lock open for flock: created if it can be, else as it is, else None."""
    for flags in (os.O_RDONLY | os.O_CREAT, os.O_RDONLY):
        try:
            return os.open(lock, flags, 0o644)
        except OSError:
            continue
    return None


def _finish_publishes(folder: Path) -> None:
    """Roll forward the committed staging folders (their builds died mid-publish: a live
    one renames under the exclusive lock this caller holds). Unfinished ones may belong to
    a running build, so they are left to the next build."""
    for staging, names in _by_commit_time(_staging_folders(folder)):
        if names is None:
            continue
        try:
            log.warning("finishing the publish of %s, interrupted by its build", staging)
            _roll_forward(folder, staging, names)
        except OSError as exc:
            log.warning("cannot finish the publish of %s (%s); reading as it is", staging, exc)
            return
