"""Annotations as a Parquet dataset: written part by part by Dask workers, read lazily.

``annotate(articles, engine="dask", out=path)`` writes the tables under ``path`` (a folder;
on a cluster, one every worker can reach), one *part* per shard of articles::

    dataset.json                          written last: the corpus's parts, in order
    parts/<part>.<table>.parquet          per-article tables of one shard: articles,
                                          sentences, mentions, claims, escalation, warnings
    parts/<part>.done.json                its commit marker: checksums, keys, counts
    corpus/<digest>/<part>.<table>.parquet   corpus-level tables of the part: mention_actors
                                          (the mention -> actor map), claims, escalation
    corpus/<digest>/<part>.done.json
    corpus/<digest>/actors.parquet, actors.done.json

A part's name hashes the model and extractor version and its articles' keys (id and exact
text), so a rerun finds the parts it already wrote and parses only what is missing. Every
file is written under a temporary name and renamed, and a part counts only once its
marker exists (the cache's helpers, :mod:`.cache`): a killed run leaves whole parts or
none. ``corpus/<digest>`` is keyed by the parts and the corpus-level code, so the actors
are resolved again only when the corpus or that code changes.

:func:`open_annotations` reads a dataset as :class:`DatasetAnnotations`: the same
interface as :class:`~newsanalysis.annotations.Annotations`, each table a lazy Dask
DataFrame with one partition per part.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from newsanalysis.annotate import cache as _cache
from newsanalysis.annotate.cache import (
    FORMAT,
    _Damaged,
    _read_checked,
    _read_marker,
    _sign,
    _signed_tables,
    _write_bytes,
)
from newsanalysis.annotations import TABLES, WARNING_COLUMNS, Annotations
from newsanalysis.schemas import SCHEMAS, validate

__all__ = ["DOC_PART_TABLES", "Dataset", "DatasetAnnotations", "open_annotations", "part_name", "table_frame"]

#: Tables a worker writes for each part when it parses it.
DOC_PART_TABLES = ("articles", "sentences", "mentions", "claims", "escalation", "warnings")
#: Tables the corpus-level step writes for each part.
CORPUS_PART_TABLES = ("mention_actors", "claims", "escalation")
MANIFEST = "dataset.json"
DATASET_FORMAT = 1


def _dask():
    try:
        import dask
    except ImportError as exc:  # pragma: no cover - depends on the extra
        raise ImportError("engine='dask' needs Dask: pip install -e '.[dask]'") from exc
    return dask


def _compute(*objs, local: str = "processes"):
    """Compute on the active ``dask.distributed`` client, else with Dask's ``local``
    scheduler (the process pool for parsing; threads for the analyses of the parts)."""
    dask = _dask()
    try:
        from distributed import default_client

        default_client()
    except (ImportError, ValueError):
        return dask.compute(*objs, scheduler=local)
    return dask.compute(*objs)


def _tree(items: list, combine):
    """Combine delayed results pairwise, in a tree of tasks (the driver gets one result)."""
    dask = _dask()
    while len(items) > 1:
        items = [dask.delayed(combine)(items[i], items[i + 1]) if i + 1 < len(items) else items[i]
                 for i in range(0, len(items), 2)]
    return items[0]


def table_frame(table: str, rows: list[dict] | pd.DataFrame) -> pd.DataFrame:
    """Rows as a DataFrame with the schema's columns first (missing ones as None)."""
    cols = list(SCHEMAS[table].to_schema().columns)
    df = pd.DataFrame(rows)
    for c in [*cols, "_key"]:
        if c not in df.columns:
            df[c] = pd.Series([None] * len(df), dtype=object)
    return df[cols + [c for c in df.columns if c not in cols]]


def part_name(namespace: str, article_ids: list[str], keys: list[str]) -> str:
    """The name of a part: the model and extractor version, its articles and their keys."""
    h = hashlib.sha1(namespace.encode())
    for aid, key in zip(article_ids, keys):
        h.update(f"\0{aid}\0{key}".encode())
    return h.hexdigest()[:20]


def _write_marked(folder: Path, stem: str, frames: dict[str, pd.DataFrame], extra: dict) -> dict:
    """Write ``<stem>.<table>.parquet`` for each frame, then the marker ``<stem>.done.json``
    (checksums and ``extra``), each file atomically; the marker last, so it commits them."""
    folder.mkdir(parents=True, exist_ok=True)
    tables = _signed_tables(folder, {t: f"{stem}.{t}.parquet" for t in frames}, frames)
    body = {"format": FORMAT, "tables": tables, **extra}
    _cache._atomic_write_bytes(folder / f"{stem}.done.json", _sign(body))  # the commit step
    return body


def _marker(folder: Path, stem: str, *, files: bool = False) -> dict | None:
    """The checked marker of ``stem`` in ``folder``; None when it is missing or damaged, or
    (``files=True``) when one of the files it commits does not match its checksum."""
    try:
        body = _read_marker(folder / f"{stem}.done.json")
        for entry in body["tables"].values() if files else ():
            data = (folder / entry["file"]).read_bytes()
            if len(data) != entry.get("bytes") or hashlib.sha256(data).hexdigest() != entry.get("sha256"):
                return None
        return body
    except (FileNotFoundError, _Damaged, OSError):
        return None


@dataclass
class Dataset:
    """A dataset folder and what its manifest says (``parts`` in corpus order, ``corpus``
    the digest of its corpus-level tables)."""

    root: Path
    parts: list[str] = field(default_factory=list)
    corpus: str | None = None
    meta: dict = field(default_factory=dict)

    def __post_init__(self):
        self.root = Path(self.root).expanduser()

    @property
    def parts_dir(self) -> Path:
        return self.root / "parts"

    def corpus_dir(self, digest: str | None = None) -> Path:
        return self.root / "corpus" / (digest or self.corpus or "")

    # ------------------------------------------------------------------ parts
    def part_marker(self, part: str, *, files: bool = False) -> dict | None:
        return _marker(self.parts_dir, part, files=files)

    def write_part(self, part: str, frames: dict[str, pd.DataFrame], **extra) -> dict:
        return _write_marked(self.parts_dir, part, frames, extra)

    def corpus_marker(self, part: str, digest: str | None = None, *, files: bool = False) -> dict | None:
        return _marker(self.corpus_dir(digest), part, files=files)

    def write_corpus_part(self, part: str, frames: dict[str, pd.DataFrame], digest: str, **extra) -> dict:
        return _write_marked(self.corpus_dir(digest), part, frames, extra)

    def read(self, table: str, part: str) -> pd.DataFrame:
        """One table of one part, checked against its marker. ``mentions`` comes with its
        ``actor_id`` (from the corpus's mention -> actor map); ``claims`` and ``escalation``
        are the linked ones of the corpus."""
        if table in ("claims", "escalation", "mention_actors") and self.corpus:
            return self._read(self.corpus_dir(), part, table)
        df = self._read(self.parts_dir, part, table)
        if table == "mentions" and self.corpus:
            ids = self._read(self.corpus_dir(), part, "mention_actors")
            if len(ids) != len(df):
                raise ValueError(f"{self.root}: part {part} has {len(df)} mentions but {len(ids)} in its "
                                 "mention -> actor map; annotate again with the same out=.")
            df = df.assign(actor_id=ids["actor_id"].to_numpy())
        return df

    def _read(self, folder: Path, part: str, table: str) -> pd.DataFrame:
        marker = _marker(folder, part)
        if marker is None or table not in marker["tables"]:
            raise FileNotFoundError(f"{folder}: no committed {table} table for part {part}; annotate again "
                                    "with the same out= to complete the dataset.")
        entry = marker["tables"][table]
        try:
            return _read_checked(folder / entry["file"], entry)
        except (_Damaged, FileNotFoundError) as exc:
            raise ValueError(f"{folder}: the {table} table of part {part} is damaged or gone ({exc}); "
                             "annotate again with the same out= to rewrite it.") from None

    def actors(self) -> pd.DataFrame:
        return self._read(self.corpus_dir(), "actors", "actors")

    def warnings(self) -> pd.DataFrame:
        frames = [self._read(self.parts_dir, p, "warnings") for p in self.parts]
        frames = [f for f in frames if len(f)]
        return (pd.concat(frames, ignore_index=True) if frames
                else pd.DataFrame(columns=list(WARNING_COLUMNS))).astype(object)

    # ------------------------------------------------------------------ manifest
    def save_manifest(self) -> None:
        body = {"format": DATASET_FORMAT, "parts": self.parts, "corpus": self.corpus, "meta": self.meta}
        _write_bytes(self.root / MANIFEST, json.dumps(body, indent=1, default=str).encode())

    @classmethod
    def open(cls, path: str | os.PathLike) -> Dataset:
        root = Path(path).expanduser()
        try:
            body = json.loads((root / MANIFEST).read_bytes())
        except FileNotFoundError:
            raise FileNotFoundError(f"{root} holds no annotations dataset (no {MANIFEST}); write one with "
                                    "annotate(articles, engine='dask', out=...).") from None
        except ValueError as exc:
            raise ValueError(f"{root / MANIFEST} is damaged ({exc}); annotate again with the same out=.") from None
        if body.get("format") != DATASET_FORMAT:
            raise ValueError(f"{root} is a dataset of format {body.get('format')!r}; this version reads "
                             f"format {DATASET_FORMAT}. Annotate again into a new folder.")
        return cls(root, list(body["parts"]), body.get("corpus"), body.get("meta", {}))

    # ------------------------------------------------------------------ as Dask
    def frame(self, table: str):
        """``table`` as a Dask DataFrame, one partition per part, read when computed."""
        import dask
        import dask.dataframe as dd

        # the tables' list cells (aliases, chain, tags) stay Python objects, not strings
        with dask.config.set({"dataframe.convert-string": False}):
            if table == "actors":
                return dd.from_map(_read_actors, [str(self.root)], args=[self.corpus])
            return dd.from_map(_read_part, self.parts, args=[str(self.root), self.corpus, table],
                               enforce_metadata=False)


def _read_part(part: str, root: str, corpus: str | None, table: str) -> pd.DataFrame:
    df = Dataset(Path(root), [part], corpus).read(table, part)
    return validate(table, df) if table in SCHEMAS else df  # list cells as lists, as in memory


_ACTORS: dict[tuple[str, str | None], pd.DataFrame] = {}  # per process: the corpus's, read once


def _read_actors(root: str, corpus: str | None) -> pd.DataFrame:
    key = (root, corpus)
    if key not in _ACTORS:
        _ACTORS.clear()
        _ACTORS[key] = validate("actors", Dataset(Path(root), [], corpus).actors())
    return _ACTORS[key]


def _on_part(part: str, root: str, corpus: str | None, tables: tuple[str, ...], fn):
    """``fn`` of the pandas :class:`~newsanalysis.annotations.Annotations` of one part: its
    rows of ``tables``, the whole ``actors`` table (vocabulary-sized), the other tables empty."""
    ds = Dataset(Path(root), [part], corpus)
    frames = {t: (_read_actors(root, corpus) if t == "actors" else validate(t, ds.read(t, part))) if t in tables
              else validate(t, table_frame(t, []).drop(columns="_key")) for t in TABLES}
    return fn(Annotations(**frames))


def _on_part_empty(fn):
    return fn(Annotations(**{t: validate(t, table_frame(t, []).drop(columns="_key")) for t in TABLES}))


def is_lazy(ann) -> bool:
    """Whether ``ann`` is backed by Dask DataFrames (:func:`open_annotations`)."""
    return isinstance(ann, DatasetAnnotations)


@dataclass(repr=False)
class DatasetAnnotations(Annotations):
    """:class:`~newsanalysis.annotations.Annotations` whose tables are lazy Dask DataFrames
    over a dataset written by ``annotate(..., engine="dask", out=...)``; nothing is read
    until computed. ``na.escalation_trend``, ``na.top_actors``, ``na.actor_network`` and
    ``na.provenance`` run on it part by part (:meth:`map_parts`) and return pandas results,
    the pandas path's; the analyses that read the tables whole (``na.corroboration``, the
    explorers) raise a ``TypeError`` that says to :meth:`compute` (or :meth:`to_pandas`) it:
    the pandas ``Annotations`` of a corpus that fits in memory."""

    dataset: Dataset | None = None

    def __repr__(self) -> str:
        parts = len(self.dataset.parts) if self.dataset else 0
        return f"DatasetAnnotations({parts} parts at {self.dataset.root if self.dataset else '?'})"

    def compute(self) -> Annotations:
        """Every table in memory, as pandas (the tables the local engine gives)."""
        import dask

        tables = dict(zip(TABLES, dask.compute(*(getattr(self, t) for t in TABLES))))
        tables = {t: validate(t, df.reset_index(drop=True)) for t, df in tables.items()}
        return Annotations(**tables, warnings=self.warnings, meta=dict(self.meta))

    to_pandas = compute

    def map_parts(self, fn, combine, *, tables: tuple[str, ...] = TABLES):
        """``fn`` of each part's pandas Annotations (:func:`_on_part`), run where the parts
        are (the active ``dask.distributed`` client, else threads of this process, a few
        parts at a time), the results added up pairwise by ``combine``; only they travel.

        Both must be picklable on a cluster (module-level functions or ``functools.partial``
        of them). An analysis whose figures are sums over articles runs this way and gets
        the pandas path's result: every article is in one part, with its rows of every table.
        """
        ds = self.dataset
        dask = _dask()
        tasks = [dask.delayed(_on_part)(p, str(ds.root), ds.corpus, tuple(tables), fn) for p in ds.parts]
        if not tasks:
            return _on_part_empty(fn)
        (out,) = _compute(_tree(tasks, combine), local="threads")
        return out

    def sentence(self, article_id: str, sent_idx: int) -> str:
        """The text of one sentence (read from the parts, one at a time)."""
        s = self.sentences
        hit = s[(s["article_id"] == article_id) & (s["sent_idx"] == sent_idx)]["text"].compute()
        if hit.empty:
            raise KeyError(f"No sentence {sent_idx} in article {article_id!r}.")
        return str(hit.iloc[0])

    def evidence(self, pairs) -> pd.DataFrame:
        """Sentences for ``(article_id, sent_idx)`` pairs, with title, outlet and date: only
        the rows of those articles are brought back."""
        keys = pd.DataFrame(list(pairs), columns=["article_id", "sent_idx"]).drop_duplicates()
        ids = set(keys["article_id"])
        sents = self.sentences[["article_id", "sent_idx", "start", "end", "text"]]
        sents = sents[sents["article_id"].isin(ids)].compute()
        arts = self.articles[["article_id", "title", "outlet", "published"]]
        meta = arts[arts["article_id"].isin(ids)].compute()
        return keys.merge(sents, on=["article_id", "sent_idx"], how="left").merge(meta, on="article_id", how="left")

    def save(self, directory):
        raise TypeError("These annotations are a dataset already (open_annotations); compute() them for "
                        "Annotations.save, or copy the folder.")


def open_annotations(path: str | os.PathLike) -> DatasetAnnotations:
    """Open an annotations dataset written by ``annotate(..., engine="dask", out=path)``.

    Parameters
    ----------
    path
        The dataset folder.

    Returns
    -------
    DatasetAnnotations
        The tables as lazy Dask DataFrames (one partition per part), ``warnings`` (pandas)
        and ``meta``; ``.compute()`` gives pandas :class:`~newsanalysis.annotations.Annotations`.

    Examples
    --------
    >>> ann = open_annotations("annotations/")  # doctest: +SKIP
    >>> na.escalation_trend(ann, freq="W")       # doctest: +SKIP
    """
    ds = Dataset.open(path)
    if not ds.corpus:
        raise ValueError(f"{ds.root}: the corpus-level step has not finished; annotate again with the same out=.")
    tables = {t: ds.frame(t) for t in TABLES}
    return DatasetAnnotations(**tables, warnings=ds.warnings(), meta=dict(ds.meta), dataset=ds)
