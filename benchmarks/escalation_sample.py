"""Draw a seeded sample of escalation hits to judge (``data/escalation_judged.csv``,
``data/escalation_heldout.csv``).

Reads ``../shared/corpora`` (never copied into the repository): a seeded random set of
articles from News Articles and from the Zelenskyy/Putin press releases is annotated with
:func:`newsanalysis.annotate`, and a seeded random sample of the escalation hits found is
written with its sentence, its position in the sentence, the tool's current reading
(``tool_*`` columns) and empty judgment columns.

Two draws are defined (:data:`DRAWS`): ``judged``, the development sample the rules are tuned
on (seed 20240611, 210 + 160 hits), and ``heldout``, a second sample with another seed, half
the size in the same proportion, drawn from the articles the first draw did not pick (so no
article, and so no hit, is in both).

The judgments themselves are written by hand into the CSV (see ``data/escalation_judged.md``).
Re-running this script with ``--out`` pointing at a judged file would overwrite the
judgments, so it refuses unless ``--force`` is given; :mod:`escalation_judgments` is what
scores a new version of the tool against the judged files.

Usage::

    NEWSANALYSIS_CACHE=/tmp/cache-esc .venv/bin/python benchmarks/escalation_sample.py \\
        --draw heldout --out /tmp/escalation_sample.csv [--context /tmp/context.txt [--blind]]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
#: NEWSANALYSIS_SHARED, else ../shared beside the repository (a git worktree further down
#: finds the nearest one above it).
SHARED = Path(os.environ["NEWSANALYSIS_SHARED"]) if os.environ.get("NEWSANALYSIS_SHARED") else next(
    (p / "shared" for p in REPO.parents if (p / "shared" / "corpora").is_dir()), REPO.parent / "shared")
sys.path.insert(0, str(REPO))

NA_CSV = SHARED / "corpora" / "newsarticles" / "NewsArticles.csv"
ZP_DIR = SHARED / "corpora" / "zelenskyy-putin"

#: The development sample's seed: one generator for the whole draw (articles, then hits).
SEED = 20240611
#: Articles drawn per corpus, and hits drawn per corpus (News Articles; Zelenskyy + Putin).
N_ARTICLES = {"newsarticles": 250, "zelenskyy-putin": 250}
N_HITS = {"newsarticles": 210, "zelenskyy-putin": 160}


@dataclass(frozen=True)
class Draw:
    """One seeded sample: its seed, the hits drawn per corpus, the draws whose articles it
    leaves out (so two samples share no article), and the prefix of its hit ids."""

    name: str
    seed: int
    n_hits: dict = field(default_factory=lambda: dict(N_HITS))
    exclude: tuple[int, ...] = ()
    prefix: str = "h"
    file: str = "escalation_judged.csv"


#: The samples: ``judged`` (development) and ``heldout`` (scored only to report, never tuned on).
DRAWS = {
    "judged": Draw("judged", SEED),
    "heldout": Draw("heldout", 20250317, {"newsarticles": 105, "zelenskyy-putin": 80},
                    exclude=(SEED,), prefix="x", file="escalation_heldout.csv"),
}

JUDGMENT_COLUMNS = ["is_escalation", "usage", "rung", "negated", "conditional", "note"]
USAGES = ("event", "threat", "statement", "reference", "history", "name", "definition")


def corpus_frames() -> dict[str, tuple[pd.DataFrame, dict]]:
    """Each corpus as (frame with a ``doc`` key column, load_articles mapping)."""
    na = pd.read_csv(NA_CSV)
    na["text"] = na["text"].fillna("").astype(str)
    na = na[na["text"].str.strip() != ""].copy()
    na["doc"] = na["article_id"].astype(str)
    na["outlet"] = [urlparse(str(u)).netloc.removeprefix("www.") for u in na["article_source_link"]]
    z = pd.read_csv(ZP_DIR / "zelenskyy.csv").assign(outlet="president.gov.ua")
    p = pd.read_csv(ZP_DIR / "putin.csv").assign(outlet="kremlin.ru")
    cols = ["link", "headline", "date", "body", "outlet"]
    zp = pd.concat([z[cols], p[cols]], ignore_index=True)
    zp["body"] = zp["body"].fillna("").astype(str)
    zp = zp[zp["body"].str.strip() != ""].copy()
    zp["doc"] = zp["link"].astype(str)
    return {
        "newsarticles": (na, {"text": "text", "title": "title", "published": "publish_date",
                              "url": "article_source_link", "outlet": "outlet", "dek": "subtitle"}),
        "zelenskyy-putin": (zp, {"text": "body", "title": "headline", "published": "date",
                                 "url": "link", "outlet": "outlet"}),
    }


def draw_articles(df: pd.DataFrame, n: int, rng: np.random.Generator) -> pd.DataFrame:
    """``n`` articles drawn without replacement, in a seeded order."""
    idx = rng.choice(len(df), size=min(n, len(df)), replace=False)
    return df.iloc[np.sort(idx)].reset_index(drop=True)


def drawn_frames(draw: Draw) -> tuple[dict[str, tuple[pd.DataFrame, dict]], np.random.Generator]:
    """The articles of ``draw`` per corpus (frame, load_articles mapping), and the generator,
    ready to draw the hits. Articles picked by the draws of ``draw.exclude`` are left out first
    (their draws are replayed from their seeds)."""
    frames = corpus_frames()
    for seed in draw.exclude:
        old = np.random.default_rng(seed)
        for corpus, (df, mapping) in list(frames.items()):
            picked = set(draw_articles(df, N_ARTICLES[corpus], old)["doc"])
            frames[corpus] = (df[~df["doc"].isin(picked)].reset_index(drop=True), mapping)
    rng = np.random.default_rng(draw.seed)
    return {c: (draw_articles(df, N_ARTICLES[c], rng), m) for c, (df, m) in frames.items()}, rng


def doc_keys(ann, drawn: pd.DataFrame) -> pd.Series:
    """article_id -> the corpus's own key (``drawn['doc']``), through load_articles' ``source``
    ("DataFrame:row N", N the position in the frame that was loaded)."""
    rows = ann.articles["source"].str.extract(r"row (\d+)$", expand=False).astype(int)
    return pd.Series(drawn["doc"].to_numpy()[rows.to_numpy()], index=ann.articles["article_id"].to_numpy())


def hits_with_sentences(ann, corpus: str, drawn: pd.DataFrame) -> pd.DataFrame:
    """The escalation table joined to its sentence text, keyed by (corpus, doc, sentence, term_start).

    ``drawn`` is the frame that was passed to load_articles (with a ``doc`` column);
    :mod:`escalation_judgments` uses this to map a new run onto the judged keys.
    """
    esc = ann.escalation.copy()
    if esc.empty:
        return esc
    sents = ann.sentences[["article_id", "sent_idx", "start", "end", "text"]].rename(
        columns={"start": "sent_start", "end": "sent_end", "text": "sentence"})
    arts = ann.articles[["article_id", "outlet", "published", "text"]].rename(
        columns={"text": "article_text"})
    arts["doc"] = doc_keys(ann, drawn).reindex(arts["article_id"]).to_numpy()
    out = esc.merge(sents, on=["article_id", "sent_idx"], how="left").merge(arts, on="article_id")
    out["corpus"] = corpus
    out["matched"] = [t[s:e] for t, s, e in zip(out["article_text"], out["start"], out["end"])]
    out["term_start"] = out["start"] - out["sent_start"]
    ok = [s[a:a + len(m)] == m for s, a, m in zip(out["sentence"], out["term_start"], out["matched"])]
    if not all(ok):
        raise AssertionError("a hit's offsets do not point into its sentence")
    return out.drop(columns=["article_text"])


def annotate_sample(cache_dir: str | None, draw: Draw = DRAWS["judged"]):
    from newsanalysis import annotate, load_articles

    frames, rng = drawn_frames(draw)
    out = {}
    for corpus, (drawn, mapping) in frames.items():
        arts = load_articles(drawn, warn=False, **mapping)
        print(f"[{corpus}] {len(arts)} articles, {int(arts['n_words'].sum()):,} words", flush=True)
        ann = annotate(arts, cache_dir=cache_dir, progress=False)
        out[corpus] = (ann, drawn)
    return out, rng


def sample_hits(annotated, rng: np.random.Generator, draw: Draw = DRAWS["judged"]) -> pd.DataFrame:
    parts = []
    for corpus, (ann, drawn) in annotated.items():
        hits = hits_with_sentences(ann, corpus, drawn)
        hits = hits.sort_values(["doc", "start", "end"]).reset_index(drop=True)
        n = min(draw.n_hits[corpus], len(hits))
        pick = np.sort(rng.choice(len(hits), size=n, replace=False))
        print(f"[{corpus}] {len(hits):,} hits; {n} drawn", flush=True)
        parts.append(hits.iloc[pick])
    hits = pd.concat(parts, ignore_index=True)
    table = pd.DataFrame({
        "hit_id": [f"{draw.prefix}{i:03d}" for i in range(1, len(hits) + 1)],
        "corpus": hits["corpus"],
        "doc": hits["doc"],
        "outlet": hits["outlet"],
        "published": pd.to_datetime(hits["published"]).dt.strftime("%Y-%m-%d"),
        "sentence": hits["sentence"].str.replace(r"\s+", " ", regex=True),
        "term": hits["matched"],
        "term_start": hits["term_start"],
        "tool_entry": hits["term"],
        "tool_category": hits["category"],
        "tool_rung": hits["rung"],
        "tool_polarity": hits["polarity"],
        "tool_negated": hits["negated"].astype(bool),
        "tool_conditional": hits["conditional"].astype(bool),
    })
    # whitespace in a sentence is collapsed for the CSV; term_start must follow it
    starts = []
    for raw, start in zip(hits["sentence"], hits["term_start"]):
        starts.append(len(re.sub(r"\s+", " ", raw[:start])))
    table["term_start"] = starts
    for col in JUDGMENT_COLUMNS:
        table[col] = ""
    return table, hits.reset_index(drop=True)


def write_context(annotated, table: pd.DataFrame, hits: pd.DataFrame, path: Path,
                  width: int = 2, *, blind: bool = False) -> None:
    """A reading aid (not committed): each hit with ``width`` sentences either side; with
    ``blind``, without the tool's reading (to judge without seeing it)."""
    lines = []
    for r, (_, row) in zip(table.itertuples(), hits.iterrows()):
        ann = annotated[r.corpus][0]
        sents = ann.sentences[ann.sentences["article_id"] == row["article_id"]].set_index("sent_idx")
        lo, hi = row["sent_idx"] - width, row["sent_idx"] + width
        a = int(row["start"] - row["sent_start"])
        b = a + len(row["matched"])
        marked = row["sentence"][:a] + "[[" + row["sentence"][a:b] + "]]" + row["sentence"][b:]
        ctx = " ".join(
            (f">>{marked}<<" if i == row["sent_idx"] else t) for i, t in sents["text"].items() if lo <= i <= hi)
        tool = "" if blind else (f" tool r{r.tool_rung} neg={int(r.tool_negated)} "
                                 f"cond={int(r.tool_conditional)}")
        lines.append(f"{r.hit_id} | {r.corpus} {r.published} {r.outlet} | [{r.term}]{tool}\n"
                     f"  {ctx}\n")
    path.write_text("\n".join(lines), encoding="utf-8")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--draw", choices=sorted(DRAWS), default="judged", help="which sample to draw")
    ap.add_argument("--context", type=Path, default=None, help="also write a reading aid here")
    ap.add_argument("--blind", action="store_true", help="leave the tool's reading out of the reading aid")
    ap.add_argument("--cache", default=os.environ.get("NEWSANALYSIS_CACHE"))
    ap.add_argument("--force", action="store_true", help="overwrite an existing --out")
    args = ap.parse_args(argv)
    if not (SHARED / "corpora").is_dir():
        raise SystemExit(f"{SHARED / 'corpora'} not found: this script reads ../shared/corpora")
    if args.out.exists() and not args.force:
        raise SystemExit(f"{args.out} exists (it may hold judgments): pass --force to overwrite")
    draw = DRAWS[args.draw]
    annotated, rng = annotate_sample(args.cache, draw)
    table, hits = sample_hits(annotated, rng, draw)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(args.out, index=False)
    print(f"wrote {len(table)} hits to {args.out}")
    if args.context:
        write_context(annotated, table, hits, args.context, blind=args.blind)
        print(f"wrote the reading aid to {args.context}")


if __name__ == "__main__":
    main()
