"""Annotate articles once with spaCy and turn each parsed Doc into table rows.

:func:`annotate` reads as its five steps:

1. **plan**: which articles to annotate (English, not empty, not over the model's
   ``max_length``), their cache keys, and the digest of the whole corpus;
2. **parse what is missing**: articles not in the cache go through one ``nlp.pipe`` pass
   (:mod:`.engines`), the extractors run where each Doc was parsed (:mod:`.extract`);
3. **write shards**: rows are cached per batch of articles (:mod:`.cache`); an article
   whose extractor failed is reported in ``ann.warnings`` and never cached;
4. **assemble** the per-article tables in corpus order;
5. **link**: actor resolution across the corpus, then claim speakers and escalation hits
   to actors (:mod:`.actors`).

A re-run on the same corpus reads the corpus-level tables from the cache and never loads
the model.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sys
import time
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pandas as pd
from spacy.language import Language

from newsanalysis._version import __version__
from newsanalysis.annotate.actors import (
    link_escalation,
    link_speakers,
    load_aliases,
    resolve_actors,
)
from newsanalysis.annotate.cache import AnnotationCache, article_key, code_digest, docs_namespace
from newsanalysis.annotate.dataset import table_frame as _frame
from newsanalysis.annotate.dates import date_usages
from newsanalysis.annotate.engines import (
    ENGINES,
    SHARD_SIZE,
    default_batch_size,
    default_n_process,
    parse_dask,
    parse_local,
    with_article_id,
)
from newsanalysis.annotate.extract import DOC_TABLES, AnnotateWarning
from newsanalysis.annotate.knowledge import UserKnowledge, load_knowledge, using
from newsanalysis.annotate.nlp import load_nlp, model_info
from newsanalysis.annotations import WARNING_COLUMNS, Annotations
from newsanalysis.load import load_articles
from newsanalysis.schemas import validate

__all__ = ["AnnotateWarning", "annotate"]

CORPUS_TABLES = ("sentences", "mentions", "actors", "claims", "escalation")


@dataclass
class _Plan:
    """What one call of :func:`annotate` has to do."""

    articles: pd.DataFrame
    keys: list[str]  # cache keys of the articles to annotate, in corpus order
    text_of: dict[str, str]  # key -> text
    id_of: dict[str, str]  # key -> article_id
    corpus_digest: str
    load_warnings: list[dict]  # from loading: always those of this call's articles
    warnings: list[dict] = field(default_factory=list)  # from annotating (cached with the tables)
    failed: int = 0  # articles an extractor failed on (never cached)


def _warning(article_id: str | None, message: str, source: str = "") -> dict:
    return {"source": source, "article_id": article_id, "message": message}


def _file_of(source: str) -> str:
    """The file of a row's source (``data.csv:row 3`` and ``lines.jsonl:12`` -> the file)."""
    head, _, tail = str(source).rpartition(":")
    return head if head and re.fullmatch(r"(row )?\d+", tail) else str(source)


def _load_warnings(articles: pd.DataFrame) -> list[dict]:
    """The loader's warnings: what it skipped, then each article's. A problem of a whole
    file (its encoding, say) reaches every article of that file: it is listed once, for
    the file."""
    rows = [_warning(None, s["message"], s["source"]) for s in articles.attrs.get("skipped", [])]
    per_article = [(aid, src, w) for aid, src, ws in zip(articles["article_id"], articles["source"],
                                                          articles["warnings"]) for w in ws]
    articles_of: dict[str, set] = {}
    for aid, _, w in per_article:
        articles_of.setdefault(w, set()).add(aid)
    shared = {w for w, ids in articles_of.items() if len(ids) > 1}
    for aid, src, w in per_article:
        rows.append(_warning(None, w, _file_of(src)) if w in shared else _warning(aid, w, src))
    return _unique(rows)


def _plan(articles: pd.DataFrame, namespace: str, aliases) -> _Plan:
    load_warnings = _load_warnings(articles)
    todo = articles[(articles["language"] == "en") & (articles["text"].str.strip() != "")]
    keys = [article_key(a, t) for a, t in zip(todo["article_id"], todo["text"])]
    alias_tag = repr(load_aliases(aliases))  # a file by its contents: an edited file is a new corpus
    digest = hashlib.sha1("\n".join([namespace, code_digest(corpus=True), alias_tag, *keys])
                          .encode()).hexdigest()[:20]
    return _Plan(articles, keys, dict(zip(keys, todo["text"])), dict(zip(keys, todo["article_id"])),
                 digest, load_warnings)


def _user_knowledge(knowledge, aliases):
    """The user's knowledge folder, read and checked, and the aliases with its own."""
    user = knowledge if isinstance(knowledge, UserKnowledge) or knowledge is None else load_knowledge(knowledge)
    if user is not None and user.aliases:
        aliases = [*user.aliases, *load_aliases(aliases)]  # the argument's win over the folder's
    return user, aliases


def _too_long(plan: _Plan, keys: list[str], max_length: int) -> list[str]:
    """Keys of articles the model cannot take (spaCy's ``max_length``), each with a warning."""
    long = [k for k in keys if len(plan.text_of[k]) >= max_length]
    for k in long:
        msg = (f"article {plan.id_of[k]} has {len(plan.text_of[k]):,} characters, over the model's "
               f"max_length ({max_length:,}); not annotated. Split it into parts.")
        warnings.warn(msg, AnnotateWarning, stacklevel=4)
        plan.warnings.append(_warning(plan.id_of[k], msg))
    return long


def _stream(plan: _Plan, missing: list[str], *, nlp, engine: str, n_process, batch_size,
            npartitions, meta: dict) -> Iterator[tuple[str, dict]]:
    """Parse the missing articles with the chosen engine: ``(key, payload)`` pairs."""
    if engine == "local":
        lang = load_nlp(nlp)
        long = set(_too_long(plan, missing, lang.max_length))
        missing = [k for k in missing if k not in long]
        nproc = n_process or default_n_process(len(missing))
        bsize = batch_size or default_batch_size(len(missing), nproc)
        meta.update(engine="local", n_process=nproc, batch_size=bsize)
        return parse_local(lang, [(k, plan.text_of[k]) for k in missing], n_process=nproc, batch_size=bsize)
    long = set(_too_long(plan, missing, 1_000_000))  # spaCy's default max_length
    missing = [k for k in missing if k not in long]
    meta.update(engine="dask")
    return parse_dask(model_info(nlp).source, [(k, plan.text_of[k]) for k in missing],
                      npartitions=npartitions, batch_size=batch_size)


def _parse_missing(plan: _Plan, stream: Iterable[tuple[str, dict]], cache: AnnotationCache | None, *,
                   total: int, progress: bool) -> tuple[dict[str, list[pd.DataFrame]], int]:
    """Collect the rows of parsed articles into frames, writing a cache shard every
    ``SHARD_SIZE`` articles. An article an extractor failed on keeps its rows for this run
    but is never written to the cache: it is parsed (and reported) again next time."""
    from tqdm.auto import tqdm

    parts: dict[str, list[pd.DataFrame]] = {t: [] for t in DOC_TABLES}
    pending: dict[str, list[dict]] = {t: [] for t in DOC_TABLES}
    pending_keys: list[str] = []
    failed: list[dict[str, list[dict]]] = []
    parsed = 0

    def flush() -> None:
        frames = {t: _frame(t, pending[t]) for t in DOC_TABLES}
        for t in DOC_TABLES:
            parts[t].append(frames[t])
            pending[t].clear()
        if cache is not None and pending_keys:
            cache.store(list(pending_keys), frames)
        pending_keys.clear()

    with tqdm(total=total, desc="annotating", unit="article", disable=not progress) as bar:
        for key, payload in stream:
            aid = plan.id_of[key]
            rows, errors = with_article_id(payload, aid, key)
            parsed += 1
            for err in errors:
                msg = err.message(aid)
                warnings.warn(msg, AnnotateWarning, stacklevel=3)
                plan.warnings.append(_warning(aid, msg))
            if errors:
                plan.failed += 1
                failed.append(rows)
            else:
                for t in DOC_TABLES:
                    pending[t].extend(rows[t])
                pending_keys.append(key)
                if len(pending_keys) >= SHARD_SIZE:
                    flush()
            bar.update(1)
    flush()
    for rows in failed:  # in this run's tables, not in the cache
        for t in DOC_TABLES:
            parts[t].append(_frame(t, rows[t]))
    return parts, parsed


def _assemble(plan: _Plan, parts: dict[str, list[pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """The per-article tables of the planned articles, in corpus order."""
    order = {a: i for i, a in enumerate(plan.articles["article_id"])}
    wanted = set(plan.id_of.values())
    out = {}
    for t in DOC_TABLES:
        frames = [f for f in parts[t] if len(f)]
        df = pd.concat(frames, ignore_index=True) if frames else _frame(t, [])
        df = df[df["article_id"].isin(wanted)].drop(columns=["_key"])
        by = ["sent_idx", "start"] if "start" in df.columns else ["sent_idx"]
        out[t] = (df.assign(_order=df["article_id"].map(order)).sort_values(["_order", *by], kind="stable")
                    .drop(columns="_order").reset_index(drop=True))
    return out


def _link(articles: pd.DataFrame, doc_tables: dict[str, pd.DataFrame], aliases) -> dict[str, pd.DataFrame]:
    """Corpus-level steps: actors, then speakers and escalation hits linked to them; hits dated
    well before their article's publication become history."""
    actors, mentions = resolve_actors(articles, doc_tables["mentions"], aliases=aliases)
    claims = link_speakers(doc_tables["claims"], mentions, actors, articles)
    escalation = date_usages(link_escalation(doc_tables["escalation"], claims), articles)
    tables = {"sentences": doc_tables["sentences"], "mentions": mentions, "actors": actors,
              "claims": claims, "escalation": escalation}
    return {t: validate(t, df) for t, df in tables.items()}


def _cache_rows(cache: AnnotationCache | None) -> list[dict]:
    """The cache's problems in this run (damaged shards, an unwritable folder) as warning rows."""
    return [_warning(None, m, str(cache.dir)) for m in cache.problems] if cache is not None else []


def _unique(rows: list[dict]) -> list[dict]:
    """Each warning once, in first-seen order (a file's problem can reach us twice)."""
    seen: set[tuple] = set()
    out = []
    for r in rows:
        key = (r["source"], r["article_id"], r["message"])
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def _warnings_frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(WARNING_COLUMNS)).astype(object)


def _in_notebook() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and shell.__class__.__name__ == "ZMQInteractiveShell"


def _progress_default() -> bool:
    if os.environ.get("NEWSANALYSIS_PROGRESS", "").lower() in ("0", "false", "no"):
        return False
    return _in_notebook() or sys.stderr.isatty()


def annotate(
    articles: pd.DataFrame | str | os.PathLike,
    *,
    nlp: Language | str | None = None,
    cache_dir: str | os.PathLike | None = None,
    n_process: int | None = None,
    batch_size: int | None = None,
    progress: bool | None = None,
    aliases=None,
    knowledge: str | os.PathLike | None = None,
    use_cache: bool = True,
    engine: str = "local",
    npartitions: int | None = None,
    out: str | os.PathLike | None = None,
) -> Annotations:
    """Annotate articles with spaCy into the contract's tables.

    Parameters
    ----------
    articles
        The table from :func:`~newsanalysis.load_articles`, or anything it accepts (a path).
    nlp
        A loaded pipeline, a package name or a path; default: see :func:`~newsanalysis.load_nlp`.
        It is loaded only when some article is not in the cache.
    cache_dir
        Cache root; default ``NEWSANALYSIS_CACHE`` or ``~/.cache/newsanalysis``.
    n_process, batch_size
        Passed to ``nlp.pipe``; default both cores for 24 articles or more, small batches.
    progress
        Show a progress bar (default: in notebooks and terminals; ``NEWSANALYSIS_PROGRESS=0``
        turns it off everywhere).
    aliases
        Your own actor aliases (a dict ``alias -> canonical name`` or a CSV path), passed to
        actor resolution.
    knowledge
        A folder of your own reporting verbs, escalation entries and blockers and actor
        aliases (:mod:`~newsanalysis.annotate.knowledge`; or the ``UserKnowledge`` read from
        one), validated before anything is parsed (an error names the file and line). The
        cache keys on its contents.
    use_cache
        ``False`` parses everything and writes nothing.
    engine
        ``"local"`` (worker processes on this machine) or ``"dask"``: articles are
        parsed in Dask partitions, on the active ``dask.distributed`` client if there is one
        (a cluster whose workers have the package and the model), else on Dask's local
        process pool. The tables are the same as the local engine's.
    npartitions
        Dask partitions (default: one per 256 articles).
    out
        With ``engine="dask"``: a folder every worker can write to. Each partition of
        articles is annotated and written there as Parquet by the worker itself, the
        corpus-level steps run part by part, and the result is
        :func:`~newsanalysis.open_annotations` of that folder: tables as lazy Dask
        DataFrames. A rerun parses only the parts that are missing. ``articles`` may then
        be a Dask DataFrame of loaded articles, so that no process holds the corpus.

    Returns
    -------
    Annotations
        ``articles, sentences, mentions, actors, claims, escalation`` DataFrames, plus
        ``warnings`` and ``meta`` (``meta["parsed"]``: articles parsed in this run).

    Examples
    --------
    >>> ann = annotate(load_articles("data/sample"), progress=False)
    >>> ann.mentions.query("label == 'PERSON'").text.head(2).tolist()
    ['Joe Biden', 'Volodimir Zelensky']
    """
    t0 = time.perf_counter()
    if engine not in ENGINES:
        raise ValueError(f"engine must be 'local' or 'dask', not {engine!r}.")
    if out is not None:
        if engine != "dask":
            raise ValueError("out= writes the annotations as a dataset from Dask workers: use engine='dask'.")
        from newsanalysis.annotate.distributed import annotate_dataset

        if isinstance(articles, pd.DataFrame):
            skipped = articles.attrs.get("skipped", [])
            articles = validate("articles", articles)
            articles.attrs["skipped"] = skipped
        elif not hasattr(articles, "to_delayed"):
            articles = load_articles(articles)
        user, aliases = _user_knowledge(knowledge, aliases)
        return annotate_dataset(articles, out, nlp=nlp, cache_dir=cache_dir, use_cache=use_cache,
                                aliases=aliases, knowledge=user, npartitions=npartitions, batch_size=batch_size)
    if not isinstance(articles, pd.DataFrame):
        articles = load_articles(articles)
    skipped = articles.attrs.get("skipped", [])
    articles = validate("articles", articles)
    articles.attrs["skipped"] = skipped
    user, aliases = _user_knowledge(knowledge, aliases)
    info = model_info(nlp)
    namespace = docs_namespace(info.key, user.digest if user is not None else None)
    plan = _plan(articles, namespace, aliases)
    cache = AnnotationCache(cache_dir, namespace) if use_cache else None
    meta = {"model": info.name, "model_version": info.version, "model_source": info.source,
            "package_version": __version__, "cache_dir": str(cache.dir) if cache else None,
            "articles": len(articles), "annotated": len(plan.keys),
            "knowledge": user.folder if user is not None else None}

    if cache is not None:
        cache.clean_stale()
    cached = cache.load_corpus(plan.corpus_digest, CORPUS_TABLES + ("warnings",)) if cache else None
    if cached is not None:
        tables = {t: validate(t, cached[t]) for t in CORPUS_TABLES}
        again = cached["warnings"].to_dict("records")  # about these articles (too long, ...)
        for w in again:
            warnings.warn(w["message"], AnnotateWarning, stacklevel=2)
        meta.update(parsed=0, cached=len(plan.keys), corpus_cache=True, seconds=time.perf_counter() - t0)
        return Annotations(articles=articles, **tables, meta=meta,
                           warnings=_warnings_frame(_unique(plan.load_warnings + again + _cache_rows(cache))))

    found_rows, found = cache.lookup(plan.keys, DOC_TABLES) if cache else ({}, set())
    parts = {t: [found_rows[t]] if t in found_rows else [] for t in DOC_TABLES}
    missing = [k for k in plan.keys if k not in found]
    parsed = 0
    if missing:
        stream = _stream(plan, missing, nlp=nlp, engine=engine, n_process=n_process,
                         batch_size=batch_size, npartitions=npartitions, meta=meta)
        show = _progress_default() if progress is None else progress
        # closing() ends the worker processes at once when anything below raises (a
        # KeyboardInterrupt included), instead of whenever the generator is collected
        with contextlib.closing(stream), using(user):
            new_parts, parsed = _parse_missing(plan, stream, cache, total=len(missing), progress=show)
        for t in DOC_TABLES:
            parts[t].extend(new_parts[t])

    tables = _link(articles, _assemble(plan, parts), aliases)
    if cache is not None and not plan.failed:
        cache.store_corpus(plan.corpus_digest, {**tables, "warnings": _warnings_frame(plan.warnings)})
    meta.update(parsed=parsed, cached=len(found), corpus_cache=False, seconds=time.perf_counter() - t0)
    return Annotations(articles=articles, **tables, meta=meta,
                       warnings=_warnings_frame(_unique(plan.load_warnings + plan.warnings + _cache_rows(cache))))
