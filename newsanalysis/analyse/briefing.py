"""A story briefing: topics, what is claimed on whose authority, who has spoken and who has
not, paired guests, a research question and hashtags, each with its evidence.

:func:`build_briefing` assembles the tables from the existing analyses: the topics of
:mod:`.topics`, :func:`~newsanalysis.analyse.provenance.provenance` and
:func:`~newsanalysis.analyse.provenance.corroboration` for the authority behind the
claims, the camps and sides of :mod:`.camps`, the voices and silences of :mod:`.voices`,
and the escalation hits for the research question. Nothing here reads text a second time
with a model: every row points back to sentences of the corpus. The rendered view (HTML,
Markdown) is in :mod:`newsanalysis.show.briefing`.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from dataclasses import dataclass, field, fields

import numpy as np
import pandas as pd
import scipy.sparse as sp
from spacy.lang.en.stop_words import STOP_WORDS

from newsanalysis.analyse.camps import ActorIndex, claim_camps, hostility, named_with, sides
from newsanalysis.analyse.guests import missing_voices, pair_guests
from newsanalysis.analyse.topics import question_topics, story_topics
from newsanalysis.analyse.voices import camp_voices, not_confirmed, unheard
from newsanalysis.annotations import table_of

__all__ = ["BriefingTables", "BriefingWarning", "build_briefing", "hashtags", "may_repeat", "research_question"]

_MAIN_CLAIMS = 5


class BriefingWarning(UserWarning):
    """Something the briefing could not do as asked (a question that matches no topic)."""


@dataclass
class BriefingTables:
    """The briefing's tables; every row carries its evidence ((article_id, sent_idx) pairs
    or the sentence text).

    Attributes
    ----------
    question
        The research question (the user's, when given).
    question_evidence
        The sentences the question rests on (``why``: 'escalation move', 'de-escalation
        frame', 'dominant topic').
    topics
        One row per topic (:func:`~newsanalysis.analyse.topics.story_topics`).
    claims
        The claims of each topic with their voice, camp, status, anonymity and independent
        origins; ``main`` marks the ones shown first.
    authority
        Per topic: claims by status, anonymous origins, corroborated groups and their
        independent origins, and the parties that have not confirmed.
    voices
        Per topic and camp: the voices quoted and how (direct, relayed, anonymous), with the
        camp's side.
    camp_voices
        Per camp over the whole coverage: the voices quoted and how ("Russia": Leonid Slutsky
        via TASS, Vladimir Putin, some senior Russian officials).
    unheard
        Much-mentioned actors never quoted or quoted only through an intermediary.
    not_confirmed
        Parties the text says have not confirmed or answered, with the sentence.
    guests
        Two perspectives per topic from opposing camps: role, affiliation, the voice they are
        drawn from, and the claims that make each a natural guest.
    missing
        Per topic, the voice the coverage most lacks, and why.
    hashtags
        The corpus's own tags and its top entities as tags.
    camps, hostility, sides
        Each claim's camp, the hostility between camps, and the two sides.
    """

    question: str = ""
    question_evidence: pd.DataFrame = field(default_factory=pd.DataFrame)
    topics: pd.DataFrame = field(default_factory=pd.DataFrame)
    claims: pd.DataFrame = field(default_factory=pd.DataFrame)
    authority: pd.DataFrame = field(default_factory=pd.DataFrame)
    voices: pd.DataFrame = field(default_factory=pd.DataFrame)
    camp_voices: pd.DataFrame = field(default_factory=pd.DataFrame)
    unheard: pd.DataFrame = field(default_factory=pd.DataFrame)
    not_confirmed: pd.DataFrame = field(default_factory=pd.DataFrame)
    guests: pd.DataFrame = field(default_factory=pd.DataFrame)
    missing: pd.DataFrame = field(default_factory=pd.DataFrame)
    hashtags: pd.DataFrame = field(default_factory=pd.DataFrame)
    camps: pd.DataFrame = field(default_factory=pd.DataFrame)
    hostility: pd.DataFrame = field(default_factory=pd.DataFrame)
    sides: dict = field(default_factory=dict)
    user_question: bool = False
    n_articles: int = 0

    def tables(self) -> dict[str, pd.DataFrame]:
        """The DataFrames by name."""
        return {f.name: getattr(self, f.name) for f in fields(self) if isinstance(getattr(self, f.name), pd.DataFrame)}


class _Selection:
    """The annotation tables cut to a selection of articles."""

    def __init__(self, ann, ids: set[str] | None, **replace: pd.DataFrame):
        for name in ("articles", "sentences", "mentions", "claims", "escalation"):
            df = table_of(ann, name)
            if ids is not None and "article_id" in df:
                df = df[df["article_id"].isin(ids)].reset_index(drop=True)
            setattr(self, name, replace.get(name, df))
        self.actors = table_of(ann, "actors")


def _article_ids(articles) -> set[str] | None:
    if articles is None:
        return None
    if isinstance(articles, pd.DataFrame):
        return set(articles["article_id"].astype(str))
    if isinstance(articles, str):
        return {articles}
    return {str(a) for a in articles}


def _topic_of_units(units: pd.DataFrame) -> dict[tuple[str, int], str]:
    u = units.dropna(subset=["topic_id"])
    return dict(zip(zip(u["article_id"], u["sent_idx"].astype(int)), u["topic_id"]))


def _nearest_topic(keys, topic_of: dict) -> list[str | None]:
    """The topic of each (article_id, sent_idx): its own unit's, else the nearest unit's in
    the same article (a sentence saying "had not responded" belongs to what precedes it)."""
    by_article: dict[str, list[tuple[int, str]]] = {}
    for (a, s), t in topic_of.items():
        by_article.setdefault(a, []).append((s, t))
    out = []
    for a, s in keys:
        near = sorted(by_article.get(a, []), key=lambda st: (abs(st[0] - s), st[0] > s))
        out.append(topic_of.get((a, s)) or (near[0][1] if near else None))
    return out


def may_repeat(claims: pd.DataFrame) -> pd.Series:
    """Which claims could be stated again in another article: those sharing with a claim of
    another article at least 40% of their content words, and three of them or more (two for
    short claims, when they are 60% of the shorter's content words).

    :func:`~newsanalysis.analyse.provenance.corroboration` compares every candidate pair with
    rapidfuzz and then walks every claim in pandas; given only the claims that pass this test
    it finds (nearly) the same groups in a fraction of the time: two contents at 0.7 or more
    by ``token_sort_ratio`` share most of their words. ``benchmarks/briefing_speed.py`` prints
    how many of the claims corroboration groups the test keeps. Content words are words of
    three letters or more that are not stop words and not in more than 2% of the claims.
    """
    words = [{w for w in re.findall(r"[a-z0-9]{3,}", str(c).lower()) if w not in STOP_WORDS}
             for c in claims["content"]]
    df = Counter(w for ws in words for w in ws)
    common = max(20, len(words) // 4)
    words = [frozenset(w for w in ws if df[w] <= common) for ws in words]
    vocab: dict[str, int] = {}
    rows, cols = [], []
    for i, ws in enumerate(words):
        for w in ws:
            rows.append(i)
            cols.append(vocab.setdefault(w, len(vocab)))
    if not rows:
        return pd.Series(False, index=claims.index)
    B = sp.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=(len(words), len(vocab)))
    shared = (B @ B.T).tocoo()
    size = np.array([len(w) for w in words])
    art = claims["article_id"].astype(str).to_numpy()
    least = np.minimum(size[shared.row], size[shared.col])
    ok = ((shared.row != shared.col) & (art[shared.row] != art[shared.col]) & (shared.data >= 0.4 * least)
          & ((shared.data >= 3) | ((shared.data >= 2) & (shared.data >= 0.6 * least))))
    keep = np.zeros(len(words), bool)
    keep[shared.row[ok]] = True
    return pd.Series(keep, index=claims.index)


def _claims_table(prov, camps, cor, topic_of, centrality) -> pd.DataFrame:
    group = {}
    for gid, ids, n_ind, n_art in zip(cor["group_id"], cor["claim_ids"], cor["n_independent_origins"],
                                      cor["n_articles"]):
        for cid in ids:
            group[cid] = (gid, int(n_ind), int(n_art))
    df = prov.merge(camps[["claim_id", "camp", "camp_from"]], on="claim_id", how="left")
    df["topic_id"] = [topic_of.get((a, int(s))) for a, s in zip(df["article_id"], df["sent_idx"])]
    df["group_id"] = [group.get(c, (None, 1, 1))[0] for c in df["claim_id"]]
    df["n_independent_origins"] = [group.get(c, (None, 1, 1))[1] for c in df["claim_id"]]
    df["n_articles"] = [group.get(c, (None, 1, 1))[2] for c in df["claim_id"]]
    df = df.dropna(subset=["topic_id"])
    # main claims: stated in most articles, then nearest the topic's centre, then earliest
    df["centrality"] = [centrality.get((a, int(s)), 0.0) for a, s in zip(df["article_id"], df["sent_idx"])]
    df = df.sort_values(["topic_id", "n_articles", "centrality", "sent_idx", "claim_id"],
                        ascending=[True, False, False, True, True])
    df["main"] = df.groupby("topic_id").cumcount() < _MAIN_CLAIMS
    cols = ["topic_id", "claim_id", "article_id", "sent_idx", "origin", "origin_actor_id", "conduits", "camp",
            "camp_from",
            "speaker_kind", "anonymous", "status", "group_id", "n_independent_origins", "n_articles",
            "content", "evidence", "main"]
    return df[cols].reset_index(drop=True)


def _authority(topics, claims, nc) -> pd.DataFrame:
    rows = []
    for tid in topics["topic_id"]:
        c = claims[claims["topic_id"] == tid]
        status = Counter(c["status"])
        groups = c.dropna(subset=["group_id"]).drop_duplicates("group_id")
        parties = nc[nc["topic_id"] == tid]
        rows.append({
            "topic_id": tid, "n_claims": len(c), "asserted": status.get("asserted", 0),
            "unconfirmed": status.get("unconfirmed", 0), "hedged": status.get("hedged", 0),
            "denied": status.get("denied", 0), "confirmed": status.get("confirmed", 0),
            "n_anonymous": int(c["anonymous"].sum()),
            "n_corroborated": len(groups), "max_independent_origins": int(c["n_independent_origins"].max())
            if len(c) else 0,
            "not_confirmed_by": list(dict.fromkeys(parties["party"])),
            "not_confirmed_evidence": list(dict.fromkeys(parties["text"])),
        })
    return pd.DataFrame(rows)


def _topic_voices(claims, sides_of) -> pd.DataFrame:
    rows = []
    for (tid, camp), g in claims.groupby(["topic_id", "camp"], sort=True):
        relayed = g["conduits"].map(len) > 0
        voices = Counter(f"{o} via {', '.join(c)}" if len(c) else o for o, c in zip(g["origin"], g["conduits"]))
        rows.append({"topic_id": tid, "camp": camp, "side": sides_of.get(camp), "n_claims": len(g),
                     "n_direct": int((~relayed & ~g["anonymous"]).sum()), "n_relayed": int(relayed.sum()),
                     "n_anonymous": int(g["anonymous"].sum()), "voices": [v for v, _ in voices.most_common()]})
    out = pd.DataFrame(rows, columns=["topic_id", "camp", "side", "n_claims", "n_direct", "n_relayed",
                                      "n_anonymous", "voices"])
    return out.sort_values(["topic_id", "n_claims"], ascending=[True, False], ignore_index=True)


def hashtags(ann, *, n: int = 10) -> pd.DataFrame:
    """The corpus's own tags (``articles.tags``, most used first) and its top entities as tags
    (``#NorthKorea``), side by side: hashtag, source ('corpus tag' or 'entity'), n."""
    rows = []
    tags = Counter(t for ts in table_of(ann, "articles").get("tags", []) for t in (ts if isinstance(ts, list) else []))
    rows += [{"hashtag": "#" + t, "source": "corpus tag", "n": c} for t, c in tags.most_common(2 * n)]
    m = table_of(ann, "mentions")
    actors = table_of(ann, "actors")
    if len(m) and len(actors):
        kinds = dict(zip(actors["actor_id"], actors["kind"]))
        names = dict(zip(actors["actor_id"], actors["name"]))
        counts = m.dropna(subset=["actor_id"])["actor_id"].value_counts()
        top = [a for a in counts.index if kinds.get(a) != "media"][:n]
        rows += [{"hashtag": "#" + re.sub(r"[^\w]", "", names[a].title()), "source": "entity", "n": int(counts[a])}
                 for a in top]
    return pd.DataFrame(rows, columns=["hashtag", "source", "n"])


def _most_written(ann, hits: pd.DataFrame, inside: pd.Series | None = None):
    """The lexicon term that best marks a topic, as most often written, with its hits.

    ``inside`` weighs each hit by how much it leads the topic (0 outside the topic; inside,
    1 / (1 + its sentence's index): news puts the main event first); a term scores the square
    of its weight over the number of its hits: "long-range missiles" of two leads, not the
    "war" found everywhere. Without ``inside``, or with no hit inside, the term with most
    hits wins."""
    if hits.empty:
        return None, hits
    total = hits.groupby("term").size()
    score = total.astype(float)
    if inside is not None and inside.any():
        score = inside.groupby(hits["term"]).sum().pow(2).div(total)
    term = score.sort_values(ascending=False, kind="stable").index[0]
    mine = hits[hits["term"] == term]
    if inside is not None and inside.any():
        mine = mine.loc[inside[mine.index].sort_values(ascending=False, kind="stable").index]  # central first
    text = dict(zip(table_of(ann, "articles")["article_id"], table_of(ann, "articles")["text"]))
    written = Counter(text[a][s:e].strip() for a, s, e in zip(mine["article_id"], mine["start"], mine["end"]))
    form = max(written, key=lambda f: (written[f], f.islower(), f))
    return (form if not form[:1].isupper() or form.isupper() else form[0].lower() + form[1:]), mine


def research_question(ann, topics: pd.DataFrame, side_of: dict | None = None,
                      camp_claims: Counter | None = None) -> tuple[str, pd.DataFrame]:
    """An open question from the dominant topic and the tension in the coverage.

    The **escalation move** is the escalatory lexicon entry of rung 4 or more (force posture,
    attack, expansion, nuclear) that leads the dominant topic (:func:`_most_written`), as
    most often written ("long-range missiles"); the **de-escalation frame** is the
    de-escalatory entry with the most hits in the coverage ("peace negotiations"); the
    **parties** are the two countries named most in the sentences of both, else the leading
    camps of the two sides (``side_of``, ranked by ``camp_claims``). With both, "What are
    the potential implications of <move> for <frame> between <A> and <B>?"; with a move
    only, "How could <move> change the conflict between <A> and <B>?"; with neither, a
    question on the dominant topic's label.

    Returns
    -------
    (str, pandas.DataFrame)
        The question and its evidence (article_id, sent_idx, why, text).
    """
    cols = ["article_id", "sent_idx", "why", "text"]
    if topics.empty:
        return "", pd.DataFrame(columns=cols)
    esc = table_of(ann, "escalation")
    top = topics.iloc[0]
    move = frame = None
    evidence = []
    if len(esc):
        esc = esc[~esc["negated"].astype(bool)]
        in_top = {tuple(k) for k in top["evidence"]}
        inside = pd.Series([1.0 / (1 + k[1]) if k in in_top else 0.0
                            for k in zip(esc["article_id"], esc["sent_idx"].astype(int))], index=esc.index)
        moves = esc[(esc["polarity"] == "escalatory") & (esc["rung"] >= 4)]
        move, move_hits = _most_written(ann, moves, inside[moves.index])
        frame, frame_hits = _most_written(ann, esc[esc["polarity"] == "de-escalatory"])
        for hits, why in ((move_hits, "escalation move"), (frame_hits, "de-escalation frame")):
            evidence += [(a, int(s), why) for a, s in zip(hits["article_id"], hits["sent_idx"])][:3]
    if not evidence:
        evidence = [(a, int(s), "dominant topic") for a, s in list(top["evidence"])[:3]]
    parties = _parties(ann, [(a, s) for a, s, _ in evidence])
    if len(parties) < 2 and side_of:
        ranked = sorted(side_of, key=lambda c: -(camp_claims or Counter())[c])
        leads = [next((c for c in ranked if side_of[c] == s), None) for s in (1, 2)]
        parties = list(dict.fromkeys(parties + [c for c in leads if c]))[:2]
    between = f" between {parties[0]} and {parties[1]}" if len(parties) == 2 else ""
    if move and frame:
        q = f"What are the potential implications of {move} for {frame}{between}?"
    elif move:
        q = f"How could {move} change the conflict{between}?"
    else:
        q = f"What is at stake in {top['label']}{between}, and who has not been heard?"
    sents = table_of(ann, "sentences")
    sent_text = dict(zip(zip(sents["article_id"], sents["sent_idx"].astype(int)), sents["text"]))
    ev = pd.DataFrame([{"article_id": a, "sent_idx": s, "why": w, "text": sent_text.get((a, s), "")}
                       for a, s, w in dict.fromkeys(evidence)], columns=cols)
    return q, ev


def _parties(ann, keys) -> list[str]:
    """The two countries named most in these sentences (by name or demonym)."""
    m = table_of(ann, "mentions")
    index = ActorIndex(table_of(ann, "actors"))
    wanted = set(keys)
    counts = Counter()
    for a, s, text, label, act in zip(m.get("article_id", []), m.get("sent_idx", []), m.get("text", []),
                                      m.get("label", []), m.get("actor_id", [])):
        if (a, int(s)) not in wanted:
            continue
        if not isinstance(act, str) and label == "NORP":
            act = index.demonyms.get(str(text).lower())
        if isinstance(act, str) and act in index.country_name:
            counts[index.country_name[act]] += 1
    return [c for c, _ in counts.most_common(2)]


def build_briefing(ann, *, articles=None, question: str | None = None, camps: dict | None = None,
                   max_topics: int = 6, seed: int = 42) -> BriefingTables:
    """The tables of a story briefing; see :func:`newsanalysis.show.briefing.briefing` for the
    object with its HTML and Markdown views, and for the parameters."""
    from newsanalysis.analyse.corroboration import corroboration
    from newsanalysis.analyse.provenance import provenance

    sel = _Selection(ann, _article_ids(articles))
    b = BriefingTables(n_articles=len(sel.articles))
    topics, units = story_topics(sel, max_topics=max_topics, seed=seed)
    if question:
        chosen = question_topics(sel, topics, question)
        if chosen.empty:
            warnings.warn(f"No topic of the coverage stands out for the question {question!r} (its words are "
                          "in no topic, or in all of them); the briefing keeps "
                          "all topics.", BriefingWarning, stacklevel=3)
        else:
            topics = chosen
    b.topics = topics
    topic_of = _topic_of_units(units)
    topic_of = {k: t for k, t in topic_of.items() if t in set(topics["topic_id"])}
    prov = provenance(sel) if len(sel.claims) else pd.DataFrame(columns=["claim_id", "article_id", "sent_idx"])
    if len(sel.claims):
        b.camps = claim_camps(sel, prov, mapping=camps)
        b.hostility = hostility(sel, b.camps, mapping=camps)
        b.sides = sides(b.hostility, sorted(set(b.camps["camp"])))
        in_topics = sel.claims[[k in topic_of for k in zip(sel.claims["article_id"], sel.claims["sent_idx"])]]
        cor = corroboration(_Selection(sel, None, claims=in_topics[may_repeat(in_topics)]))
        centrality = dict(zip(zip(units["article_id"], units["sent_idx"].astype(int)), units["similarity"]))
        b.claims = _claims_table(prov, b.camps, cor, topic_of, centrality)
    nc = not_confirmed(sel)
    nc["topic_id"] = _nearest_topic(list(zip(nc["article_id"], nc["sent_idx"])), topic_of) if len(nc) else []
    b.not_confirmed = nc
    if len(b.claims):
        b.authority = _authority(topics, b.claims, nc)
        b.voices = _topic_voices(b.claims, b.sides)
        b.camp_voices = camp_voices(prov, b.camps).assign(side=lambda d: d["camp"].map(b.sides))
        index = ActorIndex(sel.actors, named_with(sel))
        b.unheard = unheard(sel, prov, b.camps, camp_of=index.camp)
        b.guests = pair_guests(b.claims, topics, b.sides, b.hostility, index, sel)
        b.missing = missing_voices(sel, topics, b.claims, nc, index)
    if question:
        b.question, b.user_question = question, True
        b.question_evidence = pd.DataFrame(columns=["article_id", "sent_idx", "why", "text"])
    else:
        counts = Counter(b.camps["camp"]) if len(b.camps) else Counter()
        b.question, b.question_evidence = research_question(sel, topics, b.sides, counts)
    b.hashtags = hashtags(sel)
    return b

