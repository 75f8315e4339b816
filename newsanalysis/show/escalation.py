"""Plots and a widget for escalation trends.

:func:`plot_escalation_trend` draws a table from
:func:`newsanalysis.analyse.trends.escalation_trend` (one line per group, a range slider, hover
with the top terms and the number of articles behind each point, optional event markers) above
a panel of the articles published per period, with the periods whose outlet mix changed
sharply shaded, so a reader sees when a jump comes with a change of corpus.
:func:`plot_trend_comparison` puts several trends of one corpus side by side (counting every
hit or only events, threats and statements; pooled or outlet-controlled rates).
:func:`~newsanalysis.show.escalation_explorer.escalation_explorer` wraps the first in
ipywidgets; its callbacks only call pure functions (:func:`~newsanalysis.analyse.trends.filter_hits`,
:func:`~newsanalysis.analyse.trends.escalation_trend`,
:func:`~newsanalysis.analyse.trends.evidence_for_period`, :func:`explorer_options`,
:func:`evidence_html`), which the tests cover.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from newsanalysis.analyse.trends import hit_table
from newsanalysis.annotate.ladder import LADDER
from newsanalysis.annotate.usage import USAGES
from newsanalysis.show import plot_text
from newsanalysis.show.evidence import article_meta, source_html

__all__ = [
    "METRICS",
    "evidence_html",
    "explorer_options",
    "plot_escalation_trend",
    "plot_trend_comparison",
]

#: metric -> y-axis title (with its unit)
METRICS = {
    "hits_per_1000_words": "escalatory hits per 1,000 words",
    "hits": "escalatory hits (count)",
    "mean_rung": "mean rung (0 = de-escalatory … 8 = nuclear use)",
    "max_rung": "highest rung (0 … 8)",
    "nuclear_share": "share of escalatory hits that are nuclear (0–1)",
    "deescalatory_hits": "de-escalatory hits (count)",
}
PERIOD_NAMES = {"D": "day", "W": "week starting (Monday)", "M": "month", "MS": "month",
                "Q": "quarter", "Y": "year"}
RATE_NAMES = {"pooled": "", "outlet_mean": " (mean of outlets)",
              "outlet_adjusted": " (adjusted for the outlet mix)"}
SHIFT_COLOR = "rgba(255, 160, 0, 0.13)"
PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
           "#7f7f7f", "#bcbd22", "#17becf"]


def _period_volume(df: pd.DataFrame) -> pd.DataFrame:
    """Articles published per period, with its outlet mix (a trend by outlet sums its groups)."""
    if df.attrs.get("by") == "outlet":
        vol = df.groupby("period", as_index=False)["n_articles_total"].sum()
    else:
        vol = df.groupby("period", as_index=False)["n_articles_total"].first()
    if "outlet_mix" in df.columns:
        mix = df.groupby("period", as_index=False)[["outlet_mix", "mix_change", "mix_shift"]].first()
        vol = vol.merge(mix, on="period", how="left")
    return vol.sort_values("period").reset_index(drop=True)


def _period_ends(periods: pd.Series, freq: str) -> list:
    """End of each period (the next period's start), for shading."""
    steps = {"D": pd.Timedelta(days=1), "W": pd.Timedelta(days=7), "M": pd.offsets.MonthBegin(1),
             "MS": pd.offsets.MonthBegin(1), "Q": pd.offsets.QuarterBegin(1, startingMonth=1),
             "Y": pd.offsets.YearBegin(1)}
    step = steps.get(freq, pd.Timedelta(days=1))
    return [t + step for t in pd.to_datetime(periods)]


def plot_escalation_trend(
    trend_df: pd.DataFrame,
    *,
    metric: str = "hits_per_1000_words",
    events: pd.DataFrame | None = None,
    title: str | None = None,
    max_groups: int = 10,
    volume: bool = True,
    leave_out: tuple[str, ...] = (),
) -> go.Figure:
    """A line chart of one metric of an escalation trend table, above the corpus volume.

    Parameters
    ----------
    trend_df
        The output of :func:`~newsanalysis.analyse.trends.escalation_trend`.
    metric
        A column of ``trend_df``: one of :data:`METRICS`.
    events
        Optional markers: a DataFrame with ``date`` and ``label`` columns; each becomes a
        dotted vertical line with its label.
    title
        Figure title (default names the metric).
    max_groups
        Draw at most this many groups (those with the most hits); the title says when some
        were left out.
    volume
        Add a lower panel with the articles published per period (bars; hover gives the
        outlet mix) and shade the periods whose outlet mix changed sharply (``mix_shift``).
    leave_out
        Groups not drawn (e.g. ``"(narrative)"``, whose level flattens a chart by speaker);
        the figure says how many hits they hold.

    Returns
    -------
    plotly.graph_objects.Figure
        One line per group; hover shows the period, value, hits, articles with hits (out of
        articles published), the outlet mix and top terms. The x axis has a range slider.
    """
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {sorted(METRICS)}, got {metric!r}")
    missing = {"period", "group", metric, "hits", "n_articles", "top_terms"} - set(trend_df.columns)
    if missing:
        raise ValueError(f"trend_df lacks columns {sorted(missing)}: pass escalation_trend(...)")
    df = trend_df.copy()
    df["period"] = pd.to_datetime(df["period"], utc=True).dt.tz_localize(None)
    notes = []
    left = df[df["group"].isin(leave_out)]
    if len(left):
        notes.append(f"{', '.join(map(str, dict.fromkeys(left['group'])))} not drawn ({int(left['hits'].sum()):,} hits)")
        df = df[~df["group"].isin(leave_out)]
    undated = int(trend_df.attrs.get("undated_articles", 0) or 0)
    if undated:
        notes.append(f"{undated:,} article(s) without a date left out")
    volume = volume and "n_articles_total" in df.columns and len(df) > 0
    totals = df.groupby("group")["hits"].sum().sort_index()
    groups = totals.sort_values(ascending=False, kind="stable").index.tolist()
    shown, dropped = groups[:max_groups], groups[max_groups:]
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.74, 0.26],
                        vertical_spacing=0.05) if volume else go.Figure()
    place = {"row": 1, "col": 1} if volume else {}
    mix = df["outlet_mix"].fillna("") if "outlet_mix" in df.columns else pd.Series("", index=df.index)
    df["_mix"] = mix.map(plot_text)  # outlet names are read as HTML in the hover
    rate_note = RATE_NAMES.get(trend_df.attrs.get("rate", "pooled"), "") if metric == "hits_per_1000_words" else ""
    for i, group in enumerate(sorted(shown, key=lambda g: (-totals[g], str(g)))):
        g = df[df["group"] == group].sort_values("period")
        total = g["n_articles_total"] if "n_articles_total" in g else g["n_articles"]
        custom = list(zip(g["hits"], g["n_articles"], total, g["top_terms"].fillna("").map(plot_text), g["_mix"]))
        fig.add_trace(go.Scatter(
            x=g["period"], y=g[metric].astype(float), mode="lines+markers", name=plot_text(group),
            line={"color": PALETTE[i % len(PALETTE)]},
            customdata=custom,
            hovertemplate=(
                f"<b>{html.escape(str(group))}</b><br>period from %{{x|%Y-%m-%d}}<br>"
                f"{METRICS[metric]}{rate_note}: %{{y:.2f}}<br>hits: %{{customdata[0]}} in "
                "%{customdata[1]} of %{customdata[2]} articles<br>outlets: %{customdata[4]}<br>"
                "top terms: %{customdata[3]}<extra></extra>"
            ),
        ), **place)
    freq = trend_df.attrs.get("freq", "")
    n_shown = len(shown)
    show_legend = n_shown > 1 or (n_shown == 1 and str(shown[0]) not in ("", "all"))
    legend_rows = -(-n_shown // 5) if show_legend else 0  # about five entries a row at notebook width
    x_title = {"text": f"period ({PERIOD_NAMES.get(freq, freq or 'start')}, UTC)"}
    if volume:
        vol = _period_volume(df)
        fig.add_trace(go.Bar(
            x=vol["period"], y=vol["n_articles_total"], name="articles published", showlegend=False,
            marker={"color": "#9aa5b1"},
            customdata=list(zip(vol.get("outlet_mix", pd.Series("", index=vol.index)).fillna("").map(plot_text))),
            hovertemplate="period from %{x|%Y-%m-%d}<br>%{y} articles<br>outlets: %{customdata[0]}"
                          "<extra></extra>"), row=2, col=1)
        if "mix_shift" in vol.columns:
            shifted = vol[vol["mix_shift"].fillna(False).astype(bool)]
            for start, end in zip(shifted["period"], _period_ends(shifted["period"], freq)):
                fig.add_vrect(x0=start, x1=end, fillcolor=SHIFT_COLOR, line_width=0, layer="below")
            if len(shifted):
                fig.add_annotation(x=shifted["period"].iloc[0], y=1.0, yref="paper", yanchor="bottom",
                                   xanchor="left", showarrow=False, font={"size": 10, "color": "#a05a00"},
                                   text="shaded: the outlet mix changed sharply")
        fig.update_yaxes(title_text="articles", rangemode="tozero", row=2, col=1)
        fig.update_xaxes(title=x_title, rangeslider={"visible": True, "thickness": 0.06}, type="date",
                         row=2, col=1)
        fig.update_yaxes(title_text=METRICS[metric] + rate_note, rangemode="tozero", row=1, col=1)
        fig.update_xaxes(type="date", row=1, col=1)
    else:
        fig.update_layout(
            xaxis={"title": x_title, "rangeslider": {"visible": True, "thickness": 0.08}, "type": "date"},
            yaxis={"title": {"text": METRICS[metric] + rate_note}, "rangemode": "tozero"})
    fig.update_layout(
        title={"text": title or f"Escalation language: {METRICS[metric]}{rate_note}"
               + (f" (top {max_groups} of {len(groups)} groups)" if dropped else ""),
               "x": 0.01, "xanchor": "left", "y": 0.98, "yanchor": "top"},
        hovermode="closest", template="plotly_white",
        hoverlabel={"bgcolor": "white", "font": {"size": 13, "color": "#222"}},
        # the legend is a band between the title and the chart: it never covers a line
        legend={"title": {"text": "group"}, "orientation": "h", "x": 0, "xanchor": "left",
                "y": 1.02, "yanchor": "bottom"},
        showlegend=show_legend,
        height=(560 if volume else 460) + 22 * legend_rows,
        margin={"l": 70, "r": 20, "t": 60 + 22 * legend_rows + (8 if show_legend else 0), "b": 50},
    )
    if df.empty:  # an empty chart always says why
        why = ("No article with a publication date in this selection: a trend needs dates." if undated
               else "No article in this selection.")
        fig.add_annotation(text=why, xref="paper", yref="paper", x=0.5, y=0.6, showarrow=False,
                           font={"size": 14, "color": "#a05a00"})
    if notes:
        fig.add_annotation(text="; ".join(html.escape(n) for n in notes), xref="paper", yref="paper", x=1, y=1.0,
                           xanchor="right", yanchor="bottom", showarrow=False, font={"size": 10, "color": "#666"})
    if events is not None and len(events):
        if not {"date", "label"} <= set(events.columns):
            raise ValueError("events needs 'date' and 'label' columns")
        for d, label in zip(pd.to_datetime(events["date"], utc=True).dt.tz_localize(None),
                            events["label"].astype(str)):
            fig.add_shape(type="line", x0=d, x1=d, y0=0, y1=1, xref="x", yref="paper",
                          line={"dash": "dot", "color": "#555", "width": 1})
            fig.add_annotation(x=d, y=1, yref="paper", text=html.escape(label), showarrow=False,
                               textangle=-90, xanchor="left", yanchor="top", font={"size": 10})
    return fig


def plot_trend_comparison(comparison: pd.DataFrame, *, title: str | None = None,
                          volume: bool = True) -> go.Figure:
    """The table of :func:`~newsanalysis.analyse.trends.trend_comparison` as one line per way of
    counting, above the panel of articles published (periods whose outlet mix changed sharply
    shaded), so the old and the new headline trend can be read side by side."""
    ways = comparison.attrs.get("ways") or [c for c in comparison.columns if c not in (
        "period", "n_articles_total", "n_words", "n_outlets", "outlet_mix", "mix_change", "mix_shift")
        and not c.startswith(("hits: ", "articles: "))]
    long = []
    for way in ways:
        hits = comparison.get(f"hits: {way}", pd.Series(0, index=comparison.index))
        long.append(pd.DataFrame({
            "period": comparison["period"], "group": way, "hits_per_1000_words": comparison[way],
            "hits": hits.fillna(0).astype(int), "top_terms": "",
            "n_articles": comparison.get(f"articles: {way}", pd.Series(0, index=comparison.index)).fillna(0).astype(int),
            "n_articles_total": comparison["n_articles_total"], "outlet_mix": comparison["outlet_mix"],
            "mix_change": comparison["mix_change"], "mix_shift": comparison["mix_shift"]}))
    df = pd.concat(long, ignore_index=True)
    df.attrs.update(freq=comparison.attrs.get("freq", ""), by=None, rate="pooled")
    fig = plot_escalation_trend(df, title=title or "Escalation language, counted four ways",
                                volume=volume)
    fig.update_layout(legend_title_text="counted")
    for trace in fig.data:
        if isinstance(trace, go.Scatter) and trace.name == ways[0]:
            trace.line.dash = "dot"  # the first way is the baseline (by default: before usages)
    return fig


def explorer_options(ann) -> dict:
    """Choices offered by the explorer: groupings, categories (ladder order), rungs,
    outlets and speakers (sorted, most frequent speakers first), usages and rates."""
    hits = hit_table(ann)
    arts = getattr(ann, "articles", pd.DataFrame())
    outlets = sorted({o for o in hits.get("outlet", pd.Series(dtype=str)).astype(str)} |
                     {o for o in arts.get("outlet", pd.Series(dtype=str)).astype(str) if o})
    counts = hits["speaker"].value_counts() if "speaker" in hits else pd.Series(dtype=int)
    counts = counts.sort_index().sort_values(ascending=False, kind="stable")
    return {
        "by": [("(none)", None), ("outlet", "outlet"), ("speaker", "speaker"),
               ("category", "category"), ("actor", "actor")],
        "categories": [step.category for step in LADDER],
        "rungs": [step.rung for step in LADDER],
        "outlets": outlets,
        "speakers": counts.index.tolist(),
        "metrics": list(METRICS),
        "freqs": [("week", "W"), ("month", "M"), ("day", "D"), ("quarter", "Q")],
        "usages": list(USAGES),
        "rates": [("pooled", "pooled"), ("mean of outlets", "outlet_mean"),
                  ("adjusted for outlet mix", "outlet_adjusted")],
    }


def evidence_html(evidence: pd.DataFrame, *, limit: int = 50, ann=None, shown: int | None = None) -> str:
    """The evidence sentences (from :func:`~newsanalysis.trends.evidence_for_period`) as an
    HTML list, hits highlighted, each with its article's title, outlet, date and link (with
    ``ann``; else date and outlet), its speakers and highest rung.

    The first ``shown`` sentences (default all up to ``limit``) are open; the others up to
    ``limit`` are one click away, behind "N more sentences".
    """
    if evidence is None or evidence.empty:
        return "<p><i>No escalation language in this selection.</i></p>"
    meta = article_meta(ann) if ann is not None else {}
    items = []
    for r in evidence.head(limit).itertuples(index=False):
        if r.article_id in meta:
            where = source_html(meta[r.article_id], r.article_id) + f" · sentence {int(r.sent_idx) + 1}"
        else:
            date = pd.Timestamp(r.published).strftime("%Y-%m-%d") if pd.notna(r.published) else "undated"
            where = f"{html.escape(date)} · {html.escape(str(r.outlet))} · {html.escape(str(r.article_id))} #{r.sent_idx}"
        items.append(f"<li><small>{where} · speaker: {html.escape(str(r.speakers))} · rung {r.max_rung}"
                     f"</small><br>{r.html}</li>")
    shown = len(items) if shown is None else shown
    out = "<ol>" + "".join(items[:shown]) + "</ol>"
    if len(items) > shown:
        out += (f"<details><summary>{len(items) - shown} more sentence(s)</summary><ol start='{shown + 1}'>"
                + "".join(items[shown:]) + "</ol></details>")
    if len(evidence) > limit:
        out += f"<p><i>{len(evidence) - limit} more sentences not shown.</i></p>"
    return out
