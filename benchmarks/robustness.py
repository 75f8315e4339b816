"""Robustness sweep (issue 19: loader, workers, cache, saves, fetch, labels, reports, notebooks).

Tries faults a messy machine brings and counts, per area, what was tried and how many
ended in a crash (an exception or an unclear error), a silent loss (wrong or mixed data
served, a damaged file read without a warning) or a hang (no answer within the limit,
or worker processes left behind). Then prints the targets: single-byte cache corruptions
detected and healed, SIGINT return time and workers left, kill -9 at five moments then a
rerun equal to a clean run, two writers on one cache.

The corpus is the sample's two articles copied into distinct articles (no ../shared
needed). Everything goes through the public API and files on disk, so the same script
measures an older checkout too (``PYTHONPATH=<checkout> python benchmarks/robustness.py``).

    python benchmarks/robustness.py [--flips 60] [--save-kills 30] [--no-report]
                                    [--notebook-runs N]   # N runs of the 4 notebooks beside a parse
                                    [--no-loader | --loader-only]

The loader's area (bad files, values, names, encodings and folders; hostile texts at two
sizes) is ``benchmarks/loader_robustness.py``, which also runs on its own.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import warnings
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loader_robustness import sweep as sweep_loader
from robustness_io import (
    FIGURES,
    RESULTS,
    copies,
    digest,
    record,
    saved_digest,
    support,
    sweep_fetch,
    sweep_figures,
    sweep_notebooks,
    sweep_report,
    sweep_saves,
)

# ---------------------------------------------------------------------- annotate: workers
PARSE = """
    import signal, sys, pandas as pd
    signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal, even when started in the background
    from newsanalysis.annotate import run
    run.SHARD_SIZE = 2
    articles = pd.read_parquet(sys.argv[1])
    print("ready", flush=True)
    try:
        ann = run.annotate(articles, cache_dir=sys.argv[2] if sys.argv[2] != "-" else None,
                           use_cache=sys.argv[2] != "-", n_process=int(sys.argv[3]), batch_size=1,
                           progress=False)
        if len(sys.argv) > 4:
            ann.save(sys.argv[4])
        print("finished", flush=True)
    except KeyboardInterrupt:
        print("KeyboardInterrupt", flush=True)
"""


def start_parse(corpus: Path, cache: str, n_process: int, out: str | None = None) -> subprocess.Popen:
    args = [corpus, cache, n_process] + ([out] if out else [])
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(PARSE), *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def workers_of(proc: subprocess.Popen, n: int, seconds: float = 180) -> list[int]:
    import psutil

    me, end = psutil.Process(proc.pid), time.monotonic() + seconds
    while len(me.children()) < n and time.monotonic() < end and proc.poll() is None:
        time.sleep(0.1)
    return [c.pid for c in me.children()]


def sweep_workers(tmp: Path, corpus: Path) -> None:
    area = "annotate: workers"
    returns = []
    for delay in (1.0, 3.0, 6.0):  # SIGINT to the main process while both workers parse
        proc = start_parse(corpus, "-", 2)
        proc.stdout.readline()
        workers = workers_of(proc, 2)
        time.sleep(delay)
        t0 = time.monotonic()
        os.kill(proc.pid, signal.SIGINT)
        answer: list[str] = []
        reader = threading.Thread(target=lambda p=proc, a=answer: a.append(p.stdout.readline()), daemon=True)
        reader.start()
        reader.join(timeout=30)
        took = time.monotonic() - t0  # until the KeyboardInterrupt reached the caller
        try:
            proc.communicate(timeout=30)
            exited = time.monotonic() - t0
        except subprocess.TimeoutExpired:
            exited = float("inf")
        left = support.wait_gone(workers, 5)
        returns.append((took if answer else float("inf"), exited, len(left)))
        support.kill_tree(proc.pid)
        for pid in left:
            support.kill_tree(pid)
        proc.communicate()
        ok = answer and "KeyboardInterrupt" in answer[0] and took <= 5 and not left
        record(area, "ok" if ok else "hang" if left or not answer or took > 5 else "crash")
    FIGURES.append("SIGINT to the main process while it parses: KeyboardInterrupt reached the caller in " + ", ".join(
        f"{t:.1f} s (process gone at {e:.1f} s)" if t != float("inf") else "never (gave up at 30 s)"
        for t, e, _ in returns) + f"; workers left: {sum(n for *_, n in returns)} (target: within 5 s, none left)")
    outlived = 0
    for delay in (1.0, 4.0):  # kill -9 of the parent: the workers must go too
        proc = start_parse(corpus, "-", 2)
        proc.stdout.readline()
        workers = workers_of(proc, 2)
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        left = support.wait_gone(workers, 10)
        outlived += len(left)
        for pid in left:
            support.kill_tree(pid)
        proc.communicate()  # after the workers: they hold its output pipes open
        record(area, "hang" if left else "ok")
    FIGURES.append(f"kill -9 of the parent, 2 trials: workers alive 10 s later: {outlived} (target 0)")
    blocker = tmp / "a-file"
    blocker.write_text("not a folder")  # a cache root that cannot be created: writes fail
    proc = start_parse(corpus, str(blocker / "cache"), 2, str(tmp / "unwritable-out"))
    try:
        out, err = proc.communicate(timeout=300)
        ok = "finished" in out and "cannot be written" in err
        record(area, "ok" if ok else "crash")
    except subprocess.TimeoutExpired:
        support.kill_tree(proc.pid)
        proc.communicate()
        record(area, "hang")


# ---------------------------------------------------------------------- the cache
def annotate_quietly(articles, cache, **kw):
    from newsanalysis import annotate

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ann = annotate(articles, cache_dir=cache, progress=False, **kw)
    return ann, [str(w.message) for w in caught if type(w.message).__name__ == "CacheWarning"]


def flip_trial(tmp: Path, files: list[Path], articles, clean: str, i: int, seed: int) -> dict:
    """Flip one random bit of one cache file, annotate, then annotate again (healed?)."""
    rng = random.Random(seed * 100_003 + i)
    rel = files[i % len(files)]
    cache = tmp / f"flip{i}"
    shutil.copytree(tmp / "pristine", cache)
    corpus_file = "corpus" in rel.parts
    if not corpus_file:  # so the shard itself is read
        shutil.rmtree(next(cache.rglob("corpus")))
    data = bytearray((cache / rel).read_bytes())
    data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    (cache / rel).write_bytes(bytes(data))
    try:
        ann, warned = annotate_quietly(articles, cache)
    except Exception:  # noqa: BLE001
        return {"outcome": "crash", "detected": False, "healed": False}
    same = digest(ann) == clean
    if not corpus_file:
        shutil.rmtree(next(cache.rglob("corpus")), ignore_errors=True)
    again, warned_again = annotate_quietly(articles, cache)
    healed = bool(warned and not warned_again and digest(again) == clean
                  and (corpus_file or again.meta["parsed"] == 0))
    shutil.rmtree(cache)
    return {"outcome": "ok" if same else "silent", "detected": bool(warned), "healed": healed}


def flip_child(tmp: Path, start: int, n: int, seed: int, clean: str) -> None:
    """The flips run in a child: damaged data read by an older version can crash the process."""
    from newsanalysis.annotate import run

    run.SHARD_SIZE = 2
    articles = pd.read_parquet(tmp / "flip-articles.parquet")
    files = sorted(p.relative_to(tmp / "pristine") for p in (tmp / "pristine").rglob("*") if p.is_file())
    for i in range(start, n):
        print(json.dumps(flip_trial(tmp, files, articles, clean, i, seed)), flush=True)


def sweep_flips(tmp: Path, articles, clean: str, n: int, seed: int) -> None:
    from newsanalysis.annotate import run

    run.SHARD_SIZE = 2
    annotate_quietly(articles, tmp / "pristine")
    articles.to_parquet(tmp / "flip-articles.parquet")
    n_files = sum(1 for p in (tmp / "pristine").rglob("*") if p.is_file())
    trials: list[dict] = []
    while len(trials) < n:
        proc = subprocess.Popen([sys.executable, __file__, "--flip-child", str(tmp), str(len(trials)), str(n),
                                 str(seed), clean], stdout=subprocess.PIPE, text=True)
        before = len(trials)
        trials += [json.loads(line) for line in proc.stdout]
        if proc.wait() != 0 and len(trials) < n:  # the process died on the trial under way
            trials.append({"outcome": "crash", "detected": False, "healed": False, "died": proc.returncode})
        if len(trials) == before:
            break
    for t in trials:
        record("cache", t["outcome"])
    detected, healed = sum(t["detected"] for t in trials), sum(t["healed"] for t in trials)
    died = sum("died" in t for t in trials)
    FIGURES.append(f"single-byte cache corruptions: {n} tried ({n_files} files: shard tables, markers, "
                   f"corpus tables); detected {detected} ({100 * detected / n:.0f}%), healed {healed} "
                   f"({100 * healed / n:.0f}%) (target 100%); the process died on {died}")


def sweep_unwritable(tmp: Path, articles, clean: str) -> None:
    area = "cache"
    grown = pd.concat([articles, copies(len(articles) + 1).tail(1)], ignore_index=True)
    from newsanalysis import annotate

    clean_grown = digest(annotate(grown, use_cache=False, progress=False))
    cases = {}
    full, ro = tmp / "full", tmp / "ro"
    for d in (full, ro):
        d.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48k", "tmpfs", str(full)], capture_output=True, check=False).returncode == 0:
        cases["full disk (48 KB tmpfs)"] = (full, articles, clean)
    annotate_quietly(articles, ro)  # a filled cache, then made read-only
    if subprocess.run(["mount", "--bind", "-o", "ro", str(ro), str(ro)], capture_output=True, check=False).returncode == 0:
        cases["read-only folder (holding a cache)"] = (ro, grown, clean_grown)
    blocker = tmp / "a-file"
    blocker.write_text("x")
    cases["root under a file"] = (blocker / "cache", articles, clean)
    try:
        for cache, arts, want in cases.values():
            try:
                ann, warned = annotate_quietly(arts, cache)
                record(area, "ok" if digest(ann) == want and warned else "silent")
            except Exception:  # noqa: BLE001
                record(area, "crash")
    finally:
        for d in (full, ro):
            subprocess.run(["umount", str(d)], capture_output=True, check=False)
    FIGURES.append(f"unwritable cache: {', '.join(cases)}")


CONCURRENT = """
    import os, sys, pandas as pd
    from newsanalysis.annotate import run
    run.SHARD_SIZE = 2
    if sys.argv[3] == "pause":  # the first write waits 15 s half-done (its temporary file exists)
        real, state = os.replace, {"paused": False}
        def slow(src, dst, *a, **k):
            if not state["paused"] and ".tmp-" in str(src):
                state["paused"] = True
                print("paused", flush=True)
                __import__("time").sleep(15)
            return real(src, dst, *a, **k)
        os.replace = slow
    run.annotate(pd.read_parquet(sys.argv[1]), cache_dir=sys.argv[2], n_process=1, progress=False).save(sys.argv[4])
"""


def sweep_concurrent(tmp: Path, corpus: Path, ref: str) -> None:
    area = "cache"
    results = []
    cache = tmp / "together"  # two runs started at once
    procs = [subprocess.Popen([sys.executable, "-c", textwrap.dedent(CONCURRENT), str(corpus), str(cache), "-",
                               str(tmp / f"together{i}")], stderr=subprocess.PIPE, text=True) for i in range(2)]
    for i, p in enumerate(procs):
        p.communicate(timeout=900)
        ok = p.returncode == 0 and saved_digest(tmp / f"together{i}") == ref
        results.append(record(area, "ok" if ok else "crash" if p.returncode else "silent"))
    cache = tmp / "paused"  # the second starts (and cleans up) while the first is mid-write
    first = subprocess.Popen([sys.executable, "-c", textwrap.dedent(CONCURRENT), str(corpus), str(cache), "pause",
                              str(tmp / "paused0")], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first.stdout.readline()
    second = subprocess.Popen([sys.executable, "-c", textwrap.dedent(CONCURRENT), str(corpus), str(cache), "-",
                               str(tmp / "paused1")], stderr=subprocess.PIPE, text=True)
    for i, p in enumerate((first, second)):
        p.communicate(timeout=900)
        ok = p.returncode == 0 and saved_digest(tmp / f"paused{i}") == ref
        results.append(record(area, "ok" if ok else "crash" if p.returncode else "silent"))
    FIGURES.append(f"two writers on one cache: started together {results[:2]}, one starting while the other "
                   f"is mid-write {results[2:]} (target: all ok)")


def sweep_kills(tmp: Path, corpus: Path, articles, clean: str) -> None:
    area = "cache"
    moments = {
        "importing": lambda c: True,
        "first temporary file": lambda c: any(p.name.startswith(".tmp-") for p in c.rglob("*")),
        "after the first shard": lambda c: len(list(c.rglob("*.keys.json"))) >= 1,
        "after the third shard": lambda c: len(list(c.rglob("*.keys.json"))) >= 3,
        "storing the corpus tables": lambda c: any(p.name.startswith(".tmp-") for p in c.rglob("corpus/*")),
    }
    outcomes, leftovers = [], 0
    for i, (moment, reached) in enumerate(moments.items()):
        cache = tmp / f"kill{i}"
        cache.mkdir()
        proc = start_parse(corpus, str(cache), 1)
        end = time.monotonic() + 600
        while proc.poll() is None and not reached(cache) and time.monotonic() < end:
            time.sleep(0.005)
        killed = proc.poll() is None
        support.kill_tree(proc.pid)
        proc.communicate()
        try:
            ann, _ = annotate_quietly(articles, cache)
            outcome = "ok" if digest(ann) == clean else "silent"
        except Exception:  # noqa: BLE001
            outcome = "crash"
        record(area, outcome)
        outcomes.append(f"{moment}: {outcome}" + ("" if killed else " (ended before the kill)"))
        leftovers += sum(1 for p in cache.rglob("*") if p.name.startswith(".tmp-"))
    FIGURES.append("kill -9 at 5 moments, then a rerun compared with a clean run: " + "; ".join(outcomes)
                   + f"; temporary files left after the reruns: {leftovers}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--flips", type=int, default=60, help="single-byte cache corruptions to try")
    ap.add_argument("--save-kills", type=int, default=30, help="random kills during ann.save")
    ap.add_argument("--no-report", action="store_true", help="skip building a report on a corpus without claims")
    ap.add_argument("--notebook-runs", type=int, default=0, help="runs of the 4 notebooks beside a parse")
    ap.add_argument("--seed", type=int, default=19)
    ap.add_argument("--no-loader", action="store_true", help="skip the loader's bad files and hostile texts")
    ap.add_argument("--loader-only", action="store_true", help="run the loader's cases alone (no model needed)")
    ap.add_argument("--flip-child", nargs=5, help=argparse.SUPPRESS)
    args = ap.parse_args()
    os.environ["NEWSANALYSIS_PROGRESS"] = "0"
    if args.flip_child:
        tmp, start, n, seed, clean = args.flip_child
        flip_child(Path(tmp), int(start), int(n), int(seed), clean)
        return 0
    rng = random.Random(args.seed)
    from newsanalysis import annotate

    with tempfile.TemporaryDirectory(prefix="robustness-") as tmp_name:
        tmp = Path(tmp_name)
        if not args.no_loader:  # first: its cases run in forked processes, before any model is loaded
            loader_step(tmp)
        if args.loader_only:
            return report()
        small, many = copies(4), copies(12)
        clean_small = digest(annotate(small, use_cache=False, progress=False))
        clean_many = annotate(many, use_cache=False, progress=False)
        corpus, corpus40 = tmp / "copies12.parquet", tmp / "copies40.parquet"
        many.to_parquet(corpus)
        copies(40).to_parquet(corpus40)
        ref = saved_digest(clean_many.save(tmp / "reference"))
        steps = [
            ("workers", lambda: sweep_workers(tmp, corpus40)),
            ("flips", lambda: sweep_flips(tmp, small, clean_small, args.flips, args.seed)),
            ("unwritable", lambda: sweep_unwritable(tmp, small, clean_small)),
            ("concurrent", lambda: sweep_concurrent(tmp, corpus, ref)),
            ("kills", lambda: sweep_kills(tmp, corpus, many, digest(clean_many))),
            ("saves", lambda: sweep_saves(tmp, clean_many, args.save_kills, rng)),
            ("fetch", lambda: sweep_fetch(tmp)),
            ("figures", lambda: sweep_figures(clean_many)),
        ]
        if not args.no_report:
            steps.append(("report", lambda: sweep_report(tmp)))
        if args.notebook_runs:
            steps.append(("notebooks", lambda: sweep_notebooks(tmp, args.notebook_runs, corpus40)))
        for name, step in steps:
            t0 = time.monotonic()
            step()
            print(f"[{name}: {time.monotonic() - t0:.0f} s]", file=sys.stderr, flush=True)
    return report()


def loader_step(tmp: Path) -> None:
    """The loader's bad inputs and hostile texts (``benchmarks/loader_robustness.py``)."""
    t0 = time.monotonic()
    timings = sweep_loader(tmp, record, out=sys.stderr)
    worst = max(timings, key=lambda t: t[3], default=None)
    if worst:
        FIGURES.append(f"loader, {len(timings)} hostile texts at 256 KB then 1 MB: the largest time ratio "
                       f"{worst[3]:.1f} ({worst[0]}, {worst[1]:.2f} s -> {worst[2]:.2f} s; about 4 when linear, "
                       "16 when quadratic)")
    print(f"[loader: {time.monotonic() - t0:.0f} s]", file=sys.stderr, flush=True)


def report() -> int:
    print(f"{'area':<24}{'tried':>7}{'crashes':>9}{'silent':>8}{'hangs':>7}")
    for area, r in RESULTS.items():
        print(f"{area:<24}{r['tried']:>7}{r['crash']:>9}{r['silent']:>8}{r['hang']:>7}")
    total = {k: sum(r[k] for r in RESULTS.values()) for k in ("tried", "crash", "silent", "hang")}
    print(f"{'all':<24}{total['tried']:>7}{total['crash']:>9}{total['silent']:>8}{total['hang']:>7}"
          "   (target: 0 crashes, 0 silent losses, 0 hangs)")
    print()
    for line in FIGURES:
        print("- " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
