"""Actor networks whose every edge keeps its evidence.

:func:`actor_network` turns the tables of an :class:`~newsanalysis.annotate.Annotations`
object into a networkx graph:

- ``"cooccurrence"`` (undirected): actors mentioned in the same sentence, or within
  ``window`` sentences of each other;
- ``"attribution"`` (directed): speaker -> each actor mentioned in the content of a claim;
- ``"citation"`` (directed): source -> medium -> publisher, along each claim's provenance chain.

Every edge has ``weight`` and ``evidence``: the sorted list of ``(article_id, sent_idx)``
pairs that made it, so any edge can be shown with the sentences behind it
(:func:`strongest_edges`). Every node has ``name, kind, country, roles, mentions, articles,
degree`` (degree centrality), ``betweenness`` (betweenness centrality) and ``community``
(Louvain, seeded, numbered by size).
"""

from __future__ import annotations

import warnings
from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations, pairwise

import networkx as nx
import pandas as pd

from newsanalysis.annotate.actors import hop_actor, lookup_actor, slug
from newsanalysis.annotations import table_of
from newsanalysis.schemas import THIS_ARTICLE

__all__ = [
    "NETWORK_KINDS",
    "NetworkWarning",
    "actor_network",
    "edge_evidence",
    "strongest_edges",
    "top_actors",
]

NETWORK_KINDS = ("cooccurrence", "attribution", "citation")
#: Above this many nodes betweenness is estimated from a seeded sample of source nodes.
EXACT_BETWEENNESS_MAX_NODES = 600


class NetworkWarning(UserWarning):
    """A network could not be built from what the annotations hold (e.g. no claims yet)."""


def _article_filter(df: pd.DataFrame, article_ids) -> pd.DataFrame:
    if article_ids is None or df.empty or "article_id" not in df.columns:
        return df
    keep = set(map(str, article_ids))
    return df[df["article_id"].astype(str).isin(keep)]


def _actor_info(ann) -> dict[str, dict]:
    actors = table_of(ann, "actors")
    info: dict[str, dict] = {}
    if actors.empty:
        return info
    for row in actors.itertuples(index=False):
        roles = getattr(row, "roles", None)
        roles = list(roles) if roles is not None and not isinstance(roles, float) else []
        country = getattr(row, "country", None)
        info[row.actor_id] = {
            "name": row.name,
            "kind": row.kind,
            "country": country if isinstance(country, str) else "",
            "roles": "; ".join(map(str, roles[:3])),
        }
    return info


def _add_edge(edges: dict, a: str, b: str, ev: tuple[str, int]) -> None:
    edges[(a, b)].add(ev)


def _cooccurrence_edges(mentions: pd.DataFrame, window) -> dict:
    edges: dict[tuple[str, str], set] = defaultdict(set)
    m = mentions[["article_id", "sent_idx", "actor_id"]].drop_duplicates()
    m = m.sort_values(["article_id", "sent_idx", "actor_id"])
    by_sent: dict[tuple[str, int], list[str]] = defaultdict(list)
    for aid, sidx, act in zip(m["article_id"].astype(str).tolist(), m["sent_idx"].astype(int).tolist(),
                              m["actor_id"].tolist()):
        by_sent[(aid, sidx)].append(act)
    if window == "sentence" or window == 0:
        for ev, acts in by_sent.items():
            for a, b in combinations(acts, 2):  # acts are sorted and unique
                _add_edge(edges, a, b, ev)
        return edges
    if not isinstance(window, int) or window < 0:
        raise ValueError(f"window must be 'sentence' or a non-negative int, not {window!r}")
    by_article: dict[str, list[int]] = defaultdict(list)
    for aid, sidx in by_sent:
        by_article[aid].append(sidx)
    for aid, sents in by_article.items():
        sents.sort()
        for i, s in enumerate(sents):
            for t in sents[i:]:
                if t - s > window:
                    break
                for a in by_sent[(aid, s)]:
                    for b in by_sent[(aid, t)]:
                        if a == b:
                            continue
                        pair = (a, b) if a < b else (b, a)
                        edges[pair].add((aid, s))
                        edges[pair].add((aid, t))
    return edges


def _claims_ready(claims: pd.DataFrame, needed: Iterable[str], kind: str) -> bool:
    missing = [c for c in needed if c not in claims.columns]
    if claims.empty or missing:
        why = "the claims table is empty" if claims.empty else f"claims lack columns {missing}"
        warnings.warn(f"{kind} network: {why}; returning an empty graph", NetworkWarning, stacklevel=3)
        return False
    return True


def _attribution_edges(claims: pd.DataFrame, mentions: pd.DataFrame) -> dict:
    edges: dict[tuple[str, str], set] = defaultdict(set)
    c = claims.dropna(subset=["speaker_actor_id", "content_start", "content_end"])
    if c.empty or mentions.empty:
        return edges
    by_article: dict[str, list[tuple[int, int, int, str]]] = defaultdict(list)
    for aid, s, e, si, act in zip(mentions["article_id"].astype(str), mentions["start"].astype(int),
                                  mentions["end"].astype(int), mentions["sent_idx"].astype(int),
                                  mentions["actor_id"]):
        by_article[aid].append((s, e, si, act))
    for aid, spk, cs, ce in zip(c["article_id"].astype(str), c["speaker_actor_id"],
                                c["content_start"].astype(int), c["content_end"].astype(int)):
        for s, e, si, act in by_article.get(aid, ()):
            if s >= cs and e <= ce and act != spk:
                _add_edge(edges, spk, act, (aid, si))
    return edges


def _publisher(article: dict | None) -> tuple[str, str]:
    """(label, kind) of the publishing outlet of an article."""
    if article is None:
        return THIS_ARTICLE, "media"
    outlet = str(article.get("outlet") or "").strip()
    if outlet:
        return outlet, "media"
    title = str(article.get("title") or "").strip()
    return (f"(this article: {title})" if title else THIS_ARTICLE), "media"


def _citation_edges(ann, claims: pd.DataFrame, node_meta: dict) -> dict:
    edges: dict[tuple[str, str], set] = defaultdict(set)
    arts = table_of(ann, "articles")
    art_rows = {str(r["article_id"]): r for r in arts.to_dict("records")} if not arts.empty else {}
    actors = table_of(ann, "actors")

    def hop_node(hop: dict, speaker_actor) -> str:
        act = hop.get("actor_id")
        if isinstance(act, str) and act:
            return act
        if isinstance(speaker_actor, str) and speaker_actor:
            return speaker_actor
        src = str(hop.get("source") or "").strip() or "(unnamed source)"
        found = hop_actor(actors, hop)
        if found:
            return found
        nid = f"source:{slug(src)}"
        node_meta.setdefault(nid, {"name": src, "kind": str(hop.get("kind") or "source"),
                                   "country": "", "roles": ""})
        return nid

    speakers = (claims["speaker_actor_id"] if "speaker_actor_id" in claims.columns
                else pd.Series([None] * len(claims), index=claims.index))
    for aid, sidx, chain, spk in zip(claims["article_id"].astype(str), claims["sent_idx"].astype(int),
                                     claims["chain"], speakers):
        if chain is None or isinstance(chain, float) or len(chain) < 2:
            continue
        nodes = []
        for i, hop in enumerate(chain):
            hop = dict(hop)
            if str(hop.get("source", "")).strip() == THIS_ARTICLE:
                label, kind = _publisher(art_rows.get(aid))
                nid = lookup_actor(actors, label) if label != THIS_ARTICLE and not label.startswith("(") else None
                if nid is None:
                    nid = f"outlet:{slug(label)}"
                    node_meta.setdefault(nid, {"name": label, "kind": kind, "country": "", "roles": ""})
                nodes.append(nid)
            else:
                nodes.append(hop_node(hop, spk if i == 0 else None))
        for a, b in pairwise(nodes):
            if a != b:
                _add_edge(edges, a, b, (aid, sidx))
    return edges


def _finish(G: nx.Graph, seed: int, betweenness_k: int | None) -> nx.Graph:
    n = G.number_of_nodes()
    if n == 0:
        return G
    nx.set_node_attributes(G, nx.degree_centrality(G) if n > 1 else {v: 0.0 for v in G}, "degree")
    k = betweenness_k
    if k is None and n > EXACT_BETWEENNESS_MAX_NODES:
        k = max(8, (EXACT_BETWEENNESS_MAX_NODES * 150) // n)
    if k is not None and k <= 0:
        bc = {v: float("nan") for v in G}
        G.graph["betweenness"] = "not computed (betweenness_k=0)"
    elif k is not None and k < n:
        # distance = 1/weight would be the weighted variant; unweighted hops are the convention
        bc = nx.betweenness_centrality(G, k=k, seed=seed)
        G.graph["betweenness"] = f"estimated from {k} seeded source nodes"
    else:
        bc = nx.betweenness_centrality(G)
        G.graph["betweenness"] = "exact"
    nx.set_node_attributes(G, bc, "betweenness")
    U = G.to_undirected() if G.is_directed() else G
    comms = nx.community.louvain_communities(U, weight="weight", seed=seed)
    comms = sorted((sorted(c) for c in comms), key=lambda c: (-len(c), c[0]))
    for i, c in enumerate(comms):
        for v in c:
            G.nodes[v]["community"] = i
    return G


def actor_network(
    ann,
    *,
    kind: str = "cooccurrence",
    window: str | int = "sentence",
    min_weight: int = 1,
    actor_kinds: Iterable[str] | None = None,
    article_ids: Iterable[str] | None = None,
    keep_isolates: bool = False,
    seed: int = 42,
    betweenness_k: int | None = None,
) -> nx.Graph:
    """Build an actor network from annotations; every edge carries weight and evidence.

    Parameters
    ----------
    ann
        An ``Annotations`` object (or anything with DataFrame attributes ``mentions``,
        ``actors``, ``claims``, ``articles``).
    kind
        ``"cooccurrence"`` (undirected), ``"attribution"`` or ``"citation"`` (directed).
    window
        Co-occurrence unit: ``"sentence"`` (the same sentence) or an int ``w`` (sentences at
        most ``w`` apart in the same article; ``0`` is the same as ``"sentence"``).
    min_weight
        Drop edges lighter than this.
    actor_kinds
        Keep only actors of these kinds (person, organization, country, media, group,
        place). By default every kind but ``place``: a city or a site is where things
        happen, not who acts.
    article_ids
        Use only these articles (a date range or outlet chosen by the caller).
    keep_isolates
        Keep actors left without edges (co-occurrence only).
    seed
        Seed of the Louvain communities and of sampled betweenness.
    betweenness_k
        Estimate betweenness from this many seeded source nodes (``0``: skip it, NaN). By
        default exact up to ``EXACT_BETWEENNESS_MAX_NODES`` nodes; beyond, estimated from
        ``max(8, 90000 // n)`` sources (networkx is pure Python: a corpus-wide graph of
        ~19,000 actors costs ~0.2 s per source), which ranks the hubs but is rough for the
        rest: filter with ``min_weight`` for exact figures.

    Returns
    -------
    networkx.Graph or networkx.DiGraph
        Edges: ``weight`` (the number of distinct evidence sentences: for co-occurrence the
        sentences where both actors appear, or that hold one of them within the window;
        for attribution and citation the sentences of the claims that link them) and
        ``evidence`` (sorted list of ``(article_id, sent_idx)``). Nodes: ``name, kind, country, roles, mentions,
        articles, degree, betweenness, community``. ``G.graph`` records the options.

    Examples
    --------
    >>> import newsanalysis as na
    >>> ann = na.annotate(na.load_articles("data/sample"), progress=False)
    >>> G = actor_network(ann, kind="cooccurrence", min_weight=2)
    >>> article_id, sent_idx = G.edges["person:joe-biden", "country:ukraine"]["evidence"][0]
    >>> print(ann.sentence(article_id, sent_idx))   # doctest: +ELLIPSIS
    The reports about ... U.S. President Joe Biden, ... the war against Ukraine.
    """
    if kind not in NETWORK_KINDS:
        raise ValueError(f"kind must be one of {NETWORK_KINDS}, not {kind!r}")
    mentions = _article_filter(table_of(ann, "mentions"), article_ids)
    if "actor_id" in mentions.columns:
        mentions = mentions[mentions["actor_id"].notna()]
    else:
        mentions = mentions.iloc[0:0].assign(actor_id=pd.Series(dtype=object))
    meta = _actor_info(ann)
    kinds = set(actor_kinds) if actor_kinds is not None else None

    def wanted(kind_of_node) -> bool:  # by default every kind but place
        return kind_of_node in kinds if kinds is not None else kind_of_node != "place"

    mentions = mentions[[wanted(meta.get(a, {}).get("kind")) for a in mentions["actor_id"]]]

    node_meta: dict[str, dict] = {}
    G: nx.Graph = nx.Graph() if kind == "cooccurrence" else nx.DiGraph()
    G.graph.update(kind=kind, window=window, min_weight=min_weight, seed=seed)
    if kind == "cooccurrence":
        edges = _cooccurrence_edges(mentions, window) if not mentions.empty else {}
    else:
        claims = _article_filter(table_of(ann, "claims"), article_ids)
        needed = (["speaker_actor_id", "article_id", "sent_idx", "content_start", "content_end"]
                  if kind == "attribution" else ["article_id", "sent_idx", "chain"])
        if not _claims_ready(claims, needed, kind):
            return G
        if kind == "attribution":
            edges = _attribution_edges(claims, mentions)
        else:
            edges = _citation_edges(ann, claims, node_meta)
        def ok(v):
            return wanted((meta.get(v) or node_meta.get(v, {})).get("kind"))

        edges = {e: ev for e, ev in edges.items() if ok(e[0]) and ok(e[1])}

    # node counts
    n_mentions: dict = {}
    n_articles: dict = {}
    if not mentions.empty:
        n_mentions = mentions["actor_id"].value_counts().to_dict()
        n_articles = mentions.drop_duplicates(["actor_id", "article_id"])["actor_id"].value_counts().to_dict()
    for (a, b), ev in sorted(edges.items()):
        if len(ev) < 1:
            continue
        weight = len(ev)
        if weight < min_weight:
            continue
        G.add_edge(a, b, weight=weight, evidence=sorted(ev))
    if kind == "cooccurrence" and keep_isolates:
        G.add_nodes_from(sorted(n_mentions))
    for v in G.nodes:
        info = dict(meta.get(v) or node_meta.get(v) or {"name": v, "kind": "", "country": "", "roles": ""})
        if v in n_mentions:
            info["mentions"] = int(n_mentions[v])
            info["articles"] = int(n_articles.get(v, 0))
        else:
            evs = set()
            for _, _, d in (G.in_edges(v, data=True) if G.is_directed() else []):
                evs.update(d["evidence"])
            for _, _, d in (G.out_edges(v, data=True) if G.is_directed() else G.edges(v, data=True)):
                evs.update(d["evidence"])
            info["mentions"] = len(evs)
            info["articles"] = len({a for a, _ in evs})
        G.nodes[v].update(info)
    return _finish(G, seed, betweenness_k)


def top_actors(ann_or_G, n: int = 20) -> pd.DataFrame:
    """The ``n`` most-mentioned actors, as a DataFrame.

    Parameters
    ----------
    ann_or_G
        A graph from :func:`actor_network` (columns include its centralities and
        community) or an ``Annotations`` object (from its ``actors`` table).
    n
        How many rows.

    Examples
    --------
    >>> import newsanalysis as na
    >>> ann = na.annotate(na.load_articles("data/sample"), progress=False)
    >>> top_actors(ann, n=2)["name"].tolist()
    ['Russia', 'Ukraine']
    """
    if isinstance(ann_or_G, nx.Graph):
        G = ann_or_G
        rows = [{"actor_id": v, **{k: d.get(k) for k in ("name", "kind", "country", "roles", "mentions",
                                                          "articles", "degree", "betweenness", "community")},
                 "weighted_degree": G.degree(v, weight="weight")} for v, d in G.nodes(data=True)]
        cols = ["actor_id", "name", "kind", "country", "roles", "mentions", "articles", "weighted_degree",
                "degree", "betweenness", "community"]
        df = pd.DataFrame(rows, columns=cols)
        if df.empty:
            return df
        return df.sort_values(["mentions", "weighted_degree", "actor_id"], ascending=[False, False, True]
                              ).head(n).reset_index(drop=True)
    actors = table_of(ann_or_G, "actors")
    if actors.empty:
        return actors.copy()
    return actors.sort_values(["n_mentions", "n_articles", "actor_id"], ascending=[False, False, True]
                              ).head(n).reset_index(drop=True)


def edge_evidence(ann, evidence: Iterable[tuple[str, int]]) -> list[str]:
    """The sentence texts of ``(article_id, sent_idx)`` pairs, in the same order."""
    sents = table_of(ann, "sentences")
    if sents.empty:
        return ["" for _ in evidence]
    index = dict(zip(zip(sents["article_id"].astype(str), sents["sent_idx"].astype(int)), sents["text"]))
    return [index.get((str(a), int(s)), "") for a, s in evidence]


def strongest_edges(G: nx.Graph, n: int = 20, ann=None) -> pd.DataFrame:
    """The ``n`` heaviest edges with their evidence (and its sentences when ``ann`` is given).

    Returns
    -------
    pandas.DataFrame
        ``source, target, source_name, target_name, weight, n_evidence, evidence`` and, with
        ``ann``, ``sentences`` (list of the evidence sentences' texts). Sorted by weight
        descending, then source and target.
    """
    rows = []
    for a, b, d in G.edges(data=True):
        if not G.is_directed() and str(b) < str(a):
            a, b = b, a
        rows.append({
            "source": a, "target": b,
            "source_name": G.nodes[a].get("name", a), "target_name": G.nodes[b].get("name", b),
            "weight": d.get("weight", 1), "n_evidence": len(d.get("evidence", [])),
            "evidence": list(d.get("evidence", [])),
        })
    df = pd.DataFrame(rows, columns=["source", "target", "source_name", "target_name", "weight",
                                     "n_evidence", "evidence"])
    df = df.sort_values(["weight", "source", "target"], ascending=[False, True, True]).head(n)
    df = df.reset_index(drop=True)
    if ann is not None:
        df["sentences"] = [edge_evidence(ann, ev) for ev in df["evidence"]]
    return df
