"""newsanalysis: who appears with whom, who claims what on whose authority, and whether
the language of escalation is rising, with evidence behind every number.

The verbs a researcher types::

    import newsanalysis as na
    articles = na.load_articles("data/sample")
    ann = na.annotate(articles)
    G = na.actor_network(ann, kind="cooccurrence")
    na.provenance(ann), na.corroboration(ann), na.reuse(ann)
    na.escalation_trend(ann, freq="W", by="outlet")
    b = na.briefing(ann)          # topics, claims and authority, camps, guests, a question
    b.to_html(), b.to_markdown()
    sample = na.validation_sample(ann, "claims", n=20, seed=1)   # then judge it by hand:
    na.labelling_widget(sample, "claims-labels.csv", coder="me")
    na.validation_report(na.read_labels("claims-labels.csv"))

Analysis, plot and widget functions are imported on first use, so ``import newsanalysis``
stays quick and does not pull in plotly or ipywidgets for a script that does not draw.
"""

from __future__ import annotations

import importlib

from newsanalysis._version import __version__
from newsanalysis.annotate import annotate  # the verb, not the sub-package
from newsanalysis.annotate.nlp import load_nlp
from newsanalysis.annotations import Annotations
from newsanalysis.load import load_articles

# name -> module that defines it (load → annotate → analyse → show)
_LAZY = {
    # annotate: a dataset written by Dask workers
    "open_annotations": "annotate.dataset",
    # analyse
    "actor_network": "analyse.networks",
    "top_actors": "analyse.networks",
    "strongest_edges": "analyse.networks",
    "provenance": "analyse.provenance",
    "provenance_graph": "analyse.provenance",
    "corroboration": "analyse.corroboration",
    "claim_spread": "analyse.corroboration",
    "reuse": "analyse.reuse",
    "reuse_pairs": "analyse.reuse",
    "escalation_trend": "analyse.trends",
    "story_topics": "analyse.topics",
    "load_lexicon": "annotate.ladder",
    "write_network": "analyse.network_files",
    "read_network": "analyse.network_files",
    # validation: sample, label, report
    "validation_sample": "analyse.validation",
    "labels_path": "analyse.labels",
    "read_labels": "analyse.labels",
    "export_sample": "analyse.labels",
    "read_coded": "analyse.labels",
    "validation_report": "analyse.validation_report",
    "wilson_interval": "analyse.validation_report",
    # show
    "plot_network": "show.networks",
    "network_explorer": "show.network_explorer",
    "plot_provenance_sankey": "show.provenance",
    "provenance_explorer": "show.claim_explorer",
    "plot_claim_spread": "show.provenance",
    "plot_escalation_trend": "show.escalation",
    "escalation_explorer": "show.escalation_explorer",
    "labelling_widget": "show.validation",
    "briefing": "show.briefing",
    "plot_topic_voices": "show.briefing",
    "plot_validation": "show.validation",
    # reports and data
    "build_reports": "reports",
    "list_datasets": "load.datasets",
    "load_summary": "load.summary",
    "warning_summary": "analyse.coverage",
    "left_out": "analyse.coverage",
}

__all__ = ["__version__", "load_articles", "annotate", "Annotations", "load_nlp", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'newsanalysis' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
