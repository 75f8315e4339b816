"""Page furniture inside a scraped body, found line by line: credits, links, promos, stamps.

Scrapers flatten a page into text, and the page's furniture lands in the story: photo
credits ("Photograph: Alexey Nikolsky/Sputnik/AFP/Getty Images"), related-link headlines
glued to the next sentence ("...evacuate Irpin – liveRead more 7 Mar 202204.21South Korea
has ..."), newsletter promos ("Sign up to First Edition ..."), live-blog timestamps
("16.11 BST", "22.56Boris Johnson"), amendment notes ("This article was amended on ..."),
share and follow lines. Read as news they become claims, actors ("BST", "ZelenskiyRead")
and escalation hits.

Two steps, both by the phenomenon, never by the outlet:

* :func:`split_glued` cuts a paragraph where a live-blog timestamp or a glued "Read more"
  joins two pieces of text, so sentences and entity spans come out clean. The timestamp
  goes to ``furniture``, the link's headline to ``related``; the text on either side
  becomes its own paragraph.
* :func:`peel_furniture` moves furniture sentences out of the edges of each paragraph: a
  whole line anywhere, a sentence only at the start or end of its paragraph (inside a
  paragraph "Follow the money" may be the story). The sentence patterns are data, in
  ``resources/load/furniture_patterns.tsv``, each with its kind.

The corpus-level step (:mod:`newsanalysis.load.boilerplate`) reuses :func:`unit_spans` and
:func:`furniture_kind` to find sentences repeated across one outlet's articles. Every
regular expression here has bounded quantifiers only, so a line is matched in linear time.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from newsanalysis.load.repair import english_function_words
from newsanalysis.resources import read_lines

__all__ = ["Furniture", "furniture_kind", "peel_furniture", "split_glued", "unit_spans", "units"]

#: Where each kind of furniture is kept (a column of the articles table).
COLUMN_OF_KIND = {"credit": "captions", "related": "related"}  # every other kind: "furniture"

#: Abbreviations after which a full stop does not end a sentence (closed class: titles,
#: months, company suffixes).
_ABBREVIATIONS = frozenset((
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "capt", "sgt", "st", "jr",
    "sr", "inc", "co", "corp", "ltd", "no", "nos", "vs", "etc", "mt", "ft", "rev", "hon", "pres", "maj",
    "adm", "cmdr", "cpl", "pvt", "supt", "det", "insp", "atty", "dept", "univ", "ave", "blvd", "fig",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
))
# Where a unit ends: at the end of a sentence whose successor starts with a capital (after a
# dash, too: "... Pierce said. — AP writers ... contributed"), a wire sign-off ("mb/rt (AFP)")
# or an e-mail address; after a parenthesis followed by a capital
# ("(Editing by J. Smith) Do you ..."); before a parenthesis that closes the paragraph
# ("... says Yu. (China Daily European Weekly 01/06/2017 page30)"). Splitting too often is
# harmless: a unit is only furniture if it repeats or matches a pattern.
_BOUNDARY = re.compile(
    r"[.!?…][.!?…\"”’')\]]{0,4}(?=\s{1,20}(?:[\"“‘(\[]?[A-Z0-9]|[—–\-]{1,2} ?[A-Z]|[a-z]{2,4}/[a-z]{2,4}\b"
    r"|[\w.+\-]{1,64}@))"
    r"|\)(?=\s{1,20}[A-Z])"
)
_FINAL_PARENTHESIS = re.compile(r"\S\s{1,20}(\([^()]{1,100}\)[\s\-]{0,5})$")
_MAX_UNIT_WORDS = 80
# A sentence end glued to the next sentence inside a unit ('spread."Sign up here'): the unit is
# two sentences the splitter could not separate, and the first may be the story.
_GLUED_SENTENCES = re.compile(r"[a-z][.!?][\"”]?[A-Z]")

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?"
_DATE = rf"\d{{1,2}} {_MONTH} \d{{4}}"
_TIME = r"(?:[01]?\d|2[0-3])[.:][0-5]\d(?: ?[ap]\.?m\.?)?"
_ZONES = r"(?:BST|GMT|UTC|CET|CEST|EET|EEST|MSK|EST|EDT|CST|CDT|PST|PDT|AEST|AEDT|IST|JST|KST|ET|PT)"
_ZONE = rf"(?: ?{_ZONES})"
# A live-blog entry stamp: a time (after a date, or alone) glued to the next sentence's capital
# ("04.21South Korea", "7 Mar 202204.21South", "00:54Putin"; not "(18:30GMT)") ...
_GLUED_TIME = re.compile(
    rf"(?:(?<![\w.]){_DATE} ?{_TIME}|(?<!\d)(?<!\d[.:,]){_TIME})(?:{_ZONE}|(?!{_ZONES}\b))(?=[A-Z“\"‘])"
)
# ... a stamp opening a paragraph, or standing alone on it ("16.11 BST", "7 Mar 2022 04.21 GMT") ...
_LONG_TIME = r"(?:[01]\d|2[0-3])[.:][0-5]\d"  # "04.21", "16.11": two-digit hours
_LEADING_TIME = re.compile(
    rf"(?:{_DATE}\s{{0,3}}$"
    rf"|(?:{_DATE} ?)?(?:{_TIME}{_ZONE}|\d{{1,2}}[.:][0-5]\d ?[ap]\.?m\.?|{_LONG_TIME})"
    rf"(?:\s{{0,3}}$|\s{{0,3}}[:\-–—]?\s{{1,3}}(?=[A-Z“\"‘])))"
)
# ... or one with a time zone right after a sentence ("... in Kyiv. 16.11 BST Boris Johnson").
_INNER_TIME = re.compile(rf"(?<=[.!?”\"])\s{{1,3}}(?:{_DATE} ?)?{_TIME}{_ZONE}\s{{1,3}}(?=[A-Z“\"‘])")
_ANY_TIME = re.compile(r"\d[.:][0-5]\d")  # a cheap test before the stamp patterns
# A photo credit glued to the next paragraph ("Photograph: Alexey Nikolsky/Sputnik/AFP/Getty
# ImagesThe Kremlin said ...": the credit ends in an agency name, the next word follows).
_GLUED_CREDIT = re.compile(
    r"(?:Photograph|Photo|Picture|Illustration|Composite|Graphic)s?: ?[^\n:]{1,150}?"
    r"(?:Getty Images|Reuters|AFP|AP|EPA(?:-EFE)?|Shutterstock|Alamy|PA|Sputnik|Rex|Bloomberg|NurPhoto|Anadolu)"
    r"(?=[A-Z“\"‘][a-z])"
)
# "Read more" glued to the headline it closes ("... evacuate Irpin – liveRead more").
_READ_MORE = re.compile(r"(?<=\S)Read more\b")
_RELATED_LABEL = re.compile(r"^(?:read more|read|related|see also|also read|read also)\s?:\s?", re.IGNORECASE)
# A related-story label inside a paragraph, its headline glued to the next sentence with no
# full stop ("READ MORE: Turkey-Netherlands row shows no sign of ebbing Al Jazeera's Sinem
# Koseoglu said ..."), and a promo for the rest of a piece ("Read the rest of Laura's blog").
_INNER_LABEL = re.compile(r"(?<=[.!?\"”’'\s])\s{0,3}(?:(?:READ MORE|Read more|RELATED|Related|See also|Also read|Read also)"
                          r" ?: ?|Read the rest of )(?=[\"“‘'A-Z])")
_MAX_GLUED_HEADLINE_WORDS = 20
_SENTENCE_END = re.compile(r"[.!?…][\"”’]{0,2}(?=\s{0,20}[\"“‘]?[A-Z0-9])")
_MAX_HEADLINE_WORDS = 30


@dataclass
class Furniture:
    """What the line-level steps took out of a body, by column."""

    captions: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    furniture: list[str] = field(default_factory=list)

    def keep(self, kind: str, text: str) -> None:
        text = text.strip(" \t-–—|")
        if kind == "related":  # the headline, without its label ("READ MORE: ...")
            text = _RELATED_LABEL.sub("", text, count=1).strip()
        if text:
            getattr(self, COLUMN_OF_KIND.get(kind, "furniture")).append(text)


# --------------------------------------------------------------------------- sentences


def _is_abbreviation(block: str, dot: int) -> bool:
    """True when the full stop at ``dot`` closes an abbreviation ("Sen.", "U.S.", "J.")."""
    if block[dot] != ".":
        return False
    word = block[max(0, dot - 20) : dot].split()[-1:]  # a bounded look back: linear overall
    word = word[0].lstrip("\"“‘'([") if word else ""
    return (word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())
            or ("." in word and len(word) <= 12))


def unit_spans(block: str) -> list[tuple[int, int]]:
    """Character spans of the sentence-like units of a paragraph, in order.

    A regular-expression splitter, not a parser: a unit ends at ``.``, ``!`` or ``?`` (with
    closing quotes) before a capital, except after an abbreviation. Good enough to compare
    the same boilerplate across articles; never used for the annotation's sentences.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(block):
        if m.end() <= start or _is_abbreviation(block, m.start()):
            continue
        spans.append((start, m.end()))
        start = m.end()
        while start < len(block) and block[start].isspace():
            start += 1
    if start < len(block):
        spans.append((start, len(block)))
    tail = _FINAL_PARENTHESIS.search(block, max(0, len(block) - 130))
    if tail and spans and spans[-1][0] < tail.start(1):  # "... says Yu. (China Daily ... page30)"
        spans[-1:] = [(spans[-1][0], tail.start() + 1), (tail.start(1), len(block))]
    return [(s, e) for s, e in spans if block[s:e].strip()]


def units(block: str) -> list[str]:
    """The sentence-like units of a paragraph (see :func:`unit_spans`)."""
    return [block[s:e] for s, e in unit_spans(block)]


@functools.lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[str, re.Pattern], ...]:
    rows = []
    for line in read_lines("load/furniture_patterns.tsv"):
        kind, pattern = line.split("\t", 1)
        rows.append((kind.strip(), re.compile(pattern.strip(), re.IGNORECASE)))
    return tuple(rows)


def furniture_kind(unit: str) -> str | None:
    """The kind of furniture a sentence or line is ('credit', 'promo', ...), or None.

    Examples
    --------
    >>> furniture_kind("Photograph: Alexey Nikolsky/Sputnik/AFP/Getty Images")
    'credit'
    >>> furniture_kind("Sign up to First Edition, our free daily newsletter")
    'promo'
    >>> furniture_kind("Follow the money, the senator said.") is None
    True
    """
    unit = unit.strip(" \t-–—|")
    if not unit or len(unit.split()) > _MAX_UNIT_WORDS or _GLUED_SENTENCES.search(unit):
        return None
    for kind, rx in _patterns():
        if kind != "label" and rx.match(unit):
            return kind
    return None


def _strip_labels(block: str, out: Furniture) -> str:
    """Cut widget labels glued before a paragraph's first sentence (kind ``label``)."""
    labels = [rx for kind, rx in _patterns() if kind == "label"]
    found = True
    while found:
        found = False
        for rx in labels:
            m = rx.match(block)
            if m and m.end() < len(block):
                out.keep("label", m.group())
                block = block[m.end() :].lstrip()
                found = True
    return block


# --------------------------------------------------------------------------- glued text


def _headline_start(block: str, lo: int, hi: int) -> int | None:
    """Start of the headline that ends at ``hi``: after the last sentence end in
    ``block[lo:hi]`` (or at ``lo``); None when that would be too long for a headline."""
    start = lo
    for m in _SENTENCE_END.finditer(block, lo, hi):
        if not _is_abbreviation(block, m.start()):
            start = m.end()
    return start if len(block[start:hi].split()) <= _MAX_HEADLINE_WORDS else None


def _glued_headline_end(block: str, start: int) -> int | None:
    """Where a label's headline ends and the next sentence begins when no full stop parts
    them: before the first capitalised word, after two headline words, that follows a lower-case
    content word, a closing quote or a dash glued to a word and opens a sentence: a function word ("... of ebbing The
    ..."), an opening quote, or a name of two capitalised words ("... ebbing Al Jazeera's").
    None when no such place comes within :data:`_MAX_GLUED_HEADLINE_WORDS` words."""
    words = [(m.start(), m.group()) for m in re.finditer(r"\S+", block[start : start + 400])]
    function = english_function_words()
    for k in range(2, min(len(words) - 1, _MAX_GLUED_HEADLINE_WORDS + 1)):
        prev, (at, word), nxt = words[k - 1][1], words[k], words[k + 1][1]
        bare = word.lstrip("\"“‘'")
        if not bare[:1].isupper() or bare == "I" or prev.lower().strip("\"“”‘’'") in function:
            continue
        if not (prev[0].islower() or prev[-1] in "\"”’'" or (prev[-1] in "-–—" and len(prev) > 1)):
            continue
        opens = (bare.lower().strip(",") in function or bare != word
                 or (nxt[:1].isupper() and nxt.lower() not in function) or re.search(r"['’]s$", bare))
        if opens:
            return start + at
    return None


def split_glued(block: str, out: Furniture) -> list[str]:
    """Cut a paragraph at glued timestamps, "Read more" links and photo credits; return the pieces.

    Examples
    --------
    >>> f = Furniture()
    >>> split_glued("Russians press on Irpin – liveRead more 7 Mar 202204.21South Korea has joined.", f)
    ['South Korea has joined.']
    >>> f.related, f.furniture
    (['Russians press on Irpin – live'], ['7 Mar 202204.21'])
    """
    cuts: list[tuple[int, int, str, str]] = []  # (start, end, kind, kept text)
    lo = 0
    has_time = _ANY_TIME.search(block) is not None
    for m in _READ_MORE.finditer(block) if "Read more" in block else ():
        if block[m.start() - 1] in ".!?\"”’)":  # after a sentence: a promo ("Read more of ... here.")
            cuts.append((m.start(), m.start(), "related", ""))
            continue
        h = _headline_start(block, lo, m.start())
        if h is None:
            cuts.append((m.start(), m.end(), "related", ""))
        else:
            cuts.append((h, m.end(), "related", block[h : m.start()]))
        lo = m.end()
    for m in _INNER_LABEL.finditer(block) if re.search(r"(?i)read|related|see also", block) else ():
        end = _glued_headline_end(block, m.end())
        if end is not None and m.start() > 0:
            cuts.append((m.start(), end, "related", block[m.end() : end]))
    for rx in (_GLUED_TIME, _INNER_TIME) if has_time else ():
        for m in rx.finditer(block):
            cuts.append((m.start(), m.end(), "timestamp", m.group()))
    for m in _GLUED_CREDIT.finditer(block) if ":" in block else ():
        cuts.append((m.start(), m.end(), "credit", m.group()))
    if not cuts:
        return [block]
    pieces, pos = [], 0
    for start, end, kind, kept in sorted(cuts):
        if start < pos:  # overlapping stamps (a date inside a link's tail): keep the first
            continue
        pieces.append(block[pos:start])
        out.keep(kind, kept)
        pos = end
    pieces.append(block[pos:])
    return [p.strip() for p in pieces if p.strip()]


def _leading_stamp(block: str, out: Furniture) -> str:
    m = _LEADING_TIME.match(block)
    if not m:
        return block
    out.keep("timestamp", m.group())
    return block[m.end() :].strip()


# --------------------------------------------------------------------------- edges


def _is_caption_block(block: str, spans: list[tuple[int, int]]) -> bool:
    """A short paragraph whose last sentence is a photo credit is a caption with its credit."""
    return (len(spans) <= 3 and len(block.split()) <= 60
            and furniture_kind(block[spans[-1][0] : spans[-1][1]]) == "credit")


def peel_furniture(blocks: list[str], out: Furniture) -> list[str]:
    """Move furniture lines, and furniture sentences at paragraph edges, into ``out``.

    A paragraph that is a caption with its credit goes to ``captions`` whole when the body
    has other paragraphs; a paragraph-opening timestamp goes to ``furniture``.
    """
    kept = []
    for block in blocks:
        block = _strip_labels(_leading_stamp(block, out), out)
        spans = unit_spans(block)
        if not spans:
            continue
        if len(blocks) > 1 and _is_caption_block(block, spans):
            out.keep("credit", block)
            continue
        kinds = [None] * len(spans)
        i = 0
        while i < len(spans) and (k := furniture_kind(block[spans[i][0] : spans[i][1]])):
            kinds[i] = k
            i += 1
        j = len(spans)
        while j > i and (k := furniture_kind(block[spans[j - 1][0] : spans[j - 1][1]])):
            kinds[j - 1] = k
            j -= 1
        if i == len(spans) and len(spans) > 1:  # a whole line of furniture: kept as one line
            out.keep(kinds[0], block)
            continue
        for (s, e), k in zip(spans, kinds):
            if k:
                out.keep(k, block[s:e])
        body = block[spans[i][0] : spans[j - 1][1]] if i < j else ""
        if body.strip():
            kept.append(body.strip())
    return kept

