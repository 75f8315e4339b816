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

import pandas as pd

from newsanalysis.annotate.actors.resolver import (  # to be split into names / knowledge
    _QUOTES,
    _curated,
    _Entry,
    _person_skeleton,
    _title_before,
    actor_id_for,
    normalize_name,
)

__all__ = ["link_escalation", "link_speakers", "lookup_actor"]


_INDEX_CACHE: dict[int, tuple[weakref.ref, dict, dict, frozenset]] = {}


def _lookup_index(actors: pd.DataFrame) -> tuple[dict, dict, frozenset]:
    cached = _INDEX_CACHE.get(id(actors))
    if cached is not None and cached[0]() is actors:
        return cached[1], cached[2], cached[3]
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
                skel = _person_skeleton(k)
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
    ids = frozenset(actors["actor_id"])
    try:
        _INDEX_CACHE[id(actors)] = (weakref.ref(actors), exact, last, ids)
    except TypeError:  # pragma: no cover - objects that refuse weak references
        pass
    return exact, last, ids


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
    kb = _curated()
    exact, last, ids = _lookup_index(actors)
    if "," in name:  # 'Leonid Slutsky, chairman of ...': the name before the apposition
        head = lookup_actor(actors, name.split(",", 1)[0])
        if head is not None:
            return head
    key = normalize_name(name)
    candidates = [key]
    title = _title_before(name.translate(_QUOTES).rsplit(" ", 1)[0] + " ", kb) if " " in name else None
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
        if "~" + _person_skeleton(k) in exact:
            return exact["~" + _person_skeleton(k)]
    for k in candidates:
        e = kb.names.get(k) or kb.person_skel.get(_person_skeleton(k))
        if k in kb.metonyms:
            st = kb.metonyms[k][0]
            e = kb.names.get(normalize_name(st)) or _Entry(st, "country", st)
        if e is not None:
            aid = actor_id_for(e.kind, e.name)
            if aid in ids:
                return aid
    tok = _person_skeleton(candidates[-1]).split()
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
    lookup = lookup_actor
    by_name: dict[str, str | None] = {}
    out = []
    for aid, given, speaker, s, e in zip(claims["article_id"], claims["speaker_actor_id"], claims["speaker"],
                                         claims["speaker_start"], claims["speaker_end"]):
        actor = given if isinstance(given, str) else None
        if actor is None and not (pd.isna(s) or pd.isna(e)):
            inside = [m for m in by_article.get(aid, ()) if m[0] < int(e) and m[1] > int(s)]
            if inside:
                actor = max(inside)[2]
        if actor is None and lookup is not None and isinstance(speaker, str) and speaker:
            if speaker not in by_name:
                by_name[speaker] = lookup(actors, speaker)
            actor = by_name[speaker]
        out.append(actor)
    return claims.assign(speaker_actor_id=out)


def link_escalation(escalation: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    if escalation.empty:
        return escalation
    speaker = dict(zip(claims["claim_id"], claims["speaker_actor_id"])) if not claims.empty else {}
    return escalation.assign(speaker_actor_id=escalation["claim_id"].map(speaker))
