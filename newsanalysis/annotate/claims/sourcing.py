"""Sourcing: who speaks for each attribution, through which chain, how anonymous, how sure.

:func:`~newsanalysis.annotate.claims.extract.find_attributions` finds the attributions of
a Doc (cue, source span, content); :func:`resolve` gives each, in text order, a
:class:`~newsanalysis.annotate.claims.model.Sourcing`:

* **speaker** (:func:`_speaker`): the source noun phrase described as a named person,
  named organization, medium, document, anonymous source or unnamed group
  (:func:`_describe`; the head noun decides: "the US ambassador" is a person, "the
  statement" a document, "a spokesperson for X" an unnamed person, not X). What the
  phrase does not name is resolved with :class:`~newsanalysis.annotate.claims.referents.Referents`,
  who is who in the article: a surname takes the full name said before, "he"/"she" the
  nearest person of that gender, "the prime minister" or "the Unite leader" the person
  given that role, "the ministry" the body whose name holds the word; "that North American
  media" the medium named before, and a described group ("the officials") the earlier
  anonymous source of the same family. What nothing fits stays as the text wrote it;
  "I"/"we" outside a quotation are the text's author, not anonymous;
* **chain**: origins (``citing X``) -> speaker -> conduits (``as cited by X``, ``told
  <medium>``, ``sources cited by X``, "X cite Y", and the outer speaker of a claim
  reported inside another claim) -> this article (:func:`chain`);
* **anonymity** (:func:`_anonymity`): the marker or stated reason from
  ``resources/anonymity_markers.txt``, else a described origin's kind ("unnamed sources",
  "described but unnamed");
* **status** (:func:`_status`): from the cue's lemma and the sentence's phrases
  (``resources/status_cues.txt``), and "unconfirmed" for reports that a later sentence
  says nobody confirmed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsanalysis.annotate.claims.lexicon import (
    DEMONSTRATIVES,
    GROUP_PRONOUNS,
    ORG_PRONOUNS,
    PERSON_PRONOUNS,
    is_media_name,
    lexicon,
)
from newsanalysis.annotate.claims.model import Attribution, Sourcing, char_range
from newsanalysis.annotate.claims.quotes import find_quotes
from newsanalysis.annotate.claims.referents import Referent, Referents, body_nouns, is_role_word
from newsanalysis.annotate.claims.syntax import (
    NAMED_LABELS,
    doc_ents,
    doc_text,
    nonconfirmation,
    noun_class,
    phrase_root,
    subtree_range,
    trim,
)
from newsanalysis.annotate.sentences import SentenceIndex
from newsanalysis.resources import read_words
from newsanalysis.schemas import THIS_ARTICLE

__all__ = ["chain", "expletive", "resolve"]

_ENT_NAMED = {"PERSON": "named_person", "ORG": "named_organization", "GPE": "named_organization",
              "NORP": "named_organization", "FAC": "named_organization"}
_NOT_PLURAL = {"news", "people"}  # a final "s" that is no plural ending


def resolve(doc: Doc, atts: list[Attribution], sents: SentenceIndex) -> list[Sourcing]:
    """The sourcing of every attribution (speaker, chain hops, anonymity, status), in the
    order of ``atts`` (text order: a quote comes before the quotation that continues it)."""
    done: list[Sourcing] = []
    refs = Referents(doc, sents, find_quotes(doc_text(doc)))
    for att in atts:
        ante = None
        if att.continuation_of is not None:  # a continued quote has the speaker of the quote
            ante = next((s for b, s in zip(atts, done) if b is att.continuation_of), None)
        who = group = None
        if ante is None:
            who, ante, group = _speaker(doc, att, done, refs)
        if ante is not None and who is None:
            done.append(_repeat(ante))  # a continued quote, or "he added" after a named speaker
        else:
            done.append(_sourced(doc, att, who, group, sents))
    _interviews(done)
    _nest(doc, atts, done)
    _anonymity(doc, atts, done, sents)
    _status(doc, atts, done, sents)
    return done


def expletive(it: Token) -> bool:
    """'It was agreed that', 'it is believed', 'it is important to': an "it" that names nobody."""
    verb = it.head
    if it.dep_ == "nsubjpass" or any(c.dep_ == "auxpass" for c in verb.children):
        return True
    return verb.lemma_ == "be" and any(c.dep_ in {"acomp", "attr"} for c in verb.children)


# --------------------------------------------------------------------------- speakers
@dataclass
class _Who:
    text: str
    span: tuple[int, int] | None
    kind: str
    head: str = ""
    anaphor: str = ""   # person | org | group | media | described ("the officials") | role ("the minister")
    first_person: bool = False  # "I", "we": outside a quotation, the text's own author


def _describe(doc: Doc, a: int, b: int) -> _Who:
    """Name, span and kind of the source noun phrase doc[a:b]."""
    a, b = trim(doc, a, b, keep_quotes=False)
    if b <= a:
        return _Who("", None, "unnamed_group")
    root = phrase_root(doc, a, b)
    text_span = doc[a:b]
    low = root.lower_
    if b - a == 1 and low in {"who", "which", "that"} and root.head.dep_ == "relcl" and root.head.head.i < a:
        # "companies, which demanded": the speaker is the noun the clause is about, and
        # "Bruce Klingner, a senior fellow at X, who describes" is Klingner, not X
        noun = root.head.head
        while noun.dep_ == "appos" and noun.head.i < noun.i:
            noun = noun.head
        return _describe(doc, noun.left_edge.i, root.head.left_edge.i if root.head.left_edge.i > noun.i
                         else noun.right_edge.i + 1)
    if b - a == 1 and root.pos_ == "PRON":
        # "I", "we", "you" are not an earlier speaker repeated: outside a quotation they
        # are the writer or the outlet ("We reported last week"), and stay as they are
        kind = ("person" if low in PERSON_PRONOUNS else "org" if low in ORG_PRONOUNS
                else "group" if low in GROUP_PRONOUNS else "")
        return _Who(root.text, _chars(text_span), "unnamed_group", low, kind,
                    first_person=low in _FIRST_PERSON)
    ents = [e for e in doc_ents(doc) if a <= e.start and e.end <= b and e.label_ in NAMED_LABELS]
    has_conj = any(c.dep_ == "conj" for c in root.children) and not any(
        c.dep_ == "cc" and c.lower_ == "or" for c in root.children)
    cls = noun_class(root)
    persons = [e for e in ents if e.label_ == "PERSON"]
    last = doc[b - 1]
    if not persons and noun_class(last) in {"anonymous", "group"} and root.i != last.i and last.pos_ in {"NOUN", "ADJ"}:
        root, cls, low = last, noun_class(last), last.lower_  # "Ukraine official": not Ukraine
    own = _ent_at(doc, root.i)
    if own is None and root.pos_ == "NOUN" and (is_role_word(root) or cls) and _for_someone(root):
        # "a spokesperson for Minister Katherine Zappone": an unnamed person speaking for X
        a2, b2 = _clip_range(doc, a, b, root)
        return _Who(doc[a2:b2].text, char_range(doc, a2, b2), "unnamed_group", low)
    after = [e for e in persons if e.start > root.i and not (own is not None and own.label_ == "PERSON")]
    if after and (is_role_word(root) or (own is not None and own.label_ != "PERSON")):
        # "Iraq's Permanent Representative to the United Nations Mohamed Ali Alhakim"
        return _Who(after[-1].text, _chars(after[-1]), "named_person", low)
    if own is None and root.pos_ == "NOUN" and _is_document(root):
        a2, b2 = _clip_range(doc, a, b, root)  # "the statement from North Korea", "the lawsuit"
        return _Who(doc[a2:b2].text, char_range(doc, a2, b2), "document", low)
    if (own is None or _only_role_words(own)) and root.pos_ in {"NOUN", "PROPN"} and not persons \
            and is_role_word(root) \
            and (cls not in {"anonymous", "group", "media"} or _told_apart(root)):
        dets = {c.lower_ for c in root.children if c.dep_ in {"det", "poss"}}
        anaphor = "role" if root.tag_ != "NNS" and (dets & DEMONSTRATIVES or not dets) else ""
        a2, b2 = _clip_range(doc, a, b, root)  # "the prime minister", "the Belarusian leader"
        return _Who(doc[a2:b2].text, char_range(doc, a2, b2), "unnamed_group", low, anaphor)
    if own is None and root.pos_ == "NOUN" and root.tag_ != "NNS" and ents and cls in {"", "role"} and all(
            e.root.head.i == root.i and e.root.dep_ in {"compound", "poss", "nmod", "amod"} for e in ents):
        # "The Biden administration", "the Kremlin's press office": a body named after its owner
        return _Who(text_span.text, _chars(text_span), "named_organization", low)
    if has_conj and ents:
        kind = "media" if is_media_name(text_span.text) else _ENT_NAMED.get(ents[0].label_, "named_organization")
        return _Who(text_span.text, _chars(text_span), kind, low)
    if own is not None and own.start >= a and own.end <= b:
        kind = "media" if is_media_name(own.text) else _ENT_NAMED.get(own.label_, "named_organization")
        return _Who(own.text, _chars(own), kind, low)
    if persons and cls not in {"media"}:
        appos = [e for e in persons if any(c.dep_ == "appos" and e.start <= c.i < e.end for c in root.children)]
        e = (appos or persons)[0]
        return _Who(e.text, _chars(e), "named_person", low)
    if cls == "media":
        named = [e for e in ents if is_media_name(e.text) or e.label_ == "ORG"]
        if named:
            return _Who(named[0].text, _chars(named[0]), "media", low)
        det = [c.lower_ for c in root.children if c.dep_ in {"det", "poss"}]
        if any(d in DEMONSTRATIVES for d in det):
            return _Who(text_span.text, _chars(text_span), "media", low, "media")
        return _Who(text_span.text, _chars(text_span), "media", low)
    if cls in {"anonymous", "group"} or (low == "one" and any(
            noun_class(g) for c in root.children if c.dep_ == "prep" for g in c.children)):
        head = root
        if low == "one":
            head = next(g for c in root.children if c.dep_ == "prep" for g in c.children if noun_class(g))
        dets = {c.lower_ for c in head.children if c.dep_ in {"det", "poss"}}
        kind = "anonymous" if noun_class(head) == "anonymous" else "unnamed_group"
        anaphor = "described" if dets & {"the", "these", "those", "that", "this"} else ""
        a2, b2 = _clip_range(doc, a, b, root)
        return _Who(doc[a2:b2].text, char_range(doc, a2, b2), kind, head.lemma_.lower(), anaphor)
    if ents and root.pos_ == "NOUN" and own is None and all(
            e.root.head.i == root.i and e.root.dep_ in {"compound", "amod", "nmod", "poss"} for e in ents):
        if root.lemma_.lower() in body_nouns() and (root.tag_ != "NNS" or root.lower_ == root.lemma_.lower()):
            return _Who(text_span.text, _chars(text_span), "named_organization", low)  # "Malaysian police"
        if root.tag_ == "NNS":
            return _Who(text_span.text, _chars(text_span), "unnamed_group", low)  # "US authorities"
    if ents:
        e = ents[0]
        kind = "media" if is_media_name(e.text) else _ENT_NAMED.get(e.label_, "named_organization")
        if root.pos_ == "PROPN" or e.label_ in {"ORG", "GPE"}:
            return _Who(e.text, _chars(e), kind, low)
    if root.pos_ == "NOUN" and root.lemma_.lower() in body_nouns() and any(c.dep_ == "poss" for c in root.children):
        return _Who(text_span.text, _chars(text_span), "named_organization", low)  # "the sheriff's department"
    dets = {c.lower_ for c in root.children if c.dep_ == "det"}
    if root.pos_ == "NOUN" and root.tag_ != "NNS" and dets & {"the", "this", "that"}:
        return _Who(text_span.text, _chars(text_span), "unnamed_group", low, "role")  # "the ministry"
    return _Who(text_span.text, _chars(text_span), "unnamed_group", low)


_FIRST_PERSON = {"i", "we", "me", "us"}


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
    return any(c.dep_ == "prep" and (c.lower_ == "for" or (c.lower_ == "to" and root.lemma_.lower() in _SERVING))
               and any(g.dep_ == "pobj" for g in c.children) for c in root.children)


#: Roles held in someone's service: "an aide to X" speaks for X, "an ambassador to X" does not.
_SERVING = {"aide", "adviser", "advisor", "assistant", "counsel", "counsellor", "counselor"}


def _clip_range(doc: Doc, a: int, b: int, root: Token) -> tuple[int, int]:
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


def _chars(span: Span) -> tuple[int, int]:
    return span.start_char, span.end_char


def _resolve_media(doc: Doc, who: _Who, before: int) -> _Who:
    """'the newspaper' -> the medium named last before ``before`` (a character offset)."""
    if who.kind == "media" and who.anaphor == "media":
        ent = _media_before(doc, before)
        if ent is not None:
            return _Who(ent.text, _chars(ent), "media", who.head)
    return who


def _media_before(doc: Doc, char: int) -> Span | None:
    best = None
    for e in doc_ents(doc):
        if e.end_char <= char and e.label_ in NAMED_LABELS and is_media_name(e.text):
            best = e
    return best


def _speaker(doc: Doc, att: Attribution, done: list[Sourcing],
             refs: Referents) -> tuple[_Who | None, Sourcing | None, Sourcing | None]:
    """(speaker, earlier sourcing it repeats, earlier described group it refers to) of one
    attribution; ``done`` holds the sourcing of the attributions before it."""
    at = doc[att.cue[0]].idx
    owner = _possessor_clause_subject(doc, att)
    who = _describe(doc, *(owner or att.source)) if att.source else _Who("", None, "unnamed_group")
    who = _resolve_media(doc, who, at)
    last = _last_person(doc, done, refs)
    if who.anaphor == "person":  # "he said", "she added"
        pronoun = doc[att.source[0]]
        ref = refs.for_pronoun(pronoun, before=att.cue[0], last_speaker=last[1] if last else None)
        if ref is None:
            return who, None, None
        refs.note(*att.source, ref)
        if last is not None and ref is last[1]:
            return None, last[0], None  # the same speaker goes on: its chain too
        return _named(ref), None, None
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
    if who.anaphor == "described":  # "the officials", "one of the officials"
        prev = next((p for p in reversed(done) if p.origins and p.origins[0]["kind"] in {"anonymous", "unnamed_group"}
                     and _same_family(_last_word(p.origins[0]["source"]), who.head)), None)
        if prev is not None:
            return who, None, prev
    if who.kind == "named_person" and who.span:  # the fullest name: "Remi Crosson [du Cormier]", "Carlos"
        span = doc.char_span(*who.span, alignment_mode="expand")
        ref = refs.at(span.start) if span is not None and len(span) else None
        if ref is not None and ref.kind == "person" and ref.name != who.text:
            return _named(ref), None, None
    if who.kind in {"named_person", "named_organization", "unnamed_group"} and who.span \
            and len(who.text.split()) == 1:
        ref = refs.for_name(who.text, before=att.cue[0])  # "Rutte" -> "Mark Rutte"
        if ref is not None:
            return _named(ref), None, None
    return who, None, None


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


def _named(ref: Referent) -> _Who:
    """The speaker a referent names: its fullest name and the mention that gives it."""
    if ref.kind == "person":
        return _Who(ref.name, ref.span, "named_person")
    return _Who(ref.name, ref.span, "media" if is_media_name(ref.name) else "named_organization")


def _last_person(doc: Doc, done: list[Sourcing], refs: Referents) -> tuple[Sourcing, Referent] | None:
    """The last named person who spoke before, with their referent."""
    for p in reversed(done):
        if p.speaker_kind == "named_person" and p.speaker_span:
            span = doc.char_span(*p.speaker_span, alignment_mode="expand")
            ref = refs.at(span.start) if span is not None and len(span) else None
            return (p, ref) if ref is not None else None
    return None


def _body_pronoun(doc: Doc, who: _Who, att: Attribution, refs: Referents) -> _Who:
    """'it said': the last organization or country named before the cue (as before)."""
    at = doc[att.cue[0]].idx
    for e in reversed([e for e in doc_ents(doc) if e.end_char <= at and e.label_ in {"ORG", "GPE"}]):
        return _Who(e.text, _chars(e), "media" if is_media_name(e.text) else "named_organization")
    return who


def _repeat(src: Sourcing) -> Sourcing:
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


# --------------------------------------------------------------------------- chains
def _hop(who: _Who, relation: str) -> dict:
    return {"source": who.text, "actor_id": None, "kind": who.kind, "relation": relation}


def _within(tok: Token, spans: list[tuple[int, int]]) -> bool:
    return any(lo <= tok.idx < hi for lo, hi in spans)


def _sentence_hops(doc: Doc, att: Attribution, sent: Span) -> tuple[list[_Who], list[tuple[_Who, str]]]:
    """'citing X' (origins) and 'as cited by X' / 'told <medium>' (conduits) around a cue."""
    origins, conduits = [], []
    src = att.source or (0, 0)
    for t in (sent if "cit" in sent.text.lower() else ()):
        if _within(t, att.content) or src[0] <= t.i < src[1]:
            continue
        if t.lemma_.lower() == "cite":
            if t.tag_ == "VBG":
                obj = next((c for c in t.children if c.dep_ == "dobj"), None)
                if obj is not None:
                    who = _describe(doc, *trim(doc, *subtree_range(obj), keep_quotes=False))
                    if who.kind != "unnamed_group" or noun_class(obj):
                        origins.append(who)
            else:
                agent = next((c for c in t.children if c.dep_ == "agent"), None)
                pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
                if pobj is not None:
                    conduits.append((_describe(doc, *trim(doc, *subtree_range(pobj), keep_quotes=False)), "cited by"))
    verb = doc[att.cue[1] - 1]
    if att.lemma == "tell":
        for c in verb.children:
            if c.dep_ in {"dobj", "dative"} and not _within(c, att.content):
                who = _describe(doc, *trim(doc, *subtree_range(c), keep_quotes=False))
                if who.kind == "media":
                    conduits.append((who, "said to"))
    interview = _interview_medium(doc, verb, sent, att)
    if interview is not None and not any(w.text == interview.text for w, _ in conduits):
        conduits.append((interview, "said to"))
    return origins, conduits


def _interview_medium(doc: Doc, verb: Token, sent: Span, att: Attribution) -> _Who | None:
    """The medium a speaker talked to, named in the cue's own sentence: "said in an interview
    with the National Interest magazine", "Speaking to Reuters, Mr Trump said", "told BBC One"."""
    low = sent.text.lower()
    if "interview" not in low and "speaking to" not in low and "talking to" not in low:
        return None
    for t in sent:
        if _within(t, att.content):
            continue
        if t.lower_ == "with" and t.head.lemma_.lower() == "interview" or (
                t.lower_ == "to" and t.head.lemma_.lower() in {"speak", "talk"} and t.head.tag_ == "VBG"):
            pobj = next((c for c in t.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                who = _describe(doc, *trim(doc, *subtree_range(pobj), keep_quotes=False))
                if who.kind == "media":
                    return who
    return None


def _source_np_hops(doc: Doc, att: Attribution) -> list[tuple[_Who, str]]:
    """Media named inside the source phrase: 'sources cited by X', 'sources who spoke to X'."""
    if not att.source:
        return []
    a, b = att.source
    root = phrase_root(doc, a, b)
    a2, _ = _clip_range(doc, a, b, root)
    hops = []
    for e in doc_ents(doc):
        if a <= e.start and e.end <= b and e.start >= a2 and is_media_name(e.text) and e.root.i != root.i:
            prev = doc[e.start - 1] if e.start > 0 else None
            if prev is not None and prev.lower_ in {"by", "with", "to", "and"}:
                hops.append((_Who(e.text, _chars(e), "media"), "cited by"))
    return hops


def _conduit(doc: Doc, a: int, b: int) -> _Who:
    """The media that carry a claim, kept whole when several are listed ('the Post, the Times and AP')."""
    media = [e for e in doc_ents(doc) if a <= e.start and e.end <= b and is_media_name(e.text)]
    if len(media) > 1:
        return _Who(doc[a:b].text, char_range(doc, a, b), "media")
    return _describe(doc, a, b)


def _sourced(doc: Doc, att: Attribution, who: _Who, group: Sourcing | None,
             sents: SentenceIndex) -> Sourcing:
    """The speaker and its chain: origins (citing X) -> speaker -> conduits (as cited by X,
    told <medium>, those of the earlier described ``group`` it refers to)."""
    inherited = [dict(h) for h in group.conduits] if group is not None else []
    at = doc[att.cue[0]].idx
    sent = sents.spans[sents.of_token(att.cue[0])]
    origins, conduits = _sentence_hops(doc, att, sent)
    np_hops = _source_np_hops(doc, att)
    if np_hops:
        inherited = []  # the phrase names its own media
    conduits = np_hops[:1] + [(_resolve_media(doc, w, at), r) for w, r in conduits]
    if att.via:
        conduits.insert(0, (_conduit(doc, *att.via), "cited by"))
    out = Sourcing(who.text, who.span, who.kind, who.head, antecedent=group)
    speaker_hop = _hop(who, conduits[0][1] if conduits else "")
    after = [_hop(w, r) for w, r in conduits]
    for i, (_, rel) in enumerate(conduits[1:]):
        after[i]["relation"] = rel
    after = _dedupe_hops(after + inherited)
    if origins:
        out.origins = [_hop(o, "cited by") for o in origins]
        out.conduits = [speaker_hop] + after
    else:
        out.origins, out.conduits = [speaker_hop], after
    return out


def _interviews(resolved: list[Sourcing]) -> None:
    """A named speaker who talked to a medium ("in an interview with the National Interest")
    goes on talking to it: their later claims in the article, with no medium of their own,
    go through it too."""
    medium: dict[str, dict] = {}
    for rec in resolved:
        if rec.speaker_kind != "named_person":
            continue
        said_to = next((h for h in rec.conduits if h.get("relation") == "said to"), None)
        if said_to is not None:
            medium[rec.speaker] = said_to
        elif rec.speaker in medium and not rec.conduits[1:] and len(rec.origins) == 1 and not rec.conduits:
            rec.origins[0]["relation"] = "said to"
            rec.conduits = [dict(medium[rec.speaker], relation="")]


def _dedupe_hops(hops: list[dict]) -> list[dict]:
    out: list[dict] = []
    for h in hops:
        if out and out[-1]["source"] == h["source"]:
            continue
        out.append(h)
    return out


def _nest(doc: Doc, atts: list[Attribution], resolved: list[Sourcing]) -> None:
    """A claim reported inside another claim's quotation or paraphrase goes through that
    speaker ("Experts say ..." in an envoy's words: experts -> the envoy -> this article)."""
    for a, mine in zip(atts, resolved):
        cs = doc[a.cue[0]].idx
        outers = [(b, theirs) for b, theirs in zip(atts, resolved)
                  if b is not a and a.continuation_of is None
                  and any(lo <= cs < hi for lo, hi in b.content)
                  and not any(lo <= doc[b.cue[0]].idx < hi for lo, hi in a.content)]  # not mutual
        if not outers:
            continue
        _, outer = min(outers, key=lambda bo: bo[0].content[-1][1] - bo[0].content[0][0])
        tail = [h for h in [outer.origins[-1]] + outer.conduits if h["source"] != mine.speaker]
        mine.conduits = _dedupe_hops(mine.conduits + [dict(h) for h in tail])


def chain(att: Attribution, sourcing: Sourcing) -> list[dict]:
    """The ``chain`` column: origins -> speaker -> conduits -> this article, each hop with
    the relation that links it to the next."""
    hops = [dict(h) for h in _dedupe_hops(sourcing.origins + sourcing.conduits)]
    for h in hops[:-1]:
        h["relation"] = h["relation"] or "cited by"
    if hops:
        hops[-1]["relation"] = "quoted in" if att.kind in {"direct", "mixed"} else "reported in"
    return hops + [{"source": THIS_ARTICLE, "actor_id": None, "kind": "publisher", "relation": ""}]


# --------------------------------------------------------------------------- anonymity, status
def _anonymity(doc: Doc, atts: list[Attribution], resolved: list[Sourcing], sents: SentenceIndex) -> None:
    """Why the origin of each claim is anonymous ("" when it is named)."""
    lex = lexicon()
    # sentences that state why sources are anonymous, with the media they name
    stated = []
    for s in sents.spans:
        low = s.text.lower()
        for phrase, reason in lex.anonymity:
            if phrase in low and "anonymity" in phrase:
                media = {e.text for e in s.ents if is_media_name(e.text)}
                stated.append((reason, media))
    for att, rec in zip(atts, resolved):
        origin = rec.origins[0] if rec.origins else {"kind": rec.speaker_kind, "source": rec.speaker}
        if not rec.origins[1:] and rec.head_noun in _FIRST_PERSON and rec.speaker.lower() in _FIRST_PERSON:
            rec.anonymity_reason = ""  # "I", "we" outside a quotation: the text's own author
            continue
        if origin["kind"] not in {"anonymous", "unnamed_group"} and not (
                origin["kind"] == "media" and not is_media_name(origin["source"])):
            rec.anonymity_reason = ""
            continue
        sent = sents.spans[sents.of_token(att.cue[0])].text.lower()
        text = origin["source"].lower()
        found = next((r for p, r in lex.anonymity if p in text), "")
        if not found:
            found = next((r for p, r in lex.anonymity if p in sent and " " in p and p != "anonymous"), "")
        if not found and rec.antecedent is not None:
            found = rec.antecedent.anonymity_reason
        if not found:
            via = {h["source"] for h in rec.conduits}
            found = next((r for r, media in stated if via & media), "")
        if not found:
            found = ("unnamed media" if origin["kind"] == "media" else
                     "unnamed sources" if origin["kind"] == "anonymous" else "described but unnamed")
        rec.anonymity_reason = found


_CONFIRMING = re.compile(r"confirm|verif", re.IGNORECASE)


def _status(doc: Doc, atts: list[Attribution], resolved: list[Sourcing], sents: SentenceIndex) -> None:
    """How sure each claim is: from its cue and sentence, or unconfirmed when a later
    sentence says nobody confirmed what media or anonymous sources reported."""
    lex = lexicon()
    text = doc_text(doc)
    by_sentence: dict[int, str | None] = {}
    for att, rec in zip(atts, resolved):
        rec.status = lex.status_lemmas.get(att.lemma, "asserted")
        s_idx = sents.of_token(att.cue[0])
        if s_idx not in by_sentence:  # the last phrase of the list found in the sentence decides
            span = sents.spans[s_idx]
            sent = text[span.start_char:span.end_char].lower()
            by_sentence[s_idx] = next((status for phrase, status in reversed(lex.status_phrases)
                                       if phrase in sent and re.search(r"\b" + re.escape(phrase) + r"\b", sent)),
                                      None)
        rec.status = by_sentence[s_idx] or rec.status
    if not _CONFIRMING.search(text):
        return
    for tok in doc:
        if not nonconfirmation(tok):
            continue
        s_idx = sents.of_token(tok.i)
        for att, rec in zip(atts, resolved):
            if rec.status != "asserted" or sents.of_token(att.cue[0]) >= s_idx:
                continue
            # "the reports": what media report, or what anonymous sources told them
            if rec.speaker_kind == "media" or rec.anonymity_reason:
                rec.status = "unconfirmed"
