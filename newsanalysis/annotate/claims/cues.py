"""The rule-based cue finders: each returns the attributions one kind of cue makes.

* **verb cues** (:func:`verb_attributions`) from ``resources/reporting_verbs.txt`` ("said",
  "warned", "confirmed", ...), and any other verb with a clause complement and a personal
  subject ("boasted that"), with their subject (the source) and their content
  (:func:`content_of`): a clause complement, an infinitive or object for the verbs that
  allow it, or the clause *before* a trailing attribution ("..., The New York Times
  reported");
* **noun cues** with a possessive source ("Putin's warning that ...");
* **according to X** phrases, whose content is the rest of the clause;
* **layout attributions**: headlines ("North Koreans in Russia in place: Ukraine
  official"), transcript speaker labels ("PENCE: Well, look, ...") and signed quotations
  ("“...” ― Carla Sanchez");
* **"X cite Y"**: "The Post and AP cite government officials in their reports" retells the
  report of the sentence before, with Y as its source and X as its conduit.

Each finder reads the Doc and returns new :class:`~newsanalysis.annotate.claims.model.Attribution`
objects; :func:`~newsanalysis.annotate.claims.extract.find_attributions` runs them in turn.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from newsanalysis.annotate.claims.lexicon import HEARER_VERBS, PERSON_PRONOUNS, lexicon
from newsanalysis.annotate.claims.model import Attribution, char_range
from newsanalysis.annotate.claims.syntax import (
    SUBJECT_DEPS,
    cue_lemma,
    doc_text,
    inserted_passive,
    is_negated,
    nonconfirmation,
    noun_class,
    passive_agent,
    phrase_root,
    plausible,
    quoted_as,
    reduced_passive,
    repeated_cue,
    source_of,
    subtree_range,
    trim,
    zero_relative,
)
from newsanalysis.annotate.sentences import SentenceIndex

__all__ = ["according_to_attributions", "cite_attributions", "content_of", "layout_attributions",
           "noun_attributions", "verb_attributions"]

_HEADLINE_RE = re.compile(r"^(?P<content>[^\n:]{12,}?):\s+(?P<source>[A-Z][\w.’' -]{2,40})$")
_SOURCE_FIRST_RE = re.compile(r"^[\"“]?(?P<source>[A-Z][\w.’' -]{1,40}):\s+(?P<content>[^\n]{12,})$")
_SIGNED_QUOTE_RE = re.compile(r"^\s*(?P<content>[“”\"][^\n]{12,}[”\"])\s*(?P<dash>[―—–])\s*"
                              r"(?P<source>[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,5})[.,]?$")


# --------------------------------------------------------------------------- verb cues
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
    lex = lexicon()
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
                c.lower_ in {"in", "on", "during", "at"} and pobj[0].lemma_.lower() in lex.medium_nouns)):
            b = c.right_edge.i + 1
        elif c.dep_ in {"prep", "mark"} and c.lower_ in lex.cue_prepositions:
            b += 1
    if b < len(doc) and doc[b].text == ":":
        b += 1  # 'said:' introducing a quotation
    return a, b


def _open_cue(verb: Token) -> bool:
    """A verb outside the list that still reports a stance: a clause complement and a
    personal subject ('Trump boasted that ...', 'she conceded the race was over')."""
    if verb.lemma_.lower() in lexicon().not_cue_verbs or not any(
            c.dep_ == "ccomp" and not zero_relative(c) for c in verb.children):
        return False  # "distributed a list of the attacks Trump was citing": no clause is reported
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return False
    return subj.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"} or subj.lower_ in PERSON_PRONOUNS | {
        "i", "we", "they", "you"} or noun_class(subj) in {"anonymous", "group", "role", "media"}


def _when(prep: Token) -> bool:
    """'on Monday', 'for two hours': a time, not a topic ('spoke on Monday' states nothing)."""
    return any(g.ent_type_ in {"DATE", "TIME"} for g in prep.children if g.dep_ == "pobj")


def _setting(prep: Token) -> bool:
    """'on condition of anonymity', 'on RTÉ's Morning Ireland', 'on the phone': how or
    where someone spoke, not about what."""
    if prep.lower_ != "on":
        return False
    return any(g.lemma_.lower() in lexicon().speech_settings or g.ent_type_ in {"ORG", "WORK_OF_ART", "PERSON", "FAC"}
               for g in prep.children if g.dep_ == "pobj")




def content_of(doc: Doc, verb: Token, frames: frozenset[str], sent: Span,
               src: tuple[int, int] | None) -> list[tuple[int, int]]:
    """Token ranges of the content of a verb cue (empty when it has none)."""
    if passive_agent(verb) is not None:  # passive: what was reported is the subject
        subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if subj is not None and subj.lower_ in {"this", "that", "it"} and subj.left_edge == subj.right_edge \
                and sent.start > 0:
            # "This was stated by X": what was stated is the sentence before
            before = doc[sent.start - 1].sent
            a, b = trim(doc, before.start, before.end)
            if b > a:
                return [(a, b)]
        if subj is not None:
            a, b = trim(doc, *subtree_range(subj))
            if b > a:
                return [(a, b)]
    for c in verb.children:
        if c.dep_ == "ccomp" and inserted_passive(c) == verb:
            continue  # "The minister, asked if he would resign, said": not what was said
        if c.dep_ == "ccomp" or (c.dep_ == "xcomp" and "xcomp" in frames):
            a, b = trim(doc, *subtree_range(c))
            again = repeated_cue(verb, c)
            if again is not None:  # "says X and says Y": two claims, not one
                a, b = trim(doc, a, again.left_edge.i)
            if b > a:
                return [(a, b)]
    # "said during a news conference that he may wait": a that-clause misparsed as a
    # relative clause of the noun in an adjunct after the verb
    for c in verb.rights:
        if c.dep_ in {"prep", "npadvmod"}:
            for t in c.subtree:
                if t.dep_ in {"relcl", "acl"} and t.i > verb.i and any(
                        m.dep_ == "mark" and m.lower_ == "that" for m in t.children):
                    a, b = trim(doc, *subtree_range(t))
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
        elif verb.lemma_.lower() in HEARER_VERBS:
            # "Wang told reporters", "assured the minister": the object is who heard it; a
            # quotation next to the cue is what was said
            topical = [c for c in topical if c.dep_ != "dobj"]
            rights = rights[rights.index(topical[0]):] if topical else []
        if rights and topical:
            a, b = trim(doc, rights[0].left_edge.i, rights[-1].right_edge.i + 1)
            if b > a:
                return [(a, b)]
    # "talked about the border", "said of his rival"; after a quotation ("...,” Santorum said
    # of Trump) the quotation is what was said, "of Trump" only its topic
    group_start = min(verb.i, src[0]) if src else verb.i
    quoted_before = group_start > sent.start and doc[group_start - 1].is_punct and any(
        t.is_quote for t in doc[max(sent.start, group_start - 2):group_start])
    for c in verb.rights:
        if c.dep_ == "prep" and c.lower_ in {"about", "of", "over"} and not (quoted_before and c.lower_ == "of"):
            pobj = next((g for g in c.children if g.dep_ in {"pobj", "pcomp"}), None)
            if pobj is not None:
                a, b = trim(doc, pobj.left_edge.i, pobj.right_edge.i + 1)
                if b > a:
                    return [(a, b)]
    # a misparsed clause ("said trilateral cooperation ... was"): the rest of the sentence
    if verb.lemma_.lower() in {"say", "tell"} and any(c.dep_ in {"dobj", "conj"} and c.i > verb.i for c in verb.children):
        a, b = trim(doc, verb.i + 1, sent.end)
        if b - a >= 3 and not doc[verb.i + 1].is_punct:
            return [(a, b)]
    # an inserted attribution: "as Putin said, ..." / "..., I said, ..." -> the clause around it
    group_start = min(verb.i, src[0]) if src else verb.i
    inserted = verb.dep_ == "parataxis" or (verb.dep_ == "advcl" and any(
        m.dep_ == "mark" and m.lower_ == "as" for m in verb.children))
    if inserted and verb.head.pos_ in {"VERB", "AUX"}:
        lo, hi = verb.left_edge.i, verb.right_edge.i + 1
        pieces = [trim(doc, *p) for p in ((sent.start, lo), (hi, sent.end))]
        pieces = [p for p in pieces if p[1] - p[0] >= 2]
        if pieces:
            return pieces
    # a head clause to the left: "X, she said" parsed with the clause as the verb's head
    if verb.dep_ in {"parataxis", "ccomp", "acl", "advcl", "conj", "relcl"} and verb.head.i < group_start:
        prev = doc[group_start - 1] if group_start > sent.start else None
        if prev is not None and (prev.is_punct or prev.is_quote):
            a, b = trim(doc, sent.start, group_start)
            if b > a:
                return [(a, b)]
    # a trailing attribution: "..., X said." where the parse gave the verb no clause
    prev = doc[group_start - 1] if group_start > sent.start else None
    if prev is not None and prev.text in {",", "”", '"', "''", "—", "–"}:
        rest = [t for t in doc[max(verb.i, src[1] if src else verb.i) + 1:sent.end]
                if not t.is_punct and not t.is_space]
        if len(rest) <= 8:
            a, b = trim(doc, sent.start, group_start)
            if b - a >= 3:
                return [(a, b)]
    return []


def _disagreement(verb: Token, lemma: str) -> bool:
    """'Russia's representative did not agree that the situation was special': a negated verb
    of agreement with a that-clause states a disagreement (a claim the speaker denies)."""
    return lemma in {"agree", "accept", "concede"} and is_negated(verb) and any(
        c.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
        for c in verb.children)


def verb_attributions(doc: Doc, sents: SentenceIndex, *, negated: bool = False,
                      citing: bool = False) -> list[Attribution]:
    """A listed reporting verb, or another verb with a clause and a personal subject, with
    its source and content. A cue with no content of its own :attr:`needs_quote`; negated
    cues are left out unless ``negated``, and "citing X" (a chain hop) unless ``citing``."""
    lex = lexicon()
    out = []
    for tok in doc:
        if tok.pos_ not in {"VERB", "AUX"}:
            continue
        lemma = cue_lemma(tok)
        if lemma not in lex.verbs and not _open_cue(tok):
            continue
        disagreement = _disagreement(tok, lemma)
        if (lemma == "cite" and not citing) or nonconfirmation(tok) or (is_negated(tok) and not negated
                                                                          and not disagreement):
            continue  # "citing X" is a chain hop; a negated cue is not a claim
        if disagreement and not negated:
            lemma = "deny"  # "did not agree that X": a stated disagreement, a denial of X
        if tok.dep_ == "amod" or (tok.tag_ == "VBN" and tok.dep_ in {"acl", "amod"}) or reduced_passive(tok):
            continue
        if tok.dep_ == "relcl" and tok.head.dep_ in SUBJECT_DEPS and tok.head.head.lemma_.lower() in lex.verbs:
            continue  # "the sources who spoke ... spoke": the main verb carries the claim
        if any(quoted_as(g) is not None for c in tok.children if c.lower_ == "as" for g in c.children):
            continue  # "BelTA quoted the leader as saying": "saying" carries the claim
        src = source_of(doc, tok)
        frames = lex.verbs.get(lemma, frozenset({"clause"}))
        that_clause = any(c.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
                          for c in tok.children) and any(c.dep_ in SUBJECT_DEPS for c in tok.children)
        if src is None or (lemma not in lex.any_source_verbs and not that_clause and not plausible(phrase_root(doc, *src))):
            continue
        sent = sents.spans[sents.of_token(tok.i)]
        content = content_of(doc, tok, frames, sent, src)
        content = [c for c in content if not (c[0] <= tok.i < c[1])] or content
        kind = "reported" if lemma == "report" else "indirect"
        quoted = quoted_as(tok)  # "BelTA quoted the Belarusian leader as saying": BelTA carries it
        via = None
        if quoted:  # all the quoting verb's subjects: "the state news agency BelTA"
            subjects = [c for c in quoted[1].head.lefts if c.dep_ in SUBJECT_DEPS]
            via = trim(doc, min(c.left_edge.i for c in subjects), quoted[1].right_edge.i + 1, keep_quotes=False)
        if quoted and not content and not any(t.is_quote for t in doc[max(sent.start, via[0] - 2):via[0]]):
            content = content_of(doc, quoted[1].head, frames, sent, via)  # "X, the agency quoted the ministry as saying"
        out.append(Attribution(kind, _cue_range(tok), lemma, src, [char_range(doc, a, b) for a, b in content],
                               needs_quote=not content, core_cue=_core_cue(tok), via=via))
    return out


# --------------------------------------------------------------------------- noun cues
def _when_told(noun: Token) -> bool:
    """'Spicer told reporters after Trump's statement that ...': a noun cue that only dates a
    reporting verb (after, before, following, since) leaves the that-clause to the verb."""
    prep = noun.head
    verb = prep.head
    return noun.dep_ == "pobj" and prep.lower_ in {"after", "before", "following", "since"} \
        and verb.pos_ == "VERB" and cue_lemma(verb) in lexicon().verbs \
        and not any(c.dep_ == "ccomp" and c.left_edge.i < noun.i for c in verb.children)


def noun_attributions(doc: Doc) -> list[Attribution]:
    """'Putin's warning that ...', 'Trump's criticism of the deal': possessive source,
    noun cue, and a clause or prepositional object as content."""
    lex = lexicon()
    out = []
    for tok in doc:
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in lex.noun_cues:
            continue
        poss = next((c for c in tok.children if c.dep_ == "poss"), None)
        if poss is None or not plausible(poss) or _when_told(tok):
            continue
        content = None
        for c in tok.rights:
            if c.dep_ in {"acl", "ccomp"} and any(m.lower_ == "that" for m in c.children if m.dep_ == "mark"):
                content = trim(doc, *subtree_range(c))
            elif c.dep_ == "prep" and c.lower_ in lex.noun_cue_prepositions and content is None:
                pobj = next((g for g in c.children if g.dep_ in {"pobj", "pcomp"}), None)
                if pobj is not None:
                    content = trim(doc, pobj.left_edge.i, pobj.right_edge.i + 1)
            if content:
                break
        if not content or content[1] <= content[0]:
            continue
        src = trim(doc, poss.left_edge.i, poss.right_edge.i + 1, keep_quotes=False)
        if src[1] > src[0] and doc[src[1] - 1].tag_ == "POS":
            src = (src[0], src[1] - 1)
        cue_end = tok.i + 1
        if cue_end < len(doc) and doc[cue_end].dep_ == "prep" and doc[cue_end].lower_ in lex.noun_cue_prepositions:
            cue_end += 1
        out.append(Attribution("indirect", (tok.i, cue_end), tok.lemma_.lower(), src,
                               [char_range(doc, *content)], core_cue=(tok.i, tok.i + 1)))
    return out


# --------------------------------------------------------------------------- according to
def according_to_attributions(doc: Doc, sents: SentenceIndex) -> list[Attribution]:
    """'according to X': the source is X, the content the rest of its sentence."""
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
        src = trim(doc, to.i + 1, pobj.right_edge.i + 1, keep_quotes=False)
        sent = sents.spans[sents.of_token(tok.i)]
        before = trim(doc, sent.start, tok.i)
        after = trim(doc, src[1], sent.end)
        pieces = [p for p in (before, after) if p[1] - p[0] >= 2]
        if not pieces:
            continue
        out.append(Attribution("according_to", (tok.i, to.i + 1), "according to", src,
                               [char_range(doc, a, b) for a, b in pieces]))
    return out


# --------------------------------------------------------------------------- layout
def layout_attributions(doc: Doc) -> list[Attribution]:
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
def cite_attributions(doc: Doc, sents: SentenceIndex, atts: list[Attribution]) -> list[Attribution]:
    """'The Post, the Times and AP cite government officials in their reports': the cited
    source speaks, the citing media are its conduit, and what is claimed is the report of
    the sentence before (the reports those media carry)."""
    out = []
    for tok in doc:
        if tok.lemma_.lower() != "cite" or tok.pos_ != "VERB" or tok.tag_ in {"VBG", "VBN"}:
            continue
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if obj is None or subj is None or noun_class(obj) not in {"anonymous", "group", "role"}:
            continue
        s_idx = sents.of_token(tok.i)
        prev = [a for a in atts if a.content and a.kind in {"reported", "indirect"}
                and sents.of_token(a.cue[0]) == s_idx - 1]
        if not prev:
            continue
        a, b = subtree_range(subj, exclude=tok)
        for c in subj.rights:
            if c.dep_ == "prep" and c.lower_ in {"among", "including"}:
                b = min(b, c.left_edge.i)  # "..., among others,"
        via = trim(doc, a, b, keep_quotes=False)
        src = trim(doc, *subtree_range(obj), keep_quotes=False)
        if via[1] <= via[0] or src[1] <= src[0]:
            continue
        out.append(Attribution("reported", (tok.i, tok.i + 1), "cite", src, list(prev[-1].content), via=via))
    return out
