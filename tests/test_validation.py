"""Validation by hand: the sample, the label file, the report's maths, the widget, the exports.

The Wilson interval and Krippendorff's alpha are checked against computations written out
here by hand; the sample, the widget and the exports run on the annotated sample corpus.
"""

from __future__ import annotations

import math
import warnings

import pandas as pd
import pytest

from newsanalysis.analyse.labels import (
    LABEL_COLUMNS,
    export_sample,
    labels_path,
    read_coded,
    read_labels,
    save_labels,
)
from newsanalysis.analyse.validation import FIELDS, validation_items, validation_sample
from newsanalysis.analyse.validation_report import (
    Z95,
    agreement,
    validation_report,
    wilson_interval,
)


def _labels(answers: dict[str, str], *, coder: str, field: str = "speaker", strata=None, sizes=None):
    """Label rows from ``{item_id: 'y'|'n'|'u'}``."""
    word = {"y": "yes", "n": "no", "u": "unsure"}
    return pd.DataFrame([{"table": "claims", "item_id": item, "fingerprint": "f", "item": item,
                          "stratum": (strata or {}).get(item, "all"),
                          "stratum_size": (sizes or {}).get((strata or {}).get(item, "all"), 0),
                          "field": field, "label": word[a], "coder": coder, "note": "",
                          "labelled_at": "2024-11-18T00:00:00+00:00"} for item, a in answers.items()],
                        columns=list(LABEL_COLUMNS))


class TestWilsonInterval:
    def test_eight_of_ten_matches_the_hand_computation(self):
        # p = 0.8, n = 10, z² = 3.841459
        # centre = (0.8 + 3.841459/20) / (1 + 3.841459/10) = 0.992073 / 1.384146 = 0.716738
        # half   = 1.959964/1.384146 * sqrt(0.8*0.2/10 + 3.841459/400)
        #        = 1.416009 * sqrt(0.016 + 0.009604) = 1.416009 * 0.160011 = 0.226577
        low, high = wilson_interval(8, 10)
        assert low == pytest.approx(0.716738 - 0.226577, abs=1e-5)
        assert high == pytest.approx(0.716738 + 0.226577, abs=1e-5)

    def test_all_successes_give_an_upper_bound_of_one_and_the_closed_lower_bound(self):
        # with k = n the lower bound is n / (n + z²) = 12 / 15.841459 = 0.757506
        low, high = wilson_interval(12, 12)
        assert (low, high) == (pytest.approx(12 / (12 + Z95**2)), 1.0)

    def test_no_successes_mirror_all_successes(self):
        low, high = wilson_interval(0, 12)
        assert low == pytest.approx(0.0, abs=1e-12) and high == pytest.approx(Z95**2 / (12 + Z95**2))

    def test_no_trials_give_no_interval(self):
        assert all(math.isnan(x) for x in wilson_interval(0, 0))


class TestAgreement:
    def test_two_coders_alpha_matches_the_hand_computation(self):
        # A: y y n y n y      B: y n n y n y   (6 items, both coders on each)
        # coincidences (each item adds its ordered pairs, weight 1/(2-1)):
        #   o_yy = 2+2+2 = 6 (items 1, 4, 6), o_nn = 2+2 = 4 (items 3, 5), o_yn = o_ny = 1 (item 2)
        #   n_y = 7, n_n = 5, n = 12
        # D_o = (o_yn + o_ny) / n = 2/12;  D_e = 2 n_y n_n / (n (n-1)) = 70/132
        # alpha = 1 - D_o / D_e = 1 - (2/12) / (70/132) = 1 - 264/840 = 0.685714
        a = _labels(dict(zip("123456", "yynyny")), coder="A")
        b = _labels(dict(zip("123456", "ynnyny")), coder="B")
        row = agreement(pd.concat([a, b])).iloc[0]
        assert (row["coders"], row["items"]) == (2, 6)
        assert row["percent_agreement"] == pytest.approx(5 / 6)
        assert row["alpha"] == pytest.approx(1 - 264 / 840, abs=1e-9)

    def test_unsure_answers_and_items_one_coder_saw_are_left_out(self):
        # item 7 is B's alone, item 8 has an unsure: alpha is that of the six items above
        a = _labels({**dict(zip("123456", "yynyny")), "8": "u"}, coder="A")
        b = _labels({**dict(zip("123456", "ynnyny")), "7": "y", "8": "y"}, coder="B")
        row = agreement(pd.concat([a, b])).iloc[0]
        assert row["items"] == 6 and row["alpha"] == pytest.approx(1 - 264 / 840, abs=1e-9)

    def test_alpha_is_undefined_when_every_answer_is_the_same(self):
        a, b = _labels(dict(zip("123", "yyy")), coder="A"), _labels(dict(zip("123", "yyy")), coder="B")
        row = agreement(pd.concat([a, b])).iloc[0]
        assert row["percent_agreement"] == 1.0 and math.isnan(row["alpha"])

    def test_one_coder_gives_no_agreement(self):
        row = agreement(_labels(dict(zip("123", "yny")), coder="A")).iloc[0]
        assert row["coders"] == 1 and row["items"] == 0 and math.isnan(row["alpha"])


class TestReport:
    def test_precision_per_stratum_counts_yes_over_yes_and_no_and_unsure_apart(self):
        strata = {"1": "media", "2": "media", "3": "media", "4": "anonymous", "5": "anonymous"}
        labels = _labels({"1": "y", "2": "y", "3": "n", "4": "y", "5": "u"}, coder="A", strata=strata,
                         sizes={"media": 30, "anonymous": 10})
        p = validation_report(labels).precision.set_index("stratum")
        assert (p.at["all", "n"], p.at["all", "yes"], p.at["all", "unsure"]) == (4, 3, 1)
        assert p.at["all", "precision"] == 0.75
        assert p.at["media", "precision"] == pytest.approx(2 / 3) and p.at["anonymous", "n"] == 1
        assert (p.at["media", "ci_low"], p.at["media", "ci_high"]) == pytest.approx(wilson_interval(2, 3))
        # strata weighted by their size in the table: (30 * 2/3 + 10 * 1) / 40 = 0.75
        assert p.at["all", "weighted"] == pytest.approx(0.75)

    def test_a_later_answer_replaces_an_earlier_one_of_the_same_coder(self):
        first = _labels({"1": "n"}, coder="A")
        again = _labels({"1": "y"}, coder="A")
        assert validation_report(pd.concat([first, again])).precision["yes"].iloc[0] == 1

    def test_disagreements_list_each_item_and_the_answers(self):
        a = _labels({"1": "y", "2": "n"}, coder="A")
        b = _labels({"1": "y", "2": "y"}, coder="B")
        dis = validation_report(pd.concat([a, b])).disagreements
        assert dis["item_id"].tolist() == ["2"] and dis["answers"].iloc[0] == {"A": "no", "B": "yes"}

    def test_the_plot_draws_each_coder_with_its_interval(self):
        from newsanalysis.show.validation import plot_validation

        report = validation_report(pd.concat([_labels({"1": "y", "2": "n"}, coder="A"),
                                              _labels({"1": "y", "2": "y"}, coder="B")]))
        fig = plot_validation(report)
        assert [t.name for t in fig.data] == ["A", "B"]
        assert list(fig.data[0].x) == [0.5] and fig.data[0].error_x.array[0] == pytest.approx(
            wilson_interval(1, 2)[1] - 0.5)


ITEM = {"table": "claims", "item_id": "a:c001", "fingerprint": "abc", "stratum": "media",
        "stratum_size": 9, "item": "NHK — reported — ..."}


class TestLabelFile:

    def test_each_answer_is_on_disk_as_soon_as_it_is_saved(self, tmp_path):
        path = tmp_path / "claims-labels.csv"
        save_labels(path, ITEM, {"speaker": "yes"}, coder="A")
        save_labels(path, ITEM, {"content": "no"}, coder="A", note="cut short")
        df = pd.read_csv(path)
        assert df[["field", "label", "note"]].fillna("").values.tolist() == [
            ["speaker", "yes", ""], ["content", "no", "cut short"]]

    def test_parquet_label_files_work_the_same(self, tmp_path):
        path = tmp_path / "claims-labels.parquet"
        save_labels(path, ITEM, {"speaker": "yes"}, coder="A")
        save_labels(path, ITEM, {"speaker": "no"}, coder="A")
        assert read_labels(path)["label"].tolist() == ["no"]

    def test_a_line_cut_off_mid_write_is_left_out_with_a_warning(self, tmp_path):
        from newsanalysis.analyse.labels import LabelWarning

        path = tmp_path / "claims-labels.csv"
        save_labels(path, ITEM, {"speaker": "yes"}, coder="A")
        with open(path, "a", encoding="utf-8") as fh:
            fh.write("claims,a:c002,abc,media,9,NHK")  # the machine stopped here
        with pytest.warns(LabelWarning, match=r"1 row without an answer .*rows \[3\]"):
            labels = read_labels(path)
        assert labels["label"].tolist() == ["yes"]

    @pytest.mark.parametrize("bad", [{"label": "maybe"}, {"coder": " "}])
    def test_a_wrong_answer_or_no_coder_is_refused(self, tmp_path, bad):
        with pytest.raises(ValueError):
            save_labels(tmp_path / "l.csv", ITEM, {"speaker": bad.get("label", "yes")},
                        coder=bad.get("coder", "A"))

    def test_labels_live_beside_the_corpus(self, tmp_path):
        corpus = tmp_path / "news"
        corpus.mkdir()
        assert labels_path(corpus, "escalation") == tmp_path / "news-validation" / "escalation-labels.csv"
        assert labels_path(tmp_path / "export.DOCX") == tmp_path / "export-validation" / "claims-labels.csv"

    def test_the_sample_corpus_labels_start_from_a_copy_of_the_shipped_answers(self, tmp_path, monkeypatch):
        from newsanalysis.load import datasets

        shipped = tmp_path / "pkg" / "sample-validation" / "claims-labels.csv"
        shipped.parent.mkdir(parents=True)
        save_labels(shipped, ITEM, {"speaker": "yes"}, coder="dev-1")
        monkeypatch.setattr(datasets, "sample_path", lambda: tmp_path / "pkg" / "sample")
        monkeypatch.setenv("NEWSANALYSIS_DATA", str(tmp_path / "data"))
        path = labels_path("sample")
        assert path == tmp_path / "data" / "validation" / "sample" / "claims-labels.csv"
        save_labels(path, ITEM, {"speaker": "no"}, coder="me")
        assert read_labels(path)["coder"].tolist() == ["dev-1", "me"]
        assert read_labels(shipped)["coder"].tolist() == ["dev-1"], "the shipped file is never written"


@pytest.mark.model
class TestSample:
    def test_the_same_seed_draws_the_same_items_in_the_same_order(self, sample_ann):
        a = validation_sample(sample_ann, "claims", n=5, seed=3)
        b = validation_sample(sample_ann, "claims", n=5, seed=3)
        c = validation_sample(sample_ann, "claims", n=5, seed=4)
        assert a["item_id"].tolist() == b["item_id"].tolist() != c["item_id"].tolist()

    def test_a_stratified_sample_draws_n_from_each_stratum_or_all_of_a_small_one(self, sample_ann):
        sample = validation_sample(sample_ann, "claims", n=3, seed=1, strata="speaker_kind")
        sizes = sample_ann.claims["speaker_kind"].value_counts()
        assert sample.groupby("stratum").size().to_dict() == {k: min(3, v) for k, v in sizes.items()}
        assert sample.groupby("stratum")["stratum_size"].first().to_dict() == sizes.to_dict()
        assert sample.attrs["population"] == len(sample_ann.claims)

    def test_an_unknown_stratum_column_names_the_usable_ones(self, sample_ann):
        with pytest.raises(ValueError, match="speaker_kind"):
            validation_sample(sample_ann, "claims", strata="colour")

    def test_each_claim_item_shows_its_passage_with_the_spans_marked(self, sample_ann):
        sample = validation_sample(sample_ann, "claims", n=50, seed=0)
        (row,) = [r for _, r in sample.iterrows() if r["values"]["speaker"] == "Leonid Slutsky"]
        assert row["passage"].startswith("“Strikes with U.S. missiles deep into Russian regions")
        marked = {role: row["passage"][a:b] for a, b, role in row["marks"]}
        assert marked["speaker"] == "Leonid Slutsky" and marked["cue"] == "said"
        assert marked["content"].startswith("“Strikes with U.S. missiles")
        assert row["previous_sentence"].startswith("Both Moscow and Pyongyang had not responded")

    @pytest.mark.parametrize("table", sorted(FIELDS))
    def test_every_table_can_be_sampled_with_its_questions(self, sample_ann, table):
        sample = validation_sample(sample_ann, table, n=4, seed=0)
        assert len(sample) == min(4, len(validation_items(sample_ann, table)))
        assert sample.attrs["fields"] == FIELDS[table]
        for row in sample.itertuples():
            for a, b, _ in row.marks:
                assert 0 <= a < b <= len(row.passage)

    def test_a_merge_item_is_a_mention_under_another_name_than_its_actor(self, sample_ann):
        items = validation_items(sample_ann, "actors")
        assert not items.empty
        assert all(v["mention"].casefold() != v["actor"].casefold() for v in items["values"])


@pytest.mark.model
class TestCodersOutsidePython:
    def test_an_excel_sheet_filled_by_a_coder_reads_back_as_labels(self, sample_ann, tmp_path):
        from openpyxl import load_workbook

        sample = validation_sample(sample_ann, "claims", n=3, seed=1)
        path = export_sample(sample, tmp_path / "claims.xlsx")
        wb = load_workbook(path)
        ws = wb["items"]
        header = [c.value for c in ws[1]]
        ws.cell(row=2, column=header.index("label_speaker") + 1, value="Yes")
        ws.cell(row=3, column=header.index("label_content") + 1, value="n")
        ws.cell(row=3, column=header.index("note") + 1, value="cut short")
        wb.save(path)
        labels = read_coded(path, coder="B")
        assert labels[["item_id", "field", "label", "coder"]].values.tolist() == [
            [sample["item_id"].iloc[0], "speaker", "yes", "B"], [sample["item_id"].iloc[1], "content", "no", "B"]]
        assert labels["fingerprint"].iloc[0] == sample["fingerprint"].iloc[0]

    @staticmethod
    def _coded(sample_ann, tmp_path, row: int, answer: str):
        """A CSV sheet of three items with one answer typed in ``label_speaker`` of ``row``."""
        path = export_sample(validation_sample(sample_ann, "claims", n=3, seed=1), tmp_path / "claims.csv")
        sheet = pd.read_csv(path, dtype=str, keep_default_na=False)
        sheet.loc[row, "label_speaker"] = answer
        sheet.to_csv(path, index=False)
        return path

    def test_an_answer_that_is_not_one_names_its_row_and_column(self, sample_ann, tmp_path):
        path = self._coded(sample_ann, tmp_path, 1, "probably")
        with pytest.raises(ValueError, match=r"row 3, column label_speaker: 'probably'"):
            read_coded(path, coder="B")

    def test_a_row_without_a_coder_is_refused(self, sample_ann, tmp_path):
        path = self._coded(sample_ann, tmp_path, 0, "yes")
        with pytest.raises(ValueError, match="row 2: no coder"):
            read_coded(path)


@pytest.mark.model
class TestLabellingWidget:
    @pytest.fixture()
    def sample(self, sample_ann):
        return validation_sample(sample_ann, "claims", n=4, seed=2)

    def _type(self, widget, keys: str):
        for ch in keys:
            widget.controls["keys"].value = ch

    def test_typed_answers_are_saved_at_once_and_the_next_item_follows(self, sample, tmp_path):
        from newsanalysis.show.validation import labelling_widget

        path = tmp_path / "claims-labels.csv"
        widget = labelling_widget(sample, path, coder="A")
        assert widget.state["position"] == 0
        self._type(widget, "yn")
        assert read_labels(path)[["item_id", "field", "label"]].values.tolist() == [
            [sample["item_id"].iloc[0], "attribution", "yes"], [sample["item_id"].iloc[0], "speaker", "no"]]
        assert widget.state["position"] == 0, "one question is still open"
        self._type(widget, "u")
        assert widget.state["position"] == 1
        assert "1 of 4 items labelled" in widget.controls["progress"].value

    def test_a_new_widget_on_the_same_file_resumes_and_a_second_coder_starts_afresh(self, sample, tmp_path):
        from newsanalysis.show.validation import labelling_widget

        path = tmp_path / "claims-labels.csv"
        self._type(labelling_widget(sample, path, coder="A"), "yyy" "nyy")
        again = labelling_widget(sample, path, coder="A")  # as after a kernel restart
        assert again.state["position"] == 2 and "2 of 4 items labelled" in again.controls["progress"].value
        other = labelling_widget(sample, path, coder="B")
        assert other.state["position"] == 0

    def test_going_back_shows_the_answers_given(self, sample, tmp_path):
        from newsanalysis.show.validation import labelling_widget

        widget = labelling_widget(sample, tmp_path / "l.csv", coder="A")
        self._type(widget, "ynub")
        assert widget.state["position"] == 0
        assert [t.value for t in widget.controls["fields"].values()] == ["yes", "no", "unsure"]

    def test_an_item_whose_values_changed_since_it_was_judged_is_open_again(self, sample, tmp_path):
        from newsanalysis.show.validation import labelling_widget

        path = tmp_path / "l.csv"
        self._type(labelling_widget(sample, path, coder="A"), "yyy")
        changed = sample.copy()
        changed.loc[0, "fingerprint"] = "re-annotated"
        assert labelling_widget(changed, path, coder="A").state["position"] == 0


@pytest.mark.model
class TestExports:
    def test_every_table_goes_to_csv_with_lists_as_json(self, sample_ann, tmp_path):
        import json

        paths = sample_ann.to_csv(tmp_path)
        assert sorted(p.name for p in paths) == sorted(
            f"{t}.csv" for t in ["articles", "sentences", "mentions", "actors", "claims", "escalation", "warnings"])
        claims = pd.read_csv(tmp_path / "claims.csv")
        assert len(claims) == len(sample_ann.claims)
        assert json.loads(claims["chain"].iloc[0])[-1]["source"] == "(this article)"

    def test_every_table_is_a_sheet_of_one_workbook(self, sample_ann, tmp_path):
        path = sample_ann.to_excel(tmp_path / "ann.xlsx")
        sheets = pd.read_excel(path, sheet_name=None)
        assert {n: len(df) for n, df in sheets.items() if n != "warnings"} == {
            n: len(df) for n, df in sample_ann.tables().items()}

    def test_a_cell_too_long_for_excel_is_cut_with_a_warning(self, sample_ann, tmp_path):
        from dataclasses import replace

        from newsanalysis.annotations import ExportWarning

        long = replace(sample_ann, articles=sample_ann.articles.assign(text=lambda d: d["text"] * 10))
        with pytest.warns(ExportWarning, match=r"articles.text: 2 cells over Excel's 32,767"):
            long.to_excel(tmp_path / "long.xlsx")

    @pytest.mark.parametrize("suffix", ["gexf", "graphml"])
    def test_a_network_file_keeps_each_edges_evidence(self, sample_ann, tmp_path, suffix):
        from newsanalysis.analyse.network_files import read_network, write_network
        from newsanalysis.analyse.networks import actor_network

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            G = actor_network(sample_ann, kind="citation")
        H = read_network(write_network(G, tmp_path / f"citation.{suffix}"))
        assert H.number_of_edges() == G.number_of_edges() and H.is_directed()
        for a, b, data in G.edges(data=True):
            assert H.edges[a, b]["evidence"] == data["evidence"]
            assert H.edges[a, b]["n_evidence"] == len(data["evidence"])
        assert all(H.nodes[v]["label"] == G.nodes[v]["name"] for v in G.nodes)
