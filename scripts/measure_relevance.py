"""Score the relevance test (`kg.extract.relevance`) on labelled stories.

    .venv/bin/python scripts/measure_relevance.py agnews [--seed 14] [--per-label 100]
    .venv/bin/python scripts/measure_relevance.py reuters
    .venv/bin/python scripts/measure_relevance.py reuters-sample [--seed 14] [--count 60]

`agnews`: AG News labels are a free proxy (World = political, Business / Sports /
Sci/Tech = not), on `--per-label` items of each label drawn with `random.Random(seed)`
from the items of no gold file and not reserved. `reuters`: the hand judgements of
`tests/gold/reuters_relevance.json`. `reuters-sample` prints the stories to judge (40+
words, of no gold file, not reserved). Prints precision and recall of "political".
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

from kg.extract.relevance import is_political_story, load_relevance_lexicon

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT.parent / "shared" / "benchmarks"
GOLD = ROOT / "tests" / "gold"


def excluded_ids() -> set[str]:
    """Reserved ids and every id a gold file of the project names."""
    ids = set((BENCHMARKS / "reserved_ids.txt").read_text(encoding="utf-8").split())
    for path in GOLD.glob("*.json"):
        if path.name != "reuters_relevance.json":
            ids.update(_ids_in(json.loads(path.read_text(encoding="utf-8"))))
    return ids


def _ids_in(value: object) -> set[str]:
    if isinstance(value, str):
        return {value} if value.startswith(("agnews-", "reuters21578-")) else set()
    if isinstance(value, dict):
        return set().union(*(_ids_in(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_ids_in(v) for v in value)) if value else set()
    return set()


def _records(name: str) -> list[dict[str, object]]:
    path = BENCHMARKS / name
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def story_text(record: dict[str, object]) -> str:
    return f"{record.get('title') or ''}\n{record.get('text') or ''}"


def agnews_sample(seed: int, per_label: int) -> list[tuple[dict[str, object], bool]]:
    excluded = excluded_ids()
    items = [r for r in _records("ag_news_test/ag_news_test.jsonl") if r["id"] not in excluded]
    random.Random(seed).shuffle(items)
    sample: list[tuple[dict[str, object], bool]] = []
    for label in ("World", "Business", "Sports", "Sci/Tech"):
        chosen = [r for r in items if r["label_name"] == label][:per_label]
        sample.extend((r, label == "World") for r in chosen)
    return sample


def reuters_candidates(seed: int, count: int) -> list[dict[str, object]]:
    excluded = excluded_ids()
    items = [
        r
        for r in _records("reuters21578/reuters21578.jsonl")
        if r["id"] not in excluded and len(str(r.get("text") or "").split()) >= 40
    ]
    random.Random(seed).shuffle(items)
    return items[:count]


def score(labelled: list[tuple[dict[str, object], bool]], show_errors: bool) -> str:
    lexicon = load_relevance_lexicon()
    tp = fp = fn = tn = 0
    for record, political in labelled:
        predicted = is_political_story(story_text(record), lexicon)
        tp += predicted and political
        fp += predicted and not political
        fn += political and not predicted
        tn += not political and not predicted
        if show_errors and predicted != political:
            kind = "FP" if predicted else "FN"
            sys.stderr.write(f"  {kind} {record['id']}: {str(record.get('title'))[:90]}" + "\n")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    accuracy = (tp + tn) / len(labelled) if labelled else 0.0
    return (
        f"{len(labelled)} stories: political precision {precision:.3f} recall {recall:.3f} "
        f"accuracy {accuracy:.3f} (tp {tp}, fp {fp}, fn {fn}, tn {tn})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", choices=("agnews", "reuters", "reuters-sample"))
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--per-label", type=int, default=100)
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("--errors", action="store_true")
    args = parser.parse_args()
    if args.corpus == "agnews":
        sys.stdout.write(score(agnews_sample(args.seed, args.per_label), args.errors) + "\n")
    elif args.corpus == "reuters-sample":
        for record in reuters_candidates(args.seed, args.count):
            text = " ".join(str(record["text"]).split())
            sys.stdout.write(
                f"== {record['id']} | {record['title']} | topics {record.get('topics')}" + "\n"
            )
            sys.stdout.write(f"   {text[:700]}" + "\n")
    else:
        judged = json.loads((GOLD / "reuters_relevance.json").read_text(encoding="utf-8"))
        by_id = {r["id"]: r for r in _records("reuters21578/reuters21578.jsonl")}
        labelled = [(by_id[j["id"]], bool(j["political"])) for j in judged["judgements"]]
        sys.stdout.write(score(labelled, args.errors) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
