"""Provenance figures and the claim explorer widget."""

from __future__ import annotations

import html

import networkx as nx
import plotly.graph_objects as go

from ..provenance import filter_provenance, provenance, provenance_graph

__all__ = ["plot_provenance_sankey", "provenance_explorer"]

_KIND_COLORS = {"named_person": "#1f77b4", "named_organization": "#2ca02c", "media": "#ff7f0e",
                "anonymous": "#7f7f7f", "unnamed_group": "#bcbd22", "publisher": "#9467bd"}


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
    edges = sorted(g.edges(data=True), key=lambda e: (-e[2]["weight"], e[0], e[1]))[:max_links]
    nodes = sorted({n for u, v, _ in edges for n in (u, v)})
    pos = {n: i for i, n in enumerate(nodes)}
    fig = go.Figure(go.Sankey(
        node={"label": [g.nodes[n]["label"] for n in nodes],
              "color": [_KIND_COLORS.get(g.nodes[n]["kind"], "#cccccc") for n in nodes], "pad": 12},
        link={"source": [pos[u] for u, _, _ in edges], "target": [pos[v] for _, v, _ in edges],
              "value": [d["weight"] for _, _, d in edges],
              "customdata": [f"{d['relation']}: {len(d['evidence'])} sentence(s)" for _, _, d in edges],
              "hovertemplate": "%{customdata}<extra></extra>"},
    ))
    fig.update_layout(title=title)
    return fig


def _table_html(df) -> str:
    cols = ["publisher", "speaker", "chain_text", "anonymous", "anonymity_reason", "status", "content"]
    head = "".join(f"<th>{c}</th>" for c in cols)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(r[c]))}</td>" for c in cols) + "</tr>"
                   for _, r in df.iterrows())
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _evidence_html(df) -> str:
    return "".join(f"<p><b>{html.escape(r['claim_id'])}</b> ({html.escape(r['speaker'])}): "
                   f"{html.escape(r['evidence'])}</p>" for _, r in df.iterrows())


def provenance_explorer(ann):
    """Filter claims by anonymity, status and outlet; show the table and the evidence.

    Returns an ``ipywidgets.VBox``; its callbacks call :func:`filter_provenance`.
    """
    import ipywidgets as w

    prov = provenance(ann)
    outlets = sorted({p for p in prov["publisher"]} | {c for cs in prov["conduits"] for c in cs})
    anon = w.Dropdown(options=[("any", None), ("anonymous origin", True), ("named origin", False)],
                      description="Origin")
    status = w.Dropdown(options=[("any", None)] + [(s, s) for s in sorted(prov["status"].unique())],
                        description="Status")
    outlet = w.Dropdown(options=[("any", None)] + [(o, o) for o in outlets], description="Outlet")
    table, evidence = w.HTML(), w.HTML()

    def refresh(*_):
        df = filter_provenance(prov, anonymous=anon.value, status=status.value, outlet=outlet.value)
        table.value = f"<p>{len(df)} claim(s)</p>" + _table_html(df)
        evidence.value = _evidence_html(df)

    for ctl in (anon, status, outlet):
        ctl.observe(refresh, names="value")
    refresh()
    return w.VBox([w.HBox([anon, status, outlet]), table, w.HTML("<h4>Evidence</h4>"), evidence])
