"""Quotation spans: pair quote marks in raw news text without ever failing.

News text mixes straight and curly marks, drops closing marks at the end of a paragraph
when the quotation continues in the next one, and sometimes leaves a mark unpaired. The
pairing here is a small state machine over the marks of the whole text:

* ``“``, ``«`` and a pair of backticks open, ``”``, ``»`` and a pair of apostrophes
  close; a straight ``"`` opens when it follows a space, a line start or an opening
  bracket, and closes otherwise;
* an opening mark inside an open quotation is ignored (the quotation goes on), so
  ``“A. “B,” he said`` is one quotation from the first mark to the closing one;
* a quotation still open at the end of a paragraph continues when the next paragraph
  starts with an opening mark (the news convention for multi-paragraph quotes) and is
  otherwise closed at the paragraph end;
* a closing mark with nothing open is ignored.

:func:`attach_quotes` then joins quotations to the attribution cues found by
:mod:`~newsanalysis.annotate.claims.cues`: a cue right after a quotation that opens a clause
(``“...,” Kim said``) or right before one (``Kim said: “...”``) takes the whole quotation
as its content (*direct*, several sentences or paragraphs included); a paraphrase that
holds a quotation becomes *mixed*; a quotation with no cue right after a direct quote
continues that speaker. It returns new attributions and leaves the ones it is given as
they are.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Token

from newsanalysis.annotate.claims.model import Attribution
from newsanalysis.annotate.claims.syntax import doc_text

__all__ = ["attach_quotes", "find_quotes", "quote_tokens"]

_OPEN = {"“", "«", "``"}
_CLOSE = {"”", "»", "''"}
_MARK_RE = re.compile(r"``|''|[“”«»\"]")
_OPENERS_BEFORE = set(" \t\n\r([{—–-/")


def _direction(text: str, m: re.Match) -> str:
    mark = m.group()
    if mark in _OPEN:
        return "open"
    if mark in _CLOSE:
        # a ” used as an opener: at a line start or after a space, followed by a letter
        before = text[m.start() - 1] if m.start() > 0 else "\n"
        after = text[m.end()] if m.end() < len(text) else " "
        if mark == "”" and before in _OPENERS_BEFORE and after.isalnum():
            return "open"
        return "close"
    before = text[m.start() - 1] if m.start() > 0 else "\n"
    after = text[m.end()] if m.end() < len(text) else "\n"
    if before in _OPENERS_BEFORE and not after.isspace():
        return "open"
    return "close"


def _paragraph_end(text: str, pos: int) -> int:
    nl = text.find("\n", pos)
    end = len(text) if nl < 0 else nl
    while end > pos and text[end - 1].isspace():
        end -= 1
    return end


def _starts_paragraph(text: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and text[i] in " \t\r":
        i -= 1
    return i < 0 or text[i] == "\n"


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of quotations, marks included, in text order.

    Parameters
    ----------
    text
        Raw text (any mix of straight and curly quote marks).

    Returns
    -------
    list of (int, int)
        Half-open spans; an unclosed quotation ends at its paragraph end.

    Examples
    --------
    >>> find_quotes('He said: "Yes." Then “no,” she added.')
    [(9, 15), (21, 26)]
    """
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    par_end = 0  # end of the paragraph the open quotation has reached
    for m in _MARK_RE.finditer(text):
        pos = m.start()
        kind = _direction(text, m)
        if open_at is not None and pos > par_end:  # the quotation ran past its paragraph
            if kind == "open" and _starts_paragraph(text, pos):
                par_end = _paragraph_end(text, pos)  # the quotation continues
                continue
            spans.append((open_at, par_end))
            open_at = None
        if kind == "open":
            if open_at is None:
                open_at, par_end = pos, _paragraph_end(text, pos)
        elif open_at is not None:
            spans.append((open_at, m.end()))
            open_at = None
    if open_at is not None:
        spans.append((open_at, par_end))
    return [(s, e) for s, e in spans if e - s > 2]


# --------------------------------------------------------------------------- quotes and cues
def quote_tokens(doc: Doc, quotes: list[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    """``(start_char, end_char, start_token, end_token)`` of each quotation that covers a token."""
    out = []
    for s, e in quotes:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None and len(span):
            out.append((s, e, span.start, span.end))
    return out


def _group(att: Attribution) -> tuple[int, int]:
    a, b = att.cue
    if att.source:
        a, b = min(a, att.source[0]), max(b, att.source[1])
    return a, b


def _prev_word(doc: Doc, i: int) -> Token:
    j = i - 1
    while j > 0 and doc[j].is_space:
        j -= 1
    return doc[j]


def _colon_then_paragraph(doc: Doc, a: int, b: int) -> bool:
    """'Cruz continued:' at a paragraph end, the quotation opening the next paragraph."""
    if b < a or b - a > 6 or a < 1:
        return False
    return all(t.is_space or t.text == ":" for t in doc[a - 1:b]) and doc[a - 1].text == ":"


def _near(doc: Doc, a: int, b: int) -> bool:
    """Only punctuation and spaces (at most two marks, no paragraph break) between tokens a and b."""
    if b < a or b - a > 6:
        return False
    toks = [t for t in doc[a:b] if not t.is_space]
    if len(toks) > 2 or not all(t.is_punct for t in toks):
        return False
    lo = doc[a].idx if a < len(doc) else len(doc_text(doc))
    hi = doc[b].idx if b < len(doc) else len(doc_text(doc))
    return "\n\n" not in doc_text(doc)[lo:hi]


def attach_quotes(doc: Doc, atts: list[Attribution],
                  quotes: list[tuple[int, int, int, int]]) -> list[Attribution]:
    """Direct quotes take the adjacent cue; paraphrases holding a quote become mixed.

    ``quotes`` are :func:`quote_tokens`. A cue that :attr:`~Attribution.needs_quote` and
    gets none is left out, and so is the second cue of a quotation that two cues frame
    ("Kim said: “...”, he added"); continuations (:func:`_continuations`) come last.
    """
    used: set[int] = set()
    attached: dict[int, Attribution] = {}
    groups = [_group(a) for a in atts]
    sent_starts = {s.start for s in doc.sents} if quotes else set()
    for qs, qe, qa, qb in quotes:
        opens_clause = qa == 0 or qa in sent_starts or doc[qa - 1].is_space or doc[qa - 1].text in {":", "(", "—", "–"}
        after = [i for i, a in enumerate(atts) if i not in used and opens_clause and 0 <= groups[i][0] - qb <= 6
                 and _near(doc, qb, groups[i][0]) and (not a.content or a.content[0][0] < doc[a.cue[0]].idx)]
        before = [i for i, a in enumerate(atts) if i not in used and 0 <= qa - groups[i][1] <= 6 and qa > 0
                  and (_near(doc, groups[i][1], qa) or _colon_then_paragraph(doc, groups[i][1], qa))
                  and _prev_word(doc, qa).text in {":", ","}]
        chosen = after[:1] or before[:1]
        if not chosen:
            continue
        i = chosen[0]
        att = atts[i]
        if att.kind == "according_to":
            lo = min(att.content[0][0], qs)
            hi = max(att.content[-1][1], qe)
            attached[i] = replace(att, content=[(lo, hi)])
        else:
            attached[i] = replace(att, kind="direct", content=[(qs, qe)], needs_quote=False)
        used.add(i)
        used.update(before[:1])  # the cue before the quotation, when the one after took it
    kept = [attached.get(i, a) for i, a in enumerate(atts) if i in attached or i not in used]
    kept = [a for a in kept if not a.needs_quote]
    kept = [replace(a, kind="mixed") if a.kind in {"indirect", "reported", "according_to"} and any(
            a.content[0][0] <= qs < a.content[-1][1] for qs, _, _, _ in quotes) else a for a in kept]
    return kept + _continuations(doc, kept, quotes)


def _continuations(doc: Doc, atts: list[Attribution], quotes) -> list[Attribution]:
    """A quotation with no cue right after a direct quote continues that speaker."""
    covered = [(lo, hi) for a in atts for lo, hi in a.content]
    cont = []
    directs = sorted((a for a in atts if a.kind == "direct"), key=lambda a: a.content[-1][1])
    for qs, qe, qa, qb in quotes:
        if any(lo <= qs < hi or lo < qe <= hi for lo, hi in covered):
            continue
        prev = [a for a in directs if max(a.char_span(doc)[1], a.content[-1][1]) <= qs]
        if not prev:
            continue
        p = prev[-1]
        gap = doc_text(doc)[p.char_span(doc)[1]:qs]
        if len(gap.strip(" .,\n")) == 0 and gap.count("\n") <= 2:
            cont.append(replace(p, kind="direct", content=[(qs, qe)], continuation_of=p))
            covered.append((qs, qe))
    return cont
