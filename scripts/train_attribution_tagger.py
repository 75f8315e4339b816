"""Train the attribution tagger (``newsanalysis/resources/attribution_tagger.npz``).

Usage (from the repository root, with ``../shared`` beside it)::

    .venv/bin/python scripts/train_attribution_tagger.py            # writes the resource
    .venv/bin/python scripts/train_attribution_tagger.py --out /tmp/t.npz --epochs 3

It reads only the *train* split of PolNeAR (``../shared/corpora/polnear``), parses every
text with ``load_nlp()``, labels each token with its gold role (source, cue, content or
none; PolNeAR labels each token at most once), runs the rules of
:func:`newsanalysis.annotate.claims.extract.find_attributions` in PolNeAR's conventions to get the
stacked features, and trains the one-hidden-layer network of
:mod:`newsanalysis.annotate.claims.tagger` with Adam and cross-entropy (seeded: the same
data and seed give the same weights). Then score it on dev with
``benchmarks/eval_polnear.py``; dev is never read here.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSANALYSIS_SHARED", ROOT.parent / "shared"))
sys.path.insert(0, str(ROOT))

from newsanalysis.annotate.claims import find_attributions
from newsanalysis.annotate.claims.tagger import (
    AttributionTagger,
    pipeline_id,
    rule_matrix,
    token_features,
)
from newsanalysis.annotate.nlp import load_nlp

ROLE_LABEL = {"source": 1, "cue": 2, "content": 3}


def _scorer():
    spec = importlib.util.spec_from_file_location("polnear_eval", SHARED / "tools" / "polnear_eval.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def gold_labels(doc, records) -> np.ndarray:
    y = np.zeros(len(doc), np.int64)
    for rec in records:
        for role in ("content", "source", "cue"):
            for s, e in rec[role] or []:
                span = doc.char_span(s, e, alignment_mode="expand")
                if span is not None:
                    y[span.start:span.end] = ROLE_LABEL[role]
    return y


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=str(ROOT / "newsanalysis" / "resources" / "attribution_tagger.npz"))
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--hidden", type=int, default=64)
    ap.add_argument("--emb", type=int, default=24)
    ap.add_argument("--min-count", type=int, default=5, help="lemmas seen fewer times share one vector")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)

    polnear = SHARED / "corpora" / "polnear"
    if not polnear.is_dir():
        print(f"{polnear} is absent: put ../shared beside the repository to train")
        return 2
    sc = _scorer()
    texts, gold = sc.load_gold(str(polnear), "train")
    by_file = defaultdict(list)
    for g in gold:
        by_file[g["file"]].append(g)
    names = sorted(texts)
    nlp = load_nlp()
    deps = {d: i for i, d in enumerate(sorted(set(nlp.get_pipe("parser").labels) | {"ROOT", "dep"}))}

    t0 = time.perf_counter()
    docs, ys, rules = [], [], []
    for name, doc in zip(names, nlp.pipe((texts[n] for n in names), batch_size=32)):
        docs.append(doc)
        ys.append(gold_labels(doc, by_file[name]))
        rules.append(rule_matrix(doc, find_attributions(doc, nested=False, negated=True)))
    print(f"parsed {len(docs)} train articles in {time.perf_counter() - t0:.0f}s")
    counts = Counter(t.lemma_.lower() for d in docs for t in d)
    vocab = [w for w, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if c >= args.min_count]
    lemmas = {w: i + 1 for i, w in enumerate(vocab)}

    parts = [token_features(d, r, deps, lemmas) for d, r in zip(docs, rules)]
    x = np.concatenate([p[0] for p in parts])
    lem = np.concatenate([p[1] for p in parts])
    hlem = np.concatenate([p[2] for p in parts])
    y = np.concatenate(ys)
    mean, scale = x.mean(0), x.std(0) + 1e-3
    x = (x - mean) / scale
    print(f"{len(y):,} tokens, {x.shape[1]} dense features, {len(vocab):,} lemmas; "
          f"labels {np.bincount(y, minlength=4).tolist()} (none, source, cue, content)")

    rng = np.random.default_rng(args.seed)
    n_in, H, C, ED = x.shape[1] + 2 * args.emb, args.hidden, 4, args.emb
    p = {"emb": rng.normal(0, 0.1, (len(vocab) + 1, ED)).astype(np.float32),
         "w1": (rng.normal(0, 1, (n_in, H)) / np.sqrt(n_in)).astype(np.float32),
         "b1": np.zeros(H, np.float32),
         "w2": (rng.normal(0, 1, (H, C)) / np.sqrt(H)).astype(np.float32),
         "b2": np.zeros(C, np.float32)}
    m1 = {k: np.zeros_like(v) for k, v in p.items()}
    m2 = {k: np.zeros_like(v) for k, v in p.items()}
    lr, beta1, beta2, step, bs, drop = 2e-3, 0.9, 0.999, 0, 256, 0.1
    for epoch in range(args.epochs):
        order = rng.permutation(len(y))
        loss, t0 = 0.0, time.perf_counter()
        for s in range(0, len(order), bs):
            ix = order[s:s + bs]
            yb = y[ix]
            z = np.concatenate([x[ix], p["emb"][lem[ix]], p["emb"][hlem[ix]]], axis=1)
            z *= (rng.random(z.shape) > drop).astype(np.float32) / (1 - drop)
            a = z @ p["w1"] + p["b1"]
            h = np.maximum(a, 0)
            o = h @ p["w2"] + p["b2"]
            o -= o.max(1, keepdims=True)
            pr = np.exp(o)
            pr /= pr.sum(1, keepdims=True)
            loss += -np.log(pr[np.arange(len(yb)), yb] + 1e-9).sum()
            g = pr
            g[np.arange(len(yb)), yb] -= 1
            g /= len(yb)
            grads = {"w2": h.T @ g, "b2": g.sum(0)}
            dh = g @ p["w2"].T
            dh[a <= 0] = 0
            grads["w1"], grads["b1"] = z.T @ dh, dh.sum(0)
            dz = dh @ p["w1"].T
            ge = np.zeros_like(p["emb"])
            nf = x.shape[1]
            np.add.at(ge, lem[ix], dz[:, nf:nf + ED])
            np.add.at(ge, hlem[ix], dz[:, nf + ED:])
            grads["emb"] = ge
            step += 1
            for k in p:
                m1[k] = beta1 * m1[k] + (1 - beta1) * grads[k]
                m2[k] = beta2 * m2[k] + (1 - beta2) * grads[k] ** 2
                p[k] -= lr * (m1[k] / (1 - beta1 ** step)) / (np.sqrt(m2[k] / (1 - beta2 ** step)) + 1e-8)
        print(f"epoch {epoch + 1}: loss {loss / len(y):.4f} ({time.perf_counter() - t0:.0f}s)")

    tagger = AttributionTagger(p["emb"], p["w1"], p["b1"], p["w2"], p["b2"], mean.astype(np.float32),
                               scale.astype(np.float32), deps, lemmas, pipeline_id(nlp))
    tagger.save(args.out)
    print(f"wrote {args.out} ({Path(args.out).stat().st_size / 1e6:.1f} MB), trained on {tagger.trained_on!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
