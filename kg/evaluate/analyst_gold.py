"""Load the analyst gold (origins, events, roles in time, hedges: SPEC §7) as plain data.

Two files share one model: `tests/gold/seeds_analyst.json` names endpoints by entity ids of
`seeds_entities.json` (turned here into the names that count as a match), and
`tests/gold/agnews_analyst.json` names them by lists of surface names and splits its items
into a dev and a test half by the rule written in the file (sorted ids, even positions dev).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.evaluate.graphview import normalize_name

Names = frozenset[str]


@dataclass(frozen=True, slots=True)
class GoldEvent:
    relation: str
    endpoints: tuple[tuple[Names, Names], ...]
    """(actor names, target names) readings of the one act; the first is the main one."""
    date: str | None
    precision: str | None
    articles: frozenset[str]
    label: str


@dataclass(frozen=True, slots=True)
class GoldRole:
    subject: Names
    object: Names
    article: str
    status: str
    label: str


@dataclass(frozen=True, slots=True)
class GoldHedge:
    article: str
    sentence: str
    words: tuple[str, ...]
    band: str


@dataclass(frozen=True, slots=True)
class AnalystGold:
    """One scored set: its articles (gold keys) and the four kinds of annotation on them."""

    name: str
    articles: frozenset[str]
    origins: Mapping[str, str | None]
    events: tuple[GoldEvent, ...]
    roles: tuple[GoldRole, ...]
    hedges: tuple[GoldHedge, ...]
    ignored_hedges: tuple[GoldHedge, ...] = ()


def _names(values: Iterable[str]) -> Names:
    return frozenset(n for n in (normalize_name(v) for v in values) if n)


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(str(path), f"not a readable gold file ({exc})") from None
    if not isinstance(data, dict):
        raise InputError(str(path), "not a gold object")
    return data


def entity_names(entities_path: Path) -> dict[str, Names]:
    """Entity id -> normalised label and names, from `seeds_entities.json`."""
    data = _read(entities_path)
    return {
        e["id"]: _names([e["label"], *e.get("names", [])]) | {normalize_name(e["id"])}
        for e in data["entities"]
    }


def _hedge(item: Mapping[str, Any], key: str) -> GoldHedge:
    return GoldHedge(item[key], item["sentence"], tuple(item["hedge"]), item["band"])


def load_seeds_gold(analyst_path: Path, entities_path: Path) -> AnalystGold:
    """The seeds gold as one scored set named `seeds`."""
    data = _read(analyst_path)
    ids = entity_names(entities_path)
    events = tuple(
        GoldEvent(
            e["relation"],
            tuple(
                (ids[a], ids[t]) for a, t in [(e["actor"], e["target"]), *e.get("alternatives", [])]
            ),
            e.get("date"),
            e.get("precision"),
            frozenset(r["article"] for r in e["reports"]),
            f"{e['actor']} {e['relation']} {e['target']}",
        )
        for e in data["events"]
    )
    roles = tuple(
        GoldRole(
            ids[r["subject"]],
            ids[r["object"]],
            r["article"],
            r["status"],
            f"{r['article']}: {r['subject']} {r['relation']} {r['object']}",
        )
        for r in data["roles"]
    )
    articles = data["origins"]["articles"]
    return AnalystGold(
        "seeds",
        frozenset(articles),
        {key: value.get("original_source") for key, value in articles.items()},
        events,
        roles,
        tuple(_hedge(h, "article") for h in data["hedges"]),
        tuple(_hedge(h, "article") for h in data.get("hedges_ambiguous", [])),
    )


def split_halves(
    items: Sequence[str], seen: Sequence[str] = ()
) -> tuple[frozenset[str], frozenset[str]]:
    """(dev, test): items sorted, even positions dev, odd positions test; an item whose output
    was read while rules were written (`seen`) is dev, whatever its position, so the test
    half stays one nobody tuned on.

    >>> [sorted(half) for half in split_halves(["c", "a", "b"])]
    [['a', 'c'], ['b']]
    >>> [sorted(half) for half in split_halves(["c", "a", "b"], seen=["b"])]
    [['a', 'b', 'c'], []]
    """
    ordered = sorted(items)
    test = frozenset(ordered[1::2]) - frozenset(seen)
    return frozenset(ordered) - test, test


def _agnews_subset(data: Mapping[str, Any], name: str, items: frozenset[str]) -> AnalystGold:
    events = tuple(
        GoldEvent(
            e["relation"],
            ((_names(e["actor"]), _names(e["target"])),),
            e.get("date"),
            e.get("precision"),
            frozenset({e["item"]}),
            f"{e['item']}: {e['actor'][0]} {e['relation']} {e['target'][0]}",
        )
        for e in data["events"]
        if e["item"] in items
    )
    roles = tuple(
        GoldRole(
            _names(r["subject"]),
            _names(r["object"]),
            r["item"],
            r["status"],
            f"{r['item']}: {r['subject'][0]} {r['relation']} {r['object'][0]}",
        )
        for r in data["roles"]
        if r["item"] in items
    )
    hedges = tuple(_hedge(h, "item") for h in data["hedges"] if h["item"] in items)
    origins = {key: value for key, value in data["origins"].items() if key in items}
    return AnalystGold(name, items, origins, events, roles, hedges)


def load_agnews_gold(path: Path) -> tuple[AnalystGold, AnalystGold]:
    """(test half, dev half) of the AG News analyst gold."""
    data = _read(path)
    dev, test = split_halves(data["items"], data.get("seen_in_development", ()))
    return _agnews_subset(data, "test", test), _agnews_subset(data, "dev", dev)
