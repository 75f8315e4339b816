"""Plots and a widget for actor networks.

:func:`plot_network` draws a graph from :func:`newsanalysis.networks.actor_network` as a
plotly figure (seeded layout, node size by mentions, colour by kind or community, edge width
by weight, hover with name, role, country and counts). :func:`network_explorer` wraps it in
ipywidgets (:mod:`newsanalysis.show.network_explorer`); its callbacks only call the pure
functions below (:func:`filter_network`, :func:`empty_reason`, :func:`neighbour_evidence`,
:func:`evidence_html`, :func:`actor_options`), which the tests cover.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable

import networkx as nx
import pandas as pd
import plotly.graph_objects as go

from newsanalysis.analyse.networks import actor_network, edge_evidence
from newsanalysis.show import plot_text, short_label
from newsanalysis.show.evidence import article_meta, evidence_list_html
from newsanalysis.show.layout import graph_layout, label_positions, x_range_for_labels

__all__ = [
    "actor_options",
    "edge_evidence_html",
    "empty_reason",
    "evidence_html",
    "filter_network",
    "neighbour_evidence",
    "plot_network",
]

KIND_COLOURS = {
    "person": "#1f77b4", "organization": "#2ca02c", "country": "#d62728", "media": "#9467bd",
    "group": "#ff7f0e", "": "#7f7f7f",
}
PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
           "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173"]


def _hover(v: str, d: dict) -> str:
    parts = [f"<b>{html.escape(str(d.get('name', v)))}</b>", f"kind: {html.escape(str(d.get('kind', '') or 'other'))}"]
    if d.get("roles"):
        parts.append(f"role: {html.escape(str(d['roles']))}")
    if d.get("country"):
        parts.append(f"country: {html.escape(str(d['country']))}")
    parts.append(f"mentions: {d.get('mentions', 0)} in {d.get('articles', 0)} article(s)")
    if "degree" in d:
        parts.append(f"degree: {d['degree']:.3f}, betweenness: {d.get('betweenness', 0):.3f}")
    if "community" in d:
        parts.append(f"community: {d['community']}")
    return "<br>".join(parts)


def plot_network(
    G: nx.Graph,
    *,
    color_by: str = "kind",
    top_labels: int = 20,
    seed: int = 42,
    max_nodes: int | None = 150,
    title: str | None = None,
    height: int = 700,
) -> go.Figure:
    """Draw an actor network.

    Parameters
    ----------
    G
        A graph from :func:`newsanalysis.networks.actor_network`.
    color_by
        ``"kind"`` (person, organization, ...) or ``"community"`` (Louvain community).
    top_labels
        Write the names of this many most-mentioned actors; the others show on hover.
    seed
        Seed of the spring layout: the same graph and seed always give the same picture.
    max_nodes
        Draw only this many most-mentioned actors (and the edges among them); ``None``
        draws all. The title says how many were left out.
    title, height
        Figure title and height in pixels.

    Returns
    -------
    plotly.graph_objects.Figure
    """
    if color_by not in ("kind", "community"):
        raise ValueError("color_by must be 'kind' or 'community'")
    n_all = G.number_of_nodes()
    if max_nodes is not None and n_all > max_nodes:
        keep = sorted(G.nodes, key=lambda v: (-(G.nodes[v].get("mentions") or 0), str(v)))[:max_nodes]
        G = G.subgraph(keep)
    pos = graph_layout(G, seed=seed)
    fig = go.Figure()
    # edges, bucketed by weight (a line trace has one width)
    if G.number_of_edges():
        wmax = max(d.get("weight", 1) for _, _, d in G.edges(data=True))
        buckets: dict[float, tuple[list, list]] = {}
        mid_x, mid_y, mid_text, mid_ends = [], [], [], []
        for a, b, d in sorted(G.edges(data=True), key=lambda e: (e[0], e[1])):
            w = d.get("weight", 1)
            width = round(0.5 + 5.5 * math.sqrt(w / wmax), 1)
            xs, ys = buckets.setdefault(width, ([], []))
            (x0, y0), (x1, y1) = pos[a], pos[b]
            xs += [x0, x1, None]
            ys += [y0, y1, None]
            mid_x.append((x0 + x1) / 2)
            mid_y.append((y0 + y1) / 2)
            mid_ends.append([a, b])
            arrow = " → " if G.is_directed() else " — "
            mid_text.append(f"{html.escape(str(G.nodes[a].get('name', a)))}{arrow}"
                            f"{html.escape(str(G.nodes[b].get('name', b)))}<br>weight {w}, "
                            f"{len(d.get('evidence', []))} evidence sentences")
        for width in sorted(buckets):
            xs, ys = buckets[width]
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
                                     line={"width": width, "color": "rgba(120,120,120,0.45)"}))
        fig.add_trace(go.Scatter(x=mid_x, y=mid_y, mode="markers", hovertext=mid_text, hoverinfo="text",
                                 marker={"size": 10, "color": "rgba(0,0,0,0)"}, showlegend=False,
                                 name="edges", meta="edges", customdata=mid_ends))
        if G.is_directed() and G.number_of_edges() <= 300:
            for a, b in sorted(G.edges):
                (x0, y0), (x1, y1) = pos[a], pos[b]
                fig.add_annotation(x=x1, y=y1, ax=x0, ay=y0, xref="x", yref="y", axref="x", ayref="y",
                                   showarrow=True, arrowhead=2, arrowsize=1, arrowwidth=1,
                                   arrowcolor="rgba(120,120,120,0.6)", text="")
    # nodes, one trace per colour group (for the legend)
    mentions = {v: d.get("mentions", 0) or 0 for v, d in G.nodes(data=True)}
    mmax = max(mentions.values(), default=1) or 1
    ranked = sorted(G.nodes, key=lambda v: (-mentions[v], str(v)))
    labels = {v: short_label(G.nodes[v].get("name", v)) for v in ranked[:top_labels]}
    top = set(ranked[: max(1, min(5, top_labels))])  # the few biggest names in a larger font
    sizes = {v: 8 + 32 * math.sqrt(mentions[v] / mmax) for v in G.nodes}
    fonts = {v: 12 if v in top else 10 for v in G.nodes}
    where = label_positions(pos, labels, sizes, fonts, height=height)
    x_range = x_range_for_labels(pos, labels, where, sizes, fonts, height=height)
    groups: dict = {}
    for v in sorted(G.nodes):
        d = G.nodes[v]
        key = d.get("kind", "") if color_by == "kind" else d.get("community", -1)
        groups.setdefault(key, []).append(v)
    for key in sorted(groups, key=lambda k: (str(type(k)), k)):
        vs = groups[key]
        colour = (KIND_COLOURS.get(key, "#7f7f7f") if color_by == "kind"
                  else PALETTE[int(key) % len(PALETTE)] if isinstance(key, int) and key >= 0 else "#7f7f7f")
        fig.add_trace(go.Scatter(
            x=[pos[v][0] for v in vs], y=[pos[v][1] for v in vs],
            mode="markers", meta="actors",
            hovertext=[_hover(v, G.nodes[v]) for v in vs], hoverinfo="text",
            hoverlabel={"bgcolor": "white", "font": {"size": 13, "color": "#222"}, "bordercolor": colour},
            customdata=vs,
            marker={"size": [sizes[v] for v in vs], "color": colour,
                    "line": {"width": 1, "color": "white"}, "opacity": 0.9},
            name=plot_text(str(key) or "other") if color_by == "kind" else f"community {key}",
        ))
    # the names, one trace drawn over every marker (a label is never hidden by a later node)
    named = list(labels)
    fig.add_trace(go.Scatter(
        x=[pos[v][0] for v in named], y=[pos[v][1] for v in named], mode="markers+text", meta="labels",
        # invisible markers of the nodes' sizes, so each name clears its node's edge
        marker={"size": [sizes[v] for v in named], "opacity": 0},
        text=[plot_text(labels[v]) for v in named], textposition=[where.get(v, "top center") for v in named],
        textfont={"size": [fonts[v] for v in named], "color": "#222", "shadow": "0 0 3px white"},
        hoverinfo="skip", showlegend=False, name="labels",
    ))
    if not G.number_of_edges():  # an empty picture always says why
        fig.add_annotation(text=html.escape(G.graph.get("empty_reason") or "No link between actors in this "
                                            "selection."), xref="paper", yref="paper", x=0.5, y=0.5,
                           showarrow=False, font={"size": 14, "color": "#a05a00"})
    kind = G.graph.get("kind", "")
    shown = (f"the {G.number_of_nodes()} most-mentioned of {n_all} actors" if G.number_of_nodes() < n_all
             else f"{n_all} actors")
    fig.update_layout(
        title={"text": title or f"{kind} network: {shown}, {G.number_of_edges()} edges".strip(),
               "x": 0.01, "xanchor": "left", "y": 0.985, "yanchor": "top"},
        # the legend sits in one row above the drawing, never on top of a node
        showlegend=True, legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0,
                                 "yanchor": "bottom", "title": {"text": "colour: " + color_by}},
        hovermode="closest", template="plotly_white", height=height,
        xaxis={"visible": False, "range": x_range}, yaxis={"visible": False, "scaleanchor": "x"},
        margin={"l": 10, "r": 10, "t": 80, "b": 10},
        annotations=list(fig.layout.annotations) + [{
            "text": "node size: mentions; line width: edge weight; names of the "
                    f"{min(top_labels, G.number_of_nodes())} most-mentioned actors shown, hover for all",
            "xref": "paper", "yref": "paper", "x": 1, "y": 0, "xanchor": "right", "yanchor": "bottom",
            "showarrow": False, "font": {"size": 10, "color": "#666"}}],
    )
    return fig


def filter_network(
    ann,
    *,
    kind: str = "cooccurrence",
    min_weight: int = 1,
    actor_kind: str | Iterable[str] | None = None,
    date_range: tuple | None = None,
    outlet: str | None = None,
    window: str | int = "sentence",
    seed: int = 42,
) -> nx.Graph:
    """The network of the articles and actors a reader selected.

    ``actor_kind`` ``None``/``"all"`` keeps every kind; ``date_range`` is ``(start, end)``
    (inclusive, anything ``pd.Timestamp`` reads; articles without a date are dropped when
    a range is given); ``outlet`` ``None``/``"all"`` keeps every outlet.
    """
    arts = getattr(ann, "articles", None)
    ids = None
    if isinstance(arts, pd.DataFrame) and len(arts) and (date_range is not None or outlet not in (None, "all", "")):
        keep = pd.Series(True, index=arts.index)
        if date_range is not None and "published" in arts.columns:
            pub = pd.to_datetime(arts["published"], utc=True, errors="coerce")
            lo, hi = (_utc(x) for x in date_range)
            if lo is not None:
                keep &= pub >= lo
            if hi is not None:
                if hi == hi.normalize():  # a date: include the whole day
                    hi = hi + pd.Timedelta(days=1) - pd.Timedelta(1, "ns")
                keep &= pub <= hi
        if outlet not in (None, "all", "") and "outlet" in arts.columns:
            keep &= arts["outlet"].astype(str) == str(outlet)
        ids = arts.loc[keep, "article_id"].astype(str).tolist()
    kinds = None
    if actor_kind not in (None, "all", ""):
        kinds = [actor_kind] if isinstance(actor_kind, str) else list(actor_kind)
    return actor_network(ann, kind=kind, window=window, min_weight=min_weight, actor_kinds=kinds,
                         article_ids=ids, seed=seed)


def _utc(x) -> pd.Timestamp | None:
    if x is None:
        return None
    ts = pd.Timestamp(x)
    return ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")


def actor_options(G: nx.Graph) -> list[tuple[str, str]]:
    """Dropdown options ``(label, actor_id)`` of a graph's actors, most-mentioned first."""
    nodes = sorted(G.nodes(data=True), key=lambda vd: (-(vd[1].get("mentions") or 0), str(vd[0])))
    return [(f"{d.get('name', v)} ({d.get('mentions', 0)})", v) for v, d in nodes]


def neighbour_evidence(G: nx.Graph, actor_id: str, ann=None) -> pd.DataFrame:
    """One row per neighbour of ``actor_id``: the edge's weight and evidence (and sentences).

    Returns
    -------
    pandas.DataFrame
        ``neighbour, name, kind, direction`` ("out", "in" or "both" for a directed graph,
        "" otherwise), ``weight, evidence`` and, with ``ann``, ``sentences``; heaviest first.
    """
    cols = ["neighbour", "name", "kind", "direction", "weight", "evidence"]
    if actor_id not in G:
        df = pd.DataFrame(columns=cols)
        if ann is not None:
            df["sentences"] = []
        return df
    rows: dict[str, dict] = {}
    if G.is_directed():
        links = [(b, d, "out") for _, b, d in G.out_edges(actor_id, data=True)] + \
                [(a, d, "in") for a, _, d in G.in_edges(actor_id, data=True)]
    else:
        links = [(b, d, "") for _, b, d in G.edges(actor_id, data=True)]
    for other, d, direction in links:
        row = rows.get(other)
        if row is None:
            rows[other] = {"neighbour": other, "name": G.nodes[other].get("name", other),
                           "kind": G.nodes[other].get("kind", ""), "direction": direction,
                           "weight": d.get("weight", 1), "evidence": list(d.get("evidence", []))}
        else:  # both directions
            row["direction"] = "both"
            row["weight"] += d.get("weight", 1)
            row["evidence"] = sorted(set(row["evidence"]) | set(d.get("evidence", [])))
    df = pd.DataFrame(list(rows.values()), columns=cols)
    df = df.sort_values(["weight", "neighbour"], ascending=[False, True]).reset_index(drop=True)
    if ann is not None:
        df["sentences"] = [edge_evidence(ann, ev) for ev in df["evidence"]]
    return df


def evidence_html(G: nx.Graph, actor_id: str | None, ann=None, *, max_sentences: int = 5) -> str:
    """An HTML summary of an actor's neighbours and the sentences behind each edge."""
    if not actor_id or actor_id not in G:
        return "<i>Pick an actor to see its neighbours and the evidence of each edge.</i>"
    d = G.nodes[actor_id]
    df = neighbour_evidence(G, actor_id, ann)
    out = [(f"<h4>{html.escape(str(d.get('name', actor_id)))} "
            f"<small>({html.escape(str(d.get('kind', '')))}; {len(df)} neighbours)</small></h4><ol>")]
    meta = article_meta(ann) if ann is not None else {}
    for row in df.itertuples(index=False):
        arrow = {"out": "→ ", "in": "← ", "both": "↔ "}.get(row.direction, "")
        out.append(f"<li><b>{arrow}{html.escape(str(row.name))}</b> (weight {row.weight})")
        texts = getattr(row, "sentences", None) or [""] * len(row.evidence)
        shown = {(a, int(i)): html.escape(str(t)) for (a, i), t in zip(row.evidence, texts)}
        out.append(evidence_list_html(ann, row.evidence, shown=max_sentences, texts=shown, meta=meta) + "</li>")
    out.append("</ol>")
    return "".join(out)


def edge_evidence_html(G: nx.Graph, a: str, b: str, ann=None, *, max_sentences: int = 5) -> str:
    """The sentences behind one edge, each with its article's title, outlet, date and link."""
    if not G.has_edge(a, b):
        return "<i>No such link in this network.</i>"
    d = G.edges[a, b]
    arrow = " → " if G.is_directed() else " — "
    names = [html.escape(str(G.nodes[v].get("name", v))) for v in (a, b)]
    pairs = list(d.get("evidence", []))
    texts = {(x, int(i)): html.escape(t) for (x, i), t in zip(pairs, edge_evidence(ann, pairs))} if ann else {}
    return (f"<h4>{names[0]}{arrow}{names[1]} <small>(weight {d.get('weight', 1)}; "
            f"{len(pairs)} sentence(s))</small></h4>" + evidence_list_html(ann, pairs, shown=max_sentences, texts=texts))


def empty_reason(ann, G: nx.Graph, *, kind: str = "cooccurrence", min_weight: int = 1, actor_kind=None,
                 date_range=None, outlet=None) -> str:
    """Why a selection of the network has no edge ('' when it has one): the articles the dates
    or the outlet leave, the actor kind the corpus lacks, or the heaviest edge under the
    minimum weight."""
    if G.number_of_edges():
        return ""
    arts = getattr(ann, "articles", pd.DataFrame())
    if date_range is not None or outlet not in (None, "all", ""):
        wide = filter_network(ann, kind=kind, min_weight=1, actor_kind=actor_kind)
        if wide.number_of_edges():
            return "No article of this date range or outlet links two actors; widen the dates or pick another outlet."
    if actor_kind not in (None, "all", ""):
        kinds = getattr(ann, "actors", pd.DataFrame()).get("kind", pd.Series(dtype=str)).value_counts()
        if not kinds.get(actor_kind, 0):
            present = ", ".join(f"{k} {n}" for k, n in kinds.items())
            return f"No actor of kind '{actor_kind}' in this corpus (kinds: {present})."
        return f"No two actors of kind '{actor_kind}' are linked in this {kind} network."
    every = filter_network(ann, kind=kind, min_weight=1, actor_kind=actor_kind, date_range=date_range, outlet=outlet)
    if every.number_of_edges() and min_weight > 1:
        heaviest = max(d.get("weight", 1) for _, _, d in every.edges(data=True))
        return f"No edge has weight {min_weight} or more: the heaviest has {heaviest}. Lower the minimum weight."
    if not len(arts):
        return "The corpus has no article."
    return f"No two actors are linked in this {kind} network of {len(arts)} article(s)."
