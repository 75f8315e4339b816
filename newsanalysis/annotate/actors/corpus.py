"""The mentions as the resolver reads them, and what the whole corpus says about a name.

:class:`Mention` is one entity mention with its name cleaned of scraping glue ('00:54Putin'
-> 'Putin'). :class:`CorpusEvidence` reads every mention of the corpus once, before any
article is resolved, and answers questions no single article can: is this token a part of
people's names (so 'VladimirPutin' is two words)? Is this string, labelled ORG here, a
person's name that the corpus labels PERSON elsewhere and writes after a person's title
('Chancellor Olaf Scholz')? Is this name a place, labelled as one or written after 'in',
'near', 'outside' in most of its mentions ('Mariupol', 'Bucha', 'Azovstal')?
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from newsanalysis.annotate.actors.knowledge import (
    Knowledge,
    followed_by_place_noun,
    looks_like_media,
)
from newsanalysis.annotate.actors.names import (
    camel_parts,
    is_honorific,
    normalize_name,
    person_skeleton,
    strip_honorific,
    strip_surface,
    unglue,
)
from newsanalysis.resources import read_lines, read_words

__all__ = ["ACTOR_LABELS", "PLACE_LABELS", "CorpusEvidence", "Mention", "after_the", "person_keys_of"]

#: spaCy labels whose mentions can name an actor at all.
ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT",
                          "WORK_OF_ART", "EVENT", "LAW"})
#: Labels of places: cities, regions, sites.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Prepositions that put a name as a location ('in Mariupol', 'outside Kyiv'); closed class.
#: 'at', 'from' and 'of' are left out: 'at Google', 'a letter from Putin'.
PLACE_PREPOSITIONS = frozenset({"in", "near", "outside", "around", "across", "into", "inside",
                                "within", "throughout", "toward", "towards", "through"})
#: Forms of address that make the name after them a person's whatever its label ('Ms Le Pen'
#: tagged GPE); closed class (titles such as 'General' also open names: 'General Motors').
FORMS_OF_ADDRESS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr"})
_GLUED_RE = re.compile(r"[a-z][A-Z]")
_LIST_GAP_RE = re.compile(r"\s*(?:,|,?\s+and|,?\s+or)\s+")
_PREV_WORD_RE = re.compile(r"([A-Za-z]+)\W{0,2}(?:the\s+)?$")


@dataclass(slots=True)
class Mention:
    """One entity mention of an article, as the resolver reads it (``surface`` and ``key``
    are empty for labels that never name an actor)."""

    row: int      # position in the caller's mentions table
    start: int
    end: int
    text: str     # as written
    label: str    # spaCy label
    surface: str  # the name: scraping glue, 'the', possessive and end punctuation off
    key: str      # matching key (for PERSON: without honorifics and lower-case lead words)

    @classmethod
    def read(cls, row: int, start: int, end: int, text: str, label: str) -> Mention:
        if label not in ACTOR_LABELS:
            return cls(row, start, end, text, label, "", "")
        return cls(row, start, end, text, label, "", "").named(unglue(text, person=label == "PERSON"))

    def named(self, name: str) -> Mention:
        """This mention with ``name`` as its (cleaned) text."""
        self.surface = strip_surface(name)
        key = normalize_name(name)
        if self.label == "PERSON" and key:
            key = strip_honorific(key)
            lead = re.match(r"^(?:[a-z][\w'-]*\s+)+", self.surface)
            if lead and len(key.split()) > len(lead.group(0).split()):  # 'accelerates Obama'
                key = " ".join(key.split()[len(lead.group(0).split()):])
        self.key = key
        return self


def person_keys_of(articles: dict[str, list[Mention]]) -> set[str]:
    """The distinct multi-word PERSON names (matching keys) of the articles: the vocabulary
    that tells which tokens are parts of people's names."""
    return {m.key for ms in articles.values() for m in ms if m.label == "PERSON" and " " in m.key}


def after_the(text: str, m: Mention) -> bool:
    """Whether a mention follows 'the' ('the West', 'The West', 'the Trump administration')."""
    return m.text[:4].casefold() == "the " or text[max(0, m.start - 4):m.start].casefold() == "the "


class CorpusEvidence:
    """Label votes, name tokens, place contexts and person titles of every name in the corpus."""

    def __init__(self, kb: Knowledge, articles: dict[str, list[Mention]], texts: dict[str, str], *,
                 person_keys: set[str] | None = None, partial: bool = False):
        """Read every mention of ``articles``. On a cluster each worker reads a part of the
        corpus (``partial=True``) with the corpus's ``person_keys`` (:func:`person_keys_of`),
        and :meth:`merged` sums their :meth:`counts`: then ``titled`` counts every mention after a
        title, and the merge keeps those of names labelled PERSON somewhere."""
        self.kb = kb
        self._person_memo: dict[str, bool] = {}
        self._place_memo: dict[str, bool] = {}
        self.labels: dict[str, Counter] = defaultdict(Counter)
        self.name_tokens: Counter = Counter()  # tokens of multi-word PERSON names (distinct names)
        self.located: Counter = Counter()      # mentions right after a place preposition
        self.placed: Counter = Counter()       # before a place noun, or listed with a place
        self.titled: Counter = Counter()       # non-PERSON mentions right after a person's title
        self.after_the: Counter = Counter()    # mentions right after a lower-case 'the'
        self.furniture = frozenset(read_lines("actors/glued_furniture_words.txt"))
        ending = "|".join(sorted(read_words("actors/not_person_endings.txt")))
        self.not_person_re = re.compile(rf"\s(?:{ending})$")
        self._set_person_keys(person_keys if person_keys is not None else person_keys_of(articles))
        for aid, mentions in articles.items():
            text = texts.get(aid, "")
            for i, m in enumerate(mentions):
                if not m.key:
                    continue
                m = self._repaired(mentions, i)
                self.labels[m.key][m.label] += 1
                if self.after_place_preposition(text, m):
                    self.located[m.key] += 1
                if followed_by_place_noun(text, m.end) or self._listed_with_place(text, mentions, i):
                    self.placed[m.key] += 1
                if after_the(text, m):
                    self.after_the[m.key] += 1
        self._bare_by_skeleton: dict[str, list[str]] = defaultdict(list)
        for key in self.labels:
            if " " not in key:
                self._bare_by_skeleton[person_skeleton(key)].append(key)
        for aid, mentions in articles.items():
            text = texts.get(aid, "")
            for m in mentions:
                if m.key and m.label != "PERSON" and " " in m.key \
                        and (partial or self.labels.get(m.key, {}).get("PERSON")) and self._after_title(text, m):
                    self.titled[m.key] += 1

    def _set_person_keys(self, person_keys: set[str]) -> None:
        self.name_tokens = Counter()
        for key in person_keys:
            self.name_tokens.update(t for t in key.split() if len(t) > 2)
        #: skeleton words of people's names: in how many distinct names each is
        self.name_words = Counter(w for key in person_keys for w in set(person_skeleton(key).split()))

    _COUNTS = ("located", "placed", "titled", "after_the")

    def counts(self) -> dict:
        """What this evidence counted, keyed by name (plain dicts and Counters: small, picklable)."""
        return {"labels": {k: Counter(v) for k, v in self.labels.items()},
                **{name: Counter(getattr(self, name)) for name in self._COUNTS}}

    @staticmethod
    def add_counts(total: dict | None, part: dict) -> dict:
        """Sum the :meth:`counts` of two parts of a corpus (``total`` is updated and returned)."""
        if total is None:
            return part
        for key, votes in part["labels"].items():
            total["labels"].setdefault(key, Counter()).update(votes)
        for name in CorpusEvidence._COUNTS:
            total[name].update(part[name])
        return total

    @classmethod
    def merged(cls, kb: Knowledge, counts: dict, person_keys: set[str]) -> CorpusEvidence:
        """The evidence of a whole corpus from the summed :meth:`counts` of its parts (read
        with ``partial=True`` and the corpus's ``person_keys``), with the check that needs
        the whole corpus: a titled name must be labelled PERSON somewhere."""
        out = cls(kb, {}, {}, person_keys=person_keys)
        for key, votes in counts["labels"].items():
            out.labels[key].update(votes)
        for name in cls._COUNTS:
            getattr(out, name).update(counts[name])
        out.titled = Counter({k: n for k, n in out.titled.items() if out.labels.get(k, {}).get("PERSON")})
        out._bare_by_skeleton = defaultdict(list)
        for key in out.labels:
            if " " not in key:
                out._bare_by_skeleton[person_skeleton(key)].append(key)
        return out

    # ------------------------------------------------------------------ glued tokens
    def _repaired(self, mentions: list[Mention], i: int) -> Mention:
        m = mentions[i]
        if " " in m.surface or _GLUED_RE.search(m.surface):
            mentions[i] = m = self.repair(m)
        return m

    def repair_all(self, articles: dict[str, list[Mention]]) -> None:
        """Repair the names of every mention in place, as reading the corpus does (for a
        part of the corpus read again after the evidence is known)."""
        for mentions in articles.values():
            for i, m in enumerate(mentions):
                if m.key:
                    self._repaired(mentions, i)

    def repair(self, m: Mention) -> Mention:
        """Split tokens glued without a space when their parts are words of people's names
        in the corpus ('VladimirPutin' -> 'Vladimir Putin'), cut a page-furniture word
        glued to a name ('ZelenskiyRead' -> 'Zelenskiy'), drop a nationality adjective that
        spaCy took into a PERSON name ('Ukrainian Kherson' -> 'Kherson'), and make a name
        after 'Mr', 'Ms', ... a PERSON whatever its label ('Ms Sturgeon' tagged ORG)."""
        words = m.surface.split()
        if m.label == "PERSON" and len(words) > 1 and normalize_name(words[0]) in self.kb.demonyms:
            return m.named(" ".join(words[1:]))
        if m.label != "PERSON" and len(words) > 1 and words[0].casefold().rstrip(".") in FORMS_OF_ADDRESS:
            m.label = "PERSON"  # 'Ms Sturgeon' tagged ORG
            return m.named(m.surface)
        out, changed = [], False
        for w in words:
            parts = camel_parts(w)
            if len(parts) > 1 and parts[-1] in self.furniture and parts[-2][-1:].islower():
                parts, changed = parts[:-1], True
                w = "".join(parts)
            if len(parts) > 1 and all(len(p) > 2 and p.casefold() in self.name_tokens for p in parts):
                out.extend(parts)
                changed = True
            else:
                out.append(w)
        return m.named(" ".join(out)) if changed else m

    # ------------------------------------------------------------------ questions
    def is_person_name(self, key: str) -> bool:
        """A multi-word name under another label that the corpus labels PERSON elsewhere and
        writes after a person's title or honorific ('Chancellor Olaf Scholz', 'Ms Le Pen')."""
        if key not in self._person_memo:
            self._person_memo[key] = (" " in key and self.titled[key] > 0
                                      and self.labels.get(key, {}).get("PERSON", 0) > 0
                                      and not self.not_person_re.search(key) and not looks_like_media(key))
        return self._person_memo[key]

    def is_name_word(self, skeleton_word: str) -> bool:
        """Whether a word (a person skeleton's) is a name in use: a mention on its own
        ('Ivana'), or a part of two or more people's names. A typo ('Vladmir') is neither."""
        if self.name_words[skeleton_word] >= 2:
            return True
        return any(person_skeleton(k) == skeleton_word for k in self._bare_by_skeleton.get(skeleton_word, ()))

    def is_common_noun(self, key: str) -> bool:
        """A one-word name the corpus writes after 'the' in most of its mentions: 'the West',
        'the Left' (a person's surname is not: 'the Trump administration' is rare next to
        'Trump')."""
        n = sum(self.labels[key].values()) if key in self.labels else 0  # no entry is made
        return n > 0 and self.after_the[key] * 2 > n

    def is_place(self, key: str) -> bool:
        """A name the corpus treats as a place: labelled GPE/LOC/FAC in most of its mentions,
        or, in at least 3 mentions in 10 (and twice), written after a place preposition
        ('in Mariupol'), before a place noun ('the Kherson region') or listed with a place
        ('Kharkiv, Sumy and Odesa')."""
        if key not in self._place_memo:
            votes = self.labels.get(key)
            if not votes:
                return False
            n = sum(votes.values())
            place = sum(votes[lab] for lab in PLACE_LABELS)
            located = self.located[key] + self.placed[key]
            self._place_memo[key] = place * 2 > n or (located >= 2 and located * 10 >= n * 3)
        return self._place_memo[key]

    # ------------------------------------------------------------------ contexts
    @staticmethod
    def after_place_preposition(text: str, m: Mention) -> bool:
        """'in Mariupol', 'near the Azovstal plant' (not 'in Putin's view')."""
        before = text[max(0, m.start - 20):m.start]
        prev = _PREV_WORD_RE.search(before)
        return (prev is not None and prev.group(1).casefold() in PLACE_PREPOSITIONS
                and not re.match(r"^['’]s\b", text[m.end:m.end + 3]))

    def _listed_with_place(self, text: str, mentions: list[Mention], i: int) -> bool:
        """'Kharkiv, Sumy and Odesa': a neighbour in a list (',', 'and', 'or') is a place (a
        city or region, not a country: organizations are listed with countries)."""
        for j in (i - 1, i + 1):
            if 0 <= j < len(mentions):
                a, b = (mentions[j], mentions[i]) if j < i else (mentions[i], mentions[j])
                other = mentions[j]
                if ((other.label in PLACE_LABELS and other.key not in self.kb.names)
                        or other.key in self.kb.metonyms) and _LIST_GAP_RE.fullmatch(text[a.end:b.start]):
                    return True
        return False

    def _after_title(self, text: str, m: Mention) -> bool:
        before = text[max(0, m.start - 110):m.start].replace("\u2019", "'")
        if self.kb.title_before(before):
            return True
        prev = re.findall(r"([A-Za-z]+)\.?\s+$", before)
        return bool(prev) and is_honorific(prev[0])
