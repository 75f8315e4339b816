"""Provenance figures (the claim explorer is :mod:`newsanalysis.show.claim_explorer`)."""

from __future__ import annotations

import html
import textwrap

import networkx as nx
import pandas as pd
import plotly.graph_objects as go

from newsanalysis.analyse.corroboration import claim_spread
from newsanalysis.analyse.provenance import provenance_graph
from newsanalysis.show import plot_text, short_label

__all__ = ["plot_claim_spread", "plot_provenance_sankey", "sankey_links"]

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
        node={"label": [plot_text(_short(t)) for t in full],  # long labels are cut; the hover has them whole
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


def _esc(text) -> str:
    """Text safe in a plotly label: markup characters escaped, quotes kept as they are."""
    return html.escape(str(text), quote=False)


def _wrap(text: str, width: int = 80, lines: int = 6) -> str:
    parts = textwrap.wrap(_esc(text), width) or [""]
    return "<br>".join(parts[:lines]) + ("…" if len(parts) > lines else "")


def plot_claim_spread(ann, group, *, groups: pd.DataFrame | None = None, title: str | None = None) -> go.Figure:
    """How one claim spread: a cascade of the outlets that carried it, over time.

    One row per outlet, in the order the outlets first carried the claim (the first at the
    top); one point per article that states it, at its publication time; the outlets'
    first carryings joined in order; the first appearance drawn as a star. The hover of
    each point is its evidence: title, outlet, date and the sentence.

    Parameters
    ----------
    ann
        Annotations.
    group
        A row of :func:`~newsanalysis.analyse.corroboration.corroboration`, its group_id
        (with ``groups``), or a list of claim ids (:func:`claim_spread`); ``None`` (no
        group, e.g. ``cor.iloc[0] if len(cor) else None``) draws an empty figure that says so.
    groups
        The corroboration table, when ``group`` is a group_id.
    title
        Figure title; by default the claim, cut short.
    """
    spread = claim_spread(ann, [] if group is None else group, groups=groups)
    dated = spread[spread["published"].notna()]
    undated = len(spread) - len(dated)
    outlets = list(dict.fromkeys(spread["outlet"]))
    hover = [f"<b>{_esc(r.title or '(no title)')}</b><br>{_esc(r.outlet)} · "
             f"{r.published:%Y-%m-%d %H:%M}<br>{_wrap(r.sentence or r.content)}" for r in dated.itertuples()]
    fig = go.Figure()
    firsts = dated[dated["first_for_outlet"]]
    fig.add_trace(go.Scatter(x=firsts["published"], y=firsts["outlet"], mode="lines", hoverinfo="skip",
                             line={"color": "#bbbbbb", "width": 1, "dash": "dot"}, name="order of outlets",
                             showlegend=False))
    fig.add_trace(go.Scatter(
        x=dated["published"], y=dated["outlet"], mode="markers", name="article",
        marker={"size": [16 if o == 1 else 10 for o in dated["order"]],
                "symbol": ["star" if o == 1 else "circle" for o in dated["order"]],
                "color": ["#d62728" if o == 1 else "#1f77b4" for o in dated["order"]],
                "line": {"width": 1, "color": "white"}},
        customdata=hover, hovertemplate="%{customdata}<extra></extra>", showlegend=False))
    row = groups.set_index("group_id").loc[group] if isinstance(group, str) and groups is not None else group
    centre = row.get("content") if isinstance(row, (pd.Series, dict)) else None  # the group's centre
    content = centre or (spread["content"].iloc[0] if len(spread) else "No claim group to show")
    note = (f"{len(spread)} statement(s) in {spread['article_id'].nunique()} article(s) from {len(outlets)} "
            f"outlet(s); ★ first appearance") if len(spread) else (
            "no claim is stated alike in two articles at this threshold")
    if undated:
        note += f"; {undated} without a date not drawn"
    fig.update_layout(
        title={"text": title or _esc(short_label(content, 90)), "x": 0.01, "xanchor": "left"},
        height=max(320, min(1200, 140 + 28 * len(outlets))),
        margin={"l": 20, "r": 20, "t": 90, "b": 40},
        xaxis={"title": "published", "visible": bool(len(dated))},
        yaxis={"title": "", "categoryorder": "array", "categoryarray": outlets[::-1], "visible": bool(len(dated))},
        hoverlabel={"bgcolor": "white", "font": {"size": 13, "color": "#222"}, "align": "left"},
        annotations=[{"text": note, "xref": "paper", "yref": "paper", "x": 0, "y": 1.0, "yanchor": "bottom",
                      "yshift": 10, "xanchor": "left", "showarrow": False, "font": {"size": 11, "color": "#555"}}],
    )
    return fig
