"""The graph's files as runs of blocks, each made again only when what it is made of
changed since the previous build (issue 18: a build costs what its articles touch).

graph.ttl is the union graph sorted by subject, and Oxigraph writes each subject's triples
as one run; graph.trig is the default graph's subjects, then one `<graph> { … }` run per
article. So each file is its sorted prefix lines followed by blocks, one per subject (or
per named graph), and a block's bytes depend only on its own triples. Every block is
named by a *key*: the plain data its triples are made from (an actor and its summary, an
article with its records, an edge's counts…). A build computes every key, which is cheap,
and serialises only the blocks whose key differs from the one the previous build kept
(`BlockMemo`); the others are copied. The SHACL results of each union block are kept the
same way, and made again when its triples or the types of the nodes it points at change
(`kg.graph.shacl.reads_only_types_of_values` says when shapes allow that).

The files are byte-identical to serialising the whole graph at once
(`tests/graph/test_blocks.py` checks it against `kg.graph.write`).
"""

from __future__ import annotations

import hashlib
import sys
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain
from typing import Any, NamedTuple, TypeVar

import pyoxigraph as ox
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import PROV

from kg.graph.activity import Activity, BuildProvenance, activity_iri, activity_triples
from kg.graph.build import (
    Triple,
    actor_summary_triples,
    actor_triples,
    article_origin_triples,
    article_triples,
    edge_summary_triples,
    edge_triples,
    record_triples,
    source_triples,
    triple_key,
)
from kg.graph.events import Event, event_triples
from kg.graph.iri import (
    actor_iri,
    actor_name,
    article_name,
    edge_name,
    event_name,
    relation_iri,
    source_iri,
    statement_name,
)
from kg.graph.links import event_link_triples, sole_origin, sole_origin_triples
from kg.graph.origins import Origin
from kg.graph.provenance import ActorSummary, Edge, Record
from kg.graph.shacl import CompiledShapes, results_by_focus
from kg.graph.validate import Validation
from kg.graph.write import SERIALIZER_PREFIXES
from kg.model import Actor, Article
from kg.vocab import RELATIONS, Relation

GRAPH_INDEX = "graph-index.tsv"
"""Beside graph.trig: where each block of it starts and ends, and its SHA-256
(`kg.query.graph_index` reads it: the store and `kg push --changed` use it)."""

Make = Callable[[], Iterable[Triple]]
_V = TypeVar("_V")


class Spec(NamedTuple):
    """A block to write: its key and how to make its triples when the key is new, and how
    to make its bytes from a block whose key differs only where the bytes can be edited
    (`patch`: the block's bytes, or None to make them)."""

    key: Hashable
    make: Make
    patch: Callable[[Kept], bytes | None] | None = None


@dataclass(slots=True)
class Kept:
    """A block as a build made it: its key, bytes and what validation needs of it."""

    key: Hashable
    data: bytes
    triples: int = 0
    types: tuple[str, ...] = ()
    """The rdf:type objects of the block's subject (union blocks)."""
    refs: tuple[str, ...] = ()
    """The IRIs the block's triples point at (union blocks), for SHACL."""
    digest: str = ""


@dataclass(slots=True)
class Checked:
    """A union block's SHACL results (kept only while the block and the types of the
    nodes it points at are unchanged)."""

    results: tuple[str, ...]


@dataclass(slots=True)
class BlockMemo:
    """What one build keeps of its blocks for the next (pickled with the build state)."""

    union: dict[str, Kept] = field(default_factory=dict)
    default: dict[str, Kept] = field(default_factory=dict)
    named: dict[str, Kept] = field(default_factory=dict)
    checked: dict[str, Checked] = field(default_factory=dict)


@dataclass(slots=True)
class Plan:
    """Every block of the graph by name: union (graph.ttl), default and named (graph.trig)."""

    union: dict[str, Spec] = field(default_factory=dict)
    default: dict[str, Spec] = field(default_factory=dict)
    named: dict[str, Spec] = field(default_factory=dict)


def plan_blocks(
    actors: Mapping[str, Actor],
    summaries: Mapping[str, ActorSummary],
    articles: Sequence[Article],
    edges: Sequence[Edge],
    events: Sequence[Event],
    origins: Mapping[str, Origin],
    provenance: BuildProvenance | None,
) -> Plan:
    """The key of every block, as `kg.graph.build.collect_graph` (with
    `kg.graph.activity.with_provenance`) would lay out the same triples."""
    plan = Plan()
    plain: dict[str, list[tuple[str, str]]] = defaultdict(list)
    per_article: dict[str, list[tuple[Edge, Record, bool]]] = defaultdict(list)
    for edge in edges:
        plain[edge.subject].append((edge.relation.value, edge.object))
        if RELATIONS[edge.relation].symmetric:
            plain[edge.object].append((edge.relation.value, edge.subject))
        for record in edge.records:
            speaker = record.evidence.speaker
            per_article[record.article_key].append(
                (edge, record, bool(speaker) and speaker in actors)
            )
    for key, actor in actors.items():
        summary = summaries.get(key)
        name = actor_name(key)
        default = (actor, summary)
        plan.default[name] = Spec(default, _actor_maker(actor, summary, ()), _rank_patch(default))
        ends = tuple(sorted(set(plain.get(key, ()))))
        union = (actor, summary, ends)
        plan.union[name] = Spec(union, _actor_maker(actor, summary, ends), _rank_patch(union))
    made_by = _activities(provenance, [a.key for a in articles])
    seen_sources: set[str] = set()
    for article in articles:
        origin = origins.get(article.key)
        records = tuple(per_article.get(article.key, ()))
        activity = made_by.get(article.key) if records else None
        node = article_name(article.key)
        plan.union[node] = Spec((article, origin), _article_maker(article, origin))
        plan.named[node] = Spec(
            (article, origin, _records_key(records), activity),
            _graph_maker(article, origin, records, activity),
        )
        for edge, record, speaker_known in records:
            statement = statement_name(
                record.article_key, edge.subject, edge.relation, edge.object, record.evidence.start
            )
            plan.union[statement] = Spec(
                (edge.subject, edge.relation, edge.object, record, speaker_known, activity),
                _statement_maker(edge, record, speaker_known, activity),
            )
        if origin is not None and origin.key not in seen_sources:
            seen_sources.add(origin.key)
            spec = Spec(origin, _maker(source_triples, origin))
            plan.default[str(source_iri(origin.key))] = spec
            plan.union[str(source_iri(origin.key))] = spec
    for edge in edges:
        only = sole_origin(edge, origins)
        summary_key = (
            edge.subject,
            edge.relation,
            edge.object,
            edge.confidence,
            len(edge.records),
            edge.article_count,
            edge.independent_sources,
            edge.credibility,
            only,
        )
        spec = Spec(summary_key, _edge_summary_maker(edge, only))
        name = edge_name(edge.subject, edge.relation, edge.object)
        plan.default[name] = spec
        plan.union[name] = spec
    for event in events:
        spec = Spec(event, _event_maker(event))
        name = event_name(event.actor, event.relation, event.target, event.day, event.place)
        plan.default[name] = spec
        plan.union[name] = spec
    if provenance is not None:
        for activity, used in _activity_uses(provenance, made_by, [a.key for a in articles]):
            spec = Spec((activity, used), _activity_maker(activity, used))
            plan.default[str(activity_iri(activity.key))] = spec
            plan.union[str(activity_iri(activity.key))] = spec
    return plan


def _records_key(records: Sequence[tuple[Edge, Record, bool]]) -> tuple[Hashable, ...]:
    return tuple((e.subject, e.relation, e.object, r, known) for e, r, known in records)


def _activities(provenance: BuildProvenance | None, keys: Sequence[str]) -> dict[str, Activity]:
    if provenance is None:
        return {}
    return {key: provenance.activity_of(key) for key in keys}


def _activity_uses(
    provenance: BuildProvenance, made_by: Mapping[str, Activity], keys: Sequence[str]
) -> Iterator[tuple[Activity, tuple[str, ...]]]:
    """Each activity with the articles it extracted, as `provenance_triples` lists them."""
    by_activity: dict[str, list[str]] = defaultdict(list)
    for key in sorted(keys):
        by_activity[made_by[key].key].append(key)
    for key, used in sorted(by_activity.items()):
        current = key == provenance.current.key
        yield (provenance.current if current else provenance.earlier[key]), tuple(used)


def _maker(function: Callable[[_V], Iterable[Triple]], value: _V) -> Make:
    return lambda: function(value)


def _edge_summary_maker(edge: Edge, origin: str | None) -> Make:
    return lambda: chain(edge_summary_triples(edge), sole_origin_triples(edge, origin))


def _event_maker(event: Event) -> Make:
    return lambda: chain(event_triples(event), event_link_triples(event))


def _actor_maker(
    actor: Actor, summary: ActorSummary | None, ends: Sequence[tuple[str, str]]
) -> Make:
    def make() -> Iterator[Triple]:
        yield from actor_triples(actor)
        if summary is not None:
            yield from actor_summary_triples(actor.key, summary)
        node = actor_iri(actor.key)
        for relation, other in ends:
            yield node, relation_iri(Relation(relation)), actor_iri(other)

    return make


def _rank_patch(key: tuple[Any, ...]) -> Callable[[Kept], bytes | None]:
    """An actor block's bytes from its last build's when only its `kg:degreeRank` moved:
    an actor entering the ranks shifts every actor ranked below it (up to
    `RANKED_ACTORS`), whose blocks would otherwise be made again for one number each."""

    def patch(old: Kept) -> bytes | None:
        before = old.key
        if not isinstance(before, tuple) or len(before) != len(key):
            return None
        was, now = before[1], key[1]
        if not isinstance(was, ActorSummary) or not isinstance(now, ActorSummary):
            return None
        if was.rank is None or now.rank is None or replace(was, rank=now.rank) != now:
            return None
        if before[0] != key[0] or before[2:] != key[2:]:
            return None
        return _swap_rank(old.data, was.rank, now.rank)

    return patch


def _swap_rank(data: bytes, was: int, now: int) -> bytes | None:
    """`data` with its one `kg:degreeRank` value `was` written as `now` (None unless the
    serialiser's line for it is found exactly once)."""
    line = b"\tkg:degreeRank %d " % was
    if data.count(line) != 1:
        return None
    return data.replace(line, b"\tkg:degreeRank %d " % now)


def _article_maker(article: Article, origin: Origin | None) -> Make:
    def make() -> Iterator[Triple]:
        yield from article_triples(article)
        if origin is not None:
            yield from article_origin_triples(article.key, origin)

    return make


def _statement_triples(
    edge: Edge, record: Record, speaker_known: bool, activity: Activity | None
) -> Iterator[Triple]:
    # record_triples asks `speaker in actors`; the answer is part of the block's key
    known = {record.evidence.speaker: None} if speaker_known and record.evidence.speaker else {}
    triples = list(record_triples(edge, record, known))  # type: ignore[arg-type]
    yield from triples
    if activity is not None:
        yield triples[0][0], PROV.wasGeneratedBy, activity_iri(activity.key)


def _statement_maker(
    edge: Edge, record: Record, speaker_known: bool, activity: Activity | None
) -> Make:
    return lambda: _statement_triples(edge, record, speaker_known, activity)


def _graph_maker(
    article: Article,
    origin: Origin | None,
    records: Sequence[tuple[Edge, Record, bool]],
    activity: Activity | None,
) -> Make:
    def make() -> Iterator[Triple]:
        yield from article_triples(article)
        if origin is not None:
            yield from article_origin_triples(article.key, origin)
        for edge, record, speaker_known in records:
            yield from edge_triples(edge)
            yield from _statement_triples(edge, record, speaker_known, activity)

    return make


def _activity_maker(activity: Activity, used: Sequence[str]) -> Make:
    return lambda: activity_triples(activity, used)


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------


@dataclass(slots=True)
class Written:
    """The files made from a plan, the memo for the next build, and what was redone."""

    ttl: bytes
    trig: bytes
    index: bytes
    memo: BlockMemo
    triples: int
    made: int
    """Blocks serialised this build (the rest were copied from the memo)."""
    changed_union: list[str]
    """Union blocks whose SHACL results must be checked again (new or changed)."""
    retyped: set[str] = field(default_factory=set)
    """Subjects whose rdf:type objects changed, appeared or went: the blocks pointing at
    them are checked again too."""


def write_blocks(plan: Plan, memo: BlockMemo | None) -> Written:
    """graph.ttl, graph.trig and graph-index.tsv from the plan's blocks, reusing the
    memo's bytes for every block whose key is unchanged."""
    old = memo or BlockMemo()
    new = BlockMemo(checked=old.checked)
    terms = _Terms()
    made = 0
    changed: list[str] = []
    union_parts: list[bytes] = []
    triples = 0
    retyped: set[str] = set()
    for name in sorted(plan.union):
        spec = plan.union[name]
        kept = old.union.get(name)
        patched = _patched(spec, kept)
        if patched is not None and kept is not None:
            kept = Kept(spec.key, patched, kept.triples, kept.types, kept.refs)
            changed.append(name)  # its SHACL results are found again
            made += 1
        if kept is None or kept.key != spec.key:
            made_now = _make_union(name, spec, terms)
            if kept is None or kept.types != made_now.types:
                retyped.add(name)
            kept = made_now
            changed.append(name)
            made += 1
        new.union[name] = kept
        union_parts.append(kept.data)
        triples += kept.triples
    trig_parts: list[bytes] = []
    lines: list[str] = []
    for names, specs, olds, news, kind in (
        (sorted(plan.default), plan.default, old.default, new.default, "d"),
        (sorted(plan.named), plan.named, old.named, new.named, "n"),
    ):
        for name in names:
            spec = specs[name]
            kept = olds.get(name)
            patched = _patched(spec, kept)
            if patched is not None:
                kept = Kept(spec.key, patched, digest=hashlib.sha256(patched).hexdigest())
                made += 1
            if kept is None or kept.key != spec.key:
                graph = None if kind == "d" else ox.NamedNode(name)
                data = _serialize_trig(spec.make(), graph, terms)
                kept = Kept(spec.key, data, digest=hashlib.sha256(data).hexdigest())
                made += 1
            news[name] = kept
            trig_parts.append(kept.data)
            lines.append(f"{kind}\t{name}\t{{}}\t{len(kept.data)}\t{kept.digest}")
    header = _HEADER if union_parts else b""
    ttl = header + b"".join(union_parts)
    trig_header = _HEADER if trig_parts else b""
    trig = trig_header + b"".join(trig_parts)
    index = _index(trig, len(trig_header), lines)
    retyped.update(name for name in old.union if name not in plan.union)
    return Written(ttl, trig, index, new, triples, made, changed, retyped)


def _patched(spec: Spec, kept: Kept | None) -> bytes | None:
    """The bytes of a block whose key changed, edited from its last ones when its spec
    can (`Spec.patch`); None to make it anew, or when it is unchanged."""
    if kept is None or spec.patch is None or kept.key == spec.key:
        return None
    return spec.patch(kept)


def _index(trig: bytes, header: int, lines: list[str]) -> bytes:
    """graph-index.tsv: a line naming the file, then each block's offset, length, hash."""
    out = [f"kg-graph-index\t1\t{hashlib.sha256(trig).hexdigest()}\t{header}"]
    offset = header
    for line in lines:
        length = int(line.split("\t", 4)[3])
        out.append(line.format(offset))
        offset += length
    return ("\n".join(out) + "\n").encode("utf-8")


def _make_union(name: str, spec: Spec, terms: _Terms) -> Kept:
    triples = sorted(set(spec.make()), key=triple_key)
    data = _serialize(triples, ox.RdfFormat.TURTLE, terms)
    # interned: the same few class IRIs and actors recur in thousands of blocks, and a
    # memo shares one string for each
    types = tuple(sys.intern(str(o)) for _, p, o in triples if p == RDF.type)
    refs = tuple(
        dict.fromkeys(
            sys.intern(str(o)) for _, _, o in triples if isinstance(o, URIRef) and str(o) != name
        )
    )
    return Kept(spec.key, data, len(triples), types, refs)


def union_triples(plan: Plan, names: Iterable[str]) -> Iterator[Triple]:
    """The triples of the named union blocks (made again from their keys)."""
    for name in names:
        yield from set(plan.union[name].make())


class _Terms:
    """rdflib terms -> Oxigraph terms, each converted once."""

    def __init__(self) -> None:
        self.cache: dict[URIRef | Literal, ox.NamedNode | ox.Literal] = {}

    def __call__(self, term: URIRef | Literal) -> ox.NamedNode | ox.Literal:
        converted = self.cache.get(term)
        if converted is None:
            if isinstance(term, URIRef):
                converted = ox.NamedNode(str(term))
            elif isinstance(term, Literal):
                if term.language:
                    converted = ox.Literal(str(term), language=term.language)
                elif term.datatype:
                    converted = ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
                else:
                    converted = ox.Literal(str(term))
            else:
                raise TypeError(f"cannot write {type(term).__name__} {term!r}: no blank nodes")
            self.cache[term] = converted
        return converted


def _serialize(triples: Sequence[Triple], fmt: ox.RdfFormat, terms: _Terms) -> bytes:
    data = ox.serialize(
        [ox.Triple(terms(s), terms(p), terms(o)) for s, p, o in triples],  # type: ignore[arg-type]
        format=fmt,
        prefixes=SERIALIZER_PREFIXES,
    )
    return _body(data or b"")


def _serialize_trig(triples: Iterable[Triple], graph: ox.NamedNode | None, terms: _Terms) -> bytes:
    ordered = sorted(set(triples), key=triple_key)
    name = ox.DefaultGraph() if graph is None else graph
    data = ox.serialize(
        [ox.Quad(terms(s), terms(p), terms(o), name) for s, p, o in ordered],  # type: ignore[arg-type]
        format=ox.RdfFormat.TRIG,
        prefixes=SERIALIZER_PREFIXES,
    )
    return _body(data or b"")


def _body(data: bytes) -> bytes:
    """A serialisation without its @prefix lines (the file has them once, sorted)."""
    start = 0
    while data.startswith(b"@prefix ", start):
        start = data.index(b"\n", start) + 1
    return data[start:]


def _header() -> bytes:
    probe = ox.serialize(
        [ox.Triple(ox.NamedNode("urn:x"), ox.NamedNode("urn:y"), ox.NamedNode("urn:z"))],
        format=ox.RdfFormat.TURTLE,
        prefixes=SERIALIZER_PREFIXES,
    )
    assert probe is not None
    lines = probe[: len(probe) - len(_body(probe))].split(b"\n")
    return b"\n".join(sorted(line for line in lines if line)) + b"\n"


_HEADER = _header()


# --------------------------------------------------------------------------------------
# Validating
# --------------------------------------------------------------------------------------


def check_blocks(
    plan: Plan, written: Written, shapes: CompiledShapes, max_messages: int = 20
) -> Validation:
    """Validate the union blocks that changed, or point at a node whose types changed,
    each with its own triples and the types of the nodes it points at; keep the results
    of the others. Needs shapes for which `reads_only_types_of_values` holds. The outcome
    reads as `kg.graph.shacl.validate_triples` on the whole union does."""
    union = written.memo.union
    old = written.memo.checked
    todo = set(written.changed_union)
    retyped = written.retyped
    for name, kept in union.items():
        if name not in todo and (
            name not in old or (retyped and not retyped.isdisjoint(kept.refs))
        ):
            todo.add(name)
    checked = {name: entry for name, entry in old.items() if name in union and name not in todo}
    if todo:
        triples: set[Triple] = set()
        for name in todo:
            triples.update(plan.union[name].make())
            for ref in union[name].refs:
                if ref in union:
                    node = URIRef(ref)
                    triples.update((node, RDF.type, URIRef(t)) for t in union[ref].types)
        found = results_by_focus(triples, shapes, todo)
        for name in todo:
            checked[name] = Checked(tuple(found.get(name, ())))
    written.memo.checked = checked
    results = [text for entry in checked.values() for text in entry.results]
    return Validation(not results, len(results), tuple(sorted(results)[:max_messages]))
