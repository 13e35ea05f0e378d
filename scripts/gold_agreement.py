"""Agreement between the two independent annotations of a news gold (issue 14).

    python scripts/gold_agreement.py tests/gold/annotations/reuters_a.json tests/gold/annotations/reuters_b.json

Entities: each of a's entities is matched to the b entity with which it shares the most
normalised names in a common item; agreement is the F1 of matched entities, and class
agreement Cohen's kappa over matched pairs. Relations: a's triples with ids mapped to b's,
per item; agreement is the F1 of (subject, relation, object, item), symmetric relations in
either order. Prints one line each, and `--json` the figures as JSON.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.evaluate.graphview import normalize_name
from kg.vocab import RELATIONS, Relation


def _names(entity: dict[str, Any]) -> set[str]:
    return {normalize_name(n) for n in [entity["label"], *entity.get("names", [])]} - {""}


def match_entities(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> dict[str, str]:
    """a id -> b id, by most shared names among entities that share an item."""
    by_name: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entity in b:
        for name in _names(entity):
            by_name[name].append(entity)
    mapping = {}
    for entity in a:
        overlap: Counter[str] = Counter()
        for name in _names(entity):
            for other in by_name[name]:
                if set(other["articles"]) & set(entity["articles"]):
                    overlap[other["id"]] += 1
        if overlap:
            mapping[entity["id"]] = max(sorted(overlap), key=lambda k: overlap[k])
    return mapping


def _kappa(pairs: list[tuple[str, str]]) -> float:
    if not pairs:
        return 0.0
    observed = sum(x == y for x, y in pairs) / len(pairs)
    left, right = Counter(x for x, _ in pairs), Counter(y for _, y in pairs)
    expected = sum(left[c] * right[c] for c in left) / len(pairs) ** 2
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def _triples(rows: list[dict[str, Any]], mapping: dict[str, str] | None) -> set[tuple[str, ...]]:
    """(subject, relation, object, article) of each row, ids mapped to b's (an unmatched id
    keeps an `a:` prefix so it can never meet a b id), a symmetric pair in one order."""
    triples: set[tuple[str, ...]] = set()
    for row in rows:
        subject, obj = row["subject"], row["object"]
        if mapping is not None:
            subject, obj = mapping.get(subject, f"a:{subject}"), mapping.get(obj, f"a:{obj}")
        if RELATIONS[Relation(row["relation"])].symmetric and obj < subject:
            subject, obj = obj, subject
        triples.add((subject, row["relation"], obj, row["article"]))
    return triples


def _f1(x: int, y: int, both: int) -> float:
    return 2 * both / (x + y) if x + y else 1.0


def agreement(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    mapping = match_entities(a["entities"], b["entities"])
    b_classes = {e["id"]: e["class"] for e in b["entities"]}
    pairs = [(e["class"], b_classes[mapping[e["id"]]]) for e in a["entities"] if e["id"] in mapping]
    matched_b = set(mapping.values())
    ta, tb = _triples(a["relations"], mapping), _triples(b["relations"], None)
    per_relation = {}
    for relation in sorted({t[1] for t in ta | tb}):
        ra = {t for t in ta if t[1] == relation}
        rb = {t for t in tb if t[1] == relation}
        per_relation[relation] = round(_f1(len(ra), len(rb), len(ra & rb)), 3)
    return {
        "entities_a": len(a["entities"]),
        "entities_b": len(b["entities"]),
        "entity_f1": round(
            _f1(len(a["entities"]), len(b["entities"]), min(len(mapping), len(matched_b))), 3
        ),
        "class_agreement": round(sum(x == y for x, y in pairs) / len(pairs), 3) if pairs else 0.0,
        "class_kappa": round(_kappa(pairs), 3),
        "relations_a": len(ta),
        "relations_b": len(tb),
        "relations_both": len(ta & tb),
        "relation_f1": round(_f1(len(ta), len(tb), len(ta & tb)), 3),
        "relation_f1_by_relation": per_relation,
    }


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] in {"-h", "--help"}:
        sys.stderr.write(__doc__.strip() + "\n")
        return 0 if argv and argv[0] in {"-h", "--help"} else 2
    paths = [Path(p) for p in argv[:2]]
    try:
        a, b = (json.loads(p.read_text(encoding="utf-8")) for p in paths)
        result = agreement(a, b)
    except (OSError, ValueError, KeyError) as exc:
        sys.stderr.write(f"gold_agreement: error: {exc}\n")
        return 1
    if "--json" in argv:
        sys.stdout.write(json.dumps(result, indent=1) + "\n")
        return 0
    sys.stdout.write(
        f"{paths[0].name} vs {paths[1].name}: entities {result['entities_a']} / "
        f"{result['entities_b']}, agreement F1 {result['entity_f1']:.3f}, class agreement "
        f"{result['class_agreement']:.3f} (kappa {result['class_kappa']:.3f}); relations "
        f"{result['relations_a']} / {result['relations_b']}, {result['relations_both']} in both, "
        f"agreement F1 {result['relation_f1']:.3f}\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
