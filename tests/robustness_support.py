"""Helpers shared by the robustness tests and ``benchmarks/robustness.py``: distinct copies of
the sample articles, process checks, the strings of a figure. Public API only, so the
benchmark can measure an older checkout too."""

from __future__ import annotations

import time

import pandas as pd
import psutil

#: An outlet or actor name that plotly would turn into a live link if it reached a label as is.
HOSTILE = '<a href="https://evil.example/">Daily Click</a>'


def copies(articles: pd.DataFrame, n: int) -> pd.DataFrame:
    """``n`` distinct articles made from ``articles``: each text gets its own closing line."""
    rows = []
    for i in range(n):
        row = articles.iloc[i % len(articles)].copy()
        row["text"] = f"{row['text']}\n\nCopy {i} of the report."
        row["article_id"] = f"copy{i:03d}"
        rows.append(row)
    return pd.DataFrame(rows).reset_index(drop=True)


def alive(pids) -> list[int]:
    """The processes among ``pids`` still running (zombies count as gone)."""
    out = []
    for pid in pids:
        try:
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                out.append(pid)
        except psutil.NoSuchProcess:
            pass
    return out


def wait_gone(pids, seconds: float = 10) -> list[int]:
    """Wait up to ``seconds`` for ``pids`` to end; those still running."""
    deadline = time.monotonic() + seconds
    while alive(pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return alive(pids)


def kill_tree(pid: int) -> None:
    """Kill a process and all its children."""
    try:
        procs = [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return
    for p in procs:
        try:
            p.kill()
        except psutil.NoSuchProcess:
            pass


def strings(obj):
    """Every string inside a figure's JSON (labels, names, hover texts, data)."""
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from strings(v)
    elif isinstance(obj, (list, tuple)) or hasattr(obj, "tolist"):
        for v in obj.tolist() if hasattr(obj, "tolist") else obj:
            yield from strings(v)
