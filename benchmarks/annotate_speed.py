"""How fast is annotate? Ratios measured side by side in one run (the machine is shared).

Times, on the first N articles of ../shared/corpora/newsarticles/NewsArticles.csv:
  (a) annotate, cold cache (parse + every extractor + actor resolution + cache writes)
  (b) bare nlp.pipe(texts, n_process=2) with the same model and all its default components
  (c) the naive loop a researcher writes first: [nlp(t) for t in texts]
  (d) annotate again, warm cache
and prints (b)/(a), (c)/(a) and (a)/(d). Targets: >= 0.9, >= 1.6, >= 50.

    python benchmarks/annotate_speed.py [--n 300] [--repeat 2] [--incremental] [--memory]
    python benchmarks/annotate_speed.py --breakdown --n 200   # only each extractor against the parse

--incremental caches 1,000 articles, then annotates 1,010 and prints how many were parsed.
--memory also annotates the whole corpus (3,824 articles) in a child process and prints its
peak memory: the summed proportional set size of the process and its spaCy workers.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("NEWSANALYSIS_SHARED", REPO.parent / "shared")) / "corpora" / "newsarticles" / "NewsArticles.csv"
sys.path.insert(0, str(REPO))


def _load(n: int | None):
    from newsanalysis import load_articles

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        arts = load_articles(CORPUS)
    return arts if n is None else arts.head(n).reset_index(drop=True)


def _timed(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def _tree_pss_mb() -> float:
    """Proportional set size of this process and all its children, in MB: shared pages
    (the model the workers inherit by fork) are split between the processes sharing them,
    so the sum is the real footprint, unlike a sum of RSS."""
    import psutil

    total = 0
    me = psutil.Process()
    for proc in [me, *me.children(recursive=True)]:
        try:
            total += proc.memory_full_info().pss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total / 2**20


def _memory_child() -> None:
    import threading

    from newsanalysis import annotate

    arts = _load(None)
    peak = [0.0]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], _tree_pss_mb())
            done.wait(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    with tempfile.TemporaryDirectory() as tmp:
        t, ann = _timed(lambda: annotate(arts, cache_dir=tmp, progress=False))
    done.set()
    sampler.join()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"all {len(arts):,} articles annotated in {t:.0f} s; peak memory of the process tree "
          f"(summed PSS, sampled every 0.5 s) {peak[0]:.0f} MB (target < 2048 MB); "
          f"peak RSS of the main process {own:.0f} MB, of the largest worker {child:.0f} MB")


def _cpu_timed(fn):
    """(wall seconds, CPU seconds of this process, result): the CPU time does not count the time
    other programs take the cores away, so its ratios hold on a loaded machine."""
    t, c = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - t, time.process_time() - c, out


def _breakdown(nlp, texts) -> None:
    """Each extractor's cost relative to the spaCy parse, all in this one process (wall-clock
    and CPU-time ratios)."""
    from newsanalysis.annotate.claims import extract_claims
    from newsanalysis.annotate.claims.tagger import tagger_for
    from newsanalysis.annotate.escalation import extract_escalation
    from newsanalysis.annotate.sentences import SentenceIndex

    tagger = tagger_for(nlp)  # as annotate runs it: the rules and the learned tagger

    t_parse, c_parse, docs = _cpu_timed(lambda: list(nlp.pipe(texts, n_process=1, batch_size=32)))
    idx = [SentenceIndex(d) for d in docs]
    t_claims, c_claims, found = _cpu_timed(lambda: [extract_claims(d, "a", sents=i, tagger=tagger)
                                                     for d, i in zip(docs, idx)])
    t_esc, c_esc, _ = _cpu_timed(lambda: [extract_escalation(d, "a", c, sents=i)
                                          for d, c, i in zip(docs, found, idx)])
    print(f"per-extractor cost on {len(texts)} articles, one process: parse {t_parse:.1f} s "
          f"({c_parse:.1f} s CPU); claims +{100 * t_claims / t_parse:.1f}% "
          f"(CPU +{100 * c_claims / c_parse:.1f}%; target <= 10%), escalation +{100 * t_esc / t_parse:.1f}% "
          f"(CPU +{100 * c_esc / c_parse:.1f}%; target <= 3%)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=2, help="runs of (a) and (b), alternating; best kept")
    ap.add_argument("--memory", action="store_true")
    ap.add_argument("--incremental", action="store_true", help="cache 1,000 articles, add 10, count parses")
    ap.add_argument("--memory-child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--breakdown", action="store_true",
                    help="only each extractor's cost against the parse, on the first --n articles")
    args = ap.parse_args()
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} not found (the benchmark needs ../shared beside the repository)")
        return 0
    if args.memory_child:
        _memory_child()
        return 0

    import spacy

    from newsanalysis import annotate
    from newsanalysis.annotate.engines import default_batch_size
    from newsanalysis.annotate.nlp import load_nlp, resolve_model_name

    arts = _load(args.n)
    texts = arts["text"].tolist()
    if args.breakdown:
        _breakdown(load_nlp(), texts)
        return 0
    n_words = int(arts["n_words"].sum())
    ours = load_nlp()  # loaded once, outside the timings, as a notebook would
    bare = spacy.load(resolve_model_name())  # the model exactly as shipped
    bs = default_batch_size(len(texts), 2)
    print(f"{len(texts)} articles, {n_words:,} words; model {bare.meta['name']} {bare.meta['version']}; "
          f"n_process=2, batch_size={bs} for both (a) and (b)")

    cold, pipe = [], []
    ann = None
    with tempfile.TemporaryDirectory() as root:
        for i in range(args.repeat):
            t_b, _ = _timed(lambda: [len(d) for d in bare.pipe(texts, n_process=2, batch_size=bs)])
            pipe.append(t_b)
            cache = Path(root) / f"run{i}"
            t_a, ann = _timed(lambda: annotate(arts, nlp=ours, cache_dir=cache, n_process=2,
                                               batch_size=bs, progress=False))
            cold.append(t_a)
            print(f"  run {i + 1}: (b) bare pipe {t_b:6.1f} s   (a) annotate cold {t_a:6.1f} s")
        t_c, _ = _timed(lambda: [len(bare(t)) for t in texts])
        warm = []
        for _ in range(3):
            t_d, again = _timed(lambda: annotate(arts, nlp=ours, cache_dir=cache, progress=False))
            warm.append(t_d)
            assert again.meta["parsed"] == 0
    a, b, d = min(cold), min(pipe), min(warm)
    print(f"  (c) naive loop {t_c:6.1f} s   (d) annotate warm {d:6.3f} s")
    print(f"tables: {len(ann.sentences):,} sentences, {len(ann.mentions):,} mentions, {len(ann.actors):,} actors, "
          f"{len(ann.claims):,} claims, {len(ann.escalation):,} escalation hits")
    print()
    print(f"(b)/(a) annotate vs bare pipe : {b / a:5.2f}x   (target >= 0.9)")
    print(f"(c)/(a) annotate vs naive loop: {t_c / a:5.2f}x   (target >= 1.6)")
    print(f"(a)/(d) cold vs warm cache    : {a / d:5.0f}x   (target >= 50)")
    _breakdown(ours, texts[:100])
    if args.incremental:
        big = _load(1010)
        with tempfile.TemporaryDirectory() as tmp:
            t1, first = _timed(lambda: annotate(big.head(1000), nlp=ours, cache_dir=tmp, progress=False))
            t2, grown = _timed(lambda: annotate(big, nlp=ours, cache_dir=tmp, progress=False))
        print(f"incremental: 1,000 articles cold {t1:.0f} s ({first.meta['parsed']} parsed); "
              f"+10 new articles {t2:.1f} s ({grown.meta['parsed']} parsed, {grown.meta['cached']} from cache)")
    if args.memory:
        subprocess.run([sys.executable, __file__, "--memory-child"], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
