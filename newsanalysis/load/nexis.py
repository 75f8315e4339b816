"""Nexis (LexisNexis) exports: many articles in one .TXT, .DOCX or .RTF file.

Two layouts are read, told apart by their content, not by the file's extension:

* **classic** (LexisNexis Academic, "N of M DOCUMENTS"): a cover page (download request,
  terms, sources), then per document the outlet, the date line and any edition lines, the
  headline, header fields (``BYLINE:``, ``SECTION:``, ``LENGTH:``, ``DATELINE:``,
  ``HIGHLIGHT:``), the body, trailing fields (``LOAD-DATE:``, ``LANGUAGE:``,
  ``PUBLICATION-TYPE:``, ``GRAPHIC:``, ...) and copyright lines;
* **Nexis Uni**: a cover page (job number, ``Documents (N)``, the result list), then per
  document the headline, outlet, date line, a copyright line, ``Section:``, ``Length:`` and
  ``Byline:`` fields, a ``Body`` line, the body, an optional ``Classification`` block
  (``Language:``, ``Subject:``, ``Load-Date:``, ...) and ``End of Document``.

Only the body becomes ``text``; the cover page, the fields and the copyright lines never do.
Word files are read with python-docx (centred paragraphs and tables included, in document
order) and RTF with striprtf. Every document found is either returned as a record (source
``<file>:document <n>``) or reported in ``skipped`` with a message naming the file and the
document: one with no body, documents the export announces but the file lacks (a truncated
download), a file that ends inside a document. A Word or RTF file in neither layout is read
as one article, with a warning saying so.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from newsanalysis.load.decoding import decode, display_name
from newsanalysis.load.records import Record, skip

__all__ = ["NEXIS_SUFFIXES", "export_text", "nexis_layout", "parse_nexis", "read_nexis"]

NEXIS_SUFFIXES = (".docx", ".rtf")

_CLASSIC_DOC = re.compile(r"^[ \t]*(\d+)[ \t]+of[ \t]+(\d+)[ \t]+DOCUMENTS?[ \t]*$", re.MULTILINE | re.IGNORECASE)
_CLASSIC_RUN_LINE = re.compile(r"^[ \t]*Download Request:([^\n]*)$", re.MULTILINE | re.IGNORECASE)
# the first "N - M" on that line (a number starts after a non-digit: one try per run of digits)
_RUN = re.compile(r"(?<!\d)(\d+)[ \t]*-[ \t]*(\d+)[ \t]*$")
_UNI_END = re.compile(r"^[ \t]*End of Document[ \t]*$", re.MULTILINE)
_UNI_COVER_COUNT = re.compile(r"^[ \t]*Documents[ \t]*\((\d+)\)[ \t]*$", re.MULTILINE)

#: Header fields of the classic layout (the export's own labels).
_CLASSIC_HEADER = re.compile(
    r"^(BYLINE|SECTION|LENGTH|DATELINE|HIGHLIGHT|EDITION|SOURCE|BODY)[ \t]*:[ \t]*(.*)$")
#: Trailing fields of the classic layout: everything from here on is not the body.
_CLASSIC_TRAILER = re.compile(
    r"^(LOAD-DATE|LANGUAGE|PUBLICATION-TYPE|JOURNAL-CODE|GRAPHIC|DOCUMENT-TYPE|SUBJECT|"
    r"ORGANIZATION|PERSON|GEOGRAPHIC|COMPANY|INDUSTRY|TICKER|CITY|STATE|COUNTRY|NOTES|URL|"
    r"CORRECTION-DATE|CORRECTION|DISTRIBUTION|SERIES|TYPE|ACC-NO)[ \t]*:[ \t]*(.*)$")
#: Header fields of the Nexis Uni layout.
_UNI_HEADER = re.compile(
    r"^(Section|Length|Byline|Dateline|Highlight|Edition|Source|Correction)[ \t]*:[\s\xa0]*(.*)$")
#: Lines that end a Nexis Uni body: a block heading, or the first trailing field.
_UNI_BODY_END = re.compile(r"^(Classification|Graphic|Notes)$|^Load-Date[ \t]*:")
_UNI_FIELD = re.compile(r"^([A-Z][A-Za-z-]+(?: [A-Z][a-z]+)?)[ \t]*:[\s\xa0]*(.*)$")
_VERSION = re.compile(r"Version:[ \t]*\d+$")
_COPYRIGHT = re.compile(r"^(copyright\b|©|\(c\)\s*\d{4}|all rights reserved)", re.IGNORECASE)

_MONTH = (r"(?P<month>January|February|March|April|May|June|July|August|September|October|"
          r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?")
_WEEKDAY = r"(?:,?\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))?"
_TIME = (r"(?:,?\s+(?P<time>\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?)"
         r"(?:\s+(?P<tz>[A-Z]{2,4})\b)?)?")
_DATE = re.compile(
    rf"^(?:{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})"
    rf"|(?P<day2>\d{{1,2}})\s+(?P<month2>[A-Z][a-z]+)\.?,?\s+(?P<year2>\d{{4}})){_WEEKDAY}{_TIME}",
    re.IGNORECASE)
#: UTC offsets (hours) of the time-zone abbreviations Nexis prints after a time.
_TZ_HOURS = {"GMT": 0, "UTC": 0, "Z": 0, "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3,
             "MSK": 3, "IST": 5.5, "JST": 9, "AEST": 10, "AEDT": 11, "EST": -5, "EDT": -4,
             "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7}
#: Stated length much longer than the body: the body may have been cut off.
_SHORT_BODY = 0.5


@dataclass
class _Doc:
    """One document of an export, as found; ``fields`` feed :class:`Record`."""

    number: int
    fields: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    complete: bool = True
    failure: str = ""  # the error that stopped its reading, if any


# --------------------------------------------------------------------------- the file's text


def export_text(path: Path, data: bytes, problems: list[str] | None = None) -> tuple[str, str]:
    """The text of an export file and its kind (``"docx"``, ``"rtf"`` or ``"text"``).

    Word paragraphs become lines (a line break inside a paragraph too), table rows become
    tab-separated lines; RTF goes through striprtf. A text that is not UTF-8 is decoded as
    cp1252 or latin-1 with a note in ``problems``. Raises ``ValueError`` for a file that
    cannot be read (a damaged or truncated Word file, binary data).
    """
    problems = [] if problems is None else problems
    if data[:4] == b"PK\x03\x04":
        return "docx", _docx_text(data)
    raw = decode(data, display_name(path), problems)
    if raw is None:
        raise ValueError("binary data, not text")
    if raw.lstrip()[:5] == "{\\rtf":
        from striprtf.striprtf import rtf_to_text

        return "rtf", rtf_to_text(raw, errors="ignore").replace("\r\n", "\n")
    return "text", raw.replace("\r\n", "\n").replace("\r", "\n")


def _docx_text(data: bytes) -> str:
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # zipfile.BadZipFile, KeyError, lxml errors: a damaged file
        raise ValueError(f"not a readable Word file ({type(exc).__name__}: {exc})") from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                lines.append("\t".join(cell.text.strip() for cell in row.cells))
        else:
            lines.extend(block.text.split("\n"))
    return "\n".join(lines)


def nexis_layout(text: str) -> str | None:
    """``"classic"``, ``"uni"`` or None: which Nexis layout ``text`` is in, if any."""
    text = text.replace("\r\n", "\n")
    if _CLASSIC_DOC.search(text):
        return "classic"
    if _UNI_END.search(text) and re.search(r"^[ \t]*Body[ \t]*$", text, re.MULTILINE):
        return "uni"
    return None


# --------------------------------------------------------------------------- shared pieces


def _parse_date(line: str) -> tuple[str | None, str | None]:
    """(ISO timestamp, problem) for a Nexis date line; (None, None) when it is not one."""
    m = _DATE.match(line.strip())
    if not m:
        return None, None
    if m.group("month"):
        day, month, year = m.group("day"), m.group("month"), m.group("year")
    else:
        day, month, year = m.group("day2"), m.group("month2"), m.group("year2")
    clock = (m.group("time") or "").replace(".", "")
    try:
        ts = pd.Timestamp(f"{day} {month} {year} {clock}".strip())
    except (ValueError, TypeError):
        return None, None
    tz, problem = (m.group("tz") or "").upper(), None
    if tz and tz not in _TZ_HOURS:
        problem = f"unknown time zone {tz!r} in the date line {line.strip()!r}; the time is read as UTC"
    ts = ts - pd.Timedelta(hours=_TZ_HOURS.get(tz, 0))
    return ts.tz_localize("UTC").isoformat(), problem


def _paragraphs(text: str) -> list[list[str]]:
    """Blank-line separated paragraphs, each a list of stripped, non-empty lines."""
    paras, cur = [], []
    for line in text.split("\n"):
        if line.strip():
            cur.append(line.strip())
        elif cur:
            paras.append(cur)
            cur = []
    if cur:
        paras.append(cur)
    return paras


def _name(path: Path, doc: _Doc, total: int | None) -> str:
    title = doc.fields.get("title") or ""
    what = f"document {doc.number}" + (f" of {total}" if total else "")
    return f"{display_name(path)}: {what}" + (f" ({title[:60]!r})" if title else "")


def _subjects(value: str) -> list[str]:
    """``'WAR (90%); SANCTIONS (72%)'`` -> ``['WAR', 'SANCTIONS']``."""
    return [re.sub(r"\(\d+%\)$", "", s.strip()).strip() for s in value.split(";") if s.strip()]


def _length_words(value: str) -> int | None:
    m = re.match(r"([\d,.]+)\s+words", value.strip(), re.IGNORECASE)
    return int(re.sub(r"[,.]", "", m.group(1))) if m else None


def _finish(doc: _Doc, body_lines: list[str], *, joiner: str) -> None:
    """Set ``text`` and check the body against the stated length."""
    body = joiner.join(body_lines).strip()
    doc.fields["text"] = body
    stated = _length_words(doc.fields.get("length", ""))
    words = len(body.split())
    if body and stated and words < _SHORT_BODY * stated:
        doc.warnings.append(f"the body has {words} words but the export states {stated}: "
                            "it may be cut off (a truncated file?)")


def _guarded(read, number: int, chunk) -> _Doc | None:
    """``read(number, chunk)``; a document whose reading fails is one that says why."""
    try:
        return read(number, chunk)
    except Exception as exc:  # noqa: BLE001 - one document never stops the export
        return _Doc(number, {"text": ""}, failure=f"{type(exc).__name__}: {exc}")


# --------------------------------------------------------------------------- classic layout


def _classic_doc(number: int, chunk: str) -> _Doc:
    doc = _Doc(number)
    paras = _paragraphs(chunk)
    first_field = next((i for i, p in enumerate(paras) if _CLASSIC_HEADER.match(p[0])), None)
    # before the header fields: outlet, date line (+ edition lines), headline; without header
    # fields the headline is the one paragraph after the date
    front = paras[: first_field if first_field is not None else min(len(paras), 4)]
    date_at = next(((i, j) for i, p in enumerate(front) for j, line in enumerate(p)
                    if _parse_date(line)[0]), None)
    if date_at is None:
        doc.warnings.append("no date line after the outlet")
        i, outlet = 0, front[0] if front else []
    else:
        i, j = date_at
        outlet = [line for p in front[:i] for line in p] + front[i][:j]
        doc.fields["published"], problem = _parse_date(front[i][j])
        if problem:
            doc.warnings.append(problem)
        doc.fields["edition"] = " ".join(front[i][j + 1:])
    k = first_field if first_field is not None else min(i + 2, len(paras))
    doc.fields["outlet"] = " ".join(outlet)
    doc.fields["title"] = " ".join(line for p in paras[i + 1:k] for line in p)
    for what, key in (("outlet line", "outlet"), ("headline", "title")):
        if not doc.fields[key]:
            doc.warnings.append(f"no {what}")
    if first_field is None:
        doc.warnings.append("no header fields (BYLINE, SECTION, LENGTH)")
    while k < len(paras) and (m := _CLASSIC_HEADER.match(paras[k][0])):
        doc.fields[m.group(1).lower()] = " ".join([m.group(2), *paras[k][1:]]).strip()
        k += 1
    body_paras = paras[k:]
    end = next((i for i, p in enumerate(body_paras) if p[0].startswith("LOAD-DATE")), None)
    if end is None:  # no LOAD-DATE: the trailing fields and copyright lines at the end
        end = len(body_paras)
        while end > 0 and (_CLASSIC_TRAILER.match(body_paras[end - 1][0])
                           or _COPYRIGHT.match(body_paras[end - 1][0])):
            end -= 1
    for p in body_paras[end:]:
        if m := _CLASSIC_TRAILER.match(p[0]):
            doc.fields.setdefault(m.group(1).lower(), " ".join([m.group(2), *p[1:]]).strip())
    doc.complete = "load-date" in doc.fields
    # the export wraps lines at about 80 characters: a paragraph is one line of text
    _finish(doc, [" ".join(p) for p in body_paras[:end]], joiner="\n\n")
    return doc


def _classic(text: str) -> tuple[list[_Doc], int | None, list[int]]:
    marks = list(_CLASSIC_DOC.finditer(text))
    docs = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        docs.append(_guarded(_classic_doc, int(m.group(1)), text[m.end():end]))
    for doc in docs[:-1]:  # only the last document can be cut off by the end of the file
        if not doc.complete:
            doc.warnings.append("no LOAD-DATE line after the body")
            doc.complete = True
    numbers = [int(m.group(1)) for m in marks]
    total = max((int(m.group(2)) for m in marks), default=None)
    # an export holds a run of numbers (e.g. 101-200 of 383), named on its cover page when it
    # has one: a number of that run not in the file is a lost document
    line = _CLASSIC_RUN_LINE.search(text[: marks[0].start()]) if marks else None
    run = _RUN.search(line.group(1)) if line else None
    lo, hi = (int(run.group(1)), int(run.group(2))) if run else (min(numbers, default=1),
                                                                  max(numbers, default=0))
    missing = sorted(set(range(lo, hi + 1)) - set(numbers))
    if docs and not docs[-1].complete and not run and total and numbers[-1] < total:
        docs[-1].warnings.append(f"documents {numbers[-1] + 1}-{total} of {total} may have been "
                                 "cut off with it")
    return docs, total, missing


# --------------------------------------------------------------------------- Nexis Uni layout


def _uni_doc(number: int, lines: list[str]) -> _Doc | None:
    doc = _Doc(number)
    try:
        b = next(i for i, line in enumerate(lines) if line == "Body")
    except StopIteration:
        return None
    i = b - 1
    while i >= 0:
        line = lines[i]
        if not line:
            i -= 1
        elif m := _UNI_HEADER.match(line):
            doc.fields[m.group(1).lower()] = m.group(2).strip()
            i -= 1
        elif _COPYRIGHT.match(line):
            doc.fields["copyright"] = line
            i -= 1
        else:
            break
    head = [line for line in lines[: i + 1] if line]
    published, problem = _parse_date(head[-1]) if head else (None, None)
    if published:
        doc.fields["published"] = published
        head = head[:-1]
        if problem:
            doc.warnings.append(problem)
    else:
        doc.warnings.append("no date line above the fields")
    doc.fields["outlet"] = head[-1] if len(head) >= 2 else ""
    doc.fields["title"] = head[-2] if len(head) >= 2 else (head[-1] if head else "")
    if not doc.fields["outlet"]:
        doc.warnings.append("no outlet line")
    if not doc.fields["title"]:
        doc.warnings.append("no headline")
    section = doc.fields.get("section", "")
    version = _VERSION.search(section.rstrip())  # "World; Version: 2"
    if version:
        section = section[: version.start()].rstrip().removesuffix(";")
    doc.fields["section"] = section.strip()
    rest = lines[b + 1:]
    end = next((k for k, line in enumerate(rest) if _UNI_BODY_END.match(line)), len(rest))
    for line in rest[end:]:
        if m := _UNI_FIELD.match(line):
            doc.fields.setdefault(m.group(1).lower(), m.group(2).strip())
    _finish(doc, [line for line in rest[:end] if line], joiner="\n\n")
    return doc


def _uni(text: str) -> tuple[list[_Doc], int | None, list[int]]:
    cover = _UNI_COVER_COUNT.search(text)
    total = int(cover.group(1)) if cover else None
    chunks = _UNI_END.split(text)
    docs: list[_Doc] = []
    for k, chunk in enumerate(chunks):
        lines = [line.replace("\xa0", " ").strip() for line in chunk.split("\n")]
        last = k == len(chunks) - 1
        doc = _guarded(_uni_doc, len(docs) + 1, lines)
        if doc is None:
            if not last and any(lines):  # a document without a Body line: nothing to read
                d = _Doc(len(docs) + 1, {"title": next((x for x in lines if x), "")})
                d.fields["text"] = ""
                docs.append(d)
            continue
        doc.complete = not last
        docs.append(doc)
    missing = list(range(len(docs) + 1, total + 1)) if total and total > len(docs) else []
    return docs, total, missing


# --------------------------------------------------------------------------- the reader


def parse_nexis(text: str) -> tuple[str | None, list[_Doc], int | None, list[int]]:
    """Split an export's text into documents: ``(layout, docs, announced total, missing numbers)``."""
    layout = nexis_layout(text)
    if layout == "classic":
        return (layout, *_classic(text))
    if layout == "uni":
        return (layout, *_uni(text))
    return None, [], None, []


def _fields(doc: _Doc) -> dict:
    f = dict(doc.fields)
    if f.get("byline"):
        f["byline"] = re.sub(r"^by\s+", "", f["byline"], flags=re.IGNORECASE)
    if f.get("highlight"):
        f["dek"] = f.pop("highlight")
    if f.get("subject"):
        f["tags"] = _subjects(f["subject"])
    keep = ("text", "title", "published", "outlet", "byline", "section", "length", "edition",
            "dateline", "dek", "tags")
    return {k: f[k] for k in keep if k in f}


def read_nexis(path: Path, data: bytes, skipped: list[dict]) -> list[Record]:
    """Records of a Nexis export (either layout), or of a Word/RTF file as one article
    (none for a plain text file in neither layout: the loader reads those).

    Parameters
    ----------
    path, data
        The file and its bytes.
    skipped
        The loader's list of what was not loaded; every document that does not become a
        record is added to it with a message naming the file and the document.
    """
    src = display_name(path)
    problems: list[str] = []
    try:
        kind, text = export_text(path, data, problems)
    except ValueError as exc:
        skip(skipped, src, "unreadable export", f"{src}: {exc}; nothing was read from it. "
              "Download the export again (a cut-off download cannot be opened).")
        return []
    layout, docs, total, missing = parse_nexis(text)
    if layout is None:  # a Word or RTF file (or a text named like one) holding one article
        body = text.strip()
        if not body:
            skip(skipped, src, "no text", f"{src}: the {kind.upper()} file holds no text.")
            return []
        note = (f"{src}: not in a Nexis export layout (no 'N of M DOCUMENTS' or 'End of Document' "
                f"lines){' and not ' + kind.upper() if kind == 'text' else ''}; read as one article")
        return [Record(src, {"text": body}, [*problems, note])]
    records = []
    for doc in docs:
        name = _name(path, doc, total)
        source = f"{src}:document {doc.number}"
        if doc.failure:
            skip(skipped, source, "error", f"{name} could not be read ({doc.failure}); skipped. The other "
                 "documents were read.")
            continue
        if not doc.fields.get("text"):
            skip(skipped, source, "no body", f"{name} has no body text (nothing between its "
                  "header fields and its trailer); skipped. The other documents were read.")
            continue
        warnings = problems + [f"{name}: {w}" for w in doc.warnings]
        if not doc.complete:
            warnings.append(f"{name}: the file ends inside this document (no "
                            f"{'LOAD-DATE line' if layout == 'classic' else 'End of Document line'}"
                            "): the export may be cut off and the body incomplete")
        records.append(Record(source, _fields(doc), warnings))
    for number in missing:
        skip(skipped, f"{src}:document {number}", "missing document",
              f"{src}: document {number}{f' of {total}' if total else ''} is announced by the export "
              "but not in the file (a truncated or partial download?); download it again.")
    return records
