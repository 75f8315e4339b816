"""Session fixtures: the real model, the sample corpus, and ../shared when it is there."""

from __future__ import annotations

import os
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
