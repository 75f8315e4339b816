"""Load articles from files or a DataFrame into one row per article.

``load_articles`` reads a folder or glob of ``.txt``/``.md`` (optional YAML front matter),
``.jsonl``, ``.json``, ``.csv``, ``.parquet`` and saved ``.html`` pages (main text and metadata
by trafilatura), the exports researchers get (Nexis .TXT/.DOCX/.RTF, Media Cloud and NewsAPI
tables, WARC/ARC web archives: :func:`_read_export` picks the reader by content), or a
DataFrame with a column mapping. It cleans scraped text (:mod:`.cleaning`, :mod:`.furniture`,
then corpus-wide :mod:`.boilerplate`), finds each field under its common column names
(:mod:`.fields`), gives every article a stable ``article_id``, and never loses an article
silently: bad input is skipped or repaired with a message naming the file, recorded in the
result and raised as a :class:`LoadWarning`.
"""

from __future__ import annotations

import glob as _glob
import hashlib
import json
import os
import re
import warnings
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import yaml

from newsanalysis.load import exports, nexis, warc
from newsanalysis.load.boilerplate import remove_repeated
from newsanalysis.load.cleaning import clean_text, detect_language
from newsanalysis.load.fields import (
    as_str,
    as_tags,
    date_order,
    outlet_for,
    outlet_from_url,
    parse_date,
    pick,
)
from newsanalysis.load.records import Record as _Record
from newsanalysis.load.records import decode as _decode
from newsanalysis.load.records import records_from_html as _records_from_html
from newsanalysis.load.records import skip as _skip
from newsanalysis.load.repair import describe_repairs
from newsanalysis.schemas import SCHEMAS, validate

__all__ = ["SUPPORTED_SUFFIXES", "LoadWarning", "article_id_for", "load_articles", "outlet_from_url"]

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".jsonl", ".ndjson", ".csv", ".parquet", ".html", ".htm",
                      ".json", ".docx", ".rtf", ".warc", ".arc", ".gz")


class LoadWarning(UserWarning):
    """Something in the input was skipped, repaired or guessed; the message names the file."""


def article_id_for(title: str, text: str) -> str:
    """Stable id: the first 16 hex digits of SHA-1 over the normalized title and text.

    Normalization lowercases and collapses whitespace, so the same article loaded twice
    (from a .txt or a .csv, with other line breaks) gets the same id.
    """
    norm = lambda s: re.sub(r"\s+", " ", (s or "")).strip().lower()
    return hashlib.sha1(f"{norm(title)}\n{norm(text)}".encode()).hexdigest()[:16]


# --------------------------------------------------------------------------- reading files


def _front_matter(text: str, source: str, problems: list[str]) -> tuple[dict, str]:
    m = re.match(r"^---[ \t]*\n(.*?)\n---[ \t]*\n?", text, re.DOTALL)
    if not m:
        return {}, text
    try:
        meta = yaml.safe_load(m.group(1)) or {}
        if not isinstance(meta, dict):
            raise ValueError("front matter is not a mapping")
    except Exception as exc:  # yaml.YAMLError, ValueError
        problems.append(f"{source}: YAML front matter could not be read ({exc}); it was kept as text.")
        return {}, text
    return meta, text[m.end() :]


def _records_from_text_file(path: Path, data: str, problems: list[str]) -> list[_Record]:
    meta, body = _front_matter(data, str(path), problems)
    fields = {k: meta[k] for k in meta}
    fields["text"] = body
    return [_Record(str(path), fields, problems)]


def _records_from_jsonl(path: Path, data: str, skipped: list[dict]) -> list[_Record]:
    out = []
    for lineno, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        src = f"{path}:{lineno}"
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise ValueError("not a JSON object")
        except ValueError as exc:
            _skip(skipped, src, "broken JSON line", f"{src}: line {lineno} is not valid JSON ({exc}); "
                  "the line was skipped, the other lines were loaded. Fix or remove that line.")
            continue
        out.append(_Record(src, obj, []))
    return out


def _records_from_frame(df: pd.DataFrame, source: str) -> list[_Record]:
    return [
        _Record(f"{source}:row {i}", {k: v for k, v in row.items()}, [])
        for i, row in enumerate(df.to_dict(orient="records"))
    ]


def _expand(source: str | os.PathLike | Iterable) -> list[Path]:
    if isinstance(source, (list, tuple)):
        paths: list[Path] = []
        for s in source:
            paths.extend(_expand(s))
        return paths
    s = str(source)
    p = Path(s).expanduser()
    if p.is_dir():
        files = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES
                       and not any(part.startswith(".") for part in f.relative_to(p).parts))
        return files
    if p.is_file():
        return [p]
    if any(ch in s for ch in "*?["):
        return sorted(Path(f) for f in _glob.glob(os.path.expanduser(s), recursive=True) if Path(f).is_file())
    raise FileNotFoundError(
        f"No such file or folder: {s!r}. Pass a folder of articles, a file "
        f"({', '.join(SUPPORTED_SUFFIXES)}), a glob such as 'news/*.txt', or a DataFrame."
    )


def _read_export(path: Path, data: bytes, skipped: list[dict]) -> list[_Record] | None:
    """The exports researchers get, chosen by content: Nexis (.TXT, .DOCX, .RTF), Media Cloud
    and NewsAPI (.csv, .json, .jsonl), web archives (WARC/ARC). None for any other file, which
    the readers of :func:`_read_path` take."""
    suffix = path.suffix.lower()
    if warc.is_warc(data):
        return warc.read_warc(path, data, skipped)
    if suffix in nexis.NEXIS_SUFFIXES or data[:4] == b"PK\x03\x04" or data.lstrip()[:5] == b"{\\rtf":
        return nexis.read_nexis(path, data, skipped)
    if suffix in (".csv", ".json", ".jsonl", ".ndjson"):
        return exports.read_export(path, data, skipped)
    if suffix in (".txt", ".md", ".markdown"):
        text = _decode(data, str(path), [])
        if text is not None and nexis.nexis_layout(text) is not None:
            return nexis.read_nexis(path, data, skipped)
    return None


def _read_path(path: Path, skipped: list[dict]) -> list[_Record]:
    suffix = path.suffix.lower()
    src = str(path)
    if suffix not in SUPPORTED_SUFFIXES:
        _skip(skipped, src, "unsupported file type",
              f"{src}: {suffix or 'no extension'} is not a supported type ({', '.join(SUPPORTED_SUFFIXES)}).")
        return []
    if suffix == ".parquet":
        try:
            return _records_from_frame(pd.read_parquet(path), src)
        except Exception as exc:  # pyarrow raises several types
            _skip(skipped, src, "unreadable parquet", f"{src}: could not read Parquet ({exc}).")
            return []
    data = path.read_bytes()
    if not data.strip():
        _skip(skipped, src, "empty file", f"{src}: the file is empty; nothing to load.")
        return []
    exported = _read_export(path, data, skipped)
    if exported is not None:
        return exported
    problems: list[str] = []
    text = _decode(data, src, problems)
    if text is None:
        _skip(skipped, src, "binary file",
              f"{src}: looks like a binary file, not text; skipped. Convert it to .txt or .html first.")
        return []
    if suffix in (".jsonl", ".ndjson"):
        recs = _records_from_jsonl(path, text, skipped)
    elif suffix == ".csv":
        import io

        try:
            recs = _records_from_frame(pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False), src)
        except Exception as exc:  # pandas.errors.ParserError and friends
            _skip(skipped, src, "unreadable CSV", f"{src}: could not parse CSV ({exc}).")
            return []
    elif suffix in (".html", ".htm"):
        recs = _records_from_html(path, text, problems)
        if not recs:
            _skip(skipped, src, "no main text", f"{src}: trafilatura found no article text in this page.")
    else:
        recs = _records_from_text_file(path, text, problems)
    for r in recs:
        r.warnings = problems + r.warnings
    return recs


def _build_row(rec: _Record, mapping: dict[str, str | None], clean: bool, dayfirst: bool = False) -> dict | None:
    f = rec.fields
    problems = list(rec.warnings)
    raw_text = as_str(pick(f, "text", mapping))
    title = as_str(pick(f, "title", mapping))
    if clean:
        c = clean_text(raw_text, title=title or None)
    else:
        from newsanalysis.load.cleaning import CleanedText

        c = CleanedText(text=raw_text.strip(), title=title)
    if c.repairs:
        problems.append(f"{rec.source}: repaired {describe_repairs(c.repairs)} left by a broken "
                        "encoding upstream (see newsanalysis.load.repair).")
    url = as_str(pick(f, "url", mapping))
    outlet = outlet_for(as_str(pick(f, "outlet", mapping)), url)
    published = parse_date(pick(f, "published", mapping), rec.source, problems, dayfirst=dayfirst)
    language = detect_language(c.text)
    if language != "en":
        problems.append(f"{rec.source}: does not look like English; it is kept but not annotated.")
    tags = as_tags(pick(f, "tags", mapping)) + [t for t in c.tags]
    return {
        "article_id": article_id_for(c.title, c.text),
        "title": c.title,
        "text": c.text,
        "published": published,
        "outlet": outlet,
        "url": url,
        "byline": as_str(pick(f, "byline", mapping)) or c.byline,
        "dateline": c.dateline or as_str(f.get("dateline")),
        "tags": list(dict.fromkeys(tags)),
        "n_words": len(c.text.split()),
        "dek": as_str(pick(f, "dek", mapping)) or c.dek,
        "editor": c.editor,
        "captions": c.captions,
        "related": c.related,
        "appendix": c.appendix,
        "furniture": c.furniture,
        "language": language,
        "section": as_str(f.get("section")),
        "edition": as_str(f.get("edition")),
        "length": as_str(f.get("length")),
        "source": rec.source,
        "warnings": problems,
    }


_TABLE_ROW = re.compile(r":(?:row |record )?\d+$")


def _drop_tables_without_text(records: list[_Record], mapping: dict, skipped: list[dict]) -> list[_Record]:
    """The records that have a text field; those of a table with no text column are reported
    once per table, naming the columns it has and how to name the text column."""
    kept, missing = [], {}
    for rec in records:
        row = _TABLE_ROW.search(rec.source)  # a row of a CSV, Parquet, JSON or DataFrame table
        if row is None or "text" in rec.fields or pick(rec.fields, "text", mapping) is not None:
            kept.append(rec)
        else:
            missing.setdefault(rec.source[:row.start()], [rec, 0])[1] += 1
    for table, (rec, n) in missing.items():
        columns = ", ".join(repr(str(c)) for c in rec.fields)
        _skip(skipped, table, "no text column",
              f"{table}: no column holds the article text, so its {n} row(s) were not loaded. Its columns: "
              f"{columns}. Name the text column: load_articles(..., text='<column>') or, on the command "
              "line, --text-col '<column>'.")
    return kept


def _warn_ambiguous_date(row: dict, rec: _Record, mapping: dict, ambiguous: list[str]) -> None:
    if not ambiguous or not isinstance(value := pick(rec.fields, "published", mapping), str) or value not in ambiguous:
        return
    ts = row["published"]
    read = f"{ts.day} {ts:%B %Y}" if pd.notna(ts) else "no date"
    row["warnings"].append(f"{rec.source}: the date {value!r} could be day first or month first; read month "
                           f"first ({read}). Pass dayfirst=True (command line: --dayfirst) to read day first.")


def load_articles(
    source: str | os.PathLike | pd.DataFrame | list,
    *,
    text: str | None = None,
    title: str | None = None,
    published: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    byline: str | None = None,
    tags: str | None = None,
    dek: str | None = None,
    clean: bool = True,
    dayfirst: bool | None = None,
    warn: bool = True,
) -> pd.DataFrame:
    """Load articles into one row per article (the ``articles`` table).

    Parameters
    ----------
    source
        A folder (searched recursively), a file, a glob (``"news/**/*.txt"``), a list of
        those, or a DataFrame.
    text, title, published, outlet, url, byline, tags, dek
        Column mapping for tabular input: the name of the column holding each field. Common
        names are recognised without a mapping, in any case and spacing (``body``,
        ``headline``, ``date``, ``publish_date``, ``Article Url``, ``link``, ``subtitle``,
        ...), and any other column named like a link whose value is a web address is the
        ``url``. Without an outlet, ``outlet`` is the URL's outlet: a known outlet's name
        (``resources/load/outlet_domains.csv``), else its host without ``www.``.
    clean
        Repair mangled punctuation (:mod:`~newsanalysis.load.repair`, with a warning) and
        separate headline, dek, dateline, captions, related-stories blocks and "Read more"
        links, editor lines, hashtags, appendices and page furniture (promos, share lines,
        credits, timestamps; :mod:`~newsanalysis.load.cleaning`,
        :mod:`~newsanalysis.load.furniture`) from the body; then, across the corpus, move
        the sentences each outlet repeats at paragraph edges into ``furniture``
        (:mod:`~newsanalysis.load.boilerplate`; what was found is in
        ``df.attrs["repeated_furniture"]``).
    dayfirst
        How to read numeric dates such as ``03/01/2024``: ``True`` day first (3 January),
        ``False`` month first (1 March), ``None`` (default) as the corpus tells (a date like
        ``25/01/2024`` means day first), else month first with a warning on each article
        whose date could be read both ways.
    warn
        Emit a :class:`LoadWarning` for every skipped input and a summary of per-article
        warnings. They are recorded in the result either way.

    Returns
    -------
    pandas.DataFrame
        Validated against :class:`~newsanalysis.schemas.ArticleSchema`, in input order.
        ``df.attrs["skipped"]`` lists what was not loaded (empty, binary or broken input,
        duplicates, a table without a text column, named with the columns it has) with a
        message each; per-article warnings are in the ``warnings`` column.
        ``article_id`` hashes the text as cleaned article by article, before the corpus-level
        step, so an article keeps its id when other articles join the corpus.

    Examples
    --------
    >>> articles = load_articles("data/sample")
    >>> articles[["published", "title", "n_words"]].shape[0]
    2
    """
    mapping = {"text": text, "title": title, "published": published, "outlet": outlet,
               "url": url, "byline": byline, "tags": tags, "dek": dek}
    skipped: list[dict] = []
    if isinstance(source, pd.DataFrame):
        records = _records_from_frame(source, "DataFrame")
        for k, col in mapping.items():
            if col is not None and col not in source.columns:
                raise KeyError(f"Column {col!r} (mapped to {k!r}) is not in the DataFrame; "
                               f"columns: {list(source.columns)}")
    else:
        records = []
        for path in _expand(source):
            records.extend(_read_path(path, skipped))

    records = _drop_tables_without_text(records, mapping, skipped)
    order, ambiguous = date_order([pick(r.fields, "published", mapping) for r in records], dayfirst=dayfirst)
    rows: list[dict] = []
    seen: dict[str, str] = {}
    for rec in records:
        row = _build_row(rec, mapping, clean, order)
        _warn_ambiguous_date(row, rec, mapping, ambiguous)
        if not row["text"].strip():
            removed = [x for col in ("captions", "related", "furniture") for x in row[col]]
            what = f" (only page furniture: {'; '.join(removed)[:200]!r})" if removed else ""
            _skip(skipped, rec.source, "no text", f"{rec.source}: no article text after cleaning{what}; skipped.")
            continue
        if row["article_id"] in seen:
            _skip(skipped, rec.source, "duplicate",
                  f"{rec.source}: same title and text as {seen[row['article_id']]}; loaded once.")
            continue
        seen[row["article_id"]] = rec.source
        rows.append(row)

    repeated = remove_repeated(rows) if clean else {}
    for row in [r for r in rows if not r["text"].strip()]:
        _skip(skipped, row["source"], "no text",
              f"{row['source']}: its text is only page furniture its outlet repeats across its articles "
              f"({'; '.join(row['furniture'])[:200]!r}); skipped.")
    rows = [r for r in rows if r["text"].strip()]

    columns = list(SCHEMAS["articles"].to_schema().columns)
    df = pd.DataFrame(rows, columns=columns)
    if df.empty:
        df = df.astype({"n_words": "int64"})
    df["published"] = pd.to_datetime(df["published"], utc=True)
    df = validate("articles", df).reset_index(drop=True)
    df.attrs["skipped"] = skipped
    df.attrs["repeated_furniture"] = repeated
    if warn:
        for s in skipped[:5]:
            warnings.warn(s["message"], LoadWarning, stacklevel=2)
        if len(skipped) > 5:
            counts = pd.Series([s["problem"] for s in skipped]).value_counts().to_dict()
            warnings.warn(f"{len(skipped)} inputs were not loaded ({counts}); the list with a message "
                          "for each is in df.attrs['skipped'].", LoadWarning, stacklevel=2)
        n_warned = int(df["warnings"].map(len).gt(0).sum())
        if n_warned:
            first = next(w for ws in df["warnings"] for w in ws)
            warnings.warn(f"{n_warned} of {len(df)} articles loaded with warnings (see the 'warnings' "
                          f"column), e.g. {first}", LoadWarning, stacklevel=2)
    return df
