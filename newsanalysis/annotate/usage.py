"""What a sentence does with an escalation hit: its ``usage``, read off the parse.

The lexicon finds escalation *language*; a trend of what happens should count only the hits
that report an act or development of the time, a warning, or a position a speaker takes.
:func:`hit_usage` gives every hit one of:

``event``
    an act or development of the article's time ("Russian troops shelled Kharkiv", "the war
    continues", "airstrikes were conducted", "has backed EU sanctions").
``threat``
    a warning, ultimatum or conditional consequence ("serious consequences", "will not
    tolerate rocket fire", sanctions "in case of escalation").
``statement``
    a position stated by a speaker: a condemnation or accusation ("war crimes", "act of
    aggression"), a call, demand, request, plan or aim ("Ukraine needs military assistance",
    "sanctions should be strengthened", "to force the aggressor to end this war").
``reference``
    the conflict named as a topic or setting with no new development ("after the war", "the
    war zone", "Flynn discussed the sanctions"), a descriptor ("nuclear-armed Russia",
    "Russian-annexed Crimea", "a chemical weapons expert"), an actor designated by the act
    ("the occupiers", "the aggressor").
``history``
    dated before the article's own period or marked as past ("Russia's 2014 annexation",
    "last year", "120 days ago", "previously", "eight years of war").
``name``
    inside a name or title ("the Chemical Weapons Convention", "Stop the War", a "READ MORE:"
    related-link headline glued into the text).
``definition``
    an explainer or a hypothetical that is not a warning ("VX is a chemical weapon",
    "casualties in the event of war", "military escalation ... seems unlikely").

Trends count ``event``, ``threat`` and ``statement`` (:data:`COUNTED_USAGES`); the escalation
table keeps every hit with its usage. The cue words are in ``resources/escalation_cues.tsv``.

A date ("in November", "in 2014") can only be compared with the publication date once the
article's metadata meets its hits: :func:`date_of` records it in the hit's ``dated`` column
and :func:`date_usages` (a corpus step of :func:`~newsanalysis.annotate`) turns a hit whose
act is dated more than :data:`PAST_DAYS` days before publication into ``history``.
"""

from __future__ import annotations

import calendar
import datetime
import itertools
import re

import pandas as pd
from spacy.tokens import Span, Token

from newsanalysis.annotate.hit_context import clause_path, phrase_verb, reporting_nouns
from newsanalysis.annotate.ladder import load_cues
from newsanalysis.schemas import USAGES as _USAGES

__all__ = ["COUNTED_USAGES", "PAST_DAYS", "USAGES", "date_of", "date_usages", "hit_usage"]

USAGES = tuple(_USAGES)
#: The usages a trend counts by default: what happens, what is threatened, what is said.
COUNTED_USAGES = ("event", "threat", "statement")
#: A hit dated this many days or more before publication is background: usage ``history``.
PAST_DAYS = 45
#: Labels of the named entities a hit can be part of the name of.
_NAME_LABELS = {"ORG", "LAW", "EVENT", "WORK_OF_ART", "FAC", "PRODUCT"}
_DEONTIC = {"should", "must", "ought"}
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m} | {
    m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)s?\b")
_AGO = re.compile(r"\b(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|many|few)\s+"
                  r"(day|week|month|year|decade|century)s?\s+ago\b")
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10, "several": 3, "many": 5, "few": 3}
_MAX_DEPTH = 12
_SINCE = {"since", "until", "till"}
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365, "decade": 3650, "century": 36500}


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


# --- name ---------------------------------------------------------------------------------------

def _headline_end(sent: Span) -> int | None:
    """Token index where a related-link headline glued before a sentence ends ("READ MORE:
    Seoul says North Korea carried out missile tests "The two sides ..."), None if the
    sentence does not open with one. The headline ends at a quotation mark, or at a capitalised
    word after a lower-case one (the next sentence's start)."""
    words = [t.lower_ for t in sent[:4]]
    opener = next((n for n in (3, 2, 1) if " ".join(words[:n]) in load_cues()["related_link"]), None)
    if opener is None or opener >= len(sent) or sent[opener].text not in (":", "-", "|"):
        return None
    toks = sent[opener + 1:]
    for prev, tok in itertools.pairwise(toks):
        if tok.is_quote or (tok.is_title and prev.is_lower and tok.pos_ != "PROPN" and not tok.ent_type_):
            return tok.i
    return sent.end


def _in_name(span: Span) -> bool:
    """Inside a related-link headline, or a title-case hit that is (part of) a named entity or
    runs on into a proper noun ("the Chemical Weapons Convention", "the Stop the War
    Coalition", "UN Peacekeeping"). Not in a sentence set in title case (a headline)."""
    end = _headline_end(span.sent)
    if end is not None and span.start < end:
        return True
    words = [t for t in span if t.is_alpha and not (t.is_stop and len(t) <= 3)]
    if not words or not all(t.is_title or t.is_upper for t in words) or span.start == span.sent.start:
        return False
    common = [t for t in span.sent[1:] if t.is_alpha and len(t) > 3 and not t.ent_type_]
    if len(common) >= 2 and sum(t.is_title for t in common) > 0.5 * len(common):
        return False  # a sentence in title case (a headline): capitals say nothing
    if any(e.label_ in _NAME_LABELS for e in span.sent.ents if e.start < span.end and span.start < e.end):
        return True
    neighbours = [span.doc[i] for i in (span.start - 1, span.end) if span.sent.start <= i < span.sent.end]
    return any(t.is_title and t.pos_ == "PROPN" for t in neighbours)


# --- dates --------------------------------------------------------------------------------------

def _clause_tokens(span: Span) -> list[Token]:
    """The hit's path to its clause verb, and the verbs above it that share its time
    (an open or infinitival complement, a coordinated verb)."""
    path = clause_path(span)
    tok = path[-1]
    for _ in range(3):
        if tok.head is tok or tok.dep_ not in ("xcomp", "conj", "advcl", "ccomp", "pcomp"):
            break
        if tok.dep_ in ("advcl", "ccomp") and not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
            break
        tok = tok.head
        path.append(tok)
    return path


def _date_parts(text: str) -> str | None:
    """A DATE entity's text as ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, ``--MM`` or ``--MM-DD``
    (the latest year of a range), None without a year or a month."""
    years = [int(y) for y in _YEAR.findall(text)]
    month = next((_MONTHS[w] for w in re.findall(r"[a-z]+", text) if w in _MONTHS and w != "may"), None)
    if not (years or month):
        return None
    parts = [str(max(years))] if years else ["-"]
    if month:
        parts.append(f"{month:02d}")
        day = re.search(r"\b([0-3]?\d)(st|nd|rd|th)?\b", _YEAR.sub("", text))
        if day and 1 <= int(day.group(1)) <= 31:
            parts.append(f"{int(day.group(1)):02d}")
    return "-".join(parts)


def _relative_past(text: str) -> bool:
    """A DATE entity that puts its clause at least :data:`PAST_DAYS` back ("last year",
    "120 days ago", "the past eight years")."""
    if "last year" in text or re.search(r"\b(past|last|previous)\b.*\b(years|decades)\b", text):
        return True
    ago = _AGO.search(text)
    if not ago:
        return False
    n = int(ago.group(1)) if ago.group(1).isdigit() else _NUMBERS.get(ago.group(1), 1)
    return n * _UNIT_DAYS[ago.group(2)] >= PAST_DAYS


def _durative_years(span: Span) -> bool:
    """"eight years of war", "decades of repression": a span of years ending now is background."""
    root = span.root
    if root.dep_ != "pobj" or root.head.lower_ != "of":
        return False
    unit = root.head.head
    return _lemma(unit) in ("year", "decade") and any(
        c.dep_ == "nummod" and (not c.like_num or not c.text.isdigit() or int(c.text) >= 2) for c in unit.children)


def date_of(span: Span) -> tuple[str | None, bool]:
    """(``dated``, ``past``) of a hit.

    ``dated`` is the date its clause gives it, as ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``,
    ``--MM`` or ``--MM-DD`` (None without one): a DATE entity attached to the hit or to the
    verbs above it, else a year in a DATE entity elsewhere in the sentence ("ISIL seized Mosul
    in mid-2014 when ..., taking control of ..."). ``past`` is whether a relative marker already
    dates it to the past ("last year", "120 days ago", "previously", "in US history", "during
    the past eight years", "eight years of war")."""
    cues = load_cues()
    clause = _clause_tokens(span)
    anchors = {t.i for t in clause}
    inside = range(span.start, span.end)
    past = _durative_years(span)
    for tok in clause:
        for child in tok.children:
            if child.i in inside:
                continue
            words = [child] + [g for g in child.children if child.dep_ == "prep" and g.dep_ == "pobj"]
            if any(_lemma(w) in cues["past_marker"] or w.lower_ in cues["past_marker"] for w in words):
                past = True
    own, elsewhere, timed = None, None, False
    for ent in span.sent.ents:
        if ent.label_ != "DATE":
            continue
        text = ent.text.lower()
        anchor = ent.root.head
        if anchor.lower_ in _SINCE or (ent.start > 0 and ent.doc[ent.start - 1].lower_ in _SINCE):
            continue  # "the first in the country since May 2016": a starting point, not the act's time
        if anchor.pos_ == "ADP" and anchor.head is not anchor:
            anchor = anchor.head
        if anchor.i in anchors or ent.root.i in inside:
            timed = True
            past = past or _relative_past(text)
            own = _date_parts(text) or own
        elif _YEAR.search(text) and not _in_relative_clause(ent.root):
            elsewhere = _date_parts(text)  # not "for all Swedes born after 1999"
    if own is None and elsewhere is None and not timed and _past_tense(clause[-1]):
        elsewhere = _narrative_date(span.sent)
    return own or (elsewhere[:4] if elsewhere and not elsewhere.startswith("-") else None), past


def _past_tense(verb: Token) -> bool:
    return verb.tag_ == "VBD" or (verb.tag_ == "VBN" and any(
        c.dep_ in ("aux", "auxpass") and c.lower_ in ("had", "was", "were") for c in verb.children))


def _in_relative_clause(tok: Token) -> bool:
    """Is ``tok`` inside a relative clause or a modifier of a noun ("the mosque where the
    leader declared a caliphate in 2014"): it dates that noun, not the narrative."""
    for _ in range(_MAX_DEPTH):
        if tok.dep_ in ("relcl", "acl", "appos", "amod", "compound", "nummod"):
            return True
        if tok.head is tok:
            return False
        tok = tok.head
    return False


def _narrative_date(sent: Span, *, back: int = 2) -> str | None:
    """The year a narrative in the past tense carries over from the sentences just before,
    in the same paragraph ("... when Bosnian Serb forces overran the town in 1995. In a
    reference to peacekeepers who failed to prevent the mass killing, ..."): the last DATE
    with a year there."""
    doc = sent.doc
    start = sent.start
    for _ in range(back):
        if start == 0 or "\n" in doc[start - 1].text_with_ws or "\n" in doc[start - 1].whitespace_:
            return None
        prev = doc[start - 1].sent
        years = [_date_parts(e.text.lower()) for e in prev.ents
                 if e.label_ == "DATE" and _YEAR.search(e.text) and not _in_relative_clause(e.root)]
        if years:
            return years[-1]
        start = prev.start
    return None


def _latest_day(dated: str, published: datetime.date) -> datetime.date | None:
    """The last day the ``dated`` string can mean, for an article published on ``published``."""
    m = re.fullmatch(r"(\d{4}|-)(?:-(\d\d))?(?:-(\d\d))?", dated)
    if not m:
        return None
    year = int(m.group(1)) if m.group(1) != "-" else None
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    if year is None:
        if month is None:
            return None
        year = published.year if month <= published.month else published.year - 1
    month = month or 12
    day = min(day or calendar.monthrange(year, month)[1], calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day)


def date_usages(escalation: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Hits whose ``dated`` day lies :data:`PAST_DAYS` or more before their article's
    publication become ``history`` (events, threats, statements and references; a name or a
    definition stays what it is). Returns a new frame; undated articles are left alone."""
    if escalation.empty or "dated" not in escalation.columns:
        return escalation
    published = escalation["article_id"].map(dict(zip(articles["article_id"], articles["published"])))
    usage = escalation["usage"].copy()
    for i, (dated, pub, use) in enumerate(zip(escalation["dated"], published, usage)):
        if not isinstance(dated, str) or pd.isna(pub) or use not in ("event", "threat", "statement", "reference"):
            continue
        pub = pd.Timestamp(pub).date()
        latest = _latest_day(dated, pub)
        if latest is not None and (pub - latest).days >= PAST_DAYS:
            usage.iloc[i] = "history"
    return escalation.assign(usage=usage)


# --- the clause ---------------------------------------------------------------------------------

def _role_token(span: Span) -> Token:
    """The token whose relation to the clause says what the hit does: the hit's root, or the
    first of the coordinated or apposed nouns it belongs to ("bombings and artillery strikes
    continue")."""
    tok = span.root
    for _ in range(4):
        if tok.dep_ in ("conj", "appos") and tok.head is not tok and tok.head.pos_ == tok.pos_:
            tok = tok.head
        else:
            break
    return tok


def _governors(span: Span) -> list[Token]:
    """The heads above the hit up to its clause verb and the verbs that govern that one."""
    return [t for t in _clause_tokens(span) if t.i not in range(span.start, span.end)]


def _call(span: Span) -> bool:
    """Is the hit the object or complement of a call, need, plan or aim? ("Ukraine needs
    military assistance", "the need to normalize relations", "sanctions should be
    strengthened", "it is necessary to ...")."""
    cues = load_cues()
    inside = range(span.start, span.end)
    for tok in [span.root, *_governors(span)]:
        if tok.i not in inside and tok.pos_ in ("VERB", "AUX") and (
                phrase_verb(tok) in cues["call_verb"] or _lemma(tok) in cues["call_verb"]):
            return True
        if tok.i not in inside and tok.pos_ == "NOUN" and _lemma(tok) in cues["call_noun"]:
            return True
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in _DEONTIC for c in tok.children):
            return True
        if any(c.dep_ in ("acomp", "attr", "oprd") and c.lower_ in cues["call_adjective"] for c in tok.children):
            return True
    return False


def _warning(span: Span) -> bool:
    cues = load_cues()["warning_verb"]
    return any(t.pos_ == "VERB" and _lemma(t) in cues for t in _governors(span))


def _descriptor(span: Span) -> bool:
    """The hit modifies a noun outside it ("war zone", "nuclear-armed Russia", "Russian-annexed
    Crimea", "the occupiers' activities", "Iran's ballistic missile programme"), or names a
    place or thing by a past act inside it ("the temporarily occupied territories", "frozen
    assets")."""
    tok = span.root
    inside = range(span.start, span.end)
    if tok.dep_ in ("compound", "amod", "nmod", "poss", "npadvmod") and tok.head.i not in inside and \
            tok.head.pos_ not in ("VERB", "AUX"):
        return True
    return tok.pos_ in ("NOUN", "PROPN") and any(
        c.i in inside and c.dep_ == "amod" and c.tag_ == "VBN" for c in tok.children)


def _position(span: Span) -> str:
    """``event`` or ``reference``: is the hit the act its clause reports, or a thing it names?"""
    cues = load_cues()
    if _descriptor(span) or _lemma(span.root) in cues["agent_noun"]:
        return "reference"  # a descriptor, or an actor named by the act ("the occupiers")
    tok = _role_token(span)
    for _ in range(3):  # "the imposition of sanctions", "a number of corridors": the head noun stands in
        prep = tok.head
        if not (tok.dep_ == "pobj" and prep.lower_ in ("of", "for", "on") and prep.head.pos_ == "NOUN"
                and _lemma(prep.head) in cues["act_noun"] | cues["call_noun"] | cues["quantity_noun"]):
            break
        tok = prep.head
        while tok.dep_ in ("conj", "appos") and tok.head.pos_ == tok.pos_:
            tok = tok.head
    if tok.pos_ == "VERB":
        return "event"  # "Russian troops shelled Kharkiv", "has imposed new sanctions"
    head, dep = tok.head, tok.dep_
    if dep == "pobj":
        prep, gov = head, head.head
        if gov.pos_ == "VERB" and (_lemma(gov) in cues["call_verb"] or phrase_verb(gov) in cues["call_verb"]):
            return "event"  # what is called for: "called for an end to the blockade" (a statement)
        if (prep.lower_ in ("with", "through", "on") and gov.pos_ == "VERB" and gov.dep_ not in ("acl", "amod")
                and gov.tag_ != "VBN"):
            # the instrument or object of an act: "destroying cities with artillery and air
            # strikes", "countered through the imposition of sanctions", "agree on the creation
            # of humanitarian corridors"
            return "event"
        return "reference"  # "after the war", "in the war zone", "the consequences of the occupation"
    if _existential(span):
        return "event"  # "there was a drone attack in Pakistan"
    if dep in ("nsubj", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
        if _lemma(head) == "be" and any(c.dep_ == "aux" and c.lower_ in _DEONTIC for c in head.children):
            return "event"  # what it should be is a call: "the seventh package of sanctions should be as tangible"
        if dep == "nsubjpass" and (_lemma(head) in cues["topic_verb"] or phrase_verb(head) in cues["topic_verb"]):
            return "reference"  # "plans to rebuild Ukraine after the war were discussed"
        if dep == "nsubjpass" or phrase_verb(head) in cues["occurrence_verb"] or _lemma(head) in cues["occurrence_verb"]:
            return "event"  # "airstrikes were conducted", "the war continues"
        return "reference"  # "the war was unfair to us", "sanctions have inflicted damage"
    if dep in ("dobj", "attr", "oprd") and head.pos_ in ("VERB", "AUX"):
        if _lemma(head) in cues["topic_verb"] or phrase_verb(head) in cues["topic_verb"] or _lemma(head) == "be":
            return "reference"  # "discussed the sanctions", "survive such a war"
        return "event"  # "has backed EU sanctions", "organize humanitarian corridors"
    return "reference"


def _past_perfect(span: Span) -> bool:
    """The hit's clause is in the past perfect ("Russia had launched a full-scale war"):
    background to the article's own time."""
    verb = clause_path(span)[-1]
    return verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in verb.children)


def _existential(span: Span) -> bool:
    """"there was a drone attack in Pakistan": the hit is what exists."""
    tok = _role_token(span)
    return tok.dep_ in ("attr", "nsubj") and _lemma(tok.head) == "be" and any(
        c.dep_ == "expl" for c in tok.head.children)


def _definition(span: Span) -> bool:
    """An explainer: "VX is a chemical weapon", "regarded as a chemical weapon", "the
    definitions of chemical warfare"."""
    cues = load_cues()
    root = span.root
    head = root.head
    if root.dep_ == "attr" and _lemma(head) == "be" and any(c.lower_ in ("a", "an") for c in root.children):
        subj = [c for c in head.children if c.dep_ == "nsubj"]
        if subj and subj[0].pos_ in ("NOUN", "PROPN"):
            return True
    if root.dep_ == "pobj" and head.lower_ == "as" and _lemma(head.head) in cues["definition_verb"]:
        return True
    return root.dep_ == "pobj" and head.lower_ == "of" and _lemma(head.head) in cues["definition_noun"]


def hit_usage(span: Span, entry: dict, *, conditional: bool) -> tuple[str, str | None]:
    """(usage, dated) of a hit ``span`` of lexicon ``entry`` (see the module docstring).

    ``dated`` is the date the hit's clause gives it (see :func:`date_of`), for
    :func:`date_usages` to compare with the publication date.
    """
    cues = load_cues()
    dated, past = date_of(span)
    if _in_name(span):
        return "name", dated
    # an accusation label, also as the label of an accusation ("genocide accusations")
    accusation = _lemma(span.root) in cues["accusation_noun"] and (
        not _descriptor(span) or _lemma(span.root.head) in reporting_nouns())
    if _definition(span) and not accusation:
        return "definition", dated
    threat_entry = entry["category"] == "threat of force" or entry["cameo"] == "13"
    if conditional:
        if threat_entry or _warning(span):
            return "threat", dated
        return ("statement" if _call(span) else "definition"), dated
    if past or _past_perfect(span):
        return "history", dated
    if accusation:
        return "statement", dated  # "war crimes", "an act of aggression": said wherever they sit
    if _position(span) == "reference":
        return "reference", dated
    if _call(span):
        return "statement", dated  # "Ukraine needs military assistance", "to end this war"
    if threat_entry or _warning(span):
        return "threat", dated
    if entry["category"] == "condemnation/warning":
        return "statement", dated  # "condemned the deployment", "expressed deep concern"
    return "event", dated
