"""The escalation explorer: filter the hits, click a point of the trend, read its sentences.

:func:`escalation_explorer` draws the trend as a plotly ``FigureWidget``: clicking a point
picks its period (and its group), marks it on the chart and lists its sentences, hits
highlighted, each with its article's title, outlet, date and link. Outlets and speakers are
chosen in :func:`~newsanalysis.show.selectors.filtered_select` lists (a text filter, the most
frequent first, all / none / top 10), so 1,301 speakers stay usable. Articles without a date
cannot be placed on the trend: the status line counts them and their hits, and "articles
without a date" in the evidence list shows their sentences.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from newsanalysis.analyse.coverage import left_out_note
from newsanalysis.analyse.trends import (
    NARRATIVE,
    escalation_trend,
    evidence_for_period,
    filter_hits,
)
from newsanalysis.annotate.usage import COUNTED_USAGES
from newsanalysis.show.escalation import (
    METRICS,
    evidence_html,
    explorer_options,
    plot_escalation_trend,
)
from newsanalysis.show.selectors import filtered_select

__all__ = ["UNDATED", "escalation_explorer", "period_options", "status_text"]

#: The value of the evidence list's entry for the articles without a date.
UNDATED = "undated"


def period_options(trend: pd.DataFrame, undated_hits: int) -> list[tuple[str, object]]:
    """The evidence list's entries: each period with hits (busiest label first in time order),
    then the articles without a date when they hold hits."""
    busy = trend.groupby("period")["hits"].sum() if len(trend) else pd.Series(dtype=int)
    opts: list[tuple[str, object]] = [(f"{p:%Y-%m-%d} ({int(n)} hits)", p) for p, n in busy.items()]
    if undated_hits:
        opts.append((f"articles without a date ({undated_hits} hits)", UNDATED))
    return opts


def status_text(ann, trend: pd.DataFrame, undated_hits: int) -> str:
    """The line above the chart: hits and periods, and what the trend leaves out and why."""
    hits = int(trend["hits"].sum()) if len(trend) else 0
    periods = trend["period"].nunique() if len(trend) else 0
    text = f"{hits} escalatory hits in {periods} periods"
    undated = int(trend.attrs.get("undated_articles", 0) or 0)
    if undated:
        text += (f"; {undated} article(s) without a date left out of the trend ({undated_hits} hits: "
                 "choose 'articles without a date' below to read them)")
        if not periods:
            text = (f"No article has a publication date, so there is no trend to draw; {undated} article(s) "
                    f"without a date hold {undated_hits} escalatory hits: choose 'articles without a date' "
                    "below to read them")
    other = left_out_note(ann)
    return html.escape(text) + (f"<br><i>{html.escape(other)}</i>" if other else "")


def escalation_explorer(ann, *, freq: str = "W"):
    """An ipywidgets explorer of the escalation language in ``ann``, linked to its chart.

    Controls: grouping, period length, metric, rate (pooled or controlled for the outlet
    mix), categories, usages (event, threat, statement by default), minimum rung, outlets,
    speakers, and the period whose sentences are listed below the chart; clicking a point of
    the chart picks its period. The callbacks call
    :func:`~newsanalysis.analyse.trends.escalation_trend`, :func:`plot_escalation_trend`,
    :func:`~newsanalysis.analyse.trends.evidence_for_period` and :func:`evidence_html`. The
    returned ``VBox`` has a ``controls`` dict naming its widgets (``figure`` is the current
    ``FigureWidget``) and ``click(trace, index)``, which does what a click on that point does.
    """
    import ipywidgets as w
    from IPython.display import display

    opts = explorer_options(ann)
    hits_all = filter_hits(ann, usages=None)
    wide = {"description_width": "90px"}  # one label width: "Evidence for", "Categories" fit
    # a Dropdown shows a blank box for the value None: "(none)" gets the value "" instead
    by_w = w.Dropdown(options=[(label, value or "") for label, value in opts["by"]], value="",
                      description="Group by", style=wide)
    freq_w = w.Dropdown(options=opts["freqs"], value=freq if freq in dict(opts["freqs"]).values() else "W",
                        description="Period", style=wide)
    metric_w = w.Dropdown(options=[(METRICS[m], m) for m in opts["metrics"]], value="hits_per_1000_words",
                          description="Metric", style=wide, layout=w.Layout(width="340px"))
    cat_w = w.SelectMultiple(options=opts["categories"], value=tuple(opts["categories"]),
                             description="Categories", rows=len(opts["categories"]), style=wide,
                             layout=w.Layout(width="300px"))
    rate_w = w.Dropdown(options=opts["rates"], value="pooled", description="Rate", style=wide,
                        layout=w.Layout(width="340px"))
    usage_w = w.SelectMultiple(options=opts["usages"], value=tuple(COUNTED_USAGES), description="Usages",
                               rows=len(opts["usages"]), style=wide, layout=w.Layout(width="250px"))
    rung_w = w.IntSlider(value=1, min=0, max=max(opts["rungs"]), description="Min rung", style=wide)
    outlet_counts = hits_all["outlet"].value_counts().to_dict() if "outlet" in hits_all else {}
    speaker_counts = hits_all["speaker"].value_counts().to_dict() if "speaker" in hits_all else {}
    outlet_w = filtered_select(opts["outlets"], counts=outlet_counts, description="Outlets", rows=6)
    speaker_w = filtered_select(opts["speakers"], counts=speaker_counts, description="Speakers", rows=6)
    period_w = w.Dropdown(options=[], description="Evidence for", style=wide, layout=w.Layout(width="420px"))
    hint = w.HTML("<small>Click a point of the chart to read the sentences of its period.</small>")
    status = w.HTML()
    plot_out = w.Output()
    evidence = w.HTML()
    state: dict = {"trend": pd.DataFrame(), "fig": None, "group": None}

    def filters() -> dict:
        return {"categories": list(cat_w.value), "min_rung": rung_w.value, "usages": list(usage_w.value),
                "outlets": list(outlet_w.value) if len(outlet_w.value) < len(opts["outlets"]) else None,
                "speakers": list(speaker_w.value) if len(speaker_w.value) < len(opts["speakers"]) else None}

    def undated_hits() -> int:
        hits = filter_hits(ann, **filters())
        return int(((hits["polarity"] == "escalatory") & hits["published"].isna()).sum()) if len(hits) else 0

    def show_evidence(*_):
        value = period_w.value
        if value is None:
            evidence.value = evidence_html(pd.DataFrame())
            return
        by, group = (by_w.value or None, state["group"]) if value != UNDATED else (None, None)
        ev = evidence_for_period(ann, None if value == UNDATED else value, freq=freq_w.value, by=by,
                                 group=group, **filters())
        head = (f"<p><b>{html.escape(str(group))}</b>, " if group is not None else "<p>") + (
            "articles without a date" if value == UNDATED else f"period from {pd.Timestamp(value):%Y-%m-%d}")
        evidence.value = head + f": {len(ev)} sentence(s)</p>" + evidence_html(ev, ann=ann, shown=10)
        _mark(value)

    def _mark(value) -> None:
        fig = state["fig"]
        if fig is None:
            return
        with fig.batch_update():
            fig.layout.shapes = [s for s in fig.layout.shapes if getattr(s, "name", None) != "picked"]
            if value not in (None, UNDATED):
                x = pd.Timestamp(value).tz_convert(None) if pd.Timestamp(value).tzinfo else pd.Timestamp(value)
                fig.add_shape(type="line", x0=x, x1=x, y0=0, y1=1, xref="x", yref="paper", name="picked",
                              line={"color": "#e6550d", "width": 2})

    def click(trace, index: int) -> None:
        if getattr(trace, "type", "") != "scatter" or index >= len(trace.x):
            return
        x = pd.Timestamp(trace.x[index])
        x = x.tz_localize("UTC") if x.tzinfo is None else x
        values = [v for _, v in period_w.options if v != UNDATED]
        if x not in values:
            return
        state["group"] = html.unescape(trace.name) if by_w.value else None  # names are escaped for plotly
        if period_w.value == x:
            show_evidence()
        else:
            state["clicking"] = True
            try:
                period_w.value = x
            finally:
                state["clicking"] = False

    def on_period(*_):
        if not state.get("clicking"):  # picked in the list: every group of the period
            state["group"] = None
        show_evidence()

    def on_click(trace, points, _state):
        if points.point_inds:
            click(trace, points.point_inds[0])

    def redraw(*_):
        trend = escalation_trend(ann, freq=freq_w.value, by=by_w.value or None, rate=rate_w.value,
                                 **filters())
        state["trend"], state["group"] = trend, None
        n_undated = undated_hits()
        status.value = status_text(ann, trend, n_undated)
        leave = (NARRATIVE,) if by_w.value == "speaker" else ()
        fig = go.FigureWidget(plot_escalation_trend(trend, metric=metric_w.value, leave_out=leave))
        for trace in fig.data:
            if trace.type == "scatter":
                trace.on_click(on_click)
        state["fig"] = controls["figure"] = fig
        plot_out.clear_output(wait=True)
        with plot_out:
            display(fig)
        previous = period_w.value
        options = period_options(trend, n_undated)
        period_w.options = options
        values = [v for _, v in options]
        if values:  # keep the reader's period, else the busiest one (the earliest on a tie)
            busy = trend.groupby("period")["hits"].sum() if len(trend) else pd.Series(dtype=int)
            period_w.value = previous if previous in values else (busy.idxmax() if len(busy) else values[0])
        show_evidence()

    controls = {"by": by_w, "freq": freq_w, "metric": metric_w, "rate": rate_w, "usages": usage_w,
                "categories": cat_w, "min_rung": rung_w, "outlets": outlet_w, "speakers": speaker_w,
                "period": period_w, "evidence": evidence, "status": status}
    for widget in (by_w, freq_w, metric_w, rate_w, cat_w, usage_w, rung_w, outlet_w, speaker_w):
        widget.observe(redraw, names="value")
    period_w.observe(on_period, names="value")
    redraw()
    box = w.VBox([
        # one row on a wide page; the lists wrap below the dropdowns on a narrow one
        w.HBox([w.VBox([by_w, freq_w, metric_w, rate_w, rung_w]), cat_w, usage_w, outlet_w, speaker_w],
               layout=w.Layout(flex_flow="row wrap", grid_gap="8px 12px")),
        status, hint, plot_out, period_w, evidence,
    ])
    box.controls = controls
    box.click = click
    return box
