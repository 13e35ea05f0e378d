"""Settings for a build, defined once and passed down explicitly."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
"""The ontology, shapes, gazetteers and lexicons shipped with the project."""

PIPELINE_VERSION = "kg-pipeline/0.1.0"
"""Bump when extraction changes meaning, so cached extractions are redone."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a build can be told. CLI flags fill it; stages only read it."""

    out_dir: Path = Path("out")
    ontology_dir: Path = ONTOLOGY_DIR
    batch_size: int = 16
    max_bytes: int = 10 * 1024 * 1024
    min_chars: int = 80
    viewer: bool = True
    validate: bool = True
    model: str | None = None
    extra_gazetteers: tuple[Path, ...] = field(default_factory=tuple)
