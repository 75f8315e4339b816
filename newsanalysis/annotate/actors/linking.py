"""Linking: claim speakers and escalation hits to the actors they name, and name lookups.

After :func:`~newsanalysis.annotate.actors.resolver.resolve_actors` has given every mention
an actor, :func:`link_speakers` gives each claim the actor its speaker span holds (or whose
name or alias the speaker text is), and :func:`link_escalation` gives each escalation hit
the speaker of the claim it sits in. :func:`lookup_actor` finds an actor by name; the
analyses use it for chain hops, so networks and provenance look hops up the same way.
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from newsanalysis.annotate.actors.knowledge import Entry, curated
from newsanalysis.annotate.actors.names import (
    actor_id_for,
    normalize_name,
    person_skeleton,
    plain_quotes,
)

__all__ = ["hop_actor", "link_escalation", "link_speakers", "lookup_actor"]


@dataclass
class _Index:
    """The names of one actors table, indexed for lookup, and the answers given so far."""

    ref: weakref.ref
    exact: dict[str, str]
    last: dict[str, set]
    ids: frozenset
    answers: dict[str, str | None] = field(default_factory=dict)


_INDEX_CACHE: dict[int, _Index] = {}


def _lookup_index(actors: pd.DataFrame) -> _Index:
    cached = _INDEX_CACHE.get(id(actors))
    if cached is not None and cached.ref() is actors:
        return cached
    exact: dict[str, str] = {}
    last: dict[str, set] = defaultdict(set)
    bare: dict[str, set] = defaultdict(set)
    for aid, name, kind, aliases in zip(actors["actor_id"], actors["name"], actors["kind"], actors["aliases"]):
        forms = [name, *(aliases if isinstance(aliases, (list, tuple)) else list(aliases or []))]
        for s in forms:
            k = normalize_name(str(s))
            if not k:
                continue
            if kind == "person":
                skel = person_skeleton(k)
                toks = skel.split()
                if not toks:
                    continue
                if len(toks) == 1:
                    bare[toks[0]].add(aid)
                    continue
                exact.setdefault(k, aid)
                exact.setdefault("~" + skel, aid)
                last[toks[-1]].add(aid)
                last[toks[0]].add(aid)
            else:
                exact.setdefault(k, aid)
    for tok, aids in bare.items():
        # a one-word alias ('Biden', 'Kim') only when no other person carries that name
        if len(aids | last.get(tok, set())) == 1:
            exact.setdefault(tok, next(iter(aids)))
            exact.setdefault("~" + tok, next(iter(aids)))
    index = _Index(weakref.ref(actors), exact, last, frozenset(actors["actor_id"]))
    _INDEX_CACHE[id(actors)] = index
    return index


def lookup_actor(actors: pd.DataFrame, name: str) -> str | None:
    """The ``actor_id`` of the actor a name refers to, or ``None``.

    Looks the name up among the canonical names and aliases of ``actors`` and, failing
    that, in the curated tables (so "the Kremlin" finds Russia and "Korea Central News
    Agency" finds KCNA when those actors are in ``actors``). Titles before a name are
    ignored ("President Biden"); a bare surname matches only when one person carries it.

    Examples
    --------
    >>> actors = pd.DataFrame({"actor_id": ["organization:white-house"], "name": ["White House"],
    ...     "kind": ["organization"], "aliases": [["the White House"]]})
    >>> lookup_actor(actors, "the White House")
    'organization:white-house'
    """
    if not isinstance(name, str) or not name.strip() or actors is None or len(actors) == 0:
        return None
    index = _lookup_index(actors)
    if name not in index.answers:
        index.answers[name] = _lookup(actors, index, name)
    return index.answers[name]


def hop_actor(actors: pd.DataFrame | None, hop: Mapping) -> str | None:
    """The actor of one provenance-chain hop: its own ``actor_id``, else the actor its
    ``source`` names (:func:`lookup_actor`). Networks and provenance both look hops up
    this way, so a hop is the same node in both.

    Examples
    --------
    >>> actors = pd.DataFrame({"actor_id": ["media:tass"], "name": ["TASS"], "kind": ["media"],
    ...     "aliases": [["TASS", "Tass"]]})
    >>> hop_actor(actors, {"source": "Tass", "actor_id": None})
    'media:tass'
    """
    given = hop.get("actor_id")
    if isinstance(given, str) and given:
        return given
    return lookup_actor(actors, str(hop.get("source") or ""))


def _lookup(actors: pd.DataFrame, index: _Index, name: str) -> str | None:
    kb = curated()
    exact, last, ids = index.exact, index.last, index.ids
    if "," in name:  # 'Leonid Slutsky, chairman of ...': the name before the apposition
        head = lookup_actor(actors, name.split(",", 1)[0])
        if head is not None:
            return head
    key = normalize_name(name)
    candidates = [key]
    title = kb.title_before(plain_quotes(name).rsplit(" ", 1)[0] + " ") if " " in name else None
    words = key.split()
    # drop leading title/demonym words: "ukrainian president volodymyr zelenskyy"
    i = 0
    while i < len(words) - 1 and (words[i] in kb.titles or words[i] in kb.demonyms
                                  or " ".join(words[i:i + 2]) in kb.demonyms or words[i] in ("mr", "ms", "mrs", "dr")):
        i += 1
    if i:
        candidates.append(" ".join(words[i:]))
    if title:
        candidates.append(normalize_name(name[len(title):]))
    for k in candidates:
        if k in exact:
            return exact[k]
    for k in candidates:
        if "~" + person_skeleton(k) in exact:
            return exact["~" + person_skeleton(k)]
    for k in candidates:
        e = kb.names.get(k) or kb.person_skel.get(person_skeleton(k))
        if k in kb.metonyms:
            st = kb.metonyms[k][0]
            e = kb.names.get(normalize_name(st)) or Entry(st, "country", st)
        if e is not None:
            aid = actor_id_for(e.kind, e.name)
            if aid in ids:
                return aid
    tok = person_skeleton(candidates[-1]).split()
    if len(tok) == 1 and len(last.get(tok[0], ())) == 1:
        return next(iter(last[tok[0]]))
    return None


def link_speakers(claims: pd.DataFrame, mentions: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """Fill ``claims.speaker_actor_id``: the resolved mention inside the speaker span (the
    last one, the head of "U.S. President Joe Biden"), else an actor whose name or alias is
    the speaker text. One pass over the mentions; one lookup per distinct speaker name."""
    if claims.empty:
        return claims
    resolved = mentions[mentions["actor_id"].notna()]
    by_article: dict[str, list[tuple[int, int, str]]] = {}
    for aid, start, end, actor in zip(resolved["article_id"], resolved["start"], resolved["end"],
                                      resolved["actor_id"]):
        by_article.setdefault(aid, []).append((int(start), int(end), actor))
    out = []
    for aid, given, speaker, s, e in zip(claims["article_id"], claims["speaker_actor_id"], claims["speaker"],
                                         claims["speaker_start"], claims["speaker_end"]):
        actor = given if isinstance(given, str) else None
        if actor is None and not (pd.isna(s) or pd.isna(e)):
            inside = [m for m in by_article.get(aid, ()) if m[0] < int(e) and m[1] > int(s)]
            if inside:
                actor = max(inside)[2]
        if actor is None and isinstance(speaker, str) and speaker:
            actor = lookup_actor(actors, speaker)
        out.append(actor)
    return claims.assign(speaker_actor_id=out)


def link_escalation(escalation: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """Fill ``escalation.speaker_actor_id``: the speaker actor of the claim each hit sits in."""
    if escalation.empty:
        return escalation
    speaker = dict(zip(claims["claim_id"], claims["speaker_actor_id"])) if not claims.empty else {}
    return escalation.assign(speaker_actor_id=escalation["claim_id"].map(speaker))
