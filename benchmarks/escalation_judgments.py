"""Score a run of the escalation extractor against the hand-judged samples.

``data/escalation_judged.csv`` holds 370 escalation hits drawn at random (seeded) from News
Articles and the Zelenskyy/Putin press releases by ``escalation_sample.py``, each judged by
reading its sentence (see ``data/escalation_judged.md``); it is the development sample the
rules are tuned on. ``data/escalation_heldout.csv`` is a second sample drawn the same way with
another seed from the articles the first did not pick, judged with the same guide, and only
scored to report (``--sample heldout``). A hit is keyed by
``(corpus, doc, sentence, term_start)``: the corpus, the corpus's own document key (News
Articles ``article_id``; the press release's link), the sentence text (whitespace collapsed)
and the offset of the matched words in it.

:func:`score` takes a new run's hits mapped to those keys (columns corpus, doc, sentence,
term_start, term, rung, negated, conditional and, once the tool has it, usage), matches them to
the judged hits (same key, or failing that the same sentence with overlapping words, so a
longer or shorter match still counts as found) and prints:

coverage
    judged hits found again; and separately the judged *real* hits (escalation, counted usage,
    not negated) found again, and the judged false hits that are gone.
precision of counted hits
    a hit is counted when the tool does not mark it negated and, when the tool gives a
    ``usage`` column, its usage is event, threat or statement; it is correct when the judgment
    says is_escalation, usage event/threat/statement and not negated. (Figures for the
    escalatory polarity only, which is what ``escalation_trend`` counts, are printed too.)
usage accuracy
    judged escalation hits whose tool usage equals the judged one (N/A without a usage column),
    and the confusion matrix of judged usage (rows; "not escalation" for the judged false hits)
    against the tool's (columns).
rung, negation and conditional accuracy
    on judged escalation hits, with precision/recall of the two flags.

Only hits that were judged are scored: a new tool's extra hits are not (they were never
drawn), so precision here is the precision on the judged sample.

Usage::

    .venv/bin/python benchmarks/escalation_judgments.py --from-file   # the tool_* columns (baseline)
    NEWSANALYSIS_CACHE=/tmp/cache-esc .venv/bin/python benchmarks/escalation_judgments.py
                     # re-annotates the sampled articles (../shared/corpora) with the current code
    .venv/bin/python benchmarks/escalation_judgments.py --docbin /tmp/esc_docbin [--sample heldout]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
JUDGED = HERE / "data" / "escalation_judged.csv"
HELDOUT = HERE / "data" / "escalation_heldout.csv"
SAMPLES = {"judged": JUDGED, "heldout": HELDOUT}
KEY = ["corpus", "doc", "sentence", "term_start"]
USAGES = ("event", "threat", "statement", "reference", "history", "name", "definition")
COUNTED_USAGES = ("event", "threat", "statement")

_BOOL = {"true": True, "false": False}


def load_judgments(path: str | Path = JUDGED) -> pd.DataFrame:
    """The judged sample with typed columns.

    ``is_escalation``, ``negated``, ``conditional``, ``tool_negated``, ``tool_conditional`` are
    booleans (``negated``/``conditional`` are NA where the hit is not escalation), ``rung`` and
    ``tool_rung`` nullable integers, ``usage`` a string ('' where not escalation).

    Raises
    ------
    ValueError
        When a row is not fully judged or holds a value outside the guide's vocabulary.
    """
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    bad = []
    for i, r in df.iterrows():
        if r["is_escalation"] not in _BOOL:
            bad.append((r["hit_id"], "is_escalation"))
            continue
        if r["is_escalation"] == "true":
            if r["usage"] not in USAGES:
                bad.append((r["hit_id"], "usage"))
            if not re.fullmatch(r"[0-8]", r["rung"]):
                bad.append((r["hit_id"], "rung"))
            for col in ("negated", "conditional"):
                if r[col] not in _BOOL:
                    bad.append((r["hit_id"], col))
        elif any(r[c] for c in ("usage", "rung", "negated", "conditional")):
            bad.append((r["hit_id"], "judged fields filled on a non-escalation row"))
    if bad:
        raise ValueError(f"{path}: badly judged rows: {bad[:10]}")
    out = df.copy()
    out["term_start"] = out["term_start"].astype(int)
    out["is_escalation"] = out["is_escalation"].map(_BOOL)
    for col in ("negated", "conditional"):
        out[col] = out[col].map(_BOOL).astype("boolean")
    for col in ("tool_negated", "tool_conditional"):
        out[col] = out[col].str.lower().map(_BOOL)  # the sampler writes pandas' True/False
    out["rung"] = pd.to_numeric(out["rung"], errors="coerce").astype("Int64")
    out["tool_rung"] = pd.to_numeric(out["tool_rung"], errors="coerce").astype("Int64")
    return out


def tool_hits_from_file(judged: pd.DataFrame) -> pd.DataFrame:
    """The tool reading stored with the sample (``tool_*`` columns), as a hit table."""
    hits = judged[KEY + ["term"]].copy()
    hits["rung"] = judged["tool_rung"]
    hits["negated"] = judged["tool_negated"]
    hits["conditional"] = judged["tool_conditional"]
    hits["polarity"] = judged["tool_polarity"]
    return hits


def normalise_hits(hits: pd.DataFrame) -> pd.DataFrame:
    """Collapse whitespace in ``sentence`` and move ``term_start`` with it (as the sample does)."""
    hits = hits.copy()
    starts = [len(re.sub(r"\s+", " ", s[:a])) for s, a in zip(hits["sentence"], hits["term_start"])]
    hits["sentence"] = hits["sentence"].str.replace(r"\s+", " ", regex=True)
    hits["term_start"] = starts
    hits["doc"] = hits["doc"].astype(str)
    return hits


def match(judged: pd.DataFrame, hits: pd.DataFrame) -> pd.DataFrame:
    """Each judged hit with the tool hit that matches it (``t_*`` columns; NA when not found).

    A judged hit matches a tool hit with the same key; failing that, the tool hit in the same
    sentence whose words overlap the judged words most (``how`` = 'exact', 'overlap' or '').
    """
    hits = hits.reset_index(drop=True)
    by_sentence: dict[tuple, list[int]] = {}
    for i, (c, d, s) in enumerate(zip(hits["corpus"], hits["doc"], hits["sentence"])):
        by_sentence.setdefault((c, d, s), []).append(i)
    picked, how = [], []
    for r in judged.itertuples():
        cands = by_sentence.get((r.corpus, r.doc, r.sentence), [])
        a, b = r.term_start, r.term_start + len(r.term)
        exact = [i for i in cands if hits.at[i, "term_start"] == a]
        if exact:
            picked.append(exact[0])
            how.append("exact")
            continue
        best, best_overlap = None, 0
        for i in cands:
            ha = int(hits.at[i, "term_start"])
            hb = ha + len(str(hits.at[i, "term"]))
            overlap = min(b, hb) - max(a, ha)
            if overlap > best_overlap:
                best, best_overlap = i, overlap
        picked.append(best)
        how.append("overlap" if best is not None else "")
    cols = [c for c in ("term", "rung", "negated", "conditional", "polarity", "usage") if c in hits.columns]
    tool = pd.DataFrame({f"t_{c}": [hits.at[i, c] if i is not None else pd.NA for i in picked] for c in cols},
                        index=judged.index)
    out = pd.concat([judged, tool], axis=1)
    out["how"] = how
    return out


def _pct(num: int, den: int) -> str:
    return f"{num / den:.3f} ({num}/{den})" if den else "n/a (0)"


def score(hits: pd.DataFrame, judged: pd.DataFrame | None = None, *, out=sys.stdout) -> dict:
    """Print and return the figures for a run's hits (see the module docstring)."""
    judged = load_judgments() if judged is None else judged
    m = match(judged, normalise_hits(hits))
    has_usage = "t_usage" in m.columns
    found = m["how"] != ""
    esc = m["is_escalation"]
    real = esc & m["usage"].isin(COUNTED_USAGES) & ~m["negated"].fillna(False).astype(bool)
    figures: dict[str, float | None] = {}

    def line(name, num, den, key=None):
        print(f"  {name:<64} {_pct(num, den)}", file=out)
        if key:
            figures[key] = num / den if den else None

    print(f"judged hits: {len(m)} ({int(esc.sum())} escalation, {int((~esc).sum())} not); "
          f"judged usage: " + ", ".join(f"{u} {int((m['usage'] == u).sum())}" for u in USAGES), file=out)
    print("coverage", file=out)
    line("judged hits found again", int(found.sum()), len(m), "coverage")
    print(f"  {'  of which exact key / overlapping words':<64} {int((m['how'] == 'exact').sum())} / "
          f"{int((m['how'] == 'overlap').sum())}", file=out)
    line("judged real hits (escalation, counted usage, not negated) found", int((found & real).sum()),
         int(real.sum()), "coverage_real")
    line("judged non-escalation hits no longer found", int((~found & ~esc).sum()), int((~esc).sum()),
         "dropped_false")

    f = m[found].copy()
    t_neg = f["t_negated"].astype(bool)
    counted = ~t_neg
    if has_usage:
        counted &= f["t_usage"].isin(COUNTED_USAGES)
    f_real = real[found]
    print("precision of the hits a trend counts" + ("" if has_usage else " (no usage column: every "
          "non-negated hit is counted)"), file=out)
    line("counted hits judged real", int((counted & f_real).sum()), int(counted.sum()), "precision")
    escal = f["t_polarity"] == "escalatory" if "t_polarity" in f.columns else pd.Series(True, index=f.index)
    line("  escalatory polarity only (escalation_trend's hits)", int((counted & escal & f_real).sum()),
         int((counted & escal).sum()), "precision_escalatory")
    line("judged real hits that are counted (recall on the sample)", int((counted & f_real).sum()),
         int(f_real.sum()), "recall_counted")

    e = f[f["is_escalation"]]
    print("on judged escalation hits found again", file=out)
    if has_usage:
        line("usage accuracy", int((e["t_usage"] == e["usage"]).sum()), len(e), "usage_accuracy")
        figures["confusion"] = confusion(f)
    else:
        print(f"  {'usage accuracy':<64} N/A (the tool gives no usage)", file=out)
        figures["usage_accuracy"] = None
    rung_ok = e["t_rung"].astype("Int64") == e["rung"]
    line("rung accuracy", int(rung_ok.sum()), len(e), "rung_accuracy")
    for flag in ("negated", "conditional"):
        t, g = e[f"t_{flag}"].astype(bool), e[flag].astype(bool)
        line(f"{flag} accuracy", int((t == g).sum()), len(e), f"{flag}_accuracy")
        line(f"  {flag}: precision", int((t & g).sum()), int(t.sum()), f"{flag}_precision")
        line(f"  {flag}: recall", int((t & g).sum()), int(g.sum()), f"{flag}_recall")
    return figures


NOT_ESCALATION = "(not escalation)"


def confusion(matched: pd.DataFrame) -> pd.DataFrame:
    """Judged usage (rows, with the judged non-escalation hits as one more row) against the
    tool's usage (columns), on the matched hits of :func:`match` that were found again."""
    rows = matched["usage"].where(matched["is_escalation"], NOT_ESCALATION)
    table = pd.crosstab(rows.rename("judged"), matched["t_usage"].rename("tool"))
    order = [*USAGES, NOT_ESCALATION]
    return table.reindex(index=[u for u in order if u in table.index],
                         columns=[u for u in USAGES if u in table.columns], fill_value=0)


def largest_cells(table: pd.DataFrame, n: int = 8) -> list[tuple[str, str, int]]:
    """The ``n`` largest off-diagonal cells of a :func:`confusion` table (judged, tool, count)."""
    cells = [(j, t, int(table.at[j, t])) for j in table.index for t in table.columns if j != t and table.at[j, t]]
    return sorted(cells, key=lambda c: -c[2])[:n]


def _draw(sample: str):
    sys.path.insert(0, str(HERE))
    import escalation_sample  # a sibling script, not a package

    return escalation_sample, escalation_sample.DRAWS[sample]


def run_current_tool(cache_dir: str | None, sample: str = "judged") -> pd.DataFrame:
    """Annotate the sampled articles with the current code and return its hits, keyed."""
    mod, draw = _draw(sample)
    annotated, _rng = mod.annotate_sample(cache_dir, draw)
    parts = []
    for corpus, (ann, drawn) in annotated.items():
        h = mod.hits_with_sentences(ann, corpus, drawn)
        parts.append(h.assign(term=h["matched"]))
    return pd.concat(parts, ignore_index=True)


def run_from_docbin(cache: Path, sample: str = "judged") -> pd.DataFrame:
    """Like :func:`run_current_tool`, but the parse is kept: the sampled articles are parsed
    once into DocBins under ``cache`` and only the extractors (:func:`extract_doc`: claims,
    then escalation) run again. For tuning the escalation rules, whose every edit would
    otherwise re-parse the articles (the annotate cache is keyed by the extractor code)."""
    from types import SimpleNamespace

    from spacy.tokens import DocBin

    from newsanalysis import load_articles
    from newsanalysis.annotate.claims.tagger import tagger_for
    from newsanalysis.annotate.dates import date_usages
    from newsanalysis.annotate.engines import _disabled
    from newsanalysis.annotate.extract import extract_doc
    from newsanalysis.annotate.nlp import load_nlp

    mod, draw = _draw(sample)
    nlp = load_nlp()
    tagger = tagger_for(nlp)
    frames, _rng = mod.drawn_frames(draw)
    cache.mkdir(parents=True, exist_ok=True)
    parts = []
    for corpus, (drawn, mapping) in frames.items():
        arts = load_articles(drawn, warn=False, **mapping)
        arts = arts[(arts["language"] == "en") & (arts["text"].str.strip() != "")]
        path = cache / f"{corpus}.spacy"
        if not path.exists():
            with nlp.select_pipes(disable=_disabled(nlp)):
                db = DocBin(store_user_data=False)
                for doc in nlp.pipe(arts["text"].tolist(), n_process=2, batch_size=16):
                    db.add(doc)
            db.to_disk(path)
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        if [d.text for d in docs] != arts["text"].tolist():
            raise SystemExit(f"{path} does not hold these articles: delete it")
        tables: dict[str, list[dict]] = {"sentences": [], "escalation": []}
        for aid, doc in zip(arts["article_id"], docs):
            rows, _errors = extract_doc(doc, aid, tagger=tagger)
            for table in tables:
                tables[table] += [{**r, "article_id": aid} for r in rows[table]]
        ann = SimpleNamespace(articles=arts, **{t: pd.DataFrame(r) for t, r in tables.items()})
        ann.escalation = date_usages(ann.escalation, arts)  # annotate's corpus step
        h = mod.hits_with_sentences(ann, corpus, drawn)
        parts.append(h.assign(term=h["matched"]))
    return pd.concat(parts, ignore_index=True)


def print_confusion(table: pd.DataFrame, *, out=sys.stdout) -> None:
    """The usage confusion matrix and its largest off-diagonal cells."""
    print("usage confusion (rows: judged, columns: tool; hits found again)", file=out)
    print(table.to_string(), file=out)
    print("largest confusions: " + "; ".join(f"{j} as {t} {n}" for j, t, n in largest_cells(table)), file=out)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sample", choices=sorted(SAMPLES), default="judged",
                    help="the development sample (judged, default) or the held-out one")
    ap.add_argument("--from-file", action="store_true",
                    help="score the tool_* columns stored in the judged file (no corpora needed)")
    ap.add_argument("--hits", type=Path, help="score a saved hit table (CSV or Parquet with the key columns)")
    ap.add_argument("--cache", default=None, help="annotate cache directory (default: NEWSANALYSIS_CACHE)")
    ap.add_argument("--docbin", type=Path, default=None,
                    help="keep the parsed sample as DocBins here and re-run only the extractors")
    ap.add_argument("--save", type=Path, default=None,
                    help="write the judged hits beside the tool's reading (t_* columns) as CSV here")
    args = ap.parse_args(argv)
    judged = load_judgments(SAMPLES[args.sample])
    if args.from_file:
        hits = tool_hits_from_file(judged)
    elif args.docbin:
        hits = run_from_docbin(args.docbin / args.sample, args.sample)
    elif args.hits:
        hits = pd.read_parquet(args.hits) if args.hits.suffix == ".parquet" else pd.read_csv(args.hits)
    else:
        import os
        hits = run_current_tool(args.cache or os.environ.get("NEWSANALYSIS_CACHE"), args.sample)
    figures = score(hits, judged)
    if figures.get("confusion") is not None:
        print_confusion(figures["confusion"])
    if args.save:
        match(judged, normalise_hits(hits)).to_csv(args.save, index=False)


if __name__ == "__main__":
    main()
