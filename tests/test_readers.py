"""Media Cloud and NewsAPI exports, plain JSON lists, and web archives (WARC).

Fixtures are written here in each service's field names (and a crawl with warcio), with
texts from the seed articles: a row with a url but no text, NewsAPI's cut content, a page
that is not an article, a truncated archive must each give a message naming the file and
the row or record, and load the rest.
"""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from export_fixtures import KURSK, SLUTSKY, WHITE_HOUSE, ZELENSKYY
from export_fixtures import load_quietly as _load
from export_fixtures import one_line as _one_line
from export_fixtures import skipped as _skipped

from newsanalysis.load.summary import load_summary

# --------------------------------------------------------------------------- Media Cloud, NewsAPI


class TestMediaCloudAndNewsAPI:
    def test_a_media_cloud_csv_without_text_reports_every_url(self, tmp_path):
        path = tmp_path / "mc.csv"
        pd.DataFrame({
            "id": ["a1", "b2"], "indexed_date": ["2024-11-18 10:00:00", "2024-11-18 11:00:00"],
            "language": ["en", "en"], "media_name": ["example.com", "example.org"],
            "media_url": ["example.com", "example.org"], "publish_date": ["2024-11-17", "2024-11-18"],
            "title": ["Biden lets Ukraine strike Russia", "Kremlin warns"],
            "url": ["https://example.com/a", "https://example.org/b"]}).to_csv(path, index=False)
        df = _load(path)
        assert df.empty
        entries = _skipped(df, "url only")
        assert [e["source"] for e in entries] == [f"{path}:row 0", f"{path}:row 1"]
        assert "https://example.com/a" in entries[0]["message"] and "Media Cloud" in entries[0]["message"]

    def test_a_media_cloud_csv_without_text_counts_its_rows_in_and_none_out(self, tmp_path):
        path = tmp_path / "mc.csv"
        pd.DataFrame({"stories_id": [1, 2], "media_name": ["example.com"] * 2, "publish_date": ["2024-11-18"] * 2,
                      "title": ["a", "b"], "url": ["https://example.com/a", "https://example.com/b"]}).to_csv(
            path, index=False)
        summary = load_summary(_load(path)).iloc[0]
        assert (summary["articles_in"], summary["loaded"], summary["not_loaded"]) == (2, 0, 2)
        assert summary["problems"] == {"url only": 2}

    def test_media_cloud_json_lines_load_and_a_broken_line_is_named(self, tmp_path):
        path = tmp_path / "mc.jsonl"
        good = {"stories_id": 7, "media_name": "Example Times", "publish_date": "2024-11-18",
                "title": "Kursk", "url": "https://example.com/k", "text": _one_line(KURSK)}
        path.write_text(json.dumps(good) + "\n{broken\n", encoding="utf-8")
        df = _load(path)
        assert df["outlet"].tolist() == ["Example Times"] and df["source"].tolist() == [f"{path}:1"]
        (entry,) = _skipped(df, "broken JSON line")
        assert entry["source"] == f"{path}:2" and "line 2" in entry["message"]

    def test_media_cloud_stories_with_text_load_with_outlet_and_date(self, tmp_path):
        path = tmp_path / "stories.json"
        path.write_text(json.dumps([
            {"stories_id": 1, "media_name": "Example Times", "media_url": "example.com",
             "publish_date": "2024-11-18 09:30:00", "title": "Kremlin warns", "url": "https://example.com/a",
             "text": _one_line(SLUTSKY)},
            {"stories_id": 2, "media_name": "Example Times", "media_url": "example.com",
             "publish_date": "2024-11-18", "title": "Empty", "url": "https://example.com/b", "text": ""}]),
            encoding="utf-8")
        df = _load(path)
        row = df.iloc[0]
        assert (row["outlet"], row["title"], row["url"]) == ("Example Times", "Kremlin warns", "https://example.com/a")
        assert row["published"] == pd.Timestamp("2024-11-18 09:30", tz="UTC")
        assert [e["source"] for e in _skipped(df, "url only")] == [f"{path}:record 2"]

    def test_a_newsapi_response_loads_the_cut_text_with_a_warning(self, tmp_path):
        path = tmp_path / "newsapi.json"
        path.write_text(json.dumps({"status": "ok", "totalResults": 2, "articles": [
            {"source": {"id": None, "name": "Example Wire"}, "author": "Jane Doe",
             "title": "Kremlin warns of escalation", "description": "Moscow reacts to the missile decision.",
             "url": "https://example.net/kremlin", "urlToImage": None, "publishedAt": "2024-11-18T07:15:00Z",
             "content": "Leonid Slutsky said strikes deep into Russian regions will entail a serious "
                        "escalation, which threatens to lead to much more… [+2345 chars]"},
            {"source": {"id": None, "name": "Example Wire"}, "author": None, "title": "Video: the summit",
             "description": None, "url": "https://example.net/video", "urlToImage": None,
             "publishedAt": "2024-11-18T08:00:00Z", "content": None}]}), encoding="utf-8")
        df = _load(path)
        row = df.iloc[0]
        assert row["text"] == ("Leonid Slutsky said strikes deep into Russian regions will entail a serious "
                               "escalation, which threatens to lead to much more")
        assert (row["outlet"], row["byline"], row["dek"]) == ("Example Wire", "Jane Doe",
                                                              "Moscow reacts to the missile decision.")
        assert row["published"] == pd.Timestamp("2024-11-18 07:15", tz="UTC")
        assert any("2345 more characters" in w and "https://example.net/kremlin" in w for w in row["warnings"])
        (entry,) = _skipped(df, "url only")
        assert "https://example.net/video" in entry["message"]

    def test_a_plain_csv_is_still_read_by_the_usual_column_names(self, tmp_path):
        pd.DataFrame({"title": ["Kursk"], "text": [_one_line(KURSK)], "url": ["https://example.com/k"]}).to_csv(
            tmp_path / "plain.csv", index=False)
        row = _load(tmp_path / "plain.csv").iloc[0]
        assert (row["text"], row["outlet"]) == (_one_line(KURSK), "example.com")

    def test_a_plain_json_list_of_articles_is_read(self, tmp_path):
        (tmp_path / "a.json").write_text(json.dumps([{"headline": "Kursk", "body": _one_line(KURSK)}]),
                                         encoding="utf-8")
        assert _load(tmp_path / "a.json")["title"].tolist() == ["Kursk"]


# --------------------------------------------------------------------------- WARC


def _page(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><head><title>{title}</title><meta charset='utf-8'></head><body>"
            f"<nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}</article>"
            "<footer>Subscribe to our newsletter</footer></body></html>").encode()


def _warc(responses: list[tuple[str, str, str, bytes]]) -> bytes:
    """A gzipped WARC of ``(url, status line, content type, body)`` responses."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for url, status, ctype, body in responses:
        http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                      http_headers=http))
    return buf.getvalue()


class TestWarc:
    @pytest.fixture()
    def crawl(self, tmp_path):
        path = tmp_path / "crawl.warc.gz"
        path.write_bytes(_warc([
            ("https://news.example.com/kremlin", "200 OK", "text/html; charset=utf-8",
             _page("Kremlin warns of escalation", [_one_line(SLUTSKY), _one_line(ZELENSKYY),
                                                   _one_line(WHITE_HOUSE)])),
            ("https://news.example.com/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n"),
            ("https://news.example.com/gone", "404 Not Found", "text/html", b"<html>Not found</html>"),
            ("https://news.example.com/empty", "200 OK", "text/html", b"<html><body></body></html>"),
        ]))
        return path

    def test_each_html_page_becomes_an_article_with_its_url(self, crawl):
        df = _load(crawl)
        (row,) = df.itertuples()
        assert row.title == "Kremlin warns of escalation"
        assert row.url == "https://news.example.com/kremlin"
        assert "Leonid Slutsky" in row.text and "Subscribe" not in row.text
        assert row.source == f"{crawl}:record 1"

    def test_the_crawl_date_stands_in_for_a_page_without_one(self, crawl):
        row = _load(crawl).iloc[0]
        assert pd.notna(row["published"])
        assert any("the crawl date is used" in w for w in row["warnings"])

    def test_what_is_not_an_article_is_reported(self, crawl):
        df = _load(crawl)
        problems = {s["problem"]: s for s in df.attrs["skipped"]}
        assert "news.example.com/gone" in problems["HTTP 404"]["message"]
        assert "news.example.com/empty" in problems["no main text"]["message"]
        assert "image/png 1" in problems["not a page"]["message"]

    def test_a_truncated_archive_keeps_the_pages_before_the_cut(self, tmp_path):
        pages = [(f"https://news.example.com/{i}", "200 OK", "text/html",
                  _page(f"Report {i}", [_one_line(SLUTSKY), _one_line(KURSK), f"Report number {i}."]))
                 for i in range(3)]
        data = _warc(pages)
        path = tmp_path / "cut.warc.gz"
        for cut in (0.8, 0.95):  # in the third record's header, in its page
            path.write_bytes(data[: int(len(data) * cut)])
            df = _load(path)
            assert df["title"].tolist() == ["Report 0", "Report 1"]
            (entry,) = _skipped(df, "damaged archive")
            assert "cut.warc.gz" in entry["message"] and "may be truncated" in entry["message"]
