"""The words the claims rules know: one frozen :class:`Lexicon`, read once from ``resources/``.

Every curated list lives in a file of ``newsanalysis/resources/`` whose ``#`` header says
where its entries come from; :func:`lexicon` reads them all once per process. Only
closed-class grammar words (pronouns, determiners) stay here as named constants.
:func:`is_media_name` is the one answer to "does this name a news medium?".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newsanalysis.annotate.knowledge import UserKnowledge, active
from newsanalysis.resources import read_lines, read_words

__all__ = ["ACCUSING_VERBS", "DEMONSTRATIVES", "GROUP_PRONOUNS", "HEARER_VERBS", "ORG_PRONOUNS", "PERSON_PRONOUNS", "SECOND_PERSON",
           "Lexicon", "is_media_name", "lexicon"]

# closed-class words: the pronouns an anaphoric source is resolved by
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
ORG_PRONOUNS = frozenset({"it"})
GROUP_PRONOUNS = frozenset({"they", "them"})
SECOND_PERSON = frozenset({"you", "ya", "y'all"})  # the reader or the person asked: never a source
DEMONSTRATIVES = frozenset({"the", "this", "that", "these", "those", "such"})
#: Verbs whose object is the hearer, not what was said ("told reporters"); in the passive
#: ("the Dutch diplomat was told") their subject is the hearer, never the speaker.
HEARER_VERBS = frozenset({"tell", "inform", "assure", "brief", "remind", "notify", "advise", "reassure"})
#: Verbs whose object is the one accused; in the passive without an agent ("Carlos is accused
#: of", "arrested and charged with") their subject is the accused, and the accuser is unnamed.
ACCUSING_VERBS = frozenset({"accuse", "charge", "suspect", "indict", "blame", "allege"})


@dataclass(frozen=True)
class Lexicon:
    """The curated lists of the claims rules (each attribute names its resource file)."""

    verbs: dict[str, frozenset[str]]  # reporting_verbs.txt: lemma -> frames (clause, object, xcomp)
    noun_cues: frozenset[str]  # reporting_nouns.txt: "Putin's *warning* that ..."
    nouns: dict[str, str]  # source_nouns.txt: source noun -> class (anonymous, group, media, role, people)
    anonymity: tuple[tuple[str, str], ...]  # anonymity_markers.txt: (phrase, reason)
    status_lemmas: dict[str, str]  # status_cues.txt: cue lemma -> status
    status_phrases: tuple[tuple[str, str], ...]  # status_cues.txt: (phrase, status)
    media_words: frozenset[str]  # media_names.txt: one-word names and name parts
    media_phrases: tuple[str, ...]  # media_names.txt: names of several words
    any_source_verbs: frozenset[str]  # any_source_verbs.txt: "the study *found*"
    not_cue_verbs: frozenset[str]  # not_cue_verbs.txt: "make sure that" is no attribution
    confirmation_verbs: frozenset[str]  # confirmation_verbs.txt: "could not *confirm*"
    speaking_nouns: frozenset[str]  # speaking_nouns.txt: "the *poll* suggests"
    person_suffixes: tuple[str, ...]  # person_suffixes.txt: "vot*ers*", "econom*ists*"
    medium_nouns: frozenset[str]  # medium_nouns.txt: "said in a *statement*"
    speech_settings: frozenset[str]  # speech_settings.txt: "spoke on *condition* of anonymity"
    cue_prepositions: frozenset[str]  # cue_prepositions.txt: "talked *about*"
    noun_cue_prepositions: frozenset[str]  # noun_cue_prepositions.txt: "criticism *of*"
    source_families: dict[str, str]  # source_families.txt: "the officials" may be the "sources"


def lexicon() -> Lexicon:
    """The lists, read from ``newsanalysis/resources/`` once per process, with the reporting
    verbs of the knowledge folder applied (:mod:`~newsanalysis.annotate.knowledge`), if any.

    Examples
    --------
    >>> "clause" in lexicon().verbs["say"]
    True
    """
    return _lexicon(active())


@lru_cache(maxsize=4)
def _lexicon(user: UserKnowledge | None) -> Lexicon:
    verbs: dict[str, set[str]] = {}
    for ln in read_lines("reporting_verbs.txt"):
        lemma, frames = ln.split()
        verbs.setdefault(lemma, set()).update(frames.split(","))
    for lemma, frames in user.reporting_verbs if user is not None else ():
        verbs.setdefault(lemma, set()).update(frames)
    status_lemmas, status_phrases = {}, []
    for ln in read_lines("status_cues.txt"):
        status, cue = (p.strip() for p in ln.split("|"))
        if cue.startswith("lemma:"):
            status_lemmas[cue[6:]] = status
        else:
            status_phrases.append((cue, status))
    media = read_lines("media_names.txt")
    return Lexicon(
        verbs={k: frozenset(v) for k, v in verbs.items()},
        noun_cues=frozenset(read_lines("reporting_nouns.txt")),
        nouns=dict(ln.split() for ln in read_lines("source_nouns.txt")),
        anonymity=tuple(tuple(p.strip() for p in ln.split("|")) for ln in read_lines("anonymity_markers.txt")),
        status_lemmas=status_lemmas,
        status_phrases=tuple(status_phrases),
        media_words=frozenset(m for m in media if " " not in m),
        media_phrases=tuple(m for m in media if " " in m),
        any_source_verbs=read_words("any_source_verbs.txt"),
        not_cue_verbs=read_words("not_cue_verbs.txt"),
        confirmation_verbs=read_words("confirmation_verbs.txt"),
        speaking_nouns=read_words("speaking_nouns.txt"),
        person_suffixes=tuple(sorted(read_words("person_suffixes.txt"))),
        medium_nouns=read_words("medium_nouns.txt"),
        speech_settings=read_words("speech_settings.txt"),
        cue_prepositions=read_words("cue_prepositions.txt"),
        noun_cue_prepositions=read_words("noun_cue_prepositions.txt"),
        source_families=dict(ln.split() for ln in read_lines("source_families.txt")),
    )


def is_media_name(name: str) -> bool:
    """Does ``name`` name a news medium? A word of it (case-sensitive) or a phrase in it is
    in ``resources/media_names.txt``.

    Examples
    --------
    >>> is_media_name("The Washington Post"), is_media_name("The White House")
    (True, False)
    """
    lex = lexicon()
    words = re.findall(r"[\w-]+", name)
    return any(w in lex.media_words for w in words) or any(p in name for p in lex.media_phrases)
