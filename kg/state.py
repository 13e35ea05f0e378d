"""What a build keeps in `out/` to be incremental.

- `extractions.jsonl`: every article's extraction (its cleaned text, actors and
  assertions) and the pipeline version that made it, one JSON line each. A later build
  reuses the lines whose text and pipeline version are unchanged, redoes the others from
  their stored text, and rebuilds the graph from the whole set.
- `build-cache.json`: a compact index of that file (article key -> content hash, and the
  file's SHA-256), what each input file held when it was last read (so an unchanged file
  is not read and cleaned again), and the fingerprint of the outputs last written. It is
  only a cache: when it is missing or does not match `extractions.jsonl`, the build
  reads `extractions.jsonl` instead.
- `build-memo.pickle`: what the last build made that the next one may reuse (issue 18):
  the extractions without their text, the order of the state's lines, and the graph
  stage's blocks (`kg.graph.assemble.AssemblyMemo`), with `build-memo-delta.pickle`, what
  changed since (`kg.memo`). Also only a cache, trusted only when
  it names the current state and settings; it is read with an unpickler that builds
  nothing but kg's own data classes and containers, since a build folder
  may come from anyone.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import io
import json
import logging
import operator
import pickle
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from kg.config import Settings, output_version
from kg.errors import StateError
from kg.model import ActorRef, Article, Assertion, Evidence, Extraction
from kg.vocab import ActorClass, Relation

log = logging.getLogger(__name__)

STATE_FILE = "extractions.jsonl"
CACHE_FILE = "build-cache.json"
CACHE_FORMAT = 1
MEMO_FILE = "build-memo.pickle"


def extraction_to_json(extraction: Extraction, pipeline_version: str) -> str:
    """One state line (without the newline): the JSON of `dataclasses.asdict`."""
    record = {"pipeline": pipeline_version, **_plain(extraction)}
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


def _plain(value: Any) -> Any:
    """What `dataclasses.asdict` makes of a value, as JSON writes it (a tuple as a list),
    without its deep copies: a tenth of an article's extraction time went to them."""
    if type(value) in _FIELDS or (is_dataclass(value) and not isinstance(value, type)):
        names = _FIELDS.get(type(value))
        if names is None:
            names = _FIELDS[type(value)] = tuple(f.name for f in fields(value))
        return {name: _plain(getattr(value, name)) for name in names}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


_FIELDS: dict[type, tuple[str, ...]] = {}


def extraction_from_json(line: str) -> tuple[str, Extraction]:
    """Read one state line back: (pipeline version, extraction)."""
    data: dict[str, Any] = json.loads(line)
    article_data = data["article"]
    article = Article(**{**article_data, "credits": tuple(article_data.get("credits", ()))})
    actors = tuple(
        ActorRef(
            key=a["key"],
            cls=ActorClass(a["cls"]),
            label=a["label"],
            surface_forms=tuple(a["surface_forms"]),
            wikidata=a["wikidata"],
        )
        for a in data["actors"]
    )
    assertions = tuple(
        Assertion(
            subject=a["subject"],
            relation=Relation(a["relation"]),
            object=a["object"],
            evidence=Evidence(**a["evidence"]),
            role=a["role"],
            role_status=a.get("role_status"),
            valid_from=a.get("valid_from"),
            valid_to=a.get("valid_to"),
        )
        for a in data["assertions"]
    )
    return data["pipeline"], Extraction(
        article,
        actors,
        assertions,
        tuple(data.get("text_signature", ())),
        tuple(data.get("quote_signature", ())),
    )


@dataclass(frozen=True, slots=True)
class StateLine:
    """One line of `extractions.jsonl`, parsed, with its text kept for copying."""

    version: str
    extraction: Extraction
    line: str


_UNREADABLE = (ValueError, KeyError, TypeError, AttributeError, RecursionError)
"""What reading a damaged JSON file can raise: bad UTF-8 and JSON are ValueErrors, a
value of the wrong shape a KeyError, TypeError or AttributeError, deep nesting a
RecursionError."""


def iter_state(out_dir: Path) -> Iterator[StateLine]:
    """Yield every line of the state a previous build kept, in file order.

    Raises:
        StateError: naming the file and line, when a line cannot be read.
    """
    path = out_dir / STATE_FILE
    if not path.exists():
        return
    try:
        with path.open("rb") as handle:
            for number, raw in enumerate(handle, start=1):
                if raw.strip():
                    try:  # a line at a time, so that an error can name its line
                        line = raw.decode("utf-8")
                        version, extraction = extraction_from_json(line)
                    except _UNREADABLE as exc:
                        raise StateError(
                            f"{path}:{number}",
                            f"unreadable build state ({exc}); it holds every article built "
                            "so far, so repair it, or move it away to start afresh",
                        ) from exc
                    yield StateLine(version, extraction, line.rstrip("\n"))
    except OSError as exc:
        raise StateError(str(path), f"cannot read build state ({exc.strerror})") from exc


def state_digest(out_dir: Path) -> str | None:
    """SHA-256 of `extractions.jsonl`, or None when there is none."""
    path = out_dir / STATE_FILE
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StateError(str(path), f"cannot read build state ({exc.strerror})") from exc


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """What one input file held when it was last read.

    `items` are, in file order, ("a", article key, content hash) for an article and
    ("s", input, reason) for a part that was skipped. `digest` is the SHA-256 of the
    file's text, `chars` its length and `lines` its count of newlines, so that a JSON
    Lines file that only grew can reuse what its old lines held.
    """

    digest: str
    chars: int
    lines: int
    options: tuple[int, int]
    ingest: str
    items: tuple[tuple[str, str, str], ...]

    def articles(self) -> Iterator[tuple[str, str]]:
        """(key, content hash) of every article the file held."""
        for kind, first, second in self.items:
            if kind == "a":
                yield first, second


@dataclass(frozen=True, slots=True)
class BuildCache:
    """The compact index of a build's state, its inputs and its outputs (`build-cache.json`).

    `articles` maps every article key in the state to its content hash; `stale` names
    the ones whose line is still an older pipeline's (its extractor failed on them).
    """

    pipeline: str = ""
    state_sha256: str | None = None
    articles: Mapping[str, str] = field(default_factory=dict)
    sources: Mapping[str, SourceRecord] = field(default_factory=dict)
    fingerprint: str = ""
    outputs: Mapping[str, int] = field(default_factory=dict)
    stale: frozenset[str] = frozenset()

    def to_json(self) -> str:
        data = {
            "format": CACHE_FORMAT,
            "pipeline": self.pipeline,
            "state_sha256": self.state_sha256,
            "fingerprint": self.fingerprint,
            "outputs": dict(sorted(self.outputs.items())),
            "stale": sorted(self.stale),
            "articles": dict(sorted(self.articles.items())),
            "sources": {
                name: {
                    "digest": rec.digest,
                    "chars": rec.chars,
                    "lines": rec.lines,
                    "options": list(rec.options),
                    "ingest": rec.ingest,
                    "items": [list(item) for item in rec.items],
                }
                for name, rec in sorted(self.sources.items())
            },
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> BuildCache:
        data = json.loads(text)
        if data.get("format") != CACHE_FORMAT:
            raise ValueError(f"cache format {data.get('format')!r}, expected {CACHE_FORMAT}")
        sources = {
            str(name): SourceRecord(
                str(rec["digest"]),
                int(rec["chars"]),
                int(rec["lines"]),
                (int(rec["options"][0]), int(rec["options"][1])),
                str(rec["ingest"]),
                tuple((str(k), str(a), str(b)) for k, a, b in rec["items"]),
            )
            for name, rec in data["sources"].items()
        }
        return cls(
            pipeline=str(data["pipeline"]),
            state_sha256=data["state_sha256"],
            articles={str(k): str(v) for k, v in data["articles"].items()},
            sources=sources,
            fingerprint=str(data["fingerprint"]),
            outputs={str(k): int(v) for k, v in data["outputs"].items()},
            stale=frozenset(str(k) for k in data.get("stale", ())),
        )


def read_build_cache(out_dir: Path) -> BuildCache | None:
    """The build cache of `out_dir`, or None when it is missing or unreadable (it is only
    a cache: the build then falls back to `extractions.jsonl`)."""
    path = out_dir / CACHE_FILE
    try:
        return BuildCache.from_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, IndexError, *_UNREADABLE) as exc:
        log.warning("ignoring unreadable build cache %s (%s); it is rebuilt", path, exc)
        return None


def read_json_file(path: Path) -> Any:
    """A JSON file's value, or None when it is missing or unreadable."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, RecursionError) as exc:
        log.warning("ignoring unreadable %s (%s); it is rebuilt", path, exc)
        return None


@dataclass(slots=True)
class PriorState:
    """The previous build in the output folder, as far as this build needs it.

    `articles` maps every article key of the state to its content hash, `current` only
    those this pipeline version made (and may reuse); `outdated` counts the others.
    `state_sha256` is None when there is no state. `cache` is the build cache when it
    matches the state, `stale` its articles kept from an older pipeline.
    """

    articles: dict[str, str]
    current: dict[str, str]
    outdated: int
    state_sha256: str | None
    cache: BuildCache | None
    stale: frozenset[str] = frozenset()

    @classmethod
    def load(cls, out_dir: Path, version: str) -> PriorState:
        digest = state_digest(out_dir)
        cache = read_build_cache(out_dir)
        if digest is None:
            return cls({}, {}, 0, None, cache)
        if cache is not None and cache.state_sha256 == digest:
            articles = dict(cache.articles)
            if cache.pipeline == version:
                # stale: kept from an older pipeline because this one failed on them;
                # it would fail again, so they wait for the next pipeline version
                current = {k: v for k, v in articles.items() if k not in cache.stale}
                return cls(articles, current, 0, digest, cache, cache.stale)
            return cls(articles, {}, len(articles), digest, cache)
        articles, current, outdated = {}, {}, 0  # no usable index: read the whole state
        for entry in iter_state(out_dir):
            article = entry.extraction.article
            articles[article.key] = article.content_hash
            if entry.version == version:
                current[article.key] = article.content_hash
            else:
                outdated += 1
        return cls(articles, current, outdated, digest, None)


def fingerprint_base(settings: Settings, version: str, shapes: bytes) -> str:
    """Everything besides the state that decides the outputs' bytes."""
    parts = [
        output_version(),
        version,
        hashlib.sha256(shapes).hexdigest(),
        f"viewer={settings.viewer}",
        f"validate={settings.validate}",
        f"viewer_max_actors={settings.viewer_max_actors}",
        f"build_provenance={settings.build_provenance}",
    ]
    return "\n".join(parts)


def fingerprint(base: str, state_sha256: str | None) -> str:
    return hashlib.sha256(f"{base}\n{state_sha256}".encode()).hexdigest()


def outputs_match(prior: PriorState, base: str, settings: Settings) -> bool:
    """Whether the outputs in the folder were written from this state by this code."""
    cache = prior.cache
    if cache is None or prior.state_sha256 is None or prior.outdated:
        return False
    if cache.fingerprint != fingerprint(base, prior.state_sha256):
        return False
    expected = [
        "graph.ttl",
        "graph.trig",
        "report.json",
        *(["graph.html"] if settings.viewer else []),
    ]
    for name in expected:
        try:
            size = (settings.out_dir / name).stat().st_size
        except OSError:
            return False
        if name != "report.json" and cache.outputs.get(name) != size:
            return False
    return True


# --------------------------------------------------------------------------------------
# The build memo
# --------------------------------------------------------------------------------------

_MEMO_GLOBALS = frozenset(
    {
        ("builtins", "set"),
        ("builtins", "frozenset"),
        ("builtins", "object"),
        ("copyreg", "_reconstructor"),
    }
)
"""What a memo may name besides kg's classes: containers."""


class _MemoUnpickler(pickle.Unpickler):
    """Builds only kg's own data classes and enums and the containers above: a pickle naming
    anything else (a function to call, another module's class) is refused."""

    def find_class(self, module: str, name: str) -> Any:
        return _memo_class(module, name)


@functools.cache
def _memo_class(module: str, name: str) -> Any:
    """What a memo's pickle may name (cached: a memo holds one small pickle per article)."""
    if (module, name) in _MEMO_GLOBALS:
        return getattr(importlib.import_module(module), name)
    if module == "kg" or module.startswith("kg."):
        found = getattr(importlib.import_module(module), name, None)
        # plain data only: a data class's or an enum's constructor does nothing else
        if isinstance(found, type) and (is_dataclass(found) or issubclass(found, Enum)):
            return found
    raise pickle.UnpicklingError(f"a build memo may not name {module}.{name}")


def memo_part(data: bytes) -> Any:
    """One part of a memo that `memo_bytes` pickled on its own (an article's extraction).

    Raises:
        pickle.UnpicklingError: the part names what a memo may not, or is damaged.
    """
    return _MemoUnpickler(io.BytesIO(data)).load()


def read_memo(out_dir: Path, name: str = MEMO_FILE) -> Any:
    """The memo file `name` the last build left in `out_dir`, or None when there is none,
    it is empty, or it cannot be read (said on stderr: the build then makes everything,
    as a first build does)."""
    path = out_dir / name
    try:
        with path.open("rb") as handle:
            if not handle.peek(1):
                return None
            return _MemoUnpickler(handle).load()
    except FileNotFoundError:
        return None
    except Exception as exc:  # any damage to a cache means: do without it
        log.warning("ignoring unreadable %s (%s); the build makes everything again", path, exc)
        return None


def memo_bytes(memo: object) -> bytes:
    """A memo as `read_memo` reads it back."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _BY_CONSTRUCTOR
    pickler.dump(memo)
    return buffer.getvalue()


class _ByConstructor(dict[type, Callable[[Any], Any]]):
    """Pickle each data class as its constructor and field values: dataclasses' own
    `__getstate__`/`__setstate__` of slotted classes look their fields up for every object,
    which made reading a memo of a few hundred thousand objects take seconds."""

    def __missing__(self, cls: type) -> Callable[[Any], Any]:
        if not is_dataclass(cls):
            raise KeyError(cls)
        found = fields(cls)
        if not all(f.init for f in found) or hasattr(cls, "__post_init__"):
            raise KeyError(cls)
        take = operator.attrgetter(*(f.name for f in found))
        if len(found) == 1:
            reducer = self[cls] = lambda obj: (type(obj), (take(obj),))
        else:
            reducer = self[cls] = lambda obj: (type(obj), take(obj))
        return reducer


_BY_CONSTRUCTOR = _ByConstructor()
"""One table for every memo and memo part: its reducers are made once per class."""
