"""Part of ``benchmarks/loader_robustness.py``: the cases, each a folder to write and a check.

A case's ``build(folder)`` writes its files (most beside ``good.txt``, one good article) and
returns what to load (None: the folder; a DataFrame is loaded as one). ``check(df)`` returns
None when every input article was loaded right or reported, else what was lost or wrong.
A scaling case's ``build(folder, size)`` writes a hostile text of about ``size`` bytes.
"""

from __future__ import annotations

import bz2
import gzip
import json
import os
import pathlib
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

SLUTSKY = ("“Strikes with U.S. missiles deep into Russian regions will inevitably entail a serious escalation, "
           "which threatens to lead to much more serious consequences,” said Leonid Slutsky, chairman of the "
           "State Duma lower house’s foreign affairs committee.")
KURSK = ("The U.S. and South Korea said last week that North Korean troops had been fighting against "
         "Ukrainian forces in Russia’s Kursk region.")
XI = "Xi said China would not sit idly by while its interests are endangered by the escalation."


@dataclass
class Case:
    name: str
    build: Callable
    check: Callable | None = None


# --------------------------------------------------------------------------- checks


def _texts(df) -> str:
    return "\n".join(df["text"]) if len(df) else ""


def loaded(*parts: str, n: int | None = None, warn: str = "") -> Callable:
    """Every part in some article's text (and the good article), ``n`` articles, a warning."""
    def check(df):
        missing = [p for p in (KURSK, *parts) if p not in _texts(df)]
        if missing:
            return f"not loaded: {missing[0][:50]!r}; loaded {len(df)}, skipped {_problems(df)}"
        if n is not None and len(df) != n:
            return f"{len(df)} articles, expected {n}; skipped {_problems(df)}"
        if warn and not any(warn in w for ws in df["warnings"] for w in ws):
            return f"no warning saying {warn!r}"
        return None
    return check


def reported(name: str, *, n: int = 1) -> Callable:
    """The good article loaded and ``name`` in a skipped entry."""
    def check(df):
        if KURSK not in _texts(df):
            return f"the good article was not loaded (loaded {len(df)}, skipped {_problems(df)})"
        if not any(name in s["source"] or name in s["message"] for s in df.attrs.get("skipped", [])):
            return f"{name} neither loaded nor reported (skipped: {_problems(df)})"
        return None
    return check


def loaded_or_reported(part: str, name: str) -> Callable:
    def check(df):
        return None if part in _texts(df) else reported(name)(df)
    return check


def value(column: str, expected, where: str = "") -> Callable:
    def check(df):
        rows = df[df["source"].str.contains(where, regex=False)] if where else df
        got = [v for v, t in zip(rows[column], rows["text"]) if KURSK not in t]
        if not got:
            return f"no article from {where or 'the file'} (skipped: {_problems(df)})"
        return None if got[0] == expected else f"{column} is {got[0]!r}, expected {expected!r}"
    return check


def both(*checks: Callable) -> Callable:
    return lambda df: next((p for c in checks if (p := c(df))), None)


def _problems(df) -> list[str]:
    return [s["problem"] for s in df.attrs.get("skipped", [])]


# --------------------------------------------------------------------------- builders


def good(folder: Path) -> None:
    (folder / "good.txt").write_text(f"---\npublished: 2024-11-18\n---\n{KURSK}\n", encoding="utf-8")


def files(**contents) -> Callable:
    """Write good.txt and each ``name=bytes|str`` (names: '_' for '.', '__' for '/')."""
    def build(folder: Path):
        good(folder)
        for name, data in contents.items():
            path = folder / name.replace("__", "/").replace("_", ".")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return build


def jsonl(*values, raw: str = "") -> bytes:
    return ("\n".join(json.dumps({"text": v}, ensure_ascii=False) for v in values) + "\n" + raw).encode("utf-8")


def _unreadable_file(folder: Path):
    good(folder)
    (folder / "locked.txt").write_text(SLUTSKY, encoding="utf-8")
    os.chmod(folder / "locked.txt", 0)
    if os.geteuid() == 0:  # root reads any file: refuse as the file system refuses a user
        read_bytes = pathlib.Path.read_bytes

        def refuse(self):
            if self.name == "locked.txt":
                raise PermissionError(13, "Permission denied", str(self))
            return read_bytes(self)

        pathlib.Path.read_bytes = refuse


def _unreadable_folder(folder: Path):
    good(folder)
    (folder / "private").mkdir()
    (folder / "private" / "a.txt").write_text(SLUTSKY, encoding="utf-8")
    os.chmod(folder / "private", 0)
    if os.geteuid() == 0:
        scandir = os.scandir

        def refuse(path="."):
            if str(path).endswith("private"):
                raise PermissionError(13, "Permission denied", str(path))
            return scandir(path)

        os.scandir = refuse


def _deep(folder: Path):
    good(folder)
    level = folder / "tree"
    level.mkdir()
    for _ in range(1100):
        level = level / "d"
        level.mkdir()
    (level / "bottom.txt").write_text(SLUTSKY, encoding="utf-8")


def _latin1_name(folder: Path):
    good(folder)
    Path(os.fsdecode(os.fsencode(folder) + b"/caf\xe9.txt")).write_text(SLUTSKY, encoding="utf-8")


def _fifo(folder: Path):
    good(folder)
    os.mkfifo(folder / "pipe.txt")


def _links(folder: Path):
    good(folder)
    (folder / "broken.txt").symlink_to(folder / "nowhere.txt")
    (folder / "elsewhere").mkdir()
    (folder / "elsewhere" / "a.txt").write_text(SLUTSKY, encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "link").symlink_to(folder / "elsewhere")


def _parquet(**columns) -> Callable:
    def build(folder: Path):
        good(folder)
        pd.DataFrame(columns).to_parquet(folder / "a.parquet")
    return build


def _text_and_Text(folder: Path) -> pd.DataFrame:
    return pd.DataFrame({"text": [KURSK, SLUTSKY], "Text": ["", XI]})


def _dup_frame(folder: Path) -> pd.DataFrame:
    return pd.DataFrame([[KURSK, SLUTSKY]], columns=["text", "text"])


def _folder_named_txt(folder: Path) -> None:
    good(folder)
    (folder / "a.txt").mkdir()


def _docx_as_text(folder: Path):
    good(folder)
    (folder / "notes.docx").write_text(SLUTSKY, encoding="utf-8")


def _truncated_docx(folder: Path):
    good(folder)
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>" * 100)
    (folder / "cut.docx").write_bytes(buf.getvalue()[:120])


YAML_BOMB = "---\n" + "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n"
    for i in range(1, 10)) + "tags: *a9\ntitle: *a9\n---\n" + SLUTSKY + "\n"

CASES = [
    # issue 19, item 4: one bad file stopped the whole load
    Case("front matter tags: 2024", files(a_md=f"---\ntags: 2024\n---\n{SLUTSKY}\n"), value("tags", ["2024"])),
    Case("integer categories column (Parquet)", _parquet(text=[SLUTSKY], categories=[5]), value("tags", ["5"])),
    Case("file name with a latin-1 byte", _latin1_name, loaded(SLUTSKY)),
    Case("lone surrogate in a JSON line", files(a_jsonl=f'{{"text": "{SLUTSKY} \\ud83d"}}\n'),
         loaded(SLUTSKY, warn="surrogate")),
    Case("unreadable file (PermissionError)", _unreadable_file, reported("locked.txt")),
    Case("unreadable folder (PermissionError)", _unreadable_folder, reported("private")),
    Case("folder tree 1,100 levels deep", _deep, loaded(SLUTSKY)),
    Case("JSON line nested 100,000 deep", files(a_jsonl=jsonl(SLUTSKY, raw="[" * 100_000 + "\n")),
         both(loaded(SLUTSKY), reported("a.jsonl:2"))),
    Case("front matter nested 5,000 deep", files(a_md="---\ntags: " + "[" * 5000 + "\n---\n" + SLUTSKY),
         loaded(SLUTSKY, warn="front matter")),
    Case("front matter alias bomb (9 levels of 9)", files(a_md=YAML_BOMB), loaded(SLUTSKY)),
    # item 5: silent losses
    Case("front matter with CRLF line endings",
         files(a_md=f"---\r\ntitle: Slutsky warns\r\noutlet: Example Wire\r\n---\r\n{SLUTSKY}\r\n"),
         both(value("title", "Slutsky warns"), value("outlet", "Example Wire"))),
    Case("numeric date 1709251200 in front matter", files(a_md=f"---\npublished: 1709251200\n---\n{SLUTSKY}\n"),
         value("published", pd.Timestamp("2024-03-01", tz="UTC"))),
    Case("epoch milliseconds in a CSV column", files(a_csv=f'text,date\n"{SLUTSKY}",1709251200000\n'),
         value("published", pd.Timestamp("2024-03-01", tz="UTC"))),
    Case("year as a number in front matter", files(a_md=f"---\npublished: 2024\n---\n{SLUTSKY}\n"),
         value("published", pd.Timestamp("2024-01-01", tz="UTC"))),
    Case(".json list of articles", files(a_json=json.dumps([{"text": SLUTSKY}])), loaded(SLUTSKY)),
    Case(".jsonl.gz", files(a_jsonl_gz=gzip.compress(jsonl(SLUTSKY))), loaded(SLUTSKY)),
    Case(".tsv", files(a_tsv=f"title\ttext\nSlutsky\t{SLUTSKY}\n"), loaded(SLUTSKY)),
    Case(".csv.bz2", files(a_csv_bz2=bz2.compress(f'text\n"{SLUTSKY}"\n'.encode())), loaded(SLUTSKY)),
    Case(".xml beside the articles", files(notes_xml="<notes/>"), reported("notes.xml")),
    Case("hidden .DS_Store", files(_DS_Store=b"\x00\x00\x00\x01Bud1"), reported(".DS_Store")),
    Case("text stored as bytes (Parquet)", _parquet(text=[SLUTSKY.encode()]), loaded(SLUTSKY)),
    Case("two text columns (CSV)", files(a_csv=f'text,text\n"{SLUTSKY}","{XI}"\n'),
         loaded(SLUTSKY, warn="two columns")),
    Case("text and Text columns (DataFrame)", _text_and_Text,
         loaded(SLUTSKY, warn="two columns")),
    Case("one name twice among DataFrame columns", _dup_frame, loaded(warn="two columns")),
    Case("key text twice in a JSON line", files(a_jsonl=f'{{"text": "{SLUTSKY}", "text": "{XI}"}}\n'),
         loaded(SLUTSKY, warn="twice")),
    *[Case(f"{name} inside a JSON line", files(a_jsonl=jsonl(SLUTSKY + sep + "He said more.", XI, raw="{broken\n")),
           both(loaded(SLUTSKY, XI), reported("a.jsonl:3")))
      for name, sep in (("U+2028", "\u2028"), ("U+2029", "\u2029"), ("U+0085", "\x85"))],
    *[Case(f"text {name} in a JSON line", files(a_jsonl=jsonl(v, SLUTSKY)), both(loaded(SLUTSKY, n=2), reported("a.jsonl:1")))
      for name, v in (("123", 123), ("a list", [XI]), ("a dict", {"body": XI}), ("true", True), ("17.5", 17.5))],
    # item 10: a stray byte
    Case("one stray byte in a UTF-8 file", files(a_txt=f"{SLUTSKY} “It was".encode() + b"\xe9" + "”.".encode()),
         loaded(SLUTSKY, "“It was\ufffd”", warn="byte")),
    # item 12: UTF-16 and NULs
    Case("UTF-16 (little-endian, BOM)", files(a_txt=SLUTSKY.encode("utf-16")), loaded(SLUTSKY)),
    Case("UTF-16 (big-endian, BOM)", files(a_txt=b"\xfe\xff" + SLUTSKY.encode("utf-16-be")), loaded(SLUTSKY)),
    Case("UTF-32 (BOM)", files(a_txt=SLUTSKY.encode("utf-32")), loaded(SLUTSKY)),
    Case("UTF-16 without a BOM", files(a_txt=SLUTSKY.encode("utf-16-le")), loaded(SLUTSKY)),
    Case("UTF-16 CSV", files(a_csv=f'text\n"{SLUTSKY}"\n'.encode("utf-16")), loaded(SLUTSKY)),
    Case("a NUL in the first 8 KB", files(a_txt=SLUTSKY.encode() + b"\x00 " + XI.encode()), loaded(SLUTSKY, XI)),
    Case("NUL escaped in a JSON string", files(a_jsonl=jsonl(SLUTSKY + "\x00")), loaded(SLUTSKY, warn="NUL")),
    # and more: empty, binary, links, odd files, encodings mixed in one folder, CSV and HTML
    Case("empty file", files(empty_txt=""), reported("empty.txt")),
    Case("file of spaces and newlines", files(blank_txt=" \n\t\n"), reported("blank.txt")),
    Case("PNG named .txt", files(photo_txt=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
         reported("photo.txt")),
    Case("PDF named .txt", files(doc_txt=b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n"), reported("doc.txt")),
    Case("encodings mixed in one folder",
         files(a_txt=SLUTSKY.encode("cp1252"), b_txt=XI.encode("utf-16"), c_txt=("Café " + XI).encode("latin-1")),
         loaded(SLUTSKY, XI, "Café " + XI)),
    Case("CSV with a BOM and CRLF", files(a_csv=f'\ufefftitle,text\r\nSlutsky,"{SLUTSKY}"\r\n'),
         value("title", "Slutsky")),
    Case("HTML page with no article", files(a_html=(
        '<html><head><title>Example News</title></head><body><nav><a href="/">Home</a> | <a href="/world">World</a>'
        ' | <a href="/sport">Sport</a></nav><div class="cookie">We use cookies to improve your experience.</div>'
        "<footer>Copyright 2024 Example News. All rights reserved.</footer></body></html>")), reported("a.html")),
    Case("HTML nested 5,000 divs deep", files(a_html="<div>" * 5000 + f"<p>{SLUTSKY}</p>" + "</div>" * 5000),
         loaded_or_reported(SLUTSKY, "a.html")),
    Case("a pipe named .txt", _fifo, reported("pipe.txt")),
    Case("a broken link and a link to a folder", _links, both(reported("broken.txt"), reported("link"))),
    Case("a folder named a.txt", _folder_named_txt, loaded(n=1)),
    Case("a .gz that is not gzip", files(a_jsonl_gz=b"not gzip at all"), reported("a.jsonl.gz")),
    Case("a truncated .docx", _truncated_docx, reported("cut.docx")),
    Case("a plain text named .docx", _docx_as_text, loaded(SLUTSKY)),
    Case("a damaged Parquet file", files(a_parquet=b"PAR1 not really"), reported("a.parquet")),
    Case("CSV with an unclosed quote", files(a_csv=f'text\n"{SLUTSKY}\n'), loaded_or_reported(SLUTSKY, "a.csv")),
    Case("JSON file holding a number", files(a_json="42"), reported("a.json")),
    Case("JSON line holding a list", files(a_jsonl=b'["a", "b"]\n' + jsonl(SLUTSKY)),
         both(loaded(SLUTSKY), reported("a.jsonl:1"))),
    Case("JSON lines with CRLF endings", files(a_jsonl=jsonl(SLUTSKY, raw="{broken\n").replace(b"\n", b"\r\n")),
         both(loaded(SLUTSKY), reported("a.jsonl:2"))),
    Case("front matter that is a list", files(a_md=f"---\n- a\n- b\n---\n{SLUTSKY}\n"), loaded(SLUTSKY, warn="front matter")),
    Case("date 'true' in front matter", files(a_md=f"---\npublished: true\n---\n{SLUTSKY}\n"),
         loaded(SLUTSKY, warn="could not read the date")),
    Case("a 5 MB single line", files(a_txt=("word " * 1_000_000).strip() + "."), loaded("word word")),
]


# --------------------------------------------------------------------------- hostile texts


def _text_file(make: Callable[[int], str], name: str = "a.txt") -> Callable:
    def build(folder: Path, size: int):
        (folder / name).write_text(make(size), encoding="utf-8")
    return build


def _repeat(unit: str, around: str = "") -> Callable[[int], str]:
    return lambda size: f"{KURSK}\n\n{around}{unit * max(1, size // len(unit))}{around}\n\n{SLUTSKY}"


def _newsapi(size: int) -> str:
    content = "x" + " " * size + "y"
    return json.dumps({"articles": [{"source": {"id": None, "name": "Example"}, "url": "https://example.org/a",
                                     "title": "A", "publishedAt": "2024-11-18T10:00:00Z", "content": content}]})


def _nexis(subject: str, request: str = "1-1") -> str:
    return (f"Download Request: {request}\n\n                    1 of 1 DOCUMENT\n\n              The Example Times\n\n"
            f"           November 18, 2024 Monday\n\nRussia warns\n\nBYLINE: Jane Doe\n\nSECTION: NEWS\n\n"
            f"LENGTH: 30 words\n\n{SLUTSKY}\n\n{KURSK}\n\nLOAD-DATE: November 19, 2024\n\nSUBJECT: {subject}\n")


SCALING = [
    Case('caption slug "_1234567" repeated', _text_file(_repeat("_1234567"))),
    Case("capitals and slashes (a photo credit)", _text_file(_repeat("ABCDEFGHIJKLMNOPQRSTUVWXYZABCD/"))),
    Case("a run of spaces inside a paragraph", _text_file(_repeat(" ", around="a"))),
    Case("nested quotation marks", _text_file(lambda n: KURSK + " “" * (n // 4) + "war" + "” " * (n // 4))),
    Case("mangled quotes '\"?' repeated", _text_file(_repeat('"?'))),
    Case("live-blog times '12.30 ' repeated", _text_file(_repeat("12.30 "))),
    Case("'Read more' repeated", _text_file(_repeat("Read more"))),
    Case("a hashtag line '#a ' repeated", _text_file(_repeat("#a "))),
    Case("initials 'A. ' repeated", _text_file(_repeat("A. "))),
    Case("one line of words", _text_file(_repeat("word "))),
    Case("NewsAPI content ending in spaces", _text_file(_newsapi, "a.json")),
    Case("Nexis SUBJECT of spaces", _text_file(lambda n: _nexis("x" + " " * n + "y (90%)"))),
    Case("Nexis Download Request of digits", _text_file(lambda n: _nexis("WAR (90%)", "1" * n + " x"))),
    Case("front matter of many keys", _text_file(lambda n: "---\n" + "".join(
        f"k{i}: v\n" for i in range(n // 6)) + f"---\n{SLUTSKY}\n", "a.md")),
]
