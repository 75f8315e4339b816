"""The hand-judged escalation sample (benchmarks/data/escalation_judged.csv) and its scorer."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def ej():
    spec = importlib.util.spec_from_file_location(
        "escalation_judgments", REPO / "benchmarks" / "escalation_judgments.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_sample_is_fully_judged_and_keyed(ej):
    d = ej.load_judgments()  # raises on a row that is not fully judged
    counts = d["corpus"].value_counts()
    assert len(d) >= 350 and counts["newsarticles"] >= 200 and counts["zelenskyy-putin"] >= 150
    assert not d.duplicated(ej.KEY).any()
    assert all(s[a:a + len(t)] == t for s, a, t in zip(d["sentence"], d["term_start"], d["term"]))
    esc = d[d["is_escalation"]]
    assert esc["rung"].between(0, 8).all() and esc["usage"].isin(ej.USAGES).all()


def test_scoring_the_stored_tool_reading_finds_every_hit(ej):
    d = ej.load_judgments()
    out = io.StringIO()
    fig = ej.score(ej.tool_hits_from_file(d), d, out=out)
    assert fig["coverage"] == 1.0 and fig["usage_accuracy"] is None
    assert 0 < fig["precision"] < 1 and "N/A" in out.getvalue()


def test_match_by_overlap_and_usage_accuracy(ej):
    d = ej.load_judgments().head(20)
    hits = ej.tool_hits_from_file(d)
    # a longer match starting one word earlier is still the same hit
    hits.loc[0, "term_start"] = max(0, int(d.iloc[0]["term_start"]) - 4)
    hits.loc[0, "term"] = d.iloc[0]["sentence"][hits.loc[0, "term_start"]:d.iloc[0]["term_start"]
                                                 + len(d.iloc[0]["term"])]
    hits["usage"] = d["usage"].replace("", "reference")
    hits = hits.drop(index=[1])  # a hit the new tool no longer finds
    m = ej.match(d, hits)
    assert m["how"].iloc[0] in ("exact", "overlap") and m["how"].iloc[1] == ""
    fig = ej.score(hits, d, out=io.StringIO())
    assert fig["coverage"] == pytest.approx(19 / 20)
    assert fig["usage_accuracy"] == 1.0


def test_the_held_out_sample_is_fully_judged_and_shares_no_article_with_the_development_one(ej):
    dev, held = ej.load_judgments(), ej.load_judgments(ej.HELDOUT)  # raises on a badly judged row
    counts = held["corpus"].value_counts()
    assert len(held) >= 150 and counts["newsarticles"] / counts["zelenskyy-putin"] == pytest.approx(210 / 160)
    assert not set(zip(dev["corpus"], dev["doc"])) & set(zip(held["corpus"], held["doc"]))
    assert held["hit_id"].str.startswith("x").all() and not held.duplicated(ej.KEY).any()


def test_the_confusion_matrix_counts_judged_usage_against_the_tool_s(ej):
    d = ej.load_judgments().head(30)
    hits = ej.tool_hits_from_file(d)
    hits["usage"] = "reference"
    fig = ej.score(hits, d, out=io.StringIO())
    table = fig["confusion"]
    esc = d[d["is_escalation"]]
    assert list(table.columns) == ["reference"]
    assert table["reference"].sum() == 30
    assert table.loc["reference", "reference"] == int((esc["usage"] == "reference").sum())
    assert ej.largest_cells(table)[0][1] == "reference"
