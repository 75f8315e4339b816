"""One actor per person? Actor resolution measured on two real corpora, with a judged sample.

Corpora (annotated once; annotate's cache and the saved tables live under --cache-dir):
  newsarticles      ../shared/corpora/newsarticles/NewsArticles.csv (3,786 articles, 2015-2023)
  zelenskyy-putin   ../shared/corpora/zelenskyy-putin/{zelenskyy,putin}.csv (press releases
                    of both presidents, Oct 2021 - Jun 2022), resolved as one corpus

For each corpus the actors are resolved again with the code under test and it prints:
  - mentions and actors (by kind);
  - the 30 most-mentioned people, each with the number of its aliases (distinct forms);
  - person actors that share a surname with another person actor (all of them, and those
    with >= 5 mentions each): split people a reader would merge, and real namesakes;
  - with --baseline DIR (a --dump of an earlier version), the same figures for the baseline
    side by side, and the number of merges the new version made (groups of mentions that
    were another actor, or none, in the baseline and now belong to an actor of its own
    mentions);
  - the judged sample (benchmarks/data/actor_merges_judged.csv): 50 merges drawn at random
    (seeded, --draw) among the merges of the version this file names, each judged right or
    wrong by reading its sentence; precision with a 95% Wilson interval, and how many of
    the judged merges the code under test still makes.

    python benchmarks/eval_actors.py [--baseline DIR] [--dump DIR] [--code DIR]
    python benchmarks/eval_actors.py --baseline DIR --draw 50 --seed 12 > candidates.csv

--code DIR resolves with the package found in DIR (e.g. an export of an earlier commit), so
one script measures both versions. The first run annotates both corpora (about 25 minutes
on two shared cores); later runs read the saved tables and take about a minute.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
import warnings
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSANALYSIS_SHARED", REPO.parent / "shared"))
CORPORA = {
    "newsarticles": [SHARED / "corpora" / "newsarticles" / "NewsArticles.csv"],
    "zelenskyy-putin": [SHARED / "corpora" / "zelenskyy-putin" / "zelenskyy.csv",
                        SHARED / "corpora" / "zelenskyy-putin" / "putin.csv"],
}
JUDGED = REPO / "benchmarks" / "data" / "actor_merges_judged.csv"
TOP_PEOPLE = 30
JUDGED_COLUMNS = ["corpus", "article_id", "start", "end", "form", "label", "from_actor", "into_actor",
                  "into_name", "n_mentions", "context", "judgment", "note"]


def annotated(name: str, cache: Path):
    """The saved annotations of a corpus (annotated and saved on first use)."""
    from newsanalysis import Annotations, annotate, load_articles

    saved = cache / f"eval_actors_{name}"
    if saved.is_dir():
        return Annotations.load(saved)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        articles = load_articles([str(p) for p in CORPORA[name]])
        ann = annotate(articles, cache_dir=cache)
    ann.save(saved)
    return ann


def resolve(ann):
    """Actors and the mention -> actor map, resolved again by the code under test."""
    from newsanalysis.annotate.actors import resolve_actors

    actors, mentions = resolve_actors(ann.articles, ann.mentions.drop(columns=["actor_id"]))
    return actors, mentions[["article_id", "sent_idx", "start", "end", "text", "label", "actor_id"]]


def surname(name: str) -> str:
    toks = [t for t in name.replace(".", " ").split() if len(t) > 1]
    return toks[-1].casefold() if toks else ""


def figures(actors, mentions) -> dict:
    people = actors[actors["kind"] == "person"]
    by_surname = Counter(surname(n) for n in people["name"])
    frequent = people[people["n_mentions"] >= 5]
    by_surname5 = Counter(surname(n) for n in frequent["name"])
    top = people.head(TOP_PEOPLE)
    return {
        "mentions": len(mentions),
        "mentions with an actor": int(mentions["actor_id"].notna().sum()),
        "actors": len(actors),
        **{f"  {k}": int(v) for k, v in actors["kind"].value_counts().sort_index().items()},
        "person actors sharing a surname": sum(1 for n in people["name"] if by_surname[surname(n)] > 1),
        "  of those with >= 5 mentions": sum(1 for n in frequent["name"] if by_surname5[surname(n)] > 1),
        "_top": [(r.name, r.n_mentions, len(r.aliases)) for r in top.itertuples()],
    }


def merges(base_map: dict, mentions) -> list[dict]:
    """The joins the new version made: groups of mentions that were another actor (or no
    actor) in the baseline and now belong to an actor that also holds mentions of a
    different baseline actor, its main one (places are left out: a place is no join of
    people or bodies). Each group is (baseline actor or none) -> new actor."""
    groups: dict[tuple, list] = defaultdict(list)
    for r in mentions[mentions["actor_id"].notna()].itertuples(index=False):
        if not r.actor_id.startswith("place:"):
            groups[r.actor_id].append((base_map.get((r.article_id, r.start, r.end)), r))
    out = []
    for new, rows in groups.items():
        origin = Counter(b for b, _ in rows)
        main = max(origin, key=lambda b: (b is not None, origin[b], str(b)))
        if main is None:
            continue
        for b in sorted(origin, key=str):
            if b == main:
                continue
            members = [r for bb, r in rows if bb == b]
            out.append({"from": b, "into": new, "n": len(members), "members": members})
    return out


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return float("nan"), float("nan")
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return c - h, c + h


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache-dir", default=str(REPO / ".cache" / "bench"))
    ap.add_argument("--code", default=str(REPO), help="folder holding the newsanalysis package to measure")
    ap.add_argument("--baseline", help="a --dump folder of an earlier version, shown side by side")
    ap.add_argument("--dump", help="write each corpus's actors and mention map here (Parquet)")
    ap.add_argument("--corpus", choices=sorted(CORPORA), action="append")
    ap.add_argument("--draw", type=int, default=0, help="print N seeded random merges as CSV to judge")
    ap.add_argument("--seed", type=int, default=12)
    args = ap.parse_args(argv)
    sys.path.insert(0, args.code)
    os.environ.setdefault("NEWSANALYSIS_PROGRESS", "0")
    missing = [p for ps in CORPORA.values() for p in ps if not p.exists()]
    if missing:
        print(f"skipped: {missing[0]} not found (this evaluation needs ../shared/corpora)")
        return 0
    import pandas as pd

    import newsanalysis

    print(f"code under test: {Path(newsanalysis.__file__).parent}")
    cache = Path(args.cache_dir)
    cache.mkdir(parents=True, exist_ok=True)
    drawn, resolved = [], {}
    for name in args.corpus or list(CORPORA):
        ann = annotated(name, cache)
        actors, mentions = resolve(ann)
        resolved[name] = dict(zip(zip(mentions["article_id"], mentions["start"], mentions["end"]),
                                  mentions["actor_id"]))
        if args.dump:
            d = Path(args.dump) / name
            d.mkdir(parents=True, exist_ok=True)
            actors.to_parquet(d / "actors.parquet", index=False)
            mentions.to_parquet(d / "mentions.parquet", index=False)
        now = figures(actors, mentions)
        base = None
        if args.baseline:
            b_actors = pd.read_parquet(Path(args.baseline) / name / "actors.parquet")
            b_ments = pd.read_parquet(Path(args.baseline) / name / "mentions.parquet")
            base = figures(b_actors, b_ments)
            base_map = {(a, s, e): x for a, s, e, x in zip(b_ments["article_id"], b_ments["start"],
                                                            b_ments["end"], b_ments["actor_id"])
                        if isinstance(x, str)}
            found = merges(base_map, mentions)
            now["merges made (groups of mentions)"] = len(found)
            now["  mentions they hold"] = sum(m["n"] for m in found)
            texts = dict(zip(ann.articles["article_id"], ann.articles["text"]))
            names = dict(zip(actors["actor_id"], actors["name"]))
            drawn += [dict(m, corpus=name, texts=texts, into_name=names.get(m["into"], "")) for m in found]
        print(f"\n== {name}: {len(ann.articles):,} articles")
        print(f"{'':40} {'baseline':>10} {'now':>10}" if base else "")
        for k, v in now.items():
            if not k.startswith("_"):
                print(f"{k:40} {base.get(k, '') if base else '':>10} {v:>10}")
        print(f"\nThe {TOP_PEOPLE} most-mentioned people (mentions, aliases):")
        rows = now["_top"]
        b_rows = base["_top"] if base else [("", "", "")] * len(rows)
        if base:
            print(f"  {'baseline':44} {'now':44}")
        for (n, c, a), (bn, bc, ba) in zip(rows, b_rows):
            left = f"{bn[:30]:30} {bc:>6} {ba:>4}  " if base else ""
            print(f"  {left}{n[:30]:30} {c:>6} {a:>4}")
    if args.draw:
        print_draw(drawn, args.draw, args.seed)
    else:
        print_judged(resolved)
    return 0


def print_draw(found: list[dict], n: int, seed: int) -> None:
    """N merges drawn at random (seeded), one mention each, as CSV rows to judge."""
    import csv

    rng = random.Random(seed)
    pool = sorted(found, key=lambda m: (m["corpus"], str(m["from"]), m["into"]))
    sample = rng.sample(pool, min(n, len(pool)))
    w = csv.writer(sys.stdout)
    w.writerow(JUDGED_COLUMNS)
    for m in sample:
        r = rng.choice(m["members"])
        t = m["texts"].get(r.article_id, "")
        context = " ".join(t[max(0, r.start - 120):r.end + 80].split())
        w.writerow([m["corpus"], r.article_id, r.start, r.end, r.text, r.label, m["from"] or "", m["into"],
                    m["into_name"], m["n"], context, "", ""])


def print_judged(resolved: dict[str, dict]) -> None:
    """Precision of the judged merges, and how many of them the code under test still makes."""
    import pandas as pd

    if not JUDGED.exists():
        print(f"\nno judged sample at {JUDGED}")
        return
    j = pd.read_csv(JUDGED, comment="#", keep_default_na=False)
    right = int((j["judgment"] == "right").sum())
    lo, hi = wilson(right, len(j))
    print(f"\nJudged sample ({JUDGED.relative_to(REPO)}): {len(j)} merges drawn at random from the new "
          f"rules' merges, {right} right -> precision {right / len(j):.2f} (95% Wilson interval "
          f"{lo:.2f}-{hi:.2f})")
    by_corpus = j.groupby("corpus")["judgment"].agg(lambda s: f"{(s == 'right').sum()}/{len(s)} right")
    print("  by corpus: " + "; ".join(f"{c} {v}" for c, v in by_corpus.items()))
    made = [resolved.get(r.corpus, {}).get((r.article_id, int(r.start), int(r.end))) == r.into_actor
            for r in j.itertuples()]
    kept = [m for m, r in zip(made, j.itertuples()) if m]
    wrong_kept = sum(1 for m, r in zip(made, j.itertuples()) if m and r.judgment == "wrong")
    print(f"  the code under test still makes {len(kept)} of the {len(j)} judged merges "
          f"({wrong_kept} of those judged wrong)")
    for r in j[j["judgment"] == "wrong"].itertuples():
        print(f"  wrong: {r.form!r} -> {r.into_name}: {r.note}")


if __name__ == "__main__":
    raise SystemExit(main())
