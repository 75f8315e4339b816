"""Actors: entity mentions resolved to real-world actors across the corpus, then linked.

:mod:`.resolver` turns the ``mentions`` table into the ``actors`` table (one row per person,
organization, country, medium or group); :mod:`.linking` gives claims and escalation hits
the actor of their speaker and looks actors up by name.
"""

from newsanalysis.annotate.actors.linking import link_escalation, link_speakers, lookup_actor
from newsanalysis.annotate.actors.resolver import (
    actor_id_for,
    load_aliases,
    normalize_name,
    resolve_actors,
)

__all__ = ["actor_id_for", "link_escalation", "link_speakers", "load_aliases", "lookup_actor",
           "normalize_name", "resolve_actors"]
