"""How entity types and relations look: a shape and a colour per type (so either cue alone tells the type),
the legend's SVG swatches, and vis-network's drawing options.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from kg.pages import FONT_STACK
from kg.viz.layout import LAYOUT_SEED

# One distinct shape per type and a distinct colour, so a type is recognisable by either cue alone (colour-blind
# readers and greyscale prints keep the shape). vis-network has seven compact shapes with the label below; the other
# four (a rounded box, an ellipse, a ring and a shield) are drawn as SVG images (data: URIs) of the same size.
TYPE_STYLES: dict[str, tuple[str, str]] = {
    "Park": ("star", "#e15759"),
    "Company": ("dot", "#4e79a7"),
    "University": ("triangle", "#b07aa1"),
    "ResearchInstitute": ("triangleDown", "#76b7b2"),
    "GovernmentBody": ("square", "#9c755f"),
    "Region": ("box", "#8cd17d"),
    "Policy": ("diamond", "#edc948"),
    "Industry": ("ellipse", "#f28e2b"),
    "Project": ("hexagon", "#ff9da7"),
    "Person": ("circle", "#bab0ac"),
    "Designation": ("shield", "#c2185b"),
}


# vis-network's own shapes that put the label below and take `size`; the other styles (box, ellipse, circle, shield)
# are drawn as small SVG images, so that every node can be sized by degree or by a figure and labels never sit inside.
VIS_SHAPES = frozenset({"dot", "star", "triangle", "triangleDown", "square", "diamond", "hexagon"})


def _shade(colour: str, factor: float) -> str:
    """A darker (factor < 1) or lighter (factor > 1) version of a #rrggbb colour, for borders and highlights."""
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    if factor < 1:
        channels = [round(c * factor) for c in channels]
    else:
        channels = [round(c + (255 - c) * (factor - 1)) for c in channels]
    return "#" + "".join(f"{c:02x}" for c in channels)


def _node_colour(colour: str) -> dict[str, Any]:
    border = _shade(colour, 0.7)
    light = _shade(colour, 1.35)
    return {
        "background": colour,
        "border": border,
        # Selected: the type's own colour with a dark ring, so a focused node never looks faded.
        "highlight": {"background": colour, "border": "#1f2933"},
        "hover": {"background": light, "border": border},
    }


def _polygon(points: Iterable[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def _regular(sides: int, radius: float, start_degrees: float) -> list[tuple[float, float]]:
    return [
        (
            10 + radius * math.cos(math.radians(start_degrees + 360 * i / sides)),
            10 + radius * math.sin(math.radians(start_degrees + 360 * i / sides)),
        )
        for i in range(sides)
    ]


def _star() -> list[tuple[float, float]]:
    return [
        (
            10 + (8.5 if i % 2 == 0 else 3.6) * math.cos(math.radians(-90 + 36 * i)),
            10 + (8.5 if i % 2 == 0 else 3.6) * math.sin(math.radians(-90 + 36 * i)),
        )
        for i in range(10)
    ]


def legend_svg(shape: str, colour: str) -> Markup:
    """A 20x20 icon of a vis-network shape, so the legend shows what the canvas draws."""
    border = _shade(colour, 0.7)
    paint = f'fill="{colour}" stroke="{border}" stroke-width="1.2"'
    bodies = {
        "dot": f'<circle cx="10" cy="10" r="6" {paint}/>',
        "star": f'<polygon points="{_polygon(_star())}" {paint}/>',
        "triangle": f'<polygon points="10,2 18.5,17 1.5,17" {paint}/>',
        "triangleDown": f'<polygon points="1.5,3 18.5,3 10,18" {paint}/>',
        "square": f'<rect x="3" y="3" width="14" height="14" {paint}/>',
        "diamond": f'<polygon points="10,1.5 18.5,10 10,18.5 1.5,10" {paint}/>',
        "hexagon": f'<polygon points="{_polygon(_regular(6, 8.5, 0))}" {paint}/>',
        "box": f'<rect x="1" y="4.5" width="18" height="11" rx="2.5" {paint}/>',
        "ellipse": f'<ellipse cx="10" cy="10" rx="9" ry="5.5" {paint}/>',
        "circle": f'<circle cx="10" cy="10" r="8.5" fill="{colour}" stroke="{border}" stroke-width="2.4"/>',
        "shield": f'<path d="M10,1.2 L18,4 V9.5 C18,14.5 14.5,17.6 10,18.8 C5.5,17.6 2,14.5 2,9.5 V4 Z" {paint}/>',
    }
    return Markup(
        f'<svg class="kg-swatch" width="20" height="20" viewBox="0 0 20 20" aria-hidden="true">{bodies[shape]}</svg>'
    )


def _shape_image(shape: str, colour: str) -> str:
    """The swatch as a data: URI, for the shapes vis-network lacks (drawn with its "image" shape)."""
    svg = str(legend_svg(shape, colour)).replace('<svg class="kg-swatch"', '<svg xmlns="http://www.w3.org/2000/svg"')
    return "data:image/svg+xml;charset=utf-8," + quote(svg, safe="")


def vis_options(large: bool) -> dict[str, Any]:
    """vis-network's options: physics off (positions are given), type styles as groups, fast drawing when large."""
    groups: dict[str, Any] = {}
    for entity_type, (shape, colour) in TYPE_STYLES.items():
        if shape in VIS_SHAPES:
            groups[entity_type] = {"shape": shape, "color": _node_colour(colour)}
        else:
            image = _shape_image(shape, colour)
            groups[entity_type] = {"shape": "image", "image": image, "color": _node_colour(colour)}
    return {
        "autoResize": True,
        "groups": groups,
        "layout": {"improvedLayout": False, "randomSeed": LAYOUT_SEED},
        # Positions come precomputed; physics stays off until the user turns it on, so big graphs draw at once.
        "physics": {
            "enabled": False,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120},
            "stabilization": {"enabled": False, "iterations": 0},
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "navigationButtons": False,
            "keyboard": False,
            "multiselect": False,
        },
        "nodes": {
            "borderWidth": 1.5,
            "borderWidthSelected": 3,
            "font": {"face": FONT_STACK, "size": 14, "color": "#1f2933", "strokeWidth": 3, "strokeColor": "#ffffff"},
            "shapeProperties": {"interpolation": False},
        },
        "edges": {
            "smooth": {"enabled": False},
            "color": {"color": "#9aa5b1", "highlight": "#323f4b", "hover": "#323f4b", "inherit": False},
            "font": {
                "face": FONT_STACK,
                "size": 11,
                "color": "#52606d",
                "align": "middle",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "selectionWidth": 1.5,
        },
    }




def relation_swatch(symmetric: bool) -> Markup:
    """A short line (with an arrowhead for directed relations) for the relation filter."""
    head = "" if symmetric else '<polygon points="20,6 14,2.5 14,9.5" fill="#7b8794"/>'
    return Markup(
        '<svg class="kg-swatch" width="22" height="12" viewBox="0 0 22 12" aria-hidden="true">'
        f'<line x1="1" y1="6" x2="{21 if symmetric else 15}" y2="6" stroke="#7b8794" stroke-width="1.6"/>{head}</svg>'
    )
