"""The glue between the rules and the learned attribution tagger.

The tagger (:mod:`~newsanalysis.annotate.claims.tagger`) labels every token source, cue,
content or nothing, reading the Doc and what the rules found. :func:`learned_attributions`
turns its cue runs that no rule found into attributions ("reportedly instructed the EPA
to remove ..."): the tagger's cue words, the nearest source and content it marks in the
sentence, or the verb's subject and clause. Cues the rules decline on purpose (negated,
"without confirming", "citing X") stay declined; for the claims table an attribution
needs a speaker and must state something, not report an act (:func:`_states`). With
PolNeAR's conventions the rules' cues also take the cue words the tagger marks next to
them.
"""

from __future__ import annotations

import numpy as np
from spacy.tokens import Doc, Token

from newsanalysis.annotate.claims.cues import content_of
from newsanalysis.annotate.claims.lexicon import lexicon
from newsanalysis.annotate.claims.model import Attribution, char_range, with_cues
from newsanalysis.annotate.claims.syntax import (
    is_negated,
    nonconfirmation,
    phrase_root,
    plausible,
    reduced_passive,
    source_of,
    subject,
    trim,
)
from newsanalysis.annotate.claims.tagger import AttributionTagger, rule_matrix
from newsanalysis.annotate.sentences import SentenceIndex

__all__ = ["learned_attributions"]


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """Token ranges of the consecutive True values of ``mask``."""
    edges = np.flatnonzero(np.diff(np.concatenate([[0], mask.astype(np.int8), [0]])))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist()))


def learned_attributions(doc: Doc, sents: SentenceIndex, atts: list[Attribution],
                         tagger: AttributionTagger, *, polnear: bool, negated: bool,
                         statements_only: bool) -> list[Attribution]:
    """The rules' attributions ``atts``, then those from the tagger's cue runs that no rule
    found, each with the source and content runs of its sentence nearest to it.

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
        wide, taken = _extended_cues(doc, atts, label == 2, taken)
        atts = with_cues(atts, wide)
    free = ~taken

    def head_of(a: int, b: int) -> int:
        return max(range(a, b), key=lambda k: (doc[k].pos_ in {"VERB", "NOUN", "ADJ"}, -k))

    def declined(t: Token) -> bool:
        return (is_negated(t) and not negated) or nonconfirmation(t) or reduced_passive(t) or (
            t.lemma_.lower() == "cite" and not polnear)

    cues = [r for r in _runs((label == 2) & free)
            if doc[head_of(*r)].pos_ in {"VERB", "NOUN", "ADJ"} and not any(declined(t) for t in doc[r[0]:r[1]])]
    if not cues:
        return atts
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
            syn = [r for r in content_of(doc, doc[head], frozenset({"clause", "object", "xcomp"}), sent, src)
                   if not taken[r[0]:r[1]].any() and not r[0] <= head < r[1]]
            if syn and sum(r[1] - r[0] for r in syn) >= sum(r[1] - r[0] for r in mine_c):
                mine_c = syn
        if sum(hi - lo for lo, hi in mine_c) < 3:
            continue  # a cue with (next to) nothing attributed states no claim
        quoted = all(doc[r[0] - 1].is_quote or doc[r[0]].is_quote for r in mine_c if r[0] > 0)
        if statements_only and not _states(doc, head, mine_c, quoted):
            continue
        out.append(Attribution("direct" if quoted else "indirect", (a, b), doc[head].lemma_.lower(), src,
                               [char_range(doc, *r) for r in mine_c], core_cue=(head, head + 1),
                               found_by="tagger"))
    return atts + out


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
    return lemma in lexicon().verbs or lemma in lexicon().noun_cues or any(
        phrase_root(doc, *r).pos_ in {"VERB", "AUX"} for r in content)


def _extended_cues(doc: Doc, atts: list[Attribution], cue: np.ndarray,
                   taken: np.ndarray) -> tuple[list[tuple[int, int]], np.ndarray]:
    """PolNeAR's cue of each attribution: the rules' cue and the free cue-labelled words
    next to it ("said" + "in a statement on Tuesday"), and ``taken`` with them marked."""
    taken = taken.copy()
    cues = []
    for a in atts:
        lo, hi = a.cue
        while lo > 0 and cue[lo - 1] and not taken[lo - 1]:
            lo -= 1
        while hi < len(doc) and cue[hi] and not taken[hi]:
            hi += 1
        if (lo, hi) != a.cue:
            taken[lo:hi] = True
        cues.append((lo, hi))
    return cues, taken


def _learned_source(doc: Doc, cue: tuple[int, int], head: int, runs: list[tuple[int, int]],
                    taken: np.ndarray, sents: SentenceIndex) -> tuple[int, int] | None:
    """The source of a tagger cue: its nearest source run grown to the whole noun phrase
    ("The group", "Sens. Jon Tester (D-Mont.) and David Vitter"), else the cue verb's
    subject when it can speak, else None."""
    a, b = cue
    sent_of = sents.of_token
    if runs:
        src = min(runs, key=lambda r: min(abs(r[0] - b), abs(a - r[1])))
        root = phrase_root(doc, *src)
        while root.dep_ in {"conj", "appos", "compound"} and root.head.pos_ in {"PROPN", "NOUN"} \
                and not a <= root.head.i < b:
            root = root.head
        lo, hi = root.left_edge.i, root.right_edge.i + 1
        if lo < src[0] and not taken[lo:src[0]].any() and sent_of(lo) == sent_of(src[0]) and not lo <= a < src[0]:
            src = trim(doc, lo, src[1], keep_quotes=False)
        if hi > src[1] and not taken[src[1]:hi].any() and sent_of(hi - 1) == sent_of(src[0]) and not src[1] <= a < hi:
            src = trim(doc, src[0], hi, keep_quotes=False)
        return src if any(t.is_alpha for t in doc[src[0]:src[1]]) else None  # not a stray "/"
    if doc[head].pos_ not in {"VERB", "AUX"}:
        return None
    subj = subject(doc[head])
    cand = source_of(doc, doc[head]) if subj is not None and plausible(subj) else None
    if cand is not None and not taken[cand[0]:cand[1]].any() and not cand[0] <= head < cand[1]:
        return cand
    return None
