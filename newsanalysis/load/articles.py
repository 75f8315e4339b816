"""Load articles from files or a DataFrame into one row per article.

``load_articles`` reads a folder or glob of ``.txt``/``.md`` (optional YAML front matter),
``.jsonl``, ``.json``, ``.csv``/``.tsv``, ``.parquet`` and saved ``.html`` pages (main text and
metadata by trafilatura), the exports researchers get (Nexis .TXT/.DOCX/.RTF, Media Cloud and
NewsAPI tables, WARC/ARC web archives), any of them gzipped, bzipped or xz-compressed
(:mod:`.files` finds the files and reads each, :mod:`.decoding` decodes them), or a DataFrame
with a column mapping. It cleans scraped text (:mod:`.cleaning`, :mod:`.furniture`, then
corpus-wide :mod:`.boilerplate`), finds each field under its common column names
(:mod:`.fields`), gives every article a stable ``article_id``, and never loses an article
silently: bad input is skipped or repaired with a message naming the file and line, recorded
in the result and raised as a :class:`LoadWarning`. Any error met in one file or one record
becomes such a message; the rest loads.
"""

from __future__ import annotations

import hashlib
import os
import re
import warnings

import pandas as pd

from newsanalysis.load.boilerplate import remove_repeated
from newsanalysis.load.cleaning import CleanedText, clean_text, detect_language
from newsanalysis.load.decoding import clean_string, decode
from newsanalysis.load.fields import (
    as_str,
    as_tags,
    date_order,
    outlet_for,
    outlet_from_url,
    parse_date,
    pick,
    rival_columns,
    text_kind,
)
from newsanalysis.load.files import SUPPORTED_SUFFIXES, find_files, read_file, records_from_frame
from newsanalysis.load.records import Record, skip
from newsanalysis.load.repair import describe_repairs
from newsanalysis.schemas import SCHEMAS, validate

__all__ = ["SUPPORTED_SUFFIXES", "LoadWarning", "article_id_for", "load_articles", "outlet_from_url"]


class LoadWarning(UserWarning):
    """Something in the input was skipped, repaired or guessed; the message names the file."""


def article_id_for(title: str, text: str) -> str:
    """Stable id: the first 16 hex digits of SHA-1 over the normalized title and text.

    Normalization lowercases and collapses whitespace, so the same article loaded twice
    (from a .txt or a .csv, with other line breaks) gets the same id.
    """
    norm = lambda s: re.sub(r"\s+", " ", (s or "")).strip().lower()
    return hashlib.sha1(f"{norm(title)}\n{norm(text)}".encode()).hexdigest()[:16]


class _NotText(ValueError):
    """A record whose text is a number, a list, a dict, a bool or binary data."""


def _clean_fields(rec: Record, problems: list[str]) -> dict:
    """The record's fields with lone surrogates and NULs repaired in every string (keys too)."""
    out = {}
    for k, v in rec.fields.items():
        if isinstance(k, str):
            k = clean_string(k, f"{rec.source} (a field name)", problems)
        where = f"{rec.source} ({k})"
        if isinstance(v, str):
            v = clean_string(v, where, problems)
        elif isinstance(v, (list, tuple)):
            v = [clean_string(x, where, problems) if isinstance(x, str) else x for x in v]
        out[k] = v
    return out


def _text_of(value, source: str, problems: list[str]) -> str:
    """The article's text: a string, or bytes decoded; anything else raises :class:`_NotText`."""
    kind = text_kind(value)
    if kind is not None:
        raise _NotText(f"{source}: its text is {kind} ({as_str(value)[:60]!r}), not a string; skipped. "
                       "An article's text must be a string.")
    if isinstance(value, bytes):
        decoded = decode(value, f"{source} (text)", problems)
        if decoded is None:
            raise _NotText(f"{source}: its text is binary data, not a string; skipped.")
        value = clean_string(decoded, f"{source} (text)", problems)
    return as_str(value)


def _build_row(rec: Record, mapping: dict[str, str | None], clean: bool, dayfirst: bool = False) -> dict:
    problems = list(rec.warnings)
    f = _clean_fields(rec, problems)
    raw_text = _text_of(pick(f, "text", mapping), rec.source, problems)
    for name, used, others in rival_columns(f, mapping):
        cols = ", ".join(repr(c) for c in [used, *others])
        problems.append(f"{rec.source}: {'two' if len(others) == 1 else len(others) + 1} columns hold the "
                        f"{name} ({cols}) with different values; {used!r} was used.")
    title = as_str(pick(f, "title", mapping))
    if clean:
        c = clean_text(raw_text, title=title or None)
    else:
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


def _remove_repeated(rows: list[dict]) -> dict:
    """:func:`.boilerplate.remove_repeated`; should it fail, the texts stay as cleaned one by one,
    each with a warning saying so."""
    try:
        return remove_repeated(rows)
    except Exception as exc:  # noqa: BLE001 - a corpus step never loses the articles
        for row in rows:
            row["warnings"].append(f"{row['source']}: the corpus-level boilerplate step failed "
                                   f"({type(exc).__name__}: {exc}); the text is as cleaned on its own.")
        return {}


_TABLE_ROW = re.compile(r":(?:row |record )?\d+$")


def _drop_tables_without_text(records: list[Record], mapping: dict, skipped: list[dict]) -> list[Record]:
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
        skip(skipped, table, "no text column",
              f"{table}: no column holds the article text, so its {n} row(s) were not loaded. Its columns: "
              f"{columns}. Name the text column: load_articles(..., text='<column>') or, on the command "
              "line, --text-col '<column>'.")
    return kept


def _warn_ambiguous_date(row: dict, rec: Record, mapping: dict, ambiguous: list[str]) -> None:
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
        records = records_from_frame(source, "DataFrame")
        for k, col in mapping.items():
            if col is not None and col not in source.columns:
                raise KeyError(f"Column {col!r} (mapped to {k!r}) is not in the DataFrame; "
                               f"columns: {list(source.columns)}")
    else:
        records = [rec for path in find_files(source, skipped) for rec in read_file(path, skipped)]

    records = _drop_tables_without_text(records, mapping, skipped)
    order, ambiguous = date_order([pick(r.fields, "published", mapping) for r in records], dayfirst=dayfirst)

    rows: list[dict] = []
    seen: dict[str, str] = {}
    for rec in records:
        try:
            row = _build_row(rec, mapping, clean, order)
        except _NotText as exc:
            skip(skipped, rec.source, "text not a string", str(exc))
            continue
        except Exception as exc:  # noqa: BLE001 - one record never stops the load
            skip(skipped, rec.source, "error", f"{rec.source}: could not be loaded ({type(exc).__name__}: "
                 f"{exc}); skipped, the other articles were loaded.")
            continue
        _warn_ambiguous_date(row, rec, mapping, ambiguous)
        if not row["text"].strip():
            removed = [x for col in ("captions", "related", "furniture") for x in row[col]]
            what = f" (only page furniture: {'; '.join(removed)[:200]!r})" if removed else ""
            skip(skipped, rec.source, "no text", f"{rec.source}: no article text after cleaning{what}; skipped.")
            continue
        if row["article_id"] in seen:
            skip(skipped, rec.source, "duplicate",
                 f"{rec.source}: same title and text as {seen[row['article_id']]}; loaded once.")
            continue
        seen[row["article_id"]] = rec.source
        rows.append(row)

    repeated = _remove_repeated(rows) if clean else {}
    for row in [r for r in rows if not r["text"].strip()]:
        skip(skipped, row["source"], "no text",
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
