"""Sourcing: who speaks for each attribution, through which chain, how anonymous, how sure.

:mod:`newsanalysis.claims` finds the attributions of a Doc (cue, source span, content);
this module resolves them, in text order, and turns them into table rows:

* **speaker**: the source noun phrase described as a named person, named organization,
  medium, anonymous source or unnamed group (:func:`_describe`); a pronoun ("he
  stressed"), a role noun ("the broadcaster added", "that North American media") or a
  described group ("the officials") is resolved to the nearest fitting earlier speaker;
* **chain**: origins (``citing X``) -> speaker -> conduits (``as cited by X``, ``told
  <medium>``, ``sources cited by X``, "X cite Y", and the outer speaker of a claim
  reported inside another claim) -> this article;
* **anonymity**: the marker or stated reason from ``resources/anonymity_markers.txt``,
  else a described origin's kind ("unnamed sources", "described but unnamed");
* **status**: from the cue's lemma and the sentence's phrases
  (``resources/status_cues.txt``), and "unconfirmed" for reports that a later sentence
  says nobody confirmed.

:func:`resolve` fills these on the :class:`~newsanalysis.claims.Attribution` objects;
:func:`rows` makes the claims-table dicts. :func:`newsanalysis.claims.extract_claims`
calls both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsanalysis.annotate.claims.cues import (
    _DEMONSTRATIVES,
    _ENT_NAMED,
    _GROUP_PRONOUNS,
    _NAMED_LABELS,
    _ORG_PRONOUNS,
    _PERSON_PRONOUNS,
    Attribution,
    _ents,
    _is_media_name,
    _lexicon,
    _nonconfirmation,
    _noun_class,
    _root,
    _span_chars,
    _subtree_range,
    _tok_end,
    _trim,
)
from newsanalysis.annotate.claims.quotes import doc_text
from newsanalysis.annotate.sentences import SentenceIndex
from newsanalysis.schemas import SPEAKER_KINDS, THIS_ARTICLE

__all__ = ["resolve", "rows"]


# --------------------------------------------------------------------------- speakers
@dataclass
class _Who:
    text: str
    span: tuple[int, int] | None
    kind: str
    head: str = ""
    anaphor: str = ""   # person | org | group | media | described ("the officials")


def _ent_at(doc: Doc, i: int) -> Span | None:
    for e in _ents(doc):
        if e.start <= i < e.end and e.label_ in _NAMED_LABELS:
            return e
    return None


def _chars(span: Span) -> tuple[int, int]:
    return span.start_char, span.end_char


def _describe(doc: Doc, a: int, b: int) -> _Who:
    """Name, span and kind of the source noun phrase doc[a:b]."""
    a, b = _trim(doc, a, b, keep_quotes=False)
    if b <= a:
        return _Who("", None, "unnamed_group")
    root = _root(doc, a, b)
    text_span = doc[a:b]
    low = root.lower_
    if b - a == 1 and low in {"who", "which", "that"} and root.head.dep_ == "relcl" and root.head.head.i < a:
        # "companies, which demanded": the speaker is the noun the clause is about
        noun = root.head.head
        return _describe(doc, noun.left_edge.i, root.head.left_edge.i)
    if b - a == 1 and root.pos_ == "PRON":
        # "I", "we", "you" are not an earlier speaker repeated: outside a quotation they
        # are the writer or the outlet ("We reported last week"), and stay as they are
        kind = ("person" if low in _PERSON_PRONOUNS else "org" if low in _ORG_PRONOUNS
                else "group" if low in _GROUP_PRONOUNS else "")
        return _Who(root.text, _chars(text_span), "unnamed_group", low, kind)
    ents = [e for e in _ents(doc) if a <= e.start and e.end <= b and e.label_ in _NAMED_LABELS]
    has_conj = any(c.dep_ == "conj" for c in root.children) and not any(
        c.dep_ == "cc" and c.lower_ == "or" for c in root.children)
    cls = _noun_class(root)
    persons = [e for e in ents if e.label_ == "PERSON"]
    last = doc[b - 1]
    if not persons and _noun_class(last) in {"anonymous", "group"} and root.i != last.i and last.pos_ in {"NOUN", "ADJ"}:
        root, cls, low = last, _noun_class(last), last.lower_  # "Ukraine official": not Ukraine
    own = _ent_at(doc, root.i)
    if own is None and root.pos_ == "NOUN" and root.tag_ != "NNS" and ents and cls in {"", "role"} and all(
            e.root.head.i == root.i and e.root.dep_ in {"compound", "poss", "nmod", "amod"} for e in ents):
        # "The Biden administration", "the Kremlin's press office": a body named after its owner
        return _Who(text_span.text, _chars(text_span), "named_organization", low)
    if has_conj and ents:
        kind = "media" if _is_media_name(text_span.text) else _ENT_NAMED.get(ents[0].label_, "named_organization")
        return _Who(text_span.text, _chars(text_span), kind, low)
    if own is not None and own.start >= a and own.end <= b:
        kind = "media" if _is_media_name(own.text) else _ENT_NAMED.get(own.label_, "named_organization")
        return _Who(own.text, _chars(own), kind, low)
    if persons and cls not in {"media"}:
        appos = [e for e in persons if any(c.dep_ == "appos" and e.start <= c.i < e.end for c in root.children)]
        e = (appos or persons)[0]
        return _Who(e.text, _chars(e), "named_person", low)
    if cls == "media":
        named = [e for e in ents if _is_media_name(e.text) or e.label_ == "ORG"]
        if named:
            return _Who(named[0].text, _chars(named[0]), "media", low)
        det = [c.lower_ for c in root.children if c.dep_ in {"det", "poss"}]
        if any(d in _DEMONSTRATIVES for d in det):
            return _Who(text_span.text, _chars(text_span), "media", low, "media")
        return _Who(text_span.text, _chars(text_span), "media", low)
    if cls in {"anonymous", "group"} or (low == "one" and any(
            _noun_class(g) for c in root.children if c.dep_ == "prep" for g in c.children)):
        head = root
        if low == "one":
            head = next(g for c in root.children if c.dep_ == "prep" for g in c.children if _noun_class(g))
        dets = {c.lower_ for c in head.children if c.dep_ in {"det", "poss"}}
        kind = "anonymous" if _noun_class(head) == "anonymous" else "unnamed_group"
        anaphor = "described" if dets & {"the", "these", "those", "that", "this"} else ""
        a2, b2 = _clip_range(doc, a, b, root)
        return _Who(doc[a2:b2].text, _span_chars(doc, a2, b2), kind, head.lemma_.lower(), anaphor)
    if ents:
        e = ents[0]
        kind = "media" if _is_media_name(e.text) else _ENT_NAMED.get(e.label_, "named_organization")
        if root.pos_ == "PROPN" or e.label_ in {"ORG", "GPE"}:
            return _Who(e.text, _chars(e), kind, low)
    return _Who(text_span.text, _chars(text_span), "unnamed_group", low)


def _clip_range(doc: Doc, a: int, b: int, root: Token) -> tuple[int, int]:
    """The noun phrase without relative clauses and participle phrases ('sources cited by X')."""
    for c in root.rights:
        if c.dep_ in {"acl", "relcl"} and a <= c.i < b:
            return _trim(doc, a, c.left_edge.i, keep_quotes=False)
    return a, b


def _hop(who: _Who, relation: str) -> dict:
    return {"source": who.text, "actor_id": None, "kind": who.kind, "relation": relation}


# --------------------------------------------------------------------------- chains
def _media_before(doc: Doc, char: int) -> Span | None:
    best = None
    for e in _ents(doc):
        if e.end_char <= char and e.label_ in _NAMED_LABELS and _is_media_name(e.text):
            best = e
    return best


def _person_before(doc: Doc, char: int) -> Span | None:
    best = None
    for e in _ents(doc):
        if e.end_char <= char and e.label_ == "PERSON":
            best = e
    return best


def _within(tok: Token, spans: list[tuple[int, int]]) -> bool:
    return any(lo <= tok.idx < hi for lo, hi in spans)


def _sentence_hops(doc: Doc, att: Attribution, sent: Span) -> tuple[list[_Who], list[tuple[_Who, str]]]:
    """'citing X' (origins) and 'as cited by X' / 'told <medium>' (conduits) around a cue."""
    origins, conduits = [], []
    src = att.source or (0, 0)
    for t in sent:
        if _within(t, att.content) or src[0] <= t.i < src[1]:
            continue
        if t.lemma_.lower() == "cite":
            if t.tag_ == "VBG":
                obj = next((c for c in t.children if c.dep_ == "dobj"), None)
                if obj is not None:
                    who = _describe(doc, *_trim(doc, *_subtree_range(obj), keep_quotes=False))
                    if who.kind != "unnamed_group" or _noun_class(obj):
                        origins.append(who)
            else:
                agent = next((c for c in t.children if c.dep_ == "agent"), None)
                pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
                if pobj is not None:
                    conduits.append((_describe(doc, *_trim(doc, *_subtree_range(pobj), keep_quotes=False)), "cited by"))
    verb = doc[att.cue[1] - 1]
    if att.lemma == "tell":
        for c in verb.children:
            if c.dep_ in {"dobj", "dative"} and not _within(c, att.content):
                who = _describe(doc, *_trim(doc, *_subtree_range(c), keep_quotes=False))
                if who.kind == "media":
                    conduits.append((who, "said to"))
    return origins, conduits


def _source_np_hops(doc: Doc, att: Attribution) -> list[tuple[_Who, str]]:
    """Media named inside the source phrase: 'sources cited by X', 'sources who spoke to X'."""
    if not att.source:
        return []
    a, b = att.source
    root = _root(doc, a, b)
    a2, _ = _clip_range(doc, a, b, root)
    hops = []
    for e in _ents(doc):
        if a <= e.start and e.end <= b and e.start >= a2 and _is_media_name(e.text) and e.root.i != root.i:
            prev = doc[e.start - 1] if e.start > 0 else None
            if prev is not None and prev.lower_ in {"by", "with", "to", "and"}:
                hops.append((_Who(e.text, _chars(e), "media"), "cited by"))
    return hops


def _resolve_media(doc: Doc, who: _Who, before: int) -> _Who:
    if who.kind == "media" and who.anaphor == "media":
        ent = _media_before(doc, before)
        if ent is not None:
            return _Who(ent.text, _chars(ent), "media", who.head)
    return who


def resolve(doc: Doc, atts: list[Attribution], sents: SentenceIndex) -> None:
    """Fill speaker, chain hops, anonymity and status of every attribution, in text order."""
    done: list[Attribution] = []
    by_id = {id(a): a for a in atts}
    for att in atts:
        ante = by_id.get(att.continuation_of) if att.continuation_of else None
        who, inherited = None, []
        if ante is None:
            who, ante, inherited = _speaker(doc, att, done)
        if ante is not None and who is None:
            _copy_speaker(att, ante)  # a continued quote, or "he added" after a named speaker
        else:
            _set_chain(doc, att, who, inherited, sents)
        done.append(att)
    _nest(doc, atts)
    _anonymity(doc, atts, sents)
    _status(doc, atts, sents)


def _speaker(doc: Doc, att: Attribution, done: list[Attribution]):
    """(speaker, earlier attribution to copy, inherited conduits) of one attribution."""
    at = doc[att.cue[0]].idx
    who = _describe(doc, *att.source) if att.source else _Who("", None, "unnamed_group")
    who = _full_name(doc, _resolve_media(doc, who, at))
    if who.anaphor in {"person", "org", "group"}:
        ante = _antecedent(doc, done, who, at)
        if isinstance(ante, Attribution):
            return None, ante, []
        return (ante or who), None, []
    if who.anaphor == "described":  # "the officials", "one of the officials"
        prev = next((p for p in reversed(done) if p.origins and p.origins[0]["kind"] in {"anonymous", "unnamed_group"}
                     and _same_family(_last_word(p.origins[0]["source"]), who.head)), None)
        if prev is not None:
            att.antecedent = prev
            return who, None, [dict(h) for h in prev.conduits]
    return who, None, []


def _set_chain(doc: Doc, att: Attribution, who: _Who, inherited: list[dict], sents: SentenceIndex) -> None:
    """origins (citing X) -> speaker -> conduits (as cited by X, told <medium>, inherited)."""
    at = doc[att.cue[0]].idx
    sent = sents.spans[sents.of_token(att.cue[0])]
    origins, conduits = _sentence_hops(doc, att, sent)
    np_hops = _source_np_hops(doc, att)
    if np_hops:
        inherited = []  # the phrase names its own media
    conduits = np_hops[:1] + [(_resolve_media(doc, w, at), r) for w, r in conduits]
    if att.via:
        conduits.insert(0, (_conduit(doc, *att.via), "cited by"))
    att.speaker, att.speaker_span, att.speaker_kind, att.head_noun = who.text, who.span, who.kind, who.head
    speaker_hop = _hop(who, conduits[0][1] if conduits else "")
    after = [_hop(w, r) for w, r in conduits]
    for i, (_, rel) in enumerate(conduits[1:]):
        after[i]["relation"] = rel
    after = _dedupe_hops(after + inherited)
    if origins:
        att.origins = [_hop(o, "cited by") for o in origins]
        att.conduits = [speaker_hop] + after
    else:
        att.origins, att.conduits = [speaker_hop], after


def _conduit(doc: Doc, a: int, b: int) -> _Who:
    """The media that carry a claim, kept whole when several are listed ('the Post, the Times and AP')."""
    media = [e for e in _ents(doc) if a <= e.start and e.end <= b and _is_media_name(e.text)]
    if len(media) > 1:
        return _Who(doc[a:b].text, _span_chars(doc, a, b), "media")
    return _describe(doc, a, b)


def _full_name(doc: Doc, who: _Who) -> _Who:
    """'Rutte' -> the earlier 'Mark Rutte' (text and span), when a longer PERSON name ends with it."""
    if who.kind not in {"named_person", "named_organization"} or " " in who.text or not who.span:
        return who
    for e in _ents(doc):
        if e.label_ == "PERSON" and e.start_char < who.span[0] and e.text.split()[-1] == who.text \
                and len(e.text.split()) > 1:
            return _Who(e.text, _chars(e), "named_person", who.head)
    return who


def _antecedent(doc: Doc, done: list[Attribution], who: _Who, at: int):
    if who.anaphor == "person":
        for p in reversed(done):
            if p.speaker_kind == "named_person":
                return p
        ent = _person_before(doc, at)
        return _Who(ent.text, _chars(ent), "named_person") if ent is not None else None
    if who.anaphor == "org":
        for e in reversed([e for e in _ents(doc) if e.end_char <= at and e.label_ in {"ORG", "GPE"}]):
            return _Who(e.text, _chars(e), "media" if _is_media_name(e.text) else "named_organization")
        return None
    for p in reversed(done):
        if p.speaker_kind in {"anonymous", "unnamed_group"}:
            return p
    return None


def _copy_speaker(att: Attribution, src: Attribution) -> None:
    att.speaker, att.speaker_span, att.speaker_kind = src.speaker, src.speaker_span, src.speaker_kind
    att.origins = [dict(h) for h in src.origins]
    att.conduits = [dict(h) for h in src.conduits]
    att.anonymity_reason, att.head_noun = src.anonymity_reason, src.head_noun


def _last_word(text: str) -> str:
    words = re.findall(r"[a-z]+", text.lower())
    w = words[-1] if words else ""
    return w[:-1] if w.endswith("s") and w not in {"news", "people"} else w


def _same_family(a: str, b: str) -> bool:
    fam = {"source": "s", "official": "s", "person": "s", "people": "s", "insider": "s"}
    return a == b or (fam.get(a) is not None and fam.get(a) == fam.get(b))


def _dedupe_hops(hops: list[dict]) -> list[dict]:
    out: list[dict] = []
    for h in hops:
        if out and out[-1]["source"] == h["source"]:
            continue
        out.append(h)
    return out


def _nest(doc: Doc, atts: list[Attribution]) -> None:
    """A claim reported inside another claim's paraphrase goes through that speaker."""
    for a in atts:
        cs = doc[a.cue[0]].idx
        outers = [b for b in atts if b is not a and b.kind != "direct" and a.continuation_of is None
                  and any(lo <= cs < hi for lo, hi in b.content)
                  and not any(lo <= doc[b.cue[0]].idx < hi for lo, hi in a.content)]  # not mutual
        if not outers:
            continue
        outer = min(outers, key=lambda b: b.content[-1][1] - b.content[0][0])
        tail = [h for h in [outer.origins[-1]] + outer.conduits if h["source"] != a.speaker]
        a.conduits = _dedupe_hops(a.conduits + [dict(h) for h in tail])


def _chain(att: Attribution) -> list[dict]:
    hops = [dict(h) for h in _dedupe_hops(att.origins + att.conduits)]
    for i, h in enumerate(hops[:-1]):
        h["relation"] = h["relation"] or "cited by"
    if hops:
        hops[-1]["relation"] = "quoted in" if att.kind in {"direct", "mixed"} else "reported in"
    return hops + [{"source": THIS_ARTICLE, "actor_id": None, "kind": "publisher", "relation": ""}]


# --------------------------------------------------------------------------- anonymity, status
def _anonymity(doc: Doc, atts: list[Attribution], sents: SentenceIndex) -> None:
    lex = _lexicon()
    # sentences that state why sources are anonymous, with the media they name
    stated = []
    for s in sents.spans:
        low = s.text.lower()
        for phrase, reason in lex.anonymity:
            if phrase in low and "anonymity" in phrase:
                media = {e.text for e in s.ents if _is_media_name(e.text)}
                stated.append((reason, media))
    for a in atts:
        origin = a.origins[0] if a.origins else {"kind": a.speaker_kind, "source": a.speaker}
        if origin["kind"] not in {"anonymous", "unnamed_group"} and not (
                origin["kind"] == "media" and not _is_media_name(origin["source"])):
            a.anonymity_reason = ""
            continue
        sent = sents.spans[sents.of_token(a.cue[0])].text.lower()
        text = origin["source"].lower()
        found = next((r for p, r in lex.anonymity if p in text), "")
        if not found:
            found = next((r for p, r in lex.anonymity if p in sent and " " in p and p != "anonymous"), "")
        if not found and a.antecedent is not None:
            found = a.antecedent.anonymity_reason
        if not found:
            via = {h["source"] for h in a.conduits}
            found = next((r for r, media in stated if via & media), "")
        if not found:
            found = ("unnamed media" if origin["kind"] == "media" else
                     "unnamed sources" if origin["kind"] == "anonymous" else "described but unnamed")
        a.anonymity_reason = found


def _status(doc: Doc, atts: list[Attribution], sents: SentenceIndex) -> None:
    lex = _lexicon()
    for a in atts:
        a.status = lex.status_lemmas.get(a.lemma, "asserted")
        sent = sents.spans[sents.of_token(a.cue[0])].text.lower()
        for phrase, status in lex.status_phrases:
            if re.search(r"\b" + re.escape(phrase) + r"\b", sent):
                a.status = status
    for tok in doc:
        if not _nonconfirmation(tok):
            continue
        s_idx = sents.of_token(tok.i)
        for a in atts:
            if a.status != "asserted" or sents.of_token(a.cue[0]) >= s_idx:
                continue
            # "the reports": what media report, or what anonymous sources told them
            if a.speaker_kind == "media" or a.anonymity_reason:
                a.status = "unconfirmed"


# --------------------------------------------------------------------------- rows
def rows(doc: Doc, article_id: str, atts: list[Attribution], sents: SentenceIndex) -> list[dict]:
    rows = []
    text = doc_text(doc)
    for n, a in enumerate(atts):
        core = a.core_cue or a.cue
        cue_s, cue_e = doc[core[0]].idx, _tok_end(doc[core[1] - 1])
        c_s, c_e = a.content[0][0], a.content[-1][1]
        if a.continuation_of is not None:
            start, end, anchor = c_s, c_e, c_s
        else:
            (start, end), anchor = a.char_span(doc), cue_s
        chain = _chain(a)
        origin = chain[0]
        anonymous = bool(a.anonymity_reason)
        sp = a.speaker_span
        rows.append({
            "claim_id": f"{article_id}:c{n:03d}", "article_id": article_id,
            "sent_idx": sents.of_char(anchor), "start": start, "end": end,
            "content": text[c_s:c_e], "content_start": c_s, "content_end": c_e,
            "kind": a.kind, "cue": text[cue_s:cue_e], "cue_start": cue_s, "cue_end": cue_e,
            "speaker": a.speaker or origin["source"],
            "speaker_start": sp[0] if sp else None, "speaker_end": sp[1] if sp else None,
            "speaker_actor_id": None,
            "speaker_kind": a.speaker_kind if a.speaker_kind in SPEAKER_KINDS else "unnamed_group",
            "anonymous": anonymous, "anonymity_reason": a.anonymity_reason,
            "chain": chain, "chain_text": " → ".join(h["source"] for h in chain),
            "status": a.status, "found_by": a.found_by,
        })
    return rows

