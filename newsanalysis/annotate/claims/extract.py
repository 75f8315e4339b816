"""The claims extractor: from one parsed Doc to the rows of the ``claims`` table.

:func:`find_attributions` runs the steps in order: the rule-based cue finders of
:mod:`~newsanalysis.annotate.claims.cues`, one attribution per cue, the quotations of
:mod:`~newsanalysis.annotate.claims.quotes`, the cues inside a quoted statement left to
its speaker, the learned tagger of :mod:`~newsanalysis.annotate.claims.learned` and the
"X cite Y" retellings. :func:`extract_claims` then has
:func:`~newsanalysis.annotate.claims.sourcing.resolve` give each attribution its speaker,
chain, anonymity and status, and makes the table rows. Nothing here catches exceptions:
a failure reaches :func:`~newsanalysis.annotate.extract.extract_doc`, which records it.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from newsanalysis.annotate.claims.cues import (
    according_to_attributions,
    cite_attributions,
    layout_attributions,
    noun_attributions,
    verb_attributions,
)
from newsanalysis.annotate.claims.learned import learned_attributions
from newsanalysis.annotate.claims.lexicon import SECOND_PERSON
from newsanalysis.annotate.claims.model import Attribution, Sourcing, token_end, with_cues
from newsanalysis.annotate.claims.quotes import attach_quotes, find_quotes, quote_tokens
from newsanalysis.annotate.claims.roles import body_nouns
from newsanalysis.annotate.claims.sourcing import chain, resolve
from newsanalysis.annotate.claims.speakers import expletive
from newsanalysis.annotate.claims.syntax import doc_text, participle_speaker, phrase_root
from newsanalysis.annotate.claims.tagger import AttributionTagger
from newsanalysis.annotate.sentences import SentenceIndex
from newsanalysis.resources import read_words
from newsanalysis.schemas import SPEAKER_KINDS

__all__ = ["extract_claims", "find_attributions"]


def extract_claims(doc: Doc, article_id: str, *, sents: SentenceIndex | None = None,
                   tagger: AttributionTagger | None = None) -> list[dict]:
    """One dict per attributed statement in ``doc``, in text order.

    Parameters
    ----------
    doc
        A Doc parsed by the trained pipeline (``load_nlp()``); offsets are into ``doc.text``.
    article_id
        Used for ``claim_id = f"{article_id}:c{n:03d}"`` (n counts from 0 in text order).
    sents
        The article's :class:`~newsanalysis.annotate.sentences.SentenceIndex` (built when
        omitted).
    tagger
        The learned attribution tagger for the pipeline that parsed ``doc``
        (:func:`~newsanalysis.annotate.claims.tagger.tagger_for`); None: the rules alone.

    Returns
    -------
    list of dict
        The columns of :class:`~newsanalysis.schemas.ClaimSchema`; ``speaker_actor_id``
        is None (``annotate`` fills it).

    Examples
    --------
    >>> doc = load_nlp()("“We will win,” Kim said.")          # doctest: +SKIP
    >>> extract_claims(doc, "a1")[0]["speaker"]                # doctest: +SKIP
    'Kim'
    """
    sents = sents if sents is not None else SentenceIndex(doc)
    atts = find_attributions(doc, sents=sents, tagger=tagger)
    return _rows(doc, article_id, atts, resolve(doc, atts, sents), sents)


def find_attributions(doc: Doc, *, sents: SentenceIndex | None = None,
                      nested: bool = True, negated: bool = False,
                      tagger: AttributionTagger | None = None,
                      statements_only: bool | None = None) -> list[Attribution]:
    """All attributions of a Doc as :class:`~newsanalysis.annotate.claims.model.Attribution`
    objects, in text order.

    The defaults are what :func:`extract_claims` uses. The two options follow PolNeAR's
    annotation conventions, for the benchmark: ``nested=False`` drops attributions whose
    cue lies inside another one's content (PolNeAR labels each token at most once;
    ``extract_claims`` keeps them and chains them through the outer speaker), and
    ``negated=True`` keeps negated cues ("did not say"), which PolNeAR annotates but
    which state no claim. With ``nested=False`` a "citing X" participle is also an
    attribution of its own (PolNeAR's; ``extract_claims`` makes X an origin of the chain
    instead), and "X cite Y in their reports", which retells the report of the sentence
    before, is left out (its content is that report's, already labelled).

    With a ``tagger`` (:func:`~newsanalysis.annotate.claims.tagger.tagger_for` the
    pipeline that parsed ``doc``; ``annotate`` passes it), the learned tagger adds the
    attributions the rules miss and extends the rules' cues to the words PolNeAR counts
    in them. Its attributions must then state something, a clause or a quotation ("Israel
    passed a bill" is an act, not a claim), unless ``statements_only`` is False (None:
    False with ``nested=False``, PolNeAR's conventions, which also count acts).
    """
    sents = sents if sents is not None else SentenceIndex(doc)
    atts = (verb_attributions(doc, sents, negated=negated, citing=not nested) + noun_attributions(doc)
            + according_to_attributions(doc, sents) + layout_attributions(doc))
    atts = _dedupe(atts)
    quotes = quote_tokens(doc, find_quotes(doc_text(doc)))
    atts = attach_quotes(doc, atts, quotes)
    atts = _drop_nested(doc, atts, quotes, all_nested=not nested)
    if tagger is not None and doc.tensor.size and doc.tensor.shape[0] == len(doc):
        stmts = nested if statements_only is None else statements_only
        atts = learned_attributions(doc, sents, atts, tagger, polnear=not nested, negated=negated,
                                    statements_only=stmts)
    if nested:  # a second telling of an earlier claim: PolNeAR labels each token once
        atts += cite_attributions(doc, sents, atts)
        # "investors fear that ...": a person's mental state is no statement unless it is
        # quoted (PolNeAR counts them; resources/mental_verbs.txt); a body's is its stated
        # position ("the administration fears that ...")
        mental = read_words("mental_verbs.txt")
        atts = [a for a in atts if a.lemma not in mental or a.kind == "direct" or _a_body(doc, a)]
        atts = [_participle_speaker(doc, a) for a in atts]
        # "information you want to share": a generic "you" is nobody's claim, nor is the
        # "it" of "it was agreed that" or "it is important to"
        atts = [a for a in atts if not (a.source and a.source[1] - a.source[0] == 1 and (
            doc[a.source[0]].lower_ in SECOND_PERSON or (doc[a.source[0]].lower_ == "it" and expletive(doc[a.source[0]]))))]
        atts = [a for a in atts if not _only_a_pronoun(doc, a)]
    if not nested:
        atts = _auxiliaries_in_cue(doc, atts)
    atts.sort(key=lambda a: (a.char_span(doc)[0], a.cue[0]))
    return atts


def _only_a_pronoun(doc: Doc, att: Attribution) -> bool:
    """'which was widely reported by media', 'support him', 'what Trump knew about it': a
    content that is one pronoun or wh-word states nothing."""
    if att.kind == "direct" or len(att.content) != 1:
        return False
    span = doc.char_span(*att.content[0], alignment_mode="expand")
    words = [t for t in span if not t.is_punct] if span is not None else []
    return len(words) == 1 and words[0].pos_ in {"PRON", "DET"}


def _participle_speaker(doc: Doc, att: Attribution) -> Attribution:
    """'He clarified his position saying that': "He" speaks, not "his position"."""
    verb = doc[(att.core_cue or att.cue)[0]]
    src = participle_speaker(doc, verb) if att.found_by == "rules" else None
    return replace(att, source=src) if src is not None else att


def _a_body(doc: Doc, att: Attribution) -> bool:
    """Is the source of ``att`` an institution (an organization or country, or a body noun)?"""
    if not att.source:
        return False
    root = phrase_root(doc, *att.source)
    return root.ent_type_ in {"ORG", "GPE"} or root.lemma_.lower() in body_nouns()


def _dedupe(atts: list[Attribution]) -> list[Attribution]:
    """The first attribution of each cue."""
    seen, out = set(), []
    for a in atts:
        if a.cue in seen:
            continue
        seen.add(a.cue)
        out.append(a)
    return out


def _drop_nested(doc: Doc, atts: list[Attribution], quotes, *, all_nested: bool) -> list[Attribution]:
    """Without the cues inside a quoted statement that are the quoted speaker's own ("I
    believe", "we said") and, with ``all_nested`` (PolNeAR's conventions), every cue inside
    another attribution's quotation or paraphrase. A third party quoted inside a quotation
    ("Experts say that ..." in an envoy's words) stays: its chain goes through the quoted
    speaker (:func:`~newsanalysis.annotate.claims.sourcing.resolve`)."""
    qspans = [(qs, qe) for qs, qe, _, _ in quotes]
    outer = []
    for a in atts:
        cs = doc[a.cue[0]].idx
        inside = [(qs, qe) for qs, qe in qspans if qs < cs < qe]
        if a.continuation_of is None and inside and any(
                b is not a and any(lo <= inside[0][0] < hi for lo, hi in b.content) for b in atts) \
                and (all_nested or not _third_party(doc, a)):
            continue  # the quoted speaker's own cue, not the article's
        outer.append(a)
    if not all_nested:
        return outer
    # then, among the article's own attributions, those inside another's paraphrase
    return [a for a in outer if a.continuation_of is not None or not any(
        b is not a and b.kind != "direct" and any(lo <= doc[a.cue[0]].idx < hi for lo, hi in b.content)
        for b in outer)]


def _third_party(doc: Doc, att: Attribution) -> bool:
    """Is the source of an attribution someone other than the speaker of the quotation it
    sits in: a noun phrase, not a pronoun ("Experts say" yes; "I believe", "he said" no)?"""
    if not att.source:
        return False
    root = phrase_root(doc, *att.source)
    return root.pos_ != "PRON" and att.found_by == "rules" and att.lemma not in read_words("mental_verbs.txt")


def _auxiliaries_in_cue(doc: Doc, atts: list[Attribution]) -> list[Attribution]:
    """PolNeAR's cue holds the verb's auxiliaries, its negation and its particle ("has
    not *yet* said" keeps "has not", "pointed out"): 97 % of them in PolNeAR *train*."""
    cues = []
    for a in atts:
        lo, hi = a.cue
        mine = range(a.cue[0], a.cue[1])
        while lo > 0 and doc[lo - 1].dep_ in {"aux", "auxpass", "neg"} and doc[lo - 1].head.i in mine:
            lo -= 1
        while hi < len(doc) and doc[hi].dep_ == "prt" and doc[hi].head.i in mine:
            hi += 1
        overlaps_source = a.source and a.source[0] < hi and lo < a.source[1]
        cues.append(a.cue if overlaps_source else (lo, hi))
    return with_cues(atts, cues)


def _rows(doc: Doc, article_id: str, atts: list[Attribution], resolved: list[Sourcing],
          sents: SentenceIndex) -> list[dict]:
    """The claims-table dicts of the attributions and their sourcing."""
    rows = []
    text = doc_text(doc)
    for n, (a, s) in enumerate(zip(atts, resolved)):
        core = a.core_cue or a.cue
        cue_s, cue_e = doc[core[0]].idx, token_end(doc[core[1] - 1])
        c_s, c_e = a.content[0][0], a.content[-1][1]
        if a.continuation_of is not None:
            start, end, anchor = c_s, c_e, c_s
        else:
            (start, end), anchor = a.char_span(doc), cue_s
        hops = chain(a, s)
        sp = s.speaker_span
        rows.append({
            "claim_id": f"{article_id}:c{n:03d}", "article_id": article_id,
            "sent_idx": sents.of_char(anchor), "start": start, "end": end,
            "content": text[c_s:c_e], "content_start": c_s, "content_end": c_e,
            "kind": a.kind, "cue": text[cue_s:cue_e], "cue_start": cue_s, "cue_end": cue_e,
            "speaker": s.speaker or hops[0]["source"],
            "speaker_start": sp[0] if sp else None, "speaker_end": sp[1] if sp else None,
            "speaker_actor_id": None,
            "speaker_kind": s.speaker_kind if s.speaker_kind in SPEAKER_KINDS else "unnamed_group",
            "anonymous": bool(s.anonymity_reason), "anonymity_reason": s.anonymity_reason,
            "chain": hops, "chain_text": " → ".join(h["source"] for h in hops),
            "status": s.status, "found_by": a.found_by,
        })
    return rows
