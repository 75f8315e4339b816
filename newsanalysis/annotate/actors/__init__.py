"""Actors: entity mentions resolved to real-world actors across the corpus, then linked.

:mod:`.names` turns a mention's text into matching keys and ids; :mod:`.knowledge` holds
the curated tables and the rules that read a name's context; :mod:`.corpus` reads every
mention once for what the whole corpus says about a name; :mod:`.resolver` turns the
``mentions`` table into the ``actors`` table (one row per person, organization, country,
medium, group or place), with the corpus-level merges in :mod:`.merging` and the table in
:mod:`.registry`; :mod:`.linking` gives claims and escalation hits the actor of their speaker
and looks actors up by name.
"""

from newsanalysis.annotate.actors.knowledge import load_aliases
from newsanalysis.annotate.actors.linking import (
    hop_actor,
    link_escalation,
    link_speakers,
    lookup_actor,
)
from newsanalysis.annotate.actors.names import actor_id_for, normalize_name, slug
from newsanalysis.annotate.actors.resolver import resolve_actors

__all__ = ["actor_id_for", "hop_actor", "link_escalation", "link_speakers", "load_aliases", "lookup_actor",
           "normalize_name", "resolve_actors", "slug"]
