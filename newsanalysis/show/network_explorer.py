"""The network explorer: pick or click an actor or a link, read the sentences behind it.

:func:`network_explorer` draws the network as a plotly ``FigureWidget``: clicking a node picks
that actor (the same as choosing it in the list), clicking the middle of a line shows that
link's sentences, and the pick is ringed on the drawing. Controls: the kind of network,
the minimum edge weight, an actor kind, an outlet and a date range; an empty drawing and the
status line say why it is empty and how many articles the dates leave out (articles without a
date are kept while the range is the whole corpus). The callbacks only call the pure functions
of :mod:`newsanalysis.show.networks`.
"""

from __future__ import annotations

import html

import networkx as nx
import pandas as pd
import plotly.graph_objects as go

from newsanalysis.analyse.coverage import left_out_note
from newsanalysis.analyse.networks import NETWORK_KINDS
from newsanalysis.show.networks import (
    actor_options,
    edge_evidence_html,
    empty_reason,
    evidence_html,
    filter_network,
    plot_network,
)

__all__ = ["click_target", "network_explorer", "network_figure"]

#: The marker drawn around the picked actor.
RING = {"size": 34, "color": "rgba(0,0,0,0)", "line": {"width": 3, "color": "#e6550d"}, "symbol": "circle"}


def network_figure(G: nx.Graph, *, color_by: str = "kind", top_labels: int = 20, seed: int = 42):
    """:func:`plot_network` as a ``FigureWidget`` (clicks reach Python), with a ring trace for
    the picked actor (``meta="picked"``, empty until one is picked)."""
    fig = go.FigureWidget(plot_network(G, color_by=color_by, top_labels=top_labels, seed=seed))
    fig.add_scatter(x=[], y=[], mode="markers", marker=RING, hoverinfo="skip", showlegend=False,
                    name="picked", meta="picked")
    return fig


def click_target(trace, point_index: int) -> tuple[str, object] | None:
    """What a click on point ``point_index`` of ``trace`` picks: ``("actor", actor_id)`` on a
    node, ``("edge", (a, b))`` on the middle of a line, None elsewhere."""
    meta = getattr(trace, "meta", None)
    custom = getattr(trace, "customdata", None)
    if custom is None or point_index >= len(custom):
        return None
    if meta == "actors":
        return "actor", str(custom[point_index])
    if meta == "edges":
        a, b = custom[point_index]
        return "edge", (str(a), str(b))
    return None


def _ring(fig, G: nx.Graph, actor_id: str | None) -> None:
    picked = next((t for t in fig.data if getattr(t, "meta", None) == "picked"), None)
    if picked is None:
        return
    xy = None
    if actor_id:
        for t in fig.data:
            if getattr(t, "meta", None) == "actors" and t.customdata is not None and actor_id in list(t.customdata):
                i = list(t.customdata).index(actor_id)
                xy = (t.x[i], t.y[i])
    with fig.batch_update():
        picked.x, picked.y = ([xy[0]], [xy[1]]) if xy else ([], [])


def network_explorer(ann, *, seed: int = 42, top_labels: int = 20):
    """An ipywidgets explorer of the actor networks of ``ann``, linked to its drawing.

    Click a node (or choose an actor in the list) to list its neighbours with the sentences
    of each link, each with its article's title, outlet, date and link; click the middle of
    a line for that link's sentences. The returned ``VBox`` has a ``controls`` dict naming
    its widgets (``figure`` is the current ``FigureWidget``) and ``click(trace, index)``,
    which does what a click on that point does.
    """
    import ipywidgets as w
    from IPython.display import display

    arts = getattr(ann, "articles", pd.DataFrame())
    kinds = ["all", "person", "organization", "country", "media", "group", "place"]
    outlets = ["all"]
    if isinstance(arts, pd.DataFrame) and "outlet" in arts.columns:
        outlets += sorted({o for o in arts["outlet"].astype(str) if o})
    dates = []
    if isinstance(arts, pd.DataFrame) and "published" in arts.columns:
        pub = pd.to_datetime(arts["published"], utc=True, errors="coerce").dropna()
        dates = sorted({ts.date() for ts in pub})
    wide = {"description_width": "initial"}  # labels are never cut or pushed into a neighbour
    kind_w = w.Dropdown(options=list(NETWORK_KINDS), value="cooccurrence", description="Network",
                        style=wide, layout=w.Layout(width="240px"))
    weight_w = w.IntSlider(value=1, min=1, max=20, description="Min weight", style=wide,
                           layout=w.Layout(width="300px"))
    actor_kind_w = w.Dropdown(options=kinds, value="all", description="Actor kind", style=wide,
                              layout=w.Layout(width="240px"))
    outlet_w = w.Dropdown(options=outlets, value="all", description="Outlet", style=wide,
                          layout=w.Layout(width="300px"))
    # the slider's own readout is cut at ~150 px: the chosen range is written in a label beside it
    if len(dates) >= 2:
        date_w = w.SelectionRangeSlider(options=dates, index=(0, len(dates) - 1), description="Dates",
                                        readout=False, style=wide, layout=w.Layout(width="520px"))
    else:
        date_w = w.SelectionRangeSlider(options=dates or ["(no dates)"], index=(0, 0), description="Dates",
                                        readout=False, disabled=True, style=wide, layout=w.Layout(width="520px"))
    date_label = w.Label(layout=w.Layout(width="auto"))
    color_w = w.Dropdown(options=[("actor kind", "kind"), ("community", "community")], value="kind",
                         description="Colour by", style=wide, layout=w.Layout(width="240px"))
    actor_w = w.Dropdown(options=[("(pick an actor)", "")], value="", description="Actor", style=wide,
                         layout=w.Layout(width="420px"))
    hint = w.HTML("<small>Click a node to pick its actor, or the middle of a line for that link's "
                  "sentences.</small>")
    status = w.HTML()
    plot_out = w.Output()
    evidence = w.HTML(value=evidence_html(nx.Graph(), None))
    state: dict = {"G": nx.Graph(), "fig": None}

    def selection() -> dict:
        whole = date_w.disabled or tuple(date_w.index) == (0, len(dates) - 1)
        return {"kind": kind_w.value, "min_weight": weight_w.value, "actor_kind": actor_kind_w.value,
                "date_range": None if whole else tuple(date_w.value), "outlet": outlet_w.value}

    def date_text(*_):
        lo, hi = date_w.value
        date_label.value = f"{lo} – {hi}" if not date_w.disabled else "(the articles have no dates)"

    def click(trace, index: int) -> None:
        target = click_target(trace, index)
        if target is None:
            return
        what, key = target
        if what == "actor":
            actor_w.value = key if key in state["G"] else ""
        else:
            _ring(state["fig"], state["G"], None)
            evidence.value = edge_evidence_html(state["G"], *key, ann)

    def on_click(trace, points, _state):
        if points.point_inds:
            click(trace, points.point_inds[0])

    def redraw(*_):
        import warnings

        sel = selection()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            G = filter_network(ann, seed=seed, **sel)
        G.graph["empty_reason"] = empty_reason(ann, G, **sel)
        state["G"] = G
        notes = [html.escape(str(c.message)) for c in caught]
        undated = int(arts["published"].isna().sum()) if "published" in arts else 0
        if sel["date_range"] is not None and undated:
            notes.append(f"{undated} article(s) without a date left out by the date range")
        elif undated:
            notes.append(f"{undated} article(s) without a date kept (the range is the whole corpus)")
        if other := left_out_note(ann):
            notes.append(html.escape(other))
        status.value = (f"{G.number_of_nodes()} actors, {G.number_of_edges()} edges"
                        + "".join(f"<br><i>{n}</i>" for n in notes))
        previous = actor_w.value
        actor_w.options = [("(pick an actor)", "")] + actor_options(G)
        actor_w.value = previous if previous in G else ""
        fig = network_figure(G, color_by=color_w.value, top_labels=top_labels, seed=seed)
        for trace in fig.data:
            if getattr(trace, "meta", None) in ("actors", "edges"):
                trace.on_click(on_click)
        state["fig"] = fig
        controls["figure"] = fig
        plot_out.clear_output(wait=True)
        with plot_out:
            display(fig)
        show_actor()

    def show_actor(*_):
        evidence.value = evidence_html(state["G"], actor_w.value or None, ann)
        if state["fig"] is not None:
            _ring(state["fig"], state["G"], actor_w.value or None)

    controls = {"kind": kind_w, "min_weight": weight_w, "actor_kind": actor_kind_w, "outlet": outlet_w,
                "dates": date_w, "date_label": date_label, "color": color_w, "actor": actor_w,
                "evidence": evidence, "status": status, "plot": plot_out}
    for ctrl in (kind_w, weight_w, actor_kind_w, outlet_w, date_w, color_w):
        ctrl.observe(redraw, names="value")
    actor_w.observe(show_actor, names="value")
    date_w.observe(date_text, names="value")
    date_text()
    redraw()
    box = w.VBox([
        w.HBox([kind_w, weight_w, actor_kind_w], layout=w.Layout(grid_gap="16px")),
        w.HBox([outlet_w, color_w], layout=w.Layout(grid_gap="16px")),
        w.HBox([date_w, date_label], layout=w.Layout(grid_gap="12px", align_items="center")),
        status, hint, plot_out, actor_w, evidence,
    ])
    box.controls = controls
    box.click = click
    return box
