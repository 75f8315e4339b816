"""Provenance of claims: chains as a tidy table and a graph.

* :func:`provenance` -- one row per claim: origin, conduits, publisher, anonymity, status
  and the evidence sentence.
* :func:`provenance_graph` -- origin -> conduit -> publisher as a weighted DiGraph whose
  edges keep the (article_id, sent_idx) pairs that made them.
* :func:`filter_provenance` -- the filter the explorer widget calls.
* :func:`article_outlets` -- each article's outlet (data, URL, dateline agency), or "unknown".

Corroboration (claims that state the same thing across articles, and their independent
origins) is :mod:`newsanalysis.analyse.corroboration`.
"""

from __future__ import annotations

import re

import networkx as nx
import pandas as pd

from newsanalysis.annotate.actors import hop_actor
from newsanalysis.annotations import table_of
from newsanalysis.load.fields import outlet_from_dateline
from newsanalysis.schemas import THIS_ARTICLE

__all__ = ["UNKNOWN_OUTLET", "article_outlets", "chains_of", "comparable", "filter_provenance", "provenance",
           "provenance_graph"]

#: The outlet of an article whose data, URL and dateline name none; never a distinct outlet.
UNKNOWN_OUTLET = "unknown"

_ANON_KINDS = {"anonymous", "unnamed_group"}


def comparable(text: str) -> str:
    """A name or statement as it is compared: no leading article, no punctuation, case folded."""
    text = re.sub(r"^(the|a|an)\s+", "", str(text).strip(), flags=re.IGNORECASE)
    return re.sub(r"[^\w ]+", "", text).casefold().strip()


def _hop_key(hop: dict, actors: pd.DataFrame | None) -> str:
    """A stable node id for a hop: its actor when known (:func:`hop_actor`, as the networks
    look hops up), else its normalized name."""
    actor = hop_actor(actors, hop)
    return actor if actor else f"text:{comparable(hop['source'])}"


def article_outlets(ann_or_articles) -> dict[str, str]:
    """article_id -> outlet: the ``outlet`` column (metadata, else the URL's outlet), else
    the news agency its dateline names (:func:`~newsanalysis.load.fields.outlet_from_dateline`),
    else :data:`UNKNOWN_OUTLET`."""
    arts = ann_or_articles if isinstance(ann_or_articles, pd.DataFrame) else table_of(ann_or_articles, "articles")
    def text(row, col: str) -> str:
        value = getattr(row, col, "")
        return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()

    out = {}
    for row in arts.itertuples(index=False):
        outlet = text(row, "outlet") or outlet_from_dateline(text(row, "dateline"), text(row, "text")[:200])
        out[row.article_id] = outlet or UNKNOWN_OUTLET
    return out


def _publisher(articles: pd.DataFrame) -> dict[str, str]:
    return article_outlets(articles)


def chains_of(ann) -> list[tuple[pd.Series, list[dict]]]:
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
        claim_id, article_id, sent_idx, publisher (:func:`article_outlets`: the outlet, or
        "unknown"), published, kind, speaker, speaker_kind,
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

    A dataset (:func:`~newsanalysis.open_annotations`) is read part by part where its parts
    are (a claim's chain, speaker and sentence are in its article); the rows come back.
    """
    if hasattr(ann, "map_parts"):
        out = ann.map_parts(provenance, _stacked, tables=("articles", "sentences", "claims", "actors"))
        return out.sort_values(["article_id", "claim_id"], ignore_index=True)
    publisher = _publisher(ann.articles)
    published = dict(zip(ann.articles["article_id"], ann.articles.get("published", pd.Series(dtype=object))))
    sents = {(a, i): t for a, i, t in zip(ann.sentences["article_id"], ann.sentences["sent_idx"],
                                         ann.sentences["text"])}
    rows = []
    for row, hops in chains_of(ann):
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


def _stacked(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    return pd.concat([f for f in (a, b) if len(f)] or [a], ignore_index=True)


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
    for row, hops in chains_of(ann):
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
