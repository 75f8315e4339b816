"""Actor resolution: from entity mentions (strings) to real-world actors, across the corpus.

A mention is a string; an actor is who it refers to. :func:`resolve_actors` reads the
``mentions`` table (one row per spaCy entity) and the article texts, and returns the
``actors`` table plus a copy of ``mentions`` with ``actor_id`` filled. It never re-parses:
it works from the mention strings, their labels and the characters around them, so it runs
over thousands of articles in seconds.

Before any article, :class:`.CorpusEvidence` reads every mention once (scraping glue cut,
label votes, place contexts, person titles). Then the rules, in the order they apply to a
mention (one method of :class:`Resolver` each):

1. Labels that never name an actor (DATE, CARDINAL, PERCENT, ...) get no actor.
2. Page furniture gets no actor: names in photo credits and editor lines ("(Leah
   Millis/Reuters)", "Edited by ..."), clock times and time zones ("16.11 BST"), newsletter
   promos ("Sign up to First Edition").
3. A place or organization used as a person's title ("U.S. President Joe Biden", "Kremlin
   chief Vladimir Putin") gives the person a role and a country and is not itself a mention.
4. Capitals and seats of government (``metonyms.csv``): a seat ("the Kremlin") is always the
   state; a capital ("Moscow", "Washington") is the state when used as a political actor
   and a place of that state otherwise ("in Washington", "the Minsk agreements").
5. A title on its own ("the Taoiseach") is the person the article gave that title.
6. User aliases, then the curated tables in ``resources/`` (countries, people, organizations,
   media outlets), matched on a normalized key (case, a leading "the", possessive "'s",
   dots and hyphens ignored; for people also transliteration: y/i and doubled letters).
7. People: PERSON mentions (unless the corpus knows the name as a place), names the corpus
   labels PERSON elsewhere after a title ("Olaf Scholz" tagged ORG), surnames of the
   article's people under any label ("Nunes" tagged GPE). Full names cluster on their
   skeleton; a surname, of one word or several ("Kim", "Le Pen"), goes to the nearest
   preceding full name in the article that carries it; with none in the article, to the
   curated default, or to the only full name with that surname in the corpus (decided in
   :mod:`.merging`), and otherwise stays unresolved. "the West" is no surname.
8. Places: GPE/LOC/FAC not in the tables, and names the corpus treats as places whatever
   their label ("Kherson" tagged PERSON), are actors of kind ``place``.
9. Organizations cluster on their key; names ending like a news outlet ("... News Agency")
   are media; "the Ukrainian Government" is the state; an acronym introduced after a name
   ("Korea Central News Agency, or KCNA") is that actor in the rest of the article.
   Nationality words (NORP) are adjectives, not actors ("Russian troops"); plural group
   names that are not demonyms ("Kurds", "Shiites") are actors of kind ``group``.

Roles come from titles before a name and appositions after or before it; an actor's
``country`` from the curated tables, else from demonyms, countries and country-bound
organizations inside its roles and name (the Duma -> Russia). The corpus-level merges
(middle initials, suffix names, typos, surnames with no full name in their article) are in
:mod:`.merging`; the actors and the table in :mod:`.registry`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

import pandas as pd

from newsanalysis.annotate.actors import merging
from newsanalysis.annotate.actors.corpus import PLACE_LABELS, CorpusEvidence, Mention, after_the
from newsanalysis.annotate.actors.knowledge import (
    CONNECTORS,
    Entry,
    Knowledge,
    capital_is_political,
    in_credit,
    in_promo,
    is_clock_or_zone,
    knowledge,
    looks_like_media,
    names_place_or_event,
    strip_media_descriptor,
)
from newsanalysis.annotate.actors.names import normalize_name, person_skeleton, plain_quotes
from newsanalysis.annotate.actors.registry import ActorKey, Registry, actor_table
from newsanalysis.resources import read_words

__all__ = ["Resolver", "resolve_actors"]

#: Labels that spaCy often gives to names ("Zelenskyy" ORG, "Kursk" PRODUCT): such a
#: one-word mention can still be a person's surname.
_NAME_LIKE_LABELS = ("ORG", "PRODUCT", "WORK_OF_ART", "FAC", "NORP")
_ACRONYM_AFTER_RE = re.compile(r"^\s*(?:,\s*or\s+(?:the\s+)?|\(\s*)([A-Z][A-Za-z\-]{1,9})\b")
_TITLE_GAP_RE = re.compile(r"(?:['’]s)?\s+[^,.;:()\"“”]*\s")
_GOVERNMENT_RE = re.compile(r"(?:(.+?)\s+government|government of\s+(.+))")


@dataclass(frozen=True, slots=True)
class _Named:
    """A full person name met in the article: where, its skeleton, its actor."""

    start: int
    skeleton: str
    key: ActorKey


@dataclass
class _Article:
    """What the resolver remembers while reading one article."""

    aid: str
    text: str
    persons: list[_Named] = field(default_factory=list)
    acronyms: dict[str, ActorKey] = field(default_factory=dict)
    person_tokens: set[str] = field(default_factory=set)  # tokens of the article's full PERSON names
    pending_country: dict[int, str] = field(default_factory=dict)  # row -> country from a title
    title_holder: dict[str, ActorKey] = field(default_factory=dict)  # 'taoiseach' -> Enda Kenny

    def carrying(self, tok: str) -> list[_Named]:
        """Full names whose last token is ``tok``, else whose first is ('Kim' of 'Kim Jong Un')."""
        full = [p for p in self.persons if len(p.skeleton.split()) > 1]
        return [p for p in full if p.skeleton.split()[-1] == tok] or \
            [p for p in full if p.skeleton.split()[0] == tok]

    def ending_with(self, skeleton: str) -> list[_Named]:
        """Longer full names that end with a multi-word surname ('Marine Le Pen' for 'Le Pen')."""
        return [p for p in self.persons if p.skeleton.endswith(" " + skeleton)]

    @staticmethod
    def nearest(named: list[_Named], start: int) -> ActorKey | None:
        """The person named last before ``start``; with none before, the only one named
        after it; else nobody."""
        before = [p for p in named if p.start < start]
        if before:
            return max(before, key=lambda p: p.start).key
        keys = {p.key for p in named}
        return next(iter(keys)) if len(keys) == 1 else None


class Resolver(Registry):
    """Reads the articles one by one (:meth:`article`), then the corpus (:meth:`finish`).

    ``evidence`` is what the whole corpus says about names (:class:`.CorpusEvidence`)."""

    def __init__(self, kb: Knowledge, evidence: CorpusEvidence):
        super().__init__(kb)
        self.evidence = evidence
        self.generic_org_words = read_words("actors/generic_org_words.txt")

    # ------------------------------------------------------------------ one article
    def article(self, aid: str, text: str, mentions: list[Mention]) -> None:
        """Resolve the mentions of one article (any order; read by position)."""
        st = _Article(aid, text)
        mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
        for m in mentions:
            if m.label == "PERSON" or (m.key and self.evidence.is_person_name(m.key)):
                toks = person_skeleton(m.key).split()
                if len(toks) > 1:
                    st.person_tokens.update(toks)
        for idx, m in enumerate(mentions):
            if not m.key or in_credit(text, m.start, m.end) or self._furniture(m, st) or self._shouted(m):
                continue
            nxt = mentions[idx + 1] if idx + 1 < len(mentions) else None
            (self._title_of_next_person(m, nxt, st) or self._metonym(m, st)
             or self._acronym_use(m, st) or self._title_only(m, st) or self._curated(m, st) or self._person(m, st)
             or self._place(m, st) or self._org_like(m, st))

    def finish(self) -> None:
        """The corpus-level merges (:func:`.merging.finish`)."""
        merging.finish(self, is_name_word=self.evidence.is_name_word)

    @staticmethod
    def _furniture(m: Mention, st: _Article) -> bool:
        """Rule 2 (with credits): a clock time or time zone ('16.11 BST') or a newsletter promo
        ('Sign up to First Edition') is page furniture, never an actor."""
        return is_clock_or_zone(m.surface) or in_promo(st.text, m.start, m.end)

    def _shouted(self, m: Mention) -> bool:
        """'ATTACKER' in a transcript: a shouted word tagged ORG, not an acronym."""
        return (m.label == "ORG" and m.surface.isupper() and len(m.surface) > 5
                and " " not in m.surface and m.key not in self.kb.names)

    def _title_of_next_person(self, m: Mention, nxt: Mention | None, st: _Article) -> bool:
        """Rule 3: 'U.S.' in 'U.S. President Joe Biden' is the next person's title; it gives
        the person a country and is no mention of its own."""
        if m.label == "PERSON" or nxt is None or nxt.label != "PERSON":
            return False
        between = st.text[m.end:nxt.start]
        if len(between) >= 45 or "\n" in between or not _TITLE_GAP_RE.fullmatch(between or "x"):
            return False
        words = between.split()
        if words and words[0] in ("'s", "’s"):
            words = words[1:]
        kb = self.kb
        if not (kb.is_title_phrase(words) and all(
                w[:1].isupper() or w.casefold() in kb.titles or w.casefold() in CONNECTORS for w in words)):
            return False
        country = self._country_of_modifier(m.key, kb.names.get(m.key))
        if country:
            st.pending_country[nxt.row] = country
        return True

    def _country_of_modifier(self, key: str, entry: Entry | None) -> str | None:
        kb = self.kb
        if key in kb.demonyms:
            return kb.demonyms[key]
        if key in kb.metonyms:
            return kb.metonyms[key][0]
        if entry is not None and entry.country:
            return entry.country
        return kb.country_in(key)

    def _metonym(self, m: Mention, st: _Article) -> bool:
        """Rule 4: a seat of government is its state; a capital is, when it acts, and a
        place of that state otherwise ('in Moscow', 'the Minsk agreements')."""
        kb = self.kb
        if m.key not in kb.metonyms or (m.label == "PERSON" and m.key in st.person_tokens):
            return False
        state, mkind = kb.metonyms[m.key]
        if mkind == "seat" or (m.label == "ORG" and not names_place_or_event(st.text, m.end)) \
                or capital_is_political(st.text, m.start, m.end, m.label):
            self.hit(m, self.curated_key(self.country_entry(state)), st.aid)
        else:
            self._hit_place(m, st, country=state)
        return True

    def _title_only(self, m: Mention, st: _Article) -> bool:
        """Rule 5: a title on its own ('the Taoiseach', 'the Chancellor' tagged ORG) is the person
        the article gave that title last ('Taoiseach Enda Kenny')."""
        if m.key not in st.title_holder or m.key not in self.kb.titles:
            return False
        k = st.title_holder[m.key]
        self.hit(m, k, st.aid, full=False)
        return True

    def _acronym_use(self, m: Mention, st: _Article) -> bool:
        """An acronym introduced earlier in the article ('..., or KCNA')."""
        if m.key not in st.acronyms:
            return False
        self.hit(m, st.acronyms[m.key], st.aid)
        return True

    def _define_acronym(self, m: Mention, k: ActorKey, st: _Article) -> None:
        found = _ACRONYM_AFTER_RE.match(st.text[m.end:m.end + 16])
        if found and found.group(1).isupper():
            st.acronyms[normalize_name(found.group(1))] = k

    def _curated_entry(self, m: Mention, st: _Article) -> Entry | None:
        kb, key, label = self.kb, m.key, m.label
        entry = kb.names.get(key)
        if entry is None and label in ("ORG", "PRODUCT", "WORK_OF_ART", "FAC"):
            stripped = kb.names.get(strip_media_descriptor(key))  # 'TASS state news agency'
            if stripped is not None and stripped.kind == "media":
                entry = stripped
        if entry is None and label == "PERSON" and len(key.split()) > 1:
            entry = kb.person_skel.get(person_skeleton(key))  # a bare surname: the article first
        if entry is not None and entry.kind == "country" and label == "PERSON" and key in st.person_tokens:
            return None  # 'Jordan' of 'Michael Jordan'
        if entry is not None and not entry.kind:
            entry = Entry(entry.name, _kind_from_label(label), entry.country)
        return entry

    def _curated(self, m: Mention, st: _Article) -> bool:
        """Rule 6: user aliases and the curated tables."""
        entry = self._curated_entry(m, st)
        if entry is None:
            return False
        k = self.curated_key(entry)
        self.hit(m, k, st.aid)
        if entry.kind == "person":
            st.persons.append(_Named(m.start, person_skeleton(m.key), k))
            self._person_context(k, m, st)
        elif m.label == "ORG" and entry.kind in ("organization", "media", "group"):
            self._define_acronym(m, k, st)
        return True

    def _may_be_person(self, m: Mention, st: _Article) -> bool:
        """PERSON (unless the corpus knows the name as a place: 'Bucha' tagged PERSON); a
        name under another label that the corpus knows as a person's ('Olaf Scholz' tagged
        ORG, see :meth:`.CorpusEvidence.is_person_name`); or a one-word name that is a
        person's name in this article or a curated surname ('Zelenskyy' tagged ORG or GPE)."""
        skel = person_skeleton(m.key)
        one_word = " " not in m.key
        if m.label == "PERSON":
            return not (self.evidence.is_place(m.key) and skel not in st.person_tokens
                        and (not one_word or skel not in self.kb.bare))
        if not one_word:  # 'Le Pen' (tagged FAC) after 'Marine Le Pen'
            return self.evidence.is_person_name(m.key) or bool(st.ending_with(skel))
        if skel in st.person_tokens:  # a name written 'in X' is a place, not a surname: 'Hamburg 2-0 Cologne'
            return m.label in _NAME_LIKE_LABELS or (m.label in PLACE_LABELS and not self.evidence.located[m.key])
        return m.label in _NAME_LIKE_LABELS and skel in self.kb.bare and m.surface[:1].isupper() \
            and not m.surface.isupper()

    def _person(self, m: Mention, st: _Article) -> bool:
        """Rule 7: a full name is a person clustered on its skeleton; a surname goes to the
        article's person carrying it (see :meth:`_bare_name`)."""
        if m.label == "PERSON" and self.evidence.not_person_re.search(m.key):
            return False  # 'Trump Tower', 'Clinton Foundation': a place or an organization
        if not self._may_be_person(m, st):
            return False
        skel = person_skeleton(m.key)
        toks = skel.split()
        if m.label == "PERSON" and m.surface.isupper() and len(toks) == 1 and len(m.surface) > 1:
            return True  # an acronym tagged PERSON ('ATACMS')
        if ("-" in m.surface and len(toks) == 2 and len(m.key.split()) == 2 and m.surface.count(" ") == 0
                and all(t in st.person_tokens or t in self.kb.bare for t in toks)):
            return True  # 'Biden-Xi talks': two people, not one
        if len(toks) > 1:
            longer = st.ending_with(skel)
            if longer:  # 'Le Pen' after 'Marine Le Pen': a surname of several words
                k = st.nearest(longer, m.start)
                if k is not None:
                    self.hit(m, k, st.aid)
                    self._person_context(k, m, st)
                return True
            k = self.generic_key("person", person_skeleton(m.key, keep_initials=True))
            self.hit(m, k, st.aid)
            st.persons.append(_Named(m.start, skel, k))
            self._person_context(k, m, st)
            return True
        if after_the(st.text, m) and self.evidence.is_common_noun(m.key):
            return m.label == "PERSON"  # 'the West', 'the Left': a common word, no surname
        self._bare_name(m, toks[0] if toks else m.key, st)
        return True

    def _bare_name(self, m: Mention, tok: str, st: _Article) -> None:
        """A one-word name: the nearest preceding full name of the article that carries it
        (unresolved when several carry it and none precedes); else the curated default;
        else, for PERSON, decided at the corpus level (:meth:`finish`), and otherwise an
        organization-like name."""
        carrying = st.carrying(tok)
        if carrying:
            k = st.nearest(carrying, m.start)
        elif tok in self.kb.bare:
            k = self.curated_key(self.kb.bare[tok])
        elif m.label == "PERSON":
            self.defer(m, tok, st.aid)
            return
        else:
            self._org_like(m, st)
            return
        if k is not None:
            self.hit(m, k, st.aid, full=False)
            self._person_context(k, m, st)

    def _person_context(self, k: ActorKey, m: Mention, st: _Article) -> None:
        """Roles from the title before and the appositions around a person's name, and the
        country of a place used as its title (rule 3)."""
        kb, a, text = self.kb, self.acc[k], st.text
        before = text[max(0, m.start - 110):m.start].replace("\u2019", "'")
        after = text[m.end:m.end + 130].replace("\u2019", "'")
        found = [kb.title_before(before)]
        if after[:1] == ",":
            found.append(kb.appos_after(after))
        if before.rstrip().endswith(","):
            found.append(kb.appos_before(before))
        seen = set()
        for role in (r for r in found if r):
            role = re.sub(r"\s+", " ", plain_quotes(role)).strip(" ,")
            if role in seen:
                continue
            seen.add(role)
            a.roles[role] += 1
            words = normalize_name(role).split()
            for i in range(len(words)):  # 'south korean defense minister': 'defense minister', 'minister'
                if " ".join(words[i:]) in kb.titles:
                    st.title_holder[" ".join(words[i:])] = k
            c = kb.country_in(role)
            if c:
                a.countries[c] += 1
        country = st.pending_country.pop(m.row, None)
        if country:
            a.countries[country] += 1

    def _place(self, m: Mention, st: _Article) -> bool:
        """Rule 8: a city, region or site is a place ('Mariupol', 'Crimea', 'Azovstal'):
        labelled GPE/LOC/FAC and not in the tables, or a name the corpus treats as a place
        whatever its label here (see :meth:`.CorpusEvidence.is_place`)."""
        if not m.surface[:1].isupper() or (m.label not in PLACE_LABELS and not self.evidence.is_place(m.key)):
            return False  # a place has a proper name ('mosques', 'west' are none)
        if m.label == "NORP" and self.kb.demonym_country(m.key):
            return False
        self._hit_place(m, st)
        return True

    def _hit_place(self, m: Mention, st: _Article, *, country: str | None = None) -> None:
        k = self.generic_key("place", m.key)
        self.hit(m, k, st.aid)
        if country:
            self.acc[k].countries[country] += 1

    def _org_like(self, m: Mention, st: _Article, *, label: str | None = None) -> bool:
        """Rule 9: organizations, media, governments as states, groups; other labels (EVENT,
        LAW, PRODUCT, WORK_OF_ART) are no actor."""
        kb, key, label = self.kb, m.key, label or m.label
        if label in ("ORG", "PERSON"):
            if key in self.generic_org_words:
                return True  # 'State' in 'Secretary of State': a common noun, not a name
            gov = _GOVERNMENT_RE.fullmatch(key)
            if gov:
                place = gov.group(1) or gov.group(2)
                country = kb.demonyms.get(place) or (kb.names[place].name if place in kb.names
                                                     and kb.names[place].kind == "country" else None)
                if country:
                    self.hit(m, self.curated_key(self.country_entry(country)), st.aid)
                    return True
            k = self.generic_key("media" if looks_like_media(key) else "organization", key)
            self.hit(m, k, st.aid)
            c = kb.country_in(m.surface)
            if c:
                self.acc[k].countries[c] += 1
            self._define_acronym(m, k, st)
        elif label == "NORP":
            if kb.demonym_country(key) or (key.endswith("es") and key[:-2] in kb.demonyms):
                return True
            if key.endswith("s") and m.surface[:1].isupper() and len(key) > 3:
                self.hit(m, self.generic_key("group", key), st.aid)
        return True


def _kind_from_label(label: str) -> str:
    return {"PERSON": "person", "GPE": "country", "NORP": "group"}.get(label, "organization")


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
    out = mentions.copy()
    texts = dict(zip(articles["article_id"].astype(str), articles["text"].astype(str)))
    kb = knowledge(aliases)
    groups: dict[str, list[Mention]] = defaultdict(list)
    if len(out):
        columns = [out["article_id"].astype(str).to_numpy(), out["start"].astype(int).to_numpy().tolist(),
                   out["end"].astype(int).to_numpy().tolist(), out["text"].astype(str).to_numpy(),
                   out["label"].astype(str).to_numpy()]
        for i, (aid, start, end, text, label) in enumerate(zip(*columns)):
            groups[aid].append(Mention.read(i, start, end, text, label))
    res = Resolver(kb, CorpusEvidence(kb, groups, texts))
    if groups:
        for aid in sorted(groups):
            res.article(aid, texts.get(aid, ""), groups[aid])
        res.finish()
    actors, ids = actor_table(res)
    out["actor_id"] = pd.Series([ids.get(res.assign.get(i)) for i in range(len(out))],
                                index=out.index, dtype=object)
    return actors, out
