"""Which column is which field: aliases, values, dates and the outlet of a URL.

Tabular input names its columns in many ways ("headline", "Article Url", "publish_date");
:func:`pick` finds each field of the articles table under a common name, in any case and
spacing, and the url under any link-like column whose value is a web address.
:func:`outlet_from_url` names the outlet of a URL (a known outlet's name from
``resources/load/outlet_domains.csv``, else the host without ``www.``).
"""

from __future__ import annotations

import datetime
import functools
import re
from typing import Any
from urllib.parse import urlparse

import numpy as np
import pandas as pd

from newsanalysis.resources import read_table

__all__ = ["FIELD_ALIASES", "as_str", "as_tags", "date_order", "missing", "outlet_for", "outlet_from_dateline", "outlet_from_url",
           "parse_date", "pick", "rival_columns", "text_kind"]

#: Column names recognised automatically for each field (first match wins).
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "full_text", "maintext", "article_text", "body_text",
             "story", "article_body", "text_body"),
    "title": ("title", "headline", "heading"),
    "published": ("published", "publish_date", "published_at", "date", "pub_date", "datetime", "timestamp", "time",
                  "publication_date", "published_date", "date_published", "publish_time", "pubdate"),
    "outlet": ("outlet", "source", "publisher", "sitename", "site_name", "site", "media", "domain",
               "source_name", "news_source", "outlet_name", "publication"),
    "url": ("url", "link", "article_url", "article_link", "article_source_link", "source_url", "source_link",
            "web_url", "page_url", "canonical_url", "permalink", "href", "uri"),
    "byline": ("byline", "author", "authors", "by"),
    "tags": ("tags", "keywords", "categories"),
    "dek": ("dek", "subtitle", "subheadline", "description", "summary"),
}


@functools.lru_cache(maxsize=4096)
def _column_key(name: Any) -> str:
    """'Article Url', 'article-url' and 'articleURL'... -> 'article_url' for alias lookup."""
    return re.sub(r"[^0-9a-z]+", "_", str(name).strip().lower()).strip("_")


#: Words in a column name that mark a link to something other than the article itself.
_NOT_ARTICLE_LINK = {"image", "img", "photo", "picture", "thumbnail", "thumb", "video", "audio", "media",
                     "icon", "logo", "pdf", "amp", "author", "feed", "rss", "comments", "share"}
_URL_VALUE = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_HOST = re.compile(r"[a-z0-9\-]{1,63}(?:\.[a-z0-9\-]{1,63}){1,10}")


def _column(fields: dict, name: str, mapping: dict[str, str | None]) -> Any:
    """The key of ``fields`` that holds field ``name`` (see :func:`pick`), or None."""
    if name in mapping and mapping[name] is not None:
        col = mapping[name]
        if col not in fields:
            raise KeyError(f"Column {col!r} (mapped to {name!r}) is not in the data; columns: {sorted(map(str, fields))}")
        return col
    keys: dict[str, Any] = {}
    for k in fields:
        keys.setdefault(_column_key(k), k)
    for alias in FIELD_ALIASES[name]:
        if alias in keys:
            return keys[alias]
    if name == "url":  # any other column named like a link whose value is a web address
        for key, k in keys.items():
            words = set(key.split("_"))
            if words & {"url", "link", "href", "uri"} and not words & _NOT_ARTICLE_LINK \
                    and isinstance(fields[k], str) and _URL_VALUE.match(fields[k].strip()):
                return k
    return None


def pick(fields: dict, name: str, mapping: dict[str, str | None]) -> Any:
    """The value of field ``name``: the mapped column, else the first alias found, else None."""
    col = _column(fields, name, mapping)
    return None if col is None else fields[col]


# "text.1": the second column named "text" of a CSV file, as pandas names it
_RENAMED_TWIN = re.compile(r"^(.+)\.\d+$")


def _rival_columns(fields: dict, name: str, mapping: dict[str, str | None]) -> tuple[Any, list]:
    col = _column(fields, name, mapping)
    if col is None or mapping.get(name) is not None:
        return col, []
    key, value = _column_key(col), as_str(fields[col])
    twins = [k for k in fields if k != col and (_column_key(k) == key or (
        (m := _RENAMED_TWIN.match(str(k))) is not None and _column_key(m.group(1)) == key))]
    return col, [k for k in twins if as_str(fields[k]) not in ("", value)]


def rival_columns(fields: dict, mapping: dict[str, str | None]) -> list[tuple[str, Any, list]]:
    """``(field, column used, other columns)`` for each field of the table held by two columns
    with different, non-empty values: one name in another case or spacing (``text`` and
    ``Text``), or a CSV header naming a column twice (pandas reads them as ``text`` and
    ``text.1``). :func:`pick` takes the first; the caller says so."""
    keys = [_column_key(k) for k in fields]
    if len(set(keys)) == len(keys) and not any(_RENAMED_TWIN.match(str(k)) for k in fields):
        return []
    out = []
    for name in FIELD_ALIASES:
        col, others = _rival_columns(fields, name, mapping)
        if others:
            out.append((name, col, others))
    return out


def missing(v: Any) -> bool:
    """None, NaN, NaT or pd.NA."""
    return v is None or (pd.api.types.is_scalar(v) and not isinstance(v, (str, bytes)) and bool(pd.isna(v)))


def as_str(v: Any) -> str:
    if missing(v):
        return ""
    if isinstance(v, bytes):
        return v.decode("utf-8", "replace").strip()
    if hasattr(v, "tolist") and not pd.api.types.is_scalar(v):  # a numpy array from Parquet
        v = v.tolist()
    if isinstance(v, (list, tuple)):
        return ", ".join(as_str(x) for x in v if not missing(x))
    return str(v).strip()


def as_tags(v: Any) -> list[str]:
    """Tags from a list, a separated string (``"a, b; c"``) or one value (``tags: 2024``)."""
    if missing(v):
        return []
    if isinstance(v, bytes):
        v = v.decode("utf-8", "replace")
    if isinstance(v, str):
        return [t.strip().lstrip("#") for t in re.split(r"[,;|]", v) if t.strip()]
    if hasattr(v, "tolist"):  # a numpy array or scalar
        v = v.tolist()
    if isinstance(v, dict):
        v = list(v.values())
    if not isinstance(v, (list, tuple, set)):
        v = [v]
    return [as_str(t) for t in v if as_str(t)]


def text_kind(v: Any) -> str | None:
    """None when ``v`` can be an article's text (a string, bytes or nothing), else what it is
    ('an int', 'a list', ...) for a message."""
    if missing(v) or isinstance(v, (str, bytes)):
        return None
    if isinstance(v, (bool, np.bool_)):
        return "a bool"
    if isinstance(v, (int, np.integer)):
        return "an int"
    if isinstance(v, (float, np.floating)):
        return "a float"
    if isinstance(v, (list, tuple, np.ndarray)):
        return "a list"
    if isinstance(v, dict):
        return "a dict"
    return f"a {type(v).__name__}"


#: Seconds since 1970 up to this magnitude; then milliseconds, microseconds, nanoseconds.
_EPOCH_UNITS = ((1e11, "s"), (1e14, "ms"), (1e17, "us"), (float("inf"), "ns"))
_PLAUSIBLE_YEAR = 1990  # a number read as an earlier date is worth a look
_DIGITS = re.compile(r"^-?\d{9,19}(?:\.\d+)?$")


def _epoch(v: float) -> pd.Timestamp:
    """A number as a date: a year (1000-2999), else Unix time in the unit its size implies
    (1709251200 and 1709251200000 are both 2024-03-01)."""
    if not np.isfinite(v):
        raise OverflowError("not a finite number")
    if float(v).is_integer() and 1000 <= v <= 2999:
        return pd.Timestamp(year=int(v), month=1, day=1, tz="UTC")
    unit = next(u for limit, u in _EPOCH_UNITS if abs(v) < limit)
    return pd.Timestamp(v, unit=unit, tz="UTC")


def parse_date(v: Any, source: str, problems: list[str], *, dayfirst: bool = False) -> pd.Timestamp:
    if dayfirst and (ts := _day_first(v)) is not None:
        return ts
    if missing(v) or (isinstance(v, str) and not v.strip()):
        problems.append(f"{source}: no publication date; 'published' is NaT (add one to use time trends).")
        return pd.NaT
    try:
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, (str, int, float, np.number, datetime.date,
                                                                  np.datetime64)):
            raise TypeError(type(v).__name__)
        if isinstance(v, (int, float, np.number)) or (isinstance(v, str) and _DIGITS.match(v.strip())):
            ts = _epoch(float(v))
            if ts.year < _PLAUSIBLE_YEAR:
                problems.append(f"{source}: the date {v!r} was read as Unix time, {ts.isoformat()}; check it.")
            return ts
        ts = pd.Timestamp(v)
        if pd.isna(ts):
            raise ValueError("empty")
        ts = ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")
        return ts
    except (ValueError, TypeError, OverflowError, pd.errors.OutOfBoundsDatetime):
        pass
    try:
        ts = pd.to_datetime(str(v), utc=True, dayfirst=False)
        if pd.isna(ts):
            raise ValueError
        return ts
    except (ValueError, TypeError, OverflowError):
        problems.append(f"{source}: could not read the date {v!r}; 'published' is NaT.")
        return pd.NaT


@functools.lru_cache(maxsize=1)
def _outlet_names() -> dict[str, str]:
    return {row["domain"].strip().lower(): row["name"].strip() for row in read_table("load/outlet_domains.csv")}


def outlet_from_url(url: str) -> str:
    """The outlet of a URL: its name when the host is a known outlet's domain or subdomain
    (``resources/load/outlet_domains.csv``), else the host without ``www.``; '' without a host.

    Examples
    --------
    >>> outlet_from_url("https://europe.chinadaily.com.cn/a/1.html"), outlet_from_url("http://www.rfa.org/x")
    ('China Daily', 'rfa.org')
    """
    url = (url or "").strip()
    if url and "://" not in url:
        url = "//" + url  # "www.bbc.co.uk/news": a host without a scheme
    try:
        host = (urlparse(url).hostname or "").lower().rstrip(".")
    except ValueError:  # a malformed address
        return ""
    host = host.removeprefix("www.")
    if not _HOST.fullmatch(host):
        return ""
    parts = host.split(".")
    names = _outlet_names()
    for i in range(len(parts) - 1):
        name = names.get(".".join(parts[i:]))
        if name:
            return name
    return host


def outlet_for(given: str, url: str) -> str:
    """The outlet column: metadata's value (a web address in it read as one), else the URL's."""
    if given and _URL_VALUE.match(given):
        return outlet_from_url(given) or given
    if given and _HOST.fullmatch(given.lower()):  # "Guardian.com": a known outlet's name, else as written
        return _outlet_names().get(given.lower().removeprefix("www."), given)
    return given or outlet_from_url(url)


# "03/01/2024", "3.1.24", "03-01-2024 10:00": day and month in an order only the writer knows
_NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})\b")


def _day_first(v: Any) -> pd.Timestamp | None:
    """A numeric date read day first ("03/01/2024" is 3 January), None for any other value."""
    if not isinstance(v, str) or not _NUMERIC_DATE.match(v):
        return None
    try:
        ts = pd.to_datetime(v.strip(), dayfirst=True, utc=True)
    except (ValueError, TypeError, OverflowError):
        return None
    return None if pd.isna(ts) else ts


def date_order(values, *, dayfirst: bool | None = None) -> tuple[bool, list[str]]:
    """How to read the numeric dates of a corpus ("03/01/2024"), and which are ambiguous.

    With ``dayfirst`` given, that order, and no date is ambiguous. Otherwise the dates tell:
    a first number above 12 ("25/01/2024") and none second ("01/25/2024") means day first;
    else month first, pandas' reading. The dates whose two numbers are both 12 or less are
    ambiguous unless the order was given or told by another date of the corpus.

    Returns
    -------
    tuple
        ``(dayfirst, ambiguous)``: the order to read with, and the ambiguous date strings.

    Examples
    --------
    >>> date_order(["03/01/2024", "25/01/2024"])
    (True, [])
    >>> date_order(["03/01/2024", "2024-05-02"])
    (False, ['03/01/2024'])
    >>> date_order(["03/01/2024"], dayfirst=True)
    (True, [])
    """
    parts = [(int(m.group(1)), int(m.group(2)), v) for v in values
             if isinstance(v, str) and (m := _NUMERIC_DATE.match(v))]
    if dayfirst is not None:
        return bool(dayfirst), []
    day_first = any(a > 12 for a, _, _ in parts)
    month_first = any(b > 12 for _, b, _ in parts)
    if day_first != month_first:  # the corpus says which
        return day_first, []
    return False, [v for a, b, v in parts if a <= 12 and b <= 12 and a != b]


@functools.lru_cache(maxsize=1)
def _agencies() -> dict[str, str]:
    return {row["mark"].strip().casefold(): row["name"].strip() for row in read_table("load/news_agencies.csv")}


# An agency mark, "(Reuters)" or "/TASS/", in a dateline, or opening a body
# whose dateline was not split off ("(Reuters) - The ...", "MOSCOW, March 3 (AP) — ...").
_MARK = re.compile(r"\(([^()]{2,40})\)|/([A-Za-z][\w .\-]{1,30})/")
_OPENING_MARK = re.compile(r"^[^\n]{0,80}?(?:\(([^()]{2,40})\)|/([A-Za-z][\w .\-]{1,30})/)\.?\s{0,3}[–—-]")


def outlet_from_dateline(dateline: str, text: str = "") -> str:
    """The news agency a dateline names ("MOSCOW, March 3 (Reuters)", "/TASS/"), or one
    that opens the text ("(AP) — ..."); '' when there is none.

    The marks are those of ``resources/load/news_agencies.csv``; several agencies in one
    mark ("(AFP, Reuters)") give the first.

    Examples
    --------
    >>> outlet_from_dateline("MOSCOW, February 7. /TASS/"), outlet_from_dateline("KYIV (AP)")
    ('TASS', 'Associated Press')
    >>> outlet_from_dateline("", "LONDON, March 3 (Reuters) - Britain said ..."), outlet_from_dateline("LONDON")
    ('Reuters', '')
    """
    found = [m.group(1) or m.group(2) for m in _MARK.finditer(dateline or "")]
    if not found:
        m = _OPENING_MARK.match(text or "")
        found = [m.group(1) or m.group(2)] if m else []
    agencies = _agencies()
    for mark in found:
        for part in re.split(r"\s*(?:,|/|\band\b)\s*", mark.strip()):
            name = agencies.get(part.strip().casefold())
            if name:
                return name
    return ""
