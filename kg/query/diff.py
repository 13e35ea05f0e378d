"""Compare two builds: what `kg diff OLD NEW` reports (SPEC §7).

It lives with the query stage rather than beside the build stages (`kg/diff.py`) because
it builds nothing: like `kg query` it reads finished builds, a build folder (its
graph.trig, under the folder's publish lock) or any graph file, into pyoxigraph. Each graph
is read with five small SELECTs, one per kind of thing compared, and the comparison is set
arithmetic in Python on keys made from the rows; nothing walks the graph triple by triple.
Two graphs of a million triples each compare in about 12 s on two cores, most of it parsing.

What is compared, and what identifies each thing in both builds:

- articles (`kg:Article`) by IRI; one whose `kg:contentHash` differs was replaced;
- actors (typed with a SPEC §2 class) by IRI; one whose class or `rdfs:label` differs
  changed;
- relation edges (`subject kg:relation object`, SPEC §3) by subject, relation and object;
  a symmetric relation (`alliesWith`, `borders`) is written in both directions but is one
  edge, keyed by its ends in IRI order;
- edges in both builds whose `kg:Edge` summary changed: confidence (by more than 1e-9),
  `kg:articleCount`, or `kg:independentSourceCount`. A figure is compared only when both
  builds have it, so a build that predates a property does not flag every edge;
- statement records by content, never by their IRI or blank node, which may change from
  build to build: article, subject, predicate, object, `kg:charStart`, `kg:charEnd` and
  `kg:evidenceText`.

`render_text` writes the result for people, `to_json` as JSON (keys documented there) and
`from_json` reads that back.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox

from kg.errors import QueryError
from kg.outdir import read_build
from kg.query.store import RDF_FORMATS, OxigraphGraph, graph_file
from kg.vocab import KG_NS, RELATIONS, ActorClass, Relation

_N = TypeVar("_N", int, float)

CONFIDENCE_TOLERANCE = 1e-9
"""Confidences closer than this are the same (they are written as 3-decimal numbers)."""

EVIDENCE_SHOWN = 100
"""Characters of a record's sentence `render_text` shows; JSON has the whole sentence."""

_PREFIXES = f"""PREFIX kg: <{KG_NS}>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
_CLASS_VALUES = " ".join(f"kg:{cls.value}" for cls in ActorClass)
_RELATION_VALUES = " ".join(f"kg:{relation.value}" for relation in Relation)
_SYMMETRIC = frozenset(KG_NS + r.value for r, info in RELATIONS.items() if info.symmetric)

ARTICLES_QUERY = (
    _PREFIXES
    + """SELECT ?article ?title ?hash WHERE {
  ?article a kg:Article .
  OPTIONAL { ?article dcterms:title ?title }
  OPTIONAL { ?article kg:contentHash ?hash }
}"""
)
ACTORS_QUERY = (
    _PREFIXES
    + f"""SELECT ?actor ?class ?label WHERE {{
  VALUES ?class {{ {_CLASS_VALUES} }}
  ?actor a ?class .
  OPTIONAL {{ ?actor rdfs:label ?label }}
}}"""
)
EDGES_QUERY = (
    _PREFIXES
    + f"""SELECT ?s ?p ?o WHERE {{
  VALUES ?p {{ {_RELATION_VALUES} }}
  ?s ?p ?o .
}}"""
)
SUMMARIES_QUERY = (
    _PREFIXES
    + """SELECT ?s ?p ?o ?confidence ?articles ?independent WHERE {
  ?edge a kg:Edge ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  OPTIONAL { ?edge kg:confidence ?confidence }
  OPTIONAL { ?edge kg:articleCount ?articles }
  OPTIONAL { ?edge kg:independentSourceCount ?independent }
}"""
)
RECORDS_QUERY = (
    _PREFIXES
    + """SELECT ?s ?p ?o ?article ?start ?end ?text WHERE {
  ?record a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  OPTIONAL { ?record prov:wasDerivedFrom ?article }
  OPTIONAL { ?record kg:charStart ?start }
  OPTIONAL { ?record kg:charEnd ?end }
  OPTIONAL { ?record kg:evidenceText ?text }
}"""
)


# --------------------------------------------------------------------------------------
# What a diff holds
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Node:
    """An IRI (or a literal's text) with the label people know it by."""

    iri: str
    label: str


@dataclass(frozen=True, slots=True)
class Actor:
    """An actor: IRI, preferred label and class (local names joined by "/" if several)."""

    iri: str
    label: str
    cls: str


@dataclass(frozen=True, slots=True)
class ActorChange:
    """An actor in both builds whose class or preferred label differs."""

    old: Actor
    new: Actor


@dataclass(frozen=True, slots=True)
class EdgeStats:
    """An edge's `kg:Edge` summary figures; None where the build does not state one."""

    confidence: float | None = None
    article_count: int | None = None
    independent_source_count: int | None = None


@dataclass(frozen=True, slots=True)
class Edge:
    """A relation edge with the summary figures of the build it is reported from."""

    subject: Node
    relation: str
    object: Node
    stats: EdgeStats = EdgeStats()


@dataclass(frozen=True, slots=True)
class EdgeChange:
    """An edge in both builds whose confidence, article count or source count changed."""

    subject: Node
    relation: str
    object: Node
    old: EdgeStats
    new: EdgeStats


@dataclass(frozen=True, slots=True)
class Record:
    """A statement record, as its content identifies it. `object` is an actor, or a
    literal's text for a record of a literal-valued property."""

    article: Node
    subject: Node
    predicate: str
    object: Node
    char_start: int | None
    char_end: int | None
    evidence_text: str | None


@dataclass(frozen=True, slots=True)
class Article:
    """An article: IRI and title (None when the build has none)."""

    iri: str
    title: str | None


@dataclass(frozen=True, slots=True)
class GraphDiff:
    """What changed from build `old` to build `new`; each tuple in a stable sorted order.

    `ambiguous_labels` are the labels more than one actor has, and the titles more than one
    article has, in either build: text output adds the IRI wherever one of them is shown.
    """

    old: str
    new: str
    articles_added: tuple[Article, ...] = ()
    articles_removed: tuple[Article, ...] = ()
    articles_replaced: tuple[Article, ...] = ()
    actors_added: tuple[Actor, ...] = ()
    actors_removed: tuple[Actor, ...] = ()
    actors_changed: tuple[ActorChange, ...] = ()
    edges_added: tuple[Edge, ...] = ()
    edges_removed: tuple[Edge, ...] = ()
    edges_changed: tuple[EdgeChange, ...] = ()
    records_added: tuple[Record, ...] = ()
    records_removed: tuple[Record, ...] = ()
    ambiguous_labels: tuple[str, ...] = ()

    @property
    def has_differences(self) -> bool:
        """Whether anything at all differs.

        >>> GraphDiff("a", "b").has_differences
        False
        >>> GraphDiff("a", "b", articles_added=(Article("x", None),)).has_differences
        True
        """
        return any(len(getattr(self, name)) for name in _CHANGE_FIELDS)


_CHANGE_FIELDS = (
    "articles_added",
    "articles_removed",
    "articles_replaced",
    "actors_added",
    "actors_removed",
    "actors_changed",
    "edges_added",
    "edges_removed",
    "edges_changed",
    "records_added",
    "records_removed",
)


# --------------------------------------------------------------------------------------
# Reading one build
# --------------------------------------------------------------------------------------

EdgeKey = tuple[str, str, str]
RecordKey = tuple[str, str, str, str, int | None, int | None, str | None]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What one build says about each thing compared, keyed for comparison."""

    articles: Mapping[str, Article]
    hashes: Mapping[str, str]
    actors: Mapping[str, Actor]
    edges: frozenset[EdgeKey]
    stats: Mapping[EdgeKey, EdgeStats]
    records: frozenset[RecordKey]


def read_snapshot(graph: OxigraphGraph | ox.Store) -> Snapshot:
    """Read what `diff_graphs` compares from a loaded graph: the union of its graphs."""
    store = graph.union if isinstance(graph, OxigraphGraph) else graph
    articles: dict[str, Article] = {}
    hashes: dict[str, str] = {}
    for article, title, digest in _rows(store, ARTICLES_QUERY):
        iri = _text(article)
        title_text = _optional_text(title)
        known = articles.get(iri)
        if known is None or (
            title_text is not None and (known.title is None or title_text < known.title)
        ):
            articles[iri] = Article(iri, title_text)  # several titles: the least, so runs agree
        if digest is not None:
            hashes[iri] = min(digest.value, hashes.get(iri, digest.value))
    return Snapshot(
        articles=articles,
        hashes=hashes,
        actors=_read_actors(store),
        edges=frozenset(
            edge_key(s.value, p.value, o.value) for s, p, o in _rows(store, EDGES_QUERY)
        ),
        stats=_read_stats(store),
        records=frozenset(_record_key(row) for row in _rows(store, RECORDS_QUERY)),
    )


def edge_key(subject: str, relation: str, obj: str) -> EdgeKey:
    """The key of an edge: a symmetric relation's ends in IRI order, so both directions
    written for it are one edge.

    >>> edge_key("b", "https://w3id.org/kg/ontology#borders", "a")[0]
    'a'
    >>> edge_key("b", "https://w3id.org/kg/ontology#attacks", "a")[0]
    'b'
    """
    if relation in _SYMMETRIC and obj < subject:
        return (obj, relation, subject)
    return (subject, relation, obj)


_CLASS_NAMES = {KG_NS + cls.value: cls.value for cls in ActorClass}


def _read_actors(store: ox.Store) -> dict[str, Actor]:
    classes: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, set[str]] = defaultdict(set)
    for actor, cls, label in _rows(store, ACTORS_QUERY):
        iri = actor.value
        classes[iri].add(_CLASS_NAMES[cls.value])
        if label is not None:
            labels[iri].add(label.value)
    return {
        iri: Actor(
            iri,
            min(labels[iri]) if iri in labels else local_name(iri),
            "/".join(sorted(names)),
        )
        for iri, names in classes.items()
    }


def _read_stats(store: ox.Store) -> dict[EdgeKey, EdgeStats]:
    stats: dict[EdgeKey, EdgeStats] = {}
    for s, p, o, confidence, articles, independent in _rows(store, SUMMARIES_QUERY):
        subject, relation, obj = _text(s), _text(p), _text(o)
        key = edge_key(subject, relation, obj)
        figures = EdgeStats(
            _optional_number(confidence, float),
            _optional_number(articles, int),
            _optional_number(independent, int),
        )
        # a symmetric edge summarised in both directions: keep the one written in key order
        if key not in stats or (subject, relation, obj) == key:
            stats[key] = figures
    return stats


def _record_key(row: ox.QuerySolution) -> RecordKey:
    s, p, o, article, start, end, text = row
    return (
        "" if article is None else article.value,
        s.value,
        p.value,
        o.value,
        _optional_number(start, int),
        _optional_number(end, int),
        None if text is None else text.value,
    )


def _rows(store: ox.Store, query: str) -> Iterator[ox.QuerySolution]:
    """The rows of a SELECT on the union of the store's graphs, each unpackable into its
    terms (None where unbound) in the order of the query's variables, which is faster than
    looking them up by name."""
    # a triple several graphs hold comes once per graph: the keys made of rows are sets
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)  # every query here is a SELECT
    return iter(solutions)


def _text(term: Any) -> str:
    """An IRI's or literal's text, or a blank node's id (a record's object may be one)."""
    return str(term.value)


def _optional_text(term: Any) -> str | None:
    return None if term is None else str(term.value)


def _optional_number(term: object, kind: type[_N]) -> _N | None:
    if term is None:
        return None
    try:
        return kind(_text(term))
    except ValueError:
        return None  # a malformed figure is as good as none


def local_name(iri: str) -> str:
    """The part of an IRI after its last "#" or "/".

    >>> local_name("https://w3id.org/kg/ontology#threatens")
    'threatens'
    >>> local_name("https://w3id.org/kg/id/actor/wd-q1032")
    'wd-q1032'
    """
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1] or iri


# --------------------------------------------------------------------------------------
# Comparing two builds
# --------------------------------------------------------------------------------------


def diff_graphs(old: Path, new: Path) -> GraphDiff:
    """Compare build `old` with build `new` (build folders or graph files).

    Raises:
        QueryError: if either path holds no readable graph (its message names the path).
    """
    with ThreadPoolExecutor(2, thread_name_prefix="kg-diff") as pool:
        # Oxigraph parses without the GIL: the two files load side by side
        loading = [pool.submit(load_graph, path) for path in (old, new)]
        before, after = (read_snapshot(graph.result()) for graph in loading)
        return diff_snapshots(before, after, str(old), str(new))


def load_graph(path: Path) -> ox.Store:
    """Read a graph file, or a build folder's graph.trig, into one in-memory store.

    A build folder is read under its publish lock, as a whole build, and nothing is
    written into it (its persisted query store is neither used nor made: parsing the file
    once, into one store, is faster than building that store's two halves). Queries must
    ask for the union of the graphs (`use_default_graph_as_union`).

    Raises:
        QueryError: if there is no graph at `path`, or it is not readable RDF.
    """
    with read_build(path):
        file = graph_file(path)
        store = ox.Store()
        try:
            store.bulk_load(path=str(file), format=RDF_FORMATS[file.suffix.lower()][0])
        except (SyntaxError, ValueError) as exc:
            raise QueryError(str(file), f"not readable RDF: {exc}".splitlines()[0]) from exc
    return store


def diff_snapshots(old: Snapshot, new: Snapshot, old_name: str, new_name: str) -> GraphDiff:
    """Compare two read builds; `old_name` and `new_name` say which they were."""
    names = _Names(old, new)
    added_edges, removed_edges = new.edges - old.edges, old.edges - new.edges
    return GraphDiff(
        old=old_name,
        new=new_name,
        articles_added=_sorted_articles(
            new.articles[i] for i in new.articles.keys() - old.articles.keys()
        ),
        articles_removed=_sorted_articles(
            old.articles[i] for i in old.articles.keys() - new.articles.keys()
        ),
        articles_replaced=_sorted_articles(
            new.articles[i]
            for i in new.articles.keys() & old.articles.keys()
            if old.hashes.get(i, "") != new.hashes.get(i, "")
        ),
        actors_added=_sorted_actors(new.actors[i] for i in new.actors.keys() - old.actors.keys()),
        actors_removed=_sorted_actors(old.actors[i] for i in old.actors.keys() - new.actors.keys()),
        actors_changed=tuple(
            sorted(
                (
                    ActorChange(old.actors[i], new.actors[i])
                    for i in new.actors.keys() & old.actors.keys()
                    if old.actors[i] != new.actors[i]
                ),
                key=lambda change: _actor_order(change.new),
            )
        ),
        edges_added=_sorted_edges(
            names.edge(key, new.stats.get(key, EdgeStats())) for key in added_edges
        ),
        edges_removed=_sorted_edges(
            names.edge(key, old.stats.get(key, EdgeStats())) for key in removed_edges
        ),
        edges_changed=_changed_edges(old, new, names),
        records_added=_sorted_records(names.record(key) for key in new.records - old.records),
        records_removed=_sorted_records(names.record(key) for key in old.records - new.records),
        ambiguous_labels=names.ambiguous,
    )


class _Names:
    """Labels for the IRIs of a diff: the new build's, else the old one's, else the IRI's
    local name; articles by title."""

    def __init__(self, old: Snapshot, new: Snapshot) -> None:
        self.actors = {**old.actors, **new.actors}
        self.articles = {**old.articles, **new.articles}
        actor_labels: dict[str, set[str]] = defaultdict(set)
        titles: dict[str, set[str]] = defaultdict(set)
        for snapshot in (old, new):
            for actor in snapshot.actors.values():
                actor_labels[actor.label].add(actor.iri)
            for article in snapshot.articles.values():
                if article.title is not None:
                    titles[article.title].add(article.iri)
        self.ambiguous = tuple(
            sorted(
                {label for label, iris in actor_labels.items() if len(iris) > 1}
                | {title for title, iris in titles.items() if len(iris) > 1}
            )
        )

    def node(self, iri: str) -> Node:
        actor = self.actors.get(iri)
        return Node(iri, actor.label if actor is not None else local_name(iri))

    def article(self, iri: str) -> Node:
        article = self.articles.get(iri)
        title = article.title if article is not None else None
        return Node(iri, title or local_name(iri))

    def edge(self, key: EdgeKey, stats: EdgeStats) -> Edge:
        subject, relation, obj = key
        return Edge(self.node(subject), relation_name(relation), self.node(obj), stats)

    def record(self, key: RecordKey) -> Record:
        article, subject, predicate, obj, start, end, text = key
        return Record(
            self.article(article),
            self.node(subject),
            relation_name(predicate),
            self.node(obj),
            start,
            end,
            text,
        )


def relation_name(iri: str) -> str:
    """A relation's local name when it is one of the project's terms, else the whole IRI.

    >>> relation_name("https://w3id.org/kg/ontology#sanctions")
    'sanctions'
    """
    return iri.removeprefix(KG_NS) if iri.startswith(KG_NS) else iri


def _changed_edges(old: Snapshot, new: Snapshot, names: _Names) -> tuple[EdgeChange, ...]:
    changes = []
    for key in old.edges & new.edges:
        before, after = old.stats.get(key, EdgeStats()), new.stats.get(key, EdgeStats())
        if stats_differ(before, after):
            edge = names.edge(key, after)
            changes.append(EdgeChange(edge.subject, edge.relation, edge.object, before, after))
    return tuple(sorted(changes, key=lambda c: _edge_order(c.subject, c.relation, c.object)))


def stats_differ(old: EdgeStats, new: EdgeStats) -> bool:
    """Whether an edge's summary changed, comparing only the figures both builds state.

    >>> stats_differ(EdgeStats(0.8, 1), EdgeStats(0.8 + 1e-12, 1))
    False
    >>> stats_differ(EdgeStats(0.8, 1, None), EdgeStats(0.8, 1, 1))
    False
    >>> stats_differ(EdgeStats(0.8, 1), EdgeStats(0.9, 2))
    True
    """
    if _confidence_moved(old.confidence, new.confidence):
        return True
    counts = [
        (old.article_count, new.article_count),
        (old.independent_source_count, new.independent_source_count),
    ]
    return any(a is not None and b is not None and a != b for a, b in counts)


def _confidence_moved(old: float | None, new: float | None) -> bool:
    return old is not None and new is not None and abs(old - new) > CONFIDENCE_TOLERANCE


def _sorted_articles(articles: Iterable[Article]) -> tuple[Article, ...]:
    return tuple(sorted(articles, key=lambda a: (a.title or "", a.iri)))


def _actor_order(actor: Actor) -> tuple[str, str]:
    return (actor.label.casefold(), actor.iri)


def _sorted_actors(actors: Iterable[Actor]) -> tuple[Actor, ...]:
    return tuple(sorted(actors, key=_actor_order))


def _edge_order(subject: Node, relation: str, obj: Node) -> tuple[str, ...]:
    return (subject.label.casefold(), relation, obj.label.casefold(), subject.iri, obj.iri)


def _sorted_edges(edges: Iterable[Edge]) -> tuple[Edge, ...]:
    return tuple(sorted(edges, key=lambda e: _edge_order(e.subject, e.relation, e.object)))


def _sorted_records(records: Iterable[Record]) -> tuple[Record, ...]:
    def order(record: Record) -> tuple[Any, ...]:
        return (
            record.article.label.casefold(),
            record.article.iri,
            -1 if record.char_start is None else record.char_start,
            _edge_order(record.subject, record.predicate, record.object),
            -1 if record.char_end is None else record.char_end,
            record.evidence_text or "",
        )

    return tuple(sorted(records, key=order))


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
        if _confidence_moved(old.confidence, new.confidence):
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
        "counts": {name: len(getattr(diff, name)) for name in _CHANGE_FIELDS},
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
