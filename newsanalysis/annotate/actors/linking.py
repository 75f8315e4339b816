"""Linking: claim speakers and escalation hits to the actors they name, and name lookups.

After :func:`~newsanalysis.annotate.actors.resolver.resolve_actors` has given every mention
an actor, :func:`link_speakers` gives each claim the actor its speaker span holds (or whose
name or alias the speaker text is), and :func:`link_escalation` gives each escalation hit
the speaker of the claim it sits in. :func:`lookup_actor` finds an actor by name; the
analyses use it for chain hops, so networks and provenance look hops up the same way.
"""

from __future__ import annotations

import re
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


#: Speaker words that never name an actor by themselves: pronouns, wh-words, first person.
_NO_LOOKUP = frozenset({"i", "we", "me", "us", "you", "he", "she", "him", "her", "they", "them", "it",
                        "who", "which", "that", "this", "these", "those", "one", "someone", "anyone"})
_NAMED_KIND = {"person": "named_person", "organization": "named_organization", "country": "named_organization",
               "group": "named_organization", "media": "media"}
#: A headline or title that says whose words the text is ("address by President X").
_AUTHOR_TITLE = re.compile(r"\b(?i:address|speech|remarks|statement|message|op-ed|letter|greetings?|"
                           r"interview|article|column)\b[^.]*?\b(?i:by)\s+"
                           r"(?P<who>(?:the\s+)?[A-Z][\w'’.-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w'’.-]*)*)")


def link_speakers(claims: pd.DataFrame, mentions: pd.DataFrame, actors: pd.DataFrame,
                  articles: pd.DataFrame | None = None) -> pd.DataFrame:
    """Fill ``claims.speaker_actor_id``, and make the speaker of a claim honest about who it is.

    * The actor is the resolved mention inside the speaker span (the last one, the head of
      "U.S. President Joe Biden"), else an actor whose name or alias is the whole speaker
      text; a pronoun, "who" or a bare "I"/"we" is never looked up (no "I" -> "Wang Yi").
    * A speaker the text names is not anonymous: when the actor is found by the speaker's
      own name (a surname the tagger missed, "Burr said"), its kind becomes the actor's
      (named person, organization or medium) and ``anonymous`` is False.
    * "I"/"we" outside a quotation are the author of the text: when the byline names one
      person, or the title says whose words the text is ("address by President Volodymyr
      Zelenskyy"), the speaker is that person.

    One pass over the mentions; one lookup per distinct speaker name.
    """
    if claims.empty:
        return claims
    resolved = mentions[mentions["actor_id"].notna()]
    by_article: dict[str, list[tuple[int, int, str]]] = {}
    for aid, start, end, actor in zip(resolved["article_id"], resolved["start"], resolved["end"],
                                      resolved["actor_id"]):
        by_article.setdefault(aid, []).append((int(start), int(end), actor))
    kinds = dict(zip(actors["actor_id"], actors["kind"])) if len(actors) else {}
    authors = _authors(articles, actors) if articles is not None else {}
    out = claims.copy()
    for i, (aid, given, speaker, s, e) in enumerate(zip(claims["article_id"], claims["speaker_actor_id"],
                                                        claims["speaker"], claims["speaker_start"],
                                                        claims["speaker_end"])):
        actor = given if isinstance(given, str) else None
        own_name = False
        words = str(speaker or "").strip()
        if actor is None and not (pd.isna(s) or pd.isna(e)):
            inside = [m for m in by_article.get(aid, ()) if m[0] < int(e) and m[1] > int(s)]
            if inside:
                actor = max(inside)[2]
                m = max(inside)
                own_name = m[0] <= int(s) and m[1] >= int(e)  # the mention is the whole speaker
        if words.lower() in _FIRST and aid in authors and len(out.at[out.index[i], "chain"]) <= 2:
            name, actor = authors[aid]
            _rename(out, i, name, "named_person")
        elif actor is None and words and words.lower() not in _NO_LOOKUP and len(words) > 2:
            actor = lookup_actor(actors, words)
            own_name = actor is not None
        if actor is not None and own_name and out.iloc[i]["speaker_kind"] in {"unnamed_group", "anonymous"}:
            _rename(out, i, words, _NAMED_KIND.get(kinds.get(actor, ""), "named_organization"))
        out.iat[i, out.columns.get_loc("speaker_actor_id")] = actor
    return out


_FIRST = {"i", "we"}


def _rename(out: pd.DataFrame, i: int, name: str, kind: str) -> None:
    """Give claim ``i`` a named speaker: its name and kind, not anonymous, the chain's first hop."""
    row = out.index[i]
    chain = [dict(h) for h in out.at[row, "chain"]]
    if chain and out.at[row, "speaker"] == chain[0].get("source"):
        chain[0]["source"], chain[0]["kind"] = name, kind
    out.at[row, "chain"] = chain
    out.at[row, "chain_text"] = " → ".join(h["source"] for h in chain)
    out.at[row, "speaker"] = name
    out.at[row, "speaker_kind"] = kind
    out.at[row, "anonymous"] = False
    out.at[row, "anonymity_reason"] = ""


def _authors(articles: pd.DataFrame, actors: pd.DataFrame) -> dict[str, tuple[str, str | None]]:
    """Article -> (author name, person actor) when the byline names one person or the title
    says whose words the text is; the actor is None when the name is no known person."""
    out: dict[str, tuple[str, str | None]] = {}
    for aid, byline, title in zip(articles["article_id"], articles["byline"], articles["title"]):
        who = ""
        by = re.sub(r"^(?:by|written by|reporting by)\s+", "", str(byline or ""), flags=re.IGNORECASE).strip()
        if by and not re.search(r"\band\b|,|&", by):
            who = by
        else:
            m = _AUTHOR_TITLE.search(str(title or ""))
            who = m.group("who").strip() if m else ""
        if not who:
            continue
        actor = lookup_actor(actors, who)
        if actor is not None and not actor.startswith("person:"):
            actor = None
        if actor is not None or " of " in who or re.search(r"[A-Z]\w+\s+[A-Z]", who):
            out[aid] = (who, actor)  # a person, or an office of a named body; not "the President"
    return out


def link_escalation(escalation: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """Fill ``escalation.speaker_actor_id``: the speaker actor of the claim each hit sits in."""
    if escalation.empty:
        return escalation
    speaker = dict(zip(claims["claim_id"], claims["speaker_actor_id"])) if not claims.empty else {}
    return escalation.assign(speaker_actor_id=escalation["claim_id"].map(speaker))
