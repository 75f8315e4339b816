"""What every reader of :mod:`newsanalysis.load` shares: the raw record of one article, the
skip list, the HTML reader that the WARC reader reuses, and JSON read line by line.

The readers (:mod:`.files` for plain files and tables, :mod:`.nexis`, :mod:`.exports`,
:mod:`.warc` for the exports researchers get) import from here and from :mod:`.decoding`;
:mod:`.files` imports the export readers and :mod:`.articles` imports :mod:`.files`: the
imports run one way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

__all__ = ["SHORT_PAGE", "Record", "json_lines", "parse_json", "records_from_html", "skip"]

#: Pages with a main text shorter than this (in words) are checked again (see records_from_html).
SHORT_PAGE = 50


@dataclass
class Record:
    """One article as a reader found it: where it came from, its raw fields, what went wrong."""

    source: str
    fields: dict[str, Any]
    warnings: list[str]


def skip(skipped: list[dict], source: str, problem: str, message: str) -> None:
    """Record an input that was not loaded (``df.attrs["skipped"]``)."""
    skipped.append({"source": source, "problem": problem, "message": message})


def _html_text(doc) -> str:
    d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    return str(d.get("text") or "")


def records_from_html(src: str, data: str, problems: list[str]) -> list[Record]:
    """The main text and metadata of a saved page (trafilatura); [] when it finds none.

    A main text under :data:`SHORT_PAGE` words is checked again in trafilatura's precision
    mode: when that finds nothing, what the first pass took was the page's navigation or
    furniture ("Home | World | Sport", a cookie notice), and the page has no article.
    """
    import trafilatura

    doc = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False)
    if doc is None:
        return []
    d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    if len(str(d.get("text") or "").split()) < SHORT_PAGE:
        precise = trafilatura.bare_extraction(data, include_comments=False, favor_precision=True)
        if precise is None or not _html_text(precise).strip():
            return []
    fields = {
        "text": d.get("text") or "",
        "title": d.get("title") or "",
        "published": d.get("date"),
        "outlet": d.get("sitename") or "",
        "url": d.get("url") or "",
        "byline": d.get("author") or "",
        "tags": d.get("tags") or d.get("categories") or [],
        "dek": d.get("description") or "",
    }
    return [Record(src, fields, problems)]


def json_lines(text: str) -> list[tuple[int, str]]:
    """``(line number, line)`` of the non-blank lines, split at ``\\n`` only: JSON escapes
    every line break it means, so U+2028, U+0085 or a form feed inside a line belong to it."""
    return [(n, line.rstrip("\r")) for n, line in enumerate(text.split("\n"), start=1) if line.strip()]


def parse_json(line: str, warnings: list[str], where: str) -> Any:
    """``json.loads`` that keeps the first of a key given twice with different values, with a
    warning naming the key."""
    def first_wins(pairs: list[tuple[str, Any]]) -> dict:
        obj: dict = {}
        for k, v in pairs:
            if k not in obj:
                obj[k] = v
            elif obj[k] != v:
                warnings.append(f"{where}: the key {k!r} is given twice with different values; the first "
                                "was used.")
        return obj

    return json.loads(line, object_pairs_hook=first_wins)
