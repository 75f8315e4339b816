"""Judge a validation sample by hand in the workbook, and plot what the judging found.

:func:`labelling_widget` shows one item at a time: where it comes from, the previous
sentence, the passage with the judged spans highlighted, the values to judge, and one row of
yes / no / unsure buttons per question. Every answer is written to the label file the moment
it is given (:func:`~newsanalysis.analyse.labels.save_labels`), so a kernel restart loses
nothing; opened again, by the same coder or another, the widget starts at the first item
that coder has not finished. Keyboard: click the *keys* box, then ``y`` / ``n`` / ``u``
answer the next open question (the widget moves on when the last one is answered), ``b``
goes back, ``s`` skips.

:func:`plot_validation` draws the precision of each field with its Wilson interval, per
coder and stratum, from a :class:`~newsanalysis.analyse.validation_report.ValidationReport`.
"""

from __future__ import annotations

import html
from itertools import pairwise

import pandas as pd
import plotly.graph_objects as go

from newsanalysis.analyse.labels import read_labels, save_labels
from newsanalysis.analyse.validation import FIELDS
from newsanalysis.show import plot_text

__all__ = ["item_html", "labelling_widget", "next_open_item", "plot_validation"]

#: Highlight colours of the judged spans, by role.
MARK_COLOURS = {"speaker": "#cfe2ff", "cue": "#ffd8a8", "content": "#fff3bf", "term": "#ffc9c9",
                "mention": "#d3f9d8", "actor": "#d3f9d8"}
_KEYS = {"y": "yes", "n": "no", "u": "unsure", "?": "unsure"}


def _marked(passage: str, marks) -> str:
    """The passage as HTML with each mark (start, end, role) highlighted; overlaps nest."""
    events = sorted({0, len(passage), *(int(a) for a, _, _ in marks), *(int(b) for _, b, _ in marks)})
    out = []
    for a, b in pairwise(events):
        roles = [r for s, e, r in marks if int(s) <= a and b <= int(e)]
        piece = html.escape(passage[a:b])
        for role in roles:
            colour = MARK_COLOURS.get(role, "#e9ecef")
            piece = f'<span title="{role}" style="background:{colour};padding:1px 0">{piece}</span>'
        out.append(piece)
    return "".join(out)


def item_html(item) -> str:
    """One sample item as HTML: source line, previous sentence, highlighted passage, values."""
    published = pd.Timestamp(item["published"]).strftime("%Y-%m-%d") if pd.notna(item.get("published")) else "undated"
    source = " · ".join(x for x in [str(item.get("outlet") or ""), published, str(item.get("title") or ""),
                                    f"{item['article_id']} #{item['sent_idx']}"] if x)
    legend = " ".join(f'<span style="background:{MARK_COLOURS.get(r, "#e9ecef")}">&nbsp;{r}&nbsp;</span>'
                      for r in dict.fromkeys(r for _, _, r in item["marks"]))
    values = "".join(f"<tr><th style='text-align:left;padding-right:1em'>{html.escape(str(k))}</th>"
                     f"<td style='text-align:left'>{html.escape(str(v))}</td></tr>"
                     for k, v in dict(item["values"]).items())
    previous = html.escape(str(item.get("previous_sentence") or ""))
    return (f"<div style='font-size:13px;color:#555'>{html.escape(source)} · stratum "
            f"<b>{html.escape(str(item['stratum']))}</b></div>"
            f"<p style='color:#888;margin:.4em 0'>{previous}</p>"
            f"<p style='font-size:15px;line-height:1.5;margin:.4em 0'>{_marked(item['passage'], item['marks'])}</p>"
            f"<div style='font-size:12px'>{legend}</div><table style='margin-top:.4em'>{values}</table>")


def _answers(labels: pd.DataFrame, coder: str) -> dict[tuple[str, str], dict[str, str]]:
    """{(item_id, fingerprint): {field: answer}} of one coder (latest answer wins)."""
    mine = labels[labels["coder"] == coder]
    out: dict[tuple[str, str], dict[str, str]] = {}
    for item_id, fp, fld, label in zip(mine["item_id"], mine["fingerprint"], mine["field"], mine["label"]):
        out.setdefault((item_id, fp), {})[fld] = label
    return out


def next_open_item(sample: pd.DataFrame, labels: pd.DataFrame, coder: str, *, after: int = -1) -> int | None:
    """Position of the first item after ``after`` that ``coder`` has not answered fully
    (an answer counts only for the item as it was judged: same ``fingerprint``); None when
    every item is done."""
    fields = list(sample.attrs.get("fields") or FIELDS[sample.attrs.get("table", "claims")])
    done = _answers(labels, coder)
    order = list(range(after + 1, len(sample))) + list(range(after + 1))
    for i in order:
        got = done.get((sample["item_id"].iloc[i], sample["fingerprint"].iloc[i]), {})
        if any(f not in got for f in fields):
            return i
    return None


def labelling_widget(sample: pd.DataFrame, labels, *, coder: str):
    """A widget to judge ``sample`` by hand, saving every answer to ``labels`` as it is given.

    Parameters
    ----------
    sample
        From :func:`~newsanalysis.analyse.validation.validation_sample`.
    labels
        The label file (``.csv`` or ``.parquet``; see
        :func:`~newsanalysis.analyse.labels.labels_path`), created on the first answer.
    coder
        Your name or initials: answers are kept per coder, so two coders can share a file.

    Returns
    -------
    ipywidgets.VBox
        With ``controls`` (``fields``: {field: ToggleButtons}, ``keys``, ``back``, ``skip``,
        ``progress``, ``item``, ``status``) and ``state`` (``position``, the current item, or
        None when all are done).
    """
    import ipywidgets as w

    if not str(coder).strip():
        raise ValueError("labelling_widget needs a coder name (coder='...')")
    fields = dict(sample.attrs.get("fields") or FIELDS[sample.attrs.get("table", "claims")])
    state = {"labels": read_labels(labels), "position": None, "loading": False}
    progress = w.HTML()
    item_box = w.HTML(layout=w.Layout(border="1px solid #ddd", padding="6px 10px"))
    toggles = {f: w.ToggleButtons(options=[("yes", "yes"), ("no", "no"), ("unsure", "unsure")], value=None,
                                  style={"button_width": "70px"}) for f in fields}
    rows = [w.VBox([w.HTML(f"<b>{html.escape(f)}</b>: {html.escape(q)}"), toggles[f]]) for f, q in fields.items()]
    note = w.Text(placeholder="note (optional, kept with the next answer)", layout=w.Layout(width="420px"))
    keys = w.Text(placeholder="keys: y / n / u answer · b back · s skip", description="Keys",
                  continuous_update=True, layout=w.Layout(width="420px"))
    back, skip = w.Button(description="◀ back"), w.Button(description="skip ▶")
    status = w.HTML()

    def n_done() -> int:
        done = _answers(state["labels"], coder)
        return sum(all(f in done.get((i, fp), {}) for f in fields)
                   for i, fp in zip(sample["item_id"], sample["fingerprint"]))

    def update_progress():
        position = state["position"]
        progress.value = (f"<b>{html.escape(coder)}</b>: {n_done()} of {len(sample)} items labelled · "
                          + (f"item {position + 1} of {len(sample)}" if position is not None else "all done"))

    def show(position):
        state["position"] = position
        update_progress()
        if position is None:
            item_box.value = "<p><b>Every item of this sample has your answers.</b> Read the report below.</p>"
            for t in toggles.values():
                state["loading"] = True
                t.value = None
                state["loading"] = False
            return
        item = sample.iloc[position]
        item_box.value = item_html(item)
        got = _answers(state["labels"], coder).get((item["item_id"], item["fingerprint"]), {})
        state["loading"] = True
        try:
            for f, t in toggles.items():
                t.value = got.get(f)
        finally:
            state["loading"] = False

    def answer(fld: str, value: str) -> None:
        if state["position"] is None:
            return
        item = sample.iloc[state["position"]]
        rows_ = save_labels(labels, item, {fld: value}, coder=coder, note=note.value)
        state["labels"] = pd.concat([state["labels"], pd.DataFrame(rows_)], ignore_index=True)
        note.value = ""
        status.value = f"<small>saved {fld} = {value} for {html.escape(str(item['item_id']))} to {labels}</small>"
        if all(t.value is not None for t in toggles.values()):
            show(next_open_item(sample, state["labels"], coder, after=state["position"]))
        else:
            update_progress()

    def on_toggle(change, fld):
        if not state["loading"] and change["new"] is not None:
            answer(fld, change["new"])

    for f, t in toggles.items():
        t.observe(lambda change, f=f: on_toggle(change, f), names="value")

    def on_keys(change):
        typed = change["new"]
        if not typed:
            return
        for ch in typed.lower():
            if ch in _KEYS:
                open_ = [f for f, t in toggles.items() if t.value is None] or list(toggles)
                if state["position"] is not None:
                    toggles[open_[0]].value = _KEYS[ch]  # saved by on_toggle
            elif ch == "b" and len(sample):
                show(len(sample) - 1 if state["position"] is None else max(0, state["position"] - 1))
            elif ch == "s":
                show(next_open_item(sample, state["labels"], coder, after=state["position"]
                                    if state["position"] is not None else -1))
        keys.value = ""

    keys.observe(on_keys, names="value")
    back.on_click(lambda _: on_keys({"new": "b"}))
    skip.on_click(lambda _: on_keys({"new": "s"}))
    show(next_open_item(sample, state["labels"], coder) if len(sample) else None)
    box = w.VBox([progress, item_box, *rows, note, w.HBox([keys, back, skip]), status])
    box.controls = {"fields": toggles, "keys": keys, "back": back, "skip": skip, "progress": progress,
                    "item": item_box, "status": status, "note": note}
    box.state = state
    return box


def plot_validation(report, *, title: str | None = None) -> go.Figure:
    """Precision of each field with its Wilson 95% interval, per coder and stratum.

    Parameters
    ----------
    report
        A :class:`~newsanalysis.analyse.validation_report.ValidationReport`.

    Returns
    -------
    plotly.graph_objects.Figure
        One row per field (and per stratum under it), one colour per coder; hover gives the
        counts behind each point.
    """
    df = report.precision[report.precision["n"] > 0].copy()
    fig = go.Figure()
    palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"]
    df["row"] = [f"{t} · {f}" + ("" if s == "all" else f" · {s}") for t, f, s in
                 zip(df["table"], df["field"], df["stratum"])]
    order = list(dict.fromkeys(df["row"]))
    for i, (coder, g) in enumerate(df.groupby("coder", sort=True)):
        fig.add_trace(go.Scatter(
            x=g["precision"], y=g["row"], mode="markers", name=plot_text(coder),
            marker={"color": palette[i % len(palette)], "size": [11 if s == "all" else 7 for s in g["stratum"]]},
            error_x={"type": "data", "symmetric": False, "array": g["ci_high"] - g["precision"],
                     "arrayminus": g["precision"] - g["ci_low"], "thickness": 1.5},
            customdata=list(zip(g["yes"], g["n"], g["unsure"], g["ci_low"], g["ci_high"])),
            hovertemplate=("%{y}<br>precision %{x:.2f} [%{customdata[3]:.2f}, %{customdata[4]:.2f}]<br>"
                           "%{customdata[0]} yes of %{customdata[1]} judged, %{customdata[2]} unsure"
                           f"<extra>{html.escape(str(coder))}</extra>")))
    fig.update_layout(
        title={"text": title or "Precision by hand-judged sample (Wilson 95% intervals)", "x": 0.01},
        xaxis={"title": {"text": "precision (share of 'yes' among yes/no answers)"}, "range": [0, 1.02]},
        yaxis={"categoryorder": "array", "categoryarray": order[::-1], "automargin": True},
        template="plotly_white", height=max(260, 120 + 26 * len(order)),
        legend={"title": {"text": "coder"}}, showlegend=True, margin={"l": 20, "r": 20, "t": 60, "b": 50})
    return fig
