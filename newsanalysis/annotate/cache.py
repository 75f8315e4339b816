"""On-disk cache of annotation tables: Parquet shards that prove what they serve, no pickle.

Layout under the cache root (argument, ``NEWSANALYSIS_CACHE``, or ``~/.cache/newsanalysis``)::

    <model>-<version>__<extractors digest>/      one namespace per model and extractor code
        docs/<shard>.<table>.parquet             per-article rows of a batch of articles
        docs/<shard>.keys.json                   the commit marker: keys inside, checksums
        corpus/<corpus digest>/<table>.parquet   finished tables of a whole corpus
        corpus/<corpus digest>/done.json         its commit marker, with checksums

An article's key hashes its ``article_id`` and exact text, so any change to the text is a
miss. What is served is what was written:

- **commit markers carry checksums**: the SHA-256 and size of each table file, and a
  checksum of the marker itself. A shard counts only once its marker exists (written last,
  by rename). On read every file is checked; a mismatch, an unreadable file or a marker
  naming articles its tables lack is a :class:`CacheWarning`, the shard is removed and its
  articles are parsed again, so the result equals a clean run and the cache heals.
- **a cache that cannot be written degrades to no cache** (read-only folder, full disk):
  one :class:`CacheWarning`, the results are still returned, uncached.
- **concurrent runs are safe**: temporary and uncommitted names carry the writer's process
  id and machine, and the start-up cleanup removes a leftover only when that process is no
  longer running (or, written on another machine, after :data:`STALE_SECONDS`), never a
  live writer's files; a killed run's ``.tmp-*`` files and folders go at the next run.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import re
import shutil
import socket
import time
import uuid
import warnings
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from newsanalysis._version import __version__
from newsanalysis.annotations import pid_alive

__all__ = [
    "STALE_SECONDS",
    "AnnotationCache",
    "CacheWarning",
    "article_key",
    "code_digest",
    "default_cache_dir",
    "docs_namespace",
]

ENV_VAR = "NEWSANALYSIS_CACHE"
FORMAT = 2  # of the commit markers; markers of another format are ignored
#: Leftovers younger than this are never removed: they may belong to a run still writing.
STALE_SECONDS = 600
_PACKAGE = Path(__file__).resolve().parents[1]
#: Folders whose files decide the cached rows. ``annotate/actors`` and ``resources/actors``
#: are read only by the corpus-level step (actor resolution and linking): editing them
#: must throw away the corpus tables, not the parsed articles; so must the Dask engine's dataset
#: and corpus-level steps (``dataset.py``, ``distributed.py``). ``resources/load`` is read
#: only by the loader, whose work is in the article text itself (the cache key), and
#: ``resources/briefing`` only by the briefing, an analysis of the cached tables.
_CODE = ("annotate", "resources")
_CORPUS_ONLY = ("annotate/actors", "resources/actors", "annotate/dataset.py", "annotate/distributed.py")
_NOT_ANNOTATION = ("resources/load", "resources/briefing")
_MARKER = ".keys.json"


class CacheWarning(UserWarning):
    """A cache file could not be used or written; the results are computed again."""


class _Damaged(Exception):
    """A cached file does not match its commit marker."""


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


def docs_namespace(model_key: str, knowledge_digest: str | None = None) -> str:
    """The cache namespace of per-article rows: the model, the code that makes them and the
    user's knowledge folder (its contents' digest), so that any of them changing parses again."""
    return f"{model_key}__{code_digest(corpus=False)}" + (f"__k{knowledge_digest}" if knowledge_digest else "")


def article_key(article_id: str, text: str) -> str:
    """Cache key of one article: its id and its exact text (offsets depend on every character)."""
    return hashlib.sha1(f"{article_id}\0{text}".encode()).hexdigest()[:24]


# ---------------------------------------------------------------------- files and markers
_HOST = hashlib.sha1(socket.gethostname().encode()).hexdigest()[:6]
_OWNER = re.compile(r"^(?:\.tmp-|p)(\d+)@([0-9a-f]{6})-")


def _writer_tag() -> str:
    """Who writes: ``<pid>@<host digest>`` (a cache may be shared by several machines)."""
    return f"{os.getpid()}@{_HOST}"


def _tmp_name(name: str) -> str:
    """A temporary name that says which process writes it (``.tmp-<pid>@<host>-<random>-<name>``)."""
    return f".tmp-{_writer_tag()}-{uuid.uuid4().hex[:12]}-{name}"


def _is_stale(path: Path, now: float) -> bool:
    """A leftover nobody is writing: its writer (named in it) was a process of this machine
    that is no longer running; or, written elsewhere or unnamed, it is older than
    :data:`STALE_SECONDS`."""
    owner = _OWNER.match(path.name)
    if owner and owner.group(2) == _HOST:
        return not pid_alive(int(owner.group(1)))
    try:
        return now - path.lstat().st_mtime > STALE_SECONDS
    except OSError:
        return False


def _remove(path: Path) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    except FileNotFoundError:
        pass


def _write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary name, then rename into place (readers never see half a file)."""
    tmp = path.with_name(_tmp_name(path.name))
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _atomic_write_bytes(path: Path, data: bytes) -> None:  # the commit step (tests interrupt it)
    _write_bytes(path, data)


def _parquet_bytes(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    pq.write_table(pa.Table.from_pandas(df, preserve_index=False), buf)
    return buf.getvalue()


def _sign(body: dict) -> bytes:
    """The marker's JSON with a checksum of its own content."""
    check = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
    return json.dumps({**body, "check": check}, sort_keys=True).encode()


def _read_marker(path: Path) -> dict:
    """A marker's content, checked; raises :class:`_Damaged` when it is not what was written."""
    try:
        body = json.loads(path.read_bytes())
        check = body.pop("check")
        ok = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest() == check
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise _Damaged(f"{path.name} is not a valid commit marker ({type(exc).__name__})") from None
    if not ok:
        raise _Damaged(f"{path.name} does not match its checksum")
    if body.get("format") != FORMAT or not isinstance(body.get("tables"), dict):
        raise _Damaged(f"{path.name} is of another cache format")
    return body


def _read_checked(path: Path, expected: dict, keys: set[str] | None = None) -> pd.DataFrame:
    """Read one table file after checking its size and SHA-256 against the marker."""
    data = path.read_bytes()
    if len(data) != expected.get("bytes") or hashlib.sha256(data).hexdigest() != expected.get("sha256"):
        raise _Damaged(f"{path.name} does not match the checksum in its commit marker")
    df = pq.read_table(pa.BufferReader(data)).to_pandas()
    # filtered here, not by pyarrow: a table without rows stores ``_key`` as type null,
    # which pyarrow's filter refuses (such a shard was never served before)
    return df if keys is None else df[df["_key"].isin(keys)].reset_index(drop=True)


def _signed_tables(folder: Path, names: dict[str, str], frames: dict[str, pd.DataFrame]) -> dict:
    """Write each frame to ``folder/names[table]`` and return the marker's ``tables`` entry."""
    out = {}
    for table, df in frames.items():
        data = _parquet_bytes(df)
        _write_bytes(folder / names[table], data)
        out[table] = {"file": names[table], "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    return out


class AnnotationCache:
    """Per-article and per-corpus annotation tables for one model + extractor version.

    ``problems`` lists the messages of every :class:`CacheWarning` this object raised, so a
    caller can record them with its results.
    """

    def __init__(self, root: str | os.PathLike | None, namespace: str):
        self.root = Path(root).expanduser() if root is not None else default_cache_dir()
        self.dir = self.root / namespace
        self.docs_dir = self.dir / "docs"
        self.corpus_dir = self.dir / "corpus"
        self.writable = True
        self.problems: list[str] = []

    def _warn(self, message: str) -> None:
        warnings.warn(message, CacheWarning, stacklevel=4)
        self.problems.append(message)

    def _cannot_write(self, exc: OSError) -> None:
        if self.writable:
            self._warn(f"The annotation cache at {self.dir} cannot be written ({exc}); this run's "
                       "results are returned but not cached. Free some space or point "
                       f"{ENV_VAR} (or cache_dir=) at a writable folder.")
        self.writable = False

    def _discard(self, paths: Iterable[Path]) -> None:
        """Remove damaged or partial files (best effort: a read-only cache keeps them)."""
        for p in paths:
            try:
                _remove(p)
            except OSError:
                pass

    # ------------------------------------------------------------------ per-article shards
    def _shards(self) -> dict[str, dict]:
        """Committed shards and their checked markers; a damaged marker is reported and removed."""
        out: dict[str, dict] = {}
        try:
            markers = sorted(self.docs_dir.glob(f"*{_MARKER}")) if self.docs_dir.is_dir() else []
        except OSError as exc:
            self._warn(f"The annotation cache at {self.docs_dir} cannot be read ({exc}); parsing without it.")
            return out
        for marker in markers:
            if marker.name.startswith(".tmp-"):  # a marker whose write never finished
                continue
            shard = marker.name[: -len(_MARKER)]
            try:
                out[shard] = _read_marker(marker)
            except FileNotFoundError:  # removed by another run meanwhile
                continue
            except (_Damaged, OSError) as exc:
                self._warn(f"Cache shard {shard} in {self.docs_dir} is damaged ({exc}); it is removed "
                           "and its articles are parsed again.")
                self._discard([marker, *self.docs_dir.glob(f"{shard}.*.parquet")])
        return out

    def lookup(self, keys: Iterable[str], tables: tuple[str, ...]) -> tuple[dict[str, pd.DataFrame], set[str]]:
        """Rows of the cached articles among ``keys``: ``({table: rows}, found keys)``.

        Rows carry a ``_key`` column. Every file is checked against its marker's checksum;
        the articles of a shard that fails the check are not found (and the shard is removed).
        """
        wanted = set(keys)
        where: dict[str, tuple[set[str], dict]] = {}
        for shard, marker in self._shards().items():
            hit = wanted.intersection(marker.get("keys", []))
            if hit:
                where[shard] = (hit, marker)
                wanted -= hit
        parts: dict[str, list[pd.DataFrame]] = {t: [] for t in tables}
        found: set[str] = set()
        for shard, (hit, marker) in where.items():
            try:
                frames = {t: _read_checked(self.docs_dir / marker["tables"][t]["file"], marker["tables"][t], hit)
                          for t in tables}
                # every annotated article has at least one sentence row
                lacking = hit - set(frames["sentences"]["_key"]) if "sentences" in frames else set()
                if lacking:
                    raise _Damaged(f"its marker lists {len(lacking)} articles its tables lack")
            except Exception as exc:  # noqa: BLE001 - any failure to read: parse these articles again
                self._warn(f"Cache shard {shard} in {self.docs_dir} could not be read ({exc}); it is "
                           f"removed and its {len(hit)} articles are parsed again.")
                self._discard([self.docs_dir / f"{shard}{_MARKER}", *self.docs_dir.glob(f"{shard}.*.parquet")])
                continue
            for t, df in frames.items():
                parts[t].append(df)
            found |= hit
        result = {t: pd.concat(p, ignore_index=True) if p else pd.DataFrame() for t, p in parts.items()}
        return result, found

    def store(self, keys: list[str], frames: dict[str, pd.DataFrame]) -> str | None:
        """Write one shard (every table carries a ``_key`` column); returns its name, or None
        when the cache cannot be written (reported once, then writes are skipped)."""
        if not self.writable:
            return None
        shard = f"p{_writer_tag()}-{uuid.uuid4().hex[:12]}"
        try:
            self.docs_dir.mkdir(parents=True, exist_ok=True)
            names = {t: f"{shard}.{t}.parquet" for t in frames}
            signed = _signed_tables(self.docs_dir, names, frames)
            _atomic_write_bytes(self.docs_dir / f"{shard}{_MARKER}",
                                _sign({"format": FORMAT, "keys": list(keys), "tables": signed}))
        except BaseException as exc:  # interrupted or failed: leave no uncommitted files
            self._discard(self.docs_dir.glob(f"{shard}.*.parquet"))
            if not isinstance(exc, OSError):
                raise
            self._cannot_write(exc)
            return None
        return shard

    def clean_stale(self) -> int:
        """Remove what killed runs left: ``.tmp-*`` files and folders, and table files whose
        shard has no marker, when older than :data:`STALE_SECONDS` and not a running
        process's. Returns how many were removed; never fails (a read-only cache stays)."""
        removed = 0
        now = time.time()
        try:
            committed = {m.name[: -len(_MARKER)] for m in self.docs_dir.glob(f"*{_MARKER}")}
        except OSError:
            return 0
        for folder in (self.docs_dir, self.corpus_dir):
            try:
                entries = list(folder.iterdir()) if folder.is_dir() else []
            except OSError:
                continue
            for f in entries:
                shard = f.name.split(".", 1)[0]
                leftover = f.name.startswith(".tmp-") or (
                    folder == self.docs_dir and f.suffix == ".parquet" and shard not in committed)
                if leftover and _is_stale(f, now):
                    try:
                        _remove(f)
                        removed += 1
                    except OSError:
                        pass
        return removed

    clean_orphans = clean_stale

    # ------------------------------------------------------------------ whole-corpus tables
    def load_corpus(self, digest: str, tables: tuple[str, ...]) -> dict[str, pd.DataFrame] | None:
        """The finished tables of a corpus, checked against ``done.json``; None on a miss. A
        damaged entry is reported, removed and rebuilt by the caller."""
        d = self.corpus_dir / digest
        try:
            if not d.is_dir():
                return None
            marker = _read_marker(d / "done.json")
            return {t: _read_checked(d / marker["tables"][t]["file"], marker["tables"][t]) for t in tables}
        except Exception as exc:  # noqa: BLE001 - any failure: rebuild the corpus tables
            self._warn(f"Cached corpus tables in {d} could not be used ({exc}); they are removed and "
                       "rebuilt.")
            self._quarantine(d)
            return None

    def _quarantine(self, d: Path) -> None:
        """Move a damaged corpus entry out of the way in one rename, then delete it."""
        trash = d.with_name(_tmp_name(d.name))
        try:
            os.replace(d, trash)
        except OSError:
            return
        self._discard([trash])

    def store_corpus(self, digest: str, frames: dict[str, pd.DataFrame]) -> None:
        """Write a corpus's tables into a temporary folder, then rename it into place. When
        another run got there first, theirs is kept (same digest, same tables)."""
        if not self.writable:
            return
        tmp = self.corpus_dir / _tmp_name(digest)
        try:
            self.corpus_dir.mkdir(parents=True, exist_ok=True)
            tmp.mkdir()
            signed = _signed_tables(tmp, {t: f"{t}.parquet" for t in frames}, frames)
            _atomic_write_bytes(tmp / "done.json", _sign({"format": FORMAT, "tables": signed}))
        except BaseException as exc:
            self._discard([tmp])
            if not isinstance(exc, OSError):
                raise
            self._cannot_write(exc)
            return
        try:
            os.replace(tmp, self.corpus_dir / digest)
        except OSError:  # another run stored the same corpus first
            self._discard([tmp])

    # ------------------------------------------------------------------ information
    def size_bytes(self) -> int:
        if not self.root.exists():
            return 0
        return sum(f.stat().st_size for f in self.root.rglob("*") if f.is_file())

    def n_articles(self) -> int:
        return sum(len(m.get("keys", [])) for m in self._shards().values())
