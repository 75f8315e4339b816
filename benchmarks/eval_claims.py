"""Score the claims table against the hand-made gold set of attributed statements.

Usage (from the repository root)::

    NEWSANALYSIS_SHARED=../shared .venv/bin/python benchmarks/eval_claims.py [--errors 40] [--pred pred.jsonl] [--json]

It reads the 27 gold articles (``<shared>/gold/speakers_dev_part{1,2,3}.jsonl``; ``doc`` is
the ``article_id`` of ``<shared>/corpora/newsarticles/NewsArticles.csv``) from that CSV,
loads and annotates them with the public API (``na.load_articles``, ``na.annotate``), writes
one prediction line per doc in the format of ``<shared>/tools/claims_eval.py`` and prints that
scorer's table: statement recall, precision and F1; right-speaker recall (the headline: a
statement found with the right speaker, over all gold statements) and speaker accuracy on
what was found; anonymity, chain and status accuracy; right-speaker recall by speaker type.
``--errors N`` also prints N misses, false claims and wrong speakers; ``--json`` prints the
scorer's figures as one JSON object instead.

One claims row becomes one predicted statement:

  start, end      content_start, content_end (the gold scores the content span; a row
                  without one gives its whole attribution span)
  speaker         text[speaker_start:speaker_end], the words naming the speaker (the
                  antecedent's for a pronoun); the speaker column when there is no span
  speaker_name    the name of the actor speaker_actor_id; else the speaker column, unless it
                  is a bare pronoun (then null)
  anonymous, status   as in the table
  chain           the hops' sources from origin on, without the final "(this article)"
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import newsanalysis as na

GOLD_PARTS = [f"gold/speakers_dev_part{i}.jsonl" for i in (1, 2, 3)]
CSV = "corpora/newsarticles/NewsArticles.csv"
SCORER = "tools/claims_eval.py"
THIS_ARTICLE = "(this article)"
PRONOUNS = {"i", "we", "you", "he", "she", "they", "it", "me", "us", "him", "her", "them",
            "who", "which", "that", "this", "these", "those"}


def shared_folder(given: str | None) -> Path:
    shared = Path(given or os.environ.get("NEWSANALYSIS_SHARED") or ROOT.parent / "shared")
    absent = [p for p in [*GOLD_PARTS, CSV, SCORER] if not (shared / p).is_file()]
    if absent:
        what = "does not exist" if not shared.is_dir() else f"lacks {', '.join(absent)}"
        sys.exit(f"eval_claims: the shared folder {shared} {what}. "
                 "Pass --shared PATH or set NEWSANALYSIS_SHARED to the folder holding gold/, "
                 "tools/ and corpora/.")
    return shared


def load_gold_articles(shared: Path) -> tuple[pd.DataFrame, dict[str, int]]:
    """The gold docs' rows, loaded one by one (a doc that fails is named and left out)."""
    docs = sorted({json.loads(line)["doc"] for p in GOLD_PARTS
                   for line in (shared / p).read_text(encoding="utf-8").splitlines() if line.strip()})
    csv = pd.read_csv(shared / CSV)
    csv = csv[csv["article_id"].isin(docs)].set_index("article_id")
    loaded, doc_of = [], {}
    for doc in docs:
        why = "not in the CSV" if doc not in csv.index else ""
        if not why:
            try:
                row = na.load_articles(csv.loc[[doc]].reset_index(), text="text", title="title",
                                       published="publish_date", url="article_source_link", warn=False)
                why = "" if len(row) else "; ".join(s["message"] for s in row.attrs.get("skipped", []))
                why = why or ("not English" if (row["language"] != "en").any() else "")
            except Exception as e:  # noqa: BLE001 - named, and the other docs still scored
                why = f"{type(e).__name__}: {e}"
        if why:
            print(f"eval_claims: doc {doc} could not be loaded ({why}); it is scored as missed.",
                  file=sys.stderr, flush=True)
            continue
        loaded.append(row)
        doc_of[row["article_id"].iloc[0]] = int(doc)
    if not loaded:
        sys.exit(f"eval_claims: none of the {len(docs)} gold docs could be loaded from {shared / CSV}.")
    return pd.concat(loaded, ignore_index=True), doc_of


def _int(v) -> int | None:
    return None if pd.isna(v) else int(v)


def prediction(text: str, claims: pd.DataFrame, names: dict[str, str]) -> list[dict]:
    out = []
    for c in claims.itertuples(index=False):
        s, e = _int(c.content_start), _int(c.content_end)
        if s is None or e is None:
            s, e = int(c.start), int(c.end)
        ss, se = _int(c.speaker_start), _int(c.speaker_end)
        surface = text[ss:se] if ss is not None and se is not None else c.speaker
        name = names.get(c.speaker_actor_id) if isinstance(c.speaker_actor_id, str) else None
        if name is None and c.speaker and c.speaker.strip().lower() not in PRONOUNS:
            name = c.speaker
        chain = [h["source"] for h in c.chain if h["source"] != THIS_ARTICLE]
        out.append({"start": s, "end": e, "speaker": surface, "speaker_name": name,
                    "anonymous": bool(c.anonymous), "chain": chain, "status": c.status})
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", help="folder with gold/, tools/, corpora/ (default NEWSANALYSIS_SHARED or ../shared)")
    ap.add_argument("--cache-dir", help="annotation cache (default NEWSANALYSIS_CACHE or ~/.cache/newsanalysis)")
    ap.add_argument("--n-process", type=int, default=1, help="spaCy processes (default 1)")
    ap.add_argument("--pred", help="keep the prediction file at this path")
    ap.add_argument("--errors", type=int, default=0, help="print this many error lines")
    ap.add_argument("--json", action="store_true", help="print the scorer's figures as JSON")
    ap.add_argument("--without-borderline", action="store_true",
                    help="also score against the gold without the statements its notes call borderline")
    a = ap.parse_args(argv)
    shared = shared_folder(a.shared)

    articles, doc_of = load_gold_articles(shared)
    ann = na.annotate(articles, cache_dir=a.cache_dir, n_process=a.n_process, progress=False)
    names = dict(zip(ann.actors["actor_id"], ann.actors["name"]))
    by_article = dict(tuple(ann.claims.groupby("article_id", sort=False)))
    empty = ann.claims.iloc[0:0]
    lines = [{"doc": doc_of[aid], "text": text, "claims": prediction(text, by_article.get(aid, empty), names)}
             for aid, text in zip(ann.articles["article_id"], ann.articles["text"])]
    failed = ann.warnings[ann.warnings["message"].str.contains("extractor failed", na=False)]
    for msg in failed["message"]:
        print(f"eval_claims: {msg}", file=sys.stderr)

    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(a.pred) if a.pred else Path(tmp) / "pred.jsonl"
        pred.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in lines), encoding="utf-8")
        gold = ",".join(str(shared / p) for p in GOLD_PARTS)
        cmd = [sys.executable, str(shared / SCORER), "--pred", str(pred)] + (["--json"] if a.json else [])
        code = subprocess.run([*cmd, "--gold", gold, "--errors", str(a.errors)], check=False).returncode
        if a.without_borderline:  # the statements the gold's own notes call borderline, left out
            clear = Path(tmp) / "gold_clear.jsonl"
            rows = [ln for p in GOLD_PARTS for ln in (shared / p).read_text(encoding="utf-8").splitlines()
                    if ln.strip() and "borderline" not in json.loads(ln).get("note", "").lower()]
            clear.write_text("\n".join(rows) + "\n", encoding="utf-8")
            print(f"\n== without the {sum(1 for p in GOLD_PARTS for ln in (shared / p).read_text().splitlines() if ln.strip()) - len(rows)} "
                  "statements the gold's notes call borderline")
            code = code or subprocess.run([*cmd, "--gold", str(clear)], check=False).returncode
        return code


if __name__ == "__main__":
    sys.exit(main())
