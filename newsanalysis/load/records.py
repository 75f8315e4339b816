"""What every reader of :mod:`newsanalysis.load` shares: the raw record of one article,
byte decoding, the skip list, and the HTML reader that the WARC reader reuses.

The readers (:mod:`.articles` for plain files and tables, :mod:`.nexis`, :mod:`.exports`,
:mod:`.warc` for the exports researchers get) import from here, and :mod:`.articles`
imports the readers: the imports run one way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Record", "decode", "records_from_html", "skip"]


@dataclass
class Record:
    """One article as a reader found it: where it came from, its raw fields, what went wrong."""

    source: str
    fields: dict[str, Any]
    warnings: list[str]


def decode(data: bytes, source: str, problems: list[str]) -> str | None:
    """UTF-8, else cp1252, else latin-1 (with a warning); None for binary data."""
    head = data[:8192]
    if b"\x00" in head:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    for enc in ("cp1252", "latin-1"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        problems.append(f"{source}: not valid UTF-8; decoded as {enc} (check special characters).")
        return text
    return None


def records_from_html(path: Path, data: str, problems: list[str]) -> list[Record]:
    import trafilatura

    doc = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False)
    if doc is None:
        return []
    d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
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
    return [Record(str(path), fields, problems)]


def skip(skipped: list[dict], source: str, problem: str, message: str) -> None:
    skipped.append({"source": source, "problem": problem, "message": message})
