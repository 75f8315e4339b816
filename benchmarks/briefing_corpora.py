"""The corpora the briefing is judged and timed on, selected the same way every run (seeded).

* ``north_korea``: articles of the News Articles corpus that name North Korea in the title
  or text (a keyword selection), a seeded sample of 50.
* ``zelenskyy_putin``: presidential releases of Zelenskyy (president.gov.ua) and Putin
  (kremlin.ru) dated within a week of 24 February 2022, a seeded sample of 25 of each.
* ``news_sample``: a seeded sample of 500 News Articles on any subject (the speed benchmark).

Each function returns the articles table (``load_articles``) or None, with a message, when
``../shared/corpora`` is absent. Used by ``eval_briefing.py`` and ``briefing_speed.py``.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSANALYSIS_SHARED", REPO.parent / "shared")) / "corpora"
NEWS = SHARED / "newsarticles" / "NewsArticles.csv"
ZP = SHARED / "zelenskyy-putin"
AROUND = pd.Timestamp("2022-02-24", tz="UTC")


def _load(df: pd.DataFrame, **mapping) -> pd.DataFrame:
    from newsanalysis import load_articles

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # repairs and furniture warnings are the loader's business
        return load_articles(df, **mapping)


def _news() -> pd.DataFrame | None:
    if not NEWS.exists():
        print(f"skipped: {NEWS} not found (needs ../shared/corpora)")
        return None
    return pd.read_csv(NEWS, encoding="latin-1")


def north_korea(n: int = 50, seed: int = 1) -> pd.DataFrame | None:
    """``n`` News Articles naming North Korea, sampled with ``seed``."""
    df = _news()
    if df is None:
        return None
    named = (df["title"].fillna("").str.contains("North Korea", case=False)
             | df["text"].fillna("").str.contains("North Korea", case=False))
    return _load(df[named].sample(n, random_state=seed))


def zelenskyy_putin(n: int = 50, seed: int = 1, days: int = 7) -> pd.DataFrame | None:
    """``n // 2`` releases of each president dated within ``days`` of 24 February 2022."""
    if not ZP.exists():
        print(f"skipped: {ZP} not found (needs ../shared/corpora)")
        return None
    parts = []
    for who, outlet in (("zelenskyy", "President of Ukraine"), ("putin", "President of Russia")):
        df = pd.read_csv(ZP / f"{who}.csv")
        when = pd.to_datetime(df["date"], utc=True)
        near = df[(when - AROUND).abs() <= pd.Timedelta(days=days)]
        parts.append(near.sample(n // 2, random_state=seed)[["link", "headline", "date", "body"]]
                     .assign(outlet=outlet))
    return _load(pd.concat(parts, ignore_index=True), text="body", title="headline", published="date",
                 url="link", outlet="outlet")


def news_sample(n: int = 500, seed: int = 1) -> pd.DataFrame | None:
    """``n`` News Articles on any subject, sampled with ``seed``."""
    df = _news()
    return None if df is None else _load(df.sample(n, random_state=seed))
