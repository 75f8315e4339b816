"""How fast is the cleaning, and does any rule blow up? Ratios measured side by side in one run.

Times, against one plain linear pass over the same text (``re.sub(r"\\s+", " ", text)``):
  (a) ``clean_text`` on a ~5 MB scraped body (real News Articles texts with live-blog
      furniture mixed in, as one paragraph and as paragraphs), and on adversarial strings
      made to trip a catastrophic regular expression ("_1234567" * 20000, a run of quotes,
      of full stops, of digits with dots, of "Read more", ...);
  (b) ``load_articles`` on N News Articles rows, with and without cleaning (the corpus-level
      step, :mod:`newsanalysis.load.boilerplate`, included).

    python benchmarks/cleaning_speed.py [--mb 5] [--n 1000]

For each adversarial string the last column is the time on the string repeated four times
over the time on the string: about 4 when every rule is linear, about 16 (or no answer at
all) when one backtracks catastrophically.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
CORPUS = Path(os.environ.get("NEWSANALYSIS_SHARED", REPO.parent / "shared")) / "corpora" / "newsarticles" / "NewsArticles.csv"

LIVE_BLOG = (
    "Ukrainians evacuate Irpin – liveRead more 7 Mar 202204.21South Korea has announced sanctions. "
    "16.11 BST Boris Johnson said the UK would help. Photograph: Alexey Nikolsky/Sputnik/AFP/Getty Images "
    "Sign up to First Edition, our free daily newsletter. 22.56Boris Johnson said he was \"appalled,\"?he added. "
)
ADVERSARIAL = {
    '"_1234567" * 20000': "_1234567" * 20000,
    '"a" * 200000': "a" * 200000,
    '". " * 100000': ". " * 100000,
    '"1.23" * 50000': "1.23" * 50000,
    "'\"?' * 50000": '"?' * 50000,
    '"Read more" * 20000': "Read more" * 20000,
    '"(A/B) " * 20000': "(A/B) " * 20000,
    '"x@y " * 40000': "x@y " * 40000,
    '"- " * 100000': "- " * 100000,
    '"A. " * 70000': "A. " * 70000,
}


def _timed(fn, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def _body(mb: float) -> str:
    import pandas as pd

    texts = pd.read_csv(CORPUS, dtype=str, keep_default_na=False)["text"].tolist() if CORPUS.is_file() else [
        "The Pentagon said on Monday it would send more missiles, officials told reporters."]
    parts, size, i = [], 0, 0
    while size < mb * 1_000_000:
        piece = texts[i % len(texts)] + (" " + LIVE_BLOG if i % 5 == 0 else "")
        parts.append(piece)
        size += len(piece)
        i += 1
    return " ".join(parts)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=5.0, help="size of the long body in MB (default 5)")
    ap.add_argument("--n", type=int, default=1000, help="News Articles rows for load_articles (default 1000)")
    a = ap.parse_args(argv)
    from newsanalysis.load.cleaning import clean_text

    def ratio(text: str) -> tuple[float, float]:
        base = _timed(lambda: re.sub(r"\s+", " ", text), repeat=3)
        t = _timed(lambda: clean_text(text))
        return t, t / base

    print(f"{'input':34s} {'chars':>10s} {'clean_text s':>13s} {'x one re.sub pass':>18s} "
          f"{'4x input: x time':>17s}")
    body = _body(a.mb)
    for name, text in [(f"{a.mb:g} MB body, one paragraph", body),
                       (f"{a.mb:g} MB body, paragraphs", body.replace(". ", ".\n\n")),
                       *ADVERSARIAL.items()]:
        t, r = ratio(text)
        # linear rules take about 4x the time on a 4x longer input; a quadratic one about 16x
        longer = text * 4
        growth = "" if len(text) > 1_000_000 else f"{_timed(lambda longer=longer: clean_text(longer)) / t:17.1f}"
        print(f"{name:34s} {len(text):10,d} {t:13.2f} {r:18.0f} {growth}", flush=True)

    if CORPUS.is_file():
        import pandas as pd

        from newsanalysis import load_articles

        rows = pd.read_csv(CORPUS, dtype=str, keep_default_na=False).head(a.n)
        kw = {"text": "text", "title": "title", "published": "publish_date", "url": "article_source_link",
              "warn": False}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            raw = _timed(lambda: load_articles(rows, clean=False, **kw))
            cleaned = _timed(lambda: load_articles(rows, **kw))
        print(f"\nload_articles on {len(rows)} News Articles rows: {cleaned:.2f} s cleaned, {raw:.2f} s "
              f"without cleaning ({cleaned / raw:.1f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
