"""Past one machine: does the driver stay small as the corpus grows? (issue 15)

For 1x, 4x and 16x the News Articles corpus (../shared/corpora/newsarticles/NewsArticles.csv),
each in a fresh child process driving a ``LocalCluster`` of worker processes, times
``annotate(engine="dask", out=...)`` + ``escalation_trend`` + ``actor_network`` (co-occurrence,
``min_weight=2``, ``max_evidence=5``) + ``top_actors`` and prints the driver's peak memory
(its own ``ru_maxrss``; the workers are other processes). Target: the driver's peak grows by
less than 1.5x from 1x to 16x.

The larger corpora recombine real text: the corpus has no paragraph marks, so a
"paragraph" is a run of one to four consecutive sentences of a real article; a new article
takes the length, date and outlet of a real one (seeded) and is filled with paragraphs drawn
from random articles. Parsing is not what is measured there: a warm shard cache stands in
for it (each new article's rows are the rows of its paragraphs, offsets shifted, sentences
renumbered; a claim or hit that crosses a paragraph's edge is left out), so the parse step
reads the cache, and actor resolution, linking and the analyses run on the new articles.
1x is the real corpus, annotated by the local engine first (the pandas reference; the warm
cache): ``--check`` compares the dataset's tables and analyses with it.

``--throughput N`` parses the first N articles (no cache) on a LocalCluster of 1, then 2
worker processes, and prints articles per second side by side with the load average (the
machine is shared), and whether the 2-worker tables equal the local engine's.

    python benchmarks/scale.py --scales 1 4 16 --check --throughput 300
    python benchmarks/scale.py --scales --throughput 300      # only the throughput

Every scale is annotated into a fresh dataset (``--resume`` keeps those of an earlier run:
then nothing is parsed or resolved again, which is a rerun's cost, not a first run's).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSANALYSIS_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpora" / "newsarticles" / "NewsArticles.csv"
DOC_TABLES = ("sentences", "mentions", "claims", "escalation")
OFFSETS = ("start", "end", "content_start", "content_end", "cue_start", "cue_end", "speaker_start", "speaker_end")
NETWORK = {"kind": "cooccurrence", "min_weight": 2, "max_evidence": 5, "betweenness_k": 16}
BLOCK = 256  # articles per part and per cache shard (the engine's SHARD_SIZE)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _load_real():
    import newsanalysis as na

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        arts = na.load_articles(CORPUS)
    limit = int(os.environ.get("SCALE_LIMIT", "0"))  # --limit: a dry run on the first articles
    return arts.head(limit) if limit else arts


# ---------------------------------------------------------------------- building the corpora
def build(work: Path, scale: int, seed: int = 15) -> None:
    """Write the articles of ``scale``x as Parquet parts under ``work/<scale>x/articles`` and
    (for scale > 1) their rows into the warm cache ``work/cache``."""
    import newsanalysis as na
    from newsanalysis.annotate.cache import AnnotationCache, article_key, code_digest
    from newsanalysis.annotate.nlp import model_info

    out = work / f"{scale}x" / "articles"
    if (out / "done").exists():
        return
    out.mkdir(parents=True, exist_ok=True)
    real = _load_real()
    cache_dir = work / "cache"
    if scale == 1:
        ann = na.annotate(real, n_process=2, cache_dir=cache_dir, progress=False)
        ann.save(work / "1x" / "local")
        for i in range(0, len(real), BLOCK):
            real.iloc[i:i + BLOCK].to_parquet(out / f"{i // BLOCK:05d}.parquet")
        (out / "done").touch()
        return
    namespace = f"{model_info(None).key}__{code_digest(corpus=False)}"
    cache = AnnotationCache(cache_dir, namespace)
    real = real[(real["language"] == "en") & (real["text"].str.strip() != "")].reset_index(drop=True)
    keys = [article_key(a, t) for a, t in zip(real["article_id"], real["text"])]
    rows, found = cache.lookup(keys, DOC_TABLES)
    if len(found) < len(keys):
        raise SystemExit("build 1x first: the warm cache lacks articles of the real corpus")
    id_of = dict(zip(keys, real["article_id"]))
    rows = {t: rows[t].assign(article_id=rows[t]["_key"].map(id_of)).drop(columns="_key") for t in DOC_TABLES}
    sents = {a: (g["sent_idx"].to_numpy(int), g["start"].to_numpy(int), g["end"].to_numpy(int))
             for a, g in rows["sentences"].sort_values(["article_id", "sent_idx"]).groupby("article_id")}
    text_of = dict(zip(real["article_id"], real["text"]))
    ids = sorted(sents)
    rng = np.random.default_rng(seed)
    n_new, seen = scale * len(real), set()
    for block in range(0, n_new, BLOCK):
        arts, chunks = [], []
        for j in range(block, min(block + BLOCK, n_new)):
            template = real.iloc[int(rng.integers(len(real)))]
            art, art_chunks = _recombined(f"mix{scale}x-{j:06d}", template, ids, sents, text_of, rng)
            if art["text"] not in seen:
                seen.add(art["text"])
                arts.append(art)
                chunks.extend(art_chunks)
        doc = _shifted(rows, pd.DataFrame(chunks))
        new_keys = {a["article_id"]: article_key(a["article_id"], a["text"]) for a in arts}
        cache.store(list(new_keys.values()),
                    {t: doc[t].assign(_key=doc[t]["article_id"].map(new_keys)) for t in DOC_TABLES})
        pd.DataFrame(arts).to_parquet(out / f"{block // BLOCK:05d}.parquet")
    (out / "done").touch()


def _recombined(new_id, template, ids, sents, text_of, rng):
    """One new article (``template``'s length in sentences, date and outlet) made of runs of
    1-4 sentences of random real articles; returns it and its runs (where each came from)."""
    target = len(sents.get(template["article_id"], ((),))[0]) or 10
    pieces, chunks, pos, n_sent = [], [], 0, 0
    while n_sent < target:
        src = ids[int(rng.integers(len(ids)))]
        idx, starts, ends = sents[src]
        i = int(rng.integers(len(idx)))
        k = min(len(idx), i + int(rng.integers(1, 5))) - 1
        lo, hi = int(starts[i]), int(ends[k])
        chunks.append({"new_id": new_id, "chunk": len(chunks), "src": src, "first": int(idx[i]),
                       "last": int(idx[k]), "lo": lo, "hi": hi, "pos": pos, "base": n_sent})
        pieces.append(text_of[src][lo:hi])
        pos += hi - lo + 1
        n_sent += k - i + 1
    text = " ".join(pieces)
    art = template.to_dict()
    art.update(article_id=new_id, text=text, title=f"{template['title']} (recombined)",
               n_words=len(text.split()))
    return art, chunks


def _shifted(rows: dict[str, pd.DataFrame], chunks: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The rows of every run's sentences, moved to their place in the new articles."""
    out = {}
    for t in DOC_TABLES:
        m = rows[t].merge(chunks, left_on="article_id", right_on="src")
        keep = m["sent_idx"].between(m["first"], m["last"])
        for c in OFFSETS:
            if c in m.columns:
                v = pd.to_numeric(m[c], errors="coerce")
                keep &= v.isna() | ((v >= m["lo"]) & (v <= m["hi"]))
        m = m[keep].copy()
        for c in OFFSETS:
            if c in m.columns:
                v = pd.to_numeric(m[c], errors="coerce") + (m["pos"] - m["lo"])
                m[c] = v.astype("Int64") if v.isna().any() else v.astype(int)
        m["sent_idx"] = m["sent_idx"].astype(int) - m["first"] + m["base"]
        m["article_id"] = m["new_id"]
        out[t] = m.sort_values(["new_id", "sent_idx", "start"], kind="stable")
    claims = out["claims"].sort_values(["new_id", "start", "end"], kind="stable")
    new_cid = claims["new_id"] + ":c" + claims.groupby("new_id").cumcount().map("{:03d}".format)
    renamed = dict(zip(zip(claims["new_id"], claims["chunk"], claims["claim_id"]), new_cid))
    out["claims"] = claims.assign(claim_id=new_cid.to_numpy())
    esc = out["escalation"]
    if "claim_id" in esc.columns:
        esc["claim_id"] = [renamed.get(k) for k in zip(esc["new_id"], esc["chunk"], esc["claim_id"])]
    drop = [c for c in chunks.columns if c != "chunk"] + ["chunk"]
    return {t: df.drop(columns=[c for c in drop if c in df.columns and c not in rows[t].columns]).reset_index(drop=True)
            for t, df in out.items()}


# ---------------------------------------------------------------------- measuring
def _cluster(n_workers: int):
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address=None, memory_limit="3GiB")
    return cluster, Client(cluster)


def _articles(folder: Path):
    import dask
    import dask.dataframe as dd

    with dask.config.set({"dataframe.convert-string": False}):
        return dd.read_parquet(str(folder))


def measure(work: Path, scale: int, workers: int, resume: bool = False) -> dict:
    """Annotate ``scale``x into a dataset and run the analyses; the driver's peak memory."""
    import shutil

    import newsanalysis as na

    if not resume:  # a fresh dataset: every scale measured the same way (the warm cache stays)
        shutil.rmtree(work / f"{scale}x" / "dataset", ignore_errors=True)
    cluster, client = _cluster(workers)
    try:
        start = _peak_mb()
        t0 = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ann = na.annotate(_articles(work / f"{scale}x" / "articles"), engine="dask",
                              out=work / f"{scale}x" / "dataset", cache_dir=work / "cache", progress=False)
        t1 = time.perf_counter()
        trend = na.escalation_trend(ann, freq="W")
        t2 = time.perf_counter()
        G = na.actor_network(ann, **NETWORK)
        top = na.top_actors(ann, n=20)
        t3 = time.perf_counter()
    finally:
        client.close()
        cluster.close()
    return {"scale": scale, "articles": ann.meta["articles"], "parts": ann.meta["parts"],
            "parsed": ann.meta["parsed"], "cached": ann.meta["cached"], "reused_parts": ann.meta["reused_parts"],
            "annotate_s": t1 - t0, "trend_s": t2 - t1, "network_s": t3 - t2, "total_s": t3 - t0,
            "peak_mb": _peak_mb(), "peak_before_mb": start, "trend_rows": len(trend),
            "nodes": G.number_of_nodes(), "edges": G.number_of_edges(), "top": top["name"].head(3).tolist()}


def check(work: Path) -> dict:
    """The 1x dataset against the local engine's tables and the pandas analyses."""
    import newsanalysis as na
    from newsanalysis.annotations import Annotations

    local = Annotations.load(work / "1x" / "local")
    lazy = na.open_annotations(work / "1x" / "dataset")
    mem = lazy.compute()
    same = {}
    for t in ("articles", "sentences", "mentions", "actors", "claims", "escalation"):
        try:
            pd.testing.assert_frame_equal(getattr(mem, t).reset_index(drop=True),
                                          getattr(local, t).reset_index(drop=True), check_dtype=False)
            same[t] = True
        except AssertionError:
            same[t] = False
    for by in (None, "outlet", "actor"):
        same[f"trend by={by}"] = na.escalation_trend(lazy, by=by).equals(na.escalation_trend(local, by=by))
    same["top_actors"] = na.top_actors(lazy).equals(na.top_actors(local))
    a, b = na.actor_network(lazy, **NETWORK), na.actor_network(local, **NETWORK)
    same["network"] = (sorted(a.edges(data=True)) == sorted(b.edges(data=True))
                       and dict(a.nodes(data=True)) == dict(b.nodes(data=True)))
    return same


def throughput(work: Path, n: int, workers: int) -> dict:
    """Parse the first ``n`` articles (no cache) on ``workers`` worker processes."""
    import shutil

    import newsanalysis as na
    from newsanalysis.annotate.nlp import load_nlp, model_info

    arts = _load_real().head(n)
    out = work / f"throughput-{workers}"
    shutil.rmtree(out, ignore_errors=True)
    cluster, client = _cluster(workers)
    try:
        model = model_info(None).source
        client.run(load_nlp, model)  # the model loaded in every worker before the clock starts
        cpu0 = client.run(_cpu_seconds)
        load = os.getloadavg()
        t0 = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ann = na.annotate(arts, engine="dask", out=out, use_cache=False, npartitions=8, progress=False)
        wall = time.perf_counter() - t0
        load_after = os.getloadavg()
        cpu = {w: round(c - cpu0[w], 1) for w, c in client.run(_cpu_seconds).items()}
    finally:
        client.close()
        cluster.close()
    result = {"workers": workers, "articles": n, "parse_s": ann.meta["parse_seconds"], "total_s": wall,
              "articles_per_s": n / ann.meta["parse_seconds"], "load_before": load, "load_after": load_after,
              "worker_cpu_s": sorted(cpu.values())}
    if workers == 2:
        local = na.annotate(arts, cache_dir=work / "cache", progress=False)
        mem = ann.compute()
        result["same_as_local"] = all(
            getattr(mem, t).reset_index(drop=True).equals(getattr(local, t).reset_index(drop=True))
            or _frames_equal(getattr(mem, t), getattr(local, t))
            for t in ("articles", "sentences", "mentions", "actors", "claims", "escalation"))
    return result


def _cpu_seconds() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _frames_equal(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    try:
        pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), check_dtype=False)
        return True
    except AssertionError:
        return False


# ---------------------------------------------------------------------- the driver of the driver
def _child(*args: str) -> dict:
    """Run one step in a fresh Python process (its own peak memory) and read its JSON."""
    proc = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    if proc.returncode:
        sys.stderr.write(proc.stderr[-4000:])
        raise SystemExit(f"step {args} failed")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", type=Path, default=Path("/tmp/newsanalysis-scale"))
    ap.add_argument("--scales", type=int, nargs="*", default=[1, 4, 16])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--check", action="store_true", help="compare the 1x dataset with the pandas path")
    ap.add_argument("--throughput", type=int, default=0, help="parse this many articles on 1 then 2 workers")
    ap.add_argument("--resume", action="store_true", help="keep the datasets of an earlier run (a rerun)")
    ap.add_argument("--limit", type=int, default=0, help="1x is the first N articles only (a dry run)")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.limit:
        os.environ["SCALE_LIMIT"] = str(args.limit)
    if args.child:
        step, *rest = args.child
        work = Path(rest[0])
        if step == "build":
            build(work, int(rest[1]))
            out = {"built": int(rest[1])}
        elif step == "measure":
            out = measure(work, int(rest[1]), int(rest[2]), resume=rest[3:] == ["resume"])
        elif step == "check":
            out = check(work)
        else:
            out = throughput(work, int(rest[1]), int(rest[2]))
        print(json.dumps(out, default=str))
        return
    args.work.mkdir(parents=True, exist_ok=True)
    rows = []
    for scale in sorted({1, *args.scales}) if args.scales else ():
        t0 = time.perf_counter()
        _child("build", str(args.work), str(scale))
        print(f"built {scale}x in {time.perf_counter() - t0:.0f} s", flush=True)
        r = _child("measure", str(args.work), str(scale), str(args.workers), *(["resume"] if args.resume else []))
        rows.append(r)
        print(json.dumps(r), flush=True)
    if rows:
        table = pd.DataFrame(rows)[["scale", "articles", "parts", "annotate_s", "trend_s", "network_s", "total_s",
                                    "peak_mb", "nodes", "edges"]]
        table["peak_vs_1x"] = table["peak_mb"] / table["peak_mb"].iloc[0]
        print(table.round(2).to_string(index=False))
    if args.check:
        print("1x dataset vs the pandas path:", _child("check", str(args.work)))
    if args.throughput:
        one = _child("throughput", str(args.work), str(args.throughput), "1")
        two = _child("throughput", str(args.work), str(args.throughput), "2")
        for r in (one, two):
            print(f"{r['workers']} worker(s): {r['articles']} articles parsed in {r['parse_s']:.1f} s = "
                  f"{r['articles_per_s']:.2f} articles/s (CPU seconds of each worker: {r['worker_cpu_s']}); "
                  f"load average before {[round(x, 2) for x in r['load_before']]}, "
                  f"after {[round(x, 2) for x in r['load_after']]}")
        print(f"2 workers / 1 worker: {two['articles_per_s'] / one['articles_per_s']:.2f}x (target >= 1.7); "
              f"2-worker tables equal the local engine's: {two.get('same_as_local')}")


if __name__ == "__main__":
    main()
