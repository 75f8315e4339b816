"""The data shapes of the claims step: what the finders find and what sourcing resolves.

An :class:`Attribution` is one cue with its source and content, as the rules or the
learned tagger find it in a Doc (:mod:`~newsanalysis.annotate.claims.cues`,
:mod:`~newsanalysis.annotate.claims.learned`). It is frozen: a step that changes one
(a quotation attached, a cue widened) makes a new one with :func:`dataclasses.replace`.
A :class:`Sourcing` is what :mod:`~newsanalysis.annotate.claims.sourcing` resolves for
one attribution: its speaker, chain, anonymity and status. One attribution and its
sourcing make one row of the ``claims`` table.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token

__all__ = ["Attribution", "Sourcing", "char_range", "token_end", "with_cues"]


def token_end(tok: Token) -> int:
    """Character offset just past ``tok``."""
    return tok.idx + len(tok.text)


def char_range(doc: Doc, a: int, b: int) -> tuple[int, int]:
    """Character span of the tokens ``doc[a:b]``."""
    return doc[a].idx, token_end(doc[b - 1])


@dataclass(frozen=True, eq=False)
class Attribution:
    """One attribution found in a Doc, before it becomes a table row.

    Spans are token ranges ``(start, end)`` into the Doc; ``content`` is a list of
    character spans (a direct quote plus its continuation may be several pieces).
    Two attributions are equal only when they are the same object.
    """

    kind: str  # one of schemas.CLAIM_KINDS
    cue: tuple[int, int]  # the cue as PolNeAR marks it
    lemma: str
    source: tuple[int, int] | None
    content: list[tuple[int, int]]
    needs_quote: bool = False  # a cue with no content of its own: kept only if a quotation attaches
    continuation_of: Attribution | None = None  # the direct quote this cue-less quotation goes on
    core_cue: tuple[int, int] | None = None  # the cue shown in the table (None: ``cue``)
    via: tuple[int, int] | None = None  # token range of the media that cite the source ("X cite Y")
    found_by: str = "rules"  # or "tagger": found by the learned tagger

    def char_span(self, doc: Doc) -> tuple[int, int]:
        """Character span from the first to the last of cue, source and content."""
        pieces = [(doc[self.cue[0]].idx, token_end(doc[self.cue[1] - 1]))] + list(self.content)
        if self.source:
            pieces.append(char_range(doc, *self.source))
        return min(p[0] for p in pieces), max(p[1] for p in pieces)


def with_cues(atts: list[Attribution], cues: list[tuple[int, int]]) -> list[Attribution]:
    """The attributions with their cues widened to ``cues`` (PolNeAR's cue), the table's
    cue kept as ``core_cue``; a continuation points at the new object of the quote it
    continues."""
    out: list[Attribution] = []
    for a, cue in zip(atts, cues):
        cont = a.continuation_of
        if cont is not None:
            cont = next((new for old, new in zip(atts, out) if old is cont), cont)
        if cue != a.cue:
            a = replace(a, cue=cue, core_cue=a.core_cue or a.cue, continuation_of=cont)
        elif cont is not a.continuation_of:
            a = replace(a, continuation_of=cont)
        out.append(a)
    return out


@dataclass
class Sourcing:
    """Who speaks for one attribution, through which chain, how anonymous, how sure.

    Filled by :func:`~newsanalysis.annotate.claims.sourcing.resolve`, one per attribution.
    A hop is ``{"source", "actor_id", "kind", "relation"}`` as in the ``chain`` column.
    """

    speaker: str = ""
    speaker_span: tuple[int, int] | None = None  # character span naming the speaker
    speaker_kind: str = "unnamed_group"
    head_noun: str = ""  # the head word of the source phrase ("officials")
    origins: list[dict] = field(default_factory=list)  # hops before the speaker (citing X)
    conduits: list[dict] = field(default_factory=list)  # hops after it (as cited by X)
    antecedent: Sourcing | None = None  # the earlier described group "the officials" refers to
    anonymity_reason: str = ""
    status: str = "asserted"
