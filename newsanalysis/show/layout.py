"""Where the nodes and labels of a network figure go: a seeded, packed layout.

:func:`graph_layout` places each connected component with a seeded spring layout and packs
the small ones beside the largest; :func:`label_positions` puts each label where it does
not cover the others; :func:`x_range_for_labels` leaves room for labels at the edges.
"""

from __future__ import annotations

import math

import networkx as nx

__all__ = ["graph_layout", "label_positions", "x_range_for_labels"]


def _sorted_copy(G: nx.Graph) -> nx.Graph:
    """The same graph with nodes and edges inserted in sorted order (layouts depend on order)."""
    H = G.__class__()
    H.add_nodes_from(sorted(G.nodes))
    H.add_edges_from(sorted((a, b, {"weight": d.get("weight", 1)}) for a, b, d in G.edges(data=True)))
    return H


def _backbone(H: nx.Graph, per_node: int = 3) -> nx.Graph:
    """The edges that are among the ``per_node`` heaviest of one of their ends: laid out
    alone they spread a hub-and-spoke network that the full edge set would pile in the
    middle (every edge is still drawn)."""
    keep = set()
    for v in H:
        nbrs = sorted(H[v].items(), key=lambda kv: (-kv[1].get("weight", 1), str(kv[0])))[:per_node]
        keep.update(tuple(sorted((v, u), key=str)) for u, _ in nbrs)
    B = nx.Graph()
    B.add_nodes_from(H.nodes)
    B.add_edges_from((a, b, H[a][b]) for a, b in sorted(keep, key=lambda e: (str(e[0]), str(e[1]))))
    return B


def graph_layout(G: nx.Graph, *, seed: int) -> dict:
    """Seeded spring layout, one connected component at a time. The largest component fills
    a 2 x 2 square; the others are packed in columns on its right, top to bottom, largest
    first, each scaled by its size (a pair is a short horizontal bar, an isolated actor a
    dot), so no component is flung into a far corner and the view is not mostly empty."""
    if G.number_of_nodes() == 0:
        return {}
    H = _sorted_copy(G).to_undirected()
    for _, _, d in H.edges(data=True):
        d["layout_weight"] = math.log1p(d.get("weight", 1))  # heavy edges pull, but do not collapse
    comps = sorted((sorted(c, key=str) for c in nx.connected_components(H)), key=lambda c: (-len(c), str(c[0])))
    biggest = len(comps[0])
    pos: dict = {}
    gap = 0.12
    x = y = 0.0  # top-left corner of the next slot
    col_width = 0.0
    for i, comp in enumerate(comps):
        r = 1.0 if i == 0 else min(0.5, max(0.12, 0.9 * math.sqrt(len(comp) / biggest)))
        if len(comp) == 1:
            local = {comp[0]: (0.0, 0.0)}
        elif len(comp) == 2:
            local = {comp[0]: (-r, 0.0), comp[1]: (r, 0.0)}
        else:
            sub = _backbone(H.subgraph(comp))
            local = nx.spring_layout(sub, seed=seed, weight="layout_weight",
                                     k=3.0 / math.sqrt(len(comp)), iterations=200, scale=r)
            if len(comp) >= 10:
                local = _spread_core(local, r)
        ys = [p[1] for p in local.values()]
        h = max(max(ys) - min(ys), 0.0)  # real height (a pair is flat)
        if i == 1:  # the first column starts right of the largest component
            x, y, col_width = 2.0 + 3 * gap, 0.0, 0.0
        elif i > 1 and y - h < -2.0:  # column full: start the next one
            x, y, col_width = x + col_width + gap, 0.0, 0.0
        top = max(ys)
        for v, (px, py) in local.items():
            pos[v] = (float(px) + x + r, float(py) - top + y)
        if i > 0:
            y -= h + gap
            col_width = max(col_width, 2 * r)
    return pos


def _spread_core(local: dict, r: float, power: float = 0.55) -> dict:
    """Shrink long arms and widen a dense core: distances from the centre are raised to
    ``power`` (< 1), then the component is scaled back to radius ``r``."""
    cx = sum(p[0] for p in local.values()) / len(local)
    cy = sum(p[1] for p in local.values()) / len(local)
    out = {}
    for v, (px, py) in local.items():
        dx, dy = px - cx, py - cy
        d = math.hypot(dx, dy)
        f = d ** power / d if d > 0 else 0.0
        out[v] = (dx * f, dy * f)
    extent = max(max(abs(p[0]), abs(p[1])) for p in out.values()) or 1.0
    return {v: (px * r / extent, py * r / extent) for v, (px, py) in out.items()}


#: label positions tried, in this order after the one pointing away from the centre
_TEXT_POSITIONS = ["top center", "bottom center", "middle right", "middle left",
                   "top right", "top left", "bottom right", "bottom left"]


def label_positions(pos: dict, labels: dict, sizes: dict, font: dict, *, height: int,
                     width: int = 1000) -> dict:
    """A text position per labelled node that keeps its label off the other labels and
    markers as far as it can: greedy, most-mentioned first, in estimated screen pixels."""
    if not labels:
        return {}
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    xr, yr = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    scale = min((width - 40) / xr, (height - 130) / yr)  # pixels per layout unit (equal axes)
    cx, cy = sum(xs) / len(xs), sum(ys) / len(ys)
    # (box, cost): covering another name costs more than covering a marker
    boxes = [((pos[v][0] * scale - sizes[v] / 2, pos[v][1] * scale - sizes[v] / 2,
               pos[v][0] * scale + sizes[v] / 2, pos[v][1] * scale + sizes[v] / 2), 1.0) for v in pos]
    placed: dict = {}
    for v, text in labels.items():  # most-mentioned first
        px, py = pos[v][0] * scale, pos[v][1] * scale
        tw, th, r = 0.58 * font[v] * len(text), font[v] + 2, sizes[v] / 2 + 1
        dx, dy = pos[v][0] - cx, pos[v][1] - cy
        away = (("top" if dy >= 0 else "bottom") + " center" if abs(dy) >= abs(dx)
                else "middle " + ("right" if dx >= 0 else "left"))
        best, best_overlap = away, None
        for where in [away] + [p for p in _TEXT_POSITIONS if p != away]:
            vert, horiz = where.split()
            bx0 = {"center": px - tw / 2, "right": px + r, "left": px - r - tw}[horiz]
            by0 = {"top": py + r, "bottom": py - r - th, "middle": py - th / 2}[vert]
            box = (bx0, by0, bx0 + tw, by0 + th)
            overlap = sum(cost * max(0, min(box[2], b[2]) - max(box[0], b[0]))
                          * max(0, min(box[3], b[3]) - max(box[1], b[1])) for b, cost in boxes)
            if best_overlap is None or overlap < best_overlap - 1e-9:
                best, best_overlap, best_box = where, overlap, box
            if overlap == 0:
                break
        placed[v] = best
        boxes.append((best_box, 5.0))
    return placed


def x_range_for_labels(pos: dict, labels: dict, where: dict, sizes: dict, fonts: dict, *, height: int,
             width: int = 1000) -> list | None:
    """The x range with room for the names written left or right of the outermost nodes
    (plotly's autorange only makes room for markers)."""
    if not pos:
        return None
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    px_per_unit = min((width - 40) / ((max(xs) - min(xs)) or 1.0), (height - 130) / ((max(ys) - min(ys)) or 1.0))

    def pad(side: str) -> float:
        widths = [0.58 * fonts[v] * len(t) + sizes[v] / 2 + 4 for v, t in labels.items()
                  if side in where.get(v, "") or "center" in where.get(v, "")]
        return max(widths + [24]) / px_per_unit

    return [min(xs) - pad("left"), max(xs) + pad("right")]
