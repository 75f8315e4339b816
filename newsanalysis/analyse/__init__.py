"""Analyse: pure functions over the annotation tables.

:mod:`.networks` (who appears with whom), :mod:`.provenance` (chains),
:mod:`.corroboration` with :mod:`.origins` (claims stated in several articles, and their
independent origins), :mod:`.reuse` (near-duplicate and derived articles), :mod:`.trends`
(escalation language over time). Each takes an :class:`~newsanalysis.Annotations`
and returns DataFrames or networkx graphs that keep the evidence behind every number.
"""
