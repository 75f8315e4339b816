"""Camps: whose side each voice in the coverage speaks for, and which camps oppose each other.

A claim's **voice** is the origin of its provenance chain (:func:`~newsanalysis.analyse.
provenance.provenance`). Its **camp** is, in this order:

1. the user's mapping (``camps={"Netherlands": "NATO", "person:mark-rutte": "NATO"}``: keys
   are actor ids, actor names or camp names, values the camp), when it names the voice;
2. the country of the voice's actor (``actors.country``; a country is its own camp; an
   international organization with no country, "NATO", is a camp of its own);
3. a country the origin's words name ("some senior Russian officials" -> Russia);
4. the publisher's camp for a first-person voice ("I", "we" in a president's own release).

The attribution network's communities (speakers grouped with the actors they talk about)
were tried as a fifth source for speakers with no country, and left out: a community holds
those who talk about the same people, not those on the same side (on the News Articles
about North Korea it put Siti Aisyah, the Indonesian suspect in Kim Jong-nam's killing, in
North Korea's camp).

**Opposition** is read from the claims: camp A is hostile to camp B when A's voices make
claims that carry escalation language (an escalatory, non-negated hit of
``ann.escalation``) and mention B's actors. A claim names its victims as often as its
adversaries ("Russia's war against Ukraine"), so one-way hostility is weak evidence;
**mutual** hostility (A about B and B about A) is strong. The most mutually hostile pair
founds two **sides**; every other camp joins the side its own voices are not hostile to,
when they are hostile to one side only, in two claims or more ("the enemy of my enemy",
structural balance, Heider 1946). Camps hostile to neither stay outside both sides.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pandas as pd

from newsanalysis.analyse.topics import demonym_countries
from newsanalysis.annotate.actors import lookup_actor
from newsanalysis.annotations import table_of

__all__ = ["CAMP_COLUMNS", "HOSTILITY_COLUMNS", "ActorIndex", "claim_camps", "hostility", "named_with", "sides"]

CAMP_COLUMNS = ["claim_id", "article_id", "voice", "voice_actor_id", "camp", "camp_from"]
HOSTILITY_COLUMNS = ["camp", "about", "n_claims", "claim_ids"]
UNKNOWN = "(unknown)"
#: A body named in a role: "chairman of the State Duma", "professor at Harvard University".
_ROLE_ORG = re.compile(r"\b(?:of|at|for)\s+(?:the\s+)?([A-Z][\w'’.\-]*(?:\s+(?:(?:of|for|and)\s+(?:the\s+)?)?[A-Z][\w'’.\-]*)*)")
_BODIES = ("organization", "media", "group", "country")
_FIRST_PERSON = {"i", "we", "me", "us", "our", "my", "myself", "ourselves"}


class ActorIndex:
    """The actors table indexed for camps: each actor's own camp, and the country a phrase names."""

    def __init__(self, actors: pd.DataFrame, after_name: dict[str, str] | None = None):
        self.table = actors
        self.rows = {r["actor_id"]: r for r in actors.to_dict("records")} if len(actors) else {}
        self.demonyms = demonym_countries(actors)
        self.country_name = {a: r["name"] for a, r in self.rows.items() if r["kind"] == "country"}
        words = sorted(set(self.demonyms) | {n.lower() for n in self.country_name.values()}, key=len, reverse=True)
        self.pattern = re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE) if words else None
        self.by_name = {n.lower(): a for a, n in self.country_name.items()}
        self.affiliations: dict[str, str | None] = dict(after_name or {})

    def affiliation(self, actor_id) -> str | None:
        """The organization a person's role names ("chairman of the State Duma ...",
        "Secretary General of the Atlantic Alliance" -> NATO), or the one written right
        after the name ("Michael Kofman of the Carnegie Endowment"), when it is an actor."""
        if actor_id in self.affiliations:
            return self.affiliations[actor_id]
        row = self.rows.get(actor_id) if isinstance(actor_id, str) else None
        found = None
        if row is not None and row["kind"] == "person":
            for role in row.get("roles") or []:
                for m in _ROLE_ORG.finditer(str(role)):
                    name = m.group(1)
                    while found is None and name:
                        hit = lookup_actor(self.table, name)
                        found = hit if hit and self.rows.get(hit, {}).get("kind") in _BODIES else None
                        name = name.split(" of ", 1)[1] if " of " in name else ""
                if found:
                    break
        self.affiliations[actor_id] = found
        return found

    def camp(self, actor_id) -> str | None:
        """The camp an actor belongs to by itself: a country is its own camp; a person speaks
        for the body of their role, if any; another actor is its country's; an organization
        or group without a country is a camp of its own."""
        row = self.rows.get(actor_id) if isinstance(actor_id, str) else None
        if row is None:
            return None
        if row["kind"] == "country":
            return row["name"]
        body = self.affiliation(actor_id)
        if body is not None and body != actor_id:
            return self.camp(body)
        if isinstance(row.get("country"), str) and row["country"]:
            return row["country"]
        return row["name"] if row["kind"] in ("organization", "group") else None

    def country_in(self, phrase) -> str | None:
        """The country a phrase names by name or demonym ('senior Russian officials')."""
        m = self.pattern.search(phrase) if self.pattern and isinstance(phrase, str) else None
        if not m:
            return None
        word = m.group(1).lower()
        return self.country_name.get(self.demonyms.get(word) or self.by_name.get(word))

    def mapped(self, mapping: dict | None, actor_id, camp: str | None) -> str | None:
        """The user's camp for an actor (by id or name) or for a camp name, if the mapping has it."""
        if not mapping:
            return None
        if isinstance(actor_id, str):
            if actor_id in mapping:
                return mapping[actor_id]
            row = self.rows.get(actor_id)
            if row is not None and row["name"] in mapping:
                return mapping[row["name"]]
        return mapping.get(camp) if camp else None


def named_with(ann) -> dict[str, str]:
    """Person -> the organization written right after their name, "Michael Kofman of the
    Carnegie Endowment" or "Kim, a researcher at the Asan Institute": an affiliation given in
    the text when the actor has no role naming one."""
    mentions = table_of(ann, "mentions")
    arts = table_of(ann, "articles")
    if mentions.empty or arts.empty:
        return {}
    text = dict(zip(arts["article_id"], arts["text"]))
    kinds = dict(zip(table_of(ann, "actors").get("actor_id", []), table_of(ann, "actors").get("kind", [])))
    out: dict[str, Counter] = defaultdict(Counter)
    m = mentions.dropna(subset=["actor_id"]).sort_values(["article_id", "start"])
    for (aid, a_end, a_act), (bid, b_start, b_act) in zip(
            zip(m["article_id"], m["end"], m["actor_id"]), zip(m["article_id"].iloc[1:], m["start"].iloc[1:],
                                                            m["actor_id"].iloc[1:])):
        if aid != bid or kinds.get(a_act) != "person" or kinds.get(b_act) not in ("organization", "media"):
            continue
        between = text.get(aid, "")[int(a_end):int(b_start)]
        if _BETWEEN.fullmatch(between):
            out[a_act][b_act] += 1
    return {p: c.most_common(1)[0][0] for p, c in out.items()}


_BETWEEN = re.compile(r"\s+(?:of|at)\s+(?:the\s+)?|,\s+(?:an?\s+)?[a-z ]{0,40}\b(?:of|at)\s+(?:the\s+)?")


def claim_camps(ann, prov: pd.DataFrame | None = None, *, mapping: dict | None = None) -> pd.DataFrame:
    """The voice (origin) of every claim and its camp, with how the camp was found.

    Parameters
    ----------
    ann
        Annotations.
    prov
        :func:`~newsanalysis.analyse.provenance.provenance` of ``ann`` (computed if None).
    mapping
        The user's camps: ``{actor id, actor name or camp name: camp}``.

    Returns
    -------
    pandas.DataFrame
        :data:`CAMP_COLUMNS`; ``camp_from`` is 'mapping', 'actor', 'words', 'publisher' or
        'unknown' (camp ``'(unknown)'``).
    """
    from newsanalysis.analyse.provenance import provenance

    prov = provenance(ann) if prov is None else prov
    index = ActorIndex(table_of(ann, "actors"), named_with(ann))
    arts = table_of(ann, "articles")
    outlets = dict(zip(arts.get("article_id", []), arts.get("outlet", [])))
    rows = []
    for r in prov.itertuples(index=False):
        aid = r.origin_actor_id if isinstance(r.origin_actor_id, str) else None
        camp, how = index.camp(aid), "actor"
        if camp is None:
            camp, how = index.country_in(r.origin), "words"
        if camp is None and str(r.origin).strip().lower() in _FIRST_PERSON:
            outlet = outlets.get(r.article_id, "") or ""
            camp, how = index.camp(lookup_actor(index.table, outlet)) or index.country_in(outlet), "publisher"
        user = index.mapped(mapping, aid, camp)
        if user is not None:
            camp, how = user, "mapping"
        if camp is None:
            camp, how = UNKNOWN, "unknown"
        rows.append({"claim_id": r.claim_id, "article_id": r.article_id, "voice": r.origin,
                     "voice_actor_id": aid, "camp": camp, "camp_from": how})
    return pd.DataFrame(rows, columns=CAMP_COLUMNS)


def hostility(ann, camps: pd.DataFrame, *, mapping: dict | None = None) -> pd.DataFrame:
    """How often each camp's voices use escalation language about another camp's actors.

    Returns
    -------
    pandas.DataFrame
        :data:`HOSTILITY_COLUMNS`: ``camp`` (the voices'), ``about`` (the camp whose actors the
        claims mention), ``n_claims`` and ``claim_ids``; largest first.
    """
    esc = table_of(ann, "escalation")
    claims = table_of(ann, "claims")
    if esc.empty or claims.empty:
        return pd.DataFrame(columns=HOSTILITY_COLUMNS)
    hot = esc[(esc["polarity"] == "escalatory") & ~esc["negated"].astype(bool)]
    hostile = set(hot["claim_id"].dropna())
    index = ActorIndex(table_of(ann, "actors"))
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    mentions = table_of(ann, "mentions")
    for aid, s, e, text, label, act in zip(mentions["article_id"], mentions["start"], mentions["end"],
                                           mentions["text"], mentions["label"], mentions["actor_id"]):
        if not isinstance(act, str) and label == "NORP":
            act = index.demonyms.get(str(text).lower())
        if isinstance(act, str):
            spans[aid].append((int(s), int(e), act))
    camp_of = dict(zip(camps["claim_id"], camps["camp"]))
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for cid, aid, cs, ce in zip(claims["claim_id"], claims["article_id"], claims["content_start"],
                                claims["content_end"]):
        camp = camp_of.get(cid)
        if cid not in hostile or camp in (None, UNKNOWN) or pd.isna(cs):
            continue
        about = set()
        for s, e, act in spans.get(aid, ()):
            if s >= cs and e <= ce:
                target = index.mapped(mapping, act, index.camp(act)) or index.camp(act)
                if target and target != camp:
                    about.add(target)
        for target in about:
            found[(camp, target)].append(cid)
    rows = [{"camp": a, "about": b, "n_claims": len(ids), "claim_ids": sorted(ids)} for (a, b), ids in found.items()]
    out = pd.DataFrame(rows, columns=HOSTILITY_COLUMNS)
    return out.sort_values(["n_claims", "camp", "about"], ascending=[False, True, True], ignore_index=True)


def sides(hostile: pd.DataFrame, speaking: list[str] | None = None, *, min_claims: int = 2) -> dict[str, int]:
    """Two opposing sides (1 and 2) from the hostility table; camps on neither are left out.

    The founding pair is the two camps most hostile to each other both ways (the smaller
    of the two directions, ties broken by the sum); without any mutual hostility, the pair
    with the most one-way hostility between two camps that both speak (``speaking``). Then,
    until nothing changes, a camp joins the side its voices are not hostile to, when they
    are hostile to exactly one side, in ``min_claims`` claims or more (one claim naming a
    victim is no stance).
    """
    h = {(a, b): n for a, b, n in zip(hostile["camp"], hostile["about"], hostile["n_claims"])}
    if not h:
        return {}
    pairs = {tuple(sorted(p)) for p in h}
    speaking = set(speaking) if speaking is not None else {a for a, _ in h}

    def strength(p):
        ab, ba = h.get(p, 0), h.get(p[::-1], 0)
        return (min(ab, ba), ab + ba, p)

    mutual = [p for p in pairs if strength(p)[0] > 0]
    pool = mutual or [p for p in pairs if p[0] in speaking and p[1] in speaking]
    if not pool:
        return {}
    a, b = max(pool, key=strength)
    side = {a: 1, b: 2}
    camps = sorted({c for p in h for c in p} - set(side))
    changed = True
    while changed:
        changed = False
        for c in camps:
            if c in side:
                continue
            towards = [sum(n for (x, y), n in h.items() if x == c and side.get(y) == s) for s in (1, 2)]
            if (towards[0] >= min_claims) != (towards[1] >= min_claims) and min(towards) == 0:
                side[c] = 2 if towards[0] > 0 else 1
                changed = True
    return side
