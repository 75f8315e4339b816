"""The claim explorer: filter the claims, click one (or a flow of the Sankey), read its evidence.

:func:`provenance_explorer` lists the claims as rows (publisher, speaker, status, content)
in a list a click selects; the selected claim's evidence is shown beside it: the sentence with
its article's title, outlet, date and link, the chain it travelled, its status and anonymity.
Above, the origin → conduit → publisher Sankey is a plotly ``FigureWidget``: clicking a flow
keeps the claims that travelled it. Filters: origin (anonymous or named), status, outlet and a
text search. The callbacks call :func:`~newsanalysis.analyse.provenance.filter_provenance` and
the pure functions below.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from newsanalysis.analyse.provenance import filter_provenance, provenance, provenance_graph
from newsanalysis.show import short_label
from newsanalysis.show.evidence import article_meta, source_html
from newsanalysis.show.provenance import plot_provenance_sankey, sankey_links

__all__ = ["claim_html", "claim_rows", "provenance_explorer"]

#: Rows the list shows at once (the search narrows them).
MAX_ROWS = 300


def claim_rows(prov: pd.DataFrame, *, query: str = "", claim_ids=None) -> pd.DataFrame:
    """The claims a list shows: those whose speaker, origin, publisher or content contains
    ``query`` (any case), and only ``claim_ids`` when given."""
    df = prov
    if claim_ids is not None:
        df = df[df["claim_id"].isin(set(claim_ids))]
    q = query.strip().casefold()
    if q:
        hay = (df["speaker"].astype(str) + " " + df["origin"].astype(str) + " " + df["publisher"].astype(str)
               + " " + df["content"].astype(str)).str.casefold()
        df = df[hay.str.contains(q, regex=False)]
    return df


def _row_label(r) -> str:
    return (f"{short_label(r.publisher, 24)} · {short_label(r.speaker, 28)} · {r.status} · "
            f"{short_label(r.content, 90)}")


def claim_html(prov: pd.DataFrame, claim_id: str | None, ann=None, *, meta: dict | None = None) -> str:
    """One claim as a reader checks it: what, who, the chain, status and anonymity, and the
    sentence with its article's title, outlet, date and link."""
    rows = prov[prov["claim_id"] == claim_id] if claim_id else prov.iloc[0:0]
    if rows.empty:
        return "<i>Click a claim in the list to see its evidence.</i>"
    r = rows.iloc[0]
    meta = article_meta(ann) if meta is None and ann is not None else (meta or {})
    anon = f"anonymous ({html.escape(str(r['anonymity_reason']))})" if r["anonymous"] else "named"
    return (f"<h4>{html.escape(str(r['content']))}</h4>"
            f"<p><b>speaker</b> {html.escape(str(r['speaker']))} · <b>origin</b> {anon} · "
            f"<b>status</b> {html.escape(str(r['status']))}<br><b>chain</b> {html.escape(str(r['chain_text']))}</p>"
            f"<p><small>{source_html(meta.get(r['article_id']), r['article_id'])} · sentence "
            f"{int(r['sent_idx']) + 1}</small><br>{html.escape(str(r['evidence']))}</p>")


def provenance_explorer(ann, *, max_links: int = 60):
    """Filter the claims by origin, status, outlet, a search or a flow of the Sankey; click a
    claim to read its evidence.

    Returns an ``ipywidgets.VBox`` whose ``controls`` name its widgets (``figure`` is the
    Sankey's ``FigureWidget``) and whose ``click_link(index)`` does what a click on the
    Sankey's link ``index`` does.
    """
    import ipywidgets as w

    prov = provenance(ann)
    meta = article_meta(ann)
    outlets = sorted({p for p in prov["publisher"]} | {c for cs in prov["conduits"] for c in cs})
    style = {"description_width": "initial"}
    # "any" has the value "" (a Dropdown whose value is None shows a blank box)
    anon = w.Dropdown(options=[("any", ""), ("anonymous origin", True), ("named origin", False)], value="",
                      description="Origin", style=style)
    status = w.Dropdown(options=[("any", "")] + [(s, s) for s in sorted(prov["status"].unique())], value="",
                        description="Status", style=style)
    outlet = w.Dropdown(options=[("any", "")] + [(o, o) for o in outlets], value="", description="Outlet",
                        style=style, layout=w.Layout(width="360px"))
    search = w.Text(placeholder="search speaker, origin, outlet, content …", layout=w.Layout(width="320px"))
    flow = w.HTML()
    clear_flow = w.Button(description="all flows", layout=w.Layout(width="auto"), disabled=True)
    count = w.HTML()
    listing = w.Select(options=[], rows=12, layout=w.Layout(width="100%"))
    detail = w.HTML(claim_html(prov, None))
    edges = sankey_links(provenance_graph(ann), max_links=max_links) if len(prov) else []
    fig = go.FigureWidget(plot_provenance_sankey(ann, max_links=max_links)) if len(prov) else None
    state: dict = {"link": None}

    def refresh(*_):
        df = filter_provenance(prov, anonymous=None if anon.value == "" else anon.value,
                               status=status.value or None, outlet=outlet.value or None)
        link = state["link"]
        df = claim_rows(df, query=search.value, claim_ids=None if link is None else edges[link][2]["claim_ids"])
        if df.empty:
            why = "no claim in this corpus" if prov.empty else "no claim matches these filters; set one back to 'any'"
            count.value = f"<p>0 claims: {why}.</p>"
        else:
            more = f" (the first {MAX_ROWS}; search to narrow)" if len(df) > MAX_ROWS else ""
            count.value = f"<p>{len(df)} claim(s){more}. Click one to see its evidence.</p>"
        previous = listing.value
        listing.options = [(_row_label(r), r.claim_id) for r in df.head(MAX_ROWS).itertuples(index=False)]
        ids = [v for _, v in listing.options]
        listing.value = previous if previous in ids else (ids[0] if ids else None)
        show_claim()

    def show_claim(*_):
        detail.value = claim_html(prov, listing.value, meta=meta)

    def click_link(index: int | None) -> None:
        state["link"] = index if index is not None and 0 <= index < len(edges) else None
        if state["link"] is None:
            flow.value, clear_flow.disabled = "", True
        else:
            u, v, d = edges[state["link"]]
            g = provenance_graph(ann)
            flow.value = (f"<b>flow:</b> {html.escape(str(g.nodes[u]['label']))} → "
                          f"{html.escape(str(g.nodes[v]['label']))} ({d['weight']} claim(s))")
            clear_flow.disabled = False
        refresh()

    if fig is not None:
        def on_click(trace, points, _state):
            if points.point_inds:
                click_link(points.point_inds[0])

        fig.data[0].on_click(on_click)
    for ctl in (anon, status, outlet, search):
        ctl.observe(refresh, names="value")
    listing.observe(show_claim, names="value")
    clear_flow.on_click(lambda _: click_link(None))
    refresh()
    hint = w.HTML("<small>Click a flow of the chart to keep its claims; click a claim for its evidence.</small>")
    parts = [w.HBox([anon, status, outlet]), w.HBox([search, flow, clear_flow]), hint]
    parts += [fig] if fig is not None else []
    box = w.VBox([*parts, count, listing, detail])
    box.controls = {"origin": anon, "status": status, "outlet": outlet, "search": search, "list": listing,
                    "evidence": detail, "count": count, "figure": fig, "flow": flow}
    box.click_link = click_link
    return box
