"""Hooks for everything pytest collects: the tests under tests/ and the package's doctests.

- ``NEWSANALYSIS_PROGRESS=0`` and, when ``../shared`` is there, ``NEWSANALYSIS_SHARED``
  (the package reads the development copies of the corpora only through that variable;
  notebook kernels started by the tests inherit it).
- The ``model`` mark is kept honest: a test (or doctest) without it that loads the trained
  spaCy pipeline through ``load_nlp``, or uses a fixture that holds it, fails, naming the
  mark. (Loads in worker processes and a direct ``spacy.load`` escape this check.)
  Doctests that call ``load_nlp()`` or ``annotate(`` get the mark here, since a docstring
  cannot carry one.
- Doctests run from the repository root, so ``load_articles("data/sample")`` in a docstring
  reads the sample corpus, and annotate into a temporary cache (never the user's).

The fixtures are in ``tests/conftest.py``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent
_SHARED = Path(os.environ.get("NEWSANALYSIS_SHARED", REPO.parent / "shared"))

os.environ.setdefault("NEWSANALYSIS_PROGRESS", "0")
if (_SHARED / "corpora").is_dir():
    os.environ.setdefault("NEWSANALYSIS_SHARED", str(_SHARED))

#: Fixtures of tests/conftest.py that hold the trained pipeline or its output.
_MODEL_FIXTURES = frozenset({"nlp", "seed1_doc", "seed2_doc", "sample_ann", "sample_cache"})
#: What a doctest's source holds when it needs the trained pipeline.
_LOADS_MODEL = re.compile(r"\bload_nlp\(|\bannotate\(")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if not isinstance(item, pytest.DoctestItem):
            continue
        source = "\n".join(example.source for example in item.dtest.examples)
        if _LOADS_MODEL.search(source):
            item.add_marker(pytest.mark.model)


def pytest_runtest_setup(item):
    used = _MODEL_FIXTURES.intersection(getattr(item, "fixturenames", ()))
    if used and not item.get_closest_marker("model"):
        pytest.fail(f"this test uses {sorted(used)} (the trained spaCy pipeline) but is not "
                    "marked @pytest.mark.model", pytrace=False)


def _refuse_model(source, *args, **kwargs):
    pytest.fail(f"this test loads the trained spaCy pipeline ({source!r}) but is not marked "
                "@pytest.mark.model: mark it, or build the Doc on spacy.blank('en').vocab",
                pytrace=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """Run a test without the ``model`` mark with the model loader replaced by a failure
    (set-up included, so a session fixture that loads the model fails it too)."""
    if item.get_closest_marker("model"):
        return (yield)
    from newsanalysis.annotate import nlp as nlp_module

    real = nlp_module._load_by_name
    nlp_module._load_by_name = _refuse_model
    try:
        return (yield)
    finally:
        nlp_module._load_by_name = real


@pytest.fixture(scope="session")
def _doctest_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("doctest-cache")


@pytest.fixture(autouse=True)
def _doctest_setting(request, monkeypatch):
    """Doctests run from the repository root with one fresh annotation cache between them
    (the first that annotates the sample parses it; the others read the cache)."""
    if isinstance(request.node, pytest.DoctestItem):
        monkeypatch.chdir(REPO)
        monkeypatch.setenv("NEWSANALYSIS_CACHE", str(request.getfixturevalue("_doctest_cache")))
