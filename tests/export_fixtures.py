"""Writers of export files for the reader tests and benchmarks/nexis_speed.py.

A list of paragraphs becomes a Word file (python-docx, one paragraph each) or a minimal RTF
document, the two containers Nexis exports come in.
"""

from __future__ import annotations

import io


def docx_bytes(paragraphs: list[str]) -> bytes:
    """The paragraphs as a .docx file, one Word paragraph each."""
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def rtf_text(paragraphs: list[str]) -> str:
    """The paragraphs as a minimal RTF document (Unicode as \\uN?, no-break space as \\~)."""
    def esc(text: str) -> str:
        text = text.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("\xa0", "\\~")
        return "".join(c if ord(c) < 128 else f"\\u{ord(c) if ord(c) < 32768 else ord(c) - 65536}?"
                       for c in text)
    body = "".join(f"\\pard {esc(p)}\\par\n" for p in paragraphs)
    return "{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times New Roman;}}\n" + body + "}"
