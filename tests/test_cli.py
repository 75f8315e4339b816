"""The command line: `newsanalysis annotate` and `newsanalysis info`."""

from __future__ import annotations

import pandas as pd
import pytest

from newsanalysis.cli import main


@pytest.mark.model
def test_annotate_writes_the_tables_and_prints_a_summary(sample_dir, tmp_path, capsys):
    assert main(["annotate", str(sample_dir), "--out", str(tmp_path / "out"),
                 "--cache-dir", str(tmp_path / "cache"), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "articles          2  (2 parsed, 0 from cache)" in out
    assert "PERSON" in out and "tables written to" in out
    for table in ("articles", "sentences", "mentions", "actors", "claims", "escalation"):
        assert (tmp_path / "out" / f"{table}.parquet").exists()
    mentions = pd.read_parquet(tmp_path / "out" / "mentions.parquet")
    assert "Leonid Slutsky" in set(mentions["text"])


@pytest.mark.model
def test_a_run_from_the_cache_says_so(sample_dir, sample_cache, tmp_path, capsys):
    main(["annotate", str(sample_dir), "--out", str(tmp_path / "out"), "--cache-dir", str(sample_cache), "--quiet"])
    assert "(0 parsed, 2 from cache)" in capsys.readouterr().out


def test_info_names_the_model_and_the_cache(tmp_path, capsys):
    assert main(["info", "--cache-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "model       en_core_web_sm" in out and str(tmp_path) in out


def test_a_missing_corpus_is_an_error_message_not_a_traceback(tmp_path, capsys):
    assert main(["annotate", str(tmp_path / "nope"), "--out", str(tmp_path / "o")]) == 2
    assert "error: No such file or folder" in capsys.readouterr().err


# ----------------------------------------------------------------- issue 14: a CSV export,
# zero-article runs and the rough edges of the command line

#: A typical CSV export: none of its column names is the package's own.
EXPORT_CSV = (
    "Headline,Publication Date,Source,Article Text\n"
    '"Talks resume in Geneva","03/01/2024","Reuters","Negotiators from both sides met in Geneva on '
    'Tuesday to resume talks on a ceasefire. The foreign minister said progress had been made."\n'
)


@pytest.fixture()
def export_csv(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(EXPORT_CSV, encoding="utf-8")
    return path


class TestColumnsAndDates:
    def test_a_typical_csv_export_loads_with_its_own_column_names(self, export_csv, capsys):
        assert main(["load", str(export_csv)]) == 0
        out = capsys.readouterr().out
        assert "articles          1  (1 dated, 0 without a date)" in out
        assert "Reuters 1" in out

    def test_an_ambiguous_numeric_date_is_read_month_first_with_a_warning(self, export_csv, capsys):
        main(["load", str(export_csv)])
        out = capsys.readouterr().out
        assert "2024-03-01 to 2024-03-01" in out
        assert "ambiguous date, read month first" in out

    def test_dayfirst_reads_03_01_2024_as_the_third_of_january(self, export_csv, capsys):
        assert main(["load", str(export_csv), "--dayfirst"]) == 0
        out = capsys.readouterr().out
        assert "2024-01-03 to 2024-01-03" in out
        assert "ambiguous" not in out

    def test_a_table_without_a_text_column_is_an_error_naming_its_columns(self, tmp_path, capsys):
        path = tmp_path / "export.csv"
        path.write_text(EXPORT_CSV.replace("Article Text", "Body Copy"), encoding="utf-8")
        assert main(["load", str(path)]) == 1
        err = capsys.readouterr().err
        assert err.startswith("error: no article loaded")
        assert "'Headline', 'Publication Date', 'Source', 'Body Copy'" in err
        assert "--text-col" in err

    def test_text_col_names_the_text_column(self, tmp_path, capsys):
        path = tmp_path / "export.csv"
        path.write_text(EXPORT_CSV.replace("Article Text", "Body Copy"), encoding="utf-8")
        assert main(["load", str(path), "--text-col", "Body Copy", "--title-col", "Headline"]) == 0
        assert "Talks resume in Geneva" in capsys.readouterr().out

    def test_a_mapped_column_that_is_not_there_is_an_error(self, export_csv, capsys):
        assert main(["load", str(export_csv), "--text-col", "Story"]) == 2
        assert "'Story'" in capsys.readouterr().err


class TestNothingLoaded:
    def test_a_folder_of_pdf_and_docx_files_exits_non_zero(self, tmp_path, capsys):
        (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4 not an article")
        (tmp_path / "b.odt").write_bytes(b"PK\x03\x04 not an article")
        assert main(["annotate", str(tmp_path), "--out", str(tmp_path / "out")]) == 1
        err = capsys.readouterr().err
        assert err.startswith("error: no article loaded from")
        assert not (tmp_path / "out").exists()

    def test_a_glob_that_matches_nothing_exits_non_zero(self, tmp_path, capsys):
        assert main(["annotate", str(tmp_path / "nothing" / "*.txt"), "--out", str(tmp_path / "out")]) == 1
        assert "no file matches this pattern" in capsys.readouterr().err


class TestRoughEdges:
    def test_report_on_a_missing_corpus_is_one_line_before_any_kernel(self, tmp_path, capsys):
        assert main(["report", "--corpus", str(tmp_path / "missing"), "--out", str(tmp_path / "r")]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("error: --corpus")
        assert not (tmp_path / "r").exists()

    def test_out_on_an_existing_file_is_an_error_not_a_traceback(self, export_csv, tmp_path, capsys):
        target = tmp_path / "taken.txt"
        target.write_text("mine")
        assert main(["annotate", str(export_csv), "--out", str(target)]) == 2
        assert main(["report", "--out", str(target)]) == 2
        err = capsys.readouterr().err
        assert err.count("error: --out") == 2 and "Traceback" not in err
        assert target.read_text() == "mine"

    def test_datasets_prints_short_lines(self, capsys):
        assert main(["datasets"]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert lines[0].startswith("newsarticles  (")
        assert max(len(line) for line in lines[1:]) <= 90

    @pytest.mark.parametrize("command", ["load", "annotate", "info", "report", "datasets"])
    def test_help_is_plain_text_and_every_option_has_some(self, command, capsys):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        out = capsys.readouterr().out
        assert "``" not in out and ":func:" not in out
        import argparse

        from newsanalysis.cli import build_parser

        sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
        actions = sub.choices[command]._actions
        assert [a.dest for a in actions if not a.help] == []

    def test_report_takes_the_options_of_the_report_module(self, capsys):
        with pytest.raises(SystemExit):
            main(["report", "--help"])
        out = capsys.readouterr().out
        for option in ("--trends-limit", "--notebook", "--quiet", "--show-code", "--cache-dir"):
            assert option in out
