"""Separate a scraped article's body from the furniture around it.

Scraped news text carries a headline and dek, a dateline (``TAIPEI, Taiwan –``), photo
captions with credits, a ``RELATED STORIES`` block, an editor line, a trailing hashtag
line and sometimes an appendix (research notes, an interview plan). :func:`clean_text`
moves each of them out of the body into its own field, so nothing is silently dropped and
every offset in the annotation tables points into a body that is only the story.

The rules are deliberately conservative: a block that does not clearly match a pattern
stays in the body (a subhead such as "Biden-Xi talks" is part of the story).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsanalysis.load.furniture import Furniture, peel_furniture, split_glued
from newsanalysis.load.repair import repair_punctuation
from newsanalysis.resources import read_lines

__all__ = ["CleanedText", "clean_text", "detect_language", "split_blocks"]


@dataclass
class CleanedText:
    """The body and everything that was taken out of it."""

    text: str
    title: str = ""
    dek: str = ""
    dateline: str = ""
    byline: str = ""
    editor: str = ""
    captions: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    appendix: str = ""
    furniture: list[str] = field(default_factory=list)
    repairs: dict[str, int] = field(default_factory=dict)


_END_PUNCT = ('.', '!', '?', '"', '”', '’', "'", ':', ';', ')')
_HASHTAG_LINE = re.compile(r"^(#[\w\-]+\s*){2,}$")
_RELATED = re.compile(
    r"^(related( stories| articles| content| coverage| news)?|read more|see also|more on this( story)?)\s*:?$",
    re.IGNORECASE,
)
_EDITOR = re.compile(r"^(edited|editing|translated|translation|compiled|produced) by\s+\S.{0,80}$", re.IGNORECASE)
_BYLINE = re.compile(r"^(by|reporting by|written by|reported by)\s+[A-Z][\w.'’\- ]{1,80}(,.{0,60})?$")
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’\-]{2,}(?: [A-Z][A-Z.'’\-]+)*"  # TAIPEI / NEW YORK / KYIV
    r"(?:,\s*[A-Z][\w.'’\-]+(?: [A-Z][\w.'’\-]+)*){0,2}"  # , Taiwan
    r"(?:\s*\([^()]{1,40}\))?)"  # (AP)
    r"\s*[–—-]{1,2}\s+"
    r"(?=[A-Z“\"‘'])"  # the story starts right after it, with a capital or a quote
)
# A dateline with a date and an agency and no dash: "MOSCOW, February 7. /TASS/. Moscow is ...",
# "LONDON, March 3 (Reuters) - ...".
_DATELINE_DATED = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’\-]{2,}(?: [A-Z][A-Z.'’\-]+){0,4}(?:,\s?[A-Z][\w.'’\-]+(?: [A-Z][\w.'’\-]+){0,3}){0,2}),"
    r"\s(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.? \d{1,2}(?:, \d{4})?\.?"
    r"\s{0,3}(?:/[A-Z][\w .\-]{1,30}/|\([A-Z][\w .\-]{1,30}\))\.?(?:\s{0,3}[–—-]{1,2}\s{0,3}|\s{1,3})"
    r"(?=[A-Z“\"‘'])"
)
# An image slug opening a caption ("north-korea-us-missile-russia_11182024_2 ...", "x.jpg"); the
# first word is cut to 200 characters first, so a long run of word characters stays linear.
_SLUG = re.compile(r"^(?=[\w\-]{0,200}_\d{6})[\w\-]{1,200}\s|^\S{1,200}\.(?:jpe?g|png|gif|webp)\b", re.IGNORECASE)
_CREDIT = re.compile(
    r"\((?:photo:?\s*|file photo:?\s*|image:?\s*)?[A-Z][^()\n\d/]{1,40}/\s?[A-Z][^()\n\d/]{1,40}\)\s*$"
    r"|\((?:photo|file photo|image|credit|courtesy)\b[^()\n]{0,80}\)\s*$"
    r"|^(?:photo|file photo|image|pictured)\s*:",
    re.IGNORECASE,
)
_APPENDIX_LINE = re.compile(r"^(interview topic \d+|guest \d+|topic \d+|question \d+)\s*:", re.IGNORECASE)


def split_blocks(raw: str) -> list[str]:
    """Split text into blocks (paragraphs).

    When the text has blank lines, a block is what lies between them; its lines are joined
    with a space only when it looks hard-wrapped (no line over 100 characters), otherwise each
    line is a block. When the text has no blank lines, every line is a block (one paragraph
    per line, as in many scrapes).
    """
    raw = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    if re.search(r"\n[ \t]*\n", raw):
        blocks = []
        for part in re.split(r"\n[ \t]*\n", raw):
            lines = [line.strip() for line in part.split("\n") if line.strip()]
            hard_wrapped = len(lines) > 1 and max(len(x) for x in lines[:-1]) <= 100
            blocks.extend([" ".join(lines)] if hard_wrapped else lines)
    else:
        blocks = [line.strip() for line in raw.split("\n")]
    return [b for b in blocks if b]


def _n_words(s: str) -> int:
    return len(s.split())


def _looks_like_headline(block: str, max_words: int = 25) -> bool:
    return 0 < _n_words(block) <= max_words and not block.rstrip().endswith(_END_PUNCT)


def _split_trailer(blocks: list[str], out: CleanedText) -> list[str]:
    """Hashtag line (-> tags) and everything after it (-> appendix); else an interview plan."""
    for i in range(len(blocks) - 1, -1, -1):
        if _HASHTAG_LINE.match(blocks[i]):
            out.tags = [t.lstrip("#") for t in blocks[i].split()]
            out.appendix = "\n".join(blocks[i + 1 :])
            return blocks[:i]
    # No hashtag line: a trailing run of interview-plan lines, with a question line before it.
    j = len(blocks)
    while j > 0 and _APPENDIX_LINE.match(blocks[j - 1]):
        j -= 1
    if j < len(blocks) and len(blocks) - j >= 2:
        if j > 0 and blocks[j - 1].endswith("?") and _n_words(blocks[j - 1]) <= 40:
            j -= 1
        out.appendix = "\n".join(blocks[j:])
        return blocks[:j]
    return blocks


def _split_editor_byline(blocks: list[str], out: CleanedText) -> list[str]:
    kept = []
    for i, b in enumerate(blocks):
        at_edge = i in (0, 1, len(blocks) - 1, len(blocks) - 2)
        if at_edge and _EDITOR.match(b) and not out.editor:
            out.editor = b
        elif at_edge and _BYLINE.match(b) and not out.byline:
            out.byline = b
        else:
            kept.append(b)
    return kept


def _split_head(blocks: list[str], out: CleanedText, title: str | None) -> list[str]:
    if not blocks:
        return blocks
    norm = lambda s: re.sub(r"\W+", " ", s).strip().lower()
    if title and len(blocks[0]) <= 2 * len(title) + 20 and norm(blocks[0]) == norm(title):
        out.title = title
        blocks = blocks[1:]
    elif not title and len(blocks) >= 3 and _looks_like_headline(blocks[0]):
        out.title = blocks[0]
        blocks = blocks[1:]
    # A dek: one short paragraph right under the headline, followed by a datelined paragraph.
    if out.title and len(blocks) >= 2 and _n_words(blocks[0]) <= 45 and _DATELINE.match(blocks[1]):
        out.dek = blocks[0]
        blocks = blocks[1:]
    return blocks


def _split_dateline(blocks: list[str], out: CleanedText) -> list[str]:
    if blocks:
        m = _DATELINE.match(blocks[0])
        dated = None if m else _DATELINE_DATED.match(blocks[0])
        if m:
            out.dateline = m.group("place").strip()
        elif dated:
            out.dateline = dated.group().strip(" –—-")
        if m or dated:
            blocks = [blocks[0][(m or dated).end() :]] + blocks[1:]
    return blocks


def _is_caption(block: str) -> bool:
    """A short block with an image slug or a photo credit ('(Leah Millis/Reuters)')."""
    return _n_words(block) <= 80 and bool(_SLUG.search(block) or _CREDIT.search(block))


def _split_captions(blocks: list[str], out: CleanedText) -> list[str]:
    flags = [_is_caption(b) for b in blocks]
    # A caption is often repeated just before its slug/credit line: take the duplicate too.
    for i, b in enumerate(blocks):
        if flags[i]:
            continue
        neighbours = [blocks[k] for k in (i - 1, i + 1) if 0 <= k < len(blocks) and flags[k]]
        if any(b in n for n in neighbours) and _n_words(b) >= 4:
            flags[i] = True
    out.captions = [b for b, f in zip(blocks, flags) if f]
    return [b for b, f in zip(blocks, flags) if not f]


def _split_related(blocks: list[str], out: CleanedText) -> list[str]:
    kept: list[str] = []
    i = 0
    while i < len(blocks):
        if not _RELATED.match(blocks[i]):
            kept.append(blocks[i])
            i += 1
            continue
        j = i + 1
        while j < len(blocks) and _looks_like_headline(blocks[j], max_words=20):
            j += 1
        items = blocks[i + 1 : j]
        # The last short line right before the story resumes is a subhead ("Japan on Moscow,
        # Pyongyang"), not a related headline, when it is short: keep it in the body.
        if items and j < len(blocks) and _n_words(items[-1]) <= 6:
            j -= 1
            items = items[:-1]
        out.related.extend(items)
        i = j
    return kept


def clean_text(raw: str, *, title: str | None = None) -> CleanedText:
    """Split a scraped article into its body and the parts that are not the story.

    Parameters
    ----------
    raw
        The article as scraped (front matter already removed).
    title
        The title from metadata, if known; a first paragraph equal to it is removed.

    Examples
    --------
    >>> c = clean_text("Big news today\\n\\nA short dek.\\n\\nKYIV, Ukraine – It happened.\\n\\nEdited by A. B.")
    >>> c.title, c.dek, c.dateline, c.text, c.editor
    ('Big news today', 'A short dek.', 'KYIV, Ukraine', 'It happened.', 'Edited by A. B.')
    """
    out = CleanedText(text="")
    raw, out.repairs = repair_punctuation(raw)
    found = Furniture()
    blocks = [p for b in split_blocks(raw) for p in split_glued(b, found)]
    blocks = _split_trailer(blocks, out)
    blocks = _split_editor_byline(blocks, out)
    blocks = _split_head(blocks, out, title)
    blocks = _split_dateline(blocks, out)
    blocks = _split_captions(blocks, out)
    blocks = _split_related(blocks, out)
    blocks = peel_furniture(blocks, found)
    out.captions += found.captions
    out.related += found.related
    out.furniture += found.furniture
    if title and not out.title:
        out.title = title
    out.text = "\n\n".join(b for b in blocks if b)
    return out


def _load_function_words() -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for line in read_lines("load/function_words.txt"):
        code, words = line.split(":", 1)
        out[code.strip()] = frozenset(words.split())
    return out


_FUNCTION_WORDS = _load_function_words()
_EN = _FUNCTION_WORDS["en"]
_OTHER = frozenset().union(*(w for code, w in _FUNCTION_WORDS.items() if code != "en"))


def detect_language(text: str) -> str:
    """'en' when the text reads as English, 'other' otherwise.

    A function-word test: in English news, the English function words of
    ``resources/load/function_words.txt`` make up about a third of the words; in other languages
    their own function words (Spanish, French, German, Italian, Portuguese in the same file)
    outnumber them. Texts of fewer than 8 words, or with fewer than 3 function words of any
    language, are given the benefit of the doubt; texts in a mostly non-Latin script are 'other'.
    """
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) < 8:
        return "en"
    letters = "".join(words)
    ascii_share = 1.0 if letters.isascii() else len(letters.encode("ascii", "ignore")) / max(len(letters), 1)
    if ascii_share < 0.6:
        return "other"
    en = sum(w in _EN for w in words)
    other = sum(w in _OTHER for w in words)
    if en + other < 3:  # too little evidence either way (a teaser, a list of names)
        return "en"
    return "en" if en > other else "other"
