"""The edges of an actor network, found in one part of a corpus and added up.

:func:`~newsanalysis.analyse.networks.actor_network` builds its graph in two steps that
both run on a part of the corpus (the whole of it for pandas annotations; each part of a
dataset from :func:`~newsanalysis.open_annotations`, where the parts are):

1. :func:`part_edges` then :func:`weighed`: each edge's weight (its distinct evidence
   sentences) and each actor's mention and article counts. Every evidence sentence is in
   one article and every article in one part, so the figures of a corpus are the sums of
   its parts' (:func:`add_weights`);
2. :func:`choose`: for the edges kept (``min_weight``), their evidence, sorted (the first
   ``max_evidence`` of it when given), and the evidence counts of the nodes that are not
   mentioned actors (sources, outlets); added up by :func:`add_chosen`.

Only these aggregates leave a part: edges and actors, not mention rows.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations, pairwise

import pandas as pd

from newsanalysis.annotate.actors import hop_actor, lookup_actor, slug
from newsanalysis.annotations import table_of
from newsanalysis.schemas import THIS_ARTICLE

__all__ = ["Chosen", "Weighed", "add_chosen", "add_weights", "choose", "part_edges", "weighed"]


def _article_filter(df: pd.DataFrame, article_ids) -> pd.DataFrame:
    if article_ids is None or df.empty or "article_id" not in df.columns:
        return df
    keep = set(map(str, article_ids))
    return df[df["article_id"].astype(str).isin(keep)]


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


@dataclass
class Weighed:
    """Step 1 of a part (or of several added up): edge weights, actor counts, the names of
    nodes that are not actors, and whether the claims a directed network needs are there."""

    weights: Counter = field(default_factory=Counter)
    n_mentions: Counter = field(default_factory=Counter)
    n_articles: Counter = field(default_factory=Counter)
    node_meta: dict = field(default_factory=dict)
    ready: bool = True
    missing: frozenset = frozenset()


@dataclass
class Chosen:
    """Step 2: the evidence of the edges kept, and the evidence sentences and articles of
    each node over its kept edges."""

    evidence: dict = field(default_factory=dict)
    node_evidence: Counter = field(default_factory=Counter)
    node_articles: Counter = field(default_factory=Counter)


@dataclass
class Edges:
    """The edges of a part with their evidence sets (they stay in the part)."""

    edges: dict
    mentions: pd.DataFrame
    node_meta: dict
    ready: bool = True
    missing: frozenset = frozenset()


_NEEDED = {"attribution": ("speaker_actor_id", "article_id", "sent_idx", "content_start", "content_end"),
           "citation": ("article_id", "sent_idx", "chain")}


def part_edges(ann, *, kind: str, window, meta: dict, kinds: frozenset | None,
               article_ids: frozenset | None) -> Edges:
    """The edges of the ``kind`` network in ``ann`` (a corpus or a part of one), each with
    the set of its evidence ``(article_id, sent_idx)``; ``meta`` is every actor's
    name and kind (the corpus's ``actors`` table), ``kinds`` the actor kinds kept (None:
    every kind but place)."""
    mentions = _article_filter(table_of(ann, "mentions"), article_ids)
    if "actor_id" in mentions.columns:
        mentions = mentions[mentions["actor_id"].notna()]
    else:
        mentions = mentions.iloc[0:0].assign(actor_id=pd.Series(dtype=object))

    def wanted(kind_of_node) -> bool:  # by default every kind but place
        return kind_of_node in kinds if kinds is not None else kind_of_node != "place"

    mentions = mentions[[wanted(meta.get(a, {}).get("kind")) for a in mentions["actor_id"]]]
    node_meta: dict[str, dict] = {}
    if kind == "cooccurrence":
        edges = _cooccurrence_edges(mentions, window) if not mentions.empty else {}
        return Edges(edges, mentions, node_meta)
    claims = _article_filter(table_of(ann, "claims"), article_ids)
    missing = frozenset(c for c in _NEEDED[kind] if c not in claims.columns)
    if claims.empty or missing:
        return Edges({}, mentions, node_meta, ready=False, missing=missing)
    edges = _attribution_edges(claims, mentions) if kind == "attribution" else _citation_edges(ann, claims, node_meta)

    def ok(v):
        return wanted((meta.get(v) or node_meta.get(v, {})).get("kind"))

    return Edges({e: ev for e, ev in edges.items() if ok(e[0]) and ok(e[1])}, mentions, node_meta)


def weighed(found: Edges) -> Weighed:
    """Step 1 of a part: see the module docstring."""
    m = found.mentions
    out = Weighed(Counter({e: len(ev) for e, ev in found.edges.items() if ev}), node_meta=found.node_meta,
                  ready=found.ready, missing=found.missing)
    if not m.empty:
        out.n_mentions.update(m["actor_id"].value_counts().to_dict())
        out.n_articles.update(m.drop_duplicates(["actor_id", "article_id"])["actor_id"].value_counts().to_dict())
    return out


def add_weights(a: Weighed, b: Weighed) -> Weighed:
    """Two parts' :class:`Weighed` added up (``a`` first: its node names win)."""
    a.weights.update(b.weights)
    a.n_mentions.update(b.n_mentions)
    a.n_articles.update(b.n_articles)
    a.node_meta.update({k: v for k, v in b.node_meta.items() if k not in a.node_meta})
    a.ready = a.ready or b.ready
    a.missing = a.missing | b.missing
    return a


def choose(found: Edges, kept: frozenset, max_evidence: int | None) -> Chosen:
    """Step 2 of a part: see the module docstring."""
    out = Chosen()
    by_node: dict[str, set] = defaultdict(set)
    for e, ev in found.edges.items():
        if e in kept and ev:
            out.evidence[e] = sorted(ev)[:max_evidence]
            by_node[e[0]].update(ev)
            by_node[e[1]].update(ev)
    for v, evs in by_node.items():
        out.node_evidence[v] = len(evs)
        out.node_articles[v] = len({a for a, _ in evs})
    return out


def add_chosen(a: Chosen, b: Chosen, max_evidence: int | None = None) -> Chosen:
    """Two parts' :class:`Chosen` added up (an edge's evidence merged, sorted)."""
    for e, ev in b.evidence.items():
        a.evidence[e] = sorted(a.evidence.get(e, []) + ev)[:max_evidence] if e in a.evidence else ev
    a.node_evidence.update(b.node_evidence)
    a.node_articles.update(b.node_articles)
    return a
