"""The annotation cache: what is stored is found again, an interrupted or damaged write is
never served, and annotate reads it (warm runs parse nothing, new or edited articles only
are parsed).

``AnnotationCache`` is tested directly on small hand-made tables; the few end-to-end tests
reuse the sample corpus's session cache (``sample_ann``) or, for the kill test, parse real
articles in a subprocess.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import warnings

import pandas as pd
import pytest

from newsanalysis import annotate, load_articles
from newsanalysis.annotate import cache as cache_mod
from newsanalysis.annotate.cache import AnnotationCache, CacheWarning, article_key

TABLES = ("sentences", "mentions")


def _frames(*keys: str) -> dict[str, pd.DataFrame]:
    """Per-article rows of the articles ``keys``: two sentences and one mention each."""
    sentences = pd.DataFrame({"_key": [k for k in keys for _ in range(2)],
                              "sent_idx": [i for _ in keys for i in range(2)],
                              "text": [f"{k} sentence {i}." for k in keys for i in range(2)]})
    mentions = pd.DataFrame({"_key": list(keys), "sent_idx": [0] * len(keys),
                             "text": [f"{k} person" for k in keys], "label": ["PERSON"] * len(keys)})
    return {"sentences": sentences, "mentions": mentions}


def _rows(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


@pytest.fixture()
def cache(tmp_path) -> AnnotationCache:
    return AnnotationCache(tmp_path, "model-1.0__abc")


def _crash_at_the_marker(monkeypatch):
    """Make the next marker write die the way a killed process would (table files written)."""
    real = cache_mod._atomic_write_bytes

    def crash(path, data):
        if path.name.endswith(".keys.json"):
            raise KeyboardInterrupt("killed before the marker was written")
        return real(path, data)

    monkeypatch.setattr(cache_mod, "_atomic_write_bytes", crash)
    return real


class TestArticleKey:
    def test_any_change_to_the_text_is_another_key(self):
        assert article_key("a1", "Putin said.") == article_key("a1", "Putin said.")
        assert article_key("a1", "Putin said.") != article_key("a1", "Putin said. ")
        assert article_key("a1", "Putin said.") != article_key("a2", "Putin said.")


class TestStoreAndLookup:
    def test_the_rows_of_the_stored_articles_asked_for_are_found(self, cache):
        cache.store(["k1", "k2"], _frames("k1", "k2"))
        rows, found = cache.lookup(["k1", "k3"], TABLES)
        assert found == {"k1"}
        pd.testing.assert_frame_equal(_rows(rows["sentences"]), _rows(_frames("k1")["sentences"]))
        assert rows["mentions"]["text"].tolist() == ["k1 person"]

    def test_articles_are_found_across_shards(self, cache):
        cache.store(["k1"], _frames("k1"))
        cache.store(["k2", "k3"], _frames("k2", "k3"))
        rows, found = cache.lookup(["k1", "k3"], TABLES)
        assert found == {"k1", "k3"}
        assert sorted(rows["mentions"]["text"]) == ["k1 person", "k3 person"]
        assert cache.n_articles() == 3

    def test_an_empty_cache_finds_nothing(self, cache):
        rows, found = cache.lookup(["k1"], TABLES)
        assert found == set() and all(rows[t].empty for t in TABLES)
        assert (cache.n_articles(), cache.size_bytes(), cache.clean_orphans()) == (0, 0, 0)

    def test_a_shard_is_its_tables_and_a_marker_naming_its_keys(self, cache):
        shard = cache.store(["k1", "k2"], _frames("k1", "k2"))
        names = sorted(p.name for p in cache.docs_dir.iterdir())
        assert names == [f"{shard}.keys.json", f"{shard}.mentions.parquet", f"{shard}.sentences.parquet"]
        marker = json.loads((cache.docs_dir / f"{shard}.keys.json").read_text())
        assert marker["keys"] == ["k1", "k2"]
        assert sorted(t["file"] for t in marker["tables"].values()) == names[1:], "it signs both tables"


def _dead_pid() -> int:
    """The id of a process of this machine that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _as_written_by(path, pid: int):
    """Rename a cache file as though process ``pid`` of this machine had written it."""
    renamed = path.with_name(re.sub(r"(p|\.tmp-)\d+@", rf"\g<1>{pid}@", path.name, count=1))
    path.rename(renamed)
    return renamed


class TestInterruptedWrites:
    def test_a_store_interrupted_before_its_marker_leaves_nothing_behind(self, cache, monkeypatch):
        kept = cache.store(["k1"], _frames("k1"))
        _crash_at_the_marker(monkeypatch)
        with pytest.raises(KeyboardInterrupt):
            cache.store(["k2"], _frames("k2"))
        monkeypatch.undo()
        assert sorted(p.name for p in cache.docs_dir.iterdir()) == sorted(
            [f"{kept}.keys.json", f"{kept}.mentions.parquet", f"{kept}.sentences.parquet"])
        assert cache.lookup(["k1", "k2"], TABLES)[1] == {"k1"}

    def test_a_killed_writers_files_are_no_shard_and_are_cleaned_but_a_live_ones_are_kept(self, cache, recwarn):
        # a process killed between writing the marker's temporary file and renaming it
        shard = cache.store(["k1"], _frames("k1"))
        marker = cache.docs_dir / f"{shard}.keys.json"
        marker.rename(cache.docs_dir / f".tmp-{os.getpid()}@{cache_mod._HOST}-0123abcd-{marker.name}")
        assert cache.lookup(["k1"], TABLES)[1] == set()
        assert cache.n_articles() == 0 and list(recwarn) == []
        assert cache.clean_orphans() == 0, "this process is alive: its files may still be in use"

        dead = _dead_pid()
        for f in list(cache.docs_dir.iterdir()):
            _as_written_by(f, dead)
        assert cache.clean_orphans() == 3
        assert list(cache.docs_dir.iterdir()) == []

    def test_a_cache_that_cannot_be_written_warns_once_and_leaves_no_file(self, cache, monkeypatch):
        def dies(*args, **kwargs):
            raise OSError("disk full")

        monkeypatch.setattr(cache_mod.os, "replace", dies)
        with pytest.warns(CacheWarning, match="(?s)cannot be written.*disk full.*not cached"):
            assert cache.store(["k1"], _frames("k1")) is None
        monkeypatch.undo()
        assert list(cache.docs_dir.iterdir()) == []
        assert cache.store(["k2"], _frames("k2")) is None, "later writes are skipped, not retried"
        assert cache.lookup(["k1", "k2"], TABLES)[1] == set()


class TestDamagedFiles:
    def test_a_damaged_shard_is_reported_and_its_articles_are_not_found(self, cache):
        cache.store(["k1"], _frames("k1"))
        damaged = cache.store(["k2"], _frames("k2"))
        victim = cache.docs_dir / f"{damaged}.mentions.parquet"
        victim.write_bytes(victim.read_bytes()[:100])
        with pytest.warns(CacheWarning, match=f"(?s){damaged} .* could not be read.*does not match the checksum.*its 1 articles are parsed again"):
            rows, found = cache.lookup(["k1", "k2"], TABLES)
        assert found == {"k1"}
        assert rows["sentences"]["_key"].unique().tolist() == ["k1"]

    def test_an_unreadable_marker_is_ignored_with_a_warning(self, cache):
        shard = cache.store(["k1"], _frames("k1"))
        (cache.docs_dir / f"{shard}.keys.json").write_text('{"keys": ["k1"')
        with pytest.warns(CacheWarning, match="is not a valid commit marker"):
            assert cache.lookup(["k1"], TABLES)[1] == set()


class TestCorpusTables:
    def test_stored_corpus_tables_load_as_they_were(self, cache):
        frames = _frames("k1", "k2")
        cache.store_corpus("d1", frames)
        loaded = cache.load_corpus("d1", TABLES)
        for t in TABLES:
            pd.testing.assert_frame_equal(loaded[t], frames[t])
        assert cache.load_corpus("d2", TABLES) is None

    def test_a_corpus_folder_without_its_marker_is_not_served(self, cache):
        cache.store_corpus("d1", _frames("k1"))
        (cache.corpus_dir / "d1" / "done.json").unlink()
        with pytest.warns(CacheWarning, match="(?s)could not be used.*done.json"):
            assert cache.load_corpus("d1", TABLES) is None

    def test_a_damaged_corpus_table_is_reported_and_not_served(self, cache):
        cache.store_corpus("d1", _frames("k1"))
        (cache.corpus_dir / "d1" / "mentions.parquet").write_bytes(b"PAR1 not parquet")
        with pytest.warns(CacheWarning, match="(?s)could not be used.*mentions.parquet does not match"):
            assert cache.load_corpus("d1", TABLES) is None
        assert not (cache.corpus_dir / "d1").exists(), "the damaged entry is removed, to be rebuilt"

    def test_a_second_store_of_the_same_corpus_keeps_the_first_whole(self, cache):
        # the same digest means the same corpus and code: whoever committed first is kept
        cache.store_corpus("d1", _frames("k1"))
        cache.store_corpus("d1", _frames("k2"))
        assert cache.load_corpus("d1", TABLES)["mentions"]["text"].tolist() == ["k1 person"]
        assert [p.name for p in cache.corpus_dir.iterdir()] == ["d1"], "no temporary folder is left"


# ---------------------------------------------------------------- annotate reads the cache
def _assert_same_tables(a, b):
    for name in ("sentences", "mentions", "actors", "claims", "escalation"):
        pd.testing.assert_frame_equal(getattr(a, name).reset_index(drop=True),
                                      getattr(b, name).reset_index(drop=True), check_dtype=False)


@pytest.mark.model
class TestAnnotateWithTheCache:
    def test_a_second_run_parses_nothing_and_gives_the_same_tables(self, sample_ann, sample_articles,
                                                                  sample_cache):
        again = annotate(sample_articles, cache_dir=sample_cache, progress=False)
        assert (sample_ann.meta["parsed"], again.meta["parsed"]) == (2, 0)
        _assert_same_tables(again, sample_ann)

    def test_a_fully_cached_run_does_not_load_the_model(self, sample_articles, sample_cache, monkeypatch):
        from newsanalysis.annotate import run as mod

        monkeypatch.setattr(mod, "load_nlp", lambda *a, **k: pytest.fail("the model was loaded"))
        assert annotate(sample_articles, cache_dir=sample_cache, progress=False).meta["parsed"] == 0

    def test_the_article_shards_alone_give_the_same_tables(self, sample_ann, sample_articles, sample_cache):
        for corpus in sample_cache.rglob("corpus"):
            shutil.rmtree(corpus)
        again = annotate(sample_articles, cache_dir=sample_cache, progress=False)
        assert (again.meta["parsed"], again.meta["cached"], again.meta["corpus_cache"]) == (0, 2, False)
        _assert_same_tables(again, sample_ann)

    def test_an_edited_article_is_parsed_again(self, sample_articles, sample_cache):
        edited = sample_articles.copy()
        edited.loc[1, "text"] = edited.loc[1, "text"].replace("Leonid Slutsky", "Leonid E. Slutsky")
        ann = annotate(edited, cache_dir=sample_cache, progress=False)
        assert (ann.meta["parsed"], ann.meta["cached"]) == (1, 1)
        assert "Leonid E. Slutsky" in set(ann.mentions["text"])

    def test_a_damaged_shard_is_reported_and_parsed_again(self, sample_ann, sample_articles, sample_cache):
        for corpus in sample_cache.rglob("corpus"):
            shutil.rmtree(corpus)
        victim = next(sample_cache.rglob("*.mentions.parquet"))
        victim.write_bytes(victim.read_bytes()[:100])
        with pytest.warns(CacheWarning, match="could not be read"):
            ann = annotate(sample_articles, cache_dir=sample_cache, progress=False)
        assert ann.meta["parsed"] == 2
        _assert_same_tables(ann, sample_ann)


@pytest.fixture(scope="module")
def news30(shared_dir):
    """30 real articles of the News Articles corpus (Dec 2016 - Mar 2017)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_articles(shared_dir / "corpora" / "newsarticles" / "News100.csv").head(30).reset_index(drop=True)


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.corpus
class TestRealCorpus:
    def test_adding_articles_parses_only_the_new_ones(self, news30, tmp_path):
        base = annotate(news30.head(25), cache_dir=tmp_path, progress=False)
        grown = annotate(news30, cache_dir=tmp_path, progress=False)
        assert (base.meta["parsed"], grown.meta["parsed"], grown.meta["cached"]) == (25, 5, 25)
        fresh = annotate(news30, use_cache=False, progress=False)
        _assert_same_tables(grown, fresh)

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
