"""How long does reading a 1,000-article Nexis export take?

Builds three exports of ``--articles`` (1,000) documents by repeating the documents of the
LexisNexisTools mock exports in ../shared/formats/nexis (each copy gets its own number and
headline, so none is a duplicate): the classic layout as .TXT, the Nexis Uni layout as .DOCX
and as .RTF. For each it prints the time of the Nexis reader alone and of ``load_articles``
(reader + cleaning + language check + ids + schema), and, side by side in the same run, the
time ``load_articles`` takes on the same articles written as one .txt file each (the
loader's plain path), with the ratio. The target is under 5 s for 1,000 articles on 2 cores.

    python benchmarks/nexis_speed.py [--articles 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import warnings
from itertools import pairwise
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FORMATS = Path(os.environ.get("NEWSANALYSIS_SHARED", REPO.parent / "shared")) / "formats" / "nexis"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))  # export_fixtures: the Word and RTF writers of the reader tests


def classic_export(n: int) -> str:
    """The classic sample's documents repeated to ``n``, numbered ``k of n DOCUMENTS``; each
    copy's body starts with its own line, so no two are duplicates."""
    from newsanalysis.load.nexis import _CLASSIC_DOC

    text = (FORMATS / "sample.TXT").read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    marks = list(_CLASSIC_DOC.finditer(text))
    docs = [text[m.end(): marks[i + 1].start() if i + 1 < len(marks) else len(text)]
            for i, m in enumerate(marks)]
    out = [text[: marks[0].start()].replace("Selected Items: 1-10", f"Selected Items: 1-{n}")]
    for k in range(n):
        head, rest = docs[k % len(docs)].split("\nLENGTH:", 1)
        length_line, body = rest.split("\n", 1)
        out.append(f"                               {k + 1} of {n} DOCUMENTS\n"
                   f"{head}\nLENGTH:{length_line}\n\nCopy {k + 1}.\n{body}")
    return "".join(out)


def uni_lines(n: int) -> list[str]:
    """The Nexis Uni sample's paragraphs: its cover and first document, then its other nine
    documents repeated to ``n`` in all, each copy's body starting with its own line."""
    from newsanalysis.load.nexis import export_text

    _, text = export_text(FORMATS / "sample.DOCX", (FORMATS / "sample.DOCX").read_bytes())
    lines = text.split("\n")
    ends = [i for i, line in enumerate(lines) if line.strip() == "End of Document"]
    out = lines[: ends[0] + 1]
    out = [line.replace("Documents (10)", f"Documents ({n})") for line in out]
    docs = [lines[a + 1: b + 1] for a, b in pairwise(ends)]
    for k in range(n - 1):
        doc = list(docs[k % len(docs)])
        doc.insert(doc.index("Body") + 1, f"Copy {k + 2}.")
        out.extend(doc)
    return out


def best_of(repeat: int, fn):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3, help="runs per measure; the best is printed")
    args = ap.parse_args(argv)
    if not (FORMATS / "sample.TXT").exists():
        print(f"skipped: {FORMATS} not found (this benchmark needs ../shared/formats/nexis)")
        return 0

    from export_fixtures import docx_bytes, rtf_text

    from newsanalysis import load_articles
    from newsanalysis.load.nexis import read_nexis

    n = args.articles
    with tempfile.TemporaryDirectory(prefix="nexis-speed-") as tmp:
        tmp = Path(tmp)
        files = {"classic .TXT": tmp / "export.TXT", "Nexis Uni .DOCX": tmp / "export.DOCX",
                 "Nexis Uni .RTF": tmp / "export.RTF"}
        files["classic .TXT"].write_text(classic_export(n), encoding="utf-8")
        lines = uni_lines(n)
        files["Nexis Uni .DOCX"].write_bytes(docx_bytes(lines))
        files["Nexis Uni .RTF"].write_text(rtf_text(lines), encoding="ascii")

        print(f"{n:,} articles per export, best of {args.repeat} runs, {os.cpu_count()} cores")
        print(f"{'export':<18}{'size':>9}{'reader':>9}{'load_articles':>15}{'plain .txt':>12}{'ratio':>8}"
              f"{'articles':>10}")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for label, path in files.items():
                data = path.read_bytes()
                t_read, recs = best_of(args.repeat, lambda p=path, d=data: read_nexis(p, d, []))
                t_load, df = best_of(args.repeat, lambda p=path: load_articles(p))
                plain = tmp / f"plain-{path.suffix[1:]}"
                plain.mkdir()
                for i, row in enumerate(df.itertuples()):
                    (plain / f"{i:05d}.txt").write_text(
                        f"---\ntitle: {row.title!r}\noutlet: {row.outlet!r}\npublished: {row.published}\n---\n"
                        f"{row.text}\n", encoding="utf-8")
                t_plain, _ = best_of(args.repeat, lambda p=plain: load_articles(p))
                print(f"{label:<18}{len(data) / 1e6:>7.1f}MB{t_read:>8.2f}s{t_load:>14.2f}s"
                      f"{t_plain:>11.2f}s{t_load / t_plain:>7.2f}x{len(df):>10,}")
                if len(recs) != n or len(df) != n:
                    print(f"  !! expected {n} articles, the reader gave {len(recs)}, load_articles {len(df)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
