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

from spacy.language import Language
from spacy.tokens import Doc
from threadpoolctl import threadpool_limits

from newsanalysis.annotate.claims.tagger import AttributionTagger, tagger_for
from newsanalysis.annotate.extract import ExtractionError, extract_doc
from newsanalysis.annotate.knowledge import UserKnowledge, active, apply
from newsanalysis.annotate.nlp import NEEDED_COMPONENTS, load_nlp
from newsanalysis.annotate.workers import WorkerPool

__all__ = ["ENGINES", "SHARD_SIZE", "default_batch_size", "default_n_process", "parse_dask",
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
    """One Dask partition: load the model once per worker process and parse the articles."""
    lang = load_nlp(model)
    if _EXTRACT not in lang.pipe_names:
        lang.add_pipe(_EXTRACT, last=True)
    lang.get_pipe(_EXTRACT).knowledge = knowledge
    with lang.select_pipes(disable=_disabled(lang)):
        docs = lang.pipe((t for _, t in items), batch_size=batch_size)
        return [(k, doc.user_data[_PAYLOAD]) for (k, _), doc in zip(items, docs)]


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
