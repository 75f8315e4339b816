"""Corroboration: groups of claims that state the same thing, and how many independent
sources stand behind each.

* :func:`corroboration` -- coherent groups of alike claims from different articles, each
  with its centre, its spread, its outlets, its **independent origins** and its first
  appearance.
* :func:`claim_spread` -- the members of one group in the order they appeared: date,
  outlet, article, sentence, origin.
* :func:`~newsanalysis.analyse.provenance.article_outlets` -- every article's outlet, or ``"unknown"``.
* :func:`statement` -- a claim's content trimmed of what runs on after the statement.

How a group is made
    Claims are compared by their statement (:func:`statement`), normalized, with
    rapidfuzz ``token_sort_ratio``; only pairs that share an uncommon word are scored
    (:func:`_candidate_pairs`). The pairs at or above ``threshold`` link claims into
    components, and each component is cut by **complete-link** clustering: in a group,
    every two members read alike at ``threshold`` or more, so related quotes cannot chain
    into one group through intermediate wordings. The group's **centre** is its medoid.

How origins are counted (:mod:`newsanalysis.analyse.origins`)
    An origin is who the claim comes from, by identity: the resolved actor of the chain's
    first hop (``speaker_actor_id`` for the speaker), so "Sanna Marin" and "Finland's prime
    minister", once resolved to one actor, are one origin. An anonymous origin ("officials")
    cannot be told apart by its description, so it is identified by the first medium that
    carried it: the medium named in the chain, else the publishing outlet, else the
    article. Members that are one utterance count once: the same long wording, copies of
    one sentence in a reuse cluster (:func:`~newsanalysis.analyse.reuse.reuse`), or a short
    name of a resolved origin.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import numpy as np
import pandas as pd

from newsanalysis.analyse.origins import count_origins, origin_key
from newsanalysis.analyse.provenance import UNKNOWN_OUTLET, article_outlets, chains_of, comparable
from newsanalysis.annotations import table_of

__all__ = ["UNKNOWN_OUTLET", "article_outlets", "claim_spread", "corroboration", "origin_key", "statement"]

_COMMON = 100  # a word found in more claims than this is too common to pair two claims alone
_COLS = ["group_id", "content", "centre_claim_id", "n_claims", "n_articles", "n_outlets", "outlets",
         "n_unknown_outlet", "n_independent_origins", "origins", "origin_keys", "single_origin",
         "anonymous_only", "n_reused", "min_similarity", "mean_similarity", "first_published",
         "first_outlet", "first_article_id", "outlet_order", "span_days", "claim_ids"]


# What runs on after a statement: a new sentence, a dash or semicolon clause, or the
# reporting clause and what follows it (", he said", ", adding that", ", according to"); a
# reporting clause inside the statement (", she said, it is clear ...") does not end it.
_RUN_ON = re.compile(
    r"(?<=[a-z0-9]{2}[.!?])[\"”’']?\s+(?=[\"“‘']?[A-Z])"
    r"|\s+[–—]\s+|;\s+|\s+--\s+"
    r"|,[\"”’']?\s+(?:(?:he|she|they|it|who|which)\s+(?:said|says|added|adds|told|noted|stressed)\b(?!,)"
    r"|(?:adding|saying|noting|stressing)\b|according to\b)")

# abbreviations whose period ends no sentence ("Gen. Gerasimov", "Mrs. May")
_ABBREVIATIONS = {"Mrs", "Gen", "Sen", "Rep", "Gov", "Col", "Sgt", "Capt", "Prof", "Rev", "Jr", "Sr", "St", "No",
                  "vs", "Lt", "Dr", "Mr", "Ms", "Maj", "Adm", "Brig", "Cpl", "Pres", "approx", "est"}


def statement(content: str, *, min_chars: int = 20) -> str:
    """A claim's content cut at the first point where something else runs on after the
    statement: a new sentence, a dash or semicolon clause, or a reporting clause (", he
    said", ", adding that"), when what is kept has at least ``min_chars`` characters.

    Examples
    --------
    >>> statement("an iron curtain is descending between Russia and the West. It is already "
    ...           "happening, he told reporters")
    'an iron curtain is descending between Russia and the West.'
    >>> statement("Moscow will respond, adding that it saw no threat")
    'Moscow will respond, adding that it saw no threat'
    """
    text = str(content).strip()
    for m in _RUN_ON.finditer(text):
        before = text[:m.start()].rsplit(None, 1)[-1] if m.start() else ""
        if before[:-1] in _ABBREVIATIONS:
            continue
        if m.start() >= min_chars:
            return text[:m.start()].rstrip(" ,;\"”’'")
    return text


def _candidate_pairs(texts: list[str], arts: list[str], *, threshold: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (a < b) of texts of different articles worth scoring: those that share
    a word (3 letters or more) found in at most ``_COMMON`` texts, and whose lengths allow a
    ``token_sort_ratio`` of ``threshold`` (0-1) at all.

    Two statements of the same claim share a name, a number or an uncommon word; texts
    that share only common words ("that", "said", "trump") are not compared. On the
    first 800 articles of the News Articles corpus this keeps 165 of the 182 pairs that
    ``token_sort_ratio`` puts at 0.7 or more; all but one of the 17 it drops are short
    commonplaces ("this is not a crisis" / "this is not decoration"); see
    ``benchmarks/corroboration_speed.py``. It turns the 1.25 billion comparisons of
    every pair of 50,000 claims into a few million. The length bound drops no pair that
    could score ``threshold``: the ratio is ``2 * common / (len_a + len_b)``, at most
    ``2 * shorter / (shorter + longer)``, so the shorter text must be at least
    ``threshold / (2 - threshold)`` of the longer one.
    """
    n = len(texts)
    tokens = [t.split() for t in texts]
    lengths = np.array([sum(map(len, ts)) + max(0, len(ts) - 1) for ts in tokens], np.int64)
    words = [{w for w in ts if len(w) >= 3} for ts in tokens]
    df = Counter(w for ws in words for w in ws)
    index: dict[str, list[int]] = defaultdict(list)
    for i, ws in enumerate(words):
        for w in ws:
            if df[w] <= _COMMON:
                index[w].append(i)  # ascending: each list is sorted
    bound = threshold / (2 - threshold) if threshold > 0 else 0.0
    codes = []
    for ids in index.values():
        if len(ids) < 2:
            continue
        a, b = np.asarray(ids, np.int64)[np.array(np.triu_indices(len(ids), 1))]
        la, lb = lengths[a], lengths[b]
        keep = np.minimum(la, lb) >= bound * np.maximum(la, lb)
        codes.append(a[keep] * n + b[keep])
    if not codes:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    pairs = np.unique(np.concatenate(codes))
    a, b = np.divmod(pairs, n)
    art = np.unique(np.asarray(arts, dtype=object).astype(str), return_inverse=True)[1]
    keep = art[a] != art[b]
    return a[keep], b[keep]


def _similar_pairs(texts: list[str], arts: list[str], scorer, cutoff: float) -> list[tuple[int, int, float]]:
    """(a, b, score) for the candidate pairs whose ``scorer`` score is at least ``cutoff`` (0-100)."""
    from rapidfuzz import process

    left, right = _candidate_pairs(texts, arts, threshold=cutoff / 100)
    if not len(left):
        return []
    sims = process.cpdist([texts[i] for i in left], [texts[j] for j in right], scorer=scorer,
                          score_cutoff=cutoff, workers=-1)
    return [(a, b, s) for a, b, s in zip(left.tolist(), right.tolist(), np.asarray(sims).tolist()) if s >= cutoff]


def _components(n: int, pairs: list[tuple[int, int, float]]) -> list[list[int]]:
    parent = list(range(n))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, _ in pairs:
        parent[find(a)] = find(b)
    comps: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        comps[find(i)].append(i)
    return [c for c in comps.values() if len(c) > 1]


def _required(words: np.ndarray, threshold: float, short: int) -> np.ndarray:
    """The similarity two statements must reach, by the word count of the shorter: the
    threshold for ``short`` words or more, rising linearly to 1.0 for a single word. Two
    short clauses share words by chance ("his condolences to the families affected" / "her
    condolences to those affected"); a long statement that reads 0.7 alike is the same one
    reworded."""
    n = np.minimum.outer(words, words).astype(np.float32)
    if short <= 0:
        return np.full(n.shape, threshold, np.float32)
    return threshold + (1.0 - threshold) * np.clip((short - n) / short, 0.0, 1.0)


def _complete_link(members: list[int], texts: list[str], scorer, threshold: float,
                   short: int) -> list[tuple[list[int], np.ndarray]]:
    """Cut a component into groups in which every two members score ``threshold`` (0-1) or
    more (more for short statements, :func:`_required`); each group with its similarity
    matrix (0-1)."""
    from rapidfuzz import process
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    sub = [texts[i] for i in members]
    sim = process.cdist(sub, sub, scorer=scorer, workers=-1, dtype=np.float32) / 100.0
    sim = np.minimum(sim, sim.T)
    # how far each pair stands above what it needs, on the threshold's scale
    margin = sim - _required(np.array([len(t.split()) for t in sub]), threshold, short) + threshold
    np.fill_diagonal(margin, 1.0)
    if margin.min() >= threshold:
        return [(members, sim)]
    if len(members) == 2:
        return []
    dist = 1.0 - margin
    np.fill_diagonal(dist, 0.0)
    labels = fcluster(linkage(squareform(dist, checks=False), method="complete"), t=1.0 - threshold + 1e-6,
                      criterion="distance")
    out = []
    for lab in np.unique(labels):
        idx = np.flatnonzero(labels == lab)
        if len(idx) > 1:
            out.append(([members[i] for i in idx], sim[np.ix_(idx, idx)]))
    return out


def corroboration(ann, *, threshold: float = 0.7, scorer: str = "token_sort_ratio", min_chars: int = 20,
                  short_words: int = 10, reuse: pd.DataFrame | bool = True) -> pd.DataFrame:
    """Coherent groups of claims that state the same thing, with their independent origins.

    Parameters
    ----------
    ann
        Annotations with ``claims``, ``articles`` and ``actors``.
    threshold
        Minimum similarity (0-1) of two members' statements (:func:`statement`,
        normalized). Every two members of a group score at least this much (complete-link
        grouping), so a group states one thing.
    scorer
        Name of a :mod:`rapidfuzz.fuzz` scorer. ``token_sort_ratio`` (default) ignores
        word order but not length, so a short clause is not matched to a long quotation
        that happens to contain its words (``token_set_ratio`` would).
    min_chars
        Claims whose statement is shorter ("it", "this") are not grouped.
    short_words
        A pair whose shorter statement has fewer words must read more alike: the required
        similarity rises linearly from ``threshold`` at this many words to 1.0 at one word
        (0.82 for six words at the default threshold). ``0`` turns it off.
    reuse
        The :func:`~newsanalysis.analyse.reuse.reuse` table, ``True`` to compute it, or
        ``False`` to count every article as its own source.

    Returns
    -------
    pandas.DataFrame
        One row per group that spans at least two articles: group_id, content (the
        centre's), centre_claim_id, n_claims, n_articles, n_outlets (known outlets; an
        unknown outlet never counts), outlets, n_unknown_outlet (articles), and
        n_independent_origins, origins (names as written), origin_keys, single_origin,
        anonymous_only, n_reused (articles that are copies of another member's story);
        the spread: min_similarity (the least alike pair), mean_similarity (to the
        centre); over time: first_published, first_outlet, first_article_id, outlet_order
        (outlets in the order they first carried it), span_days; claim_ids. Sorted by
        n_articles (desc), then the first claim id.

    Examples
    --------
    >>> groups = corroboration(ann)                                          # doctest: +SKIP
    >>> groups[groups.n_articles >= 3][["content", "n_independent_origins"]]  # doctest: +SKIP
    """
    from rapidfuzz import fuzz

    claims = table_of(ann, "claims")
    if claims.empty:
        return pd.DataFrame(columns=_COLS)
    claims = claims.sort_values("claim_id", ignore_index=True)
    norm = [comparable(statement(c, min_chars=min_chars)) for c in claims["content"]]
    ok = [i for i, n in enumerate(norm) if len(n) >= min_chars]
    if len(ok) < 2:
        return pd.DataFrame(columns=_COLS)
    texts = [norm[i] for i in ok]
    arts = [claims["article_id"].iat[i] for i in ok]
    score = getattr(fuzz, scorer)
    groups = []
    for comp in _components(len(ok), _similar_pairs(texts, arts, score, threshold * 100)):
        for members, sim in _complete_link(comp, texts, score, threshold, short_words):
            if len({arts[m] for m in members}) > 1:
                groups.append(([ok[m] for m in members], sim, [texts[m] for m in members]))
    if not groups:
        return pd.DataFrame(columns=_COLS)
    articles = table_of(ann, "articles")
    outlets = article_outlets(articles)
    published = dict(zip(articles["article_id"], articles["published"])) if "published" in articles else {}
    if isinstance(reuse, pd.DataFrame):
        table = reuse
    elif reuse and "text" in articles:
        from newsanalysis.analyse.reuse import reuse as find_reuse

        table = find_reuse(articles)
    else:
        table = pd.DataFrame(columns=["article_id", "reuse_id"])
    reuse_ids = dict(zip(table["article_id"], table["reuse_id"]))
    grouped = claims.iloc[sorted({i for idx, _, _ in groups for i in idx})]
    chains = {row["claim_id"]: hops for row, hops in chains_of(_Claims(ann, grouped))}
    actors = getattr(ann, "actors", None)
    sents = table_of(ann, "sentences")
    wanted = set(zip(grouped["article_id"], grouped["sent_idx"].astype(int)))
    sentences = {(a, int(i)): t for a, i, t in zip(sents.get("article_id", []), sents.get("sent_idx", []),
                                                   sents.get("text", [])) if (a, int(i)) in wanted}
    cols = {c: grouped[c].tolist() for c in ("claim_id", "article_id", "sent_idx", "content", "anonymous")}
    record = {i: {c: v[k] for c, v in cols.items()} for k, i in enumerate(grouped.index)}
    rows = [_group_row([record[i] for i in idx], sim, statements, chains, outlets, published, reuse_ids, sentences,
                       actors) for idx, sim, statements in groups]
    out = pd.DataFrame(rows)
    out["_first"] = out["claim_ids"].map(lambda c: c[0])
    out = out.sort_values(["n_articles", "_first"], ascending=[False, True], ignore_index=True)
    out.insert(0, "group_id", [f"g{i:04d}" for i in range(len(out))])
    return out[_COLS]


class _Claims:
    """Annotations seen with a subset of their claims (``chains_of`` reads ``claims`` and ``actors``)."""

    def __init__(self, ann, claims: pd.DataFrame):
        self.claims, self.actors = claims, getattr(ann, "actors", None)


def _when(published: dict, article_id: str):
    t = published.get(article_id)
    return (pd.isna(t), t if not pd.isna(t) else pd.Timestamp(0, tz="UTC"), article_id)


def _group_row(members: list[dict], sim: np.ndarray, statements: list[str], chains, outlets, published,
               reuse_ids, sentences, actors) -> dict:
    centre = int(np.argmax(sim.sum(axis=1)))
    arts = [m["article_id"] for m in members]
    keys = [origin_key(chains[m["claim_id"]], anonymous=bool(m["anonymous"]), article_id=m["article_id"],
                       outlet=outlets.get(m["article_id"], ""), actors=actors) for m in members]
    keys = count_origins(keys, contents=[m["content"] for m in members], statements=statements,
                         evidence=[(m["article_id"], int(m["sent_idx"])) for m in members],
                         reuse_ids=reuse_ids, sentences=sentences)
    names = [chains[m["claim_id"]][0]["source"] for m in members]
    member_outlets = [outlets.get(a, UNKNOWN_OUTLET) for a in arts]
    known = sorted({o for o in member_outlets if o != UNKNOWN_OUTLET})
    order = sorted(range(len(members)), key=lambda i: _when(published, arts[i]))
    dates = [published.get(a) for a in arts]
    dates = [d for d in dates if d is not None and not pd.isna(d)]
    clusters = Counter(reuse_ids[a] for a in set(arts) if a in reuse_ids)
    first = order[0]
    off = sim[centre].copy()
    off[centre] = np.nan
    return {
        "content": members[centre]["content"], "centre_claim_id": members[centre]["claim_id"],
        "n_claims": len(members), "n_articles": len(set(arts)), "n_outlets": len(known), "outlets": known,
        "n_unknown_outlet": len({a for a, o in zip(arts, member_outlets) if o == UNKNOWN_OUTLET}),
        "n_independent_origins": len(set(keys)), "origins": sorted(set(names)), "origin_keys": sorted(set(keys)),
        "single_origin": len(set(keys)) == 1, "anonymous_only": all(bool(m["anonymous"]) for m in members),
        "n_reused": sum(n - 1 for n in clusters.values() if n > 1),
        "min_similarity": round(float(sim.min()), 3), "mean_similarity": round(float(np.nanmean(off)), 3),
        "first_published": published.get(arts[first], pd.NaT), "first_outlet": member_outlets[first],
        "first_article_id": arts[first], "outlet_order": list(dict.fromkeys(member_outlets[i] for i in order)),
        "span_days": round((max(dates) - min(dates)).total_seconds() / 86400, 2) if dates else np.nan,
        "claim_ids": sorted(m["claim_id"] for m in members),
    }


def claim_spread(ann, group, *, groups: pd.DataFrame | None = None) -> pd.DataFrame:
    """How one claim group spread: its members in the order they appeared.

    Parameters
    ----------
    ann
        Annotations (claims, articles, sentences).
    group
        A row of :func:`corroboration`, its ``group_id`` (then ``groups`` is needed), or a
        list of claim ids.
    groups
        The :func:`corroboration` table ``group`` is looked up in.

    Returns
    -------
    pandas.DataFrame
        One row per member, earliest first (unknown dates last): order (1 = first
        appearance), published, outlet, article_id, title, claim_id, speaker, content,
        sentence (the evidence), first_for_outlet (the outlet's first carrying of it).
    """
    if isinstance(group, str):
        if groups is None:
            raise ValueError("claim_spread: a group_id needs the corroboration table as groups=")
        group = groups.set_index("group_id").loc[group]
    ids = list(group["claim_ids"]) if not isinstance(group, (list, tuple)) else list(group)
    claims = table_of(ann, "claims")
    sub = claims[claims["claim_id"].isin(ids)]
    articles = table_of(ann, "articles").set_index("article_id")
    sentences = table_of(ann, "sentences")
    sents = {(a, int(i)): t for a, i, t in zip(sentences["article_id"], sentences["sent_idx"], sentences["text"])}
    outlets = article_outlets(table_of(ann, "articles"))
    rows = [{"published": articles["published"].get(r.article_id, pd.NaT) if "published" in articles else pd.NaT,
             "outlet": outlets.get(r.article_id, UNKNOWN_OUTLET), "article_id": r.article_id,
             "title": articles["title"].get(r.article_id, "") if "title" in articles else "",
             "claim_id": r.claim_id, "speaker": r.speaker, "content": r.content,
             "sentence": sents.get((r.article_id, int(r.sent_idx)), "")} for r in sub.itertuples(index=False)]
    out = pd.DataFrame(rows, columns=["published", "outlet", "article_id", "title", "claim_id", "speaker",
                                      "content", "sentence"])
    out["_nat"] = out["published"].isna()
    out = out.sort_values(["_nat", "published", "article_id", "claim_id"], ignore_index=True).drop(columns="_nat")
    out.insert(0, "order", range(1, len(out) + 1))
    out["first_for_outlet"] = ~out["outlet"].duplicated()
    return out
