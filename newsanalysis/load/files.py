"""Files to records: find every file under a folder, then read each one by its type.

:func:`find_files` walks a folder without recursion (a tree 1,100 levels deep is read to its
bottom) and reports what it does not read: hidden files and folders, files of a type no
reader takes, links to folders, folders it may not open, special files. :func:`read_file`
reads one file into records (one per article) and turns any failure into an entry of
``skipped`` naming the file: an unreadable file, a damaged archive or a reader's exception
never stops the load. Readers: text and Markdown with optional YAML front matter (either line
ending), JSON lines (split at ``\\n`` only, so a line may hold U+2028), CSV and TSV, Parquet,
saved HTML pages (trafilatura), the exports of :mod:`.exports`, :mod:`.nexis` and
:mod:`.warc`, and any of these compressed with gzip, bzip2 or xz (``.jsonl.gz``).

A record's ``source`` names the file as it can be printed (:func:`.decoding.display_name`),
then ``:<line>``, ``:row <n>``, ``:document <n>`` or ``:record <n>``.
"""

from __future__ import annotations

import bz2
import glob as _glob
import gzip
import io
import lzma
import os
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import yaml

from newsanalysis.load import exports, nexis, warc
from newsanalysis.load.decoding import binary_kind, decode, display_name
from newsanalysis.load.records import Record, json_lines, parse_json, records_from_html, skip

__all__ = ["SUPPORTED_SUFFIXES", "find_files", "read_file", "records_from_frame"]

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".jsonl", ".ndjson", ".csv", ".tsv", ".tab", ".parquet",
                      ".html", ".htm", ".json", ".docx", ".rtf", ".warc", ".arc", ".gz", ".bz2", ".xz")
#: Compressed files: read as the file inside (``a.jsonl.gz`` as ``.jsonl``); a ``.gz`` web
#: archive is read as one (``.warc.gz``).
_COMPRESSED = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}
#: Largest file read out of a compressed one (a small archive can expand without limit).
MAX_EXPANDED = 2**31
_FRONT_MATTER = re.compile(r"^---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|$)", re.DOTALL)


def _why(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


# --------------------------------------------------------------------------- finding files


def _walk(root: Path, skipped: list[dict]) -> list[Path]:
    """Every file under ``root`` (:func:`read_file` reports the types it does not read), and a
    ``skipped`` entry for the rest: hidden files and folders, links to folders, special files,
    folders it may not open."""
    files: list[Path] = []
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            name = display_name(folder)
            skip(skipped, name, "unreadable folder",
                 f"{name}: the folder could not be opened ({exc.strerror or _why(exc)}); its files were not read.")
            continue
        for entry in entries:
            path, name = Path(entry.path), display_name(entry.path)
            try:
                if entry.name.startswith("."):
                    kind = "folder" if entry.is_dir(follow_symlinks=False) else "file"
                    skip(skipped, name, f"hidden {kind}", f"{name}: a hidden {kind}; not read (rename it without "
                         "the leading '.' to load it).")
                elif entry.is_dir(follow_symlinks=False):
                    stack.append(path)
                elif entry.is_symlink() and entry.is_dir():
                    skip(skipped, name, "link to a folder", f"{name}: a link to a folder; not followed (pass that "
                         "folder itself to load it).")
                elif not entry.is_file():
                    skip(skipped, name, "not a regular file", f"{name}: a broken link, a pipe, a socket or a "
                         "device, not a file; not read.")
                else:
                    files.append(path)
            except OSError as exc:
                skip(skipped, name, "unreadable file", f"{name}: could not be examined ({_why(exc)}); not read.")
    return sorted(files)


def find_files(source: str | os.PathLike | Iterable, skipped: list[dict]) -> list[Path]:
    """The files a source names: a folder (searched to any depth), a file, a glob or a list
    of them. Raises ``FileNotFoundError`` for a name that is none of these."""
    if isinstance(source, (list, tuple)):
        return [p for s in source for p in find_files(s, skipped)]
    s = os.fspath(source) if isinstance(source, os.PathLike) else str(source)
    p = Path(s).expanduser()
    if p.is_dir():
        return _walk(p, skipped)
    if p.is_file():
        return [p]
    if p.exists() or p.is_symlink():
        skip(skipped, display_name(p), "not a regular file",
             f"{display_name(p)}: a broken link, a pipe, a socket or a device, not a file; not read.")
        return []
    if any(ch in s for ch in "*?["):
        try:
            found = sorted(Path(f) for f in _glob.glob(os.path.expanduser(s), recursive=True))
        except RecursionError:
            skip(skipped, display_name(s), "folder too deep",
                 f"{display_name(s)}: the folders under this pattern are too deep for a pattern; pass the "
                 "folder itself, which is read to any depth.")
            return []
        if not found:
            skip(skipped, display_name(s), "no match", f"{display_name(s)}: no file matches this pattern.")
        return [f for f in found if f.is_file()]  # a folder it matches: its files match or not
    raise FileNotFoundError(
        f"No such file or folder: {display_name(s)!r}. Pass a folder of articles, a file "
        f"({', '.join(SUPPORTED_SUFFIXES)}), a glob such as 'news/*.txt', or a DataFrame."
    )


# --------------------------------------------------------------------------- readers


class _NoAliases(yaml.SafeLoader):
    """YAML without aliases (``*name``): front matter has no use for them, and nine levels of
    nine make a value of 9**10 items when it is read (a "billion laughs")."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise yaml.YAMLError("it uses an alias (*name), which front matter does not need")
        return super().compose_node(parent, index)


def _front_matter(text: str, source: str, problems: list[str]) -> tuple[dict, str]:
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    try:
        loader = _NoAliases(m.group(1))  # what yaml.safe_load does, with this loader
        try:
            meta = loader.get_single_data() or {}
        finally:
            loader.dispose()
        if not isinstance(meta, dict):
            raise TypeError("front matter is not a mapping")
    except (yaml.YAMLError, TypeError, RecursionError) as exc:
        problems.append(f"{source}: YAML front matter could not be read ({exc}); it was kept as text.")
        return {}, text
    return {str(k): v for k, v in meta.items()}, text[m.end() :]


def _records_from_text(src: str, data: str, problems: list[str]) -> list[Record]:
    meta, body = _front_matter(data, src, problems)
    return [Record(src, {**meta, "text": body}, problems)]


def _records_from_jsonl(src: str, data: str, skipped: list[dict]) -> list[Record]:
    out = []
    for lineno, line in json_lines(data):
        where = f"{src}:{lineno}"
        warnings: list[str] = []
        try:
            obj = parse_json(line, warnings, where)
            if not isinstance(obj, dict):
                raise TypeError(f"a JSON {type(obj).__name__}, not an object")
        except (ValueError, TypeError, RecursionError) as exc:  # RecursionError: nested too deep
            skip(skipped, where, "broken JSON line", f"{where}: line {lineno} is not valid JSON ({_why(exc)}); "
                 "the line was skipped, the other lines were loaded. Fix or remove that line.")
            continue
        out.append(Record(where, obj, warnings))
    return out


def records_from_frame(df: pd.DataFrame, source: str) -> list[Record]:
    """One record per row, ``source:row <i>``; columns of one name are told apart as pandas
    tells the columns of a CSV file apart (``text``, ``text.1``)."""
    if not df.columns.is_unique:
        names, seen = [], {}
        for c in df.columns:
            seen[c] = seen.get(c, -1) + 1
            names.append(c if not seen[c] else f"{c}.{seen[c]}")
        df = df.set_axis(names, axis=1)
    return [Record(f"{source}:row {i}", dict(row), []) for i, row in enumerate(df.to_dict(orient="records"))]


def _records_from_table(src: str, text: str, sep: str, skipped: list[dict]) -> list[Record]:
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
    except Exception as exc:  # noqa: BLE001 - pandas.errors.ParserError, csv.Error, ...
        skip(skipped, src, "unreadable CSV", f"{src}: could not parse {'TSV' if sep == chr(9) else 'CSV'} ({exc}).")
        return []
    return records_from_frame(frame, src)


def _records_from_parquet(where, src: str, skipped: list[dict]) -> list[Record]:
    try:
        return records_from_frame(pd.read_parquet(where), src)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several types
        skip(skipped, src, "unreadable parquet", f"{src}: could not read Parquet ({exc}).")
        return []


def _read_export(path: Path, src: str, suffix: str, data: bytes, skipped: list[dict]) -> list[Record] | None:
    """The exports researchers get, chosen by content: Nexis (.TXT, .DOCX, .RTF), Media Cloud
    and NewsAPI (.csv, .json, .jsonl), web archives (WARC/ARC). None for any other file."""
    if warc.is_warc(data):
        return warc.read_warc(path, data, skipped)
    if suffix in nexis.NEXIS_SUFFIXES or data[:4] == b"PK\x03\x04" or data.lstrip()[:5] == b"{\\rtf":
        return nexis.read_nexis(path, data, skipped)
    if suffix in (".csv", ".json", ".jsonl", ".ndjson"):
        return exports.read_export(path, data, skipped, suffix=suffix)
    if suffix in (".txt", ".md", ".markdown"):
        text = decode(data, src, [])
        if text is not None and nexis.nexis_layout(text) is not None:
            return nexis.read_nexis(path, data, skipped)
    return None


def _decompress(path: Path, src: str, suffix: str, data: bytes, skipped: list[dict]) -> tuple[str, bytes] | None:
    """The suffix and bytes of the file inside a compressed one; None (reported) when it
    cannot be opened or is too large."""
    inner = Path(path.name[: -len(suffix)]).suffix.lower()
    if inner not in SUPPORTED_SUFFIXES or inner in _COMPRESSED:
        skip(skipped, src, "unsupported file type", f"{src}: a compressed {inner or 'file without extension'}, "
             f"which is not a supported type ({', '.join(SUPPORTED_SUFFIXES)}).")
        return None
    try:
        with _COMPRESSED[suffix](io.BytesIO(data)) as f:
            out = f.read(MAX_EXPANDED + 1)
    except (OSError, EOFError, lzma.LZMAError, ValueError) as exc:  # damaged or not compressed
        skip(skipped, src, "damaged compressed file", f"{src}: could not be decompressed ({_why(exc)}); "
             "nothing was read from it.")
        return None
    if len(out) > MAX_EXPANDED:
        skip(skipped, src, "too large", f"{src}: expands to more than {MAX_EXPANDED >> 30} GB; not read. "
             "Decompress it and split it into smaller files.")
        return None
    return inner, out


def _read(path: Path, src: str, skipped: list[dict]) -> list[Record]:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        skip(skipped, src, "unsupported file type",
             f"{src}: {suffix or 'no extension'} is not a supported type ({', '.join(SUPPORTED_SUFFIXES)}).")
        return []
    if suffix == ".parquet":
        return _records_from_parquet(path, src, skipped)
    try:
        data = path.read_bytes()
    except OSError as exc:
        skip(skipped, src, "unreadable file", f"{src}: could not be read ({exc.strerror or _why(exc)}); "
             "skipped, the other files were loaded.")
        return []
    if suffix in _COMPRESSED and not (suffix == ".gz" and warc.is_warc(data)):
        expanded = _decompress(path, src, suffix, data, skipped)
        if expanded is None:
            return []
        suffix, data = expanded
        if suffix == ".parquet":
            return _records_from_parquet(io.BytesIO(data), src, skipped)
    if not data.strip():
        skip(skipped, src, "empty file", f"{src}: the file is empty; nothing to load.")
        return []
    exported = _read_export(path, src, suffix, data, skipped)
    if exported is not None:
        return exported
    problems: list[str] = []
    text = decode(data, src, problems)
    if text is None:
        skip(skipped, src, "binary file", f"{src}: looks like {binary_kind(data)}, not text (binary); skipped. "
             "Convert it to .txt or .html first.")
        return []
    if suffix in (".jsonl", ".ndjson"):
        recs = _records_from_jsonl(src, text, skipped)
    elif suffix in (".csv", ".tsv", ".tab"):
        recs = _records_from_table(src, text, "," if suffix == ".csv" else "\t", skipped)
    elif suffix in (".html", ".htm"):
        recs = records_from_html(src, text, problems)
        if not recs:
            skip(skipped, src, "no main text", f"{src}: trafilatura found no article text in this page (only "
                 "navigation, links or page furniture, if anything).")
    else:
        recs = _records_from_text(src, text, problems)
    for r in recs:  # the file's warnings (the text and HTML readers hold them already)
        if r.warnings is not problems:
            r.warnings = problems + r.warnings
    return recs


def read_file(path: Path, skipped: list[dict]) -> list[Record]:
    """The records of one file; whatever goes wrong is a ``skipped`` entry naming the file
    (problem ``"error"`` for a reader's own failure), never an exception."""
    src = display_name(path)
    try:
        return _read(path, src, skipped)
    except Exception as exc:  # noqa: BLE001 - one file never stops the load
        skip(skipped, src, "error", f"{src}: could not be read ({_why(exc)}); skipped, the other files were "
             "loaded. Please report this with the file.")
        return []
