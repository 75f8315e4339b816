"""Nothing wrong served, nothing hangs (issue 19): the spaCy workers, the annotation cache,
and the warnings of a run.

Worker tests use a blank English pipeline with one small component (its behaviour is in
the component below); the annotate tests use the real model on the sample corpus, copied
into as many distinct articles as a test needs.
"""

from __future__ import annotations

import errno
import io
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import warnings

import pandas as pd
import psutil
import pytest
import spacy
from robustness_support import alive, copies, wait_gone
from spacy.language import Language

from newsanalysis import annotate, load_articles
from newsanalysis.annotate import cache as cache_mod
from newsanalysis.annotate import run as run_mod
from newsanalysis.annotate.cache import AnnotationCache, CacheWarning
from newsanalysis.annotate.run import AnnotateWarning
from newsanalysis.annotate.workers import WorkerError, WorkerPool

TABLES = ("sentences", "mentions", "actors", "claims", "escalation")


def _assert_same_tables(a, b):
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(a, name).reset_index(drop=True),
                                      getattr(b, name).reset_index(drop=True), check_dtype=False)


# ---------------------------------------------------------------------- worker processes
@Language.component("robustness_payload")
def _payload(doc):
    """Payload = number of tokens; the text "die" exits the worker with code 7, "fail"
    raises, and "sleep N" sleeps N seconds first."""
    if doc.text == "die":
        os._exit(7)
    if doc.text == "fail":
        raise ValueError("the component failed on purpose")
    if doc.text.startswith("sleep"):
        time.sleep(float(doc.text.split()[1]))
    doc.user_data["n"] = len(doc)
    return doc


@pytest.fixture(scope="module")
def blank():
    lang = spacy.blank("en")
    lang.add_pipe("robustness_payload")
    return lang


class TestWorkerPool:
    def test_payloads_come_back_in_the_order_given(self, blank):
        texts = [" ".join(["word"] * n) for n in (3, 1, 7, 2, 9, 4, 5, 8, 6, 10)]
        with WorkerPool(blank, n_process=2, batch_size=2, payload_key="n") as pool:
            got = list(pool.map([(f"k{i}", t) for i, t in enumerate(texts)]))
        assert got == [(f"k{i}", len(t.split())) for i, t in enumerate(texts)]

    def test_a_worker_that_dies_is_an_error_naming_its_exit_code_not_a_hang(self, blank):
        items = [("a", "one two"), ("b", "die"), ("c", "three")]
        with (pytest.raises(WorkerError, match="exit code 7"),
              WorkerPool(blank, n_process=2, batch_size=1, payload_key="n") as pool):
            list(pool.map(items))
        assert wait_gone([p.pid for p in pool.procs], 5) == []

    def test_an_exception_in_a_worker_reaches_the_caller_with_its_traceback(self, blank):
        with (pytest.raises(WorkerError, match="ValueError: the component failed on purpose"),
              WorkerPool(blank, n_process=2, batch_size=1, payload_key="n") as pool):
            list(pool.map([("a", "fine"), ("b", "fail")]))

    def test_leaving_the_pool_early_ends_its_workers_within_seconds(self, blank):
        items = [("a", "x")] + [(f"s{i}", "sleep 30") for i in range(4)]
        with WorkerPool(blank, n_process=2, batch_size=1, payload_key="n") as pool:
            first = next(iter(pool.map(items)))
        assert first == ("a", 1)
        assert wait_gone([p.pid for p in pool.procs], 5) == []

    def test_workers_exit_when_their_parent_is_killed(self, tmp_path):
        script = textwrap.dedent(f"""
            import sys, spacy
            sys.path.insert(0, {os.path.dirname(__file__)!r})
            import test_robustness  # registers the component
            from newsanalysis.annotate.workers import WorkerPool
            lang = spacy.blank("en"); lang.add_pipe("robustness_payload")
            with WorkerPool(lang, n_process=2, batch_size=1, payload_key="n") as pool:
                print(*[p.pid for p in pool.procs], flush=True)
                list(pool.map([(str(i), "sleep 60") for i in range(4)]))
        """)
        proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
        try:
            workers = [int(p) for p in proc.stdout.readline().split()]
            assert len(workers) == 2 and alive(workers) == workers
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        finally:
            proc.kill()
        assert wait_gone(workers, 10) == [], "the workers outlived their parent"


@pytest.mark.model
class TestAnnotateWorkers:
    def test_an_error_while_consuming_parsed_articles_reaches_the_caller_and_ends_the_workers(
            self, sample_articles, monkeypatch):
        real, calls = run_mod.with_article_id, []

        def fail_on_the_third(*args):
            calls.append(1)
            if len(calls) == 3:
                raise RuntimeError("failed while consuming a parsed article")
            return real(*args)

        monkeypatch.setattr(run_mod, "with_article_id", fail_on_the_third)
        before = {c.pid for c in psutil.Process().children(recursive=True)}
        with pytest.raises(RuntimeError, match="while consuming"):
            annotate(copies(sample_articles, 12), n_process=2, batch_size=1, use_cache=False, progress=False)
        started = {c.pid for c in psutil.Process().children(recursive=True)} - before
        assert wait_gone(started, 5) == [], "spaCy workers are still running"

    @pytest.mark.slow
    def test_sigint_to_the_main_process_interrupts_annotate_and_leaves_no_worker(self, sample_articles, tmp_path):
        corpus = tmp_path / "copies.parquet"
        copies(sample_articles, 60).to_parquet(corpus)
        script = textwrap.dedent(f"""
            import signal, pandas as pd
            signal.signal(signal.SIGINT, signal.default_int_handler)  # even when pytest runs in the background
            from newsanalysis import annotate
            articles = pd.read_parquet({str(corpus)!r})
            print("ready", flush=True)
            try:
                annotate(articles, n_process=2, batch_size=1, use_cache=False, progress=False)
                print("finished", flush=True)
            except KeyboardInterrupt:
                print("KeyboardInterrupt", flush=True)
        """)
        proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
        try:
            assert proc.stdout.readline().strip() == "ready"
            me = psutil.Process(proc.pid)
            deadline = time.monotonic() + 120
            while len(me.children()) < 2 and time.monotonic() < deadline:
                time.sleep(0.1)
            workers = [c.pid for c in me.children()]
            assert len(workers) == 2, "the workers did not start"
            time.sleep(2)  # parsing
            os.kill(proc.pid, signal.SIGINT)
            out, _ = proc.communicate(timeout=30)  # hung for good before (joining busy workers)
        finally:
            proc.kill()
        assert out.strip() == "KeyboardInterrupt"
        assert wait_gone(workers, 5) == []


# ---------------------------------------------------------------------- the cache
def _flip(path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset % len(data)] ^= 0x20  # one byte, e.g. "d" <-> "D"
    path.write_bytes(bytes(data))


@pytest.fixture(scope="module")
def clean_sample(sample_articles):
    return annotate(sample_articles, use_cache=False, progress=False)


@pytest.mark.model
class TestCacheServesOnlyWhatItWrote:
    @pytest.mark.slow
    @pytest.mark.parametrize("file", ["sentences.parquet", "claims.parquet", "keys.json"])
    def test_every_single_byte_flip_in_a_cached_shard_is_detected_and_healed(
            self, sample_articles, clean_sample, tmp_path, file):
        pristine = tmp_path / "pristine"
        annotate(sample_articles, cache_dir=pristine, progress=False)
        shutil.rmtree(next(pristine.rglob("corpus")))  # so the shard itself is read
        size = next(pristine.rglob(f"*.{file}")).stat().st_size
        for offset in range(0, size, max(1, size // 6)):
            cache = tmp_path / f"flip{offset}"
            shutil.copytree(pristine, cache)
            _flip(next(cache.rglob(f"*.{file}")), offset)
            with pytest.warns(CacheWarning, match="parsed again"):
                healed = annotate(sample_articles, cache_dir=cache, progress=False)
            _assert_same_tables(healed, clean_sample)
            shutil.rmtree(next(cache.rglob("corpus")))
            with warnings.catch_warnings():
                warnings.simplefilter("error", CacheWarning)
                again = annotate(sample_articles, cache_dir=cache, progress=False)
            assert again.meta["parsed"] == 0, f"the damaged shard was not replaced (flip at {offset})"

    def test_a_flipped_byte_in_the_corpus_tables_is_detected_and_rebuilt(
            self, sample_articles, clean_sample, tmp_path):
        annotate(sample_articles, cache_dir=tmp_path, progress=False)
        victim = next(tmp_path.rglob("corpus/*/claims.parquet"))
        _flip(victim, victim.stat().st_size // 2)
        with pytest.warns(CacheWarning, match="rebuilt"):
            ann = annotate(sample_articles, cache_dir=tmp_path, progress=False)
        assert ann.meta["parsed"] == 0  # rebuilt from the article shards, not re-parsed
        _assert_same_tables(ann, clean_sample)

    def test_a_marker_naming_articles_its_tables_lack_is_not_trusted(self, sample_articles, clean_sample, tmp_path):
        annotate(sample_articles, cache_dir=tmp_path, progress=False)
        shutil.rmtree(next(tmp_path.rglob("corpus")))
        marker = next(tmp_path.rglob("*.keys.json"))
        body = cache_mod._read_marker(marker)
        first = body["keys"][0]
        for entry in body["tables"].values():  # tables that hold only the first article
            path = marker.parent / entry["file"]
            df = pd.read_parquet(path)
            data = cache_mod._parquet_bytes(df[df["_key"] == first])
            path.write_bytes(data)
            entry.update(bytes=len(data), sha256=cache_mod.hashlib.sha256(data).hexdigest())
        marker.write_bytes(cache_mod._sign(body))  # a marker that checks out, listing both
        with pytest.warns(CacheWarning, match="lack"):
            ann = annotate(sample_articles, cache_dir=tmp_path, progress=False)
        assert ann.meta["parsed"] == 2
        _assert_same_tables(ann, clean_sample)


class _FullDisk(io.FileIO):
    """A file on a full disk: the first 10 bytes of a write land, then ENOSPC."""

    def write(self, data):
        super().write(bytes(data[:10]))
        raise OSError(errno.ENOSPC, "No space left on device")


def _full_disk(monkeypatch):
    """Every file the cache opens for writing is on a full disk."""
    def fake_open(path, mode="r", *args, **kwargs):
        return _FullDisk(path, "w") if "w" in mode else open(path, mode, *args, **kwargs)

    monkeypatch.setattr(cache_mod, "open", fake_open, raising=False)


@pytest.mark.model
class TestUnwritableCache:
    def test_a_full_cache_returns_the_results_with_one_warning_and_leaves_no_partial_file(
            self, sample_articles, clean_sample, tmp_path, monkeypatch):
        _full_disk(monkeypatch)
        with pytest.warns(CacheWarning, match="cannot be written") as caught:
            ann = annotate(sample_articles, cache_dir=tmp_path, progress=False)
        assert sum("cannot be written" in str(w.message) for w in caught) == 1
        _assert_same_tables(ann, clean_sample)
        row = ann.warnings[ann.warnings["message"].str.contains("cannot be written")]
        assert len(row) == 1 and row["source"].iloc[0] == ann.meta["cache_dir"]
        assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == []

    def test_a_cache_that_cannot_be_written_still_serves_what_it_holds(
            self, sample_articles, tmp_path, monkeypatch):
        annotate(sample_articles, cache_dir=tmp_path, progress=False)
        grown = pd.concat([sample_articles, copies(sample_articles, 1)], ignore_index=True)
        _full_disk(monkeypatch)
        with pytest.warns(CacheWarning, match="cannot be written"):
            ann = annotate(grown, cache_dir=tmp_path, progress=False)
        assert (ann.meta["cached"], ann.meta["parsed"]) == (2, 1)
        _assert_same_tables(ann, annotate(grown, use_cache=False, progress=False))


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


@pytest.mark.model
class TestConcurrentRuns:
    def test_a_run_starting_while_another_writes_never_removes_its_files(
            self, sample_articles, clean_sample, tmp_path, monkeypatch):
        real = cache_mod._atomic_write_bytes

        def second_run_starts_before_the_marker(path, data):
            if path.name.endswith(".keys.json"):  # the tables are written, the marker not yet
                AnnotationCache(tmp_path, path.parent.parent.name).clean_orphans()
            return real(path, data)

        monkeypatch.setattr(cache_mod, "_atomic_write_bytes", second_run_starts_before_the_marker)
        annotate(sample_articles, cache_dir=tmp_path, progress=False)
        monkeypatch.setattr(cache_mod, "_atomic_write_bytes", real)
        shutil.rmtree(next(tmp_path.rglob("corpus")))
        with warnings.catch_warnings():
            warnings.simplefilter("error", CacheWarning)
            ann = annotate(sample_articles, cache_dir=tmp_path, progress=False)
        assert ann.meta["parsed"] == 0
        _assert_same_tables(ann, clean_sample)

    def test_the_next_run_removes_what_a_killed_run_left_and_nothing_of_a_live_one(
            self, sample_articles, tmp_path):
        annotate(sample_articles, cache_dir=tmp_path, progress=False)
        docs, corpus = next(tmp_path.rglob("docs")), next(tmp_path.rglob("corpus"))
        dead, live, host = _dead_pid(), os.getpid(), cache_mod._HOST
        killed = [docs / f".tmp-{dead}@{host}-0a0a-x.parquet", docs / f"p{dead}@{host}-0b0b.claims.parquet",
                  corpus / f".tmp-{dead}@{host}-0c0c-digest"]
        running = [docs / f".tmp-{live}@{host}-0d0d-x.parquet", corpus / f".tmp-{live}@{host}-0e0e-digest"]
        for p in killed + running:
            p.mkdir() if p.name.endswith("digest") else p.write_bytes(b"partial")
        annotate(sample_articles, cache_dir=tmp_path, progress=False)  # a corpus-cache hit
        assert [p.name for p in killed if p.exists()] == []
        assert [p.name for p in running if not p.exists()] == []

    @pytest.mark.slow
    def test_two_runs_writing_one_cache_at_once_both_finish_with_the_clean_tables(
            self, sample_articles, tmp_path):
        articles = copies(sample_articles, 16)
        corpus, cache = tmp_path / "copies.parquet", tmp_path / "cache"
        articles.to_parquet(corpus)
        script = textwrap.dedent(f"""
            import sys, pandas as pd
            from newsanalysis.annotate import run
            run.SHARD_SIZE = 2
            articles = pd.read_parquet({str(corpus)!r})
            run.annotate(articles, cache_dir={str(cache)!r}, n_process=1, progress=False).save(sys.argv[1])
        """)
        procs = [subprocess.Popen([sys.executable, "-c", script, str(tmp_path / f"out{i}")],
                                  stderr=subprocess.PIPE, text=True) for i in range(2)]
        errors = [p.communicate(timeout=600)[1] for p in procs]
        assert [p.returncode for p in procs] == [0, 0], errors
        from newsanalysis import Annotations

        clean = annotate(articles, use_cache=False, progress=False)
        for i in range(2):
            _assert_same_tables(Annotations.load(tmp_path / f"out{i}"), clean)


# ---------------------------------------------------------------------- warnings of a run
@pytest.mark.model
class TestWarningsOfARun:
    def test_an_article_over_the_models_max_length_is_a_python_warning_too(
            self, sample_articles, nlp, monkeypatch):
        monkeypatch.setattr(nlp, "max_length", 5500)  # seed 1 has 5,542 characters, seed 2 5,403
        with pytest.warns(AnnotateWarning, match="over the model's max_length"):
            ann = annotate(sample_articles, nlp=nlp, use_cache=False, progress=False)
        assert ann.warnings["message"].str.contains("max_length").sum() >= 1

    def test_a_problem_of_a_whole_file_is_listed_once(self, tmp_path):
        # two rows of one CSV file that is not UTF-8 (the "é" is the cp1252 byte 0xE9)
        (tmp_path / "two.csv").write_bytes(
            b'title,text\nA,"Caf\xe9 one opened on Monday in the harbour district."\n'
            b'B,"Caf\xe9 two closed on Tuesday in the old town."\n')
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ann = annotate(load_articles(tmp_path), use_cache=False, progress=False)
        decoding = ann.warnings[ann.warnings["message"].str.contains("not valid UTF-8")]
        assert len(decoding) == 1
        assert decoding["source"].iloc[0] == str(tmp_path / "two.csv")

    def test_a_corpus_cache_hit_lists_the_warnings_of_this_load_only(self, sample_dir, tmp_path):
        folder = tmp_path / "corpus"
        shutil.copytree(sample_dir, folder)
        (folder / "empty.txt").write_text("")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            first = annotate(load_articles(folder), cache_dir=tmp_path / "cache", progress=False)
            (folder / "empty.txt").unlink()
            second = annotate(load_articles(folder), cache_dir=tmp_path / "cache", progress=False)
        assert first.warnings["source"].str.endswith("empty.txt").any()
        assert second.meta["corpus_cache"] and not second.warnings["source"].str.endswith("empty.txt").any()
