"""Actor resolution over a corpus held in parts (one Dask partition each): the same rules,
the same tables as :func:`~.resolver.resolve_actors`, and no process holds every mention.

The resolver's rules read a mention, the characters around it in its article and what the
whole corpus says about its name. Only the last is corpus-wide, and it is small: it is
about the *vocabulary* of distinct names, not about each mention. So the resolution runs in
four passes, each part where its articles are, and only vocabulary-sized results travel:

1. :func:`part_person_keys`: the distinct multi-word PERSON names of a part (their union
   tells which tokens are parts of people's names);
2. :func:`part_evidence`: per distinct name, its label votes and contexts
   (:meth:`.CorpusEvidence.counts`), summed over the parts;
3. :func:`part_actors`: each article resolved against that evidence; a part returns its
   actors (one per distinct name or curated entry, with forms, roles, countries and
   counts) and its bare surnames left to the corpus, counted by (token, form);
4. :func:`merged_registry` adds the parts' actors up, in the order the single-process
   resolver meets them, and runs the corpus-level merges (:mod:`.merging`); then
   :func:`part_actor_ids` gives each mention row of a part its actor id (the mention ->
   actor map), and the article count of each actor.

A per-article step never reads another article, so the parts may be resolved in any
order and on any machine; the sums are the single-process resolver's.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import pandas as pd

from newsanalysis.annotate.actors import merging
from newsanalysis.annotate.actors.corpus import CorpusEvidence, Mention, person_keys_of
from newsanalysis.annotate.actors.knowledge import knowledge
from newsanalysis.annotate.actors.registry import Actor, ActorKey, Registry, actor_table
from newsanalysis.annotate.actors.resolver import Resolver

__all__ = ["PartActors", "merged_registry", "part_actor_ids", "part_actors", "part_evidence",
           "part_person_keys", "resolved_table"]


def _grouped(texts: dict[str, str], mentions: pd.DataFrame) -> dict[str, list[Mention]]:
    """The mentions of a part by article, as :func:`~.resolver.resolve_actors` reads them
    (``row`` is the position in ``mentions``)."""
    groups: dict[str, list[Mention]] = defaultdict(list)
    if len(mentions):
        columns = [mentions["article_id"].astype(str).to_numpy(), mentions["start"].astype(int).tolist(),
                   mentions["end"].astype(int).tolist(), mentions["text"].astype(str).to_numpy(),
                   mentions["label"].astype(str).to_numpy()]
        for i, (aid, start, end, text, label) in enumerate(zip(*columns)):
            groups[aid].append(Mention.read(i, start, end, text, label))
    return groups


def part_person_keys(texts: dict[str, str], mentions: pd.DataFrame) -> set[str]:
    """Pass 1: the distinct multi-word PERSON names of a part."""
    return person_keys_of(_grouped(texts, mentions))


def part_evidence(texts: dict[str, str], mentions: pd.DataFrame, person_keys: set[str], *,
                  aliases=None) -> dict:
    """Pass 2: what a part says about each distinct name (:meth:`.CorpusEvidence.counts`)."""
    ev = CorpusEvidence(knowledge(aliases), _grouped(texts, mentions), texts, person_keys=person_keys,
                        partial=True)
    return ev.counts()


class _PartResolver(Resolver):
    """The resolver, noting the article in which it met each actor first."""

    def __init__(self, kb, evidence):
        super().__init__(kb, evidence)
        self.current = ""
        self.first: dict[ActorKey, str] = {}

    def curated_key(self, e):
        key = super().curated_key(e)
        self.first.setdefault(key, self.current)
        return key

    def generic_key(self, kind: str, norm: str) -> ActorKey:
        key = super().generic_key(kind, norm)
        self.first.setdefault(key, self.current)
        return key


def _resolve_part(texts: dict[str, str], mentions: pd.DataFrame, evidence: CorpusEvidence,
                  aliases) -> _PartResolver:
    groups = _grouped(texts, mentions)
    # the corpus pass repairs glued names in place; the resolver reads the repaired mentions
    evidence.repair_all(groups)
    res = _PartResolver(knowledge(aliases), evidence)
    for aid in sorted(groups):
        res.current = aid
        res.article(aid, texts.get(aid, ""), groups[aid])
    return res


@dataclass
class PartActors:
    """Pass 3's result for one part, or for several added up (:meth:`combine`): the actors
    (without article sets: those are counted by :func:`part_actor_ids`), where each was met
    first (article id, part, position), and the bare surnames by (token, form)."""

    acc: dict[ActorKey, Actor]
    first: dict[ActorKey, tuple[str, int, int]]
    deferred: Counter = field(default_factory=Counter)

    @staticmethod
    def combine(a: PartActors, b: PartActors) -> PartActors:
        """Two parts' actors added up (``a`` is updated and returned)."""
        for key, actor in b.acc.items():
            if key in a.acc:
                a.acc[key].absorb(actor)
                a.first[key] = min(a.first[key], b.first[key])
            else:
                a.acc[key] = actor
                a.first[key] = b.first[key]
        a.deferred.update(b.deferred)
        return a


def part_actors(texts: dict[str, str], mentions: pd.DataFrame, evidence: CorpusEvidence, *,
                part: int, aliases=None) -> PartActors:
    """Pass 3: resolve the articles of part number ``part`` against the corpus's evidence."""
    res = _resolve_part(texts, mentions, evidence, aliases)
    for a in res.acc.values():
        a.articles = set()
    first = {k: (res.first[k], part, i) for i, k in enumerate(res.acc)}
    deferred = Counter((d.token, d.surface) for d in res.deferred)
    return PartActors(res.acc, first, deferred)


def merged_registry(total: PartActors, evidence: CorpusEvidence, *, aliases=None):
    """Pass 4: the corpus's actors (every part's, :meth:`PartActors.combine`) in the order
    one resolver reading the articles by id meets them, the corpus-level merges run, and
    the bare surnames placed.

    Returns
    -------
    registry, final, deferred
        The merged :class:`~.registry.Registry`, each original key's final key, and each
        deferred token's ``(key, full)`` (or None when several people carry it).
    """
    reg = Registry(knowledge(aliases))
    for key in sorted(total.acc, key=total.first.__getitem__):
        reg.acc[key] = total.acc[key]
    reg.assign = {k: k for k in reg.acc}  # apply_remap follows each original key to its final one
    merging.merge_names(reg, is_name_word=evidence.is_name_word)
    final = dict(reg.assign)
    target = merging.deferred_targets(reg)
    deferred: dict[str, tuple[ActorKey, bool] | None] = {}
    for (token, surface), n in sorted(total.deferred.items()):
        if token not in deferred:
            deferred[token] = target(token)
        found = deferred[token]
        if found is not None:
            a = reg.acc[found[0]]
            a.forms[surface] += n
            if found[1]:
                a.full_forms[surface] += n
            a.n += n
    return reg, final, deferred


def resolved_table(reg: Registry, final: dict, deferred: dict) -> tuple[pd.DataFrame, dict, dict]:
    """The ``actors`` table (``n_articles`` still to count) and the actor id of every
    original key and of every deferred token, to ship to the parts."""
    actors, ids = actor_table(reg)
    key_ids = {k: ids.get(f) for k, f in final.items()}
    token_ids = {t: ids.get(found[0]) if found else None for t, found in deferred.items()}
    return actors, key_ids, token_ids


def part_actor_ids(texts: dict[str, str], mentions: pd.DataFrame, evidence: CorpusEvidence,
                   key_ids: dict, token_ids: dict, *, aliases=None) -> tuple[pd.Series, Counter]:
    """The actor id of each mention row of a part (the resolver run again on the part: it
    is deterministic), and in how many of the part's articles each actor is mentioned."""
    res = _resolve_part(texts, mentions, evidence, aliases)
    row_ids: dict[int, str | None] = {row: key_ids.get(k) for row, k in res.assign.items()}
    for d in res.deferred:
        row_ids[d.row] = token_ids.get(d.token)
    ids = pd.Series([row_ids.get(i) for i in range(len(mentions))], index=mentions.index, dtype=object)
    pairs = pd.DataFrame({"actor_id": ids.to_numpy(), "article_id": mentions["article_id"].to_numpy()})
    n_articles = Counter(pairs.dropna().drop_duplicates()["actor_id"].tolist())
    return ids, n_articles
