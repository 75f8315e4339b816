"""From one parsed Doc to the rows of the per-article tables.

:func:`extract_doc` runs the extractors (sentences and entity mentions here, then
:func:`~newsanalysis.annotate.claims.extract_claims` and
:func:`~newsanalysis.annotate.escalation.extract_escalation`) over a Doc. Extractors raise
on failure; this is the one place that catches, once per extractor, so a failure becomes
an :class:`ExtractionError` record naming the extractor and the error instead of stopping
the corpus, and :func:`~newsanalysis.annotate.annotate` records it in ``ann.warnings`` and
does not cache the article as if it had no rows.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass

from spacy.tokens import Doc

from newsanalysis.annotate.claims import extract_claims
from newsanalysis.annotate.claims.tagger import AttributionTagger
from newsanalysis.annotate.escalation import extract_escalation
from newsanalysis.annotate.sentences import SentenceIndex

__all__ = ["DOC_TABLES", "AnnotateWarning", "ExtractionError", "extract_doc"]

DOC_TABLES = ("sentences", "mentions", "claims", "escalation")


class AnnotateWarning(UserWarning):
    """An article could not be fully annotated; the message says which and why."""


@dataclass(frozen=True)
class ExtractionError:
    """An extractor that failed on one article: which one, and what it raised."""

    extractor: str
    error: str  # "TypeError: ..." (type and message)
    where: str  # the innermost frame of the package, "claims/cues.py:123 in content_of"

    def message(self, article_id: str) -> str:
        return (f"the {self.extractor} extractor failed on article {article_id} ({self.error}, at "
                f"{self.where}); its {self.extractor} rows are missing and it will be parsed again "
                "on the next run")


def _failure(extractor: str, exc: Exception) -> ExtractionError:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "newsanalysis" in f.filename]
    last = frames[-1] if frames else None
    where = (f"{last.filename.rsplit('newsanalysis/', 1)[-1]}:{last.lineno} in {last.name}"
             if last else "?")
    return ExtractionError(extractor, f"{type(exc).__name__}: {exc}", where)


def _mentions(doc: Doc, sents: SentenceIndex) -> list[dict]:
    return [{"sent_idx": sents.of_token(e.start), "start": e.start_char, "end": e.end_char,
             "text": e.text, "label": e.label_, "actor_id": None} for e in doc.ents]


def extract_doc(doc: Doc, article_id: str, *, tagger: AttributionTagger | None = None
                ) -> tuple[dict[str, list[dict]], list[ExtractionError]]:
    """Rows of the per-article tables for one parsed Doc, and the extractors that failed.

    ``tagger`` is the learned attribution tagger fitting the pipeline that parsed ``doc``
    (None: the claim rules alone). A failed extractor gives no rows; escalation hits need
    the claims (for their speakers), so a claims failure leaves them unlinked, not missing.

    Examples
    --------
    >>> from newsanalysis import load_nlp
    >>> rows, errors = extract_doc(load_nlp()("“We will respond,” Putin said."), "a1")
    >>> [(r["speaker"], r["kind"]) for r in rows["claims"]], errors
    ([('Putin', 'direct')], [])
    """
    sents = SentenceIndex(doc)
    rows: dict[str, list[dict]] = {"sentences": sents.rows(), "mentions": _mentions(doc, sents)}
    errors: list[ExtractionError] = []
    try:
        rows["claims"] = extract_claims(doc, article_id, sents=sents, tagger=tagger)
    except Exception as exc:  # noqa: BLE001 - the one place an extractor's failure is caught
        rows["claims"] = []
        errors.append(_failure("claims", exc))
    try:
        rows["escalation"] = extract_escalation(doc, article_id, rows["claims"], sents=sents)
    except Exception as exc:  # noqa: BLE001
        rows["escalation"] = []
        errors.append(_failure("escalation", exc))
    return rows, errors
