"""Draw a reproducible sample of any measure, to be judged by hand.

A researcher who publishes a number from an automated measure must show it is valid: draw a
random sample, code it by hand, report precision with an interval (oolong does this in R).
:func:`validation_sample` draws such a sample from the tables of an annotated corpus:

=============  ==================================  ==========================================
table          one item is                         fields a coder judges
=============  ==================================  ==========================================
``claims``     an attributed statement             attribution, speaker, content
``speakers``   the speaker of a claim              speaker, speaker_kind, actor
``escalation`` an escalation-language hit          hit, rung, negated, conditional
``actors``     a mention merged into an actor      same_actor
``edges``      an actor-network edge + 1 sentence  edge
=============  ==================================  ==========================================

Each item carries what a coder needs: the ``passage`` (its sentence, or more when the item
runs over several), the ``previous_sentence``, ``marks`` (spans of the passage to highlight,
with their role), the values to judge, and a ``fingerprint`` of those values, so a label
given to an item is never mistaken for a label of a changed item after a re-annotation.
Labels are written and read by :mod:`newsanalysis.analyse.labels`, reported by
:mod:`newsanalysis.analyse.validation_report`, and given in the workbook with
:func:`newsanalysis.show.validation.labelling_widget`.
"""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pandas as pd

__all__ = ["FIELDS", "LABELS", "validation_items", "validation_sample"]

#: The questions a coder answers per table: field -> question (answers: yes, no, unsure).
FIELDS: dict[str, dict[str, str]] = {
    "claims": {
        "attribution": "Is this an attributed statement (someone says, reports or claims something)?",
        "speaker": "Is the speaker right (who makes the statement, as the text has it)?",
        "content": "Is the content right (what is stated, neither cut short nor running over)?",
    },
    "speakers": {
        "speaker": "Is the speaker right (who makes the statement)?",
        "speaker_kind": "Is the speaker kind right (named person, organisation, media, anonymous, group)?",
        "actor": "Is the linked actor right (or rightly none)?",
    },
    "escalation": {
        "hit": "Is this phrase escalation language here (not a name, a metaphor or history)?",
        "rung": "Is the rung (category) right?",
        "negated": "Is 'negated' right (the text denies or negates it, or does not)?",
        "conditional": "Is 'conditional' right (a possibility or threat, or a fact)?",
    },
    "actors": {
        "same_actor": "Does this mention refer to the actor it was merged into?",
    },
    "edges": {
        "edge": "Does this sentence link the two actors (both are there, as resolved)?",
    },
}
#: The answers a coder can give.
LABELS = ("yes", "no", "unsure")

_ITEM_COLUMNS = ["item_id", "table", "article_id", "sent_idx", "start", "end", "item", "values", "spans"]


def _table(ann, name: str) -> pd.DataFrame:
    df = getattr(ann, name, None)
    return df if isinstance(df, pd.DataFrame) else pd.DataFrame()


def _span(row, prefix: str, role: str) -> list:
    s, e = row.get(f"{prefix}_start"), row.get(f"{prefix}_end")
    return [[int(s), int(e), role]] if pd.notna(s) and pd.notna(e) and int(e) > int(s) else []


def _actor_names(ann) -> dict[str, str]:
    actors = _table(ann, "actors")
    return dict(zip(actors["actor_id"], actors["name"])) if not actors.empty else {}


def _claim_items(ann, table: str) -> list[dict]:
    claims = _table(ann, "claims")
    names = _actor_names(ann)
    items = []
    for row in claims.to_dict("records"):
        actor = row.get("speaker_actor_id")
        actor_name = names.get(actor, actor) if isinstance(actor, str) and actor else "(none)"
        if table == "claims":
            values = {"speaker": row["speaker"], "cue": row["cue"], "content": row["content"],
                      "kind": row["kind"], "status": row["status"]}
            spans = _span(row, "speaker", "speaker") + _span(row, "cue", "cue") + _span(row, "content", "content")
            item = f"{row['speaker']} — {row['cue']} — {row['content']}"
        else:
            if not str(row.get("speaker") or "").strip():
                continue
            values = {"speaker": row["speaker"], "speaker_kind": row["speaker_kind"], "actor": actor_name}
            spans = _span(row, "speaker", "speaker") + _span(row, "cue", "cue")
            item = f"{row['speaker']} ({row['speaker_kind']}) → {actor_name}"
        strata = {"kind": row["kind"], "speaker_kind": row["speaker_kind"], "status": row["status"],
                  "found_by": row.get("found_by", ""), "anonymous": row["anonymous"]}
        items.append({"item_id": row["claim_id"], "article_id": row["article_id"], "sent_idx": row["sent_idx"],
                      "start": row["start"], "end": row["end"], "item": item, "values": values,
                      "spans": spans, **strata})
    return items


def _escalation_items(ann) -> list[dict]:
    hits = _table(ann, "escalation")
    arts = _table(ann, "articles")
    text_of = dict(zip(arts["article_id"], arts["text"])) if not arts.empty else {}
    items = []
    for row in hits.to_dict("records"):
        words = text_of.get(row["article_id"], "")[row["start"]:row["end"]]
        values = {"words": words, "term": row["term"], "category": row["category"], "rung": row["rung"],
                  "negated": row["negated"], "conditional": row["conditional"]}
        if "usage" in row:
            values["usage"] = row["usage"]
        items.append({
            "item_id": f"{row['article_id']}:{row['start']}-{row['end']}:{row['term']}",
            "article_id": row["article_id"], "sent_idx": row["sent_idx"], "start": row["start"],
            "end": row["end"], "item": f"{words} → {row['term']} (rung {row['rung']}, {row['category']})",
            "values": values, "spans": [[int(row["start"]), int(row["end"]), "term"]],
            "rung": row["rung"], "category": row["category"], "polarity": row["polarity"],
            "negated": row["negated"], "conditional": row["conditional"]})
    return items


def _merge_items(ann) -> list[dict]:
    """Mentions resolved to an actor under another name than the actor's: the merges."""
    mentions = _table(ann, "mentions")
    actors = _table(ann, "actors")
    if mentions.empty or actors.empty:
        return []
    info = actors.set_index("actor_id")[["name", "kind"]].to_dict("index")
    items = []
    for row in mentions[mentions["actor_id"].notna()].to_dict("records"):
        actor = info.get(row["actor_id"])
        if actor is None or row["text"].casefold() == str(actor["name"]).casefold():
            continue
        items.append({
            "item_id": f"{row['article_id']}:{row['start']}-{row['end']}:{row['actor_id']}",
            "article_id": row["article_id"], "sent_idx": row["sent_idx"], "start": row["start"],
            "end": row["end"], "item": f"{row['text']} → {actor['name']}",
            "values": {"mention": row["text"], "actor": actor["name"], "actor_kind": actor["kind"]},
            "spans": [[int(row["start"]), int(row["end"]), "mention"]],
            "actor_kind": actor["kind"], "label": row["label"]})
    return items


def _edge_items(ann, network: str) -> list[dict]:
    from newsanalysis.analyse.networks import actor_network

    G = actor_network(ann, kind=network)
    mentions = _table(ann, "mentions")
    where: dict[tuple, list] = {}
    for row in mentions[mentions["actor_id"].notna()].to_dict("records") if not mentions.empty else []:
        where.setdefault((row["article_id"], row["sent_idx"], row["actor_id"]), []).append(
            [int(row["start"]), int(row["end"]), "actor"])
    items = []
    for a, b, data in G.edges(data=True):
        if not G.is_directed() and str(b) < str(a):
            a, b = b, a
        na, nb = G.nodes[a].get("name", a), G.nodes[b].get("name", b)
        kinds = sorted([str(G.nodes[a].get("kind", "")), str(G.nodes[b].get("kind", ""))])
        for aid, sidx in data.get("evidence", []):
            spans = where.get((aid, sidx, a), []) + where.get((aid, sidx, b), [])
            items.append({
                "item_id": f"{a}|{b}|{aid}:{sidx}", "article_id": aid, "sent_idx": int(sidx),
                "start": None, "end": None, "item": f"{na} — {nb} ({network})",
                "values": {"source": na, "target": nb, "network": network, "weight": data.get("weight", 1)},
                "spans": spans, "pair_kind": "–".join(kinds), "weight": data.get("weight", 1)})
    return items


def validation_items(ann, table: str, *, network: str = "cooccurrence") -> pd.DataFrame:
    """Every item of ``table`` a coder could judge (before sampling).

    Parameters
    ----------
    ann
        An :class:`~newsanalysis.Annotations` object.
    table
        ``"claims"``, ``"speakers"``, ``"escalation"``, ``"actors"`` (merges) or ``"edges"``.
    network
        For ``"edges"``: the kind of :func:`~newsanalysis.actor_network` whose edges to judge.

    Returns
    -------
    pandas.DataFrame
        ``item_id, table, article_id, sent_idx, start, end, item`` (one line describing it),
        ``values`` (dict of what is judged), ``spans`` (``[start, end, role]`` offsets into
        the article), then the columns a sample can be stratified by (``kind``,
        ``speaker_kind``, ``rung``, ``category``, ``actor_kind``, ``pair_kind``, ...) and
        ``outlet``. Sorted by ``item_id``.
    """
    if table not in FIELDS:
        raise ValueError(f"table must be one of {sorted(FIELDS)}, not {table!r}")
    builders = {"claims": lambda: _claim_items(ann, "claims"), "speakers": lambda: _claim_items(ann, "speakers"),
                "escalation": lambda: _escalation_items(ann), "actors": lambda: _merge_items(ann),
                "edges": lambda: _edge_items(ann, network)}
    df = pd.DataFrame(builders[table]())
    if df.empty:
        return pd.DataFrame(columns=_ITEM_COLUMNS + ["outlet"])
    df.insert(1, "table", table)
    arts = _table(ann, "articles")
    outlet = dict(zip(arts["article_id"], arts["outlet"])) if not arts.empty else {}
    df["outlet"] = df["article_id"].map(outlet).fillna("")
    return df.sort_values("item_id", kind="stable").reset_index(drop=True)


def _fingerprint(values: dict) -> str:
    blob = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha1(blob.encode()).hexdigest()[:12]


def _context(ann, items: pd.DataFrame) -> pd.DataFrame:
    """Passage, previous sentence, marks relative to the passage, title, outlet, date."""
    sents = _table(ann, "sentences")
    arts = _table(ann, "articles").set_index("article_id")
    by_article = {aid: g.sort_values("sent_idx") for aid, g in sents.groupby("article_id")}
    rows = []
    for it in items.itertuples(index=False):
        s = by_article.get(it.article_id)
        text = str(arts.at[it.article_id, "text"]) if it.article_id in arts.index else ""
        sent = s[s["sent_idx"] == it.sent_idx] if s is not None else pd.DataFrame()
        s0, s1 = (int(sent["start"].iloc[0]), int(sent["end"].iloc[0])) if len(sent) else (0, len(text))
        # the item's sentence, widened to the item itself (a quote over two sentences); a span
        # far away (a pronoun's antecedent) is not shown, its value is
        p0 = min(s0, int(it.start)) if pd.notna(it.start) else s0
        p1 = max(s1, int(it.end)) if pd.notna(it.end) else s1
        if s is not None and (p0 < s0 or p1 > s1):  # to whole sentences
            p0 = int(s.loc[s["start"] <= p0, "start"].max()) if (s["start"] <= p0).any() else p0
            p1 = int(s.loc[s["end"] >= p1, "end"].min()) if (s["end"] >= p1).any() else p1
        before = s[s["end"] <= p0] if s is not None else pd.DataFrame()
        rows.append({
            "passage": text[p0:p1], "passage_start": p0,
            "previous_sentence": str(before["text"].iloc[-1]) if len(before) else "",
            "marks": [[max(a, p0) - p0, min(b, p1) - p0, role] for a, b, role in it.spans if a < p1 and b > p0],
            "title": str(arts.at[it.article_id, "title"]) if it.article_id in arts.index else "",
            "published": arts.at[it.article_id, "published"] if it.article_id in arts.index else pd.NaT,
        })
    return pd.DataFrame(rows, index=items.index)


def validation_sample(
    ann,
    table: str = "claims",
    *,
    n: int = 20,
    seed: int = 0,
    strata: str | list[str] | None = None,
    network: str = "cooccurrence",
) -> pd.DataFrame:
    """A reproducible, optionally stratified random sample of ``table`` to judge by hand.

    Parameters
    ----------
    ann
        An :class:`~newsanalysis.Annotations` object.
    table
        ``"claims"``, ``"speakers"``, ``"escalation"``, ``"actors"`` (merges) or ``"edges"``
        (see the module docstring for what one item is and the fields a coder judges).
    n
        Items to draw; with ``strata``, items per stratum (a stratum with fewer has all of
        them), so that each stratum gets its own interval.
    seed
        Seed of the draw: the same corpus, table, ``n``, ``seed`` and ``strata`` give the
        same sample, in the same order.
    strata
        Column(s) of :func:`validation_items` to stratify by: ``"outlet"``, ``"kind"``,
        ``"speaker_kind"``, ``"rung"``, ``"category"``, ``"actor_kind"``, ``"pair_kind"``, ...
    network
        For ``"edges"``: which :func:`~newsanalysis.actor_network` to sample.

    Returns
    -------
    pandas.DataFrame
        One row per item, in a random (seeded) order: the columns of :func:`validation_items`
        plus ``stratum``, ``stratum_size`` (items of that stratum in the whole table),
        ``fingerprint``, ``passage``, ``previous_sentence``, ``marks``, ``title``,
        ``published``. ``attrs`` hold ``fields`` (field -> question), ``table``, ``seed``,
        ``n``, ``strata`` and ``population`` (items in the whole table).

    Examples
    --------
    >>> sample = validation_sample(ann, "claims", n=5, seed=1, strata="speaker_kind")  # doctest: +SKIP
    >>> sample[["stratum", "item"]].head(3)                                              # doctest: +SKIP
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, not {n}")
    items = validation_items(ann, table, network=network)
    cols = [strata] if isinstance(strata, str) else list(strata or [])
    missing = [c for c in cols if c not in items.columns]
    if missing and not items.empty:
        usable = [c for c in items.columns if c not in _ITEM_COLUMNS]
        raise ValueError(f"cannot stratify {table} by {missing}; use one of {usable}")
    if items.empty:
        out = items.assign(stratum=pd.Series(dtype=str), stratum_size=pd.Series(dtype=int))
    else:
        items["stratum"] = (items[cols].astype(str).agg(" · ".join, axis=1) if cols else "all")
        items["stratum_size"] = items.groupby("stratum")["item_id"].transform("size")
        rng = np.random.default_rng(seed)
        picked = []
        for _, group in sorted(items.groupby("stratum"), key=lambda kv: str(kv[0])):
            k = min(n, len(group))
            picked.extend(group.index[np.sort(rng.choice(len(group), size=k, replace=False))])
        out = items.loc[picked].iloc[rng.permutation(len(picked))]
    out = out.reset_index(drop=True)
    out["fingerprint"] = [_fingerprint(v) for v in out["values"]] if len(out) else pd.Series(dtype=str)
    context = _context(ann, out) if len(out) else pd.DataFrame(
        columns=["passage", "passage_start", "previous_sentence", "marks", "title", "published"])
    out = pd.concat([out, context], axis=1)
    out.attrs.update(fields=dict(FIELDS[table]), table=table, seed=seed, n=n, strata=cols,
                     population=len(items))
    return out
