"""Precision of typed actors on a hand-judged sample of real news items.

The sample file names the items (by id, in a benchmark JSONL) and holds a person's
judgement of each typed actor the pipeline produced: `{"id", "label", "class",
"correct"}`. Re-running scores the current output against those judgements; an actor the
judgements do not cover is reported as unjudged rather than guessed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.extract import Resources, extract_article
from kg.ingest import clean_text
from kg.ingest.normalise import normalise_field
from kg.ingest.readers import with_title
from kg.model import Article


@dataclass(frozen=True, slots=True)
class TypedActor:
    item: str
    label: str
    cls: str


@dataclass(slots=True)
class SampleScore:
    items: int = 0
    correct: list[TypedActor] = field(default_factory=list)
    wrong: list[TypedActor] = field(default_factory=list)
    unjudged: list[TypedActor] = field(default_factory=list)

    @property
    def precision(self) -> float:
        judged = len(self.correct) + len(self.wrong)
        return len(self.correct) / judged if judged else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "actors": len(self.correct) + len(self.wrong) + len(self.unjudged),
            "correct": len(self.correct),
            "wrong": [f"{a.item}: {a.label} ({a.cls})" for a in self.wrong],
            "unjudged": [f"{a.item}: {a.label} ({a.cls})" for a in self.unjudged],
            "precision": round(self.precision, 3),
        }


def read_judged_file(path: Path, required: tuple[str, ...], what: str) -> dict[str, Any]:
    """A JSON file of verdicts given by hand: its `required` keys present, `judgements` a
    list (empty when none are given yet); raises InputError naming the file otherwise."""
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        missing = [key for key in required if key not in data]
        if missing:
            raise KeyError(", ".join(missing))
        data.setdefault("judgements", [])
        return data
    except OSError as exc:
        raise InputError(str(path), f"cannot read {what} ({exc.strerror})") from exc
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(str(path), f"not a {what} ({exc})") from exc


def load_sample(path: Path) -> dict[str, Any]:
    data = read_judged_file(path, ("benchmark", "ids"), "sample file")
    data["ids"] = list(data["ids"])
    return data


def sample_texts(benchmark: Path, ids: list[str]) -> dict[str, str]:
    """Read the sampled items' headline and text from the benchmark JSONL."""
    wanted = set(ids)
    texts: dict[str, str] = {}
    try:
        with benchmark.open(encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                if record.get("id") in wanted:
                    texts[record["id"]] = record_text(record)
    except OSError as exc:
        raise InputError(str(benchmark), f"cannot read benchmark ({exc.strerror})") from exc
    missing = wanted - set(texts)
    if missing:
        raise InputError(str(benchmark), f"{len(missing)} sampled ids not found")
    return texts


def record_text(record: dict[str, Any]) -> str:
    """A benchmark record's text as `kg build` reads it: cleaned, its title first."""
    return with_title(clean_text(record["text"]).text, normalise_field(record.get("title")))


def typed_actors(texts: dict[str, str], nlp: Any, resources: Resources) -> list[TypedActor]:
    """Run the pipeline on every item and list the actors it types."""
    articles = []
    for item, text in texts.items():
        articles.append(
            Article(f"id:{item}", text, hashlib.sha256(text.encode()).hexdigest(), item)
        )
    found: list[TypedActor] = []
    for doc, article in nlp.pipe(((a.text, a) for a in articles), as_tuples=True, batch_size=64):
        extraction = extract_article(doc, article, resources)
        found.extend(TypedActor(article.origin, a.label, a.cls.value) for a in extraction.actors)
    return sorted(found, key=lambda a: (a.item, a.label, a.cls))


def score_sample(
    actors: list[TypedActor], judgements: list[dict[str, Any]], items: int
) -> SampleScore:
    verdicts = {(j["id"], j["label"], j["class"]): bool(j["correct"]) for j in judgements}
    score = SampleScore(items=items)
    for actor in actors:
        verdict = verdicts.get((actor.item, actor.label, actor.cls))
        if verdict is None:
            score.unjudged.append(actor)
        elif verdict:
            score.correct.append(actor)
        else:
            score.wrong.append(actor)
    return score
