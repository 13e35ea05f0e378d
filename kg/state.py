"""What a build keeps in `out/` to be incremental: every article's extraction, as JSON lines.

A later build reads it back, skips articles whose text and pipeline version are
unchanged, replaces those whose text changed, and rebuilds the graph from the whole set.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from kg.errors import StateError
from kg.model import ActorRef, Article, Assertion, Evidence, Extraction
from kg.vocab import ActorClass, Relation

STATE_FILE = "extractions.jsonl"


def extraction_to_json(extraction: Extraction, pipeline_version: str) -> str:
    record = {"pipeline": pipeline_version, **asdict(extraction)}
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


def extraction_from_json(line: str) -> tuple[str, Extraction]:
    """Read one state line back: (pipeline version, extraction)."""
    data: dict[str, Any] = json.loads(line)
    article = Article(**data["article"])
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
        )
        for a in data["assertions"]
    )
    return data["pipeline"], Extraction(article, actors, assertions)


def read_state(out_dir: Path) -> Iterator[tuple[str, Extraction]]:
    """Yield (pipeline version, extraction) for every article a previous build kept."""
    path = out_dir / STATE_FILE
    if not path.exists():
        return
    try:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    try:
                        yield extraction_from_json(line)
                    except (ValueError, KeyError, TypeError) as exc:
                        raise StateError(
                            f"{path}:{number}", f"unreadable build state ({exc})"
                        ) from exc
    except OSError as exc:
        raise StateError(str(path), f"cannot read build state ({exc.strerror})") from exc
