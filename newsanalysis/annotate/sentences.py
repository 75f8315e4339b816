"""Sentence indexing shared by every extractor, so all tables agree on ``sent_idx``.

A sentence is a spaCy sentence with its leading and trailing whitespace tokens trimmed;
whitespace-only sentences are skipped. ``sent_idx`` counts the remaining ones from 0.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span

__all__ = ["SentenceIndex"]


class SentenceIndex:
    """Maps tokens and character offsets of one Doc to ``sent_idx``.

    Examples
    --------
    >>> idx = SentenceIndex(doc)             # doctest: +SKIP
    >>> idx.spans[0].text, idx.of_token(5), idx.of_char(120)   # doctest: +SKIP
    """

    def __init__(self, doc: Doc):
        self.doc = doc
        self.spans: list[Span] = []
        for sent in doc.sents:
            first, last = sent.start, sent.end
            while first < last and doc[first].is_space:
                first += 1
            while last > first and doc[last - 1].is_space:
                last -= 1
            if last > first:
                self.spans.append(doc[first:last])
        self._tok_starts = [s.start for s in self.spans]
        self._char_starts = [s.start_char for s in self.spans]

    def __len__(self) -> int:
        return len(self.spans)

    def of_token(self, i: int) -> int:
        """Sentence index of token ``i`` (a whitespace token goes to the sentence before it)."""
        return max(bisect_right(self._tok_starts, i) - 1, 0)

    def of_char(self, offset: int) -> int:
        """Sentence index of the character at ``offset``."""
        return max(bisect_right(self._char_starts, offset) - 1, 0)

    def rows(self) -> list[dict]:
        """One dict per sentence: sent_idx, start, end, text."""
        return [
            {"sent_idx": i, "start": s.start_char, "end": s.end_char, "text": s.text}
            for i, s in enumerate(self.spans)
        ]
