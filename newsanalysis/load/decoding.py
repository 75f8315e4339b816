"""Bytes to text: find a file's encoding, repair what is broken in it, say what was done.

Corpora arrive in every encoding a tool can write. :func:`decode` reads

* a byte-order mark first: UTF-8, UTF-16 and UTF-32 (either byte order) are decoded by it;
* UTF-16 without a mark, told by its NUL bytes at every other position (with a warning);
* UTF-8, the default. A few bytes that are not UTF-8 in a file that is (a curly quote pasted
  from a cp1252 document) are each replaced with U+FFFD and named by their byte offset: the
  rest of the file stays as written, never re-read in another encoding;
* a file with no UTF-8 at all and bytes that are not UTF-8 is a legacy file: cp1252 (the
  Windows superset of latin-1), else latin-1, with a warning;
* NUL characters are removed (with a warning: a cut-off download is padded with them); a
  file is binary, not text, when it starts with the signature of a known binary format (PDF,
  images, archives, executables) or when other control characters make up more than a tenth
  of its beginning.

:func:`clean_string` repairs a string a reader made: lone UTF-16 surrogates (``"\\ud83d"``
in JSON, half of an emoji) cannot be written as UTF-8 and become U+FFFD; NULs are removed.
:func:`display_name` is a path as it can be shown and written: bytes of a file name that are
not UTF-8 (a name written by a latin-1 system) are shown as ``\\xe9``.
"""

from __future__ import annotations

import codecs
import os
import re

__all__ = ["binary_kind", "clean_string", "decode", "display_name", "is_binary_text"]

#: Byte-order marks, longest first (the UTF-32-LE mark starts with the UTF-16-LE one).
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
#: Signatures of binary formats found in folders of articles (closed list: file formats).
_SIGNATURES = ((b"%PDF-", "a PDF document"), (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
               (b"GIF8", "a GIF image"), (b"RIFF", "a RIFF file (WebP, WAV or AVI)"),
               (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document (.doc, .xls)"),
               (b"7z\xbc\xaf", "a 7-Zip archive"), (b"Rar!", "a RAR archive"), (b"\x7fELF", "a program"),
               (b"SQLite format 3\x00", "an SQLite database"),
               (b"PAR1", "a Parquet file"))
#: Control characters other than whitespace and NUL: more than this share of a text's start
#: is binary. (NULs alone are no sign: a cut-off download is padded with them; they are removed.)
_CONTROL = re.compile(r"[\x01-\x08\x0e-\x1f\x7f]")
_BINARY_SHARE = 0.1
_HEAD = 65536
_NOT_UTF8 = re.compile(r"[\udc80-\udcff]")  # bytes kept by the surrogateescape error handler
_BAD_CHARS = re.compile(r"[\ud800-\udfff\x00]")
_SHOWN = 5  # offsets named in one warning


def _binary_signature(data: bytes) -> str | None:
    return next((what for sig, what in _SIGNATURES if data.startswith(sig)), None)


def is_binary_text(text: str) -> bool:
    """True when control characters (not NULs, tabs, line or page breaks) are over a tenth of
    the text's first 64K characters (NULs left out)."""
    head = text[:_HEAD].replace("\x00", "")
    return bool(head) and len(_CONTROL.findall(head)) > _BINARY_SHARE * len(head)


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when NULs sit at every other byte of the start, as in
    UTF-16 text of Latin script."""
    head = data[: 2 * (min(len(data), _HEAD) // 2)]
    if len(head) < 8:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _offsets(positions: list[tuple[int, int]]) -> str:
    """'byte 12 (0xE9), byte 80 (0x92) and 3 more' for a warning."""
    shown = ", ".join(f"byte {at} (0x{byte:02X})" for at, byte in positions[:_SHOWN])
    more = len(positions) - _SHOWN
    return shown + (f" and {more} more" if more > 0 else "")


def _bad_bytes(escaped: str) -> list[tuple[int, int]]:
    """(byte offset, byte) of each byte the surrogateescape handler kept, in one pass."""
    out, pos, prev = [], 0, 0
    for m in _NOT_UTF8.finditer(escaped):
        pos += len(escaped[prev : m.start()].encode("utf-8", "surrogateescape"))
        out.append((pos, ord(m.group()) - 0xDC00))
        pos += 1
        prev = m.end()
    return out


def _decode_utf8_or_legacy(data: bytes, source: str, problems: list[str]) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    escaped = data.decode("utf-8", "surrogateescape")
    bad = _bad_bytes(escaped)
    n_utf8 = len(escaped) - len(escaped.encode("ascii", "ignore")) - len(bad)  # characters UTF-8 wrote
    if n_utf8 >= len(bad):
        problems.append(f"{source}: {len(bad)} byte{'s' if len(bad) > 1 else ''} not valid UTF-8 "
                        f"({_offsets(bad)}); each was replaced with U+FFFD and the rest read as UTF-8. "
                        "Check those places in the file.")
        return _NOT_UTF8.sub("\ufffd", escaped)
    for enc in ("cp1252", "latin-1"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        problems.append(f"{source}: not valid UTF-8 ({_offsets(bad)}) and no UTF-8 character in it; "
                        f"decoded as {enc} (check special characters).")
        return text
    raise AssertionError("latin-1 decodes any bytes")


def decode(data: bytes, source: str, problems: list[str]) -> str | None:
    """The text of a file's bytes, or None when they are binary (see the module docstring).

    Parameters
    ----------
    data
        The file's bytes.
    source
        The file's name, for the messages.
    problems
        Warnings about the decoding are appended here.

    Examples
    --------
    >>> problems = []
    >>> decode("“Yes,” he said".encode() + b" caf\\xe9", "a.txt", problems)
    '“Yes,” he said caf\\ufffd'
    >>> problems[0][:57]
    'a.txt: 1 byte not valid UTF-8 (byte 22 (0xE9)); each was '
    """
    if _binary_signature(data):
        return None
    bom = next(((mark, enc) for mark, enc in _BOMS if data.startswith(mark)), None)
    if bom is not None and bom[1] == "utf-8":
        text = _decode_utf8_or_legacy(data[len(bom[0]) :], source, problems)
    elif bom is not None:
        text = data[len(bom[0]) :].decode(bom[1], "replace")
        if "\ufffd" in text:
            problems.append(f"{source}: {text.count(chr(0xFFFD))} characters could not be decoded as "
                            f"{bom[1].upper()} (its byte-order mark) and were replaced with U+FFFD.")
    elif (enc := _utf16_without_bom(data)) is not None:
        text = data.decode(enc, "replace")
        problems.append(f"{source}: read as {enc.upper().replace('-LE', ' little-endian').replace('-BE', ' big-endian')} "
                        "(NUL bytes at every other position and no byte-order mark).")
    else:
        text = _decode_utf8_or_legacy(data, source, problems)
    if is_binary_text(text):
        return None
    if "\x00" in text:
        problems.append(f"{source}: {text.count(chr(0))} NUL characters (at character {text.index(chr(0))} "
                        "first) were removed.")
        text = text.replace("\x00", "")
    return text


def binary_kind(data: bytes) -> str:
    """What binary data looks like, for a message: 'a PDF document', ..., else 'binary data'."""
    return _binary_signature(data) or "binary data"


def clean_string(value: str, where: str, problems: list[str]) -> str:
    """``value`` without lone surrogates (replaced with U+FFFD) and NULs (removed), with a
    warning naming ``where`` when there were any."""
    if not _BAD_CHARS.search(value):
        return value
    n_nul = value.count("\x00")
    value = value.replace("\x00", "")
    n_sur = len(_BAD_CHARS.findall(value))
    what = []
    if n_sur:
        what.append(f"{n_sur} lone surrogate{'s' if n_sur > 1 else ''} (half of a UTF-16 pair, e.g. of an "
                    "emoji) replaced with U+FFFD")
    if n_nul:
        what.append(f"{n_nul} NUL character{'s' if n_nul > 1 else ''} removed")
    problems.append(f"{where}: {' and '.join(what)}.")
    return _BAD_CHARS.sub("\ufffd", value)


def display_name(path: str | os.PathLike) -> str:
    """``path`` as a string that can be printed and written as UTF-8: bytes of the name that
    are not UTF-8 are shown as ``\\xe9``.

    Examples
    --------
    >>> display_name(os.fsdecode(b"news/caf\\xe9.txt"))
    'news/caf\\\\xe9.txt'
    """
    return os.fsencode(path).decode("utf-8", "backslashreplace")
