"""Is the briefing sensible? Judgments by hand of each topic, pairing and missing voice.

Builds the briefing (``na.briefing``) for two corpora of ``briefing_corpora.py`` -- 50 News
Articles about North Korea and 50 Zelenskyy/Putin releases around 24 February 2022 -- and
reads the judgments kept in ``benchmarks/data/briefing_judged.csv``: one row per item shown
(``item``: topic, pairing or missing voice; ``shown``: the item as it was shown when
judged), with ``sensible`` (yes/no) and a note saying why.

A topic is sensible when its sentences are about one matter and its label names it; a
pairing when the two guests are from camps that oppose each other on that topic and each
has something on it to say; a missing voice when the coverage of that topic does lack it.

Prints, per corpus and item, the share judged sensible, and how many judged items the
current code still shows as judged (a changed item is not counted: judge it again, with
``--template`` to write the current items for judging).

    python benchmarks/eval_briefing.py [--template out.csv] [--show]
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
JUDGED = HERE / "data" / "briefing_judged.csv"
CORPORA = ("north_korea", "zelenskyy_putin")


def items(b) -> pd.DataFrame:
    """The briefing's judged items as text: one row per topic, pairing and missing voice."""
    rows = []
    for t in b.topics.itertuples():
        rows.append({"item": "topic", "topic_id": t.topic_id,
                     "shown": f"{t.label} | {', '.join(t.phrases)} | lead: {t.lead[:160]}"})
        g = b.guests[b.guests["topic_id"] == t.topic_id]
        if len(g):
            rows.append({"item": "pairing", "topic_id": t.topic_id, "shown": " VS ".join(
                f"{r.role}, {r.affiliation} [{r.camp}] ({r.voice}; {r.source})" for r in g.itertuples())})
        m = b.missing[b.missing["topic_id"] == t.topic_id]
        for r in m.itertuples():
            rows.append({"item": "missing voice", "topic_id": t.topic_id,
                         "shown": f"{r.missing} ({r.camp}): {r.why}"})
    return pd.DataFrame(rows, columns=["item", "topic_id", "shown"])


def build(name: str):
    import briefing_corpora

    import newsanalysis as na

    articles = getattr(briefing_corpora, name)()
    if articles is None:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ann = na.annotate(articles, progress=False)
    return na.briefing(ann)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--template", help="write the current items (without judgments) to this CSV")
    ap.add_argument("--show", action="store_true", help="print each briefing as Markdown")
    args = ap.parse_args(argv)
    current = []
    for name in CORPORA:
        b = build(name)
        if b is None:
            return 0
        if args.show:
            print(b.to_markdown())
        current.append(items(b).assign(corpus=name))
    current = pd.concat(current, ignore_index=True)[["corpus", "item", "topic_id", "shown"]]
    if args.template:
        current.assign(sensible="", note="").to_csv(args.template, index=False)
        print(f"wrote {len(current)} items to {args.template}")
        return 0
    judged = pd.read_csv(JUDGED, keep_default_na=False)
    merged = judged.merge(current, on=["corpus", "item", "topic_id", "shown"], how="left", indicator=True)
    still = merged[merged["_merge"] == "both"]
    print(f"{len(still)} of {len(judged)} judged items are shown as judged by the current code "
          f"({len(current)} items shown now)")
    print(f"\n{'corpus':<17} {'item':<14} {'judged':>6} {'sensible':>8} {'share':>6}")
    for (corpus, item), g in still.groupby(["corpus", "item"], sort=False):
        yes = (g["sensible"] == "yes").sum()
        print(f"{corpus:<17} {item:<14} {len(g):>6} {yes:>8} {yes / len(g):>6.0%}")
    yes = (still["sensible"] == "yes").sum()
    print(f"{'all':<17} {'':<14} {len(still):>6} {yes:>8} {yes / max(1, len(still)):>6.0%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
