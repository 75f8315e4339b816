"""The public API: the verbs a researcher types are all reachable from `newsanalysis`, and
stay the functions they are whatever was imported before."""

import json
import subprocess
import sys

import pandas as pd
import pytest

import newsanalysis as na

#: The public names, as the README and the notebooks use them.
PUBLIC = {
    "__version__", "load_articles", "annotate", "Annotations", "load_nlp",
    "actor_network", "top_actors", "strongest_edges", "provenance", "provenance_graph",
    "corroboration", "escalation_trend", "load_lexicon", "plot_network", "network_explorer",
    "plot_provenance_sankey", "provenance_explorer", "plot_escalation_trend",
    "escalation_explorer", "build_reports", "list_datasets",
}


def test_the_public_names_of_the_first_version_are_all_still_there():
    assert PUBLIC <= set(na.__all__)  # later issues add verbs (validation, reuse, briefing, ...)


def test_every_public_name_resolves():
    for name in na.__all__:
        value = getattr(na, name)
        assert value is not None, name
        assert name == "__version__" or callable(value), name


#: Run in a fresh interpreter (once, for the two tests below): import the package, then
#: touch names in the order that used to break the lazy loading.
FRESH = """
import json, sys
import newsanalysis as na
drawing = ["plotly" in sys.modules, "ipywidgets" in sys.modules]
na.corroboration
from newsanalysis.annotate import cache
from newsanalysis.analyse import networks, provenance, trends
from newsanalysis.show import escalation
names = ["provenance", "annotate", "actor_network", "escalation_trend", "corroboration"]
print(json.dumps({"drawing": drawing, "types": [type(getattr(na, n)).__name__ for n in names]}))
"""


@pytest.fixture(scope="module")
def fresh():
    out = subprocess.run([sys.executable, "-c", FRESH], capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_importing_the_package_does_not_import_plotly_or_ipywidgets(fresh):
    assert fresh["drawing"] == [False, False]


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        na.nope  # noqa: B018


def test_verbs_stay_functions_whatever_is_imported_first_in_a_fresh_interpreter(fresh):
    # the old bug: na.corroboration imported the module `provenance`, which replaced the
    # lazily loaded function na.provenance ("'module' object is not callable")
    assert fresh["types"] == ["function"] * 5


@pytest.mark.model
def test_provenance_is_still_the_function_after_corroboration_was_used(sample_ann, monkeypatch):
    for name in ("provenance", "corroboration"):  # as if neither had been loaded yet
        monkeypatch.delitem(vars(na), name, raising=False)
    na.corroboration(sample_ann)
    table = na.provenance(sample_ann)
    assert isinstance(table, pd.DataFrame) and len(table) == len(sample_ann.claims)


def test_annotate_is_still_the_function_after_importing_the_cache_module():
    from newsanalysis.annotate import cache  # noqa: F401
    from newsanalysis.annotate.run import annotate

    assert na.annotate is annotate
