"""Annotate: one spaCy pass per article, extractors over the parsed Doc, cached tables.

:func:`annotate` (in :mod:`.run`) plans the work, parses what the cache lacks
(:mod:`.engines`), runs the per-Doc extractors (:mod:`.extract`: sentences, entity
mentions, :mod:`.claims`, :mod:`.escalation`), writes shards (:mod:`.cache`), then the
corpus-level steps: actor resolution and linking (:mod:`.actors`).
"""

from newsanalysis.annotate.run import AnnotateWarning, annotate

__all__ = ["AnnotateWarning", "annotate"]
