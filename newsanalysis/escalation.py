"""Escalation language: a graded lexicon grounded in CAMEO and Goldstein, matched on the parse.

The lexicon (``resources/escalation_lexicon.tsv``) holds lemma-based spaCy patterns, each
placed on a rung of the ladder below, with the CAMEO root code of the event type it reports
and the Goldstein (1992) weight of that root as published in GDELT's CAMEO lookup.
:func:`extract_escalation` finds every entry in a parsed Doc, reads negation, denial and
conditionals off the dependency parse, and attributes a hit to the claim whose content holds
it (so a trend can be split by who speaks).

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

Context
-------
``negated`` is set when the clause carrying the hit is negated or denied: a ``neg``
dependent ("will not escalate", "did not comment on ... deployment"), a ``no`` determiner,
or a denial verb (deny, rule out, avoid, prevent, refrain, renounce). A negated escalatory
hit is *neutralised*: :func:`newsanalysis.trends.escalation_trend` leaves it out of the
counts (the row stays in the table with its evidence). A ``not`` inside the entry itself
("not sit idly by") belongs to the idiom and does not negate it.

``conditional`` is set for hypotheticals: a modal (could, would, might, may, can) on the
governing verb, an ``if``/``unless`` clause on it, a governing "threaten to"/"risk"
("threatens to lead to much more serious consequences"), a hedging noun ("the risk of
escalation", "fears that") or adjective ("potential peace negotiations").
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from .spans import SentenceIndex

__all__ = [
    "CATEGORIES",
    "LADDER",
    "LEXICON_COLUMNS",
    "Ladder",
    "compile_pattern",
    "extract_escalation",
    "get_matcher",
    "lexicon_path",
    "load_lexicon",
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

NEGATION_WORDS = {"not", "n't", "never", "no", "nothing", "neither", "nor", "without"}
DENIAL_VERBS = {"deny", "avoid", "prevent", "refrain", "renounce", "exclude", "avert"}
MODALS = {"could", "would", "might", "may", "can", "should"}
#: "would" under a past speech or thought verb is a backshifted "will", not a hypothetical
#: ("Xi said China would not allow ..."), unless it is a perfect ("would have led").
REPORTING_VERBS = {"say", "tell", "warn", "announce", "state", "add", "declare", "promise",
                   "vow", "insist", "claim", "believe", "think", "expect", "note", "stress",
                   "report", "write", "explain", "reply", "pledge", "assure", "confirm"}
CONDITIONAL_MARKS = {"if", "unless", "whether"}
CONDITIONAL_VERBS = {"threaten", "risk", "fear"}
HEDGE_NOUNS = {"risk", "danger", "possibility", "prospect", "fear", "likelihood", "chance",
               "spectre", "specter", "threat", "scenario"}
HEDGE_ADJECTIVES = {"potential", "possible", "likely", "hypothetical", "eventual", "probable"}


def lexicon_path() -> Path:
    """Path of the lexicon shipped with the package."""
    return Path(str(resources.files("newsanalysis") / "resources" / "escalation_lexicon.tsv"))


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


@functools.lru_cache(maxsize=8)
def _load_lexicon_cached(path: str) -> pd.DataFrame:
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
    df = pd.DataFrame(rows)
    return df.astype({"rung": int, "nuclear": bool, "goldstein": float})


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
    df = _load_lexicon_cached(str(Path(path) if path is not None else lexicon_path()))
    if not include_blockers:
        df = df[df["category"] != BLOCKER]
    return df.reset_index(drop=True).copy()


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


def get_matcher(vocab: Vocab, *, lexicon: str | Path | None = None) -> _CompiledLexicon:
    """The compiled lexicon (keyed Matchers) for ``vocab``, built once and cached per Vocab."""
    path = str(Path(lexicon) if lexicon is not None else lexicon_path())
    key = (id(vocab), path)
    cached = _MATCHERS.get(key)
    if cached is not None and cached[0] is vocab:
        return cached[1]
    lex = _load_lexicon_cached(path)
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


def _find_matches(doc: Doc, compiled: _CompiledLexicon, sents: SentenceIndex) -> set[tuple[int, int, int]]:
    """(match id, start, end) of every pattern in ``doc``, matched sentence by sentence."""
    from spacy.attrs import LEMMA, LOWER

    arr = doc.to_array([LEMMA, LOWER])
    lemma_keys, lower_keys = compiled.lemma_keys, compiled.lower_keys
    wanted: dict[int, set[str]] = {}
    for i, (lem, low) in enumerate(arr.tolist()):
        by_lemma, by_lower = lemma_keys.get(lem), lower_keys.get(low)
        if by_lemma is not None or by_lower is not None:
            groups = wanted.setdefault(sents.of_token(i), set())
            groups.update(g for g in (by_lemma, by_lower) if g is not None)
    found: set[tuple[int, int, int]] = set()
    for sent_idx, groups in wanted.items():
        span = sents.spans[sent_idx]
        for group in sorted(groups):
            for match_id, start, end in compiled.groups[group](span):
                found.add((match_id, span.start + start, span.start + end))
    return found


# --- context ----------------------------------------------------------------------------------

def _has_if_clause(tok: Token) -> bool:
    for child in tok.children:
        if child.dep_ == "advcl" and any(
            g.dep_ == "mark" and g.lower_ in CONDITIONAL_MARKS for g in child.children
        ):
            return True
    return False


def _backshifted(verb: Token) -> bool:
    perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)
    head = verb
    while head.dep_ == "conj" and head.head is not head:
        head = head.head
    return (not perfect and head.dep_ == "ccomp"
            and head.head.lemma_.lower() in REPORTING_VERBS)


def _clause_flags(tok: Token, inside: range) -> tuple[bool, bool]:
    """(negated, conditional) read off the dependents of one token on the path."""
    negated = conditional = False
    for child in tok.children:
        if child.i in inside:
            continue
        if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no"):
            negated = True
        elif child.dep_ in ("aux", "auxpass") and child.lower_ in MODALS:
            if not (child.lower_ == "would" and _backshifted(tok)):
                conditional = True
        elif (child.dep_ == "mark" and child.lower_ in CONDITIONAL_MARKS) or (
            child.dep_ == "amod" and child.lemma_.lower() in HEDGE_ADJECTIVES
        ):
            conditional = True
    if tok.pos_ in ("VERB", "AUX") and _has_if_clause(tok):
        conditional = True
    if tok.i not in inside:
        lemma = tok.lemma_.lower()
        if lemma in DENIAL_VERBS or (lemma == "rule" and any(c.lower_ == "out" for c in tok.children)):
            negated = True
    return negated, conditional


def hit_context(span: Span) -> tuple[bool, bool]:
    """(negated, conditional) for a hit, from the dependency parse around it.

    The walk starts at the span's syntactic root and climbs its heads to the first verb
    (clause head); it continues one step past an infinitival or open complement ("not allow
    conflict and turmoil to happen", "threatens to lead to ...") and into the head of a
    coordinated verb that shares its auxiliaries ("could prolong and escalate").
    """
    inside = range(span.start, span.end)
    negated = conditional = False
    tok = span.root
    for _ in range(12):
        n, c = _clause_flags(tok, inside)
        negated |= n
        conditional |= c
        if tok.i not in inside and tok.pos_ == "NOUN" and tok.lemma_.lower() in HEDGE_NOUNS:
            conditional = True
        if tok.pos_ in ("VERB", "AUX") or tok.dep_ == "ROOT":
            head = tok.head
            own_aux = any(c.dep_ in ("aux", "auxpass", "neg") for c in tok.children)
            if head is not tok and (
                tok.dep_ == "xcomp"
                or (tok.dep_ == "conj" and not own_aux)
                or (tok.dep_ in ("ccomp", "advcl") and any(
                    c.dep_ == "aux" and c.lower_ == "to" for c in tok.children))
            ):
                n, c = _clause_flags(head, inside)
                negated |= n
                conditional |= c or head.lemma_.lower() in CONDITIONAL_VERBS
            elif head is not tok and tok.dep_ == "ccomp" and head.lemma_.lower() == "fear":
                conditional = True
            break
        if tok.head is tok:
            break
        tok = tok.head
    return negated, conditional


# --- extraction -------------------------------------------------------------------------------

def _claim_for(start: int, end: int, claims: list[dict]) -> dict | None:
    best = None
    for claim in claims:
        cs, ce = claim.get("content_start"), claim.get("content_end")
        if cs is None or ce is None or pd.isna(cs) or pd.isna(ce):
            continue
        inside = int(cs) <= start and end <= int(ce)
        if inside and (best is None or int(ce) - int(cs) < best[1] - best[0]):
            best = (int(cs), int(ce), claim)
    return best[2] if best else None


def extract_escalation(
    doc: Doc, article_id: str, claims: list[dict], *, sents: SentenceIndex | None = None
) -> list[dict]:
    """One dict per escalation-language hit in ``doc`` (EscalationSchema columns).

    Overlapping matches are resolved longest first (on a tie: a blocker, then the higher rung,
    then the earlier), so "serious escalation" wins over "escalation" and "World War II" (a
    blocker) hides "war". Matching stays within a sentence.

    Parameters
    ----------
    doc
        A Doc parsed by the trained pipeline (lemmas, parts of speech and dependencies).
    article_id
        Written into every row.
    claims
        Claim dicts of the same Doc (``claim_id``, ``content_start``, ``content_end``,
        ``speaker_actor_id``, ...). A hit inside a claim's content gets that ``claim_id``
        and ``speaker_actor_id`` (the innermost claim when they nest).
    sents
        The Doc's :class:`~newsanalysis.spans.SentenceIndex`, when the caller has it.

    Returns
    -------
    list of dict
        article_id, sent_idx, start, end, term, category, rung, cameo, goldstein, polarity,
        negated, conditional, claim_id, speaker_actor_id, nuclear; sorted by start.

    Examples
    --------
    >>> from newsanalysis.nlp import load_nlp
    >>> doc = load_nlp()("Such strikes could be a red line.")
    >>> [(h["term"], h["rung"], h["conditional"]) for h in extract_escalation(doc, "a1", [])]
    [('red line', 3, True)]
    """
    if len(doc) == 0:
        return []
    compiled = get_matcher(doc.vocab)
    sents = sents if sents is not None else SentenceIndex(doc)
    matches = _find_matches(doc, compiled, sents)
    if not matches:
        return []
    candidates = []
    for key, start, end in matches:
        idx = compiled.key_index[key]
        entry = compiled.entries[idx]
        if entry["category"] != BLOCKER:  # trim punctuation and possessive markers at the edges
            while end - start > 1 and doc[end - 1].is_punct:
                end -= 1
            while end - start > 1 and (doc[start].is_punct or doc[start].dep_ == "case"):
                start += 1
        blocker = entry["category"] == BLOCKER
        candidates.append((-(end - start), not blocker, -entry["rung"], start, idx, end))
    candidates.sort()  # longest first; on a tie a blocker, then the higher rung, then the earlier
    taken = [False] * len(doc)
    chosen = []
    for _neg_len, _not_blocker, _neg_rung, start, idx, end in candidates:
        if any(taken[start:end]):
            continue
        for i in range(start, end):
            taken[i] = True
        chosen.append((start, end, idx))
    chosen.sort()
    rows = []
    for start, end, idx in chosen:
        entry = compiled.entries[idx]
        if entry["category"] == BLOCKER:
            continue
        span = doc[start:end]
        negated, conditional = hit_context(span)
        claim = _claim_for(span.start_char, span.end_char, claims or [])
        rows.append({
            "article_id": article_id,
            "sent_idx": sents.of_token(start),
            "start": span.start_char,
            "end": span.end_char,
            "term": entry["term"],
            "category": entry["category"],
            "rung": int(entry["rung"]),
            "cameo": entry["cameo"],
            "goldstein": float(entry["goldstein"]),
            "polarity": entry["polarity"],
            "negated": bool(negated),
            "conditional": bool(conditional),
            "claim_id": claim.get("claim_id") if claim else None,
            "speaker_actor_id": claim.get("speaker_actor_id") if claim else None,
            "nuclear": bool(entry["nuclear"]),
        })
    return rows
