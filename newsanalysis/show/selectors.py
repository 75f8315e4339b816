"""A selector that scales: a text filter, the most frequent choices first, select all / none.

A corpus can have 1,301 speakers; a list box of 8 rows cannot show them. :func:`filtered_select`
shows the ``top`` most frequent choices that match the filter text (with their counts), keeps
the selection of the choices the filter hides, and has buttons for all, none and the top
``top_n``. Its ``value`` is the tuple of selected choices, observed like any widget's value.
The pure part, :func:`visible_choices`, is what the tests check.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["filtered_select", "visible_choices"]


def visible_choices(choices: Sequence[str], counts: dict | None, query: str, *, top: int) -> list[str]:
    """The choices the list shows: those containing ``query`` (any case), most frequent first
    (ties in the given order), at most ``top``.

    Examples
    --------
    >>> visible_choices(["Putin", "Biden", "(narrative)", "Blinken"], {"Putin": 3, "Biden": 9, "Blinken": 1,
    ...                 "(narrative)": 40}, "b", top=5)
    ['Biden', 'Blinken']
    """
    q = query.strip().casefold()
    counts = counts or {}
    order = {c: i for i, c in enumerate(choices)}
    found = [c for c in choices if q in str(c).casefold()]
    return sorted(found, key=lambda c: (-counts.get(c, 0), order[c]))[:top]


def filtered_select(choices: Sequence[str], *, counts: dict | None = None, description: str = "",
                    value: Sequence[str] | None = None, top: int = 50, top_n: int = 10, rows: int = 8,
                    width: str = "260px"):
    """A multiple selection with a text filter, counts and all / none / top-N buttons.

    Parameters
    ----------
    choices
        Every choice (e.g. every speaker).
    counts
        choice -> count, shown beside each and used to order them (most frequent first).
    description
        The label above the list.
    value
        The choices selected at first (default: all).
    top
        How many matching choices the list shows at once (type in the filter to find others).
    top_n
        The choices the "top N" button selects.
    rows, width
        Height in rows and width of the list.

    Returns
    -------
    ipywidgets.VBox
        With a ``value`` trait (the selected choices, in the order of ``choices``) and the
        parts in ``controls`` (``filter``, ``list``, ``all``, ``none``, ``top``, ``info``).
    """
    import ipywidgets as w
    import traitlets

    class FilteredSelect(w.VBox):
        value = traitlets.Tuple()

    choices = list(choices)
    counts = dict(counts or {})
    selected = set(choices if value is None else value)
    order = {c: i for i, c in enumerate(choices)}
    text = w.Text(placeholder=f"filter {len(choices):,} …", layout=w.Layout(width=width))
    box = w.SelectMultiple(rows=rows, layout=w.Layout(width=width))
    info = w.HTML()
    small = w.Layout(width="auto", padding="0 6px")
    b_all, b_none = w.Button(description="all", layout=small), w.Button(description="none", layout=small)
    b_top = w.Button(description=f"top {min(top_n, len(choices))}", layout=small)
    head = w.HTML(f"<b>{description}</b>") if description else w.HTML()
    widget = FilteredSelect([head, text, box, w.HBox([b_all, b_none, b_top]), info])
    state = {"syncing": False}

    def label(c) -> str:
        return f"{c} ({counts[c]:,})" if c in counts else str(c)

    def publish():
        widget.value = tuple(sorted(selected, key=order.get))
        shown = len(box.options)
        matching = len(visible_choices(choices, counts, text.value, top=len(choices)))
        more = f"; {matching - shown:,} more match: type to narrow" if matching > shown else ""
        info.value = (f"<small>{len(selected):,} of {len(choices):,} selected; "
                      f"showing {shown:,}{more}</small>")

    def refill(*_):
        visible = visible_choices(choices, counts, text.value, top=top)
        state["syncing"] = True
        box.options = [(label(c), c) for c in visible]
        box.value = tuple(c for c in visible if c in selected)
        state["syncing"] = False
        publish()

    def picked(change):
        if state["syncing"]:
            return
        visible = {c for _, c in box.options}
        selected.difference_update(visible)
        selected.update(change["new"])
        publish()

    def choose(new):
        selected.clear()
        selected.update(new)
        refill()

    text.observe(refill, names="value")
    box.observe(picked, names="value")
    b_all.on_click(lambda _: choose(choices))
    b_none.on_click(lambda _: choose([]))
    b_top.on_click(lambda _: choose(visible_choices(choices, counts, "", top=top_n)))
    refill()
    widget.controls = {"filter": text, "list": box, "all": b_all, "none": b_none, "top": b_top, "info": info}
    widget.choose = choose
    return widget
