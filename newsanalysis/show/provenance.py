"""Provenance figures (the claim explorer is :mod:`newsanalysis.show.claim_explorer`)."""

from __future__ import annotations

import html

import networkx as nx
import plotly.graph_objects as go

from newsanalysis.analyse.provenance import provenance_graph
from newsanalysis.show import short_label

__all__ = ["plot_provenance_sankey", "sankey_links"]

_KIND_COLORS = {"named_person": "#1f77b4", "named_organization": "#2ca02c", "media": "#ff7f0e",
                "anonymous": "#7f7f7f", "unnamed_group": "#bcbd22", "publisher": "#9467bd"}


def sankey_links(g: nx.DiGraph, *, max_links: int = 60) -> list[tuple]:
    """The links the Sankey draws, in its order: the heaviest ``max_links`` edges
    ``(u, v, data)`` (ties broken by node ids, so the figure is stable)."""
    return sorted(g.edges(data=True), key=lambda e: (-e[2]["weight"], e[0], e[1]))[:max_links]


def plot_provenance_sankey(ann_or_graph, *, max_links: int = 60, title: str = "Who says what through whom") -> go.Figure:
    """Sankey of origin -> conduit -> publisher flows (link width = number of claims).

    Parameters
    ----------
    ann_or_graph
        Annotations, or the DiGraph from :func:`~newsanalysis.provenance.provenance_graph`.
    max_links
        Keep the heaviest links only (ties broken by node ids, so the figure is stable).
    """
    g = ann_or_graph if isinstance(ann_or_graph, nx.DiGraph) else provenance_graph(ann_or_graph)
    edges = sankey_links(g, max_links=max_links)
    nodes = sorted({n for u, v, _ in edges for n in (u, v)})
    pos = {n: i for i, n in enumerate(nodes)}
    full = [str(g.nodes[n]["label"]) for n in nodes]
    kinds = [str(g.nodes[n]["kind"]) for n in nodes]
    # a column never holds more nodes than the busiest of origins / conduits / publishers
    kept = nx.DiGraph([(u, v) for u, v, _ in edges])
    column = max(sum(1 for n in kept if kept.in_degree(n) == 0),
                 sum(1 for n in kept if kept.out_degree(n) == 0), 1)
    fig = go.Figure(go.Sankey(
        arrangement="snap",
        node={"label": [_short(t) for t in full],  # long labels are cut; the hover has them whole
              "customdata": [[html.escape(t), k.replace("_", " ")] for t, k in zip(full, kinds)],
              "hovertemplate": "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{value:.0f} claim(s)<extra></extra>",
              "color": [_KIND_COLORS.get(k, "#cccccc") for k in kinds], "pad": 10, "thickness": 14},
        link={"source": [pos[u] for u, _, _ in edges], "target": [pos[v] for _, v, _ in edges],
              "value": [d["weight"] for _, _, d in edges],
              "customdata": [f"{html.escape(str(g.nodes[u]['label']))} → {html.escape(str(g.nodes[v]['label']))}"
                             f"<br>{d['relation']}: {len(d['evidence'])} sentence(s)" for u, v, d in edges],
              "hovertemplate": "%{customdata}<extra></extra>"},
        textfont={"size": 11, "color": "#222"},
    ))
    present = [k for k in _KIND_COLORS if k in kinds]
    key = " ".join(f"<span style='color:{_KIND_COLORS[k]}'>■</span> {k.replace('_', ' ')}" for k in present)
    fig.update_layout(
        title={"text": title, "x": 0.01, "xanchor": "left"},
        height=max(450, min(1600, 120 + 22 * column)),
        margin={"l": 20, "r": 20, "t": 80, "b": 20},
        hoverlabel={"bgcolor": "white", "font": {"size": 13, "color": "#222"}},
        annotations=[{"text": "origin → conduit → publisher; width = number of claims. " + key,
                      "xref": "paper", "yref": "paper", "x": 0, "y": 1.0, "yanchor": "bottom", "yshift": 14,
                      "xanchor": "left", "showarrow": False, "font": {"size": 11, "color": "#555"}}],
    )
    return fig


def _short(text, limit: int | None = 32) -> str:
    return short_label(text, limit)
