"""Article reuse: near-duplicate and derived articles (wire copy, syndication, rewrites).

News corpora are full of agency copy: one AP, Reuters, AFP or TASS story republished by
several outlets with small edits, or rewritten around the agency's paragraphs. Such copies
are one source, not several, and nothing in the annotation tables says so. This module finds
them by the words they share:

1. each article's text becomes a set of **shingles**: runs of ``shingle`` consecutive words
   (lower-cased, punctuation dropped), so a copy shares most of its shingles with its
   source however its paragraphs were cut or trimmed;
2. a **MinHash** of each set (``datasketch``) and **locality-sensitive hashing** (LSH) find
   the pairs likely to share many shingles without comparing every pair: a corpus of
   100,000 articles is hashed once and looked up by bands;
3. each candidate pair is then checked on the exact shingle sets: a **near-duplicate**
   when their Jaccard similarity is at least ``threshold``, **derived** when most of the
   shorter article's shingles (``containment``) are in the longer one (a rewrite that
   keeps the agency's paragraphs and adds its own);
4. connected pairs form a **reuse cluster**, whose earliest member (by ``published``, then
   corpus order) is taken as the source of the others.

* :func:`reuse_pairs` -- the checked pairs, with their Jaccard similarity and containment.
* :func:`reuse` -- one row per article in a cluster: its cluster, the earliest member and
  how close the article is to it. :func:`~newsanalysis.analyse.corroboration.corroboration`
  counts a cluster as one origin.
"""

from __future__ import annotations

import re
import zlib

import numpy as np
import pandas as pd

from newsanalysis.annotations import table_of

__all__ = ["reuse", "reuse_pairs", "shingles"]

_WORD = re.compile(r"\w+")
_MULT = np.uint64(1_000_003)  # combines the word hashes of a shingle (wrapping at 2**64)
_LOW32 = np.uint64(0xFFFFFFFF)
_PAIR_COLS = ["article_a", "article_b", "jaccard", "containment", "shared", "relation"]
_COLS = ["article_id", "reuse_id", "earliest_id", "is_earliest", "n_members", "outlet", "published",
         "relation", "jaccard", "containment"]


def shingles(text: str, *, size: int = 5) -> np.ndarray:
    """The ``size``-word shingles of a text as sorted, unique 64-bit hashes.

    Words are runs of letters and digits, lower-cased, so punctuation, quotation marks and
    line breaks do not matter; each word is hashed with CRC-32 (stable across runs and
    machines) and a shingle's hash combines its words' in order. A text shorter than
    ``size`` words has one shingle (itself).

    Examples
    --------
    >>> len(shingles("The quick brown fox jumps over the lazy dog", size=5))
    5
    >>> bool((shingles("Putin said so.", size=5) == shingles("putin SAID so", size=5)).all())
    True
    """
    words = _WORD.findall(str(text).casefold())
    if not words:
        return np.zeros(0, np.uint64)
    ids = np.fromiter((zlib.crc32(w.encode("utf-8")) for w in words), np.uint64, len(words))
    n = max(1, len(ids) - size + 1)
    h = np.zeros(n, np.uint64)
    with np.errstate(over="ignore"):
        for j in range(min(size, len(ids))):
            h = h * _MULT + ids[j:j + n]
    return np.unique(h)


def _overlap(a: np.ndarray, b: np.ndarray) -> int:
    return len(np.intersect1d(a, b, assume_unique=True))


def _articles(ann_or_articles) -> pd.DataFrame:
    if isinstance(ann_or_articles, pd.DataFrame):
        return ann_or_articles
    return table_of(ann_or_articles, "articles")


def _identity(value):
    return value


def _candidates(sets: list[np.ndarray], *, lsh_threshold: float, num_perm: int, seed: int) -> set[tuple[int, int]]:
    """Index pairs (a < b) whose MinHashes fall in one LSH bucket."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=lsh_threshold, num_perm=num_perm)
    pairs: set[tuple[int, int]] = set()
    for i, s in enumerate(sets):
        m = MinHash(num_perm=num_perm, seed=seed, hashfunc=_identity)
        m.update_batch((s & _LOW32).tolist())  # the 32-bit values datasketch's permutations expect
        for j in lsh.query(m):
            pairs.add((j, i))
        lsh.insert(i, m, check_duplication=False)
    return pairs


def reuse_pairs(ann_or_articles, *, threshold: float = 0.6, containment: float = 0.4, shingle: int = 5,
                min_shared: int = 40, lsh_threshold: float = 0.1, num_perm: int = 128,
                seed: int = 1) -> pd.DataFrame:
    """Pairs of articles that share most of their text.

    Parameters
    ----------
    ann_or_articles
        Annotations, or an articles table (``article_id``, ``text``).
    threshold
        Jaccard similarity of the two shingle sets at or above which a pair is a
        near-duplicate (a copy with small edits).
    containment
        Share of the shorter article's shingles found in the longer one at or above which a
        pair is ``derived`` (one article is built on the other), when it is no near-duplicate.
    shingle
        Words per shingle.
    min_shared
        A pair must share at least this many shingles (a paragraph or two), so a short
        article is not "derived" from a long one through one shared sentence.
    lsh_threshold
        The Jaccard similarity LSH is tuned to find. A derived pair has a much lower
        Jaccard similarity than its containment (a 300-word wire story inside a
        1,500-word article shares a fifth of their union), so the buckets are cut low and
        every candidate is then checked on the exact sets.
    num_perm, seed
        MinHash size and seed (the same seed gives the same candidates every run).

    Returns
    -------
    pandas.DataFrame
        article_a, article_b (corpus order), jaccard, containment, shared (shingles in
        common), relation ('near-duplicate' or 'derived'); sorted by article_a, article_b.
    """
    arts = _articles(ann_or_articles)
    if "text" not in arts or "article_id" not in arts:
        raise ValueError("reuse: the articles table needs 'article_id' and 'text' columns "
                         f"(it has {', '.join(map(str, arts.columns)) or 'none'})")
    ids = arts["article_id"].astype(str).tolist()
    sets = [shingles(t, size=shingle) for t in arts["text"].fillna("")]
    rows = []
    for a, b in sorted(_candidates(sets, lsh_threshold=lsh_threshold, num_perm=num_perm, seed=seed)):
        shared = _overlap(sets[a], sets[b])
        if shared < min_shared:
            continue
        jac = shared / (len(sets[a]) + len(sets[b]) - shared)
        con = shared / min(len(sets[a]), len(sets[b]))
        if jac >= threshold or con >= containment:
            rows.append((ids[a], ids[b], round(jac, 4), round(con, 4), shared,
                         "near-duplicate" if jac >= threshold else "derived"))
    return pd.DataFrame(rows, columns=_PAIR_COLS)


def reuse(ann_or_articles, *, pairs: pd.DataFrame | None = None, **options) -> pd.DataFrame:
    """Reuse clusters: each article that shares most of its text with another, its cluster
    and the cluster's earliest member.

    Parameters
    ----------
    ann_or_articles
        Annotations, or an articles table (``article_id``, ``text``, ``published``, ``outlet``).
    pairs
        The output of :func:`reuse_pairs`, when already computed.
    **options
        Passed to :func:`reuse_pairs` (``threshold``, ``containment``, ``shingle``, ...).

    Returns
    -------
    pandas.DataFrame
        One row per article in a cluster of two or more: article_id, reuse_id ('r0000',
        numbered by cluster size, then earliest member), earliest_id, is_earliest,
        n_members, outlet, published, relation ('earliest', 'near-duplicate' or 'derived':
        how the article stands to the earliest member), jaccard and containment against the
        earliest member. Articles in no cluster have no row.

    Examples
    --------
    >>> r = reuse(ann)                                             # doctest: +SKIP
    >>> r.groupby("reuse_id")["outlet"].apply(list).head()         # doctest: +SKIP
    """
    arts = _articles(ann_or_articles).reset_index(drop=True)
    if pairs is None:
        pairs = reuse_pairs(arts, **options)
    if pairs.empty:
        return pd.DataFrame(columns=_COLS)
    import networkx as nx

    g = nx.Graph()
    g.add_edges_from(zip(pairs["article_a"], pairs["article_b"]))
    order = {a: i for i, a in enumerate(arts["article_id"].astype(str))}
    published = dict(zip(arts["article_id"], arts["published"])) if "published" in arts else {}
    outlet = dict(zip(arts["article_id"], arts["outlet"].fillna(""))) if "outlet" in arts else {}
    text = dict(zip(arts["article_id"], arts["text"]))
    size = options.get("shingle", 5)
    threshold = options.get("threshold", 0.6)

    def when(a):
        t = published.get(a)
        return (pd.isna(t), t if not pd.isna(t) else pd.Timestamp(0, tz="UTC"), order.get(a, 0))

    clusters = []
    for comp in nx.connected_components(g):
        members = sorted(comp, key=when)
        clusters.append(members)
    clusters.sort(key=lambda m: (-len(m), order.get(m[0], 0)))
    rows = []
    for k, members in enumerate(clusters):
        first = members[0]
        s0 = shingles(text[first], size=size)
        for a in members:
            s = shingles(text[a], size=size) if a != first else s0
            shared = _overlap(s, s0)
            jac = shared / max(1, len(s) + len(s0) - shared)
            con = shared / max(1, min(len(s), len(s0)))
            rel = "earliest" if a == first else ("near-duplicate" if jac >= threshold else "derived")
            rows.append({"article_id": a, "reuse_id": f"r{k:04d}", "earliest_id": first, "is_earliest": a == first,
                         "n_members": len(members), "outlet": outlet.get(a, ""), "published": published.get(a, pd.NaT),
                         "relation": rel, "jaccard": round(jac, 4), "containment": round(con, 4)})
    return pd.DataFrame(rows, columns=_COLS)
