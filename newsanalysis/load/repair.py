"""Repair punctuation that a broken encoding mangled upstream, before the text is cleaned.

Scraped and re-exported corpora often pass through a tool that cannot write a character
and puts something else in its place. Three such marks are frequent enough to hurt every
later step (sentences run on, a closing quote is not seen, so a quotation loses its speaker):

* ``"?`` for a curly closing quote, apostrophe or dash, with the space after it swallowed
  (``choice,"?Sen. Warren said`` for ``choice,” Sen. Warren said``; ``DeVos"?nomination``
  for ``DeVos’ nomination``; ``determine "?at least temporarily "?the fate`` for dashes).
  Read by what stands before it: after ``.,;:!?`` a closing quote; after a space or a
  hyphen a dash; after a word a closing quote when a quotation is open, else an apostrophe.
  ``"?`` followed by a space or the end after a word can be a real question mark after a
  quoted word (``Did he say "no"?``) and is left alone.
* ``"`` for an apostrophe inside a word (``don"t``, ``isn"t``): ``’``.
* a hyphen glued after sentence punctuation where a (non-breaking) space was lost
  (``autism.- "Claims``, ``Source:-Al Jazeera``, ``framework,"-she said``): a space.
* a hyphen between two words where a space was lost (``Al Jazeera's-Sinem Koseoglu``,
  ``Ms-Zappone``, ``countries-will be``, ``demand-the Government``, ``held a-March``,
  ``official-in the``, ``Schiff-agreed that``): a space. Only where no English compound
  stands: after a possessive or a personal title before a capitalised word, with a
  closed-class word (article, conjunction, auxiliary, ``said``) on one side of a single
  hyphen, with a preposition after it that a determiner follows, or between a name and a
  past-tense verb that a determiner, "that" or "with" follows. Chains (``son-in-law``, ``state-of-the-art``,
  ``Mar-a-Lago``) and the few real compounds (``would-be``, ``has-been``, ``as-is``) are kept.
* a missing space between two sentences (``he said.According to``): a space.
* a straight quote glued on both sides between punctuation and a word (``is indicative of
  more."When James Clapper ...``, ``the Russians,"big brothers,"``): a space after it when
  it closes the open quotation, before it when it opens one.

Each rule names a pattern that does not occur in well-formed English text, so a clean text
is returned unchanged. :func:`repair_punctuation` returns how many marks each rule repaired,
and the loader records it as a warning: a repair is never silent.
"""

from __future__ import annotations

import functools
import re

from newsanalysis.resources import read_lines

__all__ = ["describe_repairs", "english_function_words", "repair_punctuation"]

#: Repair kinds, in the order the counts are reported.
QUOTE, APOSTROPHE, HYPHEN_SPACE, HYPHEN_WORDS, SENTENCE_SPACE, QUOTE_SPACE = (
    "'\"?' for a quote, apostrophe or dash",
    "'\"' for an apostrophe",
    "hyphen for a lost space after punctuation",
    "hyphen for a lost space between words",
    "missing space between sentences",
    "missing space at a quote mark",
)

_MANGLED = re.compile(r'"\?|"')
_APOSTROPHE = re.compile(r'"(?<=[A-Za-z]")(?=(?:t|s|d|ll|re|ve|m)\b(?!["”]))')
# After a full stop, only before a space, a capital or a quote, and not after an abbreviation:
# "U.S.-backed" and "U.S.-Mexico" are compounds.
_HYPHEN_SPACE = re.compile(
    r"-(?<=[.!?]-)(?<!\.[A-Za-z]\.-)(?<![\s(\-][A-Z]\.-)-{0,2}(?:[ \t]+|(?=[\"“A-Z\n])|$)"
    r"|-(?<=[,;:”]-)-{0,2}(?:[ \t]+|(?=[\"“A-Za-z\n])|$)"
    # after a closing straight quote that follows sentence punctuation: 'framework,"-she said'
    r'|-(?<=[.!?,;:]"-)-{0,2}(?:[ \t]+|(?=[A-Za-z\n])|$)'
)
# "said.According": a word ending in two lower-case letters, a full stop, then a capitalised
# word of three letters or more (or an acronym). A name glued to a name ("Diya.City",
# "Gossuslugi.Avto") is a brand, not two sentences: there the second word must be a function
# word ("VariFlight.Although"). "Co.The", "Mail.Ru" and initials are left alone.
_SENTENCE_SPACE = re.compile(r"[.!?](?<=[a-z]{2}[.!?])(?=([A-Z][a-z]{2,}|[A-Z]{2,})\b)")
# A hyphen for a lost space between words: closed-class words that never start or end an
# English compound of two words, and the compounds that are the exceptions.
_CLOSED = "the|an|a|and|or|but|that|who|which|will|would|could|should|was|were|is|are|has|have|had|said|says"
_COMPOUNDS = frozenset({"would-be", "has-been", "as-is", "either-or", "could-be", "will-o"})
_HYPHEN_WORDS = re.compile(
    r"(?<=\w['’]s)-(?=[A-Z][a-z])"  # Jazeera's-Sinem
    r"|(?<=\b(?:Mr|Ms|Dr))\.?-(?=[A-Z][a-z])|(?<=\bMrs)\.?-(?=[A-Z][a-z])"  # Ms-Zappone, Mr.-Putin
    # a single hyphen (no hyphen or apostrophe on either side) with a closed-class word on one side
    rf"|(?<![\w\-’'])(?:[A-Za-z]+-(?=(?:{_CLOSED})\b(?![\-’']))|(?:{_CLOSED})-(?=[A-Za-z0-9]+\b(?![\-’'])))"
    # a name glued to the past-tense verb it is the subject of ("Schiff-agreed that",
    # "Congress-rejected a bill"): a compound adjective ("Russia-backed") is followed by a noun
    r"|(?<![\w\-’'])[A-Z][a-z]+-(?=[a-z]+ed (?:the|a|an|his|her|its|their|that|with)\b)"
    # or a preposition before a determiner ("official-in the Trump administration")
    r"|(?<![\w\-’'])[A-Za-z]+-(?=(?:in|on|of|to|for|at|from|with|by) (?:the|a|an|his|her|their|its)\b)"
)
_QUOTE_MARKS = re.compile(r'["”]')
_URLISH = re.compile(r"@|/|www\.|https?:")


@functools.lru_cache(maxsize=1)
def english_function_words() -> frozenset[str]:
    """The English function words of ``resources/load/function_words.txt``."""
    en = next(line for line in read_lines("load/function_words.txt") if line.startswith("en:"))
    return frozenset(en.split(":", 1)[1].split())


def _repair_quotes(text: str, counts: dict[str, int]) -> str:
    """One left-to-right pass over ``"`` and ``"?``, keeping track of open quotations."""
    out: list[str] = []
    pos = 0
    open_quote = False
    n = 0
    for m in _MANGLED.finditer(text):
        if m.group() == '"':
            open_quote = not open_quote
            continue
        before = text[m.start() - 1] if m.start() else "\n"
        after = text[m.end()] if m.end() < len(text) else ""
        if before.isalnum() and (not after or after.isspace()):
            continue  # 'say "no"?' : a real question mark after a quoted word
        if before in ".,;:!?)":
            mark = "”"
        elif before.isspace() or before == "-":
            mark = "—"
        elif before.isalnum():
            mark = "”" if open_quote else "’"
        else:
            mark = "”"
        start = m.start()
        if mark == "—":
            while start > pos and text[start - 1] in " -":
                start -= 1
            piece = (" " if start > 0 and text[start - 1] != "\n" else "") + "—" + (" " if after and not after.isspace() else "")
        else:
            piece = mark + (" " if after and (after.isalnum() or after in "\"“(['‘") else "")
        if mark == "”":
            open_quote = False
        out.append(text[pos:start])
        out.append(piece)
        pos = m.end()
        n += 1
    if n:
        counts[QUOTE] = counts.get(QUOTE, 0) + n
    out.append(text[pos:])
    return "".join(out)


def _sub_counted(pattern: re.Pattern, repl: str, text: str, kind: str, counts: dict[str, int]) -> str:
    new, n = pattern.subn(repl, text)
    if n:
        counts[kind] = counts.get(kind, 0) + n
    return new


def _word_spaces(text: str, counts: dict[str, int]) -> str:
    """Put back the space a hyphen took between two words (see the module docstring)."""
    parts: list[str] = []
    prev = n = 0
    for m in _HYPHEN_WORDS.finditer(text):
        hyphen = text.index("-", m.start())
        word = re.match(r"[\w’']*-[\w’']*", text[m.start() : m.start() + 60])
        if word and word.group().lower() in _COMPOUNDS:
            continue
        parts.append(text[prev:hyphen])
        prev = hyphen + 1
        n += 1
    if not n:
        return text
    counts[HYPHEN_WORDS] = counts.get(HYPHEN_WORDS, 0) + n
    parts.append(text[prev:])
    return " ".join(parts)


def _quote_spaces(text: str, counts: dict[str, int]) -> str:
    """Put back the space lost on one side of a straight quote glued between punctuation and
    a word: after it when a quotation is open (it closes), before it otherwise (it opens)."""
    out: list[str] = []
    pos = n = 0
    open_quote = False
    for m in _QUOTE_MARKS.finditer(text):
        if m.group() == "”":
            open_quote = False
            continue
        i = m.start()
        glued = 0 < i and text[i - 1] in ".!?,;:" and i + 1 < len(text) and text[i + 1].isalpha()
        if glued:
            out.append(text[pos:i])
            out.append('" ' if open_quote else ' "')
            pos = i + 1
            n += 1
        open_quote = not open_quote
    if not n:
        return text
    counts[QUOTE_SPACE] = counts.get(QUOTE_SPACE, 0) + n
    out.append(text[pos:])
    return "".join(out)


def _sentence_spaces(text: str, counts: dict[str, int]) -> str:
    """Insert the missing space between glued sentences, outside e-mail addresses and URLs."""
    cuts = []
    for m in _SENTENCE_SPACE.finditer(text):
        word = [w.lstrip("\"“‘'([") for w in text[max(0, m.start() - 40) : m.start()].split()[-1:]]
        if word and word[0][:1].isupper() and m.group(1).lower() not in english_function_words():
            continue
        # the word around the cut, looked at within 100 characters each side (linear overall)
        before = text[max(0, m.end() - 100) : m.end()].split()[-1]
        after = text[m.end() : m.end() + 100].split(None, 1)[0]
        if not _URLISH.search(before + after):  # not inside an e-mail address or a URL
            cuts.append(m.end())
    if not cuts:
        return text
    counts[SENTENCE_SPACE] = counts.get(SENTENCE_SPACE, 0) + len(cuts)
    parts, prev = [], 0
    for c in cuts:
        parts.append(text[prev:c])
        prev = c
    parts.append(text[prev:])
    return " ".join(parts)


def repair_punctuation(text: str) -> tuple[str, dict[str, int]]:
    """Repair mangled quotes, apostrophes and lost spaces; return the text and the counts.

    Examples
    --------
    >>> text, counts = repair_punctuation('"It is hard to imagine a worse choice,"?Sen. Warren said. DeVos"?nomination.')
    >>> text, sum(counts.values())
    ('"It is hard to imagine a worse choice,” Sen. Warren said. DeVos’ nomination.', 2)
    """
    counts: dict[str, int] = {}
    if '"' in text:
        text = _sub_counted(_APOSTROPHE, "’", text, APOSTROPHE, counts)
        if '"?' in text:
            text = _repair_quotes(text, counts)
    if "-" in text:
        text = _sub_counted(_HYPHEN_SPACE, " ", text, HYPHEN_SPACE, counts)
        text = _word_spaces(text, counts)
    if '"' in text:
        text = _quote_spaces(text, counts)
    text = _sentence_spaces(text, counts)
    return text, counts


def describe_repairs(counts: dict[str, int]) -> str:
    """'12 marks (9 '"?' for a quote, apostrophe or dash; 3 hyphen for ...)' for a warning."""
    total = sum(counts.values())
    detail = "; ".join(f"{n} {kind}" for kind, n in counts.items())
    return f"{total} mangled punctuation mark{'s' if total != 1 else ''} ({detail})"
