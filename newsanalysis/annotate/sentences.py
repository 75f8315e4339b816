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
    A Doc built by hand (on a blank vocabulary) whose second sentence opens with a blank
    line: the line break is trimmed off, and its token counts with the sentence before.

    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> words = ["Talks", "resumed", ".", "\\n\\n", "Both", "sides", "met", "."]
    >>> doc = Doc(spacy.blank("en").vocab, words=words,
    ...           spaces=[True, False, False, False, True, True, False, False],
    ...           sent_starts=[True, False, False, True, False, False, False, False])
    >>> idx = SentenceIndex(doc)
    >>> [s.text for s in idx.spans]
    ['Talks resumed.', 'Both sides met.']
    >>> idx.of_token(3), idx.of_char(doc.text.index("met"))
    (0, 1)
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
