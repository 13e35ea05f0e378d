"""Score builds of unseen news against the development golds of issue 14, half by half.

`tests/gold/news_gold_items.json` names each corpus's items and their half (`dev`, tuned
on; `test`, only measured); `tests/gold/news_<corpus>.json` is the adjudicated gold of
that corpus, entities and relations in the shape of the seed gold, each entity with the
items that mention it and each relation with its item. A half is built on its own, as a
user would build those items, and scored against the gold of its items only.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from kg.errors import InputError
from kg.evaluate.entities import EntityScore, load_gold_entities, score_entities
from kg.evaluate.graphview import graph_actors
from kg.evaluate.relations import RelationScore, load_gold_relations, score_relations

CORPORA = {
    "reuters21578": "reuters21578/reuters21578.jsonl",
    "ag_news_test": "ag_news_test/ag_news_test.jsonl",
}
"""Corpus name in the items file -> its JSONL file under the benchmarks folder."""
HALVES = ("test", "dev")
"""The order halves are printed in: the held-out figures lead."""


@dataclass(frozen=True, slots=True)
class HalfScore:
    corpus: str
    half: str
    items: int
    entities: EntityScore
    relations: RelationScore


def load_halves(items_file: Path) -> dict[str, dict[str, frozenset[str]]]:
    """corpus -> half -> item ids, from the items file."""
    try:
        data = json.loads(items_file.read_text(encoding="utf-8"))
        halves: dict[str, dict[str, frozenset[str]]] = {}
        for corpus in CORPORA:
            rows = data.get(corpus, [])
            halves[corpus] = {
                half: frozenset(r["id"] for r in rows if r["split"] == half) for half in HALVES
            }
        return halves
    except OSError as exc:
        raise InputError(str(items_file), f"cannot read the items file ({exc.strerror})") from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(str(items_file), f"not an items file ({exc})") from exc


def gold_item_ids(items_file: Path, rounds: Iterable[int]) -> frozenset[str]:
    """The ids of every corpus's items of the given rounds of the items file (an item
    without a `round` is of round 1)."""
    wanted = frozenset(rounds)
    try:
        data = json.loads(items_file.read_text(encoding="utf-8"))
        return frozenset(
            r["id"]
            for corpus in CORPORA
            for r in data.get(corpus, [])
            if r.get("round", 1) in wanted
        )
    except OSError as exc:
        raise InputError(str(items_file), f"cannot read the items file ({exc.strerror})") from exc
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(str(items_file), f"not an items file ({exc})") from exc


def reserved_ids(benchmarks: Path) -> frozenset[str]:
    """The ids of `reserved_ids.txt` in the benchmarks folder: items kept for independent
    checks, never drawn, judged or read for tuning."""
    reserved = benchmarks / "reserved_ids.txt"
    try:
        lines = reserved.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(str(reserved), f"cannot read the reserved ids ({exc.strerror})") from exc
    return frozenset(s.strip() for s in lines if s.strip() and not s.startswith("#"))


def half_records(benchmark: Path, ids: frozenset[str]) -> Iterator[str]:
    """The JSON lines of `benchmark` whose `id` is one of `ids`, in file order."""
    try:
        with benchmark.open(encoding="utf-8") as lines:
            for line in lines:
                if json.loads(line).get("id") in ids:
                    yield line if line.endswith("\n") else line + "\n"
    except OSError as exc:
        raise InputError(str(benchmark), f"cannot read the benchmark ({exc.strerror})") from exc


def score_half(
    graph: Graph, gold_file: Path, items: frozenset[str]
) -> tuple[EntityScore, RelationScore]:
    """Score a half's graph against the gold of that half's items."""
    entity_score = score_entities(graph, load_gold_entities(gold_file, items))
    asserted, negated, ambiguous = load_gold_relations(gold_file, items)
    labels = {a.iri: a.label for a in graph_actors(graph)}
    relation_score = score_relations(
        graph, entity_score.mapping, asserted, negated, labels, ambiguous
    )
    return entity_score, relation_score


BuildRecords = Callable[[list[str], Path], Graph]
"""Builds JSON lines in a work folder as `kg build items.jsonl` would and loads the graph
(the CLI passes the build: scoring sits beside the pipeline, not above it)."""


def evaluate_news(
    gold_dir: Path,
    benchmarks: Path,
    corpora: tuple[str, ...],
    halves: tuple[str, ...],
    build_records: BuildRecords,
) -> Iterator[HalfScore]:
    """Build and score each asked half of each asked corpus, test halves first."""
    split = load_halves(gold_dir / "news_gold_items.json")
    for half in (h for h in HALVES if h in halves):
        for corpus in corpora:
            items = split[corpus][half]
            gold_file = gold_dir / f"news_{corpus}.json"
            if not gold_file.is_file():
                raise InputError(str(gold_file), "no adjudicated gold for this corpus")
            records = list(half_records(benchmarks / CORPORA[corpus], items))
            with tempfile.TemporaryDirectory(prefix="kg-eval-news-") as work:
                graph = build_records(records, Path(work))
            entities, relations = score_half(graph, gold_file, items)
            yield HalfScore(corpus, half, len(items), entities, relations)
