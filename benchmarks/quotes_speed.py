"""How does claim extraction grow with nested and with many quotations? Stage by stage.

Issue 19, item 9: an article of 24 KB whose quotations nest 125 / 250 / 500 / 1,000 deep
("Person 0 said “Person 1 said “... the war will end soon”””.", then plain sentences) took
1.7 / 4.9 / 32 / 221 s. For each depth this prints the seconds of the three stages of
:func:`~newsanalysis.annotate.claims.extract.extract_claims`:

* ``quotes``: pairing the quotation marks and joining them to their cues
  (:func:`~newsanalysis.annotate.claims.quotes.find_quotes`, ``quote_tokens``,
  ``attach_quotes``);
* ``cues``: the rule-based cue finders (``verb_attributions`` and the others);
* ``extract``: the whole of ``extract_claims`` (cues, quotes, the learned tagger off, and
  the speakers, chains and statuses of :mod:`~newsanalysis.annotate.claims.sourcing`);

and the ratio of each to the depth before (about 2 when linear, 4 when quadratic). A second
table does the same for an article of n quotations each with its cue ("“...,” Kim said."),
n = 1,000 to 8,000: ``attach_quotes`` looked at every cue for every quotation before.

    python benchmarks/quotes_speed.py [--depths 125,250,500,1000] [--max-extract-depth 500]
                                      [--quotes 1000,2000,4000,8000]
"""

from __future__ import annotations

import argparse
import time

FILLER = " The talks continued on Monday in the capital of the country."


def nested(depth: int, size: int = 24_000) -> str:
    text = "".join(f"Person {i} said “" for i in range(depth)) + "the war will end soon" + "”" * depth + "."
    while len(text) < size:
        text += FILLER
    return text


def many(n: int) -> str:
    return " ".join(f"“We will hold the line number {i},” Kim said." for i in range(n))


def _timed(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def stages(nlp, text: str, *, extract: bool) -> tuple[int, dict[str, float]]:
    from newsanalysis.annotate.claims.cues import (
        according_to_attributions,
        layout_attributions,
        noun_attributions,
        verb_attributions,
    )
    from newsanalysis.annotate.claims.extract import extract_claims
    from newsanalysis.annotate.claims.quotes import attach_quotes, find_quotes, quote_tokens
    from newsanalysis.annotate.claims.syntax import doc_text
    from newsanalysis.annotate.sentences import SentenceIndex

    doc = nlp(text)
    sents = SentenceIndex(doc)
    t_cues, atts = _timed(lambda: verb_attributions(doc, sents) + noun_attributions(doc)
                          + according_to_attributions(doc, sents) + layout_attributions(doc))
    t_quotes, _ = _timed(lambda: attach_quotes(doc, atts, quote_tokens(doc, find_quotes(doc_text(doc)))))
    t_extract = _timed(lambda: extract_claims(doc, "x", sents=sents))[0] if extract else float("nan")
    return len(doc), {"quotes": t_quotes, "cues": t_cues, "extract": t_extract}


def table(nlp, label: str, sizes: list[int], make, *, extract_upto: int) -> None:
    print(f"\n{label:>8}{'tokens':>8}{'quotes s':>10}{'ratio':>7}{'cues s':>9}{'ratio':>7}{'extract s':>11}{'ratio':>7}")
    prev = None
    for n in sizes:
        tokens, t = stages(nlp, make(n), extract=n <= extract_upto)
        ratios = {k: (t[k] / prev[k] if prev and prev[k] > 0 else float("nan")) for k in t}
        print(f"{n:>8}{tokens:>8}{t['quotes']:>10.3f}{ratios['quotes']:>7.1f}{t['cues']:>9.2f}{ratios['cues']:>7.1f}"
              f"{t['extract']:>11.1f}{ratios['extract']:>7.1f}", flush=True)
        prev = t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--depths", default="125,250,500,1000")
    ap.add_argument("--max-extract-depth", type=int, default=500,
                    help="run the whole extract_claims only up to this depth (1,000 took minutes)")
    ap.add_argument("--quotes", default="1000,2000,4000,8000")
    args = ap.parse_args()
    from newsanalysis.annotate.nlp import load_nlp

    nlp = load_nlp()
    nlp.max_length = max(nlp.max_length, 2_000_000)
    table(nlp, "depth", [int(x) for x in args.depths.split(",")], nested, extract_upto=args.max_extract_depth)
    table(nlp, "quotes", [int(x) for x in args.quotes.split(",")], many, extract_upto=0)


if __name__ == "__main__":
    main()
