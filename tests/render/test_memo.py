"""The viewer's memo between builds (issue 18): the page is the same bytes with a warm
memo, an empty one or none; unchanged components are not laid out again; the memo
holds plain data, only what the last page used."""

from __future__ import annotations

import pickle
import subprocess
import sys
from collections.abc import Iterable
from typing import Any

import pytest

from kg.graph.provenance import collect_edges
from kg.model import ActorRef, Assertion, Evidence, Extraction
from kg.render import layout
from kg.render.graph_view import render_graph_page
from kg.render.viewer import ViewEdge, ViewNode, render_viewer
from kg.resolve.link import link_actors
from kg.vocab import ActorClass, Relation
from tests.conftest import make_article

RELATIONS = (Relation.MEETS_WITH, Relation.THREATENS, Relation.COOPERATES_WITH)


def _article(number: int, pairs: Iterable[tuple[int, int]]) -> Extraction:
    """An article in which state `a` does something to state `b`, one sentence a pair."""
    sentences, assertions, actors = [], [], {}
    offset = 0
    for k, (a, b) in enumerate(pairs):
        sentence = f"State {a} and state {b} acted on day {number}."
        relation = RELATIONS[(a + b + k) % len(RELATIONS)]
        evidence = Evidence(sentence, offset, offset + len(sentence), "kg.test.v1", 0.8)
        assertions.append(Assertion(f"gaz:state {a}", relation, f"gaz:state {b}", evidence))
        for i in (a, b):
            label = f"State {i}"
            actors[i] = ActorRef(f"gaz:state {i}", ActorClass.STATE, label, (label,))
        sentences.append(sentence)
        offset += len(sentence) + 1
    article = make_article(
        " ".join(sentences), key=f"id:{number}", published=f"2024-01-{number % 28 + 1:02d}"
    )
    return Extraction(article, tuple(actors.values()), tuple(assertions))


def _corpus(articles: int, seed: int = 3) -> list[Extraction]:
    """A hub of 30 states (laid out by communities), chains of three and lone pairs."""
    corpus = []
    for number in range(articles):
        if number % 3 == 0:  # the hub: states 0-29 in a ring, with chords
            a = number % 30
            pairs = [(a, a + 1), (a + 1, a + 2), (a + 2, (a + 3) % 30), (a, (a + 7) % 30)]
        elif number % 3 == 1:  # chains 100-102, 103-105, ...
            base = 100 + 3 * (number // 3 % 6)
            pairs = [(base, base + 1), (base + 1, base + 2)]
        else:  # pairs of their own
            pairs = [(200 + 2 * number, 201 + 2 * number)]
        corpus.append(_article(number + seed * 1000, pairs))
    return corpus


def _page(extractions: list[Extraction], memo: dict[str, Any] | None) -> str:
    actors, key_map = link_actors(extractions)
    edges = collect_edges(extractions, key_map, {k: a.cls for k, a in actors.items()})
    return render_graph_page(actors, extractions, edges, memo=memo)


BASE = _corpus(60)
PLUS = [*BASE, _article(90_001, [(3, 101)]), _article(90_002, [(7, 300), (300, 301)])]
# The same hub, one link more: a component's size alone does not describe it.
CHORD = [*BASE, _article(90_003, [(0, 15)])]
# Without the articles of ring states 3-6 and of chain 103-105.
FEWER = [e for e in BASE if e.article.key not in {f"id:30{n:02d}" for n in (3, 33, 4, 22, 40, 58)}]


@pytest.mark.parametrize(
    ("before", "after"),
    [(BASE, PLUS), (PLUS, BASE), (BASE, FEWER), (FEWER, BASE), (BASE, CHORD), (CHORD, BASE)],
    ids=["added", "removed", "hub-and-chain-cut", "cut-restored", "chord", "chord-removed"],
)
def test_page_is_the_same_bytes_with_warm_memo_empty_memo_or_none(
    before: list[Extraction], after: list[Extraction]
) -> None:
    memo: dict[str, Any] = {}
    assert _page(before, memo) == _page(before, None)
    warm = _page(after, memo)
    assert warm == _page(after, None)
    assert warm == _page(after, {})
    assert warm != _page(before, None)


def test_memo_survives_pickling_and_holds_plain_data() -> None:
    memo: dict[str, Any] = {}
    _page(BASE, memo)
    restored = pickle.loads(pickle.dumps(memo))
    assert restored == memo
    assert _page(PLUS, restored) == _page(PLUS, None)

    def plain(value: Any) -> bool:
        if isinstance(value, dict):
            return all(isinstance(k, str) and plain(v) for k, v in value.items())
        if isinstance(value, tuple | list):
            return all(plain(v) for v in value)
        return type(value) in (str, int, float, bool)

    assert memo["layout"] and plain(memo)


def test_memo_holds_only_what_the_last_page_used() -> None:
    memo: dict[str, Any] = {}
    _page(PLUS, memo)
    plus_keys = set(memo["layout"])
    _page(BASE, memo)
    fresh: dict[str, Any] = {}
    _page(BASE, fresh)
    assert memo == fresh
    assert plus_keys - set(memo["layout"])  # the grown hub's layout is gone


def _count_layouts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    sizes: list[int] = []
    real = layout._lay_out_component

    def counting(n: int, links: Any, seed: int) -> layout.ComponentResult:
        sizes.append(n)
        return real(n, links, seed)

    monkeypatch.setattr(layout, "_lay_out_component", counting)
    return sizes


def test_warm_memo_lays_out_only_the_changed_components(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    memo: dict[str, Any] = {}
    _page(BASE, memo)
    sizes = _count_layouts(monkeypatch)
    _page(BASE, memo)
    # Components of one or two actors are placed without any work worth keeping.
    assert [n for n in sizes if n > 2] == []
    _page(PLUS, memo)
    # The hub took in chain 100-102 and states 300-301. Nothing else changed.
    assert [n for n in sizes if n > 2] == [30 + 3 + 2]


def test_a_damaged_memo_costs_only_time() -> None:
    memo: dict[str, Any] = {}
    _page(BASE, memo)
    for key in memo["layout"]:
        memo["layout"][key] = ("not", "a layout")
    memo["stray"] = object()
    assert _page(BASE, memo) == _page(BASE, None)
    assert "stray" not in memo
    assert _page(BASE, {"layout": [1, 2]}) == _page(BASE, None)


def test_render_viewer_takes_the_memo_too() -> None:
    nodes = [ViewNode(f"https://w3id.org/kg/id/actor/n{i}", f"N{i}", "State") for i in range(6)]
    ring = [ViewEdge(nodes[i].id, nodes[(i + 1) % 3].id, "meetsWith", 0.5) for i in range(3)]
    memo: dict[str, Any] = {}
    render_viewer(nodes, ring, [], memo=memo)
    more = [*ring, ViewEdge(nodes[3].id, nodes[4].id, "meetsWith", 0.5)]
    assert render_viewer(nodes, more, [], memo=memo) == render_viewer(nodes, more, [])


def test_a_component_is_laid_out_alike_whatever_else_the_graph_holds() -> None:
    triangle = [("a", "b"), ("b", "c"), ("c", "a")]
    alone = layout.layout_positions(["a", "b", "c"], triangle)
    ids = ["a", "b", "c", *(f"x{i}" for i in range(40))]
    chain = [(f"x{i}", f"x{i + 1}") for i in range(39)]
    among = layout.layout_positions(ids, [*triangle, *chain])

    def shape(pos: Any) -> list[tuple[float, float]]:
        return [(pos[n][0] - pos["a"][0], pos[n][1] - pos["a"][1]) for n in "bc"]

    for (x, y), (u, v) in zip(shape(alone), shape(among), strict=True):
        assert abs(x - u) < 0.25 and abs(y - v) < 0.25  # rounded to 0.1 px each


@pytest.mark.parametrize(
    ("n", "links", "expected"),
    [
        (0, [], []),
        (3, [], [0, 1, 2]),
        (4, [(0, 1), (2, 3)], [0, 0, 1, 1]),
        # two cliques of four with one bridge: two communities, the first node's first
        (
            8,
            [(a, b) for g in (0, 4) for a in range(g, g + 4) for b in range(a + 1, g + 4)]
            + [(3, 4)],
            [0, 0, 0, 0, 1, 1, 1, 1],
        ),
    ],
    ids=["empty", "no-links", "two-pairs", "two-cliques"],
)
def test_louvain_finds_the_obvious_communities(
    n: int, links: list[tuple[int, int]], expected: list[int]
) -> None:
    assert layout.louvain(n, links) == expected


def test_drawing_nothing_imports_no_heavy_renderer_dependency() -> None:
    """A build that draws no page (or a process that only imports the renderer) does
    not pay for what drawing needs."""
    code = (
        "import sys, kg.render.graph_view; "
        "print(sorted({'pyvis', 'jinja2', 'networkx', 'numpy', 'rdflib'} & set(sys.modules)))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "[]"
