"""Annotate articles once with spaCy and turn each parsed Doc into table rows.

The flow is one direction: ``articles`` → one ``nlp.pipe`` pass over the articles not in the
cache → per-Doc extractors (sentences, mentions, claims, escalation) → corpus-level steps
(actor resolution, linking claim speakers and escalation hits to actors) → validated tables.

Per-Doc rows are cached by article content + model + extractor code (see
:mod:`newsanalysis.cache`); the corpus-level tables are cached by the list of articles, so a
re-run on the same corpus reads six Parquet files and never loads the model.
"""

from __future__ import annotations

import functools
import hashlib
import math
import os
import sys
import time
import warnings
from pathlib import Path
from typing import Iterable

import pandas as pd
from spacy.language import Language
from threadpoolctl import threadpool_limits
from spacy.tokens import Doc

from . import __version__
from . import actors as _actors
from . import claims as _claims
from . import escalation as _escalation
from .annotations import Annotations
from .attribution_tagger import AttributionTagger, tagger_for
from .cache import AnnotationCache, article_key
from .loading import load_articles
from .nlp import NEEDED_COMPONENTS, load_nlp, model_info
from .schemas import SCHEMAS, validate
from .spans import SentenceIndex

__all__ = ["annotate", "extract_doc", "AnnotateWarning", "DOC_TABLES"]

DOC_TABLES = ("sentences", "mentions", "claims", "escalation")
SHARD_SIZE = 256  # articles per cache shard: an interrupted long run keeps what it finished
WORKER_CHUNK = 200  # articles per set of spaCy worker processes (see _parse_local) ...
RECYCLE_ABOVE = 1000  # ... when more articles than this are parsed in one run

_PKG = Path(__file__).resolve().parent
# Code whose change must invalidate cached rows. Per-article rows depend on the extractors;
# corpus tables also on actor resolution. Resources are included in both. The digests are
# taken once per process: the code that runs is the code that was imported.
_DOC_CODE = ("nlp.py", "spans.py", "pipeline.py", "claims.py", "attribution_tagger.py", "quotes.py", "sourcing.py", "escalation.py")
_CORPUS_CODE = ("actors.py",)
# Resources read only by the corpus-level step (actor resolution): editing them must not
# throw away the parsed articles, only the corpus tables.
_CORPUS_RESOURCES = ("actor_aliases.csv", "media_outlets.csv", "metonyms.csv", "demonyms.csv", "titles.txt")


class AnnotateWarning(UserWarning):
    """An article could not be fully annotated; the message says which and why."""


def _digest(files: Iterable[Path]) -> str:
    h = hashlib.sha1(__version__.encode())
    for f in sorted(files):
        if f.is_file():
            h.update(f.name.encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:12]


def _resources() -> list[Path]:
    res = _PKG / "resources"
    return [f for f in res.rglob("*") if f.is_file() and "__pycache__" not in f.parts] if res.exists() else []


@functools.lru_cache(maxsize=1)
def _docs_digest() -> str:
    return _digest([_PKG / f for f in _DOC_CODE] + [r for r in _resources() if r.name not in _CORPUS_RESOURCES])


@functools.lru_cache(maxsize=1)
def _corpus_digest() -> str:
    return _digest([_PKG / f for f in _DOC_CODE + _CORPUS_CODE] + _resources())


# --------------------------------------------------------------------------- per Doc


def extract_doc(doc: Doc, article_id: str, *,
                tagger: AttributionTagger | None = None) -> tuple[dict[str, list[dict]], list[str]]:
    """Rows of the per-article tables for one parsed Doc, and any extractor errors.

    An extractor that fails on an article gives no rows for that article and a message,
    instead of stopping the whole corpus. ``tagger`` is the learned attribution tagger
    fitting the pipeline that parsed ``doc`` (None: the claim rules alone).
    """
    sents = SentenceIndex(doc)
    rows: dict[str, list[dict]] = {
        "sentences": sents.rows(),
        "mentions": [
            {"sent_idx": sents.of_token(e.start), "start": e.start_char, "end": e.end_char,
             "text": e.text, "label": e.label_, "actor_id": None}
            for e in doc.ents
        ],
    }
    errors: list[str] = []
    try:
        rows["claims"] = _claims.extract_claims(doc, article_id, sents=sents, tagger=tagger)
    except Exception as exc:  # keep the corpus going; the message names the article
        rows["claims"] = []
        errors.append(f"claims extractor failed on article {article_id}: {type(exc).__name__}: {exc}")
    try:
        rows["escalation"] = _escalation.extract_escalation(doc, article_id, rows["claims"], sents=sents)
    except Exception as exc:
        rows["escalation"] = []
        errors.append(f"escalation extractor failed on article {article_id}: {type(exc).__name__}: {exc}")
    return rows, errors


_PLACEHOLDER = "\x00article"  # article ids are set in the main process, after the workers
_PAYLOAD = "newsanalysis"
_EXTRACT = "newsanalysis_extract"


class _Extract:
    """Last pipeline step: run the extractors where the Doc was parsed (in the spaCy worker
    process) and hand back an empty Doc carrying only the rows. The full Doc never has to be
    serialized back to the main process, which keeps annotate as fast as a bare ``nlp.pipe``."""

    def __init__(self, tagger: AttributionTagger | None):
        self.tagger = tagger
        self._pid = os.getpid()

    def __call__(self, doc: Doc) -> Doc:
        if os.getpid() != self._pid:  # first Doc in a spaCy worker process
            # The workers already use every core: numpy's BLAS threads (the attribution
            # tagger's matrix products) would only fight them. The main process is left as is.
            threadpool_limits(1, user_api="blas")
            self._pid = os.getpid()
        rows, errors = extract_doc(doc, _PLACEHOLDER, tagger=self.tagger)
        out = Doc(doc.vocab, words=[])
        out.user_data[_PAYLOAD] = {"rows": rows, "errors": errors}
        return out


@Language.factory(_EXTRACT)
def _make_extract(nlp: Language, name: str) -> _Extract:
    return _Extract(tagger_for(nlp))


def _with_article_id(rows: dict[str, list[dict]], errors: list[str], aid: str, key: str):
    """Put the real article id into rows made in a worker (claim ids embed it)."""
    n = len(_PLACEHOLDER)
    for table_rows in rows.values():
        for r in table_rows:
            r["article_id"] = aid
            r["_key"] = key
            cid = r.get("claim_id")
            if isinstance(cid, str) and cid.startswith(_PLACEHOLDER):
                r["claim_id"] = aid + cid[n:]
    return rows, [e.replace(_PLACEHOLDER, aid) for e in errors]


def _parse_local(lang: Language, items: list[tuple[str, str]], *, n_process: int, batch_size: int):
    """Yield ``(key, payload)`` for each article, parsed by ``lang.pipe`` in this machine's
    processes. Our two components are added for the run and removed after it, so a
    caller's pipeline is left as it was given."""
    added = []
    if "parser" in lang.pipe_names and "newsanalysis_newline_sentences" not in lang.pipe_names:
        lang.add_pipe("newsanalysis_newline_sentences", before="parser")
        added.append("newsanalysis_newline_sentences")
    if _EXTRACT not in lang.pipe_names:
        lang.add_pipe(_EXTRACT, last=True)
        added.append(_EXTRACT)
    disable = [p for p in lang.pipe_names if p not in NEEDED_COMPONENTS and not p.startswith("newsanalysis")]
    # spaCy's worker processes grow with every document they parse (allocator growth, not
    # our rows), so with several processes the articles go in chunks: each chunk forks fresh
    # workers that exit at its end, which bounds the peak memory of a large corpus.
    recycle = n_process > 1 and len(items) > RECYCLE_ABOVE
    chunk = WORKER_CHUNK if recycle else max(len(items), 1)
    try:
        with lang.select_pipes(disable=disable):
            for i in range(0, len(items), chunk):
                part = items[i : i + chunk]
                docs = lang.pipe((t for _, t in part), n_process=n_process, batch_size=batch_size)
                for (k, _), doc in zip(part, docs):
                    yield k, doc.user_data[_PAYLOAD]
    finally:
        for name in added:
            lang.remove_pipe(name)


def _parse_partition(items: list[tuple[str, str]], model: str, batch_size: int) -> list[tuple[str, dict]]:
    """One Dask partition: load the model once per worker process and parse the articles."""
    lang = load_nlp(model)
    if _EXTRACT not in lang.pipe_names:
        lang.add_pipe(_EXTRACT, last=True)
    disable = [p for p in lang.pipe_names if p not in NEEDED_COMPONENTS and not p.startswith("newsanalysis")]
    with lang.select_pipes(disable=disable):
        docs = lang.pipe((t for _, t in items), batch_size=batch_size)
        return [(k, doc.user_data[_PAYLOAD]) for (k, _), doc in zip(items, docs)]


def _parse_dask(model: str, items: list[tuple[str, str]], *, npartitions: int, batch_size: int | None):
    """Parse on Dask: on the active ``dask.distributed`` client if there is one (a cluster),
    else on Dask's local process pool. Workers need the package and the model installed."""
    try:
        import dask.bag as db
    except ImportError as exc:  # pragma: no cover - depends on the extra
        raise ImportError("engine='dask' needs Dask: pip install -e '.[dask]'") from exc
    if model == "<Language>":
        raise ValueError("engine='dask' loads the model in every worker: pass nlp as a package name or "
                         "a path, not a loaded Language.")
    bag = db.from_sequence(items, npartitions=npartitions)
    yield from bag.map_partitions(_parse_partition, model, batch_size or 32).compute()


def _frame(table: str, rows: list[dict]) -> pd.DataFrame:
    cols = list(SCHEMAS[table].to_schema().columns)
    df = pd.DataFrame(rows)
    for c in cols:
        if c not in df.columns:
            df[c] = pd.Series([None] * len(df), dtype=object)
    extra = [c for c in df.columns if c not in cols]
    return df[cols + extra]


# --------------------------------------------------------------------------- helpers


def _in_notebook() -> bool:
    try:
        from IPython import get_ipython

        shell = get_ipython()
        return shell is not None and shell.__class__.__name__ == "ZMQInteractiveShell"
    except ImportError:
        return False


def _progress_default() -> bool:
    if os.environ.get("NEWSANALYSIS_PROGRESS", "").lower() in ("0", "false", "no"):
        return False
    return _in_notebook() or sys.stderr.isatty()


def _default_n_process(n_docs: int) -> int:
    cores = os.cpu_count() or 1
    # Worker start-up costs about a second: not worth it for a handful of articles.
    return 1 if n_docs < 24 else max(1, min(2, cores))


def _default_batch_size(n_docs: int, n_process: int) -> int:
    # Small batches keep both workers busy (spaCy hands whole batches to workers in turn).
    return max(1, min(64, math.ceil(n_docs / max(1, n_process * 4))))


def _order(df: pd.DataFrame, order: dict[str, int], by: list[str]) -> pd.DataFrame:
    if df.empty:
        return df.reset_index(drop=True)
    return (df.assign(_order=df["article_id"].map(order))
              .sort_values(["_order", *by], kind="stable")
              .drop(columns="_order").reset_index(drop=True))


def _link_speakers(claims: pd.DataFrame, mentions: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """Fill ``claims.speaker_actor_id``: the resolved mention inside the speaker span (the
    last one, the head of "U.S. President Joe Biden"), else an actor whose name or alias is
    the speaker text. One pass over the mentions; one lookup per distinct speaker name."""
    if claims.empty:
        return claims
    resolved = mentions[mentions["actor_id"].notna()]
    by_article: dict[str, list[tuple[int, int, str]]] = {}
    for aid, start, end, actor in zip(resolved["article_id"], resolved["start"], resolved["end"],
                                      resolved["actor_id"]):
        by_article.setdefault(aid, []).append((int(start), int(end), actor))
    lookup = getattr(_actors, "lookup_actor", None)
    by_name: dict[str, str | None] = {}
    out = []
    for aid, given, speaker, s, e in zip(claims["article_id"], claims["speaker_actor_id"], claims["speaker"],
                                         claims["speaker_start"], claims["speaker_end"]):
        actor = given if isinstance(given, str) else None
        if actor is None and not (pd.isna(s) or pd.isna(e)):
            inside = [m for m in by_article.get(aid, ()) if m[0] < int(e) and m[1] > int(s)]
            if inside:
                actor = max(inside)[2]
        if actor is None and lookup is not None and isinstance(speaker, str) and speaker:
            if speaker not in by_name:
                by_name[speaker] = lookup(actors, speaker)
            actor = by_name[speaker]
        out.append(actor)
    return claims.assign(speaker_actor_id=out)


def _link_escalation(escalation: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    if escalation.empty:
        return escalation
    speaker = dict(zip(claims["claim_id"], claims["speaker_actor_id"])) if not claims.empty else {}
    return escalation.assign(speaker_actor_id=escalation["claim_id"].map(speaker))


# --------------------------------------------------------------------------- annotate


def annotate(
    articles: pd.DataFrame | str | os.PathLike,
    *,
    nlp: Language | str | None = None,
    cache_dir: str | os.PathLike | None = None,
    n_process: int | None = None,
    batch_size: int | None = None,
    progress: bool | None = None,
    aliases=None,
    use_cache: bool = True,
    engine: str = "local",
    npartitions: int | None = None,
) -> Annotations:
    """Annotate articles with spaCy into the contract's tables.

    Parameters
    ----------
    articles
        The table from :func:`~newsanalysis.load_articles`, or anything it accepts (a path).
    nlp
        A loaded pipeline, a package name or a path; default: see :func:`~newsanalysis.nlp.load_nlp`.
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
    use_cache
        ``False`` parses everything and writes nothing.
    engine
        ``"local"`` (spaCy's own processes on this machine) or ``"dask"``: articles are
        parsed in Dask partitions, on the active ``dask.distributed`` client if there is one
        (a cluster whose workers have the package and the model), else on Dask's local
        process pool. The tables are the same as the local engine's.
    npartitions
        Dask partitions (default: one per 256 articles).

    Returns
    -------
    Annotations
        ``articles, sentences, mentions, actors, claims, escalation`` DataFrames, plus
        ``warnings`` and ``meta`` (``meta["parsed"]``: articles parsed in this run).

    Examples
    --------
    >>> ann = annotate(load_articles("data/sample"), progress=False)   # doctest: +SKIP
    >>> ann.mentions.query("label == 'PERSON'").text.head(3).tolist()    # doctest: +SKIP
    ['Joe Biden', 'Volodimir Zelensky', 'Biden']
    """
    t0 = time.perf_counter()
    if engine not in ("local", "dask"):
        raise ValueError(f"engine must be 'local' or 'dask', not {engine!r}.")
    if not isinstance(articles, pd.DataFrame):
        articles = load_articles(articles)
    skipped = list(articles.attrs.get("skipped", []))
    articles = validate("articles", articles)
    show = _progress_default() if progress is None else progress

    info = model_info(nlp)
    docs_ns = f"{info.key}__{_docs_digest()}"
    cache = AnnotationCache(cache_dir, docs_ns)

    warn_rows = [{"source": s["source"], "article_id": None, "message": s["message"]} for s in skipped]
    for aid, src, ws in zip(articles["article_id"], articles["source"], articles["warnings"]):
        warn_rows.extend({"source": src, "article_id": aid, "message": w} for w in ws)

    todo = articles[(articles["language"] == "en") & (articles["text"].str.strip() != "")]
    keys = [article_key(a, t) for a, t in zip(todo["article_id"], todo["text"])]
    key_to_id = dict(zip(keys, todo["article_id"]))
    order = {a: i for i, a in enumerate(articles["article_id"])}
    alias_tag = repr(sorted(aliases.items())) if isinstance(aliases, dict) else str(aliases or "")
    corpus_digest = hashlib.sha1(
        "\n".join([_corpus_digest(), alias_tag, *keys]).encode()
    ).hexdigest()[:20]

    meta = {"model": info.name, "model_version": info.version, "model_source": info.source,
            "package_version": __version__, "cache_dir": str(cache.dir), "articles": len(articles),
            "annotated": len(keys)}

    corpus_tables = ("sentences", "mentions", "actors", "claims", "escalation")
    if use_cache:
        cached = cache.load_corpus(corpus_digest, corpus_tables + ("warnings",))
        if cached is not None:
            tables = {t: validate(t, cached[t]) for t in corpus_tables}
            meta.update(parsed=0, cached=len(keys), corpus_cache=True, seconds=time.perf_counter() - t0)
            return Annotations(articles=articles, **tables, warnings=cached["warnings"], meta=meta)

    found_rows, found = (cache.lookup(keys, DOC_TABLES) if use_cache else ({t: pd.DataFrame() for t in DOC_TABLES}, set()))
    missing = [k for k in keys if k not in found]
    parts: dict[str, list[pd.DataFrame]] = {t: [found_rows[t]] if not found_rows[t].empty else [] for t in DOC_TABLES}

    if missing:
        if use_cache:
            cache.clean_orphans()
        text_of = dict(zip(keys, todo["text"]))
        lang = load_nlp(nlp) if engine == "local" else None
        max_length = lang.max_length if lang is not None else 1_000_000
        too_long = {k for k in missing if len(text_of[k]) >= max_length}
        for k in sorted(too_long):
            warn_rows.append({"source": "", "article_id": key_to_id[k],
                              "message": f"article {key_to_id[k]} has {len(text_of[k]):,} characters, over "
                                         f"the model's max_length ({max_length:,}); not annotated. Split it."})
        missing = [k for k in missing if k not in too_long]
        items = [(k, text_of[k]) for k in missing]
        if engine == "local":
            nproc = n_process or _default_n_process(len(missing))
            bsize = batch_size or _default_batch_size(len(missing), nproc)
            meta.update(engine="local", n_process=nproc, batch_size=bsize)
            stream = _parse_local(lang, items, n_process=nproc, batch_size=bsize)
        else:
            nparts = npartitions or max(1, math.ceil(len(items) / SHARD_SIZE))
            meta.update(engine="dask", npartitions=nparts)
            stream = _parse_dask(info.source, items, npartitions=nparts, batch_size=batch_size)

        from tqdm.auto import tqdm

        pending: dict[str, list[dict]] = {t: [] for t in DOC_TABLES}
        pending_keys: list[str] = []

        def flush():
            if not pending_keys:
                return
            frames = {}
            for t in DOC_TABLES:
                df = _frame(t, pending[t])
                if "_key" not in df.columns:  # an empty table still needs the column to filter on
                    df["_key"] = pd.Series([], dtype=object)
                frames[t] = df
                parts[t].append(df)
            if use_cache:
                cache.store(list(pending_keys), frames)
            for t in DOC_TABLES:
                pending[t].clear()
            pending_keys.clear()

        with tqdm(total=len(missing), desc="annotating", unit="article", disable=not show) as bar:
            for k, payload in stream:
                aid = key_to_id[k]
                rows, errors = _with_article_id(payload["rows"], payload["errors"], aid, k)
                for t in DOC_TABLES:
                    pending[t].extend(rows[t])
                pending_keys.append(k)
                for msg in errors:
                    warnings.warn(msg, AnnotateWarning, stacklevel=2)
                    warn_rows.append({"source": "", "article_id": aid, "message": msg})
                if len(pending_keys) >= SHARD_SIZE:
                    flush()
                bar.update(1)
        flush()

    doc_tables = {}
    for t in DOC_TABLES:
        df = pd.concat(parts[t], ignore_index=True) if parts[t] else _frame(t, [])
        df = df.drop(columns=["_key"], errors="ignore")
        df = df[df["article_id"].isin(key_to_id.values())] if not df.empty else df
        df = _frame(t, df.to_dict("records")) if df.empty else df
        doc_tables[t] = _order(df, order, ["sent_idx", "start"] if "start" in df.columns else ["sent_idx"])

    actors, mentions = _actors.resolve_actors(articles, doc_tables["mentions"], aliases=aliases)
    claims = _link_speakers(doc_tables["claims"], mentions, actors)
    escalation = _link_escalation(doc_tables["escalation"], claims)
    tables = {
        "sentences": validate("sentences", doc_tables["sentences"]),
        "mentions": validate("mentions", mentions),
        "actors": validate("actors", actors),
        "claims": validate("claims", claims),
        "escalation": validate("escalation", escalation),
    }
    warn_df = pd.DataFrame(warn_rows, columns=["source", "article_id", "message"]).astype(object)
    if use_cache:
        cache.store_corpus(corpus_digest, {**tables, "warnings": warn_df})
    meta.update(parsed=len(missing), cached=len(found), corpus_cache=False, seconds=time.perf_counter() - t0)
    return Annotations(articles=articles, **tables, warnings=warn_df, meta=meta)
