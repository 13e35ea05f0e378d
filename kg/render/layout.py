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
- Each component of three nodes or more is split into communities (Louvain, fixed
  seed). In a component of `COMMUNITY_MIN` nodes or more each community starts on a
  disc of its own and links between communities pull at `CROSS_PULL` of full strength,
  so groups settle apart instead of into one hairball.
- The components are then packed largest first on a sunflower spiral around the
  largest one, so lone actors and small groups ring the main picture instead of
  drifting to its far edge.

A component's shape and communities depend on nothing but the component itself: its
size and its links between its nodes in id order (each component draws from a random
generator of its own, seeded alike). So a build that adds an article lays out again
only the components it changed: `lay_out` takes a memo of earlier components, keyed
by a hash of exactly what the work reads, and packing, which places every component by
the ones before it, is redone whole (it is cheap). The result is the same with or
without the memo.

Deterministic: the same graph and seed give the same positions (numpy's PCG64 and a
fixed order of work), rounded to a tenth of a pixel.
"""

from __future__ import annotations

import hashlib
import math
import platform
from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["SPACING", "Layout", "community_labels", "lay_out", "layout_positions", "louvain"]

SPACING = 110.0
"""Pixels between two linked actors at rest: the layout's unit length."""

SAMPLE = 200
"""How many nodes an iteration draws repulsion from; smaller components are exact."""

COMMUNITY_MIN = 24
"""Components at least this large are laid out community by community."""

CROSS_PULL = 0.15
"""How hard a link between two communities pulls, against 1 for a link inside one."""

_VERSION = "components-2"
"""Part of every memo key: change it when a component's layout or communities change,
so that no memo kept from an older build is read as this code's result."""

_Array = npt.NDArray[np.float64]
_Indices = npt.NDArray[np.intp]
_GOLDEN_ANGLE = math.pi * (3.0 - math.sqrt(5.0))

ComponentResult = tuple[tuple[float, ...], tuple[int, ...]]
"""One component's work as the memo keeps it: its positions in unit lengths, centred,
flattened (x0, y0, x1, y1, ...), and each node's community within the component."""


@dataclass(frozen=True, slots=True)
class Layout:
    """Where each node sits (`id -> (x, y)` in pixels around (0, 0)) and its community
    over the whole graph (numbered largest first, ties by the first node in it)."""

    positions: Mapping[str, tuple[float, float]]
    communities: Mapping[str, int]


def lay_out(
    node_ids: Sequence[str],
    links: Sequence[tuple[str, str]],
    *,
    seed: int = 7,
    memo: MutableMapping[str, Any] | None = None,
) -> Layout:
    """Place each node in the plane and find its community.

    Links name node ids and have no direction. A link to an unknown id or to itself is
    ignored, and a repeated link counts once. `memo`, kept by the caller between calls,
    holds each component's work by a key of its content; entries this call did not use
    are dropped from it, so it holds one graph's components at a time.

    >>> memo = {}
    >>> first = lay_out(["a", "b", "c", "d"], [("a", "b"), ("b", "c")], memo=memo)
    >>> len(memo), first.communities
    (1, {'a': 0, 'b': 0, 'c': 0, 'd': 1})
    >>> first == lay_out(["a", "b", "c", "d"], [("a", "b"), ("b", "c")], memo=memo)
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
    used: dict[str, ComponentResult] = {}
    work = [
        _component_work(len(members), local_links, seed, memo, used)
        for members, local_links in zip(components, links_of, strict=True)
    ]
    if memo is not None:
        memo.clear()
        memo.update(used)
    pos = _pack(len(node_ids), components, [xy for xy, _ in work]) * SPACING
    communities = _number_communities(components, [labels for _, labels in work])
    return Layout(
        positions={
            node_id: (round(float(x), 1) + 0.0, round(float(y), 1) + 0.0)
            for node_id, (x, y) in zip(node_ids, pos.tolist(), strict=True)
        },
        communities=dict(zip(node_ids, communities, strict=True)),
    )


def layout_positions(
    node_ids: Sequence[str],
    links: Sequence[tuple[str, str]],
    *,
    seed: int = 7,
) -> Mapping[str, tuple[float, float]]:
    """Place each node in the plane; return `id -> (x, y)` in pixels around (0, 0)
    (`lay_out`'s positions).

    >>> pos = layout_positions(["a", "b", "c"], [("a", "b")])
    >>> sorted(pos) == ["a", "b", "c"] and pos == layout_positions(["a", "b", "c"], [("a", "b")])
    True
    >>> math.dist(pos["a"], pos["b"]) < math.dist(pos["a"], pos["c"])
    True
    """
    return lay_out(node_ids, links, seed=seed).positions


def community_labels(node_ids: Sequence[str], links: Sequence[tuple[str, str]]) -> dict[str, int]:
    """Each node's community over the whole graph (`lay_out`'s communities): Louvain
    within each component, numbered largest first; a node without links is its own
    community.

    >>> community_labels(["a", "b", "c"], [("a", "b")])
    {'a': 0, 'b': 0, 'c': 1}
    """
    return dict(lay_out(node_ids, links).communities)


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


def _component_work(
    n: int,
    local_links: Sequence[tuple[int, int]],
    seed: int,
    memo: Mapping[str, Any] | None,
    used: dict[str, ComponentResult],
) -> ComponentResult:
    """One component's positions and communities, from the memo when it has them."""
    if n <= 2:  # nothing to compute, nothing worth keeping
        return _lay_out_component(n, local_links, seed)
    key = _component_key(n, local_links, seed)
    found = used.get(key)
    if found is None and memo is not None:
        found = memo.get(key)
        if not _fits(found, n):  # a damaged or foreign memo costs a recomputation only
            found = None
    if found is None:
        found = _lay_out_component(n, local_links, seed)
    used[key] = found
    return found


def _fits(found: Any, n: int) -> bool:
    return (
        isinstance(found, tuple)
        and len(found) == 2
        and isinstance(found[0], tuple)
        and isinstance(found[1], tuple)
        and len(found[0]) == 2 * n
        and len(found[1]) == n
    )


def _component_key(n: int, local_links: Sequence[tuple[int, int]], seed: int) -> str:
    """Everything a component's work reads: its size, its links, the seed and settings,
    and numpy's version and the machine (a sum in float32 may round otherwise there).

    >>> _component_key(3, [(0, 1), (1, 2)], 7) == _component_key(3, [(0, 1), (0, 2)], 7)
    False
    """
    settings = (
        f"{_VERSION}|{np.__version__}|{platform.machine()}|"
        f"{seed}|{SAMPLE}|{COMMUNITY_MIN}|{CROSS_PULL}|{n}|"
    )
    digest = hashlib.blake2b(settings.encode("ascii"), digest_size=20)
    digest.update(np.array(local_links, dtype="<i8").tobytes())
    return digest.hexdigest()


def _lay_out_component(
    n: int, local_links: Sequence[tuple[int, int]], seed: int
) -> ComponentResult:
    """Positions of one component in unit lengths, centred on (0, 0), and communities."""
    if n == 1:
        return (0.0, 0.0), (0,)
    if n == 2:
        return (-0.5, 0.0, 0.5, 0.0), (0, 0)
    rng = np.random.default_rng(seed)
    ends = np.array(local_links, dtype=np.intp).reshape(-1, 2)
    src, dst = ends[:, 0], ends[:, 1]
    community = louvain(n, local_links, seed)
    iterations = 300 if n <= 500 else 200 if n <= 2000 else 120
    # Small components are drawn as one group: a few nodes need no separating.
    drawn = np.array(community if n >= COMMUNITY_MIN else [0] * n, dtype=np.intp)
    weight = np.where(drawn[src] == drawn[dst], 1.0, CROSS_PULL)
    start = _community_start(drawn, rng)
    pos = _fruchterman_reingold(n, src, dst, rng, iterations, start, weight)
    return tuple(pos.ravel().tolist()), tuple(community)


def louvain(n: int, links: Sequence[tuple[int, int]], seed: int = 7) -> list[int]:
    """Each node's community by Louvain modularity (Blondel et al. 2008), numbered
    largest first, ties by smallest node; nodes visited in a seeded random order.

    Small and pure Python: the components it runs on are hundreds of nodes, and a
    general graph library costs more to import than this costs to run.

    >>> louvain(6, [(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 3)])
    [0, 0, 0, 1, 1, 1]
    """
    rng = np.random.default_rng(seed)
    adjacency: list[dict[int, float]] = [{} for _ in range(n)]
    for a, b in links:
        if a != b:
            adjacency[a][b] = adjacency[a].get(b, 0.0) + 1.0
            adjacency[b][a] = adjacency[b].get(a, 0.0) + 1.0
    membership = list(range(n))
    while True:
        level = _one_level(adjacency, rng)
        if level is None:
            break
        membership = [level[c] for c in membership]
        adjacency = _aggregate(adjacency, level)
    return _numbered(membership)


def _one_level(
    adjacency: Sequence[Mapping[int, float]], rng: np.random.Generator
) -> list[int] | None:
    """Move nodes between communities while modularity rises; None if none moved.
    A node's self-loop weight is the links inside it (an aggregated community)."""
    n = len(adjacency)
    degree = [sum(w.values()) + w.get(u, 0.0) for u, w in enumerate(adjacency)]
    twice_m = sum(degree)
    if twice_m == 0:
        return None
    community = list(range(n))
    total = list(degree)  # each community's degree sum
    order = rng.permutation(n).tolist()
    changed = False
    moved = True
    while moved:
        moved = False
        for u in order:
            to_community: dict[int, float] = {}
            for v, w in adjacency[u].items():
                if v != u:
                    to_community[community[v]] = to_community.get(community[v], 0.0) + w
            home = community[u]
            total[home] -= degree[u]
            # Gain of joining c, up to a constant: links into c against its expected share.
            best, best_gain = home, to_community.get(home, 0.0) - degree[u] * total[home] / twice_m
            for c, w in to_community.items():
                gain = w - degree[u] * total[c] / twice_m
                if gain > best_gain + 1e-12:
                    best, best_gain = c, gain
            total[best] += degree[u]
            if best != home:
                community[u] = best
                moved = changed = True
    if not changed:
        return None
    renumber: dict[int, int] = {}
    return [renumber.setdefault(c, len(renumber)) for c in community]


def _aggregate(
    adjacency: Sequence[Mapping[int, float]], level: Sequence[int]
) -> list[dict[int, float]]:
    """One node per community; links between communities summed, links inside one
    kept as its self-loop."""
    merged: list[dict[int, float]] = [{} for _ in range(max(level) + 1)]
    for u, neighbours in enumerate(adjacency):
        cu = level[u]
        for v, w in neighbours.items():
            if v > u:
                cv = level[v]
                merged[cu][cv] = merged[cu].get(cv, 0.0) + w
                if cv != cu:
                    merged[cv][cu] = merged[cv].get(cu, 0.0) + w
            elif v == u:
                merged[cu][cu] = merged[cu].get(cu, 0.0) + w
    return merged


def _numbered(membership: Sequence[int]) -> list[int]:
    """Renumber communities largest first, ties by smallest node."""
    members: dict[int, list[int]] = {}
    for node, c in enumerate(membership):
        members.setdefault(c, []).append(node)
    ordered = sorted(members.values(), key=lambda m: (-len(m), m[0]))
    label = [0] * len(membership)
    for k, group in enumerate(ordered):
        for node in group:
            label[node] = k
    return label


def _community_start(community: _Indices, rng: np.random.Generator) -> _Array:
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
    src: _Indices,
    dst: _Indices,
    rng: np.random.Generator,
    iterations: int,
    start: _Array,
    weight: _Array,
) -> _Array:
    """Run the force model in unit lengths: linked nodes settle about 1 apart; a link
    pulls in proportion to its `weight`.

    x and y are kept as two arrays, and the n x sample work of repulsion is done in
    reused float32 buffers: numpy is several times slower on an (n, sample, 2) array of
    pairs, and single precision halves the memory it walks, far below a tenth of a
    pixel."""
    radius = math.sqrt(n)
    x, y = start[:, 0].copy(), start[:, 1].copy()
    sample = min(n, SAMPLE)
    scale = (n - 1) / (sample - 1) if sample < n else 1.0
    temperature = radius / 4.0
    cooling = temperature / (iterations + 1)
    dx, dy, inverse, work = (np.empty((n, sample), dtype=np.float32) for _ in range(4))
    for _ in range(iterations):
        x32, y32 = x.astype(np.float32), y.astype(np.float32)
        if sample == n:
            others_x, others_y = x32, y32
        else:
            pick = rng.choice(n, sample, replace=False)
            others_x, others_y = x32[pick], y32[pick]
        np.subtract.outer(x32, others_x, out=dx)
        np.subtract.outer(y32, others_y, out=dy)
        np.multiply(dx, dx, out=inverse)
        np.multiply(dy, dy, out=work)
        inverse += work
        # A node never pushes itself (distance 0); coincident nodes get nudged below.
        inverse[inverse <= 1e-12] = np.inf
        np.reciprocal(inverse, out=inverse)
        push_x = np.einsum("ij,ij->i", dx, inverse).astype(np.float64) * scale
        push_y = np.einsum("ij,ij->i", dy, inverse).astype(np.float64) * scale
        edge_x, edge_y = x[src] - x[dst], y[src] - y[dst]
        pull = np.sqrt(edge_x * edge_x + edge_y * edge_y) * weight
        pull_x, pull_y = edge_x * pull, edge_y * pull
        push_x -= np.bincount(src, pull_x, n) - np.bincount(dst, pull_x, n)
        push_y -= np.bincount(src, pull_y, n) - np.bincount(dst, pull_y, n)
        length = np.sqrt(push_x * push_x + push_y * push_y)
        still = length < 1e-12
        if still.any():
            nudge = rng.uniform(-1e-3, 1e-3, (int(still.sum()), 2))
            push_x[still], push_y[still] = nudge[:, 0], nudge[:, 1]
            length[still] = np.sqrt(nudge[:, 0] ** 2 + nudge[:, 1] ** 2)
        step = np.minimum(length, temperature) / length
        x += push_x * step
        y += push_y * step
        temperature -= cooling
    return np.stack([x - x.mean(), y - y.mean()], axis=1)


def _pack(n: int, components: Sequence[Sequence[int]], shapes: Sequence[Sequence[float]]) -> _Array:
    """Put the largest component at the centre and the others on a spiral around it.

    Each further component sits just outside the area filled so far, which then grows
    by its own disc, at the golden angle from the one before: the rings fill evenly.
    `shapes` are the components' flattened positions (x0, y0, x1, y1, ...).
    """
    if n == 0:
        return np.zeros((0, 2))
    local = np.array([v for shape in shapes for v in shape]).reshape(-1, 2)
    sizes = [len(members) for members in components]
    starts = np.cumsum([0, *sizes[:-1]])
    reaches = np.sqrt(np.maximum.reduceat(np.einsum("ij,ij->i", local, local), starts)) + 0.75
    centres = np.zeros((len(sizes), 2))
    filled = math.pi * float(reaches[0]) ** 2  # area covered so far, in unit lengths squared
    for k, reach in enumerate(reaches.tolist()[1:], start=1):
        r = math.sqrt(filled / math.pi) + reach
        filled += math.pi * reach**2 * 1.3
        centres[k] = (r * math.cos(k * _GOLDEN_ANGLE), r * math.sin(k * _GOLDEN_ANGLE))
    pos = np.zeros((n, 2))
    pos[[node for members in components for node in members]] = local + np.repeat(
        centres, sizes, axis=0
    )
    return pos


def _number_communities(
    components: Sequence[Sequence[int]], labels: Sequence[Sequence[int]]
) -> list[int]:
    """Each node's community over the whole graph, from its community within its
    component: largest first, ties by the first node in it."""
    size: dict[tuple[int, int], int] = {}
    first: dict[tuple[int, int], int] = {}
    for c, (members, local) in enumerate(zip(components, labels, strict=True)):
        for node, k in zip(members, local, strict=True):
            size[c, k] = size.get((c, k), 0) + 1
            first.setdefault((c, k), node)
    ranked = sorted(size, key=lambda group: (-size[group], first[group]))
    number = {group: rank for rank, group in enumerate(ranked)}
    community = [0] * sum(len(members) for members in components)
    for c, (members, local) in enumerate(zip(components, labels, strict=True)):
        for node, k in zip(members, local, strict=True):
            community[node] = number[c, k]
    return community
