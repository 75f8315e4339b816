"""Who is who in one article: the people and bodies it names, and what it says of them.

A speaker is often not named where it speaks: "he declared", "the prime minister added",
"the Unite leader called ...", "the ministry said". A careful reader resolves these from
what the article said before. :class:`Referents` collects, in one pass over a parsed Doc:

* **people**: every PERSON mention, grouped so that "Boris Johnson", "Johnson" and
  "Mr Johnson" are one referent (a bare surname joins the latest full name that ends with
  it), with a **gender** when the text or the name tells it (an honorific, "Mr"/"Ms", from
  ``resources/honorifics.tsv``; else a strongly gendered first name from
  ``resources/first_names.tsv``), and the **roles** the article gives them, read off the parse:
  a title before the name ("Prime Minister Boris Johnson", "the Unite leader Len McCluskey")
  or an apposition ("Albanese, the prime minister", "the British diplomat, Matthew Rycroft");
* **bodies**: organizations, countries and media named by ORG and GPE mentions.

It then answers three questions for the claims extractor:

* :meth:`Referents.for_pronoun`: the person a "he"/"she" speaker refers to: the nearest
  sentence (this one before the cue, then up to three before) holding a person of the
  pronoun's gender outside a quotation, and in it the last speaker, else the subject,
  else the first such person. A person whose gender disagrees is never chosen, nor a
  one-word name that nothing else marks as a person ("Kyiv" or "Brexit" tagged PERSON).
* :meth:`Referents.for_description`: the person or body a definite description names:
  "the prime minister" is the latest person given that role, and every telling modifier
  must agree ("the Belarusian leader" is not the Unite leader); "the ministry" is the
  latest body whose name holds the word, "the government" the latest country.
* :meth:`Referents.for_name`: the fullest name of a bare surname ("Rutte" -> "Mark Rutte").

Nothing here guesses: a question with no fitting answer gets None, and the speaker stays as
the text wrote it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from newsanalysis.annotate.claims.lexicon import is_media_name
from newsanalysis.annotate.claims.roles import (
    UNGENDERED_TITLES,
    body_nouns,
    demonyms,
    first_names,
    honorifics,
    is_role_word,
    name_key,
    person_like,
    role_families,
    titles,
)
from newsanalysis.annotate.claims.syntax import doc_text
from newsanalysis.annotate.sentences import SentenceIndex

__all__ = ["Mention", "Referent", "Referents"]

#: How many sentences before the cue a pronoun looks back.
PRONOUN_REACH = 3
#: How many sentences before the cue a description of a body ("the ministry") looks back.
BODY_REACH = 6
_PERSON_PRONOUNS = {"he": "m", "him": "m", "she": "f", "her": "f"}
_NICKNAME_CUE = re.compile(r"\b(?:known|dubbed)\b|\b(?:nicknamed|aka|alias)\b", re.IGNORECASE)
#: Lower-case particles inside surnames that the entity tagger often cuts a name at
#: ("Remi Crosson [du Cormier]", "Ursula [von der Leyen]").
_NAME_PARTICLES = {"du", "de", "da", "das", "dos", "di", "van", "von", "der", "den", "ter", "ten", "bin",
                   "ibn", "al", "el", "la", "le"}
_DETERMINERS = {"the", "this", "that", "these", "those"}
_PAST = {"former", "ex", "ex-", "late", "erstwhile", "retired"}  # a role no longer held
#: Modifiers of a role that do not tell which person holds it ("the former prime minister").
_UNTELLING = {"the", "a", "an", "this", "that", "former", "then", "new", "current", "acting",
              "outgoing", "incoming", "interim", "veteran", "longtime", "embattled", "top",
              "senior", "chief", "deputy", "'s", "’s", "-"}


@dataclass(frozen=True)
class Mention:
    """One place the article names a referent."""

    start: int  # token range [start, end)
    end: int
    sent: int
    in_quote: bool
    subject: bool  # the mention's head is the subject of a main clause


@dataclass
class Referent:
    """A person or body the article names."""

    kind: str  # "person" or "body"
    name: str  # the fullest name the article gives
    span: tuple[int, int]  # character span of the mention that gives that name
    label: str = "PERSON"  # the entity label of that mention (ORG, GPE, ... for bodies)
    gender: str = ""  # "m", "f" or "" when nothing tells
    roles: set[str] = field(default_factory=set)  # role words and phrases: "minister", "prime minister"
    past_roles: set[str] = field(default_factory=set)  # roles held before: "former President Barack Obama"
    marks: set[str] = field(default_factory=set)  # telling words of those roles: "unite", "belarus"
    mentions: list[Mention] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)  # nicknames the article gives ("carlos the jackal")

    @property
    def surname(self) -> str:
        return self.name.split()[-1].lower()

    @property
    def person_shaped(self) -> bool:
        """Named like a person, not just tagged as one: two or more name words, or an
        honorific, gender or role the text gives ("Kyiv" or "Brexit" tagged PERSON are not)."""
        return len(self.name.split()) > 1 or bool(self.gender or self.roles or self.past_roles)


def _name_words(ent: Span) -> list[Token]:
    """The words of a PERSON mention that are the name: no honorific, title, possessive, or
    country glued to its front by the tagger ("President of [Belarus Alexander Lukashenko]")."""
    honor, (_, role_words) = honorifics(), titles()
    words = [t for t in ent if not t.is_punct and t.tag_ != "POS" and t.lower_ not in ("'s", "’s")]
    doc, i = ent.doc, ent.end
    while i + 1 < len(doc) and doc[i].lower_ in _NAME_PARTICLES and doc[i + 1].text[:1].isupper():
        j = i + 1
        while j < len(doc) and (doc[j].lower_ in _NAME_PARTICLES or doc[j].text[:1].isupper()) and doc[j].is_alpha:
            j += 1
        words += list(doc[i:j])
        i = j
    while len(words) > 1 and (words[0].lower_.rstrip(".") in honor or words[0].lower_ in role_words
                              or words[0].lower_.rstrip(".") in UNGENDERED_TITLES
                              or (len(words) > 2 and words[0].lower_ in demonyms())):
        words = words[1:]
    if ent.label_ != "PERSON":  # "[the Commons] David Lidington" tagged ORG: the name starts at the first name
        firsts = [k for k, w in enumerate(words[:-1]) if k and w.lower_ in first_names()
                  and words[k - 1].whitespace_ and words[k - 1].i == w.i - 1]  # not "Jean-[Marc]"
        if firsts and not any(w.lower_ in first_names() for w in words[:firsts[0]]):
            words = words[firsts[0]:]
    return words


class Referents:
    """The people and bodies of one parsed article (see the module docstring)."""

    def __init__(self, doc: Doc, sents: SentenceIndex, quotes: list[tuple[int, int]]):
        self.doc, self.sents = doc, sents
        self._quotes = sorted(quotes)
        self.people: list[Referent] = []
        self.bodies: list[Referent] = []
        self._at: dict[int, Referent] = {}  # token index -> referent of the mention there
        for ent in doc.ents:
            if ent.label_ == "PERSON" or self._has_person_role(ent) or self._named_like_a_person(ent):
                self._add_person(ent)
            elif ent.label_ in {"ORG", "GPE", "NORP", "FAC"} and not self._person_surname(ent):
                self._add_body(ent)
        self._join_nicknames()

    # ------------------------------------------------------------------ building
    @staticmethod
    def _named_like_a_person(ent: Span) -> bool:
        """A mention holding a telling first name and a capitalised word after it, or
        opening with an honorific, is a person, whatever its label ("Ukraine Volodymyr
        Zelenskyy", "Dr PK Patra" tagged ORG)."""
        words = [t for t in ent if t.is_alpha]
        if len(words) > 1 and person_like([w.text for w in words[:2]]) and words[0].lower_ not in first_names():
            return words[1].text[:1].isupper()  # "Dr PK Patra" tagged ORG: an honorific before a name
        return any(w.lower_ in first_names() and nxt.text[:1].isupper() and nxt.lower_ not in first_names()
                   for w, nxt in itertools.pairwise(words))

    @staticmethod
    def _has_person_role(ent: Span) -> bool:
        """A name in apposition with a person's role is a person, whatever its entity label
        ("Albanese, the prime minister," tagged NORP)."""
        _, role_words = titles()
        root = ent.root
        return root.pos_ == "PROPN" and any(
            c.dep_ == "appos" and c.lemma_.lower() in role_words and c.i >= ent.end for c in root.children)

    def _in_quote(self, char: int) -> bool:
        return any(s < char < e for s, e in self._quotes)

    def _mention(self, span: Span) -> Mention:
        root = span.root
        return Mention(span.start, span.end, self.sents.of_token(span.start), self._in_quote(span.start_char),
                       root.dep_ in {"nsubj", "nsubjpass"} and root.head.dep_ in {"ROOT", "conj"})

    def _add_person(self, ent: Span) -> None:
        words = _name_words(ent)
        if not words or not any(w.is_alpha and w.text[:1].isupper() for w in words):
            return
        span = (words[0].idx, words[-1].idx + len(words[-1].text))
        name = " ".join(doc_text(self.doc)[span[0]:span[1]].split())  # as written: "Kim Jong-hyn"
        if "-" in ent.text and not any(t.whitespace_ for t in ent[:-1]) and ent.text.count("-") == 1 \
                and all(part[:1].isupper() for part in ent.text.split("-")):
            first, last = (w.lower() for w in ent.text.split("-"))
            if first not in first_names():
                return  # "Biden-Xi talks": two people joined, not one name
            if last not in first_names():
                name = name.replace("-", " ")  # "Sergey-Lavrov": a lost space ("Jean-Marc" stays)
        ref = self._match_person(name)
        if ref is None:
            ref = Referent("person", name, span)
            self.people.append(ref)
        elif len(name.split()) > len(ref.name.split()):
            ref.name, ref.span = name, span
        ref.mentions.append(self._mention(ent))
        for i in range(ent.start, ent.end):
            self._at[i] = ref
        self._read_gender(ref, ent, words)
        self._read_roles(ref, ent, words[0].i)

    def _match_person(self, name: str) -> Referent | None:
        """The referent a person name belongs to: the same full name, or for a one-word name
        (or a longer name ending the same way) the latest person whose surname it is."""
        low = name.lower().replace("-", " ").split()
        for ref in reversed(self.people):
            ref_low = ref.name.lower().replace("-", " ").split()
            if low == ref_low or name.lower() in ref.aliases or any(low[0] == a.split()[0] for a in ref.aliases):
                return ref
            if len(low) == 1 and low[0] in (ref_low[-1], ref_low[0]) and len(ref_low) > 1:
                return ref
            if len(ref_low) == 1 and len(low) > 1 and ref_low[0] == low[-1]:
                return ref  # "Lavrov" first, "Sergey Lavrov" later
            if len(low) > 1 and len(ref_low) > 1 and low[-1] == ref_low[-1] and (
                    low[0][0] == ref_low[0][0] and (len(low[0]) <= 2 or len(ref_low[0]) <= 2)):
                return ref  # "J. Smith" and "John Smith"
        return None

    def _person_surname(self, ent: Span) -> bool:
        """An ORG/GPE-labelled mention that is the surname of a person named before
        ("Zelenskyy" tagged ORG): it joins that person."""
        if len(ent) != 1 or not ent.text[:1].isupper():
            return False
        ref = next((r for r in reversed(self.people) if len(r.name.split()) > 1
                    and ent.text.lower() in (r.surname, r.name.split()[0].lower())), None)
        if ref is None:
            return False
        ref.mentions.append(self._mention(ent))
        self._at[ent.start] = ref
        return True

    def _read_gender(self, ref: Referent, ent: Span, words: list[Token]) -> None:
        honor = honorifics()
        before = self.doc[ent.start - 1] if ent.start > 0 else None
        told = next((honor[t.lower_.rstrip(".")] for t in [*ent[:1], *( [before] if before is not None else [])]
                     if t.lower_.rstrip(".") in honor), "")
        if told:
            ref.gender = told
        elif not ref.gender and len(words) > 1:
            ref.gender = first_names().get(words[0].lower_, "")

    def _read_roles(self, ref: Referent, ent: Span, name_start: int) -> None:
        """Roles from a title before the name (inside the mention or before it) and from
        appositions on either side."""
        phrases, role_words = titles()
        root = ent.root
        pieces: list[list[Token]] = []
        left = self._title_window(name_start, ent.start)
        if left:
            pieces.append(left)
        for c in root.children:
            if c.dep_ == "appos" and c.i >= ent.end:
                pieces.append([t for t in c.subtree if t.dep_ not in {"relcl", "acl"} and t.i <= c.right_edge.i])
        if root.dep_ == "appos" and root.head.pos_ in {"NOUN", "PROPN"} and root.head.i < ent.start:
            head = root.head
            pieces.append([t for t in self.doc[head.left_edge.i:head.i + 1]])
        for toks in pieces:
            words = [t for t in toks if not t.is_punct]
            nouns = [t for t in words if t.lower_ in role_words or t.lemma_.lower() in role_words]
            if not nouns:
                continue
            low = " ".join(t.lower_ for t in words)
            held = ref.past_roles if any(t.lower_ in _PAST for t in words) else ref.roles
            held.update(t.lemma_.lower() for t in nouns)
            held.update(p for p in phrases if f" {p} " in f" {low} ")
            ref.marks.update(name_key(t.text) for t in words if t not in nouns and t.lower_ not in _UNTELLING
                             and (t.pos_ in {"PROPN", "ADJ"} or t.ent_type_))

    def _title_window(self, name_start: int, ent_start: int) -> list[Token]:
        """The words right before a name that can be its title ("Russia's Deputy Permanent
        Representative to the UN", "President of Belarus"): at most 8, back to a comma, a
        verb, a conjunction, a pronoun, another person or the sentence start."""
        sent_start = self.sents.spans[self.sents.of_token(name_start)].start
        out: list[Token] = []
        for t in reversed(self.doc[max(sent_start, name_start - 8):name_start]):
            if (t.is_punct and t.text not in {"-", "'", "’", "."}) or t.pos_ in {"VERB", "AUX", "CCONJ", "SCONJ", "PRON"} \
                    or t.ent_type_ == "PERSON" and t.i < ent_start and self._at.get(t.i) is not None:
                break
            out.append(t)
        return out[::-1]

    def _join_nicknames(self) -> None:
        """'the man known as "Carlos the Jackal" ... Ilich Ramirez Sanchez': a name given as a
        nickname ("known as", "dubbed", "nicknamed", "alias", "aka") belongs to the nearest
        person with a full name within three sentences before and two after it; later
        mentions of the nickname are that person."""
        doc = self.doc
        if not _NICKNAME_CUE.search(doc_text(doc)):
            return
        for t in doc:
            if not ((t.lower_ == "as" and any(w.lower_ in {"known", "dubbed"} for w in doc[max(0, t.i - 2):t.i]))
                    or t.lower_ in {"nicknamed", "aka", "alias"}):
                continue
            words = []
            for w in doc[t.i + 1:t.i + 6]:
                if w.is_quote or (not words and w.lower_ == "the"):
                    continue
                if not (w.text[:1].isupper() or (words and w.lower_ == "the")) or not w.is_alpha:
                    break
                words.append(w)
            if not words:
                continue
            nick = self._at.get(words[0].i)
            s = self.sents.of_token(t.i)
            near = [r for r in self.people if r is not nick and len(r.name.split()) > 1
                    and any(s - 3 <= m.sent <= s + 2 for m in r.mentions)]
            if not near:
                continue
            person = min(near, key=lambda r: min(abs(m.start - t.i) for m in r.mentions))
            person.aliases.add(" ".join(w.lower_ for w in words))
            if nick is not None and nick.kind == "person" and nick is not person:
                self._merge(nick, person)
        for person in [r for r in self.people if r.aliases]:
            for other in [r for r in self.people if r is not person and len(r.name.split()) == 1
                          and any(r.name.lower() == a.split()[0] for a in person.aliases)]:
                self._merge(other, person)  # "Carlos" said ...: the nickname's owner

    def _merge(self, ref: Referent, into: Referent) -> None:
        into.mentions = sorted(into.mentions + ref.mentions, key=lambda m: m.start)
        into.roles |= ref.roles
        into.past_roles |= ref.past_roles
        into.marks |= ref.marks
        into.gender = into.gender or ref.gender
        into.aliases.add(ref.name.lower())
        for i, r in list(self._at.items()):
            if r is ref:
                self._at[i] = into
        self.people.remove(ref)

    def _add_body(self, ent: Span) -> None:
        name = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
        ref = next((r for r in self.bodies if r.name.lower() == name.lower()), None)
        if ref is None:
            ref = Referent("body", name, (ent.start_char, ent.end_char), ent.label_)
            self.bodies.append(ref)
        ref.mentions.append(self._mention(ent))
        for i in range(ent.start, ent.end):
            self._at[i] = ref

    # ------------------------------------------------------------------ questions
    def at(self, i: int) -> Referent | None:
        """The referent whose mention covers token ``i``."""
        return self._at.get(i)

    def note(self, start: int, end: int, ref: Referent) -> None:
        """Record that tokens [start, end) ("he", "the prime minister") refer to ``ref``, so
        a later pronoun counts it as mentioned there (a resolved pronoun keeps its person salient)."""
        if ref.kind != "person" or any(m.start == start for m in ref.mentions):
            return
        ref.mentions.append(self._mention(self.doc[start:end]))
        ref.mentions.sort(key=lambda m: m.start)

    def for_name(self, text: str, *, before: int) -> Referent | None:
        """The person a bare name refers to ("Rutte"), named before token ``before``."""
        low = text.lower().strip()
        for ref in reversed(self.people):
            if any(m.start < before for m in ref.mentions) and (low in (ref.surname, ref.name.lower())
                                                                or any(low == a.split()[0] for a in ref.aliases)):
                return ref
        return None

    def for_pronoun(self, pronoun: Token, *, before: int, last_speaker: Referent | None = None) -> Referent | None:
        """The person a he/she speaker refers to (None when no person of that gender is near).

        It looks back over the sentence of the cue and up to :data:`PRONOUN_REACH` sentences
        of narration before it (sentences wholly inside a quotation do not count: a long quote
        does not push its speaker out of reach). In the nearest sentence that holds a person
        of the pronoun's gender outside a quotation it takes the last speaker if present, else
        the subject, else the first such person; failing any, the last speaker if the gender fits.
        """
        gender = _PERSON_PRONOUNS.get(pronoun.lower_)
        if gender is None:
            return None
        here = self.sents.of_token(before)
        in_quote = self._in_quote(pronoun.idx)
        narration = 0
        for s in range(here, -1, -1):
            if s != here and self._quoted_sentence(s):
                continue
            narration += 1
            if narration > PRONOUN_REACH + 1:
                break
            cands = [(m, r) for r in self.people for m in r.mentions
                     if m.sent == s and m.start < min(before, pronoun.i) and r.gender in ("", gender)
                     and r.person_shaped and (m.in_quote == in_quote or not m.in_quote)]
            if not cands:
                continue
            lead = [r for m, r in cands if s == here and self._leads_into(m, pronoun)]
            if lead:  # "When James Clapper ... appeared on the program, he said": Clapper
                return lead[-1]
            if last_speaker is not None and any(r is last_speaker for _, r in cands):
                return last_speaker
            subjects = [r for m, r in cands if m.subject]
            if subjects:
                return subjects[0]
            if self._fits(last_speaker, gender):  # "Poroshenko's claims ...," he said: the speaker goes on
                return last_speaker
            return min(cands, key=lambda mr: mr[0].start)[1]
        return last_speaker if self._fits(last_speaker, gender) else None

    def _leads_into(self, m: Mention, pronoun: Token) -> bool:
        """Is mention ``m`` the subject of a clause that leads into the pronoun's own clause
        ("When [Clapper] appeared ..., he said", "After [Merkel] met him, she said")?"""
        root = self.doc[m.start:m.end].root
        verb = root.head
        return (not m.in_quote and root.dep_ in {"nsubj", "nsubjpass"} and verb.dep_ == "advcl"
                and verb.head == pronoun.head and verb.i < pronoun.i)

    @staticmethod
    def _fits(ref: Referent | None, gender: str) -> bool:
        """Can the last speaker (a named person who spoke) be this pronoun's person?"""
        return ref is not None and ref.gender in ("", gender)

    def _quoted_sentence(self, s: int) -> bool:
        span = self.sents.spans[s]
        return any(q0 <= span.start_char and span.end_char <= q1 + 1 for q0, q1 in self._quotes)

    def for_introduced(self, head: Token, modifiers: list[Token], *, cue: int) -> Referent | None:
        """The person an indefinite role description introduces before naming ("A federal judge
        ... ruled. US District Judge Derrick Watson said ..."): the one person given that role
        in the two sentences after the cue's, whose names and places agree; else None."""
        noun = head.lemma_.lower()
        if not is_role_word(head):
            return None
        telling = {name_key(t.text) for t in modifiers if t.pos_ == "PROPN" or t.ent_type_}
        here = self.sents.of_token(cue)
        fits = [r for r in self.people if noun in r.roles and telling <= r.marks and min(
            m.sent for m in r.mentions) in {here + 1, here + 2}]
        return fits[0] if len(fits) == 1 else None

    def for_description(self, head: Token, modifiers: list[Token], *, before: int) -> Referent | None:
        """The person or body a definite description names ("the prime minister", "the
        Belarusian leader", "the ministry"), or None."""
        _, role_words = titles()
        noun = head.lemma_.lower()
        telling = {name_key(t.text) for t in modifiers if t.lower_ not in _UNTELLING and not t.is_punct}
        covered = {noun, head.lower_} | role_families().get(noun, frozenset())
        if noun in role_words or head.lower_ in role_words or noun in role_families():
            past = any(t.lower_ in _PAST for t in modifiers)  # "the former president": a role held before
            fits = [r for r in self.people if covered & (r.past_roles if past else r.roles)
                    and telling <= (r.marks | {w for role in r.roles | r.past_roles for w in role.split()})
                    and any(m.start < before for m in r.mentions)]
            if fits:  # the most mentioned so far, then the latest ("the president" in US news)
                return max(fits, key=lambda r: (sum(m.start < before for m in r.mentions),
                                                max(m.start for m in r.mentions if m.start < before)))
        return self._body_for(head, telling, before=before)

    def _body_for(self, head: Token, telling: set[str], *, before: int) -> Referent | None:
        noun = head.lower_
        here = self.sents.of_token(before)
        recent = [r for r in self.bodies
                  if any(m.start < before and here - m.sent <= BODY_REACH for m in r.mentions)]
        # the most mentioned so far first, then the latest
        recent.sort(key=lambda r: (-sum(m.start < before for m in r.mentions),
                                   -max(m.start for m in r.mentions if m.start < before)))
        for r in recent:
            words = {name_key(w) for w in r.name.split()}
            if body_nouns().get(noun) == "state" and r.label == "GPE" and (not telling or telling & words):
                return r
            if noun in {w.lower() for w in r.name.split()} and telling <= words | {noun}:
                return r
        if body_nouns().get(noun) == "org" and not telling:
            orgs = [r for r in recent if r.label == "ORG" and not is_media_name(r.name)]  # "the ministry": no agency
            return orgs[0] if orgs else None
        return None
