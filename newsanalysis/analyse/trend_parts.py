"""The escalation trend as sums: partial counts of a part of the corpus, added up, then the table.

:func:`~newsanalysis.analyse.trends.escalation_trend` counts hits and words per period and
group. Every figure of its table is a sum, a maximum or a count of distinct articles (an
article is in one part only), so it can be computed from :func:`trend_partials` of each
part of a corpus added up by :func:`combine_partials`: small frames, one row per period,
group, outlet or term. :func:`trend_table` turns them into the table. The pandas path
takes the whole corpus as one part, so both paths run the same code.
"""

from __future__ import annotations

import pandas as pd

from newsanalysis.analyse.composition import outlet_mix, outlet_rates

__all__ = ["TREND_COLUMNS", "combine_partials", "trend_partials", "trend_table"]

TREND_COLUMNS = ["period", "group", "hits", "deescalatory_hits", "n_words", "hits_per_1000_words",
                 "mean_rung", "max_rung", "nuclear_share", "conditional_share", "n_articles",
                 "n_articles_total", "top_terms", "n_outlets", "outlet_mix", "mix_change", "mix_shift"]
_PG = ["period", "group"]


def trend_partials(arts: pd.DataFrame, hits: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The counts of one part: ``arts`` (its dated articles with ``period``, ``group``,
    ``outlet``, ``n_words``) and ``hits`` (its counted hits with ``period`` and ``group``)."""
    esc = hits["polarity"] == "escalatory"
    h = hits.assign(_esc=esc.astype(int), _de=(hits["polarity"] == "de-escalatory").astype(int),
                    _nuc=(esc & hits["nuclear"].astype(bool)).astype(int),
                    _cond=hits["conditional"].astype(bool).astype(int))
    return {
        "denom": arts.groupby(_PG, sort=True).agg(n_words=("n_words", "sum"),
                                                  n_articles_total=("article_id", "nunique")).reset_index(),
        "hits": h.groupby(_PG, sort=True).agg(
            n=("rung", "size"), hits=("_esc", "sum"), deescalatory_hits=("_de", "sum"),
            rung_sum=("rung", "sum"), max_rung=("rung", "max"), nuclear=("_nuc", "sum"),
            conditional=("_cond", "sum"), n_articles=("article_id", "nunique")).reset_index(),
        "terms": hits[esc].groupby([*_PG, "term"]).size().rename("count").reset_index(),
        "esc_outlet": hits[esc].groupby([*_PG, "outlet"]).size().rename("hits").reset_index(),
        "words_outlet": arts.groupby(["period", "outlet"], as_index=False)["n_words"].sum(),
        "mix": arts.groupby(["period", "outlet"]).size().rename("count").reset_index(),
    }


_KEYS = {"denom": _PG, "hits": _PG, "terms": [*_PG, "term"], "esc_outlet": [*_PG, "outlet"],
         "words_outlet": ["period", "outlet"], "mix": ["period", "outlet"]}


def combine_partials(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The counts of two parts added up (the highest rung is the higher of the two)."""
    out = {}
    for name, keys in _KEYS.items():
        both = pd.concat([f for f in (a[name], b[name]) if len(f)] or [a[name]], ignore_index=True)
        how = {c: ("max" if c == "max_rung" else "sum") for c in both.columns if c not in keys}
        out[name] = both.groupby(keys, sort=True).agg(how).reset_index() if len(both) else both
    return out


def _top_terms(counts: pd.Series, n: int) -> str:
    counts = counts.sort_index(kind="stable").sort_values(ascending=False, kind="stable")
    return "; ".join(f"{t} ({c})" for t, c in counts.head(n).items())


def trend_table(p: dict[str, pd.DataFrame], *, by: str | None, rate: str, top_n: int,
                mix_threshold: float) -> pd.DataFrame:
    """The trend table (:func:`~newsanalysis.analyse.trends.escalation_trend`) from a
    corpus's counts."""
    denom, agg = p["denom"], p["hits"]
    if by in (None, "outlet"):
        grid = denom
    else:
        groups = sorted(agg["group"].dropna().unique().tolist())
        periods = denom.groupby("period", as_index=False)[["n_words", "n_articles_total"]].sum()
        grid = periods.merge(pd.DataFrame({"group": groups}), how="cross") if groups else periods.iloc[0:0].assign(group=[])
    terms = {k: g.set_index("term")["count"] for k, g in p["terms"].groupby(_PG, sort=True)}
    rows = [{
        "period": r.period, "group": r.group, "hits": int(r.hits), "deescalatory_hits": int(r.deescalatory_hits),
        "mean_rung": float(r.rung_sum / r.n), "max_rung": int(r.max_rung),
        "nuclear_share": float(r.nuclear / r.hits) if r.hits else float("nan"),
        "conditional_share": float(r.conditional / r.n), "n_articles": int(r.n_articles),
        "top_terms": _top_terms(terms[(r.period, r.group)], top_n) if (r.period, r.group) in terms else "",
    } for r in agg.itertuples(index=False)]
    agg_cols = ["hits", "deescalatory_hits", "mean_rung", "max_rung", "nuclear_share",
                "conditional_share", "n_articles", "top_terms"]
    if rows:
        out = grid.merge(pd.DataFrame(rows), on=_PG, how="left")
    else:
        out = grid.assign(**{c: float("nan") for c in agg_cols}).assign(top_terms="")
    for col in ("hits", "deescalatory_hits", "n_articles"):
        out[col] = out[col].fillna(0).astype(int)
    out["max_rung"] = out["max_rung"].astype("Int64")
    out["top_terms"] = out["top_terms"].astype(object).fillna("")
    out["n_words"] = out["n_words"].astype(int)
    out["n_articles_total"] = out["n_articles_total"].astype(int)
    words = out["n_words"].where(out["n_words"] > 0)
    out["hits_per_1000_words"] = (out["hits"] * 1000.0 / words).astype(float)
    if rate != "pooled" and by != "outlet" and len(out):
        counts = p["esc_outlet"]
        if not len(counts):  # no hits: every rate is zero, for every group of the grid
            counts = pd.DataFrame({"period": [], "group": [], "outlet": [], "hits": []})
        rates = outlet_rates(counts.assign(group=counts["group"].astype(object)), p["words_outlet"], method=rate)
        controlled = out[_PG].merge(rates, on=_PG, how="left")["rate"]
        out["hits_per_1000_words"] = controlled.fillna(0.0).where(words.notna()).to_numpy(dtype=float)
    m = p["mix"]
    arts = pd.DataFrame({"period": m["period"].repeat(m["count"]).to_numpy(),
                         "outlet": m["outlet"].repeat(m["count"]).to_numpy()})
    out = out.merge(outlet_mix(arts, threshold=mix_threshold), on="period", how="left")
    return out[TREND_COLUMNS].sort_values(_PG, kind="stable").reset_index(drop=True)
