"""Precision of the statements a build makes on everyday news, judged by hand.

A fixed random draw of news stories (Reuters-21578 or AG News; of `min_words`+ words,
none in the news golds or the reserved list) is built as a user would build it; a fixed
random draw of the build's statements (the lowest seeded hashes, so that a changed build
changes only the draw's changed part) was judged by a person, each verdict keyed by the statement's item, subject, relation,
object and evidence. Re-running scores the current build against those verdicts: a
statement no verdict covers is reported as unjudged rather than guessed.
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import astuple, dataclass, field
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, Graph, Namespace
from rdflib.namespace import DCTERMS, PROV

from kg.errors import InputError
from kg.evaluate.sample import read_judged_file
from kg.vocab import KG_NS

KG = Namespace(KG_NS)


@dataclass(frozen=True, slots=True, order=True)
class Statement:
    item: str
    subject: str
    relation: str
    object: str
    evidence: str

    def as_stub(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "subject": self.subject,
            "relation": self.relation,
            "object": self.object,
            "evidence": self.evidence,
            "correct": None,
        }


@dataclass(slots=True)
class StatementScore:
    """Verdicts on the statements the current build still makes, and what is left to judge."""

    correct: list[Statement] = field(default_factory=list)
    wrong: list[Statement] = field(default_factory=list)
    vanished: int = 0
    """Judged statements the current build no longer makes."""
    unjudged: list[Statement] = field(default_factory=list)
    """Statements of the current build's draw that no verdict covers."""
    drawn_right: int = 0
    """Statements of the current build's draw judged right (issue 14 asks 85 of 100)."""

    @property
    def precision(self) -> float:
        judged = len(self.correct) + len(self.wrong)
        return len(self.correct) / judged if judged else 0.0


DEFAULT_MIN_WORDS = 40
"""Shortest story drawn when a judgement file names no `min_words` (Reuters stories)."""


def load_judgements(path: Path) -> dict[str, Any]:
    """A judgement file: its draw (`benchmark`, `seed`, `stories`, `sample`, the optional
    `min_words`, DEFAULT_MIN_WORDS when absent, the optional `label_names`, None when
    absent: stories of every label, and `news_gold_rounds`, the rounds of the news golds
    whose items the draw leaves out, required: a draw must keep drawing the same stories
    as rounds are added, and a new draw must say which rounds it leaves out) and its
    verdicts."""
    data = read_judged_file(
        path, ("benchmark", "seed", "stories", "sample"), "statement judgement file"
    )
    min_words = data.setdefault("min_words", DEFAULT_MIN_WORDS)
    if not isinstance(min_words, int) or isinstance(min_words, bool) or min_words < 0:
        raise InputError(str(path), f"not a statement judgement file (min_words {min_words!r})")
    for key in ("label_names", "exclude_items_of"):
        value = data.setdefault(key, None)
        if value is not None and not _is_list_of_names(value):
            raise InputError(str(path), f"not a statement judgement file ({key} {value!r})")
    rounds = data.get("news_gold_rounds")
    if not (
        isinstance(rounds, list)
        and rounds
        and all(isinstance(r, int) and not isinstance(r, bool) for r in rounds)
    ):
        raise InputError(str(path), f"not a statement judgement file (news_gold_rounds {rounds!r})")
    return data


def items_named_in(path: Path) -> frozenset[str]:
    """The item ids another gold file names (its `ids`, its `items`, its verdicts'
    `item` or `id`): a fresh draw leaves out stories whose output was already read. A
    verdict marked `after_later_draws` was given after draws that leave this file's
    stories out had been made, so it does not move their stories."""
    data = read_judged_file(path, (), "gold file")
    named = [*data.get("ids", []), *data.get("items", [])]
    named += [
        j.get("item", j.get("id"))
        for j in data["judgements"]
        if isinstance(j, dict) and not j.get("after_later_draws")
    ]
    return frozenset(item for item in named if isinstance(item, str))


def _is_list_of_names(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value)


def _has_label(record: dict[str, Any], label_names: frozenset[str] | None) -> bool:
    """Whether a story is of one of `label_names` (every story is, when they are None:
    a file without them draws from the whole benchmark, as files did before labels)."""
    return label_names is None or record.get("label_name") in label_names


def draw_stories(
    benchmark: Path,
    excluded: frozenset[str],
    count: int,
    seed: int,
    min_words: int = 40,
    label_names: frozenset[str] | None = None,
) -> list[str]:
    """`count` JSON lines of stories of `min_words`+ words, none of `excluded`, by `seed`;
    only stories whose `label_name` is one of `label_names`, when they are given."""
    try:
        with benchmark.open(encoding="utf-8") as lines:
            pool = [
                line
                for line in lines
                if (record := json.loads(line))["id"] not in excluded
                and len(str(record.get("text") or "").split()) >= min_words
                and _has_label(record, label_names)
            ]
    except OSError as exc:
        raise InputError(str(benchmark), f"cannot read the benchmark ({exc.strerror})") from exc
    return random.Random(seed).sample(pool, min(count, len(pool)))


def graph_statements(graph: Graph) -> list[Statement]:
    """Every statement of the graph: its item id, end labels, relation and evidence."""
    found = []
    for node in graph.subjects(RDF.type, RDF.Statement):
        article = graph.value(node, PROV.wasDerivedFrom)
        predicate = graph.value(node, RDF.predicate)
        if article is None or predicate is None:
            continue
        found.append(
            Statement(
                str(graph.value(article, DCTERMS.identifier) or article),
                str(graph.value(graph.value(node, RDF.subject), RDFS.label) or ""),
                str(predicate).removeprefix(KG_NS),
                str(graph.value(graph.value(node, RDF.object), RDFS.label) or ""),
                str(graph.value(node, KG.evidenceText) or ""),
            )
        )
    return sorted(found)


def draw_statements(statements: list[Statement], count: int, seed: int) -> list[Statement]:
    """The `count` statements whose seeded hash is lowest: a draw that a change to the
    build only alters where it changed the statements, so verdicts given on an earlier
    build keep covering most of the draw."""

    def rank(statement: Statement) -> bytes:
        key = "\x1f".join((str(seed), *(str(part) for part in astuple(statement))))
        return hashlib.sha256(key.encode()).digest()

    return sorted(sorted(set(statements), key=rank)[:count])


def score_statements(
    statements: list[Statement], judgements: list[dict[str, Any]], draw: list[Statement]
) -> StatementScore:
    """Score the build's `statements` against the verdicts; `draw` is the current build's
    own draw, whose statements without a verdict are listed to be judged."""
    verdicts = {
        Statement(j["item"], j["subject"], j["relation"], j["object"], j["evidence"]): j["correct"]
        for j in judgements
        if j.get("correct") is not None
    }
    present = set(statements)
    score = StatementScore(vanished=sum(1 for s in verdicts if s not in present))
    for statement in sorted(present & verdicts.keys()):
        (score.correct if verdicts[statement] else score.wrong).append(statement)
    score.unjudged = [s for s in draw if s not in verdicts]
    score.drawn_right = sum(1 for s in draw if verdicts.get(s) is True)
    return score
