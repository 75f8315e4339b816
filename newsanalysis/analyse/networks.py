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
from collections.abc import Iterable
from functools import partial

import networkx as nx
import pandas as pd

from newsanalysis.analyse.network_parts import add_chosen, add_weights, choose, part_edges, weighed
from newsanalysis.annotations import table_of

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


def _actors(ann) -> pd.DataFrame:
    """The ``actors`` table in memory (a dataset's is vocabulary-sized: one row per actor)."""
    actors = getattr(ann, "actors", None)
    return actors.compute() if hasattr(actors, "__dask_graph__") else table_of(ann, "actors")


def _actor_info(ann) -> dict[str, dict]:
    actors = _actors(ann)
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
    max_evidence: int | None = None,
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
    max_evidence
        Keep at most this many evidence pairs per edge (the first, sorted); the weight still
        counts them all. None keeps every one. For a large corpus on Dask, where the
        evidence of every edge would be brought to this process.

    ``ann`` may be a dataset (:func:`~newsanalysis.open_annotations`): the edges of each
    part are weighed where it is, then the evidence of the edges kept is fetched; the
    graph is the one the pandas tables give (:mod:`.network_parts`).

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
    if kind == "cooccurrence" and not (window == "sentence" or isinstance(window, int) and window >= 0):
        raise ValueError(f"window must be 'sentence' or a non-negative int, not {window!r}")
    G: nx.Graph = nx.Graph() if kind == "cooccurrence" else nx.DiGraph()
    G.graph.update(kind=kind, window=window, min_weight=min_weight, seed=seed)
    meta = _actor_info(ann)
    edges_of = partial(part_edges, kind=kind, window=window, meta=meta,
                       kinds=None if actor_kinds is None else frozenset(actor_kinds),
                       article_ids=None if article_ids is None else frozenset(map(str, article_ids)))
    if hasattr(ann, "map_parts"):  # a dataset: the edges of each part, weighed, then the evidence of those kept
        found = ann.map_parts(partial(_weighed, edges_of=edges_of), add_weights)
        if not found.ready:
            return _not_ready(G, kind, found)
        kept = {e: w for e, w in found.weights.items() if w >= max(min_weight, 1)}
        chosen = ann.map_parts(partial(_chosen, edges_of=edges_of, kept=frozenset(kept),
                                       max_evidence=max_evidence),
                                partial(add_chosen, max_evidence=max_evidence))
    else:
        edges = edges_of(ann)
        found = weighed(edges)
        if not found.ready:
            return _not_ready(G, kind, found)
        kept = {e: w for e, w in found.weights.items() if w >= max(min_weight, 1)}
        chosen = choose(edges, frozenset(kept), max_evidence)
    for (a, b) in sorted(kept):
        G.add_edge(a, b, weight=kept[(a, b)], evidence=chosen.evidence[(a, b)])
    if kind == "cooccurrence" and keep_isolates:
        G.add_nodes_from(sorted(found.n_mentions))
    for v in G.nodes:
        info = dict(meta.get(v) or found.node_meta.get(v) or {"name": v, "kind": "", "country": "", "roles": ""})
        if v in found.n_mentions:
            info["mentions"] = int(found.n_mentions[v])
            info["articles"] = int(found.n_articles.get(v, 0))
        else:
            info["mentions"] = int(chosen.node_evidence.get(v, 0))
            info["articles"] = int(chosen.node_articles.get(v, 0))
        G.nodes[v].update(info)
    return _finish(G, seed, betweenness_k)


def _not_ready(G: nx.Graph, kind: str, found) -> nx.Graph:
    why = "the claims table is empty" if not found.missing else f"claims lack columns {sorted(found.missing)}"
    warnings.warn(f"{kind} network: {why}; returning an empty graph", NetworkWarning, stacklevel=3)
    return G


def _weighed(ann, *, edges_of):
    return weighed(edges_of(ann))


def _chosen(ann, *, edges_of, kept, max_evidence):
    return choose(edges_of(ann), kept, max_evidence)


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
    actors = _actors(ann_or_G)
    if actors.empty:
        return actors.copy()
    return actors.sort_values(["n_mentions", "n_articles", "actor_id"], ascending=[False, False, True]
                              ).head(n).reset_index(drop=True)


def edge_evidence(ann, evidence: Iterable[tuple[str, int]]) -> list[str]:
    """The sentence texts of ``(article_id, sent_idx)`` pairs, in the same order (from a
    dataset, only the rows of their articles are read back)."""
    if hasattr(ann, "map_parts"):
        evidence = [(str(a), int(s)) for a, s in evidence]
        found = ann.evidence(evidence) if evidence else pd.DataFrame(columns=["article_id", "sent_idx", "text"])
        index = dict(zip(zip(found["article_id"].astype(str), found["sent_idx"].astype(int)), found["text"]))
        return [t if isinstance(t := index.get(p), str) else "" for p in evidence]
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
    if ann is not None:  # the sentences of every edge shown, fetched at once
        texts = iter(edge_evidence(ann, [p for ev in df["evidence"] for p in ev]))
        df["sentences"] = [[next(texts) for _ in ev] for ev in df["evidence"]]
    return df
