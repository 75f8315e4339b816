"""Is a generic escalation word about armed conflict or diplomacy here? A conflict cue nearby.

Some lexicon entries name acts that also happen far from wars and diplomacy: politicians
"condemn" hate crimes, a mob "attacks" students, unions "resume talks", costs "escalate",
courts "freeze assets", a scandal "spills over". ``resources/escalation_cues.tsv`` lists these
entries (role ``generic_entry``). :func:`in_conflict_domain` keeps a hit of such an entry only
when its sentence or a neighbouring one holds a *conflict cue*:

* another escalation hit, of an entry that is not generic ("war", "troops", "sanctions
  relief");
* a word of the conflict and diplomacy domain (role ``conflict_word``: "military", "rebels",
  "ceasefire", "ambassador");
* two international actors: two different states (a country, its demonym or its capital, as
  the actors tables of ``resources/actors/`` list them: "Nigeria summoned the Indian
  ambassador"), or a state and an international body (role ``international_body``: the UN,
  NATO, the OSCE).

An article that holds :data:`ARTICLE_HITS` or more hits of non-generic entries is about a
conflict as a whole ("Very fierce fighting continues in Donbas", "the aggressor will not stop"
in a war-time address), and its generic hits need no cue of their own.

A hit without one is not escalation language (a domestic crime, party politics, a labour
dispute, a metaphor), and :func:`~newsanalysis.annotate.escalation.extract_escalation` leaves
it out, as it leaves out what a blocker covers.
"""

from __future__ import annotations

import functools

from spacy.tokens import Doc

from newsanalysis.annotate.actors.knowledge import curated
from newsanalysis.annotate.actors.names import normalize_name
from newsanalysis.annotate.ladder import load_cues
from newsanalysis.annotate.sentences import SentenceIndex

__all__ = ["generic_entries", "in_conflict_domain"]

_ACTOR_LABELS = ("GPE", "NORP", "ORG", "LOC")
#: Sentences either side of the hit's that are read for a cue.
WINDOW = 1
#: Hits of non-generic entries that make a whole article a conflict's.
ARTICLE_HITS = 3


@functools.lru_cache(maxsize=1)
def generic_entries() -> frozenset[str]:
    """Lexicon terms (lower case) whose words have senses outside conflict and diplomacy."""
    return load_cues()["generic_entry"]


def _actor(ent) -> str | None:
    """The state or international body an entity names, None for anything else."""
    cues = load_cues()
    key = normalize_name(ent.text)
    if not key:
        return None
    if key in cues["international_body"]:
        return key
    kb = curated()
    country = kb.demonym_country(key)
    if country:
        return country
    entry = kb.names.get(key)
    if entry is not None and entry.kind == "country":
        return entry.country or entry.name
    if key in kb.metonyms:
        return kb.metonyms[key][0]
    return None


def _sentence_has_cue(doc: Doc, sents: SentenceIndex, sent_idx: int, actors: set[str]) -> bool:
    """A conflict word in sentence ``sent_idx``; its states and bodies are added to ``actors``."""
    words = load_cues()["conflict_word"]
    span = sents.spans[sent_idx]
    if any(t.lemma_.lower() in words or t.lower_ in words for t in span):
        return True
    for ent in span.ents:
        if ent.label_ in _ACTOR_LABELS:
            actor = _actor(ent)
            if actor:
                actors.add(actor)
    return len(actors) >= 2


def in_conflict_domain(doc: Doc, sents: SentenceIndex, sent_idx: int, strong_sentences: list[int]) -> bool:
    """Does sentence ``sent_idx`` or a neighbour (:data:`WINDOW`) hold a conflict cue?

    ``strong_sentences`` are the sentences that hold a hit of a non-generic entry (a sentence
    index per hit, so an article with :data:`ARTICLE_HITS` of them needs no cue at all).
    """
    if len(strong_sentences) >= ARTICLE_HITS:
        return True
    lo, hi = max(0, sent_idx - WINDOW), min(len(sents.spans) - 1, sent_idx + WINDOW)
    if any(lo <= i <= hi for i in strong_sentences):
        return True
    actors: set[str] = set()
    return any(_sentence_has_cue(doc, sents, i, actors) for i in range(lo, hi + 1))
