"""How long does a briefing take on 500 articles, once they are annotated?

Annotates a seeded sample of News Articles (``briefing_corpora.news_sample``; the annotation
cache makes later runs fast), then builds ``na.briefing`` on it ``--repeat`` times and prints
the best wall time and the CPU time of this process (the machine may be shared: CPU time
is what the briefing itself costs), with the share of each step. Side by side, the same
briefing on the 50-article North Korea selection, and the cost of corroboration on all
claims against the claims the briefing gives it (topic claims that may repeat,
``newsanalysis.analyse.briefing.may_repeat``), with how many of the claims corroboration
groups on all claims the shortcut keeps.

    python benchmarks/briefing_speed.py [--articles 500] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))


def _timed(fn, repeat: int):
    best_wall = best_cpu = float("inf")
    out = None
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        out = fn()
        best_wall = min(best_wall, time.perf_counter() - w)
        best_cpu = min(best_cpu, time.process_time() - c)
    return out, best_wall, best_cpu


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    import briefing_corpora

    import newsanalysis as na
    from newsanalysis.analyse.briefing import _Selection, may_repeat
    from newsanalysis.analyse.topics import story_topics

    results = {}
    for name, articles in (("north_korea", briefing_corpora.north_korea()),
                           ("news_sample", briefing_corpora.news_sample(args.articles + 5))):
        if articles is None:
            return 0
        articles = articles.head(args.articles) if name == "news_sample" else articles
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ann = na.annotate(articles, progress=False)
        b, wall, cpu = _timed(lambda ann=ann: na.briefing(ann), args.repeat)
        results[name] = (ann, b, wall, cpu)
        print(f"{name}: {len(ann.articles)} articles, {len(ann.claims):,} claims, {len(ann.escalation):,} hits -> "
              f"briefing in {wall:.2f} s wall, {cpu:.2f} s CPU (best of {args.repeat}); {len(b.topics)} topics")
    ann = results["news_sample"][0]
    c_topics = _timed(lambda: story_topics(ann), 1)[2]
    c_prov = _timed(lambda: na.provenance(ann), 1)[2]
    full, _, c_all = _timed(lambda: na.corroboration(ann), 1)
    units = story_topics(ann)[1]
    keys = set(zip(units.dropna(subset=["topic_id"])["article_id"], units.dropna(subset=["topic_id"])["sent_idx"]))
    claims = ann.claims[[k in keys for k in zip(ann.claims["article_id"], ann.claims["sent_idx"])]]
    given = claims[may_repeat(claims)]
    part, _, c_part = _timed(lambda: na.corroboration(_Selection(ann, None, claims=given)), 1)
    grouped = {c for ids in full["claim_ids"] for c in ids if c in set(claims["claim_id"])}
    kept = {c for ids in part["claim_ids"] for c in ids}
    print(f"\nsteps on {len(ann.articles)} articles (CPU s): topics {c_topics:.2f}, provenance {c_prov:.2f}")
    print(f"corroboration on all {len(ann.claims):,} claims: {c_all:.2f} s CPU; on the {len(given):,} topic claims "
          f"that may repeat: {c_part:.2f} s CPU (ratio {c_all / max(c_part, 1e-9):.1f}x)")
    print(f"topic claims grouped by corroboration on all claims: {len(grouped)}; kept by the shortcut: "
          f"{len(grouped & kept)} ({len(grouped & kept) / max(1, len(grouped)):.0%})")
    _, _, wall, cpu = results["news_sample"]
    print(f"\n{len(ann.articles)} articles: {wall:.2f} s wall, {cpu:.2f} s CPU -- "
          f"{'under' if wall < 10 else 'OVER'} the 10 s budget (wall)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
