"""newsanalysis: who appears with whom, who claims what on whose authority, and whether
the language of escalation is rising, with evidence behind every number.

The verbs a researcher types::

    articles = load_articles("data/sample")
    ann = annotate(articles)
    ann.claims, ann.actors, ann.escalation
"""

__version__ = "0.1.0"

from .pipeline import annotate  # noqa: E402
from .annotations import Annotations  # noqa: E402
from .loading import load_articles  # noqa: E402
from .nlp import load_nlp  # noqa: E402

__all__ = ["__version__", "load_articles", "annotate", "Annotations", "load_nlp"]
