"""Boilerplate: sentences and lines one outlet repeats across many of its articles.

A newsletter promo, a disclaimer ("The views expressed in this article are the author's
own ..."), a contact line or a live blog's "Show key events only" is written once by the
site and pasted under every article. No pattern can list them all, but the corpus shows
them: the same sentence in many articles of one outlet. :func:`remove_repeated` moves them
from ``text`` into the ``furniture`` column, after every article has been cleaned on its own.

A sentence is repeated furniture of an outlet when

* it occurs in at least ``max(3, 1%)`` of the outlet's stories, counting versions of one
  story (articles sharing at least three sentences and half of the shorter one's: an update,
  a rewrite) once, so a story told three times keeps its sentences;
* in at least half of those stories it sits at the edge of a paragraph (the first or last
  sentences, or a line of its own), alone or in a run with other furniture: boilerplate
  frames a story, a quotation repeated by several stories sits inside them;
* it is not speech: an exclamation ("Glory to Ukraine!", a sign-off) or a sentence with
  quotation marks stays, as does anything under two words.

Only edge runs are removed (never a sentence inside a paragraph). An article that was
nothing but such furniture is left with an empty text (the loader reports and skips it).
Counting is exact and order-free, so the result depends only on the corpus, not on the
order of its rows.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

from newsanalysis.load.furniture import furniture_kind, unit_spans

__all__ = ["MIN_ARTICLES", "MIN_SHARE", "remove_repeated"]

#: A sentence must occur in at least this many stories of the outlet ...
MIN_ARTICLES = 3
#: ... and in at least this share of them.
MIN_SHARE = 0.01
#: Share of its stories in which the sentence must sit at a paragraph edge.
EDGE_SHARE = 0.5
#: Two articles sharing this share of the shorter one's sentences (and at least three) are
#: versions of one story (an update holds the first version whole).
VERSION_OVERLAP = 0.5
_VERSION_MIN_SHARED = 3
#: Sentences in more articles than this are not used to find versions (they are boilerplate).
_VERSION_KEY_CAP = 30
_QUOTES = re.compile(r"[\"“”«»]")
_DIGITS = str.maketrans("0123456789", "##########")


def _key(unit: str) -> str:
    """Comparison key: lower case, digits as '#', spaces collapsed."""
    return " ".join(unit.lower().translate(_DIGITS).split())


def _speech_or_short(unit: str) -> bool:
    u = unit.strip()
    return len(u.split()) < 2 or u.rstrip("\"”’')").endswith("!") or bool(_QUOTES.search(u))


class _Article:
    """One article's paragraphs, their unit spans and keys."""

    def __init__(self, text: str):
        self.blocks = text.split("\n\n")
        self.spans = [unit_spans(b) for b in self.blocks]
        self.keys = [[_key(b[s:e]) for s, e in sp] for b, sp in zip(self.blocks, self.spans)]
        self.key_set = {k for ks in self.keys for k in ks}

    def unit(self, bi: int, ui: int) -> str:
        s, e = self.spans[bi][ui]
        return self.blocks[bi][s:e]

    def edge_runs(self, is_furniture) -> list[tuple[int, int, int]]:
        """(block, first, last+1) unit ranges at the paragraph edges that are furniture."""
        runs = []
        for bi, keys in enumerate(self.keys):
            n = len(keys)
            i = 0
            while i < n and is_furniture(bi, i):
                i += 1
            if i:
                runs.append((bi, 0, i))
            j = n
            while j > i and is_furniture(bi, j - 1):
                j -= 1
            if j < n:
                runs.append((bi, j, n))
        return runs


def _story_ids(arts: list[_Article]) -> list[int]:
    """Union-find over versions of one story: articles sharing a rare sentence, at least three
    sentences and :data:`VERSION_OVERLAP` of the shorter article's sentences."""
    parent = list(range(len(arts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    holders: dict[str, list[int]] = defaultdict(list)
    for i, a in enumerate(arts):
        for k in a.key_set:
            holders[k].append(i)
    pairs: set[tuple[int, int]] = set()
    for k in sorted(holders):
        ids = holders[k]
        if 2 <= len(ids) <= _VERSION_KEY_CAP:
            pairs.update((x, y) for n, x in enumerate(ids) for y in ids[n + 1 :])
    for x, y in sorted(pairs):
        a, b = arts[x].key_set, arts[y].key_set
        if len(a & b) >= max(_VERSION_MIN_SHARED, VERSION_OVERLAP * min(len(a), len(b))):
            parent[find(x)] = find(y)
    return [find(i) for i in range(len(arts))]


def _repeated_keys(arts: list[_Article], story: list[int]) -> dict[str, int]:
    """Keys of repeated furniture, with the number of stories they occur in."""
    stories_of: dict[str, set[int]] = defaultdict(set)
    sample: dict[str, str] = {}
    for i, a in enumerate(arts):
        for bi, keys in enumerate(a.keys):
            for ui, k in enumerate(keys):
                stories_of[k].add(story[i])
                sample.setdefault(k, a.unit(bi, ui))
    threshold = max(MIN_ARTICLES, math.ceil(MIN_SHARE * len(set(story))))
    candidates = {k for k, s in stories_of.items() if len(s) >= threshold and not _speech_or_short(sample[k])}
    if not candidates:
        return {}
    at_edge: dict[str, set[int]] = defaultdict(set)
    for i, a in enumerate(arts):
        def member(bi: int, ui: int, a=a) -> bool:
            return a.keys[bi][ui] in candidates or furniture_kind(a.unit(bi, ui)) is not None
        for bi, lo, hi in a.edge_runs(member):
            for ui in range(lo, hi):
                k = a.keys[bi][ui]
                if k in candidates:
                    at_edge[k].add(story[i])
    return {k: len(stories_of[k]) for k in sorted(candidates)
            if len(at_edge[k]) >= threshold and len(at_edge[k]) >= EDGE_SHARE * len(stories_of[k])}


def _strip(a: _Article, repeated: dict[str, int]) -> tuple[str, list[str]] | None:
    """The article's text without its edge runs of furniture, and what was removed."""
    def member(bi: int, ui: int) -> bool:
        return a.keys[bi][ui] in repeated or furniture_kind(a.unit(bi, ui)) is not None

    runs = [r for r in a.edge_runs(member)
            if any(a.keys[r[0]][ui] in repeated for ui in range(r[1], r[2]))]
    if not runs:
        return None
    drop: dict[int, set[int]] = defaultdict(set)
    for bi, lo, hi in runs:
        drop[bi].update(range(lo, hi))
    removed, blocks = [], []
    for bi, block in enumerate(a.blocks):
        spans = a.spans[bi]
        keep = [ui for ui in range(len(spans)) if ui not in drop[bi]]
        removed += [a.unit(bi, ui) for ui in sorted(drop[bi])]
        if keep:
            blocks.append(block[spans[keep[0]][0] : spans[keep[-1]][1]].strip())
    return "\n\n".join(b for b in blocks if b), removed


def remove_repeated(rows: list[dict]) -> dict[str, list[tuple[str, int]]]:
    """Move each outlet's repeated furniture out of ``text`` into ``furniture``, in place.

    Parameters
    ----------
    rows
        Article rows (dicts with ``outlet``, ``text``, ``furniture`` and ``n_words``), each
        already cleaned on its own. Rows are grouped by ``outlet`` ('' is a group too). A row
        whose every sentence is repeated furniture is left with ``text`` ''.

    Returns
    -------
    dict
        For each outlet with repeated furniture, the sentences found and the number of
        stories each occurs in, most frequent first (for review).
    """
    by_outlet: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        by_outlet[row["outlet"]].append(i)
    found: dict[str, list[tuple[str, int]]] = {}
    for outlet in sorted(by_outlet):
        idx = by_outlet[outlet]
        if len(idx) < MIN_ARTICLES:
            continue
        arts = [_Article(rows[i]["text"]) for i in idx]
        repeated = _repeated_keys(arts, _story_ids(arts))
        if not repeated:
            continue
        examples: dict[str, str] = {}
        for i, a in zip(idx, arts):
            stripped = _strip(a, repeated)
            if stripped is None:
                continue
            text, removed = stripped
            rows[i]["text"] = text
            rows[i]["furniture"] = list(rows[i]["furniture"]) + removed
            rows[i]["n_words"] = len(text.split())
            for u in removed:
                examples.setdefault(_key(u), u)
        counts = Counter({examples[k]: n for k, n in repeated.items() if k in examples})
        found[outlet] = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return found
