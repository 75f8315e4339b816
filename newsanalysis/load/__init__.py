"""Load: files, exports or a DataFrame in, one cleaned row per article out.

:func:`load_articles` reads a folder, glob, file or DataFrame (:mod:`.articles`), cleaning
scraped text on the way (:mod:`.cleaning`). The exports researchers get have their own
readers, chosen by content: Nexis (:mod:`.nexis`), Media Cloud and NewsAPI (:mod:`.exports`),
web archives (:mod:`.warc`); :func:`~.summary.load_summary` counts articles in and out per
file. :mod:`.datasets` fetches the public corpora the notebooks use.
"""

from newsanalysis.load.articles import LoadWarning, article_id_for, load_articles

__all__ = ["LoadWarning", "article_id_for", "load_articles"]
