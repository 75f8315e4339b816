"""Topics of a story: groups of claims and escalation hits about the same thing.

A **unit** is a sentence that holds an attributed claim or an escalation hit. Each unit is
described by what it is about: the actors it mentions (``mentions.actor_id``, and the
country of a demonym: "North Korean troops" is about North Korea) and its content words
(stop words, numbers, dates and the claim's cue left out; plurals folded), weighted by
TF-IDF, with half the weight of the sentences either side (a paragraph keeps its subject
across sentences). Units are linked to their most similar units (cosine, the ``k`` nearest
above a floor) and the graph's Louvain communities are the topics, as the actor networks'
communities are (:func:`newsanalysis.analyse.networks.actor_network`). Communities whose
centres are alike are merged; the largest, by articles then units, are kept.

Each topic is labelled with a phrase taken from its sentences: the word sequence (one to four
words, no stop word at either end, no punctuation inside) that its units hold most and the
other topics least, as class-based TF-IDF does (Grootendorst 2022, BERTopic). A phrase that
only names an actor gets the topic's best other phrase after it ("Kim Jong-nam: nerve agent").
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter, defaultdict

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp
from spacy.lang.en.stop_words import STOP_WORDS

from newsanalysis.annotations import table_of
from newsanalysis.resources import read_lines, read_table

__all__ = ["TOPIC_COLUMNS", "UNIT_COLUMNS", "demonym_countries", "fold", "question_topics", "story_topics",
           "term_communities", "unit_keys"]

TOPIC_COLUMNS = ["topic_id", "label", "phrases", "n_units", "n_claims", "n_hits", "n_articles",
                 "actors", "lead", "evidence"]
UNIT_COLUMNS = ["article_id", "sent_idx", "topic_id", "similarity"]

_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]")
_CHUNK = re.compile(r"[^,;:.!?()\[\]“”\"–—]+")  # phrase candidates never cross punctuation
_NOT_TOPICAL = {"DATE", "TIME", "ORDINAL", "CARDINAL", "PERCENT", "MONEY", "QUANTITY"}
#: Words that say how something is reported, not what it is about (beyond spaCy's stop words).
_REPORTING = {"said", "say", "says", "told", "tell", "added", "according", "reported", "report",
              "statement", "noted", "stated", "asked", "mr", "ms", "mrs", "also", "just", "like"}
_NEIGHBOUR_WEIGHT = 0.25
_MAX_KEYS = 2000  # keys in the term graph (the most frequent)


@functools.lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """A word's key: lower case, no possessive, plural folded ("troops" -> "troop").

    Examples
    --------
    >>> [fold(w) for w in ["Troops", "Russia's", "missiles", "press", "status"]]
    ['troop', 'russia', 'missile', 'press', 'status']
    """
    w = word.lower().replace("’", "'").removesuffix("'s")
    if len(w) > 4 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    return w


@functools.lru_cache(maxsize=1)
def _sourcing_words() -> frozenset[str]:
    """Words of how a claim is sourced, not what it says: the anonymity markers ("on
    condition of anonymity") and the nouns of anonymous and media sources ("officials",
    "the newspaper"), from the claims extractor's word lists."""
    words = {fold(w) for line in read_lines("anonymity_markers.txt") for w in _WORD.findall(line.split("|")[0])}
    words |= {fold(line.split()[0]) for line in read_lines("source_nouns.txt")
              if line.split()[-1] in ("anonymous", "media")}
    return frozenset(w for w in words if w not in STOP_WORDS)


@functools.lru_cache(maxsize=65536)
def _stop(key: str) -> bool:
    return key in STOP_WORDS or key in _REPORTING or len(key) < 3 or key in _sourcing_words()


def demonym_countries(actors: pd.DataFrame) -> dict[str, str]:
    """Demonym ('north korean', 'russians') -> the country actor in ``actors``."""
    by_name = {n: a for a, n, k in zip(actors.get("actor_id", []), actors.get("name", []),
                                       actors.get("kind", [])) if k == "country"}
    out = {}
    for row in read_table("demonyms.csv"):
        aid = by_name.get(row["country"])
        if aid:
            out[row["demonym"].lower()] = aid
            out[row["demonym"].lower() + "s"] = aid
    return out


def unit_keys(ann) -> list[tuple[str, int]]:
    """The (article_id, sent_idx) of every sentence holding a claim or an escalation hit."""
    keys = set()
    for name in ("claims", "escalation"):
        df = table_of(ann, name)
        if len(df):
            keys |= set(zip(df["article_id"].astype(str), df["sent_idx"].astype(int)))
    return sorted(keys)


def _features(ann, sentences: pd.DataFrame) -> dict[tuple[str, int], Counter]:
    """What each sentence is about: ``@actor_id`` keys and folded content words."""
    actors = table_of(ann, "actors")
    demonyms = demonym_countries(actors)
    masks: dict[tuple[str, int], list[tuple[int, int]]] = defaultdict(list)
    out: dict[tuple[str, int], Counter] = defaultdict(Counter)
    mentions = table_of(ann, "mentions")
    if len(mentions):
        for aid, si, s, e, text, label, act in zip(
                mentions["article_id"], mentions["sent_idx"], mentions["start"], mentions["end"],
                mentions["text"], mentions["label"], mentions["actor_id"]):
            key = (str(aid), int(si))
            if not isinstance(act, str) and label == "NORP":
                act = demonyms.get(str(text).lower())
            if isinstance(act, str) and act:
                if not act.startswith("media:"):  # an outlet carries the claim, it is not its subject
                    out[key]["@" + act] += 1
                masks[key].append((int(s), int(e)))
            elif label in _NOT_TOPICAL:
                masks[key].append((int(s), int(e)))
    claims = table_of(ann, "claims")
    for start, end in (("cue_start", "cue_end"), ("speaker_start", "speaker_end")):
        if start not in claims:
            continue  # who speaks and the cue say how a claim is sourced, not what it is about
        for aid, si, s, e in zip(claims["article_id"], claims["sent_idx"], claims[start], claims[end]):
            if pd.notna(s) and pd.notna(e):
                masks[(str(aid), int(si))].append((int(s), int(e)))
    esc = table_of(ann, "escalation")
    if len(esc):
        for aid, si, cat in zip(esc["article_id"], esc["sent_idx"], esc["category"]):
            out[(str(aid), int(si))]["%" + str(cat)] += 1
    for aid, si, start, text in zip(sentences["article_id"].astype(str), sentences["sent_idx"].astype(int),
                                    sentences["start"].astype(int), sentences["text"].astype(str)):
        key = (aid, si)
        mask = [(s - start, e - start) for s, e in masks.get(key, ())]
        for m in _WORD.finditer(text):
            if any(s <= m.start() < e for s, e in mask):
                continue
            k = fold(m.group())
            if not _stop(k):
                out[key][k] += 1
    return out


def _matrix(rows: list[Counter], *, min_df: int = 2) -> tuple[sp.csr_matrix, list[str]]:
    """L2-normalised TF-IDF matrix (sublinear tf) of the rows, over keys in ``min_df`` rows or
    more and at most half of them."""
    n = len(rows)
    df = Counter(k for r in rows for k in r)
    vocab = sorted(k for k, d in df.items() if min_df <= d <= max(min_df, n // 2))
    index = {k: i for i, k in enumerate(vocab)}
    r_idx, c_idx, vals = [], [], []
    for i, row in enumerate(rows):
        for k, c in row.items():
            j = index.get(k)
            if j is not None:
                r_idx.append(i)
                c_idx.append(j)
                vals.append((1 + math.log(c)) * math.log(n / df[k]))
    X = sp.csr_matrix((np.asarray(vals, np.float32), (r_idx, c_idx)), shape=(n, len(vocab)))
    return _normalise(X), vocab


def _normalise(X: sp.csr_matrix) -> sp.csr_matrix:
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ X)


def term_communities(X: sp.csr_matrix, *, seed: int = 42, min_together: int = 2, min_npmi: float = 0.1,
                     max_keys: int = _MAX_KEYS) -> list[list[int]]:
    """Communities of the keys (columns of ``X``) that occur together in units.

    Two keys are linked when they share at least ``min_together`` units and their normalised
    pointwise mutual information (Bouma 2009) is at least ``min_npmi``: they occur together
    more often than chance, whatever their frequency. Only the ``max_keys`` keys found in
    most units take part (a large corpus's rare words make no topic). The Louvain
    communities of that graph with three keys or more, largest first, are the candidate
    topics.
    """
    B = sp.csc_matrix((X > 0).astype(np.float32))
    n = B.shape[0]
    df = np.asarray(B.sum(axis=0)).ravel()
    keep = np.sort(np.argsort(-df, kind="stable")[:max_keys])
    C = sp.triu(B[:, keep].T @ B[:, keep], k=1).tocoo()
    together = C.data.astype(np.float64)
    da, db = df[keep][C.row] / n, df[keep][C.col] / n
    p = together / n
    with np.errstate(divide="ignore", invalid="ignore"):
        npmi = np.log(p / (da * db)) / -np.log(p)
    ok = (together >= min_together) & np.isfinite(npmi) & (npmi >= min_npmi)
    rows, cols, weights = keep[C.row[ok]], keep[C.col[ok]], npmi[ok]
    order = np.lexsort((cols, rows))  # Louvain depends on the order of nodes and edges: keep it fixed
    G = nx.Graph()
    G.add_nodes_from(sorted(set(rows.tolist()) | set(cols.tolist())))
    G.add_weighted_edges_from(zip(rows[order].tolist(), cols[order].tolist(), weights[order].tolist()))
    comms = nx.community.louvain_communities(G, weight="weight", seed=seed)
    return sorted((sorted(c) for c in comms if len(c) >= 3), key=lambda c: (-len(c), c[0]))


#: Grammar words a label phrase may hold inside ("deployment of troops", "war against
#: Russia"); other stop words inside make a clause, not a name for a thing ("Ukraine to use").
_NAMED = 0.6
_INSIDE = {"of", "the", "and", "against", "into", "on", "in", "for", "with", "from", "over", "between"}


def _phrases(text: str) -> dict[tuple[str, ...], tuple[bool, bool, str]]:
    """The one- to four-word sequences of a sentence (folded keys) worth a label, each with
    whether it holds a common noun-like word (a content word written in lower case), whether
    it holds a name (a capitalised word) and how it is written."""
    out: dict[tuple[str, ...], tuple[bool, bool, str]] = {}
    for chunk in _CHUNK.findall(text):
        words = _WORD.findall(chunk)
        keys = [fold(w) for w in words]
        stop = [_stop(k) for k in keys]
        upper = [w[0].isupper() for w in words]
        for n in range(1, 5):
            for i in range(len(keys) - n + 1):
                j = i + n - 1
                if stop[i] or stop[j] or any(stop[k] and keys[k] not in _INSIDE for k in range(i + 1, j)):
                    continue
                if (j + 1 < len(words) and upper[j] and upper[j + 1]) or (i > 0 and upper[i] and upper[i - 1]):
                    continue  # cuts a name: "meeting of the National [Security Council]"
                gram = tuple(keys[i:j + 1])
                common = any(words[k].islower() and not stop[k] for k in range(i, j + 1))
                named = any(upper[i:j + 1])
                seen = out.get(gram)
                out[gram] = (common, named, " ".join(words[i:j + 1])) if seen is None else (
                    seen[0] or common, seen[1] and named, seen[2])
    return out


def _labels(groups: list[list[str]], keys: list[dict[str, float]]) -> list[tuple[str, list[str]]]:
    """(label, top phrases) for each group of sentence texts.

    A phrase scores by class-based TF-IDF (its share of the group's sentences, times how
    rare it is in the other groups), times the square root of its length and the weight of
    the group's key words it holds (``keys``: word -> share of the group's units holding it).
    The label is the best phrase of two words or more with a common noun in it ("nerve
    agent", not "Kuala Lumpur"; one word only when no longer phrase has one), a phrase with a
    name in it counting :data:`_NAMED` as much ("long-range missiles" before "Biden
    administration": a topic is a matter more than a person); the top five phrases, names
    included, come with it, each as most often written.
    """
    grams = [[_phrases(t) for t in texts] for texts in groups]
    in_group = [Counter(g for sent in gs for g in sent) for gs in grams]
    common = [{g for sent in gs for g, v in sent.items() if v[0]} for gs in grams]
    named = [{g for sent in gs for g, v in sent.items() if v[1]} for gs in grams]
    written = []
    for gs in grams:
        forms: dict[tuple[str, ...], Counter] = defaultdict(Counter)
        for sent in gs:
            for g, v in sent.items():
                forms[g][v[2]] += 1
        written.append(forms)
    total = Counter()
    for c in in_group:
        total.update(c)
    mean = max(1.0, sum(len(g) for g in groups) / max(1, len(groups)))
    out = []
    for texts, counts, nouns, names, weight, forms in zip(groups, in_group, common, named, keys, written):
        least = 2 if len(texts) >= 4 else 1
        scored = sorted((((c / len(texts)) * math.log(1 + mean / total[g]) * math.sqrt(len(g))
                          * (0.25 + max(weight.get(w, 0.0) for w in g)), g)
                         for g, c in counts.items() if c >= least), reverse=True)
        ranked, picked = [], []
        things = sorted(((sc * (_NAMED if g in names else 1.0), g) for sc, g in scored if g in nouns),
                        reverse=True)
        label = next((g for _, g in things if len(g) > 1), things[0][1] if things else None)
        label = forms[label].most_common(1)[0][0] if label else None
        for _, g in scored:
            if not any(set(g) <= set(p) or set(p) <= set(g) for p in picked):
                picked.append(g)  # not "missile" after "long-range missiles"
                ranked.append(forms[g].most_common(1)[0][0])
            if len(ranked) == 5:
                break
        out.append((label or (ranked[0] if ranked else "(unlabelled)"), ranked))
    return out


def _unit_matrix(ann, keys: list[tuple[str, int]]) -> tuple[sp.csr_matrix, list[str], dict]:
    sentences = table_of(ann, "sentences")
    wanted = set(keys) | {(a, i + d) for a, i in keys for d in (-1, 1)}
    sub = sentences[[k in wanted for k in zip(sentences["article_id"].astype(str),
                                               sentences["sent_idx"].astype(int))]]
    feats = _features(ann, sub)
    rows = []
    for a, i in keys:
        row = Counter(feats.get((a, i), {}))
        for d in (-1, 1):
            for k, c in feats.get((a, i + d), {}).items():
                row[k] += _NEIGHBOUR_WEIGHT * c
        rows.append(row)
    X, vocab = _matrix(rows)
    texts = dict(zip(zip(sub["article_id"].astype(str), sub["sent_idx"].astype(int)), sub["text"].astype(str)))
    return X, vocab, texts


def story_topics(ann, *, max_topics: int = 6, seed: int = 42) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The main topics of the coverage, each with its label, actors and evidence sentences.

    Parameters
    ----------
    ann
        Annotations (``sentences``, ``mentions``, ``actors``, ``claims``, ``escalation``).
    max_topics
        Keep at most this many topics (the largest by articles, then units).
    seed
        Seed of the Louvain communities.

    Returns
    -------
    topics : pandas.DataFrame
        One row per topic (:data:`TOPIC_COLUMNS`): ``topic_id`` ('T1' is the largest),
        ``label`` (a phrase from the text), ``phrases`` (its five best phrases), the numbers of
        units, claims, hits and articles, ``actors`` (names of the actors its units mention
        most), ``lead`` (the sentence nearest its centre) and ``evidence`` ((article_id,
        sent_idx) of its units, nearest the centre first).
    units : pandas.DataFrame
        One row per unit (:data:`UNIT_COLUMNS`) with its ``topic_id`` (None outside the kept
        topics) and its cosine ``similarity`` to the topic's centre.

    Examples
    --------
    >>> topics, units = story_topics(ann)          # doctest: +SKIP
    >>> topics[["topic_id", "label", "n_articles"]]  # doctest: +SKIP
    """
    keys = unit_keys(ann)
    empty = (pd.DataFrame(columns=TOPIC_COLUMNS), pd.DataFrame(columns=UNIT_COLUMNS))
    if len(keys) < 2:
        return empty
    X, vocab, texts = _unit_matrix(ann, keys)
    if X.shape[1] == 0:
        return empty
    groups = term_communities(X, seed=seed, min_together=max(2, len(keys) // 2000))
    if not groups:
        return empty
    member = np.zeros((X.shape[1], len(groups)), np.float32)
    for g, cols in enumerate(groups):
        member[cols, g] = 1.0
    score = np.asarray(X @ member)
    best = np.where(score.max(axis=1) > 0, score.argmax(axis=1), -1)
    comms = [np.flatnonzero(best == g).tolist() for g in range(len(groups))]
    least = max(2, len(keys) // 50)
    comms = [c for c in comms if len(c) >= least]
    comms.sort(key=lambda c: (-len({keys[i][0] for i in c}), -len(c), c[0]))
    comms = comms[:max_topics]
    return _tables(ann, keys, X, vocab, texts, comms)


def _tables(ann, keys, X, vocab, texts, comms) -> tuple[pd.DataFrame, pd.DataFrame]:
    actors = table_of(ann, "actors")
    names = dict(zip(actors.get("actor_id", []), actors.get("name", [])))
    claims, esc = table_of(ann, "claims"), table_of(ann, "escalation")
    n_claims = Counter(zip(claims["article_id"].astype(str), claims["sent_idx"].astype(int))) if len(claims) else {}
    n_hits = Counter(zip(esc["article_id"].astype(str), esc["sent_idx"].astype(int))) if len(esc) else {}
    actor_cols = np.array([v.startswith("@") for v in vocab])
    shares = []
    for members in comms:
        held = Counter(vocab[j] for i in members for j in X[i].indices)
        shares.append({k: c / len(members) for k, c in held.items() if not k.startswith(("@", "%"))})
    labels = _labels([[texts.get(keys[i], "") for i in c] for c in comms], shares)
    topic_rows, unit_topic = [], {}
    for t, (members, (label, phrases)) in enumerate(zip(comms, labels), start=1):
        tid = f"T{t}"
        centre = np.asarray(X[members].mean(axis=0)).ravel()
        sims = X[members] @ (centre / (np.linalg.norm(centre) or 1.0))
        order = [members[j] for j in np.argsort(-sims, kind="stable")]
        for i, s in zip(members, sims):
            unit_topic[i] = (tid, float(s))
        weight = Counter()
        for i in members:
            row = X[i]
            for j, v in zip(row.indices, row.data):
                if actor_cols[j]:
                    weight[vocab[j][1:]] += v
        topic_rows.append({
            "topic_id": tid, "label": label, "phrases": phrases, "n_units": len(members),
            "n_claims": sum(n_claims.get(keys[i], 0) for i in members),
            "n_hits": sum(n_hits.get(keys[i], 0) for i in members),
            "n_articles": len({keys[i][0] for i in members}),
            "actors": [names.get(a, a) for a, _ in weight.most_common(6)],
            "lead": texts.get(keys[order[0]], ""), "evidence": [keys[i] for i in order],
        })
    units = pd.DataFrame([{"article_id": a, "sent_idx": s, "topic_id": unit_topic.get(i, (None, np.nan))[0],
                           "similarity": unit_topic.get(i, (None, np.nan))[1]}
                          for i, (a, s) in enumerate(keys)], columns=UNIT_COLUMNS)
    return pd.DataFrame(topic_rows, columns=TOPIC_COLUMNS), units


def question_topics(ann, topics: pd.DataFrame, question: str) -> pd.DataFrame:
    """The topics a user's question is about, best first (none when it matches no topic).

    The question is read as the units are: its content words (folded, stop words out) and
    the actors it names (an actor's name or alias, or a demonym). A topic scores the share
    of its units holding each of those keys, weighted by how rare the key is across the
    topics (a key every topic holds weighs nothing); topics scoring less than half the best are left out (none, when nothing scores).

    Examples
    --------
    >>> question_topics(ann, topics, "What do North Korean troops change?")  # doctest: +SKIP
    """
    if topics.empty or not isinstance(question, str) or not question.strip():
        return topics.iloc[0:0]
    actors = table_of(ann, "actors")
    wanted = {fold(w) for w in _WORD.findall(question)} - {k for k in map(fold, _WORD.findall(question)) if _stop(k)}
    low = " " + re.sub(r"[^\w'’\- ]", " ", question.lower()) + " "
    for aid, name, aliases in zip(actors.get("actor_id", []), actors.get("name", []), actors.get("aliases", [])):
        forms = {str(name)} | {str(a) for a in (aliases if isinstance(aliases, list) else [])}
        if any(f" {f.lower()} " in low for f in forms if len(f) > 2):
            wanted.add("@" + aid)
    for demonym, aid in demonym_countries(actors).items():
        if f" {demonym} " in low:
            wanted.add("@" + aid)
    sents = table_of(ann, "sentences")
    held = []
    for evidence in topics["evidence"]:
        keys = {tuple(k) for k in evidence}
        sub = sents[[k in keys for k in zip(sents["article_id"].astype(str), sents["sent_idx"].astype(int))]]
        feats = _features(ann, sub)
        held.append(Counter(k for f in feats.values() for k in f if k in wanted))
    spread = Counter(k for h in held for k in h)
    scores = [sum(c / max(1, len(ev)) * math.log(len(held) / spread[k]) for k, c in h.items())
              for h, ev in zip(held, topics["evidence"])]
    out = topics.assign(_score=scores)
    best = max(scores, default=0.0)
    out = out[(out["_score"] > 0) & (out["_score"] >= best / 2)].sort_values("_score", ascending=False, kind="stable")
    return out.drop(columns="_score").reset_index(drop=True)
