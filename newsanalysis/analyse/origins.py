"""Independent origins of a claim group: who stands behind the members, by identity.

:func:`origin_key` says who one claim comes from; :func:`count_origins` then joins the members
of a group that are one utterance however the speaker step named their speakers:

* **the same words**: members that quote the same phrase (three words or more) or state the
  same long wording (twelve words or more, nearly word for word) report one utterance. Two
  people do not coin the same quoted phrase for the same statement, nor say the same twelve
  words independently; when the speaker step gives such members different speakers
  ("Sessions", "the statement", "Elizabeth Warren" for one line of a statement), one of
  them is right and the others are errors, so they count once, under the actor most of
  them name.
* **copies**: members in articles of one reuse cluster (:mod:`newsanalysis.analyse.reuse`)
  whose sentences are copies of each other, or whose long sentences are word for word the
  same in any two articles, are one sentence of one story.
* **a short name of a person**: a named origin whose words (honorifics left out) all belong
  to the longer name of exactly one person of the group ("Kim" beside "Kim Jong Un", "Mr
  Sessions" beside "Jeff Sessions") is that person.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pandas as pd

from newsanalysis.analyse.provenance import UNKNOWN_OUTLET, _hop_key, comparable
from newsanalysis.resources import read_words

__all__ = ["UNKNOWN_OUTLET", "count_origins", "origin_key"]

_COPY = 90  # sentences of two articles in one reuse cluster that score this much are copies
_VERBATIM = 97  # ... and sentences of any two articles that score this much
_SAME = 85  # two quotations (or long statements) that score this much are one utterance
_QUOTE_WORDS = 3  # a quoted phrase this long identifies an utterance within one group
_STATEMENT_WORDS = 12  # ... and so does a statement this long in the same words
# actor kinds (the actor id's prefix) that name who spoke: an anonymous source resolved to
# one of these is that body ("GCHQ"); resolved to a country or a group it stays a description
# ("U.S. officials" -> the United States) and is told apart by its medium
_SPEAKER_KINDS = ("person:", "organization:", "media:")
_RANK = {"person": 0, "media": 1, "organization": 2}
_SINGLE_QUOTED = re.compile(r"(?:^|(?<=\s))[‘']([^‘’']{3,})[’'](?=\W|$)")
_QUOTE_MARKS = "\"“”"


def origin_key(hops: list[dict], *, anonymous: bool, article_id: str, outlet: str,
               actors: pd.DataFrame | None = None) -> str:
    """What makes two claims' origins the same source.

    A named origin is itself: its actor when resolved, else its normalized name. An
    anonymous or described origin is its actor when it resolves to a person, an
    organization or a medium; otherwise its description ("officials", "U.S. officials")
    cannot tell it apart, so it is identified by the first medium that carries it: the
    medium in the chain, else the publishing outlet (the same when the chain names the
    publisher), else (an unknown outlet) the article itself.
    """
    key = _hop_key(hops[0], actors)
    if not anonymous or key.startswith(_SPEAKER_KINDS):
        return key
    via = next((h for h in hops[1:]), None)
    if via is not None and not _is_outlet(via, actors, outlet):
        return "anonymous via " + _hop_key(via, actors)
    if outlet and outlet != UNKNOWN_OUTLET:
        return "anonymous via publisher:" + outlet
    return "anonymous via article:" + article_id


def _is_outlet(hop: dict, actors, outlet: str) -> bool:
    """Whether a chain's medium is the publishing outlet itself ("sources told ABC News" in
    ABC News): the same medium as a chain with none."""
    name = comparable(outlet)
    if not name or outlet == UNKNOWN_OUTLET:
        return False
    key = _hop_key(hop, actors)
    return comparable(hop.get("source", "")) == name or key.split(":", 1)[-1].replace("-", " ") == name


def _resolved(key: str) -> bool:
    return not key.startswith(("text:", "anonymous via", "copies"))


def _quotation(content: str) -> str:
    """The quoted words of a content, normalized ('' when it quotes nothing).

    Quote marks pair in order; a content cut inside a quotation keeps one unpaired mark,
    and what stands on its far side is quoted: to the end after an opening mark ('him: "Ryan
    was ...'), from the start before a closing one at the end ('the time ... behind us"');
    with an odd number of marks, a quotation inside a quotation, all from the first to the
    last is quoted.
    """
    text = str(content).strip()
    marks = [i for i, ch in enumerate(text) if ch in _QUOTE_MARKS]
    spans = [(marks[k] + 1, marks[k + 1]) for k in range(0, len(marks) - 1, 2)]
    if len(marks) == 1:
        last = marks[0]
        spans = [(0, last) if not text[last + 1:].strip(" ,.;:!?") else (last + 1, len(text))]
    elif len(marks) % 2:  # a quotation inside a quotation: from the first mark to the last
        spans = [(marks[0] + 1, marks[-1])]
    quoted = [text[i:j] for i, j in spans] + _SINGLE_QUOTED.findall(text)
    return comparable(" ".join(quoted))


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


def _same_words(quotes: list[str], statements: list[str], union: _Union) -> None:
    """Join members that quote one utterance (quotations of ``_QUOTE_WORDS`` words or more
    that read alike, or whose shorter one's words are nearly all in the longer one) or state
    it in the same long wording. The members already state the same thing (the group is
    complete-link at the corroboration threshold); a quoted phrase they share on top of that
    ("unprecedented judicial overreach", "etched into eternity") is one person's words."""
    from rapidfuzz import fuzz

    def alike(x: str, y: str, words: int, *, loose: bool) -> bool:
        shorter = min(len(x.split()), len(y.split()))
        return shorter >= words and (fuzz.token_sort_ratio(x, y) >= _SAME
                                     or loose and fuzz.token_set_ratio(x, y) >= 90)

    for a in range(len(quotes)):
        for b in range(a + 1, len(quotes)):
            if (alike(quotes[a], quotes[b], _QUOTE_WORDS, loose=True)
                    or alike(statements[a], statements[b], _STATEMENT_WORDS, loose=False)):
                union.join(a, b)


def _quotes(contents: list[str], evidence: list[tuple[str, int]], sentences: dict) -> list[str]:
    """Each member's quotation: the quoted words of its content, else its whole content when
    its sentence quotes it ('... who argued "the time for trivial fights is behind us."')."""
    out = []
    for content, ev in zip(contents, evidence):
        quoted = _quotation(content)
        if not quoted:
            whole = comparable(content)
            quoted = whole if whole and whole in _quotation(sentences.get(ev, "")) else ""
        out.append(quoted)
    return out


def _copies(evidence: list[tuple[str, int]], reuse_ids: dict, sentences: dict, union: _Union) -> None:
    """Join members whose sentences are copies: in articles of one reuse cluster and
    ``_COPY`` alike, or in any two articles and word for word (``_VERBATIM`` alike, fifteen
    words or more: one outlet's versions of a story that reuse does not pair whole)."""
    from rapidfuzz import fuzz

    text = [comparable(sentences.get(ev, "")) for ev in evidence]
    for a in range(len(evidence)):
        for b in range(a + 1, len(evidence)):
            if evidence[a][0] == evidence[b][0] or not text[a] or not text[b]:
                continue
            clustered = evidence[a][0] in reuse_ids and reuse_ids[evidence[a][0]] == reuse_ids.get(evidence[b][0])
            score = fuzz.token_sort_ratio(text[a], text[b])
            if (clustered and score >= _COPY) or (
                    score >= _VERBATIM and min(len(text[a].split()), len(text[b].split())) >= 15):
                union.join(a, b)


def _name_words(key: str) -> set[str]:
    """The words of an origin's name without honorifics: 'text:mr sessions' -> {'sessions'}."""
    name = key[5:] if key.startswith("text:") else key.split(":", 1)[1].replace("-", " ")
    return set(name.split()) - read_words("actors/honorifics.txt")


def _short_names(keys: list[str]) -> dict[str, str]:
    """key -> the person it is a short name of: a named origin whose words (honorifics left
    out) all belong to the longer name of exactly one person origin of the group ("Kim" and
    "Kim Jong Un"; "Sessions" resolved as a group and "Jeff Sessions")."""
    people = {k for k in keys if k.startswith("person:")}
    out = {}
    for k in set(keys):
        if k.startswith(("anonymous", "copies")):
            continue
        mine = _name_words(k)
        owners = [p for p in people if p != k and mine and mine < _name_words(p)]
        if len(owners) == 1:
            out[k] = owners[0]
    return out


def count_origins(keys: list[str], *, contents: list[str], statements: list[str],
                  evidence: list[tuple[str, int]], reuse_ids: dict, sentences: dict) -> list[str]:
    """Each member's origin after joining the members that are one utterance (the module's
    three rules); a joined set takes the resolved actor most of its members name (else its
    most common key; ties go to the earliest member), so ``len(set(result))`` is the number
    of independent origins.

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
    short = _short_names(keys)
    keys = [short.get(k, k) for k in keys]
    union = _Union(len(keys))
    _same_words(_quotes(contents, evidence, sentences), statements, union)
    _copies(evidence, reuse_ids, sentences, union)
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(keys)):
        members[union.find(i)].append(i)
    out = list(keys)
    for idx in members.values():
        if len(idx) < 2:
            continue
        votes = Counter(keys[i] for i in idx)
        named = {k: n for k, n in votes.items() if _resolved(k)}
        # the most named; then a person before a medium before another body; then the earliest
        pick = min(named or votes, key=lambda k: (-votes[k], _RANK.get(k.split(":", 1)[0], 3), keys.index(k)))
        for i in idx:
            out[i] = pick
    return out
