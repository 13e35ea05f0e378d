"""Render the graph as one self-contained HTML page: the offline viewer of SPEC §5-6.

The page needs nothing but its own file. vis-network's JavaScript and CSS are read from
the installed pyvis package at render time and inlined; the viewer's own script and
styles (``templates/viewer.js``, ``templates/viewer.css``) are inlined too; and a
Content-Security-Policy ``<meta>`` forbids every network request, every script the page
did not ship (by hash) and every inline event handler.

What pyvis does here, and what it does not:

- pyvis ships vis-network (its 'local' mode), and the page inlines that copy. The
  package is found without being imported (``importlib.util.find_spec``): importing
  it costs more than drawing a page, and nothing else of it is used.
- The vis-network node and edge dicts (shape, colour, size, arrows, dashes, width) are
  built here as plain dicts. pyvis's ``Network.add_node`` / ``add_edge`` would build the
  same dicts, but they check every new node and edge endpoint against a list, so a
  graph of thousands of actors cost seconds there.
- pyvis's HTML template is not used: it loads bootstrap and tom-select from CDNs and
  hands tooltips to vis as HTML strings. ``templates/viewer.html.j2`` is rendered with
  jinja2 here, with what this page needs (evidence, articles, inlined assets, the CSP
  hashes). Nor are pyvis's ``Options``: the vis options are a plain dict
  (``kg.render.options``).
- The layout is computed here (``kg.render.layout``), so every node arrives with its
  position. A small graph (up to ``LARGE_GRAPH`` actors) then stabilises briefly in the
  browser to spread its labels; a larger one runs no physics at all and is ready as
  soon as it is drawn. Either way the page then freezes physics.
- Ids are ours: node ids are actor IRIs, edge ids are ``e<n>`` in sorted order. With
  sorted input and ``sort_keys`` JSON, the same graph gives the same bytes.

A build that drew a page before passes its ``memo`` again: each connected component's
layout is then reused when the component is unchanged (``kg.render.layout.lay_out``),
and the rest of a page costs little. The page is the same bytes with or without it.

Safety: article text is hostile input. The data goes into the page only as JSON inside
``<script type="application/json">``, with ``<``, ``>``, ``&``, U+2028 and U+2029
escaped, so no string can close the element. The page's script reads it with
``JSON.parse`` and writes text only through ``textContent``; tooltips are DOM elements,
never HTML strings.

Cost: see ``bench/viewer_bench.py`` for a page of 5,000 actors and 20,000 relations,
rendered and opened in headless Chromium.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from importlib import resources
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.render.facts import (
    CREDIBILITY_MEANINGS,
    TimelineEvent,
    date_span,
    label_tiers,
    timeline_marks,
)
from kg.render.options import LARGE_GRAPH, vis_options
from kg.vocab import RELATIONS, ActorClass, Family, Relation

if TYPE_CHECKING:
    import jinja2

__all__ = [
    "CLASS_STYLES",
    "FAMILY_STYLES",
    "LARGE_GRAPH",
    "ClassStyle",
    "FamilyStyle",
    "TimelineEvent",
    "ViewArticle",
    "ViewEdge",
    "ViewEvidence",
    "ViewNode",
    "render_viewer",
]


@dataclass(frozen=True, slots=True)
class ViewNode:
    """An actor as the viewer shows it; `id` is the actor IRI, `wikidata` a full IRI."""

    id: str
    label: str
    cls: str
    alt_labels: tuple[str, ...] = ()
    wikidata: str | None = None


@dataclass(frozen=True, slots=True)
class ViewEvidence:
    """One sentence supporting an edge, and where and how it was found."""

    sentence: str
    article: str
    article_title: str | None
    source: str | None
    date: str | None
    confidence: float
    speaker: str | None
    extractor: str
    likelihood: str | None = None
    hedge: str | None = None
    role_status: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    origin: str | None = None


@dataclass(frozen=True, slots=True)
class ViewEdge:
    """`source relation target` between actor IRIs, with its supporting sentences."""

    source: str
    target: str
    relation: str
    confidence: float
    evidence: tuple[ViewEvidence, ...] = ()
    independent_sources: int | None = None
    credibility: int | None = None
    origins: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ViewArticle:
    """An article the viewer can filter by; `id` is the article IRI."""

    id: str
    title: str | None = None
    source: str | None = None
    date: str | None = None


@dataclass(frozen=True, slots=True)
class ClassStyle:
    """How an actor class looks: fill, border, vis-network shape and the legend's glyph."""

    color: str
    border: str
    shape: str
    glyph: str
    dashed: bool = False


@dataclass(frozen=True, slots=True)
class FamilyStyle:
    """How a relation family's edges look."""

    color: str
    dashed: bool = False


# Okabe-Ito colours (distinguishable with the common colour-vision deficiencies), each
# class also with its own shape so colour is never the only cue. All shapes draw the
# label below the node, so every node can be sized by degree. Place reuses the dot,
# dashed and grey.
CLASS_STYLES: Mapping[ActorClass, ClassStyle] = {
    ActorClass.STATE: ClassStyle("#0072B2", "#004B75", "dot", "●"),
    ActorClass.BLOC: ClassStyle("#56B4E9", "#2A7FB0", "hexagon", "⬢"),
    ActorClass.ARMED_GROUP: ClassStyle("#D55E00", "#8F3F00", "triangle", "▲"),
    ActorClass.GOVERNMENT: ClassStyle("#009E73", "#00664A", "square", "■"),
    ActorClass.OFFICIAL: ClassStyle("#CC79A7", "#8E4C72", "diamond", "◆"),
    ActorClass.PERSON: ClassStyle("#E69F00", "#9C6B00", "star", "★"),
    ActorClass.ORGANIZATION: ClassStyle("#F0E442", "#8A8200", "triangleDown", "▼"),
    ActorClass.PLACE: ClassStyle("#BBBBBB", "#666666", "dot", "◌", dashed=True),
}

FAMILY_STYLES: Mapping[Family, FamilyStyle] = {
    Family.HOSTILE: FamilyStyle("#D55E00"),
    Family.COOPERATIVE: FamilyStyle("#0072B2"),
    Family.STRUCTURAL: FamilyStyle("#8C8C8C", dashed=True),
}


def _class_look(style: ClassStyle) -> dict[str, Any]:
    """What every node of a class shares in vis-network's terms."""
    fill = {"background": style.color, "border": style.border}
    return {
        "shape": style.shape,
        "color": {**fill, "highlight": {**fill, "border": "#000000"}, "hover": fill},
        "borderWidth": 2,
        "shapeProperties": {"borderDashes": [4, 3] if style.dashed else False},
    }


_CLASS_LOOKS = {cls.value: _class_look(style) for cls, style in CLASS_STYLES.items()}


def _relation_look(relation: Relation) -> dict[str, Any]:
    """What every edge of a relation shares in vis-network's terms."""
    info = RELATIONS[relation]
    style = FAMILY_STYLES[info.family]
    return {
        "label": relation.value,
        "arrows": {"to": {"enabled": not info.symmetric, "scaleFactor": 0.6}},
        "color": {"color": style.color, "highlight": style.color, "hover": style.color},
        "dashes": style.dashed,
        "relation": relation.value,
        "family": info.family.value,
    }


_RELATION_LOOKS = {relation.value: _relation_look(relation) for relation in RELATIONS}

_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_CSS_RULE = re.compile(r"[^{}]+\{[^{}]*\}")
_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$", re.MULTILINE)


def render_viewer(
    nodes: Sequence[ViewNode],
    edges: Sequence[ViewEdge],
    articles: Sequence[ViewArticle],
    *,
    title: str = "kg graph",
    events: Sequence[TimelineEvent] = (),
    memo: MutableMapping[str, Any] | None = None,
) -> str:
    """Render the viewer: the whole HTML page, working offline from the file alone.

    Nodes, edges and evidence are sorted, so the output depends only on what is given,
    not on its order. `memo`, the same dict passed on every call (empty at first, kept
    by the caller, plain picklable data), lets a call reuse the layout of every
    component the last call drew unchanged; the page is the same bytes either way.

    Raises:
        ValueError: two different nodes share an id, an edge names an actor missing from
            `nodes`, or a class or relation is not in the vocabulary.

    >>> page = render_viewer([], [], [])
    >>> "No actors yet" in page and "<script src" not in page
    True
    """
    by_id = _index_nodes(nodes)
    ordered = sorted(edges, key=_edge_key)
    for edge in ordered:
        for end in (edge.source, edge.target):
            if end not in by_id:
                raise ValueError(f"{end}: edge {edge.relation} names an actor not in the nodes")
    data = _page_data(by_id, ordered, articles, title, _layout_memo(memo))
    data["timeline"] = timeline_marks(
        {(e.source, e.relation, e.target): f"e{i}" for i, e in enumerate(ordered)},
        sorted(events, key=repr),
        {f"e{i}": [ev.date for ev in e.evidence] for i, e in enumerate(ordered)},
    )
    from markupsafe import Markup  # jinja2's own dependency; imported only to draw a page

    assets = _assets()
    template = _environment().get_template("viewer.html.j2")
    return template.render(
        title=title,
        empty=not by_id,
        data_json=Markup(_script_json(data)),
        vis_js=Markup(assets.vis_js),
        vis_css=Markup(assets.vis_css),
        app_js=Markup(assets.app_js),
        app_css=Markup(assets.app_css),
        csp=assets.csp,
    )


def _layout_memo(memo: MutableMapping[str, Any] | None) -> dict[str, Any] | None:
    """The part of the caller's memo the layout keeps; anything else in it is dropped."""
    if memo is None:
        return None
    layout = memo.get("layout")
    if not isinstance(layout, dict):
        layout = {}
    memo.clear()
    memo["layout"] = layout
    return layout


def _index_nodes(nodes: Iterable[ViewNode]) -> dict[str, ViewNode]:
    by_id: dict[str, ViewNode] = {}
    for node in nodes:
        ActorClass(node.cls)  # raises ValueError for a class outside the vocabulary
        seen = by_id.setdefault(node.id, node)
        if seen != node:
            raise ValueError(f"{node.id}: two different nodes share this id")
    return dict(sorted(by_id.items()))


def _evidence_key(ev: ViewEvidence) -> tuple[str, str, str, str, str, str, str, float]:
    return (
        ev.date or "",
        ev.article,
        ev.sentence,
        ev.extractor,
        ev.speaker or "",
        ev.article_title or "",
        ev.source or "",
        ev.confidence,
    )


def _edge_key(edge: ViewEdge) -> tuple[Any, ...]:
    evidence = tuple(sorted(_evidence_key(ev) for ev in edge.evidence))
    return (edge.source, edge.target, edge.relation, edge.confidence, evidence)


def _page_data(
    by_id: Mapping[str, ViewNode],
    edges: Sequence[ViewEdge],
    articles: Sequence[ViewArticle],
    title: str,
    layout_memo: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Build everything the page's script reads: vis items, filter lists, options."""
    from kg.render.layout import lay_out  # numpy: imported by a build that draws a page only

    degree: Counter[str] = Counter()
    for edge in edges:
        degree[edge.source] += 1
        degree[edge.target] += 1

    layout = lay_out(list(by_id), [(e.source, e.target) for e in edges], memo=layout_memo)
    tiers = label_tiers({node: degree[node] for node in by_id})
    vis_nodes = [
        _node_data(
            node, degree[node.id], layout.positions[node.id], layout.communities[node.id], tiers
        )
        for node in by_id.values()
    ]
    parallel: Counter[tuple[str, str]] = Counter()
    edge_articles: Counter[str] = Counter()
    spans: list[tuple[str, str]] = []
    vis_edges = []
    for index, edge in enumerate(edges):
        pair = (min(edge.source, edge.target), max(edge.source, edge.target))
        evidence = [_evidence_data(ev) for ev in sorted(edge.evidence, key=_evidence_key)]
        vis_edges.append(_edge_data(index, edge, parallel[pair], evidence))
        parallel[pair] += 1
        edge_articles.update({ev.article for ev in edge.evidence})
        spans.extend(ev["span"] for ev in evidence if ev["span"] is not None)

    class_counts = Counter(node.cls for node in by_id.values())
    relation_counts = Counter(edge.relation for edge in edges)
    return {
        "title": title,
        "nodes": vis_nodes,
        "edges": vis_edges,
        "classes": [
            {
                "name": cls.value,
                "color": style.color,
                "border": style.border,
                "glyph": style.glyph,
                "count": class_counts[cls.value],
            }
            for cls, style in CLASS_STYLES.items()
        ],
        "families": [
            {"name": family.value, "color": style.color, "dashed": style.dashed}
            for family, style in FAMILY_STYLES.items()
        ],
        "relations": _relation_list(relation_counts),
        "articles": _article_list(articles, edges, edge_articles),
        "dates": {"min": min(s[0] for s in spans), "max": max(s[1] for s in spans)}
        if spans
        else None,
        "large": len(by_id) > LARGE_GRAPH,
        "options": vis_options(len(by_id)),
    }


def _node_size(degree: int) -> float:
    """Grow with the square root of the degree, so hubs stand out without swamping."""
    return round(min(48.0, 10.0 + 5.0 * math.sqrt(degree)), 2)


def _node_data(
    node: ViewNode,
    degree: int,
    position: tuple[float, float],
    community: int,
    tiers: Mapping[str, int],
) -> dict[str, Any]:
    """A vis-network node, with what the page's script reads besides."""
    return {
        **_CLASS_LOOKS[node.cls],
        "id": node.id,
        "label": node.label or node.id,
        "x": position[0],
        "y": position[1],
        "size": _node_size(degree),
        "cls": node.cls,
        "altLabels": sorted({a for a in node.alt_labels if a and a != node.label}),
        "wikidata": node.wikidata,
        "degree": degree,
        "community": community,
        "labelTier": tiers[node.id],
    }


def _edge_data(
    index: int, edge: ViewEdge, parallel: int, evidence: list[dict[str, Any]]
) -> dict[str, Any]:
    """A vis-network edge, with its evidence and analyst facts for the edge panel."""
    look = _RELATION_LOOKS.get(edge.relation) or _relation_look(Relation(edge.relation))
    # The n-th edge between the same two actors bends a little more than the one before,
    # so parallel relations stay apart and each label stays readable.
    smooth: dict[str, Any] = (
        {"enabled": True, "type": "curvedCW", "roundness": round(0.2 * parallel, 2)}
        if parallel
        else {"enabled": False}
    )
    return {
        **look,
        "from": edge.source,
        "to": edge.target,
        "id": f"e{index}",
        "width": round(1.0 + 3.0 * max(0.0, min(1.0, edge.confidence)), 2),
        "smooth": smooth,
        "confidence": edge.confidence,
        "evidence": evidence,
        "independentSources": edge.independent_sources,
        "credibility": edge.credibility,
        "credibilityMeaning": CREDIBILITY_MEANINGS.get(edge.credibility or 0),
        "origins": sorted(set(edge.origins)),
    }


def _evidence_data(ev: ViewEvidence) -> dict[str, Any]:
    return {
        "sentence": ev.sentence,
        "article": ev.article,
        "articleTitle": ev.article_title,
        "source": ev.source,
        "date": ev.date,
        "span": date_span(ev.date),
        "confidence": ev.confidence,
        "speaker": ev.speaker,
        "extractor": ev.extractor,
        "likelihood": ev.likelihood,
        "hedge": ev.hedge,
        "roleStatus": ev.role_status,
        "validFrom": ev.valid_from,
        "validTo": ev.valid_to,
        "origin": ev.origin,
    }


def _relation_list(counts: Mapping[str, int]) -> list[dict[str, Any]]:
    """List the relations the graph uses, hostile first, in vocabulary order within a family."""
    families = list(FAMILY_STYLES)
    present = sorted(
        (Relation(name) for name in counts),
        key=lambda r: (families.index(RELATIONS[r].family), list(Relation).index(r)),
    )
    return [
        {
            "name": r.value,
            "family": RELATIONS[r].family.value,
            "color": FAMILY_STYLES[RELATIONS[r].family].color,
            "dashed": FAMILY_STYLES[RELATIONS[r].family].dashed,
            "symmetric": RELATIONS[r].symmetric,
            "count": counts[r.value],
        }
        for r in present
    ]


def _article_list(
    articles: Sequence[ViewArticle], edges: Sequence[ViewEdge], edge_counts: Mapping[str, int]
) -> list[dict[str, Any]]:
    """List every article, given or only named by evidence, sorted by title."""
    known: dict[str, ViewArticle] = {}
    for edge in edges:
        for ev in edge.evidence:
            seen = known.get(ev.article) or ViewArticle(ev.article)
            title, source = seen.title or ev.article_title, seen.source or ev.source
            known[ev.article] = ViewArticle(ev.article, title, source)
    known.update((a.id, a) for a in sorted(articles, key=lambda a: (a.id, repr(a))))
    rows = [
        {
            "id": a.id,
            "title": a.title,
            "source": a.source,
            "date": a.date,
            "count": edge_counts.get(a.id, 0),
        }
        for a in known.values()
    ]
    return sorted(rows, key=lambda r: ((r["title"] or r["id"]).casefold(), r["id"]))


def _script_json(data: Any) -> str:
    """Serialise data so that it cannot end the <script> element that holds it.

    >>> _script_json({"s": "</script><b>&"})
    '{"s":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    for char, escape in _JSON_ESCAPES.items():
        text = text.replace(char, escape)
    return text


@dataclass(frozen=True, slots=True)
class _Assets:
    vis_js: str
    vis_css: str
    app_js: str
    app_css: str
    csp: str


@functools.cache
def _assets() -> _Assets:
    """Read the scripts and styles to inline, once per process, with the page's CSP."""
    vis_dir = _vis_dir()
    templates = resources.files("kg.render") / "templates"
    vis_js = _SOURCE_MAP.sub("", (vis_dir / "vis-network.min.js").read_text("utf-8"))
    vis_css = _drop_image_rules((vis_dir / "vis-network.css").read_text("utf-8"))
    # The timeline strip's script goes first, in the same element (one hash in the CSP).
    app_js = "\n".join(
        (templates / name).read_text("utf-8") for name in ("timeline.js", "viewer.js")
    )
    app_css = (templates / "viewer.css").read_text("utf-8")
    for name, text, tag in (
        ("vis-network.min.js", vis_js, "script"),
        ("viewer.js", app_js, "script"),
        ("vis-network.css", vis_css, "style"),
        ("viewer.css", app_css, "style"),
    ):
        if f"</{tag}" in text.lower() or "<!--" in text:
            raise RuntimeError(f"{name}: cannot be inlined, it contains </{tag} or <!--")
    csp = "; ".join(
        [
            "default-src 'none'",
            f"script-src {_csp_hash(vis_js)} {_csp_hash(app_js)}",
            # vis-network styles its elements inline; styles cannot fetch anything here.
            "style-src 'unsafe-inline'",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    return _Assets(vis_js, vis_css, app_js, app_css, csp)


def _vis_dir() -> Path:
    """Find vis-network inside the installed pyvis (pyvis ships it for its 'local' mode),
    without importing pyvis."""
    spec = find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("pyvis: not installed; the viewer inlines its vis-network")
    lib = Path(next(iter(spec.submodule_search_locations))) / "templates" / "lib"
    found = sorted(lib.glob("vis-*/vis-network.min.js"))
    if not found:
        raise FileNotFoundError(f"{lib}: no vis-*/vis-network.min.js in the installed pyvis")
    return found[-1].parent


def _drop_image_rules(css: str) -> str:
    """Drop vis-network's CSS rules that embed images: 200 KB of base64 PNG.

    They style the navigation and manipulation buttons, which the viewer turns off. A
    stylesheet this regex cannot split exactly (at-rules, nesting) is kept whole.
    """
    css = css.strip()
    rules = _CSS_RULE.findall(css)
    if "@" in css or "".join(rules) != css:
        return css
    return "".join(rule for rule in rules if "url(" not in rule)


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


@functools.cache
def _environment() -> jinja2.Environment:
    import jinja2  # only a build that draws a page pays for it

    return jinja2.Environment(
        loader=jinja2.PackageLoader("kg.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
