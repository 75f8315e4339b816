"""Curated knowledge: word lists, lexicons and alias tables, each with a header on its source.

Every text file here starts with ``#`` comment lines saying where its entries come from;
:func:`read_lines` and :func:`read_table` are the one way the package reads them (comments
and blank lines skipped), each file read once per process.

One file is learned, not curated: ``attribution_tagger.npz``, the weights of the attribution
tagger (numpy arrays; a binary file has no header, so its note is here). It was trained by
``scripts/train_attribution_tagger.py`` on the train split of PolNeAR (Newell, Margolin and
Ruths, "An attribution relations corpus for political news", LREC 2018; research use), over
the token vectors of ``en_core_web_sm`` 3.8. It holds weights and the 6,702 most frequent
lemmas of that split, no text. See :mod:`newsanalysis.annotate.claims.tagger`.
"""

from __future__ import annotations

import csv
import functools
from importlib import resources as _resources
from pathlib import Path

__all__ = ["path", "read_lines", "read_table", "read_words"]


def path(name: str) -> Path:
    """Filesystem path of a resource file (for readers that need one, e.g. numpy)."""
    return Path(str(_resources.files(__name__).joinpath(name)))


@functools.cache
def read_lines(name: str) -> tuple[str, ...]:
    """The non-comment, non-blank lines of a resource, stripped.

    Examples
    --------
    >>> read_lines("reporting_nouns.txt")[:3]
    ('statement', 'comment', 'remark')
    """
    text = _resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    return tuple(ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#"))


@functools.cache
def read_words(name: str) -> frozenset[str]:
    """A word list: every whitespace-separated word of the non-comment lines, lower-cased.

    Examples
    --------
    >>> "minister" in read_words("titles.txt")
    True
    """
    return frozenset(w.lower() for ln in read_lines(name) for w in ln.split())


@functools.cache
def read_table(name: str, *, delimiter: str = ",") -> tuple[dict[str, str], ...]:
    """A CSV (or TSV) resource as rows of ``{column: value}``; the first non-comment line is
    the header."""
    return tuple(csv.DictReader(read_lines(name), delimiter=delimiter))
