"""load_articles on the inputs a messy corpus brings (issue 19): one bad file, line or value
never stops the load or silently empties it; odd encodings are decoded, not rejected.

Each test puts one bad input beside a good article and checks that the good one loads and
the bad one is either loaded right or reported in ``df.attrs["skipped"]`` (or in the
article's ``warnings``) with a message naming the file and line.
"""

from __future__ import annotations

import bz2
import gzip
import json
import os
import pathlib
import warnings
from pathlib import Path

import pandas as pd
import pytest
from test_loading import SLUTSKY, ZELENSKYY

from newsanalysis import load_articles
from newsanalysis.load.articles import LoadWarning

KURSK = ("The U.S. and South Korea said last week that North Korean troops had been fighting against "
         "Ukrainian forces in Russia’s Kursk region.")


def _load(*args, **kwargs) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LoadWarning)
        return load_articles(*args, **kwargs)


def _skipped(df: pd.DataFrame, problem: str | None = None) -> list[dict]:
    return [s for s in df.attrs["skipped"] if problem is None or s["problem"] == problem]


def _row(df: pd.DataFrame, name: str) -> pd.Series:
    """The article whose source names ``name``."""
    (i,) = [i for i, s in enumerate(df["source"]) if name in s]
    return df.iloc[i]


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    """A folder with one good article in it."""
    (tmp_path / "good.txt").write_text(f"---\npublished: 2024-11-18\n---\n{KURSK}\n", encoding="utf-8")
    return tmp_path


# --------------------------------------------------------------------------- one bad file


class TestOneBadFileNeverStopsTheLoad:
    def test_tags_given_as_a_number_in_front_matter_become_one_tag(self, folder):
        (folder / "a.md").write_text(f"---\ntitle: Slutsky warns\ntags: 2024\n---\n{SLUTSKY}\n", encoding="utf-8")
        df = _load(folder)
        assert _row(df, "a.md")["tags"] == ["2024"]
        assert len(df) == 2

    def test_an_integer_categories_column_becomes_tags(self, folder):
        pd.DataFrame({"text": [SLUTSKY], "categories": [5]}).to_parquet(folder / "a.parquet")
        assert _row(_load(folder), "a.parquet")["tags"] == ["5"]

    def test_a_file_name_that_is_not_utf8_loads_and_is_named_with_its_byte_escaped(self, folder):
        latin1 = Path(os.fsdecode(os.fsencode(folder) + b"/caf\xe9.txt"))  # 'café' written by a latin-1 system
        latin1.write_text(SLUTSKY, encoding="utf-8")
        df = _load(folder)
        assert len(df) == 2
        row = _row(df, "caf")
        assert row["source"].endswith("caf\\xe9.txt")
        assert row["source"].encode("utf-8")  # a name every later step can write
        assert row["text"] == SLUTSKY

    def test_a_lone_surrogate_in_a_jsonl_string_is_replaced_with_a_warning(self, folder):
        # "\ud83d" is half of an emoji's surrogate pair: json.loads accepts it, UTF-8 cannot hold it
        (folder / "a.jsonl").write_text('{"title": "Slutsky \\ud83d", "text": "' + SLUTSKY + ' \\ud83d"}\n',
                                        encoding="utf-8")
        row = _row(_load(folder), "a.jsonl")
        assert row["text"] == SLUTSKY + " \ufffd"
        assert row["title"] == "Slutsky \ufffd"
        assert any("surrogate" in w and "a.jsonl:1" in w for w in row["warnings"])

    def test_an_unreadable_file_is_skipped_naming_it_and_the_rest_loads(self, folder, monkeypatch):
        (folder / "locked.txt").write_text(SLUTSKY, encoding="utf-8")
        # root reads any file whatever its mode: the refusal is what a user without the right gets
        read_bytes = pathlib.Path.read_bytes

        def refuse(self):
            if self.name == "locked.txt":
                raise PermissionError(13, "Permission denied", str(self))
            return read_bytes(self)

        monkeypatch.setattr(pathlib.Path, "read_bytes", refuse)
        df = _load(folder)
        assert df["text"].tolist() == [KURSK]
        (entry,) = _skipped(df, "unreadable file")
        assert entry["source"] == str(folder / "locked.txt") and "Permission denied" in entry["message"]

    def test_a_folder_tree_1100_levels_deep_is_read_to_the_bottom(self, folder):
        deep = folder / "tree"
        levels = [deep]
        for _ in range(1100):
            levels.append(levels[-1] / "d")
        for level in levels:
            level.mkdir()
        (levels[-1] / "bottom.txt").write_text(SLUTSKY, encoding="utf-8")
        try:
            df = _load(folder)
            assert _row(df, "bottom.txt")["text"] == SLUTSKY and len(df) == 2
        finally:  # shutil.rmtree recurses too: take the tree down level by level
            (levels[-1] / "bottom.txt").unlink()
            for level in reversed(levels):
                level.rmdir()

    def test_a_jsonl_line_nested_100000_deep_is_skipped_naming_its_line(self, folder):
        lines = [json.dumps({"text": SLUTSKY}), "[" * 100_000, json.dumps({"text": ZELENSKYY})]
        (folder / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        df = _load(folder)
        assert set(df["text"]) == {KURSK, SLUTSKY, ZELENSKYY}
        (entry,) = _skipped(df, "broken JSON line")
        assert entry["source"] == f"{folder / 'a.jsonl'}:2" and "RecursionError" in entry["message"]

    def test_front_matter_nested_too_deep_is_kept_as_text_with_a_warning(self, folder):
        (folder / "a.md").write_text("---\ntags: " + "[" * 5000 + "\n---\n" + SLUTSKY + "\n", encoding="utf-8")
        df = _load(folder)
        assert len(df) == 2
        assert any("front matter could not be read" in w for w in _row(df, "a.md")["warnings"])

    def test_an_error_inside_one_record_is_a_skip_naming_it_and_the_rest_loads(self, folder, monkeypatch):
        from newsanalysis.load import articles

        clean = articles.clean_text

        def fails_on_kursk(raw, **kw):
            if "Kursk" in raw:
                raise IndexError("list index out of range")
            return clean(raw, **kw)

        monkeypatch.setattr(articles, "clean_text", fails_on_kursk)
        (folder / "a.jsonl").write_text("\n".join(json.dumps({"text": t}) for t in (SLUTSKY, ZELENSKYY)) + "\n",
                                        encoding="utf-8")
        df = _load(folder)
        assert df["text"].tolist() == [SLUTSKY, ZELENSKYY]
        (entry,) = _skipped(df, "error")
        assert entry["source"] == str(folder / "good.txt")
        assert "IndexError: list index out of range" in entry["message"]


# --------------------------------------------------------------------------- silent losses


class TestNothingIsLostSilently:
    def test_front_matter_with_crlf_line_endings_is_read(self, folder):
        (folder / "a.md").write_bytes(("---\r\ntitle: Slutsky warns of escalation\r\noutlet: Example Wire\r\n"
                                       f"published: 2024-03-01\r\n---\r\n{SLUTSKY}\r\n").encode())
        row = _row(_load(folder), "a.md")
        assert (row["title"], row["outlet"]) == ("Slutsky warns of escalation", "Example Wire")
        assert row["published"] == pd.Timestamp("2024-03-01", tz="UTC")
        assert row["text"] == SLUTSKY

    @pytest.mark.parametrize("value", [1709251200, "1709251200", 1709251200000, 1709251200.0])
    def test_a_numeric_date_is_seconds_or_milliseconds_since_1970(self, value):
        df = _load(pd.DataFrame({"text": [SLUTSKY], "published": [value]}))
        assert df["published"].iloc[0] == pd.Timestamp("2024-03-01", tz="UTC")

    def test_a_numeric_date_in_front_matter_is_seconds_since_1970(self, folder):
        (folder / "a.md").write_text(f"---\npublished: 1709251200\n---\n{SLUTSKY}\n", encoding="utf-8")
        assert _row(_load(folder), "a.md")["published"] == pd.Timestamp("2024-03-01", tz="UTC")

    def test_every_file_in_a_folder_is_read_or_reported(self, folder):
        pd.DataFrame({"title": ["Slutsky"], "text": [SLUTSKY]}).to_csv(folder / "a.tsv", sep="\t", index=False)
        (folder / "b.jsonl.gz").write_bytes(gzip.compress(json.dumps({"text": ZELENSKYY}).encode()))
        (folder / "c.json").write_text(json.dumps([{"text": SLUTSKY.replace("Leonid", "L.")}]), encoding="utf-8")
        (folder / "d.csv.bz2").write_bytes(bz2.compress(f"text\n{ZELENSKYY.replace('Sunday', 'Monday')}\n".encode()))
        (folder / "notes.xml").write_text("<notes/>", encoding="utf-8")
        (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(64))
        (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
        df = _load(folder)
        assert {Path(s.split(":")[0]).name for s in df["source"]} == {
            "good.txt", "a.tsv", "b.jsonl.gz", "c.json", "d.csv.bz2"}
        reported = {Path(s["source"]).name: s["problem"] for s in _skipped(df)}
        assert reported == {"notes.xml": "unsupported file type", "photo.jpg": "unsupported file type",
                            ".DS_Store": "hidden file"}

    def test_text_stored_as_bytes_is_decoded(self):
        df = _load(pd.DataFrame({"text": [SLUTSKY.encode("utf-8")], "title": [b"Slutsky"]}))
        assert (df["text"].iloc[0], df["title"].iloc[0]) == (SLUTSKY, "Slutsky")

    @pytest.mark.parametrize("value, kind", [(123, "an int"), ([SLUTSKY], "a list"), ({"body": SLUTSKY}, "a dict"),
                                             (True, "a bool"), (17.5, "a float")])
    def test_a_text_that_is_not_a_string_is_reported_not_loaded(self, folder, value, kind):
        (folder / "a.jsonl").write_text(json.dumps({"text": value}) + "\n" + json.dumps({"text": SLUTSKY}) + "\n",
                                        encoding="utf-8")
        df = _load(folder)
        assert set(df["text"]) == {KURSK, SLUTSKY}
        (entry,) = _skipped(df, "text not a string")
        assert entry["source"] == f"{folder / 'a.jsonl'}:1" and f"its text is {kind}" in entry["message"]

    def test_two_text_columns_with_different_values_are_reported(self, tmp_path):
        (tmp_path / "a.csv").write_text(f'text,text\n"{SLUTSKY}","{ZELENSKYY}"\n', encoding="utf-8")
        row = _load(tmp_path / "a.csv").iloc[0]
        assert row["text"] == SLUTSKY
        assert any("two columns" in w and "'text'" in w for w in row["warnings"])

    def test_two_text_keys_in_a_json_line_are_reported_and_the_first_is_kept(self, tmp_path):
        (tmp_path / "a.jsonl").write_text(f'{{"text": "{SLUTSKY}", "text": "{ZELENSKYY}"}}\n', encoding="utf-8")
        row = _load(tmp_path / "a.jsonl").iloc[0]
        assert row["text"] == SLUTSKY
        assert any("'text'" in w and "twice" in w for w in row["warnings"])

    def test_text_and_Text_columns_of_a_dataframe_are_reported(self):
        row = _load(pd.DataFrame({"text": [SLUTSKY], "Text": [ZELENSKYY]})).iloc[0]
        assert row["text"] == SLUTSKY
        assert any("two columns" in w and "'Text'" in w for w in row["warnings"])

    @pytest.mark.parametrize("separator, newline", [("\u2028", "\n"), ("\u2029", "\n"), ("\x85", "\n"),
                                                    ("\u2028", "\r\n")])
    def test_a_jsonl_line_holding_a_unicode_line_separator_is_one_line(self, tmp_path, separator, newline):
        # json.dumps leaves U+2028, U+2029 and U+0085 unescaped; str.splitlines() splits at them
        lines = [json.dumps({"text": SLUTSKY + separator + "He said more."}, ensure_ascii=False),
                 json.dumps({"text": ZELENSKYY}), "{broken"]
        (tmp_path / "a.jsonl").write_bytes((newline.join(lines) + newline).encode("utf-8"))
        df = _load(tmp_path / "a.jsonl")
        assert len(df) == 2 and "He said more." in df["text"].iloc[0]
        (entry,) = _skipped(df)
        assert entry["source"] == f"{tmp_path / 'a.jsonl'}:3"


# --------------------------------------------------------------------------- encodings


class TestEncodings:
    def test_one_stray_byte_is_replaced_and_the_rest_stays_utf8(self, tmp_path):
        text = f"{SLUTSKY} {KURSK} It was the “largest” attack."
        data = text.encode("utf-8")
        at = data.index(b" It was")
        (tmp_path / "a.txt").write_bytes(data[:at] + b"\xe9" + data[at:])
        row = _load(tmp_path / "a.txt").iloc[0]
        assert row["text"] == f"{SLUTSKY} {KURSK}\ufffd It was the “largest” attack."
        assert any(f"byte {at}" in w and "0xe9" in w.lower() for w in row["warnings"])

    def test_a_whole_file_in_cp1252_is_still_read_as_cp1252(self, tmp_path):
        (tmp_path / "a.txt").write_bytes(SLUTSKY.encode("cp1252"))
        row = _load(tmp_path / "a.txt").iloc[0]
        assert row["text"] == SLUTSKY and any("cp1252" in w for w in row["warnings"])

    def test_a_file_level_warning_is_listed_once(self, tmp_path):
        (tmp_path / "a.txt").write_bytes(SLUTSKY.encode("cp1252"))
        row = _load(tmp_path / "a.txt").iloc[0]
        assert sum("cp1252" in w for w in row["warnings"]) == 1

    @pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
    def test_a_utf16_or_utf32_file_is_decoded(self, tmp_path, encoding):
        bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(encoding, b"")
        (tmp_path / "a.txt").write_bytes(bom + f"---\ntitle: Slutsky\n---\n{SLUTSKY}\n".encode(encoding))
        row = _load(tmp_path / "a.txt").iloc[0]
        assert (row["title"], row["text"]) == ("Slutsky", SLUTSKY)

    def test_a_utf16_file_without_a_byte_order_mark_is_decoded_with_a_warning(self, tmp_path):
        (tmp_path / "a.txt").write_bytes(SLUTSKY.encode("utf-16-le"))
        row = _load(tmp_path / "a.txt").iloc[0]
        assert row["text"] == SLUTSKY and any("UTF-16" in w for w in row["warnings"])

    def test_a_utf16_csv_is_read(self, tmp_path):
        (tmp_path / "a.csv").write_bytes(f'title,text\nSlutsky,"{SLUTSKY}"\n'.encode("utf-16"))
        assert _load(tmp_path / "a.csv")["text"].tolist() == [SLUTSKY]

    def test_a_nul_in_a_text_file_is_removed_with_a_warning(self, tmp_path):
        (tmp_path / "a.txt").write_bytes(SLUTSKY.encode() + b"\x00\x00 " + KURSK.encode())
        row = _load(tmp_path / "a.txt").iloc[0]
        assert row["text"] == f"{SLUTSKY} {KURSK}"
        assert any("NUL" in w for w in row["warnings"])

    def test_a_text_padded_with_nuls_is_read_with_a_warning(self, tmp_path):
        # a download cut off mid-way leaves the file at its announced size, filled with NULs
        (tmp_path / "a.txt").write_bytes(SLUTSKY.encode() + bytes(4096))
        row = _load(tmp_path / "a.txt").iloc[0]
        assert row["text"] == SLUTSKY and any("4096 NUL characters" in w for w in row["warnings"])

    @pytest.mark.parametrize("data, what", [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF"),
        (bytes(range(32)) * 40, "binary"),
    ])
    def test_binary_files_are_still_reported(self, tmp_path, data, what):
        (tmp_path / "a.txt").write_bytes(data)
        (entry,) = _skipped(_load(tmp_path))
        assert entry["problem"] == "binary file" and what in entry["message"]


# --------------------------------------------------------------------------- odd files


class TestOddFilesAreReadOrReported:
    def test_a_pipe_a_broken_link_and_a_link_to_a_folder_are_reported_not_waited_on(self, folder, tmp_path_factory):
        os.mkfifo(folder / "pipe.txt")  # reading it would wait for a writer forever
        (folder / "broken.txt").symlink_to(folder / "nowhere.txt")
        elsewhere = tmp_path_factory.mktemp("elsewhere")
        (elsewhere / "a.txt").write_text(SLUTSKY, encoding="utf-8")
        (folder / "linked").symlink_to(elsewhere)
        df = _load(folder)
        assert df["text"].tolist() == [KURSK]
        reported = {Path(s["source"]).name: s["problem"] for s in _skipped(df)}
        assert reported == {"pipe.txt": "not a regular file", "broken.txt": "not a regular file",
                            "linked": "link to a folder"}

    def test_a_hidden_folder_is_reported_once_and_not_read(self, folder):
        (folder / ".git" / "objects").mkdir(parents=True)
        (folder / ".git" / "objects" / "a.txt").write_text(SLUTSKY, encoding="utf-8")
        df = _load(folder)
        assert df["text"].tolist() == [KURSK]
        assert [(Path(s["source"]).name, s["problem"]) for s in _skipped(df)] == [(".git", "hidden folder")]

    def test_a_page_with_only_navigation_and_a_cookie_notice_is_reported(self, folder):
        (folder / "a.html").write_text(
            '<html><head><title>Example News</title></head><body><nav><a href="/">Home</a> | '
            '<a href="/world">World</a> | <a href="/sport">Sport</a></nav><div class="cookie">We use cookies '
            "to improve your experience.</div><footer>Copyright 2024 Example News.</footer></body></html>",
            encoding="utf-8")
        df = _load(folder)
        assert df["text"].tolist() == [KURSK]
        (entry,) = _skipped(df, "no main text")
        assert entry["source"] == str(folder / "a.html")

    def test_front_matter_with_an_alias_is_kept_as_text_with_a_warning(self, folder):
        # nine levels of nine aliases would be a value of 9**10 items ("billion laughs")
        (folder / "a.md").write_text(f"---\nx: &x [a, b]\ntags: *x\n---\n{SLUTSKY}\n", encoding="utf-8")
        row = _row(_load(folder), "a.md")
        assert row["tags"] == [] and SLUTSKY in row["text"]
        assert any("alias" in w for w in row["warnings"])

    def test_a_gz_file_that_is_not_gzip_is_reported(self, folder):
        (folder / "a.jsonl.gz").write_bytes(b"not gzip at all")
        df = _load(folder)
        assert [(s["source"], s["problem"]) for s in _skipped(df)] == [
            (str(folder / "a.jsonl.gz"), "damaged compressed file")]

    def test_a_plain_text_named_docx_is_read_as_one_article_with_a_warning(self, folder):
        (folder / "notes.docx").write_text(SLUTSKY, encoding="utf-8")
        row = _row(_load(folder), "notes.docx")
        assert row["text"] == SLUTSKY and any("read as one article" in w for w in row["warnings"])
