"""Attributed statements: who claims what, through which chain, with what status.

:func:`extract_claims` reads one parsed Doc (dependency parse, entities, sentences) once
and returns one row per attributed statement. It finds:

* **verb cues** from ``resources/reporting_verbs.txt`` ("said", "warned", "confirmed", ...),
  and any other verb with a clause complement and a personal subject ("boasted that"),
  with their subject (the source) and their content: a clause complement, an infinitive
  or object for the verbs that allow it, or the clause *before* a trailing attribution
  ("..., The New York Times reported");
* **noun cues** with a possessive source ("Putin's warning that ...");
* **according to X** phrases, whose content is the rest of the clause;
* **headline attributions** ("North Koreans in Russia in place: Ukraine official") and
  transcript speaker labels ("PENCE: Well, look, ...");
* with the learned tagger of :mod:`newsanalysis.attribution_tagger` (``annotate`` uses
  it when the pipeline is the one it was trained on), **the attributions no rule
  found** ("reportedly instructed the EPA to remove ..."): the tagger's cue words, the
  nearest source and content it marks in the sentence, or the verb's subject and
  clause. Cues the rules decline on purpose (negated, "without confirming", "citing X")
  stay declined; a claim needs a speaker and must state something, not report an act.

Quotations (:mod:`newsanalysis.quotes`) then make an adjacent cue's content the whole
quotation (*direct*), a paraphrase holding one *mixed*, and a cue-less quotation after a
direct quote a continuation of it. Pronouns and role nouns ("he stressed", "the
newspaper said", "that North American media", "the officials") are resolved to the
nearest fitting earlier speaker, named medium or anonymous source. ``citing X``, ``as
cited by X``, ``sources cited by X``, ``told <medium>`` and nesting ("Xi said ...,
Xinhua reported") build the provenance chain; anonymity and status come from the
curated cue lists in ``resources/``. It never raises on odd input: a cue that fails is
skipped with a warning.

This module finds the attributions (:func:`find_attributions`); speakers, chains,
anonymity, status and the table rows are :mod:`newsanalysis.sourcing`'s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from spacy.tokens import Doc, Span, Token

from newsanalysis.annotate.claims.tagger import AttributionTagger, rule_matrix
from newsanalysis.annotate.claims.quotes import attach_quotes, doc_text, find_quotes, quote_tokens
from newsanalysis.annotate.sentences import SentenceIndex
from newsanalysis.resources import read_lines

__all__ = ["Attribution", "find_attributions"]

_CONTENT_DEPS = {"ccomp"}
_SUBJ_DEPS = {"nsubj", "nsubjpass"}
_PERSON_PRONOUNS = {"he", "she", "him", "her"}
_ORG_PRONOUNS = {"it"}
_GROUP_PRONOUNS = {"they", "them"}
_SECOND_PERSON = {"you", "ya", "y'all"}  # the reader or the person asked: never a claim's source
_DEMONSTRATIVES = {"the", "this", "that", "these", "those", "such"}
_NAMED_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "WORK_OF_ART"}
_ENT_NAMED = {"PERSON": "named_person", "ORG": "named_organization", "GPE": "named_organization",
              "NORP": "named_organization", "FAC": "named_organization"}


# --------------------------------------------------------------------------- lexicons
@dataclass(frozen=True)
class _Lexicon:
    verbs: dict[str, frozenset[str]]        # lemma -> frames
    nouns: dict[str, str]                   # source noun -> class
    anonymity: tuple[tuple[str, str], ...]  # (phrase, reason)
    status_lemmas: dict[str, str]           # lemma -> status
    status_phrases: tuple[tuple[str, str], ...]
    media_words: frozenset[str]
    media_phrases: tuple[str, ...]


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    verbs: dict[str, set[str]] = {}
    for ln in read_lines("reporting_verbs.txt"):
        lemma, frames = ln.split()
        verbs.setdefault(lemma, set()).update(frames.split(","))
    nouns = dict(ln.split() for ln in read_lines("source_nouns.txt"))
    anon = tuple(tuple(p.strip() for p in ln.split("|")) for ln in read_lines("anonymity_markers.txt"))
    lemmas, phrases = {}, []
    for ln in read_lines("status_cues.txt"):
        status, cue = (p.strip() for p in ln.split("|"))
        if cue.startswith("lemma:"):
            lemmas[cue[6:]] = status
        else:
            phrases.append((cue, status))
    media = read_lines("media_names.txt")
    global _NOUN_CUES
    _NOUN_CUES = frozenset(read_lines("reporting_nouns.txt"))
    return _Lexicon({k: frozenset(v) for k, v in verbs.items()}, nouns, anon, lemmas,
                    tuple(phrases), frozenset(m for m in media if " " not in m),
                    tuple(m for m in media if " " in m))


@lru_cache(maxsize=2)
def _ents(doc: Doc) -> tuple[Span, ...]:
    """doc.ents, computed once per Doc (spaCy rebuilds the tuple on every access)."""
    return tuple(doc.ents)


def _is_media_name(name: str) -> bool:
    lex = _lexicon()
    words = re.findall(r"[\w-]+", name)
    return any(w in lex.media_words for w in words) or any(p in name for p in lex.media_phrases)


# --------------------------------------------------------------------------- data shape
@dataclass
class Attribution:
    """One attribution found in a Doc, before it becomes a table row.

    Spans are token ranges ``(start, end)`` into the Doc; ``content`` is a list of
    character spans (a direct quote plus its continuation may be several pieces).
    """

    kind: str
    cue: tuple[int, int]
    lemma: str
    source: tuple[int, int] | None
    content: list[tuple[int, int]]
    speaker: str = ""
    speaker_span: tuple[int, int] | None = None   # character span naming the speaker
    speaker_kind: str = "unnamed_group"
    origins: list[dict] = field(default_factory=list)   # hops before the speaker (citing X)
    conduits: list[dict] = field(default_factory=list)  # hops after it (as cited by X)
    status: str = "asserted"
    anonymity_reason: str = ""
    continuation_of: int | None = None
    head_noun: str = ""
    antecedent: Attribution | None = None
    core_cue: tuple[int, int] | None = None  # the cue shown in the table (``cue`` is PolNeAR's)
    via: tuple[int, int] | None = None  # token range of the media that cite the source ("X cite Y")
    found_by: str = "rules"  # or "tagger": made by _learned_attributions

    def char_span(self, doc: Doc) -> tuple[int, int]:
        pieces = [(doc[self.cue[0]].idx, _tok_end(doc[self.cue[1] - 1]))] + list(self.content)
        if self.source:
            pieces.append((doc[self.source[0]].idx, _tok_end(doc[self.source[1] - 1])))
        return min(p[0] for p in pieces), max(p[1] for p in pieces)


def _tok_end(tok: Token) -> int:
    return tok.idx + len(tok.text)


def _span_chars(doc: Doc, a: int, b: int) -> tuple[int, int]:
    return doc[a].idx, _tok_end(doc[b - 1])


# --------------------------------------------------------------------------- helpers
def _trim(doc: Doc, a: int, b: int, *, keep_quotes: bool = True) -> tuple[int, int]:
    """Shrink [a, b) past punctuation, spaces and conjunctions at both ends."""
    def junk(t: Token) -> bool:
        if t.is_space or t.dep_ == "cc" or t.lower_ in {"and", "but", "or"}:
            return True
        return t.is_punct and not (keep_quotes and t.is_quote)
    while a < b and junk(doc[a]):
        a += 1
    while b > a and junk(doc[b - 1]):
        if doc[b - 1].text in _CLOSING and any(t.text == _CLOSING[doc[b - 1].text] for t in doc[a:b - 1]):
            break  # "Gwen Moore (D-Wis.)" keeps its closing bracket
        b -= 1
    return a, b


_CLOSING = {")": "(", "]": "["}


def _subtree_range(tok: Token, exclude: Token | None = None) -> tuple[int, int]:
    a, b = tok.left_edge.i, tok.right_edge.i + 1
    if exclude is not None and a <= exclude.i < b:
        # keep the side of tok that does not contain the excluded subtree
        ex_a, ex_b = exclude.left_edge.i, exclude.right_edge.i + 1
        if ex_a > tok.i:
            b = ex_a
        elif ex_b <= tok.i:
            a = ex_b
    return a, b


_CUE_PREPS = {"about", "of", "for", "on", "to"}
_MEDIUM_NOUNS = {"statement", "interview", "email", "e-mail", "tweet", "speech", "remarks", "letter",
                 "post", "appearance", "address", "op-ed", "memo", "release", "conference", "twitter",
                 "facebook", "instagram", "radio", "television", "podcast", "rally", "debate", "call"}

def _core_cue(verb: Token) -> tuple[int, int]:
    """The cue shown in the claims table: the verb with its auxiliaries and negation, and
    a particle ('pointed out') or the preposition of 'called for' / 'called on'."""
    a, b = verb.i, verb.i + 1
    lefts = {c.i for c in verb.lefts if c.dep_ in {"aux", "auxpass", "neg"}}
    while a - 1 in lefts:
        a -= 1
    for c in verb.rights:
        if c.i == b and (c.dep_ == "prt" or (verb.lemma_.lower() == "call" and c.lower_ in {"for", "on"})):
            b += 1
    return a, b


def _cue_range(verb: Token) -> tuple[int, int]:
    """The cue as PolNeAR marks it: the verb with auxiliaries, negation and adverbs before
    it ('has also said'), a particle or preposition after it ('called for', 'talked
    about'), the day and the medium ('said Tuesday in a statement'), and a colon that
    introduces a quotation."""
    doc = verb.doc
    a, b = verb.i, verb.i + 1
    lefts = {c.i for c in verb.lefts if c.dep_ in {"aux", "auxpass", "neg"}
             or (c.dep_ == "advmod" and c.pos_ == "ADV" and c.tag_ != "WRB")}
    while a - 1 in lefts:
        a -= 1
    for c in verb.rights:
        if c.i != b:
            continue
        pobj = [g for g in c.children if g.dep_ == "pobj"]
        if c.dep_ == "prt":
            b += 1
        elif c.dep_ == "npadvmod" and c.ent_type_ in {"DATE", "TIME"} or c.dep_ == "prep" and pobj and (pobj[0].ent_type_ in {"DATE", "TIME"} or (
                c.lower_ in {"in", "on", "during", "at"} and pobj[0].lemma_.lower() in _MEDIUM_NOUNS)):
            b = c.right_edge.i + 1
        elif c.dep_ in {"prep", "mark"} and c.lower_ in _CUE_PREPS:
            b += 1
    if b < len(doc) and doc[b].text == ":":
        b += 1  # 'said:' introducing a quotation
    return a, b


_ANY_SOURCE = {"say", "tell", "write", "report", "state", "claim", "argue", "find", "show", "suggest", "call"}
_SPEAKING_NOUNS = {"study", "poll", "polls", "survey", "report", "statement", "letter", "campaign",
                   "government", "administration", "ministry", "committee", "party", "court", "data",
                   "research", "analysis", "memo", "document", "documents", "article", "spokesman",
                   "spokeswoman", "spokesperson", "president", "minister", "leader", "chairman"}


_PERSON_SUFFIXES = ("ers", "ors", "ist", "ists", "ian", "ians", "ants", "ents")  # voters, economists


def _plausible(tok: Token) -> bool:
    """Could this noun phrase head be a source (a person, body, medium or document)?"""
    if tok.pos_ == "PRON":
        return tok.lower_ not in {"that", "which", "this", "what", "there"}
    if tok.ent_type_ in _NAMED_LABELS or tok.pos_ == "PROPN":
        return True
    if any((c.ent_type_ in {"PERSON", "ORG"} or c.pos_ == "PROPN") and c.dep_ in {"compound", "appos", "conj", "nmod"}
           for c in tok.children):
        return True  # "Former Secretary of State ... Hillary Clinton"
    nouns = _lexicon().nouns
    if tok.pos_ in {"NOUN", "NUM"} and (tok.lemma_.lower().endswith(_PERSON_SUFFIXES) or "people" in {
            nouns.get(tok.lower_), nouns.get(tok.lemma_.lower())}):
        return True  # "voters", "supporters", "economists", "others", "64 percent", "half"
    return bool(_noun_class(tok)) or tok.lemma_.lower() in _SPEAKING_NOUNS or tok.lower_ in _SPEAKING_NOUNS


_NOT_CUES = {"be", "have", "do", "make", "let", "help", "get", "go", "come", "take", "give", "put",
             "keep", "ensure", "mean", "seem", "appear", "look", "sound", "become", "remain", "use",
             "need", "try", "happen", "turn", "start", "begin", "stop", "leave", "set", "see", "consider"}


def _open_cue(verb: Token) -> bool:
    """A verb outside the list that still reports a stance: a clause complement and a
    personal subject ('Trump boasted that ...', 'she conceded the race was over')."""
    if verb.lemma_.lower() in _NOT_CUES or not any(c.dep_ == "ccomp" for c in verb.children):
        return False
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return False
    return subj.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"} or subj.lower_ in _PERSON_PRONOUNS | {
        "i", "we", "they", "you"} or _noun_class(subj) in {"anonymous", "group", "role", "media"}


def _negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def _subject(verb: Token) -> Token | None:
    """The subject of a cue verb: its own, or the one it shares ('..., adding that')."""
    for c in verb.children:
        if c.dep_ in _SUBJ_DEPS:
            if c.lower_ in {"that", "which", "who", "whom"} and verb.dep_ == "relcl":
                return verb.head if _plausible(verb.head) else None
            return c
    if verb.tag_ == "VBG":
        return _participle_subject(verb)
    if verb.dep_ == "conj" and verb.head.dep_ == "ccomp" and _repeated_cue(verb.head.head, verb.head) == verb:
        return _subject(verb.head.head)
    if verb.dep_ in {"conj", "xcomp"} and verb.head is not verb:
        return next((c for c in verb.head.children if c.dep_ in _SUBJ_DEPS), None)
    return None


def _participle_subject(verb: Token) -> Token | None:
    """'..., arguing that': the nearest earlier clause with a personal subject speaks;
    'began by saying': else climb to the first clause that has a subject."""
    doc = verb.doc
    if verb.i > 0 and doc[verb.i - 1].text == "," and verb.dep_ in {"advcl", "xcomp", "conj", "acl"}:
        for t in reversed(doc[verb.sent.start:verb.i]):
            subj = next((c for c in t.children if c.dep_ in _SUBJ_DEPS), None)
            if t.pos_ in {"VERB", "AUX"} and subj is not None and (
                    subj.ent_type_ == "PERSON" or subj.lower_ in _PERSON_PRONOUNS):
                return subj
    t = verb
    for _ in range(3):
        if t.head is t or t.dep_ not in {"pcomp", "prep", "advcl", "xcomp", "conj", "acl"}:
            return None
        t = t.head
        subj = next((c for c in t.children if c.dep_ in _SUBJ_DEPS), None)
        if subj is not None and t.pos_ in {"VERB", "AUX"}:
            return subj if verb.dep_ != "acl" or _plausible(subj) else None
    return None


def _root(doc: Doc, a: int, b: int) -> Token:
    for t in doc[a:b]:
        if not (a <= t.head.i < b) or t.head is t:
            return t
    return doc[a]


def _noun_class(tok: Token) -> str:
    nouns = _lexicon().nouns
    cls = nouns.get(tok.lower_, nouns.get(tok.lemma_.lower(), ""))
    return "" if cls == "people" else cls  # "people" nouns only make a speaker plausible


def _nonconfirmation(tok: Token) -> bool:
    if tok.lemma_.lower() not in {"confirm", "verify"}:
        return False
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    if any(c.dep_ == "mark" and c.lower_ in {"if", "unless", "until"} for c in tok.children):
        return True
    if any(t.lower_ in {"neither", "nor", "never", "no"} for t in tok.subtree if t.i < tok.i):
        return True
    return tok.head.lower_ == "without" or (tok.dep_ == "pcomp" and tok.head.lower_ == "without")


# --------------------------------------------------------------------------- verb cues
def _when(prep: Token) -> bool:
    """'on Monday', 'for two hours': a time, not a topic ('spoke on Monday' states nothing)."""
    return any(g.ent_type_ in {"DATE", "TIME"} for g in prep.children if g.dep_ == "pobj")


_SETTINGS = {"condition", "phone", "telephone", "television", "radio", "air", "camera", "record",
             "background", "behalf", "basis", "sidelines", "program", "programme", "show", "podcast"}


def _setting(prep: Token) -> bool:
    """'on condition of anonymity', 'on RTÉ's Morning Ireland', 'on the phone': how or
    where someone spoke, not about what."""
    if prep.lower_ != "on":
        return False
    return any(g.lemma_.lower() in _SETTINGS or g.ent_type_ in {"ORG", "WORK_OF_ART", "PERSON", "FAC"}
               for g in prep.children if g.dep_ == "pobj")


def _content_of(doc: Doc, verb: Token, frames: frozenset[str], sent: Span,
                src: tuple[int, int] | None) -> list[tuple[int, int]]:
    """Token ranges of the content of a verb cue (empty when it has none)."""
    if _agent(verb) is not None:  # passive: what was reported is the subject
        subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if subj is not None:
            a, b = _trim(doc, *_subtree_range(subj))
            if b > a:
                return [(a, b)]
    for c in verb.children:
        if c.dep_ in _CONTENT_DEPS or (c.dep_ == "xcomp" and "xcomp" in frames):
            a, b = _trim(doc, *_subtree_range(c))
            again = _repeated_cue(verb, c)
            if again is not None:  # "says X and says Y": two claims, not one
                a, b = _trim(doc, a, again.left_edge.i)
            if b > a:
                return [(a, b)]
    # "said during a news conference that he may wait": a that-clause misparsed as a
    # relative clause of the noun in an adjunct after the verb
    for c in verb.rights:
        if c.dep_ in {"prep", "npadvmod"}:
            for t in c.subtree:
                if t.dep_ in {"relcl", "acl"} and t.i > verb.i and any(
                        m.dep_ == "mark" and m.lower_ == "that" for m in t.children):
                    a, b = _trim(doc, *_subtree_range(t))
                    if b > a:
                        return [(a, b)]
    if "object" in frames or any(c.dep_ == "dobj" and c.pos_ != "PRON" for c in verb.rights):
        rights = [c for c in verb.rights if c.dep_ in {"dobj", "prep", "dative", "xcomp", "ccomp", "oprd", "attr"}
                  or (c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in {"for", "to"} for m in c.children))]
        topical = [c for c in rights if c.dep_ in {"dobj", "ccomp", "xcomp", "advcl"} or (
            c.lower_ in {"for", "over", "about", "on"} and not _when(c))]
        if verb.lemma_.lower() in {"speak", "talk"}:
            # "spoke to Al Jazeera on condition of anonymity about the talks": who was told,
            # how and where is not what was said; the topic is
            topical = [c for c in topical if not _setting(c)]
            rights = rights[rights.index(topical[0]):] if topical else []
        if rights and topical:
            a, b = _trim(doc, rights[0].left_edge.i, rights[-1].right_edge.i + 1)
            if b > a:
                return [(a, b)]
    # "talked about the border", "said of his rival"
    for c in verb.rights:
        if c.dep_ == "prep" and c.lower_ in {"about", "of", "over"}:
            pobj = next((g for g in c.children if g.dep_ in {"pobj", "pcomp"}), None)
            if pobj is not None:
                a, b = _trim(doc, pobj.left_edge.i, pobj.right_edge.i + 1)
                if b > a:
                    return [(a, b)]
    # a misparsed clause ("said trilateral cooperation ... was"): the rest of the sentence
    if verb.lemma_.lower() in {"say", "tell"} and any(c.dep_ in {"dobj", "conj"} and c.i > verb.i for c in verb.children):
        a, b = _trim(doc, verb.i + 1, sent.end)
        if b - a >= 3 and not doc[verb.i + 1].is_punct:
            return [(a, b)]
    # an inserted attribution: "as Putin said, ..." / "..., I said, ..." -> the clause around it
    group_start = min(verb.i, src[0]) if src else verb.i
    inserted = verb.dep_ == "parataxis" or (verb.dep_ == "advcl" and any(
        m.dep_ == "mark" and m.lower_ == "as" for m in verb.children))
    if inserted and verb.head.pos_ in {"VERB", "AUX"}:
        lo, hi = verb.left_edge.i, verb.right_edge.i + 1
        pieces = [_trim(doc, *p) for p in ((sent.start, lo), (hi, sent.end))]
        pieces = [p for p in pieces if p[1] - p[0] >= 2]
        if pieces:
            return pieces
    # a head clause to the left: "X, she said" parsed with the clause as the verb's head
    if verb.dep_ in {"parataxis", "ccomp", "acl", "advcl", "conj", "relcl"} and verb.head.i < group_start:
        prev = doc[group_start - 1] if group_start > sent.start else None
        if prev is not None and (prev.is_punct or prev.is_quote):
            a, b = _trim(doc, sent.start, group_start)
            if b > a:
                return [(a, b)]
    # a trailing attribution: "..., X said." where the parse gave the verb no clause
    prev = doc[group_start - 1] if group_start > sent.start else None
    if prev is not None and prev.text in {",", "”", '"', "''", "—", "–"}:
        rest = [t for t in doc[max(verb.i, src[1] if src else verb.i) + 1:sent.end]
                if not t.is_punct and not t.is_space]
        if len(rest) <= 8:
            a, b = _trim(doc, sent.start, group_start)
            if b - a >= 3:
                return [(a, b)]
    return []


_FINITE = {"VBD", "VBZ", "VBP"}


def _repeated_cue(verb: Token, clause: Token) -> Token | None:
    """In 'He says X and says Y' the parser hangs the second 'says' under X: find it."""
    lex = _lexicon()
    for t in clause.subtree:
        if t.dep_ == "conj" and _cue_lemma(t, lex) in lex.verbs and t.pos_ == "VERB" and (t.tag_ == verb.tag_ or t.tag_ in _FINITE and verb.tag_ in _FINITE | {"VB"}) and t.head.i >= clause.i \
                and not any(c.dep_ in _SUBJ_DEPS for c in t.children) and t.head.dep_ == "ccomp" and t.head.head.i == verb.i:
            return t
    return None


def _agent(verb: Token) -> Token | None:
    """'was first reported by MSNBC' -> MSNBC."""
    if not any(c.dep_ == "auxpass" for c in verb.children):
        return None
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    return next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None


def _source_of(doc: Doc, verb: Token) -> tuple[int, int] | None:
    agent = _agent(verb)
    if agent is not None:
        a, b = _trim(doc, agent.left_edge.i, agent.right_edge.i + 1, keep_quotes=False)
        return (a, b) if b > a else None
    subj = _subject(verb)
    if subj is not None:
        a, b = _subtree_range(subj, exclude=verb)
        dashes = [t.i for t in doc[a:subj.i] if t.text in {"—", "–", "--"}]
        if dashes:  # a dateline glued to the subject: "RENO, Nev. (AP) — Donald Trump"
            a = dashes[-1] + 1
        a, b = _trim(doc, a, b, keep_quotes=False)
        if b < len(doc) and doc[b].text == "," and b < verb.i and any(c.dep_ == "appos" for c in subj.children):
            b += 1  # PolNeAR closes an apposition with its comma: "Huma Abedin, vice chairwoman ...,"
        return (a, b) if b > a else None
    if verb.dep_ in {"acl", "relcl"} and verb.head.pos_ in {"PROPN", "NOUN"} and verb.head.i < verb.i \
            and (verb.tag_ != "VBG" or any(c.dep_ == "ccomp" for c in verb.children)):
        a, b = _trim(doc, *_subtree_range(verb.head, exclude=verb), keep_quotes=False)
        # an apposition ("Kursk, The New York Times reported") names the source, not its head
        for c in verb.head.children:
            if c.dep_ == "appos" and c.i < verb.i:
                a = c.left_edge.i
        if verb.head.dep_ == "appos":
            a = verb.head.left_edge.i
        return (a, b) if b > a else None
    return None


def _cue_lemma(tok: Token, lex: _Lexicon) -> str:
    """The lemma, repaired when the tagger's lemma misses the list ('hoping' -> 'hop')."""
    lemma = tok.lemma_.lower()
    if lemma in lex.verbs:
        return lemma
    low = tok.lower_
    for suffix in ("ing", "ed", "es", "s"):
        if low.endswith(suffix):
            base = low[: -len(suffix)]
            for cand in (base, base + "e"):
                if cand in lex.verbs:
                    return cand
    return lemma


def _verb_attributions(doc: Doc, sents: SentenceIndex, *, negated: bool = False,
                       citing: bool = False) -> list[Attribution]:
    lex = _lexicon()
    out = []
    for tok in doc:
        if tok.pos_ not in {"VERB", "AUX"}:
            continue
        lemma = _cue_lemma(tok, lex)
        if lemma not in lex.verbs and not _open_cue(tok):
            continue
        if (lemma == "cite" and not citing) or _nonconfirmation(tok) or (_negated(tok) and not negated):
            continue  # "citing X" is a chain hop; a negated cue is not a claim
        if tok.dep_ == "amod" or (tok.tag_ == "VBN" and tok.dep_ in {"acl", "amod"}):
            continue
        if tok.dep_ == "relcl" and tok.head.dep_ in _SUBJ_DEPS and tok.head.head.lemma_.lower() in lex.verbs:
            continue  # "the sources who spoke ... spoke": the main verb carries the claim
        src = _source_of(doc, tok)
        frames = lex.verbs.get(lemma, frozenset({"clause"}))
        that_clause = any(c.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
                          for c in tok.children) and any(c.dep_ in _SUBJ_DEPS for c in tok.children)
        if src is None or (lemma not in _ANY_SOURCE and not that_clause and not _plausible(_root(doc, *src))):
            continue
        sent = sents.spans[sents.of_token(tok.i)]
        content = _content_of(doc, tok, frames, sent, src)
        content = [c for c in content if not (c[0] <= tok.i < c[1])] or content
        kind = "reported" if lemma == "report" else "indirect"
        if not content:
            kind = "_pending"  # may still take an adjacent quotation
        out.append(Attribution(kind, _cue_range(tok), lemma, src,
                               [_span_chars(doc, a, b) for a, b in content], core_cue=_core_cue(tok)))
    return out


# --------------------------------------------------------------------------- noun cues
_NOUN_CUES: frozenset[str] = frozenset()
_NOUN_PREPS = {"of", "about", "on", "for", "over", "against", "to"}


def _noun_attributions(doc: Doc) -> list[Attribution]:
    """'Putin's warning that ...', 'Trump's criticism of the deal': possessive source,
    noun cue, and a clause or prepositional object as content."""
    _lexicon()
    out = []
    for tok in doc:
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in _NOUN_CUES:
            continue
        poss = next((c for c in tok.children if c.dep_ == "poss"), None)
        if poss is None or not _plausible(poss):
            continue
        content = None
        for c in tok.rights:
            if c.dep_ in {"acl", "ccomp"} and any(m.lower_ == "that" for m in c.children if m.dep_ == "mark"):
                content = _trim(doc, *_subtree_range(c))
            elif c.dep_ == "prep" and c.lower_ in _NOUN_PREPS and content is None:
                pobj = next((g for g in c.children if g.dep_ in {"pobj", "pcomp"}), None)
                if pobj is not None:
                    content = _trim(doc, pobj.left_edge.i, pobj.right_edge.i + 1)
            if content:
                break
        if not content or content[1] <= content[0]:
            continue
        src = _trim(doc, poss.left_edge.i, poss.right_edge.i + 1, keep_quotes=False)
        if src[1] > src[0] and doc[src[1] - 1].tag_ == "POS":
            src = (src[0], src[1] - 1)
        cue_end = tok.i + 1
        if cue_end < len(doc) and doc[cue_end].dep_ == "prep" and doc[cue_end].lower_ in _NOUN_PREPS:
            cue_end += 1
        out.append(Attribution("indirect", (tok.i, cue_end), tok.lemma_.lower(), src,
                               [_span_chars(doc, *content)], core_cue=(tok.i, tok.i + 1)))
    return out


# --------------------------------------------------------------------------- according to
def _according_to(doc: Doc, sents: SentenceIndex) -> list[Attribution]:
    out = []
    for tok in doc[:-1]:
        if tok.lower_ != "according" or doc[tok.i + 1].lower_ != "to":
            continue
        to = doc[tok.i + 1]
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if pobj is None:
            continue
        src = _trim(doc, to.i + 1, pobj.right_edge.i + 1, keep_quotes=False)
        sent = sents.spans[sents.of_token(tok.i)]
        before = _trim(doc, sent.start, tok.i)
        after = _trim(doc, src[1], sent.end)
        pieces = [p for p in (before, after) if p[1] - p[0] >= 2]
        if not pieces:
            continue
        out.append(Attribution("according_to", (tok.i, to.i + 1), "according to", src,
                               [_span_chars(doc, a, b) for a, b in pieces]))
    return out


# --------------------------------------------------------------------------- headlines
_HEADLINE_RE = re.compile(r"^(?P<content>[^\n:]{12,}?):\s+(?P<source>[A-Z][\w.’' -]{2,40})$")
_SOURCE_FIRST_RE = re.compile(r"^[\"“]?(?P<source>[A-Z][\w.’' -]{1,40}):\s+(?P<content>[^\n]{12,})$")


_SIGNED_QUOTE_RE = re.compile(r"^\s*(?P<content>[“”\"][^\n]{12,}[”\"])\s*(?P<dash>[―—–])\s*"
                              r"(?P<source>[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,5})[.,]?$")


def _headline_attributions(doc: Doc) -> list[Attribution]:
    """Attributions a line makes by its layout: a headline ('North Koreans in Russia in
    place but not in combat: Ukraine official'), a transcript label ('PENCE: Well, ...')
    and a signed quotation ('“...” ― Carla Sanchez')."""
    out = []
    pos = 0
    for line in doc_text(doc).split("\n"):
        m = _HEADLINE_RE.match(line.rstrip())
        if m and not line.rstrip().endswith((".", "?", "!")) and len(m.group("source").split()) <= 5:
            colon = pos + m.end("content")
            src = doc.char_span(pos + m.start("source"), pos + m.end("source"), alignment_mode="expand")
            cue = doc.char_span(colon, colon + 1, alignment_mode="expand")
            if src is not None and cue is not None:
                out.append(Attribution("indirect", (cue.start, cue.end), ":", (src.start, src.end),
                                       [(pos, pos + m.end("content"))]))
        m2 = _SOURCE_FIRST_RE.match(line.rstrip())
        if not m and m2:  # "John McCain: Republican Populist Anger Appeals to ..."
            src = doc.char_span(pos + m2.start("source"), pos + m2.end("source"), alignment_mode="expand")
            colon = pos + m2.end("source")
            cue = doc.char_span(colon, colon + 1, alignment_mode="expand")
            named = src is not None and src.ents and src.ents[0].start == src.start \
                and src.ents[-1].end == src.end and src.ents[0].label_ in {"PERSON", "ORG"}
            label = src is not None and len(src) <= 4 and m2.group("source").isupper()  # "PENCE: ..."
            if cue is not None and (named or label):
                c_s = pos + m2.start("content")
                out.append(Attribution("indirect", (cue.start, cue.end), ":", (src.start, src.end),
                                       [(c_s, pos + len(line.rstrip()))]))
        m3 = _SIGNED_QUOTE_RE.match(line.rstrip())
        if m3:  # “Trump must stop portraying Latinos as ...” ― Carla Sanchez.
            src = doc.char_span(pos + m3.start("source"), pos + m3.end("source"), alignment_mode="expand")
            cue = doc.char_span(pos + m3.start("dash"), pos + m3.end("dash"), alignment_mode="expand")
            if src is not None and cue is not None and len(src) <= 6:
                out.append(Attribution("direct", (cue.start, cue.end), "―", (src.start, src.end),
                                       [(pos + m3.start("content"), pos + m3.end("content"))]))
        pos += len(line) + 1
    return out


# --------------------------------------------------------------------------- "X cite Y"
def _cite_attributions(doc: Doc, sents: SentenceIndex, atts: list[Attribution]) -> list[Attribution]:
    """'The Post, the Times and AP cite government officials in their reports': the cited
    source speaks, the citing media are its conduit, and what is claimed is the report of
    the sentence before (the reports those media carry)."""
    out = []
    for tok in doc:
        if tok.lemma_.lower() != "cite" or tok.pos_ != "VERB" or tok.tag_ in {"VBG", "VBN"}:
            continue
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if obj is None or subj is None or _noun_class(obj) not in {"anonymous", "group", "role"}:
            continue
        s_idx = sents.of_token(tok.i)
        prev = [a for a in atts if a.content and a.kind in {"reported", "indirect"}
                and sents.of_token(a.cue[0]) == s_idx - 1]
        if not prev:
            continue
        a, b = _subtree_range(subj, exclude=tok)
        for c in subj.rights:
            if c.dep_ == "prep" and c.lower_ in {"among", "including"}:
                b = min(b, c.left_edge.i)  # "..., among others,"
        via = _trim(doc, a, b, keep_quotes=False)
        src = _trim(doc, *_subtree_range(obj), keep_quotes=False)
        if via[1] <= via[0] or src[1] <= src[0]:
            continue
        out.append(Attribution("reported", (tok.i, tok.i + 1), "cite", src, list(prev[-1].content), via=via))
    return out


# --------------------------------------------------------------------------- public
def find_attributions(doc: Doc, *, sents: SentenceIndex | None = None,
                      nested: bool = True, negated: bool = False,
                      tagger: AttributionTagger | None = None,
                      statements_only: bool | None = None) -> list[Attribution]:
    """All attributions of a Doc as :class:`Attribution` objects, in text order.

    The defaults are what :func:`extract_claims` uses. The two options follow PolNeAR's
    annotation conventions, for the benchmark: ``nested=False`` drops attributions whose
    cue lies inside another one's content (PolNeAR labels each token at most once;
    ``extract_claims`` keeps them and chains them through the outer speaker), and
    ``negated=True`` keeps negated cues ("did not say"), which PolNeAR annotates but
    which state no claim. With ``nested=False`` a "citing X" participle is also an
    attribution of its own (PolNeAR's; ``extract_claims`` makes X an origin of the chain
    instead), and "X cite Y in their reports", which retells the report of the sentence
    before, is left out (its content is that report's, already labelled).

    With a ``tagger`` (:func:`~newsanalysis.attribution_tagger.tagger_for` the pipeline
    that parsed ``doc``; ``annotate`` passes it), the learned tagger adds the attributions
    the rules miss and extends the rules' cues to the words PolNeAR counts in them. Its
    attributions must then state something, a clause or a quotation ("Israel passed a
    bill" is an act, not a claim), unless ``statements_only`` is False (None: False with
    ``nested=False``, PolNeAR's conventions, which also count acts).
    """
    sents = sents if sents is not None else SentenceIndex(doc)
    atts = (_verb_attributions(doc, sents, negated=negated, citing=not nested) + _noun_attributions(doc)
            + _according_to(doc, sents) + _headline_attributions(doc))
    atts = _dedupe(atts)
    quotes = quote_tokens(doc, find_quotes(doc_text(doc)))
    atts = attach_quotes(doc, atts, quotes)
    atts = _drop_nested(doc, atts, quotes, all_nested=not nested)
    if tagger is not None and doc.tensor.size and doc.tensor.shape[0] == len(doc):
        stmts = nested if statements_only is None else statements_only
        atts += _learned_attributions(doc, sents, atts, tagger, polnear=not nested, negated=negated,
                                      statements_only=stmts)
    if nested:  # a second telling of an earlier claim: PolNeAR labels each token once
        atts += _cite_attributions(doc, sents, atts)
        # "information you want to share": a generic "you" is nobody's claim
        atts = [a for a in atts if not (a.source and a.source[1] - a.source[0] == 1
                                        and doc[a.source[0]].lower_ in _SECOND_PERSON)]
    if not nested:
        _auxiliaries_in_cue(doc, atts)
    atts.sort(key=lambda a: (a.char_span(doc)[0], a.cue[0]))
    return atts


def _auxiliaries_in_cue(doc: Doc, atts: list[Attribution]) -> None:
    """PolNeAR's cue holds the verb's auxiliaries, its negation and its particle ("has
    not *yet* said" keeps "has not", "pointed out"): 97 % of them in PolNeAR *train*."""
    for a in atts:
        lo, hi = a.cue
        mine = range(a.cue[0], a.cue[1])
        while lo > 0 and doc[lo - 1].dep_ in {"aux", "auxpass", "neg"} and doc[lo - 1].head.i in mine:
            lo -= 1
        while hi < len(doc) and doc[hi].dep_ == "prt" and doc[hi].head.i in mine:
            hi += 1
        if (lo, hi) != a.cue and not (a.source and a.source[0] < hi and lo < a.source[1]):
            a.core_cue = a.core_cue or a.cue
            a.cue = (lo, hi)


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """Token ranges of the consecutive True values of ``mask``."""
    edges = np.flatnonzero(np.diff(np.concatenate([[0], mask.astype(np.int8), [0]])))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist()))


def _learned_attributions(doc: Doc, sents: SentenceIndex, atts: list[Attribution],
                          tagger: AttributionTagger, *, polnear: bool, negated: bool,
                          statements_only: bool) -> list[Attribution]:
    """Attributions from the tagger's cue runs that no rule found, each with the source
    and content runs of its sentence nearest to it.

    A tagger cue with no source run takes its verb's subject when that can speak. What
    the rules decline on purpose stays declined: a negated cue (unless ``negated``),
    "without confirming", and (unless ``polnear``) "citing X", which is a chain hop.
    Unless ``polnear``, an attribution without a source is left out (the claims table is
    about who claims what); with it (PolNeAR's conventions) it is kept, and the rules'
    cues also take the cue words the tagger marks next to them ('said *in a statement*')."""
    rules = rule_matrix(doc, atts)
    label = tagger.predict(doc, rules).argmax(axis=1)
    taken = rules[:, :3].any(axis=1)
    if polnear:
        _extend_cues(doc, atts, label == 2, taken)
    free = ~taken

    def head_of(a: int, b: int) -> int:
        return max(range(a, b), key=lambda k: (doc[k].pos_ in {"VERB", "NOUN", "ADJ"}, -k))

    def declined(t: Token) -> bool:
        return (_negated(t) and not negated) or _nonconfirmation(t) or (
            t.lemma_.lower() == "cite" and not polnear)

    cues = [r for r in _runs((label == 2) & free)
            if doc[head_of(*r)].pos_ in {"VERB", "NOUN", "ADJ"} and not any(declined(t) for t in doc[r[0]:r[1]])]
    if not cues:
        return []
    said = rules[:, 1:3].any(axis=1) | (taken & ~rules[:, :3].any(axis=1))  # cue/content, or extended cue
    sources = _runs((label == 1) & free)
    contents = _runs((label == 3) & free)
    sent_of = sents.of_token
    owner: dict[tuple[int, int], int] = {}
    for run in sources + contents:  # each run goes to the nearest new cue of its sentence
        near = [(min(abs(run[0] - c[1]), abs(c[0] - run[1])), i) for i, c in enumerate(cues)
                if sent_of(c[0]) in {sent_of(run[0]), sent_of(run[1] - 1)}]
        if near:
            owner[run] = min(near)[1]
    out = []
    for i, (a, b) in enumerate(cues):
        mine_c = [r for r in contents if owner.get(r) == i]
        mine_s = [r for r in sources if owner.get(r) == i]
        head = head_of(a, b)
        src = _learned_source(doc, (a, b), head, mine_s, said, sents)
        if src is None and not polnear:
            continue  # the claims table needs a speaker (PolNeAR also marks source-less ones)
        if doc[head].pos_ in {"VERB", "AUX"}:  # the verb's own clause or object, when longer than the runs
            sent = sents.spans[sent_of(head)]
            syn = [r for r in _content_of(doc, doc[head], frozenset({"clause", "object", "xcomp"}), sent, src)
                   if not taken[r[0]:r[1]].any() and not r[0] <= head < r[1]]
            if syn and sum(r[1] - r[0] for r in syn) >= sum(r[1] - r[0] for r in mine_c):
                mine_c = syn
        if sum(hi - lo for lo, hi in mine_c) < 3:
            continue  # a cue with (next to) nothing attributed states no claim
        quoted = all(doc[r[0] - 1].is_quote or doc[r[0]].is_quote for r in mine_c if r[0] > 0)
        if statements_only and not _states(doc, head, mine_c, quoted):
            continue
        out.append(Attribution("direct" if quoted else "indirect", (a, b), doc[head].lemma_.lower(), src,
                               [_span_chars(doc, *r) for r in mine_c], core_cue=(head, head + 1),
                               found_by="tagger"))
    return out


def _states(doc: Doc, head: int, content: list[tuple[int, int]], quoted: bool) -> bool:
    """Does a tagger attribution state something? A quotation, a clause ("instructed the
    agency to remove ..."), or the object of a cue the lexicons know ("confirmed the
    extent of ..."); not an act ("signed an agreement", "passed a bill"). Its content is
    on one side of the cue ("If the information is confirmed, Biden would be acceding to
    the request" is the article's own hedge around a verb, not what Biden says)."""
    if content[0][0] < head < content[-1][1]:
        return False
    if quoted or any(c.dep_ in {"ccomp", "xcomp"} for c in doc[head].children):
        return True
    lemma = doc[head].lemma_.lower()
    return lemma in _lexicon().verbs or lemma in _NOUN_CUES or any(
        _root(doc, *r).pos_ in {"VERB", "AUX"} for r in content)


def _extend_cues(doc: Doc, atts: list[Attribution], cue: np.ndarray, taken: np.ndarray) -> None:
    """PolNeAR's cue: the rules' cue and the free cue-labelled words next to it ("said" +
    "in a statement on Tuesday"). The table keeps the rules' cue (``core_cue``)."""
    for a in atts:
        lo, hi = a.cue
        while lo > 0 and cue[lo - 1] and not taken[lo - 1]:
            lo -= 1
        while hi < len(doc) and cue[hi] and not taken[hi]:
            hi += 1
        if (lo, hi) != a.cue:
            taken[lo:hi] = True
            a.core_cue = a.core_cue or a.cue
            a.cue = (lo, hi)


def _learned_source(doc: Doc, cue: tuple[int, int], head: int, runs: list[tuple[int, int]],
                    taken: np.ndarray, sents: SentenceIndex) -> tuple[int, int] | None:
    """The source of a tagger cue: its nearest source run grown to the whole noun phrase
    ("The group", "Sens. Jon Tester (D-Mont.) and David Vitter"), else the cue verb's
    subject when it can speak, else None."""
    a, b = cue
    sent_of = sents.of_token
    if runs:
        src = min(runs, key=lambda r: min(abs(r[0] - b), abs(a - r[1])))
        root = _root(doc, *src)
        while root.dep_ in {"conj", "appos", "compound"} and root.head.pos_ in {"PROPN", "NOUN"} \
                and not a <= root.head.i < b:
            root = root.head
        lo, hi = root.left_edge.i, root.right_edge.i + 1
        if lo < src[0] and not taken[lo:src[0]].any() and sent_of(lo) == sent_of(src[0]) and not lo <= a < src[0]:
            src = _trim(doc, lo, src[1], keep_quotes=False)
        if hi > src[1] and not taken[src[1]:hi].any() and sent_of(hi - 1) == sent_of(src[0]) and not src[1] <= a < hi:
            src = _trim(doc, src[0], hi, keep_quotes=False)
        return src if any(t.is_alpha for t in doc[src[0]:src[1]]) else None  # not a stray "/"
    if doc[head].pos_ not in {"VERB", "AUX"}:
        return None
    subj = _subject(doc[head])
    cand = _source_of(doc, doc[head]) if subj is not None and _plausible(subj) else None
    if cand is not None and not taken[cand[0]:cand[1]].any() and not cand[0] <= head < cand[1]:
        return cand
    return None


def _dedupe(atts: list[Attribution]) -> list[Attribution]:
    seen, out = set(), []
    for a in atts:
        if a.cue in seen:
            continue
        seen.add(a.cue)
        out.append(a)
    return out


def _drop_nested(doc: Doc, atts: list[Attribution], quotes, *, all_nested: bool) -> list[Attribution]:
    qspans = [(qs, qe) for qs, qe, _, _ in quotes]
    outer = []
    for a in atts:
        cs = doc[a.cue[0]].idx
        inside = [(qs, qe) for qs, qe in qspans if qs < cs < qe]
        if a.continuation_of is None and inside and any(
                b is not a and any(lo <= inside[0][0] < hi for lo, hi in b.content) for b in atts):
            continue  # a cue inside a quoted statement is the quoted speaker's, not the article's
        outer.append(a)
    if not all_nested:
        return outer
    # then, among the article's own attributions, those inside another's paraphrase
    return [a for a in outer if a.continuation_of is not None or not any(
        b is not a and b.kind != "direct" and any(lo <= doc[a.cue[0]].idx < hi for lo, hi in b.content)
        for b in outer)]
