"""The Dask engine gives the same tables as the local engine."""

from __future__ import annotations

import pandas as pd
import pytest

from newsanalysis import annotate

pytest.importorskip("dask", reason="the Dask engine needs the 'dask' extra (make test installs it)")


def _assert_same_tables(a, b):
    for name in ("sentences", "mentions", "actors", "claims", "escalation"):
        pd.testing.assert_frame_equal(getattr(a, name).reset_index(drop=True),
                                      getattr(b, name).reset_index(drop=True), check_dtype=False)


# Dask and the worker processes: each test starts processes that load the model and parse.
@pytest.mark.slow
@pytest.mark.model
def test_dask_process_pool_equals_the_local_engine(sample_articles, sample_ann, tmp_path):
    ann = annotate(sample_articles, engine="dask", npartitions=2, cache_dir=tmp_path, progress=False)
    assert (ann.meta["engine"], ann.meta["parsed"]) == ("dask", 2)
    _assert_same_tables(ann, sample_ann)


@pytest.mark.slow
@pytest.mark.model
def test_dask_results_are_cached_like_local_ones(sample_articles, tmp_path):
    annotate(sample_articles, engine="dask", cache_dir=tmp_path, progress=False)
    assert annotate(sample_articles, cache_dir=tmp_path, progress=False).meta["parsed"] == 0


@pytest.mark.slow
@pytest.mark.model
def test_dask_distributed_cluster_equals_the_local_engine(sample_articles, sample_ann, tmp_path):
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                       host="127.0.0.1", dashboard_address=None)
    try:
        with distributed.Client(cluster):
            ann = annotate(sample_articles, engine="dask", cache_dir=tmp_path, progress=False)
    finally:
        cluster.close()
    _assert_same_tables(ann, sample_ann)


@pytest.mark.model
def test_a_loaded_pipeline_cannot_be_shipped_to_dask_workers(sample_articles, nlp, tmp_path):
    with pytest.raises(ValueError, match="package name or a path"):
        annotate(sample_articles, nlp=nlp, engine="dask", cache_dir=tmp_path, progress=False)


def test_an_unknown_engine_is_a_clear_error(sample_articles):
    with pytest.raises(ValueError, match="'local' or 'dask'"):
        annotate(sample_articles, engine="spark")


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.corpus
def test_worker_chunks_give_the_same_tables_as_one_process(shared_dir, monkeypatch):
    """Workers are recycled every WORKER_CHUNK articles to bound memory; order and rows hold."""
    import warnings

    from newsanalysis import load_articles
    from newsanalysis.annotate import engines

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        arts = load_articles(shared_dir / "corpora" / "newsarticles" / "News100.csv").head(25)
    monkeypatch.setattr(engines, "WORKER_CHUNK", 10)
    monkeypatch.setattr(engines, "RECYCLE_ABOVE", 20)
    chunked = annotate(arts, n_process=2, use_cache=False, progress=False)
    single = annotate(arts, n_process=1, use_cache=False, progress=False)
    assert chunked.meta["n_process"] == 2
    _assert_same_tables(chunked, single)
