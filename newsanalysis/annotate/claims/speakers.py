"""Speakers: who the source phrase of an attribution names, resolved as a careful reader would.

:func:`describe` reads the source noun phrase: the head noun decides what it is ("the US
ambassador" a person, "the statement" a document, "a spokesperson for X" an unnamed person,
not X, "US authorities" an unnamed group, "Malaysian police" a body). :func:`speaker_of`
resolves what the phrase does not name with
:class:`~newsanalysis.annotate.claims.referents.Referents` (who is who in the article): a
pronoun, a role ("the prime minister"), a body ("the ministry"), a surname, a nickname;
"that North American media" to the medium named before; a described group ("the
officials") to the earlier anonymous source of the same family. What nothing fits stays as
the text wrote it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsanalysis.annotate.claims.lexicon import (
    ACCUSING_VERBS,
    DEMONSTRATIVES,
    GROUP_PRONOUNS,
    HEARER_VERBS,
    ORG_PRONOUNS,
    PERSON_PRONOUNS,
    is_media_name,
    lexicon,
)
from newsanalysis.annotate.claims.model import Attribution, Sourcing, char_range
from newsanalysis.annotate.claims.referents import Referent, Referents
from newsanalysis.annotate.claims.roles import body_nouns, is_role_word, person_like
from newsanalysis.annotate.claims.syntax import (
    NAMED_LABELS,
    doc_ents,
    noun_class,
    phrase_root,
    subtree_range,
    trim,
)
from newsanalysis.resources import read_words

__all__ = ["FIRST_PERSON", "Who", "chars", "clip_range", "describe", "expletive", "repeat",
           "resolve_media", "speaker_of"]

_ENT_NAMED = {"PERSON": "named_person", "ORG": "named_organization", "GPE": "named_organization",
              "NORP": "named_organization", "FAC": "named_organization"}
_NOT_PLURAL = {"news", "people"}  # a final "s" that is no plural ending


def expletive(it: Token) -> bool:
    """'It was agreed that', 'it is believed', 'it is important to': an "it" that names nobody."""
    verb = it.head
    if it.dep_ == "nsubjpass" or any(c.dep_ == "auxpass" for c in verb.children):
        return True
    return verb.lemma_ == "be" and any(c.dep_ in {"acomp", "attr"} for c in verb.children)


@dataclass
class Who:
    text: str
    span: tuple[int, int] | None
    kind: str
    head: str = ""
    anaphor: str = ""   # person | org | group | media | described ("the officials") | role ("the minister")
    first_person: bool = False  # "I", "we": outside a quotation, the text's own author


def describe(doc: Doc, a: int, b: int) -> Who:
    """Name, span and kind of the source noun phrase doc[a:b]."""
    a, b = trim(doc, a, b, keep_quotes=False)
    if b <= a:
        return Who("", None, "unnamed_group")
    root = phrase_root(doc, a, b)
    rel = [c for c in root.children if c.dep_ == "relcl" and a < c.left_edge.i < b and c.i > root.i]
    if rel and root.i < rel[0].left_edge.i:  # "Coutant-Peyre, who married Carlos": not Carlos
        a, b = trim(doc, a, rel[0].left_edge.i, keep_quotes=False)
        root = phrase_root(doc, a, b)
    text_span = doc[a:b]
    low = root.lower_
    if b - a == 1 and low in {"who", "which", "that"} and root.head.dep_ == "relcl" and root.head.head.i < a:
        # "companies, which demanded": the speaker is the noun the clause is about, and
        # "Bruce Klingner, a senior fellow at X, who describes" is Klingner, not X
        noun = root.head.head
        while noun.dep_ == "appos" and noun.head.i < noun.i:
            noun = noun.head
        return describe(doc, noun.left_edge.i, root.head.left_edge.i if root.head.left_edge.i > noun.i
                         else noun.right_edge.i + 1)
    if b - a == 1 and root.pos_ == "PRON":
        # "I", "we", "you" are not an earlier speaker repeated: outside a quotation they
        # are the writer or the outlet ("We reported last week"), and stay as they are
        kind = ("person" if low in PERSON_PRONOUNS else "org" if low in ORG_PRONOUNS
                else "group" if low in GROUP_PRONOUNS else "")
        return Who(root.text, chars(text_span), "unnamed_group", low, kind,
                    first_person=low in FIRST_PERSON)
    ents = [e for e in doc_ents(doc) if a <= e.start and e.end <= b and e.label_ in NAMED_LABELS]
    has_conj = any(c.dep_ == "conj" for c in root.children) and not any(
        c.dep_ == "cc" and c.lower_ == "or" for c in root.children)
    cls = noun_class(root)
    persons = [e for e in ents if e.label_ == "PERSON" or person_like([t.text for t in e if t.is_alpha])]
    if not persons and is_role_word(root):
        # "The US ambassador to the UN, Nikki Haley,": a name set off after a role is the
        # person holding it, whatever label the tagger gave the name
        persons = [e for e in ents if e.start > root.i and len(e) > 1 and e.start > a
                   and doc[e.start - 1].text == "," and all(t.pos_ == "PROPN" for t in e)]
    last = doc[b - 1]
    if not persons and noun_class(last) in {"anonymous", "group"} and root.i != last.i and last.pos_ in {"NOUN", "ADJ"}:
        root, cls, low = last, noun_class(last), last.lower_  # "Ukraine official": not Ukraine
    own = _ent_at(doc, root.i)
    if own is None and root.pos_ == "NOUN" and (is_role_word(root) or cls) and _for_someone(root):
        # "a spokesperson for Minister Katherine Zappone": an unnamed person speaking for X
        a2, b2 = clip_range(doc, a, b, root)
        return Who(doc[a2:b2].text, char_range(doc, a2, b2), "unnamed_group", low)
    after = [e for e in persons if e.start > root.i and not (own is not None and own.label_ == "PERSON")]
    if after and (is_role_word(root) or (own is not None and own.label_ != "PERSON")):
        # "Iraq's Permanent Representative to the United Nations Mohamed Ali Alhakim"
        return Who(after[-1].text, chars(after[-1]), "named_person", low)
    if own is None and root.pos_ == "NOUN" and _is_document(root):
        a2, b2 = clip_range(doc, a, b, root)  # "the statement from North Korea", "the lawsuit"
        return Who(doc[a2:b2].text, char_range(doc, a2, b2), "document", low)
    if own is None and not persons and ents and _part_of(root, ents):
        # "Some members of the so-called Khorasan Province of ISIL": part of a body, unnamed
        a2, b2 = clip_range(doc, a, b, root)
        return Who(doc[a2:b2].text, char_range(doc, a2, b2), "unnamed_group", low)
    if (own is None or _only_role_words(own)) and root.pos_ in {"NOUN", "PROPN"} and not persons \
            and is_role_word(root) \
            and (cls not in {"anonymous", "group", "media"} or _told_apart(root)):
        dets = {c.lower_ for c in root.children if c.dep_ == "det"}
        owned = any(c.dep_ == "poss" and c.ent_type_ in {"GPE", "ORG", "NORP"} for c in root.children)
        poss = any(c.dep_ == "poss" for c in root.children)
        # "the prime minister", "Russia's deputy permanent representative": a definite role
        anaphor = "role" if root.tag_ != "NNS" and (dets & DEMONSTRATIVES or owned or not (dets or poss)) else ""
        a2, b2 = clip_range(doc, a, b, root)  # "the prime minister", "the Belarusian leader"
        return Who(doc[a2:b2].text, char_range(doc, a2, b2), "unnamed_group", low, anaphor)
    if own is None and root.pos_ == "NOUN" and root.tag_ != "NNS" and ents and cls in {"", "role"} and all(
            e.root.head.i == root.i and e.root.dep_ in {"compound", "poss", "nmod", "amod"} for e in ents):
        # "The Biden administration", "the Kremlin's press office": a body named after its owner
        return Who(text_span.text, chars(text_span), "named_organization", low)
    if has_conj and ents:
        kind = "media" if is_media_name(text_span.text) else _ENT_NAMED.get(ents[0].label_, "named_organization")
        return Who(text_span.text, chars(text_span), kind, low)
    if own is not None and own.start >= a and own.end <= b:
        kind = "media" if is_media_name(own.text) else _ENT_NAMED.get(own.label_, "named_organization")
        return Who(own.text, chars(own), kind, low)
    if persons and cls not in {"media"}:
        appos = [e for e in persons if any(c.dep_ == "appos" and e.start <= c.i < e.end for c in root.children)]
        e = (appos or persons)[0]
        return Who(e.text, chars(e), "named_person", low)
    if cls == "media":
        named = [e for e in ents if is_media_name(e.text) or e.label_ == "ORG"]
        if named:
            return Who(named[0].text, chars(named[0]), "media", low)
        det = [c.lower_ for c in root.children if c.dep_ in {"det", "poss"}]
        if any(d in DEMONSTRATIVES for d in det):
            return Who(text_span.text, chars(text_span), "media", low, "media")
        return Who(text_span.text, chars(text_span), "media", low)
    if cls in {"anonymous", "group"} or (low == "one" and any(
            noun_class(g) for c in root.children if c.dep_ == "prep" for g in c.children)):
        head = root
        if low == "one":
            head = next(g for c in root.children if c.dep_ == "prep" for g in c.children if noun_class(g))
        dets = {c.lower_ for c in head.children if c.dep_ in {"det", "poss"}}
        kind = "anonymous" if noun_class(head) == "anonymous" else "unnamed_group"
        anaphor = "described" if dets & {"the", "these", "those", "that", "this"} else ""
        a2, b2 = clip_range(doc, a, b, root)
        return Who(doc[a2:b2].text, char_range(doc, a2, b2), kind, head.lemma_.lower(), anaphor)
    if ents and root.pos_ == "NOUN" and own is None and all(
            e.root.head.i == root.i and e.root.dep_ in {"compound", "amod", "nmod", "poss"} for e in ents):
        if root.lemma_.lower() in body_nouns() and (root.tag_ != "NNS" or root.lower_ == root.lemma_.lower()):
            return Who(text_span.text, chars(text_span), "named_organization", low)  # "Malaysian police"
        if root.tag_ == "NNS":
            return Who(text_span.text, chars(text_span), "unnamed_group", low)  # "US authorities"
    if ents:
        e = ents[0]
        kind = "media" if is_media_name(e.text) else _ENT_NAMED.get(e.label_, "named_organization")
        if root.pos_ == "PROPN" or e.label_ in {"ORG", "GPE"}:
            return Who(e.text, chars(e), kind, low)
    if root.pos_ == "NOUN" and root.lemma_.lower() in body_nouns() and any(c.dep_ == "poss" for c in root.children):
        return Who(text_span.text, chars(text_span), "named_organization", low)  # "the sheriff's department"
    dets = {c.lower_ for c in root.children if c.dep_ == "det"}
    if root.pos_ == "NOUN" and root.tag_ != "NNS" and dets & {"the", "this", "that"}:
        return Who(text_span.text, chars(text_span), "unnamed_group", low, "role")  # "the ministry"
    if _proper_name(text_span):  # "Theresa May", "Talawy": a name the entity tagger missed
        words = [t.text for t in text_span if t.is_alpha]
        kind = ("media" if is_media_name(text_span.text) else
                "named_person" if person_like(words) else "named_organization")
        return Who(text_span.text, chars(text_span), kind, low)
    return Who(text_span.text, chars(text_span), "unnamed_group", low)


#: Heads that name a part of a body, not the body ("members of", "some of", "most of").
_PARTITIVE = frozenset({"member", "some", "many", "several", "most", "few", "half", "majority", "minority"})


def _part_of(root: Token, ents: list[Span]) -> bool:
    """Is the phrase part of a named body ("Some members of the Labour party", "many of the
    Republicans"): a partitive head whose "of" phrase holds every named entity of the phrase?"""
    if root.lemma_.lower() not in _PARTITIVE and root.lower_ not in _PARTITIVE:
        return False
    of = [c for c in root.children if c.dep_ == "prep" and c.lower_ in {"of", "from"}]
    return bool(of) and all(any(o.left_edge.i <= e.start and e.end <= o.right_edge.i + 1 for o in of) for e in ents)


def _proper_name(span: Span) -> bool:
    """Is the phrase a proper name, or names joined by "and": capitalised proper nouns only
    ("Theresa May", "Dr Patra", "NJSP", "Both Nunes and Schiff"), without a determiner,
    whose head is no role, group or body noun ("Foreign Minister", "Police")?"""
    root = span.root
    words = [t for t in span if not t.is_punct and t.tag_ != "CC"]  # "Both Nunes and Schiff"
    if not words or root.tag_ not in {"NNP", "NNPS"} or not all(
            t.tag_ in {"NNP", "NNPS"} and t.text[:1].isupper() for t in words) \
            or is_role_word(root) or noun_class(root) or root.lemma_.lower() in body_nouns():
        return False
    if len(words) == 1 and words[0].is_sent_start and not words[0].is_upper:
        # a capital that only opens a sentence ("Hope was expressed") must be a name elsewhere too
        return any(t.text == words[0].text and not t.is_sent_start for t in span.doc)
    return True


FIRST_PERSON = {"i", "we", "me", "us"}


def _is_document(root: Token) -> bool:
    """A document that speaks ("the statement", "the lawsuit"); plural "reports" is a medium."""
    return root.lemma_.lower() in read_words("document_nouns.txt") and root.lower_ != "reports"


def _only_role_words(ent: Span) -> bool:
    """An entity that is just a role ("the Head of State" tagged WORK_OF_ART)."""
    return ent.label_ != "PERSON" and all(
        is_role_word(t) or t.lower_ in {"the", "of", "state", "government"} for t in ent)


def _told_apart(root: Token) -> bool:
    """'the British diplomat', 'the Russian official': a definite, singular role noun with a
    telling modifier (a nationality or a name), which can name one person the article gave
    that role, unlike 'the diplomat' or 'a senior official'."""
    return root.tag_ != "NNS" and any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in root.children) \
        and any(c.dep_ in {"amod", "compound"} and (c.ent_type_ or c.pos_ == "PROPN") for c in root.children)


def _for_someone(root: Token) -> bool:
    """'a spokesperson for X', 'a lawyer for one of the men', 'an aide to X': a role held for
    a named principal, not the principal ("the ambassador to the UN, Nikki Haley" is a post)."""
    if any(c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in root.children):
        return False
    if root.text[:1].isupper() and root.i > 0 and root.doc[root.i - 1].lower_ not in {"a", "an"}:
        return False  # a capitalised title before a name: "Adviser to the Head of the Office X"
    return any(c.dep_ == "prep" and (c.lower_ == "for" or (c.lower_ == "to" and root.lemma_.lower() in _SERVING))
               and any(g.dep_ == "pobj" for g in c.children) for c in root.children)


#: Roles held in someone's service: "an aide to X" speaks for X, "an ambassador to X" does not.
_SERVING = {"aide", "adviser", "advisor", "assistant", "counsel", "counsellor", "counselor"}


def clip_range(doc: Doc, a: int, b: int, root: Token) -> tuple[int, int]:
    """The noun phrase without relative clauses and participle phrases ('sources cited by X')."""
    for c in root.rights:
        if c.dep_ in {"acl", "relcl"} and a <= c.i < b:
            return trim(doc, a, c.left_edge.i, keep_quotes=False)
    return a, b


def _ent_at(doc: Doc, i: int) -> Span | None:
    for e in doc_ents(doc):
        if e.start <= i < e.end and e.label_ in NAMED_LABELS:
            return e
    return None


def chars(span: Span) -> tuple[int, int]:
    return span.start_char, span.end_char


def resolve_media(doc: Doc, who: Who, before: int) -> Who:
    """'the newspaper' -> the medium named last before ``before`` (a character offset)."""
    if who.kind == "media" and who.anaphor == "media":
        ent = _media_before(doc, before)
        if ent is not None:
            return Who(ent.text, chars(ent), "media", who.head)
    return who


def _media_before(doc: Doc, char: int) -> Span | None:
    best = None
    for e in doc_ents(doc):
        if e.end_char <= char and e.label_ in NAMED_LABELS and is_media_name(e.text):
            best = e
    return best


def speaker_of(doc: Doc, att: Attribution, done: list[Sourcing],
             refs: Referents) -> tuple[Who | None, Sourcing | None, Sourcing | None]:
    """(speaker, earlier sourcing it repeats, earlier described group it refers to) of one
    attribution; ``done`` holds the sourcing of the attributions before it."""
    at = doc[att.cue[0]].idx
    if _told(doc, att) and done and _near(doc, done[-1], att, refs):
        return None, done[-1], None  # "..., the Dutch diplomat was told": who told goes on from before
    if _accused(doc, att):  # "Carlos is accused of ...": the accuser is not in the clause
        return Who("", None, "unnamed_group"), None, None
    owner = _possessor_clause_subject(doc, att)
    who = describe(doc, *(owner or att.source)) if att.source else Who("", None, "unnamed_group")
    who = resolve_media(doc, who, at)
    last = _last_person(doc, done, refs)
    if who.anaphor == "person":  # "he said", "she added"
        pronoun = doc[att.source[0]]
        ref = refs.for_pronoun(pronoun, before=att.cue[0], last_speaker=last[1] if last else None)
        if ref is None:  # "An aide ... conceded ... she said": the one unnamed person who spoke before
            prev = next((p for p in reversed(done[-3:]) if p.speaker_kind in {"unnamed_group", "anonymous"}
                         and p.speaker_span and _one_person(doc, p)), None)
            return (None, prev, None) if prev is not None and _near(doc, prev, att, refs) else (who, None, None)
        refs.note(*att.source, ref)
        if last is not None and ref is last[1]:
            return None, last[0], None  # the same speaker goes on: its chain too
        return _named(ref), None, None
    if who.kind == "document" and who.span and _bare_definite(doc, att):
        # "The lawsuit says ... "...," the filing said": the document that spoke just before
        prev = next((p for p in reversed(done[-3:]) if p.speaker_kind == "document" and p.speaker_span), None)
        if prev is not None and _near(doc, prev, att, refs):
            return None, prev, None
    if who.anaphor == "org":  # "it said"
        return _body_pronoun(doc, who, att, refs), None, None
    if who.anaphor == "group":
        ante = next((p for p in reversed(done) if p.speaker_kind in {"anonymous", "unnamed_group"}), None)
        return (None, ante, None) if ante is not None else (who, None, None)
    if who.anaphor == "role":  # "the prime minister added", "the Unite leader", "the ministry"
        root = phrase_root(doc, *att.source)
        mods = [t for t in doc[att.source[0]:root.i] if t.dep_ != "det"]
        ref = refs.for_description(root, mods, before=att.cue[0])
        if ref is None:
            return who, None, None
        refs.note(*att.source, ref)
        return _named(ref), None, None
    if who.kind == "unnamed_group" and not who.anaphor and who.span and att.source:
        root = phrase_root(doc, *att.source)  # "A federal judge ... ruled": named in the next sentences
        if root.tag_ == "NN" and any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in root.children):
            ref = refs.for_introduced(root, list(doc[att.source[0]:root.i]), cue=att.cue[0])
            if ref is not None:
                return _named(ref), None, None
    if who.anaphor == "described":  # "the officials", "one of the officials"
        prev = next((p for p in reversed(done) if p.origins and p.origins[0]["kind"] in {"anonymous", "unnamed_group"}
                     and _same_family(_last_word(p.origins[0]["source"]), who.head)), None)
        if prev is not None:
            return who, None, prev
    if who.kind in {"named_person", "named_organization"} and who.span:
        # the fullest name ("Remi Crosson [du Cormier]", "Carlos"), and a person tagged ORG is a person
        span = doc.char_span(*who.span, alignment_mode="expand")
        ref = refs.at(span.start) if span is not None and len(span) else None
        if ref is not None and ref.kind == "person" and (ref.name != who.text or who.kind != "named_person"):
            return _named(ref), None, None
    if who.kind in {"named_person", "named_organization", "unnamed_group"} and who.span \
            and len(who.text.split()) == 1:
        ref = refs.for_name(who.text, before=att.cue[0])  # "Rutte" -> "Mark Rutte"
        if ref is not None:
            # a surname the tagger missed or mislabelled ("Trump indicated ...") is a mention of
            # that person, so a "he" in the next sentence finds it
            span = doc.char_span(*who.span, alignment_mode="expand")
            if span is not None and len(span):
                refs.note(span.start, span.end, ref)
            return _named(ref), None, None
    return who, None, None


def _told(doc: Doc, att: Attribution) -> bool:
    """Is the cue a passive hearer verb without its agent ("the Dutch diplomat was told")?
    Its subject heard the statement; the one who told is not in the clause."""
    verb = doc[(att.core_cue or att.cue)[1] - 1]
    return verb.lemma_.lower() in HEARER_VERBS and any(c.dep_ == "auxpass" for c in verb.children) \
        and not any(c.dep_ == "agent" for c in verb.children) and att.source is not None \
        and doc[att.source[0]:att.source[1]].root.dep_ == "nsubjpass"


def _accused(doc: Doc, att: Attribution) -> bool:
    """Is the cue an accusing verb in the passive without its agent ("Ilich Ramirez Sanchez is
    accused of", "Dokuchaev was arrested ... and accused of")? Its subject is the accused."""
    verb = doc[(att.core_cue or att.cue)[1] - 1]
    if verb.lemma_.lower() not in ACCUSING_VERBS or verb.tag_ != "VBN" or att.source is None:
        return False
    passive = verb if any(c.dep_ == "auxpass" for c in verb.children) else None
    if passive is None and verb.dep_ == "conj" and any(c.dep_ == "auxpass" for c in verb.head.children):
        passive = verb.head  # "was arrested ... and accused of": the passive subject is shared
    if passive is None or any(c.dep_ == "agent" for c in (verb, passive) for c in c.children):
        return False
    return doc[att.source[0]:att.source[1]].root.dep_ == "nsubjpass"


def _bare_definite(doc: Doc, att: Attribution) -> bool:
    """Is the source a definite noun with nothing else ("the filing", "this document")?"""
    words = [t for t in doc[att.source[0]:att.source[1]] if not t.is_punct]
    return len(words) == 2 and words[0].lower_ in {"the", "this", "that"}


def _one_person(doc: Doc, src: Sourcing) -> bool:
    """Does the earlier speaker phrase describe one unnamed person ("An aide", "a senior
    official", "the spokeswoman"), not a group or a body?"""
    span = doc.char_span(*src.speaker_span, alignment_mode="expand")
    root = span.root if span is not None and len(span) else None
    return root is not None and root.tag_ == "NN" and (is_role_word(root) or noun_class(root) == "anonymous")


def _near(doc: Doc, prev: Sourcing, att: Attribution, refs: Referents) -> bool:
    """Was the earlier speaker named in the cue's sentence or one of the two before?"""
    span = doc.char_span(*prev.speaker_span, alignment_mode="expand") if prev.speaker_span else None
    if span is None or not len(span) or span.start >= att.cue[0]:
        return False
    return refs.sents.of_token(att.cue[0]) - refs.sents.of_token(span.start) <= 2


def _possessor_clause_subject(doc: Doc, att: Attribution) -> tuple[int, int] | None:
    """'Russia and China have reiterated their suggestion that ...': a possessive pronoun on a
    noun cue speaks for the subject of the clause the noun sits in."""
    if not att.source or att.source[1] - att.source[0] != 1 or doc[att.source[0]].tag_ != "PRP$":
        return None
    noun = doc[att.cue[0]]
    verb = noun.head if noun.dep_ in {"dobj", "nsubjpass", "attr"} else None
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None) if verb is not None else None
    if subj is None or subj.pos_ == "PRON" or subj.i > noun.i:
        return None
    return trim(doc, *subtree_range(subj, exclude=verb), keep_quotes=False)


def _named(ref: Referent) -> Who:
    """The speaker a referent names: its fullest name and the mention that gives it."""
    if ref.kind == "person":
        return Who(ref.name, ref.span, "named_person")
    return Who(ref.name, ref.span, "media" if is_media_name(ref.name) else "named_organization")


def _last_person(doc: Doc, done: list[Sourcing], refs: Referents) -> tuple[Sourcing, Referent] | None:
    """The last named person who spoke before, with their referent."""
    for p in reversed(done):
        if p.speaker_kind == "named_person" and p.speaker_span:
            span = doc.char_span(*p.speaker_span, alignment_mode="expand")
            ref = refs.at(span.start) if span is not None and len(span) else None
            return (p, ref) if ref is not None else None
    return None


def _body_pronoun(doc: Doc, who: Who, att: Attribution, refs: Referents) -> Who:
    """'it said': the last organization or country named before the cue (as before)."""
    at = doc[att.cue[0]].idx
    for e in reversed([e for e in doc_ents(doc) if e.end_char <= at and e.label_ in {"ORG", "GPE"}]):
        return Who(e.text, chars(e), "media" if is_media_name(e.text) else "named_organization")
    return who


def repeat(src: Sourcing) -> Sourcing:
    """The speaker and chain of an earlier attribution, for one that repeats its speaker."""
    return Sourcing(src.speaker, src.speaker_span, src.speaker_kind, src.head_noun,
                    origins=[dict(h) for h in src.origins], conduits=[dict(h) for h in src.conduits],
                    anonymity_reason=src.anonymity_reason)


def _last_word(text: str) -> str:
    words = re.findall(r"[a-z]+", text.lower())
    w = words[-1] if words else ""
    return w[:-1] if w.endswith("s") and w not in _NOT_PLURAL else w


def _same_family(a: str, b: str) -> bool:
    """May head nouns ``a`` and ``b`` name the same unnamed people ("sources", "officials")?"""
    fam = lexicon().source_families
    return a == b or (fam.get(a) is not None and fam.get(a) == fam.get(b))
