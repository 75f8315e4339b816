"""How far two PolNeAR annotators agree, on the reference scorer: the ceiling for a system.

Usage (from the repository root, with ``../shared`` beside it)::

    .venv/bin/python benchmarks/polnear_agreement.py

Some PolNeAR texts were annotated by several people (the 4 annotator-training texts by
6 each, 16 train and 2 dev texts by 2 to 6). For every ordered pair of annotators of a
text, one is scored as the prediction against the other as gold with
``../shared/tools/polnear_eval.py`` (unchanged, imported), and the overlap counts are
summed per split. With ordered pairs P = R, so the printed F1 is the agreement. A system
scored against one annotator is unlikely to agree with it more than a second annotator
does: this is the ceiling to read ``benchmarks/eval_polnear.py``'s figures against.
"""

from __future__ import annotations

import importlib.util
import itertools
import os
import re
import sys
from collections import defaultdict
from pathlib import Path

SHARED = Path(os.environ.get("NEWSANALYSIS_SHARED", Path(__file__).resolve().parents[2] / "shared"))


def main() -> int:
    polnear = SHARED / "corpora" / "polnear" / "data"
    scorer = SHARED / "tools" / "polnear_eval.py"
    if not polnear.is_dir() or not scorer.is_file():
        print(f"skipped: {polnear} or {scorer} is absent (../shared is not beside the repo)")
        return 0
    spec = importlib.util.spec_from_file_location("polnear_eval", scorer)
    sc = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sc)
    print(f"{'split':<20} {'texts':>5} {'pairs':>5}   overlap F1: source    cue  content")
    for split in ("annotator-training", "train", "dev"):
        folder = polnear / split
        anns = defaultdict(list)
        for name in os.listdir(folder / "attributions"):
            m = re.fullmatch(r"(.+)_([^_]+)\.ann", name)
            if m:
                anns[m.group(1)].append(name)
        sums = defaultdict(lambda: [0, 0, 0, 0])
        texts = pairs = 0
        for stem, files in sorted(anns.items()):
            if len(files) < 2:
                continue
            texts += 1
            name = stem + ".txt"
            text = {name: sc.read_text(str(folder / "text" / name))}
            for a, b in itertools.permutations(sorted(files), 2):
                gold = sc.parse_ann(str(folder / "attributions" / a), name)
                pred = sc.parse_ann(str(folder / "attributions" / b), name)
                if not gold or not pred:
                    continue
                pairs += 1
                res = sc.evaluate(text, gold, pred)["overlap"]
                for role in ("source", "cue", "content"):
                    r = res[role]
                    for i, k in enumerate(("overlap_pred", "pred_len", "overlap_gold", "gold_len")):
                        sums[role][i] += r[k]
        f1 = []
        for role in ("source", "cue", "content"):
            op, pl, og, gl = sums[role]
            p, r = op / max(pl, 1), og / max(gl, 1)
            f1.append(2 * p * r / (p + r) if p + r else 0.0)
        print(f"{split:<20} {texts:>5} {pairs:>5}               {f1[0]:.3f}  {f1[1]:.3f}    {f1[2]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
