"""The report of `kg diff`: text for people (`render_text`) and JSON for programs (`to_json`,
read back by `from_json`), of a `GraphDiff` that `kg.query.diff` made."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from kg.query.diff import (
    CHANGE_FIELDS,
    Actor,
    ActorChange,
    Article,
    Edge,
    EdgeChange,
    EdgeStats,
    GraphDiff,
    Node,
    Record,
    confidence_moved,
)

EVIDENCE_SHOWN = 100
"""Characters of a record's sentence `render_text` shows; JSON has the whole sentence."""


# --------------------------------------------------------------------------------------
# Text for people
# --------------------------------------------------------------------------------------


def render_text(diff: GraphDiff) -> str:
    """The diff for people: a count of each kind of change, then a section per non-empty
    kind, one line each (`+` added, `-` removed, `~` changed), labels rather than IRIs.

    >>> print(render_text(GraphDiff("old", "new")), end="")
    kg diff old new: no differences
    >>> niger = Actor("https://w3id.org/kg/id/actor/wd-q1032", "Niger", "State")
    >>> print(render_text(GraphDiff("old", "new", actors_added=(niger,))), end="")
    kg diff old new
      articles: 0 added, 0 removed, 0 replaced
      actors: 1 added, 0 removed, 0 changed
      edges: 0 added, 0 removed, 0 changed
      statement records: 0 added, 0 removed
    <BLANKLINE>
    Actors added (1):
      + Niger (State)
    """
    if not diff.has_differences:
        return f"kg diff {diff.old} {diff.new}: no differences\n"
    show = _Shower(frozenset(diff.ambiguous_labels))
    lines = [
        f"kg diff {diff.old} {diff.new}",
        _counts(
            "articles",
            diff.articles_added,
            diff.articles_removed,
            diff.articles_replaced,
            "replaced",
        ),
        _counts("actors", diff.actors_added, diff.actors_removed, diff.actors_changed),
        _counts("edges", diff.edges_added, diff.edges_removed, diff.edges_changed),
        _counts("statement records", diff.records_added, diff.records_removed),
    ]
    sections: list[tuple[str, str, list[str]]] = [
        ("Articles added", "+", [show.article(a) for a in diff.articles_added]),
        ("Articles removed", "-", [show.article(a) for a in diff.articles_removed]),
        ("Articles whose text changed", "~", [show.article(a) for a in diff.articles_replaced]),
        ("Actors added", "+", [show.actor(a) for a in diff.actors_added]),
        ("Actors removed", "-", [show.actor(a) for a in diff.actors_removed]),
        ("Actors changed", "~", [show.actor_change(c) for c in diff.actors_changed]),
        ("Edges added", "+", [show.edge(e) for e in diff.edges_added]),
        ("Edges removed", "-", [show.edge(e) for e in diff.edges_removed]),
        ("Edges changed", "~", [show.edge_change(c) for c in diff.edges_changed]),
    ]
    for title, mark, entries in sections:
        if entries:
            lines += ["", f"{title} ({len(entries)}):", *(f"  {mark} {entry}" for entry in entries)]
    for title, mark, records in (
        ("Statement records added", "+", diff.records_added),
        ("Statement records removed", "-", diff.records_removed),
    ):
        if records:
            lines += ["", f"{title} ({len(records)}):", *_record_lines(show, mark, records)]
    return "\n".join(lines) + "\n"


def _record_lines(show: _Shower, mark: str, records: tuple[Record, ...]) -> Iterator[str]:
    """Records under a heading per article (they come sorted by article)."""
    article = None
    for record in records:
        if record.article != article:
            article = record.article
            yield f"  in {json.dumps(show.name(article), ensure_ascii=False)}:"
        yield f"    {mark} {show.record(record)}"


def _counts(
    kind: str,
    added: tuple[object, ...],
    removed: tuple[object, ...],
    changed: tuple[object, ...] | None = None,
    changed_word: str = "changed",
) -> str:
    line = f"  {kind}: {len(added)} added, {len(removed)} removed"
    return line if changed is None else f"{line}, {len(changed)} {changed_word}"


@dataclass(frozen=True, slots=True)
class _Shower:
    """Writes each kind of entry as one line of text."""

    ambiguous: frozenset[str]

    def name(self, node: Node) -> str:
        """A label, with the IRI when another node has the same label."""
        return f"{node.label} <{node.iri}>" if node.label in self.ambiguous else node.label

    def article(self, article: Article) -> str:
        if article.title is None:
            return f"<{article.iri}>"
        return self.name(Node(article.iri, article.title))

    def actor(self, actor: Actor) -> str:
        return f"{self.name(Node(actor.iri, actor.label))} ({actor.cls})"

    def actor_change(self, change: ActorChange) -> str:
        old, new = change.old, change.new
        changes = []
        if old.cls != new.cls:
            changes.append(f"class {old.cls} -> {new.cls}")
        if old.label != new.label:
            changes.append(f"label {json.dumps(old.label)} -> {json.dumps(new.label)}")
        return f"{self.name(Node(new.iri, new.label))}: {', '.join(changes)}"

    def triple(self, subject: Node, relation: str, obj: Node) -> str:
        return f"{self.name(subject)} {relation} {self.name(obj)}"

    def edge(self, edge: Edge) -> str:
        figures = _figures(edge.stats)
        triple = self.triple(edge.subject, edge.relation, edge.object)
        return f"{triple} ({figures})" if figures else triple

    def edge_change(self, change: EdgeChange) -> str:
        old, new = change.old, change.new
        changes = []
        if confidence_moved(old.confidence, new.confidence):
            changes.append(f"confidence {_number(old.confidence)} -> {_number(new.confidence)}")
        if old.article_count != new.article_count:
            changes.append(f"articles {_number(old.article_count)} -> {_number(new.article_count)}")
        if old.independent_source_count != new.independent_source_count:
            changes.append(
                "independent sources "
                f"{_number(old.independent_source_count)} -> {_number(new.independent_source_count)}"
            )
        return (
            f"{self.triple(change.subject, change.relation, change.object)}: {', '.join(changes)}"
        )

    def record(self, record: Record) -> str:
        """`subject relation object, chars start-end: "sentence"`, the sentence cut short."""
        line = self.triple(record.subject, record.predicate, record.object)
        if record.char_start is not None:
            line += f", chars {record.char_start}-{_number(record.char_end)}"
        evidence = record.evidence_text or ""
        if len(evidence) > EVIDENCE_SHOWN:
            evidence = evidence[: EVIDENCE_SHOWN - 1].rstrip() + "…"
        return f"{line}: {json.dumps(evidence, ensure_ascii=False)}" if evidence else line


def _figures(stats: EdgeStats) -> str:
    """An edge's summary figures, as far as known.

    >>> _figures(EdgeStats(0.94, 2, 1))
    'confidence 0.940, 2 articles, 1 independent source'
    """
    parts = []
    if stats.confidence is not None:
        parts.append(f"confidence {stats.confidence:.3f}")
    if stats.article_count is not None:
        parts.append(_plural(stats.article_count, "article"))
    if stats.independent_source_count is not None:
        parts.append(_plural(stats.independent_source_count, "independent source"))
    return ", ".join(parts)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _number(value: float | int | None) -> str:
    if value is None:
        return "none"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


# --------------------------------------------------------------------------------------
# JSON
# --------------------------------------------------------------------------------------

JSON_FORMAT = "kg-diff/1"


def to_json(diff: GraphDiff) -> str:
    """The diff as JSON, keys sorted, for programs.

    Keys: `format` ("kg-diff/1"), `old` and `new` (the paths compared), `has_differences`,
    `counts` (each list's length, by the list's name), `ambiguous_labels`, and one list per
    kind of change, each entry an object:

    - `articles_added`, `articles_removed`, `articles_replaced`: `{iri, title}`;
    - `actors_added`, `actors_removed`: `{iri, label, class}`; `actors_changed`:
      `{old, new}`, each an actor;
    - `edges_added`, `edges_removed`: `{subject, relation, object, stats}`, where subject
      and object are `{iri, label}`, relation the relation's local name and stats
      `{confidence, article_count, independent_source_count}` (null where unknown);
      `edges_changed`: `{subject, relation, object, old, new}`, old and new being stats;
    - `records_added`, `records_removed`: `{article, subject, predicate, object,
      char_start, char_end, evidence_text}`, article, subject and object being
      `{iri, label}` (an article's label is its title).

    >>> from_json(to_json(GraphDiff("a", "b"))) == GraphDiff("a", "b")
    True
    """
    document: dict[str, Any] = {
        "format": JSON_FORMAT,
        "old": diff.old,
        "new": diff.new,
        "has_differences": diff.has_differences,
        "counts": {name: len(getattr(diff, name)) for name in CHANGE_FIELDS},
        "ambiguous_labels": list(diff.ambiguous_labels),
        "articles_added": [_article_json(a) for a in diff.articles_added],
        "articles_removed": [_article_json(a) for a in diff.articles_removed],
        "articles_replaced": [_article_json(a) for a in diff.articles_replaced],
        "actors_added": [_actor_json(a) for a in diff.actors_added],
        "actors_removed": [_actor_json(a) for a in diff.actors_removed],
        "actors_changed": [
            {"old": _actor_json(c.old), "new": _actor_json(c.new)} for c in diff.actors_changed
        ],
        "edges_added": [_edge_json(e) for e in diff.edges_added],
        "edges_removed": [_edge_json(e) for e in diff.edges_removed],
        "edges_changed": [
            {
                "subject": _node_json(c.subject),
                "relation": c.relation,
                "object": _node_json(c.object),
                "old": _stats_json(c.old),
                "new": _stats_json(c.new),
            }
            for c in diff.edges_changed
        ],
        "records_added": [_record_json(r) for r in diff.records_added],
        "records_removed": [_record_json(r) for r in diff.records_removed],
    }
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def from_json(text: str) -> GraphDiff:
    """Read back what `to_json` wrote.

    Raises:
        ValueError: if the text is not a kg diff in JSON.
    """
    document = json.loads(text)
    if not isinstance(document, dict) or document.get("format") != JSON_FORMAT:
        raise ValueError(f"not a {JSON_FORMAT} document")
    try:
        return GraphDiff(
            old=document["old"],
            new=document["new"],
            articles_added=tuple(_article(a) for a in document["articles_added"]),
            articles_removed=tuple(_article(a) for a in document["articles_removed"]),
            articles_replaced=tuple(_article(a) for a in document["articles_replaced"]),
            actors_added=tuple(_actor(a) for a in document["actors_added"]),
            actors_removed=tuple(_actor(a) for a in document["actors_removed"]),
            actors_changed=tuple(
                ActorChange(_actor(c["old"]), _actor(c["new"])) for c in document["actors_changed"]
            ),
            edges_added=tuple(_edge(e) for e in document["edges_added"]),
            edges_removed=tuple(_edge(e) for e in document["edges_removed"]),
            edges_changed=tuple(
                EdgeChange(
                    _node(c["subject"]),
                    c["relation"],
                    _node(c["object"]),
                    _stats(c["old"]),
                    _stats(c["new"]),
                )
                for c in document["edges_changed"]
            ),
            records_added=tuple(_record(r) for r in document["records_added"]),
            records_removed=tuple(_record(r) for r in document["records_removed"]),
            ambiguous_labels=tuple(document["ambiguous_labels"]),
        )
    except (KeyError, TypeError) as exc:
        raise ValueError(f"not a {JSON_FORMAT} document: {exc}") from exc


def _node_json(node: Node) -> dict[str, str]:
    return {"iri": node.iri, "label": node.label}


def _node(data: Mapping[str, str]) -> Node:
    return Node(data["iri"], data["label"])


def _article_json(article: Article) -> dict[str, str | None]:
    return {"iri": article.iri, "title": article.title}


def _article(data: Mapping[str, str | None]) -> Article:
    return Article(str(data["iri"]), data["title"])


def _actor_json(actor: Actor) -> dict[str, str]:
    return {"iri": actor.iri, "label": actor.label, "class": actor.cls}


def _actor(data: Mapping[str, str]) -> Actor:
    return Actor(data["iri"], data["label"], data["class"])


def _stats_json(stats: EdgeStats) -> dict[str, float | int | None]:
    return {
        "confidence": stats.confidence,
        "article_count": stats.article_count,
        "independent_source_count": stats.independent_source_count,
    }


def _stats(data: Mapping[str, Any]) -> EdgeStats:
    return EdgeStats(data["confidence"], data["article_count"], data["independent_source_count"])


def _edge_json(edge: Edge) -> dict[str, Any]:
    return {
        "subject": _node_json(edge.subject),
        "relation": edge.relation,
        "object": _node_json(edge.object),
        "stats": _stats_json(edge.stats),
    }


def _edge(data: Mapping[str, Any]) -> Edge:
    return Edge(
        _node(data["subject"]), data["relation"], _node(data["object"]), _stats(data["stats"])
    )


def _record_json(record: Record) -> dict[str, Any]:
    return {
        "article": _node_json(record.article),
        "subject": _node_json(record.subject),
        "predicate": record.predicate,
        "object": _node_json(record.object),
        "char_start": record.char_start,
        "char_end": record.char_end,
        "evidence_text": record.evidence_text,
    }


def _record(data: Mapping[str, Any]) -> Record:
    return Record(
        _node(data["article"]),
        _node(data["subject"]),
        data["predicate"],
        _node(data["object"]),
        data["char_start"],
        data["char_end"],
        data["evidence_text"],
    )
