"""Independent origins of a claim group: who stands behind the members, by identity.

:func:`origin_key` says who one claim comes from; :func:`count_origins` then joins the members
of a group that are one utterance however the speaker step named their speakers:

* **the same words**: members that repeat a long stretch of the same wording (a quotation of
  six words or more, or a statement of twelve words or more, nearly word for word) report one
  utterance. Two people do not say the same twelve words independently; when the speaker
  step gives such members different speakers ("Sessions", "the statement", "Elizabeth
  Warren" for one line of a statement), one of them is right and the others are errors, so
  they count once, under the actor most of them name.
* **copies**: members in articles of one reuse cluster (:mod:`newsanalysis.analyse.reuse`)
  whose sentences are copies of each other are one sentence of one story.
* **a short name of a resolved actor**: an unresolved named origin whose words all belong to
  the name of exactly one resolved origin of the group ("Kim" beside "Kim Jong Un") is that
  actor.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pandas as pd

from newsanalysis.analyse.provenance import _hop_key, _norm

__all__ = ["UNKNOWN_OUTLET", "count_origins", "origin_key"]

#: The outlet of an article whose data, URL and dateline name none; never a distinct outlet.
UNKNOWN_OUTLET = "unknown"
_COPY = 90  # sentences of two articles in one reuse cluster that score this much are copies
_SAME = 85  # two quotations (or long statements) that score this much are one utterance
_QUOTE_WORDS = 6  # a quotation this long identifies an utterance
_STATEMENT_WORDS = 12  # ... and so does a statement this long in the same words
# actor kinds (the actor id's prefix) that name who spoke: an anonymous source resolved to
# one of these is that body ("GCHQ"); resolved to a country or a group it stays a description
# ("U.S. officials" -> the United States) and is told apart by its medium
_SPEAKER_KINDS = ("person:", "organization:", "media:")
_QUOTED = re.compile(r"[\"“”]([^\"“”]{3,})(?:[\"“”]|$)")


def origin_key(hops: list[dict], *, anonymous: bool, article_id: str, outlet: str,
               actors: pd.DataFrame | None = None) -> str:
    """What makes two claims' origins the same source.

    A named origin is itself: its actor when resolved, else its normalized name. An
    anonymous or described origin is its actor when it resolves to a person, an
    organization or a medium; otherwise its description ("officials", "U.S. officials")
    cannot tell it apart, so it is identified by the first medium that carries it: the
    medium in the chain, else the publishing outlet, else (an unknown outlet) the article
    itself.
    """
    key = _hop_key(hops[0], actors)
    if not anonymous or key.startswith(_SPEAKER_KINDS):
        return key
    via = next((h for h in hops[1:]), None)
    if via is not None:
        return "anonymous via " + _hop_key(via, actors)
    if outlet and outlet != UNKNOWN_OUTLET:
        return "anonymous via publisher:" + outlet
    return "anonymous via article:" + article_id


def _resolved(key: str) -> bool:
    return not key.startswith(("text:", "anonymous via", "copies"))


def _quotation(content: str) -> str:
    """The quoted words of a content, normalized ('' when it quotes nothing)."""
    return _norm(" ".join(_QUOTED.findall(str(content))))


class _Union:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)


def _same_words(contents: list[str], statements: list[str], union: _Union) -> None:
    from rapidfuzz import fuzz

    quotes = [_quotation(c) for c in contents]
    for a in range(len(contents)):
        for b in range(a + 1, len(contents)):
            qa, qb = quotes[a], quotes[b]
            if (min(len(qa.split()), len(qb.split())) >= _QUOTE_WORDS and fuzz.token_sort_ratio(qa, qb) >= _SAME) or (
                    min(len(statements[a].split()), len(statements[b].split())) >= _STATEMENT_WORDS
                    and fuzz.token_sort_ratio(statements[a], statements[b]) >= _SAME):
                union.join(a, b)


def _copies(evidence: list[tuple[str, int]], reuse_ids: dict, sentences: dict, union: _Union) -> None:
    from rapidfuzz import fuzz

    by_cluster: dict[str, list[int]] = defaultdict(list)
    for i, (a, _) in enumerate(evidence):
        if a in reuse_ids:
            by_cluster[reuse_ids[a]].append(i)
    for idx in by_cluster.values():
        text = {i: _norm(sentences.get(evidence[i], "")) for i in idx}
        for k, a in enumerate(idx):
            for b in idx[k + 1:]:
                if (evidence[a][0] != evidence[b][0] and text[a] and text[b]
                        and fuzz.token_sort_ratio(text[a], text[b]) >= _COPY):
                    union.join(a, b)


def _short_names(keys: list[str], union: _Union) -> None:
    named = {k for k in keys if _resolved(k)}
    words = {k: set(k.split(":", 1)[1].split("-")) for k in named}
    for i, k in enumerate(keys):
        if not k.startswith("text:"):
            continue
        mine = set(k[5:].split())
        owners = [n for n in named if mine and mine <= words[n]]
        if len(owners) == 1:
            union.join(i, keys.index(owners[0]))


def count_origins(keys: list[str], *, contents: list[str], statements: list[str],
                  evidence: list[tuple[str, int]], reuse_ids: dict, sentences: dict) -> list[str]:
    """Each member's origin after joining the members that are one utterance (the module's
    three rules); a joined set takes the resolved actor most of its members name (else its
    most common key), so ``len(set(result))`` is the number of independent origins.

    Parameters
    ----------
    keys
        :func:`origin_key` of each member.
    contents
        Each member's content.
    statements
        Each member's normalized statement.
    evidence
        Each member's (article_id, sent_idx).
    reuse_ids
        article_id -> reuse cluster.
    sentences
        (article_id, sent_idx) -> sentence text.
    """
    union = _Union(len(keys))
    _same_words(contents, statements, union)
    _copies(evidence, reuse_ids, sentences, union)
    _short_names(keys, union)
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(keys)):
        members[union.find(i)].append(i)
    out = list(keys)
    for idx in members.values():
        if len(idx) < 2:
            continue
        votes = Counter(keys[i] for i in idx)  # insertion order: the first member's key wins ties
        named = Counter({k: n for k, n in votes.items() if _resolved(k)})
        pick = (named or votes).most_common(1)[0][0]
        for i in idx:
            out[i] = pick
    return out
