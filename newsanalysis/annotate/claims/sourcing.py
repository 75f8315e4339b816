"""Sourcing: who speaks for each attribution, through which chain, how anonymous, how sure.

:func:`~newsanalysis.annotate.claims.extract.find_attributions` finds the attributions of
a Doc (cue, source span, content); :func:`resolve` gives each, in text order, a
:class:`~newsanalysis.annotate.claims.model.Sourcing`:

* **speaker**: :func:`~newsanalysis.annotate.claims.speakers.speaker_of` (what the source
  phrase names, resolved with who is who in the article); "I"/"we" outside a quotation are
  the text's author, not anonymous;
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

from spacy.tokens import Doc, Span, Token

from newsanalysis.annotate.claims.lexicon import (
    is_media_name,
    lexicon,
)
from newsanalysis.annotate.claims.model import Attribution, Sourcing, char_range
from newsanalysis.annotate.claims.quotes import find_quotes
from newsanalysis.annotate.claims.referents import Referents
from newsanalysis.annotate.claims.speakers import (
    FIRST_PERSON,
    Who,
    chars,
    clip_range,
    describe,
    repeat,
    resolve_media,
    speaker_of,
)
from newsanalysis.annotate.claims.syntax import (
    doc_ents,
    doc_text,
    nonconfirmation,
    noun_class,
    phrase_root,
    subtree_range,
    trim,
)
from newsanalysis.annotate.sentences import SentenceIndex
from newsanalysis.schemas import THIS_ARTICLE

__all__ = ["chain", "resolve"]

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
            who, ante, group = speaker_of(doc, att, done, refs)
        if ante is not None and who is None:
            done.append(repeat(ante))  # a continued quote, or "he added" after a named speaker
            if att.continuation_of is None and not done[-1].conduits:
                _own_media(doc, att, done[-1], sents)  # "..., she told CNN"
        else:
            done.append(_sourced(doc, att, who, group, sents))
    _interviews(done)
    _nest(doc, atts, done)
    _anonymity(doc, atts, done, sents)
    _status(doc, atts, done, sents)
    return done


# --------------------------------------------------------------------------- chains
def _hop(who: Who, relation: str) -> dict:
    return {"source": who.text, "actor_id": None, "kind": who.kind, "relation": relation}


def _within(tok: Token, spans: list[tuple[int, int]]) -> bool:
    return any(lo <= tok.idx < hi for lo, hi in spans)


def _sentence_hops(doc: Doc, att: Attribution, sent: Span) -> tuple[list[Who], list[tuple[Who, str]]]:
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
                    who = describe(doc, *trim(doc, *subtree_range(obj), keep_quotes=False))
                    if who.kind != "unnamed_group" or noun_class(obj):
                        origins.append(who)
            else:
                agent = next((c for c in t.children if c.dep_ == "agent"), None)
                pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
                if pobj is not None:
                    conduits.append((describe(doc, *trim(doc, *subtree_range(pobj), keep_quotes=False)), "cited by"))
    verb = doc[att.cue[1] - 1]
    if att.lemma == "tell":
        for c in verb.children:
            if c.dep_ in {"dobj", "dative"} and not _within(c, att.content):
                who = describe(doc, *trim(doc, *subtree_range(c), keep_quotes=False))
                if who.kind == "media":
                    conduits.append((who, "said to"))
    interview = _interview_medium(doc, verb, sent, att)
    if interview is not None and not any(w.text == interview.text for w, _ in conduits):
        conduits.append((interview, "said to"))
    return origins, conduits


def _interview_medium(doc: Doc, verb: Token, sent: Span, att: Attribution) -> Who | None:
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
                who = describe(doc, *trim(doc, *subtree_range(pobj), keep_quotes=False))
                if who.kind == "media":
                    return who
    return None


def _source_np_hops(doc: Doc, att: Attribution) -> list[tuple[Who, str]]:
    """Media named inside the source phrase: 'sources cited by X', 'sources who spoke to X'."""
    if not att.source:
        return []
    a, b = att.source
    root = phrase_root(doc, a, b)
    a2, _ = clip_range(doc, a, b, root)
    hops = []
    for e in doc_ents(doc):
        if a <= e.start and e.end <= b and e.start >= a2 and is_media_name(e.text) and e.root.i != root.i:
            prev = doc[e.start - 1] if e.start > 0 else None
            if prev is not None and prev.lower_ in {"by", "with", "to", "and"}:
                hops.append((Who(e.text, chars(e), "media"), "cited by"))
    return hops


def _conduit(doc: Doc, a: int, b: int) -> Who:
    """The media that carry a claim, kept whole when several are listed ('the Post, the Times and AP')."""
    media = [e for e in doc_ents(doc) if a <= e.start and e.end <= b and is_media_name(e.text)]
    if len(media) > 1:
        return Who(doc[a:b].text, char_range(doc, a, b), "media")
    return describe(doc, a, b)


def _sourced(doc: Doc, att: Attribution, who: Who, group: Sourcing | None,
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
    conduits = np_hops[:1] + [(resolve_media(doc, w, at), r) for w, r in conduits]
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


def _own_media(doc: Doc, att: Attribution, rec: Sourcing, sents: SentenceIndex) -> None:
    """The media a repeated speaker talked to in this sentence ("..., she told CNN")."""
    conduits = _sentence_hops(doc, att, sents.spans[sents.of_token(att.cue[0])])[1]
    if conduits and rec.origins:
        rec.origins[-1]["relation"] = conduits[0][1]
        rec.conduits = [_hop(w, r) for w, r in conduits]  # relations as _sourced gives them
        for i, (_, rel) in enumerate(conduits[1:]):
            rec.conduits[i]["relation"] = rel


def _interviews(resolved: list[Sourcing]) -> None:
    """A named speaker who talked to one medium ("in an interview with the National Interest",
    "she told CNN") spoke to it in the whole article: their other claims, with no medium of
    their own, go through it too, before that sentence as after it. A speaker who talked to
    several media keeps each claim as written."""
    media: dict[str, list[dict]] = {}
    for rec in resolved:
        said_to = next((h for h in rec.conduits if h.get("relation") == "said to"), None)
        if rec.speaker_kind == "named_person" and said_to is not None \
                and said_to["source"] not in {h["source"] for h in media.get(rec.speaker, [])}:
            media.setdefault(rec.speaker, []).append(said_to)
    for rec in resolved:
        one = media.get(rec.speaker, [])
        if rec.speaker_kind == "named_person" and len(one) == 1 and len(rec.origins) == 1 and not rec.conduits:
            rec.origins[0]["relation"] = "said to"
            rec.conduits = [dict(one[0], relation="")]


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
        if not rec.origins[1:] and rec.head_noun in FIRST_PERSON and rec.speaker.lower() in FIRST_PERSON:
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
