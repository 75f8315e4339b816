"""Is an escalation hit negated, and is it conditional? Read off the dependency parse.

:func:`hit_context` walks from the hit's syntactic root up its heads to the verb that heads
its clause (and one step further through an infinitival or open complement: "not allow
conflict and turmoil to happen", "threatens to lead to ..."), collecting the cues of
``resources/escalation_cues.tsv``.

Negation
--------
``negated`` is set when the act itself is negated or denied: a ``not``/``never`` on the hit's
verb or on the verb that governs it ("will not escalate", "did not comment on ... the
deployment of troops", "do not send your children to war"), a ``no`` determiner on the hit
("there is no fighting"), or a denial verb ("denied", "preventing all manner of provocation",
"ruled out"). Its scope is limited, because most negations in a sentence are about something
else:

* a negation does not cross a noun phrase: in "no immediate claim of responsibility for the
  rocket strike" and "we don't have access to the occupied areas" the responsibility and the
  access are negated, not the strike or the occupation. It crosses a noun of quantity
  ("preventing all manner of provocation") and a reporting noun of the claims lexicon, whose
  content it reaches ("did not comment on reports about ... the deployment of troops");
* a negated verb negates its subject only when the verb says that the act happens ("the war
  did not start", a passive "sanctions were not imposed"): "this war does not make sense"
  negates the sense;
* "not just X but Y" is not a negation, and "failed to prevent" cancels the denial;
* a ``not`` inside the lexicon entry ("not sit idly by") belongs to the idiom.

Conditionals
------------
``conditional`` is set for hypotheticals: a modal could/would/might/may on the governing verb
(with the same scope as negation, so "the airstrikes could indicate ..." leaves the strikes
real), an ``if``/``unless`` clause, "in the event of"/"in case of", a hedging noun or
adjective on the way up ("the risk of escalation", "potential peace negotiations", "seems
unlikely", "is likely to"), a governing "threaten to"/"risk"/"fear", and an act in "any attempt
to X" or in the subject of a hypothetical ("any attempt to impose a no-fly zone would lead to
catastrophic consequences"). Not conditional: calls
and obligations (should, must: a call is a ``statement`` usage), "can" (ability), "would
like", and a "would" under a past reporting verb ("Xi said China would not allow ...", a
backshifted "will"; the reporting verbs are the claims lexicon's).
"""

from __future__ import annotations

import functools

from spacy.tokens import Span, Token

from newsanalysis.annotate.claims.lexicon import lexicon
from newsanalysis.annotate.ladder import load_cues
from newsanalysis.resources import read_lines

__all__ = ["CONDITIONAL_MODALS", "clause_path", "hit_context", "in_scope", "phrase_verb", "reporting_nouns"]

#: Modals that make their clause hypothetical (closed class; "should", "must" and "can" do not).
CONDITIONAL_MODALS = frozenset({"could", "would", "might", "may"})
_NOUNISH = ("NOUN", "PROPN", "PRON", "ADJ", "NUM")
_MAX_STEPS = 12


@functools.lru_cache(maxsize=1)
def reporting_nouns() -> frozenset[str]:
    """The claims lexicon's reporting nouns and the cues' report nouns ("claims", "reports"):
    a negation reaches their content ("did not comment on reports about the deployment", "denied reports of a strike")."""
    return frozenset(w.lower() for w in read_lines("reporting_nouns.txt")) | load_cues()["report_noun"]


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def phrase_verb(tok: Token) -> str:
    """The verb's lemma with its particle ("rule out", "break out"), else its lemma."""
    prt = [c.lower_ for c in tok.children if c.dep_ == "prt"]
    return f"{_lemma(tok)} {prt[0]}" if prt else _lemma(tok)


def clause_path(span: Span) -> list[Token]:
    """The hit's root and its heads up to the verb heading its clause (inclusive)."""
    path = [span.root]
    tok = span.root
    for _ in range(_MAX_STEPS):
        if (tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("amod", "compound")) or tok.dep_ == "ROOT" \
                or tok.head is tok:
            break  # (a participle used as an adjective is no clause verb: "increasing sanctions pressure")
        tok = tok.head
        path.append(tok)
    return path


def in_scope(verb: Token, below: Token | None, inside: range) -> bool:
    """Does a negation or modal on ``verb`` reach the hit, whose path reaches ``verb`` through
    ``below``? Not through the verb's subject, unless the verb says the act happens."""
    if below is None or verb.i in inside:
        return True
    if below.dep_ in ("nsubj", "csubj", "expl"):
        cues = load_cues()["occurrence_verb"]
        return phrase_verb(verb) in cues or _lemma(verb) in cues
    return True


def _backshifted(verb: Token) -> bool:
    """A "would" under a past speech or thought verb is a backshifted "will" (not a
    perfect: "would have led" stays hypothetical)."""
    if any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children):
        return False
    head = verb
    while head.dep_ == "conj" and head.head is not head:
        head = head.head
    return head.dep_ == "ccomp" and _lemma(head.head) in lexicon().verbs


def _not_just(neg: Token) -> bool:
    """``not`` opening "not just/only ... but": no negation."""
    nxt = neg.nbor(1) if neg.i + 1 < len(neg.doc) else None
    return nxt is not None and nxt.lower_ in load_cues()["negation_limiter"]


def _negation(tok: Token, inside: range) -> bool:
    """A negating dependent of ``tok`` outside the hit: ``not``, ``never``, a ``no``
    determiner, or a negative subject ("no one can threaten us", "nobody attacked")."""
    words = load_cues()["negation"]
    for child in tok.children:
        if child.i in inside:
            continue
        if child.dep_ == "neg" and not _not_just(child):
            return True
        if child.dep_ in ("det", "preconj") and child.lower_ in words:
            return True
        if child.dep_ in ("nsubj", "nsubjpass") and tok.pos_ in ("VERB", "AUX") and (
                child.lower_ in words or any(g.dep_ == "det" and g.lower_ in words for g in child.children)):
            return True
    return False


def _denial(verb: Token, inside: range) -> bool:
    cues = load_cues()
    if verb.i in inside or phrase_verb(verb) not in cues["denial_verb"] and _lemma(verb) not in cues["denial_verb"]:
        return False
    failed = verb.dep_ == "xcomp" and _lemma(verb.head) in cues["failure_verb"]
    return not failed


def _modal(verb: Token, inside: range) -> bool:
    """A hypothetical modal on ``verb`` (not "would like", not a backshifted "would")."""
    cues = load_cues()
    for child in verb.children:
        if child.i in inside or child.dep_ not in ("aux", "auxpass") or child.lower_ not in CONDITIONAL_MODALS:
            continue
        if child.lower_ == "would" and (_lemma(verb) in cues["desire_verb"] or _backshifted(verb)):
            continue
        return True
    return False


def _if_clause(verb: Token) -> bool:
    """``verb`` heads, or governs, an if/unless clause."""
    marks = load_cues()["conditional_mark"]
    if any(c.dep_ == "mark" and c.lower_ in marks for c in verb.children):
        return True
    return verb.pos_ in ("VERB", "AUX") and any(
        c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in marks for g in c.children)
        for c in verb.children)


def _hedged(tok: Token, inside: range) -> bool:
    """A hedging word on ``tok``: "potential talks", "seems unlikely", "will likely regroup",
    "the risk of ..." (``tok`` a noun outside the hit), "in the event of ..."."""
    cues = load_cues()
    adjectives = cues["conditional_adjective"]
    for child in tok.children:
        if child.i not in inside and child.dep_ in ("amod", "acomp", "advmod", "xcomp", "oprd") and (
                _lemma(child) in adjectives or child.lower_ in adjectives):
            return True
    if tok.i not in inside and tok.pos_ == "NOUN" and _lemma(tok) in cues["conditional_noun"]:
        return True
    return tok.lower_ == "of" and tok.head.lemma_.lower() in ("event", "case") and tok.head.head.lower_ == "in"


def hit_context(span: Span) -> tuple[bool, bool]:
    """(negated, conditional) for a hit, from the dependency parse around it (see the module
    docstring for the rules and their scope)."""
    cues = load_cues()
    inside = range(span.start, span.end)
    path = clause_path(span)
    negated = conditional = False
    scope = True  # closed once the walk has crossed a noun phrase other than the hit's
    below: Token | None = None
    for tok in path:
        if below is not None and tok.i not in inside and tok.pos_ in _NOUNISH and not (
                below.dep_ in ("compound", "amod", "conj", "appos", "nmod")
                or (below.lower_ == "of" and _lemma(tok) in cues["quantity_noun"])
                or (below.pos_ == "ADP" and _lemma(tok) in reporting_nouns())):
            scope = False
        reach = scope and in_scope(tok, below, inside)
        if reach and (_negation(tok, inside) or _denial(tok, inside)):
            negated = True
        if _hedged(tok, inside) or (reach and (_modal(tok, inside) or _if_clause(tok))):
            conditional = True
        below = tok
    verb, arg = path[-1], (path[-2] if len(path) > 1 else None)
    if not scope:
        return negated, conditional
    for _ in range(3):  # up a chain of complements: "did not wish to see war break out"
        head = verb.head
        if head is verb:
            break
        own_aux = any(c.dep_ in ("aux", "auxpass", "neg") for c in verb.children)
        to_clause = verb.dep_ in ("ccomp", "advcl") and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        bare = verb.dep_ == "ccomp" and verb.tag_ == "VB" and not own_aux  # "see war break out"
        if verb.dep_ in ("xcomp", "csubj") or to_clause or bare or (verb.dep_ == "conj" and not own_aux):
            # "not allow X to happen", "embarking on X would be difficult", "could prolong and escalate"
            if not in_scope(verb, arg, inside):
                break
            if _negation(head, inside) or _denial(head, inside):
                negated = True
            if _modal(head, inside) or phrase_verb(head) in cues["conditional_verb"]:
                conditional = True
            verb, arg = head, verb
            continue
        if verb.dep_ == "acl" and head.pos_ == "NOUN" and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) and (
                any(c.dep_ == "det" and c.lower_ == "any" for c in head.children)
                or (head.dep_ in ("nsubj", "nsubjpass") and _modal(head.head, inside))):
            conditional = True  # "any attempt to impose a no-fly zone would lead to ..."
        elif verb.dep_ in ("ccomp", "acl") and (_lemma(head) in cues["conditional_verb"] or (
                head.pos_ == "NOUN" and _lemma(head) in cues["conditional_noun"]
                and any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children))):
            # "fears that ...", "the possibility his regime will be charged with ..." (a content
            # clause with its own subject; not "the threats posed by the invasion")
            conditional = True
        break
    return negated, conditional
