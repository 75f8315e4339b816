"""Command line: ``newsanalysis annotate|info|report|datasets``."""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

__all__ = ["main"]


def _cmd_annotate(args) -> int:
    from newsanalysis.annotate.run import annotate
    from newsanalysis.load.articles import load_articles

    t0 = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        articles = load_articles(args.source)
    for w in caught[:10]:
        print(f"warning: {w.message}", file=sys.stderr)
    ann = annotate(articles, nlp=args.model, cache_dir=args.cache_dir, n_process=args.n_process,
                   progress=not args.quiet)
    out = ann.save(args.out)
    elapsed = time.perf_counter() - t0
    print(f"newsanalysis {ann.meta['package_version']} · model {ann.meta['model']} {ann.meta['model_version']}")
    print(f"articles   {len(ann.articles):>8,}  ({ann.meta['parsed']:,} parsed, {ann.meta['cached']:,} from cache)")
    print(f"sentences  {len(ann.sentences):>8,}")
    labels = ann.mentions["label"].value_counts()
    print(f"mentions   {len(ann.mentions):>8,}  " + ", ".join(f"{k} {v:,}" for k, v in labels.head(8).items()))
    print(f"actors     {len(ann.actors):>8,}")
    print(f"claims     {len(ann.claims):>8,}")
    print(f"escalation {len(ann.escalation):>8,}")
    if len(ann.warnings):
        print(f"warnings   {len(ann.warnings):>8,}  (see {out / 'warnings.parquet'})")
    print(f"tables written to {out}/ as Parquet in {elapsed:.1f} s")
    return 0


def _cmd_info(args) -> int:
    from newsanalysis._version import __version__
    from newsanalysis.annotate.cache import default_cache_dir
    from newsanalysis.annotate.nlp import ModelNotFoundError, model_info

    print(f"newsanalysis {__version__}")
    try:
        info = model_info(args.model)
        print(f"model       {info.name} {info.version} (from {info.source})")
    except ModelNotFoundError as exc:
        print(f"model       not found\n{exc}")
    root = Path(args.cache_dir) if args.cache_dir else default_cache_dir()
    size = sum(f.stat().st_size for f in root.rglob("*") if f.is_file()) if root.exists() else 0
    print(f"cache       {root} ({size / 1e6:.1f} MB)")
    return 0


def _cmd_report(args) -> int:
    from newsanalysis import reports

    paths = reports.build_reports(corpus=args.corpus, trends_corpus=args.trends_corpus, out=args.out,
                                  cache_dir=args.cache_dir)
    for p in paths:
        print(p)
    return 0


def _cmd_datasets(args) -> int:
    from newsanalysis.load import datasets

    if args.fetch:
        print(datasets.fetch(args.fetch))
    else:
        import pandas as pd

        with pd.option_context("display.max_colwidth", 80, "display.width", 200):
            print(datasets.list_datasets().to_string(index=False))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newsanalysis", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("annotate", help="annotate a corpus and write its tables as Parquet")
    p.add_argument("source", help="folder, file or glob of articles")
    p.add_argument("--out", required=True, help="folder for the Parquet tables")
    p.add_argument("--model", default=None, help="spaCy package name or path")
    p.add_argument("--cache-dir", default=None)
    p.add_argument("--n-process", type=int, default=None)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_annotate)

    p = sub.add_parser("info", help="model in use, cache location and size")
    p.add_argument("--model", default=None)
    p.add_argument("--cache-dir", default=None)
    p.set_defaults(func=_cmd_info)

    p = sub.add_parser("report", help="execute the notebooks and write offline HTML reports")
    p.add_argument("--corpus", default=None, help="corpus for notebooks 1-3 (default: data/sample)")
    p.add_argument("--trends-corpus", default=None, help="dated corpus for notebook 4")
    p.add_argument("--out", default="reports")
    p.add_argument("--cache-dir", default=None)
    p.set_defaults(func=_cmd_report)

    p = sub.add_parser("datasets", help="list or fetch public corpora")
    p.add_argument("--fetch", metavar="NAME", default=None)
    p.set_defaults(func=_cmd_datasets)

    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (FileNotFoundError, FileExistsError, KeyError, RuntimeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
