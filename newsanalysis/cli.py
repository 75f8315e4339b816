"""The newsanalysis command: load, annotate, report and fetch corpora from a terminal.

Every subcommand prints what it did and exits 0, or prints one line starting with
"error:" (no traceback) and exits non-zero: 1 when the input gave nothing to work on (no
article loaded), 2 when the command cannot run as asked (a missing corpus, an output path
that is a file, an unknown column).
"""

from __future__ import annotations

import argparse
import sys
import textwrap
import time
import warnings
from pathlib import Path

__all__ = ["main"]

#: Exit status: the input loaded no article.
NOTHING_LOADED = 1
#: Exit status: the command cannot run as asked.
USAGE = 2

_EPILOG = """\
examples:
  newsanalysis load my_articles/                      what loads, and what is left out
  newsanalysis annotate export.csv --text-col "Article Text" --dayfirst --out tables/
  newsanalysis report --corpus my_articles/ --out reports/
  newsanalysis datasets --fetch newsarticles

Run "newsanalysis COMMAND --help" for the options of each command.
"""


class CommandError(Exception):
    """A command cannot run as asked; ``status`` is the exit code."""

    def __init__(self, message: str, status: int = USAGE):
        super().__init__(message)
        self.status = status


# --------------------------------------------------------------------------- loading
_COLUMNS = ("text", "title", "date", "outlet", "url", "byline", "tags")


def _add_load_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("source", help="a folder of articles (searched recursively), a file, or a glob in quotes "
                   "such as 'news/*.txt'")
    g = p.add_argument_group(
        "columns of a table (CSV, JSON lines, Parquet)",
        "Common names are recognised in any case and spacing (text, body, content, article text; title, "
        "headline; date, published, publication date; source, outlet; url, link; ...). Name a column "
        "when yours is called otherwise.")
    for name in _COLUMNS:
        what = {"date": "publication date"}.get(name, name)
        g.add_argument(f"--{name}-col", metavar="COLUMN", default=None, help=f"the column holding the {what}")
    d = p.add_mutually_exclusive_group()
    d.add_argument("--dayfirst", action="store_const", const=True, dest="dayfirst", default=None,
                   help="read numeric dates day first: 03/01/2024 is 3 January")
    d.add_argument("--monthfirst", action="store_const", const=False, dest="dayfirst",
                   help="read numeric dates month first: 03/01/2024 is 1 March (without either option, a "
                        "date such as 25/01/2024 in the corpus decides; otherwise month first, with a warning)")


def _load(args):
    """The articles of ``args.source``, with the load's warnings printed as a short table."""
    from newsanalysis.load.articles import load_articles

    mapping = {"text": args.text_col, "title": args.title_col, "published": args.date_col,
               "outlet": args.outlet_col, "url": args.url_col, "byline": args.byline_col, "tags": args.tags_col}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # summarised below, once
        try:
            articles = load_articles(args.source, dayfirst=args.dayfirst, **mapping)
        except FileNotFoundError as exc:
            raise CommandError(str(exc)) from None
        except KeyError as exc:  # a mapped column that is not there
            raise CommandError(str(exc.args[0]) if exc.args else str(exc)) from None
    if articles.empty:
        raise CommandError(_nothing_loaded(args.source, articles.attrs.get("skipped", [])), NOTHING_LOADED)
    return articles


def _nothing_loaded(source, skipped: list[dict]) -> str:
    from newsanalysis.load.articles import SUPPORTED_SUFFIXES

    if not skipped:
        what = "the pattern matches" if any(c in str(source) for c in "*?[") else "it holds"
        return (f"no article loaded from {source}: {what} no file of a type newsanalysis reads "
                f"({', '.join(SUPPORTED_SUFFIXES)}).")
    lines = [f"no article loaded from {source}; {len(skipped)} input(s) not loaded:"]
    lines += [f"  {s['message']}" for s in skipped[:5]]
    if len(skipped) > 5:
        lines.append(f"  ... and {len(skipped) - 5} more")
    return "\n".join(lines)


def _print_table(df, *, indent: str = "  ", width: int = 100) -> None:
    import pandas as pd

    with pd.option_context("display.max_colwidth", 60, "display.width", width):
        print(textwrap.indent(df.to_string(index=False), indent))


def _print_problems(table, *, title: str) -> None:
    if len(table):
        print(title)
        _print_table(table)


def _cmd_load(args) -> int:
    from newsanalysis.analyse.coverage import warning_summary

    articles = _load(args)
    dated = int(articles["published"].notna().sum())
    print(f"articles   {len(articles):>8,}  ({dated:,} dated, {len(articles) - dated:,} without a date)")
    skipped = articles.attrs.get("skipped", [])
    if skipped:
        print(f"not loaded {len(skipped):>8,}")
    if dated:
        pub = articles["published"].dropna()
        print(f"dates      {pub.min():%Y-%m-%d} to {pub.max():%Y-%m-%d}")
    outlets = articles["outlet"].replace("", "(none)").value_counts()
    print(f"outlets    {len(outlets):>8,}  " + ", ".join(f"{k} {v:,}" for k, v in outlets.head(5).items()))
    _print_problems(warning_summary(articles), title="warnings (every message: load_articles(...).attrs and "
                    "the 'warnings' column):")
    print("first articles:")
    _print_table(articles[["title", "published", "outlet", "n_words"]].head(5))
    return 0


def _cmd_annotate(args) -> int:
    from newsanalysis.analyse.coverage import warning_summary
    from newsanalysis.annotate.run import annotate

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise CommandError(f"--out {out} is a file; give a folder for the tables.")
    t0 = time.perf_counter()
    knowledge = None
    if args.knowledge is not None:
        from newsanalysis.annotate.knowledge import load_knowledge

        try:  # checked before the corpus is read, so a typo costs no parse
            knowledge = load_knowledge(args.knowledge)
        except (FileNotFoundError, ValueError) as exc:
            raise CommandError(f"--knowledge: {exc}") from None
    articles = _load(args)
    ann = annotate(articles, nlp=args.model, cache_dir=args.cache_dir, n_process=args.n_process,
                   progress=not args.quiet, knowledge=knowledge)
    out = ann.save(out)
    elapsed = time.perf_counter() - t0
    print(f"newsanalysis {ann.meta['package_version']} · model {ann.meta['model']} {ann.meta['model_version']}")
    print(f"articles   {len(ann.articles):>8,}  ({ann.meta['parsed']:,} parsed, {ann.meta['cached']:,} from cache)")
    print(f"sentences  {len(ann.sentences):>8,}")
    labels = ann.mentions["label"].value_counts()
    print(f"mentions   {len(ann.mentions):>8,}  " + ", ".join(f"{k} {v:,}" for k, v in labels.head(8).items()))
    print(f"actors     {len(ann.actors):>8,}")
    print(f"claims     {len(ann.claims):>8,}")
    print(f"escalation {len(ann.escalation):>8,}")
    if ann.meta.get("knowledge"):
        print(f"knowledge  {ann.meta['knowledge']} (your verbs, escalation entries and aliases applied)")
    if len(ann.warnings):
        print(f"warnings   {len(ann.warnings):>8,}  (every message in {out / 'warnings.parquet'})")
        _print_table(warning_summary(ann))
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


def _check_corpus(corpus: str | None, option: str) -> None:
    """Refuse a corpus that is neither a dataset name nor a path that exists, before any kernel starts."""
    import glob

    from newsanalysis.load import datasets

    if corpus is None or corpus in datasets.DATASETS or corpus == datasets.SAMPLE:
        return
    if Path(corpus).expanduser().exists() or (any(c in corpus for c in "*?[") and glob.glob(corpus)):
        return
    raise CommandError(f"{option} {corpus}: no such file, folder or glob match, and not a dataset name "
                       f"(datasets: {', '.join(sorted(datasets.DATASETS))}; 'sample' is the sample corpus).")


def _cmd_report(args) -> int:
    import logging

    from newsanalysis import reports

    _check_corpus(args.corpus, "--corpus")
    _check_corpus(args.trends_corpus, "--trends-corpus")
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise CommandError(f"--out {out} is a file; give a folder for the reports.")
    known = [nb.stem for nb in reports.NOTEBOOKS]
    unknown = [n for n in args.notebooks or [] if n not in known]
    if unknown:
        raise CommandError(f"--notebook {', '.join(unknown)}: no such notebook (notebooks: {', '.join(known)}).")
    logging.getLogger("papermill").setLevel(logging.WARNING)
    t0 = time.perf_counter()
    paths = reports.build_reports(corpus=args.corpus, trends_corpus=args.trends_corpus, out=out,
                                  cache_dir=args.cache_dir, progress=not args.quiet, notebooks=args.notebooks,
                                  trends_limit=args.trends_limit, show_code=args.show_code)
    for p in paths:
        print(p)
    print(f"wrote {len(paths)} files in {time.perf_counter() - t0:.1f} s; open {paths[-1]}")
    return 0


def _cmd_datasets(args) -> int:
    from newsanalysis.load import datasets

    for name in args.fetch:
        try:
            print(f"{name}: fetched to {datasets.fetch(name, dest=args.dest)}")
        except KeyError as exc:
            raise CommandError(f"--fetch {name}: {exc.args[0]}") from None
    wrap = textwrap.TextWrapper(width=88, initial_indent="  ", subsequent_indent="  ")
    for row in datasets.list_datasets(dest=args.dest).itertuples(index=False):
        where = f"on this machine: {row.local_path}" if row.available else \
            f"not fetched: newsanalysis datasets --fetch {row.name}"
        print(f"{row.name}  ({where})")
        print(wrap.fill(row.description))
        print(wrap.fill(f"source: {row.source}"))
        print(wrap.fill(f"licence: {row.licence}"))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The parser of the ``newsanalysis`` command (every option with its help)."""
    fmt = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="newsanalysis", formatter_class=fmt, epilog=_EPILOG,
        description="Study news articles: who appears with whom, who claims what on whose authority, "
                    "and whether the language of escalation rises.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("load", formatter_class=fmt, help="read a corpus and say what loads and what is left out",
                       description="Read a corpus without annotating it: how many articles load, their dates "
                                   "and outlets, and every problem as a short table.")
    _add_load_options(p)
    p.set_defaults(func=_cmd_load)

    p = sub.add_parser("annotate", formatter_class=fmt, help="annotate a corpus and write its tables as Parquet",
                       description="Load a corpus, annotate it with spaCy (cached: a second run parses only "
                                   "new or changed articles) and write the tables as Parquet files.")
    _add_load_options(p)
    p.add_argument("--out", required=True, metavar="FOLDER", help="folder for the Parquet tables (new, empty "
                   "or holding an earlier save)")
    p.add_argument("--model", default=None, help="spaCy pipeline: a package name or a folder (default: the "
                   "installed en_core_web_sm)")
    p.add_argument("--cache-dir", default=None, metavar="FOLDER", help="annotation cache (default: "
                   "$NEWSANALYSIS_CACHE or ~/.cache/newsanalysis)")
    p.add_argument("--n-process", type=int, default=None, metavar="N", help="spaCy worker processes (default: "
                   "1 under 24 articles, else one per core, at most 2)")
    p.add_argument("--knowledge", default=None, metavar="FOLDER",
                   help="your own reporting verbs, escalation entries and blockers and actor aliases: a folder "
                        "holding reporting_verbs.txt, escalation_lexicon.tsv or actor_aliases.csv in the formats "
                        "of newsanalysis/resources/ (see README, 'Your own knowledge')")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_annotate)

    p = sub.add_parser("info", help="the spaCy model in use, the cache folder and its size")
    p.add_argument("--model", default=None, help="spaCy pipeline to look for (default: the installed one)")
    p.add_argument("--cache-dir", default=None, metavar="FOLDER", help="annotation cache to measure")
    p.set_defaults(func=_cmd_info)

    p = sub.add_parser("report", formatter_class=fmt, help="run the notebooks and write offline HTML reports",
                       description="Execute the numbered notebooks on a corpus and write one HTML report each, "
                                   "plus index.html; the reports open without a network connection.")
    p.add_argument("--corpus", default=None, metavar="CORPUS", help="corpus of the notebooks: a folder, file or glob, 'sample' or "
                   "a dataset name (default: the sample corpus)")
    p.add_argument("--trends-corpus", default=None, metavar="CORPUS", help="dated corpus of the trends notebook (default: "
                   "--corpus when given, else the newsarticles dataset, December 2016 to March 2017)")
    p.add_argument("--trends-limit", type=int, default=None, metavar="N", help="at most N articles in the "
                   "trends notebook, spread over its period")
    p.add_argument("--notebook", action="append", dest="notebooks", metavar="STEM", help="build only this "
                   "notebook, e.g. 02_actor_networks (repeatable)")
    p.add_argument("--out", default="reports", metavar="FOLDER", help="folder for the reports (default: reports)")
    p.add_argument("--cache-dir", default=None, metavar="FOLDER", help="annotation cache (default: "
                   "$NEWSANALYSIS_CACHE or ~/.cache/newsanalysis)")
    p.add_argument("--show-code", action="store_true", help="keep the notebooks' code cells in the reports "
                   "(hidden by default)")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.set_defaults(func=_cmd_report)

    p = sub.add_parser("datasets", help="list the public corpora, or fetch one",
                       description="List the public corpora newsanalysis knows, or download one.")
    p.add_argument("--fetch", metavar="NAME", action="append", default=[], help="download this dataset "
                   "(repeatable)")
    p.add_argument("--dest", default=None, metavar="FOLDER", help="folder for fetched data (default: "
                   "$NEWSANALYSIS_DATA or ~/.local/share/newsanalysis)")
    p.set_defaults(func=_cmd_datasets)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except CommandError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.status
    except (FileNotFoundError, FileExistsError, NotADirectoryError, KeyError, RuntimeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return USAGE


if __name__ == "__main__":
    sys.exit(main())
