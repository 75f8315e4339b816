"""Who has spoken and who has not: voices by camp, silences, and the guests a topic calls for.

* :func:`not_confirmed` -- parties the text says have not confirmed or answered ("neither the
  White House nor the Pentagon have confirmed it", "Moscow and Pyongyang had not
  responded", "..., without confirming the reports").
* :func:`camp_voices` -- per camp, the voices quoted, directly or through a relay (a medium
  between the origin and the article: "Leonid Slutsky via TASS"), or anonymously.
* :func:`unheard` -- much-mentioned actors never quoted, or quoted only through an
  intermediary.
* :func:`perspective` -- a voice as a guest: a role and an affiliation drawn from the
  coverage ("chairman of the State Duma lower house's foreign affairs committee, State Duma
  (Russia), via TASS").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pandas as pd

from newsanalysis.annotations import table_of
from newsanalysis.resources import read_words

__all__ = ["NOT_CONFIRMED_COLUMNS", "UNHEARD_COLUMNS", "camp_voices", "not_confirmed", "perspective",
           "unheard"]

NOT_CONFIRMED_COLUMNS = ["article_id", "sent_idx", "actor_id", "party", "phrase", "text"]
UNHEARD_COLUMNS = ["actor_id", "actor", "kind", "camp", "n_mentions", "n_articles", "n_claims",
                   "n_relayed", "via", "verdict"]
#: Negations before a verb of answering ("had not", "has yet to", "declined to", "neither").
_NEGATION = r"(?:not|n't|never|neither|nor|no|yet\s+to|declined\s+to|refused\s+to|failed\s+to|without)"
_BOUNDARY = re.compile(r",|;|:|\bbut\b|\bwhile\b|\bwhereas\b")
_NOR = re.compile(r"\bnor\s+(?:has|have|had|did|does|do|is|was|were)\b([^,;.]*)", re.IGNORECASE)


def _verb_pattern() -> re.Pattern:
    verbs = sorted(read_words("confirmation_verbs.txt") | read_words("briefing/response_verbs.txt"))
    forms = "|".join(rf"{re.escape(v.rstrip('e'))}(?:e|es|ed|ing|s)?" for v in verbs)
    return re.compile(rf"\b{_NEGATION}\b(?:\s+\w+){{0,3}}?\s+({forms})\b", re.IGNORECASE)


def not_confirmed(ann) -> pd.DataFrame:
    """Parties the text says have not confirmed, answered or commented, one row per party.

    The party is an actor named in the clause before the negated verb ("Both Moscow and
    Pyongyang had not responded"), or after a "nor has" that follows it ("..., nor has the
    Ukrainian Government"); with no actor in that clause ("..., but did not comment",
    "..., without confirming"), the speaker of the sentence's claim, else its first actor.
    Media are left out: an outlet that "could not verify" is not a party to the story.

    Returns
    -------
    pandas.DataFrame
        :data:`NOT_CONFIRMED_COLUMNS`, ``phrase`` being the clause up to the negated verb, as
        written ("neither the White House nor the Pentagon have confirmed").
    """
    sents, mentions = table_of(ann, "sentences"), table_of(ann, "mentions")
    if sents.empty:
        return pd.DataFrame(columns=NOT_CONFIRMED_COLUMNS)
    kinds = dict(zip(table_of(ann, "actors").get("actor_id", []), table_of(ann, "actors").get("kind", [])))
    names = dict(zip(table_of(ann, "actors").get("actor_id", []), table_of(ann, "actors").get("name", [])))
    by_sent: dict[tuple[str, int], list[tuple[int, int, str]]] = defaultdict(list)
    if len(mentions):
        m = mentions.dropna(subset=["actor_id"])
        for aid, si, s, e, act in zip(m["article_id"], m["sent_idx"], m["start"], m["end"], m["actor_id"]):
            if kinds.get(act) != "media":
                by_sent[(aid, int(si))].append((int(s), int(e), act))
    speakers: dict[tuple[str, int], str] = {}
    claims = table_of(ann, "claims")
    for aid, si, act in zip(claims.get("article_id", []), claims.get("sent_idx", []),
                            claims.get("speaker_actor_id", [])):
        if isinstance(act, str) and kinds.get(act) != "media":
            speakers.setdefault((aid, int(si)), act)
    pattern = _verb_pattern()
    rows = []
    for aid, si, start, text in zip(sents["article_id"], sents["sent_idx"], sents["start"], sents["text"]):
        for hit in pattern.finditer(text):
            clause_start = max((b.end() for b in _BOUNDARY.finditer(text, 0, hit.start())), default=0)
            local = [(s - start, e - start, a) for s, e, a in by_sent.get((aid, int(si)), ())]
            parties = [a for s, e, a in local if clause_start <= s < hit.start(1)]
            for nor in _NOR.finditer(text, hit.end()):
                parties += [a for s, e, a in local if nor.start(1) <= s < nor.end(1)]
            if not parties:
                first = speakers.get((aid, int(si))) or next((a for s, e, a in local if s < hit.start()), None)
                parties = [first] if first else []
            phrase = text[clause_start:hit.end()].strip()
            for act in dict.fromkeys(parties):
                rows.append({"article_id": aid, "sent_idx": int(si), "actor_id": act, "party": names.get(act, act),
                             "phrase": phrase, "text": text})
    return pd.DataFrame(rows, columns=NOT_CONFIRMED_COLUMNS).drop_duplicates(
        ["article_id", "sent_idx", "actor_id"], ignore_index=True)


def _voice_label(origin: str, conduits: list[str]) -> str:
    media = [c for c in conduits if c]
    return f"{origin} via {', '.join(media)}" if media else origin


def camp_voices(prov: pd.DataFrame, camps: pd.DataFrame) -> pd.DataFrame:
    """Per camp, the voices quoted and how: directly, through a relay, anonymously.

    Parameters
    ----------
    prov
        :func:`~newsanalysis.analyse.provenance.provenance`, restricted as the caller wishes.
    camps
        :func:`~newsanalysis.analyse.camps.claim_camps` (``claim_id``, ``camp``).

    Returns
    -------
    pandas.DataFrame
        camp, n_claims, n_direct (named origin, no medium between it and the article),
        n_relayed (a medium in between), n_anonymous, voices (list of "origin via medium"
        labels, most claims first), claim_ids; most claims first.
    """
    cols = ["camp", "n_claims", "n_direct", "n_relayed", "n_anonymous", "voices", "claim_ids"]
    if prov.empty:
        return pd.DataFrame(columns=cols)
    df = prov.merge(camps[["claim_id", "camp"]], on="claim_id", how="left")
    rows = []
    for camp, g in df.groupby("camp", sort=False):
        relayed = g["conduits"].map(len) > 0
        labels = Counter(_voice_label(o, c) for o, c in zip(g["origin"], g["conduits"]))
        rows.append({"camp": camp, "n_claims": len(g), "n_direct": int((~relayed & ~g["anonymous"]).sum()),
                     "n_relayed": int(relayed.sum()), "n_anonymous": int(g["anonymous"].sum()),
                     "voices": [v for v, _ in labels.most_common()], "claim_ids": sorted(g["claim_id"])})
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["n_claims", "camp"], ascending=[False, True], ignore_index=True)


def unheard(ann, prov: pd.DataFrame, camps: pd.DataFrame, *, top: int = 15, camp_of=None) -> pd.DataFrame:
    """The most-mentioned actors (no media) that are never quoted, or only through a relay.

    An actor is quoted when it is the origin of a claim, or, for a country, when one of
    its camp's named voices is ("Russia" speaks through Putin and Slutsky). ``via`` lists the
    media or people its words came through. In a corpus of several articles, only actors
    named in two articles or more count as much mentioned. ``camp_of`` (actor id -> camp)
    fills the ``camp`` column.

    Returns
    -------
    pandas.DataFrame
        :data:`UNHEARD_COLUMNS`; ``verdict`` is 'never quoted', 'only through an
        intermediary' or 'only anonymously'; most mentioned first.
    """
    actors = table_of(ann, "actors")
    mentions = table_of(ann, "mentions")
    if actors.empty or mentions.empty:
        return pd.DataFrame(columns=UNHEARD_COLUMNS)
    m = mentions.dropna(subset=["actor_id"])
    n_mentions = m["actor_id"].value_counts()
    n_articles = m.drop_duplicates(["actor_id", "article_id"])["actor_id"].value_counts()
    info = actors.set_index("actor_id")
    df = prov.merge(camps[["claim_id", "camp"]], on="claim_id", how="left")
    own = df.groupby("origin_actor_id")
    named = df[~df["anonymous"]]
    rows = []
    least = 2 if m["article_id"].nunique() > 2 else 1
    for act in n_mentions.index:
        if act not in info.index or info.at[act, "kind"] == "media" or n_articles.get(act, 0) < least:
            continue
        kind, name = info.at[act, "kind"], info.at[act, "name"]
        mine = own.get_group(act) if act in own.groups else df.iloc[0:0]
        if kind == "country" and mine.empty:
            mine = named[named["camp"] == name]
            anonymous = df[(df["camp"] == name) & df["anonymous"]]
        else:
            anonymous = df.iloc[0:0]
        relayed = mine[mine["conduits"].map(len) > 0]
        if len(mine) and len(relayed) < len(mine):
            continue  # heard in its own voice
        via = sorted({_voice_label(o, c) for o, c in zip(relayed["origin"], relayed["conduits"])})
        if len(mine):
            verdict = "only through an intermediary"
        elif len(anonymous):
            verdict, via = "only anonymously", sorted(set(anonymous["origin"]))
        else:
            verdict = "never quoted"
        rows.append({"actor_id": act, "actor": name, "kind": kind, "camp": camp_of(act) if camp_of else None,
                     "n_mentions": int(n_mentions[act]),
                     "n_articles": int(n_articles.get(act, 0)), "n_claims": len(mine), "n_relayed": len(relayed),
                     "via": via, "verdict": verdict})
        if len(rows) == top:
            break
    return pd.DataFrame(rows, columns=UNHEARD_COLUMNS)



def perspective(actor_id, origin: str, conduits: list[str], camp: str, index) -> dict:
    """A voice as a guest: ``role`` and ``affiliation`` drawn from the coverage.

    ``index`` is the camps module's actor index. The role is the actor's most specific
    recorded role (the longest: "U.S. President" before "President"), else what it is ("government" for a
    country, "representative" for an organization, "journalist" for a medium, "official" for
    an anonymous official); the affiliation is the body of the role or the organization
    itself, with the camp, and the medium that relayed it.
    """
    row = index.rows.get(actor_id) if isinstance(actor_id, str) else None
    relay = [c for c in conduits if c]
    if row is None:
        role = _described(origin)
        if role.lower() in _FIRST_PERSON:
            role = "the author (first person)"
        body = None
    else:
        roles = sorted((r for r in (row.get("roles") or []) if isinstance(r, str) and 0 < len(r) <= 80),
                       key=len, reverse=True)
        kind = row["kind"]
        role = roles[0] if roles else {"country": "government representative", "organization": "representative",
                                       "media": "journalist", "group": "member"}.get(kind, "")
        aff = index.affiliation(actor_id)
        body = index.rows[aff]["name"] if aff in index.rows else (row["name"] if kind != "person" else None)
    parts = [p for p in (body, camp if camp and camp != body else None) if p and p != "(unknown)"]
    affiliation = ", ".join(parts)
    if relay:
        affiliation = f"{affiliation}; via {', '.join(relay)}" if affiliation else f"via {', '.join(relay)}"
    return {"role": role, "affiliation": affiliation}


def _described(origin: str) -> str:
    """'unidentified American officials' -> 'American official': a described voice as a role."""
    words = [w for w in re.findall(r"[\w'’\-]+", str(origin)) if w.lower() not in _DETERMINERS]
    if words and words[-1].lower().endswith("s") and len(words[-1]) > 3:
        words[-1] = words[-1][:-1]
    return " ".join(words)


_FIRST_PERSON = {"i", "we", "me", "us", "our", "my"}
_DETERMINERS = {"the", "a", "an", "some", "these", "those", "this", "that", "one", "of", "two", "three",
                "several", "many", "unidentified", "unnamed", "anonymous"}
