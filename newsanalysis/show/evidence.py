"""Evidence as a reader checks it: each sentence with its article's title, outlet, date and link.

Every explorer and table of the workbook shows the sentences behind a number through these
functions, so a sentence is never a bare ``article_id#sent_idx``: :func:`evidence_table`
gives the rows, :func:`evidence_list_html` the HTML list, the first few sentences shown and
the rest one click away (an HTML ``<details>``, which opens without a kernel too).
The link is the article's url when it has one, else the name of the file it was read from
(never the folder: a report names no path of the machine that built it).
"""

from __future__ import annotations

import html
from collections.abc import Iterable

import pandas as pd

from newsanalysis.analyse.coverage import document_name

__all__ = ["article_label", "article_meta", "evidence_list_html", "evidence_table", "source_html"]


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()


def article_meta(ann) -> dict[str, dict]:
    """article_id -> ``{"title", "outlet", "published", "url", "file"}`` of an Annotations' articles."""
    arts = getattr(ann, "articles", None)
    if not isinstance(arts, pd.DataFrame) or arts.empty:
        return {}
    cols = [c for c in ("title", "outlet", "published", "url", "source") if c in arts.columns]
    out = {}
    for row in arts[["article_id", *cols]].itertuples(index=False):
        d = row._asdict()
        file = document_name(_text(d.get("source")))
        out[d["article_id"]] = {"title": _text(d.get("title")), "outlet": _text(d.get("outlet")),
                                "published": d.get("published"), "url": _text(d.get("url")), "file": file}
    return out


def article_label(meta: dict | None, article_id: str = "", *, limit: int = 60) -> str:
    """A short name of an article for a chart or a list: its title, else its outlet and date,
    else its file name, else its id."""
    meta = meta or {}
    title = meta.get("title", "")
    if title:
        return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"
    date = meta.get("published")
    when = f"{pd.Timestamp(date):%Y-%m-%d}" if date is not None and pd.notna(date) else ""
    named = " ".join(x for x in (meta.get("outlet", ""), when) if x)
    return named or meta.get("file", "") or f"article {article_id[:8]}"


def source_html(meta: dict | None, article_id: str = "") -> str:
    """``<b>title</b> · outlet · date · link`` of one article (the link: its url, else its file)."""
    meta = meta or {}
    date = meta.get("published")
    when = f"{pd.Timestamp(date):%Y-%m-%d}" if date is not None and pd.notna(date) else "undated"
    parts = [f"<b>{html.escape(meta.get('title') or '(no title)')}</b>",
             html.escape(meta.get("outlet") or "(no outlet)"), when]
    url = meta.get("url", "")
    if url.startswith(("http://", "https://")):
        parts.append(f'<a href="{html.escape(url)}" target="_blank" rel="noopener">{html.escape(_host(url))}</a>')
    elif meta.get("file"):
        parts.append(f"file {html.escape(meta['file'])}")
    elif article_id:
        parts.append(f"article {html.escape(article_id[:8])}")
    return " · ".join(parts)


def _host(url: str) -> str:
    from urllib.parse import urlparse

    try:
        host = urlparse(url).hostname or url
    except ValueError:
        host = url
    return host.removeprefix("www.") + " ↗"


def evidence_table(ann, pairs: Iterable[tuple[str, int]]) -> pd.DataFrame:
    """The sentences behind a number, one row per ``(article_id, sent_idx)``.

    Returns
    -------
    pandas.DataFrame
        ``title, outlet, published, link, sentence, article_id, sent_idx`` (``link``: the
        url, else the file name), in the order given.
    """
    meta = article_meta(ann)
    sents = getattr(ann, "sentences", pd.DataFrame())
    text = dict(zip(zip(sents["article_id"], sents["sent_idx"].astype(int)), sents["text"])) if len(sents) else {}
    rows = []
    for aid, sidx in pairs:
        m = meta.get(aid, {})
        rows.append({"title": m.get("title", ""), "outlet": m.get("outlet", ""), "published": m.get("published"),
                     "link": m.get("url") or m.get("file", ""), "sentence": text.get((aid, int(sidx)), ""),
                     "article_id": aid, "sent_idx": int(sidx)})
    return pd.DataFrame(rows, columns=["title", "outlet", "published", "link", "sentence", "article_id", "sent_idx"])


def evidence_list_html(ann, pairs: Iterable[tuple[str, int]], *, shown: int = 3, texts: dict | None = None,
                       meta: dict | None = None) -> str:
    """The sentences behind a number as an HTML list: each with its article's title, outlet,
    date and link; the first ``shown`` open, the others behind "N more sentences".

    ``texts`` maps ``(article_id, sent_idx)`` to the HTML of a sentence (e.g. with its hits
    marked); by default the sentence's text, escaped.
    """
    pairs = list(pairs)
    meta = article_meta(ann) if meta is None else meta
    if texts is None:
        table = evidence_table(ann, pairs)
        texts = {(a, s): html.escape(t) for a, s, t in zip(table["article_id"], table["sent_idx"], table["sentence"])}
    items = [f"<li><small>{source_html(meta.get(aid), aid)} · sentence {int(sidx) + 1}</small><br>"
             f"{texts.get((aid, int(sidx)), '')}</li>" for aid, sidx in pairs]
    out = "<ul class='na-evidence'>" + "".join(items[:shown]) + "</ul>"
    if len(items) > shown:
        out += (f"<details><summary>{len(items) - shown} more sentence(s)</summary>"
                f"<ul class='na-evidence'>{''.join(items[shown:])}</ul></details>")
    return out
