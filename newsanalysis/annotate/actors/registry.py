"""The actors met so far and the ``actors`` table.

:class:`Registry` is what the resolver writes to: one :class:`ActorKey` per actor (a
curated actor by its canonical name, a generic one by its matching key), what the corpus
says about it (forms, roles, countries, counts) and the actor of each mention row. After
the articles are read, :mod:`.merging` merges actors across the corpus; :func:`actor_table`
then names the actors and builds the table.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

import pandas as pd

from newsanalysis.annotate.actors.knowledge import Entry, Knowledge
from newsanalysis.annotate.actors.names import actor_id_for, normalize_name, strip_honorific
from newsanalysis.schemas import validate

__all__ = ["Actor", "ActorKey", "Deferred", "Registry", "actor_table", "canonical_name"]


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
class Deferred:
    """A bare PERSON name with no full name in its article: decided over the corpus."""

    row: int
    surface: str
    token: str  # its skeleton
    aid: str


class Registry:
    """Actors by key and the actor of each mention row."""

    def __init__(self, kb: Knowledge):
        self.kb = kb
        self.acc: dict[ActorKey, Actor] = {}
        self.assign: dict[int, ActorKey] = {}
        self.deferred: list[Deferred] = []

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
        self.count(m.row, key, m.surface, aid, full=full)

    def count(self, row: int, key: ActorKey, surface: str, aid: str, *, full: bool = True) -> None:
        """Give mention ``row`` (``surface`` in article ``aid``) the actor ``key``."""
        a = self.acc[key]
        a.forms[surface] += 1
        if full:
            a.full_forms[surface] += 1
        a.n += 1
        a.articles.add(aid)
        self.assign[row] = key

    def defer(self, m, token: str, aid: str) -> None:
        self.deferred.append(Deferred(m.row, m.surface, token, aid))

    def generic_people(self) -> list[ActorKey]:
        """Keys of the multi-word people found in the corpus (not curated)."""
        return [k for k in self.acc if not k.curated and k.kind == "person" and len(k.name.split()) > 1]

    def apply_remap(self, remap: dict[ActorKey, ActorKey]) -> None:
        """Merge each actor of ``remap`` into its target (following chains of targets)."""
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
