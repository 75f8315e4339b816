"""Provenance of claims: chains as a tidy table and a graph, and corroboration across articles.

* :func:`provenance` -- one row per claim: origin, conduits, publisher, anonymity, status
  and the evidence sentence.
* :func:`provenance_graph` -- origin -> conduit -> publisher as a weighted DiGraph whose
  edges keep the (article_id, sent_idx) pairs that made them.
* :func:`corroboration` -- groups of claims that state the same thing in different
  articles, with the number of **independent origins**: two articles that trace a claim
  to anonymous officials via the same newspaper count once.
* :func:`filter_provenance` -- the filter the explorer widget calls.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import networkx as nx
import numpy as np
import pandas as pd

from newsanalysis.analyse.coverage import document_name
from newsanalysis.annotate.actors import hop_actor
from newsanalysis.schemas import THIS_ARTICLE

__all__ = ["corroboration", "filter_provenance", "origin_key", "provenance", "provenance_graph"]

_ANON_KINDS = {"anonymous", "unnamed_group"}


def _norm(text: str) -> str:
    text = re.sub(r"^(the|a|an)\s+", "", str(text).strip(), flags=re.IGNORECASE)
    return re.sub(r"[^\w ]+", "", text).casefold().strip()


def _hop_key(hop: dict, actors: pd.DataFrame | None) -> str:
    """A stable node id for a hop: its actor when known (:func:`hop_actor`, as the networks
    look hops up), else its normalized name."""
    actor = hop_actor(actors, hop)
    return actor if actor else f"text:{_norm(hop['source'])}"


def _publisher(articles: pd.DataFrame) -> dict[str, str]:
    out = {}
    for row in articles.itertuples(index=False):
        outlet = getattr(row, "outlet", "") or ""
        # else a name a reader can find the article by: its title, else its file
        title = str(getattr(row, "title", "") or "")
        if len(title) > 40:
            title = title[:40].rsplit(" ", 1)[0].rstrip(" ,:;") + "…"
        file = document_name(str(getattr(row, "source", "") or ""))
        out[row.article_id] = outlet or (f"“{title}”" if title else file) or f"article {row.article_id[:8]}"
    return out


def _chains(ann) -> list[tuple[pd.Series, list[dict]]]:
    """Each claim with its chain, the speaker hop carrying the claim's speaker_actor_id."""
    actors = getattr(ann, "actors", None)
    out = []
    for _, row in ann.claims.iterrows():
        hops = [dict(h) for h in list(row["chain"])][:-1] or [
            {"source": row["speaker"], "actor_id": None, "kind": row["speaker_kind"], "relation": ""}]
        for h in hops:
            if not h.get("actor_id"):
                if h["source"] == row["speaker"] and pd.notna(row.get("speaker_actor_id")):
                    h["actor_id"] = row["speaker_actor_id"]
                else:
                    h["actor_id"] = hop_actor(actors, h)
        out.append((row, hops))
    return out


def provenance(ann) -> pd.DataFrame:
    """The claims with their chains as a tidy table, one row per claim.

    Parameters
    ----------
    ann
        :class:`~newsanalysis.annotations.Annotations` (articles, sentences, actors, claims).

    Returns
    -------
    pandas.DataFrame
        claim_id, article_id, sent_idx, publisher, published, kind, speaker, speaker_kind,
        origin, origin_kind, origin_actor_id, conduits (list), n_hops, anonymous,
        anonymity_reason, status, content, chain_text, evidence (the sentence), found_by
        ('rules' or 'tagger': which part of the extractor found the claim).

    Examples
    --------
    >>> import newsanalysis as na
    >>> ann = na.annotate(na.load_articles("data/sample"), progress=False)
    >>> prov = provenance(ann)
    >>> row = prov[prov.origin == "unidentified American officials"].iloc[0]
    >>> row.conduits, bool(row.anonymous)
    (['The New York Times'], True)
    """
    publisher = _publisher(ann.articles)
    published = dict(zip(ann.articles["article_id"], ann.articles.get("published", pd.Series(dtype=object))))
    sents = {(a, i): t for a, i, t in zip(ann.sentences["article_id"], ann.sentences["sent_idx"],
                                         ann.sentences["text"])}
    rows = []
    for row, hops in _chains(ann):
        origin = hops[0]
        rows.append({
            "claim_id": row["claim_id"], "article_id": row["article_id"], "sent_idx": int(row["sent_idx"]),
            "publisher": publisher.get(row["article_id"], ""), "published": published.get(row["article_id"]),
            "kind": row["kind"], "speaker": row["speaker"], "speaker_kind": row["speaker_kind"],
            "origin": origin["source"], "origin_kind": origin["kind"], "origin_actor_id": origin["actor_id"],
            "conduits": [h["source"] for h in hops[1:]], "n_hops": len(hops),
            "anonymous": bool(row["anonymous"]), "anonymity_reason": row["anonymity_reason"],
            "status": row["status"], "content": row["content"], "chain_text": row["chain_text"],
            "evidence": sents.get((row["article_id"], int(row["sent_idx"])), ""),
            "found_by": row.get("found_by", "rules"),
        })
    cols = ["claim_id", "article_id", "sent_idx", "publisher", "published", "kind", "speaker",
            "speaker_kind", "origin", "origin_kind", "origin_actor_id", "conduits", "n_hops",
            "anonymous", "anonymity_reason", "status", "content", "chain_text", "evidence", "found_by"]
    return pd.DataFrame(rows, columns=cols).sort_values(["article_id", "claim_id"], ignore_index=True)


def provenance_graph(ann) -> nx.DiGraph:
    """Origin -> conduit -> publisher graph of every claim's chain.

    Nodes are keyed by actor id when known (else ``text:<normalized name>``) and carry
    ``label``, ``kind`` and ``roles`` (origin, conduit, publisher). Edges carry ``weight``
    (number of claims), ``relation``, ``claim_ids`` and ``evidence`` (sorted
    ``(article_id, sent_idx)`` pairs).
    """
    actors = getattr(ann, "actors", None)
    publisher = _publisher(ann.articles)
    g = nx.DiGraph()
    for row, hops in _chains(ann):
        keys = [_hop_key(h, actors) for h in hops]
        pub = publisher.get(row["article_id"], THIS_ARTICLE)
        keys.append(f"publisher:{pub}")
        labels = [h["source"] for h in hops] + [pub]
        kinds = [h["kind"] for h in hops] + ["publisher"]
        roles = ["origin"] + ["conduit"] * (len(hops) - 1) + ["publisher"]
        for k, lab, kind, role in zip(keys, labels, kinds, roles):
            if k not in g:
                g.add_node(k, label=lab, kind=kind, roles=set())
            g.nodes[k]["roles"].add(role)
        for i in range(len(keys) - 1):
            if keys[i] == keys[i + 1]:
                continue
            if not g.has_edge(keys[i], keys[i + 1]):
                g.add_edge(keys[i], keys[i + 1], weight=0, relation=hops[i]["relation"] or "cited by",
                           claim_ids=[], evidence=[])
            e = g.edges[keys[i], keys[i + 1]]
            e["weight"] += 1
            e["claim_ids"].append(row["claim_id"])
            e["evidence"].append((row["article_id"], int(row["sent_idx"])))
    for _, _, e in g.edges(data=True):
        e["claim_ids"] = sorted(set(e["claim_ids"]))
        e["evidence"] = sorted(set(e["evidence"]))
    for _, d in g.nodes(data=True):
        d["roles"] = sorted(d["roles"])
    return g


def origin_key(hops: list[dict], *, anonymous: bool, article_id: str, outlet: str,
               actors: pd.DataFrame | None = None) -> str:
    """What makes two claims' origins the same source.

    A named origin is itself (its actor, else its normalized name). An anonymous or
    described origin cannot be told apart by its description ("officials", "U.S.
    officials"), so it is identified by the first medium that carries it: the same
    anonymous officials via the same newspaper are one origin. With no medium in the
    chain, the publishing outlet (else the article) is that medium.
    """
    if not anonymous:
        return _hop_key(hops[0], actors)
    via = next((h for h in hops[1:]), None)
    if via is not None:
        return "anonymous via " + _hop_key(via, actors)
    return "anonymous via publisher:" + (outlet or article_id)


_COMMON = 100  # a word found in more claims than this is too common to pair two claims alone


def _candidate_pairs(texts: list[str], arts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (a < b) of texts of different articles worth scoring: those that share
    a word (3 letters or more) found in at most ``_COMMON`` texts.

    Two statements of the same claim share a name, a number or an uncommon word; texts
    that share only common words ("that", "said", "trump") are not compared. On the
    first 800 articles of the News Articles corpus this keeps 165 of the 182 pairs that
    ``token_sort_ratio`` puts at 0.7 or more; all but one of the 17 it drops are short
    commonplaces ("this is not a crisis" / "this is not decoration"; the one is "china's
    market economy status" / "china as a market economy"); see
    ``benchmarks/corroboration_speed.py``. It turns the 1.25 billion comparisons of
    every pair of 50,000 claims into a few million.
    """
    n = len(texts)
    words = [{w for w in t.split() if len(w) >= 3} for t in texts]
    df = Counter(w for ws in words for w in ws)
    index: dict[str, list[int]] = defaultdict(list)
    for i, ws in enumerate(words):
        for w in ws:
            if df[w] <= _COMMON:
                index[w].append(i)  # ascending: each list is sorted
    codes = [np.asarray(ids, np.int64)[np.array(np.triu_indices(len(ids), 1))]
             for ids in index.values() if len(ids) > 1]
    if not codes:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    pairs = np.unique(np.concatenate([c[0] * n + c[1] for c in codes]))
    a, b = np.divmod(pairs, n)
    art = np.unique(np.asarray(arts, dtype=object).astype(str), return_inverse=True)[1]
    keep = art[a] != art[b]
    return a[keep], b[keep]


def _similar_pairs(texts: list[str], arts: list[str], scorer, cutoff: float) -> list[tuple[int, int, float]]:
    """(a, b, score) for the candidate pairs whose ``scorer`` score is at least ``cutoff`` (0-100)."""
    from rapidfuzz import process

    left, right = _candidate_pairs(texts, arts)
    if not len(left):
        return []
    sims = process.cpdist([texts[i] for i in left], [texts[j] for j in right], scorer=scorer,
                          score_cutoff=cutoff, workers=-1)
    return [(a, b, s) for a, b, s in zip(left.tolist(), right.tolist(), np.asarray(sims).tolist()) if s >= cutoff]


def corroboration(ann, *, threshold: float = 0.7, scorer: str = "token_sort_ratio",
                  min_chars: int = 20) -> pd.DataFrame:
    """Groups of claims that state the same thing, with their independent origins.

    Parameters
    ----------
    ann
        Annotations with ``claims``, ``articles`` (``outlet``) and ``actors``.
    threshold
        Minimum similarity (0-1) of the normalized contents for two claims of different
        articles to state the same thing. Groups are the connected components of that
        relation, so the grouping is fuzzy below 1.0 (the ``fuzzy`` column says when a
        group holds non-identical contents).
    scorer
        Name of a :mod:`rapidfuzz.fuzz` scorer. ``token_sort_ratio`` (default) ignores
        word order but not length, so a short clause is not matched to a long quotation
        that happens to contain its words (``token_set_ratio`` would). It scores only the
        pairs that share a word that is not common (:func:`_candidate_pairs`), so a
        corpus of thousands of articles takes seconds, not hours.
    min_chars
        Claims with shorter content ("it", "this") are not grouped.

    Returns
    -------
    pandas.DataFrame
        One row per group that spans at least two articles: group_id, content (the
        longest member), n_claims, n_articles, n_outlets, n_independent_origins, origins,
        single_origin, anonymous_only, fuzzy, min_similarity, claim_ids; sorted by
        n_articles (desc) then group_id.
    """
    from rapidfuzz import fuzz

    cols = ["group_id", "content", "n_claims", "n_articles", "n_outlets", "n_independent_origins",
            "origins", "single_origin", "anonymous_only", "fuzzy", "min_similarity", "claim_ids"]
    claims = ann.claims.sort_values("claim_id", ignore_index=True)
    norm = [_norm(c) for c in claims["content"]]
    ok = [i for i, n in enumerate(norm) if len(n) >= min_chars]
    if len(ok) < 2:
        return pd.DataFrame(columns=cols)
    texts = [norm[i] for i in ok]
    arts = [claims["article_id"].iat[i] for i in ok]
    parent = list(range(len(ok)))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    pair_sim = {}
    for a, b, s in _similar_pairs(texts, arts, getattr(fuzz, scorer), threshold * 100):
        parent[find(a)] = find(b)
        pair_sim[(a, b)] = s / 100
    groups: dict[int, list[int]] = {}
    for a in range(len(ok)):
        groups.setdefault(find(a), []).append(a)
    outlets = dict(zip(ann.articles["article_id"], ann.articles["outlet"].fillna("")))
    actors = getattr(ann, "actors", None)
    chains = {row["claim_id"]: hops for row, hops in _chains(ann)}
    rows = []
    for members in groups.values():
        idx = [ok[m] for m in members]
        sub = claims.iloc[idx]
        if sub["article_id"].nunique() < 2:
            continue
        keys, origins = set(), set()
        for _, r in sub.iterrows():
            hops = chains[r["claim_id"]]
            keys.add(origin_key(hops, anonymous=bool(r["anonymous"]), article_id=r["article_id"],
                                outlet=outlets.get(r["article_id"], ""), actors=actors))
            origins.add(hops[0]["source"])
        sims = [pair_sim.get((min(a, b), max(a, b)), None) for a in members for b in members if a < b]
        sims = [s for s in sims if s is not None]
        n_outlets = len({outlets.get(a) or f"unknown:{a}" for a in sub["article_id"]})
        rows.append({
            "content": max(sub["content"], key=len), "n_claims": len(sub),
            "n_articles": sub["article_id"].nunique(), "n_outlets": n_outlets,
            "n_independent_origins": len(keys), "origins": sorted(origins),
            "single_origin": len(keys) == 1, "anonymous_only": bool(sub["anonymous"].all()),
            "fuzzy": bool(sims and min(sims) < 1.0), "min_similarity": min(sims) if sims else 1.0,
            "claim_ids": sorted(sub["claim_id"]),
        })
    out = pd.DataFrame(rows, columns=cols[1:])
    if len(out):
        out["_first"] = out["claim_ids"].map(lambda c: c[0])
        out = out.sort_values(["n_articles", "_first"], ascending=[False, True], ignore_index=True)
        out = out.drop(columns="_first")
    out.insert(0, "group_id", [f"g{i:04d}" for i in range(len(out))])
    return out[cols]


def filter_provenance(prov: pd.DataFrame, *, anonymous: bool | None = None, status: str | None = None,
                      outlet: str | None = None) -> pd.DataFrame:
    """Rows of :func:`provenance` matching the explorer's filters (None = any)."""
    mask = pd.Series(True, index=prov.index)
    if anonymous is not None:
        mask &= prov["anonymous"] == anonymous
    if status:
        mask &= prov["status"] == status
    if outlet:
        mask &= prov["publisher"].eq(outlet) | prov["conduits"].map(lambda c: outlet in c) | prov["origin"].eq(outlet)
    return prov[mask].reset_index(drop=True)
