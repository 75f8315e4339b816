"""The escalation ladder and its lexicon: rungs, CAMEO roots, Goldstein weights, patterns.

The lexicon (``resources/escalation_lexicon.tsv``) holds lemma-based spaCy patterns, each
placed on a rung of the ladder below, with the CAMEO root code of the event type it reports
and the Goldstein (1992) weight of that root as published in GDELT's CAMEO lookup.
:func:`load_lexicon` reads and validates it; :func:`get_matcher` compiles it into keyed
spaCy Matchers that :mod:`newsanalysis.annotate.escalation` runs over each parsed Doc.

The ladder
----------
===== ============================== ==================== ====================================
rung  category                       CAMEO roots           meaning
===== ============================== ==================== ====================================
0     diplomacy/de-escalation        03 04 05 07 08        talks, ceasefires, withdrawals, arms
                                                           control: language that lowers the
                                                           temperature (polarity de-escalatory)
1     condemnation/warning           10 11 12              condemning, accusing, demanding,
                                                           rejecting, "deep concern", tensions
2     sanctions/coercion             16 17                 sanctions, asset freezes, embargoes,
                                                           expulsions, economic coercion, cyber
3     threat of force                13                    "red line", "serious consequences",
                                                           ultimatums, promised retaliation
4     force posture/mobilisation     15 (07)               deployments, mobilisation, drills,
                                                           war preparations, weapons systems,
                                                           arms supplies and military aid
5     conventional attack            18 19 (20)            war, invasion, strikes, shelling,
                                                           offensives, occupation, atrocities,
                                                           chemical weapons
6     expansion/internationalisation 19                    escalation named as such, a war
                                                           spreading to new parties or places,
                                                           "dangerous expansion", world war
7     nuclear signalling             13 15                 nuclear doctrine, forces, tests,
                                                           threats and alerts
8     nuclear use                    20                    nuclear war, nuclear strikes, use of
                                                           nuclear weapons
===== ============================== ==================== ====================================

Where the ladder departs from Goldstein, deliberately:

* **nuclear signalling above every conventional act.** Goldstein scores a threat (13, -6.0)
  or a show of force (15, -7.2) as milder than fighting (19, -10.0), and every threat the
  same whether it is a blockade or a nuclear threat. Here nuclear signalling is rung 7, above
  attacks (5) and widening (6); only nuclear use (8) is higher.
* **arms transfers and military aid are escalatory force posture (rung 4)**, though CAMEO
  codes them 07 "provide aid" (+7.0): the lexicon keeps the honest CAMEO code and Goldstein
  value, and only the rung says what the words do to a war.
* **sanctions (rung 2; 16, -4.0) sit above demands (rung 1; 10, -5.0)**: material coercion
  ranks above words.
* **mass killing and chemical weapons (CAMEO 20) stay on rung 5**, below nuclear rungs.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from spacy.matcher import Matcher
from spacy.vocab import Vocab

from newsanalysis.resources import path as resource_path
from newsanalysis.resources import read_lines

__all__ = [
    "BLOCKER",
    "CATEGORIES",
    "LADDER",
    "LEXICON_COLUMNS",
    "POLARITIES",
    "Ladder",
    "compile_pattern",
    "get_matcher",
    "lexicon_path",
    "load_cues",
    "load_lexicon",
    "merge_lexicon",
]


@dataclass(frozen=True)
class Ladder:
    """One rung of the escalation ladder."""

    rung: int
    category: str
    cameo_roots: tuple[str, ...]
    meaning: str


#: The ladder, bottom to top (see the module docstring).
LADDER: tuple[Ladder, ...] = (
    Ladder(0, "diplomacy/de-escalation", ("03", "04", "05", "07", "08"),
           "talks, ceasefires, withdrawals, arms control"),
    Ladder(1, "condemnation/warning", ("10", "11", "12"),
           "condemning, accusing, demanding, rejecting"),
    Ladder(2, "sanctions/coercion", ("16", "17"), "sanctions, freezes, expulsions, coercion"),
    Ladder(3, "threat of force", ("13",), "red lines, serious consequences, retaliation"),
    Ladder(4, "force posture/mobilisation", ("15", "07"),
           "deployments, mobilisation, drills, arms supplies"),
    Ladder(5, "conventional attack", ("18", "19", "20"), "war, strikes, shelling, occupation"),
    Ladder(6, "expansion/internationalisation", ("19",),
           "escalation named as such, a war drawing in new parties"),
    Ladder(7, "nuclear signalling", ("13", "15"), "nuclear doctrine, forces, tests, threats"),
    Ladder(8, "nuclear use", ("20",), "nuclear war, nuclear strikes"),
)
#: category -> rung
CATEGORIES: dict[str, int] = {step.category: step.rung for step in LADDER}
BLOCKER = "blocker"
LEXICON_COLUMNS = ("term", "pattern", "category", "rung", "cameo", "goldstein", "polarity",
                   "nuclear", "note")
POLARITIES = ("escalatory", "de-escalatory")
#: The roles of ``resources/escalation_cues.tsv`` (its header says what each does).
CUE_ROLES = ("negation", "negation_limiter", "quantity_noun", "report_noun", "denial_verb", "failure_verb", "conditional_mark",
             "conditional_verb", "conditional_noun", "conditional_adjective", "conditional_phrase",
             "desire_verb", "inception_verb", "occurrence_verb", "occurrence_adjective", "call_verb", "proposal_verb", "call_noun", "call_adjective", "naming_verb",
             "warning_verb", "perception_verb", "topic_verb", "topic_preposition", "time_noun", "conflict_noun", "recency_adjective", "presupposing_noun", "accusation_noun", "act_noun", "agent_noun", "definition_verb",
             "definition_noun", "past_marker", "related_link", "generic_entry", "conflict_word",
             "international_body")


def lexicon_path() -> Path:
    """Path of the lexicon shipped with the package."""
    return resource_path("escalation_lexicon.tsv")


def _read_rows(path: Path) -> list[tuple[int, dict]]:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    body = [(n, line) for n, line in enumerate(lines, 1) if line.strip() and not line.startswith("#")]
    if not body:
        raise ValueError(f"{path}: no header row")
    reader = csv.reader(io.StringIO("\n".join(line for _, line in body)), delimiter="\t",
                        quoting=csv.QUOTE_NONE)
    rows = list(reader)
    header = rows[0]
    if tuple(header) != LEXICON_COLUMNS:
        raise ValueError(f"{path}: header must be {LEXICON_COLUMNS}, got {tuple(header)}")
    out = []
    for (lineno, _), row in zip(body[1:], rows[1:]):
        if len(row) != len(header):
            raise ValueError(f"{path}:{lineno}: {len(row)} fields, expected {len(header)}")
        out.append((lineno, dict(zip(header, row))))
    return out


def _stamp(path: str | Path) -> tuple[str, int, int]:
    """A lexicon file's cache key: an edited file is read again."""
    st = os.stat(path)
    return str(path), st.st_mtime_ns, st.st_size


@functools.cache
def _packaged_stamp() -> tuple[str, int, int]:
    """The packaged lexicon's key, taken once per process (as the code is): get_matcher runs
    for every Doc."""
    return _stamp(lexicon_path())


@functools.lru_cache(maxsize=8)
def _load_lexicon_cached(stamp: tuple[str, int, int]) -> pd.DataFrame:
    path = stamp[0]
    rows = []
    goldstein_of: dict[str, tuple[float, int]] = {}
    seen_terms: set[str] = set()
    for lineno, row in _read_rows(Path(path)):
        where = f"{path}:{lineno} ({row['term']!r})"
        term = row["term"].strip()
        if not term:
            raise ValueError(f"{where}: empty term")
        if term in seen_terms:
            raise ValueError(f"{where}: duplicate term")
        seen_terms.add(term)
        pattern = row["pattern"].strip() or term
        try:
            compile_pattern(pattern)
        except ValueError as exc:
            raise ValueError(f"{where}: bad pattern: {exc}") from None
        category = row["category"].strip()
        if category == BLOCKER:
            rows.append({"term": term, "pattern": pattern, "category": BLOCKER, "rung": -1,
                         "cameo": "", "goldstein": float("nan"), "polarity": BLOCKER,
                         "nuclear": False, "note": row["note"], "line": lineno})
            continue
        if category not in CATEGORIES:
            raise ValueError(f"{where}: unknown category {category!r}")
        try:
            rung = int(row["rung"])
            goldstein = float(row["goldstein"])
        except ValueError:
            raise ValueError(f"{where}: rung must be an integer and goldstein a number") from None
        if rung != CATEGORIES[category]:
            raise ValueError(f"{where}: category {category!r} sits on rung {CATEGORIES[category]}")
        cameo = row["cameo"].strip()
        roots = LADDER[rung].cameo_roots
        if cameo not in roots:
            raise ValueError(f"{where}: CAMEO root {cameo!r} not among {roots} for rung {rung}")
        if not -10.0 <= goldstein <= 10.0:
            raise ValueError(f"{where}: goldstein {goldstein} outside [-10, 10]")
        if cameo in goldstein_of and goldstein_of[cameo][0] != goldstein:
            raise ValueError(f"{where}: goldstein {goldstein} for CAMEO {cameo} differs from "
                             f"{goldstein_of[cameo][0]} on line {goldstein_of[cameo][1]}")
        goldstein_of.setdefault(cameo, (goldstein, lineno))
        polarity = row["polarity"].strip()
        if polarity not in POLARITIES:
            raise ValueError(f"{where}: polarity must be one of {POLARITIES}")
        if (polarity == "de-escalatory") != (rung == 0):
            raise ValueError(f"{where}: rung 0 and only rung 0 is de-escalatory")
        nuclear = row["nuclear"].strip().lower()
        if nuclear not in ("true", "false"):
            raise ValueError(f"{where}: nuclear must be true or false")
        if rung >= 7 and nuclear != "true":
            raise ValueError(f"{where}: nuclear rungs need nuclear=true")
        rows.append({"term": term, "pattern": pattern, "category": category, "rung": rung,
                     "cameo": cameo, "goldstein": goldstein, "polarity": polarity,
                     "nuclear": nuclear == "true", "note": row["note"], "line": lineno})
    df = pd.DataFrame(rows, columns=["term", "pattern", "category", "rung", "cameo", "goldstein", "polarity",
                                     "nuclear", "note", "line"])
    return df.astype({"rung": int, "nuclear": bool, "goldstein": float})


def merge_lexicon(path: str | Path) -> pd.DataFrame:
    """The packaged lexicon with the entries of a user's file (same columns) on top: an entry
    whose term is packaged replaces it, the others are added, blockers included.

    Raises
    ------
    ValueError
        Naming the user's file and line of the first invalid entry, including a Goldstein
        value that differs from the packaged one of its CAMEO code.
    """
    user = _load_lexicon_cached(_stamp(path)).assign(source=str(path))
    packaged = _load_lexicon_cached(_stamp(lexicon_path()))
    kept = packaged[~packaged["term"].isin(set(user["term"]))].assign(source="")
    merged = pd.concat([kept, user], ignore_index=True)
    scored = merged[merged["category"] != BLOCKER]
    for cameo, group in scored.groupby("cameo"):
        if group["goldstein"].nunique() > 1:
            row = group[group["source"] != ""].iloc[0]
            others = sorted(set(group["goldstein"]) - {row["goldstein"]})
            raise ValueError(f"{path}:{row['line']} ({row['term']!r}): goldstein {row['goldstein']} for CAMEO "
                             f"{cameo} differs from the lexicon's {others[0]}; one CAMEO code has one value.")
    merged.attrs["key"] = f"{lexicon_path()}+{path}:{hashlib.sha1(Path(path).read_bytes()).hexdigest()}"
    return merged.drop(columns="source")


def load_lexicon(path: str | Path | None = None, *, include_blockers: bool = False) -> pd.DataFrame:
    """Read and validate the escalation lexicon.

    Parameters
    ----------
    path
        A lexicon file in the shipped format; the packaged one by default.
    include_blockers
        Also return the ``blocker`` rows (patterns that only stop shorter entries from
        matching inside them, such as "World War II").

    Returns
    -------
    pandas.DataFrame
        One row per entry: term, pattern, category, rung, cameo, goldstein, polarity,
        nuclear, note, line (line number in the file).

    Raises
    ------
    ValueError
        Naming the file and line of the first invalid entry (unknown category, rung not the
        category's, CAMEO root not on that rung, Goldstein value differing between entries
        of one CAMEO code, bad pattern, duplicate term, ...).

    Examples
    --------
    >>> lex = load_lexicon()
    >>> len(lex) >= 200
    True
    >>> row = lex.set_index("term").loc["red line"]
    >>> int(row["rung"]), row["cameo"], float(row["goldstein"])
    (3, '13', -6.0)
    """
    df = _load_lexicon_cached(_stamp(path if path is not None else lexicon_path()))
    if not include_blockers:
        df = df[df["category"] != BLOCKER]
    return df.reset_index(drop=True).copy()


@functools.lru_cache(maxsize=1)
def load_cues() -> dict[str, frozenset[str]]:
    """The context cues of ``resources/escalation_cues.tsv``: role -> cues (lower-case lemmas;
    a multiword cue is one string with single spaces).

    Raises
    ------
    ValueError
        On a role that is not one of :data:`CUE_ROLES` or an empty cue.

    Examples
    --------
    >>> "prevent" in load_cues()["denial_verb"]
    True
    """
    out: dict[str, set[str]] = {role: set() for role in CUE_ROLES}
    _header, *rows = read_lines("escalation_cues.tsv")  # notes hold quotes: no csv quoting
    for line in rows:
        fields = line.split("\t")
        cue, role = (" ".join(fields[0].lower().split()), fields[1].strip()) if len(fields) == 3 else ("", "")
        if role not in out or not cue:
            raise ValueError(f"escalation_cues.tsv: bad row {line!r} (cue, role, note; role one of "
                             f"{CUE_ROLES})")
        out[role].add(cue)
    return {role: frozenset(cues) for role, cues in out.items()}


# --- patterns ---------------------------------------------------------------------------------

def _variants(word: str) -> list[str]:
    """Case variants of a lemma, plus plural forms for proper-noun lemmas ("Red Lines")."""
    out = set()
    for w in (word, word + "s", word + "es"):
        out.update({w, w.lower(), w.capitalize(), w.upper(), w.title()})
    return sorted(out)


def compile_pattern(pattern: str) -> list[dict]:
    """Turn the lexicon's pattern notation into a spaCy Matcher pattern.

    Notation (space-separated token specs): ``word`` (lemma, case-insensitive), ``a|b``
    (alternatives), ``word?`` (optional), ``word/NOUN`` (part of speech), ``@GPE|NORP``
    (entity type), ``=form`` (lower-cased text instead of lemma), ``*N`` (0 to N arbitrary
    tokens), ``-`` (the hyphen token).

    Examples
    --------
    >>> compile_pattern("red line")[1]["LEMMA"]["IN"][:3]
    ['LINE', 'LINEES', 'LINES']
    >>> compile_pattern("strike/NOUN *2 into")[1]
    {'OP': '{0,2}'}
    """
    specs = pattern.split()
    if not specs:
        raise ValueError("empty pattern")
    out: list[dict] = []
    for spec in specs:
        if spec.startswith("*"):
            n = spec[1:]
            if not n.isdigit() or not 0 < int(n) <= 8:
                raise ValueError(f"gap {spec!r} must be *1 .. *8")
            out.append({"OP": f"{{0,{int(n)}}}"})
            continue
        optional = len(spec) > 1 and spec.endswith("?")
        if optional:
            spec = spec[:-1]
        pos = None
        if "/" in spec and len(spec) > 1:
            spec, pos = spec.split("/", 1)
            if not pos or not pos.replace("|", "").isalpha() or not pos.isupper():
                raise ValueError(f"bad part of speech in {spec}/{pos}")
        if "@" in spec[1:] or "=" in spec[1:]:
            raise ValueError(f"{spec!r}: '@' and '=' only at the start of a token spec")
        if spec.startswith("@"):
            labels = spec[1:].split("|")
            if not all(lab.isupper() for lab in labels):
                raise ValueError(f"bad entity type in {spec!r}")
            tok: dict = {"ENT_TYPE": {"IN": labels}}
        elif spec.startswith("=") and len(spec) > 1:
            tok = {"LOWER": {"IN": spec[1:].lower().split("|")}}
        else:
            alts = spec.split("|")
            if any(not a for a in alts):
                raise ValueError(f"empty alternative in {spec!r}")
            tok = {"LEMMA": {"IN": sorted({v for a in alts for v in _variants(a)})}}
        if pos:
            tok["POS"] = {"IN": pos.split("|")}
        if optional:
            tok["OP"] = "?"
        out.append(tok)
    if all(t.get("OP") for t in out):
        raise ValueError("a pattern needs at least one required token")
    if out[0].get("OP") and "LEMMA" not in out[0] and "LOWER" not in out[0] and "ENT_TYPE" not in out[0]:
        raise ValueError("a pattern may not start with a gap")
    return out


#: Words never chosen as the key token of a pattern (too frequent to narrow the search).
_WEAK_KEYS = {"the", "of", "a", "an", "in", "on", "to", "be", "and", "with", "into", "against",
              "at", "by", "for", "have", "not", "-", "'s", "’s", "all", "new", "military"}


@dataclass
class _CompiledLexicon:
    """The lexicon's patterns, split into small Matchers keyed by one required word each.

    spaCy's Matcher tries every pattern at every token; with ~330 patterns that costs about a
    third of the parse. Each pattern is therefore filed under its most specific required word
    (its *key*), and a sentence is matched only against the Matchers of the keys it contains.
    The matches are exactly those of one Matcher over the sentence.
    """

    entries: list[dict]                      # by entry index
    key_index: dict[int, int]                # match id -> entry index
    groups: dict[str, Matcher]               # key word -> Matcher of the patterns filed there
    lemma_keys: dict[int, str]               # hash of a lemma variant -> key word
    lower_keys: dict[int, str]               # hash of a lower-case form -> key word


_MATCHERS: dict[tuple[int, str], tuple[Vocab, _CompiledLexicon]] = {}


def _key_words(pattern: list[dict]) -> tuple[str, list[str]]:
    """('LEMMA' or 'LOWER', base words) of the required token that best narrows the search."""
    best = None
    for tok in pattern:
        if tok.get("OP"):
            continue
        for attr in ("LEMMA", "LOWER"):
            if attr in tok:
                words = sorted({w.lower() for w in tok[attr]["IN"]})
                if attr == "LEMMA":  # drop the generated case and plural variants
                    words = sorted({w for w in words if not any(
                        w == b + suf and b in words for b in words for suf in ("s", "es") if b != w)})
                weak = all(w in _WEAK_KEYS for w in words)
                score = (weak, len(words))
                if best is None or score < best[0]:
                    best = (score, attr, words)
    if best is None:
        raise ValueError("pattern has no required word to key it by")
    return best[1], best[2]


def get_matcher(vocab: Vocab, *, lexicon: str | Path | pd.DataFrame | None = None) -> _CompiledLexicon:
    """The compiled lexicon (keyed Matchers) for ``vocab``, built once and cached per Vocab:
    the packaged lexicon, another file, or a table from :func:`merge_lexicon`."""
    if isinstance(lexicon, pd.DataFrame):
        name, lex = lexicon.attrs["key"], lexicon
    else:
        stamp = _stamp(lexicon) if lexicon is not None else _packaged_stamp()
        name, lex = repr(stamp), None
    key = (id(vocab), name)
    cached = _MATCHERS.get(key)
    if cached is not None and cached[0] is vocab:
        return cached[1]
    lex = lex if lex is not None else _load_lexicon_cached(stamp)
    entries: list[dict] = []
    key_index: dict[int, int] = {}
    groups: dict[str, Matcher] = {}
    lemma_keys: dict[int, str] = {}
    lower_keys: dict[int, str] = {}
    for i, row in enumerate(lex.to_dict("records")):
        name = f"esc{i}"
        pattern = compile_pattern(row["pattern"])
        attr, words = _key_words(pattern)
        for word in words:
            group = f"{attr}:{word}"
            if group not in groups:
                groups[group] = Matcher(vocab, validate=False)
                if attr == "LEMMA":
                    for v in _variants(word):
                        lemma_keys[vocab.strings.add(v)] = group
                else:
                    lower_keys[vocab.strings.add(word)] = group
            groups[group].add(name, [pattern])
        key_index[vocab.strings[name]] = i
        entries.append(row)
    compiled = _CompiledLexicon(entries, key_index, groups, lemma_keys, lower_keys)
    _MATCHERS[key] = (vocab, compiled)
    return compiled
