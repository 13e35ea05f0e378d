"""Turn the resolved graph (actors, edges, articles) into the viewer's plain view data."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from kg.render.facts import TimelineEvent
from kg.render.viewer import ViewArticle, ViewEdge, ViewEvidence, ViewNode, render_viewer

if TYPE_CHECKING:  # the graph stage imports this module; it needs nothing of it at run time
    from kg.graph.assemble import PageFacts
    from kg.graph.provenance import Edge
    from kg.model import Actor, Extraction


def render_graph_page(
    actors: Mapping[str, Actor],
    extractions: Sequence[Extraction],
    edges: Sequence[Edge],
    facts: PageFacts | None = None,
    *,
    memo: dict[str, Any] | None = None,
) -> str:
    """Render the offline HTML viewer for a built graph; `facts` adds the events of the
    timeline and the articles' original sources to the edge panel.

    `memo` is for a caller that draws the page on every build: pass the same dict each
    time (it starts empty and holds plain picklable data), and what an unchanged part
    of the graph cost last time is not paid again (`render_viewer`). The page is the
    same bytes with or without it.
    """
    from kg.graph.iri import actor_iri, article_iri, wikidata_iri  # rdflib: only to draw

    articles = {e.article.key: e.article for e in extractions}
    # An actor is in many edges and an article behind many records: mint each IRI once.
    actor_id = functools.cache(lambda key: str(actor_iri(key)))
    article_id = functools.cache(lambda key: str(article_iri(key)))
    origins = {key: origin.label for key, origin in facts.origins.items()} if facts else {}
    nodes = [
        ViewNode(
            id=actor_id(actor.key),
            label=actor.label,
            cls=actor.cls.value,
            alt_labels=tuple(sorted(actor.alt_labels)),
            wikidata=str(wikidata_iri(actor.wikidata)) if actor.wikidata else None,
        )
        for actor in actors.values()
    ]
    view_edges = []
    for edge in edges:
        evidence = []
        for record in edge.records:
            article = articles[record.article_key]
            speaker = record.evidence.speaker
            evidence.append(
                ViewEvidence(
                    sentence=record.evidence.sentence,
                    article=article_id(article.key),
                    article_title=article.title or article.origin,
                    source=article.source,
                    date=record.evidence.event_date or article.published,
                    confidence=record.evidence.confidence,
                    speaker=actors[speaker].label if speaker and speaker in actors else speaker,
                    extractor=record.evidence.extractor,
                    likelihood=record.evidence.likelihood,
                    hedge=record.evidence.hedge,
                    role_status=record.role_status,
                    valid_from=record.valid_from,
                    valid_to=record.valid_to,
                    origin=origins.get(record.article_key),
                )
            )
        view_edges.append(
            ViewEdge(
                source=actor_id(edge.subject),
                target=actor_id(edge.object),
                relation=edge.relation.value,
                confidence=edge.confidence,
                evidence=tuple(evidence),
                # 0 means "not scored" (a build without origins): show nothing then.
                independent_sources=edge.independent_sources or None,
                credibility=edge.credibility,
                origins=tuple(sorted({ev.origin for ev in evidence if ev.origin})),
            )
        )
    view_articles = [
        ViewArticle(article_id(a.key), a.title or a.origin, a.source, a.published)
        for a in articles.values()
    ]
    events = [
        TimelineEvent(
            actor=actor_id(event.actor),
            event_type=event.relation.value,
            target=actor_id(event.target),
            date=event.day,
            precision=event.precision,
            report_count=len(event.reports),
        )
        for event in (facts.events if facts else ())
        if event.day
    ]
    return render_viewer(nodes, view_edges, view_articles, events=events, memo=memo)
