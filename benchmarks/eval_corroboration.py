"""Corroboration and reuse on News Articles, scored against samples judged by reading.

Usage (from the repository root)::

    NEWSANALYSIS_SHARED=../shared .venv/bin/python benchmarks/eval_corroboration.py
    ... benchmarks/eval_corroboration.py --sheet groups.txt   # write the judging sheet

It annotates ``<shared>/corpora/newsarticles/NewsArticles.csv`` (3,824 articles; the cache
makes later runs fast), then

1. times ``na.reuse(ann)`` and ``na.corroboration(ann)`` on the whole corpus, side by side;
2. scores the groups judged in ``benchmarks/data/corroboration_groups_judged.csv``: the 40
   largest groups and 40 drawn at random (seed 1) from the rest, each read member by member
   and judged for **one claim** (every member states the same thing) and for the **right
   number of independent origins** (the judge's count against the table's);
3. scores the 60 reuse pairs judged in ``benchmarks/data/reuse_pairs_judged.csv``: precision
   of "shares story text" and of "the same story".

A judged group is found again by its claim ids; a group that changed since it was judged is
counted apart ("not judged") and must be judged again. ``--sheet PATH`` writes the two
samples of the current output, each member with outlet, date, speaker, origin and sentence,
for reading.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import newsanalysis as na
from newsanalysis.analyse.corroboration import article_outlets, origin_key
from newsanalysis.analyse.provenance import chains_of

GROUPS = ROOT / "benchmarks" / "data" / "corroboration_groups_judged.csv"
PAIRS = ROOT / "benchmarks" / "data" / "reuse_pairs_judged.csv"
CSV = "corpora/newsarticles/NewsArticles.csv"
SEED = 1
N = 40


def samples(groups: pd.DataFrame) -> pd.DataFrame:
    """The 40 largest groups and 40 drawn (seed 1) from the others, with a ``sample`` column."""
    largest = groups.head(N).assign(sample="largest")
    rest = groups.iloc[N:]
    drawn = rest.sample(n=min(N, len(rest)), random_state=SEED).assign(sample="random")
    return pd.concat([largest, drawn], ignore_index=True)


def key(claim_ids) -> str:
    return " ".join(sorted(claim_ids))


def write_sheet(ann, sample: pd.DataFrame, path: Path) -> None:
    claims = ann.claims.set_index("claim_id")
    arts = ann.articles.set_index("article_id")
    outlets = article_outlets(ann)
    sents = {(a, int(i)): t for a, i, t in zip(ann.sentences["article_id"], ann.sentences["sent_idx"],
                                               ann.sentences["text"])}
    chains = {row["claim_id"]: hops for row, hops in chains_of(ann)}
    with open(path, "w", encoding="utf-8") as f:
        for g in sample.itertuples():
            f.write(f"\n=== {g.sample} {g.group_id}: {g.n_claims} claims, {g.n_articles} articles, "
                    f"{g.n_outlets} outlets, {g.n_independent_origins} origins {g.origin_keys}, "
                    f"min sim {g.min_similarity}\n    centre: {g.content}\n")
            for cid in g.claim_ids:
                c = claims.loc[cid]
                okey = origin_key(chains[cid], anonymous=bool(c["anonymous"]), article_id=c["article_id"],
                                  outlet=outlets[c["article_id"]], actors=ann.actors)
                f.write(f"  - {cid} [{outlets[c['article_id']]} {str(arts.loc[c['article_id'], 'published'])[:10]}] "
                        f"speaker={c['speaker']!r} actor={c['speaker_actor_id']} key={okey}\n"
                        f"      chain: {c['chain_text']}\n      content: {c['content']}\n"
                        f"      sentence: {sents.get((c['article_id'], int(c['sent_idx'])), '')}\n")


def score_groups(sample: pd.DataFrame) -> None:
    if not GROUPS.exists():
        print(f"no judged groups ({GROUPS} is missing): run with --sheet and judge them")
        return
    judged = pd.read_csv(GROUPS, comment="#").set_index("claim_ids")
    now = sample.assign(claim_ids=sample["claim_ids"].map(key)).set_index("claim_ids")
    for name in ("largest", "random", None):
        part = now if name is None else now[now["sample"] == name]
        found = part.index.intersection(judged.index)
        missing = len(part) - len(found)
        j = judged.loc[found]
        one = int((j["one_claim"] == "yes").sum())
        right = int((j["origins_judged"].astype(int) == part.loc[found, "n_independent_origins"].astype(int)).sum())
        n = len(found)
        label = name or "all"
        print(f"  {label:8s} {n:3d} judged groups: one claim {one}/{n} = {one / max(1, n):.1%} "
              f"{_ci(one, n)}; right number of origins {right}/{n} = {right / max(1, n):.1%} {_ci(right, n)}"
              + (f"; {missing} changed since judged (judge again)" if missing else ""))
    found = now.index.intersection(judged.index)
    for ids in found:
        g, j = now.loc[ids], judged.loc[ids]
        wrong_origins = int(j["origins_judged"]) != int(g["n_independent_origins"])
        if j["one_claim"] != "yes" or wrong_origins:
            print(f"    {g['group_id']} ({g['sample']}): one claim {j['one_claim']}, origins "
                  f"{g['n_independent_origins']} (judged {j['origins_judged']}): {j['note']}")


def score_pairs(ann) -> None:
    judged = pd.read_csv(PAIRS, comment="#")
    now = na.reuse_pairs(ann)
    current = set(zip(now["article_a"], now["article_b"]))
    j = judged[[p in current for p in zip(judged["article_a"], judged["article_b"])]]
    n = len(j)
    shares = int((j["shares_text"] == "yes").sum())
    same = int((j["same_story"] == "yes").sum())
    print(f"  {len(now)} pairs reported; {n} of the {len(judged)} judged pairs still reported")
    print(f"  precision, shares story text: {shares}/{n} = {shares / max(1, n):.1%} {_ci(shares, n)}")
    print(f"  precision, the same story:    {same}/{n} = {same / max(1, n):.1%} {_ci(same, n)}")
    strict = j[(j["containment"] >= 0.6) | (j["jaccard"] >= 0.6)]
    k = int((strict["same_story"] == "yes").sum())
    print(f"  (the judged pairs at containment or Jaccard >= 0.6: same story {k}/{len(strict)} = "
          f"{k / max(1, len(strict)):.1%}; a stricter `containment` trades pairs for precision)")
    for r in j[j["same_story"] == "no"].itertuples():
        print(f"    not the same story: {r.title_a[:45]!r} / {r.title_b[:45]!r}: {r.note}")


def _ci(k: int, n: int) -> str:
    lo, hi = na.wilson_interval(k, n)
    return f"(95% CI {lo:.2f}-{hi:.2f})" if n else ""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", help="folder holding corpora/ (default: $NEWSANALYSIS_SHARED or ../shared)")
    ap.add_argument("--sheet", type=Path, help="write the judging sheet of the two samples here")
    args = ap.parse_args(argv)
    shared = Path(args.shared or os.environ.get("NEWSANALYSIS_SHARED") or ROOT.parent / "shared")
    if not (shared / CSV).is_file():
        print(f"skipped: {shared / CSV} not found (this evaluation needs ../shared/corpora)")
        return 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ann = na.annotate(na.load_articles(shared / CSV))
    t0 = time.perf_counter()
    clusters = na.reuse(ann)
    t_reuse = time.perf_counter() - t0
    t0 = time.perf_counter()
    groups = na.corroboration(ann)
    t_cor = time.perf_counter() - t0
    print(f"News Articles: {len(ann.articles):,} articles, {len(ann.claims):,} claims ({os.cpu_count()} cores)")
    print(f"  reuse: {t_reuse:.1f} s ({clusters['reuse_id'].nunique()} clusters, {len(clusters)} articles)   "
          f"corroboration (reuse included): {t_cor:.1f} s ({len(groups):,} groups)")
    sample = samples(groups)
    if args.sheet:
        write_sheet(ann, sample, args.sheet)
        print(f"  judging sheet: {args.sheet}")
    print("claim groups (targets: >= 90% one claim, >= 90% right number of origins):")
    score_groups(sample)
    print("reuse pairs (target: precision >= 0.95):")
    score_pairs(ann)
    return 0


if __name__ == "__main__":
    sys.exit(main())
