"""The actors met so far, the corpus-level merges, and the ``actors`` table.

:class:`Registry` is what the resolver writes to: one :class:`ActorKey` per actor (a
curated actor by its canonical name, a generic one by its matching key), what the corpus
says about it (forms, roles, countries, counts) and the actor of each mention row. After
the articles are read, :meth:`Registry.finish` merges middle-initial variants and suffix
names and resolves the bare surnames no article could place; :func:`actor_table` then
names the actors and builds the table.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

import pandas as pd

from newsanalysis.annotate.actors.knowledge import Entry, Knowledge
from newsanalysis.annotate.actors.names import (
    actor_id_for,
    initials,
    normalize_name,
    person_skeleton,
    strip_honorific,
)
from newsanalysis.schemas import validate

__all__ = ["ActorKey", "Registry", "actor_table"]


class ActorKey(NamedTuple):
    """Identity of an actor while resolving: a curated actor (from the tables or the user's
    aliases) by its canonical name, a generic one (found in the corpus) by its matching key
    (for people, the person skeleton with initials). A named tuple: hashed in C, it is the
    key of every dict of the resolver."""

    curated: bool
    kind: str
    name: str


@dataclass
class Actor:
    """What the corpus says about one actor while resolving."""

    kind: str
    name: str | None = None  # fixed canonical name (curated), else chosen from forms
    country: str | None = None  # fixed (curated)
    forms: Counter = field(default_factory=Counter)
    full_forms: Counter = field(default_factory=Counter)
    roles: Counter = field(default_factory=Counter)
    countries: Counter = field(default_factory=Counter)
    n: int = 0
    articles: set = field(default_factory=set)

    def absorb(self, other: Actor) -> None:
        self.forms.update(other.forms)
        self.full_forms.update(other.full_forms)
        self.roles.update(other.roles)
        self.countries.update(other.countries)
        self.n += other.n
        self.articles |= other.articles


@dataclass(frozen=True, slots=True)
class _Deferred:
    """A bare PERSON name with no full name in its article: decided over the corpus."""

    row: int
    surface: str
    token: str  # its skeleton
    aid: str


class Registry:
    """Actors by key, the actor of each mention row, and the corpus-level steps."""

    def __init__(self, kb: Knowledge):
        self.kb = kb
        self.acc: dict[ActorKey, Actor] = {}
        self.assign: dict[int, ActorKey] = {}
        self.deferred: list[_Deferred] = []

    def curated_key(self, e: Entry) -> ActorKey:
        key = ActorKey(True, e.kind, e.name)
        if key not in self.acc:
            self.acc[key] = Actor(kind=e.kind, name=e.name, country=e.country)
        return key

    def generic_key(self, kind: str, norm: str) -> ActorKey:
        key = ActorKey(False, kind, norm)
        if key not in self.acc:
            self.acc[key] = Actor(kind=kind)
        return key

    def country_entry(self, country: str) -> Entry:
        """The curated entry of a country by name (a bare country entry when not curated)."""
        return self.kb.names.get(normalize_name(country)) or Entry(country, "country", country)

    def hit(self, m, key: ActorKey, aid: str, *, full: bool = True) -> None:
        """Give mention ``m`` (``row``, ``surface``) of article ``aid`` the actor ``key``;
        ``full=False`` for a bare surname (not a candidate canonical name)."""
        self._count(m.row, key, m.surface, aid, full=full)

    def _count(self, row: int, key: ActorKey, surface: str, aid: str, *, full: bool = True) -> None:
        a = self.acc[key]
        a.forms[surface] += 1
        if full:
            a.full_forms[surface] += 1
        a.n += 1
        a.articles.add(aid)
        self.assign[row] = key

    def defer(self, m, token: str, aid: str) -> None:
        self.deferred.append(_Deferred(m.row, m.surface, token, aid))

    def _generic_people(self) -> list[ActorKey]:
        return [k for k in self.acc if not k.curated and k.kind == "person" and len(k.name.split()) > 1]

    # ------------------------------------------------------------------ corpus level
    def _merge_initials(self) -> None:
        """'John F. Kelly' and 'John Kelly' are one person when the corpus knows only one
        middle initial for that name; 'George W. Bush' and 'George H. W. Bush' stay two (and
        a bare 'George Bush' stays apart from both)."""
        groups: dict[str, list[ActorKey]] = defaultdict(list)
        for key in self._generic_people():
            plain = " ".join(t for t in key.name.split() if len(t) > 1)
            if len(plain.split()) > 1:
                groups[plain].append(key)
        remap: dict[ActorKey, ActorKey] = {}
        for keys in groups.values():
            if len(keys) < 2 or len({initials(k.name) for k in keys} - {()}) > 1:
                continue
            target = max(keys, key=lambda k: (self.acc[k].n, -len(k.name), k.name))
            for k in keys:
                if k != target:
                    remap[k] = target
        self._apply_remap(remap)

    def _merge_suffixes(self) -> None:
        """'Ben Belgacem' is 'Ziyed Ben Belgacem' when he is the only longer name ending so."""
        keys = self._generic_people()
        longer: dict[str, list[ActorKey]] = defaultdict(list)
        for k in keys:
            toks = k.name.split()
            for i in range(1, len(toks) - 1):
                longer[" ".join(toks[i:])].append(k)
        for k, a in self.acc.items():
            if k.curated and a.kind == "person":
                toks = person_skeleton(normalize_name(a.name), keep_initials=True).split()
                for i in range(1, len(toks) - 1):
                    longer[" ".join(toks[i:])].append(k)
        remap = {}
        for k in keys:
            found = longer.get(k.name, [])
            if len(found) == 1 and found[0] != k:
                remap[k] = found[0]
        self._apply_remap(remap)

    def _apply_remap(self, remap: dict[ActorKey, ActorKey]) -> None:
        def final(k):
            while k in remap:
                k = remap[k]
            return k

        for k in sorted(remap):
            target = final(remap[k])
            if k in self.acc and target in self.acc:
                self.acc[target].absorb(self.acc.pop(k))
        if remap:
            self.assign = {row: final(k) for row, k in self.assign.items()}

    def finish(self) -> None:
        """Corpus-level steps: merge middle-initial variants and suffix names, then resolve
        the bare surnames that had no full name in their article to the corpus's only full
        name carrying them (a new one-word person when none does)."""
        self._merge_initials()
        self._merge_suffixes()
        by_last: dict[str, set] = defaultdict(set)
        by_first: dict[str, set] = defaultdict(set)  # family name first: 'Kim Jong Un', 'Xi Jinping'
        for key, a in self.acc.items():
            if a.kind == "person":
                toks = (person_skeleton(normalize_name(a.name)) if key.curated else key.name).split()
                if len(toks) > 1:
                    by_last[toks[-1]].add(key)
                    by_first[toks[0]].add(key)
        for d in self.deferred:
            cands = by_last.get(d.token) or by_first.get(d.token, set())
            if len(cands) == 1:
                self._count(d.row, next(iter(cands)), d.surface, d.aid, full=False)
            elif not cands:
                self._count(d.row, self.generic_key("person", d.token), d.surface, d.aid)


def canonical_name(a: Actor) -> str:
    """The name an actor is shown by: the curated name, else its most frequent full form
    (written in mixed case when there is one; a person's without honorifics, and with more
    than one word when there is one)."""
    if a.name:
        return a.name
    forms = a.full_forms or a.forms
    if a.kind == "person":  # 'Ms Le Pen' is named 'Le Pen'
        stripped: Counter = Counter()
        for f, c in forms.items():
            stripped[strip_honorific(f, key=False)] += c
        forms = stripped
        multi = [f for f in forms if len(f.split()) > 1]
        pool = multi or list(forms)
    else:
        pool = list(forms)
    # the most frequent form, written in mixed case when there is one ('Kim Jong Un', not 'KIM JONG UN')
    return min(pool, key=lambda f: (f.isupper() or f.islower(), -forms[f], -len(f), f))


def actor_table(reg: Registry) -> tuple[pd.DataFrame, dict[ActorKey, str]]:
    """The ``actors`` table (validated, sorted by ``n_mentions`` then ``actor_id``) and the
    actor id of each key. Ids are ``kind:slug-of-name``, numbered ``-2``, ``-3`` ... when two
    actors share one (curated and more-mentioned actors first)."""
    ids: dict[ActorKey, str] = {}
    names: dict[ActorKey, str] = {}
    taken: set[str] = set()
    for key in sorted(reg.acc, key=lambda k: (not k.curated, -reg.acc[k].n, k)):
        a = reg.acc[key]
        if a.n == 0:
            continue
        name = names[key] = canonical_name(a)
        aid = base = actor_id_for(a.kind, name)
        n = 2
        while aid in taken:
            aid = f"{base}-{n}"
            n += 1
        taken.add(aid)
        ids[key] = aid
    rows = []
    for key, aid in ids.items():
        a = reg.acc[key]
        country = (a.name or a.country) if a.kind == "country" else a.country
        if not country and a.countries:
            country = min(a.countries.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        rows.append({
            "actor_id": aid,
            "name": names[key],
            "kind": a.kind,
            "country": country,
            "aliases": sorted(a.forms, key=lambda f: (-a.forms[f], f)),
            "roles": sorted(a.roles, key=lambda r: (-a.roles[r], r)),
            "n_mentions": a.n,
            "n_articles": len(a.articles),
        })
    actors = pd.DataFrame(rows, columns=["actor_id", "name", "kind", "country", "aliases", "roles",
                                         "n_mentions", "n_articles"])
    if len(actors):
        actors = actors.sort_values(["n_mentions", "actor_id"], ascending=[False, True]).reset_index(drop=True)
    actors = actors.astype({"country": object})
    return validate("actors", actors), ids
