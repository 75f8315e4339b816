"""What a corpus left out, and why: the exclusions and warnings a reader must be told.

* :func:`left_out` -- the articles an analysis cannot use, counted by reason (not loaded,
  not English, too long for the model, and no publication date when the analysis needs dates).
* :func:`warning_summary` -- every warning of a load and an annotation as one short table,
  one row per kind of problem, with a count and an example document named by its title or
  file name (never a path of the machine that built it); the full list stays in
  ``ann.warnings``.
* :func:`left_out_note` -- the one sentence a figure or an explorer shows.

Pure functions over the tables (``ann.articles``, ``ann.warnings``, ``articles.attrs``).
"""

from __future__ import annotations

import re
from pathlib import PurePath

import pandas as pd

__all__ = ["PROBLEMS", "document_name", "left_out", "left_out_note", "problem_of", "warning_summary"]

#: Kinds of problem, told apart by what the message says (first match wins).
PROBLEMS: tuple[tuple[str, str], ...] = (
    (r"no publication date", "no publication date"),
    (r"could not read the date", "date not readable"),
    (r"could be day first or month first", "ambiguous date, read month first"),
    (r"read as Unix time", "number read as a date"),
    (r"does not look like English", "not English: kept, not annotated"),
    (r"max_length|characters, over the model", "too long: not annotated"),
    (r"no column holds the article text", "no text column"),
    (r"repaired .* broken\s+encoding|left by a broken", "punctuation repaired"),
    (r"not valid UTF-8", "not UTF-8: decoded"),
    (r"is not a supported type", "unsupported file type"),
    (r"the file is empty", "empty file"),
    (r"binary file", "binary file"),
    (r"not valid JSON", "broken JSON"),
    (r"same title and text", "duplicate: loaded once"),
    (r"no article text|only page furniture", "no article text"),
    (r"extractor .* failed|failed on", "extractor failed"),
)
_PATHLIKE = re.compile(r"(?:[A-Za-z]:)?(?:[\w.\-~]*[/\\])+[\w.\-]+")


def problem_of(message: str) -> str:
    """The kind of problem a warning message names (:data:`PROBLEMS`), else its first clause.

    Examples
    --------
    >>> problem_of("/home/me/news/a.txt: no publication date; 'published' is NaT.")
    'no publication date'
    >>> problem_of("x.csv:row 3: something new happened; details")
    'something new happened'
    """
    text = str(message)
    for pattern, name in PROBLEMS:
        if re.search(pattern, text):
            return name
    body = text.split(": ", 1)[1] if ": " in text[:300] else text
    body = re.split(r"[;(]", body)[0]
    return _PATHLIKE.sub("…", body).strip(" .")[:80] or "other"


def document_name(source: str, title: str = "") -> str:
    """An article named for a reader: its title, else its file name (no folders) and place.

    Examples
    --------
    >>> document_name("/home/me/news/export.csv:row 3"), document_name("/home/me/a.txt", "Talks resume")
    ('export.csv (row 3)', 'Talks resume')
    """
    if title:
        return title if len(title) <= 70 else title[:69].rstrip() + "…"
    source = str(source or "")
    head, sep, place = source.rpartition(":")
    if sep and re.fullmatch(r"(?:row |record |document )?\d+", place):
        return f"{PurePath(head).name or head} ({place})"
    return PurePath(source).name or source


def _rows(ann_or_articles) -> pd.DataFrame:
    """Every warning as (problem, article_id, document), from an Annotations or an articles table."""
    arts = getattr(ann_or_articles, "articles", ann_or_articles)
    titles = dict(zip(arts["article_id"], arts["title"].fillna(""))) if len(arts) else {}
    warned = getattr(ann_or_articles, "warnings", None)
    if isinstance(warned, pd.DataFrame):
        records = warned.to_dict("records")
    else:
        records = [{"source": s["source"], "article_id": None, "message": s["message"]}
                   for s in arts.attrs.get("skipped", [])]
        records += [{"source": src, "article_id": aid, "message": w}
                    for aid, src, ws in zip(arts["article_id"], arts["source"], arts["warnings"]) for w in ws]
    rows = [{"problem": problem_of(r["message"]), "article_id": r.get("article_id"),
             "document": document_name(r.get("source", ""), titles.get(r.get("article_id"), ""))}
            for r in records]
    return pd.DataFrame(rows, columns=["problem", "article_id", "document"])


def warning_summary(ann_or_articles, *, examples: int = 1) -> pd.DataFrame:
    """Every warning as one short table: one row per kind of problem.

    Parameters
    ----------
    ann_or_articles
        :class:`~newsanalysis.annotations.Annotations` (its ``warnings``) or an articles table
        from :func:`~newsanalysis.load_articles` (its ``warnings`` column and the inputs it
        did not load, ``attrs["skipped"]``).
    examples
        How many documents to name per problem.

    Returns
    -------
    pandas.DataFrame
        ``problem, warnings, e.g.``: the kind of problem (:func:`problem_of`), how many
        warnings of that kind, and the first documents it concerns, named by their title or
        file name. Most frequent first; empty (with those columns) when nothing went wrong.

    Examples
    --------
    >>> import pandas as pd
    >>> arts = pd.DataFrame({"article_id": ["a1"], "title": ["Talks resume"], "source": ["/tmp/x/a.txt"],
    ...                      "warnings": [["/tmp/x/a.txt: no publication date; 'published' is NaT."]]})
    >>> warning_summary(arts).to_dict("records")
    [{'problem': 'no publication date', 'warnings': 1, 'e.g.': 'Talks resume'}]
    """
    rows = _rows(ann_or_articles)
    if rows.empty:
        return pd.DataFrame(columns=["problem", "warnings", "e.g."])
    out = pd.DataFrame([
        {"problem": problem, "warnings": len(g), "e.g.": "; ".join(list(dict.fromkeys(g["document"]))[:examples])}
        for problem, g in rows.groupby("problem", sort=False)])
    return out.sort_values(["warnings", "problem"], ascending=[False, True], kind="stable").reset_index(drop=True)


def left_out(ann, *, dates: bool = False) -> pd.DataFrame:
    """The articles an analysis cannot use, counted by reason.

    Parameters
    ----------
    ann
        Annotations (or an object with an ``articles`` table and, optionally, ``warnings``).
    dates
        The analysis needs a publication date (a trend, a date range): count the undated
        articles too.

    Returns
    -------
    pandas.DataFrame
        ``reason, articles``: "not loaded: <problem>" for the inputs the loader skipped (from
        the warnings without an article), "not English (not annotated)", "too long (not
        annotated)", and with ``dates`` "no publication date". Only reasons that occur.

    Examples
    --------
    >>> import pandas as pd
    >>> from types import SimpleNamespace
    >>> arts = pd.DataFrame({"article_id": ["a", "b"], "language": ["en", "en"],
    ...                      "published": [pd.Timestamp("2024-11-17", tz="UTC"), pd.NaT]})
    >>> left_out(SimpleNamespace(articles=arts), dates=True).to_dict("records")
    [{'reason': 'no publication date', 'articles': 1}]
    """
    arts = getattr(ann, "articles", pd.DataFrame())
    counts: dict[str, int] = {}
    warned = getattr(ann, "warnings", None)
    if isinstance(warned, pd.DataFrame) and len(warned):
        for msg, aid in zip(warned["message"], warned["article_id"]):
            problem = problem_of(msg)
            if aid is None or (isinstance(aid, float) and pd.isna(aid)):
                if problem != "duplicate: loaded once":
                    counts[f"not loaded: {problem}"] = counts.get(f"not loaded: {problem}", 0) + 1
            elif problem == "too long: not annotated":
                counts["too long (not annotated)"] = counts.get("too long (not annotated)", 0) + 1
    if len(arts) and "language" in arts.columns:
        n = int((arts["language"].fillna("") != "en").sum())
        if n:
            counts["not English (not annotated)"] = n
    if dates and len(arts) and "published" in arts.columns:
        n = int(arts["published"].isna().sum())
        if n:
            counts["no publication date"] = n
    return pd.DataFrame({"reason": list(counts), "articles": list(counts.values())},
                        columns=["reason", "articles"])


def left_out_note(ann, *, dates: bool = False, what: str = "") -> str:
    """One sentence for a figure or an explorer: "2 of 5 articles left out: 2 no publication
    date."; '' when none is.

    ``what`` ends the sentence with what they are left out of ("of the trend").
    """
    table = left_out(ann, dates=dates)
    if table.empty:
        return ""
    arts = getattr(ann, "articles", pd.DataFrame())
    loaded = table[~table["reason"].str.startswith("not loaded")]["articles"].sum()
    skipped = table[table["reason"].str.startswith("not loaded")]["articles"].sum()
    reasons = ", ".join(f"{n} {r}" for r, n in zip(table["reason"], table["articles"]))
    head = (f"{loaded} of {len(arts)} articles left out{(' ' + what) if what else ''}" if loaded
            else f"{skipped} input(s) not loaded")
    return f"{head}: {reasons}."
