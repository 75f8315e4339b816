"""Corpus composition: which outlets make up each period, and rates that do not move with it.

A corpus is rarely balanced over time: an outlet joins the crawl, another stops, a busy week
brings wire copy. A pooled rate (hits per 1,000 words of the whole period) then changes when
the *mix* changes even if no outlet's language does. This module gives every trend period
its outlet mix and a measure of how sharply that mix changed, and two rates that control for
it:

``outlet_mean``
    the rate within each outlet, averaged over the outlets that published in the period
    (each outlet weighs the same, whatever its volume);
``outlet_adjusted``
    indirect standardisation: the period's hits over the hits expected if every outlet wrote
    at its own rate over the whole span, times the overall rate. An outlet that enters the
    corpus writing as it always does adds as many expected as observed hits, so the line does
    not move; it moves when outlets write more or less escalation language than they usually
    do.

Pure functions over small frames; :func:`newsanalysis.analyse.trends.escalation_trend` calls
them.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["RATES", "outlet_mix", "outlet_rates"]

#: How a trend computes ``hits_per_1000_words`` (see the module docstring).
RATES = ("pooled", "outlet_mean", "outlet_adjusted")


def outlet_mix(arts: pd.DataFrame, *, top: int = 3, threshold: float = 0.5, window: int = 4) -> pd.DataFrame:
    """The outlet mix of each period and how much it changed from the period before.

    Parameters
    ----------
    arts
        One row per article with ``period`` and ``outlet``.
    top
        How many outlets to name in ``outlet_mix``.
    threshold
        ``mix_shift`` is set where ``mix_change`` reaches it.
    window
        The mix is compared with the articles of this many periods before, pooled (so a
        period of one stray article does not flag the periods around it).

    Returns
    -------
    pandas.DataFrame
        One row per period (sorted): ``n_outlets``; ``outlet_mix`` ("outlet 62%; outlet 20%;
        ... (+N more)", shares of the period's articles); ``mix_change``, the total variation
        distance between the period's article shares by outlet and those of the ``window``
        periods before it, pooled (0: the same mix, 1: no outlet in common; NaN for the first
        period); ``mix_shift``.

    Examples
    --------
    >>> arts = pd.DataFrame({"period": [1, 1, 2, 2], "outlet": ["a", "a", "a", "b"]})
    >>> outlet_mix(arts)[["period", "outlet_mix", "mix_change", "mix_shift"]].to_dict("records")[1]
    {'period': 2, 'outlet_mix': 'a 50%; b 50%', 'mix_change': 0.5, 'mix_shift': True}
    """
    cols = ["period", "n_outlets", "outlet_mix", "mix_change", "mix_shift"]
    if arts.empty:
        return pd.DataFrame(columns=cols)
    counts = arts.groupby(["period", "outlet"]).size().unstack(fill_value=0).sort_index()
    shares = counts.div(counts.sum(axis=1), axis=0)
    before = counts.rolling(window, min_periods=1).sum().shift(1)
    before = before.div(before.sum(axis=1), axis=0)
    change = 0.5 * (shares - before).abs().sum(axis=1, min_count=1)

    def label(row: pd.Series) -> str:
        row = row[row > 0].sort_index().sort_values(ascending=False, kind="stable")
        named = "; ".join(f"{o} {s:.0%}" for o, s in row.head(top).items())
        return named + (f" (+{len(row) - top} more)" if len(row) > top else "")

    out = pd.DataFrame({
        "period": shares.index,
        "n_outlets": (counts > 0).sum(axis=1).to_numpy(),
        "outlet_mix": [label(r) for _, r in shares.iterrows()],
        "mix_change": change.round(3).to_numpy(),
    })
    out["mix_shift"] = out["mix_change"] >= threshold
    return out[cols].reset_index(drop=True)


def outlet_rates(hits: pd.DataFrame, words: pd.DataFrame, *, method: str) -> pd.DataFrame:
    """Hits per 1,000 words per (period, group), controlled for the outlet mix.

    Parameters
    ----------
    hits
        ``period``, ``group``, ``outlet``, ``hits`` (counted hits of the group in that outlet
        and period; absent rows are zero).
    words
        ``period``, ``outlet``, ``n_words`` (words the outlet published in the period).
    method
        ``"outlet_mean"`` or ``"outlet_adjusted"`` (see the module docstring).

    Returns
    -------
    pandas.DataFrame
        ``period``, ``group``, ``rate`` for every period with words and every group of
        ``hits``.

    Examples
    --------
    An outlet that enters in period 2 writing as it always does (b: 4 per 1,000 words) does not
    move the adjusted rate of outlet a's steady 1 per 1,000:

    >>> words = pd.DataFrame({"period": [1, 2, 2], "outlet": ["a", "a", "b"], "n_words": [1000] * 3})
    >>> hits = pd.DataFrame({"period": [1, 2, 2], "group": "all", "outlet": ["a", "a", "b"],
    ...                      "hits": [1, 1, 4]})
    >>> outlet_rates(hits, words, method="outlet_adjusted")["rate"].round(2).tolist()
    [2.0, 2.0]
    >>> outlet_rates(hits, words, method="outlet_mean")["rate"].round(2).tolist()
    [1.0, 2.5]
    """
    if method not in RATES[1:]:
        raise ValueError(f"method must be one of {RATES[1:]}, got {method!r}")
    words = words[words["n_words"] > 0]
    groups = sorted(hits["group"].dropna().unique().tolist()) if len(hits) else []
    if words.empty or not groups:
        return pd.DataFrame(columns=["period", "group", "rate"])
    grid = words.merge(pd.DataFrame({"group": groups}), how="cross")
    counts = hits.groupby(["period", "group", "outlet"], as_index=False)["hits"].sum()
    grid = grid.merge(counts, on=["period", "group", "outlet"], how="left").fillna({"hits": 0})
    if method == "outlet_mean":
        grid["rate"] = grid["hits"] * 1000.0 / grid["n_words"]
        return grid.groupby(["period", "group"], as_index=False)["rate"].mean()
    own = grid.groupby(["group", "outlet"], as_index=False)[["hits", "n_words"]].sum()
    own["own_rate"] = own["hits"] / own["n_words"]
    grid = grid.merge(own[["group", "outlet", "own_rate"]], on=["group", "outlet"])
    grid["expected"] = grid["n_words"] * grid["own_rate"]
    overall = grid.groupby("group")[["hits", "n_words"]].sum()
    per = grid.groupby(["period", "group"], as_index=False)[["hits", "expected"]].sum()
    level = per["group"].map(overall["hits"] * 1000.0 / overall["n_words"])
    ratio = (per["hits"] / per["expected"].where(per["expected"] > 0)).fillna(0.0)
    per["rate"] = ratio * level
    return per[["period", "group", "rate"]]
