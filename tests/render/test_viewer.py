"""The HTML viewer: offline, safe with hostile text, deterministic, and complete."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from importlib import resources
from typing import Any

import pytest

from kg.render.viewer import (
    CLASS_STYLES,
    FAMILY_STYLES,
    LARGE_GRAPH,
    ViewArticle,
    ViewEdge,
    ViewEvidence,
    ViewNode,
    render_viewer,
)
from kg.vocab import RELATIONS, ActorClass, Relation

ID = "https://w3id.org/kg/id/"
A1, A2 = f"{ID}article/a1", f"{ID}article/a2"
HOSTILE = (
    "<script>alert(1)</script>",
    "</script><img src=x onerror=alert(1)>",
    "</SCRIPT ><!--<script>alert(2)</script>-->",
    "line\u2028separator\u2029paragraph & <b>bold</b>",
)


def _evidence(
    sentence: str, article: str = A1, date: str | None = "2024-03-01", **kw: Any
) -> ViewEvidence:
    fields: dict[str, Any] = {
        "article_title": "US sanctions Iran",
        "source": "Reuters",
        "confidence": 0.8,
        "speaker": None,
        "extractor": "kg.dependency.v1",
    }
    fields.update(kw)
    return ViewEvidence(sentence=sentence, article=article, date=date, **fields)


def _graph(sentence: str = "The U.S. imposed sanctions on Iran.") -> dict[str, Any]:
    nodes = [
        ViewNode(f"{ID}usa", "United States", "State", ("U.S.", "America"), f"{ID}wd/Q30"),
        ViewNode(f"{ID}iran", "Iran", "State", ("IRN",), "http://www.wikidata.org/entity/Q794"),
        ViewNode(f"{ID}nato", "NATO", "Bloc"),
        ViewNode(f"{ID}hezbollah", "Hezbollah", "ArmedGroup"),
        ViewNode(f"{ID}blinken", "Antony Blinken", "Official", ("Blinken",)),
    ]
    edges = [
        ViewEdge(f"{ID}usa", f"{ID}iran", "sanctions", 0.9, (_evidence(sentence),)),
        ViewEdge(
            f"{ID}iran",
            f"{ID}usa",
            "threatens",
            0.6,
            (_evidence("Iran warned Washington.", A2, "2024-04", article_title=None),),
        ),
        ViewEdge(f"{ID}usa", f"{ID}nato", "memberOf", 1.0),
        ViewEdge(
            f"{ID}iran",
            f"{ID}hezbollah",
            "providesAidTo",
            0.7,
            (
                _evidence("Iran arms Hezbollah.", speaker="a minister"),
                _evidence("Tehran funds it.", A2, None, article_title=None),
            ),
        ),
        ViewEdge(f"{ID}usa", f"{ID}iran", "alliesWith", 0.1, (_evidence("Not really."),)),
        ViewEdge(f"{ID}blinken", f"{ID}usa", "officialOf", 0.95),
    ]
    articles = [
        ViewArticle(A1, "US sanctions Iran", "Reuters", "2024-03-01"),
        ViewArticle(A2, None, "AP", "2024-04-02"),
    ]
    return {"nodes": nodes, "edges": edges, "articles": articles}


def _hostile_graph(text: str) -> dict[str, Any]:
    """Put `text` everywhere article text can reach: sentence, names, titles, speaker."""
    graph = _graph(sentence=text)
    graph["nodes"].append(ViewNode(f"{ID}x", text, "Person", (text,), text))
    graph["edges"].append(
        ViewEdge(
            f"{ID}x",
            f"{ID}iran",
            "condemns",
            0.5,
            (_evidence(text, A1, text, article_title=text, source=text, speaker=text),),
        )
    )
    graph["articles"].append(ViewArticle(f"{ID}article/{text}", text, text, text))
    return graph


def _embedded(html: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    assert match is not None, "no kg-data element"
    data: dict[str, Any] = json.loads(match.group(1))
    return data


class _Tags(HTMLParser):
    """Collect start tags with their attributes, and the inline scripts' text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append((self._in_script, ""))

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None


def _parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser


def _outside_scripts_and_styles(html: str) -> str:
    return re.sub(r"<(script|style)\b[^>]*>.*?</\1>", "", html, flags=re.S | re.I)


GRAPHS: dict[str, Callable[[], dict[str, Any]]] = {
    "empty": lambda: {"nodes": [], "edges": [], "articles": []},
    "small": _graph,
    "hostile": lambda: _hostile_graph(HOSTILE[1]),
}


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_viewer_loads_nothing_from_the_network(name: str) -> None:
    html = render_viewer(**GRAPHS[name]())
    tags = _parse(html).tags
    assert [t for t, a in tags if t == "script" and "src" in a] == []
    assert [t for t, _ in tags if t in {"link", "iframe", "img", "object", "embed", "base"}] == []
    for tag, attrs in tags:
        for attr in ("src", "href", "srcset", "action", "poster", "data"):
            value = attrs.get(attr) or ""
            assert "//" not in value, f"<{tag} {attr}={value!r}>"
    assert not re.search(r"<script[^>]*\bsrc\s*=", html, re.I)
    assert not re.search(r"<link[^>]*\bhref\s*=\s*[\"']?[a-z]+:", html, re.I)
    assert not re.search(r"url\(\s*[\"']?(https?:)?//|@import|@font-face", html, re.I)
    # Outside the inlined scripts and styles there is no URL at all.
    assert not re.search(r"https?://", _outside_scripts_and_styles(html))


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_viewer_csp_allows_only_the_inlined_scripts(name: str) -> None:
    html = render_viewer(**GRAPHS[name]())
    parsed = _parse(html)
    metas = [a for t, a in parsed.tags if t == "meta" and a.get("http-equiv")]
    assert len(metas) == 1 and metas[0]["http-equiv"] == "Content-Security-Policy"
    csp = metas[0]["content"] or ""
    assert "default-src 'none'" in csp
    assert "unsafe-inline" not in csp.split("script-src", 1)[1].split(";", 1)[0]
    executable = [text for attrs, text in parsed.scripts if attrs.get("type") is None]
    assert len(executable) == 2
    for text in executable:
        digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp


@pytest.mark.parametrize("text", HOSTILE)
def test_viewer_hostile_text_stays_inert(text: str) -> None:
    html = render_viewer(**_hostile_graph(text), title=text)
    assert text not in html
    assert "<script>alert" not in html
    assert "</script><img" not in html.lower()
    assert "<img src=x" not in html
    # Three script elements, each closed once: nothing in the data ended one early.
    parsed = _parse(html)
    raw_json = parsed.scripts[0][1]
    assert not {"<", ">", "&", "\u2028", "\u2029"} & set(raw_json)
    assert [a.get("type") for a, _ in parsed.scripts] == ["application/json", None, None]
    assert [t for t, _ in parsed.tags if t in {"img", "b"}] == []
    # The text survives as data, intact.
    data = _embedded(html)
    assert data["title"] == text
    sentences = {ev["sentence"] for e in data["edges"] for ev in e["evidence"]}
    assert text in sentences
    assert text in {n["label"] for n in data["nodes"]}


@pytest.mark.parametrize("text", HOSTILE[:2])
def test_viewer_title_is_escaped(text: str) -> None:
    html = render_viewer([], [], [], title=text)
    assert text not in html
    assert "<title>&lt;" in html


@pytest.mark.parametrize("order", ["same", "reversed"])
def test_viewer_is_deterministic(order: str) -> None:
    graph = _graph()
    first = render_viewer(**graph)
    if order == "reversed":
        graph = {
            "nodes": graph["nodes"][::-1],
            "edges": [
                ViewEdge(e.source, e.target, e.relation, e.confidence, e.evidence[::-1])
                for e in graph["edges"][::-1]
            ],
            "articles": graph["articles"][::-1],
        }
    assert render_viewer(**graph) == first


def test_viewer_embeds_every_node_edge_and_article() -> None:
    graph = _graph()
    data = _embedded(render_viewer(**graph))
    assert sorted(n["id"] for n in data["nodes"]) == sorted(n.id for n in graph["nodes"])
    assert sorted((e["from"], e["relation"], e["to"]) for e in data["edges"]) == sorted(
        (e.source, e.relation, e.target) for e in graph["edges"]
    )
    assert len({e["id"] for e in data["edges"]}) == len(graph["edges"])
    assert sorted(ev["sentence"] for e in data["edges"] for ev in e["evidence"]) == sorted(
        ev.sentence for e in graph["edges"] for ev in e.evidence
    )
    assert sorted(a["id"] for a in data["articles"]) == [A1, A2]
    usa = next(n for n in data["nodes"] if n["id"] == f"{ID}usa")
    assert usa["altLabels"] == ["America", "U.S."]
    assert usa["degree"] == 5


def test_viewer_lists_articles_only_named_by_evidence() -> None:
    graph = _graph()
    data = _embedded(render_viewer(graph["nodes"], graph["edges"], []))
    assert {a["id"]: a["title"] for a in data["articles"]} == {A1: "US sanctions Iran", A2: None}


def test_viewer_empty_graph_says_no_actors_yet() -> None:
    html = render_viewer([], [], [])
    assert '<p id="empty">No actors yet' in html
    assert _embedded(html)["nodes"] == []
    assert 'id="empty"' not in render_viewer(**_graph())


@pytest.mark.parametrize("cls", list(ActorClass))
def test_viewer_styles_nodes_by_class(cls: ActorClass) -> None:
    node = ViewNode(f"{ID}n", "N", cls.value)
    (vis_node,) = _embedded(render_viewer([node], [], []))["nodes"]
    style = CLASS_STYLES[cls]
    assert vis_node["shape"] == style.shape
    assert vis_node["color"]["background"] == style.color
    assert vis_node["cls"] == cls.value


def test_viewer_class_styles_are_distinct() -> None:
    styles = [CLASS_STYLES[cls] for cls in ActorClass]
    assert len({s.color for s in styles}) == len(ActorClass)
    assert len({(s.shape, s.dashed) for s in styles}) == len(ActorClass)


@pytest.mark.parametrize("relation", list(Relation))
def test_viewer_styles_edges_by_relation(relation: Relation) -> None:
    nodes = [ViewNode(f"{ID}a", "A", "State"), ViewNode(f"{ID}b", "B", "State")]
    edge = ViewEdge(f"{ID}a", f"{ID}b", relation.value, 0.5)
    (vis_edge,) = _embedded(render_viewer(nodes, [edge], []))["edges"]
    info = RELATIONS[relation]
    assert vis_edge["label"] == relation.value
    assert vis_edge["arrows"]["to"]["enabled"] is not info.symmetric
    assert vis_edge["color"]["color"] == FAMILY_STYLES[info.family].color
    assert vis_edge["dashes"] is FAMILY_STYLES[info.family].dashed


@pytest.mark.parametrize(("low", "high"), [(0.1, 0.9), (0.0, 1.0)])
def test_viewer_edge_width_grows_with_confidence(low: float, high: float) -> None:
    nodes = [ViewNode(f"{ID}a", "A", "State"), ViewNode(f"{ID}b", "B", "State")]
    edges = [
        ViewEdge(f"{ID}a", f"{ID}b", "threatens", low),
        ViewEdge(f"{ID}b", f"{ID}a", "threatens", high),
    ]
    widths = {
        e["confidence"]: e["width"] for e in _embedded(render_viewer(nodes, edges, []))["edges"]
    }
    assert widths[low] < widths[high]


def test_viewer_node_size_grows_with_degree() -> None:
    data = _embedded(render_viewer(**_graph()))
    sizes = {n["id"]: n["size"] for n in data["nodes"]}
    assert sizes[f"{ID}usa"] > sizes[f"{ID}nato"]


def test_viewer_parallel_edges_curve_apart() -> None:
    data = _embedded(render_viewer(**_graph()))
    between = [e for e in data["edges"] if {e["from"], e["to"]} == {f"{ID}usa", f"{ID}iran"}]
    roundness = sorted(e["smooth"].get("roundness", 0.0) for e in between)
    assert len(between) == 3 and len(set(roundness)) == 3


@pytest.mark.parametrize(
    ("date", "span"),
    [
        ("2024", ["2024-01-01", "2024-12-31"]),
        ("2024-03", ["2024-03-01", "2024-03-31"]),
        ("2024-03-05", ["2024-03-05", "2024-03-05"]),
        ("2024-03-05T10:00:00Z", ["2024-03-05", "2024-03-05"]),
        ("yesterday", None),
        (None, None),
    ],
)
def test_viewer_reads_evidence_dates_as_spans(date: str | None, span: list[str] | None) -> None:
    nodes = [ViewNode(f"{ID}a", "A", "State"), ViewNode(f"{ID}b", "B", "State")]
    edge = ViewEdge(f"{ID}a", f"{ID}b", "threatens", 0.5, (_evidence("s", date=date),))
    data = _embedded(render_viewer(nodes, [edge], []))
    assert data["edges"][0]["evidence"][0]["span"] == span
    assert data["dates"] == ({"min": span[0], "max": span[1]} if span else None)


@pytest.mark.parametrize(("count", "improved"), [(3, True), (LARGE_GRAPH + 1, False)])
def test_viewer_layout_settles_once(count: int, improved: bool) -> None:
    nodes = [ViewNode(f"{ID}n{i}", f"N{i}", "State") for i in range(count)]
    options = _embedded(render_viewer(nodes, [], []))["options"]
    assert options["layout"]["improvedLayout"] is improved
    assert isinstance(options["layout"]["randomSeed"], int)
    assert 0 < options["physics"]["stabilization"]["iterations"] <= 1000


@pytest.mark.parametrize(
    ("count", "large"), [(3, False), (LARGE_GRAPH, False), (LARGE_GRAPH + 1, True)]
)
def test_viewer_large_graph_ships_a_final_layout(count: int, large: bool) -> None:
    nodes = [ViewNode(f"{ID}n{i}", f"N{i}", "State") for i in range(count)]
    data = _embedded(render_viewer(nodes, [], []))
    assert data["large"] is large
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    options = data["options"]
    assert options["physics"]["enabled"] is not large
    assert options["physics"]["stabilization"]["enabled"] is not large
    interaction = options["interaction"]
    assert (interaction["hover"], interaction["dragView"]) == (not large, not large)
    assert interaction["hideEdgesOnZoom"] is large


@pytest.mark.parametrize(
    ("nodes", "edges"),
    [
        ([ViewNode(f"{ID}a", "A", "State")], [ViewEdge(f"{ID}a", f"{ID}z", "threatens", 0.5)]),
        ([ViewNode(f"{ID}a", "A", "Country")], []),
        ([ViewNode(f"{ID}a", "A", "State")], [ViewEdge(f"{ID}a", f"{ID}a", "hugs", 0.5)]),
        ([ViewNode(f"{ID}a", "A", "State"), ViewNode(f"{ID}a", "B", "State")], []),
    ],
    ids=["unknown-actor", "unknown-class", "unknown-relation", "clashing-ids"],
)
def test_viewer_rejects_bad_input(nodes: list[ViewNode], edges: list[ViewEdge]) -> None:
    with pytest.raises(ValueError):
        render_viewer(nodes, edges, [])


@pytest.mark.parametrize(
    "token",
    ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "Function(",
     "fetch(", "XMLHttpRequest", "http://", "https://"],
)  # fmt: skip
def test_viewer_script_never_parses_html_or_fetches(token: str) -> None:
    for name in ("viewer.js", "timeline.js"):
        script = (resources.files("kg.render") / "templates" / name).read_text("utf-8")
        assert token not in script, name


def test_viewer_exposes_hooks_for_browser_tests() -> None:
    html = render_viewer(**_graph())
    for hook in ("window.kgReady = true", "window.kgNetwork", "window.kgData", "dataset.ready"):
        assert hook in html
    assert "physics: false" in html
