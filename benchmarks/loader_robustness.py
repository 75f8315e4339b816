"""Loader robustness sweep (issue 19, loader part): bad files, odd encodings, hostile texts.

Each case writes a small folder (a good article beside one bad input, or one hostile text)
and loads it with :func:`newsanalysis.load_articles` in a forked process with a time limit.
The outcome is

* ``crash``: ``load_articles`` raised (one bad file stopped the whole load);
* ``silent``: it returned, but an input article is neither loaded nor reported in
  ``df.attrs["skipped"]``, or a value is wrong without a warning (a title ``'---'``, a date
  in 1970, ``"b'...'"`` as text, mojibake, ``123`` accepted as an article);
* ``hang``: no answer within ``--timeout`` seconds, or, for a hostile text loaded at two
  sizes, the larger (4x) taking more than 8x the time of the smaller and over a second
  (a super-linear rule: at 5 MB it would not finish);
* ``ok`` otherwise.

It prints one line per case that is not ok, then ``tried / crashes / silent / hangs`` and
the timing of the hostile texts. Public API only, so it measures an older checkout too::

    python benchmarks/loader_robustness.py [--timeout 60] [--kb 256] [--only NAME]
    PYTHONPATH=<other checkout> python benchmarks/loader_robustness.py

:func:`sweep` runs the cases for ``benchmarks/robustness.py`` (its ``loader`` area), counting
each outcome with its ``record(area, outcome)``.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import tempfile
import time
import traceback
import warnings
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loader_cases import CASES, SCALING, Case

AREA = "loader"


def _child(conn, case: Case, folder: Path, size: int | None) -> None:
    try:
        import pandas as pd

        from newsanalysis import load_articles

        target = case.build(folder, size) if size is not None else case.build(folder)
        t0 = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            df = load_articles(target if target is not None else folder)
        seconds = time.perf_counter() - t0
        problem = case.check(df) if case.check else None
        rows = len(df)
        del pd
        conn.send(("silent" if problem else "ok", problem or "", seconds, rows))
    except BaseException as exc:  # noqa: BLE001 - the outcome to report, whatever it is
        last = traceback.extract_tb(exc.__traceback__)[-1]
        conn.send(("crash", f"{type(exc).__name__}: {str(exc)[:160]} (at {Path(last.filename).name}:{last.lineno})",
                   0.0, 0))


def _run(case: Case, tmp: Path, timeout: float, size: int | None = None) -> tuple[str, str, float, int]:
    folder = Path(tempfile.mkdtemp(prefix=f"{case.name[:20].replace('/', '_')}-", dir=tmp))
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, case, folder, size))
    t0 = time.monotonic()
    proc.start()
    child.close()
    if parent.poll(timeout):
        try:
            result = parent.recv()
        except EOFError:
            result = ("crash", f"the loading process died (exit code {proc.exitcode})", 0.0, 0)
    else:
        result = ("hang", f"no answer after {time.monotonic() - t0:.0f} s", timeout, 0)
    proc.kill()
    proc.join()
    return result


def sweep(tmp: Path, record: Callable[[str, str], object], *, timeout: float = 60, kb: int = 256,
          only: str = "", out=sys.stdout) -> list[tuple[str, float, float, float, str]]:
    """Run every case (and the hostile texts at two sizes) in a folder under ``tmp``; count
    each with ``record(area, outcome)``; print what is not ok to ``out``.

    Returns ``(text, seconds at kb, seconds at 4 kb, ratio, outcome)`` for the hostile texts.
    """
    work = Path(tempfile.mkdtemp(prefix="loader-", dir=tmp))
    _warm_up(work)
    try:
        return _sweep(work, record, timeout=timeout, kb=kb, only=only, out=out)
    finally:
        _remove_deep_trees(work)


def _sweep(tmp: Path, record, *, timeout: float, kb: int, only: str, out) -> list[tuple[str, float, float, float, str]]:
    for case in CASES:
        if only and only not in case.name:
            continue
        outcome, detail, _, _ = _run(case, tmp, timeout)
        record(AREA, outcome)
        if outcome != "ok":
            print(f"  {outcome:<7} {case.name}: {detail}", file=out, flush=True)
    timings = []
    small = kb * 1024
    for case in SCALING:
        if only and only not in case.name:
            continue
        a = _run(case, tmp, timeout, small)
        b = _run(case, tmp, timeout, 4 * small) if a[0] == "ok" else ("hang", "", timeout, 0)
        outcome = a[0] if a[0] != "ok" else b[0]
        ratio = b[2] / max(a[2], 1e-3)
        if outcome == "ok" and b[2] > 1.0 and ratio > 8:
            outcome = "hang"
        record(AREA, outcome)
        timings.append((case.name, a[2], b[2], ratio, outcome))
        if outcome != "ok":
            print(f"  {outcome:<7} {case.name} ({kb} KB, then {4 * kb} KB): {a[1] or b[1]}", file=out, flush=True)
    return timings


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--timeout", type=float, default=60, help="seconds before a load counts as a hang")
    ap.add_argument("--kb", type=int, default=256, help="size of the smaller hostile text (the larger is 4x)")
    ap.add_argument("--only", default="", help="run only the cases whose name holds this")
    args = ap.parse_args()
    import newsanalysis

    print(f"newsanalysis from {Path(newsanalysis.__file__).parent}")
    counts = {"tried": 0, "crash": 0, "silent": 0, "hang": 0}

    def record(area: str, outcome: str) -> None:
        counts["tried"] += 1
        if outcome != "ok":
            counts[outcome] += 1

    with tempfile.TemporaryDirectory(prefix="loader-robustness-") as tmp:
        timings = sweep(Path(tmp), record, timeout=args.timeout, kb=args.kb, only=args.only)
    print(f"\nhostile texts: seconds at {args.kb} KB and {4 * args.kb} KB, and their ratio "
          "(about 4 when linear, 16 when quadratic)")
    print(f"{'text':<44}{'small':>8}{'4x':>9}{'ratio':>8}")
    for name, small, large, ratio, outcome in timings:
        print(f"{name:<44}{small:>8.2f}{large:>9.2f}{ratio:>8.1f}  {outcome}")
    print(f"\n{'area':<10}{'tried':>7}{'crashes':>9}{'silent':>8}{'hangs':>7}")
    print(f"{AREA:<10}{counts['tried']:>7}{counts['crash']:>9}{counts['silent']:>8}{counts['hang']:>7}"
          "   (target: 0 crashes, 0 silent losses, 0 hangs)")
    return 0


def _warm_up(tmp: Path) -> None:
    """Load one file of each kind before forking: the cases then time the loading, not the
    first import of a reader or a resource."""
    from newsanalysis import load_articles

    folder = Path(tempfile.mkdtemp(prefix="warm-up-", dir=tmp))
    kinds = (".tsv", ".json list of articles", "HTML page with no article", ".jsonl.gz", ".csv.bz2",
             "text stored as bytes (Parquet)")
    for case in CASES:
        if case.name in kinds:
            case.build(folder)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        load_articles(folder)


def _remove_deep_trees(tmp: Path) -> None:
    """Take down the trees too deep for shutil.rmtree (it recurses), level by level."""
    for top in tmp.glob("*/tree"):
        if top.is_symlink() or not top.is_dir():
            continue
        levels = [top]
        while (levels[-1] / "d").is_dir():
            levels.append(levels[-1] / "d")
        for level in reversed(levels):
            for f in level.iterdir():
                if not f.is_dir():
                    f.unlink()
            level.rmdir()


if __name__ == "__main__":
    sys.exit(main())
