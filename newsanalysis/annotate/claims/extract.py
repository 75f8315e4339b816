"""The claims extractor: from one parsed Doc to the rows of the ``claims`` table.

:func:`~newsanalysis.annotate.claims.cues.find_attributions` finds the attributions (cue,
source, content); :func:`~newsanalysis.annotate.claims.sourcing.resolve` gives each its
speaker, chain, anonymity and status; :func:`~newsanalysis.annotate.claims.sourcing.rows`
makes the table rows. Nothing here catches exceptions: a failure reaches
:func:`~newsanalysis.annotate.extract.extract_doc`, which records it.
"""

from __future__ import annotations

from spacy.tokens import Doc

from newsanalysis.annotate.claims.cues import find_attributions
from newsanalysis.annotate.claims.sourcing import resolve, rows
from newsanalysis.annotate.claims.tagger import AttributionTagger
from newsanalysis.annotate.sentences import SentenceIndex

__all__ = ["extract_claims"]


def extract_claims(doc: Doc, article_id: str, *, sents: SentenceIndex | None = None,
                   tagger: AttributionTagger | None = None) -> list[dict]:
    """One dict per attributed statement in ``doc``, in text order.

    Parameters
    ----------
    doc
        A Doc parsed by the trained pipeline (``load_nlp()``); offsets are into ``doc.text``.
    article_id
        Used for ``claim_id = f"{article_id}:c{n:03d}"`` (n counts from 0 in text order).
    sents
        The article's :class:`~newsanalysis.spans.SentenceIndex` (built when omitted).
    tagger
        The learned attribution tagger for the pipeline that parsed ``doc``
        (:func:`~newsanalysis.attribution_tagger.tagger_for`); None: the rules alone.

    Returns
    -------
    list of dict
        The columns of :class:`~newsanalysis.schemas.ClaimSchema`; ``speaker_actor_id``
        is None (``annotate`` fills it).

    Examples
    --------
    >>> doc = load_nlp()("“We will win,” Kim said.")          # doctest: +SKIP
    >>> extract_claims(doc, "a1")[0]["speaker"]                # doctest: +SKIP
    'Kim'
    """
    sents = sents if sents is not None else SentenceIndex(doc)
    atts = find_attributions(doc, sents=sents, tagger=tagger)
    resolve(doc, atts, sents)
    return rows(doc, article_id, atts, sents)
