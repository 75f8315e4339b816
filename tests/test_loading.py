"""load_articles: every input format, the seed cleaning, outlets, and every kind of bad input
(page furniture and punctuation repairs: test_furniture.py)."""

from __future__ import annotations

import json
import warnings

import pandas as pd
import pytest

from newsanalysis import load_articles
from newsanalysis.load.articles import LoadWarning, article_id_for
from newsanalysis.load.cleaning import clean_text, detect_language

SLUTSKY = (
    "“Strikes with U.S. missiles deep into Russian regions will inevitably entail a serious escalation, "
    "which threatens to lead to much more serious consequences,” said Leonid Slutsky, chairman of the "
    "State Duma lower house’s foreign affairs committee, as cited by TASS state news agency."
)
ZELENSKYY = (
    "Ukrainian President Volodymyr Zelenskyy said on Sunday more important than lifting the restriction "
    "would be the number of missiles used to strike the Russians, without confirming the reports about "
    "the U.S. decision."
)
# The first sentence of seed 000 in Spanish (the language the report was translated from).
SPANISH = (
    "Los medios de Estados Unidos informaron este domingo por la tarde que el presidente Joe Biden "
    "autorizó a Ucrania a usar misiles de largo alcance para ataques limitados dentro del territorio ruso."
)


def _quiet_load(*args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LoadWarning)
        return load_articles(*args, **kwargs)


class TestSampleCorpus:
    def test_loads_one_row_per_seed_with_front_matter_dates(self, sample_articles):
        assert len(sample_articles) == 2
        assert sample_articles["published"].dt.strftime("%Y-%m-%d").tolist() == ["2024-11-17", "2024-11-18"]
        assert str(sample_articles["published"].dt.tz) == "UTC"

    def test_no_outlet_is_invented(self, sample_articles):
        assert sample_articles["outlet"].tolist() == ["", ""]

    def test_seed2_headline_and_dek_leave_the_body(self, seed2):
        assert seed2["title"] == "Biden lets Ukraine use long-range US missiles to hit Russia, North Korea troops"
        assert seed2["dek"].startswith("The authorization is in response to Russia bringing North Korea")
        assert "Biden lets Ukraine use" not in seed2["text"]

    def test_seed2_dateline_is_separated_and_body_starts_with_the_story(self, seed2):
        assert seed2["dateline"] == "TAIPEI, Taiwan"
        assert seed2["text"].startswith("The United States authorized the first use")

    def test_seed2_photo_caption_and_credit_are_kept_out_of_the_body(self, seed2):
        assert any("(Leah Millis/Reuters)" in c for c in seed2["captions"])
        assert any(c.startswith("U.S. President Joe Biden meets with China's President Xi") for c in seed2["captions"])
        assert "Leah Millis" not in seed2["text"]
        assert "north-korea-us-missile-russia_11182024_2" not in seed2["text"]
        assert "meets with China's President Xi Jinping on the sidelines" not in seed2["text"]

    def test_seed2_related_stories_block_is_separated_but_the_subhead_after_it_stays(self, seed2):
        assert seed2["related"] == [
            "North Koreans in Russia in place but not in combat: Ukraine official",
            "US vows ‘firm response’ to North Korea for sending troops to Russia",
            "US confirms North Korean troops joining Russia in combat against Ukraine",
        ]
        assert "RELATED STORIES" not in seed2["text"]
        assert "Japan on Moscow, Pyongyang" in seed2["text"]
        assert "Biden-Xi talks" in seed2["text"]

    def test_seed2_editor_line_goes_to_its_column(self, seed2):
        assert seed2["editor"] == "Edited by Mike Firn."
        assert "Mike Firn" not in seed2["text"]
        assert seed2["text"].endswith("the broadcaster added.")

    def test_seed1_hashtag_line_becomes_tags(self, seed1):
        assert seed1["tags"][:4] == ["media", "claim", "Joe", "Biden"]
        assert "Página" in seed1["tags"]
        assert "#media" not in seed1["text"]

    def test_seed1_research_question_and_interview_plan_go_to_appendix(self, seed1):
        assert seed1["appendix"].startswith("What are the potential implications of limited missile strikes")
        assert "Guest 2: Russian Foreign Ministry Spokesperson, TASS News Agency" in seed1["appendix"]
        assert "Interview Topic" not in seed1["text"]
        assert seed1["text"].endswith("because the security of Ukraine is our security,” he commented.")

    def test_seed1_has_no_headline_so_title_stays_empty(self, seed1):
        assert seed1["title"] == ""
        assert seed1["text"].startswith("United States media reported this Sunday afternoon")

    def test_nothing_is_silently_dropped_from_the_seeds(self, sample_articles, sample_dir):
        for row, path in zip(sample_articles.itertuples(), sorted(sample_dir.glob("*.txt"))):
            raw = path.read_text(encoding="utf-8").split("---\n", 2)[2]
            kept = " ".join([row.title, row.dek, row.dateline, row.text, row.editor, row.appendix,
                             *row.captions, *row.related, *("#" + t for t in row.tags)])
            furniture = {"–", "RELATED", "STORIES"}  # the dateline dash and the block's label
            for word in raw.split():
                if word in furniture:
                    continue
                assert word in kept, f"{word!r} of {path.name} is in no column"

    def test_article_ids_are_stable_and_distinct(self, sample_articles, sample_dir):
        again = _quiet_load(sample_dir)
        assert again["article_id"].tolist() == sample_articles["article_id"].tolist()
        assert sample_articles["article_id"].is_unique

    def test_word_counts_count_the_cleaned_body(self, seed2):
        assert seed2["n_words"] == len(seed2["text"].split())


class TestFormats:
    def test_markdown_front_matter_fields(self, tmp_path):
        (tmp_path / "a.md").write_text(
            "---\ntitle: Slutsky warns of escalation\npublished: 2024-11-18T09:30:00+03:00\n"
            "outlet: Example Wire\nurl: https://example.org/a\ntags: [Russia, ATACMS]\nbyline: A. Writer\n---\n"
            + SLUTSKY + "\n", encoding="utf-8")
        row = _quiet_load(tmp_path).iloc[0]
        assert row["title"] == "Slutsky warns of escalation"
        assert row["published"] == pd.Timestamp("2024-11-18 06:30:00", tz="UTC")
        assert (row["outlet"], row["url"], row["byline"]) == ("Example Wire", "https://example.org/a", "A. Writer")
        assert row["tags"] == ["Russia", "ATACMS"]
        assert row["text"] == SLUTSKY

    def test_jsonl_lines_become_rows(self, tmp_path):
        lines = [{"title": "Slutsky", "text": SLUTSKY, "date": "2024-11-18"},
                 {"headline": "Zelenskyy", "body": ZELENSKYY, "published": "2024-11-17"}]
        (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
        df = _quiet_load(tmp_path / "a.jsonl")
        assert df["title"].tolist() == ["Slutsky", "Zelenskyy"]
        assert df["text"].tolist() == [SLUTSKY, ZELENSKYY]

    def test_csv_with_common_column_names_and_outlet_from_url_host(self, tmp_path):
        pd.DataFrame({"title": ["Zelenskyy"], "text": [ZELENSKYY], "publish_date": ["2024/11/17"],
                      "article_source_link": ["https://www.rfa.org/english/news/x.html"]}).to_csv(
            tmp_path / "a.csv", index=False)
        row = _quiet_load(tmp_path / "a.csv").iloc[0]
        assert row["outlet"] == "rfa.org"
        assert row["published"] == pd.Timestamp("2024-11-17", tz="UTC")

    def test_parquet(self, tmp_path):
        pd.DataFrame({"headline": ["Slutsky"], "content": [SLUTSKY]}).to_parquet(tmp_path / "a.parquet")
        assert _quiet_load(tmp_path / "a.parquet")["text"].tolist() == [SLUTSKY]

    def test_saved_html_page_main_text_and_metadata(self, tmp_path):
        html = (
            "<html><head><title>Biden lets Ukraine use long-range US missiles</title>"
            '<meta property="og:site_name" content="Example News"><meta name="date" content="2024-11-18">'
            '</head><body><nav><a href="/">Home</a> | <a href="/world">World</a></nav><article>'
            "<h1>Biden lets Ukraine use long-range US missiles</h1>"
            f"<p>{ZELENSKYY}</p><p>{SLUTSKY}</p></article><footer>Subscribe to our newsletter.</footer>"
            "</body></html>")
        (tmp_path / "page.html").write_text(html, encoding="utf-8")
        row = _quiet_load(tmp_path).iloc[0]
        assert row["title"] == "Biden lets Ukraine use long-range US missiles"
        assert row["outlet"] == "Example News"
        assert row["published"] == pd.Timestamp("2024-11-18", tz="UTC")
        assert "Leonid Slutsky" in row["text"] and "Subscribe" not in row["text"] and "Home" not in row["text"]

    def test_dataframe_with_a_column_mapping(self):
        df = pd.DataFrame({"hed": ["Zelenskyy"], "story": [ZELENSKYY], "when": ["2024-11-17"]})
        out = load_articles(df, title="hed", text="story", published="when")
        assert (out["title"].iloc[0], out["text"].iloc[0]) == ("Zelenskyy", ZELENSKYY)
        assert df.columns.tolist() == ["hed", "story", "when"], "the caller's frame is not changed"

    def test_mapping_to_a_missing_column_names_the_column(self):
        with pytest.raises(KeyError, match="'story'"):
            load_articles(pd.DataFrame({"body": [ZELENSKYY]}), text="story")

    def test_same_article_from_txt_and_csv_gets_the_same_id(self, tmp_path):
        (tmp_path / "a.txt").write_text(f"---\ntitle: Zelenskyy\n---\n{ZELENSKYY}\n", encoding="utf-8")
        pd.DataFrame({"title": ["Zelenskyy"], "text": [ZELENSKYY + "  "]}).to_csv(tmp_path / "b.csv", index=False)
        a = _quiet_load(tmp_path / "a.txt")["article_id"].iloc[0]
        b = _quiet_load(tmp_path / "b.csv")["article_id"].iloc[0]
        assert a == b == article_id_for("Zelenskyy", ZELENSKYY)

    def test_a_missing_path_says_what_to_pass(self, tmp_path):
        with pytest.raises(FileNotFoundError, match="Pass a folder of articles"):
            load_articles(tmp_path / "nope")


class TestBadInput:
    @pytest.fixture()
    def messy(self, tmp_path):
        (tmp_path / "good.txt").write_text(f"---\npublished: 2024-11-18\n---\n{SLUTSKY}\n", encoding="utf-8")
        (tmp_path / "empty.txt").write_text("", encoding="utf-8")
        (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
        (tmp_path / "legacy.txt").write_bytes(
            ("---\npublished: 2024-11-18\n---\n" + ZELENSKYY.replace("Zelenskyy", "Zelenskyy’s aide")).encode("cp1252"))
        (tmp_path / "nodate.txt").write_text("Kim Jong Un blamed the U.S. for staging a war against Russia.",
                                             encoding="utf-8")
        (tmp_path / "baddate.txt").write_text(f"---\npublished: last Sunday-ish\n---\n{ZELENSKYY} Again.",
                                              encoding="utf-8")
        (tmp_path / "spanish.txt").write_text(f"---\npublished: 2024-11-17\n---\n{SPANISH}\n", encoding="utf-8")
        (tmp_path / "lines.jsonl").write_text(
            json.dumps({"text": "Xi said China would not sit idly by while its interests are endangered."}) + "\n"
            + '{"text": "broken line, no closing brace"\n'
            + json.dumps({"text": "Japan is considering tightening sanctions against North Korea and Russia."}) + "\n",
            encoding="utf-8")
        (tmp_path / "dup.txt").write_text(f"---\npublished: 2024-11-18\n---\n{SLUTSKY}\n", encoding="utf-8")
        return tmp_path

    def test_the_rest_of_the_corpus_still_loads(self, messy):
        df = _quiet_load(messy)
        assert len(df) == 7  # good, legacy, nodate, baddate, spanish, 2 JSON lines
        assert any("Xi said China" in t for t in df["text"]) and any("Japan is considering" in t for t in df["text"])

    def test_every_skipped_input_has_a_message_naming_it(self, messy):
        df = _quiet_load(messy)
        problems = {s["problem"]: s["message"] for s in df.attrs["skipped"]}
        assert "empty.txt" in problems["empty file"]
        assert "photo.txt" in problems["binary file"] and "binary" in problems["binary file"]
        assert "lines.jsonl:2" in problems["broken JSON line"] and "line 2" in problems["broken JSON line"]
        assert "dup.txt" in problems["duplicate"] or "good.txt" in problems["duplicate"]

    def test_skips_are_raised_as_warnings_too(self, messy):
        with pytest.warns(LoadWarning, match="empty.txt"):
            load_articles(messy)

    def test_non_utf8_file_is_decoded_as_cp1252_with_a_warning(self, messy):
        row = _quiet_load(messy).set_index("source").loc[str(messy / "legacy.txt")]
        assert "Zelenskyy’s aide" in row["text"]
        assert any("cp1252" in w for w in row["warnings"])

    def test_missing_date_is_nat_with_a_warning(self, messy):
        row = _quiet_load(messy).set_index("source").loc[str(messy / "nodate.txt")]
        assert pd.isna(row["published"])
        assert any("no publication date" in w for w in row["warnings"])

    def test_unparseable_date_is_nat_with_a_warning_quoting_it(self, messy):
        row = _quiet_load(messy).set_index("source").loc[str(messy / "baddate.txt")]
        assert pd.isna(row["published"])
        assert any("last Sunday-ish" in w for w in row["warnings"])

    def test_non_english_article_is_flagged(self, messy):
        row = _quiet_load(messy).set_index("source").loc[str(messy / "spanish.txt")]
        assert row["language"] == "other"
        assert any("not look like English" in w for w in row["warnings"])


class TestCleaningRules:
    @pytest.mark.parametrize("text, expected", [
        (SLUTSKY, "en"), (ZELENSKYY, "en"), (SPANISH, "other"),
        # a one-line teaser from the News Articles corpus (row 1959), English with one stopword
        ("President Donald Trump calls controversy 'a total witch-hunt'.", "en"),
        ("Президент Путин заявил, что применение ракет станет серьезной эскалацией конфликта на Украине.", "other"),
    ])
    def test_language_detection(self, text, expected):
        assert detect_language(text) == expected

    def test_wire_dateline_with_agency(self):
        c = clean_text("WASHINGTON (AP) — The Pentagon said on Monday it would send more missiles.")
        assert (c.dateline, c.text) == ("WASHINGTON (AP)", "The Pentagon said on Monday it would send more missiles.")

    def test_a_sentence_starting_with_capitals_is_not_a_dateline(self):
        c = clean_text("NATO - the alliance - said the deployment was a significant escalation.")
        assert c.dateline == "" and c.text.startswith("NATO - the alliance")

    def test_hard_wrapped_paragraphs_are_rejoined(self):
        c = clean_text("Kim also said trilateral cooperation by the U.S, South Korea, and Japan\n"
                       "was a critical factor that threatens peace.\n\nHe added more.")
        assert c.text == ("Kim also said trilateral cooperation by the U.S, South Korea, and Japan was a "
                          "critical factor that threatens peace.\n\nHe added more.")

    def test_a_long_paragraph_ending_in_parentheses_is_not_a_caption(self):
        para = ("Chinese bike-sharing startup Mobike signed a partnership with Foxconn on Jan 23. " * 5
                + "(China Daily European Weekly 01/27/2017 page29)")
        assert clean_text(para).captions == []


def _one(text: str, **fields) -> pd.Series:
    return _quiet_load(pd.DataFrame({"text": [text], **{k: [v] for k, v in fields.items()}})).iloc[0]


class TestOutlets:
    @pytest.mark.parametrize("column", ["url", "link", "Article Url", "article_source_link", "source_url",
                                        "Source URL", "permalink", "story_link"])
    def test_a_url_column_under_a_common_name_is_recognised(self, column):
        row = _one(ZELENSKYY, **{column: "https://www.example-news.org/world/2024/11/17/x"})
        assert row["url"] == "https://www.example-news.org/world/2024/11/17/x"
        assert row["outlet"] == "example-news.org"

    def test_an_image_link_is_not_the_article_url(self):
        row = _one(ZELENSKYY, image_url="https://cdn.example-news.org/a.jpg")
        assert (row["url"], row["outlet"]) == ("", "")

    @pytest.mark.parametrize("url, outlet", [
        ("http://abcnews.go.com/Politics/pence-break-tie/story?id=45310061", "ABC News"),
        ("http://europe.chinadaily.com.cn/business/2017-01/06/content_27880.htm", "China Daily"),
        ("https://edition.cnn.com/2017/03/15/europe/dutch-election/index.html", "CNN"),
        ("https://www.rfa.org/english/news/korea/x.html", "rfa.org"),
    ])
    def test_the_outlet_of_a_url_is_a_known_outlets_name_else_its_host(self, url, outlet):
        assert _one(ZELENSKYY, link=url)["outlet"] == outlet

    def test_an_outlet_in_the_data_wins_and_a_domain_given_as_outlet_is_named(self):
        assert _one(ZELENSKYY, outlet="Example Wire", url="http://www.bbc.co.uk/news/x")["outlet"] == "Example Wire"
        assert _one(ZELENSKYY, source="bbc.co.uk")["outlet"] == "BBC"
