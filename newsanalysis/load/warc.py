"""Web archives: every HTML page of a WARC or ARC file (plain or gzipped) as an article.

A crawl (wget ``--warc-file``, Heritrix, Browsertrix, the Internet Archive) stores every
response it fetched. :func:`read_warc` reads the file with ``warcio``; each ``response``
record with status 200 and an HTML body goes through the loader's trafilatura path, with
the record's ``WARC-Target-URI`` as the url and its ``WARC-Date`` as the date when the page
names none. Nothing is dropped without a trace: an error status, a page where trafilatura
finds no article text or a damaged record each get a ``skipped`` entry naming the file, the
record and its url; responses that are not pages (images, scripts, style sheets) are counted
in one entry per file.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

from newsanalysis.load.decoding import decode, display_name
from newsanalysis.load.records import Record, records_from_html, skip

__all__ = ["WARC_SUFFIXES", "is_warc", "read_warc"]

WARC_SUFFIXES = (".warc", ".arc", ".gz")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_warc(data: bytes) -> bool:
    """True when ``data`` starts a WARC or ARC file (gzipped or not)."""
    head = data[:64]
    if head[:2] == b"\x1f\x8b":
        import gzip

        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data[:65536])) as gz:
                head = gz.read(64)
        except (OSError, EOFError):
            return False
    return head.startswith((b"WARC/", b"filedesc://"))


def _charset(content_type: str) -> str | None:
    m = re.search(r"charset=[\"']?([\w.:-]+)", content_type or "", re.IGNORECASE)
    return m.group(1) if m else None


def _page_text(body: bytes, content_type: str, src: str, problems: list[str]) -> str | None:
    charset = _charset(content_type)
    if charset:
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            problems.append(f"{src}: the page says charset={charset} but is not; decoded otherwise.")
    return decode(body, src, problems)


def read_warc(path: Path, data: bytes, skipped: list[dict]) -> list[Record]:
    """Records of the HTML pages in a WARC/ARC file.

    Parameters
    ----------
    path, data
        The file and its bytes.
    skipped
        The loader's list of what was not loaded (see the module docstring).

    Returns
    -------
    list of records
        Source ``<file>:record <n>`` (n counts the file's records from 1), fields from
        trafilatura plus the record's url and date.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    src_file = display_name(path)
    records: list[Record] = []
    other: Counter = Counter()
    n = 0
    archive = ArchiveIterator(io.BytesIO(data), arc2warc=True)
    try:
        for n, rec in enumerate(archive, start=1):
            if rec.rec_type != "response":
                continue
            url = rec.rec_headers.get_header("WARC-Target-URI") or ""
            src = f"{src_file}:record {n}"
            http = rec.http_headers
            ctype = (http.get_header("Content-Type") if http else "") or ""
            if http is None or not ctype.lower().startswith(_HTML_TYPES):
                other[ctype.split(";")[0].strip() or "no content type"] += 1
                continue
            status = http.get_statuscode()
            if status != "200":
                skip(skipped, src, f"HTTP {status}",
                      f"{src} ({url}): the crawl got HTTP {status}, not a page; skipped.")
                continue
            problems: list[str] = []
            html = _page_text(rec.content_stream().read(), ctype, src, problems)
            if rec.raw_stream.limit > 0:  # the record stops short of its Content-Length
                raise EOFError(f"record {n} ({url}) is cut off")
            try:
                found = records_from_html(src, html, problems) if html else []
            except Exception as exc:  # noqa: BLE001 - one page never stops the archive
                skip(skipped, src, "error", f"{src} ({url}): the page could not be read ({type(exc).__name__}: "
                     f"{exc}); skipped, the other pages were read.")
                continue
            if not found or not str(found[0].fields.get("text") or "").strip():
                skip(skipped, src, "no main text",
                      f"{src} ({url}): trafilatura found no article text in this page; skipped.")
                continue
            record = found[0]
            record.source = src
            record.fields["url"] = record.fields.get("url") or url
            if not record.fields.get("published"):
                record.fields["published"] = rec.rec_headers.get_header("WARC-Date")
                record.warnings.append(f"{src} ({url}): the page names no date; the crawl date is used.")
            records.append(record)
        if data[archive.offset:].strip():  # bytes left that make no record: a cut-off file
            raise EOFError(f"{len(data) - archive.offset} bytes after record {n} make no record")
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
        skip(skipped, f"{src_file}:record {n + 1}", "damaged archive",
              f"{src_file}: the archive cannot be read past record {n} ({type(exc).__name__}: {exc}); "
              f"the {len(records)} pages before it were read. The file may be truncated.")
    if other:
        kinds = ", ".join(f"{k} {v}" for k, v in other.most_common())
        skip(skipped, src_file, "not a page", f"{src_file}: {sum(other.values())} responses are not "
              f"HTML pages ({kinds}); they hold no article and were not read.")
    return records
