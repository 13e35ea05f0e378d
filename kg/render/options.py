"""vis-network's options for the viewer page, whose nodes arrive with their positions."""

from __future__ import annotations

from typing import Any

__all__ = ["FONT_STACK", "LARGE_GRAPH", "vis_options"]

LARGE_GRAPH = 300
"""Above this many nodes the page runs no physics at all: the Python layout is final.

vis-network's physics costs tens of µs a node an iteration in the browser, so polishing
the layout (spreading labels apart) is only worth it for small graphs. A large graph
also redraws as little as it can: no hover highlight, no edges while zooming or dragging
an actor, and panning slides the picture already drawn (see `templates/viewer.js`)."""

FONT_STACK = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, '
    '"Noto Sans", "Liberation Sans", sans-serif'
)


def vis_options(node_count: int) -> dict[str, Any]:
    """vis-network options for a page whose nodes already carry their layout positions.

    A small graph stabilises once in the browser from those positions (labels spread
    apart), then the page stops physics. A large one runs no physics at all and draws
    straight away; it redraws as little as it can, since each redraw of thousands of
    edges takes a noticeable moment.
    """
    large = node_count > LARGE_GRAPH
    font = {"face": FONT_STACK, "strokeWidth": 3, "strokeColor": "#ffffff"}
    return {
        "autoResize": True,
        "configure": {"enabled": False},
        "manipulation": {"enabled": False},
        # Every node has x and y, so vis-network does no layout of its own.
        "layout": {"randomSeed": 7, "improvedLayout": not large},
        "physics": {
            "enabled": not large,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -70,
                "centralGravity": 0.01,
                "springLength": 110,
                "springConstant": 0.06,
                "damping": 0.5,
                "avoidOverlap": 0.3,
            },
            "stabilization": {
                "enabled": not large,
                # From the Python layout a short polish is enough.
                "iterations": 200,
                "updateInterval": 25,
                "fit": True,
            },
        },
        "interaction": {
            # On a large graph a hover highlight would cost a full redraw per actor the
            # pointer crosses; tooltips still show. The page pans a large graph itself
            # (a CSS transform while dragging, one redraw on release), so no dragView.
            "hover": not large,
            "dragView": not large,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "navigationButtons": False,
            "keyboard": False,
            "multiselect": False,
        },
        "nodes": {
            "borderWidthSelected": 4,
            "font": {**font, "size": 14, "color": "#1a1a1a"},
            # A label smaller than 8 px on screen is not drawn, one larger than 18 px is
            # drawn at 18: the page's label tiers (viewer.js) rely on both.
            "scaling": {"label": {"drawThreshold": 9, "maxVisible": 18}},
        },
        "edges": {
            "font": {**font, "size": 10, "align": "middle", "color": "#333333"},
            "selectionWidth": 2,
            "hoverWidth": 1,
        },
    }
