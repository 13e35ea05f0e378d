"""Lay the graph out in Python, once, so the page opens on a finished picture.

vis-network can lay a graph out in the browser, but its physics costs about 0.1 s an
iteration for 5,000 actors on a modest machine, and a readable layout needs hundreds of
iterations. So the viewer ships positions computed here, and the browser at most
polishes a small graph (see `kg.render.viewer`).

How:

- Each connected component is laid out on its own with Fruchterman-Reingold (links
  pull, every pair pushes, a cooling temperature caps each step). Repulsion comes from
  a random sample of the component's nodes, scaled up to the whole (random vertex
  sampling, Gove 2019), so an iteration costs O(n·s), not O(n²); a component no larger
  than the sample is exact.
- A component of `COMMUNITY_MIN` nodes or more is split into communities (Louvain,
  networkx, fixed seed): each community starts on a disc of its own and links between
  communities pull at `CROSS_PULL` of full strength, so groups settle apart instead of
  into one hairball.
- The components are then packed largest first on a sunflower spiral around the
  largest one, so lone actors and small groups ring the main picture instead of
  drifting to its far edge.

Deterministic: the same graph and seed give the same positions (numpy's PCG64 and a
fixed order of work), rounded to a tenth of a pixel.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import networkx as nx
import numpy as np
import numpy.typing as npt

__all__ = ["SPACING", "community_labels", "layout_positions"]

SPACING = 110.0
"""Pixels between two linked actors at rest: the layout's unit length."""

SAMPLE = 200
"""How many nodes an iteration draws repulsion from; smaller components are exact."""

COMMUNITY_MIN = 24
"""Components at least this large are laid out community by community."""

CROSS_PULL = 0.15
"""How hard a link between two communities pulls, against 1 for a link inside one."""

_Array = npt.NDArray[np.float64]
_GOLDEN_ANGLE = math.pi * (3.0 - math.sqrt(5.0))


def layout_positions(
    node_ids: Sequence[str],
    links: Sequence[tuple[str, str]],
    *,
    seed: int = 7,
) -> Mapping[str, tuple[float, float]]:
    """Place each node in the plane; return `id -> (x, y)` in pixels around (0, 0).

    Links name node ids and have no direction. A link to an unknown id or to itself is
    ignored, and a repeated link counts once.

    >>> pos = layout_positions(["a", "b", "c"], [("a", "b")])
    >>> sorted(pos) == ["a", "b", "c"] and pos == layout_positions(["a", "b", "c"], [("a", "b")])
    True
    >>> math.dist(pos["a"], pos["b"]) < math.dist(pos["a"], pos["c"])
    True
    """
    index = {node_id: i for i, node_id in enumerate(node_ids)}
    pairs = sorted(
        {
            (min(index[a], index[b]), max(index[a], index[b]))
            for a, b in links
            if a in index and b in index and a != b
        }
    )
    components = _components(len(node_ids), pairs)
    # Where each node sits: its component and its index within it.
    place = {node: (c, k) for c, members in enumerate(components) for k, node in enumerate(members)}
    links_of: list[list[tuple[int, int]]] = [[] for _ in components]
    for a, b in pairs:
        links_of[place[a][0]].append((place[a][1], place[b][1]))
    rng = np.random.default_rng(seed)
    pieces = []
    for members, local_links in zip(components, links_of, strict=True):
        ends = np.array(local_links, dtype=np.intp).reshape(-1, 2)
        pieces.append((members, _lay_out_component(len(members), ends[:, 0], ends[:, 1], rng)))
    pos = _pack(len(node_ids), pieces) * SPACING
    return {
        node_id: (round(float(x), 1) + 0.0, round(float(y), 1) + 0.0)
        for node_id, (x, y) in zip(node_ids, pos.tolist(), strict=True)
    }


def _components(n: int, pairs: Sequence[tuple[int, int]]) -> list[list[int]]:
    """Connected components as sorted node indices, largest first, ties by first node."""
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(i)
    return sorted(groups.values(), key=lambda g: (-len(g), g[0]))


def _lay_out_component(
    n: int, src: npt.NDArray[np.intp], dst: npt.NDArray[np.intp], rng: np.random.Generator
) -> _Array:
    """Positions of one component in unit lengths, centred on (0, 0)."""
    if n == 1:
        return np.zeros((1, 2))
    if n == 2:
        return np.array([[-0.5, 0.0], [0.5, 0.0]])
    iterations = 300 if n <= 500 else 200 if n <= 2000 else 120
    community = _communities(n, src, dst) if n >= COMMUNITY_MIN else np.zeros(n, dtype=np.intp)
    weight = np.where(community[src] == community[dst], 1.0, CROSS_PULL)
    start = _community_start(community, rng)
    return _fruchterman_reingold(n, src, dst, rng, iterations, start, weight)


def _communities(
    n: int, src: npt.NDArray[np.intp], dst: npt.NDArray[np.intp]
) -> npt.NDArray[np.intp]:
    """Each node's community (Louvain, fixed seed), numbered largest first."""
    graph: nx.Graph[int] = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(zip(src.tolist(), dst.tolist(), strict=True))
    found = nx.community.louvain_communities(graph, seed=7)
    ordered = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    label = np.zeros(n, dtype=np.intp)
    for k, members in enumerate(ordered):
        label[members] = k
    return label


def community_labels(node_ids: Sequence[str], links: Sequence[tuple[str, str]]) -> dict[str, int]:
    """Each node's community over the whole graph (Louvain, fixed seed), largest first;
    a node without links is its own community.

    >>> community_labels(["a", "b", "c"], [("a", "b")])
    {'a': 0, 'b': 0, 'c': 1}
    """
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(node_ids)
    graph.add_edges_from((a, b) for a, b in links if a in graph and b in graph and a != b)
    found = nx.community.louvain_communities(graph, seed=7)
    ordered = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    return {node: k for k, members in enumerate(ordered) for node in members}


def _community_start(community: npt.NDArray[np.intp], rng: np.random.Generator) -> _Array:
    """Random starting positions, each community on its own disc of the sunflower."""
    n = len(community)
    pos = np.zeros((n, 2))
    filled = 0.0
    for k in range(int(community.max()) + 1):
        members = np.flatnonzero(community == k)
        reach = math.sqrt(len(members))
        r = 0.0 if k == 0 else math.sqrt(filled / math.pi) + reach
        filled += math.pi * reach**2 * (1.0 if k == 0 else 1.3)
        angle = rng.uniform(0.0, 2.0 * math.pi, len(members))
        dist = reach * np.sqrt(rng.uniform(0.0, 1.0, len(members)))
        centre = (r * math.cos(k * _GOLDEN_ANGLE), r * math.sin(k * _GOLDEN_ANGLE))
        pos[members, 0] = centre[0] + dist * np.cos(angle)
        pos[members, 1] = centre[1] + dist * np.sin(angle)
    return pos


def _fruchterman_reingold(
    n: int,
    src: npt.NDArray[np.intp],
    dst: npt.NDArray[np.intp],
    rng: np.random.Generator,
    iterations: int,
    start: _Array,
    weight: _Array,
) -> _Array:
    """Run the force model in unit lengths: linked nodes settle about 1 apart; a link
    pulls in proportion to its `weight`."""
    radius = math.sqrt(n)
    pos: _Array = start.copy()
    sample = min(n, SAMPLE)
    scale = (n - 1) / (sample - 1) if sample < n else 1.0
    temperature = radius / 4.0
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        others = pos if sample == n else pos[rng.choice(n, sample, replace=False)]
        delta = pos[:, None, :] - others[None, :, :]
        d2 = np.einsum("ijk,ijk->ij", delta, delta)
        # A node never pushes itself (distance 0); coincident nodes get nudged below.
        inverse = np.divide(1.0, d2, out=np.zeros_like(d2), where=d2 > 1e-12)
        disp = np.einsum("ijk,ij->ik", delta, inverse) * scale
        edge = pos[src] - pos[dst]
        pull = edge * (np.sqrt(np.einsum("ij,ij->i", edge, edge)) * weight)[:, None]
        for axis in (0, 1):
            disp[:, axis] -= np.bincount(src, pull[:, axis], n) - np.bincount(dst, pull[:, axis], n)
        length = np.sqrt(np.einsum("ij,ij->i", disp, disp))
        still = length < 1e-12
        if still.any():
            disp[still] = rng.uniform(-1e-3, 1e-3, (int(still.sum()), 2))
            length[still] = np.sqrt(np.einsum("ij,ij->i", disp[still], disp[still]))
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    centred: _Array = pos - pos.mean(axis=0)
    return centred


def _pack(n: int, pieces: Sequence[tuple[Sequence[int], _Array]]) -> _Array:
    """Put the largest component at the centre and the others on a spiral around it.

    Each further component sits just outside the area filled so far, which then grows
    by its own disc, at the golden angle from the one before: the rings fill evenly.
    """
    pos = np.zeros((n, 2))
    filled = 0.0  # area of the disc covered so far, in unit lengths squared
    for k, (members, local) in enumerate(pieces):
        reach = float(np.sqrt(np.einsum("ij,ij->i", local, local)).max()) + 0.75
        if k == 0:
            centre = (0.0, 0.0)
            filled = math.pi * reach**2
        else:
            r = math.sqrt(filled / math.pi) + reach
            filled += math.pi * reach**2 * 1.3
            centre = (r * math.cos(k * _GOLDEN_ANGLE), r * math.sin(k * _GOLDEN_ANGLE))
        pos[list(members)] = local + np.array(centre)
    return pos
