"""Articles in and out, per input file: what :func:`~newsanalysis.load_articles` made of each.

Every reader names the article behind each row (``source``: the file, then ``:row n``,
``:document n``, ``:record n`` or ``:n`` for a line) and every article it could not load
(``df.attrs["skipped"]``, same naming). :func:`load_summary` tallies both per file, so a
researcher sees at once that an export of 100 documents gave 97 articles and why the other
three did not load.
"""

from __future__ import annotations

import re

import pandas as pd

__all__ = ["load_summary"]

_LOCATOR = re.compile(r"^(?P<file>.+?):(?:(?:row|document|record|line) )?\d+$")


def _file_of(source: str) -> str:
    m = _LOCATOR.match(str(source))
    return m.group("file") if m else str(source)


def load_summary(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per input file: articles found in it, loaded, not loaded, and why.

    Parameters
    ----------
    articles
        The table returned by :func:`~newsanalysis.load_articles` (its ``source`` column and
        ``attrs["skipped"]``).

    Returns
    -------
    pandas.DataFrame
        ``file, articles_in, loaded, not_loaded, problems`` (a dict problem -> count) and
        ``with_warnings`` (loaded articles that carry a warning). An entry of ``skipped`` that
        names a whole file (an unreadable file, the non-page responses of a web archive) is
        counted under ``problems`` but not as an article.

    Examples
    --------
    >>> load_summary(load_articles("exports/"))  # doctest: +SKIP
    """
    rows: dict[str, dict] = {}

    def row(file: str) -> dict:
        return rows.setdefault(file, {"file": file, "articles_in": 0, "loaded": 0, "not_loaded": 0,
                                      "problems": {}, "with_warnings": 0})

    for source, warnings in zip(articles["source"], articles["warnings"]):
        r = row(_file_of(source))
        r["loaded"] += 1
        r["with_warnings"] += int(len(warnings) > 0)
    for entry in articles.attrs.get("skipped", []):
        file = _file_of(entry["source"])
        r = row(file)
        r["problems"][entry["problem"]] = r["problems"].get(entry["problem"], 0) + 1
        if file != str(entry["source"]):  # an article of the file, not the file as a whole
            r["not_loaded"] += 1
    for r in rows.values():
        r["articles_in"] = r["loaded"] + r["not_loaded"]
    columns = ["file", "articles_in", "loaded", "not_loaded", "problems", "with_warnings"]
    return pd.DataFrame(list(rows.values()), columns=columns)
