"""Escalation trends: how the language of escalation moves over time, and who uses it.

Pure functions over an :class:`~newsanalysis.annotations.Annotations` object (or any object
with ``articles``, ``escalation`` and, for speakers and evidence, ``claims``, ``actors`` and
``sentences`` DataFrames). The widget in :mod:`newsanalysis.show.escalation` calls exactly
these functions.

Counting rules
--------------
* A **hit** is an escalatory row of ``ann.escalation`` whose ``usage`` is an event, a threat
  or a statement (:data:`~newsanalysis.annotate.usage.COUNTED_USAGES`: what happens, what is
  threatened, what is said; ``usages=`` chooses others, ``None`` takes every row) and that is
  not negated (a negated hit, "will not escalate", is neutralised; ``include_negated=True``
  counts it anyway). A mention of the war as a topic ("after the war"), as history ("since
  2014") or inside a name stays in the table but is not counted. Conditional hits ("could
  escalate") count: threats are conditional by nature; the ``conditional_share`` column says
  how many were.
* De-escalatory rows (rung 0, "peace negotiations") are counted apart, in
  ``deescalatory_hits``; they pull ``mean_rung`` down, so a period of talks reads lower.
* Rates are per 1,000 words of the articles published in the period (and, by outlet, of
  that outlet). Split by speaker, actor or category, the denominator stays the period's
  whole corpus: "how much of the period's text is X's escalation language".
* **Composition.** Every point carries the period's article and word counts and its outlet
  mix (``outlet_mix``, ``n_outlets``, ``mix_change``, ``mix_shift``): a pooled rate moves when
  outlets join or leave the corpus. ``rate="outlet_mean"`` averages the rates within each
  outlet, ``rate="outlet_adjusted"`` standardises on each outlet's own level (an outlet that
  enters writing as usual does not move the line); see :mod:`newsanalysis.analyse.composition`.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from functools import partial

import pandas as pd

from newsanalysis.analyse.composition import RATES
from newsanalysis.analyse.trend_parts import (
    TREND_COLUMNS,
    combine_partials,
    trend_partials,
    trend_table,
)
from newsanalysis.annotate.usage import COUNTED_USAGES
from newsanalysis.annotations import table_of as _table

__all__ = [
    "COUNTED_USAGES",
    "GROUPINGS",
    "NARRATIVE",
    "RATES",
    "escalation_trend",
    "evidence_for_period",
    "filter_hits",
    "highlight_sentence",
    "hit_table",
    "period_start",
    "trend_comparison",
]

#: Group label of hits not inside any attributed claim (the outlet's own voice).
NARRATIVE = "(narrative)"
UNKNOWN_OUTLET = "(unknown outlet)"
UNRESOLVED = "(unresolved speaker)"
GROUPINGS = (None, "outlet", "speaker", "category", "actor")


def period_start(published: pd.Series, freq: str) -> pd.Series:
    """Start of the period (UTC) containing each timestamp; NaT stays NaT.

    Examples
    --------
    >>> s = pd.Series(pd.to_datetime(["2024-11-17 10:00", "2024-11-18 00:00"], utc=True))
    >>> period_start(s, "W").dt.strftime("%Y-%m-%d").tolist()
    ['2024-11-11', '2024-11-18']
    """
    ts = pd.to_datetime(published, utc=True)
    naive = ts.dt.tz_convert("UTC").dt.tz_localize(None)
    return naive.dt.to_period(freq).dt.start_time.dt.tz_localize("UTC")


def hit_table(ann) -> pd.DataFrame:
    """Every escalation row with its article's date and outlet, speaker and actor labels.

    Adds ``published``, ``outlet``, ``speaker`` (the claim's speaker, or
    ``"(narrative)"``) and ``actor`` (the speaker's actor name, ``"(narrative)"`` or
    ``"(unresolved speaker)"``). The caller's tables are not modified.
    """
    esc = _table(ann, "escalation").copy()
    arts = _table(ann, "articles")
    meta = arts[["article_id", "published", "outlet"]] if not arts.empty else pd.DataFrame(
        columns=["article_id", "published", "outlet"])
    esc = esc.merge(meta, on="article_id", how="left")
    esc["outlet"] = esc["outlet"].fillna("").replace("", UNKNOWN_OUTLET)
    claims = _table(ann, "claims")
    speaker_of = dict(zip(claims["claim_id"], claims["speaker"])) if "speaker" in claims else {}
    esc["speaker"] = [
        (speaker_of.get(c) or UNRESOLVED) if isinstance(c, str) and c else NARRATIVE
        for c in esc.get("claim_id", pd.Series([None] * len(esc)))
    ]
    actors = _table(ann, "actors")
    name_of = dict(zip(actors["actor_id"], actors["name"])) if "name" in actors else {}
    esc["actor"] = [
        name_of.get(a, UNRESOLVED) if isinstance(a, str) and a else
        (NARRATIVE if not (isinstance(c, str) and c) else UNRESOLVED)
        for a, c in zip(esc.get("speaker_actor_id", pd.Series([None] * len(esc))),
                        esc.get("claim_id", pd.Series([None] * len(esc))))
    ]
    if "nuclear" not in esc:
        esc["nuclear"] = False
    return esc


def filter_hits(
    ann,
    *,
    categories: Iterable[str] | None = None,
    min_rung: int = 0,
    outlets: Iterable[str] | None = None,
    speakers: Iterable[str] | None = None,
    include_negated: bool = False,
    include_conditional: bool = True,
    usages: Iterable[str] | None = COUNTED_USAGES,
) -> pd.DataFrame:
    """The escalation hits that pass the explorer's filters, with date, outlet and speaker.

    Parameters
    ----------
    ann
        Annotations (``articles``, ``escalation``; ``claims`` and ``actors`` for speakers).
    categories
        Keep only these lexicon categories (``None``: all).
    min_rung
        Keep hits on this rung or above (1 drops de-escalatory language).
    outlets, speakers
        Keep only these outlets / speakers (speaker labels as in :func:`hit_table`,
        ``"(narrative)"`` for the outlet's own voice).
    include_negated
        Keep negated hits ("will not escalate"); dropped by default.
    include_conditional
        Keep conditional hits ("could escalate"); kept by default.
    usages
        Keep only hits of these usages (default: event, threat, statement); ``None`` keeps
        every usage. A table without a ``usage`` column (made before usages existed) is
        taken whole.

    Returns
    -------
    pandas.DataFrame
        Rows of :func:`hit_table`, sorted by published, article_id, start.
    """
    hits = hit_table(ann)
    keep = hits["rung"].astype(int) >= int(min_rung)
    if categories is not None:
        keep &= hits["category"].isin(list(categories))
    if outlets is not None:
        keep &= hits["outlet"].isin(list(outlets))
    if speakers is not None:
        keep &= hits["speaker"].isin(list(speakers))
    if not include_negated:
        keep &= ~hits["negated"].astype(bool)
    if not include_conditional:
        keep &= ~hits["conditional"].astype(bool)
    if usages is not None and "usage" in hits.columns:
        keep &= hits["usage"].isin(list(usages))
    out = hits[keep]
    return out.sort_values(["published", "article_id", "start"], kind="stable").reset_index(drop=True)


def escalation_trend(
    ann,
    *,
    freq: str = "W",
    by: str | None = None,
    usages: Iterable[str] | None = COUNTED_USAGES,
    rate: str = "pooled",
    categories: Iterable[str] | None = None,
    min_rung: int = 0,
    outlets: Iterable[str] | None = None,
    speakers: Iterable[str] | None = None,
    include_negated: bool = False,
    top_n: int = 5,
    mix_threshold: float = 0.5,
) -> pd.DataFrame:
    """Escalation language per period and group: a tidy table for plots and reports.

    Parameters
    ----------
    ann
        Annotations (``articles`` with ``published``, ``outlet``, ``n_words``; ``escalation``;
        ``claims`` and ``actors`` for ``by="speaker"``/``"actor"``).
    freq
        pandas period alias: ``"D"``, ``"W"`` (weeks starting Monday), ``"M"``, ``"Q"``, ``"Y"``.
    by
        ``None`` (one series, group ``"all"``), ``"outlet"``, ``"speaker"`` (the claim's
        speaker as written, ``"(narrative)"`` outside claims), ``"category"`` or ``"actor"``
        (the speaker's resolved actor).
    usages
        The usages counted (default event, threat, statement); ``None`` counts every hit,
        as trends did before hits had a usage.
    rate
        How ``hits_per_1000_words`` is computed: ``"pooled"`` (the period's hits over its
        words), ``"outlet_mean"`` (the mean of the rates within each outlet) or
        ``"outlet_adjusted"`` (standardised on each outlet's own level over the whole span;
        see :mod:`newsanalysis.analyse.composition`). By outlet every rate is the pooled one.
    categories, min_rung, outlets, speakers, include_negated
        Filters, as in :func:`filter_hits`.
    top_n
        How many terms to list in ``top_terms``.
    mix_threshold
        ``mix_shift`` marks periods whose outlet mix changed by at least this much (total
        variation distance from the period before, 0 to 1).

    Returns
    -------
    pandas.DataFrame
        One row per (period, group), sorted: ``period`` (UTC start), ``group``, ``hits``
        (counted escalatory hits), ``deescalatory_hits``, ``n_words``,
        ``hits_per_1000_words``, ``mean_rung`` and ``max_rung`` (over escalatory and
        de-escalatory hits; NaN without hits), ``nuclear_share`` (of escalatory hits),
        ``conditional_share``, ``n_articles`` (articles with a hit in the group: a spike
        from one article shows as 1), ``n_articles_total`` (articles published in the period
        and group), ``top_terms`` ("term (count); ..."), and the period's composition:
        ``n_outlets``, ``outlet_mix`` (article shares of the top outlets), ``mix_change`` (0 to
        1, NaN for the first period) and ``mix_shift``. Articles without a date are left out;
        ``attrs["undated_articles"]`` counts them; ``attrs`` also keeps ``freq``, ``by``,
        ``rate`` and ``usages``.

    Examples
    --------
    >>> import newsanalysis as na
    >>> ann = na.annotate(na.load_articles("data/sample"), progress=False)
    >>> trend = escalation_trend(ann, freq="M")   # both sample articles are of November 2024
    >>> trend["period"].dt.strftime("%Y-%m").tolist(), trend["n_articles_total"].tolist()
    (['2024-11'], [2])
    """
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {GROUPINGS}, got {by!r}")
    if rate not in RATES:
        raise ValueError(f"rate must be one of {RATES}, got {rate!r}")
    attrs = {"freq": freq, "by": by, "rate": rate, "usages": None if usages is None else tuple(usages)}
    count = partial(_trend_counts, freq=freq, by=by, usages=None if usages is None else tuple(usages),
                    categories=None if categories is None else tuple(categories), min_rung=min_rung,
                    outlets=None if outlets is None else tuple(outlets),
                    speakers=None if speakers is None else tuple(speakers), include_negated=include_negated)
    if hasattr(ann, "map_parts"):  # a dataset (open_annotations): counted part by part, then added up
        counts = ann.map_parts(count, _add_counts, tables=("articles", "escalation", "claims", "actors"))
    else:
        counts = count(ann)
    if counts["dated"] == 0:  # no dated article: no period to count in (attrs say how many were left out)
        out = pd.DataFrame(columns=TREND_COLUMNS)
    else:
        out = trend_table(counts["partials"], by=by, rate=rate, top_n=top_n, mix_threshold=mix_threshold)
    out.attrs.update(undated_articles=counts["undated"], **attrs)
    return out


def _trend_counts(ann, *, freq, by, usages, categories, min_rung, outlets, speakers, include_negated) -> dict:
    """The counts of :func:`escalation_trend` in ``ann`` (the corpus, or one part of it):
    dated and undated articles, and :func:`~.trend_parts.trend_partials`."""
    arts = _table(ann, "articles")
    if arts.empty:
        return {"dated": 0, "undated": 0, "partials": None}
    arts = arts[["article_id", "published", "outlet", "n_words"]].copy()
    arts["outlet"] = arts["outlet"].fillna("").replace("", UNKNOWN_OUTLET)
    undated = int(arts["published"].isna().sum())
    arts = arts[arts["published"].notna()]
    dated = len(arts)
    if outlets is not None:
        arts = arts[arts["outlet"].isin(list(outlets))]
    arts["period"] = period_start(arts["published"], freq)
    hits = filter_hits(ann, categories=categories, min_rung=min_rung, outlets=outlets,
                       speakers=speakers, include_negated=include_negated, usages=usages)
    hits = hits[hits["article_id"].isin(arts["article_id"])].copy()
    hits["period"] = hits["article_id"].map(dict(zip(arts["article_id"], arts["period"])))
    group_col = {None: None, "outlet": "outlet", "speaker": "speaker", "category": "category",
                 "actor": "actor"}[by]
    hits["group"] = hits[group_col] if group_col else "all"
    arts["group"] = arts["outlet"] if by == "outlet" else "all"
    return {"dated": dated, "undated": undated, "partials": trend_partials(arts, hits)}


def _add_counts(a: dict, b: dict) -> dict:
    """The counts of two parts of a corpus added up."""
    parts = [c["partials"] for c in (a, b) if c["partials"] is not None]
    partials = combine_partials(*parts) if len(parts) == 2 else (parts[0] if parts else None)
    return {"dated": a["dated"] + b["dated"], "undated": a["undated"] + b["undated"], "partials": partials}


#: The ways of counting :func:`trend_comparison` puts side by side: name -> escalation_trend options.
COMPARISONS: dict[str, dict] = {
    "every hit, pooled (before usages)": {"usages": None, "rate": "pooled"},
    "events, threats, statements, pooled": {"rate": "pooled"},
    "events, threats, statements, mean of outlets": {"rate": "outlet_mean"},
    "events, threats, statements, adjusted for outlet mix": {"rate": "outlet_adjusted"},
}


def trend_comparison(ann, *, freq: str = "W", ways: dict[str, dict] | None = None, **filters) -> pd.DataFrame:
    """The headline trend counted in several ways, side by side, one row per period.

    Parameters
    ----------
    ann
        Annotations, as for :func:`escalation_trend`.
    freq
        Period length.
    ways
        name -> options of :func:`escalation_trend` (``usages``, ``rate``); default
        :data:`COMPARISONS`: every hit pooled (how trends counted before hits had a usage)
        against events, threats and statements, pooled, as a mean of outlets and adjusted for
        the outlet mix.
    **filters
        Passed to every :func:`escalation_trend` call (categories, min_rung, outlets, ...).

    Returns
    -------
    pandas.DataFrame
        ``period``, ``n_articles_total``, ``n_words``, ``n_outlets``, ``outlet_mix``,
        ``mix_change``, ``mix_shift``, then one column of hits per 1,000 words per way (named
        by the way), ``hits: <way>`` (the counted hits) and ``articles: <way>`` (articles with a
        counted hit). ``attrs["ways"]`` lists the rate columns in order.
    """
    ways = COMPARISONS if ways is None else ways
    out = None
    for name, options in ways.items():
        t = escalation_trend(ann, freq=freq, **{**filters, **options})
        part = t[["period", "hits_per_1000_words", "hits", "n_articles"]].rename(
            columns={"hits_per_1000_words": name, "hits": f"hits: {name}", "n_articles": f"articles: {name}"})
        if out is None:
            out = t[["period", "n_articles_total", "n_words", "n_outlets", "outlet_mix", "mix_change",
                     "mix_shift"]].merge(part, on="period")
        else:
            out = out.merge(part, on="period", how="left")
    out = out if out is not None else pd.DataFrame(columns=["period"])
    out.attrs.update(freq=freq, ways=list(ways))
    return out


def highlight_sentence(text: str, spans: Sequence[tuple[int, int, str]]) -> str:
    """HTML of ``text`` with each ``(start, end, title)`` span (offsets into ``text``) in a
    ``<mark>``; everything is escaped.

    Examples
    --------
    >>> highlight_sentence("a red line here", [(2, 10, "red line (rung 3)")])
    'a <mark title="red line (rung 3)">red line</mark> here'
    """
    out, pos = [], 0
    for start, end, title in sorted(spans):
        start, end = max(start, pos), min(end, len(text))
        if end <= start:
            continue
        out.append(html.escape(text[pos:start]))
        out.append(f'<mark title="{html.escape(title, quote=True)}">{html.escape(text[start:end])}</mark>')
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def evidence_for_period(
    ann,
    period,
    *,
    freq: str = "W",
    by: str | None = None,
    group: str | None = None,
    **filters,
) -> pd.DataFrame:
    """The sentences behind one point of the trend, with the hits highlighted.

    Parameters
    ----------
    ann
        Annotations (needs ``sentences`` too).
    period
        Any timestamp inside the period (e.g. a ``period`` value of the trend table); ``None``
        for the articles without a publication date, which the trend leaves out.
    freq, by, group
        As in :func:`escalation_trend`; ``group=None`` takes every group.
    **filters
        Passed to :func:`filter_hits` (categories, min_rung, outlets, speakers, ...).

    Returns
    -------
    pandas.DataFrame
        One row per evidence sentence: ``published``, ``outlet``, ``article_id``,
        ``sent_idx``, ``speakers``, ``terms``, ``max_rung``, ``text``, ``html`` (the sentence
        with ``<mark>`` around each hit), sorted by max_rung (desc), published, article,
        sentence.
    """
    cols = ["published", "outlet", "article_id", "sent_idx", "speakers", "terms", "max_rung",
            "text", "html"]
    hits = filter_hits(ann, **filters)
    if hits.empty:
        return pd.DataFrame(columns=cols)
    if period is None:  # the hits of the articles without a date, which no period holds
        hits = hits[hits["published"].isna()].copy()
    else:
        target = period_start(pd.Series([pd.Timestamp(period)]), freq).iloc[0]
        hits = hits[hits["published"].notna()].copy()
        hits = hits[period_start(hits["published"], freq) == target]
    if by is not None and group is not None:
        col = {"outlet": "outlet", "speaker": "speaker", "category": "category", "actor": "actor"}[by]
        hits = hits[hits[col] == group]
    if hits.empty:
        return pd.DataFrame(columns=cols)
    sents = _table(ann, "sentences")
    sents = sents[["article_id", "sent_idx", "start", "text"]].rename(columns={"start": "sent_start"})
    hits = hits.merge(sents, on=["article_id", "sent_idx"], how="left")
    rows = []
    for (aid, sidx), g in hits.groupby(["article_id", "sent_idx"], sort=False):
        text = g["text"].iloc[0]
        if not isinstance(text, str):
            continue
        base = int(g["sent_start"].iloc[0])
        spans = []
        for r in g.itertuples(index=False):
            flags = [f for f, on in (("negated", r.negated), ("conditional", r.conditional)) if on]
            title = f"{r.term}: {r.category}, rung {r.rung}, CAMEO {r.cameo}, Goldstein {r.goldstein:+.1f}"
            if isinstance(getattr(r, "usage", None), str):
                title += f", {r.usage}"
            if flags:
                title += " (" + ", ".join(flags) + ")"
            spans.append((int(r.start) - base, int(r.end) - base, title))
        rows.append({
            "published": g["published"].iloc[0], "outlet": g["outlet"].iloc[0],
            "article_id": aid, "sent_idx": int(sidx),
            "speakers": "; ".join(sorted(set(g["speaker"]))),
            "terms": "; ".join(g["term"]), "max_rung": int(g["rung"].max()),
            "text": text, "html": highlight_sentence(text, spans),
        })
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["max_rung", "published", "article_id", "sent_idx"],
                           ascending=[False, True, True, True], kind="stable").reset_index(drop=True)
