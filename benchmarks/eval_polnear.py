"""Score the claim extractor on PolNeAR with the reference scorer, and time it.

Usage (from the repository root)::

    .venv/bin/python benchmarks/eval_polnear.py                 # dev split, as reported
    .venv/bin/python benchmarks/eval_polnear.py --split train   # the split the rules were tuned on

What it does:

1. parses every ``../shared/corpora/polnear/data/<split>/text/*.txt`` as it is on disk
   (raw text: offsets must be into the file, so no ``load_articles`` cleaning) with
   ``load_nlp()``;
2. runs :func:`newsanalysis.annotate.claims.extract.find_attributions` with PolNeAR's conventions,
   ``nested=False`` (each token is labelled at most once, so an attribution inside
   another's content is left out; ``extract_claims`` keeps those and chains them) and
   ``negated=True`` (PolNeAR annotates "did not say"; the claims table leaves it out),
   with two span conventions of PolNeAR's that the claims table does not share: the
   source of "Sanders, who said ..." is the relative pronoun "who", and a possessive
   source keeps its mark ("Trump ’s criticism of"); it writes one JSONL line per
   attribution in the format of ``../shared/tools/polnear_eval.py``: source, cue and
   content character spans; a quotation continued after its cue becomes more content
   pieces of the same attribution;
3. runs that scorer (a subprocess, unchanged) and prints its table three times, side by
   side: the rules and the learned tagger of ``newsanalysis.annotate.claims.tagger`` (trained
   on train only) with PolNeAR's conventions (an attribution may have no source, the
   rules' cues take the cue words the tagger marks next to them, and an act such as
   "passed a bill" counts); the same keeping only the tagger attributions the claims
   table keeps (``statements_only=True``: they state a clause, a quotation or the object
   of a known cue); and the rules alone;
4. times ``nlp.pipe`` over ``--timing`` texts (200: all of dev, then train) against
   ``extract_claims`` (chains and all) over the resulting Docs and prints the ratio.

Any article on which the extractor raises is counted and named; the target is none.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSANALYSIS_SHARED", ROOT.parent / "shared"))
sys.path.insert(0, str(ROOT))

from newsanalysis.annotate.claims import extract_claims, find_attributions
from newsanalysis.annotate.claims.tagger import tagger_for
from newsanalysis.annotate.nlp import load_nlp
from newsanalysis.annotate.sentences import SentenceIndex


def read_raw(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def _relative_pronoun(doc, att) -> tuple[int, int] | None:
    """PolNeAR's source of 'Sanders, who said ...' is 'who' (the claims table keeps Sanders)."""
    for t in doc[att.cue[0]:att.cue[1]]:
        if t.dep_ == "relcl":
            rel = next((c for c in t.children if c.dep_ in {"nsubj", "nsubjpass"}
                        and c.lower_ in {"who", "which", "that"}), None)
            if rel is not None:
                return rel.i, rel.i + 1
    return None


def prediction_records(doc, file_name: str, tagger=None, statements_only=False) -> list[dict]:
    """PolNeAR-scorer records for one Doc (continuations merged into their cue)."""
    by_cue: dict[tuple[int, int], dict] = {}
    out = []
    for att in find_attributions(doc, nested=False, negated=True, tagger=tagger,
                                 statements_only=statements_only):
        cue = (doc[att.cue[0]].idx, doc[att.cue[1] - 1].idx + len(doc[att.cue[1] - 1].text))
        if att.continuation_of is not None and cue in by_cue:
            by_cue[cue]["content"] += [list(p) for p in att.content]
            continue
        src = None
        if att.source:
            a, b = _relative_pronoun(doc, att) or att.source
            if b < len(doc) and doc[b].tag_ == "POS" and b < att.cue[0]:
                b += 1  # PolNeAR keeps the possessive mark: "Trump ’s criticism of"
            src = [[doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)]]
        rec = {"file": file_name, "source": src, "cue": [list(cue)],
               "content": [list(p) for p in att.content]}
        by_cue[cue] = rec
        out.append(rec)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", default="dev", choices=["train", "dev"])
    ap.add_argument("--out", help="predictions JSONL (default: a temporary file)")
    ap.add_argument("--timing", type=int, default=200, help="texts used for the speed ratio")
    args = ap.parse_args(argv)

    polnear = SHARED / "corpora" / "polnear"
    scorer = SHARED / "tools" / "polnear_eval.py"
    if not polnear.is_dir() or not scorer.is_file():
        print(f"skipped: {polnear} or {scorer} is absent (../shared is not beside the repo)")
        return 0
    files = sorted((polnear / "data" / args.split / "text").glob("*.txt"))
    texts = [read_raw(f) for f in files]
    nlp = load_nlp()

    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32))
    parse_s = time.perf_counter() - t0

    tagger = tagger_for(nlp)
    if tagger is None:
        print(f"the attribution tagger does not fit {nlp.meta.get('name')} {nlp.meta.get('version')}: "
              "rules alone")
    failed: dict[str, str] = {}  # article -> traceback (once, whichever table raised first)
    extract_s = 0.0
    runs = [("rules + learned tagger, PolNeAR's conventions", tagger, False, ""),
            ("rules + learned tagger, as the claims table keeps them (statements only)", tagger, True, "_claims"),
            ] if tagger is not None else []
    runs.append(("rules alone", None, False, "_rules"))
    for title, tg, stmts, suffix in runs:
        records = []
        t0 = time.perf_counter()
        for f, doc in zip(files, docs):
            try:
                records += prediction_records(doc, f.name, tg, stmts)
            except Exception:  # noqa: BLE001 - counted and named: the target is that none fail
                failed.setdefault(f.name, traceback.format_exc(limit=2))
        extract_s += time.perf_counter() - t0
        out = Path(args.out) if args.out else Path(tempfile.mkdtemp()) / f"polnear_{args.split}_pred.jsonl"
        out = out.with_name(out.stem + suffix + out.suffix)
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(out, "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(rec) + "\n" for rec in records)
        print(f"\n== {title}: {len(files)} articles, {len(records)} predicted attributions -> {out}")
        res = subprocess.run([sys.executable, str(scorer), "--polnear", str(polnear),
                              "--split", args.split, "--pred", str(out)],
                             capture_output=True, text=True, check=False)
        print(res.stdout, end="")
        if res.returncode:
            print(res.stderr, end="")
    print(f"articles on which the extractor raised: {len(failed)}")
    for name, tb in failed.items():
        print(f"  {name}\n{tb}")

    # speed: the extractor against the parse it reads, on the same texts (this split
    # first, topped up from the other one: dev has only 84 articles)
    other = "train" if args.split == "dev" else "dev"
    pool = texts + [read_raw(f) for f in sorted((polnear / "data" / other / "text").glob("*.txt"))]
    n = min(args.timing, len(pool))
    t0 = time.perf_counter()
    tdocs = list(nlp.pipe(pool[:n], batch_size=32))
    t_parse = time.perf_counter() - t0
    t0 = time.perf_counter()
    for i, doc in enumerate(tdocs):
        extract_claims(doc, f"t{i}", sents=SentenceIndex(doc), tagger=tagger)
    t_extract = time.perf_counter() - t0
    print(f"speed on {n} texts: nlp.pipe {t_parse:.2f}s, extract_claims {t_extract:.2f}s, "
          f"ratio {t_extract / t_parse:.1%} of the parse (budget 10%)")
    print(f"(whole split: parse {parse_s:.1f}s, find_attributions {extract_s:.1f}s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
