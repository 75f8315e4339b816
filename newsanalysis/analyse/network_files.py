"""Actor networks as files for Gephi and other graph tools (GEXF, GraphML), evidence kept.

GEXF and GraphML hold only scalar attributes, so :func:`write_network` writes each edge's
``evidence`` (the ``(article_id, sent_idx)`` pairs behind it) as text,
``"article_id:sent_idx; ..."``, beside ``n_evidence``; :func:`read_network` turns that text
back into the list, so a graph survives the round trip with its evidence.
"""

from __future__ import annotations

import math
from pathlib import Path

import networkx as nx

__all__ = ["FORMATS", "read_network", "write_network"]

FORMATS = {".gexf": "gexf", ".graphml": "graphml"}


def _format(path: Path, format: str | None) -> str:
    fmt = format or FORMATS.get(path.suffix.lower())
    if fmt not in FORMATS.values():
        raise ValueError(f"write a network as .gexf or .graphml (or pass format='gexf'/'graphml'), not {path.name!r}")
    return fmt


def _scalar(value):
    """A value GEXF/GraphML can hold: numbers and text as they are, None as '', lists as text."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple, set)):
        return "; ".join(map(str, value))
    return str(value)


def write_network(G: nx.Graph, path, *, format: str | None = None) -> Path:
    """Write a graph from :func:`~newsanalysis.actor_network` as GEXF (Gephi) or GraphML.

    Parameters
    ----------
    G
        The graph; node and edge attributes are kept (lists as ``"; "``-joined text).
    path
        The file; its suffix (``.gexf``, ``.graphml``) chooses the format unless ``format``
        is given.

    Returns
    -------
    pathlib.Path
        The file written. Each edge has ``weight``, ``n_evidence`` and ``evidence``
        (``"article_id:sent_idx; ..."``); each node its ``label`` (the actor's name) and the
        attributes of the graph (kind, country, mentions, degree, betweenness, community...).
    """
    path = Path(path)
    fmt = _format(path, format)
    H = G.__class__()
    H.graph.update({k: _scalar(v) for k, v in G.graph.items()})
    for v, data in G.nodes(data=True):
        attrs = {k: _scalar(x) for k, x in data.items()}
        attrs.setdefault("label", str(data.get("name", v)))
        H.add_node(v, **attrs)
    for a, b, data in G.edges(data=True):
        attrs = {k: _scalar(x) for k, x in data.items() if k != "evidence"}
        evidence = list(data.get("evidence", []))
        attrs["n_evidence"] = len(evidence)
        attrs["evidence"] = "; ".join(f"{aid}:{sidx}" for aid, sidx in evidence)
        H.add_edge(a, b, **attrs)
    path.parent.mkdir(parents=True, exist_ok=True)
    (nx.write_gexf if fmt == "gexf" else nx.write_graphml)(H, path)
    return path


def read_network(path, *, format: str | None = None) -> nx.Graph:
    """Read a file written by :func:`write_network`; ``evidence`` is a list of
    ``(article_id, sent_idx)`` pairs again."""
    path = Path(path)
    fmt = _format(path, format)
    G = nx.read_gexf(path) if fmt == "gexf" else nx.read_graphml(path)
    for _, _, data in G.edges(data=True):
        text = str(data.get("evidence") or "")
        data["evidence"] = [(aid, int(sidx)) for aid, sidx in
                            (pair.rsplit(":", 1) for pair in text.split("; ") if pair)]
    return G
