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

`kg.query.diff_report` writes the result for people (`render_text`) and as JSON
(`to_json`, keys documented there), and reads that JSON back (`from_json`).
"""

from __future__ import annotations

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
from kg.vocab import KG_NS, PREFIXES, RELATIONS, ActorClass, Relation

_N = TypeVar("_N", int, float)

CONFIDENCE_TOLERANCE = 1e-9
"""Confidences closer than this are the same (they are written as 3-decimal numbers)."""

_PREFIXES = "".join(
    f"PREFIX {prefix}: <{PREFIXES[prefix]}>\n"
    for prefix in ("kg", "rdf", "rdfs", "prov", "dcterms")
)
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
        return any(len(getattr(self, name)) for name in CHANGE_FIELDS)


CHANGE_FIELDS = (
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
            store.bulk_load(path=str(file), format=RDF_FORMATS[file.suffix.lower()])
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
    if confidence_moved(old.confidence, new.confidence):
        return True
    counts = [
        (old.article_count, new.article_count),
        (old.independent_source_count, new.independent_source_count),
    ]
    return any(a is not None and b is not None and a != b for a, b in counts)


def confidence_moved(old: float | None, new: float | None) -> bool:
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
