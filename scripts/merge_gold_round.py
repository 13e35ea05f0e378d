"""Merge an adjudicated round of a news gold into the corpus's gold file (issue 14).

    python scripts/merge_gold_round.py tests/gold/annotations/reuters2_adjudicated.json \
        tests/gold/news_reuters21578.json "round 2: ..."

An entity the gold already has (same id) keeps its class and label and gains the round's
names and articles; a new one is added. Relations, negated, ambiguous and adjudication entries
are appended (an item's key is its article, so rounds never collide). The note is appended
to the gold's `made_by`. Refuses a round whose articles the gold already covers, and writes
through a temporary file so a failed merge leaves the gold as it was.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

LISTS = ("relations", "negated", "ambiguous", "adjudication")


def _articles(gold: dict[str, Any]) -> set[str]:
    return {item["article"] for key in ("relations", "negated", "ambiguous") for item in gold[key]}


def merge(gold: dict[str, Any], round_: dict[str, Any], note: str) -> dict[str, Any]:
    overlap = _articles(gold) & _articles(round_)
    if overlap:
        raise ValueError(f"the gold already covers {sorted(overlap)[:3]}...")
    merged = {**gold, "entities": [dict(entity) for entity in gold["entities"]]}
    by_id = {entity["id"]: entity for entity in merged["entities"]}
    for entity in round_["entities"]:
        known = by_id.get(entity["id"])
        if known is None:
            merged["entities"].append(dict(entity))
            by_id[entity["id"]] = merged["entities"][-1]
            continue
        known["names"] = list(dict.fromkeys([*known["names"], *entity["names"]]))
        known["articles"] = list(dict.fromkeys([*known["articles"], *entity["articles"]]))
    for key in LISTS:
        merged[key] = [*gold.get(key, []), *round_.get(key, [])]
    merged["made_by"] = f"{gold['made_by']} {note}"
    return merged


def main(round_path: Path, gold_path: Path, note: str) -> None:
    gold = json.loads(gold_path.read_text())
    merged = merge(gold, json.loads(round_path.read_text()), note)
    tmp = gold_path.with_suffix(".tmp")
    tmp.write_text(json.dumps(merged, indent=1, ensure_ascii=False) + "\n")
    tmp.replace(gold_path)
    sys.stdout.write(
        f"{gold_path}: {len(merged['entities'])} entities, {len(merged['relations'])} relations\n"
    )


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] in {"-h", "--help"}:
        sys.stderr.write(__doc__.strip() + "\n")
        sys.exit(0 if len(sys.argv) > 1 and sys.argv[1] in {"-h", "--help"} else 2)
    try:
        main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3])
    except (OSError, ValueError, KeyError) as error:
        sys.stderr.write(f"merge_gold_round: {error}\n")
        sys.exit(1)
