"""Support for the reader tests and benchmarks/nexis_speed.py: export files and their texts.

A list of paragraphs becomes a Word file (python-docx, one paragraph each) or a minimal RTF
document, the two containers Nexis exports come in; the bodies of the test fixtures are
sentences of the seed articles (data/sample), hard-wrapped as Nexis wraps them.
"""

from __future__ import annotations

import io
import warnings

from newsanalysis import load_articles
from newsanalysis.load.articles import LoadWarning

SLUTSKY = ("“Strikes with U.S. missiles deep into Russian regions will inevitably entail a serious\n"
           "escalation, which threatens to lead to much more serious consequences,” said Leonid\n"
           "Slutsky, chairman of the State Duma lower house’s foreign affairs committee.")
ZELENSKYY = ("Ukrainian President Volodymyr Zelenskyy said on Sunday more important than lifting the\n"
             "restriction would be the number of missiles used to strike the Russians.")
WHITE_HOUSE = ("“President Biden condemned the deployment of thousands of DPRK troops to Russia, a\n"
               "dangerous expansion of Russia’s unlawful war against Ukraine,” said the White House.")
KURSK = ("The U.S. and South Korea said last week that North Korean troops had been fighting against\n"
         "Ukrainian forces in Russia’s Kursk region.")


def one_line(text: str) -> str:
    """The text unwrapped: what a reader makes of a hard-wrapped paragraph."""
    return " ".join(text.split())


def load_quietly(*args, **kwargs):
    """``load_articles`` without the LoadWarnings (the tests read ``attrs['skipped']``)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LoadWarning)
        return load_articles(*args, **kwargs)


def skipped(df, problem: str) -> list[dict]:
    """The entries of ``df.attrs['skipped']`` with this problem."""
    return [s for s in df.attrs["skipped"] if s["problem"] == problem]


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
