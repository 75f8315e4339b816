"""Corpus-level merges: one actor per person across the articles.

After every article is read, :func:`finish` merges, in this order:

1. middle-initial variants ('John F. Kelly' and 'John Kelly', when the corpus knows only one
   middle initial for that name; 'George W. Bush' and 'George H. W. Bush' stay two);
2. suffix names ('Ben Belgacem' is 'Ziyed Ben Belgacem' when he is the only longer name
   ending so);
3. typos ('Vladmir Putin', 'Volodomyr Zelenskiy', 'Dymtro Kuleba'): a rare full name that
   differs from a much more frequent one in one part, by one edit (two in long parts), with
   the same first letter and the same initials, joins it (:func:`typo_target`);

then resolves the bare surnames that had no full name in their article to the corpus's only
full name carrying them.
"""

from __future__ import annotations

from collections import defaultdict

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from newsanalysis.annotate.actors.names import initials, normalize_name, person_skeleton
from newsanalysis.annotate.actors.registry import ActorKey, Registry

__all__ = ["TYPO_MIN_RATIO", "deferred_targets", "finish", "merge_names", "typo_target"]

#: A typo form is at most this rare next to the form it joins (its mentions times this <=
#: the other's): a spelling used as often as another is a different name, not a slip.
TYPO_MIN_RATIO = 3
#: Parts shorter than this must be equal ('Kim Jong Un' / 'Kim Jong Nam', 'Kelly' / 'Kerry').
_MIN_TYPO_PART = 5
#: Whole-name similarity (rapidfuzz ratio of the skeletons, 0-100) a typo keeps at least.
_MIN_NAME_SIMILARITY = 88


def _merge_initials(reg: Registry) -> None:
    groups: dict[str, list[ActorKey]] = defaultdict(list)
    for key in reg.generic_people():
        plain = " ".join(t for t in key.name.split() if len(t) > 1)
        if len(plain.split()) > 1:
            groups[plain].append(key)
    remap: dict[ActorKey, ActorKey] = {}
    for keys in groups.values():
        if len(keys) < 2 or len({initials(k.name) for k in keys} - {()}) > 1:
            continue
        target = max(keys, key=lambda k: (reg.acc[k].n, -len(k.name), k.name))
        for k in keys:
            if k != target:
                remap[k] = target
    reg.apply_remap(remap)


def _person_tokens(reg: Registry, key: ActorKey) -> list[str]:
    """The skeleton tokens (with initials) of a person actor, curated or generic."""
    if key.curated:
        return person_skeleton(normalize_name(reg.acc[key].name), keep_initials=True).split()
    return key.name.split()


def _merge_suffixes(reg: Registry) -> None:
    keys = reg.generic_people()
    longer: dict[str, list[ActorKey]] = defaultdict(list)
    for k in keys:
        toks = k.name.split()
        for i in range(1, len(toks) - 1):
            longer[" ".join(toks[i:])].append(k)
    for k, a in reg.acc.items():
        if k.curated and a.kind == "person":
            toks = _person_tokens(reg, k)
            for i in range(1, len(toks) - 1):
                longer[" ".join(toks[i:])].append(k)
    remap = {}
    for k in keys:
        found = longer.get(k.name, [])
        if len(found) == 1 and found[0] != k:
            remap[k] = found[0]
    reg.apply_remap(remap)


def _typo_parts(a: list[str], b: list[str]) -> bool:
    """Whether two aligned names differ by a typo: the same initials, and exactly one part
    that differs, by one edit (two in parts of nine letters or more), in a part of at least
    five letters, keeping its first letter."""
    if len(a) != len(b) or initials(" ".join(a)) != initials(" ".join(b)):
        return False
    differ = [(x, y) for x, y in zip(a, b) if x != y]
    if len(differ) != 1:
        return False
    x, y = differ[0]
    shorter = min(len(x), len(y))
    return (shorter >= _MIN_TYPO_PART and x[0] == y[0]
            and OSA.distance(x, y) <= (2 if shorter >= 9 else 1))


def typo_target(name: str, count: int, candidates: list[tuple[str, int]], *,
                is_name_word=lambda word: False) -> str | None:
    """The name a rare full name is a typo of, or ``None``.

    ``name`` and the ``candidates`` are person skeletons (:func:`~.names.person_skeleton`
    with initials) with their numbers of mentions. A candidate qualifies when it differs
    from ``name`` in one part by a typo (see :func:`_typo_parts`), the whole names stay
    similar, and it is at least :data:`TYPO_MIN_RATIO` times as frequent; of several, the
    most frequent wins, and a tie is no answer. ``is_name_word(word)`` tells whether the
    differing word of ``name`` is a name in use in the corpus ('Ivana' next to 'Ivanka'):
    then it is another person, not a typo.

    Examples
    --------
    >>> typo_target("vladmir putin", 1, [("vladimir putin", 367), ("vladimir putin jr", 2)])
    'vladimir putin'
    >>> typo_target("ivana trump", 5, [("ivanka trump", 9)]) is None  # too frequent for a slip
    True
    >>> typo_target("kim jong nam", 1, [("kim jong un", 150)]) is None
    True
    """
    toks = name.split()
    found = [(n, c) for n, c in candidates
             if n != name and c >= TYPO_MIN_RATIO * count and _typo_parts(toks, n.split())
             and fuzz.ratio(name, n) >= _MIN_NAME_SIMILARITY
             and not any(is_name_word(x) for x, y in zip(toks, n.split()) if x != y)]
    if not found:
        return None
    found.sort(key=lambda nc: (-nc[1], nc[0]))
    if len(found) > 1 and found[0][1] == found[1][1]:
        return None
    return found[0][0]


def _merge_typos(reg: Registry, is_name_word) -> None:
    people = {k: " ".join(_person_tokens(reg, k)) for k, a in reg.acc.items()
              if a.kind == "person" and a.n and len(_person_tokens(reg, k)) > 1}
    blocks: dict[tuple, list[ActorKey]] = defaultdict(list)  # typos keep the parts' first letters
    for k, skel in people.items():
        blocks[tuple(t[0] for t in skel.split())].append(k)
    remap: dict[ActorKey, ActorKey] = {}
    for keys in blocks.values():
        if len(keys) < 2:
            continue
        by_name = {people[k]: k for k in keys}
        counts = [(people[k], reg.acc[k].n) for k in keys]
        for k in keys:
            if k.curated:
                continue
            target = typo_target(people[k], reg.acc[k].n, counts, is_name_word=is_name_word)
            if target is not None:
                remap[k] = by_name[target]
    reg.apply_remap(remap)


def deferred_targets(reg: Registry):
    """The actor of a bare surname no article could place, by its token: ``(key, full)``
    with the corpus's only full name carrying it (``full=False``), a new person of that one
    name when no full name carries it (``full=True``), or ``None`` when several do."""
    by_last: dict[str, set] = defaultdict(set)
    by_first: dict[str, set] = defaultdict(set)  # family name first: 'Kim Jong Un', 'Xi Jinping'
    for key, a in reg.acc.items():
        if a.kind == "person":
            toks = (person_skeleton(normalize_name(a.name)) if key.curated else key.name).split()
            if len(toks) > 1:
                by_last[toks[-1]].add(key)
                by_first[toks[0]].add(key)

    def target(token: str) -> tuple[ActorKey, bool] | None:
        cands = by_last.get(token) or by_first.get(token, set())
        if len(cands) == 1:
            return next(iter(cands)), False
        return (reg.generic_key("person", token), True) if not cands else None

    return target


def _resolve_deferred(reg: Registry) -> None:
    target = deferred_targets(reg)
    for d in reg.deferred:
        found = target(d.token)
        if found is not None:
            reg.count(d.row, found[0], d.surface, d.aid, full=found[1])


def merge_names(reg: Registry, *, is_name_word=lambda word: False) -> None:
    """The merges across the corpus, in order: initials, suffixes, typos."""
    _merge_initials(reg)
    _merge_suffixes(reg)
    _merge_typos(reg, is_name_word)


def finish(reg: Registry, *, is_name_word=lambda word: False) -> None:
    """The corpus-level steps, in order: initials, suffixes, typos, deferred surnames.
    ``is_name_word`` is :meth:`.CorpusEvidence.is_name_word` (see :func:`typo_target`)."""
    merge_names(reg, is_name_word=is_name_word)
    _resolve_deferred(reg)
