"""Actor resolution: from entity mentions (strings) to real-world actors, across the corpus.

A mention is a string; an actor is who it refers to. :func:`resolve_actors` reads the
``mentions`` table (one row per spaCy entity) and the article texts, and returns the
``actors`` table plus a copy of ``mentions`` with ``actor_id`` filled. It never re-parses:
it works from the mention strings, their labels and the characters around them, so it runs
over thousands of articles in seconds.

The rules, in the order they apply to a mention:

1. Labels that never name an actor (DATE, CARDINAL, PERCENT, ...) get no actor.
2. Names in photo credits and editor lines ("(Leah Millis/Reuters)", "Edited by ...") get
   no actor: they are not story actors.
3. A place or organization used as a person's title ("U.S. President Joe Biden", "Kremlin
   chief Vladimir Putin") gives the person a role and a country and is not itself a mention.
4. User aliases, then the curated tables in ``resources/`` (countries, people, organizations,
   media outlets), matched on a normalized key (case, a leading "the", possessive "'s",
   dots and hyphens ignored; for people also transliteration: y/i and doubled letters).
5. Capitals and seats of government (``metonyms.csv``): a seat ("the Kremlin") is always the
   state; a capital ("Moscow", "Washington") is the state when used as a political actor
   and stays a place after a locative preposition ("in Washington").
6. People: full names cluster on their normalized key across the corpus; a bare surname
   ("Kim", "Biden", also when spaCy labels it ORG) goes to the nearest preceding full name
   in the article that carries it; with none in the article, to the curated default, or to
   the only full name with that surname in the corpus, and otherwise stays unresolved.
7. Organizations cluster on their key; names ending like a news outlet ("... News Agency")
   are media; "the Ukrainian Government" is the state; an acronym introduced after a name
   ("Korea Central News Agency, or KCNA") is that actor in the rest of the article.
8. Nationality words (NORP) are adjectives, not actors ("Russian troops"); plural group
   names that are not demonyms ("Kurds", "Shiites") are actors of kind ``group``.

Roles come from titles before a name and appositions after or before it; an actor's
``country`` from the curated tables, else from demonyms, countries and country-bound
organizations inside its roles and name (the Duma -> Russia).
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path

import pandas as pd

from newsanalysis.resources import read_lines, read_table
from newsanalysis.schemas import validate

__all__ = ["actor_id_for", "load_aliases", "normalize_name", "resolve_actors"]

#: spaCy labels whose mentions can name an actor at all.
ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT",
                          "WORK_OF_ART", "EVENT", "LAW"})
#: Labels that only become actors through the curated tables or a person's surname
#: (spaCy's guess is often wrong for names: "Kyiv" PERSON, "Zelenskyy" ORG, "Kursk" PRODUCT).
_WEAK_LABELS = frozenset({"LOC", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"})

_LOCATIVE = frozenset({"in", "at", "from", "near", "outside", "around", "across", "into",
                       "via", "through", "toward", "towards", "within", "inside", "of",
                       "visit", "visited", "visiting", "visits", "between", "over", "throughout"})
_TRAVEL_RE = re.compile(r"\b(?:travel\w*|flew|fly\w*|flight\w*|trip|visit\w*|return\w*|arriv\w*|"
                        r"went|go|goes|going|gone|moved?|came|come|headed|heading|back|relocat\w*|"
                        r"deport\w*|evacuat\w*|embassy)\b[^.]{0,40}$", re.IGNORECASE)
_PLACE_AFTER_RE = re.compile(r"^(?:-based|\s+(?:region|oblast|suburbs?|airport|city|streets?|residents?|"
                             r"mayor|metro|subway|time|area|outskirts|centre|center|district|hotel)\b)", re.IGNORECASE)
_CREDIT_BEFORE_RE = re.compile(
    r"(?:\b(?:photo(?:graph)?s?|pictures?|images?|credit|edited|editing|reporting|writing|written|"
    r"compiled|translated|video)\b[^.\n]{0,25}(?:\bby|:|/)\s*|/\s*)$", re.IGNORECASE)
_CONNECTORS = frozenset({"of", "the", "'s", "’s"})
_LEAD_STOP = frozenset({"meanwhile", "but", "and", "when", "then", "also", "as", "if", "after",
                        "before", "while", "since", "so", "yet", "however", "still", "now", "today",
                        "earlier", "later", "in", "on", "at", "by", "with", "says", "said", "a",
                        "an", "the", "this", "that", "his", "her", "their", "its", "our", "new",
                        "during", "citing", "although", "though", "both", "is", "was", "unlike",
                        "even", "from", "has", "had", "it's", "all", "one", "she", "he", "they",
                        "we", "i", "there", "here", "including", "like", "whether", "because",
                        "where", "who", "what", "how", "why", "without", "under", "over",
                        "about", "against", "among", "amid", "despite", "following", "according",
                        "asked", "told", "added", "for", "to", "of", "or", "nor", "not", "only",
                        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                        "january", "february", "march", "april", "june", "july", "august",
                        "september", "october", "november", "december", "day", "week", "year"})
_ACRONYM_AFTER_RE = re.compile(r"^\s*(?:,\s*or\s+(?:the\s+)?|\(\s*)([A-Z][A-Za-z\-]{1,9})\b")
_APPOS_AFTER_RE = re.compile(r"^,\s+(?:the\s+|a\s+|an\s+)?([^,.;:()“”\"\n]{2,110}?)(?=,|\.|;|\)|\n|$)")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"', "–": "-", "—": "-",
                         "‐": "-", "‑": "-"})


# --------------------------------------------------------------------------- normalizing

def _ascii_fold(s: str) -> str:
    if s.isascii():
        return s
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


@functools.lru_cache(maxsize=200_000)
def _strip_surface(text: str) -> str:
    """The mention as a name: whitespace, a leading 'the', possessive and end punctuation off."""
    s = " ".join(text.translate(_QUOTES).split())
    s = re.sub(r"^(?:the|The|THE)\s+", "", s)
    s = re.sub(r"(?:'s|')$", "", s)
    s = re.sub(r"[\s.\-]*-[\s.\-]*$", "", s)  # trailing dash debris of scraped text: 'Al Jazeera.-'
    s = s.replace("]", "").replace("[", "")
    return s.strip(" ,;:!?\"()") or s


@functools.lru_cache(maxsize=200_000)
def normalize_name(text: str) -> str:
    """Matching key of a name: case, accents, a leading 'the', possessive, dots, hyphens ignored.

    Examples
    --------
    >>> normalize_name("the U.S.'s")
    'us'
    >>> normalize_name("Kim Jong-un") == normalize_name("Kim Jong Un")
    True
    """
    s = _ascii_fold(_strip_surface(text)).casefold()
    s = s.replace(".", "").replace("'", "").replace("-", " ").replace("/", " ")
    s = re.sub(r"[^\w ]", " ", s)
    return " ".join(s.split())


@functools.lru_cache(maxsize=200_000)
def _person_skeleton(key: str, *, keep_initials: bool = False) -> str:
    """Transliteration-tolerant key of a person's name: y->i, doubled letters once, no initials.

    'volodymyr zelenskyy' and 'volodimir zelensky' both give 'volodimir zelenski'; 'kim jong
    hyn' stays apart from 'kim jong un'.
    """
    toks = [t for t in key.split() if keep_initials or len(t) > 1 or len(key.split()) == 1]
    toks = [t for t in toks if t not in ("al", "el")] or toks
    out = []
    for t in toks:
        t = t.replace("y", "i")
        t = re.sub(r"(.)\1+", r"\1", t)
        out.append(t)
    return " ".join(out)


def _slug(name: str) -> str:
    s = _ascii_fold(name.translate(_QUOTES)).casefold()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s or "unnamed"


def actor_id_for(kind: str, name: str) -> str:
    """Stable actor id from kind and canonical name: ``actor_id_for('person', 'Joe Biden')``
    is ``'person:joe-biden'``."""
    return f"{kind}:{_slug(name)}"


# --------------------------------------------------------------------------- resources

@dataclass(frozen=True)
class _Entry:
    name: str
    kind: str
    country: str | None


@dataclass
class _Knowledge:
    """The curated tables, indexed for matching."""

    names: dict[str, _Entry] = field(default_factory=dict)        # normalized key -> actor
    person_skel: dict[str, _Entry] = field(default_factory=dict)  # person skeleton -> actor
    bare: dict[str, _Entry] = field(default_factory=dict)         # one-word person alias -> actor
    metonyms: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (state, kind)
    demonyms: dict[str, str] = field(default_factory=dict)        # key -> country
    titles: frozenset[str] = frozenset()
    title_re: re.Pattern | None = None
    country_names: frozenset[str] = frozenset()
    memo: dict = field(default_factory=dict)
    title_words: frozenset[str] = frozenset()

    def add(self, entry: _Entry, surface: str, *, override: bool = False) -> None:
        key = normalize_name(surface)
        if not key:
            return
        if entry.kind == "person" and len(key.split()) == 1 and not override:
            self.bare.setdefault(_person_skeleton(key), entry)
            return
        if override or key not in self.names:
            self.names[key] = entry
        if entry.kind == "person":
            skel = _person_skeleton(key)
            if override or skel not in self.person_skel:
                self.person_skel[skel] = entry
            if override and len(key.split()) == 1:
                self.bare[skel] = entry


@functools.lru_cache(maxsize=1)
def _curated() -> _Knowledge:
    kb = _Knowledge()
    for row in read_table("actors/media_outlets.csv"):
        entry = _Entry(row["name"], "media", row.get("country") or None)
        for s in [row["name"], *(row.get("aliases") or "").split("|")]:
            if s.strip():
                kb.add(entry, s)
    for row in read_table("actors/actor_aliases.csv"):
        entry = _Entry(row["name"], row["kind"], row.get("country") or None)
        for s in [row["name"], *(row.get("aliases") or "").split("|")]:
            if s.strip():
                kb.add(entry, s)
    for row in read_table("actors/metonyms.csv"):
        kb.metonyms[normalize_name(row["name"])] = (row["state"], row["kind"])
    for row in read_table("actors/demonyms.csv"):
        kb.demonyms[normalize_name(row["demonym"])] = row["country"]
    kb.titles = frozenset(t.strip().casefold() for t in read_lines("actors/titles.txt"))
    words = sorted(kb.titles, key=len, reverse=True)
    kb.title_re = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w-])", re.IGNORECASE)
    kb.country_names = frozenset(e.name for e in kb.names.values() if e.kind == "country")
    kb.title_words = _title_words(kb.titles)
    return kb


def _title_words(titles) -> frozenset[str]:
    """Words that make a title: one-word titles and the words of multi-word ones but 'of'
    ('secretary of state' gives 'secretary'; 'state' comes in only as '... of State')."""
    out = set()
    for t in titles:
        parts = t.split()
        if len(parts) == 1:
            out.add(t)
        else:
            for p in parts:
                if p not in ("of", "state", "general") or p in titles:
                    out.add(p)
    return frozenset(out)


def load_aliases(aliases) -> list[tuple[str, str, str | None, str | None]]:
    """User aliases as ``(alias, name, kind, country)`` rows.

    Parameters
    ----------
    aliases
        ``None``; a dict ``{alias: name}`` or ``{alias: (name, kind, country)}``; or the path
        of a CSV file with columns ``alias,name`` and optionally ``kind,country`` (lines
        starting with ``#`` are comments).
    """
    if aliases is None:
        return []
    rows: list[tuple[str, str, str | None, str | None]] = []
    if isinstance(aliases, (str, PathLike)):
        lines = [ln for ln in Path(aliases).read_text(encoding="utf-8").splitlines()
                 if ln.strip() and not ln.lstrip().startswith("#")]
        for r in csv.DictReader(lines):
            rows.append((r["alias"], r["name"], (r.get("kind") or None), (r.get("country") or None)))
        return rows
    if isinstance(aliases, Mapping):
        for alias, target in aliases.items():
            if isinstance(target, str):
                rows.append((alias, target, None, None))
            else:
                t = list(target) + [None, None]
                rows.append((alias, t[0], t[1] or None, t[2] or None))
        return rows
    raise TypeError("aliases must be None, a dict or the path of a CSV file")


def _knowledge(aliases) -> _Knowledge:
    base = _curated()
    user = load_aliases(aliases)
    if not user:
        return base
    kb = _Knowledge(dict(base.names), dict(base.person_skel), dict(base.bare), base.metonyms,
                    base.demonyms, base.titles, base.title_re, base.country_names,
                    title_words=base.title_words)
    for alias, name, kind, country in user:
        known = kb.names.get(normalize_name(name)) or kb.person_skel.get(_person_skeleton(normalize_name(name)))
        entry = _Entry(known.name if known else name, kind or (known.kind if known else ""),
                       country or (known.country if known else None))
        kb.add(entry, alias, override=True)
        if not known:
            kb.add(entry, name, override=True)
    return kb


# --------------------------------------------------------------------------- context rules

def _country_in(phrase: str, kb: _Knowledge) -> str | None:
    """The first country that a phrase names: a demonym, a country, a capital or a
    country-bound organization ('chairman of the State Duma' -> Russia)."""
    memo = kb.memo
    if phrase in memo:
        return memo[phrase]
    memo[phrase] = found = _country_in_uncached(phrase, kb)
    return found


def _country_in_uncached(phrase: str, kb: _Knowledge) -> str | None:
    words = re.findall(r"[\w.\-']+", phrase.translate(_QUOTES))
    n = len(words)
    for i in range(n):
        if not words[i][:1].isupper():
            continue  # names, demonyms and countries are capitalized
        for j in range(min(n, i + 6), i, -1):
            key = normalize_name(" ".join(words[i:j]))
            if not key:
                continue
            if key in kb.demonyms:
                return kb.demonyms[key]
            if key.endswith("s") and key[:-1] in kb.demonyms:
                return kb.demonyms[key[:-1]]
            e = kb.names.get(key)
            if e is not None and e.country and e.kind != "person":
                return e.country
            if key in kb.metonyms:
                return kb.metonyms[key][0]
    return None


def _is_title_phrase(words: list[str], kb: _Knowledge) -> bool:
    return bool(words) and kb.title_re.search(" ".join(words)) is not None


_PREPOSITIONS = frozenset({"of", "for", "at", "to", "in", "on", "with", "from"})
_LOWER_MODIFIERS = frozenset({"former", "then", "acting", "deputy", "senior", "top", "chief", "interim",
                              "outgoing", "incoming", "current", "veteran", "longtime", "far-right",
                              "far-left", "opposition", "state-run", "state", "public", "foreign",
                              "defense", "defence", "interior", "finance", "justice", "vice", "prime",
                              "first", "assistant", "associate", "executive", "press", "security",
                              "intelligence", "military", "party", "government", "presidential"})


def _clean_word(w: str) -> str:
    return w.casefold().strip("'\".,").removesuffix("'s")


def _is_title_word(w: str, kb: _Knowledge) -> bool:
    lw = _clean_word(w)
    return lw in kb.title_words or lw.rstrip(".") in kb.title_words


def _role_prefix(words: list[str], kb: _Knowledge) -> int:
    """Length of the title phrase at the start of ``words``: modifiers ('South Korean',
    'Kremlin', 'former'), then title words ('Defense Minister', 'chief'); 0 when none."""
    i, n, mods = 0, len(words), 0
    while i < n and not _is_title_word(words[i], kb):
        w = words[i]
        if _clean_word(w) in _LEAD_STOP or mods >= 4:
            return 0
        if not (w[:1].isupper() or _clean_word(w) in _LOWER_MODIFIERS):
            return 0
        i, mods = i + 1, mods + 1
    if i >= n:
        return 0
    while i < n and (_is_title_word(words[i], kb) or _clean_word(words[i]) in _LOWER_MODIFIERS):
        i += 1
    while i > 0 and not _is_title_word(words[i - 1], kb):
        i -= 1  # end on a title word
    return i


def _title_before(before: str, kb: _Knowledge) -> str | None:
    """The title right before a name: 'Secretary of State', 'South Korean Defense Minister',
    'Kremlin chief'. The phrase ends on a title word, or is '<title> of <Name>'."""
    seg = _CLAUSE_SPLIT_RE.split(before)[-1]
    if seg and not seg[-1].isspace():
        return None
    words = seg.split()[-8:]
    for k in range(len(words), 0, -1):  # longest valid suffix first
        cand = words[len(words) - k:]
        if _clean_word(cand[0]) in _LEAD_STOP:
            continue
        j = _role_prefix(cand, kb)
        if j == len(cand):
            return " ".join(cand)
        if j and cand[j].casefold() == "of":
            rest = cand[j + 1:]
            if rest and rest[0].casefold() == "the":
                rest = rest[1:]
            if rest and len(rest) <= 4 and all(w[:1].isupper() for w in rest):
                return " ".join(cand)
    return None


def _appos_role(role: str, kb: _Knowledge) -> str | None:
    """An appositive that is a role: a title phrase, then nothing or a prepositional
    complement ('chairman of the State Duma ... committee', 'a spokesman for the ministry')."""
    words = role.split()
    while words and words[0].casefold() in ("the", "a", "an"):
        words = words[1:]
    if not words or len(words) > 14:
        return None
    j = _role_prefix(words, kb)
    if not j:
        return None
    if j < len(words) and words[j].casefold() not in _PREPOSITIONS:
        return None
    return " ".join(words)


def _appos_after(after: str, kb: _Knowledge) -> str | None:
    m = _APPOS_AFTER_RE.match(after)
    return _appos_role(m.group(1).strip(), kb) if m else None


def _appos_before(before: str, kb: _Knowledge) -> str | None:
    b = before
    if not b.rstrip().endswith(","):
        return None
    clause = re.split(r"[.;:!?\n\"“”()]|,(?=\s*$)", b.rstrip())
    clause = [c for c in clause if c.strip()]
    if not clause:
        return None
    c = clause[-1]
    if "," in c:
        c = c.rsplit(",", 1)[-1]
    c = c.strip()
    if not c[:1].isupper() and not c.startswith(("the ", "a ", "an ")):
        return None
    return _appos_role(c, kb)


_CLAUSE_SPLIT_RE = re.compile(r"(?<!\.[A-Z])(?<!\b[A-Z])\.(?=\s)|[,;:!?\n\"“”()\[\]–—]| and | or | but ")


_SOURCE_IN_RE = re.compile(r"\s*source\s*:", re.IGNORECASE)
_SOURCE_BEFORE_RE = re.compile(r"\bsource\s*:[\s\-]*$", re.IGNORECASE)
_DATE_PAGE_AFTER_RE = re.compile(r"\s+\d{1,2}/\d{1,2}/\d{2,4}\s+page", re.IGNORECASE)


def _in_credit(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 45):start]
    tail = before.rstrip()[-2:].casefold()
    if (tail.endswith((":", "/")) or tail == "by") and _CREDIT_BEFORE_RE.search(before):
        return True
    if tail.endswith((":", "-")) and _SOURCE_BEFORE_RE.search(before):
        return True
    if text[start:start + 1] in "sS" and _SOURCE_IN_RE.match(text, start, end):
        return True
    after = text[end:end + 24]
    if after[:1].isspace() and after[1:2].isdigit() and _DATE_PAGE_AFTER_RE.match(after):
        return True
    if after[:1] == "/":
        # "(Leah Millis/Reuters)": the photographer's name before the agency
        open_paren = text.rfind("(", max(0, start - 40), start)
        return open_paren != -1 and ")" not in text[open_paren:start]
    return False


def _capital_is_political(text: str, start: int, end: int, label: str) -> bool:
    """'Moscow said', "Washington's decision", 'Pyongyang regime' -> True; 'in Washington' -> False."""
    if label in ("LOC", "FAC"):
        return False
    surface = text[start:end]
    if surface.isupper() and len(surface) > 3:
        return False  # a dateline: 'WASHINGTON (AP) -', 'MOSCOW, Feb 3'
    before = text[max(0, start - 60):start]
    prev = re.findall(r"[A-Za-z\-']+", before[-25:])
    prev_word = prev[-1].casefold() if prev else ""
    if prev_word in _LOCATIVE and not re.match(r"^['’]s\b", text[end:end + 3]):
        return False
    if prev_word == "to" and _TRAVEL_RE.search(before[:-3] if before.endswith(" to ") else before):
        return False
    return not _PLACE_AFTER_RE.match(text[end:end + 20])


# --------------------------------------------------------------------------- the resolver

@dataclass
class _Acc:
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


class _Resolver:
    def __init__(self, kb: _Knowledge):
        self.kb = kb
        self.acc: dict[tuple, _Acc] = {}
        self.deferred: list[tuple[int, str, str, str]] = []  # (row, skel token, article, surface)
        self.assign: dict[int, tuple] = {}

    # -- registry
    def _curated_key(self, e: _Entry) -> tuple:
        key = ("c", e.kind, e.name)
        if key not in self.acc:
            self.acc[key] = _Acc(kind=e.kind, name=e.name, country=e.country)
        return key

    def _generic_key(self, kind: str, norm: str) -> tuple:
        key = ("g", kind, norm)
        if key not in self.acc:
            self.acc[key] = _Acc(kind=kind)
        return key

    def _hit(self, row: int, key: tuple, surface: str, aid: str, *, full: bool = True) -> None:
        a = self.acc[key]
        a.forms[surface] += 1
        if full:
            a.full_forms[surface] += 1
        a.n += 1
        a.articles.add(aid)
        self.assign[row] = key

    # -- one article
    def article(self, aid: str, text: str, rows: list[tuple]) -> None:
        kb = self.kb
        persons: list[tuple[int, str, tuple]] = []  # (start, skeleton, actor key) of full names
        acronyms: dict[str, tuple] = {}
        person_tokens: set[str] = set()
        rows = sorted(rows, key=lambda r: (r[1], -r[2]))
        for r in rows:
            if r[4] == "PERSON":
                toks = _person_skeleton(normalize_name(r[3])).split()
                if len(toks) > 1:
                    person_tokens.update(toks)
        pending_country: dict[int, str] = {}
        for idx, (row, start, end, raw, label) in enumerate(rows):
            if label not in ACTOR_LABELS:
                continue
            surface = _strip_surface(raw)
            key = normalize_name(raw)
            if not key or _in_credit(text, start, end):
                continue
            if label == "PERSON":
                key = _HONORIFIC_RE.sub("", key) or key
                lead = re.match(r"^(?:[a-z][\w'-]*\s+)+", _strip_surface(raw))
                if lead and len(key.split()) > len(lead.group(0).split()):  # 'accelerates Obama'
                    key = " ".join(key.split()[len(lead.group(0).split()):])
            elif label == "ORG" and surface.isupper() and len(surface) > 5 and " " not in surface \
                    and key not in kb.names:
                continue  # a shouted word ('ATTACKER' in a transcript), not an acronym
            e_user = kb.names.get(key)
            # 3. a place/organization used as a person's title
            if label != "PERSON" and idx + 1 < len(rows):
                nxt = rows[idx + 1]
                between = text[end:nxt[1]]
                if (nxt[4] == "PERSON" and len(between) < 45 and "\n" not in between
                        and re.fullmatch(r"(?:['’]s)?\s+[^,.;:()\"“”]*\s", between or "x")):
                    words = between.split()
                    if words and words[0] in ("'s", "’s"):
                        words = words[1:]
                    if _is_title_phrase(words, kb) and all(
                            w[:1].isupper() or w.casefold() in kb.titles or w.casefold() in _CONNECTORS
                            for w in words):
                        c = self._country_of_modifier(key, e_user)
                        if c:
                            pending_country[nxt[0]] = c
                        continue
            # 5. capitals and seats
            if key in kb.metonyms and not (label == "PERSON" and key in person_tokens):
                state, mkind = kb.metonyms[key]
                if mkind == "seat" or label == "ORG" or _capital_is_political(text, start, end, label):
                    e = kb.names.get(normalize_name(state)) or _Entry(state, "country", state)
                    self._hit(row, self._curated_key(e), surface, aid)
                continue
            # acronym defined earlier in the article
            if key in acronyms:
                self._hit(row, acronyms[key], surface, aid)
                continue
            # 4. curated and user tables
            entry = kb.names.get(key)
            if entry is None and label in ("ORG", "PRODUCT", "WORK_OF_ART", "FAC"):
                stripped = re.sub(r"\s+(?:state\s+)?(?:news\s+agency|news|agency|newspaper|broadcaster)$",
                                  "", key)
                if stripped != key and kb.names.get(stripped) is not None \
                        and kb.names[stripped].kind == "media":
                    entry = kb.names.get(stripped)
            if entry is None and label == "PERSON":
                entry = kb.person_skel.get(_person_skeleton(key))
                if entry is not None and len(key.split()) == 1:
                    entry = None  # a bare surname goes through the article's people first
            if entry is not None and entry.kind == "country" and label == "PERSON" and key in person_tokens:
                entry = None
            if entry is not None and not entry.kind:
                entry = _Entry(entry.name, _kind_from_label(label), entry.country)
            if entry is not None:
                k = self._curated_key(entry)
                self._hit(row, k, surface, aid)
                if entry.kind == "person":
                    persons.append((start, _person_skeleton(key), k))
                    self._person_context(k, text, start, end, [],
                                         pending_country.pop(row, None))
                elif label == "ORG" and entry.kind in ("organization", "media", "group"):
                    self._acronym(text, end, k, acronyms)
                continue
            # 6. people
            if label == "PERSON" and _NOT_PERSON_RE.search(key):
                self._org_like(row, "ORG", key, surface, text, start, end, aid, acronyms)
                continue
            if label == "PERSON" or (label in ("ORG", "PRODUCT", "WORK_OF_ART", "FAC", "NORP")
                                     and len(key.split()) == 1
                                     and (_person_skeleton(key) in person_tokens
                                          or (_person_skeleton(key) in kb.bare and surface[:1].isupper()
                                              and not surface.isupper()))):
                skel = _person_skeleton(key)
                toks = skel.split()
                if label == "PERSON" and surface.isupper() and len(toks) == 1 and len(surface) > 1:
                    continue  # an acronym tagged PERSON ('ATACMS')
                if "-" in surface and len(toks) == 2 and len(key.split()) == 2 and all(
                        t in person_tokens or t in kb.bare for t in toks) and surface.count(" ") == 0:
                    continue  # 'Biden-Xi talks': two people, not one
                if len(toks) > 1:
                    k = self._generic_key("person", _person_skeleton(key, keep_initials=True))
                    self._hit(row, k, surface, aid)
                    persons.append((start, skel, k))
                    self._person_context(k, text, start, end, [],
                                         pending_country.pop(row, None))
                    continue
                tok = toks[0] if toks else key
                k = self._bare(tok, start, persons, label)
                if k == "defer":
                    if label == "PERSON":
                        self.deferred.append((row, tok, aid, surface))
                    else:
                        self._org_like(row, label, key, surface, text, start, end, aid, acronyms)
                    continue
                if k is not None:
                    self._hit(row, k, surface, aid, full=False)
                    self._person_context(k, text, start, end, [],
                                         pending_country.pop(row, None))
                continue
            self._org_like(row, label, key, surface, text, start, end, aid, acronyms)

    def _country_of_modifier(self, key: str, entry: _Entry | None) -> str | None:
        kb = self.kb
        if key in kb.demonyms:
            return kb.demonyms[key]
        if key in kb.metonyms:
            return kb.metonyms[key][0]
        if entry is not None and entry.country:
            return entry.country
        return _country_in(key, kb)

    def _acronym(self, text: str, end: int, k: tuple, acronyms: dict) -> None:
        m = _ACRONYM_AFTER_RE.match(text[end:end + 16])
        if m and m.group(1).isupper():
            acronyms[normalize_name(m.group(1))] = k

    def _bare(self, tok: str, start: int, persons: list, label: str):
        """A one-word name: nearest preceding full name in the article, else defer/None."""
        full = [p for p in persons if len(p[1].split()) > 1]
        last = [p for p in full if p[1].split()[-1] == tok]
        cands = last or [p for p in full if p[1].split()[0] == tok]
        before = [p for p in cands if p[0] < start]
        if before:
            return max(before, key=lambda p: p[0])[2]
        if cands:
            keys = {p[2] for p in cands}
            return next(iter(keys)) if len(keys) == 1 else None
        e = self.kb.bare.get(tok)
        if e is not None:
            return self._curated_key(e)
        return "defer"

    def _person_context(self, k: tuple, text: str, start: int, end: int,
                        title_roles: list[str], country: str | None) -> None:
        kb, a = self.kb, self.acc[k]
        roles = list(title_roles)
        before = text[max(0, start - 110):start].replace("\u2019", "'")
        after = text[end:end + 130].replace("\u2019", "'")
        found = [_title_before(before, kb)]
        if after[:1] == ",":
            found.append(_appos_after(after, kb))
        if before.rstrip().endswith(","):
            found.append(_appos_before(before, kb))
        roles.extend(r for r in found if r)
        seen = set()
        for role in roles:
            role = re.sub(r"\s+", " ", role.translate(_QUOTES)).strip(" ,")
            if role in seen:
                continue
            seen.add(role)
            a.roles[role] += 1
            c = _country_in(role, kb)
            if c:
                a.countries[c] += 1
        if country:
            a.countries[country] += 1

    def _org_like(self, row, label, key, surface, text, start, end, aid, acronyms) -> None:
        kb = self.kb
        if label == "ORG":
            if key in _GENERIC_ORG_WORDS:
                return  # 'State' in 'Secretary of State': a common noun, not a name
            gov = re.fullmatch(r"(?:(.+?)\s+government|government of\s+(.+))", key)
            if gov:
                place = gov.group(1) or gov.group(2)
                country = kb.demonyms.get(place) or (kb.names[place].name if place in kb.names
                                                     and kb.names[place].kind == "country" else None)
                if country:
                    e = kb.names.get(normalize_name(country)) or _Entry(country, "country", country)
                    self._hit(row, self._curated_key(e), surface, aid)
                    return
            kind = "media" if _looks_like_media(key) else "organization"
            k = self._generic_key(kind, key)
            self._hit(row, k, surface, aid)
            c = _country_in(surface, kb)
            if c:
                self.acc[k].countries[c] += 1
            self._acronym(text, end, k, acronyms)
            return
        if label == "NORP":
            if key in kb.demonyms or (key.endswith("s") and key[:-1] in kb.demonyms) \
                    or (key.endswith("es") and key[:-2] in kb.demonyms):
                return
            if key.endswith("s") and surface[:1].isupper() and len(key) > 3:
                k = self._generic_key("group", key)
                self._hit(row, k, surface, aid)
            return
        # GPE not in the tables (cities, regions, US states) and weak labels: a place, no actor

    # -- corpus level
    def _merge_initials(self) -> None:
        """'John F. Kelly' and 'John Kelly' are one person when the corpus knows only one
        middle initial for that name; 'George W. Bush' and 'George H. W. Bush' stay two (and
        a bare 'George Bush' stays apart from both)."""
        groups: dict[str, list[tuple]] = defaultdict(list)
        for key in self.acc:
            if key[0] == "g" and key[1] == "person" and len(key[2].split()) > 1:
                plain = " ".join(t for t in key[2].split() if len(t) > 1)
                if len(plain.split()) > 1:
                    groups[plain].append(key)
        remap: dict[tuple, tuple] = {}
        for plain, keys in groups.items():
            if len(keys) < 2:
                continue
            signatures = {_initials(k[2]) for k in keys} - {()}
            if len(signatures) > 1:
                continue
            target = max(keys, key=lambda k: (self.acc[k].n, -len(k[2]), k[2]))
            for k in keys:
                if k != target:
                    remap[k] = target
        self._apply_remap(remap)
        # 'Ben Belgacem' is 'Ziyed Ben Belgacem' when he is the only longer name ending so
        remap = {}
        keys = [k for k in self.acc if k[0] == "g" and k[1] == "person" and len(k[2].split()) > 1]
        by_suffix: dict[str, list[tuple]] = defaultdict(list)
        for k in keys:
            toks = k[2].split()
            for i in range(1, len(toks) - 1):
                by_suffix[" ".join(toks[i:])].append(k)
        curated_suffix = {}
        for k, a in self.acc.items():
            if k[0] == "c" and a.kind == "person":
                toks = _person_skeleton(normalize_name(a.name), keep_initials=True).split()
                for i in range(1, len(toks) - 1):
                    curated_suffix.setdefault(" ".join(toks[i:]), []).append(k)
        for k in keys:
            longer = by_suffix.get(k[2], []) + curated_suffix.get(k[2], [])
            if len(longer) == 1 and longer[0] != k:
                remap[k] = longer[0]
        self._apply_remap(remap)

    def _apply_remap(self, remap: dict) -> None:
        for k, target in sorted(remap.items()):
            while target in remap:
                target = remap[target]
            if k not in self.acc or target not in self.acc:
                continue
            a, t = self.acc.pop(k), self.acc[target]
            t.forms.update(a.forms)
            t.full_forms.update(a.full_forms)
            t.roles.update(a.roles)
            t.countries.update(a.countries)
            t.n += a.n
            t.articles |= a.articles
        if remap:
            def final(k):
                while k in remap:
                    k = remap[k]
                return k
            self.assign = {row: final(k) for row, k in self.assign.items()}

    def finish(self) -> None:
        """Corpus-level steps: merge middle-initial variants, then resolve the bare surnames
        that had no full name in their article to the corpus's only full name."""
        self._merge_initials()
        by_last: dict[str, set] = defaultdict(set)
        by_first: dict[str, set] = defaultdict(set)  # family name first: 'Kim Jong Un', 'Xi Jinping'
        for key, a in self.acc.items():
            if a.kind == "person":
                toks = key[2].split() if key[0] == "g" else _person_skeleton(normalize_name(a.name)).split()
                if len(toks) > 1:
                    by_last[toks[-1]].add(key)
                    by_first[toks[0]].add(key)
        for row, tok, aid, surface in self.deferred:
            cands = by_last.get(tok) or by_first.get(tok, set())
            if len(cands) == 1:
                self._hit(row, next(iter(cands)), surface, aid, full=False)
            elif not cands:
                self._hit(row, self._generic_key("person", tok), surface, aid)


_HONORIFIC_RE = re.compile(
    r"^(?:(?:mr|mrs|ms|miss|mx|dr|sir|dame|lord|lady|madam|mme|mister|sgt|sergeant|gen|general|col|"
    r"colonel|capt|captain|lt|lieutenant|maj|major|cpl|corporal|pte|private|det|detective|insp|"
    r"inspector|supt|superintendent|rev|reverend|fr|father|sen|senator|rep|gov|governor|pres|"
    r"president|prof|professor|judge|justice|officer|minister|secretary)\s+)+(?=\S)")

_HONORIFIC_SURFACE_RE = re.compile(_HONORIFIC_RE.pattern.replace(r"\s+)+", r"\.?\s+)+"), re.IGNORECASE)

#: A PERSON-labelled name ending in one of these words names a building or an organization
#: ('Trump Tower', 'Trump Organization'), not a person.
_NOT_PERSON_RE = re.compile(r"\s(?:tower|towers|organization|organisation|foundation|university|college|"
                            r"institute|hotel|hospital|airport|center|centre|group|company|corp|inc|"
                            r"administration|campaign|government|family|street|square|bridge|stadium|"
                            r"school|club|party|army|award|prize|act|doctrine|plan)$")

#: One-word ORG mentions that are common nouns of a title or an institution, not a name.
_GENERIC_ORG_WORDS = frozenset({"state", "government", "ministry", "department", "administration",
                                "agency", "council", "committee", "office", "army", "military",
                                "police", "court", "parliament", "cabinet", "commission"})


def _initials(skel: str) -> tuple[str, ...]:
    return tuple(t for t in skel.split() if len(t) == 1)


def _kind_from_label(label: str) -> str:
    return {"PERSON": "person", "GPE": "country", "NORP": "group"}.get(label, "organization")


_MEDIA_RE = re.compile(r"(?:\bnews agency|\bnews|\bweekly|\bmonthly|\bpress|\btimes|\bpost|\bherald|\btribune|\bjournal|"
                       r"\bgazette|\bdaily|\bbroadcasting( corporation)?|\btelevision|\btv|\bradio|"
                       r"\bnewspaper|\bmagazine|\bwire)$")


def _looks_like_media(key: str) -> bool:
    return bool(_MEDIA_RE.search(key)) and not key.startswith("press secretary")


def _canonical_name(a: _Acc) -> str:
    if a.name:
        return a.name
    forms = a.full_forms or a.forms
    if a.kind == "person":  # 'Ms Le Pen' is named 'Le Pen'
        stripped: Counter = Counter()
        for f, c in forms.items():
            stripped[_HONORIFIC_SURFACE_RE.sub("", f) or f] += c
        forms = stripped
        multi = [f for f in forms if len(f.split()) > 1]
        pool = multi or list(forms)
    else:
        pool = list(forms)
    # the most frequent form, written in mixed case when there is one ('Kim Jong Un', not 'KIM JONG UN')
    return min(pool, key=lambda f: (f.isupper() or f.islower(), -forms[f], -len(f), f))


def resolve_actors(articles: pd.DataFrame, mentions: pd.DataFrame, *, aliases=None):
    """Resolve entity mentions to real-world actors across the whole corpus.

    Parameters
    ----------
    articles
        Table with ``article_id`` and ``text`` (the offsets of ``mentions`` point into it).
    mentions
        Mention table (``article_id, sent_idx, start, end, text, label``). Not modified.
    aliases
        Extra aliases: ``{alias: name}``, ``{alias: (name, kind, country)}`` or the path of
        a CSV with columns ``alias,name[,kind,country]``. They win over the curated tables.

    Returns
    -------
    actors, mentions
        The ``actors`` table (ActorSchema, sorted by ``n_mentions`` descending then
        ``actor_id``) and a copy of ``mentions`` with ``actor_id`` filled (missing where the
        mention is not an actor, is a place used as a location, or cannot be resolved safely).

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["a"], "text": ["Moscow said Kim Jong-un met Kim Jong Un."]})
    >>> ments = pd.DataFrame({"article_id": ["a"] * 3, "sent_idx": [0] * 3, "start": [0, 12, 28],
    ...                       "end": [6, 23, 39], "text": ["Moscow", "Kim Jong-un", "Kim Jong Un"],
    ...                       "label": ["GPE", "PERSON", "PERSON"]})
    >>> actors, out = resolve_actors(arts, ments)
    >>> out["actor_id"].tolist()
    ['country:russia', 'person:kim-jong-un', 'person:kim-jong-un']
    """
    kb = _knowledge(aliases)
    out = mentions.copy()
    texts = dict(zip(articles["article_id"].astype(str), articles["text"].astype(str)))
    res = _Resolver(kb)
    if len(out):
        aids = out["article_id"].astype(str).to_numpy()
        starts = out["start"].astype(int).to_numpy()
        ends = out["end"].astype(int).to_numpy()
        surf = out["text"].astype(str).to_numpy()
        labels = out["label"].astype(str).to_numpy()
        groups: dict[str, list] = defaultdict(list)
        for i in range(len(out)):
            groups[aids[i]].append((i, int(starts[i]), int(ends[i]), surf[i], labels[i]))
        for aid in sorted(groups):
            res.article(aid, texts.get(aid, ""), groups[aid])
        res.finish()
    # canonical names and ids
    ids: dict[tuple, str] = {}
    names: dict[tuple, str] = {}
    taken: dict[str, tuple] = {}
    for key in sorted(res.acc, key=lambda k: (k[0] != "c", -res.acc[k].n, str(k))):
        a = res.acc[key]
        if a.n == 0:
            continue
        name = names[key] = _canonical_name(a)
        aid = actor_id_for(a.kind, name)
        n = 2
        while aid in taken:
            aid = f"{actor_id_for(a.kind, name)}-{n}"
            n += 1
        taken[aid] = key
        ids[key] = aid
    rows = []
    for key, aid in ids.items():
        a = res.acc[key]
        country = a.country
        if a.kind == "country":
            country = a.name or country
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
    actor_col = [None] * len(out)
    for row, key in res.assign.items():
        actor_col[row] = ids.get(key)
    out["actor_id"] = pd.Series(actor_col, index=out.index, dtype=object)
    actors = actors.astype({"country": object})
    return validate("actors", actors), out
