"""Escalation language on real corpora: validation figures and the cost of the pass.

Reads ``../shared/corpora`` (never copied into the repository) and prints:

(j) the hand-judged samples, side by side: the development sample
    (``data/escalation_judged.csv``, 370 hits from News Articles and the Zelenskyy/Putin
    releases, the one the rules are tuned on) and the held-out sample
    (``data/escalation_heldout.csv``, 185 hits drawn with another seed from other articles,
    never tuned on): precision of the hits a trend counts, usage, rung, negation and
    conditional accuracy of the current code (``escalation_judgments.py`` scores them), and
    each sample's usage confusion matrix (judged usage against the tool's);
(a) zelenskyy-putin: the monthly escalatory rate per 1,000 words of each president's press
    releases (events, threats and statements), the top terms per month, and the ratio of the
    Ukrainian March-2022 rate to the November-2021 rate (it must be several times 1);
(b) newsarticles: the usages of every hit, the top counted terms, the **old and new headline
    trend side by side** (every hit pooled, as trends counted before usages, against events,
    threats and statements pooled, as a mean of outlets and adjusted for the outlet mix) with
    each week's articles, words and outlet mix, the change around February 2017 when eight
    outlets enter the corpus, the weeks with the highest mean rung, and the evidence sentences
    of the top week (hits in [[double brackets]]) to read;
(c) speed: the escalation pass's time relative to the spaCy parse of the same texts, both on
    one core, as a ratio (budget: at most 0.10; ``annotate_speed.py`` measures it inside
    ``annotate``, where the budget is 3%).

Engines
-------
``--engine annotate`` (default) loads with :func:`newsanalysis.load_articles` and runs
:func:`newsanalysis.annotate` with ``cache_dir=".cache/bench"``, so hits carry claims and
speakers. Its cache is keyed by the extractor code and the lexicon, so editing the lexicon
re-parses everything; while tuning the lexicon use ``--engine docbin``: it parses the raw
texts once with ``load_nlp().pipe(n_process=2)``, stores the Docs as DocBins in ``--cache``
and re-runs only the matcher (no claims: every hit is narrative).

Usage::

    .venv/bin/python benchmarks/eval_escalation.py                       # all parts
    .venv/bin/python benchmarks/eval_escalation.py --engine docbin --cache /tmp/esc_bench
    .venv/bin/python benchmarks/eval_escalation.py --parts c --speed-docs 300
    .venv/bin/python benchmarks/eval_escalation.py --parts j --engine docbin --samples judged   # development sample only
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlparse

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
#: NEWSANALYSIS_SHARED, else the nearest ``shared/corpora`` above the repository (a git worktree
#: further down finds it too).
SHARED = Path(os.environ["NEWSANALYSIS_SHARED"]) if os.environ.get("NEWSANALYSIS_SHARED") else next(
    (p / "shared" for p in REPO.parents if (p / "shared" / "corpora").is_dir()), REPO.parent / "shared")
sys.path.insert(0, str(REPO))

from newsanalysis.analyse.trends import escalation_trend, evidence_for_period, trend_comparison
from newsanalysis.annotate.dates import date_usages
from newsanalysis.annotate.escalation import extract_escalation
from newsanalysis.annotate.nlp import load_nlp
from newsanalysis.annotate.sentences import SentenceIndex
from newsanalysis.annotate.usage import COUNTED_USAGES, USAGES

ZP = SHARED / "corpora" / "zelenskyy-putin"
NA = SHARED / "corpora" / "newsarticles" / "NewsArticles.csv"


# --------------------------------------------------------------------------- inputs

def zp_frame() -> pd.DataFrame:
    z = pd.read_csv(ZP / "zelenskyy.csv").assign(outlet="Zelenskyy (president.gov.ua)")
    p = pd.read_csv(ZP / "putin.csv").assign(outlet="Putin (kremlin.ru)")
    cols = ["link", "headline", "date", "body", "outlet"]
    df = pd.concat([z[cols], p[cols]], ignore_index=True)
    df["body"] = df["body"].fillna("").astype(str)
    return df


def na_frame() -> pd.DataFrame:
    df = pd.read_csv(NA)
    df["text"] = df["text"].fillna("").astype(str)
    df["outlet"] = [urlparse(str(u)).netloc.removeprefix("www.") for u in df["article_source_link"]]
    return df


def _raw_articles(df: pd.DataFrame, *, text: str, date: str, prefix: str) -> pd.DataFrame:
    return pd.DataFrame({
        "article_id": [f"{prefix}{i:05d}" for i in range(len(df))],
        "published": pd.to_datetime(df[date], utc=True, errors="coerce", format="mixed"),
        "outlet": df["outlet"].astype(str),
        "n_words": [len(t.split()) for t in df[text]],
        "text": df[text].tolist(),
    })


# --------------------------------------------------------------------------- engines

def docbin_corpus(name: str, articles: pd.DataFrame, cache: Path, nlp) -> tuple[SimpleNamespace, dict]:
    """Parse once (2 processes) into a DocBin, then run the escalation pass on every Doc."""
    from spacy.tokens import DocBin

    cache.mkdir(parents=True, exist_ok=True)
    path, tpath = cache / f"{name}.spacy", cache / "timings.json"
    timings = json.loads(tpath.read_text()) if tpath.exists() else {}
    if not path.exists():
        t0 = time.perf_counter()
        db = DocBin(attrs=["ORTH", "TAG", "HEAD", "DEP", "ENT_IOB", "ENT_TYPE", "LEMMA", "MORPH",
                           "POS", "SPACY", "NORM", "SENT_START"])
        for doc in nlp.pipe(articles["text"].tolist(), n_process=2, batch_size=32):
            db.add(doc)
        db.to_disk(path)
        timings[name] = {"parse_seconds": time.perf_counter() - t0, "n_docs": len(articles)}
        tpath.write_text(json.dumps(timings, indent=1))
    docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    if len(docs) != len(articles):
        raise SystemExit(f"{path} holds {len(docs)} docs, expected {len(articles)}: delete it")
    rows, sent_rows, esc_seconds = [], [], 0.0
    for aid, doc in zip(articles["article_id"], docs):
        sents = SentenceIndex(doc)
        t0 = time.perf_counter()
        hits = extract_escalation(doc, aid, [], sents=sents)
        esc_seconds += time.perf_counter() - t0
        rows.extend(hits)
        sent_rows.extend({"article_id": aid, **r} for r in sents.rows())
    ann = SimpleNamespace(articles=articles, escalation=date_usages(pd.DataFrame(rows), articles),
                          sentences=pd.DataFrame(sent_rows),
                          claims=pd.DataFrame(columns=["claim_id", "speaker"]),
                          actors=pd.DataFrame(columns=["actor_id", "name"]))
    info = {"escalation_seconds": esc_seconds, **timings.get(name, {})}
    return ann, info


def annotate_corpus(name: str, df: pd.DataFrame, mapping: dict) -> tuple[object, dict]:
    from newsanalysis import annotate, load_articles

    articles = load_articles(df, warn=False, **mapping)
    t0 = time.perf_counter()
    ann = annotate(articles, cache_dir=os.environ.get("NEWSANALYSIS_CACHE") or REPO / ".cache" / "bench",
                   progress=True)
    return ann, {"annotate_seconds": time.perf_counter() - t0, "parsed": ann.meta.get("parsed")}


# --------------------------------------------------------------------------- reports

#: The figures part (j) puts side by side, with their labels.
SIDE_BY_SIDE = (
    ("coverage", "judged hits found again"),
    ("coverage_real", "judged real hits found again"),
    ("dropped_false", "judged non-escalation hits no longer found"),
    ("precision", "precision of counted hits"),
    ("precision_escalatory", "  escalatory polarity only"),
    ("recall_counted", "judged real hits that are counted"),
    ("usage_accuracy", "usage accuracy"),
    ("rung_accuracy", "rung accuracy"),
    ("negated_accuracy", "negation accuracy"),
    ("conditional_accuracy", "conditional accuracy"),
)


def part_j(engine: str, cache: Path, samples: tuple[str, ...] = ("judged", "heldout")) -> None:
    """The hand-judged samples, scored by escalation_judgments.py on the current code: the
    development sample (``judged``, the rules are tuned on it) and the held-out one
    (``heldout``, never tuned on), their figures side by side, then each one's usage
    confusion matrix."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    import escalation_judgments as ej  # a sibling script, not a package

    print("\n(j) the hand-judged samples (benchmarks/data/escalation_judged.csv: development; "
          "escalation_heldout.csv: held out), current code")
    figures, details, baselines = {}, {}, {}
    for sample in samples:
        judged = ej.load_judgments(ej.SAMPLES[sample])
        hits = ej.run_from_docbin(cache / sample, sample) if engine == "docbin" else ej.run_current_tool(
            os.environ.get("NEWSANALYSIS_CACHE"), sample)
        out = io.StringIO()
        figures[sample] = ej.score(hits, judged, out=out)
        details[sample] = out.getvalue()
        baselines[sample] = ej.score(ej.tool_hits_from_file(judged), judged, out=io.StringIO())
    width = 14
    print(f"  {'figure':<48}" + "".join(f"{s:>{width}}" for s in samples))
    for key, label in SIDE_BY_SIDE:
        cells = [figures[s].get(key) for s in samples]
        print(f"  {label:<48}" + "".join(f"{c:>{width}.3f}" if c is not None else f"{'n/a':>{width}}"
                                          for c in cells))
    print(f"  {'baseline (tool at sampling time): precision':<48}"
          + "".join(f"{baselines[s]['precision']:>{width}.3f}" for s in samples))
    for sample in samples:
        print(f"\n[{sample}] details\n" + details[sample].rstrip())
        if figures[sample].get("confusion") is not None:
            ej.print_confusion(figures[sample]["confusion"])


def part_a(ann) -> None:
    print("\n(a) zelenskyy-putin: escalatory hits per 1,000 words (events, threats, statements), "
          "by month and president")
    trend = escalation_trend(ann, freq="M", by="outlet", top_n=5)
    trend = trend[(trend["period"] >= "2021-10-01") & (trend["period"] < "2022-07-01")]
    show = trend.assign(month=trend["period"].dt.strftime("%Y-%m"))
    with pd.option_context("display.width", 250, "display.max_colwidth", 110, "display.max_rows", 100):
        print(show[["month", "group", "n_articles_total", "n_words", "hits", "hits_per_1000_words",
                    "mean_rung", "nuclear_share", "deescalatory_hits"]].round(3).to_string(index=False))
        print("\ntop terms per month")
        print(show[["month", "group", "top_terms"]].to_string(index=False))
    ua = show[show["group"].str.startswith("Zelenskyy")].set_index("month")["hits_per_1000_words"]
    ru = show[show["group"].str.startswith("Putin")].set_index("month")["hits_per_1000_words"]
    print(f"\nUkraine: March-2022 rate {ua['2022-03']:.2f} / November-2021 rate {ua['2021-11']:.2f} "
          f"= ratio {ua['2022-03'] / ua['2021-11']:.2f}")
    print(f"Russia:  March-2022 rate {ru['2022-03']:.2f} / November-2021 rate {ru['2021-11']:.2f} "
          f"= ratio {ru['2022-03'] / ru['2021-11']:.2f}")


def _bracketed(text: str, marked_html: str) -> str:
    return re.sub(r"<mark[^>]*>(.*?)</mark>", r"[[\1]]", marked_html).replace("&quot;", '"').replace(
        "&#x27;", "'").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


def old_and_new(ann, *, freq: str = "W", min_articles: int = 20) -> None:
    """The headline trend counted four ways, side by side, with each period's composition."""
    comp = trend_comparison(ann, freq=freq)
    ways = comp.attrs["ways"]
    short = {w: f"r{i}" for i, w in enumerate(ways)}
    print(f"\nthe headline trend, old and new (hits per 1,000 words; {freq} periods):")
    for w, k in short.items():
        print(f"  {k} = {w}")
    table = comp.assign(period=comp["period"].dt.strftime("%Y-%m-%d"),
                        mix_change=comp["mix_change"].round(2),
                        outlet_mix=comp["outlet_mix"].str.slice(0, 60)).rename(columns=short)
    cols = ["period", "n_articles_total", "n_words", "n_outlets", "mix_change", *short.values(), "outlet_mix"]
    with pd.option_context("display.width", 250, "display.max_colwidth", 70, "display.max_rows", 200):
        print(table[cols].round(3).to_string(index=False))
    shifts = comp[comp["mix_shift"].fillna(False).astype(bool) & (comp["n_articles_total"] >= min_articles)]
    print(f"periods whose outlet mix changed sharply (mix_change >= 0.5, >= {min_articles} articles): "
          + (", ".join(f"{p:%Y-%m-%d} ({c:.2f})" for p, c in zip(shifts["period"], shifts["mix_change"])) or "none"))
    busy = comp[comp["n_articles_total"] >= min_articles]
    before = busy[busy["period"] < pd.Timestamp("2017-02-01", tz="UTC")]
    after = busy[busy["period"] >= pd.Timestamp("2017-02-01", tz="UTC")]
    if len(before) and len(after):
        print(f"mean over weeks with >= {min_articles} articles, before / from February 2017 "
              f"({len(before)} / {len(after)} weeks): ratio (1.00 = no jump)")
        for w, k in short.items():
            b, a = before[w].mean(), after[w].mean()
            print(f"  {k}: {b:.3f} / {a:.3f} = {a / b if b else float('nan'):.2f}   {w}")


def part_b(ann, *, min_articles: int = 100, n_evidence: int = 40) -> None:
    esc = ann.escalation
    print("\n(b) newsarticles: usages of every hit (counted in trends: "
          + ", ".join(COUNTED_USAGES) + ")")
    if "usage" in esc.columns:
        counts = esc.groupby(["usage", "polarity"]).size().unstack(fill_value=0).reindex(USAGES, fill_value=0)
        counts["share"] = (counts.sum(axis=1) / len(esc)).round(3)
        print(counts.to_string())
    old_and_new(ann)
    print("\ntop escalation terms (escalatory, not negated, events/threats/statements)")
    counted = esc[(esc["polarity"] == "escalatory") & ~esc["negated"].astype(bool)]
    if "usage" in counted.columns:
        counted = counted[counted["usage"].isin(COUNTED_USAGES)]
    top = counted.groupby("term").agg(hits=("term", "size"), articles=("article_id", "nunique"),
                                      rung=("rung", "first"))
    print(top.sort_values(["hits", "rung"], ascending=False).head(30).to_string())
    deesc = esc[esc["polarity"] == "de-escalatory"]
    top_deesc = deesc["term"].value_counts().head(10)
    print("\ntop de-escalatory terms:", "; ".join(f"{t} ({n})" for t, n in top_deesc.items()))
    print(f"hits: {len(counted)} escalatory counted, {int(esc['negated'].sum())} negated, "
          f"{int(esc['conditional'].sum())} conditional, {len(deesc)} de-escalatory")

    trend = escalation_trend(ann, freq="W")
    busy = trend[trend["n_articles_total"] >= min_articles]
    weeks = busy.sort_values(["mean_rung", "period"], ascending=[False, True]).head(8)
    print(f"\nweeks with the highest mean rung (weeks with >= {min_articles} articles)")
    with pd.option_context("display.width", 250, "display.max_colwidth", 120):
        print(weeks.assign(week=weeks["period"].dt.strftime("%Y-%m-%d"))[
            ["week", "n_articles_total", "hits", "hits_per_1000_words", "mean_rung", "max_rung",
             "nuclear_share", "top_terms"]].round(3).to_string(index=False))
    week = weeks["period"].iloc[0]
    ev = evidence_for_period(ann, week, freq="W", min_rung=1)
    print(f"\nevidence sentences of the week of {week:%Y-%m-%d} ({len(ev)} sentences; highest rung first; "
          f"first {n_evidence}):")
    for r in ev.head(n_evidence).itertuples():
        print(f"- [{r.outlet} {r.article_id}#{r.sent_idx} rung {r.max_rung}] {_bracketed(r.text, r.html)}")


def part_c(nlp, texts: list[str], *, n_docs: int) -> None:
    print(f"\n(c) speed: escalation pass vs spaCy parse on the same {n_docs} texts, one core each")
    step = max(len(texts) // n_docs, 1)
    sample = texts[::step][:n_docs]
    words = sum(len(t.split()) for t in sample)
    t0 = time.perf_counter()
    docs = list(nlp.pipe(sample, n_process=1, batch_size=32))
    parse = time.perf_counter() - t0
    sents = [SentenceIndex(d) for d in docs]
    extract_escalation(docs[0], "warm-up", [], sents=sents[0])  # builds the cached Matcher
    t0 = time.perf_counter()
    n_hits = sum(len(extract_escalation(d, "x", [], sents=s)) for d, s in zip(docs, sents))
    esc = time.perf_counter() - t0
    print(f"parse {parse:.2f} s ({words:,} words), escalation pass {esc:.3f} s ({n_hits:,} hits): "
          f"ratio {esc / parse:.4f} (budget 0.10)")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--engine", choices=["annotate", "docbin"], default="annotate")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/esc_bench"), help="DocBin cache (docbin engine)")
    ap.add_argument("--parts", default="jabc")
    ap.add_argument("--samples", default="judged,heldout",
                    help="judged samples of part j, comma-separated (judged = development, heldout)")
    ap.add_argument("--speed-docs", type=int, default=400)
    ap.add_argument("--save-hits", type=Path, default=None, help="write the hit tables as Parquet here")
    args = ap.parse_args(argv)
    if not (SHARED / "corpora").is_dir():
        raise SystemExit(f"{SHARED / 'corpora'} not found: this benchmark reads ../shared/corpora")
    if "j" in args.parts:
        part_j(args.engine, args.cache, tuple(args.samples.split(",")))
    nlp = load_nlp()
    zp, na = zp_frame(), na_frame()
    corpora = (
        ("zp", "a", zp, {"text": "body", "date": "date", "prefix": "zp"},
         {"text": "body", "title": "headline", "published": "date", "url": "link", "outlet": "outlet"},
         part_a),
        ("na", "b", na, {"text": "text", "date": "publish_date", "prefix": "na"},
         {"text": "text", "title": "title", "published": "publish_date", "url": "article_source_link",
          "outlet": "outlet", "dek": "subtitle"},
         part_b),
    )
    for name, part, df, raw, mapping, report in corpora:
        if part not in args.parts:
            continue
        engine = args.engine
        if engine == "annotate":
            try:
                ann, info = annotate_corpus(name, df, mapping)
            except Exception as exc:  # noqa: BLE001 - say so, and still give the figures
                print(f"[{name}] annotate failed ({type(exc).__name__}: {exc}); "
                      "falling back to the docbin engine for this corpus", flush=True)
                engine = "docbin"
        if engine == "docbin":
            ann, info = docbin_corpus(name, _raw_articles(df, **raw), args.cache, nlp)
            if "parse_seconds" in info:
                info["escalation/parse (2-process parse wall time)"] = round(
                    info["escalation_seconds"] / info["parse_seconds"], 4)
        print(f"[{name}] engine={engine}: {len(ann.articles):,} articles, {len(ann.escalation):,} hits; "
              + ", ".join(f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}" for k, v in info.items()),
              flush=True)
        if args.save_hits:
            args.save_hits.mkdir(parents=True, exist_ok=True)
            ann.escalation.to_parquet(args.save_hits / f"{name}_hits.parquet")
        report(ann)
        sys.stdout.flush()
    if "c" in args.parts:
        texts = zp["body"].tolist() + na["text"].tolist()
        part_c(nlp, [t for t in texts if t.strip()], n_docs=args.speed_docs)


if __name__ == "__main__":
    main()
