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
they are. Pairing and attaching take time linear in the marks, quotations and cues (a
quotation looks only at the cues within six tokens of it), however deep quotations nest.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
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
    for span in (att.source, att.via):  # the via: "..." the agency quoted the leader as saying
        if span:
            a, b = min(a, span[0]), max(b, span[1])
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


def _by_token(keys: list[int]) -> dict[int, list[int]]:
    """Indices of ``keys`` by value, each list ascending."""
    out: dict[int, list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        out[k].append(i)
    return out


def _around(index: dict[int, list[int]], lo: int, hi: int) -> list[int]:
    """The indices filed under ``lo`` .. ``hi`` (a span of at most seven tokens), ascending."""
    return sorted(i for k in range(lo, hi + 1) for i in index.get(k, ()))


def attach_quotes(doc: Doc, atts: list[Attribution],
                  quotes: list[tuple[int, int, int, int]]) -> list[Attribution]:
    """Direct quotes take the adjacent cue; paraphrases holding a quote become mixed.

    ``quotes`` are :func:`quote_tokens`. A cue that :attr:`~Attribution.needs_quote` and
    gets none is left out, and so is the second cue of a quotation that two cues frame
    ("Kim said: “...”, he added"); continuations (:func:`_continuations`) come last. Each
    quotation looks only at the cues within six tokens of it (found by token, not by a pass
    over every cue), so an article with thousands of quotations takes linear time.
    """
    used: set[int] = set()
    attached: dict[int, Attribution] = {}
    groups = [_group(a) for a in atts]
    starts, ends = _by_token([g[0] for g in groups]), _by_token([g[1] for g in groups])
    sent_starts = {s.start for s in doc.sents} if quotes else set()
    for qs, qe, qa, qb in quotes:
        opens_clause = qa == 0 or qa in sent_starts or doc[qa - 1].is_space or doc[qa - 1].text in {":", "(", "—", "–"}
        after = [i for i in _around(starts, qb, qb + 6) if i not in used and opens_clause
                 and _near(doc, qb, groups[i][0])
                 and (not atts[i].content or atts[i].content[0][0] < doc[atts[i].cue[0]].idx)]
        before = [i for i in _around(ends, qa - 6, qa) if i not in used and qa > 0
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
    quote_starts = sorted(q[0] for q in quotes)

    def holds_quote(a: Attribution) -> bool:  # a quotation starts inside the content
        k = bisect_left(quote_starts, a.content[0][0])
        return k < len(quote_starts) and quote_starts[k] < a.content[-1][1]

    kept = [replace(a, kind="mixed") if a.kind in {"indirect", "reported", "according_to"} and holds_quote(a)
            else a for a in kept]
    return kept + _continuations(doc, kept, quotes)


def _union(spans: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """The union of the spans as sorted, disjoint ``(starts, ends)`` (touching spans merged)."""
    starts: list[int] = []
    ends: list[int] = []
    for lo, hi in sorted(spans):
        if starts and lo <= ends[-1]:
            ends[-1] = max(ends[-1], hi)
        else:
            starts.append(lo)
            ends.append(hi)
    return starts, ends


def _inside(union: tuple[list[int], list[int]], x: int, *, closed_right: bool) -> bool:
    """x in some [lo, hi) of the union, or in some (lo, hi] with ``closed_right``."""
    starts, ends = union
    k = (bisect_left if closed_right else bisect_right)(starts, x) - 1
    return k >= 0 and (x <= ends[k] if closed_right else x < ends[k])


def _continuations(doc: Doc, atts: list[Attribution], quotes) -> list[Attribution]:
    """A quotation with no cue right after a direct quote continues that speaker.

    One pass over the quotations in text order (as :func:`find_quotes` gives them): the
    content spans are merged once, and the direct quotes ending before each quotation are
    taken in as it comes.
    """
    quotes = sorted(quotes)
    covered = _union([(lo, hi) for a in atts for lo, hi in a.content if lo < hi])  # an empty span covers nothing
    directs = sorted((a for a in atts if a.kind == "direct"), key=lambda a: a.content[-1][1])
    reach = [max(a.char_span(doc)[1], a.content[-1][1]) for a in directs]  # a quote after this continues it
    by_reach = sorted(range(len(directs)), key=lambda j: reach[j])
    cont: list[Attribution] = []
    added_end = -1  # the quotations taken as continuations so far end by here
    last = -1  # the last direct quote (in the order of `directs`) that ends before the quotation
    n = 0
    for qs, qe, _, _ in quotes:
        if _inside(covered, qs, closed_right=False) or _inside(covered, qe, closed_right=True) or qs < added_end:
            continue
        while n < len(by_reach) and reach[by_reach[n]] <= qs:
            last = max(last, by_reach[n])
            n += 1
        if last < 0:
            continue
        p = directs[last]
        gap = doc_text(doc)[p.char_span(doc)[1]:qs]
        if (len(gap.strip(" .,\n")) == 0 and gap.count("\n") <= 2) or _rest_of_cue_sentence(doc, p, gap, qs, atts):
            cont.append(replace(p, kind="direct", content=[(qs, qe)], continuation_of=p))
            added_end = max(added_end, qe)
    return cont


def _rest_of_cue_sentence(doc: Doc, p: Attribution, gap: str, qs: int, atts: list[Attribution]) -> bool:
    """Is the gap before the quotation only the rest of the cue's own sentence, with no other
    cue in it ('..." Haley added, before strongly reaffirming US commitment. "Understand ...')?"""
    if "\n" in gap or any(q in gap for q in "\"“”"):
        return False
    sent = doc[p.cue[0]].sent
    if not (sent.end_char <= qs and not doc_text(doc)[sent.end_char:qs].strip()):
        return False
    return not any(a is not p and sent.start <= a.cue[0] < sent.end and a.cue[0] > p.cue[0] for a in atts)
