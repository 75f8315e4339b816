"""Your own knowledge on top of the curated lists: reporting verbs, escalation entries and
blockers, actor aliases, read from a folder of yours and validated before anything is parsed.

A knowledge folder holds any of three files, in the formats of the packaged ones in
``newsanalysis/resources/`` (lines starting with ``#`` are comments):

``reporting_verbs.txt``
    ``<lemma> <frames>`` per line, frames among ``clause``, ``object``, ``xcomp`` joined by
    commas (``quip clause``). The verbs are added to the claim rules' cue verbs.
``escalation_lexicon.tsv``
    The columns of ``escalation_lexicon.tsv`` (the header row first). Its entries are added
    to the ladder; an entry whose term is already there replaces the packaged one; a
    ``blocker`` row only stops shorter entries from matching inside it.
``actor_aliases.csv``
    ``alias,name`` and optionally ``kind,country``: the alias resolves to that actor.

Any error names the file, the line and what to write instead. Pass the folder to
:func:`newsanalysis.annotate` (``knowledge=``) or to the command line (``--knowledge``); the
annotation cache keys on the files' contents, so an edited file is parsed again.

Examples
--------
>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "reporting_verbs.txt").write_text("# my cue verbs\\nquip clause\\n")
>>> load_knowledge(folder).reporting_verbs
(('quip', frozenset({'clause'})),)
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from newsanalysis.annotate.ladder import merge_lexicon

__all__ = ["FRAMES", "KNOWLEDGE_FILES", "UserKnowledge", "active", "apply", "load_knowledge", "read_aliases", "using"]

#: The files a knowledge folder may hold, and what each adds.
KNOWLEDGE_FILES = {
    "reporting_verbs.txt": "cue verbs of the claim rules: '<lemma> <frames>'",
    "escalation_lexicon.tsv": "escalation entries and blockers, in the packaged lexicon's columns",
    "actor_aliases.csv": "actor aliases: 'alias,name' and optionally 'kind,country'",
}
#: How a reporting verb takes its content (see ``resources/reporting_verbs.txt``).
FRAMES = frozenset({"clause", "object", "xcomp"})
_KINDS = frozenset({"person", "organization", "country", "media", "group", "place"})


@dataclass(frozen=True)
class UserKnowledge:
    """A validated knowledge folder: its contents, not its paths, so that a worker process
    or a machine without the folder applies the same knowledge."""

    folder: str
    reporting_verbs: tuple[tuple[str, frozenset[str]], ...] = ()
    lexicon: pd.DataFrame | None = None  # the merged ladder (packaged + yours), or None
    aliases: tuple[tuple[str, str, str | None, str | None], ...] = ()
    digest: str = ""

    def __hash__(self) -> int:  # the DataFrame is not hashable; the digest says it all
        return hash(self.digest)

    def __eq__(self, other) -> bool:
        return isinstance(other, UserKnowledge) and other.digest == self.digest


def _lines(path: Path) -> list[tuple[int, str]]:
    """``(line number, text)`` of the non-comment, non-blank lines of a UTF-8 file."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8.") from None
    return [(n, ln.strip()) for n, ln in enumerate(text.splitlines(), 1)
            if ln.strip() and not ln.lstrip().startswith("#")]


def _reporting_verbs(path: Path) -> tuple[tuple[str, frozenset[str]], ...]:
    out = []
    for n, ln in _lines(path):
        parts = ln.split()
        frames = set(parts[1].split(",")) if len(parts) == 2 else set()
        if len(parts) != 2 or not frames <= FRAMES or not parts[0].isalpha():
            raise ValueError(f"{path}:{n}: {ln!r} is not '<lemma> <frames>'. Write one verb lemma and its frames "
                             f"among {', '.join(sorted(FRAMES))}, e.g. 'quip clause' or 'deplore clause,object'.")
        out.append((parts[0].lower(), frozenset(frames)))
    return tuple(out)


def read_aliases(path: str | os.PathLike) -> tuple[tuple[str, str, str | None, str | None], ...]:
    """``(alias, name, kind, country)`` rows of an aliases CSV file, validated line by line."""
    path = Path(path)
    body = _lines(path)
    if not body:
        return ()
    rows = list(csv.reader(io.StringIO("\n".join(ln for _, ln in body))))
    header = [h.strip().lower() for h in rows[0]]
    if header[:2] != ["alias", "name"] or not set(header[2:]) <= {"kind", "country"}:
        raise ValueError(f"{path}:{body[0][0]}: the header must be 'alias,name' and optionally 'kind,country', "
                         f"got {','.join(rows[0])!r}.")
    out = []
    for (n, _), row in zip(body[1:], rows[1:]):
        rec = dict(zip(header, (v.strip() for v in row)))
        if len(row) > len(header) or not rec.get("alias") or not rec.get("name"):
            raise ValueError(f"{path}:{n}: {','.join(row)!r} needs an alias and a name "
                             f"({len(header)} columns: {','.join(header)}).")
        kind = rec.get("kind") or None
        if kind is not None and kind not in _KINDS:
            raise ValueError(f"{path}:{n}: kind {kind!r} is not one of {', '.join(sorted(_KINDS))} (or leave it empty).")
        out.append((rec["alias"], rec["name"], kind, rec.get("country") or None))
    return tuple(out)


def load_knowledge(folder: str | os.PathLike) -> UserKnowledge:
    """Read and validate a knowledge folder (see the module's documentation for its files).

    Raises
    ------
    FileNotFoundError
        The folder does not exist.
    ValueError
        A file the folder should not hold (a misspelt name is not ignored), or the file and
        line of the first invalid entry.
    """
    root = Path(folder).expanduser()
    if not root.is_dir():
        raise FileNotFoundError(f"No knowledge folder {str(root)!r}: pass a folder holding any of "
                                f"{', '.join(KNOWLEDGE_FILES)}.")
    unknown = sorted(p.name for p in root.iterdir() if not p.name.startswith(".") and p.name not in KNOWLEDGE_FILES)
    if unknown:
        raise ValueError(f"{root}: {', '.join(unknown)} is not a knowledge file; the folder may hold "
                         + "; ".join(f"{name} ({what})" for name, what in KNOWLEDGE_FILES.items()) + ".")
    digest = hashlib.sha1()
    for name in KNOWLEDGE_FILES:
        if (root / name).is_file():
            digest.update(name.encode() + b"\0" + (root / name).read_bytes() + b"\0")
    verbs, lexicon, aliases = (), None, ()
    if (root / "reporting_verbs.txt").is_file():
        verbs = _reporting_verbs(root / "reporting_verbs.txt")
    if (root / "escalation_lexicon.tsv").is_file():
        lexicon = merge_lexicon(root / "escalation_lexicon.tsv")
    if (root / "actor_aliases.csv").is_file():
        aliases = read_aliases(root / "actor_aliases.csv")
    return UserKnowledge(str(root), verbs, lexicon, aliases, digest.hexdigest()[:16])


_ACTIVE: UserKnowledge | None = None


def active() -> UserKnowledge | None:
    """The knowledge the extractors of this process apply (None: the packaged lists alone)."""
    return _ACTIVE


@contextlib.contextmanager
def using(knowledge: UserKnowledge | None) -> Iterator[None]:
    """Apply ``knowledge`` in this process for the duration of the block (nested blocks and
    worker processes included), then what was applied before."""
    global _ACTIVE
    before, _ACTIVE = _ACTIVE, knowledge
    try:
        yield
    finally:
        _ACTIVE = before


def apply(knowledge: UserKnowledge | None) -> None:
    """Apply ``knowledge`` for the rest of this process (a worker's first Doc)."""
    global _ACTIVE
    _ACTIVE = knowledge
