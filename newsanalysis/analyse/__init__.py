"""Analyse: pure functions over the annotation tables.

:mod:`.networks` (who appears with whom), :mod:`.provenance` (chains and corroboration),
:mod:`.trends` (escalation language over time). Each takes an :class:`~newsanalysis.Annotations`
and returns DataFrames or networkx graphs that keep the evidence behind every number.
"""
