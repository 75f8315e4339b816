"""Do the mentions we keep as actors (and the kinds we give them) agree with re3d's gold spans?

re3d (Dstl, ../shared/corpora/re3d/, see its README.md and PROVENANCE.md): 98 documents on
the conflict in Syria and Iraq with gold entity spans. A gold span may carry alternative
labels with a confidence each ('Syria' as Organisation 1.0 and Location 0.0); we keep the
labels with confidence >= 0.5, so 'Syria' acting is an Organisation and 'in Syria' a Location.

We parse each document with the project's pipeline, resolve actors over the whole set, and
score by overlap (a predicted span counts when it overlaps a gold span of the compared type;
precision = matched predictions / predictions, recall = matched gold / gold):

  ner     spaCy's labels vs gold types (PERSON~Person, ORG~Organisation, GPE/LOC/FAC~Location,
          NORP~Nationality): the raw material
  actors  mentions we keep as actors vs gold actor types: person~Person,
          organization/media/group~Organisation, country~Organisation (a state acting),
          any actor~Person|Organisation
  places  GPE/LOC/FAC mentions we do NOT make actors (no actor, or kind place) vs gold
          Location (a place kept a place); place actors of any label vs gold Location

    python benchmarks/eval_re3d.py
"""

from __future__ import annotations

import json
import os
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RE3D = Path(os.environ.get("NEWSANALYSIS_SHARED", REPO.parent / "shared")) / "corpora" / "re3d"
sys.path.insert(0, str(REPO))
MIN_CONFIDENCE = 0.5


def _read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8-sig").splitlines() if line.strip()]


def load_re3d():
    docs, gold = [], []
    for folder in sorted(p for p in RE3D.iterdir() if p.is_dir()):
        for d in _read_jsonl(folder / "documents.json"):
            docs.append({"article_id": d["_id"], "text": d["text"], "source": folder.name})
        for e in _read_jsonl(folder / "entities.json"):
            if float(e.get("confidence", 0)) >= MIN_CONFIDENCE:
                gold.append({"article_id": e["documentId"], "start": int(e["begin"]), "end": int(e["end"]),
                             "type": e["type"], "value": e["value"]})
    return docs, gold


def score(pred: list[tuple], gold: list[tuple]) -> tuple[int, int, float, float]:
    """Overlap precision/recall of spans (article_id, start, end)."""
    by_doc = defaultdict(list)
    for g in gold:
        by_doc[g[0]].append(g)
    matched_gold = set()
    tp = 0
    for a, s, e in pred:
        hit = [g for g in by_doc.get(a, ()) if g[1] < e and s < g[2]]
        if hit:
            tp += 1
            matched_gold.update(hit)
    p = tp / len(pred) if pred else float("nan")
    r = len(matched_gold) / len(gold) if gold else float("nan")
    return len(pred), len(gold), p, r


def main() -> int:
    if not RE3D.is_dir():
        print(f"skipped: {RE3D} not found (this evaluation needs ../shared/corpora)")
        return 0
    import pandas as pd

    from newsanalysis.annotate.actors.resolver import resolve_actors
    from newsanalysis.annotate.nlp import load_nlp
    from newsanalysis.annotate.sentences import SentenceIndex

    docs, gold = load_re3d()
    nlp = load_nlp()
    rows = []
    for d, doc in zip(docs, nlp.pipe([d["text"] for d in docs], batch_size=16)):
        idx = SentenceIndex(doc)
        for ent in doc.ents:
            rows.append({"article_id": d["article_id"], "sent_idx": idx.of_token(ent.start),
                         "start": ent.start_char, "end": ent.end_char, "text": ent.text, "label": ent.label_})
    articles = pd.DataFrame(docs)
    actors, mentions = resolve_actors(articles, pd.DataFrame(rows))
    kind = dict(zip(actors["actor_id"], actors["kind"]))
    mentions["kind"] = mentions["actor_id"].map(kind)

    def spans(df):
        return [(a, int(s), int(e)) for a, s, e in zip(df["article_id"], df["start"], df["end"])]

    def gold_of(*types):
        return [(g["article_id"], g["start"], g["end"]) for g in gold if g["type"] in types]

    m = mentions
    actor = m[m["actor_id"].notna() & (m["kind"] != "place")]  # a place is no actor
    placed = m["actor_id"].isna() | (m["kind"] == "place")
    table = [
        ("ner", "PERSON ~ Person", spans(m[m["label"] == "PERSON"]), gold_of("Person")),
        ("ner", "ORG ~ Organisation", spans(m[m["label"] == "ORG"]), gold_of("Organisation")),
        ("ner", "GPE/LOC/FAC ~ Location", spans(m[m["label"].isin(["GPE", "LOC", "FAC"])]), gold_of("Location")),
        ("ner", "NORP ~ Nationality", spans(m[m["label"] == "NORP"]), gold_of("Nationality")),
        ("actors", "person ~ Person", spans(actor[actor["kind"] == "person"]), gold_of("Person")),
        ("actors", "organization/media/group ~ Organisation",
         spans(actor[actor["kind"].isin(["organization", "media", "group"])]), gold_of("Organisation")),
        ("actors", "country ~ Organisation (state acting)", spans(actor[actor["kind"] == "country"]),
         gold_of("Organisation")),
        ("actors", "country ~ Location", spans(actor[actor["kind"] == "country"]), gold_of("Location")),
        ("actors", "any actor ~ Person|Organisation", spans(actor), gold_of("Person", "Organisation")),
        ("places", "GPE/LOC/FAC not actors ~ Location",
         spans(m[m["label"].isin(["GPE", "LOC", "FAC"]) & placed]), gold_of("Location")),
        ("places", "GPE/LOC/FAC not actors ~ Organisation",
         spans(m[m["label"].isin(["GPE", "LOC", "FAC"]) & placed]), gold_of("Organisation")),
        ("places", "place actors ~ Location", spans(m[m["kind"] == "place"]), gold_of("Location")),
    ]
    print(f"re3d: {len(docs)} documents, {len(gold):,} gold spans with confidence >= {MIN_CONFIDENCE}; "
          f"{len(m):,} spaCy mentions, {len(actor):,} kept as actors ({actors.shape[0]} actors)\n")
    print(f"{'level':7} {'comparison':45} {'pred':>6} {'gold':>6} {'precision':>9} {'recall':>7}")
    for level, name, pred, g in table:
        n_pred, n_gold, p, r = score(pred, g)
        print(f"{level:7} {name:45} {n_pred:6d} {n_gold:6d} {p:9.2f} {r:7.2f}")
    dropped = m[m["actor_id"].isna() & m["label"].isin(["PERSON", "ORG", "GPE", "NORP"])]
    print(f"places (kind place): {int((m['kind'] == 'place').sum()):,} mentions")
    print(f"\nPERSON/ORG/GPE/NORP mentions left without an actor: {len(dropped):,} "
          f"(most frequent: {', '.join(dropped['text'].value_counts().head(12).index)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
