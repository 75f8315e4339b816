"""Parse helpers of the claims rules: spans, heads, subjects and plausible sources.

Everything here reads one token or one token range of a parsed Doc (dependency parse,
entities) and the word lists of :func:`~newsanalysis.annotate.claims.lexicon.lexicon`;
nothing here decides that something is an attribution. Token ranges are half-open
``(start, end)`` pairs of token indices.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from newsanalysis.annotate.claims.lexicon import PERSON_PRONOUNS, lexicon

__all__ = ["NAMED_LABELS", "SUBJECT_DEPS", "cue_lemma", "doc_ents", "doc_text", "inserted_passive",
           "is_negated", "nonconfirmation", "noun_class", "participle_speaker", "passive_agent", "phrase_root",
           "plausible", "quoted_as", "reduced_passive", "repeated_cue", "source_of", "subject", "subtree_range", "trim",
           "zero_relative"]

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
NAMED_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "WORK_OF_ART"})
_FINITE = {"VBD", "VBZ", "VBP"}
_CLOSING = {")": "(", "]": "["}


@lru_cache(maxsize=2)
def doc_text(doc: Doc) -> str:
    """doc.text, computed once per Doc (spaCy joins the tokens on every access)."""
    return doc.text


@lru_cache(maxsize=2)
def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """doc.ents, computed once per Doc (spaCy rebuilds the tuple on every access)."""
    return tuple(doc.ents)


# --------------------------------------------------------------------------- spans
def trim(doc: Doc, a: int, b: int, *, keep_quotes: bool = True) -> tuple[int, int]:
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


def subtree_range(tok: Token, exclude: Token | None = None) -> tuple[int, int]:
    """The token range of ``tok``'s subtree; with ``exclude`` inside it, the side of
    ``tok`` that does not hold ``exclude``'s subtree."""
    a, b = tok.left_edge.i, tok.right_edge.i + 1
    if exclude is not None and a <= exclude.i < b:
        ex_a, ex_b = exclude.left_edge.i, exclude.right_edge.i + 1
        if ex_a > tok.i:
            b = ex_a
        elif ex_b <= tok.i:
            a = ex_b
    return a, b


def phrase_root(doc: Doc, a: int, b: int) -> Token:
    """The first token of doc[a:b] whose head lies outside it (the phrase's head)."""
    for t in doc[a:b]:
        if not (a <= t.head.i < b) or t.head is t:
            return t
    return doc[a]


# --------------------------------------------------------------------------- words
def noun_class(tok: Token) -> str:
    """The class of a source noun in ``source_nouns.txt`` (anonymous, group, media, role),
    or ''."""
    nouns = lexicon().nouns
    cls = nouns.get(tok.lower_, nouns.get(tok.lemma_.lower(), ""))
    return "" if cls == "people" else cls  # "people" nouns only make a speaker plausible


def plausible(tok: Token) -> bool:
    """Could this noun phrase head be a source (a person, body, medium or document)?"""
    if tok.pos_ == "PRON":
        return tok.lower_ not in {"that", "which", "this", "what", "there"}
    if tok.ent_type_ in NAMED_LABELS or tok.pos_ == "PROPN":
        return True
    if any((c.ent_type_ in {"PERSON", "ORG"} or c.pos_ == "PROPN") and c.dep_ in {"compound", "appos", "conj", "nmod"}
           for c in tok.children):
        return True  # "Former Secretary of State ... Hillary Clinton"
    lex = lexicon()
    nouns = lex.nouns
    if tok.pos_ in {"NOUN", "NUM"} and (tok.lemma_.lower().endswith(lex.person_suffixes) or "people" in {
            nouns.get(tok.lower_), nouns.get(tok.lemma_.lower())}):
        return True  # "voters", "supporters", "economists", "others", "64 percent", "half"
    return bool(noun_class(tok)) or tok.lemma_.lower() in lex.speaking_nouns or tok.lower_ in lex.speaking_nouns


def cue_lemma(tok: Token) -> str:
    """The lemma, repaired when the tagger's lemma misses the verb list ('hoping' -> 'hop')."""
    verbs = lexicon().verbs
    lemma = tok.lemma_.lower()
    if lemma in verbs:
        return lemma
    low = tok.lower_
    for suffix in ("ing", "ed", "es", "s"):
        if low.endswith(suffix):
            base = low[: -len(suffix)]
            for cand in (base, base + "e"):
                if cand in verbs:
                    return cand
    return lemma


# --------------------------------------------------------------------------- verbs
def is_negated(verb: Token) -> bool:
    """Has the verb a negation ('did not say')?"""
    return any(c.dep_ == "neg" for c in verb.children)


def nonconfirmation(tok: Token) -> bool:
    """A confirming verb that confirms nothing: negated, conditional or after 'without'
    ('could not confirm', 'if confirmed', 'without verifying', 'neither confirmed nor')."""
    if tok.lemma_.lower() not in lexicon().confirmation_verbs:
        return False
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    if any(c.dep_ == "mark" and c.lower_ in {"if", "unless", "until"} for c in tok.children):
        return True
    if any(t.lower_ in {"neither", "nor", "never", "no"} for t in tok.subtree if t.i < tok.i):
        return True
    return tok.head.lower_ == "without" or (tok.dep_ == "pcomp" and tok.head.lower_ == "without")


def repeated_cue(verb: Token, clause: Token) -> Token | None:
    """In 'He says X and says Y' the parser hangs the second 'says' under X: find it."""
    verbs = lexicon().verbs
    for t in clause.subtree:
        if t.dep_ == "conj" and cue_lemma(t) in verbs and t.pos_ == "VERB" and (t.tag_ == verb.tag_ or t.tag_ in _FINITE and verb.tag_ in _FINITE | {"VB"}) and t.head.i >= clause.i \
                and not any(c.dep_ in SUBJECT_DEPS for c in t.children) and t.head.dep_ == "ccomp" and t.head.head.i == verb.i:
            return t
    return None


def _person_above(tok: Token) -> Token | None:
    """The person a "who" clause hangs on when the parser hung it on a word of that person's
    apposition or title ("Klingner, a senior fellow at [the Heritage Foundation], who ...")."""
    for _ in range(5):
        if tok.ent_type_ == "PERSON":
            return tok
        if tok.dep_ not in {"pobj", "prep", "appos", "compound"} or tok.head is tok:
            return None
        tok = tok.head
    return None


def quoted_as(verb: Token) -> tuple[Token, Token] | None:
    """'BelTA quoted the Belarusian leader as saying': (the one quoted, the one quoting) for
    the participle "saying"; the quoted person speaks, the quoting medium carries it."""
    if verb.tag_ != "VBG" or verb.dep_ != "pcomp" or verb.head.lower_ != "as":
        return None
    quoting = verb.head.head
    if quoting.lemma_.lower() not in {"quote", "cite"}:
        return None
    obj = next((c for c in quoting.children if c.dep_ == "dobj"), None)
    subj = next((c for c in reversed(list(quoting.lefts)) if c.dep_ in SUBJECT_DEPS), None)
    return (obj, subj) if obj is not None and subj is not None else None


def subject(verb: Token) -> Token | None:
    """The subject of a cue verb: its own, or the one it shares ('..., adding that'); of
    two subjects, the nearer ("Previous attacks [that] US authorities have said ...")."""
    quoted = quoted_as(verb)
    if quoted is not None:
        return quoted[0]
    for c in sorted(verb.lefts, key=lambda c: (c.ent_type_ in {"DATE", "TIME"}, -c.i)) + list(verb.rights):
        if c.dep_ in SUBJECT_DEPS:
            if c.lower_ in {"that", "which", "who", "whom"} and verb.dep_ == "relcl":
                if c.lower_ in {"who", "whom"}:  # a person: "Bruce Klingner, a fellow at the Heritage Foundation, who"
                    person = _person_above(verb.head)
                    if person is not None:
                        return person
                return verb.head if plausible(verb.head) else None
            return c
    if verb.tag_ == "VBG":
        return _participle_subject(verb)
    if verb.dep_ == "conj" and verb.head.dep_ == "ccomp" and repeated_cue(verb.head.head, verb.head) == verb:
        return subject(verb.head.head)
    if verb.dep_ in {"conj", "xcomp"} and verb.head is not verb:
        return next((c for c in verb.head.children if c.dep_ in SUBJECT_DEPS), None)
    for inserted in [verb.head, *verb.lefts]:
        if inserted.i < verb.i and inserted_passive(inserted) == verb:
            return next(c for c in inserted.children if c.dep_ == "nsubj")
    return None


def reduced_passive(verb: Token) -> bool:
    """Is ``verb`` a passive without its auxiliary, said of the noun it follows ("An aide,
    asked about the photo, conceded ...")? That noun was asked or told; it did not ask."""
    if verb.dep_ == "acl" and verb.tag_ in {"VBD", "VBN"} and verb.head.pos_ in {"NOUN", "PROPN"} \
            and verb.head.i < verb.i and verb.doc[verb.i - 1].text == "," and not any(
                c.dep_ in {"nsubj", "nsubjpass", "dobj"} or _that_clause(c) for c in verb.children):
        return True
    return inserted_passive(verb) is not None


def _that_clause(tok: Token) -> bool:
    return tok.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in tok.children)


def inserted_passive(verb: Token) -> Token | None:
    """'An aide, asked about the photo, then conceded that ...', 'The minister, asked if he
    would resign, said ...': a past form set off by a comma right after its subject, with a
    later verb after a comma that has no subject of its own, is a passive inserted into the
    sentence, whatever the parse made of it. Returns that later verb, whose subject it is."""
    doc = verb.doc
    if verb.tag_ not in {"VBD", "VBN"} or verb.i < 2 or doc[verb.i - 1].text != ",":
        return None
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.right_edge.i not in {verb.i - 2, verb.i - 1} or any(
            c.dep_ == "dobj" or _that_clause(c) for c in verb.children):
        return None
    for later in [*verb.rights, verb.head]:
        if later.i > verb.i and later.tag_ in {"VBD", "VBZ", "VBP"} and later.pos_ == "VERB" \
                and later.dep_ in {"dep", "conj", "parataxis", "ccomp", "ROOT"} \
                and not any(g.dep_ in SUBJECT_DEPS for g in later.children) \
                and any(t.text == "," for t in doc[verb.i + 1:later.i]):
            return later
    return None


def _participle_subject(verb: Token) -> Token | None:
    """'..., arguing that': the nearest earlier clause with a personal subject speaks;
    'began by saying': else climb to the first clause that has a subject."""
    doc = verb.doc
    if verb.i > 0 and doc[verb.i - 1].text == "," and verb.dep_ in {"advcl", "xcomp", "conj", "acl"}:
        for t in reversed(doc[verb.sent.start:verb.i]):
            subj = next((c for c in t.children if c.dep_ in SUBJECT_DEPS), None)
            if t.pos_ in {"VERB", "AUX"} and subj is not None and not zero_relative(t) and (
                    subj.ent_type_ == "PERSON" or subj.lower_ in PERSON_PRONOUNS):
                return subj
    t = verb
    for _ in range(3):
        if t.head is t or (t.dep_ not in {"pcomp", "prep", "advcl", "xcomp", "conj", "acl"} and not zero_relative(t)):
            return None
        t = t.head
        subj = next((c for c in t.children if c.dep_ in SUBJECT_DEPS), None)
        if subj is not None and t.pos_ in {"VERB", "AUX"} and not zero_relative(t):
            return subj if verb.dep_ != "acl" or plausible(subj) else None
    return None


def zero_relative(verb: Token) -> bool:
    """'a list of the attacks Trump was citing': a clause right after a noun, with a subject
    and no object or complement of its own, is a relative clause without "that" (the noun is
    its object), whatever the parse made of it."""
    if verb.pos_ != "VERB" or verb.dep_ not in {"ccomp", "relcl", "advcl", "conj"}:
        return False
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.left_edge.i == 0 or any(
            c.dep_ in {"dobj", "ccomp", "xcomp", "attr", "acomp", "oprd", "dative"} for c in verb.children):
        return False
    return verb.doc[subj.left_edge.i - 1].pos_ in {"NOUN", "PROPN"}


def passive_agent(verb: Token) -> Token | None:
    """'was first reported by MSNBC' -> MSNBC."""
    if not any(c.dep_ == "auxpass" for c in verb.children):
        return None
    by = next((c for c in verb.children if c.dep_ == "agent"), None)
    return next((g for g in by.children if g.dep_ == "pobj"), None) if by is not None else None


def _title_runs_on(doc: Doc, b: int) -> int:
    """The end of a title the parser cut after its first word, when a name closes it: "by
    [Adviser] to the Head of the President's Office Mykhailo Podoliak" runs on to the name."""
    j = b
    while j < len(doc) and j - b < 12 and (doc[j].pos_ == "PROPN" or doc[j].lower_ in {"to", "of", "the", "for", "'s", "’s"}):
        if doc[j].ent_type_ == "PERSON" and (j + 1 == len(doc) or doc[j + 1].ent_type_ != "PERSON"):
            return j + 1
        j += 1
    return b


def participle_speaker(doc: Doc, verb: Token) -> tuple[int, int] | None:
    """'He clarified his position saying that ...': a participle hung on an object that
    cannot speak is said by the subject of the clause ("He"), not by the object. The claims
    table uses it; PolNeAR's annotators leave such sources as the parse has them."""
    if verb.dep_ != "acl" or verb.tag_ != "VBG" or verb.head.dep_ != "dobj" or plausible(verb.head):
        return None
    subj = next((c for c in verb.head.head.children if c.dep_ in SUBJECT_DEPS), None)
    if subj is None:
        return None
    a, b = trim(doc, *subtree_range(subj, exclude=verb.head.head), keep_quotes=False)
    return (a, b) if b > a else None


def source_of(doc: Doc, verb: Token) -> tuple[int, int] | None:
    """Token range of the source of a cue verb: the passive's agent, the subject (without a
    dateline glued to it), or the noun a participle or relative clause hangs on."""
    by = passive_agent(verb)
    if by is not None:
        a, b = trim(doc, by.left_edge.i, by.right_edge.i + 1, keep_quotes=False)
        return (a, _title_runs_on(doc, b)) if b > a else None
    subj = subject(verb)
    if subj is not None:
        a, b = subtree_range(subj, exclude=verb)
        dashes = [t.i for t in doc[a:subj.i] if t.text in {"—", "–", "--"}]
        if dashes:  # a dateline glued to the subject: "RENO, Nev. (AP) — Donald Trump"
            a = dashes[-1] + 1
        a, b = trim(doc, a, b, keep_quotes=False)
        if b < len(doc) and doc[b].text == "," and b < verb.i and any(c.dep_ == "appos" for c in subj.children):
            b += 1  # PolNeAR closes an apposition with its comma: "Huma Abedin, vice chairwoman ...,"
        return (a, b) if b > a else None
    if verb.dep_ in {"acl", "relcl"} and verb.head.pos_ in {"PROPN", "NOUN"} and verb.head.i < verb.i \
            and (verb.tag_ != "VBG" or any(c.dep_ == "ccomp" for c in verb.children)):
        a, b = trim(doc, *subtree_range(verb.head, exclude=verb), keep_quotes=False)
        # an apposition ("Kursk, The New York Times reported") names the source, not its head
        for c in verb.head.children:
            if c.dep_ == "appos" and c.i < verb.i:
                a = c.left_edge.i
        if verb.head.dep_ == "appos":
            a = verb.head.left_edge.i
        return (a, b) if b > a else None
    return None
