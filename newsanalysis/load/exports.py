"""Media Cloud and NewsAPI exports: their column and field names, and what they lack.

Both services hand researchers a table of stories rather than the articles themselves:

* **Media Cloud** (CSV from the search tool or the older Explorer, JSON from its API):
  ``stories_id``/``id``, ``media_name``, ``media_url``, ``publish_date``, ``title``,
  ``url``, ``language``, and a ``text`` only when the API was asked for it. A row without
  text is reported as such (``url only``) with its url, never loaded as an empty article.
* **NewsAPI** (the JSON response of ``/v2/everything`` or ``/v2/top-headlines``, or a CSV
  made from it): ``source.name``, ``author``, ``title``, ``description``, ``url``,
  ``publishedAt`` and ``content``, which NewsAPI cuts to about 200 characters followed by
  ``[+N chars]``; such an article is loaded with a warning that its text is cut.

:func:`export_kind` recognises an export by its field names; :func:`read_export` turns its
rows into the loader's records with the fields under the names the loader knows. It also
reads a ``.json`` file that is a plain list of articles.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pandas as pd

from newsanalysis.load.decoding import decode, display_name
from newsanalysis.load.records import Record, json_lines, parse_json, skip

__all__ = ["export_kind", "read_export"]

#: Fields only Media Cloud writes (any one is enough, with a url).
MEDIACLOUD_MARKERS = ("stories_id", "media_name", "media_url", "media_id", "indexed_date",
                      "processed_stories_id")
#: Fields only NewsAPI writes (any one is enough, with a url).
NEWSAPI_MARKERS = ("publishedAt", "urlToImage", "source.name", "source_name")
_TEXT_FIELDS = ("text", "story_text", "full_text", "content")
# "[+3412 chars]" ending the text (searched on the text without its trailing spaces: one
# pass, where a leading "\s*" would rescan every run of spaces from each of its positions)
_CUT = re.compile(r"\[\+(\d[\d,]{0,20}) chars\]$")


def export_kind(fields) -> str | None:
    """``"mediacloud"``, ``"newsapi"`` or None, from a row's field (column) names."""
    names = set(map(str, fields))
    if "url" not in names:
        return None
    if names & set(NEWSAPI_MARKERS):
        return "newsapi"
    if names & set(MEDIACLOUD_MARKERS):
        return "mediacloud"
    return None


def _rows_of_json(obj) -> list | None:
    if isinstance(obj, dict) and isinstance(obj.get("articles"), list):  # NewsAPI response
        return obj["articles"]
    if isinstance(obj, dict):
        for key in ("stories", "results", "data"):  # Media Cloud API pages
            if isinstance(obj.get(key), list):
                return obj[key]
        return [obj] if "url" in obj or "text" in obj else None
    return obj if isinstance(obj, list) else None


def _flat(row: dict) -> dict:
    """NewsAPI's nested ``source`` as ``source.name`` (the names a CSV of it has)."""
    out = dict(row)
    src = out.get("source")
    if isinstance(src, dict):
        out.pop("source")
        out.update({f"source.{k}": v for k, v in src.items()})
    return out


def _str(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value).strip()


def _text(value):
    """A text as a stripped string; any other value as it is, for the loader to report."""
    if value is None or isinstance(value, str) or (isinstance(value, float) and pd.isna(value)):
        return _str(value)
    return value


def _uncut(text: str) -> tuple[str, str | None]:
    """NewsAPI's content without its "… [+3412 chars]" ending, and the count it gives."""
    text = text.rstrip()
    cut = _CUT.search(text)
    if not cut:
        return text, None
    head = text[: cut.start()].rstrip()
    head = head.removesuffix("…") if head.endswith("…") else head.removesuffix("...")
    return head.rstrip(), cut.group(1)


def _newsapi_fields(row: dict, name: str) -> tuple[dict, list[str]]:
    warnings = []
    text = _text(row.get("content"))
    more = None
    if isinstance(text, str):
        text, more = _uncut(text)
    if more:
        warnings.append(f"{name}: NewsAPI gives only the start of the text ({more} more "
                        f"characters at {_str(row.get('url'))}); save the page and load it for the "
                        "whole article")
    fields = {
        "text": text,
        "title": _str(row.get("title")),
        "published": _str(row.get("publishedAt")) or None,
        "outlet": _str(row.get("source.name") or row.get("source_name")),
        "url": _str(row.get("url")),
        "byline": _str(row.get("author")),
        "dek": _str(row.get("description")),
    }
    return fields, warnings


def _mediacloud_fields(row: dict) -> tuple[dict, list[str]]:
    text = next((_text(row[k]) for k in _TEXT_FIELDS if _str(row.get(k))), "")
    fields = {
        "text": text,
        "title": _str(row.get("title")),
        "published": _str(row.get("publish_date")) or None,
        "outlet": _str(row.get("media_name")) or _str(row.get("media_url")),
        "url": _str(row.get("url")),
        "byline": _str(row.get("author")),
    }
    return fields, []


def _export_records(kind: str, rows: list[tuple[str, dict]], skipped: list[dict]) -> list[Record]:
    label = {"mediacloud": "Media Cloud", "newsapi": "NewsAPI"}[kind]
    records = []
    for src, raw in rows:
        try:
            row = _flat(raw)
            name = f"{src} ({_str(row.get('title'))[:60]!r})"
            fields, warnings = (_newsapi_fields(row, name) if kind == "newsapi" else _mediacloud_fields(row))
        except Exception as exc:  # noqa: BLE001 - one row never stops the file
            skip(skipped, src, "error", f"{src}: could not be read ({type(exc).__name__}: {exc}); skipped, "
                 "the other rows were read.")
            continue
        if isinstance(fields["text"], str) and not fields["text"]:
            skip(skipped, src, "url only",
                  f"{name}: this {label} row has a url but no article text "
                  f"({fields['url'] or 'and no url either'}); it was not loaded. Fetch the page "
                  "(save it as .html, or crawl it into a WARC) and load that.")
            continue
        records.append(Record(src, fields, warnings))
    return records


def _objects(pairs, skipped: list[dict]) -> list[tuple[str, dict]]:
    """Keep the ``(source, row)`` pairs whose row is a JSON object; report the others."""
    out = []
    for src, obj in pairs:
        if isinstance(obj, dict):
            out.append((src, obj))
        else:
            skip(skipped, src, "broken record", f"{src}: not a JSON object ({type(obj).__name__}); "
                  "skipped, the other records were read.")
    return out


def read_export(path: Path, data: bytes, skipped: list[dict], *, suffix: str | None = None) -> list[Record] | None:
    """Records of a Media Cloud or NewsAPI export, or of any ``.json`` list of articles.

    A ``.csv`` is recognised by its header and a ``.jsonl`` by its first line; a ``.json``
    file is always read here (a NewsAPI response, Media Cloud stories, or any list of article
    objects under the loader's usual field names). A row with a url but no text goes to
    ``skipped`` (problem ``"url only"``) with its url; every other row becomes a record whose
    source is ``<file>:row <n>`` (``:line <n>``, ``:record <n>``). ``suffix`` is the type of
    the file's content (``.jsonl`` for ``a.jsonl.gz``; default: the file's own suffix).

    Returns
    -------
    list of records, or None
        None when the file is not an export: the loader reads it as a plain table.
    """
    suffix = suffix or path.suffix.lower()
    name = display_name(path)
    problems: list[str] = []
    text = decode(data, name, problems)
    if text is None:
        return None
    if suffix == ".csv":
        records = _csv_export(name, text, skipped)
    elif suffix in (".jsonl", ".ndjson"):
        records = _jsonl_export(name, text, skipped)
    elif suffix == ".json":
        records = _json_file(name, text, skipped)
    else:
        return None
    for r in records or []:
        r.warnings = problems + r.warnings
    return records


def _csv_export(name: str, text: str, skipped: list[dict]) -> list[Record] | None:
    try:
        kind = export_kind(pd.read_csv(io.StringIO(text), nrows=0).columns)
    except Exception:  # noqa: BLE001 - pandas' ParserError, EmptyDataError, csv.Error: the loader reports the file
        return None
    if kind is None:
        return None
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    rows = [(f"{name}:row {i}", r) for i, r in enumerate(frame.to_dict(orient="records"))]
    return _export_records(kind, rows, skipped)


def _jsonl_export(name: str, text: str, skipped: list[dict]) -> list[Record] | None:
    lines = json_lines(text)
    try:
        first = json.loads(lines[0][1]) if lines else None
    except (ValueError, RecursionError):  # not an export's first line
        return None
    kind = export_kind(_flat(first)) if isinstance(first, dict) else None
    if kind is None:
        return None
    pairs = []
    for n, line in lines:
        try:
            pairs.append((f"{name}:{n}", json.loads(line)))
        except (ValueError, RecursionError) as exc:
            skip(skipped, f"{name}:{n}", "broken JSON line", f"{name}:{n}: line {n} is not valid "
                 f"JSON ({type(exc).__name__}: {exc}); the line was skipped, the other lines were loaded.")
    return _export_records(kind, _objects(pairs, skipped), skipped)


def _json_file(name: str, text: str, skipped: list[dict]) -> list[Record]:
    twice: list[str] = []
    try:
        obj = parse_json(text, twice, name)
    except (ValueError, RecursionError) as exc:
        skip(skipped, name, "broken JSON", f"{name}: not valid JSON ({type(exc).__name__}: {exc}); "
             "nothing was read.")
        return []
    items = _rows_of_json(obj)
    if items is None:
        skip(skipped, name, "unknown JSON", f"{name}: no list of articles in this JSON "
             "(expected a list, or an object with 'articles' or 'stories'); nothing was read.")
        return []
    pairs = _objects([(f"{name}:record {i}", r) for i, r in enumerate(items, start=1)], skipped)
    kind = export_kind(_flat(pairs[0][1])) if pairs else None
    if kind is not None:
        records = _export_records(kind, pairs, skipped)
    else:
        records = [Record(src, row, []) for src, row in pairs]
    for r in records:  # a key given twice somewhere in the file: said on every record
        r.warnings += twice
    return records
