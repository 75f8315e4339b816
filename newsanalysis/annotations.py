"""The result of :func:`newsanalysis.annotate`: the tables, plus what happened."""

from __future__ import annotations

import ctypes
import errno
import hashlib
import json
import os
import shutil
import sys
import uuid
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from newsanalysis.schemas import SCHEMAS, validate

__all__ = ["SAVE_FORMAT", "TABLES", "WARNING_COLUMNS", "Annotations", "ExportWarning", "corpus_digest", "table_of"]

TABLES = ("articles", "sentences", "mentions", "actors", "claims", "escalation")
#: Columns of ``Annotations.warnings``: where the problem is, which article, what happened.
WARNING_COLUMNS = ("source", "article_id", "message")
#: Excel's limits: characters in a cell, rows in a sheet (after the header).
EXCEL_MAX_CHARS = 32_767
EXCEL_MAX_ROWS = 1_048_575


class ExportWarning(UserWarning):
    """Something could not be exported whole (a cell too long for Excel); the message says what."""


def _cell(value):
    if isinstance(value, (list, tuple, dict)) or hasattr(value, "tolist") and not isinstance(value, str):
        value = value.tolist() if hasattr(value, "tolist") else value
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def _flat(df: pd.DataFrame, *, naive_times: bool = False) -> pd.DataFrame:
    """A copy with list/dict cells as JSON text and, for Excel, times in UTC without a zone."""
    out = df.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.DatetimeTZDtype):
            out[col] = out[col].dt.tz_convert("UTC").dt.tz_localize(None) if naive_times else out[col]
        elif out[col].dtype == object:
            out[col] = out[col].map(_cell)
    return out


def table_of(ann, name: str) -> pd.DataFrame:
    """The table ``name`` of an :class:`Annotations` (or any object with such attributes),
    or an empty DataFrame when it has none: the analyses accept partial annotations.

    Examples
    --------
    >>> table_of(object(), "claims").empty
    True
    """
    df = getattr(ann, name, None)
    if hasattr(df, "__dask_graph__"):
        raise TypeError(f"the {name} table is a Dask DataFrame (annotations opened with open_annotations): "
                        "this function needs the tables in memory. Use the na.* analyses, which run on Dask, "
                        "or ann.compute() for a corpus that fits in memory.")
    return df if isinstance(df, pd.DataFrame) else pd.DataFrame()


@dataclass
class Annotations:
    """Annotated corpus: one pandas DataFrame per table of the contract (DESIGN.md).

    Attributes
    ----------
    articles, sentences, mentions, actors, claims, escalation
        The tables; offsets are character offsets into ``articles.text``.
    warnings
        One row per problem met while loading or annotating (source, article_id, message).
    meta
        Model, package and extractor versions, cache location and run statistics
        (``parsed``: articles parsed by spaCy in this run, ``cached``: read from the cache).
    """

    articles: pd.DataFrame
    sentences: pd.DataFrame
    mentions: pd.DataFrame
    actors: pd.DataFrame
    claims: pd.DataFrame
    escalation: pd.DataFrame
    warnings: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(WARNING_COLUMNS)))
    meta: dict = field(default_factory=dict)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The six tables by name."""
        return {name: getattr(self, name) for name in TABLES}

    def __repr__(self) -> str:
        counts = ", ".join(f"{name}={len(df):,}" for name, df in self.tables().items())
        return f"Annotations({counts}; warnings={len(self.warnings)})"

    def summary(self) -> pd.DataFrame:
        """Rows per table, with the table's description."""
        return pd.DataFrame(
            [{"table": n, "rows": len(df), "columns": len(df.columns),
              "one row per": (SCHEMAS[n].__doc__ or "").strip().split("\n")[0]}
             for n, df in self.tables().items()]
        )

    def sentence(self, article_id: str, sent_idx: int) -> str:
        """The text of one sentence: the evidence behind a row."""
        s = self.sentences
        hit = s[(s["article_id"] == article_id) & (s["sent_idx"] == sent_idx)]
        if hit.empty:
            raise KeyError(f"No sentence {sent_idx} in article {article_id!r}.")
        return str(hit["text"].iloc[0])

    def evidence(self, pairs) -> pd.DataFrame:
        """Sentences for a list of ``(article_id, sent_idx)`` pairs, with title, outlet, date."""
        keys = pd.DataFrame(list(pairs), columns=["article_id", "sent_idx"]).drop_duplicates()
        out = keys.merge(self.sentences[["article_id", "sent_idx", "start", "end", "text"]],
                         on=["article_id", "sent_idx"], how="left")
        meta = self.articles[["article_id", "title", "outlet", "published"]]
        return out.merge(meta, on="article_id", how="left")

    # ------------------------------------------------------------------ persistence
    def save(self, directory: str | os.PathLike) -> Path:
        """Write every table as ``<table>.parquet``, plus ``warnings.parquet``, ``meta.json``
        and ``manifest.json``, all at once.

        The files are written into a temporary folder beside ``directory`` that then takes its
        place, so an interrupted save leaves the previous save whole (or nothing), never a
        mix of two. ``manifest.json`` records the format version, the digest of the corpus
        (the articles' ids and texts) and the SHA-256 of every file; :meth:`load` checks it.
        ``directory`` must be new, empty, or hold an earlier save: files of yours in it are
        never deleted.
        """
        d = Path(directory)
        _check_target(d)
        d.parent.mkdir(parents=True, exist_ok=True)
        _remove_killed_saves(d)
        tmp = d.parent / f".{d.name}.saving-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        tmp.mkdir()
        try:
            files = {f"{name}.parquet": df for name, df in {**self.tables(), "warnings": self.warnings}.items()}
            sums = {}
            for fname, df in files.items():
                df.to_parquet(tmp / fname, index=False)
                sums[fname] = _sha256(tmp / fname)
            (tmp / "meta.json").write_text(json.dumps(self.meta, indent=2, default=str), encoding="utf-8")
            sums["meta.json"] = _sha256(tmp / "meta.json")
            manifest = {"format": SAVE_FORMAT, "package_version": _package_version(),
                        "corpus_digest": corpus_digest(self.articles), "files": sums,
                        "rows": {n: len(df) for n, df in self.tables().items()}}
            (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
            _swap_into_place(tmp, d)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)  # the new save's leftovers, or the old save
        return d

    # ------------------------------------------------------------------ exports
    def to_csv(self, directory: str | os.PathLike) -> list[Path]:
        """Write every table (and ``warnings``) as ``<table>.csv`` (UTF-8) for other tools.

        List and dict cells (``tags``, ``aliases``, ``chain``, ...) are written as JSON text;
        times are ISO 8601 in UTC. Returns the files written.
        """
        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        written = []
        for name, df in {**self.tables(), "warnings": self.warnings}.items():
            path = d / f"{name}.csv"
            _flat(df).to_csv(path, index=False, encoding="utf-8")
            written.append(path)
        return written

    def to_excel(self, path: str | os.PathLike) -> Path:
        """Write every table (and ``warnings``) as one sheet of an Excel workbook (openpyxl).

        List and dict cells are JSON text, times are UTC without a zone (Excel has none). A
        cell over Excel's 32,767 characters is cut to fit, with an :class:`ExportWarning`
        naming the table, column and rows (use :meth:`to_csv` or :meth:`save` for those);
        a table over Excel's 1,048,575 rows raises ``ValueError``.
        """
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        too_long = {n: len(df) for n, df in self.tables().items() if len(df) > EXCEL_MAX_ROWS}
        if too_long:
            raise ValueError(f"Excel holds at most {EXCEL_MAX_ROWS:,} rows a sheet; {too_long} do not fit. "
                             "Use ann.to_csv(folder) or ann.save(folder) (Parquet) instead.")
        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            for name, df in {**self.tables(), "warnings": self.warnings}.items():
                flat = _flat(df, naive_times=True)
                for col in [c for c in flat.columns if pd.api.types.is_string_dtype(flat[c])
                            or flat[c].dtype == object]:
                    long = flat[col].map(lambda v: isinstance(v, str) and len(v) > EXCEL_MAX_CHARS)
                    if long.any():
                        rows = flat.index[long].tolist()
                        warnings.warn(f"{name}.{col}: {len(rows)} cells over Excel's {EXCEL_MAX_CHARS:,} "
                                      f"characters were cut to fit (rows {rows[:5]}); ann.to_csv keeps them "
                                      "whole.", ExportWarning, stacklevel=2)
                        flat.loc[long, col] = flat.loc[long, col].str.slice(0, EXCEL_MAX_CHARS)
                flat.to_excel(writer, sheet_name=name, index=False)
                writer.sheets[name].freeze_panes = "A2"
        return path

    @classmethod
    def load(cls, directory: str | os.PathLike) -> Annotations:
        """Read tables written by :meth:`save`, checked against its manifest and validated.

        Raises
        ------
        FileNotFoundError
            When ``directory`` holds no saved annotations.
        ValueError
            When the files do not belong together (a table of another save, a damaged file), the
            save is of another format version, or it is an older save whose tables no longer
            fit the table contract; the message says which and what to do.
        """
        d = Path(directory)
        missing = [n for n in TABLES if not (d / f"{n}.parquet").exists()]
        if missing:
            raise FileNotFoundError(f"{d} does not hold saved annotations: missing "
                                    f"{', '.join(m + '.parquet' for m in missing)}. Save with Annotations.save().")
        manifest = _read_manifest(d)
        try:
            tables = {n: validate(n, pd.read_parquet(d / f"{n}.parquet")) for n in TABLES}
        except Exception as exc:
            if manifest is not None:
                raise
            raise ValueError(f"{d} was saved by an older newsanalysis (no {MANIFEST}) and its tables do "
                             f"not fit the current table contract ({type(exc).__name__}: {str(exc)[:300]}). "
                             "Annotate the articles again and save anew.") from exc
        if manifest is not None and manifest.get("corpus_digest") != corpus_digest(tables["articles"]):
            raise ValueError(f"{d}: the articles in articles.parquet are not the corpus its {MANIFEST} "
                             "names; the folder mixes two saves. Save again.")
        warn = pd.read_parquet(d / "warnings.parquet") if (d / "warnings.parquet").exists() else None
        meta = json.loads((d / "meta.json").read_text()) if (d / "meta.json").exists() else {}
        return cls(**tables, warnings=warn if warn is not None else pd.DataFrame(
            columns=list(WARNING_COLUMNS)), meta=meta)


MANIFEST = "manifest.json"
#: Version of the saved layout; :meth:`Annotations.load` refuses another. 2: with a manifest.
SAVE_FORMAT = 2
_SAVED = {*(f"{n}.parquet" for n in (*TABLES, "warnings")), "meta.json", MANIFEST}


def corpus_digest(articles: pd.DataFrame) -> str:
    """Digest of a corpus: its article ids and texts, in order."""
    h = hashlib.sha256()
    for aid, text in zip(articles["article_id"].astype(str), articles["text"].astype(str)):
        h.update(aid.encode() + b"\0" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).digest())
    return h.hexdigest()[:24]


def _package_version() -> str:
    from newsanalysis._version import __version__

    return __version__


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _check_target(d: Path) -> None:
    if d.exists() and not d.is_dir():
        raise NotADirectoryError(f"{d} is a file; save annotations into a folder.")
    foreign = sorted(f.name for f in d.iterdir() if f.name not in _SAVED) if d.is_dir() else []
    if foreign:
        raise FileExistsError(f"{d} holds files that are not saved annotations ({', '.join(foreign[:5])}"
                              f"{', ...' if len(foreign) > 5 else ''}); save into a new or empty folder.")


def _remove_killed_saves(d: Path) -> None:
    """Remove the temporary folders that killed saves to ``d`` left (their process is gone)."""
    for leftover in d.parent.glob(f".{d.name}.saving-*"):
        pid = leftover.name[len(f".{d.name}.saving-"):].split("-", 1)[0]
        if pid.isdigit() and not pid_alive(int(pid)):
            shutil.rmtree(leftover, ignore_errors=True)


def pid_alive(pid: int) -> bool:
    """Whether a process of this machine with this id is running (the owner of a temporary file)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _swap_into_place(new: Path, target: Path) -> None:
    """Put the folder ``new`` at ``target`` in one step; an older ``target`` ends up at ``new``."""
    if _exchange(new, target):
        return
    if target.exists():  # no atomic exchange here: two renames, the old save kept until the second
        old = new.with_name(new.name + "-old")
        os.replace(target, old)
        try:
            os.replace(new, target)
        except BaseException:
            os.replace(old, target)
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(new, target)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths atomically (Linux ``renameat2(RENAME_EXCHANGE)``); False
    when this system cannot."""
    if not (sys.platform.startswith("linux") and b.exists()):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EPERM, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _read_manifest(d: Path) -> dict | None:
    """The checked manifest of a save, None for an older save that has none."""
    path = d / MANIFEST
    if not path.exists():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ValueError(f"{path} is damaged ({exc}); save again.") from None
    if manifest.get("format") != SAVE_FORMAT:
        raise ValueError(f"{d} is a save of format {manifest.get('format')!r} (newsanalysis "
                         f"{manifest.get('package_version', '?')}); this version reads format {SAVE_FORMAT}. "
                         "Annotate the articles again and save anew.")
    for fname, digest in manifest.get("files", {}).items():
        if not (d / fname).exists() or _sha256(d / fname) != digest:
            raise ValueError(f"{d}: {fname} is not the file this save wrote (missing, changed or from "
                             "another save); the folder does not hold one consistent save. Save again.")
    return manifest
