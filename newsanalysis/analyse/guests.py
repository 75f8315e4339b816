"""Paired guests and missing voices: for each topic, two perspectives from opposing camps and
the voice the coverage most lacks.

A **pairing** takes two camps in opposition (on opposite sides, :func:`~newsanalysis.
analyse.camps.sides`, or hostile to each other both ways) among the camps that speak in the
topic, both with the most to say on it (:func:`_pick_pair`); when only one side speaks in
the topic, the other side's guest is drawn from its voices elsewhere in the coverage
(``source`` says so). Within a camp the guest is the voice with
the most claims in the topic, a named voice before an anonymous one and a direct one before
a relayed one, shown as a role and an affiliation (:func:`~newsanalysis.analyse.voices.
perspective`) with the claims that make it a natural guest.

The **missing voice** of a topic is, in this order: a party the text says has not
confirmed or answered on it ("neither the White House nor the Pentagon have confirmed
it"), and that makes no claim in the topic; else the actor with a camp whose camp has no
voice in the topic, a country before a person or a body (a state not heard), then the one
the topic's sentences name most (in two of its articles or more, when it spans more
than two).
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from newsanalysis.analyse.topics import _WORD, fold
from newsanalysis.analyse.voices import perspective
from newsanalysis.annotations import table_of

__all__ = ["GUEST_COLUMNS", "MISSING_COLUMNS", "missing_voices", "pair_guests"]

GUEST_COLUMNS = ["topic_id", "slot", "side", "camp", "role", "affiliation", "voice", "source", "claim_ids",
                 "claims"]
MISSING_COLUMNS = ["topic_id", "missing", "actor_id", "camp", "why", "evidence"]
_UNKNOWN = "(unknown)"
_CLAIMS_SHOWN = 3


def _hostile(hostility: pd.DataFrame) -> dict[tuple[str, str], int]:
    return {(a, b): int(n) for a, b, n in zip(hostility.get("camp", []), hostility.get("about", []),
                                              hostility.get("n_claims", []))}


_KIND_RANK = {"person": 3, "organization": 2, "group": 2, "country": 1, "media": 0}


def _voices(claims: pd.DataFrame, kinds: dict) -> dict:
    """Voice key (actor id, else the origin as written) -> its rank: a named voice before an
    anonymous one, a person before a body, a country or a medium, then the most claims."""
    key = claims["origin"].where(claims["origin_actor_id"].isna(), claims["origin_actor_id"])
    out = {}
    for k, g in claims.groupby(key, sort=True):
        named = bool((~g["anonymous"]).all())
        out[k] = (named, _KIND_RANK.get(kinds.get(k), 1) if named else -1, int((g["conduits"].map(len) == 0).any()),
                  len(g), str(k))
    return out


def _best_voice(claims: pd.DataFrame, kinds: dict) -> pd.DataFrame:
    """The claims of the camp's best voice (:func:`_voices`)."""
    ranks = _voices(claims, kinds)
    best = max(ranks, key=ranks.get)
    key = claims["origin"].where(claims["origin_actor_id"].isna(), claims["origin_actor_id"])
    return claims[key == best]


def _pick_pair(here: Counter, overall: Counter, side_of: dict, h: dict, quality) -> list[tuple[str, str]]:
    """Two (camp, source) in opposition; source 'this topic' or 'elsewhere in the coverage'.

    Two camps speaking in the topic are in opposition when they are on opposite sides or
    hostile to each other both ways; among such pairs, the one whose less-heard camp has
    the most claims in the topic (both must have something to say on it), then the most
    mutually hostile. Without such a pair, one side's best-voiced camp in the topic against
    the other side's camp most hostile to it, drawn from elsewhere in the coverage; with no
    sides, the two camps of the topic most hostile to each other."""
    def mutual(a, b):
        return min(h.get((a, b), 0), h.get((b, a), 0))

    def opposed(a, b):
        return {side_of.get(a), side_of.get(b)} == {1, 2} or mutual(a, b) > 0

    speaking = sorted(c for c in here if c != _UNKNOWN)
    pairs = [(a, b) for i, a in enumerate(speaking) for b in speaking[i + 1:] if opposed(a, b)]
    if pairs:
        a, b = max(pairs, key=lambda p: (min(here[p[0]], here[p[1]]), mutual(*p), quality(p[0]), quality(p[1])))
        return [(a, "this topic"), (b, "this topic")]
    by_side = {s: [c for c in speaking if side_of.get(c) == s] for s in (1, 2)}
    for s, other in ((1, 2), (2, 1)):
        if by_side[s]:
            a = max(by_side[s], key=lambda c: (quality(c), here[c], c))
            away = [c for c in overall if side_of.get(c) == other]
            if away:
                b = max(away, key=lambda c: (mutual(a, c), h.get((a, c), 0) + h.get((c, a), 0), overall[c], c))
                return [(a, "this topic"), (b, "elsewhere in the coverage")]
    pairs = [(a, b) for i, a in enumerate(speaking) for b in speaking[i + 1:]]
    if not pairs:
        return [(c, "this topic") for c in speaking[:1]]
    a, b = max(pairs, key=lambda p: (h.get(p, 0) + h.get(p[::-1], 0), min(here[p[0]], here[p[1]])))
    return [(a, "this topic"), (b, "this topic")]


def _on_topic(claims: pd.DataFrame, words: set[str]) -> pd.DataFrame:
    """Claims from elsewhere, those sharing most words with the topic's phrases first."""
    overlap = claims["content"].map(lambda c: len({fold(w) for w in _WORD.findall(str(c))} & words))
    return claims.assign(_overlap=overlap).sort_values(["_overlap", "n_articles"], ascending=False,
                                                       kind="stable").drop(columns="_overlap")


def pair_guests(claims: pd.DataFrame, topics: pd.DataFrame, side_of: dict, hostility: pd.DataFrame,
                index, ann) -> pd.DataFrame:
    """Two guests per topic from opposing camps (see the module's docstring).

    Parameters
    ----------
    claims
        The briefing's claims table (topic_id, camp, origin, origin_actor_id, conduits,
        anonymous, content, main, n_articles).
    topics
        The topics (``topic_id``, ``label``, ``phrases``).
    side_of
        Camp -> side (1 or 2), from :func:`~newsanalysis.analyse.camps.sides`.
    hostility
        From :func:`~newsanalysis.analyse.camps.hostility`.
    index
        The camps module's actor index (kinds, roles, affiliations).
    ann
        The annotations.

    Returns
    -------
    pandas.DataFrame
        :data:`GUEST_COLUMNS`, two rows per topic (one when a single camp speaks); slot 1 is
        always the side with more claims in the coverage.
    """
    rows = []
    h = _hostile(hostility)
    kinds = {a: r["kind"] for a, r in index.rows.items()}
    known = claims[claims["camp"] != _UNKNOWN]
    overall = Counter(known["camp"])
    side_size = Counter({s: sum(n for c, n in overall.items() if side_of.get(c) == s) for s in (1, 2)})
    first_side = max((1, 2), key=lambda s: (side_size[s], -s))
    for tid, label, phrases in zip(topics["topic_id"], topics["label"], topics["phrases"]):
        topic_claims = known[known["topic_id"] == tid]
        here = Counter(topic_claims["camp"])
        if not here:
            continue

        best = {camp: max(_voices(g, kinds).values())[:3] for camp, g in topic_claims.groupby("camp")}

        def quality(camp, best=best):
            return best.get(camp, (False, -1, 0))

        picked = _pick_pair(here, overall, side_of, h, quality)
        picked.sort(key=lambda cs: (side_of.get(cs[0]) != first_side, -overall[cs[0]]))
        words = {fold(w) for p in [label, *phrases] for w in _WORD.findall(str(p))}
        for slot, (camp, source) in enumerate(picked, start=1):
            pool = topic_claims[topic_claims["camp"] == camp] if source == "this topic" else \
                _on_topic(known[known["camp"] == camp], words)
            voice = _best_voice(pool, kinds)
            if source == "this topic":
                voice = voice.sort_values(["main", "n_articles"], ascending=False, kind="stable")
            first = voice.iloc[0]
            conduits = Counter(tuple(c) for c in voice["conduits"]).most_common(1)[0][0]
            p = perspective(first["origin_actor_id"], first["origin"], list(conduits), camp, index)
            rows.append({"topic_id": tid, "slot": slot, "side": side_of.get(camp), "camp": camp, **p,
                         "voice": first["origin"], "source": source,
                         "claim_ids": voice["claim_id"].head(_CLAIMS_SHOWN).tolist(),
                         "claims": voice["content"].head(_CLAIMS_SHOWN).tolist()})
    return pd.DataFrame(rows, columns=GUEST_COLUMNS)


def missing_voices(ann, topics: pd.DataFrame, claims: pd.DataFrame, not_confirmed: pd.DataFrame,
                   index) -> pd.DataFrame:
    """The voice each topic most lacks, with why and the sentence that shows it.

    Returns
    -------
    pandas.DataFrame
        :data:`MISSING_COLUMNS`, one row per topic that lacks one.
    """
    m = table_of(ann, "mentions")
    m = m.dropna(subset=["actor_id"]) if len(m) else m
    kinds = {a: r["kind"] for a, r in index.rows.items()}
    sents = table_of(ann, "sentences")
    text = dict(zip(zip(sents["article_id"], sents["sent_idx"].astype(int)), sents["text"]))
    rows = []
    for tid, evidence in zip(topics["topic_id"], topics["evidence"]):
        c = claims[claims["topic_id"] == tid]
        speakers = set(c["origin_actor_id"].dropna()) if "origin_actor_id" in c else set()
        voiced = set(c["camp"])
        silent = not_confirmed[(not_confirmed["topic_id"] == tid) & ~not_confirmed["actor_id"].isin(speakers)] \
            if len(not_confirmed) else not_confirmed
        if len(silent):
            first = silent.iloc[0]
            rows.append({"topic_id": tid, "missing": first["party"], "actor_id": first["actor_id"],
                         "camp": index.camp(first["actor_id"]), "why": f"the coverage says: \u201c{first['phrase']}\u201d",
                         "evidence": first["text"]})
            continue
        keys = {tuple(k) for k in evidence}
        here = m[[k in keys for k in zip(m["article_id"], m["sent_idx"].astype(int))]]
        least = 2 if len({a for a, _ in keys}) > 2 else 1
        spread = here.drop_duplicates(["actor_id", "article_id"])["actor_id"].value_counts()
        counts = Counter(a for a in here["actor_id"] if kinds.get(a) != "media" and a not in speakers
                         and index.camp(a) and index.camp(a) not in voiced and spread.get(a, 0) >= least)
        if not counts:
            continue
        act, n = max(counts.items(), key=lambda an: (kinds.get(an[0]) == "country", an[1], an[0]))
        where = here[here["actor_id"] == act].iloc[0]
        rows.append({"topic_id": tid, "missing": index.rows.get(act, {}).get("name", act), "actor_id": act,
                     "camp": index.camp(act),
                     "why": f"named in {n} sentence{'s' if n > 1 else ''} of this topic; no voice of its camp is quoted",
                     "evidence": text.get((where["article_id"], int(where["sent_idx"])), "")})
    return pd.DataFrame(rows, columns=MISSING_COLUMNS)
