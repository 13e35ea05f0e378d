"""The Python layout the viewer ships: complete, deterministic, readable, and fast enough."""

from __future__ import annotations

import json
import math
import random
import re

import pytest

from kg.render.layout import SPACING, layout_positions
from kg.render.viewer import ViewEdge, ViewNode, render_viewer


def _random_graph(n: int, m: int, seed: int = 1) -> tuple[list[str], list[tuple[str, str]]]:
    rng = random.Random(seed)
    ids = [f"n{i}" for i in range(n)]
    return ids, [(rng.choice(ids), rng.choice(ids)) for _ in range(m)]


@pytest.mark.parametrize(("n", "m"), [(0, 0), (1, 0), (2, 1), (5, 0), (60, 90), (700, 1400)])
def test_layout_places_every_node_once(n: int, m: int) -> None:
    ids, links = _random_graph(n, m)
    pos = layout_positions(ids, links)
    assert sorted(pos) == sorted(ids)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in pos.values())


@pytest.mark.parametrize(("n", "m"), [(40, 60), (400, 800)])
def test_layout_is_deterministic(n: int, m: int) -> None:
    ids, links = _random_graph(n, m)
    assert layout_positions(ids, links) == layout_positions(ids, links)
    assert layout_positions(ids, links, seed=2) != layout_positions(ids, links)


@pytest.mark.parametrize(
    "links",
    [
        [("a", "b"), ("b", "a"), ("a", "b")],
        [("a", "b"), ("a", "a"), ("a", "zz")],
    ],
    ids=["repeated", "self-and-unknown"],
)
def test_layout_ignores_repeats_self_links_and_unknown_ids(links: list[tuple[str, str]]) -> None:
    assert layout_positions(["a", "b", "c"], links) == layout_positions(
        ["a", "b", "c"], [("a", "b")]
    )


@pytest.mark.parametrize("size", [3, 8, 30])
def test_layout_keeps_components_apart(size: int) -> None:
    # Two cliques of `size` actors, joined by nothing: their discs do not overlap.
    left = [f"l{i}" for i in range(size)]
    right = [f"r{i}" for i in range(size)]
    links = [(a, b) for group in (left, right) for a in group for b in group if a < b]
    pos = layout_positions(left + right, links)

    def disc(group: list[str]) -> tuple[tuple[float, float], float]:
        centre = (
            sum(pos[a][0] for a in group) / len(group),
            sum(pos[a][1] for a in group) / len(group),
        )
        return centre, max(math.dist(centre, pos[a]) for a in group)

    (c_left, r_left), (c_right, r_right) = disc(left), disc(right)
    assert math.dist(c_left, c_right) > r_left + r_right
    inside = sum(math.dist(pos[a], pos[b]) for a, b in links) / len(links)
    across = sum(math.dist(pos[a], pos[b]) for a in left for b in right) / size**2
    assert inside < across


@pytest.mark.parametrize("lone", [1, 10, 200])
def test_layout_rings_lone_actors_close_without_overlap(lone: int) -> None:
    core = [f"c{i}" for i in range(20)]
    links = [(core[i], core[(i + 1) % 20]) for i in range(20)]
    ids = core + [f"x{i}" for i in range(lone)]
    pos = layout_positions(ids, links)
    points = list(pos.values())
    closest = min(math.dist(p, q) for i, p in enumerate(points) for q in points[i + 1 :])
    assert closest > 0.3 * SPACING
    # Lone actors stay near the picture, not flung to its far edge.
    reach = max(math.hypot(*pos[c]) for c in core)
    assert max(math.hypot(*pos[f"x{i}"]) for i in range(lone)) < reach + 3 * SPACING * (
        1 + math.sqrt(lone)
    )


def test_layout_of_five_thousand_actors_places_every_one() -> None:
    """Its speed is measured by `make bench-viewer`, not here (a timed test fails on a busy
    machine and proves nothing on an idle one)."""
    ids, links = _random_graph(5000, 20000)
    positions = layout_positions(ids, links)
    assert set(positions) == set(ids)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in positions.values())
    assert len(set(positions.values())) > 0.99 * len(ids)


@pytest.mark.parametrize("count", [2, 40])
def test_layout_reaches_the_page(count: int) -> None:
    nodes = [ViewNode(f"https://w3id.org/kg/id/actor/n{i}", f"N{i}", "State") for i in range(count)]
    edges = [ViewEdge(nodes[0].id, nodes[1].id, "meetsWith", 0.5)]
    page = render_viewer(nodes, edges, [])
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page)
    assert match is not None
    data = json.loads(match.group(1))
    # The page lays out its nodes in id order.
    expected = layout_positions(sorted(n.id for n in nodes), [(nodes[0].id, nodes[1].id)])
    assert {n["id"]: (n["x"], n["y"]) for n in data["nodes"]} == expected
