"""What the resolver knows before it reads the corpus, and the rules that read a name's context.

:class:`Knowledge` holds the curated tables of ``resources/actors/`` (countries, people,
organizations, media outlets, capitals and seats, demonyms, titles) indexed by matching
key, plus the user's aliases (:func:`knowledge`). Its methods read the words around a name:
the title before it ("South Korean Defense Minister"), an apposition after or before it
("Leonid Slutsky, chairman of the State Duma ..."), the country a phrase names. The module
functions read the characters around a mention: a photo credit or byline
(:func:`in_credit`), a capital used as the state or as a place
(:func:`capital_is_political`), a name that looks like a news medium
(:func:`looks_like_media`). Every word list comes from ``resources/actors/``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from os import PathLike

from newsanalysis.annotate.actors.names import QUOTES, normalize_name, person_skeleton
from newsanalysis.annotate.knowledge import read_aliases
from newsanalysis.resources import read_lines, read_table, read_words

__all__ = ["Entry", "Knowledge", "capital_is_political", "curated", "followed_by_place_noun",
           "in_credit", "in_promo", "is_clock_or_zone", "knowledge", "load_aliases",
           "looks_like_media", "names_place_or_event", "strip_media_descriptor"]

#: Grammar words that join the parts of a title ("Secretary of the Navy", "Kremlin's").
CONNECTORS = frozenset({"of", "the", "'s", "’s"})
#: Prepositions that may open the complement of a role ("spokesman for the ministry").
_PREPOSITIONS = frozenset({"of", "for", "at", "to", "in", "on", "with", "from"})
#: Words of multi-word titles that are no title on their own ("state" of "secretary of state").
_NOT_TITLE_ALONE = ("of", "state", "general")

_APPOS_AFTER_RE = re.compile(r"^,\s+(?:the\s+|a\s+|an\s+)?([^,.;:()“”\"\n]{2,110}?)(?=,|\.|;|\)|\n|$)")
_CLAUSE_SPLIT_RE = re.compile(r"(?<!\.[A-Z])(?<!\b[A-Z])\.(?=\s)|[,;:!?\n\"“”()\[\]–—]| and | or | but ")
_SOURCE_IN_RE = re.compile(r"\s*source\s*:", re.IGNORECASE)
_SOURCE_BEFORE_RE = re.compile(r"\bsource\s*:[\s\-]*$", re.IGNORECASE)
_DATE_PAGE_AFTER_RE = re.compile(r"\s+\d{1,2}/\d{1,2}/\d{2,4}\s+page", re.IGNORECASE)


@dataclass(frozen=True)
class Entry:
    """A curated actor: canonical name, kind and country (``kind`` may be empty for a
    user alias of an unknown name; the mention's label then decides it)."""

    name: str
    kind: str
    country: str | None


@dataclass
class Knowledge:
    """The curated tables, indexed for matching, and the rules that read titles and roles."""

    names: dict[str, Entry] = field(default_factory=dict)        # normalized key -> actor
    person_skel: dict[str, Entry] = field(default_factory=dict)  # person skeleton -> actor
    bare: dict[str, Entry] = field(default_factory=dict)         # one-word person alias -> actor
    metonyms: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (state, kind)
    demonyms: dict[str, str] = field(default_factory=dict)        # key -> country
    titles: frozenset[str] = frozenset()
    title_re: re.Pattern | None = None
    country_names: frozenset[str] = frozenset()
    memo: dict = field(default_factory=dict)
    title_words: frozenset[str] = frozenset()
    lead_stop: frozenset[str] = frozenset()
    title_modifiers: frozenset[str] = frozenset()

    def add(self, entry: Entry, surface: str, *, override: bool = False) -> None:
        """Index ``entry`` under a surface form (a one-word person alias goes to ``bare``)."""
        key = normalize_name(surface)
        if not key:
            return
        if entry.kind == "person" and len(key.split()) == 1 and not override:
            self.bare.setdefault(person_skeleton(key), entry)
            return
        if override or key not in self.names:
            self.names[key] = entry
        if entry.kind == "person":
            skel = person_skeleton(key)
            if override or skel not in self.person_skel:
                self.person_skel[skel] = entry
            if override and len(key.split()) == 1:
                self.bare[skel] = entry

    # ------------------------------------------------------------------ countries
    def demonym_country(self, key: str) -> str | None:
        """The country of a demonym key, singular or plural ('russian', 'russians')."""
        if key in self.demonyms:
            return self.demonyms[key]
        if key.endswith("s") and key[:-1] in self.demonyms:
            return self.demonyms[key[:-1]]
        return None

    def country_in(self, phrase: str) -> str | None:
        """The first country that a phrase names: a demonym, a country, a capital or a
        country-bound organization ('chairman of the State Duma' -> Russia)."""
        if phrase not in self.memo:
            self.memo[phrase] = self._country_in(phrase)
        return self.memo[phrase]

    def _country_in(self, phrase: str) -> str | None:
        words = re.findall(r"[\w.\-']+", phrase.translate(QUOTES))
        n = len(words)
        for i in range(n):
            if not words[i][:1].isupper():
                continue  # names, demonyms and countries are capitalized
            for j in range(min(n, i + 6), i, -1):
                key = normalize_name(" ".join(words[i:j]))
                if not key:
                    continue
                country = self.demonym_country(key)
                if country:
                    return country
                e = self.names.get(key)
                if e is not None and e.country and e.kind != "person":
                    return e.country
                if key in self.metonyms:
                    return self.metonyms[key][0]
        return None

    # ------------------------------------------------------------------ titles and roles
    def is_title_phrase(self, words: list[str]) -> bool:
        """Whether the words hold a title ('Defense Minister', 'chief')."""
        return bool(words) and self.title_re.search(" ".join(words)) is not None

    def _is_title_word(self, w: str) -> bool:
        lw = _clean_word(w)
        return lw in self.title_words or lw.rstrip(".") in self.title_words

    def _role_prefix(self, words: list[str]) -> int:
        """Length of the title phrase at the start of ``words``: modifiers ('South Korean',
        'Kremlin', 'former'), then title words ('Defense Minister', 'chief'); 0 when none."""
        i, n, mods = 0, len(words), 0
        while i < n and not self._is_title_word(words[i]):
            w = words[i]
            if _clean_word(w) in self.lead_stop or mods >= 4:
                return 0
            if not (w[:1].isupper() or _clean_word(w) in self.title_modifiers):
                return 0
            i, mods = i + 1, mods + 1
        if i >= n:
            return 0
        while i < n and (self._is_title_word(words[i]) or _clean_word(words[i]) in self.title_modifiers):
            i += 1
        while i > 0 and not self._is_title_word(words[i - 1]):
            i -= 1  # end on a title word
        return i

    def title_before(self, before: str) -> str | None:
        """The title right before a name: 'Secretary of State', 'South Korean Defense
        Minister', 'Kremlin chief'. The phrase ends on a title word, or is
        '<title> of <Name>'."""
        seg = _CLAUSE_SPLIT_RE.split(before)[-1]
        if seg and not seg[-1].isspace():
            return None
        words = seg.split()[-8:]
        for k in range(len(words), 0, -1):  # longest valid suffix first
            cand = words[len(words) - k:]
            if _clean_word(cand[0]) in self.lead_stop:
                continue
            j = self._role_prefix(cand)
            if j == len(cand):
                return " ".join(cand)
            if j and cand[j].casefold() == "of":
                rest = cand[j + 1:]
                if rest and rest[0].casefold() == "the":
                    rest = rest[1:]
                if rest and len(rest) <= 4 and all(w[:1].isupper() for w in rest):
                    return " ".join(cand)
        return None

    def _appos_role(self, role: str) -> str | None:
        """An appositive that is a role: a title phrase, then nothing or a prepositional
        complement ('chairman of the State Duma ... committee', 'a spokesman for the ministry')."""
        words = role.split()
        while words and words[0].casefold() in ("the", "a", "an"):
            words = words[1:]
        if not words or len(words) > 14:
            return None
        j = self._role_prefix(words)
        if not j:
            return None
        if j < len(words) and words[j].casefold() not in _PREPOSITIONS:
            return None
        return " ".join(words)

    def appos_after(self, after: str) -> str | None:
        """The role in an apposition right after a name: ', chairman of the ...'."""
        m = _APPOS_AFTER_RE.match(after)
        return self._appos_role(m.group(1).strip()) if m else None

    def appos_before(self, before: str) -> str | None:
        """The role in an apposition right before a name: 'The Secretary General of the
        Atlantic Alliance, '."""
        if not before.rstrip().endswith(","):
            return None
        clause = re.split(r"[.;:!?\n\"“”()]|,(?=\s*$)", before.rstrip())
        clause = [c for c in clause if c.strip()]
        if not clause:
            return None
        c = clause[-1]
        if "," in c:
            c = c.rsplit(",", 1)[-1]
        c = c.strip()
        if not c[:1].isupper() and not c.startswith(("the ", "a ", "an ")):
            return None
        return self._appos_role(c)


def _clean_word(w: str) -> str:
    return w.casefold().strip("'\".,").removesuffix("'s")


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
                if p not in _NOT_TITLE_ALONE or p in titles:
                    out.add(p)
    return frozenset(out)


@functools.lru_cache(maxsize=1)
def curated() -> Knowledge:
    """The curated tables of ``resources/actors/``, read and indexed once per process."""
    kb = Knowledge()
    for table, kind in (("actors/media_outlets.csv", "media"), ("actors/actor_aliases.csv", None)):
        for row in read_table(table):
            entry = Entry(row["name"], kind or row["kind"], row.get("country") or None)
            for s in [row["name"], *(row.get("aliases") or "").split("|")]:
                if s.strip():
                    kb.add(entry, s)
    for row in read_table("actors/metonyms.csv"):
        kb.metonyms[normalize_name(row["name"])] = (row["state"], row["kind"])
    for row in read_table("demonyms.csv"):
        kb.demonyms[normalize_name(row["demonym"])] = row["country"]
    kb.titles = frozenset(t.strip().casefold() for t in read_lines("titles.txt"))
    words = sorted(kb.titles, key=len, reverse=True)
    kb.title_re = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w-])",
                             re.IGNORECASE)
    kb.country_names = frozenset(e.name for e in kb.names.values() if e.kind == "country")
    kb.title_words = _title_words(kb.titles)
    kb.lead_stop = read_words("actors/lead_stop_words.txt")
    kb.title_modifiers = read_words("actors/title_modifiers.txt")
    return kb


def load_aliases(aliases) -> list[tuple[str, str, str | None, str | None]]:
    """User aliases as ``(alias, name, kind, country)`` rows.

    Parameters
    ----------
    aliases
        ``None``; a dict ``{alias: name}`` or ``{alias: (name, kind, country)}``; the path
        of a CSV file with columns ``alias,name`` and optionally ``kind,country`` (lines
        starting with ``#`` are comments; an invalid line raises ``ValueError`` naming it); or
        a list of ``(alias, name, kind, country)`` rows.

    Examples
    --------
    >>> load_aliases({"Slava Ukraini": "Volodymyr Zelenskyy"})
    [('Slava Ukraini', 'Volodymyr Zelenskyy', None, None)]
    """
    if aliases is None:
        return []
    rows: list[tuple[str, str, str | None, str | None]] = []
    if isinstance(aliases, (str, PathLike)):
        return list(read_aliases(aliases))
    if isinstance(aliases, (list, tuple)):  # rows as this function returns them
        return [(a, n, k or None, c or None) for a, n, k, c in aliases]
    if isinstance(aliases, Mapping):
        for alias, target in aliases.items():
            if isinstance(target, str):
                rows.append((alias, target, None, None))
            else:
                t = list(target) + [None, None]
                rows.append((alias, t[0], t[1] or None, t[2] or None))
        return rows
    raise TypeError("aliases must be None, a dict, the path of a CSV file or a list of rows")


def knowledge(aliases=None) -> Knowledge:
    """The curated knowledge with the user's aliases on top (they win over the tables)."""
    base = curated()
    user = load_aliases(aliases)
    if not user:
        return base
    kb = replace(base, names=dict(base.names), person_skel=dict(base.person_skel),
                 bare=dict(base.bare), memo={})
    for alias, name, kind, country in user:
        known = kb.names.get(normalize_name(name)) or kb.person_skel.get(person_skeleton(normalize_name(name)))
        entry = Entry(known.name if known else name, kind or (known.kind if known else ""),
                      country or (known.country if known else None))
        kb.add(entry, alias, override=True)
        if not known:
            kb.add(entry, name, override=True)
    return kb


# --------------------------------------------------------------------------- the characters around a mention

def _word_alternation(words) -> str:
    """A regex alternation of whole words; a trailing '*' in a word matches any ending."""
    return "|".join(re.escape(w.rstrip("*")) + (r"\w*" if w.endswith("*") else "") for w in words)


@functools.lru_cache(maxsize=1)
def _context_res() -> dict[str, re.Pattern]:
    media = "|".join(re.escape(w) for w in read_lines("actors/media_name_endings.txt"))
    descriptors = "|".join(r"\s+".join(map(re.escape, d.split()))
                           for d in read_lines("actors/media_descriptors.txt"))
    promo = read_lines("actors/promo_cues.txt")
    before = "|".join(r"\s+".join(map(re.escape, c[:-1].split())) for c in promo if c.endswith(" *"))
    after = "|".join(r"\s+".join(map(re.escape, c[1:].split())) for c in promo if c.startswith("* "))
    zones = "|".join(map(re.escape, read_lines("actors/time_zones.txt")))
    return {
        "promo_before": re.compile(rf"\b(?:{before})\s*$", re.IGNORECASE),
        "promo_after": re.compile(rf"^\s*(?:{after})\b", re.IGNORECASE),
        "clock_zone": re.compile(rf"(?:\d{{1,2}}[.:]\d{{2}}\s*)?(?:{zones})|\d{{1,2}}[.:]\d{{2}}"),
        "locative": read_words("actors/locative_words.txt"),
        "travel": re.compile(rf"\b(?:{_word_alternation(read_lines('actors/travel_words.txt'))})\b"
                             r"[^.]{0,40}$", re.IGNORECASE),
        "place_after": re.compile(rf"^(?:-based|\s+(?:{_word_alternation(read_lines('actors/place_after_words.txt'))})\b)",
                                  re.IGNORECASE),
        "event_after": re.compile(rf"^\s+(?:{_word_alternation(read_lines('actors/place_named_events.txt'))})\b",
                                  re.IGNORECASE),
        "credit": re.compile(rf"(?:\b(?:{_word_alternation(read_lines('actors/credit_words.txt'))})\b"
                             r"[^.\n]{0,25}(?:\bby|:|/)\s*|/\s*)$", re.IGNORECASE),
        "media": re.compile(rf"\b(?:{media})$"),
        "descriptor": re.compile(rf"\s+(?:state\s+)?(?:{descriptors})$"),
    }


def in_credit(text: str, start: int, end: int) -> bool:
    """Whether the mention at ``text[start:end]`` is a name in a photo credit, byline or
    source line ("Photograph: X/Reuters", "(Leah Millis/Reuters)", "Edited by X")."""
    before = text[max(0, start - 45):start]
    tail = before.rstrip()[-2:].casefold()
    if (tail.endswith((":", "/")) or tail == "by") and _context_res()["credit"].search(before):
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


def capital_is_political(text: str, start: int, end: int, label: str) -> bool:
    """Whether a capital is the state acting: 'Moscow said', "Washington's decision",
    'Pyongyang regime' -> True; 'in Washington', 'flew to Kyiv', 'Kyiv region' -> False."""
    if label in ("LOC", "FAC"):
        return False
    surface = text[start:end]
    if surface.isupper() and len(surface) > 3:
        return False  # a dateline: 'WASHINGTON (AP) -', 'MOSCOW, Feb 3'
    res = _context_res()
    before = text[max(0, start - 60):start]
    prev = re.findall(r"[A-Za-z\-']+", before[-25:])
    prev_word = prev[-1].casefold() if prev else ""
    if prev_word in res["locative"] and not re.match(r"^['’]s\b", text[end:end + 3]):
        return False
    if prev_word == "to" and res["travel"].search(before[:-3] if before.endswith(" to ") else before):
        return False
    return not names_place_or_event(text, end)


def names_place_or_event(text: str, end: int) -> bool:
    """Whether the noun after a capital makes it a place or an event's venue: 'Kyiv region',
    'Moscow residents', 'the Minsk agreements', 'the Istanbul talks'."""
    res = _context_res()
    return bool(res["place_after"].match(text[end:end + 20]) or res["event_after"].match(text[end:end + 20]))


def followed_by_place_noun(text: str, end: int) -> bool:
    """Whether a name is followed by a noun that makes it a place: 'Kherson region',
    'Mykolaiv residents', 'London-based'."""
    return _context_res()["place_after"].match(text[end:end + 20]) is not None


def looks_like_media(key: str) -> bool:
    """Whether an organization's key ends like a news medium ('korea central news agency')."""
    return bool(_context_res()["media"].search(key)) and not key.startswith("press secretary")


def strip_media_descriptor(key: str) -> str:
    """The key without a trailing outlet descriptor: 'tass state news agency' -> 'tass'."""
    return _context_res()["descriptor"].sub("", key)


def is_clock_or_zone(surface: str) -> bool:
    """Whether a mention is a clock time, a time zone or both: '16.11 BST', 'GMT', '00:54'.

    Examples
    --------
    >>> is_clock_or_zone("16.11 BST"), is_clock_or_zone("BST"), is_clock_or_zone("Best")
    (True, True, False)
    """
    return _context_res()["clock_zone"].fullmatch(surface.strip()) is not None


def in_promo(text: str, start: int, end: int) -> bool:
    """Whether the mention is the name in a newsletter or subscription promo: 'Sign up to
    First Edition', 'the Morning Mail newsletter'."""
    res = _context_res()
    return bool(res["promo_before"].search(text[max(0, start - 30):start])
                or res["promo_after"].match(text[end:end + 20]))
