"""Links written at build time so that saved queries reach in one index lookup what they would
otherwise find by joining on every edge summary or every statement record (issue 18).

On a persisted store a query costs about what its index lookups cost, and a lookup there is
dear. Two joins were out of reach of any rewrite:

- from an event to its edge's summary: matching the event's actor, type and target against
  `rdf:subject`, `rdf:predicate` and `rdf:object` walks every summary and record on the
  other actor, and the actors events name are the hubs (`events-vs-reports`). Each
  `kg:Event` gets `kg:edgeSummary`, the `kg:Edge` of its relation.
- from an edge to the origin of its articles: through each record's article to its
  `kg:originalSource`, for every edge (`single-origin`). An edge that one original source
  alone supports (`kg:independentSourceCount 1`) gets `kg:soleOrigin`, that source, as
  `kg:soleSource` names the one article behind an actor.

Each is a function of one event or of one edge and its articles' origins, so an incremental
build redoes them for the events and edges it changes and no others.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TypeAlias

from rdflib import URIRef

from kg.graph.events import Event
from kg.graph.iri import KG, edge_iri, event_iri, source_iri
from kg.graph.origins import Origin
from kg.graph.provenance import Edge

Link: TypeAlias = tuple[URIRef, URIRef, URIRef]


def sole_origin(edge: Edge, origins: Mapping[str, Origin]) -> str | None:
    """The key of the one original source behind every record of the edge whose article has a
    known origin; None when there are several or none. It counts origins as
    `kg.graph.credibility.score_edges` counts them for `kg:independentSourceCount`, so an edge
    has a sole origin exactly when that count is 1."""
    keys = {origins[r.article_key].key for r in edge.records if r.article_key in origins}
    return next(iter(keys)) if len(keys) == 1 else None


def edge_link_triples(edge: Edge, origins: Mapping[str, Origin]) -> Iterator[Link]:
    """`kg:soleOrigin` of the edge's `kg:Edge` summary, if one origin alone supports it.

    `origins` maps article keys to their origins, as `score_edges` takes them. The triple
    belongs in the default graph, beside `kg.graph.build.edge_summary_triples`.
    """
    return sole_origin_triples(edge, sole_origin(edge, origins))


def sole_origin_triples(edge: Edge, origin: str | None) -> Iterator[Link]:
    """`edge_link_triples` once the edge's `sole_origin` is known."""
    if origin is not None:
        yield edge_iri(edge.subject, edge.relation, edge.object), KG.soleOrigin, source_iri(origin)


def event_link_triples(event: Event) -> Iterator[Link]:
    """`kg:edgeSummary` of the event: the `kg:Edge` of the relation it is an act of (the same
    actor, relation and target). It belongs beside `kg.graph.events.event_triples`."""
    node = event_iri(event.actor, event.relation, event.target, event.day, event.place)
    yield node, KG.edgeSummary, edge_iri(event.actor, event.relation, event.target)
