"""How fast are actor resolution and the co-occurrence network, next to annotation?

Annotates all 3,824 articles of ../shared/corpora/newsarticles/NewsArticles.csv once
(under .cache/bench: annotate's cache, the annotated tables, and the cold annotation time,
so later runs, and runs after an edit of the resources, do not parse again), then times,
on the annotated corpus:
  (a) resolve_actors(articles, mentions)          (corpus-level actor resolution)
  (b) actor_network(ann, kind="cooccurrence")      (all actors, min_weight=1)
and prints (a)+(b) in seconds (target < 10 s) and as a fraction of the annotation time.
Then prints the 50 most-mentioned actors, to be checked by eye (duplicates a reader would
merge? wrong merges?).

    python benchmarks/actors_speed.py [--cache-dir .cache/bench] [--top 50] [--repeat 3]

The first run parses every article (several minutes on two cores); later runs read the cache.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import warnings
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("NEWSANALYSIS_SHARED", REPO.parent / "shared")) / "corpora" / "newsarticles" / "NewsArticles.csv"
sys.path.insert(0, str(REPO))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache-dir", default=str(REPO / ".cache" / "bench"))
    ap.add_argument("--top", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--reannotate", action="store_true",
                    help="annotate again even when the annotated tables are saved")
    args = ap.parse_args(argv)
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} not found (this benchmark needs ../shared/corpora)")
        return 0

    import pandas as pd

    from newsanalysis import annotate, load_articles
    from newsanalysis.analyse.networks import actor_network, top_actors
    from newsanalysis.annotate.actors.resolver import resolve_actors

    cache = Path(args.cache_dir)
    cache.mkdir(parents=True, exist_ok=True)
    saved = cache / "actors_speed_tables"  # the annotated corpus, kept apart from annotate's cache:
    record = cache / "actors_speed_annotation.json"  # its keys change with every resource edit
    t_load = t_ann = None
    if saved.is_dir() and record.exists() and not args.reannotate:
        from newsanalysis import Annotations

        ann = Annotations.load(saved)
        articles = ann.articles
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t0 = time.perf_counter()
            articles = load_articles(CORPUS)
            t_load = time.perf_counter() - t0
            t0 = time.perf_counter()
            ann = annotate(articles, cache_dir=cache, progress=True)
            t_ann = time.perf_counter() - t0
        if ann.meta.get("parsed", 0) >= len(articles) * 0.9:
            record.write_text(json.dumps({"seconds": t_ann, "articles": len(articles),
                                          "parsed": ann.meta.get("parsed")}))
        ann.save(saved)
    cold = json.loads(record.read_text())["seconds"] if record.exists() else None

    mentions = ann.mentions.drop(columns=["actor_id"])
    res, net, cpu = [], [], []
    for _ in range(args.repeat):
        c0, t0 = time.process_time(), time.perf_counter()
        actors, ments = resolve_actors(ann.articles, mentions)
        res.append(time.perf_counter() - t0)
        ann2 = replace(ann, actors=actors, mentions=ments)
        t0 = time.perf_counter()
        G = actor_network(ann2, kind="cooccurrence")
        net.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    r, n, c = statistics.median(res), statistics.median(net), statistics.median(cpu)
    print(f"\n{len(articles):,} articles, {len(mentions):,} mentions -> {len(actors):,} actors; "
          f"co-occurrence network: {G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges "
          f"(betweenness {G.graph.get('betweenness')})")
    if t_ann is not None:
        print(f"load_articles: {t_load:.1f} s; annotate this run: {t_ann:.1f} s "
              f"(parsed {ann.meta.get('parsed')}, cached {ann.meta.get('cached')})")
    else:
        print(f"annotated tables read from {saved} (--reannotate to annotate again)")
    print(f"resolve_actors: {r:.2f} s, actor_network: {n:.2f} s, total {r + n:.2f} s "
          f"(median of {args.repeat}; target < 10 s); CPU time {c:.2f} s "
          f"(wall time is inflated when the machine is shared: load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} CPUs)")
    if cold:
        print(f"relative to the cold annotation of the corpus ({cold:.0f} s): {(r + n) / cold:.1%}")
    else:
        print("cold annotation time unknown (the cache was warm before this benchmark first ran)")
    pd.set_option("display.width", 200)
    pd.set_option("display.max_colwidth", 70)
    top = top_actors(ann2, n=args.top)[["actor_id", "kind", "country", "n_mentions", "n_articles", "aliases"]]
    top = top.assign(aliases=top["aliases"].map(lambda a: " | ".join(list(a)[:6])))
    print(f"\nThe {args.top} most-mentioned actors:")
    print(top.to_string())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
