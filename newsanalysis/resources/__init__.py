"""Curated knowledge: word lists, lexicons and alias tables, each with a header on its source.

One file is learned, not curated: ``attribution_tagger.npz``, the weights of the attribution
tagger (numpy arrays; a binary file has no header, so its note is here). It was trained by
``scripts/train_attribution_tagger.py`` on the train split of PolNeAR (Newell, Margolin and
Ruths, "An attribution relations corpus for political news", LREC 2018; research use), over
the token vectors of ``en_core_web_sm`` 3.8. It holds weights and the 6,702 most frequent
lemmas of that split, no text. See :mod:`newsanalysis.attribution_tagger`.
"""
