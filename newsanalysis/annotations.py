"""The result of :func:`newsanalysis.annotate`: the tables, plus what happened."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from newsanalysis.schemas import SCHEMAS, validate

__all__ = ["TABLES", "WARNING_COLUMNS", "Annotations", "table_of"]

TABLES = ("articles", "sentences", "mentions", "actors", "claims", "escalation")
#: Columns of ``Annotations.warnings``: where the problem is, which article, what happened.
WARNING_COLUMNS = ("source", "article_id", "message")


def table_of(ann, name: str) -> pd.DataFrame:
    """The table ``name`` of an :class:`Annotations` (or any object with such attributes),
    or an empty DataFrame when it has none: the analyses accept partial annotations.

    Examples
    --------
    >>> table_of(object(), "claims").empty
    True
    """
    df = getattr(ann, name, None)
    return df if isinstance(df, pd.DataFrame) else pd.DataFrame()


@dataclass
class Annotations:
    """Annotated corpus: one pandas DataFrame per table of the contract (DESIGN.md).

    Attributes
    ----------
    articles, sentences, mentions, actors, claims, escalation
        The tables; offsets are character offsets into ``articles.text``.
    warnings
        One row per problem met while loading or annotating (source, article_id, message).
    meta
        Model, package and extractor versions, cache location and run statistics
        (``parsed``: articles parsed by spaCy in this run, ``cached``: read from the cache).
    """

    articles: pd.DataFrame
    sentences: pd.DataFrame
    mentions: pd.DataFrame
    actors: pd.DataFrame
    claims: pd.DataFrame
    escalation: pd.DataFrame
    warnings: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(WARNING_COLUMNS)))
    meta: dict = field(default_factory=dict)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The six tables by name."""
        return {name: getattr(self, name) for name in TABLES}

    def __repr__(self) -> str:
        counts = ", ".join(f"{name}={len(df):,}" for name, df in self.tables().items())
        return f"Annotations({counts}; warnings={len(self.warnings)})"

    def summary(self) -> pd.DataFrame:
        """Rows per table, with the table's description."""
        return pd.DataFrame(
            [{"table": n, "rows": len(df), "columns": len(df.columns),
              "one row per": (SCHEMAS[n].__doc__ or "").strip().split("\n")[0]}
             for n, df in self.tables().items()]
        )

    def sentence(self, article_id: str, sent_idx: int) -> str:
        """The text of one sentence: the evidence behind a row."""
        s = self.sentences
        hit = s[(s["article_id"] == article_id) & (s["sent_idx"] == sent_idx)]
        if hit.empty:
            raise KeyError(f"No sentence {sent_idx} in article {article_id!r}.")
        return str(hit["text"].iloc[0])

    def evidence(self, pairs) -> pd.DataFrame:
        """Sentences for a list of ``(article_id, sent_idx)`` pairs, with title, outlet, date."""
        keys = pd.DataFrame(list(pairs), columns=["article_id", "sent_idx"]).drop_duplicates()
        out = keys.merge(self.sentences[["article_id", "sent_idx", "start", "end", "text"]],
                         on=["article_id", "sent_idx"], how="left")
        meta = self.articles[["article_id", "title", "outlet", "published"]]
        return out.merge(meta, on="article_id", how="left")

    # ------------------------------------------------------------------ persistence
    def save(self, directory: str | os.PathLike) -> Path:
        """Write every table as ``<table>.parquet`` plus ``meta.json`` and ``warnings.parquet``."""
        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        for name, df in self.tables().items():
            df.to_parquet(d / f"{name}.parquet", index=False)
        self.warnings.to_parquet(d / "warnings.parquet", index=False)
        (d / "meta.json").write_text(json.dumps(self.meta, indent=2, default=str), encoding="utf-8")
        return d

    @classmethod
    def load(cls, directory: str | os.PathLike) -> Annotations:
        """Read tables written by :meth:`save` (validated against the schemas)."""
        d = Path(directory)
        missing = [n for n in TABLES if not (d / f"{n}.parquet").exists()]
        if missing:
            raise FileNotFoundError(f"{d} does not hold saved annotations: missing "
                                    f"{', '.join(m + '.parquet' for m in missing)}. Save with Annotations.save().")
        tables = {n: validate(n, pd.read_parquet(d / f"{n}.parquet")) for n in TABLES}
        warn = pd.read_parquet(d / "warnings.parquet") if (d / "warnings.parquet").exists() else None
        meta = json.loads((d / "meta.json").read_text()) if (d / "meta.json").exists() else {}
        return cls(**tables, warnings=warn if warn is not None else pd.DataFrame(
            columns=list(WARNING_COLUMNS)), meta=meta)
