"""Session fixtures: the real model, the sample corpus, ../shared when it is there, and the
reports built once (the notebooks executed once per session).

The environment (``NEWSANALYSIS_SHARED``, ``NEWSANALYSIS_PROGRESS``) and the check of the
``model`` mark are in the repository's root ``conftest.py``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "sample"
SHARED = Path(os.environ.get("NEWSANALYSIS_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def repo_dir() -> Path:
    return REPO


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the repository (test data that is never copied into it)."""
    if not (SHARED / "corpora").is_dir():
        pytest.skip(f"../shared/corpora not found at {SHARED}: this test needs the shared corpora "
                    "(set NEWSANALYSIS_SHARED to their parent folder)")
    return SHARED


@pytest.fixture(scope="session")
def nlp():
    from newsanalysis.annotate.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def sample_articles():
    from newsanalysis import load_articles

    return load_articles(SAMPLE)


@pytest.fixture(scope="session")
def seed1(sample_articles):
    """The translated report of 17 Nov 2024 (seed 000)."""
    return sample_articles.iloc[0]


@pytest.fixture(scope="session")
def seed2(sample_articles):
    """The TAIPEI-datelined report of 18 Nov 2024 (seed 002)."""
    return sample_articles.iloc[1]


@pytest.fixture(scope="session")
def seed1_doc(nlp, seed1):
    return nlp(seed1["text"])


@pytest.fixture(scope="session")
def seed2_doc(nlp, seed2):
    return nlp(seed2["text"])


@pytest.fixture(scope="session")
def sample_ann(sample_articles, tmp_path_factory):
    """The sample corpus annotated with the real model into a fresh cache."""
    from newsanalysis import annotate

    return annotate(sample_articles, cache_dir=tmp_path_factory.mktemp("cache"), progress=False)


@pytest.fixture()
def sample_cache(sample_ann, tmp_path) -> Path:
    """A copy of the cache the sample corpus was annotated into (2 articles, 1 shard, and
    the corpus tables): annotate reads the sample from it without parsing."""
    root = Path(sample_ann.meta["cache_dir"]).parent
    return Path(shutil.copytree(root, tmp_path / "cache"))


@pytest.fixture(scope="session")
def built_reports(tmp_path_factory):
    """This tree's four notebooks executed once, by the report build, for every test that
    needs them.

    Notebooks 01-03 run on the sample corpus; 04 runs on a slice of the News Articles
    corpus when ``../shared`` (or a fetched copy) has it, on the sample otherwise. The folder
    holds ``<stem>.html`` and the executed ``<stem>.ipynb`` of each, and ``index.html``.

    Returns
    -------
    tuple
        ``(folder, html paths as build_reports returns them, trends corpus)``, the last
        ``"newsarticles"`` or ``"sample"``.
    """
    from browser_support import NOTEBOOK_CACHE, NOTEBOOKS_DIR, TRENDS_SLICE

    from newsanalysis import reports
    from newsanalysis.load.datasets import local_path

    out = tmp_path_factory.mktemp("reports")
    real = local_path("newsarticles") is not None
    paths = reports.build_reports(
        corpus=None,
        trends_corpus="newsarticles" if real else str(SAMPLE),
        trends_limit=TRENDS_SLICE if real else None,
        out=out, cache_dir=NOTEBOOK_CACHE, progress=False, keep_notebooks=True,
        # this tree's notebooks: an editable install elsewhere can answer for
        # `newsanalysis.notebooks`, which the source tree maps from notebooks/ only when installed
        notebooks_from=NOTEBOOKS_DIR,
    )
    return out, paths, "newsarticles" if real else "sample"
