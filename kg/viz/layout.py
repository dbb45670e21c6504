"""Node positions: a seeded spring layout per connected component, components packed in rows, rounded so the
page text is the same on every run.
"""

from __future__ import annotations

import importlib.util
import math
from collections.abc import Sequence

import networkx as nx
import numpy as np

from kg.viz.network import Network

LAYOUT_SEED = 42
# Pixels of room per sqrt(node count) of a connected component: ~this many pixels between neighbouring nodes.
LAYOUT_SPACING = 200.0
# networkx's spring_layout switches to a scipy-only sparse solver at this size.
_NX_DENSE_LIMIT = 500


def _force_layout(size: int, pairs: Sequence[tuple[int, int]], seed: int, iterations: int = 50) -> np.ndarray:
    """Fruchterman-Reingold in plain numpy, for components too big for networkx's dense solver without scipy.

    Same model as spring_layout (unit box, k = 1/sqrt(n), linear cooling). Repulsion is all pairs, computed in
    row blocks into reused float32 buffers: memory stays O(block * n), and single precision (ample for pixel
    positions) halves the memory traffic that bounds this loop, about 2.5x faster than float64 temporaries.
    """
    f32 = np.float32
    rng = np.random.RandomState(seed)
    xy = rng.rand(size, 2).astype(f32)
    x, y = xy[:, 0].copy(), xy[:, 1].copy()
    k2 = f32(1.0 / size)
    k = f32(math.sqrt(1.0 / size))
    src = np.fromiter((a for a, _ in pairs), dtype=np.intp, count=len(pairs))
    dst = np.fromiter((b for _, b in pairs), dtype=np.intp, count=len(pairs))
    step = 0.1
    cooling = step / (iterations + 1)
    block = max(1, 1_000_000 // size)
    dx, dy, dist2, dy2 = (np.empty((min(block, size), size), f32) for _ in range(4))
    disp_x, disp_y = np.empty(size, f32), np.empty(size, f32)
    for _ in range(iterations):
        for lo in range(0, size, block):
            hi = min(size, lo + block)
            bx, by, force, tmp = dx[: hi - lo], dy[: hi - lo], dist2[: hi - lo], dy2[: hi - lo]
            np.subtract(x[lo:hi, None], x[None, :], out=bx)
            np.subtract(y[lo:hi, None], y[None, :], out=by)
            np.multiply(bx, bx, out=force)
            np.multiply(by, by, out=tmp)
            force += tmp
            np.maximum(force, f32(1e-4), out=force)
            np.divide(k2, force, out=force)
            bx *= force
            by *= force
            bx.sum(axis=1, out=disp_x[lo:hi])
            by.sum(axis=1, out=disp_y[lo:hi])
        if len(pairs):
            ex, ey = x[src] - x[dst], y[src] - y[dst]
            pull = np.sqrt(ex * ex + ey * ey) / k
            np.add.at(disp_x, src, -ex * pull)
            np.add.at(disp_x, dst, ex * pull)
            np.add.at(disp_y, src, -ey * pull)
            np.add.at(disp_y, dst, ey * pull)
        length = np.maximum(np.sqrt(disp_x * disp_x + disp_y * disp_y), f32(0.01))
        scale = np.minimum(length, f32(step)) / length
        x += disp_x * scale
        y += disp_y * scale
        step -= cooling
    pos = np.column_stack((x - x.mean(), y - y.mean())).astype(np.float64)
    extent = np.abs(pos).max()
    return pos / extent if extent > 0 else pos


def _component_layout(graph: nx.Graph, scale: float) -> dict[str, tuple[float, float]]:
    """Positions of one connected component, centred on 0 and within `scale` of it."""
    nodes = list(graph)
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    if len(nodes) < _NX_DENSE_LIMIT or importlib.util.find_spec("scipy") is not None:
        pos = nx.spring_layout(graph, seed=LAYOUT_SEED, scale=scale, center=(0.0, 0.0))
        return {n: (float(pos[n][0]), float(pos[n][1])) for n in nodes}
    index = {n: i for i, n in enumerate(nodes)}
    coords = _force_layout(len(nodes), [(index[a], index[b]) for a, b in graph.edges()], LAYOUT_SEED) * scale
    return {n: (float(coords[i][0]), float(coords[i][1])) for n, i in index.items()}


def layout_positions(network: Network) -> dict[str, tuple[float, float]]:
    """Page coordinates for every node: a seeded spring layout per connected component, components packed in rows.

    Laying components out separately keeps isolated entities from being flung to the rim of one big layout.
    Coordinates are rounded to 0.1 px so the page text does not depend on the last bits of floating point.
    """
    graph = nx.Graph()
    graph.add_nodes_from(n.id for n in network.nodes)
    graph.add_edges_from((e.source, e.target) for e in network.edges if e.source != e.target)
    components = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0]))
    boxes: list[tuple[dict[str, tuple[float, float]], float, float, float, float]] = []
    for component in components:
        sub = nx.Graph()
        sub.add_nodes_from(component)
        sub.add_edges_from(sorted(tuple(sorted(edge)) for edge in graph.subgraph(component).edges()))
        pos = _component_layout(sub, LAYOUT_SPACING * math.sqrt(len(component)) / 2)
        xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
        # Each component's own bounding box plus a margin for the labels, so packed components never overlap.
        boxes.append((pos, min(xs), min(ys), max(xs) - min(xs) + LAYOUT_SPACING, max(ys) - min(ys) + LAYOUT_SPACING))

    # Shelf packing, biggest component first, into rows about 1.5 times as wide as the whole is tall.
    row_width = max([box[3] for box in boxes] + [1.5 * math.sqrt(sum(box[3] * box[4] for box in boxes))])
    positions: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for pos, left, top, width, height in boxes:
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in pos.items():
            positions[node] = (round(x + px - left, 1), round(y + py - top, 1))
        x += width
        row_height = max(row_height, height)
    if positions:
        # Centre the drawing on the origin, where vis-network puts its initial view.
        mid_x = round((min(p[0] for p in positions.values()) + max(p[0] for p in positions.values())) / 2, 1)
        mid_y = round((min(p[1] for p in positions.values()) + max(p[1] for p in positions.values())) / 2, 1)
        positions = {n: (round(px - mid_x, 1), round(py - mid_y, 1)) for n, (px, py) in positions.items()}
    return positions
