"""Names and roles: what the words of a name or a title tell about who holds them.

The word knowledge that :mod:`~newsanalysis.annotate.claims.referents` and
:mod:`~newsanalysis.annotate.claims.speakers` read names and roles with, each list read once
from its file in ``newsanalysis/resources/``: gendered first names and honorifics, role
titles and their families, body nouns, demonyms.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from newsanalysis.resources import read_lines, read_table

__all__ = ["UNGENDERED_TITLES", "body_nouns", "demonyms", "first_names", "honorifics", "is_role_word", "name_key", "person_like",
           "role_families", "titles"]

#: Academic, clerical and military titles written before a name; they tell no gender.
UNGENDERED_TITLES = frozenset({"dr", "prof", "rev", "sen", "rep", "gen"})


@lru_cache(maxsize=1)
def first_names() -> dict[str, str]:
    """Strongly gendered first names, lower case -> "m" or "f" (resources/first_names.tsv)."""
    return {name: g for name, g in (ln.split("\t") for ln in read_lines("first_names.tsv"))}


@lru_cache(maxsize=1)
def honorifics() -> dict[str, str]:
    """Honorifics that tell a gender, lower case -> "m" or "f" (resources/honorifics.tsv)."""
    return {word: g for word, g in (ln.split("\t") for ln in read_lines("honorifics.tsv"))}


@lru_cache(maxsize=1)
def titles() -> tuple[frozenset[str], frozenset[str]]:
    """(role phrases, role words): 'prime minister' and its head word 'minister'."""
    phrases = frozenset(t.strip().lower() for t in read_lines("titles.txt"))
    words = {p.split()[-1] for p in phrases if " of " not in p} | {p.split()[0] for p in phrases if " of " in p}
    return phrases, frozenset(words)


@lru_cache(maxsize=1)
def body_nouns() -> dict[str, str]:
    """Nouns naming a body -> "state" (a country's government) or "org" (resources/body_nouns.txt)."""
    return dict(ln.split() for ln in read_lines("body_nouns.txt"))


@lru_cache(maxsize=1)
def role_families() -> dict[str, frozenset[str]]:
    """General role -> the specific roles it covers ('leader' -> president, premier, ...)."""
    return {g: frozenset(w.replace("-", " ") for w in s.split())
            for g, s in (ln.split("\t") for ln in read_lines("role_families.tsv"))}


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Demonym and country, lower case -> country, lower case ('belarusian' -> 'belarus')."""
    out: dict[str, str] = {}
    for row in read_table("demonyms.csv"):
        country = row["country"].lower()
        out[row["demonym"].lower()] = country
        out[country] = country
    return out


def is_role_word(tok: Token) -> bool:
    """Is ``tok`` a role held by a person ("minister", "leader", "diplomat", "spokesman")?"""
    _, role_words = titles()
    return tok.lower_ in role_words or tok.lemma_.lower() in role_words or tok.lemma_.lower() in role_families()


def person_like(words: list[str]) -> bool:
    """Do these capitalised words name a person: an honorific before a name ("Dr Patra"), or
    a first name of ``first_names.tsv`` before another name ("Theresa May")?"""
    low = [w.lower().rstrip(".") for w in words]
    return len(low) > 1 and (low[0] in honorifics() or low[0] in UNGENDERED_TITLES
                             or low[0] in first_names())


def name_key(word: str) -> str:
    """A telling word as it compares: lower case, a demonym as its country."""
    w = word.lower().strip(".")
    return demonyms().get(w, w)
