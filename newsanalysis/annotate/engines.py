"""Where articles are parsed: worker processes on this machine (:mod:`.workers`), or a Dask cluster.

Both engines run the extractors where the Doc was parsed (the last pipeline step,
:class:`ExtractStep`) and hand back only the rows, never the Doc: a parsed Doc is far
larger than its rows, and shipping it between processes would cost more than the parse.
Each yields ``(article key, payload)`` in any order; a payload is ``{"rows": {table:
[row dicts]}, "errors": [ExtractionError]}`` with a placeholder article id that
:func:`with_article_id` replaces in the main process.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator

import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc
from threadpoolctl import threadpool_limits

from newsanalysis.annotate.cache import AnnotationCache, article_key
from newsanalysis.annotate.claims.tagger import AttributionTagger, tagger_for
from newsanalysis.annotate.dataset import Dataset, part_name, table_frame
from newsanalysis.annotate.extract import DOC_TABLES, ExtractionError, extract_doc
from newsanalysis.annotate.knowledge import UserKnowledge, active, apply
from newsanalysis.annotate.nlp import NEEDED_COMPONENTS, load_nlp
from newsanalysis.annotate.workers import WorkerPool

__all__ = ["ENGINES", "SHARD_SIZE", "annotate_part", "default_batch_size", "default_n_process", "parse_dask",
           "parse_local", "with_article_id"]

ENGINES = ("local", "dask")
SHARD_SIZE = 256  # articles per cache shard (and per Dask partition by default)
WORKER_CHUNK = 200  # articles per set of spaCy worker processes (see parse_local) ...
RECYCLE_ABOVE = 1000  # ... when more articles than this are parsed in one run

PLACEHOLDER = "\x00article"  # article ids are set in the main process, after the workers
_PAYLOAD = "newsanalysis"
_EXTRACT = "newsanalysis_extract"
_NEWLINES = "newsanalysis_newline_sentences"

Payload = dict  # {"rows": {table: [dict]}, "errors": [ExtractionError]}


class ExtractStep:
    """Last pipeline step: run the extractors where the Doc was parsed (in the spaCy worker
    process) and hand back an empty Doc carrying only the rows."""

    def __init__(self, tagger: AttributionTagger | None):
        self.tagger = tagger
        self.knowledge: UserKnowledge | None = None  # the user's knowledge folder, set per run
        self._pid = os.getpid()

    def __call__(self, doc: Doc) -> Doc:
        if os.getpid() != self._pid:  # first Doc in a spaCy worker process
            # The workers already use every core: numpy's BLAS threads (the attribution
            # tagger's matrix products) would only fight them. The main process is left as is.
            threadpool_limits(1, user_api="blas")
            self._pid = os.getpid()
        if active() != self.knowledge:  # a worker process, or a pipeline used outside a run
            apply(self.knowledge)
        rows, errors = extract_doc(doc, PLACEHOLDER, tagger=self.tagger)
        out = Doc(doc.vocab, words=[])
        out.user_data[_PAYLOAD] = {"rows": rows, "errors": errors}
        return out


@Language.factory(_EXTRACT)
def _make_extract(nlp: Language, name: str) -> ExtractStep:
    return ExtractStep(tagger_for(nlp))


def with_article_id(payload: Payload, article_id: str, key: str
                    ) -> tuple[dict[str, list[dict]], list[ExtractionError]]:
    """The payload's rows with the real article id (claim ids embed it) and the cache key."""
    n = len(PLACEHOLDER)
    rows = payload["rows"]
    for table_rows in rows.values():
        for r in table_rows:
            r["article_id"] = article_id
            r["_key"] = key
            cid = r.get("claim_id")
            if isinstance(cid, str) and cid.startswith(PLACEHOLDER):
                r["claim_id"] = article_id + cid[n:]
    return rows, list(payload["errors"])


def default_n_process(n_docs: int) -> int:
    """Both cores (at most two) for 24 articles or more: worker start-up costs about a second."""
    cores = os.cpu_count() or 1
    return 1 if n_docs < 24 else max(1, min(2, cores))


def default_batch_size(n_docs: int, n_process: int) -> int:
    """Small batches keep both workers busy (spaCy hands whole batches to workers in turn)."""
    return max(1, min(64, math.ceil(n_docs / max(1, n_process * 4))))


def _disabled(lang: Language) -> list[str]:
    return [p for p in lang.pipe_names if p not in NEEDED_COMPONENTS and not p.startswith("newsanalysis")]


def parse_local(lang: Language, items: list[tuple[str, str]], *, n_process: int,
                batch_size: int) -> Iterator[tuple[str, Payload]]:
    """Yield ``(key, payload)`` for each ``(key, text)``, parsed by ``lang.pipe`` in this
    process or, with ``n_process > 1``, in a :class:`~.workers.WorkerPool` that ends with the
    generator (close it, or exhaust it, and no worker is left). Our two components are added
    for the run and removed after it, so a caller's pipeline is left as it was given."""
    added = []
    if "parser" in lang.pipe_names and _NEWLINES not in lang.pipe_names:
        lang.add_pipe(_NEWLINES, before="parser")
        added.append(_NEWLINES)
    if _EXTRACT not in lang.pipe_names:
        lang.add_pipe(_EXTRACT, last=True)
        added.append(_EXTRACT)
    lang.get_pipe(_EXTRACT).knowledge = active()
    # Worker processes grow with every document they parse (allocator growth, not our
    # rows), so with several processes the articles go in chunks: each chunk forks fresh
    # workers that exit at its end, which bounds the peak memory of a large corpus.
    recycle = n_process > 1 and len(items) > RECYCLE_ABOVE
    chunk = WORKER_CHUNK if recycle else max(len(items), 1)
    try:
        with lang.select_pipes(disable=_disabled(lang)):
            for i in range(0, len(items), chunk):
                part = items[i : i + chunk]
                if n_process > 1:
                    with WorkerPool(lang, n_process=n_process, batch_size=batch_size,
                                    payload_key=_PAYLOAD) as pool:
                        yield from pool.map(part)
                else:
                    docs = lang.pipe((t for _, t in part), batch_size=batch_size)
                    for (k, _), doc in zip(part, docs):
                        yield k, doc.user_data[_PAYLOAD]
    finally:
        for name in added:
            lang.remove_pipe(name)


def _parse_partition(items: list[tuple[str, str]], model: str, batch_size: int,
                     knowledge: UserKnowledge | None = None) -> list[tuple[str, Payload]]:
    """One Dask partition: load the model once per worker process and parse the articles.
    The extraction step is added for the call and removed after it, so that the process's
    cached pipeline is left as it was (a partition run in the caller's process, as
    :func:`annotate_part` may be, must not leave its knowledge on it)."""
    lang = load_nlp(model)
    added = _EXTRACT not in lang.pipe_names
    if added:
        lang.add_pipe(_EXTRACT, last=True)
    lang.get_pipe(_EXTRACT).knowledge = knowledge
    try:
        with lang.select_pipes(disable=_disabled(lang)):
            docs = lang.pipe((t for _, t in items), batch_size=batch_size)
            return [(k, doc.user_data[_PAYLOAD]) for (k, _), doc in zip(items, docs)]
    finally:
        if added:
            lang.remove_pipe(_EXTRACT)


def parse_dask(model: str, items: list[tuple[str, str]], *, npartitions: int | None,
               batch_size: int | None) -> Iterator[tuple[str, Payload]]:
    """Parse on Dask: on the active ``dask.distributed`` client if there is one (a cluster),
    else on Dask's local process pool. Workers need the package and the model installed."""
    try:
        import dask.bag as db
    except ImportError as exc:  # pragma: no cover - depends on the extra
        raise ImportError("engine='dask' needs Dask: pip install -e '.[dask]'") from exc
    if model == "<Language>":
        raise ValueError("engine='dask' loads the model in every worker: pass nlp as a package name or "
                         "a path, not a loaded Language.")
    nparts = npartitions or max(1, math.ceil(len(items) / SHARD_SIZE))
    bag = db.from_sequence(items, npartitions=nparts)
    yield from bag.map_partitions(_parse_partition, model, batch_size or 32, active()).compute()


MAX_LENGTH = 1_000_000  # spaCy's default max_length: longer articles are reported, not parsed


def _part_rows(order: dict[str, int], frames: list[pd.DataFrame], table: str) -> pd.DataFrame:
    """A part's rows of one table in corpus order (article, then sentence and offset), as
    the local engine assembles them."""
    frames = [f for f in frames if len(f)]
    df = pd.concat(frames, ignore_index=True) if frames else table_frame(table, [])
    df = df[df["article_id"].isin(order)].drop(columns=["_key"])
    by = ["sent_idx", "start"] if "start" in df.columns else ["sent_idx"]
    return (df.assign(_order=df["article_id"].map(order)).sort_values(["_order", *by], kind="stable")
              .drop(columns="_order").reset_index(drop=True))


def annotate_part(articles: pd.DataFrame, *, out: str, namespace: str, model: str, batch_size: int,
                  cache_root: str | None, knowledge: UserKnowledge | None = None) -> dict:
    """Annotate one shard of articles where it runs (a Dask worker) and write it as a part
    of the dataset at ``out`` (:mod:`.dataset`); only a summary goes back to the caller.

    A part whose marker exists (the same articles, model and extractors) is not parsed
    again, unless an extractor failed on one of its articles. Articles in the annotation
    cache at ``cache_root`` (shared by every worker) are read from it; the articles parsed
    here are added to it. Articles not in English, empty or over :data:`MAX_LENGTH`
    characters are kept in the ``articles`` table and not annotated (the last with a warning).
    """
    ds = Dataset(out)
    todo = articles[(articles["language"] == "en") & (articles["text"].str.strip() != "")]
    ids = todo["article_id"].astype(str).tolist()
    keys = [article_key(a, t) for a, t in zip(ids, todo["text"])]
    part = part_name(namespace, articles["article_id"].astype(str).tolist(), keys)
    summary = {"part": part, "articles": len(articles), "annotated": len(keys)}
    done = ds.part_marker(part, files=True)  # a damaged file is written again
    if done is not None and not done.get("failed"):
        return {**summary, **done["counts"], "parsed": 0, "cached": 0, "reused": True}
    warns: list[dict] = []
    text_of = dict(zip(keys, todo["text"]))
    id_of = dict(zip(keys, ids))
    long = {k for k in keys if len(text_of[k]) >= MAX_LENGTH}
    for k in long:
        warns.append({"source": "", "article_id": id_of[k], "message": (
            f"article {id_of[k]} has {len(text_of[k]):,} characters, over the model's max_length "
            f"({MAX_LENGTH:,}); not annotated. Split it into parts.")})
    cache = AnnotationCache(cache_root, namespace) if cache_root else None
    found_rows, found = cache.lookup([k for k in keys if k not in long], DOC_TABLES) if cache else ({}, set())
    parts = {t: [found_rows[t]] if t in found_rows else [] for t in DOC_TABLES}
    missing = [k for k in keys if k not in found and k not in long]
    new = {t: [] for t in DOC_TABLES}
    good: list[str] = []
    failed = 0
    if missing:
        for key, payload in _parse_partition([(k, text_of[k]) for k in missing], model, batch_size, knowledge):
            rows, errors = with_article_id(payload, id_of[key], key)
            for err in errors:
                warns.append({"source": "", "article_id": id_of[key], "message": err.message(id_of[key])})
            failed += bool(errors)
            if not errors:
                good.append(key)
            for t in DOC_TABLES:
                new[t].extend(rows[t])
        frames = {t: table_frame(t, new[t]) for t in DOC_TABLES}
        if cache is not None and good:
            cache.store(good, {t: df[df["_key"].isin(set(good))] for t, df in frames.items()})
        for t in DOC_TABLES:
            parts[t].append(frames[t])
    order = {a: i for i, a in enumerate(ids) if a not in {id_of[k] for k in long}}
    tables = {t: _part_rows(order, parts[t], t) for t in DOC_TABLES}
    counts = {"parsed": len(missing), "cached": len(found), "failed": failed,
              "rows": {t: len(df) for t, df in tables.items()}}
    frames = {"articles": articles.reset_index(drop=True), **tables,
              "warnings": pd.DataFrame(warns, columns=["source", "article_id", "message"]).astype(object)}
    ds.write_part(part, frames, keys=keys, failed=failed, counts=counts)
    return {**summary, **counts, "reused": False, "warnings": warns}
