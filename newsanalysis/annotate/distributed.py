"""``annotate(articles, engine="dask", out=path)``: annotation as a dataset written by Dask
workers, and the corpus-level steps run part by part.

The driver (the process that calls :func:`annotate_dataset`) never holds the corpus:

1. **parse**: one task per shard of articles (:func:`.engines.annotate_part`) parses what
   the dataset and the cache lack and writes the part itself; only counts and warnings come
   back;
2. **actors** (:mod:`.actors.partitioned`): the distinct names of every part, then their
   evidence, then each part's actors are summed by a tree of tasks; the driver merges the
   vocabulary-sized result and sends each part the actor id of every key;
3. **link**: each part maps its mentions to actors (the ``mention_actors`` table), links
   claim speakers and escalation hits (joins within the part: a claim, its mentions and its
   hits are in one article) and dates its hits; it returns how many of its articles
   mention each actor;
4. the ``actors`` table and the manifest are written; :func:`~.dataset.open_annotations`
   reads the result lazily.

Tasks run on the active ``dask.distributed`` client when there is one, else on Dask's
local process pool.
"""

from __future__ import annotations

import hashlib
import math
import os
import time
import warnings
from collections import Counter

import pandas as pd

from newsanalysis._version import __version__
from newsanalysis.annotate.actors import link_escalation, link_speakers, load_aliases
from newsanalysis.annotate.actors import partitioned as parted
from newsanalysis.annotate.actors.corpus import CorpusEvidence
from newsanalysis.annotate.actors.knowledge import knowledge as actor_knowledge
from newsanalysis.annotate.cache import code_digest, default_cache_dir, docs_namespace
from newsanalysis.annotate.dataset import (
    Dataset,
    DatasetAnnotations,
    _compute,
    _dask,
    _tree,
    open_annotations,
)
from newsanalysis.annotate.dates import date_usages
from newsanalysis.annotate.engines import SHARD_SIZE, annotate_part
from newsanalysis.annotate.extract import AnnotateWarning
from newsanalysis.annotate.knowledge import UserKnowledge
from newsanalysis.annotate.nlp import model_info
from newsanalysis.schemas import validate

__all__ = ["annotate_dataset"]


def _union(a: set, b: set) -> set:
    return a | b


def _add(a: Counter, b: Counter) -> Counter:
    a.update(b)
    return a


# ---------------------------------------------------------------------- tasks on the parts
def _inputs(root: str, part: str) -> tuple[dict[str, str], pd.DataFrame, pd.DataFrame]:
    ds = Dataset(root)
    articles = ds.read("articles", part)
    texts = dict(zip(articles["article_id"].astype(str), articles["text"].astype(str)))
    return texts, ds.read("mentions", part), articles


def _person_keys(root: str, part: str) -> set[str]:
    texts, mentions, _ = _inputs(root, part)
    return parted.part_person_keys(texts, mentions)


def _counts(root: str, part: str, person_keys: set[str], aliases) -> dict:
    texts, mentions, _ = _inputs(root, part)
    return parted.part_evidence(texts, mentions, person_keys, aliases=aliases)


_EVIDENCE: dict[str, CorpusEvidence] = {}  # one per worker process: the corpus's, rebuilt once


def _evidence(token: str, counts: dict, person_keys: set[str], aliases) -> CorpusEvidence:
    if token not in _EVIDENCE:
        _EVIDENCE.clear()
        _EVIDENCE[token] = CorpusEvidence.merged(actor_knowledge(aliases), counts, person_keys)
    return _EVIDENCE[token]


def _actors(root: str, part: str, index: int, token: str, counts: dict, person_keys: set[str], aliases):
    texts, mentions, _ = _inputs(root, part)
    ev = _evidence(token, counts, person_keys, aliases)
    return parted.part_actors(texts, mentions, ev, part=index, aliases=aliases)


def _link(root: str, part: str, digest: str, token: str, counts: dict, person_keys: set[str], aliases,
          key_ids: dict, token_ids: dict, actors: pd.DataFrame) -> Counter:
    """Map a part's mentions to actors, link its claims and hits, write its corpus-level
    tables; return in how many of its articles each actor is mentioned."""
    ds = Dataset(root)
    done = ds.corpus_marker(part, digest, files=True)
    if done is not None:
        return Counter(done["n_articles"])
    texts, mentions, articles = _inputs(root, part)
    ev = _evidence(token, counts, person_keys, aliases)
    ids, n_articles = parted.part_actor_ids(texts, mentions, ev, key_ids, token_ids, aliases=aliases)
    mentions = mentions.assign(actor_id=ids)
    claims = link_speakers(ds.read("claims", part), mentions, actors, articles)
    escalation = date_usages(link_escalation(ds.read("escalation", part), claims), articles)
    frames = {"mention_actors": mentions[["article_id", "start", "end", "actor_id"]],
              "claims": validate("claims", claims), "escalation": validate("escalation", escalation)}
    ds.write_corpus_part(part, frames, digest, n_articles=dict(n_articles))
    return n_articles


def _resolve_and_link(ds: Dataset, digest: str, aliases) -> pd.DataFrame:
    """The corpus-level steps (see the module docstring); returns the ``actors`` table."""
    dask = _dask()
    root, parts = str(ds.root), ds.parts
    (person_keys,) = _compute(_tree([dask.delayed(_person_keys)(root, p) for p in parts], _union))
    pk = dask.delayed(person_keys, traverse=False)
    (counts,) = _compute(_tree([dask.delayed(_counts)(root, p, pk, aliases) for p in parts],
                               CorpusEvidence.add_counts))
    token = f"{digest}-{os.getpid()}-{time.time_ns()}"
    evidence = CorpusEvidence.merged(actor_knowledge(aliases), counts, person_keys)
    dc = dask.delayed(counts, traverse=False)
    (total,) = _compute(_tree([dask.delayed(_actors)(root, p, i, token, dc, pk, aliases)
                               for i, p in enumerate(parts)], parted.PartActors.combine))
    reg, final, deferred = parted.merged_registry(total, evidence, aliases=aliases)
    del total
    actors, key_ids, token_ids = parted.resolved_table(reg, final, deferred)
    del reg, final, deferred
    shipped = [dask.delayed(x, traverse=False) for x in (key_ids, token_ids, actors)]
    (n_articles,) = _compute(_tree([dask.delayed(_link)(root, p, digest, token, dc, pk, aliases, *shipped)
                                    for p in parts], _add))
    actors = actors.assign(n_articles=actors["actor_id"].map(n_articles).fillna(0).astype(int))
    return validate("actors", actors)


# ---------------------------------------------------------------------- the driver
def _pieces(articles, npartitions: int | None):
    """The shards of articles, as delayed DataFrames (a Dask DataFrame: its partitions)."""
    dask = _dask()
    if isinstance(articles, pd.DataFrame):
        size = math.ceil(len(articles) / npartitions) if npartitions else SHARD_SIZE
        size = max(1, size)
        return [dask.delayed(articles.iloc[i:i + size], traverse=False) for i in range(0, len(articles), size)]
    if hasattr(articles, "to_delayed"):
        return [dask.delayed(validate)("articles", p) for p in articles.to_delayed()]
    raise TypeError("engine='dask' with out= takes the articles as a pandas DataFrame (load_articles) or a "
                    f"Dask DataFrame of loaded articles, not {type(articles).__name__}.")


def _corpus_digest(namespace: str, parts: list[str], aliases) -> str:
    alias_tag = repr(load_aliases(aliases))  # a file by its contents, as the local engine
    h = hashlib.sha1("\n".join([namespace, code_digest(corpus=True), alias_tag, *parts]).encode())
    return h.hexdigest()[:20]


def annotate_dataset(articles, out, *, nlp=None, cache_dir=None, use_cache: bool = True, aliases=None,
                     knowledge: UserKnowledge | None = None, npartitions: int | None = None,
                     batch_size: int | None = None) -> DatasetAnnotations:
    """Annotate ``articles`` on Dask into the dataset ``out`` and open it (see
    :func:`newsanalysis.annotate` with ``engine="dask", out=...``)."""
    t0 = time.perf_counter()
    dask = _dask()
    info = model_info(nlp)
    if info.source == "<Language>":
        raise ValueError("engine='dask' loads the model in every worker: pass nlp as a package name or "
                         "a path, not a loaded Language.")
    namespace = docs_namespace(info.key, knowledge.digest if knowledge is not None else None)
    root = os.fspath(out)
    cache_root = os.fspath(cache_dir or default_cache_dir()) if use_cache else None
    tasks = [dask.delayed(annotate_part)(p, out=root, namespace=namespace, model=info.source,
                                         batch_size=batch_size or 32, cache_root=cache_root,
                                         knowledge=knowledge)
             for p in _pieces(articles, npartitions)]
    summaries = list(_compute(*tasks))
    for s in summaries:
        for w in s.get("warnings", []):
            warnings.warn(w["message"], AnnotateWarning, stacklevel=3)
    ds = Dataset(root, [s["part"] for s in summaries])
    t_parse = time.perf_counter() - t0
    digest = _corpus_digest(namespace, ds.parts, aliases)
    relinked = ds.corpus_marker("actors", digest, files=True) is None
    if relinked:
        actors = _resolve_and_link(ds, digest, aliases)
        ds.write_corpus_part("actors", {"actors": actors}, digest)
    ds.corpus = digest
    ds.meta = {"model": info.name, "model_version": info.version, "model_source": info.source,
               "package_version": __version__, "engine": "dask",
               "knowledge": knowledge.folder if knowledge is not None else None, "out": root, "cache_dir": cache_root,
               "parts": len(ds.parts), "articles": sum(s["articles"] for s in summaries),
               "annotated": sum(s["annotated"] for s in summaries),
               "parsed": sum(s["parsed"] for s in summaries), "cached": sum(s["cached"] for s in summaries),
               "reused_parts": sum(bool(s["reused"]) for s in summaries), "corpus_cache": not relinked,
               "parse_seconds": t_parse, "seconds": time.perf_counter() - t0}
    ds.save_manifest()
    return open_annotations(root)
