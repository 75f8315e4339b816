"""Escalation language: a graded lexicon grounded in CAMEO and Goldstein, matched on the parse.

The lexicon (``resources/escalation_lexicon.tsv``) holds lemma-based spaCy patterns, each
placed on a rung of the ladder below, with the CAMEO root code of the event type it reports
and the Goldstein (1992) weight of that root as published in GDELT's CAMEO lookup.
:func:`extract_escalation` finds every entry in a parsed Doc and gives each hit:

* ``negated`` and ``conditional``, read off the dependency parse by
  :func:`~newsanalysis.annotate.hit_context.hit_context` ("will not escalate", "could
  escalate"; with the scope rules documented there). A negated escalatory hit is
  *neutralised*: :func:`newsanalysis.analyse.trends.escalation_trend` leaves it out of the
  counts (the row stays in the table with its evidence). A ``not`` inside the entry itself
  ("not sit idly by") belongs to the idiom and does not negate it.
* ``usage``, what the sentence does with the words (event, threat, statement, reference,
  history, name, definition), by :func:`~newsanalysis.annotate.usage.hit_usage`, and
  ``dated``, the date its clause gives it (:mod:`newsanalysis.annotate.dates`), which
  annotate's corpus step compares with the publication date.
* the claim whose content holds it, so a trend can be split by who speaks.

A hit of a *generic* entry (words with senses far from wars and diplomacy: "condemn",
"attack", "resume talks", "escalate") is kept only with a conflict cue nearby
(:func:`~newsanalysis.annotate.domain.in_conflict_domain`); without one it is left out, as a
blocker leaves a phrase out.

The ladder itself, its CAMEO/Goldstein crosswalk and the lexicon and cue readers are in
:mod:`newsanalysis.annotate.ladder`.
"""

from __future__ import annotations

import pandas as pd
from spacy.tokens import Doc

from newsanalysis.annotate.domain import generic_entries, in_conflict_domain
from newsanalysis.annotate.hit_context import hit_context
from newsanalysis.annotate.knowledge import active
from newsanalysis.annotate.ladder import BLOCKER, _CompiledLexicon, get_matcher
from newsanalysis.annotate.sentences import SentenceIndex
from newsanalysis.annotate.usage import hit_usage

__all__ = ["extract_escalation", "hit_context"]


def _find_matches(doc: Doc, compiled: _CompiledLexicon, sents: SentenceIndex) -> set[tuple[int, int, int]]:
    """(match id, start, end) of every pattern in ``doc``, matched sentence by sentence."""
    from spacy.attrs import LEMMA, LOWER

    arr = doc.to_array([LEMMA, LOWER])
    lemma_keys, lower_keys = compiled.lemma_keys, compiled.lower_keys
    wanted: dict[int, set[str]] = {}
    for i, (lem, low) in enumerate(arr.tolist()):
        by_lemma, by_lower = lemma_keys.get(lem), lower_keys.get(low)
        if by_lemma is not None or by_lower is not None:
            groups = wanted.setdefault(sents.of_token(i), set())
            groups.update(g for g in (by_lemma, by_lower) if g is not None)
    found: set[tuple[int, int, int]] = set()
    for sent_idx, groups in wanted.items():
        span = sents.spans[sent_idx]
        for group in sorted(groups):
            for match_id, start, end in compiled.groups[group](span):
                found.add((match_id, span.start + start, span.start + end))
    return found


# --- extraction -------------------------------------------------------------------------------

def _claim_for(start: int, end: int, claims: list[dict]) -> dict | None:
    best = None
    for claim in claims:
        cs, ce = claim.get("content_start"), claim.get("content_end")
        if cs is None or ce is None or pd.isna(cs) or pd.isna(ce):
            continue
        inside = int(cs) <= start and end <= int(ce)
        if inside and (best is None or int(ce) - int(cs) < best[1] - best[0]):
            best = (int(cs), int(ce), claim)
    return best[2] if best else None


def extract_escalation(
    doc: Doc, article_id: str, claims: list[dict], *, sents: SentenceIndex | None = None
) -> list[dict]:
    """One dict per escalation-language hit in ``doc`` (EscalationSchema columns).

    Overlapping matches are resolved longest first (on a tie: a blocker, then the higher rung,
    then the earlier), so "serious escalation" wins over "escalation" and "World War II" (a
    blocker) hides "war". Matching stays within a sentence.

    Parameters
    ----------
    doc
        A Doc parsed by the trained pipeline (lemmas, parts of speech and dependencies).
    article_id
        Written into every row.
    claims
        Claim dicts of the same Doc (``claim_id``, ``content_start``, ``content_end``,
        ``speaker_actor_id``, ...). A hit inside a claim's content gets that ``claim_id``
        and ``speaker_actor_id`` (the innermost claim when they nest).
    sents
        The Doc's :class:`~newsanalysis.annotate.sentences.SentenceIndex`, when the caller has it.

    Returns
    -------
    list of dict
        article_id, sent_idx, start, end, term, category, rung, cameo, goldstein, polarity,
        negated, conditional, usage, dated, claim_id, speaker_actor_id, nuclear; sorted by
        start.

    Examples
    --------
    >>> from newsanalysis.annotate.nlp import load_nlp
    >>> doc = load_nlp()("Russia warned that US missile strikes on its territory could cross a red line.")
    >>> [(h["term"], h["rung"], h["conditional"], h["usage"]) for h in extract_escalation(doc, "a1", [])]
    [('cross the red line', 3, True, 'threat')]
    """
    if len(doc) == 0:
        return []
    user = active()
    compiled = get_matcher(doc.vocab, lexicon=user.lexicon if user is not None else None)
    sents = sents if sents is not None else SentenceIndex(doc)
    matches = _find_matches(doc, compiled, sents)
    if not matches:
        return []
    candidates = []
    for key, start, end in matches:
        idx = compiled.key_index[key]
        entry = compiled.entries[idx]
        if entry["category"] != BLOCKER:  # trim punctuation and possessive markers at the edges
            while end - start > 1 and doc[end - 1].is_punct:
                end -= 1
            while end - start > 1 and (doc[start].is_punct or doc[start].dep_ == "case"):
                start += 1
        blocker = entry["category"] == BLOCKER
        candidates.append((-(end - start), not blocker, -entry["rung"], start, idx, end))
    candidates.sort()  # longest first; on a tie a blocker, then the higher rung, then the earlier
    taken = [False] * len(doc)
    chosen = []
    for _neg_len, _not_blocker, _neg_rung, start, idx, end in candidates:
        if any(taken[start:end]):
            continue
        for i in range(start, end):
            taken[i] = True
        chosen.append((start, end, idx))
    chosen.sort()
    generic = generic_entries()
    strong = [sents.of_token(start) for start, _end, idx in chosen
              if compiled.entries[idx]["category"] != BLOCKER and compiled.entries[idx]["term"].lower() not in generic]
    rows = []
    for start, end, idx in chosen:
        entry = compiled.entries[idx]
        if entry["category"] == BLOCKER:
            continue
        if entry["term"].lower() in generic and not in_conflict_domain(doc, sents, sents.of_token(start), strong):
            continue  # a word with a sense outside conflict, and no conflict cue around it
        span = doc[start:end]
        negated, conditional = hit_context(span)
        usage, dated = hit_usage(span, entry, conditional=conditional)
        claim = _claim_for(span.start_char, span.end_char, claims or [])
        rows.append({
            "article_id": article_id,
            "sent_idx": sents.of_token(start),
            "start": span.start_char,
            "end": span.end_char,
            "term": entry["term"],
            "category": entry["category"],
            "rung": int(entry["rung"]),
            "cameo": entry["cameo"],
            "goldstein": float(entry["goldstein"]),
            "polarity": entry["polarity"],
            "negated": bool(negated),
            "conditional": bool(conditional),
            "usage": usage,
            "dated": dated,
            "claim_id": claim.get("claim_id") if claim else None,
            "speaker_actor_id": claim.get("speaker_actor_id") if claim else None,
            "nuclear": bool(entry["nuclear"]),
        })
    return rows
