"""Names as strings: the matching keys, person skeletons and ids of actor names.

A mention's text becomes a *surface* (:func:`strip_surface`: the name as written, without a
leading "the", a possessive or scraped punctuation), then a *key* (:func:`normalize_name`:
case, accents, dots and hyphens ignored), and for people a *skeleton*
(:func:`person_skeleton`: transliteration-tolerant). Actor ids are slugs of a kind and a
canonical name (:func:`actor_id_for`). Honorifics ("Mr", "Gen.") come from
``resources/actors/honorifics.txt``.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from newsanalysis.resources import read_lines

__all__ = ["QUOTES", "actor_id_for", "ascii_fold", "camel_parts", "initials", "is_honorific", "normalize_name",
           "person_skeleton", "plain_quotes", "slug", "strip_honorific", "strip_surface", "unglue"]

#: Translation table from typographic quotes and dashes to plain ASCII ones.
QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"', "–": "-", "—": "-",
                        "‐": "-", "‑": "-"})


def plain_quotes(text: str) -> str:
    """``text`` with typographic quotes and dashes as ASCII ones."""
    return text.translate(QUOTES)


def ascii_fold(s: str) -> str:
    """``s`` without accents: 'Zelenskyy' stays, 'Erdoğan' becomes 'Erdogan'."""
    if s.isascii():
        return s
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


@functools.lru_cache(maxsize=200_000)
def strip_surface(text: str) -> str:
    """The mention as a name: whitespace, a leading 'the', possessive and end punctuation off.

    Examples
    --------
    >>> strip_surface("the Kremlin’s")
    'Kremlin'
    """
    s = " ".join(text.translate(QUOTES).split())
    s = re.sub(r"^(?:the|The|THE)\s+", "", s)
    s = re.sub(r"(?:'s|')$", "", s)
    s = re.sub(r"[\s.\-]*-[\s.\-]*$", "", s)  # trailing dash debris of scraped text: 'Al Jazeera.-'
    s = s.replace("]", "").replace("[", "")
    return s.strip(" ,;:!?\"()") or s


@functools.lru_cache(maxsize=200_000)
def normalize_name(text: str) -> str:
    """Matching key of a name: case, accents, a leading 'the', possessive, dots, hyphens ignored.

    Examples
    --------
    >>> normalize_name("the U.S.'s")
    'us'
    >>> normalize_name("Kim Jong-un") == normalize_name("Kim Jong Un")
    True
    """
    s = ascii_fold(strip_surface(text)).casefold()
    s = s.replace(".", "").replace("'", "").replace("-", " ").replace("/", " ")
    s = re.sub(r"[^\w ]", " ", s)
    return " ".join(s.split())


@functools.lru_cache(maxsize=200_000)
def person_skeleton(key: str, *, keep_initials: bool = False) -> str:
    """Transliteration-tolerant key of a person's name: y->i, doubled letters once, no initials.

    Examples
    --------
    >>> person_skeleton("volodymyr zelenskyy") == person_skeleton("volodimir zelensky")
    True
    >>> person_skeleton("kim jong hyn") == person_skeleton("kim jong un")
    False
    """
    toks = [t for t in key.split() if keep_initials or len(t) > 1 or len(key.split()) == 1]
    toks = [t for t in toks if t not in ("al", "el")] or toks
    out = []
    for t in toks:
        t = t.replace("y", "i")
        t = re.sub(r"(.)\1+", r"\1", t)
        out.append(t)
    return " ".join(out)


def initials(skeleton: str) -> tuple[str, ...]:
    """The one-letter parts of a skeleton: ``('w',)`` for 'george w bush'."""
    return tuple(t for t in skeleton.split() if len(t) == 1)


def slug(name: str) -> str:
    """Lower-case ASCII slug of a name: ``slug("Volodymyr Zelenskyy’s")`` is
    ``'volodymyr-zelenskyy-s'``; ``'unnamed'`` when nothing is left."""
    s = ascii_fold(name.translate(QUOTES)).casefold()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s or "unnamed"


def actor_id_for(kind: str, name: str) -> str:
    """Stable actor id from kind and canonical name.

    Examples
    --------
    >>> actor_id_for("person", "Joe Biden")
    'person:joe-biden'
    """
    return f"{kind}:{slug(name)}"


@functools.lru_cache(maxsize=1)
def _honorifics() -> frozenset[str]:
    return frozenset(w.casefold() for w in read_lines("actors/honorifics.txt"))


def is_honorific(word: str) -> bool:
    """Whether a word is an honorific or form of address ('Mr', 'Gen.', 'Chancellor' is not).

    Examples
    --------
    >>> is_honorific("Ms."), is_honorific("Olaf")
    (True, False)
    """
    return word.casefold().rstrip(".") in _honorifics()


@functools.lru_cache(maxsize=1)
def _honorific_res() -> tuple[re.Pattern, re.Pattern]:
    words = "|".join(re.escape(w.casefold()) for w in read_lines("actors/honorifics.txt"))
    on_key = re.compile(rf"^(?:(?:{words})\s+)+(?=\S)")
    on_surface = re.compile(rf"^(?:(?:{words})\.?\s+)+(?=\S)", re.IGNORECASE)
    return on_key, on_surface


def strip_honorific(name: str, *, key: bool = True) -> str:
    """``name`` without its leading honorifics ("mr", "gen", ...), or ``name`` when nothing
    else is left. ``key=True`` for a normalized key (lower case, no dots); ``key=False`` for
    a name as written ("Gen. Mark Milley" -> "Mark Milley").

    Examples
    --------
    >>> strip_honorific("mr zelenskiy")
    'zelenskiy'
    >>> strip_honorific("Ms. Le Pen", key=False)
    'Le Pen'
    """
    on_key, on_surface = _honorific_res()
    return (on_key if key else on_surface).sub("", name) or name


# --------------------------------------------------------------------------- scraping glue

#: A clock time or date digits glued to the name that follows: '00:54Putin', '22.56Boris
#: Johnson', '202204.21South Korea'; or a leading dash or bullet: '-Russia'.
_LEADING_GLUE_RE = re.compile(r"^(?:[\d.:]*\d[.:]?(?=[A-Z][a-z])|[-–—•·|]+\s*)")
#: Where a sentence or a line ends inside a person mention: 'death.- Biden', 'Left:-President
#: Bush' (a word of two lower-case or four letters, so not 'W.', 'St.' or 'Mrs.', then end
#: punctuation, a dash or a space, then a capital), or a spaced dash 'Khamenei - Donald Trump'.
_PERSON_BREAK_RE = re.compile(r"(?:(?:\b[a-z]{2,}|\b[A-Z][a-z]{3,})[.!?;:]+\s*[-–—]?|\s[-–—|]+)\s*(?=[A-Z])")
#: A web address, handle or e-mail inside a mention: 'pic.twitter.com/IYYf', 'https://t.co/x',
#: '@rtenews'.
_REPEATED_WORD_RE = re.compile(r"\b(\w{2,})(?:\s+\1)+(?=\s|$)")
_WEB_TOKEN_RE = re.compile(r"\S*(?:\S/|/\S|@|www\.|\.com\b)\S*\s+")


def unglue(text: str, *, person: bool = False) -> str:
    """The name in a mention whose text scraping glued to its neighbours: a clock time or
    a dash before it ('00:54Putin' -> 'Putin', '22.56Boris Johnson' -> 'Boris Johnson');
    for a person also a sentence end or a web address before it ('death.- Biden' -> 'Biden',
    'pic.twitter.com/x William' -> 'William'). Text without glue comes back unchanged.

    Examples
    --------
    >>> unglue("00:54Putin")
    'Putin'
    >>> unglue("Left:-President Bush", person=True)
    'President Bush'
    >>> unglue("George W. Bush", person=True)
    'George W. Bush'
    """
    s = _LEADING_GLUE_RE.sub("", text, count=1) or text
    if person:
        s = _REPEATED_WORD_RE.sub(r"\1", s)  # 'Lukashenko Lukashenko': a transcript label
        for pattern in (_WEB_TOKEN_RE, _PERSON_BREAK_RE):
            last = None
            for last in pattern.finditer(s):
                pass
            if last is not None and last.end() < len(s):
                s = s[last.end():]
    return s


def camel_parts(token: str) -> list[str]:
    """The words of a token glued without a space: 'VladimirPutin' -> ['Vladimir', 'Putin'],
    'CNNMoney' -> ['CNN', 'Money']; a plain token is one part ('McCain' -> ['Mc', 'Cain'],
    so callers decide whether the parts are words).

    Examples
    --------
    >>> camel_parts("ZelenskiyRead")
    ['Zelenskiy', 'Read']
    """
    return re.findall(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[^A-Z\s]+|[A-Z]+", token)
