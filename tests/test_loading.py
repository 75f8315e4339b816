"""load_articles: every input format, the seed cleaning, page furniture, outlets, and every kind of bad input."""

from __future__ import annotations

import json
import re
import warnings
from collections import Counter

import pandas as pd
import pytest

from newsanalysis import load_articles
from newsanalysis.load.articles import LoadWarning, article_id_for
from newsanalysis.load.cleaning import clean_text, detect_language
from newsanalysis.load.repair import repair_punctuation

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


# --------------------------------------------------------------------------- furniture (issue 12)

# A live-blog page as a scraper flattens it, constructed for these tests from the phenomena
# of 2022 Guardian-style war live blogs described in issue 12 (that corpus is not in ../shared):
# a related link glued to the next entry's date and time, entry timestamps on their own line,
# glued to a name or after a sentence, a photo caption with its credit, a newsletter promo,
# share and follow lines and an amendment note.
LIVE_BLOG = """Russia-Ukraine war: UN says 1.7 million people have fled Ukraine – as it happened

Ukrainian forces held their positions around Kyiv overnight, the general staff said.

Russia-Ukraine war: Ukrainians evacuate Irpin – liveRead more 7 Mar 202204.21South Korea has announced it will join sanctions against Russia, Yonhap reports.

16.11 BST

Boris Johnson has said the UK will take in more refugees from Ukraine.

22.56Boris Johnson said he was "appalled" by the shelling of Mariupol.

Vladimir Putin at a meeting in Moscow on Monday. Photograph: Alexey Nikolsky/Sputnik/AFP/Getty Images

Sign up to First Edition, our free daily newsletter – every weekday morning at 7am BST

The Kremlin denied the report. 00:54Putin has not spoken in public since Friday.

Share on Facebook Share on Twitter

This article was amended on 8 March 2022 to correct the name of a town near Kyiv.
"""


@pytest.fixture(scope="module")
def news_articles(shared_dir) -> pd.DataFrame:
    """../shared/corpora/newsarticles/NewsArticles.csv, read once."""
    return pd.read_csv(shared_dir / "corpora/newsarticles/NewsArticles.csv", dtype=str, keep_default_na=False)


def _one(text: str, **fields) -> pd.Series:
    return _quiet_load(pd.DataFrame({"text": [text], **{k: [v] for k, v in fields.items()}})).iloc[0]


class TestPunctuationRepair:
    """Marks a broken encoding mangled upstream (News Articles has them by the thousand)."""

    def test_mangled_closing_quote_after_punctuation_becomes_a_closing_quote_and_a_space(self):
        # News Articles row 1 (ABC News)
        text, counts = repair_punctuation('"It is hard to imagine a worse choice,"?Sen. Elizabeth Warren said.')
        assert text == '"It is hard to imagine a worse choice,” Sen. Elizabeth Warren said.'
        assert sum(counts.values()) == 1

    def test_mangled_mark_after_a_word_is_an_apostrophe_outside_a_quote_and_closes_one_inside(self):
        text, _ = repair_punctuation('The Senate voted on DeVos"?nomination. He called it a "massacre"?or worse.')
        assert text == "The Senate voted on DeVos’ nomination. He called it a \"massacre” or worse."

    def test_mangled_mark_after_a_space_is_a_dash(self):
        text, _ = repair_punctuation('The hearing could determine "?at least temporarily "?the fate of refugees.')
        assert text == "The hearing could determine — at least temporarily — the fate of refugees."

    def test_a_question_mark_after_a_quoted_word_is_kept(self):
        assert repair_punctuation('Did he really say "no"? Nobody knows.') == ('Did he really say "no"? Nobody knows.', {})

    def test_apostrophe_written_as_a_double_quote_inside_a_word(self):
        assert repair_punctuation('Democrats say it isn"t over and they won"t stop.')[0] == \
            "Democrats say it isn’t over and they won’t stop."

    def test_hyphen_for_a_lost_space_after_punctuation_but_not_in_compounds(self):
        text, _ = repair_punctuation('Vaccines do not cause autism.- "Claims are false," it said. Source:-Al Jazeera')
        assert text == 'Vaccines do not cause autism. "Claims are false," it said. Source: Al Jazeera'
        kept = "The U.S.-Mexico border and U.S.-led talks, a 50-50 vote."
        assert repair_punctuation(kept) == (kept, {})

    def test_glued_sentences_get_a_space_but_brands_and_addresses_do_not(self):
        text, _ = repair_punctuation("He said.According to officials, the people.The end came.")
        assert text == "He said. According to officials, the people. The end came."
        for kept in ("The Diya.City tax regime.", "Shares of Mail.Ru rose.", "Write to Jonathan.Amos@bbc.co.uk now."):
            assert repair_punctuation(kept) == (kept, {})

    @pytest.mark.parametrize("text", [SLUTSKY, ZELENSKYY, LIVE_BLOG])
    def test_well_formed_text_is_unchanged(self, text):
        assert repair_punctuation(text) == (text, {})

    def test_a_repair_is_recorded_as_a_warning(self):
        row = _one('"It is hard to imagine a worse choice,"?Sen. Warren said of DeVos"?nomination.')
        assert row["text"] == '"It is hard to imagine a worse choice,” Sen. Warren said of DeVos’ nomination.'
        assert any("repaired 2 mangled punctuation marks" in w for w in row["warnings"])

    def test_a_real_news_articles_text_reads_as_written(self, news_articles):
        row = _quiet_load(news_articles[news_articles["article_id"] == "1"], text="text", title="title").iloc[0]
        assert "a worse choice,” Sen. Elizabeth Warren, D-Mass., said" in row["text"]
        assert "opposition from teachers’ unions" in row["text"]
        assert '"?' not in row["text"]


class TestGluedText:
    def test_a_glued_read_more_link_goes_to_related_and_its_timestamp_to_furniture(self):
        c = clean_text("Russia-Ukraine war: Ukrainians evacuate Irpin – liveRead more 7 Mar 202204.21South Korea "
                       "has announced it will join sanctions against Russia.")
        assert c.text == "South Korea has announced it will join sanctions against Russia."
        assert c.related == ["Russia-Ukraine war: Ukrainians evacuate Irpin – live"]
        assert c.furniture == ["7 Mar 202204.21"]

    def test_a_read_more_link_after_a_sentence_keeps_the_sentence(self):
        c = clean_text("The talks ended without a deal.US expands Russian sanctions…Read more “At the moment "
                       "we see no progress,” the minister said.")
        assert c.related == ["US expands Russian sanctions…"]
        assert c.text == "The talks ended without a deal.\n\n“At the moment we see no progress,” the minister said."

    def test_a_photo_credit_glued_to_the_next_paragraph_goes_to_captions(self):
        c = clean_text("Putin chaired the meeting. Photograph: Alexey Nikolsky/Sputnik/AFP/Getty ImagesThe Kremlin "
                       "said the talks would go on.")
        assert c.text == "Putin chaired the meeting.\n\nThe Kremlin said the talks would go on."
        assert c.captions == ["Photograph: Alexey Nikolsky/Sputnik/AFP/Getty Images"]

    @pytest.mark.parametrize("raw, stamp, body", [
        ("22.56Boris Johnson said he was appalled.", "22.56", "Boris Johnson said he was appalled."),
        ("00:54Putin has not spoken since Friday.", "00:54", "Putin has not spoken since Friday."),
        ("16.11 BST", "16.11 BST", ""),
        ("4.21am GMT Zelenskiy thanked the UK.", "4.21am GMT", "Zelenskiy thanked the UK."),
    ])
    def test_live_blog_timestamps_leave_the_entry(self, raw, stamp, body):
        c = clean_text(f"Shelling resumed in Kharkiv, officials said.\n\n{raw}\n\nThe UN called for a ceasefire.")
        assert c.furniture == [stamp]
        assert c.text == "\n\n".join(p for p in ("Shelling resumed in Kharkiv, officials said.", body,
                                                  "The UN called for a ceasefire.") if p)

    def test_a_timestamp_with_a_zone_after_a_sentence_starts_a_new_entry(self):
        c = clean_text("Russian troops entered Kherson. 16.11 BST Boris Johnson said the UK would help.")
        assert c.text == "Russian troops entered Kherson.\n\nBoris Johnson said the UK would help."
        assert c.furniture == ["16.11 BST"]

    @pytest.mark.parametrize("text", [
        "The vote is at 10.30 GMT on Tuesday, the speaker said.",
        "Prices rose 4.5% to 12.30 euros a share.",
        "Read more about the plan on the ministry's website.",
        "He left at 9.15 and returned before noon.",
        "It's 3:30am now (18:30GMT), and the hearing ended yesterday.",
    ])
    def test_times_and_words_inside_sentences_stay(self, text):
        c = clean_text(text)
        assert (c.text, c.furniture, c.related) == (text, [], [])


class TestLineFurniture:
    STORY = "Ukrainian forces held their positions around Kyiv overnight, the general staff said."
    AFTER = "The UN Security Council will meet on Tuesday to discuss the humanitarian corridors."

    @pytest.mark.parametrize("line, column", [
        ("Vladimir Putin at a meeting in Moscow on Monday. Photograph: Alexey Nikolsky/Sputnik/AFP/Getty Images",
         "captions"),
        ("Photograph: Alexey Nikolsky/Sputnik/AFP/Getty Images", "captions"),
        ("Sign up to First Edition, our free daily newsletter – every weekday morning at 7am BST", "furniture"),
        ("Get news from the BBC in your inbox, each weekday morning", "furniture"),
        ("This article was amended on 8 March 2022 to correct the name of a town near Kyiv.", "furniture"),
        ("An earlier version of this article misstated the number of refugees.", "furniture"),
        ("Follow Jonathan Drew on Twitter.", "furniture"),
        ("Share on Facebook Share on Twitter", "furniture"),
        ("Contact the writer at chris@mail.chinadailyuk.com", "furniture"),
        ("mb/rt (AFP, dpa, Reuters)", "furniture"),
        ("Source: Al Jazeera and news agencies", "furniture"),
        ("The Associated Press contributed to this report.", "furniture"),
        ("READ MORE: Who votes for Geert Wilders?", "related"),
        ("By Andrew Roth in Moscow", "furniture"),
    ])
    def test_a_furniture_line_leaves_the_body_for_its_column(self, line, column):
        c = clean_text(f"{self.STORY}\n\n{line}\n\n{self.AFTER}")
        assert c.text == f"{self.STORY}\n\n{self.AFTER}"
        assert len(getattr(c, column)) == 1 and getattr(c, column)[0] in line

    def test_furniture_sentences_leave_a_paragraph_only_from_its_edges(self):
        para = (f"{self.STORY} Source: the general staff, in a statement issued overnight. {self.AFTER} "
                "Follow us on Twitter @worlddesk.")
        c = clean_text(para)
        assert c.text == para.removesuffix(" Follow us on Twitter @worlddesk.")
        assert c.furniture == ["Follow us on Twitter @worlddesk."]

    @pytest.mark.parametrize("text", [
        "Follow the money, the senator said, and you will find the Russian oligarchs.",
        "Subscribers to the service lost access on Monday, the company said.",
        "Photographers were documenting the move and the public was allowed to watch.",
    ])
    def test_story_sentences_that_start_like_furniture_stay(self, text):
        assert clean_text(f"{self.STORY} {text}").text == f"{self.STORY} {text}"

    def test_a_dated_agency_dateline_is_separated(self):
        c = clean_text("MOSCOW, February 7. /TASS/. Moscow is confident that the results will be better.")
        assert (c.dateline, c.text) == ("MOSCOW, February 7. /TASS/.", "Moscow is confident that the results will be better.")

    def test_the_live_blog_body_is_only_the_story(self):
        c = clean_text(LIVE_BLOG)
        assert c.title == "Russia-Ukraine war: UN says 1.7 million people have fled Ukraine – as it happened"
        assert c.text.split("\n\n") == [
            "Ukrainian forces held their positions around Kyiv overnight, the general staff said.",
            "South Korea has announced it will join sanctions against Russia, Yonhap reports.",
            "Boris Johnson has said the UK will take in more refugees from Ukraine.",
            'Boris Johnson said he was "appalled" by the shelling of Mariupol.',
            "The Kremlin denied the report.",
            "Putin has not spoken in public since Friday.",
        ]

    def test_nothing_is_dropped_from_the_live_blog(self):
        c = clean_text(LIVE_BLOG)
        words = lambda t: re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+", t)  # "liveRead": live, Read
        kept = Counter(words(" ".join([c.title, c.text, *c.captions, *c.related, *c.furniture])))
        assert Counter(words(LIVE_BLOG)) - kept == Counter({"Read": 1, "more": 1})  # the link's label

    def test_an_article_that_is_only_furniture_is_skipped_naming_it(self):
        df = _quiet_load(pd.DataFrame({"title": ["Recap: Ireland beat England"], "text": ["View Comments"]}))
        assert df.empty
        assert "View Comments" in df.attrs["skipped"][0]["message"]


def _outlet_corpus(stories: list[str], outlet: str = "Example Post") -> pd.DataFrame:
    return pd.DataFrame({"title": [f"Story {i}" for i in range(len(stories))], "text": stories,
                         "outlet": [outlet] * len(stories)})


# Ten stories of four sentences, written for these tests in the style of wire copy.
STORIES = [
    ("Ukraine's parliament approved a new defence budget on Monday. The vote was 312 to 24. "
     "The finance minister said spending would rise by a third. Opposition deputies called the plan vague."),
    ("Poland said it would send 14 tanks to Ukraine within weeks. The first crews are already in training. "
     "Warsaw asked Berlin to approve the transfer quickly. Germany said it was studying the request."),
    ("The IAEA warned of a risk at the Zaporizhzhia nuclear plant. Shelling cut the external power line twice. "
     "Inspectors want a permanent presence at the site. Moscow and Kyiv blamed each other for the strikes."),
    ("Germany's chancellor met the French president in Paris on Friday. They discussed gas prices and arms. "
     "A joint statement promised closer coordination. Neither leader took questions from reporters."),
    ("Grain exports from Odesa resumed after a two-month pause. Three ships left the port at dawn. "
     "Turkey and the UN brokered the corridor in July. Insurers still charge high premiums for the route."),
    ("Finland's parliament voted by a wide margin to apply for Nato membership. Sweden is expected to follow. "
     "Russia said it would respond with military measures. Turkey has raised objections to both bids."),
    ("Oil prices fell for a third day as China's lockdowns widened. Brent crude dropped below 100 dollars. "
     "Traders expect weaker demand through the summer. Opec meets next week to discuss output."),
    ("The European Commission proposed a ban on Russian coal imports. The ban would take effect in August. "
     "Hungary said it would not accept limits on oil. Poland wants the ban extended to gas."),
    ("Turkey offered to host talks between the two foreign ministers. A meeting in Antalya is planned. "
     "Ankara has kept open channels to both sides. Earlier talks in Belarus produced no breakthrough."),
    ("Moldova's president said the country would not be drawn into the war. Troops remain in Transnistria. "
     "The government asked the EU for help with energy bills. Refugees keep arriving at the border."),
]
PROMO = "Do you have information you want to share with the Example Post?"
DISCLAIMER = "The views expressed here are the author's own and not the Example Post's editorial policy."


class TestRepeatedFurniture:
    def test_lines_an_outlet_repeats_under_its_stories_leave_the_text(self):
        df = _quiet_load(_outlet_corpus([f"{s}\n\n{PROMO}\n\n{DISCLAIMER}" for s in STORIES[:5]]))
        assert df["text"].tolist() == STORIES[:5]
        assert all(f == [PROMO, DISCLAIMER] for f in df["furniture"])
        assert df.attrs["repeated_furniture"]["Example Post"] == [(PROMO, 5), (DISCLAIMER, 5)]
        assert df["n_words"].tolist() == [len(t.split()) for t in STORIES[:5]]

    def test_a_repeated_sentence_closing_a_one_paragraph_text_leaves_it(self):
        df = _quiet_load(_outlet_corpus([f"{s} {PROMO} Here's how." for s in STORIES[:4]]))
        assert df["text"].tolist() == STORIES[:4]
        assert all(f == [PROMO, "Here's how."] for f in df["furniture"])

    def test_a_line_in_fewer_than_three_stories_stays(self):
        texts = [f"{s}\n\n{PROMO}" if i < 2 else s for i, s in enumerate(STORIES[:6])]
        df = _quiet_load(_outlet_corpus(texts))
        assert df["text"].tolist() == texts

    def test_in_a_large_outlet_a_line_must_be_in_one_percent_of_its_stories(self):
        # 400 different stories (a made-up place name in every sentence): the threshold is 4;
        # a line under 3 of them stays, a line under 40 leaves
        names = [a + b + c + d for a in "BDGKL" for b in "aeiou" for c in "lmnr" for d in ("ov", "sk", "yn", "ka")]
        stories = [f"Forces near {n} reported shelling overnight. The governor of {n} asked for aid. "
                   f"Talks on the future of {n} are due next week." for n in names]
        rare = "Officials in three districts gave conflicting counts."
        texts = [f"{t}\n\n{PROMO}" if i % 10 == 0 else f"{t}\n\n{rare}" if i in (1, 2, 3) else t
                 for i, t in enumerate(stories)]
        df = _quiet_load(_outlet_corpus(texts))
        assert len(df) == 400
        assert sum(PROMO in t for t in df["text"]) == 0 and sum(PROMO in f for f in df["furniture"]) == 40
        assert sum(rare in t for t in df["text"]) == 3

    def test_each_outlet_is_counted_on_its_own(self):
        texts = [f"{s}\n\n{PROMO}" for s in STORIES[:4]]
        df = _quiet_load(pd.concat([_outlet_corpus(texts[:2], "A"), _outlet_corpus(texts[2:], "B")]))
        assert all(PROMO in t for t in df["text"])

    def test_versions_of_one_story_keep_their_shared_sentences(self):
        story = ("A gunman opened fire at Orly airport on Saturday. He fired at police with a pellet gun. "
                 "Police say he then stole a car at gunpoint. That car was later found at the airport.\n\n"
                 "He was then shot dead by two soldiers.")
        texts = [f"Update {i}: the prosecutor named the suspect.\n\n{story}" for i in range(3)] + STORIES[:2]
        df = _quiet_load(_outlet_corpus(texts))
        assert all(t.endswith("He was then shot dead by two soldiers.") for t in df["text"][:3])
        assert df.attrs["repeated_furniture"] == {}

    def test_a_quote_repeated_inside_paragraphs_stays(self):
        quote = "“The talks were a waste of time,” the minister said."
        texts = [s.replace(". ", f". {quote} ", 1) for s in STORIES[:5]]
        assert _quiet_load(_outlet_corpus(texts))["text"].tolist() == texts

    def test_a_speech_sign_off_is_not_furniture(self):
        texts = [f"Dear compatriots! {s} We will hold out. Glory to Ukraine!" for s in STORIES[:5]]
        assert _quiet_load(_outlet_corpus(texts))["text"].tolist() == texts

    def test_an_article_that_is_only_the_outlets_boilerplate_is_skipped_naming_it(self):
        texts = [f"{s}\n\n{PROMO}\n\n{DISCLAIMER}" for s in STORIES[:4]] + [f"{PROMO}\n\n{DISCLAIMER}"]
        df = _quiet_load(_outlet_corpus(texts))
        assert df["text"].tolist() == STORIES[:4]
        (skip,) = df.attrs["skipped"]
        assert skip["source"] == "DataFrame:row 4" and PROMO in skip["message"]

    def test_an_article_keeps_its_id_whatever_else_is_in_the_corpus(self):
        texts = [f"{s}\n\n{PROMO}" for s in STORIES[:5]]
        alone = _quiet_load(_outlet_corpus(texts[:1]))
        together = _quiet_load(_outlet_corpus(texts))
        assert PROMO in alone["text"].iloc[0] and PROMO not in together["text"].iloc[0]
        assert alone["article_id"].iloc[0] == together["article_id"].iloc[0]

    def test_real_outlet_boilerplate_leaves_news_articles_texts(self, news_articles):
        links = news_articles["article_source_link"]
        huffpost = news_articles[links.str.contains("huffingtonpost.com")].head(80)
        df = _quiet_load(huffpost, text="text", title="title", url="article_source_link")
        promo = "Do you have information you want to share with the Huffington Post?"
        assert sum(promo in t for t in huffpost["text"]) >= 5
        assert sum(promo in f for f in df["furniture"]) >= 5
        assert sum(t.endswith("Learn more") for t in huffpost["text"]) >= 20
        assert not any(t.endswith("Learn more") for t in df["text"])

    def test_real_speeches_lose_nothing(self, shared_dir):
        speeches = pd.read_csv(shared_dir / "corpora/zelenskyy-putin/zelenskyy.csv", dtype=str,
                               keep_default_na=False).head(300)
        df = _quiet_load(speeches, text="body", title="headline", url="link")
        assert df.attrs["repeated_furniture"] == {}
        assert sum(t.endswith("Glory to Ukraine!") for t in df["text"]) >= 20


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
