"""When is an escalation hit's act? Dates in and around its sentence, against publication.

A hit whose act lies well before the article's own time is background (usage ``history``,
see :mod:`newsanalysis.annotate.usage`). :func:`date_of` reads, for one hit:

* a DATE entity attached to the hit or to the verbs above it ("Russia started this war in
  2014", "the round of sanctions imposed in November", "Russia's 2014 annexation");
* failing that, a year elsewhere in the sentence, outside a modifier ("ISIL seized Mosul in
  mid-2014 when ..., taking control of ...", but not "all Swedes born after 1999"), or the year
  of a past-tense narrative carried over from the two sentences before in the same paragraph;
* relative markers, which date it to the past at once: "last year", "120 days ago", "during
  the past eight years", "previously", "in US history", "eight years of war".

A "since" date is a starting point, not the act's time ("the first in the country since May
2016"). The date itself cannot be judged before the hits meet their articles' metadata, so it
is kept in the hit's ``dated`` column (``YYYY``, ``YYYY-MM``, ``--MM`` ...), and
:func:`date_usages`, a corpus step of :func:`~newsanalysis.annotate`, turns a hit dated
:data:`PAST_DAYS` days or more before its article's publication into ``history``.
"""

from __future__ import annotations

import calendar
import datetime
import re
from typing import NamedTuple

import pandas as pd
from spacy.tokens import Span, Token

from newsanalysis.annotate.hit_context import clause_path
from newsanalysis.annotate.ladder import load_cues

__all__ = ["PAST_DAYS", "When", "clause_tokens", "date_of", "date_usages"]

#: A hit dated this many days or more before publication is background: usage ``history``.
PAST_DAYS = 45
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m} | {
    m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)s?\b")
_AGO = re.compile(r"\b(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|many|few)\s+"
                  r"(day|week|month|year|decade|century)s?\s+ago\b")
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10, "several": 3, "many": 5, "few": 3}
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365, "decade": 3650, "century": 36500}
_SINCE = {"since", "until", "till"}
_NOUN_MODIFIERS = ("compound", "nummod", "amod", "nmod", "poss")
_MAX_DEPTH = 12


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def clause_tokens(span: Span) -> list[Token]:
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
        if tok.dep_ == "prep" and path[-2].dep_ == "pcomp" and tok.head is not tok:
            tok = tok.head  # "accused the media of failing to cover an attack": the accusing's time
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
    "120 days ago", "the past eight years", "in recent years")."""
    if "last year" in text or re.search(r"\b(past|last|previous|recent)\b.*\b(years|decades)\b", text):
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


class When(NamedTuple):
    """When a hit's act is, as far as its sentence says (see :func:`date_of`)."""

    dated: str | None
    past: bool
    timed: bool


def date_of(span: Span) -> When:
    """(``dated``, ``past``, ``timed``) of a hit.

    ``dated`` is the date its clause gives it, as ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``,
    ``--MM`` or ``--MM-DD`` (None without one): a DATE entity attached to the hit or to the
    verbs above it, else a year in a DATE entity elsewhere in the sentence ("ISIL seized Mosul
    in mid-2014 when ..., taking control of ..."). ``past`` is whether a relative marker already
    dates it to the past ("last year", "120 days ago", "previously", "in US history", "during
    the past eight years", "eight years of war"). ``timed`` is whether a date or a time is
    attached to the hit or its clause at all ("Iran's test of a ballistic missile last week",
    "airstrikes were conducted Thursday")."""
    cues = load_cues()
    clause = clause_tokens(span)
    # a participle that modifies the hit dates it too: "the round of sanctions imposed in November"
    # (not the start of what goes on: "the special military operation launched on February 24")
    modifiers = [c for t in span for c in t.children if c.dep_ == "acl" and c.tag_ == "VBN"
                 and c.i not in range(span.start, span.end) and _lemma(c) not in cues["inception_verb"]]
    anchors = {t.i for t in clause} | {t.i for t in modifiers}
    inside = range(span.start, span.end)
    past = _durative_years(span) or any(
        t.i not in inside and t.pos_ == "NOUN" and _lemma(t) in cues["past_marker"] for t in clause)
    for tok in [*clause, *modifiers]:
        for child in tok.children:
            if child.i in inside:
                continue
            words = [child] + [g for g in child.children if child.dep_ == "prep" and g.dep_ == "pobj"]
            if any((_lemma(w) in cues["past_marker"] or w.lower_ in cues["past_marker"])
                   and not (w.lower_ == "then" and w.dep_ == "advmod") for w in words):
                past = True  # "previously", "30 years ago", "then-campaign chairman"; not "and then"
    own, elsewhere, timed = None, None, False
    for ent in span.sent.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        text = ent.text.lower()
        anchor = ent.root.head
        if anchor.lower_ in _SINCE or (ent.start > 0 and ent.doc[ent.start - 1].lower_ in _SINCE):
            continue  # "the first in the country since May 2016": a starting point, not the act's time
        if anchor.pos_ == "ADP" and anchor.head is not anchor:
            anchor = anchor.head
        if ent.label_ == "TIME":
            timed = timed or anchor.i in anchors or ent.root.i in inside
            continue
        if anchor.i in anchors or ent.root.i in inside:
            timed = True
            past = past or _relative_past(text)
            own = _date_parts(text) or own
        elif _YEAR.search(text) and not _in_relative_clause(ent.root):
            elsewhere = _date_parts(text)  # not "for all Swedes born after 1999"
        elif _YEAR.search(text) and ent.root.dep_ in _NOUN_MODIFIERS and _past_tense(clause[-1]) \
                and not _in_relative_clause(ent.root.head):
            elsewhere = _date_parts(text)  # a past narrative: "when Xi addressed the 2015 Leaders' Summit"
    if own is None and elsewhere is None and not timed and _past_tense(clause[-1]):
        elsewhere = _narrative_date(span.sent)
    return When(own or (elsewhere[:4] if elsewhere and not elsewhere.startswith("-") else None), past, timed)


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
    publication become ``history`` (every usage but a name: a hypothetical of the past, "for
    fear they might fall into Soviet hands in the event of a war", is history too). Returns a new frame; undated articles are left alone."""
    if escalation.empty or "dated" not in escalation.columns:
        return escalation
    published = escalation["article_id"].map(dict(zip(articles["article_id"], articles["published"])))
    usage = escalation["usage"].copy()
    for i, (dated, pub, use) in enumerate(zip(escalation["dated"], published, usage)):
        if not isinstance(dated, str) or pd.isna(pub) or use == "name":
            continue
        pub = pd.Timestamp(pub).date()
        latest = _latest_day(dated, pub)
        if latest is not None and (pub - latest).days >= PAST_DAYS:
            usage.iloc[i] = "history"
    return escalation.assign(usage=usage)
