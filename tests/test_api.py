"""The public API: the verbs a researcher types are all reachable from `newsanalysis`."""

import subprocess
import sys

import newsanalysis as na


def test_every_public_name_resolves():
    for name in na.__all__:
        assert getattr(na, name) is not None, name


def test_importing_the_package_does_not_import_plotly_or_ipywidgets():
    code = "import sys, newsanalysis; print('plotly' in sys.modules, 'ipywidgets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_an_unknown_name_is_an_attribute_error():
    import pytest

    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        na.nope  # noqa: B018
