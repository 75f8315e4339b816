"""Annotations as a Parquet dataset written by Dask workers (``annotate(engine="dask", out=)``)
and read lazily (``open_annotations``): the same tables as the local engine, resumable,
atomic per part."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import newsanalysis as na
from newsanalysis import annotate, load_articles
from newsanalysis.annotate import cache as cache_mod
from newsanalysis.annotate import distributed
from newsanalysis.annotate.dataset import Dataset, DatasetAnnotations, open_annotations

dd = pytest.importorskip("dask.dataframe", reason="the Dask engine needs the 'dask' extra")

TABLES = ("articles", "sentences", "mentions", "actors", "claims", "escalation")


def _assert_same_tables(a, b):
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(a, name).reset_index(drop=True),
                                      getattr(b, name).reset_index(drop=True), check_dtype=False,
                                      obj=name)


@pytest.fixture(scope="module")
def small_corpus(sample_articles, shared_dir):
    """The two seed articles and the first twelve of News Articles (real text, many outlets)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        news = load_articles(shared_dir / "corpora" / "newsarticles" / "News100.csv").head(12)
    return pd.concat([sample_articles, news], ignore_index=True)


@pytest.fixture(scope="module")
def written(small_corpus, tmp_path_factory):
    """The small corpus annotated into a dataset in parts of five articles (three parts)."""
    root = tmp_path_factory.mktemp("dataset")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(distributed, "SHARD_SIZE", 5)
        ann = annotate(small_corpus, engine="dask", out=root / "ds", use_cache=False, progress=False)
    return root / "ds", ann


@pytest.fixture(scope="module")
def local_ann(small_corpus, tmp_path_factory):
    return annotate(small_corpus, cache_dir=tmp_path_factory.mktemp("local-cache"), progress=False)


# ---------------------------------------------------------------------- no model needed
def _frames(n: int) -> dict[str, pd.DataFrame]:
    return {"articles": pd.DataFrame({"article_id": [f"a{i}" for i in range(n)], "text": ["Putin said."] * n})}


def test_a_part_whose_commit_marker_was_not_written_is_not_served(tmp_path, monkeypatch):
    ds = Dataset(tmp_path)
    real = cache_mod._atomic_write_bytes

    def killed(path, data):
        if path.name.endswith(".done.json"):
            raise KeyboardInterrupt("killed before the marker was written")
        return real(path, data)

    monkeypatch.setattr(cache_mod, "_atomic_write_bytes", killed)
    with pytest.raises(KeyboardInterrupt):
        ds.write_part("p1", _frames(2))
    monkeypatch.setattr(cache_mod, "_atomic_write_bytes", real)
    assert (tmp_path / "parts" / "p1.articles.parquet").exists()  # the table file was written
    assert ds.part_marker("p1") is None
    with pytest.raises(FileNotFoundError, match="no committed articles table for part p1"):
        ds.read("articles", "p1")


def test_a_committed_part_is_read_back_and_a_damaged_file_is_refused(tmp_path):
    ds = Dataset(tmp_path)
    ds.write_part("p1", _frames(3), counts={"rows": 3})
    assert ds.read("articles", "p1")["article_id"].tolist() == ["a0", "a1", "a2"]
    path = tmp_path / "parts" / "p1.articles.parquet"
    path.write_bytes(path.read_bytes()[:-8] + b"\0" * 8)
    assert ds.part_marker("p1") is not None and ds.part_marker("p1", files=True) is None
    with pytest.raises(ValueError, match="damaged or gone"):
        ds.read("articles", "p1")


def test_a_folder_without_a_manifest_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="holds no annotations dataset"):
        open_annotations(tmp_path)


def test_out_without_the_dask_engine_is_a_clear_error(sample_articles, tmp_path):
    with pytest.raises(ValueError, match="use engine='dask'"):
        annotate(sample_articles, out=tmp_path / "ds")


# ---------------------------------------------------------------------- real corpus, workers
@pytest.mark.slow
@pytest.mark.model
@pytest.mark.corpus
def test_the_dataset_holds_the_local_engines_tables(written, local_ann):
    _, ann = written
    assert isinstance(ann, DatasetAnnotations)
    assert isinstance(ann.mentions, dd.DataFrame) and ann.mentions.npartitions == 3
    _assert_same_tables(ann.compute(), local_ann)
    _assert_same_tables(open_annotations(written[0]).to_pandas(), local_ann)


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.corpus
def test_the_workers_write_the_parts_and_the_manifest_lists_them_in_order(written, small_corpus):
    root, ann = written
    ds = Dataset.open(root)
    assert len(ds.parts) == 3 and ann.meta["articles"] == len(small_corpus) == 14
    assert ann.meta["parsed"] == 14
    first = ds.read("articles", ds.parts[0])["article_id"].tolist()
    assert first == small_corpus["article_id"].head(5).tolist()
    for part in ds.parts:
        assert ds.part_marker(part, files=True) is not None


@pytest.mark.slow
@pytest.mark.model
def test_a_worker_returns_counts_and_warnings_not_rows(sample_articles, tmp_path):
    from newsanalysis.annotate.engines import annotate_part
    from newsanalysis.annotate.nlp import model_info

    summary = annotate_part(sample_articles, out=str(tmp_path), namespace="test", model=model_info(None).source,
                            batch_size=8, cache_root=None)
    assert summary["warnings"] == []
    assert all(isinstance(v, (int, str, bool)) for k, v in summary.items() if k not in ("rows", "warnings"))
    assert all(isinstance(n, int) for n in summary["rows"].values())
    assert summary["parsed"] == 2 and summary["rows"]["sentences"] > 10
    assert len(Dataset(tmp_path).read("sentences", summary["part"])) == summary["rows"]["sentences"]


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.corpus
def test_a_rerun_parses_only_the_parts_that_are_missing(small_corpus, written, tmp_path):
    import shutil

    root = tmp_path / "ds"
    shutil.copytree(written[0], root)
    ds = Dataset.open(root)
    (root / "parts" / f"{ds.parts[1]}.done.json").unlink()  # as if killed before committing part 2
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(distributed, "SHARD_SIZE", 5)
        again = annotate(small_corpus, engine="dask", out=root, use_cache=False, progress=False)
    assert again.meta["reused_parts"] == 2 and again.meta["parsed"] == 5
    assert again.meta["corpus_cache"] is True  # the same parts: the actors are not resolved again
    _assert_same_tables(again.compute(), written[1].compute())


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.corpus
def test_open_annotations_is_the_public_verb(written):
    assert na.open_annotations(written[0]).dataset.parts == Dataset.open(written[0]).parts


# ---------------------------------------------------------------------- analyses on a dataset
def _same_graph(a, b):
    assert type(a) is type(b) and a.graph == b.graph
    assert sorted(a.edges(data=True)) == sorted(b.edges(data=True))
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.corpus
@pytest.mark.parametrize("options", [{}, {"freq": "M", "by": "outlet"}, {"by": "speaker"},
                                     {"by": "actor", "rate": "outlet_adjusted"},
                                     {"by": "category", "usages": None, "include_negated": True}])
def test_the_escalation_trend_of_a_dataset_is_the_pandas_one(written, local_ann, options):
    lazy = open_annotations(written[0])
    got, want = na.escalation_trend(lazy, **options), na.escalation_trend(local_ann, **options)
    assert want["hits"].sum() > 0  # the small corpus has escalation language to count
    pd.testing.assert_frame_equal(got, want)
    assert got.attrs == want.attrs


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.corpus
def test_top_actors_of_a_dataset_are_the_pandas_ones(written, local_ann):
    lazy = open_annotations(written[0])
    pd.testing.assert_frame_equal(na.top_actors(lazy, n=15), na.top_actors(local_ann, n=15))


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.corpus
@pytest.mark.parametrize("options", [{"kind": "cooccurrence"}, {"kind": "cooccurrence", "window": 2, "min_weight": 2},
                                     {"kind": "attribution"}, {"kind": "citation"},
                                     {"kind": "cooccurrence", "max_evidence": 1, "keep_isolates": True}])
def test_the_actor_network_of_a_dataset_is_the_pandas_one(written, local_ann, options):
    lazy = open_annotations(written[0])
    want = na.actor_network(local_ann, **options)
    assert want.number_of_edges() > 0
    _same_graph(na.actor_network(lazy, **options), want)
    top = na.top_actors(want, n=10)
    pd.testing.assert_frame_equal(na.top_actors(na.actor_network(lazy, **options), n=10), top)


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.corpus
def test_the_provenance_of_a_dataset_is_the_pandas_one(written, local_ann):
    want = na.provenance(local_ann)
    assert len(want) > 20
    pd.testing.assert_frame_equal(na.provenance(open_annotations(written[0])), want)


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.corpus
def test_an_analysis_that_needs_the_tables_in_memory_says_so(written):
    with pytest.raises(TypeError, match="ann.compute"):
        na.corroboration(open_annotations(written[0]))


@pytest.mark.slow
@pytest.mark.model
def test_a_knowledge_folder_is_applied_by_the_dataset_workers_as_by_the_local_engine(sample_articles, tmp_path):
    from test_knowledge import MY_LEXICON, _folder

    folder = _folder(tmp_path / "mine", escalation_lexicon__tsv=MY_LEXICON,
                     actor_aliases__csv="alias,name,kind,country\nKorean People's Army,North Korea,country,\n")
    local = annotate(sample_articles, cache_dir=tmp_path / "cache", progress=False, knowledge=folder)
    lazy = annotate(sample_articles, engine="dask", out=tmp_path / "ds", use_cache=False, progress=False,
                    knowledge=folder)
    assert "reinforce troops" not in set(local.escalation["term"])  # the folder's blocker, applied
    assert lazy.meta["knowledge"] == str(folder)
    _assert_same_tables(lazy.compute(), local)


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.corpus
def test_the_evidence_of_the_edges_shown_is_fetched_from_the_dataset(written, local_ann):
    lazy = open_annotations(written[0])
    G = na.actor_network(lazy, min_weight=2)
    got = na.strongest_edges(G, n=5, ann=lazy)
    want = na.strongest_edges(na.actor_network(local_ann, min_weight=2), n=5, ann=local_ann)
    assert all(s for sents in want["sentences"] for s in sents)  # every evidence pair has its sentence
    pd.testing.assert_frame_equal(got, want)
