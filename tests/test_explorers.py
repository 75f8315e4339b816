"""The workbook a researcher can trust (issue 14): nothing left out without a word, evidence
traced to its article, explorers that link and scale, empty views that say why, warnings as
one short table.

Each class names the item of issue 14 it checks. Clicks are dispatched the way plotly's
FigureWidget dispatches a click from the browser (``trace._dispatch_on_click``), so the tests
check the wiring the browser uses; tests/test_browser.py clicks in a real JupyterLab.
Hand-built tables pin exact behaviours; the sample corpus (``model``) checks the real path.
"""

from __future__ import annotations

import re
import shutil
from types import SimpleNamespace

import pandas as pd
import pytest
from plotly.callbacks import InputDeviceState, Points

from newsanalysis.analyse.coverage import left_out, warning_summary
from newsanalysis.analyse.trends import NARRATIVE
from newsanalysis.show.claim_explorer import provenance_explorer
from newsanalysis.show.escalation_explorer import escalation_explorer
from newsanalysis.show.network_explorer import network_explorer
from newsanalysis.show.networks import filter_network, plot_network
from newsanalysis.show.notebook import show_table
from newsanalysis.show.selectors import filtered_select


def click(trace, index: int) -> None:
    """What plotly's FigureWidget does when the browser reports a click on point ``index``."""
    trace._dispatch_on_click(Points(point_inds=[index], trace_name=trace.name, trace_index=0),
                             InputDeviceState(button=0, buttons=1))


def trace_of(fig, meta: str):
    return next(t for t in fig.data if getattr(t, "meta", None) == meta)


# three articles: a1 and a2 dated, a3 without a date
#   a1 s0 "Biden told Zelenskyy that Russia would pay."      Biden, Zelenskyy, Russia
#   a2 s0 "TASS said Putin warned Biden."                    TASS, Putin, Biden
#   a3 s0 "Iran and China backed Russia."                    Iran, China, Russia
ARTICLES = pd.DataFrame({
    "article_id": ["a1", "a2", "a3"],
    "title": ["Biden and Zelenskyy talk", "Putin warns", "Iran and China back Moscow"],
    "published": pd.to_datetime(["2024-11-17", "2024-11-18", None], utc=True),
    "outlet": ["Daily A", "Daily B", "Daily A"],
    "url": ["https://daily-a.example/talk", "", ""],
    "source": ["/home/me/corpus/a1.txt", "/home/me/corpus/a2.txt", "/home/me/corpus/a3.txt"],
    "language": ["en", "en", "en"], "text": ["", "", ""],
})
SENTENCES = pd.DataFrame([("a1", 0, "Biden told Zelenskyy that Russia would pay."),
                          ("a2", 0, "TASS said Putin warned Biden."),
                          ("a3", 0, "Iran and China backed Russia.")], columns=["article_id", "sent_idx", "text"])
ACTORS = [("person:joe-biden", "Joe Biden", "person"), ("person:volodymyr-zelenskyy", "Volodymyr Zelenskyy", "person"),
          ("country:russia", "Russia", "country"), ("person:vladimir-putin", "Vladimir Putin", "person"),
          ("media:tass", "TASS", "media"), ("country:iran", "Iran", "country"), ("country:china", "China", "country")]
MENTIONS = [("a1", "person:joe-biden"), ("a1", "person:volodymyr-zelenskyy"), ("a1", "country:russia"),
            ("a2", "media:tass"), ("a2", "person:vladimir-putin"), ("a2", "person:joe-biden"),
            ("a3", "country:iran"), ("a3", "country:china"), ("a3", "country:russia")]


def network_ann():
    mentions = pd.DataFrame([{"article_id": a, "sent_idx": 0, "start": 0, "end": 1, "text": x, "label": "GPE",
                              "actor_id": x} for a, x in MENTIONS])
    actors = pd.DataFrame([{"actor_id": a, "name": n, "kind": k, "country": "", "aliases": [n], "roles": [],
                            "n_mentions": 0, "n_articles": 0} for a, n, k in ACTORS])
    return SimpleNamespace(articles=ARTICLES, sentences=SENTENCES, mentions=mentions, actors=actors,
                           claims=pd.DataFrame(), warnings=pd.DataFrame(columns=["source", "article_id", "message"]))


@pytest.fixture(scope="module")
def undated_sample_ann(sample_dir, tmp_path_factory):
    """The sample corpus with its publication dates taken out of the front matter."""
    from newsanalysis import annotate, load_articles

    folder = tmp_path_factory.mktemp("undated")
    for f in sorted(sample_dir.glob("*.txt")):
        (folder / f.name).write_text(re.sub(r"(?m)^published: .*\n", "", f.read_text(encoding="utf-8")),
                                     encoding="utf-8")
    with pytest.warns(Warning):
        articles = load_articles(folder)
    return annotate(articles, cache_dir=tmp_path_factory.mktemp("cache"), progress=False)


class TestItem1UndatedArticlesAreKeptOrCounted:
    def test_the_network_explorer_keeps_undated_articles_at_the_full_date_range(self):
        box = network_explorer(network_ann())
        # a3 has no date: Iran and China are linked only there
        assert any("country:iran" in list(t.customdata) for t in box.controls["figure"].data if t.meta == "actors")
        assert "1 article(s) without a date kept" in box.controls["status"].value

    def test_a_narrower_date_range_says_it_leaves_the_undated_articles_out(self):
        box = network_explorer(network_ann())
        box.controls["dates"].index = (0, 0)
        assert "1 article(s) without a date left out by the date range" in box.controls["status"].value
        assert not any("country:iran" in list(t.customdata) for t in box.controls["figure"].data
                       if t.meta == "actors")

    def test_left_out_counts_undated_articles_only_where_dates_matter(self):
        ann = network_ann()
        assert left_out(ann).empty
        assert left_out(ann, dates=True).to_dict("records") == [{"reason": "no publication date", "articles": 1}]

    @pytest.mark.model
    def test_the_trend_explorer_on_undated_articles_says_why_and_lists_their_hits(self, undated_sample_ann):
        ann = undated_sample_ann
        counted = ann.escalation[(ann.escalation["polarity"] == "escalatory") & ~ann.escalation["negated"]
                                 & ann.escalation["usage"].isin(["event", "threat", "statement"])
                                 & (ann.escalation["rung"] >= 1)]
        box = escalation_explorer(ann)
        status = box.controls["status"].value
        assert status.startswith("No article has a publication date")
        assert f"hold {len(counted)} escalatory hits" in status and len(counted) > 0
        assert box.controls["period"].value == "undated"
        assert "<mark" in box.controls["evidence"].value
        fig = box.controls["figure"]
        assert any("a trend needs dates" in a.text for a in fig.layout.annotations)


class TestItem4EvidenceTracedToTheArticle:
    def test_an_actors_evidence_gives_title_outlet_date_and_link(self):
        box = network_explorer(network_ann())
        box.controls["actor"].value = "person:volodymyr-zelenskyy"
        ev = box.controls["evidence"].value
        assert "<b>Biden and Zelenskyy talk</b> · Daily A · 2024-11-17" in ev
        assert 'href="https://daily-a.example/talk"' in ev
        assert "Biden told Zelenskyy that Russia would pay." in ev
        assert "a1#0" not in ev

    def test_without_a_url_the_link_is_the_file_name_not_its_folder(self):
        box = network_explorer(network_ann())
        box.controls["actor"].value = "person:vladimir-putin"
        ev = box.controls["evidence"].value
        assert "file a2.txt" in ev and "/home/me" not in ev

    def test_the_sentences_beyond_the_first_are_one_click_away(self):
        from newsanalysis.show.evidence import evidence_list_html

        html_ = evidence_list_html(network_ann(), [("a1", 0), ("a2", 0), ("a3", 0)], shown=1)
        assert "<details><summary>2 more sentence(s)</summary>" in html_
        assert "Iran and China backed Russia." in html_.split("<details>")[1]

    @pytest.mark.model
    def test_claims_of_an_article_without_outlet_say_so_not_its_id(self, sample_ann):
        from newsanalysis.analyse.provenance import provenance

        # neither seed names its outlet (no metadata, url or agency dateline); the evidence names the article
        assert set(provenance(sample_ann)["publisher"]) == {"unknown"}

    @pytest.mark.model
    def test_a_claims_evidence_gives_its_article_and_chain(self, sample_ann, seed2):
        box = provenance_explorer(sample_ann)
        listing = box.controls["list"]
        nyt = next(v for label, v in listing.options if "unidentified American officials" in label or
                   "The New York Times" in label)
        listing.value = nyt
        ev = box.controls["evidence"].value
        assert "<b>Biden lets Ukraine use long-range US missiles to hit Russia, North Korea troops</b>" in ev
        assert "2024-11-18" in ev and "file 002_95249b356f5507be.txt" in ev
        assert "chain</b>" in ev


class TestItem5ClicksShowEvidenceAndHighlight:
    def test_clicking_a_node_picks_the_actor_rings_it_and_shows_its_evidence(self):
        box = network_explorer(network_ann())
        fig = box.controls["figure"]
        people = next(t for t in fig.data if t.meta == "actors" and "person:vladimir-putin" in list(t.customdata))
        i = list(people.customdata).index("person:vladimir-putin")
        click(people, i)
        assert box.controls["actor"].value == "person:vladimir-putin"
        assert "TASS said Putin warned Biden." in box.controls["evidence"].value
        ring = trace_of(fig, "picked")
        assert (ring.x[0], ring.y[0]) == (people.x[i], people.y[i])

    def test_clicking_the_middle_of_a_line_shows_that_links_sentences(self):
        box = network_explorer(network_ann())
        edges = trace_of(box.controls["figure"], "edges")
        i = [sorted(e) for e in edges.customdata].index(["country:china", "country:iran"])
        click(edges, i)
        ev = box.controls["evidence"].value
        assert "Iran and China backed Russia." in ev and "Biden" not in ev

    def test_clicking_a_point_of_the_trend_lists_its_periods_sentences(self):
        from test_escalation import small_ann

        box = escalation_explorer(small_ann())
        line = next(t for t in box.controls["figure"].data if t.type == "scatter")
        week2 = list(pd.to_datetime(line.x)).index(pd.Timestamp("2024-01-08"))
        click(line, week2)
        assert box.controls["period"].value == pd.Timestamp("2024-01-08", tz="UTC")
        ev = box.controls["evidence"].value
        assert "1 sentence(s)" in ev and "2024-01-10" in ev  # a3's sentence, the week's only hit
        picked = [s for s in box.controls["figure"].layout.shapes if s.name == "picked"]
        assert len(picked) == 1 and pd.Timestamp(picked[0].x0) == pd.Timestamp("2024-01-08")

    @pytest.mark.model
    def test_clicking_a_claim_row_shows_its_evidence_and_a_sankey_flow_keeps_its_claims(self, sample_ann):
        box = provenance_explorer(sample_ann)
        listing = box.controls["list"]
        second = listing.options[1][1]
        listing.value = second
        claim = sample_ann.claims.set_index("claim_id").loc[second]
        assert str(claim["content"])[:40] in box.controls["evidence"].value.replace("&#x27;", "'").replace(
            "&quot;", '"')
        sankey = box.controls["figure"].data[0]
        click(sankey, 0)
        heaviest = int(sankey.link.value[0])
        assert box.controls["count"].value.startswith(f"<p>{heaviest} claim(s)")
        assert "flow:" in box.controls["flow"].value


class TestItem6SelectorsScale:
    SPEAKERS: tuple = tuple([NARRATIVE] + [f"speaker {i:04d}" for i in range(1300)])

    def test_a_list_of_1301_speakers_shows_the_most_frequent_and_a_filter_finds_the_rest(self):
        counts = {s: 1 for s in self.SPEAKERS} | {NARRATIVE: 900, "speaker 1299": 50}
        sel = filtered_select(self.SPEAKERS, counts=counts, top=50)
        shown = [v for _, v in sel.controls["list"].options]
        assert len(shown) == 50 and shown[:2] == [NARRATIVE, "speaker 1299"]
        assert len(sel.value) == 1301  # everything selected at first
        sel.controls["filter"].value = "0007"
        assert [v for _, v in sel.controls["list"].options] == ["speaker 0007"]
        assert "1,301 of 1,301 selected" in sel.controls["info"].value

    def test_none_all_and_top_buttons_and_a_pick_that_keeps_hidden_choices(self):
        sel = filtered_select(["a", "b", "c"], counts={"a": 1, "b": 5, "c": 3}, top_n=2)
        sel.controls["none"].click()
        assert sel.value == ()
        sel.controls["top"].click()
        assert sel.value == ("b", "c")
        sel.controls["filter"].value = "a"
        sel.controls["list"].value = ("a",)
        assert sel.value == ("a", "b", "c")  # b and c stay selected while the filter hides them
        sel.controls["all"].click()
        assert sel.value == ("a", "b", "c")

    def test_the_trend_by_speaker_leaves_the_narrative_out_and_says_so(self):
        from test_escalation import small_ann

        box = escalation_explorer(small_ann())
        box.controls["by"].value = "speaker"
        fig = box.controls["figure"]
        names = [t.name for t in fig.data if t.type == "scatter"]
        assert names == ["Putin"]
        assert any("(narrative) not drawn" in a.text for a in fig.layout.annotations)


class TestItem7WarningsOfThisLoad:
    @pytest.mark.model
    def test_fixing_the_dates_and_annotating_again_leaves_no_stale_date_warning(self, sample_dir, tmp_path):
        from newsanalysis import annotate, load_articles

        folder = tmp_path / "corpus"
        shutil.copytree(sample_dir, folder)
        originals = {f: f.read_text(encoding="utf-8") for f in folder.glob("*.txt")}
        for f, text in originals.items():
            f.write_text(re.sub(r"(?m)^published: .*\n", "", text), encoding="utf-8")
        with pytest.warns(Warning):
            first = annotate(load_articles(folder), cache_dir=tmp_path / "cache", progress=False)
        assert first.warnings["message"].str.contains("no publication date").sum() == 2
        for f, text in originals.items():
            f.write_text(text, encoding="utf-8")
        again = annotate(load_articles(folder), cache_dir=tmp_path / "cache", progress=False)
        assert again.meta["corpus_cache"]  # the same texts: served from the cache
        assert not again.warnings["message"].str.contains("no publication date").any()


class TestItem8EmptyResultsSayWhy:
    def test_a_minimum_weight_above_the_heaviest_edge_says_so_on_the_plot(self):
        box = network_explorer(network_ann())
        box.controls["min_weight"].value = 5
        texts = [a.text for a in box.controls["figure"].layout.annotations]
        assert any("No edge has weight 5 or more: the heaviest has 1" in t for t in texts)

    def test_an_actor_kind_the_corpus_lacks_is_named_with_the_kinds_it_has(self):
        box = network_explorer(network_ann())
        box.controls["actor_kind"].value = "group"
        texts = [a.text for a in box.controls["figure"].layout.annotations]
        assert any("No actor of kind &#x27;group&#x27; in this corpus (kinds: person 3, country 3, media 1)" in t
                   for t in texts)

    def test_an_empty_plot_built_directly_still_says_something(self):
        fig = plot_network(filter_network(network_ann(), min_weight=9))
        assert any("No link between actors" in a.text for a in fig.layout.annotations)

    def test_an_empty_table_is_replaced_by_the_reason(self):
        shown = show_table(pd.DataFrame(columns=["content"]), empty="No claim is stated alike in two articles.")
        assert shown.data == "*No claim is stated alike in two articles.*"

    def test_a_filter_that_keeps_no_claim_says_so(self):
        from test_provenance import toy

        box = provenance_explorer(toy.__wrapped__())
        box.controls["search"].value = "no such words anywhere"
        assert box.controls["count"].value.startswith("<p>0 claims: no claim matches these filters")


class TestItem9WarningsAsOneShortTable:
    def test_one_row_per_kind_of_problem_named_by_title_without_paths(self):
        arts = ARTICLES.assign(warnings=[
            [], ["/home/me/corpus/a2.txt: repaired 2 mangled quotes left by a broken encoding upstream."],
            ["/home/me/corpus/a3.txt: no publication date; 'published' is NaT (add one to use time trends)."]])
        arts.attrs["skipped"] = [{"source": "/home/me/corpus/x.pdf", "problem": "unsupported file type",
                                  "message": "/home/me/corpus/x.pdf: .pdf is not a supported type (.txt, ...)."}]
        table = warning_summary(arts)
        assert table.to_dict("records") == [
            {"problem": "no publication date", "warnings": 1, "e.g.": "Iran and China back Moscow"},
            {"problem": "punctuation repaired", "warnings": 1, "e.g.": "Putin warns"},
            {"problem": "unsupported file type", "warnings": 1, "e.g.": "x.pdf"},
        ]
        assert "/home/me" not in table.to_string()

    def test_a_notebook_shows_no_load_warning_one_by_one(self):
        import warnings

        from newsanalysis.load.articles import LoadWarning
        from newsanalysis.show.notebook import setup_notebook

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            setup_notebook(mode="lab")
            warnings.warn("/home/me/a.txt: no publication date", LoadWarning, stacklevel=1)
        assert caught == []

