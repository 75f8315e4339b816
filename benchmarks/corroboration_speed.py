"""How fast is corroboration on a real corpus, and what does skipping pairs cost?

``corroboration(ann)`` compares claim statements with a rapidfuzz scorer, but only the pairs
that share a word found in at most 100 claims (``corroboration._candidate_pairs``), then cuts
the linked claims into complete-link groups and counts origins, reading the reuse clusters of
``reuse(ann)`` (MinHash/LSH over shingles). This benchmark annotates the News Articles corpus
(../shared/corpora/newsarticles; annotate's cache makes later runs fast), then

1. on the claims of the first ``--articles`` articles (800), scores every cross-article
   pair (rapidfuzz ``cdist``, both cores) and only the candidate pairs, side by side, and
   prints both times, their ratio and how many of the pairs at or above the threshold the
   candidates keep, with the ones they drop, to be read by eye;
2. runs ``reuse(ann)`` and ``corroboration(ann)`` (which computes reuse itself) on the whole
   corpus and prints both times side by side, and the largest groups.

    python benchmarks/corroboration_speed.py [--articles 800] [--threshold 0.7]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("NEWSANALYSIS_SHARED", REPO.parent / "shared")) / "corpora" / "newsarticles" / "NewsArticles.csv"
sys.path.insert(0, str(REPO))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=800, help="articles for the side-by-side comparison")
    ap.add_argument("--threshold", type=float, default=0.7)
    args = ap.parse_args(argv)
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} not found (this benchmark needs ../shared/corpora)")
        return 0

    import numpy as np
    import pandas as pd
    from rapidfuzz import fuzz, process

    from newsanalysis import annotate, load_articles
    from newsanalysis.analyse.corroboration import _candidate_pairs, _similar_pairs, corroboration
    from newsanalysis.analyse.provenance import comparable
    from newsanalysis.analyse.reuse import reuse

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ann = annotate(load_articles(CORPUS), progress=True)
    cut = args.threshold * 100

    first = set(ann.articles["article_id"].iloc[:args.articles])
    sub = ann.claims[ann.claims["article_id"].isin(first)].sort_values("claim_id")
    texts = [comparable(c) for c in sub["content"]]
    keep = [i for i, t in enumerate(texts) if len(t) >= 20]  # corroboration's min_chars
    texts = [texts[i] for i in keep]
    arts = sub["article_id"].iloc[keep].tolist()
    n = len(texts)

    t0 = time.perf_counter()
    m = process.cdist(texts, texts, scorer=fuzz.token_sort_ratio, score_cutoff=cut, workers=-1, dtype=np.uint8)
    a, b = np.nonzero(np.triu(m, 1))
    every = {(x, y) for x, y in zip(a.tolist(), b.tolist()) if arts[x] != arts[y]}
    t_every = time.perf_counter() - t0

    t0 = time.perf_counter()
    kept = {(x, y) for x, y, _ in _similar_pairs(texts, arts, fuzz.token_sort_ratio, cut)}
    t_cand = time.perf_counter() - t0
    n_candidates = len(_candidate_pairs(texts, arts)[0])

    print(f"\n{args.articles} articles, {n:,} claims of 20 characters or more "
          f"({n * (n - 1) // 2:,} pairs; {n_candidates:,} candidate pairs)")
    print(f"every pair: {t_every:.2f} s; candidate pairs only: {t_cand:.2f} s; "
          f"ratio {t_every / t_cand:.1f}x")
    print(f"cross-article pairs at or above {args.threshold}: every pair {len(every)}, "
          f"candidates keep {len(kept & every)} ({len(kept & every) / max(1, len(every)):.0%})")
    print("the pairs the candidates drop (read them: the same claim, or a commonplace?):")
    for x, y in sorted(every - kept):
        print(f"  {fuzz.token_sort_ratio(texts[x], texts[y]):.0f}  {texts[x][:60]!r}  |  {texts[y][:60]!r}")

    t0 = time.perf_counter()
    clusters = reuse(ann)
    t_reuse = time.perf_counter() - t0
    t0 = time.perf_counter()
    groups = corroboration(ann, threshold=args.threshold)
    t_all = time.perf_counter() - t0
    print(f"\nwhole corpus ({len(ann.articles):,} articles, {len(ann.claims):,} claims), on "
          f"{os.cpu_count()} cores:")
    print(f"  reuse: {t_reuse:.1f} s, {clusters['reuse_id'].nunique():,} clusters of {len(clusters):,} articles")
    print(f"  corroboration (reuse included): {t_all:.1f} s, {len(groups):,} groups over two or more "
          f"articles, {int(groups['single_origin'].sum()):,} with a single origin")
    pd.set_option("display.width", 200)
    top = groups.head(15)[["content", "n_articles", "n_outlets", "n_independent_origins", "min_similarity"]]
    print(top.assign(content=top["content"].str.slice(0, 70)).to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main())
