"""The annotation cache: warm runs parse nothing, new articles only are parsed, and an
interrupted or damaged write is never served."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
import warnings

import pandas as pd
import pytest

from newsanalysis import annotate, load_articles
from newsanalysis.annotate.cache import CacheWarning


def _assert_same_tables(a, b):
    for name in ("sentences", "mentions", "actors", "claims", "escalation"):
        pd.testing.assert_frame_equal(getattr(a, name).reset_index(drop=True),
                                      getattr(b, name).reset_index(drop=True), check_dtype=False)


@pytest.fixture(scope="module")
def news30(shared_dir):
    """30 real articles of the News Articles corpus (Dec 2016 - Mar 2017)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_articles(shared_dir / "corpora" / "newsarticles" / "News100.csv").head(30).reset_index(drop=True)


class TestWarmRuns:
    def test_second_run_on_the_same_corpus_parses_nothing(self, sample_articles, tmp_path):
        first = annotate(sample_articles, cache_dir=tmp_path, progress=False)
        second = annotate(sample_articles, cache_dir=tmp_path, progress=False)
        assert (first.meta["parsed"], second.meta["parsed"]) == (2, 0)
        _assert_same_tables(first, second)

    def test_a_fully_cached_run_does_not_load_the_model(self, sample_articles, tmp_path, monkeypatch):
        annotate(sample_articles, cache_dir=tmp_path, progress=False)
        from newsanalysis.annotate import run as mod

        monkeypatch.setattr(mod, "load_nlp", lambda *a, **k: pytest.fail("the model was loaded"))
        assert annotate(sample_articles, cache_dir=tmp_path, progress=False).meta["parsed"] == 0

    def test_same_corpus_gives_the_same_tables_without_cache(self, sample_articles, tmp_path):
        a = annotate(sample_articles, cache_dir=tmp_path, progress=False)
        b = annotate(sample_articles, use_cache=False, progress=False)
        _assert_same_tables(a, b)


class TestIncremental:
    def test_adding_articles_parses_only_the_new_ones(self, news30, tmp_path):
        base = annotate(news30.head(25), cache_dir=tmp_path, progress=False)
        grown = annotate(news30, cache_dir=tmp_path, progress=False)
        assert (base.meta["parsed"], grown.meta["parsed"], grown.meta["cached"]) == (25, 5, 25)
        fresh = annotate(news30, use_cache=False, progress=False)
        _assert_same_tables(grown, fresh)

    def test_an_edited_article_is_parsed_again(self, sample_articles, tmp_path):
        annotate(sample_articles, cache_dir=tmp_path, progress=False)
        edited = sample_articles.copy()
        edited.loc[1, "text"] = edited.loc[1, "text"].replace("Leonid Slutsky", "Leonid E. Slutsky")
        ann = annotate(edited, cache_dir=tmp_path, progress=False)
        assert ann.meta["parsed"] == 1
        assert "Leonid E. Slutsky" in set(ann.mentions["text"])


class TestInterruptedWrites:
    def test_a_write_interrupted_before_its_marker_leaves_no_shard(self, sample_articles, tmp_path, monkeypatch):
        from newsanalysis.annotate import cache as cache_mod

        real = cache_mod._atomic_write_bytes

        def crash_before_marker(path, data):
            if path.name.endswith(".keys.json"):
                raise KeyboardInterrupt("killed before the marker was written")
            return real(path, data)

        monkeypatch.setattr(cache_mod, "_atomic_write_bytes", crash_before_marker)
        with pytest.raises(KeyboardInterrupt):
            annotate(sample_articles, cache_dir=tmp_path, progress=False)
        monkeypatch.setattr(cache_mod, "_atomic_write_bytes", real)
        assert not list(tmp_path.rglob("*.parquet")), "the interrupted write removed its table files"

        ann = annotate(sample_articles, cache_dir=tmp_path, progress=False)
        assert ann.meta["parsed"] == 2, "nothing of the interrupted run was served"
        _assert_same_tables(ann, annotate(sample_articles, use_cache=False, progress=False))
        docs = next(tmp_path.rglob("docs"))
        assert len(list(docs.glob("*.keys.json"))) == 1
        assert len(list(docs.glob("*.parquet"))) == 4

    def test_a_damaged_shard_is_reported_and_parsed_again(self, sample_articles, tmp_path):
        annotate(sample_articles, cache_dir=tmp_path, progress=False)
        for d in tmp_path.rglob("corpus"):
            import shutil

            shutil.rmtree(d)
        victim = next(tmp_path.rglob("*.mentions.parquet"))
        victim.write_bytes(victim.read_bytes()[:100])
        with pytest.warns(CacheWarning, match="could not be read.*checksum"):
            ann = annotate(sample_articles, cache_dir=tmp_path, progress=False)
        assert ann.meta["parsed"] == 2
        _assert_same_tables(ann, annotate(sample_articles, use_cache=False, progress=False))

    def test_killing_the_process_mid_run_leaves_a_cache_that_loads_right(self, news30, tmp_path):
        corpus = tmp_path / "corpus.parquet"
        news30.to_parquet(corpus)
        cache = tmp_path / "cache"
        script = textwrap.dedent(f"""
            import pandas as pd
            from newsanalysis.annotate import run as a
            a.SHARD_SIZE = 3
            a.annotate(pd.read_parquet({str(corpus)!r}), cache_dir={str(cache)!r}, n_process=1, progress=False)
            print("finished")
        """)
        proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 300
        try:
            while time.monotonic() < deadline and proc.poll() is None:
                if len(list(cache.rglob("*.keys.json"))) >= 2:
                    break
                time.sleep(0.05)
            assert proc.poll() is None, f"the run ended before it could be killed: {proc.communicate()}"
            os.kill(proc.pid, signal.SIGKILL)
        finally:
            proc.kill()
            proc.wait()
        articles = pd.read_parquet(corpus)
        ann = annotate(articles, cache_dir=cache, progress=False)
        assert 0 < ann.meta["cached"] < 30 and ann.meta["parsed"] == 30 - ann.meta["cached"]
        _assert_same_tables(ann, annotate(articles, use_cache=False, progress=False))
