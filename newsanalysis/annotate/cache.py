"""On-disk cache of annotation tables: Parquet shards, atomic writes, no pickle.

Layout under the cache root (argument, ``NEWSANALYSIS_CACHE``, or ``~/.cache/newsanalysis``)::

    <model>-<version>__<extractors digest>/      one namespace per model and extractor code
        docs/<shard>.<table>.parquet             per-article rows of a batch of articles
        docs/<shard>.keys.json                   the commit marker: the article keys inside
        corpus/<corpus digest>/<table>.parquet   finished tables of a whole corpus
        corpus/<corpus digest>/done.json         its commit marker

An article's key hashes its ``article_id`` and exact text, so any change to the text is a
miss. Every file is written to a temporary name and renamed into place, and a shard counts
only once its marker exists (written last), so a run killed half-way leaves at worst files
that are ignored and cleaned up, never a cache that loads wrong. A shard that fails to read
is ignored with a warning and its articles are parsed again.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import uuid
import warnings
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from newsanalysis._version import __version__

__all__ = ["AnnotationCache", "CacheWarning", "article_key", "code_digest", "default_cache_dir"]

ENV_VAR = "NEWSANALYSIS_CACHE"
_PACKAGE = Path(__file__).resolve().parents[1]
#: Folders whose files decide the cached rows. ``annotate/actors`` and ``resources/actors``
#: are read only by the corpus-level step (actor resolution and linking): editing them
#: must throw away the corpus tables, not the parsed articles. ``resources/load`` is read
#: only by the loader, whose work is in the article text itself (the cache key), and
#: ``resources/briefing`` only by the briefing, an analysis of the cached tables.
_CODE = ("annotate", "resources")
_CORPUS_ONLY = ("annotate/actors", "resources/actors")
_NOT_ANNOTATION = ("resources/load", "resources/briefing")


class CacheWarning(UserWarning):
    """A cache file could not be used; the affected articles are parsed again."""


def default_cache_dir() -> Path:
    """``NEWSANALYSIS_CACHE``, else ``$XDG_CACHE_HOME/newsanalysis``, else ``~/.cache/newsanalysis``."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "newsanalysis"


@functools.lru_cache(maxsize=2)
def code_digest(*, corpus: bool) -> str:
    """Digest of the code and data that make the cached rows: every file under
    ``annotate/`` and ``resources/`` (plus ``schemas.py``), found by walking the folders, so
    a new extractor file counts without being listed anywhere. ``corpus=False`` leaves out
    the corpus-level folders (:data:`_CORPUS_ONLY`): the per-article rows do not depend on
    them. Taken once per process: the code that runs is the code that was imported."""
    files = [_PACKAGE / "schemas.py"]
    for folder in _CODE:
        files += [f for f in (_PACKAGE / folder).rglob("*")
                  if f.is_file() and "__pycache__" not in f.parts and f.suffix != ".pyc"
                  and not any(f.is_relative_to(_PACKAGE / d) for d in _NOT_ANNOTATION)]
    if not corpus:
        files = [f for f in files if not any(f.is_relative_to(_PACKAGE / d) for d in _CORPUS_ONLY)]
    h = hashlib.sha1(__version__.encode())
    for f in sorted(files):
        h.update(f.relative_to(_PACKAGE).as_posix().encode() + b"\0")
        h.update(f.read_bytes())
    return h.hexdigest()[:12]


def article_key(article_id: str, text: str) -> str:
    """Cache key of one article: its id and its exact text (offsets depend on every character)."""
    return hashlib.sha1(f"{article_id}\0{text}".encode()).hexdigest()[:24]


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".tmp-{uuid.uuid4().hex}-{path.name}")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _write_parquet(path: Path, df: pd.DataFrame) -> None:
    tmp = path.with_name(f".tmp-{uuid.uuid4().hex}-{path.name}")
    table = pa.Table.from_pandas(df, preserve_index=False)
    pq.write_table(table, tmp)
    os.replace(tmp, path)


def _read_parquet(path: Path, keys: set[str] | None = None) -> pd.DataFrame:
    filters = [("_key", "in", sorted(keys))] if keys is not None else None
    return pq.read_table(path, filters=filters).to_pandas()


class AnnotationCache:
    """Per-article and per-corpus annotation tables for one model + extractor version."""

    def __init__(self, root: str | os.PathLike | None, namespace: str):
        self.root = Path(root).expanduser() if root is not None else default_cache_dir()
        self.dir = self.root / namespace
        self.docs_dir = self.dir / "docs"
        self.corpus_dir = self.dir / "corpus"

    # ------------------------------------------------------------------ per-article shards
    def _shards(self) -> dict[str, list[str]]:
        """Committed shards and their keys (a shard without its marker does not exist)."""
        out: dict[str, list[str]] = {}
        if not self.docs_dir.exists():
            return out
        for marker in sorted(self.docs_dir.glob("*.keys.json")):
            if marker.name.startswith(".tmp-"):  # a marker whose write never finished
                continue
            try:
                out[marker.name[: -len(".keys.json")]] = json.loads(marker.read_text())["keys"]
            except (OSError, ValueError, KeyError):
                warnings.warn(f"Ignoring unreadable cache marker {marker}.", CacheWarning, stacklevel=3)
        return out

    def lookup(self, keys: Iterable[str], tables: tuple[str, ...]) -> tuple[dict[str, pd.DataFrame], set[str]]:
        """Rows of the cached articles among ``keys``: ``({table: rows}, found keys)``.

        Rows carry a ``_key`` column. Articles of a shard that fails to read are not found.
        """
        wanted = set(keys)
        where: dict[str, set[str]] = {}
        for shard, shard_keys in self._shards().items():
            hit = wanted.intersection(shard_keys)
            if hit:
                where[shard] = hit
                wanted -= hit
        parts: dict[str, list[pd.DataFrame]] = {t: [] for t in tables}
        found: set[str] = set()
        for shard, hit in where.items():
            try:
                frames = {t: _read_parquet(self.docs_dir / f"{shard}.{t}.parquet", hit) for t in tables}
            except Exception as exc:  # a damaged or missing file: re-parse these articles
                warnings.warn(f"Cache shard {shard} in {self.docs_dir} could not be read ({exc}); "
                              f"its {len(hit)} articles will be parsed again.", CacheWarning, stacklevel=3)
                continue
            for t, df in frames.items():
                parts[t].append(df)
            found |= hit
        result = {t: pd.concat(p, ignore_index=True) if p else pd.DataFrame() for t, p in parts.items()}
        return result, found

    def store(self, keys: list[str], frames: dict[str, pd.DataFrame]) -> str:
        """Write one shard (every table carries a ``_key`` column); returns its name."""
        self.docs_dir.mkdir(parents=True, exist_ok=True)
        shard = uuid.uuid4().hex[:16]
        for table, df in frames.items():
            _write_parquet(self.docs_dir / f"{shard}.{table}.parquet", df)
        _atomic_write_bytes(self.docs_dir / f"{shard}.keys.json", json.dumps({"keys": keys}).encode())
        return shard

    def clean_orphans(self) -> int:
        """Remove temporary files and table files whose shard has no marker (an interrupted run)."""
        if not self.docs_dir.exists():
            return 0
        committed = set(self._shards())
        removed = 0
        for f in self.docs_dir.iterdir():
            shard = f.name.split(".", 1)[0]
            if f.name.startswith(".tmp-") or (f.suffix == ".parquet" and shard not in committed):
                f.unlink(missing_ok=True)
                removed += 1
        return removed

    # ------------------------------------------------------------------ whole-corpus tables
    def load_corpus(self, digest: str, tables: tuple[str, ...]) -> dict[str, pd.DataFrame] | None:
        d = self.corpus_dir / digest
        if not (d / "done.json").exists():
            return None
        try:
            return {t: pq.read_table(d / f"{t}.parquet").to_pandas() for t in tables}
        except Exception as exc:
            warnings.warn(f"Cached corpus tables in {d} could not be read ({exc}); rebuilding them.",
                          CacheWarning, stacklevel=3)
            return None

    def store_corpus(self, digest: str, frames: dict[str, pd.DataFrame]) -> None:
        self.corpus_dir.mkdir(parents=True, exist_ok=True)
        final = self.corpus_dir / digest
        tmp = self.corpus_dir / f".tmp-{uuid.uuid4().hex}"
        tmp.mkdir()
        for t, df in frames.items():
            _write_parquet(tmp / f"{t}.parquet", df)
        _atomic_write_bytes(tmp / "done.json", json.dumps({"tables": sorted(frames)}).encode())
        if final.exists():
            shutil.rmtree(final, ignore_errors=True)
        try:
            os.replace(tmp, final)
        except OSError:  # another process won the race: theirs is as good as ours
            shutil.rmtree(tmp, ignore_errors=True)

    # ------------------------------------------------------------------ information
    def size_bytes(self) -> int:
        if not self.root.exists():
            return 0
        return sum(f.stat().st_size for f in self.root.rglob("*") if f.is_file())

    def n_articles(self) -> int:
        return sum(len(k) for k in self._shards().values())
