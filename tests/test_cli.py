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
