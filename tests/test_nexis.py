"""Nexis (LexisNexis) exports: the classic "N of M DOCUMENTS" layout and Nexis Uni.

Each layout is tested on the shared samples of ../shared/formats/nexis (placeholder text,
real layout) and on fixtures written here in the same layouts, in .TXT, .DOCX and .RTF, with
bodies taken from the seed articles; malformed variants (a truncated file, a missing field, a
document with no body) must give a message naming the file and the document, and load the
rest.
"""

from __future__ import annotations

import pandas as pd
import pytest
from export_fixtures import KURSK, SLUTSKY, WHITE_HOUSE, ZELENSKYY
from export_fixtures import docx_bytes as _docx
from export_fixtures import load_quietly as _load
from export_fixtures import one_line as _one_line
from export_fixtures import rtf_text as _rtf
from export_fixtures import skipped as _skipped

from newsanalysis.load.summary import load_summary

#: A classic LexisNexis export ("N of M DOCUMENTS"), four documents: a full one, one without
#: BYLINE and SECTION (a missing field), one with no body, and a last one.
CLASSIC = f"""\ufeff
Download Request: Selected Items: 1-4
Time Of Request: Monday, November 18, 2024  10:02:11

Terms: (missiles and Ukraine)

Source: Newspaper Stories, Combined Papers



                               1 of 4 DOCUMENTS


                              The Example Times (London)

                            November 18, 2024 Monday
                                   Edition 1;
                                 National Edition

Russia warns of serious escalation
over long-range missiles

BYLINE: Jane Doe in Moscow

SECTION: NEWS; Pg. 3

LENGTH: 55 words

DATELINE: MOSCOW


{SLUTSKY}

{ZELENSKYY}

LOAD-DATE: November 19, 2024

LANGUAGE: ENGLISH

GRAPHIC: Leonid Slutsky at the State Duma
PHOTO: EXAMPLE AGENCY

PUBLICATION-TYPE: Newspaper


                    Copyright 2024 Example Newspapers Ltd.
                              All Rights Reserved

                               2 of 4 DOCUMENTS


                              Example Daily

                            November 18, 2024 Monday 6:30 PM GMT

White House condemns troop deployment

LENGTH: 30 words


{WHITE_HOUSE}

LOAD-DATE: November 19, 2024

LANGUAGE: ENGLISH


                    Copyright 2024 Example Daily
                              All Rights Reserved

                               3 of 4 DOCUMENTS


                              Example Daily

                            November 17, 2024 Sunday

Correction

BYLINE: Desk

LENGTH: 0 words


LOAD-DATE: November 19, 2024

LANGUAGE: ENGLISH


                    Copyright 2024 Example Daily
                              All Rights Reserved

                               4 of 4 DOCUMENTS


                              Example Herald

                            November 16, 2024 Saturday

North Korean troops in Kursk

BYLINE: John Roe

LENGTH: 25 words


{KURSK}

LOAD-DATE: November 17, 2024

LANGUAGE: ENGLISH


                    Copyright 2024 Example Herald
                              All Rights Reserved
""".replace("\n", "\r\n")

#: The Nexis Uni layout, paragraph by paragraph (as Word holds it): a cover page, then three
#: documents: a full one, one without a date line (a missing field), one with no body.
UNI = [
    "Date and Time: Monday, 18. November 2024 10:15:00 CET", "Job Number: 1234", "Documents (3)",
    "1. Russia warns of serious escalation", "Client/Matter: -None-", "Search Terms: missiles",
    "Search Type: Natural Language", "", "2. Zelenskyy: rockets will speak", "",
    "3. Correction", "", "",
    "Russia warns of serious escalation", "The Example Times (London)",
    "November 18, 2024 Monday 6:30 AM EST", "", "Copyright 2024 Example Newspapers Ltd. All Rights Reserved",
    "", "Section:\xa0WORLD; Version:2", "Length:\xa055 words", "Byline:\xa0Jane Doe",
    "Dateline:\xa0MOSCOW", "Highlight:\xa0The Duma's foreign affairs chief warns Washington.", "Body", "",
    _one_line(SLUTSKY), "", _one_line(ZELENSKYY), "",
    "Classification", "", "Language:\xa0ENGLISH", "Publication-Type:\xa0Newspaper",
    "Subject:\xa0MISSILES (90%); ARMED FORCES (77%)", "Load-Date:\xa0November 19, 2024", "", "End of Document",
    "", "Zelenskyy: rockets will speak", "Example Daily", "",
    "Section:\xa0WORLD", "Length:\xa030 words", "Body", "", _one_line(WHITE_HOUSE), "",
    "Load-Date:\xa0November 19, 2024", "", "End of Document",
    "", "Correction", "Example Daily", "November 17, 2024 Sunday", "", "Section:\xa0CORRECTIONS",
    "Length:\xa00 words", "Body", "", "Classification", "Language:\xa0ENGLISH", "", "End of Document",
]


# --------------------------------------------------------------------------- Nexis, classic


class TestNexisClassic:
    @pytest.fixture()
    def export(self, tmp_path):
        path = tmp_path / "export.TXT"
        path.write_text(CLASSIC, encoding="utf-8")
        return path

    def test_each_document_becomes_a_row_with_its_fields(self, export):
        df = _load(export)
        first = df.iloc[0]
        assert first["title"] == "Russia warns of serious escalation over long-range missiles"
        assert first["outlet"] == "The Example Times (London)"
        assert first["published"] == pd.Timestamp("2024-11-18", tz="UTC")
        assert (first["byline"], first["section"], first["length"]) == (
            "Jane Doe in Moscow", "NEWS; Pg. 3", "55 words")
        assert first["edition"] == "Edition 1; National Edition"
        assert first["dateline"] == "MOSCOW"
        assert first["source"] == f"{export}:document 1"

    def test_only_the_body_enters_text(self, export):
        text = _load(export)["text"].iloc[0]
        assert text == _one_line(SLUTSKY) + "\n\n" + _one_line(ZELENSKYY)
        for furniture in ("Download Request", "BYLINE", "LOAD-DATE", "LANGUAGE", "GRAPHIC",
                          "PUBLICATION-TYPE", "Copyright", "All Rights Reserved", "DOCUMENTS"):
            assert furniture not in text

    def test_a_date_line_with_a_time_and_zone_is_read_in_utc(self, export):
        assert _load(export)["published"].iloc[1] == pd.Timestamp("2024-11-18 18:30", tz="UTC")

    def test_a_missing_field_leaves_its_column_empty(self, export):
        second = _load(export).iloc[1]
        assert (second["byline"], second["section"]) == ("", "")
        assert second["text"] == _one_line(WHITE_HOUSE)

    def test_a_document_with_no_body_is_reported_by_number_and_headline(self, export):
        df = _load(export)
        assert df["title"].tolist() == ["Russia warns of serious escalation over long-range missiles",
                                        "White House condemns troop deployment",
                                        "North Korean troops in Kursk"]
        (entry,) = _skipped(df, "no body")
        assert entry["source"] == f"{export}:document 3"
        assert "document 3 of 4" in entry["message"] and "'Correction'" in entry["message"]

    def test_counts_in_and_out_per_file(self, export):
        summary = load_summary(_load(export)).set_index("file").loc[str(export)]
        assert (summary["articles_in"], summary["loaded"], summary["not_loaded"]) == (4, 3, 1)
        assert summary["problems"] == {"no body": 1}

    def test_a_truncated_file_loads_what_it_holds_and_says_what_is_missing(self, tmp_path):
        cut = CLASSIC[: CLASSIC.index("White House condemns troop deployment") + 200]
        path = tmp_path / "cut.txt"
        path.write_text(cut, encoding="utf-8")
        df = _load(path)
        assert len(df) == 2
        second = df.iloc[1]
        assert any("ends inside this document" in w and "document 2 of 4" in w for w in second["warnings"])
        missing = _skipped(df, "missing document")
        assert [m["source"] for m in missing] == [f"{path}:document 3", f"{path}:document 4"]
        assert "announced by the export but not in the file" in missing[0]["message"]

    def test_the_export_in_a_word_file_reads_the_same(self, tmp_path):
        path = tmp_path / "export.docx"
        path.write_bytes(_docx(CLASSIC.replace("\r\n", "\n").lstrip("\ufeff").split("\n")))
        word = _load(path)
        text = _load_text(tmp_path, CLASSIC)
        assert word[["title", "outlet", "published", "byline", "section", "edition", "text"]].equals(
            text[["title", "outlet", "published", "byline", "section", "edition", "text"]])

    def test_an_export_in_cp1252_is_decoded_with_a_warning(self, tmp_path):
        path = tmp_path / "legacy.TXT"
        path.write_bytes(CLASSIC.lstrip("\ufeff").encode("cp1252"))
        first = _load(path).iloc[0]
        assert first["text"].startswith("“Strikes with U.S. missiles")
        assert any("decoded as cp1252" in w for w in first["warnings"])

    def test_the_reader_is_chosen_by_content_not_by_the_extension(self, tmp_path):
        (tmp_path / "export.md").write_text(CLASSIC, encoding="utf-8")
        (tmp_path / "export-rtf.txt").write_text(_rtf(CLASSIC.split("\r\n")), encoding="utf-8")
        df = _load(tmp_path)
        assert df["source"].tolist() == [f"{tmp_path / 'export-rtf.txt'}:document {n}" for n in (1, 2, 4)]
        assert [d["source"] for d in _skipped(df, "duplicate")] == [
            f"{tmp_path / 'export.md'}:document {n}" for n in (1, 2, 4)], "the same articles, loaded once"


def _load_text(tmp_path, content):
    path = tmp_path / "plain.txt"
    path.write_text(content, encoding="utf-8")
    return _load(path)


# --------------------------------------------------------------------------- Nexis Uni


class TestNexisUni:
    @pytest.fixture(params=["docx", "rtf"])
    def export(self, request, tmp_path):
        path = tmp_path / f"uni.{request.param.upper()}"
        if request.param == "docx":
            path.write_bytes(_docx(UNI))
        else:
            path.write_text(_rtf(UNI), encoding="ascii")
        return path

    def test_each_document_becomes_a_row_with_its_fields(self, export):
        df = _load(export)
        first = df.iloc[0]
        assert (first["title"], first["outlet"]) == ("Russia warns of serious escalation",
                                                     "The Example Times (London)")
        assert first["published"] == pd.Timestamp("2024-11-18 11:30", tz="UTC")  # 6:30 AM EST
        assert (first["byline"], first["section"], first["length"]) == ("Jane Doe", "WORLD", "55 words")
        assert first["dateline"] == "MOSCOW"
        assert first["dek"] == "The Duma's foreign affairs chief warns Washington."
        assert first["tags"] == ["MISSILES", "ARMED FORCES"]

    def test_only_the_body_enters_text(self, export):
        text = _load(export)["text"].iloc[0]
        assert text == _one_line(SLUTSKY) + "\n\n" + _one_line(ZELENSKYY)
        for furniture in ("Job Number", "Client/Matter", "Copyright", "Section", "Classification",
                          "Load-Date", "Subject", "End of Document"):
            assert furniture not in text

    def test_a_missing_date_line_is_nat_with_a_warning_naming_the_document(self, export):
        second = _load(export).iloc[1]
        assert second["title"] == "Zelenskyy: rockets will speak" and pd.isna(second["published"])
        assert any("document 2 of 3" in w and "no date line" in w for w in second["warnings"])

    def test_a_document_with_no_body_is_reported(self, export):
        df = _load(export)
        assert len(df) == 2
        (entry,) = _skipped(df, "no body")
        assert entry["source"] == f"{export}:document 3" and "'Correction'" in entry["message"]

    def test_a_truncated_rtf_loads_what_it_holds_and_names_the_missing_documents(self, tmp_path):
        rtf = _rtf(UNI)
        path = tmp_path / "cut.rtf"
        path.write_text(rtf[: rtf.index("dangerous expansion")], encoding="ascii")  # in document 2
        df = _load(path)
        assert df["title"].tolist() == ["Russia warns of serious escalation", "Zelenskyy: rockets will speak"]
        assert any("ends inside this document" in w for w in df["warnings"].iloc[1])
        assert [m["source"] for m in _skipped(df, "missing document")] == [f"{path}:document 3"]

    def test_a_truncated_word_file_is_reported_and_the_rest_of_the_folder_loads(self, tmp_path):
        data = _docx(UNI)
        (tmp_path / "cut.docx").write_bytes(data[: len(data) // 2])
        (tmp_path / "other.txt").write_text(_one_line(KURSK), encoding="utf-8")
        df = _load(tmp_path)
        assert df["text"].tolist() == [_one_line(KURSK)]
        (entry,) = _skipped(df, "unreadable export")
        assert "cut.docx" in entry["message"] and "not a readable Word file" in entry["message"]


class TestSharedNexisSamples:
    """The mock exports of LexisNexisTools (../shared/formats/nexis): real layout, lorem ipsum."""

    @pytest.fixture()
    def formats(self, shared_dir):
        folder = shared_dir / "formats" / "nexis"
        if not folder.is_dir():
            pytest.skip(f"{folder} is absent")
        return folder

    def test_classic_txt_sample_gives_its_ten_documents(self, formats):
        df = _load(formats / "sample.TXT")
        assert len(df) == 10 and df.attrs["skipped"] == []
        assert df["outlet"].tolist()[:3] == ["Guardian.com", "Guardian", "The Sun (England)"]
        assert df["section"].iloc[2] == "FEATURES; Pg. 6" and df["edition"].iloc[2] == "Edition 1; Scotland"
        # document 5's headline runs over three lines; document 10 has no BYLINE
        assert df["title"].iloc[4] == ("Lorem ipsum dolor sit amet, consectetur adipiscing elit. "
                                       "Etiam lacinia elementum sapien?; eget aliquet ex finibus ut.")
        assert df["byline"].iloc[9] == "" and df["length"].iloc[9] == "2,968 words"
        assert not df["text"].str.contains("LOAD-DATE|Copyright|BYLINE|DOCUMENTS").any()

    def test_nexis_uni_docx_sample_gives_its_ten_documents(self, formats):
        df = _load(formats / "sample.DOCX")
        assert len(df) == 10
        assert set(df["outlet"]) == {"The Guardian(London)"}
        assert df["published"].iloc[0] == pd.Timestamp("2019-07-01 09:20", tz="UTC")
        assert df["byline"].iloc[0] == "Mattha Busby (now), Andrew Sparrow (earlier)"
        assert df["section"].tolist()[:2] == ["POLITICS", "POLITICS"]
        assert not df["text"].str.contains("Client/Matter|Load-Date|End of Document|Copyright").any()

    def test_a_word_file_in_neither_layout_is_one_article_with_a_warning(self, formats):
        row = _load(formats / "nexis-uni-test.DOCX").iloc[0]
        assert row["text"] == "LexisNexis Uni Test"
        assert any("not in a Nexis export layout" in w for w in row["warnings"])
