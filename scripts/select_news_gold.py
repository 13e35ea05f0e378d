"""Choose the items of the two development golds of unseen news (issue 14), reproducibly.

Writes `tests/gold/news_gold_items.json`: 40+ political Reuters-21578 stories and 150 AG News
World items, each with its half (`dev` to tune on, `test` only to measure). Items in
`../shared/benchmarks/reserved_ids.txt`, and items whose output an earlier session read
(`agnews_world_sample.json`, `agnews_analyst.json`), are skipped. Halves: ids sorted, even
positions dev, odd positions test.

    python scripts/select_news_gold.py ../shared/benchmarks
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path
from typing import Any

from kg.evaluate.news import reserved_ids

SEED = 14
REUTERS_COUNT = 44
EXTRA_ROUNDS: dict[int, dict[str, int]] = {
    2: {"reuters21578": 30, "ag_news_test": 60},
    3: {"ag_news_test": 60},
}
"""Further rounds, all dev: the next distinct items of the same shuffles, so the first round
and its halves stay as they were. A round already in the items file is kept as it is (later
statement verdicts must not move it); a new one skips every item of an earlier round and
every item whose statements were judged for issue 14 (`STATEMENT_JUDGEMENTS`) or read in an
exploratory build (`agnews_explored.json`): their output has been read."""
STATEMENT_JUDGEMENTS = (
    "reuters_statements.json",
    "agnews_statements.json",
    "agnews_world_statements.json",
    "agnews_world_statements_2.json",
)
AGNEWS_COUNT = 150
MIN_WORDS, MAX_WORDS = 60, 450
POLITICAL = re.compile(
    r"\b(minister|government|president|premier|troops|army|military|rebels?|guerrillas?|"
    r"parliament|opposition|embassy|ambassador|sanctions?|talks|treaty|war|attack(?:ed|s)?|"
    r"election|coup|police|diplomat(?:ic|s)?|summit|nato|united nations|security council|"
    r"accused|condemned|killed|ceasefire|cease-fire|invasion|party)\b",
    re.IGNORECASE,
)
"""A story is political when at least six of these words occur in it, across at least four
different ones; Reuters-21578 has no politics topic, and its index terms are commodities."""


def _political(text: str) -> bool:
    hits = [m.group(0).lower() for m in POLITICAL.finditer(text)]
    return len(hits) >= 6 and len(set(hits)) >= 4


def _title_words(title: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z]{3,}", title.lower()))


def _first_distinct(ids: list[str], titles: dict[str, str], count: int) -> list[str]:
    """The first `count` ids whose titles share under half their words with any taken before:
    a wire runs a story again with a new word in the headline, and a copy in both halves would
    leak the dev half into the test half."""
    taken: list[str] = []
    for item in ids:
        words = _title_words(titles[item])
        if all(
            len(words & _title_words(titles[other])) * 2 < max(len(words), 1) for other in taken
        ):
            taken.append(item)
        if len(taken) == count:
            break
    return taken


def _halves(ids: list[str]) -> list[dict[str, str]]:
    return [
        {"id": item, "split": "dev" if i % 2 == 0 else "test"} for i, item in enumerate(sorted(ids))
    ]


def _extra_rounds(
    corpus: str, distinct: list[str], first_round: int, judged: set[str], kept: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The rows of every further round of a corpus: kept ones as they are, new ones drawn."""
    rows = [row for row in kept if row.get("round", 1) >= 2]
    for number, counts in sorted(EXTRA_ROUNDS.items()):
        if number in {row["round"] for row in rows} or corpus not in counts:
            continue
        taken = {row["id"] for row in rows}
        extra = [item for item in distinct[first_round:] if item not in judged | taken]
        rows += [
            {"id": item, "split": "dev", "round": number}
            for item in sorted(extra[: counts[corpus]])
        ]
    return rows


def main(benchmarks: Path, gold: Path) -> None:
    reserved = reserved_ids(benchmarks)
    seen = set(json.loads((gold / "agnews_world_sample.json").read_text())["ids"])
    seen |= set(json.loads((gold / "agnews_analyst.json").read_text())["items"])
    judged = {
        row["item"]
        for name in STATEMENT_JUDGEMENTS
        for row in json.loads((gold / name).read_text())["judgements"]
    }
    judged |= set(json.loads((gold / "agnews_explored.json").read_text())["items"])
    rng = random.Random(SEED)

    reuters: list[str] = []
    titles: dict[str, str] = {}
    with (benchmarks / "reuters21578" / "reuters21578.jsonl").open() as lines:
        for line in lines:
            record = json.loads(line)
            words = len(record.get("text", "").split())
            if record["id"] in reserved or record.get("text_type") != "NORM":
                continue
            if MIN_WORDS <= words <= MAX_WORDS and _political(record["text"]):
                reuters.append(record["id"])
                titles[record["id"]] = record.get("title") or ""
    rng.shuffle(reuters)

    agnews: list[str] = []
    with (benchmarks / "ag_news_test" / "ag_news_test.jsonl").open() as lines:
        for line in lines:
            record = json.loads(line)
            if record["label_name"] == "World" and record["id"] not in reserved | seen:
                agnews.append(record["id"])
                titles[record["id"]] = record.get("title") or ""
    rng.shuffle(agnews)

    distinct = _first_distinct(reuters, titles, len(reuters))
    first_round = distinct[:REUTERS_COUNT]
    agnews_distinct = _first_distinct(agnews, titles, len(agnews))
    out = gold / "news_gold_items.json"
    kept = json.loads(out.read_text()) if out.is_file() else {}
    chosen = {
        "selection": (
            f"random.Random({SEED}) shuffle; Reuters-21578: NORM stories of {MIN_WORDS}-{MAX_WORDS}"
            " words with six or more political words (four or more distinct), first"
            f" {REUTERS_COUNT}; AG News: World items, first {AGNEWS_COUNT}; in both, an item"
            " whose title shares half its words with one taken before is skipped; reserved ids"
            " and items of agnews_world_sample.json / agnews_analyst.json skipped. Further"
            " rounds (all dev, 'round': n): the next distinct items of the same shuffles"
            f" ({EXTRA_ROUNDS}), skipping earlier rounds' items and items whose statements"
            " were judged (" + ", ".join(STATEMENT_JUDGEMENTS) + ") or read"
            " (agnews_explored.json) when the round was drawn"
        ),
        "split": "ids sorted per corpus; even positions dev, odd positions test",
        "reuters21578": _halves(first_round)
        + _extra_rounds(
            "reuters21578", distinct, REUTERS_COUNT, judged, kept.get("reuters21578", [])
        ),
        "ag_news_test": _halves(agnews_distinct[:AGNEWS_COUNT])
        + _extra_rounds(
            "ag_news_test", agnews_distinct, AGNEWS_COUNT, judged, kept.get("ag_news_test", [])
        ),
    }
    tmp = out.with_suffix(".tmp")
    tmp.write_text(json.dumps(chosen, indent=1) + "\n")
    tmp.replace(out)
    sys.stdout.write(
        f"{out}: {len(reuters)} political Reuters stories, {len(agnews)} AG News World items\n"
    )


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] in {"-h", "--help"}:
        sys.stderr.write(__doc__.strip() + "\n")
        sys.exit(0 if len(sys.argv) == 2 else 2)
    main(Path(sys.argv[1]), Path(__file__).resolve().parent.parent / "tests" / "gold")
